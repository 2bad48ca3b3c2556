"""Row-level change log: how every edit becomes exactly undoable.

An edit writes only through a :class:`Recorder`, which performs each insert,
update and delete and remembers the rows before and after. Undo replays the log
backwards, redo replays it forwards, so ids, uids and cascades come back exactly
as they were, for every kind of edit, without each edit writing its own inverse.

Deletes remove dependent rows first (a span's relations, the arguments that point
at it, the events it triggers...), each logged, so SQLite's ``ON DELETE CASCADE``
never removes anything behind the log's back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlite_utils import Database

from annotator.core.errors import ConflictError
from annotator.core.store.server import on_server

Row = dict[str, Any]

# Primary key of each table (the rest use "id").
PRIMARY_KEYS: Mapping[str, str] = {
    "texts": "document_id",
    "project": "key",
    "certainty": "document_id",
}

# Rows that must go before a row of the key table can go: (table, column).
_ATTACHED = ("attributes", "normalizations", "notes")

DEPENDENTS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("chains", "document_id"),
        *((table, "document_id") for table in _ATTACHED),
        ("relations", "document_id"),
        ("events", "document_id"),
        ("spans", "document_id"),
        ("texts", "document_id"),
        ("status_history", "document_id"),
        ("rejections", "document_id"),
        ("layer_status", "document_id"),
        ("certainty", "document_id"),
    ),
    "spans": (
        *((table, "span_id") for table in _ATTACHED),
        ("chain_members", "span_id"),
        ("relations", "head_id"),
        ("relations", "tail_id"),
        ("arguments", "span_id"),
        ("events", "trigger_id"),
    ),
    "events": (
        *((table, "event_id") for table in _ATTACHED),
        ("arguments", "event_ref_id"),
        ("arguments", "event_id"),
    ),
    "relations": tuple((table, "relation_id") for table in _ATTACHED),
    "chains": (("chain_members", "chain_id"),),
    "labels": (("roles", "label_id"), ("rejections", "label_id")),
}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class RowChange:
    table: str
    op: Literal["insert", "update", "delete"]
    key: Any
    before: Row | None
    after: Row | None

    def inverse(self) -> RowChange:
        """The change that undoes this one."""
        op: Literal["insert", "update", "delete"] = {
            "insert": "delete",
            "delete": "insert",
            "update": "update",
        }[self.op]  # type: ignore[assignment]
        return RowChange(self.table, op, self.key, self.after, self.before)


@dataclass
class ChangeLog:
    """What one edit did, in order."""

    rows: list[RowChange] = field(default_factory=list)
    documents: set[int] = field(default_factory=set)

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(change.table for change in self.rows)


class Recorder:
    """Performs and logs row changes inside the caller's transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.log = ChangeLog()

    # -- writes ---------------------------------------------------------------
    def insert(self, table: str, row: Row) -> int:
        """Insert a row; returns its primary key (new rowid when the row has no id)."""
        _insert(self.db, table, row)
        pk = PRIMARY_KEYS.get(table, "id")
        key = row.get(pk)
        if key is None:
            key = self.db.execute("SELECT last_insert_rowid()").fetchone()[0]
            row = {pk: key, **row}
        self.log.rows.append(RowChange(table, "insert", key, None, dict(row)))
        self._touch(table, row)
        return int(key) if isinstance(key, int) else key

    def update(self, table: str, key: Any, values: Row) -> None:
        pk = PRIMARY_KEYS.get(table, "id")
        before = self.get(table, key)
        if before is None:
            raise LookupError(f"no {table} row {key}")
        old = {column: before[column] for column in values}
        if old == values:
            return
        _update(self.db, table, pk, key, values)
        self.log.rows.append(RowChange(table, "update", key, old, dict(values)))
        self._touch(table, before)

    def delete(self, table: str, key: Any) -> None:
        """Delete a row and, first, every row that depends on it."""
        pk = PRIMARY_KEYS.get(table, "id")
        for child_table, column in DEPENDENTS.get(table, ()):
            child_pk = PRIMARY_KEYS.get(child_table, "id")
            children = self.db.execute(
                f"SELECT {_q(child_pk)} FROM {_q(child_table)} WHERE {_q(column)} = ?",
                [key],
            ).fetchall()
            for (child_key,) in children:
                self.delete(child_table, child_key)
        row = self.get(table, key)
        if row is None:  # already removed through another dependency path
            return
        self.db.execute(f"DELETE FROM {_q(table)} WHERE {_q(pk)} = ?", [key])
        self.log.rows.append(RowChange(table, "delete", key, row, None))
        self._touch(table, row)

    def touch(self, document_id: int) -> None:
        """Mark a document as changed by this edit (for rows without document_id)."""
        self.log.documents.add(document_id)

    # -- reads ----------------------------------------------------------------
    def get(self, table: str, key: Any) -> Row | None:
        pk = PRIMARY_KEYS.get(table, "id")
        cursor = self.db.execute(f"SELECT * FROM {_q(table)} WHERE {_q(pk)} = ?", [key])
        values = cursor.fetchone()
        if values is None:
            return None
        return dict(zip([d[0] for d in cursor.description], values, strict=True))

    def _touch(self, table: str, row: Mapping[str, Any]) -> None:
        if table == "documents":
            self.log.documents.add(int(row["id"]))
        elif "document_id" in row and row["document_id"] is not None:
            self.log.documents.add(int(row["document_id"]))


