"""The main window: document list, article, label palette, annotations, status bar.

It is a thin layer: it turns keys and clicks into controller calls and repaints
from the controller's signals. Every change is a core edit, saved at once. This
module builds the widgets and the status bar; each concern of the window is a part
of its own, in this package:

* :mod:`.actions`: the actions, their shortcuts (the keymap) and the menus;
* :mod:`.documents`: the document list, its filters, moving between documents;
* :mod:`.spans`: labels and spans: applying, selecting, stepping, the span list;
* :mod:`.structure`: events and relations: picking arguments, the events tree;
* :mod:`.suggesting`: suggestions: drawing, Tab, accepting, rejecting, training;
* :mod:`.layers`: the layer edited, another annotator's compared, the agreement dialog;
* :mod:`.adjudicating`: the gold layer: disagreements side by side, a key per version;
* :mod:`.finding`: find in the article and search across the project;
* :mod:`.files`: new, open, recent, import and export;
* :mod:`.remote`: a shared server project: others' changes (Reload, a poll), conflicts;
* :mod:`.preferences`: theme, font, zoom, snapping, saved in settings.toml;
* :mod:`.dialogs`: the schema editor, Preferences, shortcuts, guide, statistics, About.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Status
from annotator.core.project import Project
from annotator.core.services import settings as user_settings
from annotator.core.services.keymap import Keymap
from annotator.core.services.settings import Settings
from annotator.qt import fonts, theme
from annotator.qt.controller import Controller
from annotator.qt.models.document_list import DocumentListModel
from annotator.qt.models.span_list import SpanListModel
from annotator.qt.picking import Picker
from annotator.qt.translations import core_text, fill, rich_plain
from annotator.qt.widgets.annotation_panel import AnnotationDetails, AnnotationPanel
from annotator.qt.widgets.article_view import ArticleView
from annotator.qt.widgets.find_bar import FindBar
from annotator.qt.widgets.label_palette import LabelPalette
from annotator.qt.widgets.pick_bar import PickBar
from annotator.qt.window.actions import WindowActions
from annotator.qt.window.adjudicating import Adjudicating
from annotator.qt.window.attachments import Attachments
from annotator.qt.window.coreference import Coreference
from annotator.qt.window.dialogs import Dialogs
from annotator.qt.window.documents import QUEUE_ORDERS, STATUS_FILTERS, DocumentNavigation
from annotator.qt.window.files import ProjectFiles
from annotator.qt.window.finding import Finding
from annotator.qt.window.fragments import Fragments
from annotator.qt.window.layers import LayeredDocumentList, Layers
from annotator.qt.window.preferences import Preferences
from annotator.qt.window.remote import RemoteChanges
from annotator.qt.window.spans import SpanEditing
from annotator.qt.window.structure import EventsAndRelations
from annotator.qt.window.suggesting import Suggesting


class MainWindow(QMainWindow):
    # a project file's Path, or a server project's URL (str): for the composition root
    openProjectRequested = Signal(object)  # noqa: N815

    def __init__(
        self,
        project: Project,
        keymap: Keymap,
        settings: QSettings,
        parent: QWidget | None = None,
        preferences: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        # before any text is laid out: flags and ZWJ sequences in colour, not boxes
        self.emoji_font = fonts.install_emoji_font()
        self.project = project
        self.keymap = keymap
        self.settings = settings  # window layout (QSettings); preferences are below
        # settings.toml; the composition root passes it (tests let the window read it)
        self.preferences = preferences or user_settings.load_lenient()[0]
        self.controller = Controller(project, self)
        self.actions_by_id: dict[str, QAction] = {}
        self._status_counts: dict[Status, int] | None = None  # cached for the status bar
        self.last_message: QMessageBox | None = None

        self._build_widgets()
        # The window's parts, one per concern; they talk to each other through it.
        self.documents = DocumentNavigation(self)
        self.spans = SpanEditing(self)
        self.structure = EventsAndRelations(self)
        self.fragments = Fragments(self)
        self.coreference = Coreference(self)
        self.suggesting = Suggesting(self)
        self.layers = Layers(self)
        self.adjudicating = Adjudicating(self)
        self.attachments = Attachments(self)
        self.finding = Finding(self)
        self.files = ProjectFiles(self)
        self.remote = RemoteChanges(self)
        self.appearance = Preferences(self)
        self.dialogs = Dialogs(self)
        self.window_actions = WindowActions(self)
        self._connect()
        self.spans.refresh_schema()
        self.update_title()
        self._restore_layout()
        self.appearance.apply(self.preferences, starting=True)
        self.documents.open_first()
        self.article.setFocus()  # keyboard first: the article has the keys from the start

    # -- construction ------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.article = ArticleView(self)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        self.pick_bar = PickBar(self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.pick_bar)
        layout.addWidget(self.article, 1)
        self.setCentralWidget(central)
        self._build_document_list()
        self.label_palette = LabelPalette(self)
        self.palette_dock = self._dock(
            "labels", self.tr("Labels"), self.label_palette, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self._build_span_list()
        self.picker = Picker(self.controller, self.article, self.pick_bar)
        self._build_status_bar()
        self.resize(1280, 800)

    def _build_document_list(self) -> None:
        """The document list with its filters, in the left dock."""
        self.document_model = LayeredDocumentList(self.project, self)
        self.document_table = QTableView(self)
        self.document_table.setObjectName("documentList")
        self.document_table.setModel(self.document_model)
        self.document_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.document_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.document_table.setShowGrid(False)
        self.document_table.setWordWrap(False)
        self.document_table.verticalHeader().hide()
        self.document_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.document_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.document_table.horizontalHeader()
        header.setSectionResizeMode(DocumentListModel.TITLE, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the font: ResizeToContents would ask the model for a
        # thousand rows on every reset (88 ms for 100,000 documents).
        metrics = self.fontMetrics()
        padding = 2 * metrics.horizontalAdvance("M")
        status_width = max(
            metrics.horizontalAdvance(text)
            for text in (
                self.tr("Status"),
                self.tr("adjudicated"),
                *(core_text(status) for status in Status),
            )
        )
        spans_width = max(
            metrics.horizontalAdvance(self.tr("Spans")), metrics.horizontalAdvance("000000")
        )
        for column, width in (
            (DocumentListModel.STATUS, status_width),
            (DocumentListModel.SPANS, spans_width),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width + padding)
        self.status_filter = QComboBox(self)
        for title, _statuses in STATUS_FILTERS:
            self.status_filter.addItem(self.tr(str(title)))
        # the queue order: as added, or least certain first (the model's certainty)
        self.order_filter = QComboBox(self)
        self.order_filter.setObjectName("queueOrder")
        for title, order in QUEUE_ORDERS:
            self.order_filter.addItem(self.tr(str(title)), order)
        self.order_filter.setToolTip(
            self.tr(
                "The order of the list and of Done and next: least certain first puts the "
                "documents the suggestion model is least sure of first"
            )
        )
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText(self.tr("Filter by text"))
        self.text_filter.setClearButtonEnabled(True)
        documents = QWidget(self)
        doc_layout = QVBoxLayout(documents)
        doc_layout.setContentsMargins(2, 2, 2, 2)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.order_filter)
        filters.addWidget(self.text_filter, 1)
        doc_layout.addLayout(filters)
        doc_layout.addWidget(self.document_table, 1)
        self.documents_dock = self._dock(
            "documents", self.tr("Documents"), documents, Qt.DockWidgetArea.LeftDockWidgetArea
        )

    def _build_span_list(self) -> None:
        """The annotations panel (spans, events, relations, warnings), in the right dock."""
        self.span_model = SpanListModel(self)
        # A table view: at 25,000 spans a list or tree view lays out every row (a Python
        # call each) after an insert; a table with fixed row heights does it in C++.
        self.span_list = QTableView(self)
        self.span_list.setObjectName("annotationList")
        self.span_list.setModel(self.span_model)
        self.span_list.horizontalHeader().hide()
        self.span_list.horizontalHeader().setStretchLastSection(True)
        rows = self.span_list.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 4)
        self.span_list.setShowGrid(False)
        self.span_list.setWordWrap(False)
        self.span_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.span_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.span_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.panel = AnnotationPanel(self.span_list, self)
        # below the tabs: the selected annotation's attributes, links and notes
        self.details = AnnotationDetails(self)
        annotations = QSplitter(Qt.Orientation.Vertical, self)
        annotations.setObjectName("annotationsSplitter")
        annotations.addWidget(self.panel)
        annotations.addWidget(self.details)
        annotations.setStretchFactor(0, 1)
        annotations.setCollapsible(0, False)
        self.annotations_dock = self._dock(
            "annotations",
            self.tr("Annotations"),
            annotations,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )

    def _build_status_bar(self) -> None:
        self.position_label = QLabel(self)
        self.progress_label = QLabel(self)
        self.selection_label = QLabel(self)
        self.selection_label.setTextFormat(Qt.TextFormat.PlainText)
        self.snap_label = QLabel(self)
        for label in (
            self.position_label,
            self.progress_label,
            self.selection_label,
            self.snap_label,
        ):
            label.setTextFormat(Qt.TextFormat.PlainText)  # label names are user data
        # The selection label changes with every key press: at a fixed size, a new text
        # repaints just the label; a label that may resize makes Qt re-lay out and
        # repaint the whole status bar (and the window behind it) each time.
        metrics = self.selection_label.fontMetrics()
        self.selection_label.setFixedSize(
            metrics.horizontalAdvance("Span T00000 Movement:Transport 000000–000000 (000 chars)"),
            self.selection_label.sizeHint().height(),
        )
        bar = self.statusBar()
        bar.addPermanentWidget(self.selection_label)
        bar.addPermanentWidget(self.snap_label)
        bar.addPermanentWidget(self.position_label)
        bar.addPermanentWidget(self.progress_label)
        if self.project.read_only:
            self.read_only_label = QLabel(self.tr("Read-only"), self)
            self.read_only_label.setToolTip(
                self.tr("Opened read-only: you can read, search and export; edits are not saved")
            )
            self.read_only_label.setStyleSheet(theme.error_style() + "; font-weight: bold")
            bar.addPermanentWidget(self.read_only_label)
        if self.project.is_server:
            # whose project this is, always in sight: it is shared (never the password)
            self.server_label = QLabel(self.tr("Shared: %1").replace("%1", self.project.name), self)
            self.server_label.setTextFormat(Qt.TextFormat.PlainText)
            self.server_label.setToolTip(
                self.tr(
                    "A shared project on %1: others' edits show within seconds (F5 now)"
                ).replace("%1", self.project.shown_location)
            )
            bar.addPermanentWidget(self.server_label)

    def single_shot(self, interval_ms: int, slot: Callable[[], None]) -> QTimer:
        """A single-shot timer that calls ``slot`` ``interval_ms`` after its last start."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{name}Dock")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        c = self.controller
        c.documentOpened.connect(self.documents.show_document)
        # after the article shows the new document: drawn over it, selected in it
        c.documentOpened.connect(lambda _id: self.layers.refresh())
        c.documentOpened.connect(lambda _id: self.adjudicating.document_opened())
        c.annotationsChanged.connect(self.spans.refresh_annotations)
        c.spansChanged.connect(self.spans.patch_spans)
        c.structureChanged.connect(self.structure.structure_changed)
        c.documentListChanged.connect(self.documents.list_changed)
        c.schemaChanged.connect(self.spans.refresh_schema)
        c.selectedSpanChanged.connect(self.spans.show_selected_span)
        c.errorRaised.connect(self.show_error)
        # said after the repaint that met the damage, not inside it
        self.document_model.unreadable.connect(self.show_error, Qt.ConnectionType.QueuedConnection)
        c.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self.document_table.selectionModel().currentRowChanged.connect(self.documents.row_chosen)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.documents.apply_filter())
        self.order_filter.currentIndexChanged.connect(lambda _i: self.documents.apply_filter())
        self.text_filter.textChanged.connect(lambda _t: self.documents.filter_soon())
        self.article.selectionChangedOffsets.connect(self.spans.selection_changed)
        self.article.spanClicked.connect(self.spans.span_clicked)
        # what spans carry, as the list has it after each attachmentsChanged: marked in
        # the article too
        self.span_model.markersChanged.connect(
            lambda markers: self.article.set_attached(
                {span_id: lines for span_id, (_marker, lines) in markers.items()}
            )
        )
        self.label_palette.labelChosen.connect(self.spans.apply_label)
        self.span_list.clicked.connect(self.spans.span_row_chosen)
        self.span_list.activated.connect(self.spans.span_row_chosen)
        self.find_bar.findRequested.connect(self.finding.find_next)
        self.panel.spanChosen.connect(self.structure.panel_span_chosen)
        self.panel.eventChosen.connect(self.structure.panel_event_chosen)
        self.panel.deleteRequested.connect(self.structure.panel_delete)
        self.panel.reroleRequested.connect(self.structure.panel_rerole)
        self.panel.leaveRequested.connect(self.article.setFocus)
        self.picker.finished.connect(self.structure.show_relations_of_selection)
        self.attachments.wire()
        self.find_bar.closed.connect(self.article.setFocus)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        size = self.settings.value("view/font_size")
        if size is not None:
            font = self.article.font()
            font.setPointSizeF(float(str(size)))
            self.article.setFont(font)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        # Nothing to save: every edit is already committed. Only the layout is kept.
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("view/font_size", self.article.font().pointSizeF())
        self.settings.sync()
        self.suggesting.shutdown()  # the training process, the worker thread
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.PaletteChange and self.project.read_only:
            # the error red is adjusted to the new window background
            self.read_only_label.setStyleSheet(theme.error_style() + "; font-weight: bold")
        super().changeEvent(event)

    # -- what the parts share ------------------------------------------------------
    def go_to_document(self, document_id: int) -> None:
        """Open a document and select its row (see :class:`.DocumentNavigation`)."""
        self.documents.go_to(document_id)

    def status_counts_changed(self) -> None:
        self._status_counts = None

    def update_status(self) -> None:
        total = self.document_model.rowCount()
        row = self.document_model.row_of(self.controller.document_id or -1)
        position = "–" if row is None else str(row + 1)
        self.position_label.setText(fill(self.tr("Document %1 of %2"), position, str(total)))
        if self._status_counts is None:
            self._status_counts = self.project.status_counts()
        counts = self._status_counts
        done, all_documents = counts[Status.DONE], sum(counts.values())
        percent = 100 * done // all_documents if all_documents else 0
        self.progress_label.setText(
            fill(self.tr("Done %1 of %2 (%3%)"), str(done), str(all_documents), str(percent))
        )
        self.snap_label.setText(
            self.tr("Snap: tokens") if self.controller.snap else self.tr("Snap: exact")
        )
        self.layers.update_label()
        start, end = self.article.selection()
        self.update_selection_label(start, end)

    def update_selection_label(self, start: int, end: int) -> None:
        span = self.controller.selected_span()
        if span is not None and len(span.pieces) > 1:
            # what is annotated: the pieces' characters, not the gaps between them
            text = fill(
                self.tr("Span %1 %2 %3–%4, %5 pieces (%6 chars)"),
                span.uid,
                span.label,
                str(span.start),
                str(span.end),
                str(len(span.pieces)),
                str(sum(right - left for left, right in span.pieces)),
            )
        elif span is not None:
            text = fill(
                self.tr("Span %1 %2 %3–%4 (%5 chars)"),
                span.uid,
                span.label,
                str(span.start),
                str(span.end),
                str(span.end - span.start),
            )
        elif (proposed := self.suggesting.selected) is not None and start == end:
            text = fill(
                self.tr("Suggestion %1 %2–%3"),
                proposed.label,
                str(proposed.start),
                str(proposed.end),
            )
        elif start == end:
            text = self.tr("Caret %1").replace("%1", str(start))
        else:
            text = fill(
                self.tr("Selection %1–%2 (%3 chars)"), str(start), str(end), str(end - start)
            )
        label = self.selection_label
        # fixed width (see __init__): a long label name is elided, the whole text is the tip
        shown = label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, label.width())
        label.setText(shown)  # plain text (see __init__): a label name is not markup
        # A tooltip is rich text when it looks like it: escaped in a paragraph, a label
        # named "<b>X</b>" shows as typed.
        label.setToolTip(rich_plain(text) if shown != text else "")

    def update_title(self) -> None:
        where = self.project.shown_location  # a server URL without its password
        read_only = self.tr(" [read-only]") if self.project.read_only else ""
        self.setWindowTitle(
            fill(
                self.tr("%1%2 — %3 — Annotator (%4)"),
                self.project.name,
                read_only,
                self.layers.layer_title(),
                where,
            )
        )

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message)

    def show_error(self, message: str) -> None:
        self.inform(self.tr("Annotator"), message, QMessageBox.Icon.Warning)

    def inform(
        self, title: str, message: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information
    ) -> QMessageBox:
        """A window-modal message that does not block the caller (Enter or Esc closes it)."""
        box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # names and paths are shown as they are
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.last_message = box
        return box
