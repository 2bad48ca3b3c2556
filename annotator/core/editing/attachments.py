"""Edits of what is attached to annotations, and of coreference chains.

Attributes, normalizations and notes belong to one span, event or relation (a
:class:`~annotator.core.model.Target`) and go with it when it is deleted (the
recorder deletes them first, so undo brings them back). A chain groups two or
more spans that name the same thing. Like every edit these write only through
``tx.rec`` (docs/adr/0004-edits-and-undo.md, docs/adr/0015-complete-annotations.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.core.editing.edits import Edit, Transaction, attribute_type_row
from annotator.core.errors import EditError
from annotator.core.model import AttributeType, LabelKind, Target, TargetKind
from annotator.core.model.text import check_unicode
from annotator.core.store.queries import TARGET_COLUMNS, attribute_types, layer_name

__all__ = [
    "AddAttributeTypes",
    "AddNormalization",
    "DeleteAttributeType",
    "LinkCoreference",
    "RemoveAttribute",
    "RemoveNormalization",
    "RemoveNote",
    "SetAttribute",
    "SetNote",
    "UnlinkCoreference",
    "UpdateAttributeType",
    "UpdateNormalization",
]

_TABLES = {
    TargetKind.SPAN: "spans",
    TargetKind.EVENT: "events",
    TargetKind.RELATION: "relations",
}
DEFAULT_CHAIN_TYPE = "Coreference"


def _text(value: str, what: str, *, empty: bool = False) -> str:
    if not isinstance(value, str):
        raise EditError(f"{what} must be text")
    if not empty and not value.strip():
        raise EditError(f"{what} is empty")
    try:
        check_unicode(value, what)
    except ValueError as exc:
        raise EditError(str(exc)) from None
    return value


def _target(tx: Transaction, target: Target) -> tuple[int, str, LabelKind]:
    """The target's document, label (or relation type) and label kind; refuse a missing
    one, or one in another annotator's layer."""
    kind = TargetKind(target.kind)
    table = _TABLES[kind]
    if kind == TargetKind.SPAN:
        sql = (
            "SELECT s.document_id, l.name, l.kind, s.layer FROM spans s "
            "JOIN labels l ON l.id = s.label_id WHERE s.id = ?"
        )
    elif kind == TargetKind.EVENT:
        sql = (
            "SELECT e.document_id, l.name, l.kind, e.layer FROM events e JOIN spans s "
            "ON s.id = e.trigger_id JOIN labels l ON l.id = s.label_id WHERE e.id = ?"
        )
    else:
        sql = (
            "SELECT r.document_id, l.name, l.kind, r.layer FROM relations r "
            "JOIN labels l ON l.id = r.label_id WHERE r.id = ?"
        )
    row = tx.db.execute(sql, [target.id]).fetchone()
    if row is None:
        raise EditError(f"there is no {table[:-1]} {target.id}")
    if row[3] != tx.layer:
        raise EditError(
            f"that {table[:-1]} is in {layer_name(tx.db, row[3])}'s layer, "
            f"not in {layer_name(tx.db, tx.layer)}'s, which you are editing"
        )
    return int(row[0]), str(row[1]), LabelKind(row[2])


def _columns(target: Target) -> dict[str, int | None]:
    column = TARGET_COLUMNS[TargetKind(target.kind)]
    return {name: (target.id if name == column else None) for name in TARGET_COLUMNS.values()}


# -- attribute types (schema) ------------------------------------------------------
class AddAttributeTypes(Edit):
    """Add attribute types to the schema (a project's own definitions win)."""

    def __init__(self, types: Sequence[AttributeType]) -> None:
        self.types = list(types)

    @property
    def name(self) -> str:
        if len(self.types) == 1:
            return f"Add attribute {self.types[0].name}"
        return f"Add {len(self.types)} attributes"

    def perform(self, tx: Transaction) -> None:
        existing = {a.name for a in attribute_types(tx.db)}
        labels = {row[0] for row in tx.db.execute("SELECT name FROM labels")}
        position = tx.db.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM attribute_types"
        ).fetchone()[0]
        for attribute in self.types:
            _text(attribute.name, "an attribute name")
            if attribute.name in existing:
                raise EditError(f"the schema already has an attribute {attribute.name!r}")
            if len(set(attribute.values)) != len(attribute.values):
                raise EditError(f"attribute {attribute.name!r} lists a value twice")
            for value in attribute.values:
                _text(value, f"a value of attribute {attribute.name!r}")
            unknown = [name for name in attribute.labels if name not in labels]
            if unknown:
                raise EditError(
                    f"attribute {attribute.name!r} applies to {', '.join(unknown)}, "
                    "which the schema does not have"
                )
            existing.add(attribute.name)
            tx.rec.insert("attribute_types", attribute_type_row(attribute, position))
            position += 1


