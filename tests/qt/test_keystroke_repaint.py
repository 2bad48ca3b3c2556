"""Labelling a word repaints the blocks it touches, not the whole article (issue 6's
keystroke target), and what is repainted shows the new colour."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.qt.conftest import WindowFactory
from tests.qt.test_plain_text_labels import shown_as

PARAGRAPHS = 80


class PaintRects(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())  # type: ignore[attr-defined]
        return False


def _window(make_window: WindowFactory):  # type: ignore[no-untyped-def]
    text = "\n".join(f"Paragraph {n}: the minister met reporters." for n in range(PARAGRAPHS))
    window = make_window(text)
    return window, text


def test_a_key_press_repaints_only_the_labelled_block(qtbot, make_window: WindowFactory) -> None:
    window, text = _window(make_window)
    article = window.article
    start = text.index("reporters", text.index("Paragraph 12:"))
    article.select(start, start + len("reporters"), center=False)
    qtbot.wait(50)  # let the selection paint
    probe = PaintRects()
    article.viewport().installEventFilter(probe)
    QTest.keyClick(article, Qt.Key.Key_1)  # PER
    qtbot.waitUntil(lambda: bool(probe.rects), timeout=2000)
    qtbot.wait(50)
    article.viewport().removeEventFilter(probe)
    assert window.project.annotations(window.controller.document_id).spans
    height = article.viewport().height()
    assert max(rect.height() for rect in probe.rects) < height / 3, probe.rects


def test_the_repainted_block_shows_the_label_colour(qtbot, make_window: WindowFactory) -> None:
    window, text = _window(make_window)
    article = window.article
    start = text.index("minister", text.index("Paragraph 5:"))
    article.select(start, start + len("minister"), center=False)
    qtbot.wait(50)
    QTest.keyClick(article, Qt.Key.Key_1)  # PER
    window.controller.select_span(None)  # no selection tint over the colour
    qtbot.wait(100)
    (span,) = window.project.annotations(window.controller.document_id).spans
    rect = next(article._line_rects(span.start, span.end, article.viewport().height()))
    # What is on screen (the backing store), not a fresh render as grab() would give:
    # a block left out of the repaint would still show the old colour here.
    viewport = article.viewport()
    origin = viewport.mapTo(window, viewport.rect().topLeft())
    screen = QApplication.primaryScreen().grabWindow(window.winId())
    image = screen.toImage().copy(
        QRect(origin * screen.devicePixelRatio(), viewport.size() * screen.devicePixelRatio())
    )
    ratio = screen.devicePixelRatio()
    expected = QColor(next(lb.color for lb in window.project.schema.labels if lb.name == "PER"))
    # The top row of the span's line box is background, not glyphs.
    y = int((rect.top() + 1) * ratio)
    xs = range(int(rect.left() * ratio) + 1, int(rect.right() * ratio) - 1)
    matching = [
        x
        for x in xs
        if all(
            abs(a - b) < 24
            for a, b in zip(
                QColor(image.pixel(x, y)).getRgb()[:3], expected.getRgb()[:3], strict=True
            )
        )
    ]
    assert len(matching) > 0.8 * len(xs), (len(matching), len(xs))


def test_a_key_press_repaints_the_selection_label_not_the_status_bar(
    qtbot, make_window: WindowFactory
) -> None:
    window, text = _window(make_window)
    article, bar = window.article, window.statusBar()
    start = text.index("reporters", text.index("Paragraph 3:"))
    article.select(start, start + len("reporters"), center=False)
    qtbot.wait(50)
    probe = PaintRects()
    bar.installEventFilter(probe)
    QTest.keyClick(article, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: "Span" in window.selection_label.text(), timeout=2000)
    qtbot.wait(50)
    bar.removeEventFilter(probe)
    label = window.selection_label.geometry()
    assert all(label.adjusted(-2, -8, 2, 8).contains(rect) for rect in probe.rects), probe.rects


def test_a_long_selection_text_is_elided_with_the_whole_text_as_tooltip(
    qtbot, make_window: WindowFactory
) -> None:
    window, text = _window(make_window)
    label = window.selection_label
    start = text.index("minister")
    window.article.select(start, start + len("minister"), center=False)
    label.setFixedWidth(80)  # narrower than "Selection 5–13 (8 chars)"
    window.update_selection_label(start, start + len("minister"))
    assert "…" in label.text()
    assert shown_as(label.toolTip()).startswith("Selection")


def test_the_span_list_catches_up_when_the_keys_pause(qtbot, make_window: WindowFactory) -> None:
    window, text = _window(make_window)
    article, model = window.article, window.span_model
    for word in ("minister", "reporters"):
        start = text.index(word, text.index("Paragraph 7:"))
        article.select(start, start + len(word), center=False)
        QTest.keyClick(article, Qt.Key.Key_1)
    # Two spans stored at once; the list shows them (and the selection) a moment later.
    assert len(window.project.annotations(window.controller.document_id).spans) == 2
    assert model.rowCount() == 0
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=2000)
    selected = window.span_list.selectionModel().currentIndex()
    assert model.span_at(selected.row()) == window.controller.selected_span()
    # A row clicked right after a key press is the span the user saw there.
    start = text.index("Paragraph 9:")
    article.select(start, start + len("Paragraph"), center=False)
    QTest.keyClick(article, Qt.Key.Key_2)  # ORG, not in the list yet
    first = model.span_at(0)
    window.spans.span_row_chosen(model.index(0))
    assert window.controller.selected_span() == first
    assert model.rowCount() == 3
