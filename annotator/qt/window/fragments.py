"""Discontinuous spans: adding and removing fragments of the selected span.

Ctrl+Shift+G: with a span selected, select more text (Shift+arrows, the mouse, or
Ctrl+F) and the text becomes another piece of that span. Selecting text clears the
span selection (spans.SpanEditing.selection_changed), so the span it was is kept here
as the *target*, framed dashed in the article while text is selected, until another
span is selected, the selection is given up (it collapses), Esc, or another document.

Ctrl+Shift+Delete: the piece of the selected span at the caret goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core.editing import edits
from annotator.core.model import Span
from annotator.core.model.text import merge_fragments, snap_to_tokens, trim_whitespace
from annotator.qt.translations import fill

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow

MESSAGE_MS = 6000


class Fragments(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._target: int | None = None  # span id the next fragment goes to
        self._had_selection = False
        controller = window.controller
        # Connected before the window's own handlers (spans.SpanEditing): a text
        # selection is seen here while the span it started from is still selected.
        controller.selectedSpanChanged.connect(self._span_selected)
        controller.documentOpened.connect(lambda _id: self.forget())
        window.article.selectionChangedOffsets.connect(self._selection_changed)

    # -- the target span ---------------------------------------------------------------
    def target(self) -> Span | None:
        """The span the selected text would join: the selected one, or the one it was."""
        controller = self.window.controller
        return controller.selected_span() or controller.span(self._target)

    def forget(self) -> None:
        self._target = None
        self._had_selection = False
        self.window.article.set_fragment_target(None)

    def _span_selected(self, span_id: int | None) -> None:
        # None (text selected, Ctrl+F, an undo) keeps the target: the text selected
        # next is still for it, and shown so by the dashed frame.
        if span_id is not None:
            self._target = span_id
            self._had_selection = False
            self.window.article.set_fragment_target(None)  # framed as the selection

    def _selection_changed(self, start: int, end: int) -> None:
        if self._target is None:
            return
        if start < end:
            self._had_selection = True
            self.window.article.set_fragment_target(self.window.controller.span(self._target))
        elif self._had_selection:
            self.forget()  # the selection was given up (a click elsewhere, an arrow key)

    # -- the keys ------------------------------------------------------------------------
    def add_fragment(self) -> None:
        """Ctrl+Shift+G: the selected text becomes another piece of the target span."""
        w = self.window
        controller = w.controller
        document = controller.document
        span = self.target()
        start, end = w.article.selection()
        if document is None or span is None:
            self._say(
                self.tr(
                    "Select a span first (Tab to it or click it), then select the text "
                    "to add and press Ctrl+Shift+G"
                )
            )
            return
        if start == end:
            self._say(
                fill(
                    self.tr(
                        "Select the text to add to %1 (Shift+arrows or the mouse), "
                        "then press Ctrl+Shift+G"
                    ),
                    span.uid,
                )
            )
            return
        text = document.text
        bounds = (
            snap_to_tokens(text, start, end)
            if controller.snap
            else trim_whitespace(text, start, end)
        )
        if bounds is None:
            self._say(self.tr("Select some text first (not only spaces)"))
            return
        merged = merge_fragments([*span.pieces, bounds])
        if merged == span.pieces:
            self._say(fill(self.tr("%1 already covers that text"), span.uid))
            return
        if not controller.apply(edits.AddFragment(span.id, *bounds)):
            return
        self._reselect(span.id)
        if len(merged) == 1:
            self._say(fill(self.tr("%1 is one piece again"), span.uid))
        else:
            self._say(fill(self.tr("%1 now has %2 pieces"), span.uid, str(len(merged))))

    def remove_fragment(self) -> None:
        """Ctrl+Shift+Delete: take the piece at the caret out of the selected span."""
        w = self.window
        span = w.controller.selected_span()
        if span is None:
            self._say(
                self.tr("Select a discontinuous span first (Tab to it), then Ctrl+Shift+Delete")
            )
            return
        if not span.fragments:
            self._say(fill(self.tr("%1 is in one piece: Delete removes the whole span"), span.uid))
            return
        index = _piece_at(span.fragments, w.article.caret())
        if index is None:
            self._say(
                fill(
                    self.tr("The caret is not in a piece of %1: move it into the piece to remove"),
                    span.uid,
                )
            )
            return
        if not w.controller.apply(edits.RemoveFragment(span.id, index)):
            return
        self._reselect(span.id)
        left = len(span.fragments) - 1
        if left == 1:
            self._say(
                fill(self.tr("Removed piece %1: %2 is one piece again"), str(index + 1), span.uid)
            )
        else:
            self._say(
                fill(
                    self.tr("Removed piece %1: %2 has %3 pieces"),
                    str(index + 1),
                    span.uid,
                    str(left),
                )
            )

    def _reselect(self, span_id: int) -> None:
        """Show the changed span selected (the whole of it), ready for another piece."""
        self.window.controller.select_span(span_id)
        self.window.article.setFocus()

    def _say(self, message: str) -> None:
        self.window.statusBar().showMessage(message, MESSAGE_MS)


def _piece_at(pieces: tuple[tuple[int, int], ...], offset: int) -> int | None:
    """The piece holding ``offset``, or ending just before it (the caret after a word)."""
    for index, (start, end) in enumerate(pieces):
        if start <= offset < end:
            return index
    for index, (_start, end) in enumerate(pieces):
        if offset == end:
            return index
    return None
