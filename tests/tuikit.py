"""Helpers for the TUI tests: the small Chinese test decks, a frozen moment, polling."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from quiz.core.model import Card
from quiz.storage.store import DB_NAME, Store
from quiz.study.collection import Collection

TUI_DECKS = Path(__file__).resolve().parent / "tui_decks"
# Far from the 04:00 day boundary in UTC, Asia and the Americas alike.
FROZEN = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def open_collection(root: Path, decks: Path = TUI_DECKS) -> Collection:
    """The test decks with the store (and deck cache) under root; fuzz off for stable intervals."""
    return Collection.open(deck_paths=[decks], data_dir=root / "home",
                           config_path=root / "config.toml", overrides={"fuzz": False})


class StoreLock:
    """Another process's hold on the write lock of a collection's store, for as long as the
    test wants: the store is reopened to give up on a held lock at once (as it does after its
    waits and retries), so that its writes fail while the lock is taken."""

    def __init__(self, collection: Collection) -> None:
        data_dir = collection.store.path.parent
        collection.store.close()
        collection.store = Store.open(data_dir, busy_timeout=0.001, pause=lambda seconds: None)
        self.conn = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)

    def take(self) -> StoreLock:
        self.conn.execute("BEGIN IMMEDIATE")
        return self

    def release(self) -> None:
        self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()


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
