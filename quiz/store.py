"""The review store: one SQLite file, `quiz.db`, in the data directory.

Each card's scheduling state is kept by (deck slug, card id), with the hash of its content as last
answered; an append-only log records every answer and every manual change of schedule with the
state before and after, so every card's state can be rebuilt from the log alone. Every write is
one `BEGIN IMMEDIATE` transaction that reads what it changes, so two processes on one store
lose nothing; WAL mode keeps readers out of the writer's way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from .errors import QuizError
from .migrations import CURRENT_SCHEMA, MIGRATIONS, SCHEMA_VERSION, statements
from .scheduler import NEW_STATE, CardState, Phase, from_ms, to_ms

DB_NAME = "quiz.db"
BUSY_TIMEOUT_S = 5.0
WAL_CHECKPOINT_PAGES = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"
# Cards due before the day ends (first and third parameters) and neither suspended nor buried
# at now (second). A bury lasts until the next day starts, so one ending after the day's end was
# made while the clock was set ahead and is ignored.
_DUE = ("phase > 0 AND due < ? AND NOT suspended AND (buried_until IS NULL "
        "OR buried_until <= ? OR buried_until > ?)")
_SEP = "\x1f"   # joins card ids in grouped queries; ids are slugs, so it never occurs in one

_STATE_COLUMNS = "phase, step, stability, difficulty, due, last_review, reps, lapses, leech"

Key = tuple[str, str]


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
    taken: dict[str, set[str]]               # deck → ids not available as new (seen, suspended, buried)
    suspended: dict[str, set[str]]           # deck → suspended ids


@dataclass(frozen=True, slots=True)
class Recorded:
    """A log entry just written: its id and the card's state on either side of it."""

    review_id: int
    before: CardState
    after: CardState
    became_leech: bool


@dataclass(frozen=True, slots=True)
class Orphan:
    """A stored card no loaded deck has any more; its history is kept until pruned."""

    deck: str
    card: str
    reviews: int
    last_review: datetime | None
    deck_loaded: bool


