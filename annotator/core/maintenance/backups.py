"""Rotating automatic backups of a project file, and restoring one.

Where: ``<data dir>/backups/<stem>-<hash of the absolute path>/`` (or under the
``[backups] folder`` setting), so two projects called ``news.annot`` never mix.
Files are named ``YYYYMMDD-HHMMSS-<reason>.annot`` in UTC (names sort in time order
whatever the time zone or daylight saving); a second backup within the same second
gets ``-2``, ``-3``... A ``backups.json`` manifest beside them records the project's
path and, per backup, the source fingerprint, a content digest and the document count.

How: SQLite's online backup API, from a read-only connection that holds one read
transaction for the whole copy. In WAL mode that snapshot does not block the window's
writes, and it keeps the copy consistent: without it the backup API restarts from the
first page whenever another connection commits, and never ends under steady writing.
The copy is made in steps (progress, cancel), switched to a rollback journal so it is
one self-contained file, checked (``integrity_check``, application id), fsynced and
only then renamed into place. The project file itself is never written (a read-only
reader may leave an empty ``-wal``/``-shm`` beside it, which SQLite needs and which the
next writer removes; in a read-only folder, with no ``-wal``, the file is read as
immutable instead).

Skipping unchanged projects: before copying, the (inode, size, mtime, ctime) of the
file and of its ``-wal`` are taken; if they equal the ones recorded for the newest
backup, nothing was written since it was made and no page is read. Every commit
changes the ``-wal``'s mtime or size, so this is exact, except when a timestamp is
within a couple of seconds of "now": a later write could then leave it unchanged (file
times are coarse), so such a fingerprint is not recorded (git's "racily clean" rule).
Otherwise the copy is made and a digest of its pages compared with the newest
backup's: a checkpoint, or opening and closing without editing, changes the files but
not the pages, so it does not push an older backup out of the rotation.

Restoring never leaves the project's old ``-wal`` beside the restored file: SQLite
would apply it to a database it does not belong to.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError, DamagedProjectError, ProjectError, no_progress
from annotator.core.maintenance import integrity
from annotator.core.services import paths
from annotator.core.services.settings import Settings
from annotator.core.services.settings import load as load_settings
from annotator.core.store.database import inspect_header
from annotator.core.store.migrations import APPLICATION_ID, SCHEMA_VERSION

# Pages copied per step: 4 MiB with SQLite's default page size; only the progress
# granularity depends on it, since the read snapshot is held across steps.
STEP_PAGES = 1024
MANIFEST = "backups.json"
# Timestamps closer to "now" than this may not change on a later write.
RACY_SECONDS = 3

_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^([0-9]{8}-[0-9]{6})-([a-z]+(?:-[a-z]+)*)(?:-([0-9]{1,9}))?\.annot$")
_REASON = re.compile(r"^[a-z]+(?:-[a-z]+)*$")

Progress = Callable[[int, int], None]
LockHook = Callable[[Path], AbstractContextManager[object]]


class BackupError(AnnotatorError):
    """No backup to restore, a damaged or foreign backup, or a backup that cannot be written."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    time: datetime  # UTC, timezone-aware
    reason: str  # "open", "before-restore"...
    size: int  # bytes
    documents: int | None  # None when the manifest does not know


@dataclass(frozen=True, slots=True)
class Restored:
    backup: Path  # the backup that is now the project
    previous: Path | None  # the backup holding the state just before the restore
    damaged: Path | None  # where an unreadable project file was moved aside


class _DamagedError(Exception):
    """The file being copied is damaged (the message says how)."""


# -- where -------------------------------------------------------------------------
def backup_folder(project_path: Path, settings: Settings | None = None) -> Path:
    """This project's backup folder (it may not exist yet)."""
    settings = settings if settings is not None else load_settings()
    source = project_path.resolve()
    base = settings.backups.folder_path or paths.data_dir() / "backups"
    digest = hashlib.sha256(str(source).encode("utf-8")).hexdigest()[:12]
    return base / f"{source.stem}-{digest}"


