"""The window never freezes: a 10,000-document import leaves the event loop running.

A timer ticks every 10 ms on the GUI thread while the import runs on its worker; the
longest gap between ticks is the longest the window was unresponsive.
"""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.qt.conftest import WindowFactory

WORDS = ("the", "minister", "said", "on", "Monday", "that", "talks", "in", "Geneva", "resumed")


def test_a_10000_document_import_never_stalls_the_event_loop_over_100_ms(
    qtbot, qapp: QApplication, make_window: WindowFactory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("A first article.")
    source = tmp_path / "big.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for i in range(10_000):
            text = f"Article {i}. " + " ".join(WORDS[(i + k) % len(WORDS)] for k in range(300))
            spans = [
                {"start": 0, "end": 7, "label": "ORG"},
                {"start": 12, "end": 15, "label": "PER"},
            ]
            out.write(json.dumps({"id": f"a{i}", "text": text, "spans": spans}) + "\n")
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    assert window.files.import_paths([source])
    finished = time.perf_counter()
    timer.stop()
    for box in qapp.topLevelWidgets():
        if isinstance(box, QMessageBox):
            box.close()
    assert window.project.document_count() == 10_001
    moments = [started, *ticks, finished]
    longest = max(b - a for a, b in itertools.pairwise(moments))
    assert len(ticks) > 10  # the import took a while, and the loop kept ticking
    assert longest < 0.100, f"the event loop stalled for {longest * 1000:.0f} ms"
