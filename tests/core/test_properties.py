"""Property-based tests of the offset contract (docs/adr/0002-offsets.md).

The stored text is exactly the decoded input; offsets are code-point indices, end
exclusive; nothing is normalised on the way in, through edits, or on the way out
(JSONL export, import into a fresh project, export again gives the same bytes).
No Qt anywhere: everything runs against ``Project.in_memory()`` or the real CLI.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.core.editing.edits import AddSpan, MoveSpan
from annotator.core.errors import EditError, InputError, OffsetError
from annotator.core.io import jsonl
from annotator.core.model import Label, LabelKind, Schema, Status, schemas
from annotator.core.model.records import (
    ArgumentRecord,
    DocumentRecord,
    EventRecord,
    RelationRecord,
    SpanRecord,
)
from annotator.core.model.text import BOM, DecodeError, Utf16Map, check_span, decode
from annotator.core.project import Project

BOM_BYTES = b"\xef\xbb\xbf"

# -- strategies ----------------------------------------------------------------
# Every character but lone surrogates (which UTF-8 cannot encode).
# PostgreSQL cannot store U+0000: a server project refuses it (tests/core/test_server_*),
# so the run of these tests against a server (ANNOTATOR_TEST_BACKEND) leaves it out.
_ON_SERVER = os.environ.get("ANNOTATOR_TEST_BACKEND") == "postgresql"
CHARS = st.characters(blacklist_categories=["Cs"], blacklist_characters=["\x00"] * _ON_SERVER)

FRAGMENTS = (
    # ASCII words and punctuation
    "The",
    "Syrian Army",
    "evacuated",
    "Palmyra",
    "on Sunday.",
    " ",
    "  ",
    "Putin",
    "x",
    # astral characters and emoji sequences
    "\U0001f600",  # 😀
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # 👨‍👩‍👧 (ZWJ sequence)
    "\U0001f1fa\U0001f1e6",  # 🇺🇦 (regional indicator pair)
    "\U0001f1ef\U0001f1f5",  # 🇯🇵
    "\U0001f1fa",  # a lone regional indicator
    "\U0001f44d\U0001f3fd",  # 👍🏽 (skin tone modifier)
    "\U0001f44b\U0001f3ff",  # 👋🏿
    "\U0001d518\U0001d52b\U0001d526",  # mathematical fraktur
    "\U0010ffff",
    # combining marks
    "e\u0301",
    "a\u0308\u0323",
    "\u0301",  # a combining mark with nothing to combine with
    # line breaks of every kind, blank lines, tabs
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\r\n\r\n",
    "\n\r",
    "\t",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
    # spaces and invisible characters
    "\u00a0",
    "\u202f",
    "\u3000",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\ufeff",  # a BOM in the middle of the text is text (ZWNBSP)
    "\ufffe",
    "\x00",
    # right-to-left scripts
    "مرحبا بالعالم",
    "السلام عليكم\u060c",
    "שָׁלוֹם עולם",
    "\u202bembedded\u202c",
    # other scripts
    "中文字符",
    "Ελληνικά",
    "ひらがな",
)

_fragment = st.sampled_from([f for f in FRAGMENTS if not (_ON_SERVER and "\x00" in f)])
_body = st.lists(
    st.one_of(_fragment, _fragment, st.text(CHARS, max_size=6)), min_size=1, max_size=16
).map("".join)


@st.composite
def hostile_texts(draw: st.DrawFn) -> str:
    """Non-empty text mixing every kind of trouble, sometimes with a leading BOM."""
    prefix = draw(st.sampled_from(("", "", "", BOM, BOM + BOM)))
    text = prefix + draw(_body)
    assume(text)
    return text


hostile_text = hostile_texts()


@st.composite
def valid_pair(draw: st.DrawFn, length: int) -> tuple[int, int]:
    start = draw(st.integers(0, length - 1))
    end = draw(st.integers(start + 1, length))
    return start, end


@st.composite
def invalid_pair(draw: st.DrawFn, length: int) -> tuple[int, int]:
    kind = draw(st.sampled_from(("empty", "reversed", "negative", "past_end", "both_out")))
    if kind == "empty":
        start = draw(st.integers(0, length))
        return start, start
    if kind == "reversed":
        end = draw(st.integers(0, length))
        return draw(st.integers(end, length + 3)), end
    if kind == "negative":
        return draw(st.integers(-(10**12), -1)), draw(st.integers(-5, length))
    if kind == "past_end":
        start = draw(st.integers(0, length - 1))
        return start, draw(st.integers(length + 1, length + 10**12))
    return draw(st.integers(-5, -1)), draw(st.integers(length + 1, length + 5))


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# -- 1. the hostile-text strategy itself ----------------------------------------
@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_hostile_text_is_non_empty_and_utf8_encodable(text: str) -> None:
    assert text
    assert text.encode("utf-8").decode("utf-8") == text


# -- 2. offsets through edits ---------------------------------------------------
@settings(max_examples=75, deadline=None)
@given(text=hostile_text, data=st.data())
def test_add_span_stores_exact_code_point_offsets(text: str, data: st.DataObject) -> None:
    with Project.in_memory() as project:
        report = project.import_records([DocumentRecord(text=text)])
        assert report.document_ids
        doc_id = report.document_ids[0]
        document = project.document(doc_id)
        assert document.text == text  # the record's text is stored untouched (BOM too)
        assert project.summaries([doc_id])[0].length == len(text)

        pairs = data.draw(st.lists(valid_pair(len(text)), min_size=1, max_size=6), "pairs")
        added: dict[int, tuple[int, int]] = {}
        for start, end in pairs:
            edit = AddSpan(doc_id, start, end, "PER")
            project.apply(edit)
            assert edit.span_id is not None
            added[edit.span_id] = (start, end)

        spans = project.annotations(doc_id).spans
        assert {span.id: (span.start, span.end) for span in spans} == added
        stored = project.document(doc_id).text
        assert stored == text
        for span in spans:
            assert stored[span.start : span.end] == text[span.start : span.end]
            assert span.label == "PER"
        assert len({span.uid for span in spans}) == len(spans)

        # Resizing keeps the exact offsets too, and undo restores the old ones.
        span = spans[0]
        start, end = data.draw(valid_pair(len(text)), "move")
        move = MoveSpan(span.id, start, end)
        project.apply(move)
        moved = project.annotations(doc_id).span(span.id)
        assert moved is not None and (moved.start, moved.end) == (start, end)
        project.revert(move)
        restored = project.annotations(doc_id).span(span.id)
        assert restored is not None and (restored.start, restored.end) == (span.start, span.end)


@settings(max_examples=75, deadline=None)
@given(text=hostile_text, data=st.data())
def test_invalid_offsets_are_refused_and_change_nothing(text: str, data: st.DataObject) -> None:
    with Project.in_memory() as project:
        doc_id = project.import_records([DocumentRecord(text=text)]).document_ids[0]  # type: ignore[index]
        start, end = data.draw(valid_pair(len(text)), "existing")
        existing = AddSpan(doc_id, start, end, "ORG")
        project.apply(existing)
        before = project.annotations(doc_id)
        bad_start, bad_end = data.draw(invalid_pair(len(text)), "invalid")

        with pytest.raises(OffsetError):
            check_span(text, bad_start, bad_end)
        with pytest.raises(EditError, match="cannot add a span"):
            project.apply(AddSpan(doc_id, bad_start, bad_end, "PER"))
        assert project.annotations(doc_id) == before
        with pytest.raises(EditError, match="cannot resize"):
            project.apply(MoveSpan(existing.span_id, bad_start, bad_end))  # type: ignore[arg-type]
        assert project.annotations(doc_id) == before
        # The same offsets are refused on import (a text of the same length, not a duplicate).
        other = ("x" if text[0] != "x" else "y") + text[1:]
        bad_span = SpanRecord("T1", bad_start, bad_end, "PER")
        with pytest.raises(InputError):
            project.import_records([DocumentRecord(text=other, spans=[bad_span])])
        assert project.document_count() == 1
        assert project.annotations(doc_id) == before


# -- 3. JSONL round trip -----------------------------------------------------------
# Kinds never clash: relation types are disjoint from span labels, and only
# event labels trigger events. Hostile label names are added to the schema of
# both projects; brand-new names (which an import should add) are tested apart.
NEWS = schemas.load()
ENTITY_LABELS = (
    *(label.name for label in NEWS.entities),
    "Étiquette",
    "标签 \U0001f600",
    " PER ",
    "e\u0301\r\n",
)
EVENT_LABELS = (*(label.name for label in NEWS.events), "حدث", "Ereignis\u200d\u2028")
RELATION_TYPES = (*(label.name for label in NEWS.relations), "علاقة", "rel\x85\u00a0")
HOSTILE_SCHEMA = Schema(
    name="Hostile \U0001f1fa\U0001f1e6",
    labels=NEWS.labels
    + tuple(
        Label(name, kind, "")
        for names, kind in (
            (ENTITY_LABELS, LabelKind.ENTITY),
            (EVENT_LABELS, LabelKind.EVENT),
            (RELATION_TYPES, LabelKind.RELATION),
        )
        for name in names
        if NEWS.get(name) is None
    ),
)
ROLES = ("Attacker", "Place", "Time", "Rôle", "角色", "Victim\u2029", "\U0001f1fa\U0001f1e6")

_non_blank = st.text(CHARS, min_size=1, max_size=6).filter(lambda s: s.strip() != "")
entity_label = st.sampled_from(ENTITY_LABELS)
event_label = st.sampled_from(EVENT_LABELS)
relation_type = st.sampled_from(RELATION_TYPES)
# Labels no schema has: "e:" entities, "v:" event types, "r:" relation types.
new_entity_label = _non_blank.map(lambda s: "e:" + s)
new_event_label = _non_blank.map(lambda s: "v:" + s)
new_relation_type = _non_blank.map(lambda s: "r:" + s)
role_name = st.one_of(st.sampled_from(ROLES), _non_blank)
annotation_uid = st.one_of(
    st.integers(1, 30).map(lambda n: f"T{n}"),
    st.integers(1, 30).map(lambda n: f"E{n}"),
    st.text(CHARS, min_size=1, max_size=5),
)
json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(CHARS, max_size=8),
    st.sampled_from(FRAGMENTS),
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(CHARS, max_size=4), inner, max_size=3),
    ),
    max_leaves=8,
)
meta_dict = st.dictionaries(
    st.one_of(st.text(CHARS, max_size=6), st.sampled_from(FRAGMENTS), st.just("title")),
    json_value,
    max_size=4,
)


@st.composite
def document_records(draw: st.DrawFn, new_labels: bool = False) -> DocumentRecord:
    """A document with nested, overlapping and identical spans, events and relations."""
    entities = st.one_of(entity_label, new_entity_label) if new_labels else entity_label
    event_types = st.one_of(event_label, new_event_label) if new_labels else event_label
    relations_types = st.one_of(relation_type, new_relation_type) if new_labels else relation_type
    text = draw(hostile_text)
    n_spans = draw(st.integers(1 if new_labels else 0, 7))
    n_events = draw(st.integers(0, 4)) if n_spans else 0
    n_relations = draw(st.integers(0, 3)) if n_spans else 0
    total = n_spans + n_events + n_relations
    uids = draw(st.lists(annotation_uid, min_size=total, max_size=total, unique=True))
    span_uids, event_uids = uids[:n_spans], uids[n_spans : n_spans + n_events]
    relation_uids = uids[n_spans + n_events :]

    spans: list[SpanRecord] = []
    for uid in span_uids:
        shape = draw(st.sampled_from(("free", "free", "copy", "inside")))
        if shape == "free" or not spans:
            start, end = draw(valid_pair(len(text)))
        elif shape == "copy":  # the very same offsets as another span
            other = draw(st.sampled_from(spans))
            start, end = other.start, other.end
        else:  # nested in another span
            other = draw(st.sampled_from(spans))
            start = draw(st.integers(other.start, other.end - 1))
            end = draw(st.integers(start + 1, other.end))
        if new_labels and not spans:  # at least one label the project lacks
            label = draw(st.one_of(new_entity_label, new_event_label))
        else:
            label = draw(st.one_of(entities, event_types))
        spans.append(SpanRecord(uid, start, end, label))

    events: list[EventRecord] = []
    triggers = [s for s in spans if s.label in EVENT_LABELS or s.label.startswith("v:")]
    for uid in event_uids:
        if not triggers:
            break
        trigger = draw(st.sampled_from(triggers))
        refs = [s.uid for s in spans] + [e for e in event_uids if e != uid]
        arguments = draw(
            st.lists(
                st.builds(ArgumentRecord, role=role_name, ref=st.sampled_from(refs)), max_size=3
            )
        )
        event_type = draw(st.sampled_from((None, trigger.label)))
        events.append(EventRecord(uid, trigger.uid, arguments, event_type))
    # Arguments may name only events that exist.
    made = {e.uid for e in events}
    for event in events:
        event.arguments = [
            a for a in event.arguments if a.ref in made or a.ref in {s.uid for s in spans}
        ]

    relations = []
    if len(spans) >= 2:  # AddRelation refuses a span related to itself
        for uid in relation_uids:
            head, tail = draw(
                st.lists(st.sampled_from(spans), min_size=2, max_size=2, unique_by=lambda s: s.uid)
            )
            relations.append(RelationRecord(uid, draw(relations_types), head.uid, tail.uid))
    return DocumentRecord(
        text=text,
        meta=draw(meta_dict),
        status=draw(st.sampled_from(list(Status))),
        spans=spans,
        events=events,
        relations=relations,
    )


@st.composite
def batches(draw: st.DrawFn, new_labels: bool = False) -> list[DocumentRecord]:
    records = draw(
        st.lists(document_records(new_labels), min_size=1, max_size=4, unique_by=lambda r: r.text)
    )
    doc_uids = draw(
        st.lists(
            st.one_of(st.none(), _non_blank, st.sampled_from(("1", "2", "3"))),  # ids: not blank
            min_size=len(records),
            max_size=len(records),
            unique_by=lambda u: u if u is not None else object(),  # any number of Nones
        )
    )
    for record, uid in zip(records, doc_uids, strict=True):
        record.uid = uid
    return records


def export(project: Project) -> bytes:
    out = io.StringIO(newline="")
    documents = ((doc, project.annotations(doc.id)) for doc in project.iter_documents())
    count = jsonl.write(documents, out)
    assert count == project.document_count()
    return out.getvalue().encode("utf-8")


def described(record: DocumentRecord) -> dict[str, Any]:
    """A record's annotations keyed by uid, with everything an export must keep."""
    labels = {span.uid: span.label for span in record.spans}
    return {
        "spans": {s.uid: (s.start, s.end, s.label) for s in record.spans},
        "events": {
            e.uid: (e.trigger, labels[e.trigger], [(a.role, a.ref) for a in e.arguments])
            for e in record.events
        },
        "relations": {r.uid: (r.type, r.head, r.tail) for r in record.relations},
    }


