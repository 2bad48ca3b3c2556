"""The status history and the statistics computed from it."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from annotator.core.analysis import statistics
from annotator.core.editing import edits, history
from annotator.core.errors import InputError
from annotator.core.model import LabelKind, Status, schemas
from annotator.core.model.records import (
    AttributeRecord,
    ChainRecord,
    DocumentRecord,
    EventRecord,
    NormalizationRecord,
    NoteRecord,
    SpanRecord,
)
from annotator.core.project import Project

FIXTURES = Path(__file__).parent.parent / "data" / "projects"
TEXT = "Officials met in Berlin on Monday; police arrested two men."


class Clock:
    """Stands in for history.now: the time stamp each status change is written with."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.at = "2026-03-02T09:00:00+00:00"
        monkeypatch.setattr(history, "now", lambda: self.at)

    def day(self, day: str, time_of_day: str = "09:00:00") -> None:
        self.at = f"{day}T{time_of_day}+00:00"


def _history(project: Project) -> list[tuple[int, str, str, str]]:
    return project.db.execute(
        "SELECT document_id, status, annotator, at FROM status_history ORDER BY id"
    ).fetchall()


def _import(project: Project, count: int, status: Status = Status.TODO) -> list[int]:
    start = project.document_count()
    report = project.import_records(
        [
            DocumentRecord(text=f"{TEXT} ({start + i})", uid=f"d{start + i + 1}", status=status)
            for i in range(count)
        ]
    )
    assert report.document_ids is not None
    return report.document_ids


@pytest.fixture
def project() -> Iterator[Project]:
    with Project.in_memory() as project:
        project.annotator = "alice"
        yield project


# -- the history ---------------------------------------------------------------------
def test_a_status_change_its_undo_and_its_redo_each_write_a_row(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch)
    (d1,) = _import(project, 1)
    done = edits.SetStatus(d1, "done")
    project.apply(done)
    clock.day("2026-03-02", "10:00:00")
    project.annotator = "bob"
    project.revert(done)
    project.apply(done)  # redo
    assert _history(project) == [
        (d1, "done", "alice", "2026-03-02T09:00:00+00:00"),
        (d1, "todo", "bob", "2026-03-02T10:00:00+00:00"),
        (d1, "done", "bob", "2026-03-02T10:00:00+00:00"),
    ]


def test_no_row_for_a_status_that_does_not_change_nor_for_imports_or_other_edits(
    project: Project,
) -> None:
    (d1,) = _import(project, 1, Status.DONE)
    _import(project, 50)
    project.apply(edits.SetStatus(d1, "done"))
    project.apply(edits.AddSpan(d1, 0, 9, "PER"))
    assert _history(project) == []


