"""Ctrl+Shift+F: project search over the full-text index, indexing first when far behind."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.core.analysis.search import index_lag
from annotator.core.model.records import DocumentRecord
from annotator.qt.dialogs.project_search import ProjectSearchDialog
from tests.qt.conftest import WindowFactory


def _search(qtbot, qapp: QApplication, window, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def type_and_choose() -> None:
        dialog = next(
            (
                w
                for w in qapp.topLevelWidgets()
                if isinstance(w, ProjectSearchDialog) and w.isVisible()
            ),
            None,
        )
        if dialog is None:
            QTimer.singleShot(20, type_and_choose)
            return
        qtbot.keyClicks(dialog.edit, query)
        dialog.run_search()
        seen.extend(dialog.results.item(i).text() for i in range(dialog.results.count()))
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, type_and_choose)
    qtbot.keyClick(
        window.article,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    return seen


def test_search_opens_the_document_and_selects_the_words(
    qtbot, qapp, make_window: WindowFactory
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("Nothing here.", "The mayor of Valencia resigned.")
    seen = _search(qtbot, qapp, window, "mayor of")
    assert len(seen) == 1 and "mayor of Valencia" in seen[0]
    assert window.controller.document is not None
    assert (
        window.controller.document.uid
        == window.project.document(window.project.document_ids()[1]).uid
    )
    assert window.article.textCursor().selectedText() == "mayor of"


def test_a_large_backlog_is_indexed_on_a_worker_first(
    qtbot, qapp, make_window: WindowFactory
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("First.")
    window.project.import_records(
        [DocumentRecord(text=f"Backlog article {i} about harbours.") for i in range(2500)]
        + [DocumentRecord(text="The only one about lighthouses.")]
    )
    assert index_lag(window.project.db) == 2502
    seen = _search(qtbot, qapp, window, "lighthouse")
    assert len(seen) == 1
    assert index_lag(window.project.db) == 0
