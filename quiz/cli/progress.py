"""The one progress bar of the command line: Rich's, on stderr, only for a terminal.

A long job reports through the `Bar` it is given; when stderr is not a terminal (a pipe, a
file, a test) nothing is drawn, so the output a script reads is the same either way.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Bar:
    """What a job calls to report: `advance` as it goes, `describe` when its stage changes."""

    def __init__(self, progress: Any = None, task: Any = None) -> None:
        self._progress = progress
        self._task = task

    def advance(self, n: float = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, n)

    def describe(self, text: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=text)


@contextmanager
def progress_bar(description: str, total: float | None) -> Iterator[Bar]:
    """A transient bar on stderr while the block runs, when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield Bar()
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        yield Bar(progress, progress.add_task(description, total=total))
