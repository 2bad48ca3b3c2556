"""Read queries over the project file. Nothing here writes."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from sqlite_utils import Database

from annotator.core.model import (
    Annotations,
    Argument,
    Attribute,
    AttributeType,
    Cardinality,
    Chain,
    Document,
    DocumentSummary,
    Event,
    Label,
    LabelKind,
    Normalization,
    Note,
    Relation,
    Role,
    Schema,
    Span,
    Status,
    Target,
    TargetKind,
)
from annotator.core.store.migrations import GOLD


def project_info(db: Database) -> dict[str, str]:
    return {key: value for key, value in db.execute("SELECT key, value FROM project")}


def load_schema(db: Database) -> Schema:
    roles: dict[int, list[Role]] = {}
    for label_id, name, low, high, fillers in db.execute(
        "SELECT label_id, name, min_count, max_count, fillers FROM roles "
        "ORDER BY label_id, position, id"
    ):
        roles.setdefault(label_id, []).append(
            Role(name, Cardinality(low, high), tuple(json.loads(fillers)))
        )
    labels = tuple(
        Label(
            name=name,
            kind=LabelKind(kind),
            color=color,
            key=key,
            description=description,
            roles=tuple(roles.get(label_id, ())),
            heads=tuple(json.loads(heads)),
            tails=tuple(json.loads(tails)),
        )
        for label_id, name, kind, color, key, description, heads, tails in db.execute(
            "SELECT id, name, kind, color, key, description, heads, tails FROM labels "
            "ORDER BY position, id"
        )
    )
    info = project_info(db)
    return Schema(
        name=info.get("schema_name", ""),
        labels=labels,
        description=info.get("schema_description", ""),
        attributes=attribute_types(db),
    )


def attribute_types(db: Database) -> tuple[AttributeType, ...]:
    return tuple(
        AttributeType(
            name=name,
            values=tuple(json.loads(values)),
            kinds=tuple(LabelKind(kind) for kind in json.loads(kinds)),
            labels=tuple(json.loads(labels)),
            description=description,
        )
        for name, values, kinds, labels, description in db.execute(
            'SELECT name, "values", kinds, labels, description FROM attribute_types '
            "ORDER BY position, id"
        )
    )


def fragments_of(value: str | None) -> tuple[tuple[int, int], ...]:
    """A span's ``fragments`` column as pieces; () for a contiguous span."""
    if value is None:
        return ()
    return tuple((int(start), int(end)) for start, end in json.loads(value))


def target_of(span_id: int | None, event_id: int | None, relation_id: int | None) -> Target:
    """What an attached row (attribute, normalization, note) belongs to."""
    if span_id is not None:
        return Target(TargetKind.SPAN, span_id)
    if event_id is not None:
        return Target(TargetKind.EVENT, event_id)
    assert relation_id is not None
    return Target(TargetKind.RELATION, relation_id)


TARGET_COLUMNS = {
    TargetKind.SPAN: "span_id",
    TargetKind.EVENT: "event_id",
    TargetKind.RELATION: "relation_id",
}


def label_ids(db: Database) -> dict[str, int]:
    return {name: label_id for label_id, name in db.execute("SELECT id, name FROM labels")}


def _status_clause(statuses: Sequence[Status] | None) -> tuple[str, list[Any]]:
    if not statuses:
        return "", []
    marks = ", ".join("?" for _ in statuses)
    return f" WHERE status IN ({marks})", [str(s) for s in statuses]


def document_count(db: Database, statuses: Sequence[Status] | None = None) -> int:
    where, params = _status_clause(statuses)
    return int(db.execute(f"SELECT count(*) FROM documents{where}", params).fetchone()[0])


def status_counts(db: Database) -> dict[Status, int]:
    counts = dict.fromkeys(Status, 0)
    for status, count in db.execute("SELECT status, count(*) FROM documents GROUP BY status"):
        counts[Status(status)] = count
    return counts


# The document list's orders: as added (id), or least certain first (the last
# trained model's certainty of each document to do; documents it did not score after).
ORDERS = ("added", "uncertain")


