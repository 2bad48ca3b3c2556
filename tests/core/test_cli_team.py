"""The team commands: ``import --annotator``, ``export --layer``, ``merge`` and ``agree``,
in-process (``annotator.cli.main`` and ``capsys``)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from annotator.core.editing.edits import AddSpan
from annotator.core.model import Status
from annotator.core.project import Project
from tests.core.test_cli import assert_one_line_error, exported, ok, run, write_jsonl

TEXT = "Alice Smith met Bob Jones in Paris on Monday."


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _name(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The annotator's name in the settings file, as Edit > Preferences writes it."""
    folder = Path(os.environ["ANNOTATOR_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.toml").write_text(f'[annotator]\nname = "{name}"\n', encoding="utf-8")


def _work(spans: list[tuple[int, int, str]], **extra: Any) -> dict[str, Any]:
    return {
        "id": "d1",
        "text": TEXT,
        "status": "done",
        "spans": [{"start": s, "end": e, "label": label} for s, e, label in spans],
        **extra,
    }


ALICE = [(0, 11, "PER"), (16, 25, "PER"), (29, 34, "GPE")]
BOB = [(0, 11, "PER"), (16, 19, "PER"), (29, 34, "LOC")]


def _two_projects(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """a.annot annotated by alice, b.annot (the same text) by bob, each in their own file."""
    write_jsonl(Path("plain.jsonl"), [{"id": "d1", "text": TEXT}])
    ok(capsys, "new", "a")
    ok(capsys, "import", "a", "plain.jsonl")
    shutil.copyfile("a.annot", "b.annot")
    _name(monkeypatch, "alice")
    ok(
        capsys,
        "import",
        "a",
        write_jsonl(Path("alice.jsonl"), [_work(ALICE)]),
        "--annotator",
        "alice",
    )
    _name(monkeypatch, "bob")
    write_jsonl(Path("bob.jsonl"), [_work(BOB)])
    ok(capsys, "import", "b", "bob.jsonl", "--annotator", "bob")


def test_import_into_a_named_annotators_layer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_projects(capsys, monkeypatch)
    with Project.open(Path("a.annot"), read_only=True) as project:
        assert project.annotators() == ["alice"]
        (doc,) = project.document_ids()
        assert project.layers(doc) == {"alice": Status.DONE}
    out = ok(capsys, "import", "a", "bob.jsonl", "--annotator", "bob")
    assert "added the layer of bob to 1 document(s) already in the project" in out
    code, _, err = run(capsys, "import", "a", "bob.jsonl", "--annotator", " ")
    assert code == 1
    assert_one_line_error(err, "--annotator")


def test_a_jsonl_records_annotator_field_chooses_its_layer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ok(capsys, "new", "p")
    source = write_jsonl(
        Path("x.jsonl"), [_work(ALICE, annotator="alice"), _work(BOB, annotator="bob")]
    )
    ok(capsys, "import", "p", source)
    with Project.open(Path("p.annot"), read_only=True) as project:
        assert project.annotators() == ["alice", "bob"] and project.document_count() == 1
    code, _, err = run(
        capsys, "import", "p", write_jsonl(Path("bad.jsonl"), [_work([], annotator=3)])
    )
    assert code == 1
    assert_one_line_error(err, 'bad.jsonl line 1: "annotator" must be a name')


def test_the_annotators_name_comes_from_the_settings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _name(monkeypatch, "carol")
    ok(capsys, "new", "p")
    ok(capsys, "import", "p", write_jsonl(Path("c.jsonl"), [_work(ALICE)]))
    with Project.open(Path("p.annot"), read_only=True) as project:
        assert project.annotators() == ["carol"]


def test_merge_brings_the_other_layers_in_and_is_all_or_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_projects(capsys, monkeypatch)
    out = ok(capsys, "merge", "a", "b.annot")
    assert out.splitlines()[0] == "merged 1 layer(s) of bob from 1 project(s)"
    with Project.open(Path("a.annot"), read_only=True) as project:
        assert project.annotators() == ["alice", "bob"]
        (doc,) = project.document_ids()
        bob = [(s.start, s.end, s.label) for s in project.annotations(doc, "bob").spans]
        assert bob == BOB
        assert project.layers(doc) == {"alice": Status.DONE, "bob": Status.DONE}
    # again: nothing new, nothing changes
    assert "nothing new to merge" in ok(capsys, "merge", "a", "b.annot")
    # bob changed his layer in his own file since: the two versions of it are refused
    write_jsonl(Path("bob2.jsonl"), [_work([(0, 5, "PER")], id="d2", text="Other text.")])
    with Project.open(Path("b.annot")) as project:
        project.annotator = "bob"
        (doc,) = project.document_ids()
        project.apply(AddSpan(doc, 38, 44, "DATE"))
    before = Path("a.annot").read_bytes()
    code, _, err = run(capsys, "merge", "a", "b.annot")
    assert code == 1
    assert_one_line_error(err, "bob's layer differs", "nothing was merged")
    assert Path("a.annot").read_bytes() == before


def test_merge_refuses_a_document_whose_text_differs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_projects(capsys, monkeypatch)
    ok(capsys, "new", "c")
    write_jsonl(Path("c.jsonl"), [{"id": "d1", "text": "Another text entirely."}])
    ok(capsys, "import", "c", "c.jsonl")
    code, _, err = run(capsys, "merge", "a", "b.annot", "c.annot")
    assert code == 1
    assert_one_line_error(err, "c.annot: document 'd1' has another text", "nothing was merged")
    with Project.open(Path("a.annot"), read_only=True) as project:
        assert project.annotators() == ["alice"]  # b.annot's layer did not come in alone
    code, _, err = run(capsys, "merge", "a", "missing.annot")
    assert_one_line_error(err, "missing.annot: no such project file")


def test_export_chooses_the_layer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_projects(capsys, monkeypatch)
    [gold] = exported(capsys, "a")  # one annotator: their layer is the gold
    assert [(s["start"], s["end"], s["label"]) for s in gold["spans"]] == ALICE
    ok(capsys, "merge", "a", "b.annot")
    code, _, err = run(capsys, "export", "a", "-o", "gold.jsonl")
    assert code == 0 and "left out 1 document(s) that several annotators annotated" in err
    assert Path("gold.jsonl").read_text(encoding="utf-8") == ""
    [bob] = exported(capsys, "a", "--layer", "bob")
    assert [(s["start"], s["end"], s["label"]) for s in bob["spans"]] == BOB
    assert "annotator" not in bob
    both = exported(capsys, "a", "--layer", "all")
    assert [(r["id"], r["annotator"]) for r in both] == [("d1", "alice"), ("d1", "bob")]
    code, _, err = run(capsys, "export", "a", "--layer", "carol")
    assert code == 1
    assert_one_line_error(err, "no annotator named 'carol'", "annotators: alice, bob")
    # the export of all layers imports back into the same layers
    write_jsonl(Path("all.jsonl"), both)
    ok(capsys, "new", "again")
    ok(capsys, "import", "again", "all.jsonl")
    assert exported(capsys, "again", "--layer", "all") == both


def test_agree_prints_a_table_and_every_figure_by_name(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_projects(capsys, monkeypatch)
    ok(capsys, "merge", "a", "b.annot")
    table = ok(capsys, "agree", "a")
    assert "alice / bob" in table and "exact" in table
    report = json.loads(ok(capsys, "agree", "a", "--json"))
    pair = report["pairs"][0]
    assert pair["annotators"] == ["alice", "bob"]
    # exact: PER 0-11 alone of 3 + 3 spans -> 2*1/6; overlap: PER 0-11 and the two PER
    # overlapping, GPE vs LOC not -> 2/3 each way
    assert pair["overall"]["span_f1_exact"] == pytest.approx(1 / 3)
    assert pair["overall"]["span_f1_overlap"] == pytest.approx(2 / 3)
    for name in (
        "span_f1_exact",
        "span_f1_overlap",
        "cohen_kappa",
        "krippendorff_alpha",
        "trigger_f1",
        "argument_f1",
        "relation_f1",
    ):
        assert name in pair["overall"] and name in pair["labels"]["PER"]
    assert pair["labels"]["PER"]["span_f1_exact"] == pytest.approx(0.5)
    assert report["per_document"][0]["uid"] == "d1"
