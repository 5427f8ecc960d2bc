"""`quiz backup` (a consistent copy, taken while others write) and `quiz doctor` (what is wrong
with a store, and what to do), as real commands and through their domain functions."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from enginekit import NOON
from quiz.storage.backup import backup_store
from quiz.storage.doctor import diagnose
from quiz.storage.faults import StoreDamaged
from quiz.storage.store import DB_NAME, Store
from storekit import damaged_store, filled_store


def reviews_in(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        return [row[0] for row in conn.execute("SELECT id FROM reviews ORDER BY id")]
    finally:
        conn.close()


# -- backup --------------------------------------------------------------------------------

def test_a_backup_taken_while_another_process_writes_holds_every_committed_review(
        tmp_path: Path) -> None:
    data = tmp_path / "home"
    filled_store(data, reviews=300)
    writer = Store.open(data)
    committed = [300]
    started = threading.Event()
    stop = threading.Event()

    def write() -> None:
        n = 0
        while not stop.is_set():
            writer.record("d", f"w{n % 50}", "h", now=NOON + timedelta(hours=n), kind="study",
                          rating=3)
            committed.append(committed[-1] + 1)
            n += 1
            if n == 20:
                started.set()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        assert started.wait(30)
        before = committed[-1]
        target = backup_store(data / DB_NAME, tmp_path / "copies" / "b.db")
        after = committed[-1]
    finally:
        stop.set()
        thread.join()
        writer.close()
    ids = reviews_in(target)
    # One consistent snapshot: every review committed before the backup began, and the first
    # reviews committed during it, none missing in between.
    assert before <= len(ids) <= after
    assert ids == list(range(1, len(ids) + 1))
    restored = tmp_path / "restored"
    restored.mkdir()
    target.rename(restored / DB_NAME)
    store = Store.open(restored)
    try:
        assert store.review_count() == len(ids)
        assert store.rebuild_states() == store.stored_states()
    finally:
        store.close()
    assert not [p for p in (tmp_path / "copies").iterdir()]   # no temporary file left


def test_backup_command_default_name_refusal_force_and_directory(run_quiz, tmp_path: Path
                                                                 ) -> None:
    data = tmp_path / "home"
    assert run_quiz("backup").returncode == 1                 # no store yet: nothing to copy
    filled_store(data, reviews=40)
    first = run_quiz("backup")
    assert first.returncode == 0, first.stderr
    written = Path(first.stdout.strip())
    assert written.parent == data
    assert re.fullmatch(r"quiz-backup-\d{8}-\d{6}(-\d+)?\.db", written.name)
    assert len(reviews_in(written)) == 40
    second = run_quiz("backup")                               # same second: a new name
    assert Path(second.stdout.strip()) != written and Path(second.stdout.strip()).exists()

    mine = tmp_path / "mine.db"
    mine.write_bytes(b"precious")
    refused = run_quiz("backup", str(mine))
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "--force" in refused.stderr and mine.read_bytes() == b"precious"
    forced = run_quiz("backup", str(mine), "--force")
    assert forced.returncode == 0 and forced.stdout.strip() == str(mine)
    assert len(reviews_in(mine)) == 40

    folder = tmp_path / "folder"
    folder.mkdir()
    into = run_quiz("backup", str(folder))
    assert into.returncode == 0
    assert Path(into.stdout.strip()).parent == folder
    assert [p.name for p in folder.iterdir()] == [Path(into.stdout.strip()).name]


def test_a_damaged_store_is_not_backed_up(tmp_path: Path) -> None:
    path = damaged_store(tmp_path / "home")
    target = tmp_path / "copy.db"
    with pytest.raises(StoreDamaged) as error:
        backup_store(path, target)
    assert str(path) in str(error.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="POSIX permissions and syncs")
def test_a_backup_is_written_as_every_file_is(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Through `replacing`: synced, then named, then its directory synced; a forced backup
    over a private file keeps it private; nothing is left beside it."""
    path = filled_store(tmp_path / "home", reviews=5)
    target = tmp_path / "out" / "copy.db"
    target.parent.mkdir()
    target.write_bytes(b"old")
    target.chmod(0o600)
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(handle: int) -> None:
        synced.append("directory" if stat.S_ISDIR(os.fstat(handle).st_mode) else "file")
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", fsync)
    assert backup_store(path, target, force=True) == target
    assert synced[-2:] == ["file", "directory"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(reviews_in(target)) == 5
    assert [p.name for p in target.parent.iterdir()] == ["copy.db"]


def test_a_backup_restored_in_place_is_a_working_store(run_quiz, tmp_path: Path) -> None:
    data = tmp_path / "home"
    filled_store(data, reviews=25)
    copy = Path(run_quiz("backup").stdout.strip())
    (data / DB_NAME).unlink()
    copy.rename(data / DB_NAME)
    assert run_quiz("doctor").returncode == 0
    store = Store.open(data)
    try:
        assert store.review_count() == 25
    finally:
        store.close()


# -- doctor --------------------------------------------------------------------------------

def test_doctor_on_a_sound_store_and_on_none(run_quiz, tmp_path: Path) -> None:
    missing = run_quiz("doctor")
    assert missing.returncode == 0
    assert not (tmp_path / "home").exists()                   # it creates nothing
    filled_store(tmp_path / "home", reviews=12)
    sound = run_quiz("doctor")
    assert sound.returncode == 0, sound.stdout
    assert sound.stdout.startswith(f"{tmp_path / 'home' / DB_NAME}: sound (store version 3, "
                                   f"12 log entries of 10 cards")


def test_doctor_finds_a_damaged_page_and_names_the_newest_backup(run_quiz, tmp_path: Path
                                                                 ) -> None:
    data = tmp_path / "home"
    path = damaged_store(data)
    before = path.read_bytes()
    (data / "quiz-backup-20260101-000000.db").write_bytes(b"")
    result = run_quiz("doctor")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: damaged"
    assert "what to do:" in lines
    assert any("quiz-backup-20260101-000000.db" in line for line in lines)
    assert path.read_bytes() == before
    # And as a function, with no backup beside it: how to start again.
    (data / "quiz-backup-20260101-000000.db").unlink()
    diagnosis = diagnose(data)
    assert diagnosis.verdict == "damaged" and not diagnosis.healthy
    assert any("no backup" in step for step in diagnosis.advice)


@pytest.mark.parametrize("change, words", [
    ("PRAGMA user_version = -1", "store version -1"),
    ("DROP TABLE review_buckets", "lacks review_buckets"),
    ("DROP INDEX reviews_card", "lacks reviews_card"),
    ("PRAGMA foreign_keys = OFF; INSERT INTO reviews (card, time, kind, content_hash, "
     "phase_before) VALUES (999, 0, 'manual', '', 0)", "foreign keys"),
])
def test_doctor_names_what_quiz_needs_and_is_missing(tmp_path: Path, change: str, words: str
                                                     ) -> None:
    data = tmp_path / "home"
    path = filled_store(data, reviews=5)
    conn = sqlite3.connect(path)
    conn.executescript(change)
    conn.close()
    diagnosis = diagnose(data)
    assert diagnosis.verdict == "damaged", diagnosis
    assert any(words in problem for problem in diagnosis.problems), diagnosis.problems


def test_doctor_on_files_that_are_not_quiz_stores(tmp_path: Path) -> None:
    data = tmp_path / "home"
    data.mkdir()
    (data / DB_NAME).write_bytes(b"not a database at all\n" * 100)
    assert diagnose(data).verdict == "damaged"
    (data / DB_NAME).unlink()
    conn = sqlite3.connect(data / DB_NAME)
    conn.execute("CREATE TABLE notes (x)")
    conn.close()
    foreign = diagnose(data)
    assert foreign.verdict == "unusable" and "not a quiz store" in foreign.problems[0]
    (data / DB_NAME).unlink()
    conn = sqlite3.connect(data / DB_NAME)
    conn.execute("PRAGMA user_version = 99")
    conn.execute("CREATE TABLE cards (x)")
    conn.close()
    newer = diagnose(data)
    assert newer.verdict == "unusable" and "newer quiz" in newer.problems[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to read-only files")
def test_doctor_says_a_read_only_store_cannot_take_answers_and_is_not_damaged(
        tmp_path: Path) -> None:
    data = tmp_path / "home"
    filled_store(data, reviews=5)
    data.chmod(0o555)
    try:
        diagnosis = diagnose(data)
    finally:
        data.chmod(0o755)
    assert diagnosis.verdict == "unusable"
    assert "read-only" in diagnosis.problems[0] and "sound" in diagnosis.advice[0]
