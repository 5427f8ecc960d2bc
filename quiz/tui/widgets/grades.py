"""The four grade buttons, each showing its key, its name and the interval it would give."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button

GRADES = (1, 2, 3, 4)


class GradeButton(Button):
    """A grade button that never takes focus, so keys stay with the screen."""

    can_focus = False


class GradeBar(Horizontal):
    """Again / Hard / Good / Easy; posts `GradeBar.Graded` when one is clicked."""

    @dataclass
    class Graded(Message):
        rating: int

    def __init__(self, translate: Callable[..., str], intervals: Mapping[int, str],
                 suggested: int | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.translate = translate
        self.intervals = intervals
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        for grade in GRADES:
            suggested = " -suggested" if grade == self.suggested else ""
            yield GradeButton(self._label(grade, self.intervals.get(grade, "")),
                              id=f"grade-{grade}", classes=f"grade grade-{grade}{suggested}")

    def show(self, intervals: Mapping[int, str], suggested: int | None = None) -> None:
        """Label each button with its next interval (none in cram) and mark the suggestion."""
        for grade in GRADES:
            button = self.query_one(f"#grade-{grade}", GradeButton)
            button.label = self._label(grade, intervals.get(grade, ""))
            button.set_class(grade == suggested, "-suggested")

    def _label(self, grade: int, interval: str) -> Content:
        parts: list[str | tuple[str, str]] = [(f"{grade} ", "dim"),
                                              self.translate(f"grade.{grade}")]
        if interval:
            parts.append((f" {interval}", "bold"))
        return Content.assemble(*parts)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Graded(int(event.button.id.removeprefix("grade-"))))
