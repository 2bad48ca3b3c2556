"""Attributes, normalizations, notes, chains and discontinuous spans in the exchange formats.

Each format either carries a kind (Label Studio: span attributes and notes; OneIE:
the ACE mention type and subtype) or counts every one it leaves out, by reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import InputError
from annotator.core.io import formats, labelstudio, oneie
from annotator.core.io.base import ExportOptions, ReadContext
from annotator.core.io.losses import Losses, Targets
from annotator.core.model import Status, Target, TargetKind
from annotator.core.model.records import (
    AttributeRecord,
    ChainRecord,
    DocumentRecord,
    NormalizationRecord,
    NoteRecord,
    RelationRecord,
    SpanRecord,
)
from annotator.core.project import Project

TEXT = "Obama visited North and South America. He said it went well."
RULES = ExportOptions(tokenizer="rules")


def _at(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


def _record(status: Status = Status.DONE, uid: str = "d1") -> DocumentRecord:
    north, america = _at("North"), _at("America")
    return DocumentRecord(
        text=TEXT,
        uid=uid,
        status=status,
        meta={"source": "wire"},
        spans=[
            SpanRecord("T1", *_at("Obama"), "PER"),
            SpanRecord("T2", north[0], america[1], "LOC", [north, america]),
            SpanRecord("T3", *_at("South America"), "LOC"),
            SpanRecord("T4", *_at("He"), "PER"),
        ],
        relations=[RelationRecord("R1", "PHYS:Located", "T1", "T3")],
        attributes=[
            AttributeRecord("A1", "Mention", "T1", "NAM"),
            AttributeRecord("A2", "Negated", "T3"),
            AttributeRecord("A3", "Modality", "R1", "Asserted"),
        ],
        normalizations=[NormalizationRecord("N1", "T3", "Wikipedia", "18951", "South America")],
        notes=[NoteRecord("#1", "T2", "check this"), NoteRecord("#2", "R1", "a relation note")],
        chains=[ChainRecord("*1", "Coreference", ["T1", "T4"])],
    )


def _project(*records: DocumentRecord) -> Project:
    project = Project.in_memory()
    project.import_records(list(records) or [_record()])
    return project


# What every format that carries none of the new kinds reports.
EVERYTHING_LOST = {"fragments": 1, "attributes": 3, "normalizations": 1, "notes": 2, "chains": 1}


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("doccano", EVERYTHING_LOST),
        ("prodigy", EVERYTHING_LOST),
        # one label per token: the extent of T2 holds T3, which is left out
        ("conll", {**EVERYTHING_LOST, "relations": 1, "overlapping": 1}),
        ("hf", {**EVERYTHING_LOST, "relations": 1, "overlapping": 1}),
        (
            "labelstudio",
            {
                "fragments": 1,
                "normalizations": 1,
                "chains": 1,
                labelstudio.LOST_ATTRIBUTES: 1,
                labelstudio.LOST_NOTES: 1,
            },
        ),
        (
            "oneie",
            {"fragments": 1, "normalizations": 1, "notes": 2, "chains": 1, oneie.ATTRIBUTES: 2},
        ),
    ],
)
def test_each_format_counts_what_it_cannot_hold(
    tmp_path: Path, fmt: str, expected: dict[str, int]
) -> None:
    suffix = formats.EXPORTS[fmt].suffix
    result = formats.export_project(_project(), fmt, tmp_path / f"out{suffix}", RULES)
    assert {reason: n for reason, n in result.losses.counts.items() if n} == expected
    summary = "\n".join(result.lines())
    if "fragments" in expected:
        assert "1 discontinuous span(s) written as their extent" in summary
        assert "d1 'North and South America' [14:37]" in summary
    if "normalizations" in expected:
        assert "d1 'South America' [24:37] Wikipedia:18951" in summary
    if "chains" in expected:
        assert "1 coreference chain(s) (the format has no coreference); e.g. d1 'Obama'" in summary
    if fmt in ("doccano", "prodigy", "conll", "hf"):
        # binary attributes by name, others name=value, relations' by id and head
        assert "d1 'Obama' [0:5] Mention=NAM" in summary
        assert "d1 'South America' [24:37] Negated" in summary
        assert "d1 R1 'Obama' [0:5] Modality=Asserted" in summary


def test_spacy_counts_what_a_docbin_cannot_hold(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    result = formats.export_project(_project(), "spacy", tmp_path / "out.spacy")
    counts = {reason: n for reason, n in result.losses.counts.items() if n}
    assert counts == {**EVERYTHING_LOST, "relations": 1}


def test_token_formats_tag_a_discontinuous_span_as_its_extent(tmp_path: Path) -> None:
    formats.export_project(_project(), "conll", tmp_path / "out.conll", RULES)
    lines = (tmp_path / "out.conll").read_text(encoding="utf-8").splitlines()
    tags = dict(line.split(" ") for line in lines[2:] if line)
    assert [tags[w] for w in ("North", "and", "South", "America")] == [
        "B-LOC",
        "I-LOC",
        "I-LOC",
        "I-LOC",
    ]


def test_formats_that_carry_a_kind_do_not_count_it() -> None:
    project = _project()
    (document, annotations) = next(iter(project.annotated_documents(project.document_ids())))
    everything = formats.Format("x", "X", "x", carries=formats.ATTACHED, relations=True)
    losses = Losses()
    formats._count_unsupported(everything, document, annotations, losses)
    assert not losses
    nothing = formats.Format("x", "X", "x", relations=True)
    formats._count_unsupported(nothing, document, annotations, losses)
    assert dict(losses.counts) == EVERYTHING_LOST


def test_targets_name_events_and_relations_by_id_and_span() -> None:
    project = _project()
    (document, annotations) = next(iter(project.annotated_documents(project.document_ids())))
    targets = Targets(document.uid, document.text, annotations)
    relation = annotations.relations[0]
    assert targets.where(Target(TargetKind.RELATION, relation.id), "x") == "d1 R1 'Obama' [0:5] x"
    assert targets.where(Target(TargetKind.SPAN, annotations.spans[3].id)) == "d1 'He' [39:41]"
    assert targets.where(Target(TargetKind.SPAN, -5)) == "d1"


# -- Label Studio: per-region choices and text, written and read back --------------------
def _tasks(path: Path) -> list[dict[str, Any]]:
    value = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(value, list)
    return value


def test_labelstudio_export_writes_per_region_choices_and_text(tmp_path: Path) -> None:
    path = tmp_path / "tasks.json"
    formats.export_project(_project(), "labelstudio", path)
    (task,) = _tasks(path)
    assert task["id"] == "d1"
    assert task["data"] == {"text": TEXT, "source": "wire"}
    (annotation,) = task["annotations"]
    assert annotation["was_cancelled"] is False
    results = annotation["result"]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for result in results:
        by_type.setdefault(result["type"], []).append(result)
    assert [r["value"]["labels"] for r in by_type["labels"]] == [["PER"], ["LOC"], ["LOC"], ["PER"]]
    assert by_type["relation"] == [
        {
            "from_id": "T1",
            "to_id": "T3",
            "type": "relation",
            "direction": "right",
            "labels": ["PHYS:Located"],
        }
    ]
    assert by_type["choices"] == [
        {
            "id": "T1",
            "from_name": "Mention",
            "to_name": "text",
            "type": "choices",
            "value": {"start": 0, "end": 5, "choices": ["NAM"]},
        },
        {
            "id": "T3",
            "from_name": "Negated",  # a binary attribute: one choice, named as its control
            "to_name": "text",
            "type": "choices",
            "value": {"start": 24, "end": 37, "choices": ["Negated"]},
        },
    ]
    assert by_type["textarea"] == [
        {
            "id": "T2",
            "from_name": "AnnotatorNotes",
            "to_name": "text",
            "type": "textarea",
            "value": {"start": 14, "end": 37, "text": ["check this"]},
        }
    ]


def _kept(project: Project) -> list[Any]:
    """Per document, by text rather than ids: status, meta, spans, relations, and the
    attributes and notes on spans (what Label Studio carries)."""
    out = []
    for document, found in project.annotated_documents(project.document_ids()):
        spans = {s.id: (s.start, s.end, s.label) for s in found.spans}
        on_spans = [a for a in found.attributes if a.target.kind == TargetKind.SPAN]
        notes = [n for n in found.notes if n.target.kind == TargetKind.SPAN]
        out.append(
            (
                document.uid,
                document.status,
                document.meta,
                sorted(spans.values()),
                sorted((r.type, spans[r.head_id], spans[r.tail_id]) for r in found.relations),
                sorted((spans[a.target.id], a.name, a.value or "") for a in on_spans),
                sorted((spans[n.target.id], n.type, n.text) for n in notes),
            )
        )
    return out


def test_labelstudio_round_trip_keeps_span_attributes_and_notes(tmp_path: Path) -> None:
    source = Project.in_memory()
    record = _record()
    record.notes.append(NoteRecord("#3", "T2", "and another"))
    todo = _record(Status.TODO, "d2")
    todo.text = TEXT.replace("well", "badly")  # a second text (the same one is skipped)
    source.import_records([record, todo])
    path = tmp_path / "tasks.json"
    formats.export_project(source, "labelstudio", path)
    assert _tasks(path)[1]["predictions"][0]["result"]  # to do: pre-annotations
    ctx = ReadContext()
    records = formats.read([path], "labelstudio", context=ctx)
    assert not ctx.losses
    again = Project.in_memory()
    again.import_records(records)
    assert {a.name for a in again.schema.attributes} == {"Mention", "Negated"}
    kept = _kept(again)
    assert kept == _kept(source)
    assert kept[0][6] == [
        ((14, 37, "LOC"), "AnnotatorNotes", "and another"),
        ((14, 37, "LOC"), "AnnotatorNotes", "check this"),
    ]


def test_labelstudio_skipped_documents_are_cancelled_annotations(tmp_path: Path) -> None:
    path = tmp_path / "tasks.json"
    formats.export_project(_project(_record(Status.SKIPPED)), "labelstudio", path)
    (task,) = _tasks(path)
    assert task["annotations"][0]["was_cancelled"] is True
    ctx = ReadContext()
    (record,) = formats.read([path], "labelstudio", context=ctx)
    # a cancelled annotation is not imported (docs/formats/labelstudio.md), but counted
    assert record.status == Status.SKIPPED and record.spans == []
    assert ctx.losses.counts[labelstudio.CANCELLED] == 8  # 4 spans, 1 relation, 3 per region


def _region(rid: str, start: int, end: int, labels: list[str]) -> dict[str, Any]:
    value = {"start": start, "end": end, "labels": labels}
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def _read_results(tmp_path: Path, results: list[dict[str, Any]]) -> tuple[DocumentRecord, Losses]:
    path = tmp_path / "in.json"
    task = {"id": 1, "data": {"text": TEXT}, "annotations": [{"result": results}]}
    path.write_text(json.dumps([task]), encoding="utf-8")
    ctx = ReadContext()
    (record,) = formats.read([path], "labelstudio", context=ctx)
    return record, ctx.losses


def test_labelstudio_reads_per_region_results_written_by_label_studio(tmp_path: Path) -> None:
    results = [
        # per-region results may come before their region
        {
            "id": "r2",
            "from_name": "type",
            "to_name": "text",
            "type": "choices",
            "value": {"start": 14, "end": 37, "choices": ["Region", "Continent"]},
        },
        _region("r1", 0, 5, ["PER"]),
        _region("r2", 14, 37, ["LOC", "GPE"]),  # two labels: two spans, both get it
        {
            "id": "r1",
            "from_name": "comment",
            "to_name": "text",
            "type": "textarea",
            "value": {"start": 0, "end": 5, "text": ["first", " ", "second"]},
        },
        _region("r3", 39, 41, []),  # no label: left out, and so is what is on it
        {
            "id": "r3",
            "from_name": "type",
            "to_name": "text",
            "type": "choices",
            "value": {"start": 39, "end": 41, "choices": ["Pronoun"]},
        },
        {
            "id": "doc",
            "from_name": "topic",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["politics"]},
        },
    ]
    record, losses = _read_results(tmp_path, results)
    assert [(s.uid, s.label) for s in record.spans] == [("T1", "PER"), ("T2", "LOC"), ("T3", "GPE")]
    assert [(a.target, a.name, a.value) for a in record.attributes] == [
        ("T2", "type", "Region"),
        ("T3", "type", "Region"),
    ]
    assert [(n.target, n.type, n.text) for n in record.notes] == [
        ("T1", "comment", "first"),
        ("T1", "comment", "second"),
    ]
    assert losses.counts[labelstudio.EXTRA_CHOICES] == 1
    assert losses.counts[labelstudio.UNSUPPORTED] == 1  # the task's own choices
    assert losses.counts[labelstudio.NO_REGION] == 1


def test_labelstudio_refuses_malformed_per_region_results(tmp_path: Path) -> None:
    bad = {
        "id": "r1",
        "from_name": "type",
        "to_name": "text",
        "type": "choices",
        "value": {"start": 0, "end": 5, "choices": "NAM"},
    }
    with pytest.raises(InputError, match=r"result 2: \"choices\" must be an array"):
        _read_results(tmp_path, [_region("r1", 0, 5, ["PER"]), bad])
    bad = {**bad, "type": "textarea", "value": {"text": [1]}}
    with pytest.raises(InputError, match=r"result 2: \"text\" must be an array of strings"):
        _read_results(tmp_path, [_region("r1", 0, 5, ["PER"]), bad])
    bad = {**bad, "type": "choices", "from_name": "", "value": {"choices": ["x"]}}
    with pytest.raises(InputError, match=r"\"from_name\" must name the choices control"):
        _read_results(tmp_path, [_region("r1", 0, 5, ["PER"]), bad])


# -- OneIE: the ACE mention type and subtype -----------------------------------------
def _mentions(tmp_path: Path, record: DocumentRecord) -> tuple[list[dict[str, Any]], Losses]:
    path = tmp_path / "out.json"
    result = formats.export_project(_project(record), "oneie", path, RULES)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [m for line in lines for m in line["entity_mentions"]], result.losses


@pytest.mark.parametrize(
    ("name", "value", "written"),
    [
        ("Mention", "NAM", "NAM"),
        ("MentionType", "Nominal", "NOM"),
        ("mention_type", "pronoun", "PRO"),
        ("Type", "Name", "NAM"),
    ],
)
def test_oneie_writes_a_mention_type_attribute(
    tmp_path: Path, name: str, value: str, written: str
) -> None:
    record = DocumentRecord(
        text=TEXT,
        uid="d1",
        spans=[SpanRecord("T1", 0, 5, "PER"), SpanRecord("T2", 39, 41, "PER")],
        attributes=[
            AttributeRecord("A1", name, "T1", value),
            AttributeRecord("A2", "Subtype", "T1", "Individual"),
        ],
    )
    mentions, losses = _mentions(tmp_path, record)
    assert [(m["text"], m["mention_type"], m["entity_subtype"]) for m in mentions] == [
        ("Obama", written, "Individual"),
        ("He", "UNK", None),
    ]
    assert not losses


def test_oneie_counts_attributes_it_has_no_field_for(tmp_path: Path) -> None:
    record = DocumentRecord(
        text=TEXT,
        uid="d1",
        spans=[SpanRecord("T1", 0, 5, "PER"), SpanRecord("T2", 6, 13, "Movement:Transport")],
        attributes=[
            AttributeRecord("A1", "Mention", "T1", "Description"),  # not NAM, NOM or PRO
            AttributeRecord("A2", "Mention", "T2", "NAM"),  # a trigger, not an entity mention
            AttributeRecord("A3", "Generic", "T1"),
        ],
    )
    mentions, losses = _mentions(tmp_path, record)
    assert [m["mention_type"] for m in mentions] == ["UNK"]
    assert losses.counts[oneie.MENTION_VALUE] == 1
    assert losses.counts[oneie.ATTRIBUTES] == 2
    assert any("Mention=Description" in line for line in losses.lines())
