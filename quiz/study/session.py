"""Study sessions: the state machine the TUI (or a script) drives, one card at a time.

Every answer is committed to the store before `current` moves on, so a killed process loses at
most the card on screen. A session sees today's queue, the store (through the few methods
`quiz.study.ports.StudyStore` names) and the settings, not the collection. The clock is passed
in; nothing here imports Textual.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from quiz.core.card_state import Phase, Rating
from quiz.core.clock import from_ms, to_ms, utc
from quiz.core.errors import QuizError
from quiz.core.model import Card, CardType, Key
from quiz.study import card_actions
from quiz.study.queue import LEARN_AHEAD, interleave
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
    """How far a study session has come: answers given, cards left to show, time spent."""

    done: int
    remaining: int
    elapsed: timedelta


@dataclass(frozen=True)
class AnswerResult:
    """What an answer did: the grade recorded, whether the card became a leech, when it is due."""

    card: Card
    rating: Rating
    became_leech: bool
    due: datetime | None   # None in cram


@dataclass(frozen=True)
class Summary:
    studied: int
    passed: int
    accuracy: float | None
    elapsed: timedelta
    next_due: datetime | None
    due_tomorrow: int
    new_leeches: tuple[str, ...]


@dataclass
class _Answered:
    card: Card
    recorded: Recorded
    rating: Rating


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
        self._answered: list[_Answered] = []
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
            self._queue.extend((deck, card_id) for deck, card_id, _
                               in self.queue.keys_of(self._cards)
                               if card_id not in suspended.get(deck, empty))
            return
        available = self.queue.availability(self._cards, now, state)
        for due, key in available.learning:
            self._push_learning(due, key)
        self._queue.extend(interleave(available.reviews, available.new))

    def _push_learning(self, due_ms: int, key: Key) -> None:
        self._order += 1
        heapq.heappush(self._learning, (due_ms, self._order, key))

    def _advance(self) -> None:
        now = utc(self.clock())
        now_ms = to_ms(now)
        self._labels = None
        key: Key | None = None
        if self._learning and self._learning[0][0] <= now_ms:
            key = heapq.heappop(self._learning)[2]
        elif self._queue:
            key = self._queue.popleft()
        elif self._learning and self._learning[0][0] <= to_ms(now + LEARN_AHEAD):
            key = heapq.heappop(self._learning)[2]
        self.current = self.queue.card(*key) if key is not None else None
        self._shown_at = now

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
        self._answered.append(_Answered(card, recorded, rating))
        if recorded.became_leech:
            self._new_leeches.append(card.key)
        self._requeue(card, recorded, rating, recorded.time)
        self._advance()
        return AnswerResult(card, rating, recorded.became_leech,
                            None if self.cram else recorded.after.due)

    def _requeue(self, card: Card, recorded: Recorded, rating: Rating, now: datetime) -> None:
        """Show a card again in this session: learning steps due today, or an Again in cram."""
        if self.cram:
            if rating is Rating.AGAIN:
                self._queue.append((card.deck, card.id))
            return
        after = recorded.after
        if after.phase in (Phase.LEARNING, Phase.RELEARNING) and after.due is not None \
                and after.due < self.queue.next_day_start(now):
            self._push_learning(to_ms(after.due), (card.deck, card.id))

    def can_undo(self) -> bool:
        return bool(self._answered)

    def undo(self) -> Card | None:
        """Take back the last answer: the card's exact prior state returns, its log entry goes."""
        if not self._answered:
            return None
        last = self._answered[-1]
        self.store.undo(last.recorded.review_id)
        self._answered.pop()
        if self._scheduler is not None and not self.cram:
            self._scheduler.unreview(last.recorded.before, last.recorded.after,
                                     utc(self.clock()))
        if last.card.key in self._new_leeches:
            self._new_leeches.remove(last.card.key)
        self._forget(last.card, requeued=self.cram and last.rating is Rating.AGAIN)
        if self.current is not None:
            self._queue.appendleft((self.current.deck, self.current.id))
        self.current = last.card
        self._labels = None
        self._shown_at = utc(self.clock())
        return last.card

    def _forget(self, card: Card, requeued: bool) -> None:
        """Take a card out of the pending queues (it is about to be shown again)."""
        key = (card.deck, card.id)
        self._learning = [entry for entry in self._learning if entry[2] != key]
        heapq.heapify(self._learning)
        if requeued:
            # In cram an Again sends the card to the end of the queue; undo takes that back.
            for index in range(len(self._queue) - 1, -1, -1):
                if self._queue[index] == key:
                    del self._queue[index]
                    break

    def bury(self) -> None:
        """Hide the current card until the next day boundary, and move on."""
        card = self._require_current()
        self.queue.bury(card, utc(self.clock()))
        self._advance()

    def suspend(self) -> None:
        """Suspend the current card (until unsuspended), and move on."""
        card = self._require_current()
        card_actions.suspend(self.store, [card])
        self._advance()

    # -- reports -------------------------------------------------------------

    def progress(self) -> SessionProgress:
        now = utc(self.clock())
        pending = len(self._queue) + sum(1 for due, _, _ in self._learning
                                         if due <= to_ms(now + LEARN_AHEAD))
        return SessionProgress(done=len(self._answered),
                        remaining=pending + (self.current is not None),
                        elapsed=now - self._started)

    def summary(self) -> Summary:
        """Cards studied, accuracy, time, and what is due next among the session's cards."""
        now = utc(self.clock())
        passed = sum(1 for answer in self._answered if answer.rating is not Rating.AGAIN)
        rows = self.store.card_rows()
        tomorrow_end = to_ms(self.queue.next_day_start(now, days=2))
        now_ms = to_ms(now)
        next_due: int | None = None
        due_tomorrow = 0
        for deck, card_id, _ in self.queue.keys_of(self._cards):
            row = rows.get((deck, card_id))
            if row is None or row.suspended or row.phase == Phase.NEW or row.due is None:
                continue
            if row.due > now_ms and (next_due is None or row.due < next_due):
                next_due = row.due
            if row.due < tomorrow_end:
                due_tomorrow += 1
        answers = len(self._answered)
        return Summary(
            studied=len({answer.card.key for answer in self._answered}), passed=passed,
            accuracy=passed / answers if answers else None, elapsed=now - self._started,
            next_due=from_ms(next_due) if next_due is not None else None,
            due_tomorrow=due_tomorrow, new_leeches=tuple(self._new_leeches))
