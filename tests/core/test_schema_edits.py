"""Schema edits: labels, roles and relation arguments change exactly and undo exactly."""

from __future__ import annotations

import pytest

from annotator.core.editing import schema_edits as se
from annotator.core.editing.edits import Changes, Edit
from annotator.core.errors import EditError
from annotator.core.model import Cardinality, Label, LabelKind, Role
from annotator.core.model.records import (
    ArgumentRecord,
    DocumentRecord,
    EventRecord,
    RelationRecord,
    SpanRecord,
)
from annotator.core.project import Project

TEXT = "Rebels attacked Homs on Sunday. Putin met Assad in Moscow."


def at(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


@pytest.fixture
def project() -> Project:
    return Project.in_memory()


@pytest.fixture
def doc(project: Project) -> int:
    spans = [
        SpanRecord("T1", *at("Rebels"), "ORG"),
        SpanRecord("T2", *at("attacked"), "Conflict:Attack"),
        SpanRecord("T3", *at("Homs"), "GPE"),
        SpanRecord("T4", *at("Sunday"), "DATE"),
        SpanRecord("T5", *at("Putin"), "PER"),
        SpanRecord("T6", *at("met"), "Contact:Meet"),
        SpanRecord("T7", *at("Assad"), "PER"),
        SpanRecord("T8", *at("Moscow"), "GPE"),
    ]
    events = [
        EventRecord(
            "E1",
            "T2",
            [
                ArgumentRecord("Attacker", "T1"),
                ArgumentRecord("Target", "T3"),
                ArgumentRecord("Time", "T4"),
            ],
        ),
        EventRecord(
            "E2",
            "T6",
            [
                ArgumentRecord("Entity", "T5"),
                ArgumentRecord("Entity", "T7"),
                ArgumentRecord("Place", "T8"),
            ],
        ),
    ]
    relations = [
        RelationRecord("R1", "PHYS:Located", "T5", "T8"),
        RelationRecord("R2", "PHYS:Located", "T1", "T3"),
        RelationRecord("R3", "ORG-AFF:Employment", "T7", "T8"),
    ]
    record = DocumentRecord(TEXT, uid="d1", spans=spans, events=events, relations=relations)
    report = project.import_records([record])
    assert report.document_ids and not report.new_labels
    return report.document_ids[0]


def dump(project: Project) -> tuple[object, ...]:
    """Every row of every table a schema edit may touch, ids included."""
    return tuple(
        (table, project.db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall())
        for table in (
            "labels",
            "roles",
            "spans",
            "events",
            "arguments",
            "relations",
            "documents",
            "project",
        )
    )


def applies_and_undoes(project: Project, edit: Edit) -> None:
    """Apply, then check that undo restores every row and redo the edited state."""
    before = dump(project)
    project.apply(edit)
    after = dump(project)
    assert after != before
    project.revert(edit)
    assert dump(project) == before
    project.apply(edit)
    assert dump(project) == after


def spans_of(project: Project, doc: int) -> list[tuple[str, str]]:
    return [(TEXT[s.start : s.end], s.label) for s in project.annotations(doc).spans]


def roles_of(project: Project, doc: int) -> list[list[str]]:
    return [[a.role for a in e.arguments] for e in project.annotations(doc).events]


def label(project: Project, name: str) -> Label:
    found = project.schema.get(name)
    assert found is not None, name
    return found


# -- usage -------------------------------------------------------------------------
def test_label_usage_counts_spans_or_relations(project: Project, doc: int) -> None:
    assert se.label_usage(project, "PER") == 2
    assert se.label_usage(project.db, "GPE") == 2
    assert se.label_usage(project, "Conflict:Attack") == 1
    assert se.label_usage(project, "PHYS:Located") == 2
    assert se.label_usage(project, "LOC") == 0
    assert se.label_usage(project, "NOPE") == 0
    assert se.role_usage(project, "Contact:Meet", "Entity") == 2
    assert se.role_usage(project, "Conflict:Attack", "Place") == 0


# -- DeleteLabel ---------------------------------------------------------------------
def test_delete_entity_label_deletes_its_annotations_and_references(
    project: Project, doc: int
) -> None:
    edit = se.DeleteLabel("PER")
    assert edit.name == "Delete label PER"
    applies_and_undoes(project, edit)
    assert project.schema.get("PER") is None
    assert [name for _, name in spans_of(project, doc)].count("PER") == 0
    assert roles_of(project, doc) == [["Attacker", "Target", "Time"], ["Place"]]
    assert [r.uid for r in project.annotations(doc).relations] == ["R2"]
    # PER is gone from fillers, heads and tails; nothing else is
    attack = label(project, "Conflict:Attack")
    attacker = attack.role("Attacker")
    assert attacker is not None and attacker.fillers == ("ORG", "GPE")
    located = label(project, "PHYS:Located")
    assert located.heads == ("ORG",) and located.tails == ("GPE", "LOC")
    # roles and relation ends that only PER could fill are reported
    assert "Life:Die role Victim" in edit.widened
    assert "ORG-AFF:Employment heads" in edit.widened
    victim = label(project, "Life:Die").role("Victim")
    assert victim is not None and victim.fillers == ()


def test_delete_event_type_deletes_triggers_events_and_roles(project: Project, doc: int) -> None:
    roles_before = project.db.execute("SELECT count(*) FROM roles").fetchone()[0]
    applies_and_undoes(project, se.DeleteLabel("Contact:Meet"))
    assert project.schema.get("Contact:Meet") is None
    annotations = project.annotations(doc)
    assert [e.type for e in annotations.events] == ["Conflict:Attack"]
    assert "met" not in [text for text, _ in spans_of(project, doc)]
    roles_after = project.db.execute("SELECT count(*) FROM roles").fetchone()[0]
    assert roles_after == roles_before - 3  # Entity, Place, Time
    # the spans that filled its roles stay
    assert ("Putin", "PER") in spans_of(project, doc)


def test_delete_relation_type_deletes_only_its_relations(project: Project, doc: int) -> None:
    applies_and_undoes(project, se.DeleteLabel("PHYS:Located"))
    assert [r.uid for r in project.annotations(doc).relations] == ["R3"]
    assert len(project.annotations(doc).spans) == 8


def test_delete_unused_label_and_unknown_label(project: Project, doc: int) -> None:
    applies_and_undoes(project, se.DeleteLabel("LOC"))
    assert len(project.annotations(doc).spans) == 8
    with pytest.raises(EditError, match="no label 'NOPE'"):
        project.apply(se.DeleteLabel("NOPE"))


def test_delete_label_reports_changed_documents(project: Project, doc: int) -> None:
    changes = project.apply(se.DeleteLabel("GPE"))
    assert changes.schema and changes.annotations and doc in changes.documents


# -- AddLabel / UpdateLabel ----------------------------------------------------------------
def test_add_label_gets_a_palette_colour_and_is_checked(project: Project, doc: int) -> None:
    edit = se.AddLabel(Label("MISC", LabelKind.ENTITY, "", key="X"))
    assert edit.name == "Add label MISC"
    applies_and_undoes(project, edit)
    misc = label(project, "MISC")
    assert misc.key == "x" and misc.color.startswith("#") and len(misc.color) == 7
    assert project.schema.labels[-1].name == "MISC"

    with pytest.raises(EditError, match="already a label 'PER'"):
        project.apply(se.AddLabel(Label("PER", LabelKind.ENTITY, "")))
    with pytest.raises(EditError, match="already used by PER"):
        project.apply(se.AddLabel(Label("X", LabelKind.EVENT, "", key="p")))
    with pytest.raises(EditError, match="keys 1-9"):
        project.apply(se.AddLabel(Label("X", LabelKind.ENTITY, "", key="3")))
    with pytest.raises(EditError, match="needs a name"):
        project.apply(se.AddLabel(Label("  ", LabelKind.ENTITY, "")))
    with pytest.raises(EditError, match="#RRGGBB"):
        project.apply(se.AddLabel(Label("X", LabelKind.ENTITY, "red")))
    with pytest.raises(EditError, match="no label 'NOPE'"):
        project.apply(se.AddLabel(Label("X", LabelKind.RELATION, "", heads=("NOPE",))))
    # a relation key lives in its own key space: "p" is free there... but taken by a relation
    with pytest.raises(EditError, match="already used by PART-WHOLE"):
        project.apply(se.AddLabel(Label("X", LabelKind.RELATION, "", key="p")))
    project.apply(se.AddLabel(Label("Y", LabelKind.RELATION, "", key="z", heads=("PER",))))
    assert label(project, "Y").heads == ("PER",)


def test_add_event_type_with_roles(project: Project, doc: int) -> None:
    role = Role("Giver", Cardinality.parse("+"), ("PER", "ORG", "Transaction:Give"))
    applies_and_undoes(
        project, se.AddLabel(Label("Transaction:Give", LabelKind.EVENT, "", roles=(role,)))
    )
    give = label(project, "Transaction:Give")
    assert give.roles == (role,)


def test_update_label_checks_keys_names_and_colours(project: Project, doc: int) -> None:
    before = dump(project)
    with pytest.raises(EditError, match="key O is already used by ORG"):
        project.apply(se.UpdateLabel("PER", key="O"))
    with pytest.raises(EditError, match="keys 1-9"):
        project.apply(se.UpdateLabel("PER", key="1"))
    with pytest.raises(EditError, match="#RRGGBB"):
        project.apply(se.UpdateLabel("PER", color="blue"))
    with pytest.raises(EditError, match="already a label 'ORG'"):
        project.apply(se.UpdateLabel("PER", new_name=" ORG "))
    with pytest.raises(EditError, match="needs a name"):
        project.apply(se.UpdateLabel("PER", new_name="  "))
    assert dump(project) == before

    # an entity key may equal a relation type's key (another key space) and its own
    project.apply(se.UpdateLabel("PER", key="P"))
    assert label(project, "PER").key == "p"
    rekey = se.UpdateLabel("PER", key="C")  # "c" is GEN-AFF's, a relation type
    assert rekey.name == "Change the key of label PER"
    applies_and_undoes(project, rekey)
    assert label(project, "PER").key == "c"
    clear = se.UpdateLabel("PER", key="")
    project.apply(clear)
    assert label(project, "PER").key is None
    recolour = se.UpdateLabel("PER", color="#123456")
    assert recolour.name == "Recolour label PER"
    applies_and_undoes(project, recolour)


def test_rename_label_follows_annotations_and_undoes_exactly(project: Project, doc: int) -> None:
    rename = se.UpdateLabel("PER", new_name="PERSON")
    assert rename.name == "Rename label PER to PERSON"
    applies_and_undoes(project, rename)
    assert ("Putin", "PERSON") in spans_of(project, doc)
    assert "PERSON" in label(project, "PHYS:Located").heads


def test_key_conflict_helper(project: Project) -> None:
    schema = project.schema
    assert se.key_conflict(schema, "PER", "p") is None
    assert se.key_conflict(schema, "PER", None) is None
    assert se.key_conflict(schema, "PER", "") is None
    assert se.key_conflict(schema, "PER", "o") == "key O is already used by ORG"
    assert se.key_conflict(schema, "PER", "A") == "key A is already used by Conflict:Attack"
    assert se.key_conflict(schema, "PER", "c") is None  # a relation type's key
    assert se.key_conflict(schema, "PHYS:Located", "e") == (
        "key E is already used by ORG-AFF:Employment"
    )
    assert se.key_conflict(schema, "NEW", "c", LabelKind.RELATION) is not None
    assert "1-9" in (se.key_conflict(schema, "PER", "5") or "")
    assert "single character" in (se.key_conflict(schema, "PER", "ab") or "")
    assert se.schema_key_conflicts(schema) == []


# -- roles ---------------------------------------------------------------------------
def test_add_role(project: Project, doc: int) -> None:
    edit = se.AddRole("Conflict:Attack", Role("Instrument", Cardinality.parse("?"), ("ORG",)))
    assert edit.name == "Add role Instrument to Conflict:Attack"
    applies_and_undoes(project, edit)
    attack = label(project, "Conflict:Attack")
    assert attack.roles[-1] == Role("Instrument", Cardinality(0, 1), ("ORG",))

    with pytest.raises(EditError, match="already has a role 'Target'"):
        project.apply(se.AddRole("Conflict:Attack", Role("Target")))
    with pytest.raises(EditError, match="'PER' is a entity label, not event"):
        project.apply(se.AddRole("PER", Role("X")))
    with pytest.raises(EditError, match="no label 'NOPE'"):
        project.apply(se.AddRole("Conflict:Attack", Role("X", fillers=("NOPE",))))
    with pytest.raises(EditError, match="is a relation type"):
        project.apply(se.AddRole("Conflict:Attack", Role("X", fillers=("PHYS:Located",))))
    with pytest.raises(EditError, match="needs a name"):
        project.apply(se.AddRole("Conflict:Attack", Role(" ")))


def test_rename_role_renames_arguments_of_that_event_type_only(project: Project, doc: int) -> None:
    # Life:Die and Contact:Meet also have roles named Place/Entity: they must not change
    edit = se.UpdateRole("Contact:Meet", "Entity", new_name="Participant")
    assert edit.name == "Rename role Entity to Participant"
    changes = project.apply(edit)
    assert doc in changes.documents and changes.schema
    project.revert(edit)
    applies_and_undoes(project, edit)
    assert roles_of(project, doc) == [
        ["Attacker", "Target", "Time"],
        ["Participant", "Participant", "Place"],
    ]
    meet = label(project, "Contact:Meet")
    assert [r.name for r in meet.roles] == ["Participant", "Place", "Time"]
    assert label(project, "Personnel:End-Position").role("Entity") is not None

    attack = se.UpdateRole("Conflict:Attack", "Attacker", new_name="Assailant")
    assert attack.name == "Rename role Attacker to Assailant"
    project.apply(attack)
    assert roles_of(project, doc)[0] == ["Assailant", "Target", "Time"]


def test_update_role_cardinality_and_fillers(project: Project, doc: int) -> None:
    edit = se.UpdateRole("Conflict:Attack", "Target", cardinality="{1-3}", fillers=["GPE", "LOC"])
    applies_and_undoes(project, edit)
    target = label(project, "Conflict:Attack").role("Target")
    assert target == Role("Target", Cardinality(1, 3), ("GPE", "LOC"))
    project.apply(se.UpdateRole("Conflict:Attack", "Target", cardinality=Cardinality(0, None)))
    target = label(project, "Conflict:Attack").role("Target")
    assert target is not None and str(target.cardinality) == "*"
    assert target.fillers == ("GPE", "LOC")
    assert roles_of(project, doc)[0] == ["Attacker", "Target", "Time"]  # arguments kept

    before = dump(project)
    with pytest.raises(EditError, match="invalid cardinality"):
        project.apply(se.UpdateRole("Conflict:Attack", "Target", cardinality="{3-1}"))
    with pytest.raises(EditError, match="invalid cardinality"):
        project.apply(se.UpdateRole("Conflict:Attack", "Target", cardinality="many"))
    with pytest.raises(EditError, match="has no role 'Nope'"):
        project.apply(se.UpdateRole("Conflict:Attack", "Nope", new_name="X"))
    with pytest.raises(EditError, match="already has a role 'Time'"):
        project.apply(se.UpdateRole("Conflict:Attack", "Target", new_name="Time"))
    with pytest.raises(EditError, match="no label 'NOPE'"):
        project.apply(se.UpdateRole("Conflict:Attack", "Target", fillers=["NOPE"]))
    assert dump(project) == before


def test_delete_role_deletes_its_arguments(project: Project, doc: int) -> None:
    edit = se.DeleteRole("Contact:Meet", "Entity")
    assert edit.name == "Delete role Entity of Contact:Meet"
    changes = project.apply(edit)
    assert doc in changes.documents
    project.revert(edit)
    applies_and_undoes(project, edit)
    assert roles_of(project, doc) == [["Attacker", "Target", "Time"], ["Place"]]
    assert [r.name for r in label(project, "Contact:Meet").roles] == ["Place", "Time"]
    with pytest.raises(EditError, match="has no role 'Entity'"):
        project.apply(se.DeleteRole("Contact:Meet", "Entity"))


# -- relation arguments ----------------------------------------------------------------
def test_set_relation_arguments(project: Project, doc: int) -> None:
    edit = se.SetRelationArguments("PHYS:Located", ["PER", "GPE", "PER"], [])
    applies_and_undoes(project, edit)
    located = label(project, "PHYS:Located")
    assert located.heads == ("PER", "GPE") and located.tails == ()
    assert len(project.annotations(doc).relations) == 3  # relations are kept

    with pytest.raises(EditError, match="entity label, not relation"):
        project.apply(se.SetRelationArguments("PER", [], []))
    with pytest.raises(EditError, match="is a relation type"):
        project.apply(se.SetRelationArguments("PHYS:Located", ["ORG-AFF:Employment"], []))
    with pytest.raises(EditError, match="no label 'NOPE'"):
        project.apply(se.SetRelationArguments("PHYS:Located", [], ["NOPE"]))


def test_schema_key_conflicts_lists_conflicts_already_stored(project: Project) -> None:
    # a conflict can only come from outside the edits (an older file): write it directly
    project.db.execute("UPDATE labels SET key = 'p' WHERE name = 'ORG'")
    project.changed_elsewhere(Changes(frozenset({"labels"}), frozenset()))
    assert se.schema_key_conflicts(project.schema) == ["key P is given to PER and ORG"]