def list_backups(project_path: Path, settings: Settings | None = None) -> list[BackupInfo]:
    """This project's backups, newest first."""
    folder = backup_folder(project_path, settings)
    manifest = _Manifest.read(folder)
    found = []
    for path in _scan(folder):
        with suppress(FileNotFoundError):  # rotated away by another process meanwhile
            found.append(_info(path, manifest))
    return found


def _scan(folder: Path) -> list[Path]:
    """Backup files, newest first (by name: time, then the same-second counter)."""
    found = []
    try:
        entries = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    for path in entries:
        match = _NAME.match(path.name)
        if match and path.is_file():
            found.append(((match.group(1), int(match.group(3) or 1)), path))
    return [path for _key, path in sorted(found, reverse=True)]


def _info(path: Path, manifest: _Manifest) -> BackupInfo:
    match = _NAME.match(path.name)
    assert match is not None
    moment = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
    documents = manifest.entry(path.name).get("documents")
    return BackupInfo(
        path=path,
        time=moment,
        reason=match.group(2),
        size=path.stat().st_size,
        documents=documents if isinstance(documents, int) else None,
    )


# -- making ------------------------------------------------------------------------
def make_backup(
    project_path: Path,
    settings: Settings | None = None,
    reason: str = "open",
    progress: Progress = no_progress,
) -> Path | None:
    """Back up the project unless backups are off or the newest backup is identical.

    Returns the new backup, or None when skipped. Raises ProjectError when the project
    is not readable or is damaged (it is then not backed up), BackupError when the
    backup cannot be written, Cancelled when ``progress`` raises it. Works while
    another connection writes to the project, and on a read-only folder.
    """
    settings = settings if settings is not None else load_settings()
    if settings.backups.keep == 0:
        return None
    path, new = _make(project_path, settings, reason, progress, keep=settings.backups.keep)
    return path if new else None


def _make(
    project_path: Path,
    settings: Settings,
    reason: str,
    progress: Progress,
    keep: int | None,
    protect: Sequence[Path] = (),
) -> tuple[Path, bool]:
    """(a backup holding the project's current content, whether it was just made).

    ``keep`` None: no rotation (the safety copy made before a restore when backups are off).
    """
    if not _REASON.match(reason):
        raise ValueError(f"a backup reason is lowercase words joined by '-', not {reason!r}")
    source = project_path.resolve()
    application_id, _version = inspect_header(source)
    if application_id != APPLICATION_ID:
        raise ProjectError(f"{source}: an SQLite file, but not an Annotator project")
    folder = backup_folder(source, settings)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"{folder}: cannot create the backup folder ({exc.strerror})") from None
    with _folder_lock(folder):
        for stale in folder.glob(".tmp-*"):  # left by a crash; we hold the lock
            stale.unlink(missing_ok=True)
        manifest = _Manifest.read(folder)
        manifest.project = str(source)
        existing = _scan(folder)
        newest = existing[0] if existing else None
        fingerprint = _fingerprint(source)  # before reading a single page
        if newest and fingerprint and manifest.entry(newest.name).get("source") == fingerprint:
            return newest, False
        temporary = folder / f".tmp-{secrets.token_hex(6)}.annot"
        try:
            try:
                documents = _copy(source, temporary, progress, journal_mode="DELETE")
            except _DamagedError as exc:
                raise DamagedProjectError(
                    f"{source}: the project file is damaged ({exc}); it was not backed up"
                ) from None
            digest = _digest(temporary)
            if newest is not None and digest == manifest.digest(newest):
                temporary.unlink()
                manifest.entry(newest.name)["source"] = fingerprint
                manifest.write(folder)
                return newest, False
            final = _place(temporary, folder, reason, newest)
        except (sqlite3.Error, OSError) as exc:
            raise BackupError(f"{source}: the backup to {folder} failed ({exc})") from None
        finally:
            for leftover in folder.glob(temporary.name + "*"):
                leftover.unlink(missing_ok=True)
        manifest.backups[final.name] = {
            "source": fingerprint,
            "digest": digest,
            "documents": documents,
        }
        if keep is not None:
            kept = {path.resolve() for path in protect}
            for old in _scan(folder)[keep:]:
                if old.resolve() not in kept:
                    old.unlink(missing_ok=True)
        manifest.write(folder)
        _fsync_folder(folder)
    return final, True


