"""Adjudication: turning several annotators' layers of a document into its gold layer.

:func:`units` compares the layers place by place, by content (never by ids): a
:class:`Unit` per place where the annotators may differ, with each annotator's
:class:`Version` and what the gold holds there. The edits write the gold layer
(layer id :data:`~annotator.core.store.migrations.GOLD`) whatever layer the project
is editing, so a view can adjudicate without switching layer; they write through
``tx.rec``, so undo and redo are exact.

Places: connected groups of overlapping spans (entity spans and event triggers,
with their events) across the layers compared and the gold, and relations grouped
by the extents of their head and tail (in that order).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from annotator.core.editing.edits import ATTACHED_TABLES, Edit, Transaction
from annotator.core.errors import EditError
from annotator.core.store.migrations import GOLD
from annotator.core.store.queries import GOLD_NAME, fragments_of, layer_id

if TYPE_CHECKING:
    from sqlite_utils import Database


class ProjectLike(Protocol):
    """What :func:`units` needs of :class:`annotator.core.project.Project` (the
    editing room cannot import the project)."""

    @property
    def db(self) -> Database: ...

    def layers(self, document_id: int) -> Mapping[str, object]: ...


ATTACHMENT_TABLES = ATTACHED_TABLES
_UID_PREFIX = {"attributes": "A", "normalizations": "N", "notes": "#"}
_TARGET_COLUMNS = ("span_id", "event_id", "relation_id")


# -- what is compared ------------------------------------------------------------
@dataclass(frozen=True)
class Piece:
    """One annotation of a version, by content (no ids).

    ``kind``: "span" (an entity span, or a trigger without event), "event" or
    "relation". ``label``: the span's label, the event's type or the relation's
    type. ``start``/``end``: the span's or the trigger's extent; for a relation,
    from the earlier end's start to the later end's end, the ends themselves being
    in ``head`` and ``tail`` as (start, end, label). ``fragments``: the pieces of a
    discontinuous span or trigger. ``arguments`` (events): (role, filler start,
    filler end, filler label), sorted; a filler that is another event gives its
    trigger's extent and its event type.
    """

    kind: str
    label: str
    start: int
    end: int
    fragments: tuple[tuple[int, int], ...] = ()
    arguments: tuple[tuple[str, int, int, str], ...] = ()
    head: tuple[int, int, str] | None = None
    tail: tuple[int, int, str] | None = None

    def describe(self, text: str) -> str:
        """'PER "John Smith"', 'Conflict:Attack "fired" (Attacker: "troops")', 'EMP "A" -> "B"'."""
        if self.kind == "relation" and self.head is not None and self.tail is not None:
            head = _quoted(text, self.head[0], self.head[1])
            tail = _quoted(text, self.tail[0], self.tail[1])
            return f"{self.label} {head} -> {tail}"
        if self.fragments:
            covered = '"' + " … ".join(text[s:e] for s, e in self.fragments) + '"'
        else:
            covered = _quoted(text, self.start, self.end)
        if not self.arguments:
            return f"{self.label} {covered}"
        roles = ", ".join(f"{role}: {_quoted(text, s, e)}" for role, s, e, _ in self.arguments)
        return f"{self.label} {covered} ({roles})"

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.start,
            self.end,
            self.kind,
            self.label,
            self.fragments,
            self.arguments,
            self.head or (),
            self.tail or (),
        )


def _quoted(text: str, start: int, end: int) -> str:
    return '"' + text[start:end] + '"'


def _sorted(pieces: Iterable[Piece]) -> tuple[Piece, ...]:
    return tuple(sorted(pieces, key=Piece.sort_key))


@dataclass(frozen=True)
class Version:
    """What one annotator (or the gold) has at a unit."""

    annotator: str  # an annotator's name, or "gold"
    pieces: tuple[Piece, ...]  # sorted; empty: nothing annotated at this place

    def describe(self, text: str) -> str:
        """The pieces' descriptions joined with "; ", or "(nothing)"."""
        return "; ".join(piece.describe(text) for piece in self.pieces) or "(nothing)"

    @property
    def empty(self) -> bool:
        return not self.pieces


