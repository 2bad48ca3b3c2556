"""The exchange model: documents with their annotations, as files describe them.

Importers produce :class:`DocumentRecord` objects, exporters consume them; spans,
events and relations refer to each other by ``uid`` ("T1", "E1") rather than by
database id. :func:`check_record` enforces the offset contract and the references
before anything reaches the project.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import InputError, OffsetError
from annotator.core.model import Status
from annotator.core.model.text import check_span, check_unicode


@dataclass(slots=True)
class SpanRecord:
    uid: str
    start: int
    end: int
    label: str


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
class DocumentRecord:
    text: str
    uid: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    status: Status = Status.TODO
    spans: list[SpanRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    source: str = ""  # where it came from, for messages: "x.jsonl line 3"


def check_record(record: DocumentRecord) -> None:
    """Refuse a record whose offsets, references or strings are invalid.

    Messages start with the record's source so the user can find the line.
    """

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


def _check_name(value: str, what: str, fail: Any) -> None:
    if not value or not value.strip():
        raise fail(f"{what} is empty")
    try:
        check_unicode(value, what)
    except ValueError as exc:
        raise fail(str(exc)) from None
