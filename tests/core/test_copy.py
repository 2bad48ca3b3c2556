"""``annotator copy``: a whole project between an SQLite file and PostgreSQL, losslessly
(annotator/core/maintenance/copy.py). The server tests use a real server (tests/server.py)."""

from __future__ import annotations

import hashlib
import io
import secrets
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from annotator.core.editing.edits import AddSpan, SetStatus
from annotator.core.editing.suggestion_edits import RejectSuggestions
from annotator.core.errors import ProjectError
from annotator.core.io import formats
from annotator.core.io.base import ExportOptions
from annotator.core.maintenance.copy import TABLES, copy_project
from annotator.core.maintenance.integrity import check_project
from annotator.core.model.records import (
    ArgumentRecord,
    AttributeRecord,
    ChainRecord,
    DocumentRecord,
    EventRecord,
    NormalizationRecord,
    NoteRecord,
    RelationRecord,
    SpanRecord,
)
from annotator.core.project import Project

TEXT = "Alice met Bob in Paris. North and South America trade."
SECOND = "Carol left Rome on Monday."
_KEYS = {"project": "key", "texts": "document_id", "certainty": "document_id"}


def _rich_project(path: Path) -> None:
    """Every kind of row: spans (one discontinuous), an event with arguments, a relation,
    attributes, a normalization, a note, a chain, two annotators' layers, statuses and
    their history, a rejection and a certainty."""
    north, america = TEXT.index("North"), TEXT.index("America")
    with Project.create(path) as project:
        project.annotator = "alice"
        project.import_records(
            [
                DocumentRecord(
                    TEXT,
                    uid="d1",
                    meta={"source": "wire", "ü": [1, 2]},
                    spans=[
                        SpanRecord("T1", 0, 5, "PER"),
                        SpanRecord("T2", 6, 9, "Contact:Meet"),
                        SpanRecord("T3", 10, 13, "PER"),
                        SpanRecord("T4", 17, 22, "LOC"),
                        SpanRecord(
                            "T5",
                            north,
                            america + 7,
                            "LOC",
                            [(north, north + 5), (america - 6, america + 7)],
                        ),
                    ],
                    events=[
                        EventRecord(
                            "E1",
                            "T2",
                            [ArgumentRecord("Entity", "T1"), ArgumentRecord("Entity", "T3")],
                        )
                    ],
                    relations=[RelationRecord("R1", "PHYS:Located", "T1", "T4")],
                    attributes=[
                        AttributeRecord("A1", "Mention", "T1", "Name"),
                        AttributeRecord("A2", "Negated", "E1"),
                    ],
                    normalizations=[NormalizationRecord("N1", "T4", "Wikipedia", "Q90", "Paris")],
                    notes=[NoteRecord("#1", "T3", "who is Bob?")],
                    chains=[ChainRecord("*1", "Coreference", ["T1", "T3"])],
                ),
                DocumentRecord(
                    SECOND, uid="d2", spans=[SpanRecord("T1", 0, 5, "PER")], annotator="bob"
                ),
                DocumentRecord(
                    SECOND, uid="d2", spans=[SpanRecord("T1", 11, 15, "LOC")], annotator="alice"
                ),
            ]
        )
        first, second = project.document_ids()
        project.apply(SetStatus(first, "done"))
        project.apply(RejectSuggestions(first, [(17, 22, "ORG")]))
        project.annotator = "bob"
        project.apply(SetStatus(second, "skipped"))
        project.apply(AddSpan(second, 19, 25, "PER"))
        project.set_certainty({second: 0.25}, "model-1")


def _rows(path: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table's columns and rows, by primary key."""
    connection = sqlite3.connect(path)
    try:
        out = {}
        for table in TABLES:
            cursor = connection.execute(f"SELECT * FROM {table} ORDER BY {_KEYS.get(table, 'id')}")
            out[table] = ([d[0] for d in cursor.description], cursor.fetchall())
        return out
    finally:
        connection.close()


def _export(location: Path | str, layer: str = "gold") -> bytes:
    out = io.StringIO()
    with Project.open(location, read_only=True) as project:
        formats.export_project(project, "jsonl", None, ExportOptions(layer=layer), stdout=out)
    return out.getvalue().encode("utf-8")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url) as connection:
        return sorted(
            str(row[0])
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        )


# -- file -> server -> file --------------------------------------------------------------


def test_a_round_trip_through_the_server_is_lossless(tmp_path: Path, pg_database: str) -> None:
    original, final = tmp_path / "a.annot", tmp_path / "b.annot"
    _rich_project(original)

    there = copy_project(original, pg_database)
    assert there.documents == 2
    assert there.rows["spans"] == 8 and there.rows["events"] == 1
    assert there.annotations == 8 + 1 + 1 + 2 + 1 + 1 + 1
    assert "secret" not in there.line()
    back = copy_project(pg_database, final)
    assert back.rows == there.rows

    before, after = _rows(original), _rows(final)
    for table in TABLES:
        assert after[table][0] == before[table][0], table  # the same columns, in order
        assert after[table][1] == before[table][1], table  # every row, every value
    assert before["spans"][1] and before["status_history"][1] and before["certainty"][1]
    with Project.open(final, read_only=True) as project:
        assert check_project(project) == []


@pytest.mark.parametrize(
    "layer",
    ["gold", "alice", "bob", "all"],
)
def test_exports_of_the_file_and_of_its_server_copy_are_byte_identical(
    tmp_path: Path, pg_database: str, layer: str
) -> None:
    original = tmp_path / "a.annot"
    _rich_project(original)
    copy_project(original, pg_database)
    mine = _export(original, layer)
    assert mine
    assert _export(pg_database, layer) == mine


