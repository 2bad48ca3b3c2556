"""Schema edits: add, change and delete labels, roles and relation arguments.

Like every edit (docs/adr/0004-edits-and-undo.md) these write only through
``tx.rec``, so undo and redo restore the exact rows, annotations included.
Validation happens before the first write and raises :class:`EditError`:
unknown or duplicate names, unknown filler/head/tail labels, bad colours and
keys, and a key already used by another label of the same key space (entity
labels and event types share one; relation types have their own).

The schema editor dialog uses :func:`key_conflict` to *show* a conflict while
the user types; the edits here *refuse* one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, cast

from sqlite_utils import Database

from annotator.core.editing import edits
from annotator.core.editing.edits import AddLabels, Edit, Transaction, checked_color, checked_key
from annotator.core.errors import EditError
from annotator.core.model import Cardinality, Label, LabelKind, Role, schemas
from annotator.core.model.schemas import key_conflict, schema_key_conflicts
from annotator.core.model.text import check_name_length


class HasDatabase(Protocol):
    """A :class:`~annotator.core.project.Project`, for the read helpers."""

    @property
    def db(self) -> Database: ...


__all__ = [
    "AddLabel",
    "AddRole",
    "DeleteLabel",
    "DeleteRole",
    "SetRelationArguments",
    "UpdateLabel",
    "UpdateRole",
    "key_conflict",
    "label_usage",
    "role_usage",
    "schema_key_conflicts",
]

_SPAN_KINDS = (LabelKind.ENTITY, LabelKind.EVENT)


# -- read helpers ----------------------------------------------------------------
def _db(project_or_db: HasDatabase | Database) -> Database:
    # A project's .db, or a database itself: a file's sqlite-utils Database or a
    # server's ServerDatabase (which offers the same surface but is not a subclass).
    if isinstance(project_or_db, Database):
        return project_or_db
    return cast(Database, getattr(project_or_db, "db", project_or_db))


def label_usage(project_or_db: HasDatabase | Database, name: str) -> int:
    """How many annotations use a label: spans with it, or relations of a relation type.

    These are what :class:`DeleteLabel` deletes (with, for spans, the events they
    trigger, the arguments naming them and their relations). 0 for an unknown name.
    """
    db = _db(project_or_db)
    row = db.execute("SELECT id, kind FROM labels WHERE name = ?", [name]).fetchone()
    if row is None:
        return 0
    table = "relations" if row[1] == LabelKind.RELATION else "spans"
    return int(
        db.execute(f"SELECT count(*) FROM {table} WHERE label_id = ?", [row[0]]).fetchone()[0]
    )


def role_usage(project_or_db: HasDatabase | Database, event_type: str, role: str) -> int:
    """How many arguments fill ``role`` in events of ``event_type`` (what DeleteRole deletes)."""
    return len(_role_arguments(_db(project_or_db), event_type, role))


def _role_arguments(db: Database, event_type: str, role: str) -> list[tuple[int, int]]:
    """(argument id, document id) of the arguments with ``role`` in events of a type."""
    return [
        (int(arg_id), int(doc_id))
        for arg_id, doc_id in db.execute(
            "SELECT a.id, e.document_id FROM arguments a "
            "JOIN events e ON e.id = a.event_id "
            "JOIN spans s ON s.id = e.trigger_id "
            "JOIN labels l ON l.id = s.label_id "
            "WHERE l.name = ? AND a.role = ? ORDER BY a.id",
            [event_type, role],
        ).fetchall()
    ]


# -- keys ------------------------------------------------------------------------
# -- validation helpers ------------------------------------------------------------
def _check_name(name: str, what: str) -> str:
    name = name.strip()
    if not name:
        raise EditError(f"a {what} needs a name")
    try:
        check_name_length(name, f"the {what}'s name")
    except ValueError as exc:
        raise EditError(str(exc)) from None
    return name


def _span_label_names(
    tx: Transaction, names: Iterable[str], where: str, also: str | None = None
) -> tuple[str, ...]:
    """Check that names are entity labels or event types (or ``also``); drop repeats."""
    out: list[str] = []
    for name in names:
        if name in out:
            continue
        if name == also:
            out.append(name)
            continue
        row = tx.db.execute("SELECT kind FROM labels WHERE name = ?", [name]).fetchone()
        if row is None:
            raise EditError(f"{where}: there is no label {name!r} in this project's schema")
        if row[0] not in _SPAN_KINDS:
            raise EditError(f"{where}: {name!r} is a relation type, not an entity or event label")
        out.append(name)
    return tuple(out)


def _names_json(names: Sequence[str]) -> str:
    return json.dumps(list(names), ensure_ascii=False)


def _parse_cardinality(value: Cardinality | str) -> Cardinality:
    if isinstance(value, Cardinality):
        if value.maximum is not None and (value.maximum < value.minimum or value.maximum == 0):
            raise EditError(f"invalid cardinality {value}: the range is empty")
        return value
    try:
        return Cardinality.parse(value)
    except ValueError as exc:
        raise EditError(str(exc)) from None


def _role_row(tx: Transaction, event_type: str, role_name: str) -> tuple[dict[str, Any], int]:
    """(the event type's label, the role's row id)."""
    label = tx.label(event_type, LabelKind.EVENT)
    row = tx.db.execute(
        "SELECT id FROM roles WHERE label_id = ? AND name = ?", [label["id"], role_name]
    ).fetchone()
    if row is None:
        raise EditError(f"event type {event_type!r} has no role {role_name!r}")
    return label, int(row[0])


# -- labels ------------------------------------------------------------------------
class AddLabel(Edit):
    """Add one label (with its roles) after the others, checked like a schema file.

    A label without a colour gets the first palette colour not yet in use.
    """

    def __init__(self, label: Label) -> None:
        self.label = label

    @property
    def name(self) -> str:
        return f"Add label {self.label.name.strip()}"

    def perform(self, tx: Transaction) -> None:
        label = self.label
        name = _check_name(label.name, "label")
        if tx.db.execute("SELECT 1 FROM labels WHERE name = ?", [name]).fetchone():
            raise EditError(f"there is already a label {name!r}")
        if label.color:
            checked_color(label.color)
        key = checked_key(tx, name, label.key, label.kind)
        if label.kind != LabelKind.EVENT and label.roles:
            raise EditError(f"only event types have roles, and {name!r} is a {label.kind} label")
        if label.kind != LabelKind.RELATION and (label.heads or label.tails):
            raise EditError(f"only relation types have heads and tails, not {name!r}")
        roles: list[Role] = []
        for role in label.roles:
            role_name = _check_name(role.name, "role")
            if any(r.name == role_name for r in roles):
                raise EditError(f"event {name!r}: role {role_name!r} is listed twice")
            where = f"event {name!r} role {role_name!r}"
            # an event type may be filled by events of its own type
            fillers = _span_label_names(tx, role.fillers, where, also=name)
            roles.append(Role(role_name, _parse_cardinality(role.cardinality), fillers))
        heads = _span_label_names(tx, label.heads, f"relation {name!r} heads")
        tails = _span_label_names(tx, label.tails, f"relation {name!r} tails")
        taken = [row[0] for row in tx.db.execute("SELECT color FROM labels")]
        (colored,) = schemas.with_colors(
            [
                Label(
                    name,
                    label.kind,
                    label.color,
                    key,
                    label.description,
                    tuple(roles),
                    heads,
                    tails,
                )
            ],
            taken,
        )
        AddLabels([colored]).perform(tx)


# The checked rename/recolour/re-key edit lives with the other edits.
UpdateLabel = edits.UpdateLabel


class DeleteLabel(Edit):
    """Delete a label with every annotation that uses it.

    For an entity label or event type: its spans, with the events they trigger,
    the arguments naming them and their relations. For a relation type: its
    relations. The name is also removed from role fillers, relation heads and
    tails, and the labels attribute types apply to. A list left empty there means
    "any label", so the roles, relation ends and attributes that only this label
    could have are listed in :attr:`widened`.
    """

    def __init__(self, label_name: str) -> None:
        self.label_name = label_name
        self.widened: list[str] = []  # e.g. "Life:Die role Victim", "PHYS:Located heads"

    @property
    def name(self) -> str:
        return f"Delete label {self.label_name}"

    def perform(self, tx: Transaction) -> None:
        label = tx.label(self.label_name)
        table = "relations" if label["kind"] == LabelKind.RELATION else "spans"
        for (row_id,) in tx.db.execute(
            f"SELECT id FROM {table} WHERE label_id = ? ORDER BY id", [label["id"]]
        ).fetchall():
            tx.rec.delete(table, row_id)  # spans take their events, arguments, relations
        self.widened = []
        name = self.label_name

        def without(names_json: str) -> list[str] | None:
            names = json.loads(names_json)
            return None if name not in names else [n for n in names if n != name]

        for role_id, role_name, owner_id, owner, fillers in tx.db.execute(
            "SELECT r.id, r.name, r.label_id, l.name, r.fillers FROM roles r "
            "JOIN labels l ON l.id = r.label_id ORDER BY r.id"
        ).fetchall():
            if owner_id == label["id"]:
                continue  # deleted with the label
            left = without(fillers)
            if left is None:
                continue
            tx.rec.update("roles", role_id, {"fillers": _names_json(left)})
            if not left:
                self.widened.append(f"{owner} role {role_name}")
        for label_id, owner, heads, tails in tx.db.execute(
            "SELECT id, name, heads, tails FROM labels WHERE kind = 'relation' ORDER BY id"
        ).fetchall():
            if label_id == label["id"]:
                continue
            values: dict[str, str] = {}
            for column, value in (("heads", heads), ("tails", tails)):
                left = without(value)
                if left is None:
                    continue
                values[column] = _names_json(left)
                if not left:
                    self.widened.append(f"{owner} {column}")
            if values:
                tx.rec.update("labels", label_id, values)
        for type_id, attribute, labels, kinds in tx.db.execute(
            "SELECT id, name, labels, kinds FROM attribute_types ORDER BY id"
        ).fetchall():
            left = without(labels)
            if left is None:
                continue
            tx.rec.update("attribute_types", type_id, {"labels": _names_json(left)})
            if not left and not json.loads(kinds):  # it now applies to every annotation
                self.widened.append(f"attribute {attribute}")
        tx.rec.delete("labels", label["id"])  # and its roles


# -- roles -------------------------------------------------------------------------
class AddRole(Edit):
    """Add a role after the other roles of an event type."""

    def __init__(self, event_type: str, role: Role) -> None:
        self.event_type = event_type
        self.role = role

    @property
    def name(self) -> str:
        return f"Add role {self.role.name.strip()} to {self.event_type}"

    def perform(self, tx: Transaction) -> None:
        label = tx.label(self.event_type, LabelKind.EVENT)
        role_name = _check_name(self.role.name, "role")
        taken = tx.db.execute(
            "SELECT 1 FROM roles WHERE label_id = ? AND name = ?", [label["id"], role_name]
        ).fetchone()
        if taken:
            raise EditError(f"event type {self.event_type!r} already has a role {role_name!r}")
        cardinality = _parse_cardinality(self.role.cardinality)
        fillers = _span_label_names(
            tx, self.role.fillers, f"event {self.event_type!r} role {role_name!r}"
        )
        position = tx.db.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM roles WHERE label_id = ?", [label["id"]]
        ).fetchone()[0]
        tx.rec.insert(
            "roles",
            {
                "label_id": label["id"],
                "name": role_name,
                "min_count": cardinality.minimum,
                "max_count": cardinality.maximum,
                "fillers": _names_json(fillers),
                "position": position,
            },
        )


class UpdateRole(Edit):
    """Rename a role, or change its cardinality or fillers.

    A rename also renames the role of every argument in events of this type.
    Existing arguments are kept when the cardinality or fillers narrow.
    """

    def __init__(
        self,
        event_type: str,
        role_name: str,
        new_name: str | None = None,
        cardinality: Cardinality | str | None = None,
        fillers: Sequence[str] | None = None,
    ) -> None:
        self.event_type, self.role_name = event_type, role_name
        self.new_name = None if new_name is None else new_name.strip()
        self.cardinality = cardinality
        self.fillers = None if fillers is None else tuple(fillers)

    @property
    def name(self) -> str:
        if self.new_name and self.new_name != self.role_name:
            return f"Rename role {self.role_name} to {self.new_name}"
        if self.fillers is not None and self.cardinality is None:
            return f"Change the fillers of role {self.role_name}"
        if self.cardinality is not None and self.fillers is None:
            return f"Change the cardinality of role {self.role_name}"
        return f"Change role {self.role_name}"

    def perform(self, tx: Transaction) -> None:
        label, role_id = _role_row(tx, self.event_type, self.role_name)
        values: dict[str, Any] = {}
        if self.new_name is not None and self.new_name != self.role_name:
            new_name = _check_name(self.new_name, "role")
            taken = tx.db.execute(
                "SELECT 1 FROM roles WHERE label_id = ? AND name = ?", [label["id"], new_name]
            ).fetchone()
            if taken:
                raise EditError(f"event type {self.event_type!r} already has a role {new_name!r}")
            values["name"] = new_name
        if self.cardinality is not None:
            cardinality = _parse_cardinality(self.cardinality)
            values["min_count"] = cardinality.minimum
            values["max_count"] = cardinality.maximum
        if self.fillers is not None:
            where = f"event {self.event_type!r} role {self.role_name!r}"
            values["fillers"] = _names_json(_span_label_names(tx, self.fillers, where))
        if values:
            tx.rec.update("roles", role_id, values)
        if "name" in values:
            for argument_id, document_id in _role_arguments(tx.db, self.event_type, self.role_name):
                tx.rec.update("arguments", argument_id, {"role": values["name"]})
                tx.rec.touch(document_id)


class DeleteRole(Edit):
    """Delete a role of an event type and the arguments filling it in its events."""

    def __init__(self, event_type: str, role_name: str) -> None:
        self.event_type, self.role_name = event_type, role_name

    @property
    def name(self) -> str:
        return f"Delete role {self.role_name} of {self.event_type}"

    def perform(self, tx: Transaction) -> None:
        _label, role_id = _role_row(tx, self.event_type, self.role_name)
        for argument_id, document_id in _role_arguments(tx.db, self.event_type, self.role_name):
            tx.rec.delete("arguments", argument_id)
            tx.rec.touch(document_id)
        tx.rec.delete("roles", role_id)


# -- relation types ----------------------------------------------------------------------
class SetRelationArguments(Edit):
    """Set which labels may be the head and the tail of a relation type (empty: any)."""

    def __init__(self, relation_type: str, heads: Sequence[str], tails: Sequence[str]) -> None:
        self.relation_type = relation_type
        self.heads, self.tails = tuple(heads), tuple(tails)

    @property
    def name(self) -> str:
        return f"Change the heads and tails of {self.relation_type}"

    def perform(self, tx: Transaction) -> None:
        label = tx.label(self.relation_type, LabelKind.RELATION)
        heads = _span_label_names(tx, self.heads, f"relation {self.relation_type!r} heads")
        tails = _span_label_names(tx, self.tails, f"relation {self.relation_type!r} tails")
        tx.rec.update(
            "labels", label["id"], {"heads": _names_json(heads), "tails": _names_json(tails)}
        )