def document_ids(
    db: Database,
    statuses: Sequence[Status] | None = None,
    text: str | None = None,
    order: str = "added",
) -> Sequence[int]:
    """Ids in list order, optionally only some statuses and documents containing ``text``.

    ``text`` matches the title (case-insensitively), the id, or the article text.
    All documents without gaps in their ids (the usual case: only undoing an import
    that others followed leaves gaps) come back as a ``range``: three O(1)-ish
    lookups instead of a 100,000-element list (~25 ms) when the list first paints.
    """
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}")
    where, params = _status_clause(statuses)
    if not where and not text and order == "added":
        low, high, count = db.execute(
            "SELECT (SELECT min(id) FROM documents), (SELECT max(id) FROM documents), "
            "(SELECT count(*) FROM documents)"
        ).fetchone()
        if not count:
            return []
        if high - low + 1 == count:
            return range(low, high + 1)
    if text:
        where += " AND " if where else " WHERE "
        where += (
            "(instr(lower(title), lower(?)) > 0 OR uid = ? OR "
            "id IN (SELECT document_id FROM texts WHERE instr(text, ?) > 0))"
        )
        params += [text, text, text]
    if order == "uncertain":
        sql = (
            f"SELECT id FROM documents LEFT JOIN certainty ON certainty.document_id = id{where} "
            "ORDER BY certainty.value IS NULL, certainty.value, id"
        )
    else:
        sql = f"SELECT id FROM documents{where} ORDER BY id"
    return [row[0] for row in db.execute(sql, params)]


def document_summaries(
    db: Database, ids: Sequence[int], layer: int = GOLD
) -> list[DocumentSummary]:
    """Summaries for the given ids (in that order), with their span counts in a layer."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = {
        row[0]: DocumentSummary(row[0], row[1], row[2], Status(row[3]), row[4], row[5])
        for row in db.execute(
            f"SELECT d.id, d.uid, d.title, d.status, d.length, "
            f"(SELECT count(*) FROM spans s WHERE s.document_id = d.id AND s.layer = ?) "
            f"FROM documents d WHERE d.id IN ({marks})",
            [layer, *ids],
        )
    }
    return [rows[i] for i in ids if i in rows]


def document(db: Database, document_id: int) -> Document | None:
    row = db.execute(
        "SELECT d.id, d.uid, d.title, d.status, t.text, t.meta "
        "FROM documents d JOIN texts t ON t.document_id = d.id WHERE d.id = ?",
        [document_id],
    ).fetchone()
    if row is None:
        return None
    return Document(row[0], row[1], row[2], Status(row[3]), row[4], json.loads(row[5]))


def document_id_by_uid(db: Database, uid: str) -> int | None:
    row = db.execute("SELECT id FROM documents WHERE uid = ?", [uid]).fetchone()
    return None if row is None else int(row[0])


def document_annotations(db: Database, document_id: int, layer: int = GOLD) -> Annotations:
    """One layer's annotations: spans sorted by position; the rest in the order made."""
    events, relations = document_events_and_relations(db, document_id, layer)
    attributes, normalizations, notes, chains = document_attachments(db, document_id, layer)
    return Annotations(
        document_spans(db, document_id, layer),
        events,
        relations,
        attributes,
        normalizations,
        notes,
        chains,
    )


def document_spans(db: Database, document_id: int, layer: int = GOLD) -> tuple[Span, ...]:
    # The label join is done in Python: one dict lookup beats a join per row here.
    names = {label_id: name for name, label_id in label_ids(db).items()}
    return tuple(
        Span(
            span_id,
            document_id,
            uid,
            start,
            end,
            names[label_id],
            () if fragments is None else fragments_of(fragments),
        )
        for span_id, uid, start, end, label_id, fragments in db.execute(
            'SELECT id, uid, start, "end", label_id, fragments FROM spans '
            'WHERE document_id = ? AND layer = ? ORDER BY start, "end", id',
            [document_id, layer],
        )
    )


