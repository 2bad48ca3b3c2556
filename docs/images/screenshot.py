"""Render the README screenshot: the window on the demo project.

Run under a real X server for real fonts and emoji (``xvfb-run python3
docs/images/screenshot.py``); it writes docs/images/window.png, and with ``--dark``
docs/images/window-dark.png (the Dark theme).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.app import window_settings
from annotator.core.io.demo import ensure_demo_project
from annotator.core.project import Project
from annotator.core.services.keymap import Keymap
from annotator.core.services.settings import AppearanceSettings, Settings
from annotator.qt.window import MainWindow


def main() -> int:
    scratch = Path(tempfile.mkdtemp())
    os.environ["ANNOTATOR_CONFIG_DIR"] = str(scratch / "config")
    dark = "--dark" in sys.argv[1:]
    app = QApplication(sys.argv[:1])
    project = Project.open(ensure_demo_project(scratch / "demo.annot"))
    preferences = Settings(appearance=AppearanceSettings(theme="dark" if dark else "light"))
    window = MainWindow(project, Keymap(), window_settings(), preferences=preferences)
    window.resize(1360, 780)
    window.show()
    window.go_to_document(project.document_id("demo-1") or 1)
    spans = window.controller.annotations.spans
    nested = next(
        s
        for s in spans
        if project.document(s.document_id).text[s.start : s.end] == "University of Kharkiv"
    )
    window.controller.select_span(nested.id)
    # let the timers run too: the events tree fills in just after the first paint
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    target = Path(__file__).with_name("window-dark.png" if dark else "window.png")
    window.grab().save(str(target))
    print(target)
    project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
