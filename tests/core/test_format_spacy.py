"""spaCy DocBin export: spaCy's own tokens, ents without overlap, every span in doc.spans."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.io import formats
from annotator.core.io.base import ExportOptions
from annotator.core.model import schemas
from annotator.core.model.records import (
    ArgumentRecord,
    DocumentRecord,
    EventRecord,
    RelationRecord,
    SpanRecord,
)
from annotator.core.project import Project

spacy = pytest.importorskip("spacy")
from spacy.tokens import DocBin  # noqa: E402

TEXT = (
    "The University of Kharkiv said on Monday that Ali Hassan was arrested in Cairo. "
    "Troops attacked Aleppo."
)


def span(uid: str, text: str, fragment: str, label: str, nth: int = 0) -> SpanRecord:
    start = -1
    for _ in range(nth + 1):
        start = text.index(fragment, start + 1)
    return SpanRecord(uid, start, start + len(fragment), label)


def record(uid: str = "kharkiv-1", text: str = TEXT) -> DocumentRecord:
    return DocumentRecord(
        text=text,
        uid=uid,
        meta={"source": "wire", "tags": ["a", "b"]},
        spans=[
            span("T1", text, "University of Kharkiv", "ORG"),
            span("T2", text, "Kharkiv", "GPE"),  # nested in T1
            span("T3", text, "Monday", "DATE"),
            span("T4", text, "Ali Hassan", "PER"),
            span("T5", text, "arrested", "Justice:Arrest-Jail"),
            span("T6", text, "Cairo", "GPE"),
            span("T7", text, "Hass", "PER"),  # inside the token "Hassan": misaligned
            span("T8", text, "attacked", "Conflict:Attack"),
            span("T9", text, "Aleppo", "GPE"),
        ],
        events=[
            EventRecord(
                "E1", "T5", [ArgumentRecord("Person", "T4"), ArgumentRecord("Place", "T6")]
            ),
            EventRecord("E2", "T8", [ArgumentRecord("Target", "T9")]),
        ],
        relations=[RelationRecord("R1", "PHYS:Located", "T4", "T6")],
    )


@pytest.fixture
def project() -> Project:
    found = Project.in_memory(schemas.load("news"))
    found.import_records([record()])
    return found


def read_docs(path: Path, lang: str = "en") -> list[Any]:
    nlp = spacy.blank(lang)
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def labelled(spans: Any) -> list[tuple[str, str]]:
    return [(s.text, s.label_) for s in spans]


def test_export_writes_ents_spans_and_user_data(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "train.spacy"
    result = formats.export_project(project, "spacy", target)
    assert result.documents == 1
    (doc,) = read_docs(target)
    assert doc.text == TEXT
    # outermost entity wins; triggers are not entities
    assert labelled(doc.ents) == [
        ("University of Kharkiv", "ORG"),
        ("Monday", "DATE"),
        ("Ali Hassan", "PER"),
        ("Cairo", "GPE"),
        ("Aleppo", "GPE"),
    ]
    assert labelled(doc.spans["sc"]) == [
        ("University of Kharkiv", "ORG"),
        ("Kharkiv", "GPE"),
        ("Monday", "DATE"),
        ("Ali Hassan", "PER"),
        ("arrested", "Justice:Arrest-Jail"),
        ("Cairo", "GPE"),
        ("attacked", "Conflict:Attack"),
        ("Aleppo", "GPE"),
    ]
    assert doc.user_data["id"] == "kharkiv-1"
    assert doc.user_data["status"] == "todo"
    assert doc.user_data["meta"]["source"] == "wire"
    assert list(doc.user_data["meta"]["tags"]) == ["a", "b"]  # msgpack gives a tuple back


def test_tokens_are_spacys_own(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "out.spacy"
    formats.export_project(project, "spacy", target)
    (doc,) = read_docs(target)
    expected = spacy.blank("en").make_doc(TEXT)
    assert [t.text for t in doc] == [t.text for t in expected]
    assert "Hass" not in [t.text for t in doc]  # never split at a span edge


def test_misaligned_span_is_reported_and_left_out(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "out.spacy"
    result = formats.export_project(project, "spacy", target)
    assert result.losses.counts["misaligned"] == 1
    (example,) = result.losses.examples["misaligned"]
    assert "kharkiv-1" in example and "'Hass'" in example
    (doc,) = read_docs(target)
    assert "Hass" not in [s.text for s in doc.spans["sc"]]
    assert any("span(s) whose edges fall inside a token" in line for line in result.lines())


def test_notes_name_the_spans_key_and_spans_only_count(project: Project, tmp_path: Path) -> None:
    result = formats.export_project(project, "spacy", tmp_path / "out.spacy")
    notes = "\n".join(result.notes)
    assert 'doc.spans["sc"]' in notes and "spancat" in notes
    # Kharkiv (nested in an ORG) and the two triggers are in doc.spans only
    assert '3 span(s) are in doc.spans["sc"] only' in notes
    assert "overlapping" not in result.losses.counts
    # events and relations are counted by the registry: a DocBin has no place for them
    assert result.losses.counts["events"] == 2
    assert result.losses.counts["relations"] == 1


def test_overlap_ties_go_to_the_earliest(tmp_path: Path) -> None:
    text = "Port Said Road was closed in Egypt."
    project = Project.in_memory(schemas.load("news"))
    project.import_records(
        [
            DocumentRecord(
                text=text,
                uid="d",
                spans=[
                    span("T1", text, "Said Road", "LOC"),
                    span("T2", text, "Port Said", "GPE"),  # as long, and earlier: wins
                    span("T3", text, "Port Said", "GPE"),  # a duplicate
                    span("T4", text, "Egypt", "GPE"),
                ],
            )
        ]
    )
    target = tmp_path / "out.spacy"
    result = formats.export_project(project, "spacy", target)
    (doc,) = read_docs(target)
    assert labelled(doc.ents) == [("Port Said", "GPE"), ("Egypt", "GPE")]
    assert len(doc.spans["sc"]) == 4
    assert '2 span(s) are in doc.spans["sc"] only' in "\n".join(result.notes)


def test_split_writes_one_docbin_per_part(tmp_path: Path) -> None:
    project = Project.in_memory(schemas.load("news"))
    # distinct texts: the project skips re-imports of the same article
    project.import_records([record(f"doc-{i}", f"{TEXT} Item {i}.") for i in range(10)])
    target = tmp_path / "corpus"
    result = formats.export_project(project, "spacy", target, ExportOptions(split=(80, 10, 10)))
    assert result.parts == {"train": 8, "dev": 1, "test": 1}
    counts = {name: len(read_docs(target / f"{name}.spacy")) for name in ("train", "dev", "test")}
    assert counts == {"train": 8, "dev": 1, "test": 1}
    ids = {doc.user_data["id"] for name in counts for doc in read_docs(target / f"{name}.spacy")}
    assert ids == {f"doc-{i}" for i in range(10)}


def test_spacy_training_corpus_reads_the_file(project: Project, tmp_path: Path) -> None:
    from spacy.training import Corpus

    target = tmp_path / "train.spacy"
    formats.export_project(project, "spacy", target)
    nlp = spacy.blank("en")
    examples = list(Corpus(str(target))(nlp))
    assert len(examples) == 1
    reference = examples[0].reference
    assert ("Ali Hassan", "PER") in labelled(reference.ents)
    assert ("Kharkiv", "GPE") in labelled(reference.spans["sc"])
    assert examples[0].predicted.text == TEXT


def test_language_option_picks_the_tokenizer(tmp_path: Path) -> None:
    text = "Der Bundestag tagte am Montag in Berlin."
    project = Project.in_memory(schemas.load("news"))
    project.import_records(
        [DocumentRecord(text=text, uid="de", spans=[span("T1", text, "Berlin", "GPE")])]
    )
    target = tmp_path / "de.spacy"
    result = formats.export_project(project, "spacy", target, ExportOptions(language="de"))
    assert "blank 'de' tokenizer" in "\n".join(result.notes)
    (doc,) = read_docs(target, "de")
    assert labelled(doc.ents) == [("Berlin", "GPE")]


def test_unknown_language_is_a_clean_error(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "out.spacy"
    with pytest.raises(InputError, match="spaCy has no language 'xx-nope'"):
        formats.export_project(project, "spacy", target, ExportOptions(language="xx-nope"))
    assert not target.exists()


def test_without_spacy_the_registry_says_what_to_install(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # "import spacy" now raises ImportError
    monkeypatch.setitem(sys.modules, "spacy.tokens", None)
    monkeypatch.delitem(sys.modules, "annotator.core.io.spacy_docbin", raising=False)
    target = tmp_path / "out.spacy"
    with pytest.raises(AnnotatorError) as raised:
        formats.export_project(project, "spacy", target)
    message = str(raised.value)
    assert "the spacy format needs spacy" in message
    assert "pip install 'annotator[spacy]'" in message
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary left behind


def test_meta_msgpack_cannot_hold_is_kept_as_json(tmp_path: Path) -> None:
    project = Project.in_memory(schemas.load("news"))
    project.import_records([DocumentRecord(text="Text.", uid="big", meta={"n": 2**70})])
    target = tmp_path / "out.spacy"
    formats.export_project(project, "spacy", target)
    (doc,) = read_docs(target)
    assert doc.user_data["meta_json"] == '{"n": 1180591620717411303424}'
