"""Inter-annotator agreement, checked against small cases computed by hand.

Everything here runs on hand-built ``Annotations`` (``compare``/``aggregate``) or a
stand-in project; tests/core/test_agreement_project.py drives a real project.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import sys
import time
from collections.abc import Mapping, Sequence

import pytest

from annotator.core.analysis import agreement
from annotator.core.analysis.agreement import (
    FIGURES,
    AgreementReport,
    Compared,
    Figures,
    aggregate,
    cohen_kappa,
    compare,
    format_table,
    krippendorff_alpha,
    measure,
    token_labels,
)
from annotator.core.errors import MissingDependency
from annotator.core.io.tokens import get_tokenizer
from annotator.core.model import (
    Annotations,
    Argument,
    Document,
    Event,
    Label,
    LabelKind,
    Relation,
    Schema,
    Span,
    Status,
)

ENTITIES = {"PER", "ORG", "LOC"}
# ten one-letter tokens at 0, 2, 4 ... 18: token i is [2i, 2i + 1)
LETTERS = "a b c d e f g h i j"


def spans(*specs: tuple[int, int, str]) -> tuple[Span, ...]:
    return tuple(
        Span(i, 1, f"T{i}", start, end, label) for i, (start, end, label) in enumerate(specs, 1)
    )


def layer(*specs: tuple[int, int, str]) -> Annotations:
    return Annotations(spans=spans(*specs))


def needs_krippendorff() -> None:
    pytest.importorskip("krippendorff")  # the "agreement" extra


def approx(value: float | None, expected: float) -> bool:
    return value is not None and math.isclose(value, expected, abs_tol=1e-12)


# -- span F1 ---------------------------------------------------------------------
def test_exact_and_overlap_span_f1() -> None:
    text = "Alice and Acme Corp went home."
    a = layer((0, 5, "PER"), (10, 15, "ORG"))
    b = layer((0, 5, "PER"), (11, 15, "ORG"))
    found = compare(text, {"a": a, "b": b}, ENTITIES)
    pair = found.pair("a", "b")
    # exact: PER 0-5 matches, ORG 10-15 vs 11-15 does not: 2 * 1 / (2 + 2) = 0.5
    assert pair.span_f1_exact == 0.5
    # overlap: both ORG spans overlap (10 < 15 and 11 < 15): P = 2/2, R = 2/2, F1 = 1.0
    assert pair.span_f1_overlap == 1.0
    assert pair.spans == 4
    # per label
    assert found.pair("a", "b", "PER").span_f1_exact == 1.0
    assert found.pair("a", "b", "ORG").span_f1_exact == 0.0
    assert found.pair("a", "b", "ORG").span_f1_overlap == 1.0
    # either order gives the same figures
    assert found.pair("b", "a") == pair


def test_overlap_precision_and_recall_differ() -> None:
    text = "x" * 20
    a = layer((0, 10, "PER"))
    b = layer((0, 3, "PER"), (5, 8, "PER"), (12, 15, "PER"))
    pair = compare(text, {"a": a, "b": b}, ENTITIES).pair("a", "b")
    # recall = matched A / |A| = 1/1; precision = matched B / |B| = 2/3 (12-15 overlaps nothing)
    # F1 = 2 * (2/3) * 1 / (2/3 + 1) = (4/3) / (5/3) = 0.8
    assert approx(pair.span_f1_overlap, 0.8)
    assert pair.span_f1_exact == 0.0  # 2 * 0 / (1 + 3)


def test_overlap_needs_the_same_label_and_touching_is_not_overlap() -> None:
    text = "x" * 20
    a = layer((0, 5, "PER"), (10, 15, "ORG"))
    b = layer((0, 5, "ORG"), (15, 18, "ORG"))
    pair = compare(text, {"a": a, "b": b}, ENTITIES).pair("a", "b")
    # PER 0-5 vs ORG 0-5: other label; ORG 10-15 vs ORG 15-18: they only touch (15 < 15 is false)
    assert pair.span_f1_exact == 0.0
    assert pair.span_f1_overlap == 0.0


def test_overlap_finds_a_long_span_that_starts_early() -> None:
    # B's spans sorted by start: 0-100 ends furthest; 40-42 is not the one that overlaps 50-60
    text = "x" * 120
    a = layer((50, 60, "PER"))
    b = layer((0, 100, "PER"), (40, 42, "PER"))
    pair = compare(text, {"a": a, "b": b}, ENTITIES).pair("a", "b")
    # recall 1/1, precision 1/2: F1 = 2 * 0.5 * 1 / 1.5 = 2/3
    assert approx(pair.span_f1_overlap, 2 / 3)


def test_exact_match_compares_fragments_and_pairs_duplicates_once() -> None:
    text = "x" * 30
    a = Annotations(
        spans=(
            Span(1, 1, "T1", 0, 10, "PER", ((0, 3), (7, 10))),
            Span(2, 1, "T2", 20, 25, "ORG"),
            Span(3, 1, "T3", 20, 25, "ORG"),
        )
    )
    b = Annotations(
        spans=(
            Span(1, 1, "T1", 0, 10, "PER", ((0, 4), (7, 10))),  # same extent, other pieces
            Span(2, 1, "T2", 20, 25, "ORG"),
        )
    )
    pair = compare(text, {"a": a, "b": b}, ENTITIES).pair("a", "b")
    # one ORG match (A's second copy has no partner): 2 * 1 / (3 + 2) = 0.4
    assert approx(pair.span_f1_exact, 0.4)


def test_event_triggers_are_not_entity_spans() -> None:
    text = "Police arrested two men."
    a = Annotations(
        spans=spans((0, 6, "ORG"), (7, 15, "Arrest")),
        events=(Event(1, 1, "E1", 2, "Arrest"),),
    )
    b = Annotations(spans=spans((0, 6, "ORG")))
    pair = compare(text, {"a": a, "b": b}, ENTITIES).pair("a", "b")
    assert pair.span_f1_exact == 1.0  # the trigger 7-15 is not an entity span
    assert pair.spans == 2
    assert pair.trigger_f1 == 0.0  # 2 * 0 / (1 + 0)


# -- events and relations --------------------------------------------------------
ARREST_TEXT = "Police arrested two men in Paris."
#              0     6 7      15 16    23 24 27 33


def arrest(roles: Sequence[tuple[str, int]]) -> Annotations:
    """Police(1) 0-6, arrested(2) 7-15 (the trigger), two men(3) 16-23, Paris(4) 27-32."""
    return Annotations(
        spans=spans((0, 6, "ORG"), (7, 15, "Arrest"), (16, 23, "PER"), (27, 32, "LOC")),
        events=(
            Event(
                1,
                1,
                "E1",
                2,
                "Arrest",
                tuple(Argument(i, 1, role, span_id) for i, (role, span_id) in enumerate(roles)),
            ),
        ),
    )


def test_trigger_and_argument_f1_with_one_role_differing() -> None:
    a = arrest([("Agent", 1), ("Person", 3)])
    b = arrest([("Agent", 1), ("Place", 3)])
    found = compare(ARREST_TEXT, {"a": a, "b": b}, ENTITIES)
    pair = found.pair("a", "b")
    # triggers: (Arrest, 7, 15) on both sides: 2 * 1 / 2 = 1.0
    assert pair.trigger_f1 == 1.0
    # arguments: A {(Arrest,7,15,Agent,0,6), (Arrest,7,15,Person,16,23)}
    #            B {(Arrest,7,15,Agent,0,6), (Arrest,7,15,Place,16,23)}: 2 * 1 / (2 + 2) = 0.5
    assert pair.argument_f1 == 0.5
    assert pair.events == 2 and pair.arguments == 4
    per_type = found.pair("a", "b", "Arrest")
    assert per_type.trigger_f1 == 1.0 and per_type.argument_f1 == 0.5
    # an event type has no span or token figures
    assert per_type.span_f1_exact is None and per_type.cohen_kappa is None
    assert per_type.krippendorff_alpha is None


def test_a_trigger_of_another_type_matches_nothing() -> None:
    a = arrest([("Agent", 1)])
    b = Annotations(
        spans=spans((0, 6, "ORG"), (7, 15, "Attack")),
        events=(Event(1, 1, "E1", 2, "Attack", (Argument(1, 1, "Agent", 1),)),),
    )
    pair = compare(ARREST_TEXT, {"a": a, "b": b}, ENTITIES).pair("a", "b")
    assert pair.trigger_f1 == 0.0
    assert pair.argument_f1 == 0.0  # the event type is part of the argument's tuple


def test_an_event_filler_stands_for_its_trigger() -> None:
    text = "He said police arrested them."
    #       0  3    8      15      23

    def said(ids: tuple[int, int, int]) -> Annotations:
        said_id, arrest_id, trigger_ids = ids[0], ids[1], ids[2]
        return Annotations(
            spans=(
                Span(trigger_ids, 1, "T1", 3, 7, "Say"),
                Span(trigger_ids + 1, 1, "T2", 15, 23, "Arrest"),
            ),
            events=(
                Event(
                    said_id,
                    1,
                    "E1",
                    trigger_ids,
                    "Say",
                    (Argument(1, said_id, "Topic", None, arrest_id),),
                ),
                Event(arrest_id, 1, "E2", trigger_ids + 1, "Arrest"),
            ),
        )

    # other row ids on each side: the filler is compared by its trigger's offsets (15, 23)
    pair = compare(text, {"a": said((1, 2, 10)), "b": said((7, 8, 30))}, ENTITIES).pair("a", "b")
    assert pair.trigger_f1 == 1.0
    assert pair.argument_f1 == 1.0


def test_relation_f1_overall_and_per_type() -> None:
    base = spans((0, 6, "ORG"), (16, 23, "PER"), (27, 32, "LOC"))
    a = Annotations(
        spans=base,
        relations=(Relation(1, 1, "R1", "Located", 1, 3), Relation(2, 1, "R2", "Employ", 2, 1)),
    )
    b = Annotations(
        spans=base,
        relations=(Relation(1, 1, "R1", "Located", 1, 3), Relation(2, 1, "R2", "Located", 2, 1)),
    )
    found = compare(ARREST_TEXT, {"a": a, "b": b}, ENTITIES)
    # A {(Located,0,6,27,32), (Employ,16,23,0,6)}, B {(Located,0,6,27,32), (Located,16,23,0,6)}
    assert found.pair("a", "b").relation_f1 == 0.5  # 2 * 1 / (2 + 2)
    assert approx(found.pair("a", "b", "Located").relation_f1, 2 / 3)  # 2 * 1 / (1 + 2)
    assert found.pair("a", "b", "Employ").relation_f1 == 0.0  # 2 * 0 / (1 + 0)
    assert found.pair("a", "b", "Employ").span_f1_exact is None


# -- token labels, kappa, alpha --------------------------------------------------
def test_token_labels_prefer_the_longest_span_then_the_first() -> None:
    text = "New York-based firms in New York"
    tokens = get_tokenizer("rules").tokens(text)
    assert [text[s:e] for s, e in tokens] == ["New", "York-based", "firms", "in", "New", "York"]
    starts, ends = [s for s, _ in tokens], [e for _, e in tokens]
    found = token_labels(
        starts,
        ends,
        spans(
            (0, 8, "LOC"),  # "New York": overlaps "York-based" too
            (0, 20, "ORG"),  # longer: wins New, York-based, firms
            (24, 27, "PER"),  # "New" 24-27 ...
            (28, 32, "LOC"),  # ... "York", same length as PER: tie broken by start
            (24, 32, "GPE"),  # longest of these: wins both
        ),
    )
    assert found == ["ORG", "ORG", "ORG", "", "GPE", "GPE"]
    tied = token_labels([0], [5], spans((2, 5, "LOC"), (0, 3, "PER")))
    assert tied == ["PER"]  # same length 3: the first by start


def test_cohen_kappa_from_a_two_by_two_table() -> None:
    # tokens a..j; A: PER on a b c d (0-7), B: PER on c d e f (4-11)
    a = layer((0, 7, "PER"))
    b = layer((4, 11, "PER"))
    found = compare(LETTERS, {"a": a, "b": b}, ENTITIES)
    #            B PER  B O
    #   A PER      2     2      (c d | a b)
    #   A O        2     4      (e f | g h i j)
    # n = 10, po = (2 + 4) / 10 = 0.6
    # pe = P(A PER) P(B PER) + P(A O) P(B O) = 0.4 * 0.4 + 0.6 * 0.6 = 0.52
    # kappa = (0.6 - 0.52) / (1 - 0.52) = 0.08 / 0.48 = 1/6
    assert approx(found.pair("a", "b").cohen_kappa, 1 / 6)
    assert found.pair("a", "b").tokens == 10
    # only one label: the per-label (binary PER vs not) table is the same
    assert approx(found.pair("a", "b", "PER").cohen_kappa, 1 / 6)
    assert found.pair("a", "b", "PER").tokens == 6  # a..f carry PER on some side


def test_krippendorff_alpha_two_coders_by_hand() -> None:
    needs_krippendorff()
    # the same data as the kappa test: units c d (PER, PER), a b e f (PER, O), g h i j (O, O)
    a = layer((0, 7, "PER"))
    b = layer((4, 11, "PER"))
    pair = compare(LETTERS, {"a": a, "b": b}, ENTITIES).pair("a", "b")
    # coincidences (every unit has m = 2 values, each ordered pair weighs 1 / (m - 1) = 1):
    #   o(PER,PER) = 2 units * 2 = 4, o(O,O) = 4 * 2 = 8, o(PER,O) = o(O,PER) = 4
    # n_PER = 4 + 4 = 8, n_O = 8 + 4 = 12, n = 20
    # D_o = (o(PER,O) + o(O,PER)) / n = 8 / 20
    # D_e = (n_PER * n_O + n_O * n_PER) / (n * (n - 1)) = 192 / 380
    # alpha = 1 - D_o / D_e = 1 - (n - 1) * 8 / 192 = 1 - 152 / 192 = 5/24
    n, disagreement, expected_pairs = 20, 8, 2 * 8 * 12
    expected = 1 - (n - 1) * disagreement / expected_pairs
    assert approx(expected, 5 / 24)
    assert approx(pair.krippendorff_alpha, expected)


def test_kappa_and_alpha_for_an_ordinary_three_label_table() -> None:
    text = "a b c d e f"
    a = layer((0, 1, "PER"), (2, 3, "PER"), (4, 5, "ORG"), (6, 7, "ORG"))
    b = layer((0, 1, "PER"), (2, 3, "ORG"), (4, 5, "ORG"), (8, 9, "PER"))
    found = compare(text, {"a": a, "b": b}, ENTITIES)
    # tokens a..f: A = PER PER ORG ORG O O, B = PER ORG ORG O PER O
    # agreements: a, c, f = 3 of 6, po = 1/2
    # A: PER 2, ORG 2, O 2; B: PER 2, ORG 2, O 2: pe = 3 * (2/6 * 2/6) = 1/3
    # kappa = (1/2 - 1/3) / (2/3) = 1/4
    assert approx(found.pair("a", "b").cohen_kappa, 1 / 4)
    # binary PER: A PER on a b, B PER on a e: both 1 (a), A only 1 (b), B only 1 (e), neither 3
    # po = 4/6, pe = (2/6)(2/6) + (4/6)(4/6) = 20/36, kappa = (24/36 - 20/36) / (16/36) = 1/4
    assert approx(found.pair("a", "b", "PER").cohen_kappa, 1 / 4)


def test_cohen_kappa_edge_cases() -> None:
    assert cohen_kappa({}) is None
    assert cohen_kappa({("", ""): 5}) == 1.0  # pe == 1 and po == 1
    assert cohen_kappa({("PER", "PER"): 3}) == 1.0
    # complete disagreement on two balanced labels: po = 0, pe = 0.5, kappa = -1
    assert cohen_kappa({("PER", ""): 1, ("", "PER"): 1}) == -1.0


def test_krippendorff_alpha_against_the_package_with_missing_values() -> None:
    krippendorff = pytest.importorskip("krippendorff")
    import numpy

    generator = random.Random(7)
    values = ["", "PER", "ORG"]
    coders = 3
    data = [
        [generator.choice(values) if generator.random() > 0.2 else None for _ in range(300)]
        for _ in range(coders)
    ]
    units: dict[tuple[str, ...], int] = {}
    for column in zip(*data, strict=True):
        unit = tuple(sorted(value for value in column if value is not None))
        units[unit] = units.get(unit, 0) + 1
    code = {value: float(index) for index, value in enumerate(values)}
    matrix = numpy.array(
        [[numpy.nan if value is None else code[value] for value in row] for row in data]
    )
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert math.isclose(krippendorff_alpha(units) or 0.0, float(expected), abs_tol=1e-9)


def test_krippendorff_alpha_edge_cases() -> None:
    needs_krippendorff()
    assert krippendorff_alpha({}) is None
    assert krippendorff_alpha({("PER",): 4}) is None  # nothing pairable: one coder per unit
    assert krippendorff_alpha({("", ""): 4, ("PER", "PER"): 0}) == 1.0  # a single value
    assert krippendorff_alpha({("", ""): 4, ("PER", "PER"): 2}) == 1.0  # no disagreement


def test_nothing_on_either_side_is_undefined() -> None:
    found = compare(LETTERS, {"a": Annotations(), "b": Annotations()}, ENTITIES)
    pair = found.pair("a", "b")
    for name in ("span_f1_exact", "span_f1_overlap", "trigger_f1", "argument_f1", "relation_f1"):
        assert getattr(pair, name) is None, name
    # kappa: pe == 1 and po == 1 (every token "O" on both sides) -> 1.0; alpha the same
    assert pair.cohen_kappa == 1.0
    assert pair.krippendorff_alpha == 1.0
    assert found.score is None
    # no tokens at all: kappa and alpha are undefined too
    empty = compare("", {"a": Annotations(), "b": Annotations()}, ENTITIES).pair("a", "b")
    assert empty.cohen_kappa is None and empty.krippendorff_alpha is None
    # one side empty, the other not: defined, and 0
    one_sided = compare(LETTERS, {"a": layer((0, 1, "PER")), "b": Annotations()}, ENTITIES)
    assert one_sided.pair("a", "b").span_f1_exact == 0.0
    assert one_sided.pair("a", "b").span_f1_overlap == 0.0


def test_figures_by_name() -> None:
    figures = Figures(span_f1_exact=0.5, tokens=3)
    assert list(figures.as_dict()) == list(FIGURES)
    assert figures.as_dict()["span_f1_exact"] == 0.5
    assert figures.as_dict()["cohen_kappa"] is None
    assert figures.to_json()["counts"]["tokens"] == 3


# -- all annotators --------------------------------------------------------------
def three_coders() -> AgreementReport:
    """doc 1 "x y": a and b PER on x, c nothing; doc 2 "z w": a PER on z, b nothing, c no layer."""
    doc1 = compare(
        "x y", {"a": layer((0, 1, "PER")), "b": layer((0, 1, "PER")), "c": Annotations()}, ENTITIES
    )
    doc2 = compare("z w", {"a": layer((0, 1, "PER")), "b": Annotations()}, ENTITIES)
    return aggregate(
        [Compared(1, "d1", "First", doc1), Compared(2, "d2", "Second", doc2)],
        ["a", "b", "c"],
        ["PER", "ORG"],
    )


def test_all_annotators_alpha_with_three_coders_one_missing_a_document() -> None:
    needs_krippendorff()
    report = three_coders()
    # units (tokens): x {PER, PER, O}, y {O, O, O}, z {PER, O} (c missing), w {O, O}
    # coincidences, each ordered pair of values in a unit weighs 1 / (m_u - 1):
    #   x (m=3): PER-PER 2 ordered pairs / 2 = 1; PER-O 2 / 2 = 1 each way
    #   y (m=3): O-O 6 / 2 = 3;  z (m=2): PER-O 1 each way;  w (m=2): O-O 2
    # o(PER,PER) = 1, o(PER,O) = o(O,PER) = 2, o(O,O) = 5; n_PER = 3, n_O = 7, n = 10
    # alpha = 1 - (n - 1) * (o(PER,O) + o(O,PER)) / (n_PER * n_O + n_O * n_PER)
    #       = 1 - 9 * 4 / 42 = 1/7
    assert approx(report.overall.krippendorff_alpha, 1 / 7)
    krippendorff = pytest.importorskip("krippendorff")
    nan = math.nan
    data = [[1, 0, 1, 0], [1, 0, 0, 0], [0, 0, nan, nan]]  # coders x units, PER = 1
    assert approx(
        report.overall.krippendorff_alpha,
        float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")),
    )
    # one label: the binary per-label alpha is the same
    assert approx(report.labels["PER"].krippendorff_alpha, 1 / 7)


def test_all_annotators_means_of_pairs() -> None:
    report = three_coders()
    assert report.annotators == ("a", "b", "c")
    assert report.documents == 2
    pairs = {pair.annotators: pair for pair in report.pairs}
    assert pairs["a", "b"].documents == 2 and pairs["a", "c"].documents == 1
    # kappa a-b over x y z w: (PER,PER) (O,O) (PER,O) (O,O): po = 3/4,
    #   pe = (2/4)(1/4) + (2/4)(3/4) = 1/2, kappa = (3/4 - 1/2) / (1/2) = 1/2
    # a-c and b-c over x y: (PER,O) (O,O): po = 1/2, pe = (1/2)(0) + (1/2)(1) = 1/2, kappa 0
    assert approx(pairs["a", "b"].overall.cohen_kappa, 1 / 2)
    assert pairs["a", "c"].overall.cohen_kappa == 0.0
    # Light's kappa: (1/2 + 0 + 0) / 3
    assert approx(report.overall.cohen_kappa, 1 / 6)
    # exact F1: a-b 2 * 1 / (2 + 1) = 2/3; a-c 0; b-c 0; the mean: 2/9
    assert approx(pairs["a", "b"].overall.span_f1_exact, 2 / 3)
    assert approx(report.overall.span_f1_exact, 2 / 9)
    assert approx(report.labels["PER"].span_f1_exact, 2 / 9)
    assert report.overall.trigger_f1 is None  # no pair has an event
    assert list(report.labels) == ["PER"]  # ORG is in the order but nobody used it
    assert report.overall.spans == 3 and report.overall.tokens == 4


def test_documents_lowest_agreement_first() -> None:
    report = three_coders()
    # doc 1 pooled over a-b, a-c, b-c: matches 1, spans (1+1) + (1+0) + (1+0) = 4: 2/4
    # doc 2 (a-b only): 2 * 0 / (1 + 0) = 0
    assert [(d.uid, d.score) for d in report.per_document] == [("d2", 0.0), ("d1", 0.5)]
    first = report.per_document[0]
    assert first.title == "Second" and first.document_id == 2 and first.annotators == ("a", "b")
    assert first.figures.span_f1_exact == first.score


def test_document_score_falls_back_to_triggers_and_none_sorts_last() -> None:
    events = compare(
        ARREST_TEXT,
        {"a": arrest([]), "b": Annotations(spans=spans((0, 6, "PER")))},
        {"PER"},  # ORG and LOC are not entity labels here: the doc has one entity span
    )
    only_trigger = compare(ARREST_TEXT, {"a": arrest([]), "b": arrest([])}, set())
    nothing = compare(LETTERS, {"a": Annotations(), "b": Annotations()}, ENTITIES)
    assert events.score == 0.0
    assert only_trigger.score == 1.0  # no entity spans: trigger F1
    assert nothing.score is None
    report = aggregate(
        [
            Compared(1, "none", "", nothing),
            Compared(2, "trig", "", only_trigger),
            Compared(3, "ev", "", events),
        ],
        ["a", "b"],
    )
    assert [d.uid for d in report.per_document] == ["ev", "trig", "none"]


def test_aggregate_sums_counts_over_documents_in_either_order() -> None:
    # doc 1 compared as (a, b), doc 2 as (b, a): the pair's counts still line up
    doc1 = compare("x" * 20, {"a": layer((0, 10, "PER")), "b": layer((0, 3, "PER"))}, ENTITIES)
    doc2 = compare(
        "x" * 20,
        {"b": layer((0, 3, "PER"), (5, 8, "PER")), "a": layer((0, 10, "PER"))},
        ENTITIES,
    )
    report = aggregate([Compared(1, "d1", "", doc1), Compared(2, "d2", "", doc2)], ["a", "b"])
    (pair,) = report.pairs
    assert pair.annotators == ("a", "b")
    # A: 2 spans both matched (R = 1); B: 3 spans all matched (P = 1): overlap F1 1.0
    assert pair.overall.span_f1_overlap == 1.0
    assert pair.overall.span_f1_exact == 0.0
    assert pair.overall.spans == 5


def test_pooled_counts_not_a_mean_of_labels() -> None:
    text = "x" * 40
    a = layer((0, 2, "PER"), (4, 6, "PER"), (8, 10, "PER"), (12, 14, "ORG"))
    b = layer((0, 2, "PER"), (4, 6, "PER"), (8, 10, "PER"), (20, 22, "ORG"))
    pair = compare(text, {"a": a, "b": b}, ENTITIES).pair("a", "b")
    # PER 1.0, ORG 0.0 (mean 0.5); pooled: 2 * 3 / (4 + 4) = 0.75
    assert pair.span_f1_exact == 0.75


def test_to_json_names_every_figure_per_pair_and_label() -> None:
    report = three_coders()
    data = report.to_json()
    json.dumps(data)  # plain values only
    assert list(data) == [
        "figures",
        "annotators",
        "documents",
        "overall",
        "labels",
        "pairs",
        "per_document",
        "problems",
    ]
    assert data["figures"] == list(FIGURES)
    assert list(data["overall"]) == [*FIGURES, "counts"]
    first = data["pairs"][0]
    assert first["annotators"] == ["a", "b"]
    assert set(FIGURES) <= set(first["overall"])
    assert set(FIGURES) <= set(first["labels"]["PER"])
    assert data["per_document"][0]["uid"] == "d2"
    assert report.to_json() == data  # stable


def test_format_table() -> None:
    needs_krippendorff()
    report = three_coders()
    table = format_table(report)
    lines = table.splitlines()
    row = next(line for line in lines if line.startswith("a / b"))
    # docs, exact, overlap, kappa, alpha, trigger, argument, relation
    assert row.split()[3:] == ["2", "0.667", "0.667", "0.500", "0.533", "-", "-", "-"]
    assert any(line.startswith("all ") for line in lines)
    assert "PER" in lines
    assert any(line.strip().startswith("0.000  d2  Second") for line in lines)


def test_pair_alpha_row_in_the_table_by_hand() -> None:
    needs_krippendorff()
    # the 0.533 above: a-b units x (PER,PER), y (O,O), z (PER,O), w (O,O)
    # o(PER,PER) = 2, o(O,O) = 4, o(PER,O) = o(O,PER) = 1; n_PER = 3, n_O = 5, n = 8
    # alpha = 1 - (n - 1) * (o(PER,O) + o(O,PER)) / (n_PER * n_O + n_O * n_PER)
    #       = 1 - 7 * 2 / 30 = 8/15
    expected = 1 - (8 - 1) * 2 / (2 * 3 * 5)
    assert approx(expected, 8 / 15)
    pairs = {pair.annotators: pair for pair in three_coders().pairs}
    assert approx(pairs["a", "b"].overall.krippendorff_alpha, expected)


def test_without_the_krippendorff_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "krippendorff", None)  # import raises ImportError
    with pytest.raises(MissingDependency) as raised:
        krippendorff_alpha({("", "PER"): 1, ("", ""): 1})
    assert raised.value.extra == "agreement"
    report = three_coders()
    assert report.overall.krippendorff_alpha is None
    assert all(pair.overall.krippendorff_alpha is None for pair in report.pairs)
    assert report.overall.cohen_kappa is not None  # the rest is still measured
    assert len(report.problems) == 1
    assert "pip install 'annotator[agreement]'" in report.problems[0]
    assert "pip install 'annotator[agreement]'" in format_table(report)


def test_no_documents_to_compare() -> None:
    report = aggregate([], ["a"])
    assert report.pairs == () and report.documents == 0
    assert report.overall.span_f1_exact is None and report.overall.krippendorff_alpha is None
    assert report.problems
    format_table(report)


# -- a stand-in project for measure() ---------------------------------------------
class FakeProject:
    """What measure() reads, with layers given per document."""

    def __init__(self, documents: Mapping[int, tuple[str, Mapping[str, Annotations]]]) -> None:
        self.schema = Schema(
            "test",
            (
                Label("PER", LabelKind.ENTITY, "#000000"),
                Label("ORG", LabelKind.ENTITY, "#000000"),
                Label("Arrest", LabelKind.EVENT, "#000000"),
            ),
        )
        self.documents = documents
        self.reads: list[tuple[int, str | None]] = []

    def shared_documents(self, min_annotators: int = 2) -> list[int]:
        return [
            doc
            for doc, (_, layers) in self.documents.items()
            if len([name for name in layers if name != "gold"]) >= min_annotators
        ]

    def layers(self, document_id: int) -> dict[str, Status]:
        return dict.fromkeys(self.documents[document_id][1], Status.TODO)

    def annotations(self, document_id: int, layer: str | None = None) -> Annotations:
        self.reads.append((document_id, layer))
        assert layer is not None
        return self.documents[document_id][1][layer]

    def document(self, document_id: int) -> Document:
        text = self.documents[document_id][0]
        return Document(document_id, f"d{document_id}", f"Title {document_id}", Status.TODO, text)


def fake() -> FakeProject:
    return FakeProject(
        {
            1: (
                "Alice and Acme Corp went home.",
                {
                    "gold": layer((0, 5, "PER"), (10, 19, "ORG")),
                    "bob": layer((0, 5, "PER"), (15, 19, "ORG")),
                    "alice": layer((0, 5, "PER"), (10, 19, "ORG")),
                },
            ),
            2: ("Bob left.", {"alice": layer((0, 3, "PER")), "gold": layer((0, 3, "PER"))}),
            3: ("Carol came.", {"bob": layer((0, 5, "PER")), "carol": layer((0, 5, "ORG"))}),
        }
    )


def test_measure_leaves_the_gold_out() -> None:
    project = fake()
    report = measure(project)
    assert report.annotators == ("alice", "bob", "carol")
    assert report.documents == 2  # documents 1 and 3; document 2 has one annotator
    assert all(layer != "gold" for _, layer in project.reads)
    pairs = {pair.annotators: pair for pair in report.pairs}
    assert pairs["alice", "bob"].documents == 1
    assert pairs["alice", "bob"].overall.span_f1_exact == 0.5
    assert pairs["alice", "carol"].documents == 0
    assert pairs["alice", "carol"].overall.span_f1_exact is None
    assert pairs["bob", "carol"].overall.span_f1_exact == 0.0
    assert list(report.labels) == ["PER", "ORG"]  # the schema's order
    assert report.per_document[0].title == "Title 3"


def test_measure_with_the_gold_named() -> None:
    report = measure(fake(), annotators=["alice", "gold"])
    assert report.annotators == ("alice", "gold")
    assert report.documents == 2  # documents 1 and 2 (document 2 has one annotator and the gold)
    (pair,) = report.pairs
    assert pair.overall.span_f1_exact == 1.0


def test_measure_chosen_documents() -> None:
    report = measure(fake(), document_ids=[1])
    assert report.documents == 1
    assert report.annotators == ("alice", "bob")


# -- speed -----------------------------------------------------------------------
def test_a_long_document_with_three_annotators_is_fast() -> None:
    generator = random.Random(3)
    words = ["Alpha", "beta", "gamma", "delta", ",", "."]
    text = " ".join(generator.choice(words) for _ in range(5000))
    tokens = get_tokenizer("rules").tokens(text)
    assert len(tokens) == 5000

    def annotate(seed: int) -> Annotations:
        chooser = random.Random(seed)
        found: list[tuple[int, int, str]] = []
        index = 0
        while index < len(tokens) - 3:
            if chooser.random() < 0.3:
                width = chooser.randint(1, 3)
                label = chooser.choice(sorted(ENTITIES))
                found.append((tokens[index][0], tokens[index + width - 1][1], label))
                index += width
            index += 1
        return layer(*found)

    layers = {name: annotate(seed) for seed, name in enumerate("abc")}
    compare(text, layers, ENTITIES)  # warm up: the token pattern is built on first use
    best = math.inf
    for _ in range(3):
        started = time.perf_counter()
        found = compare(text, layers, ENTITIES)
        aggregate([Compared(1, "d", "", found)], list(layers), sorted(ENTITIES))
        best = min(best, time.perf_counter() - started)
    assert best < 0.1, best
    assert found.tokens == 5000


def test_every_pair_is_compared_once() -> None:
    names = ["a", "b", "c", "d"]
    found = compare(LETTERS, {name: layer((0, 1, "PER")) for name in names}, ENTITIES)
    assert list(found.counts) == list(itertools.combinations(names, 2))
    assert found.figures.span_f1_exact == 1.0
    assert agreement.aggregate([Compared(1, "d", "", found)], names).overall.cohen_kappa == 1.0
