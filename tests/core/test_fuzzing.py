"""Fuzzing every importer and the schema loader (the reliability issue).

Random bytes, token soups and mutations of valid files (byte flips, insertions,
deletions, truncations, duplicated lines, swapped, huge and negative numbers,
surrogates, NUL, byte-order marks, CRLF, astral characters, deeply nested JSON,
wrong types in JSON fields) are read and, when reading succeeds, imported into
an in-memory project. The property: either an :class:`AnnotatorError` with a
non-empty one-line message naming the input, and the project is unchanged; or
success, and the project is valid (integrity check, every span inside its text,
references within their document, the document count as reported, a JSONL
export that imports into a fresh project and exports the same bytes). Never any
other exception, and nothing is written anywhere.

The ``slow`` tests run 2,000 examples per importer and per schema file kind
(CI runs them: ``python3 -m pytest``); the quick variants run a few dozen in
the default ``-m "not slow"`` run. Everything is derandomized and uses no
example database, so a run is reproducible.

Also here: label names, document ids and meta holding markup, SQL, path
traversal and control characters are stored verbatim and inert, and a brat
export of such ids writes only inside its target folder. The regression tests
at the end pin each bug the fuzzing found.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import io
import json
import re
import shutil
import sqlite3
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from annotator.core.editing.edits import ImportReport
from annotator.core.errors import AnnotatorError, InputError, SchemaError
from annotator.core.io import formats, jsonl, schema_sources
from annotator.core.io.base import ReadContext
from annotator.core.model import LabelKind, Schema, schemas
from annotator.core.model.records import DocumentRecord, SpanRecord
from annotator.core.model.text import check_unicode
from annotator.core.project import Project
from annotator.core.store.database import memory_database

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
DATA = TESTS / "data"
FORMATS = DATA / "formats"
FUZZ = DATA / "fuzz"

QUICK = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(QUICK, max_examples=2000)


# -- seeds: valid (and a few invalid) files of every format ------------------------------


def _head(path: Path, limit: int = 3000) -> bytes:
    """A file's first complete lines up to ``limit`` bytes (the whole file if smaller)."""
    data = path.read_bytes()
    if len(data) <= limit:
        return data
    cut = data.rfind(b"\n", 0, limit)
    return data[: cut + 1] if cut > 0 else data[:limit]


def _files(folder: Path, *patterns: str) -> list[bytes]:
    return [_head(path) for pattern in patterns for path in sorted(folder.glob(pattern))]


SEEDS: dict[str, list[bytes]] = {
    "jsonl": [
        _head(ROOT / "resources" / "demo" / "articles.jsonl"),
        *_files(FUZZ / "jsonl", "*.jsonl"),
    ],
    "txt": [
        *_files(FORMATS / "brat" / "corpus", "*.txt", "sub/*.txt"),
        _head(ROOT / "resources" / "demo" / "articles.jsonl", 600),
    ],
    "doccano": _files(FORMATS / "doccano", "*.jsonl"),
    "prodigy": _files(FORMATS / "prodigy", "*.jsonl"),
    "labelstudio": _files(FORMATS / "labelstudio", "*.json"),
    "conll": _files(FORMATS / "conll", "*.conll", "*.tsv", "*.iob", "*.bilou", "folder/*.conll"),
    "html": _files(FORMATS / "html", "*.html", "*.htm", "folder/*.html"),
}
# The file name each format is read from (the suffix matters to nobody but "auto").
FILE_NAMES = {
    "jsonl": "input.jsonl",
    "txt": "input.txt",
    "doccano": "input.jsonl",
    "prodigy": "input.jsonl",
    "labelstudio": "input.json",
    "conll": "input.conll",
    "html": "input.html",
}
JSON_LINES = {"jsonl", "doccano", "prodigy"}  # one JSON value a line
JSON_DOCUMENT = {"labelstudio"}  # one JSON value per file

BRAT_CONF_NAMES = ("annotation.conf", "visual.conf", "kb_shortcuts.conf")


def _brat_seed(folder: Path, stem: str, confs: Path | None) -> dict[str, bytes]:
    files = {"doc.txt": (folder / f"{stem}.txt").read_bytes()}
    if (folder / f"{stem}.ann").exists():
        files["doc.ann"] = (folder / f"{stem}.ann").read_bytes()
    for name in BRAT_CONF_NAMES:
        if confs is not None and (confs / name).exists():
            files[name] = (confs / name).read_bytes()
    return files


_CORPUS = FORMATS / "brat" / "corpus"
_EXPORTED = FUZZ / "brat" / "exported"
_TUTORIAL = DATA / "brat_conf" / "tutorial"
BRAT_SEEDS: list[dict[str, bytes]] = [
    _brat_seed(_CORPUS, "news", _CORPUS),
    _brat_seed(_CORPUS, "emoji", _CORPUS),
    _brat_seed(_CORPUS, "bom", _CORPUS),
    _brat_seed(_CORPUS / "sub", "crlf", _CORPUS),
    _brat_seed(_CORPUS, "plain", None),
    _brat_seed(_CORPUS, "news", _TUTORIAL),
    _brat_seed(FORMATS / "brat" / "discontinuous", "doc", None),
    _brat_seed(_EXPORTED, "fuzz-1", _EXPORTED),
    _brat_seed(_EXPORTED, "nested", _EXPORTED),
]

_SCHEMA_FILES = sorted((ROOT / "resources" / "schemas").glob("*.toml"))
SCHEMA_SEEDS: dict[str, list[bytes]] = {
    "toml": [path.read_bytes() for path in _SCHEMA_FILES],
    "json": [
        json.dumps(tomllib.loads(path.read_text(encoding="utf-8")), indent=1).encode()
        for path in _SCHEMA_FILES
    ],
}
CONF_SEEDS: list[dict[str, bytes]] = [
    {name: (folder / name).read_bytes() for name in BRAT_CONF_NAMES if (folder / name).exists()}
    for folder in (_CORPUS, _TUTORIAL, _EXPORTED)
]


# -- mutations -------------------------------------------------------------------------

