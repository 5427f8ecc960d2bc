"""Scheduling toward an exam date: intervals cut to land before the exam, and new cards paced.

Plain FSRS aims at the desired retention on average, forever. While an exam lies ahead, a card
of its decks is never given an interval past the exam when its predicted recall on the exam day
would then fall below the target (the exam's own `retention`, else the desired retention): the
interval is cut so that the card's review lands in the final window before the exam — the days
from which the review, if recalled, still leaves the target on the exam day, and never fewer
than fuzz would spread an interval of that length — where the load balancer spreads those
reviews rather than crowd the eve. A card whose recall on the exam day stays at or above the
target keeps its interval, even past the exam: reviewing it again before the exam would cost a
review and buy little.

A card scheduled before the exam was set (or moved) may already be due after it with too
little recall left on the exam day; `recheck_window` moves such a card into the final window
too, once, when the exam is set.

Only intervals of whole days are ever cut (learning steps are not), and only ever shortened.
The exam is taken to start when its study day does; a card due on the exam day is due after
the exam. After the exam, intervals are FSRS's own again, and the load balancer keeps the exam
day itself free (the learner sits the exam that day), so the reviews that would fall on it
spread over the neighbouring days of their fuzz ranges.

New cards are paced to be all seen `days_before` days (7 by default) before the exam: each day,
the cards not yet seen over the study days left until then, rounded up, and never more than
the learner's own daily limit.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from quiz.core.calendar import FINISH_DAYS_BEFORE, DayShares, Exam
from quiz.core.clock import study_date
from quiz.core.memory import Curve, curve, days_between, days_to_reach, retrievability
from quiz.study.workload import DayLoad, fuzz_delta, fuzz_range, pick_day

if TYPE_CHECKING:
    from quiz.core.settings import Settings


def exam_start(day: date, day_starts_at: int, tz: tzinfo | None = None) -> datetime:
    """The moment the exam's study day begins: the local hour a day starts, on that date."""
    moment = datetime.combine(day, time(day_starts_at), tzinfo=tz)
    return moment if tz is not None else moment.astimezone()


def next_exam(exams: Iterable[Exam], deck: str, today: date) -> Exam | None:
    """The earliest exam still ahead (after today) whose decks include `deck`."""
    ahead = [exam for exam in exams if exam.date > today and exam.covers(deck)]
    return min(ahead, key=lambda exam: exam.date, default=None)


# -- intervals -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Window:
    """The whole-day intervals a review may be given, and whether they were cut for an exam."""

    shortest: int
    longest: int
    cut: bool = False


def last_interval_before(now: datetime, exam_at: datetime) -> int:
    """The longest whole-day interval from `now` that is still due before `exam_at` (0: none)."""
    return max(math.ceil(days_between(now, exam_at)) - 1, 0)


def interval_window(proposed: int, *, now: datetime, stability: float, retention: float,
                    shape: Curve, exam_at: datetime | None = None,
                    maximum_interval: int = 36500, fuzz: bool = True) -> Window:
    """The intervals a review at `now` may be given, from the one FSRS proposes (unfuzzed).

    With fuzz, FSRS's fuzz range, else the proposed interval alone. If an exam lies ahead
    (`exam_at`), part of that range is past it, and a day remains before it, and the card's
    recall on the exam day (after `stability`, with no review in between) would be below
    `retention`, then the range is cut to the days before the exam: what is left of it, or,
    when all of it is past the exam, the final window — the last day before the exam and, with
    fuzz, as many days below it as fuzz would spread an interval of that length.
    """
    shortest, longest = fuzz_range(proposed, maximum_interval) if fuzz else (proposed, proposed)
    if exam_at is None or now >= exam_at:
        return Window(shortest, longest)
    last = last_interval_before(now, exam_at)
    if longest <= last or last < 1:
        return Window(shortest, longest)
    if retrievability(days_between(now, exam_at), stability, shape) >= retention:
        return Window(shortest, longest)
    if shortest <= last:
        return Window(shortest, last, cut=True)
    return final_window(last, days_to_exam=days_between(now, exam_at), stability=stability,
                        retention=retention, shape=shape, fuzz=fuzz)


def recheck_window(due: datetime, *, last_review: datetime, stability: float, now: datetime,
                   exam_at: datetime, retention: float, shape: Curve,
                   fuzz: bool = True) -> Window | None:
    """For a card scheduled before the exam was known: when it is due after the exam and its
    recall on the exam day would be below `retention`, the final window (days from `now`) to
    move it into; None when it may stay (or no day remains before the exam)."""
    last = last_interval_before(now, exam_at)
    if due < exam_at or last < 1:
        return None
    if retrievability(days_between(last_review, exam_at), stability, shape) >= retention:
        return None
    return final_window(last, days_to_exam=days_between(now, exam_at), stability=stability,
                        retention=retention, shape=shape, fuzz=fuzz)


def final_window(last: int, *, days_to_exam: float, stability: float, retention: float,
                 shape: Curve, fuzz: bool = True) -> Window:
    """Where a review cut for the exam goes, in days from now: the exam's eve (`last`) and,
    with fuzz, every earlier day from which the review still leaves `retention` on the exam
    day if the card is recalled (a recall never lowers stability, so `stability` is the least
    it will have), and never fewer days than fuzz would spread an interval of `last` days. The
    load balancer spreads the cut reviews over those days rather than crowd the eve."""
    if not fuzz:
        return Window(last, last, cut=True)
    low = last - round(fuzz_delta(last))
    keeping = math.ceil(days_to_exam - days_to_reach(retention, stability, shape))
    return Window(max(1, min(low, keeping)), last, cut=True)


