"""The display copy and Qt positions (annotator/qt/offsets.py), against a real QTextDocument.

The article view shows a display copy of the text with the same code points at the
same indices; DisplayText converts code points to Qt's UTF-16 positions. These tests
check the display copy itself, then that Qt holds it unchanged (nothing dropped or
folded) and that cursors placed with DisplayText select exactly the intended text.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
from collections.abc import Iterator

import pytest

pytest.importorskip("PySide6.QtWidgets")

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from annotator.core.model.text import Utf16Map
from annotator.qt.offsets import DisplayText, display_copy
from annotator.qt.widgets.article_view import ArticleView

LIMIT = 1500  # the display copy's paragraph length (annotator.qt.offsets._MAX_PARAGRAPH)

# What display_copy must turn each changed character into; everything else is kept.
LINE_ENDS = {"\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"}


def expected_char(text: str, index: int) -> str:
    """The display copy's character at ``index``, before long paragraphs are broken."""
    ch = text[index]
    if ch == "\r":
        return " " if text[index + 1 : index + 2] == "\n" else "\n"
    if ch in LINE_ENDS:
        return "\n"
    if ch == "\ufeff":
        return "\u2060"
    if ch == "\x7f":
        return "\u2421"
    if ch in "\ufffe\uffff" or 0xFDD0 <= ord(ch) < 0xFDF0:
        return "\ufffd"  # noncharacters Qt would misread
    if ord(ch) < 0x20 and ch not in "\t\n":
        return chr(0x2400 + ord(ch))
    return ch


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# Qt's QTextCursor.selectedText() gives U+2029 for every block separator in a
# selection; QTextCursor.insertText (used by setPlainText) starts a new block at
# "\n", U+2029 and the frame markers U+FDD0/U+FDD1.
_BLOCK_SEPARATORS = re.compile("[\n\u2029]")


def as_selected_text(display_slice: str) -> str:
    return _BLOCK_SEPARATORS.sub("\u2029", display_slice)


# -- strategies -------------------------------------------------------------------------
CHARS = st.characters(blacklist_categories=["Cs"])
LONG_LINE = " ".join(f"word{i}" for i in range(330))  # ~2,200 characters, no line break
FRAGMENTS = (
    "The Syrian Army",
    "evacuated Palmyra on Sunday.",
    " ",
    "Putin",
    "\U0001f600",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # ZWJ family
    "\U0001f1fa\U0001f1e6",  # 🇺🇦
    "\U0001f1fa\U0001f1e6\U0001f1f8\U0001f1fe",  # two flags
    "\U0001f1fa",  # a lone regional indicator
    "\U0001f44d\U0001f3fd",  # skin tone
    "\U0001f3f3\ufe0f\u200d\U0001f308",
    "\U0001d518\U0001d52b",  # fraktur (astral letters)
    "\U0010ffff",
    "e\u0301",
    "a\u0308\u0323",
    "\u0301",
    "\r\n",
    "\r\n\r\n",
    "\r",
    "\n\r",
    "\n",
    "\t",
    "\x00",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1c",
    "\x1f",
    "\x7f",
    "\x80",
    "\x85",
    "\x9f",
    "\u2028",
    "\u2029",
    "\u00a0",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\ufdd0",
    "\ufdd1",
    "\ufffc",
    "مرحبا بالعالم",
    "שָׁלוֹם עולם",
    "\u202bembedded\u202c",
    "中文字符",
)
LONG_LINES = (
    LONG_LINE,
    "x" * 1600,  # a long line without spaces
    "مرحبا " * 300,  # a long right-to-left line
    "😀 🇺🇦 é " * 200,  # a long line of astral characters
)
_fragment = st.sampled_from(FRAGMENTS)


@st.composite
def hostile_texts(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(("", "", "", "\ufeff", "\ufeff\ufeff", "\r\n", "\u2029")))
    body = draw(st.lists(st.one_of(_fragment, _fragment, st.text(CHARS, max_size=6)), max_size=14))
    # a third of the texts get a line longer than the display copy's paragraph limit
    long_line = draw(st.sampled_from((None, None, None, None, *LONG_LINES)))
    if long_line is not None:
        body.insert(draw(st.integers(0, len(body))), long_line)
    text = prefix + "".join(body)
    assume(text)
    return text


hostile_text = hostile_texts()


