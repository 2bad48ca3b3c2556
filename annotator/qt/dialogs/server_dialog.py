"""File > Open Server Project… and New Server Project…: one field for a shared
project's PostgreSQL URL.

The URL names the server, the role and the project's database
(``postgresql://alice@db.example.org/news``); Enter opens it. A password need not be in
it: psycopg also reads ``~/.pgpass`` and ``PGPASSWORD``, and the recent list keeps the
URL without the password.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from annotator.core.services import paths


class ServerProjectDialog(QDialog):
    def __init__(
        self, url: str = "", parent: QWidget | None = None, *, creating: bool = False
    ) -> None:
        super().__init__(parent)
        if creating:
            self.setWindowTitle(self.tr("New Server Project"))
            prompt = QLabel(self.tr("The new shared project's PostgreSQL URL:"), self)
        else:
            self.setWindowTitle(self.tr("Open Server Project"))
            prompt = QLabel(self.tr("The shared project's PostgreSQL URL:"), self)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        self.url_field = QLineEdit(url, self)
        self.url_field.setObjectName("serverUrl")
        self.url_field.setPlaceholderText(self.tr("postgresql://user@host:5432/project"))
        self.url_field.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)
        prompt.setBuddy(self.url_field)
        layout.addWidget(self.url_field)
        text = self.tr(
            "One database per project, e.g. postgresql://alice@db.example.org/news. "
            "Leave the password out: it is also read from ~/.pgpass or the "
            "PGPASSWORD environment variable, and the recent list never keeps it."
        )
        if creating:
            text += " " + self.tr(
                "The database must be empty, or not exist yet if your role may create "
                "databases; the team's roles and grants are in docs/server.md."
            )
        hint = QLabel(text, self)
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setEnabled(False)  # greyed: a hint, not a field
        layout.addWidget(hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        opening = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        if opening is not None:
            opening.setDefault(True)  # Enter in the field opens
            if creating:
                opening.setText(self.tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.url_field.textChanged.connect(self._enable)
        self._enable()
        self.url_field.setFocus()

    def _enable(self) -> None:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        if button is not None:
            button.setEnabled(bool(self.url()))

    def url(self) -> str:
        return self.url_field.text().strip()

    def is_server_url(self) -> bool:
        return paths.is_server_url(self.url())
