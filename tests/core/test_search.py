"""Project search: words over a lazily built full-text index that is never stale."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.core.analysis.search import catch_up, find_in_text, index_lag, search_project
from annotator.core.editing import edits
from annotator.core.errors import Cancelled
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project

TEXTS = [
    "Rebels attacked Paris on Monday.",
    "The mayor of Zürich met reporters.",
    "Parisians voted; U.S. officials watched.",
    "Nothing to see here 😀 in Paris either.",
]


def _project(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "p.annot")
    project.import_records([DocumentRecord(text=t, uid=f"d{i}") for i, t in enumerate(TEXTS)])
    return project


def _found(project: Project, query: str) -> list[str]:
    return [project.document(hit.document_id).uid for hit in search_project(project, query)]


def test_words_prefixes_case_and_accents(tmp_path: Path) -> None:
    with _project(tmp_path) as project:
        assert index_lag(project.db) == 4
        assert _found(project, "paris") == ["d0", "d2", "d3"]  # the prefix finds Parisians
        assert index_lag(project.db) == 0  # the first search built the index
        assert _found(project, "ZURICH") == ["d1"]
        assert _found(project, "u.s. officials") == ["d2"]
        assert _found(project, "attacked paris") == ["d0"]
        assert _found(project, "paris attacked") == []  # a phrase, in order
        assert _found(project, "   ") == []
        assert _found(project, "😀") == ["d3"]  # no word: scanned as a substring


def test_hits_point_at_the_match(tmp_path: Path) -> None:
    with _project(tmp_path) as project:
        (hit,) = search_project(project, "mayor of")
        text = project.document(hit.document_id).text
        assert text[hit.offset : hit.offset + hit.length] == "mayor of"
        (hit,) = search_project(project, "officials")
        assert "U.S. officials watched" in hit.snippet
        (hit,) = search_project(project, "zurich")  # accents differ: found, place unknown
        assert hit.length == 0


def test_the_index_follows_imports_deletes_and_undo(tmp_path: Path) -> None:
    with _project(tmp_path) as project:
        assert _found(project, "mayor") == ["d1"]
        doc = project.document_id("d1")
        assert doc is not None
        delete = edits.DeleteDocument(doc)
        project.apply(delete)
        assert _found(project, "mayor") == []
        project.revert(delete)
        assert _found(project, "mayor") == ["d1"]
        report = project.import_records([DocumentRecord(text="A new mayor arrived.", uid="d9")])
        assert _found(project, "mayor") == ["d1", "d9"]
        assert project.db.execute(
            "INSERT INTO texts_search (texts_search) VALUES ('integrity-check')"
        )
        assert report.documents == 1


def test_an_interrupted_catch_up_resumes(tmp_path: Path) -> None:
    with _project(tmp_path) as project:
        project.import_records(
            [DocumentRecord(text=f"Filler article number {i}.") for i in range(50)]
        )

        def stop(done: int, total: int) -> None:
            raise Cancelled()

        with pytest.raises(Cancelled):
            catch_up(project.db, stop, chunk=10)
        assert index_lag(project.db) == 44  # the first chunk stayed indexed
        assert catch_up(project.db, chunk=10) == 44
        assert len(search_project(project, "filler")) == 50


def test_a_read_only_file_is_searched_without_writing(tmp_path: Path) -> None:
    with _project(tmp_path) as project:
        _found(project, "paris")  # index the first four
        project.import_records([DocumentRecord(text="Late news from Paris.", uid="late")])
    copy = tmp_path / "ro.annot"
    shutil.copyfile(tmp_path / "p.annot", copy)
    with Project.open(copy) as project:
        project.db.execute("PRAGMA query_only = ON")
        assert _found(project, "Paris") == ["d0", "d2", "d3", "late"]  # the tail is scanned
        assert index_lag(project.db) == 1
        with pytest.raises(sqlite3.OperationalError):
            catch_up(project.db)


def test_find_in_text_wraps_and_ignores_case() -> None:
    assert find_in_text("abc ABC", "abc", 1) == 4
    assert find_in_text("abc ABC", "abc", 5) == 0
    assert find_in_text("abc ABC", "ABC", 3, backwards=True) == 0
    assert find_in_text("abc", "", 0) is None
