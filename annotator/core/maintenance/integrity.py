"""Integrity checks: what every healthy project file satisfies, whatever its annotations.

This is not :mod:`annotator.core.model.validation` (schema rules such as a missing role,
which an annotator may leave for later): a problem found here means the file is
damaged, was written by a bug, or was edited by hand, and every front end should
take it seriously. :func:`check_project` reports every problem it finds (it never
stops at the first), reads the file in one snapshot, and is set-based SQL except
for one pass over the texts (their digests), so it stays fast for 100,000 documents.

Problem kinds:

``file``
    SQLite's own ``PRAGMA integrity_check`` failed, or a check could not run;
``version``
    the application id or ``user_version`` is not what this Annotator writes;
``schema``
    a table, index or trigger is missing or differs from what the migrations create;
``foreign-key``
    a row refers to a row that does not exist (``PRAGMA foreign_key_check``);
``text``
    a document without its text row, or whose text is not text;
``length`` / ``digest``
    a document's stored length or digest does not match its text;
``span``
    offsets outside ``0 <= start < end <= len(text)``, or a relation type as label;
``event``
    an event whose trigger span is in another document;
``argument``
    an argument naming both or neither of a span and an event, itself, or
    something in another document;
``relation``
    a head or tail span in another document, or a label that is not a relation type;
``uid``
    a uid used twice in one document (spans, events and relations share them);
``label``
    a role of a label that is not an event type, or label JSON that does not parse;
``fragments``
    a span's ``fragments`` that are not JSON ``[[start, end], ...]`` with two
    pieces or more, in order, not overlapping, inside the text and running from
    the span's start to its end;
``attachment``
    an attribute, normalization or note that names not exactly one span, event
    or relation, or one of another document (a missing one is a ``foreign-key``
    problem);
``attribute``
    an attribute whose type the schema does not declare, or an attribute type
    whose values, kinds or labels are not JSON lists of what they should name;
``chain``
    a coreference chain with fewer than two spans, or with a span of another
    document;
``search-index``
    the full-text index lacks an indexed text, holds something else, is
    damaged, or its mark (``search_indexed_upto``) is missing.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from annotator.core.errors import DamagedProjectError, no_progress
from annotator.core.model.text import text_digest
from annotator.core.services.paths import repair_advice
from annotator.core.store.database import memory_database
from annotator.core.store.database import unavailable as unavailable  # re-exported
from annotator.core.store.migrations import APPLICATION_ID, SCHEMA_VERSION
from annotator.core.store.server import on_server

if TYPE_CHECKING:
    from annotator.core.project import Project

KINDS = (
    "file",
    "version",
    "schema",
    "foreign-key",
    "text",
    "length",
    "digest",
    "span",
    "event",
    "argument",
    "relation",
    "uid",
    "label",
    "fragments",
    "attachment",
    "attribute",
    "chain",
    "search-index",
)
# The tables of what is attached to annotations (format 4).
_ATTACHED = (("attributes", "attribute"), ("normalizations", "normalization"), ("notes", "note"))
_TARGETS = (("span_id", "spans", "span"), ("event_id", "events", "event"),
            ("relation_id", "relations", "relation"))  # fmt: skip
_LABEL_KINDS = ("entity", "event", "relation")

# Problems listed per check at most; the rest are counted in one closing problem.
DEFAULT_LIMIT = 1000
_TEXT_BATCH = 500
_UPTO = "search_indexed_upto"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the file. ``document_id`` names the document, if one."""

    kind: str
    message: str
    document_id: int | None = None


def check_project(
    db_or_project: Database | Project,
    progress: Callable[[int, int], None] = no_progress,
    *,
    limit: int = DEFAULT_LIMIT,
) -> list[Problem]:
    """Every integrity problem of the file, in check order (empty: the file is healthy).

    ``progress`` is called as (done, total) and may raise ``Cancelled``. At most
    ``limit`` problems are listed per check; more are summed up in one problem.
    """
    db = db_or_project.db if hasattr(db_or_project, "db") else db_or_project
    return _Checker(db, progress, limit).run()


def damage(db_or_project: Database | Project, *, pages: bool = True) -> list[Problem]:
    """What makes a file unsafe to write into, found cheaply before a bulk write (import,
    merge): a file cut short, missing tables, damaged pages (``pages``: SQLite's
    quick_check; a backup just made has checked them on its copy) and texts or metadata
    that do not read back. Not the annotation checks of :func:`check_project`.

    A server project is never damaged this way (PostgreSQL keeps its pages and encoding).
    """
    db = db_or_project.db if hasattr(db_or_project, "db") else db_or_project
    if on_server(db):
        return []
    checker = _Checker(db, no_progress, limit=3)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("the file's size", checker.check_size),
        ("the tables, indexes and triggers", checker.check_schema),
    ]
    if pages:
        steps.append(("SQLite's quick check", checker.check_pages))
    steps.append(("the texts and their metadata", checker.check_readable))
    for name, step in steps:
        checker._run_step(name, 1, step)
    return checker.problems


def unreadable_rows(connection: sqlite3.Connection) -> str:
    """The first text or metadata of an SQLite connection's project that does not read
    back, with how many more ("" when all do): what a backup refuses to keep."""
    checker = _Checker(Database(connection), no_progress, limit=1)
    checker.check_readable()
    if not checker.problems:
        return ""
    first = checker.problems[0].message
    more = checker._unlisted
    return first + (f"; and {more} more" if more else "")


def refuse_damaged(project: Project, *, pages: bool = True) -> None:
    """Raise DamagedProjectError, naming the first problem and what to do, when
    :func:`damage` finds any: nothing is then written into the file."""
    found = damage(project, pages=pages)
    if not found:
        return
    more = f"; and {len(found) - 1} more" if len(found) > 1 else ""
    raise DamagedProjectError(
        f"{project.shown_location}: the project file is damaged ({found[0].message}{more}); "
        f"nothing was written into it: {repair_advice(project.shown_location)}"
    )


