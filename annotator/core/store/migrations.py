"""Every change to the project file's tables, in order (never edit a released one).

Each migration also sets ``PRAGMA user_version`` to its number, so a file made by a
newer Annotator is recognised and refused before anything is written.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("annotator")

# A project file is an SQLite file with this application id ("ANNO"): files
# that are SQLite but not ours are refused instead of being migrated.
APPLICATION_ID = 0x414E4E4F


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE project (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        -- Narrow on purpose: the document list reads only this table.
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'todo'
                CHECK (status IN ('todo', 'done', 'skipped')),
            length INTEGER NOT NULL CHECK (length >= 0),
            digest TEXT NOT NULL UNIQUE,
            added_at TEXT NOT NULL
        );
        CREATE INDEX documents_status ON documents (status, id);

        CREATE TABLE texts (
            document_id INTEGER PRIMARY KEY
                REFERENCES documents (id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}'
        );

        CREATE TABLE labels (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (name <> ''),
            kind TEXT NOT NULL CHECK (kind IN ('entity', 'event', 'relation')),
            color TEXT NOT NULL,
            key TEXT,
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL,
            heads TEXT NOT NULL DEFAULT '[]',
            tails TEXT NOT NULL DEFAULT '[]'
        );

        CREATE TABLE roles (
            id INTEGER PRIMARY KEY,
            label_id INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (name <> ''),
            min_count INTEGER NOT NULL CHECK (min_count >= 0),
            max_count INTEGER CHECK (max_count IS NULL OR max_count >= min_count),
            fillers TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL,
            UNIQUE (label_id, name)
        );

        CREATE TABLE spans (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            label_id INTEGER NOT NULL REFERENCES labels (id),
            UNIQUE (document_id, uid)
        );
        CREATE INDEX spans_position ON spans (document_id, start, "end");
        CREATE INDEX spans_label ON spans (label_id);

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            trigger_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            UNIQUE (document_id, uid)
        );
        CREATE INDEX events_trigger ON events (trigger_id);

        CREATE TABLE arguments (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role <> ''),
            span_id INTEGER REFERENCES spans (id) ON DELETE CASCADE,
            event_ref_id INTEGER REFERENCES events (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            CHECK ((span_id IS NULL) <> (event_ref_id IS NULL)),
            CHECK (event_ref_id IS NULL OR event_ref_id <> event_id)
        );
        CREATE INDEX arguments_event ON arguments (event_id, position);
        CREATE INDEX arguments_span ON arguments (span_id);
        CREATE INDEX arguments_event_ref ON arguments (event_ref_id);

        CREATE TABLE relations (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            label_id INTEGER NOT NULL REFERENCES labels (id),
            head_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            tail_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            UNIQUE (document_id, uid)
        );
        CREATE INDEX relations_head ON relations (head_id);
        CREATE INDEX relations_tail ON relations (tail_id);
        CREATE INDEX relations_label ON relations (label_id);

        -- The offset contract, enforced by the file itself as a last line of defence:
        -- a span never reaches past its document's text.
        CREATE TRIGGER spans_inside_text_insert BEFORE INSERT ON spans
        WHEN NEW."end" > (SELECT length FROM documents WHERE id = NEW.document_id)
        BEGIN SELECT RAISE(ABORT, 'span end is past the end of its text'); END;
        CREATE TRIGGER spans_inside_text_update BEFORE UPDATE OF start, "end" ON spans
        WHEN NEW."end" > (SELECT length FROM documents WHERE id = NEW.document_id)
        BEGIN SELECT RAISE(ABORT, 'span end is past the end of its text'); END;

        PRAGMA user_version = 1;
        """
    )


@migrations()
def m002_search_index(db: Database) -> None:
    """A full-text index over article texts, filled lazily (annotator/core/search.py).

    Imports stay as fast as bare inserts: new texts are indexed by the first search
    after them ("catching up" to ``search_indexed_upto``). Triggers keep what is
    already indexed exact when texts are deleted or re-inserted (undo).
    """
    db.executescript(
        """
        CREATE VIRTUAL TABLE texts_search USING fts5(
            text, content = 'texts', content_rowid = 'document_id',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO project (key, value) VALUES ('search_indexed_upto', '0');

        CREATE TRIGGER texts_search_insert AFTER INSERT ON texts
        WHEN NEW.document_id <= (SELECT CAST(value AS INTEGER) FROM project
                                 WHERE key = 'search_indexed_upto')
        BEGIN
            INSERT INTO texts_search (rowid, text) VALUES (NEW.document_id, NEW.text);
        END;
        CREATE TRIGGER texts_search_delete AFTER DELETE ON texts
        WHEN OLD.document_id <= (SELECT CAST(value AS INTEGER) FROM project
                                 WHERE key = 'search_indexed_upto')
        BEGIN
            INSERT INTO texts_search (texts_search, rowid, text)
            VALUES ('delete', OLD.document_id, OLD.text);
        END;
        CREATE TRIGGER texts_search_update AFTER UPDATE OF text ON texts
        WHEN OLD.document_id <= (SELECT CAST(value AS INTEGER) FROM project
                                 WHERE key = 'search_indexed_upto')
        BEGIN
            INSERT INTO texts_search (texts_search, rowid, text)
            VALUES ('delete', OLD.document_id, OLD.text);
            INSERT INTO texts_search (rowid, text) VALUES (NEW.document_id, NEW.text);
        END;

        PRAGMA user_version = 2;
        """
    )


