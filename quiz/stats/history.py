"""One card's history: every log entry and exam answer, and where the card stands now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quiz.core.card_state import CardState
from quiz.core.clock import from_ms, to_ms
from quiz.core.memory import curve
from quiz.storage.queries import card_log

if TYPE_CHECKING:
    from quiz.core.settings import Settings
    from quiz.stats.scope import StudyCalendar
    from quiz.storage.store import Store


@dataclass(frozen=True)
class HistoryEntry:
    """One log entry of a card: an answer (study, cram or exam) or a change of schedule."""

    time: datetime
    kind: str                    # study | cram | reset | manual | moved | import | exam
    rating: int | None           # 1 again … 4 easy; None for reset, manual and exam answers
    how: str | None              # self | typed | choice (exam answers are typed or chosen)
    reply: str | None
    duration_ms: int | None
    correct: bool | None         # exam answers only
    due_after: datetime | None   # when the card was due after this entry
    interval_days: float | None  # the interval it was given (due after − this answer)


@dataclass(frozen=True)
class CardHistory:
    """Every log entry of one card, oldest first, and where the card stands now."""

    deck: str
    card: str
    entries: tuple[HistoryEntry, ...]
    state: CardState
    suspended: bool
    retrievability: float | None


def card_history(store: Store, deck: str, card: str, calendar: StudyCalendar,
                 settings: Settings) -> CardHistory | None:
    """One card's log and current state; None if the store has never seen the card."""
    found = card_log(store, deck, card, curve(settings.parameters), to_ms(calendar.now))
    if found is None:
        return None
    suspended, retrievability, rows = found
    entries = []
    for at, kind, rating, how, reply, duration, correct, after in rows:
        due = interval = None
        if kind != "exam":
            state = CardState.from_json(after)
            due = state.due
            if due is not None and kind != "cram":
                interval = (due - from_ms(at)).total_seconds() / 86400
        entries.append(HistoryEntry(from_ms(at), kind, rating, how, reply, duration,
                                    None if correct is None else bool(correct), due, interval))
    state = store.state_of(deck, card)
    return CardHistory(deck, card, tuple(entries), state, suspended,
                       retrievability if not state.is_new else None)
