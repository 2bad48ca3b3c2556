"""What a format could not carry: counted by reason, with a few examples each.

Exporters and importers record every annotation they leave out here, so the
closing summary can say exactly what was dropped and where ("3 overlapping
spans not written, e.g. doc-7 'New York' [12:20]"). Nothing is dropped silently.
"""

from __future__ import annotations

from collections import Counter

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
            out.append(line)
        return out


def where(document_uid: str, text: str, start: int, end: int) -> str:
    """How a span is named in a summary: ``doc-7 'New York' [12:20]``."""
    fragment = text[start:end]
    if len(fragment) > 40:
        fragment = fragment[:37] + "…"
    return f"{document_uid} {fragment!r} [{start}:{end}]"
