"""The exchange model: documents with their annotations, as files describe them.

Importers produce :class:`DocumentRecord` objects, exporters consume them; spans,
events and relations refer to each other by ``uid`` ("T1", "E1") rather than by
database id. :func:`check_record` enforces the offset contract and the references
before anything reaches the project.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import InputError, OffsetError
from annotator.core.model import Status
from annotator.core.model.text import (
    NAME_LIMIT,
    check_fragments,
    check_name_length,
    check_span,
    check_unicode,
)

_SURROGATE = re.compile("[\ud800-\udfff]")  # as check_unicode refuses them


@dataclass(slots=True)
class SpanRecord:
    uid: str
    start: int
    end: int
    label: str
    # A discontinuous span's pieces (start/end are then its extent); None: contiguous.
    fragments: list[tuple[int, int]] | None = None


@dataclass(slots=True)
class ArgumentRecord:
    role: str
    ref: str  # uid of a span or of an event in the same document


@dataclass(slots=True)
class EventRecord:
    uid: str
    trigger: str  # uid of the trigger span; its label is the event type
    arguments: list[ArgumentRecord] = field(default_factory=list)
    type: str | None = None  # when given, must equal the trigger's label


@dataclass(slots=True)
class RelationRecord:
    uid: str
    type: str
    head: str
    tail: str


@dataclass(slots=True)
class AttributeRecord:
    uid: str
    name: str
    target: str  # uid of a span, event or relation
    value: str | None = None  # None: a binary attribute, set


@dataclass(slots=True)
class NormalizationRecord:
    uid: str
    target: str
    resource: str
    ref: str
    text: str = ""


@dataclass(slots=True)
class NoteRecord:
    uid: str
    target: str
    text: str
    type: str = "AnnotatorNotes"


@dataclass(slots=True)
class ChainRecord:
    uid: str
    type: str
    members: list[str] = field(default_factory=list)  # span uids


@dataclass(slots=True)
class DocumentRecord:
    text: str
    uid: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    status: Status = Status.TODO
    spans: list[SpanRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    attributes: list[AttributeRecord] = field(default_factory=list)
    normalizations: list[NormalizationRecord] = field(default_factory=list)
    notes: list[NoteRecord] = field(default_factory=list)
    chains: list[ChainRecord] = field(default_factory=list)
    source: str = ""  # where it came from, for messages: "x.jsonl line 3"
    annotator: str | None = None  # whose layer it goes into (None: the importer's)


def check_record(record: DocumentRecord) -> None:
    """Refuse a record whose offsets, references or strings are invalid.

    Messages start with the record's source so the user can find the line.
    """
    if not _valid(record):
        _check_record(record)


def _valid(record: DocumentRecord) -> bool:
    """True only if :func:`_check_record` would pass: the common shape, checked in a
    few tight loops (imports check every record). False means "let the full check
    decide" (and word the error), not "invalid"."""
    text = record.text
    if not text or type(text) is not str:
        return False
    try:
        text.encode("utf-8")  # refuses lone surrogates, 3-4x faster than searching for them
    except UnicodeEncodeError:
        return False
    uid = record.uid
    if uid is not None and (type(uid) is not str or not uid or uid.isspace()):
        return False
    if record.meta:
        try:
            meta = json.dumps(record.meta, ensure_ascii=False, allow_nan=False)
        except (ValueError, TypeError):
            return False
        if _SURROGATE.search(meta) is not None:
            return False
    if record.attributes or record.normalizations or record.notes or record.chains:
        return False
    size = len(text)
    names: list[str] = [] if uid is None else [uid]
    add = names.append
    labels: dict[str, str] = {}
    for span in record.spans:
        start = span.start
        end = span.end
        label = span.label
        if (
            type(start) is not int
            or type(end) is not int
            or start < 0
            or end > size
            or start >= end
            or span.fragments is not None
            or type(label) is not str
            or not label
            or label.isspace()
            or len(label) > NAME_LIMIT
        ):
            return False
        labels[span.uid] = label
        add(span.uid)
        add(label)
    count = len(record.spans)
    events = {event.uid for event in record.events}
    for event in record.events:
        trigger_label = labels.get(event.trigger)
        if trigger_label is None or (event.type is not None and event.type != trigger_label):
            return False
        add(event.uid)
        for argument in event.arguments:
            role = argument.role
            ref = argument.ref
            if (
                type(role) is not str
                or not role
                or role.isspace()
                or len(role) > NAME_LIMIT
                or ref == event.uid
                or (ref not in labels and ref not in events)
            ):
                return False
            add(role)
    for relation in record.relations:
        kind = relation.type
        if (
            type(kind) is not str
            or not kind
            or kind.isspace()
            or len(kind) > NAME_LIMIT
            or relation.head not in labels
            or relation.tail not in labels
            or relation.head == relation.tail
        ):
            return False
        add(relation.uid)
        add(kind)
    count += len(record.events) + len(record.relations)
    if len(labels) + len(events) + len({r.uid for r in record.relations}) != count:
        return False  # an id used twice
    uids = [*labels, *events, *(r.uid for r in record.relations)]
    if len(set(uids)) != count or not all(uids):
        return False
    try:
        return _SURROGATE.search("".join(names)) is None
    except TypeError:  # a name that is not a string
        return False


