"""Finding text: in one article (for Ctrl+F) and across the project (Ctrl+Shift+F)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from annotator.core.errors import no_progress
from annotator.core.project import Project
from annotator.core.store.database import unavailable
from annotator.core.store.server import on_server


def find_in_text(text: str, query: str, start: int, *, backwards: bool = False) -> int | None:
    """Offset of the next (or previous) case-insensitive match, wrapping around."""
    if not query:
        return None
    folded_text, folded_query = text.casefold(), query.casefold()
    # casefold can change lengths (ß -> ss); fall back to exact matching then
    if len(folded_text) != len(text) or len(folded_query) != len(query):
        folded_text, folded_query = text, query
    if backwards:
        found = folded_text.rfind(folded_query, 0, max(0, start))
        if found == -1:
            found = folded_text.rfind(folded_query)
    else:
        found = folded_text.find(folded_query, start)
        if found == -1:
            found = folded_text.find(folded_query)
    return None if found == -1 else found


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: int
    title: str
    offset: int
    snippet: str
    length: int = 0  # of the matched text at offset (0: the query was not found verbatim)


# -- the full-text index (migration m002): filled lazily, exact once caught up ------------
_UPTO = "search_indexed_upto"


def indexed_upto(db: Database) -> int:
    row = db.execute("SELECT value FROM project WHERE key = ?", [_UPTO]).fetchone()
    return int(row[0]) if row else 0


def index_lag(db: Database) -> int:
    """How many texts the index has not seen yet (cheap: a primary-key range count)."""
    return int(
        db.execute(
            "SELECT count(*) FROM texts WHERE document_id > ?", [indexed_upto(db)]
        ).fetchone()[0]
    )


def catch_up(
    db: Database, progress: Callable[[int, int], None] = no_progress, chunk: int = 2000
) -> int:
    """Index texts added since the last search; returns how many were indexed.

    Each chunk is its own transaction and moves the mark, so an interrupted or
    cancelled run (progress may raise Cancelled) resumes where it stopped.
    """
    total = index_lag(db)
    done = 0
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            upto = indexed_upto(db)
            row = db.execute(
                "SELECT max(document_id) FROM (SELECT document_id FROM texts "
                "WHERE document_id > ? ORDER BY document_id LIMIT ?) AS chunk",
                [upto, chunk],
            ).fetchone()
            last = row[0]
            if last is None:
                db.execute("COMMIT")
                break
            cursor = db.execute(
                "INSERT INTO texts_search (rowid, text) SELECT document_id, text FROM texts "
                "WHERE document_id > ? AND document_id <= ?",
                [upto, last],
            )
            db.execute("UPDATE project SET value = ? WHERE key = ?", [str(last), _UPTO])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        done += cursor.rowcount
        progress(min(done, total), total)
    return done


def search_project(
    project: Project,
    query: str,
    limit: int = 200,
    progress: Callable[[int, int], None] = no_progress,
) -> list[Hit]:
    """Documents containing the query's words (case and accents ignored), in project order.

    The last word also matches as a prefix (``Pari`` finds ``Paris``). Texts not yet
    in the index are indexed first; if the file cannot be written (read-only), they
    are scanned instead, so results are never stale.
    """
    if not query.strip():
        return []
    db = project.db
    if not _WORD.search(query):  # punctuation only: nothing for the index to match
        return _scan(db, query, 0, limit)
    if project.is_server:
        return _search_server(db, query, limit)
    try:
        catch_up(db, progress)
    except sqlite3.OperationalError as exc:
        # Read-only or busy: the texts not yet indexed are scanned. Anything else (a
        # text that does not decode) is damage, not a reason for quietly fewer hits.
        if not unavailable(exc):
            raise
    upto = indexed_upto(db)
    phrase = '"' + query.strip().replace('"', '""') + '"*'
    ids = [
        row[0]
        for row in db.execute(
            "SELECT rowid FROM texts_search WHERE texts_search MATCH ? ORDER BY rowid LIMIT ?",
            [phrase, limit],
        )
    ]
    hits = [_hit(doc_id, title, text, query) for doc_id, title, text in _rows(db, ids)]
    if len(hits) < limit and index_lag(db):
        hits += _scan(db, query, upto, limit - len(hits))
    return hits


def _search_server(db: Database, query: str, limit: int) -> list[Hit]:
    """PostgreSQL's full-text index (store/server.py SEARCH): the query's words in order,
    side by side, the last also as a prefix, as the SQLite index matches them."""
    words = _WORD.findall(query)
    terms = ["'" + word.replace("'", "''").replace("\\", "\\\\") + "'" for word in words]
    terms[-1] += ":*"
    ids = [
        row[0]
        for row in db.execute(
            "SELECT document_id FROM texts "
            "WHERE annotator_words(text) @@ to_tsquery('annotator_words', ?) "
            "ORDER BY document_id LIMIT ?",
            [" <-> ".join(terms), limit],
        )
    ]
    return [_hit(doc_id, title, text, query) for doc_id, title, text in _rows(db, ids)]


def _rows(db: Database, ids: list[int]) -> list[tuple[int, str, str]]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    return list(
        db.execute(
            f"SELECT d.id, d.title, t.text FROM documents d JOIN texts t "
            f"ON t.document_id = d.id WHERE d.id IN ({marks}) ORDER BY d.id",
            ids,
        )
    )


def _scan(db: Database, query: str, after: int, limit: int) -> list[Hit]:
    """The slow path for texts the index cannot answer: a substring scan."""
    like = "ILIKE" if on_server(db) else "LIKE"  # SQLite's LIKE ignores case
    rows = db.execute(
        "SELECT d.id, d.title, t.text FROM documents d JOIN texts t ON t.document_id = d.id "
        f"WHERE d.id > ? AND t.text {like} '%' || ? || '%' ESCAPE '\\' ORDER BY d.id LIMIT ?",
        [after, _like_escape(query), limit],
    )
    hits = []
    for doc_id, title, text in rows:
        if find_in_text(text, query, 0) is not None:
            hits.append(_hit(doc_id, title, text, query))
    return hits


def _hit(doc_id: int, title: str, text: str, query: str) -> Hit:
    offset, length = _locate(text, query)
    left = max(0, offset - 40)
    snippet = " ".join(text[left : offset + max(length, len(query)) + 40].split())
    return Hit(doc_id, title, offset, snippet, length)


def _locate(text: str, query: str) -> tuple[int, int]:
    """Where the query is in a text the index matched: verbatim (any case), else its words."""
    found = find_in_text(text, query, 0)
    if found is not None:
        return found, len(query)
    words = _WORD.findall(query)
    pattern = r"\W+".join(re.escape(word) for word in words)
    match = re.search(pattern, text, re.IGNORECASE) if words else None
    if match:
        return match.start(), match.end() - match.start()
    return 0, 0  # accents differ: the document matches, the place is not shown


_WORD = re.compile(r"[^\W_]+")


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
