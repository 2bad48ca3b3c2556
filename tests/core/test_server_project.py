"""A project on a PostgreSQL server (issue 18): made, opened and refused as a file is,
with the same results; the SQL the core writes is carried over faithfully."""

from __future__ import annotations

import socket

import pytest

from annotator.core.analysis import statistics
from annotator.core.analysis.search import search_project
from annotator.core.editing.edits import AddSpan
from annotator.core.errors import EditError, ProjectError
from annotator.core.model.records import DocumentRecord, SpanRecord
from annotator.core.project import Project
from annotator.core.store import server
from annotator.core.store.migrations import SCHEMA_VERSION

TEXTS = [
    "Le président est allé à Paris. Il a rencontré Ada Lovelace.",
    "Bob and Carol met in Zürich on Monday; Paris was not mentioned.",
    "Nothing here but numbers: 1, 2, 3 and 100% of them.",
]


def _records() -> list[DocumentRecord]:
    return [
        DocumentRecord(text=text, uid=f"d{index}", spans=[SpanRecord("T1", 0, 2, "PER")])
        for index, text in enumerate(TEXTS)
    ]


# -- the dialect, without a server ---------------------------------------------------------
def test_placeholders_become_psycopgs_outside_quotes_only() -> None:
    assert server.translate("SELECT ? FROM t WHERE a = '?' AND b LIKE '%x'") == (
        "SELECT %s FROM t WHERE a = '?' AND b LIKE '%%x'"
    )
    assert server.translate("SELECT 1 WHERE x = '%'", with_params=False) == (
        "SELECT 1 WHERE x = '%'"
    )
    assert server.translate('SELECT "?" FROM t -- ?\nWHERE ?1 = ?1') == (
        'SELECT "?" FROM t -- ?\nWHERE %(p1)s = %(p1)s'
    )
    assert server.translate("SELECT :shift", named=True) == "SELECT %(shift)s"
    assert server.translate("INSERT OR IGNORE INTO a (id) VALUES (?)") == (
        "INSERT INTO a (id) VALUES (%s) ON CONFLICT DO NOTHING"
    )


def test_the_url_is_shown_without_its_password() -> None:
    url = "postgresql://ann:s3cret@db.example:5433/news"
    assert server.shown(url) == "postgresql://ann@db.example:5433/news"
    assert server.database_name(url) == "news"
    assert server.shown("postgresql://db/news") == "postgresql://db/news"


def test_every_format_has_its_server_migration() -> None:
    """A new SQLite migration (a new project format) needs its server counterpart."""
    targets = sorted(server.SERVER_MIGRATIONS)
    expected = list(range(server.FIRST_SERVER_FORMAT + 1, SCHEMA_VERSION + 1))
    assert targets == expected


def test_an_unreachable_server_is_one_clear_line() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once it is closed
    with pytest.raises(ProjectError, match="cannot reach the PostgreSQL server") as caught:
        Project.open(f"postgresql://someone:pw@127.0.0.1:{port}/news")
    assert "pw" not in str(caught.value)
    assert "\n" not in str(caught.value)


# -- on a real server ----------------------------------------------------------------------
def test_new_open_and_the_same_results_as_a_file(pg_database: str) -> None:
    with Project.create(pg_database) as shared, Project.in_memory() as local:
        assert shared.is_server and shared.path is None
        assert shared.name == server.database_name(pg_database)
        for project in (shared, local):
            project.import_records(_records())
            project.apply(AddSpan(project.document_ids()[1], 0, 3, "PER"))
        assert shared.schema == local.schema
        assert [shared.annotations(d) for d in shared.document_ids()] == [
            local.annotations(d) for d in local.document_ids()
        ]
        assert statistics.compute(shared.db) == statistics.compute(local.db)
        assert shared.document_ids(text="Paris") == local.document_ids(text="Paris")
    with Project.open(pg_database) as again:
        assert again.document_count() == 3


def test_a_database_that_is_not_empty_or_not_a_project_is_refused(pg_database: str) -> None:
    import psycopg

    with psycopg.connect(pg_database, autocommit=True) as connection:
        connection.execute("CREATE TABLE mine (id integer)")
    with pytest.raises(ProjectError, match="already holds tables"):
        Project.create(pg_database)
    with pytest.raises(ProjectError, match="not an Annotator project"):
        Project.open(pg_database)
    with psycopg.connect(pg_database, autocommit=True) as connection:
        assert connection.execute("SELECT count(*) FROM mine").fetchone() == (0,)


def test_a_newer_server_project_is_refused_untouched(pg_database: str) -> None:
    import psycopg

    Project.create(pg_database).close()
    with psycopg.connect(pg_database, autocommit=True) as connection:
        connection.execute("UPDATE annotator_format SET version = 99")
    with pytest.raises(ProjectError, match="newer version of Annotator"):
        Project.open(pg_database)
    with psycopg.connect(pg_database, autocommit=True) as connection:
        assert connection.execute("SELECT version FROM annotator_format").fetchone() == (99,)


