"""The annotations panel: spans, events as a tree (trigger, then role: argument),
relations as head → type → tail, and the document's schema warnings.

Keyboard: arrows move, Enter shows the item in the article, Delete removes it, F2
changes an argument's role, Escape returns to the article.

Attributes, links (normalizations) and notes show as a compact marker after an
item ("[Negation · Wikipedia:534366 · note]"), in full in its tooltip, and in the
:class:`AnnotationDetails` box below the panel for the selected annotation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtGui import Qt as GuiQt  # the namespace that has convertFromPlainText
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from annotator.core.model import Annotations, Attribute, Normalization, Note, Target, TargetKind

KindRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
SpanRole = Qt.ItemDataRole.UserRole + 3


def _top_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    return [item for i in range(tree.topLevelItemCount()) if (item := tree.topLevelItem(i))]


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [child for i in range(item.childCount()) if (child := item.child(i))]


def _short(text: str, limit: int = 40) -> str:
    shown = " ".join(text.split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def attribute_text(attribute: Attribute) -> str:
    """``Negation`` for a yes/no attribute, ``Certainty=Likely`` for a valued one."""
    return attribute.name if attribute.value is None else f"{attribute.name}={attribute.value}"


def link_text(link: Normalization) -> str:
    shown = f"{link.resource}:{link.ref}"
    return f"{shown} ‘{link.text}’" if link.text else shown


@dataclass
class Attached:
    """What one annotation carries: its attributes, links and notes."""

    attributes: list[Attribute] = field(default_factory=list)
    links: list[Normalization] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def marker(self) -> str:
        """The compact form after an item: ``[Negation · Wikipedia:534366 · note]``."""
        parts = [attribute_text(a) for a in self.attributes]
        parts += [f"{link.resource}:{link.ref}" for link in self.links]
        if self.notes:
            parts.append(QCoreApplication.translate("AnnotationPanel", "note"))
        return f"[{' · '.join(parts)}]" if parts else ""

    def lines(self) -> list[str]:
        """The full form, one line per kind, for tooltips and the details box."""
        lines = []
        if self.attributes:
            shown = " · ".join(attribute_text(a) for a in self.attributes)
            lines.append(
                QCoreApplication.translate("AnnotationPanel", "Attributes: %1").replace("%1", shown)
            )
        for link in self.links:
            lines.append(
                QCoreApplication.translate("AnnotationPanel", "Link: %1").replace(
                    "%1", link_text(link)
                )
            )
        for note in self.notes:
            what = (
                QCoreApplication.translate("AnnotationPanel", "Note")
                if note.type == "AnnotatorNotes"
                else note.type
            )
            lines.append(f"{what}: {note.text}")
        return lines


def attached(annotations: Annotations) -> dict[Target, Attached]:
    """Everything attached in a document, by what it is attached to (one pass each)."""
    found: dict[Target, Attached] = {}
    for attribute in annotations.attributes:
        found.setdefault(attribute.target, Attached()).attributes.append(attribute)
    for link in annotations.normalizations:
        found.setdefault(link.target, Attached()).links.append(link)
    for note in annotations.notes:
        found.setdefault(note.target, Attached()).notes.append(note)
    return found


def _with_marker(item: QTreeWidgetItem, text: str, carried: Attached | None) -> None:
    """An item's text with its marker, and a plain-text tooltip with everything."""
    marker = carried.marker() if carried is not None else ""
    item.setText(0, f"{text}  {marker}" if marker else text)
    lines = [text, *(carried.lines() if carried is not None else [])]
    item.setToolTip(0, GuiQt.convertFromPlainText("\n".join(lines)))


