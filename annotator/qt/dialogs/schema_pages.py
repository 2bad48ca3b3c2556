"""The schema editor's detail pages: a group's purpose, the fields of a label, and of an
event type's role.

They show what is stored and hold what is being typed; the dialog
(:mod:`annotator.qt.dialogs.schema_editor`) turns a finished field into a core edit.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from annotator.core.model import Cardinality, Label, LabelKind, Role, Schema
from annotator.qt import theme

NameRole = Qt.ItemDataRole.UserRole + 2
CARDINALITIES = ("1", "?", "+", "*")


def swatch(color: str, size: int = 12) -> QIcon:
    return QIcon(theme.swatch(color, size))


def check_list(name: str, parent: QWidget) -> QListWidget:
    widget = QListWidget(parent)
    widget.setObjectName(name)
    widget.setUniformItemSizes(True)
    return widget


def fill_checks(widget: QListWidget, schema: Schema, checked: Sequence[str]) -> None:
    """One checkable row per entity label and event type."""
    widget.clear()
    for label in schema.entities + schema.events:
        item = QListWidgetItem(swatch(label.color), label.name, widget)
        item.setData(NameRole, label.name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        state = Qt.CheckState.Checked if label.name in checked else Qt.CheckState.Unchecked
        item.setCheckState(state)


def checked(widget: QListWidget) -> list[str]:
    return [
        widget.item(row).data(NameRole)
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    ]


class GroupPage(QLabel):
    """What the selected group (entity labels, event types, relation types) is for."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

    def show_group(self, kind: LabelKind) -> None:
        texts = {
            LabelKind.ENTITY: self.tr(
                "Entity labels mark names and other mentions. Insert adds one."
            ),
            LabelKind.EVENT: self.tr(
                "An event type is the label of an event's trigger; its roles say which "
                "labels may fill its arguments, and how often. Insert adds one."
            ),
            LabelKind.RELATION: self.tr(
                "A relation type links a head span to a tail span. Insert adds one."
            ),
        }
        self.setText(texts[kind])


class LabelPage(QWidget):
    """Name, colour, key, description, use; a relation type's heads and tails."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("labelName")
        form.addRow(self.tr("&Name:"), self.name_edit)
        self.color_button = QPushButton(self.tr("&Colour…"), self)
        form.addRow(self.tr("Colour:"), self.color_button)
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("labelKey")
        self.key_edit.setMaxLength(1)
        self.key_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("MM") + 16)
        self.key_note = QLabel(self)
        self.key_note.setStyleSheet(theme.error_style())
        self.key_note.setWordWrap(True)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit)
        key_row.addWidget(self.key_note, 1)
        # a label given a layout shows its "&" as text: it needs the field as its buddy
        key_caption = QLabel(self.tr("&Key:"), self)
        key_caption.setBuddy(self.key_edit)
        form.addRow(key_caption, key_row)
        self.description_edit = QLineEdit(self)
        form.addRow(self.tr("&Description:"), self.description_edit)
        self.usage_label = QLabel(self)
        form.addRow(self.tr("Used by:"), self.usage_label)
        for label in (self.key_note, self.usage_label):
            label.setTextFormat(Qt.TextFormat.PlainText)  # they quote label names
        self.heads_list = check_list("relationHeads", self)
        self.tails_list = check_list("relationTails", self)
        self.heads_caption = QLabel(self.tr("&Heads (empty: any label):"), self)
        self.heads_caption.setBuddy(self.heads_list)
        self.tails_caption = QLabel(self.tr("&Tails (empty: any label):"), self)
        self.tails_caption.setBuddy(self.tails_list)
        form.addRow(self.heads_caption, self.heads_list)
        form.addRow(self.tails_caption, self.tails_list)
        self.roles_hint = QLabel(
            self.tr("Roles are listed under the event type in the tree."), self
        )
        form.addRow(self.roles_hint)

    def show_label(self, label: Label, schema: Schema, uses: int) -> None:
        self.name_edit.setText(label.name)
        self.color_button.setIcon(swatch(label.color, 16))
        self.color_button.setToolTip(label.color)
        self.key_edit.setText((label.key or "").upper())
        self.key_note.clear()
        self.description_edit.setText(label.description)
        self.usage_label.setText(self.tr("%n annotation(s)", "", uses))
        relation = label.kind == LabelKind.RELATION
        for widget in (self.heads_caption, self.heads_list, self.tails_caption, self.tails_list):
            widget.setVisible(relation)
        self.roles_hint.setVisible(label.kind == LabelKind.EVENT)
        if relation:
            fill_checks(self.heads_list, schema, label.heads)
            fill_checks(self.tails_list, schema, label.tails)

    def editing(self, label: Label) -> bool:
        """Whether a field holds text that is not stored yet."""
        return (
            self.name_edit.text().strip() != label.name
            or self.key_edit.text().strip().lower() != (label.key or "")
            or self.description_edit.text() != label.description
        )


class RolePage(QWidget):
    """A role's name, cardinality and fillers."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        role_form = QFormLayout(self)
        self.role_name_edit = QLineEdit(self)
        self.role_name_edit.setObjectName("roleName")
        role_form.addRow(self.tr("&Name:"), self.role_name_edit)
        self.cardinality_combo = QComboBox(self)
        self.cardinality_combo.setObjectName("roleCardinality")
        self.cardinality_combo.setEditable(True)
        self.cardinality_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.cardinality_combo.addItems(list(CARDINALITIES))
        self.cardinality_combo.setToolTip(
            self.tr("1: exactly one, ?: at most one, +: one or more, *: any number, {N} or {N-M}")
        )
        self.cardinality_note = QLabel(self)
        self.cardinality_note.setStyleSheet(theme.error_style())
        cardinality_row = QHBoxLayout()
        cardinality_row.addWidget(self.cardinality_combo)
        cardinality_row.addWidget(self.cardinality_note, 1)
        cardinality_caption = QLabel(self.tr("&Cardinality:"), self)
        cardinality_caption.setBuddy(self.cardinality_combo)
        role_form.addRow(cardinality_caption, cardinality_row)
        self.fillers_list = check_list("roleFillers", self)
        fillers_caption = QLabel(self.tr("&Fillers (empty: any label):"), self)
        fillers_caption.setBuddy(self.fillers_list)
        role_form.addRow(fillers_caption, self.fillers_list)

    def show_role(self, role: Role, schema: Schema) -> None:
        self.role_name_edit.setText(role.name)
        self.cardinality_combo.setEditText(str(role.cardinality))
        self.cardinality_note.clear()
        fill_checks(self.fillers_list, schema, role.fillers)

    def show_cardinality_note(self, text: str) -> str | None:
        """Say (next to the field) why ``text`` is not a cardinality; None when it is one."""
        try:
            Cardinality.parse(text)
        except ValueError:
            message = self.tr("Use 1, ?, +, *, {N} or {N-M}")
            self.cardinality_note.setText(message)
            return message
        self.cardinality_note.clear()
        return None

    def editing(self, role: Role) -> bool:
        """Whether a field holds text that is not stored yet."""
        return self.role_name_edit.text().strip() != role.name or (
            self.cardinality_combo.currentText().strip() != str(role.cardinality)
        )
