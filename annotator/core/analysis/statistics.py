"""Project statistics: how far along, how fast, which labels, who did what.

Besides the labels it counts what annotations carry: attributes per name and value,
normalizations per resource, notes, coreference chains (and their mean size) and
discontinuous spans.

:func:`compute` answers in a handful of indexed queries (well under half a second
on 100,000 documents); :func:`write_csv` saves every table in one CSV file.

What "progress" counts (docs/adr/0012-activity-history.md): documents that are
finished *now* (done or skipped), each on the day of its latest change into its
current status, credited to whoever made that change. A document marked done and
then undone does not count. A finished document with no such change in the status
history (imported already done, or finished before Annotator kept a history) counts
on the day it was added, for :data:`~annotator.core.history.IMPORTED`.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TextIO

from sqlite_utils import Database

from annotator.core.errors import InputError
from annotator.core.model import LabelKind, Status
from annotator.core.store.queries import attribute_types, status_counts

RATE_DAYS = 7
"""The rate is the mean over this many most recent active days (days anyone finished one)."""

FINISHED = (Status.DONE, Status.SKIPPED)


@dataclass(frozen=True, slots=True)
class LabelCount:
    """How often a label is used: spans for an entity label, events for an event type,
    relations for a relation type."""

    name: str
    kind: LabelKind
    color: str
    count: int


@dataclass(frozen=True, slots=True)
class AttributeCount:
    """How many annotations carry an attribute with a value (``value`` None: a yes/no
    attribute). ``declared`` is False for a name or value the schema does not have."""

    name: str
    value: str | None
    count: int
    declared: bool = True


@dataclass(frozen=True, slots=True)
class ResourceCount:
    """Normalizations to one resource ("Wikipedia"): links, and distinct entries linked."""

    resource: str
    count: int
    entries: int


@dataclass(frozen=True, slots=True)
class DayCount:
    """Documents finished on a day, and in all up to and including it."""

    day: date
    count: int
    cumulative: int


@dataclass(frozen=True, slots=True)
class AnnotatorProgress:
    name: str
    finished: int
    days: tuple[DayCount, ...]
    rate: float | None  # documents per active day over the last RATE_DAYS active days

    @property
    def last_day(self) -> date | None:
        return self.days[-1].day if self.days else None


@dataclass(frozen=True, slots=True)
class Statistics:
    statuses: Mapping[Status, int]
    labels: tuple[LabelCount, ...]  # in schema order: entities, event types, relations
    progress: tuple[DayCount, ...]  # everyone's, imported documents included
    annotators: tuple[AnnotatorProgress, ...]  # people, most finished first
    imported: int  # finished documents with no history (counted on the day they were added)
    rate: float | None  # everyone's documents per active day (imports excluded)
    today: date
    # What annotations carry (defaults: a front end may build these without them).
    attributes: tuple[AttributeCount, ...] = ()  # schema order, then undeclared ones
    normalizations: tuple[ResourceCount, ...] = ()  # most links first
    notes: int = 0
    chains: int = 0
    chain_spans: int = 0  # spans in chains, all together
    discontinuous_spans: int = 0  # spans of two or more fragments

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def finished(self) -> int:
        return sum(self.statuses.get(status, 0) for status in FINISHED)

    @property
    def todo(self) -> int:
        return self.statuses.get(Status.TODO, 0)

    @property
    def fraction_finished(self) -> float:
        return self.finished / self.total if self.total else 0.0

    @property
    def finished_today(self) -> int:
        """By people today (documents imported today do not count)."""
        return sum(d.count for a in self.annotators for d in a.days if d.day == self.today)

    @property
    def days_left(self) -> float | None:
        """Days of work left at the current rate (0 when nothing is left; None: no rate)."""
        if self.todo == 0:
            return 0.0
        if not self.rate:
            return None
        return self.todo / self.rate

    @property
    def estimated_finish(self) -> date | None:
        """The day the todo documents would be finished working every day at the rate."""
        left = self.days_left
        if left is None or self.todo == 0:
            return None
        return self.today + timedelta(days=max(math.ceil(left) - 1, 0))

    def labels_of(self, kind: LabelKind) -> tuple[LabelCount, ...]:
        return tuple(label for label in self.labels if label.kind == kind)

    @property
    def mean_chain_size(self) -> float | None:
        """Spans per coreference chain (None: no chains)."""
        return self.chain_spans / self.chains if self.chains else None

    @property
    def attribute_total(self) -> int:
        return sum(attribute.count for attribute in self.attributes)

    @property
    def normalization_total(self) -> int:
        return sum(resource.count for resource in self.normalizations)


# The latest change of each finished document into the status it has now, if any.
_PROGRESS = """
SELECT date(coalesce(h.at, d.added_at), :shift) AS day, h.annotator, count(*)
FROM documents d
LEFT JOIN status_history h ON h.id = (
    SELECT max(id) FROM status_history
    WHERE document_id = d.id AND status = d.status
)
WHERE d.status IN ('done', 'skipped')
GROUP BY day, h.annotator
"""


def compute(db: Database, *, today: date | None = None, local_time: bool = True) -> Statistics:
    """Statistics of a project's database, with days in local time (or UTC)."""
    shift = "localtime" if local_time else "+0 seconds"
    if today is None:
        today = (datetime.now() if local_time else datetime.now(UTC)).date()
    per_person: dict[str, dict[date, int]] = {}
    everyone: dict[date, int] = {}
    worked: dict[date, int] = {}  # everyone's, imports excluded
    imported = 0
    for day_text, annotator, count in db.execute(_PROGRESS, {"shift": shift}):
        day = date.fromisoformat(day_text)
        everyone[day] = everyone.get(day, 0) + count
        if annotator is None:
            imported += count
        else:
            days = per_person.setdefault(annotator, {})
            days[day] = days.get(day, 0) + count
            worked[day] = worked.get(day, 0) + count
    annotators = sorted(
        (
            AnnotatorProgress(name, sum(days.values()), _series(days), _rate(days))
            for name, days in per_person.items()
        ),
        key=lambda a: (-a.finished, a.name.casefold()),
    )
    return Statistics(
        statuses=status_counts(db),
        labels=label_counts(db),
        progress=_series(everyone),
        annotators=tuple(annotators),
        imported=imported,
        rate=_rate(worked),
        today=today,
        attributes=attribute_counts(db),
        normalizations=normalization_counts(db),
        notes=_scalar(db, "SELECT count(*) FROM notes"),
        chains=_scalar(db, "SELECT count(*) FROM chains"),
        chain_spans=_scalar(db, "SELECT count(*) FROM chain_members"),
        discontinuous_spans=_scalar(db, "SELECT count(*) FROM spans WHERE fragments IS NOT NULL"),
    )


