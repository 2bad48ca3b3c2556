"""Accepting and rejecting suggestions: ordinary edits, undone like any other.

Accepting adds the spans (and, for an event type, the trigger's event) exactly as
typing the label would; rejecting remembers the (start, end, label) in the
``rejections`` table so that no source proposes it again in that document
(docs/adr/0016-suggestions.md). Both take several items so that "accept all" is one
step on the undo stack.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.editing.edits import Edit, Transaction, _now
from annotator.core.errors import EditError, OffsetError
from annotator.core.model import LabelKind
from annotator.core.model.text import check_span

__all__ = [
    "AcceptSuggestions",
    "ForgetRejections",
    "Item",
    "RejectSuggestions",
    "SetSuggestionSettings",
]

# (start, end, label name): what a suggestion proposes.
Item = tuple[int, int, str]


def _items(items: Sequence[Item]) -> list[Item]:
    unique = list(dict.fromkeys((int(s), int(e), str(label)) for s, e, label in items))
    if not unique:
        raise EditError("there is no suggestion to accept or reject")
    return unique


def _phrase(verb: str, items: Sequence[Item]) -> str:
    if len(items) == 1:
        return f"{verb} {items[0][2]} suggestion"
    return f"{verb} {len(items)} suggestions"


class AcceptSuggestions(Edit):
    """Turn suggestions into spans; an event type's trigger also gets its event.

    A suggestion whose span already exists with that label is skipped (two sources
    may have proposed it, or it was typed meanwhile); ``span_ids`` lists what was added.
    """

    def __init__(self, document_id: int, items: Sequence[Item]) -> None:
        self.document_id = document_id
        self.items = _items(items)
        self.span_ids: list[int] = []
        self.event_ids: list[int] = []

    @property
    def name(self) -> str:
        return _phrase("Accept", self.items)

    def perform(self, tx: Transaction) -> None:
        existing = {
            (start, end, label_id)
            for start, end, label_id in tx.db.execute(
                'SELECT start, "end", label_id FROM spans WHERE document_id = ? '
                "AND layer = ? AND fragments IS NULL",
                [self.document_id, tx.layer],
            )
        }
        for start, end, label_name in self.items:
            label = tx.label(label_name, LabelKind.ENTITY, LabelKind.EVENT)
            if (start, end, label["id"]) in existing:
                continue
            span_id = tx.insert_span(self.document_id, start, end, label["id"])
            existing.add((start, end, label["id"]))
            self.span_ids.append(span_id)
            if label["kind"] == LabelKind.EVENT:
                self.event_ids.append(
                    tx.rec.insert(
                        "events",
                        {
                            "document_id": self.document_id,
                            "uid": tx.new_uid(self.document_id, "E"),
                            "trigger_id": span_id,
                            "layer": tx.layer,
                        },
                    )
                )
        if not self.span_ids:
            raise EditError("every suggestion chosen is already annotated")


class RejectSuggestions(Edit):
    """Remember that these suggestions are wrong for this document."""

    def __init__(self, document_id: int, items: Sequence[Item]) -> None:
        self.document_id = document_id
        self.items = _items(items)

    @property
    def name(self) -> str:
        return _phrase("Reject", self.items)

    def perform(self, tx: Transaction) -> None:
        text = tx.text(self.document_id)
        made_at = _now()
        added = 0
        for start, end, label_name in self.items:
            try:
                check_span(text, start, end)
            except OffsetError as exc:
                raise EditError(f"cannot reject a suggestion: {exc}") from None
            label = tx.label(label_name, LabelKind.ENTITY, LabelKind.EVENT)
            known = tx.db.execute(
                'SELECT 1 FROM rejections WHERE document_id = ? AND start = ? AND "end" = ? '
                "AND label_id = ?",
                [self.document_id, start, end, label["id"]],
            ).fetchone()
            if known:
                continue
            tx.rec.insert(
                "rejections",
                {
                    "document_id": self.document_id,
                    "start": start,
                    "end": end,
                    "label_id": label["id"],
                    "made_at": made_at,
                },
            )
            added += 1
        if not added:
            raise EditError("these suggestions were already rejected")


class ForgetRejections(Edit):
    """Let every source propose again what was rejected in a document (or everywhere)."""

    def __init__(self, document_id: int | None = None) -> None:
        self.document_id = document_id

    @property
    def name(self) -> str:
        return "Forget rejected suggestions"

    def perform(self, tx: Transaction) -> None:
        if self.document_id is None:
            rows = tx.db.execute("SELECT id FROM rejections").fetchall()
        else:
            rows = tx.db.execute(
                "SELECT id FROM rejections WHERE document_id = ?", [self.document_id]
            ).fetchall()
        if not rows:
            raise EditError("no suggestion was rejected")
        for (rejection_id,) in rows:
            tx.rec.delete("rejections", rejection_id)


class SetSuggestionSettings(Edit):
    """Store which sources propose suggestions (JSON, see ``assist.AssistConfig``)."""

    KEY = "assist"

    def __init__(self, value: str) -> None:
        self.value = value

    @property
    def name(self) -> str:
        return "Change suggestion settings"

    def perform(self, tx: Transaction) -> None:
        if tx.rec.get("project", self.KEY) is None:
            tx.rec.insert("project", {"key": self.KEY, "value": self.value})
        else:
            tx.rec.update("project", self.KEY, {"value": self.value})
