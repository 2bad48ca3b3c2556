"""The user's preferences: one readable ``settings.toml`` in the config dir.

::

    [annotator]
    # Your name as recorded with your work; empty means your login name.
    name = ""

    [appearance]
    # "system" follows the desktop's light or dark scheme; "light" or "dark" picks one.
    theme = "system"
    font = ""
    font_size = 0

    [annotating]
    snapping = "tokens"

    [keys]
    "doc.next" = ["Ctrl+PgDown", "J"]

    [backups]
    # Automatic backups kept per project, made when it is opened (0 turns them off).
    keep = 10
    # Where backups go; empty means "backups" in Annotator's data folder.
    folder = ""

Each ``[section]`` is a frozen dataclass below; adding a setting is adding a field
(its default fixes its type, its metadata the help comment and the allowed values).
``[keys]`` is the exception: keyboard overrides by action id (see
:mod:`annotator.core.services.keymap`), read before any ``keymap.toml`` of older versions,
whose overrides still apply where ``[keys]`` says nothing.

Errors: :func:`load` raises :class:`SettingsError` naming the file, the key and what
is allowed (the command line stops on it). :func:`load_lenient` never raises: a bad
value falls back to its default and a malformed file to all defaults, each with a
warning for the window to show, so a typo never keeps the app from starting.
Unknown sections are ignored (a newer Annotator or the user may add them); unknown
keys inside a known section are reported, since they are most likely typos.

:func:`save` rewrites only the lines of known keys, so the user's comments, unknown
keys and unknown sections survive; the write is atomic.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.services import paths
from annotator.core.services.keymap import ACTIONS_BY_ID, Keymap, KeymapError, normalize

FILE_NAME = "settings.toml"


class SettingsError(AnnotatorError):
    """The settings file is unreadable, malformed or holds a value that is not allowed."""


def settings_file() -> Path:
    return paths.config_dir() / FILE_NAME


# -- the settings ------------------------------------------------------------------
Check = Callable[[Any], bool]


def _setting(default: Any, help: str, allowed: str, check: Check | None = None) -> Any:
    """A field: its default's type is its TOML type; ``allowed`` is said in errors."""
    return field(default=default, metadata={"help": help, "allowed": allowed, "check": check})


def _validate(section: str, instance: Any) -> None:
    for f in fields(instance):
        problem = _problem(f.default, f.metadata, getattr(instance, f.name))
        if problem:
            raise SettingsError(f"[{section}] {f.name} {problem}")


def _problem(default: Any, metadata: Mapping[str, Any], value: Any) -> str | None:
    """Why ``value`` is not allowed, or None (a bool is not an int here, as in TOML)."""
    ok_type = type(value) is type(default) or (type(default) is float and type(value) is int)
    check = metadata["check"]
    if not ok_type or (check is not None and not check(value)):
        return f"must be {metadata['allowed']}, not {_toml_value(value)}"
    return None


def _absolute_or_empty(value: str) -> bool:
    return value == "" or Path(value).expanduser().is_absolute()


@dataclass(frozen=True, slots=True)
class BackupSettings:
    keep: int = _setting(
        10,
        "Automatic backups kept per project, made when it is opened (0 turns them off).",
        "a whole number from 0 to 1000",
        lambda v: 0 <= v <= 1000,
    )
    folder: str = _setting(
        "",
        'Where backups go; empty means "backups" in Annotator\'s data folder.',
        'an absolute folder such as "/home/me/annotator-backups" or "~/backups", or ""',
        _absolute_or_empty,
    )

    def __post_init__(self) -> None:
        _validate("backups", self)

    @property
    def folder_path(self) -> Path | None:
        """The chosen folder with ``~`` expanded; None means the default."""
        return Path(self.folder).expanduser() if self.folder else None


def _one_line(value: str) -> bool:
    return len(value) <= 100 and value == value.strip() and value.isprintable()


@dataclass(frozen=True, slots=True)
class AnnotatorSettings:
    name: str = _setting(
        "",
        "Your name as recorded with your work (statistics per annotator); "
        "empty means your login name.",
        "one line of at most 100 characters",
        _one_line,
    )

    def __post_init__(self) -> None:
        _validate("annotator", self)

    @property
    def shown_name(self) -> str:
        """The name to record: the setting, else the login name, else "annotator"."""
        if self.name:
            return self.name
        try:
            return getpass.getuser() or "annotator"
        except (OSError, KeyError):  # no login name (containers without a passwd entry)
            return "annotator"


THEMES = ("system", "light", "dark")


