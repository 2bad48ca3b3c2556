"""Helpers the format tests share: what a record or a project holds, by text and label."""

from __future__ import annotations

from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project

SpanKey = tuple[int, int, str, str]
RelationKey = tuple[str, tuple[int, int], tuple[int, int]]


def texts(record: DocumentRecord) -> list[tuple[str, str]]:
    """A record's spans as (label, covered text)."""
    return [(span.label, record.text[span.start : span.end]) for span in record.spans]


def contents(project: Project) -> dict[str, tuple[set[SpanKey], set[RelationKey]]]:
    """Every document's spans and relations by text, as offsets and labels."""
    out = {}
    for document in project.iter_documents():
        found = project.annotations(document.id)
        text = document.text
        spans = {span.id: span for span in found.spans}
        out[text] = (
            {(s.start, s.end, s.label, text[s.start : s.end]) for s in found.spans},
            {
                (
                    r.type,
                    (spans[r.head_id].start, spans[r.head_id].end),
                    (spans[r.tail_id].start, spans[r.tail_id].end),
                )
                for r in found.relations
            },
        )
    return out
