"""The Hugging Face ``hf`` export: a folder that ``datasets`` loads with ClassLabel tags."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from annotator.core.io import formats, hf, tokens
from annotator.core.io.base import ExportContext, ExportOptions
from annotator.core.io.tags import decode
from annotator.core.model import Label, LabelKind, Schema
from annotator.core.model.records import DocumentRecord, EventRecord, SpanRecord
from annotator.core.project import Project

datasets = pytest.importorskip("datasets")

NEWS_IOB2 = [
    "O",
    "B-PER", "I-PER", "B-ORG", "I-ORG", "B-GPE", "I-GPE", "B-LOC", "I-LOC", "B-DATE", "I-DATE",
    "B-Conflict:Attack", "I-Conflict:Attack",
    "B-Movement:Transport", "I-Movement:Transport",
    "B-Life:Die", "I-Life:Die",
    "B-Contact:Meet", "I-Contact:Meet",
    "B-Justice:Arrest-Jail", "I-Justice:Arrest-Jail",
    "B-Personnel:End-Position", "I-Personnel:End-Position",
]  # fmt: skip


def _record(uid: str, text: str, *wanted: tuple[str, str]) -> DocumentRecord:
    spans = []
    for number, (needle, label) in enumerate(wanted, 1):
        start = text.index(needle)
        spans.append(SpanRecord(f"T{number}", start, start + len(needle), label))
    return DocumentRecord(text=text, uid=uid, spans=spans)


def make_project(extra: int = 0) -> Project:
    project = Project.in_memory()
    palmyra = _record(
        "palmyra",
        "The Syrian Army evacuated Palmyra on Sunday. Mr. Putin met the New York team.",
        ("Syrian Army", "ORG"),
        ("Syrian", "GPE"),  # nested: dropped
        ("evacuated", "Movement:Transport"),
        ("Palmyra", "GPE"),
        ("Sunday", "DATE"),
        ("Putin", "PER"),
        ("New York", "GPE"),
    )
    palmyra.events = [EventRecord("E1", "T3")]
    records = [
        palmyra,
        _record("emoji", "\U0001f600 Paris is calm.\r\nKyiv too.", ("Paris", "GPE")),
    ]
    records += [_record(f"d{i}", f"Report {i} from Cairo.", ("Cairo", "GPE")) for i in range(extra)]
    project.import_records(records)
    return project


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def entities(row: dict[str, Any], names: list[str], scheme: str) -> list[tuple[str, str]]:
    tags = [names[number] for number in row["ner_tags"]]
    chunks, problems = decode(tags, scheme)
    assert problems == []
    return [(" ".join(row["tokens"][start:end]), label) for start, end, label in chunks]


def test_export_without_a_split(tmp_path: Path) -> None:
    target = tmp_path / "hf"
    result = formats.export_project(
        make_project(), "hf", target, ExportOptions(triggers=True, tokenizer="rules")
    )
    assert sorted(p.name for p in target.iterdir()) == [
        ".annotator-export.json", "README.md", "label_names.json", "train.jsonl"
    ]  # fmt: skip
    names = json.loads((target / "label_names.json").read_text(encoding="utf-8"))
    assert names == NEWS_IOB2
    found = rows(target / "train.jsonl")
    assert [row["id"] for row in found] == ["palmyra-0", "palmyra-1", "emoji-0", "emoji-1"]
    assert list(found[0]) == ["id", "tokens", "ner_tags"]
    assert found[0]["tokens"] == [
        "The",
        "Syrian",
        "Army",
        "evacuated",
        "Palmyra",
        "on",
        "Sunday",
        ".",
    ]
    assert [entities(row, names, "iob2") for row in found] == [
        [("Syrian Army", "ORG"), ("evacuated", "Movement:Transport"), ("Palmyra", "GPE"),
         ("Sunday", "DATE")],
        [("Putin", "PER"), ("New York", "GPE")],
        [("Paris", "GPE")],
        [],
    ]  # fmt: skip
    assert found[2]["tokens"][0] == "\U0001f600"
    assert result.losses.counts == {"overlapping": 1, "events": 1}
    assert "tags: IOB2 (B- begins, I- inside, O outside)" in result.lines()


def test_datasets_loads_the_folder_with_class_labels(tmp_path: Path) -> None:
    target = tmp_path / "hf"
    formats.export_project(
        make_project(), "hf", target, ExportOptions(triggers=True, tokenizer="rules")
    )
    loaded = datasets.load_dataset(str(target), cache_dir=str(tmp_path / "cache"))
    assert list(loaded) == ["train"]
    feature = loaded["train"].features["ner_tags"].feature
    assert isinstance(feature, datasets.ClassLabel)
    assert feature.names == NEWS_IOB2
    assert loaded["train"][1]["tokens"] == [
        "Mr",
        ".",
        "Putin",
        "met",
        "the",
        "New",
        "York",
        "team",
        ".",
    ]
    assert [feature.int2str(n) for n in loaded["train"][1]["ner_tags"]] == [
        "O", "O", "B-PER", "O", "O", "B-GPE", "I-GPE", "O", "O"
    ]  # fmt: skip


def test_datasets_loads_the_json_files_with_the_label_names(tmp_path: Path) -> None:
    target = tmp_path / "hf"
    formats.export_project(
        make_project(), "hf", target, ExportOptions(triggers=True, tokenizer="rules")
    )
    names = json.loads((target / "label_names.json").read_text(encoding="utf-8"))
    features = datasets.Features(
        {
            "id": datasets.Value("string"),
            "tokens": datasets.Sequence(datasets.Value("string")),
            "ner_tags": datasets.Sequence(datasets.ClassLabel(names=names)),
        }
    )
    loaded = datasets.load_dataset(
        "json",
        data_files={"train": str(target / "train.jsonl")},
        features=features,
        cache_dir=str(tmp_path / "cache"),
    )
    assert loaded["train"].features["ner_tags"].feature.names == NEWS_IOB2
    assert loaded["train"].to_list() == rows(target / "train.jsonl")


@pytest.mark.parametrize("tokenizer", ["rules", "spacy"])
def test_split_and_bilou(tmp_path: Path, tokenizer: str) -> None:
    if tokenizer == "spacy" and not tokens.spacy_available():
        pytest.skip("spaCy is not installed")
    target = tmp_path / "hf"
    result = formats.export_project(
        make_project(extra=8),
        "hf",
        target,
        ExportOptions(triggers=True, split=(80, 10, 10), scheme="bilou", tokenizer=tokenizer),
    )
    assert result.parts == {"train": 8, "dev": 1, "test": 1}
    loaded = datasets.load_dataset(str(target), cache_dir=str(tmp_path / "cache"))
    assert sorted(loaded) == ["test", "train", "validation"]  # dev.jsonl is the validation split
    names = loaded["train"].features["ner_tags"].feature.names
    assert names[:5] == ["O", "B-PER", "I-PER", "L-PER", "U-PER"]
    assert len(names) == 1 + 4 * 11
    found = [
        pair
        for split in loaded.values()
        for row in split.to_list()
        for pair in entities(row, names, "bilou")
    ]
    assert ("Syrian Army", "ORG") in found and ("Syrian", "GPE") not in found
    assert found.count(("Cairo", "GPE")) == 8
    assert len(found) == 6 + 1 + 8


def test_an_empty_split_is_written_but_not_listed(tmp_path: Path) -> None:
    target = tmp_path / "hf"
    result = formats.export_project(
        make_project(),
        "hf",
        target,
        ExportOptions(triggers=True, split=(50, 0, 50), tokenizer="rules"),
    )
    assert result.parts == {"train": 1, "dev": 0, "test": 1}
    assert (target / "dev.jsonl").read_text() == ""
    assert "dev.jsonl empty: left out of README.md's configs" in "\n".join(result.lines())
    loaded = datasets.load_dataset(str(target), cache_dir=str(tmp_path / "cache"))
    assert sorted(loaded) == ["test", "train"]


def test_the_card_is_valid_yaml(tmp_path: Path) -> None:
    target = tmp_path / "hf"
    formats.export_project(
        make_project(), "hf", target, ExportOptions(triggers=True, tokenizer="rules")
    )
    card = (target / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n")
    header = yaml.safe_load(card.split("---\n")[1])
    class_label = header["dataset_info"]["features"][2]["sequence"]["class_label"]
    assert list(class_label["names"].values()) == NEWS_IOB2
    assert header["configs"] == [
        {"config_name": "default", "data_files": [{"split": "train", "path": "train.jsonl"}]}
    ]


def test_labels_outside_the_schema_are_added_last(tmp_path: Path) -> None:
    # export() used directly with a schema that lacks a label the spans use
    project = make_project()
    schema = Schema("small", (Label("GPE", LabelKind.ENTITY, "#000000"),))
    ctx = ExportContext(schema=schema, options=ExportOptions(triggers=True, tokenizer="rules"))
    items = [(d, project.annotations(d.id)) for d in project.iter_documents()]
    target = tmp_path / "hf"
    target.mkdir()
    hf.export({"": items}, target, ctx)
    names = json.loads((target / "label_names.json").read_text(encoding="utf-8"))
    assert names[:3] == ["O", "B-GPE", "I-GPE"]
    assert set(names[3:]) == {
        f"{p}-{label}" for p in "BI" for label in ("ORG", "Movement:Transport", "DATE", "PER")
    }
    assert "label 'ORG' is not in the schema; added last" in ctx.notes
    for row in rows(target / "train.jsonl"):
        assert all(0 <= n < len(names) for n in row["ner_tags"])


def test_awkward_label_names_survive_the_card(tmp_path: Path) -> None:
    project = Project.in_memory()
    text = "Kim is the head of state."
    odd = 'job: "title" #1\u2028x'
    project.import_records([DocumentRecord(text=text, spans=[SpanRecord("T1", 11, 24, odd)])])
    target = tmp_path / "hf"
    formats.export_project(project, "hf", target, ExportOptions(triggers=True, tokenizer="rules"))
    loaded = datasets.load_dataset(str(target), cache_dir=str(tmp_path / "cache"))
    names = loaded["train"].features["ner_tags"].feature.names
    assert names[-2:] == [f"B-{odd}", f"I-{odd}"]
    assert entities(loaded["train"][0], names, "iob2") == [("head of state", odd)]


def test_label_names_are_entities_only_by_default(tmp_path: Path) -> None:
    target = tmp_path / "ner"
    result = formats.export_project(make_project(), "hf", target, ExportOptions(tokenizer="rules"))
    names = json.loads((target / "label_names.json").read_text(encoding="utf-8"))
    assert names == [name for name in NEWS_IOB2 if ":" not in name]
    assert result.losses.counts["triggers"] >= 1
