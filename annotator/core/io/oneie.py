"""OneIE export (docs/formats/oneie.md): one JSON object per sentence, per line.

The layout is the one OneIE's ACE preprocessing writes and its ``IEDataset``
reads: ``doc_id``, ``sent_id``, ``tokens``, ``sentence``, ``entity_mentions``,
``relation_mentions`` and ``event_mentions``, with token offsets that count from
the sentence's first token, end exclusive. ``pieces`` and ``token_lens`` depend on
the word-piece vocabulary of the model to be trained, so they are left to the
user (the docs show how to add them).

Tokens and sentences come from the shared tokenizer (``ctx.tokenizer``), which
splits tokens at span edges and never ends a sentence inside a span, so every
span falls on token edges. What OneIE cannot hold is counted in ``ctx.losses``:
events as arguments, arguments and relations reaching into another sentence,
event-type spans that trigger no event, and attributes other than an entity
mention's ACE mention type (``mention_type``) and subtype (``entity_subtype``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.io.base import ExportContext, Parts, part_files
from annotator.core.io.jsonl import dumps
from annotator.core.io.losses import Targets, attribute_text, where
from annotator.core.io.tokens import Sentence
from annotator.core.model import Annotations, Attribute, Document, LabelKind, Span, TargetKind

# OneIE's mention-type vocabulary is NAM/NOM/PRO/UNK; UNK when a span has no
# mention-type attribute.
MENTION_TYPE = "UNK"
NO_EVENT = "span(s) with an event type that trigger no event"
ATTRIBUTES = (
    "attribute(s) OneIE has no field for (it holds an entity mention's "
    "mention type and subtype only)"
)
MENTION_VALUE = "mention-type attribute(s) whose value is not NAM, NOM or PRO (written as UNK)"
# Attribute names (compared in lower case without spaces, - or _) that fill an
# entity mention's fields: ACE calls the mention type an entity_mention's TYPE.
MENTION_NAMES = frozenset({"mentiontype", "mention", "type"})
SUBTYPE_NAMES = frozenset({"subtype", "entitysubtype"})
# Mention-type values, and the names schemas spell them with.
MENTION_VALUES = {
    "nam": "NAM",
    "name": "NAM",
    "named": "NAM",
    "proper": "NAM",
    "nom": "NOM",
    "nominal": "NOM",
    "pro": "PRO",
    "pronoun": "PRO",
    "pronominal": "PRO",
    "unk": "UNK",
    "unknown": "UNK",
}


@dataclass
class _Stats:
    sentences: int = 0
    overlapping_entities: int = 0
    overlapping_triggers: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Place:
    """Where a span sits: its sentence and its token range within that sentence."""

    sentence: int
    start: int
    end: int


def export(parts: Parts, target: Path, ctx: ExportContext) -> None:
    stats = _Stats()
    for _name, items, path in part_files(parts, target, ".json"):
        with path.open("w", encoding="utf-8", newline="\n") as out:
            for document, annotations in items:
                for line in sentences(document, annotations, ctx, stats):
                    out.write(dumps(line))
                    out.write("\n")
    ctx.notes.append(
        f"{stats.sentences} sentence(s), one per line; no pieces/token_lens "
        "(add them with your model's word-piece tokenizer, see docs/formats/oneie.md)"
    )
    if stats.overlapping_entities:
        ctx.notes.append(
            f"{stats.overlapping_entities} entity mention(s) overlap an earlier one in their "
            "sentence: written, but OneIE's loader keeps the first and maps the others onto it"
            + (f"; e.g. {', '.join(stats.examples)}" if stats.examples else "")
        )
    if stats.overlapping_triggers:
        ctx.notes.append(
            f"{stats.overlapping_triggers} event trigger(s) share or overlap tokens with another: "
            "written, but OneIE's loader tags one event type per token"
        )


def sentences(
    document: Document, annotations: Annotations, ctx: ExportContext, stats: _Stats | None = None
) -> Iterator[dict[str, Any]]:
    """The OneIE objects of one document, one per sentence, in text order."""
    stats = stats if stats is not None else _Stats()
    text = document.text
    doc_id = document.uid
    spans = {span.id: span for span in annotations.spans}
    found = ctx.tokenizer.segment(text, [(s.start, s.end) for s in annotations.spans])
    places = _places(found, annotations.spans)
    event_types = {label.name for label in ctx.schema.labels if label.kind == LabelKind.EVENT}
    triggers = {event.trigger_id for event in annotations.events}
    event_uids = {event.id: event.uid for event in annotations.events}

    def named(span: Span) -> str:
        return where(doc_id, text, span.start, span.end)

    def mention_id(span: Span) -> str:
        return f"{doc_id}-{span.uid}"

    fields, carried = _mention_fields(annotations.attributes)
    written: set[int] = set()  # spans written as entity mentions

    # Entity mentions: spans that are not triggers, plus every span an argument or a
    # relation written below refers to (whatever its label).
    needed: set[int] = set()
    events_by_sentence: dict[int, list[dict[str, Any]]] = {}
    trigger_places: dict[int, list[tuple[int, int]]] = {}
    for event in sorted(annotations.events, key=lambda e: _position(spans[e.trigger_id])):
        trigger = spans[event.trigger_id]
        place = places.get(trigger.id)
        if place is None:
            ctx.losses.add("empty", named(trigger))
            continue
        arguments: list[dict[str, str]] = []
        for argument in event.arguments:
            if argument.span_id is None:
                # OneIE arguments are entity mentions; an event cannot fill a role
                referred = event_uids.get(argument.event_ref_id or -1, "?")
                ctx.losses.add("event-arguments", f"{named(trigger)} {argument.role}: {referred}")
                continue
            filler = spans[argument.span_id]
            filler_place = places.get(filler.id)
            if filler_place is None:
                ctx.losses.add("empty", named(filler))
            elif filler_place.sentence != place.sentence:
                ctx.losses.add("cross-sentence", named(filler))
            else:
                needed.add(filler.id)
                arguments.append(
                    {
                        "entity_id": mention_id(filler),
                        "text": _text(text, filler),
                        "role": argument.role,
                    }
                )
        trigger_places.setdefault(place.sentence, []).append((place.start, place.end))
        events_by_sentence.setdefault(place.sentence, []).append(
            {
                "id": f"{doc_id}-{event.uid}",
                "event_type": event.type,
                "trigger": {
                    "text": _text(text, trigger),
                    "start": place.start,
                    "end": place.end,
                },
                "arguments": arguments,
            }
        )

    relations_by_sentence: dict[int, list[dict[str, Any]]] = {}
    for relation in sorted(annotations.relations, key=lambda r: _position(spans[r.head_id])):
        head, tail = spans[relation.head_id], spans[relation.tail_id]
        head_place, tail_place = places.get(head.id), places.get(tail.id)
        if head_place is None or tail_place is None:
            ctx.losses.add("empty", named(head if head_place is None else tail))
            continue
        if head_place.sentence != tail_place.sentence:
            ctx.losses.add("cross-sentence", named(head))
            continue
        needed.update((head.id, tail.id))
        coarse = relation.type.split(":", 1)[0] or relation.type  # ACE: PHYS:Located → PHYS
        relations_by_sentence.setdefault(head_place.sentence, []).append(
            {
                "id": f"{doc_id}-{relation.uid}",
                "relation_type": coarse,
                "relation_subtype": relation.type,
                "arguments": [
                    {"entity_id": mention_id(head), "text": _text(text, head), "role": "Arg-1"},
                    {"entity_id": mention_id(tail), "text": _text(text, tail), "role": "Arg-2"},
                ],
            }
        )

    entities_by_sentence: dict[int, list[dict[str, Any]]] = {}
    for span in sorted(annotations.spans, key=_position):
        is_entity = span.label not in event_types and span.id not in triggers
        if not (is_entity or span.id in needed):
            if span.id not in triggers:
                ctx.losses.add(NO_EVENT, named(span))
            continue
        place = places.get(span.id)
        if place is None:
            ctx.losses.add("empty", named(span))
            continue
        written.add(span.id)
        own = fields.get(span.id, {})
        entities_by_sentence.setdefault(place.sentence, []).append(
            {
                "id": mention_id(span),
                "text": _text(text, span),
                "entity_type": span.label,
                "mention_type": own.get("mention_type", MENTION_TYPE),
                "entity_subtype": own.get("entity_subtype"),
                "start": place.start,
                "end": place.end,
            }
        )
    if annotations.attributes:
        targets = Targets(doc_id, text, annotations)
        _count_attributes(annotations, carried, written, targets, ctx)

    for index, sentence in enumerate(found):
        entities = entities_by_sentence.get(index, [])
        _count_overlaps(entities, stats, doc_id)
        stats.overlapping_triggers += _overlapping(trigger_places.get(index, []))
        stats.sentences += 1
        yield {
            "doc_id": doc_id,
            "sent_id": f"{doc_id}-{index}",
            "tokens": [text[start:end] for start, end in sentence.tokens],
            "sentence": text[sentence.start : sentence.end],
            "entity_mentions": entities,
            "relation_mentions": relations_by_sentence.get(index, []),
            "event_mentions": events_by_sentence.get(index, []),
        }


def _mention_fields(
    attributes: tuple[Attribute, ...],
) -> tuple[dict[int, dict[str, str]], dict[int, str]]:
    """Entity-mention fields by span id, from attributes named like ACE's, and
    which attributes fill them (attribute id -> the loss reason if it cannot)."""
    fields: dict[int, dict[str, str]] = {}
    carried: dict[int, str] = {}
    for attribute in attributes:
        if attribute.target.kind != TargetKind.SPAN or attribute.value is None:
            continue
        name = re.sub(r"[\s_-]", "", attribute.name).lower()
        if name in MENTION_NAMES:
            own = fields.setdefault(attribute.target.id, {})
            if "mention_type" in own:
                continue  # two attributes map to it: the first wins, the other is a loss
            value = MENTION_VALUES.get(attribute.value.strip().lower())
            own["mention_type"] = value or MENTION_TYPE
            carried[attribute.id] = "" if value else MENTION_VALUE
        elif name in SUBTYPE_NAMES:
            own = fields.setdefault(attribute.target.id, {})
            if "entity_subtype" not in own:
                own["entity_subtype"] = attribute.value
                carried[attribute.id] = ""
    return fields, carried


def _count_attributes(
    annotations: Annotations,
    carried: dict[int, str],
    written: set[int],
    targets: Targets,
    ctx: ExportContext,
) -> None:
    """Count every attribute not written as an entity mention's field."""
    for attribute in annotations.attributes:
        reason = carried.get(attribute.id, ATTRIBUTES)
        if attribute.target.kind == TargetKind.SPAN and attribute.target.id not in written:
            reason = ATTRIBUTES  # its span is a trigger, or was not written
        if reason:
            ctx.losses.add(reason, targets.where(attribute.target, attribute_text(attribute)))


