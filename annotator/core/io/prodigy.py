"""Prodigy JSONL (docs/formats/prodigy.md): spans, relations, tokens and answers.

One task per line: ``{"text", "tokens", "spans", "relations", "meta", "answer"}``.
Offsets are code points (Prodigy tokenizes with spaCy in Python), end exclusive;
``token_end`` is inclusive, and a relation's ``head``/``child`` is the index of
its span's last token.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from annotator.core.errors import InputError, OffsetError, as_json
from annotator.core.io.base import (
    ExportContext,
    Parts,
    ReadContext,
    Tally,
    part_files,
    read_text_file,
)
from annotator.core.io.jsonl import dumps, json_array, json_object, json_type, loads
from annotator.core.io.losses import Losses, where
from annotator.core.model import Annotations, Document, Status
from annotator.core.model.records import DocumentRecord, RelationRecord, SpanRecord, check_record
from annotator.core.model.text import check_span

ANSWERS = {"accept": Status.DONE, "reject": Status.SKIPPED, "ignore": Status.SKIPPED}
STATUS_ANSWERS = {Status.DONE: "accept", Status.SKIPPED: "ignore"}  # todo: no answer
# Read into the document, so not copied to meta.
MAPPED = ("text", "tokens", "spans", "relations", "meta", "answer")
# Prodigy's hashes go stale once spans change (the task hash covers them) and
# Prodigy recomputes both on loading; view state means nothing outside its UI.
DROPPED = ("_input_hash", "_task_hash", "_view_id", "_is_binary")
UNLINKED = "relation(s) between tokens rather than labelled spans"
SELF = "relation(s) from a span to itself"
ORPHANED = "relation(s) whose span was misaligned"
META_CLASH = "meta field(s) named id (the document id is written there)"


# -- reading -------------------------------------------------------------------
def load(path: Path, ctx: ReadContext) -> list[DocumentRecord]:
    if path.is_dir():
        raise InputError(f"{path}: is a folder; Prodigy import reads .jsonl files")
    source = str(path)
    records: list[DocumentRecord] = []
    notes = Tally()
    for number, raw in enumerate(read_text_file(path).split("\n"), 1):
        if not raw.strip():
            continue
        at = f"{source} line {number}"
        record = ctx.attempt(at, _read_line, raw, at, ctx, notes)  # lenient: skips a bad line
        if record is not None:
            records.append(record)
    _take_ids(records, source, ctx)
    if notes["reject"]:
        ctx.warn(
            f"{source}: {notes['reject']} rejected task(s) imported as skipped"
            f"{notes.first_at('reject', source)}"
        )
    if notes["added"]:
        ctx.warn(
            f"{source}: added {notes['added']} span(s) that only relations named "
            f"(head_span/child_span missing from spans){notes.first_at('added', source)}"
        )
    if notes["clash"]:
        ctx.warn(
            f"{source}: {notes['clash']} top-level field(s) not copied to meta, which has "
            f"fields of the same name{notes.first_at('clash', source)}"
        )
    return records


def _read_line(raw: str, at: str, ctx: ReadContext, notes: Tally) -> DocumentRecord:
    return parse_task(loads(raw, at), at, ctx.losses, notes)


def parse_task(value: Any, at: str, losses: Losses, notes: Tally | None = None) -> DocumentRecord:
    """One Prodigy task to a record; the document id stays in ``meta["id"]`` for now."""
    notes = notes if notes is not None else Tally()
    if not isinstance(value, Mapping):
        raise InputError(f"{at}: expected a JSON object, not {json_type(value)}")
    if "text" not in value:
        raise InputError(f'{at}: missing "text"')
    text = value["text"]
    if not isinstance(text, str):
        raise InputError(f'{at}: "text" must be a string, not {json_type(text)}')
    meta = value.get("meta")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(f'{at}: "meta" must be an object, not {json_type(meta)}')
    meta = dict(meta)
    for key, item in value.items():
        if key in MAPPED or key in DROPPED:
            continue
        if key in meta:
            notes.note("clash", at)
        else:
            meta[key] = item
    answer = value.get("answer")
    if answer is None:
        status = Status.TODO
    elif isinstance(answer, str) and answer in ANSWERS:
        status = ANSWERS[answer]
        notes.note(answer, at)
    else:
        raise InputError(f"{at}: unknown answer {answer!r} (Prodigy uses accept, reject or ignore)")

    tokens = _tokens(value, text, at)
    spans: list[SpanRecord] = []
    last_tokens: dict[int, int] = {}  # token index -> first span ending there
    by_range: dict[tuple[int, int], list[SpanRecord]] = {}

    def add(start: int, end: int, label: str, token_end: Any = None) -> SpanRecord:
        span = SpanRecord(f"T{len(spans) + 1}", start, end, label)
        spans.append(span)
        by_range.setdefault((start, end), []).append(span)
        if isinstance(token_end, bool) or not isinstance(token_end, int):
            token_end = tokens.ends.get(end)  # the span's own token_end, else the tokens'
        if token_end is not None:
            last_tokens.setdefault(token_end, len(spans) - 1)
        return span

    for index, item in enumerate(json_array(value, "spans", at), 1):
        label = f"{at}: span {index}"
        start, end = _offsets(item, label, text, tokens)
        kind = item.get("label")
        if not isinstance(kind, str):
            raise InputError(f'{label}: "label" must be a string, not {json_type(kind)}')
        given = item.get("text")
        if isinstance(given, str) and given != text[start:end]:
            raise InputError(
                f"{label}: its text {given!r} differs from text[{start}:{end}] = "
                f"{text[start:end]!r} (offsets must count code points)"
            )
        add(start, end, kind, item.get("token_end"))

    def endpoint(item: Mapping[str, Any], side: str, label: str) -> SpanRecord | None:
        described = item.get(f"{side}_span")
        if described is not None:
            described = json_object(described, f"{label} {side}_span")
            start, end = _offsets(described, f"{label} {side}_span", text, tokens)
            kind = described.get("label")
            for span in by_range.get((start, end), []):
                if kind is None or span.label == kind:
                    return span
            if isinstance(kind, str):
                notes.note("added", label)
                return add(start, end, kind, described.get("token_end"))
            return None
        token = item.get(side)
        if isinstance(token, bool) or not isinstance(token, int):
            raise InputError(f'{label}: "{side}" must be a token index, not {as_json(token)}')
        found = last_tokens.get(token)
        return spans[found] if found is not None else None

    relations: list[RelationRecord] = []
    for index, item in enumerate(json_array(value, "relations", at), 1):
        label = f"{at}: relation {index}"
        item = json_object(item, label)
        kind = item.get("label")
        if not isinstance(kind, str):
            raise InputError(f'{label}: "label" must be a string, not {json_type(kind)}')
        head, child = endpoint(item, "head", label), endpoint(item, "child", label)
        if head is None or child is None:
            losses.add(UNLINKED, f"{at} relation {index} {kind!r}")
            continue
        if head is child:
            losses.add(SELF, f"{at} relation {index} {kind!r}")
            continue
        relations.append(RelationRecord(f"R{len(relations) + 1}", kind, head.uid, child.uid))

    record = DocumentRecord(
        text=text, meta=meta, status=status, spans=spans, relations=relations, source=at
    )
    check_record(record)
    return record


class _Tokens:
    """A task's tokens: character ranges by index, and token index by end offset."""

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int]] = []
        self.ends: dict[int, int] = {}


