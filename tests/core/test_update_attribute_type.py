"""UpdateAttributeType: renaming carries the annotations along; a used value stays."""

import pytest

from annotator.core.editing import attachments, edits
from annotator.core.errors import EditError
from annotator.core.model import AttributeType, LabelKind, Target, TargetKind
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project


def project_with_certainty() -> tuple[Project, Target]:
    p = Project.in_memory()
    p.import_records([DocumentRecord(uid="d", text="Barack Obama met him.")])
    types = [AttributeType("Negation"), AttributeType("Cert", ("Low", "High"))]
    p.apply(attachments.AddAttributeTypes(types))
    add = edits.AddSpan(p.document_ids()[0], 0, 12, "PER")
    p.apply(add)
    assert add.span_id is not None
    target = Target(TargetKind.SPAN, add.span_id)
    p.apply(attachments.SetAttribute(target, "Cert", "Low"))
    return p, target


def test_rename_and_widen_carry_the_annotations_and_undo() -> None:
    p, _ = project_with_certainty()
    document = p.document_ids()[0]
    edit = attachments.UpdateAttributeType(
        "Cert",
        new_name="Certainty",
        values=["Low", "High", "Mid"],
        kinds=[LabelKind.ENTITY],
        description="how sure",
    )
    changes = p.apply(edit)
    assert changes.schema
    assert p.schema.attribute("Certainty") == AttributeType(
        "Certainty", ("Low", "High", "Mid"), (LabelKind.ENTITY,), (), "how sure"
    )
    assert [a.name for a in p.schema.attributes] == ["Negation", "Certainty"]  # same place
    assert [(a.name, a.value) for a in p.annotations(document).attributes] == [("Certainty", "Low")]
    p.revert(edit)
    assert p.schema.attribute("Cert") == AttributeType("Cert", ("Low", "High"))
    assert [a.name for a in p.annotations(document).attributes] == ["Cert"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"values": ["High"]}, "1 'Low'"),
        ({"new_name": "Negation"}, "already has an attribute"),
        ({"values": ["Low", "Low"]}, "twice"),
        ({"labels": ["NOPE"]}, "does not have"),
        ({"new_name": " "}, "empty"),
    ],
)
def test_changes_that_would_lose_or_clash_are_refused(
    change: dict[str, object], message: str
) -> None:
    p, _ = project_with_certainty()
    with pytest.raises(EditError, match=message):
        p.apply(attachments.UpdateAttributeType("Cert", **change))  # type: ignore[arg-type]
    assert p.schema.attribute("Cert") == AttributeType("Cert", ("Low", "High"))
