"""Suggestions in the window: drawn apart from annotations, accepted or rejected by key.

The project's suggestion settings (:class:`~annotator.core.assist.suggestions.AssistConfig`)
say which sources propose; they are built (:func:`annotator.core.assist.sources.build`,
spaCy may take a second to load) and asked for the open document on one worker
thread, so the keys never wait: the document, its annotations and what was rejected
in it are read here, on the window's thread, and ``Suggester.suggest`` works on those
values only. A result is shown only if it is still for the document and the version
of its annotations that it was asked for; every edit (and its undo) asks again once
the keys pause.

* Tab and Shift+Tab walk spans and suggestions together, in text order; a selected
  suggestion is framed, and the status bar says which keys do what.
* Return accepts the suggestion at the caret (or the one Tab selected), Ctrl+Delete
  rejects it (so does Delete while one is selected), Ctrl+Shift+Y accepts all: each an
  ordinary edit on the undo stack.
* Ctrl+Shift+M trains the model from the done documents in another process
  (:class:`~annotator.core.assist.background.BackgroundTraining`); marking a document
  done retrains it when the settings say so. The window is the one that writes the
  documents' certainty ("least certain first") once a model is trained.
"""

from __future__ import annotations

import contextlib
import sys
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

from annotator.core.assist import sources
from annotator.core.assist.suggestions import SOURCES, AssistConfig, Suggester, Suggestion
from annotator.core.editing.suggestion_edits import (
    AcceptSuggestions,
    ForgetRejections,
    RejectSuggestions,
    SetSuggestionSettings,
)
from annotator.core.errors import AnnotatorError, one_line
from annotator.core.model import Span, Status
from annotator.core.project import Project
from annotator.qt.translations import fill

if TYPE_CHECKING:
    from annotator.core.assist.background import BackgroundTraining
    from annotator.qt.window.main_window import MainWindow

RECOMPUTE_MS = 150  # after an edit, once the keys pause
RETRAIN_MS = 2000  # after a document is marked done: several in a row train once
POLL_MS = 200  # how often a running training is looked at
MESSAGE_MS = 6000
SHOWN_KEY = "suggestions/visible"  # QSettings: whether suggestions are shown

# The menu's source items: (config field, title).
SOURCE_TITLES = (
    ("propagation", QT_TRANSLATE_NOOP("Suggesting", "Propagation in the document")),
    ("corpus", QT_TRANSLATE_NOOP("Suggesting", "Propagation across the corpus")),
    ("patterns", QT_TRANSLATE_NOOP("Suggesting", "Patterns and word lists")),
    ("model", QT_TRANSLATE_NOOP("Suggesting", "Trained model")),
    ("pipeline", QT_TRANSLATE_NOOP("Suggesting", "spaCy pipeline")),
)

Key4 = tuple[int, int, int, int]  # (start, end, 0 span / 1 suggestion, id or position)


def _build(path: Path | str, config: AssistConfig) -> sources.Built:
    """Build the sources on the worker thread, reading the project (its schema, the
    corpus) on a read-only connection of its own: the window's stays on its thread."""
    project = Project.open(path, read_only=True)
    try:
        return sources.build(project, config)
    finally:
        project.close()


