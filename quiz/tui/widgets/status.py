"""The line above a card: where the learner is (deck, mode) and how far along."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label


class StatusLine(Horizontal):
    """A label on the left (what) and one on the right (how far, how long)."""

    def compose(self) -> ComposeResult:
        yield Label(id="status-left", markup=False)
        yield Label(id="status-badge", markup=False)
        yield Label(id="status-right", markup=False)

    def show(self, left: str, right: str, badge: str = "") -> None:
        """Replace all three texts; an empty badge is hidden."""
        self.query_one("#status-left", Label).update(left)
        self.query_one("#status-right", Label).update(right)
        badge_label = self.query_one("#status-badge", Label)
        badge_label.update(badge)
        badge_label.display = bool(badge)
