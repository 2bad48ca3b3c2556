"""A brat configuration as a schema: ``annotation.conf``, with ``kb_shortcuts.conf``
and ``visual.conf`` when they sit beside it.

brat's format (configuration.html; server/src/projectconfig.py): sections
``[entities]`` (alias ``[spans]``), ``[relations]``, ``[events]`` and ``[attributes]``;
one type per line, its arguments after whitespace as comma-separated
``ROLE:TYPE1|TYPE2``; hierarchy by leading whitespace; ``!Type`` groups without
being a type; ``<NAME>=...`` macros local to their section; ``<ENTITY>``,
``<EVENT>`` and ``<ANY>`` stand for all entity types, all event types, anything.

What becomes what, and what is left out, is described in docs/schemas.md
("Importing a brat configuration"); ``[attributes]`` lines (``Negation Arg:<EVENT>``,
``Confidence Arg:<EVENT>, Value:High|Neutral|Low``) become the schema's attribute
types. Every problem is a :class:`SchemaError` naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import SchemaError, one_line
from annotator.core.model import (
    AttributeType,
    Cardinality,
    Label,
    LabelKind,
    Role,
    Schema,
    schemas,
)

ANNOTATION_CONF = "annotation.conf"
KB_SHORTCUTS_CONF = "kb_shortcuts.conf"
VISUAL_CONF = "visual.conf"
DESCRIPTION = "Imported from brat annotation.conf"
RELATION_SUFFIX = " (relation)"

# Section names as written -> the section they are (brat's SECTION_ALIAS).
_SECTIONS = {
    "entities": "entities",
    "spans": "entities",
    "relations": "relations",
    "events": "events",
    "attributes": "attributes",
}
# brat's reserved_config_name: <NAME> strings with a fixed meaning, never macros.
_RESERVED = (
    "ANY",
    "ENTITY",
    "RELATION",
    "EVENT",
    "NONE",
    "EMPTY",
    "REL-TYPE",
    "URL",
    "URLBASE",
    "GLYPH-POS",
    "DEFAULT",
    "NORM",
    "OVERLAP",
    "OVL-TYPE",
    "INHERIT",
)
_RESERVED_STRINGS = frozenset(f"<{name}>" for name in _RESERVED)
# What an attribute's ``Arg:`` may name besides types, and the kinds they stand for.
ATTRIBUTE_TARGETS = {
    "<ENTITY>": (LabelKind.ENTITY,),
    "<EVENT>": (LabelKind.EVENT,),
    "<RELATION>": (LabelKind.RELATION,),
    "<ANY>": (LabelKind.ENTITY, LabelKind.EVENT, LabelKind.RELATION),
}
# Pseudo-relations that configure which spans may overlap; not relation types.
_SPECIAL_RELATIONS = frozenset({"<OVERLAP>", "ENTITY-NESTING"})

_SECTION = re.compile(r"^\s*\[(.*)\]\s*$")
_COMMENT = re.compile(r"^\s*#")
_SEPARATOR = re.compile(r"^\s*-+\s*$")
_MACRO_DEFINITION = re.compile(r"^<([a-zA-Z_-]+)>=\s*(.*?)\s*$")
_PLACEHOLDER = re.compile(r"<.*?>")
_TYPE_LINE = re.compile(r"^(\s*)(\S+)(?:\s+(.*))?$")
_TYPE_LINE_TAB = re.compile(r"^(\s*)([^\t]+)(?:\t(.*))?$")
_ARGUMENT = re.compile(r"^(\S*?):(\S*)$")
_ROLE = re.compile(r"^(\S+?)(\{\S+\}|\?|\*|\+|)$")
_NOT_STORAGE = re.compile(r"[^a-zA-Z0-9_-]")
_HEX6 = re.compile(r"^#[0-9a-fA-F]{6}$")
_HEX3 = re.compile(r"^#[0-9a-fA-F]{3}$")


def load_brat_conf(path: Path) -> Schema:
    """The schema of brat's ``annotation.conf``: the file itself, or a folder holding it.

    ``kb_shortcuts.conf`` and ``visual.conf`` in the same folder, when present,
    give the labels their keys and colours. Labels without a colour keep ``""``;
    :func:`schemas.with_colors` fills them in (``Project.create`` does).
    """
    conf = path / ANNOTATION_CONF if path.is_dir() else path
    text = _read(conf, required=True)
    assert text is not None
    reader = _Reader(conf)
    reader.read(text)
    builder = _Builder(conf, reader)
    labels = builder.labels()
    if not labels:
        raise SchemaError(f"{conf}: defines no entity, event or relation types")
    kb_path = conf.parent / KB_SHORTCUTS_CONF
    kb_text = _read(kb_path, required=False)
    if kb_text is not None:
        builder.apply_shortcuts(kb_path, kb_text)
    visual_text = _read(conf.parent / VISUAL_CONF, required=False)
    if visual_text is not None:
        builder.apply_colors(visual_text)
    name = conf.resolve().parent.name or "brat"
    schema = Schema(
        name=name,
        labels=builder.build(),
        description=DESCRIPTION,
        attributes=builder.attributes,
    )
    try:
        schemas.validate(schema)
    except SchemaError as exc:
        raise SchemaError(f"{conf}: {exc}") from None
    return schema


# -- reading --------------------------------------------------------------------------


def _read(path: Path, *, required: bool) -> str | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not required:
            return None
        if path.name == ANNOTATION_CONF and path.parent.is_dir() and path.parent != Path():
            raise SchemaError(f"{path.parent}: no {ANNOTATION_CONF} in this folder") from None
        raise SchemaError(f"{path}: no such file") from None
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise SchemaError(f"{path}: not valid UTF-8 at byte {exc.start}") from None


def _lines(text: str) -> list[tuple[int, str]]:
    """Numbered lines; ``\\r\\n`` and ``\\n`` both end a line (brat splits on ``\\n``)."""
    return [(number, line.removesuffix("\r")) for number, line in enumerate(text.split("\n"), 1)]


def _storage_form(term: str) -> str:
    """brat's normalize_to_storage_form: the name a type has in ``.ann`` files."""
    return _NOT_STORAGE.sub("_", term.replace(" ", "_"))