def _places(found: list[Sentence], spans: tuple[Span, ...]) -> dict[int, _Place]:
    """Each span's sentence and token range; spans with no token (blank text) have none."""
    starts = [sentence.start for sentence in found]
    token_starts = [[token[0] for token in sentence.tokens] for sentence in found]
    token_ends = [[token[1] for token in sentence.tokens] for sentence in found]
    out: dict[int, _Place] = {}
    for span in spans:
        index = bisect.bisect_right(starts, span.start) - 1
        if index < 0 or found[index].end <= span.start:
            index += 1  # the span starts in the blank before a sentence
        if index >= len(found):
            continue
        # tokens are split at span edges, so only blank space at a span's ends is left out
        first = bisect.bisect_left(token_starts[index], span.start)
        last = bisect.bisect_right(token_ends[index], span.end)
        if first < last:
            out[span.id] = _Place(index, first, last)
    return out


def _count_overlaps(entities: list[dict[str, Any]], stats: _Stats, doc_id: str) -> None:
    """Mentions OneIE's ``remove_overlap_entities`` maps onto an earlier one."""
    taken: set[int] = set()
    for entity in entities:
        tokens = range(entity["start"], entity["end"])
        if not taken.isdisjoint(tokens):
            stats.overlapping_entities += 1
            if len(stats.examples) < 3:
                stats.examples.append(f"{doc_id} {entity['text']!r}")
        taken.update(tokens)


def _overlapping(ranges: list[tuple[int, int]]) -> int:
    taken: set[int] = set()
    count = 0
    for start, end in sorted(ranges):
        tokens = range(start, end)
        if not taken.isdisjoint(tokens):
            count += 1
        taken.update(tokens)
    return count


def _position(span: Span) -> tuple[int, int, str]:
    return (span.start, -span.end, span.uid)


def _text(text: str, span: Span) -> str:
    return text[span.start : span.end]
