"""PostgreSQL projects (issue 18): keystroke, open, import and export, next to a file project.

The same figures as the file project's, measured in one run for a project file and for a
project on a PostgreSQL server, so the table shows them side by side:

* keystroke: labelling a free word in the big article (1 MB, 25,000 spans at target
  sizes). The file figure of ``--only keystroke`` drives the real window and includes
  the repaint; this one makes the core calls the window makes per key press (what
  ``Controller.apply_label`` does: ``project.apply(AddSpan(...))``, then
  ``project.events_and_relations()`` because spans changed), without Qt, on both
  projects, one press on each in turn. The figure is the p95 of the presses.
* open: ``Project.open`` of the export benchmark's project (its corpus, 20,000 articles
  at target sizes), and opening the big article (``project.document``,
  ``project.revisions`` and ``project.annotations``, as ``Controller.open_document``:
  the core part of ``go_to_document``).
* import: ``annotator import PROJECT corpus.jsonl`` (the import benchmark's corpus) into
  an empty project: a fresh copy of the empty project file, a fresh database.
* export: ``annotator export PROJECT --format jsonl -o F`` of that corpus; the two outputs
  are compared value by value once.

The server: ``$ANNOTATOR_BENCH_POSTGRES`` (the URL of a maintenance database, e.g.
``postgresql://postgres@127.0.0.1:5432/postgres``; the role must be allowed to create
databases), else the tests' server (``$ANNOTATOR_TEST_POSTGRES``, or a throwaway cluster
started from the installed server binaries, on loopback with fsync=off). Every database
made here is named ``annotator_bench_*`` and dropped at the end.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import re
import secrets
import statistics
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from annotator.core.editing import edits
from annotator.core.project import Project
from benchmarks import data
from benchmarks.core_bench import same_json_lines
from benchmarks.report import Result, percentile

ENV_VAR = "ANNOTATOR_BENCH_POSTGRES"
PREFIX = "annotator_bench_"
SIDES = ("file", "server")
SHOWN = {"file": "file", "server": "PostgreSQL"}

Location = Path | str  # a project file or a postgresql:// URL


# -- the server ---------------------------------------------------------------------------


def server_base() -> str:
    """The maintenance URL of the server to measure on (see the module's docstring)."""
    given = os.environ.get(ENV_VAR, "").strip()
    if given:
        return given
    try:
        from tests.server import server_url

        return server_url()
    except BaseException as exc:  # pytest.skip raises an outcome, not an Exception
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise RuntimeError(
            f"no PostgreSQL server: set {ENV_VAR} to a server's URL ({type(exc).__name__}: {exc})"
        ) from None


class Server:
    """Databases made on one server for this run, all dropped by :meth:`close`."""

    def __init__(self, base: str) -> None:
        import psycopg

        self.base = base
        self._psycopg = psycopg
        self.made: list[str] = []

    def _with_database(self, name: str) -> str:
        parts = urlsplit(self.base)
        return urlunsplit(parts._replace(path="/" + name))

    def settings(self) -> dict[str, Any]:
        """What the figures depend on: version, durability, memory, where it runs."""
        names = ("server_version", "fsync", "synchronous_commit", "shared_buffers", "work_mem")
        with self._psycopg.connect(self.base) as connection:
            found: dict[str, Any] = {}
            for name in names:
                row = connection.execute(f"SHOW {name}").fetchone()
                found[name] = row[0] if row else None
            found["host"] = connection.info.host
            found["port"] = connection.info.port
        found["psycopg"] = self._psycopg.__version__
        found["libpq"] = self._psycopg.pq.version()
        return found

    def new_project(self, schema: Any = None) -> str:
        """A fresh database holding an empty project (as ``annotator new URL`` makes it)."""
        from psycopg import sql

        name = PREFIX + secrets.token_hex(6)
        with self._psycopg.connect(self.base, autocommit=True) as connection:
            # CREATE DATABASE cannot run in a transaction; template0 and UTF8 as the
            # docs tell an administrator to make a project's database.
            connection.execute(
                sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(name)
                )
            )
        url = self._with_database(name)
        self.made.append(url)
        Project.create(url, schema).close()
        return url

    def drop(self, url: str) -> None:
        from psycopg import sql

        name = urlsplit(url).path.lstrip("/")
        if not name.startswith(PREFIX):
            raise ValueError(f"not a benchmark database: {url}")
        with self._psycopg.connect(self.base, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        if url in self.made:
            self.made.remove(url)

    def close(self) -> None:
        for url in list(self.made):
            with contextlib.suppress(Exception):
                self.drop(url)


# -- the app's commands -------------------------------------------------------------------


def _cli(*args: str) -> None:
    from annotator.cli import main

    errors = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(errors):
        status = main(list(args))
    if status != 0:
        raise RuntimeError(
            f"annotator {' '.join(args[:2])} failed ({status}): {errors.getvalue().strip()}"
        )


def app_import(project: Location, *corpus: Path) -> None:
    _cli("import", str(project), *map(str, corpus))


def app_export(project: Location, out: Path) -> None:
    _cli("export", str(project), "--format", "jsonl", "-o", str(out))


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _alternating(
    runs: int, prepare: Callable[[str], Callable[[], object]], warm_up: bool = True
) -> dict[str, list[float]]:
    """Seconds per run of each side, which goes first alternating; ``warm_up``: one
    more run first (page cache, imports, the server's buffers) that is not counted."""
    samples: dict[str, list[float]] = {side: [] for side in SIDES}
    for run in range(runs + (1 if warm_up else 0)):
        for side in SIDES if run % 2 else tuple(reversed(SIDES)):
            seconds = _timed(prepare(side))
            if run or not warm_up:
                samples[side].append(seconds)
    return samples


# -- the figures --------------------------------------------------------------------------


def _import_export(
    sizes: data.Sizes, runs: int, work: Path, server: Server, found: dict[str, Any]
) -> None:
    corpus = data.corpus_file(0, sizes.import_docs)
    template = data.template_project()
    exported = data.export_project(sizes)
    imported: dict[str, Location] = {}

    def prepare_import(side: str) -> Callable[[], object]:
        if side == "file":
            target: Location = data.fresh_copy(template, work / "server-bench-import.annot")
        else:
            previous = imported.get("server")
            if isinstance(previous, str):
                server.drop(previous)
            target = server.new_project()
        imported[side] = target
        return lambda: app_import(target, corpus)

    try:
        seconds = _alternating(runs, prepare_import)
        found["import"] = {
            "documents": sizes.import_docs,
            "corpus_mb": corpus.stat().st_size / 1e6,
            "seconds": seconds,
        }
    except Exception as exc:
        found["import"] = {"error": _error(exc)}
        found["export"] = {"error": "no project to export: the import failed"}
        return
    # The last database imported into is the export benchmark's project on the server.
    projects: dict[str, Location] = {"file": exported, "server": imported["server"]}
    found["projects"] = projects
    outputs = {side: work / f"server-bench-{side}.jsonl" for side in SIDES}

    def prepare_export(side: str) -> Callable[[], object]:
        outputs[side].unlink(missing_ok=True)
        return lambda: app_export(projects[side], outputs[side])

    try:
        seconds = _alternating(runs, prepare_export)
        found["export"] = {
            "output_mb": {side: outputs[side].stat().st_size / 1e6 for side in SIDES},
            "seconds": seconds,
            "same_values": same_json_lines(outputs["file"], outputs["server"]),
        }
    except Exception as exc:
        found["export"] = {"error": _error(exc)}


def _open_projects(runs: int, projects: dict[str, Location], found: dict[str, Any]) -> None:
    opened: list[Project] = []

    def prepare(side: str) -> Callable[[], object]:
        for project in opened:
            project.close()
        opened.clear()
        gc.collect()
        return lambda: opened.append(Project.open(projects[side]))

    try:
        counts = {}
        for side in SIDES:
            with Project.open(projects[side], read_only=True) as project:
                counts[side] = project.document_count()
        found["open_project"] = {"documents": counts, "seconds": _alternating(runs, prepare)}
    except Exception as exc:
        found["open_project"] = {"error": _error(exc)}
    finally:
        for project in opened:
            project.close()


def free_words(text: str, spans: list[Any], count: int) -> list[tuple[int, int]]:
    """``count`` lower-case words no span touches, spread over the whole text (as the
    window benchmark picks them)."""
    covered = bytearray(len(text) + 1)
    for span in spans:
        covered[span.start : span.end] = b"\x01" * (span.end - span.start)
    words = [
        (m.start(), m.end())
        for m in re.finditer(r"\b[a-z]{4,}\b", text)
        if not any(covered[max(0, m.start() - 1) : m.end() + 1])
    ]
    if len(words) < count:
        raise RuntimeError(f"only {len(words)} unlabelled words")
    step = len(words) / count
    return [words[int(i * step)] for i in range(count)]


def _article_projects(sizes: data.Sizes, work: Path, server: Server) -> dict[str, Location]:
    """The big article's project as a fresh file copy and in a fresh database (keystrokes
    add spans, so neither is the cached one)."""
    source = data.article_project(sizes)
    url = server.new_project()
    short = data.cache_dir() / f"short-g{data.GENERATOR_VERSION}.jsonl"  # article_project made it
    app_import(url, short)
    app_import(url, data.article_file(sizes))
    return {"file": data.fresh_copy(source, work / "server-bench-article.annot"), "server": url}


def _article(
    sizes: data.Sizes, runs: int, projects: dict[str, Location], found: dict[str, Any]
) -> None:
    opened = {side: Project.open(projects[side]) for side in SIDES}
    try:
        ids = {}
        for side, project in opened.items():
            big = project.document_id("big-article")
            if big is None:
                raise RuntimeError(f"{side}: the big article is missing")
            ids[side] = big
        first = opened["file"]
        text = first.document(ids["file"]).text
        annotations = first.annotations(ids["file"])
        info = {"characters": len(text), "spans": len(annotations.spans)}

        def prepare(side: str) -> Callable[[], object]:
            gc.collect()
            project, big = opened[side], ids[side]
            # Controller.open_document: the document, then (a server's revisions first,
            # so a change in between is seen again) its annotations.
            return lambda: (
                project.document(big),
                project.revisions(big),
                project.annotations(big),
            )

        try:
            found["open_article"] = {**info, "seconds": _alternating(runs, prepare)}
            # What the window asks every few seconds to see whether others changed it.
            polls = [_timed(lambda: opened["server"].revisions(ids["server"])) for _ in range(50)]
            found["open_article"]["poll_ms"] = statistics.median(polls) * 1000
        except Exception as exc:
            found["open_article"] = {"error": _error(exc)}

        # The window's label.assign_1: the first label of the palette (PER in the news schema).
        label = (first.schema.entities + first.schema.events)[0].name
        words = free_words(text, list(annotations.spans), sizes.keystrokes)
        presses: dict[str, list[float]] = {side: [] for side in SIDES}
        not_stored = dict.fromkeys(SIDES, 0)
        try:
            for number, (start, end) in enumerate(words):
                for side in SIDES if number % 2 else tuple(reversed(SIDES)):
                    project, big = opened[side], ids[side]
                    edit = edits.AddSpan(big, start, end, label)
                    started = time.perf_counter()
                    project.apply(edit)
                    project.events_and_relations(big)  # the controller's refresh after span edits
                    presses[side].append((time.perf_counter() - started) * 1000)
                    if edit.span_id is None:
                        not_stored[side] += 1
            for side in SIDES:  # every press stored its span, on both
                spans = len(opened[side].annotations(ids[side]).spans)
                if spans != info["spans"] + len(words):
                    not_stored[side] = max(not_stored[side], info["spans"] + len(words) - spans)
            found["keystroke"] = {**info, "label": label, "ms": presses, "not_stored": not_stored}
        except Exception as exc:
            found["keystroke"] = {"error": _error(exc)}
    finally:
        for project in opened.values():
            project.close()


def _error(exc: BaseException) -> str:
    traceback.print_exc()
    return f"{type(exc).__name__}: {exc}"


def bench(sizes: data.Sizes, runs: int, work: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """Every figure for both kinds of project; a figure that fails holds ``error``."""
    server = Server(server_base())
    found: dict[str, Any] = {"server": server.settings()}
    log(
        f"  server: PostgreSQL {found['server']['server_version']} at "
        f"{found['server']['host']}:{found['server']['port']}, fsync={found['server']['fsync']}"
    )
    try:
        began = time.perf_counter()
        _import_export(sizes, runs, work, server, found)
        log(f"  import and export: {time.perf_counter() - began:.0f} s")
        if "projects" in found:
            _open_projects(runs, found.pop("projects"), found)
        else:
            found["open_project"] = {"error": "no project: the import failed"}
        began = time.perf_counter()
        try:
            article = _article_projects(sizes, work, server)
        except Exception as exc:
            message = f"the article project could not be made: {_error(exc)}"
            found["open_article"] = found["keystroke"] = {"error": message}
        else:
            _article(sizes, runs, article, found)
        log(f"  article: {time.perf_counter() - began:.0f} s")
    finally:
        server.close()
    return found


# -- the table ----------------------------------------------------------------------------


def _pairs(
    figure: dict[str, Any],
    what: Callable[[str], str],
    unit: str,
    value: Callable[[str], list[float]],
    summary: Callable[[list[float]], float],
    note: Callable[[str], str],
    name: str,
) -> Iterator[Result]:
    """The file row and the server row of one figure; the server's note compares them."""
    for side in SIDES:
        if "error" in figure:
            yield Result(name, what(side), None, unit, None, "lower", error=figure["error"])
            continue
        samples = value(side)
        yield Result(
            name,
            what(side),
            summary(samples),
            unit,
            None,
            "lower",
            samples=samples,
            details={k: v for k, v in figure.items() if k not in ("seconds", "ms")},
            note=note(side),
        )


def results(sizes: data.Sizes, runs: int, work: Path, log: Callable[[str], None]) -> list[Result]:
    found = bench(sizes, runs, work, log)
    settings = found["server"]
    server_text = (
        f"PostgreSQL {settings['server_version']} at {settings['host']}:{settings['port']}, "
        f"fsync={settings['fsync']}, synchronous_commit={settings['synchronous_commit']}, "
        f"shared_buffers={settings['shared_buffers']}; psycopg {settings['psycopg']}"
    )
    out: list[Result] = []

    def medians(figure: dict[str, Any], key: str, scale: float = 1.0) -> dict[str, float]:
        return {side: statistics.median(figure[key][side]) * scale for side in SIDES}

    def versus(figure: dict[str, Any], key: str, side: str, scale: float = 1.0) -> str:
        """The server's figure as a multiple of the file's (which is better depends)."""
        if side != "server":
            return ""
        values = medians(figure, key, scale)
        return f"median {values['server'] / values['file']:.1f}x the file project's; "

    keys = found["keystroke"]
    out.extend(
        _pairs(
            keys,
            lambda side: f"{SHOWN[side]}: keystroke, p95 of {sizes.keystrokes} (core calls)",
            "ms",
            lambda side: keys["ms"][side],
            lambda samples: percentile(samples, 0.95),
            lambda side: (
                versus(keys, "ms", side)
                + f"labelling a free word {keys['label']} in the big article "
                f"({keys['characters']:,} chars, {keys['spans']:,} spans): "
                "project.apply(AddSpan) + events_and_relations(), no window or repaint; "
                f"median {statistics.median(keys['ms'][side]):.1f} ms, max "
                f"{max(keys['ms'][side]):.1f} ms; spans not stored: {keys['not_stored'][side]}"
                + (f"; {server_text}" if side == "server" else "")
            ),
            "server",
        )
    )
    opened = found["open_article"]
    out.extend(
        _pairs(
            opened,
            lambda side: f"{SHOWN[side]}: open the big article (core calls)",
            "ms",
            lambda side: [s * 1000 for s in opened["seconds"][side]],
            statistics.median,
            lambda side: (
                versus(opened, "seconds", side)
                + "project.document(), revisions(), annotations(): the core part of "
                "go_to_document(), no window or paint"
                + (
                    f"; the window's poll for others' changes (revisions(), every 3 s) "
                    f"{opened['poll_ms']:.2f} ms median"
                    if side == "server"
                    else ""
                )
            ),
            "server",
        )
    )
    project = found["open_project"]
    out.extend(
        _pairs(
            project,
            lambda side: f"{SHOWN[side]}: open the project (Project.open)",
            "ms",
            lambda side: [s * 1000 for s in project["seconds"][side]],
            statistics.median,
            lambda side: (
                versus(project, "seconds", side)
                + f"the export benchmark's project, {project['documents'][side]:,} documents"
            ),
            "server",
        )
    )
    imported = found["import"]
    out.extend(
        _pairs(
            imported,
            lambda side: f"{SHOWN[side]}: import {sizes.import_docs:,} articles",
            "s",
            lambda side: imported["seconds"][side],
            statistics.median,
            lambda side: (
                versus(imported, "seconds", side)
                + f"annotator import of {imported['corpus_mb']:.0f} MB JSONL (~5 KB, 10 spans "
                "each) into an empty project: "
                f"{sizes.import_docs / statistics.median(imported['seconds'][side]):,.0f} docs/s"
            ),
            "server",
        )
    )
    exported = found["export"]
    out.extend(
        _pairs(
            exported,
            lambda side: f"{SHOWN[side]}: export {sizes.import_docs:,} articles as JSONL",
            "s",
            lambda side: exported["seconds"][side],
            statistics.median,
            lambda side: (
                versus(exported, "seconds", side) + "annotator export --format jsonl: "
                f"{exported['output_mb'][side] / statistics.median(exported['seconds'][side]):.1f}"
                f" MB/s ({exported['output_mb'][side]:.0f} MB out); the same values from both: "
                f"{'yes' if exported['same_values'] else 'NO'}"
            ),
            "server",
        )
    )
    for result in out:
        if result.name == "server":
            result.details = {**result.details, "server": settings}
    return out