def summary_lines(problems: Iterable[Problem]) -> list[str]:
    """Lines for a terminal: a count by kind, then one line per problem."""
    found = list(problems)
    if not found:
        return ["no problems found: the project file is healthy"]
    counts = Counter(problem.kind for problem in found)
    by_kind = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
    plural = "s" if len(found) != 1 else ""
    return [f"{len(found)} problem{plural} found ({by_kind}):"] + [
        f"  {problem.kind}: {problem.message}" for problem in found
    ]


def _document(uid: Any, document_id: Any) -> str:
    if uid is None:
        return f"document id {document_id} (missing)"
    return f"document {uid!r} (id {document_id})"


def _bytes(count: int) -> str:
    return f"{count:,} byte{'' if count == 1 else 's'}"


def _item(what: str, uid: Any, row_id: Any) -> str:
    return f"{what} {uid} (id {row_id})" if uid is not None else f"{what} id {row_id}"


class _Checker:
    def __init__(self, db: Database, progress: Callable[[int, int], None], limit: int) -> None:
        self.db = db
        self.progress = progress
        self.limit = max(1, limit)
        self.problems: list[Problem] = []
        self._listed = 0  # problems listed by the current check
        self._unlisted = 0
        self._done = 0
        self._total = 1
        self._step_weight = 1
        self._last_kind = "file"

    # -- running -----------------------------------------------------------------
    def run(self) -> list[Problem]:
        documents = self._count("documents")
        big = max(documents, 1)
        # (name, weight for progress, check); the middle ones read one snapshot, so a
        # window saving edits meanwhile cannot cause false alarms. The FTS5 commands
        # are write statements (that write nothing) and run outside it.
        before: list[tuple[str, int, Callable[[], None]]] = [
            ("the file header", 1, self.check_header),
            ("the file's size", 1, self.check_size),
            ("the tables, indexes and triggers", 1, self.check_schema),
            ("the search index structure", max(big // 4, 1), self.check_search_structure),
        ]
        snapshot: list[tuple[str, int, Callable[[], None]]] = [
            ("SQLite's integrity check", big, self.check_sqlite),
            ("references between rows", max(big // 4, 1), self.check_foreign_keys),
            ("the texts", big, self.check_texts),
            ("the texts' metadata", max(big // 20, 1), self.check_meta),
            ("the other text columns", max(big // 10, 1), self.check_text_columns),
            ("spans", max(big // 10, 1), self.check_spans),
            ("events", max(big // 20, 1), self.check_events),
            ("arguments", max(big // 20, 1), self.check_arguments),
            ("relations", max(big // 20, 1), self.check_relations),
            ("uids", max(big // 20, 1), self.check_uids),
            ("labels", 1, self.check_labels),
            ("span fragments", max(big // 20, 1), self.check_fragments),
            ("attributes, normalizations and notes", max(big // 20, 1), self.check_attached),
            ("attribute types", 1, self.check_attribute_types),
            ("coreference chains", max(big // 20, 1), self.check_chains),
            ("rejected suggestions", max(big // 20, 1), self.check_rejections),
            ("annotators' layers", max(big // 20, 1), self.check_layers),
            ("the search index contents", max(big // 10, 1), self.check_search_rows),
        ]
        after: list[tuple[str, int, Callable[[], None]]] = [
            ("the search index words", max(big // 4, 1), self.check_search_words),
        ]
        server = on_server(self.db)
        if server:
            # PostgreSQL keeps its own pages, references and search index consistent;
            # what is SQLite's (the file, FTS5) has no counterpart to check.
            sqlite_only = {
                self.check_schema,
                self.check_search_structure,
                self.check_sqlite,
                self.check_foreign_keys,
                self.check_search_rows,
                self.check_search_words,
                self.check_text_columns,  # PostgreSQL stores only valid UTF-8
            }
            before, snapshot, after = (
                [step for step in steps if step[2] not in sqlite_only]
                for steps in (before, snapshot, after)
            )
        self._total = sum(weight for _, weight, _ in before + snapshot + after)
        self.progress(0, self._total)
        for name, weight, step in before:
            self._run_step(name, weight, step)
        conn = self.db.conn
        began = not conn.in_transaction
        if began:
            # one snapshot of the whole project, while others go on writing
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" if server else "BEGIN")
        try:
            for name, weight, step in snapshot:
                self._run_step(name, weight, step)
        finally:
            if began and conn.in_transaction:
                conn.execute("ROLLBACK")  # nothing was written: this only ends the snapshot
        for name, weight, step in after:
            self._run_step(name, weight, step)
        return self.problems

    def _run_step(self, name: str, weight: int, step: Callable[[], None]) -> None:
        start = self._done
        self._listed = self._unlisted = 0
        self._step_weight = weight
        # On a server a failed statement ends the snapshot's transaction: each check runs
        # in a savepoint of its own, so one failing check leaves the others their say.
        savepoint = on_server(self.db) and self.db.conn.in_transaction
        if savepoint:
            self.db.execute("SAVEPOINT integrity_step")
        try:
            step()
        except sqlite3.DatabaseError as exc:
            if savepoint:
                self.db.execute("ROLLBACK TO SAVEPOINT integrity_step")
            self.problems.append(Problem("file", f"could not check {name}: {exc}"))
        if savepoint:
            self.db.execute("RELEASE SAVEPOINT integrity_step")
        if self._unlisted:
            self.problems.append(
                Problem(self._last_kind, f"... and {self._unlisted} more such problems")
            )
        self._done = start + weight
        self.progress(self._done, self._total)

    def add(self, kind: str, message: str, document_id: int | None = None) -> None:
        self._last_kind = kind
        if self._listed >= self.limit:
            self._unlisted += 1
            return
        self._listed += 1
        self.problems.append(Problem(kind, message, document_id))

    def _count(self, table: str) -> int:
        try:
            return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        except sqlite3.DatabaseError:
            return 0

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> Iterator[tuple[Any, ...]]:
        yield from self.db.execute(sql, list(params))

    # -- the file --------------------------------------------------------------
    def check_header(self) -> None:
        application_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        if application_id != APPLICATION_ID:
            self.add(
                "version",
                f"the application id is {application_id:#x}, not Annotator's {APPLICATION_ID:#x}",
            )
        user_version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if user_version != SCHEMA_VERSION:
            self.add(
                "version",
                f"the project format is {user_version}, but this Annotator writes "
                f"format {SCHEMA_VERSION}",
            )

    def check_size(self) -> None:
        """A file shorter than its pages was cut off (copied or written only in part):
        SQLite reads the missing bytes as zeros and may not notice."""
        rows = {name: file for _, name, file in self._rows("PRAGMA database_list")}
        file = rows.get("main")
        if not file or on_server(self.db):
            return  # in memory, or a server
        page_size = int(self.db.execute("PRAGMA page_size").fetchone()[0])
        pages = int(self.db.execute("PRAGMA page_count").fetchone()[0])
        try:
            size = os.path.getsize(file)
        except OSError:
            return
        wal = f"{file}-wal"
        if size < page_size * pages and not (os.path.exists(wal) and os.path.getsize(wal)):
            self.add(
                "file",
                f"the file is {_bytes(page_size * pages - size)} shorter than its "
                f"{pages:,} pages: it was cut off",
            )

    def check_schema(self) -> None:
        """Tables, indexes and triggers as the migrations make them (nothing dropped)."""
        user_version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if user_version != SCHEMA_VERSION:
            return  # reported as a version problem; another format has other tables
        present = _schema_objects(self.db)
        for (kind, name), sql in _expected_schema().items():
            if (kind, name) not in present:
                self.add("schema", f"the {kind} {name} is missing")
            elif present[(kind, name)] != sql:
                self.add("schema", f"the {kind} {name} differs from what Annotator creates")

    def check_sqlite(self) -> None:
        for (line,) in self._rows(f"PRAGMA integrity_check({self.limit})"):
            if line != "ok":
                self.add("file", f"SQLite: {line}")

    def check_pages(self) -> None:
        """SQLite's quick check: the pages and their b-trees, not the indexes' contents."""
        for (line,) in self._rows(f"PRAGMA quick_check({self.limit})"):
            if line != "ok":
                self.add("file", f"SQLite: {line}")

    def check_readable(self) -> None:
        """Each text and its metadata decode (UTF-8, metadata JSON): what every reader of
        the project relies on. One pass, as bytes, without the digests."""
        after = -(2**63)
        while True:
            batch = self.db.execute(
                "SELECT t.document_id, d.uid, CAST(t.text AS BLOB), CAST(t.meta AS BLOB) "
                "FROM texts t LEFT JOIN documents d ON d.id = t.document_id "
                "WHERE t.document_id > ? ORDER BY t.document_id LIMIT ?",
                [after, _TEXT_BATCH],
            ).fetchall()
            if not batch:
                return
            for doc_id, uid, text, meta in batch:
                doc = _document(uid, doc_id)
                try:
                    (text or b"").decode("utf-8")
                except UnicodeDecodeError as exc:
                    self.add(
                        "text", f"{doc}: the text is not valid UTF-8 (at byte {exc.start})", doc_id
                    )
                    continue
                problem = _meta_problem(meta)
                if problem:
                    self.add("text", f"{doc}: {problem}", doc_id)
            after = batch[-1][0]

    def check_text_columns(self) -> None:
        """Every other text (labels, uids, notes, names...) is UTF-8: SQLite stores any
        bytes it is given, and one bad byte makes every reader of the row fail."""
        self.db.conn.create_function("annotator_utf8", 1, _is_utf8, deterministic=True)
        tables = [
            name
            for (name,) in self._rows(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                "'sqlite_%' AND name NOT LIKE 'texts_search%' AND name <> 'texts' ORDER BY name"
            )
        ]
        for table in tables:
            info = list(self._rows(f'PRAGMA table_info("{table}")'))
            columns = [row[1] for row in info if "TEXT" in str(row[2]).upper()]
            keys = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]] or ["rowid"]
            if not columns:
                continue
            test = " OR ".join(f'NOT annotator_utf8(CAST("{c}" AS BLOB))' for c in columns)
            picked = ", ".join(f'CAST("{c}" AS BLOB)' for c in columns)
            key = ", ".join(f'CAST("{k}" AS BLOB)' if k in columns else f'"{k}"' for k in keys)
            for row in self._rows(
                f'SELECT {key}, {picked} FROM "{table}" WHERE {test} LIMIT ?', [self.limit + 1]
            ):
                shown = ", ".join(
                    f"{k} {_shown_key(v)}" for k, v in zip(keys, row[: len(keys)], strict=True)
                )
                bad = [c for c, v in zip(columns, row[len(keys) :], strict=True) if not _is_utf8(v)]
                self.add("text", f"{table} ({shown}): its {', '.join(bad)} is not valid UTF-8")

    def check_foreign_keys(self) -> None:
        columns: dict[tuple[str, int], tuple[str, str]] = {}
        for table, rowid, parent, fkid in list(self._rows("PRAGMA foreign_key_check")):
            if self._listed >= self.limit:
                self.add("foreign-key", "")  # only counted: spare the look-ups
                continue
            key = (table, fkid)
            if key not in columns:
                for row in self._rows(f"PRAGMA foreign_key_list({_q(table)})"):
                    columns[(table, row[0])] = (row[3], row[2])  # from column, parent table
            column, _ = columns.get(key, ("?", parent))
            value = self.db.execute(
                f"SELECT {_q(column)} FROM {_q(table)} WHERE rowid = ?", [rowid]
            ).fetchone()
            where, document_id = self._row_place(table, rowid)
            referred = value[0] if value else "?"
            self.add(
                "foreign-key",
                f"{where}: {column} {referred} names no row of {parent}",
                document_id,
            )

    def _row_place(self, table: str, rowid: int) -> tuple[str, int | None]:
        """'document 'd1' (id 3): span T2 (id 7)' for a row, as far as it can be named."""
        singular = {
            "spans": "span",
            "events": "event",
            "relations": "relation",
            "arguments": "argument",
            "texts": "text",
            "roles": "role",
            "labels": "label",
            "status_history": "status change",
            "attributes": "attribute",
            "normalizations": "normalization",
            "notes": "note",
            "chains": "chain",
            "chain_members": "chain member",
            "attribute_types": "attribute type",
            "rejections": "rejected suggestion",
            "layer_status": "layer status",
            "certainty": "certainty",
        }.get(table, f"{table} row")
        document_id: int | None = None
        uid: Any = None
        if table in ("spans", "events", "relations", "chains", *(t for t, _ in _ATTACHED)):
            row = self.db.execute(
                f"SELECT document_id, uid FROM {table} WHERE id = ?", [rowid]
            ).fetchone()
            if row:
                document_id, uid = row
        elif table == "texts":
            document_id = rowid
        elif table in ("status_history", "layer_status"):
            row = self.db.execute(
                f"SELECT document_id FROM {table} WHERE id = ?", [rowid]
            ).fetchone()
            if row:
                document_id = row[0]
        elif table == "arguments":
            row = self.db.execute(
                "SELECT e.document_id FROM arguments a JOIN events e ON e.id = a.event_id "
                "WHERE a.id = ?",
                [rowid],
            ).fetchone()
            if row:
                document_id = row[0]
        elif table == "chain_members":
            row = self.db.execute(
                "SELECT c.document_id FROM chain_members m JOIN chains c ON c.id = m.chain_id "
                "WHERE m.id = ?",
                [rowid],
            ).fetchone()
            if row:
                document_id = row[0]
        item = _item(singular, uid, rowid) if table != "texts" else "the text"
        if document_id is None:
            return item, None
        doc = self.db.execute("SELECT uid FROM documents WHERE id = ?", [document_id]).fetchone()
        return f"{_document(doc[0] if doc else None, document_id)}: {item}", document_id

    # -- documents and texts ------------------------------------------------------
    def check_texts(self) -> None:
        """One pass over the texts: each present, of type text, with its length and digest."""
        total = max(self._count("documents"), 1)
        start, seen, after = self._done, 0, -(2**63)
        # As bytes, decoded here: a damaged text is then one problem naming its document,
        # not a failed read of the whole batch. A server's text is always valid UTF-8.
        column = "t.text" if on_server(self.db) else "CAST(t.text AS BLOB)"
        while True:
            batch = self.db.execute(
                f"SELECT d.id, d.uid, d.length, d.digest, t.document_id, {column}, "
                "typeof(t.text) FROM documents d LEFT JOIN texts t ON t.document_id = d.id "
                "WHERE d.id > ? ORDER BY d.id LIMIT ?",
                [after, _TEXT_BATCH],
            ).fetchall()
            if not batch:
                break
            for doc_id, uid, length, digest, text_id, text, kind in batch:
                self._check_text(doc_id, uid, length, digest, text_id, text, kind)
            after = batch[-1][0]
            seen += len(batch)
            share = self._step_weight * min(seen, total) // total
            self.progress(min(start + share, start + self._step_weight), self._total)

    def check_meta(self) -> None:
        """Each text's metadata reads back: UTF-8, and a JSON object (what imports wrote)."""
        meta = "t.meta" if on_server(self.db) else "CAST(t.meta AS BLOB)"
        for doc_id, uid, value in self._rows(
            f"SELECT d.id, d.uid, {meta} FROM texts t JOIN documents d ON d.id = t.document_id "
            "ORDER BY d.id"
        ):
            problem = _meta_problem(value)
            if problem:
                self.add("text", f"{_document(uid, doc_id)}: {problem}", doc_id)

    def _check_text(
        self, doc_id: int, uid: str, length: int, digest: str, text_id: Any, text: Any, kind: str
    ) -> None:
        doc = _document(uid, doc_id)
        if text_id is None:
            self.add("text", f"{doc} has no text", doc_id)
            return
        if kind != "text":
            self.add("text", f"{doc}: the text is stored as {kind}, not text", doc_id)
            return
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.add(
                    "text", f"{doc}: the text is not valid UTF-8 (at byte {exc.start})", doc_id
                )
                return
        if length != len(text):
            self.add(
                "length",
                f"{doc}: the stored length is {length}, the text has {len(text)} characters",
                doc_id,
            )
            self._check_spans_against(doc_id, doc, len(text))
        if digest != text_digest(text):
            self.add("digest", f"{doc}: the stored digest does not match the text", doc_id)

    def _check_spans_against(self, doc_id: int, doc: str, real_length: int) -> None:
        """Spans checked against the real text when the stored length is wrong."""
        for span_id, uid, end in self._rows(
            'SELECT id, uid, "end" FROM spans WHERE document_id = ? AND "end" > ? ORDER BY id',
            [doc_id, real_length],
        ):
            self.add(
                "span",
                f"{doc}: {_item('span', uid, span_id)} ends at {end}, past the end of the "
                f"text ({real_length} characters)",
                doc_id,
            )

    # -- annotations ----------------------------------------------------------------
    def check_spans(self) -> None:
        for span_id, uid, doc_id, doc_uid, start, end, length in self._rows(
            'SELECT s.id, s.uid, s.document_id, d.uid, s.start, s."end", d.length '
            "FROM spans s JOIN documents d ON d.id = s.document_id "
            "WHERE typeof(s.start) <> 'integer' OR typeof(s.\"end\") <> 'integer' "
            'OR s.start < 0 OR s."end" <= s.start OR s."end" > d.length ORDER BY s.id'
        ):
            self.add(
                "span",
                f"{_document(doc_uid, doc_id)}: {_item('span', uid, span_id)} has start "
                f"{start!r} and end {end!r}, not 0 <= start < end <= {length}",
                doc_id,
            )
        for span_id, uid, doc_id, doc_uid, label, kind in self._rows(
            "SELECT s.id, s.uid, s.document_id, d.uid, l.name, l.kind FROM spans s "
            "JOIN labels l ON l.id = s.label_id LEFT JOIN documents d ON d.id = s.document_id "
            "WHERE l.kind NOT IN ('entity', 'event') ORDER BY s.id"
        ):
            self.add(
                "span",
                f"{_document(doc_uid, doc_id)}: {_item('span', uid, span_id)} is labelled "
                f"{label!r}, a {kind} label, not an entity or event label",
                doc_id,
            )

    def check_events(self) -> None:
        for row in self._rows(
            "SELECT e.id, e.uid, e.document_id, d.uid, s.id, s.uid, s.document_id, sd.uid "
            "FROM events e JOIN spans s ON s.id = e.trigger_id "
            "LEFT JOIN documents d ON d.id = e.document_id "
            "LEFT JOIN documents sd ON sd.id = s.document_id "
            "WHERE s.document_id <> e.document_id ORDER BY e.id"
        ):
            event_id, uid, doc_id, doc_uid, span_id, span_uid, span_doc, span_doc_uid = row
            self.add(
                "event",
                f"{_document(doc_uid, doc_id)}: {_item('event', uid, event_id)} is triggered "
                f"by {_item('span', span_uid, span_id)} of {_document(span_doc_uid, span_doc)}",
                doc_id,
            )

    def check_arguments(self) -> None:
        base = (
            "SELECT a.id, a.role, e.id, e.uid, e.document_id, d.uid{extra} FROM arguments a "
            "JOIN events e ON e.id = a.event_id LEFT JOIN documents d ON d.id = e.document_id "
            "{join} WHERE {where} ORDER BY a.id"
        )

        def place(
            arg_id: int, role: str, ev_id: int, ev_uid: str, doc_id: int, doc_uid: str
        ) -> str:
            return (
                f"{_document(doc_uid, doc_id)}: the {role!r} argument (id {arg_id}) "
                f"of {_item('event', ev_uid, ev_id)}"
            )

        for arg_id, role, ev_id, ev_uid, doc_id, doc_uid in self._rows(
            base.format(extra="", join="", where="(a.span_id IS NULL) = (a.event_ref_id IS NULL)")
        ):
            self.add(
                "argument",
                f"{place(arg_id, role, ev_id, ev_uid, doc_id, doc_uid)} must name exactly one "
                "span or event",
                doc_id,
            )
        for arg_id, role, ev_id, ev_uid, doc_id, doc_uid in self._rows(
            base.format(extra="", join="", where="a.event_ref_id = a.event_id")
        ):
            self.add(
                "argument",
                f"{place(arg_id, role, ev_id, ev_uid, doc_id, doc_uid)} names the event itself",
                doc_id,
            )
        for table, what, column in (
            ("spans", "span", "span_id"),
            ("events", "event", "event_ref_id"),
        ):
            for (
                arg_id,
                role,
                ev_id,
                ev_uid,
                doc_id,
                doc_uid,
                t_id,
                t_uid,
                t_doc,
                t_doc_uid,
            ) in self._rows(
                base.format(
                    extra=", t.id, t.uid, t.document_id, td.uid",
                    join=f"JOIN {table} t ON t.id = a.{column} "
                    "LEFT JOIN documents td ON td.id = t.document_id",
                    where="t.document_id <> e.document_id",
                )
            ):
                self.add(
                    "argument",
                    f"{place(arg_id, role, ev_id, ev_uid, doc_id, doc_uid)} names "
                    f"{_item(what, t_uid, t_id)} of {_document(t_doc_uid, t_doc)}",
                    doc_id,
                )

    def check_relations(self) -> None:
        for end in ("head", "tail"):
            for (
                rel_id,
                uid,
                doc_id,
                doc_uid,
                span_id,
                span_uid,
                span_doc,
                span_doc_uid,
            ) in self._rows(
                "SELECT r.id, r.uid, r.document_id, d.uid, s.id, s.uid, s.document_id, "
                f"sd.uid FROM relations r JOIN spans s ON s.id = r.{end}_id "
                "LEFT JOIN documents d ON d.id = r.document_id "
                "LEFT JOIN documents sd ON sd.id = s.document_id "
                "WHERE s.document_id <> r.document_id ORDER BY r.id"
            ):
                self.add(
                    "relation",
                    f"{_document(doc_uid, doc_id)}: {_item('relation', uid, rel_id)} has as "
                    f"{end} {_item('span', span_uid, span_id)} of "
                    f"{_document(span_doc_uid, span_doc)}",
                    doc_id,
                )
        for rel_id, uid, doc_id, doc_uid, label, kind in self._rows(
            "SELECT r.id, r.uid, r.document_id, d.uid, l.name, l.kind FROM relations r "
            "JOIN labels l ON l.id = r.label_id LEFT JOIN documents d ON d.id = r.document_id "
            "WHERE l.kind <> 'relation' ORDER BY r.id"
        ):
            self.add(
                "relation",
                f"{_document(doc_uid, doc_id)}: {_item('relation', uid, rel_id)} is labelled "
                f"{label!r}, an {kind} label, not a relation type",
                doc_id,
            )

    def check_uids(self) -> None:
        """Each table's UNIQUE (document_id, uid) holds; across tables it is checked here."""
        pairs = (
            ("spans", "span", "events", "event"),
            ("spans", "span", "relations", "relation"),
            ("events", "event", "relations", "relation"),
        )
        for left, left_what, right, right_what in pairs:
            for doc_id, doc_uid, uid, left_id, right_id in self._rows(
                f"SELECT a.document_id, d.uid, a.uid, a.id, b.id FROM {left} a "
                f"JOIN {right} b ON b.document_id = a.document_id AND b.uid = a.uid "
                "LEFT JOIN documents d ON d.id = a.document_id ORDER BY a.document_id, a.id"
            ):
                self.add(
                    "uid",
                    f"{_document(doc_uid, doc_id)}: uid {uid!r} is both {left_what} id "
                    f"{left_id} and {right_what} id {right_id}",
                    doc_id,
                )

    def check_labels(self) -> None:
        for role_id, role, label, kind in self._rows(
            "SELECT r.id, r.name, l.name, l.kind FROM roles r JOIN labels l ON l.id = r.label_id "
            "WHERE l.kind <> 'event' ORDER BY r.id"
        ):
            self.add(
                "label",
                f"role {role!r} (id {role_id}) belongs to {label!r}, an {kind} label, "
                "not an event type",
            )
        for table, column in (("labels", "heads"), ("labels", "tails"), ("roles", "fillers")):
            for row_id, name, value in self._rows(
                f"SELECT id, name, {column} FROM {table} "
                f"WHERE NOT json_valid({column}) OR json_type({column}) <> 'array' ORDER BY id"
            ):
                what = "label" if table == "labels" else "role"
                self.add(
                    "label",
                    f"{what} {name!r} (id {row_id}): {column} is not a JSON list ({value!r})",
                )

    # -- complete annotations (format 4) ------------------------------------------------
    def _before_format_4(self) -> bool:
        """An older file has none of these tables (its version is reported already)."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0]) < 4

    def check_fragments(self) -> None:
        """Discontinuous spans' pieces, checked against the stored length (the texts'
        own check compares that with the text)."""
        if self._before_format_4():
            return
        for span_id, uid, doc_id, doc_uid, start, end, value, length in self._rows(
            'SELECT s.id, s.uid, s.document_id, d.uid, s.start, s."end", s.fragments, d.length '
            "FROM spans s LEFT JOIN documents d ON d.id = s.document_id "
            "WHERE s.fragments IS NOT NULL ORDER BY s.id"
        ):
            problem = _fragments_problem(value, start, end, length)
            if problem is not None:
                self.add(
                    "fragments",
                    f"{_document(doc_uid, doc_id)}: {_item('span', uid, span_id)}: {problem}",
                    doc_id,
                )

    def check_attached(self) -> None:
        """Each attribute, normalization and note names one annotation of its document."""
        if self._before_format_4():
            return
        for table, what in _ATTACHED:
            for row_id, uid, doc_id, doc_uid in self._rows(
                f"SELECT a.id, a.uid, a.document_id, d.uid FROM {table} a "
                "LEFT JOIN documents d ON d.id = a.document_id "
                "WHERE (CASE WHEN a.span_id IS NULL THEN 0 ELSE 1 END "
                "+ CASE WHEN a.event_id IS NULL THEN 0 ELSE 1 END "
                "+ CASE WHEN a.relation_id IS NULL THEN 0 ELSE 1 END) <> 1 ORDER BY a.id"
            ):
                self.add(
                    "attachment",
                    f"{_document(doc_uid, doc_id)}: {_item(what, uid, row_id)} must belong to "
                    "exactly one span, event or relation",
                    doc_id,
                )
            for column, targets, target_what in _TARGETS:
                for row_id, uid, doc_id, doc_uid, t_id, t_uid, t_doc, t_doc_uid in self._rows(
                    f"SELECT a.id, a.uid, a.document_id, d.uid, t.id, t.uid, t.document_id, "
                    f"td.uid FROM {table} a JOIN {targets} t ON t.id = a.{column} "
                    "LEFT JOIN documents d ON d.id = a.document_id "
                    "LEFT JOIN documents td ON td.id = t.document_id "
                    "WHERE t.document_id <> a.document_id ORDER BY a.id"
                ):
                    self.add(
                        "attachment",
                        f"{_document(doc_uid, doc_id)}: {_item(what, uid, row_id)} belongs to "
                        f"{_item(target_what, t_uid, t_id)} of {_document(t_doc_uid, t_doc)}",
                        doc_id,
                    )

    def check_layers(self) -> None:
        """Every annotation is in a layer of a known annotator, and in the same layer
        as what it is made of (format 6, docs/adr/0017-layers.md)."""
        if int(self.db.execute("PRAGMA user_version").fetchone()[0]) < 6:
            return
        for table, what in (("spans", "span"), ("events", "event"), ("relations", "relation"),
                            *_ATTACHED, ("chains", "chain")):  # fmt: skip
            for row_id, uid, doc_id, doc_uid, layer in self._rows(
                f"SELECT a.id, a.uid, a.document_id, d.uid, a.layer FROM {table} a "
                "LEFT JOIN documents d ON d.id = a.document_id "
                "WHERE a.layer NOT IN (SELECT id FROM annotators) ORDER BY a.id"
            ):
                self.add(
                    "layer",
                    f"{_document(doc_uid, doc_id)}: {_item(what, uid, row_id)} is in layer "
                    f"{layer!r}, which names no annotator",
                    doc_id,
                )
        parts = (
            ("events", "event", "trigger_id", "spans", "its trigger"),
            ("relations", "relation", "head_id", "spans", "its head"),
            ("relations", "relation", "tail_id", "spans", "its tail"),
            *(
                (table, what, column, targets, f"its {target_what}")
                for table, what in _ATTACHED
                for column, targets, target_what in _TARGETS
            ),
        )
        for table, what, column, parent, role in parts:
            for row_id, uid, doc_id, doc_uid in self._rows(
                f"SELECT a.id, a.uid, a.document_id, d.uid FROM {table} a "
                f"JOIN {parent} p ON p.id = a.{column} "
                "LEFT JOIN documents d ON d.id = a.document_id "
                "WHERE p.layer <> a.layer ORDER BY a.id"
            ):
                self.add(
                    "layer",
                    f"{_document(doc_uid, doc_id)}: {_item(what, uid, row_id)} is in another "
                    f"annotator's layer than {role}",
                    doc_id,
                )
        for sql, what in (
            (
                "SELECT e.id, e.uid, e.document_id, d.uid FROM arguments a "
                "JOIN events e ON e.id = a.event_id "
                "LEFT JOIN spans s ON s.id = a.span_id LEFT JOIN events r ON r.id = a.event_ref_id "
                "LEFT JOIN documents d ON d.id = e.document_id "
                "WHERE coalesce(s.layer, r.layer) <> e.layer ORDER BY a.id",
                "event",
            ),
            (
                "SELECT c.id, c.uid, c.document_id, d.uid FROM chain_members m "
                "JOIN chains c ON c.id = m.chain_id JOIN spans s ON s.id = m.span_id "
                "LEFT JOIN documents d ON d.id = c.document_id "
                "WHERE s.layer <> c.layer ORDER BY m.id",
                "chain",
            ),
        ):
            for row_id, uid, doc_id, doc_uid in self._rows(sql):
                self.add(
                    "layer",
                    f"{_document(doc_uid, doc_id)}: {_item(what, uid, row_id)} has a member "
                    "in another annotator's layer",
                    doc_id,
                )

    def check_rejections(self) -> None:
        """Rejected suggestions (format 5) lie inside their text and name an entity or
        event label; the certainty table is derived and only needs its references."""
        if int(self.db.execute("PRAGMA user_version").fetchone()[0]) < 5:
            return
        for row_id, doc_id, doc_uid, start, end, length, label, kind in self._rows(
            'SELECT r.id, r.document_id, d.uid, r.start, r."end", d.length, l.name, l.kind '
            "FROM rejections r LEFT JOIN documents d ON d.id = r.document_id "
            "LEFT JOIN labels l ON l.id = r.label_id "
            "WHERE typeof(r.start) <> 'integer' OR typeof(r.\"end\") <> 'integer' "
            'OR r.start < 0 OR r."end" <= r.start OR r."end" > d.length '
            "OR l.kind NOT IN ('entity', 'event') ORDER BY r.id"
        ):
            where = f"{_document(doc_uid, doc_id)}: rejected suggestion (id {row_id})"
            if kind not in ("entity", "event"):
                self.add(
                    "rejection",
                    f"{where} names {label!r}, a {kind} label, not an entity or event label",
                    doc_id,
                )
            else:
                self.add(
                    "rejection",
                    f"{where} has start {start!r} and end {end!r}, not 0 <= start < end "
                    f"<= {length}",
                    doc_id,
                )

    def check_attribute_types(self) -> None:
        """Attribute types parse (the schema is read from them), and attributes name one."""
        if self._before_format_4():
            return
        kinds = ", ".join(f"'{kind}'" for kind in _LABEL_KINDS)
        checks = (
            ('"values"', "values", "a JSON list of texts", "1 = 0"),
            ("kinds", "kinds", f"a JSON list of {', '.join(_LABEL_KINDS)}",
             f"j.value NOT IN ({kinds})"),
            ("labels", "labels", "a JSON list of label names of the schema",
             "j.value NOT IN (SELECT name FROM labels)"),
        )  # fmt: skip
        for column, name, should, bad_item in checks:
            for row_id, attribute, value in self._rows(
                f"SELECT t.id, t.name, t.{column} FROM attribute_types t "
                f"WHERE NOT json_valid(t.{column}) OR json_type(t.{column}) <> 'array' "
                f"OR EXISTS (SELECT 1 FROM json_each(t.{column}) j "
                f"WHERE j.type <> 'text' OR ({bad_item})) ORDER BY t.id"
            ):
                problem = f"{name} is not {should} ({value!r})"
                if name == "labels":
                    missing = self._missing_labels(value)
                    if missing:
                        problem = f"labels name {', '.join(map(repr, missing))}, not in the schema"
                self.add("attribute", f"attribute type {attribute!r} (id {row_id}): {problem}")
        for row_id, uid, doc_id, doc_uid, name in self._rows(
            "SELECT a.id, a.uid, a.document_id, d.uid, a.name FROM attributes a "
            "LEFT JOIN documents d ON d.id = a.document_id "
            "WHERE a.name NOT IN (SELECT name FROM attribute_types) ORDER BY a.id"
        ):
            self.add(
                "attribute",
                f"{_document(doc_uid, doc_id)}: {_item('attribute', uid, row_id)} is "
                f"{name!r}, which the schema does not declare",
                doc_id,
            )

    def _missing_labels(self, value: Any) -> list[str]:
        """The names in a JSON list of labels that no label has ([] if it is not one)."""
        try:
            names = json.loads(value)
        except (TypeError, ValueError):
            return []
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            return []
        known = {row[0] for row in self._rows("SELECT name FROM labels")}
        return [n for n in names if n not in known]

    def check_chains(self) -> None:
        if self._before_format_4():
            return
        for chain_id, uid, doc_id, doc_uid, members in self._rows(
            "SELECT c.id, c.uid, c.document_id, d.uid, count(m.id) FROM chains c "
            "LEFT JOIN chain_members m ON m.chain_id = c.id "
            "LEFT JOIN documents d ON d.id = c.document_id "
            "GROUP BY c.id, c.uid, c.document_id, d.uid HAVING count(m.id) < 2 ORDER BY c.id"
        ):
            self.add(
                "chain",
                f"{_document(doc_uid, doc_id)}: {_item('chain', uid, chain_id)} has "
                f"{members} span{'' if members == 1 else 's'}; a chain needs two or more",
                doc_id,
            )
        for chain_id, uid, doc_id, doc_uid, span_id, span_uid, span_doc, span_doc_uid in self._rows(
            "SELECT c.id, c.uid, c.document_id, d.uid, s.id, s.uid, s.document_id, sd.uid "
            "FROM chain_members m JOIN chains c ON c.id = m.chain_id "
            "JOIN spans s ON s.id = m.span_id "
            "LEFT JOIN documents d ON d.id = c.document_id "
            "LEFT JOIN documents sd ON sd.id = s.document_id "
            "WHERE s.document_id <> c.document_id ORDER BY m.id"
        ):
            self.add(
                "chain",
                f"{_document(doc_uid, doc_id)}: {_item('chain', uid, chain_id)} has "
                f"{_item('span', span_uid, span_id)} of {_document(span_doc_uid, span_doc)}",
                doc_id,
            )

    # -- the search index -------------------------------------------------------------
    def check_search_structure(self) -> None:
        """FTS5's own check of the index structure (a write statement that writes nothing)."""
        try:
            self.db.execute("INSERT INTO texts_search (texts_search) VALUES ('integrity-check')")
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc):
                return  # cannot run on a read-only file; the rows are still compared below
            if "no such table" in str(exc):
                return  # reported as a schema problem
            raise
        except sqlite3.DatabaseError as exc:
            self.add("search-index", f"the search index is damaged ({exc}); it must be rebuilt")
            return

    def check_search_words(self) -> None:
        """When every text is indexed, FTS5 also compares the index with the texts' words."""
        if any(problem.kind in ("search-index", "schema") for problem in self.problems):
            return  # already reported, more precisely
        upto = _indexed_upto(self.db)
        if upto is None:
            return
        lag = self.db.execute(
            "SELECT count(*) FROM texts WHERE document_id > ?", [upto]
        ).fetchone()[0]
        if lag:
            return  # the index holds only some texts, so it cannot be compared with them all
        try:
            self.db.execute(
                "INSERT INTO texts_search (texts_search, rank) VALUES ('integrity-check', 1)"
            )
            return
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc):
                return
            error = str(exc)
        except sqlite3.DatabaseError as exc:
            error = str(exc)
        stale = self._stale_documents(upto)
        for doc_id, doc_uid in stale:
            self.add(
                "search-index",
                f"{_document(doc_uid, doc_id)}: the search index holds other words than its "
                "text; the index must be rebuilt",
                doc_id,
            )
        if not stale:
            self.add(
                "search-index",
                f"the search index does not match the texts ({error}); it must be rebuilt",
            )

    def _stale_documents(self, upto: int) -> list[tuple[int, Any]]:
        """Documents whose indexed word count differs from a fresh tokenization of their text."""
        sql = self.db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'texts_search'"
        ).fetchone()
        found = _TOKENIZE.search(sql[0] if sql else "")
        tokenize = f", tokenize = {found.group(1)}" if found else ""
        self.db.execute("DROP TABLE IF EXISTS temp.integrity_words")
        self.db.execute(
            f"CREATE VIRTUAL TABLE temp.integrity_words USING fts5(text, content = ''{tokenize})"
        )
        try:
            self.db.execute(
                "INSERT INTO temp.integrity_words (rowid, text) "
                "SELECT document_id, text FROM texts WHERE document_id <= ?",
                [upto],
            )
            return [
                (row[0], row[1])
                for row in self.db.execute(
                    "SELECT z.id, d.uid FROM texts_search_docsize z "
                    "JOIN temp.integrity_words_docsize y ON y.id = z.id "
                    "LEFT JOIN documents d ON d.id = z.id WHERE y.sz <> z.sz ORDER BY z.id"
                )
            ]
        finally:
            self.db.execute("DROP TABLE IF EXISTS temp.integrity_words")

    def check_search_rows(self) -> None:
        """Indexed texts (id <= the mark) are in the index, and nothing else is."""
        row = self.db.execute("SELECT value FROM project WHERE key = ?", [_UPTO]).fetchone()
        upto = _indexed_upto(self.db)
        if row is None:
            self.add("search-index", f"the project has no {_UPTO} mark; search cannot work")
            return
        if upto is None:
            self.add("search-index", f"the {_UPTO} mark is {row[0]!r}, not a number")
            return
        for doc_id, doc_uid in self._rows(
            "SELECT t.document_id, d.uid FROM texts t "
            "LEFT JOIN documents d ON d.id = t.document_id "
            "WHERE t.document_id <= ? AND NOT EXISTS "
            "(SELECT 1 FROM texts_search_docsize z WHERE z.id = t.document_id) "
            "ORDER BY t.document_id",
            [upto],
        ):
            self.add(
                "search-index",
                f"{_document(doc_uid, doc_id)} is missing from the search index",
                doc_id,
            )
        for doc_id, has_text, doc_uid in self._rows(
            "SELECT z.id, t.document_id IS NOT NULL, d.uid FROM texts_search_docsize z "
            "LEFT JOIN texts t ON t.document_id = z.id LEFT JOIN documents d ON d.id = z.id "
            "WHERE z.id > ? OR t.document_id IS NULL ORDER BY z.id",
            [upto],
        ):
            if not has_text:
                self.add(
                    "search-index",
                    f"the search index holds {_document(doc_uid, doc_id)}, which has no text",
                    doc_id if doc_uid is not None else None,
                )
            else:
                self.add(
                    "search-index",
                    f"the search index holds {_document(doc_uid, doc_id)}, past its mark "
                    f"({_UPTO} = {upto})",
                    doc_id,
                )


def _fragments_problem(value: Any, start: Any, end: Any, length: Any) -> str | None:
    """What is wrong with a span's ``fragments`` column, or None."""
    try:
        pieces = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        pieces = None
    if not isinstance(pieces, list) or not all(
        isinstance(piece, list)
        and len(piece) == 2
        and all(type(bound) is int for bound in piece)  # not bool, not float
        for piece in pieces
    ):
        return f"fragments {value!r} are not JSON [[start, end], ...]"
    if len(pieces) < 2:
        return f"fragments {value} are {len(pieces)} piece(s); a discontinuous span has two or more"
    previous = 0
    for piece_start, piece_end in pieces:
        if not previous <= piece_start < piece_end:
            return f"fragments {value} are empty, out of order or overlapping"
        if isinstance(length, int) and piece_end > length:
            return f"fragments {value} run past the end of the text ({length} characters)"
        previous = piece_end
    if pieces[0][0] != start or pieces[-1][1] != end:
        return (
            f"fragments {value} cover {pieces[0][0]}..{pieces[-1][1]}, "
            f"not the span's start and end {start}..{end}"
        )
    return None


def _indexed_upto(db: Database) -> int | None:
    row = db.execute("SELECT value FROM project WHERE key = ?", [_UPTO]).fetchone()
    if row is None or not isinstance(row[0], str) or not row[0].isdigit():
        return None
    return int(row[0])


_TOKENIZE = re.compile(r"tokenize\s*=\s*('(?:[^']|'')*')", re.IGNORECASE)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _meta_problem(value: Any) -> str | None:
    """Why a text's stored metadata does not read back (None: it does)."""
    try:
        decoded = value.decode("utf-8") if isinstance(value, bytes) else value
        parsed = json.loads(decoded)
    except UnicodeDecodeError as exc:
        return f"its metadata is not valid UTF-8 (at byte {exc.start})"
    except (TypeError, ValueError):
        return "its metadata is not JSON"
    return None if isinstance(parsed, dict) else "its metadata is not a JSON object"


@functools.cache
def _is_utf8(value: Any) -> bool:
    if not isinstance(value, bytes):
        return True
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _shown_key(value: Any) -> str:
    if isinstance(value, bytes):
        return repr(value.decode("utf-8", "replace")[:40])
    return str(value)


def _expected_schema() -> dict[tuple[str, str], str]:
    """What the migrations create (made once per process, in memory)."""
    reference = memory_database()
    try:
        return _schema_objects(reference)
    finally:
        reference.close()


def _schema_objects(db: Database) -> dict[tuple[str, str], str]:
    return {
        (kind, name): " ".join((sql or "").split())
        for kind, name, sql in db.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'index', 'trigger')"
        )
    }
