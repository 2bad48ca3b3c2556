"""Which reader or writer handles a format name, and format detection."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from annotator.core.errors import InputError, no_progress
from annotator.core.io import jsonl, plaintext
from annotator.core.io.records import DocumentRecord

IMPORT_FORMATS = ("auto", "jsonl", "txt")
EXPORT_FORMATS = ("jsonl",)

_BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".txt": "txt"}


def detect(path: Path) -> str:
    if path.is_dir():
        return "txt"
    found = _BY_SUFFIX.get(path.suffix.lower())
    if found is None:
        raise InputError(
            f"{path}: cannot tell the format from the name; give --format "
            f"({', '.join(f for f in IMPORT_FORMATS if f != 'auto')})"
        )
    return found


def read(
    paths: Sequence[Path],
    fmt: str = "auto",
    warnings: list[str] | None = None,
    progress: Callable[[int, int], None] = no_progress,
) -> list[DocumentRecord]:
    """Read every path (files or folders) into records; nothing is written."""
    records: list[DocumentRecord] = []
    for index, path in enumerate(paths):
        progress(index, len(paths))
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        kind = detect(path) if fmt == "auto" else fmt
        if kind == "txt":
            if path.is_dir():
                records.extend(plaintext.read_folder(path, progress))
            else:
                records.append(plaintext.read_file(path))
        elif kind == "jsonl":
            if path.is_dir():
                raise InputError(f"{path}: is a folder; JSONL import reads files")
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
            records.extend(jsonl.read(data, str(path), warnings))
        else:
            raise InputError(f"unknown import format {kind!r} (use {', '.join(IMPORT_FORMATS)})")
    return records
