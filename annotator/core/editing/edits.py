"""Edits: one class per user-visible change, the only way a project changes.

``Project.apply(edit)`` runs an edit in its own committed transaction and returns
:class:`Changes` (what views need to refresh); ``Project.revert(edit)`` undoes it.
An edit's first application performs it through a
:class:`~annotator.core.store.recorder.Recorder`; undo and redo replay that log,
so every edit is exactly reversible (docs/adr/0004-edits-and-undo.md).
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from annotator.core.errors import EditError, InputError, OffsetError, no_progress
from annotator.core.model import AttributeType, Label, LabelKind, Schema, Status, schemas
from annotator.core.model.records import DocumentRecord, check_record
from annotator.core.model.text import (
    check_fragments,
    check_name_length,
    check_span,
    merge_fragments,
    text_digest,
    title_of,
)
from annotator.core.store.migrations import GOLD
from annotator.core.store.queries import (
    fragments_of,
    layer_id,
    layer_name,
    layers_by_document,
    load_schema,
    uid_taken,
    uids_in_document,
)
from annotator.core.store.recorder import ChangeLog, Recorder, RowChange, replay

SCHEMA_TABLES = frozenset({"labels", "roles", "project", "attribute_types"})
ANNOTATION_TABLES = frozenset(
    {
        "spans",
        "events",
        "arguments",
        "relations",
        "attributes",
        "normalizations",
        "notes",
        "chains",
        "chain_members",
    }
)
ATTACHED_TABLES = ("attributes", "normalizations", "notes")


@dataclass(frozen=True, slots=True)
class Changes:
    """What an applied or reverted edit touched."""

    tables: frozenset[str]
    documents: frozenset[int]
    # Row by row, in the order they happened (None: not recorded, e.g. a bulk import).
    # Views use them to patch what they show instead of reloading a whole document.
    rows: tuple[RowChange, ...] | None = None

    @property
    def schema(self) -> bool:
        return bool(self.tables & SCHEMA_TABLES)

    @property
    def annotations(self) -> bool:
        return bool(self.tables & ANNOTATION_TABLES)

    @property
    def document_list(self) -> bool:
        """Titles, statuses, membership or span counts in the document list changed."""
        return bool(self.tables & {"documents", "spans"})


_UID_NUMBER = re.compile(r"[0-9]{1,18}")


class UidCounter:
    """Hands out fresh per-document uids ("T12") without rescanning the document.

    Spans, events and relations share one namespace per document because an
    argument's ``ref`` may name either a span or an event.
    """

    def __init__(self) -> None:
        self._used: dict[int, set[str]] = {}
        self._next: dict[tuple[int, str], int] = {}

    def new(self, db: Database, document_id: int, prefix: str) -> str:
        used = self._used.get(document_id)
        if used is None:
            used = self._used[document_id] = uids_in_document(db, document_id)
        number = self._next.get((document_id, prefix))
        if number is None:
            numbers = [
                int(uid[len(prefix) :])
                for uid in used
                # ASCII digits, as the uids made here: int() refuses a number of 4,300 digits
                if uid.startswith(prefix) and _UID_NUMBER.fullmatch(uid, len(prefix))
            ]
            number = max(numbers, default=0) + 1
        # On a server, what others committed since `used` was read counts too, seen
        # under the document's uid lock (ServerDatabase.committed_view): an index lookup
        # per candidate, not a read of the document's uids on every key press.
        committed = None
        if getattr(db, "is_server", False):
            committed = db.committed_view(document_id)  # type: ignore[attr-defined]
        while f"{prefix}{number}" in used or (
            committed is not None and uid_taken(committed, document_id, f"{prefix}{number}")
        ):
            used.add(f"{prefix}{number}")
            number += 1
        uid = f"{prefix}{number}"
        used.add(uid)
        self._next[(document_id, prefix)] = number + 1
        return uid

    def forget(self) -> None:
        self._used.clear()
        self._next.clear()


class TextCache:
    """The texts of the last few documents edited, so that labelling a word in a 1 MB
    article does not read the megabyte again (~2 ms) on every key press.

    Texts never change, but the id of a deleted document can be given to a new one, so
    an entry counts only while the document's digest is the same.
    """

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._items: OrderedDict[int, tuple[str, str]] = OrderedDict()

    def text(self, db: Database, document_id: int) -> str:
        row = db.execute("SELECT digest FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise EditError(f"there is no document {document_id}")
        digest = str(row[0])
        hit = self._items.get(document_id)
        if hit is not None and hit[0] == digest:
            self._items.move_to_end(document_id)
            return hit[1]
        found = db.execute("SELECT text FROM texts WHERE document_id = ?", [document_id]).fetchone()
        if found is None:
            raise EditError(f"there is no document {document_id}")
        text = str(found[0])
        self._items[document_id] = (digest, text)
        self._items.move_to_end(document_id)
        while len(self._items) > self._size:
            self._items.popitem(last=False)
        return text


class Transaction:
    """What an edit may use while it is performed: the recorder and lookups."""

    def __init__(
        self,
        db: Database,
        uids: UidCounter,
        texts: TextCache | None = None,
        layer: int = GOLD,
    ) -> None:
        self.db = db
        self.rec = Recorder(db)
        self._uids = uids
        self._texts = texts or TextCache(size=1)
        # The layer new spans go into; everything made of spans is in their layer.
        self.layer = layer

    def label(self, name: str, *kinds: LabelKind) -> dict[str, Any]:
        row = self.db.execute("SELECT id, name, kind FROM labels WHERE name = ?", [name]).fetchone()
        if row is None:
            raise EditError(f"there is no label {name!r} in this project's schema")
        if kinds and row[2] not in kinds:
            wanted = " or ".join(str(k) for k in kinds)
            raise EditError(f"{name!r} is a {row[2]} label, not {wanted}")
        return {"id": row[0], "name": row[1], "kind": LabelKind(row[2])}

    def text(self, document_id: int) -> str:
        return self._texts.text(self.db, document_id)

    def row(self, table: str, key: int, what: str) -> dict[str, Any]:
        """A row to change or build on; one of another annotator's layer is refused."""
        row = self.rec.get(table, key)
        if row is None:
            raise EditError(f"there is no {what} {key}")
        layer = row.get("layer")
        if layer is not None and layer != self.layer:
            raise EditError(
                f"that {what} is in {layer_name(self.db, layer)}'s layer, "
                f"not in {layer_name(self.db, self.layer)}'s, which you are editing"
            )
        return row

    def span_label(self, span_id: int) -> dict[str, Any]:
        """A span's label (refused, as :meth:`row`, for a span of another layer)."""
        row = self.db.execute(
            "SELECT l.id, l.name, l.kind, s.layer FROM spans s "
            "JOIN labels l ON l.id = s.label_id WHERE s.id = ?",
            [span_id],
        ).fetchone()
        if row is None:
            raise EditError(f"there is no span {span_id}")
        if row[3] != self.layer:
            raise EditError(
                f"that span is in {layer_name(self.db, row[3])}'s layer, "
                f"not in {layer_name(self.db, self.layer)}'s, which you are editing"
            )
        return {"id": row[0], "name": row[1], "kind": LabelKind(row[2])}

    def new_uid(self, document_id: int, prefix: str) -> str:
        return self._uids.new(self.db, document_id, prefix)

    def insert_span(
        self,
        document_id: int,
        start: int,
        end: int,
        label_id: int,
        fragments: Sequence[tuple[int, int]] | None = None,
    ) -> int:
        """Check the offsets against the stored text and insert a span with a new uid."""
        try:
            check_span(self.text(document_id), start, end)
            if fragments is not None:
                check_fragments(self.text(document_id), start, end, fragments)
        except OffsetError as exc:
            raise EditError(f"cannot add a span: {exc}") from None
        row: dict[str, Any] = {
            "document_id": document_id,
            "uid": self.new_uid(document_id, "T"),
            "start": start,
            "end": end,
            "label_id": label_id,
            "layer": self.layer,
        }
        if fragments is not None:
            row["fragments"] = fragments_json(fragments)
        return self.rec.insert("spans", row)

    def drop_short_chains(self, span_id: int) -> None:
        """Delete the chains a span's removal would leave with fewer than two members."""
        for (chain_id,) in self.db.execute(
            "SELECT m.chain_id FROM chain_members m WHERE m.span_id = ? AND "
            "(SELECT count(*) FROM chain_members o WHERE o.chain_id = m.chain_id) <= 2",
            [span_id],
        ).fetchall():
            self.rec.delete("chains", chain_id)


