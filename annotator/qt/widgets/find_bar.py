"""Ctrl+F: find in the article. Enter selects the next match *in the article* and
hands keyboard focus back to it, so a label key annotates the match at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class _QueryEdit(QLineEdit):
    submitted = Signal(bool)  # backwards
    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.submitted.emit(shift)
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    findRequested = Signal(str, bool)  # noqa: N815 - query, backwards
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel(self.tr("Find:")))
        self.edit = _QueryEdit(self)
        self.edit.setPlaceholderText(
            self.tr("text in this article (Enter: next, Shift+Enter: previous, Esc: close)")
        )
        layout.addWidget(self.edit, 1)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        close = QToolButton(self)
        close.setText("×")
        close.setToolTip(self.tr("Close (Escape)"))
        close.clicked.connect(self.close_bar)
        layout.addWidget(close)
        self.edit.submitted.connect(lambda back: self.findRequested.emit(self.edit.text(), back))
        self.edit.escaped.connect(self.close_bar)

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.status.clear()
        self.closed.emit()
