"""Schema files: the built-ins, and clear errors for invalid ones."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from annotator.core.errors import SchemaError
from annotator.core.model import AttributeType, Cardinality, LabelKind, Schema, schemas
from annotator.core.project import Project
from annotator.core.store.queries import attribute_types

ACE_EVENTS = {
    "Life:Be-Born", "Life:Marry", "Life:Divorce", "Life:Injure", "Life:Die",
    "Movement:Transport", "Transaction:Transfer-Ownership", "Transaction:Transfer-Money",
    "Business:Start-Org", "Business:Merge-Org", "Business:Declare-Bankruptcy",
    "Business:End-Org", "Conflict:Attack", "Conflict:Demonstrate", "Contact:Meet",
    "Contact:Phone-Write", "Personnel:Start-Position", "Personnel:End-Position",
    "Personnel:Nominate", "Personnel:Elect", "Justice:Arrest-Jail", "Justice:Release-Parole",
    "Justice:Trial-Hearing", "Justice:Charge-Indict", "Justice:Sue", "Justice:Convict",
    "Justice:Sentence", "Justice:Fine", "Justice:Execute", "Justice:Extradite",
    "Justice:Acquit", "Justice:Pardon", "Justice:Appeal",
}  # fmt: skip


def test_builtin_schemas_are_listed_and_valid() -> None:
    assert schemas.builtin_names() == ["ace2005", "conll2003", "news"]
    for name in schemas.builtin_names():
        schema = schemas.load(name)
        assert schema.labels
        assert all(label.color for label in schema.labels)


def test_default_schema_is_news() -> None:
    news = schemas.load()
    assert news.name == "News"
    assert [label.name for label in news.entities] == ["PER", "ORG", "GPE", "LOC", "DATE"]
    assert len(news.events) >= 4


def test_conll2003_labels() -> None:
    conll = schemas.load("conll2003")
    assert [label.name for label in conll.entities] == ["PER", "ORG", "LOC", "MISC"]
    assert not conll.events and not conll.relations


def test_ace2005_has_7_entity_types_and_33_event_subtypes_with_roles() -> None:
    ace = schemas.load("ace2005")
    entity_names = {label.name for label in ace.entities}
    assert {"FAC", "GPE", "LOC", "ORG", "PER", "VEH", "WEA"} <= entity_names
    assert {label.name for label in ace.events} == ACE_EVENTS
    transport = ace.get("Movement:Transport")
    assert transport is not None
    artifact = transport.role("Artifact")
    assert artifact is not None and set(artifact.fillers) == {"PER", "WEA", "VEH"}
    attack = ace.get("Conflict:Attack")
    assert attack is not None
    attacker = attack.role("Attacker")
    assert attacker is not None and set(attacker.fillers) == {"PER", "ORG", "GPE"}
    assert len(ace.relations) == 18


@pytest.mark.parametrize(
    ("text", "cardinality"),
    [("1", (1, 1)), ("?", (0, 1)), ("+", (1, None)), ("*", (0, None)),
     ("{2}", (2, 2)), ("{1-3}", (1, 3))],
)  # fmt: skip
def test_cardinality_round_trips(text: str, cardinality: tuple[int, int | None]) -> None:
    parsed = Cardinality.parse(text)
    assert (parsed.minimum, parsed.maximum) == cardinality
    assert str(parsed) == text


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_schema_file_is_loaded_and_gets_default_colours(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
name = "Mine"
[[entities]]
name = "PER"
key = "P"
[[events]]
name = "Attack"
  [[events.roles]]
  name = "Attacker"
  cardinality = "+"
  fillers = ["PER"]
[[relations]]
name = "knows"
heads = ["PER"]
tails = ["PER"]
""",
    )
    schema = schemas.load(path)
    assert schema.name == "Mine"
    per = schema.get("PER")
    assert per is not None and per.key == "p" and per.kind == LabelKind.ENTITY
    project = Project.in_memory(schema)
    assert all(label.color.startswith("#") for label in project.schema.labels)
    attack = project.schema.get("Attack")
    assert attack is not None and attack.roles[0].cardinality == Cardinality(1, None)


