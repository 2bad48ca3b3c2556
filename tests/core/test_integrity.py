"""Integrity checks: a healthy project has no problems; each kind of damage is named."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.core.analysis.search import catch_up, index_lag, search_project
from annotator.core.editing import edits
from annotator.core.editing.attachments import (
    AddAttributeTypes,
    AddNormalization,
    LinkCoreference,
    SetAttribute,
    SetNote,
)
from annotator.core.errors import Cancelled
from annotator.core.maintenance.integrity import KINDS, Problem, check_project, summary_lines
from annotator.core.model import AttributeType, LabelKind, Target, TargetKind
from annotator.core.model.records import (
    ArgumentRecord,
    DocumentRecord,
    EventRecord,
    RelationRecord,
    SpanRecord,
)
from annotator.core.model.text import text_digest
from annotator.core.project import Project

TEXT_1 = "Rebels attacked Paris on Monday, and Ana Silva left Lyon for Rome."
TEXT_2 = "Officials met in Berlin; police arrested two men."
TEXT_3 = "A late article about Madrid, imported after the last search."
TEXT_4 = "Another late one, from Lisbon."


def _at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def _record_1() -> DocumentRecord:
    def span(uid: str, word: str, label: str) -> SpanRecord:
        return SpanRecord(uid, *_at(TEXT_1, word), label)

    return DocumentRecord(
        text=TEXT_1,
        uid="d1",
        spans=[
            span("T1", "Rebels", "ORG"),
            span("T2", "attacked", "Conflict:Attack"),
            span("T3", "Paris", "GPE"),
            span("T4", "Monday", "DATE"),
        ],
        events=[
            EventRecord(
                "E1",
                "T2",
                [
                    ArgumentRecord("Attacker", "T1"),
                    ArgumentRecord("Place", "T3"),
                    ArgumentRecord("Time", "T4"),
                ],
            )
        ],
        relations=[RelationRecord("R1", "PHYS:Located", "T1", "T3")],
    )


def _healthy(tmp_path: Path, *, lagging: bool = False) -> Project:
    """Two documents with spans, events, arguments (spans and events) and relations,
    attributes, a normalization, a note, a chain and a discontinuous span, imported and
    edited through the core, fully indexed by a search; ``lagging`` adds two documents
    imported after the search (healthy too: indexed by the next one)."""
    project = Project.create(tmp_path / "p.annot")
    project.import_records([_record_1(), DocumentRecord(text=TEXT_2, uid="d2")])
    d1, d2 = project.document_id("d1"), project.document_id("d2")
    assert d1 is not None and d2 is not None
    ana = edits.AddSpan(d1, *_at(TEXT_1, "Ana Silva"), "PER")
    project.apply(ana)
    lyon = edits.AddSpan(d1, *_at(TEXT_1, "Lyon"), "GPE")
    project.apply(lyon)
    left = edits.CreateEvent(d1, *_at(TEXT_1, "left"), "Movement:Transport")
    project.apply(left)
    assert left.event_id is not None and ana.span_id is not None and lyon.span_id is not None
    project.apply(edits.AddArgument(left.event_id, "Artifact", span_id=ana.span_id))
    project.apply(edits.AddArgument(left.event_id, "Origin", span_id=lyon.span_id))
    first_event = project.db.execute("SELECT id FROM events WHERE uid = 'E1'").fetchone()[0]
    project.apply(edits.AddArgument(left.event_id, "Cause", event_ref_id=first_event))
    project.apply(edits.AddRelation("PHYS:Located", ana.span_id, lyon.span_id))
    rome = edits.AddSpan(d1, *_at(TEXT_1, "Rome"), "GPE")
    project.apply(rome)
    relabel = edits.RelabelSpan(ana.span_id, "ORG")
    project.apply(relabel)
    project.revert(relabel)
    berlin = edits.AddSpan(d2, *_at(TEXT_2, "Berlin"), "GPE")
    officials = edits.AddSpan(d2, *_at(TEXT_2, "Officials"), "PER")
    met = edits.CreateEvent(d2, *_at(TEXT_2, "met"), "Contact:Meet")
    arrested = edits.CreateEvent(d2, *_at(TEXT_2, "arrested"), "Justice:Arrest-Jail")
    for edit in (berlin, officials, met, arrested):
        project.apply(edit)
    assert met.event_id is not None and officials.span_id is not None
    assert berlin.span_id is not None
    project.apply(edits.AddArgument(met.event_id, "Entity", span_id=officials.span_id))
    project.apply(edits.AddRelation("PHYS:Located", officials.span_id, berlin.span_id))
    project.apply(edits.SetStatus(d2, "done"))
    mention = AttributeType("Mention", ("NAM", "NOM"), labels=("PER", "ORG"))
    project.apply(AddAttributeTypes([mention, AttributeType("Negated", kinds=(LabelKind.EVENT,))]))
    project.apply(SetAttribute(Target(TargetKind.SPAN, ana.span_id), "Mention", "NAM"))
    project.apply(SetAttribute(Target(TargetKind.EVENT, left.event_id), "Negated"))
    project.apply(AddNormalization(Target(TargetKind.SPAN, lyon.span_id), "GeoNames", "2996944"))
    located = _id(project.db, "SELECT id FROM relations ORDER BY id")
    project.apply(SetNote(Target(TargetKind.RELATION, located), "check the place"))
    project.apply(LinkCoreference([_span(project.db, "d1", "T1"), ana.span_id]))
    project.apply(edits.AddFragment(lyon.span_id, *_at(TEXT_1, "Rome")))  # Lyon ... Rome
    # undone and deleted things leave nothing behind
    project.revert(rome)
    scratch = project.import_records([DocumentRecord(text="Scratch text, undone.", uid="x")])
    assert scratch.documents == 1
    assert search_project(project, "paris")  # indexes everything, including the scratch text
    project.apply(edits.DeleteDocument(project.document_id("x") or 0))  # leaves the index too
    assert index_lag(project.db) == 0
    if lagging:
        # d3 takes the deleted scratch document's id, below the index's mark: the
        # insert trigger indexes it at once; d4 waits for the next search
        project.import_records(
            [DocumentRecord(text=TEXT_3, uid="d3"), DocumentRecord(text=TEXT_4, uid="d4")]
        )
        assert index_lag(project.db) == 1
    return project


def _id(db: Database, sql: str) -> int:
    row = db.execute(sql).fetchone()
    assert row is not None, sql
    return int(row[0])


def _span(db: Database, doc: str, uid: str) -> int:
    return _id(
        db,
        f"SELECT s.id FROM spans s JOIN documents d ON d.id = s.document_id "
        f"WHERE d.uid = '{doc}' AND s.uid = '{uid}'",
    )


def _event(db: Database, doc: str, uid: str) -> int:
    return _id(
        db,
        f"SELECT e.id FROM events e JOIN documents d ON d.id = e.document_id "
        f"WHERE d.uid = '{doc}' AND e.uid = '{uid}'",
    )


def _doc(db: Database, uid: str) -> int:
    return _id(db, f"SELECT id FROM documents WHERE uid = '{uid}'")


@contextmanager
def _without_trigger(db: Database, name: str) -> Iterator[None]:
    """Drop a trigger for a damaging write, then put it back (so only the damage shows)."""
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [name]).fetchone()[0]
    db.execute(f"DROP TRIGGER {name}")
    yield
    db.execute(sql)


@contextmanager
def _unchecked(db: Database) -> Iterator[None]:
    """Writes that CHECK constraints and foreign keys would refuse."""
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("PRAGMA ignore_check_constraints = ON")
    yield
    db.execute("PRAGMA ignore_check_constraints = OFF")
    db.execute("PRAGMA foreign_keys = ON")


def _no_failed_checks(problems: list[Problem]) -> None:
    assert not [p for p in problems if p.message.startswith("could not check")], problems


# -- healthy projects ----------------------------------------------------------------
@pytest.mark.parametrize("lagging", [False, True], ids=["indexed", "index-lagging"])
def test_a_healthy_project_has_no_problems(tmp_path: Path, lagging: bool) -> None:
    with _healthy(tmp_path, lagging=lagging) as project:
        counts = {
            table: project.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "spans", "events", "arguments", "relations")
        }
        assert counts == {
            "documents": 4 if lagging else 2,
            "spans": 11,
            "events": 4,
            "arguments": 7,
            "relations": 3,
        }
        assert check_project(project) == []
        assert check_project(project.db) == []  # a Database will do as well
        catch_up(project.db)
        assert check_project(project) == []


def test_a_new_and_an_in_memory_project_are_healthy(tmp_path: Path) -> None:
    with Project.create(tmp_path / "new.annot") as project:
        assert check_project(project) == []
    with Project.in_memory() as project:
        project.import_records([_record_1()])
        assert check_project(project) == []


def test_the_checks_leave_no_transaction_open_and_work_read_only(tmp_path: Path) -> None:
    with _healthy(tmp_path) as project:
        assert check_project(project) == []
        assert not project.db.conn.in_transaction
        project.db.execute("PRAGMA query_only = ON")
        assert check_project(project) == []
        project.db.execute("PRAGMA query_only = OFF")
        project.apply(edits.SetStatus(_doc(project.db, "d1"), "done"))  # still writable
        with Project.open(tmp_path / "p.annot", read_only=True) as reader:
            assert check_project(reader) == []


def test_progress_runs_to_the_total_and_can_cancel(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    with _healthy(tmp_path) as project:
        check_project(project, lambda done, total: calls.append((done, total)))
        assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1]
        assert all(a[0] <= b[0] for a, b in itertools.pairwise(calls))

        def cancel(done: int, total: int) -> None:
            if done:
                raise Cancelled()

        with pytest.raises(Cancelled):
            check_project(project, cancel)
        assert not project.db.conn.in_transaction


# -- damage ----------------------------------------------------------------------------
Damage = Callable[[Database], None]


def _text_missing(db: Database) -> None:
    db.execute("DELETE FROM texts WHERE document_id = ?", [_doc(db, "d1")])


def _length_wrong(db: Database) -> None:
    db.execute("UPDATE documents SET length = length - 1 WHERE uid = 'd1'")


def _length_short_hides_span(db: Database) -> None:
    # the stored length claims more text than there is; a span reaches past the real end
    db.execute("UPDATE documents SET length = length + 10 WHERE uid = 'd2'")
    with _without_trigger(db, "spans_inside_text_update"):
        db.execute(
            'UPDATE spans SET "end" = ? WHERE id = ?', [len(TEXT_2) + 3, _span(db, "d2", "T1")]
        )


def _digest_wrong(db: Database) -> None:
    db.execute("UPDATE documents SET digest = ? WHERE uid = 'd1'", [text_digest("other")])


def _text_not_text(db: Database) -> None:
    with _without_trigger(db, "texts_search_update"):
        db.execute(
            "UPDATE texts SET text = CAST(text AS BLOB) WHERE document_id = ?", [_doc(db, "d1")]
        )


def _span_past_end(db: Database) -> None:
    with _without_trigger(db, "spans_inside_text_update"):
        db.execute(
            'UPDATE spans SET "end" = ? WHERE id = ?', [len(TEXT_1) + 4, _span(db, "d1", "T3")]
        )


def _span_empty(db: Database) -> None:
    with _unchecked(db):
        db.execute('UPDATE spans SET "end" = start WHERE id = ?', [_span(db, "d1", "T3")])


def _span_negative(db: Database) -> None:
    with _unchecked(db):
        db.execute("UPDATE spans SET start = -2 WHERE id = ?", [_span(db, "d1", "T1")])


def _span_relation_label(db: Database) -> None:
    db.execute(
        "UPDATE spans SET label_id = (SELECT id FROM labels WHERE name = 'PHYS:Located') "
        "WHERE id = ?",
        [_span(db, "d1", "T3")],
    )


def _trigger_elsewhere(db: Database) -> None:
    db.execute(
        "UPDATE events SET trigger_id = ? WHERE id = ?",
        [_span(db, "d2", "T3"), _event(db, "d1", "E1")],
    )


def _argument_both(db: Database) -> None:
    with _unchecked(db):
        db.execute(
            "UPDATE arguments SET event_ref_id = ? WHERE event_id = ? AND role = 'Place'",
            [_event(db, "d1", "E2"), _event(db, "d1", "E1")],
        )


def _argument_neither(db: Database) -> None:
    with _unchecked(db):
        db.execute(
            "UPDATE arguments SET span_id = NULL WHERE event_id = ? AND role = 'Place'",
            [_event(db, "d1", "E1")],
        )


def _argument_itself(db: Database) -> None:
    event = _event(db, "d1", "E2")
    with _unchecked(db):
        db.execute(
            "UPDATE arguments SET event_ref_id = ? WHERE event_id = ? AND role = 'Cause'",
            [event, event],
        )


def _argument_span_elsewhere(db: Database) -> None:
    db.execute(
        "UPDATE arguments SET span_id = ? WHERE event_id = ? AND role = 'Place'",
        [_span(db, "d2", "T1"), _event(db, "d1", "E1")],
    )


def _argument_event_elsewhere(db: Database) -> None:
    db.execute(
        "UPDATE arguments SET event_ref_id = ? WHERE role = 'Cause'", [_event(db, "d2", "E1")]
    )


def _relation_head_elsewhere(db: Database) -> None:
    db.execute(
        "UPDATE relations SET head_id = ? WHERE uid = 'R1' AND document_id = ?",
        [_span(db, "d2", "T1"), _doc(db, "d1")],
    )


def _relation_entity_label(db: Database) -> None:
    db.execute(
        "UPDATE relations SET label_id = (SELECT id FROM labels WHERE name = 'PER') "
        "WHERE document_id = ?",
        [_doc(db, "d2")],
    )


def _uid_clash(db: Database) -> None:
    db.execute("UPDATE events SET uid = 'T1' WHERE id = ?", [_event(db, "d1", "E1")])


def _dangling_span(db: Database) -> None:
    with _unchecked(db):
        db.execute("DELETE FROM spans WHERE id = ?", [_span(db, "d1", "T3")])


def _index_missing(db: Database) -> None:
    db.execute(
        "INSERT INTO texts_search (texts_search, rowid, text) VALUES ('delete', ?, ?)",
        [_doc(db, "d2"), TEXT_2],
    )


def _index_stale(db: Database) -> None:
    # the text changes behind the index's back (length and digest follow, so only
    # the index is wrong)
    new = TEXT_1.replace("Monday", "Monday morning")
    with _without_trigger(db, "texts_search_update"):
        db.execute("UPDATE texts SET text = ? WHERE document_id = ?", [new, _doc(db, "d1")])
    db.execute(
        "UPDATE documents SET length = ?, digest = ? WHERE uid = 'd1'", [len(new), text_digest(new)]
    )


def _index_keeps_deleted(db: Database) -> None:
    with _unchecked(db), _without_trigger(db, "texts_search_delete"):
        db.execute("DELETE FROM texts WHERE document_id = ?", [_doc(db, "d2")])


def _fragments_not_json(db: Database) -> None:
    db.execute("UPDATE spans SET fragments = '[[46, 50], [' WHERE fragments IS NOT NULL")


def _fragments_past_extent(db: Database) -> None:
    db.execute("UPDATE spans SET fragments = '[[52, 56], [61, 64]]' WHERE fragments IS NOT NULL")


def _fragments_one_piece(db: Database) -> None:
    db.execute("UPDATE spans SET fragments = '[[52, 65]]' WHERE fragments IS NOT NULL")


def _fragments_past_text(db: Database) -> None:
    db.execute("UPDATE spans SET fragments = '[[52, 56], [61, 99]]' WHERE fragments IS NOT NULL")


def _fragments_overlap(db: Database) -> None:
    db.execute("UPDATE spans SET fragments = '[[52, 60], [58, 65]]' WHERE fragments IS NOT NULL")


def _attribute_elsewhere(db: Database) -> None:
    db.execute("UPDATE attributes SET document_id = ? WHERE name = 'Mention'", [_doc(db, "d2")])


def _note_on_nothing(db: Database) -> None:
    with _unchecked(db):
        db.execute("UPDATE notes SET relation_id = NULL")


def _normalization_dangling(db: Database) -> None:
    with _unchecked(db):
        db.execute("UPDATE normalizations SET span_id = 9999")


def _attribute_undeclared(db: Database) -> None:
    db.execute("UPDATE attributes SET name = 'Capital' WHERE name = 'Mention'")


def _chain_of_one(db: Database) -> None:
    db.execute("DELETE FROM chain_members WHERE id = (SELECT max(id) FROM chain_members)")


def _chain_member_elsewhere(db: Database) -> None:
    db.execute(
        "UPDATE chain_members SET span_id = ? WHERE id = (SELECT max(id) FROM chain_members)",
        [_span(db, "d2", "T1")],
    )


DAMAGE: list[tuple[str, Damage, str, str]] = [
    # (name, damage, kind reported, text of the message: the document it names)
    ("text-missing", _text_missing, "text", "document 'd1'"),
    ("text-not-text", _text_not_text, "text", "document 'd1'"),
    ("length", _length_wrong, "length", "document 'd1'"),
    ("length-hides-span", _length_short_hides_span, "span", "document 'd2'"),
    ("digest", _digest_wrong, "digest", "document 'd1'"),
    ("span-past-end", _span_past_end, "span", "document 'd1'"),
    ("span-empty", _span_empty, "span", "document 'd1'"),
    ("span-negative", _span_negative, "span", "document 'd1'"),
    ("span-relation-label", _span_relation_label, "span", "document 'd1'"),
    ("trigger-elsewhere", _trigger_elsewhere, "event", "document 'd2'"),
    ("argument-both", _argument_both, "argument", "document 'd1'"),
    ("argument-neither", _argument_neither, "argument", "document 'd1'"),
    ("argument-itself", _argument_itself, "argument", "document 'd1'"),
    ("argument-span-elsewhere", _argument_span_elsewhere, "argument", "document 'd2'"),
    ("argument-event-elsewhere", _argument_event_elsewhere, "argument", "document 'd2'"),
    ("relation-head-elsewhere", _relation_head_elsewhere, "relation", "document 'd2'"),
    ("relation-entity-label", _relation_entity_label, "relation", "document 'd2'"),
    ("uid-clash", _uid_clash, "uid", "document 'd1'"),
    ("dangling-reference", _dangling_span, "foreign-key", "document 'd1'"),
    ("fragments-not-json", _fragments_not_json, "fragments", "document 'd1'"),
    ("fragments-past-extent", _fragments_past_extent, "fragments", "document 'd1'"),
    ("fragments-one-piece", _fragments_one_piece, "fragments", "document 'd1'"),
    ("fragments-past-text", _fragments_past_text, "fragments", "document 'd1'"),
    ("fragments-overlap", _fragments_overlap, "fragments", "document 'd1'"),
    ("attribute-elsewhere", _attribute_elsewhere, "attachment", "document 'd1'"),
    ("note-on-nothing", _note_on_nothing, "attachment", "document 'd1'"),
    ("normalization-dangling", _normalization_dangling, "foreign-key", "document 'd1'"),
    ("attribute-undeclared", _attribute_undeclared, "attribute", "document 'd1'"),
    ("chain-of-one", _chain_of_one, "chain", "document 'd1'"),
    ("chain-member-elsewhere", _chain_member_elsewhere, "chain", "document 'd2'"),
    ("index-missing", _index_missing, "search-index", "document 'd2'"),
    ("index-stale", _index_stale, "search-index", "document 'd1'"),
    ("index-keeps-deleted", _index_keeps_deleted, "search-index", "document 'd2'"),
]


@pytest.mark.parametrize(
    ("damage", "kind", "names"),
    [pytest.param(d, k, n, id=name) for name, d, k, n in DAMAGE],
)
def test_each_kind_of_damage_is_reported_naming_the_document(
    tmp_path: Path, damage: Damage, kind: str, names: str
) -> None:
    with _healthy(tmp_path) as project:
        damage(project.db)
        assert not project.db.conn.in_transaction
        problems = check_project(project)
    _no_failed_checks(problems)
    found = [p for p in problems if p.kind == kind]
    assert found, problems
    assert any(names in p.message and p.document_id is not None for p in found), found
    assert all(p.kind in KINDS for p in problems)


def test_a_cross_document_message_names_both_documents() -> None:
    """A message naming two documents names both (the trigger's and the event's)."""
    with Project.in_memory() as project:
        project.import_records([_record_1(), DocumentRecord(text=TEXT_2, uid="d2")])
        d2 = _doc(project.db, "d2")
        project.apply(edits.AddSpan(d2, *_at(TEXT_2, "Berlin"), "GPE"))
        project.db.execute(
            "UPDATE events SET trigger_id = ? WHERE id = ?",
            [_span(project.db, "d2", "T1"), _event(project.db, "d1", "E1")],
        )
        (problem,) = check_project(project)
    assert problem.kind == "event"
    assert "document 'd1'" in problem.message and "document 'd2'" in problem.message
    assert "E1" in problem.message and "T1" in problem.message


def test_an_index_past_its_mark_is_reported(tmp_path: Path) -> None:
    with _healthy(tmp_path, lagging=True) as project:
        d4 = _doc(project.db, "d4")
        project.db.execute("INSERT INTO texts_search (rowid, text) VALUES (?, ?)", [d4, TEXT_4])
        problems = check_project(project)
    assert [p.kind for p in problems] == ["search-index"]
    assert "document 'd4'" in problems[0].message and "past its mark" in problems[0].message


def test_a_missing_mark_a_dropped_trigger_and_a_damaged_index(tmp_path: Path) -> None:
    with _healthy(tmp_path) as project:
        db = project.db
        db.execute("DELETE FROM project WHERE key = 'search_indexed_upto'")
        db.execute("DROP TRIGGER spans_inside_text_insert")
        problems = check_project(project)
        messages = {p.kind: p.message for p in problems}
        assert "search_indexed_upto" in messages["search-index"]
        assert "spans_inside_text_insert" in messages["schema"]
    with _healthy(_fresh(tmp_path)) as project:
        # the index's own structure: blocks of the FTS5 data table overwritten
        project.db.execute("UPDATE texts_search_data SET block = x'0000000000' WHERE id > 10")
        problems = check_project(project)
        assert any(p.kind == "search-index" and "damaged" in p.message for p in problems)


def _fresh(tmp_path: Path) -> Path:
    folder = tmp_path / "fresh"
    folder.mkdir()
    return folder


def test_labels_roles_of_non_events_and_bad_json(tmp_path: Path) -> None:
    with _healthy(tmp_path) as project:
        db = project.db
        db.execute(
            "UPDATE roles SET label_id = (SELECT id FROM labels WHERE name = 'PER') "
            "WHERE name = 'Victim'"
        )
        db.execute("UPDATE labels SET heads = 'PER' WHERE name = 'PHYS:Located'")
        problems = check_project(project)
    assert [p.kind for p in problems] == ["label", "label"]
    assert "'Victim'" in problems[0].message and "'PER'" in problems[0].message
    assert "'PHYS:Located'" in problems[1].message and "heads" in problems[1].message


def test_attribute_types_whose_lists_do_not_parse_or_name_nothing(tmp_path: Path) -> None:
    with _healthy(tmp_path) as project:
        db = project.db
        db.execute("""UPDATE attribute_types SET "values" = 'NAM|NOM' WHERE name = 'Mention'""")
        db.execute("UPDATE attribute_types SET kinds = '[\"span\"]' WHERE name = 'Negated'")
        problems = check_project(project)
        assert [p.kind for p in problems] == ["attribute", "attribute"]
        assert problems[0].message == (
            "attribute type 'Mention' (id 1): values is not a JSON list of texts ('NAM|NOM')"
        )
        assert (
            "'Negated'" in problems[1].message and "entity, event, relation" in problems[1].message
        )
        db.execute("""UPDATE attribute_types SET "values" = '["NAM", 3]' WHERE name = 'Mention'""")
        db.execute("UPDATE attribute_types SET kinds = '[]', labels = '[\"PERSON\"]'")
        problems = check_project(project)
    assert [p.kind for p in problems] == ["attribute"] * 3
    assert "values is not" in problems[0].message
    assert [p.message for p in problems[1:]] == [
        "attribute type 'Mention' (id 1): labels name 'PERSON', not in the schema",
        "attribute type 'Negated' (id 2): labels name 'PERSON', not in the schema",
    ]


def test_a_foreign_version_or_application_is_reported(tmp_path: Path) -> None:
    with _healthy(tmp_path) as project:
        project.db.execute("PRAGMA user_version = 1")
        project.db.execute("PRAGMA application_id = 7")
        problems = check_project(project)
    assert [p.kind for p in problems] == ["version", "version"]
    assert "0x7" in problems[0].message
    assert "format is 1" in problems[1].message


def test_a_deleted_document_leaves_orphans_named_by_id(tmp_path: Path) -> None:
    with _healthy(tmp_path) as project:
        d2 = _doc(project.db, "d2")
        with _unchecked(project.db):
            project.db.execute("DELETE FROM documents WHERE id = ?", [d2])
        problems = check_project(project)
    orphans = [p for p in problems if p.kind == "foreign-key"]
    assert orphans and all(f"document id {d2} (missing)" in p.message for p in orphans)
    # the text, its spans, events, relations, status change and the layer's status: each
    # orphan row is listed
    assert len(orphans) == 1 + 4 + 2 + 1 + 1 + 1
    assert any("the text" in p.message for p in orphans)
    with Project.open(tmp_path / "p.annot") as project:
        limited = check_project(project, limit=3)
    assert [p.kind for p in limited] == ["foreign-key"] * 4
    assert limited[-1].message == "... and 7 more such problems"


def test_many_problems_are_listed_up_to_the_limit(tmp_path: Path) -> None:
    with Project.in_memory() as project:
        text = "word " * 300
        project.import_records([DocumentRecord(text=text, uid="big")])
        doc = _doc(project.db, "big")
        for i in range(50):
            project.apply(edits.AddSpan(doc, i * 5, i * 5 + 4, "PER"))
        project.db.execute(
            "UPDATE spans SET label_id = (SELECT id FROM labels WHERE name = 'PHYS:Located')"
        )
        problems = check_project(project, limit=10)
        assert len(problems) == 11
        assert problems[-1] == Problem("span", "... and 40 more such problems")
        assert len(check_project(project)) == 50


def test_summary_lines() -> None:
    assert summary_lines([]) == ["no problems found: the project file is healthy"]
    lines = summary_lines(
        [
            Problem("span", "document 'a' (id 1): span T1 (id 3) ...", 1),
            Problem("digest", "document 'b' (id 2): the stored digest ...", 2),
            Problem("span", "document 'a' (id 1): span T2 (id 4) ...", 1),
        ]
    )
    assert lines[0] == "3 problems found (1 digest, 2 span):"
    assert lines[1:] == [
        "  span: document 'a' (id 1): span T1 (id 3) ...",
        "  digest: document 'b' (id 2): the stored digest ...",
        "  span: document 'a' (id 1): span T2 (id 4) ...",
    ]
    assert summary_lines([Problem("file", "x")])[0] == "1 problem found (1 file):"


def test_a_damaged_file_is_reported_not_raised(tmp_path: Path) -> None:
    """Checks that cannot run (a table gone) say so and the others still run."""
    with _healthy(tmp_path) as project:
        project.db.execute("PRAGMA foreign_keys = OFF")
        project.db.execute("DROP TABLE relations")
        problems = check_project(project)
    kinds = {p.kind for p in problems}
    assert "schema" in kinds
    failed = [p for p in problems if p.message.startswith("could not check")]
    assert failed and all(p.kind == "file" for p in failed)
    assert any("relations" in p.message for p in failed)
