"""Several annotators on one server project at once (issue 18): four processes make 500
edits each (adds, relabels, deletes, undo) in the same documents; every acknowledged edit
is in the project afterwards, and the integrity check passes.

Then the gold layer, where two people may change the same span: an edit on a stale view
and an undo over someone else's change are refused, and what the other did is kept.
"""

from __future__ import annotations

import multiprocessing
import random
from typing import Any

import pytest

from annotator.core.editing.edits import AddSpan, DeleteSpan, Edit, RelabelSpan
from annotator.core.errors import ConflictError, EditError
from annotator.core.maintenance import integrity
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project

WORKERS = 4
EDITS = 500
WORDS = 800  # per document; each worker labels the words i with i % WORKERS == its number
DOCUMENTS = 3

Key = tuple[int, int, int, str]  # document id, start, end, label


def _text(document: int) -> str:
    return " ".join(f"w{index:03d}" for index in range(WORDS)) + f" {document}"


def _word(index: int) -> tuple[int, int]:
    return index * 5, index * 5 + 4


def _worker(url: str, number: int, seed: int, results: Any) -> None:
    """Make EDITS edits as annotator ``number``; report the spans it should have."""
    rng = random.Random(seed)
    expected: dict[int, Key] = {}  # span id -> key, as acknowledged
    undo: list[tuple[Edit, dict[int, Key]]] = []
    errors: list[str] = []
    refused = 0
    with Project.open(url) as project:
        project.annotator = f"annotator{number}"
        ids = list(project.document_ids())
        free = [(doc, index) for doc in ids for index in range(WORDS) if index % WORKERS == number]
        rng.shuffle(free)
        for _ in range(EDITS):
            before = dict(expected)
            choice = rng.random()
            try:
                if choice < 0.15 and undo:
                    edit, state = undo.pop()
                    try:
                        project.revert(edit)
                    except ConflictError:
                        # refused, clearly: another's span took its uid (uids are shared
                        # by the layers of a document); nothing changed
                        refused += 1
                        continue
                    expected = state
                    continue
                if choice < 0.55 or not expected:
                    doc, index = free.pop()
                    start, end = _word(index)
                    label = rng.choice(["PER", "ORG"])
                    add = AddSpan(doc, start, end, label)
                    changes = project.apply(add)
                    span_id = next(
                        int(change.key) for change in changes.rows if change.table == "spans"
                    )
                    expected[span_id] = (doc, start, end, label)
                    undo.append((add, before))
                elif choice < 0.8:
                    span_id = rng.choice(sorted(expected))
                    doc, start, end, label = expected[span_id]
                    new = "ORG" if label == "PER" else "PER"
                    relabel = RelabelSpan(span_id, new)
                    project.apply(relabel)
                    expected[span_id] = (doc, start, end, new)
                    undo.append((relabel, before))
                else:
                    span_id = rng.choice(sorted(expected))
                    delete = DeleteSpan(span_id)
                    project.apply(delete)
                    del expected[span_id]
                    undo.append((delete, before))
            except Exception as exc:  # reported to the test, which fails on any
                import traceback

                errors.append(f"{type(exc).__name__}: {exc} {traceback.format_exc()}")
                expected = before
        # Undo brings back spans with their old ids; compare by content.
        results.put((number, sorted(expected.values()), errors, refused))


@pytest.fixture
def shared_project(pg_database: str) -> str:
    with Project.create(pg_database) as project:
        project.import_records(
            [DocumentRecord(text=_text(index), uid=f"doc{index}") for index in range(DOCUMENTS)]
        )
        assert len(project.document_ids()) == DOCUMENTS
    return pg_database


def test_four_annotators_at_once_lose_no_edit(shared_project: str) -> None:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [
        context.Process(target=_worker, args=(shared_project, number, 1000 + number, results))
        for number in range(WORKERS)
    ]
    for process in workers:
        process.start()
    reported = [results.get(timeout=600) for _ in workers]
    for process in workers:
        process.join(timeout=60)
        assert process.exitcode == 0
    with Project.open(shared_project, read_only=True) as project:
        for number, expected, errors, refused in sorted(reported):
            assert errors == []
            assert refused < EDITS // 20  # a refused undo is rare, and it changed nothing
            found = sorted(
                (span.document_id, span.start, span.end, span.label)
                for doc in project.document_ids()
                for span in project.annotations(doc, layer=f"annotator{number}").spans
            )
            assert found == [tuple(key) for key in expected], f"annotator{number}"
        assert integrity.check_project(project) == []
        assert project.annotators() == [f"annotator{n}" for n in range(WORKERS)]


