"""Window figures, measured on the real MainWindow in a child process (offscreen Qt).

``python3 -m benchmarks.window_bench TASK --project P ...`` prints one line
``RESULT {json}`` at the end. The parent (benchmarks.__main__) sets
``QT_QPA_PLATFORM=offscreen`` and throwaway config/data folders.

How "painted" is decided: an event filter counts Paint events on a viewport (the
article's or the document list's); a measurement ends when the
``QApplication.processEvents()`` call in which that paint happened returns, so
the figure includes everything Qt does in that pass (layout, the highlighter,
our paintEvent, the offscreen flush) and is, if anything, a little high. For the
article, a paint only counts once the first visible block carries the
highlighter's formats, i.e. once the spans are drawn.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import math
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.optional_imports import apply_from_environment

apply_from_environment()
# The app's own import order: annotator.cli (the core), then annotator.app (Qt and the
# window). PySide6 reads the source of every module imported after it (its
# __feature__ support), so importing Qt first would cost time and memory the app
# does not spend.
for _module in ("annotator.cli", "annotator.app"):
    importlib.import_module(_module)

from PySide6.QtCore import QEvent, QObject, QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from annotator.app import window_settings  # noqa: E402
from annotator.core.project import Project  # noqa: E402
from annotator.core.services.keymap import Keymap  # noqa: E402
from annotator.qt.window import MainWindow  # noqa: E402
from benchmarks.profiling import NO_REGION, Region  # noqa: E402

TIMEOUT = 60.0


def rss_mb() -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of this process, in MiB."""
    values: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values


class PaintProbe(QObject):
    """Counts paints of a widget; ``check`` says whether a paint shows what we wait for."""

    def __init__(self, widget: QWidget, check: Callable[[], bool] | None = None) -> None:
        super().__init__()
        self.count = 0
        self.good = 0  # paints for which check() held when they started
        self._check = check
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
            if self._check is None or self._check():
                self.good += 1
        return False


class Harness:
    def __init__(self, project_path: Path) -> None:
        app = QApplication.instance() or QApplication(["annotator-bench"])
        assert isinstance(app, QApplication)
        self.app = app
        self.marks: dict[str, float] = {"rss_qt_mb": rss_mb()["VmRSS"]}
        self.project = Project.open(project_path)
        self.marks["rss_project_mb"] = rss_mb()["VmRSS"]
        started = time.perf_counter()
        window = MainWindow(self.project, Keymap(), window_settings())
        self.window = window
        self.article = window.article
        self.article_probe = PaintProbe(self.article.viewport(), self._spans_drawn)
        self.list_probe = PaintProbe(window.document_table.viewport())
        window.show()
        self.pump(self.list_probe, 0)
        self.marks["window_to_list_paint_ms"] = (time.perf_counter() - started) * 1000
        self.settle()
        window.activateWindow()
        deadline = time.perf_counter() + 5
        while not window.isActiveWindow() and time.perf_counter() < deadline:
            self.app.processEvents()
        self.article.setFocus()
        self.settle()
        self.marks["rss_window_mb"] = rss_mb()["VmRSS"]

    def _spans_drawn(self) -> bool:
        """Whether the first visible block has its highlighter formats (if it has spans)."""
        block = self.article.firstVisibleBlock()
        if not self.article.spans_in_block(block.blockNumber()):
            return True
        return bool(block.layout().formats())

    def pump(self, probe: PaintProbe, good_before: int) -> float:
        """Process events until ``probe`` saw a good paint; the time that pass ended."""
        deadline = time.perf_counter() + TIMEOUT
        while probe.good == good_before:
            self.app.processEvents()
            if time.perf_counter() > deadline:
                raise RuntimeError("no paint within the time limit")
        return time.perf_counter()

    def settle(self) -> None:
        """Process events until two passes in a row paint nothing."""
        quiet = 0
        for _ in range(200):
            before = self.article_probe.count + self.list_probe.count
            self.app.processEvents()
            quiet = quiet + 1 if before == self.article_probe.count + self.list_probe.count else 0
            if quiet >= 2:
                return

    def stored_spans(self, document_id: int) -> int:
        row = self.project.db.execute(
            "SELECT count(*) FROM spans WHERE document_id = ?", [document_id]
        ).fetchone()
        return int(row[0])


