"""A damaged project file in the window (issue 19): a clear message naming the file,
what could not be read and what to do; the other documents stay usable; the file's
bytes stay as they were. No traceback, no crash dialog, no silent failure."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator import app
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project
from annotator.qt.window import MainWindow

# -- damaged files, made as tests/core/test_damaged_files.py makes them ---------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damage(path: Path, sql: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute(sql)
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _flip_bytes(path: Path) -> None:
    """Garbage over a b-tree page's header (the fourth page): "malformed" to SQLite."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    data = bytearray(path.read_bytes())
    data[page * 3 : page * 3 + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))


def _cut_short(path: Path) -> None:
    _damage(path, "SELECT 1")  # folds the journal into the file
    path.write_bytes(path.read_bytes()[:-1])


TEXTS = ("Ada met Bob in Paris.", "Carol left Rome.", "Dan saw Eve.")
# the second document's meta or text cannot be read
SECOND_UNREADABLE = [
    "UPDATE texts SET meta = '{not json' WHERE rowid = 2",  # valid UTF-8, not JSON
    "UPDATE texts SET meta = CAST(x'ff7b7d' AS TEXT) WHERE rowid = 2",  # not UTF-8
    "UPDATE texts SET text = CAST(x'41ff42' AS TEXT) WHERE rowid = 2",
]


@pytest.fixture(autouse=True)
def _no_box_left(qapp: QApplication) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The messages these tests raise are not modal: one left open would take the focus
    from the next test's window."""
    yield
    QApplication.processEvents()  # queued messages (the document list's) arrive now
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.close()
    QApplication.processEvents()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(app, "BACKUP_DELAY_MS", 0)
    path = tmp_path / "p.annot"
    with Project.create(path) as created:
        created.import_records([DocumentRecord(text=t) for t in TEXTS])
    return path


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the composition root says in its (blocking) message boxes."""
    said: list[str] = []
    monkeypatch.setattr(app, "_warn", lambda _parent, message: said.append(message))
    return said


Opener = Callable[[Path], MainWindow | None]


@pytest.fixture
def open_window(qtbot, qapp) -> Iterator[Opener]:  # type: ignore[no-untyped-def]
    """``annotator PATH``'s way: the Application opens the project and shows its window."""
    application = app.Application(qapp)

    def opener(path: Path) -> MainWindow | None:
        window = application.open(path)
        if window is not None:
            qtbot.addWidget(window)
            qtbot.waitExposed(window)
        return window

    yield opener
    for window in application.windows:
        window.close()
        window.project.close()
    for thread in application.backup_threads:
        thread.join(10)


def _says_damaged(message: str, path: Path) -> None:
    assert "damaged" in message and str(path) in message, message
    assert f"annotator check {path}" in message, message
    assert f"annotator restore {path}" in message, message
    assert "Traceback" not in message and "\n" not in message, message


def _message(window: MainWindow) -> str:
    assert window.last_message is not None, "nothing was said"
    return window.last_message.text()


def _ids(window: MainWindow) -> list[int]:
    return list(window.document_model.ids())


