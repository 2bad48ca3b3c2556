"""Opening and creating project files, with the settings every connection needs.

Durability (docs/adr/0003-durability.md): WAL journal with ``synchronous=FULL``, so
each committed edit has been fsynced to the WAL before the user sees it and
survives a killed process or a power cut. Foreign keys are on for every connection.

A file is inspected from its header bytes *before* SQLite opens it, so that a
file that is not a project, or is from a newer Annotator, is refused without a
single byte of it being written.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import struct
import urllib.parse
from pathlib import Path

from sqlite_utils import Database

from annotator.core.errors import ProjectError, ReadOnlyProjectError
from annotator.core.services.paths import command_word
from annotator.core.store.migrations import APPLICATION_ID, SCHEMA_VERSION, migrations

SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100


def _configure(db: Database) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = FULL")
    # Waiting a little beats failing at once if another connection of ours
    # (a background export, say) holds a lock for a moment.
    db.execute("PRAGMA busy_timeout = 5000")


def inspect_header(path: Path) -> tuple[int, int]:
    """Return (application_id, user_version) read from the file's header, or refuse it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
    except FileNotFoundError:
        raise ProjectError(f"{path}: no such project file") from None
    except IsADirectoryError:
        raise ProjectError(f"{path}: is a folder, not a project file") from None
    except PermissionError:
        raise ProjectError(f"{path}: permission denied") from None
    if len(header) == 0:
        raise ProjectError(f"{path}: the file is empty, not an Annotator project")
    if not header.startswith(SQLITE_MAGIC):
        raise ProjectError(f"{path}: not an Annotator project (not an SQLite file)")
    if len(header) < _HEADER_SIZE:
        raise ProjectError(f"{path}: the project file is truncated or damaged")
    (user_version,) = struct.unpack(">I", header[60:64])
    (application_id,) = struct.unpack(">I", header[68:72])
    return application_id, user_version


def check_header(path: Path) -> int:
    """Refuse what is not a project this version can read; return its format version."""
    application_id, user_version = inspect_header(path)
    if application_id != APPLICATION_ID:
        raise ProjectError(f"{path}: an SQLite file, but not an Annotator project")
    if user_version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: made by a newer version of Annotator (project format {user_version}, "
            f"this version reads up to {SCHEMA_VERSION}); please upgrade Annotator"
        )
    return user_version


def check_writable(path: Path) -> None:
    """Refuse, before anything is written, a project whose file or folder is read-only.

    A file without any write permission bit counts as read-only even for root,
    who could write it anyway: the user marked it so.
    """
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise ProjectError(f"{path}: cannot read it ({exc.strerror})") from None
    if not os.access(path, os.W_OK) or not mode & 0o222:
        raise ReadOnlyProjectError(
            f"{path}: the file is read-only; open it read-only to look at it, "
            "or make it writable to annotate"
        )
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise ReadOnlyProjectError(
            f"{path}: its folder is read-only (the project keeps its journal beside it); "
            "open it read-only, or copy it to a writable folder"
        )


def open_read_only(path: Path) -> Database:
    """Open a project without ever writing to it (nor beside it).

    An older project is copied into memory and migrated there, since the file
    itself may not change.
    """
    user_version = check_header(path)
    location = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    try:
        try:
            connection = sqlite3.connect(location, uri=True, check_same_thread=False)
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # WAL needs its -shm beside the file; in a read-only folder, read the
            # file as it is on disk instead, unless a journal holds edits not yet in
            # it (immutable would silently ignore them).
            journal = Path(f"{path}-wal")
            if journal.exists() and journal.stat().st_size > 0:
                raise ProjectError(
                    f"{path}: its journal ({journal.name}) holds edits not yet in the file, "
                    "and the folder is read-only; copy both files to a writable folder "
                    "to open them"
                ) from None
            connection = sqlite3.connect(
                location + "&immutable=1", uri=True, check_same_thread=False
            )
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        user_version = _recheck_version(path, connection, user_version)
        if user_version < SCHEMA_VERSION:
            memory = sqlite3.connect(":memory:", check_same_thread=False)
            connection.backup(memory)
            connection.close()
            connection = memory
            db = Database(connection)
            _configure(db)
            migrations.apply(db)
        else:
            db = Database(connection)
            _configure(db)
        db.execute("PRAGMA query_only = ON")
        return db
    except sqlite3.DatabaseError as exc:
        raise ProjectError(_damaged(path, exc)) from None


