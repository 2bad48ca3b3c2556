"""The JSONL exchange format (docs/formats/jsonl.md): one document per line.

``{"id", "text", "meta", "status", "spans", "events", "relations"}``, plus
``"attributes"``, ``"normalizations"``, ``"notes"`` and ``"chains"`` when a document
has any (and ``"fragments"`` on a discontinuous span); every field but ``text`` is
optional on input. Offsets are code points, end exclusive. The
writer is deterministic, so export, import into a new project and export again
gives byte-identical output.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from annotator.core.errors import InputError, OffsetError, no_progress
from annotator.core.io.base import ExportContext, Parts, ReadContext, part_files
from annotator.core.model import Annotations, Document, Status, TargetKind
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
from annotator.core.model.text import (
    DecodeError,
    check_fragments,
    check_span,
    check_unicode,
    decode,
)
from annotator.core.model.validation import check_document
from annotator.core.store.queries import RowBatch, fragments_of

if TYPE_CHECKING:
    from annotator.core.project import Project

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a dependency; the json module is the fallback
    _orjson = None  # type: ignore[assignment]

TOP_LEVEL_FIELDS = (
    "id",
    "text",
    "meta",
    "status",
    "spans",
    "events",
    "relations",
    "attributes",
    "normalizations",
    "notes",
    "chains",
    "annotator",
)

# export_project(violations=...): every document, those without schema violations, or
# only those with some.
VIOLATION_MODES = ("include", "skip", "only")

# Valid in JSON strings but line breaks to str.splitlines() and some JSONL
# readers: always written escaped, so one document is always one line.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


# -- reading -------------------------------------------------------------------
# The reader takes each line twice as fast as a json.loads loop: orjson parses the
# bytes (3-4x the json module) and the common shape of a record is built by
# _fast_record without the per-field helpers. Anything unusual (a line orjson
# refuses, a field of an unexpected type, fragments, attributes...) goes the
# reference way instead, json.loads and parse_object, so what is accepted and what
# every error says is the same either way.
_FIELDS = frozenset(TOP_LEVEL_FIELDS)
_STATUSES = {str(status): status for status in Status}
_BOM = "\ufeff".encode()


def read(
    data: bytes,
    source: str,
    warnings: list[str] | None = None,
    ctx: ReadContext | None = None,
) -> list[DocumentRecord]:
    """Parse a JSONL file's bytes; errors name ``source`` and the line.

    With ``ctx.skip_invalid`` a line that cannot be read is skipped and recorded in
    ``ctx.skipped`` instead of failing the whole file.
    """
    lenient = ctx is not None and ctx.skip_invalid
    whole = data
    offset = 0  # of the line in the file, for the message about bytes that are not UTF-8
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
        offset = len(_BOM)
    records = []
    unknown: dict[str, int] = {}
    loads_fast = _orjson.loads if _orjson is not None else None
    for number, raw in enumerate(data.split(b"\n"), 1):
        start = offset
        offset += len(raw) + 1
        if not raw.strip():
            continue
        where = f"{source} line {number}"
        record = None
        if loads_fast is not None:
            try:
                value = loads_fast(raw)
            except ValueError:  # orjson.JSONDecodeError: the json module decides
                pass
            else:
                record = _fast_record(value, where, unknown)
        if record is None:
            if lenient:
                assert ctx is not None
                record = ctx.attempt(where, _read_line, raw, source, number, start, where, unknown)
            else:
                try:
                    record = _read_line(raw, source, number, start, where, unknown)
                except InputError:
                    _check_utf8(whole, source)  # bytes that are not UTF-8 are named first
                    raise
            if record is None:
                continue
        records.append(record)
    if warnings is not None:
        for key, count in sorted(unknown.items()):
            warnings.append(f"{source}: ignored the unknown field {key!r} on {count} line(s)")
    return records


def _check_utf8(data: bytes, source: str) -> None:
    """The whole file's first bytes that are not UTF-8, as an InputError, if any."""
    try:
        decode(data)
    except DecodeError as exc:
        raise InputError(f"{source}: {exc}") from None


