"""Machine information, the results table and the JSON file."""

from __future__ import annotations

import json
import math
import os
import platform
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.profiling import format_top

REPOSITORY = Path(__file__).resolve().parents[1]


@dataclass
class Result:
    name: str  # --only name
    what: str  # the table's first column
    figure: float | None
    unit: str  # "x baseline", "ms", "MB"
    target: float | None  # None: a figure reported without a target
    better: str  # "higher" or "lower"
    details: dict[str, Any] = field(default_factory=dict)
    samples: list[float] = field(default_factory=list)
    note: str = ""  # shown under the table
    other_load: float | None = None  # cores other processes used meanwhile (OtherLoad)
    profile: dict[str, Any] | None = None
    error: str = ""

    @property
    def passed(self) -> bool | None:
        if self.figure is None or self.target is None:
            return None
        if self.better == "higher":
            return self.figure >= self.target
        return self.figure <= self.target

    def target_text(self) -> str:
        if self.target is None:
            return "-"
        sign = ">=" if self.better == "higher" else "<="
        if self.unit == "x baseline":
            return f"{sign} {self.target:g}x baseline"
        if self.unit.startswith("%"):
            return f"{sign} {self.target:g}{self.unit}"
        return f"{sign} {self.target:g} {self.unit}"

    def figure_text(self) -> str:
        if self.figure is None:
            return "error"
        if self.unit == "x baseline":
            return f"{self.figure:.2f}x"
        if self.unit == "s":
            return f"{self.figure:.2f} s"
        if self.unit.startswith("%"):
            return f"{self.figure:.0f}{self.unit}"
        if self.figure >= 100:
            return f"{self.figure:,.0f} {self.unit}"
        return f"{self.figure:.1f} {self.unit}"


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 200 samples is the 190th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=REPOSITORY, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


class OtherLoad:
    """CPU time other processes used while a figure was measured, in cores.

    From /proc/stat (all busy time) minus this process's and its children's CPU
    time: on a 2-core machine, 0.5 means other work took a quarter of it.
    """

    def __init__(self) -> None:
        self._start = self._sample()

    @staticmethod
    def _busy_seconds() -> float | None:
        try:
            with open("/proc/stat", encoding="ascii") as stat:
                fields = stat.readline().split()[1:]
        except OSError:
            return None
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
        return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")

    def _sample(self) -> tuple[float, float | None, float]:
        times = os.times()
        own = times.user + times.system + times.children_user + times.children_system
        return time.monotonic(), self._busy_seconds(), own

    def cores(self) -> float | None:
        wall0, busy0, own0 = self._start
        wall1, busy1, own1 = self._sample()
        if busy0 is None or busy1 is None or wall1 <= wall0:
            return None
        return max(0.0, (busy1 - busy0) - (own1 - own0)) / (wall1 - wall0)


def machine_info() -> dict[str, Any]:
    try:
        import PySide6
        from PySide6 import QtCore

        pyside = PySide6.__version__
        qt = QtCore.qVersion()
    except ImportError:
        pyside = qt = "not installed"
    dirty = _git("status", "--porcelain", "--untracked-files=no", "--", "annotator")
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": _memory_gb(),
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "pyside6": pyside,
        "qt": qt,
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "annotator_changed_since_commit": bool(dirty),
        "load_average_at_start": load_average(),
    }


def machine_lines(info: dict[str, Any]) -> list[str]:
    ram = f"{info['ram_gb']} GB RAM" if info.get("ram_gb") else "RAM unknown"
    commit = info.get("commit") or "?"
    if info.get("annotator_changed_since_commit"):
        commit += " + uncommitted changes in annotator/"
    return [
        f"Machine: {info['cpu']}, {info['cores']} cores, {ram}; {info['os']}",
        f"Python {info['python']}, PySide6 {info['pyside6']} (Qt {info['qt']}), "
        f"SQLite {info['sqlite']}; annotator at {commit}; {info['date']}",
        "Load average at start / end: "
        f"{info.get('load_average_at_start')} / {info.get('load_average_at_end', '?')}",
    ]


BUSY = 0.25  # cores of other work above which a figure is marked as disturbed


def table_rows(results: list[Result]) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for result in results:
        status = {True: "PASS", False: "MISS", None: "ERROR"}[result.passed]
        if result.figure is not None and result.target is None:
            status = ""  # reported for comparison, no target
        load = "" if result.other_load is None else f"{result.other_load:.2f}"
        if result.other_load is not None and result.other_load > BUSY:
            load += " (busy)"
        rows.append((result.what, result.figure_text(), result.target_text(), status, load))
    return rows


def text_table(results: list[Result]) -> str:
    header = ("what", "figure", "target", "", "other load")
    rows = [header, *table_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(results: list[Result]) -> str:
    lines = ["| what | figure | target | | other load |", "|---|---|---|---|---|"]
    for what, figure, target, status, load in table_rows(results):
        lines.append(f"| {what} | {figure} | {target} | {status} | {load} |")
    return "\n".join(lines)


def notes(results: list[Result]) -> list[str]:
    lines = []
    for result in results:
        if result.error:
            lines.append(f"- {result.what}: ERROR {result.error}")
        elif result.note:
            lines.append(f"- {result.what}: {result.note}")
    return lines


def profile_lines(results: list[Result]) -> list[str]:
    lines = []
    for result in results:
        if result.profile:
            lines.append(f"{result.what} (cProfile of one extra run):")
            lines.extend(format_top(result.profile))
    return lines


def write_json(
    path: Path, info: dict[str, Any], mode: str, runs: int, results: list[Result]
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    value = {
        "machine": info,
        "mode": mode,
        "runs": runs,
        "results": [
            {**asdict(r), "passed": r.passed, "target_text": r.target_text()} for r in results
        ],
    }
    path.write_text(json.dumps(value, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load_results(path: Path) -> tuple[dict[str, Any], list[Result]]:
    value = json.loads(path.read_text(encoding="utf-8"))
    fields = set(Result.__dataclass_fields__)
    results = [Result(**{k: v for k, v in r.items() if k in fields}) for r in value["results"]]
    return value, results


def main(argv: list[str] | None = None) -> int:
    """``python3 -m benchmarks.report FILE.json``: a results file as Markdown (for the docs)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else REPOSITORY / "benchmarks" / "results" / "latest.json"
    value, results = load_results(path)
    print("\n".join(f"{line}  " for line in machine_lines(value["machine"])))
    print()
    print(markdown_table(results))
    print()
    print("\n".join(notes(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
