"""Inter-annotator agreement: how far annotators' layers of the same documents agree.

Figures, each by its name (:data:`FIGURES`):

``span_f1_exact``
    Entity spans match when label, start, end (and fragments, for a discontinuous
    span) are equal: F1 = 2 * matches / (|A| + |B|), a span matching at most one
    (identical spans pair off one to one).
``span_f1_overlap``
    A span matches when a span of the other layer with the same label overlaps it
    (``a.start < b.end and b.start < a.end``, over the spans' extents): precision =
    matched spans of B / |B|, recall = matched spans of A / |A|, F1 their harmonic
    mean (0 when one side is empty and the other is not).
``cohen_kappa``
    Token level: every token of the document's text (the ``rules`` tokenizer, so the
    figures do not depend on whether spaCy is installed) gets, per annotator, the
    label of the longest entity span overlapping it (longest by extent; ties: the
    first by start, then end, then label), else "O". Kappa = (po - pe) / (1 - pe)
    over all tokens of the documents both annotators have a layer in; when pe == 1
    (both gave every token the same single label) it is 1.0.
``krippendorff_alpha``
    Nominal alpha over the same token labels (the ``krippendorff`` package, an
    optional dependency: ``pip install 'annotator[agreement]'``); units are tokens,
    coders are annotators, and a coder with no layer in a document is missing
    there. With a single value used throughout it is 1.0 (as kappa); without any
    token two coders labelled it is None.
``trigger_f1``
    Events match when their trigger start, end and event type are equal (exact F1).
``argument_f1``
    Arguments as (event type, trigger start, trigger end, role, filler start,
    filler end); an event filling a role stands for its trigger's offsets. Exact F1.
``relation_f1``
    Relations as (type, head start, head end, tail start, tail end). Exact F1.

Span F1 counts entity spans only (event triggers are measured by ``trigger_f1``). A
figure with nothing to compare on either side is None, never 1.0 or 0.0 (kappa and
alpha follow their own rules above).

Per label every figure is computed again for that label alone: span figures per
entity label, kappa and alpha as a binary "this label vs anything else" per entity
label, trigger and argument F1 per event type, relation F1 per relation type. A
figure that does not apply to a label's kind is None. Overall figures pool the
counts of all labels (micro), they are not a mean of the labels' figures.

Pairs and "all annotators": every pair of annotators is measured over the documents
both have a layer in. For all annotators together the F1 figures and kappa are the
plain mean of the pairs' figures (unweighted: every pair counts the same whatever
its number of documents; kappa so is Light's kappa), pairs where the figure is None
left out; alpha is the multi-coder alpha over every document.

:func:`compare` measures one document (the building block); :func:`measure` a whole
project; :func:`format_table` prints a report for ``annotator agree``.
"""

from __future__ import annotations

import bisect
import importlib
import itertools
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Protocol

from annotator.core.errors import MissingDependency
from annotator.core.io.tokens import get_tokenizer
from annotator.core.model import Annotations, Document, LabelKind, Schema, Span

FIGURES = (
    "span_f1_exact",
    "span_f1_overlap",
    "cohen_kappa",
    "krippendorff_alpha",
    "trigger_f1",
    "argument_f1",
    "relation_f1",
)
"""Every figure, by its name, in report order."""

COUNTS = ("tokens", "spans", "events", "arguments", "relations")
"""What :class:`Figures` counts besides its figures."""

GOLD = "gold"  # the adjudicated layer; not an annotator unless named explicitly

OUTSIDE = ""  # a token no entity span covers ("O"); label names are never empty

_SIZE_KINDS = ("span", "event", "argument", "relation")  # COUNTS[1:], singular


