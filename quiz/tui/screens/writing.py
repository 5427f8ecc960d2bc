"""Screens whose keys write to the store, and what they do when the store refuses a write."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Label

from quiz.storage.faults import StoreError
from quiz.tui.screens.base import QuizScreen


class WritingScreen(QuizScreen):
    """A screen whose changes are writes the store may refuse (read-only, full, locked,
    damaged). A refused change leaves everything as it was: the screen keeps what it shows,
    its `#failure` line says why, and `r` (`action_retry`) tries the same change again. The
    app remembers the refusal until a write succeeds, to exit non-zero if it ends so."""

    def __init__(self) -> None:
        super().__init__()
        self.retry: Callable[[], None] | None = None   # the write the store refused, kept

    def write(self, change: Callable[[], object], then: Callable[[], None]) -> None:
        """Make a change that writes to the store, then go on with `then` (draw what follows
        from it); if the store refuses it, `then` is not run and the change is kept for `r`."""
        try:
            change()
        except StoreError as error:
            self.retry = lambda: self.write(change, then)
            self.app.store_failed(error)
            self.show_refusal(error)
            self.refresh_bindings()
            return
        if self.retry is not None:
            self.retry = None
            self.app.store_recovered()
            self.query_one("#failure").display = False
        then()

    def show_refusal(self, error: StoreError) -> None:
        """Say in one line why the store refused the write; screens add how to go on."""
        failure = self.query_one("#failure", Label)
        failure.update(self.t("store.not_saved", reason=self.t.error(error)))
        failure.display = True

    def action_retry(self) -> None:
        if self.retry is not None:
            self.retry()
