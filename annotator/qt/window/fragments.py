"""Discontinuous spans: adding and removing fragments of the selected span."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow


class Fragments(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def add_fragment(self) -> None:
        pass

    def remove_fragment(self) -> None:
        pass
