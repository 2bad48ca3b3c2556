"""The core never imports Qt (ARCHITECTURE rule 1)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_importing_every_core_module_loads_no_qt() -> None:
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import annotator.core as core
        import annotator.cli
        for module in pkgutil.walk_packages(core.__path__, "annotator.core."):
            importlib.import_module(module.name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
        print(",".join(loaded))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_core_modules_import_with_pyside6_blocked() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.modules["PySide6"] = None  # any "import PySide6" now raises ImportError
        sys.modules["shiboken6"] = None
        import importlib, pkgutil
        import annotator.core as core
        for module in pkgutil.walk_packages(core.__path__, "annotator.core."):
            importlib.import_module(module.name)
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
