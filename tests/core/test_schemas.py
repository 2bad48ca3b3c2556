"""Schema files: the built-ins, and clear errors for invalid ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import SchemaError
from annotator.core.model import Cardinality, LabelKind, schemas
from annotator.core.project import Project

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