class DeleteAttributeType(Edit):
    """Remove an attribute type, and every value of it that annotations carry."""

    def __init__(self, attribute_name: str) -> None:
        self.attribute_name = attribute_name

    @property
    def name(self) -> str:
        return f"Delete attribute {self.attribute_name}"

    def perform(self, tx: Transaction) -> None:
        row = tx.db.execute(
            "SELECT id FROM attribute_types WHERE name = ?", [self.attribute_name]
        ).fetchone()
        if row is None:
            raise EditError(f"the schema has no attribute {self.attribute_name!r}")
        for (attribute_id,) in tx.db.execute(
            "SELECT id FROM attributes WHERE name = ?", [self.attribute_name]
        ).fetchall():
            tx.rec.delete("attributes", attribute_id)
        tx.rec.delete("attribute_types", row[0])


class UpdateAttributeType(Edit):
    """Change an attribute type: rename it (annotations follow), its values, what it
    applies to, its description. A value that annotations carry cannot be dropped."""

    def __init__(
        self,
        attribute_name: str,
        *,
        new_name: str | None = None,
        values: Sequence[str] | None = None,
        kinds: Sequence[LabelKind] | None = None,
        labels: Sequence[str] | None = None,
        description: str | None = None,
    ) -> None:
        self.attribute_name, self.new_name = attribute_name, new_name
        self.values = None if values is None else tuple(values)
        self.kinds = None if kinds is None else tuple(LabelKind(kind) for kind in kinds)
        self.labels = None if labels is None else tuple(labels)
        self.description = description

    @property
    def name(self) -> str:
        if self.new_name is not None and self.new_name != self.attribute_name:
            return f"Rename attribute {self.attribute_name} to {self.new_name}"
        return f"Change attribute {self.attribute_name}"

    def perform(self, tx: Transaction) -> None:
        found = {a.name: a for a in attribute_types(tx.db)}
        old = found.get(self.attribute_name)
        row = tx.db.execute(
            "SELECT id, position FROM attribute_types WHERE name = ?", [self.attribute_name]
        ).fetchone()
        if old is None or row is None:
            raise EditError(f"the schema has no attribute {self.attribute_name!r}")
        name = old.name if self.new_name is None else _text(self.new_name, "an attribute name")
        name = name.strip()
        if name != old.name and name in found:
            raise EditError(f"the schema already has an attribute {name!r}")
        values = old.values if self.values is None else tuple(v.strip() for v in self.values)
        if len(set(values)) != len(values):
            raise EditError(f"attribute {name!r} lists a value twice")
        for value in values:
            _text(value, f"a value of attribute {name!r}")
        labels = old.labels if self.labels is None else self.labels
        known = {row[0] for row in tx.db.execute("SELECT name FROM labels")}
        unknown = [label for label in labels if label not in known]
        if unknown:
            raise EditError(
                f"attribute {name!r} applies to {', '.join(unknown)}, "
                "which the schema does not have"
            )
        carried = tx.db.execute(
            "SELECT value, count(*) FROM attributes WHERE name = ? GROUP BY value",
            [old.name],
        ).fetchall()
        lost = [
            (value, count)
            for value, count in carried
            if (value is None and values) or (value is not None and value not in values)
        ]
        if lost:
            shown = ", ".join(
                f"{count} {'without a value' if value is None else repr(value)}"
                for value, count in lost
            )
            raise EditError(
                f"annotations carry {old.name!r} values the change would drop ({shown}); "
                "change or remove those first"
            )
        updated = AttributeType(
            name,
            values,
            old.kinds if self.kinds is None else self.kinds,
            labels,
            old.description if self.description is None else self.description,
        )
        tx.rec.update("attribute_types", row[0], attribute_type_row(updated, row[1]))
        if name != old.name:
            for (attribute_id,) in tx.db.execute(
                "SELECT id FROM attributes WHERE name = ?", [old.name]
            ).fetchall():
                tx.rec.update("attributes", attribute_id, {"name": name})


