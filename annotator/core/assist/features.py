"""Token features for the suggestion model (:mod:`.crf`), built fast.

A token's features are strings (python-crfsuite takes a list of strings per item,
each a binary feature): its own word's (lower case, shape, two- and three-letter
prefix and suffix, title/upper/digit, a non-ASCII letter) and its neighbours' at
-2..+2 (lower case and shape), plus where it stands (a line's or a sentence's first
token). Everything that depends on the word alone is computed once per distinct word
and kept in a dict, so a 5 KB article (~900 tokens, ~400 distinct words) takes about
a millisecond; the per-token work is joining ready-made lists.

Bump :data:`VERSION` when features change: a model trained with other features is
refused on loading (retrain).
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.io.tokens import Tokenizer

VERSION = 1

Features = list[str]
_OFFSETS = (-2, -1, 1, 2)
_ENDERS = frozenset({".", "!", "?", "…"})
_CACHE_LIMIT = 200_000  # distinct words kept before the cache starts over


def shape(word: str) -> str:
    """``Xxxx`` -> ``Xx``, ``2024`` -> ``d``, ``al-Assad`` -> ``x-Xx``: runs collapsed."""
    out: list[str] = []
    last = ""
    for char in word:
        if char.isupper():
            kind = "X"
        elif char.islower():
            kind = "x"
        elif char.isdigit():
            kind = "d"
        elif char.isalpha():
            kind = "a"  # a letter without case (CJK, Arabic)
        else:
            kind = char
        if kind != last:
            out.append(kind)
            last = kind
    return "".join(out)


class Featurizer:
    """Feature lists for a text's tokens; one per model (its word cache grows with use)."""

    def __init__(self) -> None:
        self.tokenizer = Tokenizer()
        # word -> (its own features, its features as neighbour at -2, -1, +1, +2)
        self._words: dict[str, tuple[Features, tuple[Features, ...]]] = {}

    def _word(self, word: str) -> tuple[Features, tuple[Features, ...]]:
        known = self._words.get(word)
        if known is not None:
            return known
        if len(self._words) >= _CACHE_LIMIT:
            self._words.clear()
        lower = word.lower()
        form = shape(word)
        own = [
            "b",
            "w=" + lower,
            "s=" + form,
            "p2=" + lower[:2],
            "p3=" + lower[:3],
            "x2=" + lower[-2:],
            "x3=" + lower[-3:],
        ]
        if word.istitle():
            own.append("T")
        if word.isupper():
            own.append("U")
        if word.isdigit():
            own.append("D")
        if not word.isascii() and any(c.isalpha() and not c.isascii() for c in word):
            own.append("N")
        near = tuple([f"{o:+d}w={lower}", f"{o:+d}s={form}"] for o in _OFFSETS)
        entry = (own, near)
        self._words[word] = entry
        return entry

    def tokens(self, text: str) -> list[tuple[int, int]]:
        return self.tokenizer.tokens(text)

    def sequence(self, text: str, tokens: Sequence[tuple[int, int]]) -> list[Features]:
        """One feature list per token."""
        entries = [self._word(text[start:end]) for start, end in tokens]
        count = len(entries)
        out: list[Features] = []
        previous_end = 0
        for index, (start, end) in enumerate(tokens):
            own, _ = entries[index]
            features = own.copy()
            if index >= 2:
                features += entries[index - 2][1][0]
            else:
                features.append("-2:bos")
            if index >= 1:
                features += entries[index - 1][1][1]
                gap = text[previous_end:start]
                if "\n" in gap or "\r" in gap:
                    features.append("ls")
                    features.append("ss")
                elif text[tokens[index - 1][0] : previous_end] in _ENDERS:
                    features.append("ss")
            else:
                features += ("-1:bos", "ls", "ss")
            if index + 1 < count:
                features += entries[index + 1][1][2]
            else:
                features.append("+1:eos")
            if index + 2 < count:
                features += entries[index + 2][1][3]
            else:
                features.append("+2:eos")
            out.append(features)
            previous_end = end
        return out


def sentences(sequence: Sequence[Features]) -> list[tuple[int, int]]:
    """``(first, end)`` token indexes of the sentences of a :meth:`Featurizer.sequence`
    (a sentence starts at a line's first token or after ``. ! ? …``)."""
    starts = [index for index, items in enumerate(sequence) if index and "ss" in items]
    bounds = [0, *starts, len(sequence)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if bounds[i] < bounds[i + 1]]
