"""A damaged project file, as the window says it (issue 19).

The core's readers trust the stored rows: a damaged file (a page SQLite calls
malformed, a dropped table, a text or metadata that is not UTF-8 or not JSON) shows
as :data:`DAMAGED` exceptions wherever a row is read. The window turns them into one
message that names the file and what to do, as the command line does
(``annotator.cli._damaged``); nothing is written into the file meanwhile.
"""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtWidgets import QApplication

from annotator.core.maintenance import integrity
from annotator.core.services import paths
from annotator.qt.translations import fill

# What reading a damaged project file raises (not AnnotatorErrors: the readers trust rows).
DAMAGED: tuple[type[Exception], ...] = (
    sqlite3.DatabaseError,
    UnicodeDecodeError,
    json.JSONDecodeError,
)


class DamagedMessage(str):
    """A :func:`damaged_message` passed on as a job's result: shown in a message box,
    not only in a status line."""


def location_of(widget: object) -> str | None:
    """The project shown by ``widget`` (a main window) or one of its parents, if any."""
    while widget is not None:
        project = getattr(widget, "project", None)
        if project is not None and hasattr(project, "shown_location"):
            return str(project.shown_location)
        parent = getattr(widget, "parent", None)
        widget = parent() if callable(parent) else None
    return None


def damaged_message(location: str | None, exc: BaseException, what: str = "") -> DamagedMessage:
    """One line: the project file is damaged, what could not be read, and what to do.

    ``location`` is the project as shown (None: not known here); ``what`` names the
    unreadable part ("document 3"), empty when it is not known.
    """
    reason = " ".join(str(exc).split())[:200] or type(exc).__name__
    where = location or QApplication.translate("Damaged", "the project")
    command = paths.command_word(location) if location else "PROJECT"
    if integrity.unavailable(exc):  # busy, locked, a full disk: the file itself is fine
        busy = QApplication.translate(
            "Damaged",
            "The project %1 could not be used just now (%2). Nothing was changed; "
            "try again in a moment.",
        )
        return DamagedMessage(fill(busy, where, reason))
    if what:
        start = QApplication.translate(
            "Damaged", "The project file %1 is damaged: %2 could not be read (%3)."
        )
    else:
        start = QApplication.translate(
            "Damaged", "The project file %1 is damaged or unreadable (%3)."
        )
    advice = QApplication.translate(
        "Damaged",
        "Nothing was written to it. Run `annotator check %1` to list its problems, "
        "then `annotator restore %1` to bring back its newest backup.",
    )
    return DamagedMessage(fill(start, where, what, reason) + " " + fill(advice, command))
