"""Attributes, notes and normalizations of the selected annotation.

The annotation is the selected span, or the event it triggers; with the keys in
the panel's events tree or relations list, the event or relation chosen there.

* Ctrl+Shift+T: pick one of the attributes the schema gives that label (type to
  filter, arrows, Enter), then the value: a yes/no attribute just toggles, a
  valued one offers its values and "(none)", which removes it.
* Ctrl+Shift+N: the note, in a small editor (Ctrl+Enter saves, empty removes).
* Ctrl+Shift+K: links to knowledge bases (resource, id, name); the resource of
  the last link saved is offered first.

Every change is a core edit through the controller: saved at once and undoable.
The span list, the events tree and the details box show what is attached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QApplication, QDialog

from annotator.core.editing import attachments
from annotator.core.editing.edits import Edit
from annotator.core.model import AttributeType, Target, TargetKind
from annotator.qt.dialogs.attachment_dialogs import NormalizationDialog, NoteDialog
from annotator.qt.dialogs.quick_pick import QuickPick
from annotator.qt.translations import fill
from annotator.qt.widgets.annotation_panel import Attached, IdRole, KindRole, attached

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow

NOTE_TYPE = "AnnotatorNotes"
RESOURCES_KEY = "annotate/resources"  # QSettings: the link resources used, latest first
NO_VALUE = "\x00none"  # the "(none)" choice: no attribute value can be this


@dataclass(frozen=True)
class Chosen:
    """The annotation the keys act on."""

    target: Target
    label: str  # its label, event type or relation type: what the schema's attributes name
    title: str  # how it is shown: T3 PER “Barack Obama”


class Attachments(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.popup: QuickPick | None = None  # the attribute or value chooser, while open
        self.dialog: QDialog | None = None  # the note or links editor, while open
        self._carried: dict[Target, Attached] = {}  # of the open document, by annotation

    def wire(self) -> None:
        """Signals and the panel's keys (called once the window's actions exist)."""
        w = self.window
        c = w.controller
        c.attachmentsChanged.connect(self.attachments_changed)
        c.annotationsChanged.connect(self.refresh)
        c.documentOpened.connect(lambda _id: self.refresh())
        c.selectedSpanChanged.connect(lambda _id: self.show_details())
        c.structureChanged.connect(self.show_details)
        c.spansChanged.connect(lambda _removed, _added: self.show_details())  # a span deleted
        w.panel.eventChosen.connect(lambda _id: self.show_details())
        for tree in (w.panel.events, w.panel.relations):
            tree.currentItemChanged.connect(lambda _item, _old: self.show_details())
            # the keys work on the event or relation chosen in the panel, too
            for action_id in ("annotation.attribute", "annotation.note", "annotation.normalize"):
                tree.addAction(w.actions_by_id[action_id])

    # -- what the keys act on ------------------------------------------------------------
    def current(self) -> Chosen | None:
        w = self.window
        c = w.controller
        focus = QApplication.focusWidget()
        for tree in (w.panel.relations, w.panel.events):
            item = tree.currentItem()
            if focus is not tree or item is None:
                continue
            if item.data(0, KindRole) == "argument" and (parent := item.parent()) is not None:
                item = parent
            chosen = self._chosen(item.data(0, KindRole), item.data(0, IdRole))
            if chosen is not None:
                return chosen
        span = c.selected_span()
        if span is None:
            return None
        event = w.structure.current_event()
        if event is not None and event.trigger_id == span.id:
            return self._chosen("event", event.id)
        return self._chosen("span", span.id)

    def _chosen(self, kind: str, item_id: int) -> Chosen | None:
        c = self.window.controller
        if kind == "span" and (span := c.span(item_id)) is not None:
            title = f"{span.uid} {span.label} {self._quoted(span.start, span.end)}"
            return Chosen(Target(TargetKind.SPAN, span.id), span.label, title)
        if kind == "event":
            event = next((e for e in c.events if e.id == item_id), None)
            if event is None:
                return None
            trigger = c.span(event.trigger_id)
            shown = self._quoted(trigger.start, trigger.end) if trigger else "?"
            return Chosen(
                Target(TargetKind.EVENT, event.id), event.type, f"{event.uid} {event.type} {shown}"
            )
        if kind == "relation":
            relation = next((r for r in c.relations if r.id == item_id), None)
            if relation is None:
                return None
            head, tail = c.span(relation.head_id), c.span(relation.tail_id)
            head_text = self._quoted(head.start, head.end) if head else "?"
            tail_text = self._quoted(tail.start, tail.end) if tail else "?"
            title = f"{relation.uid} {head_text} → {relation.type} → {tail_text}"
            return Chosen(Target(TargetKind.RELATION, relation.id), relation.type, title)
        return None

    def _quoted(self, start: int, end: int) -> str:
        document = self.window.controller.document
        shown = " ".join((document.text[start:end] if document else "").split())
        return f"“{shown if len(shown) <= 40 else shown[:39] + '…'}”"

    def _nothing_selected(self) -> None:
        self.window.statusBar().showMessage(
            self.tr("Select a span or event first (Tab selects the next span)"), 5000
        )

    def _apply(self, edit: Edit) -> bool:
        return self.window.controller.apply(edit)

    def _anchor(self) -> QPoint:
        """Where a chooser opens: under the caret (the selected span), or the article's top."""
        article = self.window.article
        rect = article.cursorRect()
        if not article.viewport().rect().contains(rect.center()):
            return article.viewport().mapToGlobal(QPoint(40, 40))
        return article.viewport().mapToGlobal(rect.bottomLeft())

    # -- attributes ------------------------------------------------------------------------
    def set_attribute(self) -> None:
        """Ctrl+Shift+T: choose an attribute of the selected annotation, then its value."""
        w = self.window
        chosen = self.current()
        if chosen is None:
            self._nothing_selected()
            return
        types = w.project.schema.attributes_for(chosen.label)
        if not types:
            w.statusBar().showMessage(
                self.tr(
                    "%1 has no attributes: declare attributes in Edit > Edit labels, roles "
                    "and relation types… (Attributes tab)"
                ).replace("%1", chosen.label),
                8000,
            )
            return
        have = {a.name: a for a in w.controller.annotations.attributes_of(chosen.target)}
        items = []
        for attribute_type in types:
            found = have.get(attribute_type.name)
            if attribute_type.binary:
                state = self.tr("on") if found is not None else self.tr("off")
            elif found is not None:
                state = f"= {found.value}"
            else:
                state = self.tr("(not set)")
            tip = attribute_type.description
            if not attribute_type.binary:
                values = ", ".join(attribute_type.values)
                tip = (tip + "\n" if tip else "") + self.tr("Values: %1").replace("%1", values)
            items.append((f"{attribute_type.name}   {state}", attribute_type.name, tip))
        popup = QuickPick(
            self.tr("Attribute"),
            self.tr("Attribute of %1:").replace("%1", chosen.title),
            items,
            w,
        )
        popup.picked.connect(lambda name: self._attribute_picked(chosen, str(name)))
        self._open_popup(popup)

    def _open_popup(self, popup: QuickPick) -> None:
        self.popup = popup
        popup.finished.connect(lambda _result, p=popup: self._popup_closed(p))
        popup.place_near(self._anchor())
        popup.open()
        popup.activateWindow()  # its keys, not the window's shortcuts

    def _popup_closed(self, popup: QuickPick) -> None:
        if self.popup is popup:
            self.popup = None
        self.window.activateWindow()  # the keys go back to the window

    def _attribute_picked(self, chosen: Chosen, name: str) -> None:
        w = self.window
        attribute_type = w.project.schema.attribute(name)
        if attribute_type is None:
            return
        found = next(
            (a for a in w.controller.annotations.attributes_of(chosen.target) if a.name == name),
            None,
        )
        if attribute_type.binary:
            if found is not None:
                if self._apply(attachments.RemoveAttribute(found.id)):
                    self._say(self.tr("%1 off for %2"), name, chosen.title)
            elif self._apply(attachments.SetAttribute(chosen.target, name)):
                self._say(self.tr("%1 on for %2"), name, chosen.title)
            return
        self._pick_value(chosen, attribute_type, found.value if found is not None else None)

    def _pick_value(self, chosen: Chosen, attribute_type: AttributeType, value: str | None) -> None:
        items = [(v, v, "") for v in attribute_type.values]
        if value is not None:
            items.append(
                (self.tr("(none: remove %1)").replace("%1", attribute_type.name), NO_VALUE, "")
            )
        current = attribute_type.values.index(value) if value in attribute_type.values else 0
        popup = QuickPick(
            self.tr("Attribute value"),
            fill(self.tr("%1 of %2:"), attribute_type.name, chosen.title),
            items,
            self.window,
            current,
        )
        popup.picked.connect(
            lambda picked: self._value_picked(chosen, attribute_type.name, str(picked))
        )
        # The value chooser follows the attribute chooser, which is still closing.
        self._open_popup(popup)

    def _value_picked(self, chosen: Chosen, name: str, value: str) -> None:
        c = self.window.controller
        found = next(
            (a for a in c.annotations.attributes_of(chosen.target) if a.name == name), None
        )
        if value == NO_VALUE:
            if found is not None and self._apply(attachments.RemoveAttribute(found.id)):
                self._say(self.tr("%1 removed from %2"), name, chosen.title)
            return
        if found is not None and found.value == value:
            return
        if self._apply(attachments.SetAttribute(chosen.target, name, value)):
            self._say(self.tr("%1 set for %2"), f"{name}={value}", chosen.title)

    def _say(self, template: str, *values: str) -> None:
        self.window.statusBar().showMessage(fill(template, *values), 4000)

    # -- notes -------------------------------------------------------------------------------
    def edit_note(self) -> None:
        """Ctrl+Shift+N: write, change or (emptied) remove the annotation's note."""
        chosen = self.current()
        if chosen is None:
            self._nothing_selected()
            return
        notes = self.window.controller.annotations.notes_of(chosen.target)
        note = next((n for n in notes if n.type == NOTE_TYPE), None)
        dialog = NoteDialog(
            chosen.target, chosen.title, note.text if note else "", self._apply, self.window
        )
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_closed(d))
        dialog.open()
        dialog.activateWindow()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        self.window.activateWindow()

    # -- normalizations --------------------------------------------------------------------
    def normalize(self) -> None:
        """Ctrl+Shift+K: the annotation's links to entries of knowledge bases."""
        w = self.window
        chosen = self.current()
        if chosen is None:
            self._nothing_selected()
            return

        dialog = NormalizationDialog(
            chosen.target,
            chosen.title,
            lambda: w.controller.annotations.normalizations_of(chosen.target),
            self._apply,
            self.resources(),
            w,
        )
        dialog.accepted.connect(lambda: self._remember(dialog.saved_resource))
        self._open_dialog(dialog)

    def resources(self) -> list[str]:
        """Resources to offer, the last one used first; then those of this document."""
        stored = self.window.settings.value(RESOURCES_KEY) or []
        recent = [stored] if isinstance(stored, str) else [str(r) for r in stored]
        here = [n.resource for n in self.window.controller.normalizations]
        return list(dict.fromkeys([*recent, *here]))

    def _remember(self, resource: str | None) -> None:
        if not resource:
            return
        recent = [r for r in self.resources() if r != resource]
        self.window.settings.setValue(RESOURCES_KEY, [resource, *recent][:10])

    # -- showing -----------------------------------------------------------------------------
    def attachments_changed(self) -> None:
        self.refresh()
        self.window.structure.refresh()  # the events tree's markers

    def refresh(self) -> None:
        """The span list's markers and the details box, from the open document."""
        w = self.window
        annotations = w.controller.annotations
        carried = self._carried = attached(annotations)
        triggers = {event.id: event.trigger_id for event in annotations.events}
        markers: dict[int, tuple[str, list[str]]] = {}
        for target, found in carried.items():
            if target.kind == TargetKind.SPAN:
                span_id: int | None = target.id
            elif target.kind == TargetKind.EVENT:
                span_id = triggers.get(target.id)  # an event's show on its trigger
            else:
                continue
            if span_id is None:
                continue
            marker, lines = found.marker(), found.lines()
            if span_id in markers:
                old_marker, old_lines = markers[span_id]
                marker = f"{old_marker} {marker}"
                lines = old_lines + lines
            markers[span_id] = (marker, lines)
        w.span_model.set_markers(markers)
        self.show_details()

    def show_details(self) -> None:
        w = self.window
        chosen = self.current()
        if chosen is None:
            w.details.show_target(None, None, "")
            return
        carried = self._carried.get(chosen.target)
        keys = {
            action_id: ", ".join(w.keymap.keys(action_id)) or "—"
            for action_id in ("annotation.attribute", "annotation.normalize", "annotation.note")
        }
        hint = fill(
            self.tr("%1: attribute · %2: link · %3: note"),
            keys["annotation.attribute"],
            keys["annotation.normalize"],
            keys["annotation.note"],
        )
        w.details.show_target(chosen.title, carried, hint)