def _insert(db: Database, table: str, row: Mapping[str, Any]) -> None:
    columns = ", ".join(_q(c) for c in row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO {_q(table)} ({columns}) VALUES ({marks})", list(row.values()))


def _update(db: Database, table: str, pk: str, key: Any, values: Mapping[str, Any]) -> None:
    assignments = ", ".join(f"{_q(c)} = ?" for c in values)
    db.execute(f"UPDATE {_q(table)} SET {assignments} WHERE {_q(pk)} = ?", [*values.values(), key])


def replay(db: Database, changes: Iterable[RowChange], *, forward: bool) -> None:
    """Redo (forward) or undo (backward) logged changes; the caller holds the transaction.

    On a shared server project each row is first checked to be as the log left it: if
    someone else changed or deleted it since, the undo is refused (ConflictError) rather
    than overwriting their work. A file has one writer, so the check is skipped there.
    """
    ordered = list(changes) if forward else list(reversed(list(changes)))
    verify = on_server(db)
    for change in ordered:
        pk = PRIMARY_KEYS.get(change.table, "id")
        op: str = change.op
        if not forward:
            op = {"insert": "delete", "delete": "insert", "update": "update"}[op]
        if verify:
            _verify(db, change, op, forward=forward)
        if op == "insert":
            row = change.after if forward else change.before
            assert row is not None
            _insert(db, change.table, row)
        elif op == "delete":
            db.execute(f"DELETE FROM {_q(change.table)} WHERE {_q(pk)} = ?", [change.key])
        else:
            values = change.after if forward else change.before
            assert values is not None
            _update(db, change.table, pk, change.key, values)


_ITEM = {
    "spans": "span",
    "events": "event",
    "arguments": "argument",
    "relations": "relation",
    "attributes": "attribute",
    "normalizations": "normalization",
    "notes": "note",
    "chains": "chain",
    "chain_members": "chain member",
    "documents": "document",
    "labels": "label",
}


def _verify(db: Database, change: RowChange, op: str, *, forward: bool) -> None:
    """Refuse to replay a change over a row someone else has changed since."""
    expected = change.before if forward else change.after  # the row as the log left it
    current = Recorder(db).get(change.table, change.key)
    what = _ITEM.get(change.table, change.table.rstrip("s"))
    uid = (current or expected or {}).get("uid")
    named = f"{what} {uid}" if uid else f"that {what}"
    if op == "insert":
        if current is not None:
            raise ConflictError(f"{named} was made again by someone else meanwhile")
        return
    if current is None:
        raise ConflictError(f"{named} was deleted by someone else meanwhile")
    assert expected is not None
    if any(current.get(column) != value for column, value in expected.items()):
        raise ConflictError(f"{named} was changed by someone else meanwhile")
