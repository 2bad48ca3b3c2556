"""Command line: ``annotator COMMAND ...`` headless, ``annotator [PROJECT]`` for the window.

Headless commands never import Qt, so they work where PySide6 is not installed.
User errors print one line on stderr and exit with status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from annotator import __version__
from annotator.core import paths, schemas, validation
from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.io import formats, jsonl
from annotator.core.io.files import atomic_text_file
from annotator.core.model import LabelKind, Status
from annotator.core.project import Project
from annotator.core.store import queries

COMMANDS = ("new", "import", "export", "stats", "schema")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate news articles for NER and event extraction. "
        "Run 'annotator [PROJECT]' to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = sub.add_parser("new", help="create a project file")
    new.add_argument("project", help="path of the new project (.annot is added if no suffix)")
    new.add_argument(
        "--schema",
        default=schemas.DEFAULT_SCHEMA,
        help="a built-in schema (news, conll2003, ace2005), a schema file (.toml/.json), "
        "or a brat annotation.conf (or its folder)",
    )

    imp = sub.add_parser("import", help="import documents (all or nothing)")
    imp.add_argument("project")
    imp.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help=".jsonl files, .txt files or folders of .txt files",
    )
    imp.add_argument("--format", choices=formats.IMPORT_FORMATS, default="auto")

    exp = sub.add_parser("export", help="export documents and annotations")
    exp.add_argument("project")
    exp.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")
    exp.add_argument("--format", choices=formats.EXPORT_FORMATS, default="jsonl")
    exp.add_argument(
        "--status",
        action="append",
        choices=[str(s) for s in Status],
        help="only documents with this status (repeatable)",
    )
    exp.add_argument(
        "--violations",
        choices=jsonl.VIOLATION_MODES,
        default="include",
        help="documents with schema warnings: include them (default), skip them, "
        "or export only them",
    )

    stats = sub.add_parser("stats", help="documents per status, annotations per label")
    stats.add_argument("project")

    schema = sub.add_parser("schema", help="print the project's labels, keys and event roles")
    schema.add_argument("project")
    return parser


def _window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        usage="annotator [PROJECT] | annotator COMMAND ... (see annotator --help)",
    )
    parser.add_argument("project", nargs="?", help="project file to open")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and (args_list[0] in COMMANDS or args_list[0].startswith("-")):
            args = _parser().parse_args(args_list)
            if args.command is None:
                return _open_window(None)
            return int(_COMMAND_FUNCTIONS[args.command](args))
        window_args = _window_parser().parse_args(args_list)
        return _open_window(window_args.project)
    except AnnotatorError as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `annotator export p | head`: the reader left; that is not an error.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 0


def _open(project: str) -> Project:
    return Project.open(paths.project_path(project))


def cmd_new(args: argparse.Namespace) -> int:
    path = paths.project_path(args.project, creating=True)
    schema = schemas.load(args.schema)
    with Project.create(path, schema) as project:
        labels = len(project.schema.labels)
    print(
        f"created {path} with the {schema.name} schema ({labels} label{'s' if labels != 1 else ''})"
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    warnings: list[str] = []
    with _open(args.project) as project:
        # Everything is read and checked before the project is touched.
        records = formats.read(args.paths, args.format, warnings)
        if not records:
            raise AnnotatorError(
                "nothing to import: no documents in " + ", ".join(str(p) for p in args.paths)
            )
        report = project.import_records(records)
    for line in warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.lines():
        print(line)
    return 0


@contextlib.contextmanager
def _output(target: Path | None) -> Iterator[TextIO]:
    """Standard output, or a file that appears only once complete."""
    if target is None or str(target) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_text_file(target) as out:
        yield out


def cmd_export(args: argparse.Namespace) -> int:
    statuses = [Status(s) for s in args.status] if args.status else None
    project_path = paths.project_path(args.project)
    if (
        args.output is not None
        and str(args.output) != "-"
        and _same_file(args.output, project_path)
    ):
        raise AnnotatorError(f"{args.output}: is the project file itself; choose another name")
    with _open(args.project) as project, _output(args.output) as out:
        considered = project.document_count(statuses)
        count = jsonl.export_project(project, out, statuses, violations=args.violations)
    if args.violations == "skip":
        print(f"skipped {considered - count} document(s) with schema warnings", file=sys.stderr)
    if args.output is not None and str(args.output) != "-":
        print(f"exported {count} document(s) to {args.output}", file=sys.stderr)
    return 0


def _same_file(output: Path, project: Path) -> bool:
    """Whether writing ``output`` would replace the project file or its WAL companions."""
    target = output.resolve()
    base = project.resolve()
    return target in (base, Path(f"{base}-wal"), Path(f"{base}-shm"), Path(f"{base}-journal"))


def cmd_stats(args: argparse.Namespace) -> int:
    with _open(args.project) as project:
        counts = project.status_counts()
        usage = queries.label_usage(project.db)
        relations = queries.relation_usage(project.db)
        schema = project.schema
        warned = len(validation.documents_with_violations(project))
    total = sum(counts.values())
    print(f"Project: {project.path}  (schema: {schema.name})")
    print(
        f"Documents: {total}  ("
        + ", ".join(f"{status} {counts[status]}" for status in Status)
        + ")"
    )
    print(f"Documents with schema warnings: {warned}")
    rows = [("label", "kind", "spans", "events")]
    for label in schema.labels:
        if label.kind == LabelKind.RELATION:
            continue
        spans, events = usage.get(label.name, (0, 0))
        rows.append(
            (
                label.name,
                str(label.kind),
                str(spans),
                str(events) if label.kind == LabelKind.EVENT else "-",
            )
        )
    _table(rows, right=(2, 3))
    if relations:
        print()
        _table([("relation", "count"), *((n, str(c)) for n, c in relations.items())], right=(1,))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    with _open(args.project) as project:
        schema = project.schema
    print(f"Schema: {schema.name}" + (f" - {schema.description}" if schema.description else ""))
    sections = (
        (LabelKind.ENTITY, "Entity labels"),
        (LabelKind.EVENT, "Event types"),
        (LabelKind.RELATION, "Relation types"),
    )
    for kind, title in sections:
        labels = schema.of_kind(kind)
        if not labels:
            continue
        print(f"\n{title}:")
        width = max(len(label.name) for label in labels)
        for label in labels:
            key = f"key {label.key}" if label.key else "      "
            line = f"  {label.name:<{width}}  {key}  {label.color}"
            if kind == LabelKind.RELATION:
                heads = ", ".join(label.heads) or "any"
                tails = ", ".join(label.tails) or "any"
                line += f"  {heads} -> {tails}"
            elif label.description:
                line += f"  {label.description}"
            print(line.rstrip())
            for role in label.roles:
                fillers = ", ".join(role.fillers) or "any"
                print(f"      {role.name:<20} {role.cardinality!s:<6} {fillers}")
    return 0


def _table(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        print("  ".join(cells).rstrip())


def _open_window(project: str | None) -> int:
    try:
        from annotator.app import run  # imported here: headless commands never load Qt
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in ("PySide6", "shiboken6"):
            raise
        raise ProjectError(
            f"the window needs PySide6, which is not available ({exc}); "
            "install it with: pip install PySide6-Essentials"
        ) from None
    return run(project)


_COMMAND_FUNCTIONS = {
    "new": cmd_new,
    "import": cmd_import,
    "export": cmd_export,
    "stats": cmd_stats,
    "schema": cmd_schema,
}
