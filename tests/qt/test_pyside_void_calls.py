"""Regression: PySide6 6.12.0 on CPython 3.11 aborts after a few thousand void calls.

Each call to a C++ method returning void dropped a reference to None until the
interpreter died with "none_dealloc" (docs/adr/0001-pyside6-version.md). The
dependency specifiers exclude that combination; this test proves the installed
one survives a million such calls. It runs in a child process so that an abort
fails this test instead of killing the test session.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("PySide6.QtGui")

CALLS = 1_000_000


def test_a_million_void_calls_do_not_crash_the_interpreter() -> None:
    script = textwrap.dedent(
        f"""
        from PySide6.QtGui import QGuiApplication, QTextCharFormat, QTextCursor, QTextDocument
        app = QGuiApplication([])
        document = QTextDocument("x" * 1000)
        cursor = QTextCursor(document)
        fmt = QTextCharFormat()
        for i in range({CALLS}):
            cursor.setPosition(i % 1000)  # returns void
        for i in range(10_000):
            fmt.setFontWeight(400 + i % 2)  # another void method
        print("survived")
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"
