"""Help > User guide: the Markdown pages of docs/guide shown offline, with links.

QTextBrowser reads ``.md`` files itself (links between pages, images, back and
forward); this adds what its Markdown reader lacks: HTML comments dropped, heading
anchors (``page.md#some-heading``, GitHub's slugs), images shrunk to the view's
width, and a search over every page.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QKeySequence,
    QShortcut,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.services import guide

PathRole = Qt.ItemDataRole.UserRole


class GuideView(QTextBrowser):
    """A QTextBrowser that shows the guide's Markdown the way GitHub does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)  # handled in doSetSource: the desktop's browser
        self.document().setDocumentMargin(16)

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 (Qt override)
        url = QUrl(name)
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if kind == QTextDocument.ResourceType.MarkdownResource.value or path.suffix == ".md":
                try:
                    return guide.strip_comments(path.read_text(encoding="utf-8"))
                except OSError:
                    return self.tr("# Not found\n\n%1 is missing.").replace("%1", str(path))
            if kind == QTextDocument.ResourceType.ImageResource.value:
                image = QImage(str(path))
                room = max(320, self.viewport().width() - 48)
                if not image.isNull() and image.width() > room:
                    return image.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)
                return image
        return super().loadResource(kind, name)

    def doSetSource(  # noqa: N802 (Qt override)
        self,
        name: QUrl | str,
        kind: QTextDocument.ResourceType = QTextDocument.ResourceType.UnknownResource,
    ) -> None:
        url = QUrl(name)
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        current = self.source()
        target = current.resolved(url) if url.isRelative() else url
        same_page = not current.isEmpty() and target.toLocalFile() == current.toLocalFile()
        if not (same_page and url.hasFragment()):  # a heading on this page: only scroll
            super().doSetSource(url, kind)
        self.scroll_to_heading(url.fragment())

    def scroll_to_heading(self, anchor: str) -> bool:
        """Show the heading whose GitHub anchor is ``anchor`` at the top of the view."""
        if not anchor:
            return False
        block = self.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0 and guide.slug(block.text()) == anchor:
                cursor = self.textCursor()
                cursor.setPosition(block.position())
                self.setTextCursor(cursor)
                bar = self.verticalScrollBar()
                top = self.document().documentLayout().blockBoundingRect(block).top()
                bar.setValue(min(bar.maximum(), int(top)))
                return True
            block = block.next()
        return False


class HelpBrowser(QDialog):
    """The user guide in a window of its own, beside the main window (Esc closes it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Annotator User Guide"))
        self.setObjectName("helpBrowser")
        self.resize(QSize(980, 720))

        self.back_button = self._tool_button(self.tr("◀ Back"), self.tr("Back (Alt+Left)"))
        self.forward_button = self._tool_button(
            self.tr("Forward ▶"), self.tr("Forward (Alt+Right)")
        )
        self.contents_button = self._tool_button(self.tr("Contents"), self.tr("All the pages"))
        self.search_field = QLineEdit(self)
        self.search_field.setPlaceholderText(self.tr("Search the guide (Enter)"))
        self.search_field.setClearButtonEnabled(True)
        top = QHBoxLayout()
        for button in (self.back_button, self.forward_button, self.contents_button):
            top.addWidget(button)
        top.addWidget(self.search_field, 1)

        self.results = QListWidget(self)
        self.results.setObjectName("guideSearchResults")
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)  # one hit: a title and a line under it
        self.results.hide()
        self.view = GuideView(self)
        splitter = QSplitter(self)
        splitter.addWidget(self.results)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([280, 700])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.back_button.clicked.connect(self.view.backward)
        self.forward_button.clicked.connect(self.view.forward)
        self.contents_button.clicked.connect(lambda: self.open_page(guide.contents_page()))
        self.view.backwardAvailable.connect(self.back_button.setEnabled)
        self.view.forwardAvailable.connect(self.forward_button.setEnabled)
        self.view.sourceChanged.connect(self._source_changed)
        self.search_field.returnPressed.connect(self.search)
        self.results.itemActivated.connect(self._open_hit)
        self.results.itemClicked.connect(self._open_hit)
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)
        self._query = ""
        # Esc closes from anywhere: the text view would otherwise keep the key
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

    def _tool_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    def open_page(self, path: Path | None = None, anchor: str = "") -> None:
        url = QUrl.fromLocalFile(str(path or guide.start_page()))
        if anchor:
            url.setFragment(anchor)
        self.view.setSource(url)

    def page(self) -> Path:
        return Path(self.view.source().toLocalFile())

    def _source_changed(self, url: QUrl) -> None:
        title = self.view.documentTitle() or guide.title(Path(url.toLocalFile()))
        self.setWindowTitle(self.tr("%1 — Annotator User Guide").replace("%1", title))

    def search(self) -> None:
        """List the pages holding every word typed, guide pages first."""
        self._query = self.search_field.text().strip()
        self.results.clear()
        if not self._query:
            self.results.hide()
            return
        hits = guide.search(self._query)
        for hit in hits:
            line = " ".join(hit.line.replace("`", "").replace("*", "").split())
            line = line if len(line) <= 110 else line[:109] + "…"
            item = QListWidgetItem(f"{hit.title}\n{line}", self.results)
            item.setData(PathRole, str(hit.path))
            item.setToolTip(str(hit.path.name))
        if not hits:
            item = QListWidgetItem(self.tr("Nothing found for “%1”").replace("%1", self._query))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        self.results.show()
        if hits:
            self.results.setCurrentRow(0)
            self._open_hit(self.results.item(0))

    def _open_hit(self, item: QListWidgetItem) -> None:
        path = item.data(PathRole)
        if not path:
            return
        if Path(path) != self.page():
            self.open_page(Path(path))
        # once the list has taken its room (the page is laid out again), select the
        # first occurrence of the query's first word
        QTimer.singleShot(0, self._select_query)

    def _select_query(self) -> None:
        word = self._query.split()[0] if self._query else ""
        if word:
            self.view.moveCursor(QTextCursor.MoveOperation.Start)
            self.view.find(word)
            self.view.ensureCursorVisible()
