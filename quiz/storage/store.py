"""The review store: one SQLite file, `quiz.db`, in the data directory.

Each card's scheduling state is kept by (deck slug, card id), with the hash of its content as last
answered; an append-only log records every answer and every manual change of schedule with the
state before and after, so every card's state can be rebuilt from the log alone. Every write is
one `BEGIN IMMEDIATE` transaction that reads what it changes, so two processes on one store
lose nothing; WAL mode keeps readers out of the writer's way. A transaction that finds the lock
taken waits (SQLite's busy timeout), then tries again a few times after growing pauses, and long
jobs commit in batches, so another process's write is never refused for being busy.

Every SQLite error is reported as its cause (`quiz.storage.faults`); once the store is found
damaged, nothing more is written to it.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple, TypeVar

from quiz.core.card_state import NEW_STATE, CardState, Phase
from quiz.core.clock import from_ms, to_ms, utc
from quiz.core.errors import QuizError
from quiz.core.message import Message
from quiz.core.model import Key
from quiz.storage.faults import (
    StoreDamaged,
    StoreError,
    busy,
    classify,
    damaged,
    is_busy,
)
from quiz.storage.migrations import MIGRATIONS
from quiz.storage.schema import (
    CURRENT_SCHEMA,
    SCHEMA_VERSION,
    rebuild_review_buckets,
    review_buckets_stale,
    statements,
)

DB_NAME = "quiz.db"
BUSY_TIMEOUT_S = 5.0
# After SQLite's own busy wait, a write tries again this many times, pausing first for
# BUSY_PAUSE_S and twice as long each time: about 26 s in all before it reports the lock.
BUSY_RETRIES = 4
BUSY_PAUSE_S = 0.1
# A long job (an import, a prune) commits after this many rows or this long, whichever comes
# first, so that another process waits at most about that long for the lock.
BATCH_ROWS = 500
BATCH_SECONDS = 0.1
# … and then pauses this long before the next batch: SQLite's busy handler polls a held lock
# (every 100 ms at most), so a waiting process needs the lock free for a moment to get it.
BATCH_PAUSE_S = 0.02
WAL_CHECKPOINT_PAGES = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"
# Cards due before the day ends (first and third parameters) and neither suspended nor buried
# at now (second). A bury lasts until the next day starts, so one ending after the day's end was
# made while the clock was set ahead and is ignored.
_DUE = ("phase > 0 AND due < ? AND NOT suspended AND (buried_until IS NULL "
        "OR buried_until <= ? OR buried_until > ?)")
_SEP = "\x1f"   # joins card ids in grouped queries; ids are slugs, so it never occurs in one

_STATE_COLUMNS = "phase, step, stability, difficulty, due, last_review, reps, lapses, leech"

T = TypeVar("T")


class CardRow(NamedTuple):
    """What the queue and the counts need to know about a stored card."""

    id: int
    deck: str
    card: str
    content_hash: str
    phase: int
    due: int | None          # ms UTC
    reps: int
    lapses: int
    leech: int
    suspended: int
    buried_until: int | None  # ms UTC


@dataclass(frozen=True, slots=True)
class QueueState:
    """What today's queue needs from the store, read in two grouped queries (the per-deck
    due counts, which a session does not need, come from `Store.due_counts`)."""

    now_ms: int
    day_end_ms: int
    taken: dict[str, set[str]]               # deck → ids not available as new (seen,
                                             # suspended, buried)
    suspended: dict[str, set[str]]           # deck → suspended ids


@dataclass(frozen=True, slots=True)
class Recorded:
    """A log entry just written: its id and the card's state on either side of it."""

    review_id: int
    before: CardState
    after: CardState
    became_leech: bool
    time: datetime


@dataclass(frozen=True, slots=True)
class Orphan:
    """A stored card no loaded deck has any more; its history is kept until pruned."""

    deck: str
    card: str
    reviews: int
    last_review: datetime | None
    deck_loaded: bool


class UnreadableValue(Exception):
    """A stored value quiz never writes (a phase it does not know, a time out of range)."""