def check_round_trip(records: list[DocumentRecord], schema: Schema | None) -> None:
    with Project.in_memory(schema) as first:
        report = first.import_records(records)
        assert report.documents == len(records)
        assert not report.duplicates
        data = export(first)
        # The export's fast path (raw rows, no model objects) writes the same bytes.
        fast = io.BytesIO()
        ids = [document.id for document in first.iter_documents()]
        assert jsonl.write_batches(first.row_batches(ids), fast) == len(records)
        assert fast.getvalue() == data

    # One document per line, whatever line separators the texts contain.
    lines = data.split(b"\n")
    assert lines[-1] == b""
    assert len(lines) == len(records) + 1
    assert len(data.decode("utf-8").splitlines()) == len(records)
    assert not data.startswith(BOM_BYTES)

    back = jsonl.read(data, "export.jsonl")
    assert len(back) == len(records)
    for original, line, read in zip(records, lines, back, strict=False):
        assert read.text == original.text
        assert read.meta == original.meta
        assert read.status == original.status
        if original.uid is not None:
            assert read.uid == original.uid
        assert described(read) == described(original)
        obj = json.loads(line)
        assert list(obj) == ["id", "text", "meta", "status", "spans", "events", "relations"]
        for span in obj["spans"]:
            assert span["text"] == original.text[span["start"] : span["end"]]
        for event in obj["events"]:
            assert event["type"] == described(original)["spans"][event["trigger"]][2]

    with Project.in_memory(schema) as second:
        assert second.import_records(back).documents == len(records)
        again = export(second)
    assert again == data


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(CHARS),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(CHARS), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(CHARS), json_values, max_size=4))
def test_both_json_encoders_write_the_same_lines(value: dict[str, Any]) -> None:
    """orjson when installed, the json module otherwise: the same bytes either way."""
    fast = jsonl.encode(value)
    with mock.patch.object(jsonl, "_orjson", None):
        slow = jsonl.encode(value)
    assert fast == slow
    assert b"\n" not in fast and len(fast.decode("utf-8").splitlines()) == 1
    assert json.loads(fast) == value


