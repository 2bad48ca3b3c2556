"""Composition root: open the project, build the QApplication and the main window.

``annotator [PROJECT]`` ends up here. Without a project it reopens the last one,
or the demo project on a first run. The project is opened (and refused with a
clear error) before any window exists.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from annotator import __version__
from annotator.core.errors import (
    AnnotatorError,
    ProjectError,
    ProjectLockedError,
    ReadOnlyProjectError,
)
from annotator.core.io.demo import ensure_demo_project
from annotator.core.maintenance import backups
from annotator.core.project import Project
from annotator.core.services import desktop, paths, recent, settings
from annotator.core.services.keymap import Keymap
from annotator.core.store.database import check_header
from annotator.core.store.migrations import SCHEMA_VERSION
from annotator.qt import theme, translations
from annotator.qt.damaged import DAMAGED, damaged_message
from annotator.qt.window import MainWindow


def tune_garbage_collector() -> None:
    """Fewer, cheaper garbage collections in the window's process.

    Opening a big article makes 100,000 small objects; with the default thresholds
    that sets off full collections over every object the app holds (tens of ms,
    felt as a stutter when opening or labelling). Objects alive at start-up are
    frozen out of collection, and the youngest generation is collected 70 times
    less often. Nothing here leaks: the collector still runs.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


# The composition root: importing it means this process is the window's.
tune_garbage_collector()


def choose_project(argument: str | None) -> Path | str:
    """The project file, or a shared server project's ``postgresql://`` URL (as given)."""
    if argument:
        return paths.project_location(argument)
    return recent.last_existing() or ensure_demo_project()


def window_settings() -> QSettings:
    """Window layout only; preferences live in the config dir's own file."""
    return QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)


def load_preferences() -> tuple[settings.Settings, Keymap, list[str]]:
    """settings.toml (defaults for anything invalid) and the keymap it gives, with a
    warning for each problem: a typo never keeps the window from starting."""
    preferences, warnings = settings.load_lenient()
    keymap, problem = settings.keymap_for(preferences)
    if problem:
        warnings.append(problem)
    return preferences, keymap, warnings


