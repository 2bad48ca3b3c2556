"""What every format shares: detection, splits, safe output, losses, carried schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.editing import edits
from annotator.core.errors import Cancelled, InputError
from annotator.core.io import formats
from annotator.core.io.base import ExportOptions
from annotator.core.io.losses import Losses, where
from annotator.core.model import Cardinality, Label, LabelKind, Role, Schema, Status, schemas
from annotator.core.model.records import DocumentRecord, EventRecord, SpanRecord
from annotator.core.project import Project


def _project(count: int = 10) -> Project:
    project = Project.in_memory()
    project.import_records(
        [
            DocumentRecord(
                text=f"Document {i} mentions Paris.",
                uid=f"d{i}",
                spans=[SpanRecord("T1", 20, 25, "GPE")],
            )
            for i in range(count)
        ]
    )
    return project


# -- detection -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.jsonl", '{"text": "x", "spans": []}\n', "jsonl"),
        ("a.jsonl", '{"text": "x", "label": [[0, 1, "PER"]]}\n', "doccano"),
        ("a.jsonl", '{"text": "x", "entities": [{"id": 1, "start_offset": 0}]}\n', "doccano"),
        ("a.jsonl", '{"text": "x", "tokens": [], "spans": []}\n', "prodigy"),
        ("a.jsonl", '{"text": "x", "answer": "accept"}\n', "prodigy"),
        ("a.jsonl", "not json\n", "jsonl"),
        ("a.txt", "Just an article.\n", "txt"),
        ("a.txt", "-DOCSTART- -X- -X- O\n\nEU B-ORG\nrejects O\n", "conll"),
        ("a.txt", "EU\tB-ORG\nrejects\tO\nGerman\tB-MISC\ncall\tO\n.\tO\n\n", "conll"),
        ("a.conll", "EU B-ORG\n", "conll"),
        ("a.bio", "EU B-ORG\n", "conll"),
        ("a.json", "[]", "labelstudio"),
        ("a.html", "<html></html>", "html"),
        ("a.ann", "T1\tPER 0 1\tx\n", "brat"),
    ],
)
def test_formats_are_told_by_name_and_content(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert formats.detect(path) == expected


def test_a_txt_beside_an_ann_file_is_brat(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.ann").write_text("", encoding="utf-8")
    assert formats.detect(tmp_path / "a.txt") == "brat"


def test_folders_are_told_by_what_they_hold(tmp_path: Path) -> None:
    (tmp_path / "txt").mkdir()
    (tmp_path / "txt" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "brat" / "sub").mkdir(parents=True)
    (tmp_path / "brat" / "sub" / "a.ann").write_text("", encoding="utf-8")
    (tmp_path / "brat" / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "p.htm").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "other").mkdir()
    assert formats.detect(tmp_path / "txt") == "txt"
    assert formats.detect(tmp_path / "brat") == "brat"
    assert formats.detect(tmp_path / "html") == "html"
    with pytest.raises(InputError, match=r"no \.txt files"):
        formats.detect(tmp_path / "other")


def test_an_unknown_suffix_asks_for_a_format(tmp_path: Path) -> None:
    path = tmp_path / "a.xyz"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="give --format"):
        formats.detect(path)


# -- splits ------------------------------------------------------------------------
def test_parse_split() -> None:
    assert formats.parse_split("80/10/10") == (80, 10, 10)
    assert formats.parse_split("90/10") == (90, 10)
    for bad in ("80/10", "a/b/c", "50/50/50/0", "100", "-10/110"):
        with pytest.raises(InputError, match="--split"):
            formats.parse_split(bad)


def test_split_ids_is_a_seeded_partition_in_project_order() -> None:
    ids = list(range(1, 101))
    parts = formats.split_ids(ids, (80, 10, 10), seed=7)
    assert [len(p) for p in parts.values()] == [80, 10, 10]
    assert sorted(i for part in parts.values() for i in part) == ids
    assert all(part == sorted(part) for part in parts.values())
    assert parts == formats.split_ids(ids, (80, 10, 10), seed=7)
    assert parts != formats.split_ids(ids, (80, 10, 10), seed=8)
    assert list(formats.split_ids(ids, (90, 10), 0)) == ["train", "test"]


def test_split_export_writes_one_file_per_part(tmp_path: Path) -> None:
    project = _project(10)
    result = formats.export_project(
        project, "jsonl", tmp_path / "out", ExportOptions(split=(80, 10, 10), seed=1)
    )
    assert result.parts == {"train": 8, "dev": 1, "test": 1}
    uids = set()
    for name in ("train", "dev", "test"):
        lines = (tmp_path / "out" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        uids |= {json.loads(line)["id"] for line in lines}
    assert uids == {f"d{i}" for i in range(10)}
    assert "train 8, dev 1, test 1" in "\n".join(result.lines())


# -- safe output -------------------------------------------------------------------
def test_a_folder_export_never_replaces_a_folder_of_user_files(tmp_path: Path) -> None:
    project = _project(3)
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(InputError, match="not empty"):
        formats.export_project(project, "jsonl", target, ExportOptions(split=(50, 50)))
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_an_earlier_export_folder_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out"
    formats.export_project(_project(4), "jsonl", target, ExportOptions(split=(50, 50)))
    (target / "stale.jsonl").write_text("old", encoding="utf-8")
    formats.export_project(_project(2), "jsonl", target, ExportOptions(split=(50, 50)))
    assert sorted(p.name for p in target.iterdir()) == [
        ".annotator-export.json",
        "test.jsonl",
        "train.jsonl",
    ]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_cancelled_export_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("previous export", encoding="utf-8")

    def cancel(done: int, total: int) -> None:
        if done:
            raise Cancelled()

    with pytest.raises(Cancelled):
        formats.export_project(_project(200), "jsonl", target, progress=cancel)
    assert target.read_text(encoding="utf-8") == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_status_and_violation_filters_apply_to_every_format(tmp_path: Path) -> None:
    project = _project(3)
    first = project.document_ids()[0]
    project.apply(edits.SetStatus(first, Status.DONE))
    result = formats.export_project(
        project, "jsonl", tmp_path / "done.jsonl", ExportOptions(statuses=[Status.DONE])
    )
    assert result.documents == 1 and result.considered == 1


def test_binary_and_folder_formats_need_an_output(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="give -o"):
        formats.export_project(_project(1), "jsonl", None, ExportOptions(split=(50, 50)))


# -- losses --------------------------------------------------------------------------
def test_losses_are_counted_by_reason_with_examples() -> None:
    losses = Losses()
    text = "Angela Merkel met Macron in Paris."
    for start, end in ((0, 6), (7, 13), (18, 24), (28, 33)):
        losses.add("overlapping", where("doc-1", text, start, end))
    losses.add("events", where("doc-2", text, 14, 17))
    lines = losses.lines()
    assert lines[0].startswith("4 overlapping or nested span(s) left out")
    assert "doc-1 'Angela' [0:6]" in lines[0] and lines[0].endswith(", …")
    assert lines[1].startswith("1 event(s) (the format has no events); e.g. doc-2 'met' [14:17]")
    assert losses.total() == 5


def test_formats_without_events_count_them(tmp_path: Path) -> None:
    project = Project.in_memory()
    project.import_records(
        [
            DocumentRecord(
                text="Rebels attacked the town.",
                spans=[SpanRecord("T1", 0, 6, "PER"), SpanRecord("T2", 7, 15, "Conflict:Attack")],
                events=[EventRecord("E1", "T2")],
            )
        ]
    )
    result = formats.export_project(project, "doccano", tmp_path / "d.jsonl")
    assert result.losses.counts["events"] == 1
    assert any("'attacked'" in line for line in result.lines())


# -- label definitions carried by an input (brat's annotation.conf) ------------------
def test_an_import_adds_the_labels_its_schema_defines_with_roles() -> None:
    project = Project.in_memory()
    carried = Schema(
        "conf",
        (
            Label("Person", LabelKind.ENTITY, "", key="p"),  # p is PER's key: dropped
            Label(
                "Be-born",
                LabelKind.EVENT,
                "#123456",
                roles=(Role("Person-Arg", Cardinality(1, 1), ("Person",)),),
            ),
            Label("PER", LabelKind.ENTITY, "#000000"),  # the project's own PER wins
        ),
    )
    before = {label.name: label for label in project.schema.labels}
    edit = edits.ImportDocuments(
        [DocumentRecord(text="Ann was born.", spans=[SpanRecord("T1", 0, 3, "Person")])],
        schema=carried,
    )
    project.apply(edit)
    schema = project.schema
    born = schema.get("Be-born")
    assert born is not None and born.kind == LabelKind.EVENT
    assert born.roles == (Role("Person-Arg", Cardinality(1, 1), ("Person",)),)
    assert born.color == "#123456"
    person = schema.get("Person")
    assert person is not None and person.key is None and person.color
    assert schema.get("PER") == before["PER"]
    lines = edit.report.lines()
    assert any("defined by the input's schema: Person, Be-born" in line for line in lines)
    assert any("without its key: Person (p)" in line for line in lines)
    project.revert(edit)
    assert project.schema.get("Be-born") is None
    assert (
        project.db.execute(
            "SELECT count(*) FROM roles r JOIN labels l ON l.id = r.label_id "
            "WHERE l.name = 'Be-born'"
        ).fetchone()[0]
        == 0
    )
    assert schemas.schema_key_conflicts(project.schema) == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (['{"text": "x", "entities": [], "relations": []}'], "doccano"),
        (['{"text": "x", "label": [{"start": 0, "end": 1, "label": "A"}]}'], "doccano"),
        (['{"text": "x", "labels": [[0, 1, "A"]]}'], "doccano"),
        (['{"text": "x", "relations": [{"from_id": 1, "to_id": 2}], "spans": []}'], "doccano"),
        (
            ['{"text": "x", "spans": [], "relations": [{"head": 0, "child": 1, "label": "R"}]}'],
            "prodigy",
        ),
        (['{"text": "x"}', '{"text": "y", "answer": "accept"}'], "prodigy"),
        (['{"text": "x"}', '{"text": "y", "status": "done"}'], "jsonl"),
        (['{"text": "x", "spans": [{"start": 0, "end": 1, "label": "A"}]}'], "jsonl"),
        (['{"text": "x"}'], "jsonl"),
    ],
)
def test_jsonl_shapes_are_told_apart_by_the_first_object_that_shows_them(
    tmp_path: Path, lines: list[str], expected: str
) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert formats.detect(path) == expected


def test_an_empty_document_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "", "text": "x"}\n', encoding="utf-8")
    records = formats.read([path])
    project = Project.in_memory()
    with pytest.raises(InputError, match="line 1: the document id is empty"):
        project.import_records(records)
    assert project.document_count() == 0