def _state(row: tuple) -> CardState:
    """A CardState from the nine state columns, in `_STATE_COLUMNS` order."""
    phase, step, stability, difficulty, due, last_review, reps, lapses, leech = row
    if phase == Phase.NEW:
        return CardState(reps=reps, lapses=lapses, leech=bool(leech)) \
            if reps or lapses or leech else NEW_STATE
    try:
        return CardState(phase=Phase(phase), step=step, stability=stability,
                         difficulty=difficulty, due=from_ms(due) if due is not None else None,
                         last_review=from_ms(last_review) if last_review is not None else None,
                         reps=reps, lapses=lapses, leech=bool(leech))
    except (ValueError, TypeError, OverflowError) as exc:
        raise UnreadableValue(f"a card state quiz cannot read: {exc}") from None


def _logged_state(text: str | None) -> CardState:
    """A state as the log keeps it (JSON)."""
    try:
        return CardState.from_json(text)
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise UnreadableValue(f"a logged state quiz cannot read: {exc!r}") from None


def _reads(method: Callable[..., T]) -> Callable[..., T]:
    """Report an SQLite error met while reading as its cause (damage, permissions, …)."""

    @functools.wraps(method)
    def read(self: Store, *args: object, **kwargs: object) -> T:
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, UnreadableValue) as exc:
            raise self._fault(exc) from None

    return read


def _state_values(state: CardState) -> tuple:
    return (int(state.phase), state.step, state.stability, state.difficulty,
            to_ms(state.due) if state.due else None,
            to_ms(state.last_review) if state.last_review else None,
            state.reps, state.lapses, int(state.leech))


def _interval_days(state: CardState) -> float | None:
    if state.due is None or state.last_review is None:
        return None
    return (state.due - state.last_review).total_seconds() / 86400


