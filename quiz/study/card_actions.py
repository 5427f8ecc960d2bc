"""Changes to cards outside a session: suspend, reset, send to review, and moving cards before
an exam set since they were scheduled.

Each is logged like an answer (except a suspension, which is a flag), so history stays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from quiz.core.card_state import NEW_STATE, CardState
from quiz.core.clock import utc
from quiz.core.model import Card

if TYPE_CHECKING:
    from quiz.study.exam_date import IntervalPlanner
    from quiz.study.ports import CardStore, ExamPlanStore


def suspend(store: CardStore, cards: Iterable[Card], suspended: bool = True) -> int:
    """Suspend (or unsuspend) cards: they leave every queue but keep their history."""
    return store.set_flags(((c.deck, c.id, c.content_hash) for c in cards), suspended=suspended)


def reset(store: CardStore, cards: Iterable[Card], now: datetime) -> int:
    """Make cards new again; the reset is logged, so their history stays."""
    now = utc(now)
    count = 0
    for card in cards:
        if store.state_of(card.deck, card.id).is_new:
            continue
        store.record(card.deck, card.id, card.content_hash, now=now, kind="reset",
                     change=lambda state, _id, _now: (NEW_STATE, False))
        count += 1
    return count


def send_to_review(store: CardStore, cards: Iterable[Card], now: datetime) -> int:
    """Make cards due now (new ones enter learning); logged as a manual change."""
    now = utc(now)
    count = 0
    for card in cards:
        store.record(card.deck, card.id, card.content_hash, now=now, kind="manual",
                     change=lambda state, _id, _now: (state.due_now(now), False))
        count += 1
    return count


def move_before_exams(store: ExamPlanStore, planner: IntervalPlanner, decks: AbstractSet[str],
                      now: datetime) -> int:
    """Move into an exam's final window the cards of these decks that were scheduled past the
    exam before it was set and would have too little recall left on its day
    (`IntervalPlanner.recheck`); each move is logged (kind `moved`). A moved card is due
    before the exam, so a second run moves nothing."""
    now = utc(now)
    first = planner.first_exam_at(now)
    if first is None:
        return 0
    count = 0
    for deck, card_id, content_hash, state in store.reviews_due_from(first):
        if deck not in decks or state.due is None or state.last_review is None \
                or state.stability is None:
            continue
        due = planner.recheck(deck=deck, due=state.due, last_review=state.last_review,
                              stability=state.stability, now=now)
        if due is None:
            continue
        store.record(deck, card_id, content_hash, now=now, kind="moved",
                     change=_moved(state, utc(due)))
        count += 1
    return count


def _moved(was: CardState, due: datetime) -> Callable[[CardState, int, datetime],
                                                      tuple[CardState, bool]]:
    """The change that makes a card due at `due`, unless it was answered meanwhile in another
    process (its state is no longer `was`): that answer's schedule stands."""

    def move(current: CardState, _id: int, _now: datetime) -> tuple[CardState, bool]:
        return (replace(current, due=due) if current == was else current), False

    return move