class Edit(ABC):
    """A user-visible change. Subclasses implement :meth:`perform` and :attr:`name`."""

    _log: ChangeLog | None = None
    written_layer: int | None = None  # the layer it was first performed in
    replayed = False  # the last apply() replayed the log (a redo)

    @property
    @abstractmethod
    def name(self) -> str:
        """What the Edit menu shows: "Add PER span"."""

    @abstractmethod
    def perform(self, tx: Transaction) -> None:
        """Validate and make the change through ``tx.rec``; raise EditError to refuse."""

    def apply(
        self,
        db: Database,
        uids: UidCounter,
        texts: TextCache | None = None,
        layer: int = GOLD,
    ) -> Changes:
        """Perform the edit (first time) or redo it; the caller owns the transaction.

        ``layer``: the annotator's layer new annotations go into (a redo replays the
        rows, so it stays in the layer it was first made in)."""
        self.replayed = self._log is not None
        if self._log is None:
            tx = Transaction(db, uids, texts, layer)
            self.written_layer = layer
            self.perform(tx)
            self._log = tx.rec.log
        else:
            replay(db, self._log.rows, forward=True)
        return self._changes()

    def forget(self) -> None:
        """The transaction that first performed it was rolled back: perform it afresh
        next time (the log describes rows that were never committed)."""
        self._log = None

    def revert(self, db: Database) -> Changes:
        if self._log is None:
            raise EditError(f"cannot undo {self.name!r}: it was never applied")
        replay(db, self._log.rows, forward=False)
        return self._changes(forward=False)

    @property
    def applied(self) -> bool:
        return self._log is not None

    def changes(self) -> Changes:
        """What the edit touches (after it has been applied)."""
        return self._changes()

    def _changes(self, *, forward: bool = True) -> Changes:
        assert self._log is not None
        rows = (
            self._log.rows if forward else [change.inverse() for change in reversed(self._log.rows)]
        )
        return Changes(self._log.tables, frozenset(self._log.documents), tuple(rows))


# -- spans ---------------------------------------------------------------------
def fragments_json(fragments: Sequence[tuple[int, int]]) -> str:
    return json.dumps([[start, end] for start, end in fragments])


class AddSpan(Edit):
    """Add a span; ``fragments`` (two or more ranges) make it discontinuous."""

    def __init__(
        self,
        document_id: int,
        start: int,
        end: int,
        label: str,
        fragments: Sequence[tuple[int, int]] | None = None,
    ) -> None:
        self.document_id, self.start, self.end, self.label = document_id, start, end, label
        self.fragments = None if fragments is None else [(f[0], f[1]) for f in fragments]
        self.span_id: int | None = None

    @property
    def name(self) -> str:
        return f"Add {self.label} span"

    def perform(self, tx: Transaction) -> None:
        label = tx.label(self.label, LabelKind.ENTITY, LabelKind.EVENT)
        self.span_id = tx.insert_span(
            self.document_id, self.start, self.end, label["id"], self.fragments
        )


class AddFragment(Edit):
    """Extend a span with another range of text, making it discontinuous.

    A range overlapping the span's pieces is joined with them; pieces that end up
    as one range leave a contiguous span.
    """

    def __init__(self, span_id: int, start: int, end: int) -> None:
        self.span_id, self.start, self.end = span_id, start, end

    @property
    def name(self) -> str:
        return "Add fragment to span"

    def perform(self, tx: Transaction) -> None:
        span = tx.row("spans", self.span_id, "span")
        try:
            check_span(tx.text(span["document_id"]), self.start, self.end)
        except OffsetError as exc:
            raise EditError(f"cannot add the fragment: {exc}") from None
        pieces = _pieces(span)
        merged = merge_fragments([*pieces, (self.start, self.end)])
        if merged == tuple(pieces):
            raise EditError("the span already covers that text")
        _set_pieces(tx, self.span_id, merged)


class RemoveFragment(Edit):
    """Take one piece (by position) out of a discontinuous span."""

    def __init__(self, span_id: int, index: int) -> None:
        self.span_id, self.index = span_id, index

    @property
    def name(self) -> str:
        return "Remove fragment from span"

    def perform(self, tx: Transaction) -> None:
        span = tx.row("spans", self.span_id, "span")
        pieces = _pieces(span)
        if len(pieces) < 2:
            raise EditError("the span has one piece; delete the span instead")
        if not 0 <= self.index < len(pieces):
            raise EditError(f"the span has no fragment {self.index + 1}")
        _set_pieces(tx, self.span_id, [p for i, p in enumerate(pieces) if i != self.index])


def _pieces(span_row: dict[str, Any]) -> list[tuple[int, int]]:
    return list(fragments_of(span_row.get("fragments"))) or [
        (int(span_row["start"]), int(span_row["end"]))
    ]


def _set_pieces(tx: Transaction, span_id: int, pieces: Sequence[tuple[int, int]]) -> None:
    tx.rec.update(
        "spans",
        span_id,
        {
            "start": pieces[0][0],
            "end": pieces[-1][1],
            "fragments": fragments_json(pieces) if len(pieces) > 1 else None,
        },
    )


class DeleteSpan(Edit):
    """Deletes a span with its relations, the arguments naming it and the events it triggers."""

    def __init__(self, span_id: int) -> None:
        self.span_id = span_id
        self._label = "span"

    @property
    def name(self) -> str:
        return f"Delete {self._label} span"

    def perform(self, tx: Transaction) -> None:
        self._label = tx.span_label(self.span_id)["name"]
        tx.drop_short_chains(self.span_id)
        tx.rec.delete("spans", self.span_id)


class RelabelSpan(Edit):
    def __init__(self, span_id: int, label: str) -> None:
        self.span_id, self.label = span_id, label

    @property
    def name(self) -> str:
        return f"Relabel span as {self.label}"

    def perform(self, tx: Transaction) -> None:
        old = tx.span_label(self.span_id)
        new = tx.label(self.label, LabelKind.ENTITY, LabelKind.EVENT)
        triggers = tx.db.execute(
            "SELECT count(*) FROM events WHERE trigger_id = ?", [self.span_id]
        ).fetchone()[0]
        if triggers and new["kind"] != LabelKind.EVENT:
            raise EditError(
                f"this span triggers {triggers} event(s); it can only take an event type"
            )
        if old["id"] != new["id"]:
            tx.rec.update("spans", self.span_id, {"label_id": new["id"]})


