"""Propagation: a text annotated once is proposed where it occurs again.

:class:`DocumentPropagation` (source ``propagation``) takes the texts annotated in
the document itself; :class:`CorpusPropagation` (source ``corpus``) those annotated
anywhere in the project. Either way an occurrence is proposed when:

* it is the same text, case and all, starting and ending on token boundaries
  (:func:`~annotator.core.model.text.is_token_boundary`: "Paris" is not proposed
  inside "Parisian");
* it is not already a span, and does not cross one (start inside a span and end
  outside it); it may lie inside one (nested annotation) unless a span starts at the
  same place and reaches at least as far;
* it does not overlap a longer proposal: where texts overlap, the leftmost, then the
  longest, wins ("New York City" over "New York" and "York").

Each label the text was given is proposed, scored by how consistently the text was
labelled so: the times it was annotated with that label over the times it was
annotated at all (``Washington`` as PER 3 times and GPE once: PER 0.75, GPE 0.25).
Texts of one character, or without a letter or digit, or with whitespace at either
end are not propagated.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from annotator.core.assist.suggestions import Suggestion
from annotator.core.model import Annotations, Document
from annotator.core.model.text import is_token_boundary

if TYPE_CHECKING:
    from annotator.core.project import Project

__all__ = ["CorpusPropagation", "DocumentPropagation", "propagatable"]

_KEY = 2  # candidates are looked up by their first two characters
_HAS_WORD = re.compile(r"[^\W_]")


def _boundary(text: str, index: int) -> bool:
    """:func:`is_token_boundary`, answered at once between two ASCII characters."""
    if 0 < index < len(text):
        before, after = text[index - 1], text[index]
        if before.isascii() and after.isascii():
            return (
                before.isspace()
                or after.isspace()
                or not ((before.isalnum() or before == "_") and (after.isalnum() or after == "_"))
            )
    return is_token_boundary(text, index)


def propagatable(text: str) -> bool:
    """Whether a span's text is worth proposing elsewhere: two characters or more,
    a letter or digit among them, no whitespace at either end."""
    return (
        len(text) >= _KEY
        and not text[0].isspace()
        and not text[-1].isspace()
        and _HAS_WORD.search(text) is not None
    )


class _Matcher:
    """Every token-boundary occurrence of a set of texts, found in one pass.

    A regex finds the places where a token could start with one of the texts' first
    characters; a dictionary keyed by the next two characters gives the texts to try
    there, longest first. Built once, never changed (so it can be shared by threads).
    """

    def __init__(self, texts: Iterable[str]) -> None:
        grouped: dict[str, dict[int, set[str]]] = {}
        for text in set(texts):
            grouped.setdefault(text[:_KEY], {}).setdefault(len(text), set()).add(text)
        # per key, the lengths longest first, each with its texts: one slice and one set
        # look-up per length, however many texts share the first characters
        by_key: dict[str, list[tuple[int, set[str]]]] = {
            key: sorted(lengths.items(), reverse=True) for key, lengths in grouped.items()
        }
        self._by_key = by_key
        firsts = sorted({key[0] for key in by_key})
        self._starts: re.Pattern[str] | None = None
        if firsts:
            chars = "".join(re.escape(ch) for ch in firsts)
            # a token may start where a word starts (\b) or at any other non-word
            # character; is_token_boundary has the last word on both ends
            self._starts = re.compile(rf"(?:\b|(?!\w))(?=[{chars}])")

    def __bool__(self) -> bool:
        return bool(self._by_key)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, matched text) of every occurrence, by start then longest first."""
        if self._starts is None:
            return []
        by_key = self._by_key
        found: list[tuple[int, int, str]] = []
        add = found.append
        for match in self._starts.finditer(text):
            start = match.start()
            group = by_key.get(text[start : start + _KEY])
            if group is None or not _boundary(text, start):
                continue
            for length, candidates in group:
                end = start + length
                piece = text[start:end]
                if piece in candidates and _boundary(text, end):
                    add((start, end, piece))
        return found


