"""Tokens and sentences for the token formats (annotator.core.io.tokens).

Both tokenizers must give the same guarantees: tokens are non-empty, ordered,
disjoint slices without whitespace; every span edge is a token edge; no sentence
boundary falls inside a span.
"""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import InputError
from annotator.core.io import tokens as tokens_module
from annotator.core.io.tokens import (
    Sentence,
    SpacyTokenizer,
    Tokenizer,
    get_tokenizer,
    split_tokens,
)

NAMES = [
    "rules",
    pytest.param(
        "spacy",
        marks=pytest.mark.skipif(
            not tokens_module.spacy_available(), reason="spaCy is not installed"
        ),
    ),
]


@pytest.fixture(scope="module", params=NAMES)
def tokenizer(request: pytest.FixtureRequest) -> Tokenizer:
    return get_tokenizer(request.param)


@pytest.fixture(scope="module")
def rules() -> Tokenizer:
    return get_tokenizer("rules")


def words(text: str, tokenizer: Tokenizer, spans: list[tuple[int, int]] | None = None) -> list[str]:
    found = tokenizer.segment(text, spans or [])
    return [text[s:e] for sentence in found for s, e in sentence.tokens]


def sentences(
    text: str, tokenizer: Tokenizer, spans: list[tuple[int, int]] | None = None
) -> list[str]:
    return [text[s.start : s.end] for s in tokenizer.segment(text, spans or [])]


# -- the rule tokenizer --------------------------------------------------------
def test_rule_words_and_numbers(rules: Tokenizer) -> None:
    text = "Don't stop: well-known 1,000.5 at 12:30, 3/4 or 7%!"
    assert words(text, rules) == [
        "Don't", "stop", ":", "well-known", "1,000.5", "at", "12:30", ",", "3/4", "or", "7%", "!",
    ]  # fmt: skip


def test_rule_abbreviations_and_initials_do_not_end_sentences(rules: Tokenizer) -> None:
    text = "Mr. Smith met Dr. Jones in Jan. 2020. J. R. R. Tolkien wrote it. The U.S. forces left."
    assert sentences(text, rules) == [
        "Mr. Smith met Dr. Jones in Jan. 2020.",
        "J. R. R. Tolkien wrote it.",
        "The U.S. forces left.",
    ]
    assert "U.S." in words(text, rules)
    # an initialism may end a sentence: a capital after it starts the next one
    assert sentences("They left the U.S. Then it rained.", rules) == [
        "They left the U.S.",
        "Then it rained.",
    ]


def test_rule_quotes_and_brackets(rules: Tokenizer) -> None:
    text = '"Stop." He left. (It rained.) "Why?" she asked.'
    assert sentences(text, rules) == ['"Stop."', "He left.", "(It rained.)", '"Why?" she asked.']
    assert words('"Stop."', rules) == ['"', "Stop", ".", '"']


def test_rule_lowercase_after_full_stop_continues(rules: Tokenizer) -> None:
    assert sentences("It cost approx. ten dollars. then more", rules) == [
        "It cost approx. ten dollars. then more"
    ]


def test_rule_scripts_keep_their_marks(rules: Tokenizer) -> None:
    # Devanagari vowel signs, Arabic harakat and decomposed accents are combining
    # marks, which \w does not match: they stay in their word.
    assert words("हिन्दी भाषा", rules) == ["हिन्दी", "भाषा"]
    assert words("مُحَمَّد ذهب", rules) == ["مُحَمَّد", "ذهب"]
    assert words("Zu\u0308rich", rules) == ["Zu\u0308rich"]
    assert words("می\u200cخواهم", rules) == ["می\u200cخواهم"]  # ZWNJ inside a Persian word


def test_rule_emoji_sequences_are_one_token(rules: Tokenizer) -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    text = f"{family} \U0001f44d\U0001f3fd \u2764\ufe0f \U0001f1fa\U0001f1e6\U0001f1ef\U0001f1f5"
    assert words(text, rules) == [
        family, "\U0001f44d\U0001f3fd", "\u2764\ufe0f", "\U0001f1fa\U0001f1e6",
        "\U0001f1ef\U0001f1f5",
    ]  # fmt: skip


def test_rule_invisible_separators_are_not_tokens(rules: Tokenizer) -> None:
    assert words("a\u200bb \ufeffc", rules) == ["a", "b", "c"]


# -- both tokenizers -----------------------------------------------------------
def test_newlines_end_sentences(tokenizer: Tokenizer) -> None:
    for newline in ("\n", "\r\n", "\r", "\u2028", "\u2029", "\x85"):
        text = f"first line{newline}second line"
        assert sentences(text, tokenizer) == ["first line", "second line"], repr(newline)


def test_crlf_is_never_in_a_token(tokenizer: Tokenizer) -> None:
    text = "One.\r\nTwo three.\r\n\r\nFour"
    assert words(text, tokenizer) == ["One", ".", "Two", "three", ".", "Four"]
    assert sentences(text, tokenizer) == ["One.", "Two three.", "Four"]


def test_full_stop_and_capital_end_a_sentence(tokenizer: Tokenizer) -> None:
    assert sentences("Police came. The crowd left! Was it over?", tokenizer) == [
        "Police came.", "The crowd left!", "Was it over?"
    ]  # fmt: skip


def test_non_bmp_offsets_are_code_points(tokenizer: Tokenizer) -> None:
    text = "\U0001f600 Paris is calm."
    found = [t for s in tokenizer.segment(text) for t in s.tokens]
    assert (2, 7) in found and text[2:7] == "Paris"


def test_span_edges_split_tokens(tokenizer: Tokenizer) -> None:
    text = "The New Yorkers left."
    assert words(text, tokenizer, [(4, 12)]) == ["The", "New", "York", "ers", "left", "."]