def document_attachments(
    db: Database, document_id: int, layer: int = GOLD
) -> tuple[tuple[Attribute, ...], tuple[Normalization, ...], tuple[Note, ...], tuple[Chain, ...]]:
    """A document's attributes, normalizations, notes and chains, in the order made."""
    attributes = tuple(
        Attribute(row[0], document_id, row[1], target_of(*row[4:7]), row[2], row[3])
        for row in db.execute(
            "SELECT id, uid, name, value, span_id, event_id, relation_id FROM attributes "
            "WHERE document_id = ? AND layer = ? ORDER BY id",
            [document_id, layer],
        )
    )
    normalizations = tuple(
        Normalization(row[0], document_id, row[1], target_of(*row[5:8]), row[2], row[3], row[4])
        for row in db.execute(
            "SELECT id, uid, resource, ref, text, span_id, event_id, relation_id "
            "FROM normalizations WHERE document_id = ? AND layer = ? ORDER BY id",
            [document_id, layer],
        )
    )
    notes = tuple(
        Note(row[0], document_id, row[1], target_of(*row[4:7]), row[3], row[2])
        for row in db.execute(
            "SELECT id, uid, type, text, span_id, event_id, relation_id FROM notes "
            "WHERE document_id = ? AND layer = ? ORDER BY id",
            [document_id, layer],
        )
    )
    members: dict[int, list[int]] = {}
    for chain_id, span_id in db.execute(
        "SELECT m.chain_id, m.span_id FROM chain_members m JOIN chains c ON c.id = m.chain_id "
        "WHERE c.document_id = ? AND c.layer = ? ORDER BY m.chain_id, m.position, m.id",
        [document_id, layer],
    ):
        members.setdefault(chain_id, []).append(span_id)
    chains = tuple(
        Chain(chain_id, document_id, uid, chain_type, tuple(members.get(chain_id, ())))
        for chain_id, uid, chain_type in db.execute(
            "SELECT id, uid, type FROM chains WHERE document_id = ? AND layer = ? ORDER BY id",
            [document_id, layer],
        )
    )
    return attributes, normalizations, notes, chains


def document_events_and_relations(
    db: Database, document_id: int, layer: int = GOLD
) -> tuple[tuple[Event, ...], tuple[Relation, ...]]:
    arguments: dict[int, list[Argument]] = {}
    for arg_id, event_id, role, span_id, event_ref_id in db.execute(
        "SELECT a.id, a.event_id, a.role, a.span_id, a.event_ref_id FROM arguments a "
        "JOIN events e ON e.id = a.event_id WHERE e.document_id = ? AND e.layer = ? "
        "ORDER BY a.event_id, a.position, a.id",
        [document_id, layer],
    ):
        arguments.setdefault(event_id, []).append(
            Argument(arg_id, event_id, role, span_id, event_ref_id)
        )
    events = tuple(
        Event(row[0], document_id, row[1], row[2], row[3], tuple(arguments.get(row[0], ())))
        for row in db.execute(
            "SELECT e.id, e.uid, e.trigger_id, l.name FROM events e "
            "JOIN spans s ON s.id = e.trigger_id JOIN labels l ON l.id = s.label_id "
            "WHERE e.document_id = ? AND e.layer = ? ORDER BY e.id",
            [document_id, layer],
        )
    )
    relations = tuple(
        Relation(row[0], document_id, row[1], row[2], row[3], row[4])
        for row in db.execute(
            "SELECT r.id, r.uid, l.name, r.head_id, r.tail_id FROM relations r "
            "JOIN labels l ON l.id = r.label_id WHERE r.document_id = ? AND r.layer = ? "
            "ORDER BY r.id",
            [document_id, layer],
        )
    )
    return events, relations


def iter_documents(
    db: Database, statuses: Sequence[Status] | None = None, batch: int = 500
) -> Iterator[Document]:
    """All documents in id order, fetched in keyset-paged batches (bounded memory)."""
    status_sql = ""
    params: list[Any] = []
    if statuses:
        status_sql = " AND d.status IN (" + ", ".join("?" for _ in statuses) + ")"
        params = [str(s) for s in statuses]
    last = -1
    while True:
        rows = db.execute(
            "SELECT d.id, d.uid, d.title, d.status, t.text, t.meta FROM documents d "
            "JOIN texts t ON t.document_id = d.id "
            f"WHERE d.id > ?{status_sql} ORDER BY d.id LIMIT ?",
            [last, *params, batch],
        ).fetchall()
        if not rows:
            return
        for row in rows:
            yield Document(row[0], row[1], row[2], Status(row[3]), row[4], json.loads(row[5]))
        last = rows[-1][0]


