"""`annotator restore`: backups made before imports, listed, and restored."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.project import Project


def _cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_import_can_be_undone_by_restoring(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.annot"
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("The first article.", encoding="utf-8")
    second.write_text("The second article.", encoding="utf-8")
    assert _cli(capsys, "new", project)[0] == 0
    assert _cli(capsys, "import", project, first)[0] == 0
    code, _, err = _cli(capsys, "import", project, second)
    assert code == 0 and err == ""  # backups are quiet
    code, out, _ = _cli(capsys, "restore", project, "--list")
    assert code == 0 and out.count("-import") == 2
    assert out.splitlines()[0].split() == ["backup", "made", "(UTC)", "reason", "documents", "size"]
    code, out, _ = _cli(capsys, "restore", project)  # the newest: before the second import
    assert code == 0 and "restored" in out and "before restoring is backed up" in out
    with Project.open(project) as opened:
        assert [opened.document(i).text for i in opened.document_ids()] == ["The first article."]


def test_restore_refuses_while_the_project_is_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.annot"
    (tmp_path / "a.txt").write_text("An article.", encoding="utf-8")
    _cli(capsys, "new", project)
    _cli(capsys, "import", project, tmp_path / "a.txt")
    with Project.open(project):
        code, _, err = _cli(capsys, "restore", project)
    assert code == 1 and err.startswith("annotator: error: ") and err.count("\n") == 1


def test_restore_without_backups_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.annot"
    _cli(capsys, "new", project)
    code, out, _ = _cli(capsys, "restore", project, "--list")
    assert code == 0 and out.startswith("no backups of")
    code, _, err = _cli(capsys, "restore", project)
    assert code == 1 and err.count("\n") == 1


def test_check_reports_a_healthy_project_and_damage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.annot"
    (tmp_path / "a.txt").write_text("An article about Paris.", encoding="utf-8")
    _cli(capsys, "new", project)
    _cli(capsys, "import", project, tmp_path / "a.txt")
    code, out, _ = _cli(capsys, "check", project)
    assert code == 0 and "no problems found" in out
    with Project.open(project) as opened:  # while a window has it open, check still runs
        code, out, _ = _cli(capsys, "check", project)
        assert code == 0
        opened.db.execute("PRAGMA foreign_keys = OFF")
        opened.db.execute("UPDATE documents SET length = 3")
        opened.db.conn.commit()
    code, out, err = _cli(capsys, "check", project)
    assert code == 2 and "length" in out and "restore" in err
