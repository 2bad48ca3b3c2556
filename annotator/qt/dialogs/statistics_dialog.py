"""View > Statistics: how far along the project is, how fast, which labels, who did what.

A window beside the main one (not modal), refreshed a moment after the project
changes. The numbers come from :mod:`annotator.core.analysis.statistics`; on a project
file they are computed on a worker thread with its own read-only connection, so a
big project never stalls the window.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.analysis import statistics
from annotator.core.analysis.statistics import Statistics
from annotator.core.errors import AnnotatorError
from annotator.core.model import LabelKind, Status
from annotator.core.project import Project
from annotator.core.services import colors
from annotator.qt.controller import Controller
from annotator.qt.damaged import DAMAGED, DamagedMessage, damaged_message
from annotator.qt.translations import fill
from annotator.qt.widgets.charts import (
    OKABE_ITO,
    Bar,
    BarGroup,
    LabelBars,
    LineChart,
    Point,
    Segment,
    Series,
    StackedBar,
    day_text,
    series_color,
)

# Changes come in bursts (a label key, then Ctrl+Enter): refresh once they settle.
REFRESH_DELAY_MS = 400

DONE_COLOR = OKABE_ITO[2]  # bluish green
SKIPPED_COLOR = OKABE_ITO[4]  # orange


class _Loader(QObject):
    """Computes statistics on a worker thread; the result arrives queued in the GUI thread."""

    loaded = Signal(int, object)  # generation, Statistics or an error message

    def start(self, path: Path | str, generation: int) -> threading.Thread:
        thread = threading.Thread(
            target=self._run, args=(path, generation), name="statistics", daemon=True
        )
        thread.start()
        return thread

    def _run(self, path: Path | str, generation: int) -> None:
        try:
            with Project.open(path, read_only=True) as own_connection:
                result: object = statistics.compute(own_connection.db)
        except AnnotatorError as exc:
            result = str(exc)
        except DAMAGED as exc:  # said in a message box (see _loaded)
            result = damaged_message(str(path) if isinstance(path, Path) else None, exc)
        except Exception as exc:  # a failed refresh must not end the thread unseen
            result = f"{type(exc).__name__}: {exc}"
        with contextlib.suppress(RuntimeError):  # the dialog went away meanwhile
            self.loaded.emit(generation, result)


class StatisticsDialog(QDialog):
    """Headline numbers, documents by status, progress over time, annotations per label."""

    refreshed = Signal()  # new numbers are on screen (tests wait for it)

    def __init__(
        self, controller: Controller, import_keys: str = "Ctrl+I", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.import_keys = import_keys
        self.stats: Statistics | None = None
        self.error: str | None = None
        self.damaged_box: QMessageBox | None = None  # the damaged-file message, if shown
        self._generation = 0
        self._loading = False
        self._stale = True
        self._loader = _Loader(self)
        self._loader.loaded.connect(self._loaded)
        self.threads: list[threading.Thread] = []
        self.setWindowTitle(self.tr("Statistics – %1").replace("%1", controller.project.name))
        self.setWindowFlag(Qt.WindowType.Window)  # a window of its own beside the main one
        self.setModal(False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._build()
        for signal in (
            controller.documentListChanged,
            controller.structureChanged,
            controller.schemaChanged,
        ):
            signal.connect(self.project_changed)
        self.resize(760, 820)

    # -- construction ----------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        # What "Save Chart as PNG" saves: filled, so the image has the window's background.
        self.chart_area = QWidget()
        self.chart_area.setObjectName("chartArea")
        self.chart_area.setAutoFillBackground(True)
        area = QVBoxLayout(self.chart_area)
        area.setContentsMargins(12, 12, 12, 12)
        area.setSpacing(8)

        self.title_label = QLabel(self.chart_area)
        self.title_label.setObjectName("statisticsTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        area.addWidget(self.title_label)

        self.empty_label = QLabel(self.chart_area)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setMinimumHeight(200)
        area.addWidget(self.empty_label)

        self.content = QWidget(self.chart_area)
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.setSpacing(8)
        self.headline = QGridLayout()
        self.headline.setHorizontalSpacing(24)
        self.cards = _cards(
            self.content, self.headline, ("finished", "todo", "rate", "finish", "today"), 1.8
        )
        content.addLayout(self.headline)

        content.addWidget(self._heading(self.tr("Documents by status")))
        self.status_chart = StackedBar(self.content)
        self.status_chart.setObjectName("statusChart")
        content.addWidget(self.status_chart)

        content.addWidget(self._heading(self.tr("Documents finished over time")))
        self.progress_chart = LineChart(self.content)
        self.progress_chart.setObjectName("progressChart")
        content.addWidget(self.progress_chart)
        self.annotator_table = QTableWidget(0, 4, self.content)
        self.annotator_table.setObjectName("annotatorTable")
        self.annotator_table.setHorizontalHeaderLabels(
            [self.tr("Annotator"), self.tr("Finished"), self.tr("Per day"), self.tr("Last day")]
        )
        self.annotator_table.verticalHeader().hide()
        self.annotator_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.annotator_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.annotator_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.annotator_table.setShowGrid(False)
        header = self.annotator_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.annotator_table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        content.addWidget(self.annotator_table)

        content.addWidget(self._heading(self.tr("Annotations per label")))
        self.label_chart = LabelBars(self.content)
        self.label_chart.setObjectName("labelChart")
        content.addWidget(self.label_chart)

        # What annotations carry: shown only for a project that has any of it.
        self.carried = QWidget(self.content)
        self.carried.setObjectName("carried")
        carried = QVBoxLayout(self.carried)
        carried.setContentsMargins(0, 0, 0, 0)
        carried.addWidget(self._heading(self.tr("What annotations carry")))
        facts = QGridLayout()
        facts.setHorizontalSpacing(24)
        self.facts = _cards(
            self.carried,
            facts,
            ("attributes", "normalizations", "notes", "chains", "discontinuous"),
            1.4,
        )
        carried.addLayout(facts)
        self.carried_chart = LabelBars(self.carried)
        self.carried_chart.setObjectName("carriedChart")
        carried.addWidget(self.carried_chart)
        content.addWidget(self.carried)
        content.addStretch(1)
        area.addWidget(self.content, 1)
        self.scroll_area.setWidget(self.chart_area)
        layout.addWidget(self.scroll_area, 1)

        buttons = QHBoxLayout()
        self.status_line = QLabel(self)
        self.status_line.setObjectName("statisticsStatus")
        buttons.addWidget(self.status_line, 1)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.png_button = QPushButton(self.tr("Save Chart as &PNG…"), self)
        self.png_button.clicked.connect(self.save_png)
        self.csv_button = QPushButton(self.tr("Export &CSV…"), self)
        self.csv_button.clicked.connect(self.export_csv)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        for button in (self.refresh_button, self.png_button, self.csv_button, close):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._show(None)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self.content)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, 10, 0, 0)
        return label

    # -- refreshing ------------------------------------------------------------------
    def project_changed(self, *_args: object) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._timer.stop()
        super().closeEvent(event)

    def refresh(self) -> None:
        """Recompute now: on a worker thread for a project file, else right here."""
        self._timer.stop()
        self._stale = False
        project = self.controller.project
        self._generation += 1
        if project.location is None or project.read_only:
            # in memory (nothing else can open it) or read-only (it never changes)
            try:
                self._loaded(self._generation, statistics.compute(project.db))
            except AnnotatorError as exc:
                self._loaded(self._generation, str(exc))
            except DAMAGED as exc:
                self._loaded(self._generation, damaged_message(project.shown_location, exc))
            return
        self._loading = True
        self.status_line.setText(self.tr("Counting…"))
        self.threads = [t for t in self.threads if t.is_alive()]
        self.threads.append(self._loader.start(project.location, self._generation))

    def _loaded(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return  # an older answer overtaken by a newer question
        self._loading = False
        if isinstance(result, Statistics):
            self.stats, self.error = result, None
            self.status_line.setText("")
        else:
            repeated = self.error == str(result)
            self.error = str(result)
            self.status_line.setText(self.tr("Could not count: %1").replace("%1", self.error))
            if isinstance(result, DamagedMessage) and not repeated:
                # not only a status line: the file needs the user's attention
                self.damaged_box = QMessageBox(
                    QMessageBox.Icon.Warning, self.windowTitle(), self.error, parent=self
                )
                self.damaged_box.setTextFormat(Qt.TextFormat.PlainText)
                self.damaged_box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                self.damaged_box.open()
        self._show(self.stats)
        self.refreshed.emit()

    # -- showing ---------------------------------------------------------------------
    def _show(self, stats: Statistics | None) -> None:
        project = self.controller.project
        self.title_label.setText(project.name)
        empty = stats is None or stats.total == 0
        self.content.setVisible(not empty)
        self.empty_label.setVisible(empty)
        self.png_button.setEnabled(stats is not None)
        self.csv_button.setEnabled(stats is not None)
        if stats is None:
            self.empty_label.setText(self.tr("Counting…"))
            return
        if empty:
            self.empty_label.setText(
                self.tr("No documents yet — import some with %1").replace("%1", self.import_keys)
            )
            return
        self._show_headline(stats)
        self.status_chart.set_segments(
            [
                Segment(self.tr("done"), stats.statuses.get(Status.DONE, 0), DONE_COLOR),
                Segment(self.tr("skipped"), stats.statuses.get(Status.SKIPPED, 0), SKIPPED_COLOR),
                Segment(self.tr("to do"), stats.todo, self._todo_color()),
            ]
        )
        self._show_progress(stats)
        self._show_labels(stats)
        self._show_carried(stats)

    def _todo_color(self) -> str:
        palette = self.palette()
        window = palette.color(palette.ColorRole.Window).name()
        text = palette.color(palette.ColorRole.WindowText).name()
        return colors.mix(window, text, 0.18)

    def _set_card(self, key: str, value: str, caption: str) -> None:
        value_label, caption_label = self.cards[key]
        value_label.setText(value)
        caption_label.setText(caption)

    def _show_headline(self, stats: Statistics) -> None:
        locale = QLocale()
        self._set_card(
            "finished",
            f"{math.floor(100 * stats.fraction_finished)}%",
            fill(
                self.tr("%1 of %2 documents finished (done or skipped)"),
                locale.toString(stats.finished),
                locale.toString(stats.total),
            ),
        )
        self._set_card("todo", locale.toString(stats.todo), self.tr("to do"))
        if stats.rate is None:
            self._set_card("rate", "–", self.tr("documents a day (none finished here yet)"))
        else:
            self._set_card(
                "rate",
                locale.toString(stats.rate, "f", 1),
                self.tr("documents a day (mean of the last %1 active days)").replace(
                    "%1", str(statistics.RATE_DAYS)
                ),
            )
        finish = stats.estimated_finish
        if stats.todo == 0:
            self._set_card("finish", self.tr("All done"), self.tr("nothing left to do"))
        elif finish is None or stats.days_left is None:
            self._set_card("finish", "–", self.tr("estimated finish (needs a rate)"))
        else:
            days = math.ceil(stats.days_left)
            self._set_card(
                "finish",
                day_text(finish, with_year=False),
                self.tr("estimated finish: about %n working day(s) at this rate", "", days),
            )
        you = self.controller.project.annotator
        mine = next((a for a in stats.annotators if a.name == you), None)
        mine_today = (
            sum(d.count for d in mine.days if d.day == stats.today) if mine is not None else 0
        )
        self._set_card(
            "today",
            locale.toString(stats.finished_today),
            self.tr("finished today, %1 of them by you").replace("%1", locale.toString(mine_today)),
        )

    def _show_progress(self, stats: Statistics) -> None:
        background = self.progress_chart.background
        foreground = self.progress_chart.foreground
        people = stats.annotators
        series: list[Series] = []
        name_colors: dict[str, str] = {}
        total_name = self.tr("total")
        if len(people) == 1 and not stats.imported:
            total_name = people[0].name  # one line says it all
            name_colors[total_name] = foreground
        else:  # one line per person, and the total (imported documents included)
            for index, person in enumerate(people):
                color = series_color(index, background)
                name_colors[person.name] = color
                series.append(Series(person.name, color, _points(person.days), 2.0))
        total = Series(total_name, foreground, _points(stats.progress), 2.5)
        self.progress_chart.set_series(
            [*series, total],
            stats.today,
            self.tr("Nothing finished yet — Ctrl+Enter marks a document done"),
        )
        self._fill_annotators(stats, name_colors)

    def _fill_annotators(self, stats: Statistics, name_colors: dict[str, str]) -> None:
        table = self.annotator_table
        locale = QLocale()
        rows: list[tuple[str, int, str, str, str | None, str]] = []
        you = self.controller.project.annotator
        for person in stats.annotators:
            name = person.name if person.name != you else self.tr("%1 (you)").replace("%1", you)
            rate = "–" if person.rate is None else locale.toString(person.rate, "f", 1)
            color = name_colors.get(person.name)
            rows.append((name, person.finished, rate, _day_text(person.last_day), color, ""))
        if stats.imported:
            tip = self.tr(
                "Imported already done or skipped (or finished before Annotator kept a "
                "history): counted on the day the document was added"
            )
            rows.append((self.tr("(imported)"), stats.imported, "–", "–", None, tip))
        table.setRowCount(len(rows))
        for row, (name, finished, rate, last_day, color, tip) in enumerate(rows):
            name_item = QTableWidgetItem(name)
            if color is not None:  # the colour of the person's line in the chart
                name_item.setData(Qt.ItemDataRole.DecorationRole, QColor(color))
            name_item.setToolTip(tip)
            table.setItem(row, 0, name_item)
            for column, text in ((1, locale.toString(finished)), (2, rate), (3, last_day)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)
        table.setVisible(bool(rows))
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(len(rows)))
        table.setFixedHeight(height)

    def _show_labels(self, stats: Statistics) -> None:
        groups = (
            (LabelKind.ENTITY, self.tr("Entities (spans)"), self.tr("spans")),
            (LabelKind.EVENT, self.tr("Event types (events)"), self.tr("events")),
            (LabelKind.RELATION, self.tr("Relations"), self.tr("relations")),
        )
        self.label_chart.set_groups(
            [
                BarGroup(
                    title,
                    unit,
                    tuple(Bar(lb.name, lb.count, lb.color) for lb in stats.labels_of(kind)),
                )
                for kind, title, unit in groups
            ]
        )
        self.label_chart.setFixedHeight(self.label_chart.sizeHint().height())

    def _show_carried(self, stats: Statistics) -> None:
        """Attributes per name and value, normalizations per resource, notes, chains and
        discontinuous spans; the section stays hidden for a project without any."""
        locale = QLocale()
        mean = stats.mean_chain_size
        facts = {
            "attributes": (
                stats.attribute_total,
                self.tr("attribute(s) on annotations"),
                bool(stats.attributes),  # a schema's attributes show even when unused
            ),
            "normalizations": (
                stats.normalization_total,
                self.tr("normalization(s) to %n resource(s)", "", len(stats.normalizations)),
                bool(stats.normalizations),
            ),
            "notes": (stats.notes, self.tr("note(s)"), bool(stats.notes)),
            "chains": (
                stats.chains,
                self.tr("coreference chain(s), mean %1 spans").replace(
                    "%1", locale.toString(mean or 0.0, "f", 1)
                ),
                bool(stats.chains),
            ),
            "discontinuous": (
                stats.discontinuous_spans,
                self.tr("discontinuous span(s)"),
                bool(stats.discontinuous_spans),
            ),
        }
        for key, (count, caption, shown) in facts.items():
            value_label, caption_label = self.facts[key]
            value_label.setText(locale.toString(count))
            caption_label.setText(caption)
            value_label.setVisible(shown)
            caption_label.setVisible(shown)
        background = self.carried_chart.background
        groups: list[BarGroup] = []
        names = list(dict.fromkeys(a.name for a in stats.attributes))
        yes_no: list[Bar] = []
        for index, name in enumerate(names):
            color = series_color(index, background)
            values = [a for a in stats.attributes if a.name == name]
            bars = tuple(
                Bar(self._value_name(a), a.count, color) for a in values if a.value is not None
            )
            yes_no.extend(
                Bar(self._value_name(a, a.name), a.count, color) for a in values if a.value is None
            )
            if bars:
                unit = self.tr("%1 values").replace("%1", name)
                groups.append(BarGroup(self.tr("Attribute %1").replace("%1", name), unit, bars))
        if yes_no:
            groups.append(
                BarGroup(self.tr("Yes/no attributes"), self.tr("annotations"), tuple(yes_no))
            )
        if stats.normalizations:
            color = series_color(len(names), background)
            groups.append(
                BarGroup(
                    self.tr("Normalizations per resource"),
                    self.tr("links"),
                    tuple(Bar(r.resource, r.count, color) for r in stats.normalizations),
                )
            )
        self.carried_chart.set_groups(groups)
        self.carried_chart.setVisible(bool(groups))
        self.carried_chart.setFixedHeight(self.carried_chart.sizeHint().height())
        self.carried.setVisible(any(shown for _count, _caption, shown in facts.values()))

    def _value_name(self, attribute: statistics.AttributeCount, name: str = "") -> str:
        text = name or (attribute.value or "")
        if attribute.declared:
            return text
        return self.tr("%1 (not in the schema)").replace("%1", text)

    # -- saving ----------------------------------------------------------------------
    def save_png(self) -> None:
        start = self._suggested("png")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save Chart as PNG"), start, self.tr("PNG images (*.png)")
        )
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        # grab() renders at the screen's device pixel ratio: sharp on a HiDPI screen
        if not self.chart_area.grab().save(path, "PNG"):
            self._warn(self.tr("Could not save the chart to %1").replace("%1", path))
            return
        self.status_line.setText(self.tr("Saved %1").replace("%1", path))

    def export_csv(self) -> None:
        if self.stats is None:
            return
        start = self._suggested("csv")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export Statistics as CSV"), start, self.tr("CSV files (*.csv)")
        )
        if not path:
            return
        if not path.lower().endswith(".csv"):
            path += ".csv"
        try:
            statistics.save_csv(self.stats, Path(path))
        except AnnotatorError as exc:
            self._warn(str(exc))
            return
        self.status_line.setText(self.tr("Saved %1").replace("%1", path))

    def _suggested(self, suffix: str) -> str:
        project = self.controller.project
        name = f"{project.name}-statistics.{suffix}"
        folder = project.path.parent if project.path is not None else Path.home()
        return str(folder / name)

    def _warn(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.windowTitle(), message, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()


def _points(days: tuple[statistics.DayCount, ...]) -> tuple[Point, ...]:
    return tuple(Point(d.day, d.cumulative, d.count) for d in days)


def _day_text(day: date | None) -> str:
    return "–" if day is None else day_text(day, with_year=True)


def _cards(
    parent: QWidget, grid: QGridLayout, keys: Sequence[str], scale: float
) -> dict[str, tuple[QLabel, QLabel]]:
    """A row of figures (value above caption, ``KEYValue``/``KEYCaption``) in ``grid``."""
    cards: dict[str, tuple[QLabel, QLabel]] = {}
    for column, key in enumerate(keys):
        value, caption = QLabel(parent), QLabel(parent)
        value.setObjectName(f"{key}Value")
        caption.setObjectName(f"{key}Caption")
        big = value.font()
        big.setPointSizeF(big.pointSizeF() * scale)
        big.setBold(True)
        value.setFont(big)
        caption.setWordWrap(True)
        caption.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(value, 0, column)
        grid.addWidget(caption, 1, column)
        grid.setColumnStretch(column, 1)
        cards[key] = (value, caption)
    return cards
