"""Exam results over time, and every exam answer tallied by deck and by tag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quiz.core.clock import from_ms
from quiz.stats.habit import RecallTally
from quiz.storage.queries import exam_results, exam_scores

if TYPE_CHECKING:
    from quiz.stats.scope import Scope
    from quiz.storage.store import Store


@dataclass(frozen=True)
class ExamScore:
    """One exam's result over the scope's questions (all of them when the scope is every deck)."""

    started: datetime
    finished: datetime | None    # None if the exam was never handed in
    questions: int
    answered: int
    correct: int
    timed_out: bool

    @property
    def score(self) -> float:
        """Percent correct; unanswered questions count as wrong."""
        return 100 * self.correct / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class ExamHistory:
    """Every exam, oldest first, and all exam answers tallied by deck and by tag."""

    exams: tuple[ExamScore, ...]
    by_deck: dict[str, RecallTally]
    by_tag: dict[str, RecallTally]


def exam_history(store: Store, scope: Scope) -> ExamHistory:
    """Exam scores over time and (correct, total) per deck and per tag."""
    decks = scope.log_decks_json()
    exams = tuple(
        ExamScore(from_ms(started), from_ms(finished) if finished is not None else None,
                  questions, answered, correct, bool(timed_out))
        for started, finished, questions, answered, correct, timed_out
        in exam_scores(store, decks))
    # Cards that carry their deck's tags are summed per deck first, and those sums go to the
    # deck's tags: a tag is added once a deck rather than once a card.
    by_deck: dict[str, list[int]] = {}
    by_tag: dict[str, list[int]] = {}
    deck_tagged: dict[str, list[int]] = {}
    for deck, card, correct, total in exam_results(store, decks):
        _tally(by_deck, deck, correct, total)
        own = scope.card_tags.get(deck, {}).get(card)
        if own is None:
            _tally(deck_tagged, deck, correct, total)
        else:
            for tag in own:
                _tally(by_tag, tag, correct, total)
    for deck, (correct, total) in deck_tagged.items():
        for tag in scope.deck_tags.get(deck, ()):
            _tally(by_tag, tag, correct, total)
    return ExamHistory(exams, {deck: RecallTally(*sums) for deck, sums in sorted(by_deck.items())},
                       {tag: RecallTally(*sums) for tag, sums in sorted(by_tag.items())})


def _tally(sums: dict[str, list[int]], key: str, correct: int, total: int) -> None:
    found = sums.setdefault(key, [0, 0])
    found[0] += correct
    found[1] += total
