"""HTML news pages (docs/formats/html.md): a ``.html``/``.htm`` file or a folder of them.

Each page becomes one document holding only the article's plain text:
paragraphs (and lines broken with ``<br>``) are separated by a blank line,
whitespace inside a paragraph is collapsed to single spaces, character
references are decoded. No markup survives, so offsets count exactly what the
article view shows.

The text comes from trafilatura when it is installed (the ``html`` extra),
else from a small extractor built on the standard library's ``html.parser``
that drops scripts, styles, navigation, page headers, footers, asides and forms
and reads the ``<article>`` (else ``<main>``, else ``<body>``). ``meta.extractor``
says which one produced the text. Nothing is ever fetched: links, images and
frames are not followed.

Bytes are decoded as browsers do, without the network: a byte-order mark wins,
then the charset the page declares (``<meta charset>``, ``http-equiv``, an XML
declaration; ``iso-8859-1`` and ``ascii`` mean windows-1252), then UTF-8, then
windows-1252.
"""

from __future__ import annotations

import codecs
import importlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError, no_progress
from annotator.core.io.base import ReadContext
from annotator.core.model.records import DocumentRecord

SUFFIXES = (".html", ".htm")

# Elements whose content is never article text.
SKIPPED = frozenset(
    {
        *("script", "style", "noscript", "template", "title"),
        *("nav", "header", "footer", "aside", "form"),
        *("svg", "math", "iframe", "object", "canvas", "button", "select", "textarea"),
    }
)
# Elements that start and end a paragraph.
BLOCKS = frozenset(
    {
        *("p", "div", "br", "hr", "body", "article", "main", "section", "address", "pre"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption"),
        *("ul", "ol", "li", "dl", "dt", "dd", "details", "summary"),
        *("table", "caption", "tr", "td", "th"),
    }
)
HEAD_BYTES = 8192  # how far to look for a declared charset (browsers look at 1024)

_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_XML_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>")
# Labels the HTML standard maps to windows-1252 (a superset of both).
_WINDOWS_1252 = {"latin_1", "iso8859-1", "ascii", "cp1252"}


# -- reading -------------------------------------------------------------------
def load(path: Path, ctx: ReadContext) -> list[DocumentRecord]:
    """The registry's entry point: an HTML file, or a folder of them (recursively)."""
    if path.is_dir():
        return read_folder(path, ctx.progress, ctx.warn)
    return [read_file(path, warn=ctx.warn)]


def html_files(folder: Path) -> Iterator[Path]:
    """``.html``/``.htm`` files under a folder, sorted, skipping hidden files and folders."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            yield path


def read_folder(
    folder: Path,
    progress: Callable[[int, int], None] = no_progress,
    warn: Callable[[str], None] | None = None,
) -> list[DocumentRecord]:
    files = list(html_files(folder))
    if not files:
        raise InputError(f"{folder}: no .html or .htm files in this folder")
    records = []
    for index, path in enumerate(files):
        if index % 20 == 0:
            progress(index, len(files))
        records.append(read_file(path, path.relative_to(folder).as_posix(), warn))
    return records


def read_file(
    path: Path, name: str | None = None, warn: Callable[[str], None] | None = None
) -> DocumentRecord:
    """One page as a document; ``name`` (relative to the imported folder) goes in meta."""
    name = name or path.name
    # a file name that is not UTF-8 arrives with lone surrogates; keep it readable
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    markup, encoding, mismatch = decode_html(data)
    if mismatch and warn is not None:
        warn(f"{path}: the page declares {mismatch} but its bytes are not; read as {encoding}")
    try:
        page = extract(markup)
    except MarkupError as exc:
        raise InputError(f"{path} line {exc.line}: cannot read the markup ({exc})") from None
    if not page.text:
        raise InputError(f"{path}: no article text found in this page")
    meta: dict[str, Any] = {key: value for key, value in page.meta.items() if value}
    meta.update(file=name, extractor=page.extractor, encoding=encoding)
    return DocumentRecord(text=page.text, meta=meta, source=str(path))


# -- decoding ------------------------------------------------------------------
def decode_html(data: bytes) -> tuple[str, str, str]:
    """(text, encoding used, declared charset that failed or "")."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace"), encoding, ""
    declared = declared_charset(data[:HEAD_BYTES])
    if declared:
        try:
            return data.decode(declared), declared, ""
        except (UnicodeError, LookupError):
            # bytes the codec refuses (punycode and idna raise UnicodeError), or a
            # codec that does not make text (hex, rot13: LookupError)
            pass
    try:
        return data.decode("utf-8"), "utf-8", declared
    except UnicodeDecodeError:
        # windows-1252 leaves five bytes undefined; they are rare enough to replace
        return data.decode("cp1252", "replace"), "cp1252", "" if declared == "cp1252" else declared


