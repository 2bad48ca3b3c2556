"""settings.toml: defaults, clear errors naming file/key/allowed values, a careful save."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from annotator.core.services import paths, settings
from annotator.core.services.settings import (
    BackupSettings,
    Settings,
    SettingsError,
    load,
    load_lenient,
    save,
    with_backups,
)


def _write(text: str) -> Path:
    path = settings.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_is_settings_toml_in_the_config_dir() -> None:
    assert settings.settings_file() == paths.config_dir() / "settings.toml"


def test_a_missing_file_gives_the_defaults() -> None:
    assert load() == Settings() == Settings(backups=BackupSettings(keep=10, folder=""))
    assert load_lenient() == (Settings(), [])
    assert Settings().backups.folder_path is None


def test_values_are_read() -> None:
    _write('[backups]\nkeep = 3\nfolder = "~/annotator backups"\n')
    loaded = load()
    assert loaded.backups.keep == 3
    assert loaded.backups.folder_path == Path.home() / "annotator backups"


def test_a_partial_file_keeps_the_other_defaults() -> None:
    _write("[backups]\nkeep = 0\n")
    assert load() == Settings(backups=BackupSettings(keep=0))
    _write("# nothing yet\n")
    assert load() == Settings()


def test_a_malformed_file_names_the_file() -> None:
    path = _write("[backups\nkeep = 3\n")
    with pytest.raises(SettingsError, match=f"{path}: invalid TOML"):
        load()
    loaded, warnings = load_lenient()
    assert loaded == Settings()
    assert len(warnings) == 1 and str(path) in warnings[0] and "default" in warnings[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[backups]\nkeep = -1\n", "keep must be a whole number from 0 to 1000, not -1"),
        ("[backups]\nkeep = 5000\n", "keep must be a whole number from 0 to 1000, not 5000"),
        ('[backups]\nkeep = "ten"\n', "keep must be a whole number from 0 to 1000"),
        ("[backups]\nkeep = true\n", "not true"),
        ("[backups]\nkeep = 2.5\n", "not 2.5"),
        ('[backups]\nfolder = "relative/dir"\n', "folder must be an absolute folder"),
        ("[backups]\nfolder = 3\n", "folder must be an absolute folder"),
        ("[backups]\nkepp = 3\n", r"unknown setting \[backups\] kepp \(known: keep, folder\)"),
        ("backups = 3\n", r"backups must be a \[backups\] section"),
    ],
)
def test_a_bad_value_names_the_file_the_key_and_what_is_allowed(text: str, message: str) -> None:
    path = _write(text)
    with pytest.raises(SettingsError, match=message) as error:
        load()
    assert str(error.value).startswith(f"{path}: ")


def test_lenient_loading_keeps_the_good_values_and_warns_about_each_bad_one() -> None:
    _write('[backups]\nkeep = -4\nfolder = "/srv/backups"\nextra = 1\n')
    loaded, warnings = load_lenient()
    assert loaded == Settings(backups=BackupSettings(keep=10, folder="/srv/backups"))
    assert len(warnings) == 2
    assert "keep must be" in warnings[0] and "unknown setting [backups] extra" in warnings[1]


def test_unknown_sections_are_ignored() -> None:
    _write('[editor]\nfont = "Noto Sans"\n\n[backups]\nkeep = 4\n')
    assert load() == Settings(backups=BackupSettings(keep=4))


def test_invalid_settings_cannot_be_made_in_code() -> None:
    with pytest.raises(SettingsError, match=r"\[backups\] keep must be"):
        BackupSettings(keep=-1)
    with pytest.raises(SettingsError, match=r"\[backups\] folder must be"):
        with_backups(Settings(), folder="relative")
    assert with_backups(Settings(), keep=2).backups == BackupSettings(keep=2)


def test_save_writes_a_commented_file_that_loads_back() -> None:
    chosen = with_backups(Settings(), keep=7, folder="/data/annotator backups")
    path = save(chosen)
    assert path == settings.settings_file()
    text = path.read_text(encoding="utf-8")
    assert "[backups]" in text and "keep = 7" in text
    assert "# Automatic backups kept per project" in text  # says what each key does
    assert load() == chosen
    assert save(Settings()) == path and load() == Settings()
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]  # no temporary left


def test_save_keeps_comments_unknown_keys_and_sections() -> None:
    original = """\
# my settings, do not lose this comment
[editor]
font = "Noto Sans"   # the article font
size = 13