@dataclass(frozen=True)
class Unit:
    """One place of a document where annotators may differ."""

    index: int
    start: int
    end: int
    kind: str  # "span" (entity spans, event triggers with their events) or "relation"
    versions: tuple[Version, ...]  # one per annotator compared, in the order given
    gold: Version  # what the gold layer holds here now

    @property
    def agreed(self) -> bool:
        """Every annotator's version is the same, and not empty."""
        if not self.versions or not self.versions[0].pieces:
            return False
        first = self.versions[0].pieces
        return all(version.pieces == first for version in self.versions[1:])

    @property
    def resolved(self) -> bool:
        """Decided: the gold holds something here (one annotator's version, or its own
        hand-made one), or no annotator has anything here.

        The gold keeps no record of decisions, so a place where the adjudicator chose
        "nothing" while some annotator marked something stays unresolved."""
        return bool(self.gold.pieces) or all(not v.pieces for v in self.versions)

    @property
    def in_gold(self) -> bool:
        """The gold holds exactly one of the annotators' versions here."""
        return any(v.pieces == self.gold.pieces for v in self.versions if v.pieces)

    def version(self, annotator: str) -> Version:
        """The version of one annotator compared ("gold": the gold's)."""
        if annotator == GOLD_NAME:
            return self.gold
        for version in self.versions:
            if version.annotator == annotator:
                return version
        raise KeyError(annotator)


# -- reading a layer -----------------------------------------------------------------
@dataclass
class _Item:
    """A piece with the rows it stands for in its layer."""

    piece: Piece
    table: str  # "spans", "events" or "relations"
    key: int
    spans: tuple[int, ...]  # the span (trigger) it sits on; a relation's head and tail


@dataclass
class _LayerRows:
    """A document's annotations in one layer, by id, and their pieces."""

    spans: dict[int, tuple[int, int, str, int, tuple[tuple[int, int], ...]]] = field(
        default_factory=dict
    )  # id -> start, end, label, label id, fragments
    events: dict[int, int] = field(default_factory=dict)  # id -> trigger id
    arguments: dict[int, list[tuple[str, int | None, int | None]]] = field(default_factory=dict)
    relations: dict[int, tuple[str, int, int]] = field(default_factory=dict)
    items: list[_Item] = field(default_factory=list)


def _read_layer(db: Database, document_id: int, layer: int | None) -> _LayerRows:
    rows = _LayerRows()
    if layer is None:
        return rows
    for span_id, start, end, label, label_id, fragments in db.execute(
        'SELECT s.id, s.start, s."end", l.name, l.id, s.fragments FROM spans s '
        "JOIN labels l ON l.id = s.label_id WHERE s.document_id = ? AND s.layer = ? "
        'ORDER BY s.start, s."end", s.id',
        [document_id, layer],
    ):
        rows.spans[int(span_id)] = (
            int(start),
            int(end),
            str(label),
            int(label_id),
            () if fragments is None else tuple(fragments_of(fragments)),
        )
    for event_id, trigger_id in db.execute(
        "SELECT id, trigger_id FROM events WHERE document_id = ? AND layer = ? ORDER BY id",
        [document_id, layer],
    ):
        rows.events[int(event_id)] = int(trigger_id)
    for event_id, role, span_id, ref_id in db.execute(
        "SELECT a.event_id, a.role, a.span_id, a.event_ref_id FROM arguments a "
        "JOIN events e ON e.id = a.event_id WHERE e.document_id = ? AND e.layer = ? "
        "ORDER BY a.event_id, a.position, a.id",
        [document_id, layer],
    ):
        rows.arguments.setdefault(int(event_id), []).append((str(role), span_id, ref_id))
    for relation_id, label, head_id, tail_id in db.execute(
        "SELECT r.id, l.name, r.head_id, r.tail_id FROM relations r "
        "JOIN labels l ON l.id = r.label_id WHERE r.document_id = ? AND r.layer = ? "
        "ORDER BY r.id",
        [document_id, layer],
    ):
        rows.relations[int(relation_id)] = (str(label), int(head_id), int(tail_id))

    triggered: dict[int, list[int]] = {}
    for event_id, trigger_id in rows.events.items():
        triggered.setdefault(trigger_id, []).append(event_id)
    for span_id, (start, end, label, _, fragments) in rows.spans.items():
        events = triggered.get(span_id)
        if not events:
            piece = Piece("span", label, start, end, fragments)
            rows.items.append(_Item(piece, "spans", span_id, (span_id,)))
            continue
        for event_id in events:
            arguments = []
            for role, filler_id, ref_id in rows.arguments.get(event_id, ()):
                target = filler_id if filler_id is not None else rows.events.get(ref_id or -1)
                if target is None or target not in rows.spans:
                    continue
                f_start, f_end, f_label, _, _ = rows.spans[target]
                arguments.append((role, f_start, f_end, f_label))
            piece = Piece("event", label, start, end, fragments, tuple(sorted(arguments)))
            rows.items.append(_Item(piece, "events", event_id, (span_id,)))
    for relation_id, (label, head_id, tail_id) in rows.relations.items():
        h_start, h_end, h_label, _, _ = rows.spans[head_id]
        t_start, t_end, t_label, _, _ = rows.spans[tail_id]
        piece = Piece(
            "relation",
            label,
            min(h_start, t_start),
            max(h_end, t_end),
            head=(h_start, h_end, h_label),
            tail=(t_start, t_end, t_label),
        )
        rows.items.append(_Item(piece, "relations", relation_id, (head_id, tail_id)))
    return rows


