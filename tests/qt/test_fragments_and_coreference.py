"""Discontinuous spans and coreference chains, from the keyboard, in the real window."""

from __future__ import annotations

import io
import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from annotator.core.io import jsonl
from annotator.core.model import Span
from tests.qt.conftest import WindowFactory

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL_SHIFT = CTRL | SHIFT
NONE = Qt.KeyboardModifier.NoModifier

# Astral characters before and inside the gap: Qt counts them twice, offsets once.
TEXT = "🙂🙂 Barack 🎉 and Michelle Obama met. Obama smiled."


def key(qtbot, window, k: Qt.Key, modifier=NONE, times: int = 1) -> None:  # type: ignore[no-untyped-def]
    for _ in range(times):
        qtbot.keyClick(window.article, k, modifier)


def label_at(qtbot, window, start: int, end: int, k: Qt.Key = Qt.Key.Key_P) -> Span:  # type: ignore[no-untyped-def]
    window.article.select(start, end)
    key(qtbot, window, k)
    span = window.controller.selected_span()
    assert span is not None and (span.start, span.end) == (start, end)
    return span


def message(window) -> str:  # type: ignore[no-untyped-def]
    return window.statusBar().currentMessage()


def point_at(window, offset: int) -> QPoint:  # type: ignore[no-untyped-def]
    """The middle of the character at ``offset``, in viewport coordinates."""
    article = window.article
    cursor = QTextCursor(article.document())
    cursor.setPosition(article._text.to_qt(offset))
    left = article.cursorRect(cursor)
    cursor.setPosition(article._text.to_qt(offset + 1))
    right = article.cursorRect(cursor)
    return QPoint((left.left() + right.left()) // 2, left.center().y())


def exported(window) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    out = io.StringIO()
    jsonl.export_project(window.project, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def formatted(window, offset: int) -> bool:
    """Whether the highlighter coloured the character at ``offset``."""
    article = window.article
    position = article._text.to_qt(offset)
    block = article.document().findBlock(position)
    inside = position - block.position()
    return any(r.start <= inside < r.start + r.length for r in block.layout().formats())


def test_a_fragment_added_with_shift_arrows_after_emoji(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    barack = TEXT.index("Barack")
    obama = TEXT.index("Obama")
    span = label_at(qtbot, window, barack, barack + 6)
    assert window.article.caret() == barack  # the selected span's start
    # Move to "Obama" (one key per grapheme, the emoji included), then select it.
    key(qtbot, window, Qt.Key.Key_Right, times=obama - barack)
    assert window.controller.selected_span_id == span.id  # moving the caret keeps it
    key(qtbot, window, Qt.Key.Key_Right, SHIFT, times=5)
    assert window.article.selection() == (obama, obama + 5)
    assert window.controller.selected_span_id is None  # selecting text clears it...
    assert window.article._fragment_target == span.id  # ...but it is the fragment's target
    key(qtbot, window, Qt.Key.Key_G, CTRL_SHIFT)
    (joined,) = window.controller.annotations.spans
    assert joined.id == span.id
    assert joined.fragments == ((barack, barack + 6), (obama, obama + 5))
    assert (joined.start, joined.end) == (barack, obama + 5)
    assert [TEXT[a:b] for a, b in joined.pieces] == ["Barack", "Obama"]
    assert window.controller.selected_span_id == span.id  # the whole span, selected again
    assert "2 pieces" in message(window)
    # drawn as pieces: coloured, the gap (with its emoji) not
    assert formatted(window, barack) and formatted(window, obama + 4)
    for offset in range(barack + 6, obama):
        assert not formatted(window, offset), TEXT[offset]
    # Ctrl+Z takes the fragment back off
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    (undone,) = window.controller.annotations.spans
    assert undone.fragments == () and (undone.start, undone.end) == (barack, barack + 6)
    assert all(formatted(window, o) for o in range(barack, barack + 6))
    assert not formatted(window, obama)


def test_a_mouse_selection_and_snapping_make_the_fragment(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    barack = TEXT.index("Barack")
    obama = TEXT.index("Obama")
    span = label_at(qtbot, window, barack, barack + 6)
    viewport = window.article.viewport()
    # drag over "bam" of "Obama": snapping to tokens takes the whole word
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point_at(window, obama + 1))
    qtbot.mouseMove(viewport, point_at(window, obama + 3))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point_at(window, obama + 3))
    assert window.article.selection()[0] > obama and window.controller.selected_span_id is None
    key(qtbot, window, Qt.Key.Key_G, CTRL_SHIFT)
    assert window.controller.span(span.id).fragments == ((barack, barack + 6), (obama, obama + 5))


def test_clicks_and_tab_select_the_whole_discontinuous_span(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    barack, obama = TEXT.index("Barack"), TEXT.index("Obama")
    span = label_at(qtbot, window, barack, barack + 6)
    window.article.select(obama, obama + 5)
    key(qtbot, window, Qt.Key.Key_G, CTRL_SHIFT)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert window.controller.selected_span_id is None
    viewport = window.article.viewport()
    # a click in the gap selects nothing
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point_at(window, obama - 3))
    assert window.controller.selected_span_id is None
    # a click on the second piece selects the span, the caret stays in that piece
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point_at(window, obama + 2))
    assert window.controller.selected_span_id == span.id
    assert obama <= window.article.caret() <= obama + 5
    # Tab reaches it as one span (it is the only one): selected as a whole
    key(qtbot, window, Qt.Key.Key_Escape)
    window.article.select(0, 0)
    key(qtbot, window, Qt.Key.Key_Tab)
    assert window.controller.selected_span_id == span.id
    assert window.article._span_blocks(span.id) == [0]
    assert window.article.spans_at(obama) == [window.controller.span(span.id)]
    assert window.article.spans_at(obama - 3) == []


def test_removing_the_piece_at_the_caret(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    barack, obama = TEXT.index("Barack"), TEXT.index("Obama")
    span = label_at(qtbot, window, barack, barack + 6)
    window.article.select(obama, obama + 5)
    key(qtbot, window, Qt.Key.Key_G, CTRL_SHIFT)
    assert window.article.caret() == obama + 5  # after the piece just added
    # the caret into the gap: refused, nothing changes
    key(qtbot, window, Qt.Key.Key_Left, times=8)
    assert window.controller.selected_span_id == span.id
    key(qtbot, window, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert "not in a piece" in message(window)
    assert len(window.controller.span(span.id).fragments) == 2
    # into "Barack" (the first piece): it goes, "Obama" stays
    key(qtbot, window, Qt.Key.Key_Left, times=obama - 3 - (barack + 2))
    assert window.article.caret() == barack + 2
    key(qtbot, window, Qt.Key.Key_Delete, CTRL_SHIFT)
    left = window.controller.span(span.id)
    assert left.fragments == () and (left.start, left.end) == (obama, obama + 5)
    assert "one piece again" in message(window)
    assert window.controller.selected_span_id == span.id
    # one piece left: refused, with what to do instead
    key(qtbot, window, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert "Delete removes the whole span" in message(window)
    assert window.controller.span(span.id) is not None
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.controller.span(span.id).fragments == ((barack, barack + 6), (obama, obama + 5))


def test_fragment_keys_say_what_is_missing(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    barack = TEXT.index("Barack")
    window.article.select(barack, barack + 6)
    key(qtbot, window, Qt.Key.Key_G, CTRL_SHIFT)
    assert "Select a span first" in message(window)
    key(qtbot, window, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert "Select a discontinuous span first" in message(window)
    span = label_at(qtbot, window, barack, barack + 6)
    key(qtbot, window, Qt.Key.Key_G, CTRL_SHIFT)
    assert f"Select the text to add to {span.uid}" in message(window)
    window.article.select(barack + 1, barack + 3)  # inside the span already
    key(qtbot, window, Qt.Key.Key_G, CTRL_SHIFT)
    assert "already covers" in message(window)
    assert window.controller.span(span.id).fragments == ()
    # Esc gives the target up: a selection afterwards is not for it
    key(qtbot, window, Qt.Key.Key_Escape)
    window.article.select(TEXT.index("met"), TEXT.index("met") + 3)
    key(qtbot, window, Qt.Key.Key_G, CTRL_SHIFT)
    assert "Select a span first" in message(window)
    assert window.controller.undo_stack.count() == 1  # only the span


COREF = "🙂 Obama met Putin. He smiled at him."


def test_coreference_chains_from_the_keyboard(qtbot, make_window: WindowFactory) -> None:
    window = make_window(COREF)
    spans = {
        word: label_at(qtbot, window, COREF.index(word), COREF.index(word) + len(word))
        for word in ("Obama", "Putin", "He", "him")
    }
    # "He" = "Obama": the nearest antecedent of its label comes first; Tab goes back further
    window.controller.select_span(spans["He"].id)
    key(qtbot, window, Qt.Key.Key_C, CTRL_SHIFT)
    assert window.pick_bar.isVisible() and "Putin" in window.pick_bar.label.text()
    key(qtbot, window, Qt.Key.Key_Tab)
    assert "Obama" in window.pick_bar.label.text()
    key(qtbot, window, Qt.Key.Key_Return)
    assert not window.picker.active
    (chain,) = window.controller.chains
    assert set(chain.members) == {spans["He"].id, spans["Obama"].id}
    assert message(window) == f"Chain {chain.uid}: 2 mentions"
    assert window.article._mates == {spans["Obama"].id}
    assert window.article.chain_mark(spans["Obama"].id)[0] == chain.uid
    assert window.article.chain_mark(spans["Putin"].id) is None
    # "him" joins through "He": one chain of three (chain mates are not offered again)
    window.controller.select_span(spans["him"].id)
    assert message(window) == ""  # not in a chain: the chain message is gone
    key(qtbot, window, Qt.Key.Key_C, CTRL_SHIFT)
    assert "He" in window.pick_bar.label.text() and f"[in chain {chain.uid}]" in (
        window.pick_bar.label.text()
    )
    key(qtbot, window, Qt.Key.Key_Return)
    (chain,) = window.controller.chains
    assert len(chain.members) == 3
    assert message(window) == f"Chain {chain.uid}: 3 mentions"
    assert window.article._mates == {spans["He"].id, spans["Obama"].id}
    # a chain mate of the selection is not offered as a candidate
    key(qtbot, window, Qt.Key.Key_C, CTRL_SHIFT)
    assert "Putin" in window.pick_bar.label.text()
    key(qtbot, window, Qt.Key.Key_Tab)
    assert "Putin" in window.pick_bar.label.text()  # the only one: Tab wraps to it
    key(qtbot, window, Qt.Key.Key_Escape)
    assert len(window.controller.chains[0].members) == 3
    # Ctrl+Shift+U takes "him" out; Ctrl+Z puts it back
    key(qtbot, window, Qt.Key.Key_U, CTRL_SHIFT)
    (chain,) = window.controller.chains
    assert spans["him"].id not in chain.members and "2 mentions left" in message(window)
    assert window.article.chain_mark(spans["him"].id) is None
    key(qtbot, window, Qt.Key.Key_U, CTRL_SHIFT)
    assert "in no coreference chain" in message(window)
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert len(window.controller.chains[0].members) == 3
    assert window.article.chain_mark(spans["him"].id) is not None


def test_coreference_keys_without_a_span_say_so(qtbot, make_window: WindowFactory) -> None:
    window = make_window(COREF)
    key(qtbot, window, Qt.Key.Key_C, CTRL_SHIFT)
    assert "Select a span first" in message(window) and not window.picker.active
    key(qtbot, window, Qt.Key.Key_U, CTRL_SHIFT)
    assert "Select a span of a chain first" in message(window)
    label_at(qtbot, window, COREF.index("Obama"), COREF.index("Obama") + 5)
    key(qtbot, window, Qt.Key.Key_C, CTRL_SHIFT)
    assert "no other span" in message(window) and not window.picker.active


def test_a_click_on_a_piece_picks_a_discontinuous_mention(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    barack, obama = TEXT.index("Barack"), TEXT.index("Obama")
    span = label_at(qtbot, window, barack, barack + 6)
    window.article.select(obama, obama + 5)
    key(qtbot, window, Qt.Key.Key_G, CTRL_SHIFT)
    second = TEXT.index("Obama", obama + 1)
    other = label_at(qtbot, window, second, second + 5)
    key(qtbot, window, Qt.Key.Key_C, CTRL_SHIFT)
    viewport = window.article.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point_at(window, obama + 1))
    (chain,) = window.controller.chains
    assert set(chain.members) == {span.id, other.id}


def test_ctrl_f_finds_the_next_piece_and_the_export_has_it(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    barack = TEXT.index("Barack")
    span = label_at(qtbot, window, barack, barack + 6)
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "Obama")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.article._fragment_target == span.id  # framed while text is selected
    key(qtbot, window, Qt.Key.Key_G, CTRL_SHIFT)
    (document,) = exported(window)
    (record,) = document["spans"]
    obama = TEXT.index("Obama")
    assert record["fragments"] == [[barack, barack + 6], [obama, obama + 5]]


def test_deleting_a_mention_of_a_chain_of_two_removes_the_chain(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(COREF)
    obama = label_at(qtbot, window, COREF.index("Obama"), COREF.index("Obama") + 5)
    he = label_at(qtbot, window, COREF.index("He"), COREF.index("He") + 2)
    key(qtbot, window, Qt.Key.Key_C, CTRL_SHIFT)
    key(qtbot, window, Qt.Key.Key_Return)
    assert window.article.chain_mark(obama.id) is not None
    window.controller.select_span(he.id)
    key(qtbot, window, Qt.Key.Key_Delete)
    assert window.controller.chains == ()
    assert window.article.chain_mark(obama.id) is None
    assert message(window) == ""  # the chain message went with the selection