def test_json_schema_files_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, '{"name": "J", "entities": [{"name": "X"}]}', "s.json")
    assert schemas.load(path).entities[0].name == "X"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"\n[[entities]]\ncolor = "#ffffff"\n', "has no name"),
        ('[[entities]]\nname = "A"\n[[entities]]\nname = "A"\n', "used twice"),
        ('[[entities]]\nname = "A"\ncolor = "red"\n', "not #RRGGBB"),
        ('[[entities]]\nname = "A"\nkey = "a"\n[[entities]]\nname = "B"\nkey = "a"\n',
         "key 'a' is given to both 'A' and 'B'"),
        ('[[entities]]\nname = "A"\nkey = "3"\n', "positional"),
        ('[[entities]]\nname = "A"\nkey = "ab"\n', "single character"),
        ('[[events]]\nname = "E"\n[[events.roles]]\nname = "R"\nfillers = ["Nope"]\n',
         "'Nope' is not an entity or event label"),
        ('[[events]]\nname = "E"\n[[events.roles]]\nname = "R"\ncardinality = "{0}"\n',
         "range is empty"),
        ('[[events]]\nname = "E"\n[[events.roles]]\nname = "R"\ncardinality = "lots"\n',
         "invalid cardinality"),
        ('[[relations]]\nname = "r"\nheads = ["X"]\n', "relation 'r' heads"),
        ('[[entities]]\nname = "A"\ncolour = "#ffffff"\n', "unknown field 'colour'"),
        ("[[entities]\n", "invalid TOML"),
        ('entities = "PER"\n', "must be a list"),
    ],
)  # fmt: skip
def test_invalid_schemas_get_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SchemaError, match=message) as caught:
        schemas.load(path)
    assert str(path) in str(caught.value)


def test_unknown_schema_name_lists_builtins() -> None:
    with pytest.raises(SchemaError, match="built-in: ace2005, conll2003, news"):
        schemas.load("klingon")


# -- attributes --------------------------------------------------------------------------
ATTRIBUTES = """
name = "With attributes"
[[entities]]
name = "PER"
[[entities]]
name = "DATE"
[[events]]
name = "Attack"
[[relations]]
name = "knows"
[[attributes]]
name = "Negated"
kinds = ["event"]
description = "the event did not happen"
[[attributes]]
name = " Mention "
values = ["NAM", "NOM"]
labels = ["PER"]
[[attributes]]
name = "Certainty"
values = ["high", "low"]
kinds = ["event", "relation"]
labels = ["DATE"]
"""


def test_attributes_are_read_from_a_schema_file(tmp_path: Path) -> None:
    schema = schemas.load(write(tmp_path, ATTRIBUTES))
    negated, mention, certainty = schema.attributes
    assert negated == AttributeType(
        "Negated", (), (LabelKind.EVENT,), (), "the event did not happen"
    )
    assert negated.binary
    assert mention == AttributeType("Mention", ("NAM", "NOM"), (), ("PER",))
    assert certainty.kinds == (LabelKind.EVENT, LabelKind.RELATION)
    assert [a.name for a in schema.attributes_for("PER")] == ["Mention"]
    assert [a.name for a in schema.attributes_for("DATE")] == ["Certainty"]
    assert [a.name for a in schema.attributes_for("Attack")] == ["Negated", "Certainty"]
    assert [a.name for a in schema.attributes_for("knows")] == ["Certainty"]


def test_a_json_schema_file_takes_attributes_too(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '{"entities": [{"name": "PER"}], '
        '"attributes": [{"name": "Mention", "values": ["NAM"], "labels": ["PER"]}]}',
        "s.json",
    )
    assert schemas.load(path).attributes == (AttributeType("Mention", ("NAM",), (), ("PER",)),)


