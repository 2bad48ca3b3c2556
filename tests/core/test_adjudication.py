"""Adjudication: comparing annotators' layers and writing the gold (issue 17)."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.editing.adjudication import (
    AcceptAgreed,
    CopyLayer,
    MarkAdjudicated,
    PickVersion,
    Piece,
    Unit,
    Version,
    disagreements,
    units,
)
from annotator.core.editing.attachments import (
    AddAttributeTypes,
    AddNormalization,
    LinkCoreference,
    SetAttribute,
    SetNote,
)
from annotator.core.editing.edits import (
    ANNOTATION_TABLES,
    AddArgument,
    AddRelation,
    AddSpan,
    CreateEvent,
    Edit,
)
from annotator.core.errors import EditError
from annotator.core.model import AttributeType, Status, Target
from annotator.core.model.records import DocumentRecord
from annotator.core.model.types import TargetKind
from annotator.core.project import Project

TEXT = "John Smith met troops in Paris. The troops fired on the crowd."
#       0    5    10  14     21 24   29 31  35     42    48 51  55   60


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


JOHN = at("John")
JOHN_SMITH = at("John Smith")
TROOPS = at("troops", 1)
FIRED = at("fired")
PARIS = at("Paris")
MET = at("met")
CROWD = at("crowd")


@pytest.fixture
def project() -> Project:
    project = Project.in_memory()
    project.import_records([DocumentRecord(text=TEXT, uid="d1")])
    project.apply(
        AddAttributeTypes([AttributeType("Negated"), AttributeType("Certainty", ("high", "low"))])
    )
    return project


@pytest.fixture
def doc(project: Project) -> int:
    (doc,) = project.document_ids()
    return doc


def run(project: Project, edit: Edit) -> Edit:
    project.apply(edit)
    return edit


def span(project: Project, doc: int, extent: tuple[int, int], label: str) -> int:
    edit = AddSpan(doc, extent[0], extent[1], label)
    project.apply(edit)
    assert edit.span_id is not None
    return edit.span_id


def event(project: Project, doc: int, extent: tuple[int, int], kind: str) -> int:
    edit = CreateEvent(doc, extent[0], extent[1], kind)
    project.apply(edit)
    assert edit.event_id is not None
    return edit.event_id


def relation(project: Project, kind: str, head: int, tail: int) -> int:
    edit = AddRelation(kind, head, tail)
    project.apply(edit)
    assert edit.relation_id is not None
    return edit.relation_id


def annotate_alice(project: Project, doc: int) -> dict[str, int]:
    project.use_layer("alice")
    john = span(project, doc, JOHN_SMITH, "PER")
    paris = span(project, doc, PARIS, "GPE")
    troops = span(project, doc, TROOPS, "ORG")
    attack = event(project, doc, FIRED, "Conflict:Attack")
    project.apply(AddArgument(attack, "Attacker", span_id=troops))
    located = relation(project, "PHYS:Located", john, paris)
    project.apply(SetAttribute(Target(TargetKind.SPAN, john), "Certainty", "high"))
    project.apply(SetAttribute(Target(TargetKind.EVENT, attack), "Negated"))
    project.apply(AddNormalization(Target(TargetKind.SPAN, paris), "Wikidata", "Q90", "Paris"))
    project.apply(SetNote(Target(TargetKind.RELATION, located), "he was there"))
    return {"john": john, "paris": paris, "troops": troops, "attack": attack, "located": located}


def annotate_bob(project: Project, doc: int) -> dict[str, int]:
    project.use_layer("bob")
    john = span(project, doc, JOHN, "PER")  # shorter than alice's
    paris = span(project, doc, PARIS, "GPE")  # same as alice
    troops = span(project, doc, TROOPS, "ORG")
    crowd = span(project, doc, CROWD, "PER")
    attack = event(project, doc, FIRED, "Conflict:Attack")
    project.apply(AddArgument(attack, "Attacker", span_id=troops))
    project.apply(AddArgument(attack, "Target", span_id=crowd))
    located = relation(project, "PHYS:Located", john, paris)
    return {"john": john, "paris": paris, "troops": troops, "attack": attack, "located": located}


@pytest.fixture
def two(project: Project, doc: int) -> Project:
    annotate_alice(project, doc)
    annotate_bob(project, doc)
    project.use_layer(None)
    return project


def unit_at(found: list[Unit], extent: tuple[int, int], kind: str = "span") -> Unit:
    for unit in found:
        if unit.kind == kind and unit.start <= extent[0] and extent[1] <= unit.end:
            return unit
    raise AssertionError(f"no {kind} unit at {extent}")


def snapshot(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    tables = sorted(ANNOTATION_TABLES | {"layer_status", "documents"})
    return {
        table: sorted(tuple(row) for row in project.db.execute(f"SELECT * FROM {table}"))
        for table in tables
    }


def gold_pieces(project: Project, doc: int) -> list[str]:
    return sorted(
        piece.describe(TEXT) for unit in units(project, doc) for piece in unit.gold.pieces
    )


# -- comparing -------------------------------------------------------------------------
def test_units_group_overlapping_spans_and_agree_on_identical_ones(two: Project, doc: int) -> None:
    found = units(two, doc)
    assert [u.index for u in found] == list(range(len(found)))
    order = [(u.start, u.kind != "span") for u in found]  # by start, span units first
    assert order == sorted(order)
    john = unit_at(found, JOHN_SMITH)
    assert (john.start, john.end) == JOHN_SMITH  # "John" and "John Smith" overlap: one unit
    assert [v.annotator for v in john.versions] == ["alice", "bob"]
    assert john.version("alice").pieces == (Piece("span", "PER", *JOHN_SMITH),)
    assert john.version("bob").pieces == (Piece("span", "PER", *JOHN),)
    assert not john.agreed and not john.resolved
    assert john.gold == Version("gold", ())
    paris = unit_at(found, PARIS)
    assert paris.agreed and not paris.resolved
    troops = unit_at(found, TROOPS)
    assert troops.agreed
    fired = unit_at(found, FIRED)
    assert fired.version("alice").pieces == (
        Piece("event", "Conflict:Attack", *FIRED, arguments=(("Attacker", *TROOPS, "ORG"),)),
    )
    assert fired.version("bob").describe(TEXT) == (
        'Conflict:Attack "fired" (Attacker: "troops", Target: "crowd")'
    )
    assert not fired.agreed
    crowd = unit_at(found, CROWD)
    assert crowd.version("alice").pieces == ()  # alice has nothing there
    assert crowd.version("alice").describe(TEXT) == "(nothing)"
    assert not crowd.agreed
    # relations: grouped by head and tail extents, so the two differ
    relations = [u for u in found if u.kind == "relation"]
    assert len(relations) == 2
    alice_rel = next(u for u in relations if u.version("alice").pieces)
    assert alice_rel.version("bob").pieces == ()
    assert alice_rel.version("alice").describe(TEXT) == 'PHYS:Located "John Smith" -> "Paris"'
    assert (alice_rel.start, alice_rel.end) == (JOHN_SMITH[0], PARIS[1])
    assert {u.start for u in disagreements(found)} == {0, CROWD[0], FIRED[0]}
    assert len(disagreements(found)) == 5  # John, fired, crowd, two relations


def test_default_annotators_and_an_explicit_order(two: Project, doc: int) -> None:
    found = units(two, doc, ["bob", "alice"])
    assert [v.annotator for v in found[0].versions] == ["bob", "alice"]
    assert [v.annotator for v in units(two, doc)[0].versions] == ["alice", "bob"]


def test_two_events_on_one_trigger_give_two_pieces(project: Project, doc: int) -> None:
    project.use_layer("alice")
    attack = CreateEvent(doc, *FIRED, "Conflict:Attack")
    project.apply(attack)
    from annotator.core.editing.edits import AddEvent

    assert attack.span_id is not None
    project.apply(AddEvent(attack.span_id))
    (unit,) = units(project, doc)
    assert [p.kind for p in unit.version("alice").pieces] == ["event", "event"]


# -- picking ---------------------------------------------------------------------------
def test_pick_version_copies_spans_exactly_and_replaces_the_previous_pick(
    two: Project, doc: int
) -> None:
    john = unit_at(units(two, doc), JOHN_SMITH)
    pick = PickVersion(doc, john, "alice")
    assert pick.name == "Take alice's version"
    two.apply(pick)
    gold = two.annotations(doc, "gold")
    (span_,) = gold.spans
    assert (span_.start, span_.end, span_.label) == (*JOHN_SMITH, "PER")
    (attribute,) = gold.attributes
    assert (attribute.name, attribute.value, attribute.target) == (
        "Certainty",
        "high",
        Target(TargetKind.SPAN, span_.id),
    )
    john = unit_at(units(two, doc), JOHN_SMITH)
    assert john.gold.pieces == john.version("alice").pieces and john.resolved
    with pytest.raises(EditError, match="already holds alice's version here"):
        two.apply(PickVersion(doc, john, "alice"))
    two.apply(PickVersion(doc, john, "bob"))
    gold = two.annotations(doc, "gold")
    assert [(s.start, s.end, s.label) for s in gold.spans] == [(*JOHN, "PER")]
    assert gold.attributes == ()  # bob set none
    john = unit_at(units(two, doc), JOHN_SMITH)
    two.apply(PickVersion(doc, john, None))
    assert two.annotations(doc, "gold").spans == ()
    with pytest.raises(EditError, match="already has nothing here"):
        two.apply(PickVersion(doc, unit_at(units(two, doc), JOHN_SMITH), None))


def test_pick_version_copies_an_event_with_arguments_and_missing_fillers(
    two: Project, doc: int
) -> None:
    fired = unit_at(units(two, doc), FIRED)
    two.apply(PickVersion(doc, fired, "bob"))
    gold = two.annotations(doc, "gold")
    spans = {s.id: s for s in gold.spans}
    (ev,) = gold.events
    assert ev.type == "Conflict:Attack"
    assert (spans[ev.trigger_id].start, spans[ev.trigger_id].end) == FIRED
    arguments = sorted(
        (a.role, spans[a.span_id].start, spans[a.span_id].end, spans[a.span_id].label)
        for a in ev.arguments
        if a.span_id is not None
    )
    assert arguments == [("Attacker", *TROOPS, "ORG"), ("Target", *CROWD, "PER")]
    # the fillers came along as gold spans, so their units are now in the gold
    found = units(two, doc)
    assert unit_at(found, TROOPS).gold.pieces == (Piece("span", "ORG", *TROOPS),)
    assert unit_at(found, FIRED).gold == Version(
        "gold", unit_at(found, FIRED).version("bob").pieces
    )
    # alice's version then: the event with her attribute, one argument; troops stays
    two.apply(PickVersion(doc, unit_at(found, FIRED), "alice"))
    gold = two.annotations(doc, "gold")
    (ev,) = gold.events
    assert [a.role for a in ev.arguments] == ["Attacker"]
    assert [(a.name, a.target) for a in gold.attributes] == [
        ("Negated", Target(TargetKind.EVENT, ev.id))
    ]
    assert len([s for s in gold.spans if (s.start, s.end) == TROOPS]) == 1


def test_pick_version_of_a_relation_copies_its_ends(two: Project, doc: int) -> None:
    found = units(two, doc)
    alice_rel = next(u for u in found if u.kind == "relation" and u.version("alice").pieces)
    two.apply(PickVersion(doc, alice_rel, "alice"))
    gold = two.annotations(doc, "gold")
    spans = {s.id: s for s in gold.spans}
    (rel,) = gold.relations
    assert rel.type == "PHYS:Located"
    assert (spans[rel.head_id].start, spans[rel.head_id].end, spans[rel.head_id].label) == (
        *JOHN_SMITH,
        "PER",
    )
    assert (spans[rel.tail_id].start, spans[rel.tail_id].end) == PARIS
    (note,) = gold.notes
    assert (note.text, note.target) == ("he was there", Target(TargetKind.RELATION, rel.id))
    (norm,) = gold.normalizations  # Paris came with its normalization
    assert (norm.resource, norm.ref, norm.target) == (
        "Wikidata",
        "Q90",
        Target(TargetKind.SPAN, rel.tail_id),
    )
    # the ends are now gold at their own units
    found = units(two, doc)
    assert (
        unit_at(found, JOHN_SMITH).gold.pieces == unit_at(found, JOHN_SMITH).version("alice").pieces
    )


def test_undo_and_redo_restore_exactly(two: Project, doc: int) -> None:
    before = snapshot(two)
    edits: list[Edit] = []
    for extent in (JOHN_SMITH, FIRED):
        edit = PickVersion(doc, unit_at(units(two, doc), extent), "bob")
        two.apply(edit)
        edits.append(edit)
    rel = next(u for u in units(two, doc) if u.kind == "relation" and u.version("alice").pieces)
    edits.append(run(two, PickVersion(doc, rel, "alice")))
    edits.append(run(two, MarkAdjudicated(doc)))
    after = snapshot(two)
    for done in reversed(edits):
        two.revert(done)
    assert snapshot(two) == before
    for done in edits:
        two.apply(done)
    assert snapshot(two) == after


def test_edits_write_the_gold_whatever_layer_is_being_edited(two: Project, doc: int) -> None:
    two.use_layer("alice")
    alice_before = two.annotations(doc, "alice")
    two.apply(PickVersion(doc, unit_at(units(two, doc), JOHN_SMITH), "bob"))
    assert two.annotations(doc, "alice") == alice_before
    assert len(two.annotations(doc, "gold").spans) == 1


def test_stale_units_are_refused(two: Project, doc: int) -> None:
    john = unit_at(units(two, doc), JOHN_SMITH)
    two.apply(PickVersion(doc, john, "alice"))
    with pytest.raises(EditError, match="compare again"):
        two.apply(PickVersion(doc, john, "bob"))  # john.gold is empty, the gold is not
    with pytest.raises(EditError, match="not compared"):
        two.apply(PickVersion(doc, john, "carol"))


# -- whole-document edits ----------------------------------------------------------------
def test_accept_agreed(two: Project, doc: int) -> None:
    found = units(two, doc)
    accept = AcceptAgreed(doc, found)
    assert accept.name == "Accept 2 agreed annotations"  # Paris and troops
    two.apply(accept)
    assert gold_pieces(two, doc) == ['GPE "Paris"', 'ORG "troops"']
    gold = two.annotations(doc, "gold")
    (norm,) = gold.normalizations  # alice's (the first compared) normalization of Paris
    assert norm.ref == "Q90"
    found = units(two, doc)
    assert unit_at(found, PARIS).resolved
    with pytest.raises(EditError, match="no agreed annotations"):
        two.apply(AcceptAgreed(doc, found))
    two.revert(accept)
    assert two.annotations(doc, "gold").spans == ()


def test_accept_agreed_leaves_hand_edited_units(two: Project, doc: int) -> None:
    two.use_layer("gold")
    span(two, doc, PARIS, "LOC")
    accept = AcceptAgreed(doc, units(two, doc))
    assert accept.name == "Accept 1 agreed annotation"
    two.apply(accept)
    assert gold_pieces(two, doc) == ['LOC "Paris"', 'ORG "troops"']


def test_copy_layer(two: Project, doc: int) -> None:
    two.apply(PickVersion(doc, unit_at(units(two, doc), CROWD), "bob"))
    copy = CopyLayer(doc, "alice")
    assert copy.name == "Copy alice's layer to the gold"
    two.apply(copy)
    alice = two.annotations(doc, "alice")
    gold = two.annotations(doc, "gold")

    def content(found: Any) -> Any:
        spans = {s.id: (s.start, s.end, s.label) for s in found.spans}
        events = {e.id: (spans[e.trigger_id], e.type) for e in found.events}
        relations = {r.id: (r.type, spans[r.head_id], spans[r.tail_id]) for r in found.relations}
        targets: dict[TargetKind, dict[int, Any]] = {
            TargetKind.SPAN: spans,
            TargetKind.EVENT: events,
            TargetKind.RELATION: relations,
        }
        return (
            sorted(spans.values()),
            sorted(
                (
                    events[e.id],
                    tuple((a.role, spans[a.span_id]) for a in e.arguments if a.span_id),
                )
                for e in found.events
            ),
            sorted(relations.values()),
            sorted(
                (a.name, a.value, targets[a.target.kind][a.target.id]) for a in found.attributes
            ),
            sorted((n.ref, targets[n.target.kind][n.target.id]) for n in found.normalizations),
            sorted((n.text, targets[n.target.kind][n.target.id]) for n in found.notes),
        )

    assert content(gold) == content(alice)
    assert not [s for s in gold.spans if (s.start, s.end) == CROWD]  # bob's pick replaced
    with pytest.raises(EditError, match="already is a copy of alice's layer"):
        two.apply(CopyLayer(doc, "alice"))
    with pytest.raises(EditError, match="carol has no layer"):
        two.apply(CopyLayer(doc, "carol"))
    assert all(u.resolved for u in units(two, doc) if u.version("alice").pieces)


def test_copy_layer_copies_chains_and_event_fillers(project: Project, doc: int) -> None:
    project.use_layer("alice")
    john = span(project, doc, JOHN_SMITH, "PER")
    troops1 = span(project, doc, at("troops"), "ORG")
    troops2 = span(project, doc, TROOPS, "ORG")
    meet = event(project, doc, MET, "Contact:Meet")
    attack = event(project, doc, FIRED, "Conflict:Attack")
    project.apply(AddArgument(meet, "Entity", span_id=john))
    project.apply(AddArgument(attack, "Place", event_ref_id=meet))  # an event filler
    project.apply(LinkCoreference([troops1, troops2]))
    project.use_layer(None)
    project.apply(CopyLayer(doc, "alice"))
    gold = project.annotations(doc, "gold")
    (chain,) = gold.chains
    spans = {s.id: s for s in gold.spans}
    assert sorted((spans[m].start, spans[m].end) for m in chain.members) == [at("troops"), TROOPS]
    by_type = {e.type: e for e in gold.events}
    (ref,) = by_type["Conflict:Attack"].arguments
    assert ref.event_ref_id == by_type["Contact:Meet"].id


def test_pick_version_with_an_event_filler(project: Project, doc: int) -> None:
    project.use_layer("alice")
    meet = event(project, doc, MET, "Contact:Meet")
    attack = event(project, doc, FIRED, "Conflict:Attack")
    project.apply(AddArgument(attack, "Place", event_ref_id=meet))
    project.use_layer(None)
    fired = unit_at(units(project, doc), FIRED)
    assert fired.version("alice").pieces[0].arguments == (("Place", *MET, "Contact:Meet"),)
    # the gold has no Contact:Meet event yet: the argument is left out
    project.apply(PickVersion(doc, fired, "alice"))
    (ev,) = project.annotations(doc, "gold").events
    assert ev.arguments == ()
    # with the meeting in the gold, picking again brings the argument
    project.apply(PickVersion(doc, unit_at(units(project, doc), MET), "alice"))
    fired = unit_at(units(project, doc), FIRED)
    assert not fired.resolved or fired.gold.pieces != fired.version("alice").pieces
    project.apply(PickVersion(doc, fired, "alice"))
    gold = project.annotations(doc, "gold")
    by_type = {e.type: e for e in gold.events}
    (ref,) = by_type["Conflict:Attack"].arguments
    assert ref.event_ref_id == by_type["Contact:Meet"].id


def test_mark_adjudicated(two: Project, doc: int) -> None:
    two.apply(CopyLayer(doc, "bob"))
    mark = MarkAdjudicated(doc)
    assert mark.name == "Mark adjudicated"
    two.apply(mark)
    assert two.adjudicated() == {doc}
    assert two.layers(doc)["gold"] == Status.DONE
    assert two.document(doc).status == Status.DONE
    with pytest.raises(EditError, match="already marked adjudicated"):
        two.apply(MarkAdjudicated(doc))
    back = MarkAdjudicated(doc, done=False)
    two.apply(back)
    assert two.adjudicated() == set()
    assert two.layers(doc)["gold"] == Status.TODO
    two.revert(back)
    assert two.adjudicated() == {doc}
    two.revert(mark)
    assert two.adjudicated() == set()
    assert two.document(doc).status == Status.TODO


def test_the_gold_export_reads_the_adjudicated_annotations(two: Project, doc: int) -> None:
    assert two.undecided([doc]) == [doc]
    found = units(two, doc)
    two.apply(AcceptAgreed(doc, found))
    for extent in (JOHN, FIRED, CROWD):  # each pick changes the gold: compare again
        unit = unit_at(units(two, doc), extent)
        if unit.gold.pieces != unit.version("bob").pieces:
            two.apply(PickVersion(doc, unit, "bob"))
    two.apply(MarkAdjudicated(doc))
    ((document, exported),) = list(two.annotated_documents([doc]))
    assert document.id == doc
    spans = {s.id: s for s in exported.spans}
    assert sorted((s.start, s.end, s.label) for s in exported.spans) == sorted(
        [
            (*JOHN, "PER"),
            (*PARIS, "GPE"),
            (*TROOPS, "ORG"),
            (*CROWD, "PER"),
            (*FIRED, "Conflict:Attack"),
        ]
    )
    (ev,) = exported.events
    assert sorted(a.role for a in ev.arguments) == ["Attacker", "Target"]
    assert exported.relations == ()  # no relation was picked
    assert all(spans[a.span_id] for a in ev.arguments if a.span_id)
    assert two.undecided([doc]) == []


def test_three_annotators(two: Project, doc: int) -> None:
    two.use_layer("carol")
    span(two, doc, at("Smith"), "PER")
    span(two, doc, PARIS, "GPE")
    two.use_layer(None)
    found = units(two, doc)
    assert [v.annotator for v in found[0].versions] == ["alice", "bob", "carol"]
    john = unit_at(found, JOHN_SMITH)
    assert john.version("carol").pieces == (Piece("span", "PER", *at("Smith")),)
    assert unit_at(found, PARIS).agreed
    assert not unit_at(found, TROOPS).agreed  # carol has nothing there
    two.apply(PickVersion(doc, john, "carol"))
    assert gold_pieces(two, doc) == ['PER "Smith"']
    accept = AcceptAgreed(doc, units(two, doc))
    assert accept.name == "Accept 1 agreed annotation"
    # only the two of them
    pair = units(two, doc, ["alice", "bob"])
    assert len([u for u in pair if u.agreed]) == 2


def test_errors(two: Project, doc: int) -> None:
    with pytest.raises(EditError, match="no agreed"):
        two.apply(AcceptAgreed(doc, []))
    with pytest.raises(EditError, match="not marked adjudicated"):
        two.apply(MarkAdjudicated(doc, done=False))
    with pytest.raises(EditError, match="not the gold"):
        two.apply(CopyLayer(doc, "gold"))
    with pytest.raises(EditError, match="no document"):
        two.apply(MarkAdjudicated(doc + 99))


def test_accept_agreed_events_share_their_copied_fillers(project: Project, doc: int) -> None:
    for name in ("alice", "bob"):
        project.use_layer(name)
        troops = span(project, doc, TROOPS, "ORG")
        attack = event(project, doc, FIRED, "Conflict:Attack")
        project.apply(AddArgument(attack, "Attacker", span_id=troops))
        paris = span(project, doc, PARIS, "GPE")
        relation(project, "PHYS:Located", troops, paris)
    project.use_layer(None)
    found = units(project, doc)
    assert all(unit.agreed for unit in found)
    accept = AcceptAgreed(doc, found)
    assert accept.name == "Accept 4 agreed annotations"
    project.apply(accept)
    gold = project.annotations(doc, "gold")
    assert sorted((s.start, s.end, s.label) for s in gold.spans) == sorted(
        [(*TROOPS, "ORG"), (*FIRED, "Conflict:Attack"), (*PARIS, "GPE")]
    )
    (ev,) = gold.events
    (rel,) = gold.relations
    assert ev.arguments[0].span_id == rel.head_id
    assert all(unit.resolved and unit.in_gold for unit in units(project, doc))


def test_accept_agreed_skips_places_the_gold_gained_since(two: Project, doc: int) -> None:
    found = units(two, doc)
    two.apply(PickVersion(doc, unit_at(found, PARIS), "alice"))
    accept = AcceptAgreed(doc, found)  # stale: Paris is in the gold now
    two.apply(accept)
    assert accept.name == "Accept 1 agreed annotation"
    assert gold_pieces(two, doc) == ['GPE "Paris"', 'ORG "troops"']


def test_pick_version_keeps_gold_spans_both_versions_have(project: Project, doc: int) -> None:
    smith = at("Smith")
    for name, other, certainty in (("alice", JOHN_SMITH, "high"), ("bob", JOHN, "low")):
        project.use_layer(name)
        span(project, doc, other, "PER")
        kept = span(project, doc, smith, "PER")
        project.apply(SetAttribute(Target(TargetKind.SPAN, kept), "Certainty", certainty))
        paris = span(project, doc, PARIS, "GPE")
        relation(project, "PHYS:Located", kept, paris)
    project.use_layer(None)
    (unit,) = [u for u in units(project, doc) if u.start == 0]
    project.apply(PickVersion(doc, unit, "alice"))
    rel = next(u for u in units(project, doc) if u.kind == "relation")
    project.apply(PickVersion(doc, rel, "alice"))
    gold = project.annotations(doc, "gold")
    smith_id = next(s.id for s in gold.spans if (s.start, s.end) == smith)
    (unit,) = [u for u in units(project, doc) if u.start == 0]
    project.apply(PickVersion(doc, unit, "bob"))
    gold = project.annotations(doc, "gold")
    assert sorted((s.start, s.end) for s in gold.spans) == sorted([JOHN, smith, PARIS])
    assert next(s.id for s in gold.spans if (s.start, s.end) == smith) == smith_id
    assert [(r.head_id) for r in gold.relations] == [smith_id]  # the relation on it stays
    (attribute,) = gold.attributes
    assert (attribute.value, attribute.target) == ("low", Target(TargetKind.SPAN, smith_id))