@migrations()
def m003_status_history(db: Database) -> None:
    """Who set which status when: the record statistics count progress from.

    Append-only: each status change (an edit, its undo, its redo) adds a row in the
    same transaction (docs/adr/0012-activity-history.md). Rows go with their
    document, and the edit log brings them back when a deletion is undone. Imports
    write none: an imported document that is already done counts from its added_at.
    """
    db.executescript(
        """
        CREATE TABLE status_history (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('todo', 'done', 'skipped')),
            annotator TEXT NOT NULL,
            at TEXT NOT NULL
        );
        -- The cascade's look-up, and "the latest change of this document to this status".
        CREATE INDEX status_history_document ON status_history (document_id, status, id);
        CREATE TRIGGER status_history_append_only BEFORE UPDATE ON status_history
        BEGIN SELECT RAISE(ABORT, 'the status history is append-only'); END;

        PRAGMA user_version = 3;
        """
    )


@migrations()
def m004_complete_annotations(db: Database) -> None:
    """Discontinuous spans, attributes, normalizations, notes and coreference chains.

    docs/adr/0015-complete-annotations.md. A discontinuous span keeps its extent in
    start/end (so every range query, drawing and export that knows only contiguous
    spans still sees it where it is) and its pieces in ``fragments``. Attributes,
    normalizations and notes are attached to exactly one span, event or relation
    and go with it; a chain's members go with their spans.
    """
    db.executescript(
        """
        ALTER TABLE spans ADD COLUMN fragments TEXT;  -- JSON [[start, end], ...] or NULL

        CREATE TABLE attribute_types (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (name <> ''),
            "values" TEXT NOT NULL DEFAULT '[]',  -- JSON list; empty: a binary attribute
            kinds TEXT NOT NULL DEFAULT '[]',     -- JSON list of label kinds it applies to
            labels TEXT NOT NULL DEFAULT '[]',    -- JSON list of label names it applies to
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL
        );

        CREATE TABLE attributes (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            name TEXT NOT NULL CHECK (name <> ''),
            value TEXT,  -- NULL: a binary attribute, set
            span_id INTEGER REFERENCES spans (id) ON DELETE CASCADE,
            event_id INTEGER REFERENCES events (id) ON DELETE CASCADE,
            relation_id INTEGER REFERENCES relations (id) ON DELETE CASCADE,
            CHECK ((span_id IS NOT NULL) + (event_id IS NOT NULL)
                   + (relation_id IS NOT NULL) = 1),
            UNIQUE (document_id, uid)
        );
        -- One value per attribute and annotation; also the cascades' look-ups.
        CREATE UNIQUE INDEX attributes_span ON attributes (span_id, name)
            WHERE span_id IS NOT NULL;
        CREATE UNIQUE INDEX attributes_event ON attributes (event_id, name)
            WHERE event_id IS NOT NULL;
        CREATE UNIQUE INDEX attributes_relation ON attributes (relation_id, name)
            WHERE relation_id IS NOT NULL;

        CREATE TABLE normalizations (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            resource TEXT NOT NULL CHECK (resource <> ''),
            ref TEXT NOT NULL CHECK (ref <> ''),
            text TEXT NOT NULL DEFAULT '',
            span_id INTEGER REFERENCES spans (id) ON DELETE CASCADE,
            event_id INTEGER REFERENCES events (id) ON DELETE CASCADE,
            relation_id INTEGER REFERENCES relations (id) ON DELETE CASCADE,
            CHECK ((span_id IS NOT NULL) + (event_id IS NOT NULL)
                   + (relation_id IS NOT NULL) = 1),
            UNIQUE (document_id, uid)
        );
        CREATE INDEX normalizations_span ON normalizations (span_id) WHERE span_id IS NOT NULL;
        CREATE INDEX normalizations_event ON normalizations (event_id) WHERE event_id IS NOT NULL;
        CREATE INDEX normalizations_relation ON normalizations (relation_id)
            WHERE relation_id IS NOT NULL;

        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            type TEXT NOT NULL DEFAULT 'AnnotatorNotes' CHECK (type <> ''),
            text TEXT NOT NULL,
            span_id INTEGER REFERENCES spans (id) ON DELETE CASCADE,
            event_id INTEGER REFERENCES events (id) ON DELETE CASCADE,
            relation_id INTEGER REFERENCES relations (id) ON DELETE CASCADE,
            CHECK ((span_id IS NOT NULL) + (event_id IS NOT NULL)
                   + (relation_id IS NOT NULL) = 1),
            UNIQUE (document_id, uid)
        );
        CREATE INDEX notes_span ON notes (span_id) WHERE span_id IS NOT NULL;
        CREATE INDEX notes_event ON notes (event_id) WHERE event_id IS NOT NULL;
        CREATE INDEX notes_relation ON notes (relation_id) WHERE relation_id IS NOT NULL;

        CREATE TABLE chains (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            type TEXT NOT NULL CHECK (type <> ''),
            UNIQUE (document_id, uid)
        );
        CREATE TABLE chain_members (
            id INTEGER PRIMARY KEY,
            chain_id INTEGER NOT NULL REFERENCES chains (id) ON DELETE CASCADE,
            span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            UNIQUE (chain_id, span_id)
        );
        CREATE INDEX chain_members_span ON chain_members (span_id);

        PRAGMA user_version = 4;
        """
    )