# -- results ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Figures:
    """Every figure by its name (None: undefined), with what it was computed over.

    ``tokens`` counts the tokens compared (per label: those any annotator gave that
    label); ``spans`` (entity spans), ``events``, ``arguments`` and ``relations``
    count the annotations compared, over every layer compared.
    """

    span_f1_exact: float | None = None
    span_f1_overlap: float | None = None
    cohen_kappa: float | None = None
    krippendorff_alpha: float | None = None
    trigger_f1: float | None = None
    argument_f1: float | None = None
    relation_f1: float | None = None
    tokens: int = 0
    spans: int = 0
    events: int = 0
    arguments: int = 0
    relations: int = 0

    def as_dict(self) -> dict[str, float | None]:
        """The figures by name, in :data:`FIGURES` order."""
        return {name: getattr(self, name) for name in FIGURES}

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTS}

    def to_json(self) -> dict[str, Any]:
        return {**self.as_dict(), "counts": self.counts()}


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """Two annotators over the documents both have a layer in."""

    annotators: tuple[str, str]
    documents: int
    overall: Figures
    labels: dict[str, Figures]

    def to_json(self) -> dict[str, Any]:
        return {
            "annotators": list(self.annotators),
            "documents": self.documents,
            "overall": self.overall.to_json(),
            "labels": {name: figures.to_json() for name, figures in self.labels.items()},
        }


@dataclass(frozen=True, slots=True)
class DocumentAgreement:
    """One document: ``score`` (for sorting) and its figures over all its annotators.

    ``figures`` pools the counts of every pair of the document's annotators for the
    F1 figures (so ``score`` equals its ``span_f1_exact`` when there are entity
    spans, else its ``trigger_f1``); kappa is the mean of the pairs' (Light's) and
    alpha the multi-coder alpha.
    """

    document_id: int
    uid: str
    title: str
    annotators: tuple[str, ...]
    score: float | None
    figures: Figures

    def to_json(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "uid": self.uid,
            "title": self.title,
            "annotators": list(self.annotators),
            "score": self.score,
            "figures": self.figures.to_json(),
        }


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Agreement of a project's annotators: per pair, for all, per label and document.

    ``overall`` and ``labels`` are for all annotators together (see the module
    docstring); ``per_document`` lists the documents with the lowest score first
    (None last). ``problems`` says why figures are missing (alpha without the
    ``krippendorff`` package, fewer than two annotators on any document).
    """

    annotators: tuple[str, ...]
    documents: int
    pairs: tuple[PairAgreement, ...]
    overall: Figures
    labels: dict[str, Figures]
    per_document: tuple[DocumentAgreement, ...]
    problems: tuple[str, ...] = ()

    def pair(self, first: str, second: str) -> PairAgreement | None:
        """The pair of these two annotators, in either order."""
        wanted = {first, second}
        return next((pair for pair in self.pairs if set(pair.annotators) == wanted), None)

    def to_json(self) -> dict[str, Any]:
        """Every figure by its name, per pair and label; keys in a stable order."""
        return {
            "figures": list(FIGURES),
            "annotators": list(self.annotators),
            "documents": self.documents,
            "overall": self.overall.to_json(),
            "labels": {name: figures.to_json() for name, figures in self.labels.items()},
            "pairs": [pair.to_json() for pair in self.pairs],
            "per_document": [document.to_json() for document in self.per_document],
            "problems": list(self.problems),
        }


# -- counting --------------------------------------------------------------------
@dataclass(slots=True)
class Counts:
    """What two layers share, summable over documents.

    ``matched`` is keyed by (measure, label) with measure one of ``exact``,
    ``overlap_a`` (spans of A that overlap one of B), ``overlap_b``, ``trigger``,
    ``argument``, ``relation``; ``size_a``/``size_b`` by (kind, label) with kind one
    of span, event, argument, relation; ``confusion`` by (token label of A, of B),
    "" standing for "O".
    """

    matched: Counter[tuple[str, str]] = field(default_factory=Counter)
    size_a: Counter[tuple[str, str]] = field(default_factory=Counter)
    size_b: Counter[tuple[str, str]] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, other: Counts) -> None:
        self.matched.update(other.matched)
        self.size_a.update(other.size_a)
        self.size_b.update(other.size_b)
        self.confusion.update(other.confusion)

    def labels(self) -> set[str]:
        return {label for _, label in itertools.chain(self.size_a, self.size_b)}


class _Overlaps:
    """One label's spans of a layer, for "does any of them overlap [start, end)?"."""

    __slots__ = ("ends", "starts")

    def __init__(self, extents: list[tuple[int, int]]) -> None:
        extents.sort()
        self.starts = [start for start, _ in extents]
        self.ends: list[int] = list(itertools.accumulate((end for _, end in extents), max))

    def hit(self, start: int, end: int) -> bool:
        # the spans starting before `end` overlap it when the furthest one ends after `start`
        index = bisect.bisect_left(self.starts, end)
        return index > 0 and self.ends[index - 1] > start