def _tokens(value: Mapping[str, Any], text: str, at: str) -> _Tokens:
    tokens = _Tokens()
    for index, item in enumerate(json_array(value, "tokens", at)):
        label = f"{at}: token {index}"
        item = json_object(item, label)
        start, end = _checked(text, item.get("start"), item.get("end"), label)
        tokens.ranges.append((start, end))
        tokens.ends.setdefault(end, index)
    return tokens


def _checked(text: str, start: Any, end: Any, label: str) -> tuple[int, int]:
    try:
        check_span(text, start, end)
    except OffsetError as exc:
        raise InputError(f"{label}: {exc}") from None
    return cast(int, start), cast(int, end)


def _offsets(item: Any, label: str, text: str, tokens: _Tokens) -> tuple[int, int]:
    """A span's character offsets, from ``start``/``end`` or else its tokens."""
    item = json_object(item, label)
    start, end = item.get("start"), item.get("end")
    if start is None or end is None:
        first, last = item.get("token_start"), item.get("token_end")
        if not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(tokens.ranges)
            for i in (first, last)
        ):
            raise InputError(f'{label}: missing "start" and "end"')
        start, end = tokens.ranges[first][0], tokens.ranges[last][1]
    return _checked(text, start, end, label)


def _take_ids(records: list[DocumentRecord], source: str, ctx: ReadContext) -> None:
    """``meta["id"]`` (where exports put it) becomes the document id if it names one text."""
    texts: dict[str, dict[str, str]] = {}  # meta id -> text -> the first line with it
    for record in records:
        value = record.meta.get("id")
        if isinstance(value, str | int) and not isinstance(value, bool):
            texts.setdefault(str(value), {}).setdefault(record.text, record.source)
    repeated = sorted(value for value, found in texts.items() if len(found) > 1)
    if repeated:
        first, second = list(texts[repeated[0]].values())[:2]
        lines = f"{first.removeprefix(source).strip()} and {second.removeprefix(source).strip()}"
        ctx.warn(
            f"{source}: the meta id {repeated[0]!r} names different texts ({lines}); kept "
            "the meta ids in meta and numbered the documents instead"
        )
        return
    for record in records:
        value = record.meta.get("id")
        if isinstance(value, str | int) and not isinstance(value, bool):
            record.uid = str(value)
            del record.meta["id"]


