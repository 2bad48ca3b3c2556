"""One writer per project, read-only opens, and refusals that touch nothing.

A second writer is told who holds the project and may open it read-only; a lock
left by a killed process is no obstacle; read-only files and folders, a full
disk and files from older versions opened read-only never change a byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.editing import edits
from annotator.core.errors import ProjectError, ProjectLockedError, ReadOnlyProjectError
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project
from annotator.core.store.lock import lock_path

FIXTURE_V1 = Path(__file__).parent.parent / "data" / "projects" / "schema-v1.annot"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _project(path: Path, documents: int = 3) -> Path:
    with Project.create(path) as project:
        project.import_records(
            [
                DocumentRecord(text=f"Document {i} about Paris.", uid=f"d{i}")
                for i in range(documents)
            ]
        )
    return path


def _cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@contextlib.contextmanager
def _held_by_another_process(path: Path) -> Iterator[subprocess.Popen[str]]:
    """A real second Annotator process holding the project open for writing."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from annotator.core.project import Project\n"
            "p = Project.open(Path(sys.argv[1]))\n"
            "print('open', flush=True)\n"
            "time.sleep(60)\n",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "open\n"
        yield child
    finally:
        child.kill()
        child.wait()


# -- one writer ---------------------------------------------------------------------
def test_a_second_writer_in_the_same_process_is_refused(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot")
    with Project.open(path):
        with pytest.raises(
            ProjectLockedError, match=r"already open in another Annotator \(process"
        ):
            Project.open(path)
        with Project.open(path, read_only=True) as reader:  # reading is always allowed
            assert reader.document_count() == 3
    with Project.open(path) as again:  # closing released it
        assert again.document_count() == 3


def test_another_process_holding_the_project_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project(tmp_path / "p.annot")
    (tmp_path / "a.txt").write_text("A new article.", encoding="utf-8")
    with _held_by_another_process(path) as child:
        with pytest.raises(ProjectLockedError) as caught:
            Project.open(path)
        assert f"process {child.pid}" in str(caught.value)
        before = sha256(path)
        code, _, err = _cli(capsys, "import", path, tmp_path / "a.txt")
        assert code == 1 and "already open in another Annotator" in err and err.count("\n") == 1
        assert sha256(path) == before
        # commands that only read still work while the other process writes
        code, out, _ = _cli(capsys, "stats", path)
        assert code == 0 and "Documents: 3" in out
        code, out, _ = _cli(capsys, "export", path)
        assert code == 0 and len(out.splitlines()) == 3


def test_a_lock_left_by_a_killed_process_is_no_obstacle(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot")
    with _held_by_another_process(path) as child:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert "pid" in lock_path(path).read_text(encoding="utf-8")  # the stale note is still there
    with Project.open(path) as project:  # recovered without anyone's help
        project.apply(edits.SetStatus(project.document_ids()[0], "done"))  # type: ignore[arg-type]


def test_a_read_only_open_never_writes(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot")
    before = sha256(path)
    with Project.open(path, read_only=True) as project:
        doc = project.document_ids()[0]
        with pytest.raises(ReadOnlyProjectError, match="open read-only"):
            project.apply(edits.AddSpan(doc, 0, 8, "PER"))
        assert project.annotations(doc).spans == ()
    assert sha256(path) == before


def test_an_older_project_opened_read_only_is_migrated_in_memory(tmp_path: Path) -> None:
    copy = tmp_path / "v1.annot"
    shutil.copyfile(FIXTURE_V1, copy)
    before = sha256(copy)
    with Project.open(copy, read_only=True) as project:
        assert project.document_count() == 6
        from annotator.core.analysis.search import search_project

        assert search_project(project, "Kharkiv")  # format 2's search works on the copy
    assert sha256(copy) == before
    assert not Path(f"{copy}-wal").exists()


# -- read-only files and folders -------------------------------------------------------
def test_a_read_only_file_is_refused_for_writing_and_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project(tmp_path / "p.annot")
    (tmp_path / "a.txt").write_text("A new article.", encoding="utf-8")
    path.chmod(0o444)
    try:
        before = sha256(path)
        with pytest.raises(ReadOnlyProjectError, match="the file is read-only"):
            Project.open(path)
        code, _, err = _cli(capsys, "import", path, tmp_path / "a.txt")
        assert code == 1 and "read-only" in err and err.count("\n") == 1
        code, out, _ = _cli(capsys, "export", path)
        assert code == 0 and len(out.splitlines()) == 3
        assert sha256(path) == before
    finally:
        path.chmod(0o644)


@contextlib.contextmanager
def _mounted_tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_project_in_a_read_only_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with _mounted_tmpfs(tmp_path / "mnt", "4m") as folder:
        path = _project(folder / "p.annot")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        before = sha256(path)
        with pytest.raises(ReadOnlyProjectError, match="read-only"):
            Project.open(path)
        code, _, err = _cli(capsys, "new", folder / "q.annot")
        assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
        with Project.open(path, read_only=True) as project:
            assert project.document_count() == 3
        code, out, _ = _cli(capsys, "export", path)
        assert code == 0 and len(out.splitlines()) == 3
        assert sha256(path) == before


# -- a full disk --------------------------------------------------------------------------
def test_a_full_disk_at_the_sqlite_level_loses_nothing(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot")
    with Project.open(path) as project:
        pages = project.db.execute("PRAGMA page_count").fetchone()[0]
        project.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLITE_FULL soon
        big = [DocumentRecord(text=f"Article {i}. " + "x" * 4000) for i in range(50)]
        with pytest.raises(ProjectError, match="the disk is full") as caught:
            project.import_records(big)
        assert "Traceback" not in str(caught.value)
        assert project.document_count() == 3
        project.db.execute("PRAGMA max_page_count = 1073741823")
        project.import_records(big[:1])  # space again: work goes on
    with Project.open(path) as project:
        assert project.document_count() == 4


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb") as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 65536)
            handle.flush()
    return filler


def test_a_really_full_disk_loses_nothing(tmp_path: Path) -> None:
    with _mounted_tmpfs(tmp_path / "mnt", "1m") as folder:
        path = _project(folder / "p.annot")
        with Project.open(path) as project:
            doc = project.document_ids()[0]
            filler = _fill(folder)
            big = [DocumentRecord(text=f"Article {i}. " + "y" * 20000) for i in range(40)]
            with pytest.raises(ProjectError, match="the disk is full"):
                project.import_records(big)
            assert project.document_count() == 3
            filler.unlink()
            project.apply(edits.AddSpan(doc, 0, 8, "PER"))  # space again: work goes on
        with Project.open(path) as project:
            assert project.document_count() == 3
            assert len(project.annotations(doc).spans) == 1
        filler = _fill(folder)
        before = sha256(path)
        with pytest.raises(ProjectError, match="the disk is full") as caught:
            Project.open(path)
        assert "damaged" not in str(caught.value)
        assert sha256(path) == before


def test_a_newer_format_still_in_the_journal_is_refused(tmp_path: Path) -> None:
    """A newer Annotator migrated the file and crashed before the header reached it."""
    path = _project(tmp_path / "p.annot")
    script = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "c.execute('PRAGMA user_version = 99')\n"
        "c.commit()\n"
        "os.kill(os.getpid(), 9)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=False)
    assert Path(f"{path}-wal").stat().st_size > 0  # the new header is only in the journal
    with pytest.raises(ProjectError, match="newer version of Annotator"):
        Project.open(path)
    with pytest.raises(ProjectError, match="newer version of Annotator"):
        Project.open(path, read_only=True)