def test_a_project_keeps_the_schemas_attributes(tmp_path: Path) -> None:
    schema = schemas.load(write(tmp_path, ATTRIBUTES))
    with Project.create(tmp_path / "p.annot", schema) as project:
        assert project.schema.attributes == schema.attributes
    with Project.open(tmp_path / "p.annot", read_only=True) as project:
        assert attribute_types(project.db) == schema.attributes
        assert project.schema.attributes == schema.attributes


_ENTITY = '[[entities]]\nname = "PER"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[attributes]]\nvalues = ["a"]\n', r"attributes\[1\] has no name"),
        ('[[attributes]]\nname = "  "\n', "an attribute has an empty name"),
        ('[[attributes]]\nname = "A"\n[[attributes]]\nname = "A"\n',
         "the attribute name 'A' is used twice"),
        ('[[attributes]]\nname = "A"\nvalue = ["x"]\n',
         r"attribute 'A': unknown field 'value' \(allowed: description, kinds, labels, name, "
         r"values\)"),
        ('[[attributes]]\nname = "A"\nvalues = "x|y"\n', "attribute 'A' values must be a list"),
        ('[[attributes]]\nname = "A"\nvalues = ["x", 1]\n', "attribute 'A' values must be a list"),
        ('[[attributes]]\nname = "A"\nvalues = ["x", "x"]\n', "value 'x' is listed twice"),
        ('[[attributes]]\nname = "A"\nvalues = ["x", " "]\n', "attribute 'A': a value is empty"),
        ('[[attributes]]\nname = "A"\nkinds = ["span"]\n',
         "attribute 'A' kinds: 'span' is not a label kind \\(use entity, event, relation\\)"),
        ('[[attributes]]\nname = "A"\nkinds = "event"\n', "kinds must be a list"),
        ('[[attributes]]\nname = "A"\nkinds = ["event", "Event"]\n',
         "kinds: 'event' is listed twice"),
        (_ENTITY + '[[attributes]]\nname = "A"\nlabels = ["PERSON"]\n',
         "attribute 'A' labels: 'PERSON' is not a label of this schema"),
        (_ENTITY + '[[attributes]]\nname = "A"\nlabels = ["PER", "PER"]\n',
         "labels: 'PER' is listed twice"),
        ('[[attributes]]\nname = "A"\ndescription = 3\n', "description must be a string"),
        ('attributes = "Negated"\n', r"attributes must be a list \(\[\[attributes\]\] in TOML\)"),
        ("attributes = [3]\n", r"attributes\[1\] must be a table"),
    ],
)  # fmt: skip
def test_invalid_attributes_get_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SchemaError, match=message) as caught:
        schemas.load(path)
    assert str(path) in str(caught.value)


def test_validate_checks_attributes_of_a_schema_built_in_code() -> None:
    """brat's annotation.conf and the window build schemas without a file."""
    per = schemas.load("conll2003").entities[0]
    for attributes, message in [
        ((AttributeType("A", labels=("Nope",)),), "'Nope' is not a label"),
        ((AttributeType("A", ("x", "x")),), "listed twice"),
        ((AttributeType("\ud800"),), "surrogate"),
    ]:
        with pytest.raises(SchemaError, match=message):
            schemas.validate(Schema("s", (per,), attributes=attributes))
        with pytest.raises(SchemaError, match=message):
            Project.in_memory(Schema("s", (per,), attributes=attributes))


def test_ace2005_has_its_event_relation_and_mention_attributes() -> None:
    ace = schemas.load("ace2005")
    values = {a.name: a.values for a in ace.attributes}
    assert values == {
        "Mention": ("NAM", "NOM", "PRO"),
        "Class": ("SPC", "GEN", "NEG", "USP"),
        "Modality": ("Asserted", "Other"),
        "Polarity": ("Positive", "Negative"),
        "Genericity": ("Specific", "Generic"),
        "Tense": ("Past", "Present", "Future", "Unspecified"),
    }
    entity_types = ["FAC", "GPE", "LOC", "ORG", "PER", "VEH", "WEA"]
    for name in entity_types:
        assert [a.name for a in ace.attributes_for(name)] == ["Mention", "Class"]
    for name in ("TIMEX2", "Money", "Job-Title", "Crime"):  # values and times have neither
        assert ace.attributes_for(name) == ()
    events = ["Modality", "Polarity", "Genericity", "Tense"]
    assert all([a.name for a in ace.attributes_for(e.name)] == events for e in ace.events)
    assert all(
        [a.name for a in ace.attributes_for(r.name)] == ["Modality", "Tense"] for r in ace.relations
    )
    # names brat can write as they are (no spaces), short enough for a span's tag
    assert all(a.name.isascii() and a.name.isalpha() and len(a.name) <= 10 for a in ace.attributes)
    with Project.in_memory(ace) as project:
        assert project.schema.attributes == ace.attributes


