"""The store's failures named by their cause: damage, permissions, a full disk, a held lock;
retries on a lock; long jobs in batches; answer times taken inside the write transaction."""

from __future__ import annotations

import errno
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clockkit import Clock
from enginekit import NOON, basic_deck, open_collection, write
from quiz.core.card_state import Rating
from quiz.core.settings import Settings
from quiz.interchange.log_format import LoggedReview
from quiz.interchange.log_transfer import import_reviews
from quiz.storage.faults import (
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreFull,
    StoreUnwritable,
    classify,
)
from quiz.storage.store import BATCH_PAUSE_S, BATCH_ROWS, BUSY_RETRIES, DB_NAME, Store
from quiz.study.scheduler import Scheduler
from storekit import damaged_store, filled_store


def one_line(error: BaseException, path: Path) -> str:
    text = str(error)
    assert str(path) in text and "\n" not in text
    return text


class Pauses:
    """Stands in for time.sleep in the store's retries: counts them and runs `then` at one."""

    def __init__(self, then=None, at: int = 1) -> None:
        self.calls: list[float] = []
        self.then = then
        self.at = at

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if self.then is not None and len(self.calls) == self.at:
            self.then()


def holder(path: Path) -> sqlite3.Connection:
    """Another process's connection, holding the store's write lock."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


# -- busy ---------------------------------------------------------------------------------

def test_a_lock_held_past_the_busy_timeout_is_waited_out(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store.open(data).close()
    other = holder(data / DB_NAME)
    pauses = Pauses(then=lambda: other.execute("COMMIT"), at=2)
    store = Store.open(data, busy_timeout=0.01, pause=pauses)
    try:
        store.record("d", "c0", "h", now=NOON, kind="study", rating=3)
        assert len(pauses.calls) == 2 and pauses.calls[1] == 2 * pauses.calls[0]
        assert len(store.history("d", "c0")) == 1
    finally:
        store.close()
        other.close()


def test_a_lock_never_released_is_one_line_saying_so_and_nothing_is_written(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store.open(data).close()
    other = holder(data / DB_NAME)
    pauses = Pauses()
    store = Store.open(data, busy_timeout=0.01, pause=pauses)
    try:
        with pytest.raises(StoreBusy) as error:
            store.record("d", "c0", "h", now=NOON, kind="study", rating=3)
        assert "locked by another process" in one_line(error.value, data / DB_NAME)
        assert "is damaged" not in str(error.value)
        assert len(pauses.calls) == BUSY_RETRIES
        other.execute("ROLLBACK")
        assert store.review_count() == 0
        store.record("d", "c0", "h", now=NOON, kind="study", rating=3)   # usable again
    finally:
        store.close()
        other.close()


def test_answer_time_is_read_once_the_lock_is_held_so_a_cards_log_stays_in_order(
        tmp_path: Path) -> None:
    """Two sessions answer one card; the first waits for a lock held elsewhere while the
    second answers. The first answer's time is the time it got the lock, not before."""
    write(tmp_path, "d.yaml", basic_deck("d", 1))
    clock = Clock(NOON)
    first, second = open_collection(tmp_path), open_collection(tmp_path)
    other = holder(tmp_path / "home" / DB_NAME)
    late = second.study(second.select(), clock=clock)

    def meanwhile() -> None:
        other.execute("ROLLBACK")
        clock.advance(minutes=5)
        late.answer(Rating.GOOD)

    first.store.close()
    first.store = Store.open(tmp_path / "home", busy_timeout=0.01, pause=Pauses(meanwhile))
    early = first.study(first.select(), clock=clock)
    try:
        early.answer(Rating.AGAIN)
        log = first.store.history("d", "c0")
        assert [entry["rating"] for entry in log] == [3, 1]
        assert log[0]["time"] <= log[1]["time"]
        assert log[1]["state_before"] == log[0]["state_after"]
        assert datetime.fromtimestamp(log[1]["time"] / 1000, UTC) == clock()
    finally:
        for handle in (first, second, other):
            handle.close()


