"""Token tags for the token formats: spans to IOB1/IOB2/BILOU tags and back.

A *chunk* is ``(first token, end token, label)`` with the end exclusive. Writing:
:func:`tag_document` keeps one span per token (the outermost, see
:func:`outermost`), counts the rest as losses, tokenizes with the export's
tokenizer and tags each sentence. Reading: :func:`decode` turns a sentence's
tags back into chunks, leniently as seqeval's default mode and conlleval do
(``I-X`` after ``O`` starts an entity), and says which tags broke the scheme.

Schemes: ``iob1`` (``I-`` everywhere, ``B-`` only where an entity directly
follows one of the same label), ``iob2`` (``B-`` starts every entity, also
called BIO) and ``bilou`` (``B- I- L-`` and ``U-`` for one token; IOBES's ``E-``
and ``S-`` are read as ``L-`` and ``U-``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from annotator.core.errors import InputError
from annotator.core.io.base import ExportContext
from annotator.core.io.losses import where
from annotator.core.model import Annotations, Document, LabelKind, Schema

SCHEMES = ("iob1", "iob2", "bilou")
TITLES = {
    "iob1": "IOB1 (I- inside, B- only between adjacent entities of one label, O outside)",
    "iob2": "IOB2 (B- begins, I- inside, O outside)",
    "bilou": "BILOU (B- begins, I- inside, L- last, U- one-token entity, O outside)",
}
_PREFIXES = {"iob1": ("B", "I"), "iob2": ("B", "I"), "bilou": ("B", "I", "L", "U")}
_ALIASES = {"E": "L", "S": "U"}  # IOBES

Chunk = tuple[int, int, str]  # first token, end token (exclusive), label


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...


S = TypeVar("S", bound=_Span)


class TagError(ValueError):
    """A tag that is not a tag of the scheme, at token ``index`` of its sentence."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


def check_scheme(scheme: str) -> str:
    if scheme not in SCHEMES:
        raise InputError(f"unknown tag scheme {scheme!r} (use {', '.join(SCHEMES)})")
    return scheme


def tag_names(labels: Iterable[str], scheme: str) -> list[str]:
    """``O`` and then every tag of each label: ``B-X, I-X`` (``L-X, U-X`` for BILOU)."""
    return ["O"] + [f"{prefix}-{label}" for label in labels for prefix in _PREFIXES[scheme]]


def span_labels(schema: Schema, triggers: bool = True) -> list[str]:
    """Labels that spans carry, in schema order: entity labels, and event types if asked."""
    kinds = {LabelKind.ENTITY, LabelKind.EVENT} if triggers else {LabelKind.ENTITY}
    return [label.name for label in schema.labels if label.kind in kinds]


# -- spans to tags -------------------------------------------------------------
def outermost(spans: Iterable[S], order: Mapping[str, int]) -> tuple[list[S], list[S]]:
    """Split spans into (kept, dropped) so that kept spans never overlap.

    Longest first; ties go to the earliest start, then to the label that comes
    first in ``order`` (schema order). Kept spans come back sorted by start.
    """
    ranked = sorted(
        spans,
        key=lambda s: (s.start - s.end, s.start, order.get(s.label, len(order)), s.label),
    )
    starts: list[int] = []  # kept spans, disjoint, sorted by start
    ends: list[int] = []
    kept: list[S] = []
    dropped: list[S] = []
    for span in ranked:
        index = bisect.bisect_right(starts, span.start)
        if (index > 0 and ends[index - 1] > span.start) or (
            index < len(starts) and starts[index] < span.end
        ):
            dropped.append(span)
            continue
        starts.insert(index, span.start)
        ends.insert(index, span.end)
        kept.insert(index, span)
    return kept, dropped


def encode(length: int, chunks: Iterable[Chunk], scheme: str) -> list[str]:
    """Tags for ``length`` tokens holding disjoint chunks (sorted or not)."""
    tags = ["O"] * length
    previous: Chunk | None = None
    for first, end, label in sorted(chunks):
        if scheme == "bilou":
            if end - first == 1:
                tags[first] = f"U-{label}"
            else:
                tags[first] = f"B-{label}"
                tags[first + 1 : end - 1] = [f"I-{label}"] * (end - first - 2)
                tags[end - 1] = f"L-{label}"
        else:
            tags[first:end] = [f"I-{label}"] * (end - first)
            # IOB1 needs B- only to part two adjacent entities of one label
            touching = previous is not None and previous[1] == first and previous[2] == label
            if scheme == "iob2" or touching:
                tags[first] = f"B-{label}"
        previous = (first, end, label)
    return tags


@dataclass(slots=True)
class TaggedSentence:
    tokens: list[str]
    tags: list[str]
    spans: list[tuple[int, int]]  # each token's code-point range in the document


