"""What a keystroke does at once, and what waits until the keys pause."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.qt.conftest import WindowFactory


def test_the_document_list_count_follows_once_the_keys_pause(
    qtbot, make_window: WindowFactory
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("Angela Merkel visited Paris.")
    window.go_to_document(window.project.document_ids()[0])
    window.article.select(0, 6)
    qtbot.keyClick(window.article, Qt.Key.Key_1)
    assert len(window.controller.annotations.spans) == 1  # stored and shown at once
    spans_cell = window.document_model.index(0, window.document_model.SPANS)
    qtbot.waitUntil(lambda: window.document_model.data(spans_cell) == 1, timeout=2000)
