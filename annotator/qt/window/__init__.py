"""The main window, one module per concern (see :mod:`.main_window`)."""

from annotator.qt.window.main_window import MainWindow

__all__ = ["MainWindow"]