def test_json_lines_take_huge_integers_and_write_non_finite_numbers_as_null() -> None:
    value = {"big": 10**30, "nan": float("nan"), "inf": [float("-inf"), 1.5]}
    expected = b'{"big":1000000000000000000000000000000,"nan":null,"inf":[null,1.5]}'
    assert jsonl.encode(value) == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_jsonl_round_trip_is_exact_and_byte_identical(records: list[DocumentRecord]) -> None:
    check_round_trip(records, HOSTILE_SCHEMA)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches(new_labels=True))
def test_jsonl_round_trip_with_labels_the_schema_lacks(records: list[DocumentRecord]) -> None:
    """Labels the schema lacks are added by the import (in both projects alike)."""
    check_round_trip(records, None)


@pytest.mark.parametrize(
    "field",
    [
        "text",
        "id",
        "span id",
        "span label",
        "event id",
        "role",
        "relation type",
        "meta key",
        "meta value",
        "nested meta value",
    ],
)
@settings(max_examples=15, deadline=None)
@given(
    before=st.text(CHARS, max_size=3),
    surrogate=st.integers(0xD800, 0xDFFF).map(chr),
    after=st.text(CHARS, max_size=3),
)
def test_jsonl_import_refuses_lone_surrogates(
    field: str, before: str, surrogate: str, after: str
) -> None:
    """JSON escapes can spell lone surrogates; every string must be refused as InputError."""
    bad = before + surrogate + after
    obj: dict[str, Any] = {
        "id": "d1",
        "text": "Putin met Assad.",
        "meta": {"source": "wire", "tags": ["a", {"b": "c"}]},
        "spans": [
            {"id": "T1", "start": 0, "end": 5, "label": "PER"},
            {"id": "T2", "start": 6, "end": 9, "label": "Contact:Meet"},
            {"id": "T3", "start": 10, "end": 15, "label": "PER"},
        ],
        "events": [{"id": "E1", "trigger": "T2", "arguments": [{"role": "Entity", "ref": "T1"}]}],
        "relations": [{"id": "R1", "type": "PHYS:Located", "head": "T1", "tail": "T3"}],
    }
    if field == "text":
        obj["text"] += bad
    elif field == "id":
        obj["id"] = bad
    elif field == "span id":
        obj["spans"][2]["id"] = bad
    elif field == "span label":
        obj["spans"][2]["label"] = bad
    elif field == "event id":
        obj["events"][0]["id"] = bad
    elif field == "role":
        obj["events"][0]["arguments"][0]["role"] = bad
    elif field == "relation type":
        obj["relations"][0]["type"] = bad
    elif field == "meta key":
        obj["meta"][bad] = 1
    elif field == "meta value":
        obj["meta"]["source"] = bad
    else:
        obj["meta"]["tags"][1]["b"] = bad
    data = (json.dumps(obj, ensure_ascii=True) + "\n").encode("ascii")
    with Project.in_memory() as project:
        with pytest.raises(InputError):
            project.import_records(jsonl.read(data, "s.jsonl"))
        assert project.document_count() == 0