NASTY_TEXT = (
    "<img src=http://x>",
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "'); DROP TABLE documents; --",
    '"; DELETE FROM labels; --',
    "../../x",
    "..\\..\\x",
    "/etc/passwd",
    "C:\\Windows\\x",
    "\x00",
    "a\x00b",
    "\x1b[31mred\x1b[0m",
    "\x07\x08\x7f",
    "\r",
    "\r\n",
    "\u2028",
    "\x85",
    "\ufeff",
    "\U0001f600",
    "\U0010ffff",
    "e\u0301",
    "\u202eevil",
    " ",
    "",
)
# Raw byte sequences worth inserting anywhere.
SPECIAL_BYTES = (
    b"\x00",
    b"\xef\xbb\xbf",  # a byte-order mark
    b"\r\n",
    b"\r",
    b"\n",
    b"\n\n",
    b"\t",
    b" ",
    b"\xed\xa0\x80",  # a surrogate encoded as UTF-8 (not valid UTF-8)
    b"\\ud800",  # a lone surrogate as a JSON escape
    b"\\udfff\\ud800",
    b"\\u0000",
    "\U0001f600".encode(),
    "\U0010ffff".encode(),
    "\u2028".encode(),
    "\x85".encode(),
    "e\u0301".encode(),
    b"\xff",
    b"\xc3",
    b"\x80",
    b'"',
    b"\\",
    b",",
    b":",
    b"[",
    b"]",
    b"{",
    b"}",
    b"<",
    b">",
    b"#",
    b"|",
    b";",
    b"-",
)
NUMBERS = (
    b"0",
    b"-0",
    b"1",
    b"-1",
    b"-5",
    b"2",
    b"7",
    b"40",
    b"2147483648",
    b"-2147483649",
    b"9223372036854775807",
    b"9223372036854775808",
    b"-9223372036854775809",
    b"18446744073709551616",
    b"1" * 40,
    b"9" * 5000,  # past Python's int-from-string digit limit
    b"1.5",
    b"1e400",
    b"-1e400",
    b"1e-400",
    b"NaN",
    b"Infinity",
    b"-Infinity",
    b"true",
    b"null",
    b'"3"',
    "\u0663".encode(),  # ARABIC-INDIC DIGIT THREE: \d matches it
    "\uff11".encode(),  # FULLWIDTH DIGIT ONE
)
LITERALS = (
    b'""',
    b'" "',
    b'"\\ud800"',
    b'"\\u0000"',
    b'"\xed\xa0\x80"',
    b'"<img src=http://x>"',
    b'"\'); DROP TABLE documents; --"',
    b'"../../x"',
    b'"\\n"',
    b'"\\u2028"',
    b'"\\ufeff"',
    b"null",
    b"true",
    b"false",
    b"0",
    b"-1",
    b"[]",
    b"{}",
    b"[[]]",
    b'{"":{}}',
    b"1979-05-27T07:32:00Z",
    b"07:32:00",
    b"inf",
    b"nan",
    b"'literal'",
    b'"""multi\nline"""',
)
_DEEP = "\x00DEEP\x00"  # replaced by a deeply nested array after serialising
WEIRD_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    -(2**63) - 1,
    2**63,
    2**64,
    10**30,
    1.5,
    float("nan"),
    float("inf"),
    "",
    " ",
    "x",
    "T1",
    "E1",
    "\ud800",
    "\udc00x",
    *NASTY_TEXT,
    [],
    {},
    [0, 1, "X"],
    [[0, 1, "X"]],
    {"start": 0, "end": 1, "label": "X"},
    {"id": "T1", "start": 0, "end": 1},
    _DEEP,
)
FIELD_NAMES = (
    # Annotator JSONL
    *("id", "text", "meta", "status", "spans", "events", "relations", "start", "end"),
    *("label", "type", "trigger", "arguments", "role", "ref", "head", "tail", "title"),
    # doccano
    *("data", "labels", "entities", "start_offset", "end_offset", "from_id", "to_id"),
    # Prodigy
    *("tokens", "token_start", "token_end", "child", "head_span", "child_span", "answer"),
    "_input_hash",
    # Label Studio
    *("annotations", "completions", "predictions", "result", "value", "to_name"),
    *("direction", "was_cancelled", "updated_at", "created_at"),
    # schemas
    *("name", "description", "color", "key", "roles", "cardinality", "fillers"),
    *("heads", "tails"),
)
DEPTHS = (3, 100, 1500, 50_000)

_NUMBER = re.compile(rb"-?[0-9]+")
_TOKEN = re.compile(rb'"(?:[^"\\\n]|\\.)*"|-?[0-9]+(?:\.[0-9]+)?|\btrue\b|\bfalse\b|\bnull\b')


@dataclass(frozen=True)
class Mutation:
    kind: str
    a: int = 0
    b: int = 0
    payload: bytes = b""


_position = st.integers(0, 1 << 24)
MUTATIONS = st.one_of(
    st.builds(Mutation, st.just("flip"), _position, st.integers(0, 7)),
    st.builds(
        Mutation,
        st.just("insert"),
        _position,
        st.just(0),
        st.sampled_from(SPECIAL_BYTES) | st.binary(min_size=1, max_size=8),
    ),
    st.builds(Mutation, st.just("delete"), _position, st.integers(1, 64)),
    st.builds(Mutation, st.just("truncate"), _position),
    st.builds(Mutation, st.just("duplicate_line"), _position, st.integers(1, 3)),
    st.builds(Mutation, st.just("swap_lines"), _position, _position),
    st.builds(Mutation, st.just("swap_numbers"), _position, _position),
    st.builds(Mutation, st.just("number"), _position, st.just(0), st.sampled_from(NUMBERS)),
    st.builds(Mutation, st.just("token"), _position, st.just(0), st.sampled_from(LITERALS)),
    st.builds(
        Mutation,
        st.just("nest"),
        _position,
        st.sampled_from(DEPTHS),
        st.sampled_from([b"[", b'{"a":', b"[[", b"{"]),
    ),
    st.builds(Mutation, st.just("crlf"), st.integers(0, 2)),
    st.builds(Mutation, st.just("bom")),
)
JSON_MUTATIONS = st.builds(
    Mutation,
    st.sampled_from(["json_replace", "json_replace", "json_delete", "json_add", "json_dup"]),
    _position,
    _position,
)


def _pick(count: int, index: int) -> int:
    return index % count


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def apply_mutation(data: bytes, mutation: Mutation, json_mode: str | None = None) -> bytes:
    """One mutation; positions wrap around the data so any integer is a position."""
    kind, a, b, payload = mutation.kind, mutation.a, mutation.b, mutation.payload
    size = len(data)
    if kind == "flip":
        if not size:
            return data
        at = _pick(size, a)
        return data[:at] + bytes([data[at] ^ (1 << b)]) + data[at + 1 :]
    if kind == "insert":
        at = _pick(size + 1, a)
        return data[:at] + payload + data[at:]
    if kind == "delete":
        at = _pick(size + 1, a)
        return data[:at] + data[at + b :]
    if kind == "truncate":
        return data[: _pick(size + 1, a)]
    if kind == "duplicate_line":
        lines = _lines(data)
        at = _pick(len(lines), a)
        return b"\n".join(lines[:at] + [lines[at]] * (b + 1) + lines[at + 1 :])
    if kind == "swap_lines":
        lines = _lines(data)
        i, j = _pick(len(lines), a), _pick(len(lines), b)
        lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)
    if kind in ("swap_numbers", "number", "token"):
        found = list((_NUMBER if kind != "token" else _TOKEN).finditer(data))
        if not found:
            return data
        first = found[_pick(len(found), a)]
        if kind == "swap_numbers":
            second = found[_pick(len(found), b)]
            if first.start() > second.start():
                first, second = second, first
            if first.end() > second.start():
                return data
            return (
                data[: first.start()]
                + second.group()
                + data[first.end() : second.start()]
                + first.group()
                + data[second.end() :]
            )
        return data[: first.start()] + payload + data[first.end() :]
    if kind == "nest":
        at = _pick(size + 1, a)
        closing = b"]" if payload.startswith(b"[") else b"}"
        return data[:at] + payload * b + b"0" + closing * b + data[at:]
    if kind == "crlf":
        if a == 0:
            return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        if a == 1:
            return data.replace(b"\r\n", b"\n")
        return data.replace(b"\n", b"\r")
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind.startswith("json_") and json_mode is not None:
        return _json_mutation(data, mutation, json_mode)
    return data