class RowBatch(NamedTuple):
    """Raw rows of a batch of documents: what exports read, in one place.

    :func:`annotated_documents` builds model objects from them; the JSONL writer turns
    them into JSON directly. Ids are the file's row ids, which are unique across
    documents, so one id -> uid map serves the whole batch.
    """

    labels: dict[int, str]  # label id -> name
    # id, uid, status, text, meta JSON, title
    documents: list[tuple[int, str, str, str, str, str]]
    # document, id, uid, start, end, label, fragments JSON or None
    spans: list[tuple[int, int, str, int, int, int, str | None]]
    events: list[tuple[int, int, str, int, int]]  # document, id, uid, trigger, label
    # event, role, span, event ref, id
    arguments: list[tuple[int, str, int | None, int | None, int]]
    relations: list[tuple[int, str, int, int, int, int]]  # document, uid, label, head, tail, id
    # document, id, uid, name, value, span, event, relation
    attributes: list[tuple[int, int, str, str, str | None, int | None, int | None, int | None]]
    # document, id, uid, resource, ref, text, span, event, relation
    normalizations: list[tuple[int, int, str, str, str, str, int | None, int | None, int | None]]
    # document, id, uid, type, text, span, event, relation
    notes: list[tuple[int, int, str, str, str, int | None, int | None, int | None]]
    chains: list[tuple[int, int, str, str]]  # document, id, uid, type
    chain_members: list[tuple[int, int]]  # chain, span (in order)
    annotator: str | None = None  # whose layer, when an export writes several


def row_batches(
    db: Database, ids: Sequence[int], batch: int = 500, layer: int | None = None
) -> Iterator[RowBatch]:
    """Documents with their annotations as plain rows, a few queries per batch of ``ids``.

    ``layer``: the layer to read, or None for each document's gold (:func:`gold_layers`;
    a document whose gold is not decided yet comes without annotations: callers leave
    those out first). Orders match :func:`document_annotations`; documents deleted
    meanwhile are left out, the rest keep the order of ``ids``.
    """
    names = {label_id: name for name, label_id in label_ids(db).items()}
    for first in range(0, len(ids), batch):
        chunk = list(ids[first : first + batch])
        marks = ", ".join("?" for _ in chunk)
        found = {
            row[0]: row
            for row in db.execute(
                "SELECT d.id, d.uid, d.status, t.text, t.meta, d.title FROM documents d "
                f"JOIN texts t ON t.document_id = d.id WHERE d.id IN ({marks})",
                chunk,
            )
        }
        groups: dict[int, list[int]] = {}
        if layer is None:
            for doc_id, gold in gold_layers(db, chunk).items():
                if gold is not None:
                    groups.setdefault(gold, []).append(doc_id)
        else:
            groups[layer] = chunk
        parts = [_layer_rows(db, group, layer_id) for layer_id, group in groups.items()]
        lists: list[list[Any]] = [
            [row for part in parts for row in part[index]] for index in range(9)
        ]
        documents = [found[doc_id] for doc_id in chunk if doc_id in found]
        yield RowBatch._make([names, documents, *lists, None])


