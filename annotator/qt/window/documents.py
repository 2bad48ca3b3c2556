"""The document list, its filters, and moving between documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QObject

from annotator.core.editing import edits
from annotator.core.model import Status

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow

# Shown in the list's status filter (translated where MainWindow builds it).
STATUS_FILTERS = (
    (QT_TRANSLATE_NOOP("MainWindow", "All documents"), ()),
    (QT_TRANSLATE_NOOP("MainWindow", "To do"), (Status.TODO,)),
    (QT_TRANSLATE_NOOP("MainWindow", "Done"), (Status.DONE,)),
    (QT_TRANSLATE_NOOP("MainWindow", "Skipped"), (Status.SKIPPED,)),
)
# The queue orders beside it: (title, order for Project.document_ids / next_with_status).
QUEUE_ORDERS = (
    (QT_TRANSLATE_NOOP("MainWindow", "As added"), "added"),
    (QT_TRANSLATE_NOOP("MainWindow", "Least certain first"), "uncertain"),
)


class DocumentNavigation(QObject):
    """Which document is open: the list's selection, its filters, next and previous."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._filter_timer = window.single_shot(200, self.apply_filter)
        self._stale_rows: set[int] = set()
        self._stale_rows_timer = window.single_shot(300, self._refresh_stale_rows)

    def open_first(self) -> None:
        """The first document to do (else the first one), when the window opens."""
        w = self.window
        first = w.controller.next_todo() or w.document_model.document_id(0)
        if first is not None:
            self.go_to(first)
        w.update_status()

    def go_to(self, document_id: int) -> None:
        w = self.window
        row = w.document_model.row_of(document_id)
        if row is None:  # filtered out of the list: open it anyway
            w.controller.open_document(document_id)
            return
        moved = w.document_table.currentIndex().row() != row
        w.document_table.selectRow(row)  # a new current row opens it (row_chosen)
        w.document_table.scrollTo(w.document_model.index(row, 0))
        if not moved or w.document_table.currentIndex().row() != row:
            # not opened by row_chosen; a document that failed to open there is not
            # tried (and said) a second time
            w.controller.open_document(document_id)

    def row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        document_id = self.window.document_model.document_id(current.row())
        if document_id is not None:
            self.window.controller.open_document(document_id)

    def step(self, step: int) -> None:
        w = self.window
        ids = w.document_model.ids()
        if not ids:
            return
        current = w.document_model.row_of(w.controller.document_id or -1)
        row = 0 if current is None else max(0, min(len(ids) - 1, current + step))
        self.go_to(ids[row])
        w.article.setFocus()

    def finish(self, status: Status) -> None:
        """Ctrl+Enter (done) and its skip: set the status, open the next to do."""
        w = self.window
        if w.controller.document is None:
            return
        if not w.controller.set_status(status):
            return
        if status == Status.DONE:
            w.suggesting.document_done()  # retrain the suggestion model (debounced)
        following = w.controller.next_todo()
        if following is None:
            w.statusBar().showMessage(self.tr("Every document is done or skipped."), 6000)
            return
        self.go_to(following)
        w.article.setFocus()

    def show_document(self, document_id: int) -> None:
        """The controller opened a document: show it, its spans first, the rest after."""
        w = self.window
        document = w.controller.document
        if document is None:
            return
        w.picker.cancel()
        w.structure.forget_event()
        w.spans.show_document(document.text)
        w.structure.document_opened(document.text)
        self.mark_current_row()
        w.update_status()

    def mark_current_row(self) -> None:
        """Select the open document's row without re-opening it."""
        w = self.window
        if w.controller.document_id is None:
            return
        row = w.document_model.row_of(w.controller.document_id)
        if row is not None and w.document_table.currentIndex().row() != row:
            blocked = w.document_table.selectionModel().blockSignals(True)
            w.document_table.selectRow(row)
            w.document_table.selectionModel().blockSignals(blocked)

    def list_changed(self, changes: edits.Changes) -> None:
        w = self.window
        if "documents" in changes.tables:
            # added, removed or re-statused documents: the filtered id list may change
            w.document_model.reload()
            w.status_counts_changed()
            self.mark_current_row()
            w.update_status()
        else:
            # only span counts changed: refresh those rows once the keys pause, not
            # inside every keystroke
            self._stale_rows.update(changes.documents)
            self._stale_rows_timer.start()

    def _refresh_stale_rows(self) -> None:
        stale, self._stale_rows = sorted(self._stale_rows), set()
        self.window.document_model.mark_stale(stale)

    def filter_soon(self) -> None:
        """The filter text changed: filter once the typing pauses."""
        self._filter_timer.start()

    def apply_filter(self) -> None:
        w = self.window
        statuses = STATUS_FILTERS[w.status_filter.currentIndex()][1]
        order = QUEUE_ORDERS[max(w.order_filter.currentIndex(), 0)][1]
        w.controller.order = order  # Done and next follows the list's order
        w.document_model.set_order(order)
        w.document_model.set_filter(statuses, w.text_filter.text().strip())
        self.mark_current_row()
        w.update_status()