@dataclass
class IntervalPlanner:
    """The interval to give each review: fuzz, load balancing, easy days and exams together.

    The scheduler asks FSRS for the unfuzzed interval and passes it here with the card's deck
    and its stability after the review; `interval` returns the days to give, and, when a load
    is kept, counts the card on its new day (call `forget` with its old due first).
    `retention` is the recall wanted on the exam day: the desired retention FSRS schedules
    with, unless the exam names its own.
    """

    retention: float
    shape: Curve
    maximum_interval: int = 36500
    fuzz: bool = True
    exams: tuple[Exam, ...] = ()
    day_starts_at: int = 4
    tz: tzinfo | None = None
    shares: DayShares = field(default_factory=DayShares)
    load: DayLoad | None = None
    draw: Callable[[], float] = random.random

    def today(self, now: datetime) -> date:
        return study_date(now, self.day_starts_at, self.tz)

    def exam_ahead(self, deck: str | None, now: datetime) -> tuple[datetime, float] | None:
        """When the next exam over this deck starts and the recall wanted on its day (None:
        no exam ahead for it)."""
        if deck is None or not self.exams:
            return None
        exam = next_exam(self.exams, deck, self.today(now))
        if exam is None:
            return None
        return (exam_start(exam.date, self.day_starts_at, self.tz),
                exam.retention or self.retention)

    def exam_at(self, deck: str | None, now: datetime) -> datetime | None:
        """When the next exam over this deck starts (None: no exam ahead for it)."""
        ahead = self.exam_ahead(deck, now)
        return None if ahead is None else ahead[0]

    def first_exam_at(self, now: datetime) -> datetime | None:
        """When the earliest exam still ahead starts (None: none is ahead)."""
        today = self.today(now)
        ahead = [exam.date for exam in self.exams if exam.date > today]
        return exam_start(min(ahead), self.day_starts_at, self.tz) if ahead else None

    def window(self, proposed: int, *, deck: str | None, now: datetime,
               stability: float) -> Window:
        exam_at, retention = self.exam_ahead(deck, now) or (None, self.retention)
        return interval_window(proposed, now=now, stability=stability, retention=retention,
                               shape=self.shape, exam_at=exam_at,
                               maximum_interval=self.maximum_interval, fuzz=self.fuzz)

    def interval(self, proposed: int, *, deck: str | None, now: datetime,
                 stability: float) -> int:
        window = self.window(proposed, deck=deck, now=now, stability=stability)
        today = self.today(now)
        days = pick_day(window.shortest, window.longest, u=self.draw() if self.fuzz else 0.0,
                        review_day=today, load=self.load, shares=self.shares)
        if self.load is not None:
            self.load.add(today + timedelta(days=days))
        return days

    def recheck(self, *, deck: str, due: datetime, last_review: datetime, stability: float,
                now: datetime) -> datetime | None:
        """A new due for a card scheduled past an exam set after it was answered (see
        `recheck_window`), or None to keep its due; the load follows the move."""
        ahead = self.exam_ahead(deck, now)
        if ahead is None:
            return None
        exam_at, retention = ahead
        window = recheck_window(due, last_review=last_review, stability=stability, now=now,
                                exam_at=exam_at, retention=retention, shape=self.shape,
                                fuzz=self.fuzz)
        if window is None:
            return None
        today = self.today(now)
        days = pick_day(window.shortest, window.longest, u=self.draw() if self.fuzz else 0.0,
                        review_day=today, load=self.load, shares=self.shares)
        self.forget(due)
        if self.load is not None:
            self.load.add(today + timedelta(days=days))
        return now + timedelta(days=days)

    def forget(self, due: datetime | None) -> None:
        """Take a card off the day it was due (it has just been answered)."""
        if self.load is not None and due is not None:
            self.load.remove(self.today(due))

    def count(self, due: datetime) -> None:
        """Put a card on the day it is due (an answer was taken back)."""
        if self.load is not None:
            self.load.add(self.today(due))


def interval_planner(settings: Settings, tz: tzinfo | None = None, load: DayLoad | None = None,
                     draw: Callable[[], float] = random.random) -> IntervalPlanner:
    """The planner the settings ask for: fuzz, exams, easy days and the working calendar (the
    exam days themselves are rest days)."""
    return IntervalPlanner(
        settings.desired_retention, curve(settings.parameters), settings.maximum_interval,
        settings.fuzz, settings.exams, settings.day_starts_at, tz,
        DayShares.from_settings(settings.easy_days, settings.calendar,
                                {exam.date for exam in settings.exams}),
        load, draw)



# -- new cards -------------------------------------------------------------------------------

def new_cards_needed(unseen: int, today: date, exam: Exam,
                     days_before: int = FINISH_DAYS_BEFORE) -> int:
    """New cards a day, from today on, that see every card `days_before` days before the exam
    (once that day has passed, by the exam's eve); 0 when none are left or no day is."""
    if unseen <= 0:
        return 0
    days = (exam.finish_by(days_before) - today).days + 1
    if days <= 0:
        days = (exam.date - today).days
    return math.ceil(unseen / days) if days > 0 else 0


def new_cards_today(unseen_at_day_start: int, today: date, exam: Exam, new_per_day: int,
                    days_before: int = FINISH_DAYS_BEFORE) -> int:
    """How many new cards of the exam's decks to introduce today (those already introduced today
    included): the pace that finishes in time, never above the learner's limit."""
    return min(new_per_day, new_cards_needed(unseen_at_day_start, today, exam, days_before))
