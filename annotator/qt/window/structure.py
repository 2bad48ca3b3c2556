"""Events and relations: picking arguments and relation ends, the events tree, warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core.editing import edits
from annotator.core.model import Annotations, Event, Span

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow

# The events tree and warnings of a newly opened document fill in this long after it
# (time enough for the article's first paint).
STRUCTURE_AFTER_OPEN_MS = 50
STRUCTURE_FALLBACK_MS = 500


class EventsAndRelations(QObject):
    """R (argument), Ctrl+R (relation), sharing a trigger, and the panel's events tree."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.event_id: int | None = None  # the event the user works on (shared triggers)
        self._structure_timer = window.single_shot(250, self.refresh)
        # After opening a document the events tree and warnings wait until the article
        # has painted (then STRUCTURE_AFTER_OPEN_MS more), so the text shows first; the
        # fallback covers a window that does not paint (hidden or minimised).
        self.due = False
        self._open_timer = window.single_shot(STRUCTURE_AFTER_OPEN_MS, self._refresh_if_due)
        self._open_fallback = window.single_shot(STRUCTURE_FALLBACK_MS, self._refresh_if_due)

    # -- the events tree, relations list and warnings ------------------------------------
    def forget_event(self) -> None:
        self.event_id = None

    def document_opened(self, text: str) -> None:
        """Empty the tree now; check the whole document right after the article paints."""
        w = self.window
        w.panel.show_annotations(text, Annotations(()))
        w.panel.show_warnings([])
        self.due = True
        w.article.after_next_paint(self._open_timer.start)
        self._open_fallback.start()

    def structure_changed(self) -> None:
        self._structure_timer.stop()
        self.refresh()
        self.show_relations_of_selection()

    def refresh_soon(self) -> None:
        """Refresh once the keys pause (a span edit may leave an event's role unfilled)."""
        self._structure_timer.start()

    @property
    def refresh_pending(self) -> bool:
        """A refresh waits for the keys to pause (benchmarks wait for it like a person)."""
        return self._structure_timer.isActive()

    def _refresh_if_due(self) -> None:
        if self.due:
            self.refresh()

    def refresh(self) -> None:
        """Events tree, relations list and warnings of the open document."""
        self.due = False
        self._open_timer.stop()
        self._open_fallback.stop()
        w = self.window
        document = w.controller.document
        if document is None:
            return
        annotations = w.controller.annotations
        w.panel.show_annotations(document.text, annotations)
        w.panel.select_event(self.event_id)
        w.panel.show_warnings(w.controller.warnings())

    # -- the keyboard flows ----------------------------------------------------------------
    def current_event(self) -> Event | None:
        """The selected trigger's event (the one chosen in the panel if it shares one)."""
        controller = self.window.controller
        span = controller.selected_span()
        events = controller.events
        if span is None:
            return next((e for e in events if e.id == self.event_id), None)
        on_trigger = [e for e in events if e.trigger_id == span.id]
        chosen = next((e for e in on_trigger if e.id == self.event_id), None)
        return chosen or (on_trigger[0] if on_trigger else None)

    def start_argument(self) -> None:
        event = self.current_event()
        if event is None:
            self.window.statusBar().showMessage(
                self.tr(
                    "Select an event's trigger first (Tab to it, or label a word "
                    "with an event type)"
                ),
                5000,
            )
            return
        self.event_id = event.id
        self.window.picker.start_argument(event)

    def start_relation(self) -> None:
        w = self.window
        span = w.controller.selected_span()
        if span is None:
            w.statusBar().showMessage(self.tr("Select the relation's head span first"), 5000)
            return
        w.picker.start_relation(span)

    def share_trigger(self) -> None:
        w = self.window
        span = w.controller.selected_span()
        if span is None:
            w.statusBar().showMessage(self.tr("Select a trigger first"), 5000)
            return
        edit = edits.AddEvent(span.id)
        if w.controller.apply(edit):
            self.event_id = edit.event_id
            self.refresh()
            self.show_relations_of_selection()

    def focus_annotations(self) -> None:
        w = self.window
        w.annotations_dock.show()
        current = w.panel.currentWidget()
        if current is not None:
            current.setFocus()

    def show_relations_of_selection(self) -> None:
        """Light up the selected event's arguments (with roles) and the span's relations."""
        w = self.window
        if w.picker.active:
            return
        controller = w.controller
        span = controller.selected_span()
        if span is None:
            w.article.set_tags([])
            return
        tags: list[tuple[Span, str]] = []
        event = self.current_event()
        if event is not None:
            triggers = {e.id: e.trigger_id for e in controller.events}
            for argument in event.arguments:
                target_id = (
                    argument.span_id
                    if argument.span_id is not None
                    else triggers.get(argument.event_ref_id or -1)
                )
                target = controller.span(target_id)
                if target is not None:
                    tags.append((target, argument.role))
        for relation in controller.relations:
            if relation.head_id == span.id and (tail := controller.span(relation.tail_id)):
                tags.append((tail, f"→ {relation.type}"))
            elif relation.tail_id == span.id and (head := controller.span(relation.head_id)):
                tags.append((head, f"← {relation.type}"))
        w.article.set_tags(tags)

    # -- the panel ------------------------------------------------------------------------
    def panel_span_chosen(self, span_id: int) -> None:
        self.window.controller.select_span(span_id)
        self.window.article.setFocus()

    def panel_event_chosen(self, event_id: int) -> None:
        self.event_id = event_id
        self.show_relations_of_selection()

    def panel_delete(self, kind: str, item_id: int) -> None:
        edit: edits.Edit
        if kind == "event":
            edit = edits.DeleteEvent(item_id)
        elif kind == "argument":
            edit = edits.RemoveArgument(item_id)
        else:
            edit = edits.DeleteRelation(item_id)
        self.window.controller.apply(edit)

    def panel_rerole(self, argument_id: int) -> None:
        w = self.window
        for event in w.controller.events:
            for argument in event.arguments:
                if argument.id == argument_id:
                    w.article.setFocus()
                    w.picker.start_rerole(event, argument)
                    return
