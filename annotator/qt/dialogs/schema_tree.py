"""The schema editor's tree: entity labels, event types with their roles, relation types.

Each item carries the :data:`SchemaPath` it stands for, so the dialog selects and
edits by path, and finds its place again after the tree is rebuilt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from annotator.core.model import Label, LabelKind, Role, Schema
from annotator.qt.dialogs.schema_pages import swatch

# What a tree item stands for: (kind, label name or None for the group, role name or None).
SchemaPath = tuple[LabelKind, str | None, str | None]

PathRole = Qt.ItemDataRole.UserRole + 1
NAME, KEY, USED, DETAILS = range(4)


class SchemaTree(QTreeWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("schemaTree")
        self.setColumnCount(4)
        self.setHeaderLabels([self.tr("Name"), self.tr("Key"), self.tr("Used"), self.tr("Details")])
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(True)
        header = self.header()
        for column in (NAME, KEY, USED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    @staticmethod
    def path_of(item: QTreeWidgetItem | None) -> SchemaPath | None:
        return item.data(NAME, PathRole) if item is not None else None

    def fill(
        self,
        schema: Schema,
        uses: Mapping[str, int],
        want: SchemaPath | None,
        position: Sequence[int] | None,
    ) -> None:
        """Rebuild from ``schema`` and make current ``want``, else the item now at
        ``position`` (what took the place of an item that is gone), else its group."""
        scroll = self.verticalScrollBar().value()
        self.clear()
        items: dict[SchemaPath, QTreeWidgetItem] = {}
        groups = (
            (LabelKind.ENTITY, self.tr("Entity labels")),
            (LabelKind.EVENT, self.tr("Event types")),
            (LabelKind.RELATION, self.tr("Relation types")),
        )
        for kind, title in groups:
            group = QTreeWidgetItem(self, [title])
            font = group.font(NAME)
            font.setBold(True)
            group.setFont(NAME, font)
            group.setData(NAME, PathRole, (kind, None, None))
            items[(kind, None, None)] = group
            for label in schema.of_kind(kind):
                used = str(uses.get(label.name, 0))
                texts = [label.name, (label.key or "").upper(), used, self._details(label)]
                item = QTreeWidgetItem(group, texts)
                item.setIcon(NAME, swatch(label.color))
                item.setData(NAME, PathRole, (kind, label.name, None))
                items[(kind, label.name, None)] = item
                for role in label.roles:
                    child = QTreeWidgetItem(item, [role.name, "", "", self._role_details(role)])
                    child.setData(NAME, PathRole, (kind, label.name, role.name))
                    items[(kind, label.name, role.name)] = child
        self.expandAll()
        target = items.get(want) if want is not None else None
        if target is None and position is not None:
            target = self._at_position(position)
        if target is None and want is not None:
            target = items.get((want[0], want[1], None)) or items.get((want[0], None, None))
        target = target or items[(LabelKind.ENTITY, None, None)]
        self.setCurrentItem(target)
        self.verticalScrollBar().setValue(scroll)
        self.scrollToItem(target)

    def _details(self, label: Label) -> str:
        if label.kind != LabelKind.RELATION:
            return label.description
        anything = self.tr("any")
        return f"{', '.join(label.heads) or anything} → {', '.join(label.tails) or anything}"

    def _role_details(self, role: Role) -> str:
        return f"{role.cardinality}   {', '.join(role.fillers) or self.tr('any label')}"

    def item_at_path(self, wanted: SchemaPath) -> QTreeWidgetItem | None:
        for index in range(self.topLevelItemCount()):
            found = self._find_below(self.topLevelItem(index), wanted)
            if found is not None:
                return found
        return None

    def _find_below(self, item: QTreeWidgetItem, wanted: SchemaPath) -> QTreeWidgetItem | None:
        if item.data(NAME, PathRole) == wanted:
            return item
        for index in range(item.childCount()):
            found = self._find_below(item.child(index), wanted)
            if found is not None:
                return found
        return None

    def position(self, path: SchemaPath | None) -> list[int] | None:
        """Row numbers from the top of the tree to the item of ``path``."""
        item = self.item_at_path(path) if path is not None else None
        rows: list[int] = []
        while item is not None:
            parent = item.parent()
            rows.insert(
                0,
                parent.indexOfChild(item) if parent is not None else self.indexOfTopLevelItem(item),
            )
            item = parent
        return rows or None

    def _at_position(self, rows: Sequence[int]) -> QTreeWidgetItem | None:
        item = self.topLevelItem(rows[0])
        for row in rows[1:]:
            if item is None or row >= item.childCount():
                return None
            item = item.child(row)
        return item
