"""``annotator stats``: progress per annotator, and ``--csv``."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annotator.core.editing import edits, history
from annotator.core.model import Status
from annotator.core.model.records import (
    AttributeRecord,
    ChainRecord,
    DocumentRecord,
    NormalizationRecord,
    NoteRecord,
    SpanRecord,
)
from annotator.core.project import Project
from tests.core.test_cli import assert_one_line_error, ok, run, write_jsonl


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "_config"))
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "_data"))
    monkeypatch.chdir(tmp_path)


def _project(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    """Five documents: one imported done; alice finishes two, bob one."""
    ok(capsys, "new", "p")
    documents = [{"text": f"Document number {i}.", "id": f"d{i}"} for i in range(4)]
    documents.append({"text": "Imported done.", "id": "d4", "status": "done"})
    ok(capsys, "import", "p", write_jsonl(tmp_path / "x.jsonl", documents))
    with Project.open(tmp_path / "p.annot") as project:
        ids = [project.document_id(f"d{i}") for i in range(3)]
        for annotator, document_id in zip(("alice", "alice", "bob"), ids, strict=True):
            assert document_id is not None
            project.annotator = annotator
            project.apply(edits.SetStatus(document_id, Status.DONE))
    return tmp_path / "p.annot"


def test_stats_prints_progress_and_each_annotators_share(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _project(capsys, tmp_path)
    out = ok(capsys, "stats", "p")
    assert "Documents: 5  (todo 1, done 4, skipped 0)" in out
    assert "Progress: 4 of 5 finished (80%), 1 to do, 3 finished today" in out
    assert "Rate: 3.0 a day (last 7 active days); about 1 day(s) left, around " in out
    rows = {
        line.split()[0]: line.split()[1:]
        for line in out.split("\nannotator ", 1)[1].splitlines()[1:]
    }
    assert rows["alice"][:2] == ["2", "2.0"]
    assert rows["bob"][:2] == ["1", "1.0"]
    assert rows[f"({history.IMPORTED})"] == ["1", "-", "-"]


def test_stats_csv_writes_every_table(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _project(capsys, tmp_path)
    before = path.stat().st_mtime_ns
    out = ok(capsys, "stats", "p", "--csv", "stats.csv")
    assert out.rstrip().endswith("wrote the statistics to stats.csv")
    with (tmp_path / "stats.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["table"] for row in rows} == {
        "summary",
        "status",
        "labels",
        "progress",
        "annotator_progress",
        "annotators",
    }
    people = {row["annotator"]: row["count"] for row in rows if row["table"] == "annotators"}
    assert people == {"alice": "2", "bob": "1"}
    assert path.stat().st_mtime_ns == before  # read-only: the project is not touched


def test_stats_csv_to_a_folder_that_does_not_exist_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _project(capsys, tmp_path)
    code, _out, err = run(capsys, "stats", "p", "--csv", "nowhere/stats.csv")
    assert code == 1
    assert_one_line_error(err, "nowhere/stats.csv", "cannot write the statistics")


def test_an_empty_project_has_no_rate_yet(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "new", "p")
    out = ok(capsys, "stats", "p")
    assert "Progress: 0 of 0 finished (0%), 0 to do, 0 finished today" in out
    assert "Rate: none yet" in out
    assert "\nannotator " not in out


def test_commands_that_write_record_the_name_from_the_settings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from annotator.cli import _open

    (tmp_path / "_config").mkdir()
    (tmp_path / "_config" / "settings.toml").write_text('[annotator]\nname = "Zoë"\n')
    ok(capsys, "new", "p")
    with _open("p") as project:
        assert project.annotator == "Zoë"


def test_stats_counts_attributes_links_notes_chains_and_discontinuous_spans(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ok(capsys, "new", "ace", "--schema", "ace2005")
    text = "Ana Silva met Bo Li; she left."
    record = DocumentRecord(
        text=text,
        uid="d1",
        spans=[
            SpanRecord("T1", 0, 9, "PER"),
            SpanRecord("T2", 14, 19, "PER"),
            SpanRecord("T3", 21, 24, "PER"),
            SpanRecord("T4", 0, 19, "PER", [(0, 3), (14, 19)]),
        ],
        attributes=[AttributeRecord("A1", "Mention", "T3", "PRO")],
        normalizations=[NormalizationRecord("N1", "T1", "Wikidata", "Q1")],
        notes=[NoteRecord("#1", "T2", "spelling?")],
        chains=[ChainRecord("*1", "Coreference", ["T1", "T3"])],
    )
    with Project.open(tmp_path / "ace.annot") as project:
        project.import_records([record])
    out = ok(capsys, "stats", "ace")
    lines = out.splitlines()
    assert "attribute   value        count" in lines
    assert "Mention     PRO              1" in lines
    assert "Tense       Unspecified      0" in lines
    block = lines[lines.index("Normalizations: 1 (Wikidata 1)") :][:4]
    assert block == [
        "Normalizations: 1 (Wikidata 1)",
        "Notes: 1",
        "Coreference chains: 1 (mean 2.0 spans)",
        "Discontinuous spans: 1",
    ]
    assert out.index("Discontinuous spans") < out.index("Progress:")


def test_stats_of_a_project_without_attributes_or_chains_leaves_them_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _project(capsys, tmp_path)
    out = ok(capsys, "stats", "p")
    for absent in ("attribute", "Normalizations", "Notes", "Coreference", "Discontinuous"):
        assert absent not in out
