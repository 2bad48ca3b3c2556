"""Every change is an edit: applied in its own transaction, exactly undoable and redoable."""

from __future__ import annotations

import pytest

from annotator.core.editing import edits
from annotator.core.errors import EditError
from annotator.core.model import Status
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project

TEXT = "The Syrian Army evacuated Palmyra on Sunday.\r\nPutin 😀 met Assad."


@pytest.fixture
def project() -> Project:
    return Project.in_memory()


@pytest.fixture
def doc(project: Project) -> int:
    report = project.import_records([DocumentRecord(text=TEXT, uid="d1")])
    assert report.document_ids
    return report.document_ids[0]


def dump(project: Project, doc: int) -> tuple[object, ...]:
    """Everything stored about a document, ids included, to compare states exactly."""
    tables = {}
    for table in ("spans", "events", "relations"):
        tables[table] = project.db.execute(
            f"SELECT * FROM {table} WHERE document_id = ? ORDER BY id", [doc]
        ).fetchall()
    tables["arguments"] = project.db.execute(
        "SELECT a.* FROM arguments a JOIN events e ON e.id = a.event_id "
        "WHERE e.document_id = ? ORDER BY a.id",
        [doc],
    ).fetchall()
    tables["documents"] = project.db.execute(
        "SELECT * FROM documents WHERE id = ?", [doc]
    ).fetchall()
    tables["labels"] = project.db.execute("SELECT * FROM labels ORDER BY id").fetchall()
    tables["roles"] = project.db.execute("SELECT * FROM roles ORDER BY id").fetchall()
    return tuple(sorted(tables.items()))


def span_at(project: Project, doc: int, fragment: str, label: str) -> int:
    start = TEXT.index(fragment)
    edit = edits.AddSpan(doc, start, start + len(fragment), label)
    project.apply(edit)
    assert edit.span_id is not None
    return edit.span_id


def test_add_span_stores_exact_offsets_and_names_itself(project: Project, doc: int) -> None:
    start = TEXT.index("Putin")
    edit = edits.AddSpan(doc, start, start + 5, "PER")
    changes = project.apply(edit)
    assert edit.name == "Add PER span"
    (span,) = project.annotations(doc).spans
    assert (span.start, span.end, span.label, span.uid) == (start, start + 5, "PER", "T1")
    assert TEXT[span.start : span.end] == "Putin"
    assert changes.annotations and changes.document_list and doc in changes.documents
    assert not changes.schema


def test_span_after_emoji_and_crlf_keeps_code_point_offsets(project: Project, doc: int) -> None:
    start = TEXT.index("Assad")
    project.apply(edits.AddSpan(doc, start, start + 5, "PER"))
    (span,) = project.annotations(doc).spans
    assert TEXT[span.start : span.end] == "Assad"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(5, 5, "empty span"), (7, 3, "empty span"), (-1, 3, "negative"), (0, 999, "past the end")],
)
def test_bad_offsets_are_refused_with_a_clear_error(
    project: Project, doc: int, start: int, end: int, message: str
) -> None:
    with pytest.raises(EditError, match=message):
        project.apply(edits.AddSpan(doc, start, end, "PER"))
    assert project.annotations(doc).spans == ()


def test_unknown_label_and_wrong_kind_are_refused(project: Project, doc: int) -> None:
    with pytest.raises(EditError, match="no label 'NOPE'"):
        project.apply(edits.AddSpan(doc, 0, 3, "NOPE"))
    with pytest.raises(EditError, match="relation label"):
        project.apply(edits.AddSpan(doc, 0, 3, "PHYS:Located"))


def test_undo_and_redo_restore_exact_state(project: Project, doc: int) -> None:
    before = dump(project, doc)
    edit = edits.AddSpan(doc, 4, 15, "ORG")
    project.apply(edit)
    after = dump(project, doc)
    project.revert(edit)
    assert dump(project, doc) == before
    project.apply(edit)  # redo replays the same row, same id and uid
    assert dump(project, doc) == after


def test_delete_span_removes_dependents_and_undo_brings_all_back(
    project: Project, doc: int
) -> None:
    army = span_at(project, doc, "Syrian Army", "ORG")
    palmyra = span_at(project, doc, "Palmyra", "GPE")
    create = edits.CreateEvent(doc, 16, 25, "Movement:Transport")
    project.apply(create)
    assert create.event_id is not None
    project.apply(edits.AddArgument(create.event_id, "Artifact", span_id=army))
    project.apply(edits.AddArgument(create.event_id, "Origin", span_id=palmyra))
    project.apply(edits.AddRelation("PHYS:Located", army, palmyra))
    full = dump(project, doc)

    delete = edits.DeleteSpan(palmyra)
    project.apply(delete)
    assert delete.name == "Delete GPE span"
    annotations = project.annotations(doc)
    assert [s.label for s in annotations.spans] == ["ORG", "Movement:Transport"]
    assert [a.role for a in annotations.events[0].arguments] == ["Artifact"]
    assert annotations.relations == ()

    project.revert(delete)
    assert dump(project, doc) == full


