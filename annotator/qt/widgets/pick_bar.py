"""The bar above the article while picking a role, a relation type or a target span.

It only shows what can be chosen and how; the keys are handled by the main window
(numbers choose, Tab and Shift+Tab cycle targets, Enter confirms, Escape cancels).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget


class PickBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.setStyleSheet("PickBar { background: palette(alternate-base); }")
        self.hide()

    def show_options(self, prompt: str, options: Sequence[tuple[str, str]], current: int) -> None:
        """``options`` are (key, text); the current one is underlined."""
        parts = []
        for index, (key, text) in enumerate(options):
            item = f"<b>{escape(key)}</b>&nbsp;{escape(text)}"
            parts.append(f"<u>{item}</u>" if index == current else item)
        hint = self.tr("number or arrows + Enter · Esc cancels")
        self.label.setText(f"{escape(prompt)}: " + " · ".join(parts) + f"  <i>({hint})</i>")
        self.show()

    def show_target(self, prompt: str, target: str, position: int, total: int) -> None:
        hint = self.tr("Tab / Shift+Tab: other spans · Enter: choose · click works too · Esc")
        self.label.setText(
            f"{escape(prompt)} <b>{escape(target)}</b> ({position}/{total})  <i>({hint})</i>"
        )
        self.show()