class _Layer:
    """One annotator's layer of a document, keyed for matching (built once per layer)."""

    __slots__ = ("arguments", "entities", "events", "overlaps", "relations", "sizes", "tokens")

    def __init__(
        self,
        annotations: Annotations,
        entity_labels: Collection[str],
        token_starts: list[int],
        token_ends: list[int],
    ) -> None:
        spans = {span.id: span for span in annotations.spans}
        entities = [span for span in annotations.spans if span.label in entity_labels]
        self.entities: Counter[tuple[Any, ...]] = Counter(
            (span.label, span.start, span.end, tuple(span.fragments)) for span in entities
        )
        by_label: dict[str, list[tuple[int, int]]] = {}
        for span in entities:
            by_label.setdefault(span.label, []).append((span.start, span.end))
        self.overlaps = {label: _Overlaps(extents) for label, extents in by_label.items()}
        triggers: dict[int, tuple[int, int]] = {}
        self.events: Counter[tuple[Any, ...]] = Counter()
        for event in annotations.events:
            trigger = spans.get(event.trigger_id)
            if trigger is not None:
                triggers[event.id] = (trigger.start, trigger.end)
                self.events[event.type, trigger.start, trigger.end] += 1
        self.arguments: Counter[tuple[Any, ...]] = Counter()
        for event in annotations.events:
            if event.id not in triggers:
                continue
            start, end = triggers[event.id]
            for argument in event.arguments:
                filler: tuple[int, int] | None = None
                if argument.span_id is not None and argument.span_id in spans:
                    filler = spans[argument.span_id].start, spans[argument.span_id].end
                elif argument.event_ref_id is not None:
                    filler = triggers.get(argument.event_ref_id)
                if filler is not None:
                    key = (event.type, start, end, argument.role, *filler)
                    self.arguments[key] += 1
        self.relations: Counter[tuple[Any, ...]] = Counter()
        for relation in annotations.relations:
            head, tail = spans.get(relation.head_id), spans.get(relation.tail_id)
            if head is not None and tail is not None:
                key5 = (relation.type, head.start, head.end, tail.start, tail.end)
                self.relations[key5] += 1
        self.sizes: Counter[tuple[str, str]] = Counter()
        for kind, keys in (
            ("span", self.entities),
            ("event", self.events),
            ("argument", self.arguments),
            ("relation", self.relations),
        ):
            for key, count in keys.items():
                self.sizes[kind, key[0]] += count
        self.tokens = token_labels(token_starts, token_ends, entities)


def token_labels(starts: Sequence[int], ends: Sequence[int], spans: Iterable[Span]) -> list[str]:
    """Per token (given by sorted, disjoint ``starts``/``ends``) the label of the
    longest span overlapping it (ties: the first by start), "" where none does.

    Spans are laid on longest first and a token keeps the first label it gets; a
    skip list of the next unlabelled token makes that near-linear however the spans
    nest.
    """
    count = len(starts)
    labels = [OUTSIDE] * count
    following = list(range(count + 1))  # the next token from here that has no label yet

    def free(index: int) -> int:
        root = index
        while following[root] != root:
            root = following[root]
        while following[index] != root:
            following[index], index = root, following[index]
        return root

    ordered = sorted(spans, key=lambda s: (s.start - s.end, s.start, s.end, s.label))
    for span in ordered:
        for start, end in span.pieces:
            first = bisect.bisect_right(ends, start)  # tokens ending after the piece starts
            last = bisect.bisect_left(starts, end)  # ... and starting before it ends
            index = free(first)
            while index < last:
                labels[index] = span.label
                following[index] = index + 1
                index = free(index + 1)
    return labels


