"""Lenient import (``annotator import --skip-invalid``) and the fast JSONL reader.

Without the flag an import stays all or nothing; with it the valid records are
imported in one transaction and each skipped one is listed with its file and line.
The fast reader (orjson plus a tight loop) must read every line exactly as the
reference path (json.loads plus parse_object) does, errors included.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.core.io import formats, jsonl
from annotator.core.io.base import ReadContext
from annotator.core.model import LabelKind
from annotator.core.model.records import (
    ArgumentRecord,
    DocumentRecord,
    EventRecord,
    RelationRecord,
    SpanRecord,
    _check_record,
    _valid,
    check_record,
)
from annotator.core.project import Project


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "_config"))
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "_data"))
    monkeypatch.chdir(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def new_project(capsys: pytest.CaptureFixture[str], name: str = "p.annot") -> Path:
    assert run(capsys, "new", name)[0] == 0
    return Path(name)


def uids(project: Path) -> list[str]:
    with Project.open(project, read_only=True) as opened:
        return [opened.document(i).uid for i in opened.document_ids()]


def line(**value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


MIXED = "\n".join(
    [
        line(id="a", text="Angela Merkel spoke.", spans=[{"start": 0, "end": 13, "label": "PER"}]),
        line(id="b", spans=[]),  # line 2: no text, as in doccano's example
        "{not json",  # line 3
        line(id="c", text="Short.", spans=[{"start": 0, "end": 60, "label": "PER"}]),  # line 4
        "",
        line(id="d", text="Paris is big.", spans=[{"start": 0, "end": 5, "label": "GPE"}]),
        line(id="a", text="Another text with a used id."),  # line 7
    ]
)


# -- the command line ---------------------------------------------------------------------


def test_default_import_refuses_and_leaves_the_project_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = new_project(capsys)
    source = tmp_path / "mixed.jsonl"
    source.write_text(MIXED, encoding="utf-8")
    code, out, err = run(capsys, "import", project, source)
    assert code == 1 and out == ""
    assert err.count("\n") == 1, err  # one line, as every error
    assert f'{source} line 2: missing "text"' in err
    assert "--skip-invalid" in err and "nothing was imported" in err
    assert uids(project) == []


def test_skip_invalid_imports_the_valid_records_and_names_each_skipped_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = new_project(capsys)
    source = tmp_path / "mixed.jsonl"
    source.write_text(MIXED, encoding="utf-8")
    code, out, err = run(capsys, "import", project, source, "--skip-invalid")
    assert code == 0, err
    assert uids(project) == ["a", "d"]
    lines = out.splitlines()
    assert lines[0].startswith("imported 2 document(s) with 2 span(s)")
    assert "skipped 4 invalid record(s):" in lines
    assert f'  {source} line 2: missing "text"' in lines
    assert any(x.startswith(f"  {source} line 3: malformed JSON") for x in lines)
    assert any(x.startswith(f"  {source} line 4: span T1: end 60 is past the end") for x in lines)
    assert f"  {source} line 7: the document id 'a' is used twice" in lines
    skipped = [x for x in lines if x.startswith(f"  {source} line")]
    assert [int(x.split(" line ")[1].split(":")[0]) for x in skipped] == [2, 3, 4, 7]


def test_an_id_already_in_the_project_is_skipped_not_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = new_project(capsys)
    first = tmp_path / "first.jsonl"
    first.write_text(line(id="x", text="One.") + "\n", encoding="utf-8")
    assert run(capsys, "import", project, first)[0] == 0
    second = tmp_path / "second.jsonl"
    second.write_text(line(id="x", text="Two.") + "\n" + line(id="y", text="Three.") + "\n")
    code, _out, err = run(capsys, "import", project, second)
    assert code == 1 and "already in the project" in err
    code, out, _err = run(capsys, "import", project, second, "--skip-invalid")
    assert code == 0
    assert f"{second} line 1: a document with id 'x' is already in the project" in out
    assert uids(project) == ["x", "y"]


def test_the_list_of_skipped_records_is_capped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = new_project(capsys)
    source = tmp_path / "many.jsonl"
    bad = [line(id=f"b{i}", spans=[]) for i in range(25)]
    source.write_text("\n".join([line(text="The one good story."), *bad]) + "\n")
    code, out, _err = run(capsys, "import", project, source, "--skip-invalid")
    assert code == 0
    listed = [x for x in out.splitlines() if x.startswith(f"  {source} line")]
    assert len(listed) == 20
    assert "  and 5 more" in out.splitlines()
    assert "skipped 25 invalid record(s):" in out


def test_nothing_valid_is_a_failure_that_lists_the_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = new_project(capsys)
    source = tmp_path / "bad.jsonl"
    source.write_text('{"text": 5}\nnope\n', encoding="utf-8")
    code, _out, err = run(capsys, "import", project, source, "--skip-invalid")
    assert code == 1
    assert "nothing to import: all 2 record(s) are invalid" in err
    assert f"{source} line 1" in err and f"{source} line 2" in err
    assert uids(project) == []


def test_a_label_that_clashes_skips_its_record_and_adds_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = new_project(capsys)
    source = tmp_path / "clash.jsonl"
    spans = [{"id": "T1", "start": 0, "end": 3, "label": "Odd"}]
    spans += [{"id": "T2", "start": 4, "end": 7, "label": "NewThing"}]
    relation = [{"id": "R1", "type": "PER", "head": "T1", "tail": "T2"}]  # PER is a span label
    source.write_text(
        line(id="r", text="One two three", spans=spans, relations=relation)
        + "\n"
        + line(id="s", text="Fine text.")
        + "\n"
    )
    code, out, _err = run(capsys, "import", project, source, "--skip-invalid")
    assert code == 0
    assert f"{source} line 1: 'PER' is used as a relation type but is" in out
    assert uids(project) == ["s"]
    with Project.open(project, read_only=True) as opened:
        names = {label.name for label in opened.schema.labels}
    assert "Odd" not in names and "NewThing" not in names


def test_a_brat_folder_skips_the_document_with_a_bad_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = new_project(capsys)
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "good.txt").write_text("Angela Merkel spoke.", encoding="utf-8")
    (folder / "good.ann").write_text("T1\tPER 0 13\tAngela Merkel\n", encoding="utf-8")
    (folder / "bad.txt").write_text("Some text.", encoding="utf-8")
    (folder / "bad.ann").write_text("T1\tPER 0 4\tSome\nT2 garbage\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", project, folder)
    assert code == 1 and "bad.ann line 2" in err
    code, out, err = run(capsys, "import", project, folder, "--skip-invalid")
    assert code == 0, err
    assert any(x.startswith(f"  {folder / 'bad.ann'} line 2:") for x in out.splitlines()), out
    assert uids(project) == ["good"]


def test_doccano_lines_are_skipped_one_by_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = new_project(capsys)
    source = tmp_path / "doccano.jsonl"
    source.write_text(
        '{"text": "Paris is big.", "label": [[0, 5, "GPE"]]}\n'
        '{"label": [[0, 5, "GPE"]]}\n'
        '{"text": "Rome too.", "label": [[0, 4, "GPE"]]}\n',
        encoding="utf-8",
    )
    code, out, _err = run(
        capsys, "import", project, source, "--format", "doccano", "--skip-invalid"
    )
    assert code == 0
    assert f'  {source} line 2: missing "text"' in out.splitlines()
    assert len(uids(project)) == 2


def test_a_file_of_a_format_without_records_is_skipped_whole(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(line(text="Fine.") + "\n")
    bad = tmp_path / "bad.conll"
    bad.write_bytes(b"\xff\xfe not text\n")
    context = ReadContext(skip_invalid=True)
    records = formats.read([good, bad], context=context)
    assert [r.text for r in records] == ["Fine."]
    assert len(context.skipped) == 1 and context.skipped[0].startswith(str(bad))


def test_a_lenient_import_is_still_one_transaction(tmp_path: Path) -> None:
    """A failure while writing the valid records leaves nothing behind."""
    path = tmp_path / "p.annot"
    Project.create(path).close()
    records = jsonl.read(MIXED.encode(), "m.jsonl", ctx=ReadContext(skip_invalid=True))
    with Project.open(path) as project:
        project.db.execute(  # the second valid document cannot be written
            "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.uid = 'd' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
        with pytest.raises(Exception, match="refused"):
            project.import_records(records, skip_invalid=True)
        assert project.document_count() == 0
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0


def test_the_plan_counts_what_a_lenient_import_would_do(tmp_path: Path) -> None:
    from annotator.core.editing.edits import ImportDocuments

    path = tmp_path / "p.annot"
    Project.create(path).close()
    context = ReadContext(skip_invalid=True)
    records = jsonl.read(MIXED.encode(), "m.jsonl", ctx=context)
    with Project.open(path) as project:
        report = ImportDocuments(records, skip_invalid=True, skipped=context.skipped).plan(
            project.db
        )
        assert report.documents == 2 and len(report.skipped) == 4
        assert project.document_count() == 0  # planned, not written


# -- the fast reader reads as the reference path does -----------------------------------


def reference(data: bytes, source: str) -> list[DocumentRecord] | str:
    """What the reader did before orjson: decode, json.loads, parse_object."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
        records = []
        unknown: dict[str, int] = {}
        for number, raw in enumerate(text.split("\n"), 1):
            if not raw.strip():
                continue
            where = f"{source} line {number}"
            records.append(jsonl.parse_object(jsonl.loads(raw, where), where, unknown))
        return records
    except InputError as exc:
        return str(exc)