def _relation_key(piece: Piece) -> tuple[int, int, int, int]:
    assert piece.head is not None and piece.tail is not None
    return (piece.head[0], piece.head[1], piece.tail[0], piece.tail[1])


# -- comparing -----------------------------------------------------------------------
def units(
    project: ProjectLike, document_id: int, annotators: Sequence[str] | None = None
) -> list[Unit]:
    """The places of a document where the annotators' layers may differ.

    ``annotators``: the layers compared, in this order (default: the document's
    annotator layers, sorted; the gold is never one of them). Span units are the
    connected groups of overlapping spans and triggers of those layers and the gold
    (extent: the group's first start to its last end); relation units group the
    relations with the same head extent and tail extent. Sorted by start, span
    units before relation units at the same start.
    """
    db = project.db
    if annotators is None:
        annotators = sorted(name for name in project.layers(document_id) if name != GOLD_NAME)
    names = [name for name in annotators if name != GOLD_NAME]
    layers = [_read_layer(db, document_id, layer_id(db, name)) for name in names]
    gold = _read_layer(db, document_id, GOLD)
    everyone = [*layers, gold]

    # Span units: overlapping extents, swept in order of start.
    extents = sorted(
        (start, end, which, span_id)
        for which, rows in enumerate(everyone)
        for span_id, (start, end, _, _, _) in rows.spans.items()
    )
    groups: list[tuple[int, int, set[tuple[int, int]]]] = []
    for start, end, which, span_id in extents:
        if groups and start < groups[-1][1]:
            first, last, members = groups[-1]
            members.add((which, span_id))
            groups[-1] = (first, max(last, end), members)
        else:
            groups.append((start, end, {(which, span_id)}))
    group_of: dict[tuple[int, int], int] = {}
    for number, (_, _, members) in enumerate(groups):
        for member in members:
            group_of[member] = number
    span_pieces: list[list[list[Piece]]] = [[[] for _ in everyone] for _ in groups]
    relation_pieces: dict[tuple[int, int, int, int], list[list[Piece]]] = {}
    for which, rows in enumerate(everyone):
        for item in rows.items:
            if item.table == "relations":
                key = _relation_key(item.piece)
                relation_pieces.setdefault(key, [[] for _ in everyone])[which].append(item.piece)
            else:
                span_pieces[group_of[(which, item.spans[0])]][which].append(item.piece)

    found: list[tuple[tuple[Any, ...], int, int, str, list[list[Piece]]]] = []
    for (start, end, _), pieces in zip(groups, span_pieces, strict=True):
        found.append(((start, 0, end), start, end, "span", pieces))
    for (h_start, h_end, t_start, t_end), pieces in relation_pieces.items():
        start, end = min(h_start, t_start), max(h_end, t_end)
        found.append(
            ((start, 1, end, h_start, h_end, t_start, t_end), start, end, "relation", pieces)
        )
    found.sort(key=lambda entry: entry[0])
    return [
        Unit(
            index,
            start,
            end,
            kind,
            tuple(
                Version(name, _sorted(version))
                for name, version in zip(names, pieces[:-1], strict=True)
            ),
            Version(GOLD_NAME, _sorted(pieces[-1])),
        )
        for index, (_, start, end, kind, pieces) in enumerate(found)
    ]