@st.composite
def text_and_ranges(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(hostile_text)
    n = len(text)
    ranges = draw(
        st.lists(
            st.tuples(st.integers(0, n), st.integers(0, n)).map(lambda p: (min(p), max(p))),
            min_size=1,
            max_size=8,
        )
    )
    return text, [*ranges, (0, n)]


# -- fixtures -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def view(qapp: QApplication) -> Iterator[ArticleView]:
    widget = ArticleView()
    widget.resize(600, 400)
    yield widget
    widget.close()
    widget.deleteLater()


# -- 1. display_copy alone -------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.one_of(hostile_text, st.text(CHARS, max_size=40)))
def test_display_copy_keeps_every_code_point_index(text: str) -> None:
    display = display_copy(text)
    assert len(display) == len(text)
    base = display_copy(text, max_paragraph=10**9)  # no long-paragraph breaks
    assert base == "".join(expected_char(text, i) for i in range(len(text)))
    # breaking long paragraphs only turns spaces into line feeds
    for i, (before, after) in enumerate(zip(base, display, strict=True)):
        if before != after:
            assert (before, after) == (" ", "\n"), i
    if len(text) <= LIMIT:
        assert display == base
    # nothing Qt would fold, drop or break a block at is left, but "\n" and U+2029
    assert "\r" not in display and "\ufeff" not in display
    assert not any(ord(ch) < 0x20 and ch not in "\t\n" for ch in display)
    assert "\x85" not in display and "\x7f" not in display
    assert Utf16Map(display).utf16_length == utf16_units(text)


@pytest.mark.parametrize(
    ("text", "display"),
    [
        ("a\r\nb", "a \nb"),
        ("a\r\n\r\nb", "a \n \nb"),
        ("a\rb\n\rc", "a\nb\n\nc"),
        ("a\x85b\x0bc\x0cd\x1ce\x1df\x1eg", "a\nb\nc\nd\ne\nf\ng"),
        ("\x00\x01\x1b\x1f\x7f", "\u2400\u2401\u241b\u241f\u2421"),
        ("\ufeffBOM\ufeff", "\u2060BOM\u2060"),
        ("tab\there", "tab\there"),
        ("\ufffeab\ufdd0c\uffff", "\ufffdab\ufffdc\ufffd"),
        ("\u2028\u2029\u00a0\u200b", "\u2028\u2029\u00a0\u200b"),
        ("Cafe\u0301 \U0001f1fa\U0001f1e6", "Cafe\u0301 \U0001f1fa\U0001f1e6"),
    ],
)
def test_display_copy_examples(text: str, display: str) -> None:
    assert display_copy(text) == display


@settings(max_examples=200, deadline=None)
@given(
    text=st.lists(
        st.one_of(
            st.sampled_from((" ", "  ", "word", "x" * 30, "\n", "\r\n", "\u00a0", "\U0001f600")),
            st.text(CHARS, max_size=8),
        ),
        max_size=40,
    ).map("".join),
    limit=st.integers(8, 40),
)
def test_long_paragraphs_are_broken_at_spaces_only(text: str, limit: int) -> None:
    base = display_copy(text, max_paragraph=10**9)
    display = display_copy(text, max_paragraph=limit)
    assert len(display) == len(text)
    for before, after in zip(base, display, strict=True):
        assert before == after or (before, after) == (" ", "\n")
    # A line is longer than the limit only when no space was there to break it at.
    for line in display.split("\n"):
        if len(line) > limit:
            assert " " not in line[limit // 2 :], (line, limit)
    # Paragraphs that were short enough are left alone.
    position = 0
    for paragraph in base.split("\n"):
        if len(paragraph) <= limit:
            assert display[position : position + len(paragraph)] == paragraph
        position += len(paragraph) + 1


def test_one_megabyte_text_with_a_200_kb_line(qapp: QApplication) -> None:
    words = ("Syrian", "Army", "evacuated", "Palmyra", "\U0001f600", "Cafe\u0301", "مرحبا")
    paragraphs = [
        " ".join(words[(i + j) % len(words)] for j in range(i % 60 + 5)) for i in range(4000)
    ]
    long_line = " ".join(words[i % len(words)] for i in range(33_000))
    assert len(long_line) > 200_000
    parts = [*paragraphs[:2000], long_line, *paragraphs[2000:]]
    text = "\r\n".join(parts)
    while len(text.encode("utf-8")) < 1_000_000:
        text += "\r\n" + "\r\n".join(paragraphs)
    shown = DisplayText(text)
    assert len(shown.display) == len(text) == shown.length
    for before, after in zip(display_copy(text, max_paragraph=10**9), shown.display, strict=True):
        assert before == after or (before, after) == (" ", "\n")
    assert max(len(line) for line in shown.display.split("\n")) <= LIMIT

    document = QTextDocument()
    document.setPlainText(shown.display)
    assert document.characterCount() - 1 == utf16_units(text)
    longest = 0
    block = document.begin()
    while block.isValid():
        longest = max(longest, block.length() - 1)
        block = block.next()
    assert longest < 3000
    assert document.blockCount() > text.count("\n") + 200_000 // LIMIT
    # a word in the middle of the long line is where DisplayText says it is
    start = text.index(long_line) + 100_000
    start = text.index(" ", start) + 1
    end = text.index(" ", start)
    cursor = QTextCursor(document)
    cursor.setPosition(shown.to_qt(start))
    cursor.setPosition(shown.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == text[start:end]


# -- 2. against Qt ---------------------------------------------------------------------------
@settings(max_examples=80, deadline=None)
@given(text_and_ranges())
def test_qt_positions_select_exactly_the_code_points(
    view: ArticleView, case: tuple[str, list[tuple[int, int]]]
) -> None:
    text, ranges = case
    shown = DisplayText(text)
    display = shown.display
    view.set_document(text, [])
    document = view.document()
    # nothing dropped (a BOM), folded (CRLF) or added
    assert document.characterCount() - 1 == utf16_units(display) == utf16_units(text)

    # code point -> Qt -> code point, for every index; Qt positions inside a pair move back
    qt_of = [shown.to_qt(i) for i in range(len(text) + 1)]
    assert qt_of == [utf16_units(text[:i]) for i in range(len(text) + 1)]
    assert all(shown.from_qt(qt) == i for i, qt in enumerate(qt_of))
    inside_pairs = set(range(qt_of[-1] + 1)) - set(qt_of)
    for qt in inside_pairs:
        assert shown.from_qt(qt) == shown.from_qt(qt - 1)
        assert shown.to_qt(shown.from_qt(qt)) == qt - 1

    for start, end in ranges:
        cursor = QTextCursor(document)
        cursor.setPosition(shown.to_qt(start))
        cursor.setPosition(shown.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        assert (cursor.selectionStart(), cursor.selectionEnd()) == (qt_of[start], qt_of[end])
        assert cursor.selectedText() == as_selected_text(display[start:end])
        # and the same through the article view
        view.select(start, end)
        assert view.selection() == (start, end)
        assert view.textCursor().selectedText() == as_selected_text(display[start:end])
        view.select(end, start, center=False)
        assert view.selection() == (start, end)


@settings(max_examples=60, deadline=None)
@given(hostile_text)
def test_plain_text_edit_holds_the_display_copy(qapp: QApplication, text: str) -> None:
    display = display_copy(text)
    edit = QPlainTextEdit()
    try:
        edit.setPlainText(display)
        document = edit.document()
        assert document.characterCount() - 1 == utf16_units(display)
        cursor = QTextCursor(document)
        cursor.select(QTextCursor.SelectionType.Document)
        assert cursor.selectedText() == as_selected_text(display)
        # each block starts right after a block separator of the display copy
        starts = []
        block = document.begin()
        while block.isValid():
            starts.append(block.position())
            block = block.next()
        to_qt = Utf16Map(display).to_utf16
        separators = [to_qt(i) + 1 for i, ch in enumerate(display) if ch in "\n\u2029"]
        assert starts == [0, *separators]
    finally:
        edit.deleteLater()


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffPutin met Assad.",  # Qt drops a leading BOM
        "Putin\r\nmet\rAssad\r\n",  # Qt folds CRLF into one block separator
        "\U0001f1fa\U0001f1e6 Putin \U0001f468\u200d\U0001f469\u200d\U0001f467 met\u2028Assad",
        "\x00Putin\x85met\x0cAssad\x7f",
        "\u2029Putin\u2029\u2029met",
    ],
    ids=["bom", "crlf", "emoji", "controls", "paragraph-separators"],
)
def test_article_view_selection_round_trip(view: ArticleView, text: str) -> None:
    view.set_document(text, [])
    shown = DisplayText(text)
    assert view.document().characterCount() - 1 == utf16_units(text)
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            view.select(start, end, center=False)
            assert view.selection() == (start, end)
            assert view.textCursor().selectedText() == as_selected_text(shown.display[start:end])
    word = text.index("Putin")
    view.select(word, word + 5)
    assert view.textCursor().selectedText() == "Putin"


# -- Qt would take a leading U+FFFE for a byte-swapped BOM --------------------------------
def test_leading_reversed_bom_is_kept_by_qt(view: ArticleView) -> None:
    text = "\ufffePutin met Assad."
    view.set_document(text, [])
    assert view.document().characterCount() - 1 == utf16_units(text)
    view.select(1, 6)
    assert view.selection() == (1, 6)
    assert view.textCursor().selectedText() == "Putin"