def fast(data: bytes, source: str) -> list[DocumentRecord] | str:
    try:
        return jsonl.read(data, source)
    except InputError as exc:
        return str(exc)


EDGE_LINES = [
    '{"text": "abc", "id": 123456789012345678901234567890}',
    '{"text": "abc", "id": -9223372036854775809}',
    '{"text": "abc", "id": 18446744073709551615}',
    '{"text": "abc", "meta": {"n": 123456789012345678901234567890}}',
    '{"text": "abc", "meta": {"x": NaN}}',
    '{"text": "abc", "meta": {"x": 1e400}}',
    '{"text": "abc", "meta": {"x": 0.5, "y": [1, {"z": 2.5}]}}',
    '{"text": "a\\ud800b"}',
    '{"text": "abc", "spans": [{"start": 0, "end": 123456789012345678901}]}',
    '{"text": "abc", "spans": [{"start": 0, "end": 2, "label": "X", "id": 1e30}]}',
    '{"text": "abc", "spans": [{"start": 0, "end": 2, "label": "X", "id": 7}]}',
    '{"text": "abc", "spans": [{"start": 0, "end": 2, "label": "X", "id": true}]}',
    '{"text": "abc", "spans": [{"start": 0, "end": 2, "label": "X"}, {"id": "T1", '
    '"start": 1, "end": 3, "label": "Y"}]}',
    '{"text": "abc", "spans": [{"start": 0, "end": 2, "label": "X", "text": "ab"}]}',
    '{"text": "abc", "spans": [{"start": 0, "end": 2, "label": "X", "text": "b"}]}',
    '{"text": "abc", "spans": [{"start": 0.0, "end": 2, "label": "X"}]}',
    '{"text": "abc", "spans": [{"start": true, "end": 2, "label": "X"}]}',
    '{"text": "abc", "status": "done", "x": 1, "y": 2}',
    '{"text": "abc", "status": ["done"]}',
    '{"text": "abc", "status": null}',
    '{"text": "abc", "events": [{"trigger": "T1", "arguments": null}], '
    '"spans": [{"start": 0, "end": 1, "label": "E"}]}',
    '{"text": "abc", "relations": [{"type": "r", "head": "T1", "tail": "T2"}]}',
    '{"text": "abc", "a": 1, "a": 2}',
    '{"text": "abc", "text": "xyz"}',
    "\u00a0",
    "\x1c",
    "[" * 2000 + "]" * 2000,
    '{"text": "abc"} x',
    "\ufeff{}",
    "null",
    '"text"',
]


