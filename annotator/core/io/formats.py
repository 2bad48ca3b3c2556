"""Every import and export format by name: detection, reading, and exporting a project.

Each format lives in its own module under ``annotator.core.io`` with a
``load(path, ctx)`` reader and/or an ``export(parts, target, ctx)`` writer
(``annotator.core.io.base``); this module knows which is which, loads them only
when used (spaCy and friends are optional), and does what all formats share:
status and schema-warning filters, train/dev/test splits, progress and Cancel,
writing to a temporary file or folder that replaces the target only when
complete, and counting events or relations a format cannot carry.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import random
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError, InputError, capped, no_progress, one_line
from annotator.core.io.base import ExportContext, ExportItem, ExportOptions, ReadContext
from annotator.core.io.jsonl import VIOLATION_MODES as VIOLATION_MODES  # re-exported
from annotator.core.io.losses import Losses, Targets, attribute_text, where
from annotator.core.model.records import DocumentRecord
from annotator.core.model.validation import check_document
from annotator.core.store.queries import GOLD_NAME, RowBatch

if TYPE_CHECKING:
    from annotator.core.project import Project


@dataclass(frozen=True)
class Format:
    name: str
    title: str
    module: str
    suffix: str = ""  # of a single exported file; "" for folder formats
    folder: bool = False  # exports a folder (brat) rather than a file
    binary: bool = False
    events: bool = False  # whether the export carries events
    relations: bool = False  # whether the export carries relations
    extra: str = ""  # the optional extra the format needs, for messages
    # The writer takes raw row batches (queries.RowBatch) instead of model objects;
    # only for formats that carry everything (nothing can be lost to count).
    rows: bool = False
    # Which of ATTACHED the writer handles itself (writing them, and counting any it
    # cannot write); every other one is counted as lost by _count_unsupported.
    carries: frozenset[str] = frozenset()

    def function(self, name: str) -> Callable[..., Any]:
        module = importlib.import_module(self.module)
        return getattr(module, name)  # type: ignore[no-any-return]


_IO = "annotator.core.io."
# Kinds beyond spans, events and relations (loss reasons of the same names).
ATTACHED = frozenset({"fragments", "attributes", "normalizations", "notes", "chains"})

IMPORTS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("jsonl", "Annotator JSONL", _IO + "jsonl"),
        Format("txt", "Plain text", _IO + "plaintext"),
        Format("brat", "brat standoff", _IO + "brat"),
        Format("doccano", "doccano JSONL", _IO + "doccano"),
        Format("prodigy", "Prodigy JSONL", _IO + "prodigy"),
        Format("conll", "CoNLL / BIO", _IO + "conll"),
        Format("labelstudio", "Label Studio JSON", _IO + "labelstudio"),
        Format("html", "HTML news pages", _IO + "html"),
    )
}

EXPORTS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "jsonl",
            "Annotator JSONL",
            _IO + "jsonl",
            ".jsonl",
            events=True,
            relations=True,
            rows=True,
            carries=ATTACHED,
        ),
        Format("spacy", "spaCy DocBin", _IO + "spacy_docbin", ".spacy", binary=True, extra="spacy"),
        Format("conll", "CoNLL / BIO", _IO + "conll", ".conll"),
        Format("hf", "Hugging Face datasets", _IO + "hf", "", folder=True),
        Format(
            "brat",
            "brat standoff",
            _IO + "brat",
            "",
            folder=True,
            events=True,
            relations=True,
            carries=ATTACHED,
        ),
        Format("doccano", "doccano JSONL", _IO + "doccano", ".jsonl", relations=True),
        Format("prodigy", "Prodigy JSONL", _IO + "prodigy", ".jsonl", relations=True),
        Format(
            "labelstudio",
            "Label Studio JSON",
            _IO + "labelstudio",
            ".json",
            relations=True,
            carries=frozenset({"attributes", "notes"}),
        ),
        Format(
            "oneie",
            "OneIE JSON",
            _IO + "oneie",
            ".json",
            events=True,
            relations=True,
            carries=frozenset({"attributes"}),
        ),
    )
}

IMPORT_FORMATS = ("auto", *IMPORTS)
EXPORT_FORMATS = tuple(EXPORTS)

_BY_SUFFIX = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt": "txt",
    ".ann": "brat",
    ".conll": "conll",
    ".bio": "conll",
    ".iob": "conll",
    ".iob2": "conll",
    ".bilou": "conll",
    ".tsv": "conll",
    ".json": "labelstudio",
    ".html": "html",
    ".htm": "html",
}


# -- reading -------------------------------------------------------------------
def detect(path: Path) -> str:
    """A format name from a path's suffix and, where suffixes are shared, its content."""
    if path.is_dir():
        return _detect_folder(path)
    found = _BY_SUFFIX.get(path.suffix.lower())
    if found is None:
        raise InputError(
            f"{path}: cannot tell the format from the name; give --format ({', '.join(IMPORTS)})"
        )
    if found == "txt":
        if path.with_suffix(".ann").is_file():
            return "brat"
        if _looks_like_conll(_head(path)):
            return "conll"
    if found == "jsonl":
        return _detect_jsonl(_head(path))
    return found


