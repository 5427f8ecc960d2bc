"""Fuzz ranges, load balancing, easy days and the Chinese working calendar."""

from __future__ import annotations

import random
from datetime import date, timedelta

import fsrs
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from quiz.core.calendar import USUAL, DayShares, WorkingCalendar, check_calendar, parse_easy_days
from quiz.study.workload import DayLoad, day_weights, fuzz_range, pick_day

MONDAY = date(2026, 3, 2)


def test_fuzz_range_is_the_one_fsrs_draws_from() -> None:
    """fsrs draws round(u · (hi − lo + 1) + lo): every day of the range, and (its rounding) at
    most one day above it; never below it."""
    scheduler = fsrs.Scheduler(maximum_interval=400)
    for interval in (1, 2, 3, 5, 8, 21, 60, 200, 399):
        shortest, longest = fuzz_range(interval, 400)
        random.seed(interval)
        drawn = {scheduler._get_fuzzed_interval(interval=timedelta(days=interval)).days
                 for _ in range(4000)}
        assert min(drawn) == shortest
        assert set(range(shortest, longest + 1)) <= drawn <= set(range(shortest, longest + 2))


@pytest.mark.parametrize("interval, expected", [
    (2, (2, 2)), (3, (2, 4)), (7, (5, 9)), (17, (14, 20)), (37, (33, 41)), (100, (93, 107))])
def test_fuzz_range_matches_ankis_table(interval: int, expected: tuple[int, int]) -> None:
    # Anki's fuzz.rs test: 7 → 5..9, 17 → 14..20, 37 → 33..41 (fsrs never goes below 2 days).
    assert fuzz_range(interval, 36500) == expected


def test_fuzz_range_never_passes_the_maximum_interval() -> None:
    assert fuzz_range(95, 95) == (88, 95)
    assert fuzz_range(3, 3) == (2, 3)


@hypothesis_settings(max_examples=300, deadline=None)
@given(interval=st.integers(1, 3000), u=st.floats(0, 1, exclude_max=True),
       loads=st.lists(st.integers(0, 50), min_size=0, max_size=120),
       sunday=st.sampled_from([0.0, 0.3, 0.5, 1.0]), start=st.integers(0, 6))
def test_load_balancing_never_leaves_the_fuzz_range(interval: int, u: float, loads: list[int],
                                                    sunday: float, start: int) -> None:
    today = MONDAY + timedelta(days=start)
    load = DayLoad()
    for offset, count in enumerate(loads):
        load.counts[today + timedelta(days=offset)] = count
    shortest, longest = fuzz_range(interval, 36500)
    shares = DayShares(USUAL[:6] + (sunday,))
    chosen = pick_day(shortest, longest, u=u, review_day=today, load=load, shares=shares)
    assert shortest <= chosen <= longest


def test_an_empty_day_is_preferred() -> None:
    load = DayLoad()
    for offset in range(18, 24):
        load.counts[MONDAY + timedelta(days=offset)] = 30
    load.counts[MONDAY + timedelta(days=22)] = 0
    picks = [pick_day(18, 23, u=u / 1000, review_day=MONDAY, load=load) for u in range(1000)]
    assert picks.count(22) >= 999


def test_weights_fall_with_the_load_and_the_length() -> None:
    load = DayLoad()
    for offset, count in ((10, 5), (11, 10), (12, 5)):
        load.counts[MONDAY + timedelta(days=offset)] = count
    ten, eleven, twelve = day_weights(10, 12, MONDAY, load, DayShares())
    assert ten > twelve > eleven       # fewer reviews weigh more; the nearer of equals more


def test_intervals_past_90_days_are_fuzzed_uniformly() -> None:
    load = DayLoad()
    load.counts[MONDAY + timedelta(days=95)] = 0
    for offset in range(90, 101):
        if offset != 95:
            load.counts[MONDAY + timedelta(days=offset)] = 100
    picks = [pick_day(90, 100, u=u / 110, review_day=MONDAY, load=load) for u in range(110)]
    assert set(picks) == set(range(90, 101))


