"""The suggestion model: linear-chain CRFs (python-crfsuite) over tokens, BIO tags.

Three CRFs, each trained only when it has something to learn:

* ``entities-0``: entity spans that no other entity span contains (the outer layer);
* ``entities-1``: spans nested inside (or crossing) an outer one; its tokens also see
  the outer layer's tag (gold when training, predicted when suggesting); deeper
  spans are left out;
* ``triggers``: event trigger spans (labels of kind event), tagged IO (no ``B-``).

Tokens come from the rule tokenizer; a span that does not fall on token edges tags
the tokens wholly inside it, and discontinuous spans are left out. A suggestion's
score is the lowest marginal probability, among its tokens, of the tag the CRF chose
(a span is only as sure as its least sure token). The document's :meth:`certainty`
is the mean of the :data:`DOUBTFUL` lowest such marginals over all its tokens and
CRFs: low when some token could go either way, whatever the length.

A model is a folder (``entities-0.crfsuite``, ``entities-1.crfsuite``,
``triggers.crfsuite``, ``model.json``), written into a temporary folder beside it and
renamed into place, so a reader sees the old model or the new one, never half.
python-crfsuite is imported only when training or loading: without it,
:class:`MissingDependency`.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.core.assist import features
from annotator.core.assist.suggestions import Suggestion
from annotator.core.errors import AnnotatorError, MissingDependency, no_progress
from annotator.core.model import Annotations, Document

# text, entity spans, trigger spans: (start, end, label), code points, end exclusive
Example = tuple[str, list[tuple[int, int, str]], list[tuple[int, int, str]]]
Tagged = tuple[int, int, str]

FORMAT = 1  # of model.json
INFO_FILE = "model.json"
OUTER, INNER, TRIGGERS = "entities-0", "entities-1", "triggers"
DOUBTFUL = 5  # certainty: the mean of this many lowest token marginals
# L-BFGS with a little L1 (sparse weights) and L2; 40 iterations reach the plateau on
# news-like text (25 do after 500 documents). An iteration costs about tokens x tags
# (~1 s per 10 million here): past ITERATION_BUDGET the cap falls, to MIN_ITERATIONS,
# so a trigger CRF for 30 event types on 500 articles still trains in ~25 s
# (docs/adr/0016-suggestions.md).
PARAMS: dict[str, Any] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 40,
    "feature.possible_transitions": True,
}
MIN_ITERATIONS = 10
ITERATION_BUDGET = 150_000_000  # tokens x tags x iterations


def iterations(tokens: int, tags: int) -> int:
    """The L-BFGS iteration cap for a CRF over ``tokens`` tokens with ``tags`` tags."""
    cost = max(1, tokens * tags)
    return max(MIN_ITERATIONS, min(int(PARAMS["max_iterations"]), int(ITERATION_BUDGET / cost)))


def _crfsuite() -> Any:
    try:
        import pycrfsuite
    except ImportError:
        raise MissingDependency(
            "Suggestions from a trained model", "python-crfsuite", "assist"
        ) from None
    return pycrfsuite


@dataclass(frozen=True)
class ModelInfo:
    id: str
    trained_at: str  # ISO 8601, UTC
    documents: int
    labels: tuple[str, ...]  # entity labels it learnt
    triggers: tuple[str, ...]  # event types whose triggers it learnt
    seconds: float  # training time, features included

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["labels"] = list(self.labels)
        data["triggers"] = list(self.triggers)
        return data

    @classmethod
    def from_json(cls, data: Any) -> ModelInfo:
        return cls(
            id=str(data["id"]),
            trained_at=str(data["trained_at"]),
            documents=int(data["documents"]),
            labels=tuple(str(label) for label in data["labels"]),
            triggers=tuple(str(label) for label in data["triggers"]),
            seconds=float(data["seconds"]),
        )


# -- spans and tags ----------------------------------------------------------------
def layers(spans: Sequence[Tagged]) -> tuple[list[Tagged], list[Tagged]]:
    """Entity spans in two layers of non-overlapping spans: the outer ones, then those
    nested inside or crossing them; what fits in neither is left out."""
    ordered = sorted(set(spans), key=lambda s: (s[0], -s[1], s[2]))
    outer: list[Tagged] = []
    inner: list[Tagged] = []
    reach = -1  # the furthest end of the spans before: one reaching as far contains it
    for span in ordered:
        (inner if span[1] <= reach else outer).append(span)
        reach = max(reach, span[1])
    first, rest = _flat(outer)
    second, _ = _flat(sorted(rest + inner, key=lambda s: (s[0], -s[1], s[2])))
    return first, second


def _flat(ordered: Sequence[Tagged]) -> tuple[list[Tagged], list[Tagged]]:
    """Spans (sorted by start) that do not overlap the ones kept before, and the rest."""
    kept: list[Tagged] = []
    rest: list[Tagged] = []
    end = -1
    for span in ordered:
        if span[0] >= end:
            kept.append(span)
            end = span[1]
        else:
            rest.append(span)
    return kept, rest


def bio(
    tokens: Sequence[tuple[int, int]], spans: Sequence[Tagged], *, begin: bool = True
) -> list[str]:
    """BIO tags of the tokens for non-overlapping spans: the tokens wholly inside each.

    ``begin=False``: IO tags (no ``B-``), half the tags; for triggers, where two of the
    same type side by side hardly occur and a CRF's cost grows with its tags.
    """
    tags = ["O"] * len(tokens)
    starts = [token[0] for token in tokens]
    for start, end, label in spans:
        index = bisect.bisect_left(starts, start)
        tag = ("B-" if begin else "I-") + label
        while index < len(tokens) and tokens[index][1] <= end:
            tags[index] = tag
            tag = "I-" + label
            index += 1
    return tags


def decode(
    tokens: Sequence[tuple[int, int]], tags: Sequence[str], marginals: Sequence[float]
) -> list[tuple[int, int, str, float]]:
    """Spans from BIO tags (an ``I-`` without its ``B-`` starts one), each scored with
    the lowest marginal of its tokens."""
    out: list[tuple[int, int, str, float]] = []
    label = ""
    first = 0
    score = 1.0
    for index, tag in enumerate(tags):
        if label and (tag == "O" or tag[0] == "B" or tag[2:] != label):
            out.append((tokens[first][0], tokens[index - 1][1], label, score))
            label = ""
        if tag == "O":
            continue
        if not label:
            label, first, score = tag[2:], index, marginals[index]
        else:
            score = min(score, marginals[index])
    if label:
        out.append((tokens[first][0], tokens[-1][1], label, score))
    return out


def _with_outer(sequence: list[features.Features], tags: Sequence[str]) -> list[list[str]]:
    return [[*items, "L0=" + tag] for items, tag in zip(sequence, tags, strict=True)]


# -- training ------------------------------------------------------------------------
def train(
    examples: Sequence[Example],
    directory: Path,
    *,
    progress: Callable[[int, int], None] = no_progress,
) -> ModelInfo:
    """Train on ``examples`` and store the model in ``directory`` (replacing one there).

    ``progress(done, total)`` is called as examples are read and CRFs trained; it may
    raise :class:`~annotator.core.errors.Cancelled` to stop (nothing is written).
    """
    crfsuite = _crfsuite()
    if not any(entities or triggers for _, entities, triggers in examples):
        raise AnnotatorError("nothing to learn from: no document has an entity or trigger span")
    began = time.perf_counter()
    featurizer = features.Featurizer()
    data: dict[str, list[tuple[list[list[str]], list[str]]]] = {OUTER: [], INNER: [], TRIGGERS: []}
    found = {OUTER: False, INNER: False, TRIGGERS: False}
    labels: set[str] = set()
    triggers: set[str] = set()
    total = len(examples) + 3
    for number, (text, entities, trigger_spans) in enumerate(examples, 1):
        tokens = featurizer.tokens(text)
        if tokens:
            sequence = featurizer.sequence(text, tokens)
            outer, inner = layers([s for s in entities if s[0] < s[1]])
            flat_triggers, _ = _flat(sorted(set(trigger_spans), key=lambda s: (s[0], -s[1])))
            outer_tags = bio(tokens, outer)
            inner_tags = bio(tokens, inner)
            trigger_tags = bio(tokens, flat_triggers, begin=False)
            data[OUTER].append((sequence, outer_tags))
            if any(tag != "O" for tag in outer_tags):
                # nested spans lie in outer ones: only the sentences holding one teach
                # the inner CRF anything, and a third of the tokens train three times faster
                inner_items = _with_outer(sequence, outer_tags)
                for first, end in features.sentences(sequence):
                    if any(tag != "O" for tag in outer_tags[first:end]):
                        data[INNER].append((inner_items[first:end], inner_tags[first:end]))
            data[TRIGGERS].append((sequence, trigger_tags))
            for name, tags in ((OUTER, outer_tags), (INNER, inner_tags), (TRIGGERS, trigger_tags)):
                if not found[name] and any(tag != "O" for tag in tags):
                    found[name] = True
            labels.update(tag[2:] for tag in outer_tags + inner_tags if tag != "O")
            triggers.update(tag[2:] for tag in trigger_tags if tag != "O")
        progress(number, total)
    if not any(found.values()):
        raise AnnotatorError("nothing to learn from: no annotated span falls on whole words")
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    _clean(directory)
    work = Path(tempfile.mkdtemp(prefix=f".{directory.name}.new-", dir=directory.parent))
    try:
        files = []
        for step, name in enumerate((OUTER, INNER, TRIGGERS), 1):
            if found[name] and data[name]:
                trainer = crfsuite.Trainer(verbose=False)
                trainer.select("lbfgs")
                size = sum(len(tags) for _, tags in data[name])
                kinds = len({tag for _, tags in data[name] for tag in tags})
                trainer.set_params({**PARAMS, "max_iterations": iterations(size, kinds)})
                for sequence, tags in data[name]:
                    trainer.append(sequence, tags)
                data[name] = []  # free the features as soon as they are in the trainer
                trainer.train(str(work / f"{name}.crfsuite"))
                files.append(name)
            progress(len(examples) + step, total)
        trained_at = datetime.now(UTC).isoformat(timespec="seconds")
        digest = hashlib.sha1(
            f"{trained_at} {len(examples)} {time.time_ns()}".encode(), usedforsecurity=False
        )
        info = ModelInfo(
            id=digest.hexdigest()[:12],
            trained_at=trained_at,
            documents=len(examples),
            labels=tuple(sorted(labels)),
            triggers=tuple(sorted(triggers)),
            seconds=round(time.perf_counter() - began, 3),
        )
        meta = {"format": FORMAT, "features": features.VERSION, "files": files}
        meta["info"] = info.to_json()
        (work / INFO_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")
        _replace(work, directory)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return info


def _clean(directory: Path, age: float = 3600.0) -> None:
    """Delete what a killed training left beside ``directory`` an hour ago or more."""
    now = time.time()
    for stale in directory.parent.glob(f".{directory.name}.*-*"):
        try:
            if now - stale.stat().st_mtime > age:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:
            pass


def _replace(new: Path, directory: Path) -> None:
    """Put the folder ``new`` at ``directory``: the old model moves aside first and is
    deleted after, so a reader finds one whole model or (for an instant) none."""
    old = None
    if directory.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old-", dir=directory.parent))
        os.replace(directory, old / "model")
    try:
        os.replace(new, directory)
    except OSError:
        if old is not None and not directory.exists():
            os.replace(old / "model", directory)  # keep the old model rather than none
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


# -- using a model -------------------------------------------------------------------
def load_model(directory: Path) -> TrainedModel | None:
    """The model trained into ``directory``; None when none was."""
    directory = Path(directory)
    info_path = directory / INFO_FILE
    if not info_path.is_file():
        return None
    damaged = f"the suggestion model in {directory} cannot be read"
    try:
        meta = json.loads(info_path.read_text(encoding="utf-8"))
        if meta.get("features") != features.VERSION or meta.get("format") != FORMAT:
            raise AnnotatorError(
                f"the suggestion model in {directory} was made by another version of "
                "Annotator: retrain with annotator train"
            )
        info = ModelInfo.from_json(meta["info"])
        files = [str(name) for name in meta["files"]]
    except AnnotatorError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise AnnotatorError(f"{damaged} ({exc}): retrain with annotator train") from None
    if not files or any(name not in (OUTER, INNER, TRIGGERS) for name in files):
        raise AnnotatorError(f"{damaged} (no CRF listed): retrain with annotator train")
    crfsuite = _crfsuite()
    taggers = {}
    buffers = []
    for name in files:
        tagger = crfsuite.Tagger()
        try:
            # read into memory: no file stays open, so a newer model can replace it;
            # crfsuite reads from the buffer without copying it, so the model keeps it
            buffers.append((directory / f"{name}.crfsuite").read_bytes())
            tagger.open_inmemory(buffers[-1])
        except (OSError, ValueError) as exc:
            raise AnnotatorError(
                f"{damaged} ({name}: {exc}): retrain with annotator train"
            ) from None
        taggers[name] = tagger
    return TrainedModel(info, taggers, directory, buffers)


class TrainedModel:
    """A loaded model: a suggestion source (``model``) and the certainty of documents.

    One lock serialises tagging: the taggers keep state between calls, and the window
    may suggest in a worker thread while the queue order asks for certainty.
    """

    name = "model"
    reads_annotations = False  # the text alone: asked once per document

    def __init__(
        self,
        info: ModelInfo,
        taggers: dict[str, Any],
        directory: Path,
        buffers: Sequence[bytes] = (),
    ) -> None:
        self.info = info
        self.directory = directory
        self._taggers = taggers
        self._buffers = tuple(buffers)  # the taggers read the models from these
        self._featurizer = features.Featurizer()
        self._lock = threading.Lock()

    def _tag(self, tagger: Any, sequence: Sequence[Sequence[str]]) -> tuple[list[str], list[float]]:
        tagger.set(sequence)
        tags: list[str] = tagger.tag()
        marginal = tagger.marginal
        return tags, [marginal(tag, index) for index, tag in enumerate(tags)]

    def analyse(self, text: str) -> tuple[list[tuple[int, int, str, float, bool]], list[float]]:
        """Predicted spans ``(start, end, label, score, trigger)`` and, per token and
        CRF, the marginal of the chosen tag."""
        with self._lock:
            tokens = self._featurizer.tokens(text)
            if not tokens:
                return [], []
            sequence = self._featurizer.sequence(text, tokens)
            found: list[tuple[int, int, str, float, bool]] = []
            marginals: list[float] = []
            outer_tags = ["O"] * len(tokens)
            for name in (OUTER, INNER, TRIGGERS):
                tagger = self._taggers.get(name)
                if tagger is None:
                    continue
                items = _with_outer(sequence, outer_tags) if name == INNER else sequence
                tags, scores = self._tag(tagger, items)
                if name == OUTER:
                    outer_tags = tags
                marginals.extend(scores)
                trigger = name == TRIGGERS
                found.extend(
                    (s, e, label, p, trigger) for s, e, label, p in decode(tokens, tags, scores)
                )
            return found, marginals

    def suggest(self, document: Document, annotations: Annotations) -> list[Suggestion]:
        found, _ = self.analyse(document.text)
        return [
            Suggestion(start, end, label, max(0.0, min(1.0, score)), self.name, trigger)
            for start, end, label, score, trigger in found
        ]

    def certainty(self, text: str) -> float:
        """0..1, low when the model is unsure of some token (least certain first)."""
        _, marginals = self.analyse(text)
        if not marginals:
            return 1.0
        lowest = heapq.nsmallest(DOUBTFUL, marginals)
        return max(0.0, min(1.0, sum(lowest) / len(lowest)))
