"""Suggestions from any spaCy pipeline the user installed: the ``pipeline`` source.

A pipeline is named as spaCy loads it: an installed package (``en_core_web_sm``) or
the folder a pipeline was saved to (``nlp.to_disk``). Nothing is ever downloaded: a
pipeline that is not installed is an error that says how to install it.

What it proposes: its named entities (``doc.ents``) and every span group
(``doc.spans``: a span categorizer, a span ruler). A span group's scores
(``attrs["scores"]``, as the span categorizer stores them) are used as they are;
entities and unscored spans score :data:`UNSCORED`. Labels go through the project's
mapping (their label -> ours), then :data:`DEFAULT_LABELS`; a label mapped to ""
is dropped, and one left unmapped is kept as it is (the suggester then drops it if
the project's schema has no such label).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from annotator.core.assist.suggestions import Suggestion
from annotator.core.errors import InputError, MissingDependency, one_line
from annotator.core.model import Annotations, Document

__all__ = ["DEFAULT_LABELS", "UNSCORED", "PipelineSource"]

# A pipeline's entities carry no probability: above the default threshold (0.5),
# below a pattern match (0.9).
UNSCORED = 0.8

# OntoNotes labels (spaCy's English pipelines) to the built-in schemas' labels
# (news, ace2005, conll2003); labels that are the same need no entry (PER, LOC, MISC
# of the WikiNER-trained pipelines).
DEFAULT_LABELS: Mapping[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "FAC",
    "DATE": "DATE",
    "MONEY": "Money",
    "PERCENT": "Percent",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LANGUAGE": "MISC",
    "LAW": "MISC",
}


def _spacy() -> Any:
    try:
        import spacy
    except ImportError:
        raise MissingDependency("Suggestions from a spaCy pipeline", "spaCy", "assist") from None
    return spacy


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def load(name_or_path: str) -> Any:
    """The spaCy pipeline an installed package name or a saved folder gives."""
    spacy = _spacy()
    name = name_or_path.strip()
    if not name:
        raise InputError("no spaCy pipeline is named: give a package name or a folder")
    path = Path(name).expanduser()
    target: str | Path = name
    if path.exists():
        if not path.is_dir() or not (path / "config.cfg").is_file():
            raise InputError(
                f"{path} is not a saved spaCy pipeline (a folder with a config.cfg, "
                "as nlp.to_disk writes it)"
            )
        target = path
    elif "/" in name or "\\" in name:
        raise InputError(one_line(f"there is no spaCy pipeline folder {name!r}: it does not exist"))
    try:
        return spacy.load(target)
    except OSError as exc:
        if target is name and "E050" in str(exc):
            raise InputError(
                one_line(
                    f"no spaCy pipeline {name!r} is installed: install it as a Python "
                    f"package (pip install ...) or give the folder it was saved to"
                )
            ) from None
        raise InputError(
            one_line(f"the spaCy pipeline {name!r} could not be loaded: {_first_line(exc)}")
        ) from None
    except Exception as exc:  # a missing plugin (ImportError), an incompatible version...
        raise InputError(
            one_line(f"the spaCy pipeline {name!r} could not be loaded: {_first_line(exc)}")
        ) from None


class PipelineSource:
    """Entities and span groups of an installed spaCy pipeline, labels mapped to ours."""

    name = "pipeline"
    reads_annotations = False  # the text alone: asked once per document

    def __init__(self, name_or_path: str, label_map: Mapping[str, str] | None = None) -> None:
        # loaded now: the window builds sources away from its main thread
        self.nlp = load(name_or_path)
        self.pipeline = name_or_path
        self.label_map = dict(label_map or {})

    def label(self, theirs: str) -> str:
        """Our label for one of the pipeline's ("" to drop it)."""
        if theirs in self.label_map:
            return self.label_map[theirs]
        return DEFAULT_LABELS.get(theirs, theirs)

    def suggest(self, document: Document, annotations: Annotations) -> list[Suggestion]:
        text = document.text
        if not text:
            return []
        nlp = self.nlp
        if len(text) >= nlp.max_length:
            # one pass over the whole text: the limit guards memory, the user chose
            # the pipeline for their documents
            nlp.max_length = len(text) + 1
        doc = nlp(text)
        best: dict[tuple[int, int, str], float] = {}

        def add(start: int, end: int, theirs: str, score: float) -> None:
            label = self.label(theirs)
            if label and start < end:
                key = (start, end, label)
                if score > best.get(key, -1.0):
                    best[key] = score

        for ent in doc.ents:
            add(ent.start_char, ent.end_char, ent.label_, UNSCORED)
        for group in doc.spans.values():
            scores = group.attrs.get("scores")
            if scores is not None and len(scores) != len(group):
                scores = None
            for index, span in enumerate(group):
                score = UNSCORED if scores is None else float(scores[index])
                add(span.start_char, span.end_char, span.label_, min(max(score, 0.0), 1.0))
        return [
            Suggestion(start, end, label, score, self.name)
            for (start, end, label), score in sorted(best.items())
        ]
