"""The end of a study session: what was studied, how well, and what comes due next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Grid, Vertical
from textual.widgets import Label

from quiz.core.errors import QuizError
from quiz.study.scheduler import interval_label
from quiz.study.session import StudySession, Summary
from quiz.tui.screens.base import QuizScreen
from quiz.tui.widgets.actions import key_bar


class SummaryScreen(QuizScreen):
    """Figures from `StudySession.summary()`; `u` can still take back the last grade."""

    BINDINGS = [
        Binding("enter", "leave", "key.back", key_display="Enter"),
        Binding("q", "leave", "key.back", show=False),
        Binding("escape", "leave", "key.back", show=False),
        Binding("u", "undo", "key.undo"),
    ]

    def __init__(self, session: StudySession, title: str) -> None:
        super().__init__()
        self.session = session
        self.session_title = title

    def compose(self) -> ComposeResult:
        summary = self.session.summary()
        with Center():
            with Vertical(id="summary"):
                yield Label(self.heading(summary), id="summary-heading", markup=False)
                with Grid(id="summary-figures"):
                    for name, value in self.figures(summary):
                        yield Label(name, classes="figure-name", markup=False)
                        yield Label(value, classes="figure-value", markup=False)
        yield key_bar(self.app)

    def heading(self, summary: Summary) -> str:
        """Complete only when nothing is left today; after leaving early, how much is."""
        if not summary.studied:
            return self.t("summary.nothing")
        if summary.complete:
            return self.t("summary.heading")
        return self.t("summary.paused", left=summary.left)

    def figures(self, summary: Summary) -> list[tuple[str, str]]:
        """(name, value) rows; the study figures only when something was studied."""
        t = self.t
        rows: list[tuple[str, str]] = []
        if summary.studied:
            rows += [
                (t("summary.studied"), str(summary.studied)),
                (t("summary.accuracy"), f"{t.percent(summary.accuracy)}  "
                 f"{t('summary.passed', passed=summary.passed, answers=summary.done)}"),
                (t("summary.time"), t.clock(summary.elapsed)),
            ]
        rows += [
            (t("summary.next_due"), self.next_due(summary)),
            (t("summary.due_tomorrow"), str(summary.due_tomorrow)),
        ]
        if summary.new_leeches:
            rows.append((t("summary.leeches"), "\n".join(summary.new_leeches)))
        return rows

    def next_due(self, summary: Summary) -> str:
        if summary.next_due is None:
            return self.t("summary.none_due")
        wait = summary.next_due - self.app.clock()
        if wait.total_seconds() <= 0:
            return self.t("summary.due_now")
        return self.t("summary.due_in", interval=interval_label(wait))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return self.session.can_undo()
        return True

    def action_leave(self) -> None:
        self.app.leave()

    def action_undo(self) -> None:
        from quiz.tui.screens.study import StudyScreen

        try:
            self.session.undo()
        except QuizError as error:  # another process answered that card since
            self.notify(self.t.error(error), severity="error")
            return
        self.app.switch_screen(StudyScreen(self.session, self.session_title))
