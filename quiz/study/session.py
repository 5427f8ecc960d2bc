"""Study and exam sessions: the state machines the TUI (or a script) drives, one card at a time.

Every answer is committed to the store before `current` moves on, so a killed process loses at
most the card on screen. The clock is passed in; nothing here imports Textual.
"""

from __future__ import annotations

import heapq
import random
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from quiz.core.card_state import Phase, Rating
from quiz.core.clock import from_ms, to_ms, utc
from quiz.core.errors import QuizError, UsageError
from quiz.core.model import Card, CardType, cloze_parts
from quiz.study.scheduler import Scheduler, interval_label

if TYPE_CHECKING:
    from quiz.answers.grading import Verdict
    from quiz.storage.store import QueueState, Recorded
    from quiz.study.collection import Collection

Key = tuple[str, str]

# A learning card due within this time is shown early rather than ending the session (Anki's
# default "learn ahead limit").
LEARN_AHEAD = timedelta(minutes=20)


class How(StrEnum):
    """How an answer was graded: by the learner, from a typed reply, or from a choice."""

    SELF = "self"
    TYPED = "typed"
    CHOICE = "choice"


@dataclass(frozen=True)
class Progress:
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


def interleave(reviews: list[Card], new: list[Card]) -> list[Card]:
    """Spread new cards evenly among reviews, keeping each list's own order."""
    slots = [((i + 1) / (len(reviews) + 1), 0, card) for i, card in enumerate(reviews)]
    slots += [((j + 1) / (len(new) + 1), 1, card) for j, card in enumerate(new)]
    slots.sort(key=lambda slot: (slot[0], slot[1]))
    return [card for _, _, card in slots]


@dataclass
class _Answered:
    card: Card
    recorded: Recorded
    rating: Rating


class StudySession:
    """Today's queue of the chosen cards (or all of them, in cram) and the answers given."""

    def __init__(self, collection: Collection, cards: Sequence[Card], *,
                 clock: Callable[[], datetime], cram: bool = False,
                 state: QueueState | None = None) -> None:
        self.collection = collection
        self.store = collection.store
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
        self.future_answers = collection.future_answers(self._started)
        self._build_queue(state)
        self._advance()

    @property
    def scheduler(self) -> Scheduler:
        if self._scheduler is None:
            self._scheduler = Scheduler(self.collection.settings)
        return self._scheduler

    def _build_queue(self, state: QueueState | None) -> None:
        now = self._started
        if self.cram:
            suspended = self.store.queue_state(now, now).suspended
            empty: set[str] = set()
            self._queue.extend((deck, card_id) for deck, card_id, _
                               in self.collection.keys_of(self._cards)
                               if card_id not in suspended.get(deck, empty))
            return
        available = self.collection.availability(self._cards, now, state)
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
        self.current = self.collection.card(*key) if key is not None else None
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
        if card.type is CardType.NUMERIC or self.collection.settings.type_basic:
            return How.TYPED
        return How.SELF

    def interval_labels(self) -> dict[Rating, str]:
        """The next interval each grade would give the current card ({} in cram)."""
        if self.cram or self.current is None:
            return {}
        if self._labels is None:
            card = self.current
            now = utc(self.clock())
            preview = self.scheduler.preview(self.store.state_of(card.deck, card.id), now)
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
                change=lambda state, card_id, now: scheduler.review(state, rating, now, card_id),
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
                and after.due < self.collection.next_day_start(now):
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
        self.collection.bury(card, utc(self.clock()))
        self._advance()

    def suspend(self) -> None:
        """Suspend the current card (until unsuspended), and move on."""
        card = self._require_current()
        self.collection.suspend([card])
        self._advance()

    # -- reports -------------------------------------------------------------

    def progress(self) -> Progress:
        now = utc(self.clock())
        pending = len(self._queue) + sum(1 for due, _, _ in self._learning
                                         if due <= to_ms(now + LEARN_AHEAD))
        return Progress(done=len(self._answered),
                        remaining=pending + (self.current is not None),
                        elapsed=now - self._started)

    def summary(self) -> Summary:
        """Cards studied, accuracy, time, and what is due next among the session's cards."""
        now = utc(self.clock())
        passed = sum(1 for answer in self._answered if answer.rating is not Rating.AGAIN)
        rows = self.store.card_rows()
        tomorrow_end = to_ms(self.collection.next_day_start(now, days=2))
        now_ms = to_ms(now)
        next_due: int | None = None
        due_tomorrow = 0
        for deck, card_id, _ in self.collection.keys_of(self._cards):
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


@dataclass(frozen=True)
class Mistake:
    card: Card
    reply: str
    expected: str
    gaps_right: int         # of a cloze card's gaps (0 for other cards)
    gaps_asked: int


@dataclass(frozen=True)
class ExamReport:
    total: int
    answered: int
    correct: int
    score: float                          # percent, 0–100
    by_deck: dict[str, tuple[int, int]]   # (correct, total)
    by_tag: dict[str, tuple[int, int]]
    mistakes: tuple[Mistake, ...]
    started: datetime
    finished: datetime
    timed_out: bool
    gaps_right: int          # partial credit: cloze gaps right, of all the cloze gaps asked
    gaps_asked: int


@dataclass(frozen=True)
class _ExamAnswer:
    card: Card
    reply: str | None       # None when skipped or unanswered
    correct: bool
    expected: str
    gaps_right: int         # a cloze card's gaps marked right (0 for other cards)
    gaps_asked: int


