"""What a span carries, shown in the article (a corner mark, the tooltip), and how a
discontinuous span reads in the span list and the status bar (issue 15)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage

from annotator.core.editing import attachments, edits
from annotator.core.model import AttributeType, LabelKind, Span, Target, TargetKind
from tests.qt.conftest import WindowFactory
from tests.qt.test_plain_text_labels import shown_as

TEXT = "Barack Obama did not visit Paris. The left and right ventricles were enlarged."
TYPES = [
    AttributeType("Negation", kinds=(LabelKind.ENTITY,)),
    AttributeType("Certainty", ("Low", "Likely"), kinds=(LabelKind.ENTITY,)),
]


def label_at(qtbot, window, start: int, end: int, k: Qt.Key = Qt.Key.Key_P) -> Span:  # type: ignore[no-untyped-def]
    window.article.select(start, end)
    qtbot.keyClick(window.article, k)
    span = window.controller.selected_span()
    assert span is not None and (span.start, span.end) == (start, end)
    return span


def end_rect(window, span: Span) -> QRectF:  # type: ignore[no-untyped-def]
    """The drawn rectangle of the span's last line (its last piece), in the viewport."""
    article = window.article
    start, end = span.pieces[-1]
    height = article.viewport().height()
    rects = list(article._line_rects(article._text.to_qt(start), article._text.to_qt(end), height))
    assert rects
    return rects[-1]


def corner(image: QImage, rect: QRectF) -> QColor:
    """The pixel just inside the top right corner of a span's rectangle."""
    return image.pixelColor(int(rect.right()) - 2, int(rect.top()) + 1)


def shots(tmp_path: Path) -> Path:
    """Where screenshots go: ANNOTATOR_SHOTS to keep them, else the test's own folder."""
    found = Path(os.environ.get("ANNOTATOR_SHOTS", tmp_path))
    found.mkdir(parents=True, exist_ok=True)
    return found


def painted(qtbot, window) -> QImage:  # type: ignore[no-untyped-def]
    window.article.viewport().repaint()
    return window.article.viewport().grab().toImage()


def test_a_span_with_attributes_a_link_and_a_note_is_marked_and_its_tooltip_lists_them(
    qtbot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(TEXT)
    assert window.controller.apply(attachments.AddAttributeTypes(TYPES))
    obama = label_at(qtbot, window, 0, 12)
    paris = label_at(qtbot, window, TEXT.index("Paris"), TEXT.index("Paris") + 5)
    window.controller.select_span(None)
    article = window.article
    background = corner(painted(qtbot, window), end_rect(window, obama))
    assert article.attached_lines(obama.id) == []
    target = Target(TargetKind.SPAN, obama.id)
    for edit in (
        attachments.SetAttribute(target, "Negation"),
        attachments.SetAttribute(target, "Certainty", "Likely"),
        attachments.AddNormalization(target, "Wikipedia", "534366", "Barack <b>Obama</b>"),
        attachments.SetNote(target, "<i>check</i> the source"),
    ):
        assert window.controller.apply(edit)
    # the article knows what the span carries, at once (no key pause needed)
    lines = article.attached_lines(obama.id)
    assert any("Negation" in line and "Certainty=Likely" in line for line in lines)
    assert any("Wikipedia:534366" in line and "Barack <b>Obama</b>" in line for line in lines)
    assert any("<i>check</i> the source" in line for line in lines)
    assert article.attached_lines(paris.id) == []
    # the tooltip is plain text made markup: user text shows as written
    tip = article._describe(article.spans_at(3))
    assert "Certainty=Likely" in tip and "Wikipedia:534366" in tip
    assert "&lt;b&gt;Obama&lt;/b&gt;" in tip and "&lt;i&gt;check&lt;/i&gt;" in tip
    assert "<b>" not in tip and "<i>" not in tip
    assert "PER" in article._describe(article.spans_at(TEXT.index("Paris")))
    assert "Wikipedia" not in article._describe(article.spans_at(TEXT.index("Paris")))
    # drawn: a corner at the marked span's end, in its label's text colour; none on Paris
    image = painted(qtbot, window)
    mark = corner(image, end_rect(window, obama))
    assert mark != background
    assert mark.name() in {"#000000", "#ffffff"}
    paris_corner = corner(image, end_rect(window, paris))
    assert paris_corner.name() not in {"#000000", "#ffffff"}  # its label colour
    window.grab().save(str(shots(tmp_path) / "article_marked_span.png"))
    article.viewport().grab().save(str(shots(tmp_path) / "article_marked_span_viewport.png"))
    # Ctrl+Z four times takes them all off: the mark goes too
    for _ in range(4):
        qtbot.keyClick(article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert article.attached_lines(obama.id) == []
    assert corner(painted(qtbot, window), end_rect(window, obama)) == background


def test_an_event_trigger_with_an_attribute_is_marked(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    span = label_at(qtbot, window, 0, 12)
    window.controller.select_span(None)
    # what the window passes on for an event is shown on its trigger the same way
    window.span_model.set_markers({span.id: ("[Tense=Past]", ["Attributes: Tense=Past"])})
    assert window.article.attached_lines(span.id) == ["Attributes: Tense=Past"]
    mark = corner(painted(qtbot, window), end_rect(window, span))
    assert mark.name() in {"#000000", "#ffffff"}
    window.span_model.set_markers({})
    assert window.article.attached_lines(span.id) == []


def test_a_discontinuous_span_shows_its_pieces_in_the_list_and_the_status_bar(
    qtbot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(TEXT)
    assert window.controller.apply(attachments.AddAttributeTypes(TYPES))
    left = TEXT.index("left")
    ventricles = TEXT.index("ventricles")
    span = label_at(qtbot, window, left, left + 4)
    assert window.controller.apply(edits.AddFragment(span.id, ventricles, ventricles + 10))
    window.controller.select_span(span.id)
    window.spans.flush_span_list()
    row = window.span_model.row_of(span.id)
    assert row is not None
    shown = str(window.span_model.data(window.span_model.index(row)))
    assert shown.endswith("left … ventricles")
    assert "and right" not in shown
    tip = window.span_model.data(window.span_model.index(row), Qt.ItemDataRole.ToolTipRole)
    tip = tip.replace("\xa0", " ")  # as markup: spaces kept
    assert f"{left}–{left + 4} + {ventricles}–{ventricles + 10}" in tip
    # the status bar counts the pieces' characters, not the gap
    label = shown_as(window.selection_label.toolTip()) or window.selection_label.text()
    uid = window.controller.span(span.id).uid
    assert label == f"Span {uid} PER {left}–{ventricles + 10}, 2 pieces (14 chars)"
    # a contiguous span reads as before
    obama = label_at(qtbot, window, 0, 12)
    label = shown_as(window.selection_label.toolTip()) or window.selection_label.text()
    assert label == f"Span {obama.uid} PER 0–12 (12 chars)"
    # the mark of a discontinuous span goes at its end (the last piece), once
    assert window.controller.apply(
        attachments.SetAttribute(Target(TargetKind.SPAN, span.id), "Negation")
    )
    window.controller.select_span(None)
    image = painted(qtbot, window)
    whole = window.controller.span(span.id)
    assert corner(image, end_rect(window, whole)).name() in {"#000000", "#ffffff"}
    first = whole._replace(end=left + 4, fragments=())
    assert corner(image, end_rect(window, first)).name() not in {"#000000", "#ffffff"}
    window.grab().save(str(shots(tmp_path) / "article_discontinuous_marked.png"))
