"""Suggestions (issue 16): work saved per annotation, time to suggest, time to train.

Everything runs on the real core: projects created with the ace2005 schema and
filled by ``annotator import``, the model trained with ``training.train_project``, sources
built with ``sources.build`` and every accept, reject and hand-made annotation applied
as an edit (``AcceptSuggestions``, ``RejectSuggestions``, ``AddSpan``, ``CreateEvent``).

The corpus is synthetic with known gold: news-like articles of about 5 KB with entity
mentions (PER, ORG, GPE, LOC, FAC) and event triggers (ace2005 event types). Half of
the names come from fixed lists, half are made up from syllables per article, so a
test article is full of names no training article had: the model has to go by
context and shape (``said``, ``President``, ``in``, a capital letter), not memory.
People, organisations and places are named several times in an article (a person by
full name and then by surname), as in wire copy.

The simulated annotator, per gold annotation (a span or an event trigger):

* without suggestions, 2 actions: select the text, press the label's key;
* with suggestions (propagation + the model trained on the first N done articles;
  no patterns), per test article, until every gold annotation is in: reject each
  wrong suggestion (1 action each: ``RejectSuggestions``, never proposed again), accept
  all the right ones (1 action: ``AcceptSuggestions``), add the first missing gold
  annotation by hand (2 actions), and ask again (propagation now proposes the other
  occurrences of what was just added).

The figure is the share of actions saved: 1 - with / without. Propagation alone (no
model) is measured the same way, for comparison.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import data
from benchmarks.report import percentile

GENERATOR_VERSION = 2
SEED = 16_2026


@dataclass(frozen=True)
class AssistSizes:
    name: str
    done: tuple[int, ...]  # training sizes of the simulation
    tests: int  # held-out test articles the annotator works through
    timing: int  # articles timed for "time to suggest"
    train: int  # articles for the training time


TARGET = AssistSizes("target", (10, 50, 200), 20, 50, 500)
QUICK = AssistSizes("quick", (10, 50), 5, 10, 100)

# -- the corpus ------------------------------------------------------------------------

_SYLLABLES = (
    "ka ren vo li mar tes du bro sel nik ta gor vin el ash mir po zan ri del qua bel sto "
    "ha ju ost em lan cor fi nu sa bek tor al ve"
)
SYLLABLES = tuple(_SYLLABLES.split())
ORG_KINDS = (
    "Holdings",
    "Group",
    "Party",
    "Front",
    "Bank",
    "Institute",
    "Council",
    "Movement",
    "Airlines",
    "Alliance",
)
LOC_KINDS = ("River", "Valley", "Mountains", "Basin", "Gulf", "Plateau")
FAC_KINDS = ("Airport", "Bridge", "Stadium", "Prison", "Port", "Hospital")
FAC_KNOWN = ("Heathrow Airport", "Tahrir Square", "Bagram Airfield", "Evin Prison")
TITLES = ("President", "Minister", "General", "Senator", "Governor", "Judge", "Mayor")
ROLES = ("a spokesman for", "the leader of", "an adviser to", "a senior official at")

# Sentence shapes: {LABEL} is a mention of the article's cast, [word|word:Type] a trigger.
SHAPES = (
    "{PER}, {role} {ORG}, said on {day} that {filler}.",
    "Police [arrested|detained:Justice:Arrest-Jail] {PER} in {GPE} after {filler}.",
    "{PER} was [arrested:Justice:Arrest-Jail] at {FAC} on {day}, officials said.",
    "Forces loyal to {ORG} [attacked|shelled|bombed:Conflict:Attack] positions near {LOC} "
    "{filler}.",
    "Gunmen [attacked:Conflict:Attack] a convoy outside {GPE}, according to {ORG}.",
    "{PER} was [elected:Personnel:Elect] {title} of {GPE} in {day} {filler}.",
    "{title} {PER} [met:Contact:Meet] {PER} in {GPE} to discuss {filler}.",
    "At least {n} people were [killed:Life:Die] when {filler} near {FAC}.",
    "{ORG} said {n} civilians [died:Life:Die] in {GPE} {filler}.",
    "Troops were [moved|sent:Movement:Transport] from {GPE} to {LOC} {filler}.",
    "{PER} was [charged:Justice:Charge-Indict] with {filler} by a court in {GPE}.",
    "Thousands [protested|marched:Conflict:Demonstrate] outside {FAC} in {GPE} {filler}.",
    "{ORG} and {ORG} agreed {filler}, {PER} told reporters in {GPE}.",
    "“{filler_cap},” {PER} said.",
    "{surname} added that {filler}.",
    "{title} {surname} {filler} in {GPE}.",
    "Residents of {GPE} {filler}.",
    "{ORG} {filler}.",
    # nominal triggers, and triggers far from any cue word
    "The [attack|bombing|raid:Conflict:Attack] on {FAC} {filler}.",
    "{filler_cap} since the [election|vote:Personnel:Elect] in {GPE}.",
    "{filler_cap} after {PER} [resigned|quit:Personnel:End-Position] {filler}.",
    "{PER}, who [left|fled:Movement:Transport] {GPE} in {month}, {filler}.",
    "{filler_cap} {PER} {filler} {ORG} {filler}.",
    "{GPE} {filler}, {filler}.",
    "In {month}, {filler} {GPE} and {GPE}.",
    "{PER} {filler} on {day}.",
    # the same words where they trigger nothing, and capitalised words that name nothing
    "The results {filler} met expectations, {ORG} said in its {month} report.",
    "{title} {surname} moved quickly to {filler}.",
    "The {DISTRACTOR} {filler} on {day}, {n} percent {filler}.",
    "{DISTRACTOR} figures {filler} in {month}.",
    "A general strike {filler} across {GPE}.",
    "{PER} sent a letter to {ORG} {filler}.",
    "The vote count {filler} in {month}.",
)
BARE = (
    "{filler_cap} {ANY} {filler}.",
    "{filler_cap}, {ANY} {filler}.",
    "{ANY} {filler}.",
    "{filler_cap} {ANY} and {ANY} {filler}.",
    "{filler_cap} {ANY}.",
)
PLAIN = ("{filler_cap}.", "{filler_cap}, {filler}.", "{filler_cap} {filler}.")
# Capitalised words and acronyms that are not entities (ACE leaves them unlabelled here).
DISTRACTORS = (
    "GDP",
    "COVID-19",
    "Cabinet",
    "Budget Office",
    "Internet",
    "Euro",
    "Ramadan",
    "Christmas",
    "Constitution",
    "Bill",
    "TV",
    "SMS",
)
# First names that are also place names: propagation of the place proposes them wrongly.
AMBIGUOUS = ("Jordan", "Georgia", "Chad", "Florence", "Victoria", "Sydney")

_SLOT = re.compile(r"\{(\w+)\}|\[([^\]:]+):([^\]]+)\]")


def _made_up(rng: random.Random, low: int = 2, high: int = 3) -> str:
    return "".join(rng.choices(SYLLABLES, k=rng.randint(low, high))).capitalize()


def _cast(rng: random.Random) -> dict[str, list[str]]:
    """The names of one article: about half from fixed lists, half made up."""

    def pick(known: Sequence[str], new: Callable[[], str], count: int) -> list[str]:
        names: list[str] = []
        while len(names) < count:
            name = rng.choice(known) if rng.random() < 0.5 else new()
            if name not in names:
                names.append(name)
        return names

    def person() -> str:
        first = rng.choice(AMBIGUOUS) if rng.random() < 0.15 else _made_up(rng)
        particle = rng.choice(("", "", "", "al-", "de ", "van ", "Mc"))
        return f"{first} {particle}{_made_up(rng, 2, 4)}"

    def place() -> str:
        if rng.random() < 0.15:
            return rng.choice(AMBIGUOUS)
        return _made_up(rng, 2, 3) + rng.choice(("ia", "stan", "a", "or", ""))

    places = pick([g for g in data.GPE if g.isascii()], place, rng.randint(2, 4))

    def organisation() -> str:
        """Half with a telling word (Holdings, Party), the rest a bare name or an
        acronym, or named after one of the article's places."""
        roll = rng.random()
        if roll < 0.5:
            return f"{_made_up(rng)} {rng.choice(ORG_KINDS)}"
        if roll < 0.7:
            return _made_up(rng, 2, 3)  # shaped like a place or a surname
        if roll < 0.85:
            return "".join(rng.choices("ABCDEFGHIKLMNPRSTUVZ", k=rng.randint(3, 4)))
        return f"{rng.choice(places)} {rng.choice(ORG_KINDS)}"

    return {
        "PER": pick(data.PER, person, rng.randint(3, 5)),
        "ORG": pick(data.ORG, organisation, rng.randint(2, 3)),
        "GPE": places,
        "LOC": pick(
            [loc.removeprefix("the ") for loc in data.LOC],
            lambda: f"{_made_up(rng)} {rng.choice(LOC_KINDS)}",
            rng.randint(1, 2),
        ),
        "FAC": pick(FAC_KNOWN, lambda: f"{_made_up(rng)} {rng.choice(FAC_KINDS)}", 1),
    }


