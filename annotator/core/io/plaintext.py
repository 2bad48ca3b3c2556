"""Plain-text articles: one ``.txt`` file, or a folder of them (recursively)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.errors import InputError, no_progress
from annotator.core.io.base import ReadContext
from annotator.core.model.records import DocumentRecord
from annotator.core.model.text import DecodeError, decode


def read_file(path: Path, name: str | None = None) -> DocumentRecord:
    """One document; its file name (relative to the imported folder) goes in meta."""
    name = name or path.name
    # a file name that is not UTF-8 arrives with lone surrogates; keep it readable
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        text = decode(data)
    except DecodeError as exc:
        raise InputError(f"{path}: {exc}") from None
    return DocumentRecord(text=text, meta={"file": name}, source=str(path))


def text_files(folder: Path) -> Iterator[Path]:
    """``.txt`` files under a folder, sorted, skipping hidden files and folders."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() == ".txt":
            yield path


def read_folder(
    folder: Path, progress: Callable[[int, int], None] = no_progress
) -> list[DocumentRecord]:
    files = list(text_files(folder))
    records = []
    for index, path in enumerate(files):
        if index % 100 == 0:
            progress(index, len(files))
        records.append(read_file(path, path.relative_to(folder).as_posix()))
    if not records:
        raise InputError(f"{folder}: no .txt files in this folder")
    return records


def load(path: Path, ctx: ReadContext) -> list[DocumentRecord]:
    """The registry's entry point: a .txt file or a folder of them."""
    if path.is_dir():
        return read_folder(path, ctx.progress)
    return [read_file(path)]
