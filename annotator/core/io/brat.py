"""brat standoff (docs/formats/brat.md): folders of ``NAME.txt`` + ``NAME.ann``.

Offsets in ``.ann`` files are code points of the ``.txt`` as brat's server reads
it: nothing translated (``\\r\\n`` counts two) and a UTF-8 byte-order mark counted
as a character, while the project stores the text without the mark; offsets are
shifted by it. T lines become spans (discontinuous ones with their fragments), E
and R lines events and relations, A and M lines attributes, N lines
normalizations, # lines notes and * lines equivalence sets (coreference chains).
What the project cannot hold (empty spans, what refers to them) is counted in
``ctx.losses``, never dropped silently; export writes every kind back in brat's
syntax.

brat type names are limited to ``[A-Za-z0-9_-]``; the export writes safe names and
records the originals in ``# annotator-label:`` / ``# annotator-role:`` /
``# annotator-attribute:`` / ``# annotator-value:`` comment lines of
``annotation.conf`` (brat skips ``#`` lines), which this reader applies.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.core.errors import InputError, SchemaError, one_line
from annotator.core.io.base import ExportContext, Parts, ReadContext
from annotator.core.io.brat_conf import (
    ANNOTATION_CONF,
    KB_SHORTCUTS_CONF,
    RELATION_SUFFIX,
    VISUAL_CONF,
    load_brat_conf,
)
from annotator.core.io.losses import where
from annotator.core.model import (
    Annotations,
    AttributeType,
    Document,
    Label,
    LabelKind,
    Schema,
    Target,
    TargetKind,
    schemas,
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
from annotator.core.model.text import BOM, DecodeError, check_unicode, decode

# Loss reasons the shared REASONS table lacks (``empty`` it has).
LOST_TRIGGERS = "event(s) whose trigger span was not imported (it has no text)"
LOST_ARGUMENTS = "event argument(s) naming a span or event that was not imported"
LOST_RELATIONS = "relation(s) with an end that was not imported"
LOST_ATTACHED = "attribute(s), normalization(s) or note(s) on an annotation that was not imported"
UNATTACHABLE = (
    "attribute(s), normalization(s) or note(s) on an A, N or # line "
    "(the project attaches them to spans, events and relations)"
)
LOST_MEMBERS = "equivalence member(s) that are not imported spans (a chain holds spans)"
LOST_CHAINS = "equivalence set(s) left with fewer than two imported spans"
EMPTY_FRAGMENTS = "empty fragment(s) of a discontinuous span (left out of it)"
NORMALIZATION_TYPES = (
    "normalization type(s) other than Reference (imported; exported as Reference, "
    "the only type brat writes)"
)
NORMALIZATION_TYPE = "Reference"
ROLE_NUMBERS = (
    "role number(s) that are not the argument's rank (imported without the number; "
    "export numbers repeated roles Theme, Theme2, ... in order)"
)

# What str.splitlines() breaks lines on: brat reads .ann files line by line with it,
# so none of these may appear inside a T line's text.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

CONF_LEVELS = 3  # a single file's folder and the two above it are searched for annotation.conf

_LABEL_MAPPING = "annotator-label"
_ROLE_MAPPING = "annotator-role"
_ATTRIBUTE_MAPPING = "annotator-attribute"
_VALUE_MAPPING = "annotator-value"  # "ATTRIBUTE:VALUE", both as written
_MAPPING_LINE = re.compile(
    r"^#\s*(annotator-label|annotator-role|annotator-attribute|annotator-value):"
    r"\s*(\S+)\s*=\s*(\".*\")\s*$"
)

_ID = re.compile(r"^(?:[A-Za-z]+[0-9]+|#.*|\*)$")
_OFFSETS = re.compile(r"^(\S+)[ ]+([0-9]+[ ]+[0-9]+(?:[ ]*;[ ]*[0-9]+[ ]+[0-9]+)*)[ ]*$")
_FRAGMENT = re.compile(r"([0-9]+)[ ]+([0-9]+)")
_SAFE_TYPE = re.compile(r"^[A-Za-z0-9_-]+$")
_SAFE_ROLE = re.compile(r"^[A-Za-z0-9_-]*[A-Za-z_-]$")  # no digit at the end: brat numbers repeats
# What annotation.conf's "Value:A|B" can hold, and an .ann token (no white space).
_SAFE_VALUE = re.compile(r"^[^\s,|:<>=]+$")
_NORMALIZATION = re.compile(r"^(\S+)[ ]+(\S+)[ ]+([^\s:]+):(\S+)[ ]*$")
# brat reads the BioNLP Shared Task 2013 form of N lines too (annotation.py).
_BIONLP_2013_NORMALIZATIONS = (
    (re.compile(r"^(Reference) Annotation:(\S+) Referent:(\S+)"), r"\1 \2 \3"),
    (re.compile(r"^(Reference) Referent:(\S+) Annotation:(\S+)"), r"\1 \3 \2"),
)
_WHITE_SPACE = re.compile(r"\s")
_NOT_TYPE_CHAR = re.compile(r"[^A-Za-z0-9_-]")
# Names brat's configuration reads specially, and lines of dashes (display separators).
_RESERVED_TYPES = frozenset({"ENTITY-NESTING", "SPAN_DEFAULT", "ARC_DEFAULT", "ATTRIBUTE_DEFAULT"})
_ONLY_DASHES = re.compile(r"^-+$")

_UNSAFE_FILE_CHARS = re.compile(r"[^\w.-]")
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)
_MAX_NAME_BYTES = 180  # a file-name component, leaving room for suffixes under the 255-byte limit
_CONF_FILES = (ANNOTATION_CONF, VISUAL_CONF, KB_SHORTCUTS_CONF)


# -- reading -------------------------------------------------------------------------


def load(path: Path, ctx: ReadContext) -> list[DocumentRecord]:
    """A brat folder (recursively), or one ``.ann``/``.txt`` file with its sibling."""
    if path.is_dir():
        root = path
        pairs = _folder_pairs(path)
        conf = path / ANNOTATION_CONF
        conf_path = conf if conf.is_file() else None
    else:
        root = path.parent
        pairs = [_file_pair(path)]
        conf_path = next(
            (
                folder / ANNOTATION_CONF
                for folder in list(path.absolute().parents)[:CONF_LEVELS]
                if (folder / ANNOTATION_CONF).is_file()
            ),
            None,
        )
    names = _ReadNames.from_conf(conf_path, ctx)
    records: list[DocumentRecord] = []
    unannotated: list[str] = []
    for index, (txt, ann) in enumerate(pairs):
        if index % 100 == 0:
            ctx.progress(index, len(pairs))
        relative = _readable(txt.relative_to(root).as_posix())
        if ann is None:
            unannotated.append(relative)
        # A lenient import skips a document with a bad line, naming the file and line.
        where = str(ann if ann is not None else txt)
        record = ctx.attempt(where, _read_document, txt, ann, relative, names, ctx)
        if record is not None:
            records.append(record)
    ctx.progress(len(pairs), len(pairs))
    if unannotated and len(unannotated) < len(pairs):
        ctx.warn(
            f"{path}: {len(unannotated)} .txt file(s) have no .ann beside them and were "
            f"imported without annotations (e.g. {unannotated[0]})"
        )
    _separate_relation_names(records, names)
    return records


def _folder_pairs(folder: Path) -> list[tuple[Path, Path | None]]:
    """Every (``.txt``, ``.ann`` or None) under a folder, sorted; hidden entries skipped."""
    texts: dict[Path, Path] = {}
    annotations: dict[Path, Path] = {}
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        suffix = path.suffix.lower()
        if suffix in (".txt", ".ann") and path.is_file():
            (texts if suffix == ".txt" else annotations)[path.with_suffix("")] = path
    for stem, ann in annotations.items():
        if stem not in texts:
            raise InputError(f"{ann}: no {stem.name}.txt beside it (brat needs the text)")
    if not texts:
        raise InputError(f"{folder}: no .txt or .ann files in this folder")
    return [(texts[stem], annotations.get(stem)) for stem in sorted(texts)]


def _file_pair(path: Path) -> tuple[Path, Path | None]:
    suffix = path.suffix.lower()
    if suffix == ".ann":
        txt = path.with_suffix(".txt")
        if not txt.is_file():
            raise InputError(f"{path}: no {txt.name} beside it (brat needs the text)")
        return txt, path
    if suffix == ".txt":
        ann = path.with_suffix(".ann")
        return path, ann if ann.is_file() else None
    raise InputError(f"{path}: brat import reads a folder, a .ann file or a .txt file")


def _readable(name: str) -> str:
    """A file name that is not UTF-8 arrives with lone surrogates; keep it readable."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None


