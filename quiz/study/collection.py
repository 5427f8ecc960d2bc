"""The learner's collection: the loaded decks, the settings and the review store, together.

CLI commands and the TUI open a `Collection`, ask it for counts, choose cards with `select`,
and study or take an exam through the sessions it starts. Nothing here imports Textual or fsrs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from quiz.core.card_state import NEW_STATE
from quiz.core.clock import day_start, next_day_start, study_date, utc
from quiz.core.errors import UsageError
from quiz.core.model import IMPORT_PREFIX, Card, Deck
from quiz.core.settings import Settings, load_settings
from quiz.decks.cache import DeckEntry, find_deck_files, load_decks_cached
from quiz.decks.problems import Problem
from quiz.storage.store import Orphan, QueueState, Store

if TYPE_CHECKING:
    from quiz.study.session import ExamSession, StudySession

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
    """Today's queue material for some cards: learning cards due today, and reviews and new
    cards within what is left of the daily limits."""

    learning: list[tuple[int, Key]]   # (due ms, key), due before the day ends, oldest first
    reviews: list[Key]                # due before the day ends, oldest first, at most the limit
    new: list[Key]                    # in deck order, at most the limit


class CardSelection(Sequence[Card]):
    """Cards chosen by `Collection.select`: a sequence of cards built only when looked at."""

    def __init__(self, collection: Collection, keys: list[Key],
                 whole_decks: list[str] | None = None) -> None:
        self.collection = collection
        self.keys = keys
        self.whole_decks = whole_decks   # set when the keys are exactly these decks' cards

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

    @property
    def error_count(self) -> int:
        """The errors in the loaded deck files, as `quiz check` counts them; the cards they
        are in are left out of every session."""
        return sum(1 for problem in self.problems if problem.severity == "error")

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
    def titles(self) -> dict[str, str]:
        """Deck slug → title, in load order, without building any card."""
        return {entry.slug: entry.title for entry in self.entries}

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
        if special is None:
            return CardSelection(self, keys, None if tags else [entry.slug for entry in chosen])
        if special not in SPECIAL_SELECTIONS:
            raise UsageError(f"unknown selection '{special}'; use "
                             f"{' or '.join(SPECIAL_SELECTIONS)}")
        marked = self.store.leeches() if special == "leeches" else self.store.mistakes()
        return CardSelection(self, [key for key in keys if key in marked])

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

    def _by_deck(self, cards: Iterable[Card],
                 today: str) -> dict[str, tuple[AbstractSet[str], Sequence[str]]]:
        """The chosen cards that have not expired, as deck → (ids as a set, ids in order)."""
        if isinstance(cards, CardSelection) and cards.whole_decks is not None:
            chosen: dict[str, tuple[AbstractSet[str], Sequence[str]]] = {}
            for slug in cards.whole_decks:
                entry = self._by_slug[slug]
                expired = {card_id for card_id, until in entry.expiry.items() if until < today}
                if expired:
                    ids = [card_id for card_id in entry.ids if card_id not in expired]
                    chosen[slug] = (set(ids), ids)
                else:
                    chosen[slug] = (entry.id_set, entry.ids)
            return chosen
        grouped: dict[str, list[str]] = {}
        for deck, card_id, until in self.keys_of(cards):
            if until is None or until >= today:
                grouped.setdefault(deck, []).append(card_id)
        return {deck: (set(ids), ids) for deck, ids in grouped.items()}

    # -- today ---------------------------------------------------------------

    def day_start(self, now: datetime) -> datetime:
        return day_start(now, self.settings.day_starts_at, self.tz)

    def next_day_start(self, now: datetime, days: int = 1) -> datetime:
        return next_day_start(now, self.settings.day_starts_at, self.tz, days)

    def today(self, now: datetime) -> date:
        """The study day's date, for `valid_until`."""
        return study_date(now, self.settings.day_starts_at, self.tz)

    def future_answers(self, now: datetime) -> int:
        """How many answers in the log are dated on a study day after today's: the clock was
        set ahead when they were given. They do not count against today's limits; they are
        reported so that the learner knows why those cards are not due."""
        return self.store.answers_from(self.next_day_start(now))

    def queue_state(self, now: datetime) -> QueueState:
        return self.store.queue_state(now, self.next_day_start(now))

    def limits_left(self, now: datetime) -> tuple[int, int]:
        """(new cards, reviews) still allowed today, after what today's log already holds
        (answers dated on a later day do not count)."""
        new_done, reviews_done = self.store.answers_between(self.day_start(now),
                                                            self.next_day_start(now))
        return (max(0, self.settings.new_per_day - new_done),
                max(0, self.settings.reviews_per_day - reviews_done))

    def availability(self, cards: Iterable[Card], now: datetime,
                     state: QueueState | None = None) -> Availability:
        """Today's learning cards, reviews and new cards among these cards, within the daily
        limits; suspended, buried and expired cards are left out (their history stays)."""
        state = self.queue_state(now) if state is None else state
        chosen = self._by_deck(cards, self.today(now).isoformat())
        new_left, reviews_left = self.limits_left(now)
        learning = [(due, (deck, card_id)) for deck, card_id, due
                    in self.store.due_rows(state, review=False)
                    if deck in chosen and card_id in chosen[deck][0]]
        reviews: list[Key] = []
        if reviews_left:
            for deck, card_id, _ in self.store.due_rows(state, review=True):
                if deck in chosen and card_id in chosen[deck][0]:
                    reviews.append((deck, card_id))
                    if len(reviews) == reviews_left:
                        break
        new: list[Key] = []
        empty: set[str] = set()
        for deck, (_, ordered) in chosen.items():
            if len(new) >= new_left:
                break
            taken = state.taken.get(deck, empty)
            for card_id in ordered:
                if card_id not in taken:
                    new.append((deck, card_id))
                    if len(new) == new_left:
                        break
        return Availability(learning, reviews, new)

    def counts(self, now: datetime, state: QueueState | None = None) -> list[DeckCounts]:
        """New (within today's limit), learning and due counts per deck, for the home screen."""
        now = utc(now)
        state = self.queue_state(now) if state is None else state
        today = self.today(now).isoformat()
        new_left, reviews_left = self.limits_left(now)
        empty: set[str] = set()
        # Due counts come from the store; cards that are due there but no longer in their deck
        # (orphans) or expired are taken off again.
        excluded: list[Key] = []
        for entry in self.entries:
            taken = state.taken.get(entry.slug)
            if taken:
                excluded += [(entry.slug, card_id) for card_id in taken - entry.id_set]
            excluded += [(entry.slug, card_id) for card_id, until in entry.expiry.items()
                         if until < today]
        due_counts = self.store.due_counts(state)
        for (deck, card_id), review in self.store.due_status(excluded, state).items():
            due_counts[deck, review] -= 1
        result = []
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
                learning=due_counts.get((entry.slug, False), 0),
                due=min(due_counts.get((entry.slug, True), 0), reviews_left),
                total=len(entry.ids),
                suspended=len(suspended & entry.id_set) if suspended else 0))
        return result

    # -- sessions ------------------------------------------------------------

    def study(self, cards: Sequence[Card], *, clock: Callable[[], datetime], cram: bool = False,
              state: QueueState | None = None) -> StudySession:
        """A study session over these cards (today's queue of them, or all of them in cram).

        `state`, from `queue_state(now)`, saves reading the store twice when counts were just
        taken at the same moment.
        """
        from quiz.study.session import StudySession

        return StudySession(self, cards, clock=clock, cram=cram, state=state)

    def exam(self, cards: Sequence[Card], *, count: int, minutes: float | None,
             clock: Callable[[], datetime], seed: int | None = None) -> ExamSession:
        """A practice exam of `count` questions drawn from these cards."""
        from quiz.study.session import ExamSession

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
                              change=lambda state, _id, _now: (NEW_STATE, False))
            count += 1
        return count

    def send_to_review(self, cards: Iterable[Card], now: datetime) -> int:
        """Make cards due now (new ones enter learning); logged as a manual change."""
        now = utc(now)
        count = 0
        for card in cards:
            self.store.record(card.deck, card.id, card.content_hash, now=now, kind="manual",
                              change=lambda state, _id, _now: (state.due_now(now), False))
            count += 1
        return count

    def orphans(self) -> list[Orphan]:
        """Stored cards no loaded deck holds any more (their history is kept).

        Imported review logs (`import-…` decks) never had a deck file, so they are not orphans.
        """
        return [orphan for orphan in
                self.store.orphans(set(self.cards), {deck.slug for deck in self.decks})
                if not orphan.deck.startswith(IMPORT_PREFIX)]
