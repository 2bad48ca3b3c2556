"""Every platform path, in one place: the only module that imports appdirs.

``ANNOTATOR_CONFIG_DIR``, ``ANNOTATOR_DATA_DIR`` and ``ANNOTATOR_CACHE_DIR`` override the platform
folders (tests use them to stay out of the user's real settings).
"""

from __future__ import annotations

import os
import shlex
import urllib.parse
from pathlib import Path

import appdirs

import annotator

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


def cache_dir() -> Path:
    """What can be rebuilt: suggestion models trained from a project's annotations."""
    override = os.environ.get("ANNOTATOR_CACHE_DIR")
    return Path(override) if override else Path(appdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def demo_project() -> Path:
    return data_dir() / f"demo{PROJECT_SUFFIX}"


def recent_file() -> Path:
    return config_dir() / "recent.json"


def package_dir() -> Path:
    """The ``annotator`` package folder (in a source checkout, the repository's ``annotator/``)."""
    return Path(annotator.__file__).resolve().parent


def resources_dir() -> Path:
    """The shipped resources: inside the package when installed, else ``resources/``.

    A wheel carries them as ``annotator/resources`` (pyproject's package-dir); a
    source checkout or an editable install finds the top-level ``resources/``.
    """
    package = package_dir()
    for candidate in (package / "resources", package.parent / "resources"):
        if (candidate / "schemas").is_dir():
            return candidate
    raise FileNotFoundError(f"the resources folder is missing next to {package}")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def docs_dir() -> Path:
    """The documentation, user guide in ``guide/``: ``annotator/docs`` when installed
    (pyproject maps ``docs/`` there, as it does ``resources/``), else ``docs/``."""
    package = package_dir()
    for candidate in (package / "docs", package.parent / "docs"):
        if (candidate / "guide" / "index.md").is_file():
            return candidate
    raise FileNotFoundError(f"the user guide is missing next to {package}")


def guide_dir() -> Path:
    return docs_dir() / "guide"


SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(location: object) -> bool:
    """Is this project location a PostgreSQL URL (a shared server project), not a path?"""
    return isinstance(location, str) and location.lower().startswith(SERVER_SCHEMES)


def command_word(location: object) -> str:
    """A project path or URL as one word of a command to paste into a shell: quoted when
    it holds a space or a character the shell would read ("my news.annot")."""
    return shlex.quote(str(location))


def repair_advice(location: object) -> str:
    """What to run on a damaged project, for the end of a message saying so."""
    word = command_word(location)
    return (
        f"`annotator check {word}` lists its problems, "
        f"`annotator restore {word}` brings back its newest backup"
    )


def shown_url(url: str) -> str:
    """A server URL without its password, for titles, messages and the recent list."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urllib.parse.urlunsplit(parts._replace(netloc=user + host))


def project_location(name: str | os.PathLike[str], *, creating: bool = False) -> Path | str:
    """What a user means by a project argument: a server URL as given, else the file
    (:func:`project_path`)."""
    if is_server_url(name):
        return str(name)
    return project_path(name, creating=creating)


def project_path(name: str | os.PathLike[str], *, creating: bool = False) -> Path:
    """The project file a user means: ``p`` finds ``p.annot`` when ``p`` does not exist."""
    path = Path(name)
    if path.suffix:
        return path
    with_suffix = path.with_name(path.name + PROJECT_SUFFIX)
    if creating:
        return with_suffix
    return path if path.exists() and not with_suffix.exists() else with_suffix
