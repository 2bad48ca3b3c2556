"""Copy a whole project between an SQLite file and a PostgreSQL database, losslessly.

``annotator copy SRC DEST`` (docs/cli.md). Every row of every table is copied with its
id, so the copy is the same project: undo history aside (it lives in the window), its
exports are byte-identical and a copy back holds the same rows. The target is made by
:meth:`Project.create`, emptied, and filled in one transaction; if anything fails it is
removed again, so a failed copy leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError, ProjectError, no_progress
from annotator.core.project import Project
from annotator.core.services.paths import is_server_url
from annotator.core.store import server
from annotator.core.store.lock import ProjectLock
from annotator.core.store.recorder import PRIMARY_KEYS

# The tables of project format 6 (store/migrations.py, store/server.py), parents before
# the rows that refer to them, so foreign keys hold after each insert.
TABLES = (
    "project",
    "annotators",
    "labels",
    "roles",
    "attribute_types",
    "documents",
    "texts",
    "spans",
    "events",
    "arguments",
    "relations",
    "attributes",
    "normalizations",
    "notes",
    "chains",
    "chain_members",
    "status_history",
    "layer_status",
    "rejections",
    "certainty",
)
# What each store keeps for itself: SQLite's migration record and search index, the
# server's format row and edit revisions. Each store makes its own.
_OWN_TABLES = {"_sqlite_migrations", "annotator_format", "revisions"}
_OWN_PREFIXES = ("sqlite_", "texts_search")
# The tables counted as annotations in the report.
ANNOTATION_TABLES = (
    "spans",
    "events",
    "relations",
    "attributes",
    "normalizations",
    "notes",
    "chains",
)
# The search index of the target is empty: its mark says so, and the first search
# indexes every text (a server's index is always complete, and starts at 0 too).
_SEARCH_MARK = "search_indexed_upto"
_CHUNK = 2000


@dataclass
class CopyReport:
    source: str  # as shown (a server URL without its password)
    target: str
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied

    @property
    def documents(self) -> int:
        return self.rows.get("documents", 0)

    @property
    def annotations(self) -> int:
        """Spans, events, relations, attributes, normalizations, notes and chains."""
        return sum(self.rows.get(table, 0) for table in ANNOTATION_TABLES)

    def line(self) -> str:
        documents = f"{self.documents} document{'s' if self.documents != 1 else ''}"
        annotations = f"{self.annotations} annotation{'s' if self.annotations != 1 else ''}"
        return f"copied {documents} ({annotations}) from {self.source} to {self.target}"


def shown(location: Path | str) -> str:
    return server.shown(str(location)) if is_server_url(location) else str(location)


def copy_project(
    source: Path | str,
    target: Path | str,
    progress: Callable[[int, int], None] = no_progress,
) -> CopyReport:
    """Copy the project at ``source`` to ``target`` (a file that does not exist, or an
    empty or missing database); refuses, leaving nothing behind, if it cannot."""
    source_shown, target_shown = shown(source), shown(target)
    if not is_server_url(target) and Path(target).exists():
        raise ProjectError(f"{target_shown}: already exists; not overwriting it")
    with Project.open(source, read_only=True) as original:
        report = CopyReport(source_shown, target_shown)
        # A consistent snapshot of the source: one read transaction for every table.
        with original.db.atomic():
            tables = _source_tables(original)
            counts = {table: _count(original, table) for table in tables}
            before = _server_state(str(target)) if is_server_url(target) else None
            copy = Project.create(target)
            try:
                with copy:
                    _fill(original, copy, tables, counts, report, progress)
            except BaseException as exc:
                _remove(target, before)
                if isinstance(exc, AnnotatorError) or not isinstance(exc, Exception):
                    raise  # already says why (or an interruption, a cancel)
                raise ProjectError(
                    f"cannot copy {source_shown} to {target_shown}: {_reason(exc)}; "
                    "nothing was written"
                ) from None
    return report


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _source_tables(project: Project) -> list[str]:
    """The source's tables in copying order; refuses one this version does not know,
    which a copy would lose."""
    if project.is_server:
        found = {
            str(row[0])
            for row in project.db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        }
    else:
        found = {
            str(row[0])
            for row in project.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    found = {t for t in found if t not in _OWN_TABLES and not t.startswith(_OWN_PREFIXES)}
    unknown = sorted(found - set(TABLES))
    if unknown:
        raise ProjectError(
            f"{project.shown_location}: holds table(s) this version of Annotator does not "
            f"know ({', '.join(unknown)}); copying would lose them"
        )
    missing = [t for t in TABLES if t not in found]
    if missing:
        raise ProjectError(
            f"{project.shown_location}: the table(s) {', '.join(missing)} are missing; "
            "`annotator check` tells what is wrong with the project"
        )
    return list(TABLES)


def _count(project: Project, table: str) -> int:
    return int(project.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _columns(cursor: Any) -> list[str]:
    return [str(column[0]) for column in cursor.description]


def _fill(
    original: Project,
    copy: Project,
    tables: Sequence[str],
    counts: dict[str, int],
    report: CopyReport,
    progress: Callable[[int, int], None],
) -> None:
    total = sum(counts.values())
    done = 0
    to_server = copy.is_server
    with copy.db.atomic():
        # What Project.create wrote (project info, the default labels...) goes: the
        # source's rows replace it. The gold annotator (id 0) is in both already.
        for table in reversed(tables):
            where = " WHERE id <> 0" if table == "annotators" else ""
            copy.db.execute(f"DELETE FROM {table}{where}")
        for table in tables:
            key = PRIMARY_KEYS.get(table, "id")
            select = f"SELECT * FROM {table} ORDER BY {key}"
            # From a server, rows come as they are read, not a whole table in memory.
            streaming = getattr(original.db, "streaming", None)
            cursor = streaming(select) if streaming else original.db.execute(select)
            names = _columns(cursor)
            _check_columns(copy, table, names)
            # The id first: a server then moves the table's identity past the copied
            # ids when the transaction ends (ServerDatabase's _EXPLICIT_ID).
            order = sorted(range(len(names)), key=lambda i: names[i] != "id")
            columns = ", ".join(f'"{names[i]}"' for i in order)
            marks = ", ".join("?" for _ in order)
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            copied = 0
            for chunk in _chunks(cursor):
                rows = [tuple(row[i] for i in order) for row in chunk]
                if table == "annotators":
                    rows = [row for row in rows if row[0] != 0]
                if to_server:
                    _refuse_nul(original, table, [names[i] for i in order], rows)
                copy.db.conn.executemany(sql, rows)
                copied += len(chunk)
                done += len(chunk)
                progress(done, total)
            report.rows[table] = copied
        # The mark of the search index, whatever the source held (or lacked).
        copy.db.execute("DELETE FROM project WHERE key = ?", [_SEARCH_MARK])
        copy.db.execute("INSERT INTO project (key, value) VALUES (?, '0')", [_SEARCH_MARK])


def _chunks(cursor: Any) -> Iterator[list[tuple[Any, ...]]]:
    while True:
        rows = cursor.fetchmany(_CHUNK)
        if not rows:
            return
        yield rows


def _check_columns(copy: Project, table: str, names: Sequence[str]) -> None:
    expected = _columns(copy.db.execute(f"SELECT * FROM {table} LIMIT 0"))
    if sorted(expected) != sorted(names):
        raise ProjectError(
            f"the {table} table has the columns {', '.join(names)} in the source but "
            f"{', '.join(expected)} in the target; copying would lose some"
        )


def _refuse_nul(
    original: Project, table: str, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """PostgreSQL cannot store U+0000 in a text: say which document holds one."""
    for row in rows:
        if not any(isinstance(value, str) and "\x00" in value for value in row):
            continue
        where = f"the {table} table"
        if table == "documents":
            where = f"document {row[names.index('uid')]!r}"
        elif "document_id" in names:
            found = original.db.execute(
                "SELECT uid FROM documents WHERE id = ?", [row[names.index("document_id")]]
            ).fetchone()
            if found is not None:
                where = f"document {found[0]!r}"
        raise ProjectError(
            f"{where} holds the NUL character (U+0000), which PostgreSQL cannot store in "
            "a text; remove it in the source project and copy again (nothing was written)"
        )


# -- removing a failed copy ------------------------------------------------------------
_OBJECTS = """
SELECT 'table', tablename FROM pg_tables WHERE schemaname = current_schema()
UNION ALL
SELECT 'function', p.oid::regprocedure::text FROM pg_proc p
    WHERE p.pronamespace = current_schema()::regnamespace
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT 'configuration', cfgname FROM pg_ts_config c
    WHERE c.cfgnamespace = current_schema()::regnamespace
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
UNION ALL
SELECT 'extension', extname FROM pg_extension
"""


def _server_state(url: str) -> set[tuple[str, str]] | None:
    """What the database holds before the copy (None: there is no such database yet),
    so that a failed copy removes what it made and nothing else."""
    try:
        import psycopg
    except ImportError:
        return set()  # Project.create then says what to install, before making anything

    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as exc:
        if "does not exist" in str(exc):
            return None
        raise ProjectError(f"{server.shown(url)}: cannot connect ({_reason(exc)})") from None
    with connection:
        return {(str(kind), str(name)) for kind, name in connection.execute(_OBJECTS)}


def _remove(target: Path | str, before: set[tuple[str, str]] | None) -> None:
    """Remove what the failed copy made: the file, or the database's new objects (the
    database itself if the copy created it)."""
    if not is_server_url(target):
        path = Path(target)
        for leftover in (
            path,
            Path(f"{path}-wal"),
            Path(f"{path}-shm"),
            Path(f"{path}-journal"),
            ProjectLock(path).path,
        ):
            leftover.unlink(missing_ok=True)
        return
    url = str(target)
    with contextlib.suppress(Exception):
        if before is None:
            _drop_database(url)
        else:
            _drop_new_objects(url, before)


def _drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(server.database_name(url))
            )
        )


def _drop_new_objects(url: str, before: set[tuple[str, str]]) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, connect_timeout=10) as connection:
        made = {(str(kind), str(name)) for kind, name in connection.execute(_OBJECTS)} - before
        # Tables first (their triggers and indexes go with them), then what they used.
        statements = {
            "table": "DROP TABLE IF EXISTS {} CASCADE",
            "configuration": "DROP TEXT SEARCH CONFIGURATION IF EXISTS {} CASCADE",
            "extension": "DROP EXTENSION IF EXISTS {} CASCADE",
        }
        for kind in ("table", "function", "configuration", "extension"):
            for name in sorted(n for k, n in made if k == kind):
                if kind == "function":  # a signature from the server, e.g. instr(text,text)
                    connection.execute(
                        sql.SQL("DROP FUNCTION IF EXISTS {} CASCADE").format(sql.SQL(name))
                    )
                else:
                    connection.execute(sql.SQL(statements[kind]).format(sql.Identifier(name)))
