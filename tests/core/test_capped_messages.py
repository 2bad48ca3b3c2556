"""Error messages quote at most the start of a huge value (issue 19): one echoed a whole
100,000-character input. Each importer's refusal is one short line naming file and line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core import errors

HUGE = 100_000


def _event_type(tmp: Path) -> Path:
    record = {
        "text": "Ada met Bob.",
        "spans": [{"start": 0, "end": 3, "label": "PER", "id": "T1"}],
        "events": [{"trigger": "T1", "type": "Z" * HUGE}],
    }
    path = tmp / "events.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def _conll_line(tmp: Path) -> Path:
    path = tmp / "long.conll"
    path.write_text("Ada B-PER\n" + "x" * HUGE + "\n", encoding="utf-8")
    return path


def _brat_line(tmp: Path) -> Path:
    (tmp / "doc.txt").write_text("Ada met Bob.", encoding="utf-8")
    path = tmp / "doc.ann"
    path.write_text("T1\tPER 0 3\tAda\nT2\t" + "Q" * HUGE + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "line"),
    [
        (_event_type, "line 1"),
        (_conll_line, "line 2"),
        (_brat_line, "line 2"),
    ],
)
def test_a_huge_value_in_an_import_is_quoted_by_its_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, line: str
) -> None:
    assert main(["new", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    source = make(tmp_path)  # type: ignore[operator]
    assert main(["import", str(tmp_path / "p.annot"), str(source)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < 600, err[:600]
    assert source.name in err and line in err, err
    assert "(100,000 characters)" in err or "(100,002 characters)" in err, err
    assert main(["stats", str(tmp_path / "p.annot")]) == 0
    assert "Documents: 0 " in capsys.readouterr().out


def test_capped_keeps_short_messages_and_prose_whole() -> None:
    prose = "the label 'PER' isn't in the schema; it's added"
    assert errors.capped(prose) == prose
    long_prose = "don't " * 100  # apostrophes, no huge quoted value: only the overall cap
    assert errors.capped(long_prose) == long_prose


def test_any_annotator_error_is_capped_as_a_whole() -> None:
    message = str(errors.AnnotatorError("x" * 10_000))
    assert len(message) <= 2_000


# -- numbers of thousands of digits (under int()'s 4,300-digit limit, so they are read) --

DIGITS = "9" * 4000


def _brat_offset(tmp: Path) -> Path:
    (tmp / "doc.txt").write_text("Ada met Bob.", encoding="utf-8")
    path = tmp / "doc.ann"
    path.write_text(f"T1\tPER 0 {DIGITS}\tAda\n", encoding="utf-8")
    return path


def _json_line(name: str, line: str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_text(line + "\n", encoding="utf-8")
        return path

    return make


_TEXT = '"text": "Ada met Bob."'


@pytest.mark.parametrize(
    ("fmt", "make"),
    [
        ("brat", _brat_offset),
        ("doccano", _json_line("d.jsonl", f'{{{_TEXT}, "label": [[0, {DIGITS}, "PER"]]}}')),
        (
            "prodigy",
            _json_line("p.jsonl", f'{{{_TEXT}, "spans": [{{"start": 0, "end": {DIGITS}}}]}}'),
        ),
        (
            "jsonl",
            _json_line(
                "j.jsonl", f'{{{_TEXT}, "spans": [{{"start": 0, "end": {DIGITS}, "label": "P"}}]}}'
            ),
        ),
        (
            "labelstudio",
            _json_line(
                "ls.json",
                f'[{{"id": {DIGITS}, "data": {{{_TEXT}}}, "annotations": [{{"result": [{{"type": '
                f'"labels", "value": {{"start": 0, "end": {DIGITS}, "labels": ["PER"]}}}}]}}]}}]',
            ),
        ),
    ],
)
def test_a_number_of_thousands_of_digits_is_quoted_by_its_start_and_digit_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, make: Callable[[Path], Path]
) -> None:
    assert main(["new", str(tmp_path / "p")]) == 0
    source = make(tmp_path)
    capsys.readouterr()
    assert main(["import", str(tmp_path / "p.annot"), str(source), "--format", fmt]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < 500, err[:600]
    assert "past the end of the text" in err and "line 1" in err, err
    assert "99999999999999999999… (4,000 digits)" in err, err


def test_capped_cuts_a_long_number_outside_quotes_only() -> None:
    message = "x" * 400 + " end " + "1" * 100 + " and " + repr("2" * 100)
    shown = errors.capped(message)
    assert f" end {'1' * 20}… (100 digits) and '{'2' * 100}'" in shown
    assert errors.capped("end " + "1" * 100) == "end " + "1" * 100  # short: whole


@pytest.mark.parametrize("fmt", ["doccano", "labelstudio"])
def test_a_document_id_of_thousands_of_digits_is_exported_as_a_string(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """Both formats write an id of digits as a JSON number; int() refuses 5,000 digits
    (a traceback before), and a reader past 2**53 would not keep it exactly."""
    uid = "7" * 5000
    records = [
        {
            "id": uid,
            "text": "Ada met Bob.",
            "spans": [{"id": uid, "start": 0, "end": 3, "label": "PER"}],
        },
        {"id": "9007199254740993", "text": "Bob met Ada."},  # 2**53 + 1
        {"id": "12", "text": "Ada left."},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert main(["new", str(tmp_path / "p")]) == 0
    assert main(["import", str(tmp_path / "p.annot"), str(source)]) == 0
    out = tmp_path / f"out-{fmt}"
    assert main(["export", str(tmp_path / "p.annot"), "--format", fmt, "-o", str(out)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    written = out.read_text(encoding="utf-8")
    tasks = (
        json.loads(written)
        if fmt == "labelstudio"
        else [json.loads(line) for line in written.splitlines()]
    )
    assert sorted(str(task["id"]) for task in tasks) == sorted(r["id"] for r in records)
    ids = {str(task["id"]): task["id"] for task in tasks}
    assert ids[uid] == uid and ids["9007199254740993"] == "9007199254740993" and ids["12"] == 12


def test_brat_offsets_are_ascii_digits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """int() reads Arabic-Indic digits; brat's offsets are ASCII ones."""
    (tmp_path / "doc.txt").write_text("Ada met Bob.", encoding="utf-8")
    (tmp_path / "doc.ann").write_text("T1\tPER \u0660 \u0663\tAda\n", encoding="utf-8")
    assert main(["new", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    assert main(["import", str(tmp_path / "p.annot"), str(tmp_path / "doc.ann")]) == 1
    err = capsys.readouterr().err
    assert "doc.ann line 1" in err and "expected 'TYPE START END'" in err, err


@pytest.mark.parametrize(
    ("value", "shown"),
    [("true", "not true"), ("null", "not null"), ('"3"', 'not "3"'), ("1.5", "not 1.5")],
)
def test_a_wrong_json_value_is_named_as_json_spells_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, shown: str
) -> None:
    source = tmp_path / "in.json"
    source.write_text(
        '[{"data": {"text": "Ada met Bob."}, "annotations": [{"result": [{"type": "labels", '
        f'"value": {{"start": 0, "end": {value}, "labels": ["PER"]}}}}]}}]}}]',
        encoding="utf-8",
    )
    assert main(["new", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    assert main(["import", str(tmp_path / "p.annot"), str(source), "--format", "labelstudio"]) == 1
    err = capsys.readouterr().err
    assert f"end must be an integer, {shown}" in err, err