# -- the cause, named -------------------------------------------------------------------

def test_a_read_only_store_or_a_full_disk_is_never_called_damage(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = filled_store(data, reviews=20)
    read_only = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.Error) as raised:
        read_only.execute("DELETE FROM reviews")
    read_only.close()
    fault = classify(raised.value, path)
    assert isinstance(fault, StoreUnwritable)
    assert "is damaged" not in one_line(fault, path) and "restore" not in str(fault)
    for error in (OSError(errno.EACCES, "Permission denied"), OSError(errno.EROFS, "Read-only")):
        assert isinstance(classify(error, path), StoreUnwritable)
    full = classify(OSError(errno.ENOSPC, "No space left on device"), path)
    assert isinstance(full, StoreFull) and "disk is full" in one_line(full, path)

    store = Store.open(data)
    try:
        pages = store.query("PRAGMA page_count")[0][0]
        store._conn.execute(f"PRAGMA max_page_count = {pages}")   # SQLite's SQLITE_FULL
        with pytest.raises(StoreFull) as error:
            with store.transaction():
                for n in range(2000):
                    store.record("d", f"new{n}", "h", now=NOON, kind="manual")
        assert "is damaged" not in one_line(error.value, path)
        assert store.damage is None and store.review_count() == 20   # rolled back, usable
    finally:
        store.close()


@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid") or __import__("os").geteuid() == 0,
                    reason="root may write to read-only files")
def test_a_read_only_directory_is_reported_as_such(tmp_path: Path) -> None:
    data = tmp_path / "data"
    filled_store(data, reviews=5)
    data.chmod(0o555)
    try:
        with pytest.raises(StoreUnwritable) as error:
            store = Store.open(data)
            try:
                store.record("d", "c0", "h", now=NOON, kind="manual")
            finally:
                store.close()
        assert "permission" in one_line(error.value, data / DB_NAME)
    finally:
        data.chmod(0o755)


# -- damage -------------------------------------------------------------------------------