# Filler words never include a trigger word: gold marks every trigger it writes.
TRIGGER_WORDS = {
    word
    for shape in SHAPES
    for words, _ in re.findall(r"\[([^\]:]+):([^\]]+)\]", shape)
    for word in words.split("|")
}
FILLER_WORDS = [w for w in data.WORDS if w not in TRIGGER_WORDS and w not in ("killed", "dead")]


def _filler(rng: random.Random) -> str:
    count = rng.randint(3, 7)
    words = rng.choices(FILLER_WORDS, k=count)
    glue = rng.choices(data.FUNCTION, k=count)
    return " ".join(f"{g} {w}" for g, w in zip(glue, words, strict=True))


def article(index: int, seed: int = SEED) -> dict[str, Any]:
    """One article of about 5 KB with its gold spans and events (a JSONL record)."""
    rng = random.Random(seed * 1_000_003 + index)
    cast = _cast(rng)
    target = rng.randint(4500, 5500)
    pieces: list[str] = []
    spans: list[tuple[int, int, str]] = []
    length = 0

    def add(text: str, label: str | None = None) -> None:
        nonlocal length
        if label is not None:
            spans.append((length, length + len(text), label))
        pieces.append(text)
        length += len(text)

    headline = _filler(rng)
    if rng.random() < 0.5:
        headline = headline.title()  # capitalised words that name nothing
    add(headline[0].upper() + headline[1:] + "\n\n")
    add(cast["GPE"][0].upper() + f", {rng.choice(data.MONTHS)} {rng.randint(1, 28)} — ")
    paragraph = 0
    while length < target:
        roll = rng.random()
        if roll < 0.45:
            shape = rng.choice(SHAPES)
        elif roll < 0.6:
            shape = rng.choice(BARE)  # a name with nothing around it to tell its label
        else:
            shape = rng.choice(PLAIN)
        position = 0
        for match in _SLOT.finditer(shape):
            add(shape[position : match.start()])
            position = match.end()
            slot, words, event_type = match.groups()
            if words is not None:
                add(rng.choice(words.split("|")), event_type)
            elif slot in cast:
                add(rng.choice(cast[slot]), slot)
            elif slot == "ANY":
                label = rng.choice(("PER", "PER", "ORG", "GPE", "GPE", "LOC", "FAC"))
                add(rng.choice(cast[label]), label)
            elif slot == "surname":
                add(rng.choice(cast["PER"]).split()[-1], "PER")
            elif slot == "role":
                add(rng.choice(ROLES))
            elif slot == "title":
                add(rng.choice(TITLES))
            elif slot == "day":
                add(rng.choice(data.DAYS))
            elif slot == "month":
                add(rng.choice(data.MONTHS))
            elif slot == "DISTRACTOR":
                add(rng.choice(DISTRACTORS))
            elif slot == "n":
                add(str(rng.randint(2, 90)))
            elif slot == "filler":
                add(_filler(rng))
            elif slot == "filler_cap":
                text = _filler(rng)
                add(text[0].upper() + text[1:])
        add(shape[position:])
        paragraph += 1
        if paragraph >= rng.randint(3, 6):
            add("\n\n")
            paragraph = 0
        else:
            add(" ")
    text = "".join(pieces).rstrip()
    records = []
    events = []
    for number, (start, end, label) in enumerate(spans, 1):
        records.append({"id": f"T{number}", "start": start, "end": end, "label": label})
        if ":" in label:
            events.append({"id": f"E{len(events) + 1}", "trigger": f"T{number}", "arguments": []})
    return {"id": f"assist-{index:06d}", "text": text, "spans": records, "events": events}