# -- 4. decode ---------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.one_of(hostile_text, st.text(CHARS)))
def test_decode_keeps_text_and_strips_one_leading_bom(text: str) -> None:
    expected = text[1:] if text.startswith(BOM) else text
    assert decode(text.encode("utf-8")) == expected
    assert decode(BOM_BYTES + text.encode("utf-8")) == text
    assert decode(BOM_BYTES + BOM_BYTES + text.encode("utf-8")) == BOM + text


INVALID_SEQUENCES = (
    b"\x80",  # a continuation byte with no lead byte
    b"\xbf",
    b"\xc0\x80",  # overlong encodings
    b"\xc1\xbf",
    b"\xe0\x80\x80",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xf4\x90\x80\x80",  # past U+10FFFF
    b"\xf5\x80\x80\x80",
    b"\xfe",
    b"\xff",
    b"\xc3A",  # truncated sequences, followed by ASCII
    b"\xe2\x82A",
    b"\xf0\x9f\x98A",
)


@settings(max_examples=150, deadline=None)
@given(
    prefix=st.one_of(hostile_text, st.text(CHARS, max_size=10)),
    bom=st.booleans(),
    bad=st.sampled_from(INVALID_SEQUENCES),
    suffix=st.binary(max_size=8),
)
def test_decode_refuses_invalid_utf8_naming_the_byte(
    prefix: str, bom: bool, bad: bytes, suffix: bytes
) -> None:
    head = (BOM_BYTES if bom else b"") + prefix.encode("utf-8")
    data = head + bad + suffix
    with pytest.raises(DecodeError) as info:
        decode(data)
    message = str(info.value)
    assert f"at byte {len(head)} " in message
    assert f"0x{bad[0]:02x}" in message
    line = head.count(b"\n") + 1
    assert f"(line {line})" in message
    with pytest.raises(InputError, match=f"bad.jsonl: .*at byte {len(head)} "):
        jsonl.read(data, "bad.jsonl")


