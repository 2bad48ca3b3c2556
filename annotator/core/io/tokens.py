"""Tokens and sentences for the token-based formats (CoNLL, Hugging Face, Prodigy, OneIE).

Two named tokenizers: ``spacy`` (a blank spaCy pipeline with its sentencizer,
used when spaCy is installed) and ``rules`` (a small rule-based one of our own,
always available). Either way:

* tokens are code-point ``[start, end)`` ranges; whitespace is never a token
  nor part of one; a word keeps its combining marks (rule tokenizer: also ZWJ
  emoji sequences and flags stay whole);
* a token that an annotated span starts or ends inside is split there, so
  annotations always fall on token edges in our own token formats;
* sentences end at line breaks (any that ``str.splitlines`` knows) and after
  ``. ! ?`` followed by a capital, digit or opening quote (the rule splitter
  knows common abbreviations), but never inside an annotated span: sentences a
  span crosses are joined.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import InputError

TOKENIZERS = ("auto", "spacy", "rules")


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    tokens: list[tuple[int, int]] = field(default_factory=list)


# Characters that belong to the character before them: combining marks (Devanagari
# vowel signs, Arabic harakat, a decomposed "u\u0308"), which \w does not match, plus
# variation selectors, skin-tone modifiers and emoji tag characters.
_EXTENDERS = "\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
# Invisible separators (as in annotator.core.text): never a token or part of one.
_INVISIBLE = "\u200b\u2060\ufeff"


@functools.cache
def _token_pattern() -> re.Pattern[str]:
    """Built on first use: the combining-mark class takes a scan of Unicode (~0.1 s)."""
    marks = _ranges(
        code
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)).startswith("M")
    )
    extend = f"[{marks}{_EXTENDERS}]"
    letter = rf"(?:[^\W_]{extend}*(?:[\u200c\u200d](?=[^\W_]))?)"  # ZWNJ/ZWJ inside words
    return re.compile(
        rf"""
        (?:[^\W\d_]\.){{2,}}                   # initialisms: U.S. e.g.
        | \d+(?:[.,:/]\d+)*%?                  # numbers: 1,000.5  12:30  3/4  7%
        | {letter}+(?:['’]{letter}+)*(?:-{letter}+)*  # words, don't, well-known, हिन्दी
        | [\U0001f1e6-\U0001f1ff]{{2}}           # a flag: a pair of regional indicators
        | [^\s{_INVISIBLE}]{extend}*(?:\u200d[^\s{_INVISIBLE}]{extend}*)*  # anything else, one
                                               # character with its marks; ZWJ emoji sequences
        """,
        re.VERBOSE,
    )


def _ranges(codes: Iterable[int]) -> str:
    """A regex character-class body for sorted code points: runs become ``a-z``."""
    parts: list[str] = []
    run: list[int] = []
    for code in codes:
        if run and code == run[-1] + 1:
            run.append(code)
            continue
        if run:
            parts.append(_run(run[0], run[-1]))
        run = [code]
    if run:
        parts.append(_run(run[0], run[-1]))
    return "".join(parts)


def _run(first: int, last: int) -> str:
    if first == last:
        return re.escape(chr(first))
    return f"{re.escape(chr(first))}-{re.escape(chr(last))}"


_ENDERS = {".", "!", "?", "…"}
_CLOSERS = {'"', "'", "”", "’", ")", "]", "»"}
_OPENERS = {'"', "'", "“", "‘", "(", "[", "«"}
# titles, company words, months and days: a full stop after these rarely ends a sentence
_ABBREVIATION_WORDS = (
    "mr mrs ms dr prof st jr sr gen col lt sgt capt cmdr adm gov sen rep pres rev hon "
    "inc corp co ltd llc bros no vs etc approx dept univ est fig al "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())


class Tokenizer:
    """The rule-based tokenizer and sentence splitter (``rules``)."""

    name = "rules"
    description = "rule-based tokenizer and sentence splitter (annotator)"

    def tokens(self, text: str) -> list[tuple[int, int]]:
        return [match.span() for match in _token_pattern().finditer(text)]

    def sentence_starts(self, text: str, tokens: Sequence[tuple[int, int]]) -> set[int]:
        """Indexes of tokens that begin a sentence (besides the first)."""
        starts = set()
        for index in range(1, len(tokens)):
            previous_end = tokens[index - 1][1]
            gap = text[previous_end : tokens[index][0]]
            if _has_line_break(gap):
                starts.add(index)
                continue
            if not gap:
                continue
            # walk back over closing quotes to the punctuation mark
            back = index - 1
            while back > 0 and text[tokens[back][0] : tokens[back][1]] in _CLOSERS:
                back -= 1
            mark = text[tokens[back][0] : tokens[back][1]]
            if mark not in _ENDERS:
                if mark.endswith(".") and len(mark) > 2 and mark[-2] != ".":
                    pass  # "U.S." may end a sentence: judged by what follows
                else:
                    continue
            if mark == "." and back > 0:
                word = text[tokens[back - 1][0] : tokens[back - 1][1]]
                adjacent = tokens[back - 1][1] == tokens[back][0]
                if adjacent and (word.lower() in _ABBREVIATIONS or _is_initial(word)):
                    continue
            following = text[tokens[index][0] : tokens[index][1]]
            first = following[0]
            if first.isupper() or first.isdigit() or following in _OPENERS:
                starts.add(index)
        return starts

    def segment(
        self, text: str, spans: Iterable[tuple[int, int]] = (), *, split_at_spans: bool = True
    ) -> list[Sentence]:
        """Sentences of tokens; spans' edges split tokens and spans join sentences."""
        span_list = [(s, e) for s, e in spans if s < e]
        tokens = self.tokens(text)
        if split_at_spans and span_list:
            tokens = split_tokens(tokens, {p for span in span_list for p in span})
        if not tokens:
            return []
        starts = self.sentence_starts(text, tokens)
        if span_list and starts:
            token_starts = [t[0] for t in tokens]
            for start, end in span_list:
                # no sentence may begin at a token strictly inside a span
                first = bisect.bisect_right(token_starts, start)
                last = bisect.bisect_left(token_starts, end)
                for index in range(first, last):
                    starts.discard(index)
        sentences: list[Sentence] = []
        current: list[tuple[int, int]] = []
        for index, token in enumerate(tokens):
            if index in starts and current:
                sentences.append(Sentence(current[0][0], current[-1][1], current))
                current = []
            current.append(token)
        sentences.append(Sentence(current[0][0], current[-1][1], current))
        return sentences


# what str.splitlines() breaks lines at: \n, \r, but also NEL, U+2028, U+2029...
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _has_line_break(gap: str) -> bool:
    return not _LINE_BREAKS.isdisjoint(gap)


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isalpha() and word.isupper()


def split_tokens(tokens: Sequence[tuple[int, int]], cuts: set[int]) -> list[tuple[int, int]]:
    """Split every token that a cut position falls strictly inside."""
    if not cuts:
        return list(tokens)
    ordered = sorted(cuts)
    out: list[tuple[int, int]] = []
    for start, end in tokens:
        index = bisect.bisect_right(ordered, start)
        if index == len(ordered) or ordered[index] >= end:
            out.append((start, end))
            continue
        position = start
        while index < len(ordered) and ordered[index] < end:
            out.append((position, ordered[index]))
            position = ordered[index]
            index += 1
        out.append((position, end))
    return out


class SpacyTokenizer(Tokenizer):
    """spaCy's tokenizer for a language (blank pipeline) and its rule-based sentencizer."""

    name = "spacy"

    def __init__(self, language: str = "en") -> None:
        import spacy  # optional extra: pip install 'annotator[spacy]'

        try:
            self.nlp: Any = spacy.blank(language)
        except Exception as exc:  # spaCy raises ImportError/KeyError variants for languages
            raise InputError(f"spaCy has no language {language!r} ({exc})") from None
        self.nlp.add_pipe("sentencizer")
        # spaCy refuses texts over 1,000,000 characters by default (its parser and NER
        # would need too much memory); a tokenizer and sentencizer do not.
        self.nlp.max_length = 2**31 - 1
        self.language = language
        self.description = (
            f"spaCy {spacy.about.__version__} blank '{language}' tokenizer + sentencizer"
        )
        self._doc: Any = None
        self._text: str | None = None

    def _parse(self, text: str) -> Any:
        # tokens() and sentence_starts() of one segment() share a parse (Doc.text is
        # rebuilt on every access, so compare with the string we parsed)
        if self._doc is None or self._text is not text:
            self._doc = self.nlp(text)
            self._text = text
        return self._doc

    def tokens(self, text: str) -> list[tuple[int, int]]:
        return [
            (token.idx, token.idx + len(token.text))
            for token in self._parse(text)
            if not token.is_space
        ]

    def sentence_starts(self, text: str, tokens: Sequence[tuple[int, int]]) -> set[int]:
        doc = self._parse(text)
        sentence_chars = sorted(sent.start_char for sent in doc.sents)
        starts = Tokenizer.sentence_starts(self, text, tokens)
        # keep our line-break rule; take spaCy's decision on punctuation
        token_starts = [t[0] for t in tokens]
        line_starts = {i for i in starts if _has_line_break(text[tokens[i - 1][1] : tokens[i][0]])}
        spacy_starts = set()
        for char in sentence_chars[1:]:
            index = bisect.bisect_left(token_starts, char)
            if 0 < index < len(tokens):
                spacy_starts.add(index)
        return line_starts | spacy_starts


def spacy_available() -> bool:
    try:
        import spacy  # noqa: F401
    except ImportError:
        return False
    return True


def get_tokenizer(name: str = "auto", language: str = "en") -> Tokenizer:
    """``auto`` is spaCy when it is installed, else the rule-based tokenizer."""
    if name not in TOKENIZERS:
        raise InputError(f"unknown tokenizer {name!r} (use {', '.join(TOKENIZERS)})")
    if name == "rules" or (name == "auto" and not spacy_available()):
        return Tokenizer()
    if name == "spacy" and not spacy_available():
        raise InputError(
            "the spacy tokenizer needs spaCy, which is not installed "
            "(pip install 'annotator[spacy]'), or use --tokenizer rules"
        )
    return SpacyTokenizer(language)
