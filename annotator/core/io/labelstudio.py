"""Label Studio's JSON export (docs/formats/labelstudio.md): text spans and relations.

The export is a list of tasks::

    {"id", "data": {"text": ..., other fields},
     "annotations": [{"result": [...], "was_cancelled", "updated_at", ...}],
     "predictions": [{"result": [...]}]}

A span result is ``{"id", "type": "labels", "to_name", "value": {"start", "end",
"text", "labels"}}``; a relation ``{"type": "relation", "from_id", "to_id",
"direction", "labels"}``. Per-region results (``perRegion`` controls) share
their region's ``id``: a ``choices`` result is an attribute named by its
``from_name`` (binary when its one choice is that name), a ``textarea`` result
notes of the type its ``from_name`` names. Offsets are code points, end
exclusive, except in exports of 2021 versions, which counted UTF-16 units
(label-studio issue #1347); the unit is told from the spans' ``text``
(annotator.core.io.utf16).

The export writes the same: one task per document, its spans, relations, span
attributes and span notes; what Label Studio cannot hold is counted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError, OffsetError, as_json, one_line
from annotator.core.io import utf16
from annotator.core.io.base import (
    ExportContext,
    Parts,
    ReadContext,
    Tally,
    integer_id,
    numbered_record,
    part_files,
    read_text_file,
)
from annotator.core.io.jsonl import json_array, json_object, json_type
from annotator.core.io.losses import Losses, Targets, attribute_text
from annotator.core.model import Annotations, Document, Status, TargetKind
from annotator.core.model.records import AttributeRecord, DocumentRecord, NoteRecord, check_record

RELATED = "related"  # the type of a relation drawn without a label
DIRECTIONS = ("right", "left", "bi")
OTHER_FIELD = "span(s) on another text field of the task"
UNLABELLED = "region(s) without a label"
UNSUPPORTED = "result(s) of a kind other than text labels, relations and per-region choices or text"
NO_SPAN = "relation(s) whose region was not imported"
NO_REGION = "per-region choices or text whose region was not imported"
SELF = "relation(s) from a region to itself"
CANCELLED = "result(s) of cancelled annotations (their tasks are imported as skipped)"
EXTRA_CHOICES = "per-region choice(s) beyond the first (an attribute has one value)"
REPEATED = "per-region choices repeated on one region (the first is kept)"
PER_REGION = ("choices", "textarea")  # per-region results read as attributes and notes
# What the export names its Text and Labels controls (the labelling config must match).
TEXT_NAME = "text"
LABELS_NAME = "label"
NOTE_TYPE = "AnnotatorNotes"  # a textarea result without a from_name
LOST_ATTRIBUTES = (
    "attribute(s) of events or relations (Label Studio's per-region choices are on regions)"
)
LOST_NOTES = "note(s) on events or relations (Label Studio's per-region text is on regions)"
META_CLASH = 'meta field(s) named "text" (the document\'s text is written there)'
_WHITESPACE = " \t\n\r"


@dataclass
class _Span:
    start: int
    end: int
    label: str
    text: str | None
    index: int  # of the result, for messages


@dataclass
class _Task:
    at: str
    text: str
    uid: str | None
    meta: dict[str, Any]
    status: Status
    spans: list[_Span] = field(default_factory=list)
    relations: list[tuple[int, int, str]] = field(default_factory=list)  # span indexes
    attributes: list[tuple[int, str, str | None]] = field(default_factory=list)  # span index
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # span index, type, text


# -- reading -------------------------------------------------------------------
def load(path: Path, ctx: ReadContext) -> list[DocumentRecord]:
    if path.is_dir():
        raise InputError(f"{path}: is a folder; Label Studio import reads its JSON export file")
    source = str(path)
    counts = Tally()
    tasks = [
        _task(value, f"{source} line {line}", ctx.losses, counts)
        for line, value in _json_array(read_text_file(path), source)
    ]
    verdict = utf16.choose(
        ctx.offsets,
        (
            (
                task.text,
                [
                    utf16.Offsets(
                        span.start, span.end, span.text, f"{_short(task.at)} {span.index}"
                    )
                    for span in task.spans
                ],
            )
            for task in tasks
        ),
        source,
    )
    message = utf16.warning(verdict, source, "as exports of Label Studio before 2022 did")
    if message:
        ctx.warn(message)
    if counts["several"]:
        ctx.warn(
            f"{source}: {counts['several']} task(s) had several annotations; imported the "
            f"latest non-cancelled one of each ({counts['unused']} other annotation(s) "
            f"not imported){counts.first_at('several', source)}"
        )
    if counts["predicted"]:
        ctx.warn(
            f"{source}: {counts['predicted']} task(s) had no annotations; imported their "
            f"latest prediction instead (status todo){counts.first_at('predicted', source)}"
        )
    if counts["cancelled"]:
        ctx.warn(
            f"{source}: {counts['cancelled']} task(s) whose annotations were all cancelled "
            f"imported as skipped{counts.first_at('cancelled', source)}"
        )
    if counts["bi"]:
        ctx.warn(
            f"{source}: {counts['bi']} bidirectional relation(s) imported as directed "
            "from → to (the project's relations have a direction)"
            f"{counts.first_at('bi', source)}"
        )
    return [_record(task, verdict.unit) for task in tasks]


def _short(at: str) -> str:
    """``x.json line 3 (task 7)`` -> ``line 3 (task 7) result``, for the detector's examples."""
    return at[at.rindex(" line ") + 1 :] + " result"