# -- the big article: open it, then label words in it ----------------------------------
def measure_open(
    harness: Harness, big: int, short: int, region: Region = NO_REGION
) -> dict[str, float]:
    window = harness.window
    window.go_to_document(short)
    harness.settle()
    gc.collect()
    probe = harness.article_probe
    any_before, good_before = probe.count, probe.good
    with region:
        started = time.perf_counter()
        window.go_to_document(big)
        returned = time.perf_counter()
        first_any = None
        deadline = returned + TIMEOUT
        while probe.good == good_before:
            harness.app.processEvents()
            if first_any is None and probe.count > any_before:
                first_any = time.perf_counter()
            if time.perf_counter() > deadline:
                raise RuntimeError("the article was not painted")
        painted = time.perf_counter()
    assert window.controller.document_id == big
    return {
        "to_spans_painted_ms": (painted - started) * 1000,
        "go_to_document_call_ms": (returned - started) * 1000,
        "to_first_paint_ms": ((first_any or painted) - started) * 1000,
    }


def free_words(text: str, spans: list[Any], count: int, sets: int = 3) -> list[list[Any]]:
    """``sets`` lists of ``count`` lower-case words no span touches, spread over the text.

    The lists interleave (a word of each in turn), so each covers the whole article.
    """
    covered = bytearray(len(text) + 1)
    for span in spans:
        covered[span.start : span.end] = b"\x01" * (span.end - span.start)
    words = [
        (m.start(), m.end())
        for m in re.finditer(r"\b[a-z]{4,}\b", text)
        if not any(covered[max(0, m.start() - 1) : m.end() + 1])
    ]
    if len(words) < sets * count:
        raise RuntimeError(f"only {len(words)} unlabelled words")
    step = len(words) / (sets * count)
    picked = [words[int(i * step)] for i in range(sets * count)]
    return [picked[offset::sets] for offset in range(sets)]


def wait_for_deferred_work(harness: Harness) -> float | None:
    """Let the refresh the window defers until keys pause run, as between a person's keys.

    The window refreshes the events tree and the warnings on a single-shot timer
    after span edits, and recomputes the suggestions in a worker thread; a person
    selecting the next word gives them time to run.
    Returns the longest event pass meanwhile (ms), or None if nothing was pending.
    """
    structure = harness.window.structure
    suggesting = getattr(harness.window, "suggesting", None)

    def pending() -> bool:
        # suggestions are recomputed off the GUI thread once the keys pause, too
        return structure.refresh_pending or (suggesting is not None and not suggesting.settled)

    if not pending():
        return None
    longest = 0.0
    deadline = time.perf_counter() + 10
    while pending() and time.perf_counter() < deadline:
        started = time.perf_counter()
        harness.app.processEvents()
        longest = max(longest, time.perf_counter() - started)
        time.sleep(0.002)
    return longest * 1000


def measure_keystrokes(
    harness: Harness,
    big: int,
    words: list[tuple[int, int]],
    region: Region = NO_REGION,
    *,
    pause: bool = True,
) -> dict[str, Any]:
    """Select each word, press the PER key; from the press to stored and repainted.

    With ``pause`` the window's deferred refresh runs between presses (untimed), as it
    does while a person selects the next word; without, the presses come back to back.
    """
    window = harness.window
    probe = harness.article_probe
    totals: list[float] = []
    keys: list[float] = []
    deferred: list[float] = []
    not_stored = 0
    for start, end in words:
        pending = wait_for_deferred_work(harness) if pause else None
        if pending is not None:
            deferred.append(pending)
        window.article.select(start, end)
        harness.settle()
        stored_before = harness.stored_spans(big)
        good_before = probe.good
        with region:
            began = time.perf_counter()
            QTest.keyClick(window.article, Qt.Key.Key_1)  # label.assign_1: PER
            handled = time.perf_counter()
            painted = harness.pump(probe, good_before)
        totals.append((painted - began) * 1000)
        keys.append((handled - began) * 1000)
        if harness.stored_spans(big) != stored_before + 1:
            not_stored += 1
    totals_sorted = sorted(totals)
    return {
        "samples_ms": totals,
        "median_ms": statistics.median(totals),
        "p95_ms": totals_sorted[max(0, math.ceil(0.95 * len(totals)) - 1)],  # nearest rank
        "max_ms": totals_sorted[-1],
        "key_handling_median_ms": statistics.median(keys),
        "not_stored": not_stored,
        "deferred_refresh_median_ms": statistics.median(deferred) if deferred else None,
        "deferred_refresh_max_ms": max(deferred) if deferred else None,
    }


