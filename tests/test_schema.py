"""The store's schema is written once, from named constants: today's DDL is the one existing
stores hold (so they open without a migration), and a store whose bucket triggers were written
from other constants has its sums rebuilt when opened."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from enginekit import NOON
from quiz.storage.schema import (
    ANSWER_CAP_MS,
    CURRENT_SCHEMA,
    REVIEW_BUCKETS,
    SCHEMA_VERSION,
    YOUNG_DAYS,
    statements,
)
from quiz.storage.store import DB_NAME, Store
from statskit import Log, recounted, stored

# The DDL of store version 3 as quiz wrote it before the constants were shared with the
# figures: today's text must equal it, or existing stores would differ from new ones.
GOLDEN = Path(__file__).parent / "schema_v3.sql"


def _master(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                        "ORDER BY name").fetchall()


def _fill(root: Path) -> None:
    """A store with answers of every kind in several buckets."""
    log = Log(root)
    try:
        card = log.card("d", "c")
        for n, (kind, interval, duration) in enumerate(
                [("study", 5.0, 4000), ("study", 40.0, 90_000), ("cram", 5.0, None),
                 ("study", 25.0, 30_000), ("reset", None, None)]):
            log.answer(card, NOON + timedelta(minutes=20 * n), kind=kind,
                       interval_before=interval, duration_ms=duration, rating=1 + n % 4)
    finally:
        log.close()


def test_the_schema_is_the_one_version_3_stores_were_written_with() -> None:
    assert SCHEMA_VERSION == 3
    assert statements(CURRENT_SCHEMA) == statements(GOLDEN.read_text(encoding="utf-8"))


def test_a_store_of_todays_version_opens_as_it_is(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / DB_NAME)
    for statement in statements(GOLDEN.read_text(encoding="utf-8")):
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()
    conn.close()
    _fill(tmp_path)
    conn = sqlite3.connect(tmp_path / DB_NAME)
    before = _master(conn), stored(conn)
    Store.open(tmp_path).close()
    assert (_master(conn), stored(conn)) == before
    assert stored(conn) == recounted(conn) and stored(conn)
    conn.close()
    assert not list(tmp_path.glob(f"{DB_NAME}.bak-*"))


def test_bucket_sums_written_from_other_constants_are_rebuilt_on_open(tmp_path: Path) -> None:
    _fill(tmp_path)
    conn = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    # As if the store had been written when an answer counted at most 30 s and a card was
    # mature from 30 days: other trigger text, and sums that follow it.
    older = REVIEW_BUCKETS.replace(str(ANSWER_CAP_MS), "30000").replace(
        f"interval_before < {YOUNG_DAYS})", "interval_before < 30)").replace(
        f"interval_before >= {YOUNG_DAYS})", "interval_before >= 30)")
    assert older != REVIEW_BUCKETS
    conn.execute("BEGIN")
    for statement in statements(REVIEW_BUCKETS):
        kind, name = statement.split()[1:3]
        conn.execute(f"DROP {kind} {name}")
    for statement in statements(older):
        conn.execute(statement)
    conn.execute("INSERT INTO review_buckets SELECT time / 900000, kind, COUNT(*), "
                 "TOTAL(MIN(duration_ms, 30000)), 0, 0, 0, 0 FROM reviews GROUP BY 1, 2")
    conn.execute("COMMIT")
    assert stored(conn) != recounted(conn)
    store = Store.open(tmp_path)
    try:
        assert stored(conn) == recounted(conn)
        triggers = {name: sql + ";" for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
        assert sorted(triggers.values()) == sorted(
            s for s in statements(REVIEW_BUCKETS) if s.startswith("CREATE TRIGGER"))
        # The rebuilt triggers keep the sums: a later answer is counted as the figures count.
        store.record("d", "c", "h", now=NOON + timedelta(days=1), kind="study", rating=3,
                     duration_ms=45_000)
        assert stored(conn) == recounted(conn)
    finally:
        store.close()
        conn.close()
    assert not list(tmp_path.glob(f"{DB_NAME}.bak-*"))
