"""The controller: the window's single path to the core.

Views call the controller; the controller turns intentions ("apply PER to this
selection") into core edits, applies them (committed at once), pushes them on the
undo stack and tells views what changed through signals.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.editing import edits
from annotator.core.editing.edits import Changes, Edit
from annotator.core.errors import AnnotatorError, ConflictError, EditError
from annotator.core.model import (
    Annotations,
    Attribute,
    Chain,
    Document,
    Event,
    Label,
    LabelKind,
    Normalization,
    Note,
    Relation,
    Span,
    Status,
)
from annotator.core.model.text import snap_to_tokens, trim_whitespace
from annotator.core.model.validation import check_document
from annotator.core.project import Project
from annotator.qt.damaged import DAMAGED, damaged_message
from annotator.qt.undo import EditCommand


class Controller(QObject):
    documentOpened = Signal(int)  # noqa: N815 - the current document changed
    annotationsChanged = Signal()  # noqa: N815 - reloaded wholesale: views start over
    spansChanged = Signal(object, object)  # noqa: N815 - (removed, added) spans: views patch
    structureChanged = Signal()  # noqa: N815 - events, arguments or relations changed
    documentListChanged = Signal(object)  # noqa: N815 - Changes
    schemaChanged = Signal()  # noqa: N815
    selectedSpanChanged = Signal(object)  # noqa: N815 - span id or None
    # Attributes, normalizations, notes or coreference chains of the document changed.
    attachmentsChanged = Signal()  # noqa: N815
    errorRaised = Signal(str)  # noqa: N815
    # An edit, undo or redo refused because someone else changed the same annotations
    # (a shared server project): said in the status bar, the document shown again as it is.
    conflicted = Signal(str)
    # The document list may have changed elsewhere (another person's edits): re-read it.
    refreshed = Signal()
    message = Signal(str)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.document: Document | None = None
        self._spans = SpanIndex()
        self._events: tuple[Event, ...] = ()
        self._relations: tuple[Relation, ...] = ()
        self._attachments: tuple[
            tuple[Attribute, ...], tuple[Normalization, ...], tuple[Note, ...], tuple[Chain, ...]
        ] = ((), (), (), ())
        self._label_names = project.label_names()
        self.selected_span_id: int | None = None
        self.snap = True
        self.order = "added"  # the queue order: "added", or "uncertain" (least certain first)
        # The open document's revision per layer as last shown (server projects): another
        # person's edit changes it, which the window polls for (window/remote.py).
        self.seen_revisions: dict[int, int] = {}

    @property
    def annotations(self) -> Annotations:
        """The current document's annotations (spans in text order)."""
        return Annotations(self._spans.ordered(), self._events, self._relations, *self._attachments)

    @property
    def attributes(self) -> tuple[Attribute, ...]:
        return self._attachments[0]

    @property
    def normalizations(self) -> tuple[Normalization, ...]:
        return self._attachments[1]

    @property
    def notes(self) -> tuple[Note, ...]:
        return self._attachments[2]

    @property
    def chains(self) -> tuple[Chain, ...]:
        return self._attachments[3]

    @property
    def events(self) -> tuple[Event, ...]:
        """The current document's events (cheap: no span ordering)."""
        return self._events

    @property
    def relations(self) -> tuple[Relation, ...]:
        return self._relations

    def span(self, span_id: int | None) -> Span | None:
        return None if span_id is None else self._spans.get(span_id)

    def _load_annotations(self, document_id: int) -> None:
        if self.project.is_server:
            # read before the annotations: a change in between is seen again, not missed
            self.seen_revisions = self.project.revisions(document_id)
        loaded = self.project.annotations(document_id)
        self._spans = SpanIndex(loaded.spans)
        self._events, self._relations = loaded.events, loaded.relations
        self._attachments = (
            loaded.attributes,
            loaded.normalizations,
            loaded.notes,
            loaded.chains,
        )

    def reload(self) -> None:
        """Read the open document's annotations again (another layer is shown now)."""
        if self.document is None:
            return
        self._load_annotations(self.document.id)
        if self.selected_span_id is not None:
            self.selected_span_id = None
            self.selectedSpanChanged.emit(None)
        self.annotationsChanged.emit()

    # -- other people's changes (server projects) --------------------------------------
    def changed_by_others(self) -> bool:
        """Whether someone else changed the open document since it was shown: one small
        query (cheap enough to poll)."""
        if self.document is None or not self.project.is_server:
            return False
        try:
            return self.project.revisions(self.document.id) != self.seen_revisions
        except AnnotatorError:
            return False  # the server is away: the next look tells, or the next edit says

    def refresh(self, *, schema: bool = False) -> None:
        """Show what others changed: the open document and its annotations read again,
        the selected span kept when it is still there; the document list re-read.

        ``schema``: the labels too (F5), which another person may have edited.
        """
        self.project.changed_elsewhere(
            Changes(frozenset({"labels"} if schema else {"spans"}), frozenset())
        )  # the uids others took since; the schema when asked
        if schema:
            self._label_names = self.project.label_names()
            self.schemaChanged.emit()
        document = self.document
        if document is not None:
            try:
                self.document = self.project.document(document.id)
            except AnnotatorError:
                self.document = None  # deleted meanwhile: the window opens another
            if self.document is not None:
                self._load_annotations(self.document.id)
                if self.span(self.selected_span_id) is None and self.selected_span_id is not None:
                    self.selected_span_id = None
                    self.selectedSpanChanged.emit(None)
                self.annotationsChanged.emit()
        self.refreshed.emit()

    def _refused(self, exc: AnnotatorError) -> None:
        """An edit, undo or redo was refused: a conflict with someone else's change is
        said in the status bar (typing goes on) and the document shown as it is now;
        anything else in a message."""
        if isinstance(exc, ConflictError):
            message = str(exc)
        elif isinstance(exc, EditError) and self.changed_by_others():
            # the edit met what someone else did ("there is no span 3": they deleted it)
            message = self.tr(
                "Not saved: someone else changed this document (%1); shown as it is now"
            ).replace("%1", str(exc))
        else:
            self.errorRaised.emit(str(exc))
            return
        self.conflicted.emit(message)
        self.refresh()

    def _count_own(self, edit: Edit, changes: Changes) -> None:
        """Our own edit moved the open document's revision on by one: not a change by
        others (a second bump between two polls is theirs, and is seen)."""
        layer = edit.written_layer
        if (
            self.project.is_server
            and changes.rows
            and layer is not None
            and self.document_id in changes.documents
        ):
            self.seen_revisions[layer] = self.seen_revisions.get(layer, 0) + 1

    # -- documents -------------------------------------------------------------
    @property
    def document_id(self) -> int | None:
        return self.document.id if self.document else None

    def open_document(self, document_id: int) -> None:
        if self.document is not None and self.document.id == document_id:
            return
        try:
            document = self.project.document(document_id)
            self._load_annotations(document_id)
        except AnnotatorError as exc:
            self.errorRaised.emit(str(exc))
            return
        except DAMAGED as exc:  # this document is unreadable: the others stay usable
            what = self.tr("document %1").replace("%1", str(document_id))
            self.errorRaised.emit(damaged_message(self.project.shown_location, exc, what))
            return  # the open document stays open (its annotations were kept too)
        self.document = document
        self.selected_span_id = None
        self.documentOpened.emit(document_id)

    def set_status(self, status: Status) -> bool:
        if self.document is None:
            return False
        return self.apply(edits.SetStatus(self.document.id, status))

    def next_todo(self) -> int | None:
        return self.project.next_with_status(self.document_id, Status.TODO, self.order)

    # -- edits -------------------------------------------------------------------
    def apply(self, edit: Edit) -> bool:
        """Apply an edit (saved at once) and make it undoable; errors are reported."""
        try:
            changes = self.project.apply(edit)
        except AnnotatorError as exc:
            self._refused(exc)
            return False
        self._count_own(edit, changes)
        self.undo_stack.push(self._command(edit))
        self._changed(changes)
        return True

    def _command(self, edit: Edit) -> EditCommand:
        return EditCommand(
            self.project,
            edit,
            partial(self._undone_or_redone, edit),
            self._refused,
        )

    def adopt(self, edit: Edit) -> None:
        """Make an edit that a background job already applied and committed undoable."""
        changes = edit.changes()
        self.project.changed_elsewhere(changes)
        self.undo_stack.push(self._command(edit))
        self._changed(changes)

    def _undone_or_redone(self, edit: Edit, changes: Changes) -> None:
        self._count_own(edit, changes)
        if len(changes.documents) == 1:
            (document_id,) = changes.documents
            if document_id != self.document_id:
                self.open_document(document_id)  # show the user what was undone
        if self.selected_span_id is not None:
            self.selected_span_id = None
            self.selectedSpanChanged.emit(None)
        self._changed(changes)

    def _changed(self, changes: Changes) -> None:
        if changes.schema:
            self._label_names = self.project.label_names()
            self.schemaChanged.emit()
        document = self.document
        if document is not None and (document.id in changes.documents or changes.schema):
            if "documents" in changes.tables:
                try:
                    self.document = self.project.document(document.id)
                except AnnotatorError:
                    self.document = None
            if self.document is not None:
                self._update_annotations(self.document.id, changes)
        if changes.document_list:
            self.documentListChanged.emit(changes)

    def _update_annotations(self, document_id: int, changes: Changes) -> None:
        """Patch the cached spans from the logged rows, or reload when there are none."""
        if changes.rows is None or changes.schema:
            self._load_annotations(document_id)
            if self.span(self.selected_span_id) is None:
                self.selected_span_id = None
            self.annotationsChanged.emit()
            return
        # Rows of another layer than the one shown (undoing an edit of the gold after
        # adjudicating, say) change nothing here.
        layer = self.project.layer_id()
        touched = {
            c.key
            for c in changes.rows
            if c.table == "spans"
            and (c.op != "insert" or (c.after or {}).get("layer", layer) == layer)
        }
        before = {key: self._spans.get(key) for key in touched}
        for change in changes.rows:
            if change.table != "spans":
                continue
            if change.op == "delete":
                self._spans.discard(change.key)
            elif change.op == "insert":
                row = change.after or {}
                if row.get("document_id") == document_id and row.get("layer", layer) == layer:
                    self._spans.add(self._span_from_row(row))
            else:
                old = self._spans.get(change.key)
                if old is not None:
                    values = change.after or {}
                    self._spans.discard(old.id)
                    self._spans.add(
                        old._replace(
                            start=values.get("start", old.start),
                            end=values.get("end", old.end),
                            label=self._label_names.get(values["label_id"], old.label)
                            if "label_id" in values
                            else old.label,
                            fragments=_fragments(values["fragments"])
                            if "fragments" in values
                            else old.fragments,
                        )
                    )
        structure = bool(changes.tables & {"events", "arguments", "relations"})
        attached = bool(changes.tables & ATTACHMENT_TABLES)
        if attached:
            self._attachments = self.project.attachments(document_id)
        if structure or touched:
            self._events, self._relations = self.project.events_and_relations(document_id)
        removed = [s for key, s in before.items() if s is not None and s != self._spans.get(key)]
        added = [
            s for key in touched if (s := self._spans.get(key)) is not None and s != before.get(key)
        ]
        if self.span(self.selected_span_id) is None:
            self.selected_span_id = None
        if removed or added:
            self.spansChanged.emit(removed, added)
        if structure:
            self.structureChanged.emit()
        if attached:
            self.attachmentsChanged.emit()

    def _span_from_row(self, row: dict[str, object]) -> Span:
        return Span(
            int(row["id"]),  # type: ignore[call-overload]
            int(row["document_id"]),  # type: ignore[call-overload]
            str(row["uid"]),
            int(row["start"]),  # type: ignore[call-overload]
            int(row["end"]),  # type: ignore[call-overload]
            self._label_names.get(int(row["label_id"]), "?"),  # type: ignore[call-overload]
            _fragments(row.get("fragments")),
        )

    def warnings(self) -> list[tuple[str, int | None]]:
        """The open document's schema warnings: (message, span id to show)."""
        if self.document is None:
            return []
        found = check_document(
            self.project.schema, self.document.text, self.annotations, self.document.id
        )
        triggers = {event.id: event.trigger_id for event in self._events}
        return [
            (v.message, v.span_id if v.span_id is not None else triggers.get(v.event_id or -1))
            for v in found
        ]

    def span_labels(self) -> tuple[Label, ...]:
        """Labels that can be applied to a selection, in palette order."""
        schema = self.project.schema
        return schema.entities + schema.events

    def label_for_number(self, number: int) -> Label | None:
        labels = self.span_labels()
        return labels[number - 1] if 1 <= number <= len(labels) else None

    def apply_label(self, label_name: str, start: int, end: int) -> bool:
        """Label the selection, or relabel the selected span."""
        if self.document is None:
            return False
        label = self.project.schema.get(label_name)
        if label is None:
            self.errorRaised.emit(self.tr("there is no label %1").replace("%1", repr(label_name)))
            return False
        selected = self.selected_span()
        if selected is not None:
            if selected.label == label.name:
                return True
            return self.apply(edits.RelabelSpan(selected.id, label.name))
        text = self.document.text
        bounds = (
            snap_to_tokens(text, start, end) if self.snap else trim_whitespace(text, start, end)
        )
        if bounds is None:
            self.message.emit(self.tr("Select some text first"))
            return False
        existing = next(
            (s for s in self._spans.at(*bounds) if s.label == label.name),
            None,
        )
        if existing is not None:
            self.select_span(existing.id)
            return True
        edit: edits.AddSpan | edits.CreateEvent
        if label.kind == LabelKind.EVENT:
            edit = edits.CreateEvent(self.document.id, bounds[0], bounds[1], label.name)
        else:
            edit = edits.AddSpan(self.document.id, bounds[0], bounds[1], label.name)
        if not self.apply(edit):
            return False
        self.select_span(edit.span_id)
        return True

    def delete_selected_span(self) -> bool:
        span = self.selected_span()
        if span is None:
            self.message.emit(self.tr("No span is selected (Tab selects the next one)"))
            return False
        return self.apply(edits.DeleteSpan(span.id))

    # -- span selection ------------------------------------------------------------
    def selected_span(self) -> Span | None:
        return self.span(self.selected_span_id)

    def select_span(self, span_id: int | None) -> None:
        if self.span(span_id) is None:
            span_id = None
        self.selected_span_id = span_id
        self.selectedSpanChanged.emit(span_id)

    def neighbour_span(self, offset: int, forward: bool) -> Span | None:
        """The span after (or before) the selected one, or the caret; wraps around."""
        return self._spans.neighbour(self.selected_span(), offset, forward)

    def span_beside(self, key: tuple[int, int, int], forward: bool) -> Span | None:
        """The first span after (or last before) ``key`` = (start, end, id), no wrapping."""
        return self._spans.beside(key, forward)


