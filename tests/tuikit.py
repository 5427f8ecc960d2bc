"""Helpers for the TUI tests: a hand-moved clock, the small Chinese test decks, polling."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from quiz.collection import Collection
from quiz.model import Card

TUI_DECKS = Path(__file__).resolve().parent / "tui_decks"
# Far from the 04:00 day boundary in UTC, Asia and the Americas alike.
FROZEN = datetime(2026, 3, 2, 18, 0, tzinfo=timezone.utc)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = FROZEN) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def open_collection(root: Path, decks: Path = TUI_DECKS) -> Collection:
    """The test decks with the store (and deck cache) under root; fuzz off for stable intervals."""
    return Collection.open(deck_paths=[decks], data_dir=root / "home",
                           config_path=root / "config.toml", overrides={"fuzz": False})


def card(collection: Collection, deck: str, card_id: str) -> Card:
    """One card of the test decks, by deck slug and id."""
    return next(c for c in collection.select([deck]) if c.id == card_id)


async def settle(pilot, condition, attempts: int = 50) -> None:
    """Let the app process events until `condition()` holds (no sleeping on a timer)."""
    for _ in range(attempts):
        if condition():
            return
        await pilot.pause()
    assert condition(), "the app never reached the expected state"


def showing(app, screen_type) -> bool:
    """Whether the app's top screen is of this type and has its widgets in place."""
    return isinstance(app.screen, screen_type) and bool(app.screen.children)


KEY_NAMES = {".": "full_stop", ",": "comma", " ": "space", "-": "minus", "\r": "enter"}


def burst(app, text: str) -> None:
    """Send keys the way a fast typist's terminal does: all queued at once, with no pause for
    the app to react between them (Pilot's `press` waits for the app after each key)."""
    from textual import events

    for character in text:
        app.post_message(events.Key(KEY_NAMES.get(character, character), character))
