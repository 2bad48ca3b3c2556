"""Label Studio JSON exports: the chosen annotation's spans and relations, old UTF-16 offsets."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.core.io import formats, labelstudio
from annotator.core.io.base import ReadContext
from annotator.core.model import Status, schemas
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project
from tests.core.helpers import texts

DATA = Path(__file__).parent.parent / "data" / "formats" / "labelstudio"
FLAG = "\U0001f1eb\U0001f1f7"


def read(path: Path, offsets: str = "auto") -> tuple[list[DocumentRecord], ReadContext]:
    ctx = ReadContext(offsets=offsets)
    return formats.read([path], "labelstudio", context=ctx), ctx


def relations(record: DocumentRecord) -> list[tuple[str, str, str]]:
    spans = {span.uid: record.text[span.start : span.end] for span in record.spans}
    return [(r.type, spans[r.head], spans[r.tail]) for r in record.relations]


def write_tasks(path: Path, tasks: Any) -> Path:
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def region(rid: str, start: int, end: int, labels: list[str], **value: Any) -> dict[str, Any]:
    return {
        "id": rid,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "labels": labels, **value},
    }


# -- reading -------------------------------------------------------------------
def test_detect_picks_labelstudio_for_json() -> None:
    assert formats.detect(DATA / "export.json") == "labelstudio"


def test_the_latest_annotation_with_its_spans_and_relations() -> None:
    records, ctx = read(DATA / "export.json")
    first = records[0]
    assert first.uid == "1" and first.status == Status.DONE
    assert first.meta == {"source": "wire", "url": "https://example.invalid/1"}
    assert "\r\n" in first.text  # CRLF is two characters, as Label Studio counts it
    assert texts(first) == [
        ("PER", "Alice"),
        ("PER", "Bob"),
        ("GPE", f"Paris {FLAG}"),  # one region, two labels: a span per label
        ("LOC", f"Paris {FLAG}"),
        ("PER", "Carol"),
        ("GPE", "Lyon"),
        ("Justice:Arrest-Jail", "arrested"),
    ]
    assert relations(first) == [
        ("met", "Alice", "Bob"),
        ("PHYS:Located", "Bob", f"Paris {FLAG}"),  # direction "left": to_id is the head
        ("PHYS:Located", "Carol", "Lyon"),  # "bi": kept as drawn, and noted
        ("PHYS:Near", "Carol", "Lyon"),  # one relation per label
        (labelstudio.RELATED, "Alice", "Carol"),  # no label
    ]
    warnings = "\n".join(ctx.warnings)
    assert "1 task(s) had several annotations" in warnings
    assert "2 other annotation(s) not imported" in warnings
    assert "1 bidirectional relation(s)" in warnings
    assert ctx.losses.counts[labelstudio.UNSUPPORTED] == 1  # the "choices" result


def test_predictions_cancelled_and_empty_tasks() -> None:
    records, ctx = read(DATA / "export.json")
    predicted, cancelled, empty = records[1:]
    assert predicted.status == Status.TODO
    assert texts(predicted) == [("GPE", "Cairo"), ("PER", "Ali Hassan")]
    assert cancelled.status == Status.SKIPPED and cancelled.spans == []
    assert empty.status == Status.TODO and empty.spans == []
    warnings = "\n".join(ctx.warnings)
    assert "1 task(s) had no annotations; imported their latest prediction" in warnings
    assert "1 task(s) whose annotations were all cancelled" in warnings


def test_latest_is_by_update_time_not_position(tmp_path: Path) -> None:
    text = "Kyiv and Lviv"
    tasks = [
        {
            "id": 5,
            "data": {"text": text},
            "annotations": [
                {"updated_at": "2024-05-02T10:00:00Z", "result": [region("a", 0, 4, ["GPE"])]},
                {"updated_at": "2024-05-01T10:00:00Z", "result": [region("b", 9, 13, ["GPE"])]},
            ],
        }
    ]
    (record,), _ctx = read(write_tasks(tmp_path / "t.json", tasks))
    assert texts(record) == [("GPE", "Kyiv")]


def test_the_text_field_from_to_name(tmp_path: Path) -> None:
    (record,), _ctx = read(DATA / "other_field.json")
    assert record.text == "Kyiv is the capital."
    assert texts(record) == [("GPE", "Kyiv")]
    assert record.meta == {"page": 3}


def test_spans_on_another_text_field_are_counted(tmp_path: Path) -> None:
    other = region("t", 0, 3, ["X"])
    other["to_name"] = "title"
    tasks = [
        {
            "id": 1,
            "data": {"text": "Body text", "title": "Title"},
            "annotations": [{"result": [region("b", 0, 4, ["X"]), other]}],
        }
    ]
    (record,), ctx = read(write_tasks(tmp_path / "t.json", tasks))
    assert texts(record) == [("X", "Body")]
    assert ctx.losses.counts[labelstudio.OTHER_FIELD] == 1


def test_a_single_task_object_is_read_too(tmp_path: Path) -> None:
    task = {
        "id": 1,
        "data": {"text": "Kyiv"},
        "annotations": [{"result": [region("a", 0, 4, ["GPE"])]}],
    }
    (record,), _ctx = read(write_tasks(tmp_path / "one.json", task))
    assert texts(record) == [("GPE", "Kyiv")]


# -- offsets ---------------------------------------------------------------------
def test_legacy_utf16_offsets_are_detected_exactly_from_the_region_text() -> None:
    (record,), ctx = read(DATA / "legacy_utf16.json")
    assert texts(record) == [("City", "Великий Новгород"), ("Organization", "Тинькофф")]
    assert record.status == Status.DONE  # "completions", the old name of "annotations"
    (warning,) = ctx.warnings
    assert "UTF-16" in warning and "their texts match" in warning


def test_forced_units(tmp_path: Path) -> None:
    (record,), ctx = read(DATA / "legacy_utf16.json", offsets="utf16")
    assert texts(record)[0] == ("City", "Великий Новгород") and ctx.warnings == []
    with pytest.raises(InputError) as error:
        read(DATA / "legacy_utf16.json", offsets="codepoints")
    message = str(error.value)
    assert (
        "legacy_utf16.json line 2 (task 7): result 1: its text 'Великий Новгород' differs"
        in message
    )
    assert "code points" in message


def test_current_exports_with_emoji_stay_in_code_points() -> None:
    records, ctx = read(DATA / "export.json")
    assert not any("UTF-16" in w for w in ctx.warnings)
    assert ("PER", "Carol") in texts(records[0])  # a region without "text" moves with the rest


def test_without_region_texts_word_edges_decide(tmp_path: Path) -> None:
    text = "\U0001f600 Paris and Lyon are calm today"
    tasks = [
        {"id": 1, "data": {"text": text}, "annotations": [{"result": [region("a", 3, 8, ["GPE"])]}]}
    ]
    (record,), ctx = read(write_tasks(tmp_path / "t.json", tasks))
    assert texts(record) == [("GPE", "Paris")]
    assert "word edges" in ctx.warnings[0]


# -- bad input -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("bad_json.json", "bad_json.json line 4: malformed JSON"),
        (
            "no_text.json",
            'no_text.json line 8 (task 2): cannot tell which "data" field is the text',
        ),
        ("out_of_range.json", "out_of_range.json line 8 (task 2): result 1: end 9 is past the end"),
    ],
)
def test_malformed_files_name_the_file_and_line(name: str, fragment: str) -> None:
    with pytest.raises(InputError) as error:
        read(DATA / name)
    assert fragment in str(error.value)


@pytest.mark.parametrize(
    ("tasks", "fragment"),
    [
        ("not json", "line 1: malformed JSON"),
        ('"text"', "expected a JSON array of tasks"),
        ("[1]", "line 1: expected a task object"),
        ('[{"id": 1, "data": {"text": "a"}}] []', "line 1: malformed JSON: extra data"),
        (
            '[{"id": 1, "text": "a"}]',
            '(task 1): "data" must be an object, not null (export as JSON',
        ),
        (
            [
                {
                    "id": 1,
                    "data": {"text": "ab"},
                    "annotations": [{"result": [region("a", 0, 1, ["X"], text="b")]}],
                }
            ],
            "(task 1): result 1: its text 'b' differs",
        ),
        (
            [
                {
                    "id": 1,
                    "data": {"text": "ab"},
                    "annotations": [{"result": [region("a", "0", 1, ["X"])]}],
                }
            ],
            "(task 1): result 1: start must be an integer",
        ),
        (
            [
                {
                    "id": 1,
                    "data": {"text": "ab"},
                    "annotations": [
                        {"result": [{"type": "relation", "from_id": "a", "to_id": "b"}]}
                    ],
                }
            ],
            "(task 1): result 1: from_id 'a' is not the id of a result",
        ),
        (
            [
                {
                    "id": 1,
                    "data": {"text": "ab"},
                    "annotations": [
                        {
                            "result": [
                                region("a", 0, 1, ["X"]),
                                region("b", 1, 2, ["X"]),
                                {
                                    "type": "relation",
                                    "from_id": "a",
                                    "to_id": "b",
                                    "direction": "up",
                                },
                            ]
                        }
                    ],
                }
            ],
            "(task 1): result 3: unknown direction 'up'",
        ),
    ],
)
def test_bad_tasks_are_refused(tmp_path: Path, tasks: Any, fragment: str) -> None:
    path = tmp_path / "bad.json"
    if isinstance(tasks, str):
        path.write_text(tasks, encoding="utf-8")
    else:
        write_tasks(path, tasks)
    with pytest.raises(InputError) as error:
        read(path)
    assert "bad.json" in str(error.value) and fragment in str(error.value)


def test_an_empty_array_has_no_documents(tmp_path: Path) -> None:
    assert read(write_tasks(tmp_path / "e.json", []))[0] == []


# -- into a project ----------------------------------------------------------------
def test_import_into_a_project() -> None:
    project = Project.in_memory(schemas.load("news"))
    report = project.import_records(read(DATA / "export.json")[0])
    assert (report.documents, report.spans, report.relations) == (4, 9, 5)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "_config"))
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "_data"))
    monkeypatch.chdir(tmp_path)
    assert main(["new", "p"]) == 0
    return tmp_path / "p.annot"


def test_cli_import_is_all_or_nothing(cli: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = hashlib.sha256(cli.read_bytes()).hexdigest()
    capsys.readouterr()
    assert (
        main(["import", str(cli), str(DATA / "export.json"), str(DATA / "out_of_range.json")]) == 1
    )
    assert "out_of_range.json line 8" in capsys.readouterr().err
    assert hashlib.sha256(cli.read_bytes()).hexdigest() == before
    assert main(["import", str(cli), str(DATA / "legacy_utf16.json"), "--offsets", "utf16"]) == 0
    with Project.open(cli) as project:
        assert project.document_count() == 1


def test_the_text_field_from_the_region_texts(tmp_path: Path) -> None:
    # <Text name="text" value="$body"/>: to_name names the tag, not the field
    tasks = [
        {
            "id": 1,
            "data": {"title": "Floods", "body": "Rain in Valencia."},
            "annotations": [{"result": [region("a", 8, 16, ["GPE"], text="Valencia")]}],
        }
    ]
    (record,), _ctx = read(write_tasks(tmp_path / "t.json", tasks))
    assert texts(record) == [("GPE", "Valencia")]
    assert record.meta == {"title": "Floods"}
