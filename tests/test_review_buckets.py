"""The store's `review_buckets` (the log summed per 15 minutes): always equal to the log summed
again, through inserts, deletes and updates in any order, study, undo, reset, prune and import;
and the habit figures read from them equal the figures read from the log itself, in any
timezone and for any hour the study day starts."""

from __future__ import annotations

import itertools
import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from clockkit import Clock
from enginekit import NOON, basic_deck, open_collection, write
from quiz.core.card_state import Rating
from quiz.core.clock import to_ms
from quiz.core.settings import Settings
from quiz.interchange.log_format import read_log
from quiz.interchange.log_transfer import import_reviews
from quiz.stats.habit import activity, streaks
from quiz.stats.scope import Scope, StudyCalendar
from quiz.storage.schema import ANSWER_CAP_MS, BUCKET_MS
from quiz.storage.store import DB_NAME
from quiz.study.scheduler import Scheduler
from statskit import Log, recounted, stored

SAMPLE = Path(__file__).parent / "data" / "review-log-sample.csv"
NOW = datetime(2026, 3, 30, 11, 0, tzinfo=UTC)
KINDS = ("study", "cram", "reset", "manual", "import")
# -- the table follows the log ----------------------------------------------------------------

entry = st.fixed_dictionaries({
    "card": st.integers(min_value=0, max_value=2),
    # Near the epoch too, where a bucket number is negative and must still be floored.
    "time": st.builds(lambda base, offset: base + offset, st.sampled_from([0, to_ms(NOW)]),
                      st.integers(min_value=-4 * BUCKET_MS, max_value=4 * BUCKET_MS)),
    "kind": st.sampled_from(KINDS),
    "rating": st.one_of(st.none(), st.integers(min_value=1, max_value=4)),
    "phase": st.integers(min_value=0, max_value=3),
    "interval": st.one_of(st.none(), st.sampled_from([0.01, 5.0, 20.999, 21.0, 60.0])),
    "duration": st.one_of(st.none(), st.integers(min_value=0, max_value=5 * ANSWER_CAP_MS)),
})
operation = st.one_of(
    st.tuples(st.just("insert"), entry),
    st.tuples(st.just("delete"), st.integers(min_value=0, max_value=50)),
    st.tuples(st.just("prune"), st.integers(min_value=0, max_value=2)),
    st.tuples(st.just("update"), st.tuples(st.integers(min_value=0, max_value=50), entry)),
)


@hypothesis_settings(max_examples=60, deadline=None)
@given(operations=st.lists(operation, max_size=40))
def test_buckets_equal_the_log_summed_again_after_every_change(operations) -> None:
    with tempfile.TemporaryDirectory() as root:
        log = Log(Path(root))
        try:
            cards = [log.card("d", f"c{n}") for n in range(3)]
            for name, value in operations:
                ids = [row[0] for row in log.conn.execute("SELECT id FROM reviews ORDER BY id")]
                if name == "insert":
                    log.answer(cards[value["card"]], datetime.fromtimestamp(
                        value["time"] / 1000, UTC), rating=value["rating"], kind=value["kind"],
                        phase_before=value["phase"], interval_before=value["interval"],
                        duration_ms=value["duration"])
                elif name == "delete" and ids:
                    log.conn.execute("DELETE FROM reviews WHERE id = ?",
                                     (ids[value % len(ids)],))
                elif name == "prune":
                    log.conn.execute("DELETE FROM reviews WHERE card = ?", (cards[value],))
                elif name == "update" and ids:
                    index, new = value
                    log.conn.execute(
                        "UPDATE reviews SET time = ?, kind = ?, rating = ?, phase_before = ?, "
                        "interval_before = ?, duration_ms = ? WHERE id = ?",
                        (new["time"], new["kind"], new["rating"], new["phase"], new["interval"],
                         new["duration"], ids[index % len(ids)]))
                assert stored(log.conn) == recounted(log.conn)
        finally:
            log.close()


