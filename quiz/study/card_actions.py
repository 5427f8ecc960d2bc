"""Changes a learner makes to cards outside a session: suspend, reset, send to review.

Each is logged like an answer (except a suspension, which is a flag), so history stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from quiz.core.card_state import NEW_STATE
from quiz.core.clock import utc
from quiz.core.model import Card

if TYPE_CHECKING:
    from quiz.study.ports import CardStore


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