@settings(max_examples=150, deadline=None)
@given(st.binary(min_size=1, max_size=40))
def test_decode_of_random_bytes(data: bytes) -> None:
    try:
        expected = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        with pytest.raises(DecodeError, match=f"at byte {exc.start} "):
            decode(data)
    else:
        assert decode(data) == expected.removeprefix(BOM)


# -- 5. UTF-16 offsets ---------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.one_of(hostile_text, st.text(CHARS, max_size=30)))
def test_utf16_map_matches_utf16_encoding(text: str) -> None:
    mapping = Utf16Map(text)
    assert mapping.utf16_length == utf16_units(text)
    boundaries = {}
    for i in range(len(text) + 1):
        units = utf16_units(text[:i])
        assert mapping.to_utf16(i) == units
        assert mapping.from_utf16(units) == i
        boundaries[units] = i
    for units in range(mapping.utf16_length + 1):
        if units in boundaries:
            assert mapping.from_utf16(units) == boundaries[units]
        else:  # the second unit of a surrogate pair
            unit = text.encode("utf-16-le")[2 * units - 2 : 2 * units]
            assert 0xD800 <= int.from_bytes(unit, "little") <= 0xDBFF
            with pytest.raises(OffsetError, match="surrogate pair"):
                mapping.from_utf16(units)


