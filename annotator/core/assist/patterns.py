"""Patterns and word lists: the ``patterns`` suggestion source (docs/suggestions.md).

Two kinds of file, as many as wanted:

* spaCy-style JSONL pattern files, read as spaCy's EntityRuler and SpanRuler (and
  Prodigy) read them: one JSON object a line with a ``label`` and a ``pattern``, a
  string (a phrase pattern, matched token by token, case and all) or a list of token
  descriptions (a token pattern: ``[{"LOWER": "san"}, {"LOWER": "francisco"}]``),
  and optionally an ``id``;
* word lists, one term a line (blank lines and lines starting with ``#`` ignored):
  ``LABEL=path`` gives the label, or a ``.txt`` file is named for it (``PER.txt``).

spaCy does the matching (a blank pipeline's tokenizer and its ``span_ruler``), so
patterns behave exactly as they do in spaCy. Overlapping matches are all kept:
``San Francisco`` and ``San Francisco Bay`` may both be proposed, and nested
annotation gets its inner spans. Every match scores :data:`SCORE`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotator.core.assist.suggestions import Suggestion
from annotator.core.errors import InputError, MissingDependency, one_line
from annotator.core.model import Annotations, Document

__all__ = ["SCORE", "PatternSource", "parse_entry", "read_patterns"]

SCORE = 0.9  # a pattern match is likely, not certain: "Apple" may be the fruit
_SPANS_KEY = "annotator_patterns"

Pattern = dict[str, Any]


def _spacy() -> Any:
    try:
        import spacy
    except ImportError:
        raise MissingDependency("Pattern suggestions", "spaCy", "assist") from None
    return spacy


def parse_entry(entry: str, base: Path | None = None) -> tuple[Path, str | None]:
    """The file an entry names and, for a word list, its label (None: a pattern file).

    ``LABEL=path`` is a word list for LABEL (unless the whole entry is the name of an
    existing file); a ``.txt`` path is a word list for the label its name gives
    (``PER.txt``); anything else is a JSONL pattern file. A relative path is looked
    for in ``base`` (the project's folder) when given, then in the current folder.
    """

    def located(name: str) -> Path:
        path = Path(name).expanduser()
        if base is None or path.is_absolute():
            return path
        beside = base / path
        return path if not beside.exists() and path.exists() else beside

    whole = located(entry)
    if "=" in entry and not whole.is_file():
        label, _, name = entry.partition("=")
        label = label.strip()
        if not label or not name.strip():
            raise InputError(f"word list {entry!r}: write it as LABEL=path (e.g. PER=names.txt)")
        return located(name.strip()), label
    if whole.suffix.lower() == ".txt":
        return whole, whole.stem
    return whole, None


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"pattern file {path} does not exist") from None
    except IsADirectoryError:
        raise InputError(f"pattern file {path} is a folder, not a file") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise InputError(f"{path} line {line}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"pattern file {path} cannot be read: {exc.strerror or exc}") from None


def read_word_list(path: Path, label: str) -> list[tuple[int, Pattern]]:
    """(line number, phrase pattern) for every term of a word list."""
    out = []
    for number, line in enumerate(_read_text(path).splitlines(), 1):
        term = line.strip()
        if term and not term.startswith("#"):
            out.append((number, {"label": label, "pattern": term}))
    if not out:
        raise InputError(f"word list {path} has no terms (one a line; # starts a comment)")
    return out


def read_patterns(path: Path) -> list[tuple[int, Pattern]]:
    """(line number, pattern) for every line of a JSONL pattern file, checked as
    spaCy would take it (token attributes are checked when the pattern is added)."""
    out = []
    for number, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path} line {number}"
        try:
            data = json.loads(line)
        except ValueError as exc:
            message = getattr(exc, "msg", str(exc))
            raise InputError(f"{where}: not valid JSON ({message})") from None
        if not isinstance(data, dict):
            raise InputError(f'{where}: expected an object like {{"label": ..., "pattern": ...}}')
        label, pattern = data.get("label"), data.get("pattern")
        if "label" not in data or "pattern" not in data:
            missing = "label" if "label" not in data else "pattern"
            raise InputError(f'{where}: no "{missing}"')
        if not isinstance(label, str) or not label.strip():
            raise InputError(f'{where}: "label" must be a non-empty string')
        if isinstance(pattern, str):
            if not pattern.strip():
                raise InputError(f'{where}: the phrase "pattern" is empty')
        elif isinstance(pattern, list):
            if not pattern:
                raise InputError(f'{where}: the token "pattern" is an empty list')
            if not all(isinstance(token, dict) for token in pattern):
                raise InputError(
                    f'{where}: a token "pattern" is a list of objects like {{"LOWER": "san"}}'
                )
        else:
            raise InputError(
                f'{where}: "pattern" must be a string (a phrase) or a list of token '
                f"objects, not {type(pattern).__name__}"
            )
        entry: Pattern = {"label": label, "pattern": pattern}
        if "id" in data:
            if not isinstance(data["id"], str):
                raise InputError(f'{where}: "id" must be a string')
            entry["id"] = data["id"]
        out.append((number, entry))
    if not out:
        raise InputError(f"pattern file {path} has no patterns (one JSON object a line)")
    return out


def _pattern_error(exc: Exception) -> str:
    """spaCy's (multi-line) complaint about a token pattern, in one line."""
    text = str(exc)
    details = [line[2:].strip() for line in text.splitlines() if line.startswith("- ")]
    if details:
        return "; ".join(details)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return first


class PatternSource:
    """Matches of pattern files and word lists, found by spaCy's ``span_ruler``."""

    name = "patterns"
    reads_annotations = False  # the text alone: asked once per document

    def __init__(self, patterns: Sequence[tuple[str, int, Pattern]], language: str = "en") -> None:
        """``patterns``: (file name, line number, pattern) - the file and line name the
        pattern in an error message."""
        spacy = _spacy()
        try:
            self.nlp = spacy.blank(language)
        except Exception as exc:  # spaCy raises ImportError/KeyError variants for languages
            raise InputError(f"spaCy has no language {language!r} ({exc})") from None
        # only a tokenizer and the matchers run: no need for spaCy's length limit
        self.nlp.max_length = 2**31 - 1
        self.ruler = self.nlp.add_pipe(
            "span_ruler", config={"spans_key": _SPANS_KEY, "validate": True}
        )
        phrases: list[Pattern] = []
        for name, number, pattern in patterns:
            if isinstance(pattern["pattern"], str):
                phrases.append(pattern)
                continue
            try:
                self.ruler.add_patterns([pattern])
            except Exception as exc:  # MatchPatternError, ValueError: spaCy's word
                raise InputError(
                    one_line(f"{name} line {number}: invalid token pattern: {_pattern_error(exc)}")
                ) from None
        if phrases:
            self.ruler.add_patterns(phrases)
        self.labels = tuple(sorted({pattern["label"] for _, _, pattern in patterns}))
        self.count = len(patterns)

    @classmethod
    def from_files(
        cls, entries: Sequence[str], *, base: Path | None = None, language: str = "en"
    ) -> PatternSource:
        """Read every pattern file and word list (see :func:`parse_entry`)."""
        _spacy()  # say that spaCy is missing before complaining about a file
        if not entries:
            raise InputError("no pattern file or word list is chosen")
        patterns: list[tuple[str, int, Pattern]] = []
        for entry in entries:
            path, label = parse_entry(entry, base)
            found = read_patterns(path) if label is None else read_word_list(path, label)
            patterns.extend((str(path), number, pattern) for number, pattern in found)
        return cls(patterns, language)

    def suggest(self, document: Document, annotations: Annotations) -> list[Suggestion]:
        doc = self.nlp(document.text)
        seen = set()
        out = []
        for span in doc.spans[_SPANS_KEY]:
            key = (span.start_char, span.end_char, span.label_)
            if key not in seen:
                seen.add(key)
                out.append(Suggestion(key[0], key[1], key[2], SCORE, self.name))
        return out
