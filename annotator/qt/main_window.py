"""The main window: document list, article, label palette, annotations, status bar.

It is a thin layer: it turns keys and clicks into controller calls and repaints
from the controller's signals. Every change is a core edit, saved at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.analysis import search
from annotator.core.analysis.search import find_in_text
from annotator.core.editing import edits
from annotator.core.errors import AnnotatorError, InputError, no_progress
from annotator.core.io import formats, schema_sources
from annotator.core.io.base import ExportOptions, ReadContext
from annotator.core.io.formats import ExportResult
from annotator.core.model import Annotations, Event, Span, Status, schemas
from annotator.core.project import Project
from annotator.core.services import recent
from annotator.core.services import settings as user_settings
from annotator.core.services.keymap import ACTIONS, ARTICLE, Conflict, Keymap
from annotator.core.services.settings import AnnotatingSettings, Settings, SettingsError
from annotator.qt import theme
from annotator.qt.controller import Controller
from annotator.qt.models.document_list import DocumentListModel
from annotator.qt.models.span_list import SpanListModel
from annotator.qt.picking import Picker
from annotator.qt.tasks import run_in_background
from annotator.qt.translations import core_text, fill
from annotator.qt.widgets.annotation_panel import AnnotationPanel
from annotator.qt.widgets.article_view import ArticleView
from annotator.qt.widgets.find_bar import FindBar
from annotator.qt.widgets.label_palette import LabelPalette
from annotator.qt.widgets.pick_bar import PickBar

# Dialogs load on first use: every module imported at start-up costs cold-start time.
if TYPE_CHECKING:
    from annotator.qt.dialogs.help_browser import HelpBrowser
    from annotator.qt.dialogs.statistics_dialog import StatisticsDialog

# The events tree and warnings of a newly opened document fill in this long after it
# (time enough for the article's first paint).
STRUCTURE_AFTER_OPEN_MS = 50
STRUCTURE_FALLBACK_MS = 500
SPAN_LIST_AFTER_KEYS_MS = 120

STATUS_FILTERS = (
    (QT_TRANSLATE_NOOP("MainWindow", "All documents"), ()),
    (QT_TRANSLATE_NOOP("MainWindow", "To do"), (Status.TODO,)),
    (QT_TRANSLATE_NOOP("MainWindow", "Done"), (Status.DONE,)),
    (QT_TRANSLATE_NOOP("MainWindow", "Skipped"), (Status.SKIPPED,)),
)


class MainWindow(QMainWindow):
    openProjectRequested = Signal(Path)  # noqa: N815 - handled by the composition root

    def __init__(
        self,
        project: Project,
        keymap: Keymap,
        settings: QSettings,
        parent: QWidget | None = None,
        preferences: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.keymap = keymap
        self.settings = settings  # window layout (QSettings); preferences are below
        # settings.toml; the composition root passes it (tests let the window read it)
        self.preferences = preferences or user_settings.load_lenient()[0]
        self.controller = Controller(project, self)
        self.actions_by_id: dict[str, QAction] = {}
        self._status_counts: dict[Status, int] | None = None  # cached for the status bar
        self._label_actions: list[QAction] = []
        self.help_browser: HelpBrowser | None = None
        self.statistics_dialog: StatisticsDialog | None = None

        self._build_widgets()
        self._article_font = QFont(self.article.font())  # the default, before any zoom
        self._build_actions()
        self._build_menus()
        self._connect()
        self._refresh_schema()
        self._update_title()
        self._restore_layout()
        self.apply_preferences(self.preferences, starting=True)
        self._open_first_document()
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

        # document list with its filters
        self.document_model = DocumentListModel(self.project, self)
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
            for text in (self.tr("Status"), *(core_text(status) for status in Status))
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
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText(self.tr("Filter by text"))
        self.text_filter.setClearButtonEnabled(True)
        self._filter_timer = self._single_shot(200, self._apply_filter)
        documents = QWidget(self)
        doc_layout = QVBoxLayout(documents)
        doc_layout.setContentsMargins(2, 2, 2, 2)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.text_filter, 1)
        doc_layout.addLayout(filters)
        doc_layout.addWidget(self.document_table, 1)
        self.documents_dock = self._dock(
            "documents", self.tr("Documents"), documents, Qt.DockWidgetArea.LeftDockWidgetArea
        )

        self.label_palette = LabelPalette(self)
        self.palette_dock = self._dock(
            "labels", self.tr("Labels"), self.label_palette, Qt.DockWidgetArea.RightDockWidgetArea
        )
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
        self.annotations_dock = self._dock(
            "annotations",
            self.tr("Annotations"),
            self.panel,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.picker = Picker(self.controller, self.article, self.pick_bar)
        self._event_id: int | None = None  # the event the user works on (shared triggers)
        self._structure_timer = self._single_shot(250, self._refresh_structure)
        # After opening a document the events tree and warnings wait until the article
        # has painted (then STRUCTURE_AFTER_OPEN_MS more), so the text shows first; the
        # fallback covers a window that does not paint (hidden or minimised).
        self._structure_due = False
        self._open_timer = self._single_shot(
            STRUCTURE_AFTER_OPEN_MS, self._refresh_structure_if_due
        )
        self._open_fallback = self._single_shot(
            STRUCTURE_FALLBACK_MS, self._refresh_structure_if_due
        )
        self._stale_rows: set[int] = set()
        self._stale_rows_timer = self._single_shot(300, self._refresh_stale_rows)
        # The span list takes key-press changes once the keys pause: inserting a row
        # redraws the whole list (~1 ms), which a key press should not wait for.
        self._pending_list: list[tuple[list[Span], list[Span]]] = []
        self._span_list_timer = self._single_shot(SPAN_LIST_AFTER_KEYS_MS, self._flush_span_list)

        self.position_label = QLabel(self)
        self.progress_label = QLabel(self)
        self.selection_label = QLabel(self)
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
        self.resize(1280, 800)

    def _single_shot(self, interval_ms: int, slot: Callable[[], None]) -> QTimer:
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

    def _build_actions(self) -> None:
        handlers: dict[str, Callable[[], object]] = {
            "file.new": self.new_project,
            "file.open": self.open_project,
            "file.import": self.import_files,
            "file.export": self.export_project,
            "file.quit": self.close,
            "edit.undo": self.controller.undo_stack.undo,
            "edit.redo": self.controller.undo_stack.redo,
            "span.next": lambda: self.step_span(True),
            "span.previous": lambda: self.step_span(False),
            "span.delete": self.controller.delete_selected_span,
            "selection.clear": self.clear_selection,
            "selection.toggle_snap": self.toggle_snap,
            "find.article": self.find_bar.open_bar,
            "find.project": self.search_project,
            "doc.done_next": lambda: self.finish_document(Status.DONE),
            "doc.skip_next": lambda: self.finish_document(Status.SKIPPED),
            "doc.next": lambda: self.step_document(1),
            "doc.previous": lambda: self.step_document(-1),
            "view.zoom_in": lambda: self.zoom(1),
            "view.zoom_out": lambda: self.zoom(-1),
            "help.shortcuts": self.show_shortcuts,
            "help.guide": self.show_guide,
            "edit.schema": self.edit_schema,
            "edit.preferences": self.edit_preferences,
            "event.argument": self.start_argument,
            "event.share_trigger": self.share_trigger,
            "relation.add": self.start_relation,
            "view.focus_article": self.article.setFocus,
            "view.focus_annotations": self.focus_annotations,
            "view.focus_documents": self.document_table.setFocus,
            "view.statistics": self.show_statistics,
        }
        for number in range(1, 10):
            handlers[f"label.assign_{number}"] = partial(self.apply_label_number, number)
        for action in ACTIONS:
            qaction = QAction(core_text(action.title), self)
            qaction.setObjectName(action.id)
            qaction.setShortcuts([QKeySequence(k) for k in self.keymap.keys(action.id)])
            qaction.triggered.connect(lambda _checked=False, h=handlers[action.id]: h())
            if action.context == ARTICLE:
                qaction.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.article.addAction(qaction)
            else:
                qaction.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                self.addAction(qaction)
            self.actions_by_id[action.id] = qaction
        # The Edit menu names what will be undone ("Undo Add PER span").
        stack = self.controller.undo_stack
        undo, redo = self.actions_by_id["edit.undo"], self.actions_by_id["edit.redo"]
        undo.setEnabled(False)
        redo.setEnabled(False)
        stack.canUndoChanged.connect(undo.setEnabled)
        stack.canRedoChanged.connect(redo.setEnabled)
        stack.undoTextChanged.connect(
            lambda text: undo.setText(
                self.tr("Undo %1").replace("%1", text) if text else self.tr("Undo")
            )
        )
        stack.redoTextChanged.connect(
            lambda text: redo.setText(
                self.tr("Redo %1").replace("%1", text) if text else self.tr("Redo")
            )
        )

    def _build_menus(self) -> None:
        a = self.actions_by_id
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(a["file.new"])
        file_menu.addAction(a["file.open"])
        self.recent_menu = QMenu(self.tr("Open &Recent"), self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(a["file.import"])
        import_folder = QAction(self.tr("Import Folder…"), self)
        import_folder.triggered.connect(self.import_folder)
        file_menu.addAction(import_folder)
        import_as = QAction(self.tr("Import As…"), self)
        import_as.triggered.connect(self.import_as)
        file_menu.addAction(import_as)
        file_menu.addAction(a["file.export"])
        file_menu.addSeparator()
        file_menu.addAction(a["file.quit"])

        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(a["edit.undo"])
        edit_menu.addAction(a["edit.redo"])
        edit_menu.addSeparator()
        edit_menu.addAction(a["edit.schema"])
        edit_menu.addSeparator()
        a["edit.preferences"].setMenuRole(QAction.MenuRole.PreferencesRole)
        edit_menu.addAction(a["edit.preferences"])

        annotate = bar.addMenu(self.tr("&Annotate"))
        self.labels_menu = annotate.addMenu(self.tr("Apply &Label"))
        for action_id in (
            "span.next",
            "span.previous",
            "span.delete",
            "selection.clear",
            "selection.toggle_snap",
        ):
            annotate.addAction(a[action_id])

        document = bar.addMenu(self.tr("&Document"))
        for action_id in ("doc.done_next", "doc.skip_next", "doc.next", "doc.previous"):
            document.addAction(a[action_id])

        find = bar.addMenu(self.tr("F&ind"))
        find.addAction(a["find.article"])
        find.addAction(a["find.project"])

        view = bar.addMenu(self.tr("&View"))
        view.addAction(a["view.zoom_in"])
        view.addAction(a["view.zoom_out"])
        view.addSeparator()
        for dock in (self.documents_dock, self.palette_dock, self.annotations_dock):
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        view.addAction(a["view.statistics"])
        view.addSeparator()
        self._build_theme_menu(view)

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(a["help.guide"])
        help_menu.addAction(a["help.shortcuts"])
        about = QAction(self.tr("About Annotator"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _connect(self) -> None:
        c = self.controller
        c.documentOpened.connect(self._show_document)
        c.annotationsChanged.connect(self._refresh_annotations)
        c.spansChanged.connect(self._patch_spans)
        c.structureChanged.connect(self._structure_changed)
        c.documentListChanged.connect(self._document_list_changed)
        c.schemaChanged.connect(self._refresh_schema)
        c.selectedSpanChanged.connect(self._show_selected_span)
        c.errorRaised.connect(self.show_error)
        c.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self.document_table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.status_filter.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.text_filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self.article.selectionChangedOffsets.connect(self._selection_changed)
        self.article.spanClicked.connect(self._span_clicked)
        self.label_palette.labelChosen.connect(self.apply_label)
        self.span_list.clicked.connect(self._span_row_chosen)
        self.span_list.activated.connect(self._span_row_chosen)
        self.find_bar.findRequested.connect(self.find_next)
        self.panel.spanChosen.connect(self._panel_span_chosen)
        self.panel.eventChosen.connect(self._panel_event_chosen)
        self.panel.deleteRequested.connect(self._panel_delete)
        self.panel.reroleRequested.connect(self._panel_rerole)
        self.panel.leaveRequested.connect(self.article.setFocus)
        self.picker.finished.connect(self._show_relations_of_selection)
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
        super().closeEvent(event)

    # -- documents -----------------------------------------------------------------
    def _open_first_document(self) -> None:
        first = self.controller.next_todo() or self.document_model.document_id(0)
        if first is not None:
            self.go_to_document(first)
        self._update_status()

    def go_to_document(self, document_id: int) -> None:
        row = self.document_model.row_of(document_id)
        if row is None:  # filtered out of the list: open it anyway
            self.controller.open_document(document_id)
            return
        self.document_table.selectRow(row)
        self.document_table.scrollTo(self.document_model.index(row, 0))
        self.controller.open_document(document_id)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        document_id = self.document_model.document_id(current.row())
        if document_id is not None:
            self.controller.open_document(document_id)

    def step_document(self, step: int) -> None:
        ids = self.document_model.ids()
        if not ids:
            return
        current = self.document_model.row_of(self.controller.document_id or -1)
        row = 0 if current is None else max(0, min(len(ids) - 1, current + step))
        self.go_to_document(ids[row])
        self.article.setFocus()

    def finish_document(self, status: Status) -> None:
        if self.controller.document is None:
            return
        if not self.controller.set_status(status):
            return
        following = self.controller.next_todo()
        if following is None:
            self.statusBar().showMessage(self.tr("Every document is done or skipped."), 6000)
            return
        self.go_to_document(following)
        self.article.setFocus()

    def _show_document(self, document_id: int) -> None:
        document = self.controller.document
        if document is None:
            return
        self.picker.cancel()
        self._event_id = None
        self.article.set_document(document.text, self.controller.annotations.spans)
        self._pending_list = []
        self.span_model.set_spans(document.text, self.controller.annotations.spans)
        # the events tree and the schema warnings check the whole document: right
        # after the article has painted, not before
        self.panel.show_annotations(document.text, Annotations(()))
        self.panel.show_warnings([])
        self._structure_due = True
        self.article.after_next_paint(self._open_timer.start)
        self._open_fallback.start()
        self._mark_current_row()
        self._update_status()

    def _mark_current_row(self) -> None:
        """Select the open document's row without re-opening it."""
        if self.controller.document_id is None:
            return
        row = self.document_model.row_of(self.controller.document_id)
        if row is not None and self.document_table.currentIndex().row() != row:
            blocked = self.document_table.selectionModel().blockSignals(True)
            self.document_table.selectRow(row)
            self.document_table.selectionModel().blockSignals(blocked)

    def _refresh_annotations(self) -> None:
        document = self.controller.document
        if document is None:
            return
        spans = self.controller.annotations.spans
        self.article.set_spans(spans)
        self._pending_list = []
        self.span_model.set_spans(document.text, spans)
        self._refresh_structure()
        self._show_selected_span(self.controller.selected_span_id)
        self._update_status()

    def _patch_spans(self, removed: list[Span], added: list[Span]) -> None:
        self.article.patch_spans(removed, added)
        self._pending_list.append((removed, added))
        self._span_list_timer.start()
        # The events tree and the warnings re-check the whole document: do it once the
        # keys pause, not inside every keystroke (events and relations refresh at once).
        self._structure_timer.start()
        self._show_selected_span()

    def _document_list_changed(self, changes: edits.Changes) -> None:
        if "documents" in changes.tables:
            # added, removed or re-statused documents: the filtered id list may change
            self.document_model.reload()
            self._status_counts = None
            self._mark_current_row()
            self._update_status()
        else:
            # only span counts changed: refresh those rows once the keys pause, not
            # inside every keystroke
            self._stale_rows.update(changes.documents)
            self._stale_rows_timer.start()

    def _refresh_stale_rows(self) -> None:
        stale, self._stale_rows = sorted(self._stale_rows), set()
        self.document_model.mark_stale(stale)

    def _apply_filter(self) -> None:
        statuses = STATUS_FILTERS[self.status_filter.currentIndex()][1]
        self.document_model.set_filter(statuses, self.text_filter.text().strip())
        self._mark_current_row()
        self._update_status()

    # -- labels and spans --------------------------------------------------------------
    def _refresh_schema(self) -> None:
        schema = self.project.schema
        colors = {label.name: label.color for label in schema.labels}
        self.article.set_colors(colors)
        self.span_model.set_colors(colors)
        span_labels = self.controller.span_labels()
        self.label_palette.set_labels(span_labels, schema.relations)
        # one action per schema key, active in the article like the number keys
        for action in self._label_actions:
            self.article.removeAction(action)
            action.deleteLater()
        self._label_actions = []
        self.labels_menu.clear()
        for number, label in enumerate(span_labels, 1):
            keys = list(self.keymap.keys(f"label.assign_{number}")) if number <= 9 else []
            if label.key:
                keys.append(label.key.upper())
            # The menu shows the keys; the shortcuts themselves live on the article.
            menu_action = QAction(f"{label.name}\t{', '.join(keys)}", self)
            menu_action.triggered.connect(lambda _c=False, n=label.name: self.apply_label(n))
            self.labels_menu.addAction(menu_action)
            if label.key:
                action = QAction(label.name, self)
                action.setShortcut(QKeySequence(label.key.upper()))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                action.triggered.connect(lambda _c=False, n=label.name: self.apply_label(n))
                self.article.addAction(action)
                self._label_actions.append(action)
        conflicts = self.conflicts()
        if conflicts:
            self.statusBar().showMessage(
                self.tr("Shortcut conflicts: ") + "; ".join(str(c) for c in conflicts), 15000
            )

    def conflicts(self) -> list[Conflict]:
        label_keys = {label.key: label.name for label in self.controller.span_labels() if label.key}
        return self.keymap.conflicts(label_keys)

    def apply_label_number(self, number: int) -> None:
        label = self.controller.label_for_number(number)
        if label is None:
            self.statusBar().showMessage(
                self.tr("No label has the number %1").replace("%1", str(number)), 4000
            )
            return
        self.apply_label(label.name)

    def apply_label(self, name: str) -> None:
        start, end = self.article.selection()
        self.controller.apply_label(name, start, end)
        self.article.setFocus()

    def step_span(self, forward: bool) -> None:
        offset = self.article.selection()[1 if forward else 0]
        span = self.controller.neighbour_span(offset, forward)
        if span is not None:
            self.controller.select_span(span.id)

    def clear_selection(self) -> None:
        self.controller.select_span(None)
        self.article.clear_selection()

    def toggle_snap(self) -> None:
        self.controller.snap = not self.controller.snap
        self._update_status()
        snapping = "tokens" if self.controller.snap else "characters"
        self.save_preferences(
            replace(self.preferences, annotating=AnnotatingSettings(snapping=snapping))
        )

    def _show_selected_span(self, _span_id: object = None) -> None:
        span = self.controller.selected_span()
        self.article.set_selected_span(span)
        self._show_relations_of_selection()
        start, end = self.article.selection()
        self._update_selection_label(start, end)
        self._select_span_row(span)

    def _select_span_row(self, span: Span | None) -> None:
        if span is None:
            self.span_list.clearSelection()
            return
        if self._pending_list:
            return  # the list catches up (and selects it) when the keys pause
        row = self.span_model.row_of(span.id, span)
        if row is not None:
            index = self.span_model.index(row)
            selection = self.span_list.selectionModel()
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.span_list.scrollTo(index)

    def _flush_span_list(self) -> None:
        """Apply the span changes the list has not shown yet, and select the span."""
        self._span_list_timer.stop()
        pending, self._pending_list = self._pending_list, []
        for removed, added in pending:
            self.span_model.patch(removed, added)
        if pending:
            self._select_span_row(self.controller.selected_span())

    def _span_row_chosen(self, index: QModelIndex) -> None:
        span = self.span_model.span_at(index.row())  # the row as shown, before catching up
        self._flush_span_list()
        if span is not None and self.controller.span(span.id) is not None:
            self.controller.select_span(span.id)
            self.article.setFocus()

    def _span_clicked(self, offset: int) -> None:
        if self.picker.active and self.picker.choose_at(offset):
            return
        spans = self.article.spans_at(offset)
        if spans:
            innermost = min(spans, key=lambda s: (s.end - s.start, s.start))
            self.controller.select_span(innermost.id)

    def _selection_changed(self, start: int, end: int) -> None:
        if self.controller.selected_span_id is not None:
            self.controller.select_span(None)  # the user moved on from the span
        self._update_selection_label(start, end)

    # -- events and relations ------------------------------------------------------------
    def _structure_changed(self) -> None:
        self._structure_timer.stop()
        self._refresh_structure()
        self._show_relations_of_selection()

    def _refresh_structure_if_due(self) -> None:
        if self._structure_due:
            self._refresh_structure()

    def _refresh_structure(self) -> None:
        """Events tree, relations list and warnings of the open document."""
        self._structure_due = False
        self._open_timer.stop()
        self._open_fallback.stop()
        document = self.controller.document
        if document is None:
            return
        annotations = self.controller.annotations
        self.panel.show_annotations(document.text, annotations)
        self.panel.select_event(self._event_id)
        self.panel.show_warnings(self.controller.warnings())

    def current_event(self) -> Event | None:
        """The selected trigger's event (the one chosen in the panel if it shares one)."""
        span = self.controller.selected_span()
        events = self.controller.events
        if span is None:
            return next((e for e in events if e.id == self._event_id), None)
        on_trigger = [e for e in events if e.trigger_id == span.id]
        chosen = next((e for e in on_trigger if e.id == self._event_id), None)
        return chosen or (on_trigger[0] if on_trigger else None)

    def start_argument(self) -> None:
        event = self.current_event()
        if event is None:
            self.statusBar().showMessage(
                self.tr(
                    "Select an event's trigger first (Tab to it, or label a word "
                    "with an event type)"
                ),
                5000,
            )
            return
        self._event_id = event.id
        self.picker.start_argument(event)

    def start_relation(self) -> None:
        span = self.controller.selected_span()
        if span is None:
            self.statusBar().showMessage(self.tr("Select the relation's head span first"), 5000)
            return
        self.picker.start_relation(span)

    def share_trigger(self) -> None:
        span = self.controller.selected_span()
        if span is None:
            self.statusBar().showMessage(self.tr("Select a trigger first"), 5000)
            return
        edit = edits.AddEvent(span.id)
        if self.controller.apply(edit):
            self._event_id = edit.event_id
            self._refresh_structure()
            self._show_relations_of_selection()

    def edit_schema(self) -> None:
        from annotator.qt.dialogs.schema_editor import SchemaEditorDialog

        SchemaEditorDialog(self.controller, self).exec()

    def focus_annotations(self) -> None:
        self.annotations_dock.show()
        current = self.panel.currentWidget()
        if current is not None:
            current.setFocus()

    def _show_relations_of_selection(self) -> None:
        """Light up the selected event's arguments (with roles) and the span's relations."""
        if self.picker.active:
            return
        span = self.controller.selected_span()
        if span is None:
            self.article.set_tags([])
            return
        tags: list[tuple[Span, str]] = []
        event = self.current_event()
        if event is not None:
            triggers = {e.id: e.trigger_id for e in self.controller.events}
            for argument in event.arguments:
                target_id = (
                    argument.span_id
                    if argument.span_id is not None
                    else triggers.get(argument.event_ref_id or -1)
                )
                target = self.controller.span(target_id)
                if target is not None:
                    tags.append((target, argument.role))
        for relation in self.controller.relations:
            if relation.head_id == span.id and (tail := self.controller.span(relation.tail_id)):
                tags.append((tail, f"→ {relation.type}"))
            elif relation.tail_id == span.id and (head := self.controller.span(relation.head_id)):
                tags.append((head, f"← {relation.type}"))
        self.article.set_tags(tags)

    def _panel_span_chosen(self, span_id: int) -> None:
        self.controller.select_span(span_id)
        self.article.setFocus()

    def _panel_event_chosen(self, event_id: int) -> None:
        self._event_id = event_id
        self._show_relations_of_selection()

    def _panel_delete(self, kind: str, item_id: int) -> None:
        edit: edits.Edit
        if kind == "event":
            edit = edits.DeleteEvent(item_id)
        elif kind == "argument":
            edit = edits.RemoveArgument(item_id)
        else:
            edit = edits.DeleteRelation(item_id)
        self.controller.apply(edit)

    def _panel_rerole(self, argument_id: int) -> None:
        for event in self.controller.events:
            for argument in event.arguments:
                if argument.id == argument_id:
                    self.article.setFocus()
                    self.picker.start_rerole(event, argument)
                    return

    # -- find ------------------------------------------------------------------
    def find_next(self, query: str, backwards: bool) -> None:
        document = self.controller.document
        if document is None or not query:
            return
        start, end = self.article.selection()
        found = find_in_text(document.text, query, start if backwards else end, backwards=backwards)
        if found is None:
            self.find_bar.status.setText(self.tr("not found"))
            return
        self.find_bar.status.clear()
        self.controller.select_span(None)
        self.article.select(found, found + len(query))
        self.article.setFocus()

    def search_project(self) -> None:
        if not self._index_for_search():
            return
        from annotator.qt.dialogs.project_search import ProjectSearchDialog

        dialog = ProjectSearchDialog(self.project, self)
        dialog.hitChosen.connect(self._open_hit)
        dialog.exec()

    def _index_for_search(self) -> bool:
        """Index texts imported since the last search, on a worker thread when many.

        Searching indexes what is missing anyway; doing a large catch-up here keeps
        the window responsive and gives it a progress bar and Cancel.
        """
        project_path = self.project.path
        if self.project.read_only:  # cannot index: the search scans what is not indexed
            return True
        if project_path is None or search.index_lag(self.project.db) < 2000:
            return True

        def job(progress: Callable[[int, int], None]) -> int:
            with Project.open(project_path, lock=False) as own_connection:
                return search.catch_up(own_connection.db, progress)

        outcome = run_in_background(self, self.tr("Indexing texts for search…"), job)
        if outcome.state == "failed":
            self.show_error(outcome.message)
        return outcome.state == "done"

    def _open_hit(self, document_id: int, start: int, end: int) -> None:
        self.go_to_document(document_id)
        self.article.select(start, end)
        self.article.setFocus()

    # -- status bar ------------------------------------------------------------
    def _update_status(self) -> None:
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
        start, end = self.article.selection()
        self._update_selection_label(start, end)

    def _update_selection_label(self, start: int, end: int) -> None:
        span = self.controller.selected_span()
        if span is not None:
            text = fill(
                self.tr("Span %1 %2 %3–%4 (%5 chars)"),
                span.uid,
                span.label,
                str(span.start),
                str(span.end),
                str(span.end - span.start),
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
        label.setText(shown)
        label.setToolTip(text if shown != text else "")

    def _update_title(self) -> None:
        where = str(self.project.path) if self.project.path else self.project.name
        read_only = self.tr(" [read-only]") if self.project.read_only else ""
        self.setWindowTitle(
            fill(self.tr("%1%2 — Annotator (%3)"), self.project.name, read_only, where)
        )

    # -- files -----------------------------------------------------------------
    def new_project(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("New project"), str(Path.home()), self.tr("Annotator projects (*.annot)")
        )
        if not path:
            return
        names = schemas.builtin_names()
        choice, ok = QInputDialog.getItem(
            self,
            self.tr("Schema"),
            self.tr("Labels for the new project:"),
            [*names, self.tr("From a file…")],
            names.index(schemas.DEFAULT_SCHEMA),
            False,
        )
        if not ok:
            return
        try:
            if choice in names:
                schema = schema_sources.load(choice)
            else:
                schema_file, _f = QFileDialog.getOpenFileName(
                    self, self.tr("Schema file"), "", self.tr("Schemas (*.toml *.json)")
                )
                if not schema_file:
                    return
                schema = schema_sources.load(Path(schema_file))
            target = Path(path)
            if not target.suffix:
                target = target.with_suffix(".annot")
            if target.exists():
                raise AnnotatorError(
                    self.tr("%1: already exists; choose another name").replace("%1", str(target))
                )
            Project.create(target, schema).close()
        except AnnotatorError as exc:
            self.show_error(str(exc))
            return
        self.openProjectRequested.emit(target)

    def open_project(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Open project"),
            str(Path.home()),
            self.tr("Annotator projects (*.annot);;All files (*)"),
        )
        if path:
            self.openProjectRequested.emit(Path(path))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        entries = [p for p in recent.load() if p.exists()]
        if not entries:
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)
        for path in entries:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.openProjectRequested.emit(p))

    def import_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import documents"),
            str(Path.home()),
            self.tr(
                "Documents (*.jsonl *.ndjson *.txt *.ann *.json *.conll *.bio *.iob *.tsv "
                "*.html *.htm);;All files (*)"
            ),
        )
        if files:
            self.import_paths([Path(f) for f in files])

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Import a folder (.txt, brat .txt + .ann, or .html)")
        )
        if folder:
            self.import_paths([Path(folder)])

    def import_as(self) -> None:
        """Import files in a chosen format, when name and content do not tell.

        Folders (brat, .txt, .html) are told apart by what they hold: Import Folder….
        """
        names = {f"{fmt.title} ({fmt.name})": fmt.name for fmt in formats.IMPORTS.values()}
        choice, ok = QInputDialog.getItem(
            self, self.tr("Import As"), self.tr("Format:"), list(names), 0, False
        )
        if not ok:
            return
        fmt = names[choice]
        files, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Import documents"), str(Path.home()), self.tr("All files (*)")
        )
        if files:
            self.import_paths([Path(f) for f in files], fmt)

    def import_paths(self, paths: list[Path], fmt: str = "auto") -> bool:
        """Import files or folders on a worker thread (all or nothing; Cancel undoes it)."""
        if self.project.read_only:
            self.show_error(
                self.tr("%1 is open read-only; nothing can be imported into it.").replace(
                    "%1", self.project.name
                )
            )
            return False
        context = ReadContext()
        project_path = self.project.path
        nothing = self.tr("nothing to import: no documents in %1").replace(
            "%1", ", ".join(str(p) for p in paths)
        )

        def job(progress: Callable[[int, int], None]) -> edits.ImportDocuments:
            records = formats.read(paths, fmt, progress=progress, context=context)
            if not records:
                raise InputError(nothing)
            edit = edits.ImportDocuments(records, progress, context.schema)
            if project_path is None:  # an in-memory project has no file to share
                self.project.apply(edit)
            else:
                with Project.open(project_path, lock=False) as own_connection:
                    own_connection.apply(edit)
            edit.progress = no_progress
            return edit

        outcome = run_in_background(self, self.tr("Importing…"), job)
        if outcome.state == "cancelled":
            self.statusBar().showMessage(self.tr("Import cancelled; nothing was imported."), 6000)
            return False
        if outcome.state == "failed":
            self.show_error(outcome.message)
            return False
        edit = outcome.value
        self.controller.adopt(edit)
        lines = edit.report.lines() + [
            self.tr("warning: %1").replace("%1", w) for w in context.warnings
        ]
        lost = context.losses.lines()
        if lost:
            lines.append(self.tr("Not imported (the project cannot hold them):"))
            lines.extend(f"  {line}" for line in lost)
        self.statusBar().showMessage(lines[0], 8000)
        if len(lines) > 1:
            self.inform(self.tr("Import"), "\n".join(lines))
        if self.controller.document is None and edit.report.document_ids:
            self.go_to_document(edit.report.document_ids[0])
        return True

    def export_project(self) -> None:
        folder = self.project.path.parent if self.project.path else Path.home()
        from annotator.qt.dialogs.export_dialog import ExportDialog

        dialog = ExportDialog(self.project.name, folder, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        settings = dialog.result_settings()
        if settings is None:
            return
        fmt, target, options = settings
        self.export_to(target, options, fmt)

    def export_to(
        self, path: Path, options: ExportOptions | None = None, fmt: str = "jsonl"
    ) -> ExportResult | None:
        """Export on a worker thread; the output appears only if the export completes."""
        project_path = self.project.path

        def job(progress: Callable[[int, int], None]) -> ExportResult:
            if project_path is None:
                return formats.export_project(self.project, fmt, path, options, progress)
            with Project.open(project_path, read_only=True) as own_connection:
                return formats.export_project(own_connection, fmt, path, options, progress)

        outcome = run_in_background(self, self.tr("Exporting…"), job)
        if outcome.state == "cancelled":
            self.statusBar().showMessage(self.tr("Export cancelled; nothing was written."), 6000)
            return None
        if outcome.state == "failed":
            self.show_error(outcome.message)
            return None
        result: ExportResult = outcome.value
        lines = result.lines()
        self.statusBar().showMessage(lines[0], 8000)
        if result.losses or len(lines) > 1:
            self.inform(self.tr("Export"), "\n".join(lines))
        return result

    # -- preferences -------------------------------------------------------------
    def _build_theme_menu(self, view: QMenu) -> None:
        """View > Theme: System, Light, Dark (radio items, saved like the dialog's choice)."""
        menu = view.addMenu(self.tr("&Theme"))
        self.theme_actions = QActionGroup(self)
        for value, title in (
            (theme.SYSTEM, self.tr("&System")),
            (theme.LIGHT, self.tr("&Light")),
            (theme.DARK, self.tr("&Dark")),
        ):
            action = menu.addAction(title)
            action.setObjectName(f"theme.{value}")
            action.setCheckable(True)
            action.setData(value)
            self.theme_actions.addAction(action)
            action.triggered.connect(lambda _c=False, v=value: self.choose_theme(v))

    def choose_theme(self, choice: str) -> None:
        appearance = replace(self.preferences.appearance, theme=choice)
        self.apply_preferences(replace(self.preferences, appearance=appearance))
        self.save_preferences(self.preferences)

    def edit_preferences(self) -> None:
        """Edit > Preferences: OK applies the choices at once and saves them."""
        from annotator.qt.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.preferences, self.keymap, self.controller.span_labels(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # not one kept per opening
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen, keymap = dialog.chosen, dialog.keymap()
        if not accepted or chosen is None:
            return
        self.set_keymap(keymap)
        self.apply_preferences(chosen)
        self.save_preferences(chosen)

    def apply_preferences(self, preferences: Settings, *, starting: bool = False) -> None:
        """Show the preferences: theme, article font, snapping (keys: :meth:`set_keymap`)."""
        self.preferences = preferences
        appearance = preferences.appearance
        themes = theme.manager()
        if not (starting and themes.applied and themes.choice == appearance.theme):
            themes.apply(appearance.theme)  # the app applied it already before the window
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == appearance.theme)
        font = QFont(self._article_font)
        if appearance.font:
            font.setFamily(appearance.font)
        if appearance.font_size:
            font.setPointSizeF(appearance.font_size)
        elif starting:  # "default" keeps the size last zoomed to (window layout)
            font.setPointSizeF(self.article.font().pointSizeF())
        self.article.setFont(font)
        self.controller.snap = preferences.annotating.snap_to_tokens
        self.project.annotator = preferences.annotator.shown_name  # recorded with each status
        self._update_status()

    def save_preferences(self, preferences: Settings) -> bool:
        """Write settings.toml; a failure is said (the choices still hold this session)."""
        self.preferences = preferences
        try:
            user_settings.save(preferences)
        except SettingsError as exc:
            self.show_error(
                self.tr("Your preferences apply now but could not be saved:\n%1").replace(
                    "%1", str(exc)
                )
            )
            return False
        return True

    def set_keymap(self, keymap: Keymap) -> None:
        """Rebind every action's shortcuts (and the label menu's keys) live."""
        self.keymap = keymap
        for action_id, qaction in self.actions_by_id.items():
            qaction.setShortcuts([QKeySequence(k) for k in keymap.keys(action_id)])
        self._refresh_schema()

    def zoom(self, steps: int) -> None:
        """Ctrl+= and Ctrl+-: a larger or smaller article text, kept as the text size."""
        self.article.zoom(steps)
        size = round(self.article.font().pointSizeF())
        appearance = replace(self.preferences.appearance, font_size=min(48, max(6, size)))
        self.save_preferences(replace(self.preferences, appearance=appearance))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.PaletteChange and self.project.read_only:
            # the error red is adjusted to the new window background
            self.read_only_label.setStyleSheet(theme.error_style() + "; font-weight: bold")
        super().changeEvent(event)

    # -- help ------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        from annotator.qt.dialogs.shortcuts import ShortcutDialog

        ShortcutDialog(self.keymap, self.controller.span_labels(), self.conflicts(), self).exec()

    def show_guide(self, page: Path | None = None) -> HelpBrowser:
        """The user guide beside the window (one browser per window, raised if open)."""
        if self.help_browser is None:
            from annotator.qt.dialogs.help_browser import HelpBrowser

            self.help_browser = HelpBrowser(self)
            self.help_browser.open_page(page)
        elif page is not None:
            self.help_browser.open_page(page)
        self.help_browser.show()
        self.help_browser.raise_()
        self.help_browser.activateWindow()
        return self.help_browser

    def show_statistics(self) -> StatisticsDialog:
        """The statistics window beside this one (one per window, raised if open)."""
        if self.statistics_dialog is None:
            import_keys = ", ".join(self.keymap.keys("file.import")) or self.tr("File > Import")
            from annotator.qt.dialogs.statistics_dialog import StatisticsDialog

            self.statistics_dialog = StatisticsDialog(self.controller, import_keys, self)
        self.statistics_dialog.show()
        self.statistics_dialog.raise_()
        self.statistics_dialog.activateWindow()
        return self.statistics_dialog

    def show_about(self) -> None:
        from annotator.qt.dialogs.about_dialog import AboutDialog

        dialog = AboutDialog(self)
        dialog.guideRequested.connect(self.show_guide)
        dialog.exec()

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
