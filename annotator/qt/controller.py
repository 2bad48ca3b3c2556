"""The controller: the window's single path to the core.

Views call the controller; the controller turns intentions ("apply PER to this
selection") into core edits, applies them (committed at once), pushes them on the
undo stack and tells views what changed through signals.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core import edits
from annotator.core.edits import Changes, Edit
from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotations, Document, Label, LabelKind, Span, Status
from annotator.core.project import Project
from annotator.core.text import snap_to_tokens, trim_whitespace
from annotator.qt.undo import EditCommand


class Controller(QObject):
    documentOpened = Signal(int)  # noqa: N815 - the current document changed
    annotationsChanged = Signal()  # noqa: N815 - the current document's annotations changed
    documentListChanged = Signal(object)  # noqa: N815 - Changes
    schemaChanged = Signal()  # noqa: N815
    selectedSpanChanged = Signal(object)  # noqa: N815 - span id or None
    errorRaised = Signal(str)  # noqa: N815
    message = Signal(str)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.document: Document | None = None
        self.annotations = Annotations()
        self.selected_span_id: int | None = None
        self.snap = True

    # -- documents -------------------------------------------------------------
    @property
    def document_id(self) -> int | None:
        return self.document.id if self.document else None

    def open_document(self, document_id: int) -> None:
        if self.document is not None and self.document.id == document_id:
            return
        try:
            self.document = self.project.document(document_id)
        except AnnotatorError as exc:
            self.errorRaised.emit(str(exc))
            return
        self.annotations = self.project.annotations(document_id)
        self.selected_span_id = None
        self.documentOpened.emit(document_id)

    def set_status(self, status: Status) -> bool:
        if self.document is None:
            return False
        return self.apply(edits.SetStatus(self.document.id, status))

    def next_todo(self) -> int | None:
        return self.project.next_with_status(self.document_id, Status.TODO)

    # -- edits -------------------------------------------------------------------
    def apply(self, edit: Edit) -> bool:
        """Apply an edit (saved at once) and make it undoable; errors are reported."""
        try:
            changes = self.project.apply(edit)
        except AnnotatorError as exc:
            self.errorRaised.emit(str(exc))
            return False
        self.undo_stack.push(EditCommand(self.project, edit, self._undone_or_redone))
        self._changed(changes)
        return True

    def adopt(self, edit: Edit) -> None:
        """Make an edit that a background job already applied and committed undoable."""
        changes = edit.changes()
        self.project.changed_elsewhere(changes)
        self.undo_stack.push(EditCommand(self.project, edit, self._undone_or_redone))
        self._changed(changes)

    def _undone_or_redone(self, changes: Changes) -> None:
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
            self.project.schema  # noqa: B018 - reload before views ask
            self.schemaChanged.emit()
        if self.document is not None and self.document.id in changes.documents:
            if "documents" in changes.tables:
                try:
                    self.document = self.project.document(self.document.id)
                except AnnotatorError:
                    self.document = None
            if self.document is not None:
                self.annotations = self.project.annotations(self.document.id)
                if self.annotations.span(self.selected_span_id or -1) is None:
                    self.selected_span_id = None
                self.annotationsChanged.emit()
        elif changes.schema and self.document is not None:
            self.annotations = self.project.annotations(self.document.id)
            self.annotationsChanged.emit()
        if changes.document_list:
            self.documentListChanged.emit(changes)

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
            self.errorRaised.emit(f"there is no label {label_name!r}")
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
            (
                s
                for s in self.annotations.spans
                if (s.start, s.end) == bounds and s.label == label.name
            ),
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
        if self.selected_span_id is None:
            return None
        return self.annotations.span(self.selected_span_id)

    def select_span(self, span_id: int | None) -> None:
        if span_id is not None and self.annotations.span(span_id) is None:
            span_id = None
        self.selected_span_id = span_id
        self.selectedSpanChanged.emit(span_id)

    def neighbour_span(self, offset: int, forward: bool) -> Span | None:
        """The span after (or before) the selected one, or the caret; wraps around."""
        spans = self.annotations.spans
        if not spans:
            return None
        current = self.selected_span()
        if current is not None:
            index = spans.index(current)
            return spans[(index + (1 if forward else -1)) % len(spans)]
        if forward:
            return next((s for s in spans if s.start >= offset), spans[0])
        return next((s for s in reversed(spans) if s.start < offset), spans[-1])