def _layer_rows(db: Database, chunk: list[int], layer: int) -> list[list[Any]]:
    """The annotation rows of one layer of some documents, in RowBatch's order."""
    marks = ", ".join("?" for _ in chunk)

    def rows(sql: str) -> list[Any]:
        return db.execute(sql, [*chunk, layer]).fetchall()

    return [
        rows(
            'SELECT document_id, id, uid, start, "end", label_id, fragments FROM spans '
            f"WHERE document_id IN ({marks}) AND layer = ? "
            'ORDER BY document_id, start, "end", id'
        ),
        rows(
            "SELECT e.document_id, e.id, e.uid, e.trigger_id, s.label_id FROM events e "
            f"JOIN spans s ON s.id = e.trigger_id WHERE e.document_id IN ({marks}) "
            "AND e.layer = ? ORDER BY e.document_id, e.id"
        ),
        rows(
            "SELECT a.event_id, a.role, a.span_id, a.event_ref_id, a.id FROM arguments a "
            f"JOIN events e ON e.id = a.event_id WHERE e.document_id IN ({marks}) "
            "AND e.layer = ? ORDER BY a.event_id, a.position, a.id"
        ),
        rows(
            "SELECT document_id, uid, label_id, head_id, tail_id, id FROM relations "
            f"WHERE document_id IN ({marks}) AND layer = ? ORDER BY document_id, id"
        ),
        rows(
            "SELECT document_id, id, uid, name, value, span_id, event_id, relation_id "
            f"FROM attributes WHERE document_id IN ({marks}) AND layer = ? "
            "ORDER BY document_id, id"
        ),
        rows(
            "SELECT document_id, id, uid, resource, ref, text, span_id, event_id, "
            f"relation_id FROM normalizations WHERE document_id IN ({marks}) AND layer = ? "
            "ORDER BY document_id, id"
        ),
        rows(
            "SELECT document_id, id, uid, type, text, span_id, event_id, relation_id "
            f"FROM notes WHERE document_id IN ({marks}) AND layer = ? ORDER BY document_id, id"
        ),
        rows(
            "SELECT document_id, id, uid, type FROM chains "
            f"WHERE document_id IN ({marks}) AND layer = ? ORDER BY document_id, id"
        ),
        rows(
            "SELECT m.chain_id, m.span_id FROM chain_members m "
            f"JOIN chains c ON c.id = m.chain_id WHERE c.document_id IN ({marks}) "
            "AND c.layer = ? ORDER BY m.chain_id, m.position, m.id"
        ),
    ]


def annotated_documents(
    db: Database, ids: Sequence[int], batch: int = 500, layer: int | None = None
) -> Iterator[tuple[Document, Annotations]]:
    """Documents with one layer's annotations (None: the gold, as :func:`row_batches`),
    in the order of ``ids``, a batch at a time: what exports read.
    Orders match :func:`document_annotations`.
    """
    statuses = {status.value: status for status in Status}
    make_span = Span._make
    for rows in row_batches(db, ids, batch, layer):
        names = rows.labels
        spans: dict[int, list[Span]] = {}
        for doc_id, span_id, uid, start, end, label_id, fragments in rows.spans:
            found = spans.get(doc_id)
            if found is None:
                found = spans[doc_id] = []
            found.append(
                make_span(
                    (
                        span_id,
                        doc_id,
                        uid,
                        start,
                        end,
                        names[label_id],
                        () if fragments is None else fragments_of(fragments),
                    )
                )
            )
        attached = _attachments(rows)
        arguments: dict[int, list[Argument]] = {}
        for event_id, role, filler, event_ref_id, arg_id in rows.arguments:
            arguments.setdefault(event_id, []).append(
                Argument(arg_id, event_id, role, filler, event_ref_id)
            )
        events: dict[int, list[Event]] = {}
        for doc_id, event_id, uid, trigger_id, label_id in rows.events:
            events.setdefault(doc_id, []).append(
                Event(
                    event_id,
                    doc_id,
                    uid,
                    trigger_id,
                    names[label_id],
                    tuple(arguments.get(event_id, ())),
                )
            )
        relations: dict[int, list[Relation]] = {}
        for doc_id, uid, label_id, head, tail, rel_id in rows.relations:
            relations.setdefault(doc_id, []).append(
                Relation(rel_id, doc_id, uid, names[label_id], head, tail)
            )
        for doc_id, uid, status, text, meta, title in rows.documents:
            # most documents have no meta: skip the parser for "{}"
            document = Document(
                doc_id, uid, title, statuses[status], text, {} if meta == "{}" else json.loads(meta)
            )
            yield (
                document,
                Annotations(
                    tuple(spans.get(doc_id, ())),
                    tuple(events.get(doc_id, ())),
                    tuple(relations.get(doc_id, ())),
                    *attached.get(doc_id, ((), (), (), ())),
                ),
            )