def _json_array(raw: str, source: str) -> list[tuple[int, Any]]:
    """The tasks of a JSON array with the line each starts on, for messages."""
    decoder = json.JSONDecoder()
    line, counted = 1, 0

    def line_at(position: int) -> int:
        nonlocal line, counted
        line += raw.count("\n", counted, position)
        counted = position
        return line

    def skip(position: int) -> int:
        while position < len(raw) and raw[position] in _WHITESPACE:
            position += 1
        return position

    def decode(position: int) -> tuple[Any, int]:
        try:
            return decoder.raw_decode(raw, position)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{source} line {exc.lineno}: malformed JSON: {exc.msg} at column {exc.colno}"
            ) from None
        except RecursionError:
            raise InputError(
                f"{source} line {line_at(position)}: malformed JSON: nested too deeply"
            ) from None
        except ValueError:  # an integer longer than Python reads (sys.get_int_max_str_digits)
            raise InputError(
                f"{source} line {line_at(position)}: malformed JSON: a number has too many digits"
            ) from None

    position = skip(0)
    if position == len(raw):
        return []
    if raw[position] == "{":  # a single task
        value, end = decode(position)
        items = [(line_at(position), value)]
    elif raw[position] != "[":
        value, end = decode(position)  # malformed JSON is named as such, with its line
        raise InputError(
            f"{source}: expected a JSON array of tasks (Label Studio's JSON export), "
            f"not {json_type(value)}"
        )
    else:
        items = []
        end = skip(position + 1)
        if end < len(raw) and raw[end] == "]":
            end += 1
        else:
            while True:
                start = skip(end)
                value, end = decode(start)
                items.append((line_at(start), value))
                end = skip(end)
                if end < len(raw) and raw[end] == ",":
                    end += 1
                    continue
                if end < len(raw) and raw[end] == "]":
                    end += 1
                    break
                raise InputError(
                    f"{source} line {line_at(end)}: malformed JSON: expected ',' or ']' "
                    "after a task"
                )
    end = skip(end)
    if end != len(raw):
        raise InputError(
            f"{source} line {line_at(end)}: malformed JSON: extra data after the tasks"
        )
    return items