def _count_pair(a: _Layer, b: _Layer) -> Counts:
    counts = Counts(size_a=Counter(a.sizes), size_b=Counter(b.sizes))
    matched = counts.matched
    for measure, mine, theirs in (
        ("exact", a.entities, b.entities),
        ("trigger", a.events, b.events),
        ("argument", a.arguments, b.arguments),
        ("relation", a.relations, b.relations),
    ):
        if len(theirs) < len(mine):
            mine, theirs = theirs, mine
        for key, count in mine.items():
            other = theirs.get(key)
            if other:
                matched[measure, key[0]] += min(count, other)
    for measure, first, second in (("overlap_a", a, b), ("overlap_b", b, a)):
        for (label, start, end, _), count in first.entities.items():
            overlaps = second.overlaps.get(label)
            if overlaps is not None and overlaps.hit(start, end):
                matched[measure, label] += count
    counts.confusion.update(zip(a.tokens, b.tokens, strict=True))
    return counts


# -- figures ---------------------------------------------------------------------
def _f1(matches: int, size_a: int, size_b: int) -> float | None:
    total = size_a + size_b
    return 2 * matches / total if total else None


def _overlap_f1(matched_a: int, matched_b: int, size_a: int, size_b: int) -> float | None:
    if not size_a and not size_b:
        return None
    if not size_a or not size_b:
        return 0.0
    precision, recall = matched_b / size_b, matched_a / size_a
    if not precision + recall:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def cohen_kappa(table: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa from a contingency table {(label of A, label of B): count}.

    (po - pe) / (1 - pe), in integers until the last division: po = agreed / n,
    pe = sum over labels of (row total * column total) / n². None without any item;
    1.0 when pe == 1 (then both gave every item the same single label).
    """
    total = sum(table.values())
    if not total:
        return None
    agreed = sum(count for (first, second), count in table.items() if first == second)
    rows: Counter[str] = Counter()
    columns: Counter[str] = Counter()
    for (first, second), count in table.items():
        rows[first] += count
        columns[second] += count
    chance = sum(count * columns[label] for label, count in rows.items())  # pe * n²
    if chance == total * total:
        return 1.0 if agreed == total else None
    return (agreed * total - chance) / (total * total - chance)


def _krippendorff() -> ModuleType:
    try:
        return importlib.import_module("krippendorff")
    except ImportError:
        raise MissingDependency("Krippendorff's alpha", "krippendorff", "agreement") from None


def krippendorff_alpha(units: Mapping[tuple[str, ...], int]) -> float | None:
    """Nominal Krippendorff's alpha of ``units``: {the values the coders present gave
    a unit, sorted: how many units got exactly those}.

    Units fewer than two coders valued are not pairable and left out; None when no
    unit is pairable, 1.0 when a single value is used throughout. Computed by the
    ``krippendorff`` package (raises :class:`MissingDependency` without it) from
    value counts: the units on which every coder agrees are merged into one row per
    value (a unit of m coders all giving c adds exactly m to the coincidence of c
    with c, so merging them leaves alpha unchanged and the matrix small).
    """
    pairable = {unit: count for unit, count in units.items() if len(unit) >= 2 and count > 0}
    if not pairable:
        return None
    values = sorted({value for unit in pairable for value in unit})
    if len(values) == 1:
        return 1.0
    package = _krippendorff()
    numpy = importlib.import_module("numpy")  # the package's own dependency
    column = {value: index for index, value in enumerate(values)}
    agreed = [0] * len(values)
    rows: list[list[int]] = []
    repeats: list[int] = []
    for unit, count in pairable.items():
        if unit[0] == unit[-1]:  # sorted: every coder gave the same value
            agreed[column[unit[0]]] += len(unit) * count
            continue
        row = [0] * len(values)
        for value in unit:
            row[column[value]] += 1
        rows.append(row)
        repeats.append(count)
    for index, total in enumerate(agreed):
        if total:
            row = [0] * len(values)
            row[index] = total
            rows.append(row)
            repeats.append(1)
    counts = numpy.repeat(numpy.array(rows, dtype=numpy.int64), repeats, axis=0)
    return float(package.alpha(value_counts=counts, level_of_measurement="nominal"))


def _binary(units: Mapping[tuple[str, ...], int], label: str) -> Counter[tuple[str, ...]]:
    """The units as "label" ("1") or not ("0")."""
    binary: Counter[tuple[str, ...]] = Counter()
    for unit, count in units.items():
        binary[tuple(sorted("1" if value == label else "0" for value in unit))] += count
    return binary


def _pair_units(confusion: Mapping[tuple[str, str], int]) -> Counter[tuple[str, ...]]:
    units: Counter[tuple[str, ...]] = Counter()
    for (first, second), count in confusion.items():
        units[(first, second) if first <= second else (second, first)] += count
    return units


def _binary_table(confusion: Mapping[tuple[str, str], int], label: str) -> Counter[tuple[str, str]]:
    table: Counter[tuple[str, str]] = Counter()
    for (first, second), count in confusion.items():
        table["1" if first == label else "0", "1" if second == label else "0"] += count
    return table


class _Alpha:
    """Alpha that turns into None (and one problem) when the package is missing."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def __call__(self, units: Mapping[tuple[str, ...], int]) -> float | None:
        try:
            return krippendorff_alpha(units)
        except MissingDependency as exc:
            if str(exc) not in self.problems:
                self.problems.append(str(exc))
            return None


