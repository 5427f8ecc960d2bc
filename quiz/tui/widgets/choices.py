"""The lettered options of a choice card, marked right and wrong once one is picked."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label

from quiz.core.model import CHOICE_LETTERS
from quiz.tui.widgets.prose import Prose

LETTERS = CHOICE_LETTERS


class ChoiceRow(Horizontal):
    """One option: its letter (or ✓/✗ once marked) and its text."""

    def __init__(self, letter: str, text: str) -> None:
        super().__init__(id=f"choice-{letter}", classes="choice")
        self.letter = letter
        self.text = text

    def compose(self) -> ComposeResult:
        yield Label(self.letter, classes="choice-key", markup=False)
        yield Prose(self.text, classes="choice-text")

    def show(self, text: str) -> None:
        """Show another option's text, unmarked."""
        self.text = text
        self.remove_class("-correct", "-wrong", "-chosen")
        self.query_one(".choice-key", Label).update(self.letter)
        self.query_one(Prose).show(text)

    def on_click(self, event: events.Click) -> None:
        self.post_message(ChoiceList.Chosen(self.letter))


class ChoiceList(Vertical):
    """Up to six options, keyed a–f; posts `ChoiceList.Chosen` when one is clicked.

    Rows are made when a choice card first needs them, so other cards cost nothing.
    """

    @dataclass
    class Chosen(Message):
        letter: str

    def show(self, choices: tuple[str, ...]) -> None:
        """Show these options, unmarked."""
        rows = list(self.query(ChoiceRow))
        for index, row in enumerate(rows):
            row.display = index < len(choices)
            if index < len(choices):
                row.show(choices[index])
        self.mount_all(ChoiceRow(LETTERS[index], choices[index])
                       for index in range(len(rows), len(choices)))

    def mark(self, chosen: int, correct: int | None) -> None:
        """Mark the picked option and the right one (by position)."""
        for index, row in enumerate(self.query(ChoiceRow)):
            key = row.query_one(".choice-key", Label)
            if index == correct:
                row.add_class("-correct")
                key.update("✓")
            elif index == chosen:
                row.add_class("-wrong")
                key.update("✗")
            row.set_class(index == chosen, "-chosen")


def letters_for(count: int) -> str:
    """The keys for `count` options, e.g. 'a–d'."""
    return f"{LETTERS[0]}–{LETTERS[count - 1]}" if count > 1 else LETTERS[0]
