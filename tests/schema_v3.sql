
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

CREATE TABLE review_buckets (
    bucket INTEGER NOT NULL,             -- floor(time / 900,000 ms): 15 minutes, UTC
    kind TEXT NOT NULL,                  -- as reviews.kind
    entries INTEGER NOT NULL,            -- log entries (for study and cram: answers)
    time_ms INTEGER NOT NULL,            -- their durations, each counted at most 60 s
    young_passed INTEGER NOT NULL,       -- entries made in review (phase_before 2) with an
    young_failed INTEGER NOT NULL,       -- interval before under 21 days (young) or not
    mature_passed INTEGER NOT NULL,      -- (mature), rated Hard or better (passed) or not
    mature_failed INTEGER NOT NULL,
    PRIMARY KEY (bucket, kind)
) WITHOUT ROWID;
CREATE TRIGGER review_buckets_insert AFTER INSERT ON reviews BEGIN
    INSERT INTO review_buckets (bucket, kind, entries, time_ms, young_passed, young_failed, mature_passed, mature_failed) VALUES ((NEW.time / 900000 - (NEW.time % 900000 < 0)), NEW.kind, 1, COALESCE(MIN(NEW.duration_ms, 60000), 0), ((NEW.phase_before = 2 AND NEW.interval_before < 21) AND NEW.rating > 1) IS 1, (NEW.phase_before = 2 AND NEW.interval_before < 21) IS 1 AND (NEW.rating > 1) IS NOT 1, ((NEW.phase_before = 2 AND NEW.interval_before >= 21) AND NEW.rating > 1) IS 1, (NEW.phase_before = 2 AND NEW.interval_before >= 21) IS 1 AND (NEW.rating > 1) IS NOT 1) ON CONFLICT (bucket, kind) DO UPDATE SET entries = entries + excluded.entries, time_ms = time_ms + excluded.time_ms, young_passed = young_passed + excluded.young_passed, young_failed = young_failed + excluded.young_failed, mature_passed = mature_passed + excluded.mature_passed, mature_failed = mature_failed + excluded.mature_failed;
END;
CREATE TRIGGER review_buckets_delete AFTER DELETE ON reviews BEGIN
    UPDATE review_buckets SET entries = entries - (1), time_ms = time_ms - (COALESCE(MIN(OLD.duration_ms, 60000), 0)), young_passed = young_passed - (((OLD.phase_before = 2 AND OLD.interval_before < 21) AND OLD.rating > 1) IS 1), young_failed = young_failed - ((OLD.phase_before = 2 AND OLD.interval_before < 21) IS 1 AND (OLD.rating > 1) IS NOT 1), mature_passed = mature_passed - (((OLD.phase_before = 2 AND OLD.interval_before >= 21) AND OLD.rating > 1) IS 1), mature_failed = mature_failed - ((OLD.phase_before = 2 AND OLD.interval_before >= 21) IS 1 AND (OLD.rating > 1) IS NOT 1) WHERE bucket = (OLD.time / 900000 - (OLD.time % 900000 < 0)) AND kind = OLD.kind;
    DELETE FROM review_buckets WHERE bucket = (OLD.time / 900000 - (OLD.time % 900000 < 0)) AND kind = OLD.kind AND entries = 0;
END;
CREATE TRIGGER review_buckets_update AFTER UPDATE OF time, kind, rating, duration_ms,
        phase_before, interval_before ON reviews BEGIN
    UPDATE review_buckets SET entries = entries - (1), time_ms = time_ms - (COALESCE(MIN(OLD.duration_ms, 60000), 0)), young_passed = young_passed - (((OLD.phase_before = 2 AND OLD.interval_before < 21) AND OLD.rating > 1) IS 1), young_failed = young_failed - ((OLD.phase_before = 2 AND OLD.interval_before < 21) IS 1 AND (OLD.rating > 1) IS NOT 1), mature_passed = mature_passed - (((OLD.phase_before = 2 AND OLD.interval_before >= 21) AND OLD.rating > 1) IS 1), mature_failed = mature_failed - ((OLD.phase_before = 2 AND OLD.interval_before >= 21) IS 1 AND (OLD.rating > 1) IS NOT 1) WHERE bucket = (OLD.time / 900000 - (OLD.time % 900000 < 0)) AND kind = OLD.kind;
    DELETE FROM review_buckets WHERE bucket = (OLD.time / 900000 - (OLD.time % 900000 < 0)) AND kind = OLD.kind AND entries = 0;
    INSERT INTO review_buckets (bucket, kind, entries, time_ms, young_passed, young_failed, mature_passed, mature_failed) VALUES ((NEW.time / 900000 - (NEW.time % 900000 < 0)), NEW.kind, 1, COALESCE(MIN(NEW.duration_ms, 60000), 0), ((NEW.phase_before = 2 AND NEW.interval_before < 21) AND NEW.rating > 1) IS 1, (NEW.phase_before = 2 AND NEW.interval_before < 21) IS 1 AND (NEW.rating > 1) IS NOT 1, ((NEW.phase_before = 2 AND NEW.interval_before >= 21) AND NEW.rating > 1) IS 1, (NEW.phase_before = 2 AND NEW.interval_before >= 21) IS 1 AND (NEW.rating > 1) IS NOT 1) ON CONFLICT (bucket, kind) DO UPDATE SET entries = entries + excluded.entries, time_ms = time_ms + excluded.time_ms, young_passed = young_passed + excluded.young_passed, young_failed = young_failed + excluded.young_failed, mature_passed = mature_passed + excluded.mature_passed, mature_failed = mature_failed + excluded.mature_failed;
END;
