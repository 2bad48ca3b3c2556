"""Annotators' layers: each person's work on a document is its own layer (format 6)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.core.editing.edits import (
    AddArgument,
    AddRelation,
    AddSpan,
    CreateEvent,
    DeleteSpan,
    ImportDocuments,
    RelabelSpan,
    SetStatus,
)
from annotator.core.errors import EditError
from annotator.core.maintenance.integrity import check_project
from annotator.core.model import Status
from annotator.core.model.records import DocumentRecord, EventRecord, SpanRecord
from annotator.core.project import Project
from annotator.core.store import queries

FIXTURES = Path(__file__).parent.parent / "data" / "projects"
TEXT = "Alice met Bob in Paris."


def _project() -> tuple[Project, int]:
    project = Project.in_memory()
    project.annotator = "alice"
    project.import_records([DocumentRecord(TEXT, uid="d1")])
    return project, project.document_ids()[0]


def _spans(project: Project, doc: int, layer: str | None = None) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in project.annotations(doc, layer).spans]


def test_edits_go_into_the_annotators_own_layer() -> None:
    project, doc = _project()
    project.apply(AddSpan(doc, 0, 5, "PER"))
    project.annotator = "bob"
    assert _spans(project, doc) == []  # bob sees his own (empty) layer
    project.apply(AddSpan(doc, 10, 13, "PER"))
    assert _spans(project, doc) == [(10, 13, "PER")]
    assert _spans(project, doc, "alice") == [(0, 5, "PER")]
    assert project.annotators() == ["alice", "bob"]
    assert set(project.layers(doc)) == {"alice", "bob"}
    assert project.shared_documents() == [doc]


def test_another_annotators_annotations_cannot_be_changed() -> None:
    project, doc = _project()
    alice_span = project.apply(AddSpan(doc, 0, 5, "PER")) and project.annotations(doc).spans[0]
    event = CreateEvent(doc, 6, 9, "Contact:Meet")
    project.apply(event)
    project.annotator = "bob"
    for edit in (DeleteSpan(alice_span.id), RelabelSpan(alice_span.id, "ORG")):
        with pytest.raises(EditError, match="alice's layer"):
            project.apply(edit)
    own = AddSpan(doc, 10, 13, "PER")
    project.apply(own)
    assert own.span_id is not None and event.event_id is not None
    with pytest.raises(EditError, match="alice's layer"):
        project.apply(AddArgument(event.event_id, "Entity", span_id=own.span_id))
    with pytest.raises(EditError, match="alice's layer"):
        project.apply(AddRelation("PHYS:Located", own.span_id, alice_span.id))
    assert _spans(project, doc, "alice") == [(0, 5, "PER"), (6, 9, "Contact:Meet")]


def test_undo_and_redo_keep_the_layer_the_edit_was_made_in() -> None:
    project, doc = _project()
    edit = AddSpan(doc, 0, 5, "PER")
    project.apply(edit)
    project.revert(edit)
    project.annotator = "bob"
    project.apply(edit)  # redo while bob works: the span comes back into alice's layer
    assert _spans(project, doc, "alice") == [(0, 5, "PER")]
    assert _spans(project, doc) == []


def test_a_status_is_also_the_layers_own() -> None:
    project, doc = _project()
    project.apply(SetStatus(doc, "done"))
    assert project.layers(doc) == {"alice": Status.DONE}
    project.annotator = "bob"
    project.apply(SetStatus(doc, "skipped"))
    assert project.layers(doc) == {"alice": Status.DONE, "bob": Status.SKIPPED}
    # an empty layer marked done counts: "nothing to annotate here" is an annotation
    assert project.shared_documents() == [doc]


def test_the_gold_is_the_adjudicated_layer_else_the_only_annotators() -> None:
    project, doc = _project()
    project.import_records([DocumentRecord("A second text.", uid="d2")])
    second = project.document_ids()[1]
    assert queries.gold_layers(project.db, [doc, second]) == {doc: 0, second: 0}
    project.apply(AddSpan(doc, 0, 5, "PER"))
    alice = project.layer_id("alice")
    assert queries.gold_layers(project.db, [doc]) == {doc: alice}
    exported = {d.uid: a for d, a in project.annotated_documents([doc, second])}
    assert [(s.start, s.end) for s in exported["d1"].spans] == [(0, 5)]
    project.annotator = "bob"
    project.apply(AddSpan(doc, 10, 13, "PER"))
    assert project.undecided([doc, second]) == [doc]
    project.use_layer("gold")
    project.apply(AddSpan(doc, 10, 13, "PER"))
    assert project.undecided([doc, second]) == []
    exported = {d.uid: a for d, a in project.annotated_documents([doc])}
    assert [(s.start, s.end) for s in exported["d1"].spans] == [(10, 13)]
    # one annotator's layer, whatever the gold
    exported = {d.uid: a for d, a in project.annotated_documents([doc], layer="alice")}
    assert [(s.start, s.end) for s in exported["d1"].spans] == [(0, 5)]
    project.use_layer(None)
    assert project.layer == "bob"


def _work(annotator: str | None, label: str = "PER") -> DocumentRecord:
    return DocumentRecord(
        TEXT,
        uid="d1",
        spans=[SpanRecord("T1", 0, 5, label), SpanRecord("T2", 6, 9, "Contact:Meet")],
        events=[EventRecord("E1", "T2")],
        status=Status.DONE,
        annotator=annotator,
    )


def test_an_import_naming_an_annotator_adds_their_layer_to_a_known_text() -> None:
    project, doc = _project()
    project.apply(AddSpan(doc, 10, 13, "PER"))  # alice's T1
    edit = ImportDocuments([_work("bob", "ORG")])
    project.apply(edit)
    assert edit.report.documents == 0 and edit.report.extended_documents == [doc]
    assert any("bob" in line for line in edit.report.lines())
    assert _spans(project, doc, "bob") == [(0, 5, "ORG"), (6, 9, "Contact:Meet")]
    assert _spans(project, doc, "alice") == [(10, 13, "PER")]
    assert project.layers(doc)["bob"] == Status.DONE
    uids = [s.uid for s in project.annotations(doc, "bob").spans]
    assert "T1" not in uids and len(set(uids)) == 2  # alice has T1: bob's is renamed
    # the same layer again is a duplicate; undo takes bob's layer away, not the document
    again = ImportDocuments([_work("bob")])
    project.apply(again)
    assert again.report.duplicates and not again.report.extended_documents
    project.revert(edit)
    assert _spans(project, doc, "bob") == [] and project.document_count() == 1
    assert _spans(project, doc, "alice") == [(10, 13, "PER")]
    project.apply(edit)
    assert _spans(project, doc, "bob") == [(0, 5, "ORG"), (6, 9, "Contact:Meet")]
    assert not [p for p in check_project(project) if p.kind != "search"]


def test_records_of_several_annotators_of_one_new_text_make_one_document() -> None:
    project = Project.in_memory()
    project.import_records([_work("alice"), _work("bob", "ORG")])
    assert project.document_count() == 1
    (doc,) = project.document_ids()
    assert project.annotators() == ["alice", "bob"]
    assert _spans(project, doc, "bob")[0] == (0, 5, "ORG")


def test_a_known_text_without_a_named_annotator_is_still_a_duplicate() -> None:
    project, doc = _project()
    report = project.import_records([_work(None)])
    assert report.duplicates and _spans(project, doc) == []
    report = project.import_records([_work(None)], annotator="carol")
    assert report.extended_documents == [doc]
    assert _spans(project, doc, "carol")[0] == (0, 5, "PER")


def test_the_integrity_check_finds_an_event_in_another_layer_than_its_trigger() -> None:
    project, doc = _project()
    project.apply(CreateEvent(doc, 6, 9, "Contact:Meet"))
    assert not [p for p in check_project(project) if p.kind == "layer"]
    project.db.execute("UPDATE events SET layer = 0")
    problems = [p for p in check_project(project) if p.kind == "layer"]
    assert problems and "another annotator's layer than its trigger" in problems[0].message


@pytest.mark.parametrize(
    ("fixture", "owner"), [("schema-v3.annot", "fixture"), ("schema-v5.annot", "fixture")]
)
def test_an_older_project_becomes_the_layer_of_who_set_its_statuses(
    fixture: str, owner: str, tmp_path: Path
) -> None:
    copy = tmp_path / fixture
    shutil.copyfile(FIXTURES / fixture, copy)
    with Project.open(copy) as project:
        assert project.annotators() == [owner]
        doc = project.document_ids()[0]
        assert project.annotations(doc, owner).spans
        assert project.annotations(doc, "gold").spans == ()
        assert project.undecided(project.document_ids()) == []  # and it reads as the gold
        project.annotator = owner
        assert project.annotations(doc).spans == project.annotations(doc, owner).spans