def test_a_missing_database_is_created(postgres_url: str) -> None:
    from tests.server import drop_database, new_database

    url = new_database(postgres_url)
    drop_database(url)
    try:
        with Project.create(url) as project:
            assert project.document_count() == 0
    finally:
        drop_database(url)


def test_search_uses_the_servers_words_ignoring_case_and_accents(pg_database: str) -> None:
    with Project.create(pg_database) as project:
        project.import_records(_records())
        assert [hit.document_id for hit in search_project(project, "paris")] == [1, 2]
        assert [hit.document_id for hit in search_project(project, "zurich")] == [2]
        assert [hit.document_id for hit in search_project(project, "Lovel")] == [1]  # prefix
        assert [hit.document_id for hit in search_project(project, "Ada Lovelace")] == [1]
        assert search_project(project, "Lovelace Ada") == []  # the words in order
        assert [hit.document_id for hit in search_project(project, "100%")] == [3]
        assert search_project(project, "%") != []  # punctuation: scanned


def test_a_text_with_nul_is_refused_with_a_reason(pg_database: str) -> None:
    with Project.create(pg_database) as project:
        with pytest.raises(EditError, match="NUL"):
            project.import_records([DocumentRecord(text="a\x00b")])
        assert project.document_count() == 0


def test_read_only_opening_writes_nothing(pg_database: str) -> None:
    Project.create(pg_database).close()
    with Project.open(pg_database, read_only=True) as project, pytest.raises(ProjectError):
        project.import_records(_records())
    with Project.open(pg_database) as project:
        assert project.document_count() == 0


def test_ids_continue_after_rows_inserted_with_their_own(pg_database: str) -> None:
    """Imports plan ids; a later edit's id comes from the identity, which must be past them."""
    with Project.create(pg_database) as project:
        project.import_records(_records())  # spans 1..3 with planned ids
        doc = project.document_ids()[0]
        project.apply(AddSpan(doc, 3, 12, "PER"))  # an id from the identity sequence
        assert len({span.id for span in project.annotations(doc).spans}) == 2


def test_without_psycopg_a_server_url_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_psycopg(name: str, *args: object, **kwargs: object) -> object:
        if name == "psycopg" or name.startswith("psycopg."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(ProjectError, match=r"pip install 'annotator\[server\]'"):
        Project.open("postgresql://someone@127.0.0.1/news")


def _pg_tool(name: str) -> str:
    """pg_dump or pg_restore, from PATH or Debian's newest server folder; skips without."""
    import shutil
    from pathlib import Path

    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if not versions:
        pytest.skip(f"no {name} on PATH or in /usr/lib/postgresql/*/bin")
    return str(versions[-1])


def test_pg_dump_and_pg_restore_keep_the_search_index(
    pg_database: str, postgres_url: str, tmp_path: object
) -> None:
    """docs/server.md's backup: pg_restore runs with an empty search_path, where the
    index's function once lost its text search configuration (and the index with it)."""
    import subprocess
    from pathlib import Path

    from tests.server import drop_database, new_database

    with Project.create(pg_database) as project:
        project.import_records(_records())
    dump = Path(str(tmp_path)) / "news.dump"
    subprocess.run([_pg_tool("pg_dump"), "-Fc", "-f", str(dump), pg_database], check=True)
    restored = new_database(postgres_url)
    try:
        result = subprocess.run(
            [_pg_tool("pg_restore"), "--no-owner", "-d", restored, str(dump)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        with Project.open(restored) as project:
            assert (
                project.db.execute(
                    "SELECT count(*) FROM pg_indexes WHERE indexname = 'texts_words'"
                ).fetchone()[0]
                == 1
            )
            assert [hit.document_id for hit in search_project(project, "zurich")] == [2]
    finally:
        drop_database(restored)


def test_a_missing_grant_is_the_servers_refusal_not_a_files(pg_database: str) -> None:
    """A role that may read but not write is told the server refused and what to grant."""
    import secrets

    import psycopg

    with Project.create(pg_database) as project:
        project.import_records(_records())
    role = "annotator_test_reader_" + secrets.token_hex(4)
    with psycopg.connect(pg_database, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    try:
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(pg_database)
        as_reader = urlunsplit(parts._replace(netloc=f"{role}@{parts.netloc.split('@')[-1]}"))
        with Project.open(as_reader) as project:
            doc = project.document_ids()[0]
            with pytest.raises(ProjectError) as refused:
                project.apply(AddSpan(doc, 3, 12, "PER"))
            message = str(refused.value)
            assert "the server refused to save" in message
            assert "permission denied" in message and "docs/server.md" in message
            assert "file" not in message
            assert len(project.annotations(doc).spans) == 1
    finally:
        with psycopg.connect(pg_database, autocommit=True) as admin:
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE {role}")
