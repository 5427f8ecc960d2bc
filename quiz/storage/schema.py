"""The store's tables, indexes and triggers for each schema version, and the business
constants the triggers and the figures share.

The bucket triggers are written from the same constants (`BUCKET_MS`, `YOUNG_DAYS`,
`ANSWER_CAP_MS`) the figures read, so what "mature" means or how long an answer may count is
defined once; a store whose triggers were written from other values has its sums rebuilt when
it is opened (`Store`).
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 3
DAY_MS = 86_400_000
YOUNG_DAYS = 21            # an interval this long or longer (in days) makes a card mature
# An answer counts at most a minute (a break is not study), in the sums and in the figures.
ANSWER_CAP_MS = 60_000

SCHEMA_V1 = """
CREATE TABLE cards (
    deck TEXT NOT NULL,
    card TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    state TEXT,                          -- fsrs Card.to_dict() as JSON; NULL while new
    suspended INTEGER NOT NULL DEFAULT 0,
    buried_until TEXT,                   -- ISO 8601, UTC
    PRIMARY KEY (deck, card)
);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    deck TEXT NOT NULL,
    card TEXT NOT NULL,
    time TEXT NOT NULL,                  -- ISO 8601, UTC
    rating INTEGER NOT NULL,
    how TEXT NOT NULL,
    reply TEXT,
    duration_ms INTEGER,
    state_before TEXT,
    state_after TEXT NOT NULL
);
"""

SCHEMA_V2 = """
CREATE TABLE cards (
    id INTEGER PRIMARY KEY,
    deck TEXT NOT NULL,                  -- deck slug
    card TEXT NOT NULL,                  -- card id within the deck
    content_hash TEXT NOT NULL,          -- Card.content_hash when last written
    phase INTEGER NOT NULL DEFAULT 0,    -- 0 new, 1 learning, 2 review, 3 relearning
    step INTEGER,
    stability REAL,
    difficulty REAL,
    due INTEGER,                         -- ms since the epoch, UTC; NULL while new
    last_review INTEGER,
    reps INTEGER NOT NULL DEFAULT 0,
    lapses INTEGER NOT NULL DEFAULT 0,
    leech INTEGER NOT NULL DEFAULT 0,
    suspended INTEGER NOT NULL DEFAULT 0,
    buried_until INTEGER,
    UNIQUE (deck, card)
);
-- Both indexes cover their queries, so the queue never reads the table: cards_due gives the
-- day's learning and review cards in due order (and the due forecast), cards_queue the per-deck
-- counts of what is new and what is due.
CREATE INDEX cards_due ON cards (phase, due, suspended, buried_until, deck, card) WHERE phase > 0;
CREATE INDEX cards_queue ON cards (deck, phase, due, suspended, buried_until, card);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    card INTEGER NOT NULL REFERENCES cards (id),
    time INTEGER NOT NULL,               -- ms since the epoch, UTC
    kind TEXT NOT NULL,                  -- study | cram | reset | manual
    rating INTEGER,                      -- 1 again … 4 easy; NULL for reset and manual
    how TEXT,                            -- self | typed | choice
    reply TEXT,
    duration_ms INTEGER,
    content_hash TEXT NOT NULL,          -- the card's content as it was answered
    phase_before INTEGER NOT NULL,
    interval_before REAL,                -- days between last review and due, before answering
    state_before TEXT,                   -- fsrs Card.to_dict() + reps, lapses, leech; NULL = new
    state_after TEXT
);
CREATE INDEX reviews_time ON reviews (time);
CREATE INDEX reviews_card ON reviews (card, time);
CREATE TABLE exams (
    id INTEGER PRIMARY KEY,
    started INTEGER NOT NULL,
    finished INTEGER,
    minutes REAL,
    seed INTEGER,
    total INTEGER NOT NULL,
    answered INTEGER,
    correct INTEGER,
    score REAL,
    timed_out INTEGER
);
CREATE INDEX exams_started ON exams (started);
CREATE TABLE exam_answers (
    id INTEGER PRIMARY KEY,
    exam INTEGER NOT NULL REFERENCES exams (id),
    position INTEGER NOT NULL,
    card INTEGER NOT NULL REFERENCES cards (id),
    time INTEGER NOT NULL,
    reply TEXT,                          -- NULL when skipped or left unanswered
    correct INTEGER NOT NULL,
    reason TEXT,
    duration_ms INTEGER,
    content_hash TEXT NOT NULL,
    UNIQUE (exam, position)
);
CREATE INDEX exam_answers_card ON exam_answers (card, time);
"""

# The log summed per 15-minute UTC bucket and kind of entry: what the study-habit figures
# (answers and time per study day, true retention, streaks) need, so that they read a few
# thousand rows instead of the year's answers. Every real timezone's offset since 1980 is a
# whole number of quarter hours (+5:30, +5:45 and +12:45 included), so a local day that starts
# on the hour starts on a bucket edge; the figures read any part-bucket at a day's edge from the
# log itself. Triggers keep the sums equal to the log through every insert (answers, imports),
# delete (undo, prune) and update; a bucket whose last entry goes is deleted.
BUCKET_MS = 900_000
_BUCKET_OF = f"({{row}}.time / {BUCKET_MS} - ({{row}}.time % {BUCKET_MS} < 0))"  # floor, any sign
# One entry's contribution to each sum (an answer counts at most ANSWER_CAP_MS; a NULL counts
# nothing).
_YOUNG = f"({{row}}.phase_before = 2 AND {{row}}.interval_before < {YOUNG_DAYS})"
_MATURE = f"({{row}}.phase_before = 2 AND {{row}}.interval_before >= {YOUNG_DAYS})"
_SUMS = {
    "entries": "1",
    "time_ms": f"COALESCE(MIN({{row}}.duration_ms, {ANSWER_CAP_MS}), 0)",
    "young_passed": f"({_YOUNG} AND {{row}}.rating > 1) IS 1",
    "young_failed": f"{_YOUNG} IS 1 AND ({{row}}.rating > 1) IS NOT 1",
    "mature_passed": f"({_MATURE} AND {{row}}.rating > 1) IS 1",
    "mature_failed": f"{_MATURE} IS 1 AND ({{row}}.rating > 1) IS NOT 1",
}


def _add(row: str) -> str:
    """The trigger statement that adds one log row (NEW or OLD) to its bucket's sums."""
    columns = ", ".join(_SUMS)
    values = ", ".join(value.format(row=row) for value in _SUMS.values())
    updates = ", ".join(f"{name} = {name} + excluded.{name}" for name in _SUMS)
    return (f"INSERT INTO review_buckets (bucket, kind, {columns}) "
            f"VALUES ({_BUCKET_OF.format(row=row)}, {row}.kind, {values}) "
            f"ON CONFLICT (bucket, kind) DO UPDATE SET {updates};")


