"""The screen's keys as buttons, for a mouse or a finger.

In a browser (`quiz serve`) a phone has no keyboard, and a desktop browser keeps some keys for
itself (F1, Ctrl+W, Esc in full screen). There this bar takes the key bar's place: one button
for each action the key bar would show, in the same order, running the action its key runs.
It is built from the screen's bindings as they are now, so the buttons cannot disagree with
the keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.containers import ItemGrid
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Button

from quiz.tui.widgets.keys import KeyFooter

if TYPE_CHECKING:
    from textual.screen import Screen

    from quiz.tui.app import QuizApp

BUTTON_CHROME = 3   # cells beside a button's label: its line-pad and the gap to the next


class ActionButton(Button):
    """One action of a binding, run in the binding's namespace (Button's own `action` runs
    in its parent's). It never takes the focus, so a reply box being typed in keeps it."""

    can_focus = False

    def __init__(self, label: str, action: str, namespace: DOMNode, *,
                 disabled: bool = False) -> None:
        super().__init__(label, classes="action", disabled=disabled)
        self.bound_action = action
        self.namespace = namespace


class ActionBar(ItemGrid):
    """As many buttons to a row as fit (each as wide as the longest label needs)."""

    def __init__(self) -> None:
        super().__init__(id="actions")
        self.shown: list[tuple[str, str]] = []   # (action, label) of the buttons there now
        self.pending = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.update_buttons()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        """A burst of changes (a new card changes phase and focus) updates the bar once, as
        soon as the burst is over: in the same frame as the rest of the screen, so nothing
        moves under a finger after it is drawn."""
        if self.is_attached and screen is self.screen and not self.pending:
            self.pending = True
            self.call_later(self.update_buttons)

    def actions(self) -> list[tuple[DOMNode, str, str, bool]]:
        """(namespace, action, label, enabled) of what the key bar would show: the first
        shown binding of each action, as Textual's footer picks them."""
        found: dict[str, tuple[DOMNode, str, str, bool]] = {}
        for namespace, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in found:
                found[binding.action] = (namespace, binding.action, binding.description, enabled)
        return list(found.values())

    def update_buttons(self) -> None:
        self.pending = False
        if not self.is_attached:   # its screen was closed meanwhile
            return
        actions = self.actions()
        shown = [(action, label) for _, action, label, _ in actions]
        if shown == self.shown:
            for button, (namespace, _, _, enabled) in zip(self.query(ActionButton), actions):
                button.namespace = namespace
                button.disabled = not enabled
            return
        self.shown = shown
        self.query(ActionButton).remove()
        self.mount_all(ActionButton(label, action, namespace, disabled=not enabled)
                       for namespace, action, label, enabled in actions)
        self.min_column_width = max((cell_len(label) for _, label in shown),
                                    default=0) + BUTTON_CHROME

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button
        if isinstance(button, ActionButton):
            await self.app.run_action(button.bound_action, button.namespace)


def key_bar(app: QuizApp) -> Widget:
    """What goes at the bottom of a screen: the key bar, or the buttons in its place."""
    return ActionBar() if app.buttons else KeyFooter()
