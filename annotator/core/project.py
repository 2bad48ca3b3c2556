"""The project facade: the one object front ends talk to.

A :class:`Project` owns its database connection. Every change goes through
:meth:`Project.apply` with an edit and is committed before it returns; reads are
plain queries. Nothing here knows about Qt.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType

from sqlite_utils import Database

from annotator import __version__
from annotator.core.editing import history
from annotator.core.editing.attachments import AddAttributeTypes
from annotator.core.editing.edits import (
    AddLabels,
    Changes,
    Edit,
    ImportDocuments,
    ImportReport,
    SetProjectInfo,
    TextCache,
    UidCounter,
)
from annotator.core.errors import EditError, ProjectError, ReadOnlyProjectError, no_progress
from annotator.core.model import (
    Annotations,
    Attribute,
    Chain,
    Document,
    DocumentSummary,
    Event,
    Normalization,
    Note,
    Relation,
    Schema,
    Status,
    schemas,
)
from annotator.core.model.records import DocumentRecord
from annotator.core.services.settings import AnnotatorSettings
from annotator.core.store import queries
from annotator.core.store.database import (
    check_header,
    check_writable,
    create_database,
    memory_database,
    open_database,
    open_read_only,
)
from annotator.core.store.lock import ProjectLock


class Project:
    def __init__(
        self,
        db: Database,
        path: Path | None = None,
        *,
        read_only: bool = False,
        lock: ProjectLock | None = None,
    ) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        self._lock = lock
        self._uids = UidCounter()
        self._texts = TextCache()
        self._schema: Schema | None = None
        # Written with each status change (the status history); front ends set it
        # from the user's settings.
        self.annotator: str = AnnotatorSettings().shown_name

    # -- opening ---------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, schema: Schema | None = None) -> Project:
        """Create a project file with a schema (the default news schema if none)."""
        if path.exists():
            raise ProjectError(f"{path}: already exists; not overwriting it")
        lock = ProjectLock(path)
        if path.parent.is_dir():
            lock.acquire()
        try:
            project = cls(create_database(path), path, lock=lock)
        except BaseException:
            lock.release()
            if not path.exists():
                lock.path.unlink(missing_ok=True)
            raise
        try:
            project._initialise(schema if schema is not None else schemas.load())
        except BaseException:
            project.close()
            path.unlink(missing_ok=True)
            lock.path.unlink(missing_ok=True)
            raise
        return project

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, lock: bool = True) -> Project:
        """Open a project; refusals (not a project, damaged, newer, read-only, open
        elsewhere) raise a ProjectError before anything is written.

        ``read_only`` never writes to the file or its folder and takes no lock.
        Otherwise the one-writer lock is taken, unless ``lock`` is False: for a
        worker connection of the process that already holds it.
        """
        if read_only:
            return cls(open_read_only(path), path, read_only=True)
        check_header(path)
        check_writable(path)
        held = ProjectLock(path) if lock else None
        if held is not None:
            held.acquire()
        try:
            return cls(open_database(path), path, lock=held)
        except BaseException:
            if held is not None:
                held.release()
            raise

    @classmethod
    def in_memory(cls, schema: Schema | None = None) -> Project:
        project = cls(memory_database())
        project._initialise(schema if schema is not None else schemas.load())
        return project

    def _initialise(self, schema: Schema) -> None:
        schemas.validate(schema)
        self.apply(
            SetProjectInfo(
                {
                    "schema_name": schema.name,
                    "schema_description": schema.description,
                    "created_with": f"annotator {__version__}",
                }
            )
        )
        if schema.labels:
            self.apply(AddLabels(schemas.with_colors(schema.labels)))
        if schema.attributes:
            self.apply(AddAttributeTypes(schema.attributes))

    def close(self) -> None:
        self.db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def name(self) -> str:
        return self.path.stem if self.path else "(in memory)"

    # -- changing --------------------------------------------------------------
    def apply(self, edit: Edit) -> Changes:
        """Apply (or redo) an edit in its own transaction, committed before returning."""
        self._check_writable(edit)
        changes = self._run(lambda: edit.apply(self.db, self._uids, self._texts), edit)
        if isinstance(edit, ImportDocuments) and len(edit.report.document_ids or ()) > 1000:
            # A big import leaves a big WAL; fold it into the file now, not at exit.
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return changes

    def revert(self, edit: Edit) -> Changes:
        """Undo an applied edit in its own committed transaction."""
        self._check_writable(edit)
        return self._run(lambda: edit.revert(self.db), edit)

    def _check_writable(self, edit: Edit) -> None:
        if self.read_only:
            raise ReadOnlyProjectError(
                f"{self.name} is open read-only; {edit.name!r} was not saved"
            )

    def changed_elsewhere(self, changes: Changes) -> None:
        """Another connection (a background import) changed the file: drop caches."""
        if changes.schema:
            self._schema = None
        self._uids.forget()

    def import_records(
        self,
        records: Sequence[DocumentRecord],
        schema: Schema | None = None,
        progress: Callable[[int, int], None] = no_progress,
        *,
        skip_invalid: bool = False,
        skipped: Sequence[str] = (),
    ) -> ImportReport:
        """Add documents, all or nothing; ``schema`` holds label definitions the input carries.

        ``skip_invalid``: leave out invalid records (listed in the report, after
        ``skipped``, what the reader left out) and add the rest in one transaction.
        """
        edit = ImportDocuments(
            records, progress, schema, skip_invalid=skip_invalid, skipped=skipped
        )
        self.apply(edit)
        return edit.report

    def _run(self, action: object, edit: Edit) -> Changes:
        assert callable(action)
        try:
            with self.db.atomic():
                changes: Changes = action()
                if changes.rows:  # in the same transaction: the history is as true as the file
                    history.record(self.db, changes.rows, self.annotator)
        except sqlite3.IntegrityError as exc:
            raise EditError(f"{edit.name}: refused by the project file ({exc})") from None
        except sqlite3.OperationalError as exc:
            if "full" in str(exc):  # SQLITE_FULL: the transaction was rolled back
                raise ProjectError(
                    f"{self.name}: the disk is full; {edit.name!r} was not saved "
                    "(free some space and try again; nothing else changed)"
                ) from None
            if "readonly" in str(exc) or "read-only" in str(exc):
                raise ReadOnlyProjectError(
                    f"{self.name}: the file cannot be written now; {edit.name!r} was not saved"
                ) from None
            raise ProjectError(f"{self.name}: could not save {edit.name!r} ({exc})") from None
        except sqlite3.DatabaseError as exc:
            raise ProjectError(f"{self.name}: the project file is damaged ({exc})") from None
        if changes.schema:
            self._schema = None
        return changes

    # -- reading ---------------------------------------------------------------
    @property
    def schema(self) -> Schema:
        if self._schema is None:
            self._schema = queries.load_schema(self.db)
        return self._schema

    def document_count(self, statuses: Sequence[Status] | None = None) -> int:
        return queries.document_count(self.db, statuses)

    def status_counts(self) -> dict[Status, int]:
        return queries.status_counts(self.db)

    def document_ids(
        self,
        statuses: Sequence[Status] | None = None,
        text: str | None = None,
        order: str = "added",
    ) -> Sequence[int]:
        """Document ids in list order (a ``range`` when they have no gaps); ``order`` is
        one of :data:`queries.ORDERS` ("uncertain": least certain first)."""
        return queries.document_ids(self.db, statuses, text, order)

    def summaries(self, ids: Sequence[int]) -> list[DocumentSummary]:
        return queries.document_summaries(self.db, ids)

    def document(self, document_id: int) -> Document:
        document = queries.document(self.db, document_id)
        if document is None:
            raise EditError(f"there is no document {document_id}")
        return document

    def document_id(self, uid: str) -> int | None:
        return queries.document_id_by_uid(self.db, uid)

    def next_with_status(
        self, document_id: int | None, status: Status, order: str = "added"
    ) -> int | None:
        return queries.neighbour_with_status(self.db, document_id, status, order)

    def rejected(self, document_id: int) -> set[tuple[int, int, str]]:
        """Suggestions turned down in a document: (start, end, label)."""
        return queries.rejected(self.db, document_id)

    def set_certainty(self, values: Mapping[int, float], model: str) -> None:
        """Store the newest model's certainty per document (the "uncertain" order)."""
        if self.read_only:
            return
        queries.set_certainty(self.db, values, model)

    def annotations(self, document_id: int) -> Annotations:
        return queries.document_annotations(self.db, document_id)

    def attachments(
        self, document_id: int
    ) -> tuple[
        tuple[Attribute, ...], tuple[Normalization, ...], tuple[Note, ...], tuple[Chain, ...]
    ]:
        """A document's attributes, normalizations, notes and coreference chains."""
        return queries.document_attachments(self.db, document_id)

    def events_and_relations(
        self, document_id: int
    ) -> tuple[tuple[Event, ...], tuple[Relation, ...]]:
        return queries.document_events_and_relations(self.db, document_id)

    def kind_counts(self) -> dict[str, int]:
        """How many events, relations, discontinuous spans, attributes, normalizations,
        notes and chains the project has (what an export format may lose)."""
        return queries.kind_counts(self.db)

    def label_names(self) -> dict[int, str]:
        """Label id -> name, for turning logged span rows into spans."""
        return {label_id: name for name, label_id in queries.label_ids(self.db).items()}

    def annotated_documents(self, ids: Sequence[int]) -> Iterator[tuple[Document, Annotations]]:
        """Documents with annotations in the order of ``ids``, read in batches (exports)."""
        return queries.annotated_documents(self.db, ids)

    def row_batches(self, ids: Sequence[int]) -> Iterator[queries.RowBatch]:
        """The same as :meth:`annotated_documents` as raw rows, for the JSONL writer."""
        return queries.row_batches(self.db, ids)

    def iter_documents(self, statuses: Sequence[Status] | None = None) -> Iterator[Document]:
        return queries.iter_documents(self.db, statuses)
