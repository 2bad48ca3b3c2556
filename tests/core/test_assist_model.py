"""The suggestion model: CRFs trained from done documents (annotator.core.assist.crf,
training, background). Small synthetic corpora keep it to a few seconds."""

from __future__ import annotations

import contextlib
import json
import random
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pycrfsuite")

from annotator.core.assist import crf, features, training
from annotator.core.assist.background import BackgroundTraining
from annotator.core.editing import edits
from annotator.core.errors import AnnotatorError, Cancelled, MissingDependency
from annotator.core.model import Annotations, Document, Status, schemas
from annotator.core.model.records import DocumentRecord, SpanRecord
from annotator.core.project import Project

FIRST = ["Anna", "John", "Maria", "Kofi", "Olga", "Jean", "Ahmed", "Li", "Sofia", "Pavel"]
LAST = ["Kowalska", "Smith", "Garcia", "Mensah", "Petrova", "Dupont", "Khan", "Wei", "Rossi"]
PLACES = ["Paris", "Kraków", "Lagos", "Lima", "Oslo", "Cairo", "Quito", "Hanoi", "Dakar", "Riga"]
FILLER = [
    "The weather was mild and the markets were calm.",
    "Prices rose again in the second quarter.",
    "Talks will resume next week, officials said.",
    "The report was published on the website.",
    "Nobody answered the phone at the office.",
]
ATTACK = "Conflict:Attack"


class _Doc:
    def __init__(self) -> None:
        self.text = ""
        self.spans: list[tuple[int, int, str]] = []

    def add(self, text: str, label: str | None = None) -> tuple[int, int]:
        start = len(self.text)
        self.text += text
        if label is not None:
            self.spans.append((start, len(self.text), label))
        return start, len(self.text)


def _document(rng: random.Random, sentences: int = 8) -> _Doc:
    doc = _Doc()
    for _ in range(sentences):
        person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        place = rng.choice(PLACES)
        kind = rng.randrange(6)
        if kind == 0:
            doc.add(person, "PER")
            doc.add(" visited ")
            doc.add(place, "GPE")
            doc.add(" on Monday. ")
        elif kind == 1:
            doc.add("Rebels ")
            doc.add(rng.choice(["attacked", "bombed", "shelled"]), ATTACK)
            doc.add(" the outskirts of ")
            doc.add(place, "GPE")
            doc.add(" overnight. ")
        elif kind == 2:
            doc.add("The ")
            start = len(doc.text)
            doc.add("University of ")
            doc.add(place, "GPE")
            doc.spans.append((start, len(doc.text), "ORG"))
            doc.add(" hired ")
            doc.add(person, "PER")
            doc.add(". ")
        elif kind == 3:
            doc.add("“We will stay,” said ")
            doc.add(person, "PER")
            doc.add(", who lives in ")
            doc.add(place, "GPE")
            doc.add(". ")
        else:
            doc.add(rng.choice(FILLER) + " ")
        if rng.random() < 0.2:
            doc.add("\n\n")
    return doc


def _records(count: int, seed: int, status: Status = Status.TODO) -> list[DocumentRecord]:
    rng = random.Random(seed)
    out = []
    for number in range(count):
        doc = _document(rng)
        spans = [SpanRecord(f"T{i}", s, e, label) for i, (s, e, label) in enumerate(doc.spans, 1)]
        out.append(
            DocumentRecord(text=doc.text, uid=f"d{seed}-{number}", status=status, spans=spans)
        )
    return out


def _examples(count: int, seed: int) -> list[crf.Example]:
    out: list[crf.Example] = []
    for record in _records(count, seed):
        spans = [(s.start, s.end, s.label) for s in record.spans]
        out.append(
            (
                record.text,
                [s for s in spans if s[2] != ATTACK],
                [s for s in spans if s[2] == ATTACK],
            )
        )
    return out


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> crf.TrainedModel:
    directory = tmp_path_factory.mktemp("model") / "m"
    crf.train(_examples(40, seed=1), directory)
    loaded = crf.load_model(directory)
    assert loaded is not None
    return loaded