def ask_read_only(message: str, parent: QWidget | None = None) -> bool:
    """The project cannot be opened for writing: offer to open it read-only."""
    box = QMessageBox(QMessageBox.Icon.Question, "Annotator", message, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # paths and holders are shown as they are
    box.setInformativeText(
        QApplication.translate(
            "Application", "Open it read-only? You can read, search and export, not annotate."
        )
    )
    read_only = box.addButton(
        QApplication.translate("Application", "Open Read-Only"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is read_only


def backup_on_open(path: Path) -> list[str]:
    """The rotating backup made each time a project is opened; returns warnings.

    It is skipped when nothing changed since the newest backup.
    """
    current, warnings = settings.load_lenient()
    try:
        backups.make_backup(path, current, reason="open")
    except ProjectError:
        pass  # a damaged or foreign file: opening it says why, once
    except AnnotatorError as exc:
        warnings.append(
            QApplication.translate(
                "Application", "No backup was made when opening the project: %1"
            ).replace("%1", str(exc))
        )
    return warnings


def needs_migration(path: Path | str) -> bool:
    """Whether opening will migrate the file (then it is backed up first, not after).

    A server project has no file to back up here: the server's pg_dump is its backup."""
    if paths.is_server_url(path):
        return False
    try:
        return check_header(Path(path)) < SCHEMA_VERSION
    except AnnotatorError:
        return False


class BackgroundBackup(QObject):
    """The open-time backup on a worker thread, so a big project's window is not kept
    waiting; the copy reads one snapshot, so editing meanwhile is safe."""

    warned = Signal(str)

    def start(self, path: Path) -> threading.Thread:
        thread = threading.Thread(target=self._run, args=(path,), name="backup-on-open")
        thread.start()  # not a daemon: quitting waits for the copy to finish
        return thread

    def _run(self, path: Path) -> None:
        for warning in backup_on_open(path):
            self.warned.emit(warning)  # queued to the window's thread


def open_project(path: Path | str, parent: QWidget | None = None) -> Project | None:
    """Open for writing; if another Annotator has it, or it is read-only, ask first.

    ``path`` may be a server project's URL: refusals (no such database, a wrong password)
    are shown as a file's are."""
    if isinstance(path, Path) and needs_migration(path):  # back up the old format first
        for warning in backup_on_open(path):
            _warn(parent, warning)
    try:
        return Project.open(path)
    except (ProjectLockedError, ReadOnlyProjectError) as exc:
        if not ask_read_only(str(exc), parent):
            return None
    except AnnotatorError as exc:
        _warn(parent, str(exc))
        return None
    try:
        return Project.open(path, read_only=True)
    except AnnotatorError as exc:
        _warn(parent, str(exc))
        return None


def _warn(parent: QWidget | None, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "Annotator", message, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


class Application:
    """Owns the open windows; File > Open replaces the window with the new project's."""

    def __init__(self, qt_app: QApplication) -> None:
        self.qt_app = qt_app
        self.windows: list[MainWindow] = []
        self.preferences, self.keymap, warnings = load_preferences()
        self.keymap_error: str | None = "\n\n".join(warnings) or None
        theme.manager().apply(self.preferences.appearance.theme)  # before any window shows
        self.backup_threads: list[threading.Thread] = []
        self._backups: list[BackgroundBackup] = []

    def open(self, path: Path | str, replacing: MainWindow | None = None) -> MainWindow | None:
        """Open a project file or a server project's URL, replacing a window's project."""
        if replacing is not None and _same_project(replacing.project, path):
            replacing.activateWindow()  # already open here: not a second writer
            return replacing
        project = open_project(path, replacing)
        if project is None:
            return None
        return self.show(project, path, replacing)

    def show(
        self, project: Project, path: Path | str, replacing: MainWindow | None = None
    ) -> MainWindow | None:
        """A window for an opened project (replacing another one's, for File > Open).

        None when the project cannot be read far enough to build one (a damaged file):
        that is said, the project closed, and the window it replaces kept."""
        if self.windows:  # File > Open: the preferences as the last window left them
            self.preferences, self.keymap, _warnings = load_preferences()
        try:
            window = MainWindow(
                project, self.keymap, window_settings(), preferences=self.preferences
            )
        except DAMAGED as exc:
            project.close()  # read only so far: nothing was written into it
            _warn(replacing, damaged_message(project.shown_location, exc))
            return None
        window.openProjectRequested.connect(lambda p, w=window: self.open(p, w))
        window.destroyed.connect(lambda _obj=None, p=project: p.close())
        self.windows.append(window)
        recent.remember(path)  # a server URL without its password
        window.show()
        # the open-time backup starts once the window has painted
        # (with the window as context: no backup starts for a window already closed);
        # a server project has none: the server's pg_dump is its backup
        if isinstance(path, Path) and not project.is_server:
            QTimer.singleShot(BACKUP_DELAY_MS, window, lambda p=path: self._start_backup(p, window))
        if replacing is not None:
            replacing.close()
            replacing.deleteLater()
            self.windows.remove(replacing)
        if self.keymap_error:
            QMessageBox.warning(window, "Annotator", self.keymap_error)
            self.keymap_error = None
        return window

    def _start_backup(self, path: Path, window: MainWindow) -> None:
        backup = BackgroundBackup()  # not owned by the window, which may close first
        backup.warned.connect(window.show_status)  # a window's slot: dropped when it closes
        self._backups.append(backup)
        self.backup_threads.append(backup.start(path))


BACKUP_DELAY_MS = 1000


def _same_project(project: Project, location: Path | str) -> bool:
    """Whether ``location`` is the project already open (a file, or a server database)."""
    if project.is_server or paths.is_server_url(location):
        if not (project.is_server and paths.is_server_url(location)):
            return False
        from annotator.core.store.server import shown

        return shown(str(project.location)) == shown(str(location))
    current = project.path
    return current is not None and current.resolve() == Path(location).resolve()


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Unexpected errors: say so in a dialog instead of dying silently mid-work.

    What a damaged project file raises where a row is read is no bug: one line saying
    the file is damaged and what to do, once (a repaint may meet it again and again)."""
    if isinstance(value, DAMAGED):
        _damaged_hook(value)
        return
    text = "".join(traceback.format_exception(kind, value, tb))
    print(text, file=sys.stderr)
    if QApplication.instance() is not None:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "Annotator",
            QApplication.translate(
                "Application",
                "An unexpected error occurred. Your annotations are saved; the details are below.",
            ),
        )
        box.setDetailedText(text)
        box.exec()


_damaged_box: QMessageBox | None = None  # the damaged-file message shown, if any


def _damaged_hook(value: BaseException) -> None:
    global _damaged_box
    app = QApplication.instance()
    # the window in front, else the last one shown: its project is the one being read
    windows = (
        []
        if app is None
        else [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
    )
    active = QApplication.activeWindow()
    window = active if isinstance(active, MainWindow) else (windows[-1] if windows else None)
    message = damaged_message(window.project.shown_location if window else None, value)
    print(f"annotator: error: {message}", file=sys.stderr)
    if app is None:
        return
    if _damaged_box is not None:
        try:
            if _damaged_box.isVisible():
                return  # already said; the same damage met again
        except RuntimeError:  # closed and deleted
            pass
    box = QMessageBox(QMessageBox.Icon.Warning, "Annotator", message, parent=window)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # not a nested event loop: a repaint meeting the damage again returns
    _damaged_box = box
    if window is not None:
        window.last_message = box


def application_icon() -> QIcon:
    """Every rendered size, so small ones use their pixel drawings rather than a shrunk SVG."""
    icon = QIcon()
    for size in desktop.ICON_SIZES:
        icon.addFile(str(desktop.icon_png(size)), QSize(size, size))
    return icon


def identify(qt_app: QApplication) -> None:
    """Names, version and icon; the desktop file name is the app id Wayland matches
    with the installed desktop entry (X11 matches its StartupWMClass, "Annotator")."""
    qt_app.setApplicationName("Annotator")
    qt_app.setApplicationVersion(__version__)
    qt_app.setOrganizationName("Annotator")
    qt_app.setWindowIcon(application_icon())
    QGuiApplication.setDesktopFileName(desktop.APP_ID)


def run(argument: str | None) -> int:
    # the suggestion model trains in a spawned process: in a frozen bundle, that
    # process starts this executable, which must then run the worker, not the window
    multiprocessing.freeze_support()
    path = choose_project(argument)
    # a server URL is opened as given: no file to back up, no lock
    warnings = backup_on_open(path) if isinstance(path, Path) and needs_migration(path) else []
    locked: AnnotatorError | None = None
    try:
        project: Project | None = Project.open(path)  # bad files are refused before Qt starts
    except (ProjectLockedError, ReadOnlyProjectError) as exc:
        project, locked = None, exc  # asked in a dialog once Qt is up
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    identify(qt_app)
    translations.install_translators(qt_app)  # before any window is built
    sys.excepthook = _excepthook
    application = Application(qt_app)
    if project is None:
        if locked is None or not ask_read_only(str(locked)):
            return 1
        project = Project.open(path, read_only=True)
    window = application.show(project, path)
    if window is None:  # a damaged file: said in a message
        return 1
    for warning in warnings:
        _warn(window, warning)
    return qt_app.exec()