# -- attributes ----------------------------------------------------------------------
class SetAttribute(Edit):
    """Give an annotation an attribute (or change its value), as the schema allows.

    ``value`` is None for a binary attribute and one of the type's values otherwise.
    """

    def __init__(self, target: Target, attribute: str, value: str | None = None) -> None:
        self.target, self.attribute, self.value = target, attribute, value
        self.attribute_id: int | None = None

    @property
    def name(self) -> str:
        if self.value is None:
            return f"Set {self.attribute}"
        return f"Set {self.attribute} to {self.value}"

    def perform(self, tx: Transaction) -> None:
        document_id, label, kind = _target(tx, self.target)
        found = next((a for a in attribute_types(tx.db) if a.name == self.attribute), None)
        if found is None:
            raise EditError(f"the schema has no attribute {self.attribute!r}")
        if not found.applies_to(label, kind):
            raise EditError(f"attribute {self.attribute!r} does not apply to {label!r}")
        if found.binary and self.value is not None:
            raise EditError(f"{self.attribute!r} is a yes/no attribute; it takes no value")
        if not found.binary and self.value not in found.values:
            raise EditError(
                f"{self.attribute!r} takes one of {', '.join(found.values)}, not {self.value!r}"
            )
        column = TARGET_COLUMNS[TargetKind(self.target.kind)]
        row = tx.db.execute(
            f"SELECT id FROM attributes WHERE {column} = ? AND name = ?",
            [self.target.id, self.attribute],
        ).fetchone()
        if row is not None:
            self.attribute_id = int(row[0])
            tx.rec.update("attributes", self.attribute_id, {"value": self.value})
            return
        self.attribute_id = tx.rec.insert(
            "attributes",
            {
                "document_id": document_id,
                "layer": tx.layer,
                "uid": tx.new_uid(document_id, "A"),
                "name": self.attribute,
                "value": self.value,
                **_columns(self.target),
            },
        )


class RemoveAttribute(Edit):
    def __init__(self, attribute_id: int) -> None:
        self.attribute_id = attribute_id
        self._attribute = "attribute"

    @property
    def name(self) -> str:
        return f"Remove {self._attribute}"

    def perform(self, tx: Transaction) -> None:
        self._attribute = tx.row("attributes", self.attribute_id, "attribute")["name"]
        tx.rec.delete("attributes", self.attribute_id)


# -- normalizations --------------------------------------------------------------------
class AddNormalization(Edit):
    """Link an annotation to an entry of a knowledge base: ``Wikipedia:534366``."""

    def __init__(self, target: Target, resource: str, ref: str, text: str = "") -> None:
        self.target, self.resource, self.ref, self.text = target, resource, ref, text
        self.normalization_id: int | None = None

    @property
    def name(self) -> str:
        return f"Link to {self.resource}:{self.ref}"

    def perform(self, tx: Transaction) -> None:
        document_id, _, _ = _target(tx, self.target)
        values = _normalization_values(self.resource, self.ref, self.text)
        self.normalization_id = tx.rec.insert(
            "normalizations",
            {
                "document_id": document_id,
                "layer": tx.layer,
                "uid": tx.new_uid(document_id, "N"),
                **values,
                **_columns(self.target),
            },
        )


class UpdateNormalization(Edit):
    def __init__(self, normalization_id: int, resource: str, ref: str, text: str = "") -> None:
        self.normalization_id = normalization_id
        self.resource, self.ref, self.text = resource, ref, text

    @property
    def name(self) -> str:
        return f"Change link to {self.resource}:{self.ref}"

    def perform(self, tx: Transaction) -> None:
        tx.row("normalizations", self.normalization_id, "normalization")
        tx.rec.update(
            "normalizations",
            self.normalization_id,
            _normalization_values(self.resource, self.ref, self.text),
        )


class RemoveNormalization(Edit):
    def __init__(self, normalization_id: int) -> None:
        self.normalization_id = normalization_id

    @property
    def name(self) -> str:
        return "Remove link"

    def perform(self, tx: Transaction) -> None:
        tx.row("normalizations", self.normalization_id, "normalization")
        tx.rec.delete("normalizations", self.normalization_id)


def _normalization_values(resource: str, ref: str, text: str) -> dict[str, Any]:
    resource = _text(resource, "the resource").strip()
    ref = _text(ref, "the entry id").strip()
    if any(character.isspace() for character in resource + ref) or ":" in resource:
        raise EditError(
            f"{resource}:{ref}: a resource and an entry id are single words "
            "(no spaces, no ':' in the resource)"
        )
    return {"resource": resource, "ref": ref, "text": _text(text, "the entry name", empty=True)}


