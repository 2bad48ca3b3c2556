"""What the window draws for hard text and in narrow places (defects seen under Xvfb).

Text with a combining accent after a name, flag and ZWJ emoji and CRLF line endings;
the annotations panel's tab titles at the window's default size.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtGui import QFontDatabase, QTextLayout
from PySide6.QtWidgets import QTabBar, QToolButton

from annotator.core.editing import edits
from annotator.core.model.records import DocumentRecord, RelationRecord, SpanRecord
from annotator.qt import fonts
from annotator.qt.window import MainWindow
from tests.external import missing
from tests.qt.conftest import WindowFactory

HARD = (
    "Jose\u0301 Mari\u0301a met Zoe\u0308 in Paris.\r\n"
    "Flags \U0001f1fa\U0001f1e6 \U0001f1eb\U0001f1f7, a family \U0001f468\u200d\U0001f469"
    "\u200d\U0001f467 and \U0001f3f3\ufe0f\u200d\U0001f308.\r\n"
    "The third line.\r\n"
)


def _units(text: str) -> list[str]:
    """The characters at each UTF-16 position (Qt's string indexes)."""
    return [c for c in text for _ in range(2 if ord(c) > 0xFFFF else 1)]


def _split_clusters(window: MainWindow) -> list[tuple[int, int]]:
    """(block, Qt position) of every format edge that falls inside a grapheme cluster."""
    found = []
    block = window.article.document().begin()
    while block.isValid():
        layout = block.layout()
        for fmt in layout.formats():
            for edge in (fmt.start, fmt.start + fmt.length):
                if edge < len(block.text()) and not layout.isValidCursorPosition(edge):
                    found.append((block.blockNumber(), edge))
        block = block.next()
    return found


def _detached_marks(window: MainWindow) -> list[int]:
    """UTF-16 positions of combining marks Qt shaped as glyphs of their own."""
    detached = []
    block = window.article.document().begin()
    while block.isValid():
        units = _units(block.text())
        flags = QTextLayout.GlyphRunRetrievalFlag.RetrieveAll
        for run in block.layout().glyphRuns(0, len(units), flags):
            for index in run.stringIndexes():
                if unicodedata.combining(units[index]):
                    detached.append(block.position() + index)
        block = block.next()
    return detached


def test_a_span_ending_before_an_accent_keeps_the_accent_on_its_letter(
    make_window: WindowFactory, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """A span edge between "e" and its combining acute (offsets from an import, or
    exact-character selection) must not split the letter from its accent on screen."""
    window = make_window()
    maria = HARD.index("Mari\u0301a")
    spans = [
        SpanRecord("T1", 0, 4, "PER"),  # "Jose" without its accent
        SpanRecord("T2", maria, maria + 4, "PER"),  # "Mari" without its accent
        SpanRecord("T3", maria + 4, maria + 6, "ORG"),  # the accent and "a"
        SpanRecord("T4", HARD.index("\U0001f1fa") + 1, HARD.index("\U0001f1eb"), "GPE"),
    ]
    window.controller.apply(edits.ImportDocuments([DocumentRecord(text=HARD, spans=spans)]))
    window.go_to_document(window.document_model.document_id(0) or 1)
    qtbot.waitUntil(lambda: len(window.controller.annotations.spans) == 4)
    qtbot.wait(20)
    assert _split_clusters(window) == []
    assert _detached_marks(window) == []
    # the stored offsets are untouched: only the drawing keeps clusters whole
    assert [(s.start, s.end) for s in window.controller.annotations.spans][:2] == [
        (0, 4),
        (maria, maria + 4),
    ]


def _tabs_shown_whole(tabs: QTabBar) -> list[str]:
    """Titles of the tabs drawn cut (narrower than their text needs, or off the bar)."""
    cut = []
    for index in range(tabs.count()):
        rect = tabs.tabRect(index)
        if rect.width() < tabs.tabSizeHint(index).width() or not tabs.rect().contains(rect):
            cut.append(tabs.tabText(index))
    return cut


def test_every_annotation_tab_title_is_shown_whole(make_window: WindowFactory) -> None:
    window = make_window("Officials met in Berlin.")
    tabs = window.panel.tabBar()
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Spans",
        "Events (0)",
        "Relations (0)",
        "Warnings (0)",
    ]
    assert _tabs_shown_whole(tabs) == []
    scrollers = [b for b in tabs.findChildren(QToolButton) if b.isVisible()]
    assert scrollers == []  # no scroll arrows hiding a tab


def test_tab_titles_stay_whole_as_the_counts_grow(make_window: WindowFactory, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    text = " ".join(f"w{n}" for n in range(300))
    words = text.split(" ")
    offsets, position = [], 0
    for word in words:
        offsets.append((position, position + len(word)))
        position += len(word) + 1
    spans = [SpanRecord(f"T{n}", start, end, "PER") for n, (start, end) in enumerate(offsets)]
    relations = [
        RelationRecord(f"R{n}", "PHYS:Located", f"T{2 * n}", f"T{2 * n + 1}") for n in range(120)
    ]
    window.controller.apply(
        edits.ImportDocuments([DocumentRecord(text=text, spans=spans, relations=relations)])
    )
    window.go_to_document(window.document_model.document_id(0) or 1)
    qtbot.waitUntil(lambda: window.panel.tabText(2) == "Relations (120)")
    qtbot.wait(50)  # the dock takes the new minimum width
    assert _tabs_shown_whole(window.panel.tabBar()) == []


def test_the_first_colour_emoji_font_the_system_has_is_chosen() -> None:
    present = {"Segoe UI Emoji", "Noto Color Emoji"}
    assert fonts.emoji_family(present.__contains__) == "Noto Color Emoji"
    assert fonts.emoji_family(lambda _family: False) is None


def test_flags_and_zwj_emoji_are_drawn_from_the_colour_emoji_font(
    make_window: WindowFactory, qtbot
) -> None:  # type: ignore[no-untyped-def]
    family = fonts.emoji_family()
    if family is None:
        missing("a colour emoji font", f"apt-get install {fonts.INSTALL_HINT}")
    window = make_window(HARD)
    assert window.emoji_font == family
    if hasattr(QFontDatabase, "addApplicationEmojiFontFamily"):
        assert family in QFontDatabase.applicationEmojiFontFamilies()
    qtbot.wait(20)
    block = window.article.document().begin().next()  # "Flags ..."
    units = _units(block.text())
    emoji = {i for i, c in enumerate(units) if ord(c) > 0xFFFF}
    drawn_by: dict[int, set[str]] = {}
    flags = QTextLayout.GlyphRunRetrievalFlag.RetrieveAll
    for run in block.layout().glyphRuns(0, len(units), flags):
        for index in run.stringIndexes():
            drawn_by.setdefault(index, set()).add(run.rawFont().familyName())
    # each flag, the family and the rainbow flag start a cluster drawn in colour
    starts = {6, 11, 26, 39}
    assert starts <= emoji
    assert all(family in drawn_by.get(index, set()) for index in starts), drawn_by