def _check_record(record: DocumentRecord) -> None:
    def fail(message: str) -> InputError:
        prefix = f"{record.source}: " if record.source else ""
        return InputError(prefix + message)

    try:
        check_unicode(record.text, "text")
        if record.uid is not None:
            check_unicode(record.uid, "id")
    except ValueError as exc:
        raise fail(str(exc)) from None
    if record.uid is not None and not record.uid.strip():
        raise fail("the document id is empty (leave it out to have one made)")
    if record.text == "":
        raise fail("the text is empty")
    try:
        # meta is stored as JSON text: it must be valid JSON and valid UTF-8
        check_unicode(json.dumps(record.meta, ensure_ascii=False, allow_nan=False), "meta")
    except ValueError as exc:
        if "surrogate" in str(exc):
            raise fail(str(exc)) from None
        raise fail("meta holds NaN or Infinity, which JSON does not allow") from None

    spans: dict[str, SpanRecord] = {}
    uids: set[str] = set()

    def claim(uid: str, what: str) -> None:
        if not uid:
            raise fail(f"a {what} has an empty id")
        try:
            check_unicode(uid, f"{what} id")
        except ValueError as exc:
            raise fail(str(exc)) from None
        if uid in uids:
            raise fail(f"id {uid!r} is used twice in this document")
        uids.add(uid)

    for span in record.spans:
        claim(span.uid, "span")
        try:
            check_span(record.text, span.start, span.end)
            if span.fragments is not None:
                check_fragments(record.text, span.start, span.end, span.fragments)
        except OffsetError as exc:
            raise fail(f"span {span.uid}: {exc}") from None
        _check_name(span.label, f"span {span.uid} label", fail)
        spans[span.uid] = span
    event_uids = set()
    for event in record.events:
        claim(event.uid, "event")
        event_uids.add(event.uid)
    for event in record.events:
        trigger = spans.get(event.trigger)
        if trigger is None:
            raise fail(f"event {event.uid}: trigger {event.trigger!r} is not a span id")
        if event.type is not None and event.type != trigger.label:
            raise fail(
                f"event {event.uid}: type {event.type!r} differs from its trigger "
                f"{trigger.uid}'s label {trigger.label!r}"
            )
        for argument in event.arguments:
            _check_name(argument.role, f"event {event.uid} role", fail)
            if argument.ref == event.uid:
                raise fail(f"event {event.uid}: an event cannot be its own argument")
            if argument.ref not in spans and argument.ref not in event_uids:
                raise fail(
                    f"event {event.uid}: argument {argument.role!r} refers to "
                    f"{argument.ref!r}, which is not a span or event id"
                )
    for relation in record.relations:
        claim(relation.uid, "relation")
        _check_name(relation.type, f"relation {relation.uid} type", fail)
        for end, ref in (("head", relation.head), ("tail", relation.tail)):
            if ref not in spans:
                raise fail(f"relation {relation.uid}: {end} {ref!r} is not a span id")
        if relation.head == relation.tail:
            raise fail(f"relation {relation.uid}: head and tail are the same span")
    if record.attributes or record.normalizations or record.notes or record.chains:
        _check_attached(record, spans, uids, fail)


def _check_attached(
    record: DocumentRecord, spans: dict[str, SpanRecord], targets: set[str], fail: Any
) -> None:
    """Attributes, normalizations, notes and chains: their ids and what they name."""
    for kind, items in (
        ("attribute", record.attributes),
        ("normalization", record.normalizations),
        ("note", record.notes),
        ("chain", record.chains),
    ):
        seen: set[str] = set()
        for item in items:
            if not item.uid:
                raise fail(f"a {kind} has an empty id")
            if item.uid in seen:
                raise fail(f"{kind} id {item.uid!r} is used twice in this document")
            seen.add(item.uid)
    named: set[tuple[str, str]] = set()
    for attribute in record.attributes:
        what = f"attribute {attribute.uid}"
        _check_name(attribute.name, f"{what} name", fail)
        if attribute.target not in targets:
            raise fail(f"{what}: {attribute.target!r} is not a span, event or relation id")
        if attribute.value is not None:
            _check_name(attribute.value, f"{what} value", fail, name=False)
        if (attribute.target, attribute.name) in named:
            raise fail(f"{what}: {attribute.target} has the attribute {attribute.name!r} twice")
        named.add((attribute.target, attribute.name))
    for normalization in record.normalizations:
        what = f"normalization {normalization.uid}"
        if normalization.target not in targets:
            raise fail(f"{what}: {normalization.target!r} is not a span, event or relation id")
        _check_name(normalization.resource, f"{what} resource", fail)
        _check_name(normalization.ref, f"{what} id", fail, name=False)
        _check_text(normalization.text, f"{what} text", fail)
    for note in record.notes:
        what = f"note {note.uid}"
        if note.target not in targets:
            raise fail(f"{what}: {note.target!r} is not a span, event or relation id")
        _check_name(note.type, f"{what} type", fail)
        _check_text(note.text, f"{what} text", fail)
    for chain in record.chains:
        what = f"chain {chain.uid}"
        _check_name(chain.type, f"{what} type", fail)
        if len(chain.members) < 2:
            raise fail(f"{what}: a chain needs two spans or more")
        if len(set(chain.members)) != len(chain.members):
            raise fail(f"{what}: a span is in it twice")
        for member in chain.members:
            if member not in spans:
                raise fail(f"{what}: {member!r} is not a span id")


def _check_text(value: str, what: str, fail: Any) -> None:
    try:
        check_unicode(value, what)
    except ValueError as exc:
        raise fail(str(exc)) from None


def _check_name(value: str, what: str, fail: Any, *, name: bool = True) -> None:
    """A non-empty string; a name (not a value or a reference) also at most NAME_LIMIT."""
    if not value or not value.strip():
        raise fail(f"{what} is empty")
    _check_text(value, what, fail)
    if name:
        try:
            check_name_length(value, what)
        except ValueError as exc:
            raise fail(str(exc)) from None
