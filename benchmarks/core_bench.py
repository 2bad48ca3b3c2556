"""Headless figures, measured in this process: import, export, project search.

Import and export are compared with a bare baseline in the same process and the
same run (the two alternate, so neither always goes first into a cold cache):

* import: ``annotator import`` (``annotator.cli.main``) into a fresh copy of an empty
  project, against bare ``sqlite3``: the same JSONL read and parsed with
  ``json.loads`` per line, the same rows (documents, texts, spans: ids, titles,
  SHA-256 digests, meta JSON) written with ``executemany`` in one transaction into
  another fresh copy of the same empty project file with its search triggers
  dropped (the tables and indexes are the very same; the app's import pays for
  the triggers, the baseline does not), with the same PRAGMAs (WAL,
  synchronous=FULL, foreign_keys=ON). Both end with the connection closed, which
  folds the WAL into the file. The figure is app docs/s / bare docs/s (issue 15:
  at least 0.5x, target 0.8x).
* export: ``annotator export P --format jsonl -o F`` against a bare loop over the
  same rows (documents joined with texts; spans, events with arguments, relations,
  each one ordered query merged by document) building the same dicts and writing
  ``json.dumps(..., ensure_ascii=False)`` lines. The two outputs are compared byte
  for byte once. The figure is app MB/s / bare MB/s.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import json
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import data
from benchmarks.profiling import profile_call

# -- import ------------------------------------------------------------------------------


def app_import(project: Path, corpus: Path) -> None:
    from annotator.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        status = main(["import", str(project), str(corpus)])
    if status != 0:
        raise RuntimeError(f"annotator import failed ({status})")


def _title(text: str) -> str:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            return stripped if len(stripped) <= 200 else stripped[:199] + "…"
    return ""


def without_search_triggers(project: Path) -> Path:
    """The baseline's tables: a project file without the triggers of its search index."""
    with contextlib.closing(sqlite3.connect(project)) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'texts'"
                " AND name LIKE 'texts_search%'"
            )
        ]
        for name in names:
            db.execute(f"DROP TRIGGER {name}")
        db.commit()
    return project


def bare_import(project: Path, corpus: Path) -> None:
    """The same rows into the same tables with nothing but sqlite3 and json."""
    db = sqlite3.connect(project, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    labels = dict(db.execute("SELECT name, id FROM labels"))
    doc_id = db.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]
    span_id = db.execute("SELECT coalesce(max(id), 0) FROM spans").fetchone()[0]
    now = datetime.now(UTC).isoformat(timespec="seconds")
    documents: list[tuple[Any, ...]] = []
    texts: list[tuple[Any, ...]] = []
    spans: list[tuple[Any, ...]] = []
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            value = json.loads(line)
            text = value["text"]
            meta = value.get("meta") or {}
            doc_id += 1
            title = meta.get("title") if isinstance(meta.get("title"), str) else _title(text)
            documents.append(
                (
                    doc_id,
                    str(value["id"]),
                    title[:200],
                    value.get("status", "todo"),
                    len(text),
                    hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    now,
                )
            )
            texts.append((doc_id, text, json.dumps(meta, ensure_ascii=False)))
            for span in value.get("spans", ()):
                span_id += 1
                spans.append(
                    (span_id, doc_id, span["id"], span["start"], span["end"], labels[span["label"]])
                )
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO documents (id, uid, title, status, length, digest, added_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        documents,
    )
    db.executemany("INSERT INTO texts (document_id, text, meta) VALUES (?, ?, ?)", texts)
    db.executemany(
        'INSERT INTO spans (id, document_id, uid, start, "end", label_id) '
        "VALUES (?, ?, ?, ?, ?, ?)",
        spans,
    )
    db.execute("COMMIT")
    db.close()


def _table_digest(project: Path, sql: str) -> str:
    digest = hashlib.sha256()
    with contextlib.closing(sqlite3.connect(project)) as db:
        for row in db.execute(sql):
            digest.update(repr(row).encode("utf-8"))
    return digest.hexdigest()


def same_rows(first: Path, second: Path) -> bool:
    """Whether two projects hold the same documents, texts and spans (added_at aside)."""
    queries = (
        "SELECT id, uid, title, status, length, digest FROM documents ORDER BY id",
        "SELECT document_id, text, meta FROM texts ORDER BY document_id",
        'SELECT id, document_id, uid, start, "end", label_id FROM spans ORDER BY id',
    )
    return all(_table_digest(first, q) == _table_digest(second, q) for q in queries)


