"""The label palette: every label with its colour and keys, entity and event labels apart."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtGui import Qt as GuiQt  # the namespace that has convertFromPlainText
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from annotator.core.model import Label, LabelKind
from annotator.qt import theme

NameRole = Qt.ItemDataRole.UserRole + 1


def swatch(color: str, size: int = 12) -> QPixmap:
    return theme.swatch(color, size)  # outlined: a pale colour shows on a light window


class LabelPalette(QTreeWidget):
    """Clicking a label applies it, like pressing its key."""

    labelChosen = Signal(str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([self.tr("Label"), self.tr("Keys")])
        self.setRootIsDecorated(False)
        self.setIndentation(8)
        self.setUniformRowHeights(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the article
        self.itemClicked.connect(self._clicked)

    def set_labels(self, span_labels: Sequence[Label], relations: Sequence[Label]) -> None:
        self.clear()
        groups = (
            (self.tr("Entities"), [lb for lb in span_labels if lb.kind == LabelKind.ENTITY]),
            (self.tr("Events"), [lb for lb in span_labels if lb.kind == LabelKind.EVENT]),
            (self.tr("Relations"), list(relations)),
        )
        number = 0
        for title, labels in groups:
            if not labels:
                continue
            group = QTreeWidgetItem(self, [title])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for label in labels:
                keys = []
                if label.kind != LabelKind.RELATION:
                    number += 1
                    if number <= 9:
                        keys.append(str(number))
                if label.key:
                    keys.append(label.key.upper())
                item = QTreeWidgetItem(group, [label.name, ", ".join(keys)])
                item.setIcon(0, swatch(label.color))
                item.setData(0, NameRole, label.name)
                # tooltips render markup: names and descriptions are shown as written
                item.setToolTip(0, GuiQt.convertFromPlainText(label.description or label.name))
                if label.kind == LabelKind.RELATION:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.expandAll()
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        name = item.data(0, NameRole)
        if name and item.flags() & Qt.ItemFlag.ItemIsSelectable:
            self.labelChosen.emit(name)
