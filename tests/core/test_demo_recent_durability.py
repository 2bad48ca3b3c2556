"""First run opens the demo project; the last project is remembered; a kill loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from annotator.core.io.demo import ensure_demo_project
from annotator.core.model import Status
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project
from annotator.core.services import paths, recent


def test_the_demo_project_is_created_once_in_the_data_dir() -> None:
    path = ensure_demo_project()
    assert path == paths.demo_project() and path.exists()
    with Project.open(path) as project:
        assert project.document_count() == 6
        assert project.status_counts()[Status.DONE] == 2
        annotated = [d for d in project.iter_documents() if project.annotations(d.id).spans]
        assert len(annotated) == 4
        assert any(project.annotations(d.id).events for d in annotated)
    stamp = path.stat().st_mtime_ns
    assert ensure_demo_project() == path and path.stat().st_mtime_ns == stamp


def test_recent_projects_newest_first_and_missing_ones_skipped(tmp_path: Path) -> None:
    first, second = tmp_path / "a.annot", tmp_path / "b.annot"
    for path in (first, second):
        Project.create(path).close()
        recent.remember(path)
    assert recent.load()[:2] == [second.resolve(), first.resolve()]
    second.unlink()
    assert recent.last_existing() == first.resolve()


def test_an_unreadable_recent_list_is_treated_as_empty() -> None:
    paths.recent_file().parent.mkdir(parents=True, exist_ok=True)
    paths.recent_file().write_text("{not json", encoding="utf-8")
    assert recent.load() == []


def test_an_edit_acknowledged_before_a_kill_survives(tmp_path: Path) -> None:
    """The child applies edits and reports each; SIGKILL; every reported edit is there."""
    path = tmp_path / "k.annot"
    with Project.create(path) as project:
        project.import_records([DocumentRecord(text="word " * 400)])
    child = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from annotator.core.editing import edits
        from annotator.core.project import Project
        project = Project.open(Path({str(path)!r}))
        (doc,) = project.document_ids()
        for i in range(200):
            project.apply(edits.AddSpan(doc, i * 5, i * 5 + 4, "PER"))
            print(i, flush=True)  # acknowledged to the user
        time.sleep(60)
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", child], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    acknowledged = -1
    assert process.stdout is not None
    for line in process.stdout:
        acknowledged = int(line)
        if acknowledged >= 57:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    with Project.open(path) as project:
        (doc,) = project.document_ids()
        starts = {s.start for s in project.annotations(doc).spans}
        assert {i * 5 for i in range(acknowledged + 1)} <= starts
        assert project.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
