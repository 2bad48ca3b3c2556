"""F1: the shortcut sheet, generated from the keymap and the schema's label keys."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from annotator.core.keymap import Conflict, Keymap
from annotator.core.model import Label
from annotator.qt import theme


def sheet_html(keymap: Keymap, labels: Sequence[Label], conflicts: Sequence[Conflict]) -> str:
    parts = ["<h2>Keyboard shortcuts</h2>"]
    if conflicts:
        parts.append(f"<p style='color:{theme.error_color()}'><b>Conflicts:</b><br>")
        parts.append("<br>".join(escape(str(c)) for c in conflicts))
        parts.append("</p>")
    for group, rows in keymap.sheet():
        parts.append(f"<h3>{escape(group)}</h3><table cellspacing=4>")
        for shown, title in rows:
            parts.append(f"<tr><td><b>{escape(shown)}</b></td><td>{escape(title)}</td></tr>")
        parts.append("</table>")
    if labels:
        parts.append("<h3>Labels</h3><table cellspacing=4>")
        for number, label in enumerate(labels, 1):
            keys = [str(number)] if number <= 9 else []
            if label.key:
                keys.append(label.key.upper())
            parts.append(
                f"<tr><td><b>{escape(', '.join(keys) or '-')}</b></td>"
                f"<td><span style='background:{label.color}'>&nbsp;&nbsp;&nbsp;</span> "
                f"{escape(label.name)}</td></tr>"
            )
        parts.append("</table>")
    return "".join(parts)


class ShortcutDialog(QDialog):
    def __init__(
        self,
        keymap: Keymap,
        labels: Sequence[Label],
        conflicts: Sequence[Conflict],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(560, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setHtml(sheet_html(keymap, labels, conflicts))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
