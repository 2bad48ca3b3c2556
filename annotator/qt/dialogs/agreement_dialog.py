"""Team > Agreement: how far the annotators agree, per pair, per label, per document.

The figures come from :func:`annotator.core.analysis.agreement.measure`; on a project
file with many shared documents they are computed off the window's thread (a
read-only connection of its own, :func:`~annotator.qt.tasks.run_in_background`).
The documents of lowest agreement come first; Enter (or a double click) on one opens
it in the window, and the Adjudicate button opens it in the adjudication mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.analysis import agreement
from annotator.core.analysis.agreement import AgreementReport, Figures
from annotator.core.errors import AnnotatorError
from annotator.core.project import Project

# Shared documents above which the figures are computed on a worker thread.
BACKGROUND_DOCUMENTS = 40

# The figure columns: (figure name, header); the names are those of `annotator agree`.
COLUMNS = (
    ("span_f1_exact", QT_TRANSLATE_NOOP("AgreementDialog", "Span F1 exact")),
    ("span_f1_overlap", QT_TRANSLATE_NOOP("AgreementDialog", "Span F1 overlap")),
    ("cohen_kappa", QT_TRANSLATE_NOOP("AgreementDialog", "Cohen's κ")),
    ("krippendorff_alpha", QT_TRANSLATE_NOOP("AgreementDialog", "Krippendorff's α")),
    ("trigger_f1", QT_TRANSLATE_NOOP("AgreementDialog", "Trigger F1")),
    ("argument_f1", QT_TRANSLATE_NOOP("AgreementDialog", "Argument F1")),
    ("relation_f1", QT_TRANSLATE_NOOP("AgreementDialog", "Relation F1")),
)
DocumentRole = Qt.ItemDataRole.UserRole + 1
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _value(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _measure_file(path: Path | str) -> AgreementReport:
    """On the worker thread: a connection of its own, read-only."""
    with Project.open(path, read_only=True) as own:
        return agreement.measure(own)


class _Documents(QTableWidget):
    """The documents table: Enter opens the current one (double click too)."""

    openRequested = Signal(int)  # noqa: N815 - a document id

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.item(self.currentRow(), 0)
            if item is not None:
                self.openRequested.emit(int(item.data(DocumentRole)))
            return
        super().keyPressEvent(event)


class AgreementDialog(QDialog):
    """The figures of a project's annotators; documents of lowest agreement first."""

    openRequested = Signal(int)  # noqa: N815 - open this document in the window
    adjudicateRequested = Signal(int)  # noqa: N815 - ... and adjudicate it

    def __init__(
        self,
        project: Project,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.project = project
        self.report: AgreementReport | None = None
        self.error: str | None = None
        self.setWindowTitle(self.tr("Agreement – %1").replace("%1", project.name))
        self.setWindowFlag(Qt.WindowType.Window)
        self.setModal(False)
        self._build()
        self.resize(900, 640)

    # -- construction ----------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("agreementSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        self.problems = QLabel(self)
        self.problems.setObjectName("agreementProblems")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)

        self.tabs = QTabWidget(self)
        headers = [self.tr(str(title)) for _name, title in COLUMNS]
        self.pairs = self._table(
            "agreementPairs", [self.tr("Annotators"), self.tr("Documents"), *headers]
        )
        self.labels = self._table(
            "agreementLabels", [self.tr("Label"), self.tr("Compared"), *headers]
        )
        self.documents = _Documents(0, 5, self)
        self._setup(
            self.documents,
            "agreementDocuments",
            [
                self.tr("Score"),
                self.tr("Document"),
                self.tr("Title"),
                self.tr("Annotators"),
                self.tr("Span F1 overlap"),
            ],
        )
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.documents.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.documents.openRequested.connect(self.openRequested)
        self.documents.itemDoubleClicked.connect(lambda _item: self._open_current())
        self.tabs.addTab(self.documents, self.tr("&Lowest agreement first"))
        self.tabs.addTab(self.labels, self.tr("Per l&abel"))
        layout.addWidget(self.pairs)
        layout.addWidget(self.tabs, 1)
        self.legend = QLabel(
            self.tr(
                "Span F1: exact or overlapping match; κ: Cohen's, token level; α: "
                "Krippendorff's (nominal). For all annotators the F1 figures and κ are the "
                "mean of the pairs'. Enter opens a document."
            ),
            self,
        )
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)

        buttons = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button = QPushButton(self.tr("&Open"), self)
        self.open_button.clicked.connect(self._open_current)
        self.adjudicate_button = QPushButton(self.tr("A&djudicate"), self)
        self.adjudicate_button.setToolTip(self.tr("Open the document and adjudicate it"))
        self.adjudicate_button.clicked.connect(self._adjudicate_current)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        buttons.addStretch(1)
        for button in (self.refresh_button, self.open_button, self.adjudicate_button, close):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def _table(self, name: str, headers: Sequence[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        self._setup(table, name, headers)
        return table

    def _setup(self, table: QTableWidget, name: str, headers: Sequence[str]) -> None:
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(list(headers))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    # -- computing -------------------------------------------------------------------
    def refresh(self) -> None:
        """Measure again: off the window's thread for a big project file."""
        project = self.project
        try:
            shared = len(project.shared_documents())
        except AnnotatorError as exc:
            self._failed(str(exc))
            return
        self.summary.setText(self.tr("Measuring…"))
        try:
            if project.location is not None and shared > BACKGROUND_DOCUMENTS:
                from annotator.qt.tasks import run_in_background

                path = project.location
                outcome = run_in_background(
                    self, self.tr("Measuring agreement…"), lambda _progress: _measure_file(path)
                )
                if outcome.state != "done":
                    self._failed(outcome.message or self.tr("cancelled"))
                    return
                report = outcome.value
            else:
                report = agreement.measure(project)
        except AnnotatorError as exc:
            self._failed(str(exc))
            return
        self.show_report(report)

    def _failed(self, message: str) -> None:
        self.error = message
        self.summary.setText(self.tr("Could not measure the agreement: %1").replace("%1", message))

    # -- showing ---------------------------------------------------------------------
    def show_report(self, report: AgreementReport) -> None:
        self.report, self.error = report, None
        if not report.documents:
            self.summary.setText(
                self.tr(
                    "No document has two annotators yet: agreement is measured on the "
                    "documents at least two people annotated (import another's work with "
                    "File > Import, or merge their project)."
                )
            )
        else:
            self.summary.setText(
                self.tr("%1 annotators (%2) over %3 shared documents")
                .replace("%1", str(len(report.annotators)))
                .replace("%2", ", ".join(report.annotators))
                .replace("%3", str(report.documents))
            )
        self.problems.setText(
            "\n".join(
                self._problem_text(p)
                for p in report.problems
                if report.documents or "krippendorff" in p
            )
        )
        self.problems.setVisible(bool(self.problems.text()))
        self._fill_pairs(report)
        self._fill_labels(report)
        self._fill_documents(report)
        self.open_button.setEnabled(bool(report.per_document))
        self.adjudicate_button.setEnabled(bool(report.per_document) and not self.project.read_only)

    def _problem_text(self, problem: str) -> str:
        if "krippendorff" in problem.lower() and "pip" not in problem:
            return problem + " " + self.tr("(install it: pip install 'annotator[agreement]')")
        return problem

    def _fill_figures(self, table: QTableWidget, row: int, first: int, figures: Figures) -> None:
        values = figures.as_dict()
        for column, (name, _title) in enumerate(COLUMNS, first):
            item = QTableWidgetItem(_value(values[name]))
            item.setTextAlignment(RIGHT)
            item.setData(Qt.ItemDataRole.UserRole, name)
            table.setItem(row, column, item)

    def _fit_pairs(self) -> None:
        """The pairs table as tall as its rows (a few), the rest for the tabs."""
        table = self.pairs
        rows = max(table.rowCount(), 1)
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(row) for row in range(table.rowCount())) or rows * 24
        table.setFixedHeight(min(height + 2, 260))

    def _fill_pairs(self, report: AgreementReport) -> None:
        table = self.pairs
        rows: list[tuple[str, int, Figures]] = []
        if report.documents:
            rows.append((self.tr("All annotators"), report.documents, report.overall))
        rows += [
            (" / ".join(p.annotators), p.documents, p.overall) for p in report.pairs if p.documents
        ]
        table.setRowCount(len(rows))
        for row, (name, documents, figures) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(name))
            count = QTableWidgetItem(str(documents))
            count.setTextAlignment(RIGHT)
            table.setItem(row, 1, count)
            self._fill_figures(table, row, 2, figures)
        if rows:
            font = table.font()
            font.setBold(True)
            for column in range(table.columnCount()):
                item = table.item(0, column)
                if item is not None:
                    item.setFont(font)
        self._fit_pairs()

    def _fill_labels(self, report: AgreementReport) -> None:
        table = self.labels
        table.setRowCount(len(report.labels))
        for row, (label, figures) in enumerate(report.labels.items()):
            table.setItem(row, 0, QTableWidgetItem(label))
            counted = figures.spans + figures.events + figures.relations
            count = QTableWidgetItem(str(counted))
            count.setToolTip(self.tr("Annotations with this label, in every layer compared"))
            count.setTextAlignment(RIGHT)
            table.setItem(row, 1, count)
            self._fill_figures(table, row, 2, figures)

    def _fill_documents(self, report: AgreementReport) -> None:
        table = self.documents
        table.setRowCount(len(report.per_document))
        for row, document in enumerate(report.per_document):
            score = QTableWidgetItem(_value(document.score))
            score.setData(DocumentRole, document.document_id)
            score.setTextAlignment(RIGHT)
            table.setItem(row, 0, score)
            table.setItem(row, 1, QTableWidgetItem(document.uid))
            title = QTableWidgetItem(document.title or self.tr("(untitled)"))
            title.setToolTip(document.title)
            table.setItem(row, 2, title)
            table.setItem(row, 3, QTableWidgetItem(", ".join(document.annotators)))
            overlap = QTableWidgetItem(_value(document.figures.span_f1_overlap))
            overlap.setTextAlignment(RIGHT)
            table.setItem(row, 4, overlap)
        if report.per_document:
            table.setCurrentCell(0, 0)

    def document_ids(self) -> list[int]:
        """The documents listed, in order (lowest agreement first)."""
        return [
            int(item.data(DocumentRole))
            for row in range(self.documents.rowCount())
            if (item := self.documents.item(row, 0)) is not None
        ]

    def current_document(self) -> int | None:
        item = self.documents.item(self.documents.currentRow(), 0)
        return None if item is None else int(item.data(DocumentRole))

    def _open_current(self) -> None:
        document_id = self.current_document()
        if document_id is not None:
            self.openRequested.emit(document_id)

    def _adjudicate_current(self) -> None:
        document_id = self.current_document()
        if document_id is not None:
            self.adjudicateRequested.emit(document_id)
