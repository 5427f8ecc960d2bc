"""The cards now: counts per deck, the due forecast, predicted recall, and the weakest cards.

Read in one pass over the loaded cards (`quiz.storage.queries`); nothing here imports Textual
or fsrs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from quiz.core.clock import next_day_starts, to_ms
from quiz.core.memory import curve
from quiz.storage.queries import card_figures, weakest_rows

if TYPE_CHECKING:
    from quiz.core.settings import Settings
    from quiz.stats.scope import Scope, StudyCalendar
    from quiz.storage.store import Store

FORECAST_DAYS = 30
WEAK_LIMIT = 10
SLOW_DAYS = 30                        # the slowest answers are looked for in the last 30 days
WEAK_LISTS = ("lapses", "leeches", "retrievability", "slowest")


@dataclass(frozen=True)
class CardCounts:
    """Where a deck's cards stand, and how many are due soon.

    new, learning (learning and relearning), young, mature and suspended split the deck's cards
    (a suspended card counts only as suspended); leeches are counted among those too. due_*
    count unsuspended learning and review cards due before the end of today (overdue included),
    during tomorrow, and before the end of the seventh study day (today included).
    """

    total: int = 0
    new: int = 0
    learning: int = 0
    young: int = 0
    mature: int = 0
    suspended: int = 0
    leeches: int = 0
    due_today: int = 0
    due_tomorrow: int = 0
    due_week: int = 0

    def __add__(self, other: CardCounts) -> CardCounts:
        names = self.__dataclass_fields__
        return CardCounts(**{name: getattr(self, name) + getattr(other, name) for name in names})


@dataclass(frozen=True)
class Forecast:
    """Cards due on each of the next study days (day 0 is today, overdue cards included)."""

    start: date
    due: tuple[int, ...]

    @property
    def average(self) -> float:
        """The average daily load: reviews per day over the forecast, if all were done."""
        return sum(self.due) / len(self.due) if self.due else 0.0

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(self.start + timedelta(days=n) for n in range(len(self.due)))


@dataclass(frozen=True)
class Recall:
    """Predicted recall now over the unsuspended cards studied so far."""

    cards: int
    average: float | None
    below_desired: int
    desired: float


@dataclass(frozen=True)
class CardsNow:
    """The scope's cards at one moment: counts per deck, the due forecast, predicted recall."""

    decks: dict[str, CardCounts]
    forecast: Forecast
    recall: Recall

    @property
    def total(self) -> CardCounts:
        return sum(self.decks.values(), CardCounts())


def cards_now(store: Store, scope: Scope, calendar: StudyCalendar, settings: Settings,
              days: int = FORECAST_DAYS) -> CardsNow:
    """Counts, forecast and recall in one pass over the scope's cards, grouped by deck and by
    the study day each card falls due (today for overdue cards; none beyond the forecast), as
    `quiz.core.clock.day_index` tells it (the study session's summary uses that)."""
    rows = card_figures(store, scope.loaded_json(),
                        list(next_day_starts(calendar.now, calendar.day_starts_at, calendar.tz,
                                             days)),
                        curve(settings.parameters), to_ms(calendar.now),
                        settings.desired_retention)
    counts: dict[str, list[int]] = {slug: [0] * 10 for slug in scope.decks}
    due = [0] * days
    measured, total_r, below = 0, 0.0, 0
    for deck, day, *figures in rows:
        tally = counts[deck]
        for index, value in enumerate(figures[:7]):
            tally[index] += value
        if day is not None:
            due[day] += figures[0]
            tally[7] += figures[0] if day == 0 else 0
            tally[8] += figures[0] if day == 1 else 0
            tally[9] += figures[0] if day < 7 else 0
        measured += figures[7]
        total_r += figures[8]
        below += figures[9]
    return CardsNow(
        decks={slug: CardCounts(*tally) for slug, tally in counts.items()},
        forecast=Forecast(start=calendar.today, due=tuple(due)),
        recall=Recall(measured, total_r / measured if measured else None, below,
                      settings.desired_retention))


@dataclass(frozen=True)
class WeakCard:
    """A card that needs attention, with every measure the weak lists rank by."""

    deck: str
    card: str
    lapses: int
    leech: bool
    retrievability: float | None
    mean_answer_ms: float | None   # mean (capped) time of study and cram answers, last 30 days
    answers: int

    @property
    def key(self) -> str:
        return f"{self.deck}/{self.card}"


def weakest(store: Store, scope: Scope, calendar: StudyCalendar, settings: Settings,
            limit: int = WEAK_LIMIT) -> dict[str, tuple[WeakCard, ...]]:
    """The unsuspended cards with the most lapses, the leeches, the lowest retrievability and
    the slowest answers (mean time over the last 30 days), `limit` of each."""
    rows = weakest_rows(store, scope.loaded_json(), curve(settings.parameters),
                        to_ms(calendar.now), calendar.start(1 - SLOW_DAYS), limit)
    found: dict[str, list[tuple[int, WeakCard]]] = {name: [] for name in WEAK_LISTS}
    for name, rank, _, deck, card, lapses, leech, r, mean_ms, answers in rows:
        found[name].append((rank, WeakCard(deck, card, lapses, bool(leech), r, mean_ms,
                                           answers)))
    return {name: tuple(card for _, card in sorted(found[name], key=lambda item: item[0]))
            for name in WEAK_LISTS}
