"""The article: read-only text with spans drawn in their label colours.

Drawing (PERFORMANCE.md): a QSyntaxHighlighter gives each segment the background
of its innermost span, computed per block from a block -> spans index, so adding a
span re-highlights only the blocks it touches. Spans that overlap or nest also get
a coloured bar under the text, one level per layer, painted for visible blocks
only, so nested and crossing spans stay visible. The selected span gets a frame.

A discontinuous span is placed piece by piece (its gaps stay uncoloured) and a dotted
line under each gap joins its pieces. Spans in a coreference chain get a dotted
underline in the chain's colour; while one is selected, its chain mates are tinted.
A span (or event trigger) carrying attributes, links or notes gets a small corner mark
at its end, in the contrast colour of its label, and its tooltip lists what it carries.

Suggestions (proposed spans and triggers, not annotations) get a dashed outline in
their label's colour and no fill, painted for visible blocks only; the one Tab selected
gets a solid frame. Setting them repaints only the blocks whose suggestions changed.

Another annotator's layer, when compared (read-only: never selected, never edited),
gets a bracket over the text of each of its spans in their label's colour: solid and
bold where your layer has no span with the same extent and label, thin and dotted where
it has. Painted for visible blocks only, like suggestions.

Positions go through :class:`~annotator.qt.offsets.DisplayText`; the widget's text
is never read back.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import pairwise

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
)
from PySide6.QtGui import Qt as GuiQt  # the namespace that has convertFromPlainText
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.core.assist.suggestions import Suggestion
from annotator.core.model import Span
from annotator.core.services import colors
from annotator.qt.offsets import DisplayText
from annotator.qt.translations import fill
from annotator.qt.widgets.span_highlighter import Placed, SpanHighlighter, text_color_for

BAR_HEIGHT = 2
BAR_GAP = 1
MARK_SIZE = 6.0  # the corner mark of a span with attributes, links or notes (px)
# Coreference chains: one colour each, from the chain's number (*1, *2...). Dark and
# saturated, to show as a thin line on light label colours and on the page.
CHAIN_COLORS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#8C6D00",
    "#56B4E9",
    "#882255",
    "#117733",
)


_DOT_PENS: dict[int, QPen] = {}
SUGGESTION_DASHES = [3.0, 2.0]  # the outline of a suggestion, in pen widths
SUGGESTION_PEN = 1.5
SUGGESTION_SELECTED_PEN = 2.5
COMPARED_PEN = 2.5  # the bracket over a compared span your layer does not have
COMPARED_TICK = 5.0  # its ends, down towards the text (px)


def chain_color(uid: str, position: int) -> QColor:
    """A chain's colour: by the number in its uid ("*3"), else its position."""
    digits = uid.lstrip("*")
    number = int(digits) - 1 if digits.isdigit() and int(digits) > 0 else position
    return QColor(CHAIN_COLORS[number % len(CHAIN_COLORS)])


def _x(result: object) -> float:
    """QTextLine.cursorToX returns (x, position) in PySide6."""
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[arg-type]


# Blocks highlighted around the first visible one: behind it, and ahead (a screen of
# short paragraphs is a few dozen blocks; long ones are split every ~1,500 characters).
HIGHLIGHT_BEHIND = 20
HIGHLIGHT_AHEAD = 80


