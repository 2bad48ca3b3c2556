"""View > Statistics: opened by its shortcut, its numbers, exports, dark palette."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog

from annotator.core.services import colors
from annotator.core.services.settings import AnnotatorSettings, Settings
from annotator.qt.dialogs.statistics_dialog import StatisticsDialog
from annotator.qt.widgets.charts import (
    Bar,
    BarGroup,
    LabelBars,
    LineChart,
    Point,
    Series,
    nice_step,
    series_color,
)
from annotator.qt.window import MainWindow
from tests.qt.conftest import WindowFactory

TEXTS = ("Officials met in Berlin.", "Police arrested two men.", "A third one.", "And a fourth.")


def open_statistics(qtbot, window: MainWindow) -> StatisticsDialog:  # type: ignore[no-untyped-def]
    qtbot.keyClick(
        window,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.dialogs.statistics_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and dialog.stats is not None)
    return dialog


def card(dialog: StatisticsDialog, key: str) -> tuple[str, str]:
    value, caption = dialog.cards[key]
    return value.text(), caption.text()


def test_ctrl_shift_i_opens_statistics_that_follow_the_work(
    qtbot, make_window: WindowFactory
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(*TEXTS)
    dialog = open_statistics(qtbot, window)
    assert not dialog.isModal()
    assert card(dialog, "finished") == ("0%", "0 of 4 documents finished (done or skipped)")
    assert card(dialog, "todo")[0] == "4"
    assert card(dialog, "rate")[0] == "–"
    # marking documents done in the main window refreshes the open statistics
    window.activateWindow()  # the statistics window stays open beside it
    qtbot.waitUntil(window.isActiveWindow)
    for _ in range(2):
        with qtbot.waitSignal(dialog.refreshed, timeout=5000):
            qtbot.keyClick(window.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert card(dialog, "finished")[0] == "50%"
    assert card(dialog, "todo")[0] == "2"
    assert card(dialog, "rate")[0] == "2.0"
    assert card(dialog, "today")[0] == "2"
    you = window.project.annotator
    table = dialog.annotator_table
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == f"{you} (you)"
    assert table.item(0, 1).text() == "2"
    assert [s.count for s in dialog.status_chart.segments] == [2, 0, 2]
    # an undo is a change too: the document no longer counts
    with qtbot.waitSignal(dialog.refreshed, timeout=5000):
        qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert card(dialog, "finished")[0] == "25%"
    rows = window.project.db.execute("SELECT status FROM status_history ORDER BY id").fetchall()
    assert rows == [("done",), ("done",), ("todo",)]
    # the shortcut again raises the same window; Esc closes it
    assert open_statistics(qtbot, window) is dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_label_counts_are_shown_in_the_label_colours(qtbot, make_window: WindowFactory) -> None:  # type: ignore[no-untyped-def]
    window = make_window(*TEXTS)
    window.article.select(0, 9)
    qtbot.keyClick(window.article, Qt.Key.Key_1)  # the first label: PER
    dialog = open_statistics(qtbot, window)
    entities = dialog.label_chart.groups[0]
    per = entities.bars[0]
    assert (per.name, per.count) == ("PER", 1)
    assert per.color == window.project.schema.labels[0].color
    assert {bar.count for bar in entities.bars[1:]} == {0}


def test_png_and_csv_export_write_files(
    qtbot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(*TEXTS)
    qtbot.keyClick(window.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = open_statistics(qtbot, window)
    asked: list[str] = []

    def save_as(target: Path):  # type: ignore[no-untyped-def]
        def answer(_parent, _title, start, _filter):  # type: ignore[no-untyped-def]
            asked.append(start)
            return str(target), ""

        return answer

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as(tmp_path / "chart"))
    dialog.png_button.click()
    image = QImage(str(tmp_path / "chart.png"))  # the suffix is added
    assert not image.isNull()
    ratio = dialog.chart_area.devicePixelRatioF()
    assert image.width() == round(dialog.chart_area.width() * ratio)
    assert asked[0].endswith("p0-statistics.png")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as(tmp_path / "stats.csv"))
    dialog.csv_button.click()
    with (tmp_path / "stats.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    summary = {r["name"]: r["value"] for r in rows if r["table"] == "summary"}
    assert summary["documents"] == "4" and summary["finished"] == "1"
    assert "Saved" in dialog.status_line.text()


def test_a_new_project_says_how_to_begin(qtbot, make_window: WindowFactory) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    dialog = open_statistics(qtbot, window)
    assert dialog.empty_label.isVisible() and not dialog.content.isVisible()
    assert dialog.empty_label.text() == "No documents yet — import some with Ctrl+I"


def test_nothing_finished_yet_is_said_in_the_chart(qtbot, make_window: WindowFactory) -> None:  # type: ignore[no-untyped-def]
    window = make_window(*TEXTS)
    dialog = open_statistics(qtbot, window)
    assert dialog.progress_chart.series == ()
    assert "Ctrl+Enter" in dialog.progress_chart.empty_text
    assert not dialog.annotator_table.isVisible()


def _luminances(image: QImage) -> list[float]:
    step = max(image.width() // 80, 1)
    return [
        colors.luminance(QColor(image.pixel(x, y)).name())
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
    ]


def test_the_charts_read_in_a_dark_palette(qtbot, make_window: WindowFactory) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = QPalette(app.palette())
    dark = QPalette(original)
    for role, color in {
        QPalette.ColorRole.Window: "#2D2D2D",
        QPalette.ColorRole.WindowText: "#E6E6E6",
        QPalette.ColorRole.Base: "#1E1E1E",
        QPalette.ColorRole.Text: "#E6E6E6",
    }.items():
        dark.setColor(role, QColor(color))
    window = make_window(*TEXTS)
    qtbot.keyClick(window.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    try:
        app.setPalette(dark)
        dialog = open_statistics(qtbot, window)
        qtbot.waitUntil(lambda: dialog.progress_chart.series != ())
        image = dialog.chart_area.grab().toImage()
        values = _luminances(image)
        background = sorted(values)[len(values) // 2]
        assert background < 0.1  # the window's dark background, not white
        assert max(values) > 0.6  # and light text on it
        chart = dialog.progress_chart
        (total,) = chart.series
        assert colors.contrast(total.color, chart.background) > 7
    finally:
        app.setPalette(original)
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window) == original.color(
        QPalette.ColorRole.Window
    )


def test_the_window_records_the_name_from_the_preferences(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from annotator.app import window_settings
    from annotator.core.project import Project
    from annotator.core.services.keymap import Keymap

    with Project.create(tmp_path / "n.annot") as project:
        preferences = Settings(annotator=AnnotatorSettings(name="Zoë"))
        window = MainWindow(project, Keymap(), window_settings(), preferences=preferences)
        qtbot.addWidget(window)
        assert project.annotator == "Zoë"
        window.close()


# -- the chart widgets ----------------------------------------------------------------
def test_bars_and_points_have_tooltips(qtbot) -> None:  # type: ignore[no-untyped-def]
    bars = LabelBars()
    qtbot.addWidget(bars)
    bars.set_groups(
        [
            BarGroup(
                "Entities (spans)", "spans", (Bar("PER", 3, "#77AADD"), Bar("ORG", 1, "#EE8866"))
            )
        ]
    )
    bars.resize(400, bars.sizeHint().height())
    bars.grab()  # paints, recording where each row is
    row = bars.fontMetrics().height() + 8
    assert bars.tooltip_at(10, row + 6 + row // 2) == "PER: 3 spans (75% of all spans)"
    chart = LineChart()
    qtbot.addWidget(chart)
    points = (Point(date(2026, 3, 1), 2, 2), Point(date(2026, 3, 4), 5, 3))
    chart.set_series([Series("alice", "#0072B2", points)], date(2026, 3, 5))
    chart.resize(500, 260)
    chart.grab()
    tips = [text for _rect, text in chart._tips]
    assert tips == [
        "alice, 1 Mar 2026: 2 finished that day, 2 in all",
        "alice, 4 Mar 2026: 3 finished that day, 5 in all",
    ]


def test_round_axis_steps_and_visible_series_colours() -> None:
    assert [nice_step(n) for n in (0, 3, 10, 47, 240, 1000)] == [1, 1, 2, 10, 50, 200]
    for background in ("#FFFFFF", "#2D2D2D", "#EFEFEF"):
        for index in range(7):
            assert colors.contrast(series_color(index, background), background) >= 3


def _window_with_everything(qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    from annotator.app import window_settings
    from annotator.core.model.records import (
        AttributeRecord,
        ChainRecord,
        DocumentRecord,
        NormalizationRecord,
        NoteRecord,
        SpanRecord,
    )
    from annotator.core.project import Project
    from annotator.core.services.keymap import Keymap

    project = Project.create(tmp_path / "all.annot")
    record = DocumentRecord(
        text="North and South America trade",
        uid="d1",
        spans=[
            SpanRecord("T1", 0, 23, "LOC", [(0, 5), (16, 23)]),
            SpanRecord("T2", 10, 23, "LOC"),
            SpanRecord("T3", 16, 23, "LOC"),
        ],
        attributes=[
            AttributeRecord("A1", "Mention", "T1", "Name"),
            AttributeRecord("A2", "Mention", "T2", "Name"),
            AttributeRecord("A3", "Individual", "T2"),
        ],
        normalizations=[NormalizationRecord("N1", "T2", "Wikipedia", "18951", "South America")],
        notes=[NoteRecord("#1", "T1", "check this")],
        chains=[ChainRecord("*1", "Equiv", ["T1", "T2", "T3"])],
    )
    project.import_records([record, DocumentRecord(text="Another one.", uid="d2")])
    window = MainWindow(project, Keymap(), window_settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    return window


def test_what_annotations_carry_is_counted_and_exported(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = _window_with_everything(qtbot, tmp_path)
    try:
        dialog = open_statistics(qtbot, window)
        assert dialog.carried.isVisible()
        shown = {key: (v.text(), c.text()) for key, (v, c) in dialog.facts.items()}
        assert shown["attributes"] == ("3", "attribute(s) on annotations")
        assert shown["normalizations"][0] == "1"
        assert shown["notes"][0] == "1"
        assert shown["chains"] == ("1", "coreference chain(s), mean 3.0 spans")
        assert shown["discontinuous"][0] == "1"
        groups = {g.title: [(b.name, b.count) for b in g.bars] for g in dialog.carried_chart.groups}
        assert groups["Attribute Mention"] == [("Name", 2)]
        assert groups["Yes/no attributes"] == [("Individual", 1)]
        assert groups["Normalizations per resource"] == [("Wikipedia", 1)]

        monkeypatch.setattr(
            QFileDialog,
            "getSaveFileName",
            lambda *_args: (str(tmp_path / "stats.csv"), ""),
        )
        dialog.csv_button.click()
        with (tmp_path / "stats.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        summary = {r["name"]: r["value"] for r in rows if r["table"] == "summary"}
        assert summary["chains"] == "1" and summary["discontinuous_spans"] == "1"
        assert summary["mean_chain_size"] == "3.0"
        attributes = [
            (r["name"], r["value"], r["count"]) for r in rows if r["table"] == "attributes"
        ]
        assert ("Mention", "Name", "2") in attributes
        dialog.close()
    finally:
        window.close()
        window.project.close()


def test_a_project_without_attached_kinds_hides_the_section(
    qtbot, make_window: WindowFactory
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(*TEXTS)
    dialog = open_statistics(qtbot, window)
    assert dialog.content.isVisible() and not dialog.carried.isVisible()