@dataclass(frozen=True, slots=True)
class AppearanceSettings:
    theme: str = _setting(
        "system",
        '"system" follows the desktop\'s light or dark scheme; "light" or "dark" picks one.',
        '"system", "light" or "dark"',
        lambda v: v in THEMES,
    )
    font: str = _setting(
        "",
        'The article\'s font family, such as "Noto Serif"; empty means the system font.',
        'a font family name (one line), or ""',
        _one_line,
    )
    font_size: int = _setting(
        0,
        "The article's text size in points (Ctrl+= and Ctrl+- change it); 0 means the default.",
        "0 or a whole number from 6 to 48",
        lambda v: v == 0 or 6 <= v <= 48,
    )

    def __post_init__(self) -> None:
        _validate("appearance", self)


SNAPPING = ("tokens", "characters")


@dataclass(frozen=True, slots=True)
class AnnotatingSettings:
    snapping: str = _setting(
        "tokens",
        'Selections snap to whole "tokens" or keep exact "characters" (Ctrl+T switches).',
        '"tokens" or "characters"',
        lambda v: v in SNAPPING,
    )

    def __post_init__(self) -> None:
        _validate("annotating", self)

    @property
    def snap_to_tokens(self) -> bool:
        return self.snapping == "tokens"


Keys = dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Settings:
    annotator: AnnotatorSettings = field(default_factory=AnnotatorSettings)
    appearance: AppearanceSettings = field(default_factory=AppearanceSettings)
    annotating: AnnotatingSettings = field(default_factory=AnnotatingSettings)
    # keyboard overrides: action id -> keys (normalised; empty means no key)
    keys: Keys = field(default_factory=dict)
    backups: BackupSettings = field(default_factory=BackupSettings)

    def __post_init__(self) -> None:
        for action_id, keys in self.keys.items():
            problem = _key_problem(action_id, keys)
            if problem:
                raise SettingsError(f"[keys] {problem}")


# Section name -> the Settings field holding it (the same name) and its class.
_SECTIONS: dict[str, type[Any]] = {
    "annotator": AnnotatorSettings,
    "appearance": AppearanceSettings,
    "annotating": AnnotatingSettings,
    "backups": BackupSettings,
}
KEYS = "keys"
_KEYS_HELP = (
    'Keyboard shortcuts: "action id" = "key" or ["key", ...] ([] for none); '
    "the ids are in docs/keyboard.md."
)


def _key_problem(action_id: str, keys: Any) -> str | None:
    """Why a [keys] entry is not allowed, or None."""
    if action_id not in ACTIONS_BY_ID:
        return f"unknown action {action_id!r} (the ids are in docs/keyboard.md)"
    values = [keys] if isinstance(keys, str) else keys
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        return f'"{action_id}" must be a key such as "Ctrl+J" or a list of keys'
    for value in values:
        try:
            normalize(value)
        except KeymapError as exc:
            return f'"{action_id}": {exc}'
    return None


def _keys_value(keys: tuple[str, ...]) -> str | list[str]:
    """How a binding is written: one key as a string, else a list."""
    return keys[0] if len(keys) == 1 else list(keys)


# -- loading -----------------------------------------------------------------------
def load(path: Path | None = None) -> Settings:
    """The user's settings; a missing file gives the defaults. Raises :class:`SettingsError`."""
    settings, problems = _load(path or settings_file())
    if problems:
        raise SettingsError(problems[0])
    return settings


