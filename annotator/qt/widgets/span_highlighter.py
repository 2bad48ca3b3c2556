"""Span colours over the article's text, one block at a time.

Each segment of a block takes the background of the innermost span covering it
(PERFORMANCE.md: a highlighter re-colours only the blocks a change touches). The
view says which blocks are worth colouring now and which spans each one holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.core.model import Span
from annotator.core.services import colors


def text_color_for(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with the background (WCAG, in core)."""
    return QColor(colors.text_color_for(background.name()))


@dataclass(slots=True, eq=False)
class Placed:
    """A span, or one piece of a discontinuous span, in Qt positions (compared by identity).

    Each piece of a discontinuous span is placed on its own, so the gap between pieces
    is not coloured; the first piece holds the others in ``rest``.
    """

    span: Span
    start: int
    end: int
    rest: tuple[Placed, ...] = ()

    @property
    def pieces(self) -> tuple[Placed, ...]:
        """This span's pieces (call on the first one)."""
        return (self, *self.rest)


class BlockSpans(Protocol):
    """What the highlighter asks the view (:class:`~.article_view.ArticleView`)."""

    def wants_highlight(self, number: int) -> bool: ...

    def spans_in_block(self, number: int) -> list[Placed]: ...


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, view: BlockSpans) -> None:
        super().__init__(document)
        self._view = view
        self._formats: dict[str, QTextCharFormat] = {}

    def set_colors(self, colors: Mapping[str, QColor]) -> None:
        self._formats = {}
        for label, color in colors.items():
            fmt = QTextCharFormat()
            fmt.setBackground(color)
            fmt.setForeground(text_color_for(color))
            self._formats[label] = fmt

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        block = self.currentBlock()
        number = block.blockNumber()
        if not self._view.wants_highlight(number):
            return  # off screen: coloured when it scrolls into view
        placed = self._view.spans_in_block(number)
        if not placed:
            return
        base = block.position()
        length = block.length()
        # A span edge inside a grapheme cluster ("e" + combining acute, a flag, a ZWJ
        # emoji) would split the cluster between two formats, and Qt would shape the
        # accent apart from its letter. Edges move out to the cluster's ends for drawing
        # (the offsets stay as they are); ASCII text has no such clusters.
        layout = block.layout() if not text.isascii() else None
        # Sweep the block's segments; each takes the colour of the innermost (shortest)
        # span (or piece of a discontinuous span) covering it. Spans enter and leave an
        # active list at their edges, so the cost is per edge, not per (segment x span).
        starts: dict[int, list[Placed]] = {}
        ends: dict[int, list[Placed]] = {}
        for p in placed:
            left = max(0, min(length, p.start - base))
            right = max(0, min(length, p.end - base))
            if layout is not None:
                if not layout.isValidCursorPosition(left):
                    left = layout.previousCursorPosition(left)
                if right < len(text) and not layout.isValidCursorPosition(right):
                    right = layout.nextCursorPosition(right)
            if left < right:
                starts.setdefault(left, []).append(p)
                ends.setdefault(right, []).append(p)
        cuts = sorted({0, length, *starts, *ends})
        active: list[Placed] = []
        for left, right in pairwise(cuts):
            for p in ends.get(left, ()):
                active.remove(p)
            active.extend(starts.get(left, ()))
            if not active or left >= right:
                continue
            inner = min(active, key=lambda p: (p.end - p.start, -p.start))
            fmt = self._formats.get(inner.span.label)
            if fmt is not None:
                self.setFormat(left, right - left, fmt)
