"""Plain tables for the terminal: a bold title, a bold header row and aligned columns.

Rich's Table takes about 0.2 ms a cell to lay such a table out (`quiz stats` prints some 500
cells); when the table fits the terminal, `aligned` draws the same lines as one Rich Text in a
tenth of the time. A table too wide for the terminal goes to Rich's Table, which wraps cells.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

ELLIPSIS = "…"


@dataclass(frozen=True)
class Column:
    """One column: its header, the side its cells keep to, and how wide it may grow."""

    header: str
    justify: str = "right"          # "left" or "right"
    max_width: int | None = None    # a longer cell is cut and ends in an ellipsis
    min_width: int = 0
    no_wrap: bool = False           # never wrapped, even when the table must shrink


def aligned(columns: Sequence[Column], rows: Sequence[Sequence[str]], *, width: int,
            title: str = "", gap: int = 1, bold_rows: Collection[int] = ()) -> Text | None:
    """The table as Rich's Table would draw it with `box=None` (columns `gap` cells apart,
    the title left-justified), or None if it is wider than `width` or a cell holds a line
    break, so that Rich would wrap it."""
    if any("\n" in cell for row in rows for cell in row):
        return None
    widths = []
    for index, column in enumerate(columns):
        natural = max([column.min_width, cell_len(column.header),
                       *(cell_len(row[index]) for row in rows)])
        widths.append(min(natural, column.max_width) if column.max_width else natural)
    total = sum(widths) + gap * (len(widths) - 1)
    if total > width or cell_len(title) > total:
        return None
    text = Text()
    if title:
        text.append(title, style="bold")
        text.append("\n")
    separator = " " * gap
    lines = [[column.header for column in columns], *rows]
    for number, cells in enumerate(lines):
        line = separator.join(_fit(cell, cell_width, column.justify)
                              for cell, cell_width, column in zip(cells, widths, columns))
        text.append(line, style="bold" if number == 0 or number - 1 in bold_rows else "")
        if number < len(lines) - 1:
            text.append("\n")
    return text


def _fit(cell: str, width: int, justify: str) -> str:
    """A cell padded to `width` cells on the side away from `justify`, or cut with an ellipsis."""
    length = cell_len(cell)
    if length > width:
        return set_cell_size(cell, width - 1) + ELLIPSIS
    padding = " " * (width - length)
    return padding + cell if justify == "right" else cell + padding


def rich_table(columns: Sequence[Column], rows: Sequence[Sequence[str]], *, title: str = "",
               gap: int = 1, bold_rows: Collection[int] = ()) -> Table:
    """The same table as a Rich Table, which shrinks and wraps columns to fit a narrow screen."""
    from rich.table import Table

    # The gap is split between the right padding of one column and the left of the next.
    table = Table(title=title or None, title_justify="left", title_style="bold", box=None,
                  padding=(0, gap // 2, 0, gap - gap // 2), pad_edge=False)
    for column in columns:
        table.add_column(column.header, justify=column.justify,  # type: ignore[arg-type]
                         max_width=column.max_width, min_width=column.min_width or None,
                         no_wrap=column.no_wrap)
    for number, cells in enumerate(rows):
        table.add_row(*(Text(cell) for cell in cells),
                      style="bold" if number in bold_rows else "")
    return table


def print_table(console: Console, columns: Sequence[Column], rows: Sequence[Sequence[str]], *,
                title: str = "", gap: int = 1, bold_rows: Collection[int] = ()) -> None:
    """Print the title on a line of its own (a table narrower than its title would fold it),
    then the table: as aligned Text when it fits the console, else as a Rich Table."""
    if title:
        from quiz.render.linebreak import Wrapped

        console.print(Wrapped(Text(title, style="bold")))
    text = aligned(columns, rows, width=console.width, gap=gap, bold_rows=bold_rows)
    console.print(text if text is not None
                  else rich_table(columns, rows, gap=gap, bold_rows=bold_rows))
