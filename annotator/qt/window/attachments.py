"""Attributes, notes and normalizations of the selected annotation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow


class Attachments(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def set_attribute(self) -> None:
        pass

    def edit_note(self) -> None:
        pass

    def normalize(self) -> None:
        pass
