"""The box a typed answer goes into, with the unit the answer is counted in."""

from __future__ import annotations

import asyncio

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label


class ReplyBox(Horizontal):
    """An Input for the reply and, when the card has one, its unit.

    It is made with its screen and hidden until a card asks for a reply; it then takes the
    focus at once (not after the next refresh), so keys typed as the card appears land in it.
    A key that went past it all the same (pressed in the instant before it took the focus) is
    given back to it by `take_stray_key`.
    """

    def __init__(self, *, cursor_blink: bool = True) -> None:
        super().__init__(id="reply-box")
        self.reply_input = Input(id="reply", select_on_focus=False)
        self.reply_input.cursor_blink = cursor_blink
        self.unit_label = Label(id="reply-unit", markup=False)
        self.display = False

    def compose(self) -> ComposeResult:
        yield self.reply_input
        yield self.unit_label

    @property
    def typing(self) -> bool:
        """Whether the learner is typing here (the box has the focus)."""
        return self.app.focused is self.reply_input

    def ask(self, placeholder: str, unit: str) -> None:
        """Show the box empty and give it the focus."""
        self.display = True
        self.reply_input.value = ""
        self.reply_input.placeholder = placeholder
        self.reply_input.disabled = False
        self.unit_label.update(unit)
        self.unit_label.display = bool(unit)
        self.focus_reply()

    def focus_reply(self) -> None:
        """Focus the input now: `Widget.focus` waits for the next refresh, and keys already
        on their way would go to the screen meanwhile."""
        self.screen.set_focus(self.reply_input)

    async def reply(self) -> str:
        """The reply, once the input has handled every key sent to it before this call."""
        caught_up = asyncio.Event()
        self.reply_input.call_later(caught_up.set)
        await caught_up.wait()
        return self.reply_input.value

    def stop_typing(self) -> None:
        """Keep the reply on show but stop taking keys."""
        self.reply_input.disabled = True

    def take_stray_key(self, event: events.Key) -> bool:
        """Type a printable key that reached the app while the box had the focus.

        The input keeps every printable key it is sent, so such a key was sent elsewhere
        before the box took the focus: it belongs to the reply. True if it was taken.
        """
        if not (self.typing and event.is_printable and event.character):
            return False
        self.reply_input.insert_text_at_cursor(event.character)
        return True

    def is_stray_enter(self, event: events.Key) -> bool:
        """Whether this is an Enter that reached the app while the box had the focus: the
        screen's Enter binding (a priority one) takes it unless it was sent before the box
        took the focus, so it ends the reply typed before it."""
        return event.key == "enter" and self.typing