def _task(value: Any, at: str, losses: Losses, counts: Tally) -> _Task:
    if not isinstance(value, Mapping):
        raise InputError(f"{at}: expected a task object, not {json_type(value)}")
    uid = value.get("id")
    if uid is not None:
        if isinstance(uid, bool) or not isinstance(uid, str | int):
            raise InputError(f'{at}: "id" must be a string or an integer')
        uid = str(uid)
        at = f"{at} (task {one_line(uid)})"
    data = value.get("data")
    if not isinstance(data, Mapping):
        hint = " (export as JSON, not JSON-MIN)" if data is None and "text" in value else ""
        raise InputError(f'{at}: "data" must be an object, not {json_type(data)}{hint}')

    annotations = _objects(value, "annotations", at) or _objects(value, "completions", at)
    live = [item for item in annotations if not item.get("was_cancelled")]
    status = Status.TODO
    results: list[Any] = []
    if live:
        status = Status.DONE
        results = json_array(_latest(live), "result", at)
        if len(annotations) > 1:
            counts.note("several", at)
            counts["unused"] += len(annotations) - 1
    elif annotations:
        status = Status.SKIPPED
        counts.note("cancelled", at)
        dropped = len(json_array(_latest(annotations), "result", at))
        if dropped:
            losses.add(CANCELLED, at, dropped)
    else:
        predictions = _objects(value, "predictions", at)
        if predictions:
            results = json_array(_latest(predictions), "result", at)
            counts.note("predicted", at)

    items = [json_object(item, f"{at}: result {index}") for index, item in enumerate(results, 1)]
    key = _text_key(data, items, at)
    task = _Task(at, data[key], uid, {k: v for k, v in data.items() if k != key}, status)
    regions: dict[str, list[int]] = {}  # region id -> its spans (one per label)
    known: set[str] = set()
    drawn: set[str] = set()  # ids of text regions, imported or not
    for index, item in enumerate(items, 1):
        label = f"{at}: result {index}"
        region = item.get("id")
        if isinstance(region, str | int) and not isinstance(region, bool):
            known.add(str(region))
        kind = item.get("type")
        if kind == "relation" or kind in PER_REGION:
            continue  # read once every region is known
        if kind != "labels":
            losses.add(UNSUPPORTED, f"{at} result {index} ({kind})")
            continue
        drawn.add(str(region))
        target = item.get("to_name")
        if isinstance(target, str) and target != key and isinstance(data.get(target), str):
            losses.add(OTHER_FIELD, f"{at} result {index} ({target})")
            continue
        found = json_object(item.get("value"), f'{label} "value"')
        start, end = _integer(found, "start", label), _integer(found, "end", label)
        given = found.get("text")
        if given is not None and not isinstance(given, str):
            raise InputError(f'{label}: "text" must be a string, not {json_type(given)}')
        names = found.get("labels")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise InputError(f'{label}: "labels" must be an array of strings')
        if not names:
            losses.add(UNLABELLED, f"{at} result {index}")
            continue
        ids = regions.setdefault(str(region), [])
        for name in names:  # a region with several labels is a span per label
            ids.append(len(task.spans))
            task.spans.append(_Span(start, end, name, given, index))

    for index, item in enumerate(items, 1):
        if item.get("type") in PER_REGION:
            _per_region(item, f"{at}: result {index}", task, regions, drawn, losses)
    for index, item in enumerate(items, 1):
        if item.get("type") != "relation":
            continue
        label = f"{at}: result {index}"
        ends = []
        for side in ("from_id", "to_id"):
            ref = item.get(side)
            if ref is None:
                raise InputError(f'{label}: missing "{side}"')
            if str(ref) not in known:
                raise InputError(f"{label}: {side} {ref!r} is not the id of a result")
            ends.append(regions.get(str(ref)))
        head, tail = ends
        if head is None or tail is None:
            losses.add(NO_SPAN, f"{at} result {index}")
            continue
        direction = item.get("direction", "right")
        if direction not in DIRECTIONS:
            raise InputError(f"{label}: unknown direction {direction!r} (right, left or bi)")
        if direction == "left":
            head, tail = tail, head
        elif direction == "bi":
            counts.note("bi", f"{at}: result {index}")
        names = item.get("labels") or [RELATED]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise InputError(f'{label}: "labels" must be an array of strings')
        if head[0] == tail[0]:
            losses.add(SELF, f"{at} result {index}")
            continue
        for name in names:  # one relation per label, between the regions' first spans
            task.relations.append((head[0], tail[0], name))
    return task


