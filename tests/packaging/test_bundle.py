"""packaging/annotator.spec builds a one-folder bundle whose program starts.

One build (about half a minute) serves every test here; they run in CI with the slow
tests. The bundle is run as users run it: its own executable, no Python around it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.external import missing

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "annotator.spec"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        missing("PyInstaller", "pip install -e '.[test]'")
    build = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            "--distpath",
            str(build / "dist"),
            "--workpath",
            str(build / "work"),
            str(SPEC),
        ],
        cwd=build,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    print(f"bundle built in {time.monotonic() - started:.0f} s")
    program = build / "dist" / "annotator" / ("annotator.exe" if os.name == "nt" else "annotator")
    assert program.is_file()
    return program


def run(program: Path, *args: str | Path, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(program), *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The user's environment without this Python's: the bundle must not need it."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    clean["ANNOTATOR_CONFIG_DIR"] = str(tmp_path / "config")
    clean["ANNOTATOR_DATA_DIR"] = str(tmp_path / "data")
    clean["QT_QPA_PLATFORM"] = "offscreen"
    return clean


def test_the_bundle_prints_the_package_version(
    bundle: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    assert run(bundle, "--version", cwd=tmp_path, env=env).strip() == (
        f"annotator {version('annotator')}"
    )


def test_the_bundles_commands_use_its_own_resources(
    bundle: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    """A built-in schema and the demo articles come from inside the bundle."""
    articles = bundle.parent / "_internal" / "annotator" / "resources" / "demo" / "articles.jsonl"
    assert articles.is_file()
    out = run(bundle, "new", "p", "--schema", "ace2005", cwd=tmp_path, env=env)
    assert "ACE 2005 schema" in out
    run(bundle, "import", "p", articles, cwd=tmp_path, env=env)
    assert "Documents: 6" in run(bundle, "stats", "p", cwd=tmp_path, env=env)
    assert (bundle.parent / "_internal" / "annotator" / "LICENSE").is_file()


def test_the_bundle_leaves_the_heavy_extras_out(bundle: Path) -> None:
    inside = bundle.parent / "_internal"
    for name in ("spacy", "torch", "datasets", "trafilatura", "numpy", "pandas", "PyInstaller"):
        assert not (inside / name).exists(), name


def test_the_bundled_window_starts(bundle: Path, tmp_path: Path, env: dict[str, str]) -> None:
    """Offscreen, the window opens the project and its event loop runs: the backup it
    makes a second after the first paint appears."""
    run(bundle, "new", "p", cwd=tmp_path, env=env)
    backups = tmp_path / "data" / "backups"
    assert not backups.exists()
    window = subprocess.Popen(
        [str(bundle), "p"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(backups.rglob("*.annot")) and time.monotonic() < deadline:
            assert window.poll() is None, window.communicate()[1]
            time.sleep(0.2)
        assert list(backups.rglob("*.annot")), "the window made no backup within 60 s"
        assert window.poll() is None  # still running: nothing crashed after the paint
    finally:
        window.terminate()
        _out, err = window.communicate(timeout=30)
    assert "Traceback" not in err, err
