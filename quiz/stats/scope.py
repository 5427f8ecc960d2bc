"""What the progress figures are over: the learner's calendar, and the loaded cards (a scope).

The clock, the hour a study day starts and the local timezone come in as a `StudyCalendar`, so
the figures are the same whoever computes them and whenever. Card figures cover the cards of
the loaded decks (a `Scope`); history figures cover the whole log, or only the named decks'
entries.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import cached_property
from typing import TYPE_CHECKING

from quiz.core.clock import day_boundary, from_ms, study_date, to_ms

if TYPE_CHECKING:
    from quiz.decks.cache import DeckEntry


@dataclass(frozen=True)
class StudyCalendar:
    """The learner's clock: now, the local hour a study day starts, and the local timezone."""

    now: datetime
    day_starts_at: int = 4
    tz: tzinfo | None = None

    @cached_property
    def today(self) -> date:
        return study_date(self.now, self.day_starts_at, self.tz)

    def start(self, offset: int = 0) -> int:
        """When the study day `offset` days from today begins, in ms UTC: the local hour on
        that date, DST-aware (as `quiz.core.clock.next_day_start`, without redoing today each
        time)."""
        return to_ms(day_boundary(self.today + timedelta(days=offset), self.day_starts_at,
                                  self.tz))

    def date_of(self, ms: int) -> date:
        """The study day a moment belongs to."""
        return study_date(from_ms(ms), self.day_starts_at, self.tz)

    def day_ranges(self, first: int, last: int) -> list[tuple[int, int]]:
        """[start, end) in ms of each study day from offset `first` to `last`."""
        starts = [self.start(offset) for offset in range(first, last + 2)]
        return list(zip(starts, starts[1:]))


@dataclass(frozen=True)
class Scope:
    """The loaded cards the figures cover, and whether history counts the whole log.

    `cards` maps each deck slug to its loaded card ids; `deck_tags` and `card_tags` give the
    cards' tags (a card missing from `card_tags` has its deck's). With `whole_log`, history
    figures also count answers to cards no loaded deck holds any more; otherwise only the
    answers to cards of these decks.
    """

    cards: dict[str, Sequence[str]]
    deck_tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    card_tags: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    whole_log: bool = True

    @classmethod
    def of(cls, entries: Iterable[DeckEntry], *, whole_log: bool = True) -> Scope:
        """The scope of some loaded decks (`Collection.entries`), without building their cards."""
        entries = list(entries)
        return cls(cards={entry.slug: entry.ids for entry in entries},
                   deck_tags={entry.slug: entry.deck_tags for entry in entries},
                   card_tags={entry.slug: entry.tags for entry in entries},
                   whole_log=whole_log)

    @property
    def decks(self) -> tuple[str, ...]:
        return tuple(self.cards)

    def tags_of(self, deck: str, card: str) -> tuple[str, ...]:
        return self.card_tags.get(deck, {}).get(card, self.deck_tags.get(deck, ()))

    def loaded_json(self) -> str:
        """The loaded cards as the store's queries take them: {deck: [ids]} in JSON."""
        return json.dumps({slug: list(ids) for slug, ids in self.cards.items()},
                          ensure_ascii=False, separators=(",", ":"))

    def log_decks_json(self) -> str | None:
        """The decks whose answers the history figures count, in JSON; None for the whole
        log."""
        return None if self.whole_log else json.dumps(self.decks, ensure_ascii=False)
