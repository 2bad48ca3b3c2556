"""Merging projects annotated apart: every layer of the others into one project.

A team that cannot share one file gives each annotator a copy of the project; each
annotates in their own layer; ``annotator merge TARGET OTHER...`` brings their
layers together for agreement and adjudication (docs/adr/0017-layers.md).

Documents are matched by uid and text digest. A document whose uid is in the
target with another text is refused, and so is a layer both projects hold with
different contents (a layer present in both with the same contents is already
merged, so merging twice changes nothing). Everything is checked before the one
import that writes, so a merge is all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.core.editing.edits import ImportDocuments, ImportReport
from annotator.core.errors import InputError, no_progress
from annotator.core.io import jsonl
from annotator.core.model import Annotations, Document, Status
from annotator.core.model.records import DocumentRecord
from annotator.core.model.text import text_digest
from annotator.core.project import Project
from annotator.core.services.paths import is_server_url, shown_url
from annotator.core.store.queries import GOLD_NAME


@dataclass
class MergeReport:
    sources: list[str] = field(default_factory=list)
    layers: int = 0  # (document, annotator) layers brought in
    already: int = 0  # layers the target held already, the same
    new_documents: int = 0
    annotators: list[str] = field(default_factory=list)
    imported: ImportReport | None = None

    def lines(self) -> list[str]:
        if not self.layers and not self.new_documents:
            return [
                f"nothing new to merge: {self.already} layer(s) of "
                f"{', '.join(self.sources)} were in the project already, the same"
            ]
        who = ", ".join(self.annotators) or "nobody"
        out = [
            f"merged {self.layers} layer(s) of {who} from {len(self.sources)} project(s)"
            + (f", with {self.new_documents} new document(s)" if self.new_documents else "")
        ]
        if self.already:
            out.append(f"{self.already} layer(s) were in the project already, the same")
        if self.imported is not None:
            for label in self.imported.new_labels or []:
                out.append(
                    f"added {label.kind} label {label.name!r}, which the schema did not have"
                )
        return out


def signature(annotations: Annotations) -> tuple[Any, ...]:
    """A layer's contents without ids or uids: equal when two layers say the same."""
    spans = {s.id: (s.start, s.end, s.label, s.fragments) for s in annotations.spans}
    events = {e.id: (spans[e.trigger_id], e.type) for e in annotations.events}

    def target(kind: str, key: int) -> Any:
        if kind == "span":
            return spans.get(key)
        if kind == "event":
            return events.get(key)
        return relations.get(key)

    relations = {r.id: (r.type, spans[r.head_id], spans[r.tail_id]) for r in annotations.relations}
    return (
        tuple(sorted(spans.values(), key=repr)),
        tuple(
            sorted(
                (
                    events[e.id],
                    tuple(
                        sorted(
                            (
                                a.role,
                                spans[a.span_id] if a.span_id is not None else None,
                                events.get(a.event_ref_id) if a.event_ref_id else None,
                            )
                            for a in e.arguments
                        )
                    ),
                )
                for e in annotations.events
            )
        ),
        tuple(sorted(relations.values())),
        tuple(
            sorted(
                (repr(target(str(a.target.kind), a.target.id)), a.name, a.value or "")
                for a in annotations.attributes
            )
        ),
        tuple(
            sorted(
                (repr(target(str(n.target.kind), n.target.id)), n.resource, n.ref, n.text)
                for n in annotations.normalizations
            )
        ),
        tuple(
            sorted(
                (repr(target(str(n.target.kind), n.target.id)), n.type, n.text)
                for n in annotations.notes
            )
        ),
        tuple(
            sorted(
                (c.type, tuple(sorted(repr(spans[m]) for m in c.members)))
                for c in annotations.chains
            )
        ),
    )


def _record(
    document: Document, annotations: Annotations, annotator: str | None, status: Status, where: str
) -> DocumentRecord:
    """A document's layer as an import record (through the JSONL shape: lossless)."""
    record = jsonl.parse_object(jsonl.document_object(document, annotations), where)
    return replace(record, annotator=annotator, status=status)


