"""The one place where Qt text positions meet code-point offsets.

The article view never shows the stored text itself but a *display copy* with the
same number of code points, so that every code point keeps its index:

* CRLF becomes space + LF (Qt would fold CRLF into one block separator);
* a lone CR, NEL (U+0085) and other line-ending controls become LF;
* other control characters become visible Control Pictures (U+2400 block);
* U+FEFF becomes U+2060 (Qt drops a leading BOM); noncharacters become U+FFFD;
* inside very long paragraphs an existing space becomes LF every ~1,500 characters,
  because Qt lays out a whole paragraph again on every change (PERFORMANCE.md).

What remains is UTF-16: Qt counts astral characters twice. :class:`DisplayText`
converts with one ``bisect`` per call. Text is never read back from a widget.
"""

from __future__ import annotations

import re

from annotator.core.errors import OffsetError
from annotator.core.model.text import Utf16Map

# Characters that Qt would treat as paragraph breaks or drop.
_TRANSLATE = {
    0x85: "\n",  # NEL
    0x0B: "\n",  # vertical tab
    0x0C: "\n",  # form feed
    0x1C: "\n",
    0x1D: "\n",
    0x1E: "\n",
    0xFEFF: "\u2060",
    # Qt reads a leading U+FFFE as a byte-swapped BOM and garbles the text, and uses
    # U+FDD0/U+FDD1 internally as frame markers: show noncharacters as U+FFFD.
    0xFFFE: "\ufffd",
    0xFFFF: "\ufffd",
    **{code: "\ufffd" for code in range(0xFDD0, 0xFDF0)},
}
for _code in range(0x20):
    if _code not in (0x09, 0x0A, 0x0D) and _code not in _TRANSLATE:
        _TRANSLATE[_code] = chr(0x2400 + _code)
_TRANSLATE[0x7F] = "\u2421"

_LONE_CR = re.compile(r"\r(?!\n)")
_MAX_PARAGRAPH = 1500
# Anything translate() would change: most articles have none, and a regex search for
# them is ~10x faster than translating a megabyte for nothing.
_NEEDS_TRANSLATE = re.compile(
    "[" + "".join(re.escape(chr(code)) for code in sorted(_TRANSLATE)) + "]"
)


def display_copy(text: str, max_paragraph: int = _MAX_PARAGRAPH) -> str:
    """The text Qt shows: same length in code points, same offsets."""
    shown = text
    if "\r" in shown:
        shown = _LONE_CR.sub("\n", shown).replace("\r", " ")
    if _NEEDS_TRANSLATE.search(shown):
        shown = shown.translate(_TRANSLATE)
    if len(shown) <= max_paragraph:
        return shown
    return _break_long_paragraphs(shown, max_paragraph)


def _break_long_paragraphs(text: str, limit: int) -> str:
    # Cut positions first, then one join of slices: a list of a megabyte's characters
    # would cost ~15 ms on its own.
    cuts: list[int] = []
    position = 0
    length = len(text)
    while position < length:
        newline = text.find("\n", position)
        paragraph_end = length if newline == -1 else newline
        run_start = position
        while paragraph_end - run_start > limit:
            # the last space before the limit, or the first after it
            cut = text.rfind(" ", run_start + limit // 2, run_start + limit)
            if cut == -1:
                cut = text.find(" ", run_start + limit, paragraph_end)
            if cut == -1:
                break
            cuts.append(cut)
            run_start = cut + 1
        position = paragraph_end + 1
    if not cuts:
        return text
    pieces = []
    previous = 0
    for cut in cuts:
        pieces.append(text[previous:cut])
        previous = cut + 1  # the space at ``cut`` becomes the line break
    pieces.append(text[previous:])
    return "\n".join(pieces)


class DisplayText:
    """A document's display copy and its position conversions."""

    __slots__ = ("_map", "display", "length")

    def __init__(self, text: str) -> None:
        self.display = display_copy(text)
        self.length = len(text)
        self._map = Utf16Map(self.display)

    def to_qt(self, offset: int) -> int:
        """Qt position (UTF-16 units into the display copy) of a code-point offset."""
        return self._map.to_utf16(offset)

    def from_qt(self, position: int) -> int:
        """Code-point offset of a Qt position; a position inside a surrogate pair moves back."""
        try:
            return self._map.from_utf16(position)
        except OffsetError:
            return self._map.from_utf16(position - 1)
