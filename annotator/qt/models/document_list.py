"""The document list: a lazy model that holds only ordered ids.

Rows come from a small page cache filled by one query per page over the narrow
``documents`` table (ARCHITECTURE: Anki's browser table). Changes mark the cache
stale; nothing holds article texts.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import Qt as GuiQt  # the namespace that has convertFromPlainText

from annotator.core.model import DocumentSummary, Status
from annotator.core.project import Project
from annotator.qt.damaged import DAMAGED, damaged_message
from annotator.qt.translations import core_text, fill

PAGE = 256
ModelIndex = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    TITLE, STATUS, SPANS = range(3)
    HEADERS = (
        QT_TRANSLATE_NOOP("DocumentListModel", "Title"),
        QT_TRANSLATE_NOOP("DocumentListModel", "Status"),
        QT_TRANSLATE_NOOP("DocumentListModel", "Spans"),
    )

    # rows of a damaged file could not be read: the message, once per reload (a model's
    # data() must not raise: it is asked for every cell of every repaint)
    unreadable = Signal(str)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._unreadable: set[int] = set()  # ids whose rows could not be read
        self._statuses: list[Status] = []
        self._text = ""
        self._ids: Sequence[int] = []  # a range when the ids have no gaps
        self._order = "added"  # or "uncertain": least certain first (the model's)
        self._rows: dict[int, int] | None = None  # id -> row, when not in id order
        self._cache: dict[int, DocumentSummary] = {}
        self.reload()

    # -- filtering -----------------------------------------------------------
    def set_filter(self, statuses: Sequence[Status] = (), text: str = "") -> None:
        self._statuses, self._text = list(statuses), text
        self.reload()

    def set_order(self, order: str) -> None:
        """ "added" (the import order) or "uncertain" (least certain first)."""
        if order != self._order:
            self._order = order
            self.reload()

    @property
    def order(self) -> str:
        return self._order

    def reload(self) -> None:
        self.beginResetModel()
        self._ids = self._project.document_ids(
            self._statuses or None, self._text or None, order=self._order
        )
        self._rows = None
        self._cache.clear()
        self._unreadable.clear()
        self.endResetModel()

    def mark_stale(self, ids: Sequence[int] | None = None) -> None:
        """Forget cached rows (all, or the given documents) and repaint them."""
        if ids is None:
            self._cache.clear()
            if self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, 2))
            return
        for doc_id in ids:
            self._cache.pop(doc_id, None)
            row = self.row_of(doc_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, 2))

    # -- lookups ---------------------------------------------------------------
    def document_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, document_id: int) -> int | None:
        if self._order != "added":  # not in id order: a dict, built once per reload
            if self._rows is None:
                self._rows = {doc_id: row for row, doc_id in enumerate(self._ids)}
            return self._rows.get(document_id)
        # ids come in id order (queries.document_ids): a bisect, no id -> row dict to
        # build for 100,000 documents on every reload
        row = bisect_left(self._ids, document_id)
        return row if row < len(self._ids) and self._ids[row] == document_id else None

    def ids(self) -> Sequence[int]:
        return self._ids

    def summary(self, row: int) -> DocumentSummary | None:
        doc_id = self.document_id(row)
        if doc_id is None:
            return None
        summary = self._cache.get(doc_id)
        if summary is None and doc_id not in self._unreadable:
            page_start = row - row % PAGE
            page = self._ids[page_start : page_start + PAGE]
            missing = [i for i in page if i not in self._cache]
            try:
                items = self._project.summaries(missing)
            except DAMAGED as exc:  # blank rows, said once, not asked again each repaint
                reported = bool(self._unreadable)
                self._unreadable.update(missing)
                if not reported:
                    what = self.tr("the document list")
                    self.unreadable.emit(damaged_message(self._project.shown_location, exc, what))
                return None
            for item in items:
                self._cache[item.id] = item
            summary = self._cache.get(doc_id)
        return summary

    # -- Qt model API ----------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 3

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(str(self.HEADERS[section])) if 0 <= section < 3 else None
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        summary = self.summary(index.row())
        if summary is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == self.SPANS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if column == self.TITLE:
            title = summary.title or self.tr("(empty)")
            if role == Qt.ItemDataRole.ToolTipRole:
                # tooltips render markup; titles come from the documents
                return GuiQt.convertFromPlainText(
                    fill(
                        self.tr("%1\n%2 · %3 characters"),
                        title,
                        summary.uid,
                        str(summary.length),
                    )
                )
            return title
        if column == self.STATUS:
            return core_text(str(summary.status))
        return summary.span_count