def test_easy_days_reduce_a_days_share() -> None:
    """Reviews placed over weeks of ranges: a Sunday at 0.5 ends with about half the reviews
    of a usual day, a Sunday at 0 with next to none."""
    for sunday, low, high in ((0.5, 0.35, 0.65), (0.0, 0.0, 0.0)):
        shares = DayShares(USUAL[:6] + (sunday,))
        load = DayLoad()
        draw = random.Random(7)
        for _ in range(3000):
            pick = pick_day(8, 20, u=draw.random(), review_day=MONDAY, load=load, shares=shares)
            load.add(MONDAY + timedelta(days=pick))
        days = [MONDAY + timedelta(days=offset) for offset in range(8, 21)]
        sundays = [load.due_on(day) for day in days if day.weekday() == 6]
        others = [load.due_on(day) for day in days if day.weekday() != 6]
        ratio = (sum(sundays) / len(sundays)) / (sum(others) / len(others))
        assert low <= ratio <= high, (sunday, ratio)


def test_rest_days_carry_nothing() -> None:
    exam_day = MONDAY + timedelta(days=10)
    shares = DayShares(rest_days=frozenset({exam_day}))
    assert shares.share(exam_day) == 0 and shares.share(MONDAY) == 1
    weights = day_weights(9, 11, MONDAY, DayLoad(), shares)
    assert weights == [1.0, 0.0, 1.0]
    assert pick_day(10, 10, u=0.5, review_day=MONDAY, load=DayLoad(), shares=shares) == 10


# -- the working calendar ------------------------------------------------------------------------

# The State Council's 2026 notice: Saturday 28 February is worked to bridge the Spring Festival;
# Friday 20 February is a day off in lieu; Saturday 14 February too is worked.
MAKEUP_SATURDAY = date(2026, 2, 28)
DAY_OFF_FRIDAY = date(2026, 2, 20)


def test_a_makeup_saturday_counts_as_a_working_day() -> None:
    calendar = WorkingCalendar("CN")
    assert calendar.is_makeup_workday(MAKEUP_SATURDAY)
    assert calendar.is_makeup_workday(date(2026, 2, 14))
    assert not calendar.is_makeup_workday(date(2026, 3, 7))          # an ordinary Saturday
    weekends_easy = parse_easy_days({"sat": 0.5, "sun": 0.5})
    shares = DayShares.from_settings(weekends_easy, "CN")
    assert shares.share(MAKEUP_SATURDAY) == 1.0
    assert shares.share(date(2026, 3, 7)) == 0.5
    without = DayShares.from_settings(weekends_easy)
    assert without.share(MAKEUP_SATURDAY) == 0.5


def test_a_public_holiday_takes_sundays_share() -> None:
    shares = DayShares.from_settings(parse_easy_days({"sun": 0.3}), "CN")
    assert shares.share(DAY_OFF_FRIDAY) == 0.3                        # day off in lieu
    assert shares.share(date(2025, 10, 1)) == 0.3                     # National Day, Wednesday
    assert shares.share(date(2025, 10, 9)) == 1.0                     # back to work, Thursday


def test_the_load_balancer_treats_the_makeup_saturday_as_a_working_day() -> None:
    """Ranges over Thursday 26 February to Monday 2 March 2026, weekends at 0: the made-up
    Saturday takes reviews like the weekdays around it, the Sunday none."""
    shares = DayShares.from_settings(parse_easy_days({"sat": 0.0, "sun": 0.0}), "CN")
    review_day = date(2026, 2, 16)
    load = DayLoad()
    draw = random.Random(3)
    for _ in range(500):
        pick = pick_day(10, 14, u=draw.random(), review_day=review_day, load=load, shares=shares)
        load.add(review_day + timedelta(days=pick))
    assert load.due_on(MAKEUP_SATURDAY) >= 80
    assert load.due_on(date(2026, 3, 1)) == 0


def test_easy_days_settings_are_checked() -> None:
    assert parse_easy_days({}) == USUAL
    assert parse_easy_days({"sun": 0.5, "sat": 1})[5:] == (1.0, 0.5)
    for bad, words in (({"sunday": 0.5}, "unknown day"), ({"sun": 1.5}, "from 0 to 1"),
                       ({"sun": True}, "from 0 to 1"), ([0.5], "a table")):
        with pytest.raises(ValueError, match=words):
            parse_easy_days(bad)


def test_calendar_setting_is_checked() -> None:
    assert check_calendar(None) is None
    assert check_calendar("cn") == "CN"
    for bad in ("XX", 86, ""):
        with pytest.raises(ValueError, match="country code"):
            check_calendar(bad)


def test_the_queue_looks_as_far_ahead_as_the_load_balancer() -> None:
    from quiz.study.queue import LOAD_DAYS
    from quiz.study.workload import MAX_BALANCED_INTERVAL, fuzz_range

    assert LOAD_DAYS >= fuzz_range(MAX_BALANCED_INTERVAL, 36500)[1]
