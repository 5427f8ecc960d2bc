"""The learner's collection: the loaded decks, the settings and the review store, together.

CLI commands and the TUI open a `Collection`, ask it for counts, choose cards with `select`,
and study or take an exam through the sessions it starts. Nothing here imports Textual or fsrs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from .config import Settings, load_settings
from .days import day_start, next_day_start, study_date
from .deckcache import DeckEntry, find_deck_files, load_decks_cached
from .errors import UsageError
from .model import Card, Deck
from .problems import Problem
from .scheduler import NEW_STATE, Phase, utc
from .store import Orphan, QueueState, Store

if TYPE_CHECKING:
    from .session import ExamSession, StudySession

SPECIAL_SELECTIONS = ("leeches", "mistakes")

Key = tuple[str, str]


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
    """Where each chosen card stands today, for building a queue or counting one."""

    learning: list[tuple[int, Key]]   # (due ms, key), due before the day ends, oldest first
    reviews: list[tuple[int, Key]]    # (due ms, key), due before the day ends, oldest first
    new: list[Key]                    # in deck order
    new_left: int                     # new cards still allowed today
    reviews_left: int                 # reviews still allowed today


class CardSelection(Sequence[Card]):
    """Cards chosen by `Collection.select`: a sequence of cards built only when looked at."""

    def __init__(self, collection: Collection, keys: list[Key]) -> None:
        self.collection = collection
        self.keys = keys

    def __len__(self) -> int:
        return len(self.keys)

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> list[Card]: ...
    def __getitem__(self, index: int | slice) -> Card | list[Card]:
        if isinstance(index, slice):
            return [self.collection.card(*key) for key in self.keys[index]]
        return self.collection.card(*self.keys[index])

    def __iter__(self) -> Iterator[Card]:
        card = self.collection.card
        return (card(*key) for key in self.keys)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CardSelection):
            return self.keys == other.keys
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"CardSelection({len(self.keys)} cards)"


class Collection:
    """Decks, settings and the store of one learner; open with `Collection.open`."""

    def __init__(self, entries: list[DeckEntry], problems: list[Problem], settings: Settings,
                 store: Store, tz: tzinfo | None = None) -> None:
        self.entries = entries
        self.problems = problems
        self.settings = settings
        self.store = store
        self.tz = tz
        self._by_slug = {entry.slug: entry for entry in entries}
        self._cards: dict[Key, Card] | None = None

    @classmethod
    def open(cls, *, deck_paths: list[Path], data_dir: Path, config_path: Path,
             overrides: dict[str, Any] | None = None, tz: tzinfo | None = None) -> Collection:
        """Read settings, load the decks (from the cache when unchanged) and open the store."""
        settings = load_settings(config_path, **(overrides or {}))
        missing = [str(p) for p in deck_paths if not p.exists()]
        if missing:
            raise UsageError(f"no such deck file or directory: {', '.join(missing)}")
        entries, problems = load_decks_cached(find_deck_files(deck_paths), data_dir / "cache")
        store = Store.open(data_dir)
        return cls(entries, problems, settings, store, tz)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- cards ---------------------------------------------------------------

    @property
    def decks(self) -> list[Deck]:
        """Every loaded deck with all its cards."""
        return [entry.deck for entry in self.entries]

    @property
    def cards(self) -> dict[Key, Card]:
        """Every loaded card by (deck slug, card id)."""
        if self._cards is None:
            self._cards = {(card.deck, card.id): card for deck in self.decks
                           for card in deck.cards}
        return self._cards

    def card(self, deck: str, card_id: str) -> Card:
        """One card by its key (KeyError if no loaded deck has it)."""
        return self._by_slug[deck].card(card_id)

    def find(self, specs: Iterable[str]) -> list[Card]:
        """Cards named `DECK` (all its cards) or `DECK/ID`; anything unknown is a usage error."""
        found: list[Card] = []
        for spec in specs:
            slug, _, card_id = spec.partition("/")
            if slug not in self._by_slug:
                raise UsageError(f"no deck '{slug}'{self._known()}")
            entry = self._by_slug[slug]
            if not card_id:
                found.extend(entry.deck.cards)
            elif card_id in entry.id_set:
                found.append(entry.card(card_id))
            else:
                raise UsageError(f"deck '{slug}' has no card '{card_id}'")
        return list(dict.fromkeys(found))

    def select(self, decks: list[str] | None = None, tags: list[str] | None = None,
               special: str | None = None) -> CardSelection:
        """Cards of the named decks (slug or title), with any of the tags, or a special set."""
        chosen = self.entries
        if decks:
            by_name = dict(self._by_slug)
            by_name.update({entry.title: entry for entry in self.entries})
            unknown = [name for name in decks if name not in by_name]
            if unknown:
                raise UsageError(f"no deck '{unknown[0]}'{self._known()}")
            chosen = list(dict.fromkeys(by_name[name] for name in decks))
        if tags:
            known_tags = {tag for entry in self.entries
                          for tags_of in (entry.deck_tags, *entry.tags.values()) for tag in tags_of}
            unknown = [tag for tag in tags if tag not in known_tags]
            if unknown:
                raise UsageError(f"no card has the tag '{unknown[0]}'")
            wanted = set(tags)
            keys = [(entry.slug, card_id) for entry in chosen for card_id in entry.ids
                    if wanted.intersection(entry.card_tags(card_id))]
        else:
            keys = [(entry.slug, card_id) for entry in chosen for card_id in entry.ids]
        if special is not None:
            if special not in SPECIAL_SELECTIONS:
                raise UsageError(f"unknown selection '{special}'; use "
                                 f"{' or '.join(SPECIAL_SELECTIONS)}")
            marked = self.store.leeches() if special == "leeches" else self.store.mistakes()
            keys = [key for key in keys if key in marked]
        return CardSelection(self, keys)

    def _known(self) -> str:
        if not self.entries:
            return " (no decks are loaded)"
        names = sorted(self._by_slug)
        more = f", … ({len(names)} in all)" if len(names) > 8 else ""
        return f"; decks: {', '.join(names[:8])}{more}"

    def keys_of(self, cards: Iterable[Card]) -> list[tuple[str, str, str | None]]:
        """(deck, id, valid_until) of each card, without building cards for a selection."""
        if isinstance(cards, CardSelection):
            return [(deck, card_id, self._by_slug[deck].expiry.get(card_id))
                    for deck, card_id in cards.keys]
        return [(card.deck, card.id, card.valid_until) for card in cards]

    # -- today ---------------------------------------------------------------

    def day_start(self, now: datetime) -> datetime:
        return day_start(now, self.settings.day_starts_at, self.tz)

    def next_day_start(self, now: datetime, days: int = 1) -> datetime:
        return next_day_start(now, self.settings.day_starts_at, self.tz, days)

    def today(self, now: datetime) -> date:
        """The study day's date, for `valid_until`."""
        return study_date(now, self.settings.day_starts_at, self.tz)

    def queue_state(self, now: datetime) -> QueueState:
        return self.store.queue_state(now, self.next_day_start(now))

    def availability(self, cards: Iterable[Card], now: datetime,
                     state: QueueState | None = None) -> Availability:
        """Sort cards into learning, review and new for today; suspended, buried and expired
        cards are left out (their history stays)."""
        state = self.queue_state(now) if state is None else state
        today = self.today(now).isoformat()
        refs = self.keys_of(cards)
        wanted = {(deck, card_id) for deck, card_id, valid_until in refs
                  if valid_until is None or valid_until >= today}
        learning: list[tuple[int, Key]] = []
        reviews: list[tuple[int, Key]] = []
        for deck, card_id, phase, due in state.due:
            key = (deck, card_id)
            if key in wanted:
                (reviews if phase == Phase.REVIEW else learning).append((due, key))
        empty: set[str] = set()
        new = [key for key in wanted_in_order(refs, wanted)
               if key[1] not in state.taken.get(key[0], empty)]
        new_done, reviews_done = self.store.answers_since(self.day_start(now))
        return Availability(learning, reviews, new,
                            max(0, self.settings.new_per_day - new_done),
                            max(0, self.settings.reviews_per_day - reviews_done))

    def counts(self, now: datetime, state: QueueState | None = None) -> list[DeckCounts]:
        """New (within today's limit), learning and due counts per deck, for the home screen."""
        now = utc(now)
        state = self.queue_state(now) if state is None else state
        today = self.today(now).isoformat()
        new_done, reviews_done = self.store.answers_since(self.day_start(now))
        new_left = max(0, self.settings.new_per_day - new_done)
        reviews_left = max(0, self.settings.reviews_per_day - reviews_done)
        learning: dict[str, int] = {}
        due: dict[str, int] = {}
        for deck, card_id, phase, _ in state.due:
            entry = self._by_slug.get(deck)
            if entry is None or card_id not in entry.id_set or \
                    entry.expiry.get(card_id, today) < today:
                continue
            table = due if phase == Phase.REVIEW else learning
            table[deck] = table.get(deck, 0) + 1
        result = []
        empty: set[str] = set()
        for entry in self.entries:
            taken = state.taken.get(entry.slug, empty)
            if entry.expiry:
                new = sum(1 for card_id in entry.ids if card_id not in taken
                          and entry.expiry.get(card_id, today) >= today)
            else:
                new = len(entry.id_set - taken) if taken else len(entry.ids)
            suspended = state.suspended.get(entry.slug, empty)
            result.append(DeckCounts(
                slug=entry.slug, title=entry.title, new=min(new, new_left),
                learning=learning.get(entry.slug, 0),
                due=min(due.get(entry.slug, 0), reviews_left), total=len(entry.ids),
                suspended=len(suspended & entry.id_set) if suspended else 0))
        return result

    # -- sessions ------------------------------------------------------------

    def study(self, cards: Sequence[Card], *, clock: Callable[[], datetime], cram: bool = False,
              state: QueueState | None = None) -> StudySession:
        """A study session over these cards (today's queue of them, or all of them in cram).

        `state`, from `queue_state(now)`, saves reading the store twice when counts were just
        taken at the same moment.
        """
        from .session import StudySession

        return StudySession(self, cards, clock=clock, cram=cram, state=state)

    def exam(self, cards: Sequence[Card], *, count: int, minutes: float | None,
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


def wanted_in_order(keys: list[tuple[str, str, str | None]], wanted: set[Key]) -> Iterator[Key]:
    """The wanted keys, in the order given."""
    for deck, card_id, _ in keys:
        if (deck, card_id) in wanted:
            yield deck, card_id


def open_from_args(args: Any, overrides: dict[str, Any] | None = None) -> Collection:
    """Open the collection the common command-line options (--decks, --data-dir, --config) name."""
    from .locations import config_path, data_dir, deck_paths

    return Collection.open(deck_paths=deck_paths(getattr(args, "decks", None)),
                           data_dir=data_dir(getattr(args, "data_dir", None)),
                           config_path=config_path(getattr(args, "config", None)),
                           overrides=overrides)
