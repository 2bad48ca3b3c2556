"""``python3 -m benchmarks``: every figure of the performance issue, with its target.

Prints machine information and a table (what, figure, target, PASS/MISS) and
writes the details as JSON. Generated corpora and projects are cached (see
benchmarks.data); the first run at target sizes builds them (several minutes).

    python3 -m benchmarks                   # target sizes, 5 runs each
    python3 -m benchmarks --quick           # smaller sizes: a smoke run, NOT the targets
    python3 -m benchmarks --only import,keystroke --runs 7
    python3 -m benchmarks --only assist     # suggestions (issue 16): work saved, speed
    python3 -m benchmarks --only server     # a PostgreSQL project next to a file (issue 18)
    python3 -m benchmarks --profile         # also cProfile one extra run of each figure
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import assist_bench, core_bench, data, report, server_bench, team_bench
from benchmarks.profiling import profile_file
from benchmarks.report import Result

NAMES = (
    "import",
    "export",
    "open",
    "keystroke",
    "list",
    "memory",
    "search",
    "coldstart",
    "assist",
    "team",
    "server",
)
DEFAULT_JSON = report.REPOSITORY / "benchmarks" / "results" / "latest.json"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python3 -m benchmarks",
        description="Measure every figure of the performance targets (docs/performance.md).",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller sizes for a smoke run (the figures are not comparable with the targets)",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME[,NAME]",
        help=f"run only these ({', '.join(NAMES)}); repeatable",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (default 5)")
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        help="where to write the results (default benchmarks/results/latest.json)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile one extra run of each figure with cProfile and print the top functions",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        metavar="SECONDS",
        help="before each figure, wait up to this long for other processes to leave the "
        f"CPUs alone (under {report.BUSY} cores of other load); default: do not wait",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        help="folder for generated corpora and projects "
        "(default $ANNOTATOR_BENCH_CACHE or ~/.cache/annotator-benchmarks)",
    )
    args = parser.parse_args(argv)
    chosen: list[str] = []
    for item in args.only or []:
        for name in item.split(","):
            name = name.strip()
            if name not in NAMES:
                parser.error(f"unknown benchmark {name!r} (choose from {', '.join(NAMES)})")
            chosen.append(name)
    args.names = [n for n in NAMES if n in chosen] if chosen else list(NAMES)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"


class Runner:
    def __init__(self, args: argparse.Namespace, work: Path, home: Path) -> None:
        self.args = args
        self.sizes = data.QUICK if args.quick else data.TARGET
        self.runs = args.runs
        self.profile = args.profile
        self.work = work
        self.home = home

    # -- children --------------------------------------------------------------------
    def child_env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            ANNOTATOR_CONFIG_DIR=str(self.home / "config"),
            ANNOTATOR_DATA_DIR=str(self.home / "data"),
            PYTHONPATH=os.pathsep.join(
                p for p in (str(report.REPOSITORY), env.get("PYTHONPATH", "")) if p
            ),
        )
        env.pop("BENCH_PROFILE", None)
        env.pop("BENCH_NO_PANDAS", None)
        # Byte code cached as on an installed copy, but outside the repository (this
        # machine sets PYTHONDONTWRITEBYTECODE: every start would compile from source).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(data.cache_dir() / "pycache")
        env.update(extra)
        return env

    def window_task(self, task: str, project: Path, *options: str, **env: str) -> dict[str, Any]:
        command = [
            sys.executable,
            "-m",
            "benchmarks.window_bench",
            task,
            "--project",
            str(project),
            "--runs",
            str(self.runs),
            *options,
        ]
        if self.profile:
            command.append("--profile")
        done = subprocess.run(
            command,
            cwd=report.REPOSITORY,
            env=self.child_env(**env),
            capture_output=True,
            text=True,
            timeout=3600,
        )
        for line in reversed(done.stdout.splitlines()):
            if line.startswith("RESULT "):
                value: dict[str, Any] = json.loads(line[len("RESULT ") :])
                return value
        tail = "\n".join((done.stderr or done.stdout).splitlines()[-15:])
        raise RuntimeError(f"window_bench {task} failed (status {done.returncode}):\n{tail}")

    # -- the figures ---------------------------------------------------------------------
    def import_(self) -> list[Result]:
        s = self.sizes
        found = core_bench.bench_import(s, self.runs, self.work, self.profile)
        d = found["details"]
        return [
            Result(
                "import",
                f"import: {s.import_docs:,} JSONL articles (~5 KB, 10 spans each) vs bare "
                "json + sqlite3 (no search triggers)",
                found["figure"],
                "x baseline",
                0.5,
                "higher",
                details=d,
                samples=found["samples"],
                profile=found.get("profile"),
                note=f"annotator import {d['app_docs_per_s']:,.0f} docs/s "
                f"({statistics.median(d['app_s']):.2f} s), bare json + executemany "
                f"{d['bare_docs_per_s']:,.0f} docs/s ({statistics.median(d['bare_s']):.2f} s); "
                f"{d['corpus_mb']:.0f} MB JSONL; target 0.8x; "
                f"same rows: {'yes' if d['same_rows'] else 'NO'}",
            )
        ]

    def export(self) -> list[Result]:
        s = self.sizes
        found = core_bench.bench_export(s, self.runs, self.work, self.profile)
        d = found["details"]
        return [
            Result(
                "export",
                f"export: JSONL of those {s.import_docs:,} articles vs bare json loop",
                found["figure"],
                "x baseline",
                1.0,
                "higher",
                details=d,
                samples=found["samples"],
                profile=found.get("profile"),
                note=f"annotator export {d['app_mb_per_s']:.1f} MB/s, bare loop "
                f"{d['bare_mb_per_s']:.1f} MB/s ({d['output_mb']:.0f} MB out; same "
                f"values: {'yes' if d['identical_output'] else 'NO'})",
            )
        ]

    def article(self) -> list[Result]:
        s = self.sizes
        source = data.article_project(s)
        project = data.fresh_copy(source, self.work / "article.annot")  # keystrokes add spans
        found = self.window_task(
            "article",
            project,
            "--article-id",
            str(data.article_document_id(project)),
            "--keystrokes",
            str(s.keystrokes),
        )
        opens = [run["to_spans_painted_ms"] for run in found["open_runs"]]
        keys = found["keystrokes"]
        rapid = found["keystrokes_back_to_back"]
        info = found["article"]
        size = f"{info['characters']:,} chars, {info['spans']:,} spans"
        results = []
        if "open" in self.args.names:
            calls = statistics.median(r["go_to_document_call_ms"] for r in found["open_runs"])
            results.append(
                Result(
                    "open",
                    f"open a big article ({size}) to first paint",
                    statistics.median(opens),
                    "ms",
                    150,
                    "lower",
                    details={**found["article"], "runs": found["open_runs"]},
                    samples=opens,
                    profile=found.get("profile_open"),
                    note=f"go_to_document() itself {calls:.0f} ms, the rest is the event "
                    f"pass that paints; longest line {info['longest_line']:,} chars, "
                    f"{info['blocks']:,} blocks shown",
                )
            )
        if "keystroke" in self.args.names:
            results.append(
                Result(
                    "keystroke",
                    "keystroke: label a selection in that article, "
                    f"p95 of {len(keys['samples_ms'])} presses",
                    keys["p95_ms"],
                    "ms",
                    8,
                    "lower",
                    details={
                        **{k: v for k, v in keys.items() if k != "samples_ms"},
                        "back_to_back": rapid,
                    },
                    samples=keys["samples_ms"],
                    profile=found.get("profile_keystroke"),
                    note=f"median {keys['median_ms']:.1f} ms, max {keys['max_ms']:.1f} ms; "
                    f"key handling (edit stored) {keys['key_handling_median_ms']:.1f} ms median, "
                    f"the rest repaint; spans not stored: {keys['not_stored']}; the refresh "
                    "deferred until keys pause (events tree, warnings; runs between presses, "
                    f"not in the figure) {_ms(keys['deferred_refresh_median_ms'])} median; "
                    f"presses back to back (no pause, refresh never runs): p95 "
                    f"{rapid['p95_ms']:.1f} ms, median {rapid['median_ms']:.1f} ms",
                )
            )
        return results

    def list_(self) -> list[Result]:
        s = self.sizes
        project = data.big_project(s, log)
        found = self.window_task("list", project)
        firsts = [run["first_paint_ms"] for run in found["runs"]]
        jumps = [run["jump_to_end_ms"] for run in found["runs"]]
        rows = found["rows"]
        window_ms = found["marks"]["window_to_list_paint_ms"]
        return [
            Result(
                "list",
                f"document list ({rows:,} documents): first paint",
                statistics.median(firsts),
                "ms",
                30,
                "lower",
                details={"rows": rows, "marks": found["marks"]},
                samples=firsts,
                profile=found.get("profile"),
                note="model reload (ids, reset, first page) to painted; building the whole "
                f"window until the list was first painted took {window_ms:.0f} ms",
            ),
            Result(
                "list",
                f"document list ({rows:,} documents): jump to the end",
                statistics.median(jumps),
                "ms",
                30,
                "lower",
                details={"rows": rows},
                samples=jumps,
                note="scrollToBottom() to painted, the last page not cached",
            ),
        ]

    def _memory_run(self, project: Path, article_id: int, **env: str) -> dict[str, Any]:
        saved, self.profile = self.profile, False
        try:
            command_runs, self.runs = self.runs, 1
            try:
                return self.window_task("memory", project, "--article-id", str(article_id), **env)
            finally:
                self.runs = command_runs
        finally:
            self.profile = saved

    def memory(self) -> list[Result]:
        s = self.sizes
        project = data.big_project(s, log)
        article_id = data.article_document_id(project)
        found = [self._memory_run(project, article_id) for _ in range(self.runs)]
        rss = [run["rss_mb"]["VmRSS"] for run in found]
        peak = statistics.median(run["rss_mb"]["VmHWM"] for run in found)
        marks = {
            key: statistics.median(run["marks"][key] for run in found)
            for key in ("rss_qt_mb", "rss_project_mb", "rss_window_mb")
        }
        rows = found[0]["rows"]
        details: dict[str, Any] = {"peak_mb": peak, "marks_mb": marks}
        note = (
            f"peak {peak:.0f} MB; after imports + QApplication {marks['rss_qt_mb']:.0f} MB, "
            f"+ project {marks['rss_project_mb']:.0f} MB, + window {marks['rss_window_mb']:.0f} "
            "MB, the rest is the big article"
        )
        if any(run.get("pandas_imported") for run in found):
            # sqlite-utils imports pandas and numpy when installed: what would it be without?
            lean = self._memory_run(project, article_id, BENCH_NO_PANDAS="1")
            details["without_pandas_mb"] = lean["rss_mb"]["VmRSS"]
            details["without_pandas_marks_mb"] = lean["marks"]
            note += (
                f"; pandas was imported: without pandas/numpy importable "
                f"{lean['rss_mb']['VmRSS']:.0f} MB (after imports {lean['marks']['rss_qt_mb']:.0f}"
                " MB)"
            )
        return [
            Result(
                "memory",
                f"memory: window, {rows:,}-document project, big article shown (RSS)",
                statistics.median(rss),
                "MB",
                150,
                "lower",
                details=details,
                samples=rss,
                note=note,
            )
        ]

    def search(self) -> list[Result]:
        s = self.sizes
        found = core_bench.bench_search(s, self.runs, self.profile, log)
        d = found["details"]
        queries = d["queries"]
        per = ", ".join(
            f"{name} {q['query']!r} {q['median_ms']:.1f} ms ({q['hits']} hits)"
            for name, q in queries.items()
        )
        first = d["first_search_ms"]
        lag = d.get("index_lag_before")
        first_text = f"first search in this process {first:,.0f} ms"
        if lag:
            first_text += f" (it indexed {lag:,} texts first)"
        results = [
            Result(
                "search",
                f"project search over {d['documents']:,} documents ({d['text_mb']:.0f} MB), "
                "median of 4 queries",
                found["figure"],
                "ms",
                50,
                "lower",
                details=d,
                samples=found["samples"],
                profile=found.get("profile"),
                note=f"{per}; {first_text}",
            )
        ]
        worst = max(queries.items(), key=lambda item: item[1]["median_ms"])
        results.append(
            Result(
                "search",
                f"project search: slowest query ({worst[0]} {worst[1]['query']!r})",
                worst[1]["median_ms"],
                "ms",
                50,
                "lower",
                details=worst[1],
            )
        )
        return results

    def coldstart(self) -> list[Result]:
        s = self.sizes
        project = data.big_project(s, log)

        def once(**env: str) -> tuple[float, dict[str, float]]:
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.coldstart_child", str(project)],
                cwd=report.REPOSITORY,
                env=self.child_env(**env),
                capture_output=True,
                text=True,
                timeout=600,
            )
            elapsed = time.perf_counter() - started
            for line in done.stdout.splitlines():
                if line.startswith("RESULT "):
                    return elapsed, ast.literal_eval(line[len("RESULT ") :])
            raise RuntimeError(f"cold start child failed: {done.stderr[-2000:]}")

        # Warm-up: the OS file cache as on a second launch, and (annotator.app backs a
        # project up when it opens it, skipping the copy while the file is unchanged
        # since its newest backup) the first backup into this run's throwaway data folder.
        once()
        runs = [once() for _ in range(self.runs)]
        profile = profile_edited = None
        if self.profile:
            path = self.work / "coldstart.prof"
            once(BENCH_PROFILE=str(path))
            profile = profile_file(path)
        pandas = any(marks.get("pandas_imported") for _, marks in runs)
        # sqlite-utils imports pandas and numpy when installed: what would it be without?
        lean = [once(BENCH_NO_PANDAS="1") for _ in range(self.runs)] if pandas else []
        edited = []
        for _ in range(self.runs):
            # As after a session of edits: the file changed since its newest backup, so
            # opening it copies it first. Touching it is enough (the check is by stat).
            os.utime(project)
            edited.append(once())
        totals = [total for total, _ in runs]
        inside = statistics.median(marks["painted"] for _, marks in runs)
        imported = statistics.median(marks["imported"] for _, marks in runs)
        qt_ready = statistics.median(marks["project_open_and_qt_ready"] for _, marks in runs)
        lean_total = statistics.median(total for total, _ in lean) if lean else None
        edited_totals = [total for total, _ in edited]
        edited_ready = statistics.median(
            marks["project_open_and_qt_ready"] - marks["imported"] for _, marks in edited
        )
        if self.profile:
            path = self.work / "coldstart-edited.prof"
            os.utime(project)
            once(BENCH_PROFILE=str(path))
            profile_edited = profile_file(path)
        megabytes = project.stat().st_size / 1e6
        documents = f"{s.list_docs + 1:,} documents, {megabytes:,.0f} MB"
        return [
            Result(
                "coldstart",
                f"cold start: annotator PROJECT ({documents}) to painted window",
                statistics.median(totals),
                "s",
                0.5,
                "lower",
                details={
                    "inside_process_s": inside,
                    "imports_done_s": imported,
                    "project_open_and_qt_ready_s": qt_ready,
                    "without_pandas_s": lean_total,
                    "runs": [marks for _, marks in runs],
                },
                samples=totals,
                profile=profile,
                note=f"process spawn to exit after the first paint (warm OS cache; the project "
                f"unchanged since its last backup); inside the process: imports done "
                f"{imported:.2f} s, project open and QApplication ready {qt_ready:.2f} s, "
                f"painted {inside:.2f} s"
                + (
                    f"; pandas was imported: without pandas/numpy importable {lean_total:.2f} s"
                    if lean_total is not None
                    else ""
                ),
            ),
            Result(
                "coldstart",
                "cold start after edits: the same, the project changed since its last backup",
                statistics.median(edited_totals),
                "s",
                0.5,
                "lower",
                details={"runs": [marks for _, marks in edited], "backup_and_open_s": edited_ready},
                samples=edited_totals,
                profile=profile_edited,
                note="the file touched before each run, so the backup the app makes when it "
                f"opens a changed project has {megabytes:,.0f} MB to copy; from imports done to "
                f"QApplication ready {edited_ready:.2f} s (whatever of the backup happens "
                "before the window; work left for after the first paint is not in the figure)",
            ),
        ]

    def assist(self) -> list[Result]:
        sizes = assist_bench.QUICK if self.args.quick else assist_bench.TARGET
        found = assist_bench.bench(sizes, self.runs, self.work, log)
        results = []
        for point in [found["propagation_alone"], *found["simulation"]]:
            done = point["done"]
            results.append(
                Result(
                    "assist",
                    f"suggestions: actions per gold annotation after {done} done articles, "
                    "share saved"
                    if done
                    else "suggestions: actions per gold annotation, propagation alone "
                    "(no model), share saved",
                    point["reduction_percent"],
                    "% fewer",
                    50 if done >= 50 else None,
                    "higher",
                    details=point,
                    note=f"{point['per_gold_with']:.2f} actions per gold annotation with "
                    f"suggestions ({'propagation + model' if done else 'propagation'}), 2 "
                    f"without; {point['gold']:,} gold "
                    f"annotations in {sizes.tests} held-out articles: {point['accepted']:,} "
                    f"accepted in {point['accept_actions']:,} accept-all presses, "
                    f"{point['rejected']:,} wrong suggestions rejected, {point['by_hand']:,} "
                    "added by hand; right / wrong suggestions by source: "
                    + ", ".join(
                        f"{name} {point['accepted_by_source'].get(name, 0):,} / "
                        f"{point['rejected_by_source'].get(name, 0):,}"
                        for name in ("propagation", "model")
                    ),
                )
            )
        timed = found["suggest"]
        per_source = ", ".join(
            f"{name} {ms:.1f} ms" for name, ms in timed["per_source_median_ms"].items()
        )
        results.append(
            Result(
                "assist",
                f"time to suggest for a 5 KB article (propagation + patterns + model), p95 of "
                f"{timed['articles']} articles x {self.runs}",
                timed["p95_ms"],
                "ms",
                100,
                "lower",
                details={k: v for k, v in timed.items() if k != "samples_ms"},
                samples=timed["samples_ms"],
                note=f"median {timed['median_ms']:.1f} ms, max {timed['max_ms']:.1f} ms, "
                f"{timed['suggestions_median']:.0f} suggestions per article (median); each "
                f"source alone (median): {per_source}",
            )
        )
        trained = found["training"]
        seconds = trained["seconds"]
        results.append(
            Result(
                "assist",
                f"training: train_project on {trained['articles']} done 5 KB articles",
                statistics.median(seconds),
                "s",
                60,
                "lower",
                details=trained,
                samples=seconds,
                note=f"{len(seconds)} run(s): "
                + ", ".join(f"{s:.1f} s" for s in seconds)
                + f"; {os.cpu_count()} cores; entity labels "
                f"{', '.join(trained['info']['labels'])}; event types "
                f"{len(trained['info']['triggers'])}",
            )
        )
        return results

    def team(self) -> list[Result]:
        sizes = team_bench.QUICK if self.args.quick else team_bench.TARGET
        found = team_bench.bench(sizes, self.runs, self.work, log)
        agreed, units, merged = found["agreement_s"], found["units_ms"], found["merge_s"]
        figures = ", ".join(
            f"{name} {value:.3f}" for name, value in found["figures"].items() if value is not None
        )
        return [
            Result(
                "team",
                f"agreement: every figure for 3 annotators over {sizes.articles} 5 KB articles",
                statistics.median(agreed),
                "s",
                10,
                "lower",
                samples=agreed,
                details={"figures": found["figures"]},
                note=f"all annotators: {figures}",
            ),
            Result(
                "team",
                "adjudication: comparing one article's 3 layers (the panel after each pick), p95",
                statistics.quantiles(units, n=20)[-1] if len(units) > 1 else units[0],
                "ms",
                100,
                "lower",
                samples=units,
                note=f"median {statistics.median(units):.1f} ms over {len(units)} comparisons",
            ),
            Result(
                "team",
                f"merge: one annotator's {sizes.articles}-article project into another's",
                statistics.median(merged),
                "s",
                10,
                "lower",
                samples=merged,
            ),
        ]

    def server(self) -> list[Result]:
        return server_bench.results(self.sizes, self.runs, self.work, log)

    def prepare(self) -> None:
        """Build what the chosen figures need (once; cached), outside any measurement."""
        s = self.sizes
        names = set(self.args.names)
        steps: list[tuple[str, Callable[[], object]]] = []
        if names & {"import"}:
            steps.append(("import corpus", lambda: data.corpus_file(0, s.import_docs)))
            steps.append(("empty project", data.template_project))
        if names & {"export"}:
            steps.append(("export project", lambda: data.export_project(s)))
        if names & {"open", "keystroke"}:
            steps.append(("article project", lambda: data.article_project(s)))
        if names & {"list", "memory", "search", "coldstart"}:
            steps.append((f"{s.list_docs:,}-document project", lambda: data.big_project(s, log)))
        if names & {"assist"}:
            sizes = assist_bench.QUICK if self.args.quick else assist_bench.TARGET
            steps.append(("suggestion projects", lambda: assist_bench.prepare(sizes)))
        for what, step in steps:
            started = time.perf_counter()
            step()
            elapsed = time.perf_counter() - started
            if elapsed > 1:
                log(f"prepared the {what} in {elapsed:.0f} s")


def wait_quiet(limit: float) -> float | None:
    """Wait (up to ``limit`` seconds) until other processes use under BUSY cores."""
    began = time.monotonic()
    while time.monotonic() - began < limit:
        load = report.OtherLoad()
        time.sleep(1.0)
        cores = load.cores()
        if cores is None or cores < report.BUSY:
            waited = time.monotonic() - began
            return waited if waited > 1.5 else None
    log(f"  (the machine stayed busy for {limit:.0f} s; measuring anyway)")
    return limit


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.cache:
        os.environ["ANNOTATOR_BENCH_CACHE"] = str(args.cache)
    home = Path(tempfile.mkdtemp(prefix="annotator-bench-home-"))
    # In this process too: nothing here may touch the user's config or recent list.
    os.environ["ANNOTATOR_CONFIG_DIR"] = str(home / "config")
    os.environ["ANNOTATOR_DATA_DIR"] = str(home / "data")
    work = data.cache_dir() / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    runner = Runner(args, work, home)
    info = report.machine_info()
    mode = "quick" if args.quick else "target"
    log(f"cache: {data.cache_dir()}; sizes: {mode}; runs: {args.runs}")
    if args.quick:
        log("QUICK RUN: smaller sizes than the targets; the figures are not the target figures")
    results: list[Result] = []
    figures: dict[str, Callable[[], list[Result]]] = {
        "import": runner.import_,
        "export": runner.export,
        "search": runner.search,
        "open": runner.article,
        "list": runner.list_,
        "memory": runner.memory,
        "coldstart": runner.coldstart,
        "assist": runner.assist,
        "team": runner.team,
        "server": runner.server,
    }
    try:
        runner.prepare()
        done_article = False
        for name in args.names:
            if name in ("open", "keystroke"):
                if done_article:
                    continue
                done_article = True
                name = "open"
            log(f"measuring {name if name != 'open' else 'open + keystroke'} ...")
            if args.wait_quiet > 0:
                waited = wait_quiet(args.wait_quiet)
                if waited is not None:
                    log(f"  (waited {waited:.0f} s for a quiet machine)")
            started = time.perf_counter()
            load = report.OtherLoad()
            try:
                found = figures[name]()
            except Exception as exc:  # one broken figure must not hide the others
                traceback.print_exc()
                found = [
                    Result(name, name, None, "", 0, "lower", error=f"{type(exc).__name__}: {exc}")
                ]
            other = load.cores()
            for result in found:
                result.other_load = other
            results.extend(found)
            log(f"  ({time.perf_counter() - started:.0f} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
    info["load_average_at_end"] = report.load_average()
    order = {name: index for index, name in enumerate(NAMES)}
    results.sort(key=lambda r: order.get(r.name, len(order)))

    print()
    if args.quick:
        print("QUICK RUN - smaller sizes than the targets: these are NOT the target figures.")
    for line in report.machine_lines(info):
        print(line)
    print(
        f"Medians of {args.runs} run(s) each (keystroke: p95 of its presses). Other load: "
        f"CPU cores other processes used meanwhile (of {info['cores']}; busy above "
        f"{report.BUSY})."
    )
    print()
    print(report.text_table(results))
    extra = report.notes(results)
    if extra:
        print()
        print("\n".join(extra))
    if args.profile:
        print()
        print("\n".join(report.profile_lines(results)))
    report.write_json(args.json, info, mode, args.runs, results)
    print(f"\nwritten: {args.json}")
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
