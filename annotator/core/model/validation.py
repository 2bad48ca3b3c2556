"""Schema checks: where a document's annotations depart from the project's schema.

This module only reports. Edits never consult it, so an annotator can always
make a change that leaves a document (temporarily) inconsistent, such as an
event whose required roles are not filled yet; the checks say what is left to do.

Violation kinds:

``missing-role``
    an event has fewer arguments in a role than the role's cardinality minimum;
``too-many``
    more than its maximum;
``unknown-role``
    an argument's role is not declared by the event type (checked only when the
    event type declares roles at all);
``wrong-filler``
    an argument's span label (or, for an event argument, that event's type) is
    not among the role's fillers (checked only when the fillers are restricted);
``relation-head`` / ``relation-tail``
    a relation's head or tail span label is not among the relation type's heads
    or tails (checked only when they are restricted);
``unknown-label``
    a span label or relation type the schema does not have (or has as another
    kind, such as an event whose trigger label is an entity label);
``no-event``
    a span labelled with an event type that triggers no event;
``duplicate-span``
    a span with the same offsets and label as an earlier span;
``fragments``
    a discontinuous span whose fragments are fewer than two, out of order,
    overlapping, outside the text, or do not run from its start to its end;
``unknown-attribute``
    an attribute the schema does not declare;
``attribute-value``
    an attribute value that is not one of its type's values (or a value on a
    yes/no attribute, or none on a multi-valued one);
``attribute-target``
    an attribute on an annotation whose label (or kind of label) it does not
    apply to (checked only when the label is in the schema);
``short-chain``
    a coreference chain with fewer than two spans.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from annotator.core.errors import OffsetError
from annotator.core.model import (
    Annotations,
    Attribute,
    AttributeType,
    Chain,
    Document,
    Event,
    LabelKind,
    Relation,
    Role,
    Schema,
    Span,
    Status,
    TargetKind,
)
from annotator.core.model.text import check_fragments


class DocumentSource(Protocol):
    """What the project-wide checks read (a :class:`~annotator.core.project.Project`)."""

    @property
    def schema(self) -> Schema: ...

    def iter_documents(self, statuses: Sequence[Status] | None = None) -> Iterable[Document]: ...

    def annotations(self, document_id: int) -> Annotations: ...


KINDS = (
    "missing-role",
    "too-many",
    "unknown-role",
    "wrong-filler",
    "relation-head",
    "relation-tail",
    "unknown-label",
    "no-event",
    "duplicate-span",
    "fragments",
    "unknown-attribute",
    "attribute-value",
    "attribute-target",
    "short-chain",
)

QUOTE_LIMIT = 40  # span text in messages is shortened to this many characters


@dataclass(frozen=True)
class Violation:
    """One departure from the schema in one document.

    ``span_id`` names the span to show: the offending span, the argument span of
    an argument violation, the trigger of an event violation, the head or tail
    of a relation violation. ``event_id`` and ``relation_id`` name the event or
    relation the violation is about, if any.
    """

    document_id: int
    kind: str
    message: str
    span_id: int | None = None
    event_id: int | None = None
    relation_id: int | None = None
    attribute_id: int | None = None
    chain_id: int | None = None


def check_document(
    schema: Schema, text: str, annotations: Annotations, document_id: int
) -> list[Violation]:
    """Every violation in one document, ordered by position in the text.

    A span's violations sit at the span, an event's at its trigger (so the
    problems of one event stay together), a relation's at the earlier of its
    head and tail, an attribute's where its annotation's are, a chain's at its
    first span; violations at the same place keep the order spans, events,
    relations, attributes, chains. Pure: reads nothing but its arguments.
    """
    return _Checker(schema, text, annotations, document_id).run()


def check_project(
    project: DocumentSource, statuses: Sequence[Status] | None = None
) -> dict[int, list[Violation]]:
    """Document id -> its violations, for the documents that have any (in id order).

    Documents are read in keyset-paged batches, one document's annotations at a
    time, so memory stays bounded by the violations found.
    """
    schema = project.schema
    found: dict[int, list[Violation]] = {}
    for document in project.iter_documents(statuses):
        violations = check_document(
            schema, document.text, project.annotations(document.id), document.id
        )
        if violations:
            found[document.id] = violations
    return found


def documents_with_violations(
    project: DocumentSource, statuses: Sequence[Status] | None = None
) -> set[int]:
    """Ids of the documents with at least one violation."""
    return set(check_project(project, statuses))


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Span text for a message: whitespace runs as one space, at most ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f'"{flat}"'


class _Checker:
    def __init__(
        self, schema: Schema, text: str, annotations: Annotations, document_id: int
    ) -> None:
        self.labels = {label.name: label for label in schema.labels}
        self.schema = schema
        self.text = text
        self.annotations = annotations
        self.document_id = document_id
        self.spans = {span.id: span for span in annotations.spans}
        self.events = {event.id: event for event in annotations.events}
        self.relations = {relation.id: relation for relation in annotations.relations}
        # (position, sequence, violation): sorted by position, stable otherwise.
        self.found: list[tuple[tuple[int, int], int, Violation]] = []

    def run(self) -> list[Violation]:
        self.check_spans()
        for event in self.annotations.events:
            self.check_event(event)
        for relation in self.annotations.relations:
            self.check_relation(relation)
        for attribute in self.annotations.attributes:
            self.check_attribute(attribute)
        for chain in self.annotations.chains:
            self.check_chain(chain)
        self.found.sort(key=lambda item: (item[0], item[1]))
        return [violation for _, _, violation in self.found]

    # -- helpers -----------------------------------------------------------------
    def add(
        self,
        at: tuple[int, int],
        kind: str,
        message: str,
        *,
        span_id: int | None = None,
        event_id: int | None = None,
        relation_id: int | None = None,
        attribute_id: int | None = None,
        chain_id: int | None = None,
    ) -> None:
        violation = Violation(
            self.document_id, kind, message, span_id, event_id, relation_id, attribute_id, chain_id
        )
        self.found.append((at, len(self.found), violation))

    def position(self, span_id: int | None) -> tuple[int, int]:
        span = self.spans.get(span_id) if span_id is not None else None
        if span is None:  # a dangling reference: report it after everything else
            return (len(self.text) + 1, 0)
        return (span.start, span.end)

    def span_text(self, span: Span) -> str:
        return quote(self.text[span.start : span.end])

    def event_name(self, event: Event) -> str:
        return f"{event.uid} {event.type}"

    # -- spans -------------------------------------------------------------------
    def check_spans(self) -> None:
        triggers = {event.trigger_id for event in self.annotations.events}
        first: dict[tuple[int, int, str, tuple[tuple[int, int], ...]], Span] = {}
        for span in self.annotations.spans:
            at = (span.start, span.end)
            where = f"{span.uid} {self.span_text(span)}"
            label = self.labels.get(span.label)
            if label is None:
                self.add(
                    at, "unknown-label", f"{where}: unknown label {span.label}", span_id=span.id
                )
            elif label.kind == LabelKind.RELATION:
                self.add(
                    at,
                    "unknown-label",
                    f"{where}: {span.label} is a relation type, not a span label",
                    span_id=span.id,
                )
            elif label.kind == LabelKind.EVENT and span.id not in triggers:
                self.add(
                    at,
                    "no-event",
                    f"{where}: {span.label} trigger without an event",
                    span_id=span.id,
                )
            if span.fragments:
                try:
                    check_fragments(self.text, span.start, span.end, span.fragments)
                except OffsetError as exc:
                    pieces = ", ".join(f"{s}..{e}" for s, e in span.fragments)
                    self.add(
                        at, "fragments", f"{where}: fragments {pieces}: {exc}", span_id=span.id
                    )
            key = (span.start, span.end, span.label, span.fragments)
            earlier = first.setdefault(key, span)
            if earlier is not span:
                self.add(
                    at,
                    "duplicate-span",
                    f"{where}: same offsets and label as {earlier.uid}",
                    span_id=span.id,
                )

    # -- events ------------------------------------------------------------------
    def check_event(self, event: Event) -> None:
        at = self.position(event.trigger_id)
        label = self.labels.get(event.type)
        if label is None:
            return  # the trigger span already reports the unknown label
        if label.kind != LabelKind.EVENT:
            self.add(
                at,
                "unknown-label",
                f"{self.event_name(event)}: {event.type} is not an event type",
                span_id=event.trigger_id,
                event_id=event.id,
            )
            return
        if not label.roles:
            return
        name = self.event_name(event)
        counts = Counter(argument.role for argument in event.arguments)
        for role in label.roles:
            have = counts[role.name]
            low, high = role.cardinality.minimum, role.cardinality.maximum
            if have < low:
                needs = f"{low}" if high == low else f"at least {low}"
                self.add(
                    at,
                    "missing-role",
                    f"{name}: missing {role.name} (needs {needs}, has {have})",
                    span_id=event.trigger_id,
                    event_id=event.id,
                )
            elif high is not None and have > high:
                self.add(
                    at,
                    "too-many",
                    f"{name}: too many {role.name} (at most {high}, has {have})",
                    span_id=event.trigger_id,
                    event_id=event.id,
                )
        for argument in event.arguments:
            declared = label.role(argument.role)
            filler, filler_type = self.filler(argument.span_id, argument.event_ref_id)
            if declared is None:
                self.add(
                    at,
                    "unknown-role",
                    f"{name}: unknown role {argument.role} for {filler}; "
                    f"roles: {_names(label.roles)}",
                    span_id=argument.span_id,
                    event_id=event.id,
                )
            elif declared.fillers and filler_type not in (None, *declared.fillers):
                self.add(
                    at,
                    "wrong-filler",
                    f"{name}: {declared.name} {filler} is {filler_type}; "
                    f"allowed: {', '.join(declared.fillers)}",
                    span_id=argument.span_id,
                    event_id=event.id,
                )

    def filler(self, span_id: int | None, event_ref_id: int | None) -> tuple[str, str | None]:
        """How a message names an argument's filler, and its label (None: unknown)."""
        if span_id is not None:
            span = self.spans.get(span_id)
            if span is None:
                return f"span {span_id}", None
            return self.span_text(span), span.label
        referred = self.events.get(event_ref_id) if event_ref_id is not None else None
        if referred is None:
            return f"event {event_ref_id}", None
        trigger = self.spans.get(referred.trigger_id)
        shown = referred.uid if trigger is None else f"{referred.uid} {self.span_text(trigger)}"
        return shown, referred.type

    # -- relations ---------------------------------------------------------------
    def check_relation(self, relation: Relation) -> None:
        uid, type_name, relation_id = relation.uid, relation.type, relation.id
        head_id, tail_id = relation.head_id, relation.tail_id
        at = min(self.position(head_id), self.position(tail_id))
        label = self.labels.get(type_name)
        if label is None or label.kind != LabelKind.RELATION:
            problem = (
                f"unknown relation type {type_name}"
                if label is None
                else f"{type_name} is not a relation type"
            )
            self.add(
                at,
                "unknown-label",
                f"{uid}: {problem}",
                span_id=head_id,
                relation_id=relation_id,
            )
            return
        ends = (("head", head_id, label.heads), ("tail", tail_id, label.tails))
        for end, span_id, allowed in ends:
            span = self.spans.get(span_id)
            if not allowed or span is None or span.label in allowed:
                continue
            self.add(
                at,
                f"relation-{end}",
                f"{uid} {type_name}: {end} {self.span_text(span)} is {span.label}; "
                f"allowed: {', '.join(allowed)}",
                span_id=span_id,
                relation_id=relation_id,
            )

    # -- attributes and chains -----------------------------------------------------
    def target(self, attribute: Attribute) -> tuple[tuple[int, int], str, str, int | None] | None:
        """Where an attribute's annotation is, how messages name it, its label, and the
        span to show; None when it is not in the document (an integrity problem)."""
        kind, target_id = attribute.target
        if kind == TargetKind.SPAN:
            span = self.spans.get(target_id)
            if span is None:
                return None
            return (span.start, span.end), f"{span.uid} {self.span_text(span)}", span.label, span.id
        if kind == TargetKind.EVENT:
            event = self.events.get(target_id)
            if event is None:
                return None
            return (
                self.position(event.trigger_id),
                self.event_name(event),
                event.type,
                event.trigger_id,
            )
        relation = self.relations.get(target_id)
        if relation is None:
            return None
        at = min(self.position(relation.head_id), self.position(relation.tail_id))
        return at, f"{relation.uid} {relation.type}", relation.type, relation.head_id

    def check_attribute(self, attribute: Attribute) -> None:
        found = self.target(attribute)
        if found is None:
            return
        at, where, label_name, span_id = found
        ids = {
            "span_id": span_id,
            "event_id": attribute.target.id if attribute.target.kind == TargetKind.EVENT else None,
            "relation_id": (
                attribute.target.id if attribute.target.kind == TargetKind.RELATION else None
            ),
            "attribute_id": attribute.id,
        }
        declared = self.schema.attribute(attribute.name)
        if declared is None:
            known = ", ".join(a.name for a in self.schema.attributes) or "none"
            self.add(
                at,
                "unknown-attribute",
                f"{where}: unknown attribute {attribute.name}; attributes: {known}",
                **ids,
            )
            return
        label = self.labels.get(label_name)
        if label is not None and not declared.applies_to(label_name, label.kind):
            self.add(
                at,
                "attribute-target",
                f"{where}: {declared.name} does not apply to {label_name}; "
                f"it applies to {_applies(declared)}",
                **ids,
            )
        if declared.binary and attribute.value is not None:
            self.add(
                at,
                "attribute-value",
                f"{where}: {declared.name} is a yes/no attribute, but has the value "
                f"{attribute.value}",
                **ids,
            )
        elif not declared.binary and attribute.value not in declared.values:
            has = "no value" if attribute.value is None else f"the value {attribute.value}"
            self.add(
                at,
                "attribute-value",
                f"{where}: {declared.name} has {has}; allowed: {', '.join(declared.values)}",
                **ids,
            )

    def check_chain(self, chain: Chain) -> None:
        members = [self.spans[m] for m in chain.members if m in self.spans]
        if len(members) >= 2:
            return
        first = members[0] if members else None
        at = (first.start, first.end) if first is not None else (len(self.text) + 1, 0)
        shown = f" ({first.uid} {self.span_text(first)})" if first is not None else ""
        count = len(members)
        self.add(
            at,
            "short-chain",
            f"{chain.uid} {chain.type}: a chain needs two spans or more, it has {count}{shown}",
            span_id=first.id if first is not None else None,
            chain_id=chain.id,
        )


def _applies(attribute: AttributeType) -> str:
    """'event and relation labels, PER, ORG': what an attribute type applies to."""
    parts = []
    if attribute.kinds:
        parts.append(" and ".join(str(kind) for kind in attribute.kinds) + " labels")
    parts.extend(attribute.labels)
    return ", ".join(parts)


def _names(roles: Sequence[Role]) -> str:
    return ", ".join(role.name for role in roles)
