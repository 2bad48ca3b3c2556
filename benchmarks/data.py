"""Synthetic corpora and the projects built from them, generated once and cached.

Everything is deterministic (a fixed seed, one ``random.Random`` per document), so
document ``i`` is the same whichever batch produces it and reruns reuse the cache.
Texts read like wire copy: datelines, quotes, names (some non-ASCII: Erdoğan,
Kraków, Ḥomṣ, Москва), typographic punctuation, and now and then an astral
character (emoji, a flag) so that code-point and UTF-16 offsets differ.

Cache: ``$ANNOTATOR_BENCH_CACHE`` or ``~/.cache/annotator-benchmarks`` (never the
repository). Cached projects are keyed by the generator version, the sizes and the
project format version; delete the folder to rebuild everything.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEED = 20240611
GENERATOR_VERSION = 1


@dataclass(frozen=True)
class Sizes:
    name: str
    import_docs: int  # import and export benchmarks
    list_docs: int  # document list, memory, project search, cold start
    article_chars: int  # the big article
    article_spans: int
    article_line: int  # its one paragraph without a line break
    keystrokes: int
    batch: int  # documents per import batch when building the big project


TARGET = Sizes("target", 20_000, 100_000, 1_000_000, 25_000, 200_000, 200, 20_000)
QUICK = Sizes("quick", 2_000, 10_000, 250_000, 6_250, 50_000, 50, 2_000)


def cache_dir() -> Path:
    override = os.environ.get("ANNOTATOR_BENCH_CACHE")
    if override:
        base = Path(override)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "annotator-benchmarks"
    base.mkdir(parents=True, exist_ok=True)
    return base


def _schema_version() -> int:
    from annotator.core.store.migrations import SCHEMA_VERSION

    return SCHEMA_VERSION


def _key() -> str:
    return f"g{GENERATOR_VERSION}-f{_schema_version()}"


# -- words ---------------------------------------------------------------------
_FUNCTION = (
    "the the the the a a an of of of to to to in in in and and and that for on on with "
    "as at by from its it was were is are has have had be been will would could said "
    "after before while over under about into than more most which who when where but "
    "not also their this these those other some any all new last first"
)
_WORDS = (
    "government minister officials police army forces troops talks agreement ceasefire "
    "election vote parliament court judge ruling report statement spokesman spokeswoman "
    "president prime leader party opposition protest protesters crowd city capital "
    "region province border village town streets hospital school market prices inflation "
    "economy growth bank rates budget deficit debt tax company shares investors trade "
    "exports imports oil gas energy power plant factory workers union strike wages jobs "
    "unemployment migrants refugees aid convoy camp shelling attack strike airstrike "
    "missile drone explosion fire flood storm earthquake rescue victims dead injured "
    "wounded killed arrested detained released charged accused sentenced investigation "
    "inquiry evidence witnesses residents families children women men people country "
    "nation state federal local national international foreign domestic security defence "
    "health vaccine virus outbreak cases doctors nurses patients climate emissions summit "
    "conference meeting delegation envoy ambassador embassy sanctions negotiations deal "
    "plan proposal bill law reform measures policy campaign candidate poll results turnout "
    "coalition cabinet ministry agency authority council committee board chief executive "
    "director analyst expert observers critics supporters rivals allies partners neighbours "
    "week month year weekend morning evening night hours days decades percent million "
    "billion dollars euros record highest lowest rising falling sharp steady early late "
    "major key senior former acting interim regional northern southern eastern western "
    "central coastal rural urban remote heavy fresh further renewed continued growing "
    "announced confirmed denied warned urged called demanded rejected approved signed "
    "launched opened closed blocked seized captured evacuated fled returned arrived left "
    "met visited told added noted described expected planned promised agreed refused"
)
FUNCTION = _FUNCTION.split()
WORDS = _WORDS.split()

PER = (
    "Angela Merkel",
    "Emmanuel Macron",
    "Recep Tayyip Erdoğan",
    "Volodymyr Zelenskyy",
    "Vladimir Putin",
    "Bashar al-Assad",
    "Joe Biden",
    "Olaf Scholz",
    "Giorgia Meloni",
    "Narendra Modi",
    "Luiz Inácio Lula da Silva",
    "Cyril Ramaphosa",
    "Jacinda Ardern",
    "Pedro Sánchez",
    "Mateusz Morawiecki",
    "Viktor Orbán",
    "Søren Kierkegaard",
    "Ngozi Okonjo-Iweala",
    "Antonio Guterres",
    "Ursula von der Leyen",
    "Kim Jong Un",
    "Xi Jinping",
    "Fumio Kishida",
    "Benjamin Netanyahu",
    "Mahmoud Abbas",
    "Li Qiang",
    "Andrés Manuel López Obrador",
    "Zoran Milanović",
    "Ilham Aliyev",
    "Nikol Pashinyan",
)
ORG = (
    "United Nations",
    "European Union",
    "NATO",
    "World Health Organization",
    "Reuters",
    "Red Cross",
    "Médecins Sans Frontières",
    "Gazprom",
    "Siemens",
    "Société Générale",
    "Nestlé",
    "Volkswagen",
    "Škoda",
    "International Monetary Fund",
    "World Bank",
    "African Union",
    "OPEC",
    "Amnesty International",
    "Human Rights Watch",
    "UNICEF",
    "Bundestag",
    "Kremlin",
    "Pentagon",
    "Al Jazeera",
    "Deutsche Bahn",
    "Hyundai",
)
GPE = (
    "Syria",
    "Ukraine",
    "Russia",
    "Germany",
    "France",
    "Türkiye",
    "Poland",
    "Brazil",
    "India",
    "China",
    "Japan",
    "Israel",
    "Egypt",
    "Nigeria",
    "Kenya",
    "Mexico",
    "Kraków",
    "Łódź",
    "São Paulo",
    "Düsseldorf",
    "Ḥomṣ",
    "Aleppo",
    "Palmyra",
    "Kyiv",
    "Kharkiv",
    "Москва",
    "北京",
    "Zürich",
    "Göteborg",
    "Reykjavík",
    "Bogotá",
    "Ciudad de México",
    "Washington",
    "London",
    "Brussels",
    "Geneva",
    "Istanbul",
    "Tehran",
    "Baghdad",
    "Gaza",
)
LOC = (
    "the Black Sea",
    "the Euphrates",
    "the Alps",
    "the Sahel",
    "the Danube",
    "the Mediterranean",
    "the Strait of Hormuz",
    "the Amazon",
    "the Sinai Peninsula",
    "the Golan Heights",
    "the Dnipro",
    "the Andes",
    "the Himalayas",
    "Lake Victoria",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ASTRAL = ("😀", "📰", "🇺🇦", "🇸🇾", "👍", "🔥", "𝕏", "🙏")
EVENTS = ("attack", "strike", "evacuation", "talks", "transport", "arrest", "election")
SOURCES = ("Wire", "Reuters", "AP", "AFP", "dpa", "ANSA", "EFE", "PAP")
RARE_WORD = "Vrbnik"  # in one document of every thousand: the "rare" search query
RARE_EVERY = 1000


def _date(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(DAYS)
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1998, 2024)}"


def _mention(rng: random.Random) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(PER), "PER"
    if roll < 0.55:
        return rng.choice(ORG), "ORG"
    if roll < 0.80:
        return rng.choice(GPE), "GPE"
    if roll < 0.88:
        return rng.choice(LOC), "LOC"
    return _date(rng), "DATE"


class _Writer:
    """Text in pieces, with spans in code points (end exclusive)."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0
        self.spans: list[tuple[int, int, str]] = []

    def add(self, text: str, label: str | None = None) -> None:
        if label is not None:
            self.spans.append((self.length, self.length + len(text), label))
        self.pieces.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.pieces)


