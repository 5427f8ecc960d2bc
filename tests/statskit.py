"""Hand-built review logs for the statistics tests: cards and answers written straight into a
store, so every figure has an answer worked out by hand."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from quiz.core.clock import to_ms
from quiz.core.settings import Settings
from quiz.stats.scope import Scope, StudyCalendar
from quiz.storage.schema import ANSWER_CAP_MS, BUCKET_MS, YOUNG_DAYS
from quiz.storage.store import DB_NAME, Store

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
DAY = timedelta(days=1)


def local(tz, *args: int) -> datetime:
    """A local wall-clock moment, as UTC."""
    return datetime(*args, tzinfo=tz).astimezone(UTC)


class Log:
    """A store in `root` that a test fills by hand, and reads figures from."""

    def __init__(self, root: Path) -> None:
        self.store = Store.open(root)
        self.conn = sqlite3.connect(root / DB_NAME, isolation_level=None)

    def close(self) -> None:
        self.conn.close()
        self.store.close()

    def card(self, deck: str, card: str, *, phase: int = 2, due: datetime | None = None,
             last_review: datetime | None = None, stability: float | None = None,
             interval_days: float | None = None, lapses: int = 0, leech: bool = False,
             suspended: bool = False) -> int:
        """A stored card; a review card's interval can be given instead of its last review."""
        if interval_days is not None and due is not None and last_review is None:
            last_review = due - timedelta(days=interval_days)
        if phase and stability is None:
            stability = 10.0
        return self.conn.execute(
            "INSERT INTO cards (deck, card, content_hash, phase, stability, difficulty, due, "
            "last_review, reps, lapses, leech, suspended) VALUES (?, ?, 'h', ?, ?, ?, ?, ?, ?, "
            "?, ?, ?)",
            (deck, card, phase, stability if phase else None, 5.0 if phase else None,
             to_ms(due) if due else None, to_ms(last_review) if last_review else None,
             1 if phase else 0, lapses, int(leech), int(suspended))).lastrowid

    def answer(self, card_id: int, at: datetime, *, rating: int | None = 3, kind: str = "study",
               phase_before: int = 2, interval_before: float | None = 5.0,
               duration_ms: int | None = 4000, reply: str | None = None,
               state_after: str | None = None) -> None:
        self.conn.execute(
            "INSERT INTO reviews (card, time, kind, rating, how, reply, duration_ms, "
            "content_hash, phase_before, interval_before, state_before, state_after) "
            "VALUES (?, ?, ?, ?, 'self', ?, ?, 'h', ?, ?, NULL, ?)",
            (card_id, to_ms(at), kind, rating, reply, duration_ms, phase_before,
             interval_before, state_after))

    def exam(self, started: datetime, answers: list[tuple[int, bool]],
             finished: bool = True) -> None:
        """An exam of (card id, correct) answers, a minute apart; the first is skipped if wrong."""
        exam_id = self.conn.execute(
            "INSERT INTO exams (started, finished, total, answered, correct, score, timed_out) "
            "VALUES (?, ?, ?, 0, 0, 0, 0)",
            (to_ms(started), to_ms(started + timedelta(minutes=len(answers)))
             if finished else None, len(answers))).lastrowid
        for position, (card_id, correct) in enumerate(answers):
            self.conn.execute(
                "INSERT INTO exam_answers (exam, position, card, time, reply, correct, "
                "duration_ms, content_hash) VALUES (?, ?, ?, ?, ?, ?, 5000, 'h')",
                (exam_id, position, card_id, to_ms(started + timedelta(minutes=position)),
                 None if position == 0 and not correct else "reply", int(correct)))


def scope(cards: dict[str, list[str]], *, tags: dict[str, tuple[str, ...]] | None = None,
          whole_log: bool = True) -> Scope:
    """A scope over these decks' card ids; `tags` gives each deck's tags."""
    return Scope(cards={deck: tuple(ids) for deck, ids in cards.items()},
                 deck_tags=dict(tags or {}), whole_log=whole_log)


def calendar(now: datetime, tz=SHANGHAI, hour: int = 4) -> StudyCalendar:
    return StudyCalendar(now, hour, tz)


SETTINGS = Settings()


def fill_demo_log(root: Path, now: datetime) -> None:
    """A varied log over the TUI test decks (finance, policy): every state, three months of
    answers, leeches, weak cards and three exams, all at fixed offsets from `now`."""
    log = Log(root)
    try:
        ids = {
            "balance": log.card("finance", "micro-loan-balance", due=now + 20 * DAY,
                                last_review=now - 10 * DAY, stability=30.0, lapses=3),
            "growth": log.card("finance", "micro-loan-growth", phase=3, lapses=9, leech=True,
                               due=now + timedelta(minutes=10), last_review=now - DAY,
                               stability=1.5),
            "rate": log.card("finance", "rate-choice", due=now + DAY, interval_days=4,
                             stability=4.0),
            "accounts": log.card("finance", "account-count", phase=1, stability=0.8,
                                 due=now + timedelta(minutes=5), last_review=now),
            "rural": log.card("finance", "rural-loans", due=now - 2 * DAY,
                              last_review=now - 12 * DAY, stability=2.0, lapses=5),
            "target": log.card("policy", "growth-target", due=now, interval_days=9,
                               suspended=True),
            "jobs": log.card("policy", "jobs-target", due=now + 6 * DAY, interval_days=45,
                             stability=45.0, lapses=1),
        }
        names = list(ids)
        for back in range(100):
            if back % 7 == 3:
                continue
            for n in range(back * 37 % 11 + 1):
                card = ids[names[(back + n) % len(names)]]
                log.answer(card, now - back * DAY - timedelta(minutes=n),
                           rating=1 if (back + n) % 6 == 0 else 3,
                           interval_before=3 if n % 2 else 30,
                           duration_ms=3000 + (back * 7 + n * 1300) % 20000)
        for back, answers in ((40, [("balance", True), ("rural", False), ("jobs", True)]),
                              (12, [("balance", True), ("growth", False), ("rate", True)]),
                              (2, [("balance", True), ("rural", True), ("jobs", True)])):
            log.exam(now - back * DAY, [(ids[name], correct) for name, correct in answers])
    finally:
        log.close()


BUCKET_COLUMNS = ("entries", "time_ms", "young_passed", "young_failed", "mature_passed",
                  "mature_failed")


def recounted(conn: sqlite3.Connection) -> dict[tuple[int, str], tuple[int, ...]]:
    """The store's bucket sums worked out again in Python from every row of the log."""
    sums: dict[tuple[int, str], list[int]] = {}
    for time_ms, kind, rating, duration, phase, interval in conn.execute(
            "SELECT time, kind, rating, duration_ms, phase_before, interval_before FROM reviews"):
        in_review = phase == 2 and interval is not None
        young, mature = in_review and interval < YOUNG_DAYS, in_review and interval >= YOUNG_DAYS
        passed = rating is not None and rating > 1
        row = sums.setdefault((time_ms // BUCKET_MS, kind), [0] * 6)
        for index, value in enumerate((
                1, min(duration, ANSWER_CAP_MS) if duration is not None else 0,
                young and passed, young and not passed, mature and passed,
                mature and not passed)):
            row[index] += value
    return {key: tuple(row) for key, row in sums.items()}


def stored(conn: sqlite3.Connection) -> dict[tuple[int, str], tuple[int, ...]]:
    return {(bucket, kind): tuple(row) for bucket, kind, *row in conn.execute(
        f"SELECT bucket, kind, {', '.join(BUCKET_COLUMNS)} FROM review_buckets")}
