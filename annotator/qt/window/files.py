"""Project files: new, open, recent, and imports and exports on a worker thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMenu, QMessageBox

from annotator.core.editing import edits
from annotator.core.errors import AnnotatorError, InputError, no_progress
from annotator.core.io import formats, schema_sources
from annotator.core.io.base import ExportOptions, ReadContext
from annotator.core.io.formats import ExportResult
from annotator.core.maintenance import integrity
from annotator.core.model import Schema, schemas
from annotator.core.project import Project
from annotator.core.services import paths, recent
from annotator.qt.tasks import Outcome, run_in_background

if TYPE_CHECKING:
    from annotator.qt.dialogs.server_dialog import ServerProjectDialog
    from annotator.qt.window.main_window import MainWindow


SKIPPED_SHOWN = 20  # skipped records listed in a summary; the rest under "Show Details"


def own_location(project: Project) -> Path | str | None:
    """Where a worker thread opens a connection of its own: the file, or the server URL
    (one connection is not shared between threads); None for an in-memory project."""
    return project.path if project.path is not None else project.url


@dataclass
class RefusedImport:
    """A strict import refused: its first error, and what a lenient one would do."""

    message: str
    valid: int = 0  # documents a lenient import would add
    skipped: list[str] = field(default_factory=list)


class ProjectFiles(QObject):
    """The File menu. A new or opened project is handed to the composition root."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.server_dialog: ServerProjectDialog | None = None  # while it is open

    def new_project(self) -> None:
        w = self.window
        path, _filter = QFileDialog.getSaveFileName(
            w, self.tr("New project"), str(Path.home()), self.tr("Annotator projects (*.annot)")
        )
        if not path:
            return
        try:
            schema = self._choose_schema()
            if schema is None:
                return
            target = Path(path)
            if not target.suffix:
                target = target.with_suffix(".annot")
            if target.exists():
                raise AnnotatorError(
                    self.tr("%1: already exists; choose another name").replace("%1", str(target))
                )
            Project.create(target, schema).close()
        except AnnotatorError as exc:
            w.show_error(str(exc))
            return
        w.openProjectRequested.emit(target)

    def _choose_schema(self) -> Schema | None:
        """The labels of a new project: a built-in schema or a schema file (None: the
        user cancelled). A schema file that does not load raises its AnnotatorError."""
        w = self.window
        names = schemas.builtin_names()
        choice, ok = QInputDialog.getItem(
            w,
            self.tr("Schema"),
            self.tr("Labels for the new project:"),
            [*names, self.tr("From a file…")],
            names.index(schemas.DEFAULT_SCHEMA),
            False,
        )
        if not ok:
            return None
        if choice in names:
            return schema_sources.load(choice)
        schema_file, _f = QFileDialog.getOpenFileName(
            w, self.tr("Schema file"), "", self.tr("Schemas (*.toml *.json)")
        )
        return schema_sources.load(Path(schema_file)) if schema_file else None

    def new_server_project(self) -> None:
        """File > New Server Project…: a shared project made in a PostgreSQL database
        (as ``annotator new postgresql://…``), then opened in this window's place."""
        w = self.window
        url = self._ask_url("", creating=True)
        if url is None:
            return
        try:
            schema = self._choose_schema()
            if schema is None:
                return
            Project.create(url, schema).close()  # refuses a database that holds tables
        except AnnotatorError as exc:
            w.show_error(str(exc))
            return
        w.openProjectRequested.emit(url)

    def open_project(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Open project"),
            str(Path.home()),
            self.tr("Annotator projects (*.annot);;All files (*)"),
        )
        if path:
            self.window.openProjectRequested.emit(Path(path))

    def open_server_project(self) -> None:
        """File > Open Server Project…: a shared project's URL; the composition root opens
        it (and says why, as for a file, when the server refuses)."""
        last = next((entry for entry in recent.load() if isinstance(entry, str)), "")
        url = self._ask_url(last, creating=False)
        if url is not None:
            self.window.openProjectRequested.emit(url)

    def _ask_url(self, url: str, *, creating: bool) -> str | None:
        """A PostgreSQL URL from the server dialog; None when cancelled, or when what was
        typed is not one (said in a message)."""
        from annotator.qt.dialogs.server_dialog import ServerProjectDialog

        dialog = ServerProjectDialog(url, self.window, creating=creating)
        self.server_dialog = dialog  # for tests, which answer it while it is open
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.url():
                return None
            url = dialog.url()
        finally:
            self.server_dialog = None
            dialog.deleteLater()
        if not paths.is_server_url(url):
            self.window.show_error(
                self.tr("%1: not a PostgreSQL URL (postgresql://user@host/database)").replace(
                    "%1", url
                )
            )
            return None
        return url

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        # server URLs as kept (without a password): whether they open is the server's say
        entries = [p for p in recent.load() if isinstance(p, str) or p.exists()]
        if not entries:
            menu.addAction(self.tr("(none)")).setEnabled(False)
        for path in entries:
            action = menu.addAction(str(path))
            action.triggered.connect(
                lambda _c=False, p=path: self.window.openProjectRequested.emit(p)
            )

    def import_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self.window,
            self.tr("Import documents"),
            str(Path.home()),
            self.tr(
                "Documents (*.jsonl *.ndjson *.txt *.ann *.json *.conll *.bio *.iob *.tsv "
                "*.html *.htm);;All files (*)"
            ),
        )
        if files:
            self.import_paths([Path(f) for f in files])

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, self.tr("Import a folder (.txt, brat .txt + .ann, or .html)")
        )
        if folder:
            self.import_paths([Path(folder)])

    def import_as(self) -> None:
        """Import files in a chosen format, when name and content do not tell.

        Folders (brat, .txt, .html) are told apart by what they hold: Import Folder….
        """
        names = {f"{fmt.title} ({fmt.name})": fmt.name for fmt in formats.IMPORTS.values()}
        choice, ok = QInputDialog.getItem(
            self.window, self.tr("Import As"), self.tr("Format:"), list(names), 0, False
        )
        if not ok:
            return
        fmt = names[choice]
        files, _filter = QFileDialog.getOpenFileNames(
            self.window, self.tr("Import documents"), str(Path.home()), self.tr("All files (*)")
        )
        if files:
            self.import_paths([Path(f) for f in files], fmt)

    def import_paths(
        self, paths: list[Path], fmt: str = "auto", *, skip_invalid: bool = False
    ) -> bool:
        """Import files or folders on a worker thread (all or nothing; Cancel undoes it).

        When an invalid record refuses the import, the error offers to import the
        valid records and skip the invalid ones (``skip_invalid``), saying how many.
        """
        w = self.window
        project = w.project
        if project.read_only:
            w.show_error(
                self.tr("%1 is open read-only; nothing can be imported into it.").replace(
                    "%1", project.name
                )
            )
            return False
        context = ReadContext(skip_invalid=skip_invalid)
        project_path = own_location(project)
        nothing = self.tr("nothing to import: no documents in %1").replace(
            "%1", ", ".join(str(p) for p in paths)
        )

        def job(progress: Callable[[int, int], None]) -> edits.ImportDocuments | RefusedImport:
            try:
                records = formats.read(paths, fmt, progress=progress, context=context)
                if not records:
                    if context.skipped:
                        return RefusedImport(context.skipped[0], 0, context.skipped)
                    raise InputError(nothing)
                edit = edits.ImportDocuments(
                    records,
                    progress,
                    context.schema,
                    skip_invalid=skip_invalid,
                    skipped=context.skipped,
                    layer=project.layer,
                )
                if project_path is None:  # an in-memory project has no file to share
                    project.apply(edit)
                else:
                    with Project.open(project_path, lock=False) as own_connection:
                        # never write thousands of rows into a damaged file
                        integrity.refuse_damaged(own_connection)
                        own_connection.apply(edit)
            except InputError as exc:
                if skip_invalid:
                    raise
                return self._what_lenient_would_do(str(exc), paths, fmt, project, progress)
            edit.progress = no_progress
            return edit

        outcome = run_in_background(w, self.tr("Importing…"), job)
        if not self._succeeded(outcome, self.tr("Import cancelled; nothing was imported.")):
            return False
        if isinstance(outcome.value, RefusedImport):
            self._refused(outcome.value, paths, fmt)
            return False
        edit = outcome.value
        w.controller.adopt(edit)
        report = edit.report
        lines = report.lines(limit=SKIPPED_SHOWN) + [
            self.tr("warning: %1").replace("%1", warning) for warning in context.warnings
        ]
        lost = context.losses.lines()
        if lost:
            lines.append(self.tr("Not imported (the project cannot hold them):"))
            lines.extend(f"  {line}" for line in lost)
        details = "\n".join(report.skipped) if len(report.skipped) > SKIPPED_SHOWN else ""
        self._report(self.tr("Import"), lines, always=bool(report.skipped), details=details)
        if w.controller.document is None and edit.report.document_ids:
            w.documents.go_to(edit.report.document_ids[0])
        return True

    @staticmethod
    def _what_lenient_would_do(
        message: str,
        paths: list[Path],
        fmt: str,
        project: Project,
        progress: Callable[[int, int], None],
    ) -> RefusedImport:
        """After a refusal: read again leniently and plan without writing, to count
        what an import that skips the invalid records would add and leave out."""
        context = ReadContext(skip_invalid=True)
        try:
            records = formats.read(paths, fmt, progress=progress, context=context)
            edit = edits.ImportDocuments(
                records,
                progress,
                context.schema,
                skip_invalid=True,
                skipped=context.skipped,
                layer=project.layer,
            )
            location = own_location(project)
            if location is None:
                report = edit.plan(project.db)
            else:
                with Project.open(location, read_only=True) as own_connection:
                    report = edit.plan(own_connection.db)
        except AnnotatorError:  # not a matter of single records (a missing file...)
            return RefusedImport(message)
        return RefusedImport(message, report.documents, report.skipped)

    def _refused(self, refused: RefusedImport, paths: list[Path], fmt: str) -> None:
        """The error; when some records are valid, with a button that imports them
        and skips the rest."""
        w = self.window
        if not refused.valid:
            w.show_error(refused.message)
            return
        question = (
            self.tr(
                "Nothing was imported. %1 record(s) are valid and %2 are not: "
                "import the %1 and skip the %2?"
            )
            .replace("%1", str(refused.valid))
            .replace("%2", str(len(refused.skipped)))
        )
        text = f"{refused.message}\n\n{question}"
        w.show_error(text)
        box = w.last_message
        if box is None or box.text() != text:  # the error went elsewhere (a test's stub)
            return
        if len(refused.skipped) > 1:
            box.setDetailedText("\n".join(refused.skipped))
        skip = box.addButton(
            self.tr("Import %1, Skip %2")
            .replace("%1", str(refused.valid))
            .replace("%2", str(len(refused.skipped))),
            QMessageBox.ButtonRole.AcceptRole,
        )
        ok = box.button(QMessageBox.StandardButton.Ok)
        if ok is not None:
            ok.setText(self.tr("Import Nothing"))
        box.setDefaultButton(QMessageBox.StandardButton.Ok)
        skip.clicked.connect(lambda: self.import_paths(paths, fmt, skip_invalid=True))

    def export_project(self) -> None:
        w = self.window
        folder = w.project.path.parent if w.project.path else Path.home()
        from annotator.qt.dialogs.export_dialog import ExportDialog

        counts = w.project.kind_counts()  # so the dialog can say what a format loses
        dialog = ExportDialog(
            w.project.name, folder, w, counts=counts, annotators=w.project.annotators()
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        settings = dialog.result_settings()
        if settings is None:
            return
        fmt, target, options = settings
        self.export_to(target, options, fmt)

    def export_to(
        self, path: Path, options: ExportOptions | None = None, fmt: str = "jsonl"
    ) -> ExportResult | None:
        """Export on a worker thread; the output appears only if the export completes."""
        w = self.window
        project = w.project
        project_path = own_location(project)

        def job(progress: Callable[[int, int], None]) -> ExportResult:
            if project_path is None:
                return formats.export_project(project, fmt, path, options, progress)
            with Project.open(project_path, read_only=True) as own_connection:
                return formats.export_project(own_connection, fmt, path, options, progress)

        outcome = run_in_background(w, self.tr("Exporting…"), job)
        if not self._succeeded(outcome, self.tr("Export cancelled; nothing was written.")):
            return None
        result: ExportResult = outcome.value
        self._report(self.tr("Export"), result.lines(), always=bool(result.losses))
        return result

    def _succeeded(self, outcome: Outcome, cancelled: str) -> bool:
        """Say how a worker-thread job ended when it did not complete."""
        if outcome.state == "cancelled":
            self.window.statusBar().showMessage(cancelled, 6000)
        elif outcome.state == "failed":
            self.window.show_error(outcome.message)
        return outcome.state == "done"

    def _report(self, title: str, lines: list[str], *, always: bool, details: str = "") -> None:
        """The summary's first line in the status bar; all of it in a message when there
        is more to say (or ``always``); ``details`` behind the message's Show Details."""
        self.window.statusBar().showMessage(lines[0], 8000)
        if always or len(lines) > 1:
            box = self.window.inform(title, "\n".join(lines))
            if details and box is not None:
                box.setDetailedText(details)
