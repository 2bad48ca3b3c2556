"""A label schema from whatever the user names: what ``--schema`` and New Project take.

A built-in schema's name (``news``, ``ace2005``...), a schema file (TOML or JSON, the
project's own format: :mod:`annotator.core.model.schemas`), or brat's
``annotation.conf`` (the file, or a folder holding it: :mod:`annotator.core.io.brat_conf`).
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.errors import SchemaError
from annotator.core.io.brat_conf import ANNOTATION_CONF, load_brat_conf
from annotator.core.model import Schema, schemas


def is_brat_conf(candidate: Path) -> bool:
    """Is this brat's annotation.conf, or a folder holding one?"""
    return candidate.name == ANNOTATION_CONF or (
        candidate.is_dir() and (candidate / ANNOTATION_CONF).is_file()
    )


def load(name_or_file: str | Path | None = None) -> Schema:
    """Load a built-in schema by name, a schema file by path (``.toml`` or ``.json``),
    or brat's ``annotation.conf`` (the file, or a folder holding it)."""
    if name_or_file is not None and is_brat_conf(Path(name_or_file)):
        return load_brat_conf(Path(name_or_file))
    try:
        return schemas.load(name_or_file)
    except schemas.UnknownSchemaError:
        raise SchemaError(
            f"no schema file, brat annotation.conf folder or built-in schema named "
            f"{name_or_file!r} (built-in: {', '.join(schemas.builtin_names())})"
        ) from None
