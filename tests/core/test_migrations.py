"""Project files from every released schema version open, migrated, with nothing lost."""

from __future__ import annotations

import io
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.core.io import jsonl
from annotator.core.project import Project
from annotator.core.store.migrations import SCHEMA_VERSION

FIXTURES = Path(__file__).parent.parent / "data" / "projects"
RELEASED = sorted(FIXTURES.glob("schema-v*.annot"))


def test_every_schema_version_up_to_the_current_one_has_a_fixture() -> None:
    versions = sorted(int(path.stem.removeprefix("schema-v")) for path in RELEASED)
    # a new migration must come with the file of the last release before it
    assert versions == list(range(1, max(versions) + 1))
    assert max(versions) <= SCHEMA_VERSION


@pytest.mark.parametrize("fixture", RELEASED, ids=[p.stem for p in RELEASED])
def test_a_released_project_opens_migrated_with_everything_in_it(
    fixture: Path, tmp_path: Path
) -> None:
    copy = tmp_path / fixture.name
    shutil.copyfile(fixture, copy)
    with Project.open(copy) as project:
        out = io.StringIO()
        jsonl.export_project(project, out)
        assert out.getvalue() == fixture.with_suffix(".jsonl").read_text(encoding="utf-8")
        assert project.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert project.db.execute("PRAGMA foreign_key_check").fetchall() == []
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # and the migrated file opens again as it is
    with Project.open(copy) as project:
        assert project.document_count() == len(out.getvalue().splitlines())