def _alternating(
    runs: int, prepare: Callable[[str], Callable[[], object]]
) -> list[dict[str, float]]:
    """Seconds of the "app" and "bare" sides per run, which of them goes first alternating.

    ``prepare(side)`` does the untimed set-up and returns the timed action. One more
    run comes first to warm up (page cache, imports) and is not counted.
    """
    samples = []
    for run in range(runs + 1):
        timings = {}
        for side in ("app", "bare") if run % 2 else ("bare", "app"):
            action = prepare(side)
            started = time.perf_counter()
            action()
            timings[side] = time.perf_counter() - started
        if run:
            samples.append(timings)
    return samples


def bench_import(sizes: data.Sizes, runs: int, work: Path, profile: bool) -> dict[str, Any]:
    corpus = data.corpus_file(0, sizes.import_docs)
    template = data.template_project()
    app_path, bare_path = work / "import-app.annot", work / "import-bare.annot"

    def prepare(side: str) -> Callable[[], object]:
        if side == "app":
            target = data.fresh_copy(template, app_path)
            return lambda: app_import(target, corpus)
        target = without_search_triggers(data.fresh_copy(template, bare_path))
        return lambda: bare_import(target, corpus)

    samples = _alternating(runs, prepare)
    same = same_rows(app_path, bare_path)
    documents = sizes.import_docs
    app_rates = [documents / s["app"] for s in samples]
    bare_rates = [documents / s["bare"] for s in samples]
    ratios = [s["bare"] / s["app"] for s in samples]
    result: dict[str, Any] = {
        "figure": statistics.median(ratios),
        "samples": ratios,
        "details": {
            "documents": documents,
            "spans": documents * 10,
            "corpus_mb": corpus.stat().st_size / 1e6,
            "app_docs_per_s": statistics.median(app_rates),
            "bare_docs_per_s": statistics.median(bare_rates),
            "app_s": [s["app"] for s in samples],
            "bare_s": [s["bare"] for s in samples],
            "same_rows": same,
        },
    }
    if profile:
        target = data.fresh_copy(template, app_path)
        result["profile"] = profile_call(lambda: app_import(target, corpus))
    return result


# -- export ------------------------------------------------------------------------------


def app_export(project: Path, out: Path) -> None:
    from annotator.cli import main

    with contextlib.redirect_stderr(io.StringIO()):
        status = main(["export", str(project), "--format", "jsonl", "-o", str(out)])
    if status != 0:
        raise RuntimeError(f"annotator export failed ({status})")


