"""The box a typed answer goes into, with the unit the answer is counted in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label


class ReplyBox(Horizontal):
    """An Input for the reply and, when the card has one, its unit; focused when shown."""

    def __init__(self, placeholder: str, unit: str, *, cursor_blink: bool = True) -> None:
        super().__init__(id="reply-box")

        self.reply_input = Input(id="reply", placeholder=placeholder, select_on_focus=False)
        self.reply_input.cursor_blink = cursor_blink
        self.unit_label = Label(unit, id="reply-unit", markup=False)
        self.unit_label.display = bool(unit)

    def compose(self) -> ComposeResult:
        yield self.reply_input
        yield self.unit_label

    def on_mount(self) -> None:
        self.reply_input.focus()

    @property
    def typing(self) -> bool:
        """Whether the learner is typing here (the box has the focus)."""
        return self.reply_input.has_focus

    def ask(self, placeholder: str, unit: str) -> None:
        """Clear the box and wait for a reply."""
        self.display = True
        self.reply_input.value = ""
        self.reply_input.placeholder = placeholder
        self.reply_input.disabled = False
        self.unit_label.update(unit)
        self.unit_label.display = bool(unit)
        self.reply_input.focus()

    def stop_typing(self) -> None:
        """Keep the reply on show but stop taking keys."""
        self.reply_input.disabled = True


def ask_for_reply(container: Widget, box: ReplyBox | None, *, after: str, placeholder: str,
                  unit: str, cursor_blink: bool) -> ReplyBox:
    """Show the reply box in `container`, made the first time a typed card needs it."""
    if box is None:
        box = ReplyBox(placeholder, unit, cursor_blink=cursor_blink)
        container.mount(box, after=after)
    else:
        box.ask(placeholder, unit)
    return box
