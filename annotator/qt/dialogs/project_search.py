"""Ctrl+Shift+F: search every document of the project; Enter opens the match."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.analysis.search import search_project
from annotator.core.project import Project
from annotator.qt.damaged import DAMAGED, damaged_message

HitRole = Qt.ItemDataRole.UserRole + 1


class ProjectSearchDialog(QDialog):
    hitChosen = Signal(int, int, int)  # noqa: N815 - document id, start, end

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self.setWindowTitle(self.tr("Search the project"))
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(
            self.tr("Words to find in every article (case and accents ignored)")
        )
        layout.addWidget(self.edit)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)  # a damaged file's message is long
        self.last_message: QMessageBox | None = None
        layout.addWidget(self.summary)
        self.results = QListWidget(self)
        self.results.setUniformItemSizes(True)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_search)
        self.edit.textChanged.connect(lambda _text: self._timer.start())
        self.edit.returnPressed.connect(self._enter)
        self.results.itemActivated.connect(self._choose)

    def run_search(self) -> None:
        query = self.edit.text()
        self.results.clear()
        try:
            hits = search_project(self._project, query)
        except DAMAGED as exc:  # a row of a damaged file: said, not a traceback
            message = damaged_message(self._project.shown_location, exc)
            self.summary.setText(message)
            self.last_message = QMessageBox(
                QMessageBox.Icon.Warning, self.windowTitle(), message, parent=self
            )
            self.last_message.setTextFormat(Qt.TextFormat.PlainText)
            self.last_message.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.last_message.open()
            return
        for hit in hits:
            item = QListWidgetItem(f"{hit.title}\n    …{hit.snippet}…")
            item.setData(HitRole, (hit.document_id, hit.offset, hit.offset + hit.length))
            self.results.addItem(item)
        self.summary.setText(self.tr("%n document(s)", "", len(hits)) if query else "")
        if hits:
            self.results.setCurrentRow(0)

    def _enter(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.run_search()
        item = self.results.currentItem()
        if item is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        document_id, start, end = item.data(HitRole)
        self.hitChosen.emit(document_id, start, end)
        self.accept()