def test_the_server_copy_takes_new_annotations_after_the_copied_ids(
    tmp_path: Path, pg_database: str
) -> None:
    original = tmp_path / "a.annot"
    _rich_project(original)
    copy_project(original, pg_database)
    with Project.open(pg_database) as project:
        project.annotator = "carol"  # a new annotator row, a new layer_status row
        document = project.document_ids()[0]
        largest = max(span.id for span in project.annotations(document, "alice").spans)
        edit = AddSpan(document, 17, 22, "GPE")
        project.apply(edit)
        project.apply(SetStatus(document, "done"))
        assert edit.span_id is not None and edit.span_id > largest
        assert [s.label for s in project.annotations(document).spans] == ["GPE"]
        assert project.annotators() == ["alice", "bob", "carol"]
        assert check_project(project) == []


# -- refusals ------------------------------------------------------------------------------


def test_copying_onto_an_existing_file_is_refused_and_leaves_it(tmp_path: Path) -> None:
    original, existing = tmp_path / "a.annot", tmp_path / "b.annot"
    _rich_project(original)
    with Project.create(existing):
        pass
    digest = _sha(existing)
    with pytest.raises(ProjectError, match="already exists"):
        copy_project(original, existing)
    assert _sha(existing) == digest


def test_a_file_to_file_copy_is_lossless_too(tmp_path: Path) -> None:
    original, final = tmp_path / "a.annot", tmp_path / "b.annot"
    _rich_project(original)
    copy_project(original, final)
    assert _rows(final) == _rows(original)
    assert _export(final, "all") == _export(original, "all")


def test_copying_into_a_database_that_holds_a_project_is_refused(
    tmp_path: Path, pg_database: str
) -> None:
    original = tmp_path / "a.annot"
    _rich_project(original)
    copy_project(original, pg_database)
    exported = _export(pg_database)
    with pytest.raises(ProjectError, match="already holds tables"):
        copy_project(original, pg_database)
    assert _export(pg_database) == exported


def test_copying_into_a_database_with_other_tables_is_refused(
    tmp_path: Path, pg_database: str
) -> None:
    import psycopg

    original = tmp_path / "a.annot"
    _rich_project(original)
    with psycopg.connect(pg_database) as connection:
        connection.execute("CREATE TABLE theirs (id integer)")
        connection.execute("INSERT INTO theirs VALUES (7)")
    with pytest.raises(ProjectError, match="already holds tables"):
        copy_project(original, pg_database)
    assert _tables(pg_database) == ["theirs"]
    with psycopg.connect(pg_database) as connection:
        assert connection.execute("SELECT id FROM theirs").fetchall() == [(7,)]


def test_a_text_with_nul_is_refused_by_a_server_and_nothing_is_left(
    tmp_path: Path, pg_database: str
) -> None:
    original = tmp_path / "a.annot"
    with Project.create(original) as project:
        project.import_records(
            [DocumentRecord("fine text", uid="ok"), DocumentRecord("bad\x00text", uid="nul-doc")]
        )
    with pytest.raises(ProjectError, match=r"'nul-doc'.*NUL character \(U\+0000\)"):
        copy_project(original, pg_database)
    assert _tables(pg_database) == []  # what the copy made is gone
    # ... and the database can take a project afterwards.
    clean = tmp_path / "clean.annot"
    with Project.create(clean) as project:
        project.import_records([DocumentRecord("fine text", uid="ok")])
    assert copy_project(clean, pg_database).documents == 1


def test_a_failed_copy_to_a_file_leaves_no_file(tmp_path: Path, pg_database: str) -> None:
    """A source the target cannot hold (here: a table this version does not know) is
    refused before anything is written."""
    original, final = tmp_path / "a.annot", tmp_path / "b.annot"
    _rich_project(original)
    connection = sqlite3.connect(original)
    connection.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY)")
    connection.commit()
    connection.close()
    with pytest.raises(ProjectError, match="extra"):
        copy_project(original, final)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("b.annot")]


def test_the_source_is_only_read(tmp_path: Path, pg_database: str) -> None:
    original = tmp_path / "a.annot"
    _rich_project(original)
    digest = _sha(original)
    copy_project(original, pg_database)
    copy_project(pg_database, tmp_path / "b.annot")
    assert _sha(original) == digest


def _exists(url: str, base: str) -> bool:
    import psycopg

    from annotator.core.store.server import database_name

    with psycopg.connect(base, autocommit=True) as connection:
        row = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]
        ).fetchone()
    return row is not None


def test_a_missing_database_is_made_and_removed_again_if_the_copy_fails(
    tmp_path: Path, postgres_url: str
) -> None:
    from tests.server import DATABASE_PREFIX, _with_database, drop_database

    bad, good = tmp_path / "bad.annot", tmp_path / "good.annot"
    with Project.create(bad) as project:
        project.import_records([DocumentRecord("a\x00b", uid="nul")])
    with Project.create(good) as project:
        project.import_records([DocumentRecord("fine", uid="ok")])
    url = _with_database(postgres_url, DATABASE_PREFIX + "copy_" + secrets.token_hex(6))
    try:
        with pytest.raises(ProjectError, match="'nul'"):
            copy_project(bad, url)
        assert not _exists(url, postgres_url)  # the copy made it, the failure removed it
        assert copy_project(good, url).documents == 1
        assert _exists(url, postgres_url)
    finally:
        drop_database(url)