def _scalar(db: Database, sql: str) -> int:
    return int(db.execute(sql).fetchone()[0])


def attribute_counts(db: Database) -> tuple[AttributeCount, ...]:
    """Every value of every attribute type, in schema order (unused ones count 0), then
    names and values annotations carry that the schema does not declare."""
    used: dict[tuple[str, str | None], int] = {
        (name, value): count
        for name, value, count in db.execute(
            "SELECT name, value, count(*) FROM attributes GROUP BY name, value"
        )
    }
    out: list[AttributeCount] = []
    for attribute in attribute_types(db):
        values: tuple[str | None, ...] = attribute.values or (None,)
        for value in values:
            out.append(AttributeCount(attribute.name, value, used.pop((attribute.name, value), 0)))
    for (name, value), count in sorted(
        used.items(), key=lambda item: (item[0][0], item[0][1] or "")
    ):
        out.append(AttributeCount(name, value, count, declared=False))
    return tuple(out)


def normalization_counts(db: Database) -> tuple[ResourceCount, ...]:
    return tuple(
        ResourceCount(resource, count, entries)
        for resource, count, entries in db.execute(
            "SELECT resource, count(*), count(DISTINCT ref) FROM normalizations "
            "GROUP BY resource ORDER BY count(*) DESC, resource"
        )
    )


def label_counts(db: Database) -> tuple[LabelCount, ...]:
    """Every label of the schema with its use, in schema order (unused ones count 0)."""
    spans = dict(db.execute("SELECT label_id, count(*) FROM spans GROUP BY label_id").fetchall())
    events = dict(
        db.execute(
            "SELECT s.label_id, count(*) FROM events e JOIN spans s ON s.id = e.trigger_id "
            "GROUP BY s.label_id"
        ).fetchall()
    )
    relations = dict(
        db.execute("SELECT label_id, count(*) FROM relations GROUP BY label_id").fetchall()
    )
    by_kind = {LabelKind.ENTITY: spans, LabelKind.EVENT: events, LabelKind.RELATION: relations}
    return tuple(
        LabelCount(name, LabelKind(kind), color, by_kind[LabelKind(kind)].get(label_id, 0))
        for label_id, name, kind, color in db.execute(
            "SELECT id, name, kind, color FROM labels ORDER BY position, id"
        )
    )


def _series(days: Mapping[date, int]) -> tuple[DayCount, ...]:
    total = 0
    out = []
    for day in sorted(days):
        total += days[day]
        out.append(DayCount(day, days[day], total))
    return tuple(out)


def _rate(days: Mapping[date, int]) -> float | None:
    recent = sorted(day for day, count in days.items() if count > 0)[-RATE_DAYS:]
    if not recent:
        return None
    return sum(days[day] for day in recent) / len(recent)


