"""Schema checks (annotator.core.validation) and the export/stats options built on them."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.core.editing import edits
from annotator.core.io import jsonl
from annotator.core.model import (
    Annotations,
    Attribute,
    Chain,
    Event,
    Relation,
    Schema,
    Span,
    Status,
    Target,
    TargetKind,
    schemas,
)
from annotator.core.model.records import (
    ArgumentRecord,
    AttributeRecord,
    DocumentRecord,
    EventRecord,
    RelationRecord,
    SpanRecord,
)
from annotator.core.model.validation import (
    KINDS,
    Violation,
    check_document,
    check_project,
    documents_with_violations,
    quote,
)
from annotator.core.project import Project

PALMYRA = "The Syrian Army evacuated Palmyra on Sunday."

# A small schema exercising every cardinality form, event fillers and relation ends.
TEST_SCHEMA: dict[str, Any] = {
    "name": "Test",
    "entities": [{"name": "PER"}, {"name": "ORG"}, {"name": "GPE"}],
    "events": [
        {
            "name": "Meet",
            "roles": [
                {"name": "Entity", "cardinality": "{2}", "fillers": ["PER", "ORG"]},
                {"name": "Place", "cardinality": "?", "fillers": ["GPE"]},
                {"name": "Witness", "cardinality": "+"},
                {"name": "Topic", "cardinality": "{1-2}", "fillers": []},
            ],
        },
        {"name": "Attack", "roles": [{"name": "Attacker", "cardinality": "*"}]},
        {
            "name": "Die",
            "roles": [
                {"name": "Victim", "cardinality": "*", "fillers": ["PER"]},
                {"name": "Cause", "cardinality": "*", "fillers": ["Attack"]},
            ],
        },
        {"name": "Happen"},  # no roles: any role goes
    ],
    "relations": [
        {"name": "Located", "heads": ["PER", "ORG"], "tails": ["GPE"]},
        {"name": "Related"},
    ],
}


def news() -> Schema:
    return schemas.load("news")


def small() -> Schema:
    return schemas.parse(TEST_SCHEMA)


def spans_of(text: str, *items: tuple[str, str, str]) -> list[SpanRecord]:
    """Spans ("T1", "Palmyra", "GPE"), each at the first occurrence of its text."""
    out = []
    for uid, fragment, label in items:
        start = text.index(fragment)
        out.append(SpanRecord(uid, start, start + len(fragment), label))
    return out


def args(*pairs: tuple[str, str]) -> list[ArgumentRecord]:
    return [ArgumentRecord(role, ref) for role, ref in pairs]


def project_with(schema: Schema, *records: DocumentRecord) -> tuple[Project, list[int]]:
    project = Project.in_memory(schema)
    report = project.import_records(list(records))
    assert report.new_labels in (None, []), report.new_labels
    return project, list(report.document_ids or [])


def check(project: Project, document_id: int, schema: Schema | None = None) -> list[Violation]:
    document = project.document(document_id)
    return check_document(
        schema or project.schema, document.text, project.annotations(document_id), document_id
    )


def kinds(violations: list[Violation]) -> list[str]:
    return [v.kind for v in violations]


def messages(violations: list[Violation]) -> list[str]:
    return [v.message for v in violations]


def palmyra(arguments: list[ArgumentRecord], **kw: Any) -> DocumentRecord:
    return DocumentRecord(
        PALMYRA,
        spans=spans_of(
            PALMYRA,
            ("T1", "Syrian Army", "ORG"),
            ("T2", "evacuated", "Movement:Transport"),
            ("T3", "Palmyra", "GPE"),
            ("T4", "Sunday", "DATE"),
        ),
        events=[EventRecord("E1", "T2", arguments)],
        **kw,
    )


# -- the valid ACE-style document ------------------------------------------------------


def test_valid_ace_document_has_no_violations() -> None:
    record = palmyra(args(("Artifact", "T1"), ("Origin", "T3"), ("Time", "T4")))
    record.relations = [RelationRecord("R1", "PHYS:Located", "T1", "T3")]
    project, (doc,) = project_with(news(), record)
    assert check(project, doc) == []
    assert check_project(project) == {}
    assert documents_with_violations(project) == set()


def test_a_document_without_annotations_is_valid() -> None:
    project, (doc,) = project_with(news(), DocumentRecord("Nothing annotated here."))
    assert check(project, doc) == []


# -- each kind, with its message -------------------------------------------------------


def test_wrong_filler_names_the_span_its_label_and_the_allowed_labels() -> None:
    project, (doc,) = project_with(news(), palmyra(args(("Artifact", "T3"), ("Origin", "T1"))))
    found = check(project, doc)
    assert kinds(found) == ["wrong-filler", "wrong-filler"]
    assert messages(found) == [
        'E1 Movement:Transport: Artifact "Palmyra" is GPE; allowed: PER, ORG',
        'E1 Movement:Transport: Origin "Syrian Army" is ORG; allowed: GPE, LOC',
    ]
    event_id = project.annotations(doc).events[0].id
    spans = {s.uid: s.id for s in project.annotations(doc).spans}
    assert found[0] == Violation(
        doc, "wrong-filler", found[0].message, span_id=spans["T3"], event_id=event_id
    )
    assert found[1].span_id == spans["T1"]


def test_missing_role_counts_what_is_there() -> None:
    text = "Putin met Assad."
    record = DocumentRecord(
        text,
        spans=spans_of(text, ("T1", "met", "Contact:Meet")),
        events=[EventRecord("E1", "T1")],
    )
    project, (doc,) = project_with(news(), record)
    (violation,) = check(project, doc)
    assert violation.kind == "missing-role"
    assert violation.message == "E1 Contact:Meet: missing Entity (needs at least 1, has 0)"
    annotations = project.annotations(doc)
    assert violation.event_id == annotations.events[0].id
    assert violation.span_id == annotations.spans[0].id  # the trigger


def test_missing_role_with_an_exact_count_says_needs_n() -> None:
    schema = schemas.parse(
        {
            "name": "One",
            "entities": [{"name": "ORG"}],
            "events": [
                {
                    "name": "Movement:Transport",
                    "roles": [{"name": "Artifact", "cardinality": "1", "fillers": ["ORG"]}],
                }
            ],
        }
    )
    text = "They evacuated. Then they evacuated again."
    start = text.rindex("evacuated")
    record = DocumentRecord(
        text,
        spans=[
            SpanRecord("T1", 5, 14, "Movement:Transport"),
            SpanRecord("T2", start, start + 9, "Movement:Transport"),
        ],
        events=[EventRecord("E1", "T1", []), EventRecord("E2", "T2", [])],
    )
    project, (doc,) = project_with(schema, record)
    assert messages(check(project, doc)) == [
        "E1 Movement:Transport: missing Artifact (needs 1, has 0)",
        "E2 Movement:Transport: missing Artifact (needs 1, has 0)",
    ]


def test_unknown_role_only_when_the_event_type_declares_roles() -> None:
    text = "Rebels attacked and something happened."
    record = DocumentRecord(
        text,
        spans=spans_of(
            text,
            ("T1", "Rebels", "ORG"),
            ("T2", "attacked", "Attack"),
            ("T3", "happened", "Happen"),
        ),
        events=[
            EventRecord("E1", "T2", args(("Weapon", "T1"))),
            EventRecord("E2", "T3", args(("Whatever", "T1"), ("Cause", "E1"))),
        ],
    )
    project, (doc,) = project_with(small(), record)
    (violation,) = check(project, doc)
    assert violation.kind == "unknown-role"
    assert violation.message == 'E1 Attack: unknown role Weapon for "Rebels"; roles: Attacker'
    assert violation.span_id == project.annotations(doc).spans[0].id


def test_relation_head_and_tail() -> None:
    text = "Palmyra is in Syria, says Assad."
    record = DocumentRecord(
        text,
        spans=spans_of(
            text, ("T1", "Palmyra", "GPE"), ("T2", "Syria", "GPE"), ("T3", "Assad", "PER")
        ),
        relations=[
            RelationRecord("R1", "PHYS:Located", "T1", "T2"),  # head GPE: not PER/ORG
            RelationRecord("R2", "ORG-AFF:Employment", "T1", "T3"),  # head GPE, tail PER
            RelationRecord("R3", "PART-WHOLE:Geographical", "T1", "T2"),  # fine
        ],
    )
    project, (doc,) = project_with(news(), record)
    found = check(project, doc)
    assert kinds(found) == ["relation-head", "relation-head", "relation-tail"]
    assert messages(found) == [
        'R1 PHYS:Located: head "Palmyra" is GPE; allowed: PER, ORG',
        'R2 ORG-AFF:Employment: head "Palmyra" is GPE; allowed: PER',
        'R2 ORG-AFF:Employment: tail "Assad" is PER; allowed: ORG, GPE',
    ]
    relations = {r.uid: r.id for r in project.annotations(doc).relations}
    spans = {s.uid: s.id for s in project.annotations(doc).spans}
    assert [(v.relation_id, v.span_id) for v in found] == [
        (relations["R1"], spans["T1"]),
        (relations["R2"], spans["T1"]),
        (relations["R2"], spans["T3"]),
    ]


def test_relation_type_without_heads_or_tails_allows_anything() -> None:
    text = "Assad and Syria."
    record = DocumentRecord(
        text,
        spans=spans_of(text, ("T1", "Assad", "PER"), ("T2", "Syria", "GPE")),
        relations=[RelationRecord("R1", "Related", "T2", "T1")],
    )
    project, (doc,) = project_with(small(), record)
    assert check(project, doc) == []


def test_no_event_for_a_trigger_left_without_its_event() -> None:
    project, (doc,) = project_with(news(), DocumentRecord(PALMYRA))
    start = PALMYRA.index("evacuated")
    add = edits.AddSpan(doc, start, start + 9, "Movement:Transport")
    project.apply(add)  # never refused: the checks only report
    (violation,) = check(project, doc)
    assert violation == Violation(
        doc,
        "no-event",
        'T1 "evacuated": Movement:Transport trigger without an event',
        span_id=add.span_id,
    )
    project.apply(edits.AddEvent(add.span_id))  # type: ignore[arg-type]
    assert check(project, doc) == []


def test_unknown_labels_against_a_schema_that_lacks_them() -> None:
    """A project always knows its labels (an import adds missing ones), so check_document
    against another schema, as a tool would to compare a project with a schema file."""
    record = palmyra(args(("Artifact", "T1"), ("Origin", "T3")))
    record.relations = [RelationRecord("R1", "PHYS:Located", "T1", "T3")]
    project, (doc,) = project_with(news(), record)
    narrow = schemas.parse(
        {
            "name": "Narrow",
            "entities": [{"name": "ORG"}, {"name": "DATE"}],
            "events": [{"name": "Movement:Transport"}],
        }
    )
    found = check(project, doc, narrow)
    assert [(v.kind, v.message) for v in found] == [
        ("unknown-label", "R1: unknown relation type PHYS:Located"),
        ("unknown-label", 'T3 "Palmyra": unknown label GPE'),
    ]
    assert found[0].relation_id == project.annotations(doc).relations[0].id
    assert found[1].span_id == project.annotations(doc).spans[2].id


def test_labels_of_the_wrong_kind_are_unknown() -> None:
    record = palmyra([])
    record.relations = [RelationRecord("R1", "PHYS:Located", "T1", "T3")]
    project, (doc,) = project_with(news(), record)
    swapped = schemas.parse(
        {
            "name": "Swapped",
            "entities": [
                {"name": "ORG"},
                {"name": "DATE"},
                {"name": "Movement:Transport"},  # an entity label here
                {"name": "PHYS:Located"},
            ],
            "events": [{"name": "Conflict:Attack"}],
            "relations": [{"name": "GPE"}],
        }
    )
    found = check(project, doc, swapped)
    assert [(v.kind, v.message) for v in found] == [
        ("unknown-label", "R1: PHYS:Located is not a relation type"),
        ("unknown-label", "E1 Movement:Transport: Movement:Transport is not an event type"),
        ("unknown-label", 'T3 "Palmyra": GPE is a relation type, not a span label'),
    ]


def test_duplicate_span() -> None:
    text = "Palmyra fell."
    record = DocumentRecord(
        text,
        spans=[
            SpanRecord("T1", 0, 7, "GPE"),
            SpanRecord("T2", 0, 7, "LOC"),  # same offsets, other label: fine
            SpanRecord("T3", 0, 7, "GPE"),
        ],
    )
    project, (doc,) = project_with(news(), record)
    (violation,) = check(project, doc)
    assert violation.kind == "duplicate-span"
    assert violation.message == 'T3 "Palmyra": same offsets and label as T1'
    assert violation.span_id == project.annotations(doc).spans[2].id


def test_every_kind_is_listed() -> None:
    assert set(KINDS) == {
        "missing-role",
        "too-many",
        "unknown-role",
        "wrong-filler",
        "relation-head",
        "relation-tail",
        "unknown-label",
        "no-event",
        "duplicate-span",
        "fragments",
        "unknown-attribute",
        "attribute-value",
        "attribute-target",
        "short-chain",
    }


# -- cardinality boundaries -------------------------------------------------------------

MEET_TEXT = "Putin and Assad and Erdogan met Xi in Moscow and Sochi about gas and oil."


def meet(entity: int, place: int, witness: int, topic: int) -> DocumentRecord:
    """A Meet event with the given number of arguments in each role."""
    text = MEET_TEXT
    spans = spans_of(
        text,
        ("T1", "met", "Meet"),
        ("T2", "Putin", "PER"),
        ("T3", "Assad", "PER"),
        ("T4", "Erdogan", "PER"),
        ("T5", "Moscow", "GPE"),
        ("T6", "Sochi", "GPE"),
        ("T7", "Xi", "PER"),
        ("T8", "gas", "ORG"),
        ("T9", "oil", "ORG"),
    )
    arguments = (
        args(*[("Entity", uid) for uid in ("T2", "T3", "T4")[:entity]])
        + args(*[("Place", uid) for uid in ("T5", "T6")[:place]])
        + args(*[("Witness", uid) for uid in ("T7", "T5")[:witness]])
        + args(*[("Topic", uid) for uid in ("T8", "T9", "T2")[:topic]])
    )
    return DocumentRecord(text, spans=spans, events=[EventRecord("E1", "T1", arguments)])


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((2, 0, 1, 1), []),
        ((2, 1, 2, 2), []),
        ((1, 0, 1, 1), ["E1 Meet: missing Entity (needs 2, has 1)"]),
        ((0, 0, 1, 1), ["E1 Meet: missing Entity (needs 2, has 0)"]),
        ((3, 0, 1, 1), ["E1 Meet: too many Entity (at most 2, has 3)"]),
        ((2, 2, 1, 1), ["E1 Meet: too many Place (at most 1, has 2)"]),
        ((2, 0, 0, 1), ["E1 Meet: missing Witness (needs at least 1, has 0)"]),
        ((2, 0, 1, 0), ["E1 Meet: missing Topic (needs at least 1, has 0)"]),
        ((2, 0, 1, 3), ["E1 Meet: too many Topic (at most 2, has 3)"]),
        (
            (3, 2, 0, 0),
            [
                "E1 Meet: too many Entity (at most 2, has 3)",
                "E1 Meet: too many Place (at most 1, has 2)",
                "E1 Meet: missing Witness (needs at least 1, has 0)",
                "E1 Meet: missing Topic (needs at least 1, has 0)",
            ],
        ),
    ],
)
def test_cardinality_boundaries(counts: tuple[int, int, int, int], expected: list[str]) -> None:
    project, (doc,) = project_with(small(), meet(*counts))
    found = check(project, doc)
    assert messages(found) == expected
    assert all(v.kind in ("missing-role", "too-many") for v in found)


def test_plus_role_accepts_any_filler_and_many_arguments() -> None:
    record = meet(2, 0, 2, 1)  # Witness: a PER and a GPE, no fillers restriction
    project, (doc,) = project_with(small(), record)
    assert check(project, doc) == []


def test_count_includes_arguments_with_the_wrong_filler() -> None:
    record = meet(2, 0, 1, 1)
    record.events[0].arguments.append(ArgumentRecord("Entity", "T5"))  # a GPE: 3 Entity
    project, (doc,) = project_with(small(), record)
    assert messages(check(project, doc)) == [
        "E1 Meet: too many Entity (at most 2, has 3)",
        'E1 Meet: Entity "Moscow" is GPE; allowed: PER, ORG',
    ]


# -- events as arguments ---------------------------------------------------------------

DIE_TEXT = "Rebels attacked the town and met there; two people died."


def die(cause: str, victim: str | None = None) -> DocumentRecord:
    text = DIE_TEXT
    arguments = args(("Cause", cause))
    if victim is not None:
        arguments += args(("Victim", victim))
    return DocumentRecord(
        text,
        spans=spans_of(
            text,
            ("T1", "attacked", "Attack"),
            ("T2", "met", "Meet"),
            ("T3", "died", "Die"),
            ("T4", "two people", "PER"),
        ),
        events=[
            EventRecord("E1", "T1"),
            EventRecord(
                "E2",
                "T2",
                args(("Entity", "T4"), ("Entity", "T4"), ("Witness", "T4"), ("Topic", "T4")),
            ),
            EventRecord("E3", "T3", arguments),
        ],
    )


def test_an_event_argument_of_an_allowed_type_is_fine() -> None:
    project, (doc,) = project_with(small(), die("E1", victim="T4"))
    assert check(project, doc) == []


def test_an_event_argument_of_another_type_is_a_wrong_filler() -> None:
    project, (doc,) = project_with(small(), die("E2"))
    (violation,) = check(project, doc)
    assert violation.kind == "wrong-filler"
    assert violation.message == 'E3 Die: Cause E2 "met" is Meet; allowed: Attack'
    events = {e.uid: e.id for e in project.annotations(doc).events}
    assert violation.event_id == events["E3"]
    assert violation.span_id is None  # the filler is an event, not a span


def test_an_event_in_a_role_for_entities_is_a_wrong_filler() -> None:
    project, (doc,) = project_with(small(), die("E1", victim="E1"))
    assert messages(check(project, doc)) == ['E3 Die: Victim E1 "attacked" is Attack; allowed: PER']


def test_a_span_in_a_role_for_events_is_a_wrong_filler() -> None:
    project, (doc,) = project_with(small(), die("T4"))
    assert messages(check(project, doc)) == ['E3 Die: Cause "two people" is PER; allowed: Attack']


def test_the_trigger_span_of_an_event_may_fill_an_event_type_role() -> None:
    """Fillers are label names: a trigger span with an allowed event type fills the role."""
    project, (doc,) = project_with(small(), die("T1"))
    assert check(project, doc) == []


# -- order, quoting, edits -------------------------------------------------------------


def test_violations_are_ordered_by_position_in_the_text() -> None:
    text = "Palmyra fell. Rebels attacked. Assad in Syria. They evacuated."
    record = DocumentRecord(
        text,
        spans=spans_of(
            text,
            ("T9", "evacuated", "Movement:Transport"),  # no event: last in the text
            ("T1", "Palmyra", "GPE"),
            ("T2", "attacked", "Conflict:Attack"),
            ("T3", "Assad", "PER"),
            ("T4", "Syria", "GPE"),
            ("T5", "Rebels", "ORG"),
        ),
        events=[EventRecord("E1", "T2", args(("Weapon", "T5"), ("Place", "T3")))],
        relations=[RelationRecord("R1", "PHYS:Located", "T4", "T1")],  # GPE head, at Palmyra
    )
    project, (doc,) = project_with(news(), record)
    found = check(project, doc)
    assert kinds(found) == ["relation-head", "unknown-role", "wrong-filler", "no-event"]
    assert messages(found)[0] == 'R1 PHYS:Located: head "Syria" is GPE; allowed: PER, ORG'
    assert messages(found)[2] == 'E1 Conflict:Attack: Place "Assad" is PER; allowed: GPE, LOC'
    assert all(v.document_id == doc for v in found)


def test_span_text_is_flattened_and_shortened_to_40_characters() -> None:
    assert quote("Palmyra") == '"Palmyra"'
    assert quote("the\nSyrian   Army") == '"the Syrian Army"'
    long = "The Syrian Arab Army and its allied militias of the National Defence Forces"
    shown = quote(long)
    assert len(shown) == 40 + 2 and shown.endswith('…"')
    assert shown.startswith('"The Syrian Arab Army and its allied')
    text = long + " evacuated."
    record = DocumentRecord(
        text,
        spans=spans_of(text, ("T1", long, "GPE"), ("T2", "evacuated", "Movement:Transport")),
        events=[EventRecord("E1", "T2", args(("Artifact", "T1")))],
    )
    project, (doc,) = project_with(news(), record)
    (violation,) = check(project, doc)
    assert violation.message == f"E1 Movement:Transport: Artifact {shown} is GPE; allowed: PER, ORG"


def test_edits_are_never_refused_and_fixing_them_clears_the_violations() -> None:
    project, (doc,) = project_with(news(), DocumentRecord(PALMYRA))
    annotations = project.annotations(doc)
    assert annotations.spans == ()
    start = PALMYRA.index("evacuated")
    create = edits.CreateEvent(doc, start, start + 9, "Movement:Transport")
    project.apply(create)
    palmyra_at = PALMYRA.index("Palmyra")
    gpe = edits.AddSpan(doc, palmyra_at, palmyra_at + 7, "GPE")
    project.apply(gpe)
    assert create.event_id is not None and gpe.span_id is not None
    wrong = edits.AddArgument(create.event_id, "Artifact", span_id=gpe.span_id)
    project.apply(wrong)
    assert kinds(check(project, doc)) == ["wrong-filler"]
    assert wrong.argument_id is not None
    project.apply(edits.SetArgumentRole(wrong.argument_id, "Origin"))
    assert check(project, doc) == []
    project.apply(edits.SetArgumentRole(wrong.argument_id, "Source"))
    assert messages(check(project, doc)) == [
        'E1 Movement:Transport: unknown role Source for "Palmyra"; '
        "roles: Agent, Artifact, Origin, Destination, Time"
    ]


# -- whole projects --------------------------------------------------------------------


def three_documents() -> list[DocumentRecord]:
    valid = palmyra(args(("Artifact", "T1"), ("Origin", "T3")), uid="valid", status=Status.DONE)
    wrong = palmyra(args(("Artifact", "T3")), uid="wrong", status=Status.DONE)
    wrong.text = PALMYRA.replace("Sunday", "Monday")
    wrong.spans = spans_of(
        wrong.text,
        ("T1", "Syrian Army", "ORG"),
        ("T2", "evacuated", "Movement:Transport"),
        ("T3", "Palmyra", "GPE"),
    )
    text = "Putin met Assad."
    lonely = DocumentRecord(
        text,
        uid="lonely",
        spans=spans_of(text, ("T1", "met", "Contact:Meet")),
        events=[EventRecord("E1", "T1")],
    )
    return [valid, wrong, lonely]


def test_check_project_maps_documents_to_their_violations() -> None:
    project, ids = project_with(news(), *three_documents())
    found = check_project(project)
    assert list(found) == ids[1:]
    assert kinds(found[ids[1]]) == ["wrong-filler"]
    assert kinds(found[ids[2]]) == ["missing-role"]
    assert documents_with_violations(project) == set(ids[1:])
    assert documents_with_violations(project, [Status.DONE]) == {ids[1]}


def test_check_project_pages_through_many_documents() -> None:
    records = [
        DocumentRecord(
            f"Document {i} met.",
            spans=[
                SpanRecord("T1", len(f"Document {i} "), len(f"Document {i} met"), "Contact:Meet")
            ]
            if i % 7 == 0
            else [],
        )
        for i in range(1201)
    ]
    project, ids = project_with(news(), *records)
    assert documents_with_violations(project) == {ids[i] for i in range(0, 1201, 7)}


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("include", ["valid", "wrong", "lonely"]), ("skip", ["valid"]), ("only", ["wrong", "lonely"])],
)
def test_export_project_selects_by_violations(mode: str, expected: list[str]) -> None:
    project, _ = project_with(news(), *three_documents())
    out = io.StringIO()
    progress: list[tuple[int, int]] = []
    count = jsonl.export_project(
        project, out, progress=lambda done, total: progress.append((done, total)), violations=mode
    )
    assert count == len(expected)
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == expected
    assert progress[-1] == (3, 3)


def test_export_project_refuses_an_unknown_mode() -> None:
    project, _ = project_with(news(), *three_documents())
    with pytest.raises(ValueError, match="include, skip, only"):
        jsonl.export_project(project, io.StringIO(), violations="all")


# -- the command line ------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out, err


@pytest.fixture
def cli_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    monkeypatch.chdir(tmp_path)
    run(capsys, "new", "p")
    lines = [jsonl.dumps(_record_object(record)) for record in three_documents()]
    (tmp_path / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run(capsys, "import", "p", "docs.jsonl")
    return "p"


def _record_object(record: DocumentRecord) -> dict[str, Any]:
    return {
        "id": record.uid,
        "text": record.text,
        "status": str(record.status),
        "spans": [
            {"id": s.uid, "start": s.start, "end": s.end, "label": s.label} for s in record.spans
        ],
        "events": [
            {
                "id": e.uid,
                "trigger": e.trigger,
                "arguments": [{"role": a.role, "ref": a.ref} for a in e.arguments],
            }
            for e in record.events
        ],
    }


def exported_ids(out: str) -> list[str]:
    return [json.loads(line)["id"] for line in out.splitlines()]


def test_cli_export_includes_everything_by_default(
    cli_project: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out, err = run(capsys, "export", cli_project)
    assert exported_ids(out) == ["valid", "wrong", "lonely"]
    assert err == ""
    out, err = run(capsys, "export", cli_project, "--violations", "include")
    assert exported_ids(out) == ["valid", "wrong", "lonely"]
    assert err == ""


def test_cli_export_skip_reports_how_many_were_skipped(
    cli_project: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out, err = run(capsys, "export", cli_project, "--violations", "skip")
    assert exported_ids(out) == ["valid"]
    assert err == "skipped 2 document(s) with schema warnings\n"
    out, err = run(capsys, "export", cli_project, "--violations", "skip", "--status", "done")
    assert exported_ids(out) == ["valid"]
    assert err == "skipped 1 document(s) with schema warnings\n"


def test_cli_export_skip_to_a_file(
    cli_project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, err = run(capsys, "export", cli_project, "--violations", "skip", "-o", "clean.jsonl")
    assert out == ""
    assert err.splitlines() == [
        "skipped 2 document(s) with schema warnings",
        "exported 1 document(s) as jsonl to clean.jsonl",
    ]
    assert exported_ids((tmp_path / "clean.jsonl").read_text(encoding="utf-8")) == ["valid"]


def test_cli_export_only_the_documents_with_violations(
    cli_project: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out, err = run(capsys, "export", cli_project, "--violations", "only")
    assert exported_ids(out) == ["wrong", "lonely"]
    assert err == ""
    out, _ = run(capsys, "export", cli_project, "--violations", "only", "--status", "todo")
    assert exported_ids(out) == ["lonely"]


def test_cli_export_refuses_an_unknown_violations_mode(
    cli_project: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", cli_project, "--violations", "all"])
    assert exc.value.code == 2
    assert "invalid choice: 'all'" in capsys.readouterr().err


def test_cli_stats_counts_documents_with_schema_warnings(
    cli_project: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = run(capsys, "stats", cli_project)
    lines = out.splitlines()
    assert lines[1].startswith("Documents: 3  (")
    assert lines[2] == "Documents with schema warnings: 2"


def test_cli_stats_of_a_clean_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    run(capsys, "new", "p")
    out, _ = run(capsys, "stats", "p")
    assert "Documents with schema warnings: 0" in out.splitlines()


# -- attributes, fragments, chains -----------------------------------------------------
ATTRIBUTE_SCHEMA: dict[str, Any] = {
    **TEST_SCHEMA,
    "attributes": [
        {"name": "Negated", "kinds": ["event"]},
        {"name": "Mention", "values": ["NAM", "NOM"], "labels": ["PER", "ORG"]},
        {"name": "Confidence", "values": ["high", "low"], "kinds": ["relation"]},
    ],
}
SILVA = "Ana Silva met Bo Li in Rome; she and he left."


def _silva(**kw: Any) -> Annotations:
    """PER Ana Silva (1), GPE Rome (2), a Meet trigger (3) with event 10, Located R1 (20)."""
    spans = (
        Span(1, 1, "T1", 0, 9, "PER"),
        Span(2, 1, "T2", 23, 27, "GPE"),
        Span(3, 1, "T3", 10, 13, "Meet"),
        Span(4, 1, "T4", 29, 32, "PER"),
        *kw.pop("spans", ()),
    )
    return Annotations(
        spans=spans,
        events=(Event(10, 1, "E1", 3, "Meet"),),
        relations=(Relation(20, 1, "R1", "Located", 1, 2),),
        **kw,
    )


def _attribute(
    uid: str, kind: TargetKind, target: int, name: str, value: str | None = None
) -> Attribute:
    return Attribute(int(uid[1:]) + 100, 1, uid, Target(kind, target), name, value)


def _attachment_check(annotations: Annotations) -> list[Violation]:
    found = check_document(schemas.parse(ATTRIBUTE_SCHEMA), SILVA, annotations, 1)
    return [v for v in found if v.kind not in ("missing-role", "too-many")]


def test_attributes_the_schema_allows_raise_no_warning() -> None:
    good = _silva(
        attributes=(
            _attribute("A1", TargetKind.SPAN, 1, "Mention", "NAM"),
            _attribute("A2", TargetKind.EVENT, 10, "Negated"),
            _attribute("A3", TargetKind.RELATION, 20, "Confidence", "low"),
            _attribute("A4", TargetKind.SPAN, 3, "Negated"),  # an event type's trigger
        ),
        chains=(Chain(30, 1, "*1", "Coreference", (1, 4)),),
    )
    assert _attachment_check(good) == []


def test_an_undeclared_attribute_is_named_at_its_span() -> None:
    (violation,) = _attachment_check(
        _silva(attributes=(_attribute("A1", TargetKind.SPAN, 2, "Capital"),))
    )
    assert violation.kind == "unknown-attribute"
    assert violation.message == (
        'T2 "Rome": unknown attribute Capital; attributes: Negated, Mention, Confidence'
    )
    assert (violation.span_id, violation.attribute_id) == (2, 101)


def test_attribute_values_must_be_the_types_values() -> None:
    found = _attachment_check(
        _silva(
            attributes=(
                _attribute("A1", TargetKind.SPAN, 1, "Mention", "PRO"),
                _attribute("A2", TargetKind.EVENT, 10, "Negated", "yes"),
                _attribute("A3", TargetKind.RELATION, 20, "Confidence"),
            )
        )
    )
    assert kinds(found) == ["attribute-value"] * 3
    assert messages(found) == [  # in text order: R1's head is Ana Silva, E1's trigger met
        'T1 "Ana Silva": Mention has the value PRO; allowed: NAM, NOM',
        "R1 Located: Confidence has no value; allowed: high, low",
        "E1 Meet: Negated is a yes/no attribute, but has the value yes",
    ]
    assert [(v.span_id, v.event_id, v.relation_id, v.attribute_id) for v in found] == [
        (1, None, None, 101),
        (1, None, 20, 103),
        (3, 10, None, 102),
    ]


def test_an_attribute_on_a_label_it_does_not_apply_to() -> None:
    found = _attachment_check(
        _silva(
            attributes=(
                _attribute("A1", TargetKind.SPAN, 2, "Mention", "NAM"),
                _attribute("A2", TargetKind.SPAN, 1, "Negated"),
                _attribute("A3", TargetKind.EVENT, 10, "Confidence", "high"),
            )
        )
    )
    assert kinds(found) == ["attribute-target"] * 3
    assert messages(found) == [
        'T1 "Ana Silva": Negated does not apply to PER; it applies to event labels',
        "E1 Meet: Confidence does not apply to Meet; it applies to relation labels",
        'T2 "Rome": Mention does not apply to GPE; it applies to PER, ORG',
    ]  # in text order: Ana Silva, met, Rome


def test_an_attribute_on_an_unknown_label_is_left_to_the_label_warning() -> None:
    found = _attachment_check(
        _silva(
            spans=(Span(5, 1, "T5", 14, 16, "NAT"),),
            attributes=(_attribute("A1", TargetKind.SPAN, 5, "Mention", "NAM"),),
        )
    )
    assert kinds(found) == ["unknown-label"]


def test_a_chain_of_one_span_is_a_warning() -> None:
    found = _attachment_check(
        _silva(
            chains=(
                Chain(30, 1, "*1", "Coreference", (4,)),
                Chain(31, 1, "*2", "Coreference", ()),
            )
        )
    )
    assert kinds(found) == ["short-chain"] * 2
    assert messages(found) == [
        '*1 Coreference: a chain needs two spans or more, it has 1 (T4 "she")',
        "*2 Coreference: a chain needs two spans or more, it has 0",
    ]
    assert [(v.span_id, v.chain_id) for v in found] == [(4, 30), (None, 31)]


@pytest.mark.parametrize(
    ("fragments", "message"),
    [
        (((0, 3), (0, 9)), "overlaps the one before it, or is out of order"),
        (((4, 9), (0, 3)), "overlaps the one before it, or is out of order"),
        (((0, 3),), "needs two fragments or more"),
        (((0, 3), (4, 8)), "the fragments cover 0..8, not the span's 0..9"),
        (((0, 3), (4, 60)), "fragments 0..3, 4..60: end 60 is past the end of the text"),
    ],
)
def test_fragments_out_of_order_overlapping_or_off_the_extent(
    fragments: tuple[tuple[int, int], ...], message: str
) -> None:
    broken = Span(5, 1, "T5", 0, 9, "PER", fragments)
    found = _attachment_check(_silva(spans=(broken,)))
    assert kinds(found) == ["fragments"], found
    assert found[0].message.startswith('T5 "Ana Silva": ')
    assert message in found[0].message
    assert found[0].span_id == 5


def test_good_fragments_are_no_warning_and_differ_from_a_contiguous_twin() -> None:
    pieces = Span(5, 1, "T5", 0, 9, "PER", ((0, 3), (4, 9)))
    assert _attachment_check(_silva(spans=(pieces,))) == []


def test_a_projects_attribute_warnings_count_for_its_documents() -> None:
    """Imports take any attribute value; the checks then name the documents to fix."""
    records = [
        DocumentRecord(
            f"Ana Silva left on Monday ({uid}).",
            uid=uid,
            spans=[SpanRecord("T1", 0, 9, "PER"), SpanRecord("T2", 18, 24, "TIMEX2")],
            attributes=[AttributeRecord("A1", "Mention", target, "NAM")],
        )
        for uid, target in (("good", "T1"), ("bad", "T2"))
    ]
    project, (_good, bad) = project_with(schemas.load("ace2005"), *records)
    assert documents_with_violations(project) == {bad}
    (violation,) = check_project(project)[bad]
    assert violation.message == (
        'T2 "Monday": Mention does not apply to TIMEX2; it applies to FAC, GPE, LOC, ORG, '
        "PER, VEH, WEA"
    )
