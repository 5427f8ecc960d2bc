"""The clock tests move by hand: sessions, the store and the TUI read the time through it."""

from __future__ import annotations

from datetime import datetime, timedelta


class Clock:
    """A clock that stands at `start` until the test moves it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move on by `timedelta(**delta)`; returns the new time."""
        self.now += timedelta(**delta)
        return self.now
