"""Opening a long article: spans far down are placed on demand, all of them after the
first paint, and the events tree waits for that paint (issue 6's open-to-paint target)."""

from __future__ import annotations

from annotator.core.editing.edits import AddSpan, CreateEvent
from annotator.qt.widgets.article_view import HIGHLIGHT_AHEAD
from tests.qt.conftest import WindowFactory

PARAGRAPHS = 600  # each a block of its own: far more than the blocks placed at open


def _long_article() -> str:
    return "\n".join(f"Paragraph {n} says Ada met Bob in Paris." for n in range(PARAGRAPHS))


def _open_long_article(qtbot, make_window: WindowFactory):  # type: ignore[no-untyped-def]
    text = _long_article()
    window = make_window("A short one.", text)
    project, long_id = window.project, window.document_model.document_id(1)
    assert long_id is not None
    for n in range(PARAGRAPHS):
        start = text.index(f"Paragraph {n} ") + len(f"Paragraph {n} says ")
        project.apply(AddSpan(long_id, start, start + 3, "PER"))
    met = text.index("met", text.index(f"Paragraph {PARAGRAPHS - 1} "))
    project.apply(CreateEvent(long_id, met, met + 3, "Contact:Meet"))
    return window, long_id, text


def test_far_spans_are_placed_on_demand_then_all_after_the_first_paint(
    qtbot, make_window: WindowFactory
) -> None:
    window, long_id, text = _open_long_article(qtbot, make_window)
    article = window.article
    window.go_to_document(long_id)
    # Right after the call only the first screens are placed...
    assert article._unplaced
    assert len(article._placed) < PARAGRAPHS
    # ...but asking for a far block places what it needs, exactly.
    last = PARAGRAPHS - 1
    assert last > HIGHLIGHT_AHEAD
    in_last = [p.span for p in article.spans_in_block(last)]
    assert [text[s.start : s.end] for s in in_last] == ["Ada", "met"]
    assert in_last[0].start > text.index(f"Paragraph {last} ")
    assert article.spans_at(in_last[0].start) == in_last[:1]
    # Once the article has painted, every span is placed.
    qtbot.waitUntil(lambda: not article._unplaced, timeout=3000)
    assert len(article._placed) == PARAGRAPHS + 1  # with the trigger


def test_labelling_before_the_rest_is_placed_keeps_every_span(
    qtbot, make_window: WindowFactory
) -> None:
    window, long_id, text = _open_long_article(qtbot, make_window)
    article = window.article
    window.go_to_document(long_id)
    assert article._unplaced
    start = text.index("Paris")
    article.select(start, start + len("Paris"), center=False)
    window.spans.apply_label_number(2)  # patches the view: places everything first
    assert not article._unplaced
    assert len(article._placed) == PARAGRAPHS + 2
    spans = window.project.annotations(long_id).spans
    assert len(spans) == PARAGRAPHS + 2


def test_the_events_tree_fills_in_after_the_article_paints(
    qtbot, make_window: WindowFactory
) -> None:
    window, long_id, _text = _open_long_article(qtbot, make_window)
    window.go_to_document(long_id)
    assert window.structure.due  # not refreshed inside the call that opened it
    qtbot.waitUntil(lambda: not window.structure.due, timeout=3000)
    assert window.controller.events
    assert window.panel.events.topLevelItemCount() >= 1


def test_a_hidden_window_still_fills_the_events_tree(qtbot, make_window: WindowFactory) -> None:
    window, long_id, _text = _open_long_article(qtbot, make_window)
    window.hide()
    window.go_to_document(long_id)
    qtbot.waitUntil(lambda: not window.structure.due, timeout=3000)  # the fallback timer
    assert window.panel.events.topLevelItemCount() >= 1
