"""Finding text: in one article (for Ctrl+F) and across the project (Ctrl+Shift+F)."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.project import Project


def find_in_text(text: str, query: str, start: int, *, backwards: bool = False) -> int | None:
    """Offset of the next (or previous) case-insensitive match, wrapping around."""
    if not query:
        return None
    folded_text, folded_query = text.casefold(), query.casefold()
    # casefold can change lengths (ß -> ss); fall back to exact matching then
    if len(folded_text) != len(text) or len(folded_query) != len(query):
        folded_text, folded_query = text, query
    if backwards:
        found = folded_text.rfind(folded_query, 0, max(0, start))
        if found == -1:
            found = folded_text.rfind(folded_query)
    else:
        found = folded_text.find(folded_query, start)
        if found == -1:
            found = folded_text.find(folded_query)
    return None if found == -1 else found


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: int
    title: str
    offset: int
    snippet: str


def search_project(project: Project, query: str, limit: int = 200) -> list[Hit]:
    """Documents whose text contains ``query`` (case-insensitive), with a snippet."""
    if not query.strip():
        return []
    hits = []
    for doc_id, title, text in project.db.execute(
        "SELECT d.id, d.title, t.text FROM documents d JOIN texts t ON t.document_id = d.id "
        "WHERE t.text LIKE '%' || ? || '%' ESCAPE '\\' ORDER BY d.id LIMIT ?",
        [_like_escape(query), limit],
    ):
        offset = find_in_text(text, query, 0)
        if offset is None:
            continue
        left = max(0, offset - 40)
        snippet = " ".join(text[left : offset + len(query) + 40].split())
        hits.append(Hit(doc_id, title, offset, snippet))
    return hits


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
