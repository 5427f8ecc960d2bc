"""Text that wraps Chinese and Latin scripts properly, for prompts, answers and quotes."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

from quiz.render.linebreak import break_lines


class Wrapped(Visual):
    """A Content laid out with `quiz.render.linebreak` line breaks, then rendered by Textual."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._cache: tuple[int, Content] | None = None

    def lines(self, width: int) -> Content:
        """The content with a newline at every break for `width` cells."""
        if self._cache is None or self._cache[0] != width:
            pieces = [self.content[start:end]
                      for start, end in break_lines(self.content.plain, width)]
            self._cache = (width, Content("\n").join(pieces))
        return self._cache[1]

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        pad = options.rules.get("line_pad", 0) * 2
        return self.lines(max(width - pad, 1)).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return max((cell_len(char) for char in self.content.plain), default=1)

    def get_height(self, rules: RulesMap, width: int) -> int:
        pad = rules.get("line_pad", 0) * 2
        return len(break_lines(self.content.plain, max(width - pad, 1)))


class Prose(Static):
    """A Static whose text (plain, never markup) wraps at Chinese-friendly break points."""

    def __init__(self, text: str | Content = "", **kwargs) -> None:
        super().__init__(Wrapped(_as_content(text)), markup=False, **kwargs)

    def show(self, text: str | Content) -> None:
        """Replace the text."""
        self.update(Wrapped(_as_content(text)))


def _as_content(text: str | Content) -> Content:
    return text if isinstance(text, Content) else Content(text)
