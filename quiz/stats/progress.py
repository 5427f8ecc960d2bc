"""The progress review: every figure for one scope at one moment, for `quiz stats` and the TUI.

The figures are pure functions over the review store's named queries (`quiz.storage.queries`),
one module each: the cards now (`cards`), the study habit (`habit`), one card's history
(`history`) and exams (`exams`), over a scope and a calendar (`scope`). Nothing here imports
Textual or fsrs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from quiz.core.clock import utc
from quiz.stats.cards import CardCounts, Forecast, Recall, WeakCard, cards_now, weakest
from quiz.stats.exams import ExamHistory, exam_history
from quiz.stats.habit import Activity, Retention, activity, retention
from quiz.stats.scope import StudyCalendar
from quiz.storage.queries import answers_from

if TYPE_CHECKING:
    from quiz.core.settings import Settings
    from quiz.stats.scope import Scope
    from quiz.storage.store import Store


@dataclass(frozen=True)
class ProgressReport:
    """Every figure of the progress review, for one scope at one moment."""

    now: datetime
    today: date
    decks: dict[str, CardCounts]
    total: CardCounts
    forecast: Forecast
    activity: Activity
    retention: Retention
    recall: Recall
    weakest: dict[str, tuple[WeakCard, ...]]
    exams: ExamHistory
    future_answers: int = 0      # answers dated after today: the clock was set ahead


def future_answers(store: Store, scope: Scope, calendar: StudyCalendar) -> int:
    """How many answers are dated on a study day after today (given while the clock was set
    ahead); the figures by day leave them out, so they are counted apart to be reported."""
    return answers_from(store, calendar.start(1), scope.log_decks_json())


def progress(store: Store, scope: Scope, calendar: StudyCalendar,
             settings: Settings) -> ProgressReport:
    """All the figures: card counts, forecast, habit, retention, recall, weak cards, exams."""
    calendar = StudyCalendar(utc(calendar.now), calendar.day_starts_at, calendar.tz)
    cards = cards_now(store, scope, calendar, settings)
    habit = activity(store, scope, calendar)
    return ProgressReport(
        now=calendar.now, today=calendar.today, decks=cards.decks, total=cards.total,
        forecast=cards.forecast, activity=habit,
        retention=retention(habit, settings.desired_retention), recall=cards.recall,
        weakest=weakest(store, scope, calendar, settings), exams=exam_history(store, scope),
        future_answers=future_answers(store, scope, calendar))