class MoveSpan(Edit):
    """Change a span's offsets (widen, shrink or shift it)."""

    def __init__(self, span_id: int, start: int, end: int) -> None:
        self.span_id, self.start, self.end = span_id, start, end

    @property
    def name(self) -> str:
        return "Resize span"

    def perform(self, tx: Transaction) -> None:
        span = tx.row("spans", self.span_id, "span")
        text = tx.text(span["document_id"])
        try:
            check_span(text, self.start, self.end)
            if span.get("fragments"):
                # A discontinuous span moves its outer edges: the first piece's start
                # and the last piece's end.
                pieces = _pieces(span)
                pieces[0] = (self.start, pieces[0][1])
                pieces[-1] = (pieces[-1][0], self.end)
                check_fragments(text, self.start, self.end, pieces)
                _set_pieces(tx, self.span_id, pieces)
                return
        except OffsetError as exc:
            raise EditError(f"cannot resize the span: {exc}") from None
        tx.rec.update("spans", self.span_id, {"start": self.start, "end": self.end})


# -- events --------------------------------------------------------------------
class CreateEvent(Edit):
    """Create a trigger span with an event type as its label, and its event."""

    def __init__(self, document_id: int, start: int, end: int, event_type: str) -> None:
        self.document_id, self.start, self.end = document_id, start, end
        self.event_type = event_type
        self.span_id: int | None = None
        self.event_id: int | None = None

    @property
    def name(self) -> str:
        return f"Add {self.event_type} event"

    def perform(self, tx: Transaction) -> None:
        label = tx.label(self.event_type, LabelKind.EVENT)
        self.span_id = tx.insert_span(self.document_id, self.start, self.end, label["id"])
        self.event_id = tx.rec.insert(
            "events",
            {
                "document_id": self.document_id,
                "uid": tx.new_uid(self.document_id, "E"),
                "trigger_id": self.span_id,
                "layer": tx.layer,
            },
        )


class AddEvent(Edit):
    """Add another event on an existing trigger span (events may share a trigger)."""

    def __init__(self, trigger_id: int) -> None:
        self.trigger_id = trigger_id
        self.event_id: int | None = None
        self._type = "event"

    @property
    def name(self) -> str:
        return f"Add {self._type} event"

    def perform(self, tx: Transaction) -> None:
        label = tx.span_label(self.trigger_id)
        if label["kind"] != LabelKind.EVENT:
            raise EditError(f"a trigger needs an event type, and {label['name']!r} is not one")
        self._type = label["name"]
        span = tx.row("spans", self.trigger_id, "span")
        self.event_id = tx.rec.insert(
            "events",
            {
                "document_id": span["document_id"],
                "uid": tx.new_uid(span["document_id"], "E"),
                "trigger_id": self.trigger_id,
                "layer": span["layer"],
            },
        )


class DeleteEvent(Edit):
    """Delete an event; its trigger span goes too when no other event uses it."""

    def __init__(self, event_id: int) -> None:
        self.event_id = event_id

    @property
    def name(self) -> str:
        return "Delete event"

    def perform(self, tx: Transaction) -> None:
        event = tx.row("events", self.event_id, "event")
        tx.rec.delete("events", self.event_id)
        others = tx.db.execute(
            "SELECT count(*) FROM events WHERE trigger_id = ?", [event["trigger_id"]]
        ).fetchone()[0]
        if not others:
            tx.drop_short_chains(event["trigger_id"])
            tx.rec.delete("spans", event["trigger_id"])


class AddArgument(Edit):
    """Fill a role of an event with a span or with another event."""

    def __init__(
        self,
        event_id: int,
        role: str,
        *,
        span_id: int | None = None,
        event_ref_id: int | None = None,
    ) -> None:
        if (span_id is None) == (event_ref_id is None):
            raise EditError("an argument names either a span or an event")
        self.event_id, self.role = event_id, role
        self.span_id, self.event_ref_id = span_id, event_ref_id
        self.argument_id: int | None = None

    @property
    def name(self) -> str:
        return f"Add {self.role} argument"

    def perform(self, tx: Transaction) -> None:
        if not self.role.strip():
            raise EditError("an argument needs a role")
        event = tx.row("events", self.event_id, "event")
        document_id = event["document_id"]
        if self.span_id is not None:
            target = tx.row("spans", self.span_id, "span")
        else:
            assert self.event_ref_id is not None
            if self.event_ref_id == self.event_id:
                raise EditError("an event cannot be its own argument")
            target = tx.row("events", self.event_ref_id, "event")
        if target["document_id"] != document_id:
            raise EditError("an argument must be in the same document as its event")
        position = tx.db.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM arguments WHERE event_id = ?",
            [self.event_id],
        ).fetchone()[0]
        self.argument_id = tx.rec.insert(
            "arguments",
            {
                "event_id": self.event_id,
                "role": self.role,
                "span_id": self.span_id,
                "event_ref_id": self.event_ref_id,
                "position": position,
            },
        )
        tx.rec.touch(document_id)


class SetArgumentRole(Edit):
    def __init__(self, argument_id: int, role: str) -> None:
        self.argument_id, self.role = argument_id, role

    @property
    def name(self) -> str:
        return f"Change argument role to {self.role}"

    def perform(self, tx: Transaction) -> None:
        if not self.role.strip():
            raise EditError("an argument needs a role")
        argument = tx.row("arguments", self.argument_id, "argument")
        tx.rec.update("arguments", self.argument_id, {"role": self.role})
        tx.rec.touch(tx.row("events", argument["event_id"], "event")["document_id"])


class RemoveArgument(Edit):
    def __init__(self, argument_id: int) -> None:
        self.argument_id = argument_id

    @property
    def name(self) -> str:
        return "Remove argument"

    def perform(self, tx: Transaction) -> None:
        argument = tx.row("arguments", self.argument_id, "argument")
        tx.rec.touch(tx.row("events", argument["event_id"], "event")["document_id"])
        tx.rec.delete("arguments", self.argument_id)


# -- relations -----------------------------------------------------------------
class AddRelation(Edit):
    def __init__(self, relation_type: str, head_id: int, tail_id: int) -> None:
        self.relation_type, self.head_id, self.tail_id = relation_type, head_id, tail_id
        self.relation_id: int | None = None

    @property
    def name(self) -> str:
        return f"Add {self.relation_type} relation"

    def perform(self, tx: Transaction) -> None:
        label = tx.label(self.relation_type, LabelKind.RELATION)
        head = tx.row("spans", self.head_id, "span")
        tail = tx.row("spans", self.tail_id, "span")
        if head["document_id"] != tail["document_id"]:
            raise EditError("a relation links two spans of the same document")
        if self.head_id == self.tail_id:
            raise EditError("a relation needs two different spans")
        self.relation_id = tx.rec.insert(
            "relations",
            {
                "document_id": head["document_id"],
                "uid": tx.new_uid(head["document_id"], "R"),
                "label_id": label["id"],
                "head_id": self.head_id,
                "tail_id": self.tail_id,
                "layer": head["layer"],
            },
        )


