"""A card's place in its schedule: the grades, the phases and the state the store keeps.

The scheduler computes these and the store persists them, so they live below both; turning a
state into an `fsrs.Card` is the scheduler's business (`quiz.study.scheduler`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from enum import IntEnum


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

    def due_now(self, now: datetime) -> CardState:
        """The same card made due at `now` (new cards enter learning), for sending to review."""
        if self.is_new:
            return replace(self, phase=Phase.LEARNING, step=0, due=now)
        return replace(self, due=now)


NEW_STATE = CardState()
