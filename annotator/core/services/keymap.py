"""Keyboard shortcuts as data: stable action ids mapped to portable key strings.

The window builds its actions from a :class:`Keymap`; the F1 sheet and the
keyboard reference in the docs are generated from the same data. Users override
bindings in the ``[keys]`` section of ``settings.toml`` (Edit > Preferences >
Keyboard writes it), or in the ``keymap.toml`` of older versions, which is still
read; ``settings.toml`` wins for an action both name::

    [keys]
    "doc.next" = ["Ctrl+PgDown", "Alt+Right", "J"]
    "span.delete" = "X"

Conflicts (one key bound to two actions that can fire in the same place, or a
key that is also a label key) are reported, never silently resolved.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.services import paths

# Where an action's shortcut is active. "window" actions fire anywhere in the main
# window, so they conflict with everything; "article" ones only in the text view.
WINDOW = "window"
ARTICLE = "article"


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    title: str
    keys: tuple[str, ...]
    context: str = WINDOW
    group: str = "General"


def _labels() -> list[Action]:
    return [
        Action(
            f"label.assign_{n}",
            f"Apply label {n} (relabel the selected span)",
            (str(n),),
            ARTICLE,
            "Labels",
        )
        for n in range(1, 10)
    ]


def _picks() -> list[Action]:
    return [
        Action(
            f"adjudicate.pick_{n}",
            f"Take annotator {n}'s version at this place (adjudicating)",
            (f"Alt+{n}",),
            group="Adjudication",
        )
        for n in range(1, 10)
    ]


ACTIONS: tuple[Action, ...] = (
    Action("file.new", "New project…", ("Ctrl+N",), group="File"),
    Action("file.open", "Open project…", ("Ctrl+O",), group="File"),
    Action("file.import", "Import…", ("Ctrl+I",), group="File"),
    Action("file.export", "Export…", ("Ctrl+E",), group="File"),
    Action("file.quit", "Quit", ("Ctrl+Q",), group="File"),
    Action("edit.undo", "Undo", ("Ctrl+Z",), group="Edit"),
    Action("edit.redo", "Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), group="Edit"),
    *_labels(),
    Action("span.next", "Select the next span", ("Tab",), ARTICLE, "Spans"),
    Action("span.previous", "Select the previous span", ("Shift+Tab",), ARTICLE, "Spans"),
    Action("span.delete", "Delete the selected span", ("Delete", "Backspace"), ARTICLE, "Spans"),
    Action("selection.clear", "Clear the selection", ("Escape",), ARTICLE, "Spans"),
    Action(
        "event.argument",
        "Add an argument to the selected event (pick a role, then Tab to a span, Enter)",
        ("R",),
        ARTICLE,
        "Events and relations",
    ),
    Action(
        "event.share_trigger",
        "Add another event on the selected trigger",
        ("Ctrl+Shift+A",),
        ARTICLE,
        "Events and relations",
    ),
    Action(
        "relation.add",
        "Add a relation from the selected span (pick a type, then Tab to a span, Enter)",
        ("Ctrl+R",),
        ARTICLE,
        "Events and relations",
    ),
    Action(
        "span.add_fragment",
        "Add the selected text as another fragment of the selected span (discontinuous span)",
        ("Ctrl+Shift+G",),
        ARTICLE,
        "Spans",
    ),
    Action(
        "span.remove_fragment",
        "Remove the fragment at the cursor from its discontinuous span",
        ("Ctrl+Shift+Delete",),
        ARTICLE,
        "Spans",
    ),
    Action(
        "annotation.attribute",
        "Set an attribute of the selected annotation (pick the attribute, then the value)",
        ("Ctrl+Shift+T",),
        ARTICLE,
        "Attributes, notes and references",
    ),
    Action(
        "annotation.note",
        "Write or edit the note on the selected annotation",
        ("Ctrl+Shift+N",),
        ARTICLE,
        "Attributes, notes and references",
    ),
    Action(
        "annotation.normalize",
        "Link the selected span to an entry in a resource (resource, id, text)",
        ("Ctrl+Shift+K",),
        ARTICLE,
        "Attributes, notes and references",
    ),
    Action(
        "coref.link",
        "Link the selected span to another in a coreference chain (Tab to a span, Enter)",
        ("Ctrl+Shift+C",),
        ARTICLE,
        "Coreference",
    ),
    Action(
        "coref.unlink",
        "Take the selected span out of its coreference chain",
        ("Ctrl+Shift+U",),
        ARTICLE,
        "Coreference",
    ),
    Action(
        "suggestion.accept",
        "Accept the suggestion at the cursor (or the one Tab selected)",
        ("Return",),
        ARTICLE,
        "Suggestions",
    ),
    Action(
        "suggestion.reject",
        "Reject the suggestion at the cursor; it is not proposed again",
        ("Ctrl+Delete",),
        ARTICLE,
        "Suggestions",
    ),
    Action(
        "suggestion.accept_all",
        "Accept every suggestion in the document",
        ("Ctrl+Shift+Y",),
        ARTICLE,
        "Suggestions",
    ),
    Action("suggestion.toggle", "Show or hide suggestions", ("Ctrl+Shift+S",), group="Suggestions"),
    Action(
        "suggestion.train", "Train the suggestion model now", ("Ctrl+Shift+M",), group="Suggestions"
    ),
    Action(
        "selection.toggle_snap",
        "Snap selections to tokens / exact characters",
        ("Ctrl+T",),
        group="Spans",
    ),
    Action("find.article", "Find in the article", ("Ctrl+F",), group="Find"),
    Action("find.project", "Search the whole project", ("Ctrl+Shift+F",), group="Find"),
    Action(
        "doc.done_next",
        "Mark done and open the next todo document",
        ("Ctrl+Return",),
        group="Documents",
    ),
    Action(
        "doc.skip_next",
        "Mark skipped and open the next todo document",
        ("Ctrl+Shift+Return",),
        group="Documents",
    ),
    Action("doc.next", "Next document", ("Ctrl+PgDown", "Alt+Right"), group="Documents"),
    Action("doc.previous", "Previous document", ("Ctrl+PgUp", "Alt+Left"), group="Documents"),
    Action(
        "doc.reload",
        "Reload: show what others changed (a shared server project)",
        ("F5",),
        group="Documents",
    ),
    Action(
        "edit.schema", "Edit labels, roles and relation types…", ("Ctrl+Shift+L",), group="Edit"
    ),
    Action("edit.preferences", "Preferences…", ("Ctrl+,",), group="Edit"),
    Action("view.zoom_in", "Larger text", ("Ctrl+=", "Ctrl++"), group="View"),
    Action("view.zoom_out", "Smaller text", ("Ctrl+-",), group="View"),
    Action("view.focus_article", "Focus the article", ("Ctrl+1",), group="View"),
    Action("view.focus_annotations", "Focus the annotations panel", ("Ctrl+2",), group="View"),
    Action("view.focus_documents", "Focus the document list", ("Ctrl+3",), group="View"),
    Action("view.statistics", "Statistics…", ("Ctrl+Shift+I",), group="View"),
    Action(
        "team.compare",
        "Show or hide the compared annotator's layer",
        ("Ctrl+Shift+O",),
        group="Team",
    ),
    Action("team.agreement", "Agreement between annotators…", ("Ctrl+Shift+R",), group="Team"),
    Action(
        "team.adjudicate",
        "Adjudicate this document (edit its gold layer), or back to your own layer",
        ("Ctrl+Shift+D",),
        group="Team",
    ),
    *_picks(),
    Action(
        "adjudicate.pick_none",
        "Take nothing at this place (adjudicating)",
        ("Alt+0",),
        group="Adjudication",
    ),
    Action("adjudicate.next", "Next disagreement", ("Alt+Down",), group="Adjudication"),
    Action("adjudicate.previous", "Previous disagreement", ("Alt+Up",), group="Adjudication"),
    Action(
        "adjudicate.accept_agreed",
        "Accept every place the annotators agree on into the gold",
        ("Ctrl+Alt+A",),
        group="Adjudication",
    ),
    Action(
        "adjudicate.copy_layer",
        "Copy an annotator's whole layer to the gold…",
        ("Ctrl+Alt+C",),
        group="Adjudication",
    ),
    Action(
        "adjudicate.done",
        "Mark the document adjudicated (or not any more)",
        ("Ctrl+Alt+Return",),
        group="Adjudication",
    ),
    Action("help.shortcuts", "Keyboard shortcuts", ("F1",), group="Help"),
    Action("help.guide", "User guide", ("Shift+F1",), group="Help"),
)

ACTIONS_BY_ID: Mapping[str, Action] = {action.id: action for action in ACTIONS}

_MODIFIERS = ("Ctrl", "Alt", "Shift", "Meta")
_ALIASES = {
    "control": "Ctrl",
    "ctrl": "Ctrl",
    "alt": "Alt",
    "option": "Alt",
    "shift": "Shift",
    "meta": "Meta",
    "cmd": "Meta",
    "super": "Meta",
    "enter": "Return",
    "return": "Return",
    "esc": "Escape",
    "escape": "Escape",
    "del": "Delete",
    "delete": "Delete",
    "backspace": "Backspace",
    "tab": "Tab",
    "space": "Space",
    "pgdown": "PgDown",
    "pagedown": "PgDown",
    "pgup": "PgUp",
    "pageup": "PgUp",
    "left": "Left",
    "right": "Right",
    "up": "Up",
    "down": "Down",
    "home": "Home",
    "end": "End",
    "ins": "Ins",
    "insert": "Ins",
}


class KeymapError(AnnotatorError):
    """The keymap file is invalid."""


def normalize(key: str) -> str:
    """A canonical spelling: modifiers in Ctrl, Alt, Shift, Meta order; key names capitalised."""
    raw = key.strip()
    if not raw:
        raise KeymapError("an empty key")
    # "Ctrl++" means Ctrl and the plus key
    parts = [*raw[:-1].split("+"), "+"] if raw.endswith("++") or raw == "+" else raw.split("+")
    parts = [p.strip() for p in parts if p.strip() != ""] if raw != "+" else ["+"]
    if not parts:
        raise KeymapError(f"{key!r} is not a key")
    *mods, name = parts
    modifiers = set()
    for mod in mods:
        canonical = _ALIASES.get(mod.lower())
        if canonical not in _MODIFIERS:
            raise KeymapError(f"{key!r}: {mod!r} is not a modifier (Ctrl, Alt, Shift, Meta)")
        modifiers.add(canonical)
    if len(name) == 1:
        name = name.upper()
    elif name.lower() in _ALIASES:
        name = _ALIASES[name.lower()]
    elif name[0] in "Ff" and name[1:].isdigit():
        name = "F" + name[1:]
    else:
        raise KeymapError(f"{key!r}: unknown key {name!r}")
    ordered = [m for m in _MODIFIERS if m in modifiers]
    return "+".join([*ordered, name])


@dataclass(frozen=True, slots=True)
class Conflict:
    key: str
    owners: tuple[str, ...]  # action ids or "label NAME"

    def __str__(self) -> str:
        return f"{self.key} is bound to " + " and ".join(self.owners)


class Keymap:
    """Bindings of every action (defaults overridden by the user's file)."""

    def __init__(self, overrides: Mapping[str, Sequence[str]] | None = None) -> None:
        self.bindings: dict[str, tuple[str, ...]] = {a.id: a.keys for a in ACTIONS}
        for action_id, keys in (overrides or {}).items():
            if action_id not in ACTIONS_BY_ID:
                known = ", ".join(sorted(ACTIONS_BY_ID))
                raise KeymapError(f"unknown action {action_id!r} (actions: {known})")
            self.bindings[action_id] = tuple(normalize(k) for k in keys)

    @classmethod
    def load(cls, path: Path) -> Keymap:
        """The defaults with the user's overrides; a missing file means no overrides."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError) as exc:
            raise KeymapError(f"{path}: cannot read the keymap ({exc})") from None
        except tomllib.TOMLDecodeError as exc:
            raise KeymapError(f"{path}: invalid TOML: {exc}") from None
        unknown = set(data) - {"keys"}
        if unknown:
            raise KeymapError(f"{path}: unknown section {sorted(unknown)[0]!r} (use [keys])")
        keys = data.get("keys", {})
        overrides: dict[str, list[str]] = {}
        for action_id, value in keys.items():
            values = [value] if isinstance(value, str) else value
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise KeymapError(f"{path}: {action_id!r} must be a key or a list of keys")
            overrides[action_id] = values
        try:
            return cls(overrides)
        except KeymapError as exc:
            raise KeymapError(f"{path}: {exc}") from None

    def with_overrides(self, overrides: Mapping[str, Sequence[str]]) -> Keymap:
        """A copy with some actions rebound (an empty sequence leaves one without keys)."""
        changed = Keymap()
        changed.bindings = dict(self.bindings)
        for action_id, keys in Keymap(overrides).bindings.items():
            if action_id in overrides:
                changed.bindings[action_id] = keys
        return changed

    def keys(self, action_id: str) -> tuple[str, ...]:
        return self.bindings[action_id]

    def conflicts(self, label_keys: Mapping[str, str] | None = None) -> list[Conflict]:
        """Keys bound to several actions that can fire in the same place.

        ``label_keys`` maps a label's key (as in the schema) to its name: label keys
        work in the article view, like the "article" actions.
        """
        owners: dict[tuple[str, str], list[str]] = {}
        for action_id, keys in self.bindings.items():
            context = ACTIONS_BY_ID[action_id].context
            for key in keys:
                owners.setdefault((key, context), []).append(action_id)
        for key, name in (label_keys or {}).items():
            owners.setdefault((normalize(key), ARTICLE), []).append(f"label {name}")
        found = []
        for (key, context), names in sorted(owners.items()):
            clash = list(names)
            if context == ARTICLE:
                clash += owners.get((key, WINDOW), [])
            if len(clash) > 1 and not (context == WINDOW and len(names) == 1):
                found.append(Conflict(key, tuple(clash)))
        return found

    def sheet(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(group, [(keys, title)]) in display order, for F1 and the docs."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for action in ACTIONS:
            keys = ", ".join(self.bindings[action.id]) or "(none)"
            groups.setdefault(action.group, []).append((keys, action.title))
        return list(groups.items())


def markdown_table(keymap: Keymap, extra: Iterable[tuple[str, str]] = ()) -> str:
    """The keyboard reference as Markdown (docs/keyboard.md is generated from this)."""
    lines = []
    for group, rows in keymap.sheet():
        lines += [f"### {group}", "", "| Keys | Action |", "|---|---|"]
        lines += [f"| {keys} | {title} |" for keys, title in rows]
        lines.append("")
    for keys, title in extra:
        lines.append(f"- {keys}: {title}")
    return "\n".join(lines).rstrip() + "\n"


_REFERENCE_HEADER = """# Keyboard shortcuts

<!-- Generated from annotator/core/services/keymap.py; a test keeps it in step. Regenerate with:
python3 -c "from annotator.core.services.keymap import write_reference; write_reference()" -->

These are the defaults. Change them in Edit > Preferences > Keyboard (Ctrl+,), or in
the `[keys]` section of `settings.toml` in your config folder (see
[settings.md](settings.md); Linux: `~/.config/annotator/`), by action id, for example:

```toml
[keys]
"doc.next" = ["Ctrl+PgDown", "Alt+Right", "J"]
"span.delete" = "X"
"view.focus_documents" = []   # no key
```

A `keymap.toml` beside it (where earlier versions kept these) is still read;
`settings.toml` wins for an action both files name.

A key bound to two actions that can fire in the same place (or to an action and a
label) is reported in the status bar and in the F1 sheet; neither binding is dropped.
Shortcuts marked "article" work while the article has the keyboard focus.

"""

_REFERENCE_FOOTER = """
### Labels

The number keys 1-9 apply the first nine labels of the palette (entity labels first, then
event types). Each label's own key from the schema (for example `P` for PER in the News
schema) does the same. With a span selected (Tab), a label key relabels it.

### Selecting text

Mouse: drag, or double-click a word. Keyboard: arrows move the caret, Shift+arrows extend
the selection by character, Ctrl+Shift+arrows by word. Selections snap to whole tokens and
drop surrounding whitespace; Ctrl+T switches to exact characters and back.
"""


def reference_markdown(keymap: Keymap | None = None) -> str:
    """docs/keyboard.md: the keyboard reference generated from the default keymap."""
    keymap = keymap or Keymap()
    body = []
    for group, rows in keymap.sheet():
        body += [f"## {group}", "", "| Keys | Action | Where | Id |", "|---|---|---|---|"]
        actions = [a for a in ACTIONS if a.group == group]
        for (keys, title), action in zip(rows, actions, strict=True):
            where = "article" if action.context == ARTICLE else "window"
            body.append(f"| {keys} | {title} | {where} | `{action.id}` |")
        body.append("")
    return _REFERENCE_HEADER + "\n".join(body) + _REFERENCE_FOOTER


def write_reference(path: Path | None = None) -> Path:
    target = path or paths.package_dir().parent / "docs" / "keyboard.md"  # a source checkout
    target.write_text(reference_markdown(), encoding="utf-8")
    return target
