"""Help > About Annotator: version, licence, and the versions a bug report needs."""

from __future__ import annotations

from html import escape

import PySide6
from PySide6.QtCore import Qt, QTimer, QUrl, Signal, qVersion
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.core.services import about
from annotator.qt import fonts
from annotator.qt.translations import core_text


def qt_versions() -> list[tuple[str, str]]:
    platform = QGuiApplication.platformName() or "?"
    return [
        ("PySide6", PySide6.__version__),
        ("Qt", f"{qVersion()} (platform plugin: {platform})"),
        ("Emoji font", fonts.emoji_family() or f"none (install {fonts.INSTALL_HINT})"),
    ]


class AboutDialog(QDialog):
    guideRequested = Signal()  # noqa: N815 - the window opens its help browser

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Annotator"))
        self.setObjectName("aboutDialog")
        extra = qt_versions()
        self.report = about.version_report(extra)

        icon = QApplication.windowIcon()
        self.icon_label = QLabel(self)
        if not icon.isNull():
            self.icon_label.setPixmap(icon.pixmap(64, 64))
        self.icon_label.setVisible(not icon.isNull())
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)

        name = QLabel(self.tr("Annotator %1").replace("%1", __version__), self)
        name.setObjectName("aboutName")
        font = name.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        name.setFont(font)
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        description = QLabel(core_text(about.DESCRIPTION), self)
        description.setWordWrap(True)

        links = [f"<a href='guide:'>{escape(self.tr('User guide'))}</a>"]
        home = about.homepage()
        if home:
            links.append(f"<a href='{escape(home, quote=True)}'>{escape(self.tr('Home page'))}</a>")
        self.links = QLabel(" · ".join(links), self)
        self.links.setTextFormat(Qt.TextFormat.RichText)
        self.links.linkActivated.connect(self._link)

        self.licence_text = QPlainTextEdit(self)
        self.licence_text.setObjectName("licenceText")
        self.licence_text.setReadOnly(True)
        self.licence_text.setPlainText(
            about.license_text()
            or self.tr("The licence text was not shipped with this copy; see the home page.")
        )
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.licence_text.setFont(fixed)
        # the licence's own line breaks, at full width (about 80 columns)
        self.licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        metrics = self.licence_text.fontMetrics()
        self.licence_text.setMinimumSize(
            88 * metrics.horizontalAdvance("M"), 14 * metrics.lineSpacing()
        )
        self.licence_text.hide()
        self.licence_button = QPushButton(self.tr("Show the licence"), self)
        self.licence_button.setCheckable(True)
        self.licence_button.toggled.connect(self._toggle_licence)
        licence_row = QHBoxLayout()
        licence_row.addWidget(
            QLabel(self.tr("Free software under the %1 licence.").replace("%1", about.LICENCE_NAME))
        )
        licence_row.addStretch(1)
        licence_row.addWidget(self.licence_button)

        versions = QGroupBox(self.tr("For bug reports"), self)
        grid = QGridLayout(versions)
        lines = about.version_lines(extra)
        for row, (component, version) in enumerate(lines):
            grid.addWidget(QLabel(component, versions), row, 0, Qt.AlignmentFlag.AlignTop)
            value = QLabel(version, versions)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        self.copy_button = QPushButton(self.tr("&Copy"), versions)
        self.copy_button.setToolTip(self.tr("Copy these versions to paste into a bug report"))
        self.copy_button.clicked.connect(self.copy_versions)
        grid.addWidget(self.copy_button, len(lines), 1, Qt.AlignmentFlag.AlignRight)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        text = QVBoxLayout()
        text.addWidget(name)
        text.addWidget(description)
        text.addWidget(self.links)
        head = QHBoxLayout()
        head.addWidget(self.icon_label)
        head.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(licence_row)
        layout.addWidget(self.licence_text, 1)
        layout.addWidget(versions)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _toggle_licence(self, shown: bool) -> None:
        self.licence_text.setVisible(shown)
        self.licence_button.setText(
            self.tr("Hide the licence") if shown else self.tr("Show the licence")
        )
        layout = self.layout()
        if layout is not None:
            layout.activate()  # take the text's size into account before resizing
        # not adjustSize(): it caps a window at 2/3 of the screen's width
        self.resize(self.sizeHint() if shown else self.minimumSizeHint())

    def _link(self, link: str) -> None:
        if link == "guide:":
            self.guideRequested.emit()
            self.accept()
        else:
            QDesktopServices.openUrl(QUrl(link))

    def copy_versions(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText(self.tr("Copied"))
        # the button as context: no callback once the dialog is gone
        button = self.copy_button
        QTimer.singleShot(2000, button, lambda: button.setText(self.tr("&Copy")))