def _size(sizes: Mapping[tuple[str, str], int], kind: str, label: str | None) -> int:
    if label is not None:
        return sizes.get((kind, label), 0)
    return sum(count for (k, _), count in sizes.items() if k == kind)


def _matched(counts: Counts, measure: str, label: str | None) -> int:
    return _size(counts.matched, measure, label)


def _counts_of(
    sizes: Mapping[tuple[str, str], int], label: str | None, tokens: int
) -> dict[str, int]:
    return {
        "tokens": tokens,
        **{f"{kind}s": _size(sizes, kind, label) for kind in _SIZE_KINDS},
    }


def _f1_figures(counts: Counts, label: str | None) -> dict[str, float | None]:
    def exact(measure: str, kind: str) -> float | None:
        return _f1(
            _matched(counts, measure, label),
            _size(counts.size_a, kind, label),
            _size(counts.size_b, kind, label),
        )

    return {
        "span_f1_exact": exact("exact", "span"),
        "span_f1_overlap": _overlap_f1(
            _matched(counts, "overlap_a", label),
            _matched(counts, "overlap_b", label),
            _size(counts.size_a, "span", label),
            _size(counts.size_b, "span", label),
        ),
        "trigger_f1": exact("trigger", "event"),
        "argument_f1": exact("argument", "argument"),
        "relation_f1": exact("relation", "relation"),
    }


def _is_entity(sizes: Iterable[Mapping[tuple[str, str], int]], label: str) -> bool:
    return any(("span", label) in size for size in sizes)


def _labelled_tokens(confusion: Mapping[tuple[str, str], int], label: str) -> int:
    return sum(count for (a, b), count in confusion.items() if label in (a, b))


def _pair_figures(counts: Counts, label: str | None, alpha: _Alpha) -> Figures:
    """One pair's figures, overall (label None) or for one label."""
    kappa: float | None = None
    alpha_value: float | None = None
    tokens = sum(counts.confusion.values())
    if label is None:
        kappa = cohen_kappa(counts.confusion)
        alpha_value = alpha(_pair_units(counts.confusion))
    elif _is_entity((counts.size_a, counts.size_b), label):
        kappa = cohen_kappa(_binary_table(counts.confusion, label))
        alpha_value = alpha(_binary(_pair_units(counts.confusion), label))
        tokens = _labelled_tokens(counts.confusion, label)
    else:
        tokens = 0
    return _figures(
        _f1_figures(counts, label),
        kappa,
        alpha_value,
        _counts_of(counts.size_a + counts.size_b, label, tokens),
    )


def _swapped(counts: Counts) -> Counts:
    """The same counts seen from B's side."""
    flip = {"overlap_a": "overlap_b", "overlap_b": "overlap_a"}
    return Counts(
        Counter({(flip.get(m, m), label): n for (m, label), n in counts.matched.items()}),
        Counter(counts.size_b),
        Counter(counts.size_a),
        Counter({(b, a): n for (a, b), n in counts.confusion.items()}),
    )


