"""The composition root: which project opens, reopening shows every annotation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator import app
from annotator.core.project import Project
from annotator.core.services import paths, recent


def test_no_argument_opens_the_demo_project_then_the_last_one(tmp_path: Path) -> None:
    assert app.choose_project(None) == paths.demo_project()
    other = tmp_path / "mine.annot"
    Project.create(other).close()
    recent.remember(other)
    assert app.choose_project(None) == other.resolve()
    assert app.choose_project(str(tmp_path / "mine")) == tmp_path / "mine.annot"


def test_closing_and_reopening_shows_every_annotation(qtbot, qapp, tmp_path: Path) -> None:
    path = tmp_path / "p.annot"
    Project.create(path).close()
    application = app.Application(qapp)
    window = application.open(path)
    assert window is not None
    qtbot.addWidget(window)
    assert window.files.import_paths([_article(tmp_path)])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.article.setFocus()
    window.article.select(4, 10)
    qtbot.keyClick(window.article, Qt.Key.Key_2)
    qtbot.keyClick(window.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    window.close()
    window.project.close()

    reopened = application.open(path)
    assert reopened is not None
    qtbot.addWidget(reopened)
    (doc,) = reopened.project.document_ids()
    spans = reopened.project.annotations(doc).spans
    assert [(s.start, s.end, s.label) for s in spans] == [(4, 10, "ORG")]
    assert reopened.project.document(doc).status == "done"
    assert recent.load()[0] == path.resolve()


def test_a_file_that_is_not_a_project_is_refused_before_a_window_opens(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    from annotator.cli import main

    bad = tmp_path / "bad.annot"
    bad.write_bytes(b"not a project")
    assert main([str(bad)]) == 1
    assert "not an Annotator project" in capsys.readouterr().err
    assert bad.read_bytes() == b"not a project"


def _article(folder: Path) -> Path:
    path = folder / "a.txt"
    path.write_text("The Syrian Army left.", encoding="utf-8")
    return path


def test_opening_a_project_backs_it_up_once_per_change(
    qtbot, qapp, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from annotator import app
    from annotator.core.editing import edits
    from annotator.core.maintenance import backups
    from annotator.core.model.records import DocumentRecord
    from annotator.core.project import Project

    monkeypatch.setattr(app, "BACKUP_DELAY_MS", 0)
    path = tmp_path / "b.annot"
    with Project.create(path) as created:
        created.import_records([DocumentRecord(text="Angela Merkel visited Paris.")])
    application = app.Application(qapp)

    def open_and_close(change: bool = False) -> None:
        count = len(application.backup_threads)
        window = application.open(path)
        assert window is not None
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: len(application.backup_threads) == count + 1)
        qtbot.waitUntil(lambda: not any(t.is_alive() for t in application.backup_threads))
        if change:  # an edit while the window is open
            window.project.apply(edits.SetStatus(window.project.document_ids()[0], "done"))  # type: ignore[arg-type]
        window.close()
        window.project.close()
        application.windows.remove(window)

    open_and_close()
    qtbot.waitUntil(lambda: len(application.backup_threads) == 1)
    assert [info.reason for info in backups.list_backups(path)] == ["open"]
    open_and_close(change=True)  # nothing had changed: no second copy
    qtbot.waitUntil(lambda: len(application.backup_threads) == 2)
    assert len(backups.list_backups(path)) == 1
    open_and_close()
    qtbot.waitUntil(lambda: len(application.backup_threads) == 3)
    qtbot.waitUntil(lambda: not any(t.is_alive() for t in application.backup_threads))
    assert [info.reason for info in backups.list_backups(path)] == ["open", "open"]


def test_an_older_format_is_backed_up_before_it_is_migrated(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import sqlite3

    from annotator import app
    from annotator.core.maintenance import backups

    fixture = Path(__file__).parent.parent / "data" / "projects" / "schema-v1.annot"
    path = tmp_path / "old.annot"
    shutil.copyfile(fixture, path)
    project = app.open_project(path)
    assert project is not None
    project.close()
    (backup,) = backups.list_backups(path)
    with sqlite3.connect(backup.path) as connection:  # the copy is of the old format
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
