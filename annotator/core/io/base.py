"""What every reader and writer is given: options, a place to report losses, progress.

Readers are ``load(path, ctx: ReadContext) -> list[DocumentRecord]``: they read
and check everything and never touch a project (the import is all or nothing).
In a lenient import (``ctx.skip_invalid``, ``annotator import --skip-invalid``) a
reader that can tell records apart skips a bad one with :meth:`ReadContext.attempt`
instead of failing, and the skip is reported with its file and line; records that
fail :func:`check_record` or clash with the project are skipped by the import edit.
Writers are ``export(parts, target, ctx: ExportContext) -> None``: ``parts`` maps
a split name (``""`` when there is no split, else ``train``/``dev``/``test``) to
the documents of that part; ``target`` is a temporary file or folder that the
caller moves into place only when the writer returns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from annotator.core.errors import InputError, capped, no_progress, one_line
from annotator.core.io.losses import Losses
from annotator.core.io.tokens import Tokenizer, get_tokenizer
from annotator.core.model import Annotations, Document, Schema, Status
from annotator.core.model.records import DocumentRecord, RelationRecord, SpanRecord, check_record
from annotator.core.model.text import DecodeError, decode

ExportItem = tuple[Document, Annotations]
Parts = Mapping[str, Iterable[ExportItem]]

OFFSET_UNITS = ("auto", "codepoints", "utf16")
TAG_SCHEMES = ("auto", "iob1", "iob2", "bilou")

_T = TypeVar("_T")
_P = ParamSpec("_P")


@dataclass
class ReadContext:
    offsets: str = "auto"  # doccano / Label Studio: auto-detect UTF-16 offsets, or force a unit
    scheme: str = "auto"  # CoNLL: iob1, iob2 or bilou (auto: decided from the tags)
    progress: Callable[[int, int], None] = no_progress
    warnings: list[str] = field(default_factory=list)
    losses: Losses = field(default_factory=Losses)
    # label definitions a format carries (brat's annotation.conf); labels the
    # project lacks are added from it with their roles
    schema: Schema | None = None
    # lenient import: skip records that cannot be read (and say so) instead of failing
    skip_invalid: bool = False
    skipped: list[str] = field(default_factory=list)  # "x.jsonl line 3: why"

    def warn(self, message: str) -> None:
        # shown as a line, like an error: a value read from the file may be huge or hold breaks
        self.warnings.append(capped(one_line(message)))

    def attempt(
        self, where: str, read: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
    ) -> _T | None:
        """``read(*args, **kwargs)``; in a lenient import an InputError skips the
        record at ``where`` (and returns None) instead of failing the import."""
        if not self.skip_invalid:
            return read(*args, **kwargs)
        try:
            return read(*args, **kwargs)
        except InputError as exc:
            message = str(exc)
            named = message.startswith(f"{where}: ") or message.startswith(f"{where} ")
            self.skipped.append(message if named else f"{where}: {message}")
            return None


@dataclass
class ExportOptions:
    statuses: Sequence[Status] | None = None
    violations: str = "include"  # include | skip | only (annotator.core.validation)
    split: tuple[int, ...] | None = None  # percentages: (80, 10, 10) or (90, 10)
    seed: int = 0
    scheme: str = "iob2"  # CoNLL / Hugging Face tags: iob2 or bilou
    tokenizer: str = "auto"  # auto | spacy | rules (annotator.core.io.tokens)
    language: str = "en"  # spaCy language for the tokenizer
    offsets: str = "codepoints"  # doccano: codepoints, or utf16 for doccano's web UI
    triggers: bool = False  # CoNLL / Hugging Face: tag event trigger spans as well as entities
    # Whose annotations: "gold" (each document's adjudicated layer, else its only
    # annotator's), an annotator's name, or "all" (each document once per annotator).
    layer: str = "gold"


@dataclass
class ExportContext:
    schema: Schema
    options: ExportOptions = field(default_factory=ExportOptions)
    losses: Losses = field(default_factory=Losses)
    notes: list[str] = field(default_factory=list)  # facts for the summary
    _tokenizer: Tokenizer | None = None

    @property
    def tokenizer(self) -> Tokenizer:
        if self._tokenizer is None:
            self._tokenizer = get_tokenizer(self.options.tokenizer, self.options.language)
            self.notes.append(f"tokens and sentences: {self._tokenizer.description}")
        return self._tokenizer


class Tally(Counter[str]):
    """What a reader tells once for a whole file ("3 task(s) had several annotations"),
    counted, with the place each kind was first met, so the warning can point at it."""

    def __init__(self) -> None:
        super().__init__()
        self.first: dict[str, str] = {}

    def note(self, kind: str, at: str) -> None:
        self[kind] += 1
        self.first.setdefault(kind, at)

    def first_at(self, kind: str, source: str) -> str:
        """`` (the first at line 7)``, the place without its file name; "" if not met."""
        at = self.first.get(kind, "")
        return f" (the first at {at.removeprefix(source).lstrip(' :')})" if at else ""


# The largest integer every JSON reader keeps exactly (JavaScript's Number.MAX_SAFE_INTEGER).
SAFE_INTEGER = 2**53 - 1


def integer_id(uid: str) -> str | int:
    """The id a tool that numbers its records is given: ``"7"`` is written as 7, other
    ids (``"doc-7"``, ``"007"``, a number too large for a JSON reader) as they are."""
    # the length first: int() refuses a string of more than 4,300 digits
    fits = uid.isascii() and uid.isdigit() and len(uid) <= 16
    if fits and str(int(uid)) == uid and int(uid) <= SAFE_INTEGER:
        return int(uid)
    return uid


def part_files(
    parts: Parts, target: Path, suffix: str
) -> Iterator[tuple[str, Iterable[ExportItem], Path]]:
    """(part, documents, path) for single-file formats.

    Without a split the target is the file; with one it is a folder holding
    ``train.suffix``, ``dev.suffix``, ``test.suffix``.
    """
    for name, items in parts.items():
        yield name, items, (target / f"{name}{suffix}") if name else target


def read_text_file(path: Path) -> str:
    """A file's text, decoded as the project stores text (BOM removed, nothing else)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        return decode(data)
    except DecodeError as exc:
        raise InputError(f"{path}: {exc}") from None


def numbered_record(
    text: str,
    *,
    uid: str | None,
    meta: dict[str, Any],
    status: Status,
    spans: Sequence[tuple[int, int, str]],
    relations: Sequence[tuple[int, int, str]],
    source: str,
) -> DocumentRecord:
    """A checked record of ``(start, end, label)`` spans, numbered T1, T2, ..., and
    ``(head, tail, type)`` relations, numbered R1, R2, ..., whose ends index ``spans``."""
    record = DocumentRecord(
        text=text,
        uid=uid,
        meta=meta,
        status=status,
        spans=[
            SpanRecord(f"T{number}", start, end, label)
            for number, (start, end, label) in enumerate(spans, 1)
        ],
        relations=[
            RelationRecord(f"R{number}", kind, f"T{head + 1}", f"T{tail + 1}")
            for number, (head, tail, kind) in enumerate(relations, 1)
        ],
        source=source,
    )
    check_record(record)
    return record