def _json_mutation(data: bytes, mutation: Mutation, json_mode: str) -> bytes:
    """Parse (a line of) the data, change one node, and serialise it again."""
    if json_mode == "lines":
        lines = _lines(data)
        at = _pick(len(lines), mutation.a)
        lines[at] = _mutate_json_text(lines[at], mutation)
        return b"\n".join(lines)
    return _mutate_json_text(data, mutation)


def _mutate_json_text(text: bytes, mutation: Mutation) -> bytes:
    try:
        value = json.loads(text.decode("utf-8").lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return text
    nodes = list(_json_nodes(value))
    container, key = nodes[_pick(len(nodes), mutation.b)]
    weird = WEIRD_VALUES[mutation.a % len(WEIRD_VALUES)]
    if mutation.kind == "json_replace" and container is not None:
        container[key] = weird
    elif mutation.kind == "json_delete" and container is not None:
        del container[key]
    elif mutation.kind == "json_dup" and isinstance(container, list):
        container.insert(key, container[key])
    elif mutation.kind == "json_add":
        target = container[key] if container is not None else value
        if isinstance(target, dict):
            target[FIELD_NAMES[mutation.a % len(FIELD_NAMES)]] = WEIRD_VALUES[
                (mutation.a // len(FIELD_NAMES)) % len(WEIRD_VALUES)
            ]
        elif isinstance(target, list):
            target.append(weird)
    elif container is None:
        value = weird
    out = json.dumps(value, ensure_ascii=mutation.a % 3 == 0)
    if json.dumps(_DEEP) in out:
        depth = DEPTHS[mutation.a % len(DEPTHS)]
        out = out.replace(json.dumps(_DEEP), "[" * depth + "]" * depth)
    return out.encode("utf-8", "surrogatepass")


def _json_nodes(value: Any) -> Iterator[tuple[Any, Any]]:
    """(container, key) of every node, (None, None) for the root; at most a few hundred."""
    yield None, None
    stack = [value] if isinstance(value, dict | list) else []
    count = 0
    while stack and count < 500:
        current = stack.pop()
        items = current.items() if isinstance(current, dict) else enumerate(current)
        for key, item in list(items):
            count += 1
            yield current, key
            if isinstance(item, dict | list):
                stack.append(item)


def mutate(draw: st.DrawFn, data: bytes, json_mode: str | None = None) -> bytes:
    """Apply one to four drawn mutations; three in four are structural for JSON."""
    for _ in range(draw(st.integers(1, 4))):
        structural = json_mode is not None and draw(st.integers(0, 3)) > 0
        mutation = draw(JSON_MUTATIONS if structural else MUTATIONS)
        data = apply_mutation(data, mutation, json_mode)
    return data


@st.composite
def mutated(draw: st.DrawFn, seeds: tuple[bytes, ...], json_mode: str | None = None) -> bytes:
    return mutate(draw, draw(st.sampled_from(seeds)), json_mode)


def soup(tokens: Sequence[bytes]) -> st.SearchStrategy[bytes]:
    """Random sequences of a format's tokens: grammar-shaped nonsense."""
    return st.lists(st.sampled_from(tokens), max_size=60).map(b"".join)


@functools.cache
def random_input(tokens: tuple[bytes, ...]) -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=400),
        st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")),
        soup(tokens),
    )


JSON_TOKENS = (
    *(b"{", b"}", b"[", b"]", b",", b":", b"\n", b" "),
    *(json.dumps(name).encode() for name in FIELD_NAMES),
    *NUMBERS[:10],
    *LITERALS[:12],
    *(b'"PER"', b'"T1"', b'"T2"', b'"Alice met Bob"', b'"accept"', b'"done"', b'"labels"'),
)
TOKENS: dict[str, tuple[bytes, ...]] = {
    "jsonl": JSON_TOKENS,
    "doccano": JSON_TOKENS,
    "prodigy": JSON_TOKENS,
    "labelstudio": JSON_TOKENS,
    "txt": (b"Alice", b" ", b"\n", b"\r\n", *SPECIAL_BYTES),
    "conll": (
        *(b"-DOCSTART- -X- O O", b"\n", b"\r\n", b" ", b"\t", b"O", b"B-PER", b"I-PER"),
        *(b"L-PER", b"U-PER", b"E-LOC", b"S-LOC", b"B-", b"I-", b"X-PER", b"word", b"#"),
        *(b"# id = 1", b"\xef\xbb\xbf", b"B-PER I-LOC", b"\xe2\x80\xa8", b"\x0b", b"\x85"),
    ),
    "html": (
        *(b"<html>", b"<body>", b"</body>", b"<article>", b"</article>", b"<main>"),
        *(b"</main>", b"<p>", b"</p>", b"<br>", b"<br/>", b"<div>", b"</div>", b"text"),
        *(b" ", b"\n", b"<script>", b"</script>", b'<script type="application/ld+json">'),
        *(b'{"datePublished": "2024-01-01"}', b"<title>", b"</title>", b"<h1>", b"</h1>"),
        *(b'<meta charset="hex">', b'<meta charset="rot13">', b'<meta charset="undefined">'),
        *(b'<meta charset="utf-16">', b'<meta charset="idna">', b'<meta charset="punycode">'),
        *(b'<meta charset="unicode_escape">', b'<meta charset="utf-7">', b'<meta charset="x">'),
        *(b'<?xml version="1.0" encoding="idna"?>', b"<!--", b"-->", b"<![CDATA[", b"]]>"),
        *(b"<!DOCTYPE html>", b"&amp;", b"&#0;", b"&#x110000;", b"&#xd800;", b"&#99999999999;"),
        *(b"<form>", b"</form>", b"<header>", b"</header>", b'<time datetime="2024">'),
        *(b'<link rel="canonical" href="http://x">', b'<meta property="og:title" content="T">'),
        *(b"<", b">", b"</", b"<!", b"<?", b"<![", b"<!-", b"\x00", b"\xff", b"\xef\xbb\xbf"),
        *(b"\xff\xfe", b"\xfe\xff", b"<table><tr><td>", b"<a href='x'>", b"<svg>", b"</svg>"),
    ),
}


