"""Hostile inputs found by the fuzzing harness (issue 19): a clean result, never a
traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.io.html import extract


@pytest.mark.parametrize(
    "reference",
    ["&#" + "9" * 5000 + ";", "&#x" + "f" * 5000 + ";", "&#99999999;", "&#" + "1" * 5000],
)
def test_a_character_reference_beyond_any_code_point_is_the_replacement_character(
    reference: str,
) -> None:
    """As in HTML5; Python's own unescape fails on more than 4300 digits."""
    assert extract(f"<p>Before {reference} after.</p>").text == "Before \ufffd after."


def test_references_with_leading_zeros_are_still_read() -> None:
    assert extract("<p>&#0000000065; &#x0000000042;</p>").text == "A B"


def test_importing_such_a_page_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>&#" + "9" * 5000 + ";</p></body></html>", encoding="utf-8")
    assert main(["new", str(tmp_path / "p")]) == 0
    assert main(["import", str(tmp_path / "p"), str(page)]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_an_error_quotes_at_most_the_start_of_a_huge_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One message echoed a 100,000-character value; now its start, and its length."""
    import json

    data = tmp_path / "big.jsonl"
    record = {"text": "abc", "spans": [{"start": "X" * 100_000, "end": 1, "label": "PER"}]}
    data.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["new", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    assert main(["import", str(tmp_path / "p"), str(data)]) == 1
    err = capsys.readouterr().err
    assert len(err) < 400, err
    assert "big.jsonl line 1" in err and "(100,000 characters)" in err


def test_short_messages_and_prose_with_apostrophes_are_left_alone() -> None:
    from annotator.core.errors import EditError

    message = "that span is in alice's layer, not in bob's, which you are editing"
    assert str(EditError(message)) == message
