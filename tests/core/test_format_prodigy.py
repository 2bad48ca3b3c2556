"""Prodigy JSONL: tasks with spans, relations and answers in; tokens, spans and relations out."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.core.io import formats, prodigy
from annotator.core.io.base import ExportOptions, ReadContext
from annotator.core.model import Status, schemas
from annotator.core.model.records import DocumentRecord, RelationRecord, SpanRecord
from annotator.core.project import Project
from tests.core.helpers import contents, texts

DATA = Path(__file__).parent.parent / "data" / "formats" / "prodigy"


def read(path: Path, fmt: str = "prodigy") -> tuple[list[DocumentRecord], ReadContext]:
    ctx = ReadContext()
    return formats.read([path], fmt, context=ctx), ctx


def project_from(path: Path, fmt: str = "prodigy") -> Project:
    project = Project.in_memory(schemas.load("news"))
    project.import_records(read(path, fmt)[0])
    return project


def export_tasks(
    project: Project, target: Path, **options: Any
) -> tuple[list[dict[str, Any]], formats.ExportResult]:
    options.setdefault("tokenizer", "rules")
    result = formats.export_project(project, "prodigy", target, ExportOptions(**options))
    lines = target.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines], result


# -- reading -------------------------------------------------------------------
@pytest.mark.parametrize("name", ["ner.jsonl", "relations.jsonl"])
def test_detect_picks_prodigy(name: str) -> None:
    assert formats.detect(DATA / name) == "prodigy"


def test_answers_become_statuses_and_meta_keeps_what_matters() -> None:
    records, ctx = read(DATA / "ner.jsonl")
    accepted, rejected, ignored, fresh = records
    assert [r.status for r in records] == [
        Status.DONE,
        Status.SKIPPED,
        Status.SKIPPED,
        Status.TODO,
    ]
    assert texts(accepted) == [("ORG", "Apple"), ("GPE", "U.K."), ("MONEY", "$1 billion")]
    # hashes go stale once spans change and Prodigy recomputes them; view state is UI only
    assert accepted.meta == {"source": "spacy docs", "_session_id": "news-alice"}
    assert rejected.meta == {} and ignored.meta == {}
    assert fresh.uid == "p-4" and fresh.meta == {}  # meta.id is the document id
    assert any("1 rejected task(s) imported as skipped" in w for w in ctx.warnings)


def test_relations_find_their_spans_and_add_missing_ones() -> None:
    (record,), ctx = read(DATA / "relations.jsonl")
    assert record.uid == "pmid-9878621"
    assert texts(record) == [
        ("GGP", "IL-1beta"),
        ("GGP", "latent membrane protein-1"),
        ("GGP", "EBV nuclear proteins"),  # named only by a relation's head_span
    ]
    spans = {span.uid: record.text[span.start : span.end] for span in record.spans}
    assert [(r.type, spans[r.head], spans[r.tail]) for r in record.relations] == [
        ("Pos-Reg", "latent membrane protein-1", "IL-1beta"),
        ("Pos-Reg", "EBV nuclear proteins", "IL-1beta"),
        ("Coexpressed", "latent membrane protein-1", "EBV nuclear proteins"),  # by token index
    ]
    assert any("added 1 span(s)" in w for w in ctx.warnings)
    # a dependency arc between two plain tokens has no span to hold it: counted
    assert ctx.losses.counts[prodigy.UNLINKED] == 1
    assert "'det'" in ctx.losses.lines()[0]


def test_spans_given_only_by_tokens(tmp_path: Path) -> None:
    text = "Ali met Bob"
    tokens = [
        {"text": "Ali", "start": 0, "end": 3, "id": 0},
        {"text": "met", "start": 4, "end": 7, "id": 1},
        {"text": "Bob", "start": 8, "end": 11, "id": 2},
    ]
    task = {
        "text": text,
        "tokens": tokens,
        "spans": [{"token_start": 2, "token_end": 2, "label": "PER"}],
        "answer": "accept",
    }
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(task) + "\n", encoding="utf-8")
    (record,), _ctx = read(path)
    assert texts(record) == [("PER", "Bob")]


# -- round trips and the export ----------------------------------------------------
@pytest.mark.parametrize("name", ["ner.jsonl", "relations.jsonl"])
@pytest.mark.parametrize("tokenizer", ["rules", "auto"])
def test_prodigy_to_project_to_prodigy_keeps_every_span_and_relation(
    tmp_path: Path, name: str, tokenizer: str
) -> None:
    first = project_from(DATA / name)
    export_tasks(first, tmp_path / "out.jsonl", tokenizer=tokenizer)
    second = project_from(tmp_path / "out.jsonl")
    assert contents(second) == contents(first)
    records, _ctx = read(DATA / name)
    for record in records:
        spans = {(s.start, s.end, s.label, record.text[s.start : s.end]) for s in record.spans}
        assert contents(first)[record.text][0] == spans
    statuses = {d.text: d.status for d in second.iter_documents()}
    assert statuses == {d.text: d.status for d in first.iter_documents()}
    ids = sorted(d.uid for d in second.iter_documents())
    assert ids == sorted(d.uid for d in first.iter_documents())


def test_exported_tasks_are_consistent(tmp_path: Path) -> None:
    project = project_from(DATA / "relations.jsonl")
    project.import_records(read(DATA / "ner.jsonl")[0])
    tasks, result = export_tasks(project, tmp_path / "out.jsonl")
    assert not result.losses
    assert any("rule-based" in note for note in result.notes)
    for task in tasks:
        assert set(task) <= {"text", "tokens", "spans", "relations", "meta", "answer"}
        text, tokens = task["text"], task["tokens"]
        for index, token in enumerate(tokens):
            assert token["id"] == index
            assert token["text"] == text[token["start"] : token["end"]]
            assert token["ws"] == (token["end"] < len(text) and text[token["end"]].isspace())
        for span in task["spans"]:
            assert tokens[span["token_start"]]["start"] == span["start"]
            assert tokens[span["token_end"]]["end"] == span["end"]  # token_end is inclusive
            assert span["text"] == text[span["start"] : span["end"]]
        for relation in task["relations"]:
            assert relation["head"] == relation["head_span"]["token_end"]
            assert relation["child"] == relation["child_span"]["token_end"]
            assert set(relation["head_span"]) == {
                "start",
                "end",
                "token_start",
                "token_end",
                "label",
            }
    by_text = {task["text"][:10]: task for task in tasks}
    assert by_text["The up-reg"]["answer"] == "accept"
    assert by_text["The up-reg"]["meta"]["id"] == "pmid-9878621"
    assert by_text["Apple is l"]["answer"] == "accept"
    assert by_text["Nothing us"]["answer"] == "ignore"  # reject and ignore are both skipped
    assert "answer" not in by_text["Not annota"]  # todo: a task still to annotate
    assert by_text["Not annota"]["meta"] == {"id": "p-4"}


def test_tokens_split_at_span_edges_and_misaligned_spans_are_counted(tmp_path: Path) -> None:
    project = Project.in_memory(schemas.load("news"))
    text = "Kharkiv's mayor met  Bob."
    project.import_records(
        [
            DocumentRecord(
                text=text,
                uid="d1",
                spans=[
                    SpanRecord("T1", 0, 7, "GPE"),  # inside the token "Kharkiv's"
                    SpanRecord("T2", 19, 24, "PER"),  # starts on a space: no token starts there
                    SpanRecord("T3", 10, 15, "PER"),
                ],
                relations=[
                    RelationRecord("R1", "PHYS:Located", "T3", "T1"),
                    RelationRecord("R2", "PHYS:Near", "T2", "T1"),
                ],
            )
        ]
    )
    (task,), result = export_tasks(project, tmp_path / "out.jsonl")
    assert [(s["text"], s["token_start"], s["token_end"]) for s in task["spans"]] == [
        ("Kharkiv", 0, 0),
        ("mayor", 2, 2),
    ]
    assert [t["text"] for t in task["tokens"][:3]] == ["Kharkiv", "'s", "mayor"]
    assert result.losses.counts["misaligned"] == 1
    assert result.losses.counts[prodigy.ORPHANED] == 1
    assert [r["label"] for r in task["relations"]] == ["PHYS:Located"]


def test_events_are_counted_as_lost(tmp_path: Path) -> None:
    project = Project.in_memory(schemas.load("news"))
    line = {
        "text": "Police arrested Ali in Cairo.",
        "spans": [
            {"id": "T1", "start": 7, "end": 15, "label": "Justice:Arrest-Jail"},
            {"id": "T2", "start": 16, "end": 19, "label": "PER"},
        ],
        "events": [{"trigger": "T1", "arguments": [{"role": "Person", "ref": "T2"}]}],
    }
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    project.import_records(formats.read([path], "jsonl"))
    (task,), result = export_tasks(project, tmp_path / "out.jsonl")
    assert result.losses.counts["events"] == 1
    assert [s["label"] for s in task["spans"]] == ["Justice:Arrest-Jail", "PER"]


# -- bad input -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("bad_json.jsonl", "bad_json.jsonl line 2: malformed JSON"),
        ("no_text.jsonl", 'no_text.jsonl line 2: missing "text"'),
        ("out_of_range.jsonl", "out_of_range.jsonl line 2: span 1: end 9 is past the end"),
    ],
)
def test_malformed_files_name_the_file_and_line(name: str, fragment: str) -> None:
    with pytest.raises(InputError) as error:
        read(DATA / name)
    assert fragment in str(error.value)


@pytest.mark.parametrize(
    ("task", "fragment"),
    [
        ({"text": "ab", "answer": "maybe"}, "unknown answer 'maybe'"),
        ({"text": "ab", "meta": []}, '"meta" must be an object'),
        ({"text": "ab", "spans": [{"start": 0, "end": 1}]}, 'span 1: "label" must be a string'),
        ({"text": "ab", "spans": [{"label": "X"}]}, 'span 1: missing "start" and "end"'),
        (
            {"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "text": "b"}]},
            "span 1: its text 'b' differs from text[0:1] = 'a'",
        ),
        ({"text": "ab", "tokens": [{"start": 0, "end": 5}]}, "token 0: end 5 is past the end"),
        (
            {"text": "ab", "relations": [{"head": "x", "child": 0, "label": "r"}]},
            'relation 1: "head" must be a token index',
        ),
    ],
)
def test_bad_tasks_are_refused(tmp_path: Path, task: Any, fragment: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine"}\n' + json.dumps(task) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read(path)
    assert f"bad.jsonl line 2: {fragment}" in str(error.value)


def test_repeated_meta_ids_for_different_texts_stay_in_meta(tmp_path: Path) -> None:
    path = tmp_path / "ids.jsonl"
    tasks = [{"text": "One.", "meta": {"id": 1}}, {"text": "Two.", "meta": {"id": 1}}]
    path.write_text("".join(json.dumps(t) + "\n" for t in tasks), encoding="utf-8")
    records, ctx = read(path)
    assert [r.uid for r in records] == [None, None]
    assert [r.meta for r in records] == [{"id": 1}, {"id": 1}]
    assert "meta id '1' names different texts" in ctx.warnings[0]


# -- the command line ------------------------------------------------------------
@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "_config"))
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "_data"))
    monkeypatch.chdir(tmp_path)
    assert main(["new", "p"]) == 0
    return tmp_path / "p.annot"


def test_cli_import_and_export(cli: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(cli), str(DATA / "relations.jsonl")]) == 0
    out = cli.parent / "out.jsonl"
    assert main(["export", str(cli), "--format", "prodigy", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "exported 1 document(s) as prodigy" in err
    (task,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(task["spans"]) == 3 and len(task["relations"]) == 3


def test_cli_import_refuses_everything_when_one_file_is_bad(
    cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = hashlib.sha256(cli.read_bytes()).hexdigest()
    capsys.readouterr()
    files = [str(DATA / "ner.jsonl"), str(DATA / "out_of_range.jsonl")]
    assert main(["import", str(cli), *files, "--format", "prodigy"]) == 1
    assert "out_of_range.jsonl line 2" in capsys.readouterr().err
    assert hashlib.sha256(cli.read_bytes()).hexdigest() == before


def test_relations_by_token_index_without_tokens(tmp_path: Path) -> None:
    task = {
        "text": "Ali met Bob",
        "spans": [
            {"start": 0, "end": 3, "token_start": 0, "token_end": 0, "label": "PER"},
            {"start": 8, "end": 11, "token_start": 2, "token_end": 2, "label": "PER"},
        ],
        "relations": [{"head": 0, "child": 2, "label": "knows"}],
    }
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(task) + "\n", encoding="utf-8")
    (record,), _ctx = read(path)
    spans = {span.uid: record.text[span.start : span.end] for span in record.spans}
    assert [(r.type, spans[r.head], spans[r.tail]) for r in record.relations] == [
        ("knows", "Ali", "Bob")
    ]