def _attachments(
    rows: RowBatch,
) -> dict[
    int,
    tuple[tuple[Attribute, ...], tuple[Normalization, ...], tuple[Note, ...], tuple[Chain, ...]],
]:
    """Per document of a batch: its attributes, normalizations, notes and chains."""
    if not (rows.attributes or rows.normalizations or rows.notes or rows.chains):
        return {}
    found: dict[int, tuple[list[Any], list[Any], list[Any], list[Any]]] = {}

    def lists(doc_id: int) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
        got = found.get(doc_id)
        if got is None:
            got = found[doc_id] = ([], [], [], [])
        return got

    for doc_id, row_id, uid, name, value, *target in rows.attributes:
        lists(doc_id)[0].append(Attribute(row_id, doc_id, uid, target_of(*target), name, value))
    for doc_id, row_id, uid, resource, ref, text, *target in rows.normalizations:
        lists(doc_id)[1].append(
            Normalization(row_id, doc_id, uid, target_of(*target), resource, ref, text)
        )
    for doc_id, row_id, uid, note_type, text, *target in rows.notes:
        lists(doc_id)[2].append(Note(row_id, doc_id, uid, target_of(*target), text, note_type))
    members: dict[int, list[int]] = {}
    for chain_id, span_id in rows.chain_members:
        members.setdefault(chain_id, []).append(span_id)
    for doc_id, chain_id, uid, chain_type in rows.chains:
        lists(doc_id)[3].append(
            Chain(chain_id, doc_id, uid, chain_type, tuple(members.get(chain_id, ())))
        )
    return {
        doc_id: (tuple(a), tuple(n), tuple(o), tuple(c)) for doc_id, (a, n, o, c) in found.items()
    }


def attribute_usage(db: Database) -> dict[str, int]:
    """Per attribute name: how many attributes of it annotations carry."""
    return {
        str(name): int(count)
        for name, count in db.execute("SELECT name, count(*) FROM attributes GROUP BY name")
    }


def label_usage(db: Database) -> dict[str, tuple[int, int]]:
    """Per label name: (spans with that label, events whose trigger has it)."""
    usage: dict[str, tuple[int, int]] = {}
    for name, spans, events in db.execute(
        "SELECT l.name, "
        "(SELECT count(*) FROM spans s WHERE s.label_id = l.id), "
        "(SELECT count(*) FROM events e JOIN spans s ON s.id = e.trigger_id "
        " WHERE s.label_id = l.id) "
        "FROM labels l WHERE l.kind <> 'relation' ORDER BY l.position, l.id"
    ):
        usage[name] = (spans, events)
    return usage


def relation_usage(db: Database) -> dict[str, int]:
    return {
        name: count
        for name, count in db.execute(
            "SELECT l.name, (SELECT count(*) FROM relations r WHERE r.label_id = l.id) "
            "FROM labels l WHERE l.kind = 'relation' ORDER BY l.position, l.id"
        )
    }


_UID_TABLES = ("spans", "events", "relations", "attributes", "normalizations", "notes", "chains")


def uids_in_document(db: Database, document_id: int) -> set[str]:
    """Every uid used in a document: spans, events and relations share one namespace
    (an argument names either); the other kinds have prefixes of their own."""
    return {
        row[0]
        for row in db.execute(
            " UNION ALL ".join(
                f"SELECT uid FROM {table} WHERE document_id = ?1" for table in _UID_TABLES
            ),
            [document_id],
        )
    }


def uid_taken(db: Database, document_id: int, uid: str) -> bool:
    """Whether ``uid`` is used in the document: one lookup in each uid index."""
    sql = " UNION ALL ".join(
        f"SELECT 1 FROM {table} WHERE document_id = ?1 AND uid = ?2" for table in _UID_TABLES
    )
    return db.execute(sql + " LIMIT 1", [document_id, uid]).fetchone() is not None