def _decode(path: Path, data: bytes) -> str:
    try:
        return decode(data)
    except DecodeError as exc:
        raise InputError(f"{path}: {exc}") from None


@dataclass
class _ReadNames:
    """How brat names in ``.ann`` files become label and role names."""

    labels: dict[str, str] = field(default_factory=dict)  # brat type -> label name
    roles: dict[str, str] = field(default_factory=dict)  # brat role -> role name
    attributes: dict[str, str] = field(default_factory=dict)  # brat attribute -> name
    values: dict[str, str] = field(default_factory=dict)  # "brat attribute:brat value" -> value
    conf_roles: dict[str, set[str]] = field(default_factory=dict)  # brat event type -> roles
    conf_span_labels: set[str] = field(default_factory=set)  # label names of span types

    @classmethod
    def from_conf(cls, conf: Path | None, ctx: ReadContext) -> _ReadNames:
        names = cls()
        if conf is None:
            return names
        names._read_mappings(conf, ctx)
        try:
            raw = load_brat_conf(conf)
            schema = names.rename(raw)
            schemas.validate(schema)  # the original names must make a schema too
        except SchemaError as exc:
            ctx.warn(f"labels from {ANNOTATION_CONF} not used: {exc}")
            return names
        for label in raw.labels:
            if label.kind == LabelKind.EVENT:
                names.conf_roles[label.name] = {role.name for role in label.roles}
        names.conf_span_labels = {
            label.name for label in schema.labels if label.kind != LabelKind.RELATION
        }
        if ctx.schema is None:
            ctx.schema = schema
        else:
            ctx.warn(
                f"{conf}: label definitions were already read from an earlier path; "
                "labels the project lacks are added from the first one only"
            )
        return names

    def _read_mappings(self, conf: Path, ctx: ReadContext) -> None:
        text = _decode(conf, _read_bytes(conf))
        for number, line in enumerate(text.split("\n"), 1):
            match = _MAPPING_LINE.match(line.removesuffix("\r"))
            if match is None:
                continue
            kind, safe, quoted = match.groups()
            try:
                original = json.loads(quoted)
            except ValueError:
                original = None
            if isinstance(original, str):
                try:
                    check_unicode(original, "the original name")
                except ValueError:  # a lone surrogate (a JSON escape), which no project stores
                    original = None
            if not isinstance(original, str) or not original.strip():
                ctx.warn(f"{conf} line {number}: cannot read the original name; line ignored")
                continue
            mappings = {
                _LABEL_MAPPING: self.labels,
                _ROLE_MAPPING: self.roles,
                _ATTRIBUTE_MAPPING: self.attributes,
                _VALUE_MAPPING: self.values,
            }
            mappings[kind][safe] = original

    def label(self, brat: str) -> str:
        return self.labels.get(brat, brat)

    def attribute(self, brat: str) -> str:
        return self.attributes.get(brat, brat)

    def value(self, brat_attribute: str, brat: str) -> str:
        return self.values.get(f"{brat_attribute}:{brat}", brat)

    def role(self, event_type: str, written: str) -> str:
        """``Theme2`` is the second ``Theme``, unless the configuration has a role ``Theme2``."""
        if written in self.conf_roles.get(event_type, ()):
            return self.roles.get(written, written)
        base, _number = _split_role(written)
        return self.roles.get(base, base)

    def rename(self, schema: Schema) -> Schema:
        def name(value: str) -> str:
            return self.labels.get(value, value)

        labels = tuple(
            replace(
                label,
                name=name(label.name),
                roles=tuple(
                    replace(
                        role,
                        name=self.roles.get(role.name, role.name),
                        fillers=tuple(name(f) for f in role.fillers),
                    )
                    for role in label.roles
                ),
                heads=tuple(name(h) for h in label.heads),
                tails=tuple(name(t) for t in label.tails),
            )
            for label in schema.labels
        )
        attributes = tuple(
            replace(
                attribute,
                name=self.attribute(attribute.name),
                values=tuple(self.value(attribute.name, v) for v in attribute.values),
                labels=tuple(name(label) for label in attribute.labels),
            )
            for attribute in schema.attributes
        )
        return replace(schema, labels=labels, attributes=attributes)


