"""brat's example corpora through a project and back: every line kept.

tests/data/brat/ (see its README.md) holds documents of brat's news tutorial and of
the BioNLP-ST 2011 GE corpus as brat ships them, plus a hand-made document with
what those lack (N lines, fragments). Each is imported through the public path
(``formats.read`` + ``ImportDocuments``, as ``annotator import`` does), exported
with ``formats.export_project``, and the two ``.ann`` files are compared line by
line after replacing every id by the annotation it names.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.core.editing.edits import ImportDocuments
from annotator.core.io import brat, formats
from annotator.core.io.base import ReadContext
from annotator.core.io.brat_conf import load_brat_conf
from annotator.core.model import Annotations, Schema, Target, TargetKind
from annotator.core.project import Project

DATA = Path(__file__).resolve().parents[1] / "data" / "brat"
CORPORA = ("news", "ge", "handmade")


# -- an independent reader: each line by what it says, ids replaced -------------------


def normalised_lines(ann: Path) -> Counter[Any]:
    """Every line of an .ann file with its ids replaced by what they name."""
    rows = [line.split("\t") for line in ann.read_text(encoding="utf-8").split("\n") if line]
    by_id = {row[0]: row for row in rows if row[0] != "*"}

    def describe(ident: str) -> Any:
        row = by_id[ident]
        kind, data, tail = row[0][0], row[1], row[2:]
        if kind == "T":
            label, offsets = data.split(" ", 1)
            pieces = tuple(tuple(int(n) for n in piece.split()) for piece in offsets.split(";"))
            return ("T", label, pieces, tuple(tail))
        if kind == "E":
            head, *arguments = data.split()
            label, trigger = head.split(":")
            return (
                "E",
                label,
                describe(trigger),
                # repeated roles are numbered by brat (Theme, Theme2): compare the role
                tuple((_base(a.split(":")[0]), describe(a.split(":")[1])) for a in arguments),
                len(row),
            )
        if kind == "R":
            label, first, second = data.split()
            return (
                "R",
                label,
                tuple((arg.split(":")[0], describe(arg.split(":")[1])) for arg in (first, second)),
                tuple(tail),
            )
        fields = data.split(" ")
        if kind in "AM":  # the letter stays: an M line is written back as an M line
            return (kind, fields[0], describe(fields[1]), tuple(fields[2:]), len(row))
        if kind == "N":
            return ("N", fields[0], describe(fields[1]), fields[2], tuple(tail))
        assert kind == "#", row
        return ("#", fields[0], describe(fields[1]), tuple(tail))

    found: Counter[Any] = Counter()
    for row in rows:
        if row[0] == "*":
            kind, *members = row[1].split(" ")
            found[("*", kind, tuple(describe(m) for m in members), len(row))] += 1
        else:
            found[describe(row[0])] += 1
    return found


def _base(role: str) -> str:
    return re.sub(r"(?<=.)\d+$", "", role)


def documents(folder: Path) -> dict[str, Counter[Any]]:
    return {
        ann.relative_to(folder).with_suffix("").as_posix(): normalised_lines(ann)
        for ann in sorted(folder.rglob("*.ann"))
    }


def imported(folder: Path) -> tuple[Project, ReadContext]:
    ctx = ReadContext()
    records = formats.read([folder], "brat", context=ctx)
    project = Project.in_memory(Schema("empty"))
    project.apply(ImportDocuments(records, schema=ctx.schema))
    return project, ctx


def contents(project: Project) -> dict[str, Any]:
    """Everything annotated, by document text, independent of database ids."""
    return {
        document.text: annotation_contents(project.annotations(document.id))
        for document in project.iter_documents()
    }


def annotation_contents(marks: Annotations) -> Any:
    spans = {s.id: (s.label, s.pieces) for s in marks.spans}
    events = {e.id: e for e in marks.events}

    def event(event_id: int) -> Any:
        found = events[event_id]
        arguments = tuple(
            (a.role, spans[a.span_id] if a.span_id is not None else event(a.event_ref_id or 0))
            for a in found.arguments
        )
        return (found.type, spans[found.trigger_id], arguments)

    relations = {r.id: (r.type, spans[r.head_id], spans[r.tail_id]) for r in marks.relations}
    targets = {
        TargetKind.SPAN: spans.__getitem__,
        TargetKind.EVENT: event,
        TargetKind.RELATION: relations.__getitem__,
    }

    def target(kind: TargetKind, ident: int) -> Any:
        return targets[kind](ident)

    return (
        Counter(spans.values()),
        Counter(event(e) for e in events),
        Counter(relations.values()),
        Counter((target(*a.target), a.name, a.value) for a in marks.attributes),
        Counter((target(*n.target), n.resource, n.ref, n.text) for n in marks.normalizations),
        Counter((target(*n.target), n.type, n.text) for n in marks.notes),
        Counter((c.type, tuple(spans[m] for m in c.members)) for c in marks.chains),
    )


# -- the round trips -------------------------------------------------------------------


@pytest.mark.parametrize("corpus", CORPORA)
def test_brat_to_project_to_brat_keeps_every_line(tmp_path: Path, corpus: str) -> None:
    folder = DATA / corpus
    project, ctx = imported(folder)
    lost = dict(ctx.losses.counts)
    if corpus == "ge":
        # PMID-8934542 E9 "Theme2:T14 Site2:T31": BioNLP pairs Site2 with Theme2,
        # the project keeps the arguments in order and exports the one Site as Site.
        assert lost == {brat.ROLE_NUMBERS: 1}
    else:
        assert lost == {}
    assert ctx.warnings == []
    out = tmp_path / "out"
    result = formats.export_project(project, "brat", out)
    assert not result.losses
    original, exported = documents(folder), documents(out)
    assert exported.keys() == original.keys()
    for name, lines in original.items():
        assert exported[name] == lines, name
    for txt in folder.glob("*.txt"):
        assert (out / txt.name).read_bytes() == txt.read_bytes()


def test_the_corpora_hold_every_line_kind() -> None:
    """The round trip above is only as good as its data: every kind is in it."""
    kinds: Counter[str] = Counter()
    fragments = 0
    for corpus in CORPORA:
        for ann in (DATA / corpus).glob("*.ann"):
            for line in ann.read_text(encoding="utf-8").splitlines():
                kinds[line[0]] += 1
                fragments += line.startswith("T") and ";" in line.split("\t")[1]
    assert set(kinds) == set("TERAMN#*")
    assert fragments >= 3


@pytest.mark.parametrize("corpus", CORPORA)
def test_export_import_export_is_stable_and_the_project_is_kept(
    tmp_path: Path, corpus: str
) -> None:
    first, _ = imported(DATA / corpus)
    formats.export_project(first, "brat", tmp_path / "one")
    second, ctx = imported(tmp_path / "one")
    assert not ctx.losses  # what the first import counted is not met again
    assert contents(second) == contents(first)
    assert second.schema.attributes == first.schema.attributes
    formats.export_project(second, "brat", tmp_path / "two")
    for ann in (tmp_path / "one").rglob("*.ann"):
        assert (tmp_path / "two" / ann.name).read_bytes() == ann.read_bytes(), ann.name
    assert (tmp_path / "two" / "annotation.conf").read_text() == (
        tmp_path / "one" / "annotation.conf"
    ).read_text()


def test_what_the_ge_corpus_becomes() -> None:
    project, _ = imported(DATA / "ge")
    assert [(a.name, a.values, [str(k) for k in a.kinds]) for a in project.schema.attributes] == [
        ("Negation", (), ["event"]),
        ("Speculation", (), ["event"]),
    ]
    by_uid = {d.uid: d.id for d in project.iter_documents()}
    marks = project.annotations(by_uid["PMID-8934542"])
    assert len(marks.chains) == 3 and {c.type for c in marks.chains} == {"Equiv"}
    negated = {a.uid: a for a in marks.attributes}
    assert negated["M1"].target.kind == TargetKind.EVENT and negated["M1"].value is None
    event = next(e for e in marks.events if e.id == negated["M1"].target.id)
    assert event.uid == "E4"
    results = project.annotations(by_uid["PMC-2065877-06-Results-05"])
    assert Counter(a.name for a in results.attributes) == {"Negation": 13, "Speculation": 6}
    # E38 is both negated and speculated
    e38 = next(e for e in results.events if e.uid == "E38")
    flags = results.attributes_of(Target(TargetKind.EVENT, e38.id))
    assert sorted(a.name for a in flags) == ["Negation", "Speculation"]


def test_what_the_hand_made_document_becomes() -> None:
    project, ctx = imported(DATA / "handmade")
    (document,) = project.iter_documents()
    marks = project.annotations(document.id)
    text = document.text
    pieces = {s.uid: [text[a:b] for a, b in s.pieces] for s in marks.spans}
    assert pieces["T6"] == ["the\nchancellor"]  # cut at the line break: one piece
    assert pieces["T7"] == ["trade", "tariffs"]
    assert pieces["T9"] == ["president and the\nchancellor", "talked"]
    by_uid = {s.uid: s for s in marks.spans}
    assert by_uid["T6"].fragments == () and len(by_uid["T9"].fragments) == 2
    # no annotation.conf: the attribute types come from the lines, with their values
    assert {a.name: a.values for a in project.schema.attributes} == {
        "Negation": (),
        "Confidence": ("High",),
        "Speculation": (),
        "Individual": (),
        "Reviewed": (),
    }
    relation = marks.relations[0]
    reviewed = next(a for a in marks.attributes if a.name == "Reviewed")
    assert reviewed.target.kind == TargetKind.RELATION and reviewed.target.id == relation.id
    links = {(n.resource, n.ref, n.text) for n in marks.normalizations}
    assert links == {
        ("Wikipedia", "534366", "Barack Obama"),
        ("Wikidata", "Q567", "Angela Merkel"),
        ("GO", "GO:0007267", ""),
    }
    notes = {n.text: n.target.kind for n in marks.notes}
    assert notes == {
        "two pieces: trade and tariffs": TargetKind.SPAN,
        "one meeting, two people": TargetKind.EVENT,
        "in Berlin": TargetKind.RELATION,
    }
    uids = {s.id: s.uid for s in marks.spans}
    chains = sorted([uids[m] for m in c.members] for c in marks.chains)
    assert chains == [["T1", "T5"], ["T2", "T6", "T9"]]  # in the order written
    assert ctx.losses.total() == 0


def test_exported_annotation_conf_declares_the_attributes(tmp_path: Path) -> None:
    project, _ = imported(DATA / "news")
    formats.export_project(project, "brat", tmp_path / "out")
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    section = conf[conf.index("[attributes]") :].splitlines()
    assert section[1:] == [
        "Individual\tArg:<ENTITY>",
        "Mention\tArg:<ENTITY>, Value:Name|Nominal|Other",
        "Negation\tArg:<EVENT>",
        "Confidence\tArg:<EVENT>, Value:High|Neutral|Low",
    ]
    assert load_brat_conf(tmp_path / "out").attributes == project.schema.attributes


def test_command_line_round_trip(tmp_path: Path) -> None:
    project_path = tmp_path / "p.annot"
    assert main(["new", str(project_path)]) == 0
    assert main(["import", str(project_path), str(DATA / "handmade"), "--format", "brat"]) == 0
    out = tmp_path / "out"
    assert main(["export", str(project_path), "--format", "brat", "-o", str(out)]) == 0
    assert documents(out) == documents(DATA / "handmade")
