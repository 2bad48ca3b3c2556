"""The command line on a project on a PostgreSQL server: every command that takes a project
accepts a ``postgresql://`` URL, and no output ever shows its password.

In-process calls, as tests/core/test_cli.py makes them; a real server (tests/server.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from annotator.cli import main

PASSWORD = "secret"  # trust authentication accepts any password; it must never be shown


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "_config"))
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "_data"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def url(pg_database: str) -> str:
    """The test database's URL with a password in it."""
    parts = urlsplit(pg_database)
    if not parts.hostname:
        pytest.skip("the test server is on a socket; a password URL needs a host")
    user = parts.username or "postgres"
    netloc = f"{user}:{PASSWORD}@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def shown(url: str) -> str:
    return url.replace(f":{PASSWORD}@", "@")


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert PASSWORD not in out and PASSWORD not in err, (args, out, err)
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    code, out, err = run(capsys, *args)
    assert code == 0, err
    return out


def one_line_error(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    code, out, err = run(capsys, *args)
    assert code == 1, (out, err)
    assert err.startswith("annotator: error:") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


RECORDS: list[dict[str, Any]] = [
    {
        "id": "d1",
        "text": "Alice met Bob in Paris.",
        "annotator": "alice",
        "spans": [
            {"start": 0, "end": 5, "label": "PER"},
            {"start": 10, "end": 13, "label": "PER"},
            {"start": 17, "end": 22, "label": "LOC"},
        ],
    },
    {
        "id": "d1",
        "text": "Alice met Bob in Paris.",
        "annotator": "bob",
        "spans": [
            {"start": 0, "end": 5, "label": "PER"},
            {"start": 17, "end": 22, "label": "ORG"},
        ],
    },
    {"id": "d2", "text": "Carol left Rome.", "spans": [{"start": 0, "end": 5, "label": "PER"}]},
]


def write_jsonl(path: Path) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8"
    )
    return path


def made(capsys: pytest.CaptureFixture[str], location: str | Path, data: Path) -> None:
    ok(capsys, "new", location)
    ok(capsys, "import", location, data, "--annotator", "carol")


# -- the commands ----------------------------------------------------------------------------


