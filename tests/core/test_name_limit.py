"""A name (label, role, relation type, attribute) has at most 200 characters (issue 19):
a 100,000-character "label" from a column slip in an import used to become a label."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.editing.edits import AddLabels
from annotator.core.editing.schema_edits import AddLabel
from annotator.core.errors import EditError, SchemaError
from annotator.core.model import Label, LabelKind, Role, Schema, schemas
from annotator.core.model.text import NAME_LIMIT
from annotator.core.project import Project

LONG = "Z" * 100_000


def _line(spans: list[dict[str, object]], **more: object) -> str:
    return json.dumps({"text": "Ada met Bob.", "spans": spans, **more}) + "\n"


@pytest.mark.parametrize(
    "line",
    [
        _line([{"start": 0, "end": 3, "label": LONG}]),
        _line(
            [
                {"id": "T1", "start": 0, "end": 3, "label": "PER"},
                {"id": "T2", "start": 8, "end": 11, "label": "PER"},
            ],
            relations=[{"head": "T1", "tail": "T2", "type": LONG}],
        ),
        _line(
            [
                {"id": "T1", "start": 4, "end": 7, "label": "Meet"},
                {"id": "T2", "start": 0, "end": 3, "label": "PER"},
            ],
            events=[{"trigger": "T1", "arguments": [{"role": LONG, "ref": "T2"}]}],
        ),
    ],
    ids=["label", "relation type", "role"],
)
def test_an_import_with_a_name_of_100000_characters_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(line, encoding="utf-8")
    assert main(["new", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    assert main(["import", str(tmp_path / "p.annot"), str(source)]) == 1
    err = capsys.readouterr().err
    assert "100,000 characters long; a name has at most 200" in err and len(err) < 600, err
    with Project.open(tmp_path / "p.annot", read_only=True) as project:
        assert project.document_ids() == []
        assert all(len(label.name) <= NAME_LIMIT for label in project.schema.labels)


def test_a_name_of_200_characters_is_a_name(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(_line([{"start": 0, "end": 3, "label": "L" * NAME_LIMIT}]), "utf-8")
    assert main(["new", str(tmp_path / "p")]) == 0
    assert main(["import", str(tmp_path / "p.annot"), str(source)]) == 0


def test_a_schema_or_an_edit_with_a_long_name_is_refused() -> None:
    with pytest.raises(SchemaError, match="at most 200"):
        schemas.validate(Schema(name="s", labels=(Label(LONG, LabelKind.ENTITY, "#88CCEE"),)))
    with pytest.raises(SchemaError, match=r"role name .* at most 200"):
        schemas.validate(
            Schema(
                name="s", labels=(Label("Meet", LabelKind.EVENT, "#88CCEE", roles=(Role(LONG),)),)
            )
        )
    with Project.in_memory() as project:
        with pytest.raises(EditError, match="at most 200"):
            project.apply(AddLabel(Label(LONG, LabelKind.ENTITY, "#88CCEE")))
        with pytest.raises(EditError, match="at most 200"):
            project.apply(AddLabels([Label(LONG, LabelKind.ENTITY, "#88CCEE")]))
        assert all(len(label.name) <= NAME_LIMIT for label in project.schema.labels)
