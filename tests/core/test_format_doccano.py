"""doccano JSONL: both shapes in, the right shape out, and UTF-16 offsets from its web UI."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.core.io import doccano, formats
from annotator.core.io.base import ExportOptions, ReadContext
from annotator.core.model import Status, schemas
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project
from tests.core.helpers import contents, texts

DATA = Path(__file__).parent.parent / "data" / "formats" / "doccano"
FIREMEN = "\U0001f468\U0001f3fb\u200d\U0001f692 firemen drive firetrucks"  # doccano issue #2290


def read(path: Path, offsets: str = "auto", fmt: str = "doccano") -> tuple[list[Any], ReadContext]:
    ctx = ReadContext(offsets=offsets)
    return formats.read([path], fmt, context=ctx), ctx


def project_from(path: Path, schema: str = "news", **read_options: Any) -> Project:
    project = Project.in_memory(schemas.load(schema))
    records, _ctx = read(path, **read_options)
    project.import_records(records)
    return project


def export_lines(project: Project, target: Path, **options: Any) -> list[dict[str, Any]]:
    formats.export_project(project, "doccano", target, ExportOptions(**options))
    return [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]


# -- detection and reading -----------------------------------------------------
@pytest.mark.parametrize("name", ["label.jsonl", "relations.jsonl", "emoji_utf16.jsonl"])
def test_detect_picks_doccano_for_either_shape(name: str) -> None:
    assert formats.detect(DATA / name) == "doccano"


def test_label_shape_keeps_ids_meta_and_overlapping_spans() -> None:
    records, ctx = read(DATA / "label.jsonl")
    assert ctx.warnings == []
    first, second, third = records
    assert first.uid == "1"
    assert first.meta == {"source": "conll"}  # the empty "Comments" doccano writes is dropped
    assert texts(first) == [("ORG", "EU"), ("MISC", "German"), ("MISC", "British")]
    assert second.meta == {"meta": {"wikiPageID": 1}}  # other fields go to meta, as in doccano
    assert texts(second) == [
        ("ORG", "University of Kharkiv"),
        ("GPE", "Kharkiv"),
        ("GPE", "Kharkiv"),
        ("DATE", "Monday"),
    ]
    assert third.uid is None and third.spans == []
    assert all(r.status == Status.TODO for r in records)


def test_entities_shape_reads_relations_by_entity_id() -> None:
    records, _ctx = read(DATA / "relations.jsonl")
    google = records[0]
    spans = {span.uid: google.text[span.start : span.end] for span in google.spans}
    assert [(r.type, spans[r.head], spans[r.tail]) for r in google.relations] == [
        ("foundedAt", "Google", "September 4, 1998"),
        ("foundedBy", "Google", "Larry Page"),
        ("foundedBy", "Google", "Sergey Brin"),
    ]
    alice = records[1]  # entity ids 100.., relation ids that clash with nothing
    spans = {span.uid: alice.text[span.start : span.end] for span in alice.spans}
    assert [(r.type, spans[r.head], spans[r.tail]) for r in alice.relations] == [
        ("met", "Alice", "Bob"),
        ("locatedIn", "Bob", "Paris \U0001f1eb\U0001f1f7"),
    ]


def test_doccano_1x_field_names_data_and_labels(tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    line = {"id": 8, "data": "Kyiv is calm.", "labels": [[0, 4, "GPE"]], "user": 1}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    (record,), _ctx = read(path)
    assert texts(record) == [("GPE", "Kyiv")]
    assert record.meta == {"user": 1}


# -- round trips ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "schema"),
    [("label.jsonl", "conll2003"), ("relations.jsonl", "news"), ("label.jsonl", "news")],
)
def test_doccano_to_project_to_doccano_keeps_every_span_and_relation(
    tmp_path: Path, name: str, schema: str
) -> None:
    first = project_from(DATA / name, schema)
    export_lines(first, tmp_path / "out.jsonl")
    second = project_from(tmp_path / "out.jsonl", schema)
    assert contents(second) == contents(first)
    records, _ctx = read(DATA / name)
    for record in records:  # and the project holds what the file said
        spans = contents(first)[record.text][0]
        assert spans == {
            (s.start, s.end, s.label, record.text[s.start : s.end]) for s in record.spans
        }
    assert sum(len(r) for _s, r in contents(second).values()) == sum(
        len(r.relations) for r in records
    )


def test_export_shape_follows_the_schema(tmp_path: Path) -> None:
    plain = export_lines(project_from(DATA / "label.jsonl", "conll2003"), tmp_path / "a.jsonl")
    assert plain[0] == {
        "id": 1,
        "text": "EU rejects German call to boycott British lamb.",
        "source": "conll",
        "label": [[0, 2, "ORG"], [11, 17, "MISC"], [34, 41, "MISC"]],
    }
    assert plain[2]["id"] == 3 and plain[2]["label"] == []  # a generated id is written too

    related = export_lines(project_from(DATA / "relations.jsonl"), tmp_path / "b.jsonl")
    google = related[0]
    assert set(google) == {"id", "text", "entities", "relations"}
    assert google["entities"][0] == {"id": 1, "label": "ORG", "start_offset": 0, "end_offset": 6}
    ids = {e["id"] for e in google["entities"]}
    assert all(isinstance(i, int) for i in ids)
    for relation in google["relations"]:
        assert set(relation) == {"id", "from_id", "to_id", "type"}
        assert relation["from_id"] in ids and relation["to_id"] in ids


def test_meta_fields_named_like_doccano_fields_are_reported(tmp_path: Path) -> None:
    project = Project.in_memory(schemas.load("conll2003"))
    project.import_records([DocumentRecord(text="Paris.", uid="x", meta={"label": "a", "k": 1})])
    target = tmp_path / "out.jsonl"
    result = formats.export_project(project, "doccano", target)
    assert json.loads(target.read_text(encoding="utf-8")) == {
        "id": "x",
        "text": "Paris.",
        "k": 1,
        "label": [],
    }
    assert result.losses.counts[doccano.META_CLASH] == 1


def test_events_are_counted_as_lost_and_triggers_kept_as_spans(tmp_path: Path) -> None:
    project = Project.in_memory()
    line = {
        "text": "Police arrested Ali in Cairo.",
        "spans": [
            {"id": "T1", "start": 7, "end": 15, "label": "Justice:Arrest-Jail"},
            {"id": "T2", "start": 16, "end": 19, "label": "PER"},
        ],
        "events": [{"trigger": "T1", "arguments": [{"role": "Person", "ref": "T2"}]}],
    }
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    project.import_records(formats.read([path], "jsonl"))
    target = tmp_path / "out.jsonl"
    result = formats.export_project(project, "doccano", target)
    assert result.losses.counts["events"] == 1
    entities = json.loads(target.read_text(encoding="utf-8"))["entities"]
    assert [e["label"] for e in entities] == ["Justice:Arrest-Jail", "PER"]


# -- UTF-16 offsets --------------------------------------------------------------
def test_auto_detects_utf16_offsets_and_converts_them_with_a_warning() -> None:
    records, ctx = read(DATA / "emoji_utf16.jsonl")
    assert texts(records[0]) == [("PER", "firemen"), ("VEH", "firetrucks")]
    assert (records[0].spans[1].start, records[0].spans[1].end) == (19, 29)
    assert texts(records[1]) == [("GPE", "Lyon"), ("PER", "firemen"), ("GPE", "Paris")]
    assert texts(records[2]) == [("GPE", "Berlin")]
    (warning,) = ctx.warnings
    assert "emoji_utf16.jsonl" in warning and "UTF-16" in warning and "line 1 span 2" in warning


def test_code_point_offsets_on_emoji_text_are_read_as_they_are() -> None:
    records, ctx = read(DATA / "emoji_codepoints.jsonl")
    assert ctx.warnings == []
    assert texts(records[0]) == [("PER", "firemen"), ("VEH", "firetrucks")]
    assert texts(records[1]) == [("GPE", "Lyon"), ("PER", "firemen"), ("GPE", "Paris")]


def test_forced_units_are_obeyed() -> None:
    records, ctx = read(DATA / "emoji_utf16.jsonl", offsets="utf16")
    assert texts(records[0]) == [("PER", "firemen"), ("VEH", "firetrucks")]
    assert ctx.warnings == []  # the user said so: nothing to warn about
    with pytest.raises(InputError) as error:
        read(DATA / "emoji_utf16.jsonl", offsets="codepoints")
    assert "emoji_utf16.jsonl line 1: span 2: end 32 is past the end" in str(error.value)
    # code points read as UTF-16 move the spans, or split an emoji
    with pytest.raises(InputError) as error:
        read(DATA / "emoji_codepoints.jsonl", offsets="utf16")
    assert "line 2: span 2: UTF-16 offset 22 falls inside a surrogate pair" in str(error.value)


def test_word_edges_decide_when_both_readings_fit(tmp_path: Path) -> None:
    text = "\U0001f600 Paris and Lyon are calm today"
    units = text.encode("utf-16-le")

    def utf16_span(needle: str) -> list[Any]:
        start = text.index(needle)
        begin = len(text[:start].encode("utf-16-le")) // 2
        return [begin, begin + len(needle), "GPE"]

    assert len(units) // 2 == len(text) + 1
    path = tmp_path / "edges.jsonl"
    line = {"text": text, "label": [utf16_span("Paris"), utf16_span("Lyon")]}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    (record,), ctx = read(path)
    assert texts(record) == [("GPE", "Paris"), ("GPE", "Lyon")]
    assert "word edges" in ctx.warnings[0]


def test_an_ambiguous_file_is_read_as_code_points_with_a_warning() -> None:
    (record,), ctx = read(DATA / "ambiguous.jsonl")
    assert texts(record) == [("PUNCT", "!")]
    (warning,) = ctx.warnings
    assert "cannot tell" in warning and "code points" in warning
    (record,), ctx = read(DATA / "ambiguous.jsonl", offsets="utf16")
    assert texts(record) == [("PUNCT", "?")]
    assert ctx.warnings == []


def test_offsets_that_fit_one_unit_here_and_the_other_there_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        {"text": FIREMEN, "label": [[22, 32, "VEH"]]},  # only UTF-16 (32 > 29)
        {"text": "\U0001f600\U0001f600 ab", "label": [[1, 2, "X"]]},  # only code points
    ]
    path.write_text("".join(json.dumps(o) + "\n" for o in lines), encoding="utf-8")
    with pytest.raises(InputError) as error:
        read(path)
    message = str(error.value)
    assert "mixed.jsonl" in message and "line 1 span 1" in message and "line 2 span 1" in message


def test_texts_without_astral_characters_are_unambiguous(tmp_path: Path) -> None:
    path = tmp_path / "bmp.jsonl"
    line = {"text": "Zürich — café naïve ☀ Kyiv", "label": [[22, 26, "GPE"]]}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    for offsets in ("auto", "utf16", "codepoints"):
        (record,), ctx = read(path, offsets=offsets)
        assert texts(record) == [("GPE", "Kyiv")] and ctx.warnings == []


def test_export_in_utf16_units_for_the_web_ui(tmp_path: Path) -> None:
    project = project_from(DATA / "emoji_codepoints.jsonl", "conll2003")
    lines = export_lines(project, tmp_path / "u16.jsonl", offsets="utf16")
    assert lines[0]["label"] == [[8, 15, "PER"], [22, 32, "VEH"]]
    for line in lines:
        units = line["text"].encode("utf-16-le")
        for start, end, _label in line["label"]:
            piece = units[2 * start : 2 * end].decode("utf-16-le")
            assert piece in ("firemen", "firetrucks", "Lyon", "Paris")
    codepoints = export_lines(project, tmp_path / "cp.jsonl")
    assert codepoints[0]["label"] == [[5, 12, "PER"], [19, 29, "VEH"]]
    # and what was written in UTF-16 units comes back the same, detected
    again = project_from(tmp_path / "u16.jsonl", "conll2003")
    assert contents(again) == contents(project)


def test_an_unknown_export_unit_is_refused(tmp_path: Path) -> None:
    project = project_from(DATA / "label.jsonl", "conll2003")
    with pytest.raises(InputError, match="bytes"):
        formats.export_project(
            project, "doccano", tmp_path / "x.jsonl", ExportOptions(offsets="bytes")
        )


# -- bad input -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("bad_json.jsonl", "bad_json.jsonl line 2: malformed JSON"),
        ("no_text.jsonl", 'no_text.jsonl line 2: missing "text"'),
        ("out_of_range.jsonl", "out_of_range.jsonl line 3: span 1: end 40 is past the end"),
    ],
)
def test_malformed_files_name_the_file_and_line(name: str, fragment: str) -> None:
    with pytest.raises(InputError) as error:
        read(DATA / name)
    assert fragment in str(error.value)


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ({"text": "ab", "label": [[0, 1]]}, "span 1: expected [start, end, label]"),
        ({"text": "ab", "label": [["0", 1, "X"]]}, "span 1: start must be an integer"),
        ({"text": "ab", "label": [[1, 1, "X"]]}, "span 1: empty span"),
        ({"text": "ab", "label": [[0, 1, 5]]}, "span 1: the label must be a string"),
        ({"text": "ab", "label": "X"}, '"label" must be an array'),
        ({"text": 3}, '"text" must be a string'),
        ([1, 2], "expected a JSON object"),
        (
            {
                "text": "ab",
                "entities": [{"id": 1, "start_offset": 0, "end_offset": 1, "label": "X"}],
                "relations": [{"from_id": 1, "to_id": 9, "type": "r"}],
            },
            "relation 1: to_id 9 is not the id of an entity in this line",
        ),
        (
            {
                "text": "ab",
                "entities": [
                    {"id": 1, "start_offset": 0, "end_offset": 1, "label": "X"},
                    {"id": 1, "start_offset": 1, "end_offset": 2, "label": "X"},
                ],
            },
            "span 2: entity id 1 is used twice",
        ),
        (
            {"text": "ab", "entities": [{"start_offset": 0, "label": "X"}]},
            'span 1: missing "end_offset"',
        ),
    ],
)
def test_bad_lines_are_refused(tmp_path: Path, line: Any, fragment: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine"}\n' + json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read(path)
    assert f"bad.jsonl line 2: {fragment}" in str(error.value)


# -- the command line ------------------------------------------------------------
@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "_config"))
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "_data"))
    monkeypatch.chdir(tmp_path)
    assert main(["new", "p"]) == 0
    return tmp_path / "p.annot"


def test_cli_import_refuses_everything_when_one_file_is_bad(
    cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = hashlib.sha256(cli.read_bytes()).hexdigest()
    capsys.readouterr()
    code = main(
        [
            "import",
            str(cli),
            str(DATA / "label.jsonl"),
            str(DATA / "bad_json.jsonl"),
            "--format",
            "doccano",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and "bad_json.jsonl line 2" in err
    assert hashlib.sha256(cli.read_bytes()).hexdigest() == before
    with Project.open(cli) as project:
        assert project.document_count() == 0


def test_cli_import_with_forced_utf16_offsets(
    cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["import", str(cli), str(DATA / "emoji_utf16.jsonl"), "--format", "doccano"]
    assert main([*args, "--offsets", "utf16"]) == 0, capsys.readouterr().err
    with Project.open(cli) as project:
        spans = contents(project)[FIREMEN][0]
    assert spans == {(5, 12, "PER", "firemen"), (19, 29, "VEH", "firetrucks")}


def test_cli_export_in_utf16_units(cli: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(cli), str(DATA / "emoji_codepoints.jsonl")]) == 0
    out = cli.parent / "out.jsonl"
    assert (
        main(["export", str(cli), "--format", "doccano", "--offsets", "utf16", "-o", str(out)]) == 0
    )
    assert "UTF-16" in capsys.readouterr().err
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["text"] == FIREMEN
    # the news schema has relation types, so the entities shape
    spans = [(e["start_offset"], e["end_offset"]) for e in first["entities"]]
    assert spans == [(8, 15), (22, 32)]
