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


def test_blocks_are_coloured_when_they_scroll_into_view(qtbot, make_window: WindowFactory) -> None:  # type: ignore[no-untyped-def]
    from annotator.core.editing import edits

    paragraphs = [f"Paragraph {i} mentions Paris." for i in range(400)]
    window = make_window("\n".join(paragraphs))
    doc = window.project.document_ids()[0]
    window.go_to_document(doc)
    text = window.controller.document.text
    last = text.rindex("Paris")
    window.controller.apply(edits.AddSpan(doc, last, last + 5, "GPE"))
    window.controller.apply(edits.AddSpan(doc, 23, 28, "GPE"))
    window.go_to_document(doc)
    article = window.article

    def formatted(block_number: int) -> bool:
        block = article.document().findBlockByNumber(block_number)
        return bool(block.layout().formats())

    assert formatted(0)  # near the top: coloured at once
    assert not formatted(399)  # far below: waits
    article.verticalScrollBar().setValue(article.verticalScrollBar().maximum())
    assert formatted(399)  # coloured before it is painted
