"""The note editor (Ctrl+Shift+N) and the links editor (Ctrl+Shift+K) of one annotation.

Both open without blocking and apply their changes through the ``apply`` callable
they are given (the controller's: saved at once, undoable). Names, values and notes
are user text, so every label shows plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.editing import attachments
from annotator.core.editing.edits import Edit
from annotator.core.model import Normalization, Target
from annotator.qt import theme

IdRole = Qt.ItemDataRole.UserRole + 1


def plain_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def normalization_text(normalization: Normalization) -> str:
    """``Wikipedia:534366 ‘Barack Obama’`` (the name only when there is one)."""
    shown = f"{normalization.resource}:{normalization.ref}"
    return f"{shown} ‘{normalization.text}’" if normalization.text else shown


class NoteDialog(QDialog):
    """One annotation's note: Ctrl+Enter saves, Escape cancels, an empty note is removed."""

    def __init__(
        self,
        target: Target,
        described: str,
        text: str,
        apply: Callable[[Edit], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("noteDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Note"))
        self.target, self.original, self._apply = target, text, apply
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("noteText")
        self.edit.setPlainText(text)
        self.edit.setTabChangesFocus(True)
        self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)
        title = plain_label(self.tr("Note on %1").replace("%1", described), self)
        caption = QLabel(self.tr("&Note:"), self)
        caption.setBuddy(self.edit)
        hint = plain_label(
            self.tr("Ctrl+Enter saves · Esc cancels · an empty note is removed"), self
        )
        hint.setEnabled(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(caption)
        layout.addWidget(self.edit, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.save)
        self.resize(440, 240)
        self.edit.setFocus()

    def save(self) -> None:
        text = self.edit.toPlainText().strip()
        if text == self.original.strip():
            self.accept()  # nothing changed (or nothing to remove): no empty undo step
            return
        if self._apply(attachments.SetNote(self.target, text)):
            self.accept()


class NormalizationDialog(QDialog):
    """The annotation's links to knowledge bases (resource, entry id, entry name).

    The list shows the links it has and "New link"; choosing one puts it in the
    fields. Enter saves (adds the new link or changes the chosen one) and closes;
    Delete in the list, or Remove, takes the chosen link away and stays open.
    """

    def __init__(
        self,
        target: Target,
        described: str,
        links: Callable[[], Sequence[Normalization]],
        apply: Callable[[Edit], bool],
        resources: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("normalizationDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Links to knowledge bases"))
        self.target, self._links, self._apply = target, links, apply
        self.saved_resource: str | None = None  # the resource of the last link saved
        title = plain_label(self.tr("Links of %1").replace("%1", described), self)
        self.list = QListWidget(self)
        self.list.setObjectName("normalizationList")
        self.list.setUniformItemSizes(True)
        list_caption = QLabel(self.tr("&Links:"), self)
        list_caption.setBuddy(self.list)
        self.resource = QComboBox(self)
        self.resource.setObjectName("normalizationResource")
        self.resource.setEditable(True)
        self.resource.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.resource.addItems(list(dict.fromkeys(r for r in resources if r)))
        line = self.resource.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Wikipedia, GO, UMLS…"))
        self.ref = QLineEdit(self)
        self.ref.setObjectName("normalizationRef")
        self.ref.setPlaceholderText(self.tr("the entry's id, e.g. 534366"))
        self.text = QLineEdit(self)
        self.text.setObjectName("normalizationText")
        self.text.setPlaceholderText(self.tr("the entry's name (optional)"))
        form = QFormLayout()
        form.addRow(self.tr("&Resource:"), self.resource)
        form.addRow(self.tr("&Id:"), self.ref)
        form.addRow(self.tr("N&ame:"), self.text)
        hint = plain_label(
            self.tr("Enter saves · Delete removes the chosen link · Esc closes"), self
        )
        hint.setEnabled(False)
        self.error = plain_label("", self)
        self.error.setStyleSheet(theme.error_style())
        self.error.hide()
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(
            self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.remove_button = QPushButton(self.tr("Re&move link"), self)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.save_button.setDefault(True)
        self.remove_button.setAutoDefault(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.remove_button.clicked.connect(self.remove)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(list_caption)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove)
        self.list.currentItemChanged.connect(lambda item, _old: self._chosen(item))
        QWidget.setTabOrder(self.list, self.resource)
        QWidget.setTabOrder(self.resource, self.ref)
        QWidget.setTabOrder(self.ref, self.text)
        self.resize(460, 340)
        self.refresh()
        # The resource is usually the last one used: start at the id.
        (self.ref if self.resource.currentText() else self.resource).setFocus()

    def refresh(self, current: int | None = None) -> None:
        """Show the stored links; ``current`` (a link id) or "New link" is chosen."""
        blocked = self.list.blockSignals(True)
        self.list.clear()
        new = QListWidgetItem(self.tr("New link…"), self.list)
        new.setData(IdRole, None)
        chosen = new
        for link in self._links():
            item = QListWidgetItem(normalization_text(link), self.list)
            item.setData(IdRole, link.id)
            item.setToolTip(normalization_text(link))
            if link.id == current:
                chosen = item
        self.list.setCurrentItem(chosen)
        self.list.blockSignals(blocked)
        self._chosen(chosen)

    def chosen_link(self) -> Normalization | None:
        item = self.list.currentItem()
        link_id = item.data(IdRole) if item is not None else None
        return next((link for link in self._links() if link.id == link_id), None)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        link = self.chosen_link() if item is not None else None
        self.remove_button.setEnabled(link is not None)
        if link is not None:
            self.resource.setEditText(link.resource)
            self.ref.setText(link.ref)
            self.text.setText(link.text)
        else:
            if self.saved_resource or not self.resource.currentText():
                self.resource.setEditText(self.saved_resource or self.resource.itemText(0))
            self.ref.clear()
            self.text.clear()
        self.error.hide()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def save(self) -> None:
        resource = self.resource.currentText().strip()
        ref, text = self.ref.text().strip(), self.text.text().strip()
        if not resource or not ref:
            self._fail(self.tr("A link needs a resource and an id."))
            (self.resource if not resource else self.ref).setFocus()
            return
        if any(c.isspace() for c in resource + ref) or ":" in resource:
            self._fail(
                self.tr("The resource and the id are single words (no ':' in the resource).")
            )
            return
        link = self.chosen_link()
        edit: Edit
        if link is None:
            edit = attachments.AddNormalization(self.target, resource, ref, text)
        elif (link.resource, link.ref, link.text) == (resource, ref, text):
            self.accept()
            return
        else:
            edit = attachments.UpdateNormalization(link.id, resource, ref, text)
        if self._apply(edit):
            self.saved_resource = resource
            self.accept()

    def remove(self) -> None:
        link = self.chosen_link()
        if link is None:
            return
        if self._apply(attachments.RemoveNormalization(link.id)):
            self.refresh()
            self.list.setFocus()
