"""The PostgreSQL test fixtures themselves (tests/server.py): each test gets a database
of its own, empty and writable, so the server tests cannot see each other's data."""

from __future__ import annotations

import pytest

from tests.server import drop_database, new_database


def _tables(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
    return [row[0] for row in rows]


def test_pg_database_is_empty_and_writable(pg_database: str) -> None:
    import psycopg

    assert pg_database.startswith("postgresql://")
    assert _tables(pg_database) == []
    with psycopg.connect(pg_database) as connection:
        connection.execute("CREATE TABLE probe (id integer PRIMARY KEY, text text NOT NULL)")
        connection.execute("INSERT INTO probe VALUES (1, 'ü')")
    with psycopg.connect(pg_database) as connection:
        assert connection.execute("SELECT text FROM probe").fetchall() == [("ü",)]
        assert connection.execute("SHOW server_encoding").fetchone() == ("UTF8",)
    assert _tables(pg_database) == ["probe"]


def test_each_database_is_new_and_dropped(postgres_url: str) -> None:
    import psycopg

    first, second = new_database(postgres_url), new_database(postgres_url)
    try:
        assert first != second
        with psycopg.connect(first) as connection:
            connection.execute("CREATE TABLE only_in_first (id integer)")
        assert _tables(second) == []
    finally:
        # Dropping works with a connection still open (a test that failed midway).
        leftover = psycopg.connect(first)
        drop_database(first)
        drop_database(second)
        leftover.close()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(first, connect_timeout=10)
