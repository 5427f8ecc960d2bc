"""What the sessions and card actions need of the review store, and nothing more.

`quiz.storage.store.Store` satisfies each of these as it is; a session typed by them cannot
reach past them into the rest of the store (its SQL, its statistics, its maintenance).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from quiz.core.card_state import CardState
    from quiz.core.model import Key
    from quiz.storage.store import CardRow, QueueState, Recorded


class CardStore(Protocol):
    """Reading a card's state, logging a change to it, and setting its flags."""

    def state_of(self, deck: str, card: str) -> CardState: ...

    def record(self, deck: str, card: str, content_hash: str, *, kind: str,
               now: datetime | None = None, clock: Callable[[], datetime] | None = None,
               change: Callable[[CardState, int, datetime], tuple[CardState, bool]] | None = None,
               rating: int | None = None, how: str | None = None, reply: str | None = None,
               duration_ms: int | None = None, shown_at: datetime | None = None) -> Recorded: ...

    def set_flags(self, keys: Iterable[tuple[str, str, str]], *, suspended: bool | None = None,
                  buried_until: datetime | None | bool = False) -> int: ...

    def flags(self, deck: str, card: str) -> tuple[bool, datetime | None]: ...


class StudyStore(CardStore, Protocol):
    """A study session's store: the queue's state, undo, and the rows its summary reads."""

    def queue_state(self, now: datetime, day_end: datetime) -> QueueState: ...

    def learning_steps(self, state: QueueState) -> dict[Key, tuple[int, int | None]]: ...

    def undo(self, review_id: int) -> CardState: ...

    def card_rows(self) -> dict[Key, CardRow]: ...


class ExamStore(CardStore, Protocol):
    """An exam's store: the exam's own rows (and card changes, to send mistakes to review)."""

    def start_exam(self, *, now: datetime, total: int, minutes: float | None,
                   seed: int | None) -> int: ...

    def record_exam_answer(self, exam_id: int, position: int, deck: str, card: str,
                           content_hash: str, *, clock: Callable[[], datetime],
                           shown_at: datetime, reply: str | None, correct: bool,
                           reason: str | None) -> datetime: ...

    def finish_exam(self, exam_id: int, *, now: datetime, answered: int, correct: int,
                    score: float, timed_out: bool) -> None: ...


class ExamPlanStore(CardStore, Protocol):
    """What moving cards before an exam reads: the cards in review due from a moment on."""

    def reviews_due_from(self, moment: datetime) -> list[tuple[str, str, str, CardState]]: ...
