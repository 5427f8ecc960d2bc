"""The line above a card: where the learner is (deck, mode) and how far along."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

BADGE_STYLE = "bold $text-warning on $warning-muted"
GAP = 2  # cells kept free after the left text


class StatusLine(Widget):
    """What is studied on the left (cut with … to fit), an optional badge, and the progress on
    the right: one widget drawing one line, not three labels (fewer widgets to build and style
    before the first card can be drawn)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.texts = ("", "", "")

    def show(self, left: str, right: str, badge: str = "") -> None:
        """Replace the texts; an empty badge is not drawn."""
        if (left, right, badge) != self.texts:
            self.texts = (left, right, badge)
            self.refresh()

    def render(self) -> Content:
        left, right, badge = self.texts
        tail = Content.assemble(*((" ", (f" {badge} ", BADGE_STYLE), " ") if badge else ()),
                                right)
        room = max(0, self.content_size.width - tail.cell_length - GAP)
        return Content.assemble(Content(left).truncate(room, ellipsis=True, pad=True),
                                " " * GAP, tail)