def _split_role(written: str) -> tuple[str, str]:
    """``Theme2`` -> (``Theme``, ``2``): brat's split_role."""
    end = len(written)
    while end > 1 and written[end - 1].isdigit():
        end -= 1
    return written[:end], written[end:]


@dataclass
class _Line:
    number: int
    ident: str
    data: str  # up to the second TAB
    tail: str  # from the second TAB on ("" when there is none)


@dataclass
class _Dropped:
    """A T line that is not imported; references to it are counted too."""

    reason: str
    where: str


def _read_document(
    txt: Path, ann: Path | None, relative: str, names: _ReadNames, ctx: ReadContext
) -> DocumentRecord | None:
    data = _read_bytes(txt)
    text = _decode(txt, data)
    uid = relative[: -len(".txt")]
    record = DocumentRecord(
        text=text, uid=uid, meta={"file": relative}, source=str(ann if ann is not None else txt)
    )
    if ann is not None:
        # brat counts a byte-order mark as a character; the stored text has none.
        shift = 1 if data.startswith(BOM.encode("utf-8")) else 0
        _Parser(ann, uid, BOM * shift + text, shift, names, ctx).parse(record)
    if text == "" and not record.spans:
        ctx.warn(f"{txt}: the text is empty; not imported")
        return None
    return record