@pytest.mark.parametrize("raw", EDGE_LINES)
def test_edge_lines_read_as_the_reference_reads_them(raw: str) -> None:
    data = ('{"text": "first"}\n' + raw + "\r\n").encode("utf-8", "surrogatepass")
    assert fast(data, "x.jsonl") == reference(data, "x.jsonl")


def test_bytes_that_are_not_utf8_are_named_in_either_mode() -> None:
    data = b'{"text": "ok"}\n{"text": "caf\xe9"}\n{"text": "fine"}\n'
    with pytest.raises(
        InputError, match=r"x.jsonl: not valid UTF-8: byte 0xe9 at byte 28 \(line 2\)"
    ):
        jsonl.read(data, "x.jsonl")
    context = ReadContext(skip_invalid=True)
    records = jsonl.read(data, "x.jsonl", ctx=context)
    assert [r.text for r in records] == ["ok", "fine"]
    assert context.skipped == ["x.jsonl line 2: not valid UTF-8: byte 0xe9 at byte 28"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=6,
)
offsets = st.one_of(
    st.integers(-2, 12), st.sampled_from([2**64, -(2**63) - 1, 1.0, True, None, "1"])
)
ids = st.one_of(
    st.none(), st.sampled_from(["T1", "T2", "E1", "R1", "", " ", 1, 2, True, 1.5, 2**70])
)
names = st.one_of(st.sampled_from(["PER", "ORG", "", " ", "E", None, 3]), st.text(max_size=3))
span_objects = st.fixed_dictionaries(
    {"start": offsets, "end": offsets},
    optional={"id": ids, "label": names, "text": st.sampled_from(["ab", "Hello", None, 5])},
)
event_objects = st.fixed_dictionaries(
    {"trigger": ids},
    optional={
        "id": ids,
        "type": names,
        "arguments": st.lists(st.fixed_dictionaries({"role": names, "ref": ids}), max_size=2)
        | st.none(),
    },
)
relation_objects = st.fixed_dictionaries(
    {"type": names, "head": ids, "tail": ids}, optional={"id": ids}
)
documents = st.fixed_dictionaries(
    {"text": st.sampled_from(["Hello world!", "", "a\U0001f600b", 5])},
    optional={
        "id": ids,
        "meta": st.none() | st.dictionaries(st.text(max_size=3), json_values, max_size=3),
        "status": st.sampled_from(["todo", "done", "skipped", "nope", None]),
        "spans": st.lists(span_objects, max_size=4),
        "events": st.lists(event_objects, max_size=2),
        "relations": st.lists(relation_objects, max_size=2),
        "extra": json_values,
    },
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(documents, min_size=1, max_size=3))
def test_generated_lines_read_as_the_reference_reads_them(values: list[dict[str, Any]]) -> None:
    data = "\n".join(json.dumps(v, ensure_ascii=False) for v in values).encode()
    assert fast(data, "g.jsonl") == reference(data, "g.jsonl")