def _place(temporary: Path, folder: Path, reason: str, newest: Path | None) -> Path:
    """Rename into ``YYYYMMDD-HHMMSS-reason[-n].annot``, never sorting before ``newest``."""
    stamp = datetime.now(UTC).strftime(_STAMP)
    if newest is not None:
        match = _NAME.match(newest.name)
        assert match is not None
        stamp = max(stamp, match.group(1))  # a clock set back must not reorder backups
    taken = [_NAME.match(p.name) for p in _scan(folder)]
    counters = [int(m.group(3) or 1) for m in taken if m and m.group(1) == stamp]
    number = max(counters, default=0) + 1
    final = folder / (
        f"{stamp}-{reason}.annot" if number == 1 else f"{stamp}-{reason}-{number}.annot"
    )
    os.replace(temporary, final)
    return final


def _fingerprint(source: Path) -> list[list[int] | None] | None:
    """Identity of the file and its -wal as they are now, or None if it could be racy."""
    now = time.time_ns()
    result: list[list[int] | None] = []
    for path in (source, source.with_name(source.name + "-wal")):
        try:
            stat = path.stat()
        except FileNotFoundError:
            result.append(None)
            continue
        if stat.st_size == 0 and path != source:
            # An empty -wal holds nothing, like a missing one (a read-only reader,
            # this module's included, creates it empty and cannot remove it).
            result.append(None)
            continue
        if now - max(stat.st_mtime_ns, stat.st_ctime_ns) < RACY_SECONDS * 1_000_000_000:
            return None
        result.append([stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns])
    return result


def _digest(path: Path) -> str:
    """A hash of the file's pages, leaving out the header's write counters."""
    digest = hashlib.blake2b(digest_size=20)
    with path.open("rb") as handle:
        first = bytearray(handle.read(1 << 20))
        first[24:28] = bytes(4)  # file change counter
        first[92:100] = bytes(8)  # version-valid-for, SQLite version
        digest.update(first)
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open without writing to the file; raises sqlite3.Error."""
    uri = path.as_uri() + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None)
        connection.execute("PRAGMA busy_timeout = 5000")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError as exc:
        wal = path.with_name(path.name + "-wal")
        if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_CANTOPEN or (
            wal.exists() and wal.stat().st_size > 0
        ):
            raise
    # A read-only folder: WAL readers need a -shm that cannot be created there. With
    # no -wal, no one can be writing (a writer would need to create one), so the file
    # alone is the whole content and can be read as immutable.
    connection = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None)
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return connection


def _copy(source: Path, target: Path, progress: Progress, journal_mode: str) -> int:
    """Copy ``source`` to the new file ``target`` and check the copy; the document count.

    Raises _DamagedError if the source turns out damaged, sqlite3.Error/OSError otherwise.
    """
    try:
        reader = _connect_read_only(source)
    except sqlite3.DatabaseError as exc:
        if _is_damage(exc):
            raise _DamagedError(str(exc)) from None
        raise
    try:
        writer = sqlite3.connect(target, isolation_level=None)
        try:
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM sqlite_master").fetchone()  # snapshot taken
            try:
                reader.backup(
                    writer,
                    pages=STEP_PAGES,
                    progress=lambda _status, remaining, total: progress(total - remaining, total),
                )
            except sqlite3.DatabaseError as exc:
                if _is_damage(exc):
                    raise _DamagedError(str(exc)) from None
                raise
            reader.execute("COMMIT")
            writer.execute(f"PRAGMA journal_mode = {journal_mode}")
            documents = _check(writer)
        finally:
            writer.close()
    finally:
        reader.close()
    with target.open("rb") as handle:
        os.fsync(handle.fileno())
    return documents


def _is_damage(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def _check(connection: sqlite3.Connection) -> int:
    """The copy's document count; _DamagedError unless it passes integrity_check and is ours."""
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        if problems != ["ok"]:
            raise _DamagedError("integrity check: " + "; ".join(problems))
        if application_id != APPLICATION_ID:
            raise _DamagedError("not an Annotator project")
        unreadable = integrity.unreadable_rows(connection)
        if unreadable:
            # Sound pages, yet a text or metadata that every reader fails on: restoring
            # such a copy would bring the damage back.
            raise _DamagedError(unreadable)
        count: int = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        return count
    except sqlite3.DatabaseError as exc:
        raise _DamagedError(str(exc)) from None