def _filler(rng: random.Random, count: int) -> str:
    words = rng.choices(WORDS, k=count)
    glue = rng.choices(FUNCTION, k=count)
    return " ".join(f"{g} {w}" for g, w in zip(glue, words, strict=True))


def _sentence(rng: random.Random, out: _Writer, mention: bool) -> None:
    """One sentence; with ``mention``, it names an entity (one span)."""
    shape = rng.random()
    opening = _filler(rng, rng.randint(3, 7))
    opening = opening[0].upper() + opening[1:]
    if mention:
        text, label = _mention(rng)
        if shape < 0.25:
            out.add(text, label)
            out.add(f" {rng.choice(WORDS)} {_filler(rng, rng.randint(3, 8))}.")
        elif shape < 0.45:
            out.add(f"“{opening} {rng.choice(WORDS)},” said ")
            out.add(text, label)
            out.add(f", {_filler(rng, rng.randint(2, 5))}.")
        else:
            out.add(f"{opening} ")
            out.add(text, label)
            out.add(f" {_filler(rng, rng.randint(2, 7))}.")
    else:
        out.add(f"{opening} {_filler(rng, rng.randint(2, 9))}.")
    if rng.random() < 0.02:
        out.add(" " + rng.choice(ASTRAL))
    if rng.random() < 0.03:
        out.add(" — " + _filler(rng, 2))


