"""Agreement over a real project's layers (issue 17).

These need the layer facade of annotator/core/project.py (``use_layer``, ``layers``,
``shared_documents``, ``annotations(doc, layer=...)``); they are skipped where it
is missing.
"""

from __future__ import annotations

import pytest

from annotator.core.analysis.agreement import format_table, measure
from annotator.core.editing.edits import AddArgument, AddRelation, AddSpan, CreateEvent
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project

pytestmark = pytest.mark.skipif(
    not all(hasattr(Project, name) for name in ("use_layer", "layers", "shared_documents")),
    reason="needs the annotators' layers of issue 17 in the Project facade",
)

TEXT = "Police arrested Alice in Paris on Monday."
#       0     6 7      15 16   21 24   29 30 32 33   39


@pytest.fixture
def project() -> Project:
    project = Project.in_memory()  # the news schema: PER ORG GPE LOC DATE, ACE events
    report = project.import_records(
        [DocumentRecord(text=TEXT, uid="d1"), DocumentRecord(text="Bob slept.", uid="d2")]
    )
    assert report.document_ids is not None
    return project


def ids(project: Project) -> list[int]:
    return [doc for doc in project.document_ids()]


def annotate(project: Project, name: str, doc: int, spans: list[tuple[int, int, str]]) -> None:
    project.use_layer(name)
    for start, end, label in spans:
        project.apply(AddSpan(doc, start, end, label))


def test_span_figures_over_two_layers_gold_left_out(project: Project) -> None:
    doc1, doc2 = ids(project)
    annotate(project, "alice", doc1, [(0, 6, "ORG"), (16, 21, "PER"), (25, 30, "GPE")])
    annotate(project, "bob", doc1, [(0, 6, "ORG"), (16, 21, "PER"), (24, 30, "GPE")])
    annotate(project, "gold", doc1, [(0, 6, "ORG")])
    annotate(project, "alice", doc2, [(0, 3, "PER")])  # only alice: not shared
    report = measure(project)
    assert report.annotators == ("alice", "bob")
    assert report.documents == 1
    (pair,) = report.pairs
    # exact: ORG and PER match, GPE 25-30 vs 24-30 not: 2 * 2 / (3 + 3) = 2/3
    assert pair.overall.span_f1_exact == pytest.approx(2 / 3)
    assert pair.overall.span_f1_overlap == 1.0
    assert pair.labels["GPE"].span_f1_exact == 0.0
    assert pair.labels["PER"].span_f1_exact == 1.0
    # tokens: Police arrested Alice in Paris on Monday . -> every token labelled the same
    assert pair.overall.cohen_kappa == 1.0
    assert report.per_document[0].uid == "d1"
    assert "alice / bob" in format_table(report)
    # the gold takes part when named
    with_gold = measure(project, annotators=["alice", "gold"])
    assert with_gold.annotators == ("alice", "gold")
    assert with_gold.pairs[0].overall.span_f1_exact == pytest.approx(2 * 1 / (3 + 1))


def test_event_and_relation_figures(project: Project) -> None:
    doc1, _ = ids(project)
    for name, role in (("alice", "Person"), ("bob", "Place")):
        project.use_layer(name)
        police = AddSpan(doc1, 0, 6, "ORG")
        alice = AddSpan(doc1, 16, 21, "PER")
        paris = AddSpan(doc1, 25, 30, "GPE")
        event = CreateEvent(doc1, 7, 15, "Justice:Arrest-Jail")
        for edit in (police, alice, paris, event):
            project.apply(edit)
        assert event.event_id is not None and alice.span_id is not None
        assert police.span_id is not None and paris.span_id is not None
        project.apply(AddArgument(event.event_id, "Agent", span_id=police.span_id))
        project.apply(AddArgument(event.event_id, role, span_id=alice.span_id))
        project.apply(AddRelation("PHYS:Located", alice.span_id, paris.span_id))
    report = measure(project)
    (pair,) = report.pairs
    assert pair.overall.trigger_f1 == 1.0
    # Agent matches, Person vs Place does not: 2 * 1 / (2 + 2)
    assert pair.overall.argument_f1 == 0.5
    assert pair.overall.relation_f1 == 1.0
    assert pair.overall.span_f1_exact == 1.0  # the trigger is not an entity span
    assert pair.labels["Justice:Arrest-Jail"].argument_f1 == 0.5
