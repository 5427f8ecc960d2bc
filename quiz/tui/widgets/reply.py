"""The box a typed answer goes into, with the unit the answer is counted in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label


class ReplyBox(Horizontal):
    """An Input for the reply and, when the card has one, its unit."""

    def __init__(self, *, cursor_blink: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        reply = Input(id="reply", select_on_focus=False)
        reply.cursor_blink = self.cursor_blink
        yield reply
        yield Label(id="reply-unit", markup=False)

    @property
    def reply_input(self) -> Input:
        return self.query_one("#reply", Input)

    def ask(self, placeholder: str, unit: str) -> None:
        """Clear the box and wait for a reply."""
        self.reply_input.value = ""
        self.reply_input.placeholder = placeholder
        self.reply_input.disabled = False
        unit_label = self.query_one("#reply-unit", Label)
        unit_label.update(unit)
        unit_label.display = bool(unit)
        self.reply_input.focus()

    def stop_typing(self) -> None:
        """Keep the reply on show but stop taking keys."""
        self.reply_input.disabled = True
