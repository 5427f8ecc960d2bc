"""An exam plan in words, for `quiz plan`, the deck list's countdown and the statistics page."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.render.i18n import Messages
    from quiz.study.plan import ExamPlan


def verdict_line(plan: ExamPlan, t: Messages) -> str:
    """The verdict in the reader's language (`ExamPlan.verdict` is the English one)."""
    needed = plan.total.new_per_day
    if plan.on_track:
        return t("plan.on_track")
    if plan.late:
        return t("plan.behind_late", count=needed)
    return t("plan.behind", count=needed)


def readiness_text(readiness: float) -> str:
    """Readiness as a percentage with one decimal: the plan moves it by tenths."""
    return f"{100 * readiness:.1f}%"
