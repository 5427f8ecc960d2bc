"""A thin adapter over `fsrs.Scheduler`: our card state, leeches, and interval labels.

`fsrs` is imported only when a card is actually scheduled, so that `quiz due` never pays
for it. The clock is always passed in; fuzzing uses `random` and is off in tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import fsrs

    from quiz.core.settings import Settings


class Rating(IntEnum):
    """The learner's grade for an answer, as FSRS and Anki number them."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class Phase(IntEnum):
    """Where a card is in its life; NEW is ours, the rest are `fsrs.State` values."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


def utc(moment: datetime) -> datetime:
    """A timezone-aware moment in UTC, truncated to the millisecond the store keeps."""
    if moment.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware")
    moment = moment.astimezone(timezone.utc)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def to_ms(moment: datetime) -> int:
    """Milliseconds since the Unix epoch (how the store keeps times)."""
    return round(moment.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    """The UTC moment of a millisecond timestamp."""
    return datetime.fromtimestamp(ms / 1000, timezone.utc)


@dataclass(frozen=True, slots=True)
class CardState:
    """A card's scheduling state: the fsrs card plus review and lapse counts and the leech tag."""

    phase: Phase = Phase.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    leech: bool = False

    @property
    def is_new(self) -> bool:
        return self.phase is Phase.NEW

    def to_dict(self, card_id: int) -> dict[str, object] | None:
        """`fsrs.Card.to_dict()` plus reps, lapses and leech; None for a new card."""
        if self.is_new:
            return None
        return {
            "card_id": card_id, "state": int(self.phase), "step": self.step,
            "stability": self.stability, "difficulty": self.difficulty,
            "due": self.due.isoformat() if self.due else None,
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "reps": self.reps, "lapses": self.lapses, "leech": self.leech,
        }

    def to_json(self, card_id: int) -> str | None:
        data = self.to_dict(card_id)
        return None if data is None else json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None) -> CardState:
        if text is None:
            return NEW_STATE
        data = json.loads(text)
        return cls(
            phase=Phase(int(data["state"])), step=data["step"], stability=data["stability"],
            difficulty=data["difficulty"],
            due=datetime.fromisoformat(data["due"]) if data["due"] else None,
            last_review=datetime.fromisoformat(data["last_review"])
            if data["last_review"] else None,
            reps=int(data.get("reps", 0)), lapses=int(data.get("lapses", 0)),
            leech=bool(data.get("leech", False)))

    def to_fsrs(self, card_id: int, now: datetime) -> fsrs.Card:
        import fsrs

        if self.is_new:
            return fsrs.Card(card_id=card_id, due=now)
        return fsrs.Card(card_id=card_id, state=fsrs.State(int(self.phase)), step=self.step,
                         stability=self.stability, difficulty=self.difficulty,
                         due=self.due, last_review=self.last_review)

    def due_now(self, now: datetime) -> CardState:
        """The same card made due at `now` (new cards enter learning), for sending to review."""
        if self.is_new:
            return replace(self, phase=Phase.LEARNING, step=0, due=now)
        return replace(self, due=now)


NEW_STATE = CardState()


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
        after, _ = self._fsrs.review_card(state.to_fsrs(card_id, now), fsrs.Rating(int(rating)),
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
        card = state.to_fsrs(0, now)
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
