"""Command line: ``annotator COMMAND ...`` headless, ``annotator [PROJECT]`` for the window.

Headless commands never import Qt, so they work where PySide6 is not installed.
User errors print one line on stderr and exit with status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import math
import os
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from annotator import __version__
from annotator.core.analysis import agreement, statistics
from annotator.core.editing import history
from annotator.core.errors import (
    AnnotatorError,
    DamagedProjectError,
    InputError,
    MissingDependency,
    ProjectError,
    ProjectLockedError,
    ReadOnlyProjectError,
)
from annotator.core.io import formats, schema_sources
from annotator.core.io.base import OFFSET_UNITS, TAG_SCHEMES, ExportOptions, ReadContext
from annotator.core.io.tokens import TOKENIZERS
from annotator.core.maintenance import backups, integrity, merge
from annotator.core.maintenance.copy import copy_project
from annotator.core.model import LabelKind, Status, schemas, validation
from annotator.core.project import Project
from annotator.core.services import desktop, paths, settings
from annotator.core.store import queries, server
from annotator.core.store.lock import holding

if TYPE_CHECKING:
    from annotator.core.assist.suggestions import AssistConfig

COMMANDS = (
    "new",
    "import",
    "export",
    "stats",
    "schema",
    "check",
    "restore",
    "train",
    "suggest",
    "agree",
    "merge",
    "copy",
    "desktop",
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate news articles for NER and event extraction. "
        "Run 'annotator [PROJECT]' to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = sub.add_parser("new", help="create a project file (or a project on a PostgreSQL server)")
    new.add_argument(
        "project",
        help="path of the new project (.annot is added if no suffix), or a "
        "postgresql://USER@HOST:PORT/DATABASE URL (an empty or missing database)",
    )
    new.add_argument(
        "--schema",
        default=schemas.DEFAULT_SCHEMA,
        help="a built-in schema (news, conll2003, ace2005), a schema file (.toml/.json), "
        "or a brat annotation.conf (or its folder)",
    )

    imp = sub.add_parser(
        "import",
        help="import documents (all or nothing, or --skip-invalid)",
        description="Import documents with their annotations. Everything is read and "
        "checked first; the project changes only if all of it can be imported. With "
        "--skip-invalid the valid records are imported and each invalid one is listed "
        "with its file and line.",
    )
    imp.add_argument("project")
    imp.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="files or folders: .jsonl, .txt, brat folders, doccano/Prodigy .jsonl, "
        "CoNLL, Label Studio .json, .html",
    )
    imp.add_argument(
        "--format",
        choices=formats.IMPORT_FORMATS,
        default="auto",
        help="input format (default: told by extension and content)",
    )
    imp.add_argument(
        "--offsets",
        choices=OFFSET_UNITS,
        default="auto",
        help="doccano and Label Studio offsets: code points, or UTF-16 units as doccano's "
        "web UI counts them (default: detected)",
    )
    imp.add_argument(
        "--scheme",
        choices=TAG_SCHEMES,
        default="auto",
        help="CoNLL tags: IOB1, IOB2 or BILOU/IOBES (default: told by the tags)",
    )
    imp.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid records and skip the invalid ones (a bad JSONL line, a brat "
        "document with a bad line, an id already in the project...), listing each with "
        "its file and line; without it the first invalid record refuses the whole import",
    )
    imp.add_argument(
        "--annotator",
        metavar="NAME",
        help="import the annotations into NAME's layer (default: yours, the name in the "
        "settings); a text already in the project gains that layer. A JSONL record's "
        '"annotator" field does the same for its document',
    )

    exp = sub.add_parser(
        "export",
        help="export documents and annotations",
        description="Export in a training-data format. The output appears only when "
        "complete; a summary on stderr says what the format could not hold.",
    )
    exp.add_argument("project")
    exp.add_argument(
        "-o",
        "--output",
        type=Path,
        help="output file or folder (default: standard output, for text formats)",
    )
    exp.add_argument(
        "--format",
        choices=formats.EXPORT_FORMATS,
        default="jsonl",
        help="jsonl (default), spacy, conll, hf, brat, doccano, prodigy, labelstudio, oneie",
    )
    exp.add_argument(
        "--status",
        action="append",
        choices=[str(s) for s in Status],
        help="only documents with this status (repeatable)",
    )
    exp.add_argument(
        "--violations",
        choices=formats.VIOLATION_MODES,
        default="include",
        help="documents with schema warnings: include them (default), skip them, "
        "or export only them",
    )
    exp.add_argument(
        "--split",
        metavar="TRAIN/DEV/TEST",
        help="write train/dev/test parts into the -o folder, e.g. 80/10/10 (or 90/10)",
    )
    exp.add_argument("--seed", type=int, default=0, help="shuffle seed for --split (default 0)")
    exp.add_argument(
        "--scheme",
        choices=("iob2", "iob1", "bilou"),
        default="iob2",
        help="conll and hf tags (default iob2)",
    )
    exp.add_argument(
        "--triggers",
        action="store_true",
        help="conll and hf: tag event trigger spans too (for event detection), not only entities",
    )
    exp.add_argument(
        "--tokenizer",
        choices=TOKENIZERS,
        default="auto",
        help="tokens and sentences for conll, hf, prodigy and oneie: spaCy when "
        "installed (auto), or the rule-based one",
    )
    exp.add_argument(
        "--language",
        default="en",
        help="spaCy language code for tokenizing (default en)",
    )
    exp.add_argument(
        "--offsets",
        choices=("codepoints", "utf16"),
        default="codepoints",
        help="doccano offsets: code points (default) or UTF-16 units for doccano's web UI",
    )
    exp.add_argument(
        "--layer",
        default="gold",
        metavar="LAYER",
        help="whose annotations: gold (default: each document's adjudicated layer, else "
        "its only annotator's; documents awaiting adjudication are left out), an "
        "annotator's name, or all (each document once per annotator, for training on "
        'several references; JSONL records carry "annotator")',
    )

    check = sub.add_parser(
        "check",
        help="check the project file's integrity (exit status 2 if problems are found)",
        description="SQLite's integrity check, references between rows, every span "
        "inside its text, lengths and digests of texts, and the search index. Opens the "
        "file read-only, so it also works while a window has the project open.",
    )
    check.add_argument("project")

    restore = sub.add_parser(
        "restore",
        help="restore a project from one of its automatic backups",
        description="Backups are made when a project is opened and before imports "
        "(settings.toml [backups] keep = N). Restoring first backs up the current file.",
    )
    restore.add_argument("project")
    restore.add_argument(
        "backup", nargs="?", type=Path, help="the backup file (default: the newest)"
    )
    restore.add_argument(
        "--list", action="store_true", help="list the project's backups, newest first"
    )

    stats = sub.add_parser(
        "stats", help="documents per status, annotations per label, progress per annotator"
    )
    stats.add_argument("project")
    stats.add_argument(
        "--csv",
        type=Path,
        metavar="PATH",
        help="also write every table to one CSV file (a 'table' column names each row's table)",
    )

    schema = sub.add_parser(
        "schema", help="print the project's labels, keys, event roles and attributes"
    )
    schema.add_argument("project")
    schema.add_argument(
        "--save",
        metavar="FILE",
        type=Path,
        help="also write the schema to FILE (.toml or .json), to start another project with it",
    )

    train = sub.add_parser(
        "train",
        help="train the suggestion model from the project's done documents",
        description="Train the model that suggests spans and event triggers from the "
        "documents marked done (python-crfsuite: pip install 'annotator[assist]'). "
        "It goes to your cache folder, not into the project; the certainty of each "
        'document to do is stored in the project for the "least certain first" order.',
    )
    train.add_argument("project")
    train.add_argument(
        "--model",
        type=Path,
        metavar="DIR",
        help="folder for the model (default: the project's folder in the cache, "
        "which the window and 'annotator suggest' use)",
    )
    train.add_argument(
        "--curve",
        action="store_true",
        help="also print a learning curve: precision, recall and F1 per label on held-out "
        "done documents as the number of training documents grows",
    )
    train.add_argument(
        "--sizes",
        metavar="N,N,...",
        help="training set sizes for --curve (default: chosen from the number of done documents)",
    )
    train.add_argument(
        "--json", type=Path, metavar="FILE", help="also write the learning curve as JSON"
    )

    suggest = sub.add_parser(
        "suggest",
        help="print suggested spans and event triggers as JSONL, each with a score",
        description="Ask the project's suggestion sources (propagation, corpus, patterns, "
        "model, pipeline) for suggestions: one JSON line per document that has any, "
        '{"id": ..., "suggestions": [{start, end, label, score, source, text}, ...]}. '
        "What is annotated or was rejected is left out. Reads the project only.",
    )
    suggest.add_argument("project")
    suggest.add_argument(
        "--source",
        action="append",
        metavar="NAME[,NAME]",
        help="use only these sources (propagation, corpus, patterns, model, pipeline; "
        "repeatable); default: the ones switched on in the project",
    )
    suggest.add_argument(
        "--patterns",
        action="append",
        metavar="FILE",
        help="a pattern file (.jsonl, spaCy/Prodigy patterns) or a word list as "
        "LABEL=FILE.txt (repeatable); switches the patterns source on",
    )
    suggest.add_argument(
        "--pipeline",
        metavar="NAME|PATH",
        help="an installed spaCy pipeline by name or path; switches the pipeline source on",
    )
    suggest.add_argument(
        "--model",
        type=Path,
        metavar="DIR",
        help="the trained model's folder (default: where 'annotator train' puts it)",
    )
    suggest.add_argument(
        "--threshold",
        type=float,
        metavar="X",
        help="leave out suggestions scored below X, 0 to 1 (default: the project's, 0.5)",
    )
    suggest.add_argument(
        "--document",
        action="append",
        metavar="ID",
        help="only this document, by its id (repeatable; any status)",
    )
    suggest.add_argument(
        "--status",
        choices=[*(str(s) for s in Status), "all"],
        default=str(Status.TODO),
        help="documents with this status (default todo), or all",
    )
    suggest.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")

    agree = sub.add_parser(
        "agree",
        help="inter-annotator agreement",
        description="Agreement between the annotators' layers, per label and overall, "
        "pairwise and for all annotators: span F1 (exact and overlapping match), "
        "token-level Cohen's kappa, Krippendorff's alpha, event trigger and argument F1, "
        "relation F1; then the documents of lowest agreement.",
    )
    agree.add_argument("project")
    agree.add_argument(
        "--json", action="store_true", help="every figure by its name, per pair and label"
    )
    agree.add_argument(
        "--annotator",
        action="append",
        metavar="NAME",
        help="compare only these annotators (repeatable; gold counts as one)",
    )

    merge = sub.add_parser(
        "merge",
        help="bring the layers of projects annotated apart into one",
        description="Copy every annotator's layer (and the gold) of the OTHER projects into "
        "TARGET. Documents are matched by id and text; a document whose text differs, or "
        "a layer both hold with different contents, refuses the merge, and nothing is "
        "merged. Documents TARGET lacks are added.",
    )
    merge.add_argument("target", metavar="TARGET")
    # Not type=Path: a Path collapses the // of a postgresql:// URL.
    merge.add_argument("others", nargs="+", metavar="OTHER")

    copy = sub.add_parser(
        "copy",
        help="copy a project between a file and a PostgreSQL server (either way)",
        description="Copy every document, annotation, layer, status and the schema of "
        "SRC into DEST, losslessly, with the same ids: a project file to a server "
        "(postgresql://USER@HOST:PORT/DATABASE), a server project to a file, or file to "
        "file. DEST must not exist (a file) or be an empty or missing database; if the "
        "copy fails, nothing is left at DEST. SRC is only read.",
    )
    copy.add_argument("source", metavar="SRC")
    copy.add_argument("target", metavar="DEST")

    desktop_parser = sub.add_parser(
        "desktop",
        help="add Annotator to the Linux desktop's menu and open .annot files with it",
        description="Install (or uninstall) the desktop entry, icons and the project "
        "file type in $XDG_DATA_HOME (default ~/.local/share), for this user only.",
    )
    desktop_parser.add_argument("action", choices=("install", "uninstall"))
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
    except (sqlite3.DatabaseError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        # What a damaged project file throws when a row is read: the readers trust the
        # stored rows, so this is the one place that turns them into one line.
        print(f"annotator: error: {_damaged(args_list, exc)}", file=sys.stderr)
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


def _damaged(args: Sequence[str], exc: BaseException) -> str:
    """One line for a project that could not be read, naming it and what to do."""
    named = [a for a in args[1:2] if not a.startswith("-")] or ["the project"]
    reason = " ".join(str(exc).split())[:200]
    if integrity.unavailable(exc):  # busy, locked, a full disk: the file itself is fine
        return (
            f"{named[0]}: the project could not be used just now ({reason}); "
            "nothing was changed, try again in a moment"
        )
    return (
        f"{named[0]}: the project file is damaged or unreadable ({reason}); "
        f"{paths.repair_advice(named[0])}"
    )


def _open(project: str, *, read_only: bool = False) -> Project:
    """Commands that only read open read-only: they work while a window has the project."""
    opened = Project.open(paths.project_location(project), read_only=read_only)
    if not read_only:  # the name status changes are recorded with
        opened.annotator = settings.load_lenient()[0].annotator.shown_name
    return opened


def cmd_new(args: argparse.Namespace) -> int:
    location = paths.project_location(args.project, creating=True)
    schema = schema_sources.load(args.schema)
    with Project.create(location, schema) as project:
        labels = len(project.schema.labels)
        where = project.shown_location  # a server URL without its password
    print(
        f"created {where} with the {schema.name} schema "
        f"({labels} label{'s' if labels != 1 else ''})"
    )
    return 0


class _ProgressBar:
    """A one-line progress bar on stderr, shown only on a terminal and after a moment."""

    def __init__(self, what: str, stream: TextIO | None = None) -> None:
        self.what = what
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.shown = 0.0
        self.visible = False
        self.enabled = self.stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if now - self.started < 0.5 or now - self.shown < 0.1:
            return
        self.shown = now
        self.visible = True
        share = min(done / total, 1.0)
        filled = int(share * 30)
        bar = "#" * filled + "-" * (30 - filled)
        self.stream.write(f"\r{self.what} [{bar}] {share:4.0%}  {done:,}/{total:,}")
        self.stream.flush()

    def close(self) -> None:
        if self.visible:
            self.stream.write("\r" + " " * 79 + "\r")
            self.stream.flush()
            self.visible = False


SKIPPED_SHOWN = 20  # skipped records listed by a lenient import; "and N more" after them


def cmd_import(args: argparse.Namespace) -> int:
    lenient = args.skip_invalid
    context = ReadContext(offsets=args.offsets, scheme=args.scheme, skip_invalid=lenient)
    bar = _ProgressBar("reading")
    try:
        with _open(args.project) as project, _collector_paused():
            # Everything is read and checked before the project is touched.
            records = formats.read(args.paths, args.format, progress=bar, context=context)
            if not records:
                bar.close()
                _print_skipped(context.skipped)
                raise AnnotatorError(
                    f"nothing to import: all {len(context.skipped)} record(s) are invalid"
                    if context.skipped
                    else "nothing to import: no documents in "
                    + ", ".join(str(p) for p in args.paths)
                )
            _before_writing(project, "import")  # only once the input has been read and checked
            bar.what = "importing"
            report = project.import_records(
                records,
                context.schema,
                bar,
                skip_invalid=lenient,
                skipped=context.skipped,
                annotator=_annotator_name(args.annotator),
            )
    except InputError as exc:
        if lenient:
            raise
        bar.close()
        # One line, as every error: the hint goes at its end.
        print(
            f"annotator: error: {exc} (nothing was imported; --skip-invalid imports the "
            "valid records and lists the invalid ones)",
            file=sys.stderr,
        )
        return 1
    finally:
        bar.close()
    for line in context.warnings:
        print(f"warning: {line}", file=sys.stderr)
    lost = context.losses.lines()
    if lost:
        print("not imported (the project cannot hold them):", file=sys.stderr)
        for line in lost:
            print(f"  {line}", file=sys.stderr)
    for line in report.lines(limit=SKIPPED_SHOWN):
        print(line)
    # Nothing valid to import is a failure; duplicates alone (a re-import) are not.
    return 1 if report.skipped and not report.documents and not report.duplicates else 0


def _annotator_name(name: str | None) -> str | None:
    if name is None:
        return None
    if not name.strip():
        raise InputError("--annotator: give a name")
    return name.strip()


def _print_skipped(skipped: Sequence[str]) -> None:
    if skipped:
        print(f"skipped {len(skipped)} invalid record(s):", file=sys.stderr)
    for line in skipped[:SKIPPED_SHOWN]:
        print(f"  {line}", file=sys.stderr)
    if len(skipped) > SKIPPED_SHOWN:
        print(f"  and {len(skipped) - SKIPPED_SHOWN} more", file=sys.stderr)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while an import builds its records: each full
    pass would walk every record built so far (about a tenth of the import's time),
    and records hold no cycles for it to find."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cmd_export(args: argparse.Namespace) -> int:
    statuses = [Status(s) for s in args.status] if args.status else None
    location = paths.project_location(args.project)
    to_stdout = args.output is None or str(args.output) == "-"
    if not to_stdout and _same_file(args.output, location):
        raise AnnotatorError(f"{args.output}: is the project file itself; choose another name")
    options = ExportOptions(
        statuses=statuses,
        violations=args.violations,
        split=formats.parse_split(args.split) if args.split else None,
        seed=args.seed,
        scheme=args.scheme,
        tokenizer=args.tokenizer,
        language=args.language,
        offsets=args.offsets,
        triggers=args.triggers,
        layer=args.layer,
    )
    bar = _ProgressBar("exporting")
    try:
        with _open(args.project, read_only=True) as project:
            result = formats.export_project(
                project,
                args.format,
                None if to_stdout else args.output,
                options,
                progress=bar,
                stdout=sys.stdout,
            )
    finally:
        bar.close()
    sys.stdout.flush()
    if args.violations == "skip":
        skipped = result.considered - result.documents
        print(f"skipped {skipped} document(s) with schema warnings", file=sys.stderr)
    if not to_stdout or result.losses:
        for line in result.lines():
            print(line, file=sys.stderr)
    return 0


def _same_file(output: Path, project: Path | str) -> bool:
    """Whether writing ``output`` would replace the project file or its WAL companions."""
    if paths.is_server_url(project):
        return False  # a server project has no file to overwrite
    target = output.resolve()
    base = Path(project).resolve()
    return target in (base, Path(f"{base}-wal"), Path(f"{base}-shm"), Path(f"{base}-journal"))


def _before_writing(project: Project, reason: str) -> None:
    """Before a bulk write: a quiet rotating backup (``restore --list`` shows them), then
    a refusal if the file is damaged, so that nothing is written into it.

    A backup that cannot be made is a warning, not a reason to refuse the change. A
    backup checks the pages of its copy; without one they are checked here.
    """
    path = project.path
    if path is None:
        return  # in memory, or a server project (pg_dump is its backup)
    current = settings.load_lenient()[0]
    pages_checked = False
    try:
        backups.make_backup(path, current, reason=reason)
        pages_checked = current.backups.keep != 0
    except DamagedProjectError as exc:
        raise DamagedProjectError(
            f"{exc}; nothing was written into it: {paths.repair_advice(path)}"
        ) from None
    except AnnotatorError as exc:
        print(f"warning: no backup was made ({exc})", file=sys.stderr)
    integrity.refuse_damaged(project, pages=not pages_checked)


def cmd_check(args: argparse.Namespace) -> int:
    bar = _ProgressBar("checking")
    try:
        with _open(args.project, read_only=True) as project:
            problems = integrity.check_project(project, bar)
    finally:
        bar.close()
    print(f"{project.shown_location}:")
    for line in integrity.summary_lines(problems):
        print(line)
    if problems and project.is_server:
        print(
            "a server project is restored from its pg_dump backup with pg_restore",
            file=sys.stderr,
        )
    elif problems:
        print(
            f"`annotator restore {paths.command_word(project.path)} --list` shows the backups "
            "to restore from",
            file=sys.stderr,
        )
    return 2 if problems else 0


def cmd_restore(args: argparse.Namespace) -> int:
    if paths.is_server_url(args.project):
        # Annotator makes no backups of a server project: the server's own tools do.
        raise ProjectError(
            f"{server.shown(args.project)}: a server project has no automatic backups; "
            "back it up with pg_dump (pg_dump -Fc -f proj.dump URL) and restore it with "
            "pg_restore (pg_restore --clean -d URL proj.dump)"
        )
    path = paths.project_path(args.project)
    if args.list:
        found = backups.list_backups(path)
        if not found:
            print(f"no backups of {path} in {backups.backup_folder(path)}")
            return 0
        rows = [("backup", "made (UTC)", "reason", "documents", "size")]
        for info in found:
            rows.append(
                (
                    str(info.path),
                    info.time.strftime("%Y-%m-%d %H:%M:%S"),
                    info.reason,
                    "?" if info.documents is None else str(info.documents),
                    f"{info.size / 1e6:.1f} MB",
                )
            )
        _table(rows, right=(3, 4))
        return 0
    restored = backups.restore(path, args.backup, lock=holding)
    print(f"restored {path} from {restored.backup}")
    if restored.previous is not None:
        print(f"the state before restoring is backed up as {restored.previous}")
    if restored.damaged is not None:
        print(f"the damaged file was moved to {restored.damaged}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with _open(args.project, read_only=True) as project:
        usage = queries.label_usage(project.db)
        relations = queries.relation_usage(project.db)
        schema = project.schema
        warned = len(validation.documents_with_violations(project))
        progress = statistics.compute(project.db)
    counts, total = progress.statuses, progress.total
    print(f"Project: {project.shown_location}  (schema: {schema.name})")
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
    carried = statistics.annotation_lines(progress)
    if carried:
        print("\n" + "\n".join(carried))
    print()
    _print_progress(progress)
    if args.csv is not None:
        statistics.save_csv(progress, args.csv)
        print(f"\nwrote the statistics to {args.csv}")
    return 0


def _print_progress(stats: statistics.Statistics) -> None:
    percent = f"{math.floor(100 * stats.fraction_finished)}%"  # 99.6% is not 100% done
    print(
        f"Progress: {stats.finished} of {stats.total} finished ({percent}), "
        f"{stats.todo} to do, {stats.finished_today} finished today"
    )
    if stats.rate is None:
        print("Rate: none yet (no document has been finished in Annotator)")
    else:
        line = f"Rate: {stats.rate:.1f} a day (last {statistics.RATE_DAYS} active days)"
        finish = stats.estimated_finish
        if stats.days_left is not None and finish is not None:
            line += f"; about {math.ceil(stats.days_left)} day(s) left, around {finish}"
        print(line)
    rows = [("annotator", "finished", "per day", "last day")]
    for person in stats.annotators:
        rate = "-" if person.rate is None else f"{person.rate:.1f}"
        rows.append((person.name, str(person.finished), rate, str(person.last_day or "-")))
    if stats.imported:
        rows.append((f"({history.IMPORTED})", str(stats.imported), "-", "-"))
    if len(rows) > 1:
        _table(rows, right=(1, 2))


def cmd_schema(args: argparse.Namespace) -> int:
    with _open(args.project, read_only=True) as project:
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
    if schema.attributes:
        print("\nAttributes:")
        width = max(len(attribute.name) for attribute in schema.attributes)
        for attribute in schema.attributes:
            values = " | ".join(attribute.values) if attribute.values else "yes/no"
            on = ", ".join([*(str(kind) for kind in attribute.kinds), *attribute.labels]) or "any"
            print(f"  {attribute.name:<{width}}  {values}  on {on}")
    if args.save is not None:
        schemas.save(schema, args.save)
        print(f"\nwrote the schema to {args.save}")
    return 0


def _table(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        print("  ".join(cells).rstrip())


# -- suggestions -------------------------------------------------------------------


def _require_crfsuite() -> None:
    """Say what to install before reading anything: the model needs python-crfsuite."""
    try:
        import pycrfsuite  # noqa: F401 - only whether it is there
    except ImportError:
        raise MissingDependency(
            "training the suggestion model", "python-crfsuite", "assist"
        ) from None


def _sizes(text: str | None) -> list[int] | None:
    if text is None:
        return None
    try:
        sizes = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise InputError(
            f"--sizes {text!r}: give numbers of documents separated by commas, e.g. 10,50,200"
        ) from None
    if not sizes or min(sizes) < 1:
        raise InputError(f"--sizes {text!r}: each size must be at least 1 document")
    return sorted(set(sizes))


def cmd_train(args: argparse.Namespace) -> int:
    from annotator.core.assist import suggestions, training

    sizes = _sizes(args.sizes)
    if sizes is not None and not args.curve:
        raise InputError("--sizes is for the learning curve: add --curve")
    if args.json is not None and not args.curve:
        raise InputError("--json writes the learning curve: add --curve")
    _require_crfsuite()
    path = paths.project_location(args.project)
    directory = args.model if args.model is not None else suggestions.model_dir(path)
    bar = _ProgressBar("training")
    try:
        report = training.train_project(path, directory, progress=bar)
    finally:
        bar.close()
    info = report.info
    print(
        f"trained on {info.documents} done document{'s' if info.documents != 1 else ''} "
        f"in {report.seconds:.1f} s"
    )
    print(f"labels: {', '.join(info.labels) or 'none'}")
    print(f"event triggers: {', '.join(info.triggers) or 'none'}")
    print(f"model: {directory}")
    try:
        with _open(args.project) as project:
            project.set_certainty(report.certainty, info.id)
    except ProjectLockedError:
        print(
            'the project is open in a window: its "least certain first" order will '
            "update when the window retrains",
            file=sys.stderr,
        )
    except ReadOnlyProjectError as exc:
        print(f'warning: the "least certain first" order was not stored ({exc})', file=sys.stderr)
    else:
        print(f"stored the certainty of {len(report.certainty)} document(s) to do")
    if args.curve:
        with _open(args.project, read_only=True) as project:
            curve = training.learning_curve(project, sizes)
        print()
        print(curve.to_text().rstrip("\n"))
        if args.json is not None:
            with _output(args.json) as out:
                out.write(json.dumps(curve.to_json(), indent=1, ensure_ascii=False) + "\n")
            print(f"\nwrote the learning curve to {args.json}")
    return 0


def _source_names(values: Sequence[str]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def _suggest_config(args: argparse.Namespace, config: AssistConfig) -> AssistConfig:
    """The project's suggestion settings with the command line's changes."""
    if args.source:
        config = config.with_sources(_source_names(args.source))
    if args.patterns:
        config = replace(config, patterns=(*config.patterns, *args.patterns), use_patterns=True)
    if args.pipeline:
        config = replace(config, pipeline=args.pipeline, use_pipeline=True)
    if args.threshold is not None:
        if not 0 <= args.threshold <= 1:
            raise InputError(f"--threshold {args.threshold:g}: give a score from 0 to 1")
        config = replace(config, threshold=args.threshold)
    return config


def _suggest_ids(args: argparse.Namespace, project: Project) -> Sequence[int]:
    if args.document:
        ids = []
        for uid in args.document:
            found = project.document_id(uid)
            if found is None:
                raise InputError(f"no document with id {uid!r} in {project.shown_location}")
            ids.append(found)
        return list(dict.fromkeys(ids))
    statuses = None if args.status == "all" else [Status(args.status)]
    return project.document_ids(statuses)


def cmd_suggest(args: argparse.Namespace) -> int:
    from annotator.core.assist import sources

    location = paths.project_location(args.project)
    to_stdout = args.output is None or str(args.output) == "-"
    if not to_stdout and _same_file(args.output, location):
        raise AnnotatorError(f"{args.output}: is the project file itself; choose another name")
    documents = suggestions = 0
    bar = _ProgressBar("suggesting")
    try:
        with _open(args.project, read_only=True) as project:
            config = _suggest_config(args, sources.load_config(project))
            problems: dict[str, str] = {}
            wanted = set(_source_names(args.source or []))
            if "patterns" in wanted and not config.patterns:
                problems["patterns"] = "no pattern file: add --patterns FILE"
            if "pipeline" in wanted and not config.pipeline:
                problems["pipeline"] = "no spaCy pipeline: add --pipeline NAME"
            if not config.enabled() and not problems:
                raise InputError("no suggestion source is switched on: choose some with --source")
            built = sources.build(project, config, model_path=args.model)
            problems.update(built.problems)
            if not built.suggester.sources:
                raise AnnotatorError(
                    "no suggestion source could start: "
                    + "; ".join(f"{name}: {message}" for name, message in problems.items())
                )
            for name, message in problems.items():
                print(f"suggestions: {name}: {message}", file=sys.stderr)
            ids = _suggest_ids(args, project)
            with _output(None if to_stdout else args.output) as out:
                for done, document_id in enumerate(ids):
                    bar(done, len(ids))
                    document = project.document(document_id)
                    found = built.suggester.suggest(
                        document, project.annotations(document_id), project.rejected(document_id)
                    )
                    if not found:
                        continue
                    record = {
                        "id": document.uid,
                        "suggestions": [s.to_json(document.text) for s in found],
                    }
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    documents += 1
                    suggestions += len(found)
    finally:
        bar.close()
    if not to_stdout:
        print(
            f"wrote {suggestions} suggestion(s) in {documents} document(s) to {args.output}",
            file=sys.stderr,
        )
    return 0


@contextlib.contextmanager
def _output(target: Path | None) -> Iterator[TextIO]:
    """Standard output, or a UTF-8 file that appears only once complete (the exports'
    temporary file beside it, renamed; nothing is left behind on failure)."""
    if target is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    with (
        formats.replacing(target) as temporary,
        temporary.open("w", encoding="utf-8", newline="\n") as out,
    ):
        yield out


def cmd_desktop(args: argparse.Namespace) -> int:
    if args.action == "install":
        done = desktop.install()
        print(f"registered Annotator with the desktop in {desktop.data_home()}:")
    else:
        done = desktop.uninstall()
        print(f"removed Annotator's desktop files from {desktop.data_home()}:")
    for path in done.files:
        print(f"  {path}")
    if done.tools:
        print("refreshed with " + ", ".join(done.tools))
    for line in done.warnings:
        print(f"warning: {line}", file=sys.stderr)
    return 0


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


def cmd_agree(args: argparse.Namespace) -> int:
    with _open(args.project, read_only=True) as project:
        names = [n for n in (_annotator_name(a) for a in args.annotator or ()) if n]
        report = agreement.measure(project, annotators=names or None)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(agreement.format_table(report))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    bar = _ProgressBar("merging")
    try:
        with _open(args.target) as project:
            others: list[Path | str] = []
            for other in args.others:
                if paths.is_server_url(other):
                    others.append(other)
                    continue
                if not Path(other).exists():
                    raise InputError(f"{other}: no such project file")
                others.append(Path(other))
            _before_writing(project, "merge")
            report = merge.merge(project, others, bar)
    finally:
        bar.close()
    for line in report.lines():
        print(line)
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    source = paths.project_location(args.source)
    target = paths.project_location(args.target, creating=True)
    bar = _ProgressBar("copying")
    try:
        report = copy_project(source, target, progress=bar)
    finally:
        bar.close()
    print(report.line())
    return 0


_COMMAND_FUNCTIONS = {
    "new": cmd_new,
    "import": cmd_import,
    "export": cmd_export,
    "stats": cmd_stats,
    "schema": cmd_schema,
    "check": cmd_check,
    "restore": cmd_restore,
    "train": cmd_train,
    "suggest": cmd_suggest,
    "agree": cmd_agree,
    "merge": cmd_merge,
    "copy": cmd_copy,
    "desktop": cmd_desktop,
}
