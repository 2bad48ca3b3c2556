"""The schema editor's Attributes tab: the attribute types annotations may carry.

A list of the types (name, values, what they apply to, how many annotations carry
them) and the fields of the selected one. A type with no values is yes/no
(Negation); with values, an annotation carries one of them (Certainty: Low,
Likely, Certain). It applies to the labels checked and to every label of the
kinds checked; with nothing checked, to every annotation.

Keys: Insert adds a type, Delete (in the list) deletes it (asking first when
annotations carry it), F2 renames it; a finished field (Return or Tab) is applied
at once as a core edit, undoable like every other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.editing import attachments
from annotator.core.editing.edits import Edit
from annotator.core.model import AttributeType, LabelKind, Schema
from annotator.core.store import queries
from annotator.qt.controller import Controller
from annotator.qt.dialogs.schema_pages import NameRole, check_list, checked, swatch

NAME, VALUES, APPLIES, USED = range(4)
KINDS = (LabelKind.ENTITY, LabelKind.EVENT, LabelKind.RELATION)


class SchemaEditor(Protocol):
    """What the tab needs of the schema editor dialog (which builds it)."""

    controller: Controller
    note: QLabel
    confirm: Callable[[str], bool]
    ask_text: Callable[[str, str, str], str | None]

    @property
    def schema(self) -> Schema: ...

    def show_error(self, message: str) -> None: ...


def parse_values(text: str) -> list[str]:
    """``Low, Likely, Certain`` as a list (blank entries dropped)."""
    return [value.strip() for value in text.split(",") if value.strip()]


def attribute_usage(dialog: SchemaEditor) -> dict[str, int]:
    """How many attributes of each type annotations carry, in the whole project."""
    return queries.attribute_usage(dialog.controller.project.db)


class AttributesTab(QWidget):
    def __init__(self, dialog: SchemaEditor, parent: QWidget) -> None:
        super().__init__(parent)
        self.dialog = dialog
        self._refreshing = False
        self._shown: str | None = None  # the name of the type the fields show

        self.list = QTreeWidget(self)
        self.list.setObjectName("attributeList")
        self.list.setColumnCount(4)
        self.list.setHeaderLabels(
            [self.tr("Attribute"), self.tr("Values"), self.tr("Applies to"), self.tr("Used")]
        )
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(USED, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(VALUES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(APPLIES, QHeaderView.ResizeMode.Stretch)
        self.empty_hint = QLabel(
            self.tr(
                "No attributes yet. Insert (or Add attribute) declares one, e.g. Negation "
                "(yes/no) or Certainty with the values Low, Likely, Certain."
            ),
            self,
        )
        self.empty_hint.setWordWrap(True)

        fields = QWidget(self)
        form = QFormLayout(fields)
        self.name_edit = QLineEdit(fields)
        self.name_edit.setObjectName("attributeName")
        form.addRow(self._caption(self.tr("&Name:"), self.name_edit), self.name_edit)
        self.values_edit = QLineEdit(fields)
        self.values_edit.setObjectName("attributeValues")
        self.values_edit.setPlaceholderText(self.tr("empty: a yes/no attribute"))
        self.values_edit.setToolTip(
            self.tr("The values, separated by commas: Low, Likely, Certain")
        )
        form.addRow(self._caption(self.tr("&Values:"), self.values_edit), self.values_edit)
        self.kind_boxes = {
            LabelKind.ENTITY: QCheckBox(self.tr("&Entities"), fields),
            LabelKind.EVENT: QCheckBox(self.tr("E&vents"), fields),
            LabelKind.RELATION: QCheckBox(self.tr("&Relations"), fields),
        }
        kinds_row = QHBoxLayout()
        for box in self.kind_boxes.values():
            kinds_row.addWidget(box)
        kinds_row.addStretch(1)
        form.addRow(self.tr("Applies to all:"), kinds_row)
        self.labels_list = check_list("attributeLabels", fields)
        labels_caption = self._caption(self.tr("and these la&bels:"), self.labels_list)
        form.addRow(labels_caption, self.labels_list)
        self.applies_note = QLabel(fields)
        self.applies_note.setWordWrap(True)
        self.applies_note.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.applies_note)
        self.description_edit = QLineEdit(fields)
        self.description_edit.setObjectName("attributeDescription")
        form.addRow(
            self._caption(self.tr("&Description:"), self.description_edit), self.description_edit
        )
        self.usage_label = QLabel(fields)
        self.usage_label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.tr("Used by:"), self.usage_label)
        self.fields = fields

        self.add_button = QPushButton(self.tr("Add a&ttribute…"), self)
        self.delete_button = QPushButton(self.tr("De&lete attribute"), self)
        for button in (self.add_button, self.delete_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.empty_hint)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(fields)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        # -- signals and keys
        self.list.currentItemChanged.connect(lambda item, _old: self._current_changed(item))
        self.name_edit.editingFinished.connect(self._name_edited)
        self.values_edit.editingFinished.connect(self._values_edited)
        self.description_edit.editingFinished.connect(self._description_edited)
        for edit in (self.name_edit, self.values_edit, self.description_edit):
            edit.returnPressed.connect(self.list.setFocus)
        for box in self.kind_boxes.values():
            box.toggled.connect(lambda _on: self._applies_changed())
        self.labels_list.itemChanged.connect(lambda _item: self._applies_changed())
        self.add_button.clicked.connect(lambda: self.add_attribute())
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        insert = QShortcut(QKeySequence(Qt.Key.Key_Insert), self.list)
        insert.setContext(Qt.ShortcutContext.WidgetShortcut)
        insert.activated.connect(self.add_attribute)
        chain: Sequence[QWidget] = (
            self.list,
            self.name_edit,
            self.values_edit,
            *self.kind_boxes.values(),
            self.labels_list,
            self.description_edit,
            self.add_button,
            self.delete_button,
        )
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _caption(self, text: str, buddy: QWidget) -> QLabel:
        caption = QLabel(text, self)
        caption.setBuddy(buddy)
        return caption

    # -- reading -------------------------------------------------------------------------
    @property
    def schema(self) -> Schema:
        return self.dialog.schema

    def selected(self) -> AttributeType | None:
        return self.schema.attribute(self._shown) if self._shown is not None else None

    def names(self) -> list[str]:
        items = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [item.text(NAME) for item in items if item is not None]

    def select(self, name: str) -> bool:
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item is not None and item.data(NAME, NameRole) == name:
                self.list.setCurrentItem(item)
                return True
        return False

    def applies_text(self, attribute: AttributeType) -> str:
        kinds = {
            LabelKind.ENTITY: self.tr("all entities"),
            LabelKind.EVENT: self.tr("all events"),
            LabelKind.RELATION: self.tr("all relations"),
        }
        parts = [kinds[kind] for kind in KINDS if kind in attribute.kinds]
        parts += list(attribute.labels)
        return ", ".join(parts) if parts else self.tr("every annotation")

    # -- showing -----------------------------------------------------------------------------
    def refresh(self, want: str | None = None) -> None:
        """Rebuild from the stored schema; keep (or move to) ``want``, else the same row."""
        wanted = want if want is not None else self._shown
        current = self.list.currentItem()
        row = self.list.indexOfTopLevelItem(current) if current is not None else 0
        uses = attribute_usage(self.dialog)
        self._refreshing = True
        try:
            self.list.clear()
            target: QTreeWidgetItem | None = None
            for attribute in self.schema.attributes:
                values = ", ".join(attribute.values) if attribute.values else self.tr("yes/no")
                item = QTreeWidgetItem(
                    self.list,
                    [
                        attribute.name,
                        values,
                        self.applies_text(attribute),
                        str(uses.get(attribute.name, 0)),
                    ],
                )
                item.setData(NAME, NameRole, attribute.name)
                if attribute.description:
                    item.setToolTip(NAME, attribute.description)
                if attribute.name == wanted:
                    target = item
            count = self.list.topLevelItemCount()
            if target is None and count:
                target = self.list.topLevelItem(min(max(row, 0), count - 1))
            if target is not None:
                self.list.setCurrentItem(target)
        finally:
            self._refreshing = False
        self.empty_hint.setVisible(not self.schema.attributes)
        self._show(target.data(NAME, NameRole) if target is not None else None)

    def _current_changed(self, item: QTreeWidgetItem | None) -> None:
        if not self._refreshing:
            self._show(item.data(NAME, NameRole) if item is not None else None)

    def _show(self, name: str | None) -> None:
        self._shown = name
        attribute = self.selected()
        self._refreshing = True
        try:
            self.fields.setEnabled(attribute is not None)
            self.delete_button.setEnabled(attribute is not None)
            self.name_edit.setText(attribute.name if attribute else "")
            self.values_edit.setText(", ".join(attribute.values) if attribute else "")
            for kind, box in self.kind_boxes.items():
                box.setChecked(attribute is not None and kind in attribute.kinds)
            self._fill_labels(attribute.labels if attribute else ())
            self.description_edit.setText(attribute.description if attribute else "")
            uses = attribute_usage(self.dialog).get(name or "", 0) if attribute else 0
            self.usage_label.setText(self.tr("%n annotation(s)", "", uses))
            self.applies_note.setText(
                self.tr("Applies to %1.").replace("%1", self.applies_text(attribute))
                if attribute
                else ""
            )
        finally:
            self._refreshing = False

    def _fill_labels(self, chosen: Sequence[str]) -> None:
        """Every label, relation types too (an attribute may apply to any of them)."""
        widget = self.labels_list
        row = widget.currentRow()
        widget.clear()
        for label in self.schema.labels:
            item = QListWidgetItem(swatch(label.color), label.name, widget)
            item.setData(NameRole, label.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = Qt.CheckState.Checked if label.name in chosen else Qt.CheckState.Unchecked
            item.setCheckState(state)
        if 0 <= row < widget.count():
            widget.setCurrentRow(row)

    def editing(self) -> bool:
        """Whether a field holds text that is not stored yet."""
        attribute = self.selected()
        return attribute is not None and (
            self.name_edit.text().strip() != attribute.name
            or parse_values(self.values_edit.text()) != list(attribute.values)
            or self.description_edit.text() != attribute.description
        )

    # -- applying ------------------------------------------------------------------------
    def _apply(self, edit: Edit, select: str | None = None) -> bool:
        self.dialog.note.clear()
        if self.dialog.controller.apply(edit):
            self.refresh(select)  # schemaChanged refreshed it already; this moves to ``select``
            return True
        self.refresh()  # the fields show what is stored again
        return False

    def add_attribute(self, name: str | None = None) -> bool:
        if name is None:
            name = self.dialog.ask_text(
                self.tr("Add attribute"),
                self.tr("Name of the new attribute (Negation, Certainty…):"),
                "",
            )
        if name is None or not name.strip():
            return False
        name = name.strip()
        if self.schema.attribute(name) is not None:
            self.dialog.show_error(self.tr("There is already an attribute %1.").replace("%1", name))
            return False
        if not self._apply(attachments.AddAttributeTypes([AttributeType(name)]), name):
            return False
        self.values_edit.setFocus()  # the next thing to say: its values, if any
        return True

    def delete_selected(self) -> bool:
        attribute = self.selected()
        if attribute is None:
            return False
        count = attribute_usage(self.dialog).get(attribute.name, 0)
        question = self.tr(
            "%n annotation(s) carry the attribute %1; remove it from them too?", "", count
        ).replace("%1", attribute.name)
        if count and not self.dialog.confirm(question):
            return False
        return self._apply(attachments.DeleteAttributeType(attribute.name))

    def rename_selected(self, new_name: str) -> bool:
        attribute = self.selected()
        new_name = new_name.strip()
        if attribute is None or new_name == attribute.name:
            return False
        if not new_name:
            self.dialog.show_error(self.tr("A name cannot be empty."))
            self.refresh()
            return False
        if self.schema.attribute(new_name) is not None:
            self.dialog.show_error(
                self.tr("There is already an attribute %1.").replace("%1", new_name)
            )
            self.refresh()
            return False
        edit = attachments.UpdateAttributeType(attribute.name, new_name=new_name)
        return self._apply(edit, new_name)

    def set_values(self, values: Sequence[str]) -> bool:
        attribute = self.selected()
        if attribute is None or tuple(values) == attribute.values:
            return False
        if len(set(values)) != len(values):
            self.dialog.show_error(self.tr("A value is listed twice."))
            return False
        return self._apply(attachments.UpdateAttributeType(attribute.name, values=values))

    def set_applies(self, kinds: Sequence[LabelKind], labels: Sequence[str]) -> bool:
        attribute = self.selected()
        if attribute is None or (tuple(kinds), tuple(labels)) == (
            attribute.kinds,
            attribute.labels,
        ):
            return False
        edit = attachments.UpdateAttributeType(attribute.name, kinds=kinds, labels=labels)
        return self._apply(edit)

    def set_description(self, description: str) -> bool:
        attribute = self.selected()
        if attribute is None or description == attribute.description:
            return False
        return self._apply(attachments.UpdateAttributeType(attribute.name, description=description))

    # -- field handlers ---------------------------------------------------------------------
    def _name_edited(self) -> None:
        if not self._refreshing:
            self.rename_selected(self.name_edit.text())

    def _values_edited(self) -> None:
        if not self._refreshing:
            self.set_values(parse_values(self.values_edit.text()))

    def _description_edited(self) -> None:
        if not self._refreshing:
            self.set_description(self.description_edit.text())

    def _applies_changed(self) -> None:
        if self._refreshing:
            return
        kinds = [kind for kind, box in self.kind_boxes.items() if box.isChecked()]
        focused = self.focusWidget()
        self.set_applies(kinds, checked(self.labels_list))
        if focused is not None:
            focused.setFocus()  # a checkbox keeps the keys after the rebuild