def task_article(args: argparse.Namespace) -> dict[str, Any]:
    harness = Harness(Path(args.project))
    big, short = args.article_id, args.short_id
    opens = [measure_open(harness, big, short) for _ in range(args.runs)]
    result: dict[str, Any] = {
        "open_runs": opens,
        "marks": harness.marks,
    }
    document = harness.window.controller.document
    assert document is not None and document.id == big
    spans = list(harness.window.controller.annotations.spans)
    words, back_to_back, spare = free_words(document.text, spans, args.keystrokes)
    result["article"] = {
        "characters": len(document.text),
        "spans": len(spans),
        "longest_line": max(len(line) for line in document.text.split("\n")),
        "blocks": harness.article.document().blockCount(),
    }
    result["keystrokes"] = measure_keystrokes(harness, big, words)
    result["keystrokes_back_to_back"] = measure_keystrokes(harness, big, back_to_back, pause=False)
    if args.profile:
        region = Region(True)
        for _ in range(3):
            measure_open(harness, big, short, region)
        result["profile_open"] = region.top()
        region = Region(True)
        measure_keystrokes(harness, big, spare[:50], region)
        result["profile_keystroke"] = region.top()
    result["rss_mb"] = rss_mb()
    return result


# -- 100,000 documents: the list, memory --------------------------------------------------
def _last_row_visible(harness: Harness) -> int:
    table = harness.window.document_table
    return int(table.indexAt(table.viewport().rect().bottomLeft() + QPoint(4, -4)).row())


def measure_list(harness: Harness, region: Region = NO_REGION) -> dict[str, float]:
    window = harness.window
    table, model, probe = window.document_table, window.document_model, harness.list_probe
    table.scrollToTop()
    harness.settle()
    gc.collect()
    before = probe.good
    with region:
        started = time.perf_counter()
        model.reload()  # what the model does when the window is built: ids, reset, first page
        first = harness.pump(probe, before) - started
    harness.settle()
    before = probe.good
    with region:
        started = time.perf_counter()
        table.scrollToBottom()
        jumped = harness.pump(probe, before) - started
    last = _last_row_visible(harness)
    if last < model.rowCount() - 100:
        raise RuntimeError(f"after the jump the last visible row is {last}")
    return {"first_paint_ms": first * 1000, "jump_to_end_ms": jumped * 1000}


def task_list(args: argparse.Namespace) -> dict[str, Any]:
    harness = Harness(Path(args.project))
    runs = [measure_list(harness) for _ in range(args.runs)]
    result: dict[str, Any] = {
        "runs": runs,
        "rows": harness.window.document_model.rowCount(),
        "marks": harness.marks,
    }
    if args.profile:
        region = Region(True)
        for _ in range(3):
            measure_list(harness, region)
        result["profile"] = region.top()
    return result


def task_memory(args: argparse.Namespace) -> dict[str, Any]:
    harness = Harness(Path(args.project))
    opened = measure_open(harness, args.article_id, args.short_id)
    harness.settle()
    deadline = time.perf_counter() + 0.5  # let single-shot timers (structure refresh) run
    while time.perf_counter() < deadline:
        harness.app.processEvents()
        time.sleep(0.01)
    gc.collect()
    return {
        "rss_mb": rss_mb(),
        "pandas_imported": "pandas" in sys.modules,
        "marks": harness.marks,
        "open": opened,
        "rows": harness.window.document_model.rowCount(),
    }


TASKS = {"article": task_article, "list": task_list, "memory": task_memory}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m benchmarks.window_bench")
    parser.add_argument("task", choices=sorted(TASKS))
    parser.add_argument("--project", required=True)
    parser.add_argument("--article-id", type=int, default=0)
    parser.add_argument("--short-id", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keystrokes", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    result = TASKS[args.task](args)
    sys.stdout.write("RESULT " + json.dumps(result) + "\n")
    sys.stdout.flush()
    # Skip teardown: a window over 100,000 documents takes a while to destroy and
    # nothing here needs it.
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
