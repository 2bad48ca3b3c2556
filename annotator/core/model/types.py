"""The domain model: immutable values read from and written to a project.

Offsets are Python code-point indices into the document's stored text, end
exclusive (docs/adr/0002-offsets.md). Database row ids (``id``) are internal; the
``uid`` of a span, event or relation ("T1", "E1", "R1") is the identifier users
see in exports and is unique within its document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple


class LabelKind(StrEnum):
    ENTITY = "entity"
    EVENT = "event"
    RELATION = "relation"


class Status(StrEnum):
    TODO = "todo"
    DONE = "done"
    SKIPPED = "skipped"


# ASCII digits, at most 40: int() reads other scripts' digits and refuses 4,300 of them
_CARDINALITY = re.compile(r"^(?:(?P<sym>[1?+*])|\{(?P<lo>[0-9]{1,40})(?:-(?P<hi>[0-9]{1,40}))?\})$")


@dataclass(frozen=True, slots=True)
class Cardinality:
    """How many arguments may fill a role: ``minimum``..``maximum`` (None = unbounded)."""

    minimum: int
    maximum: int | None

    @classmethod
    def parse(cls, text: str) -> Cardinality:
        """Parse brat-style cardinality: ``1``, ``?``, ``+``, ``*``, ``{N}`` or ``{N-M}``."""
        match = _CARDINALITY.match(text.strip())
        if match is None:
            raise ValueError(f"invalid cardinality {text!r}: use 1, ?, +, *, {{N}} or {{N-M}}")
        sym = match.group("sym")
        if sym is not None:
            return {
                "1": cls(1, 1),
                "?": cls(0, 1),
                "+": cls(1, None),
                "*": cls(0, None),
            }[sym]
        low = int(match.group("lo"))
        high = int(match.group("hi")) if match.group("hi") is not None else low
        if high < low or high == 0:
            raise ValueError(f"invalid cardinality {text!r}: the range is empty")
        return cls(low, high)

    def __str__(self) -> str:
        named = {(1, 1): "1", (0, 1): "?", (1, None): "+", (0, None): "*"}
        key = (self.minimum, self.maximum)
        if key in named:
            return named[key]
        if self.maximum == self.minimum:
            return f"{{{self.minimum}}}"
        return f"{{{self.minimum}-{self.maximum}}}"

    def allows(self, count: int) -> bool:
        return count >= self.minimum and (self.maximum is None or count <= self.maximum)


@dataclass(frozen=True, slots=True)
class Role:
    """A role of an event type, with how often it may be filled and by which labels."""

    name: str
    cardinality: Cardinality = Cardinality(1, 1)
    fillers: tuple[str, ...] = ()  # empty: any label may fill it


@dataclass(frozen=True, slots=True)
class Label:
    """An entity label, an event type (the label of its trigger span) or a relation type."""

    name: str
    kind: LabelKind
    color: str
    key: str | None = None
    description: str = ""
    roles: tuple[Role, ...] = ()  # event types only
    heads: tuple[str, ...] = ()  # relation types only: allowed head labels (empty: any)
    tails: tuple[str, ...] = ()  # relation types only: allowed tail labels (empty: any)

    def role(self, name: str) -> Role | None:
        return next((role for role in self.roles if role.name == name), None)


@dataclass(frozen=True, slots=True)
class Schema:
    """The labels of a project, in display order."""

    name: str
    labels: tuple[Label, ...] = ()
    description: str = ""
    attributes: tuple[AttributeType, ...] = ()

    def get(self, name: str) -> Label | None:
        return next((label for label in self.labels if label.name == name), None)

    def attribute(self, name: str) -> AttributeType | None:
        return next((a for a in self.attributes if a.name == name), None)

    def attributes_for(self, label: str) -> tuple[AttributeType, ...]:
        """The attribute types an annotation with this label (or relation type) may carry."""
        found = self.get(label)
        kind = found.kind if found is not None else None
        return tuple(a for a in self.attributes if a.applies_to(label, kind))

    def of_kind(self, kind: LabelKind) -> tuple[Label, ...]:
        return tuple(label for label in self.labels if label.kind == kind)

    @property
    def entities(self) -> tuple[Label, ...]:
        return self.of_kind(LabelKind.ENTITY)

    @property
    def events(self) -> tuple[Label, ...]:
        return self.of_kind(LabelKind.EVENT)

    @property
    def relations(self) -> tuple[Label, ...]:
        return self.of_kind(LabelKind.RELATION)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What the document list shows: no article text."""

    id: int
    uid: str
    title: str
    status: Status
    length: int
    span_count: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    uid: str
    title: str
    status: Status
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


