"""The key bar at the bottom of a screen: Textual's footer, rebuilt once per change of keys."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

# Narrower than this, the keys are drawn compact (less space around each): the seven keys under
# an answer then fit in 60 columns, and a question's keys in a phone's 45.
COMPACT_BELOW = 80


class KeyFooter(Footer):
    """Textual's Footer, but a burst of binding changes rebuilds it once, not once per change,
    and compact on a narrow screen.

    The footer rebuilds all its keys after the next refresh each time the screen's bindings
    change; showing a card changes them several times (focus, phase), so the first card's keys
    were built five times over before they were drawn, 0.1 s after the card itself.
    """

    def __init__(self) -> None:
        super().__init__()
        self.rebuild_pending = False

    def on_mount(self) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW

    def on_resize(self) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW

    def bindings_changed(self, screen: Screen) -> None:
        if self.rebuild_pending:
            return  # the rebuild already asked for reads the bindings as they are by then
        super().bindings_changed(screen)
        # As Footer.bindings_changed decides whether it asked for a rebuild:
        self.rebuild_pending = (screen.app.app_focus and self.is_attached
                                and screen is self.screen)

    async def recompose(self) -> None:
        self.rebuild_pending = False
        await super().recompose()
