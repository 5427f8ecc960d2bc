"""Small text charts drawn with block characters: sparklines, bars and a calendar heatmap.

Shared by `quiz stats` (printed with Rich) and the TUI's statistics screen; no Textual here.
Every chart is measured in terminal cells, one cell per value unless said otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from rich.cells import cell_len
from rich.text import Text

EIGHTHS = " ▁▂▃▄▅▆▇█"
HORIZONTAL_EIGHTHS = " ▏▎▍▌▋▊▉█"
HEAT_GLYPHS = "·░▒▓█"          # level 0 (nothing) to 4 (the busiest days)
HEAT_LEVELS = len(HEAT_GLYPHS) - 1


def sparkline(values: Sequence[float]) -> str:
    """One cell per value, its height in eighths of the largest; a blank cell for zero."""
    top = max(values, default=0)
    if top <= 0:
        return " " * len(values)
    return "".join(EIGHTHS[max(1, math.ceil(8 * v / top))] if v > 0 else " " for v in values)


def columns(values: Sequence[float], height: int) -> list[str]:
    """A vertical bar chart `height` rows tall (top row first), one cell per value."""
    top = max(values, default=0)
    eighths = [max(1, round(8 * height * v / top)) if v > 0 and top > 0 else 0 for v in values]
    rows = []
    for row in range(height - 1, -1, -1):
        rows.append("".join(EIGHTHS[min(8, max(0, level - 8 * row))] for level in eighths))
    return rows


def hbar(fraction: float, width: int) -> str:
    """A horizontal bar `width` cells long, filled to `fraction` in eighths of a cell."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (HORIZONTAL_EIGHTHS[part] if part else "")).ljust(width)


def heat_level(count: int, busiest: int) -> int:
    """0 for no answers, else 1–4 by quarter of the busiest day's count."""
    if count <= 0 or busiest <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, math.ceil(HEAT_LEVELS * count / busiest)))


def heatmap_grid(first: date, counts: Sequence[int]) -> list[list[int | None]]:
    """Seven rows (Monday first) by week columns of heat levels; None outside the days given."""
    busiest = max(counts, default=0)
    lead = first.weekday()
    weeks = math.ceil((lead + len(counts)) / 7)
    grid: list[list[int | None]] = [[None] * weeks for _ in range(7)]
    for index, count in enumerate(counts):
        week, weekday = divmod(lead + index, 7)
        grid[weekday][week] = heat_level(count, busiest)
    return grid


def heatmap(first: date, counts: Sequence[int], *, month_names: Sequence[str],
            weekday_names: Sequence[str], styles: Sequence[str] | None = None) -> Text:
    """A calendar heatmap: month names above week columns, weekday names on alternate rows.

    `styles` (one per level, 0–4) colours the glyphs; without it the glyphs alone show the
    level, so it reads on a terminal without colour too.
    """
    grid = heatmap_grid(first, counts)
    margin = max(cell_len(name) for name in weekday_names) + 1
    text = Text(" " * margin)
    header = ""
    week_start = first - timedelta(days=first.weekday())
    previous_month = None
    for week in range(len(grid[0])):
        month = (week_start + timedelta(weeks=week)).month
        if month != previous_month:
            previous_month = month
            if week == 0 or cell_len(header) < week:   # a gap after the last name, or none
                header += " " * (week - cell_len(header)) + month_names[month - 1]
    text.append(_fit(header, len(grid[0])) + "\n")
    for weekday, row in enumerate(grid):
        label = weekday_names[weekday] if weekday % 2 == 0 else ""
        text.append(label + " " * (margin - cell_len(label)))
        for level in row:
            if level is None:
                text.append(" ")
            else:
                text.append(HEAT_GLYPHS[level], style=styles[level] if styles else "")
        if weekday < 6:
            text.append("\n")
    return text


def _fit(line: str, width: int) -> str:
    """Cut a line of (possibly wide) characters to `width` cells."""
    while cell_len(line) > width:
        line = line[:-1]
    return line


def axis(labels: Sequence[tuple[int, str]], width: int) -> str:
    """A line `width` cells wide with each label starting at its cell, later ones dropped on
    overlap (so `[(0, "today"), (29, "+29")]` marks both ends of a 30-day chart)."""
    line = ""
    for position, label in labels:
        position = min(position, width - cell_len(label))
        if cell_len(line) < position or not line:
            line += " " * (position - cell_len(line)) + label
    return _fit(line, width)


def hours_minutes(ms: float) -> str:
    """A duration in ms as hours and minutes, `3:05`."""
    hours, minutes = divmod(round(ms / 60_000), 60)
    return f"{hours}:{minutes:02d}"
