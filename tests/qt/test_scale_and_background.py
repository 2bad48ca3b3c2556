"""A 100,000-document project opens and scrolls; import and export run off the GUI thread."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from annotator.app import window_settings
from annotator.core.errors import Cancelled
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project
from annotator.core.services.keymap import Keymap
from annotator.qt.models.document_list import DocumentListModel
from annotator.qt.tasks import run_in_background
from annotator.qt.window import MainWindow
from tests.qt.conftest import WindowFactory

BIG = 100_000


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.annot"
    with Project.create(path) as project:
        project.import_records(
            [DocumentRecord(text=f"Article number {i}.\nBody of article {i}.") for i in range(BIG)]
        )
    return path


def test_a_100000_document_project_opens_and_scrolls_to_the_end(qtbot, big_project: Path) -> None:
    project = Project.open(big_project)
    try:
        started = time.perf_counter()
        window = MainWindow(project, Keymap(), window_settings())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened = time.perf_counter() - started
        table = window.document_table
        assert window.document_model.rowCount() == BIG
        table.scrollToBottom()
        qtbot.wait(10)
        last = window.document_model.index(BIG - 1, 0)
        assert window.document_model.data(last) == f"Article number {BIG - 1}."
        assert table.indexAt(table.viewport().rect().bottomLeft()).row() > BIG - 100
        # generous bound: the benchmark measures the real figure; this catches O(n) rows
        assert opened < 10
        assert f"of {BIG}" in window.position_label.text()
    finally:
        project.close()


def test_document_list_model_passes_qt_model_checks(qtmodeltester, tmp_path: Path) -> None:
    with Project.create(tmp_path / "m.annot") as project:
        project.import_records([DocumentRecord(text=f"Doc {i}") for i in range(600)])
        model = DocumentListModel(project)
        qtmodeltester.check(model)
        model.set_filter(text="Doc 59")
        assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == [
            "Doc 59",
            *[f"Doc 59{i}" for i in range(10)],
        ]
        qtmodeltester.check(model)


def test_import_runs_on_a_worker_thread_and_is_undoable(
    qtbot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window("Already here.")
    source = tmp_path / "in.jsonl"
    lines = [
        {"text": f"Imported {i}", "spans": [{"start": 0, "end": 8, "label": "NEWLABEL"}]}
        for i in range(3000)
    ]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert window.files.import_paths([source])
    assert "added entity label 'NEWLABEL'" in window.last_message.text()
    assert window.project.document_count() == 3001
    assert window.document_model.rowCount() == 3001
    assert window.project.schema.get("NEWLABEL") is not None  # the window saw the new label
    assert window.actions_by_id["edit.undo"].text() == "Undo Import 3000 documents"
    window.controller.undo_stack.undo()
    assert window.project.document_count() == 1
    assert window.document_model.rowCount() == 1


def test_a_bad_import_shows_an_error_and_changes_nothing(
    qtbot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window("Already here.")
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{"text": 5}\n', encoding="utf-8")
    assert not window.files.import_paths([bad])
    assert errors and "bad.jsonl line 2" in errors[0]
    assert window.project.document_count() == 1


def test_export_runs_on_a_worker_thread(qtbot, make_window: WindowFactory, tmp_path: Path) -> None:
    window = make_window("One.", "Two.")
    target = tmp_path / "out.jsonl"
    assert window.files.export_to(target).documents == 2
    assert [json.loads(line)["text"] for line in target.read_text().splitlines()] == [
        "One.",
        "Two.",
    ]


def test_cancel_stops_the_job_and_the_event_loop_keeps_running(qtbot, qapp) -> None:
    def job(progress):  # type: ignore[no-untyped-def]
        for i in range(10_000):
            progress(i, 10_000)
            time.sleep(0.001)
        return "finished"

    def press_cancel() -> None:
        for dialog in qapp.topLevelWidgets():
            if dialog.__class__.__name__ == "QProgressDialog" and dialog.isVisible():
                dialog.canceled.emit()  # what the Cancel button does
                return
        QTimer.singleShot(20, press_cancel)

    QTimer.singleShot(600, press_cancel)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    outcome = run_in_background(None, "Working", job)
    timer.stop()
    assert outcome.state == "cancelled"
    assert len(ticks) > 20  # the GUI thread kept processing events meanwhile


def test_failures_and_cancellations_in_jobs_are_reported(qtbot) -> None:
    def broken(progress):  # type: ignore[no-untyped-def]
        raise ValueError("boom")

    def cancelled(progress):  # type: ignore[no-untyped-def]
        raise Cancelled("stop")

    outcome = run_in_background(None, "Working", broken)
    assert outcome.state == "failed" and "boom" in outcome.message
    assert run_in_background(None, "Working", cancelled).state == "cancelled"
