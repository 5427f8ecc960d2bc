"""The learner's collection: the loaded decks, the settings, the review store and today's
queue, together.

CLI commands and the TUI open a `Collection`, ask it for counts, choose cards with `select`,
and study or take an exam through the sessions it starts; the sessions themselves get only
the queue, the store and the settings. Nothing here imports Textual or fsrs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz.core.errors import UsageError
from quiz.core.model import IMPORT_PREFIX, Card, Deck, Key
from quiz.core.settings import Settings, load_settings
from quiz.decks.cache import DeckEntry, load_decks_cached
from quiz.decks.discover import find_deck_files
from quiz.decks.problems import Problem
from quiz.storage.store import Orphan, QueueState, Store
from quiz.study import card_actions
from quiz.study.queue import Availability, CardSelection, DailyQueue, DeckCounts

if TYPE_CHECKING:
    from quiz.core.calendar import Exam
    from quiz.study.exam import ExamSession
    from quiz.study.plan import ExamPlan, PlanCard
    from quiz.study.session import StudySession

SPECIAL_SELECTIONS = ("leeches", "mistakes")
# Below this many first answers to new cards, a plan takes every first answer as Good rather
# than read shares into a handful.
FIRST_ANSWERS_TO_TRUST = 20


class Collection:
    """Decks, settings and the store of one learner; open with `Collection.open`."""

    def __init__(self, entries: list[DeckEntry], problems: list[Problem], settings: Settings,
                 store: Store, tz: tzinfo | None = None) -> None:
        self.entries = entries
        self.problems = problems
        self.queue = DailyQueue(entries, settings, store, tz)
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

    # The settings, the store and the time zone are the queue's: one copy, which the sessions
    # this collection starts share.
    @property
    def settings(self) -> Settings:
        return self.queue.settings

    @property
    def store(self) -> Store:
        return self.queue.store

    @store.setter
    def store(self, store: Store) -> None:
        self.queue.store = store

    @property
    def tz(self) -> tzinfo | None:
        return self.queue.tz

    @tz.setter
    def tz(self, tz: tzinfo | None) -> None:
        self.queue.tz = tz

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
    def labels(self) -> dict[str, str]:
        """Deck slug → the short label headers and lists show: the deck's `name`, else its
        slug (a title is a headline, which may hold an answer)."""
        return {entry.slug: entry.label for entry in self.entries}

    @property
    def cards(self) -> dict[Key, Card]:
        """Every loaded card by (deck slug, card id)."""
        if self._cards is None:
            self._cards = {(card.deck, card.id): card for deck in self.decks
                           for card in deck.cards}
        return self._cards

    def card(self, deck: str, card_id: str) -> Card:
        """One card by its key (KeyError if no loaded deck has it)."""
        return self.queue.card(deck, card_id)

    def keys_of(self, cards: Iterable[Card]) -> list[tuple[str, str, str | None]]:
        return self.queue.keys_of(cards)

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
            return CardSelection(self.queue, keys,
                                 None if tags else [entry.slug for entry in chosen])
        if special not in SPECIAL_SELECTIONS:
            raise UsageError(f"unknown selection '{special}'; use "
                             f"{' or '.join(SPECIAL_SELECTIONS)}")
        marked = self.store.leeches() if special == "leeches" else self.store.mistakes()
        return CardSelection(self.queue, [key for key in keys if key in marked])

    def _known(self) -> str:
        if not self.entries:
            return " (no decks are loaded)"
        names = sorted(self._by_slug)
        more = f", … ({len(names)} in all)" if len(names) > 8 else ""
        return f"; decks: {', '.join(names[:8])}{more}"

    # -- today (the rules are the queue's) -------------------------------------

    def day_start(self, now: datetime) -> datetime:
        return self.queue.day_start(now)

    def next_day_start(self, now: datetime, days: int = 1) -> datetime:
        return self.queue.next_day_start(now, days)

    def today(self, now: datetime) -> date:
        return self.queue.today(now)

    def future_answers(self, now: datetime) -> int:
        return self.queue.future_answers(now)

    def queue_state(self, now: datetime) -> QueueState:
        return self.queue.queue_state(now)

    def limits_left(self, now: datetime) -> tuple[int, int]:
        return self.queue.limits_left(now)

    def availability(self, cards: Iterable[Card], now: datetime,
                     state: QueueState | None = None) -> Availability:
        return self.queue.availability(cards, now, state)

    def counts(self, now: datetime, state: QueueState | None = None) -> list[DeckCounts]:
        return self.queue.counts(now, state)

    # -- sessions ------------------------------------------------------------

    def study(self, cards: Sequence[Card], *, clock: Callable[[], datetime], cram: bool = False,
              state: QueueState | None = None, recheck: bool = True) -> StudySession:
        """A study session over these cards (today's queue of them, or all of them in cram).

        `state`, from `queue_state(now)`, saves reading the store twice when counts were just
        taken at the same moment. A session first moves cards scheduled past an exam set since
        then (`quiz.study.card_actions.move_before_exams`); `recheck=False` leaves them, for a
        session that only looks at the queue.
        """
        from quiz.study.session import StudySession

        return StudySession(self.queue, self.store, self.settings, cards, clock=clock, cram=cram,
                            state=state, recheck=recheck)

    def exam(self, cards: Sequence[Card], *, count: int, minutes: float | None,
             clock: Callable[[], datetime], seed: int | None = None) -> ExamSession:
        """A practice exam of `count` questions drawn from these cards."""
        from quiz.study.exam import ExamSession

        return ExamSession(self.store, cards, count=count, minutes=minutes, clock=clock,
                           seed=seed, related=self.queue.related)

    # -- exams ahead ---------------------------------------------------------

    def plan_cards(self, exam: Exam, now: datetime,
                   decks: Iterable[str] | None = None) -> tuple[list[PlanCard], int]:
        """The cards an exam plan follows (the exam's decks, or those of them named; neither
        suspended nor expired) in the order the queue takes new cards, and how many of them
        were started today."""
        from quiz.core.card_state import NEW_STATE
        from quiz.study.plan import PlanCard

        wanted = None if decks is None else set(decks)
        today = self.today(now).isoformat()
        states = self.store.stored_states()
        suspended = self.queue_state(now).suspended
        started = self.store.new_started_between(self.day_start(now), self.next_day_start(now))
        empty: set[str] = set()
        cards: list[PlanCard] = []
        new_today = 0
        for entry in self.entries:
            if not exam.covers(entry.slug) or (wanted is not None and entry.slug not in wanted):
                continue
            left_out = suspended.get(entry.slug, empty)
            new_today += started.get(entry.slug, 0)
            for card_id in entry.ids:
                if card_id in left_out or entry.expiry.get(card_id, today) < today:
                    continue
                cards.append(PlanCard(entry.slug, states.get((entry.slug, card_id), NEW_STATE)))
        return cards, new_today

    def plan(self, exam: Exam, now: datetime, *, decks: Iterable[str] | None = None,
             cards: tuple[list[PlanCard], int] | None = None,
             progress: Callable[[], object] | None = None) -> ExamPlan:
        """Readiness for an exam ahead and what it takes (`quiz.study.plan.exam_plan`), with
        the learner's settings: FSRS's parameters and steps, the daily limit, the exam's target
        (its own retention, else the desired retention), `finish_days` and fuzz; new cards'
        first answers in the shares the learner's have had. `cards` are `plan_cards`' answer,
        when already taken."""
        from quiz.study.plan import exam_plan
        from quiz.study.scheduler import fsrs_scheduler

        chosen, new_today = self.plan_cards(exam, now, decks) if cards is None else cards
        settings = self.settings
        first = self.store.first_grades()
        return exam_plan(chosen, exam, now=now, scheduler=fsrs_scheduler(settings),
                         new_per_day=settings.new_per_day, new_today=new_today,
                         day_starts_at=settings.day_starts_at, tz=self.tz,
                         days_before=settings.finish_days,
                         target=exam.retention or settings.desired_retention, fuzz=settings.fuzz,
                         first_grades=first if sum(first) >= FIRST_ANSWERS_TO_TRUST else None,
                         progress=progress)

    def move_before_exams(self, now: datetime) -> int:
        """Move the cards scheduled past an exam set since then into its final window
        (`quiz.study.card_actions.move_before_exams`); how many moved."""
        if not self.settings.exams:
            return 0
        return card_actions.move_before_exams(self.store, self.queue.planner(now),
                                              self.queue.slugs, now)

    # -- managing cards ------------------------------------------------------

    def suspend(self, cards: Iterable[Card], suspended: bool = True) -> int:
        """Suspend (or unsuspend) cards: they leave every queue but keep their history."""
        return card_actions.suspend(self.store, cards, suspended)

    def suspended(self, now: datetime, cards: Iterable[Card] | None = None) -> list[Card]:
        """The suspended cards among these (default: every loaded card), in deck order, for a
        list to restore them from (`suspend(cards, False)`)."""
        state = self.queue_state(now)
        empty: set[str] = set()
        keys = self.keys_of(self.select() if cards is None else cards)
        return [self.card(deck, card_id) for deck, card_id, _ in keys
                if card_id in state.suspended.get(deck, empty)]

    def bury(self, card: Card, now: datetime) -> None:
        """Hide a card until the next day boundary."""
        self.queue.bury(card, now)

    def reset(self, cards: Iterable[Card], now: datetime) -> int:
        """Make cards new again; the reset is logged, so their history stays."""
        return card_actions.reset(self.store, cards, now)

    def send_to_review(self, cards: Iterable[Card], now: datetime) -> int:
        """Make cards due now (new ones enter learning); logged as a manual change."""
        return card_actions.send_to_review(self.store, cards, now)

    def orphans(self) -> list[Orphan]:
        """Stored cards no loaded deck holds any more (their history is kept).

        Imported review logs (`import-…` decks) never had a deck file, so they are not orphans.
        """
        return [orphan for orphan in
                self.store.orphans(set(self.cards), {deck.slug for deck in self.decks})
                if not orphan.deck.startswith(IMPORT_PREFIX)]
