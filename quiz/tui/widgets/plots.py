"""Small plots for the statistics screen, drawn with block characters and sized to the widget."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from rich.cells import cell_len
from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

from quiz.render.charts import axis, columns, hbar, heatmap

AXIS_GAP = 1


class ColumnChart(Widget):
    """Vertical bars for a series (the due forecast), one to three cells per value (a longer
    series than the width shares columns), with the largest value marked on the left and
    labels under the first and last bars."""

    DEFAULT_CSS = "ColumnChart { height: 8; }"

    def __init__(self, values: Sequence[float], labels: tuple[str, str], *, bar_style: str = "",
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.values = list(values)
        self.labels = labels
        self.bar_style = bar_style

    def render(self) -> RenderableType:
        top = max(self.values, default=0)
        scale = f"{top:g}"
        margin = cell_len(scale) + AXIS_GAP
        room = max(1, self.size.width - margin)
        values = self.values
        if len(values) > room:   # more days than columns: each column holds the most of its days
            days = math.ceil(len(values) / room)
            values = [max(values[start:start + days]) for start in range(0, len(values), days)]
        per_value = max(1, min(3, room // max(1, len(values))))
        widened = [value for value in values for _ in range(per_value)]
        width = len(widened)
        text = Text()
        rows = columns(widened, max(1, self.size.height - 1))
        for index, row in enumerate(rows):
            label = scale if index == 0 else ("0" if index == len(rows) - 1 else "")
            text.append(label.rjust(margin - AXIS_GAP) + " " * AXIS_GAP, style="dim")
            text.append(row + "\n", style=self.bar_style)
        first, last = self.labels
        text.append(" " * margin + axis([(0, first), (width - cell_len(last), last)], width),
                    style="dim")
        return text


class Heatmap(Widget):
    """The calendar heatmap of answers per study day (see `quiz.render.charts.heatmap`)."""

    DEFAULT_CSS = "Heatmap { height: 8; }"

    def __init__(self, first: date, counts: Sequence[int], *, month_names: Sequence[str],
                 weekday_names: Sequence[str], level_styles: Sequence[str],
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.first = first
        self.counts = list(counts)
        self.month_names = month_names
        self.weekday_names = weekday_names
        self.level_styles = level_styles

    def render(self) -> RenderableType:
        margin = max(cell_len(name) for name in self.weekday_names) + 1
        fit = max(1, self.size.width - margin)
        first, counts = self.first, self.counts
        if (first.weekday() + len(counts) + 6) // 7 > fit:
            # As many whole weeks as fit, ending with today's.
            last = first + timedelta(days=len(counts) - 1)
            start = last - timedelta(days=last.weekday(), weeks=fit - 1)
            counts = counts[(start - first).days:]
            first = start
        return heatmap(first, counts, month_names=self.month_names,
                       weekday_names=self.weekday_names, styles=self.level_styles)


class RateBars(Widget):
    """One labelled bar per rate (true retention per period), with the target marked."""

    DEFAULT_CSS = "RateBars { height: auto; }"

    def __init__(self, rows: Sequence[tuple[str, float | None, str]], target: float, *,
                 bar_style: str = "", target_style: str = "bold", id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = list(rows)
        self.target = target
        self.bar_style = bar_style
        self.target_style = target_style

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.rows)

    def render(self) -> RenderableType:
        label_width = max((cell_len(label) for label, _, _ in self.rows), default=0) + 1
        note_width = max((cell_len(note) for _, _, note in self.rows), default=0) + 1
        width = max(5, self.size.width - label_width - note_width - 2)
        marker = min(width - 1, round(self.target * width))
        text = Text()
        for index, (label, rate, note) in enumerate(self.rows):
            text.append(label + " " * (label_width - cell_len(label)))
            bar = hbar(rate or 0.0, width)
            text.append("▕")
            text.append(bar[:marker], style=self.bar_style)
            # The target: a line beyond the bar's end, a gap cut into a bar that passes it.
            text.append("│", style=self.target_style if bar[marker] == " "
                        else f"{self.bar_style} reverse")
            text.append(bar[marker + 1:], style=self.bar_style)
            text.append("▏ " + note)
            if index < len(self.rows) - 1:
                text.append("\n")
        return text
