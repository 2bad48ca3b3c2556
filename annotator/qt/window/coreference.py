"""Coreference chains made from the keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow


class Coreference(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def link(self) -> None:
        pass

    def unlink(self) -> None:
        pass