def _detect_folder(folder: Path) -> str:
    suffixes: set[str] = set()
    for path in folder.rglob("*"):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        suffix = path.suffix.lower()
        if suffix == ".ann":
            return "brat"
        suffixes.add(suffix)
    if ".txt" in suffixes:
        return "txt"
    if suffixes & {".html", ".htm"}:
        return "html"
    raise InputError(f"{folder}: no .txt files in this folder (nor .ann or .html files)")


def _head(path: Path, size: int = 65536) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(size)
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    return data.decode("utf-8", "replace").lstrip("\ufeff")


def _detect_jsonl(head: str) -> str:
    """Tell our JSONL, doccano and Prodigy apart by the first objects that show it."""
    for line in head.split("\n")[:200]:
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            continue  # a cut-off last line, or a bad one the reader will name
        if not isinstance(value, dict):
            return "jsonl"
        verdict = _jsonl_kind(value)
        if verdict is not None:
            return verdict
    return "jsonl"


def _jsonl_kind(value: dict[str, Any]) -> str | None:
    """``doccano``, ``prodigy`` or ``jsonl`` when an object shows it, else None."""

    def items(key: str) -> list[dict[str, Any]]:
        found = value.get(key)
        return [x for x in found if isinstance(x, dict)] if isinstance(found, list) else []

    if any(key in value for key in ("_input_hash", "_task_hash", "_view_id", "answer", "tokens")):
        return "prodigy"
    if any("token_start" in x for x in items("spans")) or any(
        "child" in x or "head_span" in x or "child_span" in x for x in items("relations")
    ):
        return "prodigy"
    if isinstance(value.get("label"), list) or (
        isinstance(value.get("labels"), list) and "spans" not in value
    ):
        return "doccano"
    if (isinstance(value.get("entities"), list) and "spans" not in value) or any(
        "from_id" in x for x in items("relations")
    ):
        return "doccano"
    if any(key in value for key in ("events", "status")) or any(
        "tail" in x for x in items("relations")
    ):
        return "jsonl"
    if items("spans"):
        return "jsonl"  # character spans without token indexes
    return None


def _looks_like_conll(head: str) -> bool:
    lines = [line for line in head.splitlines()[:-1] if line.strip()][:40]
    if not lines:
        return False
    if lines[0].startswith("-DOCSTART-"):
        return True
    tagged = 0
    for line in lines:
        last = line.split()[-1]
        if len(line.split()) >= 2 and (
            last == "O" or last[:2] in {"B-", "I-", "E-", "S-", "L-", "U-"}
        ):
            tagged += 1
    return tagged >= max(3, len(lines) * 0.9)


