"""A refused project keeps every byte (issue 19): a newer Annotator's migration that is
still only in the -wal journal is refused without the journal being checkpointed into
the file."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import ProjectError
from annotator.core.project import Project


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _newer_in_the_journal_only(tmp_path: Path) -> Path:
    """A copy of a project whose newer format is in its -wal, the file's header unchanged.

    The copy is taken while the connection that wrote the change is still open (with
    automatic checkpoints off), so the journal has not been folded into the file yet.
    """
    original = tmp_path / "original.annot"
    Project.create(original).close()
    writer = sqlite3.connect(original)
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("PRAGMA user_version = 99")
        writer.commit()
        copy = tmp_path / "newer.annot"
        shutil.copyfile(original, copy)
        shutil.copyfile(f"{original}-wal", f"{copy}-wal")
    finally:
        writer.close()
    assert copy.read_bytes()[60:64] == (6).to_bytes(4, "big")  # the header says 6
    return copy


def test_a_newer_format_only_in_the_journal_is_refused_byte_for_byte(tmp_path: Path) -> None:
    path = _newer_in_the_journal_only(tmp_path)
    journal = Path(f"{path}-wal")
    before = (_digest(path), _digest(journal))
    with pytest.raises(ProjectError, match="newer version of Annotator"):
        Project.open(path)
    assert (_digest(path), _digest(journal)) == before


@pytest.mark.parametrize("command", [["import"], ["check"], ["export"], ["stats"]])
def test_commands_refuse_it_and_leave_it_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = _newer_in_the_journal_only(tmp_path)
    journal = Path(f"{path}-wal")
    before = (_digest(path), _digest(journal))
    data = tmp_path / "in.txt"
    data.write_text("A text.", encoding="utf-8")
    args = [*command, str(path), *([str(data)] if command == ["import"] else [])]
    assert main(args) != 0
    err = capsys.readouterr().err
    assert "newer version of Annotator" in err and "Traceback" not in err
    assert (_digest(path), _digest(journal)) == before