def disagreements(units: Sequence[Unit]) -> list[Unit]:
    """The units that are not agreed."""
    return [unit for unit in units if not unit.agreed]


# -- writing the gold ----------------------------------------------------------------
def _layer_of(tx: Transaction, annotator: str) -> int:
    if annotator == GOLD_NAME:
        raise EditError("choose an annotator's layer, not the gold itself")
    found = layer_id(tx.db, annotator)
    if found is None:
        raise EditError(f"{annotator} has no layer in this project")
    return found


def _check_document(tx: Transaction, document_id: int) -> None:
    if tx.db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone() is None:
        raise EditError(f"there is no document {document_id}")


def _match(items: Iterable[_Item], pieces: Sequence[Piece]) -> list[_Item] | None:
    """The items standing for ``pieces`` (as many of each), None if some are missing."""
    wanted = Counter(pieces)
    chosen: list[_Item] = []
    for item in items:
        if wanted[item.piece] > 0:
            wanted[item.piece] -= 1
            chosen.append(item)
    return chosen if not +wanted else None


def _at(items: Iterable[_Item], unit: Unit) -> list[_Item]:
    """The items at a unit's place: spans and events on spans overlapping its extent,
    or relations between the same extents."""
    if unit.kind != "relation":
        return [
            item
            for item in items
            if item.table != "relations"
            and item.piece.start < unit.end
            and unit.start < item.piece.end
        ]
    pieces = [piece for v in (*unit.versions, unit.gold) for piece in v.pieces]
    if not pieces:
        return []
    key = _relation_key(pieces[0])
    return [
        item for item in items if item.table == "relations" and _relation_key(item.piece) == key
    ]


def _row(db: Database, table: str, key: int) -> dict[str, Any]:
    cursor = db.execute(f"SELECT * FROM {table} WHERE id = ?", [key])
    values = cursor.fetchone()
    assert values is not None, (table, key)
    return dict(zip([d[0] for d in cursor.description], values, strict=True))


def _attachments(db: Database, column: str, key: int) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for table in ATTACHMENT_TABLES:
        cursor = db.execute(f"SELECT * FROM {table} WHERE {column} = ? ORDER BY id", [key])
        names = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            found.append((table, dict(zip(names, values, strict=True))))
    return found


def _attachment_content(db: Database, column: str, key: int) -> list[tuple[Any, ...]]:
    """What is attached to a row, without ids, uids or layers."""
    skip = {"id", "uid", "layer", "document_id", *_TARGET_COLUMNS}
    return sorted(
        (table, tuple(sorted((k, v) for k, v in row.items() if k not in skip)))
        for table, row in _attachments(db, column, key)
    )