def read(
    paths: Sequence[Path],
    fmt: str = "auto",
    warnings: list[str] | None = None,
    progress: Callable[[int, int], None] = no_progress,
    *,
    context: ReadContext | None = None,
) -> list[DocumentRecord]:
    """Read every path (files or folders) into records; nothing is written.

    Warnings and losses go to ``context`` (or ``warnings``, which gets both). With
    ``context.skip_invalid`` what cannot be read is skipped and listed in
    ``context.skipped``: a record where the format tells records apart (a JSONL
    line, a brat document), else the whole file.
    """
    ctx = context or ReadContext()
    ctx.progress = progress if progress is not no_progress else ctx.progress
    records: list[DocumentRecord] = []
    for index, path in enumerate(paths):
        ctx.progress(index, len(paths))
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        kind = detect(path) if fmt == "auto" else fmt
        found = IMPORTS.get(kind)
        if found is None:
            raise InputError(f"unknown import format {kind!r} (use {', '.join(IMPORT_FORMATS)})")
        load = _function(found, "load")
        read_path = ctx.attempt(str(path), load, path, ctx)
        if read_path is not None:
            records.extend(read_path)
    if warnings is not None:
        warnings.extend(ctx.warnings)
        warnings.extend(f"not imported: {line}" for line in ctx.losses.lines())
    return records


def _function(fmt: Format, name: str) -> Callable[..., Any]:
    try:
        return fmt.function(name)
    except ImportError as exc:
        missing = (exc.name or "").split(".")[0]
        if fmt.extra:
            raise AnnotatorError(
                f"the {fmt.name} format needs {missing or fmt.extra}, which is not installed: "
                f"pip install 'annotator[{fmt.extra}]'"
            ) from None
        raise


# -- exporting -----------------------------------------------------------------
@dataclass
class ExportResult:
    format: str
    target: Path | None
    parts: dict[str, int] = field(default_factory=dict)  # part name -> documents written
    considered: int = 0
    losses: Losses = field(default_factory=Losses)
    notes: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return sum(self.parts.values())

    def lines(self) -> list[str]:
        """The closing summary: what was written, and everything left out."""
        where_to = f" to {self.target}" if self.target is not None else ""
        out = [f"exported {self.documents} document(s) as {self.format}{where_to}"]
        if len(self.parts) > 1 or "" not in self.parts:
            out.append("  " + ", ".join(f"{name} {count}" for name, count in self.parts.items()))
        out.extend(capped(one_line(note)) for note in self.notes)  # a note may quote an id
        lost = self.losses.lines()
        if lost:
            out.append(f"{self.format} could not hold:")
            out.extend(f"  {line}" for line in lost)
        return out


def parse_split(value: str) -> tuple[int, ...]:
    """``80/10/10`` (train/dev/test) or ``90/10`` (train/test): percentages summing to 100."""
    try:
        numbers = tuple(int(part) for part in value.replace(":", "/").split("/"))
    except ValueError:
        raise InputError(f"--split {value!r}: use percentages like 80/10/10") from None
    if len(numbers) not in (2, 3) or any(n < 0 for n in numbers) or sum(numbers) != 100:
        raise InputError(
            f"--split {value!r}: give two or three percentages that add up to 100 "
            "(train/test or train/dev/test)"
        )
    return numbers


def split_ids(ids: Sequence[int], split: tuple[int, ...], seed: int) -> dict[str, list[int]]:
    """Shuffle with ``seed`` and cut by percentages; each part keeps project order."""
    names = ("train", "dev", "test") if len(split) == 3 else ("train", "test")
    order = list(ids)
    random.Random(seed).shuffle(order)
    parts: dict[str, list[int]] = {}
    position = {doc_id: i for i, doc_id in enumerate(ids)}
    start = 0
    cumulative = 0
    for name, share in zip(names, split, strict=True):
        cumulative += share
        end = round(len(order) * cumulative / 100)
        parts[name] = sorted(order[start:end], key=position.__getitem__)
        start = end
    return parts


