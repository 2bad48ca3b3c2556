"""Offsets counted in UTF-16 code units: telling them from code points, and converting.

Tools that annotate in a browser count JavaScript string indices, where an emoji
or any other character outside the Basic Multilingual Plane ("astral") is two
units: doccano's web UI does (doccano issue #2290), and so did Label Studio
exports before 2022 (label-studio issue #1347). The project counts code points.
The two readings agree up to a document's first astral character, so only spans
after one tell them apart, by:

* the span's own text, when the file gives it (exact);
* offsets that fit one reading only: an end past the code-point length, or a
  UTF-16 offset inside a surrogate pair (which no real UTF-16 offset is);
* otherwise, which reading puts more spans on word edges.

Detection is per file: one tool wrote the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.core.errors import InputError, OffsetError
from annotator.core.model.text import Utf16Map, check_span, is_token_boundary

CODEPOINTS = "codepoints"
UTF16 = "utf16"


@dataclass(slots=True)
class Offsets:
    """A span's offsets as a file gives them, with its text when the file has it."""

    start: int
    end: int
    text: str | None = None
    where: str = ""  # for messages: "line 3 span 2"


@dataclass(slots=True)
class Verdict:
    unit: str  # CODEPOINTS or UTF16
    differing: int = 0  # spans the two readings place differently
    reason: str = ""  # why UTF16 was chosen, for the warning
    ambiguous: bool = False  # readings differ and nothing told them apart


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def has_astral(text: str) -> bool:
    return not text.isascii() and _ASTRAL.search(text) is not None


def utf16_reading(umap: Utf16Map, start: int, end: int) -> tuple[int, int]:
    """Code-point offsets of a UTF-16 ``[start, end)``; OffsetError says what is wrong."""
    length = umap.utf16_length
    for name, value in (("start", start), ("end", end)):
        if value < 0:
            raise OffsetError(f"{name} {value} is negative")
        if value > length:
            raise OffsetError(f"{name} {value} is past the end of the text ({length} UTF-16 units)")
    return umap.from_utf16(start), umap.from_utf16(end)


def _valid(length: int, start: int, end: int) -> bool:
    return 0 <= start < end <= length


def _on_word_edges(text: str, start: int, end: int) -> bool:
    return (
        not text[start].isspace()
        and not text[end - 1].isspace()
        and is_token_boundary(text, start)
        and is_token_boundary(text, end)
    )


def detect(documents: Iterable[tuple[str, Sequence[Offsets]]], source: str) -> Verdict:
    """Which unit a file's offsets count: code points unless the evidence says UTF-16.

    ``documents`` are (text, spans) pairs with integer offsets. Raises InputError
    when some spans only fit one unit and others only the other.
    """
    differing = 0
    only_cp: list[str] = []
    only_u16: list[str] = []
    words_cp = words_u16 = 0
    exact = False
    for text, spans in documents:
        if not spans or not has_astral(text):
            continue  # both readings are the same
        umap = Utf16Map(text)
        for span in spans:
            fits_cp = _valid(len(text), span.start, span.end)
            start16 = end16 = -1
            try:
                start16, end16 = utf16_reading(umap, span.start, span.end)
                fits_u16 = start16 < end16
            except OffsetError:
                fits_u16 = False
            if fits_cp and fits_u16 and (start16, end16) == (span.start, span.end):
                continue  # before the first astral character
            differing += 1
            if span.text is not None:
                exact = True
                fits_cp = fits_cp and text[span.start : span.end] == span.text
                fits_u16 = fits_u16 and text[start16:end16] == span.text
            if fits_cp and not fits_u16:
                only_cp.append(span.where)
            elif fits_u16 and not fits_cp:
                only_u16.append(span.where)
            elif fits_cp and fits_u16:
                words_cp += _on_word_edges(text, span.start, span.end)
                words_u16 += _on_word_edges(text, start16, end16)
    if only_cp and only_u16:
        raise InputError(
            f"{source}: some offsets only fit UTF-16 units ({only_u16[0]}) and others only "
            f"code points ({only_cp[0]}); choose the unit (--offsets codepoints or utf16)"
        )
    if only_u16:
        how = "their texts match" if exact else "offsets fit the text"
        return Verdict(
            UTF16, differing, f"{how} only when counted in UTF-16 units (e.g. {only_u16[0]})"
        )
    if only_cp:
        return Verdict(CODEPOINTS, differing)
    if words_u16 > words_cp:
        return Verdict(
            UTF16,
            differing,
            f"{words_u16} span(s) fall on word edges counted in UTF-16 units, "
            f"{words_cp} counted in code points",
        )
    return Verdict(CODEPOINTS, differing, ambiguous=differing > 0 and words_u16 == words_cp)


def choose(
    requested: str, documents: Iterable[tuple[str, Sequence[Offsets]]], source: str
) -> Verdict:
    """The unit to read a file with: ``requested`` unless it is ``auto``."""
    if requested in (CODEPOINTS, UTF16):
        return Verdict(requested)
    if requested != "auto":
        raise InputError(f"unknown offset unit {requested!r} (use auto, codepoints or utf16)")
    return detect(documents, source)


def warning(verdict: Verdict, source: str, who: str) -> str | None:
    """What to tell the user about a detected unit, if anything.

    ``who`` says who counts UTF-16 units: "as doccano's web UI counts them".
    """
    if verdict.unit == UTF16 and verdict.reason:
        return (
            f"{source}: read offsets as UTF-16 units ({who}), not code "
            f"points: {verdict.reason}; {verdict.differing} span(s) after emoji or other "
            "characters outside the BMP were converted (--offsets codepoints reads them as "
            "they are)"
        )
    if verdict.ambiguous:
        return (
            f"{source}: cannot tell whether offsets count code points or UTF-16 units "
            f"({verdict.differing} span(s) after emoji or other characters outside the BMP "
            "would differ); read them as code points (--offsets utf16 reads them as UTF-16)"
        )
    return None


class Converter:
    """Reads one document's offsets in a unit as code points; OffsetError refuses a span
    that does not fit the text."""

    def __init__(self, text: str, unit: str) -> None:
        self.text = text
        self._map = Utf16Map(text) if unit == UTF16 and has_astral(text) else None

    def __call__(self, start: int, end: int) -> tuple[int, int]:
        if self._map is not None:
            start, end = utf16_reading(self._map, start, end)
        check_span(self.text, start, end)
        return start, end


def to_utf16(text: str) -> Utf16Map | None:
    """A map for writing UTF-16 offsets, or None where they equal code points."""
    return Utf16Map(text) if has_astral(text) else None
