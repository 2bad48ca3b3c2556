"""External programs some tests need: skipped on a developer's machine without them,
a failure in CI (.ci/run installs them and sets CI), so CI never skips silently."""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def missing(what: str, install: str) -> None:
    """Skip, or fail in CI, because ``what`` is not available."""
    message = f"{what} is not available ({install})"
    if in_ci():
        pytest.fail(f"{message}; CI must have it (.ci/run installs it)")
    pytest.skip(message)


def require_tool(name: str, debian_package: str) -> str:
    """The path of program ``name``."""
    found = shutil.which(name)
    if found is None:
        missing(name, f"apt-get install {debian_package}")
        raise AssertionError("unreachable")  # missing() always raises
    return found
