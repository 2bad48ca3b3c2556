"""The schema editor: labels, event roles and relation arguments, edited in place.

A tree lists entity labels, event types (with their roles) and relation types;
the panel beside it edits the selected item. The Attributes tab
(:mod:`annotator.qt.dialogs.schema_attributes`) declares the attributes
annotations may carry. Every change is a core edit applied
through ``controller.apply`` at once: it is saved, and undoable here (Ctrl+Z) or
from the main window. The dialog redraws on ``controller.schemaChanged``, so an
undo anywhere shows up here.

Keys: Tab moves through tree, fields and buttons; F2 renames the selected item;
Delete (in the tree) deletes it; Insert adds a label of the selected kind (or a
role to the selected event type). Key conflicts are shown, never resolved
silently: a red note next to the key field while typing, and the conflicts the
schema already has at the bottom.

The tree is :mod:`annotator.qt.dialogs.schema_tree`, the detail pages are
:mod:`annotator.qt.dialogs.schema_pages`; this dialog turns their edits into core edits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QColorDialog,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.editing import schema_edits
from annotator.core.editing.edits import Edit
from annotator.core.model import Cardinality, Label, LabelKind, Role, Schema, schemas
from annotator.core.services.keymap import Keymap
from annotator.core.store import queries
from annotator.qt import theme
from annotator.qt.controller import Controller
from annotator.qt.dialogs.schema_attributes import AttributesTab
from annotator.qt.dialogs.schema_pages import GroupPage, LabelPage, RolePage, checked
from annotator.qt.dialogs.schema_tree import SchemaPath, SchemaTree
from annotator.qt.translations import fill


class SchemaEditorDialog(QDialog):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        # Questions the dialog asks, replaceable (tests, scripted use):
        #   confirm(question) -> yes?; ask_text(title, prompt, default) -> text or None;
        #   ask_color(current "#RRGGBB") -> new "#RRGGBB" or None.
        self.confirm: Callable[[str], bool] = self._confirm
        self.ask_text: Callable[[str, str, str], str | None] = self._ask_text
        self.ask_color: Callable[[str], str | None] = self._ask_color
        self._refreshing = False
        self._shown: SchemaPath | None = None  # what the detail panel edits
        self._want: SchemaPath | None = None  # what to select after the next refresh
        self.setWindowTitle(self.tr("Edit schema"))
        self.resize(900, 600)
        self._build()
        controller.schemaChanged.connect(self.refresh)
        controller.errorRaised.connect(self._show_error)
        self.refresh()
        self.tree.setFocus()

    # -- construction ------------------------------------------------------------
    def _build(self) -> None:
        self.tree = SchemaTree(self)
        self.tree.currentItemChanged.connect(self._current_changed)

        self.label_page = LabelPage(self)
        self.role_page = RolePage(self)

        # -- group page
        self.group_page = GroupPage(self)

        self.pages = QStackedWidget(self)
        for page in (self.group_page, self.label_page, self.role_page):
            self.pages.addWidget(page)

        splitter = QSplitter(self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        # -- bottom: notes, conflicts, buttons
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.conflicts_label = QLabel(self)
        for label in (self.note, self.conflicts_label):
            label.setTextFormat(Qt.TextFormat.PlainText)  # they quote label names
        self.conflicts_label.setObjectName("keyConflicts")
        self.conflicts_label.setStyleSheet(theme.error_style())
        self.conflicts_label.setWordWrap(True)

        self.add_entity_button = QPushButton(self.tr("Add &entity label…"), self)
        self.add_event_button = QPushButton(self.tr("Add e&vent type…"), self)
        self.add_relation_button = QPushButton(self.tr("Add &relation type…"), self)
        self.add_role_button = QPushButton(self.tr("Add r&ole…"), self)
        self.delete_button = QPushButton(self.tr("De&lete"), self)
        self.undo_action = self.controller.undo_stack.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.controller.undo_stack.createRedoAction(self, self.tr("Redo"))
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.undo_button = QToolButton(self)
        self.undo_button.setDefaultAction(self.undo_action)
        self.redo_button = QToolButton(self)
        self.redo_button.setDefaultAction(self.redo_action)
        self.close_button = QPushButton(self.tr("Close"), self)
        label_buttons = QHBoxLayout()
        for button in (
            self.add_entity_button,
            self.add_event_button,
            self.add_relation_button,
            self.add_role_button,
            self.delete_button,
        ):
            label_buttons.addWidget(button)
        label_buttons.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addWidget(self.close_button)

        labels_tab = QWidget(self)
        labels_layout = QVBoxLayout(labels_tab)
        labels_layout.addWidget(splitter, 1)
        labels_layout.addLayout(label_buttons)
        self.attributes_tab = AttributesTab(self, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(labels_tab, self.tr("Label&s and roles"))
        self.tabs.addTab(self.attributes_tab, self.tr("&Attributes"))
        self.tabs.currentChanged.connect(lambda _index: self._tab_changed())
        for push_button in self.findChildren(QPushButton):
            push_button.setAutoDefault(False)  # Return in a field must not press a button

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.conflicts_label)
        layout.addLayout(buttons)

        # -- signals
        self.label_page.name_edit.editingFinished.connect(self._name_edited)
        self.label_page.name_edit.returnPressed.connect(self._back_to_tree)
        self.label_page.color_button.clicked.connect(lambda: self.recolor_selected())
        self.label_page.key_edit.textEdited.connect(self._show_key_note)
        self.label_page.key_edit.editingFinished.connect(self._key_edited)
        self.label_page.key_edit.returnPressed.connect(self._key_return)
        self.label_page.description_edit.editingFinished.connect(self._description_edited)
        self.label_page.description_edit.returnPressed.connect(self._back_to_tree)
        self.label_page.heads_list.itemChanged.connect(self._ends_changed)
        self.label_page.tails_list.itemChanged.connect(self._ends_changed)
        self.role_page.role_name_edit.editingFinished.connect(self._role_name_edited)
        self.role_page.role_name_edit.returnPressed.connect(self._back_to_tree)
        self.role_page.cardinality_combo.activated.connect(lambda _i: self._cardinality_edited())
        line = self.role_page.cardinality_combo.lineEdit()
        line.editingFinished.connect(self._cardinality_edited)
        line.textEdited.connect(self.role_page.show_cardinality_note)
        self.role_page.fillers_list.itemChanged.connect(self._fillers_changed)
        self.add_entity_button.clicked.connect(lambda: self.add_label(LabelKind.ENTITY))
        self.add_event_button.clicked.connect(lambda: self.add_label(LabelKind.EVENT))
        self.add_relation_button.clicked.connect(lambda: self.add_label(LabelKind.RELATION))
        self.add_role_button.clicked.connect(lambda: self.add_role())
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.close_button.clicked.connect(self.accept)

        # -- keys
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)  # fields keep their Delete key
        delete.activated.connect(self.delete_selected)
        insert = QShortcut(QKeySequence(Qt.Key.Key_Insert), self.tree)
        insert.setContext(Qt.ShortcutContext.WidgetShortcut)
        insert.activated.connect(self.add_like_selected)
        rename = QShortcut(QKeySequence(Qt.Key.Key_F2), self)
        rename.activated.connect(self.start_rename)

        # Tab order: tree, the fields of the page shown, then the buttons.
        chain: Sequence[QWidget] = (
            self.tree,
            self.label_page.name_edit,
            self.label_page.color_button,
            self.label_page.key_edit,
            self.label_page.description_edit,
            self.label_page.heads_list,
            self.label_page.tails_list,
            self.role_page.role_name_edit,
            self.role_page.cardinality_combo,
            self.role_page.fillers_list,
            self.add_entity_button,
            self.add_event_button,
            self.add_relation_button,
            self.add_role_button,
            self.delete_button,
            self.undo_button,
            self.redo_button,
            self.close_button,
        )
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- questions (replaceable) -----------------------------------------------------------
    def _confirm(self, question: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Edit schema"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # label names are shown as written
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _ask_text(self, title: str, prompt: str, default: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, prompt, QLineEdit.EchoMode.Normal, default)
        return text if ok else None

    def _ask_color(self, current: str) -> str | None:
        for index, color in enumerate(schemas.PALETTE[: QColorDialog.customCount()]):
            QColorDialog.setCustomColor(index, QColor(color))
        chosen = QColorDialog.getColor(QColor(current), self, self.tr("Label colour"))
        return chosen.name().upper() if chosen.isValid() else None

    # -- reading ---------------------------------------------------------------------
    @property
    def schema(self) -> Schema:
        return self.controller.project.schema

    def selected(self) -> SchemaPath | None:
        """What the detail panel shows and edits (the tree's current item)."""
        return self._shown

    def _selected_label(self) -> Label | None:
        path = self._shown
        if path is None or path[1] is None:
            return None
        return self.schema.get(path[1])

    def _selected_role(self) -> tuple[Label, Role] | None:
        path = self._shown
        if path is None or path[1] is None or path[2] is None:
            return None
        label = self.schema.get(path[1])
        role = label.role(path[2]) if label is not None else None
        return (label, role) if label is not None and role is not None else None

    def key_conflicts(self) -> list[str]:
        """Conflicts the schema has now: between labels, and with the window's shortcuts."""
        schema = self.schema
        found = schema_edits.schema_key_conflicts(schema)
        keymap = getattr(self.parent(), "keymap", None)
        if isinstance(keymap, Keymap):
            label_keys = {
                label.key: label.name
                for label in schema.entities + schema.events
                if label.key and label.key not in "123456789"
            }
            found += [
                str(conflict)
                for conflict in keymap.conflicts(label_keys)
                if any(owner.startswith("label ") for owner in conflict.owners)
            ]
        return found

    # -- the tree ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the tree from the stored schema, keeping the selection where it can."""
        want = self._want or self._shown
        # where the shown item was, to stay there when it is gone (an undone rename)
        position = self.tree.position(self._shown) if self._want is None else None
        self._want = None
        db = self.controller.project.db
        uses = {name: spans for name, (spans, _events) in queries.label_usage(db).items()}
        uses.update(queries.relation_usage(db))
        self._refreshing = True
        try:
            self.tree.fill(self.schema, uses, want, position)
        finally:
            self._refreshing = False
        self._show(self.tree.path_of(self.tree.currentItem()))
        self._update_conflicts()
        self.attributes_tab.refresh()

    def select(self, kind: LabelKind, label: str | None = None, role: str | None = None) -> bool:
        """Make an item current (as a click would); False when there is no such item."""
        found = self.tree.item_at_path((kind, label, role))
        if found is not None:
            self.tree.setCurrentItem(found)
        return found is not None

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if self._refreshing:
            return
        self.note.clear()
        self._show(self.tree.path_of(current))

    # -- the detail panel ------------------------------------------------------------------
    def _show(self, path: SchemaPath | None) -> None:
        self._shown = path
        self._refreshing = True
        try:
            label = self._selected_label()
            role = self._selected_role()
            if role is not None:
                self._show_role(*role)
            elif label is not None:
                self._show_label(label)
            else:
                self._show_group(path[0] if path is not None else LabelKind.ENTITY)
        finally:
            self._refreshing = False
        is_event = path is not None and path[0] == LabelKind.EVENT and path[1] is not None
        self.add_role_button.setEnabled(is_event)
        self.delete_button.setEnabled(path is not None and path[1] is not None)

    def _show_group(self, kind: LabelKind) -> None:
        self.group_page.show_group(kind)
        self.pages.setCurrentWidget(self.group_page)

    def _show_label(self, label: Label) -> None:
        self.pages.setCurrentWidget(self.label_page)
        uses = schema_edits.label_usage(self.controller.project, label.name)
        self.label_page.show_label(label, self.schema, uses)

    def _show_role(self, label: Label, role: Role) -> None:
        self.pages.setCurrentWidget(self.role_page)
        self.role_page.show_role(role, self.schema)

    def _update_conflicts(self) -> None:
        conflicts = self.key_conflicts()
        self.conflicts_label.setVisible(bool(conflicts))
        self.conflicts_label.setText(
            self.tr("Key conflicts: %1").replace("%1", "; ".join(conflicts)) if conflicts else ""
        )

    def show_attributes(self) -> None:
        """Open on the Attributes tab, its list focused."""
        self.tabs.setCurrentWidget(self.attributes_tab)
        self.attributes_tab.list.setFocus()

    def _tab_changed(self) -> None:
        self.note.clear()
        if self.tabs.currentWidget() is self.attributes_tab:
            self.attributes_tab.list.setFocus()
        else:
            self.tree.setFocus()

    def show_error(self, message: str) -> None:
        self._show_error(message)

    def _show_error(self, message: str) -> None:
        self.note.setStyleSheet(theme.error_style())
        self.note.setText(message)

    def _inform(self, message: str) -> None:
        self.note.setStyleSheet("")
        self.note.setText(message)

    def _back_to_tree(self) -> None:
        self.tree.setFocus()

    def _key_return(self) -> None:
        if not self.label_page.key_note.text():  # with a conflict shown, stay to fix the key
            self.tree.setFocus()

    def _editing(self) -> bool:
        """Whether a field of the panel holds text that is not stored yet."""
        label, role = self._selected_label(), self._selected_role()
        if role is not None:
            return self.role_page.editing(role[1])
        return label is not None and self.label_page.editing(label)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Return presses the focused button only; in a field it just applies the field."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QAbstractButton):
                focused.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Esc: first drop what is being typed in a field, then close."""
        attributes = self.attributes_tab
        if self.tabs.currentWidget() is attributes:
            if self.focusWidget() is not attributes.list and attributes.editing():
                attributes.refresh()
                attributes.list.setFocus()
                return
            super().reject()
            return
        if self.focusWidget() is not self.tree and self._editing():
            self.refresh()  # the fields show the stored values again
            self.tree.setFocus()
            return
        super().reject()

    # -- applying ----------------------------------------------------------------------
    def _apply(self, edit: Edit, select: SchemaPath | None = None) -> bool:
        """Apply through the controller (saved, undoable); refreshes via schemaChanged."""
        self._want = select
        self.note.clear()
        if self.controller.apply(edit):
            return True
        self._want = None
        self.refresh()  # put back what the fields showed before
        return False

    def start_rename(self) -> None:
        """F2: edit the selected label's or role's name (Return applies, Esc closes)."""
        if self.tabs.currentWidget() is self.attributes_tab:
            if self.attributes_tab.selected() is None:
                return
            field = self.attributes_tab.name_edit
        elif self.pages.currentWidget() is self.label_page:
            field = self.label_page.name_edit
        elif self.pages.currentWidget() is self.role_page:
            field = self.role_page.role_name_edit
        else:
            return
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        field.selectAll()

    def add_like_selected(self) -> None:
        """Insert: a role for an event type or role, else a label of the selected kind."""
        path = self._shown
        if path is not None and path[0] == LabelKind.EVENT and path[1] is not None:
            self.add_role()
        else:
            self.add_label(path[0] if path is not None else LabelKind.ENTITY)

    def add_label(self, kind: LabelKind, name: str | None = None) -> bool:
        """Add a label of a kind (asking for its name when not given), with a palette colour."""
        if name is None:
            prompts = {
                LabelKind.ENTITY: self.tr("Name of the new entity label:"),
                LabelKind.EVENT: self.tr("Name of the new event type:"),
                LabelKind.RELATION: self.tr("Name of the new relation type:"),
            }
            name = self.ask_text(self.tr("Add label"), prompts[kind], "")
        if name is None or not name.strip():
            return False
        name = name.strip()
        if self.schema.get(name) is not None:
            self._show_error(self.tr("There is already a label %1.").replace("%1", name))
            return False
        return self._apply(schema_edits.AddLabel(Label(name, kind, "")), (kind, name, None))

    def rename_selected(self, new_name: str | None = None) -> bool:
        """Rename the selected label or role; annotations and references follow."""
        path = self._shown
        if path is None or path[1] is None:
            return False
        kind, label_name, role_name = path
        old = role_name if role_name is not None else label_name
        if new_name is None:
            new_name = self.ask_text(self.tr("Rename"), self.tr("New name:"), old)
        if new_name is None:
            return False
        new_name = new_name.strip()
        if new_name == old:
            return False
        if not new_name:
            self._show_error(self.tr("A name cannot be empty."))
            self.refresh()
            return False
        if role_name is not None:
            label = self.schema.get(label_name)
            if label is not None and label.role(new_name) is not None:
                self._show_error(fill(self.tr("%1 already has a role %2."), label_name, new_name))
                self.refresh()
                return False
            edit: Edit = schema_edits.UpdateRole(label_name, role_name, new_name=new_name)
            return self._apply(edit, (kind, label_name, new_name))
        if self.schema.get(new_name) is not None:
            self._show_error(self.tr("There is already a label %1.").replace("%1", new_name))
            self.refresh()
            return False
        edit = schema_edits.UpdateLabel(label_name, new_name=new_name)
        return self._apply(edit, (kind, new_name, None))

    def recolor_selected(self, color: str | None = None) -> bool:
        """Give the selected label a colour (asking with a colour dialog when not given)."""
        label = self._selected_label()
        if label is None or self._selected_role() is not None:
            return False
        if color is None:
            color = self.ask_color(label.color)
        if color is None or color.upper() == label.color.upper():
            return False
        return self._apply(schema_edits.UpdateLabel(label.name, color=color.upper()))

    def set_key(self, key: str) -> bool:
        """Give the selected label a key ("" removes it); a conflict is shown, not applied."""
        label = self._selected_label()
        if label is None or self._selected_role() is not None:
            return False
        key = key.strip()
        conflict = self._show_key_note(key)
        if conflict is not None:
            return False
        if key.lower() == (label.key or "").lower():
            return False
        edit = schema_edits.UpdateLabel(label.name, key=key or None, clear_key=not key)
        return self._apply(edit)

    def set_description(self, description: str) -> bool:
        label = self._selected_label()
        if label is None or self._selected_role() is not None:
            return False
        if description == label.description:
            return False
        return self._apply(schema_edits.UpdateLabel(label.name, description=description))

    def set_relation_arguments(self, heads: Sequence[str], tails: Sequence[str]) -> bool:
        label = self._selected_label()
        if label is None or label.kind != LabelKind.RELATION:
            return False
        if (tuple(heads), tuple(tails)) == (label.heads, label.tails):
            return False
        return self._apply(schema_edits.SetRelationArguments(label.name, heads, tails))

    def delete_selected(self) -> bool:
        """Delete the selected label or role, asking first when annotations use it."""
        path = self._shown
        if path is None or path[1] is None:
            return False
        kind, label_name, role_name = path
        project = self.controller.project
        if role_name is not None:
            count = schema_edits.role_usage(project, label_name, role_name)
            question = fill(
                self.tr("%n argument(s) fill the role %1 of %2; delete them too?", "", count),
                role_name,
                label_name,
            )
            if count and not self.confirm(question):
                return False
            return self._apply(
                schema_edits.DeleteRole(label_name, role_name), (kind, label_name, None)
            )
        count = schema_edits.label_usage(project, label_name)
        question = self.tr("%n annotation(s) use %1; delete them too?", "", count).replace(
            "%1", label_name
        )
        if count and not self.confirm(question):
            return False
        siblings = [label.name for label in self.schema.of_kind(kind)]
        index = siblings.index(label_name) if label_name in siblings else -1
        rest = [n for n in siblings if n != label_name]
        neighbour = rest[min(index, len(rest) - 1)] if rest and index >= 0 else None
        edit = schema_edits.DeleteLabel(label_name)
        if not self._apply(edit, (kind, neighbour, None)):
            return False
        if edit.widened:
            self._inform(
                fill(
                    self.tr("These now accept any label, as %1 was the only one allowed: %2"),
                    label_name,
                    ", ".join(edit.widened),
                )
            )
        return True

    def add_role(
        self,
        name: str | None = None,
        cardinality: str = "1",
        fillers: Sequence[str] = (),
    ) -> bool:
        """Add a role to the selected event type (or to the event type of the selected role)."""
        path = self._shown
        if path is None or path[0] != LabelKind.EVENT or path[1] is None:
            return False
        event_type = path[1]
        if name is None:
            name = self.ask_text(
                self.tr("Add role"),
                self.tr("Name of the new role of %1:").replace("%1", event_type),
                "",
            )
        if name is None or not name.strip():
            return False
        name = name.strip()
        label = self.schema.get(event_type)
        if label is not None and label.role(name) is not None:
            self._show_error(fill(self.tr("%1 already has a role %2."), event_type, name))
            return False
        try:
            parsed = Cardinality.parse(cardinality)
        except ValueError as exc:
            self._show_error(str(exc))
            return False
        edit = schema_edits.AddRole(event_type, Role(name, parsed, tuple(fillers)))
        return self._apply(edit, (LabelKind.EVENT, event_type, name))

    def set_cardinality(self, text: str) -> bool:
        """Set the selected role's cardinality (1 ? + * {N} {N-M}); invalid text is shown."""
        selected = self._selected_role()
        if selected is None:
            return False
        label, role = selected
        if self.role_page.show_cardinality_note(text) is not None:
            return False
        if Cardinality.parse(text) == role.cardinality:
            return False
        return self._apply(schema_edits.UpdateRole(label.name, role.name, cardinality=text))

    def set_fillers(self, fillers: Sequence[str]) -> bool:
        """Set which labels may fill the selected role (empty: any label)."""
        selected = self._selected_role()
        if selected is None:
            return False
        label, role = selected
        if tuple(fillers) == role.fillers:
            return False
        return self._apply(schema_edits.UpdateRole(label.name, role.name, fillers=fillers))

    # -- field handlers ------------------------------------------------------------------
    def _show_key_note(self, key: str) -> str | None:
        """Show (next to the key field) why the selected label cannot take ``key``."""
        label = self._selected_label()
        conflict = None
        if label is not None:
            conflict = schema_edits.key_conflict(self.schema, label.name, key.strip())
        self.label_page.key_note.setText(conflict or "")
        return conflict

    def _name_edited(self) -> None:
        if not self._refreshing and self.pages.currentWidget() is self.label_page:
            self.rename_selected(self.label_page.name_edit.text())

    def _role_name_edited(self) -> None:
        if not self._refreshing and self.pages.currentWidget() is self.role_page:
            self.rename_selected(self.role_page.role_name_edit.text())

    def _key_edited(self) -> None:
        if not self._refreshing and self.pages.currentWidget() is self.label_page:
            self.set_key(self.label_page.key_edit.text())

    def _description_edited(self) -> None:
        if not self._refreshing and self.pages.currentWidget() is self.label_page:
            self.set_description(self.label_page.description_edit.text())

    def _cardinality_edited(self) -> None:
        if not self._refreshing and self.pages.currentWidget() is self.role_page:
            self.set_cardinality(self.role_page.cardinality_combo.currentText())

    def _fillers_changed(self, _item: QListWidgetItem) -> None:
        if not self._refreshing:
            self.set_fillers(checked(self.role_page.fillers_list))

    def _ends_changed(self, _item: QListWidgetItem) -> None:
        if not self._refreshing:
            self.set_relation_arguments(
                checked(self.label_page.heads_list), checked(self.label_page.tails_list)
            )
