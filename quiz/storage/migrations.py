"""The migrations between the store's schema versions (`quiz.storage.schema` holds each
version's tables; the version is tracked in PRAGMA user_version).

Version 1 kept each card's fsrs state as JSON and review times as ISO text. Version 2 keeps the
scheduling state in columns the queue and the statistics can index, times as UTC milliseconds,
a kind for every log entry, and exams. Version 3 adds `review_buckets`, the log summed per
15 minutes, which triggers keep equal to the log.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime

from quiz.storage.schema import SCHEMA_V2, build_review_buckets, statements

LEECH_LAPSES_AT_MIGRATION = 8


def _iso_ms(text: str | None) -> int | None:
    return None if text is None else round(datetime.fromisoformat(text).timestamp() * 1000)


def _with_counts(data: dict, card_id: int, reps: int, lapses: int) -> str:
    data = {**data, "card_id": card_id, "reps": reps, "lapses": lapses,
            "leech": lapses >= LEECH_LAPSES_AT_MIGRATION}
    return json.dumps(data, separators=(",", ":"))


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Move v1 rows into the v2 tables, counting reps and lapses from the v1 log."""
    conn.execute("ALTER TABLE cards RENAME TO cards_v1")
    conn.execute("ALTER TABLE reviews RENAME TO reviews_v1")
    for statement in statements(SCHEMA_V2):
        conn.execute(statement)
    conn.execute("INSERT INTO cards (deck, card, content_hash, suspended) "
                 "SELECT deck, card, content_hash, suspended FROM cards_v1 ORDER BY deck, card")
    conn.execute("INSERT OR IGNORE INTO cards (deck, card, content_hash) "
                 "SELECT DISTINCT deck, card, '' FROM reviews_v1 ORDER BY deck, card")
    ids = {(deck, card): (card_id, content_hash) for card_id, deck, card, content_hash
           in conn.execute("SELECT id, deck, card, content_hash FROM cards")}
    counts: dict[int, tuple[int, int]] = {}
    rows = conn.execute("SELECT id, deck, card, time, rating, how, reply, duration_ms, "
                        "state_before, state_after FROM reviews_v1 ORDER BY time, id").fetchall()
    for review_id, deck, card, time, rating, how, reply, duration, before, after in rows:
        card_id, content_hash = ids[deck, card]
        reps, lapses = counts.get(card_id, (0, 0))
        before_data = json.loads(before) if before else None
        phase_before = int(before_data["state"]) if before_data else 0
        interval = None
        if before_data and before_data.get("last_review"):
            interval = (datetime.fromisoformat(before_data["due"]) - datetime.fromisoformat(
                before_data["last_review"])).total_seconds() / 86400
        before_json = _with_counts(before_data, card_id, reps, lapses) if before_data else None
        lapses += phase_before == 2 and rating == 1
        reps += 1
        counts[card_id] = (reps, lapses)
        conn.execute(
            "INSERT INTO reviews (id, card, time, kind, rating, how, reply, duration_ms, "
            "content_hash, phase_before, interval_before, state_before, state_after) "
            "VALUES (?, ?, ?, 'study', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (review_id, card_id, _iso_ms(time), rating, how, reply, duration, content_hash,
             phase_before, interval, before_json,
             _with_counts(json.loads(after), card_id, reps, lapses)))
    for deck, card, state, buried in conn.execute(
            "SELECT deck, card, state, buried_until FROM cards_v1").fetchall():
        card_id, _ = ids[deck, card]
        reps, lapses = counts.get(card_id, (0, 0))
        conn.execute("UPDATE cards SET buried_until = ?, reps = ?, lapses = ?, leech = ? "
                     "WHERE id = ?", (_iso_ms(buried), reps, lapses,
                                      int(lapses >= LEECH_LAPSES_AT_MIGRATION), card_id))
        if state:
            data = json.loads(state)
            conn.execute("UPDATE cards SET phase = ?, step = ?, stability = ?, difficulty = ?, "
                         "due = ?, last_review = ? WHERE id = ?",
                         (data["state"], data["step"], data["stability"], data["difficulty"],
                          _iso_ms(data["due"]), _iso_ms(data["last_review"]), card_id))
    conn.execute("DROP TABLE reviews_v1")
    conn.execute("DROP TABLE cards_v1")


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Add the bucket table and its triggers, and fill it from the log in one pass."""
    build_review_buckets(conn)


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _migrate_1_to_2,
                                                               2: _migrate_2_to_3}