class SpanIndex:
    """The current document's spans by id and in text order, patched one at a time."""

    def __init__(self, spans: Sequence[Span] = ()) -> None:
        self._by_id = {span.id: span for span in spans}
        self._keys = sorted((s.start, s.end, s.id) for s in spans)
        self._ordered: tuple[Span, ...] | None = None

    def get(self, span_id: int) -> Span | None:
        return self._by_id.get(span_id)

    def add(self, span: Span) -> None:
        self.discard(span.id)
        self._by_id[span.id] = span
        insort(self._keys, (span.start, span.end, span.id))
        self._ordered = None

    def discard(self, span_id: int) -> None:
        span = self._by_id.pop(span_id, None)
        if span is not None:
            key = (span.start, span.end, span.id)
            index = bisect_left(self._keys, key)
            if index < len(self._keys) and self._keys[index] == key:
                del self._keys[index]
            self._ordered = None

    def ordered(self) -> tuple[Span, ...]:
        if self._ordered is None:
            self._ordered = tuple(self._by_id[key[2]] for key in self._keys)
        return self._ordered

    def at(self, start: int, end: int) -> list[Span]:
        """Spans with exactly these offsets."""
        index = bisect_left(self._keys, (start, end, -1))
        found = []
        while index < len(self._keys) and self._keys[index][:2] == (start, end):
            found.append(self._by_id[self._keys[index][2]])
            index += 1
        return found

    def beside(self, key: tuple[int, int, int], forward: bool) -> Span | None:
        if forward:
            index = bisect_right(self._keys, key)
            return self._by_id[self._keys[index][2]] if index < len(self._keys) else None
        index = bisect_left(self._keys, key) - 1
        return self._by_id[self._keys[index][2]] if index >= 0 else None

    def neighbour(self, current: Span | None, offset: int, forward: bool) -> Span | None:
        if not self._keys:
            return None
        if current is not None:
            index = bisect_left(self._keys, (current.start, current.end, current.id))
            index = (index + (1 if forward else -1)) % len(self._keys)
        elif forward:
            index = bisect_left(self._keys, (offset, -1, -1)) % len(self._keys)
        else:
            index = (bisect_left(self._keys, (offset, -1, -1)) - 1) % len(self._keys)
        return self._by_id[self._keys[index][2]]


# Changes to these tables refresh the document's attributes, normalizations, notes and chains.
ATTACHMENT_TABLES = frozenset({"attributes", "normalizations", "notes", "chains", "chain_members"})


def _fragments(value: object) -> tuple[tuple[int, int], ...]:
    """A logged ``spans.fragments`` value (JSON pieces or NULL) as the model holds it."""
    if not value:
        return ()
    return tuple((int(a), int(b)) for a, b in json.loads(str(value)))