def _read_line(
    raw: bytes, source: str, number: int, start: int, where: str, unknown: dict[str, int]
) -> DocumentRecord | None:
    """One line the reference way (None: a blank line)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: not valid UTF-8: byte 0x{raw[exc.start]:02x} at byte {start + exc.start}"
        ) from None
    if not line.strip():
        return None
    return parse_object(loads(line, where), where, unknown)


def _fast_record(value: Any, where: str, unknown: dict[str, int]) -> DocumentRecord | None:
    """What :func:`parse_object` makes of ``value``, for the common shapes; None for
    anything else (it then takes the reference path, which also words the errors).

    orjson reads integers beyond 64 bits as floats, so a float in a place that holds
    ids, offsets or meta also goes the reference way.
    """
    if type(value) is not dict:
        return None
    text = value.get("text")
    if type(text) is not str:
        return None
    uid = value.get("id")
    if uid is not None:
        if type(uid) is int:
            uid = str(uid)
        elif type(uid) is not str:
            return None
    meta = value.get("meta")
    if meta is None:
        meta = {}
    elif type(meta) is not dict or (meta and not _without_floats(meta)):
        return None
    status_value = value.get("status", "todo")
    status = _STATUSES.get(status_value) if type(status_value) is str else None
    if status is None:
        return None
    if "attributes" in value or "normalizations" in value or "notes" in value:
        return None
    if "chains" in value or "annotator" in value:
        return None
    spans_raw = value.get("spans")
    events_raw = value.get("events")
    relations_raw = value.get("relations")
    if spans_raw is None:
        spans_raw = []
    if events_raw is None:
        events_raw = []
    if relations_raw is None:
        relations_raw = []
    if type(spans_raw) is not list or type(events_raw) is not list:
        return None
    if type(relations_raw) is not list:
        return None
    ids: _Ids | None = None

    def uid_of(item: dict[str, Any], prefix: str) -> str | None:
        """The id given (a number as text) or a generated one; None for a float."""
        nonlocal ids
        given = item.get("id")
        if type(given) is str:
            return given
        if type(given) is int:
            return str(given)
        if type(given) is float:
            return None
        ids = ids or _Ids(spans_raw, events_raw, relations_raw)
        return ids.take(item, prefix)

    size = len(text)
    spans: list[SpanRecord] = []
    append = spans.append
    for item in spans_raw:
        if type(item) is not dict:
            return None
        start = item.get("start")
        end = item.get("end")
        label = item.get("label")
        if (
            type(start) is not int
            or type(end) is not int
            or type(label) is not str
            or start < 0
            or end > size
            or start >= end
            or item.get("fragments") is not None
        ):
            return None
        given = item.get("text")
        if given is not None and given != text[start:end]:
            return None
        span_uid = uid_of(item, "T")
        if span_uid is None:
            return None
        append(SpanRecord(span_uid, start, end, label))
    events: list[EventRecord] = []
    for item in events_raw:
        if type(item) is not dict:
            return None
        event_type = item.get("type")
        trigger = item.get("trigger")
        if (event_type is not None and type(event_type) is not str) or type(trigger) is not str:
            return None
        arguments_raw = item.get("arguments")
        arguments = []
        if arguments_raw is not None:
            if type(arguments_raw) is not list:
                return None
            for argument in arguments_raw:
                if type(argument) is not dict:
                    return None
                role = argument.get("role")
                ref = argument.get("ref")
                if type(role) is not str or type(ref) is not str:
                    return None
                arguments.append(ArgumentRecord(role, ref))
        event_uid = uid_of(item, "E")
        if event_uid is None:
            return None
        events.append(EventRecord(event_uid, trigger, arguments, event_type))
    relations: list[RelationRecord] = []
    for item in relations_raw:
        if type(item) is not dict:
            return None
        kind = item.get("type")
        head = item.get("head")
        tail = item.get("tail")
        if type(kind) is not str or type(head) is not str or type(tail) is not str:
            return None
        relation_uid = uid_of(item, "R")
        if relation_uid is None:
            return None
        relations.append(RelationRecord(relation_uid, kind, head, tail))
    if len(value) > len(_FIELDS) or not _FIELDS.issuperset(value):
        for key in value:
            if key not in _FIELDS:
                unknown[key] = unknown.get(key, 0) + 1
    return DocumentRecord(text, uid, meta, status, spans, events, relations, source=where)


def _without_floats(value: Any) -> bool:
    """No float anywhere in a JSON value (orjson reads integers beyond 64 bits as floats)."""
    kind = type(value)
    if kind is dict:
        return all(_without_floats(item) for item in value.values())
    if kind is list:
        return all(_without_floats(item) for item in value)
    return kind is not float


def loads(line: str, where: str) -> Any:
    """One line's JSON value; anything the JSON parser refuses is an InputError naming ``where``."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: malformed JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise InputError(f"{where}: malformed JSON: nested too deeply") from None
    except ValueError:  # an integer longer than Python reads (sys.get_int_max_str_digits)
        raise InputError(f"{where}: malformed JSON: a number has too many digits") from None