# -- writing schema files ------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".toml", ".json"])
@pytest.mark.parametrize("name", ["news", "conll2003", "ace2005", "attributes"])
def test_a_saved_schema_loads_back_equal(tmp_path: Path, name: str, suffix: str) -> None:
    schema = (
        schemas.load(write(tmp_path, ATTRIBUTES)) if name == "attributes" else schemas.load(name)
    )
    path = tmp_path / f"out{suffix}"
    schemas.save(schema, path)
    assert schemas.load(path) == schema
    assert not list(tmp_path.glob(".*.part"))


def test_a_schema_with_awkward_text_round_trips_through_toml(tmp_path: Path) -> None:
    awkward = 'quote " backslash \\ tab \t newline \n del \x7f nul \x00 ünï 🙂'
    schema = schemas.parse(
        {
            "name": awkward,
            "description": awkward,
            "entities": [{"name": "A 🙂", "description": awkward, "key": "ä"}],
            "attributes": [{"name": 'x"y', "values": [awkward, "b"], "description": awkward}],
        }
    )
    path = tmp_path / "awkward.toml"
    schemas.save(schema, path)
    assert schemas.load(path) == schema


def test_a_projects_schema_is_written_with_its_attributes(tmp_path: Path) -> None:
    with Project.in_memory(schemas.load("ace2005")) as project:
        text = schemas.dumps(project.schema)
    assert '[[attributes]]\nname = "Modality"\nvalues = ["Asserted", "Other"]\n' in text
    assert 'kinds = ["event", "relation"]' in text
    assert schemas.parse(tomllib.loads(text)) == schemas.load("ace2005")
    assert schemas.parse(json.loads(schemas.dumps(project.schema, "json"))).attributes


def test_a_schema_file_that_cannot_be_written_is_a_schema_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="cannot write the schema file"):
        schemas.save(schemas.load("news"), tmp_path / "missing" / "s.toml")


def test_renaming_or_deleting_a_label_reaches_the_attribute_types(tmp_path: Path) -> None:
    """Else the attributes would stop applying, and the integrity check would object."""
    from annotator.core.editing.edits import UpdateLabel
    from annotator.core.editing.schema_edits import DeleteLabel
    from annotator.core.maintenance.integrity import check_project

    with Project.in_memory(schemas.load(write(tmp_path, ATTRIBUTES))) as project:
        rename = UpdateLabel("PER", new_name="Person")
        project.apply(rename)
        assert project.schema.attribute("Mention").labels == ("Person",)  # type: ignore[union-attr]
        assert [a.name for a in project.schema.attributes_for("Person")] == ["Mention"]
        assert check_project(project) == []
        project.revert(rename)
        assert project.schema.attribute("Mention").labels == ("PER",)  # type: ignore[union-attr]
        delete = DeleteLabel("PER")
        project.apply(delete)
        assert project.schema.attribute("Mention").labels == ()  # type: ignore[union-attr]
        assert delete.widened == ["attribute Mention"]  # now on every annotation: said
        delete_date = DeleteLabel("DATE")
        project.apply(delete_date)
        assert delete_date.widened == []  # Certainty keeps its kinds
        assert check_project(project) == []
        project.revert(delete_date)
        project.revert(delete)
        assert project.schema.attributes == schemas.load(write(tmp_path, ATTRIBUTES)).attributes
