"""CoNLL / BIO import and export, and the tag schemes behind them (tags.py).

Exports are read back with seqeval (strict mode: the tags must be valid for the
scheme) and with spaCy's own CoNLL converter; imports cover IOB1 (CoNLL-2003),
IOB2, BILOU, IOBES, broken sequences and malformed files.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import BILOU, IOB1, IOB2, Entities

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.core.io import conll, formats, tokens
from annotator.core.io.base import ExportOptions, ReadContext
from annotator.core.io.tags import (
    decode,
    detect_scheme,
    encode,
    outermost,
    split_tag,
    tag_names,
)
from annotator.core.model.records import DocumentRecord, EventRecord, SpanRecord
from annotator.core.project import Project

DATA = Path(__file__).parent.parent / "data" / "formats" / "conll"
SEQEVAL = {"iob1": IOB1, "iob2": IOB2, "bilou": BILOU}


# -- a project to export ---------------------------------------------------------
def _spans(text: str, *wanted: tuple[str, str] | tuple[str, str, int]) -> list[SpanRecord]:
    out = []
    for number, item in enumerate(wanted, 1):
        needle, label = item[0], item[1]
        start = -1
        for _ in range(item[2] if len(item) == 3 else 1):  # type: ignore[misc]
            start = text.index(needle, start + 1)
        out.append(SpanRecord(f"T{number}", start, start + len(needle), label))
    return out


DOCUMENTS = [
    (
        "palmyra",
        "The Syrian Army evacuated Palmyra on Sunday. Mr. Putin met the University of "
        "Kharkiv team in Kharkiv.",
        [
            ("Syrian Army", "ORG"),
            ("Syrian", "GPE"),  # nested: dropped
            ("evacuated", "Movement:Transport"),  # a trigger: kept as a tag
            ("Palmyra", "GPE"),
            ("Sunday", "DATE"),
            ("Putin", "PER"),
            ("University of Kharkiv", "ORG"),
            ("Kharkiv", "GPE"),  # nested: dropped
            ("Kharkiv", "GPE", 2),
        ],
    ),
    (
        "crlf",
        "\U0001f600 Paris is calm.\r\nThe New Yorkers left Kyiv-based firms.",
        [("Paris", "GPE"), ("New York", "GPE"), ("Kyiv", "GPE")],  # both split tokens
    ),
    (
        "adjacent",
        "Ali Hassan Omar Said met in Cairo Egypt. It ended. Then Cairo slept.",
        [
            ("Ali Hassan", "PER"),
            ("Omar Said", "PER"),  # adjacent, same label: IOB1 needs B-
            ("Cairo", "GPE"),
            ("Egypt", "GPE"),
            ("ended. Then", "DATE"),  # crosses a sentence end: the sentences are joined
            ("Cairo slept", "ORG"),
            ("slept", "PER"),  # crossing overlap, shorter: dropped
        ],
    ),
    ("blank", "  \n  ", []),
]
DROPPED = {("palmyra", "T2"), ("palmyra", "T8"), ("adjacent", "T7")}  # by span uid


def make_project() -> Project:
    project = Project.in_memory()
    records = []
    for uid, text, wanted in DOCUMENTS:
        spans = _spans(text, *wanted)
        events = []
        if uid == "palmyra":
            events = [EventRecord("E1", "T3")]
        records.append(DocumentRecord(text=text, uid=uid, spans=spans, events=events))
    project.import_records(records)
    return project


def kept_spans() -> dict[str, list[tuple[str, str]]]:
    """Per document, (text without spaces, label) of every span the export keeps."""
    out: dict[str, list[tuple[str, str]]] = {}
    for uid, text, wanted in DOCUMENTS:
        spans = _spans(text, *wanted)
        out[uid] = sorted(
            ("".join(text[s.start : s.end].split()), s.label)
            for s in spans
            if (uid, s.uid) not in DROPPED
        )
    return out


def parse_conll(path: Path) -> list[list[tuple[list[str], list[str]]]]:
    """Documents of sentences of (tokens, tags), read the plain way."""
    documents: list[list[tuple[list[str], list[str]]]] = []
    sentence: tuple[list[str], list[str]] = ([], [])
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            assert line == "-DOCSTART- -X- O O"
            documents.append([])
        elif not line:
            if sentence[0]:
                documents[-1].append(sentence)
            sentence = ([], [])
        else:
            token, tag = line.split(" ")
            sentence[0].append(token)
            sentence[1].append(tag)
    assert not sentence[0], "the file ends with a blank line"
    return documents


@pytest.fixture(scope="module")
def project() -> Project:
    return make_project()


@pytest.mark.parametrize("scheme", ["iob2", "bilou", "iob1"])
@pytest.mark.parametrize("tokenizer", ["rules", "spacy"])
def test_export_reads_back_with_seqeval(
    project: Project, tmp_path: Path, scheme: str, tokenizer: str
) -> None:
    if tokenizer == "spacy" and not tokens.spacy_available():
        pytest.skip("spaCy is not installed")
    target = tmp_path / "out.conll"
    result = formats.export_project(
        project, "conll", target, ExportOptions(triggers=True, scheme=scheme, tokenizer=tokenizer)
    )
    documents = parse_conll(target)
    assert len(documents) == len(DOCUMENTS)
    expected = kept_spans()
    for (uid, _text, _wanted), sentences in zip(DOCUMENTS, documents, strict=True):
        found = []
        for words, tags in sentences:
            strict = Entities([tags], SEQEVAL[scheme]).entities[0]
            lenient = get_entities(tags) if scheme != "bilou" else None
            chunks = [(e.start, e.end, e.tag) for e in strict]
            # valid for the scheme: strict reading finds every tagged token
            assert sum(end - start for start, end, _ in chunks) == sum(t != "O" for t in tags)
            if lenient is not None:
                assert sorted((s, e + 1, t) for t, s, e in lenient) == sorted(chunks)
            assert decode(tags, scheme) == (sorted(chunks), [])
            found += [("".join(words[start:end]), label) for start, end, label in chunks]
        assert sorted(found) == expected[uid], uid
    lines = result.lines()
    assert any("tokens and sentences:" in line for line in lines)
    assert any(line.startswith("tags: " + scheme.upper()) for line in lines)
    assert result.losses.counts["overlapping"] == len(DROPPED)
    assert result.losses.counts["events"] == 1
    assert "palmyra 'Syrian' [4:10]" in result.losses.examples["overlapping"]


def test_export_format_on_disk(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "out.conll"
    formats.export_project(
        project, "conll", target, ExportOptions(triggers=True, tokenizer="rules")
    )
    text = target.read_text(encoding="utf-8")
    assert text.startswith("-DOCSTART- -X- O O\n\nThe O\nSyrian B-ORG\nArmy I-ORG\n")
    assert "\nKharkiv I-ORG\nteam O\nin O\nKharkiv B-GPE\n. O\n\n" in text
    assert "\nNew B-GPE\nYork I-GPE\ners O\n" in text  # the span edge split "Yorkers"
    assert "\r" not in text and text.endswith("\n\n-DOCSTART- -X- O O\n\n")  # blank doc
    for line in text.split("\n"):
        assert line == "" or len(line.split(" ")) in (2, 4), line


@pytest.mark.skipif(not tokens.spacy_available(), reason="spaCy is not installed")
@pytest.mark.parametrize("scheme", ["iob2", "bilou"])
def test_spacy_convert_reads_the_export(project: Project, tmp_path: Path, scheme: str) -> None:
    from spacy.training.converters import conll_ner_to_docs

    target = tmp_path / "out.conll"
    formats.export_project(project, "conll", target, ExportOptions(triggers=True, scheme=scheme))
    docs = list(conll_ner_to_docs(target.read_text(encoding="utf-8"), no_print=True))
    expected = kept_spans()
    named = [uid for uid, *_ in DOCUMENTS if uid != "blank"]  # spaCy drops the empty one
    assert len(docs) == len(named)
    for uid, doc in zip(named, docs, strict=True):
        assert sorted(("".join(e.text.split()), e.label_) for e in doc.ents) == expected[uid]


def test_export_without_spacy_uses_the_rules(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tokens, "spacy_available", lambda: False)
    result = formats.export_project(
        project,
        "conll",
        tmp_path / "out.conll",
        ExportOptions(
            triggers=True,
        ),
    )
    assert "tokens and sentences: rule-based tokenizer and sentence splitter (annotator)" in (
        result.lines()
    )


def test_export_with_a_split_writes_a_folder(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "parts"
    result = formats.export_project(
        project,
        "conll",
        target,
        ExportOptions(triggers=True, split=(50, 25, 25), tokenizer="rules"),
    )
    assert result.parts == {"train": 2, "dev": 1, "test": 1}
    for name in ("train", "dev", "test"):
        text = (target / f"{name}.conll").read_text(encoding="utf-8")
        assert text.count("-DOCSTART-") == result.parts[name]


def test_export_refuses_an_unknown_scheme(project: Project, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown tag scheme 'bioes'"):
        formats.export_project(
            project, "conll", tmp_path / "x.conll", ExportOptions(triggers=True, scheme="bioes")
        )
    assert not (tmp_path / "x.conll").exists()


def test_labels_with_spaces_are_written_with_underscores(tmp_path: Path) -> None:
    project = Project.in_memory()
    text = "Kim is the head of state."
    project.import_records(
        [DocumentRecord(text=text, spans=[SpanRecord("T1", 11, 24, "job title")])]
    )
    target = tmp_path / "out.conll"
    result = formats.export_project(
        project, "conll", target, ExportOptions(triggers=True, tokenizer="rules")
    )
    assert "head B-job_title\nof I-job_title\nstate I-job_title\n" in target.read_text()
    assert "label 'job title' written as 'job_title' (columns cannot hold spaces)" in (
        result.lines()
    )


def test_export_then_import_gives_the_kept_spans(project: Project, tmp_path: Path) -> None:
    first = tmp_path / "first.conll"
    formats.export_project(project, "conll", first, ExportOptions(triggers=True, tokenizer="rules"))
    records = formats.read([first], "conll")
    expected = kept_spans()
    named = [uid for uid, *_ in DOCUMENTS if uid != "blank"]  # no tokens: not read back
    assert len(records) == len(named)
    for uid, record in zip(named, records, strict=True):
        found = sorted(("".join(text.split()), label) for text, label in spans_of(record))
        assert found == expected[uid]
    # and the second export tags the same tokens the same way
    again = Project.in_memory()
    again.import_records(records)
    second = tmp_path / "second.conll"
    formats.export_project(again, "conll", second, ExportOptions(triggers=True, tokenizer="rules"))
    assert [r.spans for r in formats.read([second], "conll")] == [r.spans for r in records]


# -- import ------------------------------------------------------------------------
def read(path: Path, scheme: str = "auto") -> tuple[list[DocumentRecord], ReadContext]:
    ctx = ReadContext(scheme=scheme)
    return formats.read([path], "conll", context=ctx), ctx


def spans_of(record: DocumentRecord) -> list[tuple[str, str]]:
    return [(record.text[s.start : s.end], s.label) for s in record.spans]


def test_import_conll2003_iob1() -> None:
    records, ctx = read(DATA / "conll2003_iob1.conll")
    assert ctx.warnings == []
    assert [r.meta for r in records] == [
        {"file": "conll2003_iob1.conll", "document": 1},
        {"file": "conll2003_iob1.conll", "document": 2},
    ]
    assert records[0].text == ("EU rejects German call to boycott British lamb .\nPeter Blackburn")
    assert spans_of(records[0]) == [
        ("EU", "ORG"), ("German", "MISC"), ("British", "MISC"), ("Peter Blackburn", "PER")
    ]  # fmt: skip
    assert spans_of(records[1]) == [
        ("BRUSSELS", "LOC"), ("European Commission", "ORG"), ("Germany", "LOC"), ("France", "LOC")
    ]  # fmt: skip
    assert records[1].source.endswith("conll2003_iob1.conll line 18")


def test_import_detects_the_scheme_from_the_tags() -> None:
    assert detect_scheme([["I-PER", "B-PER", "O"]]) == "iob1"
    assert detect_scheme([["B-PER", "I-PER", "O"]]) == "iob2"
    assert detect_scheme([["O", "I-PER"], ["B-LOC"]]) == "iob2"  # a broken IOB2 file
    assert detect_scheme([["B-PER", "L-PER"]]) == "bilou"
    assert detect_scheme([["S-PER"]]) == "bilou"  # IOBES reads as BILOU
    records, _ = read(DATA / "bilou.bilou")
    assert spans_of(records[0]) == [("Alex", "PER"), ("New York City", "LOC")]
    records, _ = read(DATA / "iobes.iob")
    assert spans_of(records[0]) == [("Barack Obama", "PER"), ("Merkel", "PER"), ("Berlin", "LOC")]


def test_import_tabs_and_no_docstart() -> None:
    records, ctx = read(DATA / "iob2_tabs.tsv")
    assert ctx.warnings == []
    assert len(records) == 1
    assert records[0].text == "Alex is going to Los Angeles\nNew York Times reported"
    assert spans_of(records[0]) == [
        ("Alex", "PER"),
        ("Los Angeles", "LOC"),
        ("New York Times", "ORG"),
    ]


def test_import_crlf_and_bom() -> None:
    records, _ = read(DATA / "crlf_bom.conll")
    assert records[0].text == "Paris is calm ."
    assert spans_of(records[0]) == [("Paris", "GPE")]


def test_import_reads_broken_sequences_leniently_and_warns() -> None:
    records, ctx = read(DATA / "invalid_iob2.conll")  # B- after O: IOB2, with two I- starts
    assert spans_of(records[0]) == [
        ("Ali", "PER"), ("Syrian Army", "ORG"), ("Palmyra", "GPE"), ("Homs", "LOC")
    ]  # fmt: skip
    # as seqeval's lenient reading has it
    tags = ["B-PER", "O", "O", "I-ORG", "I-ORG", "O", "B-GPE", "I-LOC", "O"]
    assert get_entities(tags) == [("PER", 0, 0), ("ORG", 3, 4), ("GPE", 6, 6), ("LOC", 7, 7)]
    assert len(ctx.warnings) == 1
    assert "invalid_iob2.conll: 2 tag(s) break IOB2" in ctx.warnings[0]
    assert "line 6: I-ORG after O" in ctx.warnings[0]


def test_import_with_a_forced_scheme() -> None:
    records, ctx = read(DATA / "conll2003_iob1.conll", "iob2")
    assert spans_of(records[0])[0] == ("EU", "ORG")  # same entities, but warned about
    assert "tag(s) break IOB2" in ctx.warnings[0]
    with pytest.raises(InputError, match=r"bilou\.bilou line 3: 'U-PER' is not an IOB2 tag"):
        read(DATA / "bilou.bilou", "iob2")
    records, ctx = read(DATA / "iob2_tabs.tsv", "bilou")  # B- I- without L-: warned
    assert spans_of(records[0])[1] == ("Los Angeles", "LOC")
    assert "break BILOU" in ctx.warnings[0]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("one_column.conll", r"one_column\.conll line 3: expected a token and a tag .* 'going'"),
        ("bad_tag.conll", r"bad_tag\.conll line 3: 'X-LOC' is not a tag"),
    ],
)
def test_import_refuses_malformed_lines(name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read(DATA / name)


def test_import_skips_comment_lines() -> None:
    records, ctx = read(DATA / "comments.conll")
    assert records[0].text == "Alex lives in # Paris\nBob"
    assert spans_of(records[0]) == [("Alex", "PER"), ("Paris", "LOC"), ("Bob", "PER")]
    assert ctx.warnings == [
        f"{DATA / 'comments.conll'}: skipped 2 comment line(s) starting with # "
        "(the first at line 1)"
    ]


def test_import_a_folder() -> None:
    records, _ = read(DATA / "folder")
    assert [(r.meta["file"], r.text) for r in records] == [
        ("a.conll", "One"),
        ("sub/b.bio", "Two\nThree"),
    ]


def test_import_cuts_long_files_without_docstart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conll, "MAX_SENTENCES", 2)
    path = tmp_path / "long.bio"
    path.write_text("".join(f"w{i} B-X\n\n" for i in range(5)), encoding="utf-8")
    records, ctx = read(path)
    assert [r.text for r in records] == ["w0\nw1", "w2\nw3", "w4"]
    assert [r.meta["document"] for r in records] == [1, 2, 3]
    assert "cut its 5 sentences into 3 documents" in ctx.warnings[0]


def test_import_empty_file_gives_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.conll"
    path.write_text("-DOCSTART- -X- O O\n\n\n", encoding="utf-8")
    assert read(path)[0] == []


def test_detect_conll_files(tmp_path: Path) -> None:
    assert formats.detect(DATA / "conll2003_iob1.conll") == "conll"
    assert formats.detect(DATA / "iob2_tabs.tsv") == "conll"
    txt = tmp_path / "tagged.txt"
    txt.write_text((DATA / "iobes.iob").read_text(), encoding="utf-8")
    assert formats.detect(txt) == "conll"


def test_cli_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "p.annot"), "--schema", "conll2003"]) == 0
    assert main(["import", str(tmp_path / "p.annot"), str(DATA / "conll2003_iob1.conll")]) == 0
    out = tmp_path / "out.conll"
    code = main(
        ["export", str(tmp_path / "p.annot"), "--format", "conll", "--scheme", "bilou",
         "--tokenizer", "rules", "-o", str(out)]
    )  # fmt: skip
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "European B-ORG\nCommission L-ORG\n" in text and "Germany U-LOC\nFrance U-LOC\n" in text
    assert "tags: BILOU" in capsys.readouterr().err


# -- tags.py -----------------------------------------------------------------------
def test_tag_names() -> None:
    assert tag_names(["PER", "LOC"], "iob2") == ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
    assert tag_names(["PER"], "bilou") == ["O", "B-PER", "I-PER", "L-PER", "U-PER"]


def test_split_tag() -> None:
    assert split_tag("O") == ("O", "")
    assert split_tag("B-Justice:Arrest-Jail") == ("B", "Justice:Arrest-Jail")
    assert split_tag("E-PER") == ("L", "PER") and split_tag("S-PER") == ("U", "PER")
    for bad in ("B-", "B", "o", "X-PER", "-PER", "B_PER"):
        with pytest.raises(ValueError, match="is not a tag"):
            split_tag(bad)


def test_encode_each_scheme() -> None:
    chunks = [(0, 2, "A"), (2, 3, "A"), (4, 7, "B")]
    assert encode(7, chunks, "iob2") == ["B-A", "I-A", "B-A", "O", "B-B", "I-B", "I-B"]
    assert encode(7, chunks, "iob1") == ["I-A", "I-A", "B-A", "O", "I-B", "I-B", "I-B"]
    assert encode(7, chunks, "bilou") == ["B-A", "L-A", "U-A", "O", "B-B", "I-B", "L-B"]


def test_decode_problems() -> None:
    assert decode(["B-X", "I-X", "O", "L-Y", "I-Z"], "bilou") == (
        [(0, 2, "X"), (3, 4, "Y"), (4, 5, "Z")],
        [
            (1, "I-X ends an entity (not L-X or U-X)"),
            (3, "L-Y after O"),
            (4, "I-Z after L-Y"),
            (4, "I-Z ends an entity (not L-Z or U-Z)"),
        ],
    )
    assert decode(["B-X"], "iob1") == (
        [(0, 1, "X")],
        [(0, "B-X at a sentence start (IOB1 has B- only after I-X)")],
    )


@st.composite
def tagged(draw: st.DrawFn) -> tuple[int, list[tuple[int, int, str]]]:
    length = draw(st.integers(0, 12))
    cuts = sorted(draw(st.sets(st.integers(0, length), max_size=8)))
    chunks = []
    for start, end in itertools.pairwise(cuts):
        if draw(st.booleans()):
            chunks.append((start, end, draw(st.sampled_from(["A", "B"]))))
    return length, chunks


@settings(max_examples=300, deadline=None)
@given(tagged(), st.sampled_from(["iob1", "iob2", "bilou"]))
def test_encode_decode_round_trip(
    case: tuple[int, list[tuple[int, int, str]]], scheme: str
) -> None:
    length, chunks = case
    tags = encode(length, chunks, scheme)
    assert decode(tags, scheme) == (chunks, [])
    strict = Entities([tags], SEQEVAL[scheme]).entities[0]
    assert [(e.start, e.end, e.tag) for e in strict] == chunks


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 20), st.integers(1, 6), st.sampled_from("ABC")), max_size=10)
)
def test_outermost_keeps_disjoint_longest(raw: list[tuple[int, int, str]]) -> None:
    from types import SimpleNamespace

    spans = [SimpleNamespace(start=s, end=s + n, label=label) for s, n, label in raw]
    kept, dropped = outermost(spans, {"A": 0, "B": 1, "C": 2})
    assert len(kept) + len(dropped) == len(spans)
    for a, b in itertools.pairwise(kept):
        assert a.end <= b.start
    for span in dropped:  # each dropped span overlaps a kept one at least as long
        assert any(
            k.start < span.end and span.start < k.end and k.end - k.start >= span.end - span.start
            for k in kept
        )


def test_outermost_ties() -> None:
    from types import SimpleNamespace

    a = SimpleNamespace(start=0, end=4, label="B")
    b = SimpleNamespace(start=0, end=4, label="A")
    c = SimpleNamespace(start=2, end=6, label="A")
    kept, dropped = outermost([a, c, b], {"A": 0, "B": 1})
    assert kept == [b] and dropped == [a, c]  # same length: earliest start, then schema order


def test_entities_only_by_default_with_triggers_counted(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "ner.conll"
    result = formats.export_project(project, "conll", target, ExportOptions(tokenizer="rules"))
    tags = {line.split()[-1] for line in target.read_text(encoding="utf-8").splitlines() if line}
    assert not any("Movement:Transport" in tag for tag in tags)
    assert {"B-ORG", "B-GPE"} <= tags
    assert result.losses.counts["triggers"] >= 1
    assert any("--triggers tags them" in line and "'evacuated'" in line for line in result.lines())
