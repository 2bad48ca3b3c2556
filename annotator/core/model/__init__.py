"""The annotation model: what a document, a span, an event and a schema are.

``types`` holds the immutable values (re-exported here: ``from annotator.core.model
import Span``); ``text`` the offset contract; ``schemas`` the rules of a label
schema and its file format; ``records`` documents on their way in from a format;
``validation`` the schema checks; ``candidates`` which spans may fill a role.

Nothing here touches a database or a file other than schema files: the model
imports only ``annotator.core.errors`` and ``annotator.core.services``.
"""

from annotator.core.model.types import (
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

__all__ = [
    "Annotations",
    "Argument",
    "Attribute",
    "AttributeType",
    "Cardinality",
    "Chain",
    "Document",
    "DocumentSummary",
    "Event",
    "Label",
    "LabelKind",
    "Normalization",
    "Note",
    "Relation",
    "Role",
    "Schema",
    "Span",
    "Status",
    "Target",
    "TargetKind",
]
