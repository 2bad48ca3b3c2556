"""The project facade: the one object front ends talk to.

A :class:`Project` owns its database connection. Every change goes through
:meth:`Project.apply` with an edit and is committed before it returns; reads are
plain queries. Nothing here knows about Qt.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import cast

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
from annotator.core.errors import (
    ConflictError,
    DamagedProjectError,
    EditError,
    ProjectError,
    ReadOnlyProjectError,
    no_progress,
)
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
from annotator.core.services.paths import repair_advice
from annotator.core.services.settings import AnnotatorSettings
from annotator.core.store import queries, server
from annotator.core.store.database import (
    check_header,
    check_writable,
    create_database,
    memory_database,
    open_database,
    open_read_only,
)
from annotator.core.store.lock import ProjectLock
from annotator.core.store.queries import GOLD_NAME

# How often an edit is run again after a serialization failure (server projects).
_RETRIES = 20


class Project:
    def __init__(
        self,
        db: Database,
        path: Path | None = None,
        *,
        read_only: bool = False,
        lock: ProjectLock | None = None,
        url: str | None = None,
    ) -> None:
        self.db = db
        self.path = path
        # A project on a PostgreSQL server (store/server.py): no file, no lock (several
        # people write at once), no backups (the server's pg_dump).
        self.url = url
        self.is_server = url is not None
        # The revision of each (document, layer) this connection last read or wrote (server
        # projects): an edit that changes rows on an older view is refused.
        self._seen: dict[tuple[int, int], int] = {}
        self._written: dict[tuple[int, int], int] = {}
        self.read_only = read_only
        self._lock = lock
        self._uids = UidCounter()
        self._texts = TextCache()
        self._schema: Schema | None = None
        # Written with each status change (the status history), and the layer edits
        # go into; front ends set it from the user's settings.
        self._annotator: str = AnnotatorSettings().shown_name
        self._layer: str | None = None  # another layer to edit ("gold" to adjudicate)
        self._layer_ids: dict[str, int] = {}

    # -- opening ---------------------------------------------------------------
    @classmethod
    def create(cls, location: Path | str, schema: Schema | None = None) -> Project:
        """Create a project file with a schema (the default news schema if none); a
        ``postgresql://`` URL makes it in that (empty, or not yet existing) database."""
        if server.is_server_url(location):
            url = str(location)
            project = cls(cast(Database, server.create_server_database(url)), url=url)
            try:
                project._initialise(schema if schema is not None else schemas.load())
            except BaseException:
                project.close()
                raise
            return project
        path = Path(location)
        if path.exists():
            raise ProjectError(f"{path}: already exists; not overwriting it")
        lock = ProjectLock(path)
        if path.parent.is_dir():
            lock.acquire()
        try:
            project = cls(create_database(path), path, lock=lock)
            if lock.held:
                lock.lock_file()  # now that the file exists
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
    def open(cls, location: Path | str, *, read_only: bool = False, lock: bool = True) -> Project:
        """Open a project; refusals (not a project, damaged, newer, read-only, open
        elsewhere) raise a ProjectError before anything is written.

        ``read_only`` never writes to the file or its folder and takes no lock.
        Otherwise the one-writer lock is taken, unless ``lock`` is False: for a
        worker connection of the process that already holds it.

        A ``postgresql://`` URL opens a server project: no lock, as several people
        edit it at once.
        """
        if server.is_server_url(location):
            url = str(location)
            db = server.open_server_database(url, read_only=read_only)
            return cls(cast(Database, db), read_only=read_only, url=url)
        path = Path(location)
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
        if self.url is not None:
            return server.database_name(self.url)
        return self.path.stem if self.path else "(in memory)"

    @property
    def location(self) -> Path | str | None:
        """Where the project is: its file, or its server URL (None: in memory)."""
        return self.url if self.url is not None else self.path

    @property
    def shown_location(self) -> str:
        """The location for titles and messages (a server URL without its password)."""
        if self.url is not None:
            return server.shown(self.url)
        return str(self.path) if self.path else "(in memory)"

    # -- layers ----------------------------------------------------------------
    @property
    def annotator(self) -> str:
        """Who is working: written with status changes; their layer is edited by default."""
        return self._annotator

    @annotator.setter
    def annotator(self, name: str) -> None:
        name = name.strip()
        if not name:
            raise EditError("an annotator needs a name")
        self._annotator = name

    @property
    def layer(self) -> str:
        """The layer edits go into and reads default to: the annotator's own, unless
        :meth:`use_layer` chose another ("gold" while adjudicating)."""
        return self._layer or self._annotator

    def use_layer(self, name: str | None) -> None:
        """Edit and read another layer (None: the annotator's own again)."""
        self._layer = name.strip() or None if name is not None else None

    def layer_id(self, name: str | None = None) -> int | None:
        """The id of a layer (default: :attr:`layer`), None if it holds nothing yet."""
        name = self.layer if name is None else name
        found = self._layer_ids.get(name)
        if found is None:
            found = queries.layer_id(self.db, name)
            if found is not None:
                self._layer_ids[name] = found
        return found

    def _editing_layer(self) -> int:
        """The id edits write with, adding the annotator (inside the edit's transaction)."""
        found = self.layer_id()
        if found is None:
            found = queries.ensure_layer(self.db, self.layer)
            self._layer_ids[self.layer] = found
        return found

    def _read_layer(self, name: str | None) -> int:
        found = self.layer_id(name)
        return -1 if found is None else found  # no such layer: nothing in it

    def annotators(self) -> list[str]:
        """Annotators whose layer holds anything, sorted, without the gold."""
        return queries.annotator_names(self.db)

    def layers(self, document_id: int) -> dict[str, Status]:
        """The layers present in a document ("gold" too) with each one's own status."""
        return queries.document_layers(self.db, document_id)

    def layers_by_document(self, ids: Sequence[int] | None = None) -> dict[int, set[str]]:
        """Per document (of ``ids``, or all), the names of the layers present in it."""
        names = {
            int(row[0]): str(row[1]) for row in self.db.execute("SELECT id, name FROM annotators")
        }
        return {
            doc: {names[layer] for layer in layers}
            for doc, layers in queries.layers_by_document(self.db, ids).items()
        }

    def shared_documents(self, min_annotators: int = 2) -> list[int]:
        """Documents annotated by at least that many annotators (the gold not counted)."""
        return queries.shared_documents(self.db, min_annotators)

    def undecided(self, ids: Sequence[int]) -> list[int]:
        """Those of ``ids`` whose gold is undecided: several annotators, no adjudication."""
        return [doc for doc, layer in queries.gold_layers(self.db, ids).items() if layer is None]

    def adjudicated(self, ids: Sequence[int] | None = None) -> set[int]:
        """Documents whose gold layer is marked done."""
        return queries.adjudicated(self.db, ids)

    # -- changing --------------------------------------------------------------
    def apply(self, edit: Edit) -> Changes:
        """Apply (or redo) an edit in its own transaction, committed before returning;
        new annotations go into :attr:`layer`."""
        self._check_writable(edit)
        changes = self._run(
            lambda: edit.apply(self.db, self._uids, self._texts, self._editing_layer()),
            edit,
            forward=True,
        )
        if isinstance(edit, ImportDocuments) and len(edit.report.document_ids or ()) > 1000:
            # A big import leaves a big WAL; fold it into the file now, not at exit.
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return changes

    def revert(self, edit: Edit) -> Changes:
        """Undo an applied edit in its own committed transaction."""
        self._check_writable(edit)
        return self._run(lambda: edit.revert(self.db), edit, forward=False)

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
        annotator: str | None = None,
    ) -> ImportReport:
        """Add documents, all or nothing; ``schema`` holds label definitions the input carries.

        ``annotator``: the layer the annotations go into (default :attr:`layer`); when
        named, a text already in the project gains that layer instead of being skipped,
        as it does for records that name their own annotator.

        ``skip_invalid``: leave out invalid records (listed in the report, after
        ``skipped``, what the reader left out) and add the rest in one transaction.
        """
        edit = ImportDocuments(
            records,
            progress,
            schema,
            skip_invalid=skip_invalid,
            skipped=skipped,
            layer=annotator or self.layer,
            named=annotator is not None,
        )
        self.apply(edit)
        return edit.report

    def _run(self, action: object, edit: Edit, *, forward: bool) -> Changes:
        """Run an edit in one transaction. On a server, a transaction that crossed another
        connection's writes is rolled back by the server and run again from scratch."""
        assert callable(action)
        was_applied = edit.applied
        last = ""
        for attempt in range(_RETRIES):
            try:
                return self._attempt(action, edit, forward=forward)
            except ConflictError as exc:
                if not was_applied:
                    edit.forget()
                if forward and not edit.replayed:
                    raise
                doing = "redo" if forward else "undo"
                raise ConflictError(
                    f"cannot {doing} {edit.name!r}: {exc}; what they did is kept"
                ) from None
            except server.ServerConflict as exc:
                last = str(exc)
                if was_applied and "unique constraint" in last:
                    # an undo or redo brings back a row whose id or uid was taken meanwhile
                    doing = "redo" if forward else "undo"
                    raise ConflictError(
                        f"cannot {doing} {edit.name!r}: someone else's annotation has taken "
                        "its place meanwhile; what they did is kept"
                    ) from None
                if not was_applied:
                    edit.forget()  # rolled back: perform it afresh, not replay its log
                self._uids.forget()  # uids another connection took meanwhile
                self._layer_ids.clear()
                time.sleep(random.uniform(0, 0.02 * (attempt + 1)))  # out of step
            except BaseException:
                if not was_applied:
                    edit.forget()
                raise
        raise ConflictError(
            f"{edit.name!r} was not saved: others kept writing the same rows at the same "
            f"moment ({last}); try again"
        )

    def _attempt(self, action: object, edit: Edit, *, forward: bool) -> Changes:
        assert callable(action)
        self._written = {}
        try:
            with self.db.atomic():
                changes: Changes = action()
                if changes.rows:  # in the same transaction: the history is as true as the file
                    history.record(self.db, changes.rows, self.annotator)
                    if self.is_server:
                        self._check_revisions(edit, changes, forward=forward)
        except sqlite3.IntegrityError as exc:
            raise EditError(f"{edit.name}: refused by the project file ({exc})") from None
        except server.ServerConflict:
            raise
        except sqlite3.OperationalError as exc:
            if "full" in str(exc):  # SQLITE_FULL: the transaction was rolled back
                raise ProjectError(
                    f"{self.name}: the disk is full; {edit.name!r} was not saved "
                    "(free some space and try again; nothing else changed)"
                ) from None
            if self.is_server and str(exc).startswith("read-only: "):
                # The server's refusal (a grant missing, a read-only standby), not a file's.
                reason = str(exc).removeprefix("read-only: ")
                raise ReadOnlyProjectError(
                    f"{self.name}: the server refused to save {edit.name!r} ({reason}); "
                    "the role needs the grants in docs/server.md (Roles)"
                ) from None
            if "readonly" in str(exc) or "read-only" in str(exc):
                raise ReadOnlyProjectError(
                    f"{self.name}: the file cannot be written now; {edit.name!r} was not saved"
                ) from None
            raise ProjectError(f"{self.name}: could not save {edit.name!r} ({exc})") from None
        except sqlite3.DatabaseError as exc:
            # SQLite wrote nothing into the malformed pages: the edit was rolled back.
            raise DamagedProjectError(
                f"{self.name}: the project file is damaged ({exc}); {edit.name!r} was not "
                f"saved: {repair_advice(self.shown_location)}"
            ) from None
        if changes.schema:
            self._schema = None
        if self.is_server:
            self._seen.update(self._written)
        return changes

    # -- several people at once (server projects) ------------------------------------
    def _check_revisions(self, edit: Edit, changes: Changes, *, forward: bool) -> None:
        """Bump the revision of each document layer the edit wrote; refuse an edit that
        changes or deletes rows in a layer someone else changed since this view read it.

        Inside the edit's transaction, so a refusal leaves nothing behind. Undo and redo
        check each row themselves (recorder.replay), so only a new edit is checked here.
        """
        layer = edit.written_layer if edit.written_layer is not None else self._editing_layer()
        rewrites = (
            forward
            and not edit.replayed
            and any(change.op != "insert" for change in changes.rows or ())
        )
        for document_id in sorted(changes.documents):
            row = self.db.execute(
                "SELECT revision, changed_by FROM revisions WHERE document_id = ? AND layer = ?",
                [document_id, layer],
            ).fetchone()
            current = int(row[0]) if row else 0
            seen = self._seen.get((document_id, layer))
            if rewrites and seen is not None and seen != current and row is not None:
                who = str(row[1])
                whose = "" if who == self.annotator else f" ({who})"
                raise ConflictError(
                    f"{edit.name!r} was not saved: someone else{whose} changed this document "
                    f"in {queries.layer_name(self.db, layer)}'s layer since you last looked; "
                    "it is shown again as it is now"
                )
            self.db.execute(  # (not for a document the edit deleted)
                "INSERT INTO revisions (document_id, layer, revision, changed_by) "
                "SELECT ?, ?, 1, ? WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?) "
                "ON CONFLICT (document_id, layer) DO UPDATE "
                "SET revision = revisions.revision + 1, changed_by = excluded.changed_by",
                [document_id, layer, self.annotator, document_id],
            )
            if seen is None or seen == current:
                self._written[(document_id, layer)] = current + 1

    def revisions(self, document_id: int) -> dict[int, int]:
        """Each layer's revision in a document (server projects; empty for a file): what a
        window compares to see that someone else changed it."""
        if not self.is_server:
            return {}
        return {
            int(layer): int(revision)
            for layer, revision in self.db.execute(
                "SELECT layer, revision FROM revisions WHERE document_id = ?", [document_id]
            )
        }

    def _saw(self, document_id: int, layer: int) -> None:
        """Remember the revision of what a read showed (the view an edit is based on)."""
        if self.is_server and layer >= 0:
            row = self.db.execute(
                "SELECT revision FROM revisions WHERE document_id = ? AND layer = ?",
                [document_id, layer],
            ).fetchone()
            self._seen[(document_id, layer)] = int(row[0]) if row else 0

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
        return queries.document_summaries(self.db, ids, self._read_layer(None))

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

    def annotations(self, document_id: int, layer: str | None = None) -> Annotations:
        """One layer's annotations of a document (default :attr:`layer`; "gold": the
        gold layer itself, empty until adjudication starts)."""
        layer_id = self._read_layer(layer)
        self._saw(document_id, layer_id)
        return queries.document_annotations(self.db, document_id, layer_id)

    def attachments(
        self, document_id: int, layer: str | None = None
    ) -> tuple[
        tuple[Attribute, ...], tuple[Normalization, ...], tuple[Note, ...], tuple[Chain, ...]
    ]:
        """A document's attributes, normalizations, notes and coreference chains."""
        return queries.document_attachments(self.db, document_id, self._read_layer(layer))

    def events_and_relations(
        self, document_id: int, layer: str | None = None
    ) -> tuple[tuple[Event, ...], tuple[Relation, ...]]:
        return queries.document_events_and_relations(self.db, document_id, self._read_layer(layer))

    def kind_counts(self) -> dict[str, int]:
        """How many events, relations, discontinuous spans, attributes, normalizations,
        notes and chains the project has (what an export format may lose)."""
        return queries.kind_counts(self.db)

    def label_names(self) -> dict[int, str]:
        """Label id -> name, for turning logged span rows into spans."""
        return {label_id: name for name, label_id in queries.label_ids(self.db).items()}

    def annotated_documents(
        self, ids: Sequence[int], layer: str = GOLD_NAME
    ) -> Iterator[tuple[Document, Annotations]]:
        """Documents with annotations in the order of ``ids``, read in batches (exports).

        ``layer``: an annotator's name, or "gold": each document's gold, which is its
        adjudicated layer, else the work of its only annotator (leave out the
        :meth:`undecided` documents first: they come without annotations)."""
        return queries.annotated_documents(self.db, ids, layer=self._export_layer(layer))

    def row_batches(self, ids: Sequence[int], layer: str = GOLD_NAME) -> Iterator[queries.RowBatch]:
        """The same as :meth:`annotated_documents` as raw rows, for the JSONL writer."""
        return queries.row_batches(self.db, ids, layer=self._export_layer(layer))

    def _export_layer(self, layer: str) -> int | None:
        return None if layer == GOLD_NAME else self._read_layer(layer)

    def iter_documents(self, statuses: Sequence[Status] | None = None) -> Iterator[Document]:
        return queries.iter_documents(self.db, statuses)
