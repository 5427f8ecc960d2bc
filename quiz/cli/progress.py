"""The one progress bar the commands draw: on stderr, gone once the work is done, and drawn
only when stderr is a terminal (never into a pipe or a log)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class Bar:
    """What a command tells its bar: steps done, and what is being done now."""

    def __init__(self, progress: Progress | None = None, task: TaskID | None = None) -> None:
        self._progress = progress
        self._task = task

    def advance(self, steps: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, steps)

    def describe(self, text: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=text)


@contextmanager
def progress_bar(description: str, total: int) -> Iterator[Bar]:
    """A transient bar of `total` steps on stderr; a bar that draws nothing when stderr is not
    a terminal (Rich is then not even imported)."""
    if not sys.stderr.isatty():
        yield Bar()
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        yield Bar(progress, progress.add_task(description, total=total))