# -- notes -------------------------------------------------------------------------
class SetNote(Edit):
    """Write an annotation's note of a type (brat's ``AnnotatorNotes``); empty removes it."""

    def __init__(self, target: Target, text: str, note_type: str = "AnnotatorNotes") -> None:
        self.target, self.text, self.note_type = target, text, note_type
        self.note_id: int | None = None

    @property
    def name(self) -> str:
        return "Remove note" if not self.text.strip() else "Edit note"

    def perform(self, tx: Transaction) -> None:
        document_id, _, _ = _target(tx, self.target)
        _text(self.note_type, "the note type")
        text = _text(self.text, "the note", empty=True)
        column = TARGET_COLUMNS[TargetKind(self.target.kind)]
        row = tx.db.execute(
            f"SELECT id FROM notes WHERE {column} = ? AND type = ? ORDER BY id LIMIT 1",
            [self.target.id, self.note_type],
        ).fetchone()
        if not text.strip():
            if row is None:
                raise EditError("the annotation has no note to remove")
            tx.rec.delete("notes", row[0])
            return
        if row is not None:
            self.note_id = int(row[0])
            tx.rec.update("notes", self.note_id, {"text": text})
            return
        self.note_id = tx.rec.insert(
            "notes",
            {
                "document_id": document_id,
                "layer": tx.layer,
                "uid": tx.new_uid(document_id, "#"),
                "type": self.note_type,
                "text": text,
                **_columns(self.target),
            },
        )


class RemoveNote(Edit):
    def __init__(self, note_id: int) -> None:
        self.note_id = note_id

    @property
    def name(self) -> str:
        return "Remove note"

    def perform(self, tx: Transaction) -> None:
        tx.row("notes", self.note_id, "note")
        tx.rec.delete("notes", self.note_id)


# -- coreference -------------------------------------------------------------------
class LinkCoreference(Edit):
    """Say that spans name the same thing: they join one chain.

    Spans already in chains of ``chain_type`` bring their chains along (the chains
    merge into the oldest), so linking is transitive, as brat's Equiv is.
    """

    def __init__(self, span_ids: Sequence[int], chain_type: str = DEFAULT_CHAIN_TYPE) -> None:
        self.span_ids = list(dict.fromkeys(span_ids))
        self.chain_type = chain_type
        self.chain_id: int | None = None

    @property
    def name(self) -> str:
        return "Link coreferent spans"

    def perform(self, tx: Transaction) -> None:
        _text(self.chain_type, "the chain type")
        if len(self.span_ids) < 2:
            raise EditError("a coreference link needs two different spans")
        documents = {tx.row("spans", span_id, "span")["document_id"] for span_id in self.span_ids}
        if len(documents) != 1:
            raise EditError("coreferent spans must be in the same document")
        (document_id,) = documents
        marks = ", ".join("?" for _ in self.span_ids)
        found = [
            int(row[0])
            for row in tx.db.execute(
                "SELECT DISTINCT c.id FROM chains c JOIN chain_members m ON m.chain_id = c.id "
                f"WHERE c.type = ? AND m.span_id IN ({marks}) ORDER BY c.id",
                [self.chain_type, *self.span_ids],
            )
        ]
        members = _members(tx, found[0]) if found else []
        for other in found[1:]:
            members.extend(span for span in _members(tx, other) if span not in members)
            tx.rec.delete("chains", other)
        if found:
            self.chain_id = found[0]
        else:
            self.chain_id = tx.rec.insert(
                "chains",
                {
                    "document_id": document_id,
                    "layer": tx.layer,
                    "uid": tx.new_uid(document_id, "*"),
                    "type": self.chain_type,
                },
            )
        present = set(_members(tx, self.chain_id)) if found else set()
        wanted = members + [span for span in self.span_ids if span not in members]
        if present == set(wanted):
            raise EditError("those spans are already in one chain")
        position = tx.db.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM chain_members WHERE chain_id = ?",
            [self.chain_id],
        ).fetchone()[0]
        for span_id in wanted:
            if span_id in present:
                continue
            tx.rec.insert(
                "chain_members",
                {"chain_id": self.chain_id, "span_id": span_id, "position": position},
            )
            position += 1
        tx.rec.touch(document_id)


class UnlinkCoreference(Edit):
    """Take a span out of its chains; a chain left with one span goes."""

    def __init__(self, span_id: int) -> None:
        self.span_id = span_id

    @property
    def name(self) -> str:
        return "Unlink span from its chain"

    def perform(self, tx: Transaction) -> None:
        span = tx.row("spans", self.span_id, "span")
        rows = tx.db.execute(
            "SELECT id, chain_id FROM chain_members WHERE span_id = ?", [self.span_id]
        ).fetchall()
        if not rows:
            raise EditError("the span is in no coreference chain")
        tx.drop_short_chains(self.span_id)
        for member_id, _ in rows:
            if tx.rec.get("chain_members", member_id) is not None:
                tx.rec.delete("chain_members", member_id)
        tx.rec.touch(span["document_id"])


def _members(tx: Transaction, chain_id: int) -> list[int]:
    return [
        int(row[0])
        for row in tx.db.execute(
            "SELECT span_id FROM chain_members WHERE chain_id = ? ORDER BY position, id",
            [chain_id],
        )
    ]