def news_document(index: int, seed: int = SEED) -> dict[str, Any]:
    """A wire story of 3-7 KB (5 KB on average) with exactly 10 entity spans."""
    rng = random.Random(seed * 1_000_003 + index)
    target = rng.randint(3000, 7000)
    out = _Writer()
    headline = _filler(rng, rng.randint(3, 5))
    out.add(headline[0].upper() + headline[1:] + "\n\n")
    place = rng.choice(GPE)
    out.add(place.upper() + f", {rng.choice(MONTHS)} {rng.randint(1, 28)} ({rng.choice(SOURCES)})")
    out.add(" — ")
    # Plan: about one sentence per 130 characters; ten of them carry a mention.
    sentences = max(12, target // 130)
    with_mention = set(rng.sample(range(sentences), 10))
    for number in range(sentences):
        _sentence(rng, out, number in with_mention)
        if number % rng.randint(3, 6) == 0 and number < sentences - 1:
            out.add("\n\n")
        else:
            out.add(" ")
    if index % RARE_EVERY == 7:
        out.add(f"Reporting from {RARE_WORD} by staff.")
    out.add(f"\n\n(Reporting by staff; story {index})")
    text = out.text()
    return {
        "id": f"news-{index:07d}",
        "text": text,
        "meta": {
            "source": rng.choice(SOURCES),
            "url": f"https://news.example/{index}",
            "published": f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-"
            f"{rng.randint(1, 28):02d}",
        },
        "spans": [
            {"id": f"T{n}", "start": start, "end": end, "label": label}
            for n, (start, end, label) in enumerate(out.spans, 1)
        ],
    }


def big_article(sizes: Sizes, seed: int = SEED) -> dict[str, Any]:
    """One long article: ``article_chars`` characters, ``article_spans`` spans.

    Spans every ~40 characters; some nested (``University of Kraków`` ORG around the
    GPE), some crossing (two spans that overlap without nesting); one paragraph of
    ``article_line`` characters without a line break; the first paragraph holds
    spans (the open benchmark checks they are drawn).
    """
    rng = random.Random(seed + 17)
    out = _Writer()
    out.add("Dense coverage: ")
    out.add("Vladimir Putin", "PER")
    out.add(" met ")
    out.add("Bashar al-Assad", "PER")
    out.add(" in ")
    out.add("Москва", "GPE")
    out.add(" 😀.\n\n")
    long_start = sizes.article_chars // 3
    long_end = long_start + sizes.article_line
    paragraph = 0
    state = "before"  # the long paragraph: "before", "inside", "after"
    while out.length < sizes.article_chars:
        if state == "before" and out.length >= long_start:
            out.add(".\n\n")
            state, paragraph = "inside", 0
        elif state == "inside" and out.length >= long_end:
            out.add(".\n\n")
            state, paragraph = "after", 0
        roll = rng.random()
        if roll < 0.06:  # nested: ORG around GPE
            start = out.length
            out.add("University of ")
            out.add(rng.choice(GPE), "GPE")
            out.spans.append((start, out.length, "ORG"))
        elif roll < 0.09:  # crossing: [a b] and [b c]
            first = out.length
            out.add(rng.choice(WORDS) + " ")
            middle = out.length
            out.add(rng.choice(WORDS))
            middle_end = out.length
            out.add(" " + rng.choice(WORDS))
            out.spans.append((first, middle_end, "ORG"))
            out.spans.append((middle, out.length, "LOC"))
        else:
            text, label = _mention(rng)
            out.add(text, label)
        out.add(" " + _filler(rng, rng.randint(1, 3)))
        if rng.random() < 0.004:
            out.add(" " + rng.choice(ASTRAL))
        paragraph += 1
        if state != "inside" and paragraph >= rng.randint(8, 25):
            out.add(".\n\n")
            paragraph = 0
        else:
            out.add(". " if rng.random() < 0.3 else ", ")
    text = out.text()[: sizes.article_chars].rstrip() + "."
    spans = [s for s in out.spans if s[1] <= len(text)]
    first = [s for s in spans if s[1] <= 60]
    rest = [s for s in spans if s[1] > 60]
    if len(first) + len(rest) < sizes.article_spans:
        raise RuntimeError(f"the generator made only {len(spans)} spans")
    keep = first + sorted(rng.sample(rest, sizes.article_spans - len(first)))
    keep.sort()
    return {
        "id": "big-article",
        "text": text,
        "meta": {"title": "A very long article", "source": "benchmark"},
        "spans": [
            {"id": f"T{n}", "start": start, "end": end, "label": label}
            for n, (start, end, label) in enumerate(keep, 1)
        ],
    }


def longest_line(text: str) -> int:
    return max(len(line) for line in text.split("\n"))


# -- files ---------------------------------------------------------------------
def _write_jsonl(path: Path, documents: Iterator[dict[str, Any]]) -> None:
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8", newline="\n") as out:
        for document in documents:
            out.write(json.dumps(document, ensure_ascii=False))
            out.write("\n")
    os.replace(temporary, path)


def corpus_file(start: int, count: int) -> Path:
    """JSONL of news documents ``start`` .. ``start + count - 1``."""
    path = cache_dir() / f"corpus-g{GENERATOR_VERSION}-{start}-{count}.jsonl"
    if not path.exists():
        _write_jsonl(path, (news_document(i) for i in range(start, start + count)))
    return path


def article_file(sizes: Sizes) -> Path:
    path = cache_dir() / (
        f"article-g{GENERATOR_VERSION}-{sizes.article_chars}-{sizes.article_spans}.jsonl"
    )
    if not path.exists():
        _write_jsonl(path, iter([big_article(sizes)]))
    return path


def _import(project: Path, *files: Path) -> None:
    from annotator.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        status = main(["import", str(project), *map(str, files)])
    if status != 0:
        raise RuntimeError(f"annotator import {project} failed ({status})")


def template_project() -> Path:
    """An empty project file as ``annotator new`` makes it (the news schema)."""
    path = cache_dir() / f"template-{_key()}.annot"
    if not path.exists():
        from annotator.core.project import Project

        temporary = path.with_name(path.stem + ".tmp.annot")
        temporary.unlink(missing_ok=True)
        Project.create(temporary).close()
        os.replace(temporary, path)
    return path


def fresh_copy(source: Path, target: Path) -> Path:
    """Copy a closed project file (its WAL was folded in when it was closed)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def _built(path: Path, build: Any) -> Path:
    """Build a cached project once; a half-built one is never left under the name."""
    if path.exists():
        return path
    temporary = path.with_name(path.stem + ".building.annot")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    fresh_copy(template_project(), temporary)
    build(temporary)
    os.replace(temporary, path)
    return path


def export_project(sizes: Sizes) -> Path:
    """The project the export benchmark reads: the import corpus, imported."""
    corpus = corpus_file(0, sizes.import_docs)
    path = cache_dir() / f"export-{_key()}-{sizes.import_docs}.annot"
    return _built(path, lambda p: _import(p, corpus))


def article_project(sizes: Sizes) -> Path:
    """Two short documents, then the big article (document 3)."""
    article = article_file(sizes)
    path = cache_dir() / f"article-{_key()}-{sizes.article_chars}-{sizes.article_spans}.annot"

    def build(project: Path) -> None:
        short = cache_dir() / f"short-g{GENERATOR_VERSION}.jsonl"
        if not short.exists():
            _write_jsonl(short, (news_document(10_000_000 + i) for i in range(2)))
        _import(project, short)
        _import(project, article)

    return _built(path, build)


def big_project(sizes: Sizes, log: Any = print) -> Path:
    """``list_docs`` news documents (3-7 KB, 10 spans each), then the big article."""
    path = cache_dir() / f"big-{_key()}-{sizes.list_docs}-{sizes.article_chars}.annot"

    def build(project: Path) -> None:
        for start in range(0, sizes.list_docs, sizes.batch):
            count = min(sizes.batch, sizes.list_docs - start)
            began = time.perf_counter()
            corpus = corpus_file(start, count)
            made = time.perf_counter()
            _import(project, corpus)
            log(
                f"  documents {start:,}-{start + count - 1:,}: generated in "
                f"{made - began:.1f} s, imported in {time.perf_counter() - made:.1f} s"
            )
        _import(project, article_file(sizes))

    return _built(path, build)


def article_document_id(project: Path) -> int:
    """The row id of the big article in a project."""
    import sqlite3

    with sqlite3.connect(f"file:{project}?mode=ro", uri=True) as db:
        row = db.execute("SELECT id FROM documents WHERE uid = 'big-article'").fetchone()
    if row is None:
        raise RuntimeError(f"{project}: the big article is missing")
    return int(row[0])