class DeleteRelation(Edit):
    def __init__(self, relation_id: int) -> None:
        self.relation_id = relation_id

    @property
    def name(self) -> str:
        return "Delete relation"

    def perform(self, tx: Transaction) -> None:
        tx.row("relations", self.relation_id, "relation")
        tx.rec.delete("relations", self.relation_id)


# -- documents -----------------------------------------------------------------
class SetStatus(Edit):
    def __init__(self, document_id: int, status: Status | str) -> None:
        try:
            self.status = Status(status)
        except ValueError:
            raise EditError(f"unknown status {status!r}: use todo, done or skipped") from None
        self.document_id = document_id

    @property
    def name(self) -> str:
        return f"Mark document {self.status}"

    def perform(self, tx: Transaction) -> None:
        tx.row("documents", self.document_id, "document")
        tx.rec.update("documents", self.document_id, {"status": str(self.status)})
        set_layer_status(tx, self.document_id, str(self.status))


def set_layer_status(tx: Transaction, document_id: int, status: str) -> None:
    """The status of the editing layer in a document (its annotator's own "done")."""
    row = tx.db.execute(
        "SELECT id, status FROM layer_status WHERE document_id = ? AND layer = ?",
        [document_id, tx.layer],
    ).fetchone()
    if row is None:
        tx.rec.insert(
            "layer_status", {"document_id": document_id, "layer": tx.layer, "status": status}
        )
    elif row[1] != status:
        tx.rec.update("layer_status", row[0], {"status": status})


class DeleteDocument(Edit):
    def __init__(self, document_id: int) -> None:
        self.document_id = document_id

    @property
    def name(self) -> str:
        return "Delete document"

    def perform(self, tx: Transaction) -> None:
        tx.row("documents", self.document_id, "document")
        tx.rec.delete("documents", self.document_id)


# -- schema --------------------------------------------------------------------
def _label_row(label: Label, position: int) -> dict[str, Any]:
    return {
        "name": label.name,
        "kind": str(label.kind),
        "color": label.color,
        "key": label.key,
        "description": label.description,
        "position": position,
        "heads": json.dumps(list(label.heads), ensure_ascii=False),
        "tails": json.dumps(list(label.tails), ensure_ascii=False),
    }


def checked_color(color: str) -> None:
    """Refuse a colour that is not #RRGGBB."""
    try:
        schemas.check_color(color)
    except ValueError as exc:
        raise EditError(str(exc)) from None


def checked_key(tx: Transaction, label_name: str, key: str | None, kind: LabelKind) -> str | None:
    """The key as stored (lower case), or an EditError naming the conflict."""
    try:
        normal = schemas.normalize_key(key)
    except ValueError as exc:
        raise EditError(str(exc)) from None
    conflict = schemas.key_conflict(load_schema(tx.db), label_name, normal, kind)
    if conflict is not None:
        raise EditError(conflict)
    return normal


class AddLabels(Edit):
    """Add labels (with their roles) after the existing ones; names must be new."""

    def __init__(self, labels: Sequence[Label]) -> None:
        self.labels = tuple(labels)

    @property
    def name(self) -> str:
        if len(self.labels) == 1:
            return f"Add label {self.labels[0].name}"
        return f"Add {len(self.labels)} labels"

    def perform(self, tx: Transaction) -> None:
        position = tx.db.execute("SELECT coalesce(max(position), -1) + 1 FROM labels").fetchone()[0]
        for label in self.labels:
            exists = tx.db.execute("SELECT 1 FROM labels WHERE name = ?", [label.name]).fetchone()
            if exists:
                raise EditError(f"there is already a label {label.name!r}")
            try:
                check_name_length(label.name, f"the label name {label.name!r}")
            except ValueError as exc:
                raise EditError(str(exc)) from None
            label_id = tx.rec.insert("labels", _label_row(label, position))
            position += 1
            for index, role in enumerate(label.roles):
                tx.rec.insert(
                    "roles",
                    {
                        "label_id": label_id,
                        "name": role.name,
                        "min_count": role.cardinality.minimum,
                        "max_count": role.cardinality.maximum,
                        "fillers": json.dumps(list(role.fillers), ensure_ascii=False),
                        "position": index,
                    },
                )


class UpdateLabel(Edit):
    """Rename, recolour, re-key or describe a label; a rename reaches every annotation."""

    def __init__(
        self,
        name: str,
        *,
        new_name: str | None = None,
        color: str | None = None,
        key: str | None = None,
        clear_key: bool = False,
        description: str | None = None,
    ) -> None:
        self.label_name = name
        new_name = None if new_name is None else new_name.strip()
        self.new_name, self.color, self.description = new_name, color, description
        self.key, self.clear_key = key, clear_key

    @property
    def name(self) -> str:
        if self.new_name and self.new_name != self.label_name:
            return f"Rename label {self.label_name} to {self.new_name}"
        if self.color is not None and self.key is None and not self.clear_key:
            return f"Recolour label {self.label_name}"
        if (self.key is not None or self.clear_key) and self.color is None:
            return f"Change the key of label {self.label_name}"
        return f"Change label {self.label_name}"

    def perform(self, tx: Transaction) -> None:
        label = tx.label(self.label_name)
        if self.color is not None:
            checked_color(self.color)
        if self.key is not None:
            self.key = checked_key(tx, self.label_name, self.key, label["kind"])
            self.clear_key = self.key is None
        values: dict[str, Any] = {}
        if self.new_name is not None and self.new_name != self.label_name:
            if not self.new_name.strip():
                raise EditError("a label needs a name")
            taken = tx.db.execute("SELECT 1 FROM labels WHERE name = ?", [self.new_name])
            if taken.fetchone():
                raise EditError(f"there is already a label {self.new_name!r}")
            values["name"] = self.new_name
        if self.color is not None:
            values["color"] = self.color
        if self.key is not None or self.clear_key:
            values["key"] = self.key
        if self.description is not None:
            values["description"] = self.description
        if values:
            tx.rec.update("labels", label["id"], values)
        if "name" in values:
            self._rename_references(tx, self.label_name, values["name"])

    @staticmethod
    def _rename_references(tx: Transaction, old: str, new: str) -> None:
        """Role fillers, relation heads/tails and attribute types name labels: follow
        the rename."""

        def renamed(names_json: str) -> str | None:
            names = json.loads(names_json)
            if old not in names:
                return None
            return json.dumps([new if n == old else n for n in names], ensure_ascii=False)

        for role_id, fillers in tx.db.execute("SELECT id, fillers FROM roles").fetchall():
            value = renamed(fillers)
            if value is not None:
                tx.rec.update("roles", role_id, {"fillers": value})
        for label_id, heads, tails in tx.db.execute(
            "SELECT id, heads, tails FROM labels"
        ).fetchall():
            changes = {
                column: value
                for column, value in (("heads", renamed(heads)), ("tails", renamed(tails)))
                if value is not None
            }
            if changes:
                tx.rec.update("labels", label_id, changes)
        for type_id, labels in tx.db.execute("SELECT id, labels FROM attribute_types").fetchall():
            value = renamed(labels)
            if value is not None:
                tx.rec.update("attribute_types", type_id, {"labels": value})


