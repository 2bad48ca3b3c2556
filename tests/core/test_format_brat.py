"""brat standoff import and export (annotator.core.io.brat, docs/formats/brat.md).

Fixtures in tests/data/formats/brat/ were written by hand in brat's syntax:
``corpus/`` holds everything the project can carry (shared triggers, events as
arguments, ``Role2`` numbering, CRLF text, an emoji before spans, a byte-order
mark, a selection across lines written as brat's UI writes it) plus attribute,
normalization, note and equivalence lines; ``discontinuous/`` holds spans in
fragments, an empty span and what refers to it. brat's own example corpora go
through a project and back in test_brat_corpora.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.core.editing.edits import ImportDocuments
from annotator.core.errors import InputError
from annotator.core.io import brat, formats
from annotator.core.io.base import ExportOptions, ReadContext
from annotator.core.io.brat_conf import RELATION_SUFFIX, load_brat_conf
from annotator.core.model import (
    Annotations,
    AttributeType,
    Cardinality,
    Label,
    LabelKind,
    Role,
    Schema,
    TargetKind,
)
from annotator.core.model.records import (
    ArgumentRecord,
    AttributeRecord,
    ChainRecord,
    DocumentRecord,
    EventRecord,
    NormalizationRecord,
    NoteRecord,
    RelationRecord,
    SpanRecord,
)
from annotator.core.project import Project

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "formats" / "brat"
CORPUS = FIXTURES / "corpus"
DISCONTINUOUS = FIXTURES / "discontinuous"

ENTITY, EVENT, RELATION = LabelKind.ENTITY, LabelKind.EVENT, LabelKind.RELATION


# -- helpers ----------------------------------------------------------------------------


def read(path: Path) -> tuple[list[DocumentRecord], ReadContext]:
    ctx = ReadContext()
    return formats.read([path], "brat", context=ctx), ctx


def import_into(project: Project, records: list[DocumentRecord], ctx: ReadContext) -> None:
    # what the import command does: labels the project lacks come from annotation.conf
    project.apply(ImportDocuments(records, schema=ctx.schema))


def by_uid(records: list[DocumentRecord]) -> dict[str | None, DocumentRecord]:
    return {record.uid: record for record in records}


@dataclass
class BratDoc:
    """T, E and R lines of one document, independent of ids (an independent reader)."""

    spans: set[tuple[str, tuple[tuple[int, int], ...], str]] = field(default_factory=set)
    events: set[Any] = field(default_factory=set)
    relations: set[tuple[Any, ...]] = field(default_factory=set)


def parse_brat_folder(folder: Path) -> dict[str, BratDoc]:
    """Every document under a folder, by its path without suffix."""
    return {
        ann.relative_to(folder).with_suffix("").as_posix(): parse_ann(ann)
        for ann in sorted(folder.rglob("*.ann"))
    }


def parse_ann(ann: Path) -> BratDoc:
    """T, E and R lines; offsets made relative to the text without a byte-order mark."""
    shift = 1 if ann.with_suffix(".txt").read_bytes().startswith(b"\xef\xbb\xbf") else 0
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...], str]] = {}
    events: dict[str, tuple[str, str, list[tuple[str, str]]]] = {}
    relations: list[tuple[str, str, str]] = []
    for line in ann.read_text(encoding="utf-8").split("\n"):
        if not line:
            continue
        ident, data, *rest = line.split("\t")
        if ident.startswith("T"):
            label, offsets = data.split(" ", 1)
            fragments = tuple(
                (int(s) - shift, int(e) - shift) for s, e in (f.split() for f in offsets.split(";"))
            )
            spans[ident] = (label, fragments, rest[0])
        elif ident.startswith("E"):
            head, *arguments = data.split()
            label, trigger = head.split(":")
            events[ident] = (
                label,
                trigger,
                [(a.split(":")[0], a.split(":")[1]) for a in arguments],
            )
        elif ident.startswith("R"):
            label, first, second = data.split()
            relations.append((label, first.split(":")[1], second.split(":")[1]))

    def describe(ref: str) -> Any:
        if ref.startswith("T"):
            return spans[ref]
        label, trigger, arguments = events[ref]
        return (
            label,
            spans[trigger],
            tuple(sorted((re.sub(r"\d+$", "", r), describe(a)) for r, a in arguments)),
        )

    return BratDoc(
        spans=set(spans.values()),
        events={describe(e) for e in events},
        relations={(label, spans[h], spans[t]) for label, h, t in relations},
    )


def project_contents(project: Project) -> dict[str, Any]:
    """Every document's annotations keyed by its text, independent of ids."""
    return {
        document.text: document_contents(project.annotations(document.id))
        for document in project.iter_documents()
    }


def document_contents(marks: Annotations) -> Any:
    spans = {s.id: (s.label, s.start, s.end) for s in marks.spans}
    events = {e.id: e for e in marks.events}

    def describe(event_id: int) -> Any:  # an event argument by its whole content
        event = events[event_id]
        arguments = [
            (a.role, spans[a.span_id] if a.span_id else describe(a.event_ref_id or 0))
            for a in event.arguments
        ]
        return (event.type, spans[event.trigger_id], tuple(sorted(arguments)))

    relations = {(r.type, spans[r.head_id], spans[r.tail_id]) for r in marks.relations}
    return set(spans.values()), {describe(e) for e in events}, relations