def _suggest(model: crf.TrainedModel, text: str) -> set[tuple[int, int, str]]:
    document = Document(1, "x", "x", Status.TODO, text)
    return {s.key for s in model.suggest(document, Annotations()) if s.score >= 0.5}


def _project(path: Path, done: int, todo: int = 0) -> Path:
    with Project.create(path, schemas.load("ace2005")) as project:
        project.import_records(_records(done, seed=3) + _records(todo, seed=4))
        for document_id in list(project.document_ids())[:done]:
            project.apply(edits.SetStatus(document_id, Status.DONE))
    return path


# -- layers, tags ------------------------------------------------------------------
def test_layers_nested_crossing_and_deeper() -> None:
    spans = [(0, 20, "ORG"), (14, 20, "GPE"), (16, 20, "X"), (30, 40, "A"), (35, 45, "B")]
    outer, inner = crf.layers(spans)
    assert outer == [(0, 20, "ORG"), (30, 40, "A")]
    assert inner == [(14, 20, "GPE"), (35, 45, "B")]  # (16, 20) is a third level: left out


def test_bio_tags_whole_tokens_and_decode() -> None:
    text = "Anna Smith-Jones visited Paris."
    tokens = features.Featurizer().tokens(text)
    tags = crf.bio(tokens, [(0, 12, "PER"), (25, 30, "GPE")])  # ends inside "Smith-Jones"
    assert tags == ["B-PER", "O", "O", "B-GPE", "O"]
    spans = crf.decode(tokens, ["B-PER", "I-PER", "O", "I-GPE", "O"], [0.9, 0.6, 1, 0.8, 1])
    assert spans == [(0, 16, "PER", 0.6), (25, 30, "GPE", 0.8)]


def test_features_cached_per_word_and_sentences() -> None:
    featurizer = features.Featurizer()
    text = "Anna came. Bob left\nhome"
    tokens = featurizer.tokens(text)
    sequence = featurizer.sequence(text, tokens)
    assert "w=anna" in sequence[0] and "T" in sequence[0] and "+1w=came" in sequence[0]
    assert "ss" in sequence[3] and "ls" in sequence[5] and "ls" not in sequence[3]
    assert features.sentences(sequence) == [(0, 3), (3, 5), (5, 6)]
    assert features.shape("al-Assad") == "x-Xx" and features.shape("2024") == "d"


# -- the model -----------------------------------------------------------------------
def test_predicts_held_out_documents(model: crf.TrainedModel) -> None:
    true = predicted = gold = 0
    for text, entities, triggers in _examples(10, seed=2):
        wanted = set(entities) | set(triggers)
        found = _suggest(model, text)
        true += len(wanted & found)
        predicted += len(found)
        gold += len(wanted)
    assert true / predicted > 0.9
    assert true / gold > 0.85
    assert model.info.labels == ("GPE", "ORG", "PER")
    assert model.info.triggers == (ATTACK,)


def test_unseen_name_in_a_known_context(model: crf.TrainedModel) -> None:
    text = "Nadia Okafor visited Paris on Monday. Prices rose again in the second quarter."
    assert (0, 12, "PER") in _suggest(model, text)


def test_nested_layer_and_triggers(model: crf.TrainedModel) -> None:
    text = (
        "The University of Lima hired Anna Smith. Rebels shelled the outskirts of Oslo overnight."
    )
    document = Document(1, "x", "x", Status.TODO, text)
    found = {s.key: s for s in model.suggest(document, Annotations())}
    assert (4, 22, "ORG") in found
    assert (18, 22, "GPE") in found  # nested inside the ORG
    shelled = text.index("shelled")
    trigger = found[(shelled, shelled + 7, ATTACK)]
    assert trigger.trigger and trigger.source == "model"
    assert all(0.0 <= s.score <= 1.0 for s in found.values())
    assert found[(4, 22, "ORG")].score > 0.5