def open_database(path: Path) -> Database:
    """Open an existing project, migrating it to the current schema if it is older."""
    user_version = check_header(path)
    _refuse_newer_in_journal(path, user_version)
    try:
        db = Database(path)
        _configure(db)
        # Reading the schema forces SQLite to check the file before we trust it.
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        try:
            user_version = _recheck_version(path, db.conn, user_version)
        except ProjectError:
            db.close()
            raise
        if user_version < SCHEMA_VERSION:
            migrations.apply(db)
        return db
    except sqlite3.OperationalError as exc:
        raise ProjectError(_cannot_open(path, exc)) from None
    except sqlite3.DatabaseError as exc:
        raise ProjectError(_damaged(path, exc)) from None


def _refuse_newer_in_journal(path: Path, from_header: int) -> None:
    """Refuse a newer format that is only in the -wal, before a read-write connection
    exists: closing that one would checkpoint the journal into the file, and a refused
    file must keep every byte."""
    journal = Path(f"{path}-wal")
    try:
        if not journal.exists() or journal.stat().st_size == 0:
            return  # the header read from the file is the whole truth
    except OSError:
        return
    location = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    try:
        connection = sqlite3.connect(location, uri=True)
    except sqlite3.Error:
        return  # the read-write open says what is wrong
    try:
        _recheck_version(path, connection, from_header)
    except sqlite3.Error:
        pass  # damage is the read-write open's to report
    finally:
        connection.close()


def _recheck_version(path: Path, connection: sqlite3.Connection, from_header: int) -> int:
    """The version SQLite sees once the journal is read, refused if newer.

    After a crash the newest header may still be in the -wal, not in the bytes
    check_header read: a newer Annotator's migration is only visible from here.
    """
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
    if application_id != APPLICATION_ID and from_header:
        raise ProjectError(f"{path}: an SQLite file, but not an Annotator project")
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: made by a newer version of Annotator (project format {version}, "
            f"this version reads up to {SCHEMA_VERSION}); please upgrade Annotator"
        )
    return version


# What SQLite (and store/server.py, which speaks its errors) says when the file is fine
# but cannot be used this moment: another program's lock, a full disk, a read-only
# folder, a lost connection. Not damage: `annotator check` and `restore` would not help.
_UNAVAILABLE = re.compile(
    r"locked|busy|read-?only|is full|unable to open|disk I/O error|interrupted"
    r"|server connection failed|permission denied|authorization denied",
    re.IGNORECASE,
)


def unavailable(exc: BaseException) -> bool:
    """Whether a read or write failed because the project cannot be used now (busy,
    locked, a full disk, a lost server), not because its file is damaged."""
    return isinstance(exc, sqlite3.OperationalError) and bool(_UNAVAILABLE.search(str(exc)))


def _damaged(path: Path, exc: sqlite3.Error) -> str:
    return (
        f"{path}: the project file is damaged ({exc}); "
        f"`annotator restore {command_word(path)}` brings back its newest backup"
    )


def _cannot_open(path: Path, exc: sqlite3.Error) -> str:
    """An operational failure (full disk, I/O) is not damage: say what it is."""
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        free = None
    if "full" in str(exc) or (free is not None and free < 1024 * 1024):
        return (
            f"{path}: the disk is full; free some space and open it again "
            "(the project was not changed)"
        )
    return f"{path}: cannot open the project file ({exc}); the file was not changed"


def create_database(path: Path) -> Database:
    """Create a new, empty project file; refuses to touch an existing file."""
    if path.exists():
        raise ProjectError(f"{path}: already exists; not overwriting it")
    if not path.parent.exists():
        raise ProjectError(f"{path.parent}: no such folder")
    try:
        # "x" mode: fail rather than race another process creating the same file.
        path.open("xb").close()
    except OSError as exc:
        raise ProjectError(f"{path}: cannot create the project file ({exc.strerror})") from None
    try:
        db = Database(path)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("PRAGMA journal_mode = WAL")
        _configure(db)
        migrations.apply(db)
    except sqlite3.Error as exc:
        path.unlink(missing_ok=True)
        raise ProjectError(f"{path}: cannot create the project file ({exc})") from None
    return db


def memory_database() -> Database:
    """An in-memory project database, for tests and scratch work."""
    db = Database(memory=True)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    _configure(db)
    migrations.apply(db)
    return db
