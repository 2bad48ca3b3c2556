"""A project open in another Annotator: the window offers read-only, and then saves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator import app
from annotator.app import window_settings
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project
from annotator.core.services.keymap import Keymap
from annotator.qt.window import MainWindow


def _make(tmp_path: Path) -> Path:
    path = tmp_path / "p.annot"
    with Project.create(path) as project:
        project.import_records([DocumentRecord(text="Angela Merkel visited Paris.")])
    return path


def test_a_locked_project_opens_read_only_when_the_user_agrees(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = _make(tmp_path)
    asked: list[str] = []
    monkeypatch.setattr(
        app, "ask_read_only", lambda message, parent=None: asked.append(message) or True
    )
    with Project.open(path):  # "another window" has it
        project = app.open_project(path)
        assert project is not None and project.read_only
        assert asked and "already open in another Annotator" in asked[0]
        window = MainWindow(project, Keymap(), window_settings())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        assert "[read-only]" in window.windowTitle()
        assert window.read_only_label.text() == "Read-only"
        errors: list[str] = []
        window.show_error = errors.append  # type: ignore[method-assign]
        window.go_to_document(project.document_ids()[0])
        window.article.setFocus()
        window.article.select(0, 6)
        qtbot.keyClick(window.article, Qt.Key.Key_1)
        assert errors and "open read-only" in errors[0]
        assert project.annotations(project.document_ids()[0]).spans == ()
        assert not window.files.import_paths([tmp_path / "nothing.txt"])
        project.close()


def test_declining_opens_nothing(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    path = _make(tmp_path)
    monkeypatch.setattr(app, "ask_read_only", lambda message, parent=None: False)
    with Project.open(path):
        assert app.open_project(path) is None