def parse_object(value: Any, where: str, unknown: dict[str, int] | None = None) -> DocumentRecord:
    """One exchange-format object to a record (offsets are checked by check_record)."""
    if not isinstance(value, Mapping):
        raise InputError(f"{where}: expected a JSON object, not {json_type(value)}")
    if "text" not in value:
        raise InputError(f'{where}: missing "text"')
    text = value["text"]
    if not isinstance(text, str):
        raise InputError(f'{where}: "text" must be a string, not {json_type(text)}')
    if unknown is not None:
        for key in value:
            if key not in TOP_LEVEL_FIELDS:
                unknown[key] = unknown.get(key, 0) + 1

    uid = value.get("id")
    if uid is not None:
        if isinstance(uid, bool) or not isinstance(uid, str | int):
            raise InputError(f'{where}: "id" must be a string or an integer')
        uid = str(uid)
    meta = value.get("meta")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(f'{where}: "meta" must be an object, not {json_type(meta)}')
    status_value = value.get("status", "todo")
    try:
        status = Status(status_value)
    except (ValueError, TypeError):
        raise InputError(
            f"{where}: unknown status {status_value!r} (use todo, done or skipped)"
        ) from None

    spans_raw = json_array(value, "spans", where)
    events_raw = json_array(value, "events", where)
    relations_raw = json_array(value, "relations", where)
    ids = _Ids(spans_raw, events_raw, relations_raw)

    spans: list[SpanRecord] = []
    for index, item in enumerate(spans_raw, 1):
        item = json_object(item, f"{where}: span {index}")
        for required in ("start", "end"):
            if required not in item:
                raise InputError(f'{where}: span {index}: missing "{required}"')
        span = SpanRecord(
            uid=ids.take(item, "T"),
            start=item.get("start"),  # type: ignore[arg-type]
            end=item.get("end"),  # type: ignore[arg-type]
            label=_string(item, "label", f"{where}: span {index}"),
        )
        fragments = item.get("fragments")
        try:
            check_span(text, span.start, span.end)
            if fragments is not None:
                span.fragments = _fragments(fragments)
                check_fragments(text, span.start, span.end, span.fragments)
        except OffsetError as exc:
            raise InputError(f"{where}: span {span.uid}: {exc}") from None
        given = item.get("text")
        covered = fragment_text(text, span.fragments or [(span.start, span.end)])
        if given is not None and given != covered:
            raise InputError(
                f"{where}: span {span.uid}: its text {given!r} differs from "
                f"text[{span.start}:{span.end}] = {covered!r} "
                "(offsets must count code points, not UTF-16 units or bytes)"
            )
        spans.append(span)

    events: list[EventRecord] = []
    for index, item in enumerate(events_raw, 1):
        item = json_object(item, f"{where}: event {index}")
        label = f"{where}: event {index}"
        event_type = item.get("type")
        if event_type is not None and not isinstance(event_type, str):
            raise InputError(f'{label}: "type" must be a string')
        arguments = []
        for arg_index, arg in enumerate(json_array(item, "arguments", label), 1):
            arg = json_object(arg, f"{label} argument {arg_index}")
            arguments.append(
                ArgumentRecord(
                    role=_string(arg, "role", f"{label} argument {arg_index}"),
                    ref=_string(arg, "ref", f"{label} argument {arg_index}"),
                )
            )
        events.append(
            EventRecord(
                uid=ids.take(item, "E"),
                trigger=_string(item, "trigger", label),
                arguments=arguments,
                type=event_type,
            )
        )

    relations: list[RelationRecord] = []
    for index, item in enumerate(relations_raw, 1):
        label = f"{where}: relation {index}"
        item = json_object(item, label)
        relations.append(
            RelationRecord(
                uid=ids.take(item, "R"),
                type=_string(item, "type", label),
                head=_string(item, "head", label),
                tail=_string(item, "tail", label),
            )
        )
    record = DocumentRecord(
        text=text,
        uid=uid,
        meta=meta,
        status=status,
        spans=spans,
        events=events,
        relations=relations,
        source=where,
        annotator=_annotator(value, where),
    )
    if any(key in value for key in _ATTACHED_FIELDS):
        _parse_attached(value, where, record)
    return record


