"""The user guide's pages: where they are, their titles, searching them, anchors.

The pages are Markdown under ``docs/guide/`` (shipped as package data, see
:func:`annotator.core.services.paths.docs_dir`); the window shows them in its help browser.
Nothing here imports Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from annotator.core.services import paths

START_PAGE = "getting-started.md"
CONTENTS_PAGE = "index.md"

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MARKUP = re.compile(r"[`*_]|\[([^\]]*)\]\([^)]*\)")


def start_page() -> Path:
    return paths.guide_dir() / START_PAGE


def contents_page() -> Path:
    return paths.guide_dir() / CONTENTS_PAGE


def strip_comments(markdown: str) -> str:
    """Drop HTML comments (Qt's Markdown reader shows multi-line ones as text)."""
    return _COMMENT.sub("", markdown)


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of each ATX heading outside code blocks."""
    found = []
    in_code = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_code = not in_code
        elif not in_code and (match := _HEADING.match(line)):
            found.append((len(match.group(1)), match.group(2)))
    return found


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: ``Offsets look shifted?`` -> ``offsets-look-shifted``."""
    text = _MARKUP.sub(lambda m: m.group(1) or "", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def title(path: Path, markdown: str | None = None) -> str:
    """A page's first heading, or its file name; ``markdown`` is the page when it is read."""
    if markdown is None:
        try:
            markdown = path.read_text(encoding="utf-8")
        except OSError:
            markdown = ""
    found = headings(markdown)
    return found[0][1] if found else path.stem


def pages() -> list[Path]:
    """The pages search covers: the guide first, then the reference pages it links to."""
    docs = paths.docs_dir()
    guide = sorted(paths.guide_dir().glob("*.md"))
    reference = sorted(
        p for p in docs.rglob("*.md") if p.parent != paths.guide_dir() and "adr" not in p.parts
    )
    return guide + reference


@dataclass(frozen=True, slots=True)
class Hit:
    path: Path
    title: str
    line: str  # the first matching line, markup and all
    count: int  # matching lines on the page


def search(query: str, where: list[Path] | None = None) -> list[Hit]:
    """Pages holding every word of ``query`` (case ignored): guide pages first, then
    reference pages, each by the number of matching lines."""
    words = query.lower().split()
    if not words:
        return []
    hits = []
    for order, path in enumerate(where if where is not None else pages()):
        try:
            page = path.read_text(encoding="utf-8")
        except OSError:
            continue
        text = strip_comments(page)
        lowered = text.lower()
        if not all(word in lowered for word in words):
            continue
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        matching = [line for line in lines if any(word in line.lower() for word in words)]
        best = max(matching, key=lambda line: sum(word in line.lower() for word in words))
        in_guide = path.parent == paths.guide_dir()
        hits.append(
            (not in_guide, -len(matching), order, Hit(path, title(path, page), best, len(matching)))
        )
    hits.sort(key=lambda item: item[:3])
    return [item[3] for item in hits]
