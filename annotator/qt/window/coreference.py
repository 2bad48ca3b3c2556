"""Coreference chains made from the keyboard, and shown in the article.

Ctrl+Shift+C with a span selected picks the other mention like a relation's tail
(Tab / Shift+Tab, Enter, or a click): both join one chain, and chains they were in
merge (attachments.LinkCoreference). Ctrl+Shift+U takes the selected span out of its
chain. Mentions in chains are underlined in their chain's colour; selecting one tints
its chain mates and says "Chain *2: 3 mentions" in the status bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core.editing import attachments
from annotator.core.model import Chain
from annotator.qt.translations import fill

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow

MESSAGE_MS = 6000


class Coreference(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._chain_of: dict[int, Chain] = {}  # span id -> its chain
        self._shown = ""  # the chain message on the status bar, to clear it later
        controller = window.controller
        controller.documentOpened.connect(lambda _id: self.refresh())
        controller.annotationsChanged.connect(self.refresh)
        controller.attachmentsChanged.connect(self.refresh)
        controller.selectedSpanChanged.connect(self.show_chain_of_selection)

    def chain_of(self, span_id: int | None) -> Chain | None:
        return None if span_id is None else self._chain_of.get(span_id)

    def refresh(self) -> None:
        """The open document's chains, drawn under their mentions."""
        chains = self.window.controller.chains
        self._chain_of = {}
        for chain in chains:
            for span_id in chain.members:
                self._chain_of.setdefault(span_id, chain)
        self.window.article.set_chains([(chain.uid, chain.members) for chain in chains])
        self.show_chain_of_selection()

    def show_chain_of_selection(self, _span_id: object = None) -> None:
        """Tint the selected span's chain mates and name its chain in the status bar."""
        w = self.window
        span_id = w.controller.selected_span_id
        chain = self.chain_of(span_id)
        bar = w.statusBar()
        if chain is None:
            w.article.set_mates(())
            if self._shown and bar.currentMessage() == self._shown:
                bar.clearMessage()
            self._shown = ""
            return
        w.article.set_mates(member for member in chain.members if member != span_id)
        count = len(chain.members)
        message = (
            fill(self.tr("Chain %1: 1 mention"), chain.uid)
            if count == 1
            else fill(self.tr("Chain %1: %2 mentions"), chain.uid, str(count))
        )
        self._shown = message
        bar.showMessage(message)  # stays while the span is selected

    # -- the keys ------------------------------------------------------------------------
    def link(self) -> None:
        """Ctrl+Shift+C: pick the other mention; Enter links the two."""
        w = self.window
        span = w.controller.selected_span()
        if span is None:
            self._say(
                self.tr(
                    "Select a span first (Tab to it or click it), then Ctrl+Shift+C "
                    "and Tab to the span it refers to"
                )
            )
            return
        w.picker.start_coreference(span)

    def unlink(self) -> None:
        """Ctrl+Shift+U: the selected span leaves its chain (a chain of one goes)."""
        w = self.window
        span = w.controller.selected_span()
        if span is None:
            self._say(self.tr("Select a span of a chain first (Tab to it), then Ctrl+Shift+U"))
            return
        chain = self.chain_of(span.id)
        if chain is None:
            self._say(fill(self.tr("%1 is in no coreference chain"), span.uid))
            return
        if w.controller.apply(attachments.UnlinkCoreference(span.id)):
            left = len(chain.members) - 1
            if left < 2:
                self._say(
                    fill(self.tr("Took %1 out of chain %2: the chain is gone"), span.uid, chain.uid)
                )
            else:
                self._say(
                    fill(
                        self.tr("Took %1 out of chain %2 (%3 mentions left)"),
                        span.uid,
                        chain.uid,
                        str(left),
                    )
                )

    def _say(self, message: str) -> None:
        self._shown = ""
        self.window.statusBar().showMessage(message, MESSAGE_MS)
