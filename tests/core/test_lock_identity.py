"""One writer per file, by whatever name it is opened (issue 19): a hard link or a
symlink to an open project is refused, as the project itself is, and two writers can no
longer damage the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.errors import ProjectLockedError
from annotator.core.project import Project

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="hard links and flock: POSIX")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.annot"
    Project.create(path).close()
    return path


def _other_name(project: Path, how: str) -> Path:
    other = project.with_name(f"{how}.annot")
    if how == "hardlink":
        os.link(project, other)
    else:
        other.symlink_to(project)
    return other


@pytest.mark.parametrize("how", ["hardlink", "symlink"])
def test_another_name_of_an_open_project_is_refused(project: Path, how: str) -> None:
    other = _other_name(project, how)
    refused = pytest.raises(ProjectLockedError, match="already open in another Annotator")
    with Project.open(project), refused:
        Project.open(other)
    with Project.open(other) as second:  # once the first is closed, it opens
        assert second.document_count() == 0


@pytest.mark.parametrize("how", ["hardlink", "symlink"])
def test_the_project_through_another_name_refuses_the_first(project: Path, how: str) -> None:
    other = _other_name(project, how)
    with Project.open(other), pytest.raises(ProjectLockedError):
        Project.open(project)


@pytest.mark.parametrize("how", ["hardlink", "symlink"])
def test_another_process_is_refused_through_another_name(project: Path, how: str) -> None:
    other = _other_name(project, how)
    script = (
        "import sys\n"
        "from annotator.core.project import Project\n"
        "from annotator.core.errors import ProjectLockedError\n"
        "try:\n"
        f"    Project.open({str(other)!r}).close()\n"
        "except ProjectLockedError as exc:\n"
        "    print(exc); sys.exit(3)\n"
    )
    with Project.open(project):
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 3, result.stderr
    assert "already open in another Annotator" in result.stdout


def test_a_new_project_is_locked_by_its_file_as_well(tmp_path: Path) -> None:
    path = tmp_path / "new.annot"
    with Project.create(path):
        other = _other_name(path, "hardlink")
        with pytest.raises(ProjectLockedError, match="another name of the same file"):
            Project.open(other)