def test_deleting_a_trigger_deletes_its_events(project: Project, doc: int) -> None:
    create = edits.CreateEvent(doc, 16, 25, "Movement:Transport")
    project.apply(create)
    assert create.span_id is not None
    project.apply(edits.DeleteSpan(create.span_id))
    assert project.annotations(doc).events == ()


def test_events_share_a_trigger_and_can_be_arguments_of_events(project: Project, doc: int) -> None:
    create = edits.CreateEvent(doc, 16, 25, "Movement:Transport")
    project.apply(create)
    assert create.span_id is not None and create.event_id is not None
    second = edits.AddEvent(create.span_id)
    project.apply(second)
    assert second.event_id is not None
    nested = edits.AddArgument(second.event_id, "Cause", event_ref_id=create.event_id)
    project.apply(nested)
    events = project.annotations(doc).events
    assert [e.trigger_id for e in events] == [create.span_id, create.span_id]
    assert [e.uid for e in events] == ["E1", "E2"]
    assert events[1].arguments[0].event_ref_id == create.event_id

    # deleting one event keeps the trigger while another event uses it
    project.apply(edits.DeleteEvent(create.event_id))
    annotations = project.annotations(doc)
    assert [e.id for e in annotations.events] == [second.event_id]
    assert annotations.events[0].arguments == ()  # the argument pointed at the deleted event
    assert annotations.span(create.span_id) is not None
    # the last event takes its trigger with it
    project.apply(edits.DeleteEvent(second.event_id))
    assert project.annotations(doc).spans == ()


def test_event_needs_an_event_type(project: Project, doc: int) -> None:
    with pytest.raises(EditError, match="entity label, not event"):
        project.apply(edits.CreateEvent(doc, 0, 3, "PER"))
    span = span_at(project, doc, "Putin", "PER")
    with pytest.raises(EditError, match="needs an event type"):
        project.apply(edits.AddEvent(span))


def test_event_cannot_be_its_own_argument(project: Project, doc: int) -> None:
    create = edits.CreateEvent(doc, 16, 25, "Movement:Transport")
    project.apply(create)
    assert create.event_id is not None
    with pytest.raises(EditError, match="own argument"):
        project.apply(edits.AddArgument(create.event_id, "X", event_ref_id=create.event_id))


def test_arguments_can_be_re_roled_and_removed(project: Project, doc: int) -> None:
    army = span_at(project, doc, "Syrian Army", "ORG")
    create = edits.CreateEvent(doc, 16, 25, "Movement:Transport")
    project.apply(create)
    assert create.event_id is not None
    add = edits.AddArgument(create.event_id, "Agent", span_id=army)
    project.apply(add)
    assert add.argument_id is not None
    project.apply(edits.SetArgumentRole(add.argument_id, "Artifact"))
    assert project.annotations(doc).events[0].arguments[0].role == "Artifact"
    remove = edits.RemoveArgument(add.argument_id)
    changes = project.apply(remove)
    assert doc in changes.documents
    assert project.annotations(doc).events[0].arguments == ()
    project.revert(remove)
    assert project.annotations(doc).events[0].arguments[0].role == "Artifact"


def test_relations_are_directed_and_typed(project: Project, doc: int) -> None:
    putin = span_at(project, doc, "Putin", "PER")
    assad = span_at(project, doc, "Assad", "PER")
    add = edits.AddRelation("ORG-AFF:Employment", putin, assad)
    project.apply(add)
    (relation,) = project.annotations(doc).relations
    assert (relation.type, relation.head_id, relation.tail_id) == (
        "ORG-AFF:Employment",
        putin,
        assad,
    )
    with pytest.raises(EditError, match="two different spans"):
        project.apply(edits.AddRelation("PHYS:Located", putin, putin))
    with pytest.raises(EditError, match="entity label, not relation"):
        project.apply(edits.AddRelation("PER", putin, assad))