def test_buckets_follow_study_undo_reset_prune_and_import(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 4))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        conn = sqlite3.connect(tmp_path / "home" / DB_NAME)
        cards = collection.select()
        session = collection.study(cards, clock=clock)
        for rating in (Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.GOOD):
            session.answer(rating)
            clock.advance(minutes=7)
        session.undo()
        clock.advance(days=3)
        session = collection.study(cards, clock=clock)
        session.answer(Rating.HARD)
        cram = collection.study(cards[2:], clock=clock, cram=True)
        cram.answer(Rating.AGAIN)
        collection.reset(cards[1:2], clock())
        assert stored(conn) == recounted(conn)
        assert sum(row[0] for row in stored(conn).values()) == collection.store.review_count()
        assert collection.store.prune([("d", "c0")]) == 1
        assert stored(conn) == recounted(conn)
        scheduler = Scheduler(Settings(fuzz=False))
        result = import_reviews(collection.store, scheduler,
                                itertools.islice(read_log(SAMPLE), 300), "import-sample")
        assert result.added == 300
        assert stored(conn) == recounted(conn)
        assert {kind for _, kind in stored(conn)} == {"study", "cram", "reset", "import"}
        conn.close()


# -- figures from the buckets equal figures from the log ----------------------------------------

ZONES = sorted(available_timezones())
zone = st.one_of(
    st.sampled_from(ZONES).map(ZoneInfo),
    # Offsets no real zone has, so that day boundaries fall inside buckets.
    st.integers(min_value=-14 * 3600, max_value=14 * 3600).map(
        lambda seconds: timezone(timedelta(seconds=seconds))),
)
answer = st.tuples(
    st.sampled_from(["a", "b"]),
    st.integers(min_value=-420, max_value=1),                       # study days from today
    # Seconds from that day's start: often within a bucket of it, where a boundary inside a
    # bucket would show.
    st.one_of(st.integers(min_value=-BUCKET_MS // 1000, max_value=BUCKET_MS // 1000),
              st.integers(min_value=0, max_value=86399)),
    st.sampled_from(KINDS[:2] * 3 + KINDS[2:]),
    st.integers(min_value=1, max_value=4),
    st.sampled_from([(0, None), (1, None), (2, 3.0), (2, 20.999), (2, 21.0), (2, 90.0), (3, 0.5)]),
    st.one_of(st.none(), st.integers(min_value=0, max_value=3 * ANSWER_CAP_MS)),
)


@hypothesis_settings(max_examples=60, deadline=None)
@given(answers=st.lists(answer, max_size=60), deleted=st.sets(st.integers(0, 59), max_size=10),
       tz=zone, hour=st.integers(min_value=0, max_value=23),
       now=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31),
                        timezones=st.just(UTC)))
def test_habit_figures_from_buckets_equal_figures_from_the_log(answers, deleted, tz, hour,
                                                               now) -> None:
    with tempfile.TemporaryDirectory() as root:
        log = Log(Path(root))
        try:
            calendar = StudyCalendar(now, hour, tz)
            cards = {deck: log.card(deck, "c") for deck in ("a", "b")}
            for deck, day, seconds, kind, rating, (phase, interval), duration in answers:
                moment = datetime.fromtimestamp(calendar.start(day) / 1000 + seconds, UTC)
                log.answer(cards[deck], moment, rating=rating, kind=kind, phase_before=phase,
                           interval_before=interval, duration_ms=duration)
            for review_id in deleted:
                log.conn.execute("DELETE FROM reviews WHERE id = ?", (review_id + 1,))
            decks = {"a": ("c",), "b": ("c",)}
            # The whole log reads the buckets; the same decks named read the log itself.
            from_buckets = Scope(cards=decks, whole_log=True)
            from_log = Scope(cards=decks, whole_log=False)
            assert activity(log.store, from_buckets, calendar) == \
                activity(log.store, from_log, calendar)
            assert streaks(log.store, from_buckets, calendar) == \
                streaks(log.store, from_log, calendar)
        finally:
            log.close()


def test_every_real_day_boundary_falls_on_a_bucket_edge() -> None:
    """Offsets of +5:30, +5:45, +8:45, +12:45 and a half-hour DST shift are whole quarter hours,
    so the habit figures never need the log for a part-bucket in these zones."""
    for name in ("Asia/Kolkata", "Asia/Kathmandu", "Australia/Eucla", "Pacific/Chatham",
                 "Australia/Lord_Howe", "America/St_Johns", "Europe/Berlin", "Asia/Shanghai"):
        tz = ZoneInfo(name)
        for hour in (0, 4, 23):
            calendar = StudyCalendar(NOW, hour, tz)
            starts = [calendar.start(offset) for offset in range(-400, 30)]
            assert all(start % BUCKET_MS == 0 for start in starts), name