def _grouped(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:
    """Rows ordered by their first column, grouped by it."""
    current: int | None = None
    group: list[tuple[Any, ...]] = []
    for row in rows:
        if row[0] != current:
            if current is not None:
                yield current, group
            current, group = row[0], []
        group.append(row)
    if current is not None:
        yield current, group


class _Merge:
    """Rows of one table for each document in turn (both sides ordered by document)."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self._groups = _grouped(rows)
        self._next = next(self._groups, None)

    def take(self, document_id: int) -> list[tuple[Any, ...]]:
        while self._next is not None and self._next[0] < document_id:
            self._next = next(self._groups, None)
        if self._next is not None and self._next[0] == document_id:
            rows = self._next[1]
            self._next = next(self._groups, None)
            return rows
        return []


def bare_export(project: Path, out: Path) -> None:
    """The same JSONL from the same rows, with sqlite3 and the json module."""
    db = sqlite3.connect(project)
    labels = dict(db.execute("SELECT id, name FROM labels"))
    spans = _Merge(
        db.execute(
            'SELECT document_id, id, uid, start, "end", label_id FROM spans '
            'ORDER BY document_id, start, "end", id'
        )
    )
    events = _Merge(
        db.execute(
            "SELECT e.document_id, e.id, e.uid, e.trigger_id, s.label_id FROM events e "
            "JOIN spans s ON s.id = e.trigger_id ORDER BY e.document_id, e.id"
        )
    )
    arguments = _Merge(
        db.execute(
            "SELECT e.document_id, a.event_id, a.role, a.span_id, a.event_ref_id "
            "FROM arguments a JOIN events e ON e.id = a.event_id "
            "ORDER BY e.document_id, a.event_id, a.position, a.id"
        )
    )
    relations = _Merge(
        db.execute(
            "SELECT document_id, id, uid, label_id, head_id, tail_id FROM relations "
            "ORDER BY document_id, id"
        )
    )
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        for doc_id, uid, status, text, meta in db.execute(
            "SELECT d.id, d.uid, d.status, t.text, t.meta FROM documents d "
            "JOIN texts t ON t.document_id = d.id ORDER BY d.id"
        ):
            span_rows = spans.take(doc_id)
            span_uids = {row[1]: row[2] for row in span_rows}
            event_rows = events.take(doc_id)
            event_uids = {row[1]: row[2] for row in event_rows}
            argument_rows: dict[int, list[tuple[Any, ...]]] = {}
            for row in arguments.take(doc_id):
                argument_rows.setdefault(row[1], []).append(row)
            value = {
                "id": uid,
                "text": text,
                "meta": json.loads(meta),
                "status": status,
                "spans": [
                    {
                        "id": s_uid,
                        "start": start,
                        "end": end,
                        "label": labels[label_id],
                        "text": text[start:end],
                    }
                    for _d, _i, s_uid, start, end, label_id in span_rows
                ],
                "events": [
                    {
                        "id": e_uid,
                        "type": labels[label_id],
                        "trigger": span_uids[trigger],
                        "arguments": [
                            {
                                "role": role,
                                "ref": span_uids[span] if span is not None else event_uids[ref],
                            }
                            for _d, _e, role, span, ref in argument_rows.get(e_id, ())
                        ],
                    }
                    for _d, e_id, e_uid, trigger, label_id in event_rows
                ],
                "relations": [
                    {
                        "id": r_uid,
                        "type": labels[label_id],
                        "head": span_uids[head],
                        "tail": span_uids[tail],
                    }
                    for _d, _i, r_uid, label_id, head, tail in relations.take(doc_id)
                ],
            }
            handle.write(json.dumps(value, ensure_ascii=False))
            handle.write("\n")
    db.close()


def same_json_lines(first: Path, second: Path) -> bool:
    """The same JSON values line by line (the app writes compact separators)."""
    with first.open("rb") as a, second.open("rb") as b:
        return all(
            x is not None and y is not None and json.loads(x) == json.loads(y)
            for x, y in itertools.zip_longest(a, b)
        )


def bench_export(sizes: data.Sizes, runs: int, work: Path, profile: bool) -> dict[str, Any]:
    project = data.export_project(sizes)
    app_out, bare_out = work / "export-app.jsonl", work / "export-bare.jsonl"

    def prepare(side: str) -> Callable[[], object]:
        out = app_out if side == "app" else bare_out
        out.unlink(missing_ok=True)
        action = app_export if side == "app" else bare_export
        return lambda: action(project, out)

    samples = _alternating(runs, prepare)
    megabytes = app_out.stat().st_size / 1e6
    identical = same_json_lines(app_out, bare_out)
    ratios = [s["bare"] / s["app"] for s in samples]
    result: dict[str, Any] = {
        "figure": statistics.median(ratios),
        "samples": ratios,
        "details": {
            "documents": sizes.import_docs,
            "output_mb": megabytes,
            "app_mb_per_s": statistics.median(megabytes / s["app"] for s in samples),
            "bare_mb_per_s": statistics.median(
                bare_out.stat().st_size / 1e6 / s["bare"] for s in samples
            ),
            "app_s": [s["app"] for s in samples],
            "bare_s": [s["bare"] for s in samples],
            "identical_output": identical,
        },
    }
    if profile:
        result["profile"] = profile_call(lambda: app_export(project, app_out))
    return result


# -- project search ----------------------------------------------------------------------

QUERIES = (
    ("common", "government"),
    ("rare", data.RARE_WORD),
    ("non-ASCII", "Erdoğan"),
    ("absent", "zyzzyva"),
)


def bench_search(
    sizes: data.Sizes, runs: int, profile: bool, log: Callable[[str], None]
) -> dict[str, Any]:
    from annotator.core.analysis import search
    from annotator.core.project import Project

    path = data.big_project(sizes, log)
    details: dict[str, Any] = {"documents": sizes.list_docs + 1}
    with Project.open(path) as project:
        details["text_mb"] = (
            project.db.execute("SELECT sum(length(CAST(text AS BLOB))) FROM texts").fetchone()[0]
            / 1e6
        )
        lag = getattr(search, "index_lag", None)
        if lag is not None:
            details["index_lag_before"] = lag(project.db)
        started = time.perf_counter()
        search.search_project(project, QUERIES[0][1])  # first search: may build its index
        details["first_search_ms"] = (time.perf_counter() - started) * 1000
        per_query: dict[str, list[float]] = {name: [] for name, _ in QUERIES}
        hits: dict[str, int] = {}
        for _ in range(runs):
            for name, query in QUERIES:
                started = time.perf_counter()
                found = search.search_project(project, query)
                per_query[name].append((time.perf_counter() - started) * 1000)
                hits[name] = len(found)
        samples = [value for values in per_query.values() for value in values]
        details["queries"] = {
            name: {
                "query": query,
                "hits": hits[name],
                "median_ms": statistics.median(per_query[name]),
            }
            for name, query in QUERIES
        }
        result: dict[str, Any] = {
            "figure": statistics.median(samples),
            "samples": samples,
            "details": details,
        }
        if profile:
            result["profile"] = profile_call(
                lambda: [search.search_project(project, q) for _n, q in QUERIES]
            )
    return result