def test_certainty_lower_for_an_odd_document(model: crf.TrainedModel) -> None:
    usual = _examples(1, seed=9)[0][0]
    odd = "Brimbly Zort said Quorlax Vent. Hired Yonder Mulch visited of University Vexa."
    assert 0.0 <= model.certainty(odd) < model.certainty(usual) <= 1.0
    assert model.certainty("") == 1.0


def test_nothing_to_learn(tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="nothing to learn from"):
        crf.train([("no spans here", [], [])], tmp_path / "m")
    assert not (tmp_path / "m").exists()


def test_retraining_replaces_the_model_whole(tmp_path: Path) -> None:
    directory = tmp_path / "m"
    first = crf.train(_examples(6, seed=5), directory)
    old = crf.load_model(directory)
    second = crf.train(_examples(8, seed=6), directory)
    assert first.id != second.id and second.documents == 8
    loaded = crf.load_model(directory)
    assert loaded is not None and loaded.info == second
    assert old is not None and old.analyse("Anna Smith visited Lima.")  # still usable
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]  # no temporary folder left

    def cancel(done: int, total: int) -> None:
        if done == total - 1:
            raise Cancelled("stopped")

    with pytest.raises(Cancelled):
        crf.train(_examples(6, seed=7), directory, progress=cancel)
    again = crf.load_model(directory)
    assert again is not None and again.info == second
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]