def test_the_history_is_written_in_the_same_transaction_as_the_status(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    (d1,) = _import(project, 1)

    def broken(*_args: object) -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(history, "record", broken)
    with pytest.raises(Exception, match="could not save"):
        project.apply(edits.SetStatus(d1, "done"))
    assert project.status_counts()[Status.DONE] == 0  # rolled back with its history row


def test_the_history_is_append_only(project: Project) -> None:
    (d1,) = _import(project, 1)
    project.apply(edits.SetStatus(d1, "done"))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        project.db.execute("UPDATE status_history SET annotator = 'mallory'")


def test_deleting_a_document_takes_its_history_and_undo_brings_it_back(
    project: Project,
) -> None:
    d1, d2 = _import(project, 2)
    project.apply(edits.SetStatus(d1, "done"))
    project.apply(edits.SetStatus(d2, "skipped"))
    before = _history(project)
    delete = edits.DeleteDocument(d1)
    project.apply(delete)
    assert [row[0] for row in _history(project)] == [d2]
    project.revert(delete)
    assert _history(project) == before


def test_a_project_records_its_users_name_by_default() -> None:
    from annotator.core.services.settings import AnnotatorSettings

    with Project.in_memory() as project:
        assert project.annotator == AnnotatorSettings().shown_name != ""


# -- the statistics ------------------------------------------------------------------
def _two_annotators(project: Project, clock: Clock) -> dict[str, int]:
    """Six documents: one imported done, three finished by alice and bob over three days
    (one of alice's undone), two left to do."""
    d1, d2, d3, d4, d5 = _import(project, 5)
    (d6,) = _import(project, 1, Status.DONE)
    project.db.execute("UPDATE documents SET added_at = '2026-03-01T08:00:00+00:00'")
    clock.day("2026-03-02")
    project.apply(edits.SetStatus(d1, "done"))
    project.apply(edits.SetStatus(d2, "done"))
    project.annotator = "bob"
    project.apply(edits.SetStatus(d3, "skipped"))
    clock.day("2026-03-03")
    project.annotator = "alice"
    mistake = edits.SetStatus(d4, "done")
    project.apply(mistake)
    project.revert(mistake)  # d4 is not finished: it does not count
    clock.day("2026-03-05")
    project.annotator = "bob"
    project.apply(edits.SetStatus(d2, "todo"))
    project.apply(edits.SetStatus(d2, "done"))  # counts for bob, on the day he finished it
    return {"d1": d1, "d2": d2, "d3": d3, "d4": d4, "d5": d5, "d6": d6}


def test_progress_counts_the_latest_change_into_the_current_status(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_annotators(project, Clock(monkeypatch))
    stats = statistics.compute(project.db, today=date(2026, 3, 5), local_time=False)
    assert stats.statuses == {Status.TODO: 2, Status.DONE: 3, Status.SKIPPED: 1}
    assert (stats.total, stats.finished, stats.todo) == (6, 4, 2)
    assert stats.fraction_finished == pytest.approx(4 / 6)
    day = date.fromisoformat
    assert [(p.day, p.count, p.cumulative) for p in stats.progress] == [
        (day("2026-03-01"), 1, 1),  # imported done, on the day it was added
        (day("2026-03-02"), 2, 3),  # d1 (alice), d3 (bob); d2 moved to bob's later day
        (day("2026-03-05"), 1, 4),  # d2 (bob)
    ]
    assert stats.imported == 1
    alice, bob = sorted(stats.annotators, key=lambda a: a.name)
    assert (alice.name, alice.finished, alice.rate, alice.last_day) == (
        "alice",
        1,
        1.0,
        day("2026-03-02"),
    )
    assert [(p.day, p.count, p.cumulative) for p in bob.days] == [
        (day("2026-03-02"), 1, 1),
        (day("2026-03-05"), 1, 2),
    ]
    assert stats.annotators[0] is bob  # most finished first
    # people's finishes only: 2 on the 2nd, 1 on the 5th
    assert stats.rate == pytest.approx(1.5)
    assert stats.finished_today == 1
    assert stats.days_left == pytest.approx(2 / 1.5)
    assert stats.estimated_finish == date(2026, 3, 6)


def test_rate_is_over_the_last_seven_active_days(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch)
    ids = _import(project, 30)
    first = date(2026, 4, 1)
    # nine active days, every other calendar day: 1 document a day, then 5 on the last two
    for n in range(9):
        clock.day((first + timedelta(days=2 * n)).isoformat())
        for _ in range(5 if n >= 7 else 1):
            project.apply(edits.SetStatus(ids.pop(), "done"))
    stats = statistics.compute(project.db, today=date(2026, 4, 20), local_time=False)
    assert stats.finished == 7 + 10
    assert stats.rate == pytest.approx((5 * 1 + 2 * 5) / 7)
    assert stats.days_left == pytest.approx(13 / stats.rate)
    assert stats.estimated_finish == date(2026, 4, 20) + timedelta(days=6)


def test_an_empty_project_and_a_finished_one(project: Project) -> None:
    stats = statistics.compute(project.db)
    assert (stats.total, stats.finished, stats.fraction_finished) == (0, 0, 0.0)
    assert stats.progress == () and stats.annotators == () and stats.rate is None
    assert stats.days_left == 0.0 and stats.estimated_finish is None
    assert [label.count for label in stats.labels] == [0] * len(project.schema.labels)
    (d1,) = _import(project, 1)
    project.apply(edits.SetStatus(d1, "done"))
    stats = statistics.compute(project.db)
    assert stats.fraction_finished == 1.0 and stats.estimated_finish is None
    assert stats.finished_today == 1  # in local time, today


def test_annotations_are_counted_per_label_with_the_label_colours(project: Project) -> None:
    d1, d2 = _import(project, 2)
    officials = edits.AddSpan(d1, 0, 9, "PER")
    berlin = edits.AddSpan(d1, TEXT.index("Berlin"), TEXT.index("Berlin") + 6, "GPE")
    met = edits.CreateEvent(d1, 10, 13, "Contact:Meet")
    for edit in (officials, berlin, met, edits.AddSpan(d2, 0, 9, "PER")):
        project.apply(edit)
    assert officials.span_id and berlin.span_id and met.span_id
    project.apply(edits.AddEvent(met.span_id))  # two events share the trigger
    project.apply(edits.AddRelation("PHYS:Located", officials.span_id, berlin.span_id))
    labels = {label.name: label for label in statistics.compute(project.db).labels}
    assert labels["PER"] == statistics.LabelCount("PER", LabelKind.ENTITY, "#77AADD", 2)
    assert labels["GPE"].count == 1 and labels["ORG"].count == 0
    assert labels["Contact:Meet"].count == 2  # events, not trigger spans
    assert labels["PHYS:Located"] == statistics.LabelCount(
        "PHYS:Located", LabelKind.RELATION, "#0072B2", 1
    )
    names = [label.name for label in project.schema.labels]
    assert list(labels) == names  # schema order


def _csv(stats: statistics.Statistics) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    statistics.write_csv(stats, out)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def test_csv_holds_every_table_in_one_file(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_annotators(project, Clock(monkeypatch))
    rows = _csv(statistics.compute(project.db, today=date(2026, 3, 5), local_time=False))
    assert list(rows[0]) == list(statistics.CSV_COLUMNS)
    tables = [row["table"] for row in rows]
    assert list(dict.fromkeys(tables)) == [
        "summary",
        "status",
        "labels",
        "progress",
        "annotator_progress",
        "annotators",
    ]

    def table(name: str, *columns: str) -> list[tuple[str, ...]]:
        return [tuple(r[c] for c in columns) for r in rows if r["table"] == name]

    summary = dict(table("summary", "name", "value"))
    assert summary["documents"] == "6" and summary["finished"] == "4"
    assert summary["percent_finished"] == "66.7"
    assert summary["rate_per_active_day"] == "1.5"
    assert summary["estimated_finish"] == "2026-03-06"
    assert summary["imported_finished"] == "1"
    assert table("status", "name", "count", "value") == [
        ("todo", "2", "33.3"),
        ("done", "3", "50.0"),
        ("skipped", "1", "16.7"),
    ]
    assert ("PER", "entity", "#77AADD", "0") in table("labels", "name", "kind", "color", "count")
    assert table("progress", "day", "count", "cumulative") == [
        ("2026-03-01", "1", "1"),
        ("2026-03-02", "2", "3"),
        ("2026-03-05", "1", "4"),
    ]
    assert table("annotator_progress", "annotator", "day", "count", "cumulative") == [
        ("bob", "2026-03-02", "1", "1"),
        ("bob", "2026-03-05", "1", "2"),
        ("alice", "2026-03-02", "1", "1"),
    ]
    assert table("annotators", "annotator", "count", "value", "day") == [
        ("bob", "2", "1.0", "2026-03-05"),
        ("alice", "1", "1.0", "2026-03-02"),
    ]


def test_save_csv_reports_a_bad_path_as_a_user_error(tmp_path: Path, project: Project) -> None:
    stats = statistics.compute(project.db)
    with pytest.raises(InputError, match="cannot write the statistics"):
        statistics.save_csv(stats, tmp_path / "missing" / "s.csv")
    statistics.save_csv(stats, tmp_path / "s.csv")
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").startswith("table,name,")
    assert [p.name for p in tmp_path.iterdir()] == ["s.csv"]


# -- older files ---------------------------------------------------------------------
RELEASED = sorted(FIXTURES.glob("schema-v*.annot"))
# The status history came with format 3: files before it have none to keep.
BEFORE_HISTORY = [p for p in RELEASED if int(p.stem.removeprefix("schema-v")) < 3]
WITH_HISTORY = [p for p in RELEASED if p not in BEFORE_HISTORY]


@pytest.mark.parametrize("fixture", WITH_HISTORY, ids=[p.stem for p in WITH_HISTORY])
def test_an_older_project_keeps_its_status_history(fixture: Path, tmp_path: Path) -> None:
    copy = tmp_path / "old.annot"
    shutil.copyfile(fixture, copy)
    with Project.open(copy) as project:
        history = _history(project)
        assert history and {row[2] for row in history} == {"fixture"}


@pytest.mark.parametrize("fixture", BEFORE_HISTORY, ids=[p.stem for p in BEFORE_HISTORY])
def test_an_older_project_gets_an_empty_history_and_counts_its_done_documents_as_imported(
    fixture: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "old.annot"
    shutil.copyfile(fixture, copy)
    with Project.open(copy) as project:
        assert _history(project) == []
        stats = statistics.compute(project.db)
        assert stats.finished == stats.imported == project.status_counts()[Status.DONE] > 0
        assert stats.annotators == ()
        (added,) = {row[0][:10] for row in project.db.execute("SELECT added_at FROM documents")}
        assert stats.progress[0].day <= date.fromisoformat(added) + timedelta(days=1)
        todo = project.next_with_status(None, Status.TODO)
        assert todo is not None
        project.apply(edits.SetStatus(todo, "done"))
        assert len(_history(project)) == 1


# -- speed ---------------------------------------------------------------------------
@pytest.mark.slow
def test_statistics_of_100000_documents_take_well_under_a_second(tmp_path: Path) -> None:
    count = 100_000
    with Project.create(tmp_path / "big.annot") as project:
        project.import_records([DocumentRecord(text=f"Article {i}.") for i in range(count)])
        db = project.db
        with db.conn:
            db.conn.executemany(
                'INSERT INTO spans (document_id, uid, start, "end", label_id) '
                "VALUES (?, 'T1', 0, 7, (SELECT id FROM labels WHERE name = 'PER'))",
                [(i,) for i in range(1, count + 1)],
            )
            db.conn.executemany(
                "UPDATE documents SET status = ? WHERE id = ?",
                [("done" if i % 3 else "skipped", i) for i in range(1, 40_001)],
            )
            db.conn.executemany(
                "INSERT INTO status_history (document_id, status, annotator, at) "
                "VALUES (?, ?, ?, ?)",
                [
                    (i, "done" if i % 3 else "skipped", f"annotator {i % 4}",
                     f"2026-0{1 + i % 6}-1{i % 10}T12:00:00+00:00")
                    for i in range(1, 40_001)
                ],
            )  # fmt: skip
        statistics.compute(db)  # warm the page cache, as an open project's is
        started = time.perf_counter()
        stats = statistics.compute(db)
        elapsed = time.perf_counter() - started
    assert stats.finished == 40_000 and len(stats.annotators) == 4
    assert {label.name: label.count for label in stats.labels}["PER"] == count
    # ~0.1 s measured on the 100,000-document benchmark project; generous for busy CI
    assert elapsed < 1.5


# -- what annotations carry ------------------------------------------------------------
def _carrying() -> Project:
    """ACE 2005: attributes (one value the schema lacks, one attribute it lacks), links to
    two resources, notes, two chains of 2 and 3 spans, one discontinuous span."""
    project = Project.in_memory(schemas.load("ace2005"))
    text = "Ana Silva and Bo Li met Cy in Rome; she, he and Cy left."

    def span(uid: str, word: str, label: str, nth: int = 0) -> SpanRecord:
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return SpanRecord(uid, start, start + len(word), label)

    spans = [
        span("T1", "Ana Silva", "PER"),
        span("T2", "Bo Li", "PER"),
        span("T3", "Cy", "PER"),
        span("T4", "she", "PER"),
        span("T5", "he", "PER", 1),
        span("T6", "Cy", "PER", 1),
        span("T7", "met", "Contact:Meet"),
        span("T8", "Rome", "GPE"),
    ]
    ana_bo = SpanRecord("T9", 0, 19, "PER", [(0, 3), (14, 19)])  # "Ana ... Bo Li"
    record = DocumentRecord(
        text=text,
        uid="d1",
        spans=[*spans, ana_bo],
        events=[EventRecord("E1", "T7", [])],
        attributes=[
            AttributeRecord("A1", "Mention", "T1", "NAM"),
            AttributeRecord("A2", "Mention", "T2", "NAM"),
            AttributeRecord("A3", "Mention", "T4", "PRO"),
            AttributeRecord("A4", "Mention", "T5", "NAMPRE"),  # not a declared value
            AttributeRecord("A5", "Modality", "E1", "Asserted"),
            AttributeRecord("A6", "Negated", "E1"),  # an attribute type the import adds
        ],
        normalizations=[
            NormalizationRecord("N1", "T8", "Wikipedia", "25458", "Rome"),
            NormalizationRecord("N2", "T1", "Wikidata", "Q1"),
            NormalizationRecord("N3", "T6", "Wikidata", "Q3"),
            NormalizationRecord("N4", "T3", "Wikidata", "Q3"),
        ],
        notes=[NoteRecord("#1", "T1", "which Ana?"), NoteRecord("#2", "E1", "check")],
        chains=[
            ChainRecord("*1", "Coreference", ["T1", "T4"]),
            ChainRecord("*2", "Coreference", ["T3", "T6", "T5"]),
        ],
    )
    project.import_records([record])
    return project


def test_statistics_count_attributes_links_notes_chains_and_fragments() -> None:
    with _carrying() as project:
        stats = statistics.compute(project.db)
    counts = {(a.name, a.value): a.count for a in stats.attributes}
    assert counts[("Mention", "NAM")] == 2 and counts[("Mention", "PRO")] == 1
    assert counts[("Mention", "NOM")] == 0  # declared, unused: listed
    assert counts[("Modality", "Asserted")] == 1 and counts[("Tense", "Future")] == 0
    assert counts[("Negated", None)] == 1  # a yes/no attribute added by the import
    undeclared = [a for a in stats.attributes if not a.declared]
    assert undeclared == [statistics.AttributeCount("Mention", "NAMPRE", 1, declared=False)]
    assert stats.attributes[-1] == undeclared[0]  # after the schema's, which keep its order
    assert [a.name for a in stats.attributes[:3]] == ["Mention"] * 3
    assert stats.attribute_total == 6
    assert stats.normalizations == (
        statistics.ResourceCount("Wikidata", 3, 2),
        statistics.ResourceCount("Wikipedia", 1, 1),
    )
    assert stats.normalization_total == 4
    assert stats.notes == 2
    assert (stats.chains, stats.chain_spans, stats.mean_chain_size) == (2, 5, 2.5)
    assert stats.discontinuous_spans == 1


def test_a_project_without_them_counts_nothing() -> None:
    with Project.in_memory() as project:
        _import(project, 2)
        stats = statistics.compute(project.db)
    assert stats.attributes == () and stats.normalizations == ()
    assert (stats.notes, stats.chains, stats.discontinuous_spans) == (0, 0, 0)
    assert stats.mean_chain_size is None
    assert statistics.annotation_lines(stats) == []


def test_the_csv_adds_attribute_and_normalization_tables_and_summary_rows() -> None:
    with _carrying() as project:
        rows = _csv(statistics.compute(project.db))
    tables = list(dict.fromkeys(row["table"] for row in rows))
    assert tables[:3] == ["summary", "status", "labels"]
    assert tables[-2:] == ["attributes", "normalizations"]
    summary = {row["name"]: row["value"] for row in rows if row["table"] == "summary"}
    assert list(summary)[:10] == [
        "documents",
        "finished",
        "todo",
        "percent_finished",
        "finished_today",
        "imported_finished",
        "rate_per_active_day",
        "days_left",
        "estimated_finish",
        "today",
    ]  # the old rows first, as they were
    assert summary["attributes"] == "6" and summary["normalizations"] == "4"
    assert summary["notes"] == "2" and summary["chains"] == "2"
    assert summary["chain_spans"] == "5" and summary["mean_chain_size"] == "2.5"
    assert summary["discontinuous_spans"] == "1"
    attributes = [
        (r["name"], r["value"], r["count"], r["kind"]) for r in rows if r["table"] == "attributes"
    ]
    assert ("Mention", "NAM", "2", "") in attributes
    assert ("Negated", "", "1", "") in attributes
    assert attributes[-1] == ("Mention", "NAMPRE", "1", "undeclared")
    links = [(r["name"], r["count"], r["value"]) for r in rows if r["table"] == "normalizations"]
    assert links == [("Wikidata", "3", "2"), ("Wikipedia", "1", "1")]


def test_annotation_lines_for_a_terminal() -> None:
    with _carrying() as project:
        lines = statistics.annotation_lines(statistics.compute(project.db))
    assert lines[0].split() == ["attribute", "value", "count"]
    assert lines[1] == "Mention     NAM              2"
    assert "Negated     (yes/no)         1" in lines
    assert "Mention     NAMPRE           1  not in the schema" in lines
    assert lines[-4:] == [
        "Normalizations: 4 (Wikidata 3, Wikipedia 1)",
        "Notes: 2",
        "Coreference chains: 2 (mean 2.5 spans)",
        "Discontinuous spans: 1",
    ]