# -- CSV -----------------------------------------------------------------------------
CSV_COLUMNS = ("table", "name", "kind", "color", "day", "annotator", "count", "cumulative", "value")
"""One file, one row per table row; the ``table`` column says which table (summary,
status, labels, progress, annotator_progress, annotators, attributes, normalizations)
and each table fills only its own columns. ``pandas.read_csv(f).query("table ==
'progress'")`` gives one back; a spreadsheet's filter on the first column does the same."""


def csv_rows(stats: Statistics) -> Iterable[dict[str, object]]:
    """The rows :func:`write_csv` writes (numbers as numbers, days as ISO dates)."""
    finish = stats.estimated_finish
    summary: tuple[tuple[str, object], ...] = (
        ("documents", stats.total),
        ("finished", stats.finished),
        ("todo", stats.todo),
        ("percent_finished", round(100 * stats.fraction_finished, 1)),
        ("finished_today", stats.finished_today),
        ("imported_finished", stats.imported),
        ("rate_per_active_day", "" if stats.rate is None else round(stats.rate, 2)),
        ("days_left", "" if stats.days_left is None else round(stats.days_left, 1)),
        ("estimated_finish", finish.isoformat() if finish else ""),
        ("today", stats.today.isoformat()),
        ("attributes", stats.attribute_total),
        ("normalizations", stats.normalization_total),
        ("notes", stats.notes),
        ("chains", stats.chains),
        ("chain_spans", stats.chain_spans),
        (
            "mean_chain_size",
            "" if stats.mean_chain_size is None else round(stats.mean_chain_size, 2),
        ),
        ("discontinuous_spans", stats.discontinuous_spans),
    )
    for name, value in summary:
        yield {"table": "summary", "name": name, "value": value}
    total = stats.total
    for status in Status:
        count = stats.statuses.get(status, 0)
        percent = round(100 * count / total, 1) if total else 0.0
        yield {"table": "status", "name": str(status), "count": count, "value": percent}
    for label in stats.labels:
        yield {
            "table": "labels",
            "name": label.name,
            "kind": str(label.kind),
            "color": label.color,
            "count": label.count,
        }
    for point in stats.progress:
        yield {
            "table": "progress",
            "day": point.day.isoformat(),
            "count": point.count,
            "cumulative": point.cumulative,
        }
    for person in stats.annotators:
        for point in person.days:
            yield {
                "table": "annotator_progress",
                "day": point.day.isoformat(),
                "annotator": person.name,
                "count": point.count,
                "cumulative": point.cumulative,
            }
    for person in stats.annotators:
        last = person.last_day
        yield {
            "table": "annotators",
            "annotator": person.name,
            "count": person.finished,
            "day": last.isoformat() if last else "",
            "value": "" if person.rate is None else round(person.rate, 2),
        }
    for attribute in stats.attributes:
        yield {
            "table": "attributes",
            "name": attribute.name,
            "value": attribute.value or "",
            "count": attribute.count,
            "kind": "" if attribute.declared else "undeclared",
        }
    for resource in stats.normalizations:
        yield {
            "table": "normalizations",
            "name": resource.resource,
            "count": resource.count,
            "value": resource.entries,
        }


def annotation_lines(stats: Statistics) -> list[str]:
    """Lines for a terminal about what annotations carry; none for a project without
    attributes (in its schema or on annotations), normalizations, notes, chains or
    discontinuous spans."""
    lines: list[str] = []
    if stats.attributes:
        rows = [("attribute", "value", "count")] + [
            (a.name, a.value if a.value is not None else "(yes/no)", str(a.count))
            for a in stats.attributes
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for (name, value, count), attribute in zip(rows, (None, *stats.attributes), strict=True):
            note = "  not in the schema" if attribute is not None and not attribute.declared else ""
            lines.append(f"{name:<{widths[0]}}  {value:<{widths[1]}}  {count:>{widths[2]}}{note}")
    facts = []
    if stats.normalizations:
        per = ", ".join(f"{r.resource} {r.count}" for r in stats.normalizations)
        facts.append(f"Normalizations: {stats.normalization_total} ({per})")
    if stats.notes:
        facts.append(f"Notes: {stats.notes}")
    if stats.chains and stats.mean_chain_size is not None:
        facts.append(f"Coreference chains: {stats.chains} (mean {stats.mean_chain_size:.1f} spans)")
    if stats.discontinuous_spans:
        facts.append(f"Discontinuous spans: {stats.discontinuous_spans}")
    if lines and facts:
        lines.append("")
    return lines + facts


def write_csv(stats: Statistics, out: TextIO) -> None:
    """Every table in one CSV file (see :data:`CSV_COLUMNS`); open ``out`` with newline=""."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(csv_rows(stats))


def save_csv(stats: Statistics, path: Path) -> None:
    """Write :func:`write_csv` to a file, whole or not at all; errors are user errors."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as out:
            write_csv(stats, out)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write the statistics ({exc.strerror})") from None