# -- restoring ---------------------------------------------------------------------
def restore(
    project_path: Path,
    backup: Path | None = None,
    settings: Settings | None = None,
    *,
    lock: LockHook | None = None,
    progress: Progress = no_progress,
) -> Restored:
    """Put the newest (or the given) backup in place of the project.

    The backup is checked first; the current project is backed up ("before-restore",
    even when backups are off), or moved aside as ``NAME.damaged-TIME`` if it cannot
    be read; the copy is written beside the project and renamed over it. ``lock``,
    if given, is entered around all of it with the project path and should raise if
    the project is open elsewhere (the one-writer lock); the caller's own connection
    must be closed first, or the restore is refused as "open in another program".
    ``progress`` runs for the copy, then again for the safety backup.
    """
    settings = settings if settings is not None else load_settings()
    source = project_path.resolve()
    with lock(project_path) if lock is not None else nullcontext():
        chosen = _choose(source, backup, settings)
        _check_header(chosen)
        temporary = source.with_name(f".{source.name}.restoring-{secrets.token_hex(6)}")
        try:
            try:
                _copy(chosen, temporary, progress, journal_mode="WAL")
            except _DamagedError as exc:
                raise BackupError(
                    f"{chosen}: the backup is damaged ({exc}); choose another"
                ) from None
            except (sqlite3.Error, OSError) as exc:
                raise BackupError(
                    f"{source}: cannot write the restored copy beside it ({exc})"
                ) from None
            if _companions(temporary):
                raise BackupError(f"{temporary}: its journal was not folded in; nothing restored")
            previous, damaged = _save_current(source, settings, chosen, progress)
            _fold_journal(source)
            if source.exists():
                with suppress(OSError):
                    shutil.copymode(source, temporary)
            try:
                os.replace(temporary, source)
            except OSError as exc:
                raise BackupError(
                    f"{source}: cannot put the restored copy in place ({exc.strerror})"
                ) from None
            _fsync_folder(source.parent)
        finally:
            for leftover in source.parent.glob(temporary.name + "*"):
                leftover.unlink(missing_ok=True)
    return Restored(backup=chosen, previous=previous, damaged=damaged)


def _choose(source: Path, backup: Path | None, settings: Settings) -> Path:
    folder = backup_folder(source, settings)
    if backup is None:
        found = _scan(folder)
        if not found:
            raise BackupError(f"{source}: there are no backups of this project (in {folder})")
        return found[0]
    chosen = backup.resolve()
    if not chosen.is_file():
        raise BackupError(f"{backup}: no such backup")
    if chosen == source:
        raise BackupError(f"{backup}: that is the project itself, not a backup of it")
    if chosen.parent != folder.resolve():
        # A backup folder says whose backups it holds. Refuse another project's,
        # unless that project no longer exists there (this one was moved).
        owner = _Manifest.read(chosen.parent).project
        if owner and Path(owner) != source and Path(owner).exists():
            raise BackupError(f"{backup}: a backup of {owner}, not of {source}")
    return chosen


def _check_header(backup: Path) -> None:
    try:
        application_id, version = inspect_header(backup)
    except ProjectError as exc:
        raise BackupError(f"not a usable backup: {exc}") from None
    if application_id != APPLICATION_ID:
        raise BackupError(f"{backup}: not a backup of an Annotator project")
    if version > SCHEMA_VERSION:
        raise BackupError(
            f"{backup}: made by a newer Annotator (project format {version}, this version "
            f"reads up to {SCHEMA_VERSION}); upgrade Annotator to restore it"
        )


