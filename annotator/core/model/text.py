"""The offset contract (docs/adr/0002-offsets.md).

* The stored text is exactly the decoded input: UTF-8, a leading BOM removed when
  a file is decoded, nothing else touched (CRLF stays CRLF, NBSP stays NBSP).
* Offsets are Python code-point indices, end exclusive: ``text[start:end]`` is a
  span's text.
* Other units (UTF-16 for Qt and for offsets made in browsers) are converted here
  and nowhere else.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from annotator.core.errors import OffsetError, as_json

BOM = "\ufeff"
_SURROGATE = re.compile("[\ud800-\udfff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class DecodeError(ValueError):
    """Bytes that are not UTF-8; the message gives the byte offset and line."""


def decode(data: bytes) -> str:
    """Decode file contents: strict UTF-8, a leading BOM dropped, nothing normalised."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DecodeError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at byte {exc.start} (line {line})"
        ) from None
    return text.removeprefix(BOM)


# A label, role, attribute, relation or note type's name is shown in menus, the panel and
# every export; no format needs a long one, and an import of a 100,000-character "label"
# (a column slip) should be refused, not made a label.
NAME_LIMIT = 200


def check_name_length(name: str, what: str) -> None:
    """Refuse a name longer than NAME_LIMIT characters (ValueError, naming ``what``)."""
    if len(name) > NAME_LIMIT:
        raise ValueError(
            f"{what} is {len(name):,} characters long; a name has at most {NAME_LIMIT}"
        )


def check_unicode(value: str, what: str) -> None:
    """Refuse strings that cannot be stored as UTF-8 (lone surrogates from JSON escapes)."""
    match = _SURROGATE.search(value)
    if match is not None:
        raise ValueError(
            f"{what} contains an unpaired surrogate U+{ord(match.group()):04X} at {match.start()}"
        )


def check_span(text: str, start: int, end: int) -> None:
    """Refuse empty, reversed or out-of-range offsets with a message that says which."""
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise OffsetError(f"{name} must be an integer, not {as_json(value)}")
    if start < 0:
        raise OffsetError(f"start {start} is negative")
    if end > len(text):
        raise OffsetError(f"end {end} is past the end of the text ({len(text)} characters)")
    if start >= end:
        raise OffsetError(f"empty span: start {start} is not before end {end}")


def check_fragments(text: str, start: int, end: int, fragments: Sequence[tuple[int, int]]) -> None:
    """Refuse the pieces of a discontinuous span unless they are two or more ranges
    in order, not overlapping, inside the text, and their extent is start..end."""
    if len(fragments) < 2:
        raise OffsetError("a discontinuous span needs two fragments or more")
    previous_end = -1
    for piece in fragments:
        if len(piece) != 2:
            raise OffsetError(f"a fragment must be [start, end], not {list(piece)!r}")
        piece_start, piece_end = piece
        check_span(text, piece_start, piece_end)
        if piece_start < previous_end:
            raise OffsetError(
                f"fragment [{piece_start}, {piece_end}) overlaps the one before it, "
                "or is out of order"
            )
        previous_end = piece_end
    if fragments[0][0] != start or fragments[-1][1] != end:
        raise OffsetError(
            f"the fragments cover {fragments[0][0]}..{fragments[-1][1]}, "
            f"not the span's {start}..{end}"
        )


def merge_fragments(pieces: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted pieces with overlapping or touching ones joined (0-3 and 3-5 are 0-5)."""
    merged: list[tuple[int, int]] = []
    for piece_start, piece_end in sorted(pieces):
        if merged and piece_start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], piece_end))
        else:
            merged.append((piece_start, piece_end))
    return tuple(merged)


def text_digest(text: str) -> str:
    """The identity of a document's text, used to skip re-imports of the same article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def title_of(text: str, limit: int = 200) -> str:
    """The first non-blank line, for lists (the document list shows no article text)."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            return stripped if len(stripped) <= limit else stripped[: limit - 1] + "…"
    return ""


class Utf16Map:
    """Converts between code-point offsets and UTF-16 code-unit offsets.

    Each astral character (outside the BMP) is one code point but two UTF-16 units.
    Keeping their sorted positions makes a conversion one ``bisect``.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "_length")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        if text.isascii():
            self._astral_cp: list[int] = []
        else:
            self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 position of each astral character's first unit
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]

    @property
    def utf16_length(self) -> int:
        return self._length + len(self._astral_cp)

    def to_utf16(self, offset: int) -> int:
        return offset + bisect_left(self._astral_cp, offset)

    def from_utf16(self, offset: int) -> int:
        """Code-point offset of a UTF-16 offset; raises if it splits a surrogate pair."""
        before = bisect_right(self._astral_u16, offset - 1)
        if before and self._astral_u16[before - 1] == offset - 1:
            raise OffsetError(f"UTF-16 offset {offset} falls inside a surrogate pair")
        return offset - before


# -- tokens and snapping -------------------------------------------------------
_ZWJ = "\u200d"


def _char_class(ch: str) -> str:
    """'space', 'join' (attaches to the previous character), 'word' or 'other'."""
    if ch.isspace() or ch in "\u200b\u2060\ufeff":
        return "space"
    code = ord(ch)
    category = unicodedata.category(ch)
    if (
        category.startswith("M")
        or ch == _ZWJ
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin-tone modifiers
        or 0xE0020 <= code <= 0xE007F  # emoji tag characters
    ):
        return "join"
    if category[0] in "LN" or category == "Pc":
        return "word"
    return "other"


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def is_token_boundary(text: str, index: int) -> bool:
    """Whether a token boundary lies between ``text[index - 1]`` and ``text[index]``.

    Tokens are runs of letters and digits (with their combining marks), or single
    other characters with what attaches to them: combining marks, emoji modifiers,
    ZWJ sequences, flag pairs. Whitespace separates tokens and is not part of one.
    """
    if index <= 0 or index >= len(text):
        return True
    before, after = text[index - 1], text[index]
    kind_before, kind_after = _char_class(before), _char_class(after)
    if kind_after == "space" or kind_before == "space":
        return True
    if kind_after == "join" or before == _ZWJ:
        return False
    if kind_before == "join":
        # look through the marks to the character they belong to
        base = index - 1
        while base > 0 and _char_class(text[base]) == "join":
            base -= 1
        kind_before = _char_class(text[base])
    if kind_before == "word" and kind_after == "word":
        return False
    if _is_regional_indicator(before) and _is_regional_indicator(after):
        run = index - 1
        while run > 0 and _is_regional_indicator(text[run - 1]):
            run -= 1
        return (index - run) % 2 == 0  # flags are pairs
    return True


def snap_to_tokens(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Widen a selection to whole tokens, without surrounding whitespace.

    An empty selection (a caret) selects the token at the caret. Returns None when
    there is nothing but whitespace to select.
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    if start == end:
        if end < len(text) and _char_class(text[end]) != "space":
            end += 1
        elif start > 0 and _char_class(text[start - 1]) != "space":
            start -= 1
        else:
            return None
    while start < end and _char_class(text[start]) == "space":
        start += 1
    while end > start and _char_class(text[end - 1]) == "space":
        end -= 1
    if start == end:
        return None
    while not is_token_boundary(text, start):
        start -= 1
    while not is_token_boundary(text, end):
        end += 1
    return start, end


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Exact mode: keep the selected characters, only drop surrounding whitespace."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and _char_class(text[start]) == "space":
        start += 1
    while end > start and _char_class(text[end - 1]) == "space":
        end -= 1
    return (start, end) if start < end else None