class AnnotationDetails(QPlainTextEdit):
    """The selected annotation's attributes, links and notes, as plain text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationDetails")
        self.setReadOnly(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        self.setPlaceholderText(
            self.tr("Select an annotation (Tab) to see its attributes, links and notes.")
        )

    def show_target(self, title: str | None, carried: Attached | None, hint: str) -> None:
        """``title`` names the annotation (None: nothing selected); ``hint`` says the keys."""
        if title is None:
            self.clear()
            return
        lines = carried.lines() if carried is not None else []
        if not lines:
            lines = [self.tr("No attributes, links or notes."), hint]
        self.setPlainText("\n".join([title, *lines]))


class _KeyTree(QTreeWidget):
    """A tree that reports Delete, F2 and Escape to the panel."""

    keyed = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (
            Qt.Key.Key_Delete,
            Qt.Key.Key_Backspace,
            Qt.Key.Key_F2,
            Qt.Key.Key_Escape,
        ):
            self.keyed.emit(event.key())
            return
        super().keyPressEvent(event)


class AnnotationPanel(QTabWidget):
    spanChosen = Signal(int)  # noqa: N815 - show this span (id) in the article
    eventChosen = Signal(int)  # noqa: N815 - the event (id) the user is working on
    deleteRequested = Signal(str, int)  # noqa: N815 - ("event"|"argument"|"relation", id)
    reroleRequested = Signal(int)  # noqa: N815 - argument id
    leaveRequested = Signal()  # noqa: N815 - Escape: back to the article

    def __init__(self, span_table: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.span_table = span_table
        self.events = _KeyTree(self)
        self.events.setHeaderHidden(True)
        self.events.setUniformRowHeights(True)
        self.relations = _KeyTree(self)
        self.relations.setHeaderHidden(True)
        self.relations.setRootIsDecorated(False)
        self.warnings = QListWidget(self)
        self.addTab(span_table, self.tr("Spans"))
        self.addTab(self.events, self.tr("Events"))
        self.addTab(self.relations, self.tr("Relations"))
        self.addTab(self.warnings, self.tr("Warnings"))
        # Every title whole ("Relations (12)"), never cut behind scroll arrows: without
        # them the panel's minimum width is its tab bar's, so the dock widens to fit.
        self.setUsesScrollButtons(False)
        self.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        self.tabBar().setExpanding(False)
        for tree in (self.events, self.relations):
            tree.itemActivated.connect(self._activated)
            tree.itemClicked.connect(self._activated)
            tree.keyed.connect(lambda key, t=tree: self._key(t, key))
            tree.currentItemChanged.connect(lambda item, _old: self._current(item))
        self.warnings.itemActivated.connect(self._warning_chosen)
        self.warnings.itemClicked.connect(self._warning_chosen)

    # -- content -------------------------------------------------------------------
    def show_annotations(
        self,
        text: str,
        annotations: Annotations,
        carried: Mapping[Target, Attached] | None = None,
    ) -> None:
        """Fill the events tree and relations list; ``carried`` is :func:`attached`'s
        result when the caller has it already."""
        if carried is None:
            carried = attached(annotations)
        spans = {span.id: span for span in annotations.spans}
        events = {event.id: event for event in annotations.events}

        def described(span_id: int | None, event_ref_id: int | None) -> tuple[str, int | None]:
            if span_id is not None and span_id in spans:
                span = spans[span_id]
                return f"{_short(text[span.start : span.end])} ({span.label})", span.id
            if event_ref_id is not None and event_ref_id in events:
                ref = events[event_ref_id]
                return f"{ref.uid} {ref.type}", ref.trigger_id
            return "?", None

        expanded = {item.data(0, IdRole) for item in _top_items(self.events) if item.isExpanded()}
        current = self._current_key(self.events)
        self.events.clear()
        for event in annotations.events:
            trigger = spans.get(event.trigger_id)
            trigger_text = _short(text[trigger.start : trigger.end]) if trigger else "?"
            item = QTreeWidgetItem(self.events)
            _with_marker(
                item,
                f"{event.uid} {event.type} «{trigger_text}»",
                carried.get(Target(TargetKind.EVENT, event.id)),
            )
            item.setData(0, KindRole, "event")
            item.setData(0, IdRole, event.id)
            item.setData(0, SpanRole, event.trigger_id)
            for argument in event.arguments:
                shown, span_id = described(argument.span_id, argument.event_ref_id)
                child = QTreeWidgetItem(item, [f"{argument.role}: {shown}"])
                child.setData(0, KindRole, "argument")
                child.setData(0, IdRole, argument.id)
                child.setData(0, SpanRole, span_id)
            item.setExpanded(not expanded or event.id in expanded or len(annotations.events) < 50)
        self._restore_current(self.events, current)

        current = self._current_key(self.relations)
        self.relations.clear()
        for relation in annotations.relations:
            head, tail = spans.get(relation.head_id), spans.get(relation.tail_id)
            head_text = _short(text[head.start : head.end], 25) if head else "?"
            tail_text = _short(text[tail.start : tail.end], 25) if tail else "?"
            item = QTreeWidgetItem(self.relations)
            _with_marker(
                item,
                f"{head_text} → {relation.type} → {tail_text}",
                carried.get(Target(TargetKind.RELATION, relation.id)),
            )
            item.setData(0, KindRole, "relation")
            item.setData(0, IdRole, relation.id)
            item.setData(0, SpanRole, relation.head_id)
        self._restore_current(self.relations, current)
        self.setTabText(1, self.tr("Events (%1)").replace("%1", str(len(annotations.events))))
        self.setTabText(2, self.tr("Relations (%1)").replace("%1", str(len(annotations.relations))))

    def show_warnings(self, warnings: Sequence[tuple[str, int | None]]) -> None:
        """(message, span id to show) pairs."""
        self.warnings.clear()
        for message, span_id in warnings:
            item = QListWidgetItem(message)
            item.setData(SpanRole, span_id)
            self.warnings.addItem(item)
        self.setTabText(3, self.tr("Warnings (%1)").replace("%1", str(len(warnings))))

    def select_event(self, event_id: int | None) -> None:
        for item in _top_items(self.events):
            if item.data(0, IdRole) == event_id:
                blocked = self.events.blockSignals(True)
                self.events.setCurrentItem(item)
                self.events.blockSignals(blocked)
                return

    def event_item_texts(self) -> list[str]:
        """The events tree as lines ("  " before arguments), for tests and the status bar."""
        lines = []
        for item in _top_items(self.events):
            lines.append(item.text(0))
            lines += ["  " + child.text(0) for child in _children(item)]
        return lines

    # -- interaction -------------------------------------------------------------------
    @staticmethod
    def _current_key(tree: QTreeWidget) -> tuple[str, int] | None:
        item = tree.currentItem()
        return None if item is None else (item.data(0, KindRole), item.data(0, IdRole))

    @staticmethod
    def _restore_current(tree: QTreeWidget, key: tuple[str, int] | None) -> None:
        if key is None:
            return
        pending = _top_items(tree)
        while pending:
            item = pending.pop(0)
            if (item.data(0, KindRole), item.data(0, IdRole)) == key:
                blocked = tree.blockSignals(True)
                tree.setCurrentItem(item)
                tree.blockSignals(blocked)
                return
            pending += _children(item)

    def _current(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        if item.data(0, KindRole) == "event":
            self.eventChosen.emit(item.data(0, IdRole))
        elif item.data(0, KindRole) == "argument" and (parent := item.parent()) is not None:
            self.eventChosen.emit(parent.data(0, IdRole))

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self._current(item)
        span_id = item.data(0, SpanRole)
        if span_id is not None:
            self.spanChosen.emit(span_id)

    def _warning_chosen(self, item: QListWidgetItem) -> None:
        span_id = item.data(SpanRole)
        if span_id is not None:
            self.spanChosen.emit(span_id)

    def _key(self, tree: QTreeWidget, key: int) -> None:
        if key == Qt.Key.Key_Escape:
            self.leaveRequested.emit()
            return
        item = tree.currentItem()
        if item is None:
            return
        kind, item_id = item.data(0, KindRole), item.data(0, IdRole)
        if key == Qt.Key.Key_F2:
            if kind == "argument":
                self.reroleRequested.emit(item_id)
            return
        self.deleteRequested.emit(kind, item_id)
