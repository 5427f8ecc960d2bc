"""Parsed decks cached per deck file, so that starting a study session never re-parses YAML.

Each deck file's `Deck` and problems are pickled under the data directory's `cache/`, keyed by
the file's resolved path and checked against its size, mtime_ns and the loader version; any
change re-reads that file only. Study loads decks without grounding (sources are not read);
`quiz check` keeps grounding on and does not use this cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from .model import Deck
from .problems import Problem

# Bump whenever quiz.decks or quiz.model change what a loaded deck holds.
LOADER_VERSION = 1
DECK_SUFFIXES = (".yaml", ".yml")


def find_deck_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Deck files named directly, or found recursively under directories, in sorted order.

    The same order as `quiz.decks.find_deck_files`, without importing the YAML loader.
    """
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.suffix in DECK_SUFFIXES and p.is_file())
        else:
            yield path


def _cache_file(cache_dir: Path, resolved: str) -> Path:
    return cache_dir / (hashlib.sha1(resolved.encode()).hexdigest()[:20] + ".pickle")


def _read_one(path: Path, cache_dir: Path) -> tuple[Deck | None, list[Problem]]:
    resolved = str(path.resolve())
    try:
        stat = path.stat()
    except OSError:
        stat = None
    signature = (LOADER_VERSION, resolved, stat.st_mtime_ns, stat.st_size) if stat else None
    cache_file = _cache_file(cache_dir, resolved)
    if signature:
        try:
            with cache_file.open("rb") as handle:
                cached_signature, deck, problems = pickle.load(handle)
            if cached_signature == signature:
                display = str(path)
                return deck, [p if p.path == display else replace(p, path=display)
                              for p in problems]
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError):
            pass  # no cache yet, or an unreadable one: read the deck file again
    from .decks import read_deck

    deck, problems = read_deck(path, ground=False)
    if signature and not any(p.message.startswith("cannot read file") for p in problems):
        _write(cache_file, (signature, deck, problems))
    return deck, problems


def _write(cache_file: Path, entry: object) -> None:
    """Write a cache entry atomically; a cache that cannot be written only costs speed."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache_file.with_name(f"{cache_file.name}.{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(entry, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(cache_file)
    except OSError:
        pass


def load_decks_cached(files: Iterable[Path], cache_dir: Path) -> tuple[list[Deck], list[Problem]]:
    """Load deck files through the cache; checks slugs are unique across them, as `load_decks`."""
    decks: list[Deck] = []
    problems: list[Problem] = []
    slugs: dict[str, Deck] = {}
    for path in files:
        deck, deck_problems = _read_one(path, cache_dir)
        problems.extend(deck_problems)
        if deck is None:
            continue
        if deck.slug in slugs:
            problems.append(Problem(str(path), deck.line, 1, f"deck slug '{deck.slug}' is "
                                    f"already used by {slugs[deck.slug].path}"))
            continue
        slugs[deck.slug] = deck
        decks.append(deck)
    return decks, problems
