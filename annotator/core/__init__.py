"""The annotation core: plain Python, never Qt.

Everything a user can do (import, annotate through edits, export) works and is
tested with PySide6 absent; the window in ``annotator.qt`` is a thin layer over it.

Its rooms, each importing only from those below it (docs/adr/0014-core-layout.md;
import-linter checks it): ``analysis`` and ``maintenance``; ``io``; ``project`` (the
facade); ``editing``; ``store``; ``model``; ``services``; ``errors``.
"""

from __future__ import annotations

import sys


def _load_sqlite_utils_without_pandas() -> None:
    """Import sqlite-utils without letting it import pandas and numpy.

    sqlite-utils imports both when installed (the test extra brings them with
    `datasets`), only to map their types when it creates tables from Python values,
    which we never do: all our tables come from SQL. That import costs about 0.3 s of
    start-up. Hidden only while sqlite-utils loads; importing them later still works.
    """
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


_load_sqlite_utils_without_pandas()
