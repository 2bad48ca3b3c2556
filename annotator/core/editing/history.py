"""The status history: who set which document to todo, done or skipped, and when.

:meth:`Project.apply <annotator.core.project.Project.apply>` and ``revert`` call
:func:`record` inside the edit's own transaction, so the history is exactly as
true as the statuses: an undo is a change too, and is written as one. Rows are
never rewritten (docs/adr/0012-activity-history.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlite_utils import Database

from annotator.core.store.recorder import RowChange

IMPORTED = "imported"
"""Who finished a document that was imported already done or skipped (it has no history)."""


def now() -> str:
    """The time stamp written with a change: UTC, to the second, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def status_changes(rows: Iterable[RowChange]) -> list[tuple[int, str]]:
    """(document id, new status) for each status change among an edit's row changes."""
    return [
        (int(change.key), str(change.after["status"]))
        for change in rows
        if change.table == "documents"
        and change.op == "update"
        and change.after is not None
        and "status" in change.after
    ]


def record(db: Database, rows: Iterable[RowChange], annotator: str, at: str | None = None) -> int:
    """Append a history row for each status change in ``rows``; the caller holds the
    transaction. Returns how many were written."""
    changes = status_changes(rows)
    if changes:
        stamp = at or now()
        db.conn.executemany(
            "INSERT INTO status_history (document_id, status, annotator, at) VALUES (?, ?, ?, ?)",
            [(document_id, status, annotator, stamp) for document_id, status in changes],
        )
    return len(changes)
