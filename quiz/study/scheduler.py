"""A thin adapter over `fsrs.Scheduler`: our card state, leeches, and interval labels.

`fsrs` is imported only when a card is actually scheduled, so that `quiz due` never pays
for it. The clock is always passed in; fuzzing uses `random` and is off in tests.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from quiz.core.card_state import CardState, Phase, Rating
from quiz.core.clock import utc

if TYPE_CHECKING:
    import fsrs

    from quiz.core.settings import Settings


def _to_fsrs(state: CardState, card_id: int, now: datetime) -> fsrs.Card:
    """The fsrs card for `state` (a new card is due at `now`)."""
    import fsrs

    if state.is_new:
        return fsrs.Card(card_id=card_id, due=now)
    return fsrs.Card(card_id=card_id, state=fsrs.State(int(state.phase)), step=state.step,
                     stability=state.stability, difficulty=state.difficulty,
                     due=state.due, last_review=state.last_review)


class Scheduler:
    """Schedules answers with FSRS according to the learner's settings."""

    def __init__(self, settings: Settings) -> None:
        import fsrs
        from fsrs.scheduler import DEFAULT_PARAMETERS

        options = dict(parameters=settings.parameters or DEFAULT_PARAMETERS,
                       desired_retention=settings.desired_retention,
                       learning_steps=settings.learning_steps,
                       relearning_steps=settings.relearning_steps,
                       maximum_interval=settings.maximum_interval)
        self._fsrs = fsrs.Scheduler(**options, enable_fuzzing=settings.fuzz)
        # Button labels show the interval before fuzz, as Anki does, and draw no random numbers.
        self._exact = fsrs.Scheduler(**options, enable_fuzzing=False)
        self.leech_lapses = settings.leech_lapses

    def review(self, state: CardState, rating: Rating, now: datetime,
               card_id: int = 0) -> tuple[CardState, bool]:
        """The state after answering with `rating` at `now`, and whether the card became a leech."""
        import fsrs

        now = utc(now)
        after, _ = self._fsrs.review_card(_to_fsrs(state, card_id, now), fsrs.Rating(int(rating)),
                                          now)
        lapse = state.phase is Phase.REVIEW and rating is Rating.AGAIN
        lapses = state.lapses + lapse
        became_leech = lapse and not state.leech and lapses >= self.leech_lapses
        new_state = CardState(
            phase=Phase(int(after.state)), step=after.step, stability=after.stability,
            difficulty=after.difficulty, due=utc(after.due), last_review=utc(after.last_review),
            reps=state.reps + 1, lapses=lapses, leech=state.leech or became_leech)
        return new_state, became_leech

    def preview(self, state: CardState, now: datetime) -> dict[Rating, timedelta]:
        """The interval each grade would give (without fuzz), for the grade buttons."""
        import fsrs

        now = utc(now)
        card = _to_fsrs(state, 0, now)
        return {rating: self._exact.review_card(card, fsrs.Rating(int(rating)), now)[0].due - now
                for rating in Rating}


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