def tag_document(
    document: Document, annotations: Annotations, ctx: ExportContext, scheme: str
) -> list[TaggedSentence]:
    """A document's sentences of tokens and tags; what cannot be tagged is a loss.

    One tag per token: where spans overlap or nest, the outermost is kept and
    each other one counted as ``overlapping``; a span of nothing but
    whitespace is counted as ``empty``.
    """
    text = document.text
    order = {name: index for index, name in enumerate(span_labels(ctx.schema))}
    event_types = set() if ctx.options.triggers else {label.name for label in ctx.schema.events}
    candidates = []
    for span in annotations.spans:
        if span.label in event_types:
            # NER data: a trigger is not an entity (--triggers tags them for event detection)
            ctx.losses.add("triggers", where(document.uid, text, span.start, span.end))
        elif text[span.start : span.end].strip():
            candidates.append(span)
        else:
            ctx.losses.add("empty", where(document.uid, text, span.start, span.end))
    kept, dropped = outermost(candidates, order)
    for span in sorted(dropped, key=lambda s: (s.start, s.end)):
        ctx.losses.add("overlapping", where(document.uid, text, span.start, span.end))

    sentences = ctx.tokenizer.segment(text, [(span.start, span.end) for span in kept])
    tokens = [token for sentence in sentences for token in sentence.tokens]
    token_starts = [start for start, _ in tokens]
    chunks: list[Chunk] = []
    for span in kept:
        # the tokenizer split tokens at span edges, so the span is whole tokens
        first = bisect.bisect_left(token_starts, span.start)
        end = bisect.bisect_left(token_starts, span.end)
        if first < end:
            chunks.append((first, end, span.label))
        else:
            ctx.losses.add("empty", where(document.uid, text, span.start, span.end))

    out = []
    offset = 0
    chunk_index = 0
    for sentence in sentences:
        size = len(sentence.tokens)
        mine = []
        while chunk_index < len(chunks) and chunks[chunk_index][0] < offset + size:
            first, end, label = chunks[chunk_index]
            mine.append((first - offset, end - offset, label))
            chunk_index += 1
        out.append(
            TaggedSentence(
                tokens=[text[start:end] for start, end in sentence.tokens],
                tags=encode(size, mine, scheme),
                spans=list(sentence.tokens),
            )
        )
        offset += size
    return out


# -- tags to spans ---------------------------------------------------------------
def split_tag(tag: str) -> tuple[str, str]:
    """``("O", "")`` or ``(prefix, label)`` with IOBES's E/S read as L/U.

    Raises ValueError for anything else (the caller names the file and line).
    """
    if tag == "O":
        return "O", ""
    prefix, dash, label = tag.partition("-")
    prefix = _ALIASES.get(prefix, prefix)
    if not dash or not label or prefix not in ("B", "I", "L", "U"):
        raise ValueError(f"{tag!r} is not a tag (use O, or B-, I-, L-, U-, E-, S- and a label)")
    return prefix, label


def detect_scheme(sentences: Iterable[Sequence[str]]) -> str:
    """The scheme a file's tags are in: BILOU if any ``L- U- E- S-``; IOB1 if some
    entity starts with ``I-`` and ``B-`` only ever follows its own label; else IOB2."""
    i_starts = b_starts = 0
    for tags in sentences:
        previous = "O"
        for tag in tags:
            prefix, label = split_tag(tag)
            if prefix in ("L", "U"):
                return "bilou"
            continuing = previous != "O" and split_tag(previous)[1] == label
            if prefix == "I" and not continuing:
                i_starts += 1
            elif prefix == "B" and not continuing:
                b_starts += 1
            previous = tag
    return "iob1" if i_starts and not b_starts else "iob2"


def decode(tags: Sequence[str], scheme: str) -> tuple[list[Chunk], list[tuple[int, str]]]:
    """Chunks of one sentence's tags, and (token index, reason) for each tag that
    breaks the scheme. Broken sequences are read leniently, as seqeval's default
    mode does: ``I-X`` after ``O`` or another label starts an entity; in BILOU an
    ``L-`` without its ``B-`` is a one-token entity and an unclosed ``B- I-``
    ends where the next tag does not continue it.

    Raises TagError for a tag that is not a tag of the scheme.
    """
    bilou = scheme == "bilou"
    chunks: list[Chunk] = []
    problems: list[tuple[int, str]] = []
    start = -1  # first token of the open chunk; -1 when none
    label = ""
    closed = True  # BILOU: the open chunk has had its L- or U-

    def finish(end: int) -> None:
        nonlocal start
        if start >= 0:
            if bilou and not closed:
                last = tags[end - 1]
                problems.append((end - 1, f"{last} ends an entity (not L-{label} or U-{label})"))
            chunks.append((start, end, label))
        start = -1

    for index, tag in enumerate(tags):
        try:
            prefix, kind = split_tag(tag)
        except ValueError as exc:
            raise TagError(str(exc), index) from None
        if prefix == "O":
            finish(index)
            continue
        if prefix not in _PREFIXES[scheme]:
            raise TagError(f"{tag!r} is not an {scheme.upper()} tag", index)
        same = start >= 0 and kind == label and not (bilou and closed)
        if prefix in ("I", "L") and same:
            closed = prefix == "L"
            continue
        after = "at a sentence start" if index == 0 else f"after {tags[index - 1]}"
        if prefix in ("I", "L") and scheme != "iob1":
            problems.append((index, f"{tag} {after}"))
        elif prefix == "B" and scheme == "iob1" and not same:
            problems.append((index, f"{tag} {after} (IOB1 has B- only after I-{kind})"))
        finish(index)
        start, label = index, kind
        closed = prefix in ("L", "U")
    finish(len(tags))
    return chunks, problems