@migrations()
def m005_suggestions(db: Database) -> None:
    db.executescript(
        """
        -- Suggestions the annotator turned down: never proposed again in that
        -- document, whichever source proposed them (docs/adr/0016-suggestions.md).
        CREATE TABLE rejections (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            label_id INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
            made_at TEXT NOT NULL,
            UNIQUE (document_id, start, "end", label_id)
        );
        CREATE INDEX rejections_label ON rejections (label_id);

        -- How sure the last trained model is of each document still to do (the
        -- "least certain first" order). Derived: rewritten after every training.
        CREATE TABLE certainty (
            document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
            value REAL NOT NULL CHECK (value >= 0 AND value <= 1),
            model TEXT NOT NULL
        );
        CREATE INDEX certainty_order ON certainty (value, document_id);

        PRAGMA user_version = 5;
        """
    )


GOLD = 0
"""The layer id of a document's gold annotations (the annotator named "gold")."""

_LAYERED = ("spans", "events", "relations", "attributes", "normalizations", "notes", "chains")


@migrations()
def m006_layers(db: Database) -> None:
    """Annotators' layers (docs/adr/0017-layers.md).

    Every annotation row belongs to one layer: an annotator of the ``annotators``
    table, or the gold (id 0). Events, relations, attachments and chains are in
    the layer of the spans they are made of. ``layer_status`` holds each layer's
    own status (an annotator's "done"; the gold's "done" means adjudicated).

    The annotations of an older project become the layer of the person who set
    its statuses most recently (else the login name); as the only layer of their
    documents, they are also what exports read as gold.
    """
    row = db.execute(
        "SELECT annotator FROM status_history WHERE annotator <> 'imported' "
        "ORDER BY id DESC LIMIT 1"
    ).fetchone()
    name = str(row[0]) if row and row[0] and row[0] != "gold" else _login()
    db.executescript(
        """
        CREATE TABLE annotators (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (name <> '')
        );
        INSERT INTO annotators (id, name) VALUES (0, 'gold');

        CREATE TABLE layer_status (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            layer INTEGER NOT NULL REFERENCES annotators (id),
            status TEXT NOT NULL DEFAULT 'todo'
                CHECK (status IN ('todo', 'done', 'skipped')),
            UNIQUE (document_id, layer)
        );
        CREATE INDEX layer_status_layer ON layer_status (layer, status);
        """
    )
    if (
        db.execute("SELECT 1 FROM spans LIMIT 1").fetchone()
        or db.execute("SELECT 1 FROM documents WHERE status <> 'todo' LIMIT 1").fetchone()
    ):
        db.execute("INSERT INTO annotators (id, name) VALUES (1, ?)", [name])
        layer = 1
    else:
        layer = 0
    for table in _LAYERED:
        db.execute(f"ALTER TABLE {table} ADD COLUMN layer INTEGER NOT NULL DEFAULT 0")
        if layer:
            db.execute(f"UPDATE {table} SET layer = ?", [layer])
    if layer:
        db.execute(
            "INSERT INTO layer_status (document_id, layer, status) "
            "SELECT id, 1, status FROM documents WHERE status <> 'todo' "
            "OR id IN (SELECT document_id FROM spans)"
        )
    db.executescript(
        """
        DROP INDEX spans_position;
        CREATE INDEX spans_position ON spans (document_id, layer, start, "end");
        CREATE INDEX events_document ON events (document_id, layer);
        CREATE INDEX relations_document ON relations (document_id, layer);
        CREATE INDEX chains_document ON chains (document_id, layer);
        PRAGMA user_version = 6;
        """
    )


def _login() -> str:
    import getpass

    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        name = ""
    return name if name and name != "gold" else "annotator"


SCHEMA_VERSION = 6
