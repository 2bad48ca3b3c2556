"""Writing output files safely: a file appears only once it is complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from annotator.core.errors import AnnotatorError


@contextlib.contextmanager
def atomic_text_file(target: Path) -> Iterator[TextIO]:
    """Write to a temporary file beside ``target`` and rename it into place on success."""
    if target.is_dir():
        raise AnnotatorError(f"{target}: is a folder; give a file name")
    folder = target.resolve().parent
    if not folder.exists():
        raise AnnotatorError(f"{folder}: no such folder")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as exc:
        raise AnnotatorError(f"{target}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            yield out
        # mkstemp makes the file private (0600); give it the usual permissions.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as exc:
        raise AnnotatorError(f"{target}: cannot write it ({exc.strerror})") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