@dataclass
class _Arg:
    """One ``ROLE:TYPES`` argument as written (after macros), with its line."""

    text: str
    line: int


@dataclass
class _Node:
    """A type line: its storage name, whether it can be used, its arguments."""

    name: str
    line: int
    selectable: bool
    args: list[_Arg]
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)


@dataclass(frozen=True)
class _Parsed:
    """An argument read: role, cardinality, type names (still with <ENTITY> etc.)."""

    role: str
    cardinality: Cardinality
    types: tuple[str, ...]
    line: int


class _Reader:
    """Splits annotation.conf into sections and reads each as a type hierarchy."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.nodes: dict[str, list[_Node]] = {
            "entities": [],
            "relations": [],
            "events": [],
            "attributes": [],
        }

    def error(self, line: int, message: str) -> SchemaError:
        return SchemaError(one_line(f"{self.path}:{line}: {message}"))

    def read(self, text: str) -> None:
        sections: dict[str, list[tuple[int, str]]] = {}
        current: str | None = None
        for number, line in _lines(text):
            match = _SECTION.match(line)
            if match:
                written = match.group(1).strip()
                if written not in _SECTIONS:
                    raise self.error(
                        number,
                        f"unknown section [{written}]; brat's sections are "
                        "[entities] (or [spans]), [relations], [events] and [attributes]",
                    )
                current = _SECTIONS[written]
                sections.setdefault(current, [])
                continue
            if current is None:
                if line.strip() and not _COMMENT.match(line):
                    raise self.error(
                        number,
                        "this line is outside any section; start the file with "
                        "[entities], [relations], [events] or [attributes]",
                    )
                continue
            sections[current].append((number, line))
        for section in self.nodes:
            self.nodes[section] = self._hierarchy(section, sections.get(section, []))

    def _hierarchy(self, section: str, lines: list[tuple[int, str]]) -> list[_Node]:
        macros: dict[str, str] = {}
        last_at_depth: list[_Node] = []
        nodes: list[_Node] = []
        for number, raw in lines:
            if not raw.strip() or _COMMENT.match(raw) or _SEPARATOR.match(raw):
                continue
            definition = _MACRO_DEFINITION.match(raw)
            if definition:
                name, value = definition.groups()
                if name in _RESERVED:
                    raise self.error(
                        number, f"<{name}> is reserved by brat and cannot be redefined"
                    )
                macros[f"<{name}>"] = value
                continue
            line = self._expand(raw, macros, number)
            indent, terms, args = self._split(line, number)
            depth = len(indent)
            if depth > len(last_at_depth):
                raise self.error(
                    number,
                    "indented deeper than the type above it allows; indent a child type "
                    "one tab more than its parent",
                )
            parent = last_at_depth[depth - 1] if depth else None
            node = self._node(section, terms, self._inherit(args, parent, number), number)
            node.parent = parent
            if parent is not None:
                parent.children.append(node)
            del last_at_depth[depth:]
            last_at_depth.append(node)
            nodes.append(node)
        return nodes

    def _expand(self, line: str, macros: dict[str, str], number: int) -> str:
        # brat replaces once, in definition order; repeating until nothing changes
        # also lets a macro use one defined after it.
        for _ in range(len(macros) + 1):
            expanded = line
            for name, value in macros.items():
                expanded = expanded.replace(name, value)
            if expanded == line:
                break
            line = expanded
        else:
            raise self.error(number, "a macro used here refers to itself")
        for placeholder in _PLACEHOLDER.findall(line):
            if placeholder not in _RESERVED_STRINGS:
                raise self.error(
                    number,
                    f"undefined macro {placeholder} (a macro applies only in the section "
                    "that defines it, after its definition)",
                )
        return line

    def _split(self, line: str, number: int) -> tuple[str, list[str], list[_Arg]]:
        match = _TYPE_LINE.match(line)
        assert match is not None  # the line is not blank
        indent, terms, rest = match.groups()
        args = _arguments(rest)
        if "\t" in line and any(re.search(r"\s", a) for a in args):
            # Old brat configs allowed spaces in type names, ended by a tab.
            tab_match = _TYPE_LINE_TAB.match(line)
            assert tab_match is not None
            indent, terms, rest = tab_match.groups()
            args = _arguments(rest)
        names = [t.strip() for t in terms.split("|") if t.strip()]
        if not names:
            raise self.error(number, f"{terms.strip()!r} is not a type name")
        return indent, names, [_Arg(a, number) for a in args]

    def _inherit(self, args: list[_Arg], parent: _Node | None, number: int) -> list[_Arg]:
        out: list[_Arg] = []
        for arg in args:
            if arg.text != "<INHERIT>":
                out.append(arg)
            elif parent is None:
                raise self.error(number, "<INHERIT> on a top-level type: it has no parent")
            else:
                out.extend(parent.args)
        return out

    def _node(self, section: str, terms: list[str], args: list[_Arg], number: int) -> _Node:
        selectable = not any(t.startswith("!") for t in terms)
        first = terms[0].removeprefix("!").strip()
        if not first:
            raise self.error(number, "a type has an empty name")
        if section == "relations" and first in _SPECIAL_RELATIONS:
            return _Node(first, number, False, args)
        if first.startswith("<"):
            raise self.error(number, f"{first} is not a type name")
        if ":" in first:
            raise self.error(
                number,
                f"{first!r} is not a type name (type names cannot contain ':'); "
                "separate the type from its arguments with a tab",
            )
        node = _Node(_storage_form(first), number, selectable, args)
        for arg in args:
            self.parse(arg)  # brat refuses malformed arguments on any type
        return node

    def parse(self, arg: _Arg) -> _Parsed | None:
        """Read ``ROLE{card}:T1|T2``; None for brat's special ``<KEY>:value`` settings."""
        match = _ARGUMENT.match(arg.text)
        if not match:
            raise self.error(
                arg.line,
                f"cannot read the argument {arg.text!r}; write ROLE:TYPE, "
                "arguments separated by commas",
            )
        key, value = match.groups()
        if key in _RESERVED_STRINGS:
            return None  # <REL-TYPE>, <OVL-TYPE>, <NORM>...: not part of a schema
        role_match = _ROLE.match(key)
        if not role_match:
            raise self.error(arg.line, f"the argument {arg.text!r} has no role name")
        role, suffix = role_match.groups()
        if re.search(r"[?*+{}]", role):
            raise self.error(
                arg.line,
                f"invalid cardinality in {key!r}: end the role with nothing (exactly one), "
                "?, *, +, {N} or {N-M}",
            )
        try:
            cardinality = Cardinality.parse(suffix or "1")
        except ValueError as exc:
            raise self.error(arg.line, f"role {role!r}: {exc}") from None
        if (cardinality.maximum is None or cardinality.maximum > 1) and role[-1].isdigit():
            raise self.error(
                arg.line,
                f"role {role!r} ends with a digit, so it cannot repeat ({suffix}): "
                "brat numbers repeated arguments by adding digits",
            )
        types = tuple(t.strip() for t in value.split("|"))
        if not all(types):
            raise self.error(arg.line, f"the argument {arg.text!r} has an empty type")
        return _Parsed(role, cardinality, types, arg.line)


