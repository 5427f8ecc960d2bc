"""Today's queue: which cards are due, learning or new within the daily limits, for a study
session and for the counts on the deck list.

The rules of the study day live here (when it starts, what the limits leave, which cards an
expiry date or a bury takes out, in which order new cards come, which cards give others away
and how fast an exam's new cards come); the store answers the questions they ask of the log.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from itertools import zip_longest
from math import isqrt
from typing import TYPE_CHECKING, TypeVar, overload

from quiz.core.clock import day_start, next_day_start, study_date, to_ms, utc
from quiz.core.model import Card, Key

if TYPE_CHECKING:
    from quiz.core.calendar import Exam
    from quiz.core.settings import Settings
    from quiz.decks.cache import DeckEntry
    from quiz.storage.store import QueueState, Store
    from quiz.study.exam_date import IntervalPlanner
    from quiz.study.workload import DayLoad

T = TypeVar("T")

# A learning card due within this time is shown early rather than ending the session (Anki's
# default "learn ahead limit").
LEARN_AHEAD = timedelta(minutes=20)
# How many study days ahead the load balancer looks: its longest interval
# (quiz.study.workload.MAX_BALANCED_INTERVAL, 90) and the fuzz above it.
LOAD_DAYS = 100


@dataclass(frozen=True)
class NewCardPace:
    """Today's new cards for the decks of exams ahead: each deck's exam (the earliest ahead
    that covers it) and how many new cards of that exam's decks are still allowed today."""

    exam_of: dict[str, Exam]
    left: dict[str, int]           # exam name → new cards still allowed today

    def allowed(self, deck: str, new_left: int) -> int:
        """New cards of `deck` still allowed today, within the daily limit `new_left`."""
        exam = self.exam_of.get(deck)
        return new_left if exam is None else min(new_left, self.left[exam.name])

    def take(self, deck: str) -> None:
        exam = self.exam_of.get(deck)
        if exam is not None:
            self.left[exam.name] -= 1

    def give_back(self, deck: str) -> None:
        """A new card taken for today was not introduced after all (given away, buried)."""
        exam = self.exam_of.get(deck)
        if exam is not None:
            self.left[exam.name] += 1


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
    new: list[Key]                    # in the order of introduction (_new_order), at most the limit
    pace: NewCardPace                 # what the exams' paces still allow after `new`


class CardSelection(Sequence[Card]):
    """Cards chosen by `Collection.select`: a sequence of cards built only when looked at."""

    def __init__(self, queue: DailyQueue, keys: list[Key],
                 whole_decks: list[str] | None = None) -> None:
        self.queue = queue
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
            return [self.queue.card(*key) for key in self.keys[index]]
        return self.queue.card(*self.keys[index])

    def __iter__(self) -> Iterator[Card]:
        card = self.queue.card
        return (card(*key) for key in self.keys)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CardSelection):
            return self.keys == other.keys
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"CardSelection({len(self.keys)} cards)"


def interleave(reviews: list[T], new: list[T]) -> list[T]:
    """Spread new cards evenly among reviews, keeping each list's own order."""
    slots = [((i + 1) / (len(reviews) + 1), 0, card) for i, card in enumerate(reviews)]
    slots += [((j + 1) / (len(new) + 1), 1, card) for j, card in enumerate(new)]
    slots.sort(key=lambda slot: (slot[0], slot[1]))
    return [card for _, _, card in slots]


def spread(ids: Sequence[str]) -> list[str]:
    """A deck's new cards in the order they are introduced: spread over the article rather
    than line by line. Every `step`-th card (step about the square root of their number, at
    least 2), then the ones after each of those, and so on: 0, 6, 12, …, 1, 7, 13, … of 40.
    Two cards next to each other in the deck follow each other only in a deck of four or
    fewer cards, where it cannot be helped."""
    step = max(2, isqrt(len(ids)))
    return [ids[index] for start in range(step) for index in range(start, len(ids), step)]


