"""The annotations panel's model: the spans of the current document, in text order.

A span that carries attributes, links or notes (its own, or its event's) shows a
compact marker after its text and everything in its tooltip (:meth:`set_markers`);
``markersChanged`` passes them on to the article, which marks those spans too.
A discontinuous span shows its pieces' text joined by " … ", not the gap between them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPixmap
from PySide6.QtGui import Qt as GuiQt  # the namespace that has convertFromPlainText

from annotator.core.model import Span
from annotator.qt import theme

ModelIndex = QModelIndex | QPersistentModelIndex
SpanIdRole = Qt.ItemDataRole.UserRole + 1


def covered_text(text: str, span: Span, limit: int = 60) -> str:
    """A span's text on one line: a discontinuous span's pieces joined by " … "."""
    shown = " … ".join(" ".join(text[start:end].split()) for start, end in span.pieces)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class SpanListModel(QAbstractListModel):
    # span id -> (marker, tooltip lines), every time they change
    markersChanged = Signal(object)  # noqa: N815 (Qt signal naming)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._spans: list[Span] = []
        self._text = ""
        self._swatches: dict[str, QPixmap] = {}
        self._keys: list[tuple[int, int, int]] = []  # (start, end, id), as _spans
        # span id -> (marker after the text, tooltip lines); kept by id, so rows may move
        self._markers: dict[int, tuple[str, list[str]]] = {}

    def set_colors(self, colors: dict[str, str]) -> None:
        self._swatches = {}
        for label, color in colors.items():
            self._swatches[label] = theme.swatch(color)
        if self._spans:
            self.dataChanged.emit(self.index(0), self.index(len(self._spans) - 1))

    def set_spans(self, text: str, spans: Sequence[Span]) -> None:
        self.beginResetModel()
        self._text = text
        self._spans = list(spans)
        self._keys = [(s.start, s.end, s.id) for s in self._spans]
        self.endResetModel()

    def patch(self, removed: Sequence[Span], added: Sequence[Span]) -> None:
        """Remove and insert single rows (a reset would make views lose their place)."""
        for span in removed:
            row = self.row_of(span.id, span)
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._spans[row]
                del self._keys[row]
                self.endRemoveRows()
        for span in added:
            key = (span.start, span.end, span.id)
            row = bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._spans.insert(row, span)
            self._keys.insert(row, key)
            self.endInsertRows()

    def set_markers(self, markers: dict[int, tuple[str, list[str]]]) -> None:
        """Span id -> (marker, tooltip lines); repaints the rows whose marker changed."""
        changed = {
            k
            for k in markers.keys() | self._markers.keys()
            if markers.get(k) != self._markers.get(k)
        }
        self._markers = dict(markers)
        if not changed:
            return
        self.markersChanged.emit(self._markers)
        if not self._spans:
            return
        rows = [row for row, key in enumerate(self._keys) if key[2] in changed]
        if rows:
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)))

    def marker_of(self, span_id: int) -> str:
        found = self._markers.get(span_id)
        return found[0] if found is not None else ""

    def span_at(self, row: int) -> Span | None:
        return self._spans[row] if 0 <= row < len(self._spans) else None

    def row_of(self, span_id: int, hint: Span | None = None) -> int | None:
        if hint is not None:
            row = bisect_left(self._keys, (hint.start, hint.end, hint.id))
            if row < len(self._keys) and self._keys[row][2] == span_id:
                return row
        return next((row for row, key in enumerate(self._keys) if key[2] == span_id), None)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._spans)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        span = self.span_at(index.row()) if index.isValid() else None
        if span is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            shown = covered_text(self._text, span)
            marker = self._markers.get(span.id)
            return f"{span.label}  {shown}  {marker[0]}" if marker else f"{span.label}  {shown}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._swatches.get(span.label)
        if role == Qt.ItemDataRole.ToolTipRole:
            # tooltips render markup; a label name is shown as written
            where = " + ".join(f"{start}–{end}" for start, end in span.pieces)
            lines = [f"{span.uid} · {span.label} · {where}"]
            marker = self._markers.get(span.id)
            if marker is not None:
                lines += marker[1]
            return GuiQt.convertFromPlainText("\n".join(lines))
        if role == SpanIdRole:
            return span.id
        return None