class _Copier:
    """Copies annotations of an annotator's layer into the gold, in a transaction."""

    def __init__(self, tx: Transaction, document_id: int) -> None:
        self.tx, self.document_id = tx, document_id
        self.db = tx.db
        self.spans: dict[int, int] = {}  # source span id -> gold span id
        self.events: dict[int, int] = {}  # source event id -> gold event id
        self._refs: list[tuple[int, str, int]] = []  # gold event, role, source event

    # copies of single rows
    def copy_span(self, source_id: int) -> int:
        row = _row(self.db, "spans", source_id)
        gold_id = self.tx.rec.insert(
            "spans",
            {
                "document_id": self.document_id,
                "uid": self.tx.new_uid(self.document_id, "T"),
                "start": row["start"],
                "end": row["end"],
                "label_id": row["label_id"],
                "fragments": row["fragments"],
                "layer": GOLD,
            },
        )
        self.spans[source_id] = gold_id
        self.copy_attachments("span_id", source_id, gold_id)
        return gold_id

    def gold_span(self, source_id: int) -> int:
        """The gold span with the source span's extent and label, copied if missing."""
        if source_id in self.spans:
            return self.spans[source_id]
        row = _row(self.db, "spans", source_id)
        found = self.db.execute(
            'SELECT id FROM spans WHERE document_id = ? AND layer = ? AND start = ? AND "end" = ? '
            "AND label_id = ? ORDER BY id LIMIT 1",
            [self.document_id, GOLD, row["start"], row["end"], row["label_id"]],
        ).fetchone()
        if found is None:
            return self.copy_span(source_id)
        self.spans[source_id] = int(found[0])
        return int(found[0])

    def gold_event(self, source_event_id: int) -> int | None:
        """The gold event with the source event's trigger extent and type."""
        if source_event_id in self.events:
            return self.events[source_event_id]
        trigger = _row(self.db, "spans", _row(self.db, "events", source_event_id)["trigger_id"])
        found = self.db.execute(
            "SELECT e.id FROM events e JOIN spans s ON s.id = e.trigger_id "
            'WHERE e.document_id = ? AND e.layer = ? AND s.start = ? AND s."end" = ? '
            "AND s.label_id = ? ORDER BY e.id LIMIT 1",
            [self.document_id, GOLD, trigger["start"], trigger["end"], trigger["label_id"]],
        ).fetchone()
        return None if found is None else int(found[0])

    def copy_event(self, source_id: int, *, exact: bool = False) -> int:
        """Copy an event with its trigger (the gold's own when it has one like it) and
        its arguments; a filler span the gold lacks is copied, an event filler is
        resolved by :meth:`finish`. ``exact``: the whole layer is copied, so every
        source row has its copy."""
        source = _row(self.db, "events", source_id)
        trigger = source["trigger_id"]
        trigger_id = self.spans[trigger] if exact else self.gold_span(trigger)
        gold_id = self.tx.rec.insert(
            "events",
            {
                "document_id": self.document_id,
                "uid": self.tx.new_uid(self.document_id, "E"),
                "trigger_id": trigger_id,
                "layer": GOLD,
            },
        )
        self.events[source_id] = gold_id
        for role, span_id, ref_id in self.db.execute(
            "SELECT role, span_id, event_ref_id FROM arguments WHERE event_id = ? "
            "ORDER BY position, id",
            [source_id],
        ).fetchall():
            if span_id is not None:
                filler = self.spans[span_id] if exact else self.gold_span(span_id)
                self._add_argument(gold_id, role, span_id=filler)
            else:
                self._refs.append((gold_id, role, int(ref_id)))
        self.copy_attachments("event_id", source_id, gold_id)
        return gold_id

    def _add_argument(
        self, event_id: int, role: str, *, span_id: int | None = None, ref_id: int | None = None
    ) -> None:
        position = self.db.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM arguments WHERE event_id = ?", [event_id]
        ).fetchone()[0]
        self.tx.rec.insert(
            "arguments",
            {
                "event_id": event_id,
                "role": role,
                "span_id": span_id,
                "event_ref_id": ref_id,
                "position": position,
            },
        )

    def finish(self) -> None:
        """Add the event fillers of the events copied: to the gold event with the same
        trigger extent and type, left out when the gold has none."""
        refs, self._refs = self._refs, []
        for event_id, role, source_ref in refs:
            target = self.gold_event(source_ref)
            if target is not None and target != event_id:
                self._add_argument(event_id, role, ref_id=target)
        self.tx.rec.touch(self.document_id)

    def copy_relation(self, source_id: int, *, exact: bool = False) -> int:
        source = _row(self.db, "relations", source_id)
        head, tail = source["head_id"], source["tail_id"]
        gold_id = self.tx.rec.insert(
            "relations",
            {
                "document_id": self.document_id,
                "uid": self.tx.new_uid(self.document_id, "R"),
                "label_id": source["label_id"],
                "head_id": self.spans[head] if exact else self.gold_span(head),
                "tail_id": self.spans[tail] if exact else self.gold_span(tail),
                "layer": GOLD,
            },
        )
        self.copy_attachments("relation_id", source_id, gold_id)
        return gold_id

    def copy_attachments(self, column: str, source_id: int, gold_id: int) -> None:
        for table, row in _attachments(self.db, column, source_id):
            copy = {k: v for k, v in row.items() if k != "id"}
            copy.update(
                {
                    "uid": self.tx.new_uid(self.document_id, _UID_PREFIX[table]),
                    "layer": GOLD,
                    column: gold_id,
                }
            )
            self.tx.rec.insert(table, copy)

    def replace_attachments(self, column: str, source_id: int, gold_id: int) -> None:
        """Make what is attached to a gold row a copy of what the source row has."""
        if _attachment_content(self.db, column, source_id) == _attachment_content(
            self.db, column, gold_id
        ):
            return
        for table, row in _attachments(self.db, column, gold_id):
            self.tx.rec.delete(table, row["id"])
        self.copy_attachments(column, source_id, gold_id)

    # removing from the gold
    def delete(self, item: _Item) -> None:
        if item.table == "relations":
            self.tx.rec.delete("relations", item.key)
        elif item.table == "events":
            if self.tx.rec.get("events", item.key) is None:
                return
            self.tx.rec.delete("events", item.key)
            trigger = item.spans[0]
            others = self.db.execute(
                "SELECT count(*) FROM events WHERE trigger_id = ?", [trigger]
            ).fetchone()[0]
            if not others and self.tx.rec.get("spans", trigger) is not None:
                self.tx.drop_short_chains(trigger)
                self.tx.rec.delete("spans", trigger)
        elif self.tx.rec.get("spans", item.key) is not None:
            self.tx.drop_short_chains(item.key)
            self.tx.rec.delete("spans", item.key)


