"""The scheduler: FSRS for the memory state, then our planner for the interval actually given.

`fsrs.Scheduler` (always without its own fuzz) proposes the interval of a review; the planner
(`quiz.study.exam_date.IntervalPlanner`) cuts it for an exam ahead, draws the fuzz from FSRS's
own range and load-balances it over the days of that range (easy days and the working calendar
weighing in), and the card's due is set from that. The review log therefore records the
interval the card was given. `fsrs` is imported only when a card is actually scheduled, so that
`quiz due` never pays for it. The clock is always passed in; fuzzing uses `random` and is off
in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from quiz.core.card_state import CardState, Phase, Rating
from quiz.core.clock import utc

if TYPE_CHECKING:
    import fsrs

    from quiz.core.settings import Settings
    from quiz.study.workload import DayLoad


def _to_fsrs(state: CardState, card_id: int, now: datetime) -> fsrs.Card:
    """The fsrs card for `state` (a new card is due at `now`)."""
    import fsrs

    if state.is_new:
        return fsrs.Card(card_id=card_id, due=now)
    return fsrs.Card(card_id=card_id, state=fsrs.State(int(state.phase)), step=state.step,
                     stability=state.stability, difficulty=state.difficulty,
                     due=state.due, last_review=state.last_review)


def fsrs_scheduler(settings: Settings) -> fsrs.Scheduler:
    """The learner's `fsrs.Scheduler` (parameters, desired retention, steps, maximum interval),
    without fuzz: the planner draws the fuzz."""
    import fsrs
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return fsrs.Scheduler(parameters=settings.parameters or DEFAULT_PARAMETERS,
                          desired_retention=settings.desired_retention,
                          learning_steps=settings.learning_steps,
                          relearning_steps=settings.relearning_steps,
                          maximum_interval=settings.maximum_interval, enable_fuzzing=False)


class Scheduler:
    """Schedules answers with FSRS and the planner, according to the learner's settings.

    `load` is the reviews already due on each coming study day (`DailyQueue.review_load`),
    which the load balancer weighs and which is kept up to date as cards are answered; without
    it, fuzz is drawn uniformly from its range. `draw` gives the uniform numbers fuzz is drawn
    with (`random.random` by default).
    """

    def __init__(self, settings: Settings, *, tz: tzinfo | None = None,
                 load: DayLoad | None = None, draw: Callable[[], float] | None = None) -> None:
        import random

        from quiz.study.exam_date import interval_planner

        self._fsrs = fsrs_scheduler(settings)
        self.planner = interval_planner(settings, tz, load, draw or random.random)
        self.leech_lapses = settings.leech_lapses

    def review(self, state: CardState, rating: Rating, now: datetime, card_id: int = 0,
               deck: str | None = None) -> tuple[CardState, bool]:
        """The state after answering with `rating` at `now`, and whether the card became a
        leech. A review interval is the planner's (`deck` says which exam it counts for)."""
        import fsrs

        now = utc(now)
        after, _ = self._fsrs.review_card(_to_fsrs(state, card_id, now), fsrs.Rating(int(rating)),
                                          now)
        if state.phase is Phase.REVIEW:
            self.planner.forget(state.due)
        due = after.due
        if after.state == fsrs.State.Review:
            days = self.planner.interval((after.due - now).days, deck=deck, now=now,
                                         stability=after.stability)
            due = now + timedelta(days=days)
        lapse = state.phase is Phase.REVIEW and rating is Rating.AGAIN
        lapses = state.lapses + lapse
        became_leech = lapse and not state.leech and lapses >= self.leech_lapses
        new_state = CardState(
            phase=Phase(int(after.state)), step=after.step, stability=after.stability,
            difficulty=after.difficulty, due=utc(due), last_review=utc(after.last_review),
            reps=state.reps + 1, lapses=lapses, leech=state.leech or became_leech)
        return new_state, became_leech

    def unreview(self, before: CardState, after: CardState, now: datetime) -> None:
        """An answer was taken back: the load has the card on its old day again (the load
        counts the days after today only)."""
        if after.phase is Phase.REVIEW:
            self.planner.forget(after.due)
        if before.phase is Phase.REVIEW and before.due is not None \
                and self.planner.today(before.due) > self.planner.today(now):
            self.planner.count(before.due)

    def preview(self, state: CardState, now: datetime,
                deck: str | None = None) -> dict[Rating, timedelta]:
        """The interval each grade would give, for the grade buttons: before fuzz, as Anki
        shows it (no random number is drawn), but cut for an exam when it would be."""
        import fsrs

        now = utc(now)
        card = _to_fsrs(state, 0, now)
        exam_ahead = self.planner.exam_at(deck, now) is not None
        intervals = {}
        for rating in Rating:
            after = self._fsrs.review_card(card, fsrs.Rating(int(rating)), now)[0]
            interval = after.due - now
            if exam_ahead and after.state == fsrs.State.Review:
                window = self.planner.window(interval.days, deck=deck, now=now,
                                             stability=after.stability)
                if window.cut:
                    interval = timedelta(days=min(interval.days, window.longest))
            intervals[rating] = interval
        return intervals


def interval_label(delta: timedelta) -> str:
    """A short interval as Anki shows it on its buttons: 30s, 10m, 3h, 3d, 2.1mo, 1.5y."""
    seconds = max(delta.total_seconds(), 0)
    if seconds < 60:
        return f"{round(seconds)}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{_short(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{_short(days / 30)}mo"
    return f"{_short(days / 365)}y"


def _short(value: float) -> str:
    """One decimal, without a trailing `.0`."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
