"""Train the suggestion model from a project, score its to-do documents, draw the
learning curve.

:func:`train_project` opens the project read-only (it works while the window holds
the writer lock; the window stores the certainty it returns), so it can run in
another process (:mod:`.background`) or from ``annotator train``.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.assist import crf
from annotator.core.assist.crf import Example, ModelInfo
from annotator.core.assist.suggestions import model_dir
from annotator.core.errors import AnnotatorError, no_progress
from annotator.core.model import LabelKind, Status
from annotator.core.project import Project
from annotator.core.services import paths

NOTHING_DONE = "nothing to learn from yet: mark documents with annotations done"


def examples(project: Project, document_ids: Sequence[int] | None = None) -> list[Example]:
    """Training examples of documents (the done ones by default): each text with its
    contiguous entity spans and its event trigger spans."""
    ids = list(project.document_ids([Status.DONE]) if document_ids is None else document_ids)
    kinds = {label.name: label.kind for label in project.schema.labels}
    out: list[Example] = []
    for document, found in project.annotated_documents(ids):
        entities: list[tuple[int, int, str]] = []
        triggers: list[tuple[int, int, str]] = []
        for span in found.spans:
            if span.fragments:
                continue
            kind = kinds.get(span.label)
            if kind == LabelKind.ENTITY:
                entities.append((span.start, span.end, span.label))
            elif kind == LabelKind.EVENT:
                triggers.append((span.start, span.end, span.label))
        out.append((document.text, entities, triggers))
    return out


@dataclass
class TrainReport:
    info: ModelInfo
    certainty: dict[int, float]  # to-do document id -> certainty of the new model
    seconds: float  # everything: reading, training, scoring


def train_project(
    project_path: Path | str,
    directory: Path | None = None,
    *,
    progress: Callable[[int, int], None] = no_progress,
    score_limit: int = 5000,
) -> TrainReport:
    """Train on the done documents of the project at ``project_path`` into ``directory``
    (default: its folder in the user's cache) and score up to ``score_limit`` to-do
    documents, in id order, with the new model."""
    began = time.perf_counter()
    location = project_path if paths.is_server_url(project_path) else Path(project_path)
    target = Path(directory) if directory is not None else model_dir(location)
    with Project.open(location, read_only=True) as project:
        found = examples(project)
        if not any(entities or triggers for _, entities, triggers in found):
            raise AnnotatorError(NOTHING_DONE)
        todo = list(project.document_ids([Status.TODO]))[: max(0, score_limit)]
        steps = [len(found) + 3]

        def training(done: int, total: int) -> None:
            steps[0] = total
            progress(done, total + len(todo))

        info = crf.train(found, target, progress=training)
        model = crf.load_model(target)
        if model is None:  # pragma: no cover - train() just wrote it
            raise AnnotatorError(f"the model trained into {target} has gone")
        certainty: dict[int, float] = {}
        for number, document_id in enumerate(todo, 1):
            certainty[document_id] = model.certainty(project.document(document_id).text)
            progress(steps[0] + number, steps[0] + len(todo))
    return TrainReport(info, certainty, round(time.perf_counter() - began, 3))


# -- learning curve ------------------------------------------------------------------
@dataclass
class Scores:
    precision: float
    recall: float
    f1: float
    support: int  # gold spans

    @classmethod
    def of(cls, true: int, predicted: int, gold: int) -> Scores:
        precision = true / predicted if predicted else 0.0
        recall = true / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1, gold)

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
        }


@dataclass
class CurvePoint:
    documents: int  # trained on
    labels: dict[str, Scores]
    micro: Scores
    seconds: float  # training time


@dataclass
class LearningCurve:
    held_out: int  # documents evaluated on
    points: list[CurvePoint] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "held_out": self.held_out,
            "points": [
                {
                    "documents": point.documents,
                    "seconds": round(point.seconds, 3),
                    "micro": point.micro.to_json(),
                    "labels": {name: s.to_json() for name, s in sorted(point.labels.items())},
                }
                for point in self.points
            ],
        }

    def to_text(self) -> str:
        """A table: a row per training size, micro P/R/F1 then F1 per label."""
        labels = sorted({name for point in self.points for name in point.labels})
        lines = [
            f"Learning curve: exact-match spans on {self.held_out} held-out done "
            f"document(s), before the score threshold",
        ]
        head = ["docs", "P", "R", "F1", *(f"F1 {name}" for name in labels), "train s"]
        rows = [head]
        for point in self.points:
            row = [str(point.documents)]
            row += [f"{value:.3f}" for value in (point.micro.precision, point.micro.recall)]
            row.append(f"{point.micro.f1:.3f}")
            for name in labels:
                scores = point.labels.get(name)
                row.append(f"{scores.f1:.3f}" if scores is not None else "-")
            row.append(f"{point.seconds:.1f}")
            rows.append(row)
        widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
        for row in rows:
            lines.append(
                "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True))
            )
        if self.points:
            last = self.points[-1]
            support = ", ".join(f"{name} {last.labels[name].support}" for name in labels)
            lines.append(f"Gold spans held out: {last.micro.support} ({support})")
        return "\n".join(lines)


DEFAULT_SIZES = (5, 10, 25, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)


def learning_curve(
    project: Project,
    sizes: Sequence[int] | None = None,
    *,
    held_out: float = 0.2,
    seed: int = 0,
) -> LearningCurve:
    """P/R/F1 per label on a fixed random share of the done documents (at least one),
    with models trained on the first 5, 10, 25, ... of the others (and all of them)."""
    ids = list(project.document_ids([Status.DONE]))
    if len(ids) < 2:
        raise AnnotatorError(
            f"a learning curve needs at least 2 done documents (the project has {len(ids)})"
        )
    if not 0 < held_out < 1:
        raise AnnotatorError(f"the held-out share must be between 0 and 1, not {held_out}")
    random.Random(seed).shuffle(ids)
    count = min(len(ids) - 1, max(1, round(len(ids) * held_out)))
    test_ids, pool_ids = sorted(ids[:count]), ids[count:]
    available = len(pool_ids)
    if sizes is None:
        chosen = [size for size in DEFAULT_SIZES if size < available] + [available]
    else:
        chosen = sorted({size for size in sizes if 0 < size <= available})
        if not chosen:
            raise AnnotatorError(
                f"no training size fits: {available} done document(s) remain after "
                f"holding out {count}"
            )
    pool = examples(project, pool_ids)
    test = examples(project, test_ids)
    curve = LearningCurve(held_out=count)
    with tempfile.TemporaryDirectory(prefix="annotator-curve-") as folder:
        for number, size in enumerate(chosen):
            directory = Path(folder) / f"model-{number}"
            began = time.perf_counter()
            model = None
            if any(entities or triggers for _, entities, triggers in pool[:size]):
                try:
                    crf.train(pool[:size], directory)
                except AnnotatorError as exc:
                    if not str(exc).startswith("nothing to learn"):
                        raise
                else:
                    model = crf.load_model(directory)
            seconds = time.perf_counter() - began
            curve.points.append(_evaluate(model, test, size, seconds))
    return curve


def _evaluate(
    model: crf.TrainedModel | None, test: Sequence[Example], size: int, seconds: float
) -> CurvePoint:
    true: dict[str, int] = {}
    predicted: dict[str, int] = {}
    gold: dict[str, int] = {}
    for text, entities, triggers in test:
        wanted = set(entities) | set(triggers)
        found = set()
        if model is not None:
            spans, _ = model.analyse(text)
            found = {(start, end, label) for start, end, label, _, _ in spans}
        for _, _, label in wanted:
            gold[label] = gold.get(label, 0) + 1
        for _, _, label in found:
            predicted[label] = predicted.get(label, 0) + 1
        for _, _, label in wanted & found:
            true[label] = true.get(label, 0) + 1
    labels = {
        name: Scores.of(true.get(name, 0), predicted.get(name, 0), gold.get(name, 0))
        for name in sorted(set(gold) | set(predicted))
    }
    micro = Scores.of(sum(true.values()), sum(predicted.values()), sum(gold.values()))
    return CurvePoint(size, labels, micro, seconds)
