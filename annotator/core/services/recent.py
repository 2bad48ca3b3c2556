"""Recently opened projects, kept in the config dir (newest first)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from annotator.core.services import paths

LIMIT = 10


def load() -> list[Path]:
    try:
        values = json.loads(paths.recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # a missing or unreadable list is just empty; it is rewritten on next open
    if not isinstance(values, list):
        return []
    return [Path(v) for v in values if isinstance(v, str)]


def remember(project: Path) -> None:
    entry = str(project.resolve())
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
    return next((p for p in load() if p.exists()), None)