def _per_region(
    item: Mapping[str, Any],
    label: str,
    task: _Task,
    regions: dict[str, list[int]],
    drawn: set[str],
    losses: Losses,
) -> None:
    """A ``choices`` or ``textarea`` result on a region: attributes or notes of its spans.

    Results not on a text region (choices about the whole task) are counted, and so
    are those on a region that was left out.
    """
    kind = item.get("type")
    given = item.get("id")
    region = str(given) if isinstance(given, str | int) and not isinstance(given, bool) else ""
    spans = regions.get(region) if region else None
    where = label.replace(": result", " result")
    if not spans:
        losses.add(NO_REGION if region in drawn else UNSUPPORTED, f"{where} ({kind})")
        return
    name = item.get("from_name", NOTE_TYPE if kind == "textarea" else None)
    if not isinstance(name, str) or not name.strip():
        raise InputError(f'{label}: "from_name" must name the {kind} control, not {name!r}')
    found = json_object(item.get("value"), f'{label} "value"')
    if kind == "textarea":
        texts = found.get("text")
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise InputError(f'{label}: "text" must be an array of strings')
        for text in texts:
            if text.strip():
                task.notes.extend((span, name, text) for span in spans)
        return
    choices = found.get("choices")
    if not isinstance(choices, list) or not all(isinstance(c, str) and c for c in choices):
        raise InputError(f'{label}: "choices" must be an array of non-empty strings')
    if not choices:
        return
    if len(choices) > 1:
        losses.add(EXTRA_CHOICES, f"{where} ({name}: {', '.join(choices[1:])})", len(choices) - 1)
    taken = {(span, attribute) for span, attribute, _value in task.attributes}
    if (spans[0], name) in taken:
        losses.add(REPEATED, f"{where} ({name})")
        return
    value = None if choices[0] == name else choices[0]  # a checkbox named as its control
    task.attributes.extend((span, name, value) for span in spans)


def _text_key(data: Mapping[str, Any], results: list[Mapping[str, Any]], at: str) -> str:
    """The data field holding the text.

    ``text``; else the field the span results point at (``to_name`` is the name
    of the Text tag, which is often its field's name too); else the string field
    the regions' own texts fit; else the only string field.
    """
    if isinstance(data.get("text"), str):
        return "text"
    regions = [item for item in results if item.get("type") == "labels"]
    targets = {
        name
        for item in regions
        if isinstance(name := item.get("to_name"), str) and isinstance(data.get(name), str)
    }
    if len(targets) == 1:
        return targets.pop()
    strings = [key for key, item in data.items() if isinstance(item, str)]
    if len(strings) > 1:
        values = [item.get("value") for item in regions]
        given = [v for v in values if isinstance(v, Mapping) and isinstance(v.get("text"), str)]
        fitting = [key for key in strings if given and all(_fits(data[key], v) for v in given)]
        if len(fitting) == 1:
            return fitting[0]
    if len(strings) == 1:
        return strings[0]
    fields = ", ".join(repr(key) for key in data) or "none"
    raise InputError(f'{at}: cannot tell which "data" field is the text (fields: {fields})')


def _fits(text: str, value: Mapping[str, Any]) -> bool:
    """Whether a region's text is in ``text`` at its offsets, counted either way."""
    start, end = value.get("start"), value.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return False
    if text[start:end] == value["text"]:
        return True
    units = text.encode("utf-16-le", "surrogatepass")
    return bool(units[2 * start : 2 * end].decode("utf-16-le", "replace") == value["text"])


