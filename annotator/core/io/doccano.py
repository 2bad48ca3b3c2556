"""doccano JSONL (docs/formats/doccano.md): sequence labelling, with or without relations.

One document per line, in either of doccano's shapes:

* ``{"text", "label": [[start, end, "LABEL"], ...]}`` (sequence labelling);
* ``{"text", "entities": [{"id", "start_offset", "end_offset", "label"}],
  "relations": [{"id", "from_id", "to_id", "type"}]}`` (with relations).

Every other field is the document's meta, as doccano itself reads it. Offsets are
end exclusive; doccano's web UI counts them in UTF-16 units while its importers
store code points, so the unit is detected per file (annotator.core.io.utf16).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError, OffsetError, as_json
from annotator.core.io import utf16
from annotator.core.io.base import (
    OFFSET_UNITS,
    ExportContext,
    Parts,
    ReadContext,
    integer_id,
    numbered_record,
    part_files,
    read_text_file,
)
from annotator.core.io.jsonl import dumps, json_array, json_type, loads
from annotator.core.io.losses import Losses
from annotator.core.model import Annotations, Document, Status
from annotator.core.model.records import DocumentRecord

# doccano 1.x exports wrote the text as "data" and older docs the spans as "labels"
TEXT_KEYS = ("text", "data")
SPAN_KEYS = ("entities", "label", "labels")
RESERVED = ("id", "text", "label", "entities", "relations")  # written by the exporter
META_CLASH = "meta field(s) named like a doccano field (id, text, label, entities, relations)"


@dataclass
class _Line:
    """One line as read, offsets still in the file's unit."""

    where: str
    number: int
    text: str
    uid: str | None
    meta: dict[str, Any]
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    relations: list[tuple[int, int, str]] = field(default_factory=list)  # span indexes


# -- reading -------------------------------------------------------------------
def load(path: Path, ctx: ReadContext) -> list[DocumentRecord]:
    if path.is_dir():
        raise InputError(f"{path}: is a folder; doccano import reads .jsonl files")
    source = str(path)
    lines: list[_Line] = []
    for number, raw in enumerate(read_text_file(path).split("\n"), 1):
        if not raw.strip():
            continue
        where = f"{source} line {number}"
        line = ctx.attempt(where, _read_line, raw, where, number)  # lenient: skips a bad line
        if line is not None:
            lines.append(line)
    verdict = utf16.choose(
        ctx.offsets,
        (
            (
                line.text,
                [
                    utf16.Offsets(start, end, where=f"line {line.number} span {index}")
                    for index, (start, end, _label) in enumerate(line.spans, 1)
                ],
            )
            for line in lines
        ),
        source,
    )
    message = utf16.warning(verdict, source, "as doccano's web UI counts them")
    if message:
        ctx.warn(message)
    records = (ctx.attempt(line.where, _record, line, verdict.unit) for line in lines)
    return [record for record in records if record is not None]


def _read_line(raw: str, where: str, number: int) -> _Line:
    return _parse(loads(raw, where), where, number)


def _parse(value: Any, where: str, number: int) -> _Line:
    if not isinstance(value, Mapping):
        raise InputError(f"{where}: expected a JSON object, not {json_type(value)}")
    text_key = next((key for key in TEXT_KEYS if key in value), None)
    if text_key is None:
        raise InputError(f'{where}: missing "text"')
    text = value[text_key]
    if not isinstance(text, str):
        raise InputError(f'{where}: "{text_key}" must be a string, not {json_type(text)}')
    uid = value.get("id")
    if uid is not None:
        if isinstance(uid, bool) or not isinstance(uid, str | int):
            raise InputError(f'{where}: "id" must be a string or an integer')
        uid = str(uid)
    span_key = next((key for key in SPAN_KEYS if key in value), None)
    used = {text_key, "id", "relations"}
    line = _Line(where, number, text, uid, {})
    ids: dict[str, int] = {}
    if span_key is not None:
        used.add(span_key)
        for index, item in enumerate(json_array(value, span_key, where), 1):
            _span(item, f"{where}: span {index}", line, ids)
    for index, item in enumerate(json_array(value, "relations", where), 1):
        _relation(item, f"{where}: relation {index}", line, ids)
    line.meta = {
        key: item
        for key, item in value.items()
        if key not in used and not (key == "Comments" and item == [])  # doccano's empty list
    }
    return line


def _span(item: Any, where: str, line: _Line, ids: dict[str, int]) -> None:
    """``[start, end, label]`` or ``{"id", "start_offset", "end_offset", "label"}``."""
    if isinstance(item, list):
        if len(item) < 3:
            raise InputError(f"{where}: expected [start, end, label], not {len(item)} item(s)")
        start, end, label = item[0], item[1], item[2]
        key = None
    elif isinstance(item, Mapping):
        for required in ("start_offset", "end_offset", "label"):
            if required not in item:
                raise InputError(f'{where}: missing "{required}"')
        start, end, label = item["start_offset"], item["end_offset"], item["label"]
        key = item.get("id")
    else:
        raise InputError(f"{where}: expected an array or an object, not {json_type(item)}")
    for name, offset in (("start", start), ("end", end)):
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise InputError(f"{where}: {name} must be an integer, not {as_json(offset)}")
    if start >= end:
        raise InputError(f"{where}: empty span: start {start} is not before end {end}")
    if not isinstance(label, str):
        raise InputError(f"{where}: the label must be a string, not {json_type(label)}")
    if key is not None:
        if isinstance(key, bool) or not isinstance(key, str | int):
            raise InputError(f'{where}: "id" must be a string or an integer')
        if str(key) in ids:
            raise InputError(f"{where}: entity id {key!r} is used twice in this line")
        ids[str(key)] = len(line.spans)
    line.spans.append((start, end, label))


