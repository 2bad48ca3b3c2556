"""Shared fixtures. Tests never touch the user's real config or data folders."""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.server import drop_database, new_database, server_url

if TYPE_CHECKING:
    from annotator.core.model import Schema


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(home / "cache"))


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The base URL of a running PostgreSQL server (tests/server.py); skips without one."""
    return server_url()


@pytest.fixture
def pg_database(postgres_url: str) -> Iterator[str]:
    """The URL of a fresh, empty database on that server, dropped after the test."""
    url = new_database(postgres_url)
    try:
        yield url
    finally:
        drop_database(url)


_templates: list[str] = []


def _template_project() -> str:
    """A new project with the default schema on the server, made once per session."""
    if not _templates:
        from annotator.core.project import Project

        url = new_database(server_url())
        Project.create(url).close()
        _templates.append(url)
        atexit.register(drop_database, url)  # before a cluster of our own is stopped
    return _templates[0]


# ANNOTATOR_TEST_BACKEND=postgresql runs the tests' in-memory projects on the PostgreSQL
# server instead (.ci/run does so for the core's edit, import, export and query tests):
# the same tests, the same expected results, on the other store.
@pytest.fixture(autouse=True)
def _test_backend(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[None]:
    if os.environ.get("ANNOTATOR_TEST_BACKEND", "sqlite") != "postgresql":
        yield
        return
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip("looks into SQLite itself (ANNOTATOR_TEST_BACKEND=postgresql)")
    from annotator.core.project import Project

    made: list[tuple[str, Project]] = []

    def in_memory(cls: type[Project], schema: Schema | None = None) -> Project:
        if schema is None:  # most tests: a copy of a new project (5x faster than making one)
            url = new_database(server_url(), template=_template_project())
            project = Project.open(url)
        else:
            url = new_database(server_url())
            project = Project.create(url, schema)
        made.append((url, project))
        return project

    monkeypatch.setattr(Project, "in_memory", classmethod(in_memory))
    yield
    for url, project in made:
        project.close()
        drop_database(url)