# -- writing -------------------------------------------------------------------
def export(parts: Parts, target: Path, ctx: ExportContext) -> None:
    for _name, items, path in part_files(parts, target, ".jsonl"):
        with path.open("w", encoding="utf-8", newline="\n") as out:
            for document, annotations in items:
                out.write(dumps(task_object(document, annotations, ctx)))
                out.write("\n")


def task_object(document: Document, annotations: Annotations, ctx: ExportContext) -> dict[str, Any]:
    """One Prodigy task; tokens are split at span edges so every span aligns."""
    text = document.text
    sentences = ctx.tokenizer.segment(text, [(span.start, span.end) for span in annotations.spans])
    ranges = [token for sentence in sentences for token in sentence.tokens]
    first = {start: index for index, (start, _end) in enumerate(ranges)}
    last = {end: index for index, (_start, end) in enumerate(ranges)}
    tokens = [
        {
            "text": text[start:end],
            "start": start,
            "end": end,
            "id": index,
            "ws": end < len(text) and text[end].isspace(),
        }
        for index, (start, end) in enumerate(ranges)
    ]
    spans: dict[int, dict[str, Any]] = {}
    for span in annotations.spans:
        if span.start not in first or span.end not in last:
            ctx.losses.add("misaligned", where(document.uid, text, span.start, span.end))
            continue
        spans[span.id] = {
            "start": span.start,
            "end": span.end,
            "text": text[span.start : span.end],
            "label": span.label,
            "token_start": first[span.start],
            "token_end": last[span.end],
        }
    relations = []
    for relation in annotations.relations:
        head, child = spans.get(relation.head_id), spans.get(relation.tail_id)
        if head is None or child is None:
            ctx.losses.add(ORPHANED, f"{document.uid} {relation.uid} {relation.type!r}")
            continue
        relations.append(
            {
                "head": head["token_end"],
                "child": child["token_end"],
                "head_span": _span_ref(head),
                "child_span": _span_ref(child),
                "label": relation.type,
            }
        )
    if "id" in document.meta and document.meta["id"] != document.uid:
        ctx.losses.add(META_CLASH, f"{document.uid} {document.meta['id']!r}")
    task: dict[str, Any] = {
        "text": text,
        "tokens": tokens,
        "spans": list(spans.values()),
        "relations": relations,
        "meta": {"id": document.uid, **{k: v for k, v in document.meta.items() if k != "id"}},
    }
    answer = STATUS_ANSWERS.get(document.status)
    if answer is not None:
        task["answer"] = answer
    return task


def _span_ref(span: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("start", "end", "token_start", "token_end", "label")
    return {key: span[key] for key in keys}
