"""The adjudication panel: the places where annotators disagree, side by side.

One row per place (a :class:`~annotator.core.editing.adjudication.Unit`), one column
per annotator's version and one for what the gold holds there now; the version the
gold holds is ticked. Keyboard: arrows move (the article follows), Alt+1..Alt+9 take
an annotator's version, Alt+0 nothing (the window's keys), Escape returns to the
article. Everything shown is plain text (labels and the document's words).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.editing.adjudication import Unit, Version

UnitRole = Qt.ItemDataRole.UserRole + 1
CELL_LIMIT = 80  # characters shown in a cell; the tooltip has all of it


def _short(text: str, limit: int = CELL_LIMIT) -> str:
    shown = " ".join(text.split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class _Table(QTableWidget):
    leaveRequested = Signal()  # noqa: N815 - Escape: back to the article

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.leaveRequested.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.leaveRequested.emit()  # the unit is selected in the article already
            return
        super().keyPressEvent(event)


class AdjudicationPanel(QWidget):
    """The disagreements of the open document; the current row is the unit worked on."""

    unitChosen = Signal(int)  # noqa: N815 - a row became current: its unit's index
    leaveRequested = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adjudicationPanel")
        self.summary = QLabel(self)
        self.summary.setObjectName("adjudicationSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.table = _Table(0, 0, self)
        self.table.setObjectName("adjudicationTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(self._current_changed)
        self.table.leaveRequested.connect(self.leaveRequested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self._units: list[Unit] = []
        self._filling = False

    def set_units(
        self, text: str, annotators: Sequence[str], shown: Sequence[Unit], summary: str
    ) -> None:
        """Show ``shown`` (the disagreements) with a column per annotator and the gold."""
        self._filling = True
        try:
            self._units = list(shown)
            self.summary.setText(summary)
            table = self.table
            table.clearContents()
            columns = [
                self.tr("Place"),
                *(
                    self.tr("Alt+%1: %2").replace("%1", str(n)).replace("%2", name)
                    if n <= 9
                    else name
                    for n, name in enumerate(annotators, 1)
                ),
                self.tr("Gold now"),
            ]
            table.setColumnCount(len(columns))
            table.setHorizontalHeaderLabels(columns)
            table.setRowCount(len(shown))
            bold = QFont(table.font())
            bold.setBold(True)
            for row, unit in enumerate(shown):
                place = f"{unit.start}–{unit.end} {_short(text[unit.start : unit.end], 30)}"
                if unit.kind == "relation":
                    place = self.tr("relation %1").replace("%1", place)
                self._set(row, 0, place, place, unit)
                for column, version in enumerate(unit.versions, 1):
                    described = version.describe(text)
                    taken = bool(version.pieces) and version.pieces == unit.gold.pieces
                    item = self._set(
                        row, column, ("✓ " if taken else "") + _short(described), described, unit
                    )
                    if taken:
                        item.setFont(bold)
                gold = unit.gold.describe(text)
                if not unit.resolved:
                    gold = self.tr("(undecided)")
                self._set(row, len(columns) - 1, _short(gold), gold, unit)
            header = table.horizontalHeader()
            for column in range(len(columns)):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                table.resizeColumnToContents(column)
                header.resizeSection(column, min(header.sectionSize(column), 320))
            header.setStretchLastSection(True)
        finally:
            self._filling = False

    def _set(self, row: int, column: int, text: str, tip: str, unit: Unit) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setToolTip(tip)
        item.setData(UnitRole, unit.index)
        self.table.setItem(row, column, item)
        return item

    def units(self) -> list[Unit]:
        return list(self._units)

    def select_unit(self, index: int | None) -> None:
        """Make the row of the unit with this index current (None: no row)."""
        self._filling = True
        try:
            row = next((r for r, unit in enumerate(self._units) if unit.index == index), -1)
            if row < 0:
                self.table.clearSelection()
                self.table.setCurrentCell(-1, -1)
                return
            self.table.setCurrentCell(row, max(self.table.currentColumn(), 0))
            self.table.selectRow(row)
            item = self.table.item(row, 0)
            if item is not None:
                self.table.scrollToItem(item)
        finally:
            self._filling = False

    def current_index(self) -> int | None:
        row = self.table.currentRow()
        return self._units[row].index if 0 <= row < len(self._units) else None

    def cell_text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _current_changed(self, row: int, _column: int, previous: int, _pc: int) -> None:
        if self._filling or row == previous or not 0 <= row < len(self._units):
            return
        self.unitChosen.emit(self._units[row].index)


def taken_by(unit: Unit) -> list[Version]:
    """The annotators' versions the gold holds at a unit (non-empty ones)."""
    return [v for v in unit.versions if v.pieces and v.pieces == unit.gold.pieces]