_ATTACHED_FIELDS = ("attributes", "normalizations", "notes", "chains")


def _annotator(value: Mapping[str, Any], where: str) -> str | None:
    """The record's "annotator": whose layer its annotations go into."""
    name = value.get("annotator")
    if name is None:
        return None
    if not isinstance(name, str) or not name.strip():
        raise InputError(f'{where}: "annotator" must be a name (a non-empty string)')
    try:
        check_unicode(name, f'{where}: "annotator"')
    except ValueError as exc:
        raise InputError(str(exc)) from None
    return name.strip()


def _fragments(value: Any) -> list[tuple[int, int]]:
    if not isinstance(value, list) or not all(
        isinstance(piece, list)
        and len(piece) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) for n in piece)
        for piece in value
    ):
        raise OffsetError('"fragments" must be an array of [start, end] pairs of integers')
    return [(piece[0], piece[1]) for piece in value]


def fragment_text(text: str, pieces: Sequence[tuple[int, int]]) -> str:
    """A span's text: a discontinuous span's pieces joined by one space (as brat does)."""
    return " ".join(text[start:end] for start, end in pieces)


def _parse_attached(value: Mapping[str, Any], where: str, record: DocumentRecord) -> None:
    def items(key: str) -> Iterable[tuple[str, Mapping[str, Any]]]:
        for index, item in enumerate(json_array(value, key, where), 1):
            label = f"{where}: {key[:-1]} {index}"
            yield label, json_object(item, label)

    def optional(item: Mapping[str, Any], key: str, label: str, default: str) -> str:
        return default if item.get(key) is None else _string(item, key, label)

    counters: dict[str, int] = {}

    def uid(item: Mapping[str, Any], prefix: str) -> str:
        given = item.get("id")
        if given is not None and not isinstance(given, bool) and isinstance(given, str | int):
            return str(given)
        counters[prefix] = counters.get(prefix, 0) + 1
        return f"{prefix}{counters[prefix]}"

    for label, item in items("attributes"):
        raw = item.get("value")
        if raw is not None and raw is not True and not isinstance(raw, str):
            raise InputError(f'{label}: "value" must be a string, or true for a yes/no attribute')
        record.attributes.append(
            AttributeRecord(
                uid=uid(item, "A"),
                name=_string(item, "name", label),
                target=_string(item, "target", label),
                value=None if raw is None or raw is True else raw,
            )
        )
    for label, item in items("normalizations"):
        record.normalizations.append(
            NormalizationRecord(
                uid=uid(item, "N"),
                target=_string(item, "target", label),
                resource=_string(item, "resource", label),
                ref=_string(item, "ref", label),
                text=optional(item, "text", label, ""),
            )
        )
    for label, item in items("notes"):
        record.notes.append(
            NoteRecord(
                uid=uid(item, "#"),
                target=_string(item, "target", label),
                text=_string(item, "text", label),
                type=optional(item, "type", label, "AnnotatorNotes"),
            )
        )
    for label, item in items("chains"):
        members = json_array(item, "members", label)
        if not all(isinstance(member, str) for member in members):
            raise InputError(f'{label}: "members" must be an array of span ids')
        record.chains.append(
            ChainRecord(
                uid=uid(item, "*"),
                type=optional(item, "type", label, "Coreference"),
                members=list(members),
            )
        )


