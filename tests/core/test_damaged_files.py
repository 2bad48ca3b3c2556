"""A damaged project file (issue 19): every command says so in one line, without a
traceback, and leaves the file as it was."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.maintenance import integrity


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


def _backups_off() -> None:
    from annotator.core.services import settings

    settings.save(settings.with_backups(settings.load(), keep=0))


_UNREADABLE = [
    "UPDATE texts SET meta = '{not json'",
    "UPDATE texts SET meta = '[1]'",
    "UPDATE texts SET meta = CAST(x'ff7b7d' AS TEXT)",
    "UPDATE texts SET text = CAST(x'41ff42' AS TEXT)",
]


@pytest.mark.parametrize("backups", ["on", "off"])
@pytest.mark.parametrize("damage", _UNREADABLE)
def test_import_refuses_a_file_whose_pages_are_sound_but_a_text_is_not(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    damage: str,
    backups: str,
) -> None:
    """A backup copies such a file cleanly (its pages are fine): the import's own check
    before writing is what refuses it, with backups on or off."""
    if backups == "off":
        _backups_off()
    more = tmp_path / "more.txt"
    more.write_text("Carol left Rome.", encoding="utf-8")
    _damage(project, damage)
    before = _digest(project)
    assert main(["import", str(project), str(more)]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "nothing was written" in err and "Traceback" not in err, err
    assert "document" in err and err.count("\n") == 1, err
    assert _digest(project) == before


def test_with_backups_off_import_still_checks_the_pages(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _backups_off()
    more = tmp_path / "more.txt"
    more.write_text("Carol left Rome.", encoding="utf-8")
    _flip_bytes(project)
    before = _digest(project)
    assert main(["import", str(project), str(more)]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "nothing was written" in err and err.count("\n") == 1, err
    assert _digest(project) == before


@pytest.mark.parametrize("backups", ["on", "off"])
def test_merge_refuses_to_write_into_a_damaged_file(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], backups: str
) -> None:
    if backups == "off":
        _backups_off()
    other = tmp_path / "other"
    data = tmp_path / "other.txt"
    data.write_text("Dan saw Eve.", encoding="utf-8")
    assert main(["new", str(other)]) == 0
    assert main(["import", str(other), str(data)]) == 0
    _damage(project, "UPDATE texts SET meta = '{not json'")
    capsys.readouterr()
    before = _digest(project)
    assert main(["merge", str(project), str(tmp_path / "other.annot")]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "nothing was written" in err and err.count("\n") == 1, err
    assert _digest(project) == before


def test_a_file_cut_short_is_refused_by_import_and_one_line_elsewhere(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _damage(project, "SELECT 1")  # folds the journal into the file
    project.write_bytes(project.read_bytes()[:-1])
    more = tmp_path / "more.txt"
    more.write_text("Carol left Rome.", encoding="utf-8")
    before = _digest(project)
    assert main(["import", str(project), str(more)]) == 1
    err = capsys.readouterr().err
    assert "shorter than its" in err and "nothing was written" in err, err
    for command in (["export"], ["stats"]):
        code = main([*command, str(project)])
        captured = capsys.readouterr()
        # the missing byte is the last page's end: reading may work; it must not trace back
        assert code in (0, 1) and "Traceback" not in captured.err, captured.err
        assert captured.err.count("\n") <= 1, captured.err
    assert _digest(project) == before


@pytest.mark.parametrize("command", [["agree"], ["schema"]])
@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE texts SET meta = '{not json'",
        "UPDATE labels SET name = CAST(x'ff' || CAST(id AS BLOB) AS TEXT)",
    ],
)
def test_agree_and_schema_on_a_damaged_file(
    project: Path, capsys: pytest.CaptureFixture[str], command: list[str], damage: str
) -> None:
    _damage(project, damage)
    before = _digest(project)
    main([command[0], str(project), *command[1:]])
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") <= 1, err
    assert _digest(project) == before


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (
            "UPDATE labels SET name = CAST(x'ff' || CAST(id AS BLOB) AS TEXT) WHERE id = 1",
            "labels (id 1): its name is not valid UTF-8",
        ),
        (
            "UPDATE spans SET uid = CAST(x'54ff' AS TEXT)",
            "spans (id 1): its uid is not valid UTF-8",
        ),
        (
            "UPDATE annotators SET name = CAST(x'c3' AS TEXT) WHERE id = 0",
            "annotators (id 0): its name is not valid UTF-8",
        ),
    ],
)
def test_check_finds_any_text_column_that_is_not_utf8(
    project: Path, capsys: pytest.CaptureFixture[str], damage: str, problem: str
) -> None:
    """Every command that reads such a row fails on it; check must not call it healthy."""
    connection = sqlite3.connect(project)
    if "spans" in damage:
        connection.execute(
            'INSERT INTO spans (document_id, uid, start, "end", label_id) '
            "SELECT 1, 'T1', 0, 3, id FROM labels WHERE kind = 'entity' LIMIT 1"
        )
        connection.commit()
    connection.close()
    _damage(project, damage)
    before = _digest(project)
    assert main(["check", str(project)]) == 2
    out = capsys.readouterr().out
    assert problem in out, out
    assert _digest(project) == before


def test_a_backup_refuses_a_file_whose_rows_do_not_read_back(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its pages pass SQLite's check; kept as the newest backup, it is what `restore`
    would bring back. So the newest backup stays the last good one."""
    from annotator.core.errors import DamagedProjectError
    from annotator.core.maintenance import backups

    good = backups.make_backup(project, reason="before")
    assert good is not None
    _damage(project, "UPDATE texts SET meta = CAST(x'ff7b7d' AS TEXT)")
    with pytest.raises(DamagedProjectError, match="its metadata is not valid UTF-8"):
        backups.make_backup(project, reason="after")
    assert backups.list_backups(project)[0].path == good


