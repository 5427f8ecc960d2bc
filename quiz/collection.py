"""The learner's collection: the loaded decks, the settings and the review store, together.

CLI commands and the TUI open a `Collection`, ask it for counts, choose cards with `select`,
and study or take an exam through the sessions it starts. Nothing here imports Textual or fsrs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Settings, load_settings
from .days import day_start, next_day_start, study_date
from .deckcache import find_deck_files, load_decks_cached
from .errors import UsageError
from .model import Card, Deck
from .problems import Problem
from .scheduler import NEW_STATE, Phase, to_ms, utc
from .store import CardRow, Orphan, Store

if TYPE_CHECKING:
    from .session import ExamSession, StudySession

SPECIAL_SELECTIONS = ("leeches", "mistakes")


@dataclass(frozen=True)
class DeckCounts:
    """What a deck has for today: new (within the daily limit), learning and due, and totals."""

    slug: str
    title: str
    new: int
    learning: int
    due: int
    total: int
    suspended: int


@dataclass(frozen=True)
class Availability:
    """Where each card stands today, for building a queue or counting one."""

    learning: list[tuple[int, Card]]   # (due ms, card), due before the day ends
    reviews: list[tuple[int, Card]]    # (due ms, card), due before the day ends
    new: list[Card]
    new_left: int                      # new cards still allowed today
    reviews_left: int                  # reviews still allowed today


class Collection:
    """Decks, settings and the store of one learner; open with `Collection.open`."""

    def __init__(self, decks: list[Deck], problems: list[Problem], settings: Settings,
                 store: Store, tz: tzinfo | None = None) -> None:
        self.decks = decks
        self.problems = problems
        self.settings = settings
        self.store = store
        self.tz = tz
        self._cards: dict[tuple[str, str], Card] | None = None

    @classmethod
    def open(cls, *, deck_paths: list[Path], data_dir: Path, config_path: Path,
             overrides: dict[str, Any] | None = None, tz: tzinfo | None = None) -> Collection:
        """Read settings, load the decks (from the cache when unchanged) and open the store."""
        settings = load_settings(config_path, **(overrides or {}))
        missing = [str(p) for p in deck_paths if not p.exists()]
        if missing:
            raise UsageError(f"no such deck file or directory: {', '.join(missing)}")
        decks, problems = load_decks_cached(find_deck_files(deck_paths), data_dir / "cache")
        store = Store.open(data_dir)
        return cls(decks, problems, settings, store, tz)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- cards ---------------------------------------------------------------

    @property
    def cards(self) -> dict[tuple[str, str], Card]:
        """Every loaded card by (deck slug, card id)."""
        if self._cards is None:
            self._cards = {(card.deck, card.id): card for deck in self.decks
                           for card in deck.cards}
        return self._cards

    def find(self, specs: Iterable[str]) -> list[Card]:
        """Cards named `DECK` (all its cards) or `DECK/ID`; anything unknown is a usage error."""
        by_slug = {deck.slug: deck for deck in self.decks}
        found: list[Card] = []
        for spec in specs:
            slug, _, card_id = spec.partition("/")
            if slug not in by_slug:
                raise UsageError(f"no deck '{slug}'{_known(by_slug)}")
            if not card_id:
                found.extend(by_slug[slug].cards)
            elif (slug, card_id) in self.cards:
                found.append(self.cards[slug, card_id])
            else:
                raise UsageError(f"deck '{slug}' has no card '{card_id}'")
        return list(dict.fromkeys(found))

    def select(self, decks: list[str] | None = None, tags: list[str] | None = None,
               special: str | None = None) -> list[Card]:
        """Cards of the named decks (slug or title), with any of the tags, or a special set."""
        chosen = self.decks
        if decks:
            by_name = {deck.slug: deck for deck in self.decks}
            by_name.update({deck.title: deck for deck in self.decks})
            unknown = [name for name in decks if name not in by_name]
            if unknown:
                raise UsageError(f"no deck '{unknown[0]}'{_known(self.decks_by_slug())}")
            chosen = list(dict.fromkeys(by_name[name] for name in decks))
        cards = [card for deck in chosen for card in deck.cards]
        if tags:
            known_tags = {tag for card in self.cards.values() for tag in card.tags}
            unknown = [tag for tag in tags if tag not in known_tags]
            if unknown:
                raise UsageError(f"no card has the tag '{unknown[0]}'")
            wanted = set(tags)
            cards = [card for card in cards if wanted.intersection(card.tags)]
        if special == "leeches":
            rows = self.store.card_rows()
            cards = [card for card in cards if (row := rows.get((card.deck, card.id)))
                     and row.leech]
        elif special == "mistakes":
            mistakes = self.store.mistakes()
            cards = [card for card in cards if (card.deck, card.id) in mistakes]
        elif special is not None:
            raise UsageError(f"unknown selection '{special}'; use "
                             f"{' or '.join(SPECIAL_SELECTIONS)}")
        return cards

    def decks_by_slug(self) -> dict[str, Deck]:
        return {deck.slug: deck for deck in self.decks}

    # -- today ---------------------------------------------------------------

    def day_start(self, now: datetime) -> datetime:
        return day_start(now, self.settings.day_starts_at, self.tz)

    def next_day_start(self, now: datetime, days: int = 1) -> datetime:
        return next_day_start(now, self.settings.day_starts_at, self.tz, days)

    def today(self, now: datetime) -> date:
        """The study day's date, for `valid_until`."""
        return study_date(now, self.settings.day_starts_at, self.tz)

    def availability(self, cards: Iterable[Card], now: datetime,
                     rows: dict[tuple[str, str], CardRow] | None = None) -> Availability:
        """Sort cards into learning, review and new for today; suspended, buried and expired
        cards are left out (their history stays)."""
        rows = self.store.card_rows() if rows is None else rows
        now_ms = to_ms(now)
        day_end = to_ms(self.next_day_start(now))
        today = self.today(now).isoformat()
        new_done, reviews_done = self.store.answers_since(self.day_start(now))
        learning: list[tuple[int, Card]] = []
        reviews: list[tuple[int, Card]] = []
        new: list[Card] = []
        for card in cards:
            row = rows.get((card.deck, card.id))
            if card.valid_until is not None and card.valid_until < today:
                continue
            if row is None:
                new.append(card)
                continue
            if row.suspended or (row.buried_until is not None and row.buried_until > now_ms):
                continue
            if row.phase == Phase.NEW:
                new.append(card)
            elif row.due is not None and row.due < day_end:
                (reviews if row.phase == Phase.REVIEW else learning).append((row.due, card))
        return Availability(learning, reviews, new,
                            max(0, self.settings.new_per_day - new_done),
                            max(0, self.settings.reviews_per_day - reviews_done))

    def counts(self, now: datetime) -> list[DeckCounts]:
        """New (within today's limit), learning and due counts per deck, for the home screen."""
        now = utc(now)
        rows = self.store.card_rows()
        result = []
        for deck in self.decks:
            available = self.availability(deck.cards, now, rows)
            suspended = sum(1 for card in deck.cards
                            if (row := rows.get((card.deck, card.id))) and row.suspended)
            result.append(DeckCounts(
                slug=deck.slug, title=deck.title,
                new=min(len(available.new), available.new_left),
                learning=len(available.learning),
                due=min(len(available.reviews), available.reviews_left),
                total=len(deck.cards), suspended=suspended))
        return result

    # -- sessions ------------------------------------------------------------

    def study(self, cards: list[Card], *, clock: Callable[[], datetime],
              cram: bool = False) -> StudySession:
        """A study session over these cards (today's queue of them, or all of them in cram)."""
        from .session import StudySession

        return StudySession(self, cards, clock=clock, cram=cram)

    def exam(self, cards: list[Card], *, count: int, minutes: float | None,
             clock: Callable[[], datetime], seed: int | None = None) -> ExamSession:
        """A practice exam of `count` questions drawn from these cards."""
        from .session import ExamSession

        return ExamSession(self, cards, count=count, minutes=minutes, clock=clock, seed=seed)

    # -- managing cards ------------------------------------------------------

    def suspend(self, cards: Iterable[Card], suspended: bool = True) -> int:
        """Suspend (or unsuspend) cards: they leave every queue but keep their history."""
        return self.store.set_flags(((c.deck, c.id, c.content_hash) for c in cards),
                                    suspended=suspended)

    def bury(self, card: Card, now: datetime) -> None:
        """Hide a card until the next day boundary."""
        self.store.set_flags([(card.deck, card.id, card.content_hash)],
                             buried_until=self.next_day_start(now))

    def reset(self, cards: Iterable[Card], now: datetime) -> int:
        """Make cards new again; the reset is logged, so their history stays."""
        now = utc(now)
        count = 0
        for card in cards:
            if self.store.state_of(card.deck, card.id).is_new:
                continue
            self.store.record(card.deck, card.id, card.content_hash, now=now, kind="reset",
                              change=lambda state, _id: (NEW_STATE, False))
            count += 1
        return count

    def send_to_review(self, cards: Iterable[Card], now: datetime) -> int:
        """Make cards due now (new ones enter learning); logged as a manual change."""
        now = utc(now)
        count = 0
        for card in cards:
            self.store.record(card.deck, card.id, card.content_hash, now=now, kind="manual",
                              change=lambda state, _id: (state.due_now(now), False))
            count += 1
        return count

    def orphans(self) -> list[Orphan]:
        """Stored cards no loaded deck holds any more (their history is kept)."""
        return self.store.orphans(set(self.cards), {deck.slug for deck in self.decks})


def _known(decks: dict[str, Deck]) -> str:
    if not decks:
        return " (no decks are loaded)"
    names = sorted(decks)
    more = f", … ({len(names)} in all)" if len(names) > 8 else ""
    return f"; decks: {', '.join(names[:8])}{more}"


def open_from_args(args: Any, overrides: dict[str, Any] | None = None) -> Collection:
    """Open the collection the common command-line options (--decks, --data-dir, --config) name."""
    from .locations import config_path, data_dir, deck_paths

    return Collection.open(deck_paths=deck_paths(getattr(args, "decks", None)),
                           data_dir=data_dir(getattr(args, "data_dir", None)),
                           config_path=config_path(getattr(args, "config", None)),
                           overrides=overrides)
