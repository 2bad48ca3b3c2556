"""Crash safety: a writer killed with SIGKILL at random moments loses no acknowledged edit.

A forked child opens the project and applies a seeded random stream of edits through
the core (spans, relabels, deletes, events and arguments, relations, statuses, undo
and redo, imports of ~200 documents, search indexing). Around each edit it writes an
*intent* line, then, once ``apply`` has returned, an *ack* line with the rows the edit
changed. The parent kills the child at random moments (random delays, seeded; some
aimed inside an edit or an import) and then checks the file:

* it opens, ``PRAGMA integrity_check`` is ok and ``check_project`` finds nothing;
* its annotations equal the parent's model (every acknowledged edit applied, in
  order, undos included), or that model plus *the whole* edit that was in flight
  when the child died: never a part of one (an import is all its documents or none).

After each check the file's state becomes the model for the next child. A failure
names the seed and kill number: ``ANNOTATOR_CRASH_SEED=<seed>`` replays the same
edit stream (the kill moments are timing, so they vary a little).
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest

from annotator.core.analysis.search import catch_up
from annotator.core.editing import edits
from annotator.core.errors import EditError
from annotator.core.maintenance.integrity import check_project, summary_lines
from annotator.core.model.records import (
    ArgumentRecord,
    DocumentRecord,
    EventRecord,
    RelationRecord,
    SpanRecord,
)
from annotator.core.project import Project

SEED = int(os.environ.get("ANNOTATOR_CRASH_SEED", "20261125"))

# The annotation state compared after each kill: table -> row id -> columns.
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("uid", "status", "length", "digest"),
    "spans": ("document_id", "uid", "start", "end", "label_id"),
    "events": ("document_id", "uid", "trigger_id"),
    "arguments": ("event_id", "role", "span_id", "event_ref_id", "position"),
    "relations": ("document_id", "uid", "label_id", "head_id", "tail_id"),
}
State = dict[str, dict[int, tuple[Any, ...]]]
RowLog = list[list[Any]]  # [table, op, key, before, after], as the core's Changes.rows

WORKBENCH = 4  # documents most edits go to (long texts, many spans)
BATCH = 200  # documents per import
CHILD_CAP = 0.2  # seconds a child may live at most
MAX_DOCUMENTS = 1500  # beyond this, an import is undone at once: the checks stay quick


def read_state(project: Project) -> State:
    state: State = {}
    for table, columns in COLUMNS.items():
        names = ", ".join(f'"{c}"' for c in columns)
        state[table] = {
            row[0]: tuple(row[1:])
            for row in project.db.execute(f"SELECT id, {names} FROM {table} ORDER BY id")
        }
    return state


def copy_state(state: State) -> State:
    return {table: dict(rows) for table, rows in state.items()}


def apply_rows(state: State, rows: Iterable[list[Any]], *, in_place: bool = False) -> State:
    """The state after row changes (as logged by the core) are applied to it."""
    out = state if in_place else copy_state(state)
    for table, op, key, _before, after in rows:
        columns = COLUMNS.get(table)
        if columns is None:
            continue  # texts, project...: not part of the compared state
        if op == "insert":
            out[table][key] = tuple(after[c] for c in columns)
        elif op == "delete":
            if key not in out[table]:
                raise AssertionError(f"the log deletes {table} {key}, which the model lacks")
            del out[table][key]
        else:
            if key not in out[table]:
                raise AssertionError(f"the log updates {table} {key}, which the model lacks")
            values = dict(zip(columns, out[table][key], strict=True))
            values.update({c: v for c, v in after.items() if c in values})
            out[table][key] = tuple(values[c] for c in columns)
    return out


def inverse(rows: RowLog) -> RowLog:
    flip = {"insert": "delete", "delete": "insert", "update": "update"}
    return [[t, flip[op], key, after, before] for t, op, key, before, after in reversed(rows)]


@dataclass
class Diff:
    added: dict[str, dict[int, tuple[Any, ...]]] = field(default_factory=dict)
    removed: dict[str, dict[int, tuple[Any, ...]]] = field(default_factory=dict)
    changed: dict[str, dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]]] = field(
        default_factory=dict
    )

    def describe(self, limit: int = 12) -> str:
        lines = []
        for name, part in (("added", self.added), ("removed", self.removed)):
            for table, rows in part.items():
                for key, row in list(rows.items())[:limit]:
                    lines.append(f"  {name} {table} {key}: {row}")
                if len(rows) > limit:
                    lines.append(f"  ... {len(rows) - limit} more {name} {table}")
        for table, pairs in self.changed.items():
            for key, (old, new) in list(pairs.items())[:limit]:
                lines.append(f"  changed {table} {key}: {old} -> {new}")
        return "\n".join(lines) or "  (none)"


def diff(model: State, disk: State) -> Diff:
    out = Diff()
    for table in COLUMNS:
        a, b = model[table], disk[table]
        added = {k: b[k] for k in b.keys() - a.keys()}
        removed = {k: a[k] for k in a.keys() - b.keys()}
        changed = {k: (a[k], b[k]) for k in a.keys() & b.keys() if a[k] != b[k]}
        if added:
            out.added[table] = added
        if removed:
            out.removed[table] = removed
        if changed:
            out.changed[table] = changed
    return out


def span_closure(state: State, span_id: int) -> dict[str, set[int]]:
    """What deleting a span deletes: its relations, the arguments naming it, the events
    it triggers and their arguments (both ways)."""
    gone: dict[str, set[int]] = {"spans": {span_id}, "events": set(), "arguments": set()}
    gone["relations"] = {
        k for k, r in state["relations"].items() if span_id in (r[3], r[4])
    }  # head, tail
    gone["events"] = {k for k, e in state["events"].items() if e[2] == span_id}
    gone["arguments"] = {
        k
        for k, a in state["arguments"].items()
        if a[2] == span_id or a[0] in gone["events"] or a[3] in gone["events"]
    }
    return gone


def document_rows(state: State, doc_ids: set[int]) -> dict[str, set[int]]:
    """Every row belonging to some documents."""
    rows = {
        "documents": set(doc_ids) & state["documents"].keys(),
        "spans": {k for k, s in state["spans"].items() if s[0] in doc_ids},
        "events": {k for k, e in state["events"].items() if e[0] in doc_ids},
        "relations": {k for k, r in state["relations"].items() if r[0] in doc_ids},
    }
    rows["arguments"] = {k for k, a in state["arguments"].items() if a[0] in rows["events"]}
    return rows


def only_added(d: Diff, counts: dict[str, int]) -> dict[str, dict[int, tuple[Any, ...]]] | None:
    """The added rows if the diff is exactly that many additions per table, else None."""
    if d.removed or d.changed:
        return None
    if {t: len(rows) for t, rows in d.added.items()} != {t: n for t, n in counts.items() if n}:
        return None
    return d.added


def in_flight_explains(
    intent: dict[str, Any], model: State, disk: State, logs: dict[int, RowLog]
) -> bool:
    """Whether ``disk`` is ``model`` with the whole in-flight edit applied."""
    op = intent["op"]
    if op in ("undo", "redo"):
        rows = logs[intent["ref"]]
        return apply_rows(model, inverse(rows) if op == "undo" else rows) == disk
    d = diff(model, disk)
    if op == "add_span":
        added = only_added(d, {"spans": 1})
        if added is None:
            return False
        (span,) = added["spans"].values()
        wanted = (intent["doc"], intent["start"], intent["end"], intent["label_id"])
        return (span[0], span[2], span[3], span[4]) == wanted
    if op == "create_event":
        added = only_added(d, {"spans": 1, "events": 1})
        if added is None:
            return False
        ((span_id, span),) = added["spans"].items()
        (event,) = added["events"].values()
        wanted = (intent["doc"], intent["start"], intent["end"], intent["label_id"])
        return (span[0], span[2], span[3], span[4]) == wanted and event[::2] == (
            intent["doc"],
            span_id,
        )
    if op == "add_argument":
        added = only_added(d, {"arguments": 1})
        if added is None:
            return False
        (argument,) = added["arguments"].values()
        wanted = (intent["event"], intent["role"], intent.get("span"), intent.get("event_ref"))
        return argument[:4] == wanted
    if op == "add_relation":
        added = only_added(d, {"relations": 1})
        if added is None:
            return False
        (relation,) = added["relations"].values()
        return relation[2:] == (intent["label_id"], intent["head"], intent["tail"])
    if op == "relabel":
        if d.added or d.removed or set(d.changed) != {"spans"}:
            return False
        ((key, (old, new)),) = d.changed["spans"].items()
        return key == intent["span"] and new == (*old[:4], intent["label_id"])
    if op == "set_status":
        if d.added or d.removed or set(d.changed) != {"documents"}:
            return False
        ((key, (old, new)),) = d.changed["documents"].items()
        return key == intent["doc"] and new == (old[0], intent["status"], *old[2:])
    if op in ("delete_span", "delete_document"):
        gone = (
            span_closure(model, intent["span"])
            if op == "delete_span"
            else document_rows(model, {intent["doc"]})
        )
        if d.added or d.changed:
            return False
        return {t: set(rows) for t, rows in d.removed.items()} == {
            t: keys for t, keys in gone.items() if keys
        }
    if op == "import":
        # all of the batch or nothing: exactly its documents and their annotations
        prefix = intent["marker"] + "-"
        docs = {k for k, row in disk["documents"].items() if row[0].startswith(prefix)}
        if len(docs) != intent["documents"]:
            return False
        added = only_added(d, intent["rows"])
        return (
            added is not None
            and added["documents"].keys() == docs
            and all(
                row[0] in docs
                for t in ("spans", "events", "relations")
                for row in added[t].values()
            )
        )
    if op == "catch_up":
        return False  # indexing changes no annotation: the state must equal the model
    raise AssertionError(f"unknown intent {op}")


# -- the child: applies edits and reports them --------------------------------------------
class Reporter:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, message: dict[str, Any]) -> None:
        data = (json.dumps(message, separators=(",", ":")) + "\n").encode("utf-8")
        while data:  # unbuffered: on its way to the parent when this returns
            written = os.write(self.fd, data)
            data = data[written:]


def batch_records(marker: str, rng: random.Random) -> list[DocumentRecord]:
    """~200 small documents, each with three spans, an event, an argument and a relation."""
    records = []
    cities = ["Paris", "Berlin", "Lagos", "Quito", "Hanoi", "Perth"]
    for i in range(BATCH):
        city = rng.choice(cities)
        text = f"Report {marker}-{i}: rebels attacked {city} while Ana Silva watched."
        at = text.index
        records.append(
            DocumentRecord(
                text=text,
                uid=f"{marker}-{i}",
                spans=[
                    SpanRecord("T1", at("rebels"), at("rebels") + 6, "ORG"),
                    SpanRecord("T2", at("attacked"), at("attacked") + 8, "Conflict:Attack"),
                    SpanRecord("T3", at(city), at(city) + len(city), "GPE"),
                ],
                events=[EventRecord("E1", "T2", [ArgumentRecord("Attacker", "T1")])],
                relations=[RelationRecord("R1", "PHYS:Located", "T1", "T3")],
            )
        )
    return records


BATCH_ROWS = {
    "documents": BATCH,
    "spans": 3 * BATCH,
    "events": BATCH,
    "arguments": BATCH,
    "relations": BATCH,
}


class Child:
    """One writer session: a seeded stream of edits until it is killed."""

    def __init__(self, project: Project, rng: random.Random, out: Reporter, name: str) -> None:
        self.project, self.db, self.rng, self.out, self.name = project, project.db, rng, out, name
        self.seq = 0
        self.undo: list[tuple[int, edits.Edit]] = []  # (seq of its ack, the edit)
        self.redo: list[tuple[int, edits.Edit]] = []
        self.imports = 0
        labels = list(self.db.execute("SELECT id, name, kind FROM labels ORDER BY id"))
        self.label_id = {name: label_id for label_id, name, _ in labels}
        self.by_kind = {
            kind: [name for _, name, k in labels if k == kind]
            for kind in ("entity", "event", "relation")
        }
        self.roles: dict[int, list[str]] = {}
        for label_id, role in self.db.execute("SELECT label_id, name FROM roles ORDER BY id"):
            self.roles.setdefault(label_id, []).append(role)
        self.workbench = [
            row[0]
            for row in self.db.execute(f"SELECT id FROM documents ORDER BY id LIMIT {WORKBENCH}")
        ]

    # -- the stream ----------------------------------------------------------------
    def run(self) -> NoReturn:
        ops: list[tuple[Callable[[], None], int]] = [
            (self.add_span, 24),
            (self.relabel, 10),
            (self.delete_span, 8),
            (self.create_event, 10),
            (self.add_argument, 10),
            (self.add_relation, 8),
            (self.set_status, 6),
            (self.undo_last, 10),
            (self.redo_last, 4),
            (self.delete_document, 1),
            (self.catch_up, 2),
            (self.import_batch, 1),
        ]
        functions = [f for f, _ in ops]
        weights = [w for _, w in ops]
        if self.rng.random() < 0.12:
            self.import_batch()  # some sessions start with an import: kills land inside it
        while True:
            self.rng.choices(functions, weights)[0]()

    def intent(self, **details: Any) -> int:
        self.seq += 1
        self.out.send({"t": "intent", "n": self.seq, **details})
        return self.seq

    def ack(self, seq: int, rows: RowLog | None = None) -> None:
        self.out.send({"t": "ack", "n": seq, "rows": rows})

    def apply_new(self, edit: edits.Edit, **details: Any) -> None:
        seq = self.intent(**details)
        changes = self.project.apply(edit)
        assert changes.rows is not None
        rows = [
            [c.table, c.op, c.key, c.before, c.after] for c in changes.rows if c.table in COLUMNS
        ]
        self.ack(seq, rows)
        self.undo.append((seq, edit))
        self.redo.clear()

    # -- choosing ----------------------------------------------------------------------
    def document(self) -> tuple[int, int]:
        if self.rng.random() < 0.85:
            doc = self.rng.choice(self.workbench)
        else:
            top = self.db.execute("SELECT max(id) FROM documents").fetchone()[0]
            doc = self.db.execute(
                "SELECT id FROM documents WHERE id >= ? ORDER BY id LIMIT 1",
                [self.rng.randint(1, top)],
            ).fetchone()[0]
        length = self.db.execute("SELECT length FROM documents WHERE id = ?", [doc]).fetchone()[0]
        return doc, length

    def offsets(self, length: int) -> tuple[int, int]:
        start = self.rng.randrange(0, length - 1)
        return start, min(length, start + self.rng.randint(1, 12))

    def spans(self, doc: int) -> list[tuple[int, int]]:
        """(span id, label id) of a document's spans."""
        return list(
            self.db.execute(
                "SELECT id, label_id FROM spans WHERE document_id = ? ORDER BY id", [doc]
            )
        )

    # -- edits -------------------------------------------------------------------------
    def add_span(self) -> None:
        doc, length = self.document()
        start, end = self.offsets(length)
        label = self.rng.choice(self.by_kind["entity"])
        self.apply_new(
            edits.AddSpan(doc, start, end, label),
            op="add_span",
            doc=doc,
            start=start,
            end=end,
            label_id=self.label_id[label],
        )

    def create_event(self) -> None:
        doc, length = self.document()
        start, end = self.offsets(length)
        label = self.rng.choice(self.by_kind["event"])
        self.apply_new(
            edits.CreateEvent(doc, start, end, label),
            op="create_event",
            doc=doc,
            start=start,
            end=end,
            label_id=self.label_id[label],
        )

    def relabel(self) -> None:
        spans = self.spans(self.document()[0])
        if not spans:
            return
        span_id, _ = self.rng.choice(spans)
        triggers = self.db.execute(
            "SELECT count(*) FROM events WHERE trigger_id = ?", [span_id]
        ).fetchone()[0]
        label = self.rng.choice(self.by_kind["event" if triggers else "entity"])
        self.apply_new(
            edits.RelabelSpan(span_id, label),
            op="relabel",
            span=span_id,
            label_id=self.label_id[label],
        )

    def delete_span(self) -> None:
        spans = self.spans(self.document()[0])
        if spans:
            span_id, _ = self.rng.choice(spans)
            self.apply_new(edits.DeleteSpan(span_id), op="delete_span", span=span_id)

    def add_argument(self) -> None:
        doc = self.document()[0]
        events = list(
            self.db.execute(
                "SELECT e.id, s.label_id FROM events e JOIN spans s ON s.id = e.trigger_id "
                "WHERE e.document_id = ? ORDER BY e.id",
                [doc],
            )
        )
        if not events:
            return
        event_id, type_id = self.rng.choice(events)
        role = self.rng.choice(self.roles.get(type_id, ["Other"]))
        others = [e for e, _ in events if e != event_id]
        if others and self.rng.random() < 0.2:
            ref = self.rng.choice(others)
            self.apply_new(
                edits.AddArgument(event_id, role, event_ref_id=ref),
                op="add_argument",
                event=event_id,
                role=role,
                event_ref=ref,
            )
            return
        spans = self.spans(doc)
        span_id, _ = self.rng.choice(spans)
        self.apply_new(
            edits.AddArgument(event_id, role, span_id=span_id),
            op="add_argument",
            event=event_id,
            role=role,
            span=span_id,
        )

    def add_relation(self) -> None:
        spans = self.spans(self.document()[0])
        if len(spans) < 2:
            return
        (head, _), (tail, _) = self.rng.sample(spans, 2)
        label = self.rng.choice(self.by_kind["relation"])
        self.apply_new(
            edits.AddRelation(label, head, tail),
            op="add_relation",
            label_id=self.label_id[label],
            head=head,
            tail=tail,
        )

    def set_status(self) -> None:
        doc = self.document()[0]
        status = self.rng.choice(["todo", "done", "skipped"])
        self.apply_new(edits.SetStatus(doc, status), op="set_status", doc=doc, status=status)

    def delete_document(self) -> None:
        """Only imported documents go (the workbench stays)."""
        doc = self.document()[0]
        if doc not in self.workbench:
            self.apply_new(edits.DeleteDocument(doc), op="delete_document", doc=doc)

    def undo_last(self) -> None:
        if self.undo:
            ref, edit = self.undo.pop()
            seq = self.intent(op="undo", ref=ref)
            self.project.revert(edit)
            self.ack(seq)
            self.redo.append((ref, edit))

    def redo_last(self) -> None:
        if self.redo:
            ref, edit = self.redo.pop()
            seq = self.intent(op="redo", ref=ref)
            self.project.apply(edit)
            self.ack(seq)
            self.undo.append((ref, edit))

    def catch_up(self) -> None:
        seq = self.intent(op="catch_up")
        catch_up(self.db, chunk=self.rng.choice([50, 500, 2000]))
        self.ack(seq)

    def import_batch(self) -> None:
        if self.imports:
            return  # one per session at most
        self.imports += 1
        full = self.db.execute("SELECT count(*) FROM documents").fetchone()[0] > MAX_DOCUMENTS
        marker = f"{self.name}x{self.seq + 1}"
        edit = edits.ImportDocuments(batch_records(marker, self.rng))
        seq = self.intent(op="import", marker=marker, documents=BATCH, rows=BATCH_ROWS)
        self.project.apply(edit)
        self.ack(seq, self.read_back(edit.report.document_ids or []))
        self.undo.append((seq, edit))
        self.redo.clear()
        if full:
            self.undo_last()  # the file stays small enough for quick checks after each kill

    def read_back(self, doc_ids: list[int]) -> RowLog:
        """An import logs no rows: read back what it wrote, as row inserts."""
        low, high = min(doc_ids), max(doc_ids)
        rows: RowLog = []
        for table, columns in COLUMNS.items():
            where = {
                "documents": "id BETWEEN ? AND ?",
                "arguments": "event_id IN "
                "(SELECT id FROM events WHERE document_id BETWEEN ? AND ?)",
            }.get(table, "document_id BETWEEN ? AND ?")
            names = ", ".join(f'"{c}"' for c in columns)
            for row in self.db.execute(
                f"SELECT id, {names} FROM {table} WHERE {where} ORDER BY id", [low, high]
            ):
                rows.append(
                    [table, "insert", row[0], None, dict(zip(columns, row[1:], strict=True))]
                )
        return rows