def export_project(
    project: Project,
    fmt: str,
    target: Path | None,
    options: ExportOptions | None = None,
    progress: Callable[[int, int], None] = no_progress,
    stdout: Any = None,
) -> ExportResult:
    """Export a project in a format; the target appears only when complete.

    ``target`` None writes to ``stdout`` (single-file text formats only).
    Progress counts documents written; it may raise ``Cancelled``.
    """
    options = options or ExportOptions()
    found = EXPORTS.get(fmt)
    if found is None:
        raise InputError(f"unknown export format {fmt!r} (use {', '.join(EXPORT_FORMATS)})")
    if options.violations not in VIOLATION_MODES:
        raise InputError(f"unknown --violations {options.violations!r}")
    writer = _function(found, "export")
    to_folder = found.folder or options.split is not None
    if target is None and (to_folder or found.binary):
        what = "a split" if options.split else f"the {fmt} format"
        raise InputError(f"{what} writes {'a folder' if to_folder else 'a binary file'}; give -o")

    ids = project.document_ids(options.statuses)
    considered = len(ids)
    ctx = ExportContext(schema=project.schema, options=options)
    layers = layer_plan(project, ids, options.layer, ctx.notes)
    if options.violations != "include":
        schema = project.schema
        keep_flawed = options.violations == "only"
        for layer, layer_ids in layers.items():
            layers[layer] = {
                document.id
                for document, found in project.annotated_documents(sorted(layer_ids), layer)
                if bool(check_document(schema, document.text, found, document.id)) == keep_flawed
            }
    # Split by document, so that one text's layers never land in both train and test.
    ids = [doc for doc in ids if any(doc in layer_ids for layer_ids in layers.values())]
    groups = split_ids(ids, options.split, options.seed) if options.split else {"": ids}
    result = ExportResult(
        format=fmt, target=target, considered=considered, losses=ctx.losses, notes=ctx.notes
    )
    total = sum(len(layer_ids) for layer_ids in layers.values())
    done = [0]
    tagged = options.layer == ALL_LAYERS

    def per_layer(group: Sequence[int]) -> Iterator[tuple[str, list[int]]]:
        for layer, layer_ids in layers.items():
            chosen = [doc for doc in group if doc in layer_ids]
            if chosen:
                yield layer, chosen

    def batches(name: str, group: Sequence[int]) -> Iterator[RowBatch]:
        result.parts[name] = 0
        for layer, chosen in per_layer(group):
            for batch in project.row_batches(chosen, layer):
                progress(done[0], total)
                done[0] += len(batch.documents)
                result.parts[name] += len(batch.documents)
                yield batch._replace(annotator=layer) if tagged else batch

    def items(name: str, group: Sequence[int]) -> Iterator[ExportItem]:
        result.parts[name] = 0
        for layer, chosen in per_layer(group):
            for document, found_annotations in project.annotated_documents(chosen, layer):
                if done[0] % 200 == 0:
                    progress(done[0], total)
                done[0] += 1
                _count_unsupported(found, document, found_annotations, ctx.losses)
                result.parts[name] += 1
                if tagged:  # each annotator's copy of a text needs a name of its own
                    document = replace(document, uid=f"{document.uid}@{layer}")
                yield document, found_annotations

    source = batches if found.rows else items
    parts: dict[str, Iterator[Any]] = {name: source(name, group) for name, group in groups.items()}
    if target is None:
        with tempfile.TemporaryDirectory() as folder:
            temporary = Path(folder) / f"export{found.suffix}"
            writer(parts, temporary, ctx)
            _drain(parts)
            progress(total, total)
            with temporary.open(encoding="utf-8", newline="") as handle:
                shutil.copyfileobj(handle, stdout)
    else:
        with replacing(target, folder=to_folder, fmt=fmt) as temporary:
            writer(parts, temporary, ctx)
            _drain(parts)
            progress(total, total)  # the last chance to cancel, before the target changes
            if to_folder:
                marker = {"format": fmt, "parts": result.parts, "seed": options.seed}
                (temporary / _MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
    return result


ALL_LAYERS = "all"


def layer_plan(
    project: Project, ids: Sequence[int], layer: str, notes: list[str]
) -> dict[str, set[int]]:
    """Which documents of ``ids`` to export from which layer (in the order written).

    "gold" leaves out the documents whose gold is undecided (saying how many); an
    annotator's name and "all" take the documents where that layer is present.
    """
    if layer == GOLD_NAME:
        undecided = set(project.undecided(ids))
        if undecided:
            notes.append(
                f"left out {len(undecided)} document(s) that several annotators annotated "
                "and nobody adjudicated yet (adjudicate them in the window, or export "
                "--layer all or one annotator's layer)"
            )
        return {GOLD_NAME: {doc for doc in ids if doc not in undecided}}
    annotators = project.annotators()
    if layer == ALL_LAYERS:
        names = annotators
    elif layer in annotators:
        names = [layer]
    else:
        known = ", ".join(annotators) or "none yet"
        raise InputError(
            f"no annotator named {layer!r} in this project (annotators: {known}; "
            "or use gold or all)"
        )
    present = project.layers_by_document(ids)
    return {name: {doc for doc in ids if name in present.get(doc, ())} for name in names}


def _drain(parts: dict[str, Iterator[Any]]) -> None:
    """Run any part a writer skipped (an empty split), so counts are right."""
    for iterator in parts.values():
        for _ in iterator:
            pass


def _count_unsupported(fmt: Format, document: Any, annotations: Any, losses: Losses) -> None:
    text = document.text
    spans = {span.id: span for span in annotations.spans}
    if not fmt.events:
        for event in annotations.events:
            trigger = spans[event.trigger_id]
            losses.add("events", where(document.uid, text, trigger.start, trigger.end))
    if not fmt.relations:
        for relation in annotations.relations:
            head = spans[relation.head_id]
            losses.add("relations", where(document.uid, text, head.start, head.end))
    carried = fmt.carries
    if "fragments" not in carried:
        for span in annotations.spans:
            if span.fragments:
                losses.add("fragments", where(document.uid, text, span.start, span.end))
    if "chains" not in carried:
        for chain in annotations.chains:
            first = spans[chain.members[0]]
            named = where(document.uid, text, first.start, first.end)
            losses.add("chains", f"{named} and {len(chain.members) - 1} more")
    if not (annotations.attributes or annotations.normalizations or annotations.notes):
        return
    targets = Targets(document.uid, text, annotations)
    if "attributes" not in carried:
        for attribute in annotations.attributes:
            losses.add("attributes", targets.where(attribute.target, attribute_text(attribute)))
    if "normalizations" not in carried:
        for link in annotations.normalizations:
            losses.add("normalizations", targets.where(link.target, f"{link.resource}:{link.ref}"))
    if "notes" not in carried:
        for note in annotations.notes:
            losses.add("notes", targets.where(note.target))


_MARKER = ".annotator-export.json"


@contextlib.contextmanager
def replacing(target: Path, *, folder: bool = False, fmt: str = "") -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it once the block succeeds
    (exports, and the command line's other output files).

    A folder target must be new, empty, or an earlier export of ours (it has the
    marker file); anything else is refused so an export never deletes user files.
    """
    parent = target.resolve().parent
    if not parent.is_dir():
        raise InputError(f"{parent}: no such folder")
    if folder:
        if target.exists() and not target.is_dir():
            raise InputError(f"{target}: is a file; {fmt} with these options writes a folder")
        if target.is_dir() and any(target.iterdir()) and not (target / _MARKER).exists():
            raise InputError(
                f"{target}: the folder is not empty; choose a new or empty folder "
                "(nothing was written)"
            )
    elif target.is_dir():
        raise InputError(f"{target}: is a folder; give a file name")
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as exc:
        raise InputError(f"{target}: cannot write here ({exc.strerror})") from None
    work = temporary if folder else temporary / target.name
    try:
        yield work
        mode = 0o777 & ~_umask()
        if folder:
            os.chmod(temporary, mode)
            if target.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
                os.replace(target, old / "x")
                os.replace(temporary, target)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(temporary, target)
        else:
            os.chmod(work, 0o666 & ~_umask())
            os.replace(work, target)
    except OSError as exc:
        raise InputError(f"{target}: cannot write it ({exc.strerror})") from None
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
