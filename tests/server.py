"""A real PostgreSQL server for the tests of shared projects (issue 18).

``ANNOTATOR_TEST_POSTGRES`` names a running server (``.ci/run`` starts one and sets it, as
``postgresql://postgres@127.0.0.1:PORT/postgres``). Without it the first test that asks
starts a throwaway cluster of its own from the installed server binaries, and stops it when
the interpreter exits. Where neither works the tests skip with the reason (fail in CI:
tests/external.py), so a machine without PostgreSQL still runs the rest of the suite.
"""

from __future__ import annotations

import atexit
import glob
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.external import missing

ENV_VAR = "ANNOTATOR_TEST_POSTGRES"
DATABASE_PREFIX = "annotator_test_"
_INSTALL_SERVER = "apt-get install postgresql"
_INSTALL_PSYCOPG = "pip install -e '.[server]'"

# Tried once per session: the URL, or why there is none (so later tests skip at once
# instead of each waiting for another failed initdb).
_url: str | None = None
_failure: str | None = None
# The server URL each test database was made through, to drop it through the same one.
_made_through: dict[str, str] = {}


class _UnavailableError(Exception):
    """No server could be found or started; the message says why."""


def server_url() -> str:
    """The base URL (maintenance database) of a running PostgreSQL server for tests."""
    global _url, _failure
    _require_psycopg()
    if _url is None and _failure is None:
        given = os.environ.get(ENV_VAR, "").strip()
        if given:
            # Named on purpose, so an unreachable server is an error, not a skip.
            _check_reachable(given)
            _url = given
        else:
            try:
                _url = _start_cluster()
            except _UnavailableError as error:
                _failure = str(error)
    if _url is None:
        missing(f"a PostgreSQL server ({_failure})", _INSTALL_SERVER)
        raise AssertionError("unreachable")  # missing() always raises
    return _url


def new_database(base: str, template: str | None = None) -> str:
    """Create a fresh, empty database on the server of ``base`` (or a copy of the
    database ``template`` names, which nobody may be connected to); its URL."""
    psycopg = _require_psycopg()
    from psycopg import sql

    name = DATABASE_PREFIX + secrets.token_hex(8)
    # CREATE DATABASE cannot run inside a transaction.
    with psycopg.connect(base, autocommit=True) as connection:
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(_database_name(template)))
        connection.execute(create)
    url = _with_database(base, name)
    _made_through[url] = base
    return url


def drop_database(url: str) -> None:
    """Drop the database ``url`` names (one ``new_database`` made), connections and all."""
    psycopg = _require_psycopg()
    name = _database_name(url)
    if not name.startswith(DATABASE_PREFIX):
        # Only ever what new_database made, never a real database by a wrong URL.
        raise ValueError(f"not a test database: {url}")
    from psycopg import sql

    # A database cannot be dropped from a connection to itself.
    base = _made_through.pop(url, None) or _with_database(url, "postgres")
    drop = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
    with psycopg.connect(base, autocommit=True) as connection:
        if connection.info.server_version >= 130000:
            connection.execute(drop + sql.SQL(" WITH (FORCE)"))
        else:
            # Before 13 a leftover connection (a test that failed midway) blocks the drop.
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            connection.execute(drop)


def _require_psycopg() -> ModuleType:
    try:
        import psycopg
    except ImportError:
        missing("psycopg (the PostgreSQL driver)", _INSTALL_PSYCOPG)
        raise AssertionError("unreachable") from None  # missing() always raises
    return psycopg


def _check_reachable(url: str) -> None:
    psycopg = _require_psycopg()
    try:
        with psycopg.connect(url, connect_timeout=10):
            pass
    except psycopg.Error as error:
        pytest.fail(f"{ENV_VAR}={url} cannot be reached: {error}")


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _with_database(url: str, name: str) -> str:
    """``url`` with its database replaced by ``name`` (host, role and options kept)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


# -- a throwaway cluster ------------------------------------------------------------------


def _server_bin() -> Path:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's newest version."""
    on_path = shutil.which("initdb")
    if on_path is not None:
        folder = Path(on_path).resolve().parent
        if (folder / "pg_ctl").exists():
            return folder
    # Debian puts the server outside PATH, one folder per major version.
    candidates = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")]
    candidates = [p for p in candidates if (p / "initdb").exists() and (p / "pg_ctl").exists()]
    if not candidates:
        raise _UnavailableError("no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin")
    return max(candidates, key=lambda p: _version_key(p.parent.name))


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # PostgreSQL refuses to run as root; the postgres user the package makes owns it then.
    if _as_root():
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def _start_cluster() -> str:
    bin_dir = _server_bin()
    if _as_root() and shutil.which("runuser") is None:
        raise _UnavailableError("running as root and no runuser to become the postgres user")
    # As root the folder must be reachable by the postgres user, which a root-only
    # TMPDIR may not be.
    root = Path(tempfile.mkdtemp(prefix="annotator-pg-", dir="/tmp" if _as_root() else None))
    try:
        return _start_in(bin_dir, root)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


def _start_in(bin_dir: Path, root: Path) -> str:
    data, sockets, log = root / "data", root / "sock", root / "log"
    sockets.mkdir()
    if _as_root():
        try:
            for path in (root, sockets):
                shutil.chown(path, "postgres", "postgres")
        except (LookupError, OSError) as error:
            raise _UnavailableError(f"cannot hand {root} to the postgres user: {error}") from error
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]
    initdb += ["--no-sync", "-E", "UTF8"]
    done = _run([*initdb, "--locale=C.UTF-8"], cwd=root)
    if done.returncode != 0:
        # Older servers or C libraries lack C.UTF-8; plain C sorts the same way.
        # initdb removes the data folder it made when it fails.
        shutil.rmtree(data, ignore_errors=True)
        done = _run([*initdb, "--locale=C"], cwd=root)
    if done.returncode != 0:
        raise _UnavailableError(f"initdb failed: {(done.stderr or done.stdout).strip()[-500:]}")

    pg_ctl = str(bin_dir / "pg_ctl")
    reason = "pg_ctl did not start the server"
    # The port is free when probed but another process may take it first: try again.
    for _attempt in range(3):
        port = _free_port()
        options = f"-k {sockets} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
        done = _run(
            [pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"],
            cwd=root,
        )
        if done.returncode == 0:
            atexit.register(_stop_cluster, pg_ctl, data, root)
            return f"postgresql://postgres@127.0.0.1:{port}/postgres"
        reason = f"pg_ctl start failed: {_tail(log) or (done.stderr or done.stdout).strip()}"
        # A failed -w start may leave a server half up; make sure it is gone.
        _run([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], cwd=root)
    raise _UnavailableError(reason[-500:])


def _tail(log: Path) -> str:
    try:
        return log.read_text(errors="replace").strip()[-500:]
    except OSError:
        return ""


def _stop_cluster(pg_ctl: str, data: Path, root: Path) -> None:
    # Immediate: the data is thrown away, so there is nothing to shut down cleanly for.
    try:
        _run([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], cwd=root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