def test_spans_join_sentences(tokenizer: Tokenizer) -> None:
    text = "It ended. Then it began. Done."
    assert len(sentences(text, tokenizer)) == 3
    assert sentences(text, tokenizer, [(3, 14)]) == ["It ended. Then it began.", "Done."]
    # a line break inside a span does not split it either
    assert sentences("New\nYork is big", tokenizer, [(0, 8)]) == ["New\nYork is big"]


def test_empty_and_blank_texts(tokenizer: Tokenizer) -> None:
    assert tokenizer.segment("") == []
    assert tokenizer.segment(" \n\t ") == []
    assert tokenizer.segment("  x  ") == [Sentence(2, 3, [(2, 3)])]


def test_split_tokens() -> None:
    assert split_tokens([(0, 5), (6, 9)], {2, 4, 6, 9}) == [(0, 2), (2, 4), (4, 5), (6, 9)]
    assert split_tokens([(0, 5)], set()) == [(0, 5)]


# -- properties ------------------------------------------------------------------
FRAGMENTS = st.sampled_from([
    "The", "Syrian Army", "evacuated", "Palmyra", "on Sunday.", " ", "  ", "\n", "\r\n", "\t",
    "Mr.", "U.S.", "e.g.", "don't", "well-known", "1,000.5", "7%", '"', "(", ")", ".", "!", "?",
    "\u2028", "\u00a0", "\u3000", "\u200b", "\u200d", "\u0301", "\U0001f600",
    "\U0001f44d\U0001f3fd",
    "\U0001f468\u200d\U0001f469", "\U0001f1fa\U0001f1e6", "हिन्दी", "مُحَمَّد", "東京都", "Zu\u0308rich",
    "-DOCSTART-", "_", "'", "’", "…", "—",
])  # fmt: skip
TEXTS = st.lists(
    st.one_of(FRAGMENTS, st.text(st.characters(blacklist_categories=["Cs"]), max_size=3)),
    max_size=25,
).map("".join)


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(TEXTS)
    if len(text) < 1:
        return text, []
    points = st.integers(0, len(text))
    pairs = draw(st.lists(st.tuples(points, points), max_size=6))
    return text, [(min(a, b), max(a, b)) for a, b in pairs if a != b]


def check_segmentation(tokenizer: Tokenizer, text: str, spans: list[tuple[int, int]]) -> None:
    found = tokenizer.segment(text, spans)
    flat = [token for sentence in found for token in sentence.tokens]
    for start, end in flat:
        piece = text[start:end]
        assert 0 <= start < end <= len(text)
        assert piece and not any(ch.isspace() for ch in piece), repr(piece)
    for (_, end), (start, _) in itertools.pairwise(flat):
        assert end <= start  # ordered and disjoint
    for sentence in found:
        assert sentence.tokens
        assert (sentence.start, sentence.end) == (sentence.tokens[0][0], sentence.tokens[-1][1])
    for start, end in spans:
        for edge in (start, end):
            assert not any(s < edge < e for s, e in flat), (edge, text)
        touched = {
            index
            for index, sentence in enumerate(found)
            for s, e in sentence.tokens
            if s < end and start < e
        }
        assert len(touched) <= 1, (start, end, text)
    # nothing but whitespace (and, for the rules, invisible separators) is left out
    covered = set()
    for start, end in flat:
        covered.update(range(start, end))
    for index, ch in enumerate(text):
        if index not in covered:
            assert ch.isspace() or ch in "\u200b\u2060\ufeff", (ch, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_and_spans())
def test_rules_segmentation_properties(case: tuple[str, list[tuple[int, int]]]) -> None:
    check_segmentation(Tokenizer(), *case)


@pytest.mark.skipif(not tokens_module.spacy_available(), reason="spaCy is not installed")
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_and_spans())
def test_spacy_segmentation_properties(case: tuple[str, list[tuple[int, int]]]) -> None:
    check_segmentation(_spacy(), *case)


_SPACY: list[Tokenizer] = []


def _spacy() -> Tokenizer:
    if not _SPACY:
        _SPACY.append(get_tokenizer("spacy"))
    return _SPACY[0]


# -- choosing a tokenizer --------------------------------------------------------
def test_get_tokenizer_without_spacy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens_module, "spacy_available", lambda: False)
    assert get_tokenizer("auto").name == "rules"
    assert get_tokenizer("rules").name == "rules"
    with pytest.raises(InputError, match="needs spaCy"):
        get_tokenizer("spacy")


def test_get_tokenizer_refuses_unknown_names() -> None:
    with pytest.raises(InputError, match="unknown tokenizer 'nltk'"):
        get_tokenizer("nltk")


@pytest.mark.skipif(not tokens_module.spacy_available(), reason="spaCy is not installed")
def test_spacy_tokenizer_details() -> None:
    tokenizer = get_tokenizer("auto")
    assert isinstance(tokenizer, SpacyTokenizer)
    assert "spaCy" in tokenizer.description and "'en'" in tokenizer.description
    with pytest.raises(InputError, match="no language 'zz-nope'"):
        SpacyTokenizer("zz-nope")
    # spaCy abbreviations: one sentence
    assert sentences("Mr. Smith left.", tokenizer) == ["Mr. Smith left."]


@pytest.mark.skipif(not tokens_module.spacy_available(), reason="spaCy is not installed")
def test_spacy_tokenizer_takes_texts_over_a_million_characters() -> None:
    text = "Word word. " * 91_000 + "End"  # 1,001,003 characters; spaCy's default limit is 1e6
    begun = time.perf_counter()
    found = get_tokenizer("spacy").segment(text)
    assert found[-1].tokens[-1] == (len(text) - 3, len(text))
    assert time.perf_counter() - begun < 60