class _Parser:
    """One ``.ann`` file into a record; every error names the file and line."""

    def __init__(
        self, path: Path, uid: str, raw: str, shift: int, names: _ReadNames, ctx: ReadContext
    ) -> None:
        self.path = path
        self.uid = uid
        self.raw = raw  # the text as brat sees it (with the byte-order mark)
        self.text = raw[shift:]  # as stored
        self.shift = shift
        self.names = names
        self.ctx = ctx
        self.spans: dict[str, SpanRecord] = {}
        self.brat_types: dict[str, str] = {}  # T id -> its type as written
        self.dropped: dict[str, _Dropped] = {}  # T, E or R id -> why it is not imported
        self.triggers: dict[str, str] = {}  # E id -> its trigger's T id, to name events
        self.imported: set[str] = set()  # E and R ids imported
        self.ids: dict[str, int] = {}  # every id of the file -> its line
        self.attribute_lines: dict[tuple[str, str], int] = {}  # (target, name) -> line
        self.chains = 0

    def error(self, line: _Line | int, message: str) -> InputError:
        number = line.number if isinstance(line, _Line) else line
        return InputError(one_line(f"{self.path} line {number}: {message}"))

    def parse(self, record: DocumentRecord) -> None:
        lines = self._lines()
        events: list[_Line] = []
        relations: list[_Line] = []
        attached: list[_Line] = []
        for line in lines:
            kind = line.ident[0]
            if kind == "T":
                self._text_bound(line)
            elif kind == "E":
                events.append(line)
            elif kind == "R":
                relations.append(line)
            elif kind in "AMN#*":
                attached.append(line)
            else:
                raise self.error(
                    line,
                    f"unknown annotation {line.ident!r}: brat ids start with T, E, R, A, M, "
                    "N, # or are *",
                )
        record.spans = list(self.spans.values())
        record.events = self._events(events)
        record.relations = self._relations(relations)
        self.imported = {e.uid for e in record.events} | {r.uid for r in record.relations}
        for line in attached:
            kind = line.ident[0]
            if kind in "AM":
                self._attribute(line, record)
            elif kind == "N":
                self._normalization(line, record)
            elif kind == "#":
                self._note(line, record)
            else:
                self._equivalence(line, record)

    def _lines(self) -> list[_Line]:
        text = _decode(self.path, _read_bytes(self.path))
        seen: dict[str, int] = {}
        out: list[_Line] = []
        for number, raw in enumerate(text.split("\n"), 1):
            line = raw.removesuffix("\r")
            if not line.strip():
                continue
            ident, tab, rest = line.partition("\t")
            if not tab or not _ID.match(ident):
                raise self.error(
                    number,
                    f"cannot read {line[:60]!r}: expected an id (T1, E1, R1, A1, N1, #1 or *), "
                    "a TAB, then the annotation",
                )
            if ident != "*":
                if ident in seen:
                    raise self.error(
                        number, f"id {ident} is used twice (first on line {seen[ident]})"
                    )
                seen[ident] = number
            data, tab, tail = rest.partition("\t")
            self.ids.setdefault(ident, number)
            out.append(_Line(number, ident, data, tab + tail))
        return out

    # -- T lines ----------------------------------------------------------------------

    def _text_bound(self, line: _Line) -> None:
        match = _OFFSETS.match(line.data)
        if match is None:
            raise self.error(
                line,
                f"{line.ident}: expected 'TYPE START END' (e.g. 'Person 0 5'), not {line.data!r}",
            )
        brat_type, offsets = match.groups()
        try:
            fragments = [(int(s), int(e)) for s, e in _FRAGMENT.findall(offsets)]
        except ValueError:  # more digits than Python reads (sys.get_int_max_str_digits)
            raise self.error(line, f"{line.ident}: an offset has too many digits") from None
        for number, (start, end) in enumerate(fragments):
            if start > end:
                raise self.error(line, f"{line.ident}: start {start} is after end {end}")
            if end > len(self.raw):
                raise self.error(
                    line,
                    f"{line.ident}: end {end} is past the end of the text ({len(self.raw)} "
                    "characters; offsets count code points, \\r\\n counts two)",
                )
            if start < self.shift:
                raise self.error(
                    line,
                    f"{line.ident}: offset {start} points into the byte-order mark at the "
                    "start of the .txt",
                )
            for other_start, other_end in fragments[:number]:
                if end >= other_start and start < other_end:  # brat's own test
                    raise self.error(line, f"{line.ident}: its fragments overlap")
        expected = " ".join(self.raw[s:e] for s, e in fragments)  # brat's DISCONT_SEP
        given = line.tail[1:]
        if line.tail.strip() and (
            given[: len(expected)] != expected
            or (given[len(expected) :] and not given[len(expected)].isspace())
        ):
            raise self.error(
                line,
                f"{line.ident}: its text {given!r} differs from the text at {offsets} in "
                f"the .txt, {expected!r} (offsets count code points; \\r\\n counts two; "
                "is this the .txt the .ann was made for?)",
            )
        self.brat_types[line.ident] = brat_type
        label = self.names.label(brat_type)
        pieces = self._pieces(fragments)
        kept = [(start, end) for start, end in pieces if start < end]
        if not kept:
            self._drop(line.ident, "empty", pieces[0][0], pieces[-1][1])
            return
        for start, end in pieces:
            if start == end:
                self.ctx.losses.add(EMPTY_FRAGMENTS, where(self.uid, self.text, start, end))
        first, last = kept[0][0], kept[-1][1]
        self.spans[line.ident] = SpanRecord(
            line.ident, first, last, label, kept if len(kept) > 1 else None
        )

    def _pieces(self, fragments: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The fragments in stored offsets and in order, as the span's pieces.

        A T line cannot hold a line break, so brat's editor and our export cut a
        selection across lines into fragments at its line breaks (:func:`_fragments`).
        Consecutive fragments that are exactly that cut of one range are joined back
        into it, so export, import and export again writes the same line; any other
        gap makes a real discontinuity.
        """
        ordered = sorted((start - self.shift, end - self.shift) for start, end in fragments)
        pieces: list[tuple[int, int]] = []
        first = 0
        while first < len(ordered):
            last = first
            while last + 1 < len(ordered) and self._cut_at_breaks(ordered[first : last + 2]):
                last += 1
            pieces.append((ordered[first][0], ordered[last][1]))
            first = last + 1
        return pieces

    def _cut_at_breaks(self, run: list[tuple[int, int]]) -> bool:
        gap = self.text[run[-2][1] : run[-1][0]]
        if not gap or not LINE_BREAKS.issuperset(gap):  # the cheap test first
            return False
        return _fragments(self.text, run[0][0], run[-1][1]) == run

    def _drop(self, ident: str, reason: str, start: int, end: int) -> None:
        here = where(self.uid, self.text, start, end)
        self.dropped[ident] = _Dropped(reason, here)
        self.ctx.losses.add(reason, here)

    # -- E and R lines ----------------------------------------------------------------

    def _events(self, lines: list[_Line]) -> list[EventRecord]:
        parsed: list[tuple[_Line, str, str, list[tuple[str, str]]]] = []
        event_ids = {line.ident for line in lines}
        for line in lines:
            head, *rest = line.data.split() or [""]
            brat_type, colon, trigger = head.partition(":")
            if not colon or not brat_type or not trigger:
                raise self.error(
                    line,
                    f"{line.ident}: expected 'TYPE:TRIGGER ROLE:ID ...' "
                    f"(e.g. 'Attack:T3 Attacker:T1'), not {line.data!r}",
                )
            arguments = []
            for item in rest:
                role, colon, ref = item.rpartition(":")
                if not colon or not role or not ref:
                    raise self.error(
                        line, f"{line.ident}: cannot read the argument {item!r}; write ROLE:ID"
                    )
                if ref not in self.brat_types and ref not in event_ids:
                    raise self.error(
                        line,
                        f"{line.ident}: argument {item!r} names {ref}, which is no T or E id here",
                    )
                if ref == line.ident:
                    raise self.error(line, f"{line.ident}: an event cannot be its own argument")
                arguments.append((role, ref))
            if trigger not in self.brat_types:
                raise self.error(
                    line, f"{line.ident}: its trigger {trigger} is no T id in this file"
                )
            if trigger in self.dropped:
                here = self.dropped[trigger].where
                self.dropped[line.ident] = _Dropped(LOST_TRIGGERS, here)
                self.ctx.losses.add(LOST_TRIGGERS, here)
                continue
            if brat_type != self.brat_types[trigger]:
                raise self.error(
                    line,
                    f"{line.ident}: its type {brat_type} differs from the type of its trigger "
                    f"{trigger}, {self.brat_types[trigger]} (an event's type is its trigger's)",
                )
            parsed.append((line, brat_type, trigger, arguments))
            self.triggers[line.ident] = trigger
        events = []
        for line, brat_type, trigger, arguments in parsed:
            kept = []
            ranks: dict[str, int] = {}
            for role, ref in arguments:
                base, number = _split_role(role)
                ranks[base] = ranks.get(base, 0) + 1
                if number != ("" if ranks[base] == 1 else str(ranks[base])) and (
                    role not in self.names.conf_roles.get(brat_type, ())
                ):
                    # BioNLP pairs Site2 with Theme2; the project keeps only the order
                    self.ctx.losses.add(ROLE_NUMBERS, f"{self._where_id(trigger)} {role}")
                if ref in self.dropped:
                    self.ctx.losses.add(LOST_ARGUMENTS, self._where_id(trigger))
                    continue
                kept.append(ArgumentRecord(self.names.role(brat_type, role), ref))
            label = self.spans[trigger].label
            events.append(EventRecord(line.ident, trigger, kept, label))
        return events

    def _relations(self, lines: list[_Line]) -> list[RelationRecord]:
        relations = []
        for line in lines:
            fields = line.data.split()
            arguments = [item.rpartition(":") for item in fields[1:]]
            if len(fields) != 3 or not all(
                role and colon and ref for role, colon, ref in arguments
            ):
                raise self.error(
                    line,
                    f"{line.ident}: expected 'TYPE Arg1:ID Arg2:ID' (e.g. 'Located Arg1:T1 "
                    f"Arg2:T2'), not {line.data!r}",
                )
            (first_role, _, head), (second_role, _, tail) = arguments
            if first_role == second_role:
                raise self.error(line, f"{line.ident}: both arguments have the role {first_role}")
            for ref in (head, tail):
                if ref not in self.brat_types:
                    raise self.error(line, f"{line.ident}: {ref} is no T id in this file")
            if head == tail:
                raise self.error(line, f"{line.ident}: both arguments are {head}")
            lost = next((ref for ref in (head, tail) if ref in self.dropped), None)
            if lost is not None:
                here = self.dropped[lost].where
                self.dropped[line.ident] = _Dropped(LOST_RELATIONS, here)
                self.ctx.losses.add(LOST_RELATIONS, here)
                continue
            relations.append(RelationRecord(line.ident, self.names.label(fields[0]), head, tail))
        return relations

    # -- A, M, N, # and * lines -------------------------------------------------------

    def _target(self, line: _Line, ident: str) -> str | None:
        """The T, E or R id an attached line names; None (counted) if it was not imported."""
        if ident in self.spans or ident in self.imported:
            return ident
        if ident in self.dropped:
            self.ctx.losses.add(LOST_ATTACHED, self.dropped[ident].where)
            return None
        if ident in self.ids and ident[0] not in "TER":
            self.ctx.losses.add(UNATTACHABLE, f"{self.uid} {line.ident}")
            return None
        raise self.error(line, f"{line.ident}: {ident} is no T, E or R id in this file")

    def _attribute(self, line: _Line, record: DocumentRecord) -> None:
        # brat: "A1 NAME ID [VALUE]", the value being the rest of the line; legacy
        # "M1 NAME ID" lines (modifiers) are binary attributes.
        legacy = line.ident[0] == "M"
        fields = line.data.split(None, 2)
        if len(fields) < 2 or (legacy and len(fields) > 2):
            shape = "NAME ID" if legacy else "NAME ID [VALUE]"
            raise self.error(
                line,
                f"{line.ident}: expected '{shape}' (e.g. 'Negation E1'), not {line.data!r}",
            )
        brat_name, ident = fields[0], fields[1]
        written = fields[2].strip() if len(fields) == 3 else None
        target = self._target(line, ident)
        if target is None:
            return
        name = self.names.attribute(brat_name)
        first = self.attribute_lines.setdefault((target, name), line.number)
        if first != line.number:
            raise self.error(
                line, f"{line.ident}: {target} has the attribute {brat_name} twice (line {first})"
            )
        value = None if written is None else self.names.value(brat_name, written)
        record.attributes.append(AttributeRecord(line.ident, name, target, value))

    def _normalization(self, line: _Line, record: DocumentRecord) -> None:
        data = line.data
        for pattern, replacement in _BIONLP_2013_NORMALIZATIONS:
            data = pattern.sub(replacement, data, count=1)
        match = _NORMALIZATION.match(data)
        if match is None:
            raise self.error(
                line,
                f"{line.ident}: expected 'Reference ID RESOURCE:ID' "
                f"(e.g. 'Reference T1 Wikipedia:534366'), not {line.data!r}",
            )
        kind, ident, resource, ref = match.groups()
        target = self._target(line, ident)
        if target is None:
            return
        if kind != NORMALIZATION_TYPE:
            self.ctx.losses.add(NORMALIZATION_TYPES, f"{self._where_id(target)} {kind}")
        text = line.tail.lstrip("\t")  # brat: the entry's name, after a TAB
        record.normalizations.append(NormalizationRecord(line.ident, target, resource, ref, text))

    def _note(self, line: _Line, record: DocumentRecord) -> None:
        fields = line.data.split()
        if len(fields) != 2:
            raise self.error(
                line,
                f"{line.ident}: expected 'TYPE ID' then a TAB and the note "
                f"(e.g. 'AnnotatorNotes T1'), not {line.data!r}",
            )
        note_type, ident = fields
        target = self._target(line, ident)
        if target is not None:
            record.notes.append(NoteRecord(line.ident, target, line.tail[1:], note_type))

    def _equivalence(self, line: _Line, record: DocumentRecord) -> None:
        chain_type, *members = line.data.split()
        if len(members) < 2:
            raise self.error(
                line,
                f"*: expected 'TYPE ID ID ...' (e.g. 'Equiv T1 T2'), not {line.data!r}",
            )
        kept: list[str] = []
        for member in members:
            if member in kept:
                raise self.error(line, f"*: {member} is in it twice")
            if member in self.spans:
                kept.append(member)
            elif member in self.dropped:
                self.ctx.losses.add(LOST_MEMBERS, self.dropped[member].where)
            elif member in self.ids:
                self.ctx.losses.add(LOST_MEMBERS, f"{self.uid} {member}")
            else:
                raise self.error(line, f"*: {member} is no id in this file")
        if len(kept) < 2:
            self.ctx.losses.add(LOST_CHAINS, f"{self.uid} line {line.number}")
            return
        self.chains += 1
        record.chains.append(ChainRecord(f"*{self.chains}", chain_type, kept))

    def _where_id(self, ident: str) -> str:
        span = self.spans.get(self.triggers.get(ident, ident))
        if span is not None:
            return where(self.uid, self.text, span.start, span.end)
        if ident in self.dropped:
            return self.dropped[ident].where
        return f"{self.uid} {ident}"


def _separate_relation_names(records: list[DocumentRecord], names: _ReadNames) -> None:
    """brat lets a relation share a span type's name; labels cannot (as brat_conf names it)."""
    span_labels = names.conf_span_labels | {s.label for r in records for s in r.spans}
    for record in records:
        for relation in record.relations:
            if relation.type in span_labels:
                relation.type += RELATION_SUFFIX


# -- writing -------------------------------------------------------------------------


def export(parts: Parts, target: Path, ctx: ExportContext) -> None:
    """``<uid>.txt`` + ``<uid>.ann`` per document, and brat's configuration files."""
    names = _WriteNames(ctx.schema)
    folders = [target]
    renamed: list[tuple[str, str]] = []
    for part, items in parts.items():
        folder = target / part if part else target
        folder.mkdir(exist_ok=True)
        if part:
            folders.append(folder)
        files = _FileNames()
        for document, marks in items:
            relative = files.name(document.uid)
            if relative != document.uid:
                renamed.append((document.uid, relative))
            base = folder / relative
            base.parent.mkdir(parents=True, exist_ok=True)
            _write(base.with_name(base.name + ".txt"), document.text)
            _write(base.with_name(base.name + ".ann"), _ann(document, marks, names))
    confs = {
        ANNOTATION_CONF: _annotation_conf(ctx.schema, names),
        VISUAL_CONF: _visual_conf(ctx.schema, names),
        KB_SHORTCUTS_CONF: _kb_shortcuts(ctx.schema, names),
    }
    for folder in folders:
        for name, text in confs.items():
            _write(folder / name, text)
    if renamed:
        uid, relative = renamed[0]
        ctx.notes.append(
            f"{len(renamed)} document id(s) are not safe file names and were written under "
            f"other names (e.g. {uid!r} as {relative}.txt)"
        )
    if names.renamed:
        ctx.notes.append(
            f"{names.renamed} label, role, attribute or value name(s) are not brat names and "
            f"were written as safe names; {ANNOTATION_CONF} maps them back for annotator"
        )
    if names.flattened:
        ctx.notes.append(
            f"{names.flattened} note or reference text(s) held line breaks, written as spaces "
            "(an .ann line holds one line)"
        )
    if names.spaced:
        ctx.notes.append(
            f"{names.spaced} reference, note or equivalence type or id(s) held white space "
            "(or a ':' in a resource name), written with '_' instead (brat splits on them)"
        )


def _write(path: Path, text: str) -> None:
    # newline="": the text is written exactly, \r\n and all, so offsets stay valid.
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


class _WriteNames:
    """Safe, unique brat names for labels and roles, stable for one export."""

    def __init__(self, schema: Schema) -> None:
        self.labels: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        self.kinds = {label.name: label.kind for label in schema.labels}
        self.extra: dict[str, LabelKind] = {}  # labels used but not in the schema
        self.renamed = 0
        self.flattened = 0  # free texts whose line breaks became spaces
        self.spaced = 0  # tokens whose white space became "_"
        self._taken_labels: set[str] = set()
        self._taken_roles: set[str] = set()
        self.attributes: dict[str, str] = {}
        self.values: dict[tuple[str, str], str] = {}  # (attribute, value) -> brat value
        self._taken_attributes: set[str] = set()
        self._taken_values: dict[str, set[str]] = {}  # brat attribute -> brat values
        # Names that are already safe keep their name, whatever comes first.
        all_roles = list(dict.fromkeys(r.name for label in schema.labels for r in label.roles))
        for name in [label.name for label in schema.labels if _safe_type(label.name)]:
            self._claim_label(name, name)
        for name in [r for r in all_roles if _safe_role(r)]:
            self._claim_role(name, name)
        for label in schema.labels:
            self.label(label.name, label.kind)
        for role in all_roles:
            self.role(role)
        for attribute in schema.attributes:
            if _safe_type(attribute.name):
                self._claim_attribute(attribute.name, attribute.name)
        for attribute in schema.attributes:
            self.attribute(attribute.name)
            for value in attribute.values:
                if _safe_value(value):
                    self._claim_value(attribute.name, value, value)
            for value in attribute.values:
                self.value(attribute.name, value)

    def label(self, name: str, kind: LabelKind) -> str:
        if name in self.extra and kind == LabelKind.EVENT:
            self.extra[name] = kind  # a label outside the schema that triggers an event
        found = self.labels.get(name)
        if found is not None:
            return found
        if name not in self.kinds:
            self.extra[name] = kind
        unique = _unique_type(name, self._taken_labels)
        return self._claim_label(name, unique)

    def role(self, name: str) -> str:
        found = self.roles.get(name)
        if found is not None:
            return found
        unique = name if _safe_role(name) else _role_name(name)
        while unique in self._taken_roles:
            unique += "_"
        return self._claim_role(name, unique)

    def attribute(self, name: str) -> str:
        found = self.attributes.get(name)
        if found is not None:
            return found
        unique = _unique_type(name, self._taken_attributes)
        return self._claim_attribute(name, unique)

    def value(self, attribute: str, value: str) -> str:
        found = self.values.get((attribute, value))
        if found is not None:
            return found
        taken = self._taken_values.setdefault(self.attribute(attribute), set())
        candidate = value if _safe_value(value) else _WHITE_SPACE.sub("_", _ascii(value)) or "value"
        unique = candidate
        number = 1
        while unique in taken or not _safe_value(unique):
            number += 1
            unique = f"{candidate}_{number}"
        return self._claim_value(attribute, value, unique)

    def _claim_attribute(self, name: str, brat: str) -> str:
        self.attributes[name] = brat
        self._taken_attributes.add(brat)
        self.renamed += brat != name
        return brat

    def _claim_value(self, attribute: str, value: str, brat: str) -> str:
        self.values[(attribute, value)] = brat
        self._taken_values.setdefault(self.attribute(attribute), set()).add(brat)
        self.renamed += brat != value
        return brat

    def token(self, value: str, resource: bool = False) -> str:
        """One white-space-free field of an .ann line (a resource has no ':' either)."""
        safe = _WHITE_SPACE.sub("_", value)
        if resource:
            safe = safe.replace(":", "_")
        self.spaced += safe != value
        return safe or "_"

    def one_line(self, text: str) -> str:
        """Free text at the end of an .ann line: no line breaks."""
        flat = "".join(" " if char in LINE_BREAKS else char for char in text)
        self.flattened += flat != text
        return flat

    def _claim_label(self, name: str, brat: str) -> str:
        self.labels[name] = brat
        self._taken_labels.add(brat)
        self.renamed += brat != name
        return brat

    def _claim_role(self, name: str, brat: str) -> str:
        self.roles[name] = brat
        self._taken_roles.add(brat)
        self.renamed += brat != name
        return brat

    def kind(self, name: str) -> LabelKind:
        return self.kinds.get(name) or self.extra[name]


def _unique_type(name: str, taken: Container[str]) -> str:
    """A brat-safe type name for ``name`` that is not ``taken`` (``_2``, ``_3``... added)."""
    candidate = name if _safe_type(name) else _type_name(name)
    unique = candidate
    number = 1
    while unique in taken or not _safe_type(unique):
        number += 1
        unique = f"{candidate}_{number}"
    return unique


def _safe_type(name: str) -> bool:
    return bool(
        _SAFE_TYPE.match(name) and name not in _RESERVED_TYPES and not _ONLY_DASHES.match(name)
    )


def _safe_value(value: str) -> bool:
    return bool(_SAFE_VALUE.match(value)) and not _ONLY_DASHES.match(value)


def _safe_role(name: str) -> bool:
    return bool(_SAFE_ROLE.match(name)) and not _ONLY_DASHES.match(name)


def _ascii(name: str) -> str:
    """``Entité`` -> ``Entite``, ``Conflict:Attack`` -> ``Conflict_Attack``."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_TYPE_CHAR.sub("_", plain.strip())


def _type_name(name: str) -> str:
    candidate = _ascii(name)
    return candidate if candidate and not _ONLY_DASHES.match(candidate) else "type"


def _role_name(name: str) -> str:
    candidate = _ascii(name) or "role"
    return candidate if _safe_role(candidate) else candidate + "_"


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at line breaks, which a T line cannot hold (as brat does).

    A span that starts or ends with a line break gets an empty first or last
    fragment, so the reader restores exactly ``[start, end)``.
    """
    fragments: list[tuple[int, int]] = []
    begin = index = start
    while index < end:
        if text[index] in LINE_BREAKS:
            fragments.append((begin, index))
            while index < end and text[index] in LINE_BREAKS:
                index += 1
            begin = index
        else:
            index += 1
    fragments.append((begin, end))
    return fragments


def _ids(uids: Iterable[str], prefix: str, pattern: str = "") -> list[str]:
    """Keep the document's own ids when they are brat ids of this kind, else number them."""
    given = list(uids)
    if all(re.fullmatch(pattern or prefix + r"[0-9]+", uid) for uid in given) and len(
        set(given)
    ) == len(given):
        return given
    return [f"{prefix}{number}" for number in range(1, len(given) + 1)]


def _span_line(text: str, uid: str, brat_type: str, pieces: Iterable[tuple[int, int]]) -> str:
    """``T1 TYPE 0 5;10 15 TEXT``: each piece cut at line breaks, texts joined by a space."""
    fragments = [cut for start, end in pieces for cut in _fragments(text, start, end)]
    offsets = ";".join(f"{start} {end}" for start, end in fragments)
    fragment_text = " ".join(text[start:end] for start, end in fragments)  # brat's DISCONT_SEP
    return f"{uid}\t{brat_type} {offsets}\t{fragment_text}"


def _ann(document: Document, annotations: Annotations, names: _WriteNames) -> str:
    text = document.text
    span_ids = dict(
        zip(
            (s.id for s in annotations.spans),
            _ids((s.uid for s in annotations.spans), "T"),
            strict=True,
        )
    )
    event_ids = dict(
        zip(
            (e.id for e in annotations.events),
            _ids((e.uid for e in annotations.events), "E"),
            strict=True,
        )
    )
    relation_ids = dict(
        zip(
            (r.id for r in annotations.relations),
            _ids((r.uid for r in annotations.relations), "R"),
            strict=True,
        )
    )
    triggers = {event.trigger_id for event in annotations.events}
    lines = []
    for span in annotations.spans:
        kind = LabelKind.EVENT if span.id in triggers else LabelKind.ENTITY
        brat_type = names.label(span.label, kind)
        lines.append(_span_line(text, span_ids[span.id], brat_type, span.pieces))
    for event in annotations.events:
        arguments = []
        seen: dict[str, int] = {}
        for argument in event.arguments:
            role = names.role(argument.role)
            seen[role] = seen.get(role, 0) + 1
            number = str(seen[role]) if seen[role] > 1 else ""  # brat: Theme, Theme2, Theme3
            if argument.span_id is not None:
                ref = span_ids[argument.span_id]
            else:
                assert argument.event_ref_id is not None
                ref = event_ids[argument.event_ref_id]
            arguments.append(f"{role}{number}:{ref}")
        event_type = names.label(event.type, LabelKind.EVENT)
        # brat writes "TYPE:TRIGGER " with a space even when there are no arguments
        trigger = span_ids[event.trigger_id]
        lines.append(f"{event_ids[event.id]}\t{event_type}:{trigger} {' '.join(arguments)}")
    for relation in annotations.relations:
        relation_type = names.label(relation.type, LabelKind.RELATION)
        head, tail = span_ids[relation.head_id], span_ids[relation.tail_id]
        rid = relation_ids[relation.id]
        lines.append(f"{rid}\t{relation_type} Arg1:{head} Arg2:{tail}\t")  # brat's trailing TAB
    ids = {
        TargetKind.SPAN: span_ids,
        TargetKind.EVENT: event_ids,
        TargetKind.RELATION: relation_ids,
    }
    lines += _attached_lines(annotations, names, lambda target: ids[target.kind][target.id])
    return "".join(line + "\n" for line in lines)


def _attached_lines(
    annotations: Annotations, names: _WriteNames, target: Callable[[Target], str]
) -> list[str]:
    """A, N, # and * lines, in brat's syntax (annotation.py ``__str__``)."""
    lines = []
    attributes = annotations.attributes
    # M lines are binary only; any other id is renumbered as A1, A2, ...
    binary_m = all(a.value is None or not a.uid.startswith("M") for a in attributes)
    attribute_ids = _ids((a.uid for a in attributes), "A", r"[AM][0-9]+" if binary_m else "")
    for attribute, aid in zip(attributes, attribute_ids, strict=True):
        name = names.attribute(attribute.name)
        value = (
            "" if attribute.value is None else " " + names.value(attribute.name, attribute.value)
        )
        lines.append(f"{aid}\t{name} {target(attribute.target)}{value}")
    normalizations = annotations.normalizations
    for normalization, nid in zip(
        normalizations, _ids((n.uid for n in normalizations), "N"), strict=True
    ):
        resource = names.token(normalization.resource, resource=True)
        ref = names.token(normalization.ref)
        lines.append(
            f"{nid}\t{NORMALIZATION_TYPE} {target(normalization.target)} {resource}:{ref}\t"
            f"{names.one_line(normalization.text)}"
        )
    notes = annotations.notes
    for note, hid in zip(notes, _ids((n.uid for n in notes), "#"), strict=True):
        lines.append(
            f"{hid}\t{names.token(note.type)} {target(note.target)}\t{names.one_line(note.text)}"
        )
    for chain in annotations.chains:
        members = " ".join(target(Target(TargetKind.SPAN, member)) for member in chain.members)
        lines.append(f"*\t{names.token(chain.type)} {members}")
    return lines


def _quoted(name: str) -> str:
    """A name as one JSON string on one line (line separators escaped too)."""
    value = json.dumps(name, ensure_ascii=False)
    for char in ("\x85", "\u2028", "\u2029"):
        value = value.replace(char, f"\\u{ord(char):04x}")
    return value


def _labels_by_kind(schema: Schema, names: _WriteNames) -> dict[LabelKind, list[Label]]:
    labels = list(schema.labels) + [Label(n, kind, "") for n, kind in names.extra.items()]
    out: dict[LabelKind, list[Label]] = {kind: [] for kind in LabelKind}
    for label in labels:
        out[label.kind].append(label)
    return out


def _types(values: Iterable[str], names: _WriteNames) -> str:
    found = [names.label(v, names.kinds.get(v) or LabelKind.ENTITY) for v in values]
    return "|".join(found) if found else "<ANY>"


def _annotation_conf(schema: Schema, names: _WriteNames) -> str:
    by_kind = _labels_by_kind(schema, names)
    lines = [
        f"# brat configuration written by annotator from the schema {_quoted(schema.name)}.",
        "# brat type names allow only A-Z, a-z, 0-9, _ and -; the annotator-label and",
        "# annotator-role lines give annotator the original names back (brat skips them).",
    ]
    lines += [
        f"# {_LABEL_MAPPING}: {brat} = {_quoted(name)}"
        for name, brat in names.labels.items()
        if brat != name
    ]
    lines += [
        f"# {_ROLE_MAPPING}: {brat} = {_quoted(name)}"
        for name, brat in names.roles.items()
        if brat != name
    ]
    lines += [
        f"# {_ATTRIBUTE_MAPPING}: {brat} = {_quoted(name)}"
        for name, brat in names.attributes.items()
        if brat != name
    ]
    lines += [
        f"# {_VALUE_MAPPING}: {names.attribute(attribute)}:{brat} = {_quoted(value)}"
        for (attribute, value), brat in names.values.items()
        if brat != value
    ]
    lines += ["", "[entities]"]
    lines += [names.label(label.name, label.kind) for label in by_kind[LabelKind.ENTITY]]
    lines += ["", "[relations]"]
    for label in by_kind[LabelKind.RELATION]:
        heads, tails = _types(label.heads, names), _types(label.tails, names)
        lines.append(f"{names.label(label.name, label.kind)}\tArg1:{heads}, Arg2:{tails}")
    lines += ["", "[events]"]
    for label in by_kind[LabelKind.EVENT]:
        roles = [
            f"{names.role(role.name)}{_cardinality(str(role.cardinality))}:"
            f"{_types(role.fillers, names)}"
            for role in label.roles
        ]
        brat = names.label(label.name, label.kind)
        lines.append(f"{brat}\t{', '.join(roles)}" if roles else brat)
    lines += ["", "[attributes]"]
    lines += [_attribute_line(attribute, names) for attribute in _attribute_types(schema, names)]
    lines.append("")
    return "\n".join(lines)


def _attribute_types(schema: Schema, names: _WriteNames) -> list[AttributeType]:
    """The schema's attribute types with any value used but not listed, and the types
    used in the documents written that the schema lacks."""
    used: dict[str, list[str]] = {}
    for name, value in names.values:
        used.setdefault(name, []).append(value)
    declared = {attribute.name for attribute in schema.attributes}
    found: list[AttributeType] = []
    for attribute in schema.attributes:
        # a value the schema does not list (imported, or set before the schema changed)
        # is declared too, so brat accepts the line; a binary type stays binary
        extra = tuple(v for v in used.get(attribute.name, ()) if v not in attribute.values)
        if attribute.values and extra:
            attribute = replace(attribute, values=attribute.values + extra)
        found.append(attribute)
    found += [
        AttributeType(name, tuple(used.get(name, ())))
        for name in names.attributes
        if name not in declared
    ]
    return found


def _attribute_line(attribute: AttributeType, names: _WriteNames) -> str:
    """``Negation Arg:<EVENT>`` or ``Confidence Arg:<EVENT>, Value:High|Neutral|Low``."""
    kinds = attribute.kinds or (() if attribute.labels else tuple(LabelKind))
    targets = [f"<{kind.upper()}>" for kind in kinds]
    targets += [
        names.label(label, names.kinds.get(label, LabelKind.ENTITY)) for label in attribute.labels
    ]
    line = f"{names.attribute(attribute.name)}\tArg:{'|'.join(targets)}"
    if attribute.values:
        values = "|".join(names.value(attribute.name, value) for value in attribute.values)
        line += f", Value:{values}"
    return line


def _cardinality(written: str) -> str:
    return "" if written == "1" else written  # brat: no suffix means exactly one


def _visual_conf(schema: Schema, names: _WriteNames) -> str:
    labels = [
        f"{brat} | {name}"
        for name, brat in names.labels.items()
        if brat != name and _displayable(name)
    ]
    drawing = []
    for label in schema.labels:
        if not label.color:
            continue
        key = "color" if label.kind == LabelKind.RELATION else "bgColor"  # arcs vs boxes
        drawing.append(f"{names.label(label.name, label.kind)}\t{key}:{label.color}")
    lines = ["# label colours, written by annotator", "", "[labels]", *labels, "", "[drawing]"]
    return "\n".join([*lines, *drawing, ""])


def _displayable(name: str) -> bool:
    """Whether a name can be a display label in visual.conf's ``[labels]``."""
    return name == name.strip() and not any(c in "|<>\t" or c in LINE_BREAKS for c in name)


def _kb_shortcuts(schema: Schema, names: _WriteNames) -> str:
    lines = ["# label keys, written by annotator"]
    for label in schema.labels:
        if label.key and label.key != "#":  # a line starting with # is a comment
            lines.append(f"{label.key.upper()}\t{names.label(label.name, label.kind)}")
    return "\n".join([*lines, ""])


class _FileNames:
    """Safe, unique relative file names (without suffix) for document ids.

    Each ``/``-separated part of an id keeps letters, digits, ``_``, ``.`` and
    ``-``; a part that would be hidden, ``..``, a Windows device name or too long is
    changed, so no name can point outside the target. Names are unique ignoring case
    (for case-insensitive file systems), and never clash with a folder or the
    configuration files.
    """

    def __init__(self) -> None:
        self.files: set[str] = {name.casefold() for name in _CONF_FILES}
        self.folders: set[str] = set()

    def name(self, uid: str) -> str:
        parts = [_file_part(part) for part in uid.replace("\\", "/").split("/") if part]
        parts = parts or ["document"]
        folders = ["/".join(parts[:n]).casefold() for n in range(1, len(parts))]
        if any(folder in self.files for folder in folders):
            parts = ["_".join(parts)]  # a file already has that folder's name: flatten
            folders = []
        base = parts[-1]
        number = 1
        while True:
            relative = "/".join([*parts[:-1], base])
            key = relative.casefold()
            names = {key + ".txt", key + ".ann"}
            if not names & self.files and not names & self.folders:
                break
            number += 1
            base = f"{parts[-1]}-{number}"
        self.files |= names
        self.folders.update(folders)
        return relative


def _file_part(part: str) -> str:
    safe = _UNSAFE_FILE_CHARS.sub("_", part)
    if safe.startswith(".") or safe.split(".")[0].casefold() in _WINDOWS_DEVICES:
        safe = "_" + safe
    if safe.endswith("."):
        safe += "_"  # Windows drops trailing dots
    if len(safe.encode("utf-8")) > _MAX_NAME_BYTES:
        digest = hashlib.sha1(part.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        cut = safe.encode("utf-8")[: _MAX_NAME_BYTES - 11].decode("utf-8", "ignore")
        safe = f"{cut}_{digest}"
    return safe
