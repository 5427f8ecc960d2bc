"""Exam sessions: questions drawn at random, graded automatically, every answer stored at once.

An exam sees only the store (through the methods `quiz.study.ports.ExamStore` names); it
changes no schedule, except that its mistakes can be sent to review. No two of its questions
give each other away (`quiz.decks.giveaway`). The clock is passed in; nothing here imports
Textual.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from quiz.core.clock import utc
from quiz.core.errors import QuizError, UsageError
from quiz.core.message import Message
from quiz.core.model import Card, CardType, Key, cloze_parts
from quiz.study import card_actions
from quiz.study.session import How

if TYPE_CHECKING:
    from quiz.answers.grading import GapVerdict, Verdict
    from quiz.study.ports import ExamStore


@dataclass(frozen=True)
class Mistake:
    """A question answered wrong or not at all; a cloze card's gaps are marked one by one
    either way (a skipped one's all empty)."""

    card: Card
    reply: str
    expected: str
    gaps_right: int         # of a cloze card's gaps (0 for other cards)
    gaps_asked: int
    gaps: tuple[GapVerdict, ...] = ()


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
    verdict: Verdict
    gaps_asked: int

    @property
    def correct(self) -> bool:
        return self.verdict.correct


def draw(cards: Sequence[Card], count: int, related: Callable[[Key], Iterable[Key]],
         rng: random.Random) -> tuple[Card, ...]:
    """Up to `count` cards drawn at random, none of which gives another away (`related`
    names the cards a card gives away or is given away by). A card that would is left out
    and another drawn in its place; when too few cards are unrelated, the exam is shorter."""
    first = rng.sample(range(len(cards)), min(count, len(cards)))
    chosen: list[Card] = []
    kept_out: set[Key] = set()

    def take(index: int) -> None:
        card = cards[index]
        key = (card.deck, card.id)
        if key not in kept_out and len(chosen) < count:
            chosen.append(card)
            kept_out.add(key)
            kept_out.update(related(key))

    for index in first:
        take(index)
    if len(chosen) < count:
        drawn = set(first)
        rest = [index for index in range(len(cards)) if index not in drawn]
        rng.shuffle(rest)
        for index in rest:
            take(index)
    return tuple(chosen)


class ExamSession:
    """A practice exam: questions drawn at random, auto-graded, every answer stored at once."""

    def __init__(self, store: ExamStore, cards: Sequence[Card], *, count: int,
                 minutes: float | None, clock: Callable[[], datetime],
                 seed: int | None = None,
                 related: Callable[[Key], Iterable[Key]] = lambda key: ()) -> None:
        if count < 1:
            raise UsageError(f"an exam needs at least one question, not {count}")
        if minutes is not None and minutes <= 0:
            raise UsageError(f"an exam's time must be more than 0 minutes, not {minutes:g}")
        if not cards:
            raise UsageError(Message("exam.no_cards", "there are no cards to draw exam "
                                     "questions from"))
        self.store = store
        self.clock = clock
        self.minutes = minutes
        self.questions: tuple[Card, ...] = draw(cards, count, related, random.Random(seed))
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
        self._store_answer(card, reply, verdict, verdict.reason)
        return verdict

    def skip(self) -> None:
        """Leave the current question unanswered (it counts as wrong) and move on."""
        from quiz.answers.grading import unanswered

        card = self.current
        if card is None:
            raise QuizError("the exam is over: there is no question to skip")
        if self._timed_out():
            self.finish()
            return
        self._store_answer(card, None, unanswered(card), "skipped")

    def _store_answer(self, card: Card, reply: str | None, verdict: Verdict,
                      reason: str) -> None:
        """Store one answer (its time is read once the write lock is held), then move on; if
        the store cannot take it, nothing changes and the same question is current."""
        now = self.store.record_exam_answer(
            self.exam_id, self.index, card.deck, card.id, card.content_hash, clock=self.clock,
            shown_at=self._shown_at, reply=reply, correct=verdict.correct, reason=reason)
        gaps_asked = len(cloze_parts(card.prompt)) if card.type is CardType.CLOZE else 0
        self._answers.append(_ExamAnswer(card, reply, verdict, gaps_asked))
        self.index += 1
        self._shown_at = now

    def finish(self, written: str = "") -> ExamReport:
        """Score the exam (unanswered questions count as wrong) and store the result.

        `written` is the reply typed on the current question and not yet submitted when the
        time ran out: as on a paper handed in when time is called, it is marked.
        """
        if self._report is not None:
            return self._report
        from quiz.answers.grading import check_reply, unanswered

        timed_out = self._timed_out()
        card = self.current
        if timed_out and card is not None and written.strip():
            verdict = check_reply(card, written)
            self._store_answer(card, written, verdict, verdict.reason)
        for card in self.questions[self.index:]:
            self._store_answer(card, None, unanswered(card), "unanswered")
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
            mistakes=tuple(Mistake(a.card, a.reply or "", a.verdict.expected,
                                   a.verdict.gaps_right, a.gaps_asked, a.verdict.gaps)
                           for a in self._answers if not a.correct),
            started=self.started, finished=finished, timed_out=timed_out,
            gaps_right=sum(answer.verdict.gaps_right for answer in self._answers),
            gaps_asked=sum(answer.gaps_asked for answer in self._answers))
        return self._report

    def send_mistakes_to_review(self) -> int:
        """Make every card missed in this exam due now in the study queue; returns how many."""
        report = self.finish()
        return card_actions.send_to_review(
            self.store, list(dict.fromkeys(mistake.card for mistake in report.mistakes)),
            self.clock())