class ExamSession:
    """A practice exam: questions drawn at random, auto-graded, every answer stored at once."""

    def __init__(self, collection: Collection, cards: Sequence[Card], *, count: int,
                 minutes: float | None, clock: Callable[[], datetime],
                 seed: int | None = None) -> None:
        if count < 1:
            raise UsageError(f"an exam needs at least one question, not {count}")
        if minutes is not None and minutes <= 0:
            raise UsageError(f"an exam's time must be more than 0 minutes, not {minutes:g}")
        if not cards:
            raise UsageError("there are no cards to draw exam questions from")
        self.collection = collection
        self.store = collection.store
        self.clock = clock
        self.minutes = minutes
        self.questions: tuple[Card, ...] = tuple(
            random.Random(seed).sample(cards, min(count, len(cards))))
        self.started = utc(clock())
        self.exam_id = self.store.start_exam(now=self.started, total=len(self.questions),
                                             minutes=minutes, seed=seed)
        self.index = 0
        self._answers: list[_ExamAnswer] = []
        self._shown_at = self.started
        self._report: ExamReport | None = None

    @property
    def current(self) -> Card | None:
        if self._report is not None or self.index >= len(self.questions):
            return None
        return self.questions[self.index]

    def input_kind(self) -> How:
        card = self.current
        return How.CHOICE if card is not None and card.type is CardType.CHOICE else How.TYPED

    def time_left(self) -> timedelta | None:
        """Time remaining (never negative), or None for an untimed exam."""
        if self.minutes is None:
            return None
        left = self.started + timedelta(minutes=self.minutes) - utc(self.clock())
        return max(left, timedelta(0))

    def _timed_out(self) -> bool:
        left = self.time_left()
        return left is not None and left <= timedelta(0)

    def submit(self, reply: str) -> Verdict:
        """Grade and store the reply, then move on; once the time is up it stores nothing and
        finishes the exam instead."""
        from quiz.answers.grading import check_reply

        card = self.current
        if card is None:
            raise QuizError("the exam is over: there is no question to answer")
        verdict = check_reply(card, reply)
        if self._timed_out():
            self.finish()
            return verdict
        self._store_answer(card, reply, verdict.correct, verdict.reason, verdict.expected,
                           verdict.gaps_right)
        return verdict

    def skip(self) -> None:
        """Leave the current question unanswered (it counts as wrong) and move on."""
        card = self.current
        if card is None:
            raise QuizError("the exam is over: there is no question to skip")
        if self._timed_out():
            self.finish()
            return
        self._store_answer(card, None, False, "skipped", card.full_answer)

    def _store_answer(self, card: Card, reply: str | None, correct: bool, reason: str,
                      expected: str, gaps_right: int = 0) -> None:
        """Store one answer (its time is read once the write lock is held), then move on; if
        the store cannot take it, nothing changes and the same question is current."""
        now = self.store.record_exam_answer(
            self.exam_id, self.index, card.deck, card.id, card.content_hash, clock=self.clock,
            shown_at=self._shown_at, reply=reply, correct=correct, reason=reason)
        gaps_asked = len(cloze_parts(card.prompt)) if card.type is CardType.CLOZE else 0
        self._answers.append(_ExamAnswer(card, reply, correct, expected, gaps_right, gaps_asked))
        self.index += 1
        self._shown_at = now

    def finish(self) -> ExamReport:
        """Score the exam (unanswered questions count as wrong) and store the result."""
        if self._report is not None:
            return self._report
        timed_out = self._timed_out()
        for card in self.questions[self.index:]:
            self._store_answer(card, None, False, "unanswered", card.full_answer)
        now = utc(self.clock())
        finished = min(now, self.started + timedelta(minutes=self.minutes)) \
            if self.minutes is not None else now
        correct = sum(answer.correct for answer in self._answers)
        answered = sum(answer.reply is not None for answer in self._answers)
        total = len(self.questions)
        by_deck: dict[str, list[int]] = {}
        by_tag: dict[str, list[int]] = {}
        for answer in self._answers:
            for key, table in [(answer.card.deck, by_deck)] + \
                    [(tag, by_tag) for tag in answer.card.tags]:
                tally = table.setdefault(key, [0, 0])
                tally[0] += answer.correct
                tally[1] += 1
        score = 100.0 * correct / total
        self.store.finish_exam(self.exam_id, now=finished, answered=answered, correct=correct,
                               score=score, timed_out=timed_out)
        self._report = ExamReport(
            total=total, answered=answered, correct=correct, score=score,
            by_deck={k: (v[0], v[1]) for k, v in by_deck.items()},
            by_tag={k: (v[0], v[1]) for k, v in by_tag.items()},
            mistakes=tuple(Mistake(a.card, a.reply or "", a.expected, a.gaps_right, a.gaps_asked)
                           for a in self._answers if not a.correct),
            started=self.started, finished=finished, timed_out=timed_out,
            gaps_right=sum(answer.gaps_right for answer in self._answers),
            gaps_asked=sum(answer.gaps_asked for answer in self._answers))
        return self._report

    def send_mistakes_to_review(self) -> int:
        """Make every card missed in this exam due now in the study queue; returns how many."""
        report = self.finish()
        return self.collection.send_to_review(
            list(dict.fromkeys(mistake.card for mistake in report.mistakes)), self.clock())