class ArticleView(QPlainTextEdit):
    """Shows one document; emits selections as code-point offsets."""

    selectionChangedOffsets = Signal(int, int)  # noqa: N815 (Qt signal naming)
    spanClicked = Signal(int)  # noqa: N815 - a click (no drag) at this code-point offset

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self.setCursorWidth(2)
        self.setTabChangesFocus(False)
        font = QFont(self.font())
        font.setPointSizeF(max(11.0, font.pointSizeF()))
        self.setFont(font)
        self._text = DisplayText("")
        self._placed: dict[int, Placed] = {}  # span id -> placed (its first piece)
        self._fragmented: dict[int, Placed] = {}  # the discontinuous ones among them
        self._by_block: dict[int, list[Placed]] = {}
        # Spans not placed yet, in text order: placed as blocks are asked for, all of
        # them once the first paint is done (placing 25,000 spans costs ~30 ms).
        self._unplaced: Sequence[Span] = ()
        self._next_unplaced = 0
        self._levels: dict[int, dict[Placed, int]] = {}  # block -> span (piece) -> bar level
        self._block_starts: list[int] = [0]
        self._colors: dict[str, QColor] = {}
        self._outlines: dict[str, QColor] = {}  # nesting-bar colour per label
        self._selected_span: int | None = None
        # The span the next fragment goes to, framed dashed while text is selected
        # for it (the selection has cleared the span selection).
        self._fragment_target: int | None = None
        # Coreference: span id -> (chain uid, chain colour); the selected span's mates.
        self._chain_marks: dict[int, tuple[str, QColor]] = {}
        self._mates: frozenset[int] = frozenset()
        # span id -> tooltip lines of what it (or the event it triggers) carries
        self._attached: dict[int, list[str]] = {}
        self._mark_colors: dict[str, QColor] = {}  # corner-mark colour per label
        # spans tagged with a caption: an event's arguments ("Artifact"), a relation's
        # other end ("→ PHYS:Located"), the candidate being picked ("Origin?")
        self._tags: list[tuple[Span, str, bool]] = []  # span, caption, is the candidate
        # Suggestions: key -> (Qt start, Qt end, suggestion), by block, and the selected one
        self._suggestions: dict[tuple[int, int, str], tuple[int, int, Suggestion]] = {}
        self._suggestions_by_block: dict[int, list[tuple[int, int, Suggestion]]] = {}
        self._selected_suggestion: tuple[int, int, str] | None = None
        self._suggestion_pens: dict[tuple[str, bool], QPen] = {}
        # The compared layer (another annotator's): (Qt start, Qt end, span) per block
        self._compared_by_block: dict[int, list[tuple[int, int, Span]]] = {}
        self._compared_name = ""
        # Only blocks near the viewport are highlighted; the others wait in _pending
        # (a 1 MB article has thousands of blocks: colouring them all costs ~200 ms).
        self._wanted = range(0, HIGHLIGHT_AHEAD)
        self._pending: set[int] = set()
        self._highlighter = SpanHighlighter(self.document(), self)
        # QPlainTextDocumentLayout asks for a repaint of the whole viewport on any change
        # to a block, even a colour-only one ("optimization potential" in Qt's source).
        # Re-colouring blocks for a key press repaints just those blocks instead; every
        # other change still repaints everything, as before.
        self._recolouring = False
        layout = self.document().documentLayout()
        layout.update.disconnect()
        layout.update.connect(self._layout_wants_update)
        self._after_paint: list[Callable[[], object]] = []
        self.selectionChanged.connect(self._emit_selection)
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._reveal())

    # -- content ---------------------------------------------------------------
    def set_colors(self, colors: Mapping[str, str]) -> None:
        self._colors = {label: QColor(color) for label, color in colors.items()}
        self._outlines = {}
        self._suggestion_pens = {}
        self._mark_colors = {}
        self._highlighter.set_colors(self._colors)
        self._highlighter.rehighlight()

    def set_document(self, text: str, spans: Sequence[Span]) -> None:
        """Show a new document (the caret goes to its start)."""
        self._text = DisplayText(text)
        self._selected_span = None
        self._fragment_target = None
        self._mates = frozenset()
        self._suggestions = {}
        self._suggestions_by_block = {}
        self._selected_suggestion = None
        self._compared_by_block = {}
        # Keep the highlighter from running while the text is replaced.
        self._highlighter.setDocument(None)
        self.setPlainText(self._text.display)
        self._index_blocks()
        self._index_spans(spans)
        self._wanted = range(0, HIGHLIGHT_AHEAD)
        self._pending = set()
        self._highlighter.setDocument(self.document())
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.viewport().update()

    def set_spans(self, spans: Sequence[Span]) -> None:
        """Replace every span of the shown document."""
        self._index_spans(spans)
        self._highlighter.rehighlight()
        self.viewport().update()

    def patch_spans(self, removed: Sequence[Span], added: Sequence[Span]) -> None:
        """Apply a few span changes, re-highlighting only the blocks they touch."""
        self._place_all()  # by id below
        dirty: set[int] = set()
        # the dotted joins of a discontinuous span cross blocks it has no piece in
        joins = any(span.fragments for span in (*removed, *added))
        for span in removed:
            placed = self._placed.pop(span.id, None)
            if placed is None:
                continue
            joins = joins or bool(self._fragmented.pop(span.id, None))
            for piece in placed.pieces:
                for number in self._blocks_of(piece.start, piece.end):
                    items = self._by_block.get(number, [])
                    if piece in items:
                        items.remove(piece)
                    dirty.add(number)
        for span in added:
            for piece in self._place_one(span).pieces:
                dirty.update(self._blocks_of(piece.start, piece.end))
        document = self.document()
        heights = self._block_heights(dirty)
        self._recolouring = True
        try:
            for number in sorted(dirty):
                self._levels.pop(number, None)
                block = document.findBlockByNumber(number)
                if block.isValid():
                    self._highlighter.rehighlightBlock(block)
        finally:
            self._recolouring = False
        if self._block_heights(dirty) == heights and not joins:
            self._update_blocks(dirty)
        else:  # a block changed height: everything below it moved
            self.viewport().update()

    def _layout_wants_update(self, _rect: object = None) -> None:
        if not self._recolouring:
            self.viewport().update()

    def _block_heights(self, numbers: Iterable[int]) -> list[float]:
        document = self.document()
        return [
            self.blockBoundingRect(document.findBlockByNumber(number)).height()
            for number in sorted(numbers)
        ]

    def _update_blocks(self, numbers: Iterable[int]) -> None:
        """Repaint only these blocks.

        A key press changes a block or two; repainting the whole viewport would redraw
        every coloured run on screen (thousands in a dense article).
        """
        viewport = self.viewport()
        height = viewport.height()
        offset = self.contentOffset()
        document = self.document()
        for number in numbers:
            block = document.findBlockByNumber(number)
            if not block.isValid():
                continue
            rect = self.blockBoundingGeometry(block).translated(offset)
            if rect.bottom() < 0 or rect.top() > height:
                continue  # off screen
            viewport.update(rect.toAlignedRect())

    def _span_blocks(self, span_id: int | None) -> list[int] | None:
        """Blocks of a span ([] for no span), None when it is not placed (repaint all)."""
        if span_id is None:
            return []
        placed = self._placed.get(span_id)
        if placed is None:
            return None
        # from the first piece to the last: the joins over the gaps repaint too
        return list(self._blocks_of(placed.start, placed.pieces[-1].end))

    def _index_blocks(self) -> None:
        starts = []
        block = self.document().begin()
        while block.isValid():
            starts.append(block.position())
            block = block.next()
        self._block_starts = starts or [0]

    def _blocks_of(self, start: int, end: int) -> range:
        first = bisect_right(self._block_starts, start) - 1
        last = bisect_right(self._block_starts, max(start, end - 1)) - 1
        return range(max(first, 0), last + 1)

    def _index_spans(self, spans: Sequence[Span]) -> None:
        """Index the spans by block: those of the first screens now, the rest later."""
        self._levels = {}
        self._placed = {}
        self._fragmented = {}
        self._by_block = {}
        ordered = all(a.start <= b.start for a, b in pairwise(spans))
        self._unplaced = spans if ordered else sorted(spans, key=lambda span: span.start)
        self._next_unplaced = 0
        self._place_before(HIGHLIGHT_AHEAD + 1)
        if self._next_unplaced < len(self._unplaced):
            self.after_next_paint(self._place_all_soon)

    def _place_all(self) -> None:
        self._place_before(len(self._block_starts))

    def _place_all_soon(self) -> None:
        QTimer.singleShot(0, self._place_all)

    def _place_before(self, number: int) -> None:
        """Place every span that starts before block ``number`` (_place_one inlined)."""
        spans, index = self._unplaced, self._next_unplaced
        if index >= len(spans):
            return
        block_starts = self._block_starts
        limit = block_starts[number] if number < len(block_starts) else None
        placed_by_id, by_block = self._placed, self._by_block
        to_qt = self._text.to_qt
        while index < len(spans):
            span = spans[index]
            start = to_qt(span.start)
            if limit is not None and start >= limit:
                break
            if span.fragments:  # rare: the general way, piece by piece
                self._place_one(span)
                index += 1
                continue
            end = to_qt(span.end)
            placed = Placed(span, start, end)
            placed_by_id[span.id] = placed
            first = bisect_right(block_starts, start) - 1
            last = bisect_right(block_starts, max(start, end - 1)) - 1
            for block in range(max(first, 0), last + 1):
                items = by_block.get(block)
                if items is None:
                    by_block[block] = [placed]
                else:
                    items.append(placed)
                self._levels.pop(block, None)
            index += 1
        self._next_unplaced = index
        if index >= len(spans):
            self._unplaced = ()
            self._next_unplaced = 0

    def _place_one(self, span: Span) -> Placed:
        """Place a span; a discontinuous one piece by piece (returns the first piece)."""
        to_qt = self._text.to_qt
        pieces = [Placed(span, to_qt(start), to_qt(end)) for start, end in span.pieces]
        placed = pieces[0]
        if len(pieces) > 1:
            placed.rest = tuple(pieces[1:])
            self._fragmented[span.id] = placed
        self._placed[span.id] = placed
        for piece in pieces:
            for number in self._blocks_of(piece.start, piece.end):
                self._by_block.setdefault(number, []).append(piece)
                self._levels.pop(number, None)
        return placed

    def wants_highlight(self, number: int) -> bool:
        if number in self._wanted:
            self._pending.discard(number)
            return True
        self._pending.add(number)
        return False

    def _reveal(self) -> None:
        """Highlight the pending blocks that scrolled near the viewport, before painting."""
        first = self.firstVisibleBlock().blockNumber()
        self._wanted = range(max(0, first - HIGHLIGHT_BEHIND), first + HIGHLIGHT_AHEAD)
        due = sorted(number for number in self._pending if number in self._wanted)
        if not due:
            return
        document = self.document()
        for number in due:
            block = document.findBlockByNumber(number)
            if block.isValid():
                self._highlighter.rehighlightBlock(block)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.PaletteChange:
            self._suggestion_pens = {}  # readable on the new page colour
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._reveal()

    def spans_in_block(self, number: int) -> list[Placed]:
        if self._unplaced:
            self._place_before(number + 1)
        return self._by_block.get(number, [])

    def _block_levels(self, number: int) -> dict[Placed, int]:
        """Bar level of each span in a block that overlaps another one (0 = no bar).

        Levels are computed per block, from the few spans in it, so a change never
        costs more than the blocks it touches.
        """
        levels = self._levels.get(number)
        if levels is not None:
            return levels
        items = sorted(self.spans_in_block(number), key=lambda p: (p.start, -p.end))
        levels = {}
        level_ends: list[int] = []
        max_end = -1
        for index, item in enumerate(items):
            overlaps = item.start < max_end or (
                index + 1 < len(items) and items[index + 1].start < item.end
            )
            max_end = max(max_end, item.end)
            if not overlaps:
                continue
            for level, end in enumerate(level_ends):
                if end <= item.start:
                    level_ends[level] = item.end
                    levels[item] = level + 1
                    break
            else:
                level_ends.append(item.end)
                levels[item] = len(level_ends)
        self._levels[number] = levels
        return levels

    # -- selection ---------------------------------------------------------------
    def selection(self) -> tuple[int, int]:
        """The selection (or caret) as code-point offsets, start <= end."""
        cursor = self.textCursor()
        start = self._text.from_qt(cursor.selectionStart())
        end = self._text.from_qt(cursor.selectionEnd())
        return start, end

    def caret(self) -> int:
        """The caret's code-point offset (the moving end of a selection)."""
        return self._text.from_qt(self.textCursor().position())

    def select(self, start: int, end: int, *, center: bool = True) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self._text.to_qt(start))
        cursor.setPosition(self._text.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if center:
            self.centerCursor()

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def set_selected_span(self, span: Span | None) -> None:
        """Mark a span as selected: caret at its start, shown framed, scrolled into view.

        In a discontinuous span the caret stays in the piece it is in (a click on the
        second piece leaves it there: Ctrl+Shift+Delete removes the piece at the caret).
        """
        previous = self._span_blocks(self._selected_span)
        self._selected_span = None if span is None else span.id
        if span is not None and span.id == self._fragment_target:
            self._fragment_target = None  # framed as the selection now
        scrolled = False
        if span is not None:
            cursor = self.textCursor()
            caret = self._text.from_qt(cursor.position())
            if span.fragments and any(start <= caret <= end for start, end in span.fragments):
                cursor.clearSelection()
            else:
                cursor.setPosition(self._text.to_qt(span.start))
            blocked = self.blockSignals(True)  # not a user selection change
            self.setTextCursor(cursor)
            self.blockSignals(blocked)
            if not self.viewport().rect().contains(self.cursorRect()):
                self.centerCursor()  # scroll only to show a span out of view
                scrolled = True
        current = self._span_blocks(self._selected_span)
        if scrolled or previous is None or current is None:
            self.viewport().update()
        else:
            self._update_blocks([*previous, *current])

    def set_tags(
        self,
        tags: Sequence[tuple[Span, str]],
        candidate: Span | None = None,
        candidate_caption: str = "",
    ) -> None:
        """Captions drawn above spans; the candidate (while picking) gets a dashed frame."""
        old = self._tags
        self._tags = [(span, caption, False) for span, caption in tags]
        if candidate is not None:
            self._tags.append((candidate, candidate_caption, True))
            self._scroll_to(candidate.start)
        if self._tags == old:
            return  # selecting a span with no relations: nothing to redraw
        self.viewport().update()

    def _scroll_to(self, offset: int) -> None:
        """Bring an offset into view without touching the user's selection signals."""
        saved = self.textCursor()
        cursor = QTextCursor(saved)
        cursor.setPosition(self._text.to_qt(offset))
        blocked = self.blockSignals(True)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setTextCursor(saved)
        self.blockSignals(blocked)

    def offset_at(self, point: QPoint) -> int:
        return self._text.from_qt(self.cursorForPosition(point).position())

    def spans_at(self, offset: int) -> list[Span]:
        """Spans with a piece at ``offset`` (a discontinuous span's gap is not in it)."""
        position = self._text.to_qt(offset)
        (number,) = self._blocks_of(position, position + 1)
        return [p.span for p in self.spans_in_block(number) if p.start <= position < p.end]

    def set_fragment_target(self, span: Span | None) -> None:
        """Frame (dashed) the span that Ctrl+Shift+G would add the selected text to."""
        span_id = None if span is None else span.id
        if span_id == self._fragment_target:
            return
        previous = self._span_blocks(self._fragment_target)
        self._fragment_target = span_id
        current = self._span_blocks(span_id)
        if previous is None or current is None:
            self.viewport().update()
        else:
            self._update_blocks([*previous, *current])

    def set_chains(self, chains: Sequence[tuple[str, Sequence[int]]]) -> None:
        """Coreference chains, as (uid, member span ids): their mentions get underlined."""
        marks: dict[int, tuple[str, QColor]] = {}
        for position, (uid, members) in enumerate(chains):
            color = chain_color(uid, position)
            for span_id in members:
                marks.setdefault(span_id, (uid, color))
        if marks == self._chain_marks:
            return
        self._chain_marks = marks
        self.viewport().update()

    def set_attached(self, lines: Mapping[int, Sequence[str]]) -> None:
        """Spans that carry attributes, links or notes, with their tooltip lines.

        Only the spans that gain or lose their mark are repainted.
        """
        attached = {span_id: list(found) for span_id, found in lines.items()}
        if attached == self._attached:
            return
        changed = attached.keys() ^ self._attached.keys()
        self._attached = attached
        if not changed:
            return  # only the tooltips changed: nothing to redraw
        blocks: list[int] = []
        for span_id in changed:
            found = self._span_blocks(span_id)
            if found is None or len(blocks) > 200:  # not placed yet, or a new document
                self.viewport().update()
                return
            blocks.extend(found)
        self._update_blocks(set(blocks))

    def attached_lines(self, span_id: int) -> list[str]:
        """What a span carries, as its tooltip lists it ([] for nothing)."""
        return self._attached.get(span_id, [])

    def chain_mark(self, span_id: int) -> tuple[str, QColor] | None:
        """The (uid, colour) of the chain a span is in, as drawn."""
        return self._chain_marks.get(span_id)

    def set_mates(self, span_ids: Iterable[int]) -> None:
        """The selected span's chain mates: tinted lightly in the chain's colour."""
        mates = frozenset(span_ids)
        if mates == self._mates:
            return
        changed = mates ^ self._mates
        self._mates = mates
        blocks: list[int] = []
        for span_id in changed:
            found = self._span_blocks(span_id)
            if found is None:
                self.viewport().update()
                return
            blocks.extend(found)
        self._update_blocks(blocks)

    def set_suggestions(self, suggestions: Sequence[Suggestion]) -> None:
        """The open document's suggestions; only blocks whose suggestions change repaint."""
        to_qt = self._text.to_qt
        wanted = {s.key: s for s in suggestions}
        old = self._suggestions
        changed = [
            placed for key, placed in old.items() if key not in wanted or wanted[key] != placed[2]
        ]
        fresh: dict[tuple[int, int, str], tuple[int, int, Suggestion]] = {}
        for key, suggestion in wanted.items():
            known = old.get(key)
            if known is not None and known[2] == suggestion:
                fresh[key] = known
            else:
                fresh[key] = placed = (to_qt(suggestion.start), to_qt(suggestion.end), suggestion)
                changed.append(placed)
        if not changed:
            return
        self._suggestions = fresh
        by_block: dict[int, list[tuple[int, int, Suggestion]]] = {}
        for placed in fresh.values():
            for number in self._blocks_of(placed[0], placed[1]):
                by_block.setdefault(number, []).append(placed)
        self._suggestions_by_block = by_block
        if self._selected_suggestion is not None and self._selected_suggestion not in fresh:
            self._selected_suggestion = None
        if len(changed) > 200:
            self.viewport().update()
            return
        dirty: set[int] = set()
        for start, end, _suggestion in changed:
            dirty.update(self._blocks_of(start, end))
        self._update_blocks(dirty)

    def suggestions(self) -> list[Suggestion]:
        """The suggestions drawn, in text order."""
        return sorted(
            (placed[2] for placed in self._suggestions.values()),
            key=lambda s: (s.start, s.end, s.label),
        )

    def set_selected_suggestion(self, suggestion: Suggestion | None) -> None:
        """Frame a suggestion (solid) and put the caret at its start, scrolled into view."""
        key = None if suggestion is None else suggestion.key
        previous = self._suggestions.get(self._selected_suggestion or (-1, -1, ""))
        self._selected_suggestion = key
        if suggestion is not None:
            cursor = self.textCursor()
            cursor.setPosition(self._text.to_qt(suggestion.start))
            blocked = self.blockSignals(True)  # not a user selection change
            self.setTextCursor(cursor)
            self.blockSignals(blocked)
            if not self.viewport().rect().contains(self.cursorRect()):
                self.centerCursor()
                self.viewport().update()
                return
        dirty: set[int] = set()
        for placed in (previous, self._suggestions.get(key or (-1, -1, ""))):
            if placed is not None:
                dirty.update(self._blocks_of(placed[0], placed[1]))
        self._update_blocks(dirty)

    def set_compared(self, name: str, spans: Sequence[Span]) -> None:
        """Another annotator's spans, drawn read-only over the text (none: nothing drawn)."""
        to_qt = self._text.to_qt
        by_block: dict[int, list[tuple[int, int, Span]]] = {}
        for span in spans:
            for start, end in span.pieces:
                placed = (to_qt(start), to_qt(end), span)
                for number in self._blocks_of(placed[0], placed[1]):
                    by_block.setdefault(number, []).append(placed)
        if by_block == self._compared_by_block and name == self._compared_name:
            return
        self._compared_by_block = by_block
        self._compared_name = name
        self.viewport().update()

    def compared_at(self, offset: int) -> list[Span]:
        """The compared layer's spans over the character at ``offset`` (or ending there)."""
        if not self._compared_by_block:
            return []
        position = self._text.to_qt(offset)
        (number,) = self._blocks_of(position, position + 1)
        found: list[Span] = []
        for start, end, span in self._compared_by_block.get(number, ()):
            if start <= position < end and span not in found:
                found.append(span)
        return found

    def compared(self) -> list[Span]:
        """The compared spans drawn, in text order (each once)."""
        seen: dict[int, Span] = {}
        for items in self._compared_by_block.values():
            for _start, _end, span in items:
                seen[span.id] = span
        return sorted(seen.values(), key=lambda span: (span.start, span.end, span.id))

    def selected_suggestion(self) -> tuple[int, int, str] | None:
        return self._selected_suggestion

    def suggestions_at(self, offset: int) -> list[Suggestion]:
        """Suggestions over the character at ``offset`` (code points)."""
        position = self._text.to_qt(offset)
        (number,) = self._blocks_of(position, position + 1)
        return [
            placed[2]
            for placed in self._suggestions_by_block.get(number, ())
            if placed[0] <= position < placed[1]
        ]

    def _emit_selection(self) -> None:
        start, end = self.selection()
        self.selectionChangedOffsets.emit(start, end)

    # -- painting ----------------------------------------------------------------
    def _outline(self, label: str) -> QColor:
        """The nesting-bar colour of a label: one that shows on the label's own colour."""
        found = self._outlines.get(label)
        if found is None:
            background = self._colors.get(label, QColor("#888888")).name()
            found = self._outlines[label] = QColor(colors.outline_for(background))
        return found

    def _mark_color(self, label: str) -> QColor:
        """The corner mark's colour: the text colour on the label's own colour."""
        found = self._mark_colors.get(label)
        if found is None:
            background = self._colors.get(label)
            found = self._mark_colors[label] = (
                text_color_for(background)
                if background is not None
                else self.palette().color(QPalette.ColorRole.Text)
            )
        return found

    def after_next_paint(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the next paint is done (work that can wait for the text)."""
        if callback not in self._after_paint:  # opens while hidden must not pile up
            self._after_paint.append(callback)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        try:
            bottom = event.rect().bottom()
            self._paint_bars(painter, bottom, event.rect().top())
            if self._suggestions_by_block:
                self._paint_suggestions(painter, bottom, event.rect().top())
            if self._compared_by_block:
                self._paint_compared(painter, bottom, event.rect().top())
            if self._tags:
                self._paint_tags(painter, bottom)
        finally:
            painter.end()
        if self._after_paint:
            callbacks, self._after_paint = self._after_paint, []
            for callback in callbacks:
                callback()

    def _line_rects(
        self, start: int, end: int, bottom: int, only: QTextBlock | None = None
    ) -> Iterator[QRectF]:
        """Rectangles covering Qt positions [start, end) on visible lines (of one block)."""
        offset = self.contentOffset()
        block = only if only is not None else self.firstVisibleBlock()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                return
            base = block.position()
            if block.isVisible() and base < end and base + block.length() > start:
                yield from self._block_rects(block, geometry, start, end)
            if only is not None:
                return
            block = block.next()

    @staticmethod
    def _block_rects(block: QTextBlock, geometry: QRectF, start: int, end: int) -> Iterator[QRectF]:
        """Rectangles covering Qt positions [start, end) in one block laid out at ``geometry``."""
        base = block.position()
        layout = block.layout()
        # from the line the range starts on, not the block's first line: a long block
        # has dozens of lines and each span on screen asks for its rects
        found = layout.lineForTextPosition(max(start - base, 0))
        for index in range(found.lineNumber() if found.isValid() else 0, layout.lineCount()):
            line = layout.lineAt(index)
            first = line.textStart()
            if first >= end - base:
                break
            left = max(start - base, first)
            right = min(end - base, first + line.textLength())
            if left >= right:
                continue
            x1 = _x(line.cursorToX(left)) + geometry.left()
            x2 = _x(line.cursorToX(right)) + geometry.left()
            yield QRectF(x1, geometry.top() + line.y(), max(x2 - x1, 1.0), line.height())

    def _paint_bars(self, painter: QPainter, bottom: int, top: int = 0) -> None:
        """Bars under overlapping spans, chain underlines, frames: selected, target, mates."""
        if not self._placed and not self._unplaced:
            return
        offset = self.contentOffset()
        highlight = self.palette().color(QPalette.ColorRole.Highlight)  # follows the theme
        frame = QPen(highlight.darker(120), 2)
        tint = QColor(highlight)
        tint.setAlpha(60)
        marks, mates = self._chain_marks, self._mates
        attached, to_qt = self._attached, self._text.to_qt
        target = self._fragment_target
        backing = self.palette().color(QPalette.ColorRole.Base)  # under chain dots
        backing.setAlpha(220)
        block = self.firstVisibleBlock()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if geometry.bottom() < top:  # above the area being repainted
                block = block.next()
                continue
            number = block.blockNumber()
            items = self.spans_in_block(number)
            if items:
                levels = self._block_levels(number)
                base, length = block.position(), block.length()
                for item in items:
                    span_id = item.span.id
                    level = levels.get(item, 0)
                    selected = span_id == self._selected_span
                    chain = marks.get(span_id) if marks else None
                    # the corner mark goes on the span's end: its last piece, its last line
                    marked = (
                        span_id in attached
                        and item.end <= base + length
                        and (not item.span.fragments or item.end == to_qt(item.span.end))
                    )
                    if (
                        not level
                        and not selected
                        and chain is None
                        and span_id != target
                        and not marked
                    ):
                        continue
                    color = self._outline(item.span.label)  # shows on its own colour
                    start, end = max(item.start, base), min(item.end, base + length)
                    rect = None
                    for rect in self._block_rects(block, geometry, start, end):
                        if level:
                            y = rect.bottom() - level * (BAR_HEIGHT + BAR_GAP) + 1
                            painter.fillRect(
                                QRectF(rect.left(), y, rect.width(), BAR_HEIGHT), color
                            )
                        if chain is not None:
                            self._paint_chain_mark(
                                painter, rect, chain[1], backing, span_id in mates
                            )
                        if selected:
                            # A selected span is not a Qt text selection (which would hide
                            # its colour and the spans nested in it): a tint and a frame.
                            painter.fillRect(rect, tint)
                            painter.setPen(frame)
                            painter.drawRect(rect.adjusted(0, 0, -1, -1))
                        elif span_id == target:
                            painter.setPen(QPen(highlight.darker(120), 2, Qt.PenStyle.DashLine))
                            painter.drawRect(rect.adjusted(0, 0, -1, -1))
                    if marked and rect is not None:
                        self._paint_attached_mark(painter, rect, self._mark_color(item.span.label))
            block = block.next()
        if self._fragmented:
            self._paint_joins(painter, bottom, top, highlight.darker(120))

    def _suggestion_pen(self, label: str, selected: bool) -> QPen:
        """A suggestion's outline: its label's colour, readable on the page; dashed, or
        solid and thicker when selected."""
        pen = self._suggestion_pens.get((label, selected))
        if pen is None:
            page = self.palette().color(QPalette.ColorRole.Base).name()
            color = self._colors.get(label, QColor("#888888")).name()
            pen = QPen(QColor(colors.readable_on(color, page, 3.0)))
            if selected:
                pen.setWidthF(SUGGESTION_SELECTED_PEN)
            else:
                pen.setWidthF(SUGGESTION_PEN)
                pen.setDashPattern(SUGGESTION_DASHES)
            self._suggestion_pens[(label, selected)] = pen
        return pen

    def _paint_suggestions(self, painter: QPainter, bottom: int, top: int) -> None:
        """A dashed outline, no fill, around each suggestion on screen: not an annotation."""
        offset = self.contentOffset()
        by_block, selected = self._suggestions_by_block, self._selected_suggestion
        painter.setBrush(Qt.BrushStyle.NoBrush)
        block = self.firstVisibleBlock()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            items = by_block.get(block.blockNumber())
            if items and geometry.bottom() >= top:
                base, length = block.position(), block.length()
                for start, end, suggestion in items:
                    painter.setPen(
                        self._suggestion_pen(suggestion.label, suggestion.key == selected)
                    )
                    left, right = max(start, base), min(end, base + length)
                    for rect in self._block_rects(block, geometry, left, right):
                        # just around the line: the top edge clear of the letters
                        painter.drawRect(rect.adjusted(-1, -1, 0, 0))
            block = block.next()

    def _paint_compared(self, painter: QPainter, bottom: int, top: int) -> None:
        """A bracket over each compared span on screen: bold where your layer differs."""
        offset = self.contentOffset()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        page = self.palette().color(QPalette.ColorRole.Base).name()
        pens: dict[tuple[str, bool], QPen] = {}
        block = self.firstVisibleBlock()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            number = block.blockNumber()
            items = self._compared_by_block.get(number)
            if items and geometry.bottom() >= top:
                own = {(p.start, p.end, p.span.label) for p in self.spans_in_block(number)}
                base, length = block.position(), block.length()
                for start, end, span in items:
                    same = (start, end, span.label) in own
                    pen = pens.get((span.label, same))
                    if pen is None:
                        if same:  # on your span's colour: the colour that shows on it
                            pen = QPen(self._outline(span.label))
                            pen.setWidthF(1.5)
                            pen.setStyle(Qt.PenStyle.DotLine)
                        else:
                            color = self._colors.get(span.label, QColor("#888888")).name()
                            pen = QPen(QColor(colors.readable_on(color, page, 3.0)))
                            pen.setWidthF(COMPARED_PEN)
                        pens[(span.label, same)] = pen
                    painter.setPen(pen)
                    left, right = max(start, base), min(end, base + length)
                    rects = list(self._block_rects(block, geometry, left, right))
                    for index, rect in enumerate(rects):
                        y = rect.top() + 1
                        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
                        tick = min(COMPARED_TICK, rect.height() / 3)
                        if index == 0 and start >= base:
                            painter.drawLine(
                                QPointF(rect.left(), y), QPointF(rect.left(), y + tick)
                            )
                        if index == len(rects) - 1 and end <= base + length:
                            painter.drawLine(
                                QPointF(rect.right(), y), QPointF(rect.right(), y + tick)
                            )
            block = block.next()

    @staticmethod
    def _paint_chain_mark(
        painter: QPainter, rect: QRectF, color: QColor, backing: QColor, mate: bool
    ) -> None:
        """A dotted line under a mention; a chain mate of the selected span is tinted too."""
        if mate:
            light = QColor(color)
            light.setAlpha(45)
            painter.fillRect(rect, light)
            painter.setPen(QPen(color, 1, Qt.PenStyle.DashLine))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        # dots on a strip of the page's colour: they show on any label colour (a blue
        # chain on a blue label too)
        y = rect.bottom() - 1
        painter.fillRect(QRectF(rect.left(), y - 1, rect.width(), 2), backing)
        pen = _DOT_PENS.get(color.rgba())
        if pen is None:  # one per chain colour: a dense chained article has many mentions
            pen = _DOT_PENS[color.rgba()] = QPen(color, 2, Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))

    @staticmethod
    def _paint_attached_mark(painter: QPainter, rect: QRectF, color: QColor) -> None:
        """A small filled corner, top right of the span's last character: it carries more.

        Apart from the bars and chain dots (under the text) and frames (around it).
        """
        size = min(MARK_SIZE, rect.height() / 2.5, max(rect.width(), 3.0))
        right, top = rect.right(), rect.top()
        corner = QPainterPath(QPointF(right - size, top))
        corner.lineTo(right, top)
        corner.lineTo(right, top + size)
        corner.closeSubpath()
        painter.fillPath(corner, color)

    def _paint_joins(self, painter: QPainter, bottom: int, top: int, selected: QColor) -> None:
        """A dotted line under each gap of a discontinuous span on screen: one annotation."""
        first = self.firstVisibleBlock()
        if not first.isValid():
            return
        shown_from = first.position()
        shown_to = self.cursorForPosition(QPoint(self.viewport().width(), bottom)).position() + 1
        for placed in self._fragmented.values():
            pieces = placed.pieces
            if placed.start > shown_to or pieces[-1].end < shown_from:
                continue
            is_selected = placed.span.id == self._selected_span
            label_color = self._colors.get(placed.span.label, QColor("#888888"))
            color = selected if is_selected else label_color.darker(115)  # light labels too
            pen = QPen(color, 2 if is_selected else 1.5)
            pen.setStyle(Qt.PenStyle.DashLine if is_selected else Qt.PenStyle.DotLine)
            painter.setPen(pen)
            for left, right in pairwise(pieces):
                for rect in self._line_rects(left.end, right.start, bottom):
                    if rect.bottom() < top:
                        continue
                    y = rect.bottom() - 1
                    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))

    def _paint_tags(self, painter: QPainter, bottom: int) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.7))
        font.setBold(True)
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        to_qt = self._text.to_qt
        for span, caption, is_candidate in self._tags:
            rects = [
                rect
                for start, end in span.pieces
                for rect in self._line_rects(to_qt(start), to_qt(end), bottom)
            ]
            if not rects:
                continue
            color = QColor("#D55E00") if is_candidate else QColor("#0072B2")
            pen = QPen(color, 2, Qt.PenStyle.DashLine if is_candidate else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in rects:
                painter.drawRect(rect.adjusted(-1, -1, 0, 0))
            if caption:
                first = rects[0]
                width = metrics.horizontalAdvance(caption) + 6
                height = metrics.height()
                box = QRectF(first.left(), max(0.0, first.top() - height), width, height)
                painter.fillRect(box, color)
                painter.setPen(text_color_for(color))
                painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), caption)

    # -- mouse and keys ----------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.spanClicked.emit(self.offset_at(event.position().toPoint()))

    def event(self, event: QEvent) -> bool:
        # Let our single-key shortcuts (label keys, Tab, Delete, Escape...) win over the
        # text control, which would otherwise claim them as "shortcut overrides".
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            sequences = [QKeySequence(event.keyCombination())]
            if event.key() == Qt.Key.Key_Backtab:
                sequences.append(QKeySequence("Shift+Tab"))
            for action in self.actions():
                if action.isEnabled() and any(s in action.shortcuts() for s in sequences):
                    event.ignore()
                    return False
        return super().event(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt override)
        return False  # Tab and Shift+Tab move between spans, not out of the article

    # -- hover -------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseMoveEvent(event)
        if event.buttons():
            return
        offset = self.offset_at(event.position().toPoint())
        spans = self.spans_at(offset)
        proposed = self.suggestions_at(offset) if self._suggestions else []
        others = self.compared_at(offset)
        if spans or proposed or others:
            text = self._describe(spans, proposed, others)
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()

    def _describe(
        self,
        spans: Sequence[Span],
        proposed: Sequence[Suggestion] = (),
        others: Sequence[Span] = (),
    ) -> str:
        """The hover text: label, id, offsets (each piece), chain and what each span carries.

        Labels, attribute values and notes are user text: the tip is plain text made
        into markup, so tags in them show as written.
        """
        lines = []
        for span in spans:
            where = " + ".join(f"{start}–{end}" for start, end in span.pieces)
            line = f"{span.label}  ({span.uid}, {where})"
            chain = self._chain_marks.get(span.id)
            if chain is not None:
                line += "  " + self.tr("chain %1").replace("%1", chain[0])
            lines.append(line)
            for found in self._attached.get(span.id, ()):
                # a long note is cut: the details box under the panel has all of it
                lines.append("\u00a0" * 4 + (found if len(found) <= 300 else found[:299] + "…"))
        for suggestion in proposed:
            lines.append(
                fill(
                    self.tr("Suggested %1 (%2, %3)"),
                    suggestion.label,
                    suggestion.source,
                    f"{suggestion.score:.2f}",
                )
            )
        for span in others:
            where = " + ".join(f"{start}–{end}" for start, end in span.pieces)
            lines.append(fill(self.tr("%1 has %2 (%3)"), self._compared_name, span.label, where))
        return GuiQt.convertFromPlainText("\n".join(lines))

    def zoom(self, steps: int) -> None:
        font = QFont(self.font())
        font.setPointSizeF(min(48.0, max(6.0, font.pointSizeF() + steps)))
        self.setFont(font)
