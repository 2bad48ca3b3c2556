"""spaCy DocBin export (docs/formats/spacy.md): a ``.spacy`` file written by spaCy itself.

Each document becomes one ``Doc`` made by spaCy's own tokenizer for the export
language (``spacy.blank(lang)``), so training sees exactly the tokens spaCy will
produce at run time. Spans are never forced onto tokens: a span whose edges fall
inside a spaCy token is reported as misaligned and left out.

* ``doc.spans["sc"]`` (the spancat default key) holds every aligned span,
  nested and overlapping ones included, event triggers too;
* ``doc.ents`` holds the non-overlapping entity spans, outermost first (longest,
  then earliest); event triggers are not entities and stay in ``doc.spans`` only;
* ``doc.user_data`` keeps the document's ``id``, ``status`` and ``meta``.

Events and relations have no place in a DocBin; the registry counts them.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.io.base import ExportContext, ExportItem, Parts, part_files
from annotator.core.io.losses import where
from annotator.core.model import LabelKind, Span

SPANS_KEY = "sc"  # spaCy's spancat reads doc.spans["sc"] unless configured otherwise


def _spacy() -> Any:
    # Imported here, not at module level: the core imports every module (and must
    # without the spaCy extra); the message matches the registry's for missing extras.
    try:
        import spacy
    except ImportError:
        raise AnnotatorError(
            "the spacy format needs spacy, which is not installed: pip install 'annotator[spacy]'"
        ) from None
    return spacy


def blank(language: str) -> Any:
    """spaCy's blank pipeline (tokenizer only) for a language code."""
    spacy = _spacy()
    try:
        return spacy.blank(language)
    except Exception as exc:  # spaCy raises ImportError/KeyError variants for languages
        raise InputError(f"spaCy has no language {language!r} ({exc})") from None


def export(parts: Parts, target: Path, ctx: ExportContext) -> None:
    spacy = _spacy()
    from spacy.tokens import DocBin

    nlp = blank(ctx.options.language)
    event_types = {label.name for label in ctx.schema.labels if label.kind == LabelKind.EVENT}
    counts = _Counts()
    for _name, items, path in part_files(parts, target, ".spacy"):
        docs = DocBin(store_user_data=True)
        for item in items:
            docs.add(_doc(nlp, item, event_types, ctx, counts))
        docs.to_disk(path)
    ctx.notes.append(
        f"tokens: spaCy {spacy.about.__version__} blank {ctx.options.language!r} tokenizer; "
        f'every aligned span is in doc.spans["{SPANS_KEY}"] (spaCy\'s spancat default key), '
        f"{counts.ents} of them also in doc.ents"
    )
    if counts.spans_only:
        ctx.notes.append(
            f'{counts.spans_only} span(s) are in doc.spans["{SPANS_KEY}"] only, not doc.ents '
            f"({counts.nested} overlapping a longer entity, {counts.triggers} event trigger(s))"
        )


class _Counts:
    def __init__(self) -> None:
        self.ents = 0
        self.nested = 0
        self.triggers = 0

    @property
    def spans_only(self) -> int:
        return self.nested + self.triggers


def _doc(
    nlp: Any, item: ExportItem, event_types: set[str], ctx: ExportContext, counts: _Counts
) -> Any:
    document, annotations = item
    text = document.text
    doc = nlp.make_doc(text)
    aligned: list[Any] = []
    for span in sorted(annotations.spans, key=lambda s: (s.start, -s.end, s.label)):
        found = doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict")
        if found is None:
            ctx.losses.add("misaligned", where(document.uid, text, span.start, span.end))
            continue
        aligned.append((span, found))
    doc.spans[SPANS_KEY] = [found for _span, found in aligned]
    entities = [(span, found) for span, found in aligned if span.label not in event_types]
    counts.triggers += len(aligned) - len(entities)
    ents = _outermost(entities)
    counts.ents += len(ents)
    counts.nested += len(entities) - len(ents)
    doc.ents = ents
    doc.user_data.update(_user_data(document.uid, str(document.status), document.meta))
    return doc


def _outermost(entities: Iterable[tuple[Span, Any]]) -> list[Any]:
    """A non-overlapping set (doc.ents allows no more): longest first, ties earliest.

    Lengths are in characters; overlap is judged on tokens, as doc.ents does.
    """
    taken: list[Any] = []
    used: set[int] = set()
    for _span, found in sorted(entities, key=_longest_first):
        tokens = range(found.start, found.end)
        if used.isdisjoint(tokens):
            used.update(tokens)
            taken.append(found)
    return sorted(taken, key=lambda found: found.start)


def _longest_first(pair: tuple[Span, Any]) -> tuple[int, int]:
    span = pair[0]
    return (span.start - span.end, span.start)


def _user_data(uid: str, status: str, meta: dict[str, Any]) -> dict[str, Any]:
    srsly: Any = importlib.import_module("srsly")  # spaCy's serializer; has no type hints
    try:
        srsly.msgpack_dumps(meta)
    except (OverflowError, TypeError, ValueError):
        # msgpack holds integers only up to 64 bits; JSON text keeps anything
        return {"id": uid, "status": status, "meta_json": json.dumps(meta, ensure_ascii=False)}
    return {"id": uid, "status": status, "meta": meta}
