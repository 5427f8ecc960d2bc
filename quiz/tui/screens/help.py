"""The key reference for the screen underneath, in the learner's language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Label

from quiz.tui.screens.base import QuizModal
from quiz.tui.widgets.actions import ActionBar
from quiz.tui.widgets.prose import Prose


class HelpScreen(QuizModal):
    """A dialog listing (keys, what they do) rows; any of Esc, q, ? closes it.

    The dialog scrolls (↑ ↓, PgUp PgDn, the wheel) where the screen is too short for it, and
    every text in it wraps, so a small terminal or a phone shows all of it."""

    BINDINGS = [
        Binding("escape", "close", "key.close"),
        Binding("q", "close", "key.close", show=False),
        Binding("question_mark", "close", "key.close", show=False),
        Binding("f1", "close", "key.close", show=False),
    ]

    def __init__(self, rows: tuple[tuple[str, str], ...], heading: str) -> None:
        super().__init__()
        self.rows = rows
        self.heading = heading

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Prose(f"{self.t('help.heading')} · {self.t(self.heading)}",
                        id="help-heading")
            with Grid(id="help-keys"):
                for keys, what in self.rows:
                    yield Label(keys, classes="help-key", markup=False)
                    yield Prose(self.t(what), classes="help-what")
            yield Prose(self.t("help.close"), id="help-close")
            if self.app.buttons:
                yield ActionBar()

    def action_close(self) -> None:
        self.dismiss()
