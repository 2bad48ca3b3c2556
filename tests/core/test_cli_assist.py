"""``annotator train`` and ``annotator suggest``: the model and the suggestion sources
from the command line, in-process (``annotator.cli.main`` and ``capsys``)."""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from annotator.core.editing.suggestion_edits import RejectSuggestions
from annotator.core.errors import ProjectLockedError
from annotator.core.model import Status
from annotator.core.project import Project
from annotator.core.store import queries
from tests.core.test_cli import assert_one_line_error, ok, run

# -- helpers -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test in its own folder (tests/conftest.py keeps the user's folders out)."""
    monkeypatch.chdir(tmp_path)


FIRST = ("Anna", "Boris", "Clara", "Dmitri", "Elena", "Farid", "Greta", "Hamid", "Irina")
LAST = ("Kovac", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quint", "Rossi")
PLACES = ("Lyon", "Kraków", "Tbilisi", "Quito", "Dakar", "Oslo", "Hanoi", "Lima")
ORGS = ("the Red Cross", "the World Bank", "Reuters", "the United Nations", "Siemens")


def _document(rng: random.Random, index: int, status: str) -> dict[str, Any]:
    """A short news item: people, places, an organisation, and arrests and attacks."""
    pieces: list[str] = []
    spans: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    length = 0

    def add(text: str, label: str | None = None) -> str | None:
        nonlocal length
        uid = None
        if label is not None:
            uid = f"T{len(spans) + 1}"
            spans.append({"id": uid, "start": length, "end": length + len(text), "label": label})
        pieces.append(text)
        length += len(text)
        return uid

    for _ in range(4):
        person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        place = rng.choice(PLACES)
        shape = rng.random()
        if shape < 0.4:
            add("Police ")
            trigger = add("arrested", "Justice:Arrest-Jail")
            add(" ")
            add(person, "PER")
            add(" in ")
            add(place, "GPE")
            add(" on Monday, officials said. ")
            events.append({"id": f"E{len(events) + 1}", "trigger": trigger, "arguments": []})
        elif shape < 0.7:
            add("Rebels ")
            trigger = add("attacked", "Conflict:Attack")
            add(" a convoy near ")
            add(place, "GPE")
            add(", according to ")
            add(rng.choice(ORGS), "ORG")
            add(". ")
            events.append({"id": f"E{len(events) + 1}", "trigger": trigger, "arguments": []})
        else:
            add("Minister ")
            add(person, "PER")
            add(" told reporters in ")
            add(place, "GPE")
            add(" that talks would continue. ")
    return {
        "id": f"doc-{index}",
        "text": "".join(pieces).rstrip(),
        "status": status,
        "spans": spans,
        "events": events,
    }


def synthetic_project(tmp_path: Path, capsys: pytest.CaptureFixture[str], done: int = 40) -> Path:
    """``done`` annotated documents marked done and 6 to do, unannotated, in ace2005."""
    rng = random.Random(7)
    documents = [_document(rng, i, "done") for i in range(done)]
    for i in range(done, done + 6):
        todo = _document(rng, i, "todo")
        todo["spans"], todo["events"] = [], []
        documents.append(todo)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), encoding="utf-8"
    )
    ok(capsys, "new", "p", "--schema", "ace2005")
    ok(capsys, "import", "p", corpus)
    return tmp_path / "p.annot"


