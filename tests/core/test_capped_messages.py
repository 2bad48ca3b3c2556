"""Error messages quote at most the start of a huge value (issue 19): one echoed a whole
100,000-character input. Each importer's refusal is one short line naming file and line."""

from __future__ import annotations

import json
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