def test_damage_past_the_first_pages_is_found_and_then_nothing_is_written(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = damaged_store(data)
    store = Store.open(data)   # the header and the schema are intact
    try:
        with pytest.raises(StoreDamaged) as error:
            list(store.graded_reviews(("study",)))
        assert "is damaged" in one_line(error.value, path)
        assert "quiz backup" in str(error.value)
        before = path.read_bytes()
        with pytest.raises(StoreDamaged):
            store.set_flags([("d", "c0", "h")], suspended=True)
        with pytest.raises(StoreDamaged):
            store.record("d", "c1", "h", now=NOON, kind="manual")
    finally:
        store.close()
    assert path.read_bytes() == before
    assert not path.with_name(DB_NAME + "-wal").exists() or \
        path.with_name(DB_NAME + "-wal").stat().st_size == 0


def test_verify_finds_damage_before_any_write(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = damaged_store(data)
    before = path.read_bytes()
    store = Store.open(data)
    try:
        with pytest.raises(StoreDamaged):
            store.verify()
        with pytest.raises(StoreDamaged):
            store.set_flags([("d", "c0", "h")], suspended=True)
    finally:
        store.close()
    assert path.read_bytes() == before
    sound = tmp_path / "sound"
    filled_store(sound, reviews=50)
    store = Store.open(sound)
    try:
        store.verify()
    finally:
        store.close()


@pytest.mark.parametrize("version", [-1, -2**31])
def test_a_store_version_no_quiz_writes_is_one_line_not_an_internal_error(
        tmp_path: Path, version: int) -> None:
    data = tmp_path / "data"
    path = filled_store(data, reviews=5)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as error:
        Store.open(data)
    assert "no quiz writes" in one_line(error.value, path)
    assert path.read_bytes() == before


def test_an_unreadable_stored_state_is_damage_not_an_internal_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = filled_store(data, reviews=5)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE cards SET phase = 9 WHERE card = 'c0'")
    conn.execute("UPDATE reviews SET state_after = 'not json' WHERE id = 2")
    conn.commit()
    conn.close()
    store = Store.open(data)
    try:
        with pytest.raises(StoreDamaged) as error:
            store.state_of("d", "c0")
        one_line(error.value, path)
        with pytest.raises(StoreDamaged):
            store.rebuild_states()
    finally:
        store.close()


def test_cli_commands_report_damage_in_one_line_and_suspend_writes_nothing(
        run_quiz, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 5))     # d/c5 … d/c9 are orphans
    path = damaged_store(tmp_path / "home")
    before = path.read_bytes()
    log = tmp_path / "log.csv"
    log.write_text("card_id,review_time,review_rating\n1,2026-01-01T00:00:00Z,3\n",
                   encoding="utf-8")
    for args in (["suspend", "d"], ["reset", "d/c0"], ["orphans", "--prune", "--yes"],
                 ["log", "import", str(log)], ["log", "export"]):
        result = run_quiz(*args, "--decks", str(tmp_path / "decks"))
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.count("\n") == 1, result.stderr
        assert "is damaged" in result.stderr and "internal error" not in result.stderr
        assert path.read_bytes() == before


# -- long jobs in batches ------------------------------------------------------------------

def _log(reviews: int, card_id: int = 42, start: datetime = NOON) -> list[LoggedReview]:
    return [LoggedReview(card_id, start + timedelta(hours=n), 1 + n % 4, 1000)
            for n in range(reviews)]


def test_a_long_import_leaves_gaps_in_which_another_writer_gets_through(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = Store.open(data)
    other = sqlite3.connect(data / DB_NAME, timeout=0, isolation_level=None)
    got_through = []

    def another_writer(count: int) -> None:
        other.execute("BEGIN IMMEDIATE")   # timeout 0: fails at once unless the lock is free
        other.execute("PRAGMA user_version")
        other.execute("COMMIT")
        got_through.append(count)

    reviews = 3 * BATCH_ROWS + 7
    try:
        result = import_reviews(store, Scheduler(Settings(fuzz=False)), _log(reviews),
                                "import-big", advance=another_writer)
        assert (result.added, result.present, result.older) == (reviews, 0, 0)
        assert len(got_through) >= 4 and sum(got_through) == reviews
        log = store.history("import-big", "42")
        assert len(log) == reviews
        assert all(a["state_after"] == b["state_before"] for a, b in zip(log, log[1:]))
    finally:
        other.close()
        store.close()


def test_an_import_sees_what_another_process_logged_between_its_batches(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    store, elsewhere = Store.open(data), Store.open(data)
    reviews = _log(2 * BATCH_ROWS)
    later = reviews[-1].review_time + timedelta(days=1)

    def log_a_later_review(count: int) -> None:
        if elsewhere.review_count() == count:   # after the first batch only
            elsewhere.record("import-big", "42", "", now=later, kind="import", rating=3)

    try:
        result = import_reviews(store, Scheduler(Settings(fuzz=False)), reviews, "import-big",
                                advance=log_a_later_review)
        assert result.added == BATCH_ROWS and result.older == BATCH_ROWS
        times = [entry["time"] for entry in store.history("import-big", "42")]
        assert times == sorted(times) and len(times) == BATCH_ROWS + 1
    finally:
        store.close()
        elsewhere.close()


def test_suspending_and_pruning_many_cards_commit_in_batches_with_pauses_between(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    pauses = Pauses()
    store = Store.open(data, pause=pauses)
    keys = [("d", f"c{n}", "h") for n in range(2 * BATCH_ROWS + 1)]
    commits = []
    try:
        store._conn.set_trace_callback(lambda sql: sql == "COMMIT" and commits.append(sql))
        assert store.set_flags(keys, suspended=True) == len(keys)
        assert len(commits) == 3 and pauses.calls == [BATCH_PAUSE_S] * 2
        commits.clear()
        assert store.prune((deck, card) for deck, card, _ in keys) == len(keys)
        assert len(commits) == 3 and len(pauses.calls) == 4
        assert store.card_rows() == {}
    finally:
        store.close()
