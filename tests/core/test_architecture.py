"""The layers of docs/adr/0014-core-layout.md, checked by import-linter.

The contracts live in pyproject.toml (``[tool.importlinter]``); ``lint-imports``
checks them in CI as well. Here the real tree must keep them, and a copy of the tree
with one deliberate violation must break exactly the contract that forbids it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Runs the installed import-linter's command line in a fresh interpreter, from ``cwd``
# (import-linter puts the working folder first on sys.path, so a copy's ``annotator``
# is the one analysed).
_LINT = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}
    environment.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "-c", _LINT, "--no-cache"],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def broken_contracts(output: str) -> set[str]:
    """Names of the contracts the summary calls BROKEN ("(8 ignored imports)" may follow)."""
    found = (re.match(r"(.+) BROKEN( \(.*\))?$", line) for line in output.splitlines())
    return {match.group(1) for match in found if match}


def contract_names() -> dict[str, str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c["name"] for c in config["tool"]["importlinter"]["contracts"]}


def test_the_tree_keeps_every_layer_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout
    for name in contract_names().values():
        assert re.search(rf"^{re.escape(name)} KEPT", result.stdout, re.M)


@pytest.fixture(scope="module")
def pristine_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("tree")
    shutil.copytree(
        ROOT / "annotator", copy / "annotator", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


# contract id -> (file in the copy, a line that breaks it)
VIOLATIONS = {
    "core-without-qt": ("annotator/core/model/text.py", "import PySide6.QtCore"),
    "io-without-window": ("annotator/core/io/jsonl.py", "from annotator.qt import offsets"),
    "front-ends": ("annotator/qt/theme.py", "from annotator import cli"),
    "core-rooms": ("annotator/core/model/types.py", "from annotator.core.editing import edits"),
    "no-cycles": ("annotator/core/io/brat_conf.py", "from annotator.core.io import brat"),
}


@pytest.mark.parametrize("contract", sorted(VIOLATIONS))
def test_a_deliberate_violation_breaks_its_contract(
    contract: str, pristine_copy: Path, tmp_path: Path
) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(pristine_copy, tree)
    relative, line = VIOLATIONS[contract]
    target = tree / relative
    # inside a function, as a lazy import: import-linter sees those too
    target.write_text(
        target.read_text(encoding="utf-8") + f"\n\ndef _violation() -> None:\n    {line}\n",
        encoding="utf-8",
    )
    result = lint_imports(tree)
    assert result.returncode != 0
    assert contract_names()[contract] in broken_contracts(result.stdout), result.stdout


def test_a_module_dropped_into_the_core_without_a_room_breaks_the_layers(
    pristine_copy: Path, tmp_path: Path
) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(pristine_copy, tree)
    (tree / "annotator" / "core" / "helpers.py").write_text('"""Odds and ends."""\n')
    result = lint_imports(tree)
    assert result.returncode != 0
    assert contract_names()["core-rooms"] in broken_contracts(result.stdout), result.stdout


def test_every_package_ships_in_the_wheel() -> None:
    """pyproject lists the packages one by one (resources/ and docs/ are mapped in):
    a new room missing from the list would be left out of every installed copy."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "annotator").rglob("__init__.py")
    }
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
