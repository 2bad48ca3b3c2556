"""The user guide (docs/guide): links resolve, keys are real, search finds pages; About data."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

from annotator import __version__
from annotator.core.model import schemas
from annotator.core.services import about, guide, paths
from annotator.core.services.keymap import Keymap, normalize

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
GUIDE = DOCS / "guide"
PAGES = sorted(GUIDE.glob("*.md"))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
CODE_SPAN = re.compile(r"`([^`\n]+)`")

# Keys the guide may name that are not keymap actions: the window handles them itself
# (picking a role or a target, the find bar, the panels, text selection).
WINDOW_KEYS = {"Return", "Escape", "Shift+Return", "F2", "Ins", "Up", "Down", "Left", "Right"}
_NAMED = (
    r"F\d{1,2}|Tab|Delete|Backspace|Esc|Escape|Enter|Return|Insert|PgUp|PgDown|Left|Right|Up|Down"
)
# a bare letter (a label key), or any key with modifiers; `+` alone is a cardinality
_KEY = re.compile(
    rf"^(?:(?:{_NAMED}|[A-Z])|(?:(?:Ctrl|Alt|Shift|Meta)\+)+(?:{_NAMED}|[A-Z0-9=+\-]))$"
)


def _links(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^```.*?^```", "", text, flags=re.DOTALL | re.MULTILINE)
    return LINK.findall(text)


def test_the_guide_has_the_pages_the_issue_asks_for() -> None:
    names = {page.name for page in PAGES}
    assert {"index.md", "getting-started.md", "annotating.md", "import-export.md",
            "troubleshooting.md", "faq.md"} <= names  # fmt: skip
    assert paths.guide_dir() == GUIDE and guide.start_page().name == "getting-started.md"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_in_the_guide_resolves(page: Path) -> None:
    """Links must reach a file shipped with the package (under docs/) and, when they
    name a heading, that heading (GitHub's anchor, which the help browser follows)."""
    for link in _links(page):
        if re.match(r"^[a-z]+:", link):
            continue  # http(s), mailto: the desktop's browser
        target, _sep, anchor = link.partition("#")
        path = (page.parent / target).resolve() if target else page
        assert path.is_file(), f"{page.name}: {link} does not exist"
        assert DOCS.resolve() in path.parents, f"{page.name}: {link} leaves docs/ (not shipped)"
        if anchor:
            slugs = {guide.slug(text) for _level, text in guide.headings(path.read_text("utf-8"))}
            assert anchor in slugs, f"{page.name}: {link}: no such heading in {path.name}"


def test_the_guide_links_the_generated_keyboard_reference() -> None:
    for name in ("index.md", "getting-started.md", "annotating.md"):
        assert "../keyboard.md" in _links(GUIDE / name), name
    # the reference is generated from the keymap (tests/core/test_keymap.py keeps it in step),
    # so it covers every action group
    reference = (DOCS / "keyboard.md").read_text(encoding="utf-8")
    for group, _rows in Keymap().sheet():
        assert f"## {group}" in reference


def test_every_key_the_guide_names_exists() -> None:
    keymap = Keymap()
    bound = {key for keys in keymap.bindings.values() for key in keys}
    news = schemas.load()
    label_keys = {normalize(label.key) for label in news.labels if label.key}
    known = bound | label_keys | WINDOW_KEYS
    named = set()
    for page in PAGES:
        for span in CODE_SPAN.findall(page.read_text(encoding="utf-8")):
            if _KEY.match(span) and not span.isdigit():
                named.add(normalize(span))
    unknown = sorted(named - known)
    assert not unknown, f"the guide names keys the program does not have: {unknown}"
    # and the keys a newcomer needs first are all there
    for key in ("Ctrl+Return", "Tab", "Ctrl+Z", "R", "Ctrl+R", "Ctrl+E", "Shift+F1", "F1"):
        assert key in named, key


def test_search_finds_pages_guide_first() -> None:
    hits = guide.search("xcb plugin")
    assert hits and hits[0].path.name == "troubleshooting.md"
    assert "xcb" in hits[0].line.lower()
    assert guide.search("qxwvzq") == [] and guide.search("  ") == []
    reference_hits = [h.path.name for h in guide.search("sentencizer")]
    assert "conll.md" in reference_hits  # pages the guide links to are searched too
    assert not any("adr" in h.path.parts for h in guide.search("offsets"))


def test_slugs_follow_github() -> None:
    assert guide.slug("The window does not open on Linux") == "the-window-does-not-open-on-linux"
    assert guide.slug('"Already open in another Annotator"') == "already-open-in-another-annotator"
    assert guide.slug("`annotator check PROJECT`") == "annotator-check-project"
    assert guide.slug("Offsets look shifted?") == "offsets-look-shifted"


def test_html_comments_are_dropped_for_the_help_browser() -> None:
    text = "# Title\n\n<!-- generated;\nregenerate with x -->\n\nBody\n"
    assert "regenerate" not in guide.strip_comments(text)
    assert guide.headings("# A\n```\n# not a heading\n```\n## B\n") == [(1, "A"), (2, "B")]


def test_about_reads_the_one_licence_file() -> None:
    assert about.license_text() == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert about.LICENCE_NAME in (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_about_gives_the_homepage_from_pyproject() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    expected = pyproject["project"]["urls"]["Homepage"]
    found = about.homepage()
    assert found in (expected, None)  # None only when the package was never installed


def test_the_version_report_names_what_a_bug_report_needs() -> None:
    report = about.version_report([("Qt", "6.x")])
    assert report.splitlines()[0] == f"Annotator: {__version__}"
    assert f"Python: {sys.version.split()[0]}" in report
    assert "Qt: 6.x" in report and "SQLite: " in report and "System: " in report