class Suggesting(QObject):
    """The open document's suggestions: computing, drawing, walking, accepting, training."""

    _built = Signal(object, object, int)  # Built or an error message, sources rebuilt, generation
    _computed = Signal(object, int, int)  # suggestions or an error message, document id, version

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.config = sources.load_config(window.project)
        self.visible = str(window.settings.value(SHOWN_KEY, "true")).lower() != "false"
        self.built: sources.Built | None = None
        self.suggestions: list[Suggestion] = []  # the open document's, in text order
        self.selected: Suggestion | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="suggestions")
        self._closed = False
        self._generation = 0  # of the newest build asked for
        self._applied_generation = -1  # of the build in use
        self._version = 0  # of the newest suggestions asked for
        self._shown_version = -1
        self._building = False
        self._told: set[str] = set()  # missing-library messages already shown
        self._resume: tuple[int, Key4] | None = None  # (caret, key): Tab goes on from there
        self._source_actions: dict[str, QAction] = {}
        self._recompute_timer = window.single_shot(RECOMPUTE_MS, self.recompute)
        self._training: BackgroundTraining | None = None
        self._train_future: Future[Any] | None = None
        self._said = ""  # the selected suggestion's status line, while shown
        self._train_again = False
        self._train_started = 0.0
        self._retrain_timer = window.single_shot(RETRAIN_MS, self._retrain_due)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._poll_training)
        self._built.connect(self._on_built)  # queued: emitted on the worker thread
        self._computed.connect(self._on_computed)
        controller = window.controller
        controller.documentOpened.connect(self._document_opened)
        controller.undo_stack.indexChanged.connect(lambda _index: self.changed_soon())
        controller.selectedSpanChanged.connect(self._span_selected)
        controller.spansChanged.connect(self._spans_added)
        window.article.selectionChangedOffsets.connect(self._selection_moved)
        self.rebuild()

    # -- building the sources ------------------------------------------------------------
    def rebuild(self, names: Sequence[str] | None = None) -> None:
        """Build the enabled sources again (all, or only ``names``, kept with the rest)."""
        if self._closed:
            return
        if self.built is None or self._building:
            names = None  # nothing to keep yet, or a full build is on its way
        self._generation += 1
        self._building = names is None or self._building
        generation, config = self._generation, self.config
        if names is not None:
            config = config.with_sources([n for n in names if n in config.enabled()])
        path = self.window.project.location
        if path is None:  # a project in memory has no other connection: build here
            try:
                built: object = sources.build(self.window.project, config)
            except AnnotatorError as exc:
                built = str(exc)
            self._on_built(built, names, generation)
            return
        future = self._pool.submit(_build, path, config)
        future.add_done_callback(lambda done: self._deliver(self._built, done, names, generation))

    def _deliver(self, signal: Any, done: Future[Any], *args: object) -> None:
        """On the worker thread: hand a result (or what went wrong) to the window's."""
        if self._closed or done.cancelled():
            return
        try:
            value: object = done.result()
        except AnnotatorError as exc:
            value = str(exc)
        except Exception as exc:  # a bug in a source: say so, never lose the thread
            value = one_line(f"{type(exc).__name__}: {exc}")
        with contextlib.suppress(RuntimeError):  # the window is gone
            signal.emit(value, *args)

    def _on_built(self, built: object, names: Sequence[str] | None, generation: int) -> None:
        if generation != self._generation or self._closed:
            return  # a newer build is on its way
        self._building = False
        self._applied_generation = generation
        if not isinstance(built, sources.Built):
            self._say(fill(self.tr("Suggestions could not start: %1"), str(built)))
            built = sources.Built(Suggester(self.window.project.schema, [], self.config.threshold))
        if names is not None and self.built is not None:
            built = self._splice(self.built, built, names)
        self.built = built
        for missing in built.missing:
            if str(missing) not in self._told:
                self._told.add(str(missing))
                self._say(str(missing), 15000)
        self.recompute()

    def _splice(
        self, old: sources.Built, new: sources.Built, names: Sequence[str]
    ) -> sources.Built:
        """The old sources with ``names`` replaced by the new ones, in source order."""
        kept = [s for s in old.suggester.sources if s.name not in names]
        ordered = sorted(
            [*kept, *new.suggester.sources],
            key=lambda s: SOURCES.index(s.name) if s.name in SOURCES else len(SOURCES),
        )
        problems = {k: v for k, v in old.problems.items() if k not in names}
        problems.update(new.problems)
        missing = [m for m in old.missing if str(m) in problems.values()]
        missing += [m for m in new.missing if m not in missing]
        model = new.model if "model" in names else old.model
        suggester = Suggester(old.suggester.schema, ordered, self.config.threshold)
        return sources.Built(suggester, problems, missing, model)

    @property
    def problems(self) -> dict[str, str]:
        """What keeps each enabled source from suggesting (source -> message)."""
        return dict(self.built.problems) if self.built is not None else {}

    # -- computing the suggestions -------------------------------------------------------
    def changed_soon(self) -> None:
        """An edit (or its undo): suggest again once the keys pause."""
        if not self._closed:
            self._recompute_timer.start()

    def recompute(self) -> None:
        """Ask for the open document's suggestions (off this thread); shown when they come."""
        self._recompute_timer.stop()
        if self._closed:
            return
        w = self.window
        stored = sources.load_config(w.project)
        if stored != self.config:  # the settings changed (an undo, another window)
            self._set_config(stored)
            return
        self._version += 1
        document = w.controller.document
        if document is None or self.built is None or not self.visible:
            if not self.visible:
                self._show([])
            return
        version = self._version
        annotations = w.controller.annotations
        try:
            rejected = w.project.rejected(document.id)
        except AnnotatorError:
            rejected = set()
        future = self._pool.submit(self.built.suggester.suggest, document, annotations, rejected)
        future.add_done_callback(
            lambda done: self._deliver(self._computed, done, document.id, version)
        )

    def _on_computed(self, found: object, document_id: int, version: int) -> None:
        if version != self._version or document_id != self.window.controller.document_id:
            return  # asked for another document, or before the latest edit
        if not isinstance(found, list):
            self._say(fill(self.tr("Suggestions failed: %1"), str(found)))
            found = []
        self._shown_version = version
        self._show(found)

    @property
    def settled(self) -> bool:
        """Whether what is shown is the newest asked for (tests wait for this)."""
        return (
            self.built is not None
            and self._applied_generation == self._generation
            and not self._recompute_timer.isActive()
            and self._shown_version == self._version
        )

    def _show(self, found: Sequence[Suggestion]) -> None:
        self.suggestions = sorted(found, key=lambda s: (s.start, s.end, s.label))
        if self.selected is not None and self.selected not in self.suggestions:
            same = [s for s in self.suggestions if s.key == self.selected.key]
            self.selected = same[0] if same else None
        self.window.article.set_suggestions(self.suggestions)  # the selected one stays framed
        self._sync_actions()

    def _sync_actions(self) -> None:
        """Return, Ctrl+Delete and Ctrl+Shift+Y only while there is something to accept:
        otherwise their keys stay with whoever had them (Enter in a dialog, say)."""
        on = self.visible and bool(self.suggestions)
        for action_id in ("suggestion.accept", "suggestion.reject", "suggestion.accept_all"):
            action = self.window.actions_by_id.get(action_id)
            if action is not None and action.isEnabled() != on:
                action.setEnabled(on)

    def _drop(self, keys: Sequence[tuple[int, int, str]]) -> None:
        """Take accepted or rejected suggestions off at once (the new list follows)."""
        gone = set(keys)
        if self.selected is not None and self.selected.key in gone:
            self._select(None, say=False)
        self._show([s for s in self.suggestions if s.key not in gone])

    def _document_opened(self, _document_id: int) -> None:
        self.selected = None
        self._resume = None
        self.suggestions = []
        self.recompute()

    def _spans_added(self, _removed: list[Span], added: list[Span]) -> None:
        """A new span's text is proposed across the corpus at once (not after a rebuild)."""
        document = self.window.controller.document
        if document is None or self.built is None or not self.config.corpus:
            return
        corpus = next((s for s in self.built.suggester.sources if s.name == "corpus"), None)
        add: Callable[[str, str], None] | None = getattr(corpus, "add", None)
        if add is None:
            return
        for span in added:
            if not span.fragments:
                add(document.text[span.start : span.end], span.label)

    # -- selecting -----------------------------------------------------------------------
    def _select(self, suggestion: Suggestion | None, say: bool = True) -> None:
        self.selected = suggestion
        self.window.article.set_selected_suggestion(suggestion)
        self.window.update_selection_label(*self.window.article.selection())
        bar = self.window.statusBar()
        if suggestion is not None and say:
            self._said = self.describe(suggestion)
            self._say(self._said, 15000)
        elif suggestion is None and self._said and bar.currentMessage() == self._said:
            bar.clearMessage()  # no longer true: a span or text is selected now

    def describe(self, suggestion: Suggestion) -> str:
        """Suggestion: PER 'Angela Merkel' (model, 0.93): Enter accepts, Ctrl+Delete rejects."""
        keymap = self.window.keymap
        accept = ", ".join(keymap.keys("suggestion.accept")).replace("Return", "Enter")
        reject = ", ".join(keymap.keys("suggestion.reject"))
        return fill(
            self.tr("Suggestion: %1 '%2' (%3, %4): %5 accepts, %6 rejects"),
            suggestion.label,
            self._excerpt(suggestion),
            suggestion.source,
            f"{suggestion.score:.2f}",
            accept or "–",
            reject or "–",
        )

    def _excerpt(self, suggestion: Suggestion) -> str:
        document = self.window.controller.document
        text = document.text[suggestion.start : suggestion.end] if document else ""
        text = " ".join(text.split())
        return text if len(text) <= 40 else text[:39] + "…"

    def _span_selected(self, span_id: int | None) -> None:
        if span_id is not None and self.selected is not None:
            self._select(None, say=False)  # a span is selected instead
        if span_id is not None:
            self._resume = None

    def _selection_moved(self, start: int, end: int) -> None:
        if start != end and self.selected is not None:
            self._select(None, say=False)  # the user selects text now
        self._resume = None

    def step(self, forward: bool) -> bool:
        """Tab / Shift+Tab over spans and suggestions in text order; False: no suggestions
        (spans are stepped as before)."""
        items = self.suggestions if self.visible else []
        if not items:
            return False
        w = self.window
        controller = w.controller
        keys: list[Key4] = [(s.start, s.end, 1, i) for i, s in enumerate(items)]
        span = controller.selected_span()
        key: Key4
        if span is not None:
            key = (span.start, span.end, 0, span.id)
        elif self.selected is not None and self.selected in items:
            key = keys[items.index(self.selected)]
        elif self._resume is not None and self._resume[0] == w.article.caret():
            key = self._resume[1]
        else:
            offset = w.article.selection()[1 if forward else 0]
            key = (offset, -1, 0, -1)
        # spans at the same range come before a suggestion there (kind 0 < 1)
        around = (key[0], key[1], key[3] if key[2] == 0 else sys.maxsize)
        near = controller.span_beside(around, forward)
        candidates: list[tuple[Key4, Span | Suggestion]] = []
        if near is not None:
            candidates.append(((near.start, near.end, 0, near.id), near))
        index = bisect_right(keys, key) if forward else bisect_left(keys, key) - 1
        if 0 <= index < len(keys):
            candidates.append((keys[index], items[index]))
        if not candidates:  # wrap around: the first (or last) of either
            edge = (-1, -1, -1) if forward else (sys.maxsize, sys.maxsize, sys.maxsize)
            end_span = controller.span_beside(edge, forward)
            if end_span is not None:
                candidates.append(((end_span.start, end_span.end, 0, end_span.id), end_span))
            last = 0 if forward else len(keys) - 1
            candidates.append((keys[last], items[last]))
        chosen = (min if forward else max)(candidates, key=lambda c: c[0])[1]
        self._resume = None
        if isinstance(chosen, Suggestion):
            if span is not None:
                controller.select_span(None)
            self._select(chosen)
        else:
            self._select(None, say=False)
            controller.select_span(chosen.id)
        return True

    # -- the keys --------------------------------------------------------------------------
    def target(self) -> Suggestion | None:
        """The suggestion Return or Ctrl+Delete means: at the caret, else the one selected."""
        if not self.visible:
            return None
        caret = self.window.article.caret()
        selected = self.selected
        if selected is not None and selected.start <= caret <= selected.end:
            return selected
        at = [s for s in self.suggestions if s.start <= caret < s.end] or [
            s for s in self.suggestions if s.end == caret
        ]
        if at:
            return min(at, key=lambda s: (s.end - s.start, s.start, s.label))
        return selected

    def _nothing_here(self) -> None:
        if not self.visible:
            keys = ", ".join(self.window.keymap.keys("suggestion.toggle"))
            self._say(fill(self.tr("Suggestions are hidden (%1 shows them)"), keys))
        elif self.suggestions:
            self._say(self.tr("No suggestion at the cursor (Tab walks to the next one)"))
        else:
            self._say(self.tr("No suggestions in this document"))

    def accept(self) -> None:
        """Return: the suggestion becomes a span (an event type's, an event too)."""
        suggestion = self.target()
        document_id = self.window.controller.document_id
        if suggestion is None or document_id is None:
            self._nothing_here()
            return
        edit = AcceptSuggestions(document_id, [suggestion.key])
        if not self.window.controller.apply(edit):
            return
        self._drop([suggestion.key])
        if edit.span_ids:
            self.window.controller.select_span(edit.span_ids[0])
        self._say(fill(self.tr("Accepted %1 '%2'"), suggestion.label, self._excerpt(suggestion)))

    def accept_as(self, label: str) -> bool:
        """A label key while Tab selected a suggestion: accepted with that label."""
        suggestion = self.selected if self.visible else None
        document_id = self.window.controller.document_id
        if suggestion is None or document_id is None:
            return False
        edit = AcceptSuggestions(document_id, [(suggestion.start, suggestion.end, label)])
        if self.window.controller.apply(edit):
            self._drop([suggestion.key])
            if edit.span_ids:
                self.window.controller.select_span(edit.span_ids[0])
            self._say(fill(self.tr("Accepted %1 '%2'"), label, self._excerpt(suggestion)))
        return True

    def reject(self) -> None:
        """Ctrl+Delete: remembered, so that no source proposes it here again."""
        suggestion = self.target()
        document_id = self.window.controller.document_id
        if suggestion is None or document_id is None:
            self._nothing_here()
            return
        if not self.window.controller.apply(RejectSuggestions(document_id, [suggestion.key])):
            return
        index = self.suggestions.index(suggestion) if suggestion in self.suggestions else 0
        self._drop([suggestion.key])
        article = self.window.article
        article.set_selected_suggestion(None)
        # Tab goes on from where the rejected one was
        self._resume = (article.caret(), (suggestion.start, suggestion.end, 1, index))
        self._say(fill(self.tr("Rejected %1 '%2'"), suggestion.label, self._excerpt(suggestion)))

    def delete_or_reject(self) -> None:
        """Delete: rejects the suggestion Tab selected, else deletes the selected span."""
        if self.selected is not None and self.visible:
            self.reject()
        else:
            self.window.controller.delete_selected_span()

    def accept_all(self) -> None:
        """Ctrl+Shift+Y: every suggestion shown, in one edit (one Ctrl+Z takes them back)."""
        document_id = self.window.controller.document_id
        items = [s.key for s in self.suggestions] if self.visible else []
        if document_id is None or not items:
            self._nothing_here()
            return
        if not self.window.controller.apply(AcceptSuggestions(document_id, items)):
            return
        self._drop(items)
        self._say(fill(self.tr("Accepted %1 suggestions"), str(len(items))))

    def forget_rejections(self) -> None:
        document_id = self.window.controller.document_id
        if document_id is not None and self.window.controller.apply(ForgetRejections(document_id)):
            self._say(self.tr("Rejected suggestions in this document may be proposed again"))

    def toggle(self) -> None:
        """Ctrl+Shift+S: show or hide suggestions (remembered)."""
        self.visible = not self.visible
        self.window.settings.setValue(SHOWN_KEY, "true" if self.visible else "false")
        action = self.window.actions_by_id.get("suggestion.toggle")
        if action is not None:
            action.setChecked(self.visible)
        if self.visible:
            self._say(self.tr("Suggestions shown"))
            self.recompute()
        else:
            self._select(None, say=False)
            self._show([])
            self._say(self.tr("Suggestions hidden"))

    # -- settings ----------------------------------------------------------------------------
    def save_config(self, config: AssistConfig) -> bool:
        """Store new settings as an edit (Ctrl+Z undoes it) and build the sources again."""
        if config == self.config:
            return True
        if not self.window.controller.apply(SetSuggestionSettings(config.to_json())):
            return False
        self._set_config(config)
        return True

    def _set_config(self, config: AssistConfig) -> None:
        self.config = config
        self._sync_menu()
        self.rebuild()

    def set_source(self, name: str, on: bool) -> None:
        """A source's menu item; patterns and the pipeline keep their files and name
        when switched off (the settings dialog sets them)."""
        config = self.config
        if name == "propagation":
            config = replace(config, propagation=on)
        elif name == "corpus":
            config = replace(config, corpus=on)
        elif name == "model":
            config = replace(config, model=on)
        elif name == "patterns":
            config = replace(config, use_patterns=on)
        elif name == "pipeline":
            config = replace(config, use_pipeline=on)
        if not self.save_config(config):
            self._sync_menu()

    def open_settings(self) -> None:
        from annotator.qt.dialogs.suggestion_settings import SuggestionSettingsDialog

        w = self.window
        dialog = SuggestionSettingsDialog(self.config, self.problems, w.controller.span_labels(), w)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save_config(dialog.config())
        dialog.deleteLater()

    def fill_menu(self, menu: QMenu) -> None:
        """Suggestions: show, accept and reject, the sources, train, settings."""
        a = self.window.actions_by_id
        toggle = a["suggestion.toggle"]
        toggle.setCheckable(True)
        toggle.setChecked(self.visible)
        menu.addAction(toggle)
        menu.addSeparator()
        for action_id in ("suggestion.accept", "suggestion.reject", "suggestion.accept_all"):
            menu.addAction(a[action_id])
        self._sync_actions()
        menu.addSeparator()
        for name, title in SOURCE_TITLES:
            action = QAction(self.tr(str(title)), self.window)
            action.setObjectName(f"suggestion.source.{name}")
            action.setCheckable(True)
            action.triggered.connect(lambda on, n=name: self.set_source(n, bool(on)))
            menu.addAction(action)
            self._source_actions[name] = action
        self._sync_menu()
        menu.addSeparator()
        menu.addAction(a["suggestion.train"])
        settings = QAction(self.tr("Suggestion settings…"), self.window)
        settings.setObjectName("suggestion.settings")
        settings.triggered.connect(self.open_settings)
        menu.addAction(settings)
        forget = QAction(self.tr("Forget rejected suggestions in this document"), self.window)
        forget.setObjectName("suggestion.forget")
        forget.triggered.connect(self.forget_rejections)
        menu.addAction(forget)

    def _sync_menu(self) -> None:
        enabled = set(self.config.enabled())
        for name, action in self._source_actions.items():
            action.setChecked(name in enabled)
            if name == "patterns":
                action.setEnabled(bool(self.config.patterns))
            elif name == "pipeline":
                action.setEnabled(bool(self.config.pipeline))

    # -- training ----------------------------------------------------------------------------
    def train_now(self) -> None:
        """Ctrl+Shift+M: train the model from the done documents, in the background."""
        self._start_training(explicit=True)

    def document_done(self) -> None:
        """A document was marked done: retrain soon, if the settings say so."""
        if self.config.model and self.config.retrain and self.window.project.location is not None:
            self._retrain_timer.start()

    def _retrain_due(self) -> None:
        if self._has_examples():
            self._start_training(explicit=False)

    def _has_examples(self) -> bool:
        """Whether any done document has a span (something to learn from)."""
        project = self.window.project
        done = project.document_ids([Status.DONE])
        for first in range(0, len(done), 256):
            if any(s.span_count for s in project.summaries(list(done[first : first + 256]))):
                return True
        return False

    @property
    def training(self) -> bool:
        return self._train_future is not None

    def _start_training(self, explicit: bool) -> None:
        if self._closed:
            return
        project = self.window.project
        if project.location is None:
            self._say(self.tr("A project in memory cannot be trained: save it first"))
            return
        if self._train_future is not None:
            self._train_again = True  # train again once this one is done
            if explicit:
                self._say(self.tr("The suggestion model is training; it trains again after"))
            return
        if explicit and not self._has_examples():
            keys = ", ".join(self.window.keymap.keys("doc.done_next")).replace("Return", "Enter")
            self._say(
                fill(
                    self.tr("Nothing to learn from yet: annotate a document and mark it done (%1)"),
                    keys,
                )
            )
            return
        try:
            if self._training is None:
                from annotator.core.assist.background import BackgroundTraining

                self._training = BackgroundTraining()
            self._train_future = self._training.start(project.location)
        except AnnotatorError as exc:
            self._say(str(exc), 15000)
            return
        self._train_started = time.monotonic()
        self._poll.start()
        if explicit:  # retraining after Done and next says so only when it is done
            self._say(self.tr("Training the suggestion model in the background…"))

    def _poll_training(self) -> None:
        future = self._train_future
        if future is None:
            self._poll.stop()
            return
        if not future.done():
            return
        self._poll.stop()
        self._train_future = None
        try:
            report = future.result()
        except AnnotatorError as exc:
            self._say(str(exc), 15000)
            self._train_again = False
        except Exception as exc:  # the worker died: one line, no traceback
            self._say(
                fill(self.tr("Training failed: %1"), one_line(f"{type(exc).__name__}: {exc}")),
                15000,
            )
            self._train_again = False
        else:
            self.trained(report)
        if self._train_again:
            self._train_again = False
            self._start_training(explicit=False)

    def trained(self, report: Any) -> None:
        """A model was trained: its certainty ordering, the model source, the list."""
        w = self.window
        try:
            w.project.set_certainty(report.certainty, report.info.id)
        except AnnotatorError as exc:
            self._say(str(exc))
        if self.config.model:
            self.rebuild(["model"])
        if w.document_model.order == "uncertain":
            w.document_model.reload()
            w.documents.mark_current_row()
            w.update_status()
        self._say(
            fill(
                self.tr("Suggestion model trained on %1 documents in %2 s"),
                str(report.info.documents),
                f"{report.seconds:.1f}",
            ),
            10000,
        )

    def shutdown(self) -> None:
        """The window closes: the training process and the worker thread go."""
        if self._closed:
            return
        self._closed = True
        self._recompute_timer.stop()
        self._retrain_timer.stop()
        self._poll.stop()
        if self._training is not None:
            self._training.shutdown()
            self._training = None
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _say(self, text: str, timeout: int = MESSAGE_MS) -> None:
        self.window.statusBar().showMessage(text, timeout)
