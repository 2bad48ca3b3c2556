"""Small charts drawn with QPainter (PySide6-Essentials has no QtCharts).

Each chart takes plain data, paints itself from the widget's palette (so it reads
in a dark theme too) and shows a tooltip for what is under the mouse. Series
colours come from the Okabe-Ito palette, which stays distinct for colour-blind
readers, nudged only as far as needed to show on the window background.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from annotator.core.services import colors
from annotator.qt.translations import fill

# Okabe & Ito (2008), without black (the total line uses the text colour).
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")

# Lines and bars must reach WCAG's 3:1 for graphics against the background.
GRAPHIC_CONTRAST = 3.0


def series_color(index: int, background: str) -> str:
    """The ``index``-th series colour, made visible on ``background``."""
    return colors.readable_on(OKABE_ITO[index % len(OKABE_ITO)], background, GRAPHIC_CONTRAST)


class _Chart(QWidget):
    """Tooltips from the regions the last paint recorded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tips: list[tuple[QRectF, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def color(self, role: QPalette.ColorRole) -> str:
        return str(self.palette().color(role).name())

    @property
    def background(self) -> str:
        return self.color(QPalette.ColorRole.Window)

    @property
    def foreground(self) -> str:
        return self.color(QPalette.ColorRole.WindowText)

    def muted(self, amount: float = 0.45) -> str:
        """Text-ish colour for axes and secondary text."""
        return colors.mix(self.foreground, self.background, amount)

    def tooltip_at(self, x: float, y: float) -> str | None:
        for rect, text in reversed(self._tips):  # the last drawn is on top
            if rect.contains(QPointF(x, y)):
                return text
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            text = self.tooltip_at(event.pos().x(), event.pos().y())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


# -- documents by status ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Segment:
    name: str  # shown ("done")
    count: int
    color: str


class StackedBar(_Chart):
    """One bar split into segments (documents by status), with a legend beneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.segments: tuple[Segment, ...] = ()
        self.setMinimumWidth(240)

    def set_segments(self, segments: Sequence[Segment]) -> None:
        self.segments = tuple(segments)
        self.updateGeometry()
        self.update()

    @property
    def total(self) -> int:
        return sum(s.count for s in self.segments)

    def _bar_height(self) -> int:
        return self.fontMetrics().height() * 2

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        line = self.fontMetrics().height()
        return QSize(480, self._bar_height() + line + 14)

    def percent(self, count: int) -> str:
        return f"{100 * count / self.total:.0f}%" if self.total else "0%"

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        self._tips = []
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        locale = QLocale()
        width = self.width() - 2
        bar = QRectF(1, 1, width, self._bar_height())
        x = bar.left()
        total = self.total
        for segment in self.segments:
            if total == 0 or segment.count == 0:
                continue
            share = width * segment.count / total
            rect = QRectF(x, bar.top(), share, bar.height())
            painter.fillRect(rect, QColor(segment.color))
            count = locale.toString(segment.count)
            for text in (f"{segment.name} {count} ({self.percent(segment.count)})", count):
                if metrics.horizontalAdvance(text) + 8 <= share:
                    painter.setPen(QColor(colors.text_color_for(segment.color)))
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
                    break
            self._tips.append((rect, self._tip(segment)))
            x += share
        painter.setPen(QPen(QColor(self.muted(0.6)), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(bar)
        # the legend says every number even when a segment is too thin to hold it
        y = bar.bottom() + 8
        x = 1.0
        box = metrics.ascent() - 2
        for segment in self.segments:
            text = (
                f"{segment.name} {locale.toString(segment.count)} ({self.percent(segment.count)})"
            )
            swatch = QRectF(x, y + (metrics.height() - box) / 2, box, box)
            painter.fillRect(swatch, QColor(segment.color))
            painter.setPen(QColor(self.muted(0.6)))
            painter.drawRect(swatch)
            painter.setPen(QColor(self.foreground))
            painter.drawText(QPointF(x + box + 5, y + metrics.ascent()), text)
            advance = box + 5 + metrics.horizontalAdvance(text)
            self._tips.append((QRectF(x, y, advance, metrics.height()), self._tip(segment)))
            x += advance + 18
        painter.end()

    def _tip(self, segment: Segment) -> str:
        return fill(
            self.tr("%1: %2 of %3 documents (%4)"),
            segment.name,
            QLocale().toString(segment.count),
            QLocale().toString(self.total),
            self.percent(segment.count),
        )


# -- annotations per label ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Bar:
    name: str
    count: int
    color: str


@dataclass(frozen=True, slots=True)
class BarGroup:
    title: str  # "Entities (spans)"
    unit: str  # "spans", for tooltips
    bars: tuple[Bar, ...]


class LabelBars(_Chart):
    """Horizontal bars in the label colours, one group per kind of label.

    The name sits on a chip of the label's colour, as in the article, in black or
    white text, whichever reads better on it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups: tuple[BarGroup, ...] = ()

    def set_groups(self, groups: Sequence[BarGroup]) -> None:
        self.groups = tuple(group for group in groups if group.bars)
        self.updateGeometry()
        self.update()

    def _row(self) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        rows = sum(len(group.bars) for group in self.groups)
        height = rows * self._row() + len(self.groups) * (self._row() + 6)
        return QSize(480, max(height, self._row()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        self._tips = []
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        bold = QFontMetrics(self._bold())
        locale = QLocale()
        row = self._row()
        names = [bar.name for group in self.groups for bar in group.bars]
        widest = max((metrics.horizontalAdvance(n) for n in names), default=0) + 14
        chip_width = min(widest, int(self.width() * 0.4))
        counts = [locale.toString(bar.count) for group in self.groups for bar in group.bars]
        count_width = max((metrics.horizontalAdvance(c) for c in counts), default=0) + 8
        left = chip_width + 8
        span = max(self.width() - left - count_width - 2, 10)
        y = 0.0
        for group in self.groups:
            painter.setFont(self._bold())
            painter.setPen(QColor(self.foreground))
            painter.drawText(QPointF(0, y + 6 + bold.ascent() + 2), group.title)
            painter.setFont(self.font())
            y += row + 6
            top = max((bar.count for bar in group.bars), default=0)
            group_total = sum(bar.count for bar in group.bars)
            for bar in group.bars:
                chip = QRectF(0, y + 2, chip_width, row - 4)
                painter.setPen(QPen(QColor(colors.outline_for(bar.color)), 1))
                painter.setBrush(QColor(bar.color))
                painter.drawRoundedRect(chip, 3, 3)
                painter.setPen(QColor(colors.text_color_for(bar.color)))
                name = metrics.elidedText(bar.name, Qt.TextElideMode.ElideRight, chip_width - 10)
                painter.drawText(
                    chip.adjusted(5, 0, -5, 0),
                    int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                    name,
                )
                length = span * bar.count / top if top else 0.0
                if bar.count and length < 2:
                    length = 2.0  # a used label always shows
                track = QRectF(left, y + 4, length, row - 8)
                if length:
                    painter.setPen(QPen(QColor(colors.outline_for(bar.color)), 1))
                    painter.setBrush(QColor(bar.color))
                    painter.drawRect(track)
                painter.setPen(QColor(self.foreground if bar.count else self.muted()))
                painter.drawText(
                    QPointF(
                        left + length + 6, y + (row + metrics.ascent() - metrics.descent()) / 2
                    ),
                    locale.toString(bar.count),
                )
                share = f"{100 * bar.count / group_total:.0f}%" if group_total else "0%"
                tip = fill(
                    self.tr("%1: %2 %3 (%4 of all %3)"),
                    bar.name,
                    locale.toString(bar.count),
                    group.unit,
                    share,
                )
                self._tips.append((QRectF(0, y, self.width(), row), tip))
                y += row
        painter.end()

    def _bold(self) -> QFont:
        font = self.font()
        font.setBold(True)
        return font


# -- progress over time -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Point:
    day: date
    value: int  # cumulative
    added: int  # that day


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    color: str
    points: tuple[Point, ...]
    width: float = 2.0


def nice_step(largest: float, ticks: int = 5) -> int:
    """A round tick step (1, 2, 5 x 10^n) giving about ``ticks`` ticks up to ``largest``."""
    if largest <= 0:
        return 1
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for multiple in (1, 2, 5, 10):
        if multiple * power >= raw:
            return max(int(multiple * power), 1)
    return max(int(10 * power), 1)


DAY_STEPS = (1, 2, 7, 14, 30, 61, 91, 182, 365)


def day_text(day: date, *, with_year: bool) -> str:
    """A day as the locale writes it: "3 Mar", or "3 Mar 2025" with the year."""
    return QLocale().toString(
        QDate(day.year, day.month, day.day), "d MMM yyyy" if with_year else "d MMM"
    )


class LineChart(_Chart):
    """Cumulative lines over days, with a dated axis, a legend and point tooltips."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: tuple[Series, ...] = ()
        self.today: date = date.today()
        self.empty_text = ""
        self.setMinimumHeight(200)

    def set_series(self, series: Sequence[Series], today: date, empty_text: str = "") -> None:
        self.series = tuple(s for s in series if s.points)
        self.today = today
        self.empty_text = empty_text
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(480, 260)

    def _legend(self, painter: QPainter, width: float) -> float:
        """Draw the legend across the top; returns its height."""
        metrics = self.fontMetrics()
        line = metrics.height() + 4
        x, y = 0.0, 0.0
        for series in self.series:
            text = series.name
            advance = 22 + metrics.horizontalAdvance(text) + 16
            if x > 0 and x + advance > width:
                x, y = 0.0, y + line
            middle = y + line / 2
            painter.setPen(QPen(QColor(series.color), series.width + 1))
            painter.drawLine(QPointF(x, middle), QPointF(x + 16, middle))
            painter.setPen(QColor(self.foreground))
            painter.drawText(QPointF(x + 22, middle + metrics.ascent() / 2 - 1), text)
            x += advance
        return y + line + 6

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        self._tips = []
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        if not self.series:
            painter.setPen(QColor(self.muted(0.35)))
            painter.drawText(
                QRectF(self.rect()),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self.empty_text,
            )
            painter.end()
            return
        top = self._legend(painter, self.width())
        first = min(p.day for s in self.series for p in s.points)
        last = max(self.today, max(p.day for s in self.series for p in s.points))
        if last <= first:
            first = last - timedelta(days=1)
        largest = max(p.value for s in self.series for p in s.points)
        step = nice_step(largest)
        ceiling = max(step * math.ceil(largest / step), step)
        locale = QLocale()
        y_labels = [locale.toString(v) for v in range(0, ceiling + 1, step)]
        left = max(metrics.horizontalAdvance(t) for t in y_labels) + 10
        plot = QRectF(left, top + metrics.height() / 2, self.width() - left - 12, 0)
        plot.setBottom(self.height() - metrics.height() - 10)
        days = (last - first).days

        def x_of(day: date) -> float:
            return plot.left() + plot.width() * (day - first).days / days

        def y_of(value: float) -> float:
            return plot.bottom() - plot.height() * value / ceiling

        # grid and value axis
        grid = QColor(self.muted(0.82))
        for index, value in enumerate(range(0, ceiling + 1, step)):
            y = y_of(value)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(self.muted()))
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, left - 6, metrics.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                y_labels[index],
            )
        # day axis: as many dated ticks as fit without overlapping
        sample = day_text(first, with_year=first.year != last.year)
        room = metrics.horizontalAdvance(sample) + 16
        fit = max(int(plot.width() // room), 1)
        day_step = next((s for s in DAY_STEPS if days / s <= fit), DAY_STEPS[-1])
        painter.setPen(QPen(QColor(self.muted(0.6)), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        tick = first
        while tick <= last:
            x = x_of(tick)
            painter.setPen(QPen(QColor(self.muted(0.6)), 1))
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            text = day_text(tick, with_year=first.year != last.year)
            width = metrics.horizontalAdvance(text)
            painter.setPen(QColor(self.muted()))
            x_text = min(max(x - width / 2, plot.left() - left / 2), self.width() - width - 1)
            painter.drawText(QPointF(x_text, plot.bottom() + 6 + metrics.ascent()), text)
            tick += timedelta(days=day_step)
        # the lines: flat until the day progress was made, as a cumulative count is
        for series in self.series:
            path = QPainterPath()
            previous: Point | None = None
            for point in series.points:
                if previous is None:
                    path.moveTo(x_of(point.day), y_of(point.value))
                else:
                    if (point.day - previous.day).days > 1:
                        path.lineTo(x_of(point.day - timedelta(days=1)), y_of(previous.value))
                    path.lineTo(x_of(point.day), y_of(point.value))
                previous = point
            assert previous is not None
            if previous.day < last:
                path.lineTo(x_of(last), y_of(previous.value))
            painter.setPen(
                QPen(
                    QColor(series.color),
                    series.width,
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
            )
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setBrush(QColor(series.color))
            # dots mark the days work was done, unless so many they would blur the line
            radius = series.width + 1 if plot.width() / max(days, 1) >= 6 else 0.0
            for point in series.points:
                centre = QPointF(x_of(point.day), y_of(point.value))
                if radius:
                    painter.drawEllipse(centre, radius, radius)
                tip = fill(
                    self.tr("%1, %2: %3 finished that day, %4 in all"),
                    series.name,
                    day_text(point.day, with_year=True),
                    locale.toString(point.added),
                    locale.toString(point.value),
                )
                self._tips.append((QRectF(centre.x() - 6, centre.y() - 6, 12, 12), tip))
        painter.end()