@functools.cache  # strategies are built once: building them costs more than drawing
def format_input(fmt: str) -> st.SearchStrategy[bytes]:
    json_mode = "lines" if fmt in JSON_LINES else "document" if fmt in JSON_DOCUMENT else None
    changed = mutated(tuple(SEEDS[fmt]), json_mode)
    return st.one_of(random_input(TOKENS[fmt]), changed, changed, changed)


ANN_TOKENS = (
    *(b"T1", b"T2", b"T3", b"E1", b"E2", b"R1", b"A1", b"M1", b"N1", b"#1", b"*"),
    *(b"\t", b" ", b"\n", b"\r\n", b"Person", b"GPE", b"Meet", b"0", b"5", b"3", b"9"),
    *(b";", b":", b"Arg1:T1", b"Arg2:T2", b"Person-Arg:T1", b"Meet:T2", b"Theme:E1"),
    *(
        b"Equiv",
        b"AnnotatorNotes",
        b"Reference",
        b"Wikipedia:1",
        b"Alice",
        b"-1",
        b"\xf0\x9f\x98\x80",
    ),
)
CONF_TOKENS = (
    *(b"[entities]", b"[relations]", b"[events]", b"[attributes]", b"[spans]", b"[drawing]"),
    *(b"[labels]", b"\n", b"\t", b" ", b"Person", b"Org", b"!Group", b"<ENTITY>", b"<EVENT>"),
    *(b"<ANY>", b"<INHERIT>", b"<M>=Person|Org", b"<M>", b"<N>=<M>", b"Arg1:", b"Arg2:"),
    *(b"Theme", b"Theme2", b"?", b"*", b"+", b"{2-3}", b"{0}", b"{3-1}", b"{99999999999999999999}"),
    *(b":", b"|", b",", b"#", b"ENTITY-NESTING", b"<OVERLAP>", b"-", b"Arg:<ENTITY>", b"Meet"),
    *(b"# annotator-label: Org = ", b'"Org:x"', b'"\\ud800"', b"bgColor:#ff0000", b"color:#abc"),
    *(b"P Person", b"1 Org", b"\xef\xbb\xbf", b"\r\n", b"<REL-TYPE>:symmetric"),
)
TOML_TOKENS = (
    *(b"[[entities]]", b"[[events]]", b"[[relations]]", b"[[events.roles]]", b"\n", b" "),
    *(b"name = ", b'"PER"', b'"Attack"', b"key = ", b'"p"', b'"1"', b"color = ", b'"#FF0000"'),
    *(b"cardinality = ", b'"{2-3}"', b'"{99999999999999999999}"', b'"*"', b"fillers = "),
    *(b"heads = ", b"tails = ", b'["PER"]', b"roles = ", b"description = ", b"[", b"]"),
    *(b"{", b"}", b"=", b".", b",", b"1979-05-27", b"inf", b"nan", b"1e400", b"0x10", b"#"),
    *(b'"\\ud800"', b'"\\u0000"', b"'''", b'"""', b"true", b"[entities]", b"a.b = 1"),
)


@st.composite
def brat_input(draw: st.DrawFn) -> tuple[dict[str, bytes], str]:
    """A brat folder's files (each kept, mutated, replaced or left out) and what to read."""
    files = dict(draw(st.sampled_from(BRAT_SEEDS)))
    tokens = {"doc.txt": TOKENS["txt"], "doc.ann": ANN_TOKENS}
    for name in ("doc.txt", "doc.ann", *BRAT_CONF_NAMES):
        choice = draw(st.sampled_from(["keep", "keep", "mutate", "mutate", "random", "drop"]))
        if name not in files and choice != "random":
            continue
        if choice == "mutate":
            files[name] = mutate(draw, files[name])
        elif choice == "random":
            files[name] = draw(random_input(tokens.get(name, CONF_TOKENS)))
        elif choice == "drop" and name != "doc.txt":
            del files[name]
    target = draw(st.sampled_from(["", "", "doc.ann", "doc.txt"]))
    return files, target


# -- projects ----------------------------------------------------------------------------

SEED_DOCUMENT = DocumentRecord(
    text="Seed: Alice met Bob in Paris.",
    uid="seed-1",
    meta={"file": "seed"},
    spans=[SpanRecord("T1", 6, 11, "PER"), SpanRecord("T2", 23, 28, "GPE")],
)


class Templates:
    """Databases copied for each example (making a project from scratch takes 10 ms)."""

    def __init__(self) -> None:
        self.empty = memory_database()  # migrated, nothing in it
        seeded = Project.in_memory()
        seeded.import_records([SEED_DOCUMENT])
        self.seeded = seeded.db
        blank = Project.in_memory()
        self.blank = blank.db  # the default schema, no documents

    @staticmethod
    def copy(source: Database) -> Database:
        connection = sqlite3.connect(":memory:")
        source.conn.backup(connection)
        db = Database(connection)
        db.execute("PRAGMA foreign_keys = ON")
        return db

    def project(self) -> Project:
        """The default schema and one annotated document."""
        return Project(self.copy(self.seeded))

    def blank_project(self) -> Project:
        return Project(self.copy(self.blank))

    def project_with(self, schema: Schema) -> Project:
        """What ``Project.in_memory(schema)`` makes, without running the migrations again."""
        project = Project(self.copy(self.empty))
        project._initialise(schema)
        return project