# -- 6. a .txt file through the real CLI, byte for byte --------------------------------
@settings(max_examples=50, deadline=None)
@given(text=hostile_text, bom=st.booleans())
def test_txt_file_round_trip_through_cli(text: str, bom: bool) -> None:
    raw = (BOM_BYTES if bom else b"") + text.encode("utf-8")
    # Exactly one BOM is dropped: the file's, or else the text's own leading one.
    expected = text if bom else text.removeprefix(BOM)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        project, source, out = root / "p.annot", root / "article.txt", root / "out.jsonl"
        source.write_bytes(raw)
        assert main(["new", str(project)]) == 0
        code = main(["import", str(project), str(source)])
        if not expected:
            assert code == 1  # an empty document is refused, not stored
            return
        assert code == 0
        assert main(["export", str(project), "-o", str(out)]) == 0
        data = out.read_bytes()

    assert data.count(b"\n") == 1 and data.endswith(b"\n")
    assert len(data.decode("utf-8").splitlines()) == 1
    exported = json.loads(data)
    assert exported["text"] == expected
    assert exported["text"].count("\r\n") == expected.count("\r\n")
    assert exported["text"].count("\r") == expected.count("\r")
    assert exported["meta"] == {"file": "article.txt"}
    assert exported["spans"] == exported["events"] == exported["relations"] == []
