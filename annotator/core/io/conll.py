"""CoNLL / BIO column files (docs/formats/conll.md): one token and its tag a line.

Export: per document a ``-DOCSTART- -X- O O`` line (the exact delimiter spaCy's
``spacy convert -c ner`` looks for; readers that test ``startswith("-DOCSTART-")``
take it too) and a blank line, then ``TOKEN TAG`` lines, a blank line after each
sentence. Tags are IOB2 unless the export asks for IOB1 or BILOU.

Import: token first, tag last, any columns between ignored; tab- or
space-separated. ``-DOCSTART-`` lines split documents, blank lines sentences.
Files carry no text, so a document's text is rebuilt: tokens joined by one
space, sentences by ``\\n``; span offsets refer to that text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.io.base import ExportContext, Parts, ReadContext, part_files, read_text_file
from annotator.core.io.tags import (
    SCHEMES,
    TITLES,
    TagError,
    check_scheme,
    decode,
    detect_scheme,
    split_tag,
    tag_document,
)
from annotator.core.model.records import DocumentRecord, SpanRecord

DOCSTART = "-DOCSTART- -X- O O"
SUFFIXES = frozenset({".conll", ".bio", ".iob", ".iob2", ".bilou", ".txt", ".tsv"})
# A file without -DOCSTART- lines is one document, unless it is longer than this:
# a corpus of sentences with no document boundaries (WNUT, many BIO dumps) would
# otherwise become one document too big to annotate comfortably.
MAX_SENTENCES = 1000


# -- writing -------------------------------------------------------------------
def export(parts: Parts, target: Path, ctx: ExportContext) -> None:
    scheme = check_scheme(ctx.options.scheme)
    ctx.tokenizer  # noqa: B018 - load it now, so its note comes before ours
    ctx.notes.append(f"tags: {TITLES[scheme]}")
    renamed: dict[str, str] = {}
    for _name, items, path in part_files(parts, target, ".conll"):
        with path.open("w", encoding="utf-8", newline="\n") as out:
            for document, annotations in items:
                out.write(f"{DOCSTART}\n\n")
                for sentence in tag_document(document, annotations, ctx, scheme):
                    for token, tag in zip(sentence.tokens, sentence.tags, strict=True):
                        out.write(f"{_no_spaces(token)} {_tag(tag, renamed)}\n")
                    out.write("\n")
    for label, written in renamed.items():
        ctx.notes.append(f"label {label!r} written as {written!r} (columns cannot hold spaces)")


def _no_spaces(token: str) -> str:
    # the tokenizers never put whitespace in a token; a guard, as one would shift columns
    return "_".join(token.split()) if any(ch.isspace() for ch in token) else token


def _tag(tag: str, renamed: dict[str, str]) -> str:
    if not any(ch.isspace() for ch in tag):
        return tag
    prefix, label = tag.split("-", 1)
    written = renamed.setdefault(label, _no_spaces(label))
    return f"{prefix}-{written}"


# -- reading -------------------------------------------------------------------
@dataclass
class _Sentence:
    tokens: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


@dataclass
class _Document:
    sentences: list[_Sentence] = field(default_factory=list)


def load(path: Path, ctx: ReadContext) -> list[DocumentRecord]:
    if ctx.scheme != "auto" and ctx.scheme not in SCHEMES:
        raise InputError(f"unknown tag scheme {ctx.scheme!r} (use auto, {', '.join(SCHEMES)})")
    if not path.is_dir():
        return read_file(path, path.name, ctx)
    files = sorted(
        file
        for file in path.rglob("*")
        if file.is_file()
        and file.suffix.lower() in SUFFIXES
        and not any(part.startswith(".") for part in file.relative_to(path).parts)
    )
    if not files:
        raise InputError(f"{path}: no {', '.join(sorted(SUFFIXES))} files in this folder")
    records: list[DocumentRecord] = []
    for file in files:
        records.extend(read_file(file, file.relative_to(path).as_posix(), ctx))
    return records


def read_file(path: Path, name: str, ctx: ReadContext) -> list[DocumentRecord]:
    """The documents of one file; ``name`` goes into each document's meta."""
    documents, comments = _parse(path, read_text_file(path))
    if comments:
        ctx.warn(
            f"{path}: skipped {len(comments)} comment line(s) starting with # "
            f"(the first at line {comments[0]})"
        )
    if len(documents) == 1 and len(documents[0].sentences) > MAX_SENTENCES:
        sentences = documents[0].sentences
        documents = [
            _Document(sentences[i : i + MAX_SENTENCES])
            for i in range(0, len(sentences), MAX_SENTENCES)
        ]
        ctx.warn(
            f"{path}: no -DOCSTART- lines; cut its {len(sentences)} sentences into "
            f"{len(documents)} documents of up to {MAX_SENTENCES} sentences"
        )
    everything = [s for document in documents for s in document.sentences]
    scheme = ctx.scheme
    if scheme == "auto":
        scheme = detect_scheme(s.tags for s in everything)
    problems: list[tuple[int, str]] = []
    records: list[DocumentRecord] = []
    for document in documents:
        words: list[str] = []
        spans: list[SpanRecord] = []
        position = 0
        for sentence in document.sentences:
            try:
                chunks, broken = decode(sentence.tags, scheme)
            except TagError as exc:
                line = sentence.lines[exc.index]
                raise InputError(f"{path} line {line}: {exc} (try --scheme auto)") from None
            problems.extend((sentence.lines[index], why) for index, why in broken)
            starts = []
            for token in sentence.tokens:
                starts.append(position)
                position += len(token) + 1
            for first, end, label in chunks:
                begin = starts[first]
                finish = starts[end - 1] + len(sentence.tokens[end - 1])
                spans.append(SpanRecord(f"T{len(spans) + 1}", begin, finish, label))
            words.append(" ".join(sentence.tokens))
        number = len(records) + 1
        records.append(
            DocumentRecord(
                text="\n".join(words),
                meta={"file": name, "document": number},
                spans=spans,
                source=f"{path} line {document.sentences[0].lines[0]}",
            )
        )
    if problems:
        line, why = problems[0]
        ctx.warn(
            f"{path}: {len(problems)} tag(s) break {scheme.upper()}, read leniently as "
            f"seqeval does (an I- after O begins an entity); e.g. line {line}: {why}"
        )
    return records


