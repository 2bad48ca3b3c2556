"""Labels and spans: applying a label, selecting and stepping through spans, the span list."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject

from annotator.core.model import Span
from annotator.core.services.settings import AnnotatingSettings

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow

SPAN_LIST_AFTER_KEYS_MS = 120


class SpanEditing(QObject):
    """What the label keys, Tab, Delete and the span list do to the open document's spans."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # The span list takes key-press changes once the keys pause: inserting a row
        # redraws the whole list (~1 ms), which a key press should not wait for.
        self._pending_list: list[tuple[list[Span], list[Span]]] = []
        self._span_list_timer = window.single_shot(SPAN_LIST_AFTER_KEYS_MS, self.flush_span_list)

    # -- the open document's spans ---------------------------------------------------
    def show_document(self, text: str) -> None:
        """A newly opened document: its text and spans in the article and the list."""
        w = self.window
        spans = w.controller.annotations.spans
        w.article.set_document(text, spans)
        self._pending_list = []
        w.span_model.set_spans(text, spans)

    def refresh_annotations(self) -> None:
        w = self.window
        document = w.controller.document
        if document is None:
            return
        spans = w.controller.annotations.spans
        w.article.set_spans(spans)
        self._pending_list = []
        w.span_model.set_spans(document.text, spans)
        w.structure.refresh()
        self.show_selected_span(w.controller.selected_span_id)
        w.update_status()

    def patch_spans(self, removed: list[Span], added: list[Span]) -> None:
        w = self.window
        w.article.patch_spans(removed, added)
        self._pending_list.append((removed, added))
        self._span_list_timer.start()
        # The events tree and the warnings re-check the whole document: do it once the
        # keys pause, not inside every keystroke (events and relations refresh at once).
        w.structure.refresh_soon()
        self.show_selected_span()

    def refresh_schema(self) -> None:
        """Label colours, the palette, and each label's key (the schema changed)."""
        w = self.window
        schema = w.project.schema
        colors = {label.name: label.color for label in schema.labels}
        w.article.set_colors(colors)
        w.span_model.set_colors(colors)
        span_labels = w.controller.span_labels()
        w.label_palette.set_labels(span_labels, schema.relations)
        w.window_actions.set_label_keys(span_labels)

    # -- labels ------------------------------------------------------------------------
    def apply_label_number(self, number: int) -> None:
        w = self.window
        label = w.controller.label_for_number(number)
        if label is None:
            w.statusBar().showMessage(
                self.tr("No label has the number %1").replace("%1", str(number)), 4000
            )
            return
        self.apply_label(label.name)

    def apply_label(self, name: str) -> None:
        w = self.window
        if w.controller.selected_span() is None and w.suggesting.accept_as(name):
            w.article.setFocus()  # the suggestion Tab selected, with this label
            return
        start, end = w.article.selection()
        w.controller.apply_label(name, start, end)
        w.article.setFocus()

    def toggle_snap(self) -> None:
        w = self.window
        w.controller.snap = not w.controller.snap
        w.update_status()
        snapping = "tokens" if w.controller.snap else "characters"
        w.appearance.save(replace(w.preferences, annotating=AnnotatingSettings(snapping=snapping)))

    # -- selection ---------------------------------------------------------------------
    def step_span(self, forward: bool) -> None:
        """Tab / Shift+Tab: the next span, or suggestion (walked with them in text order)."""
        w = self.window
        if w.suggesting.step(forward):
            return
        offset = w.article.selection()[1 if forward else 0]
        span = w.controller.neighbour_span(offset, forward)
        if span is not None:
            w.controller.select_span(span.id)

    def clear_selection(self) -> None:
        self.window.controller.select_span(None)
        self.window.article.clear_selection()
        self.window.fragments.forget()  # Esc: no span to add a fragment to either

    def show_selected_span(self, _span_id: object = None) -> None:
        w = self.window
        span = w.controller.selected_span()
        w.article.set_selected_span(span)
        w.structure.show_relations_of_selection()
        start, end = w.article.selection()
        w.update_selection_label(start, end)
        self._select_span_row(span)

    def _select_span_row(self, span: Span | None) -> None:
        w = self.window
        if span is None:
            w.span_list.clearSelection()
            return
        if self._pending_list:
            return  # the list catches up (and selects it) when the keys pause
        row = w.span_model.row_of(span.id, span)
        if row is not None:
            index = w.span_model.index(row)
            selection = w.span_list.selectionModel()
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            w.span_list.scrollTo(index)

    def flush_span_list(self) -> None:
        """Apply the span changes the list has not shown yet, and select the span."""
        self._span_list_timer.stop()
        pending, self._pending_list = self._pending_list, []
        for removed, added in pending:
            self.window.span_model.patch(removed, added)
        if pending:
            self._select_span_row(self.window.controller.selected_span())

    def span_row_chosen(self, index: QModelIndex) -> None:
        w = self.window
        span = w.span_model.span_at(index.row())  # the row as shown, before catching up
        self.flush_span_list()
        if span is not None and w.controller.span(span.id) is not None:
            w.controller.select_span(span.id)
            w.article.setFocus()

    def span_clicked(self, offset: int) -> None:
        w = self.window
        if w.picker.active and w.picker.choose_at(offset):
            return
        spans = w.article.spans_at(offset)
        if spans:
            innermost = min(spans, key=lambda s: (s.end - s.start, s.start))
            w.controller.select_span(innermost.id)

    def selection_changed(self, start: int, end: int) -> None:
        w = self.window
        if w.controller.selected_span_id is not None:
            w.controller.select_span(None)  # the user moved on from the span
        w.update_selection_label(start, end)