def test_relabel_span_and_refuse_entity_label_on_a_trigger(project: Project, doc: int) -> None:
    span = span_at(project, doc, "Putin", "PER")
    project.apply(edits.RelabelSpan(span, "ORG"))
    assert project.annotations(doc).spans[0].label == "ORG"
    create = edits.CreateEvent(doc, 16, 25, "Movement:Transport")
    project.apply(create)
    assert create.span_id is not None
    with pytest.raises(EditError, match="triggers 1 event"):
        project.apply(edits.RelabelSpan(create.span_id, "PER"))
    project.apply(edits.RelabelSpan(create.span_id, "Conflict:Attack"))
    assert project.annotations(doc).events[0].type == "Conflict:Attack"


def test_move_span_checks_offsets(project: Project, doc: int) -> None:
    span = span_at(project, doc, "Syrian Army", "ORG")
    project.apply(edits.MoveSpan(span, 0, 15))
    assert TEXT[0:15] == "The Syrian Army"
    assert project.annotations(doc).spans[0].start == 0
    with pytest.raises(EditError, match="past the end"):
        project.apply(edits.MoveSpan(span, 0, len(TEXT) + 1))


def test_status_changes_are_edits(project: Project, doc: int) -> None:
    edit = edits.SetStatus(doc, "done")
    changes = project.apply(edit)
    assert edit.name == "Mark document done"
    assert changes.document_list
    assert project.status_counts()[Status.DONE] == 1
    project.revert(edit)
    assert project.status_counts()[Status.TODO] == 1
    with pytest.raises(EditError, match="unknown status"):
        edits.SetStatus(doc, "finished")


def test_generated_uids_never_collide_with_imported_ones(project: Project) -> None:
    text = "Alpha Beta Gamma"
    record = DocumentRecord(text=text)
    from annotator.core.model.records import SpanRecord

    record.spans = [SpanRecord("T1", 0, 5, "PER"), SpanRecord("T7", 6, 10, "PER")]
    (doc,) = project.import_records([record]).document_ids or []
    edit = edits.AddSpan(doc, 11, 16, "PER")
    project.apply(edit)
    uids = [s.uid for s in project.annotations(doc).spans]
    assert uids == ["T1", "T7", "T8"]


def test_renaming_a_label_reaches_annotations_roles_and_relation_types(
    project: Project, doc: int
) -> None:
    span_at(project, doc, "Putin", "PER")
    rename = edits.UpdateLabel("PER", new_name="PERSON", color="#123456")
    changes = project.apply(rename)
    assert changes.schema
    assert project.annotations(doc).spans[0].label == "PERSON"
    schema = project.schema
    person = schema.get("PERSON")
    assert person is not None and person.color == "#123456"
    attack = schema.get("Conflict:Attack")
    assert attack is not None
    attacker = attack.role("Attacker")
    assert attacker is not None and "PERSON" in attacker.fillers
    located = schema.get("PHYS:Located")
    assert located is not None and "PERSON" in located.heads
    project.revert(rename)
    assert project.schema.get("PER") is not None
    assert project.annotations(doc).spans[0].label == "PER"


def test_a_failed_edit_changes_nothing(project: Project, doc: int) -> None:
    before = dump(project, doc)
    with pytest.raises(EditError):
        project.apply(edits.UpdateLabel("PER", new_name="ORG"))
    assert dump(project, doc) == before


def test_import_is_undoable(project: Project) -> None:
    edit = edits.ImportDocuments([DocumentRecord(text="one"), DocumentRecord(text="two")])
    project.apply(edit)
    assert project.document_count() == 2
    assert edit.name == "Import 2 documents"
    project.revert(edit)
    assert project.document_count() == 0
    project.apply(edit)
    assert [s.uid for s in project.summaries(project.document_ids())] == ["1", "2"]


@pytest.mark.sqlite_only  # counts the statements through SQLite's trace callback
def test_the_text_cache_serves_edits_but_not_a_new_document_that_reuses_an_id() -> None:
    """Labelling reads a document's text once, yet never checks against a stale text."""
    with Project.in_memory() as project:
        (first,) = project.import_records([DocumentRecord(text="Ada met Bob.")]).document_ids
        project.apply(edits.AddSpan(first, 0, 3, "PER"))
        reads: list[str] = []
        project.db.conn.set_trace_callback(reads.append)
        project.apply(edits.AddSpan(first, 8, 11, "PER"))
        project.db.conn.set_trace_callback(None)
        assert not [sql for sql in reads if "FROM texts" in sql]
        # Undo the import and import another text: SQLite may give it the same id.
        project.db.execute("DELETE FROM documents WHERE id = ?", [first])
        (second,) = project.import_records([DocumentRecord(text="Short.")]).document_ids
        assert second == first
        with pytest.raises(EditError, match="past the end of the text"):
            project.apply(edits.AddSpan(second, 8, 11, "PER"))
        project.apply(edits.AddSpan(second, 0, 5, "PER"))