def _arguments(rest: str | None) -> list[str]:
    if rest is None or not rest.strip():
        return []
    return [a.strip() for a in rest.split(",") if a.strip()]


# -- building -------------------------------------------------------------------------


@dataclass
class _EventType:
    name: str
    line: int
    roles: dict[str, tuple[Cardinality, list[tuple[str, int]], int]] = field(default_factory=dict)


@dataclass
class _RelationType:
    name: str  # as in brat
    line: int
    heads: list[tuple[str, int]] = field(default_factory=list)
    tails: list[tuple[str, int]] = field(default_factory=list)


class _Builder:
    """Turns the read hierarchies into labels, then adds keys and colours."""

    def __init__(self, path: Path, reader: _Reader) -> None:
        self.path = path
        self.reader = reader
        self.entities: dict[str, int] = {}  # name -> line
        self.events: dict[str, _EventType] = {}
        self.relations: dict[str, _RelationType] = {}
        self.groups: dict[str, _Node] = {}
        self._labels: list[Label] = []
        self.relation_names: dict[str, str] = {}  # brat name -> label name
        self.keys: dict[str, str] = {}  # label name -> key
        self.colors: dict[str, str] = {}  # label name -> colour
        self.undeclared: dict[str, int] = {}  # argument types no section declares -> line
        self.attributes: tuple[AttributeType, ...] = ()

    def error(self, line: int, message: str) -> SchemaError:
        return SchemaError(one_line(f"{self.path}:{line}: {message}"))

    def labels(self) -> list[Label]:
        nodes = self.reader.nodes
        for node in nodes["entities"]:
            if node.selectable:
                self.entities.setdefault(node.name, node.line)
            else:
                self.groups.setdefault(node.name, node)
        for node in nodes["events"]:
            if not node.selectable:
                self.groups.setdefault(node.name, node)
                continue
            if node.name in self.entities:
                raise self.error(
                    node.line,
                    f"event type {node.name!r} has the name of the entity type on line "
                    f"{self.entities[node.name]}; entity and event types need different names",
                )
            event = self.events.setdefault(node.name, _EventType(node.name, node.line))
            self._add_roles(event, node)
        for node in nodes["relations"]:
            if not node.selectable:  # a grouping node, <OVERLAP> or ENTITY-NESTING
                continue
            relation = self.relations.setdefault(node.name, _RelationType(node.name, node.line))
            self._add_arguments(relation, node)
        self.attributes = self._attribute_types(nodes["attributes"])
        self._labels = self._make_labels()
        return self._labels

    def _add_roles(self, event: _EventType, node: _Node) -> None:
        for arg in node.args:
            parsed = self.reader.parse(arg)
            if parsed is None:
                continue
            known = event.roles.get(parsed.role)
            types = [(t, parsed.line) for t in parsed.types]
            if known is None:
                event.roles[parsed.role] = (parsed.cardinality, types, parsed.line)
            elif known[0] != parsed.cardinality:
                raise self.error(
                    parsed.line,
                    f"event {event.name!r}: role {parsed.role!r} has cardinality "
                    f"{parsed.cardinality} here but {known[0]} on line {known[2]}",
                )
            else:
                known[1].extend(types)  # the same role again: its fillers are united

    def _add_arguments(self, relation: _RelationType, node: _Node) -> None:
        parsed = [p for p in (self.reader.parse(arg) for arg in node.args) if p is not None]
        if not parsed:
            relation.heads.append(("<ANY>", node.line))
            relation.tails.append(("<ANY>", node.line))
            return
        if len(parsed) != 2:
            raise self.error(
                node.line,
                f"relation {node.name!r} has {len(parsed)} argument(s); a brat relation "
                "has two, e.g. Arg1:TYPE, Arg2:TYPE",
            )
        if parsed[0].role == parsed[1].role:
            raise self.error(
                node.line,
                f"relation {node.name!r}: both arguments have the role {parsed[0].role!r}",
            )
        # Several lines for one relation are alternatives: their types are united.
        relation.heads.extend((t, parsed[0].line) for t in parsed[0].types)
        relation.tails.extend((t, parsed[1].line) for t in parsed[1].types)

    def _attribute_types(self, nodes: list[_Node]) -> tuple[AttributeType, ...]:
        """``NAME Arg:TYPES[, Value:V1|V2]``: binary without ``Value``, else one of them."""
        found: dict[str, AttributeType] = {}
        for node in nodes:
            if not node.selectable:
                continue
            if node.name in found:
                raise self.error(node.line, f"attribute {node.name!r} is defined twice")
            targets: list[tuple[str, int]] = []
            values: list[str] = []
            for arg in node.args:
                parsed = self.reader.parse(arg)
                if parsed is None:
                    continue  # <GLYPH-POS> and other display settings
                if parsed.role == "Arg":
                    targets.extend((t, parsed.line) for t in parsed.types)
                elif parsed.role == "Value":
                    values.extend(v for v in parsed.types if v not in values)
                else:
                    raise self.error(
                        parsed.line,
                        f"attribute {node.name!r}: unknown setting {parsed.role!r}; "
                        "an attribute has Arg:TYPES and, for several values, Value:V1|V2",
                    )
            if not targets:
                raise self.error(
                    node.line,
                    f"attribute {node.name!r} has no Arg: naming what it applies to "
                    "(e.g. Arg:<EVENT>)",
                )
            kinds, labels = self._attribute_targets(node.name, targets)
            found[node.name] = AttributeType(node.name, tuple(values), kinds, labels)
        return tuple(found.values())

    def _attribute_targets(
        self, name: str, targets: list[tuple[str, int]]
    ) -> tuple[tuple[LabelKind, ...], tuple[str, ...]]:
        kinds: list[LabelKind] = []
        labels: list[str] = []
        for target, line in targets:
            if target in ATTRIBUTE_TARGETS:
                kinds.extend(k for k in ATTRIBUTE_TARGETS[target] if k not in kinds)
            elif target.startswith("<"):
                raise self.error(
                    line,
                    f"attribute {name!r}: {target} cannot be used here; name types, "
                    "<ENTITY>, <EVENT>, <RELATION> or <ANY>",
                )
            else:
                span_type = target in self.entities or target in self.events
                if span_type:
                    labels.append(target)
                if target in self.relations:  # brat lets it share a span type's name
                    labels.append(target + (RELATION_SUFFIX if span_type else ""))
                elif not span_type and target in self.groups:
                    labels.extend(self._selectable_below(self.groups[target]))
                elif not span_type:
                    self.undeclared.setdefault(target, line)
                    labels.append(target)
        if len(kinds) == len(LabelKind):
            return (), ()  # every annotation: the schema's "unrestricted"
        covered = [label for label in dict.fromkeys(labels) if not self._of_kinds(label, kinds)]
        return tuple(kinds), tuple(covered)

    def _of_kinds(self, label: str, kinds: list[LabelKind]) -> bool:
        if label in self.entities or label in self.undeclared:
            return LabelKind.ENTITY in kinds
        if label in self.events:
            return LabelKind.EVENT in kinds
        return LabelKind.RELATION in kinds

    def _make_labels(self) -> list[Label]:
        labels: list[Label] = []
        for event in self.events.values():
            roles = tuple(
                Role(role, cardinality, self._fillers(types, f"event {event.name!r} role {role!r}"))
                for role, (cardinality, types, _line) in event.roles.items()
            )
            labels.append(Label(event.name, LabelKind.EVENT, "", roles=roles))
        for relation in self.relations.values():
            name = relation.name
            if name in self.entities or name in self.events:
                name += RELATION_SUFFIX  # brat lets a relation share a span type's name
            self.relation_names[relation.name] = name
            where = f"relation {relation.name!r}"
            labels.append(
                Label(
                    name,
                    LabelKind.RELATION,
                    "",
                    heads=self._fillers(relation.heads, f"{where} first argument"),
                    tails=self._fillers(relation.tails, f"{where} second argument"),
                )
            )
        # brat silently accepts argument types that no section declares (shipped configs
        # do this); keep them as entity labels rather than refuse the whole file.
        entities = [Label(name, LabelKind.ENTITY, "") for name in self.entities]
        entities += [
            Label(name, LabelKind.ENTITY, "", description=f"used on line {line} but not declared")
            for name, line in self.undeclared.items()
        ]
        return entities + labels

    def _fillers(self, types: list[tuple[str, int]], where: str) -> tuple[str, ...]:
        """Expand <ENTITY>, <EVENT> and grouping types; () when <ANY> is among them."""
        out: list[str] = []
        anything = False
        for name, line in types:
            if name == "<ANY>":
                anything = True
            elif name == "<ENTITY>":
                out.extend(self.entities)
            elif name == "<EVENT>":
                out.extend(self.events)
            elif name in self.entities or name in self.events:
                out.append(name)
            elif name in self.groups:
                below = self._selectable_below(self.groups[name])
                if not below:
                    raise self.error(
                        line, f"{where}: {name!r} groups no entity or event type to fill it"
                    )
                out.extend(below)
            elif name.startswith("<"):
                raise self.error(
                    line, f"{where}: {name} cannot be used here; name entity or event types"
                )
            elif name in self.relations:
                raise self.error(
                    line, f"{where}: {name!r} is a relation type; name entity or event types"
                )
            else:
                self.undeclared.setdefault(name, line)
                out.append(name)
        if anything:
            return ()
        if not out:
            raise self.error(types[0][1], f"{where}: no entity or event type can fill it")
        return tuple(dict.fromkeys(out))

    def _selectable_below(self, group: _Node) -> list[str]:
        names: list[str] = []
        for child in group.children:
            if child.selectable and (child.name in self.entities or child.name in self.events):
                names.append(child.name)
            names.extend(self._selectable_below(child))
        return names

    # -- kb_shortcuts.conf and visual.conf ----------------------------------------------

    def _brat_names(self) -> dict[str, Label]:
        """brat type name -> label; a span type wins over a relation of the same name."""
        by_name = {label.name: label for label in self._labels}
        found: dict[str, Label] = {}
        for brat, name in self.relation_names.items():
            found[brat] = by_name[name]
        for label in self._labels:
            if label.kind != LabelKind.RELATION:
                found[label.name] = label
        return found

    def apply_shortcuts(self, path: Path, text: str) -> None:
        """``KEY TYPE`` lines; the first of two lines with one key wins (as in brat)."""
        types = self._brat_names()
        folded: dict[str, list[Label]] = {}
        for brat, known in types.items():
            folded.setdefault(brat.casefold(), []).append(known)
        taken: dict[bool, set[str]] = {True: set(), False: set()}
        for number, line in _lines(text):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            fields = re.split(r"[ \t]+", stripped)
            if len(fields) != 2:
                raise SchemaError(
                    f"{path}:{number}: expected a key and a type separated by a space "
                    "or tab, e.g. 'P Person'"
                )
            key, type_name = fields
            if len(key) != 1 or not key.isprintable():
                raise SchemaError(f"{path}:{number}: key {key!r} must be a single character")
            key = key.lower()
            if key in "123456789":
                continue  # keys 1-9 choose labels by position
            label = types.get(type_name)
            if label is None:
                matches = folded.get(type_name.casefold(), [])
                label = matches[0] if len(matches) == 1 else None
            if label is None or label.name in self.keys:
                continue
            space = taken[label.kind == LabelKind.RELATION]
            if key in space:
                continue
            space.add(key)
            self.keys[label.name] = key

    def apply_colors(self, text: str) -> None:
        """``[drawing]`` lines: ``bgColor`` of span types, ``color`` (the arc) of relations."""
        types = self._brat_names()
        relation_labels = {
            brat: next(label for label in self._labels if label.name == name)
            for brat, name in self.relation_names.items()
        }
        section = ""
        for _number, line in _lines(text):
            match = _SECTION.match(line)
            if match:
                section = match.group(1).strip()
                continue
            stripped = line.strip()
            if section != "drawing" or not stripped or stripped.startswith("#"):
                continue
            type_match = _TYPE_LINE.match(stripped)
            assert type_match is not None
            _, name, rest = type_match.groups()
            settings: dict[str, str] = {}
            for arg in _arguments(rest):
                key, _, value = arg.partition(":")
                settings[key.strip()] = value.strip()
            # brat uses the last [drawing] line of a type.
            span = types.get(name)
            if span is not None and span.kind != LabelKind.RELATION:
                self._set_color(span.name, settings.get("bgColor"))
            relation = relation_labels.get(name)
            if relation is not None:
                self._set_color(relation.name, settings.get("color"))

    def _set_color(self, name: str, value: str | None) -> None:
        color = _hex_color(value)
        if color:
            self.colors[name] = color
        else:
            self.colors.pop(name, None)

    def build(self) -> tuple[Label, ...]:
        return tuple(
            Label(
                label.name,
                label.kind,
                self.colors.get(label.name, ""),
                self.keys.get(label.name),
                label.description,
                label.roles,
                label.heads,
                label.tails,
            )
            for label in self._labels
        )


def _hex_color(value: str | None) -> str:
    """``#RRGGBB`` in capitals from ``#RRGGBB`` or ``#RGB``; "" for anything else."""
    if value is None:
        return ""
    if _HEX6.match(value):
        return value.upper()
    if _HEX3.match(value):
        return "#" + "".join(c * 2 for c in value[1:]).upper()
    return ""
