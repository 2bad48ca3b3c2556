"""Adjudicating a document in the window: its disagreements side by side, one key a pick.

Ctrl+Shift+D (Team > Adjudicate) switches the open document to its gold layer: the
project edits the gold (``project.use_layer("gold")``) and the article shows it, so
every usual key edits the gold too. The Adjudication panel lists the places where
the annotators disagree (:func:`~annotator.core.editing.adjudication.units`), one
column per annotator's version and one for the gold's; the current place is selected
in the article.

* Alt+1..Alt+9 take annotator 1..9's version at the current place, Alt+0 nothing;
  the next undecided place becomes current.
* Alt+Down / Alt+Up: the next / previous disagreement.
* Ctrl+Alt+A accepts every place the annotators agree on; Ctrl+Alt+C copies one
  annotator's whole layer to the gold; Ctrl+Alt+Return marks the document adjudicated
  (the document list says so).

Each is one edit on the window's undo stack (Ctrl+Z). Escape (with nothing selected)
or Ctrl+Shift+D again returns to the annotator's own layer; opening another document
keeps adjudicating.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMenu

from annotator.core.editing.adjudication import (
    AcceptAgreed,
    CopyLayer,
    MarkAdjudicated,
    PickVersion,
    Unit,
    disagreements,
    units,
)
from annotator.core.errors import AnnotatorError
from annotator.qt.translations import fill
from annotator.qt.widgets.adjudication_panel import AdjudicationPanel

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow

GOLD = "gold"
REFRESH_MS = 120  # after an edit (or its undo), once the keys pause
MESSAGE_MS = 6000
ACTIONS = (
    *(f"adjudicate.pick_{n}" for n in range(1, 10)),
    "adjudicate.pick_none",
    "adjudicate.next",
    "adjudicate.previous",
    "adjudicate.accept_agreed",
    "adjudicate.copy_layer",
    "adjudicate.done",
)


class Adjudicating(QObject):
    """The adjudication mode: the gold shown and edited, the disagreements listed."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.units: list[Unit] = []  # every place of the open document
        self.shown: list[Unit] = []  # the disagreements, as the panel lists them
        self.annotators: list[str] = []  # the columns, in key order (Alt+1...)
        self.current: int | None = None  # the index of the unit worked on
        self.panel = AdjudicationPanel(window)
        self.dock = window._dock(
            "adjudication",
            self.tr("Adjudication"),
            self.panel,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.dock.hide()
        self._refresh_timer = window.single_shot(REFRESH_MS, self.refresh)
        self.panel.unitChosen.connect(self._unit_chosen)
        self.panel.leaveRequested.connect(window.article.setFocus)
        controller = window.controller
        controller.undo_stack.indexChanged.connect(lambda _index: self._changed_soon())

    # -- the mode --------------------------------------------------------------------------
    def sync_actions(self) -> None:
        """The adjudication keys work only while adjudicating (else they stay free)."""
        for action_id in ACTIONS:
            action = self.window.actions_by_id.get(action_id)
            if action is not None:
                action.setEnabled(self.active)
        toggle = self.window.actions_by_id.get("team.adjudicate")
        if toggle is not None:
            toggle.setCheckable(True)
            toggle.setChecked(self.active)

    def toggle(self) -> None:
        """Ctrl+Shift+D: adjudicate the open document, or go back to your own layer."""
        if self.active:
            self.leave()
        else:
            self.enter()

    def enter(self) -> bool:
        """Show and edit the open document's gold layer, its disagreements in the panel."""
        w = self.window
        document_id = w.controller.document_id
        if w.project.read_only:
            self._say(self.tr("The project is open read-only: the gold cannot be edited"))
            return False
        if document_id is None:
            self._say(self.tr("Open a document to adjudicate first"))
            return False
        if self.active:
            return True
        self.active = True
        w.project.use_layer(GOLD)
        self._layer_switched()
        self.dock.show()
        self.refresh()
        self._go_to_first_open()
        keys = ", ".join(w.keymap.keys("team.adjudicate"))
        self._say(
            fill(
                self.tr("Adjudicating: Alt+1…Alt+9 take a version, Alt+0 nothing; %1 ends"),
                keys or "Escape",
            ),
            10000,
        )
        return True

    def leave(self) -> None:
        """Back to the annotator's own layer."""
        if not self.active:
            return
        w = self.window
        self.active = False
        self._refresh_timer.stop()
        w.project.use_layer(None)
        self.units, self.shown, self.current = [], [], None
        self.dock.hide()
        self._layer_switched()
        w.article.setFocus()
        self._say(fill(self.tr("Back to %1"), w.layers.layer_title()))

    def _layer_switched(self) -> None:
        w = self.window
        self.sync_actions()
        w.layers.layer_changed()
        w.update_status()

    def escape(self) -> None:
        """Escape in the article: clears the selection; with nothing selected, ends
        adjudicating."""
        w = self.window
        start, end = w.article.selection()
        nothing = start == end and w.controller.selected_span_id is None
        w.spans.clear_selection()
        if nothing and self.active:
            self.leave()

    # -- the places ------------------------------------------------------------------------
    def _changed_soon(self) -> None:
        if self.active:
            self._refresh_timer.start()

    def document_opened(self) -> None:
        """Another document is shown (the window calls this after drawing it)."""
        if self.active:
            self.current = None
            self.refresh()
            self._go_to_first_open()

    def refresh(self) -> None:
        """Compare the open document's layers again (after an edit, an undo, a switch)."""
        self._refresh_timer.stop()
        if not self.active:
            return
        w = self.window
        document = w.controller.document
        if document is None:
            self.units, self.shown = [], []
            self.panel.set_units("", [], [], self.tr("No document is open"))
            return
        try:
            found = units(w.project, document.id)
        except AnnotatorError as exc:
            self._say(str(exc))
            found = []
        self.units = found
        try:
            layers = w.project.layers(document.id)
        except AnnotatorError:
            layers = {}
        self.annotators = (
            [v.annotator for v in found[0].versions]
            if found
            else sorted(name for name in layers if name != GOLD)
        )
        previous = self._unit(self.current)
        self.shown = disagreements(found)
        self.current = None
        if previous is not None:  # the same place, compared again
            same = [
                u
                for u in self.shown
                if (u.start, u.end, u.kind) == (previous.start, previous.end, previous.kind)
            ]
            overlapping = [
                u for u in self.shown if u.start < previous.end and previous.start < u.end
            ]
            candidates = same or overlapping
            self.current = candidates[0].index if candidates else None
        self.panel.set_units(document.text, self.annotators, self.shown, self._summary(layers))
        self.panel.select_unit(self.current)

    def _summary(self, layers: dict[str, Any]) -> str:
        w = self.window
        document_id = w.controller.document_id
        if not self.annotators:
            return self.tr("No annotator has a layer in this document: edit the gold by hand")
        open_count = sum(1 for u in self.shown if not u.resolved)
        agreed = [u for u in self.units if u.agreed]
        waiting = sum(1 for u in agreed if not u.gold.pieces)
        done = document_id is not None and document_id in w.project.adjudicated([document_id])
        parts = [
            fill(
                self.tr("%1 disagreements, %2 undecided; %3 agreed places, %4 not in the gold yet"),
                str(len(self.shown)),
                str(open_count),
                str(len(agreed)),
                str(waiting),
            )
        ]
        if waiting:
            keys = ", ".join(w.keymap.keys("adjudicate.accept_agreed"))
            parts.append(fill(self.tr("%1 accepts them"), keys or "–"))
        if len(self.annotators) < 2:
            parts.append(fill(self.tr("only %1 has a layer here"), self.annotators[0]))
        parts.append(self.tr("adjudicated") if done else self.tr("not adjudicated yet"))
        return " · ".join(parts)

    def _unit(self, index: int | None) -> Unit | None:
        if index is None:
            return None
        return next((u for u in self.units if u.index == index), None)

    def current_unit(self) -> Unit | None:
        return self._unit(self.current)

    def _unit_chosen(self, index: int) -> None:
        self.current = index
        self._show_current(focus=False)

    def _show_current(self, focus: bool = True, say: bool = True) -> None:
        unit = self.current_unit()
        w = self.window
        self.panel.select_unit(self.current)
        if unit is None:
            return
        w.controller.select_span(None)
        w.article.select(unit.start, unit.end, center=False)
        w.article.ensureCursorVisible()
        position = next((n for n, u in enumerate(self.shown, 1) if u.index == unit.index), 0)
        if say:
            self._say(
                fill(
                    self.tr("Disagreement %1 of %2: Alt+1…Alt+%3 take a version, Alt+0 nothing"),
                    str(position),
                    str(len(self.shown)),
                    str(min(len(unit.versions), 9)),
                ),
                15000,
            )
        if focus:
            w.article.setFocus()

    def _go_to_first_open(self) -> None:
        first = next((u for u in self.shown if not u.resolved), None)
        if first is None and self.shown:
            first = self.shown[0]
        self.current = first.index if first is not None else None
        if first is not None:
            self._show_current()

    def step(self, forward: bool) -> None:
        """Alt+Down / Alt+Up: the next / previous disagreement (wrapping)."""
        if not self.active:
            return
        if not self.shown:
            self._say(self.tr("No disagreements in this document"))
            return
        indices = [u.index for u in self.shown]
        if self.current in indices:
            position = indices.index(self.current) + (1 if forward else -1)
        else:
            caret = self.window.article.caret()
            after = [i for i, u in enumerate(self.shown) if u.start >= caret]
            position = (after[0] if after else 0) if forward else (after[0] - 1 if after else -1)
        self.current = indices[position % len(indices)]
        self._show_current()

    # -- the edits -------------------------------------------------------------------------
    def pick(self, number: int) -> None:
        """Alt+N: the gold at the current place becomes annotator N's version (0: nothing)."""
        if not self.active:
            return
        w = self.window
        unit = self.current_unit()
        document_id = w.controller.document_id
        if unit is None or document_id is None:
            self._say(self.tr("No place is chosen (Alt+Down goes to the next disagreement)"))
            return
        annotator: str | None = None
        if number:
            if number > len(unit.versions):
                self._say(fill(self.tr("There is no annotator %1 here"), str(number)))
                return
            annotator = unit.versions[number - 1].annotator
            wanted = unit.versions[number - 1].pieces
        else:
            wanted = ()
        if wanted == unit.gold.pieces:
            if annotator is None:
                self._say(self.tr("The gold already has nothing here"))
            else:
                self._say(fill(self.tr("The gold already holds %1's version here"), annotator))
            self._advance(unit)
            return
        if not w.controller.apply(PickVersion(document_id, unit, annotator)):
            return
        self.refresh()
        self._advance(unit)
        left = sum(1 for u in self.shown if not u.resolved)
        if annotator is None:
            self._say(fill(self.tr("Took nothing here; %1 undecided left"), str(left)))
        else:
            self._say(fill(self.tr("Took %1's version; %2 undecided left"), annotator, str(left)))

    def _advance(self, done: Unit) -> None:
        """The next undecided disagreement after ``done`` (else the place itself)."""
        after = [u for u in self.shown if not u.resolved and u.start >= done.end]
        before = [u for u in self.shown if not u.resolved]
        candidates = after or before
        if candidates:
            self.current = candidates[0].index
        self._show_current(say=False)

    def accept_agreed(self) -> None:
        """Ctrl+Alt+A: every agreed place the gold does not have yet goes into it."""
        w = self.window
        document_id = w.controller.document_id
        if not self.active or document_id is None:
            return
        edit = AcceptAgreed(document_id, self.units)
        if not edit.units:
            self._say(self.tr("Nothing agreed is missing from the gold"))
            return
        if w.controller.apply(edit):
            self.refresh()
            self._say(fill(self.tr("Accepted %1 agreed annotations"), str(edit.count)))

    def copy_layer(self) -> None:
        """Ctrl+Alt+C: the gold becomes a copy of one annotator's layer (chosen)."""
        if not self.active:
            return
        if not self.annotators:
            self._say(self.tr("No annotator has a layer in this document"))
            return
        from annotator.qt.dialogs.quick_pick import QuickPick

        w = self.window
        items: list[tuple[str, Any, str]] = [
            (f"{n}  {name}", name, "") for n, name in enumerate(self.annotators, 1)
        ]
        popup = QuickPick(
            self.tr("Copy a layer to the gold"),
            self.tr("The gold of this document becomes a copy of the layer of:"),
            items,
            w,
        )
        popup.setObjectName("copyLayerPick")
        popup.picked.connect(lambda name: self.copy_from(str(name)))
        popup.finished.connect(lambda _result: w.activateWindow())
        self.popup = popup
        popup.open()
        popup.activateWindow()

    def copy_from(self, annotator: str) -> None:
        w = self.window
        document_id = w.controller.document_id
        if not self.active or document_id is None:
            return
        if w.controller.apply(CopyLayer(document_id, annotator)):
            self.refresh()
            self._say(fill(self.tr("The gold is a copy of %1's layer now"), annotator))

    def mark_done(self) -> None:
        """Ctrl+Alt+Return: mark the document adjudicated (again: not adjudicated)."""
        w = self.window
        document_id = w.controller.document_id
        if not self.active or document_id is None:
            return
        done = document_id not in w.project.adjudicated([document_id])
        if not w.controller.apply(MarkAdjudicated(document_id, done)):
            return
        w.document_model.reload()
        w.status_counts_changed()
        w.documents.mark_current_row()
        w.update_status()
        self.refresh()
        if done:
            self._say(self.tr("Marked adjudicated: the gold of this document is final"))
        else:
            self._say(self.tr("No longer marked adjudicated"))

    # -- the menu --------------------------------------------------------------------------
    def fill_menu(self, menu: QMenu) -> None:
        a = self.window.actions_by_id
        menu.addAction(a["team.adjudicate"])
        sub = menu.addMenu(self.tr("Adjudication &keys"))
        for action_id in (
            "adjudicate.next",
            "adjudicate.previous",
            *(f"adjudicate.pick_{n}" for n in range(1, 4)),
            "adjudicate.pick_none",
            "adjudicate.accept_agreed",
            "adjudicate.copy_layer",
            "adjudicate.done",
        ):
            sub.addAction(a[action_id])
        self.sync_actions()

    def _say(self, text: str, timeout: int = MESSAGE_MS) -> None:
        self.window.statusBar().showMessage(text, timeout)
