"""Teams (issue 17): agreement over a corpus, comparing one document's layers, merging.

Three annotators' layers of the suggestion benchmark's 5 KB articles: alice's are the
articles' own spans; bob and carol each drop, shift or relabel a share of them (seeded),
so the figures measure real disagreements, not identical layers.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.analysis import agreement
from annotator.core.editing import adjudication
from annotator.core.io import jsonl
from annotator.core.maintenance import merge
from annotator.core.project import Project
from benchmarks import assist_bench

LABELS = ("PER", "ORG", "GPE", "LOC", "FAC")


@dataclass(frozen=True)
class TeamSizes:
    name: str
    articles: int
    compared: int  # documents whose units are computed (the adjudication panel's work)


TARGET = TeamSizes("target", 500, 50)
QUICK = TeamSizes("quick", 60, 10)


def _variant(record: dict[str, Any], annotator: str, seed: int) -> dict[str, Any]:
    """Another annotator's version: about 8% left out, 5% moved by a character, 5% relabelled."""
    rng = random.Random(seed)
    spans = []
    for span in record["spans"]:
        roll = rng.random()
        span = dict(span)
        if ":" not in span["label"]:
            if roll < 0.08:
                continue
            if roll < 0.13 and span["end"] - span["start"] > 2:
                span["end"] -= 1
            elif roll < 0.18:
                span["label"] = rng.choice([x for x in LABELS if x != span["label"]])
        spans.append(span)
    kept = {span["id"] for span in spans}
    events = [e for e in record["events"] if e["trigger"] in kept]
    return {**record, "spans": spans, "events": events, "annotator": annotator, "status": "done"}


def _records(count: int) -> list[dict[str, Any]]:
    out = []
    for index in range(count):
        record = assist_bench.article(index)
        out.append({**record, "annotator": "alice", "status": "done"})
        out.append(_variant(record, "bob", index * 2 + 1))
        out.append(_variant(record, "carol", index * 2 + 2))
    return out


def _project(path: Path, records: list[dict[str, Any]]) -> Project:
    parsed = [jsonl.parse_object(r, f"record {n}") for n, r in enumerate(records)]
    project = Project.create(path)
    project.import_records(parsed)
    return project


def bench(sizes: TeamSizes, runs: int, work: Path, log: Callable[[str], None]) -> dict[str, Any]:
    records = _records(sizes.articles)
    folder = work / "team"
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, Any] = {"articles": sizes.articles, "annotators": 3}
    with _project(folder / "team.annot", records) as project:
        seconds = []
        report = None
        for _ in range(runs):
            started = time.perf_counter()
            report = agreement.measure(project)
            seconds.append(time.perf_counter() - started)
        assert report is not None
        found["agreement_s"] = seconds
        found["figures"] = report.overall.as_dict()
        ids = project.shared_documents()[: sizes.compared]
        unit_ms = []
        for _ in range(runs):
            for doc in ids:
                started = time.perf_counter()
                adjudication.units(project, doc)
                unit_ms.append((time.perf_counter() - started) * 1000)
        found["units_ms"] = unit_ms
    log(f"  agreement over {sizes.articles} articles: {statistics.median(seconds):.2f} s")
    # merge: alice's file and bob's file, apart, into one
    merged_s = []
    for run in range(runs):
        alice = _project(
            folder / f"alice{run}.annot", [r for r in records if r["annotator"] == "alice"]
        )
        alice.close()
        bob = _project(folder / f"bob{run}.annot", [r for r in records if r["annotator"] == "bob"])
        bob.close()
        with Project.open(folder / f"alice{run}.annot") as target:
            started = time.perf_counter()
            merge.merge(target, [folder / f"bob{run}.annot"])
            merged_s.append(time.perf_counter() - started)
    found["merge_s"] = merged_s
    return found