# -- imports -------------------------------------------------------------------
@dataclass
class ImportReport:
    """What an import did, for the closing summary."""

    documents: int = 0
    spans: int = 0
    events: int = 0
    relations: int = 0
    attributes: int = 0
    normalizations: int = 0
    notes: int = 0
    chains: int = 0
    duplicates: list[str] | None = None  # sources of documents skipped as already present
    new_labels: list[Label] | None = None
    document_ids: list[int] | None = None
    schema_labels: list[Label] = field(default_factory=list)  # from the input's own schema
    dropped_keys: list[str] = field(default_factory=list)
    new_attribute_types: list[AttributeType] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # lenient imports: "x.jsonl line 3: why"
    # documents already in the project that gained an annotator's layer
    extended_documents: list[int] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)  # the layers written to

    def lines(self, limit: int | None = None) -> list[str]:
        """The closing summary; ``limit`` caps the list of skipped records ("and N more")."""
        out = [
            f"imported {self.documents} document(s) with {self.spans} span(s), "
            f"{self.events} event(s) and {self.relations} relation(s)"
        ]
        extras = [
            f"{count} {what}"
            for count, what in (
                (self.attributes, "attribute(s)"),
                (self.normalizations, "normalization(s)"),
                (self.notes, "note(s)"),
                (self.chains, "coreference chain(s)"),
            )
            if count
        ]
        if extras:
            out[0] += "; " + ", ".join(extras)
        if self.extended_documents:
            out.append(
                f"added the layer of {', '.join(self.layers)} to "
                f"{len(self.extended_documents)} document(s) already in the project"
            )
        for attribute in self.new_attribute_types:
            values = f" ({', '.join(attribute.values)})" if attribute.values else " (binary)"
            out.append(f"added attribute {attribute.name!r}{values}, which the schema did not have")
        if self.skipped:
            out.append(f"skipped {len(self.skipped)} invalid record(s):")
            shown = self.skipped if limit is None else self.skipped[:limit]
            out.extend(f"  {line}" for line in shown)
            if len(shown) < len(self.skipped):
                out.append(f"  and {len(self.skipped) - len(shown)} more")
        for source in self.duplicates or []:
            out.append(f"skipped {source}: the same text is already in the project")
        if self.schema_labels:
            names = ", ".join(label.name for label in self.schema_labels)
            out.append(
                f"added {len(self.schema_labels)} label(s) defined by the input's schema: {names}"
            )
        for label in self.new_labels or []:
            out.append(f"added {label.kind} label {label.name!r}, which the schema did not have")
        for line in self.dropped_keys:
            out.append(f"left a label without its key: {line}")
        return out


_CHUNK = 500


