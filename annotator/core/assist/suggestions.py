"""Suggestions: proposed spans and event triggers, kept apart from annotations.

A :class:`Source` proposes :class:`Suggestion` values for one document; a
:class:`Suggester` asks every enabled source, merges what several propose, and drops
what is already annotated (the same range, whatever its label), rejected in that
document, not in the schema, or below the score threshold. Nothing here writes to
the project: accepting and rejecting are edits
(:mod:`annotator.core.editing.suggestion_edits`).

The sources (docs/adr/0016-suggestions.md):

* ``propagation``: a text annotated once in the document is proposed where it occurs
  again (:mod:`.propagation`); ``corpus`` does the same with what was annotated in
  any document of the project, on request;
* ``patterns``: spaCy-style JSONL patterns and plain word lists (:mod:`.patterns`);
* ``model``: the model trained from the project's done documents (:mod:`.crf`);
* ``pipeline``: any spaCy pipeline the user installed (:mod:`.pipelines`).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from annotator.core.errors import InputError
from annotator.core.model import Annotations, Document, LabelKind, Schema
from annotator.core.services import paths

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n|\r[^\S\r\n]*\r|\u2029")
SOURCES = ("propagation", "corpus", "patterns", "model", "pipeline")
CONFIG_KEY = "assist"  # the project table's key for the suggestion settings


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed span: offsets in code points (end exclusive), a score in [0, 1].

    ``trigger``: the label is an event type, so accepting also creates the event.
    ``source`` names who proposed it ("model", "propagation+patterns" when merged).
    """

    start: int
    end: int
    label: str
    score: float
    source: str
    trigger: bool = False

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "score": round(self.score, 4),
            "source": self.source,
        }
        if self.trigger:
            out["trigger"] = True
        if text is not None:
            out["text"] = text[self.start : self.end]
        return out


class Source(Protocol):
    """Anything that proposes suggestions for a document.

    A source whose proposals depend on the text alone (a model, patterns, a pipeline)
    sets ``reads_annotations = False``: the :class:`Suggester` then asks it once per
    document, not after every edit.
    """

    name: str

    def suggest(self, document: Document, annotations: Annotations) -> list[Suggestion]: ...


@dataclass(frozen=True)
class AssistConfig:
    """Which sources propose suggestions in a project, stored in the project file."""

    propagation: bool = True  # texts annotated in this document, where they occur again
    corpus: bool = False  # ... and texts annotated anywhere in the project
    patterns: tuple[str, ...] = ()  # pattern files (.jsonl) and word lists ("LABEL=path.txt")
    model: bool = True  # the model trained from done documents, once there is one
    pipeline: str = ""  # an installed spaCy pipeline, by name or path ("" = none)
    pipeline_labels: Mapping[str, str] = field(default_factory=dict)  # its label -> ours
    threshold: float = 0.5  # suggestions scored below this are not shown
    retrain: bool = True  # retrain in the background as documents are marked done
    # switched off, patterns and the pipeline keep their files and name for later
    use_patterns: bool = True
    use_pipeline: bool = True

    def enabled(self) -> list[str]:
        """The sources switched on, in :data:`SOURCES` order."""
        on = {
            "propagation": self.propagation,
            "corpus": self.corpus,
            "patterns": self.use_patterns and bool(self.patterns),
            "model": self.model,
            "pipeline": self.use_pipeline and bool(self.pipeline),
        }
        return [name for name in SOURCES if on[name]]

    def with_sources(self, names: Iterable[str]) -> AssistConfig:
        """This configuration with exactly the named sources on (the CLI's ``--source``).

        ``patterns`` and ``pipeline`` keep their files and pipeline name either way:
        naming them turns nothing on without one.
        """
        chosen = set(names)
        unknown = chosen - set(SOURCES)
        if unknown:
            raise InputError(
                f"unknown suggestion source {sorted(unknown)[0]!r} "
                f"(choose from {', '.join(SOURCES)})"
            )
        return replace(
            self,
            propagation="propagation" in chosen,
            corpus="corpus" in chosen,
            model="model" in chosen,
            use_patterns="patterns" in chosen,
            use_pipeline="pipeline" in chosen,
        )

    def to_json(self) -> str:
        data = asdict(self)
        data["patterns"] = list(self.patterns)
        data["pipeline_labels"] = dict(self.pipeline_labels)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, value: str | None) -> AssistConfig:
        """Read stored settings; unknown keys (a newer version's) are ignored."""
        if not value:
            return cls()
        try:
            data = json.loads(value)
        except ValueError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        default = cls()
        kwargs: dict[str, Any] = {}
        for name in ("propagation", "corpus", "model", "retrain", "use_patterns", "use_pipeline"):
            if isinstance(data.get(name), bool):
                kwargs[name] = data[name]
        if isinstance(data.get("pipeline"), str):
            kwargs["pipeline"] = data["pipeline"]
        if isinstance(data.get("patterns"), list):
            kwargs["patterns"] = tuple(str(p) for p in data["patterns"] if isinstance(p, str))
        labels = data.get("pipeline_labels")
        if isinstance(labels, dict):
            kwargs["pipeline_labels"] = {str(k): str(v) for k, v in labels.items()}
        threshold = data.get("threshold")
        if isinstance(threshold, int | float) and 0 <= threshold <= 1:
            kwargs["threshold"] = float(threshold)
        return replace(default, **kwargs)


