"""The window on a shared server project (issue 18): open by URL, others' edits, conflicts.

Runs against a real PostgreSQL server (the ``pg_database`` fixture); a second
``Project`` on the same URL plays the other annotator at the same time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel

from annotator import app
from annotator.app import window_settings
from annotator.core.editing import edits
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project
from annotator.core.services import recent
from annotator.core.services.keymap import Keymap
from annotator.qt.window import MainWindow
from tests.qt.conftest import shown

TEXT = "Putin met Assad in Moscow on Sunday."
CTRL = Qt.KeyboardModifier.ControlModifier

ServerWindow = Callable[..., MainWindow]


@pytest.fixture
def server_window(qtbot, pg_database: str) -> Iterator[ServerWindow]:  # type: ignore[no-untyped-def]
    """A window on a server project holding ``texts``, and the projects to close after."""
    projects: list[Project] = []

    def factory(*texts: str) -> MainWindow:
        project = Project.create(pg_database)
        project.import_records([DocumentRecord(text=t) for t in texts or (TEXT,)])
        projects.append(project)
        return shown(qtbot, MainWindow(project, Keymap(), window_settings()))

    yield factory
    for project in projects:
        project.close()


@pytest.fixture
def other(pg_database: str) -> Iterator[Callable[[], Project]]:
    """Another annotator's connection to the same project (made after the window's)."""
    opened: list[Project] = []

    def factory() -> Project:
        project = Project.open(pg_database)
        opened.append(project)
        return project

    yield factory
    for project in opened:
        project.close()


def spans_shown(window: MainWindow) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in window.controller.annotations.spans]


def stored(url: str) -> list[tuple[int, int, str]]:
    with Project.open(url) as project:
        (document_id,) = project.document_ids()
        return [(s.start, s.end, s.label) for s in project.annotations(document_id).spans]


def with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    netloc = f"{parts.username}:{password}@{parts.hostname}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def label_by_keys(qtbot, window: MainWindow, start: int, end: int, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    window.article.select(start, end)
    qtbot.keyClick(window.article, key)


def test_an_edit_by_keys_is_in_the_database(
    qtbot, server_window: ServerWindow, pg_database: str
) -> None:
    window = server_window()
    label_by_keys(qtbot, window, 0, 5, Qt.Key.Key_1)
    assert stored(pg_database) == [(0, 5, "PER")]
    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL)
    assert stored(pg_database) == []
    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert stored(pg_database) == [(0, 5, "PER")]


def test_reload_shows_what_another_connection_added_and_deleted(
    qtbot, server_window: ServerWindow, other: Callable[[], Project]
) -> None:
    window = server_window()
    label_by_keys(qtbot, window, 0, 5, Qt.Key.Key_1)
    (mine,) = window.controller.annotations.spans
    window.controller.select_span(mine.id)
    theirs = other()
    document_id = window.controller.document_id
    assert document_id is not None
    theirs.annotations(document_id)  # what they look at before editing
    theirs.apply(edits.AddSpan(document_id, 10, 15, "PER"))
    assert spans_shown(window) == [(0, 5, "PER")]  # not yet: nothing polled or reloaded

    qtbot.keyClick(window.article, Qt.Key.Key_F5)
    assert spans_shown(window) == [(0, 5, "PER"), (10, 15, "PER")]
    assert window.span_model.rowCount() == 2
    assert window.controller.selected_span_id == mine.id  # the selection is kept
    assert window.document_model.summary(0).span_count == 2  # type: ignore[union-attr]

    added = next(s for s in theirs.annotations(document_id).spans if s.start == 10)
    theirs.apply(edits.DeleteSpan(added.id))
    qtbot.keyClick(window.article, Qt.Key.Key_F5)
    assert spans_shown(window) == [(0, 5, "PER")]
    theirs.import_records([DocumentRecord(text="Their new article.")])
    qtbot.keyClick(window.article, Qt.Key.Key_F5)
    assert window.document_model.rowCount() == 2  # the list is read again too
    assert window.controller.document_id == document_id
    # and the window's next edit goes through: it saw their change
    label_by_keys(qtbot, window, 19, 25, Qt.Key.Key_3)
    assert (19, 25, "GPE") in spans_shown(window)


def test_the_poll_shows_another_connections_edit_by_itself(
    qtbot, server_window: ServerWindow, other: Callable[[], Project], pg_database: str
) -> None:
    window = server_window("Putin met Assad.", "A second article.")
    window.remote.poll_timer.setInterval(100)  # 3 s in use; not worth waiting for here
    label_by_keys(qtbot, window, 0, 5, Qt.Key.Key_1)
    qtbot.wait(300)  # our own edit is not mistaken for someone else's
    reloads: list[None] = []
    window.controller.refreshed.connect(lambda: reloads.append(None))
    qtbot.wait(300)
    assert reloads == []

    theirs = other()
    document_id = window.controller.document_id
    assert document_id is not None
    theirs.annotations(document_id)
    theirs.apply(edits.AddSpan(document_id, 10, 15, "ORG"))
    qtbot.waitUntil(lambda: (10, 15, "ORG") in spans_shown(window), timeout=5000)
    assert window.span_model.rowCount() == 2
    theirs.apply(edits.SetStatus(document_id, "done"))
    qtbot.waitUntil(lambda: window.progress_label.text().startswith("Done 1 of 2"), timeout=5000)


def test_a_conflicting_relabel_is_said_in_the_status_bar_and_the_view_reloaded(
    qtbot, server_window: ServerWindow, other: Callable[[], Project], pg_database: str
) -> None:
    window = server_window()
    label_by_keys(qtbot, window, 0, 5, Qt.Key.Key_1)
    label_by_keys(qtbot, window, 10, 15, Qt.Key.Key_1)
    window.article.select(0, 0)
    qtbot.keyClick(window.article, Qt.Key.Key_Tab)
    selected = window.controller.selected_span()
    assert selected is not None and selected.start == 0
    theirs = other()
    theirs.annotations(selected.document_id)
    theirs.apply(edits.DeleteSpan(selected.id))  # while the window is about to relabel it

    qtbot.keyClick(window.article, Qt.Key.Key_3)  # GPE
    message = window.statusBar().currentMessage()
    assert "someone else" in message, message
    assert window.last_message is None  # no box in the way of typing
    assert spans_shown(window) == [(10, 15, "PER")]  # what they did is shown
    assert stored(pg_database) == [(10, 15, "PER")]
    assert window.controller.selected_span_id is None


def test_a_refused_undo_leaves_the_stack_in_step(
    qtbot, server_window: ServerWindow, other: Callable[[], Project], pg_database: str
) -> None:
    window = server_window()
    label_by_keys(qtbot, window, 0, 5, Qt.Key.Key_1)
    label_by_keys(qtbot, window, 10, 15, Qt.Key.Key_1)
    stack = window.controller.undo_stack
    assert stack.count() == 2
    theirs = other()
    document_id = window.controller.document_id
    assert document_id is not None
    span = next(s for s in theirs.annotations(document_id).spans if s.start == 10)
    theirs.apply(edits.RelabelSpan(span.id, "ORG"))  # they changed the span we would undo

    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL)
    assert "someone else" in window.statusBar().currentMessage()
    assert window.last_message is None
    assert stored(pg_database) == [(0, 5, "PER"), (10, 15, "ORG")]  # their change is kept
    assert spans_shown(window) == [(0, 5, "PER"), (10, 15, "ORG")]
    # the refused command is dropped: the next undo undoes the first span, as it says
    assert stack.count() == 1 and stack.index() == 1
    assert stack.undoText() == window.controller.undo_stack.command(0).text()
    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL)
    assert stored(pg_database) == [(10, 15, "ORG")]
    assert spans_shown(window) == [(10, 15, "ORG")]


def test_the_title_and_status_bar_show_no_password(
    qtbot, qapp, pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Project.create(pg_database).close()
    url = with_password(pg_database, "secret")  # the test server trusts: any password opens
    assert app.choose_project(url) == url  # `annotator postgresql://…`: the URL as given
    backups: list[object] = []

    def backup_on_open(path: object) -> list[str]:
        backups.append(path)
        return []

    monkeypatch.setattr(app, "backup_on_open", backup_on_open)
    application = app.Application(qapp)
    window = application.open(url)
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert window.project.is_server
        assert "secret" not in window.windowTitle()
        assert pg_database in window.windowTitle()
        assert window.server_label.text().endswith(window.project.name)
        assert "secret" not in window.server_label.toolTip()
        assert recent.load()[0] == pg_database  # kept without the password
        qtbot.wait(app.BACKUP_DELAY_MS + 200)
        assert backups == [] and application.backup_threads == []  # pg_dump is the backup
    finally:
        window.close()
        window.project.close()


def test_file_open_server_project_opens_the_url_typed_and_says_why_when_refused(
    qtbot, qapp, tmp_path, pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Project.create(pg_database).close()
    warnings: list[str] = []
    monkeypatch.setattr(app, "_warn", lambda _parent, message: warnings.append(message))
    path = tmp_path / "local.annot"
    Project.create(path).close()
    application = app.Application(qapp)
    first = application.open(path)
    assert first is not None
    qtbot.addWidget(first)
    menu_action = next(
        a for a in first.findChildren(QAction) if a.objectName() == "file.open_server"
    )

    def answer(text: str) -> None:
        dialog = first.files.server_dialog
        assert dialog is not None
        hints = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert "PGPASSWORD" in hints and ".pgpass" in hints
        dialog.url_field.setText(text)
        qtbot.keyClick(dialog.url_field, Qt.Key.Key_Return)

    missing = pg_database + "_missing"
    QTimer.singleShot(0, lambda: answer(missing))
    menu_action.trigger()
    assert application.windows == [first]  # refused: the file project stays open
    assert len(warnings) == 1 and "_missing" in warnings[0]

    QTimer.singleShot(0, lambda: answer(pg_database))
    menu_action.trigger()
    (window,) = application.windows
    qtbot.addWidget(window)
    try:
        assert window.project.is_server
        assert window.project.location == pg_database
        assert recent.load()[:2] == [pg_database, path.resolve()]
    finally:
        window.close()
        window.project.close()
    QApplication.processEvents()


def test_file_new_server_project_makes_the_project_and_opens_it(
    qtbot, qapp, tmp_path, pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lead can make the shared project from the window, as `annotator new URL`; a
    database that already holds a project is refused with the reason."""
    from PySide6.QtWidgets import QInputDialog

    from annotator.core.model import schemas

    monkeypatch.setattr(app, "_warn", lambda _parent, message: None)
    # the schema, asked for after the URL
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_args, **_kw: ("ace2005", True))
    path = tmp_path / "local.annot"
    Project.create(path).close()
    application = app.Application(qapp)
    first = application.open(path)
    assert first is not None  # the application deletes it when the server project opens

    def make(window: MainWindow, text: str) -> list[str]:
        errors: list[str] = []
        monkeypatch.setattr(window, "show_error", errors.append)
        action = next(
            a for a in window.findChildren(QAction) if a.objectName() == "file.new_server"
        )

        def answer() -> None:
            dialog = window.files.server_dialog
            assert dialog is not None
            assert dialog.windowTitle() == "New Server Project"
            hints = " ".join(label.text() for label in dialog.findChildren(QLabel))
            assert "must be empty" in hints and "docs/server.md" in hints
            dialog.url_field.setText(text)
            qtbot.keyClick(dialog.url_field, Qt.Key.Key_Return)

        QTimer.singleShot(0, answer)
        action.trigger()
        return errors

    errors = make(first, "news.annot")
    assert errors and "not a PostgreSQL URL" in errors[-1]
    assert application.windows == [first]

    assert make(first, pg_database) == []
    (window,) = application.windows
    qtbot.addWidget(window)
    try:
        assert window.project.is_server and window.project.location == pg_database
        assert window.project.schema.name == schemas.load("ace2005").name
        # once more into the same database: refused with the reason, the window stays
        errors = make(window, pg_database)
        assert errors and "tables" in errors[-1], errors
        assert application.windows == [window]
    finally:
        window.close()
        window.project.close()
