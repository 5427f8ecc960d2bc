"""Scheduling toward an exam date: intervals cut to land before it, new cards paced."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import fsrs
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from quiz.core.calendar import DayShares, Exam
from quiz.core.memory import curve, days_between, retrievability
from quiz.study.exam_date import (
    IntervalPlanner,
    exam_start,
    interval_window,
    last_interval_before,
    new_cards_needed,
    new_cards_today,
    next_exam,
    recheck_window,
)
from quiz.study.workload import DayLoad, fuzz_delta, fuzz_range

SHAPE = curve(None)
EXAM_DAY = date(2026, 11, 29)
EXAM_AT = exam_start(EXAM_DAY, 4, UTC)


def test_the_exam_starts_with_its_study_day() -> None:
    assert EXAM_AT == datetime(2026, 11, 29, 4, tzinfo=UTC)
    # 20:00 the evening before: one interval of 0 days would still be before it, none longer.
    assert last_interval_before(EXAM_AT - timedelta(hours=8), EXAM_AT) == 0
    assert last_interval_before(EXAM_AT - timedelta(days=3, hours=8), EXAM_AT) == 3
    assert last_interval_before(EXAM_AT - timedelta(days=3), EXAM_AT) == 2


def test_an_interval_that_keeps_recall_is_not_cut_even_past_the_exam() -> None:
    now = EXAM_AT - timedelta(days=10)
    # Stability 100 days: recall after 10 days is far above 0.9, so 90 days may stand.
    window = interval_window(90, now=now, stability=100, retention=0.9, shape=SHAPE,
                             exam_at=EXAM_AT, fuzz=False)
    assert (window.shortest, window.longest, window.cut) == (90, 90, False)


def test_an_interval_that_would_lose_recall_is_cut_into_the_final_window() -> None:
    now = EXAM_AT - timedelta(days=30)
    stability = 20.0                     # recall after 30 days ≈ 0.86 < 0.9
    assert retrievability(30, stability, SHAPE) < 0.9
    window = interval_window(40, now=now, stability=stability, retention=0.9, shape=SHAPE,
                             exam_at=EXAM_AT, fuzz=False)
    assert (window.shortest, window.longest, window.cut) == (29, 29, True)
    fuzzed = interval_window(40, now=now, stability=stability, retention=0.9, shape=SHAPE,
                             exam_at=EXAM_AT, fuzz=True)
    assert fuzzed.longest == 29 and fuzzed.cut
    # From day 10 on, a review that is recalled leaves at least 0.9 on the exam day (20 days
    # later, at a stability of at least 20): the whole span is the final window, not only the
    # 3 days fuzz would spread an interval of 29 days over.
    assert fuzzed.shortest == 10 < 29 - round(fuzz_delta(29))
    assert retrievability(20, stability, SHAPE) == pytest.approx(0.9)


def test_the_final_window_is_never_narrower_than_fuzz_spreads() -> None:
    now = EXAM_AT - timedelta(days=30)
    stability = 2.0                      # no earlier day keeps 0.9: fuzz's spread only
    window = interval_window(40, now=now, stability=stability, retention=0.9, shape=SHAPE,
                             exam_at=EXAM_AT, fuzz=True)
    assert (window.shortest, window.longest, window.cut) == (26, 29, True)


def test_a_fuzz_range_across_the_exam_keeps_its_days_before_it() -> None:
    now = EXAM_AT - timedelta(days=30)
    stability = 20.0
    shortest, _ = fuzz_range(31, 36500)
    window = interval_window(31, now=now, stability=stability, retention=0.9, shape=SHAPE,
                             exam_at=EXAM_AT, fuzz=True)
    assert (window.shortest, window.longest, window.cut) == (shortest, 29, True)


def test_nothing_is_cut_after_the_exam_or_without_a_day_left() -> None:
    for now in (EXAM_AT + timedelta(hours=1), EXAM_AT - timedelta(hours=10)):
        window = interval_window(5, now=now, stability=0.5, retention=0.9, shape=SHAPE,
                                 exam_at=EXAM_AT, fuzz=False)
        assert (window.longest, window.cut) == (5, False)


def test_next_exam_is_the_earliest_ahead_over_the_deck() -> None:
    first = Exam("省考", date(2026, 6, 1), frozenset({"a"}))
    second = Exam("国考", EXAM_DAY)
    exams = (second, first)
    assert next_exam(exams, "a", date(2026, 5, 1)) is first
    assert next_exam(exams, "b", date(2026, 5, 1)) is second
    assert next_exam(exams, "a", date(2026, 6, 1)) is second     # the exam day: no longer ahead
    assert next_exam(exams, "a", EXAM_DAY) is None


# -- properties over any interval and exam date ------------------------------------------------

@hypothesis_settings(max_examples=400, deadline=None)
@given(proposed=st.integers(1, 3650), stability=st.floats(0.05, 5000),
       hours_to_exam=st.floats(-48, 400 * 24), retention=st.floats(0.7, 0.99),
       fuzz=st.booleans(), u=st.floats(0, 1, exclude_max=True))
def test_given_interval_is_never_longer_and_lands_in_the_final_window(
        proposed: int, stability: float, hours_to_exam: float, retention: float, fuzz: bool,
        u: float) -> None:
    now = EXAM_AT - timedelta(hours=hours_to_exam)
    planner = IntervalPlanner(retention, SHAPE, fuzz=fuzz, exams=(Exam("x", EXAM_DAY),),
                              tz=UTC, load=DayLoad(), draw=lambda: u)
    window = planner.window(proposed, deck="d", now=now, stability=stability)
    given_days = planner.interval(proposed, deck="d", now=now, stability=stability)
    longest = fuzz_range(proposed, 36500)[1] if fuzz else proposed
    assert 1 <= window.shortest <= given_days <= window.longest <= longest
    due = now + timedelta(days=given_days)
    last = last_interval_before(now, EXAM_AT)
    if now < EXAM_AT and last >= 1:
        recall = retrievability(days_between(now, EXAM_AT), stability, SHAPE)
        assert due < EXAM_AT or recall >= retention
        shortest = fuzz_range(proposed, 36500)[0] if fuzz else proposed
        if window.cut and shortest > last:
            # All of the range was past the exam: the review lands in the final window, the
            # exam's eve and (with fuzz) the days before it that fuzz spreads such an interval
            # over, or from which a recalled card keeps `retention` for the exam day.
            assert given_days <= last
            if not fuzz:
                assert given_days == last
            elif given_days < last - round(fuzz_delta(last)):
                after = days_between(now + timedelta(days=given_days), EXAM_AT)
                assert retrievability(after, stability, SHAPE) >= retention - 1e-9


@hypothesis_settings(max_examples=150, deadline=None)
@given(stability=st.floats(0.5, 400), difficulty=st.floats(1, 10),
       days_since=st.integers(0, 400), days_to_exam=st.integers(1, 200),
       rating=st.sampled_from([fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy]),
       retention=st.sampled_from([0.8, 0.9, 0.95]), seed=st.integers(0, 1000))
def test_no_card_is_due_after_the_exam_with_recall_below_target(
        stability: float, difficulty: float, days_since: int, days_to_exam: int,
        rating: fsrs.Rating, retention: float, seed: int) -> None:
    """A real fsrs review, then the planner: the card is due before the exam, or its predicted
    recall on the exam day stays at or above the desired retention."""
    now = EXAM_AT - timedelta(days=days_to_exam, hours=10)
    card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=stability,
                     difficulty=difficulty, last_review=now - timedelta(days=days_since),
                     due=now)
    scheduler = fsrs.Scheduler(desired_retention=retention, enable_fuzzing=False)
    after, _ = scheduler.review_card(card, rating, now)
    proposed = (after.due - now).days
    draw = random.Random(seed)
    planner = IntervalPlanner(retention, SHAPE, exams=(Exam("x", EXAM_DAY),), tz=UTC,
                              load=DayLoad(), draw=draw.random)
    due = now + timedelta(days=planner.interval(proposed, deck="d", now=now,
                                                stability=after.stability))
    exam_recall = retrievability(days_between(now, EXAM_AT), after.stability, SHAPE)
    assert due < EXAM_AT or exam_recall >= retention


def test_cards_of_other_decks_are_left_alone() -> None:
    now = EXAM_AT - timedelta(days=30)
    planner = IntervalPlanner(0.9, SHAPE, fuzz=False, tz=UTC,
                              exams=(Exam("x", EXAM_DAY, frozenset({"policy"})),))
    assert planner.interval(40, deck="policy", now=now, stability=20) == 29
    assert planner.interval(40, deck="history", now=now, stability=20) == 40


def test_after_the_exam_the_exam_day_is_kept_free() -> None:
    """Reviews whose fuzz range covers the exam day go to the days around it."""
    now = EXAM_AT - timedelta(days=9, hours=10)
    draw = random.Random(5)
    planner = IntervalPlanner(0.9, SHAPE, exams=(Exam("x", EXAM_DAY),), tz=UTC,
                              shares=DayShares(rest_days=frozenset({EXAM_DAY})),
                              load=DayLoad(), draw=draw.random)
    days = [planner.interval(10, deck="d", now=now, stability=100) for _ in range(200)]
    today = planner.today(now)
    assert today + timedelta(days=10) == EXAM_DAY
    assert fuzz_range(10, 36500) == (8, 12)
    assert 10 not in days and {9, 11} <= set(days)
    assert planner.load is not None and planner.load.due_on(EXAM_DAY) == 0


def test_the_load_follows_answered_cards() -> None:
    now = EXAM_AT + timedelta(days=3)
    planner = IntervalPlanner(0.9, SHAPE, fuzz=False, tz=UTC, load=DayLoad())
    planner.interval(5, deck="d", now=now, stability=5)
    day = planner.today(now) + timedelta(days=5)
    assert planner.load is not None and planner.load.due_on(day) == 1
    planner.forget(now + timedelta(days=5))
    assert planner.load.due_on(day) == 0


def test_a_card_scheduled_past_a_new_exam_is_moved_into_the_final_window() -> None:
    now = EXAM_AT - timedelta(days=20, hours=6)
    draw = random.Random(2)
    planner = IntervalPlanner(0.9, SHAPE, exams=(Exam("x", EXAM_DAY),), tz=UTC, load=DayLoad(),
                              draw=draw.random)
    old_due = EXAM_AT + timedelta(days=10)
    planner.load.add(planner.today(old_due))
    # Stability 15, last answered 5 days ago: 25 days to the exam, recall then below 0.9.
    last = now - timedelta(days=5)
    assert retrievability(days_between(last, EXAM_AT), 15, SHAPE) < 0.9
    moved = planner.recheck(deck="d", due=old_due, last_review=last, stability=15, now=now)
    assert moved is not None and moved < EXAM_AT
    eve = last_interval_before(now, EXAM_AT)
    assert eve - round(fuzz_delta(eve)) <= (moved - now).days <= eve == 20
    assert planner.load.due_on(planner.today(old_due)) == 0
    assert planner.load.due_on(planner.today(moved)) == 1
    # Enough recall left on the day, due before the exam, another deck, no day left: kept.
    assert planner.recheck(deck="d", due=old_due, last_review=last, stability=200,
                           now=now) is None
    assert planner.recheck(deck="d", due=EXAM_AT - timedelta(hours=1), last_review=last,
                           stability=15, now=now) is None
    assert recheck_window(old_due, last_review=last, stability=15, now=EXAM_AT - timedelta(
        hours=3), exam_at=EXAM_AT, retention=0.9, shape=SHAPE) is None
    other = IntervalPlanner(0.9, SHAPE, exams=(Exam("x", EXAM_DAY, frozenset({"e"})),), tz=UTC)
    assert other.recheck(deck="d", due=old_due, last_review=last, stability=15, now=now) is None


# -- pacing new cards ------------------------------------------------------------------------------

@pytest.mark.parametrize("unseen, limit", [(500, 1000), (2202, 41), (37, 1000), (300, 5)])
def test_pacing_finishes_new_cards_n_days_before(unseen: int, limit: int) -> None:
    exam = Exam("x", EXAM_DAY)
    day = EXAM_DAY - timedelta(days=60)
    left = unseen
    introduced = {}
    while day < EXAM_DAY:
        count = min(new_cards_today(left, day, exam, limit), left)
        introduced[day] = count
        left -= count
        day += timedelta(days=1)
    finish = EXAM_DAY - timedelta(days=7)
    assert exam.finish_by() == finish
    if limit >= new_cards_needed(unseen, EXAM_DAY - timedelta(days=60), exam):
        assert left == 0
        assert all(count == 0 for day, count in introduced.items() if day > finish)
        paced = [count for day, count in introduced.items() if day <= finish]
        assert max(paced) - min(paced) <= 1              # an even pace, not a rush
    else:
        # Too few a day to finish in time: the learner's limit every day up to the exam's eve.
        assert set(introduced.values()) == {limit} and left == unseen - 60 * limit


def test_new_cards_needed_counts_days_inclusively() -> None:
    exam = Exam("x", date(2026, 3, 31))
    assert new_cards_needed(54, date(2026, 1, 30), exam) == 1          # 54 days to 24 March
    assert new_cards_needed(55, date(2026, 1, 30), exam) == 2
    assert new_cards_needed(10, date(2026, 3, 24), exam) == 10         # the last day to finish
    assert new_cards_needed(10, date(2026, 3, 26), exam) == 2          # late: by the eve, 5 days
    assert new_cards_needed(10, date(2026, 3, 31), exam) == 0
    assert new_cards_needed(0, date(2026, 3, 1), exam) == 0