def _propose(
    text: str,
    matcher: _Matcher,
    labels: Mapping[str, Counter[str]],
    annotations: Annotations,
    source: str,
) -> list[Suggestion]:
    """Suggestions for every occurrence the matcher finds that the rules keep."""
    occurrences = matcher.find(text)
    if not occurrences:
        return []
    spans = sorted((s.start, s.end) for s in annotations.spans if not s.fragments)
    reach: dict[int, int] = {}  # start -> the farthest end of a span starting there
    for start, end in spans:
        if end > reach.get(start, -1):
            reach[start] = end
    starts = [s for s, _ in spans]
    by_end = sorted((e, s) for s, e in spans)
    ends = [e for e, _ in by_end]
    scores: dict[str, list[tuple[str, float]]] = {}
    out: list[Suggestion] = []
    taken = -1  # the end of the last proposal
    for start, end, piece in occurrences:
        if start < taken or reach.get(start, -1) >= end:
            continue
        if spans and _crosses(start, end, spans, starts, by_end, ends):
            continue
        scored = scores.get(piece)
        if scored is None:
            counts = labels[piece]
            total = sum(counts.values())
            scored = scores[piece] = [(label, n / total) for label, n in counts.most_common()]
        for label, score in scored:
            out.append(Suggestion(start, end, label, score, source))
        taken = end
    return out


def _crosses(
    start: int,
    end: int,
    spans: list[tuple[int, int]],
    starts: list[int],
    by_end: list[tuple[int, int]],
    ends: list[int],
) -> bool:
    """Whether a span starts inside [start, end) and ends after it, or ends inside it
    and starts before it."""
    index = bisect.bisect_right(starts, start)
    while index < len(spans) and spans[index][0] < end:
        if spans[index][1] > end:
            return True
        index += 1
    index = bisect.bisect_right(ends, start)
    while index < len(by_end) and by_end[index][0] < end:
        if by_end[index][1] < start:
            return True
        index += 1
    return False


class DocumentPropagation:
    """What is annotated in a document, proposed at its other occurrences there."""

    name = "propagation"

    def suggest(self, document: Document, annotations: Annotations) -> list[Suggestion]:
        text = document.text
        labels: dict[str, Counter[str]] = {}
        for span in annotations.spans:
            if span.fragments:
                continue
            piece = text[span.start : span.end]
            counts = labels.get(piece)
            if counts is None:
                if not propagatable(piece):
                    continue
                counts = labels[piece] = Counter()
            counts[span.label] += 1
        if not labels:
            return []
        return _propose(text, _Matcher(labels), labels, annotations, self.name)


class CorpusPropagation:
    """What is annotated anywhere in the project, proposed wherever it occurs.

    Built from (text, label, count) triples, usually :meth:`from_project`; keep it
    current with :meth:`add` as spans are made. The matcher is compiled on the first
    :meth:`suggest` after a change, so many additions cost one compilation.
    """

    name = "corpus"

    def __init__(self, entries: Iterable[tuple[str, str, int]] = ()) -> None:
        self._labels: dict[str, Counter[str]] = {}
        self._lock = threading.Lock()
        self._matcher: _Matcher | None = None
        self._snapshot: dict[str, Counter[str]] = {}
        for text, label, count in entries:
            self._count(text, label, count)

    @classmethod
    def from_project(cls, project: Project) -> CorpusPropagation:
        """Every contiguous span text of the project, with its labels and counts."""
        from annotator.core.store import queries

        return cls(queries.annotated_texts(project.db))

    def _count(self, text: str, label: str, count: int) -> bool:
        if count <= 0 or not propagatable(text):
            return False
        # a new Counter rather than a changed one: a snapshot handed to suggest() in
        # another thread never changes under it
        counts = Counter(self._labels.get(text, ()))
        counts[label] += count
        self._labels[text] = counts
        return True

    def add(self, text: str, label: str, count: int = 1) -> None:
        """Count ``text`` as annotated ``label`` (``count`` more times)."""
        with self._lock:
            if self._count(text, label, count):
                self._matcher = None

    def __len__(self) -> int:
        """The number of distinct texts known."""
        return len(self._labels)

    def labels(self, text: str) -> dict[str, int]:
        """How many times ``text`` was annotated with each label."""
        with self._lock:
            return dict(self._labels.get(text, {}))

    def _current(self) -> tuple[_Matcher, dict[str, Counter[str]]]:
        with self._lock:
            if self._matcher is None:
                # a copy: add() may run in another thread while suggest() reads it
                self._snapshot = dict(self._labels)
                self._matcher = _Matcher(self._snapshot)
            return self._matcher, self._snapshot

    def suggest(self, document: Document, annotations: Annotations) -> list[Suggestion]:
        matcher, labels = self._current()
        if not matcher:
            return []
        return _propose(document.text, matcher, labels, annotations, self.name)
