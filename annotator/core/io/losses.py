"""What a format could not carry: counted by reason, with a few examples each.

Exporters and importers record every annotation they leave out here, so the
closing summary can say exactly what was dropped and where ("3 overlapping
spans not written, e.g. doc-7 'New York' [12:20]"). Nothing is dropped silently.
"""

from __future__ import annotations

from collections import Counter

from annotator.core.errors import capped, one_line
from annotator.core.model import Annotations, Attribute, Target, TargetKind

# Reasons, with the phrase the summary uses. Formats may add their own.
REASONS: dict[str, str] = {
    "overlapping": "overlapping or nested span(s) left out (the format allows one label per token)",
    "misaligned": "span(s) whose edges fall inside a token",
    "discontinuous": "discontinuous span(s) (the project stores contiguous spans)",
    "events": "event(s) (the format has no events)",
    "relations": "relation(s) (the format has no relations)",
    "event-arguments": "event argument(s) the format cannot hold",
    "cross-sentence": "relation(s) or argument(s) that cross a sentence boundary",
    "unsupported": "annotation(s) of a kind the format or the project cannot hold",
    "empty": "span(s) with no text",
    "triggers": "event trigger span(s) not tagged (entities only; --triggers tags them)",
    # the kinds a format may lack (annotator.core.io.formats counts them)
    "fragments": (
        "discontinuous span(s) written as their extent, first piece to last "
        "(the text between the pieces is inside the span)"
    ),
    "attributes": "attribute(s) (the format has no attributes)",
    "normalizations": "normalization(s) (the format has no links to knowledge bases)",
    "notes": "note(s) (the format has no notes)",
    "chains": "coreference chain(s) (the format has no coreference)",
}

EXAMPLES = 3


class Losses:
    """Counts of left-out annotations by reason, with the first few examples."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}

    def add(self, reason: str, where: str = "", count: int = 1) -> None:
        self.counts[reason] += count
        if where:
            examples = self.examples.setdefault(reason, [])
            if len(examples) < EXAMPLES:
                examples.append(where)

    def merge(self, other: Losses) -> None:
        for reason, count in other.counts.items():
            self.counts[reason] += count
            examples = self.examples.setdefault(reason, [])
            for where in other.examples.get(reason, []):
                if len(examples) < EXAMPLES:
                    examples.append(where)

    def __bool__(self) -> bool:
        return bool(+self.counts)

    def total(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        """One line per reason, largest first: "12 overlapping span(s) … e.g. …"."""
        out = []
        for reason, count in sorted(self.counts.items(), key=lambda item: (-item[1], item[0])):
            if count <= 0:
                continue
            line = f"{count} {REASONS.get(reason, reason)}"
            examples = self.examples.get(reason)
            if examples:
                more = ", …" if count > len(examples) else ""
                line += f"; e.g. {', '.join(examples)}{more}"
            out.append(capped(one_line(line)))  # an example may quote a huge id
        return out


def where(document_uid: str, text: str, start: int, end: int) -> str:
    """How a span is named in a summary: ``doc-7 'New York' [12:20]``."""
    fragment = text[start:end]
    if len(fragment) > 40:
        fragment = fragment[:37] + "…"
    return f"{document_uid} {fragment!r} [{start}:{end}]"


class Targets:
    """Names what an attribute, normalization or note is attached to, for examples.

    An event is named by its trigger and a relation by its head; the maps are
    built once per document, so naming many lost attachments stays cheap.
    """

    def __init__(self, document_uid: str, text: str, annotations: Annotations) -> None:
        self.uid = document_uid
        self.text = text
        self.spans = {span.id: span for span in annotations.spans}
        self.events = {event.id: (event.uid, event.trigger_id) for event in annotations.events}
        self.relations = {r.id: (r.uid, r.head_id) for r in annotations.relations}

    def span(self, span_id: int, prefix: str = "") -> str:
        span = self.spans.get(span_id)
        uid = f"{self.uid} {prefix}" if prefix else self.uid
        if span is None:
            return uid
        return where(uid, self.text, span.start, span.end)

    def where(self, target: Target, detail: str = "") -> str:
        """``doc-7 'Paris' [3:8]``; an event or relation with its id: ``doc-7 R2 'Paris' [3:8]``."""
        if target.kind == TargetKind.EVENT:
            uid, span_id = self.events.get(target.id, ("", -1))
            named = self.span(span_id, uid)
        elif target.kind == TargetKind.RELATION:
            uid, span_id = self.relations.get(target.id, ("", -1))
            named = self.span(span_id, uid)
        else:
            named = self.span(target.id)
        return f"{named} {detail}" if detail else named


def attribute_text(attribute: Attribute) -> str:
    """``Negated`` for a binary attribute, ``Mention=NAM`` otherwise."""
    if attribute.value is None:
        return attribute.name
    return f"{attribute.name}={attribute.value}"