def _relation(item: Any, where: str, line: _Line, ids: dict[str, int]) -> None:
    if not isinstance(item, Mapping):
        raise InputError(f"{where}: expected an object, not {json_type(item)}")
    ends = []
    for key in ("from_id", "to_id"):
        ref = item.get(key)
        if ref is None:
            raise InputError(f'{where}: missing "{key}"')
        if isinstance(ref, bool) or str(ref) not in ids:
            raise InputError(f"{where}: {key} {ref!r} is not the id of an entity in this line")
        ends.append(ids[str(ref)])
    kind = item.get("type", item.get("label"))
    if not isinstance(kind, str):
        raise InputError(f'{where}: "type" must be a string, not {json_type(kind)}')
    line.relations.append((ends[0], ends[1], kind))


def _record(line: _Line, unit: str) -> DocumentRecord:
    convert = utf16.Converter(line.text, unit)
    spans = []
    for index, (start, end, label) in enumerate(line.spans, 1):
        try:
            start, end = convert(start, end)
        except OffsetError as exc:
            raise InputError(f"{line.where}: span {index}: {exc}") from None
        spans.append((start, end, label))
    return numbered_record(
        line.text,
        uid=line.uid,
        meta=line.meta,
        status=Status.TODO,
        spans=spans,
        relations=line.relations,
        source=line.where,
    )


# -- writing -------------------------------------------------------------------
def export(parts: Parts, target: Path, ctx: ExportContext) -> None:
    unit = ctx.options.offsets
    if unit not in OFFSET_UNITS:
        raise InputError(f"unknown offset unit {unit!r} (use codepoints or utf16)")
    # One shape per file, chosen by the schema: doccano picks its importer per file.
    with_relations = bool(ctx.schema.relations)
    if unit == utf16.UTF16:
        ctx.notes.append("offsets count UTF-16 units (as doccano's web UI does)")
    for _name, items, path in part_files(parts, target, ".jsonl"):
        with path.open("w", encoding="utf-8", newline="\n") as out:
            for document, annotations in items:
                line = document_object(
                    document, annotations, relations=with_relations, unit=unit, losses=ctx.losses
                )
                out.write(dumps(line))
                out.write("\n")


def document_object(
    document: Document,
    annotations: Annotations,
    *,
    relations: bool,
    unit: str = utf16.CODEPOINTS,
    losses: Losses | None = None,
) -> dict[str, Any]:
    """One doccano line: id, text, meta fields, then the spans (and relations)."""
    text = document.text
    line: dict[str, Any] = {"id": integer_id(document.uid), "text": text}
    for key, value in document.meta.items():
        if key in RESERVED:
            if losses is not None:
                losses.add(META_CLASH, f"{document.uid} {key!r}")
            continue
        line[key] = value
    umap = utf16.to_utf16(text) if unit == utf16.UTF16 else None

    def offset(value: int) -> int:
        return umap.to_utf16(value) if umap is not None else value

    if not relations:
        line["label"] = [
            [offset(span.start), offset(span.end), span.label] for span in annotations.spans
        ]
        return line
    span_ids = dict(
        zip(
            (span.id for span in annotations.spans),
            _numbers([span.uid for span in annotations.spans], "T"),
            strict=True,
        )
    )
    line["entities"] = [
        {
            "id": span_ids[span.id],
            "label": span.label,
            "start_offset": offset(span.start),
            "end_offset": offset(span.end),
        }
        for span in annotations.spans
    ]
    line["relations"] = [
        {
            "id": number,
            "from_id": span_ids[relation.head_id],
            "to_id": span_ids[relation.tail_id],
            "type": relation.type,
        }
        for relation, number in zip(
            annotations.relations,
            _numbers([relation.uid for relation in annotations.relations], "R"),
            strict=True,
        )
    ]
    return line


def _numbers(uids: Sequence[str], prefix: str) -> list[int]:
    """Integer ids: the numbers of ``T7``-style uids when all have distinct ones, else 1..n."""
    # at most 15 digits: a longer number is no JSON reader's integer, and would not convert
    pattern = re.compile(re.escape(prefix) + r"([0-9]{1,15})")
    numbers = []
    for uid in uids:
        match = pattern.fullmatch(uid)
        if match is None:
            break
        numbers.append(int(match.group(1)))
    if len(numbers) == len(uids) and len(set(numbers)) == len(numbers):
        return numbers
    return list(range(1, len(uids) + 1))
