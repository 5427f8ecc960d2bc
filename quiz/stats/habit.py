"""The study habit: answers, time and recall per study day, streaks, and true retention.

Over the whole log these read the store's 15-minute sums of it (`review_buckets`) rather than
the answers themselves (`quiz.storage.queries`); nothing here imports Textual or fsrs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from quiz.storage.queries import day_tallies, days_studied, first_answer_ms

if TYPE_CHECKING:
    from quiz.stats.scope import Scope, StudyCalendar
    from quiz.storage.store import Store

HEATMAP_DAYS = 365
RETENTION_PERIODS = (1, 7, 30, 365)   # study days back, today included


@dataclass(frozen=True)
class RecallTally:
    """Review-state study answers: how many were given and how many passed (Hard or better)."""

    passed: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None

    def __add__(self, other: RecallTally) -> RecallTally:
        return RecallTally(self.passed + other.passed, self.total + other.total)


@dataclass(frozen=True)
class Day:
    """One study day of the log: answers given, time spent answering, and recall tallies."""

    date: date
    answers: int = 0
    time_ms: int = 0
    young: RecallTally = RecallTally()
    mature: RecallTally = RecallTally()


@dataclass(frozen=True)
class Activity:
    """The last `len(days)` study days (oldest first, today last) and the streaks."""

    days: tuple[Day, ...]
    current_streak: int
    longest_streak: int

    @property
    def answers(self) -> int:
        return sum(day.answers for day in self.days)

    @property
    def time_ms(self) -> int:
        return sum(day.time_ms for day in self.days)

    @property
    def days_studied(self) -> int:
        return sum(1 for day in self.days if day.answers)


def activity(store: Store, scope: Scope, calendar: StudyCalendar,
             days: int = HEATMAP_DAYS) -> Activity:
    """Answers, time and recall per study day for the last `days` days, and the streaks."""
    first = calendar.today - timedelta(days=days - 1)
    result = []
    for n, (answers, time_ms, young_passed, young_total, mature_passed, mature_total) in \
            enumerate(day_tallies(store, calendar.day_ranges(1 - days, 0),
                                  scope.log_decks_json())):
        result.append(Day(first + timedelta(days=n), answers, time_ms,
                          RecallTally(young_passed, young_total),
                          RecallTally(mature_passed, mature_total)))
    current, longest = streaks(store, scope, calendar)
    return Activity(tuple(result), current, longest)


def streaks(store: Store, scope: Scope, calendar: StudyCalendar) -> tuple[int, int]:
    """(current, longest) runs of consecutive study days with at least one answer.

    Today counts once something is answered; until then the current streak runs to yesterday.
    """
    decks = scope.log_decks_json()
    first = first_answer_ms(store, decks)
    if first is None:
        return 0, 0
    span = max(0, (calendar.today - calendar.date_of(first)).days)
    studied = days_studied(store, calendar.day_ranges(-span, 0), decks)
    longest = run = 0
    for hit in studied:
        run = run + 1 if hit else 0
        longest = max(longest, run)
    current = 0
    for hit in reversed(studied[:-1] if studied and not studied[-1] else studied):
        if not hit:
            break
        current += 1
    return current, longest


@dataclass(frozen=True)
class Retention:
    """True retention over the last few study days, beside the desired retention."""

    desired: float
    periods: dict[int, tuple[RecallTally, RecallTally]]   # days → (young, mature)


def retention(activity: Activity, desired: float,
              periods: Sequence[int] = RETENTION_PERIODS) -> Retention:
    """Passed share of review-state study answers, young and mature, over each period."""
    result = {}
    for length in periods:
        recent = activity.days[-length:]
        result[length] = (sum((day.young for day in recent), RecallTally()),
                          sum((day.mature for day in recent), RecallTally()))
    return Retention(desired, result)
