"""A yes/no question: `y` says yes, any other key says no (or the Yes and No buttons)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from quiz.tui.screens.base import QuizModal
from quiz.tui.widgets.actions import ActionBar
from quiz.tui.widgets.prose import Prose


class ConfirmScreen(QuizModal):
    """Dismisses with True on `y`, False on any other key. The bindings are for the buttons:
    `on_key` takes every key first."""

    BINDINGS = [
        Binding("y", "answer(True)", "key.yes"),
        Binding("n", "answer(False)", "key.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Prose(self.question)
            if self.app.buttons:
                yield ActionBar()

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss(event.key == "y")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