def neighbour_with_status(
    db: Database, document_id: int | None, status: Status, order: str = "added"
) -> int | None:
    """The next document after ``document_id`` with a status, wrapping to the first.

    In the "uncertain" order: the least certain other document with that status (the
    open one is about to change, so what follows it is simply the next least certain).
    """
    if order == "uncertain":
        row = db.execute(
            "SELECT id FROM documents LEFT JOIN certainty ON certainty.document_id = id "
            "WHERE status = ? AND id <> ? "
            "ORDER BY certainty.value IS NULL, certainty.value, id LIMIT 1",
            [str(status), -1 if document_id is None else document_id],
        ).fetchone()
        return None if row is None else int(row[0])
    after = -1 if document_id is None else document_id
    row = db.execute(
        "SELECT id FROM documents WHERE status = ? AND id > ? ORDER BY id LIMIT 1",
        [str(status), after],
    ).fetchone()
    if row is None:
        row = db.execute(
            "SELECT id FROM documents WHERE status = ? AND id <> ? ORDER BY id LIMIT 1",
            [str(status), after],
        ).fetchone()
    return None if row is None else int(row[0])


# What a project holds of each kind an export format may or may not carry.
_KIND_COUNTS = {
    "events": "SELECT count(*) FROM events",
    "relations": "SELECT count(*) FROM relations",
    "fragments": "SELECT count(*) FROM spans WHERE fragments IS NOT NULL",
    "attributes": "SELECT count(*) FROM attributes",
    "normalizations": "SELECT count(*) FROM normalizations",
    "notes": "SELECT count(*) FROM notes",
    "chains": "SELECT count(*) FROM chains",
}


def kind_counts(db: Database) -> dict[str, int]:
    """Events, relations, discontinuous spans and each attached kind in the project."""
    return {kind: int(db.execute(sql).fetchone()[0]) for kind, sql in _KIND_COUNTS.items()}


# -- suggestions ---------------------------------------------------------------
def rejected(db: Database, document_id: int) -> set[tuple[int, int, str]]:
    """The suggestions turned down in a document: (start, end, label name)."""
    return {
        (start, end, label)
        for start, end, label in db.execute(
            'SELECT r.start, r."end", l.name FROM rejections r JOIN labels l ON l.id = r.label_id '
            "WHERE r.document_id = ?",
            [document_id],
        )
    }


def rejection_count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM rejections").fetchone()[0])


def set_certainty(db: Database, values: Mapping[int, float], model: str) -> None:
    """Replace every document's certainty with the newest model's (one transaction).

    Derived data, not an edit: nothing to undo, rebuilt after each training. Ids of
    documents deleted meanwhile are skipped.
    """
    with db.atomic():
        db.execute("DELETE FROM certainty")
        db.conn.executemany(
            "INSERT INTO certainty (document_id, value, model) "
            "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?)",
            [
                (document_id, min(1.0, max(0.0, float(value))), model, document_id)
                for document_id, value in values.items()
            ],
        )


def certainty(db: Database) -> dict[int, float]:
    return {int(d): float(v) for d, v in db.execute("SELECT document_id, value FROM certainty")}


def annotated_texts(
    db: Database, statuses: Sequence[Status] | None = None
) -> list[tuple[str, str, int]]:
    """Every (span text, label name, count) annotated in the project (contiguous spans;
    optionally only in documents with some statuses), for propagation across the corpus.

    SQLite's substr counts characters, so it agrees with the stored code-point offsets.
    """
    where, params = _status_clause(statuses)
    join = f" AND s.document_id IN (SELECT id FROM documents{where})" if where else ""
    return [
        (text, label, int(count))
        for text, label, count in db.execute(
            'SELECT substr(t.text, s.start + 1, s."end" - s.start) AS piece, l.name, count(*) '
            "FROM spans s JOIN texts t ON t.document_id = s.document_id "
            "JOIN labels l ON l.id = s.label_id "
            f"WHERE s.fragments IS NULL{join} GROUP BY piece, l.name",
            params,
        )
    ]


# -- layers (docs/adr/0017-layers.md) ---------------------------------------------
GOLD_NAME = "gold"


def layer_id(db: Database, name: str) -> int | None:
    """The id of an annotator's layer ("gold": the gold), or None if it has none yet."""
    row = db.execute("SELECT id FROM annotators WHERE name = ?", [name]).fetchone()
    return None if row is None else int(row[0])


