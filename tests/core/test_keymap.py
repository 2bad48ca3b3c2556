"""Keyboard shortcuts as data: defaults, user overrides, conflicts, the generated reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.services.keymap import ACTIONS, Keymap, KeymapError, markdown_table, normalize

DOCS = Path(__file__).resolve().parents[2] / "docs" / "keyboard.md"


def test_the_defaults_have_no_conflicts_even_with_the_news_label_keys() -> None:
    from annotator.core.model import schemas

    news = schemas.load()
    label_keys = {
        label.key: label.name for label in news.labels if label.key and label.kind != "relation"
    }
    assert Keymap().conflicts(label_keys) == []


def test_the_issue_shortcuts_are_the_defaults() -> None:
    keys = Keymap().bindings
    assert keys["edit.undo"] == ("Ctrl+Z",)
    assert keys["edit.redo"] == ("Ctrl+Shift+Z", "Ctrl+Y")
    assert keys["span.next"] == ("Tab",) and keys["span.previous"] == ("Shift+Tab",)
    assert keys["span.delete"] == ("Delete", "Backspace")
    assert keys["doc.done_next"] == ("Ctrl+Return",)
    assert keys["doc.next"] == ("Ctrl+PgDown", "Alt+Right")
    assert keys["doc.previous"] == ("Ctrl+PgUp", "Alt+Left")
    assert keys["find.article"] == ("Ctrl+F",) and keys["find.project"] == ("Ctrl+Shift+F",)
    assert keys["help.shortcuts"] == ("F1",) and keys["file.quit"] == ("Ctrl+Q",)
    assert [keys[f"label.assign_{n}"] for n in range(1, 10)] == [(str(n),) for n in range(1, 10)]


@pytest.mark.parametrize(
    ("given", "canonical"),
    [("ctrl+shift+z", "Ctrl+Shift+Z"), ("Shift+Ctrl+Z", "Ctrl+Shift+Z"), ("Ctrl++", "Ctrl++"),
     ("alt+pagedown", "Alt+PgDown"), ("esc", "Escape"), ("f12", "F12"), ("x", "X")],
)  # fmt: skip
def test_keys_are_normalised(given: str, canonical: str) -> None:
    assert normalize(given) == canonical


@pytest.mark.parametrize("bad", ["", "Hyper+X", "Ctrl+Banana"])
def test_bad_keys_are_refused(bad: str) -> None:
    with pytest.raises(KeymapError):
        normalize(bad)


def test_user_overrides_are_read_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('[keys]\n"doc.next" = ["J", "Ctrl+PgDown"]\n"span.delete" = "X"\n')
    keymap = Keymap.load(path)
    assert keymap.keys("doc.next") == ("J", "Ctrl+PgDown")
    assert keymap.keys("span.delete") == ("X",)
    assert keymap.keys("edit.undo") == ("Ctrl+Z",)  # untouched defaults stay


def test_a_missing_keymap_file_means_defaults(tmp_path: Path) -> None:
    assert Keymap.load(tmp_path / "none.toml").bindings == Keymap().bindings


@pytest.mark.parametrize(
    ("content", "message"),
    [('[keys]\n"no.such" = "X"\n', "unknown action 'no.such'"),
     ('[keys]\n"doc.next" = 3\n', "must be a key or a list of keys"),
     ('[keys]\n"doc.next" = "Ctrl+Nope"\n', "unknown key"),
     ('[shortcuts]\n', "unknown section"),
     ('[keys\n', "invalid TOML")],
)  # fmt: skip
def test_bad_keymap_files_get_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text(content)
    with pytest.raises(KeymapError, match=message) as caught:
        Keymap.load(path)
    assert str(path) in str(caught.value)


def test_conflicts_are_reported_never_resolved() -> None:
    keymap = Keymap({"doc.next": ["Ctrl+Z"], "span.delete": ["P"]})
    conflicts = {c.key: set(c.owners) for c in keymap.conflicts({"p": "PER"})}
    assert conflicts["Ctrl+Z"] == {"doc.next", "edit.undo"}
    assert conflicts["P"] == {"span.delete", "label PER"}
    # both actions keep the key: nothing is silently dropped
    assert keymap.keys("doc.next") == ("Ctrl+Z",) and keymap.keys("edit.undo") == ("Ctrl+Z",)


def test_a_window_key_clashes_with_an_article_key() -> None:
    keymap = Keymap({"help.shortcuts": ["1"]})
    assert any(set(c.owners) == {"label.assign_1", "help.shortcuts"} for c in keymap.conflicts())


def test_every_action_is_in_the_sheet() -> None:
    listed = [title for _group, rows in Keymap().sheet() for _keys, title in rows]
    assert len(listed) == len(ACTIONS)


def test_docs_keyboard_reference_is_generated_from_the_keymap() -> None:
    """docs/keyboard.md must be regenerated when the defaults change:
    python3 -c "from annotator.core.services.keymap import write_reference; write_reference()"
    """
    from annotator.core.services.keymap import reference_markdown

    assert DOCS.read_text(encoding="utf-8") == reference_markdown()
    assert "| Ctrl+Return |" in markdown_table(Keymap())