def model_dir(project_path: Path | str | None) -> Path:
    """Where the model trained from a project lives: the user's cache folder.

    A model is rebuilt from the project's own annotations in seconds, so it is cache,
    not project data: it is not copied into backups, and a moved project retrains.
    A server project (a URL) has one per user and server database.
    """
    if paths.is_server_url(project_path):
        url = urllib.parse.urlsplit(str(project_path))
        key = f"{url.hostname}:{url.port}/{url.path}"  # never the password
        name = urllib.parse.unquote(url.path.strip("/")) or "server"
    else:
        key = "memory" if project_path is None else str(Path(str(project_path)).resolve())
        name = "memory" if project_path is None else Path(str(project_path)).stem
    digest = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
    return paths.cache_dir() / "models" / f"{name}-{digest}"


def merge(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """One suggestion per (start, end, label): the best score, every source named."""
    best: dict[tuple[int, int, str], Suggestion] = {}
    sources: dict[tuple[int, int, str], set[str]] = {}
    for suggestion in suggestions:
        key = suggestion.key
        names = sources.setdefault(key, set())
        names.update(suggestion.source.split("+"))
        known = best.get(key)
        if known is None or suggestion.score > known.score:
            best[key] = suggestion
    return sorted(
        (
            replace(s, source="+".join(n for n in SOURCES if n in sources[k]) or s.source)
            for k, s in best.items()
        ),
        key=lambda s: (s.start, -s.end, s.label),
    )


def keep(
    suggestions: Iterable[Suggestion],
    document: Document,
    annotations: Annotations,
    rejected: Iterable[tuple[int, int, str]],
    schema: Schema,
    threshold: float = 0.0,
) -> list[Suggestion]:
    """What is worth showing: inside the text, a label of the schema (entity or event
    type, ``trigger`` set by its kind), not already annotated over the same range nor
    inside a span of the same label, not across a paragraph break, not rejected,
    scored at least ``threshold``."""
    kinds = {
        label.name: label.kind
        for label in schema.labels
        if label.kind in (LabelKind.ENTITY, LabelKind.EVENT)
    }
    contiguous = [span for span in annotations.spans if not span.fragments]
    taken = {(span.start, span.end) for span in contiguous}
    by_label: dict[str, list[tuple[int, int]]] = {}
    for span in contiguous:
        by_label.setdefault(span.label, []).append((span.start, span.end))
    # per label: starts in order and the farthest end reached by any span starting at or
    # before each, so "is it inside a span of its label" is one bisection
    inside: dict[str, tuple[list[int], list[int]]] = {}
    for label, ranges in by_label.items():
        ranges.sort()
        farthest, reach = -1, []
        for _, span_end in ranges:
            farthest = max(farthest, span_end)
            reach.append(farthest)
        inside[label] = ([start for start, _ in ranges], reach)
    refused = set(rejected)
    text = document.text
    length = len(text)
    out = []
    for suggestion in suggestions:
        kind = kinds.get(suggestion.label)
        if kind is None or suggestion.score < threshold:
            continue
        start, end = suggestion.start, suggestion.end
        if not 0 <= start < end <= length:
            continue
        if (start, end) in taken or suggestion.key in refused:
            continue
        # "Merkel" inside an annotated PER "Angela Merkel" is the same name again, not
        # a nested one: proposing it only costs a rejection
        same = inside.get(suggestion.label)
        if same is not None:
            index = bisect.bisect_right(same[0], start) - 1
            if index >= 0 and same[1][index] >= end:
                continue
        if _PARAGRAPH_BREAK.search(text, start, end):  # a name does not span paragraphs
            continue
        trigger = kind == LabelKind.EVENT
        out.append(
            suggestion if suggestion.trigger == trigger else replace(suggestion, trigger=trigger)
        )
    return out


class Suggester:
    """Every enabled source for one project, asked together.

    ``suggest`` reads nothing from the project file, so the window may call it in a
    worker thread with a document and its annotations taken on the main thread.
    """

    CACHED_DOCUMENTS = 8  # text-only sources' proposals kept for this many documents

    def __init__(self, schema: Schema, sources: Sequence[Source], threshold: float = 0.5) -> None:
        self.schema = schema
        self.sources = list(sources)
        self.threshold = threshold
        # (source position, document id, text length) -> proposals; a document's text
        # never changes, and a new model or pattern file means a new Suggester
        self._cache: OrderedDict[tuple[int, int, int], list[Suggestion]] = OrderedDict()
        self._lock = threading.Lock()

    def suggest(
        self,
        document: Document,
        annotations: Annotations,
        rejected: Iterable[tuple[int, int, str]] = (),
    ) -> list[Suggestion]:
        found: list[Suggestion] = []
        for position, source in enumerate(self.sources):
            if getattr(source, "reads_annotations", True):
                found.extend(source.suggest(document, annotations))
                continue
            key = (position, document.id, len(document.text))
            with self._lock:
                cached = self._cache.get(key)
                if cached is not None:
                    self._cache.move_to_end(key)
            if cached is None:
                cached = source.suggest(document, annotations)
                with self._lock:
                    self._cache[key] = cached
                    limit = self.CACHED_DOCUMENTS * max(1, len(self.sources))
                    while len(self._cache) > limit:
                        self._cache.popitem(last=False)
            found.extend(cached)
        return keep(merge(found), document, annotations, rejected, self.schema, self.threshold)