def keep_apart(keys: Sequence[Key], gives_away: Callable[[Key], Iterable[Key]],
               neighbours: Callable[[Key, Key], bool]) -> list[Key]:
    """The keys in the order given, except that a card that gives another away comes after
    it (the one it gives away is then asked first, rather than buried), and that of two new
    cards next to each other in their deck one is not asked straight after the other when
    another card can come between. Cards that give each other away keep their order.
    """
    position = {key: index for index, key in enumerate(keys)}
    waiting = [0] * len(keys)          # how many cards must come before each card
    released: dict[int, list[int]] = {}
    for index, key in enumerate(keys):
        for other in gives_away(key):
            before = position.get(other)
            if before is not None and before != index:
                waiting[index] += 1
                released.setdefault(before, []).append(index)
    if not released:
        return list(keys)
    ready = [index for index, count in enumerate(waiting) if not count]
    heapq.heapify(ready)
    placed = [False] * len(keys)
    order: list[int] = []
    while len(order) < len(keys):
        if not ready:   # cards that give each other away: the first of them goes first
            first = next(index for index in range(len(keys)) if not placed[index])
            waiting[first] = 0
            ready = [first]
        index = heapq.heappop(ready)
        if order and ready and neighbours(keys[order[-1]], keys[index]):
            index = heapq.heapreplace(ready, index)
        if placed[index]:
            continue
        placed[index] = True
        order.append(index)
        for later in released.get(index, ()):
            waiting[later] -= 1
            if waiting[later] == 0 and not placed[later]:
                heapq.heappush(ready, later)
    return [keys[index] for index in order]