def write_doc(folder: Path, name: str, text: str, *lines: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_bytes(text.encode("utf-8"))
    ann = folder / f"{name}.ann"
    ann.write_bytes("".join(line + "\n" for line in lines).encode("utf-8"))
    return ann


# -- reading ----------------------------------------------------------------------------


def test_reads_spans_events_and_relations() -> None:
    records, ctx = read(CORPUS)
    docs = by_uid(records)
    assert list(docs) == ["bom", "emoji", "news", "plain", "sub/crlf"]
    news = docs["news"]
    assert news.meta == {"file": "news.txt"}
    assert all(news.text[s.start : s.end] for s in news.spans)
    spans = {s.uid: s for s in news.spans}
    assert (spans["T5"].label, news.text[spans["T5"].start : spans["T5"].end]) == (
        "Money",
        "$100 million",
    )
    events = {e.uid: e for e in news.events}
    # shared trigger: E3 and E4 are both on T9
    assert events["E3"].trigger == events["E4"].trigger == "T9"
    # Person-Arg2 is the second Person-Arg
    assert [(a.role, a.ref) for a in events["E3"].arguments] == [
        ("Person-Arg", "T8"),
        ("Person-Arg", "T10"),
        ("Place-Arg", "T11"),
    ]
    # an event as an argument, named before it is defined
    assert ("Event-Arg", "E2") in [(a.role, a.ref) for a in events["E1"].arguments]
    assert events["E1"].type == "Report"
    assert {(r.type, r.head, r.tail) for r in news.relations} == {
        ("Located", "T6", "T7"),
        ("Family", "T8", "T10"),
    }
    assert not docs["plain"].spans
    assert any("plain.txt" in warning for warning in ctx.warnings)


def test_offsets_count_code_points_crlf_and_bom() -> None:
    docs = by_uid(read(CORPUS)[0])
    crlf = docs["sub/crlf"]
    assert crlf.meta == {"file": "sub/crlf.txt"}
    assert "\r\n" in crlf.text
    texts = {s.uid: crlf.text[s.start : s.end] for s in crlf.spans}
    assert texts["T1"] == "Alice" and texts["T3"] == "Bob"
    # brat's fragments of a selection across lines make one span again
    assert texts["T4"] == "Paris.\r\n\r\nBob"
    emoji = docs["emoji"]
    assert {emoji.text[s.start : s.end] for s in emoji.spans} == {"Berlin", "Anna"}
    bom = docs["bom"]
    assert not bom.text.startswith("\ufeff")
    assert {(s.start, s.end, bom.text[s.start : s.end]) for s in bom.spans} == {
        (0, 5, "Maria"),
        (15, 19, "Rome"),
    }


def test_single_files_find_their_sibling_and_configuration() -> None:
    from_ann, ctx = read(CORPUS / "news.ann")
    from_txt, _ = read(CORPUS / "news.txt")
    assert from_ann == from_txt
    assert from_ann[0].uid == "news" and len(from_ann[0].events) == 4
    assert ctx.schema is not None and ctx.schema.get("Meet") is not None
    # a file in a subfolder finds annotation.conf one level up
    nested, nested_ctx = read(CORPUS / "sub" / "crlf.ann")
    assert nested[0].uid == "crlf" and nested_ctx.schema is not None
    plain, _ = read(CORPUS / "plain.txt")
    assert plain[0].spans == []


def test_attributes_normalizations_notes_and_equivalences_are_read() -> None:
    records, ctx = read(CORPUS)
    news = by_uid(records)["news"]
    assert news.attributes == [
        AttributeRecord("A1", "Mention", "T8", "Name"),
        AttributeRecord("A2", "Individual", "T8", None),
        AttributeRecord("M1", "Negation", "E4", None),  # a legacy modifier: binary
    ]
    assert news.normalizations == [
        NormalizationRecord("N1", "T10", "Wikipedia", "64488", "Carlos Salinas de Gortari")
    ]
    assert news.notes == [NoteRecord("#1", "T5", "100000000 USD", "AnnotatorNotes")]
    assert news.chains == [ChainRecord("*1", "Equiv", ["T3", "T6"])]
    assert not ctx.losses
    assert ctx.schema is not None
    assert ctx.schema.attributes == (
        AttributeType("Negation", kinds=(EVENT,)),
        AttributeType("Mention", ("Name", "Nominal"), kinds=(ENTITY,)),
        AttributeType("Individual", kinds=(ENTITY,)),
    )


def test_discontinuous_spans_keep_their_fragments() -> None:
    records, ctx = read(DISCONTINUOUS)
    (doc,) = records
    spans = {s.uid: s for s in doc.spans}
    assert (spans["T1"].start, spans["T1"].end, spans["T1"].fragments) == (
        0,
        23,
        [(0, 5), (16, 23)],
    )
    assert spans["T5"].fragments == [(35, 40), (41, 45)]  # a space is a real gap
    # a line break between fragments is brat's cut of one selection: one span
    assert (spans["T6"].fragments, doc.text[spans["T6"].start : spans["T6"].end]) == (
        None,
        "New\nYork",
    )
    assert "T7" not in spans  # empty
    events = {e.uid: [(a.role, a.ref) for a in e.arguments] for e in doc.events}
    assert events == {
        "E1": [("Theme", "T1"), ("Place", "T2")],
        "E2": [("Theme", "T2")],
        "E3": [("Theme", "E2")],
    }
    assert [(r.uid, r.head, r.tail) for r in doc.relations] == [
        ("R1", "T1", "T2"),
        ("R2", "T2", "T3"),
    ]
    assert dict(ctx.losses.counts) == {"empty": 1}
    project = Project.in_memory(Schema("empty"))
    import_into(project, records, ctx)
    (document,) = project.iter_documents()
    pieces = {
        s.uid: [document.text[a:b] for a, b in s.pieces]
        for s in project.annotations(document.id).spans
    }
    assert pieces["T1"] == ["North", "America"] and pieces["T5"] == ["Trade", "grew"]


def test_fragments_in_any_order_and_cut_at_line_breaks(tmp_path: Path) -> None:
    text = "one two\nthree four\n\nfive six"
    ann = write_doc(
        tmp_path,
        "doc",
        text,
        "T1\tX 14 18;0 3\tfour one",  # out of order: sorted
        "T2\tX 4 7;8 13;14 18\ttwo three four",  # a cut at a line break, then a gap
        "T3\tX 14 18;20 24\tfour five",  # two line breaks: one cut
        "T4\tX 0 3;4 4\tone ",  # an empty fragment is left out (and counted)
        "T5\tX 4 7;7 8;8 13",  # the line break itself a fragment (no text: brat fills it)
    )
    records, ctx = read(ann)
    spans = {s.uid: s for s in records[0].spans}
    assert spans["T1"].fragments == [(0, 3), (14, 18)]
    assert spans["T2"].fragments == [(4, 13), (14, 18)]
    assert (spans["T3"].start, spans["T3"].end, spans["T3"].fragments) == (14, 24, None)
    assert (spans["T4"].start, spans["T4"].end, spans["T4"].fragments) == (0, 3, None)
    assert spans["T5"].fragments == [(4, 7), (7, 8), (8, 13)]
    assert dict(ctx.losses.counts) == {brat.EMPTY_FRAGMENTS: 1}


def test_each_attached_line_kind(tmp_path: Path) -> None:
    text = "Alice met Bob in Paris."
    ann = write_doc(
        tmp_path,
        "doc",
        text,
        GOOD,
        "T2\tPerson 10 13\tBob",
        "T3\tMeet 6 9\tmet",
        "E1\tMeet:T3 Who:T1 Who2:T2",
        "R1\tKnows Arg1:T1 Arg2:T2\t",
        "A1\tNegation E1",
        "A2\tConfidence E1 Very high",  # a value is the rest of the line
        "M1\tSpeculation E1",
        "A3\tDirect R1",
        "A4\tNegation T1",
        "N1\tReference T1 Wikipedia:534366\tAlice Liddell",
        "N2\tReference Annotation:T2 Referent:GO:0001",  # BioNLP-ST 2013's form
        "N3\tSeeAlso T2 Wikidata:Q1",  # another type: kept, counted
        "#1\tAnnotatorNotes E1\tchecked twice\tby two people",
        "#2\tAnnotatorNotes R1\t",
        "#3\tAnnotatorNotes A1\ta note on an attribute",
        "*\tEquiv T1 T2",
        "*\tCoref T2 T1 E1",  # an event in an equivalence set is left out
    )
    records, ctx = read(ann)
    (doc,) = records
    assert [(a.uid, a.name, a.target, a.value) for a in doc.attributes] == [
        ("A1", "Negation", "E1", None),
        ("A2", "Confidence", "E1", "Very high"),
        ("M1", "Speculation", "E1", None),
        ("A3", "Direct", "R1", None),
        ("A4", "Negation", "T1", None),
    ]
    assert [(n.target, n.resource, n.ref, n.text) for n in doc.normalizations] == [
        ("T1", "Wikipedia", "534366", "Alice Liddell"),
        ("T2", "GO", "0001", ""),
        ("T2", "Wikidata", "Q1", ""),
    ]
    assert [(n.uid, n.target, n.type, n.text) for n in doc.notes] == [
        ("#1", "E1", "AnnotatorNotes", "checked twice\tby two people"),
        ("#2", "R1", "AnnotatorNotes", ""),
    ]
    assert [(c.type, c.members) for c in doc.chains] == [
        ("Equiv", ["T1", "T2"]),
        ("Coref", ["T2", "T1"]),
    ]
    assert dict(ctx.losses.counts) == {
        brat.NORMALIZATION_TYPES: 1,
        brat.UNATTACHABLE: 1,
        brat.LOST_MEMBERS: 1,
    }
    project = Project.in_memory(Schema("empty"))
    edit = ImportDocuments(records, schema=ctx.schema)
    project.apply(edit)
    # no annotation.conf: the types come from the lines, reported as added
    assert [a.name for a in edit.report.new_attribute_types] == [
        "Negation",
        "Confidence",
        "Speculation",
        "Direct",
    ]
    added = {a.name: a.values for a in project.schema.attributes}
    assert added == {
        "Negation": (),
        "Confidence": ("Very high",),
        "Speculation": (),
        "Direct": (),
    }
    marks = project.annotations(next(project.iter_documents()).id)
    kinds = {(a.name, a.target.kind) for a in marks.attributes}
    assert ("Direct", TargetKind.RELATION) in kinds and ("Negation", TargetKind.SPAN) in kinds


def test_what_refers_to_an_empty_span_is_counted(tmp_path: Path) -> None:
    ann = write_doc(
        tmp_path,
        "doc",
        TEXT,
        GOOD,
        "T2\tPerson 5 5\t",
        "T3\tMeet 6 9\tmet",
        "E1\tMeet:T3 Who:T1",
        "T4\tEmpty 9 9\t",
        "E2\tEmpty:T4 Who:T1",
        "R1\tKnows Arg1:T1 Arg2:T2\t",
        "A1\tNegation T2",
        "A2\tNegation E2",
        "A3\tNegation R1",
        "N1\tReference T2 Wikipedia:1\t",
        "#1\tAnnotatorNotes T2\tx",
        "*\tEquiv T1 T2",
        "*\tEquiv T1 T2 T3",
    )
    records, ctx = read(ann)
    (doc,) = records
    assert [a.target for a in doc.attributes] == []
    assert doc.normalizations == [] and doc.notes == []
    assert [c.members for c in doc.chains] == [["T1", "T3"]]
    assert dict(ctx.losses.counts) == {
        "empty": 2,
        brat.LOST_TRIGGERS: 1,
        brat.LOST_RELATIONS: 1,
        brat.LOST_ATTACHED: 5,
        brat.LOST_MEMBERS: 2,
        brat.LOST_CHAINS: 1,
    }


def test_annotation_conf_reaches_the_context_and_the_project(tmp_path: Path) -> None:
    records, ctx = read(CORPUS)
    schema = ctx.schema
    assert schema is not None
    meet = schema.get("Meet")
    assert meet is not None and meet.kind == EVENT
    assert meet.roles == (
        Role("Person-Arg", Cardinality(1, None), ("Person",)),
        Role("Place-Arg", Cardinality(0, 1), ("GPE",)),
    )
    person = schema.get("Person")
    assert person is not None and (person.key, person.color) == ("p", "#FFCCAA")
    project = Project.in_memory(Schema("empty"))
    import_into(project, records, ctx)
    added = project.schema.get("Transfer-money")
    assert added is not None and [r.name for r in added.roles] == [
        "Giver-Arg",
        "Money-Arg",
        "Recipient-Arg",
    ]
    # a second path's configuration does not replace the first
    other = tmp_path / "other"
    write_doc(other, "doc", "Hello Ann.", "T1\tHuman 6 9\tAnn")
    (other / "annotation.conf").write_text(
        "[entities]\nHuman\n[relations]\n[events]\n[attributes]\n"
    )
    both = ReadContext()
    formats.read([CORPUS, other], "brat", context=both)
    assert both.schema is not None and both.schema.get("Meet") is not None
    assert both.schema.get("Human") is None
    assert any("already read" in warning for warning in both.warnings)


# -- malformed input ---------------------------------------------------------------------

TEXT = "Alice met Bob in Paris."
GOOD = "T1\tPerson 0 5\tAlice"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("T2\tPerson 0 x\tAlice", "expected 'TYPE START END'"),
        ("T2 Person 10 13 Bob", "expected an id"),
        ("X1\tPerson T1", "unknown annotation"),
        ("T2\tPerson 10 13\tBoB", "differs from the text at 10 13"),
        ("T2\tPerson 10 99\tBob", "past the end of the text"),
        ("T2\tPerson 13 10\tBob", "is after end"),
        ("T1\tPerson 10 13\tBob", "used twice"),
        ("E1\tMeet T1", "expected 'TYPE:TRIGGER"),
        ("E1\tMeet:T9", "no T id"),
        ("E1\tPerson:T1 Who:T7", "no T or E id"),
        ("E1\tMeet:T1 Who:T1", "differs from the type of its trigger"),
        ("R1\tKnows Arg1:T1", "expected 'TYPE Arg1:ID Arg2:ID'"),
        ("R1\tKnows Arg1:T1 Arg1:T1", "both arguments have the role"),
        ("R1\tKnows Arg1:T1 Arg2:T1", "both arguments are T1"),
        ("A1\tNegation", "expected 'NAME ID [VALUE]'"),
        ("M1\tNegation T1 Yes", "expected 'NAME ID'"),
        ("A1\tNegation T9", "A1: T9 is no T, E or R id"),
        ("N1\tReference T1 Wikipedia\tx", "expected 'Reference ID RESOURCE:ID'"),
        ("N1\tReference T1", "expected 'Reference ID RESOURCE:ID'"),
        ("N1\tReference T1 Wikipedia:1 more", "expected 'Reference ID RESOURCE:ID'"),
        ("N1\tReference T9 Wikipedia:1", "N1: T9 is no T, E or R id"),
        ("#1\tAnnotatorNotes\tx", "expected 'TYPE ID'"),
        ("#1\tAnnotatorNotes T1 T1\tx", "expected 'TYPE ID'"),
        ("*\tEquiv T1", "expected 'TYPE ID ID ...'"),
        ("*\tEquiv T1 T1", "T1 is in it twice"),
        ("*\tEquiv T1 T9", "T9 is no id"),
        ("T2\tPerson 0 5;3 8\tAlice  met", "its fragments overlap"),
    ],
)
def test_malformed_lines_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    ann = write_doc(tmp_path / "in", "doc", TEXT, GOOD, line)
    with pytest.raises(InputError, match=re.escape(f"{ann} line 2: ") + ".*" + re.escape(message)):
        read(tmp_path / "in")


