"""Located problems in deck files, printed as `path:line:col: severity: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# Line breaks and terminal control codes from a deck (a "\n" or "\e" escape in a quoted YAML
# value, or an odd file name) would break the one-problem-per-line output or drive the terminal.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escaped(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One error or warning at a 1-based line and column of a file."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return (f"{_escaped(self.path)}:{self.line}:{self.column}: {self.severity}: "
                f"{_escaped(self.message)}")

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "column": self.column,
                "message": self.message, "severity": self.severity}


def line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character index, counting CR LF, CR and LF as YAML does."""
    head = text[:index]
    line = head.count("\n") + head.count("\r") - head.count("\r\n") + 1
    column = index - (max(head.rfind("\n"), head.rfind("\r")) + 1) + 1
    return line, column


def duplicate_slug(slug: str, path: str, line: int, column: int, first_path: str,
                   first_line: int) -> Problem:
    """The error for a deck file whose slug (at line:column) an earlier file already has."""
    return Problem(path, line, column, f"deck slug '{slug}' is already used by "
                                       f"{first_path}:{first_line}")
