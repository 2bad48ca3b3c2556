"""Recently opened projects, kept in the config dir (newest first).

A project file is kept as its resolved path; a shared server project as its URL without
the password (psycopg finds that in ``~/.pgpass`` or ``PGPASSWORD`` when it is reopened),
so the list never holds a secret.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from annotator.core.services import paths

LIMIT = 10


def load() -> list[Path | str]:
    """Project files (Paths) and server URLs (strs), newest first."""
    try:
        values = json.loads(paths.recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # a missing or unreadable list is just empty; it is rewritten on next open
    if not isinstance(values, list):
        return []
    return [_entry(v) for v in values if isinstance(v, str)]


def _entry(value: str) -> Path | str:
    return value if paths.is_server_url(value) else Path(value)


def _key(project: Path | str) -> str:
    if paths.is_server_url(project):
        return paths.shown_url(str(project))
    return str(Path(project).resolve())


def remember(project: Path | str) -> None:
    entry = _key(project)
    entries = [entry] + [str(p) for p in load() if str(p) != entry]
    target = paths.recent_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(entries[:LIMIT], indent=1), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass  # not being able to remember a recent project must never stop the user


def last_existing() -> Path | None:
    """The newest project file still there. A server project is not reopened on its own
    at start-up: an unreachable server would keep the window from opening."""
    return next((p for p in load() if isinstance(p, Path) and p.exists()), None)
