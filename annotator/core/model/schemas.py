"""Label schemas: the file format, its validation, and the built-in schemas.

A schema file is TOML (or JSON with the same structure); docs/schemas.md
describes it. Built-in schemas live in ``resources/schemas/`` and are named by
their file stem: ``news`` (the default), ``conll2003``, ``ace2005``.
:func:`dumps` and :func:`save` write a schema back in the same format, so that
``parse(to_data(schema)) == schema`` for every valid schema whose labels are in
kind order (entities, events, relations, as a file lists them).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from annotator.core.errors import SchemaError, as_json
from annotator.core.model import AttributeType, Cardinality, Label, LabelKind, Role, Schema
from annotator.core.model.text import check_name_length, check_unicode
from annotator.core.services import paths

DEFAULT_SCHEMA = "news"

# Colour-blind-safe backgrounds for labels that arrive without a colour (ADR 0013):
# Paul Tol's "light" scheme with Okabe-Ito's yellow for pear (too close to olive) and
# Tol's muted teal for mint (darker, for the lightness steps). Light and mid tones
# alternate so neighbouring labels differ in lightness; each takes black text at 7:1
# or more, and stands apart from a light and a dark page. tests/core/test_colors.py
# checks all of this, including
# pairwise distinctness under simulated deuteranopia and protanopia.
PALETTE = (
    "#99DDFF",
    "#EE8866",
    "#F0E442",
    "#77AADD",
    "#FFAABB",
    "#44AA99",
    "#DDDDDD",
    "#AAAA00",
    "#EEDD88",
)

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_SECTIONS = {
    "entities": LabelKind.ENTITY,
    "events": LabelKind.EVENT,
    "relations": LabelKind.RELATION,
}
_TOP_KEYS = {"name", "description", "attributes", *_SECTIONS}
_LABEL_KEYS = {"name", "color", "key", "description"}
_EXTRA_KEYS = {
    LabelKind.ENTITY: set(),
    LabelKind.EVENT: {"roles"},
    LabelKind.RELATION: {"heads", "tails"},
}
_ROLE_KEYS = {"name", "cardinality", "fillers"}
_ATTRIBUTE_KEYS = {"name", "values", "kinds", "labels", "description"}
_KIND_NAMES = ", ".join(str(kind) for kind in LabelKind)
# The project file stores cardinalities as SQLite integers, which stop here.
MAX_CARDINALITY = 2**63 - 1


class UnknownSchemaError(SchemaError):
    """No schema file or built-in schema has the name asked for."""


def builtin_names() -> list[str]:
    return sorted(p.stem for p in paths.resource("schemas").glob("*.toml"))


def load(name_or_file: str | Path | None = None) -> Schema:
    """Load a built-in schema by name or a schema file by path (``.toml`` or ``.json``).

    brat's ``annotation.conf`` is an exchange format: :func:`annotator.core.io.
    schema_sources.load` takes it too, and is what front ends call.
    """
    if name_or_file is None:
        name_or_file = DEFAULT_SCHEMA
    candidate = Path(name_or_file)
    if candidate.suffix.lower() in (".toml", ".json") or candidate.is_file():
        return load_file(candidate)
    builtin = paths.resource("schemas") / f"{name_or_file}.toml"
    if builtin.exists():
        return load_file(builtin)
    raise UnknownSchemaError(
        f"no schema file or built-in schema named {name_or_file!r} "
        f"(built-in: {', '.join(builtin_names())})"
    )


def load_file(path: Path) -> Schema:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SchemaError(f"{path}: no such schema file") from None
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read the schema file ({exc.strerror})") from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise SchemaError(f"{path}: not valid UTF-8 at byte {exc.start}") from None
    try:
        raw = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise SchemaError(f"{path}: invalid {_language(path)}: nested too deeply") from None
    except ValueError:  # an integer longer than Python reads (sys.get_int_max_str_digits)
        raise SchemaError(
            f"{path}: invalid {_language(path)}: a number has too many digits"
        ) from None
    try:
        return parse(raw, default_name=path.stem)
    except SchemaError as exc:
        raise SchemaError(f"{path}: {exc}") from None


def _language(path: Path) -> str:
    return "JSON" if path.suffix.lower() == ".json" else "TOML"


def parse(raw: Any, default_name: str = "") -> Schema:
    """Build and validate a schema from the decoded file contents."""
    if not isinstance(raw, Mapping):
        raise SchemaError("a schema must be a table (TOML) or an object (JSON)")
    _no_unknown_keys(raw, _TOP_KEYS, "the schema")
    name = _string(raw.get("name", default_name), "name")
    description = _string(raw.get("description", ""), "description")
    labels: list[Label] = []
    for section, kind in _SECTIONS.items():
        entries = raw.get(section, [])
        if not isinstance(entries, list):
            raise SchemaError(f"{section} must be a list ([[{section}]] in TOML)")
        for index, entry in enumerate(entries, 1):
            labels.append(_parse_label(entry, kind, f"{section}[{index}]"))
    entries = raw.get("attributes", [])
    if not isinstance(entries, list):
        raise SchemaError("attributes must be a list ([[attributes]] in TOML)")
    attributes = tuple(
        _parse_attribute(entry, f"attributes[{index}]") for index, entry in enumerate(entries, 1)
    )
    schema = Schema(name=name, labels=tuple(labels), description=description, attributes=attributes)
    validate(schema)
    return schema


def _parse_label(entry: Any, kind: LabelKind, where: str) -> Label:
    if not isinstance(entry, Mapping):
        raise SchemaError(f"{where} must be a table")
    if "name" not in entry:
        raise SchemaError(f"{where} has no name")
    name = _string(entry["name"], f"{where} name").strip()
    where = f"{kind} {name!r}"
    _no_unknown_keys(entry, _LABEL_KEYS | _EXTRA_KEYS[kind], where)
    roles: list[Role] = []
    entries = entry.get("roles", [])
    if not isinstance(entries, list):
        raise SchemaError(f"{where} roles must be a list ([[events.roles]] in TOML)")
    for index, role in enumerate(entries, 1):
        roles.append(_parse_role(role, f"{where} role {index}"))
    return Label(
        name=name,
        kind=kind,
        color=_string(entry.get("color", ""), f"{where} color"),
        key=_key(entry.get("key"), where),
        description=_string(entry.get("description", ""), f"{where} description"),
        roles=tuple(roles),
        heads=_names(entry.get("heads", []), f"{where} heads"),
        tails=_names(entry.get("tails", []), f"{where} tails"),
    )


def _parse_role(entry: Any, where: str) -> Role:
    if not isinstance(entry, Mapping) or "name" not in entry:
        raise SchemaError(f"{where} must be a table with a name")
    name = _string(entry["name"], f"{where} name").strip()
    where = f"{where.rsplit(' role', 1)[0]} role {name!r}"
    _no_unknown_keys(entry, _ROLE_KEYS, where)
    try:
        cardinality = Cardinality.parse(_string(entry.get("cardinality", "1"), where))
    except ValueError as exc:
        raise SchemaError(f"{where}: {exc}") from None
    return Role(name, cardinality, _names(entry.get("fillers", []), f"{where} fillers"))


def _parse_attribute(entry: Any, where: str) -> AttributeType:
    if not isinstance(entry, Mapping):
        raise SchemaError(f"{where} must be a table")
    if "name" not in entry:
        raise SchemaError(f"{where} has no name")
    name = _string(entry["name"], f"{where} name").strip()
    where = f"attribute {name!r}"
    _no_unknown_keys(entry, _ATTRIBUTE_KEYS, where)
    values = entry.get("values", [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SchemaError(f"{where} values must be a list of strings (empty: a yes/no attribute)")
    kinds = entry.get("kinds", [])
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        raise SchemaError(f"{where} kinds must be a list of label kinds ({_KIND_NAMES})")
    parsed_kinds: list[LabelKind] = []
    for kind in kinds:
        try:
            parsed_kinds.append(LabelKind(kind.strip().lower()))
        except ValueError:
            raise SchemaError(
                f"{where} kinds: {kind!r} is not a label kind (use {_KIND_NAMES})"
            ) from None
    return AttributeType(
        name=name,
        values=tuple(value.strip() for value in values),
        kinds=tuple(parsed_kinds),
        labels=_names(entry.get("labels", []), f"{where} labels"),
        description=_string(entry.get("description", ""), f"{where} description"),
    )


def validate(schema: Schema) -> None:
    """Names unique, colours valid, keys unique per key space, references resolve."""
    _storable(schema)
    span_labels: set[str] = set()
    relation_names: set[str] = set()
    span_keys: dict[str, str] = {}
    relation_keys: dict[str, str] = {}
    for label in schema.labels:
        if not label.name:
            raise SchemaError(
                f"{'an' if label.kind == LabelKind.EVENT else 'a'} "
                f"{label.kind} label has an empty name"
            )
        seen = relation_names if label.kind == LabelKind.RELATION else span_labels
        if label.name in span_labels | relation_names:
            raise SchemaError(f"the label name {label.name!r} is used twice")
        seen.add(label.name)
        if label.color and not _COLOR.match(label.color):
            raise SchemaError(f"{label.kind} {label.name!r}: colour {label.color!r} is not #RRGGBB")
        if label.key is not None:
            keys = relation_keys if label.kind == LabelKind.RELATION else span_keys
            if label.key in keys:
                raise SchemaError(
                    f"key {label.key!r} is given to both {keys[label.key]!r} and {label.name!r}"
                )
            keys[label.key] = label.name
        role_names: set[str] = set()
        for role in label.roles:
            if not role.name.strip():
                raise SchemaError(f"event {label.name!r}: a role has an empty name")
            for bound in (role.cardinality.minimum, role.cardinality.maximum):
                if bound is not None and bound > MAX_CARDINALITY:
                    raise SchemaError(
                        f"event {label.name!r}: role {role.name!r} allows {bound} arguments; "
                        f"the most a cardinality can give is {MAX_CARDINALITY}"
                    )
            if role.name in role_names:
                raise SchemaError(f"event {label.name!r}: role {role.name!r} is listed twice")
            role_names.add(role.name)
    for label in schema.labels:
        for role in label.roles:
            _known(role.fillers, span_labels, f"event {label.name!r} role {role.name!r}")
        _known(label.heads, span_labels, f"relation {label.name!r} heads")
        _known(label.tails, span_labels, f"relation {label.name!r} tails")
    _validate_attributes(schema.attributes, span_labels | relation_names)


def _validate_attributes(attributes: Iterable[AttributeType], labels: set[str]) -> None:
    """Names unique and not empty, values distinct, kinds real, labels of the schema."""
    seen: set[str] = set()
    for attribute in attributes:
        if not attribute.name.strip():
            raise SchemaError("an attribute has an empty name")
        where = f"attribute {attribute.name!r}"
        if attribute.name in seen:
            raise SchemaError(f"the attribute name {attribute.name!r} is used twice")
        seen.add(attribute.name)
        values: set[str] = set()
        for value in attribute.values:
            if not value.strip():
                raise SchemaError(f"{where}: a value is empty")
            if value in values:
                raise SchemaError(f"{where}: value {value!r} is listed twice")
            values.add(value)
        kinds: set[str] = set()
        for kind in attribute.kinds:
            if kind not in set(LabelKind):
                raise SchemaError(f"{where} kinds: {kind!r} is not a label kind ({_KIND_NAMES})")
            if kind in kinds:
                raise SchemaError(f"{where} kinds: {str(kind)!r} is listed twice")
            kinds.add(kind)
        named: set[str] = set()
        for name in attribute.labels:
            if name not in labels:
                raise SchemaError(f"{where} labels: {name!r} is not a label of this schema")
            if name in named:
                raise SchemaError(f"{where} labels: {name!r} is listed twice")
            named.add(name)


def _storable(schema: Schema) -> None:
    """Refuse strings the project file cannot store (lone surrogates from JSON escapes).

    Colours and keys have their own checks; heads, tails and fillers name labels.
    """
    try:
        check_unicode(schema.name, "the schema name")
        check_unicode(schema.description, "the schema description")
        for label in schema.labels:
            check_unicode(label.name, "a label name")
            check_name_length(label.name, f"the label name {label.name!r}")
            check_unicode(label.description, f"{label.kind} {label.name!r} description")
            for role in label.roles:
                check_unicode(role.name, f"event {label.name!r} role name")
                check_name_length(role.name, f"event {label.name!r} role name {role.name!r}")
        for attribute in schema.attributes:
            check_unicode(attribute.name, "an attribute name")
            check_name_length(attribute.name, f"the attribute name {attribute.name!r}")
            for value in attribute.values:
                check_unicode(value, f"a value of attribute {attribute.name!r}")
            check_unicode(attribute.description, f"attribute {attribute.name!r} description")
    except ValueError as exc:
        raise SchemaError(str(exc)) from None


def with_colors(labels: Iterable[Label], taken: Iterable[str] = ()) -> list[Label]:
    """Give labels without a colour the next palette colour not already in use."""
    labels = list(labels)
    used = {c.upper() for c in taken} | {label.color.upper() for label in labels if label.color}
    out: list[Label] = []
    for label in labels:
        if not label.color:
            free = [c for c in PALETTE if c.upper() not in used] or list(PALETTE)
            color = free[0]
            label = Label(
                label.name,
                label.kind,
                color,
                label.key,
                label.description,
                label.roles,
                label.heads,
                label.tails,
            )
        used.add(label.color.upper())
        out.append(label)
    return out


def _known(names: Iterable[str], known: set[str], where: str) -> None:
    for name in names:
        if name not in known:
            raise SchemaError(f"{where}: {name!r} is not an entity or event label of this schema")


def _no_unknown_keys(entry: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise SchemaError(
            f"{where}: unknown field {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise SchemaError(f"{where} must be a string, not {as_json(value)}")
    return value


def _key(value: Any, where: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise SchemaError(f"{where}: key must be a single character, not {as_json(value)}")
    try:
        return normalize_key(value)
    except ValueError as exc:
        raise SchemaError(f"{where}: {exc}") from None


def check_color(color: str) -> None:
    """Refuse a colour that is not #RRGGBB (ValueError)."""
    if not _COLOR.match(color):
        raise ValueError(f"colour {color!r} is not #RRGGBB")


# -- label keys ------------------------------------------------------------------
def _key_space(kind: LabelKind) -> str:
    return "relation" if kind == LabelKind.RELATION else "span"


def normalize_key(key: str | None) -> str | None:
    """A label key as stored (lower case), or None for no key; ValueError when invalid."""
    if key is None or key == "":
        return None
    if len(key) != 1 or not key.isprintable() or key.isspace():
        raise ValueError(f"a label key must be a single character, not {key!r}")
    if key in "123456789":
        raise ValueError(
            "keys 1-9 are positional (they apply labels by position) and cannot be given to a label"
        )
    return key.lower()


def key_conflict(
    schema: Schema, label_name: str, key: str | None, kind: LabelKind | None = None
) -> str | None:
    """Why ``label_name`` cannot have ``key``, or None when it can.

    Entity labels and event types share one key space, relation types another;
    keys 1-9 are refused. ``kind`` is needed only for a label not yet in the schema
    (the default is an entity label).
    """
    try:
        normal = normalize_key(key)
    except ValueError as exc:
        return str(exc)
    if normal is None:
        return None
    label = schema.get(label_name)
    if label is not None:
        kind = label.kind
    space = _key_space(kind or LabelKind.ENTITY)
    for other in schema.labels:
        if other.name == label_name or _key_space(other.kind) != space:
            continue
        if other.key is not None and other.key.lower() == normal:
            return f"key {normal.upper()} is already used by {other.name}"
    return None


def schema_key_conflicts(schema: Schema) -> list[str]:
    """Every key conflict already in a schema (older files, imports), one line each."""
    found: list[str] = []
    owners: dict[tuple[str, str], list[str]] = {}
    for label in schema.labels:
        if label.key is None:
            continue
        try:
            normal = normalize_key(label.key)
        except ValueError as exc:
            found.append(f"{label.name}: {exc}")
            continue
        assert normal is not None
        owners.setdefault((_key_space(label.kind), normal), []).append(label.name)
    for (_space, key), names in owners.items():
        if len(names) > 1:
            found.append(f"key {key.upper()} is given to " + " and ".join(names))
    return found


def _names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise SchemaError(f"{where} must be a list of label names")
    return tuple(value)


# -- writing ---------------------------------------------------------------------
def to_data(schema: Schema) -> dict[str, Any]:
    """The schema as the decoded contents of a schema file (what :func:`parse` takes).

    Optional fields are left out when empty, and labels are grouped by kind as a
    file lists them.
    """
    data: dict[str, Any] = {"name": schema.name}
    if schema.description:
        data["description"] = schema.description
    for section, kind in _SECTIONS.items():
        entries = [_label_data(label) for label in schema.of_kind(kind)]
        if entries:
            data[section] = entries
    if schema.attributes:
        data["attributes"] = [_attribute_data(attribute) for attribute in schema.attributes]
    return data


def _label_data(label: Label) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": label.name}
    if label.color:
        entry["color"] = label.color
    if label.key:
        entry["key"] = label.key
    if label.description:
        entry["description"] = label.description
    if label.heads:
        entry["heads"] = list(label.heads)
    if label.tails:
        entry["tails"] = list(label.tails)
    if label.roles:
        entry["roles"] = [
            {"name": role.name, "cardinality": str(role.cardinality)}
            | ({"fillers": list(role.fillers)} if role.fillers else {})
            for role in label.roles
        ]
    return entry


def _attribute_data(attribute: AttributeType) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": attribute.name}
    if attribute.values:
        entry["values"] = list(attribute.values)
    if attribute.kinds:
        entry["kinds"] = [str(kind) for kind in attribute.kinds]
    if attribute.labels:
        entry["labels"] = list(attribute.labels)
    if attribute.description:
        entry["description"] = attribute.description
    return entry


def dumps(schema: Schema, language: str = "toml") -> str:
    """The text of a schema file: ``"toml"`` or ``"json"``."""
    data = to_data(schema)
    if language == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if language != "toml":
        raise ValueError(f"a schema file is TOML or JSON, not {language!r}")
    lines = [f"{key} = {_toml(data[key])}" for key in ("name", "description") if key in data]
    for section in (*_SECTIONS, "attributes"):
        for entry in data.get(section, []):
            lines += ["", f"[[{section}]]"]
            lines += [f"{key} = {_toml(value)}" for key, value in entry.items() if key != "roles"]
            for role in entry.get("roles", []):
                lines.append(f"  [[{section}.roles]]")
                lines += [f"  {key} = {_toml(value)}" for key, value in role.items()]
    return "\n".join(lines) + "\n"


def _toml(value: str | list[str]) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    # A JSON string is a TOML basic string, but for DEL, which TOML wants escaped.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def save(schema: Schema, path: Path) -> None:
    """Write a schema file, TOML or JSON by the suffix (as :func:`load_file` reads it),
    whole or not at all; a failure is a :class:`SchemaError` naming the file."""
    text = dumps(schema, "json" if path.suffix.lower() == ".json" else "toml")
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_text(text, encoding="utf-8", newline="\n")
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise SchemaError(f"{path}: cannot write the schema file ({exc.strerror})") from None
