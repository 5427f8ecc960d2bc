"""Readiness for an exam: the recall to expect on the exam day if the learner keeps to the plan.

**The model.** Each card's memory follows FSRS with the learner's parameters. From now to the
exam, the learner answers every card on the day it falls due (a card already overdue, now) and
introduces new cards at the planned pace. At each review the card is recalled with its
predicted recall at that moment, R, and answered Good, or forgotten with probability 1 − R and
answered Again, then relearned (Good at each relearning step). Both outcomes are followed, each
with its probability, through the intervals the scheduler gives (FSRS's, cut for the exam as
`quiz.study.exam_date` does; fuzz and load balancing move reviews a few days either way and are
left out, except that a review cut for the exam is put in the middle of its final window), so
the figure is a proper expectation over outcomes, not the recall of a learner who never
forgets. A branch less likely than `PRUNE` goes on as if every later answer were Good, which
keeps the work near linear in the number of reviews. Learning steps are taken as Good (FSRS
predicts no forgetting within a day); a new card's first answer is Again, Hard, Good or Easy
in the shares the learner's own first answers have had (`first_grades`), else Good.

**Readiness** is the mean over the exam's cards of the expected recall at the start of the exam
day; a card never seen by then counts 0. The curve gives the same mean at the start of each day
from today to the exam; the expected reviews a day count the answers to cards in review.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Protocol

from quiz.core.calendar import FINISH_DAYS_BEFORE, Exam
from quiz.core.clock import study_date
from quiz.core.memory import DAY_SECONDS, Curve, curve, days_between, retrievability
from quiz.study.exam_date import (
    Window,
    exam_start,
    interval_window,
    new_cards_needed,
    recheck_window,
)

if TYPE_CHECKING:
    import fsrs

# Outcomes less likely than this go on as if answered Good. Measured (bench/exam_sim.py, bench
# README): against 1e-3, readiness moves by at most 0.001 and the expected reviews fall by about
# 5%, for a quarter of the time (20,000 cards: 13 s of CPU instead of 62 s).
PRUNE = 1e-2
_NEW = 0


class MemoryState(Protocol):
    """A card's FSRS memory state, as the store keeps it (`quiz.core.card_state.CardState`)."""

    @property
    def phase(self) -> int: ...          # 0 never studied, 1 learning, 2 review, 3 relearning
    @property
    def step(self) -> int | None: ...
    @property
    def stability(self) -> float | None: ...
    @property
    def difficulty(self) -> float | None: ...
    @property
    def due(self) -> datetime | None: ...
    @property
    def last_review(self) -> datetime | None: ...


@dataclass(frozen=True)
class PlanCard:
    """One card of the exam's decks, unsuspended, in the order the daily queue takes new cards."""

    deck: str
    state: MemoryState


@dataclass(frozen=True)
class Figures:
    """A deck's (or all the exam's decks') standing toward the exam."""

    name: str
    cards: int
    unseen: int             # never studied
    readiness: float        # mean expected recall on the exam day
    new_per_day: int        # needed to have seen every card `days_before` days before the exam
    reviews_per_day: float  # expected reviews a day from today to the exam's eve

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "cards": self.cards, "unseen": self.unseen,
                "readiness": round(self.readiness, 4), "new_per_day": self.new_per_day,
                "reviews_per_day": round(self.reviews_per_day, 1)}


@dataclass(frozen=True)
class ExamPlan:
    """Where the learner stands toward one exam, per deck and in total."""

    exam: Exam
    today: date
    days_left: int
    finish_by: date
    decks: tuple[Figures, ...]
    total: Figures
    verdict: str
    on_track: bool
    late: bool                                     # the day to have seen every card is past
    curve: tuple[tuple[date, float], ...]          # expected mean recall at each day's start
    reviews: tuple[tuple[date, float], ...]        # expected reviews on each day to the eve
    new_cards: tuple[tuple[date, int], ...]        # new cards the plan introduces each day

    def to_dict(self) -> dict[str, Any]:
        return {"exam": self.exam.name, "date": self.exam.date.isoformat(),
                "today": self.today.isoformat(), "days_left": self.days_left,
                "finish_by": self.finish_by.isoformat(), "verdict": self.verdict,
                "on_track": self.on_track,
                "total": self.total.to_dict(), "decks": [row.to_dict() for row in self.decks],
                "curve": [[day.isoformat(), round(value, 4)] for day, value in self.curve],
                "reviews": [[day.isoformat(), round(value, 1)] for day, value in self.reviews],
                "new_cards": [[day.isoformat(), count] for day, count in self.new_cards]}