_ATTACHED_COLUMN = {"spans": "span_id", "events": "event_id", "relations": "relation_id"}
_ORDER = {"spans": 0, "events": 1, "relations": 2}


def _put(tx: Transaction, document_id: int, gold: list[_Item], chosen: list[_Item]) -> None:
    """Replace the gold items with copies of the chosen ones; items alike on both sides
    are kept (with the chosen one's attachments), so what hangs on them stays."""
    copier = _Copier(tx, document_id)
    kept: list[tuple[_Item, _Item]] = []
    remaining = list(gold)
    new: list[_Item] = []
    for item in chosen:
        twin = next((g for g in remaining if g.piece == item.piece), None)
        if twin is None:
            new.append(item)
        else:
            remaining.remove(twin)
            kept.append((twin, item))
    for twin, item in kept:
        column = _ATTACHED_COLUMN[item.table]
        copier.replace_attachments(column, item.key, twin.key)
        if item.table == "spans":
            copier.spans[item.key] = twin.key
        elif item.table == "events":
            copier.spans.setdefault(item.spans[0], twin.spans[0])
    for item in sorted(remaining, key=lambda i: -_ORDER[i.table]):
        copier.delete(item)
    for item in sorted(new, key=lambda i: _ORDER[i.table]):
        if item.table == "spans":
            copier.copy_span(item.key)
        elif item.table == "events":
            copier.copy_event(item.key)
        else:
            copier.copy_relation(item.key)
    copier.finish()