def plan(
    target: Project, others: Sequence[tuple[str, Project]]
) -> tuple[list[DocumentRecord], MergeReport]:
    """The records that bring the others' layers into ``target``; refuses (InputError)
    a document whose text differs, or a layer both hold with different contents."""
    report = MergeReport(sources=[name for name, _ in others])
    records: list[DocumentRecord] = []
    planned: dict[tuple[str, str], tuple[tuple[Any, ...], str]] = {}  # (digest, layer) -> sig
    new_texts: set[str] = set()
    annotators: set[str] = set()
    for name, other in others:
        for document in other.iter_documents():
            where = f"{name}: document {document.uid!r}"
            digest = text_digest(document.text)
            target_id = target.document_id(document.uid)
            if target_id is not None:
                if text_digest(target.document(target_id).text) != digest:
                    raise InputError(
                        f"{where} has another text than the document {document.uid!r} of "
                        f"{target.name}; nothing was merged (the projects must hold the "
                        "same documents)"
                    )
            else:
                target_id = _by_text(target, digest)
            held = target.layers(target_id) if target_id is not None else {}
            layers = other.layers(document.id)
            if target_id is None and digest not in new_texts:
                new_texts.add(digest)
                report.new_documents += 1
                if not layers:  # a plain text: the document alone
                    records.append(_record(document, Annotations(), None, Status.TODO, where))
            for layer, status in layers.items():
                annotations = other.annotations(document.id, layer)
                sig = signature(annotations)
                if layer in held:
                    assert target_id is not None
                    if signature(target.annotations(target_id, layer)) != sig:
                        raise InputError(
                            f"{where}: {_whose(layer)} differs from {_whose(layer)} of the same "
                            f"document in {target.name}; nothing was merged (merge copies "
                            "layers, it does not choose between two versions of one)"
                        )
                    report.already += 1
                    continue
                earlier = planned.get((digest, layer))
                if earlier is not None:
                    if earlier[0] != sig:
                        raise InputError(
                            f"{where}: {_whose(layer)} differs from {_whose(layer)} of the same "
                            f"document in {earlier[1]}; nothing was merged"
                        )
                    continue
                planned[(digest, layer)] = (sig, name)
                record = _record(document, annotations, layer, status, where)
                if not record.spans and record.status == Status.TODO:
                    continue  # nothing there to bring
                records.append(record)
                report.layers += 1
                if layer != GOLD_NAME:
                    annotators.add(layer)
    report.annotators = sorted(annotators)
    return records, report


def _by_text(project: Project, digest: str) -> int | None:
    row = project.db.execute("SELECT id FROM documents WHERE digest = ?", [digest]).fetchone()
    return None if row is None else int(row[0])


def _whose(layer: str) -> str:
    return "the gold" if layer == GOLD_NAME else f"{layer}'s layer"


def merge(
    target: Project,
    paths: Sequence[Path | str],
    progress: Callable[[int, int], None] = no_progress,
) -> MergeReport:
    """Bring every layer of the projects at ``paths`` (files or server URLs) into
    ``target``, all or nothing."""
    opened: list[tuple[str, Project]] = []
    try:
        for path in paths:
            if isinstance(path, str) and is_server_url(path):
                if path == target.url:
                    raise InputError(f"{shown_url(path)}: is the project being merged into")
                opened.append((shown_url(path), Project.open(path, read_only=True)))
                continue
            path = Path(path)
            if target.path is not None and path.resolve() == target.path.resolve():
                raise InputError(f"{path}: is the project being merged into")
            opened.append((str(path), Project.open(path, read_only=True)))
        records, report = plan(target, opened)
        # The first other project's label definitions come along where the target
        # lacks them (labels only the later ones use are added as the import adds any).
        schema = opened[0][1].schema if opened else None
        if records:
            edit = ImportDocuments(records, progress, schema, named=True)
            target.apply(edit)
            report.imported = edit.report
        return report
    finally:
        for _, other in opened:
            other.close()
