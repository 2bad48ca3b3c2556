"""Window tests: the real MainWindow, offscreen, driven by its keyboard shortcuts."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from annotator.app import window_settings
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project
from annotator.core.services.keymap import Keymap
from annotator.core.services.settings import AnnotatorSettings, Settings
from annotator.qt.window import MainWindow

WindowFactory = Callable[..., MainWindow]
TeamFactory = Callable[..., MainWindow]


def shown(qtbot, window: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    """Show a window, wait until it is active, and give the article the focus."""
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    window.article.setFocus()
    return window


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[WindowFactory]:  # type: ignore[no-untyped-def]
    projects: list[Project] = []

    def factory(*texts: str, keymap: Keymap | None = None) -> MainWindow:
        path = tmp_path / f"p{len(projects)}.annot"
        project = Project.create(path)
        if texts:
            project.import_records([DocumentRecord(text=t) for t in texts])
        projects.append(project)
        window = MainWindow(project, keymap or Keymap(), window_settings())
        return shown(qtbot, window)

    yield factory
    for project in projects:
        project.close()


@pytest.fixture
def team_window(qtbot, tmp_path: Path) -> Iterator[TeamFactory]:  # type: ignore[no-untyped-def]
    """A window for ``me`` on a project of records, each naming its annotator (layers)."""
    projects: list[Project] = []

    def factory(records: list[DocumentRecord], me: str = "alice") -> MainWindow:
        project = Project.create(tmp_path / f"team{len(projects)}.annot")
        project.annotator = me
        project.import_records(records)
        projects.append(project)
        preferences = Settings(annotator=AnnotatorSettings(name=me))
        window = MainWindow(project, Keymap(), window_settings(), preferences=preferences)
        return shown(qtbot, window)

    yield factory
    for project in projects:
        project.close()