def load_lenient(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The user's settings with defaults for anything invalid, and a warning for each."""
    return _load(path or settings_file())


def _read(path: Path) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read the settings ({exc})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: invalid TOML: {exc}") from None


def _load(path: Path) -> tuple[Settings, list[str]]:
    try:
        data = _read(path)
    except SettingsError as exc:
        return Settings(), [f"{exc}; using the default settings"]
    if data is None:
        return Settings(), []
    problems: list[str] = []
    sections: dict[str, Any] = {}
    for name, cls in _SECTIONS.items():
        table = data.get(name, {})
        if not isinstance(table, dict):
            problems.append(f"{path}: {name} must be a [{name}] section")
            continue
        known = {f.name: f for f in fields(cls)}
        values = {}
        for key, value in table.items():
            f = known.get(key)
            if f is None:
                choices = ", ".join(known)
                problems.append(f"{path}: unknown setting [{name}] {key} (known: {choices})")
                continue
            problem = _problem(f.default, f.metadata, value)
            if problem:
                problems.append(f"{path}: [{name}] {key} {problem}")
                continue
            values[key] = value
        sections[name] = cls(**values)
    keys, key_problems = _load_keys(data.get(KEYS, {}))
    problems += [f"{path}: {problem}" for problem in key_problems]
    return Settings(**sections, keys=keys), problems


def _load_keys(table: Any) -> tuple[Keys, list[str]]:
    if not isinstance(table, dict):
        return {}, ["keys must be a [keys] section"]
    keys: Keys = {}
    problems = []
    for action_id, value in table.items():
        if isinstance(value, dict):  # doc.next = "J" without quotes is a dotted key
            problems.append(f'[keys] {action_id}: quote action ids, as in "doc.next" = "J"')
            continue
        problem = _key_problem(action_id, value)
        if problem:
            problems.append(f"[keys] {problem}")
            continue
        values = [value] if isinstance(value, str) else value
        keys[action_id] = tuple(normalize(v) for v in values)
    return keys, problems


# -- saving ------------------------------------------------------------------------
_HEADER = """\
# Annotator settings (TOML). Annotator rewrites the values below when you change
# them in the app; your own comments and sections are kept.
"""

# A table header line, "[name]" or "[[name]]" (names may be dotted or quoted).
_TABLE = re.compile(r"""^\s*\[\[?\s*([A-Za-z0-9_.\-"' ]+?)\s*\]\]?\s*(#.*)?$""")


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings, keeping the file's comments, unknown keys and sections."""
    target = path or settings_file()
    try:
        original = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        original = None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{target}: cannot read the settings ({exc})") from None
    text = _HEADER if original is None else original
    if original is not None:
        try:
            before = tomllib.loads(original)
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{target}: invalid TOML, not overwriting it: {exc}") from None
    else:
        before = {}
    for name in _SECTIONS:
        text = _set_section(text, name, getattr(settings, name))
    text = _set_keys(text, settings.keys)
    # The line edits are simple; check they did exactly what was meant.
    expected = {**before, **{name: _values(getattr(settings, name)) for name in _SECTIONS}}
    for name in _SECTIONS:
        if isinstance(before.get(name), dict):
            expected[name] = {**before[name], **expected[name]}
    old_keys = before.get(KEYS)
    if not isinstance(old_keys, dict):
        old_keys = {}
    expected[KEYS] = {
        **{k: v for k, v in old_keys.items() if k not in ACTIONS_BY_ID},  # kept as written
        **{k: _keys_value(v) for k, v in settings.keys.items()},
    }
    try:
        result = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        result = None
    if result != expected:
        raise SettingsError(
            f"{target}: its layout is too unusual to update automatically; "
            "edit it by hand or delete it"
        )
    _write_atomic(target, text)
    return target


def _values(section: Any) -> dict[str, Any]:
    return {f.name: getattr(section, f.name) for f in fields(section)}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # Literal strings keep Windows paths readable; anything odd gets escapes.
        if "'" not in value and value.isprintable() and value:
            return f"'{value}'"
        return json.dumps(value, ensure_ascii=False)  # JSON escapes are valid TOML
    return repr(value)


def _split_comment(rest: str) -> str:
    """The trailing ``# comment`` of a ``key = value # comment`` line, if any."""
    for index, char in enumerate(rest):
        if char == "#":
            try:
                tomllib.loads("v = " + rest[:index])
            except tomllib.TOMLDecodeError:
                continue
            return "  " + rest[index:].strip()
    return ""


def _set_section(text: str, name: str, section: Any) -> str:
    lines = text.splitlines()
    start, end = _find_section(lines, name)
    values = _values(section)
    helps = {f.name: f.metadata["help"] for f in fields(section)}
    if start is None:
        block = ["", f"[{name}]"]
        for key, value in values.items():
            block += [f"# {helps[key]}", f"{key} = {_toml_value(value)}"]
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines + block) + "\n"
    missing = dict(values)
    for i in range(start + 1, end):
        match = re.match(r"""^(\s*)(["']?)([A-Za-z0-9_-]+)\2\s*=(.*)$""", lines[i])
        if match and match.group(3) in missing:
            key = match.group(3)
            comment = _split_comment(match.group(4))
            lines[i] = f"{match.group(1)}{key} = {_toml_value(missing.pop(key))}{comment}"
    if missing:
        last = start
        for i in range(start + 1, end):
            if lines[i].strip() and not lines[i].lstrip().startswith("#"):
                last = i
        block = []
        for key, value in missing.items():
            block += [f"# {helps[key]}", f"{key} = {_toml_value(value)}"]
        lines[last + 1 : last + 1] = block
    return "\n".join(lines) + "\n"