class Store:
    """An open quiz.db; use `Store.open(data_dir)`, and `close()` when done."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *,
                 pause: Callable[[float], None] = time.sleep) -> None:
        self.path = path
        self._conn = conn
        # How the store waits between tries for a held lock and between a long job's batches;
        # tests pass their own.
        self.pause = pause
        self.damage: StoreDamaged | None = None   # set once damage is found: no more writes

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, busy_timeout: float = BUSY_TIMEOUT_S,
             pause: Callable[[float], None] = time.sleep) -> Store:
        """Open (creating on first use, migrating with a backup first) the store in data_dir.

        `busy_timeout` is how long SQLite waits for another process's write lock before each
        retry, and `pause` how the store sleeps between retries.
        """
        path = data_dir / DB_NAME
        existing = path.is_file() and path.stat().st_size > 0
        if existing:
            check_version(path, _inspect(path))
        elif path.is_dir():
            raise QuizError(Message("store.directory", "{path} is a directory, not a quiz store",
                                    path=path))
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise QuizError(Message("store.no_data_dir", "cannot create the data directory "
                                    "{path}: {detail}", path=data_dir,
                                    detail=exc.strerror or str(exc))) from None
        try:
            conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise classify(exc, path) from None
        store = cls(path, conn, pause=pause)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL survives a killed process (not a power cut) without an fsync
            # per answer.
            conn.execute("PRAGMA synchronous = NORMAL")
            # Checkpoint (copy the WAL into the file, with an fsync) every ~40 MB instead of
            # every 4 MB: a study session rewrites the same pages, so this saves most of the
            # copying and syncing; the last connection to close checkpoints anyway.
            conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
            conn.execute("PRAGMA foreign_keys = ON")
            store._upgrade()
        except sqlite3.Error as exc:
            conn.close()
            raise classify(exc, path) from None
        except BaseException:
            conn.close()
            raise
        return store

    def _upgrade(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            self._refresh_buckets()
            return
        check_version(self.path, version)
        if version > 0:
            self.backup(self.path.with_name(f"{DB_NAME}.bak-v{version}"))
        while True:
            with self.transaction():
                version = self._conn.execute("PRAGMA user_version").fetchone()[0]
                if version == SCHEMA_VERSION:
                    return
                check_version(self.path, version)
                if version == 0:
                    for statement in statements(CURRENT_SCHEMA):
                        self._conn.execute(statement)
                    self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                else:
                    MIGRATIONS[version](self._conn)
                    self._conn.execute(f"PRAGMA user_version = {version + 1}")

    def _refresh_buckets(self) -> None:
        """Rebuild the log's bucket sums if their triggers were written from other constants
        (`quiz.storage.schema`), so that changing one needs no migration."""
        if not review_buckets_stale(self._conn):
            return
        with self.transaction() as conn:
            if review_buckets_stale(conn):   # another process may have rebuilt them meanwhile
                rebuild_review_buckets(conn)

    def backup(self, target: Path) -> None:
        """Copy the whole store to `target` (replaced only once the copy is complete and
        checked) with SQLite's online backup."""
        from quiz.storage.backup import copy_store

        copy_store(self._conn, self.path, target, force=True)

    def verify(self) -> None:
        """Run SQLite's quick_check over the whole file (time in proportion to its size);
        StoreDamaged if it finds anything wrong, and then nothing more is written."""
        try:
            problems = quick_check(self._conn)
        except sqlite3.Error as exc:
            raise self._fault(exc) from None
        if problems:
            self.damage = damaged(self.path, problems[0])
            raise self.damage

    def close(self) -> None:
        self._conn.close()

    # -- writing, safely -----------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so reads inside it are fresh.

        Nested use joins the outer transaction, so a batch of writes commits once. Any SQLite
        error rolls it back and is raised as its cause (a StoreError); a damaged store is never
        written to.
        """
        conn = self._conn
        if conn.in_transaction:
            yield conn
            return
        if self.damage is not None:
            raise self.damage
        self._begin()
        try:
            yield conn
            conn.execute("COMMIT")
        except (sqlite3.Error, UnreadableValue) as exc:
            self._roll_back()
            raise self._fault(exc) from None
        except BaseException:
            self._roll_back()
            raise

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, trying again after growing pauses while another process holds
        the lock past SQLite's own busy timeout."""
        started = time.monotonic()
        delay = BUSY_PAUSE_S
        for attempt in range(BUSY_RETRIES + 1):
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.Error as exc:
                if not is_busy(exc):
                    raise self._fault(exc) from None
            if attempt < BUSY_RETRIES:
                self.pause(delay)
                delay *= 2
        raise busy(self.path, time.monotonic() - started)

    def _roll_back(self) -> None:
        """Roll back what is left of a failed transaction (SQLite may have done it already)."""
        if self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass   # the error that failed the transaction is the one to report

    def _fault(self, exc: sqlite3.Error | UnreadableValue) -> StoreError:
        """The error to raise for `exc`; damage is remembered, so nothing more is written."""
        fault = damaged(self.path, str(exc)) if isinstance(exc, UnreadableValue) \
            else classify(exc, self.path)
        if isinstance(fault, StoreDamaged):
            self.damage = fault
        return fault

    def _stream(self, rows: Iterable[T]) -> Iterator[T]:
        """Rows read as they are consumed, with errors reported as in `_reads`."""
        try:
            yield from rows
        except sqlite3.Error as exc:
            raise self._fault(exc) from None

    def write_in_batches(self, items: Iterable[T], write: Callable[[T], object], *,
                         begin: Callable[[], object] | None = None,
                         between: Callable[[], object] | None = None) -> None:
        """`write` every item, in transactions of at most BATCH_ROWS items or BATCH_SECONDS,
        with a pause after each, so that another process never waits long for the lock; an
        interrupted job keeps what it committed. `begin` runs at the start of each transaction
        (inside it: what was read before may have changed since), `between` after each
        commit."""
        pending = iter(items)
        more = True
        while more:
            more = False
            with self.transaction():
                if begin is not None:
                    begin()
                rows, started = 0, time.monotonic()
                for item in pending:
                    write(item)
                    rows += 1
                    if rows >= BATCH_ROWS or time.monotonic() - started >= BATCH_SECONDS:
                        more = True
                        break
            if between is not None:
                between()
            if more:
                self.pause(BATCH_PAUSE_S)

    # -- reading -------------------------------------------------------------

    @_reads
    def card_rows(self) -> dict[Key, CardRow]:
        """Every stored card by (deck, card id)."""
        rows = self._conn.execute(
            "SELECT id, deck, card, content_hash, phase, due, reps, lapses, leech, suspended, "
            "buried_until FROM cards").fetchall()
        return {(row[1], row[2]): CardRow._make(row) for row in rows}

    @_reads
    def queue_state(self, now: datetime, day_end: datetime) -> QueueState:
        """Cards not available as new, and suspensions, as of `now` for the day to `day_end`."""
        now_ms, end_ms = to_ms(now), to_ms(day_end)
        conn = self._conn
        taken = {deck: set(ids.split(_SEP)) for deck, ids in conn.execute(
            "SELECT deck, group_concat(card, char(31)) FROM cards WHERE phase > 0 OR suspended "
            "OR (buried_until > ? AND buried_until <= ?) GROUP BY deck", (now_ms, end_ms))}
        suspended = {deck: set(ids.split(_SEP)) for deck, ids in conn.execute(
            "SELECT deck, group_concat(card, char(31)) FROM cards WHERE suspended GROUP BY deck")}
        return QueueState(now_ms, end_ms, taken, suspended)

    @_reads
    def due_counts(self, state: QueueState) -> dict[tuple[str, bool], int]:
        """(deck, is review) → how many cards are due before the state's day ends."""
        return {(deck, bool(review)): count for deck, review, count in self._conn.execute(
            f"SELECT deck, phase = 2, COUNT(*) FROM cards WHERE {_DUE} GROUP BY deck, phase = 2",
            (state.day_end_ms, state.now_ms, state.day_end_ms))}

    @_reads
    def due_rows(self, state: QueueState, review: bool) -> Iterator[tuple[str, str, int]]:
        """(deck, card, due ms) of review (or learning) cards due before the day ends, oldest
        first, read as they are consumed."""
        phase = "phase = 2" if review else "phase IN (1, 3)"
        return self._stream(self._conn.execute(
            f"SELECT deck, card, due FROM cards WHERE {_DUE} AND {phase} ORDER BY due",
            (state.day_end_ms, state.now_ms, state.day_end_ms)))

    @_reads
    def learning_steps(self, state: QueueState) -> dict[Key, tuple[int, int | None]]:
        """(phase, step) of each card in a learning step due before the state's day ends."""
        return {(deck, card): (phase, step) for deck, card, phase, step in
                self._conn.execute(f"SELECT deck, card, phase, step FROM cards WHERE {_DUE} "
                                   f"AND phase IN (1, 3)",
                                   (state.day_end_ms, state.now_ms, state.day_end_ms))}

    @_reads
    def due_status(self, keys: Iterable[Key], state: QueueState) -> dict[Key, bool]:
        """For a few cards: whether each is due before the day ends, and if so whether it is a
        review (True) or in learning (False); cards not due are left out."""
        found: dict[Key, bool] = {}
        for deck, card in keys:
            row = self._conn.execute(f"SELECT phase = 2 FROM cards WHERE deck = ? AND card = ? "
                                     f"AND {_DUE}", (deck, card, state.day_end_ms,
                                                     state.now_ms, state.day_end_ms)).fetchone()
            if row:
                found[deck, card] = bool(row[0])
        return found

    @_reads
    def leeches(self) -> set[Key]:
        return {(deck, card) for deck, card in
                self._conn.execute("SELECT deck, card FROM cards WHERE leech")}

    @_reads
    def state_of(self, deck: str, card: str) -> CardState:
        """The card's current scheduling state (new if never answered)."""
        row = self._conn.execute(f"SELECT {_STATE_COLUMNS} FROM cards WHERE deck = ? AND card = ?",
                                 (deck, card)).fetchone()
        return _state(row) if row else NEW_STATE

    @_reads
    def flags(self, deck: str, card: str) -> tuple[bool, datetime | None]:
        """Whether the card is suspended, and until when it is buried (None if never)."""
        row = self._conn.execute("SELECT suspended, buried_until FROM cards WHERE deck = ? "
                                 "AND card = ?", (deck, card)).fetchone()
        if row is None:
            return False, None
        return bool(row[0]), from_ms(row[1]) if row[1] is not None else None

    @_reads
    def answers_between(self, start: datetime, end: datetime) -> tuple[int, int]:
        """(new cards started, review cards answered) in study from `start` until before `end`,
        for daily limits: the end bound keeps answers dated later (a clock that was set ahead)
        from using up today's."""
        row = self._conn.execute(
            "SELECT COALESCE(SUM(phase_before = 0), 0), COALESCE(SUM(phase_before = 2), 0) "
            "FROM reviews WHERE time >= ? AND time < ? AND kind = 'study'",
            (to_ms(start), to_ms(end))).fetchone()
        return row[0], row[1]

    @_reads
    def new_started_between(self, start: datetime, end: datetime) -> dict[str, int]:
        """Deck → new cards started in study from `start` until before `end` (as
        `answers_between` counts them), for pacing an exam's new cards."""
        return dict(self._conn.execute(
            "SELECT c.deck, COUNT(*) FROM reviews r JOIN cards c ON c.id = r.card "
            "WHERE r.time >= ? AND r.time < ? AND r.kind = 'study' AND r.phase_before = 0 "
            "GROUP BY c.deck", (to_ms(start), to_ms(end))).fetchall())

    @_reads
    def first_grades(self) -> tuple[int, int, int, int]:
        """How many new cards were first answered Again, Hard, Good and Easy in study."""
        counts = dict(self._conn.execute(
            "SELECT rating, COUNT(*) FROM reviews WHERE kind = 'study' AND phase_before = 0 "
            "AND rating BETWEEN 1 AND 4 GROUP BY rating").fetchall())
        return counts.get(1, 0), counts.get(2, 0), counts.get(3, 0), counts.get(4, 0)

    @_reads
    def review_dues(self, start: datetime, end: datetime) -> list[int]:
        """When each unsuspended card in review falls due from `start` until before `end`
        (ms UTC, in order): the load the scheduler balances reviews against. (`phase > 0` lets
        SQLite read the partial index cards_due, which covers the query.)"""
        return [due for due, in self._conn.execute(
            "SELECT due FROM cards WHERE phase > 0 AND phase = 2 AND NOT suspended "
            "AND due >= ? AND due < ? ORDER BY due", (to_ms(start), to_ms(end)))]

    @_reads
    def reviews_due_from(self, moment: datetime) -> list[tuple[str, str, str, CardState]]:
        """(deck, card, content hash, state) of the unsuspended cards in review due at or after
        `moment`: those an exam set since they were answered may have to move before it."""
        rows = self._conn.execute(
            f"SELECT deck, card, content_hash, {_STATE_COLUMNS} FROM cards "
            f"WHERE phase > 0 AND phase = 2 AND NOT suspended AND due >= ? ORDER BY deck, card",
            (to_ms(moment),)).fetchall()
        return [(row[0], row[1], row[2], _state(row[3:])) for row in rows]

    @_reads
    def answers_from(self, moment: datetime) -> int:
        """How many graded answers in the log are dated at or after a moment."""
        return self._conn.execute("SELECT COUNT(*) FROM reviews WHERE time >= ? "
                                  "AND rating IS NOT NULL", (to_ms(moment),)).fetchone()[0]

    @_reads
    def query(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple]:
        """The rows of one read-only query, for `quiz.storage.queries` (the statements the
        figures read)."""
        return self._conn.execute(sql, parameters).fetchall()

    @_reads
    def review_count(self) -> int:
        return self._conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]

    @_reads
    def history(self, deck: str, card: str) -> list[dict[str, object]]:
        """Every log entry of one card, oldest first."""
        cursor = self._conn.execute(
            "SELECT r.id, r.time, r.kind, r.rating, r.how, r.reply, r.duration_ms, "
            "r.content_hash, r.phase_before, r.state_before, r.state_after FROM reviews r "
            "JOIN cards c ON c.id = r.card WHERE c.deck = ? AND c.card = ? ORDER BY r.id",
            (deck, card))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    @_reads
    def log_extent(self, deck: str, card: str) -> tuple[int, int | None]:
        """How many log entries one card has, and the latest one's time (ms)."""
        row = self._conn.execute(
            "SELECT COUNT(r.id), MAX(r.time) FROM reviews r JOIN cards c ON c.id = r.card "
            "WHERE c.deck = ? AND c.card = ?", (deck, card)).fetchone()
        return row[0], row[1]

    @_reads
    def rebuild_states(self) -> dict[Key, CardState]:
        """Every logged card's state, from the review log alone (the last state after)."""
        states: dict[Key, CardState] = {}
        for deck, card, after in self._conn.execute(
                "SELECT c.deck, c.card, r.state_after FROM reviews r JOIN cards c "
                "ON c.id = r.card ORDER BY r.id"):
            states[deck, card] = _logged_state(after)
        return states

    @_reads
    def stored_states(self) -> dict[Key, CardState]:
        """Every logged card's state as the cards table keeps it (to compare with a rebuild)."""
        rows = self._conn.execute(
            f"SELECT deck, card, {_STATE_COLUMNS} FROM cards c "
            f"WHERE EXISTS (SELECT 1 FROM reviews r WHERE r.card = c.id)").fetchall()
        return {(row[0], row[1]): _state(row[2:]) for row in rows}

    @_reads
    def graded_reviews(self, kinds: tuple[str, ...], since: datetime | None = None
                       ) -> Iterator[tuple[str, str, int, int, int | None]]:
        """(deck, card, time ms, rating, duration ms) of graded log entries, oldest first,
        streamed."""
        marks = ", ".join("?" * len(kinds))
        return self._stream(self._conn.execute(
            f"SELECT c.deck, c.card, r.time, r.rating, r.duration_ms FROM reviews r "
            f"JOIN cards c ON c.id = r.card WHERE r.rating IS NOT NULL AND r.kind IN ({marks}) "
            f"AND r.time >= ? ORDER BY r.time, r.id",
            (*kinds, to_ms(since) if since else -2**62)))

    @_reads
    def mistakes(self) -> set[Key]:
        """Cards whose latest graded answer (study, cram or exam) was wrong."""
        rows = self._conn.execute(
            "WITH answers AS ("
            " SELECT card, time, rating = 1 AS wrong FROM reviews WHERE rating IS NOT NULL"
            " UNION ALL SELECT card, time, NOT correct FROM exam_answers),"
            " latest AS (SELECT card, wrong, MAX(time) FROM answers GROUP BY card)"
            " SELECT c.deck, c.card FROM latest JOIN cards c ON c.id = latest.card "
            " WHERE latest.wrong").fetchall()
        return {(deck, card) for deck, card in rows}

    @_reads
    def orphans(self, present: set[Key], loaded_decks: set[str]) -> list[Orphan]:
        """Stored cards that are not in the loaded decks, with how much history each has."""
        rows = self._conn.execute(
            "SELECT c.deck, c.card, COUNT(r.id), MAX(r.time) FROM cards c "
            "LEFT JOIN reviews r ON r.card = c.id GROUP BY c.id ORDER BY c.deck, c.card")
        return [Orphan(deck, card, count, from_ms(last) if last is not None else None,
                       deck in loaded_decks)
                for deck, card, count, last in rows if (deck, card) not in present]

    # -- writing -------------------------------------------------------------

    def _card_for_update(self, conn: sqlite3.Connection, deck: str, card: str,
                         content_hash: str) -> tuple[int, CardState]:
        row = conn.execute(f"SELECT id, {_STATE_COLUMNS} FROM cards WHERE deck = ? AND card = ?",
                           (deck, card)).fetchone()
        if row:
            return row[0], _state(row[1:])
        cursor = conn.execute("INSERT INTO cards (deck, card, content_hash) VALUES (?, ?, ?)",
                              (deck, card, content_hash))
        return cursor.lastrowid, NEW_STATE

    def record(self, deck: str, card: str, content_hash: str, *, kind: str,
               now: datetime | None = None, clock: Callable[[], datetime] | None = None,
               change: Callable[[CardState, int, datetime], tuple[CardState, bool]] | None = None,
               rating: int | None = None, how: str | None = None, reply: str | None = None,
               duration_ms: int | None = None, shown_at: datetime | None = None) -> Recorded:
        """Log one answer or manual change and store the card's new state, in one transaction.

        The entry's time is `now`, or `clock()` read once the write lock is held, so that each
        card's log is in time order however processes queue for the lock; with `shown_at`, the
        time taken is measured from it to that moment. `change` gets the card's state as it is
        in the store now (another process may have answered it), its row id and the moment,
        and returns the new state and whether the card became a leech; without it the state
        stays as it is (cram).
        """
        with self.transaction() as conn:
            moment = utc(clock()) if clock is not None else now
            if moment is None:
                raise TypeError("record needs `now` or `clock`")
            if shown_at is not None:
                duration_ms = max(0, to_ms(moment) - to_ms(shown_at))
            card_id, before = self._card_for_update(conn, deck, card, content_hash)
            after, became_leech = change(before, card_id, moment) if change \
                else (before, False)
            cursor = conn.execute(
                "INSERT INTO reviews (card, time, kind, rating, how, reply, duration_ms, "
                "content_hash, phase_before, interval_before, state_before, state_after) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, to_ms(moment), kind, rating, how, reply, duration_ms, content_hash,
                 int(before.phase), _interval_days(before), before.to_json(card_id),
                 after.to_json(card_id)))
            if change:
                conn.execute(f"UPDATE cards SET ({_STATE_COLUMNS}, content_hash) = "
                             f"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?",
                             (*_state_values(after), content_hash, card_id))
        return Recorded(cursor.lastrowid, before, after, became_leech, moment)

    def undo(self, review_id: int) -> CardState:
        """Delete a log entry and restore the card's state before it; only the card's latest."""
        with self.transaction() as conn:
            row = conn.execute("SELECT card, state_before, kind FROM reviews WHERE id = ?",
                               (review_id,)).fetchone()
            if row is None:
                raise QuizError(Message("store.undo_gone", "nothing to undo: that answer is no "
                                        "longer in the log"))
            card_id, before_json, kind = row
            if conn.execute("SELECT 1 FROM reviews WHERE card = ? AND id > ? LIMIT 1",
                            (card_id, review_id)).fetchone():
                raise QuizError(Message("store.undo_answered", "cannot undo: the card has been "
                                        "answered since, in another session"))
            if kind == "cram":
                before = _state(conn.execute(f"SELECT {_STATE_COLUMNS} FROM cards WHERE id = ?",
                                             (card_id,)).fetchone())
            else:
                before = _logged_state(before_json)
                conn.execute(f"UPDATE cards SET ({_STATE_COLUMNS}) = (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                             f"WHERE id = ?", (*_state_values(before), card_id))
            conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        return before

    def set_flags(self, keys: Iterable[tuple[str, str, str]], *, suspended: bool | None = None,
                  buried_until: datetime | None | bool = False) -> int:
        """Suspend/unsuspend or bury/unbury cards given as (deck, card id, content hash);
        returns how many changed."""
        sets, values = [], []
        if suspended is not None:
            sets.append("suspended = ?")
            values.append(int(suspended))
        if buried_until is not False:
            sets.append("buried_until = ?")
            values.append(to_ms(buried_until) if isinstance(buried_until, datetime) else None)
        changed = " OR ".join(f"{assignment.split(' =')[0]} IS NOT ?" for assignment in sets)
        update = (f"UPDATE cards SET {', '.join(sets)} WHERE deck = ? AND card = ? "
                  f"AND ({changed})")
        count = 0

        def flag(key: tuple[str, str, str]) -> None:
            nonlocal count
            deck, card, content_hash = key
            self._conn.execute("INSERT OR IGNORE INTO cards (deck, card, content_hash) "
                               "VALUES (?, ?, ?)", (deck, card, content_hash))
            count += self._conn.execute(update, (*values, deck, card, *values)).rowcount

        self.write_in_batches(keys, flag)
        return count

    def prune(self, keys: Iterable[Key]) -> int:
        """Delete cards with all their history (for `quiz orphans --prune`)."""
        count = 0

        def delete(key: Key) -> None:
            nonlocal count
            conn = self._conn
            row = conn.execute("SELECT id FROM cards WHERE deck = ? AND card = ?",
                               key).fetchone()
            if row is None:
                return
            conn.execute("DELETE FROM exam_answers WHERE card = ?", row)
            conn.execute("DELETE FROM reviews WHERE card = ?", row)
            conn.execute("DELETE FROM cards WHERE id = ?", row)
            count += 1

        self.write_in_batches(keys, delete)
        return count

    # -- exams ---------------------------------------------------------------

    def start_exam(self, *, now: datetime, total: int, minutes: float | None,
                   seed: int | None) -> int:
        with self.transaction() as conn:
            return conn.execute("INSERT INTO exams (started, minutes, seed, total) "
                                "VALUES (?, ?, ?, ?)",
                                (to_ms(now), minutes, seed, total)).lastrowid

    def record_exam_answer(self, exam_id: int, position: int, deck: str, card: str,
                           content_hash: str, *, clock: Callable[[], datetime],
                           shown_at: datetime, reply: str | None, correct: bool,
                           reason: str | None) -> datetime:
        """Store one exam answer at `clock()`, read once the write lock is held (as in
        `record`), with the time taken since `shown_at`; returns that moment."""
        with self.transaction() as conn:
            moment = utc(clock())
            card_id, _ = self._card_for_update(conn, deck, card, content_hash)
            conn.execute("INSERT INTO exam_answers (exam, position, card, time, reply, correct, "
                         "reason, duration_ms, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (exam_id, position, card_id, to_ms(moment), reply, int(correct), reason,
                          max(0, to_ms(moment) - to_ms(shown_at)), content_hash))
        return moment

    def finish_exam(self, exam_id: int, *, now: datetime, answered: int, correct: int,
                    score: float, timed_out: bool) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE exams SET finished = ?, answered = ?, correct = ?, score = ?, "
                         "timed_out = ? WHERE id = ?",
                         (to_ms(now), answered, correct, score, int(timed_out), exam_id))

    @_reads
    def exam_rows(self) -> list[tuple]:
        return self._conn.execute("SELECT id, started, finished, total, answered, correct, "
                                  "score, timed_out FROM exams ORDER BY id").fetchall()


