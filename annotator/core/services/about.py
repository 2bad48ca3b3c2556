"""What the About dialog and bug reports say about this copy of Annotator.

The licence text has one source, the repository's ``LICENSE``: a source checkout
reads it there, an installed package from its distribution metadata (setuptools
puts ``LICENSE`` in the wheel's ``.dist-info``), a frozen bundle from
``annotator/LICENSE`` beside the package.
"""

from __future__ import annotations

import importlib.metadata
import platform
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

from annotator import __version__
from annotator.core.services import paths

DISTRIBUTION = "annotator"
DESCRIPTION = "Turns news articles into training data for named-entity recognition and events."
LICENCE_NAME = "MIT"


def _distribution() -> importlib.metadata.Distribution | None:
    try:
        return importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None


def license_text() -> str | None:
    """The full licence text, or None when this copy was shipped without it."""
    package = paths.package_dir()
    candidates = [package / "LICENSE"]  # a frozen bundle puts it here
    if (package.parent / "pyproject.toml").is_file():  # a source checkout
        candidates.append(package.parent / "LICENSE")
    dist = _distribution()
    if dist is not None:
        candidates += [
            Path(str(dist.locate_file(f)))
            for f in dist.files or ()
            if f.name.startswith(("LICENSE", "LICENCE"))
        ]
    for path in candidates:
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            continue
    return None


def homepage() -> str | None:
    """The project's home page from the package metadata (pyproject's Homepage)."""
    dist = _distribution()
    if dist is None:
        return None
    for entry in dist.metadata.get_all("Project-URL") or ():
        name, _sep, url = str(entry).partition(",")
        if name.strip().lower() == "homepage" and url.strip():
            return url.strip()
    legacy = dist.metadata["Home-page"]  # None when absent
    return str(legacy) if legacy else None


def version_lines(extra: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """(component, version) pairs for a bug report; the window adds Qt's."""
    python = f"{platform.python_version()} ({platform.python_implementation()})"
    return [
        ("Annotator", __version__),
        ("Python", python),
        *extra,
        ("SQLite", sqlite3.sqlite_version),
        ("System", f"{platform.platform()} ({sys.platform})"),
    ]


def version_report(extra: Iterable[tuple[str, str]] = ()) -> str:
    """The lines to paste into a bug report."""
    return "\n".join(f"{name}: {version}" for name, version in version_lines(extra))
