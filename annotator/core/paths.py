"""Every platform path, in one place: the only module that imports appdirs.

``ANNOTATOR_CONFIG_DIR`` and ``ANNOTATOR_DATA_DIR`` override the platform
folders (tests use them to stay out of the user's real settings).
"""

from __future__ import annotations

import os
from importlib import resources as importlib_resources
from pathlib import Path

import appdirs

APP_NAME = "annotator"
APP_AUTHOR = "Annotator"
PROJECT_SUFFIX = ".annot"


def config_dir() -> Path:
    """User preferences, keymap, recent projects."""
    override = os.environ.get("ANNOTATOR_CONFIG_DIR")
    return Path(override) if override else Path(appdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def data_dir() -> Path:
    """The demo project and backups."""
    override = os.environ.get("ANNOTATOR_DATA_DIR")
    return Path(override) if override else Path(appdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def demo_project() -> Path:
    return data_dir() / f"demo{PROJECT_SUFFIX}"


def recent_file() -> Path:
    return config_dir() / "recent.json"


def resources_dir() -> Path:
    """The shipped resources: ``annotator.resources`` when installed, else ``resources/``."""
    try:
        root = Path(str(importlib_resources.files("annotator.resources")))
        if root.is_dir():
            return root
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def project_path(name: str | os.PathLike[str], *, creating: bool = False) -> Path:
    """The project file a user means: ``p`` finds ``p.annot`` when ``p`` does not exist."""
    path = Path(name)
    if path.suffix:
        return path
    with_suffix = path.with_name(path.name + PROJECT_SUFFIX)
    if creating:
        return with_suffix
    return path if path.exists() and not with_suffix.exists() else with_suffix