class PickVersion(Edit):
    """The gold at a unit becomes one annotator's version (None: nothing there).

    What the gold holds at the unit (the unit's gold version) is replaced with
    copies of the version's pieces. An event comes with its arguments: a filler
    span the gold lacks (by start, end and label) is copied too; a filler that is
    another event becomes the gold event with the same trigger extent and type, and
    is left out when the gold has none. A relation's head and tail spans are copied
    when the gold lacks them. Attributes, normalizations and notes come along;
    chains do not (:class:`CopyLayer` copies them). Removing a gold span removes
    what the gold made of it elsewhere too (its relations, the arguments it fills).
    """

    def __init__(self, document_id: int, unit: Unit, annotator: str | None) -> None:
        self.document_id, self.unit, self.annotator = document_id, unit, annotator

    @property
    def name(self) -> str:
        if self.annotator is None:
            return "Leave nothing in the gold here"
        return f"Take {self.annotator}'s version"

    def perform(self, tx: Transaction) -> None:
        _check_document(tx, self.document_id)
        if self.annotator is None:
            wanted: tuple[Piece, ...] = ()
            chosen: list[_Item] | None = []
        else:
            try:
                wanted = self.unit.version(self.annotator).pieces
            except KeyError:
                raise EditError(f"{self.annotator} was not compared at this place") from None
            layer = _layer_of(tx, self.annotator)
            chosen = _match(_read_layer(tx.db, self.document_id, layer).items, wanted)
            if chosen is None:
                raise EditError(
                    f"{self.annotator}'s layer changed here since the comparison; compare again"
                )
        if wanted == self.unit.gold.pieces:
            if self.annotator is None:
                raise EditError("the gold already has nothing here")
            raise EditError(f"the gold already holds {self.annotator}'s version here")
        gold = _at(_read_layer(tx.db, self.document_id, GOLD).items, self.unit)
        if _sorted(item.piece for item in gold) != self.unit.gold.pieces:
            raise EditError("the gold changed here since the comparison; compare again")
        assert chosen is not None
        _put(tx, self.document_id, gold, chosen)
        tx.rec.touch(self.document_id)


class AcceptAgreed(Edit):
    """Copy into the gold every agreed unit where the gold holds nothing yet.

    Units where the gold holds something (the agreed version, or another one made
    by hand) are left alone."""

    def __init__(self, document_id: int, units: Sequence[Unit]) -> None:
        self.document_id = document_id
        self.units = tuple(unit for unit in units if unit.agreed and not unit.gold.pieces)
        self.count = sum(len(unit.versions[0].pieces) for unit in self.units)

    @property
    def name(self) -> str:
        plural = "" if self.count == 1 else "s"
        return f"Accept {self.count} agreed annotation{plural}"

    def perform(self, tx: Transaction) -> None:
        _check_document(tx, self.document_id)
        if not self.units:
            raise EditError("there are no agreed annotations the gold does not have yet")
        annotator = self.units[0].versions[0].annotator
        for unit in self.units:
            if unit.versions[0].annotator != annotator:
                raise EditError("the units come from different comparisons; compare again")
        source = _read_layer(tx.db, self.document_id, _layer_of(tx, annotator)).items
        gold = _read_layer(tx.db, self.document_id, GOLD).items
        # A unit the gold gained something at since the comparison is left alone.
        wanted = [
            piece for unit in self.units if not _at(gold, unit) for piece in unit.versions[0].pieces
        ]
        if not wanted:
            raise EditError("the gold already holds something at every agreed place")
        chosen = _match(source, wanted)
        if chosen is None:
            raise EditError(f"{annotator}'s layer changed since the comparison; compare again")
        self.count = len(chosen)
        _put(tx, self.document_id, [], chosen)
        tx.rec.touch(self.document_id)


def _layer_content(db: Database, document_id: int, layer: int) -> tuple[Any, ...]:
    """A layer's annotations by content, attachments and chains included."""
    rows = _read_layer(db, document_id, layer)
    pieces = []
    for item in rows.items:
        attached = _attachment_content(db, _ATTACHED_COLUMN[item.table], item.key)
        if item.table == "events":
            attached += _attachment_content(db, "span_id", item.spans[0])
        pieces.append((item.piece.sort_key(), tuple(attached)))
    chains = []
    for chain_id, chain_type in db.execute(
        "SELECT id, type FROM chains WHERE document_id = ? AND layer = ?", [document_id, layer]
    ).fetchall():
        members = [
            rows.spans[span_id][:3]
            for (span_id,) in db.execute(
                "SELECT span_id FROM chain_members WHERE chain_id = ? ORDER BY position, id",
                [chain_id],
            ).fetchall()
        ]
        chains.append((chain_type, tuple(members)))
    return (tuple(sorted(pieces)), tuple(sorted(chains)))