# -- the fast record check agrees with the full one ---------------------------------------

span_records = st.builds(
    SpanRecord,
    uid=st.sampled_from(["T1", "T2", "T3", "", "\ud800"]),
    start=st.one_of(st.integers(-1, 12), st.just(True)),
    end=st.integers(-1, 13),
    label=st.sampled_from(["PER", "", " ", "\udfff", "ORG"]),
)
records = st.builds(
    DocumentRecord,
    text=st.sampled_from(["Hello world!", "", "a\ud800b", "x\U0001f600y"]),
    uid=st.sampled_from([None, "d1", "", " ", "\udc00"]),
    meta=st.sampled_from([{}, {"a": 1}, {"a": float("nan")}, {"s": "\ud800"}]),
    spans=st.lists(span_records, max_size=4),
    events=st.lists(
        st.builds(
            EventRecord,
            uid=st.sampled_from(["E1", "E2", "T1", ""]),
            trigger=st.sampled_from(["T1", "T2", "X"]),
            arguments=st.lists(
                st.builds(
                    ArgumentRecord,
                    role=st.sampled_from(["Agent", "", "\ud800"]),
                    ref=st.sampled_from(["T1", "T2", "E1", "E2"]),
                ),
                max_size=2,
            ),
            type=st.sampled_from([None, "PER", "ORG"]),
        ),
        max_size=2,
    ),
    relations=st.lists(
        st.builds(
            RelationRecord,
            uid=st.sampled_from(["R1", "R2", "T1"]),
            type=st.sampled_from(["rel", "", "\udfff"]),
            head=st.sampled_from(["T1", "T2", "T9"]),
            tail=st.sampled_from(["T1", "T2", "T3"]),
        ),
        max_size=2,
    ),
    source=st.just("r.jsonl line 1"),
)


@settings(max_examples=600, deadline=None)
@given(records)
def test_the_quick_check_passes_only_what_the_full_check_passes(record: DocumentRecord) -> None:
    try:
        _check_record(record)
        full = ""
    except InputError as exc:
        full = str(exc)
    if _valid(record):
        assert full == ""
    try:
        check_record(record)
        quick = ""
    except InputError as exc:
        quick = str(exc)
    assert quick == full


def test_labels_of_a_skipped_record_are_not_planned(tmp_path: Path) -> None:
    path = tmp_path / "p.annot"
    Project.create(path).close()
    bad = DocumentRecord(
        "One two",
        spans=[SpanRecord("T1", 0, 3, "Brand"), SpanRecord("T2", 4, 7, "PER")],
        relations=[RelationRecord("R1", "PER", "T1", "T2")],
        source="x line 1",
    )
    good = DocumentRecord("Three", spans=[SpanRecord("T1", 0, 5, "Other")], source="x line 2")
    with Project.open(path) as project:
        report = project.import_records([bad, good], skip_invalid=True)
        assert report.documents == 1 and report.skipped[0].startswith("x line 1: 'PER'")
        kinds = {label.name: label.kind for label in project.schema.labels}
    assert "Brand" not in kinds and kinds["Other"] == LabelKind.ENTITY
