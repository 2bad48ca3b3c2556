"""HTML news pages: plain article text and metadata, with or without trafilatura."""

from __future__ import annotations

import importlib.util
import re
import shutil
import socket
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import InputError
from annotator.core.io import formats
from annotator.core.io.base import ReadContext
from annotator.core.io.html import Page, declared_charset, decode_html, extract
from annotator.core.io.html import load as load_html
from annotator.core.model import schemas
from annotator.core.project import Project

PAGES = Path(__file__).parent.parent / "data" / "formats" / "html"
HAS_TRAFILATURA = importlib.util.find_spec("trafilatura") is not None
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


@pytest.fixture(params=["trafilatura", "stdlib"])
def extractor(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with each extractor; "stdlib" hides trafilatura."""
    name: str = request.param
    if name == "trafilatura":
        if not HAS_TRAFILATURA:
            pytest.skip("trafilatura is not installed")
        try:
            import trafilatura  # noqa: F401
        except ImportError as exc:  # installed but broken (lxml_html_clean missing)
            pytest.skip(f"trafilatura does not import: {exc}")
    else:
        monkeypatch.setitem(sys.modules, "trafilatura", None)  # "import" now raises
    return name


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Importing pages never fetches anything."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the HTML import tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def read(path: Path, ctx: ReadContext | None = None) -> list[Any]:
    return formats.read([path], "auto", context=ctx or ReadContext())


def assert_plain(text: str) -> None:
    assert _TAG.search(text) is None, text
    assert _ENTITY.search(text) is None, text
    assert "MUST-NOT-APPEAR" not in text


# -- extraction ------------------------------------------------------------------
def test_article_text_and_metadata(extractor: str) -> None:
    (record,) = read(PAGES / "article.html")
    text = record.text
    assert record.meta == {
        "title": "Floods hit Valencia as rivers burst their banks",  # og:title
        "date": "2024-10-30T08:15:00Z",
        "url": "https://news.example.com/world/valencia-floods",  # canonical over og:url
        "file": "article.html",
        "extractor": extractor,
        "encoding": "utf-8",
    }
    assert_plain(text)
    for gone in ("SCRIPT-TEXT", "tracker", "font-family", "COMMENT", "NAV-", "Home", "FOOTER"):
        assert gone not in text
    # references decoded, whitespace collapsed within paragraphs, blank line between them
    assert "killing at least 95 people, the regional government said on Wednesday." in text
    assert "Pedro Sánchez" in text and "Café owners" in text and "shops & streets" in text
    assert "“We have never seen anything like this,”" in text
    paragraphs = text.split("\n\n")
    assert all(p and p == " ".join(p.split()) for p in paragraphs)
    assert paragraphs[-1].startswith("The AEMET weather agency said")
    assert sum(p.startswith("Torrential rain caused flash floods") for p in paragraphs) == 1


def test_headline_of_the_article_is_kept(extractor: str) -> None:
    (record,) = read(PAGES / "article.html")
    assert record.text.startswith("Floods hit Valencia as rivers burst their banks\n\n")


def test_empty_page_is_an_error_naming_the_file(extractor: str) -> None:
    path = PAGES / "empty.html"
    with pytest.raises(InputError, match=re.escape(f"{path}: no article text")):
        read(path)


def test_line_breaks_become_paragraphs(extractor: str) -> None:
    (record,) = read(PAGES / "xhtml-latin9.html")
    assert record.text == "The € sign is byte A4 in ISO-8859-15.\n\nLine one\n\nline two"


def test_stdlib_prefers_article_then_main_then_body(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    page = (
        "<body><p>Body intro.</p><main><p>Main text.</p>"
        "<article><p>Short.</p></article><article><p>The longer article.</p>"
        "<article><p>A comment.</p></article></article></main></body>"
    )
    assert extract(page).text == "The longer article.\n\nA comment."
    assert extract("<body><p>Intro.</p><main><p>Main text.</p></main></body>").text == (
        "Main text."
    )
    assert extract("<p>One<p>Two <b>bold</b>\n  and   more</p><br>Three").text == (
        "One\n\nTwo bold and more\n\nThree"
    )
    # a literal "<b>" written as text is text, not markup
    assert extract("<p>a &lt;b&gt; tag</p>").text == "a <b> tag"
    # an ASP.NET page: everything inside one form
    assert extract("<body><form><p>All the news.</p></form></body>").text == "All the news."
    assert extract("<body><nav>Home</nav><!-- <p>x</p> --></body>").text == ""


def test_trafilatura_failing_or_old_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    page = "<html><head><title>T</title></head><body><p>Our own text.</p></body></html>"

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ValueError("odd markup")

    monkeypatch.setitem(sys.modules, "trafilatura", types.SimpleNamespace(bare_extraction=broken))
    assert extract(page) == Page("Our own text.", "stdlib", {"title": "T"})

    def old(*args: Any, **kwargs: Any) -> dict[str, Any]:  # trafilatura 1.x returns a dict
        return {"text": "Their  text.\nSecond line.", "title": "Theirs", "date": "2024-01-02"}

    monkeypatch.setitem(sys.modules, "trafilatura", types.SimpleNamespace(bare_extraction=old))
    found = extract(page)
    assert found.text == "Their text.\n\nSecond line."
    assert found.extractor == "trafilatura"
    assert found.meta == {"title": "T", "date": "2024-01-02"}  # the page's title first


# -- metadata ----------------------------------------------------------------------
def page(tmp_path: Path, head: str, body: str = "<p>Some article text here.</p>") -> Path:
    path = tmp_path / "page.html"
    path.write_text(f"<html><head>{head}</head><body>{body}</body></html>", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        ("<title>Page title</title>", "<h1>Heading</h1><p>Text here.</p>", "Page title"),
        ("", "<header><h1>Heading one</h1></header><p>Text here.</p>", "Heading one"),
        ('<meta property="og:title" content="OG"><title>T</title>', "<p>Text.</p>", "OG"),
    ],
)
def test_title_sources(extractor: str, tmp_path: Path, head: str, body: str, expected: str) -> None:
    (record,) = read(page(tmp_path, head, body))
    assert record.meta["title"] == expected


def test_date_and_url_fallbacks(extractor: str, tmp_path: Path) -> None:
    json_ld = (
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
        '{"@type": "NewsArticle", "datePublished": "2023-05-01T10:00:00+02:00"}]}</script>'
        '<meta property="og:url" content="https://example.org/og">'
    )
    (record,) = read(page(tmp_path, json_ld, '<p>Text <time datetime="2020-01-01">x</time></p>'))
    assert record.meta["date"] == "2023-05-01T10:00:00+02:00"  # JSON-LD before <time>
    assert record.meta["url"] == "https://example.org/og"
    (record,) = read(
        page(tmp_path, "", '<p>Text of the story <time datetime="2021-02-03">x</time></p>')
    )
    assert record.meta["date"] == "2021-02-03"


def test_stdlib_metadata_is_left_out_when_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    assert extract("<p>Just text.</p>").meta == {}


# -- decoding ------------------------------------------------------------------------
def test_declared_latin1_is_read_as_windows_1252(extractor: str) -> None:
    (record,) = read(PAGES / "latin1.html")
    assert record.meta["encoding"] == "cp1252"
    assert record.meta["title"] == "Café prices rise in Zürich"
    assert "costs 5.20 francs – about 5.50 € – the city’s statistics office" in record.text
    assert "Café Schön" in record.text


def test_undeclared_non_utf8_falls_back_to_windows_1252(extractor: str) -> None:
    (record,) = read(PAGES / "undeclared-cp1252.htm")
    assert record.meta["encoding"] == "cp1252"
    assert record.text == "The naïve résumé cost €10 — “quite cheap”."


def test_wrong_declaration_warns_and_falls_back(extractor: str) -> None:
    ctx = ReadContext()
    (record,) = read(PAGES / "mislabelled.html", ctx)
    assert record.text == "São Paulo’s mayor spoke on Monday."
    assert len(ctx.warnings) == 1
    assert "mislabelled.html" in ctx.warnings[0] and "declares utf-8" in ctx.warnings[0]


def test_xml_declaration_charset(extractor: str) -> None:
    (record,) = read(PAGES / "xhtml-latin9.html")
    assert record.meta["encoding"] == "iso8859-15"
    assert "The € sign" in record.text


def test_byte_order_marks(extractor: str, tmp_path: Path) -> None:
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Ünïcödé ☃ text</p></body></html>'
    for name, data in (
        ("utf8.html", b"\xef\xbb\xbf" + html.encode("utf-8")),
        ("utf16.html", b"\xff\xfe" + html.encode("utf-16-le")),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        (record,) = read(path)
        assert record.text == "Ünïcödé ☃ text", name  # the BOM wins over the declaration


def test_charset_detection_units() -> None:
    assert declared_charset(b'<meta charset="UTF-8">') == "utf-8"
    assert declared_charset(b"<meta charset=latin1>") == "cp1252"
    assert (
        declared_charset(b'<meta http-equiv="content-type" content="text/html; charset=ascii">')
        == "cp1252"
    )
    assert declared_charset(b"<meta charset=gb2312>") == "gbk"
    assert declared_charset(b"<meta charset=no-such-codec>") == ""
    assert declared_charset(b"<p>nothing</p>") == ""
    assert decode_html("naïve".encode()) == ("naïve", "utf-8", "")


# -- files and folders ------------------------------------------------------------------
def test_folder_import_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(PAGES / "folder", folder)
    (folder / ".cache").mkdir()
    (folder / ".cache" / "old.html").write_text("<p>Hidden folder.</p>", encoding="utf-8")
    (folder / ".draft.html").write_text("<p>Hidden file.</p>", encoding="utf-8")
    records = read(folder)  # detected as html: no .txt files there
    assert [r.meta["file"] for r in records] == ["a.html", "world/b.htm"]
    assert [r.text for r in records] == [
        "Rebels seized the town of Kidal on Sunday.",
        "Second page\n\nTalks resumed in Geneva.",
    ]
    assert [r.meta.get("title") for r in records] == ["First page", "Second page"]


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "x.css").write_text("p {}", encoding="utf-8")
    with pytest.raises(InputError, match=r"no \.html or \.htm files"):
        load_html(tmp_path, ReadContext())


def test_suffixes_are_detected() -> None:
    assert formats.detect(PAGES / "article.html") == "html"
    assert formats.detect(PAGES / "undeclared-cp1252.htm") == "html"


# -- into a project --------------------------------------------------------------------
def test_imported_documents_hold_plain_text(extractor: str) -> None:
    """What the window's article view shows (the stored text) carries no markup."""
    records = [r for name in ("article.html", "latin1.html") for r in read(PAGES / name)]
    project = Project.in_memory(schemas.load("news"))
    project.import_records(records)
    ids = project.document_ids()
    assert len(ids) == 2
    for doc_id, record in zip(ids, records, strict=True):
        document = project.document(doc_id)
        assert document.text == record.text
        assert_plain(document.text)
        assert document.title == record.meta["title"]
        assert document.meta["extractor"] == extractor
