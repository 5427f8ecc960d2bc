"""Line breaking for mixed Chinese and Latin text, measured in terminal cells: the one rule
the TUI (`quiz.tui.widgets.prose`) and the CLI's Rich output (`Wrapped`) both follow.

Rich and Textual break lines at spaces only, so a Chinese sentence folds at any cell,
splitting Latin words glued to it ("D|igital") and starting lines with "，". Here each
wide character is its own break opportunity, Latin words and numbers stay whole, closing
punctuation never starts a line and opening punctuation never ends one. No Textual import.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.measure import Measurement
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

# Punctuation that belongs to the text before it (may not start a line).
CLOSING = frozenset("，。、；：！？）】》」』〉〕”’%‰…·—,.;:!?)]}>％")
# Punctuation that belongs to the text after it (may not end a line).
OPENING = frozenset("（【《「『〈〔“‘([{<")


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _units(text: str, offset: int) -> list[tuple[int, int, bool]]:
    """Split one paragraph into unbreakable units (start, end, is_space)."""
    tokens: list[tuple[int, int, bool]] = []
    index = 0
    while index < len(text):
        char = text[index]
        start = index
        if char.isspace():
            while index < len(text) and text[index].isspace():
                index += 1
            tokens.append((start, index, True))
            continue
        if _is_wide(char):
            index += 1
        else:
            while (index < len(text) and not text[index].isspace()
                   and not _is_wide(text[index])):
                index += 1
        tokens.append((start, index, False))

    units: list[tuple[int, int, bool]] = []
    for start, end, space in tokens:
        if units and not space and not units[-1][2]:
            previous_start, previous_end, _ = units[-1]
            glue_back = text[start] in CLOSING
            glue_forward = text[previous_end - 1] in OPENING
            if glue_back or glue_forward:
                units[-1] = (previous_start, end, False)
                continue
        if len(units) > 1 and not space and units[-1][2] and text[start] in CLOSING:
            # A separator after a space (" · ") stays on the line of what it follows.
            units[-2:] = [(units[-2][0], end, False)]
            continue
        units.append((start, end, space))
    return [(start + offset, end + offset, space) for start, end, space in units]


def _fold(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Cut a unit wider than the line into pieces of at most `width` cells."""
    pieces: list[tuple[int, int]] = []
    piece_start, used = start, 0
    for index in range(start, end):
        cells = cell_len(text[index])
        if used + cells > width and index > piece_start:
            pieces.append((piece_start, index))
            piece_start, used = index, 0
        used += cells
    pieces.append((piece_start, end))
    return pieces


def break_lines(text: str, width: int) -> list[tuple[int, int]]:
    """The (start, end) offsets of each line of `text` wrapped to `width` cells.

    Explicit newlines always break; spaces at a break are dropped; every line is at most
    `width` cells wide (a single character wider than `width` gets a line to itself).
    """
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    paragraph_start = 0
    for paragraph in text.split("\n"):
        lines.extend(_break_paragraph(text, paragraph_start,
                                      paragraph_start + len(paragraph), width))
        paragraph_start += len(paragraph) + 1
    return lines


def _break_paragraph(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    line_start: int | None = None
    line_end = start
    used = 0
    pending_space = 0
    for unit_start, unit_end, space in _units(text[start:end], start):
        if space:
            if line_start is not None:
                pending_space = cell_len(text[unit_start:unit_end])
            continue
        cells = cell_len(text[unit_start:unit_end])
        if line_start is not None and used + pending_space + cells <= width:
            line_end, used = unit_end, used + pending_space + cells
        else:
            if line_start is not None:
                lines.append((line_start, line_end))
            pieces = [(unit_start, unit_end)] if cells <= width \
                else _fold(text, unit_start, unit_end, width)
            lines.extend(pieces[:-1])
            line_start, line_end = pieces[-1]
            used = cell_len(text[line_start:line_end])
        pending_space = 0
    lines.append((line_start, line_end) if line_start is not None else (start, start))
    return lines


def wrap(text: str, width: int) -> list[str]:
    """`text` wrapped to `width` cells, as a list of lines."""
    return [text[start:end] for start, end in break_lines(text, width)]


def widest_unit(text: str) -> int:
    """The cells of the widest piece of `text` that no line break may split (a Latin word, a
    character with the punctuation glued to it): the narrowest width it wraps to unbroken."""
    return max((cell_len(text[start:end]) for paragraph in text.split("\n")
                for start, end, space in _units(paragraph, 0) if not space), default=0)


class Wrapped:
    """Rich text wrapped by these rules at whatever width Rich gives it: the console, a
    panel, a table cell. Styles are kept; each line is a slice of the text."""

    def __init__(self, text: Text | str) -> None:
        self.text = text if isinstance(text, Text) else Text(text)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for start, end in break_lines(self.text.plain, options.max_width):
            line = self.text[start:end]
            line.no_wrap = True   # it fits: Rich must not break it again at its spaces
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        longest = max((cell_len(line) for line in plain.split("\n")), default=0)
        return Measurement(min(widest_unit(plain), longest), longest)