# A [keys] entry: a quoted action id (unquoted ids with dots would be nested tables).
_KEY_LINE = re.compile(r"""^(\s*)(["'])([A-Za-z0-9_.\-]+)\2\s*=(.*)$""")


def _set_keys(text: str, keys: Keys) -> str:
    """Rewrite [keys]: entries of known actions are replaced or removed (a reset
    removes its line), others are kept; values may span lines (multi-line arrays)."""
    lines = text.splitlines()
    start, end = _find_section(lines, KEYS)
    if start is None:
        block = ["", f"[{KEYS}]", f"# {_KEYS_HELP}"]
        block += [f'"{k}" = {_toml_keys(v)}' for k, v in keys.items()]
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines + block) + "\n"
    missing = dict(keys)
    body: list[str] = []
    i = start + 1
    while i < end:
        match = _KEY_LINE.match(lines[i])
        if not match or match.group(3) not in ACTIONS_BY_ID:
            body.append(lines[i])
            i += 1
            continue
        # the value may continue on the next lines: take lines until it parses
        value, last = match.group(4), i
        while last + 1 < end and not _parses(value):
            last += 1
            value += "\n" + lines[last]
        action_id = match.group(3)
        if action_id in missing:
            comment = _split_comment(value) if "\n" not in value else ""
            body.append(
                f'{match.group(1)}"{action_id}" = {_toml_keys(missing.pop(action_id))}{comment}'
            )
        i = last + 1
    if missing:
        last = len(body) - 1
        while last >= 0 and (not body[last].strip() or body[last].lstrip().startswith("#")):
            last -= 1
        if last < 0:  # only comments: the entries go after them
            last = max((n for n, line in enumerate(body) if line.strip()), default=-1)
        body[last + 1 : last + 1] = [f'"{k}" = {_toml_keys(v)}' for k, v in missing.items()]
    lines[start + 1 : end] = body
    return "\n".join(lines) + "\n"


def _parses(value: str) -> bool:
    try:
        tomllib.loads("v =" + value)
    except tomllib.TOMLDecodeError:
        return False
    return True


def _toml_keys(keys: tuple[str, ...]) -> str:
    value = _keys_value(keys)
    if isinstance(value, str):
        return json.dumps(value)
    return "[" + ", ".join(json.dumps(k) for k in value) + "]"


def _find_section(lines: list[str], name: str) -> tuple[int | None, int]:
    """(header line, end) of ``[name]``, skipping lines inside multi-line strings."""
    start: int | None = None
    in_string: str | None = None
    for i, line in enumerate(lines):
        if in_string is None and (match := _TABLE.match(line)):
            if start is not None:
                return start, i
            if match.group(1).strip("\"'") == name and not line.lstrip().startswith("[["):
                start = i
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 and in_string in (None, quote):
                in_string = None if in_string == quote else quote
    return start, len(lines)


def _write_atomic(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".settings-", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise SettingsError(f"{target}: cannot save the settings ({exc.strerror})") from None


def with_backups(settings: Settings, **changes: Any) -> Settings:
    """A copy with some backup settings changed (validated)."""
    return replace(settings, backups=replace(settings.backups, **changes))


# -- keyboard ----------------------------------------------------------------------
LEGACY_KEYMAP = "keymap.toml"


def legacy_keymap_file() -> Path:
    """Where versions before [keys] kept keyboard overrides; still read."""
    return paths.config_dir() / LEGACY_KEYMAP


def keymap_for(settings: Settings, legacy: Path | None = None) -> tuple[Keymap, str | None]:
    """The keymap: defaults, then a ``keymap.toml``'s overrides, then ``[keys]`` (which
    wins). A broken ``keymap.toml`` is skipped with a message saying so."""
    try:
        base, problem = Keymap.load(legacy or legacy_keymap_file()), None
    except KeymapError as exc:
        base, problem = Keymap(), f"{exc}\nIts shortcuts are not used until it is fixed."
    return base.with_overrides(settings.keys), problem


def keys_to_save(bindings: Mapping[str, tuple[str, ...]], legacy: Path | None = None) -> Keys:
    """The [keys] entries for chosen bindings: those that differ from the defaults, and
    those a ``keymap.toml`` overrides (so a reset to the default sticks)."""
    defaults = Keymap().bindings
    try:
        pinned = {
            action_id
            for action_id, keys in Keymap.load(legacy or legacy_keymap_file()).bindings.items()
            if keys != defaults[action_id]
        }
    except KeymapError:
        pinned = set()
    return {
        action_id: tuple(keys)
        for action_id, keys in bindings.items()
        if tuple(keys) != defaults[action_id] or action_id in pinned
    }
