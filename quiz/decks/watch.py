"""Re-running a check whenever the files it reads change, by polling their modification times.

Polling needs no dependency and works the same on every platform and file system;
deck directories are small, so a poll costs a few `stat` calls.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from quiz.decks.discover import find_deck_files
from quiz.decks.reader import load_decks

Snapshot = dict[Path, tuple[int, int, int]]
POLL_SECONDS = 0.5


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Each existing file's modification time, size and inode; a missing file is left out."""
    state: Snapshot = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        state[path] = (info.st_mtime_ns, info.st_size, info.st_ino)
    return state


def watch(files: Callable[[], list[Path]], check: Callable[[list[Path]], None], *,
          sleep: Callable[[float], None], interval: float = POLL_SECONDS,
          rounds: int | None = None) -> None:
    """Run `check` now, then again each time one of the `files` it reads changes.

    The files are stat'ed before each check reads them, so an edit made while a
    check runs is never missed. Runs until interrupted, or for `rounds` checks.
    """
    done = 0
    while rounds is None or done < rounds:
        watched = files()
        before = snapshot(watched)
        check(watched)
        done += 1
        while rounds is None or done < rounds:
            sleep(interval)
            if snapshot(watched) != before:
                break


def files_to_watch(roots: Iterable[Path], sources: Iterable[str]) -> list[Path]:
    """Deck files under the roots (directories are rescanned so new files count), the roots
    themselves, and the source articles the decks quote."""
    existing = [root for root in roots if root.exists()]
    files = list(find_deck_files(existing))
    directories = [root for root in existing if root.is_dir()]
    for directory in directories:
        files.extend(Path(dirpath) for dirpath, _, _ in os.walk(directory))
    files.extend(Path(source) for source in sources)
    files.extend(root for root in roots if not root.exists())
    return list(dict.fromkeys(files))


def deck_sources(roots: list[Path]) -> set[str]:
    """The source articles the decks under `roots` quote (read without grounding, so quickly)."""
    result = load_decks(find_deck_files([root for root in roots if root.exists()]), ground=False)
    return {source for deck in result.decks
            for source in (deck.source, *(card.source for card in deck.cards)) if source}