def on_track(needed: int, new_per_day: int, late: bool) -> bool:
    """Whether the new cards a day `needed` fit the learner's limit in time. Once the day to
    have seen every card has passed (`late`), any card still unseen puts the learner behind."""
    return needed == 0 or (needed <= new_per_day and not late)


def verdict(needed: int, new_per_day: int, late: bool) -> str:
    """One line: on track, or how many new cards a day catch up (see `on_track`)."""
    if on_track(needed, new_per_day, late):
        return "on track"
    cards = "new card" if needed == 1 else "new cards"
    if late:
        return f"behind: {needed} {cards} a day from today sees every card before the exam"
    return f"behind: {needed} {cards} a day from today catches up"


def unfuzzed(scheduler: fsrs.Scheduler) -> fsrs.Scheduler:
    """The same FSRS scheduler without fuzz (the expectation leaves fuzz out)."""
    import fsrs

    if not scheduler.enable_fuzzing:
        return scheduler
    return fsrs.Scheduler.from_dict({**scheduler.to_dict(), "enable_fuzzing": False})


def exam_plan(cards: Sequence[PlanCard], exam: Exam, *, now: datetime,
              scheduler: fsrs.Scheduler, new_per_day: int, new_today: int = 0,
              day_starts_at: int = 4, tz: tzinfo | None = None,
              days_before: int = FINISH_DAYS_BEFORE, exam_mode: bool = True,
              target: float | None = None, fuzz: bool = True, prune: float = PRUNE,
              first_grades: Sequence[float] | None = None,
              progress: Callable[[], object] | None = None) -> ExamPlan:
    """The plan toward `exam` for these cards (the exam's, unsuspended), seen from `now`.

    `scheduler` is the learner's FSRS scheduler (parameters, desired retention, steps, maximum
    interval); `new_per_day` the learner's daily limit and `new_today` the new cards already
    introduced today. With `exam_mode` the intervals are cut for the exam and new cards paced
    as `quiz.study.exam_date` does; without it, plain FSRS intervals and `new_per_day` new
    cards a day.
    `target` is the recall the cuts aim at on the exam day (default: the desired retention).
    With `fuzz` (the scheduler's), a review cut for the exam is taken to land in the middle of
    the days the load balancer may give it; without, on the exam's eve.
    `first_grades` are the shares of Again, Hard, Good and Easy among the learner's first
    answers to new cards (None: every first answer Good). `progress` is called after each card
    already studied is followed (the work is about proportional to their number).
    """
    today = study_date(now, day_starts_at, tz)
    if exam.date <= today:
        raise ValueError(f"the exam {exam.name} is not ahead: {exam.date} (today {today})")
    walk = _Walk(unfuzzed(scheduler), now=now, today=today, exam=exam,
                 day_starts_at=day_starts_at, tz=tz, exam_mode=exam_mode, prune=prune,
                 target=scheduler.desired_retention if target is None else target, fuzz=fuzz)
    decks: dict[str, _Tally] = {}
    unseen_order: list[str] = []
    for card in cards:
        tally = decks.setdefault(card.deck, _Tally(walk.moments))
        tally.cards += 1
        if card.state.phase == _NEW:
            tally.unseen += 1
            unseen_order.append(card.deck)
        else:
            walk.card(_to_fsrs(card.state, walk.now), tally)
            if progress is not None:
                progress()
    introduced = _introductions(len(unseen_order), walk.days_left, today, exam, new_per_day,
                                new_today, days_before, exam_mode)
    position = 0
    for day, count in enumerate(introduced):
        if count:
            template = walk.new_card(day, first_grades)
            for deck, times in Counter(unseen_order[position:position + count]).items():
                decks[deck].add(template, times)
            position += count
    rows = tuple(tally.figures(deck, walk.days_left, today, exam, days_before)
                 for deck, tally in decks.items())
    total = _Tally(walk.moments)
    for tally in decks.values():
        total.merge(tally)
    total_row = total.figures("total", walk.days_left, today, exam, days_before)
    late = today > exam.finish_by(days_before)
    days = [today + timedelta(days=k) for k in range(walk.days_left + 1)]
    cards_total = max(total.cards, 1)
    return ExamPlan(
        exam=exam, today=today, days_left=walk.days_left, finish_by=exam.finish_by(days_before),
        decks=rows, total=total_row,
        verdict=verdict(total_row.new_per_day, new_per_day, late),
        on_track=on_track(total_row.new_per_day, new_per_day, late), late=late,
        curve=tuple((day, value / cards_total) for day, value in zip(days, total.curve)),
        reviews=tuple(zip(days[:-1], total.reviews)),
        new_cards=tuple(zip(days[:-1], introduced)))