def ensure_layer(db: Database, name: str) -> int:
    """The id of an annotator's layer, adding the annotator (the caller holds the
    transaction; not an edit: an unused name is harmless and never shown)."""
    found = layer_id(db, name)
    if found is not None:
        return found
    db.execute("INSERT INTO annotators (name) VALUES (?)", [name])
    return int(db.execute("SELECT last_insert_rowid()").fetchone()[0])


def layer_name(db: Database, layer: int) -> str:
    row = db.execute("SELECT name FROM annotators WHERE id = ?", [layer]).fetchone()
    return str(row[0]) if row else f"layer {layer}"


# A layer is present in a document once it holds a span (everything else is made
# of spans) or its annotator set a status other than "todo" (an empty "done"
# layer says "nothing to annotate here", which agreement counts).
_PRESENT = (
    "SELECT document_id, layer FROM spans{where} UNION "
    "SELECT document_id, layer FROM layer_status WHERE status <> 'todo'{and_where}"
)


def _present(ids: Sequence[int] | None) -> tuple[str, list[Any]]:
    if ids is None:
        return _PRESENT.format(where="", and_where=""), []
    marks = ", ".join("?" for _ in ids)
    return (
        _PRESENT.format(
            where=f" WHERE document_id IN ({marks})",
            and_where=f" AND document_id IN ({marks})",
        ),
        [*ids, *ids],
    )


def annotator_names(db: Database) -> list[str]:
    """Annotators whose layer holds anything, sorted; without the gold."""
    sql, params = _present(None)
    return sorted(
        str(name)
        for (name,) in db.execute(
            f"SELECT name FROM annotators WHERE id <> {GOLD} "
            f"AND id IN (SELECT layer FROM ({sql}) AS present)",
            params,
        )
    )


def document_layers(db: Database, document_id: int) -> dict[str, Status]:
    """The layers present in a document, by annotator name ("gold" too), with their status."""
    sql, params = _present([document_id])
    return {
        str(name): Status(status or "todo")
        for name, status in db.execute(
            f"SELECT a.name, ls.status FROM ({sql}) p JOIN annotators a ON a.id = p.layer "
            "LEFT JOIN layer_status ls ON ls.document_id = p.document_id AND ls.layer = p.layer "
            "ORDER BY a.id = 0, a.name",
            params,
        )
    }


def layers_by_document(db: Database, ids: Sequence[int] | None = None) -> dict[int, set[int]]:
    """Per document (of ``ids``, or all), the ids of the layers present in it."""
    found: dict[int, set[int]] = {}
    chunks: list[Sequence[int] | None] = (
        [None] if ids is None else [ids[i : i + 400] for i in range(0, len(ids), 400)]
    )
    for chunk in chunks:
        sql, params = _present(chunk)
        for doc_id, layer in db.execute(sql, params):
            found.setdefault(int(doc_id), set()).add(int(layer))
    return found


def shared_documents(db: Database, min_annotators: int = 2) -> list[int]:
    """Documents with at least that many annotators' layers (the gold not counted)."""
    return sorted(
        doc_id
        for doc_id, layers in layers_by_document(db).items()
        if len(layers - {GOLD}) >= min_annotators
    )


def gold_layers(db: Database, ids: Sequence[int]) -> dict[int, int | None]:
    """The layer each document's gold is read from: its gold layer once adjudication
    began, else its only annotator's layer, else (several annotators) None: the
    document needs adjudicating. A document without any layer reads the (empty) gold."""
    present = layers_by_document(db, ids)
    result: dict[int, int | None] = {}
    for doc_id in ids:
        layers = present.get(doc_id, set())
        if GOLD in layers or not layers:
            result[doc_id] = GOLD
        elif len(layers) == 1:
            (result[doc_id],) = layers
        else:
            result[doc_id] = None
    return result


def adjudicated(db: Database, ids: Sequence[int] | None = None) -> set[int]:
    """Documents (of ``ids``, or all) whose gold layer is marked done."""
    found = {
        int(doc_id)
        for (doc_id,) in db.execute(
            f"SELECT document_id FROM layer_status WHERE layer = {GOLD} AND status = 'done'"
        )
    }
    return found if ids is None else found & set(ids)