def _figures(
    f1: Mapping[str, float | None],
    kappa: float | None,
    alpha: float | None,
    counts: Mapping[str, int],
) -> Figures:
    return Figures(
        span_f1_exact=f1["span_f1_exact"],
        span_f1_overlap=f1["span_f1_overlap"],
        cohen_kappa=kappa,
        krippendorff_alpha=alpha,
        trigger_f1=f1["trigger_f1"],
        argument_f1=f1["argument_f1"],
        relation_f1=f1["relation_f1"],
        tokens=counts["tokens"],
        spans=counts["spans"],
        events=counts["events"],
        arguments=counts["arguments"],
        relations=counts["relations"],
    )


def _mean(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None


def _ordered(labels: Iterable[str], order: Sequence[str] = ()) -> list[str]:
    """``labels`` in ``order`` (the schema's), then any others by name."""
    wanted = set(labels)
    known = [label for label in order if label in wanted]
    return known + sorted(wanted - set(known))


# -- one document ----------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    """One document compared across its layers (from :func:`compare`).

    ``counts`` holds what each pair shares (summed over documents by :func:`measure`),
    ``sizes`` what each layer holds, ``units`` the token labels of all layers per
    token (sorted, for the multi-coder alpha). ``figures`` and ``score`` are the
    document's (see :class:`DocumentAgreement`).
    """

    annotators: tuple[str, ...]
    tokens: int
    counts: dict[tuple[str, str], Counts]
    sizes: dict[str, Counter[tuple[str, str]]]
    units: Counter[tuple[str, ...]]
    figures: Figures
    score: float | None
    problems: tuple[str, ...] = ()

    def pair(self, first: str, second: str, label: str | None = None) -> Figures:
        """The figures of two of the layers in this document (for one label)."""
        if (first, second) in self.counts:
            counts = self.counts[first, second]
        else:
            counts = _swapped(self.counts[second, first])
        return _pair_figures(counts, label, _Alpha())


def compare(
    text: str, layers: Mapping[str, Annotations], entity_labels: Collection[str]
) -> Comparison:
    """Compare the ``layers`` (annotator name: annotations) of one document's ``text``.

    Spans whose label is in ``entity_labels`` are the entity spans (span F1, token
    labels); every pair of layers is counted, in the mapping's order.
    """
    entity_labels = frozenset(entity_labels)
    tokens = get_tokenizer("rules").tokens(text)
    starts = [start for start, _ in tokens]
    ends = [end for _, end in tokens]
    built = {
        name: _Layer(annotations, entity_labels, starts, ends)
        for name, annotations in layers.items()
    }
    names = tuple(built)
    counts = {(a, b): _count_pair(built[a], built[b]) for a, b in itertools.combinations(names, 2)}
    if len(names) >= 2:
        units = Counter(
            tuple(sorted(labels))
            for labels in zip(*(built[name].tokens for name in names), strict=True)
        )
    else:
        units = Counter()
    alpha = _Alpha()
    pooled = Counts()
    for pair_counts in counts.values():
        pooled.add(pair_counts)
    sizes = {name: layer.sizes for name, layer in built.items()}
    all_sizes: Counter[tuple[str, str]] = Counter()
    for size in sizes.values():
        all_sizes.update(size)
    figures = _figures(
        _f1_figures(pooled, None),
        _mean(cohen_kappa(pair.confusion) for pair in counts.values()),
        alpha(units),
        _counts_of(all_sizes, None, len(tokens)),
    )
    score = figures.span_f1_exact if figures.span_f1_exact is not None else figures.trigger_f1
    return Comparison(
        names, len(tokens), counts, sizes, units, figures, score, tuple(alpha.problems)
    )


# -- a project -------------------------------------------------------------------
class AgreementSource(Protocol):
    """What :func:`measure` reads of a project (:class:`~annotator.core.project.Project`)."""

    @property
    def schema(self) -> Schema: ...

    def shared_documents(self, min_annotators: int = 2) -> list[int]: ...

    def layers(self, document_id: int) -> Mapping[str, object]: ...

    def annotations(self, document_id: int, layer: str | None = None) -> Annotations: ...

    def document(self, document_id: int) -> Document: ...


@dataclass(frozen=True, slots=True)
class Compared:
    """A document and its :class:`Comparison`, for :func:`aggregate`."""

    document_id: int
    uid: str
    title: str
    comparison: Comparison


def measure(
    project: AgreementSource,
    document_ids: Sequence[int] | None = None,
    annotators: Sequence[str] | None = None,
) -> AgreementReport:
    """The agreement of ``annotators`` (default: every layer but the gold) over
    ``document_ids`` (default: the documents at least two annotators have a layer in).

    The gold layer takes part only when ``annotators`` names it. Documents where
    fewer than two of the annotators have a layer are left out.
    """
    wanted = list(dict.fromkeys(annotators)) if annotators is not None else None
    if document_ids is None:
        document_ids = project.shared_documents(1 if wanted and GOLD in wanted else 2)
    present: list[tuple[int, list[str]]] = []
    for document_id in document_ids:
        found = project.layers(document_id)
        if wanted is not None:
            names = [name for name in wanted if name in found]
        else:
            names = [name for name in found if name != GOLD]
        present.append((document_id, names))
    if wanted is None:
        wanted = sorted({name for _, names in present for name in names})
    schema = project.schema
    entity_labels = frozenset(
        label.name for label in schema.labels if label.kind == LabelKind.ENTITY
    )
    compared: list[Compared] = []
    for document_id, names in present:
        names = [name for name in wanted if name in names]
        if len(names) < 2:
            continue
        document = project.document(document_id)
        annotations = {name: project.annotations(document_id, layer=name) for name in names}
        comparison = compare(document.text, annotations, entity_labels)
        compared.append(Compared(document_id, document.uid, document.title, comparison))
    return aggregate(compared, wanted, [label.name for label in schema.labels])


def aggregate(
    documents: Sequence[Compared], annotators: Sequence[str], label_order: Sequence[str] = ()
) -> AgreementReport:
    """The report over documents already compared: sums their counts per pair.

    ``label_order`` (the schema's labels) orders the labels; others follow by name.
    """
    names = tuple(dict.fromkeys(annotators))
    alpha = _Alpha()
    pairs: list[PairAgreement] = []
    for first, second in itertools.combinations(names, 2):
        summed = Counts()
        shared = 0
        for document in documents:
            counts = document.comparison.counts
            if (first, second) in counts:
                summed.add(counts[first, second])
            elif (second, first) in counts:
                summed.add(_swapped(counts[second, first]))
            else:
                continue
            shared += 1
        if not shared:
            pairs.append(PairAgreement((first, second), 0, Figures(), {}))
            continue
        per_label = {
            label: _pair_figures(summed, label, alpha)
            for label in _ordered(summed.labels(), label_order)
        }
        pair_overall = _pair_figures(summed, None, alpha)
        pairs.append(PairAgreement((first, second), shared, pair_overall, per_label))

    units: Counter[tuple[str, ...]] = Counter()
    sizes: Counter[tuple[str, str]] = Counter()
    tokens = 0
    problems: list[str] = []
    for document in documents:
        comparison = document.comparison
        units.update(comparison.units)
        for name in comparison.annotators:
            if name in names:
                sizes.update(comparison.sizes[name])
        tokens += comparison.tokens
        problems.extend(p for p in comparison.problems if p not in problems)

    def mean_of(figures: Iterable[Figures]) -> dict[str, float | None]:
        listed = list(figures)
        return {
            name: _mean(getattr(f, name) for f in listed)
            for name in FIGURES
            if name != "krippendorff_alpha"
        }

    means = mean_of(pair.overall for pair in pairs if pair.documents)
    overall = _figures(means, means["cohen_kappa"], alpha(units), _counts_of(sizes, None, tokens))
    all_labels = _ordered((label for pair in pairs for label in pair.labels), label_order)
    labels: dict[str, Figures] = {}
    for label in all_labels:
        entity = ("span", label) in sizes
        labelled = sum(count for unit, count in units.items() if label in unit) if entity else 0
        means = mean_of(pair.labels[label] for pair in pairs if label in pair.labels)
        labels[label] = _figures(
            means,
            means["cohen_kappa"],
            alpha(_binary(units, label)) if entity else None,
            _counts_of(sizes, label, labelled),
        )
    per_document = sorted(
        (
            DocumentAgreement(
                document.document_id,
                document.uid,
                document.title,
                document.comparison.annotators,
                document.comparison.score,
                document.comparison.figures,
            )
            for document in documents
        ),
        key=lambda d: (d.score is None, d.score if d.score is not None else 0.0),
    )
    problems.extend(p for p in alpha.problems if p not in problems)
    if not documents:
        problems.append("no document has layers of two annotators to compare")
    return AgreementReport(
        annotators=names,
        documents=len(documents),
        pairs=tuple(pairs),
        overall=overall,
        labels=labels,
        per_document=tuple(per_document),
        problems=tuple(problems),
    )


# -- the table -------------------------------------------------------------------
_HEADERS = ("exact", "overlap", "kappa", "alpha", "trigger", "argument", "relation")
_LEGEND = (
    "exact, overlap: span F1 (exact, overlapping match); trigger, argument, relation: F1;",
    "kappa: Cohen's, token level; alpha: Krippendorff's (nominal). For all annotators the",
    "F1 figures and kappa are the unweighted mean of the pairs' (kappa: Light's).",
)
LOWEST_SHOWN = 10  # documents listed under "lowest agreement" in the table


def _value(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_table(report: AgreementReport) -> str:
    """A plain-text table for ``annotator agree``: a row per pair and "all", a column
    per figure (3 decimals, "-" for None); then the same per label, the documents of
    lowest agreement and any problems."""
    rows: list[tuple[str, str, Figures]] = []  # (name, documents, figures); name "" = a heading

    def block(pairs: Iterable[tuple[str, int, Figures | None]], total: Figures | None) -> None:
        for name, documents, figures in pairs:
            if figures is not None:
                rows.append((name, str(documents), figures))
        if total is not None:
            rows.append(("all", str(report.documents), total))

    def pair_name(pair: PairAgreement) -> str:
        return " / ".join(pair.annotators)

    block(((pair_name(p), p.documents, p.overall) for p in report.pairs), report.overall)
    headings: dict[int, str] = {}
    for label, figures in report.labels.items():
        headings[len(rows)] = label
        block(((pair_name(p), p.documents, p.labels.get(label)) for p in report.pairs), figures)
    width = max([len("annotators"), *(len(name) + 2 for name, _, _ in rows)])
    cells = [max(len(header), 5) for header in _HEADERS]
    count = f"{report.documents}"
    lines = [
        f"Agreement of {len(report.annotators)} annotators over {count} document"
        f"{'s' if report.documents != 1 else ''}",
        "",
    ]
    header = f"{'annotators':<{width}}  {'docs':>5}  " + "  ".join(
        f"{h:>{w}}" for h, w in zip(_HEADERS, cells, strict=True)
    )
    lines.append(header.rstrip())
    for index, (name, documents, figures) in enumerate(rows):
        if index in headings:
            lines.extend(["", headings[index]])
        indent = "  " if any(i <= index for i in headings) else ""
        values = "  ".join(
            f"{_value(figures.as_dict()[n]):>{w}}" for n, w in zip(FIGURES, cells, strict=True)
        )
        lines.append(f"{indent + name:<{width}}  {documents:>5}  {values}")
    lines.extend(["", *_LEGEND])
    lowest = [d for d in report.per_document if d.score is not None][:LOWEST_SHOWN]
    if lowest:
        lines.extend(["", "Lowest agreement:"])
        for document in lowest:
            title = f"  {document.title}" if document.title else ""
            lines.append(f"  {_value(document.score)}  {document.uid}{title}")
    for problem in report.problems:
        lines.extend(["", f"Note: {problem}"])
    return "\n".join(lines) + "\n"