def child_main(path: Path, seed: int, kill: int, fd: int) -> NoReturn:
    """The forked child: its own connection, never returns into pytest."""
    code = 0
    try:
        out = Reporter(fd)
        try:
            project = Project.open(path)
            Child(project, random.Random(f"{seed}:{kill}"), out, f"k{kill}").run()
        except EditError as exc:
            out.send(
                {"t": "error", "error": f"an edit was refused: {exc}\n{traceback.format_exc()}"}
            )
            code = 3
        except BaseException:
            out.send({"t": "error", "error": traceback.format_exc()})
            code = 3
    finally:
        os._exit(code)


# -- the parent: kills, checks, and keeps the model --------------------------------------
@dataclass
class Stats:
    kills: int = 0
    acks: int = 0
    in_flight_applied: int = 0
    in_flight_lost: int = 0
    imports_killed: int = 0
    imports_found_whole: int = 0
    started: float = field(default_factory=time.monotonic)


def run_child(
    path: Path, seed: int, kill: int, rng: random.Random, durations: dict[str, float]
) -> list[dict[str, Any]]:
    """Fork a writer, kill it with SIGKILL at a random moment, return its complete lines."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        child_main(path, seed, kill, write_fd)
    os.close(write_fd)
    start = time.monotonic()
    strategy = rng.random()
    if strategy < 0.45:
        deadline = start + rng.uniform(0.0, 0.12)  # anywhere, opening included
        target = -1
    else:
        deadline = start + CHILD_CAP
        target = rng.randint(1, 20)  # inside the target-th edit
    buffer = bytearray()
    scanned = 0  # complete lines before this offset have been looked at
    intents = 0
    started: dict[int, tuple[str, float]] = {}
    exited = False
    while True:
        now = time.monotonic()
        if now >= deadline:
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([read_fd], [], [], deadline - now)
        if not ready:
            continue
        data = os.read(read_fd, 1 << 16)
        if not data:
            exited = True
            break
        buffer += data
        end = buffer.rfind(b"\n") + 1
        complete, scanned = bytes(buffer[scanned:end]), max(scanned, end)
        for line in complete.splitlines():
            message = json.loads(line)
            now = time.monotonic()
            if message["t"] == "intent":
                intents += 1
                op = message["op"]
                started[message["n"]] = (op, now)
                if intents == target or (op == "import" and rng.random() < 0.7):
                    # inside this edit: somewhere in its usual duration
                    delay = rng.uniform(0.0, 1.3 * durations.get(op, 0.004))
                    deadline = min(deadline, now + delay)
            elif message["t"] == "ack" and message["n"] in started:
                op, at = started.pop(message["n"])
                durations[op] = 0.8 * durations.get(op, now - at) + 0.2 * (now - at)
    while True:  # what the child wrote before it died
        data = os.read(read_fd, 1 << 16)
        if not data:
            break
        buffer += data
    os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    lines = [
        json.loads(line) for line in bytes(buffer).split(b"\n")[:-1]
    ]  # torn last line: not sent
    errors = [line["error"] for line in lines if line["t"] == "error"]
    if errors or exited or not os.WIFSIGNALED(status):
        raise AssertionError(f"the writer failed instead of being killed:\n{''.join(errors)}")
    return lines


def crash_loop(tmp_path: Path, seed: int, kills: int) -> Stats:
    path = tmp_path / "crash.annot"
    with Project.create(path) as project:
        project.import_records(
            [
                DocumentRecord(text=" ".join(f"w{i}{j}" for j in range(700)), uid=f"bench{i}")
                for i in range(WORKBENCH)
            ]
        )
        model = read_state(project)
    rng = random.Random(f"{seed}:parent")
    durations: dict[str, float] = {"import": 0.05}
    stats = Stats()
    for kill in range(kills):
        try:
            lines = run_child(path, seed, kill, rng, durations)
            stats.kills += 1
            model = check_after_kill(path, model, lines, stats)
            if len(model["documents"]) > MAX_DOCUMENTS + BATCH:
                model = prune(path)
        except Exception as exc:
            raise AssertionError(
                f"seed {seed}, kill {kill} (rerun with ANNOTATOR_CRASH_SEED={seed}): {exc}"
            ) from exc
    return stats


class DeleteDocuments(edits.Edit):
    """The harness keeps the file small: the oldest imported documents go, in one edit."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    @property
    def name(self) -> str:
        return f"Delete {len(self.ids)} documents"

    def perform(self, tx: edits.Transaction) -> None:
        for document_id in self.ids:
            tx.rec.delete("documents", document_id)