def repeated_name_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A document to do where "Anna Kovac" is annotated once and named twice more."""
    text = "Anna Kovac arrived in Lyon. Later Anna Kovac spoke; Anna Kovac left."
    record = {
        "id": "repeat",
        "text": text,
        "status": "todo",
        "spans": [{"id": "T1", "start": 0, "end": 10, "label": "PER"}],
    }
    corpus = tmp_path / "repeat.jsonl"
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    ok(capsys, "new", "r", "--schema", "ace2005")
    ok(capsys, "import", "r", corpus)
    return tmp_path / "r.annot"


def lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


# -- suggest ---------------------------------------------------------------------------


def test_suggest_with_propagation_needs_no_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repeated_name_project(tmp_path, capsys)
    code, out, err = run(capsys, "suggest", "r", "--source", "propagation")
    assert code == 0, err
    assert "Traceback" not in err
    [record] = lines(out)
    assert record["id"] == "repeat"
    found = [(s["start"], s["end"], s["label"], s["text"]) for s in record["suggestions"]]
    assert found == [(34, 44, "PER", "Anna Kovac"), (52, 62, "PER", "Anna Kovac")]
    for suggestion in record["suggestions"]:
        assert suggestion["source"] == "propagation"
        assert 0 <= suggestion["score"] <= 1
        assert "trigger" not in suggestion


def test_suggest_leaves_out_rejected_suggestions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = repeated_name_project(tmp_path, capsys)
    with Project.open(path) as project:
        document_id = project.document_id("repeat")
        assert document_id is not None
        project.apply(RejectSuggestions(document_id, [(34, 44, "PER")]))
    [record] = lines(ok(capsys, "suggest", "r", "--source", "propagation"))
    assert [(s["start"], s["end"]) for s in record["suggestions"]] == [(52, 62)]


def test_suggest_status_and_document_choose_the_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repeated_name_project(tmp_path, capsys)
    assert ok(capsys, "suggest", "r", "--source", "propagation", "--status", "done") == ""
    assert len(lines(ok(capsys, "suggest", "r", "--source", "propagation", "--status", "all")))
    assert len(lines(ok(capsys, "suggest", "r", "--source", "propagation", "--document", "repeat")))
    code, _, err = run(capsys, "suggest", "r", "--source", "propagation", "--document", "nope")
    assert code == 1
    assert_one_line_error(err, "'nope'")


def test_suggest_writes_a_file_with_o(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repeated_name_project(tmp_path, capsys)
    code, out, err = run(capsys, "suggest", "r", "--source", "propagation", "-o", "out.jsonl")
    assert code == 0, err
    assert out == ""
    assert "2 suggestion(s)" in err
    written = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert written.endswith("\n")
    assert [r["id"] for r in lines(written)] == ["repeat"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl")]


def test_suggest_refuses_to_write_over_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repeated_name_project(tmp_path, capsys)
    code, _, err = run(capsys, "suggest", "r", "--source", "propagation", "-o", "r.annot")
    assert code == 1
    assert_one_line_error(err, "project file itself")


def test_suggest_with_an_unknown_source_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repeated_name_project(tmp_path, capsys)
    code, out, err = run(capsys, "suggest", "r", "--source", "propagation,oracle")
    assert code == 1
    assert out == ""
    assert_one_line_error(err, "'oracle'", "propagation, corpus, patterns")


def test_suggest_with_a_bad_threshold_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repeated_name_project(tmp_path, capsys)
    code, _, err = run(capsys, "suggest", "r", "--source", "propagation", "--threshold", "2")
    assert code == 1
    assert_one_line_error(err, "--threshold")


def test_suggest_with_only_the_untrained_model_says_how_to_train(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repeated_name_project(tmp_path, capsys)
    code, out, err = run(capsys, "suggest", "r", "--source", "model")
    assert code == 1
    assert out == ""
    assert_one_line_error(err, "no suggestion source could start", "model:", "train")


def test_suggest_reports_a_source_that_cannot_start_and_uses_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repeated_name_project(tmp_path, capsys)
    code, out, err = run(capsys, "suggest", "r", "--source", "propagation,model")
    assert code == 0, err
    assert err.startswith("suggestions: model: ")
    assert err.count("\n") == 1
    assert len(lines(out)) == 1


def test_suggest_patterns_switch_the_patterns_source_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("spacy")  # the patterns source matches with spaCy
    repeated_name_project(tmp_path, capsys)
    patterns = tmp_path / "places.jsonl"
    patterns.write_text('{"label": "GPE", "pattern": "Lyon"}\n', encoding="utf-8")
    out = ok(capsys, "suggest", "r", "--source", "propagation", "--patterns", patterns)
    [record] = lines(out)
    lyon = [s for s in record["suggestions"] if s["text"] == "Lyon"]
    assert [(s["start"], s["label"], s["source"]) for s in lyon] == [(22, "GPE", "patterns")]


def test_suggest_source_patterns_without_a_file_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repeated_name_project(tmp_path, capsys)
    code, _, err = run(capsys, "suggest", "r", "--source", "patterns")
    assert code == 1
    assert_one_line_error(err, "--patterns")


# -- train -----------------------------------------------------------------------------


def test_train_then_suggest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pycrfsuite")
    path = synthetic_project(tmp_path, capsys)
    out = ok(capsys, "train", "p")
    assert "trained on 40 done documents" in out
    assert "PER" in out and "GPE" in out
    assert "Justice:Arrest-Jail" in out
    assert "stored the certainty of 6 document(s)" in out
    with Project.open(path, read_only=True) as project:
        stored = queries.certainty(project.db)
        todo = set(project.document_ids([Status.TODO]))
        assert set(stored) == todo and len(todo) == 6
        assert all(0 <= value <= 1 for value in stored.values())
        ordered = list(project.document_ids([Status.TODO], order="uncertain"))
        assert ordered == sorted(todo, key=lambda i: (stored[i], i))
    found = lines(ok(capsys, "suggest", "p", "--source", "model"))
    assert found, "the model suggests nothing for documents like the ones it learnt from"
    suggestions = [s for record in found for s in record["suggestions"]]
    assert {s["source"] for s in suggestions} == {"model"}
    labels = {s["label"] for s in suggestions}
    assert "PER" in labels
    for suggestion in suggestions:
        assert suggestion["text"] and 0.5 <= suggestion["score"] <= 1
        if suggestion["label"] in ("Justice:Arrest-Jail", "Conflict:Attack"):
            assert suggestion["trigger"] is True
    # the default sources (propagation and the model) find the model now
    code, _, err = run(capsys, "suggest", "p")
    assert code == 0 and err == "", err


def test_train_into_a_chosen_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pycrfsuite")
    synthetic_project(tmp_path, capsys, done=15)
    out = ok(capsys, "train", "p", "--model", tmp_path / "m")
    assert f"model: {tmp_path / 'm'}" in out
    assert ok(capsys, "suggest", "p", "--source", "model", "--model", tmp_path / "m")


def test_train_while_a_window_has_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pycrfsuite")
    synthetic_project(tmp_path, capsys, done=15)
    opened = Project.open

    def locked(path: Path, *, read_only: bool = False, lock: bool = True) -> Project:
        if not read_only:
            raise ProjectLockedError(f"{path}: open in another window", "someone")
        return opened(path, read_only=True)

    monkeypatch.setattr(Project, "open", staticmethod(locked))
    code, out, err = run(capsys, "train", "p")
    assert code == 0, err
    assert "trained on 15" in out
    assert "least certain first" in err and "Traceback" not in err


def test_train_with_nothing_done_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pycrfsuite")
    repeated_name_project(tmp_path, capsys)  # its one document is to do
    code, out, err = run(capsys, "train", "r")
    assert code == 1
    assert out == ""
    assert_one_line_error(err, "nothing to learn")


def test_train_without_python_crfsuite_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    synthetic_project(tmp_path, capsys, done=5)
    monkeypatch.setitem(sys.modules, "pycrfsuite", None)  # import pycrfsuite fails
    code, out, err = run(capsys, "train", "p")
    assert code == 1
    assert out == ""
    assert_one_line_error(err, "python-crfsuite", "pip install 'annotator[assist]'")


def test_train_curve_prints_a_row_per_size_with_each_label_and_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pycrfsuite")
    synthetic_project(tmp_path, capsys)
    out = ok(capsys, "train", "p", "--curve", "--sizes", "5,20", "--json", "curve.json")
    curve = out.split("\n\n", 1)[1]
    assert curve.startswith("Learning curve:")
    header, *rows = curve.splitlines()[1:4]
    for label in ("PER", "GPE", "ORG", "Justice:Arrest-Jail"):
        assert f"F1 {label}" in header, (label, curve)
    assert [row.split()[0] for row in rows] == ["5", "20"], curve  # a row per size
    assert "wrote the learning curve to curve.json" in out
    data = json.loads((tmp_path / "curve.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)


def test_train_sizes_need_the_curve_and_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    synthetic_project(tmp_path, capsys, done=5)
    code, _, err = run(capsys, "train", "p", "--sizes", "5")
    assert code == 1
    assert_one_line_error(err, "--curve")
    code, _, err = run(capsys, "train", "p", "--curve", "--sizes", "five")
    assert code == 1
    assert_one_line_error(err, "--sizes")


def test_suggest_never_changes_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = repeated_name_project(tmp_path, capsys)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    ok(capsys, "suggest", "r", "--source", "propagation", "-o", "out.jsonl")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_suggest_into_a_missing_folder_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repeated_name_project(tmp_path, capsys)
    code, out, err = run(capsys, "suggest", "r", "--source", "propagation", "-o", "no/out.jsonl")
    assert out == ""
    assert code == 1
    assert_one_line_error(err, "no such folder")
    assert not (tmp_path / "no").exists()