def _introductions(unseen: int, days_left: int, today: date, exam: Exam, new_per_day: int,
                   new_today: int, days_before: int, exam_mode: bool) -> list[int]:
    """How many new cards the plan introduces on each day from today to the exam's eve."""
    counts = []
    for k in range(days_left):
        day = today + timedelta(days=k)
        done = new_today if k == 0 else 0
        if exam_mode:
            allowance = min(new_per_day, new_cards_needed(unseen + done, day, exam, days_before))
        else:
            allowance = new_per_day
        count = max(0, min(unseen, allowance - done))
        counts.append(count)
        unseen -= count
    return counts


def _to_fsrs(state: MemoryState, now: datetime) -> fsrs.Card:
    """The fsrs card of a stored state; a learning step the store does not name (a state
    written by hand or by another tool) is taken as the first."""
    import fsrs

    if state.phase == _NEW:
        return fsrs.Card(card_id=0, due=now)
    step = state.step
    if step is None and state.phase != fsrs.State.Review:
        step = 0
    return fsrs.Card(card_id=0, state=fsrs.State(int(state.phase)), step=step,
                     stability=state.stability, difficulty=state.difficulty,
                     due=(state.due or now).astimezone(UTC),
                     last_review=state.last_review.astimezone(UTC)
                     if state.last_review else None)


class _Tally:
    """Sums over some cards: expected recall on each day's start, expected reviews each day."""

    def __init__(self, moments: Sequence[datetime]) -> None:
        self.cards = 0
        self.unseen = 0
        self.curve = [0.0] * len(moments)
        self.reviews = [0.0] * (len(moments) - 1)

    def add(self, other: _Tally, times: int = 1) -> None:
        """Add another tally's sums, `times` over (a new card's, for each card like it)."""
        self.curve = [a + times * b for a, b in zip(self.curve, other.curve)]
        self.reviews = [a + times * b for a, b in zip(self.reviews, other.reviews)]

    def merge(self, other: _Tally) -> None:
        self.cards += other.cards
        self.unseen += other.unseen
        self.add(other)

    def figures(self, name: str, days_left: int, today: date, exam: Exam,
                days_before: int) -> Figures:
        return Figures(name=name, cards=self.cards, unseen=self.unseen,
                       readiness=self.curve[-1] / self.cards if self.cards else 0.0,
                       new_per_day=new_cards_needed(self.unseen, today, exam, days_before),
                       reviews_per_day=sum(self.reviews) / days_left)


