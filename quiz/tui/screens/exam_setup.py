"""Before an exam started from the deck list: how many questions, and how long."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label

from quiz.tui.screens.base import QuizModal
from quiz.tui.widgets.actions import ActionBar
from quiz.tui.widgets.prose import Prose


class ExamSetupScreen(QuizModal):
    """Asks for the question count and an optional time limit; dismisses with both or None."""

    BINDINGS = [
        # Before the fields' own Enter, which did the same: so it is shown, as a button too.
        Binding("enter", "start", "key.start", key_display="Enter", priority=True),
        Binding("escape", "cancel", "key.cancel"),
    ]

    def __init__(self, title: str, count: int) -> None:
        super().__init__()
        self.exam_title = title
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(id="exam-setup", classes="dialog"):
            yield Prose(self.t("exam.setup", decks=self.exam_title), classes="dialog-heading")
            with Grid(id="exam-setup-fields"):
                yield Label(self.t("exam.count"), markup=False)
                yield self.field(Input(str(self.count), id="exam-count", type="integer"))
                yield Label(self.t("exam.minutes"), markup=False)
                yield self.field(Input(id="exam-minutes", type="number"))
            error = Label(id="exam-setup-error", markup=False)
            error.display = False
            yield error
            yield Label(self.t("exam.setup_hint"), classes="dialog-hint", markup=False)
            if self.app.buttons:
                yield ActionBar()

    def field(self, field: Input) -> Input:
        field.cursor_blink = self.app.cursor_blink
        return field

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        """Start with the fields' values, or say which one is wrong."""
        count_text = self.query_one("#exam-count", Input).value.strip()
        minutes_text = self.query_one("#exam-minutes", Input).value.strip()
        error = self.query_one("#exam-setup-error", Label)
        try:
            count = int(count_text)
            if count < 1:
                raise ValueError
        except ValueError:
            error.update(self.t("exam.bad_count"))
            error.display = True
            return
        try:
            minutes = float(minutes_text) if minutes_text else None
            if minutes is not None and not minutes > 0:
                raise ValueError
        except ValueError:
            error.update(self.t("exam.bad_minutes"))
            error.display = True
            return
        self.dismiss((count, minutes))

    def action_cancel(self) -> None:
        self.dismiss(None)