def _state(row: tuple) -> CardState:
    """A CardState from the nine state columns, in `_STATE_COLUMNS` order."""
    phase, step, stability, difficulty, due, last_review, reps, lapses, leech = row
    if phase == Phase.NEW:
        return CardState(reps=reps, lapses=lapses, leech=bool(leech)) \
            if reps or lapses or leech else NEW_STATE
    return CardState(phase=Phase(phase), step=step, stability=stability, difficulty=difficulty,
                     due=from_ms(due) if due is not None else None,
                     last_review=from_ms(last_review) if last_review is not None else None,
                     reps=reps, lapses=lapses, leech=bool(leech))


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

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """Open (creating on first use, migrating with a backup first) the store in data_dir."""
        path = data_dir / DB_NAME
        existing = path.is_file() and path.stat().st_size > 0
        if existing:
            version = _inspect(path)
            if version > SCHEMA_VERSION:
                raise QuizError(f"{path} was written by a newer quiz (store version {version}; "
                                f"this quiz knows up to {SCHEMA_VERSION}); upgrade quiz to "
                                f"use it")
        elif path.is_dir():
            raise QuizError(f"{path} is a directory, not a quiz store")
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise QuizError(f"cannot create the data directory {data_dir}: "
                            f"{exc.strerror or exc}") from None
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise QuizError(f"cannot open {path}: {exc}") from None
        store = cls(path, conn)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
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
            raise QuizError(f"{path}: cannot use the store: {exc}") from None
        except BaseException:
            conn.close()
            raise
        return store

    def _upgrade(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            self.backup(self.path.with_name(f"{DB_NAME}.bak-v{version}"))
        while True:
            with self.transaction():
                version = self._conn.execute("PRAGMA user_version").fetchone()[0]
                if version == SCHEMA_VERSION:
                    return
                if version == 0:
                    for statement in statements(CURRENT_SCHEMA):
                        self._conn.execute(statement)
                    self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                else:
                    MIGRATIONS[version](self._conn)
                    self._conn.execute(f"PRAGMA user_version = {version + 1}")

    def backup(self, target: Path) -> None:
        """Copy the whole store to `target` with SQLite's online backup."""
        copy = sqlite3.connect(target)
        try:
            with copy:
                self._conn.backup(copy)
        finally:
            copy.close()

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so reads inside it are fresh.

        Nested use joins the outer transaction, so a batch of writes commits once.
        """
        conn = self._conn
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- reading -------------------------------------------------------------

    def card_rows(self) -> dict[Key, CardRow]:
        """Every stored card by (deck, card id)."""
        rows = self._conn.execute(
            "SELECT id, deck, card, content_hash, phase, due, reps, lapses, leech, suspended, "
            "buried_until FROM cards").fetchall()
        return {(row[1], row[2]): CardRow._make(row) for row in rows}

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

    def due_counts(self, state: QueueState) -> dict[tuple[str, bool], int]:
        """(deck, is review) → how many cards are due before the state's day ends."""
        return {(deck, bool(review)): count for deck, review, count in self._conn.execute(
            f"SELECT deck, phase = 2, COUNT(*) FROM cards WHERE {_DUE} GROUP BY deck, phase = 2",
            (state.day_end_ms, state.now_ms, state.day_end_ms))}

    def due_rows(self, state: QueueState, review: bool) -> Iterator[tuple[str, str, int]]:
        """(deck, card, due ms) of review (or learning) cards due before the day ends, oldest
        first, read as they are consumed."""
        phase = "phase = 2" if review else "phase IN (1, 3)"
        return self._conn.execute(
            f"SELECT deck, card, due FROM cards WHERE {_DUE} AND {phase} ORDER BY due",
            (state.day_end_ms, state.now_ms, state.day_end_ms))

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

    def leeches(self) -> set[Key]:
        return {(deck, card) for deck, card in
                self._conn.execute("SELECT deck, card FROM cards WHERE leech")}

    def state_of(self, deck: str, card: str) -> CardState:
        """The card's current scheduling state (new if never answered)."""
        row = self._conn.execute(f"SELECT {_STATE_COLUMNS} FROM cards WHERE deck = ? AND card = ?",
                                 (deck, card)).fetchone()
        return _state(row) if row else NEW_STATE

    def answers_between(self, start: datetime, end: datetime) -> tuple[int, int]:
        """(new cards started, review cards answered) in study from `start` until before `end`,
        for daily limits: the end bound keeps answers dated later (a clock that was set ahead)
        from using up today's."""
        row = self._conn.execute(
            "SELECT COALESCE(SUM(phase_before = 0), 0), COALESCE(SUM(phase_before = 2), 0) "
            "FROM reviews WHERE time >= ? AND time < ? AND kind = 'study'",
            (to_ms(start), to_ms(end))).fetchone()
        return row[0], row[1]

    def answers_from(self, moment: datetime) -> int:
        """How many graded answers in the log are dated at or after a moment."""
        return self._conn.execute("SELECT COUNT(*) FROM reviews WHERE time >= ? "
                                  "AND rating IS NOT NULL", (to_ms(moment),)).fetchone()[0]

    def query(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple]:
        """The rows of one read-only query; the statistics keep their own SQL in quiz.stats."""
        return self._conn.execute(sql, parameters).fetchall()

    def review_count(self) -> int:
        return self._conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]

    def history(self, deck: str, card: str) -> list[dict[str, object]]:
        """Every log entry of one card, oldest first."""
        cursor = self._conn.execute(
            "SELECT r.id, r.time, r.kind, r.rating, r.how, r.reply, r.duration_ms, "
            "r.content_hash, r.phase_before, r.state_before, r.state_after FROM reviews r "
            "JOIN cards c ON c.id = r.card WHERE c.deck = ? AND c.card = ? ORDER BY r.id",
            (deck, card))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def rebuild_states(self) -> dict[Key, CardState]:
        """Every logged card's state, from the review log alone (the last state after)."""
        states: dict[Key, CardState] = {}
        for deck, card, after in self._conn.execute(
                "SELECT c.deck, c.card, r.state_after FROM reviews r JOIN cards c "
                "ON c.id = r.card ORDER BY r.id"):
            states[deck, card] = CardState.from_json(after)
        return states

    def stored_states(self) -> dict[Key, CardState]:
        """Every logged card's state as the cards table keeps it (to compare with a rebuild)."""
        rows = self._conn.execute(
            f"SELECT deck, card, {_STATE_COLUMNS} FROM cards c "
            f"WHERE EXISTS (SELECT 1 FROM reviews r WHERE r.card = c.id)").fetchall()
        return {(row[0], row[1]): _state(row[2:]) for row in rows}

    def graded_reviews(self, kinds: tuple[str, ...], since: datetime | None = None
                       ) -> Iterator[tuple[str, str, int, int, int | None]]:
        """(deck, card, time ms, rating, duration ms) of graded log entries, oldest first, streamed."""
        marks = ", ".join("?" * len(kinds))
        yield from self._conn.execute(
            f"SELECT c.deck, c.card, r.time, r.rating, r.duration_ms FROM reviews r "
            f"JOIN cards c ON c.id = r.card WHERE r.rating IS NOT NULL AND r.kind IN ({marks}) "
            f"AND r.time >= ? ORDER BY r.time, r.id",
            (*kinds, to_ms(since) if since else -2**62))

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

    def record(self, deck: str, card: str, content_hash: str, *, now: datetime, kind: str,
               change: Callable[[CardState, int], tuple[CardState, bool]] | None = None,
               rating: int | None = None, how: str | None = None, reply: str | None = None,
               duration_ms: int | None = None) -> Recorded:
        """Log one answer or manual change and store the card's new state, in one transaction.

        `change` gets the card's state as it is in the store now (another process may have
        answered it) and returns the new state and whether the card became a leech; without it
        the state stays as it is (cram).
        """
        with self.transaction() as conn:
            card_id, before = self._card_for_update(conn, deck, card, content_hash)
            after, became_leech = change(before, card_id) if change else (before, False)
            cursor = conn.execute(
                "INSERT INTO reviews (card, time, kind, rating, how, reply, duration_ms, "
                "content_hash, phase_before, interval_before, state_before, state_after) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, to_ms(now), kind, rating, how, reply, duration_ms, content_hash,
                 int(before.phase), _interval_days(before), before.to_json(card_id),
                 after.to_json(card_id)))
            if change:
                conn.execute(f"UPDATE cards SET ({_STATE_COLUMNS}, content_hash) = "
                             f"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?",
                             (*_state_values(after), content_hash, card_id))
        return Recorded(cursor.lastrowid, before, after, became_leech)

    def undo(self, review_id: int) -> CardState:
        """Delete a log entry and restore the card's state before it; only the card's latest."""
        with self.transaction() as conn:
            row = conn.execute("SELECT card, state_before, kind FROM reviews WHERE id = ?",
                               (review_id,)).fetchone()
            if row is None:
                raise QuizError("nothing to undo: that answer is no longer in the log")
            card_id, before_json, kind = row
            if conn.execute("SELECT 1 FROM reviews WHERE card = ? AND id > ? LIMIT 1",
                            (card_id, review_id)).fetchone():
                raise QuizError("cannot undo: the card has been answered since, in another "
                                "session")
            if kind == "cram":
                before = _state(conn.execute(f"SELECT {_STATE_COLUMNS} FROM cards WHERE id = ?",
                                             (card_id,)).fetchone())
            else:
                before = CardState.from_json(before_json)
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
        count = 0
        with self.transaction() as conn:
            for deck, card, content_hash in keys:
                conn.execute("INSERT OR IGNORE INTO cards (deck, card, content_hash) "
                             "VALUES (?, ?, ?)", (deck, card, content_hash))
                count += conn.execute(f"UPDATE cards SET {', '.join(sets)} WHERE deck = ? AND "
                                      f"card = ? AND ({changed})",
                                      (*values, deck, card, *values)).rowcount
        return count

    def prune(self, keys: Iterable[Key]) -> int:
        """Delete cards with all their history (for `quiz orphans --prune`)."""
        count = 0
        with self.transaction() as conn:
            for deck, card in keys:
                row = conn.execute("SELECT id FROM cards WHERE deck = ? AND card = ?",
                                   (deck, card)).fetchone()
                if row is None:
                    continue
                conn.execute("DELETE FROM exam_answers WHERE card = ?", row)
                conn.execute("DELETE FROM reviews WHERE card = ?", row)
                conn.execute("DELETE FROM cards WHERE id = ?", row)
                count += 1
        return count

    # -- exams ---------------------------------------------------------------

    def start_exam(self, *, now: datetime, total: int, minutes: float | None,
                   seed: int | None) -> int:
        with self.transaction() as conn:
            return conn.execute("INSERT INTO exams (started, minutes, seed, total) "
                                "VALUES (?, ?, ?, ?)",
                                (to_ms(now), minutes, seed, total)).lastrowid

    def record_exam_answer(self, exam_id: int, position: int, deck: str, card: str,
                           content_hash: str, *, now: datetime, reply: str | None, correct: bool,
                           reason: str | None, duration_ms: int | None) -> None:
        with self.transaction() as conn:
            card_id, _ = self._card_for_update(conn, deck, card, content_hash)
            conn.execute("INSERT INTO exam_answers (exam, position, card, time, reply, correct, "
                         "reason, duration_ms, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (exam_id, position, card_id, to_ms(now), reply, int(correct), reason,
                          duration_ms, content_hash))

    def finish_exam(self, exam_id: int, *, now: datetime, answered: int, correct: int,
                    score: float, timed_out: bool) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE exams SET finished = ?, answered = ?, correct = ?, score = ?, "
                         "timed_out = ? WHERE id = ?",
                         (to_ms(now), answered, correct, score, int(timed_out), exam_id))

    def exam_rows(self) -> list[tuple]:
        return self._conn.execute("SELECT id, started, finished, total, answered, correct, "
                                  "score, timed_out FROM exams ORDER BY id").fetchall()


def _inspect(path: Path) -> int:
    """The schema version of an existing file, read without writing a byte to it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise QuizError(f"cannot read {path}: {exc.strerror or exc}") from None
    if header != SQLITE_HEADER:
        raise QuizError(f"{path} is not a SQLite database (damaged or not a quiz store); it was "
                        f"left as it is: move it away to start a new store")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise QuizError(f"cannot open {path}: {exc}") from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master "
                                                   "WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise QuizError(f"{path} is damaged ({exc}); it was left as it is: restore a backup "
                        f"(quiz.db.bak-v*) or move it away") from None
    finally:
        conn.close()
    if version == 0 and tables:
        raise QuizError(f"{path} is a SQLite database but not a quiz store; it was left as it is")
    return version
