"""cProfile helpers: the top functions of one profiled run, as data and as text."""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from pathlib import Path
from typing import Any

TOP = 15


def _name(key: tuple[str, int, str]) -> str:
    filename, line, function = key
    if filename == "~":  # a builtin or C function
        return function
    for marker in ("/annotator/", "/benchmarks/", "/site-packages/", "/lib/python3"):
        if marker in filename:
            filename = filename[filename.index(marker) + 1 :]
            break
    return f"{filename}:{line}({function})"


def top_entries(stats: pstats.Stats, limit: int = TOP) -> dict[str, list[dict[str, Any]]]:
    """The ``limit`` functions with the most own time and with the most cumulative time."""
    raw = stats.stats  # type: ignore[attr-defined]
    rows = [
        {
            "function": _name(key),
            "calls": value[1],
            "own_ms": round(value[2] * 1000, 2),
            "cumulative_ms": round(value[3] * 1000, 2),
        }
        for key, value in raw.items()
    ]
    by_own = sorted(rows, key=lambda r: r["own_ms"], reverse=True)[:limit]
    by_cumulative = sorted(rows, key=lambda r: r["cumulative_ms"], reverse=True)[:limit]
    return {"own": by_own, "cumulative": by_cumulative}


def profile_call(action: Callable[[], object], limit: int = TOP) -> dict[str, Any]:
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        action()
    finally:
        profiler.disable()
    return top_entries(pstats.Stats(profiler), limit)


class Region:
    """Profiles only the timed parts of a measurement: ``with region: ...`` around each."""

    def __init__(self, enabled: bool) -> None:
        self.profiler = cProfile.Profile() if enabled else None

    def __enter__(self) -> Region:
        if self.profiler is not None:
            self.profiler.enable()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.profiler is not None:
            self.profiler.disable()

    def top(self, limit: int = TOP) -> dict[str, Any] | None:
        if self.profiler is None:
            return None
        return top_entries(pstats.Stats(self.profiler), limit)


NO_REGION = Region(False)


def profile_file(path: Path, limit: int = TOP) -> dict[str, Any]:
    return top_entries(pstats.Stats(str(path)), limit)


def format_top(entries: dict[str, Any], limit: int = 10) -> list[str]:
    lines = ["    own time (ms)   calls  function"]
    for row in entries["own"][:limit]:
        lines.append(f"    {row['own_ms']:>12,.1f} {row['calls']:>7,}  {row['function']}")
    lines.append("    cumulative (ms) calls  function")
    for row in entries["cumulative"][:limit]:
        lines.append(f"    {row['cumulative_ms']:>12,.1f} {row['calls']:>7,}  {row['function']}")
    return lines