def _latest(items: list[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The most recently updated (else created) item; the last one if times are missing."""
    stamps = [_when(item) for item in items]
    if all(stamp is not None for stamp in stamps):
        return items[max(range(len(items)), key=lambda i: (stamps[i], i))]
    return items[-1]


def _when(item: Mapping[str, Any]) -> float | None:
    value = item.get("updated_at") or item.get("created_at")
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:  # an integer past the largest float: no usable time
            return None
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _integer(value: Mapping[str, Any], key: str, label: str) -> int:
    item = value.get(key)
    if isinstance(item, bool) or not isinstance(item, int):
        raise InputError(f"{label}: {key} must be an integer, not {as_json(item)}")
    return item


def _objects(value: Mapping[str, Any], key: str, at: str) -> list[Mapping[str, Any]]:
    return [
        json_object(item, f"{at}: {key[:-1]} {index}")
        for index, item in enumerate(json_array(value, key, at), 1)
    ]


def _record(task: _Task, unit: str) -> DocumentRecord:
    convert = utf16.Converter(task.text, unit)
    spans = []
    for span in task.spans:
        label = f"{task.at}: result {span.index}"
        try:
            start, end = convert(span.start, span.end)
        except OffsetError as exc:
            raise InputError(f"{label}: {exc}") from None
        if span.text is not None and span.text != task.text[start:end]:
            reading = "UTF-16 units" if unit == utf16.UTF16 else "code points"
            raise InputError(
                f"{label}: its text {span.text!r} differs from text[{start}:{end}] = "
                f"{task.text[start:end]!r} (offsets {span.start}:{span.end} read as {reading})"
            )
        spans.append((start, end, span.label))
    record = numbered_record(
        task.text,
        uid=task.uid,
        meta=task.meta,
        status=task.status,
        spans=spans,
        relations=task.relations,
        source=task.at,
    )
    if task.attributes or task.notes:
        record.attributes = [
            AttributeRecord(f"A{number}", name, f"T{span + 1}", value)
            for number, (span, name, value) in enumerate(task.attributes, 1)
        ]
        record.notes = [
            NoteRecord(f"#{number}", f"T{span + 1}", text, kind)
            for number, (span, kind, text) in enumerate(task.notes, 1)
        ]
        check_record(record)
    return record


# -- writing -------------------------------------------------------------------
def export(parts: Parts, target: Path, ctx: ExportContext) -> None:
    """A JSON array of tasks, one a line, as Label Studio's JSON export writes them."""
    for _name, items, path in part_files(parts, target, ".json"):
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write("[")
            separator = "\n"
            for document, annotations in items:
                out.write(separator)
                out.write(
                    json.dumps(task_object(document, annotations, ctx.losses), ensure_ascii=False)
                )
                separator = ",\n"
            out.write("\n]\n")


def task_object(document: Document, annotations: Annotations, losses: Losses) -> dict[str, Any]:
    """One task: ``data`` (text and meta) and the results as an annotation.

    Done documents are a submitted annotation, skipped ones a cancelled one, and
    documents still to do carry their spans as a prediction (pre-annotations).
    """
    text = document.text
    data: dict[str, Any] = {TEXT_NAME: text}
    for key, value in document.meta.items():
        if key == TEXT_NAME:
            losses.add(META_CLASH, f"{document.uid} {key!r}")
            continue
        data[key] = value
    task: dict[str, Any] = {"id": integer_id(document.uid), "data": data}
    results = _results(document, annotations, losses)
    if document.status == Status.TODO:
        task["annotations"] = []
        task["predictions"] = [{"model_version": "annotator", "result": results}] if results else []
    else:
        cancelled = document.status == Status.SKIPPED
        task["annotations"] = [{"result": results, "was_cancelled": cancelled}]
        task["predictions"] = []
    return task


def _results(document: Document, annotations: Annotations, losses: Losses) -> list[dict[str, Any]]:
    text = document.text
    spans = {span.id: span for span in annotations.spans}
    results: list[dict[str, Any]] = []

    def region(span_id: int, kind: str, name: str, value: dict[str, Any]) -> dict[str, Any]:
        span = spans[span_id]
        return {
            "id": span.uid,
            "from_name": name,
            "to_name": TEXT_NAME,
            "type": kind,
            "value": {"start": span.start, "end": span.end, **value},
        }

    for span in annotations.spans:
        found = {"text": text[span.start : span.end], "labels": [span.label]}
        results.append(region(span.id, "labels", LABELS_NAME, found))
    for relation in annotations.relations:
        results.append(
            {
                "from_id": spans[relation.head_id].uid,
                "to_id": spans[relation.tail_id].uid,
                "type": "relation",
                "direction": "right",
                "labels": [relation.type],
            }
        )
    targets: Targets | None = None
    for attribute in annotations.attributes:
        if attribute.target.kind == TargetKind.SPAN and attribute.target.id in spans:
            choice = attribute.name if attribute.value is None else attribute.value
            results.append(
                region(attribute.target.id, "choices", attribute.name, {"choices": [choice]})
            )
            continue
        targets = targets or Targets(document.uid, text, annotations)
        losses.add(LOST_ATTRIBUTES, targets.where(attribute.target, attribute_text(attribute)))
    notes: dict[tuple[int, str], list[str]] = {}  # one textarea result per region and type
    for note in annotations.notes:
        if note.target.kind == TargetKind.SPAN and note.target.id in spans:
            notes.setdefault((note.target.id, note.type), []).append(note.text)
            continue
        targets = targets or Targets(document.uid, text, annotations)
        losses.add(LOST_NOTES, targets.where(note.target))
    for (span_id, kind), texts in notes.items():
        results.append(region(span_id, "textarea", kind, {"text": texts}))
    return results