def prune(path: Path) -> State:
    with Project.open(path) as project:
        ids = [
            row[0]
            for row in project.db.execute(
                "SELECT id FROM documents WHERE uid NOT LIKE 'bench%' ORDER BY id LIMIT ?",
                [BATCH],
            )
        ]
        project.apply(DeleteDocuments(ids))
        return read_state(project)


def check_after_kill(path: Path, model: State, lines: list[dict[str, Any]], stats: Stats) -> State:
    """Apply the acknowledged edits to the model, check the file, return its state."""
    logs: dict[int, RowLog] = {}  # ack number -> rows (undo history lives in the process)
    pending: dict[str, Any] | None = None  # the edit in flight when the child died
    for line in lines:
        if line["t"] == "intent":
            assert pending is None, f"two edits in flight: {pending} and {line}"
            pending = line
        elif line["t"] == "ack":
            assert pending is not None and pending["n"] == line["n"], f"{line} without intent"
            rows: RowLog = line["rows"] or []
            if pending["op"] in ("undo", "redo"):
                stored = logs[pending["ref"]]
                rows = inverse(stored) if pending["op"] == "undo" else stored
            else:
                logs[line["n"]] = rows
            try:
                apply_rows(model, rows, in_place=True)
            except AssertionError as exc:
                raise AssertionError(f"acknowledged edit {line['n']}: {exc}") from None
            stats.acks += 1
            pending = None
    with Project.open(path) as project:
        ok = project.db.execute("PRAGMA integrity_check").fetchall()
        assert ok == [("ok",)], f"integrity_check: {ok}"
        problems = check_project(project)
        assert not problems, "\n".join(summary_lines(problems))
        disk = read_state(project)
    if disk != model:
        if pending is None or not in_flight_explains(pending, model, disk, logs):
            raise AssertionError(
                f"the file differs from the acknowledged edits (in flight: {pending})\n"
                f"{diff(model, disk).describe()}"
            )
        stats.in_flight_applied += 1
        stats.imports_found_whole += int(pending["op"] == "import")
    elif pending is not None:
        stats.in_flight_lost += 1
    stats.imports_killed += int(pending is not None and pending["op"] == "import")
    return disk


def _report(stats: Stats, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print(
            f"\ncrash safety: {stats.kills} kills in {time.monotonic() - stats.started:.1f} s, "
            f"{stats.acks} acknowledged edits; in flight at the kill: "
            f"{stats.in_flight_applied} committed, {stats.in_flight_lost} not; "
            f"imports killed midway: {stats.imports_killed} "
            f"({stats.imports_found_whole} found whole)"
        )


def test_a_few_kills_lose_no_acknowledged_edit(tmp_path: Path) -> None:
    stats = crash_loop(tmp_path, SEED, kills=10)
    assert stats.kills == 10 and stats.acks > 0


@pytest.mark.slow
def test_hundreds_of_kills_lose_no_acknowledged_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stats = crash_loop(tmp_path, SEED, kills=210)
    assert stats.kills == 210 and stats.acks > 1000
    _report(stats, capsys)