def _parse(path: Path, text: str) -> tuple[list[_Document], list[int]]:
    """Documents of sentences of (token, tag); empty ones dropped. Also the line numbers
    of the comments."""
    documents = [_Document()]
    sentence = _Sentence()
    comments: list[int] = []

    def end_sentence() -> None:
        nonlocal sentence
        if sentence.tokens:
            documents[-1].sentences.append(sentence)
            sentence = _Sentence()

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            end_sentence()
            continue
        if line.startswith("-DOCSTART-"):
            end_sentence()
            documents.append(_Document())
            continue
        columns = [c.strip() for c in line.split("\t")] if "\t" in line else line.split()
        columns = [c for c in columns if c]
        if len(columns) < 2 or not _is_tag(columns[-1]):
            if line.lstrip().startswith("#"):
                comments.append(number)  # CoNLL-U style "# id = ..." lines (MultiCoNER has them)
                continue
            if len(columns) < 2:
                raise InputError(
                    f"{path} line {number}: expected a token and a tag separated by a space "
                    f"or tab, found {line.strip()!r}"
                )
            try:
                split_tag(columns[-1])
            except ValueError as exc:
                raise InputError(f"{path} line {number}: {exc}") from None
        sentence.tokens.append(columns[0])
        sentence.tags.append(columns[-1])
        sentence.lines.append(number)
    end_sentence()
    return [document for document in documents if document.sentences], comments


def _is_tag(value: str) -> bool:
    try:
        split_tag(value)
    except ValueError:
        return False
    return True