def _settle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The open-time backup has run (it reads the file), queued messages are shown."""
    qtbot.wait(50)  # the backup starts (BACKUP_DELAY_MS is 0 here)
    for thread in threading.enumerate():
        if thread.name == "backup-on-open":
            thread.join(10)
    QApplication.processEvents()


# -- opening, and going to the damaged document ------------------------------------------


@pytest.mark.parametrize("damage", SECOND_UNREADABLE)
def test_going_to_an_unreadable_document_says_so_and_the_others_stay_usable(
    qtbot,  # type: ignore[no-untyped-def]
    project: Path,
    open_window: Opener,
    warnings: list[str],
    damage: str,
) -> None:
    _damage(project, damage)
    before = _digest(project)
    window = open_window(project)
    assert window is not None and not warnings
    first, second, third = _ids(window)
    assert window.controller.document_id == first
    assert window.last_message is None  # the first document reads fine: nothing to say

    window.go_to_document(second)
    message = _message(window)
    _says_damaged(message, project)
    assert "document 2 could not be read" in message, message
    assert window.controller.document_id == first  # still shown, still editable
    assert window.article.toPlainText() == TEXTS[0]

    window.go_to_document(third)
    assert window.controller.document_id == third
    assert window.article.toPlainText() == TEXTS[2]
    _settle(qtbot, window)
    assert _digest(project) == before


def test_a_first_document_that_cannot_be_read_does_not_keep_the_window_shut(
    qtbot,  # type: ignore[no-untyped-def]
    project: Path,
    open_window: Opener,
    warnings: list[str],
) -> None:
    _damage(project, "UPDATE texts SET text = CAST(x'41ff42' AS TEXT) WHERE rowid = 1")
    before = _digest(project)
    window = open_window(project)
    assert window is not None and not warnings
    message = _message(window)
    _says_damaged(message, project)
    assert "document 1 could not be read" in message
    window.go_to_document(_ids(window)[1])
    assert window.article.toPlainText() == TEXTS[1]
    _settle(qtbot, window)
    assert _digest(project) == before


def test_a_missing_table_says_damaged_once_not_at_every_repaint(
    qtbot,  # type: ignore[no-untyped-def]
    project: Path,
    open_window: Opener,
    warnings: list[str],
) -> None:
    connection = sqlite3.connect(project)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("DROP TABLE spans")
    connection.commit()
    connection.close()
    before = _digest(project)
    window = open_window(project)
    assert window is not None and not warnings
    _settle(qtbot, window)
    boxes = [box.text() for box in window.findChildren(app.QMessageBox) if box.isVisible()]
    assert boxes, "nothing was said"
    for text in boxes:
        _says_damaged(text, project)
    assert "no such table: spans" in " ".join(boxes)
    assert len(boxes) <= 2, boxes  # the list's rows and the document: not one per repaint
    window.document_table.viewport().repaint()
    _settle(qtbot, window)
    assert len([b for b in window.findChildren(app.QMessageBox) if b.isVisible()]) == len(boxes)
    assert _digest(project) == before


def test_a_file_whose_pages_are_damaged_is_refused_with_what_to_do(
    qtbot,  # type: ignore[no-untyped-def]
    project: Path,
    open_window: Opener,
    warnings: list[str],
) -> None:
    _flip_bytes(project)
    before = _digest(project)
    assert open_window(project) is None
    (message,) = warnings
    _says_damaged(message, project)
    assert "malformed" in message
    assert _digest(project) == before
    Project.open(project, read_only=True).close()  # the lock was let go: not held open


def test_file_open_of_a_damaged_file_keeps_the_window_open(
    qtbot,  # type: ignore[no-untyped-def]
    project: Path,
    tmp_path: Path,
    open_window: Opener,
    warnings: list[str],
) -> None:
    window = open_window(project)
    assert window is not None
    bad = tmp_path / "bad.annot"
    with Project.create(bad) as created:
        created.import_records([DocumentRecord(text="Zed.")])
    _flip_bytes(bad)
    before = _digest(bad)
    window.openProjectRequested.emit(bad)
    (message,) = warnings
    _says_damaged(message, bad)
    assert window.isVisible() and window.project.path == project
    window.go_to_document(_ids(window)[1])
    assert window.article.toPlainText() == TEXTS[1]
    assert _digest(bad) == before


def test_a_file_cut_short_opens_without_a_traceback(
    qtbot,  # type: ignore[no-untyped-def]
    project: Path,
    open_window: Opener,
    warnings: list[str],
) -> None:
    _cut_short(project)
    before = _digest(project)
    window = open_window(project)  # the missing byte is the last page's end: it may read
    if window is None:
        (message,) = warnings
        _says_damaged(message, project)
    else:
        for document_id in _ids(window)[1:]:
            window.go_to_document(document_id)
        if window.last_message is not None:
            _says_damaged(_message(window), project)
        _settle(qtbot, window)
    assert _digest(project) == before


# -- export, statistics, search ----------------------------------------------------------


def test_export_of_a_damaged_file_says_damaged_not_a_traceback(
    qtbot,  # type: ignore[no-untyped-def]
    project: Path,
    tmp_path: Path,
    open_window: Opener,
    warnings: list[str],
) -> None:
    _damage(project, SECOND_UNREADABLE[2])
    before = _digest(project)
    window = open_window(project)
    assert window is not None
    target = tmp_path / "out.jsonl"
    assert window.files.export_to(target) is None
    _says_damaged(_message(window), project)
    assert not target.exists()  # all or nothing
    _settle(qtbot, window)
    assert _digest(project) == before


def test_statistics_of_a_damaged_file_say_damaged_in_a_message(
    qtbot,  # type: ignore[no-untyped-def]
    project: Path,
    open_window: Opener,
    warnings: list[str],
) -> None:
    _damage(project, "UPDATE texts SET text = CAST(x'41ff42' AS TEXT) WHERE rowid = 2")
    connection = sqlite3.connect(project)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("DROP TABLE spans")
    connection.commit()
    connection.close()
    before = _digest(project)
    window = open_window(project)
    assert window is not None
    with qtbot.waitSignal(window.dialogs.show_statistics().refreshed, timeout=10_000):
        pass
    dialog = window.dialogs.statistics_dialog
    assert dialog is not None and dialog.error is not None
    _says_damaged(dialog.error, project)
    assert dialog.damaged_box is not None and dialog.damaged_box.isVisible()
    assert dialog.damaged_box.text() == dialog.error
    dialog.close()
    _settle(qtbot, window)
    assert _digest(project) == before


def test_searching_a_file_damaged_since_the_last_search_says_damaged(
    qtbot,  # type: ignore[no-untyped-def]
    project: Path,
    open_window: Opener,
    warnings: list[str],
) -> None:
    from annotator.core.analysis.search import search_project
    from annotator.qt.dialogs.project_search import ProjectSearchDialog

    with Project.open(project) as indexed:
        assert len(search_project(indexed, "Carol")) == 1  # the texts are in the index
    _damage(project, "DROP TRIGGER texts_search_update")  # the index keeps the old words
    _damage(project, SECOND_UNREADABLE[2])
    before = _digest(project)
    window = open_window(project)
    assert window is not None
    dialog = ProjectSearchDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.edit.setText("Carol")
    dialog.run_search()  # what the typing pause runs
    dialog._timer.stop()
    _says_damaged(dialog.summary.text(), project)
    assert dialog.last_message is not None and dialog.last_message.isVisible()
    _says_damaged(dialog.last_message.text(), project)
    dialog.close()
    _settle(qtbot, window)
    assert _digest(project) == before


# -- the one place unexpected errors go ------------------------------------------------


def test_the_excepthook_says_a_damaged_read_in_one_line_once(
    qtbot,  # type: ignore[no-untyped-def]
    project: Path,
    open_window: Opener,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window = open_window(project)
    assert window is not None
    window.activateWindow()
    error = sqlite3.DatabaseError("database disk image is malformed")
    app._excepthook(sqlite3.DatabaseError, error, None)
    app._excepthook(sqlite3.DatabaseError, error, None)  # a repaint meets it again
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("annotator: error:") == 2, err
    boxes = [b for b in window.findChildren(app.QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    _says_damaged(boxes[0].text(), project)
    assert "unexpected" not in boxes[0].text()
    assert not boxes[0].detailedText()  # no traceback behind Show Details either
    boxes[0].close()


def test_a_busy_project_is_not_called_damaged(qapp: QApplication) -> None:
    from annotator.qt.damaged import damaged_message

    shown = damaged_message("/tmp/p.annot", sqlite3.OperationalError("database is locked"))
    assert "database is locked" in shown and "try again" in shown, shown
    assert "damaged" not in shown and "restore" not in shown, shown
    shown = damaged_message("/tmp/p.annot", sqlite3.DatabaseError("file is not a database"))
    assert "damaged" in shown and "annotator restore /tmp/p.annot" in shown, shown