def _remove(row: str) -> str:
    """The trigger statements that take one log row out of its bucket's sums, and drop the
    bucket when that was its last entry."""
    updates = ", ".join(f"{name} = {name} - ({value.format(row=row)})"
                        for name, value in _SUMS.items())
    where = f"bucket = {_BUCKET_OF.format(row=row)} AND kind = {row}.kind"
    return (f"UPDATE review_buckets SET {updates} WHERE {where};\n"
            f"    DELETE FROM review_buckets WHERE {where} AND entries = 0;")


_CAP_S = ANSWER_CAP_MS // 1000
REVIEW_BUCKETS = f"""
CREATE TABLE review_buckets (
    bucket INTEGER NOT NULL,             -- floor(time / {BUCKET_MS:,} ms): 15 minutes, UTC
    kind TEXT NOT NULL,                  -- as reviews.kind
    entries INTEGER NOT NULL,            -- log entries (for study and cram: answers)
    time_ms INTEGER NOT NULL,            -- their durations, each counted at most {_CAP_S} s
    young_passed INTEGER NOT NULL,       -- entries made in review (phase_before 2) with an
    young_failed INTEGER NOT NULL,       -- interval before under {YOUNG_DAYS} days (young) or not
    mature_passed INTEGER NOT NULL,      -- (mature), rated Hard or better (passed) or not
    mature_failed INTEGER NOT NULL,
    PRIMARY KEY (bucket, kind)
) WITHOUT ROWID;
CREATE TRIGGER review_buckets_insert AFTER INSERT ON reviews BEGIN
    {_add("NEW")}
END;
CREATE TRIGGER review_buckets_delete AFTER DELETE ON reviews BEGIN
    {_remove("OLD")}
END;
CREATE TRIGGER review_buckets_update AFTER UPDATE OF time, kind, rating, duration_ms,
        phase_before, interval_before ON reviews BEGIN
    {_remove("OLD")}
    {_add("NEW")}
END;
"""

SCHEMA_V3 = SCHEMA_V2 + REVIEW_BUCKETS

CURRENT_SCHEMA = SCHEMA_V3
SCHEMAS = {1: SCHEMA_V1, 2: SCHEMA_V2, 3: SCHEMA_V3}   # each version's tables, indexes, triggers


def statements(script: str) -> list[str]:
    """Split a schema script into statements (executescript would commit the transaction)."""
    found, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    return found


def build_review_buckets(conn: sqlite3.Connection) -> None:
    """Create the bucket table and its triggers, and fill it from the log in one pass."""
    for statement in statements(REVIEW_BUCKETS):
        conn.execute(statement)
    sums = ", ".join(f"SUM({value.format(row='reviews')})" for value in _SUMS.values())
    conn.execute(f"INSERT INTO review_buckets (bucket, kind, {', '.join(_SUMS)}) "
                 f"SELECT {_BUCKET_OF.format(row='reviews')} AS slot, kind, {sums} "
                 f"FROM reviews GROUP BY slot, kind")


def review_buckets_stale(conn: sqlite3.Connection) -> bool:
    """Whether the bucket triggers were written from other constants than today's (what
    "mature" means, how long an answer counts, the bucket size), so the sums are not the ones
    the figures expect."""
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                       "AND name = 'review_buckets_insert'").fetchone()
    return row is not None and row[0] + ";" != _INSERT_TRIGGER


def rebuild_review_buckets(conn: sqlite3.Connection) -> None:
    """Drop the bucket table and its triggers, and build them again from the log."""
    for statement in statements(REVIEW_BUCKETS):
        kind, name = statement.split()[1:3]
        conn.execute(f"DROP {kind} IF EXISTS {name}")
    build_review_buckets(conn)


_INSERT_TRIGGER = next(statement for statement in statements(REVIEW_BUCKETS)
                       if statement.startswith("CREATE TRIGGER review_buckets_insert "))
