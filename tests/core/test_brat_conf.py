"""brat's annotation.conf (+ kb_shortcuts.conf, visual.conf) imported as a schema.

The fixture in tests/data/brat_conf/tutorial/ embeds the verbatim excerpt of brat's
news tutorial configuration quoted in FORMATS.md section 1.5.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import SchemaError
from annotator.core.io import schema_sources
from annotator.core.io.brat_conf import DESCRIPTION, load_brat_conf
from annotator.core.model import (
    AttributeType,
    Cardinality,
    Label,
    LabelKind,
    Role,
    Schema,
    schemas,
)

TUTORIAL = Path(__file__).resolve().parents[1] / "data" / "brat_conf" / "tutorial"

ENTITY, EVENT, RELATION = LabelKind.ENTITY, LabelKind.EVENT, LabelKind.RELATION
ONE, OPTIONAL, SOME = Cardinality(1, 1), Cardinality(0, 1), Cardinality(1, None)
ANY_NUMBER = Cardinality(0, None)
POG = ("Person", "Organization", "GPE")

EXPECTED = Schema(
    name="tutorial",
    description=DESCRIPTION,
    labels=(
        Label("Person", ENTITY, "#FF821C", "p"),
        Label("Organization", ENTITY, "#A7C2FF", "o"),
        Label("GPE", ENTITY, "#FFDD44", "g"),  # #FD4 expanded
        Label("Money", ENTITY, "#007000", "m"),
        # !Life and !Business group the types below them and are not labels.
        Label(
            "Be-born",
            EVENT,
            "",
            roles=(Role("Person-Arg", ONE, ("Person",)), Role("Place-Arg", OPTIONAL, ("GPE",))),
        ),
        Label(
            "Marry",
            EVENT,
            "",  # bgColor:pink is a colour name, not #RRGGBB
            roles=(
                Role("Person-Arg", Cardinality(2, 2), ("Person",)),
                Role("Place-Arg", OPTIONAL, ("GPE",)),
            ),
        ),
        Label("Merge-org", EVENT, "", roles=(Role("Org-Arg", SOME, ("Organization",)),)),
        Label(
            "Report",
            EVENT,
            "",
            roles=(
                Role("Reporter-Arg", ONE, POG),  # the <POG> macro
                Role("Event-Arg", ONE, ("Be-born", "Marry", "Merge-org", "Report")),  # <EVENT>
            ),
        ),
        # Two Located lines: their argument types are united. <OVERLAP> is not a type.
        Label(
            "Located",
            RELATION,
            "#0000FF",  # the arc colour (color:), not bgColor
            heads=("Person", "Organization"),
            tails=("GPE", "Organization"),
        ),
        Label("Family", RELATION, "", heads=("Person",), tails=("Person",)),
        Label("Equiv", RELATION, "", heads=("Person",), tails=("Person",)),
    ),
    attributes=(
        AttributeType("Individual", kinds=(ENTITY,)),
        AttributeType("Mention", ("Name", "Nominal", "Other"), kinds=(ENTITY,)),
        AttributeType("Negation", kinds=(EVENT,)),
        AttributeType("Confidence", ("High", "Neutral", "Low"), kinds=(EVENT,)),
    ),
)


def write_conf(
    folder: Path,
    annotation: str | bytes,
    *,
    kb: str | None = None,
    visual: str | None = None,
) -> Path:
    """Write the files into ``folder``; return the annotation.conf path."""
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "annotation.conf"
    if isinstance(annotation, bytes):
        conf.write_bytes(annotation)
    else:
        conf.write_text(annotation, encoding="utf-8", newline="")
    if kb is not None:
        (folder / "kb_shortcuts.conf").write_text(kb, encoding="utf-8")
    if visual is not None:
        (folder / "visual.conf").write_text(visual, encoding="utf-8")
    return conf


def load_text(tmp_path: Path, annotation: str, **files: str) -> Schema:
    return load_brat_conf(write_conf(tmp_path / "conf", annotation, **files))


def brief(schema: Schema) -> dict[str, tuple[object, ...]]:
    """Label name -> (kind, roles as (name, cardinality, fillers), heads, tails)."""
    return {
        label.name: (
            label.kind,
            tuple((r.name, str(r.cardinality), r.fillers) for r in label.roles),
            label.heads,
            label.tails,
        )
        for label in schema.labels
    }


# -- the tutorial fixture -------------------------------------------------------------


def test_the_tutorial_configuration_gives_the_expected_schema() -> None:
    assert load_brat_conf(TUTORIAL / "annotation.conf") == EXPECTED


def test_a_folder_holding_annotation_conf_is_the_same_as_the_file() -> None:
    assert load_brat_conf(TUTORIAL) == EXPECTED


def test_schema_sources_load_routes_annotation_conf_files_and_folders() -> None:
    assert schema_sources.load(TUTORIAL / "annotation.conf") == EXPECTED
    assert schema_sources.load(str(TUTORIAL)) == EXPECTED
    assert schema_sources.load(f"{TUTORIAL}/") == EXPECTED
    schemas.validate(EXPECTED)


def test_an_unknown_schema_name_mentions_annotation_conf(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"annotation\.conf.*'acme'.*built-in: ace2005"):
        schema_sources.load("acme")
    # a folder without annotation.conf is not a brat configuration
    with pytest.raises(SchemaError, match=r"annotation\.conf"):
        schema_sources.load(tmp_path)


def test_without_kb_shortcuts_and_visual_conf_labels_have_no_keys_or_colours(
    tmp_path: Path,
) -> None:
    conf = write_conf(tmp_path / "bare", (TUTORIAL / "annotation.conf").read_text("utf-8"))
    schema = load_brat_conf(conf)
    assert schema.name == "bare"
    assert all(label.key is None and label.color == "" for label in schema.labels)
    assert brief(schema) == brief(EXPECTED)
    colored = schemas.with_colors(schema.labels)
    assert [label.color for label in colored[:3]] == list(schemas.PALETTE[:3])


def test_a_relative_annotation_conf_takes_the_current_folders_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_conf(tmp_path / "ace-like", "[entities]\nPerson\n")
    monkeypatch.chdir(tmp_path / "ace-like")
    assert load_brat_conf(Path("annotation.conf")).name == "ace-like"


# -- annotation.conf syntax -----------------------------------------------------------


def test_hierarchy_groups_inherit_and_cardinalities(tmp_path: Path) -> None:
    schema = load_text(
        tmp_path,
        "[spans]\n"  # brat's alias of [entities]
        "!Agent\n"
        " Person\n"  # each leading whitespace character is one level, as in brat
        " Organization\n"
        " !Group\n"
        "  Crowd\n"
        "Place\n"
        " City\n"  # a selectable parent and its child are both labels
        "-----------\n"
        "Date\n"
        "\n"
        "[relations]\n"
        "!Social\n"
        "\tFamily\tArg1:Person, Arg2:Person\n"
        "\tMember\tArg1:Person|Crowd, Arg2:Organization\n"
        "Near\tArg1:<ANY>, Arg2:Place|City\n"
        "Coref\n"  # no arguments: any to any
        "ENTITY-NESTING\tArg1:<ANY>, Arg2:<ANY>\n"
        "\n"
        "[events]\n"
        "!Conflict\tPlace?:Place|City, Time*:Date\n"
        "\tAttack\t<INHERIT>, Attacker*:Agent, Target{1-3}:<ENTITY>\n"
        "\tDemonstrate\tEntity+:Agent, <INHERIT>\n"
        "Talk\n"  # no roles
        "Quote\tSpeaker?:<ANY>, Event:<EVENT>|Person\n",
    )
    agents = ("Person", "Organization", "Crowd")  # !Agent as a filler: the types under it
    entities = ("Person", "Organization", "Crowd", "Place", "City", "Date")
    assert brief(schema) == {
        **{name: (ENTITY, (), (), ()) for name in entities},
        "Attack": (
            EVENT,
            (
                ("Place", "?", ("Place", "City")),
                ("Time", "*", ("Date",)),
                ("Attacker", "*", agents),
                ("Target", "{1-3}", entities),
            ),
            (),
            (),
        ),
        "Demonstrate": (
            EVENT,
            (
                ("Entity", "+", agents),
                ("Place", "?", ("Place", "City")),
                ("Time", "*", ("Date",)),
            ),
            (),
            (),
        ),
        "Talk": (EVENT, (), (), ()),
        "Quote": (
            EVENT,
            (
                ("Speaker", "?", ()),
                ("Event", "1", ("Attack", "Demonstrate", "Talk", "Quote", "Person")),
            ),
            (),
            (),
        ),
        "Family": (RELATION, (), ("Person",), ("Person",)),
        "Member": (RELATION, (), ("Person", "Crowd"), ("Organization",)),
        "Near": (RELATION, (), (), ("Place", "City")),
        "Coref": (RELATION, (), (), ()),
    }
    assert [label.name for label in schema.labels][:6] == list(entities)
    assert [label.kind for label in schema.labels] == [ENTITY] * 6 + [EVENT] * 4 + [RELATION] * 4


def test_macros_are_textual_section_local_and_may_be_empty(tmp_path: Path) -> None:
    schema = load_text(
        tmp_path,
        "[entities]\nPerson\nOrganization\nMoney\n"
        "[relations]\n"
        "<WHO>=Person\n"
        "Pays\tArg1:<WHO>, Arg2:<WHO>|Organization\n"
        "[events]\n"
        "<GENERAL>=\n"  # as in brat's NIST-ACE-05 configuration
        "<PARTY>=<WHO>|Organization\n"  # uses a macro defined after it
        "<WHO>=Person\n"
        "Transfer\tGiver:<PARTY>, Money?:Money, <GENERAL>\n",
    )
    assert brief(schema)["Pays"] == (RELATION, (), ("Person",), ("Person", "Organization"))
    assert brief(schema)["Transfer"] == (
        EVENT,
        (("Giver", "1", ("Person", "Organization")), ("Money", "?", ("Money",))),
        (),
        (),
    )


def test_crlf_bom_comments_display_names_and_special_arguments(tmp_path: Path) -> None:
    text = (
        "\ufeff# comment before the first section\r\n"
        "[entities]\r\n"
        "   # an indented comment\r\n"
        "Protein|Prot|P\tArg:<NORM>\r\n"
        "[relations]\r\n"
        "Equiv\tArg1:Protein, Arg2:Protein, <REL-TYPE>:symmetric-transitive\r\n"
        "<OVERLAP>\tArg1:Protein, Arg2:Protein, <OVL-TYPE>:contain|equal\r\n"
        "[events]\r\n"
        "Protein_binding|GO:0005515\tTheme+:Protein\r\n"
        "[attributes]\r\n"
        "Negation\tArg:<EVENT>, <GLYPH-POS>:left\r\n"
    )
    schema = load_brat_conf(write_conf(tmp_path / "c", text.encode("utf-8")))
    assert brief(schema) == {
        "Protein": (ENTITY, (), (), ()),
        "Equiv": (RELATION, (), ("Protein",), ("Protein",)),
        "Protein_binding": (EVENT, (("Theme", "+", ("Protein",)),), (), ()),
    }
    assert schema.attributes == (AttributeType("Negation", kinds=(EVENT,)),)


def test_old_style_names_with_spaces_get_brats_storage_form(tmp_path: Path) -> None:
    schema = load_text(tmp_path, "[entities]\nGene product\tArg:<NORM>\nCell.line\n")
    assert [label.name for label in schema.labels] == ["Gene_product", "Cell_line"]


def test_an_event_type_on_several_lines_unites_its_roles(tmp_path: Path) -> None:
    schema = load_text(
        tmp_path,
        "[entities]\nPerson\nPlace\nGroup\n"
        "[events]\n"
        "Meet\tEntity+:Person\n"
        "Meet\tEntity+:Group, Place?:Place\n",
    )
    assert brief(schema)["Meet"] == (
        EVENT,
        (("Entity", "+", ("Person", "Group")), ("Place", "?", ("Place",))),
        (),
        (),
    )


def test_a_relation_named_like_a_span_type_gets_a_suffix(tmp_path: Path) -> None:
    # brat's CoNLL-ST-2009 configurations use ROOT (and a, s, ...) for both.
    schema = load_text(
        tmp_path,
        "[spans]\nROOT\ns\n[relations]\nROOT\tArg1:<ANY>, Arg2:<ANY>\n"
        "s\tArg1:<ANY>, Arg2:<ANY>\nS\tArg1:<ANY>, Arg2:<ANY>\n[events]\n",
        kb="R ROOT\nx s\n",
        visual="[drawing]\nROOT\tbgColor:#112233, color:#445566\n",
    )
    assert [(label.name, label.kind, label.color, label.key) for label in schema.labels] == [
        ("ROOT", ENTITY, "#112233", "r"),
        ("s", ENTITY, "", "x"),
        ("ROOT (relation)", RELATION, "#445566", None),
        ("s (relation)", RELATION, "", None),
        ("S", RELATION, "", None),
    ]


# -- kb_shortcuts.conf and visual.conf --------------------------------------------------


def test_keyboard_shortcuts(tmp_path: Path) -> None:
    schema = load_text(
        tmp_path,
        "[entities]\nPerson\nOrganization\nGPE\nMoney\nDate\n!Group\n"
        "[relations]\nLocated\tArg1:Person, Arg2:GPE\nOwns\tArg1:Person, Arg2:Money\n"
        "[events]\nDie\tVictim:Person\n",
        kb=(
            "# comment\n"
            "\n"
            "P person\n"  # brat's own tutorial writes 'person': matched regardless of case
            "p Organization\n"  # P and p are one key: the first line wins
            "O Organization\n"
            "Q Organization\n"  # Organization already has a key
            "1 GPE\n"  # 1-9 choose labels by position
            "G\tGPE\n"
            "L Located\n"  # relations have their own keys...
            "g Owns\n"  # ...so g is free for a relation
            "X Unknown\n"  # not a type of this file
            "Y Group\n"  # not selectable
            "D Die\n"
        ),
    )
    assert {label.name: label.key for label in schema.labels} == {
        "Person": "p",
        "Organization": "o",
        "GPE": "g",
        "Money": None,
        "Date": None,
        "Die": "d",
        "Located": "l",
        "Owns": "g",
    }


def test_colours_from_visual_conf(tmp_path: Path) -> None:
    schema = load_text(
        tmp_path,
        "[entities]\nA\nB\nC\nD\nE\n[relations]\nR\tArg1:A, Arg2:B\n[events]\nV\n",
        visual=(
            "[labels]\n"
            "A | Alpha | A\n"
            "[drawing]\n"
            "SPAN_DEFAULT\tbgColor:#FFFFFF\n"  # defaults are not copied to labels
            "ARC_DEFAULT\tcolor:#000000\n"
            "A\tbgColor:#abc\n"
            "B\tbgColor:darken, fgColor:#123456\n"
            "C\tbgColor:#112233\n"
            "C\tfgColor:white\n"  # brat uses the last line of a type: no bgColor
            "D\tbgColor:#11223\n"
            "E   fgColor:black,bgColor:#0a0B0c\n"
            "R\tcolor:#FF0000, dashArray:3-3\n"
            "V\tbgColor:#00ff00\n"
            "Unknown\tbgColor:#00ff00\n"
        ),
    )
    assert {label.name: label.color for label in schema.labels} == {
        "A": "#AABBCC",
        "B": "",
        "C": "",
        "D": "",
        "E": "#0A0B0C",
        "R": "#FF0000",
        "V": "#00FF00",
    }


# -- errors ---------------------------------------------------------------------------

ENTITIES = "[entities]\nPerson\nOrganization\n"  # lines 1-3


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (ENTITIES + "[entitys]\nX\n", [":4:", "unknown section [entitys]"]),
        ("Person\n[entities]\n", [":1:", "outside any section"]),
        (ENTITIES + "[events]\nDiePerson-Arg:Person\n", [":5:", "separate the type from its"]),
        (ENTITIES + "[events]\nLife:Die\tVictim:Person\n", [":5:", "cannot contain ':'"]),
        (ENTITIES + "[events]\nDie\tVictim{x}:Person\n", [":5:", "invalid cardinality '{x}'"]),
        (ENTITIES + "[events]\nDie\tVictim{0}:Person\n", [":5:", "'{0}': the range is empty"]),
        (ENTITIES + "[events]\nDie\tVictim{3-1}:Person\n", [":5:", "the range is empty"]),
        (ENTITIES + "[events]\nDie\tVictim??:Person\n", [":5:", "invalid cardinality"]),
        (ENTITIES + "[events]\nDie\tVictim{2:Person\n", [":5:", "invalid cardinality"]),
        (
            ENTITIES + "[events]\n<P>=Person\n[relations]\nR\tArg1:<P>, Arg2:Person\n",
            [":7:", "undefined macro <P>"],
        ),
        (ENTITIES + "[events]\n<ENTITY>=Person\n", [":5:", "<ENTITY> is reserved"]),
        (ENTITIES + "[events]\n<A>=<A>|Person\nDie\tVictim:<A>\n", [":6:", "refers to itself"]),
        ("[entities]\n\tPerson\n", [":2:", "indented deeper"]),
        ("[entities]\nA\n\tB\n\t\t\tC\n", [":4:", "indented deeper"]),
        (ENTITIES + "[events]\nDie\t<INHERIT>\n", [":5:", "<INHERIT> on a top-level type"]),
        (ENTITIES + "[events]\nDie\tVictim Person\n", [":5:", "cannot read the argument"]),
        (ENTITIES + "[events]\nDie Victim:Person Place:Person\n", [":5:", "cannot read"]),
        (ENTITIES + "[events]\nDie\tVictim:Person|\n", [":5:", "has an empty type"]),
        (ENTITIES + "[events]\nDie\t:Person\n", [":5:", "has no role name"]),
        (ENTITIES + "[events]\nMerge\tOrg1+:Organization\n", [":5:", "ends with a digit"]),
        (
            ENTITIES + "[relations]\nR\tArg1:Person, Arg2:Person, Arg3:Person\n",
            [":5:", "relation 'R' has 3 argument(s)"],
        ),
        (ENTITIES + "[relations]\nR\tArg1:Person\n", [":5:", "has 1 argument(s)"]),
        (ENTITIES + "[relations]\nR\tArg:Person, Arg:Person\n", [":5:", "both arguments"]),
        (
            ENTITIES + "[relations]\nR\tArg1:Person, Arg2:Person\nS\tArg1:R, Arg2:Person\n",
            [":6:", "'R' is a relation type"],
        ),
        (
            ENTITIES + "[events]\nDie\tVictim:<RELATION>\n",
            [":5:", "<RELATION> cannot be used here"],
        ),
        (ENTITIES + "[events]\nPerson\tVictim:Person\n", [":5:", "entity type on line 2"]),
        (
            ENTITIES + "[events]\nMeet\tEntity+:Person\nMeet\tEntity*:Organization\n",
            [":6:", "role 'Entity' has cardinality * here but + on line 5"],
        ),
        (ENTITIES + "[events]\n!Life\nDie\tVictim:Life\n", [":6:", "'Life' groups no"]),
        (
            "[entities]\nA\n[relations]\nR\tArg1:A, Arg2:<EVENT>\n",
            [":4:", "relation 'R' second argument: no entity or event type"],
        ),
        ("[entities]\nA\n  B\n", [":3:", "indented deeper"]),
        ("# nothing\n[entities]\n[relations]\n[events]\n", ["defines no entity, event"]),
    ],
)
def test_malformed_annotation_conf_names_the_file_and_line(
    tmp_path: Path, text: str, fragments: list[str]
) -> None:
    conf = write_conf(tmp_path / "bad", text)
    with pytest.raises(SchemaError) as caught:
        load_brat_conf(conf)
    message = str(caught.value)
    assert message.startswith(str(conf)), message
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


@pytest.mark.parametrize(
    ("kb", "fragments"),
    [
        ("P Person\nO Organization extra\n", ["kb_shortcuts.conf:2:", "a key and a type"]),
        ("P\n", ["kb_shortcuts.conf:1:", "a key and a type"]),
        ("PP Person\n", ["kb_shortcuts.conf:1:", "key 'PP' must be a single character"]),
    ],
)
def test_malformed_kb_shortcuts_conf_names_the_file_and_line(
    tmp_path: Path, kb: str, fragments: list[str]
) -> None:
    with pytest.raises(SchemaError) as caught:
        load_text(tmp_path, ENTITIES, kb=kb)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"annotation\.conf: no such file"):
        load_brat_conf(tmp_path / "missing" / "annotation.conf")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SchemaError, match=r"empty: no annotation\.conf in this folder"):
        load_brat_conf(tmp_path / "empty")
    with pytest.raises(SchemaError, match="not valid UTF-8 at byte 12"):
        load_brat_conf(write_conf(tmp_path / "latin1", "[entities]\nP\xe9rson\n".encode("latin-1")))
    write_conf(tmp_path / "visual", ENTITIES)
    (tmp_path / "visual" / "visual.conf").write_bytes(b"[drawing]\n\xff\n")
    with pytest.raises(SchemaError, match=r"visual\.conf: not valid UTF-8"):
        load_brat_conf(tmp_path / "visual")


# -- through the command line ---------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("schema", [TUTORIAL / "annotation.conf", TUTORIAL, f"{TUTORIAL}/"])
def test_new_with_a_brat_configuration_then_schema_prints_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    schema: str | Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new", "p", "--schema", schema)
    assert (code, err) == (0, "")
    assert out == "created p.annot with the tutorial schema (11 labels)\n"
    code, out, err = run(capsys, "schema", "p")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Schema: tutorial - Imported from brat annotation.conf"
    rows = [line.split() for line in lines]
    assert ["Person", "key", "p", "#FF821C"] in rows
    assert ["GPE", "key", "g", "#FFDD44"] in rows
    for role in (
        ["Person-Arg", "1", "Person"],
        ["Place-Arg", "?", "GPE"],
        ["Person-Arg", "{2}", "Person"],
        ["Org-Arg", "+", "Organization"],
        ["Reporter-Arg", "1", "Person,", "Organization,", "GPE"],
        ["Event-Arg", "1", "Be-born,", "Marry,", "Merge-org,", "Report"],
    ):
        assert role in rows, role
    assert ["Located", "#0000FF", "Person,", "Organization", "->", "GPE,", "Organization"] in rows
    assert not any(row and row[0] in ("Life", "!Life", "Business", "<OVERLAP>") for row in rows)


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (ENTITIES + "[events]\nDie\tVictim{x}:Person\n", ["annotation.conf:5:", "'{x}'"]),
        (ENTITIES + "[colours]\n", ["annotation.conf:4:", "unknown section"]),
    ],
)
def test_new_with_a_malformed_configuration_fails_in_one_line_and_creates_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
    fragments: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    write_conf(tmp_path / "conf", text)
    for schema in ("conf/annotation.conf", "conf"):
        code, out, err = run(capsys, "new", "p", "--schema", schema)
        assert code == 1
        assert out == ""
        assert err.startswith("annotator: error: conf/annotation.conf:"), err
        assert err.count("\n") == 1 and "Traceback" not in err
        for fragment in fragments:
            assert fragment in err
        assert not (tmp_path / "p.annot").exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["conf"]


def test_argument_types_no_section_declares_become_entity_labels(tmp_path: Path) -> None:
    """brat accepts them silently (shipped configs rely on it); so do we, keeping them."""
    conf = tmp_path / "annotation.conf"
    conf.write_text(
        ENTITIES + "[events]\nDie\tVictim:Persn|Person\n[relations]\n"
        "Owns\tArg1:Person, Arg2:Organisation\n",
        encoding="utf-8",
    )
    schema = load_brat_conf(conf)
    persn = schema.get("Persn")
    assert persn is not None and persn.kind == LabelKind.ENTITY
    assert "not declared" in persn.description
    die = schema.get("Die")
    assert die is not None and die.roles[0].fillers == ("Persn", "Person")
    owns = schema.get("Owns")
    assert owns is not None and owns.tails == ("Organisation",)


# -- [attributes] ---------------------------------------------------------------------


def test_attributes_apply_to_kinds_types_groups_and_relations(tmp_path: Path) -> None:
    schema = load_text(
        tmp_path,
        "[entities]\n!Agent\n\tPerson\n\tOrganization\nGPE\n"
        "[relations]\nLocated\tArg1:Person, Arg2:GPE\nGPE\tArg1:GPE, Arg2:GPE\n"
        "[events]\nMeet\tWho+:Person\n"
        "[attributes]\n"
        "<LEVELS>=High|Low\n"
        "Confidence\tArg:<EVENT>|Person, Value:<LEVELS>\n"  # a macro, a kind and a type
        "Agentive\tArg:Agent\n"  # a group: the types below it
        "Uncertain\tArg:Located|GPE\n"  # a relation, and a type shared with one
        "Anything\tArg:<ANY>\n"
        "All-three\tArg:<ENTITY>|<EVENT>|<RELATION>\n"
        "Reviewed\tArg:<RELATION>|Meet\n"  # Meet is covered by no kind listed
        "Weight\tArg:Cargo\n",  # a type no section declares
    )
    assert {a.name: (a.values, a.kinds, a.labels) for a in schema.attributes} == {
        "Confidence": (("High", "Low"), (EVENT,), ("Person",)),
        "Agentive": ((), (), ("Person", "Organization")),
        "Uncertain": ((), (), ("Located", "GPE", "GPE (relation)")),
        "Anything": ((), (), ()),
        "All-three": ((), (), ()),
        "Reviewed": ((), (RELATION,), ("Meet",)),
        "Weight": ((), (), ("Cargo",)),
    }
    cargo = schema.get("Cargo")
    assert cargo is not None and cargo.kind == ENTITY
    confidence = schema.attribute("Confidence")
    assert confidence is not None and confidence.applies_to("Meet", EVENT)
    assert schema.attributes_for("Person") == (
        schema.attributes[0],
        schema.attributes[1],
        schema.attributes[3],
        schema.attributes[4],
    )


def test_an_attribute_type_reaches_the_project_with_new(tmp_path: Path) -> None:
    conf = write_conf(
        tmp_path / "conf",
        "[entities]\nProtein\n[relations]\n[events]\nBinding\tTheme+:Protein\n"
        "[attributes]\nNegation\tArg:<EVENT>\nSpeculation\tArg:<EVENT>\n",
    )
    project_path = tmp_path / "p.annot"
    assert main(["new", str(project_path), "--schema", str(conf)]) == 0
    from annotator.core.project import Project

    with Project.open(project_path) as project:
        assert [a.name for a in project.schema.attributes] == ["Negation", "Speculation"]
        assert all(a.binary and a.kinds == (EVENT,) for a in project.schema.attributes)


@pytest.mark.parametrize(
    ("line", "number", "message"),
    [
        ("Negation\tValue:Yes|No", 4, "has no Arg:"),
        ("Negation\tArg:<EVENT>, Colour:red", 4, "unknown setting 'Colour'"),
        ("Negation\tArg:<EMPTY>", 4, "<EMPTY> cannot be used here"),
        ("Negation\tArg:<EVENT>\nNegation\tArg:<ENTITY>", 5, "defined twice"),
        ("Negation\tArg", 4, "cannot read the argument"),
    ],
)
def test_malformed_attributes_name_the_file_and_line(
    tmp_path: Path, line: str, number: int, message: str
) -> None:
    conf = write_conf(tmp_path / "c", f"[entities]\nProtein\n[attributes]\n{line}\n")
    with pytest.raises(SchemaError, match=rf"annotation\.conf:{number}: .*{message}"):
        load_brat_conf(conf)
