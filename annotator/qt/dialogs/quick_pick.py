"""A small keyboard-first chooser: type to filter, arrows move, Enter picks, Escape cancels.

It opens without blocking (``open()``) and reports the picked item's data through
``picked``; the attribute flow (Ctrl+Shift+T) uses it twice, for the attribute
and then its value. Everything shown is plain text (labels and values are user data).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

DataRole = Qt.ItemDataRole.UserRole + 1


class QuickPick(QDialog):
    picked = Signal(object)  # the data of the item chosen

    def __init__(
        self,
        title: str,
        prompt: str,
        items: Sequence[tuple[str, Any, str]],
        parent: QWidget | None = None,
        current: int = 0,
    ) -> None:
        """``items`` are (text shown, data, tooltip); ``current`` starts highlighted."""
        super().__init__(parent)
        self.setObjectName("quickPick")
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.prompt = QLabel(prompt, self)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("quickPickFilter")
        self.filter.setPlaceholderText(self.tr("Type to filter · ↑↓ · Enter picks · Esc cancels"))
        self.filter.setClearButtonEnabled(True)
        self.prompt.setBuddy(self.filter)
        self.list = QListWidget(self)
        self.list.setObjectName("quickPickList")
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the filter
        for text, data, tip in items:
            item = QListWidgetItem(text, self.list)
            item.setData(DataRole, data)
            if tip:
                item.setToolTip(tip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.prompt)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.list.itemClicked.connect(lambda _item: self.accept())
        if self.list.count():
            self.list.setCurrentRow(max(0, min(current, self.list.count() - 1)))
        rows = min(max(self.list.count(), 3), 12)
        # as tall as its items (up to 12), not the list's default height
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 2 * self.list.frameWidth())
        self.resize(max(320, self.list.sizeHintForColumn(0) + 40), self.sizeHint().height())
        self.filter.setFocus()

    def place_near(self, point: QPoint) -> None:
        """Open just below ``point`` (global), kept on the screen."""
        screen = self.screen().availableGeometry()
        x = min(max(point.x(), screen.left()), screen.right() - self.width())
        y = point.y() + 4
        if y + self.height() > screen.bottom():
            y = max(screen.top(), point.y() - self.height() - 24)
        self.move(x, y)

    def shown_texts(self) -> list[str]:
        """The items left after filtering (for tests and screen readers' sake)."""
        return [
            item.text()
            for row in range(self.list.count())
            if (item := self.list.item(row)) is not None and not item.isHidden()
        ]

    def current_data(self) -> Any:
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else item.data(DataRole)

    def _filter(self, text: str) -> None:
        wanted = text.casefold().strip()
        first: QListWidgetItem | None = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(wanted) and wanted not in item.text().casefold()
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        current = self.list.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.list.setCurrentItem(first)

    def _move(self, step: int) -> None:
        rows = [r for r in range(self.list.count()) if not self.list.item(r).isHidden()]
        if not rows:
            return
        row = self.list.currentRow()
        index = rows.index(row) if row in rows else -1
        self.list.setCurrentRow(rows[(index + step) % len(rows)])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept()
                return True
            if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(5 if key == Qt.Key.Key_PageDown else -5)
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        data = self.current_data()
        if data is None:
            return  # nothing matches the filter: keep typing, or Escape
        super().accept()
        self.picked.emit(data)