[backups]
# I like a few
keep = 4   # was 10
future = "something a newer Annotator added"

[[profiles]]
name = "a"

[tables.nested]
values = [
  [1, 2],
  [3, 4],
]
text = \"\"\"
[backups]
keep = 99
\"\"\"
"""
    path = _write(original)
    with pytest.raises(SettingsError):
        load()  # "future" is unknown to this version; saving must still keep it
    save(with_backups(Settings(), keep=2))
    text = path.read_text(encoding="utf-8")
    assert "# my settings, do not lose this comment" in text
    assert "# I like a few" in text and "keep = 2  # was 10" in text
    data = tomllib.loads(text)
    assert data["backups"] == {
        "keep": 2,
        "future": "something a newer Annotator added",
        "folder": "",
    }
    before = tomllib.loads(original)
    for section in ("editor", "profiles", "tables"):
        assert data[section] == before[section]
    assert "keep = 99" in text  # inside a multi-line string: not a setting


def test_save_adds_a_missing_section_to_an_existing_file() -> None:
    path = _write('[editor]\nfont = "Noto Sans"\n')
    save(with_backups(Settings(), keep=5))
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data == {
        "editor": {"font": "Noto Sans"},
        "annotator": {"name": ""},
        "appearance": {"theme": "system", "font": "", "font_size": 0},
        "annotating": {"snapping": "tokens"},
        "keys": {},
        "backups": {"keep": 5, "folder": ""},
    }


def test_save_refuses_to_overwrite_a_malformed_file() -> None:
    path = _write("[backups\nkeep = 3\n")
    with pytest.raises(SettingsError, match="not overwriting"):
        save(Settings())
    assert path.read_text(encoding="utf-8") == "[backups\nkeep = 3\n"


def test_paths_with_quotes_and_backslashes_survive(tmp_path: Path) -> None:
    for folder in ("/it's/here", "/back\\slash", '/a "quoted" name'):
        save(with_backups(Settings(), folder=folder), tmp_path / "s.toml")
        assert load(tmp_path / "s.toml").backups.folder == folder


def test_the_annotator_name_defaults_to_the_login_name() -> None:
    from annotator.core.services.settings import AnnotatorSettings

    assert AnnotatorSettings(name="Ada").shown_name == "Ada"
    assert AnnotatorSettings().shown_name  # the login name, never empty
    _write('[annotator]\nname = "  padded"\n')
    with pytest.raises(SettingsError, match=r"\[annotator\] name must be one line"):
        load()


# -- appearance, annotating and keys (issue 8) ----------------------------------------
def test_appearance_annotating_and_keys_are_read() -> None:
    from annotator.core.services.settings import AnnotatingSettings, AppearanceSettings

    _write(
        '[appearance]\ntheme = "dark"\nfont = "Noto Serif"\nfont_size = 14\n\n'
        '[annotating]\nsnapping = "characters"\n\n'
        '[keys]\n"doc.next" = ["j", "ctrl+pgdown"]\n"span.delete" = "X"\n"view.zoom_out" = []\n'
    )
    loaded = load()
    assert loaded.appearance == AppearanceSettings(theme="dark", font="Noto Serif", font_size=14)
    assert loaded.annotating == AnnotatingSettings(snapping="characters")
    assert not loaded.annotating.snap_to_tokens
    assert loaded.keys == {
        "doc.next": ("J", "Ctrl+PgDown"),  # normalised
        "span.delete": ("X",),
        "view.zoom_out": (),
    }
    assert Settings().annotating.snap_to_tokens and Settings().appearance.theme == "system"


@pytest.mark.parametrize(
    ("text", "message"),
    [('[appearance]\ntheme = "blue"\n', 'theme must be "system", "light" or "dark", not .blue'),
     ("[appearance]\nfont_size = 5\n", "font_size must be 0 or a whole number from 6 to 48"),
     ("[appearance]\nfont_size = 49\n", "font_size must be 0 or a whole number from 6 to 48"),
     ('[appearance]\nfont = "Two\\nlines"\n', "font must be a font family name"),
     ('[annotating]\nsnapping = "words"\n', 'snapping must be "tokens" or "characters"'),
     ('[keys]\n"no.such" = "X"\n', r"\[keys\] unknown action 'no.such'"),
     ('[keys]\n"doc.next" = 3\n', r'\[keys\] "doc.next" must be a key such as "Ctrl\+J"'),
     ('[keys]\n"doc.next" = "Ctrl+Nope"\n', r"\[keys\] \"doc.next\": 'Ctrl\+Nope': unknown key"),
     ('[keys]\ndoc.next = "J"\n', r'quote action ids, as in "doc.next" = "J"'),
     ("keys = 3\n", r"keys must be a \[keys\] section")],
)  # fmt: skip
def test_bad_new_settings_name_the_key_and_what_is_allowed(text: str, message: str) -> None:
    path = _write(text)
    with pytest.raises(SettingsError, match=message) as error:
        load()
    assert str(error.value).startswith(f"{path}: ")
    loaded, warnings = load_lenient()  # the window starts with the defaults for these
    assert len(warnings) == 1 and loaded.keys == {} and loaded.appearance.theme == "system"


def test_new_sections_save_and_load_back(tmp_path: Path) -> None:
    from dataclasses import replace

    from annotator.core.services.settings import AnnotatingSettings, AppearanceSettings

    chosen = replace(
        Settings(),
        appearance=AppearanceSettings(theme="light", font="DejaVu Sans", font_size=12),
        annotating=AnnotatingSettings(snapping="characters"),
        keys={"doc.next": ("J",), "edit.redo": ("Ctrl+Y", "Ctrl+Shift+Z"), "view.zoom_in": ()},
    )
    path = save(chosen, tmp_path / "s.toml")
    text = path.read_text(encoding="utf-8")
    assert '"doc.next" = "J"' in text and '"edit.redo" = ["Ctrl+Y", "Ctrl+Shift+Z"]' in text
    assert '"view.zoom_in" = []' in text and "# Keyboard shortcuts:" in text
    assert 'theme = "light"' in text or "theme = 'light'" in text
    assert load(path) == chosen
    assert save(Settings(), path) and load(path) == Settings()  # resets remove the lines
    assert '"doc.next"' not in path.read_text(encoding="utf-8")


def test_saving_keys_keeps_comments_unknown_ids_and_rewrites_multiline_values() -> None:
    from dataclasses import replace

    path = _write(
        "[keys]\n"
        "# my bindings\n"
        '"doc.next" = [\n  "J",\n  "Ctrl+PgDown",\n]\n'
        '"span.delete" = "X"   # easier to reach\n'
        '"future.action" = "F9"  # a newer Annotator\'s\n'
        "\n[backups]\nkeep = 3\n"
    )
    with pytest.raises(SettingsError, match=r"unknown action 'future\.action'"):
        load()
    loaded, _warnings = load_lenient()
    assert loaded.keys == {"doc.next": ("J", "Ctrl+PgDown"), "span.delete": ("X",)}
    save(replace(loaded, keys={"span.delete": ("D",), "find.article": ("Ctrl+G",)}))
    text = path.read_text(encoding="utf-8")
    assert "# my bindings" in text and '"span.delete" = "D"  # easier to reach' in text
    data = tomllib.loads(text)
    assert data["keys"] == {"span.delete": "D", "future.action": "F9", "find.article": "Ctrl+G"}
    assert data["backups"]["keep"] == 3


def test_invalid_keys_cannot_be_made_in_code() -> None:
    with pytest.raises(SettingsError, match=r"\[keys\] unknown action"):
        Settings(keys={"nope": ("X",)})


def test_keys_override_an_old_keymap_toml_which_still_applies_elsewhere() -> None:
    from annotator.core.services.settings import keymap_for, keys_to_save, legacy_keymap_file

    legacy = legacy_keymap_file()
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_text('[keys]\n"doc.next" = "J"\n"span.delete" = "X"\n', encoding="utf-8")
    keymap, problem = keymap_for(Settings(keys={"doc.next": ("K",)}))
    assert problem is None
    assert keymap.keys("doc.next") == ("K",)  # settings.toml wins
    assert keymap.keys("span.delete") == ("X",)  # keymap.toml still counts
    assert keymap.keys("edit.undo") == ("Ctrl+Z",)
    # resetting an action keymap.toml overrides is written out, so the reset sticks
    bindings = dict(keymap.bindings, **{"span.delete": ("Delete", "Backspace")})
    assert keys_to_save(bindings) == {"doc.next": ("K",), "span.delete": ("Delete", "Backspace")}
    legacy.write_text("[keys\n", encoding="utf-8")
    keymap, problem = keymap_for(Settings())
    assert problem is not None and "invalid TOML" in problem and keymap.keys("doc.next")