def _inspect(path: Path) -> int:
    """The schema version of an existing file, read without writing a byte to it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise classify(exc, path) from None
    if header != SQLITE_HEADER:
        raise QuizError(Message("store.not_sqlite", "{path} is not a SQLite database (damaged "
                                "or not a quiz store); it was left as it is: move it away to "
                                "start a new store", path=path))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise classify(exc, path) from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master "
                                                   "WHERE type = 'table'")}
    except sqlite3.Error as exc:
        raise classify(exc, path) from None
    finally:
        conn.close()
    if version == 0 and tables:
        raise QuizError(Message("store.foreign", "{path} is a SQLite database but not a quiz "
                                "store; it was left as it is", path=path))
    return version


def check_version(path: Path, version: int) -> None:
    """Refuse a store whose version this quiz cannot use: newer, or one no quiz writes."""
    if version > SCHEMA_VERSION:
        raise QuizError(Message("store.newer", "{path} was written by a newer quiz (store "
                                "version {version}; this quiz knows up to {known}); upgrade "
                                "quiz to use it", path=path, version=version,
                                known=SCHEMA_VERSION))
    if version < 0 or (0 < version < SCHEMA_VERSION and version not in MIGRATIONS):
        raise StoreDamaged(Message(
            "store.unknown_version", "{path} has a store version no quiz writes ({version}); it "
            "was left as it is: restore a backup (one written by `quiz backup`, or "
            "quiz.db.bak-v* from an upgrade) or move it away; `quiz doctor` says more",
            path=path, version=version))


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """What SQLite's quick_check finds wrong with the file (structure, not foreign keys);
    empty when it is sound."""
    rows = [row[0] for row in conn.execute("PRAGMA quick_check")]
    return [] if rows == ["ok"] else rows
