"""The demo project a first run opens: a few annotated news articles."""

from __future__ import annotations

from pathlib import Path

from annotator.core.io import jsonl
from annotator.core.model import schemas
from annotator.core.project import Project
from annotator.core.services import paths


def ensure_demo_project(path: Path | None = None) -> Path:
    """Create the demo project from the shipped articles unless it already exists."""
    path = path or paths.demo_project()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    source = paths.resource("demo", "articles.jsonl")
    records = jsonl.read(source.read_bytes(), source.name)
    with Project.create(path, schemas.load()) as project:
        project.import_records(records)
    return path
