"""One writer per project: an advisory lock on ``PROJECT.lock`` beside the file.

The lock is an OS file lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows),
so the kernel drops it when its process ends, crash and SIGKILL included: a
lock left behind by a crashed Annotator is never in the way and needs no
cleaning up. The file's text (who, where, since when) only serves the message;
it is never trusted as the lock itself. The file is left in place on release:
deleting it would let two processes lock two different files of the same name.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from annotator import __version__
from annotator.core.errors import ProjectLockedError, ReadOnlyProjectError


def lock_path(project: Path) -> Path:
    return project.with_name(project.name + ".lock")


class ProjectLock:
    def __init__(self, project: Path) -> None:
        self.project = project
        # Every name of one file is one writer: a symlink's lock is its target's, and
        # the file itself is locked too (a hard link has no other way to tell).
        self.path = lock_path(Path(os.path.realpath(project)))
        self._handle: IO[bytes] | None = None
        self._file: int | None = None  # a descriptor of the project file, flocked

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> None:
        """Take the lock or raise ProjectLockedError naming who holds it."""
        try:
            handle = self.path.open("a+b", buffering=0)  # unbuffered: nothing left to flush
        except OSError as exc:
            raise ReadOnlyProjectError(
                f"{self.project}: cannot write in its folder ({exc.strerror}); "
                "open it read-only, or copy it somewhere writable"
            ) from None
        if not _try_lock(handle):
            handle.seek(0)
            holder = _describe(handle.read().decode("utf-8", "replace"))
            handle.close()
            raise ProjectLockedError(
                f"{self.project}: already open in another Annotator ({holder}); "
                "close it there, or open this one read-only",
                holder,
            )
        note = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now().isoformat(timespec="seconds"),
            "program": f"annotator {__version__}",
        }
        try:  # the note only names the holder: a full disk must not stop the open
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(note).encode("utf-8"))
        except OSError:
            pass
        self._handle = handle
        try:
            self.lock_file()
        except ProjectLockedError:
            self.release()
            raise

    def lock_file(self) -> None:
        """Lock the project file itself (once it exists), whatever name it was opened by.

        flock, not fcntl: SQLite's own locks are fcntl locks, which flock leaves alone.
        The descriptor stays open until :meth:`release`, after the database is closed,
        because closing any descriptor of a file drops the process's fcntl locks on it.
        Not on Windows, where SQLite's byte-range locks would collide with it.
        """
        if self._file is not None or sys.platform == "win32" or not self.project.exists():
            return
        try:
            descriptor = os.open(self.project, os.O_RDONLY)
        except OSError:
            return  # unreadable: opening the database says why
        if not _try_lock_descriptor(descriptor):
            os.close(descriptor)
            raise ProjectLockedError(
                f"{self.project}: already open in another Annotator under another name "
                "of the same file (a hard link); close it there, or open this one read-only",
                "another name of the same file",
            )
        self._file = descriptor

    def release(self) -> None:
        descriptor, self._file = self._file, None
        if descriptor is not None:
            os.close(descriptor)  # the flock goes with it
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
        except OSError:
            pass  # the lock goes with the handle anyway
        _unlock(handle)
        handle.close()


def _describe(text: str) -> str:
    try:
        info: Any = json.loads(text)
        return f"process {info['pid']} on {info['host']}, since {info['since']}"
    except (ValueError, KeyError, TypeError):
        return "another process"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

    def _try_lock_descriptor(descriptor: int) -> bool:
        return True  # not called: lock_file() does nothing on Windows

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _try_lock_descriptor(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


@contextlib.contextmanager
def holding(project: Path) -> Iterator[ProjectLock]:
    """Hold the project's lock for a block (restore, for example); raises if it is taken."""
    lock = ProjectLock(project)
    lock.acquire()
    try:
        yield lock
    finally:
        lock.release()