def test_search_does_not_hide_a_text_that_does_not_decode(project: Path) -> None:
    """Bringing the index up to date reads every new text: a damaged one is an error,
    not quietly fewer hits (a read-only or busy file is what falls back to a scan)."""
    from annotator.core.analysis.search import search_project
    from annotator.core.project import Project

    _damage(project, "UPDATE texts SET text = CAST(x'416461ff' AS TEXT)")
    with Project.open(project) as opened, pytest.raises(sqlite3.DatabaseError):
        search_project(opened, "Ada")


@pytest.mark.parametrize(
    "reason",
    [
        "database is locked",
        "database or disk is full",
        "disk I/O error",
        "attempt to write a readonly database",
    ],
)
def test_a_project_that_cannot_be_used_now_is_not_called_damaged(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    reason: str,
) -> None:
    """Busy, locked, a full disk: the file is fine, and check or restore would not help."""
    from annotator import cli

    assert main(["new", str(tmp_path / "p")]) == 0
    capsys.readouterr()

    def busy(_args: object) -> int:
        raise sqlite3.OperationalError(reason)

    monkeypatch.setitem(cli._COMMAND_FUNCTIONS, "stats", busy)
    assert main(["stats", str(tmp_path / "p.annot")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and reason in err and "try again" in err, err
    assert "damaged" not in err and "restore" not in err, err


def test_a_missing_table_is_still_damage() -> None:
    assert not integrity.unavailable(sqlite3.OperationalError("no such table: spans"))
    assert not integrity.unavailable(sqlite3.DatabaseError("database disk image is malformed"))
    assert integrity.unavailable(sqlite3.OperationalError("database is locked"))


def test_the_commands_to_run_quote_a_path_with_a_space(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The advice is meant to be pasted into a shell: `annotator restore my news.annot`
    would name two files."""
    folder = tmp_path / "team work"
    folder.mkdir()
    assert main(["new", str(folder / "my news")]) == 0
    path = folder / "my news.annot"
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE spans")
    connection.close()
    capsys.readouterr()
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Ada met Bob."}\n', encoding="utf-8")
    for command in (["stats", str(path)], ["import", str(path), str(source)]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert f"`annotator restore '{path}'`" in err, err


def test_an_edit_into_a_damaged_page_is_refused_and_says_what_to_do(project: Path) -> None:
    """A window's single edit: SQLite writes nothing into a malformed page, and the
    refusal names the damage and the commands, as every command's does."""
    from annotator.core.editing.edits import AddSpan
    from annotator.core.errors import DamagedProjectError
    from annotator.core.project import Project

    with sqlite3.connect(project) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'spans'"
        ).fetchone()[0]
    connection.close()
    with Project.open(project) as opened:
        doc = opened.document_ids()[0]
        data = bytearray(project.read_bytes())
        data[page * (root - 1) : page * (root - 1) + 16] = b"\xff" * 16
        project.write_bytes(bytes(data))
        before = _digest(project)
        with pytest.raises(DamagedProjectError) as refused:
            opened.apply(AddSpan(doc, 0, 3, "PER"))
        assert _digest(project) == before
    message = str(refused.value)
    assert "damaged" in message and "'Add PER span' was not saved" in message, message
    assert f"`annotator restore {project}`" in message, message
