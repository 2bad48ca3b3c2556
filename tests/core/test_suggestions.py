"""Suggestions in the core: accepting and rejecting are edits, rejections are remembered,
the "least certain first" order, settings, and how sources' proposals are merged and filtered."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.assist import sources
from annotator.core.assist.suggestions import (
    AssistConfig,
    Suggester,
    Suggestion,
    keep,
    merge,
    model_dir,
)
from annotator.core.editing import edits
from annotator.core.editing.suggestion_edits import (
    AcceptSuggestions,
    ForgetRejections,
    RejectSuggestions,
)
from annotator.core.errors import EditError, InputError
from annotator.core.maintenance.integrity import check_project
from annotator.core.model import Annotations, Document, Span, Status, schemas
from annotator.core.model.records import DocumentRecord, SpanRecord
from annotator.core.project import Project
from annotator.core.store import queries

TEXT = "🇺🇦 Kyiv said Kyiv would talk. Officials attacked the plan in Kyiv."
K1 = TEXT.index("Kyiv")  # 3: the flag is two code points
K2 = TEXT.index("Kyiv", K1 + 1)
K3 = TEXT.rindex("Kyiv")


def _project(path: Path | None = None, documents: int = 1) -> Project:
    schema = schemas.load("ace2005")
    project = Project.in_memory(schema) if path is None else Project.create(path, schema)
    project.import_records(
        [
            DocumentRecord(
                text=TEXT if n == 0 else f"Document {n} about Kyiv.",
                uid=f"d{n}",
                spans=[SpanRecord("T1", K1, K1 + 4, "GPE")] if n == 0 else [],
            )
            for n in range(documents)
        ]
    )
    return project


def _spans(project: Project, document_id: int = 1) -> list[tuple[int, int, str]]:
    return sorted((s.start, s.end, s.label) for s in project.annotations(document_id).spans)


def test_accepting_adds_spans_and_events_in_one_undoable_step() -> None:
    project = _project()
    attack = TEXT.index("attacked")
    edit = AcceptSuggestions(1, [(K2, K2 + 4, "GPE"), (attack, attack + 8, "Conflict:Attack")])
    changes = project.apply(edit)
    assert edit.name == "Accept 2 suggestions"
    assert "spans" in changes.tables and "events" in changes.tables
    assert (K2, K2 + 4, "GPE") in _spans(project)
    events = project.annotations(1).events
    assert [e.type for e in events] == ["Conflict:Attack"]
    project.revert(edit)
    assert _spans(project) == [(K1, K1 + 4, "GPE")]
    assert project.annotations(1).events == ()


def test_accepting_what_is_already_annotated_is_refused_and_skipped() -> None:
    project = _project()
    with pytest.raises(EditError, match="already annotated"):
        project.apply(AcceptSuggestions(1, [(K1, K1 + 4, "GPE")]))
    edit = AcceptSuggestions(1, [(K1, K1 + 4, "GPE"), (K2, K2 + 4, "GPE")])
    project.apply(edit)
    assert len(edit.span_ids) == 1
    with pytest.raises(EditError, match="no label"):
        project.apply(AcceptSuggestions(1, [(K2, K2 + 4, "NOPE")]))
    with pytest.raises(EditError, match="relation"):
        project.apply(AcceptSuggestions(1, [(K2, K2 + 4, "ART:User-Owner-Inventor-Manufacturer")]))


def test_rejections_are_remembered_undone_and_forgotten() -> None:
    project = _project()
    edit = RejectSuggestions(1, [(K2, K2 + 4, "GPE"), (K2, K2 + 4, "GPE")])
    changes = project.apply(edit)
    assert edit.name == "Reject GPE suggestion"
    assert "rejections" in changes.tables and changes.documents == {1}
    assert project.rejected(1) == {(K2, K2 + 4, "GPE")}
    with pytest.raises(EditError, match="already rejected"):
        project.apply(RejectSuggestions(1, [(K2, K2 + 4, "GPE")]))
    with pytest.raises(EditError, match="cannot reject"):
        project.apply(RejectSuggestions(1, [(K2, 999, "GPE")]))
    project.revert(edit)
    assert project.rejected(1) == set()
    project.apply(edit)
    forget = ForgetRejections(1)
    project.apply(forget)
    assert project.rejected(1) == set()
    project.revert(forget)
    assert project.rejected(1) == {(K2, K2 + 4, "GPE")}
    with pytest.raises(EditError, match="no suggestion"):
        project.apply(ForgetRejections(2))


def test_deleting_a_document_takes_its_rejections_and_undo_brings_them_back() -> None:
    project = _project(documents=2)
    project.apply(RejectSuggestions(1, [(K2, K2 + 4, "GPE")]))
    project.set_certainty({1: 0.3, 2: 0.9}, "m1")
    delete = edits.DeleteDocument(1)
    project.apply(delete)
    assert queries.rejection_count(project.db) == 0
    assert queries.certainty(project.db) == {2: 0.9}
    project.revert(delete)
    assert project.rejected(1) == {(K2, K2 + 4, "GPE")}


def test_least_certain_first_order_and_next_to_do(tmp_path: Path) -> None:
    project = _project(documents=5)
    assert list(project.document_ids(order="uncertain")) == [1, 2, 3, 4, 5]
    project.set_certainty({4: 0.2, 2: 0.5, 5: 0.2, 99: 0.0}, "m1")  # 99 does not exist
    assert queries.certainty(project.db) == {4: 0.2, 2: 0.5, 5: 0.2}
    assert list(project.document_ids(order="uncertain")) == [4, 5, 2, 1, 3]
    assert list(project.document_ids(order="added")) == [1, 2, 3, 4, 5]
    project.apply(edits.SetStatus(4, Status.DONE))
    assert list(project.document_ids([Status.TODO], order="uncertain")) == [5, 2, 1, 3]
    assert list(project.document_ids(None, "Document 3", order="uncertain")) == [4]
    assert project.next_with_status(5, Status.TODO, order="uncertain") == 2
    assert project.next_with_status(None, Status.TODO, order="uncertain") == 5
    assert project.next_with_status(1, Status.TODO) == 2
    # a newer model replaces every value
    project.set_certainty({3: 0.1}, "m2")
    assert list(project.document_ids(order="uncertain")) == [3, 1, 2, 4, 5]
    with pytest.raises(ValueError, match="unknown order"):
        project.document_ids(order="random")


def test_certainty_is_not_written_to_a_read_only_project(tmp_path: Path) -> None:
    path = tmp_path / "p.annot"
    _project(path, documents=2).close()
    with Project.open(path, read_only=True) as read_only:
        read_only.set_certainty({1: 0.5}, "m")
    with Project.open(path) as project:
        assert queries.certainty(project.db) == {}


def test_settings_are_an_undoable_edit_and_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "p.annot"
    project = _project(path)
    assert sources.load_config(project) == AssistConfig()
    config = AssistConfig(corpus=True, patterns=("PER=names.txt",), threshold=0.7)
    edit = sources.save_config(project, config)
    assert edit.name == "Change suggestion settings"
    project.close()
    with Project.open(path) as again:
        assert sources.load_config(again) == config
        again.revert(edit)
        assert sources.load_config(again) == AssistConfig()


def test_settings_read_leniently() -> None:
    assert AssistConfig.from_json("not json") == AssistConfig()
    assert AssistConfig.from_json("[1]") == AssistConfig()
    odd = AssistConfig.from_json('{"model": "yes", "threshold": 7, "future": 1, "corpus": true}')
    assert odd == AssistConfig(corpus=True)
    config = AssistConfig(pipeline="en_core_web_sm", pipeline_labels={"PERSON": "PER"})
    assert AssistConfig.from_json(config.to_json()) == config
    assert config.enabled() == ["propagation", "model", "pipeline"]
    assert config.with_sources(["model"]).enabled() == ["model"]
    with pytest.raises(InputError, match="unknown suggestion source 'magic'"):
        config.with_sources(["magic"])


def test_model_folder_is_per_project_in_the_cache(tmp_path: Path) -> None:
    first, second = model_dir(tmp_path / "a.annot"), model_dir(tmp_path / "b.annot")
    assert first != second and first == model_dir(tmp_path / "a.annot")
    assert first.name.startswith("a-") and "cache" in str(first)


def _document() -> tuple[Document, Annotations]:
    project = _project()
    return project.document(1), project.annotations(1)


def test_merge_keeps_the_best_score_and_names_every_source() -> None:
    merged = merge(
        [
            Suggestion(K2, K2 + 4, "GPE", 0.6, "model"),
            Suggestion(K2, K2 + 4, "GPE", 1.0, "propagation"),
            Suggestion(0, 6, "GPE", 0.4, "patterns"),
        ]
    )
    assert [(s.start, s.score, s.source) for s in merged] == [
        (0, 0.4, "patterns"),
        (K2, 1.0, "propagation+model"),
    ]


def test_keep_drops_annotated_rejected_unknown_and_weak_suggestions() -> None:
    document, annotations = _document()
    schema = schemas.load("ace2005")
    attack = TEXT.index("attacked")
    found = [
        Suggestion(K1, K1 + 4, "LOC", 0.9, "model"),  # the same range is a span already
        Suggestion(K2, K2 + 4, "GPE", 0.9, "model"),  # rejected below
        Suggestion(0, 1, "NOPE", 0.9, "model"),  # not in the schema
        Suggestion(0, 1, "ART:User-Owner-Inventor-Manufacturer", 0.9, "model"),  # a relation type
        Suggestion(0, 500, "GPE", 0.9, "model"),  # outside the text
        Suggestion(attack, attack + 8, "Conflict:Attack", 0.8, "model"),
        Suggestion(len(TEXT) - 5, len(TEXT) - 1, "GPE", 0.2, "model"),  # too weak
    ]
    kept = keep(found, document, annotations, {(K2, K2 + 4, "GPE")}, schema, threshold=0.5)
    assert [(s.label, s.trigger) for s in kept] == [("Conflict:Attack", True)]


class _Fixed:
    name = "fixed"

    def __init__(self, *found: Suggestion) -> None:
        self.found = list(found)

    def suggest(self, document: Document, annotations: Annotations) -> list[Suggestion]:
        return list(self.found)


def test_suggester_asks_every_source() -> None:
    document, annotations = _document()
    suggester = Suggester(
        schemas.load("ace2005"),
        [
            _Fixed(Suggestion(K2, K2 + 4, "GPE", 0.9, "model")),
            _Fixed(Suggestion(K3, K3 + 4, "GPE", 1, "corpus")),
        ],
        threshold=0.5,
    )
    assert [s.start for s in suggester.suggest(document, annotations)] == [K2, K3]
    assert [s.start for s in suggester.suggest(document, annotations, {(K2, K2 + 4, "GPE")})] == [
        K3
    ]
    assert Suggestion(K2, K2 + 4, "GPE", 0.91234, "model").to_json(TEXT) == {
        "start": K2,
        "end": K2 + 4,
        "label": "GPE",
        "score": 0.9123,
        "source": "model",
        "text": "Kyiv",
    }


def test_a_source_that_cannot_start_is_reported_and_the_others_still_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = _project()
    built = sources.build(project, AssistConfig(model=True, pipeline="no_such_pipeline_xyz"))
    assert "model" in built.problems and "trained" in built.problems["model"]
    assert "pipeline" in built.problems
    names = [source.name for source in built.suggester.sources]
    assert names == ["propagation"]


def test_integrity_check_names_a_damaged_rejection(tmp_path: Path) -> None:
    path = tmp_path / "p.annot"
    project = _project(path)
    project.apply(RejectSuggestions(1, [(K2, K2 + 4, "GPE")]))
    project.db.execute('UPDATE rejections SET "end" = 900')
    project.db.conn.commit()
    problems = check_project(project.db)
    assert any(
        p.kind == "rejection" and "rejected suggestion" in p.message and "900" in p.message
        for p in problems
    )


def test_a_missing_library_survives_the_trip_back_from_the_training_process() -> None:
    import pickle

    from annotator.core.errors import MissingDependency

    error = pickle.loads(pickle.dumps(MissingDependency("The model", "python-crfsuite", "assist")))
    assert isinstance(error, MissingDependency)
    assert error.install == "pip install 'annotator[assist]'" and "python-crfsuite" in str(error)


def test_keep_drops_the_same_label_inside_a_span_and_spans_across_paragraphs() -> None:
    schema = schemas.load("ace2005")
    text = "Angela Merkel spoke.\n\nBerlin agreed.\r\n\r\nMerkel left."
    document = Document(1, "d", "t", Status.TODO, text)
    merkel = text.index("Merkel")
    annotations = Annotations(
        spans=(Span(1, 1, "T1", 0, 13, "PER"),)  # Angela Merkel
    )
    found = [
        Suggestion(merkel, merkel + 6, "PER", 0.9, "propagation"),  # inside the PER span
        Suggestion(0, 6, "GPE", 0.9, "model"),  # another label inside: kept (nested)
        Suggestion(14, 28, "PER", 0.9, "model"),  # "spoke.\n\nBerlin"
        Suggestion(22, 44, "GPE", 0.9, "model"),  # across a CRLF paragraph break
        Suggestion(text.rindex("Merkel"), len(text) - 6, "PER", 0.9, "propagation"),
    ]
    kept = keep(found, document, annotations, (), schema)
    assert [(s.start, s.label) for s in kept] == [(0, "GPE"), (text.rindex("Merkel"), "PER")]


def test_text_only_sources_are_asked_once_per_document() -> None:
    document, annotations = _document()

    class _TextOnly(_Fixed):
        reads_annotations = False

        def __init__(self) -> None:
            super().__init__(Suggestion(K2, K2 + 4, "GPE", 0.9, "model"))
            self.calls = 0

        def suggest(self, document: Document, annotations: Annotations) -> list[Suggestion]:
            self.calls += 1
            return super().suggest(document, annotations)

    text_only, each_edit = _TextOnly(), _Fixed(Suggestion(K3, K3 + 4, "GPE", 1, "propagation"))
    suggester = Suggester(schemas.load("ace2005"), [text_only, each_edit])
    for _ in range(3):
        assert [s.start for s in suggester.suggest(document, annotations)] == [K2, K3]
    assert text_only.calls == 1
    # what the cached proposals overlap is still filtered against the newest annotations
    span = Span(9, 1, "T9", K2, K2 + 4, "GPE")
    newer = Annotations(spans=(*annotations.spans, span))
    assert [s.start for s in suggester.suggest(document, newer)] == [K3]
    assert text_only.calls == 1
