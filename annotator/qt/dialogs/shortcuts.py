"""F1: the shortcut sheet, generated from the keymap and the schema's label keys."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from annotator.core.model import Label
from annotator.core.services.keymap import Conflict, Keymap
from annotator.qt import theme
from annotator.qt.translations import core_text


def sheet_html(keymap: Keymap, labels: Sequence[Label], conflicts: Sequence[Conflict]) -> str:
    heading = QCoreApplication.translate("ShortcutDialog", "Keyboard shortcuts")
    parts = [f"<h2>{escape(heading)}</h2>"]
    if conflicts:
        title = QCoreApplication.translate("ShortcutDialog", "Conflicts:")
        parts.append(f"<p style='color:{theme.error_color()}'><b>{escape(title)}</b><br>")
        parts.append("<br>".join(escape(str(c)) for c in conflicts))
        parts.append("</p>")
    unbound = QCoreApplication.translate("ShortcutDialog", "(none)")
    for group, rows in keymap.sheet():
        parts.append(f"<h3>{escape(core_text(group))}</h3><table cellspacing=4>")
        for keys, title in rows:
            shown = unbound if keys == "(none)" else keys
            parts.append(
                f"<tr><td><b>{escape(shown)}</b></td><td>{escape(core_text(title))}</td></tr>"
            )
        parts.append("</table>")
    if labels:
        heading = QCoreApplication.translate("ShortcutDialog", "Labels")
        parts.append(f"<h3>{escape(heading)}</h3><table cellspacing=4>")
        for number, label in enumerate(labels, 1):
            label_keys = [str(number)] if number <= 9 else []
            if label.key:
                label_keys.append(label.key.upper())
            parts.append(
                f"<tr><td><b>{escape(', '.join(label_keys) or '-')}</b></td>"
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
