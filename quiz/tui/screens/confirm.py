"""A yes/no question: `y` says yes, any other key says no."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical

from quiz.tui.screens.base import QuizModal
from quiz.tui.widgets.prose import Prose


class ConfirmScreen(QuizModal):
    """Dismisses with True on `y`, False on any other key."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Prose(self.question)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss(event.key == "y")