def gold(record: dict[str, Any]) -> set[tuple[int, int, str]]:
    return {(s["start"], s["end"], s["label"]) for s in record["spans"]}


TEST_BASE = 1_000_000  # test articles' indices: never among the training ones


def _records(indices: Sequence[int], status: str, annotated: str) -> list[dict[str, Any]]:
    """Articles as JSONL records: ``annotated`` is "all", "none" or "half" (the first half
    of the gold spans, events with them)."""
    out = []
    for index in indices:
        record = article(index)
        record["status"] = status
        if annotated == "none":
            record["spans"], record["events"] = [], []
        elif annotated == "half":
            kept = record["spans"][: len(record["spans"]) // 2]
            ids = {s["id"] for s in kept}
            record["spans"] = kept
            record["events"] = [e for e in record["events"] if e["trigger"] in ids]
        out.append(record)
    return out


def _key() -> str:
    return f"a{GENERATOR_VERSION}-f{data._schema_version()}"


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    os.replace(temporary, path)
    return path


def project(name: str, parts: Sequence[tuple[Sequence[int], str, str]]) -> Path:
    """A cached ace2005 project holding the given articles (built once)."""
    path = data.cache_dir() / f"{name}-{_key()}.annot"
    if path.exists():
        return path
    from annotator.core.model import schemas
    from annotator.core.project import Project

    temporary = path.with_name(path.stem + ".building.annot")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    Project.create(temporary, schemas.load("ace2005")).close()
    for number, (indices, status, annotated) in enumerate(parts):
        corpus = _write(
            data.cache_dir() / f"{name}-{_key()}-{number}.jsonl",
            _records(indices, status, annotated),
        )
        from annotator.cli import main

        with contextlib.redirect_stdout(io.StringIO()):
            if main(["import", str(temporary), str(corpus)]) != 0:
                raise RuntimeError(f"annotator import {temporary} {corpus} failed")
        corpus.unlink()
    os.replace(temporary, path)
    return path


def simulation_project(done: int, tests: int) -> Path:
    return project(
        f"assist-sim-{done}-{tests}",
        [(range(done), "done", "all"), (range(TEST_BASE, TEST_BASE + tests), "todo", "none")],
    )


def timing_project(count: int) -> Path:
    return project(
        f"assist-timing-{count}", [(range(TEST_BASE, TEST_BASE + count), "todo", "half")]
    )


def training_project(count: int) -> Path:
    return project(f"assist-train-{count}", [(range(count), "done", "all")])


def patterns_file(work: Path) -> Path:
    """A small patterns file: some known names as phrases, and two token patterns."""
    lines = [{"label": "GPE", "pattern": name} for name in data.GPE[:20] if name.isascii()]
    lines += [{"label": "ORG", "pattern": name} for name in data.ORG[:10]]
    lines += [
        {"label": "FAC", "pattern": [{"IS_TITLE": True}, {"LOWER": "airport"}]},
        {"label": "LOC", "pattern": [{"IS_TITLE": True}, {"LOWER": "river"}]},
    ]
    path = work / "patterns.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


# -- the simulated annotator -----------------------------------------------------------


@dataclass
class Tally:
    gold: int = 0
    actions: int = 0
    accepted: int = 0
    accept_actions: int = 0
    rejected: int = 0
    by_hand: int = 0
    rounds: int = 0
    suggest_ms: list[float] | None = None
    accepted_by: dict[str, int] | None = None  # source ("propagation+model" counts both)
    rejected_by: dict[str, int] | None = None

    def to_json(self) -> dict[str, Any]:
        without = 2 * self.gold
        return {
            "gold": self.gold,
            "actions_without": without,
            "actions_with": self.actions,
            "per_gold_without": 2.0,
            "per_gold_with": self.actions / self.gold if self.gold else 0.0,
            "reduction_percent": 100 * (1 - self.actions / without) if without else 0.0,
            "accepted": self.accepted,
            "accept_actions": self.accept_actions,
            "rejected": self.rejected,
            "by_hand": self.by_hand,
            "rounds": self.rounds,
            "suggest_median_ms": statistics.median(self.suggest_ms) if self.suggest_ms else None,
            "accepted_by_source": self.accepted_by,
            "rejected_by_source": self.rejected_by,
        }


def annotate(
    project: Any, suggester: Any, document_id: int, wanted: set[tuple[int, int, str]], tally: Tally
) -> None:
    """Work through one article as the simulated annotator does, with real edits."""
    from annotator.core.editing.edits import AddSpan, CreateEvent
    from annotator.core.editing.suggestion_edits import AcceptSuggestions, RejectSuggestions
    from annotator.core.model import LabelKind

    document = project.document(document_id)
    event_types = {label.name for label in project.schema.of_kind(LabelKind.EVENT)}
    tally.gold += len(wanted)
    assert tally.suggest_ms is not None
    for _ in range(10 * len(wanted) + 10):
        annotations = project.annotations(document_id)
        have = {(s.start, s.end, s.label) for s in annotations.spans if not s.fragments}
        missing = sorted(wanted - have)
        if not missing:
            return
        tally.rounds += 1
        began = time.perf_counter()
        found = suggester.suggest(document, annotations, project.rejected(document_id))
        tally.suggest_ms.append((time.perf_counter() - began) * 1000)
        wrong = [s.key for s in found if s.key not in wanted]
        right = [s.key for s in found if s.key in wanted]
        for suggestion in found:
            counts = tally.accepted_by if suggestion.key in wanted else tally.rejected_by
            assert counts is not None
            for name in suggestion.source.split("+"):
                counts[name] = counts.get(name, 0) + 1
        if wrong:
            project.apply(RejectSuggestions(document_id, wrong))
            tally.actions += len(wrong)
            tally.rejected += len(wrong)
        if right:
            project.apply(AcceptSuggestions(document_id, right))
            tally.actions += 1
            tally.accept_actions += 1
            tally.accepted += len(right)
        left = [item for item in missing if item not in set(right)]
        if left:
            start, end, label = left[0]
            if label in event_types:
                project.apply(CreateEvent(document_id, start, end, label))
            else:
                project.apply(AddSpan(document_id, start, end, label))
            tally.actions += 2
            tally.by_hand += 1
    raise RuntimeError(f"document {document_id}: the simulated annotator did not finish")


def simulate(
    done: int,
    sizes: AssistSizes,
    work: Path,
    log: Callable[[str], None],
    *,
    model: bool = True,
) -> dict[str, Any]:
    """The simulated annotator on the held-out articles, with propagation and the
    model trained on ``done`` articles (or, with ``model`` false, propagation alone)."""
    from annotator.core.assist import sources, training
    from annotator.core.assist.suggestions import AssistConfig
    from annotator.core.model import Status
    from annotator.core.project import Project

    name = f"sim-{done}" if model else "sim-propagation"
    path = data.fresh_copy(simulation_project(done, sizes.tests), work / f"{name}.annot")
    folder = work / f"model-{name}"
    report = training.train_project(path, folder) if model else None
    config = AssistConfig(propagation=True, corpus=False, patterns=(), model=model, pipeline="")
    tally = Tally(suggest_ms=[], accepted_by={}, rejected_by={})
    with Project.open(path) as opened:
        built = sources.build(opened, config, model_path=folder)
        if built.problems:
            raise RuntimeError(f"sources did not start: {built.problems}")
        by_uid = {
            record["id"]: record
            for record in _records(range(TEST_BASE, TEST_BASE + sizes.tests), "todo", "all")
        }
        for document_id in opened.document_ids([Status.TODO]):
            document = opened.document(document_id)
            annotate(opened, built.suggester, document_id, gold(by_uid[document.uid]), tally)
    found = tally.to_json()
    found["done"] = done if model else 0
    if report is not None:
        found["model"] = {
            "labels": list(report.info.labels),
            "triggers": list(report.info.triggers),
        }
        found["training_s"] = report.seconds
    what = f"after {done} done articles" if model else "propagation alone"
    log(
        f"  {what}: {found['per_gold_with']:.2f} actions per gold "
        f"annotation (2 without), {found['reduction_percent']:.0f}% fewer"
    )
    return found


# -- time to suggest, time to train ---------------------------------------------------


def time_suggest(sizes: AssistSizes, runs: int, work: Path, model: Path) -> dict[str, Any]:
    """Suggestions for whole 5 KB articles (half their gold annotated) from propagation,
    patterns and the model: the annotations and rejections read plus the suggester."""
    from annotator.core.assist import sources
    from annotator.core.assist.suggestions import AssistConfig
    from annotator.core.project import Project

    path = timing_project(sizes.timing)
    patterns = patterns_file(work)
    config = AssistConfig(propagation=True, patterns=(str(patterns),), model=True)
    samples: list[float] = []
    counts: list[int] = []
    sources_seen: dict[str, int] = {}
    with Project.open(path, read_only=True) as opened:
        built = sources.build(opened, config, model_path=model)
        if built.problems:
            raise RuntimeError(f"sources did not start: {built.problems}")
        documents = [opened.document(i) for i in opened.document_ids()]
        characters = [len(d.text) for d in documents]
        built.suggester.suggest(documents[0], opened.annotations(documents[0].id))  # warm-up
        for run in range(runs):
            for document in documents:
                began = time.perf_counter()
                found = built.suggester.suggest(
                    document, opened.annotations(document.id), opened.rejected(document.id)
                )
                samples.append((time.perf_counter() - began) * 1000)
                if run == 0:
                    counts.append(len(found))
                    for suggestion in found:
                        for name in suggestion.source.split("+"):
                            sources_seen[name] = sources_seen.get(name, 0) + 1
        # each source alone, for where the time goes
        alone: dict[str, float] = {}
        for source in built.suggester.sources:
            times = []
            for document in documents:
                annotations = opened.annotations(document.id)
                began = time.perf_counter()
                source.suggest(document, annotations)
                times.append((time.perf_counter() - began) * 1000)
            alone[source.name] = statistics.median(times)
    return {
        "articles": len(documents),
        "characters_median": statistics.median(characters),
        "median_ms": statistics.median(samples),
        "p95_ms": percentile(samples, 0.95),
        "max_ms": max(samples),
        "suggestions_median": statistics.median(counts),
        "suggestions_by_source": sources_seen,
        "per_source_median_ms": alone,
        "samples_ms": samples,
    }


def time_training(sizes: AssistSizes, runs: int, work: Path) -> dict[str, Any]:
    from annotator.core.assist import training

    path = training_project(sizes.train)
    model = work / "model-train"
    seconds: list[float] = []
    info: dict[str, Any] = {}
    for _ in range(runs):
        began = time.perf_counter()
        report = training.train_project(path, model)
        seconds.append(time.perf_counter() - began)
        info = {
            "documents": report.info.documents,
            "labels": list(report.info.labels),
            "triggers": list(report.info.triggers),
            "model_seconds": report.info.seconds,
        }
    characters = path.stat().st_size
    return {
        "articles": sizes.train,
        "seconds": seconds,
        "info": info,
        "model": str(model),
        "file_bytes": characters,
    }


def prepare(sizes: AssistSizes) -> None:
    for done in sizes.done:
        simulation_project(done, sizes.tests)
    timing_project(sizes.timing)
    training_project(sizes.train)


def bench(sizes: AssistSizes, runs: int, work: Path, log: Callable[[str], None]) -> dict[str, Any]:
    prepare(sizes)
    training_runs = min(runs, 3)
    trained = time_training(sizes, training_runs, work)
    log(f"  training {sizes.train} articles: {statistics.median(trained['seconds']):.1f} s")
    timed = time_suggest(sizes, runs, work, Path(trained["model"]))
    log(f"  time to suggest: median {timed['median_ms']:.1f} ms, p95 {timed['p95_ms']:.1f} ms")
    alone = simulate(sizes.done[0], sizes, work, log, model=False)
    simulated = [simulate(done, sizes, work, log) for done in sizes.done]
    return {
        "training": trained,
        "suggest": timed,
        "simulation": simulated,
        "propagation_alone": alone,
    }