def declared_charset(head: bytes) -> str:
    """The charset a page declares in its first bytes, as a Python codec name ("" if none)."""
    found = _XML_DECLARATION.match(head) or _CHARSET.search(head)
    if found is None:
        return ""
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return ""
    if name in _WINDOWS_1252:
        return "cp1252"
    if name == "gb2312":
        return "gbk"  # as browsers read it: GBK is its superset
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # a page readable enough to declare this in ASCII is not UTF-16
    return name


# -- extracting ----------------------------------------------------------------
@dataclass
class Page:
    text: str
    extractor: str
    meta: dict[str, str] = field(default_factory=dict)


# Eight or more decimal digits, seven or more hex digits (after leading zeros): beyond
# any code point.
_HUGE_REFERENCE = re.compile(r"&#(?:[xX]0*[1-9a-fA-F][0-9a-fA-F]{6,}|0*[1-9][0-9]{7,});?")


def extract(markup: str) -> Page:
    """The article text and metadata: trafilatura when installed and it finds text."""
    markup = _XML_PROLOG.sub("", markup, count=1)  # lxml refuses str with an encoding prolog
    # A numeric reference past U+10FFFF is U+FFFD in HTML5; Python's unescape would try
    # to make an int of thousands of digits and fail (ValueError), so it never sees one.
    markup = _HUGE_REFERENCE.sub("\ufffd", markup)
    parser = _parse(markup, SKIPPED)
    text = parser.text()
    if not text and parser.saw_form:
        # ASP.NET pages wrap the whole body in one <form>
        parser = _parse(markup, SKIPPED - {"form"})
        text = parser.text()
    meta = parser.metadata()
    if not text:
        # Nothing outside scripts and page chrome: no article, although trafilatura's
        # last-resort baseline would return the menu's words.
        return Page("", "stdlib", meta)
    found = _trafilatura(markup)
    if found is not None and found[0]:
        for key, value in found[1].items():
            if not meta.get(key):
                meta[key] = value  # our markup-based values first, trafilatura's fill gaps
        return Page(found[0], "trafilatura", meta)
    return Page(text, "stdlib", meta)


class MarkupError(ValueError):
    """Markup the standard library's HTML parser refuses, at ``line`` of the page."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(" ".join(message.split()))  # one line: it may quote the markup
        self.line = line


def _parse(markup: str, skipped: frozenset[str]) -> _Extractor:
    parser = _Extractor(skipped)
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError as exc:
        # html.parser refuses some malformed declarations ("<![" not followed by a
        # name) with an AssertionError, where browsers read on
        raise MarkupError(str(exc) or "malformed markup", parser.getpos()[0]) from None
    return parser


def _trafilatura(markup: str) -> tuple[str, dict[str, str]] | None:
    try:
        # an optional extra, imported by name so type checks need not find it
        trafilatura: Any = importlib.import_module("trafilatura")
    except ImportError:
        return None
    try:
        result = trafilatura.bare_extraction(
            markup,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=True,
            deduplicate=False,
        )
    except Exception:  # a heuristic failing on odd markup: the stdlib text still stands
        return None
    if result is None:
        return "", {}
    values: dict[str, Any] = result if isinstance(result, dict) else result.as_dict()
    text = paragraphs(str(values.get("text") or "").splitlines())
    meta = {key: str(values[key]) for key in ("title", "date", "url") if values.get(key)}
    return text, meta


def paragraphs(lines: Iterator[str] | list[str]) -> str:
    """Lines to paragraphs: whitespace collapsed, blank ones dropped, a blank line between."""
    kept = (" ".join(line.split()) for line in lines)
    return "\n\n".join(line for line in kept if line)


class _Sink:
    """The paragraphs of one container (the body, a main, an outermost article)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def flush(self) -> None:
        if self.current:
            self.lines.append("".join(self.current))
            self.current = []

    def text(self) -> str:
        self.flush()
        return paragraphs(self.lines)