class DailyQueue:
    """The study-day rules over the loaded decks, the settings and the store of one learner."""

    def __init__(self, entries: list[DeckEntry], settings: Settings, store: Store,
                 tz: tzinfo | None = None) -> None:
        self.entries = entries
        self.settings = settings
        self.store = store
        self.tz = tz
        self._by_slug = {entry.slug: entry for entry in entries}

    def card(self, deck: str, card_id: str) -> Card:
        """One card by its key (KeyError if no loaded deck has it)."""
        return self._by_slug[deck].card(card_id)

    def gives_away(self, key: Key) -> list[Key]:
        """The cards of its deck whose answer this card shows (`quiz.decks.giveaway`)."""
        deck, card_id = key
        return [(deck, other) for other in self._by_slug[deck].gives_away.get(card_id, ())]

    def related(self, key: Key) -> set[Key]:
        """The cards of its deck this card gives away or that give it away."""
        deck, card_id = key
        return {(deck, other) for other in self._by_slug[deck].related(card_id)}

    def neighbours(self, first: Key, second: Key) -> bool:
        """Whether two cards stand next to each other in their deck (so in its article)."""
        if first[0] != second[0]:
            return False
        ids = self._by_slug[first[0]].ids
        index = ids.index(first[1])
        return second[1] in ids[max(index - 1, 0):index + 2] and second != first

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

    def new_card_pace(self, now: datetime, state: QueueState) -> NewCardPace:
        """How many new cards each exam ahead allows today: the pace that sees all its decks'
        cards `finish_days` before it (`quiz.study.exam_date.new_cards_today`), counting the
        ones already started today."""
        settings = self.settings
        if not settings.exams:
            return NewCardPace({}, {})
        # Imported here: the scheduling toward exams costs `quiz due` nothing without an exam.
        from quiz.study.exam_date import new_cards_today, next_exam

        today = self.today(now)
        exam_of: dict[str, Exam] = {}
        for entry in self.entries:
            exam = next_exam(settings.exams, entry.slug, today)
            if exam is not None:
                exam_of[entry.slug] = exam
        if not exam_of:
            return NewCardPace({}, {})
        started = self.store.new_started_between(self.day_start(now), self.next_day_start(now))
        expired_before = today.isoformat()
        unseen: dict[str, int] = {}
        introduced: dict[str, int] = {}
        empty: set[str] = set()
        for slug, exam in exam_of.items():
            entry = self._by_slug[slug]
            taken = state.taken.get(slug, empty)
            fresh = sum(1 for card_id in entry.ids if card_id not in taken
                        and entry.expiry.get(card_id, expired_before) >= expired_before)
            unseen[exam.name] = unseen.get(exam.name, 0) + fresh
            introduced[exam.name] = introduced.get(exam.name, 0) + started.get(slug, 0)
        left = {}
        for exam in {exam.name: exam for exam in exam_of.values()}.values():
            done = introduced[exam.name]
            left[exam.name] = max(0, new_cards_today(unseen[exam.name] + done, today, exam,
                                                     settings.new_per_day,
                                                     settings.finish_days) - done)
        return NewCardPace(exam_of, left)

    @property
    def slugs(self) -> AbstractSet[str]:
        """The loaded decks."""
        return self._by_slug.keys()

    def load_for(self, now: datetime) -> DayLoad | None:
        """The load the scheduler balances against: reviews already due on the coming days
        when fuzz is on (without fuzz an interval has no range to balance in)."""
        return self.review_load(now) if self.settings.fuzz else None

    def planner(self, now: datetime) -> IntervalPlanner:
        """The interval planner of these settings, with today's load."""
        from quiz.study.exam_date import interval_planner

        return interval_planner(self.settings, self.tz, self.load_for(now))

    def review_load(self, now: datetime) -> DayLoad:
        """Reviews already due on each of the coming study days (from tomorrow), for the load
        balancer."""
        from quiz.study.workload import DayLoad

        starts = [self.next_day_start(now, days) for days in range(1, LOAD_DAYS + 2)]
        counts: Counter[date] = Counter()
        first = self.today(now)
        marks = [to_ms(start) for start in starts]
        for due in self.store.review_dues(starts[0], starts[-1]):
            counts[first + timedelta(days=bisect_right(marks, due))] += 1
        return DayLoad(counts)

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
        pace = self.new_card_pace(now, state)
        if new_left:
            for key in self._new_order(chosen, state):
                if key[0] in pace.exam_of and not pace.allowed(key[0], 1):
                    continue   # this exam's pace is met for today; other decks may still come
                new.append(key)
                pace.take(key[0])
                if len(new) == new_left:
                    break
        return Availability(learning, reviews, new, pace)

    def new_cards(self, cards: Iterable[Card], now: datetime,
                  state: QueueState | None = None) -> Iterator[Key]:
        """Every new card among these, in the order they are introduced, with no daily limit
        (a session takes more from it when a new card it holds is given away)."""
        state = self.queue_state(now) if state is None else state
        return self._new_order(self._by_deck(cards, self.today(now).isoformat()), state)

    def _new_order(self, chosen: dict[str, tuple[AbstractSet[str], Sequence[str]]],
                   state: QueueState) -> Iterator[Key]:
        """New cards one deck after another in turn, each deck's spread over its article."""
        empty: set[str] = set()
        decks = []
        for deck, (_, ordered) in chosen.items():
            taken = state.taken.get(deck, empty)
            fresh = [card_id for card_id in ordered if card_id not in taken] if taken \
                else ordered
            if fresh:
                decks.append([(deck, card_id) for card_id in spread(fresh)])
        if len(decks) == 1:
            return iter(decks[0])
        return (key for turn in zip_longest(*decks) for key in turn if key is not None)

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
        for (deck, _card), review in self.store.due_status(excluded, state).items():
            due_counts[deck, review] -= 1
        pace = self.new_card_pace(now, state)
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
                slug=entry.slug, title=entry.title, new=min(new, pace.allowed(entry.slug,
                                                                               new_left)),
                learning=due_counts.get((entry.slug, False), 0),
                due=min(due_counts.get((entry.slug, True), 0), reviews_left),
                total=len(entry.ids),
                suspended=len(suspended & entry.id_set) if suspended else 0))
        return result

    def bury(self, card: Card, now: datetime) -> None:
        """Hide a card until the next day boundary."""
        self.store.set_flags([(card.deck, card.id, card.content_hash)],
                             buried_until=self.next_day_start(now))
