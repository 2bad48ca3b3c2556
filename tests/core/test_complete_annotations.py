"""Attributes, normalizations, notes, discontinuous spans and chains: stored, undone, exported."""

from __future__ import annotations

import io

from annotator.core.editing.attachments import LinkCoreference, SetAttribute, SetNote
from annotator.core.editing.edits import AddFragment, DeleteSpan
from annotator.core.io import jsonl
from annotator.core.model import Target, TargetKind
from annotator.core.model.records import (
    AttributeRecord,
    ChainRecord,
    DocumentRecord,
    NormalizationRecord,
    NoteRecord,
    SpanRecord,
)
from annotator.core.project import Project

TEXT = "North and South America trade"


def _project() -> tuple[Project, int]:
    project = Project.in_memory()
    record = DocumentRecord(
        text=TEXT,
        uid="d1",
        spans=[
            SpanRecord("T1", 0, 23, "LOC", [(0, 5), (16, 23)]),
            SpanRecord("T2", 10, 23, "LOC"),
        ],
        attributes=[
            AttributeRecord("A1", "Mention", "T1", "Name"),
            AttributeRecord("A2", "Individual", "T2"),
        ],
        normalizations=[NormalizationRecord("N1", "T2", "Wikipedia", "18951", "South America")],
        notes=[NoteRecord("#1", "T1", "check this")],
        chains=[ChainRecord("*1", "Equiv", ["T1", "T2"])],
    )
    report = project.import_records([record])
    assert (
        "2 attribute(s), 1 normalization(s), 1 note(s), 1 coreference chain(s)"
        in (report.lines()[0])
    )
    doc_id = project.document_id("d1")
    assert doc_id is not None
    return project, doc_id


def test_import_keeps_every_kind_and_jsonl_round_trips_it() -> None:
    project, doc_id = _project()
    found = project.annotations(doc_id)
    assert found.spans[0].fragments == ((0, 5), (16, 23))
    assert [a.value for a in found.attributes] == ["Name", None]
    assert found.normalizations[0].ref == "18951"
    assert found.notes[0].text == "check this"
    assert len(found.chains[0].members) == 2
    assert {a.name for a in project.schema.attributes} == {"Mention", "Individual"}

    out = io.BytesIO()
    jsonl.write_batches(project.row_batches([doc_id]), out)
    line = out.getvalue().decode()
    again = Project.in_memory()
    again.import_records(jsonl.read(line.encode(), "x.jsonl"))
    out2 = io.BytesIO()
    jsonl.write_batches(again.row_batches(again.document_ids()), out2)
    assert out2.getvalue() == out.getvalue()
    text_out = io.StringIO()
    jsonl.write(project.annotated_documents([doc_id]), text_out)
    assert text_out.getvalue().encode() == out.getvalue()


def test_deleting_a_span_takes_what_is_attached_and_undo_brings_it_back() -> None:
    project, doc_id = _project()
    before = project.annotations(doc_id)
    edit = DeleteSpan(before.spans[0].id)
    project.apply(edit)
    after = project.annotations(doc_id)
    assert after.chains == ()  # one member left: the chain goes
    assert [a.uid for a in after.attributes] == ["A2"]
    assert after.notes == ()
    project.revert(edit)
    assert project.annotations(doc_id) == before


def test_edits_set_attributes_notes_fragments_and_links() -> None:
    project, doc_id = _project()
    spans = project.annotations(doc_id).spans
    second = Target(TargetKind.SPAN, spans[1].id)
    project.apply(SetAttribute(second, "Mention", "Name"))
    project.apply(SetNote(second, "a note"))
    project.apply(AddFragment(spans[1].id, 24, 29))
    found = project.annotations(doc_id)
    assert found.span(spans[1].id).fragments == ((10, 23), (24, 29))  # type: ignore[union-attr]
    assert any(a.target == second and a.value == "Name" for a in found.attributes)
    assert [n.text for n in found.notes_of(second)] == ["a note"]
    link = LinkCoreference([spans[0].id, spans[1].id])
    project.apply(link)
    assert any(c.type == "Coreference" for c in project.annotations(doc_id).chains)


def test_a_fragment_touching_a_piece_joins_it() -> None:
    """Adding 23..24 to the pieces 10..23 and 24..29 leaves one contiguous 10..29."""
    project, doc_id = _project()
    span_id = project.annotations(doc_id).spans[1].id
    project.apply(AddFragment(span_id, 24, 29))
    project.apply(AddFragment(span_id, 23, 24))
    span = project.annotations(doc_id).span(span_id)
    assert span is not None and (span.start, span.end, span.fragments) == (10, 29, ())