class _Walk:
    """Follows cards from now to the exam through both outcomes of every review."""

    def __init__(self, scheduler: fsrs.Scheduler, *, now: datetime, today: date, exam: Exam,
                 day_starts_at: int, tz: tzinfo | None, exam_mode: bool, prune: float,
                 target: float, fuzz: bool) -> None:
        self.scheduler = scheduler
        self.shape: Curve = curve(scheduler.parameters)
        self.now = now.astimezone(UTC)
        self.exam_at = exam_start(exam.date, day_starts_at, tz).astimezone(UTC)
        self.days_left = (exam.date - today).days
        starts = [exam_start(today + timedelta(days=k), day_starts_at, tz).astimezone(
            UTC) for k in range(self.days_left + 1)]
        # Where the curve is read: now, then the start of each later day, the exam's last.
        self.moments = [self.now] + starts[1:]
        # The same moments as days since the epoch: `_hold` reads the curve at each of them for
        # every branch, the one loop that runs more often than fsrs itself.
        self.moment_days = [moment.timestamp() / DAY_SECONDS for moment in self.moments]
        self.day_starts = starts
        self.exam_mode = exam_mode
        self.target = target
        self.prune = prune
        self.fuzz = fuzz

    def new_card(self, day: int, first_grades: Sequence[float] | None) -> _Tally:
        """One new card introduced on day `day` (0 = today): its first answer each grade in
        its share (Good if none are given), then Good to graduation."""
        import fsrs

        tally = _Tally(self.moments)
        start = max(self.now, self.day_starts[day])
        shares = first_grades or (0.0, 0.0, 1.0, 0.0)
        pending = [(self._answer(fsrs.Card(card_id=0, due=start), fsrs.Rating(grade), start),
                    share / sum(shares)) for grade, share in enumerate(shares, 1) if share > 0]
        while pending:
            card, chance = pending.pop()
            self._follow(card, chance, tally, pending)
        return tally

    def card(self, card: fsrs.Card, tally: _Tally) -> None:
        """Follow one card, moved first if it was scheduled past the exam with too little
        recall left (as the scheduler does when the exam is set)."""
        import fsrs

        if self.exam_mode and card.state == fsrs.State.Review and card.last_review is not None:
            window = recheck_window(card.due, last_review=card.last_review,
                                    stability=card.stability, now=self.now,
                                    exam_at=self.exam_at, shape=self.shape,
                                    retention=self.target, fuzz=self.fuzz)
            if window is not None:
                card.due = self.now + timedelta(days=_middle(window))
        pending = [(card, 1.0)]
        while pending:
            card, chance = pending.pop()
            self._follow(card, chance, tally, pending)

    def _follow(self, card: fsrs.Card, chance: float, tally: _Tally,
                pending: list[tuple[fsrs.Card, float]]) -> None:
        """One branch: review after review until the next is due after the exam."""
        import fsrs

        while True:
            when = max(card.due, self.now)
            self._hold(card, when, chance, tally)
            if when >= self.exam_at:
                return
            if card.state != fsrs.State.Review:
                card = self._answer(card, fsrs.Rating.Good, when)
                continue
            tally.reviews[self._day_of(when)] += chance
            recall = retrievability(days_between(card.last_review, when), card.stability,
                                    self.shape)
            forgot = chance * (1 - recall)
            if forgot >= self.prune:
                pending.append((self._answer(card, fsrs.Rating.Again, when), forgot))
                chance -= forgot
            card = self._answer(card, fsrs.Rating.Good, when)

    def _hold(self, card: fsrs.Card, until: datetime, chance: float, tally: _Tally) -> None:
        """Add the card's recall at the curve's moments from its last review up to `until`
        (the exam's moment when `until` is after it)."""
        if card.last_review is None or card.stability is None:
            return
        moments = self.moment_days
        reviewed = card.last_review.timestamp() / DAY_SECONDS
        first = bisect.bisect_right(moments, reviewed)
        last = bisect.bisect_right(moments, until.timestamp() / DAY_SECONDS)
        decay, factor = self.shape
        rate = factor / card.stability
        curve = tally.curve
        for index in range(first, last):
            curve[index] += chance * (1 + rate * (moments[index] - reviewed)) ** decay

    def _answer(self, card: fsrs.Card, rating: fsrs.Rating, when: datetime) -> fsrs.Card:
        """The card after this answer, its interval as the plan gives it."""
        import fsrs

        after, _ = self.scheduler.review_card(card, rating, when)
        if after.state == fsrs.State.Review and self.exam_mode and when < self.exam_at \
                and retrievability(days_between(when, self.exam_at), after.stability,
                                   self.shape) < self.target:
            # Only a card short of the target on the exam day can be cut (`interval_window`).
            proposed = round(days_between(when, after.due))
            window = interval_window(proposed, now=when, stability=after.stability,
                                     retention=self.target,
                                     shape=self.shape, exam_at=self.exam_at,
                                     maximum_interval=self.scheduler.maximum_interval,
                                     fuzz=self.fuzz)
            if window.cut:
                after.due = when + timedelta(days=_middle(window))
        return after

    def _day_of(self, moment: datetime) -> int:
        return max(bisect.bisect_right(self.day_starts, moment) - 1, 0)


def _middle(window: Window) -> int:
    """Where the load balancer puts a review cut for the exam, on average: the middle of the
    days it may choose from."""
    return (window.shortest + window.longest) // 2


__all__ = ["ExamPlan", "Figures", "MemoryState", "PlanCard", "exam_plan", "verdict"]
