"""OneIE export: sentence lines with token offsets, and what OneIE cannot hold, counted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.io import formats
from annotator.core.io.base import ExportOptions
from annotator.core.io.oneie import NO_EVENT
from annotator.core.model import schemas
from annotator.core.model.records import (
    ArgumentRecord,
    DocumentRecord,
    EventRecord,
    RelationRecord,
    SpanRecord,
)
from annotator.core.project import Project

TEXT = (
    "Police arrested Ali Hassan in Cairo on Monday. "
    "The University of Kharkiv said troops attacked Aleppo. "
    "He later died."
)
RULES = ExportOptions(tokenizer="rules")


def span(uid: str, fragment: str, label: str, text: str = TEXT) -> SpanRecord:
    start = text.index(fragment)
    return SpanRecord(uid, start, start + len(fragment), label)


def record(uid: str = "cairo-1", text: str = TEXT) -> DocumentRecord:
    return DocumentRecord(
        text=text,
        uid=uid,
        spans=[
            span("T0", "Police", "ORG", text),
            span("T1", "arrested", "Justice:Arrest-Jail", text),
            span("T2", "Ali Hassan", "PER", text),
            span("T3", "Cairo", "GPE", text),
            span("T4", "Monday", "DATE", text),
            span("T5", "University of Kharkiv", "ORG", text),
            span("T6", "Kharkiv", "GPE", text),  # nested in T5
            span("T7", "troops", "PER", text),
            span("T8", "attacked", "Conflict:Attack", text),
            span("T9", "Aleppo", "GPE", text),
            span("T10", "died", "Life:Die", text),
            span("T11", "He", "PER", text),
            span("T12", "said", "Contact:Meet", text),  # an event type, but no event
        ],
        events=[
            EventRecord(
                "E1",
                "T1",
                [
                    ArgumentRecord("Person", "T2"),
                    ArgumentRecord("Place", "T3"),
                    ArgumentRecord("Time", "T4"),
                ],
            ),
            EventRecord(
                "E2",
                "T8",
                [
                    ArgumentRecord("Attacker", "T7"),
                    ArgumentRecord("Target", "T9"),
                    ArgumentRecord("Place", "T3"),  # in the first sentence: cross-sentence
                ],
            ),
            EventRecord(
                "E3",
                "T10",
                [ArgumentRecord("Victim", "T11"), ArgumentRecord("Cause", "E2")],  # an event
            ),
        ],
        relations=[
            RelationRecord("R1", "PHYS:Located", "T2", "T3"),
            RelationRecord("R2", "ORG-AFF:Employment", "T7", "T5"),
            RelationRecord("R3", "PHYS:Located", "T11", "T9"),  # cross-sentence
        ],
    )


@pytest.fixture
def project() -> Project:
    found = Project.in_memory(schemas.load("news"))
    found.import_records([record()])
    return found


def export(project: Project, target: Path, options: ExportOptions = RULES) -> Any:
    return formats.export_project(project, "oneie", target, options)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def covered(sentence: dict[str, Any], start: int, end: int) -> str:
    return " ".join(sentence["tokens"][start:end])


def test_one_line_per_sentence_with_tokens(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    export(project, target)
    found = lines(target)
    assert [s["sent_id"] for s in found] == ["cairo-1-0", "cairo-1-1", "cairo-1-2"]
    assert {s["doc_id"] for s in found} == {"cairo-1"}
    assert found[0]["sentence"] == "Police arrested Ali Hassan in Cairo on Monday."
    assert found[0]["tokens"] == [
        *("Police", "arrested", "Ali", "Hassan", "in", "Cairo", "on", "Monday", "."),
    ]
    assert found[2]["tokens"] == ["He", "later", "died", "."]


def test_events_and_relations_have_the_right_offsets(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    export(project, target)
    first, second, third = lines(target)

    (arrest,) = first["event_mentions"]
    assert arrest["id"] == "cairo-1-E1"
    assert arrest["event_type"] == "Justice:Arrest-Jail"
    assert arrest["trigger"] == {"text": "arrested", "start": 1, "end": 2}
    assert [(a["role"], a["text"]) for a in arrest["arguments"]] == [
        ("Person", "Ali Hassan"),
        ("Place", "Cairo"),
        ("Time", "Monday"),
    ]
    (located,) = first["relation_mentions"]
    assert located["relation_type"] == "PHYS"
    assert located["relation_subtype"] == "PHYS:Located"
    assert [(a["role"], a["text"]) for a in located["arguments"]] == [
        ("Arg-1", "Ali Hassan"),
        ("Arg-2", "Cairo"),
    ]

    (attack,) = second["event_mentions"]
    assert attack["trigger"] == {"text": "attacked", "start": 6, "end": 7}
    assert [(a["role"], a["text"]) for a in attack["arguments"]] == [
        ("Attacker", "troops"),
        ("Target", "Aleppo"),
    ]
    (employment,) = second["relation_mentions"]
    assert employment["relation_type"] == "ORG-AFF"
    assert [a["text"] for a in employment["arguments"]] == ["troops", "University of Kharkiv"]

    (death,) = third["event_mentions"]
    assert death["trigger"] == {"text": "died", "start": 2, "end": 3}
    assert [(a["role"], a["text"]) for a in death["arguments"]] == [("Victim", "He")]
    assert third["relation_mentions"] == []

    # every mention's token range covers exactly its text
    for sentence in (first, second, third):
        mentions = {e["id"]: e for e in sentence["entity_mentions"]}
        for entity in mentions.values():
            assert covered(sentence, entity["start"], entity["end"]) == entity["text"]
        for event in sentence["event_mentions"]:
            trigger = event["trigger"]
            assert covered(sentence, trigger["start"], trigger["end"]) == trigger["text"]
            for argument in event["arguments"]:
                assert mentions[argument["entity_id"]]["text"] == argument["text"]
        for relation in sentence["relation_mentions"]:
            for argument in relation["arguments"]:
                assert mentions[argument["entity_id"]]["text"] == argument["text"]


def test_entity_mentions(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    export(project, target)
    first, second, _third = lines(target)
    assert [
        (e["text"], e["entity_type"], e["start"], e["end"]) for e in first["entity_mentions"]
    ] == [
        ("Police", "ORG", 0, 1),
        ("Ali Hassan", "PER", 2, 4),
        ("Cairo", "GPE", 5, 6),
        ("Monday", "DATE", 7, 8),
    ]
    entity = first["entity_mentions"][1]
    assert entity["id"] == "cairo-1-T2"
    assert entity["mention_type"] == "UNK"
    assert "entity_subtype" in entity
    # triggers are not entity mentions; the nested GPE is one
    texts = [e["text"] for e in second["entity_mentions"]]
    assert texts == ["University of Kharkiv", "Kharkiv", "troops", "Aleppo"]


def test_losses_are_counted_and_named(project: Project, tmp_path: Path) -> None:
    result = export(project, tmp_path / "out.json")
    counts = result.losses.counts
    assert counts["event-arguments"] == 1
    assert counts["cross-sentence"] == 2  # E2's Place, R3
    assert counts[NO_EVENT] == 1
    assert sum(counts.values()) == 4
    examples = result.losses.examples
    assert "E2" in examples["event-arguments"][0] and "'died'" in examples["event-arguments"][0]
    assert any("'Cairo'" in e for e in examples["cross-sentence"])
    assert any("'He'" in e for e in examples["cross-sentence"])
    assert "'said'" in examples[NO_EVENT][0]
    summary = "\n".join(result.lines())
    assert "event argument(s) the format cannot hold" in summary
    assert "cross a sentence boundary" in summary


def test_overlapping_mentions_are_written_and_noted(project: Project, tmp_path: Path) -> None:
    result = export(project, tmp_path / "out.json")
    notes = "\n".join(result.notes)
    assert "1 entity mention(s) overlap an earlier one" in notes
    assert "'Kharkiv'" in notes
    assert "no pieces/token_lens" in notes
    assert "overlapping" not in result.losses.counts


def test_argument_spans_are_mentions_whatever_their_label(tmp_path: Path) -> None:
    text = "Rebels attacked after the bombing."
    project = Project.in_memory(schemas.load("news"))
    project.import_records(
        [
            DocumentRecord(
                text=text,
                uid="d",
                spans=[
                    span("T1", "attacked", "Conflict:Attack", text),
                    span("T2", "bombing", "Conflict:Attack", text),
                    span("T3", "Rebels", "PER", text),
                ],
                events=[
                    # a trigger span (not its event) may fill a role
                    EventRecord(
                        "E1", "T1", [ArgumentRecord("Attacker", "T3"), ArgumentRecord("Time", "T2")]
                    ),
                    EventRecord("E2", "T2"),
                ],
            )
        ]
    )
    target = tmp_path / "out.json"
    result = export(project, target)
    (sentence,) = lines(target)
    assert [e["text"] for e in sentence["entity_mentions"]] == ["Rebels", "bombing"]
    assert sentence["entity_mentions"][1]["entity_type"] == "Conflict:Attack"
    assert [e["id"] for e in sentence["event_mentions"]] == ["d-E1", "d-E2"]
    assert not result.losses


def test_fields_oneie_s_loader_reads(project: Project, tmp_path: Path) -> None:
    """Mirror what OneIE's IEDataset (data.py) touches, short of word pieces."""
    target = tmp_path / "out.json"
    export(project, target)
    for line in target.read_text(encoding="utf-8").split("\n")[:-1]:
        inst = json.loads(line)
        tokens = inst["tokens"]
        assert isinstance(inst["sent_id"], str) and tokens and all(tokens)
        entities = inst["entity_mentions"]
        entity_idxs = {entity["id"]: i for i, entity in enumerate(entities)}
        assert len(entity_idxs) == len(entities)
        for entity in entities:
            assert 0 <= entity["start"] < entity["end"] <= len(tokens)
            assert isinstance(entity["entity_type"], str)
            assert entity["mention_type"] in {"NAM", "NOM", "PRO", "UNK"}
        for event in inst["event_mentions"]:
            trigger = event["trigger"]
            assert 0 <= trigger["start"] < trigger["end"] <= len(tokens)
            assert isinstance(event["event_type"], str)
            for argument in event["arguments"]:
                assert argument["entity_id"] in entity_idxs
                assert isinstance(argument["role"], str)
        for relation in inst["relation_mentions"]:
            assert isinstance(relation["relation_type"], str)
            roles = [argument["role"] for argument in relation["arguments"]]
            assert roles == ["Arg-1", "Arg-2"]
            for argument in relation["arguments"]:
                assert argument["entity_id"] in entity_idxs


def test_split_writes_train_dev_test(tmp_path: Path) -> None:
    project = Project.in_memory(schemas.load("news"))
    # distinct texts: the project skips re-imports of the same article
    project.import_records([record(f"doc-{i}", f"{TEXT} Item {i}.") for i in range(10)])
    target = tmp_path / "oneie"
    options = ExportOptions(tokenizer="rules", split=(80, 10, 10))
    result = formats.export_project(project, "oneie", target, options)
    assert result.parts == {"train": 8, "dev": 1, "test": 1}
    docs = {
        name: {s["doc_id"] for s in lines(target / f"{name}.json")}
        for name in ("train", "dev", "test")
    }
    assert [len(docs[name]) for name in ("train", "dev", "test")] == [8, 1, 1]
    assert result.losses.counts["cross-sentence"] == 20


def test_default_tokenizer_keeps_spans_on_token_edges(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = export(project, target, ExportOptions())
    assert any(note.startswith("tokens and sentences:") for note in result.notes)
    for sentence in lines(target):
        text = sentence["sentence"]
        for entity in sentence["entity_mentions"]:
            assert entity["text"] in text
            assert "".join(sentence["tokens"][entity["start"] : entity["end"]]) == entity[
                "text"
            ].replace(" ", "")