class _Extractor(HTMLParser):
    """The standard-library extractor, and the page's metadata for both extractors."""

    def __init__(self, skipped: frozenset[str] = SKIPPED) -> None:
        super().__init__(convert_charrefs=True)
        self.skipped = skipped
        self.saw_form = False
        self.skipping: list[str] = []  # open elements whose content is dropped
        self.body = _Sink()
        self.articles: list[_Sink] = []
        self.mains: list[_Sink] = []
        # per container tag: a stack of (sink or None, skip depth at its start)
        self.open: dict[str, list[tuple[_Sink | None, int]]] = {"article": [], "main": []}
        self.meta: dict[str, str] = {}
        self.title: list[str] | None = None
        self.h1: list[str] | None = None
        self.time = ""
        self.json_ld: list[str] | None = None
        self.json_ld_texts: list[str] = []

    # -- parser callbacks ------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        self._metadata(tag, values)
        if tag in self.open:
            sink = None
            if not self.skipping and not any(s for s, _ in self.open[tag]):
                sink = _Sink()
                (self.articles if tag == "article" else self.mains).append(sink)
            self.open[tag].append((sink, len(self.skipping)))
        if tag in BLOCKS:
            self._flush()
        # an article's own <header> holds its headline and byline: article text
        if tag in self.skipped and not (tag == "header" and self.open["article"]):
            self.skipping.append(tag)
        self.saw_form = self.saw_form or tag == "form"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in {"br", "hr"}:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipping:
            while self.skipping and self.skipping.pop() != tag:
                pass
        if tag == "title" and self.title is not None:
            self.meta.setdefault("page_title", " ".join("".join(self.title).split()))
            self.title = None
        elif tag == "h1" and self.h1 is not None:
            self.meta.setdefault("h1", " ".join("".join(self.h1).split()))
            self.h1 = None
        elif tag == "script" and self.json_ld is not None:
            self.json_ld_texts.append("".join(self.json_ld))
            self.json_ld = None
        if tag in BLOCKS:
            self._flush()
        if self.open.get(tag):
            sink, depth = self.open[tag].pop()
            del self.skipping[depth:]  # an element left open inside ends with its container
            if sink is not None:
                sink.flush()
        elif tag in {"body", "html"}:
            self.skipping.clear()

    def handle_data(self, data: str) -> None:
        for collecting in (self.title, self.h1, self.json_ld):
            if collecting is not None:
                collecting.append(data)
        if self.skipping:
            return
        for sink in self._sinks():
            sink.current.append(data)

    # -- helpers ---------------------------------------------------------------
    def _sinks(self) -> Iterator[_Sink]:
        yield self.body
        for stack in self.open.values():
            for sink, _depth in stack:
                if sink is not None:
                    yield sink

    def _flush(self) -> None:
        for sink in self._sinks():
            sink.flush()

    def _metadata(self, tag: str, values: dict[str, str]) -> None:
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            content = values.get("content", "").strip()
            names = {
                "og:title": "og_title",
                "og:url": "og_url",
                "article:published_time": "published",
                "datepublished": "itemprop_date",
            }
            if content and key.lower() in names:
                self.meta.setdefault(names[key.lower()], content)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            if values.get("href", "").strip():
                self.meta.setdefault("canonical", values["href"].strip())
        elif tag == "title" and "page_title" not in self.meta and not self.skipping:
            self.title = []
        elif tag == "h1" and "h1" not in self.meta:
            self.h1 = []
        elif tag == "time" and not self.time:
            self.time = values.get("datetime", "").strip()
        elif tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self.json_ld = []

    # -- results ---------------------------------------------------------------
    def text(self) -> str:
        """The longest outermost article, else the longest main, else the body."""
        for sinks in (self.articles, self.mains):
            texts = [sink.text() for sink in sinks]
            best = max(texts, key=len, default="")
            if best:
                return best
        return self.body.text()

    def metadata(self) -> dict[str, str]:
        found = self.meta
        date = found.get("published") or _json_ld_date(self.json_ld_texts)
        date = date or found.get("itemprop_date") or self.time
        values = {
            "title": found.get("og_title") or found.get("page_title") or found.get("h1", ""),
            "date": date,
            "url": found.get("canonical") or found.get("og_url", ""),
        }
        return {key: value for key, value in values.items() if value}


def _json_ld_date(texts: list[str]) -> str:
    """The first ``datePublished`` in the page's JSON-LD blocks (any nesting)."""
    for text in texts:
        try:
            value = json.loads(text)
            found = _find_key(value, "datePublished")
        except (ValueError, RecursionError):  # not JSON, or nested too deeply to read
            continue
        if found:
            return found
    return ""


def _find_key(value: Any, key: str) -> str:
    if isinstance(value, dict):
        item = value.get(key)
        if isinstance(item, str) and item.strip():
            return item.strip()
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            found = _find_key(item, key)
            if found:
                return found
    return ""