class ImportDocuments(Edit):
    """Add documents with their annotations, all or nothing, in one transaction.

    Documents whose text is already in the project (or earlier in the batch) are
    skipped and reported. Labels the schema lacks are added, with a palette
    colour, and reported. Rows are written with ``executemany`` (far faster than
    row-by-row logging, docs/adr/0004), so undo deletes the imported documents.

    By default the first invalid record refuses the whole import. With
    ``skip_invalid`` (a lenient import) records that fail :func:`check_record`,
    whose id is already in the project or earlier in the batch, or whose label
    clashes with the schema are left out and listed in ``report.skipped``, after
    ``skipped`` (what the reader already left out); the rest is still written in
    one transaction.
    """

    def __init__(
        self,
        records: Sequence[DocumentRecord],
        progress: Callable[[int, int], None] = no_progress,
        schema: Schema | None = None,
        *,
        skip_invalid: bool = False,
        skipped: Sequence[str] = (),
        layer: str | None = None,
        named: bool = False,
    ) -> None:
        self.records = list(records)
        # The layer annotations go into, unless a record names its annotator (None:
        # the layer of the project applying the edit). ``named``: the importer named
        # it, so a text already in the project gains that layer rather than being
        # skipped (a record naming its annotator always does).
        self.layer = layer
        self.named = named
        self.progress = progress  # called as (done, total); may raise Cancelled
        self.schema = schema  # label definitions the input carries (brat's annotation.conf)
        self.skip_invalid = skip_invalid
        self._skipped = list(skipped)
        self.report = ImportReport(skipped=list(skipped))
        self._rows: dict[str, list[tuple[Any, ...]]] = {}
        self._new_label_ids: list[int] = []
        self._new_attribute_type_ids: list[int] = []
        # Rows added to documents already in the project (another annotator's layer):
        # undo deletes them by id, since their documents stay.
        self._added: dict[str, list[int]] = {}

    @property
    def name(self) -> str:
        count = self.report.documents or len(self.records)
        return f"Import {count} document{'s' if count != 1 else ''}"

    def perform(self, tx: Transaction) -> None:  # pragma: no cover - apply() is overridden
        raise NotImplementedError

    def apply(
        self,
        db: Database,
        uids: UidCounter,
        texts: TextCache | None = None,
        layer: int = GOLD,
    ) -> Changes:
        self.written_layer = layer
        if not self._rows:
            self._plan(db, layer)
        self._write(db)
        return self._import_changes()

    def forget(self) -> None:
        """Plan again from scratch: the planned ids and uids were taken meanwhile."""
        self._rows = {}
        self._new_label_ids = []
        self._new_attribute_type_ids = []
        self._added = {}
        self.report = ImportReport(skipped=list(self._skipped))

    def revert(self, db: Database) -> Changes:
        for table in _ADDED_ORDER:
            added = self._added.get(table, [])
            for start in range(0, len(added), _CHUNK):
                chunk = added[start : start + _CHUNK]
                marks = ", ".join("?" for _ in chunk)
                db.execute(f"DELETE FROM {table} WHERE id IN ({marks})", chunk)
        ids = self.report.document_ids or []
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            db.execute(f"DELETE FROM documents WHERE id IN ({marks})", chunk)
        if self._new_label_ids:
            marks = ", ".join("?" for _ in self._new_label_ids)
            db.execute(f"DELETE FROM labels WHERE id IN ({marks})", self._new_label_ids)
        if self._new_attribute_type_ids:
            marks = ", ".join("?" for _ in self._new_attribute_type_ids)
            db.execute(
                f"DELETE FROM attribute_types WHERE id IN ({marks})", self._new_attribute_type_ids
            )
        return self._import_changes()

    @property
    def applied(self) -> bool:
        return bool(self._rows)

    def changes(self) -> Changes:
        return self._import_changes()

    def _import_changes(self) -> Changes:
        tables = {"documents", "texts", "layer_status", *ANNOTATION_TABLES}
        if self._new_label_ids:
            tables |= {"labels", "roles"}
        if self._new_attribute_type_ids:
            tables.add("attribute_types")
        return Changes(
            frozenset(tables),
            frozenset([*(self.report.document_ids or []), *self.report.extended_documents]),
        )

    # -- planning: every check happens before the first write ------------------
    def plan(self, db: Database) -> ImportReport:
        """Check everything and plan the rows without writing (what a lenient import
        would leave out is then in ``report.skipped``); apply() writes the plan."""
        if not self._rows:
            self._plan(db, GOLD)
        return self.report

    def _skip(self, error: InputError) -> None:
        if not self.skip_invalid:
            raise error
        self.report.skipped.append(str(error))

    def _plan(self, db: Database, default_layer: int) -> None:
        records: list[DocumentRecord] = self.records
        valid: list[DocumentRecord] = []
        for index, record in enumerate(records):
            if index % 500 == 0:
                self.progress(index, len(records) * 2)  # the writing total is not known yet
            try:
                check_record(record)
            except InputError as exc:
                self._skip(exc)
                continue
            valid.append(record)
        records = valid
        digests = [text_digest(r.text) for r in records]
        present = _existing_ids(db, "documents", "digest", digests)
        layer_ids = self._plan_layers(db, records, default_layer)
        present_layers = layers_by_document(db, sorted(set(present.values())))
        duplicates: list[str] = []
        keep: list[tuple[DocumentRecord, str]] = []
        # Records of a text already in the project (or earlier in the batch) whose
        # annotator's layer is not there yet: that layer is added to the document.
        additions: list[tuple[DocumentRecord, str]] = []
        seen_digests: set[str] = set()
        seen_layers: set[tuple[str, int]] = set()
        for record, digest in zip(records, digests, strict=True):
            layer = layer_ids[self._layer_of(record)]
            if digest in present or digest in seen_digests:
                held = present_layers.get(present.get(digest, -1), set())
                if (
                    not (self.named or record.annotator)
                    or not _carries_work(record)
                    or layer in held
                    or (digest, layer) in seen_layers
                ):
                    duplicates.append(record.source or "a document")
                    continue
                seen_layers.add((digest, layer))
                additions.append((record, digest))
                continue
            seen_digests.add(digest)
            seen_layers.add((digest, layer))
            keep.append((record, digest))

        given = [r.uid for r, _ in keep if r.uid is not None]
        taken = _existing(db, "documents", "uid", given)
        seen_uids: set[str] = set()
        unique: list[tuple[DocumentRecord, str]] = []
        for record, digest in keep:
            if record.uid is not None:
                if record.uid in taken:
                    self._skip(
                        _input_error(
                            record, f"a document with id {record.uid!r} is already in the project"
                        ),
                    )
                    continue
                if record.uid in seen_uids:
                    self._skip(
                        _input_error(record, f"the document id {record.uid!r} is used twice"),
                    )
                    continue
                seen_uids.add(record.uid)
            unique.append((record, digest))
        keep = unique

        labels, refused = self._plan_labels(db, [r for r, _ in keep + additions])
        if refused:
            keep = [(r, d) for r, d in keep if id(r) not in refused]
            additions = [(r, d) for r, d in additions if id(r) not in refused]
        self._plan_attribute_types(db, [r for r, _ in keep + additions])
        next_id = {
            table: db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]
            for table in (*_WRITTEN, "chain_members", "layer_status")
            if table != "texts"
        }
        # Generated document ids are the row id, unless the batch or project has it.
        generated_pool = {str(next_id["documents"] + i) for i in range(len(keep))}
        taken_generated = _existing(db, "documents", "uid", sorted(generated_pool)) | seen_uids

        now = _now()
        rows: dict[str, list[tuple[Any, ...]]] = {
            t: [] for t in (*_WRITTEN, "chain_members", "layer_status")
        }
        document_ids: list[int] = []
        planned: dict[str, int] = {}  # digest -> id of a document this import adds
        is_addition = {id(record) for record, _ in additions}
        wanted = is_addition | {id(record) for record, _ in keep}
        ordered = [pair for pair in zip(records, digests, strict=True) if id(pair[0]) in wanted]
        uids_used: dict[int, set[str]] = {}
        extended: set[int] = set()
        for record, digest in ordered:
            layer = layer_ids[self._layer_of(record)]
            if id(record) in is_addition:
                doc_id = present[digest] if digest in present else planned[digest]
                if doc_id not in uids_used:
                    uids_used[doc_id] = uids_in_document(db, doc_id) if digest in present else set()
                if digest in present:
                    extended.add(doc_id)
                _plan_annotations(record, doc_id, layer, labels, next_id, rows, uids_used[doc_id])
                continue
            doc_id = next_id["documents"]
            next_id["documents"] += 1
            planned[digest] = doc_id
            uid = record.uid
            if uid is None:
                uid = str(doc_id)
                suffix = 1
                while uid in taken_generated:
                    suffix += 1
                    uid = f"{doc_id}-{suffix}"
                taken_generated.add(uid)
            title = record.meta.get("title") if isinstance(record.meta.get("title"), str) else None
            meta = json.dumps(record.meta, ensure_ascii=False) if record.meta else "{}"
            rows["documents"].append(
                (
                    doc_id,
                    uid,
                    (title or _title(record.text))[:200],
                    str(record.status),
                    len(record.text),
                    digest,
                    now,
                )
            )
            rows["texts"].append((doc_id, record.text, meta))
            document_ids.append(doc_id)
            used = uids_used[doc_id] = set()
            _plan_annotations(record, doc_id, layer, labels, next_id, rows, used)
        for table in _ADDED_ORDER:
            self._added[table] = [row[0] for row in rows[table] if row[1] in extended]
        self._rows.update(rows)  # _plan_labels may already have planned label rows
        skipped = self.report.skipped
        if self.skip_invalid:  # what the reader and this plan left out, in file and line order
            skipped.sort(key=_natural)
        self.report = ImportReport(
            documents=len(rows["documents"]),
            spans=len(rows["spans"]),
            events=len(rows["events"]),
            relations=len(rows["relations"]),
            attributes=len(rows["attributes"]),
            normalizations=len(rows["normalizations"]),
            notes=len(rows["notes"]),
            chains=len(rows["chains"]),
            duplicates=duplicates,
            new_attribute_types=self.report.new_attribute_types,
            skipped=skipped,
            new_labels=self.report.new_labels,
            schema_labels=self.report.schema_labels,
            dropped_keys=self.report.dropped_keys,
            document_ids=document_ids,
            extended_documents=sorted(extended),
            layers=sorted(
                {self._layer_of(r) or layer_name(db, default_layer) for r, _ in keep + additions}
            ),
        )

    def _layer_of(self, record: DocumentRecord) -> str | None:
        return record.annotator or self.layer

    def _plan_layers(
        self, db: Database, records: Sequence[DocumentRecord], default: int
    ) -> dict[str | None, int]:
        """Layer ids for the annotators the records name, planning the new ones."""
        names = sorted({name for r in records if (name := self._layer_of(r)) is not None})
        found: dict[str | None, int] = {None: default}
        next_layer = db.execute("SELECT coalesce(max(id), 0) + 1 FROM annotators").fetchone()[0]
        for name in names:
            known = layer_id(db, name)
            if known is None:
                known = next_layer
                next_layer += 1
                self._rows.setdefault("annotators", []).append((known, name))
            found[name] = known
        return found

    def _plan_labels(self, db: Database, records: Sequence[Any]) -> tuple[dict[str, int], set[int]]:
        """Map every label name used to a label id, planning labels the schema lacks.

        Labels that ``self.schema`` (a format's own label definitions, such as
        brat's annotation.conf) defines and the project lacks are added whole,
        with their roles; the project's own definitions always win. Also returns
        the ``id()`` of the records a lenient import leaves out for a label that
        clashes (their labels are not planned).
        """
        existing = {
            name: (label_id, LabelKind(kind), position)
            for label_id, name, kind, position in db.execute(
                "SELECT id, name, kind, position FROM labels"
            )
        }
        defined = {
            label.name: label
            for label in (self.schema.labels if self.schema is not None else ())
            if label.name not in existing
        }
        wanted: dict[str, tuple[LabelKind, Any]] = {}  # name -> (kind, first record)
        # One record's new names, kept apart until all of its labels fit: a record a
        # lenient import leaves out must not add labels.
        staged: dict[str, tuple[LabelKind, Any]] = {}
        span_kinds = {LabelKind.ENTITY, LabelKind.EVENT}
        # Span labels that need no planning: the project has them for spans already.
        settled = {name for name, value in existing.items() if value[1] in span_kinds}

        def want(name: str, kind: LabelKind, record: Any) -> None:
            have = existing.get(name)
            pending = staged.get(name) or wanted.get(name)
            known_kind = (
                have[1]
                if have
                else defined[name].kind
                if name in defined
                else pending[0]
                if pending
                else None
            )
            if known_kind is None:
                staged[name] = (kind, record)
                return
            if known_kind == kind:
                return
            if not have and name not in defined and {known_kind, kind} <= span_kinds:
                # A new label that triggers an event somewhere is an event type.
                assert pending is not None
                staged[name] = (LabelKind.EVENT, pending[1])
                return
            if kind == LabelKind.ENTITY and known_kind == LabelKind.EVENT:
                return  # a span with an event type need not trigger an event yet
            raise _input_error(
                record,
                f"{name!r} is used as {_kind_phrase(kind)} but is {_kind_phrase(known_kind)}",
            )

        refused: set[int] = set()
        for record in records:
            staged.clear()
            try:
                for span in record.spans:
                    if span.label not in settled:
                        want(span.label, LabelKind.ENTITY, record)
                if record.events:
                    spans = {s.uid: s for s in record.spans}
                    for event in record.events:
                        want(spans[event.trigger].label, LabelKind.EVENT, record)
                for relation in record.relations:
                    want(relation.type, LabelKind.RELATION, record)
            except InputError as exc:
                self._skip(exc)
                refused.add(id(record))
                continue
            wanted.update(staged)

        ids = {name: value[0] for name, value in existing.items()}
        if not wanted and not defined:
            return ids, refused
        taken_colors = [row[0] for row in db.execute("SELECT color FROM labels")]
        carried = self._carried_labels(db, list(defined.values()), taken_colors)
        new = schemas.with_colors(
            [Label(name, kind, "") for name, (kind, _) in wanted.items() if name not in defined],
            taken_colors + [label.color for label in carried],
        )
        position = max((v[2] for v in existing.values()), default=-1) + 1
        next_label = db.execute("SELECT coalesce(max(id), 0) + 1 FROM labels").fetchone()[0]
        next_role = db.execute("SELECT coalesce(max(id), 0) + 1 FROM roles").fetchone()[0]
        label_rows = []
        role_rows = []
        for label in carried + new:
            ids[label.name] = next_label
            self._new_label_ids.append(next_label)
            label_rows.append((next_label, *_label_row(label, position).values()))
            for index, role in enumerate(label.roles):
                role_rows.append(
                    (
                        next_role,
                        next_label,
                        role.name,
                        role.cardinality.minimum,
                        role.cardinality.maximum,
                        json.dumps(list(role.fillers), ensure_ascii=False),
                        index,
                    )
                )
                next_role += 1
            next_label += 1
            position += 1
        self._rows["labels"] = label_rows
        self._rows["roles"] = role_rows
        self.report.new_labels = new
        self.report.schema_labels = carried
        return ids, refused

    def _plan_attribute_types(self, db: Database, records: Sequence[DocumentRecord]) -> None:
        """Attribute types the input's schema defines or its records use, that the
        project lacks: added (an undeclared one with the values seen), and reported."""
        existing = {row[0] for row in db.execute("SELECT name FROM attribute_types")}
        defined = [
            a
            for a in (self.schema.attributes if self.schema is not None else ())
            if a.name not in existing
        ]
        known = existing | {a.name for a in defined}
        seen: dict[str, list[str]] = {}
        for record in records:
            for attribute in record.attributes:
                if attribute.name in known:
                    continue
                values = seen.setdefault(attribute.name, [])
                if attribute.value is not None and attribute.value not in values:
                    values.append(attribute.value)
        new = [AttributeType(name, tuple(values)) for name, values in seen.items()]
        if not defined and not new:
            return
        position = db.execute("SELECT coalesce(max(position), -1) + 1 FROM attribute_types")
        next_position = position.fetchone()[0]
        next_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM attribute_types").fetchone()[0]
        planned = []
        for planned_type in defined + new:
            planned.append((next_id, *attribute_type_row(planned_type, next_position).values()))
            self._new_attribute_type_ids.append(next_id)
            next_id += 1
            next_position += 1
        self._rows["attribute_types"] = planned
        self.report.new_attribute_types = defined + new

    def _carried_labels(
        self, db: Database, labels: list[Label], taken_colors: list[str]
    ) -> list[Label]:
        """A format's label definitions, with colours and keys that fit the project."""
        if not labels:
            return []
        current = load_schema(db)
        used = {color.upper() for color in taken_colors}
        fitted: list[Label] = []
        for label in labels:
            color = label.color if label.color and label.color.upper() not in used else ""
            key = label.key
            if key is not None:
                growing = Schema(current.name, (*current.labels, *fitted))
                reason = schemas.key_conflict(growing, label.name, key, label.kind)
                if reason is not None:
                    self.report.dropped_keys.append(f"{label.name} ({key}): {reason}")
                    key = None
            fitted.append(replace(label, color=color, key=key))
            if color:
                used.add(color.upper())
        return schemas.with_colors(fitted, used)

    def _write(self, db: Database) -> None:
        statements = {
            "annotators": "INSERT OR IGNORE INTO annotators (id, name) VALUES (?, ?)",
            "attribute_types": 'INSERT INTO attribute_types (id, name, "values", kinds, labels, '
            "description, position) VALUES (?, ?, ?, ?, ?, ?, ?)",
            "labels": "INSERT INTO labels (id, name, kind, color, key, description, position, "
            "heads, tails) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "documents": "INSERT INTO documents (id, uid, title, status, length, digest, "
            "added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            "texts": "INSERT INTO texts (document_id, text, meta) VALUES (?, ?, ?)",
            "spans": 'INSERT INTO spans (id, document_id, uid, start, "end", label_id, '
            "fragments, layer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            "events": "INSERT INTO events (id, document_id, uid, trigger_id, layer) "
            "VALUES (?, ?, ?, ?, ?)",
            "arguments": "INSERT INTO arguments (id, event_id, role, span_id, event_ref_id, "
            "position) VALUES (?, ?, ?, ?, ?, ?)",
            "roles": "INSERT INTO roles (id, label_id, name, min_count, max_count, fillers, "
            "position) VALUES (?, ?, ?, ?, ?, ?, ?)",
            "relations": "INSERT INTO relations (id, document_id, uid, label_id, head_id, "
            "tail_id, layer) VALUES (?, ?, ?, ?, ?, ?, ?)",
            "attributes": "INSERT INTO attributes (id, document_id, uid, name, value, span_id, "
            "event_id, relation_id, layer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "normalizations": "INSERT INTO normalizations (id, document_id, uid, resource, ref, "
            "text, span_id, event_id, relation_id, layer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "notes": "INSERT INTO notes (id, document_id, uid, type, text, span_id, event_id, "
            "relation_id, layer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "chains": "INSERT INTO chains (id, document_id, uid, type, layer) "
            "VALUES (?, ?, ?, ?, ?)",
            "chain_members": "INSERT INTO chain_members (id, chain_id, span_id, position) "
            "VALUES (?, ?, ?, ?)",
            "layer_status": "INSERT INTO layer_status (id, document_id, layer, status) "
            "VALUES (?, ?, ?, ?)",
        }
        total = len(self.records) + sum(len(rows) for rows in self._rows.values())
        done = len(self.records)
        for table, sql in statements.items():
            table_rows = self._rows.get(table, [])
            for start in range(0, len(table_rows), 5000):
                chunk = table_rows[start : start + 5000]
                db.conn.executemany(sql, chunk)
                done += len(chunk)
                self.progress(done, total)


_WRITTEN = (
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
)


# Tables whose rows an import may add to documents already in the project, in the
# order undo deletes them (each before what it is attached to).
_ADDED_ORDER = (
    "chains",
    "attributes",
    "normalizations",
    "notes",
    "relations",
    "events",
    "spans",
    "layer_status",
)


def _carries_work(record: DocumentRecord) -> bool:
    """Whether a record holds an annotator's work (else it is a plain duplicate)."""
    return bool(record.spans) or record.status != Status.TODO


def _fresh_uid(uid: str, used: set[str]) -> str:
    """The record's own uid, unless another layer of the document has it already."""
    fresh = uid
    suffix = 1
    while fresh in used:
        suffix += 1
        fresh = f"{uid}-{suffix}"
    used.add(fresh)
    return fresh


def _plan_annotations(
    record: DocumentRecord,
    doc_id: int,
    layer: int,
    labels: dict[str, int],
    next_id: dict[str, int],
    rows: dict[str, list[tuple[Any, ...]]],
    used: set[str],
) -> None:
    """Rows for one record's annotations, in one layer of a document."""

    def take(table: str) -> int:
        number = next_id[table]
        next_id[table] += 1
        return number

    fresh = not used
    planned: list[str] = []

    def uid(value: str) -> str:
        if fresh:  # a new document: its first layer keeps the record's uids
            planned.append(value)
            return value
        return _fresh_uid(value, used)

    span_ids: dict[str, int] = {}
    for span in record.spans:
        span_ids[span.uid] = take("spans")
        rows["spans"].append(
            (
                span_ids[span.uid],
                doc_id,
                uid(span.uid),
                span.start,
                span.end,
                labels[span.label],
                None if span.fragments is None else json.dumps(span.fragments),
                layer,
            )
        )
    event_ids: dict[str, int] = {}
    for event in record.events:
        event_ids[event.uid] = take("events")
        rows["events"].append(
            (event_ids[event.uid], doc_id, uid(event.uid), span_ids[event.trigger], layer)
        )
    for event in record.events:
        for position, argument in enumerate(event.arguments):
            rows["arguments"].append(
                (
                    take("arguments"),
                    event_ids[event.uid],
                    argument.role,
                    span_ids.get(argument.ref),
                    None if argument.ref in span_ids else event_ids[argument.ref],
                    position,
                )
            )
    relation_ids: dict[str, int] = {}
    for relation in record.relations:
        relation_ids[relation.uid] = take("relations")
        rows["relations"].append(
            (
                relation_ids[relation.uid],
                doc_id,
                uid(relation.uid),
                labels[relation.type],
                span_ids[relation.head],
                span_ids[relation.tail],
                layer,
            )
        )

    def target(ref: str) -> tuple[int | None, int | None, int | None]:
        return span_ids.get(ref), event_ids.get(ref), relation_ids.get(ref)

    for attribute in record.attributes:
        rows["attributes"].append(
            (
                take("attributes"),
                doc_id,
                uid(attribute.uid),
                attribute.name,
                attribute.value,
                *target(attribute.target),
                layer,
            )
        )
    for normalization in record.normalizations:
        rows["normalizations"].append(
            (
                take("normalizations"),
                doc_id,
                uid(normalization.uid),
                normalization.resource,
                normalization.ref,
                normalization.text,
                *target(normalization.target),
                layer,
            )
        )
    for note in record.notes:
        rows["notes"].append(
            (
                take("notes"),
                doc_id,
                uid(note.uid),
                note.type,
                note.text,
                *target(note.target),
                layer,
            )
        )
    for chain in record.chains:
        chain_id = take("chains")
        rows["chains"].append((chain_id, doc_id, uid(chain.uid), chain.type, layer))
        for position, member in enumerate(chain.members):
            rows["chain_members"].append(
                (take("chain_members"), chain_id, span_ids[member], position)
            )
    if record.status != Status.TODO:
        rows["layer_status"].append((take("layer_status"), doc_id, layer, str(record.status)))
    if fresh:  # later layers of the document in this batch must not reuse these uids
        used.update(planned)


def _existing_ids(db: Database, table: str, column: str, values: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(values), _CHUNK):
        chunk = list(values[start : start + _CHUNK])
        marks = ", ".join("?" for _ in chunk)
        found.update(
            (row[0], int(row[1]))
            for row in db.execute(
                f"SELECT {column}, id FROM {table} WHERE {column} IN ({marks})", chunk
            )
        )
    return found


def attribute_type_row(attribute: AttributeType, position: int) -> dict[str, Any]:
    return {
        "name": attribute.name,
        "values": json.dumps(list(attribute.values), ensure_ascii=False),
        "kinds": json.dumps([str(kind) for kind in attribute.kinds]),
        "labels": json.dumps(list(attribute.labels), ensure_ascii=False),
        "description": attribute.description,
        "position": position,
    }


def _existing(db: Database, table: str, column: str, values: Sequence[str]) -> set[str]:
    return set(_existing_ids(db, table, column, values))


def _kind_phrase(kind: LabelKind) -> str:
    return {
        LabelKind.ENTITY: "a span label",
        LabelKind.EVENT: "an event type",
        LabelKind.RELATION: "a relation type",
    }[kind]


def _input_error(record: Any, message: str) -> InputError:
    source = getattr(record, "source", "")
    return InputError(f"{source}: {message}" if source else message)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_NUMBERS = re.compile(r"([0-9]+)")


def _natural(message: str) -> tuple[Any, ...]:
    """Sort key: file names as text, line numbers as numbers (line 9 before line 10).

    A number is compared by its length, then its digits: no int() of a number of
    thousands of digits (which int() refuses), and the same order."""
    parts = _NUMBERS.split(message)
    return tuple(
        part if index % 2 == 0 else (len(part.lstrip("0")), part.lstrip("0"))
        for index, part in enumerate(parts)
    )


def _title(text: str) -> str:
    """:func:`title_of` without splitting a whole article into lines: the first
    non-blank line is almost always within its first few kilobytes."""
    if len(text) > 4096:
        lines = text[:4096].splitlines()
        for line in lines[:-1]:  # each ends with a line break, so it is whole
            stripped = line.strip()
            if stripped:
                return stripped if len(stripped) <= 200 else stripped[:199] + "…"
    return title_of(text)


class SetProjectInfo(Edit):
    """Set project-level values (schema name and description, creation details)."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = dict(values)

    @property
    def name(self) -> str:
        return "Change project details"

    def perform(self, tx: Transaction) -> None:
        for key, value in self.values.items():
            if tx.rec.get("project", key) is None:
                tx.rec.insert("project", {"key": key, "value": value})
            else:
                tx.rec.update("project", key, {"value": value})
