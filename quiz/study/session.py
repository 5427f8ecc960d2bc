"""Study sessions: the state machine the TUI (or a script) drives, one card at a time.

Every answer is committed to the store before `current` moves on, so a killed process loses at
most the card on screen. A session sees today's queue, the store (through the few methods
`quiz.study.ports.StudyStore` names) and the settings, not the collection. The clock is passed
in; nothing here imports Textual.

Nothing gives an answer away before it is asked: once a card has been shown, the cards it gives
away (`quiz.decks.giveaway`) are not asked again in the session, and they are buried until the
next day boundary (Anki's "bury siblings", for what the text actually reveals) when the card
shown is answered, buried or suspended, or the session is left (`leave`). Cram keeps them
apart within the session only.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import chain
from typing import TYPE_CHECKING

from quiz.core.card_state import Phase, Rating
from quiz.core.clock import day_index, from_ms, next_day_starts, to_ms, utc
from quiz.core.errors import QuizError
from quiz.core.model import Card, CardType, Key
from quiz.study import card_actions
from quiz.study.queue import LEARN_AHEAD, NewCardPace, interleave, keep_apart
from quiz.study.scheduler import Scheduler, interval_label

if TYPE_CHECKING:
    from quiz.answers.grading import Verdict
    from quiz.core.settings import Settings
    from quiz.storage.store import QueueState, Recorded
    from quiz.study.ports import StudyStore
    from quiz.study.queue import DailyQueue

class How(StrEnum):
    """How an answer was graded: by the learner, from a typed reply, or from a choice."""

    SELF = "self"
    TYPED = "typed"
    CHOICE = "choice"


@dataclass(frozen=True)
class SessionProgress:
    """How far a study session has come: answers given, asks left today, time spent.

    `left` counts every time a card is still to be asked today, assuming each answer is Good:
    a new card once per learning step, a card in a learning step once per step it has left, a
    review once. So a Good answer always takes one off, and an Again adds the steps it brings
    back. Learning cards due later today count, though the session cannot show them yet."""

    done: int
    left: int
    elapsed: timedelta

    @property
    def complete(self) -> bool:
        """Nothing is left to ask today."""
        return self.left == 0


@dataclass(frozen=True)
class AnswerResult:
    """What an answer did: the grade recorded, whether the card became a leech, when it is due."""

    card: Card
    rating: Rating
    became_leech: bool
    due: datetime | None   # None in cram


@dataclass(frozen=True)
class Summary:
    """What a session did, and what is left: `left` and `complete` as in SessionProgress."""

    studied: int            # cards answered (each once)
    done: int               # answers given
    left: int
    passed: int
    accuracy: float | None
    elapsed: timedelta
    next_due: datetime | None
    due_tomorrow: int       # due on the next study day, not before (as `quiz stats` counts)
    new_leeches: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.left == 0


@dataclass(frozen=True)
class _Answered:
    card: Card
    recorded: Recorded
    rating: Rating
    asks: int                       # the asks it had left when it was answered


@dataclass(frozen=True)
class _Buried:
    card: Card
    asks: int
    until_before: datetime | None   # the bury it had before, restored by undo
    replacement: Key | None = None  # the new card that took a new card's place today


@dataclass(frozen=True)
class _Suspended:
    card: Card
    asks: int
    replacement: Key | None = None


_Action = _Answered | _Buried | _Suspended


class StudySession:
    """Today's queue of the chosen cards (or all of them, in cram) and the answers given."""

    def __init__(self, queue: DailyQueue, store: StudyStore, settings: Settings,
                 cards: Sequence[Card], *, clock: Callable[[], datetime], cram: bool = False,
                 state: QueueState | None = None, recheck: bool = True) -> None:
        self.queue = queue
        self.store = store
        self.settings = settings
        self.cram = cram
        self.clock = clock
        self._cards = cards
        self._scheduler: Scheduler | None = None
        self._started = utc(clock())
        self._queue: deque[Key] = deque()
        self._learning: list[tuple[int, int, Key]] = []   # heap of (due ms, order, key)
        self._order = 0
        self._asks: dict[Key, int] = {}    # each card to ask (or on screen): asks left today
        self._left = 0                     # the sum of _asks
        # Cards in a learning step due at the start, whose steps (so asks) are read from the
        # store only when first needed: making a session (as `quiz due` does) reads no more.
        self._unresolved: set[Key] = set()
        self._state: QueueState | None = None
        self._hidden: set[Key] = set()     # given away by a card shown in this session
        self._unsaved: set[Key] = set()    # hidden, and not yet buried in the store
        self._new_taken: set[Key] = set()    # new cards this session has taken to introduce
        self._new_waiting: set[Key] = set()  # those of them not shown yet
        self._more_new: Iterator[Key] | None = None
        self._pace: NewCardPace | None = None   # what the exams' paces still allow today
        self._answered: list[_Answered] = []
        self._actions: list[_Action] = []  # what undo takes back, the last on top
        self._new_leeches: list[str] = []
        self._labels: dict[Rating, str] | None = None
        self.current: Card | None = None
        self._shown_at = self._started
        # Answers dated after today (the clock was set ahead) do not hold up today's queue;
        # the interface reports how many there are.
        self.future_answers = queue.future_answers(self._started)
        # Cards scheduled past an exam set since they were answered move before it, once
        # (`quiz.study.card_actions.move_before_exams`); `recheck=False` only looks.
        self.moved_for_exams = 0
        if recheck and not cram and settings.exams:
            self.moved_for_exams = card_actions.move_before_exams(
                store, queue.planner(self._started), queue.slugs, self._started)
        self._build_queue(state)
        self._advance()

    @property
    def scheduler(self) -> Scheduler:
        """FSRS and the planner, with the reviews already due on the coming days (read once,
        then kept up to date by the answers) when fuzz is on, for the load balancer."""
        if self._scheduler is None:
            self._scheduler = Scheduler(self.settings, tz=self.queue.tz,
                                        load=self.queue.load_for(utc(self.clock())))
        return self._scheduler

    def _build_queue(self, state: QueueState | None) -> None:
        now = self._started
        if self.cram:
            suspended = self.store.queue_state(now, now).suspended
            empty: set[str] = set()
            for deck, card_id, _ in self.queue.keys_of(self._cards):
                if card_id not in suspended.get(deck, empty):
                    self._enqueue((deck, card_id), 1)
            return
        state = self._state = self.queue.queue_state(now) if state is None else state
        available = self.queue.availability(self._cards, now, state)
        # Learning cards already due come in the order that keeps them apart, as the rest do.
        now_ms = to_ms(now)
        due_now = [key for due, key in available.learning if due <= now_ms]
        for key in keep_apart(due_now, self.queue.gives_away, self.queue.neighbours):
            self._push_learning(now_ms, key, None)
        for due, key in available.learning:
            if due > now_ms:
                self._push_learning(due, key, None)
        self._new_taken.update(available.new)
        self._new_waiting.update(available.new)
        self._pace = available.pace
        first_asks = max(1, len(self.settings.learning_steps))
        for key in keep_apart(interleave(available.reviews, available.new),
                              self.queue.gives_away, self.queue.neighbours):
            self._enqueue(key, first_asks if key in self._new_waiting else 1)

    def _resolve(self) -> None:
        """Count the asks of the learning cards the session started with (`_unresolved`)."""
        if self._unresolved and self._state is not None:
            steps = self.store.learning_steps(self._state)
            for key in list(self._unresolved):
                phase, step = steps.get(key, (Phase.LEARNING, None))
                self._count(key, self._asks_for(phase, step))

    def _asks_for(self, phase: int, step: int | None) -> int:
        """How many times a card in this phase and learning step is still asked today if
        every answer is Good."""
        if self.cram or phase == Phase.REVIEW:
            return 1
        if phase == Phase.NEW:
            return max(1, len(self.settings.learning_steps))
        steps = self.settings.learning_steps if phase == Phase.LEARNING \
            else self.settings.relearning_steps
        return max(1, len(steps) - (step or 0))

    def _asks_of(self, key: Key) -> int:
        state = self.store.state_of(*key)
        return self._asks_for(state.phase, state.step)

    def _count(self, key: Key, asks: int) -> None:
        self._unresolved.discard(key)
        self._left += asks - self._asks.get(key, 0)
        self._asks[key] = asks

    def _uncount(self, key: Key) -> int:
        self._unresolved.discard(key)
        asks = self._asks.pop(key, 0)
        self._left -= asks
        return asks

    def _enqueue(self, key: Key, asks: int) -> None:
        if key not in self._hidden:
            self._queue.append(key)
            self._count(key, asks)

    def _push_learning(self, due_ms: int, key: Key, asks: int | None) -> None:
        """Ask a card at `due_ms`; `asks` None: as many times as its step says (`_resolve`)."""
        if key in self._hidden:
            return
        self._order += 1
        heapq.heappush(self._learning, (due_ms, self._order, key))
        if asks is None:
            self._unresolved.add(key)
        else:
            self._count(key, asks)

    def _advance(self) -> None:
        """Show the next card that nothing shown so far gives away."""
        now = utc(self.clock())
        now_ms, ahead_ms = to_ms(now), to_ms(now + LEARN_AHEAD)
        self._labels = None
        key: Key | None = None
        while key is None:
            if self._learning and self._learning[0][0] <= now_ms:
                key = heapq.heappop(self._learning)[2]
            elif self._queue:
                key = self._queue.popleft()
            elif self._learning and self._learning[0][0] <= ahead_ms:
                key = heapq.heappop(self._learning)[2]
            else:
                break
            if key in self._hidden:
                key = None
        self.current = self.queue.card(*key) if key is not None else None
        self._shown_at = now
        if key is not None:
            self._new_waiting.discard(key)
            self._hide(self.queue.gives_away(key))

    def _hide(self, keys: list[Key]) -> None:
        """Keep the cards the card on screen gives away out of the session (and, once it is
        acted on, out of today: `_save_burials`). A new card among them is replaced by the
        next new card that nothing shown gives away, within today's limit."""
        for key in keys:
            if key in self._hidden or (self.current is not None
                                       and key == (self.current.deck, self.current.id)):
                continue
            self._hidden.add(key)
            if not self.cram:
                self._unsaved.add(key)
            asks = self._uncount(key)
            if key in self._new_waiting:
                self._new_waiting.discard(key)
                replacement = self._next_new(instead_of=key)
                if replacement is not None:
                    self._queue[self._queue.index(key)] = replacement
                    self._count(replacement, asks)

    def _next_new(self, instead_of: Key) -> Key | None:
        """The next new card in the order of introduction this session has not taken, in the
        place of a new card that will not be introduced today, within the exams' paces."""
        pace = self._pace
        if pace is not None:
            pace.give_back(instead_of[0])
        if self._more_new is None:
            self._more_new = self.queue.new_cards(self._cards, utc(self.clock()))
        passed: list[Key] = []   # cards of an exam whose pace is met, for a later turn
        found = None
        for key in self._more_new:
            if key in self._new_taken or key in self._hidden:
                continue
            if pace is not None and not pace.allowed(key[0], 1):
                passed.append(key)
                continue
            found = key
            break
        if passed:
            self._more_new = chain(passed, self._more_new)
        if found is not None:
            if pace is not None:
                pace.take(found[0])
            self._new_taken.add(found)
            self._new_waiting.add(found)
        return found

    def _save_burials(self) -> None:
        """Bury what the cards shown gave away until the next day boundary (before the card
        on screen is acted on: if the store refuses, nothing has changed)."""
        if not self._unsaved:
            return
        keys = sorted(self._unsaved)
        self.store.set_flags([(deck, card_id, self.queue.card(deck, card_id).content_hash)
                              for deck, card_id in keys],
                             buried_until=self.queue.next_day_start(utc(self.clock())))
        self._unsaved.difference_update(keys)

    def _require_current(self) -> Card:
        if self.current is None:
            raise QuizError("the session is over: there is no card to answer")
        return self.current

    # -- what the UI asks ----------------------------------------------------

    def input_kind(self) -> How:
        """How the current card is answered: a choice, a typed reply, or self-graded."""
        card = self._require_current()
        if card.type is CardType.CHOICE:
            return How.CHOICE
        if card.type is CardType.NUMERIC or self.settings.type_basic:
            return How.TYPED
        return How.SELF

    def interval_labels(self) -> dict[Rating, str]:
        """The next interval each grade would give the current card ({} in cram)."""
        if self.cram or self.current is None:
            return {}
        if self._labels is None:
            card = self.current
            now = utc(self.clock())
            preview = self.scheduler.preview(self.store.state_of(card.deck, card.id), now,
                                             card.deck)
            self._labels = {rating: interval_label(delta) for rating, delta in preview.items()}
        return dict(self._labels)

    def check(self, reply: str) -> Verdict:
        """Check a typed or chosen reply against the current card; records nothing."""
        from quiz.answers.grading import check_reply

        return check_reply(self._require_current(), reply)

    def suggested(self, verdict: Verdict) -> Rating:
        """The grade an automatic check suggests; the learner may still choose another."""
        return Rating.GOOD if verdict.correct else Rating.AGAIN

    # -- what the learner does -----------------------------------------------

    def answer(self, rating: Rating, *, how: How = How.SELF,
               reply: str | None = None) -> AnswerResult:
        """Record the grade (committed before anything else happens), then move on. If the
        store cannot take it (a StoreError), nothing changes: the same card is current and the
        same answer can be given again."""
        card = self._require_current()
        rating = Rating(rating)
        self._resolve()
        self._save_burials()
        # The answer's time is read once the store's write lock is held (see Store.record).
        if self.cram:
            recorded = self.store.record(card.deck, card.id, card.content_hash, clock=self.clock,
                                         kind="cram", rating=int(rating), how=str(how),
                                         reply=reply, shown_at=self._shown_at)
        else:
            scheduler = self.scheduler
            recorded = self.store.record(
                card.deck, card.id, card.content_hash, clock=self.clock, kind="study",
                change=lambda state, card_id, now: scheduler.review(state, rating, now, card_id,
                                                                    card.deck),
                rating=int(rating), how=str(how), reply=reply, shown_at=self._shown_at)
        answered = _Answered(card, recorded, rating, self._uncount((card.deck, card.id)))
        self._answered.append(answered)
        self._actions.append(answered)
        if recorded.became_leech:
            self._new_leeches.append(card.key)
        self._requeue(card, recorded, rating, recorded.time)
        self._advance()
        return AnswerResult(card, rating, recorded.became_leech,
                            None if self.cram else recorded.after.due)

    def _requeue(self, card: Card, recorded: Recorded, rating: Rating, now: datetime) -> None:
        """Show a card again in this session: learning steps due today, or an Again in cram."""
        key = (card.deck, card.id)
        if self.cram:
            if rating is Rating.AGAIN:
                self._enqueue(key, 1)
            return
        after = recorded.after
        if after.phase in (Phase.LEARNING, Phase.RELEARNING) and after.due is not None \
                and after.due < self.queue.next_day_start(now):
            self._push_learning(to_ms(after.due), key, self._asks_for(after.phase, after.step))

    def can_undo(self) -> bool:
        """Whether there is an answer, bury or suspension of this session to take back."""
        return bool(self._actions)

    def undo(self) -> Card | None:
        """Take back the last action and show its card again: an answer (the card's exact prior
        state returns, its log entry goes), a bury (the card's earlier bury returns) or a
        suspension. What the cards shown gave away stays buried: they have been seen."""
        if not self._actions:
            return None
        self._resolve()
        last = self._actions[-1]
        card = last.card
        key = (card.deck, card.id)
        if isinstance(last, _Answered):
            self.store.undo(last.recorded.review_id)
            self._answered.pop()
            if self._scheduler is not None and not self.cram:
                self._scheduler.unreview(last.recorded.before, last.recorded.after,
                                         utc(self.clock()))
            if card.key in self._new_leeches:
                self._new_leeches.remove(card.key)
            self._forget(card, requeued=self.cram and last.rating is Rating.AGAIN)
        elif isinstance(last, _Buried):
            self.store.set_flags([(card.deck, card.id, card.content_hash)],
                                 buried_until=last.until_before)
            self._take_back(last.replacement, card)
        else:
            card_actions.suspend(self.store, [card], suspended=False)
            self._take_back(last.replacement, card)
        self._actions.pop()
        if self.current is not None:
            self._queue.appendleft((self.current.deck, self.current.id))
        self._count(key, last.asks)
        self.current = card
        self._labels = None
        self._shown_at = utc(self.clock())
        return card

    def _take_back(self, replacement: Key | None, card: Card) -> None:
        """Undo a replacement not shown yet: the card it stood in for is back."""
        if replacement is not None and replacement in self._new_waiting:
            self._new_waiting.discard(replacement)
            self._new_taken.discard(replacement)
            self._queue.remove(replacement)
            self._uncount(replacement)
            if self._pace is not None:
                self._pace.give_back(replacement[0])
                self._pace.take(card.deck)

    def _forget(self, card: Card, requeued: bool) -> None:
        """Take a card out of the pending queues (it is about to be shown again)."""
        key = (card.deck, card.id)
        self._learning = [entry for entry in self._learning if entry[2] != key]
        heapq.heapify(self._learning)
        self._uncount(key)
        if requeued:
            # In cram an Again sends the card to the end of the queue; undo takes that back.
            for index in range(len(self._queue) - 1, -1, -1):
                if self._queue[index] == key:
                    del self._queue[index]
                    break

    def bury(self) -> None:
        """Hide the current card until the next day boundary, and move on."""
        card = self._require_current()
        self._resolve()
        self._save_burials()
        before = self.store.flags(card.deck, card.id)[1]
        self.queue.bury(card, utc(self.clock()))
        asks = self._uncount((card.deck, card.id))
        self._actions.append(_Buried(card, asks, before, self._replace_unanswered(card)))
        self._advance()

    def suspend(self) -> None:
        """Suspend the current card (until unsuspended), and move on."""
        card = self._require_current()
        self._resolve()
        self._save_burials()
        card_actions.suspend(self.store, [card])
        asks = self._uncount((card.deck, card.id))
        self._actions.append(_Suspended(card, asks, self._replace_unanswered(card)))
        self._advance()

    def _replace_unanswered(self, card: Card) -> Key | None:
        """A new card taken out of today before its first answer uses none of today's limit:
        the next new card takes its place, as a session started now would give it."""
        key = (card.deck, card.id)
        if self.cram or key not in self._new_taken \
                or any(answer.card.key == card.key for answer in self._answered):
            return None
        replacement = self._next_new(instead_of=key)
        if replacement is not None:
            self._enqueue(replacement, max(1, len(self.settings.learning_steps)))
        return replacement

    def leave(self) -> None:
        """Bury what the card on screen gives away, as when it is answered: the learner has
        seen it. Front ends call this when the learner leaves before the session is done."""
        self._save_burials()

    def suspended(self) -> list[Card]:
        """The session's cards that are suspended now (by this session or before it)."""
        now = utc(self.clock())
        suspended = self.store.queue_state(now, now).suspended
        empty: set[str] = set()
        return [self.queue.card(deck, card_id) for deck, card_id, _
                in self.queue.keys_of(self._cards) if card_id in suspended.get(deck, empty)]

    def restore(self, cards: Sequence[Card]) -> int:
        """Unsuspend cards; those due today (or new, within today's limit) join this session's
        queue, unless something shown gives them away. Returns how many were unsuspended."""
        self._resolve()
        count = card_actions.suspend(self.store, cards, suspended=False)
        now = utc(self.clock())
        if self.cram:
            for card in cards:
                key = (card.deck, card.id)
                if key not in self._asks and key not in self._hidden:
                    self._enqueue(key, 1)
        else:
            available = self.queue.availability(cards, now)
            for due, key in available.learning:
                if key not in self._asks and key not in self._hidden:
                    self._push_learning(due, key, self._asks_of(key))
            for key in [*available.reviews, *available.new]:
                if key not in self._asks and key not in self._hidden:
                    self._enqueue(key, self._asks_of(key))
        if self.current is None:
            self._advance()
        return count

    # -- reports -------------------------------------------------------------

    def progress(self) -> SessionProgress:
        self._resolve()
        now = utc(self.clock())
        return SessionProgress(done=len(self._answered), left=self._left,
                               elapsed=now - self._started)

    def summary(self) -> Summary:
        """Cards studied, accuracy, time, what is left, and what is due next among the
        session's cards."""
        self._resolve()
        now = utc(self.clock())
        passed = sum(1 for answer in self._answered if answer.rating is not Rating.AGAIN)
        rows = self.store.card_rows()
        starts = next_day_starts(now, self.settings.day_starts_at, self.queue.tz, days=2)
        now_ms = to_ms(now)
        next_due: int | None = None
        due_tomorrow = 0
        for deck, card_id, _ in self.queue.keys_of(self._cards):
            row = rows.get((deck, card_id))
            if row is None or row.suspended or row.phase == Phase.NEW or row.due is None:
                continue
            if row.due > now_ms and (next_due is None or row.due < next_due):
                next_due = row.due
            if day_index(row.due, starts) == 1:
                due_tomorrow += 1
        answers = len(self._answered)
        return Summary(
            studied=len({answer.card.key for answer in self._answered}), done=answers,
            left=self._left, passed=passed,
            accuracy=passed / answers if answers else None, elapsed=now - self._started,
            next_due=from_ms(next_due) if next_due is not None else None,
            due_tomorrow=due_tomorrow, new_leeches=tuple(self._new_leeches))