class _Ids:
    """Given ids are kept; missing ones get the next free T/E/R number."""

    def __init__(self, *groups: Sequence[Any]) -> None:
        self.used = {
            str(item["id"])
            for group in groups
            for item in group
            if isinstance(item, Mapping)
            and isinstance(item.get("id"), str | int)
            and not isinstance(item.get("id"), bool)
        }
        self.counters: dict[str, int] = {}

    def take(self, item: Mapping[str, Any], prefix: str) -> str:
        uid = item.get("id")
        if uid is not None and not isinstance(uid, bool) and isinstance(uid, str | int):
            return str(uid)
        number = self.counters.get(prefix, 1)
        while f"{prefix}{number}" in self.used:
            number += 1
        self.counters[prefix] = number + 1
        self.used.add(f"{prefix}{number}")
        return f"{prefix}{number}"


def json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    return "a number"


def json_array(value: Mapping[str, Any], key: str, where: str) -> list[Any]:
    items = value.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        raise InputError(f'{where}: "{key}" must be an array, not {json_type(items)}')
    return items


def json_object(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(f"{where}: expected an object, not {json_type(value)}")
    return value


def _string(value: Mapping[str, Any], key: str, where: str) -> str:
    item = value.get(key)
    if item is None:
        raise InputError(f'{where}: missing "{key}"')
    if not isinstance(item, str):
        raise InputError(f'{where}: "{key}" must be a string, not {json_type(item)}')
    return item


# -- writing -------------------------------------------------------------------
def document_object(document: Document, annotations: Annotations) -> dict[str, Any]:
    """The exchange-format object of one document, keys in the documented order."""
    text = document.text
    span_uids = {span.id: span.uid for span in annotations.spans}
    event_uids = {event.id: event.uid for event in annotations.events}
    value = {
        "id": document.uid,
        "text": text,
        "meta": document.meta,
        "status": str(document.status),
        "spans": [
            _span_object(span.uid, span.start, span.end, span.label, text, span.fragments)
            for span in annotations.spans
        ],
        "events": [
            {
                "id": event.uid,
                "type": event.type,
                "trigger": span_uids[event.trigger_id],
                "arguments": [
                    {
                        "role": argument.role,
                        "ref": span_uids[argument.span_id]
                        if argument.span_id is not None
                        else event_uids[argument.event_ref_id],  # type: ignore[index]
                    }
                    for argument in event.arguments
                ],
            }
            for event in annotations.events
        ],
        "relations": [
            {
                "id": relation.uid,
                "type": relation.type,
                "head": span_uids[relation.head_id],
                "tail": span_uids[relation.tail_id],
            }
            for relation in annotations.relations
        ],
    }
    if (
        annotations.attributes
        or annotations.normalizations
        or annotations.notes
        or (annotations.chains)
    ):
        uids = {
            TargetKind.SPAN: span_uids,
            TargetKind.EVENT: event_uids,
            TargetKind.RELATION: {r.id: r.uid for r in annotations.relations},
        }
        _attached_objects(
            value,
            [
                (a.uid, a.name, a.value, uids[a.target.kind][a.target.id])
                for a in annotations.attributes
            ],
            [
                (n.uid, uids[n.target.kind][n.target.id], n.resource, n.ref, n.text)
                for n in annotations.normalizations
            ],
            [(n.uid, uids[n.target.kind][n.target.id], n.type, n.text) for n in annotations.notes],
            [(c.uid, c.type, [span_uids[m] for m in c.members]) for c in annotations.chains],
        )
    return value


def _span_object(
    uid: str,
    start: int,
    end: int,
    label: str,
    text: str,
    fragments: Sequence[tuple[int, int]] | None,
) -> dict[str, Any]:
    if not fragments:
        return {"id": uid, "start": start, "end": end, "label": label, "text": text[start:end]}
    return {
        "id": uid,
        "start": start,
        "end": end,
        "label": label,
        "text": fragment_text(text, fragments),
        "fragments": [[piece_start, piece_end] for piece_start, piece_end in fragments],
    }


def _attached_objects(
    value: dict[str, Any],
    attributes: Sequence[tuple[str, str, str | None, str]],
    normalizations: Sequence[tuple[str, str, str, str, str]],
    notes: Sequence[tuple[str, str, str, str]],
    chains: Sequence[tuple[str, str, list[str]]],
) -> None:
    """The optional top-level arrays, written only when a document has any."""
    if attributes:
        value["attributes"] = [
            {"id": uid, "target": target, "name": name, "value": True if raw is None else raw}
            for uid, name, raw, target in attributes
        ]
    if normalizations:
        value["normalizations"] = [
            {"id": uid, "target": target, "resource": resource, "ref": ref, "text": text}
            for uid, target, resource, ref, text in normalizations
        ]
    if notes:
        value["notes"] = [
            {"id": uid, "target": target, "type": note_type, "text": text}
            for uid, target, note_type, text in notes
        ]
    if chains:
        value["chains"] = [
            {"id": uid, "type": chain_type, "members": members}
            for uid, chain_type, members in chains
        ]


# Compact separators: the bytes orjson writes, so both encoders give the same lines.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_LINE_BREAK_BYTES = [(raw.encode(), escaped.encode()) for raw, escaped in _LINE_BREAKS.items()]


def dumps(value: Mapping[str, Any]) -> str:
    """One JSON line: UTF-8 text kept readable, line separators escaped."""
    return encode(value).decode("utf-8")


def encode(value: Mapping[str, Any]) -> bytes:
    """:func:`dumps` as UTF-8 bytes: orjson when installed (4-5x the json module's speed).

    Non-finite floats (only possible in ``meta`` read from a lenient JSON file) are
    written as ``null`` by both encoders, so every line is valid JSON.
    """
    return _escape_line_breaks(_encode_raw(value))


def _encode_raw(value: Mapping[str, Any]) -> bytes:
    if _orjson is not None:
        try:
            return _orjson.dumps(value)
        except _orjson.JSONEncodeError:  # integers beyond 64 bits: the json module copes
            pass
    return _ENCODER.encode(_finite(value)).encode("utf-8")


def _has_line_break(text: str) -> bool:
    # Nearly free on Latin-1 text: CPython knows the string holds no wider character.
    return "\u2028" in text or "\u2029" in text or "\x85" in text


def _escape_line_breaks(line: bytes) -> bytes:
    # Cheap when absent (three C-level searches), which is almost always.
    for raw, escaped in _LINE_BREAK_BYTES:
        if raw in line:
            line = line.replace(raw, escaped)
    return line


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities replaced by None, as orjson writes them."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def write(documents: Iterable[tuple[Document, Annotations]], out: TextIO) -> int:
    """Write documents as JSONL; returns how many were written."""
    count = 0
    lines: list[str] = []
    for document, found in documents:
        lines.append(dumps(document_object(document, found)))
        count += 1
        if len(lines) == 256:  # one write per batch: far fewer trips through the encoder
            lines.append("")
            out.write("\n".join(lines))
            lines = []
    if lines:
        lines.append("")
        out.write("\n".join(lines))
    return count


def write_batches(batches: Iterable[RowBatch], out: BinaryIO) -> int:
    """Write raw row batches (:func:`queries.row_batches`) as JSONL; returns the count.

    The same bytes as :func:`write` over the same documents, without building model
    objects first: what makes the export faster than a bare json loop.
    """
    count = 0
    empty: list[Any] = []
    for batch in batches:
        names = batch.labels
        # Line breaks can only come from strings: check the few short ones once per
        # batch and each text and meta on its own, instead of every encoded line.
        shorts = [*names.values(), *(row[1] for row in batch.arguments)]
        shorts += [row[2] for row in batch.spans]
        shorts += [row[2] for row in batch.events]
        shorts += [row[1] for row in batch.relations]
        shorts += [row[1] for row in batch.documents]
        suspect = _has_line_break("\n".join(shorts))
        spans: dict[int, list[dict[str, Any]]] = {}
        span_uids: dict[int, str] = {}
        texts = {row[0]: row[3] for row in batch.documents}
        for doc_id, span_id, uid, start, end, label_id, fragments in batch.spans:
            span_uids[span_id] = uid
            found = spans.get(doc_id)
            if found is None:
                found = spans[doc_id] = []
            if fragments is None:
                found.append(
                    {
                        "id": uid,
                        "start": start,
                        "end": end,
                        "label": names[label_id],
                        "text": texts[doc_id][start:end],
                    }
                )
            else:
                found.append(
                    _span_object(
                        uid, start, end, names[label_id], texts[doc_id], fragments_of(fragments)
                    )
                )
        event_uids = {row[1]: row[2] for row in batch.events}
        arguments: dict[int, list[dict[str, str]]] = {}
        for event_id, role, filler, event_ref, _argument_id in batch.arguments:
            ref = span_uids[filler] if filler is not None else event_uids[event_ref or 0]
            arguments.setdefault(event_id, []).append({"role": role, "ref": ref})
        events: dict[int, list[dict[str, Any]]] = {}
        for doc_id, event_id, uid, trigger_id, label_id in batch.events:
            events.setdefault(doc_id, []).append(
                {
                    "id": uid,
                    "type": names[label_id],
                    "trigger": span_uids[trigger_id],
                    "arguments": arguments.get(event_id, empty),
                }
            )
        relations: dict[int, list[dict[str, str]]] = {}
        relation_uids = {row[5]: row[1] for row in batch.relations}
        attached = _batch_attached(batch, span_uids, event_uids, relation_uids)
        if attached:
            suspect = True  # notes and names are free text: let the line check decide
        for doc_id, uid, label_id, head, tail, _relation_id in batch.relations:
            relations.setdefault(doc_id, []).append(
                {
                    "id": uid,
                    "type": names[label_id],
                    "head": span_uids[head],
                    "tail": span_uids[tail],
                }
            )
        lines = []
        for doc_id, uid, status, text, meta, _title in batch.documents:
            value = {
                "id": uid,
                "text": text,
                "meta": {} if meta == "{}" else json.loads(meta),
                "status": status,
                "spans": spans.get(doc_id, empty),
                "events": events.get(doc_id, empty),
                "relations": relations.get(doc_id, empty),
            }
            extra = attached.get(doc_id)
            if extra is not None:
                _attached_objects(value, *extra)
            if batch.annotator is not None:
                value["annotator"] = batch.annotator
            line = _encode_raw(value)
            if suspect or _has_line_break(text) or _has_line_break(meta):
                line = _escape_line_breaks(line)
            lines.append(line)
        if lines:
            lines.append(b"")
            out.write(b"\n".join(lines))
        count += len(batch.documents)
    return count


_Attached = tuple[
    list[tuple[str, str, str | None, str]],
    list[tuple[str, str, str, str, str]],
    list[tuple[str, str, str, str]],
    list[tuple[str, str, list[str]]],
]


def _batch_attached(
    batch: RowBatch,
    span_uids: Mapping[int, str],
    event_uids: Mapping[int, str],
    relation_uids: Mapping[int, str],
) -> dict[int, _Attached]:
    """Per document: its attributes, normalizations, notes and chains, by uid."""
    if not (batch.attributes or batch.normalizations or batch.notes or batch.chains):
        return {}
    found: dict[int, _Attached] = {}

    def of(doc_id: int) -> _Attached:
        got = found.get(doc_id)
        if got is None:
            got = found[doc_id] = ([], [], [], [])
        return got

    def target(span: int | None, event: int | None, relation: int | None) -> str:
        if span is not None:
            return span_uids[span]
        if event is not None:
            return event_uids[event]
        return relation_uids[relation or 0]

    for doc_id, _id, uid, name, raw, *ids in batch.attributes:
        of(doc_id)[0].append((uid, name, raw, target(*ids)))
    for doc_id, _id, uid, resource, ref, text, *ids in batch.normalizations:
        of(doc_id)[1].append((uid, target(*ids), resource, ref, text))
    for doc_id, _id, uid, note_type, text, *ids in batch.notes:
        of(doc_id)[2].append((uid, target(*ids), note_type, text))
    members: dict[int, list[str]] = {}
    for chain_id, span_id in batch.chain_members:
        members.setdefault(chain_id, []).append(span_uids[span_id])
    for doc_id, chain_id, uid, chain_type in batch.chains:
        of(doc_id)[3].append((uid, chain_type, members.get(chain_id, [])))
    return found


def export_project(
    project: Project,
    out: TextIO,
    statuses: Sequence[Status] | None = None,
    progress: Callable[[int, int], None] = no_progress,
    *,
    violations: str = "include",
) -> int:
    """Write a project's documents (optionally only some statuses) as JSONL.

    ``violations`` selects by the schema checks (annotator.core.validation):
    ``include`` writes every document, ``skip`` leaves out documents with any
    violation, ``only`` writes just those. Returns how many were written;
    progress counts the documents read.
    """
    if violations not in VIOLATION_MODES:
        raise ValueError(
            f"violations must be one of {', '.join(VIOLATION_MODES)}, not {violations!r}"
        )
    schema = None if violations == "include" else project.schema
    ids = project.document_ids(statuses)
    total = len(ids)
    seen = count = 0
    for document, found in project.annotated_documents(ids):
        if seen % 200 == 0:
            progress(seen, total)
        seen += 1
        if schema is not None:
            flawed = bool(check_document(schema, document.text, found, document.id))
            if flawed != (violations == "only"):
                continue
        out.write(dumps(document_object(document, found)))
        out.write("\n")
        count += 1
    progress(seen, total)
    return count


# -- the format registry's entry points (annotator.core.io.formats) -------------
def load(path: Path, ctx: ReadContext) -> list[DocumentRecord]:
    if path.is_dir():
        raise InputError(f"{path}: is a folder; JSONL import reads files")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    return read(data, str(path), ctx.warnings, ctx)


def export(parts: Parts, target: Path, ctx: ExportContext) -> None:
    # The registry hands this format row batches (Format.rows), not model objects.
    for _name, items, path in part_files(parts, target, ".jsonl"):
        with path.open("wb") as out:
            write_batches(items, out)  # type: ignore[arg-type]
