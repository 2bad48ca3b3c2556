"""Issue 3's keyboard flows, on plain text and on text full of emoji, flags and CRLFs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.core.model import Status
from tests.qt.conftest import WindowFactory

PLAIN = "The Syrian Army evacuated Palmyra on Sunday.\nPutin met Assad in Moscow."
HOSTILE = (
    "Breaking 🇺🇦🇸🇾 news 👨‍👩‍👧\r\n"
    "The Syrian Army 😀 evacuated Palmyra on Sunday.\r\n"
    "Cafe\u0301 owners in Ḥomṣ fled 🏳️‍🌈.\r\nPutin\u00a0met Assad."
)
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def stored(window) -> list[tuple[int, int, str, str]]:  # type: ignore[no-untyped-def]
    document = window.controller.document
    return [
        (s.start, s.end, s.label, document.text[s.start : s.end])
        for s in window.project.annotations(document.id).spans
    ]


def find(qtbot, window, query: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.article, Qt.Key.Key_F, CTRL)
    if query.isascii():
        qtbot.keyClicks(window.find_bar.edit, query)
    else:  # QTest can only type ASCII; a user's input method would insert the text
        window.find_bar.edit.insert(query)
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)


@pytest.mark.parametrize("text", [PLAIN, HOSTILE], ids=["plain", "emoji-flags-crlf"])
def test_find_label_undo_redo_relabel_delete_done(
    qtbot, make_window: WindowFactory, text: str
) -> None:
    window = make_window(text, "The next article.")
    start = text.index("Palmyra")
    find(qtbot, window, "Palmyra")
    qtbot.keyClick(window.article, Qt.Key.Key_1)
    assert stored(window) == [(start, start + 7, "PER", "Palmyra")]

    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL)
    assert stored(window) == []
    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored(window) == [(start, start + 7, "PER", "Palmyra")]

    # the restored span is selected with Tab, then relabelled and deleted
    window.article.select(0, 0)
    qtbot.keyClick(window.article, Qt.Key.Key_Tab)
    qtbot.keyClick(window.article, Qt.Key.Key_3)
    assert stored(window) == [(start, start + 7, "GPE", "Palmyra")]
    qtbot.keyClick(window.article, Qt.Key.Key_Backspace)
    assert stored(window) == []

    find(qtbot, window, "Assad")
    qtbot.keyClick(window.article, Qt.Key.Key_P)
    assad = text.index("Assad")
    assert stored(window) == [(assad, assad + 5, "PER", "Assad")]

    first = window.controller.document_id
    qtbot.keyClick(window.article, Qt.Key.Key_Return, CTRL)
    assert window.project.document(first).status == Status.DONE
    assert window.controller.document is not None
    assert window.controller.document.text == "The next article."


def test_keyboard_selection_after_emoji_flags_and_crlf_stores_what_was_seen(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(HOSTILE)
    qtbot.keyClick(window.article, Qt.Key.Key_T, CTRL)  # exact characters, no snapping
    assert not window.controller.snap
    # Put the caret before "Ḥomṣ" by searching, then extend with Shift+Right over it.
    find(qtbot, window, "Ḥomṣ")
    start = HOSTILE.index("Ḥomṣ")
    cursor = window.article.textCursor()
    cursor.setPosition(cursor.selectionStart())
    window.article.setTextCursor(cursor)
    for _ in range(4):  # four graphemes: Ḥ o m ṣ
        qtbot.keyClick(window.article, Qt.Key.Key_Right, SHIFT)
    qtbot.keyClick(window.article, Qt.Key.Key_3)
    assert stored(window) == [(start, start + 4, "GPE", "Ḥomṣ")]

    # the whole flag pair after the CRLF-free first line, selected by keyboard
    window.article.select(0, 0)
    qtbot.keyClick(window.article, Qt.Key.Key_Escape)
    cursor = window.article.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    window.article.setTextCursor(cursor)
    for _ in range(len("Breaking ")):
        qtbot.keyClick(window.article, Qt.Key.Key_Right)
    qtbot.keyClick(window.article, Qt.Key.Key_Right, SHIFT)  # one grapheme: 🇺🇦
    qtbot.keyClick(window.article, Qt.Key.Key_2)
    flag = HOSTILE.index("🇺🇦")
    assert (flag, flag + 2, "ORG", "🇺🇦") in stored(window)


def test_snapping_extends_to_whole_words_across_combining_marks(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(HOSTILE)
    start = HOSTILE.index("Cafe\u0301")
    window.article.select(start + 1, start + 2)  # inside the word
    qtbot.keyClick(window.article, Qt.Key.Key_2)
    assert stored(window) == [(start, start + 5, "ORG", "Cafe\u0301")]


def test_selection_after_crlf_and_emoji_reports_code_point_offsets(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(HOSTILE)
    start = HOSTILE.index("Assad")
    window.article.select(start, start + 5)
    assert window.article.selection() == (start, start + 5)
    assert f"{start}–{start + 5}" in window.selection_label.text()


def test_next_and_previous_document_keys(qtbot, make_window: WindowFactory) -> None:
    window = make_window("One.", "Two.", "Three.")
    texts = []
    for key, modifier in (
        (Qt.Key.Key_PageDown, CTRL),
        (Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_PageUp, CTRL),
        (Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier),
    ):
        qtbot.keyClick(window.article, key, modifier)
        assert window.controller.document is not None
        texts.append(window.controller.document.text)
    assert texts == ["Two.", "Three.", "Two.", "One."]
    assert "Document 1 of 3" in window.position_label.text()


def test_annotations_panel_selects_and_scrolls_to_a_span(qtbot, make_window: WindowFactory) -> None:
    window = make_window(PLAIN)
    for word, key in (("Putin", Qt.Key.Key_1), ("Moscow", Qt.Key.Key_3)):
        start = PLAIN.index(word)
        window.article.select(start, start + 2)
        qtbot.keyClick(window.article, key)
    window.controller.select_span(None)
    qtbot.waitUntil(lambda: window.span_model.rowCount() == 2)  # the list catches up
    index = window.span_model.index(1)
    window.span_list.clicked.emit(index)
    span = window.controller.selected_span()
    assert span is not None and PLAIN[span.start : span.end] == "Moscow"
    assert window.article.selection() == (span.start, span.start)  # caret at the span
    assert f"{span.uid} GPE {span.start}–{span.end}" in window.selection_label.text()
    assert window.article.hasFocus()


def test_text_size_keys(qtbot, make_window: WindowFactory) -> None:
    window = make_window(PLAIN)
    size = window.article.font().pointSizeF()
    qtbot.keyClick(window.article, Qt.Key.Key_Equal, CTRL)
    assert window.article.font().pointSizeF() == size + 1
    qtbot.keyClick(window.article, Qt.Key.Key_Minus, CTRL)
    assert window.article.font().pointSizeF() == size


def test_the_article_text_cannot_be_edited(qtbot, make_window: WindowFactory) -> None:
    window = make_window(PLAIN)
    qtbot.keyClicks(window.article, "xyz")
    qtbot.keyClick(window.article, Qt.Key.Key_Delete)
    assert window.article.isReadOnly()
    assert window.article.toPlainText() == PLAIN  # display copy of plain text is identical
    assert window.project.document(window.controller.document_id).text == PLAIN