class CopyLayer(Edit):
    """The gold of a whole document becomes a copy of one annotator's layer.

    Everything the gold held in the document goes; spans, events with all their
    arguments, relations, attributes, normalizations, notes and chains are copied.
    """

    def __init__(self, document_id: int, annotator: str) -> None:
        self.document_id, self.annotator = document_id, annotator

    @property
    def name(self) -> str:
        return f"Copy {self.annotator}'s layer to the gold"

    def perform(self, tx: Transaction) -> None:
        _check_document(tx, self.document_id)
        layer = _layer_of(tx, self.annotator)
        source = _read_layer(tx.db, self.document_id, layer)
        gold = _read_layer(tx.db, self.document_id, GOLD)
        if not source.spans and not gold.spans:
            raise EditError(f"{self.annotator} has no annotations in this document")
        if _layer_content(tx.db, self.document_id, layer) == _layer_content(
            tx.db, self.document_id, GOLD
        ):
            raise EditError(f"the gold already is a copy of {self.annotator}'s layer")
        for (chain_id,) in tx.db.execute(
            "SELECT id FROM chains WHERE document_id = ? AND layer = ? ORDER BY id",
            [self.document_id, GOLD],
        ).fetchall():
            tx.rec.delete("chains", chain_id)
        for relation_id in gold.relations:
            tx.rec.delete("relations", relation_id)
        for event_id in gold.events:
            tx.rec.delete("events", event_id)
        for span_id in gold.spans:
            tx.rec.delete("spans", span_id)
        copier = _Copier(tx, self.document_id)
        for span_id in source.spans:
            copier.copy_span(span_id)
        for event_id in source.events:
            copier.copy_event(event_id, exact=True)
        # Every event has its copy now: event fillers map exactly.
        refs, copier._refs = copier._refs, []
        for event_id, role, source_ref in refs:
            copier._add_argument(event_id, role, ref_id=copier.events[source_ref])
        for relation_id in source.relations:
            copier.copy_relation(relation_id, exact=True)
        for chain_id, chain_type in tx.db.execute(
            "SELECT id, type FROM chains WHERE document_id = ? AND layer = ? ORDER BY id",
            [self.document_id, layer],
        ).fetchall():
            gold_chain = tx.rec.insert(
                "chains",
                {
                    "document_id": self.document_id,
                    "uid": tx.new_uid(self.document_id, "*"),
                    "type": chain_type,
                    "layer": GOLD,
                },
            )
            for span_id, position in tx.db.execute(
                "SELECT span_id, position FROM chain_members WHERE chain_id = ? "
                "ORDER BY position, id",
                [chain_id],
            ).fetchall():
                tx.rec.insert(
                    "chain_members",
                    {
                        "chain_id": gold_chain,
                        "span_id": copier.spans[span_id],
                        "position": position,
                    },
                )
        tx.rec.touch(self.document_id)


class MarkAdjudicated(Edit):
    """The gold layer's status: done (adjudicated; the document's status becomes done
    too) or back to todo (the document's own status is left as it is)."""

    def __init__(self, document_id: int, done: bool = True) -> None:
        self.document_id, self.done = document_id, done

    @property
    def name(self) -> str:
        return "Mark adjudicated" if self.done else "Mark not adjudicated"

    def perform(self, tx: Transaction) -> None:
        document = tx.rec.get("documents", self.document_id)
        if document is None:
            raise EditError(f"there is no document {self.document_id}")
        status = "done" if self.done else "todo"
        row = tx.db.execute(
            "SELECT id, status FROM layer_status WHERE document_id = ? AND layer = ?",
            [self.document_id, GOLD],
        ).fetchone()
        current = "todo" if row is None else str(row[1])
        if (current == "done") == self.done:
            if self.done:
                raise EditError("this document is already marked adjudicated")
            raise EditError("this document is not marked adjudicated")
        if row is None:
            tx.rec.insert(
                "layer_status", {"document_id": self.document_id, "layer": GOLD, "status": status}
            )
        else:
            tx.rec.update("layer_status", row[0], {"status": status})
        if self.done and document["status"] != "done":
            tx.rec.update("documents", self.document_id, {"status": "done"})
        tx.rec.touch(self.document_id)


__all__ = [
    "AcceptAgreed",
    "CopyLayer",
    "MarkAdjudicated",
    "PickVersion",
    "Piece",
    "Unit",
    "Version",
    "disagreements",
    "units",
]