def _save_current(
    source: Path, settings: Settings, chosen: Path, progress: Progress
) -> tuple[Path | None, Path | None]:
    """Back up the project about to be replaced, or move it aside if it is unreadable.

    Returns (the backup, None) or (None, where the unreadable file went).
    """
    stamp = datetime.now(UTC).strftime(_STAMP)
    aside = source.with_name(f"{source.name}.damaged-{stamp}")
    try:
        if not source.exists():
            # Only journals may be left: keep one that holds edits, drop empty ones.
            kept = None
            for companion in _companions(source):
                if companion.name.endswith("-shm") or companion.stat().st_size == 0:
                    companion.unlink()
                else:
                    kept = aside.with_name(aside.name + companion.name[len(source.name) :])
                    os.replace(companion, kept)
            return None, kept
        keep = settings.backups.keep or None  # backups off: keep this one, rotate nothing
        try:
            path, _new = _make(source, settings, "before-restore", progress, keep, (chosen,))
            return path, None
        except ProjectError:
            pass  # unreadable or damaged: keep it, under another name
        os.replace(source, aside)
        for companion in _companions(source):
            # Its -wal may hold the last edits: keep the pair together for recovery.
            os.replace(companion, aside.with_name(aside.name + companion.name[len(source.name) :]))
    except OSError as exc:
        raise BackupError(
            f"{source}: cannot move the damaged file aside ({exc.strerror})"
        ) from None
    return None, aside


def _companions(path: Path) -> list[Path]:
    return [
        companion
        for suffix in ("-wal", "-shm", "-journal")
        if (companion := path.with_name(path.name + suffix)).exists()
    ]


def _fold_journal(source: Path) -> None:
    """Leave no -wal (nor hot -journal) beside the project: SQLite would apply it to
    the restored file, which it does not belong to.

    Its content is in the "before-restore" backup already. Closing the last connection
    checkpoints the WAL and deletes it; if it stays, someone else has the project open.
    """
    if not source.exists() or not _companions(source):
        return
    try:
        connection = sqlite3.connect(source, isolation_level=None)
        try:
            connection.execute("PRAGMA busy_timeout = 5000")
            connection.execute(
                "SELECT count(*) FROM sqlite_master"
            ).fetchone()  # rolls back a hot journal
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{source}: cannot close its journal ({exc}); nothing restored") from None
    if any(c.name.endswith(("-wal", "-journal")) for c in _companions(source)):
        raise BackupError(f"{source}: it is open in another program; close it and try again")


# -- the backup folder's manifest and lock -----------------------------------------
class _Manifest:
    """``backups.json``: whose backups these are, and per file what is known of it."""

    def __init__(self, project: str | None, backups: dict[str, dict[str, Any]]) -> None:
        self.project = project
        self.backups = backups

    @classmethod
    def read(cls, folder: Path) -> _Manifest:
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            project, backups = data.get("project"), data.get("backups")
        except (OSError, ValueError, AttributeError):
            return cls(None, {})  # rebuilt as backups are made; losing it costs a digest
        if not isinstance(backups, dict):
            backups = {}
        return cls(project if isinstance(project, str) else None, backups)

    def entry(self, name: str) -> dict[str, Any]:
        entry = self.backups.setdefault(name, {})
        return entry if isinstance(entry, dict) else {}

    def digest(self, backup: Path) -> str:
        known = self.entry(backup.name).get("digest")
        if isinstance(known, str):
            return known
        self.entry(backup.name)["digest"] = computed = _digest(backup)
        return computed

    def write(self, folder: Path) -> None:
        present = {path.name for path in _scan(folder)}
        backups = {name: e for name, e in self.backups.items() if name in present}
        text = json.dumps({"project": self.project, "backups": backups}, indent=1)
        temporary = folder / f".tmp-{secrets.token_hex(6)}.json"
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, folder / MANIFEST)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """One backup at a time per project folder, across processes (POSIX only)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: backups are made by the one writer
        yield
        return
    with (folder / ".lock").open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _fsync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (not possible, nor needed, on Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