def test_an_edit_on_a_stale_view_of_the_gold_is_refused(shared_project: str) -> None:
    with Project.open(shared_project) as alice, Project.open(shared_project) as bob:
        alice.annotator, bob.annotator = "alice", "bob"
        alice.use_layer("gold")
        bob.use_layer("gold")
        doc = alice.document_ids()[0]
        add = AddSpan(doc, 0, 4, "PER")
        alice.apply(add)
        span = alice.annotations(doc).spans[0]
        assert bob.annotations(doc).spans == (span,)  # both look at the same span

        alice.apply(RelabelSpan(span.id, "ORG"))
        with pytest.raises(ConflictError, match="since you last looked"):
            bob.apply(RelabelSpan(span.id, "LOC"))
        assert [s.label for s in alice.annotations(doc).spans] == ["ORG"]  # hers is kept

        # Bob looks again (a refresh), and then he may change it.
        assert [s.label for s in bob.annotations(doc).spans] == ["ORG"]
        bob.apply(RelabelSpan(span.id, "LOC"))
        assert [s.label for s in alice.annotations(doc).spans] == ["LOC"]

        # Adding never conflicts: it changes nothing anyone looked at.
        alice.apply(AddSpan(doc, 5, 9, "PER"))
        bob.apply(AddSpan(doc, 10, 14, "PER"))
        assert len(alice.annotations(doc).spans) == 3


def test_an_undo_over_someone_elses_change_is_refused(shared_project: str) -> None:
    with Project.open(shared_project) as alice, Project.open(shared_project) as bob:
        alice.use_layer("gold")
        bob.use_layer("gold")
        doc = alice.document_ids()[0]
        add = AddSpan(doc, 0, 4, "PER")
        alice.apply(add)
        span = bob.annotations(doc).spans[0]
        bob.apply(RelabelSpan(span.id, "ORG"))
        with pytest.raises(ConflictError, match=r"cannot undo .*changed by someone else"):
            alice.revert(add)
        assert [s.label for s in bob.annotations(doc).spans] == ["ORG"]
        bob.apply(DeleteSpan(span.id))
        with pytest.raises(EditError, match="there is no span"):
            alice.apply(RelabelSpan(span.id, "LOC"))  # deleted meanwhile: refused too
        assert alice.annotations(doc).spans == ()


def test_an_edit_running_into_a_concurrent_one_is_run_again(shared_project: str) -> None:
    """Two connections writing the same rows at the same moment: the server rolls one
    back (a serialization failure) and the project runs it again, unseen by the user."""
    with Project.open(shared_project) as alice, Project.open(shared_project) as bob:
        alice.use_layer("gold")
        bob.use_layer("gold")
        doc = alice.document_ids()[0]
        bob_add = AddSpan(doc, 5, 9, "ORG")
        original = bob.db.atomic
        interleaved = []

        def atomic_with_alice_in_between() -> Any:
            # Alice commits while Bob's transaction is open, on the same revision row.
            manager = original()
            manager.__enter__()
            if not interleaved:
                interleaved.append(True)
                bob.db.execute("SELECT revision FROM revisions")  # Bob's snapshot starts
                alice.apply(AddSpan(doc, 0, 4, "PER"))
            return manager

        class Manager:
            def __enter__(self) -> Any:
                self.inner = atomic_with_alice_in_between()
                return bob.db

            def __exit__(self, *exc: Any) -> Any:
                return self.inner.__exit__(*exc)

        bob.db.atomic = Manager  # type: ignore[method-assign]
        bob.apply(bob_add)
        assert interleaved
        bob.db.atomic = original  # type: ignore[method-assign]
        labels = sorted(s.label for s in alice.annotations(doc).spans)
        assert labels == ["ORG", "PER"]


def test_two_adds_in_one_document_at_once_take_different_uids_first_time(
    shared_project: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each layer adds in the same document while the other's add is not yet committed.
    Both snapshots hold the same highest uid; the second add used to take the same next
    one, fail on the unique key when the first committed, and run again (and under four
    writers it could fail twenty times). Now it waits for the first, and runs once."""
    import threading

    from annotator.core import project as project_module

    monkeypatch.setattr(project_module, "_RETRIES", 1)  # no second run to hide a race
    with Project.open(shared_project) as alice, Project.open(shared_project) as bob:
        alice.annotator, bob.annotator = "alice", "bob"
        doc = alice.document_ids()[0]
        outcome: list[object] = []

        def bob_adds() -> None:
            try:
                outcome.append(bob.apply(AddSpan(doc, 10, 14, "ORG")))
            except Exception as exc:  # reported below
                outcome.append(exc)

        with alice.db.atomic():  # alice's add stays uncommitted until this block ends
            alice.apply(AddSpan(doc, 0, 4, "PER"))
            racer = threading.Thread(target=bob_adds)
            racer.start()
            racer.join(timeout=1.0)
            assert racer.is_alive(), outcome  # bob waits for alice's uid to be committed
        racer.join(timeout=30)
        assert not racer.is_alive()
        assert not isinstance(outcome[0], Exception), outcome[0]
        uids = {
            span.uid
            for layer in ("alice", "bob")
            for span in alice.annotations(doc, layer=layer).spans
        }
        assert uids == {"T1", "T2"}
