"""Keyboard picking for arguments and relations (events issue).

Argument mode: with an event selected, press the argument key; the event type's
roles are listed with numbers; pick one, then Tab / Shift+Tab cycle the candidate
spans nearest the trigger (allowed filler types first), Enter confirms, a click on
a span works too, Escape cancels. Relations work the same way: pick a type, then the
tail. Coreference goes straight to the other mention (same label first, the nearest
antecedent first, the selected span's chain mates left out). While picking, the
article's keys belong to the picker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QInputDialog

from annotator.core.editing import attachments, edits
from annotator.core.model import Annotations, Argument, Event, Label, Span
from annotator.core.model.candidates import Candidate, argument_candidates, relation_candidates
from annotator.qt.controller import Controller
from annotator.qt.translations import fill, rich_plain
from annotator.qt.widgets.article_view import ArticleView
from annotator.qt.widgets.pick_bar import PickBar


@dataclass
class _State:
    kind: str  # "argument", "relation", "rerole" or "coref"
    prompt: str
    names: list[str]  # what the options stand for: role names or relation type names
    options: list[tuple[str, str]]  # (key shown, text shown)
    current: int = 0
    choice: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    index: int = 0
    event: Event | None = None
    head: Span | None = None
    argument: Argument | None = None


class Picker(QObject):
    finished = Signal()

    def __init__(self, controller: Controller, article: ArticleView, bar: PickBar) -> None:
        super().__init__(article)
        self._controller = controller
        self._article = article
        self._bar = bar
        self._state: _State | None = None

    @property
    def active(self) -> bool:
        return self._state is not None

    # -- starting ----------------------------------------------------------------------
    def start_argument(self, event: Event) -> bool:
        label = self._controller.project.schema.get(event.type)
        names = [role.name for role in label.roles] if label is not None else []
        if not names:
            typed, ok = QInputDialog.getText(
                self._article,
                self.tr("Argument role"),
                # the dialog's label guesses rich text: the type's name is shown as typed
                rich_plain(self.tr("%1 declares no roles. Role name:").replace("%1", event.type)),
            )
            if not ok or not typed.strip():
                return False
            state = _State("argument", "", [], [], event=event, choice=typed.strip())
            return self._begin_target(state)
        counts = {name: 0 for name in names}
        for argument in event.arguments:
            counts[argument.role] = counts.get(argument.role, 0) + 1
        options = []
        for number, role in enumerate(label.roles if label else (), 1):
            fillers = ", ".join(role.fillers) or self.tr("any")
            key = str(number) if number <= 9 else "↵"
            text = f"{role.name} [{fillers}] {counts[role.name]}/{role.cardinality}"
            options.append((key, text))
        prompt = fill(self.tr("Role for %1 %2"), event.uid, event.type)
        return self._begin(_State("argument", prompt, names, options, event=event))

    def start_relation(self, head: Span) -> bool:
        relations = self._controller.project.schema.relations
        if not relations:
            self._controller.message.emit(self.tr("The schema has no relation types"))
            return False
        options = [
            self._relation_option(number, label) for number, label in enumerate(relations, 1)
        ]
        prompt = self.tr("Relation from %1").replace("%1", self._span_text(head))
        state = _State("relation", prompt, [r.name for r in relations], options, head=head)
        return self._begin(state)

    def start_coreference(self, mention: Span) -> bool:
        """Pick the span that ``mention`` refers to: both end up in one chain."""
        prompt = self.tr("Same as %1").replace("%1", self._span_text(mention))
        state = _State("coref", prompt, [], [], head=mention, choice=self.tr("Same as"))
        return self._begin_target(state)

    def start_rerole(self, event: Event, argument: Argument) -> bool:
        label = self._controller.project.schema.get(event.type)
        names = [role.name for role in label.roles] if label is not None else []
        if not names:
            typed, ok = QInputDialog.getText(
                self._article, self.tr("Argument role"), self.tr("New role:"), text=argument.role
            )
            if ok and typed.strip():
                self._controller.apply(edits.SetArgumentRole(argument.id, typed.strip()))
            return False
        options = [(str(n) if n <= 9 else "↵", name) for n, name in enumerate(names, 1)]
        prompt = self.tr("New role for %1").replace("%1", argument.role)
        current = names.index(argument.role) if argument.role in names else 0
        state = _State(
            "rerole", prompt, names, options, current=current, event=event, argument=argument
        )
        return self._begin(state)

    @staticmethod
    def _relation_option(number: int, label: Label) -> tuple[str, str]:
        keys = [str(number)] if number <= 9 else []
        if label.key:
            keys.append(label.key.upper())
        anything = QCoreApplication.translate("Picker", "any")
        heads = ", ".join(label.heads) or anything
        tails = ", ".join(label.tails) or anything
        return "/".join(keys) or "↵", f"{label.name} [{heads} → {tails}]"

    def _begin(self, state: _State) -> bool:
        self._state = state
        self._article.installEventFilter(self)
        self._show()
        return True

    # -- keys --------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if self._state is None or watched is not self._article:
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # while picking, keys are ours, not the window's shortcuts
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            self._key(event)
            return True
        return False

    def _key(self, event: QKeyEvent) -> None:
        state = self._state
        assert state is not None
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.cancel()
            return
        if state.choice is None:
            self._choose_key(state, key, event.text())
            return
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Down, Qt.Key.Key_Right):
            state.index = (state.index + 1) % len(state.candidates)
        elif key in (Qt.Key.Key_Backtab, Qt.Key.Key_Up, Qt.Key.Key_Left):
            state.index = (state.index - 1) % len(state.candidates)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._confirm(state.candidates[state.index])
            return
        self._show()

    def _choose_key(self, state: _State, key: int, text: str) -> None:
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Tab):
            state.current = (state.current + 1) % len(state.names)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Left, Qt.Key.Key_Backtab):
            state.current = (state.current - 1) % len(state.names)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._choose(state, state.names[state.current])
            return
        elif text.isdigit() and 1 <= int(text) <= min(9, len(state.names)):
            self._choose(state, state.names[int(text) - 1])
            return
        elif text and state.kind == "relation":
            for name in state.names:
                label = self._controller.project.schema.get(name)
                if label is not None and label.key and label.key == text.lower():
                    self._choose(state, name)
                    return
        self._show()

    def _choose(self, state: _State, name: str) -> None:
        if state.kind == "rerole":
            assert state.argument is not None
            self._finish()
            if name != state.argument.role:
                self._controller.apply(edits.SetArgumentRole(state.argument.id, name))
            return
        state.choice = name
        self._begin_target(state)

    def _begin_target(self, state: _State) -> bool:
        controller = self._controller
        schema, annotations = controller.project.schema, controller.annotations
        assert state.choice is not None
        if state.kind == "argument":
            assert state.event is not None
            state.candidates = argument_candidates(schema, annotations, state.event, state.choice)
        elif state.kind == "coref":
            assert state.head is not None
            state.candidates = coreference_candidates(annotations, state.head)
        else:
            assert state.head is not None
            relation = schema.get(state.choice)
            assert relation is not None
            state.candidates = relation_candidates(schema, annotations, state.head, relation)
        if not state.candidates:
            self._finish()
            controller.message.emit(self.tr("There is no other span to choose"))
            return False
        state.index = 0
        if self._state is None:
            self._begin(state)
        else:
            self._show()
        return True

    def choose_at(self, offset: int) -> bool:
        """A click during target picking chooses the innermost candidate there."""
        state = self._state
        if state is None or state.choice is None:
            return False
        here = [c for c in state.candidates if any(s <= offset < e for s, e in c.span.pieces)]
        if not here:
            return False
        self._confirm(min(here, key=lambda c: c.span.end - c.span.start))
        return True

    def _confirm(self, candidate: Candidate) -> None:
        state = self._state
        assert state is not None and state.choice is not None
        self._finish()
        if state.kind == "argument":
            assert state.event is not None
            if candidate.event is not None:
                edit: edits.Edit = edits.AddArgument(
                    state.event.id, state.choice, event_ref_id=candidate.event.id
                )
            else:
                edit = edits.AddArgument(state.event.id, state.choice, span_id=candidate.span.id)
        elif state.kind == "coref":
            assert state.head is not None
            edit = attachments.LinkCoreference([state.head.id, candidate.span.id])
        else:
            assert state.head is not None
            edit = edits.AddRelation(state.choice, state.head.id, candidate.span.id)
        self._controller.apply(edit)

    def cancel(self) -> None:
        if self._state is not None:
            self._finish()
            self._controller.message.emit(self.tr("Cancelled"))

    def _finish(self) -> None:
        self._state = None
        self._article.removeEventFilter(self)
        self._bar.hide()
        self._article.set_tags([])
        self.finished.emit()

    # -- showing -----------------------------------------------------------------------
    def _show(self) -> None:
        state = self._state
        if state is None:
            return
        if state.choice is None:
            self._bar.show_options(state.prompt, state.options, state.current)
            return
        candidate = state.candidates[state.index]
        target = self._span_text(candidate.span) + f" ({candidate.span.label})"
        if candidate.event is not None:
            target += f" = {candidate.event.uid}"
        if state.kind == "coref":
            chain = self._controller.annotations.chain_of(candidate.span.id)
            if chain is not None:
                target += " " + self.tr("[in chain %1]").replace("%1", chain.uid)
        elif not candidate.allowed:
            target += " " + self.tr("[not an allowed type]")
        prompt = f"{state.choice}:"
        self._bar.show_target(prompt, target, state.index + 1, len(state.candidates))
        self._article.set_tags([], candidate.span, f"{state.choice}?")

    def _span_text(self, span: Span) -> str:
        document = self._controller.document
        text = " … ".join(document.text[a:b] for a, b in span.pieces) if document else "?"
        shown = " ".join(text.split())
        return f"“{shown if len(shown) <= 40 else shown[:39] + '…'}”"


def coreference_candidates(annotations: Annotations, mention: Span) -> list[Candidate]:
    """Spans ``mention`` may corefer with, its own chain left out.

    Spans of the same label come first (``allowed``; a pronoun labelled otherwise is
    still offered, later). Within each group the antecedents come first, nearest
    first, so Tab walks back through the text; then the spans after the mention.
    """
    chain = annotations.chain_of(mention.id)
    mates = set(chain.members) if chain is not None else set()

    def order(candidate: Candidate) -> tuple[bool, bool, int, int]:
        span = candidate.span
        before = span.start < mention.start or (
            span.start == mention.start and span.end > mention.end
        )
        distance = mention.start - span.end if before else span.start - mention.end
        return (not candidate.allowed, not before, max(distance, 0), span.id)

    candidates = [
        Candidate(span, span.label == mention.label)
        for span in annotations.spans
        if span.id != mention.id and span.id not in mates
    ]
    return sorted(candidates, key=order)
