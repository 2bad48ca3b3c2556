"""The project file: one SQLite file, migrations, durability settings, refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.editing import edits
from annotator.core.errors import ProjectError
from annotator.core.model import Status
from annotator.core.model.records import DocumentRecord, SpanRecord
from annotator.core.project import Project
from annotator.core.store.migrations import APPLICATION_ID, SCHEMA_VERSION, migrations


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "p.annot"
    Project.create(target).close()
    return target


def test_new_project_records_its_identity_and_schema_version(path: Path) -> None:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    applied = conn.execute("SELECT name FROM _sqlite_migrations").fetchall()
    assert [name for (name,) in applied] == [m.name for m in migrations._migrations]
    conn.close()


def test_connections_use_durable_settings(path: Path) -> None:
    with Project.open(path) as project:
        pragma = project.db.execute
        assert pragma("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert pragma("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert pragma("PRAGMA foreign_keys").fetchone()[0] == 1


def test_every_edit_is_committed_when_apply_returns(path: Path) -> None:
    with Project.open(path) as project:
        (doc,) = project.import_records([DocumentRecord(text="Putin spoke.")]).document_ids or []
        project.apply(edits.AddSpan(doc, 0, 5, "PER"))
        # A second, independent connection sees the span without any save or close.
        other = sqlite3.connect(path)
        assert other.execute('SELECT start, "end" FROM spans').fetchall() == [(0, 5)]
        other.close()
        assert not project.db.conn.in_transaction


def test_article_text_is_not_in_the_document_list_table(path: Path) -> None:
    with Project.open(path) as project:
        columns = {c.name for c in project.db["documents"].columns}
    assert "text" not in columns and "meta" not in columns


def test_foreign_keys_and_the_offset_trigger_guard_the_file(path: Path) -> None:
    with Project.open(path) as project:
        (doc,) = project.import_records([DocumentRecord(text="short")]).document_ids or []
        label = project.db.execute("SELECT id FROM labels WHERE name = 'PER'").fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError, match="past the end"):
            project.db.execute(
                'INSERT INTO spans (document_id, uid, start, "end", label_id) '
                "VALUES (?, 'T1', 0, 99, ?)",
                [doc, label],
            )
        with pytest.raises(sqlite3.IntegrityError):
            project.db.execute(
                'INSERT INTO spans (document_id, uid, start, "end", label_id) '
                "VALUES (999, 'T1', 0, 1, ?)",
                [label],
            )
        project.db.conn.rollback()


def test_imports_keep_text_exactly(path: Path) -> None:
    text = "\ufeffnot a file BOM, kept\r\nline\u2028two\u00a0x 😀\r"
    with Project.open(path) as project:
        (doc,) = project.import_records([DocumentRecord(text=text)]).document_ids or []
        assert project.document(doc).text == text


def test_reopened_project_keeps_annotations(path: Path) -> None:
    with Project.open(path) as project:
        record = DocumentRecord(text="Putin met Assad.", spans=[SpanRecord("T1", 0, 5, "PER")])
        project.import_records([record])
    with Project.open(path) as project:
        (doc,) = project.document_ids()
        assert [(s.start, s.end, s.label) for s in project.annotations(doc).spans] == [
            (0, 5, "PER")
        ]


def test_create_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "exists.annot"
    target.write_bytes(b"precious")
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(target)
    assert target.read_bytes() == b"precious"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"hello, I am a text file\n", "not an SQLite file"),
        (b"SQLite format 3\x00" + b"\x00" * 20, "truncated"),
    ],
)
def test_open_refuses_files_that_are_not_projects(
    tmp_path: Path, content: bytes, message: str
) -> None:
    target = tmp_path / "x.annot"
    target.write_bytes(content)
    with pytest.raises(ProjectError, match=message):
        Project.open(target)
    assert target.read_bytes() == content


def test_open_refuses_other_sqlite_files_and_newer_versions(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    data = other.read_bytes()
    with pytest.raises(ProjectError, match="not an Annotator project"):
        Project.open(other)
    assert other.read_bytes() == data

    newer = tmp_path / "newer.annot"
    Project.create(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    data = newer.read_bytes()
    with pytest.raises(ProjectError, match="newer version of Annotator"):
        Project.open(newer)
    assert newer.read_bytes() == data


def test_open_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such project file"):
        Project.open(tmp_path / "missing.annot")


def test_document_ids_without_gaps_are_a_range_and_with_gaps_a_list() -> None:
    """The document list of 100,000 documents first paints without building the list."""
    with Project.in_memory() as project:
        assert list(project.document_ids()) == []
        report = project.import_records([DocumentRecord(text=f"Text {n}.") for n in range(5)])
        ids = project.document_ids()
        assert isinstance(ids, range)
        assert list(ids) == report.document_ids
        project.db.execute("DELETE FROM documents WHERE id = ?", [report.document_ids[2]])
        gapped = project.document_ids()
        assert not isinstance(gapped, range)
        assert gapped == [i for i in report.document_ids if i != report.document_ids[2]]
        project.apply(edits.SetStatus(report.document_ids[0], Status.DONE))
        assert list(project.document_ids([Status.DONE])) == [report.document_ids[0]]
        assert list(project.document_ids(text="Text 4")) == [report.document_ids[4]]