@pytest.fixture(scope="module")
def templates() -> Templates:
    return Templates()


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every example of the module; each test writes under its own name."""
    return tmp_path_factory.mktemp("fuzz")


def listing(folder: Path) -> list[tuple[str, int]]:
    return sorted(
        (path.relative_to(folder).as_posix(), path.stat().st_size if path.is_file() else -1)
        for path in folder.rglob("*")
    )


def assert_clean(error: AnnotatorError, where: Path | None = None) -> None:
    """A message for the user: not empty, one line, naming the input (``where``) if given."""
    message = str(error)
    assert message.strip(), f"{type(error).__name__} with an empty message"
    assert len(message.splitlines()) == 1, f"not one line: {message!r}"
    if where is not None:
        assert str(where) in message, f"does not name {where}: {message!r}"


@dataclass
class Snapshot:
    documents: int
    labels: list[tuple[Any, ...]]
    rows: dict[str, int]

    @classmethod
    def of(cls, project: Project) -> Snapshot:
        db = project.db
        tables = ("documents", "texts", "spans", "events", "arguments", "relations", "roles")
        return cls(
            documents=project.document_count(),
            labels=db.execute("SELECT * FROM labels ORDER BY id").fetchall(),
            rows={t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables},
        )


def assert_valid(project: Project) -> None:
    """Integrity, the offset contract, references inside their document, kinds right."""
    db = project.db
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    kinds = {label.name: label.kind for label in project.schema.labels}
    ids = project.document_ids()
    assert len(ids) == project.document_count()
    for document, marks in project.annotated_documents(ids):
        text = document.text
        assert text, document.uid
        check_unicode(text, "text")
        check_unicode(document.uid, "id")
        span_ids = {span.id for span in marks.spans}
        event_ids = {found.id for found in marks.events}
        for span in marks.spans:
            assert 0 <= span.start < span.end <= len(text), (document.uid, span)
            assert text[span.start : span.end], span
            assert kinds[span.label] in (LabelKind.ENTITY, LabelKind.EVENT), span
        for found in marks.events:
            assert found.trigger_id in span_ids
            assert kinds[found.type] == LabelKind.EVENT
            for argument in found.arguments:
                assert (argument.span_id is None) != (argument.event_ref_id is None)
                assert argument.span_id in span_ids or argument.event_ref_id in event_ids
                assert argument.role.strip()
        for relation in marks.relations:
            assert {relation.head_id, relation.tail_id} <= span_ids
            assert relation.head_id != relation.tail_id
            assert kinds[relation.type] == LabelKind.RELATION


def export_jsonl(project: Project) -> str:
    out = io.StringIO()
    jsonl.export_project(project, out)
    return out.getvalue()


def assert_round_trip(project: Project, templates: Templates) -> None:
    """The JSONL export is valid, imports into a fresh project and exports the same."""
    exported = export_jsonl(project)
    for line in exported.split("\n")[:-1]:
        value = json.loads(line)
        for span in value["spans"]:
            pieces = span.get("fragments") or [[span["start"], span["end"]]]
            assert " ".join(value["text"][a:b] for a, b in pieces) == span["text"]
    records = jsonl.read(exported.encode("utf-8"), "export.jsonl")
    again = templates.blank_project()
    again.import_records(records)
    assert export_jsonl(again) == exported


def check_import(paths: Sequence[Path], fmt: str, templates: Templates, work: Path) -> None:
    """The property: a clean error and nothing changed, or a valid project."""
    project = templates.project()
    before = Snapshot.of(project)
    files = listing(work)
    ctx = ReadContext()
    warnings: list[str] = []
    try:
        records = formats.read(paths, fmt, warnings, context=ctx)
    except AnnotatorError as exc:
        assert_clean(exc, work)
        event(f"{fmt}: read refused")
        return
    finally:
        assert listing(work) == files, "reading wrote files"
    for warning in warnings:
        assert isinstance(warning, str) and warning
    report: ImportReport
    try:
        report = project.import_records(records, ctx.schema)
    except AnnotatorError as exc:
        assert_clean(exc, work)
        assert Snapshot.of(project) == before, "a refused import changed the project"
        event(f"{fmt}: import refused")
        return
    event(f"{fmt}: imported {report.documents if report.documents < 2 else '2+'} document(s)")
    assert project.document_count() == before.documents + report.documents
    assert report.documents + len(report.duplicates or ()) == len(records)
    assert_valid(project)
    assert_round_trip(project, templates)


def write_input(work: Path, name: str, data: bytes) -> Path:
    path = work / name
    path.write_bytes(data)
    return path


def fuzz_format(fmt: str, data: st.DataObject, templates: Templates, work: Path) -> None:
    raw = data.draw(format_input(fmt), label="bytes")
    folder = work / fmt
    folder.mkdir(exist_ok=True)
    path = write_input(folder, FILE_NAMES[fmt], raw)
    check_import([path], fmt, templates, folder)
    if fmt in JSON_LINES and data.draw(st.booleans(), label="also auto"):
        check_import([path], "auto", templates, folder)  # detection, then the reader it picks


def fuzz_brat(data: st.DataObject, templates: Templates, work: Path) -> None:
    files, target = data.draw(brat_input(), label="files")
    folder = work / "brat" / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, content in files.items():
        (folder / name).write_bytes(content)
    check_import([folder / target if target else folder], "brat", templates, work / "brat")


IMPORT_FORMATS = ("jsonl", "txt", "doccano", "prodigy", "labelstudio", "conll", "html")


def test_every_import_format_is_fuzzed() -> None:
    assert set(formats.IMPORTS) == {*IMPORT_FORMATS, "brat"}


@pytest.mark.parametrize("fmt", IMPORT_FORMATS)
@QUICK
@given(data=st.data())
def test_fuzz_import_quick(fmt: str, data: st.DataObject, templates: Templates, work: Path) -> None:
    fuzz_format(fmt, data, templates, work)


@QUICK
@given(data=st.data())
def test_fuzz_brat_quick(data: st.DataObject, templates: Templates, work: Path) -> None:
    fuzz_brat(data, templates, work)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", IMPORT_FORMATS)
@SLOW
@given(data=st.data())
def test_fuzz_import(fmt: str, data: st.DataObject, templates: Templates, work: Path) -> None:
    fuzz_format(fmt, data, templates, work)


@pytest.mark.slow
@SLOW
@given(data=st.data())
def test_fuzz_brat(data: st.DataObject, templates: Templates, work: Path) -> None:
    fuzz_brat(data, templates, work)


# -- the schema loader -------------------------------------------------------------------


def check_schema(path: Path, templates: Templates, work: Path) -> None:
    files = listing(work)
    try:
        schema = schema_sources.load(path)
    except AnnotatorError as exc:
        assert_clean(exc, work)
        event("schema refused")
        return
    finally:
        assert listing(work) == files, "loading a schema wrote files"
    event("schema loaded")
    schemas.validate(schema)
    for label in schema.labels:
        check_unicode(label.name, "label")
    project = templates.project_with(schema)
    assert [(label.name, label.kind) for label in project.schema.labels] == [
        (label.name, label.kind) for label in schema.labels
    ]
    assert project.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@functools.cache
def schema_input(kind: str) -> st.SearchStrategy[bytes]:
    tokens = TOML_TOKENS if kind == "toml" else JSON_TOKENS
    changed = mutated(tuple(SCHEMA_SEEDS[kind]), "document" if kind == "json" else None)
    return st.one_of(random_input(tokens), changed, changed, changed)


@st.composite
def conf_input(draw: st.DrawFn) -> dict[str, bytes]:
    files = dict(draw(st.sampled_from(CONF_SEEDS)))
    for name in BRAT_CONF_NAMES:
        choice = draw(st.sampled_from(["keep", "mutate", "mutate", "random", "drop"]))
        if name not in files and choice != "random":
            continue
        if choice == "mutate":
            files[name] = mutate(draw, files[name])
        elif choice == "random":
            files[name] = draw(random_input(CONF_TOKENS))
        elif choice == "drop" and name != "annotation.conf":
            del files[name]
    return files


def fuzz_schema(kind: str, data: st.DataObject, templates: Templates, work: Path) -> None:
    folder = work / f"schema-{kind}"
    folder.mkdir(exist_ok=True)
    if kind == "conf":
        for old in folder.iterdir():
            old.unlink()
        for name, content in data.draw(conf_input(), label="files").items():
            (folder / name).write_bytes(content)
        path = folder
    else:
        path = write_input(folder, f"schema.{kind}", data.draw(schema_input(kind), label="bytes"))
    check_schema(path, templates, folder)


SCHEMA_KINDS = ("toml", "json", "conf")


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
@QUICK
@given(data=st.data())
def test_fuzz_schema_quick(
    kind: str, data: st.DataObject, templates: Templates, work: Path
) -> None:
    fuzz_schema(kind, data, templates, work)


@pytest.mark.slow
@pytest.mark.parametrize("kind", SCHEMA_KINDS)
@SLOW
@given(data=st.data())
def test_fuzz_schema(kind: str, data: st.DataObject, templates: Templates, work: Path) -> None:
    fuzz_schema(kind, data, templates, work)


def test_the_seeds_are_mostly_valid(templates: Templates, tmp_path: Path) -> None:
    """Mutations start from files that import: the fuzzing reaches past the first check."""
    imported = 0
    for fmt in IMPORT_FORMATS:
        for index, seed in enumerate(SEEDS[fmt]):
            path = write_input(tmp_path, f"{fmt}{index}-{FILE_NAMES[fmt]}", seed)
            try:
                records = formats.read([path], fmt)
            except InputError:
                continue  # the fixtures of refused files are seeds too
            templates.blank_project().import_records(records)
            imported += 1
    assert imported >= 25
    for index, files in enumerate(BRAT_SEEDS):
        folder = tmp_path / f"brat{index}"
        folder.mkdir()
        for name, content in files.items():
            (folder / name).write_bytes(content)
        ctx = ReadContext()
        records = formats.read([folder], "brat", context=ctx)
        templates.blank_project().import_records(records, ctx.schema)
    for kind, seeds in SCHEMA_SEEDS.items():
        for index, seed in enumerate(seeds):
            assert schema_sources.load(write_input(tmp_path, f"schema{index}.{kind}", seed)).labels
    for index, files in enumerate(CONF_SEEDS):
        folder = tmp_path / f"conf{index}"
        folder.mkdir()
        for name, content in files.items():
            (folder / name).write_bytes(content)
        assert schema_sources.load(folder).labels


# -- untrusted content is stored verbatim and inert ------------------------------------------

HOSTILE = (
    "<img src=http://x>",
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "'); DROP TABLE documents; --",
    "\"; DELETE FROM labels WHERE '1'='1",
    "../../x",
    "..\\..\\x",
    "/etc/passwd",
    "a\x00b",
    "\x1b[31mred\x1b[0m",
    "bell\x07",
    "line\r\nbreak",
    "sep\u2028arator",
    "nel\x85",
    "\u202eevil",
    "%s%n{0}",
)


def _canonical(uid: str, text: str, meta: dict[str, Any], names: Sequence[str]) -> dict[str, Any]:
    """A document as the JSONL export writes it, annotated with the given names."""
    entity, trigger, role, relation = names
    return {
        "id": uid,
        "text": text,
        "meta": meta,
        "status": "done",
        "spans": [
            {"id": "T1", "start": 0, "end": 5, "label": entity, "text": text[0:5]},
            {"id": "T2", "start": 6, "end": 9, "label": trigger, "text": text[6:9]},
            {"id": "T3", "start": 10, "end": 13, "label": entity, "text": text[10:13]},
        ],
        "events": [
            {
                "id": "E1",
                "type": trigger,
                "trigger": "T2",
                "arguments": [{"role": role, "ref": "T1"}],
            }
        ],
        "relations": [{"id": "R1", "type": relation, "head": "T1", "tail": "T3"}],
    }


def _tables(project: Project) -> list[tuple[Any, ...]]:
    return project.db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


def _import_and_compare(templates: Templates, work: Path, documents: list[dict[str, Any]]) -> None:
    written = "".join(jsonl.dumps(document) + "\n" for document in documents)
    path = work / "hostile.jsonl"
    path.write_bytes(written.encode("utf-8"))
    project = templates.project_with(Schema("empty"))
    tables = _tables(project)
    report = project.import_records(formats.read([path], "jsonl"))
    assert report.documents == len(documents)
    assert _tables(project) == tables, "the import changed the database's tables"
    assert project.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for document in documents:
        found = project.document_id(document["id"])
        assert found is not None, document["id"]
        stored = project.document(found)
        assert (stored.uid, stored.text, stored.meta) == (
            document["id"],
            document["text"],
            document["meta"],
        )
    names = {label.name for label in project.schema.labels}
    for document in documents:
        assert {span["label"] for span in document["spans"]} <= names
        assert {relation["type"] for relation in document["relations"]} <= names
    assert_valid(project)
    assert export_jsonl(project) == written  # byte for byte


def test_markup_sql_paths_and_control_characters_are_stored_verbatim(
    templates: Templates, tmp_path: Path
) -> None:
    documents = []
    for index, hostile in enumerate(HOSTILE):
        names = [f"{kind}{hostile}" for kind in ("E ", "V ", "R ", "L ")]
        meta = {hostile: hostile, "title": hostile, "nested": {"sql": [hostile, index]}}
        text = f"Alice met Bob {index} {hostile}"
        documents.append(_canonical(hostile, text, meta, names))
    _import_and_compare(templates, tmp_path, documents)


_NAME = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=12).filter(
    str.strip
) | st.sampled_from(HOSTILE)


@QUICK
@given(
    uids=st.lists(_NAME, min_size=1, max_size=4, unique=True),
    names=st.lists(_NAME, min_size=4, max_size=4, unique=True),
    meta=st.dictionaries(_NAME, _NAME | st.integers() | st.lists(_NAME, max_size=2), max_size=3),
)
def test_any_ids_labels_and_meta_round_trip_verbatim(
    uids: list[str], names: list[str], meta: dict[str, Any], templates: Templates, work: Path
) -> None:
    folder = work / "hostile"
    folder.mkdir(exist_ok=True)
    documents = [
        _canonical(uid, f"Alice met Bob {index}", meta, names) for index, uid in enumerate(uids)
    ]
    _import_and_compare(templates, folder, documents)


def test_hostile_schema_names_are_stored_verbatim(templates: Templates, tmp_path: Path) -> None:
    raw = {
        "name": HOSTILE[3],
        "description": HOSTILE[0],
        "entities": [{"name": name, "description": name} for name in HOSTILE],
        "events": [{"name": "E" + HOSTILE[3], "roles": [{"name": HOSTILE[0]}]}],
        "relations": [{"name": "R" + HOSTILE[5], "heads": [HOSTILE[1]], "tails": [HOSTILE[2]]}],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    schema = schema_sources.load(path)
    project = templates.project_with(schema)
    stored = project.schema
    assert stored.name == HOSTILE[3]
    assert [label.name for label in stored.labels] == [label.name for label in schema.labels]
    assert stored.labels[-2].roles[0].name == HOSTILE[0]
    assert project.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


BRAT_HOSTILE_IDS = (
    "../../escape",
    "../sibling",
    "/etc/passwd",
    "..\\..\\windows",
    "a/../../b",
    "./.hidden",
    ".",
    "..",
    "/",
    "//",
    "~/.ssh/id_rsa",
    "C:\\Windows\\system32",
    "CON",
    "nul.txt",
    "annotation.conf",
    "ANNOTATION",
    "x" * 400,
    "\x00",
    "a\nb",
    "<img src=x>",
    "'); DROP TABLE documents; --",
    "a/b",
    "a/b/c",
    "a",
    "\u202etxt.exe",
)


def _export_brat(templates: Templates, root: Path, uids: Sequence[str]) -> None:
    """Export documents with these ids as brat into root/inside/export; check where files went."""
    project = templates.project_with(Schema("empty"))
    records = [
        DocumentRecord(
            text=f"Alice met Bob {index}.",
            uid=uid,
            spans=[SpanRecord("T1", 0, 5, "PER")],
        )
        for index, uid in enumerate(uids)
    ]
    project.import_records(records)
    inside = root / "inside"
    inside.mkdir(parents=True)
    (root / "beside.txt").write_text("untouched", encoding="utf-8")
    before = listing(root)
    target = inside / "export"
    result = formats.export_project(project, "brat", target)
    assert result.documents == len(uids)
    created = set(listing(root)) - set(before)
    for name, _size in created:
        assert name == "inside/export" or name.startswith("inside/export/"), name
    assert set(before) <= set(listing(root)), "the export changed files outside its folder"
    for path in target.rglob("*"):
        assert not path.is_symlink()
        assert path.resolve().is_relative_to(target.resolve()), path
    texts = sorted(record.text for record in records)
    assert sorted(r.text for r in formats.read([target], "brat")) == texts


def test_a_brat_export_of_hostile_ids_writes_only_inside_its_folder(
    templates: Templates, tmp_path: Path
) -> None:
    _export_brat(templates, tmp_path, BRAT_HOSTILE_IDS)


@QUICK
@given(
    uids=st.lists(_NAME | st.sampled_from(BRAT_HOSTILE_IDS), min_size=1, max_size=5, unique=True)
)
def test_a_brat_export_of_any_ids_writes_only_inside_its_folder(
    uids: list[str], templates: Templates, work: Path
) -> None:
    root = work / "brat-export"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir()
    _export_brat(templates, root, uids)


def test_reading_never_writes(templates: Templates, tmp_path: Path) -> None:
    """Every reader on every seed leaves its folder as it was (imports only read)."""
    for fmt in IMPORT_FORMATS:
        for index, seed in enumerate(SEEDS[fmt]):
            folder = tmp_path / fmt / str(index)
            folder.mkdir(parents=True)
            path = write_input(folder, FILE_NAMES[fmt], seed)
            before = listing(tmp_path)
            with contextlib.suppress(AnnotatorError):
                formats.read([path], fmt)
            assert listing(tmp_path) == before, (fmt, index)


# -- regression tests: each bug the fuzzing found ------------------------------------------------

HUGE_NUMBER = "9" * 5000  # more digits than Python turns into an int (sys.get_int_max_str_digits)


def _refused(path: Path, fmt: str, *fragments: str) -> str:
    with pytest.raises(InputError) as caught:
        formats.read([path], fmt)
    message = str(caught.value)
    assert_clean(caught.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message
    return message


@pytest.mark.parametrize(
    ("fmt", "line"),
    [
        ("jsonl", '{"text": "Alice", "meta": {"n": %s}}'),
        ("doccano", '{"text": "Alice", "label": [[0, %s, "PER"]]}'),
        ("prodigy", '{"text": "Alice", "spans": [{"start": 0, "end": %s, "label": "PER"}]}'),
    ],
    ids=["jsonl", "doccano", "prodigy"],
)
def test_a_number_with_too_many_digits_is_an_input_error(
    fmt: str, line: str, tmp_path: Path
) -> None:
    # json.loads raised a bare ValueError (not JSONDecodeError) that escaped the readers
    path = tmp_path / "input.jsonl"
    path.write_text('{"text": "fine"}\n' + line % HUGE_NUMBER + "\n", encoding="utf-8")
    _refused(path, fmt, "line 2", "malformed JSON", "too many digits")
    if fmt == "jsonl":
        _refused(path, "auto", "line 2", "too many digits")


def test_a_label_studio_number_with_too_many_digits_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(
        '[\n{"id": 1, "data": {"text": "a"}},\n{"id": '
        + HUGE_NUMBER
        + ', "data": {"text": "b"}}\n]',
        encoding="utf-8",
    )
    _refused(path, "labelstudio", "line 3", "too many digits")


def test_a_label_studio_time_past_the_largest_float_is_ignored(tmp_path: Path) -> None:
    # float(10**400) raised OverflowError while choosing the latest annotation
    task = {
        "id": 1,
        "data": {"text": "Alice met Bob."},
        "annotations": [
            {"updated_at": 10**400, "result": []},
            {"updated_at": 1, "result": [_ls_span(0, 5, "PER")]},
        ],
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    (record,) = formats.read([path], "labelstudio")
    assert [(s.start, s.end, s.label) for s in record.spans] == [(0, 5, "PER")]  # the last one


def _ls_span(start: int, end: int, label: str) -> dict[str, Any]:
    return {
        "id": "r1",
        "type": "labels",
        "to_name": "text",
        "value": {"start": start, "end": end, "labels": [label]},
    }


@pytest.mark.parametrize("charset", ["hex", "rot13", "base64", "punycode", "undefined"])
def test_a_page_declaring_a_codec_that_cannot_read_it_is_read_as_utf8(
    charset: str, tmp_path: Path
) -> None:
    # bytes.decode raised LookupError (not a text encoding) or UnicodeError (punycode,
    # undefined), neither of which decode_html caught
    path = tmp_path / "page.html"
    path.write_bytes(f'<meta charset="{charset}"><p>Caf&eacute; <b>news</b> &lt;x&gt;</p>'.encode())
    warnings: list[str] = []
    (record,) = formats.read([path], "html", warnings)
    assert record.text == "Café news <x>"
    assert record.meta["encoding"] == "utf-8"
    declared = codecs.lookup(charset).name
    assert any(f"declares {declared} but" in warning for warning in warnings), warnings


def test_markup_the_html_parser_refuses_is_an_input_error_naming_the_line(tmp_path: Path) -> None:
    # html.parser raises AssertionError for "<![" not followed by a name
    path = tmp_path / "page.html"
    path.write_bytes(b"<html>\n<body>\n<p>Fine.</p>\n<![<html>\n</body>")
    message = _refused(path, "html", "line 4", "cannot read the markup")
    assert "<![" in message


def test_json_ld_nested_too_deeply_is_skipped(tmp_path: Path) -> None:
    # json.loads (and the key search) raised RecursionError for deep JSON-LD blocks
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp_path / "page.html"
    path.write_text(
        f'<script type="application/ld+json">{deep}</script><article><p>News.</p></article>',
        encoding="utf-8",
    )
    (record,) = formats.read([path], "html")
    assert record.text == "News."


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("deep.toml", "a = " + "[" * 5000 + "]" * 5000, "invalid TOML: nested too deeply"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply"),
        ("long.json", '{"name": "x", "entities": [], "n": ' + HUGE_NUMBER + "}", "too many digits"),
        ("long.toml", f"name = 'x'\nn = {HUGE_NUMBER}\n", "too many digits"),
    ],
    ids=["deep-toml", "deep-json", "long-json", "long-toml"],
)
def test_schema_files_the_parsers_choke_on_are_schema_errors(
    name: str, content: str, fragment: str, tmp_path: Path
) -> None:
    # tomllib and json raised RecursionError, or ValueError for long integers
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SchemaError, match=re.escape(fragment)) as caught:
        schema_sources.load(path)
    assert_clean(caught.value)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("schema", "fragment"),
    [
        ({"name": "\ud800"}, "the schema name contains an unpaired surrogate U+D800"),
        ({"name": "x", "description": "\udc00"}, "description contains an unpaired surrogate"),
        ({"entities": [{"name": "P\ud800"}]}, "a label name contains an unpaired surrogate"),
        ({"entities": [{"name": "P", "description": "\ud800"}]}, "'P' description contains"),
        ({"events": [{"name": "E", "roles": [{"name": "\ud800"}]}]}, "role name contains"),
        ({"events": [{"name": "E", "roles": [{"name": " "}]}]}, "a role has an empty name"),
        (
            {"events": [{"name": "E", "roles": [{"name": "A", "cardinality": f"{{{2**63}}}"}]}]},
            f"allows {2**63} arguments",
        ),
    ],
    ids=["name", "description", "label", "label-description", "role", "blank-role", "cardinality"],
)
def test_schemas_the_project_file_cannot_hold_are_schema_errors(
    schema: dict[str, Any], fragment: str, templates: Templates, tmp_path: Path
) -> None:
    # these loaded, then creating the project failed: UnicodeEncodeError for a lone
    # surrogate, EditError (CHECK constraint) for an empty role name, OverflowError for
    # a cardinality past SQLite's integers
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(SchemaError, match=re.escape(fragment)) as caught:
        schema_sources.load(path)
    assert_clean(caught.value)
    largest = {
        "events": [{"name": "E", "roles": [{"name": "A", "cardinality": f"{{{2**63 - 1}}}"}]}]
    }
    path.write_text(json.dumps(largest), encoding="utf-8")
    project = templates.project_with(schema_sources.load(path))
    assert project.schema.labels[0].roles[0].cardinality.maximum == 2**63 - 1


def test_a_brat_cardinality_past_sqlite_integers_is_a_schema_error(
    templates: Templates, tmp_path: Path
) -> None:
    conf = tmp_path / "annotation.conf"
    conf.write_text(
        f"[entities]\nPerson\n[events]\nMeet\tPerson-Arg{{{2**64}}}:Person\n", encoding="utf-8"
    )
    with pytest.raises(SchemaError, match="allows 18446744073709551616 arguments") as caught:
        schema_sources.load(tmp_path)
    assert_clean(caught.value)


@pytest.mark.parametrize("brk", ["\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"])
def test_brat_errors_quoting_the_file_stay_on_one_line(
    brk: str, templates: Templates, tmp_path: Path
) -> None:
    # a line break other than \n inside a section name, or a note id, was copied into
    # the message, which then printed as two lines
    conf = tmp_path / "conf" / "annotation.conf"
    conf.parent.mkdir()
    conf.write_text(f"[entit{brk}ies]\nPerson\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"annotation\.conf:1: unknown section") as refused:
        schema_sources.load(conf)
    assert_clean(refused.value)
    assert repr(brk)[1:-1] in str(refused.value)

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "doc.txt").write_text("Alice met Bob.", encoding="utf-8")
    (corpus / "doc.ann").write_text(f"T1\tPerson 0 5\tAlice\n#1{brk}x\tAnnotatorNotes\n", "utf-8")
    message = _refused(corpus, "brat", "doc.ann line 2")
    assert repr(brk)[1:-1] in message


def test_a_brat_label_mapping_to_a_lone_surrogate_is_ignored(
    templates: Templates, tmp_path: Path
) -> None:
    # the original name of an annotator-label line was carried into the project's
    # labels unchecked: UnicodeEncodeError when the import wrote the label
    (tmp_path / "doc.txt").write_text("Alice met Bob.", encoding="utf-8")
    (tmp_path / "doc.ann").write_text("T1\tPER 0 5\tAlice\n", encoding="utf-8")
    (tmp_path / "annotation.conf").write_text(
        '# annotator-label: GPE = "\\ud800GPE"\n[entities]\nPER\nGPE\n', encoding="utf-8"
    )
    ctx = ReadContext()
    (record,) = formats.read([tmp_path], "brat", context=ctx)
    assert any("annotation.conf line 1: cannot read the original name" in w for w in ctx.warnings)
    project = templates.project_with(Schema("empty"))
    project.import_records([record], ctx.schema)
    assert [label.name for label in project.schema.labels] == ["PER", "GPE"]
    assert_valid(project)


def test_a_label_studio_task_id_with_a_line_break_stays_on_one_line(tmp_path: Path) -> None:
    # the task id was copied into every message about the task ("line 1 (task 7)")
    path = tmp_path / "export.json"
    path.write_text(json.dumps([{"id": "a\r\nb\u2028", "data": None}]), encoding="utf-8")
    message = _refused(path, "labelstudio", '"data" must be an object')
    assert "(task a\\r\\nb\\u2028)" in message


def test_a_brat_offset_with_too_many_digits_is_an_input_error(tmp_path: Path) -> None:
    # int() raised ValueError past Python's digit limit
    (tmp_path / "doc.txt").write_text("Alice met Bob.", encoding="utf-8")
    (tmp_path / "doc.ann").write_text(f"T1\tPER 0 5\tAlice\nT2\tPER 0 {HUGE_NUMBER}\n", "utf-8")
    _refused(tmp_path, "brat", "doc.ann line 2", "T2: an offset has too many digits")


@pytest.mark.parametrize("roles", [None, 5, True, 1.5])
def test_event_roles_that_are_not_a_list_are_a_schema_error(roles: Any, tmp_path: Path) -> None:
    # iterating them raised TypeError
    path = tmp_path / "schema.json"
    path.write_text(json.dumps({"events": [{"name": "E", "roles": roles}]}), encoding="utf-8")
    with pytest.raises(SchemaError, match="event 'E' roles must be a list") as caught:
        schema_sources.load(path)
    assert_clean(caught.value, path)
