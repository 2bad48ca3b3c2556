"""The propagation, pattern and spaCy pipeline suggestion sources, alone and as
``sources.build`` puts them together (no Qt)."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

from annotator.core.assist import sources
from annotator.core.assist.patterns import SCORE, PatternSource, parse_entry
from annotator.core.assist.pipelines import DEFAULT_LABELS, UNSCORED, PipelineSource
from annotator.core.assist.propagation import (
    CorpusPropagation,
    DocumentPropagation,
    propagatable,
)
from annotator.core.assist.suggestions import AssistConfig, Suggestion
from annotator.core.editing.suggestion_edits import AcceptSuggestions, RejectSuggestions
from annotator.core.errors import InputError, MissingDependency
from annotator.core.model import Annotations, Document, Span, Status, schemas
from annotator.core.model.records import DocumentRecord, SpanRecord
from annotator.core.project import Project

DATA = Path(__file__).parent.parent / "data" / "assist"

FLAG = "🇺🇦 "  # two astral code points and a space: offsets are code points


def _doc(text: str, spans: list[tuple[int, int, str]] = ()) -> tuple[Document, Annotations]:  # type: ignore[assignment]
    document = Document(1, "d1", "d1", Status.TODO, text)
    made = tuple(Span(n, 1, f"T{n}", s, e, label) for n, (s, e, label) in enumerate(spans, 1))
    return document, Annotations(spans=made)


def _keys(found: list[Suggestion]) -> list[tuple[int, int, str]]:
    return [s.key for s in found]


def _at(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


# -- propagation within a document ---------------------------------------------------


def test_document_propagation_respects_token_boundaries_and_code_points() -> None:
    text = FLAG + "Paris is big. Parisian food, Paris cafés, paris, Paris-based, Paris."
    first = _at(text, "Paris")
    document, annotations = _doc(text, [(*first, "GPE")])
    found = DocumentPropagation().suggest(document, annotations)
    expected = [
        (*_at(text, "Paris", 2), "GPE"),  # "Paris cafés"
        (text.index("Paris-based"), text.index("Paris-based") + 5, "GPE"),
        (text.rindex("Paris"), text.rindex("Paris") + 5, "GPE"),
    ]
    assert _keys(found) == expected
    assert first[0] == 3  # the flag counts two code points
    assert all(text[s.start : s.end] == "Paris" for s in found)
    assert {s.source for s in found} == {"propagation"}
    assert {s.score for s in found} == {1.0}


def test_document_propagation_scores_by_consistency_and_proposes_every_label() -> None:
    text = "Washington met Washington. Washington left; Washington stayed. Washington."
    at = [_at(text, "Washington", n) for n in range(5)]
    document, annotations = _doc(
        text, [(*at[0], "PER"), (*at[1], "PER"), (*at[2], "PER"), (*at[3], "GPE")]
    )
    found = DocumentPropagation().suggest(document, annotations)
    assert [(s.key, s.score) for s in found] == [
        ((*at[4], "PER"), 0.75),
        ((*at[4], "GPE"), 0.25),
    ]


def test_document_propagation_prefers_longest_and_never_crosses_a_span() -> None:
    text = "New York City is big. New York City grows. I love New York. York Minster."
    city = _at(text, "New York City")
    state = _at(text, "New York", 2)
    document, annotations = _doc(text, [(*city, "GPE"), (*state, "GPE")])
    found = DocumentPropagation().suggest(document, annotations)
    # the second "New York City" gets the long text only; "New York" inside the
    # annotated city is not proposed either (a span starts there and reaches further)
    assert _keys(found) == [(*_at(text, "New York City", 1), "GPE")]

    # a text annotated elsewhere is proposed inside a span (nested annotation)...
    text = "the mayor of Paris spoke. Paris is calm."
    mayor, paris = _at(text, "the mayor of Paris"), _at(text, "Paris", 1)
    document, annotations = _doc(text, [(*mayor, "PER"), (*paris, "GPE")])
    found = DocumentPropagation().suggest(document, annotations)
    assert _keys(found) == [(*_at(text, "Paris"), "GPE")]
    # ... but not across a span's edge
    text = "Hilton Hotel opened. Paris Hilton Hotel"
    hotel, person = _at(text, "Hilton Hotel"), _at(text, "Paris Hilton")
    document, annotations = _doc(text, [(*hotel, "ORG"), (*person, "PER")])
    assert DocumentPropagation().suggest(document, annotations) == []
    # ... nor shorter than a span that starts at the same place
    text = "Paris Hilton sang. Paris is calm."
    person, paris = _at(text, "Paris Hilton"), _at(text, "Paris", 1)
    document, annotations = _doc(text, [(*person, "PER"), (*paris, "GPE")])
    assert DocumentPropagation().suggest(document, annotations) == []


def test_document_propagation_skips_fragments_short_and_punctuation_texts() -> None:
    text = "A . A . -- -- Ana Ana"
    document = Document(1, "d1", "d1", Status.TODO, text)
    spans = (
        Span(1, 1, "T1", 0, 1, "PER"),  # one character
        Span(2, 1, "T2", 8, 10, "PER"),  # "--"
        Span(3, 1, "T3", 14, 21, "PER", ((14, 17), (18, 21))),  # discontinuous
    )
    assert DocumentPropagation().suggest(document, Annotations(spans=spans)) == []
    assert not propagatable(" Ana") and not propagatable("--") and propagatable("Ana")


def test_propagation_handles_combining_marks_and_non_latin_scripts() -> None:
    text = "Zoe\u0301 came. Zoe\u0301s left. Zoe\u0301 stayed. Київ і Київщина, Київ."
    zoe = (0, 4)
    kyiv = _at(text, "Київ")
    document, annotations = _doc(text, [(*zoe, "PER"), (*kyiv, "GPE")])
    found = DocumentPropagation().suggest(document, annotations)
    assert _keys(found) == [
        (*_at(text, "Zoe\u0301", 2), "PER"),
        (*_at(text, "Київ", 2), "GPE"),
    ]


def test_document_propagation_is_fast() -> None:
    words = ["the", "of", "said", "Paris", "Acme Corp", "John Smith", "today", "Kyiv"]
    labels = {"Paris": "GPE", "Acme Corp": "ORG", "John Smith": "PER", "Kyiv": "GPE"}
    pieces = [words[(n * 7 + n // 3) % len(words)] for n in range(200_000)]
    text = " ".join(pieces)
    spans, offset = [], 0
    for piece in pieces:
        if piece in labels and len(spans) < 25_000 and offset % 3 == 0:
            spans.append((offset, offset + len(piece), labels[piece]))
        offset += len(piece) + 1
    document, annotations = _doc(text, spans)
    source = DocumentPropagation()
    best = min(_timed(lambda: source.suggest(document, annotations)) for _ in range(3))
    assert len(text) > 1_000_000 and len(spans) == 25_000
    assert best < 2.0  # about 0.35 s here; generous for slow CI machines
    small = text[:5000]
    document, annotations = _doc(small, [s for s in spans if s[1] <= 5000][:50])
    best = min(_timed(lambda: source.suggest(document, annotations)) for _ in range(5))
    assert best < 0.05  # about 2 ms here


def _timed(call: object) -> float:
    start = time.perf_counter()
    call()  # type: ignore[operator]
    return time.perf_counter() - start


# -- propagation across the corpus ---------------------------------------------------


def _project(path: Path | None = None) -> Project:
    schema = schemas.load("news")
    project = Project.in_memory(schema) if path is None else Project.create(path, schema)
    one = FLAG + "Kyiv and Lviv. Ana Silva spoke."
    two = "Kyiv again; Lviv is a city. Ana Silva was there."
    three = "Lviv, Lviv. Washington."
    project.import_records(
        [
            DocumentRecord(
                text=one,
                uid="d1",
                spans=[
                    SpanRecord("T1", *_at(one, "Kyiv"), "GPE"),
                    SpanRecord("T2", *_at(one, "Lviv"), "GPE"),
                    SpanRecord("T3", *_at(one, "Ana Silva"), "PER"),
                ],
            ),
            DocumentRecord(
                text=two,
                uid="d2",
                spans=[
                    SpanRecord("T1", *_at(two, "Kyiv"), "GPE"),
                    SpanRecord("T2", *_at(two, "Lviv"), "LOC"),
                ],
            ),
            DocumentRecord(text=three, uid="d3"),
            DocumentRecord(text="Ana Silva in Kyiv, with Bo Li.", uid="d4"),
        ]
    )
    return project


def test_corpus_propagation_from_a_project_scores_across_documents() -> None:
    project = _project()
    corpus = CorpusPropagation.from_project(project)
    assert corpus.labels("Lviv") == {"GPE": 1, "LOC": 1}
    assert corpus.labels("Kyiv") == {"GPE": 2}
    document = project.document(3)
    found = corpus.suggest(document, project.annotations(3))
    assert [(s.key, s.score, s.source) for s in found] == [
        ((0, 4, "GPE"), 0.5, "corpus"),
        ((0, 4, "LOC"), 0.5, "corpus"),
        ((6, 10, "GPE"), 0.5, "corpus"),
        ((6, 10, "LOC"), 0.5, "corpus"),
    ]
    text = project.document(4).text
    found = corpus.suggest(project.document(4), project.annotations(4))
    assert _keys(found) == [(*_at(text, "Ana Silva"), "PER"), (*_at(text, "Kyiv"), "GPE")]
    # add() counts at once; the matcher is rebuilt on the next suggest
    corpus.add("Bo Li", "PER")
    corpus.add("Washington", "PER", 3)
    corpus.add("Lviv", "GPE", 2)
    corpus.add("?", "PER")  # not propagated
    found = corpus.suggest(project.document(4), project.annotations(4))
    assert (*_at(text, "Bo Li"), "PER") in _keys(found)
    found = corpus.suggest(project.document(3), project.annotations(3))
    assert [(s.key, s.score) for s in found][:2] == [((0, 4, "GPE"), 0.75), ((0, 4, "LOC"), 0.25)]
    assert ((12, 22, "PER"), 1.0) in [(s.key, s.score) for s in found]
    assert corpus.labels("?") == {}


def test_corpus_propagation_from_triples_and_empty() -> None:
    document, annotations = _doc("Acme Corp hired Acme.", [])
    assert CorpusPropagation().suggest(document, annotations) == []
    corpus = CorpusPropagation([("Acme Corp", "ORG", 4), ("Acme", "ORG", 1), ("x", "ORG", 9)])
    assert len(corpus) == 2
    assert _keys(corpus.suggest(document, annotations)) == [(0, 9, "ORG"), (16, 20, "ORG")]


# -- patterns and word lists ---------------------------------------------------------


def test_phrase_and_token_patterns_keep_nested_matches() -> None:
    source = PatternSource.from_files([str(DATA / "patterns.jsonl")])
    text = FLAG + "Apple Inc moved to San Francisco Bay; apple and SAN FRANCISCO too."
    document, annotations = _doc(text)
    found = source.suggest(document, annotations)
    upper = text.index("SAN FRANCISCO")
    assert _keys(found) == [
        (*_at(text, "Apple"), "ORG"),
        (*_at(text, "Apple Inc"), "ORG"),
        (*_at(text, "San Francisco"), "GPE"),
        (*_at(text, "San Francisco Bay"), "LOC"),
        (upper, upper + 13, "GPE"),
    ]
    assert {(s.score, s.source) for s in found} == {(SCORE, "patterns")}
    assert source.labels == ("GPE", "LOC", "ORG") and source.count == 4


def test_word_lists_by_file_name_and_by_label(tmp_path: Path) -> None:
    source = PatternSource.from_files([str(DATA / "PER.txt"), f"GPE={DATA / 'cities.txt'}"])
    text = "Ana Silva and Bo Li went to Kyiv, not Lviv or Nobody."
    found = source.suggest(*_doc(text))
    assert _keys(found) == [
        (*_at(text, "Ana Silva"), "PER"),
        (*_at(text, "Bo Li"), "PER"),
        (*_at(text, "Kyiv"), "GPE"),
        (*_at(text, "Lviv"), "GPE"),
    ]
    # relative paths from a base folder; an event type as label
    shutil.copy(DATA / "cities.txt", tmp_path / "attack words.txt")
    assert parse_entry("Conflict:Attack=attack words.txt", tmp_path) == (
        tmp_path / "attack words.txt",
        "Conflict:Attack",
    )
    assert parse_entry("PER.txt", tmp_path) == (tmp_path / "PER.txt", "PER")
    assert parse_entry("p.jsonl") == (Path("p.jsonl"), None)
    # a file whose name has "=" in it is that file
    odd = tmp_path / "a=b.jsonl"
    shutil.copy(DATA / "patterns.jsonl", odd)
    assert parse_entry(str(odd)) == (odd, None)


def test_relative_paths_beside_the_project_then_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project_dir, work = tmp_path / "project", tmp_path / "work"
    project_dir.mkdir()
    work.mkdir()
    shutil.copy(DATA / "PER.txt", project_dir / "PER.txt")
    shutil.copy(DATA / "cities.txt", work / "cities.txt")
    monkeypatch.chdir(work)
    assert parse_entry("PER.txt", project_dir) == (project_dir / "PER.txt", "PER")
    assert parse_entry("GPE=cities.txt", project_dir) == (Path("cities.txt"), "GPE")
    assert parse_entry("gone.jsonl", project_dir) == (project_dir / "gone.jsonl", None)
    source = PatternSource.from_files(["PER.txt", "GPE=cities.txt"], base=project_dir)
    assert source.labels == ("GPE", "PER")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_json.jsonl", r"bad_json\.jsonl line 2: not valid JSON"),
        ("bad_attribute.jsonl", r"bad_attribute\.jsonl line 3: invalid token pattern: .*LOWERCASE"),
        ("no_label.jsonl", r'no_label\.jsonl line 1: no "label"'),
        ("wrong_type.jsonl", r'wrong_type\.jsonl line 2: "pattern" must be a string .* not int'),
        ("empty.txt", r"word list .*empty\.txt has no terms"),
        ("missing.jsonl", r"pattern file .*missing\.jsonl does not exist"),
    ],
)
def test_bad_pattern_files_name_the_file_and_line(name: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        PatternSource.from_files([str(DATA / name)])
    assert "\n" not in str(caught.value)


def test_more_bad_pattern_lines(tmp_path: Path) -> None:
    cases = {
        '["label", "pattern"]': "expected an object",
        '{"label": "", "pattern": "x"}': '"label" must be a non-empty string',
        '{"label": "ORG"}': 'no "pattern"',
        '{"label": "ORG", "pattern": []}': "empty list",
        '{"label": "ORG", "pattern": ["san"]}': "list of objects",
        '{"label": "ORG", "pattern": " "}': "phrase",
        '{"label": "ORG", "pattern": "x", "id": 3}': '"id" must be a string',
        '{"label": "ORG", "pattern": [{"LOWER": {"IN": "x"}}]}': "invalid token pattern",
    }
    for number, (line, message) in enumerate(cases.items()):
        path = tmp_path / f"p{number}.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        with pytest.raises(InputError, match=message) as caught:
            PatternSource.from_files([str(path)])
        assert f"{path} line 1:" in str(caught.value) and "\n" not in str(caught.value)
    (tmp_path / "latin1.jsonl").write_bytes(b'{"label": "ORG", "pattern": "Zo\xe9"}\n')
    with pytest.raises(InputError, match="line 1: not UTF-8"):
        PatternSource.from_files([str(tmp_path / "latin1.jsonl")])
    with pytest.raises(InputError, match="LABEL=path"):
        PatternSource.from_files(["=names.txt"])
    with pytest.raises(InputError, match="no pattern file"):
        PatternSource.from_files([])


def test_patterns_are_fast_after_loading() -> None:
    source = PatternSource.from_files([str(DATA / "patterns.jsonl"), str(DATA / "PER.txt")])
    text = ("Ana Silva of Apple Inc flew to San Francisco on Monday morning. " * 80)[:5000]
    document, annotations = _doc(text)
    best = min(_timed(lambda: source.suggest(document, annotations)) for _ in range(5))
    assert len(source.suggest(document, annotations)) > 100
    assert best < 0.1  # about 3 ms here


def test_patterns_without_spacy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(MissingDependency, match="Pattern suggestions needs spaCy") as caught:
        PatternSource.from_files([str(DATA / "patterns.jsonl")])
    assert caught.value.install == "pip install 'annotator[assist]'"


# -- spaCy pipelines -----------------------------------------------------------------


@pytest.fixture(scope="module")
def pipeline_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(  # type: ignore[attr-defined]
        [
            {"label": "PERSON", "pattern": "Ana Silva"},
            {"label": "GPE", "pattern": "Kyiv"},
            {"label": "CITY", "pattern": "Lviv"},
            {"label": "NORP", "pattern": "Ukrainian"},
        ]
    )
    spans = nlp.add_pipe("span_ruler", config={"spans_key": "sc"})
    spans.add_patterns(  # type: ignore[attr-defined]
        [
            {"label": "ORG", "pattern": "Kyiv City Council"},
            {"label": "ORG", "pattern": [{"LOWER": "city"}, {"LOWER": "council"}]},
        ]
    )
    path = tmp_path_factory.mktemp("pipelines") / "ner"
    nlp.to_disk(path)
    return path


def test_pipeline_by_path_maps_labels(pipeline_dir: Path) -> None:
    source = PipelineSource(str(pipeline_dir), {"CITY": "GPE", "NORP": ""})
    text = FLAG + "Ana Silva, a Ukrainian, left Kyiv City Council for Lviv."
    found = source.suggest(*_doc(text))
    assert [(s.key, s.score, s.source) for s in found] == [
        ((*_at(text, "Ana Silva"), "PER"), UNSCORED, "pipeline"),
        ((*_at(text, "Kyiv"), "GPE"), UNSCORED, "pipeline"),
        ((*_at(text, "Kyiv City Council"), "ORG"), UNSCORED, "pipeline"),
        ((*_at(text, "City Council"), "ORG"), UNSCORED, "pipeline"),
        ((*_at(text, "Lviv"), "GPE"), UNSCORED, "pipeline"),
    ]
    assert DEFAULT_LABELS["PERSON"] == "PER"
    # unmapped labels are kept as they are; the user's map wins over the default one
    source = PipelineSource(str(pipeline_dir), {"PERSON": "Human"})
    assert [s.label for s in source.suggest(*_doc("Ana Silva in Lviv"))] == ["Human", "CITY"]


def test_pipeline_uses_span_group_scores(pipeline_dir: Path) -> None:
    source = PipelineSource(str(pipeline_dir), {})

    def scored(doc: object) -> object:
        group = doc.spans["sc"]  # type: ignore[attr-defined]
        group.attrs["scores"] = [0.3 + 0.1 * n for n in range(len(group))]
        return doc

    original = source.nlp

    class Wrapped:
        max_length = original.max_length

        def __call__(self, text: str) -> object:
            return scored(original(text))

    source.nlp = Wrapped()
    found = source.suggest(*_doc("Kyiv City Council"))
    assert [(s.key, round(s.score, 3)) for s in found] == [
        ((0, 4, "GPE"), UNSCORED),
        ((0, 17, "ORG"), 0.3),
        ((5, 17, "ORG"), 0.4),
    ]


def test_pipeline_long_text_is_passed_once(pipeline_dir: Path) -> None:
    source = PipelineSource(str(pipeline_dir), {})
    source.nlp.max_length = 1000
    text = "x " * 600 + "Kyiv"
    assert _keys(source.suggest(*_doc(text))) == [(1200, 1204, "GPE")]


def test_unknown_pipelines_and_folders(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        PipelineSource("xx_no_such_pipeline_sm", {})
    assert str(caught.value) == (
        "no spaCy pipeline 'xx_no_such_pipeline_sm' is installed: install it as a Python "
        "package (pip install ...) or give the folder it was saved to"
    )
    with pytest.raises(InputError, match="not a saved spaCy pipeline"):
        PipelineSource(str(tmp_path), {})
    with pytest.raises(InputError, match="does not exist"):
        PipelineSource(str(tmp_path / "gone"), {})
    with pytest.raises(InputError, match="no spaCy pipeline is named"):
        PipelineSource(" ", {})
    (tmp_path / "config.cfg").write_text("[nlp]\nlang = 'zz-unknown'\n", encoding="utf-8")
    with pytest.raises(InputError, match="could not be loaded") as caught:
        PipelineSource(str(tmp_path), {})
    assert "\n" not in str(caught.value)


def test_pipeline_without_spacy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(MissingDependency, match="spaCy pipeline needs spaCy"):
        PipelineSource("en_core_web_sm", {})


# -- through sources.build and the suggester -----------------------------------------


def test_build_runs_propagation_corpus_and_patterns_and_filters(tmp_path: Path) -> None:
    project = _project(tmp_path / "p.annot")
    config = AssistConfig(
        propagation=True,
        corpus=True,
        model=False,
        patterns=(str(DATA / "PER.txt"), str(DATA / "missing.jsonl")),
        threshold=0.5,
    )
    built = sources.build(project, config)
    assert set(built.problems) == {"patterns"} and "missing.jsonl" in built.problems["patterns"]
    config = AssistConfig(
        propagation=True, corpus=True, model=False, patterns=(str(DATA / "PER.txt"),)
    )
    built = sources.build(project, config)
    assert built.problems == {} and built.missing == []
    assert [s.name for s in built.suggester.sources] == ["propagation", "corpus", "patterns"]

    text = project.document(4).text  # "Ana Silva in Kyiv, with Bo Li."
    found = built.suggester.suggest(project.document(4), project.annotations(4))
    assert [(s.key, s.source) for s in found] == [
        ((*_at(text, "Ana Silva"), "PER"), "corpus+patterns"),
        ((*_at(text, "Kyiv"), "GPE"), "corpus"),
        ((*_at(text, "Bo Li"), "PER"), "patterns"),
    ]
    # rejected: never proposed again in that document; accepted: a span, so not proposed
    project.apply(RejectSuggestions(4, [(*_at(text, "Kyiv"), "GPE")]))
    project.apply(AcceptSuggestions(4, [(*_at(text, "Bo Li"), "PER")]))
    found = built.suggester.suggest(
        project.document(4), project.annotations(4), project.rejected(4)
    )
    assert _keys(found) == [(*_at(text, "Ana Silva"), "PER")]

    # within the document: the second "Lviv" of d3 once the first is annotated;
    # "Washington" has no label in the news schema's... it does not occur annotated
    text = project.document(3).text
    project.apply(AcceptSuggestions(3, [(0, 4, "LOC")]))
    found = built.suggester.suggest(project.document(3), project.annotations(3))
    by_key = {s.key: s for s in found}
    assert by_key[(6, 10, "LOC")].source == "propagation+corpus"
    assert by_key[(6, 10, "LOC")].score == 1.0
    assert (6, 10, "GPE") in by_key  # corpus: Lviv was GPE once, LOC once (0.5)


def test_build_reports_missing_spacy_and_keeps_the_other_sources(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = _project()
    monkeypatch.setitem(sys.modules, "spacy", None)
    config = AssistConfig(
        propagation=True, model=False, patterns=(str(DATA / "PER.txt"),), pipeline="x"
    )
    built = sources.build(project, config)
    assert set(built.problems) == {"patterns", "pipeline"}
    assert [m.package for m in built.missing] == ["spaCy", "spaCy"]
    assert [s.name for s in built.suggester.sources] == ["propagation"]


def test_build_with_a_pipeline_folder(pipeline_dir: Path) -> None:
    project = _project()
    config = AssistConfig(propagation=False, model=False, pipeline=str(pipeline_dir))
    built = sources.build(project, config)
    assert built.problems == {}
    text = project.document(4).text
    found = built.suggester.suggest(project.document(4), project.annotations(4))
    assert _keys(found) == [(*_at(text, "Ana Silva"), "PER"), (*_at(text, "Kyiv"), "GPE")]
    unknown = sources.build(project, AssistConfig(model=False, pipeline="xx_none_sm"))
    assert "no spaCy pipeline 'xx_none_sm' is installed" in unknown.problems["pipeline"]