def test_an_attribute_given_twice_names_both_lines(tmp_path: Path) -> None:
    ann = write_doc(tmp_path / "in", "doc", TEXT, GOOD, "A1\tNegation T1", "A2\tNegation T1")
    message = f"{ann} line 3: A2: T1 has the attribute Negation twice (line 2)"
    with pytest.raises(InputError, match=re.escape(message)):
        read(tmp_path / "in")


def test_offsets_into_the_byte_order_mark_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_doc(folder, "doc", TEXT, "T1\tPerson 0 5\t\ufeffAlic")
    (folder / "doc.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    with pytest.raises(InputError, match="line 1: T1: offset 0 points into the byte-order mark"):
        read(folder)


def test_an_ann_without_its_text_is_refused(tmp_path: Path) -> None:
    (tmp_path / "lonely.ann").write_text(GOOD + "\n")
    with pytest.raises(InputError, match=r"lonely\.ann: no lonely\.txt"):
        read(tmp_path)
    with pytest.raises(InputError, match=r"lonely\.ann: no lonely\.txt"):
        read(tmp_path / "lonely.ann")


def test_a_failed_import_leaves_the_project_untouched(tmp_path: Path) -> None:
    project_path = tmp_path / "p.annot"
    with Project.create(project_path, Schema("empty")) as project:
        project.import_records([DocumentRecord(text="Already here.")])
    folder = tmp_path / "in"
    write_doc(folder, "a_good", TEXT, GOOD)
    write_doc(folder, "b_bad", TEXT, GOOD, "R1\tKnows Arg1:T1 Arg2:T9\t")
    with pytest.raises(InputError, match=r"b_bad\.ann line 2"):
        formats.read([folder], "brat")
    assert main(["import", str(project_path), str(folder), "--format", "brat"]) == 1
    with Project.open(project_path) as project:
        assert project.document_count() == 1


def test_relation_types_named_like_span_types_are_kept_apart(tmp_path: Path) -> None:
    write_doc(
        tmp_path,
        "doc",
        TEXT,
        GOOD,
        "T2\tLocated 17 22\tParis",
        "R1\tLocated Arg1:T1 Arg2:T2\t",
    )
    records, ctx = read(tmp_path)
    assert records[0].relations[0].type == "Located" + RELATION_SUFFIX
    project = Project.in_memory(Schema("empty"))
    import_into(project, records, ctx)
    assert project.schema.get("Located" + RELATION_SUFFIX) is not None


def test_roles_ending_in_digits_that_the_configuration_defines_are_kept(tmp_path: Path) -> None:
    write_doc(tmp_path, "doc", TEXT, GOOD, "T2\tLink 6 9\tmet", "E1\tLink:T2 Arg1:T1")
    (tmp_path / "annotation.conf").write_text(
        "[entities]\nPerson\n[relations]\n[events]\nLink\tArg1:Person\n[attributes]\n"
    )
    records, _ = read(tmp_path)
    assert records[0].events[0].arguments == [ArgumentRecord("Arg1", "T1")]


# -- round trips --------------------------------------------------------------------------


def test_brat_to_project_to_brat_keeps_every_t_e_and_r_line(tmp_path: Path) -> None:
    records, ctx = read(CORPUS)
    project = Project.in_memory(Schema("empty"))
    import_into(project, records, ctx)
    out = tmp_path / "out"
    result = formats.export_project(project, "brat", out)
    assert result.documents == 5 and not result.losses
    original, exported = parse_brat_folder(CORPUS), parse_brat_folder(out)
    assert exported.pop("plain") == BratDoc()  # an empty .ann, so brat can annotate it
    assert exported.keys() == original.keys()
    for name, doc in original.items():
        assert exported[name] == doc, name
    news = (out / "news.ann").read_text(encoding="utf-8")
    assert "E3\tMeet:T9 Person-Arg:T8 Person-Arg2:T10 Place-Arg:T11\n" in news
    assert "R1\tLocated Arg1:T6 Arg2:T7\t\n" in news  # brat's trailing TAB
    # texts are written byte for byte (the byte-order mark is not part of the text)
    for name in ("news", "emoji", "sub/crlf", "plain"):
        assert (out / f"{name}.txt").read_bytes() == (CORPUS / f"{name}.txt").read_bytes()
    assert (out / "bom.txt").read_bytes() == (CORPUS / "bom.txt").read_bytes()[3:]
    # and brat's configuration comes along
    conf = load_brat_conf(out)
    assert {label.name for label in conf.labels} == {label.name for label in project.schema.labels}


SCHEMA = Schema(
    "acé",
    labels=(
        Label("PER", ENTITY, "#112233", "p"),
        Label("Conflict_Attack", ENTITY, "#223344"),  # safe: keeps its name
        Label("Entité locale", ENTITY, "#334455", "e"),
        Label(
            "Conflict:Attack",
            EVENT,
            "#445566",
            "a",
            roles=(
                Role("Attacker", Cardinality(0, None), ("PER",)),
                Role("Target", Cardinality(0, None)),
                Role("Time Within", Cardinality(0, 1), ("Entité locale",)),
                Role("Arg1", Cardinality(0, 2), ("Conflict_Attack", "PER")),
            ),
        ),
        Label(
            "Contact:Meet",
            EVENT,
            "#556677",
            roles=(Role("Entity", Cardinality(2, 2), ("PER",)), Role("Event", Cardinality(0, 1))),
        ),
        Label("PHYS:Located", RELATION, "#667788", "l", heads=("PER",), tails=("Entité locale",)),
        Label("Any pair", RELATION, "#778899"),
    ),
)

ARTICLE = (
    "Rebels attacked the base.\r\nThe attack\r\nkilled 3 \U0001f600 men. "
    "Later, Ali met Bo in Entité.\n"
)


def article_record(uid: str) -> DocumentRecord:
    def span(uid: str, needle: str, label: str, nth: int = 0) -> SpanRecord:
        start = -1
        for _ in range(nth + 1):
            start = ARTICLE.index(needle, start + 1)
        return SpanRecord(uid, start, start + len(needle), label)

    return DocumentRecord(
        text=ARTICLE,
        uid=uid,
        spans=[
            span("s1", "Rebels", "PER"),
            span("s2", "attacked", "Conflict:Attack"),
            span("s3", "base", "Conflict_Attack"),
            span("s4", "The attack\r\nkilled", "Conflict:Attack"),  # across a line break
            span("s5", "\r\nkilled 3", "PER"),  # starts with a line break
            span("s6", "men. Later, Ali met Bo in Entité.\n", "Entité locale"),  # ends with one
            span("s7", "Ali", "PER"),
            span("s8", "Bo", "PER"),
            span("s9", "met", "Contact:Meet"),
            span("s10", "Entité", "Entité locale"),
        ],
        events=[
            EventRecord(
                "e1",
                "s2",
                [
                    ArgumentRecord("Attacker", "s1"),
                    ArgumentRecord("Target", "s3"),
                    ArgumentRecord("Target", "s5"),
                    ArgumentRecord("Target", "s7"),
                    ArgumentRecord("Time Within", "s10"),
                    ArgumentRecord("Arg1", "s3"),
                    ArgumentRecord("Arg1", "s8"),
                ],
            ),
            EventRecord("e2", "s2", [ArgumentRecord("Attacker", "s8")]),  # shared trigger
            EventRecord("e3", "s4", []),
            EventRecord(
                "e4",
                "s9",
                [
                    ArgumentRecord("Entity", "s7"),
                    ArgumentRecord("Entity", "s8"),
                    ArgumentRecord("Event", "e1"),
                ],
            ),
        ],
        relations=[
            RelationRecord("r1", "PHYS:Located", "s7", "s10"),
            RelationRecord("r2", "Any pair", "s1", "s3"),
        ],
    )


def test_project_to_brat_to_project_keeps_annotations_and_names(tmp_path: Path) -> None:
    source = Project.in_memory(SCHEMA)
    source.import_records([article_record("news/2024/a b"), DocumentRecord(text="Plain text.")])
    out = tmp_path / "out"
    result = formats.export_project(source, "brat", out)
    assert not result.losses
    assert any("label, role, attribute or value name(s)" in note for note in result.notes)
    assert any("'news/2024/a b' as news/2024/a_b.txt" in note for note in result.notes)
    ann = (out / "news/2024/a_b.ann").read_text(encoding="utf-8")
    assert all(re.fullmatch(r"[TER]\d+\t.*", line) for line in ann.split("\n")[:-1])
    assert ann.endswith("\n") and "\r" not in ann
    assert "Target3:" in ann and "Arg1_2:" in ann  # repeated roles numbered as brat does
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert '# annotator-label: Conflict_Attack_2 = "Conflict:Attack"' in conf
    assert '# annotator-role: Time_Within = "Time Within"' in conf

    records, ctx = read(out)
    target = Project.in_memory(Schema("empty"))
    import_into(target, records, ctx)
    assert project_contents(target) == project_contents(source)
    assert {r.uid for r in records} == {"news/2024/a_b", "2"}
    # every label comes back with its name, kind, roles, colour and key
    assert {label.name: label for label in target.schema.labels} == {
        label.name: label for label in source.schema.labels
    }


ATTACHED_TEXT = "Rebels attacked the\nbase near Homs and the town.\n"


def attached_record() -> DocumentRecord:
    def at(needle: str) -> tuple[int, int]:
        start = ATTACHED_TEXT.index(needle)
        return start, start + len(needle)

    the, base, town = at("the\nbase"), at("base"), at("town")
    return DocumentRecord(
        text=ATTACHED_TEXT,
        uid="attached",
        spans=[
            SpanRecord("s1", *at("Rebels"), "PER"),
            SpanRecord("s2", *at("attacked"), "Conflict:Attack"),
            # a discontinuous span whose first piece crosses a line break
            SpanRecord("s3", the[0], town[1], "Entité locale", [the, town]),
            SpanRecord("s4", *base, "Conflict_Attack"),
            SpanRecord("s5", *at("Homs"), "Entité locale"),
        ],
        events=[EventRecord("e1", "s2", [ArgumentRecord("Attacker", "s1")])],
        relations=[RelationRecord("r1", "PHYS:Located", "s1", "s5")],
        attributes=[
            AttributeRecord("x1", "Polarity", "e1", "Negative"),
            AttributeRecord("x2", "Generic", "s1"),
            AttributeRecord("x3", "Modality", "r1", "Other (see note)"),
            AttributeRecord("x4", "Entity type", "s5", "Nom"),
        ],
        normalizations=[
            NormalizationRecord("n1", "s5", "GeoNames", "170063", "Homs, Syria"),
            NormalizationRecord("n2", "s1", "My KB", "id 7", "two\nlines"),
        ],
        notes=[
            NoteRecord("c1", "e1", "check the date\nand the place"),
            NoteRecord("c2", "r1", "near, not in", "Reviewer notes"),
        ],
        chains=[ChainRecord("k1", "Coreference", ["s4", "s3"])],
    )


ATTACHED_SCHEMA = replace(
    SCHEMA,
    attributes=(
        AttributeType("Polarity", ("Positive", "Negative"), kinds=(EVENT,)),
        AttributeType("Generic", labels=("PER", "Entité locale")),
        AttributeType("Modality", ("Asserted", "Other (see note)"), kinds=(RELATION,)),
        AttributeType("Entity type", ("Nom", "Pro"), kinds=(ENTITY,)),
    ),
)


def test_project_to_brat_writes_every_kind_in_brats_syntax(tmp_path: Path) -> None:
    source = Project.in_memory(ATTACHED_SCHEMA)
    source.import_records([attached_record()])
    out = tmp_path / "out"
    result = formats.export_project(source, "brat", out)
    assert not result.losses
    assert any("2 note or reference text(s) held line breaks" in n for n in result.notes)
    assert any("3 reference, note or equivalence" in n for n in result.notes)
    lines = (out / "attached.ann").read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    # the ids are not brat ids, so every kind is numbered; brat's tabs and spaces
    assert lines[:-1] == [
        "T1\tPER 0 6\tRebels",
        "T2\tConflict_Attack_2 7 15\tattacked",
        "T3\tEntite_locale 16 19;20 24;43 47\tthe base town",
        "T4\tConflict_Attack 20 24\tbase",
        "T5\tEntite_locale 30 34\tHoms",
        "E1\tConflict_Attack_2:T2 Attacker:T1",
        "R1\tPHYS_Located Arg1:T1 Arg2:T5\t",
        "A1\tPolarity E1 Negative",
        "A2\tGeneric T1",
        "A3\tModality R1 Other__see_note_",
        "A4\tEntity_type T5 Nom",
        "N1\tReference T5 GeoNames:170063\tHoms, Syria",
        "N2\tReference T1 My_KB:id_7\ttwo lines",
        "#1\tAnnotatorNotes E1\tcheck the date and the place",
        "#2\tReviewer_notes R1\tnear, not in",
        "*\tCoreference T4 T3",
    ]
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert '# annotator-value: Modality:Other__see_note_ = "Other (see note)"' in conf
    assert '# annotator-attribute: Entity_type = "Entity type"' in conf
    assert conf.endswith(
        "[attributes]\n"
        "Polarity\tArg:<EVENT>, Value:Positive|Negative\n"
        "Generic\tArg:PER|Entite_locale\n"
        "Modality\tArg:<RELATION>, Value:Asserted|Other__see_note_\n"
        "Entity_type\tArg:<ENTITY>, Value:Nom|Pro\n"
    )
    # and back: names and values as they were; what brat cannot hold as it was written
    records, ctx = read(out)
    target = Project.in_memory(Schema("empty"))
    import_into(target, records, ctx)
    assert target.schema.attributes == ATTACHED_SCHEMA.attributes
    (document,) = target.iter_documents()
    marks = target.annotations(document.id)
    assert {(a.name, a.value) for a in marks.attributes} == {
        ("Polarity", "Negative"),
        ("Generic", None),
        ("Modality", "Other (see note)"),
        ("Entity type", "Nom"),
    }
    text = document.text
    discontinuous = next(s for s in marks.spans if s.fragments)
    assert [text[a:b] for a, b in discontinuous.pieces] == ["the\nbase", "town"]
    assert {(n.resource, n.ref, n.text) for n in marks.normalizations} == {
        ("GeoNames", "170063", "Homs, Syria"),
        ("My_KB", "id_7", "two lines"),
    }
    assert {(n.type, n.text) for n in marks.notes} == {
        ("AnnotatorNotes", "check the date and the place"),
        ("Reviewer_notes", "near, not in"),
    }
    (chain,) = marks.chains
    spans = {s.id: text[s.start : s.end] for s in marks.spans}
    assert [spans[m] for m in chain.members] == ["base", "the\nbase near Homs and the town"]


def test_brat_ids_of_every_kind_are_kept(tmp_path: Path) -> None:
    ann = write_doc(
        tmp_path / "in",
        "doc",
        TEXT,
        GOOD,
        "T7\tPerson 10 13\tBob",
        "R4\tKnows Arg1:T1 Arg2:T7\t",
        "M3\tNegation R4",
        "A9\tConfidence T7 High",
        "N5\tReference T7 Wikipedia:1\tBob",
        "#8\tAnnotatorNotes T1\tAlice",
    )
    records, ctx = read(ann)
    project = Project.in_memory(Schema("empty"))
    import_into(project, records, ctx)
    formats.export_project(project, "brat", tmp_path / "out")
    assert (tmp_path / "out" / "doc.ann").read_text(encoding="utf-8") == ann.read_text(
        encoding="utf-8"
    )


def test_exported_annotation_conf_loads_back_through_brat_conf(tmp_path: Path) -> None:
    safe = Schema(
        "safe",
        labels=(
            Label("Person", ENTITY, "#112233", "p"),
            Label("Place", ENTITY, "#223344"),
            Label(
                "Attack",
                EVENT,
                "#334455",
                "a",
                roles=(
                    Role("Attacker", Cardinality(1, None), ("Person",)),
                    Role("Target", Cardinality(0, None)),
                    Role("Place", Cardinality(0, 1), ("Place",)),
                    Role("Victim", Cardinality(2, 3), ("Person", "Attack")),
                    Role("Witness", Cardinality(1, 1), ("Person",)),
                    Role("Count", Cardinality(4, 4)),
                ),
            ),
            Label("Located", RELATION, "#445566", "l", heads=("Person",), tails=("Place",)),
            Label("Near", RELATION, "#556677"),
        ),
    )
    project = Project.in_memory(safe)
    formats.export_project(project, "brat", tmp_path / "out")
    loaded = load_brat_conf(tmp_path / "out")
    assert {label.name: label for label in loaded.labels} == {
        label.name: label for label in safe.labels
    }
    # unsafe names load too, as their safe brat names, roles and all
    unsafe = Project.in_memory(SCHEMA)
    formats.export_project(unsafe, "brat", tmp_path / "unsafe")
    loaded = load_brat_conf(tmp_path / "unsafe")
    attack = loaded.get("Conflict_Attack_2")
    assert attack is not None and [r.name for r in attack.roles] == [
        "Attacker",
        "Target",
        "Time_Within",
        "Arg1_",
    ]
    assert len(loaded.labels) == len(SCHEMA.labels)


def test_document_ids_never_leave_the_target(tmp_path: Path) -> None:
    uids = [
        "../../evil",
        "/etc/passwd",
        "a/../../b",
        "..\\..\\windows",
        ".hidden",
        "CON",
        "annotation.conf",
        "annotation.conf/inside",
        "Same",
        "same",
        "x" * 300,
    ]
    project = Project.in_memory(Schema("empty"))
    project.import_records(
        [DocumentRecord(text=f"Document {n}.", uid=uid) for n, uid in enumerate(uids)]
    )
    work = tmp_path / "work"
    work.mkdir()
    out = work / "out"
    formats.export_project(project, "brat", out)
    assert [p.name for p in work.iterdir()] == ["out"]
    assert not (tmp_path / "evil.txt").exists()
    root = out.resolve()
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(root)
        assert len(path.name.encode()) < 255
    texts = list(out.rglob("*.txt"))
    assert len(texts) == len(uids)
    # the hidden and device names were changed, so everything is read back
    records, _ = read(out)
    assert sorted(r.text for r in records) == sorted(f"Document {n}." for n in range(len(uids)))
    assert (out / "annotation.conf").is_file()


def test_split_writes_train_dev_and_test_folders(tmp_path: Path) -> None:
    project = Project.in_memory(SCHEMA)
    project.import_records(
        [article_record("article")]
        + [DocumentRecord(text=f"Document {n}.", uid=f"d{n}") for n in range(9)]
    )
    out = tmp_path / "split"
    result = formats.export_project(project, "brat", out, ExportOptions(split=(80, 10, 10), seed=1))
    assert result.parts == {"train": 8, "dev": 1, "test": 1}
    for part, count in result.parts.items():
        assert len(list((out / part).glob("*.txt"))) == count
        assert len(list((out / part).glob("*.ann"))) == count
        assert (out / part / "annotation.conf").is_file()
    assert (out / "annotation.conf").is_file()
    records, _ = read(out)
    assert len(records) == 10
    assert {r.uid.split("/")[0] for r in records if r.uid} == {"train", "dev", "test"}


# -- the command line ----------------------------------------------------------------------


def test_command_line_import_and_export(tmp_path: Path) -> None:
    project_path = tmp_path / "p.annot"
    assert main(["new", str(project_path)]) == 0
    assert main(["import", str(project_path), str(CORPUS), "--format", "brat"]) == 0
    with Project.open(project_path) as project:
        assert project.document_count() == 5
        meet = project.schema.get("Meet")  # a label only annotation.conf defines fully
        assert meet is not None and [r.name for r in meet.roles] == ["Person-Arg", "Place-Arg"]
    out = tmp_path / "exported"
    assert main(["export", str(project_path), "--format", "brat", "-o", str(out)]) == 0
    assert out.is_dir(), "the export command does not write brat folders yet"
    exported = parse_brat_folder(out)
    assert exported["news"] == parse_brat_folder(CORPUS)["news"]


def test_values_the_schema_does_not_list_are_declared_for_brat(tmp_path: Path) -> None:
    schema = Schema(
        "s",
        labels=(Label("PER", ENTITY, "#112233"),),
        attributes=(
            AttributeType("Mention", ("NAM", "NOM")),
            AttributeType("Generic", labels=("PER",)),
        ),
    )
    project = Project.in_memory(schema)
    project.import_records(
        [
            DocumentRecord(
                text=TEXT,
                spans=[SpanRecord("T1", 0, 5, "PER")],
                attributes=[
                    AttributeRecord("A1", "Mention", "T1", "PRO"),  # not a listed value
                    AttributeRecord("A2", "Generic", "T1", "yes"),  # a value on a binary one
                ],
            )
        ]
    )
    formats.export_project(project, "brat", tmp_path / "out")
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    assert conf.endswith(
        "[attributes]\n"
        "Mention\tArg:<ENTITY>|<EVENT>|<RELATION>, Value:NAM|NOM|PRO\n"
        "Generic\tArg:PER\n"
    )


def test_fragments_split_only_by_a_line_break_come_back_as_one_span(tmp_path: Path) -> None:
    text = "New\nYork and Paris\n"
    project = Project.in_memory(Schema("s", labels=(Label("GPE", ENTITY, "#112233"),)))
    project.import_records(
        [DocumentRecord(text=text, spans=[SpanRecord("T1", 0, 8, "GPE", [(0, 3), (4, 8)])])]
    )
    formats.export_project(project, "brat", tmp_path / "out")
    ann = (tmp_path / "out" / "1.ann").read_text(encoding="utf-8")
    assert ann == "T1\tGPE 0 3;4 8\tNew York\n"  # what brat's editor writes for either
    records, _ = read(tmp_path / "out")
    (span,) = records[0].spans
    assert (span.start, span.end, span.fragments) == (0, 8, None)
