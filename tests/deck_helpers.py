"""Writing small inline decks and reading back where their problems are."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from quiz.core.model import Deck
from quiz.decks.problems import Problem
from quiz.decks.reader import read_deck

TODAY = date(2025, 6, 1)


def write(directory: Path, text: str, name: str = "sample.yaml") -> Path:
    """Write dedented deck text to directory/name."""
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def load(directory: Path, text: str, name: str = "sample.yaml",
         today: date = TODAY) -> tuple[Deck | None, list[Problem]]:
    """Write a deck and read it back."""
    return read_deck(write(directory, text, name), today=today)


def located(problems: list[Problem]) -> list[tuple[int, int, str, str]]:
    """Problems as (line, column, severity, message), in file order."""
    return [(p.line, p.column, p.severity, p.message) for p in problems]


def where(problems: list[Problem]) -> list[tuple[int, int]]:
    """Just the positions of the problems, in file order."""
    return [(p.line, p.column) for p in problems]


def messages(problems: list[Problem]) -> str:
    """Every message on its own line, for substring assertions."""
    return "\n".join(p.message for p in problems)

