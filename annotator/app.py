"""Composition root: open the project, build the QApplication and the main window.

``annotator [PROJECT]`` ends up here. Without a project it reopens the last one,
or the demo project on a first run. The project is opened (and refused with a
clear error) before any window exists.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator import __version__
from annotator.core import paths, recent
from annotator.core.demo import ensure_demo_project
from annotator.core.errors import AnnotatorError
from annotator.core.keymap import Keymap, KeymapError
from annotator.core.project import Project
from annotator.qt.main_window import MainWindow


def choose_project(argument: str | None) -> Path:
    if argument:
        return paths.project_path(argument)
    return recent.last_existing() or ensure_demo_project()


def window_settings() -> QSettings:
    """Window layout only; preferences live in the config dir's own file."""
    return QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)


def load_keymap() -> tuple[Keymap, str | None]:
    try:
        return Keymap.load(paths.config_dir() / "keymap.toml"), None
    except KeymapError as exc:
        return Keymap(), f"{exc}\nThe default shortcuts are used until it is fixed."


class Application:
    """Owns the open windows; File > Open replaces the window with the new project's."""

    def __init__(self, qt_app: QApplication) -> None:
        self.qt_app = qt_app
        self.windows: list[MainWindow] = []
        self.keymap, self.keymap_error = load_keymap()

    def open(self, path: Path, replacing: MainWindow | None = None) -> MainWindow | None:
        try:
            project = Project.open(path)
        except AnnotatorError as exc:
            QMessageBox.warning(replacing, "Annotator", str(exc))
            return None
        return self.show(project, path, replacing)

    def show(self, project: Project, path: Path, replacing: MainWindow | None = None) -> MainWindow:
        """A window for an opened project (replacing another one's, for File > Open)."""
        window = MainWindow(project, self.keymap, window_settings())
        window.openProjectRequested.connect(lambda p, w=window: self.open(p, w))
        window.destroyed.connect(lambda _obj=None, p=project: p.close())
        self.windows.append(window)
        recent.remember(path)
        window.show()
        if replacing is not None:
            replacing.close()
            replacing.deleteLater()
            self.windows.remove(replacing)
        if self.keymap_error:
            QMessageBox.warning(window, "Annotator", self.keymap_error)
            self.keymap_error = None
        return window


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Unexpected errors: say so in a dialog instead of dying silently mid-work."""
    text = "".join(traceback.format_exception(kind, value, tb))
    print(text, file=sys.stderr)
    if QApplication.instance() is not None:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "Annotator",
            "An unexpected error occurred. Your annotations are saved; the details are below.",
        )
        box.setDetailedText(text)
        box.exec()


def run(argument: str | None) -> int:
    path = choose_project(argument)
    project = Project.open(path)  # a bad file is refused on the command line, before Qt
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("Annotator")
    qt_app.setApplicationVersion(__version__)
    qt_app.setOrganizationName("Annotator")
    sys.excepthook = _excepthook
    application = Application(qt_app)
    application.show(project, path)
    return qt_app.exec()