class Span(NamedTuple):
    """A labelled range of a document's text.

    A named tuple rather than a frozen dataclass: a big article loads 25,000 of them,
    and a tuple is built about five times faster (immutable and compared by value all
    the same).
    """

    id: int
    document_id: int
    uid: str
    start: int
    end: int
    label: str
    # A discontinuous span's pieces, in order; () for a contiguous one. start/end
    # are then the first piece's start and the last one's end (its extent).
    fragments: tuple[tuple[int, int], ...] = ()

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        """The ranges of text the span covers: one, or its fragments."""
        return self.fragments or ((self.start, self.end),)


class TargetKind(StrEnum):
    """What an attribute, normalization or note is attached to."""

    SPAN = "span"
    EVENT = "event"
    RELATION = "relation"


class Target(NamedTuple):
    kind: TargetKind
    id: int


@dataclass(frozen=True, slots=True)
class AttributeType:
    """An attribute annotations may carry: binary (``values`` empty) or one of ``values``.

    It applies to labels of ``kinds`` and to the ``labels`` named; with both
    empty, to every annotation.
    """

    name: str
    values: tuple[str, ...] = ()
    kinds: tuple[LabelKind, ...] = ()
    labels: tuple[str, ...] = ()
    description: str = ""

    @property
    def binary(self) -> bool:
        return not self.values

    def applies_to(self, label: str, kind: LabelKind | None) -> bool:
        if not self.kinds and not self.labels:
            return True
        return (kind is not None and kind in self.kinds) or label in self.labels


@dataclass(frozen=True, slots=True)
class Attribute:
    """An attribute set on a span, event or relation; ``value`` None for a binary one."""

    id: int
    document_id: int
    uid: str
    target: Target
    name: str
    value: str | None = None


@dataclass(frozen=True, slots=True)
class Normalization:
    """A link from an annotation to an entry of a knowledge base (brat N lines)."""

    id: int
    document_id: int
    uid: str
    target: Target
    resource: str  # "Wikipedia", "GO"
    ref: str  # the entry's id in it: "534366"
    text: str = ""  # the entry's name, for people


@dataclass(frozen=True, slots=True)
class Note:
    """A free-text comment on an annotation (brat # lines)."""

    id: int
    document_id: int
    uid: str
    target: Target
    text: str
    type: str = "AnnotatorNotes"


@dataclass(frozen=True, slots=True)
class Chain:
    """A coreference chain (a brat equivalence set): spans that name one thing."""

    id: int
    document_id: int
    uid: str
    type: str
    members: tuple[int, ...]  # span ids, in the order given


@dataclass(frozen=True, slots=True)
class Argument:
    """A role filled by a span (``span_id``) or by another event (``event_ref_id``)."""

    id: int
    event_id: int
    role: str
    span_id: int | None = None
    event_ref_id: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """An event: its type is the label of its trigger span."""

    id: int
    document_id: int
    uid: str
    trigger_id: int
    type: str
    arguments: tuple[Argument, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed, directed relation from ``head_id`` to ``tail_id`` (both spans)."""

    id: int
    document_id: int
    uid: str
    type: str
    head_id: int
    tail_id: int


@dataclass(frozen=True, slots=True)
class Annotations:
    """Everything annotated in one document."""

    spans: tuple[Span, ...] = ()
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    normalizations: tuple[Normalization, ...] = ()
    notes: tuple[Note, ...] = ()
    chains: tuple[Chain, ...] = ()

    def span(self, span_id: int) -> Span | None:
        return next((s for s in self.spans if s.id == span_id), None)

    def attributes_of(self, target: Target) -> tuple[Attribute, ...]:
        return tuple(a for a in self.attributes if a.target == target)

    def normalizations_of(self, target: Target) -> tuple[Normalization, ...]:
        return tuple(n for n in self.normalizations if n.target == target)

    def notes_of(self, target: Target) -> tuple[Note, ...]:
        return tuple(n for n in self.notes if n.target == target)

    def chain_of(self, span_id: int) -> Chain | None:
        return next((c for c in self.chains if span_id in c.members), None)