def test_load_model_none_and_damaged(tmp_path: Path) -> None:
    assert crf.load_model(tmp_path / "nothing") is None
    assert crf.load_model(tmp_path) is None
    directory = tmp_path / "m"
    crf.train(_examples(5, seed=5), directory)
    (directory / "entities-0.crfsuite").write_bytes(b"garbage")
    with pytest.raises(AnnotatorError, match="retrain with annotator train"):
        crf.load_model(directory)
    (directory / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"cannot be read.*retrain with annotator train"):
        crf.load_model(directory)
    meta = {"format": crf.FORMAT, "features": features.VERSION + 1, "files": [], "info": {}}
    (directory / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(AnnotatorError, match="another version of Annotator"):
        crf.load_model(directory)


def test_missing_crfsuite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = tmp_path / "m"
    crf.train(_examples(5, seed=5), directory)
    monkeypatch.setitem(sys.modules, "pycrfsuite", None)
    with pytest.raises(MissingDependency, match=r"python-crfsuite.*annotator\[assist\]"):
        crf.train(_examples(5, seed=5), tmp_path / "other")
    with pytest.raises(MissingDependency):
        crf.load_model(directory)
    assert crf.load_model(tmp_path / "none") is None  # nothing to load: no library needed


# -- from a project ------------------------------------------------------------------
def test_examples_from_done_documents_only() -> None:
    project = Project.in_memory(schemas.load("ace2005"))
    text = "Rebels attacked North and South Lima."
    project.import_records(
        [
            DocumentRecord(
                text=text,
                uid="a",
                status=Status.DONE,
                spans=[
                    SpanRecord("T1", 7, 15, ATTACK),
                    SpanRecord("T2", 16, 36, "LOC", [(16, 21), (26, 36)]),
                    SpanRecord("T3", 32, 36, "GPE"),
                ],
            ),
            DocumentRecord(text="Not done yet.", uid="b", spans=[SpanRecord("T1", 0, 3, "PER")]),
        ]
    )
    assert training.examples(project) == [(text, [(32, 36, "GPE")], [(7, 15, ATTACK)])]
    assert len(training.examples(project, [1, 2])) == 2


def test_train_project_while_another_writer_holds_it(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", done=12, todo=4)
    with Project.open(path) as writer:  # the window
        report = training.train_project(path, tmp_path / "m")
        assert report.info.documents == 12
        todo = list(writer.document_ids([Status.TODO]))
        assert sorted(report.certainty) == todo
        assert all(0.0 <= value <= 1.0 for value in report.certainty.values())
        writer.set_certainty(report.certainty, report.info.id)
        assert sorted(writer.document_ids([Status.TODO], order="uncertain")) == todo
    assert crf.load_model(tmp_path / "m") is not None
    limited = training.train_project(path, tmp_path / "m", score_limit=2)
    assert sorted(limited.certainty) == todo[:2]


def test_train_project_default_folder_and_progress(tmp_path: Path) -> None:
    from annotator.core.assist.suggestions import model_dir

    path = _project(tmp_path / "p.annot", done=5, todo=3)
    calls: list[tuple[int, int]] = []
    training.train_project(path, progress=lambda done, total: calls.append((done, total)))
    assert crf.load_model(model_dir(path)) is not None
    assert calls[-1][0] == calls[-1][1] and calls[-1][1] == 5 + 3 + 3


def test_train_project_without_done_documents(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", done=0, todo=3)
    with pytest.raises(AnnotatorError, match="mark documents with annotations done"):
        training.train_project(path, tmp_path / "m")


def test_learning_curve(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", done=30)
    with Project.open(path, read_only=True) as project:
        curve = training.learning_curve(project)
        assert curve.held_out == 6
        assert [point.documents for point in curve.points] == [5, 10, 24]
        last = curve.points[-1]
        assert last.micro.f1 > 0.8 and last.micro.f1 >= curve.points[0].micro.f1 - 0.05
        assert {"PER", "GPE", "ORG", ATTACK} <= set(last.labels)
        assert last.micro.support == sum(s.support for s in last.labels.values())
        text = curve.to_text()
        assert "6 held-out" in text and "F1 PER" in text and text.count("\n") >= 4
        data = json.loads(json.dumps(curve.to_json()))
        assert data["held_out"] == 6 and len(data["points"]) == 3
        assert set(data["points"][0]["micro"]) == {"precision", "recall", "f1", "support"}
        chosen = training.learning_curve(project, [3, 1000], held_out=0.5, seed=1)
        assert chosen.held_out == 15 and [p.documents for p in chosen.points] == [3]
        with pytest.raises(AnnotatorError, match="no training size fits"):
            training.learning_curve(project, [1000])


def test_learning_curve_needs_two_done_documents() -> None:
    project = Project.in_memory(schemas.load("ace2005"))
    project.import_records(_records(1, seed=3, status=Status.DONE) + _records(3, seed=4))
    with pytest.raises(AnnotatorError, match=r"at least 2 done documents .*has 1"):
        training.learning_curve(project)


def test_background_training(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", done=6, todo=2)
    background = BackgroundTraining()
    try:
        assert not background.running
        future = background.start(path, tmp_path / "m")
        report = future.result(timeout=120)
        assert isinstance(report, training.TrainReport) and report.info.documents == 6
        assert len(report.certainty) == 2 and not background.running
        model = crf.load_model(tmp_path / "m")
        assert model is not None and model.info == report.info
        failing = background.start(tmp_path / "missing.annot", tmp_path / "other")
        with pytest.raises(AnnotatorError):
            failing.result(timeout=60)
    finally:
        background.shutdown()
    assert not background.running
    background.shutdown()  # twice is fine


def test_background_shutdown_stops_a_running_training(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", done=6)
    background = BackgroundTraining()
    future = background.start(path, tmp_path / "m")
    second = background.start(path, tmp_path / "m")  # waits behind the first, then goes
    assert background.running
    began = time.monotonic()
    background.shutdown()
    assert time.monotonic() - began < 10
    assert not background.running
    for each in (future, second):
        with contextlib.suppress(Exception):
            each.result(timeout=10)
        assert each.done()
    assert not (tmp_path / "m").exists() or crf.load_model(tmp_path / "m") is not None
