"""A damaged project file (issue 19): every command says so in one line, without a
traceback, and leaves the file as it was."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "in.txt"
    data.write_text("Ada met Bob in Paris.", encoding="utf-8")
    assert main(["new", str(tmp_path / "p")]) == 0
    assert main(["import", str(tmp_path / "p"), str(data)]) == 0
    capsys.readouterr()
    return tmp_path / "p.annot"


def _damage(path: Path, sql: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute(sql)
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE texts SET meta = '{not json'",  # valid UTF-8, not JSON
        "UPDATE texts SET meta = CAST(x'ff7b7d' AS TEXT)",  # not UTF-8
        "UPDATE texts SET text = CAST(x'41ff42' AS TEXT)",
    ],
)
@pytest.mark.parametrize("command", [["export"], ["stats"]])
def test_reading_a_damaged_row_is_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], damage: str, command: list[str]
) -> None:
    _damage(project, damage)
    before = _digest(project)
    assert main([*command, str(project)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotator: error:") and err.count("\n") == 1, err
    assert "damaged" in err and "Traceback" not in err
    assert _digest(project) == before


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        ("UPDATE texts SET meta = '{not json'", "its metadata is not JSON"),
        ("UPDATE texts SET meta = '[1, 2]'", "its metadata is not a JSON object"),
        ("UPDATE texts SET meta = CAST(x'ff7b7d' AS TEXT)", "its metadata is not valid UTF-8"),
        ("UPDATE texts SET text = CAST(x'41ff42' AS TEXT)", "the text is not valid UTF-8"),
    ],
)
def test_check_names_the_document_whose_text_or_metadata_cannot_be_read(
    project: Path, capsys: pytest.CaptureFixture[str], damage: str, problem: str
) -> None:
    _damage(project, damage)
    before = _digest(project)
    assert main(["check", str(project)]) == 2
    out = capsys.readouterr().out
    assert problem in out and "could not check" not in out, out
    assert _digest(project) == before


def _flip_bytes(path: Path) -> None:
    """Garbage over a b-tree page's header (the fourth page): "malformed" to SQLite."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    data = bytearray(path.read_bytes())
    data[page * 3 : page * 3 + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))


def test_import_refuses_to_write_into_a_damaged_file(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    more = tmp_path / "more.txt"
    more.write_text("Carol left Rome.", encoding="utf-8")
    _flip_bytes(project)
    capsys.readouterr()
    before = _digest(project)
    assert main(["import", str(project), str(more)]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "nothing was written" in err and "Traceback" not in err, err
    assert err.count("\n") == 1
    assert _digest(project) == before


def test_check_finds_a_file_one_byte_short(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _damage(project, "SELECT 1")  # folds the journal into the file
    project.write_bytes(project.read_bytes()[:-1])
    assert main(["check", str(project)]) == 2
    assert "1 byte shorter than its" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["export"], ["stats"]])
def test_a_missing_table_is_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    connection = sqlite3.connect(project)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("DROP TABLE spans")
    connection.commit()
    connection.close()
    before = _digest(project)
    assert main([*command, str(project)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotator: error:") and err.count("\n") == 1, err
    assert _digest(project) == before
