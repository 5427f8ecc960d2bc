"""Progress figures on hand-built logs whose answers are worked out by hand: card counts, the
due forecast, reviews per study day across the 04:00 boundary and DST changes, streaks, true
retention, predicted recall (checked against fsrs itself), weakest cards, histories, exams."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import fsrs
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from quiz.core.card_state import CardState, Phase
from quiz.core.clock import study_date
from quiz.core.memory import FSRS_DEFAULT_DECAY
from quiz.core.settings import Settings
from quiz.stats.cards import CardCounts, cards_now, weakest
from quiz.stats.exams import exam_history
from quiz.stats.habit import HEATMAP_DAYS, RecallTally, activity, retention, streaks
from quiz.stats.history import card_history
from quiz.stats.progress import progress
from quiz.stats.scope import Scope
from quiz.storage.schema import ANSWER_CAP_MS
from statskit import BERLIN, DAY, NEW_YORK, SETTINGS, SHANGHAI, Log, calendar, local, scope

NOW = local(SHANGHAI, 2026, 3, 2, 12, 0)        # study day 2 March; it ends 3 March 04:00


@pytest.fixture
def log(tmp_path: Path):
    log = Log(tmp_path)
    yield log
    log.close()


# -- card counts, due and forecast --------------------------------------------------------

def test_counts_split_each_decks_cards_and_due_follows_the_day_boundary(log: Log) -> None:
    a = lambda *args: local(SHANGHAI, *args)  # noqa: E731
    log.card("a", "n1", phase=0)
    log.card("a", "l1", phase=1, due=NOW - timedelta(hours=1), last_review=NOW - DAY)
    log.card("a", "r3", phase=3, due=NOW + timedelta(minutes=10), last_review=NOW - DAY)
    log.card("a", "o1", due=NOW - 5 * DAY, interval_days=3)                  # overdue: today
    log.card("a", "y1", due=a(2026, 3, 3, 3, 59), interval_days=5)           # still today
    log.card("a", "y2", due=a(2026, 3, 3, 4, 0), interval_days=20.9)         # tomorrow
    log.card("a", "m1", due=a(2026, 3, 4, 3, 0), interval_days=21)           # tomorrow, mature
    log.card("a", "m2", due=a(2026, 3, 8, 12, 0), interval_days=100)         # day 6: this week
    log.card("a", "x", due=a(2026, 3, 9, 4, 0), interval_days=30, lapses=8, leech=True)  # day 7
    log.card("a", "s1", due=NOW, interval_days=3, lapses=9, leech=True, suspended=True)
    log.card("a", "gone", due=NOW, interval_days=40)        # stored, but no loaded deck has it
    figures = cards_now(log.store, scope({
        "a": ["n0", "n1", "l1", "r3", "o1", "y1", "y2", "m1", "m2", "x", "s1"],
        "b": ["only"], "c": []}), calendar(NOW), SETTINGS)
    assert figures.decks["a"] == CardCounts(total=11, new=2, learning=2, young=3, mature=3,
                                            suspended=1, leeches=2, due_today=4, due_tomorrow=2,
                                            due_week=7)
    assert figures.decks["b"] == CardCounts(total=1, new=1)
    assert figures.decks["c"] == CardCounts()
    assert figures.total == replace(figures.decks["a"], total=12, new=3)
    due = list(figures.forecast.due)
    assert len(due) == 30 and due[:8] == [4, 2, 0, 0, 0, 0, 1, 1] and sum(due[8:]) == 0
    assert figures.forecast.average == pytest.approx(8 / 30)
    assert figures.forecast.days[0] == date(2026, 3, 2)


def test_forecast_days_are_local_study_days_across_a_dst_change(log: Log) -> None:
    now = local(BERLIN, 2026, 3, 28, 12, 0)     # clocks go forward on 29 March at 02:00
    log.card("d", "before-four", due=datetime(2026, 3, 29, 1, 30, tzinfo=UTC))  # 03:30 CEST
    log.card("d", "after-four", due=datetime(2026, 3, 29, 2, 30, tzinfo=UTC))   # 04:30 CEST
    log.card("d", "next-day", due=datetime(2026, 3, 30, 2, 0, tzinfo=UTC))      # 04:00 CEST
    figures = cards_now(log.store, scope({"d": ["before-four", "after-four", "next-day"]}),
                        calendar(now, BERLIN), SETTINGS)
    assert figures.forecast.due[:3] == (1, 1, 1)


# -- reviews per day, time, streaks ----------------------------------------------------------

def days_by_date(figures) -> dict[date, int]:
    return {day.date: day.answers for day in figures.days if day.answers}


def test_answers_count_on_the_study_day_they_belong_to_across_four_oclock(log: Log) -> None:
    card = log.card("a", "c")
    a = lambda *args: local(SHANGHAI, *args)  # noqa: E731
    log.answer(card, a(2026, 3, 1, 3, 59))                 # still 28 February's study day
    log.answer(card, a(2026, 3, 1, 4, 0))
    log.answer(card, a(2026, 3, 2, 3, 0))                  # still 1 March
    log.answer(card, a(2026, 3, 2, 11, 0), kind="cram")    # cram answers count too
    log.answer(card, a(2026, 3, 2, 11, 5), rating=None, kind="reset")   # a reset is no answer
    log.answer(card, a(2026, 3, 2, 11, 6), kind="import")  # nor a review from an imported log
    log.answer(card, a(2025, 3, 3, 4, 0))                  # the first day of the window
    log.answer(card, a(2025, 3, 3, 3, 59))                 # a day too early
    figures = activity(log.store, scope({"a": ["c"]}), calendar(NOW))
    assert len(figures.days) == HEATMAP_DAYS
    assert (figures.days[0].date, figures.days[-1].date) == (date(2025, 3, 3), date(2026, 3, 2))
    assert days_by_date(figures) == {date(2025, 3, 3): 1, date(2026, 2, 28): 1,
                                     date(2026, 3, 1): 2, date(2026, 3, 2): 1}
    assert (figures.answers, figures.days_studied) == (5, 4)


@pytest.mark.parametrize(("tz", "now", "answers", "expected"), [
    # Berlin, spring: 29 March starts at 04:00 CEST = 02:00 UTC (the day before at 03:00 UTC).
    (BERLIN, local(BERLIN, 2026, 3, 30, 12, 0),
     [(2026, 3, 28, 2, 30), (2026, 3, 28, 3, 30), (2026, 3, 29, 1, 30), (2026, 3, 29, 2, 30)],
     {date(2026, 3, 27): 1, date(2026, 3, 28): 2, date(2026, 3, 29): 1}),
    # Berlin, autumn: 25 October starts at 04:00 CET = 03:00 UTC (the day before at 02:00 UTC).
    (BERLIN, local(BERLIN, 2026, 10, 26, 12, 0),
     [(2026, 10, 24, 2, 0), (2026, 10, 25, 2, 30), (2026, 10, 25, 3, 0)],
     {date(2026, 10, 24): 2, date(2026, 10, 25): 1}),
    # New York, spring: 8 March starts at 04:00 EDT = 08:00 UTC (the day before at 09:00 UTC).
    (NEW_YORK, local(NEW_YORK, 2026, 3, 9, 12, 0),
     [(2026, 3, 7, 8, 30), (2026, 3, 7, 9, 0), (2026, 3, 8, 7, 30), (2026, 3, 8, 8, 0)],
     {date(2026, 3, 6): 1, date(2026, 3, 7): 2, date(2026, 3, 8): 1}),
])
def test_study_days_follow_the_local_clock_across_dst_changes(log: Log, tz, now, answers,
                                                              expected) -> None:
    card = log.card("a", "c")
    for moment in answers:
        log.answer(card, datetime(*moment, tzinfo=UTC))
    figures = activity(log.store, scope({"a": ["c"]}), calendar(now, tz))
    assert days_by_date(figures) == expected


def test_time_spent_caps_each_answer_at_a_minute(log: Log) -> None:
    card = log.card("a", "c")
    for duration in (4000, 5 * ANSWER_CAP_MS, None):
        log.answer(card, NOW - timedelta(hours=1), duration_ms=duration)
    log.answer(card, NOW - 2 * DAY, duration_ms=7000)
    figures = activity(log.store, scope({"a": ["c"]}), calendar(NOW))
    assert [day.time_ms for day in figures.days[-3:]] == [7000, 0, 4000 + ANSWER_CAP_MS]
    assert figures.time_ms == 11000 + ANSWER_CAP_MS


@pytest.mark.parametrize(("days_ago", "expected"), [
    # Today, the two days before, a gap, then a week of study.
    ([0, 1, 2, *range(4, 11)], (3, 7)),
    # Not yet today: the streak runs to yesterday.
    ([1, 2, 5], (2, 2)),
    # Nothing yesterday: no current streak.
    ([2, 3, 4], (0, 3)),
    # The longest streak is found beyond the heatmap's year.
    ([0, *range(700, 710)], (1, 10)),
    ([], (0, 0)),
])
def test_streaks(log: Log, days_ago: list[int], expected: tuple[int, int]) -> None:
    card = log.card("a", "c")
    for back in days_ago:
        # 04:30 local: early in each study day, so a wrong day boundary would show.
        log.answer(card, local(SHANGHAI, 2026, 3, 2, 4, 30) - back * DAY)
    assert streaks(log.store, scope({"a": ["c"]}), calendar(NOW)) == expected
    assert activity(log.store, scope({"a": ["c"]}), calendar(NOW)).current_streak == expected[0]


@hypothesis_settings(max_examples=40, deadline=None)
@given(offsets=st.lists(st.integers(min_value=-400 * 86400, max_value=86399), max_size=30),
       tz=st.sampled_from([SHANGHAI, BERLIN, NEW_YORK, UTC]),
       hour=st.integers(min_value=0, max_value=23))
def test_every_answer_lands_on_its_own_study_day(offsets, tz, hour) -> None:
    now = datetime(2026, 3, 30, 11, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as root:
        log = Log(Path(root))
        try:
            card = log.card("a", "c")
            moments = [now + timedelta(seconds=offset) for offset in offsets]
            for moment in moments:
                log.answer(card, moment)
            figures = activity(log.store, scope({"a": ["c"]}), calendar(now, tz, hour))
        finally:
            log.close()
    window = {day.date for day in figures.days}
    expected: dict[date, int] = {}
    for moment in moments:
        day = study_date(moment, hour, tz)
        if day in window:
            expected[day] = expected.get(day, 0) + 1
    assert figures.days[-1].date == study_date(now, hour, tz)
    assert days_by_date(figures) == expected


# -- true retention -------------------------------------------------------------------------

def test_true_retention_counts_review_answers_by_period_young_and_mature(log: Log) -> None:
    card = log.card("a", "c")
    today = NOW - timedelta(hours=2)
    log.answer(card, today, rating=3, interval_before=5)            # young pass
    log.answer(card, today, rating=1, interval_before=5)            # young lapse
    log.answer(card, today, rating=2, interval_before=30)           # mature: Hard passes
    log.answer(card, today, rating=3, interval_before=21)           # 21 days is mature
    log.answer(card, today, rating=1, kind="cram")                  # cram: not counted
    log.answer(card, today, rating=1, phase_before=1, interval_before=None)   # learning
    log.answer(card, today, rating=1, phase_before=3, interval_before=0.01)   # relearning
    log.answer(card, NOW - 3 * DAY, rating=1, interval_before=40)
    log.answer(card, NOW - 3 * DAY, rating=4, interval_before=40)
    log.answer(card, NOW - 20 * DAY, rating=3, interval_before=2)
    log.answer(card, NOW - 20 * DAY, rating=3, interval_before=2)
    log.answer(card, NOW - 200 * DAY, rating=1, interval_before=60)
    log.answer(card, NOW - 400 * DAY, rating=3, interval_before=60)  # beyond a year
    log.exam(today, [(card, False)])                                 # exams: not counted
    figures = retention(activity(log.store, scope({"a": ["c"]}), calendar(NOW)), 0.9)
    tallies = {days: (young, mature) for days, (young, mature) in figures.periods.items()}
    assert tallies == {
        1: (RecallTally(1, 2), RecallTally(2, 2)),
        7: (RecallTally(1, 2), RecallTally(3, 4)),
        30: (RecallTally(3, 4), RecallTally(3, 4)),
        365: (RecallTally(3, 4), RecallTally(3, 5)),
    }
    assert figures.desired == 0.9
    assert tallies[365][1].rate == pytest.approx(0.6)
    assert RecallTally().rate is None


# -- predicted recall ----------------------------------------------------------------------------

def fsrs_recall(scheduler: fsrs.Scheduler, stability: float, last_review: datetime) -> float:
    card = fsrs.Card(state=fsrs.State.Review, stability=stability, difficulty=5.0,
                     last_review=last_review, due=last_review + DAY)
    return scheduler.get_card_retrievability(card, NOW)


@pytest.mark.parametrize("parameters", [None, (*fsrs.scheduler.DEFAULT_PARAMETERS[:20], 0.5)])
def test_recall_now_matches_fsrs_and_counts_cards_below_the_target(log: Log,
                                                                   parameters) -> None:
    cards = {"fresh": (50.0, NOW - DAY), "due": (10.0, NOW - 10 * DAY),
             "late": (2.0, NOW - 30 * DAY), "hours": (3.0, NOW - timedelta(hours=30))}
    for name, (stability, last) in cards.items():
        log.card("a", name, due=last + 5 * DAY, last_review=last, stability=stability)
    log.card("a", "learning", phase=1, due=NOW, last_review=NOW - DAY, stability=0.5)
    log.card("a", "paused", due=NOW, last_review=NOW - 90 * DAY, stability=1.0, suspended=True)
    log.card("a", "fresh-new", phase=0)
    settings = Settings(parameters=parameters, desired_retention=0.9)
    figures = cards_now(log.store, scope({"a": [*cards, "learning", "paused", "fresh-new"]}),
                        calendar(NOW), settings)
    scheduler = fsrs.Scheduler(parameters=parameters or fsrs.scheduler.DEFAULT_PARAMETERS)
    expected = [fsrs_recall(scheduler, s, last) for s, last in cards.values()]
    expected.append(fsrs_recall(scheduler, 0.5, NOW - DAY))
    assert figures.recall.cards == 5
    assert figures.recall.average == pytest.approx(sum(expected) / len(expected))
    assert figures.recall.below_desired == sum(1 for r in expected if r < 0.9)
    assert 0 < figures.recall.below_desired < 5


def test_the_default_decay_is_fsrs_own() -> None:
    assert FSRS_DEFAULT_DECAY == fsrs.scheduler.DEFAULT_PARAMETERS[20]


# -- weakest cards -------------------------------------------------------------------------------

def test_weakest_cards_by_lapses_leech_recall_and_answer_time(log: Log) -> None:
    ids = {
        "a": log.card("w", "a", lapses=5, stability=50, last_review=NOW - DAY, due=NOW + DAY),
        "b": log.card("w", "b", lapses=9, leech=True, stability=2, last_review=NOW - 30 * DAY,
                      due=NOW),
        "c": log.card("w", "c", lapses=2, stability=1, last_review=NOW - 60 * DAY, due=NOW),
        "d": log.card("w", "d", stability=100, last_review=NOW - DAY, due=NOW + 9 * DAY),
        "e": log.card("w", "e", lapses=20, leech=True, stability=1,
                      last_review=NOW - 99 * DAY, due=NOW, suspended=True),
        "f": log.card("w", "f", phase=0),
    }
    for name, durations in {"a": [10_000, 20_000], "d": [200_000], "b": [5_000],
                            "c": [2_000], "e": [100_000]}.items():
        for duration in durations:
            log.answer(ids[name], NOW - 2 * DAY, duration_ms=duration)
    log.answer(ids["c"], NOW - 40 * DAY, duration_ms=90_000)     # before the 30-day window
    figures = weakest(log.store, scope({"w": list(ids)}), calendar(NOW), SETTINGS)
    keys = {name: [card.card for card in cards] for name, cards in figures.items()}
    assert keys == {"lapses": ["b", "a", "c"], "leeches": ["b"],
                    "retrievability": ["c", "b", "a", "d"], "slowest": ["d", "a", "b", "c"]}
    slowest = {card.card: (card.mean_answer_ms, card.answers) for card in figures["slowest"]}
    assert slowest == {"d": (60_000, 1), "a": (15_000, 2), "b": (5_000, 1), "c": (2_000, 1)}
    b = figures["leeches"][0]
    assert (b.key, b.lapses, b.leech) == ("w/b", 9, True)
    short = weakest(log.store, scope({"w": list(ids)}), calendar(NOW), SETTINGS, limit=2)
    assert [card.card for card in short["retrievability"]] == ["c", "b"]


# -- one card's history ------------------------------------------------------------------------

def test_card_history_lists_every_entry_in_time_order_with_the_interval_given(log: Log) -> None:
    card = log.card("h", "c", due=NOW + 3 * DAY, last_review=NOW - DAY, stability=4.0,
                    lapses=1)
    state = CardState(phase=Phase.REVIEW, stability=4.0, difficulty=5.0, due=NOW + 3 * DAY,
                      last_review=NOW - DAY, reps=3, lapses=1)
    log.answer(card, NOW - 5 * DAY, rating=3, phase_before=0, interval_before=None,
               state_after=replace(state, due=NOW - 4 * DAY).to_json(card), reply="29.4")
    log.exam(NOW - 3 * DAY, [(card, False)])
    log.answer(card, NOW - 2 * DAY, rating=1, kind="cram",
               state_after=replace(state, due=NOW - 4 * DAY).to_json(card))
    log.answer(card, NOW - DAY, rating=3, state_after=state.to_json(card))
    history = card_history(log.store, "h", "c", calendar(NOW), SETTINGS)
    assert [(e.kind, e.rating, e.correct) for e in history.entries] == [
        ("study", 3, None), ("exam", None, False), ("cram", 1, None), ("study", 3, None)]
    first, exam, cram, last = history.entries
    assert first.reply == "29.4" and first.interval_days == pytest.approx(1.0)
    assert exam.time == NOW - 3 * DAY and exam.interval_days is None
    assert cram.interval_days is None
    assert last.interval_days == pytest.approx(4.0) and last.due_after == NOW + 3 * DAY
    assert history.state.phase is Phase.REVIEW and history.state.lapses == 1
    assert not history.suspended
    expected = fsrs_recall(fsrs.Scheduler(), 4.0, NOW - DAY)
    assert history.retrievability == pytest.approx(expected)
    assert card_history(log.store, "h", "never", calendar(NOW), SETTINGS) is None


# -- exams -------------------------------------------------------------------------------------

def test_exam_scores_over_time_by_deck_and_by_tag(log: Log) -> None:
    a1, a2, b1 = log.card("a", "a1"), log.card("a", "a2"), log.card("b", "b1")
    log.exam(NOW - 10 * DAY, [(a1, True), (a2, False), (b1, True)])
    log.exam(NOW - 2 * DAY, [(a1, True), (b1, False)], finished=False)
    everything = scope({"a": ["a1", "a2"], "b": ["b1"]}, tags={"a": ("金融",), "b": ("科技",)})
    figures = exam_history(log.store, everything)
    assert [(e.questions, e.correct, round(e.score, 1)) for e in figures.exams] == [
        (3, 2, 66.7), (2, 1, 50.0)]
    assert [e.answered for e in figures.exams] == [3, 2]
    assert figures.exams[0].finished is not None and figures.exams[1].finished is None
    assert figures.by_deck == {"a": RecallTally(2, 3), "b": RecallTally(1, 2)}
    assert figures.by_tag == {"金融": RecallTally(2, 3), "科技": RecallTally(1, 2)}
    only_a = exam_history(log.store, scope({"a": ["a1", "a2"]}, tags={"a": ("金融",)},
                                           whole_log=False))
    assert [(e.questions, e.correct) for e in only_a.exams] == [(2, 1), (1, 1)]
    assert only_a.by_deck == {"a": RecallTally(2, 3)} and set(only_a.by_tag) == {"金融"}


def test_exam_tallies_by_tag_follow_each_cards_own_tags_where_it_has_them(log: Log) -> None:
    a1, a2, a3, b1 = (log.card("a", "a1"), log.card("a", "a2"), log.card("a", "a3"),
                      log.card("b", "b1"))
    log.exam(NOW - DAY, [(a1, True), (a2, False), (a3, True), (b1, False)])
    log.exam(NOW - 3 * DAY, [(a2, True), (b1, True)])
    figures = exam_history(log.store, Scope(
        cards={"a": ("a1", "a2", "a3"), "b": ("b1",)},
        deck_tags={"a": ("金融",), "b": ("科技",)},
        card_tags={"a": {"a2": ("利率", "金融"), "a3": ()}}))     # a3: no tags at all
    assert figures.by_deck == {"a": RecallTally(3, 4), "b": RecallTally(1, 2)}
    assert figures.by_tag == {"利率": RecallTally(1, 2), "科技": RecallTally(1, 2),
                              "金融": RecallTally(2, 3)}


# -- scope and the whole report ------------------------------------------------------------------

def test_named_decks_count_only_their_own_history(log: Log) -> None:
    mine = log.card("a", "c", due=NOW + 3 * DAY, interval_days=4)
    old = log.card("retired", "x")
    log.answer(mine, NOW - timedelta(hours=1))
    log.answer(old, NOW - timedelta(hours=2))
    log.answer(old, NOW - DAY)
    whole = progress(log.store, scope({"a": ["c"]}), calendar(NOW), SETTINGS)
    named = progress(log.store, scope({"a": ["c"]}, whole_log=False), calendar(NOW), SETTINGS)
    assert (whole.activity.answers, whole.activity.current_streak) == (3, 2)
    assert (named.activity.answers, named.activity.current_streak) == (1, 1)
    assert whole.total == named.total == CardCounts(total=1, young=1, due_week=1)


def test_an_empty_store_gives_zeros_not_errors(log: Log) -> None:
    figures = progress(log.store, scope({"a": ["c0", "c1"]}), calendar(NOW), SETTINGS)
    assert figures.total == CardCounts(total=2, new=2)
    assert figures.activity.answers == 0 and figures.activity.longest_streak == 0
    assert figures.recall.cards == 0 and figures.recall.average is None
    assert all(not cards for cards in figures.weakest.values())
    assert figures.exams.exams == () and figures.forecast.average == 0
    assert figures.today == date(2026, 3, 2)
