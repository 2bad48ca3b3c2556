"""Which spans to offer, in which order, when the user picks an argument or a relation tail.

Keyboard flow (events issue): Tab cycles through these candidates. Spans whose label
the schema allows come first, then the rest; within each group the nearest to the
anchor (the trigger, or the relation's head) come first.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import Annotations, Event, Label, LabelKind, Schema, Span


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span to point at; ``event`` is set when the span triggers an event to point at."""

    span: Span
    allowed: bool
    event: Event | None = None


def _distance(anchor: Span, span: Span) -> int:
    if span.end <= anchor.start:
        return anchor.start - span.end
    if span.start >= anchor.end:
        return span.start - anchor.end
    return 0  # overlapping or nested


def _order(anchor: Span, candidates: list[Candidate]) -> list[Candidate]:
    return sorted(
        candidates,
        key=lambda c: (not c.allowed, _distance(anchor, c.span), c.span.start, c.span.id),
    )


def argument_candidates(
    schema: Schema, annotations: Annotations, event: Event, role: str
) -> list[Candidate]:
    """Spans (and events, through their triggers) that could fill ``role`` of ``event``."""
    trigger = annotations.span(event.trigger_id)
    if trigger is None:
        return []
    event_type = schema.get(event.type)
    declared = event_type.role(role) if event_type is not None else None
    fillers = set(declared.fillers) if declared is not None else set()
    events_by_trigger: dict[int, Event] = {}
    for other in annotations.events:
        if other.id != event.id:
            events_by_trigger.setdefault(other.trigger_id, other)
    candidates = []
    for span in annotations.spans:
        if span.id == trigger.id:
            continue
        label = schema.get(span.label)
        target_event = None
        if label is not None and label.kind == LabelKind.EVENT:
            target_event = events_by_trigger.get(span.id)
        allowed = not fillers or span.label in fillers
        candidates.append(Candidate(span, allowed, target_event))
    return _order(trigger, candidates)


def relation_candidates(
    schema: Schema, annotations: Annotations, head: Span, relation_type: Label
) -> list[Candidate]:
    """Spans that could be the tail of a ``relation_type`` relation from ``head``."""
    tails = set(relation_type.tails)
    candidates = [
        Candidate(span, not tails or span.label in tails)
        for span in annotations.spans
        if span.id != head.id
    ]
    return _order(head, candidates)