def test_new_creates_the_project_on_the_server(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    out = ok(capsys, "new", url)
    assert out.startswith(f"created {shown(url)} with the ")
    assert "label" in out
    err = one_line_error(capsys, "new", url)  # a database holding a project is not overwritten
    assert shown(url) in err and "already holds tables" in err


def test_import_export_stats_check_agree_schema_on_a_server(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    data = write_jsonl(tmp_path / "in.jsonl")
    made(capsys, url, data)
    made(capsys, tmp_path / "same.annot", data)

    for layer in ("gold", "all", "alice"):
        mine = ok(capsys, "export", tmp_path / "same.annot", "--layer", layer)
        assert ok(capsys, "export", url, "--layer", layer) == mine
    ok(capsys, "export", url, "-o", tmp_path / "out.jsonl")
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == ok(
        capsys, "export", tmp_path / "same.annot"
    )

    code, out, err = run(capsys, "check", url)
    assert code == 0, err
    assert out.startswith(f"{shown(url)}:\n")

    agree = ok(capsys, "agree", url)
    assert agree == ok(capsys, "agree", tmp_path / "same.annot")
    figures = json.loads(ok(capsys, "agree", url, "--json"))
    assert figures == json.loads(ok(capsys, "agree", tmp_path / "same.annot", "--json"))

    schema = ok(capsys, "schema", url)
    assert schema == ok(capsys, "schema", tmp_path / "same.annot")


def test_stats_on_a_server(capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "in.jsonl")
    made(capsys, url, data)
    made(capsys, tmp_path / "same.annot", data)
    stats = ok(capsys, "stats", url)
    assert stats.startswith(f"Project: {shown(url)}  (schema: ")
    assert "Documents: 2" in stats
    same = ok(capsys, "stats", tmp_path / "same.annot")
    assert same.split("\n", 1)[1] == stats.split("\n", 1)[1]  # all but the project line
    ok(capsys, "stats", url, "--csv", tmp_path / "stats.csv")
    assert (tmp_path / "stats.csv").stat().st_size > 0


def test_the_postgres_scheme_works_too(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    short = url.replace("postgresql://", "postgres://", 1)
    assert ok(capsys, "new", short).startswith(f"created {shown(short)} ")
    ok(capsys, "import", short, write_jsonl(tmp_path / "in.jsonl"))
    assert len(ok(capsys, "export", url, "--layer", "all").splitlines()) == 3


def test_restore_on_a_server_says_pg_dump_makes_its_backups(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    ok(capsys, "new", url)
    for extra in ((), ("--list",)):
        err = one_line_error(capsys, "restore", url, *extra)
        assert shown(url) in err
        assert "pg_dump -Fc -f proj.dump URL" in err and "pg_restore" in err


def test_no_backups_are_made_of_a_server_project(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    data = write_jsonl(tmp_path / "in.jsonl")
    made(capsys, url, data)
    ok(capsys, "import", url, data, "--annotator", "dave")
    backups = tmp_path / "_data" / "backups"
    assert not backups.exists() or not any(backups.rglob("*"))
    made(capsys, tmp_path / "file.annot", data)  # where a file project's backups go
    ok(capsys, "import", tmp_path / "file.annot", data, "--annotator", "dave")
    assert any(backups.rglob("*.annot"))


def test_train_and_suggest_from_the_model_on_a_server(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    """The model of a server project is trained from it and kept in the user's cache."""
    pytest.importorskip("pycrfsuite")
    from tests.core.test_cli_assist import synthetic_project

    synthetic_project(tmp_path, capsys, done=15)
    ok(capsys, "copy", "p", url)
    out = ok(capsys, "train", url)
    assert "trained on 15 done documents" in out and "secret" not in out
    from_server = ok(capsys, "suggest", url, "--source", "model")
    ok(capsys, "train", "p")
    assert from_server and from_server == ok(capsys, "suggest", "p", "--source", "model")


def test_suggest_reads_a_server_project(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    data = write_jsonl(tmp_path / "in.jsonl")
    made(capsys, url, data)
    made(capsys, tmp_path / "same.annot", data)
    out = ok(capsys, "suggest", url, "--source", "corpus", "--status", "all")
    assert out and out == ok(
        capsys, "suggest", tmp_path / "same.annot", "--source", "corpus", "--status", "all"
    )


def test_merge_into_a_server_project_and_from_one(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    ok(capsys, "new", url)
    other = tmp_path / "other.annot"
    made(capsys, other, write_jsonl(tmp_path / "in.jsonl"))
    ok(capsys, "merge", url, other)
    assert ok(capsys, "export", url, "--layer", "all") == ok(
        capsys, "export", other, "--layer", "all"
    )
    third = tmp_path / "third.annot"
    ok(capsys, "new", third)
    out = ok(capsys, "merge", third, url)  # from a server project into a file
    assert "secret" not in out
    assert ok(capsys, "export", third, "--layer", "all") == ok(
        capsys, "export", url, "--layer", "all"
    )


def test_copy_between_a_file_and_a_server_both_ways(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    made(capsys, tmp_path / "a.annot", write_jsonl(tmp_path / "in.jsonl"))
    out = ok(capsys, "copy", "a", url)
    assert out == f"copied 2 documents (6 annotations) from a.annot to {shown(url)}\n"
    out = ok(capsys, "copy", url, "b")
    assert out == f"copied 2 documents (6 annotations) from {shown(url)} to b.annot\n"
    assert ok(capsys, "export", "b", "--layer", "all") == ok(
        capsys, "export", "a", "--layer", "all"
    )
    err = one_line_error(capsys, "copy", "a", url)
    assert "already holds tables" in err
    err = one_line_error(capsys, "copy", url, "b")
    assert "b.annot: already exists" in err


def test_a_wrong_password_or_database_is_one_line_without_the_password(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    missing = url.rsplit("/", 1)[0] + "/annotator_test_no_such_database"
    err = one_line_error(capsys, "stats", missing)
    assert shown(missing) in err and "no database" in err
