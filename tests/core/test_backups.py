"""Automatic rotating backups (SQLite's backup API) and restoring one."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from annotator.core.errors import Cancelled, ProjectError
from annotator.core.maintenance import backups
from annotator.core.maintenance.backups import BackupError, list_backups, make_backup, restore
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project
from annotator.core.services import paths
from annotator.core.services.settings import BackupSettings, Settings

KEEP_3 = Settings(backups=BackupSettings(keep=3))


def _project(path: Path, *texts: str) -> Path:
    with Project.create(path) as project:
        if texts:
            project.import_records([DocumentRecord(text=t) for t in texts])
    return path


def _add(path: Path, *texts: str) -> None:
    with Project.open(path) as project:
        project.import_records([DocumentRecord(text=t) for t in texts])


def _texts(path: Path) -> list[str]:
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return sorted(text for (text,) in connection.execute("SELECT text FROM texts"))
    finally:
        connection.close()


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        result: str = connection.execute("PRAGMA integrity_check").fetchone()[0]
        return result
    finally:
        connection.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- making and rotating -----------------------------------------------------------
def test_backups_are_made_in_the_data_dir_and_rotated(tmp_path: Path) -> None:
    path = _project(tmp_path / "news.annot", "first")
    made = []
    for n in range(5):
        _add(path, f"text {n}")
        backup = make_backup(path, KEEP_3)
        assert backup is not None and backup.parent == backups.backup_folder(path, KEEP_3)
        made.append(backup)
    assert len(set(made)) == 5
    assert made[0].is_relative_to(paths.data_dir() / "backups")
    assert [b.path for b in list_backups(path, KEEP_3)] == made[:1:-1]  # the 3 newest
    assert not any(p.exists() for p in made[:2])
    newest = list_backups(path, KEEP_3)[0]
    assert newest.reason == "open" and newest.documents == 6 == len(_texts(newest.path))
    assert newest.size == newest.path.stat().st_size
    assert _integrity(newest.path) == "ok"


def test_a_backup_is_one_self_contained_file(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    backup = make_backup(path, KEEP_3)
    assert backup is not None
    connection = sqlite3.connect(backup)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()
    names = {p.name for p in backup.parent.iterdir()}
    assert names == {backup.name, "backups.json", ".lock"}  # no temporary left over


def test_an_unchanged_project_is_not_backed_up_again(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    assert make_backup(path, KEEP_3) is not None
    assert make_backup(path, KEEP_3) is None
    # Opening and closing without an edit changes the files, not the pages.
    Project.open(path).close()
    assert make_backup(path, KEEP_3) is None
    _add(path, "two")
    assert make_backup(path, KEEP_3) is not None
    assert len(list_backups(path, KEEP_3)) == 2


def test_a_settled_fingerprint_skips_without_reading_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backups, "RACY_SECONDS", 0)  # the files' times count as settled
    path = _project(tmp_path / "p.annot", "one")
    assert make_backup(path, KEEP_3) is not None
    real_copy = backups._copy

    def no_copy(*args: object, **kwargs: object) -> int:
        raise AssertionError("the project was read")

    monkeypatch.setattr(backups, "_copy", no_copy)
    assert make_backup(path, KEEP_3) is None
    _add(path, "two")  # changes the file and its -wal: the fingerprint differs
    with pytest.raises(AssertionError, match="was read"):
        make_backup(path, KEEP_3)
    monkeypatch.setattr(backups, "_copy", real_copy)
    assert make_backup(path, KEEP_3) is not None


def test_a_racy_fingerprint_is_not_trusted(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")  # written just now
    assert backups._fingerprint(path) is None


def test_no_backup_when_keep_is_zero(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    off = Settings(backups=BackupSettings(keep=0))
    assert make_backup(path, off) is None
    assert not backups.backup_folder(path, off).exists()


def test_the_folder_setting_is_used(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    chosen = Settings(backups=BackupSettings(keep=2, folder=str(tmp_path / "elsewhere")))
    backup = make_backup(path, chosen)
    assert backup is not None and backup.is_relative_to(tmp_path / "elsewhere")


def test_the_settings_file_is_read_when_no_settings_are_given(tmp_path: Path) -> None:
    settings_file = paths.config_dir() / "settings.toml"
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text("[backups]\nkeep = 0\n", encoding="utf-8")
    path = _project(tmp_path / "p.annot", "one")
    assert make_backup(path) is None


def test_the_project_file_is_never_written(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one", "two")
    before = _sha(path)
    assert make_backup(path, KEEP_3) is not None
    assert _sha(path) == before
    with Project.open(path) as project:  # and while it is open, with edits in its -wal
        project.import_records([DocumentRecord(text="three")])
        before = _sha(path)
        assert make_backup(path, KEEP_3) is not None
        assert _sha(path) == before


def test_same_name_projects_in_two_folders_do_not_mix(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _project(tmp_path / "a" / "news.annot", "from a")
    second = _project(tmp_path / "b" / "news.annot", "from b")
    assert backups.backup_folder(first, KEEP_3) != backups.backup_folder(second, KEEP_3)
    assert backups.backup_folder(first, KEEP_3).name.startswith("news-")
    make_backup(first, KEEP_3)
    make_backup(second, KEEP_3)
    (a,) = list_backups(first, KEEP_3)
    (b,) = list_backups(second, KEEP_3)
    assert _texts(a.path) == ["from a"] and _texts(b.path) == ["from b"]


def test_names_are_unique_within_a_second_and_listed_newest_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> FrozenClock:
            return cls(2026, 3, 1, 9, 30, 5, tzinfo=UTC)

    monkeypatch.setattr(backups, "datetime", FrozenClock)
    path = _project(tmp_path / "p.annot", "0")
    made = []
    for n in range(3):
        _add(path, f"text {n}")
        backup = make_backup(path, KEEP_3, reason="open" if n != 1 else "manual")
        assert backup is not None
        made.append(backup.name)
    assert made == [
        "20260301-093005-open.annot",
        "20260301-093005-manual-2.annot",
        "20260301-093005-open-3.annot",
    ]
    infos = list_backups(path, KEEP_3)
    assert [i.path.name for i in infos] == made[::-1]
    assert [i.reason for i in infos] == ["open", "manual", "open"]
    assert infos[0].time == datetime(2026, 3, 1, 9, 30, 5, tzinfo=UTC)
    assert [i.documents for i in infos] == [4, 3, 2]


def test_a_reason_is_lowercase_words(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    with pytest.raises(ValueError, match="reason"):
        make_backup(path, KEEP_3, reason="Open 2")


def test_progress_is_reported_and_cancelling_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backups, "STEP_PAGES", 2)
    path = _project(tmp_path / "p.annot", *[f"article {n} " * 200 for n in range(20)])
    seen: list[tuple[int, int]] = []
    assert make_backup(path, KEEP_3, progress=lambda d, t: seen.append((d, t))) is not None
    assert len(seen) > 3 and seen[-1][0] == seen[-1][1] and seen[0][0] < seen[0][1]

    def cancel(done: int, total: int) -> None:
        raise Cancelled("stop")

    _add(path, "more")
    with pytest.raises(Cancelled):
        make_backup(path, KEEP_3, progress=cancel)
    folder = backups.backup_folder(path, KEEP_3)
    assert len(list_backups(path, KEEP_3)) == 1
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp")]


def test_a_damaged_project_is_reported_not_backed_up(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    path.write_bytes(os.urandom(8192))
    with pytest.raises(ProjectError, match="not an Annotator project"):
        make_backup(path, KEEP_3)
    with pytest.raises(ProjectError, match="no such project"):
        make_backup(tmp_path / "missing.annot", KEEP_3)


# -- while another connection writes ----------------------------------------------
def _writer(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA busy_timeout = 5000")
    return connection


def test_a_backup_is_consistent_while_another_connection_commits_between_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backups, "STEP_PAGES", 2)
    path = _project(tmp_path / "p.annot", *[f"article {n} " * 300 for n in range(30)])
    writer = _writer(path)
    committed = []

    def write_between_steps(done: int, total: int) -> None:
        n = len(committed)
        writer.execute("INSERT INTO project (key, value) VALUES (?, ?)", (f"k{n}", "x" * 3000))
        committed.append(n)

    backup = make_backup(path, KEEP_3, progress=write_between_steps)
    writer.close()
    assert backup is not None and len(committed) > 10
    assert _integrity(backup) == "ok"
    connection = sqlite3.connect(backup)
    # One snapshot: the state when the copy began, none of the writes made during it.
    assert connection.execute("SELECT count(*) FROM project WHERE key LIKE 'k%'").fetchone() == (0,)
    connection.close()


def test_a_backup_is_consistent_while_a_thread_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backups, "STEP_PAGES", 1)
    path = _project(tmp_path / "p.annot", *[f"article {n} " * 300 for n in range(40)])
    writer = _writer(path)
    stop = threading.Event()
    written = [0]

    def keep_writing() -> None:
        while not stop.is_set():
            writer.execute(
                "INSERT INTO project (key, value) VALUES (?, ?)", (f"t{written[0]}", "y" * 2000)
            )
            written[0] += 1

    thread = threading.Thread(target=keep_writing)
    thread.start()
    during: list[int] = []

    def let_it_write(done: int, total: int) -> None:
        # Steps are short: wait until the writer has committed again, a few times.
        seen = written[0]
        deadline = time.monotonic() + 5
        while len(during) < 5 and written[0] == seen and time.monotonic() < deadline:
            time.sleep(0.001)
        during.append(written[0])

    try:
        backup = make_backup(path, KEEP_3, progress=let_it_write)
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert backup is not None and _integrity(backup) == "ok"
    assert during[-1] > during[0]  # the writer did commit while the copy ran
    assert len(_texts(backup)) == 40


def test_a_backup_while_the_project_is_open_keeps_its_recent_edits(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    with Project.open(path) as project:
        project.import_records([DocumentRecord(text="only in the wal so far")])
        assert Path(str(path) + "-wal").stat().st_size > 0
        backup = make_backup(path, KEEP_3)
        assert backup is not None
        project.import_records([DocumentRecord(text="after")])
    assert _texts(backup) == ["one", "only in the wal so far"]


@contextmanager
def _read_only_folder(folder: Path) -> Iterator[None]:
    folder.chmod(0o555)
    probe = folder / ".probe"
    try:
        try:
            probe.touch()
        except PermissionError:
            yield
            return
        probe.unlink()  # root ignores permissions: try the immutable attribute
        if shutil.which("chattr") is None:
            pytest.skip("cannot make a folder read-only here")
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
            pytest.skip("cannot make a folder read-only here")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    finally:
        folder.chmod(0o755)


def test_a_project_in_a_read_only_folder_is_backed_up(tmp_path: Path) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir()
    path = _project(folder / "p.annot", "one", "two")
    for companion in folder.iterdir():
        if companion != path:
            companion.unlink()
    before = _sha(path)
    with _read_only_folder(folder):
        backup = make_backup(path, KEEP_3)
        assert sorted(p.name for p in folder.iterdir()) == ["p.annot"]
    assert backup is not None and _texts(backup) == ["one", "two"]
    assert _sha(path) == before


# -- restoring ---------------------------------------------------------------------
def test_restore_puts_the_newest_backup_back_and_saves_the_current_state(
    tmp_path: Path,
) -> None:
    path = _project(tmp_path / "p.annot", "one")
    make_backup(path, KEEP_3)
    _add(path, "two")
    newest = make_backup(path, KEEP_3)
    _add(path, "three (not backed up yet)")
    restored = restore(path, settings=KEEP_3)
    assert restored.backup == newest and restored.damaged is None
    assert _texts(path) == ["one", "two"]
    assert restored.previous is not None and "before-restore" in restored.previous.name
    assert _texts(restored.previous) == ["one", "three (not backed up yet)", "two"]
    assert list_backups(path, KEEP_3)[0].path == restored.previous
    with Project.open(path) as project:  # a working project again, in WAL mode
        assert project.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        project.import_records([DocumentRecord(text="four")])
    assert _integrity(path) == "ok"


def test_restore_a_given_backup(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    oldest = make_backup(path, KEEP_3)
    _add(path, "two")
    make_backup(path, KEEP_3)
    _add(path, "three")
    make_backup(path, KEEP_3)
    assert oldest is not None
    restored = restore(path, oldest, KEEP_3)
    assert _texts(path) == ["one"] == _texts(oldest)
    assert oldest.exists()  # not rotated away by the safety backup
    # The state before the restore was the newest backup: it is not copied again.
    assert restored.previous == list_backups(path, KEEP_3)[0].path
    assert _texts(restored.previous) == ["one", "three", "two"]


def test_restore_keeps_the_file_mode(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    make_backup(path, KEEP_3)
    path.chmod(0o640)
    restore(path, settings=KEEP_3)
    assert path.stat().st_mode & 0o777 == 0o640


def test_restore_with_backups_off_still_saves_the_current_state(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    backup = make_backup(path, KEEP_3)
    _add(path, "two")
    off = Settings(backups=BackupSettings(keep=0))
    restored = restore(path, backup, off)
    assert restored.previous is not None and _texts(restored.previous) == ["one", "two"]
    assert _texts(path) == ["one"]


def test_restore_without_backups_is_refused(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    with pytest.raises(BackupError, match="no backups"):
        restore(path, settings=KEEP_3)
    with pytest.raises(BackupError, match="no such backup"):
        restore(path, tmp_path / "nothing.annot", KEEP_3)


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", *[f"article {n} " * 300 for n in range(20)])
    backup = make_backup(path, KEEP_3)
    assert backup is not None
    damaged = tmp_path / "copy.annot"
    data = backup.read_bytes()
    damaged.write_bytes(data[: len(data) // 2])
    before = _sha(path)
    with pytest.raises(BackupError, match="damaged"):
        restore(path, damaged, KEEP_3)
    assert _sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    damaged.write_bytes(b"not a project at all" * 10)
    with pytest.raises(BackupError, match="not a usable backup"):
        restore(path, damaged, KEEP_3)


def test_restore_refuses_a_backup_of_another_project(tmp_path: Path) -> None:
    mine = _project(tmp_path / "mine.annot", "mine")
    other = _project(tmp_path / "other.annot", "other")
    make_backup(mine, KEEP_3)
    theirs = make_backup(other, KEEP_3)
    assert theirs is not None
    with pytest.raises(BackupError, match="not of"):
        restore(mine, theirs, KEEP_3)
    assert _texts(mine) == ["mine"]
    # A backup file copied out of any backup folder is the user's explicit choice.
    loose = tmp_path / "loose.annot"
    shutil.copy(theirs, loose)
    restore(mine, loose, KEEP_3)
    assert _texts(mine) == ["other"]


def test_restore_a_moved_project_from_its_old_backups(tmp_path: Path) -> None:
    old = _project(tmp_path / "old.annot", "one")
    backup = make_backup(old, KEEP_3)
    assert backup is not None
    new = old.rename(tmp_path / "new.annot")
    restore(new, backup, KEEP_3)
    assert _texts(new) == ["one"]


def test_restore_over_a_damaged_project_moves_it_aside(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    make_backup(path, KEEP_3)
    garbage = os.urandom(20000)
    path.write_bytes(garbage)
    restored = restore(path, settings=KEEP_3)
    assert restored.previous is None and restored.damaged is not None
    assert restored.damaged.name.startswith("p.annot.damaged-")
    assert restored.damaged.read_bytes() == garbage
    assert _texts(path) == ["one"] and _integrity(path) == "ok"


def test_restore_when_the_project_file_is_gone(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    make_backup(path, KEEP_3)
    path.unlink()
    restored = restore(path, settings=KEEP_3)
    assert restored.previous is None and restored.damaged is None
    assert _texts(path) == ["one"]


def test_a_crash_left_wal_is_not_applied_to_the_restored_file(tmp_path: Path) -> None:
    crashed = _project(tmp_path / "p.annot", "one")
    backup = make_backup(crashed, KEEP_3)
    assert backup is not None
    # A session killed with an edit only in its -wal: copy the pair while it is open,
    # and put the copies back once it has closed.
    live = _writer(crashed)
    live.execute("PRAGMA wal_autocheckpoint = 0")
    live.execute("INSERT INTO project (key, value) VALUES ('crash', 'edit')")
    (tmp_path / "saved").mkdir()
    for name in ("p.annot", "p.annot-wal"):
        shutil.copy(tmp_path / name, tmp_path / "saved" / name)
    live.close()
    for name in ("p.annot", "p.annot-wal"):
        shutil.copy(tmp_path / "saved" / name, tmp_path / name)
    assert Path(f"{crashed}-wal").stat().st_size > 0
    restored = restore(crashed, backup, KEEP_3)
    assert not Path(f"{crashed}-wal").exists()
    assert _integrity(crashed) == "ok" and _texts(crashed) == ["one"]
    connection = sqlite3.connect(crashed)
    assert connection.execute("SELECT count(*) FROM project WHERE key = 'crash'").fetchone() == (0,)
    connection.close()
    # ...while the safety backup kept that last edit.
    assert restored.previous is not None
    connection = sqlite3.connect(restored.previous)
    assert connection.execute("SELECT value FROM project WHERE key = 'crash'").fetchone() == (
        "edit",
    )
    connection.close()


def test_restore_refuses_a_project_open_elsewhere(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    make_backup(path, KEEP_3)
    _add(path, "two")
    live = _writer(path)
    live.execute("SELECT count(*) FROM documents").fetchone()  # holds the WAL open
    with pytest.raises(BackupError, match="open in another program"):
        restore(path, settings=KEEP_3)
    live.close()
    assert _texts(path) == ["one", "two"]
    assert not [p for p in tmp_path.iterdir() if ".restoring-" in p.name]


def test_restore_uses_the_lock_hook(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annot", "one")
    make_backup(path, KEEP_3)
    _add(path, "two")
    calls: list[Path] = []

    @contextmanager
    def locked(project: Path) -> Iterator[None]:
        calls.append(project)
        raise ProjectError(f"{project}: already open in another Annotator")
        yield

    with pytest.raises(ProjectError, match="already open"):
        restore(path, settings=KEEP_3, lock=locked)
    assert calls == [path] and _texts(path) == ["one", "two"]

    held = []

    @contextmanager
    def free(project: Path) -> Iterator[None]:
        held.append("in")
        yield
        held.append("out")

    restore(path, settings=KEEP_3, lock=free)
    assert held == ["in", "out"] and _texts(path) == ["one"]
