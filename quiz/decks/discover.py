"""Finding deck files: the one walk that `quiz check`, study and every other command use.

It imports no YAML loader, so the deck cache can list the files without paying for one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from quiz.core.errors import UsageError

DECK_SUFFIXES = (".yaml", ".yml")


def existing_roots(paths: Iterable[Path]) -> list[Path]:
    """The paths, which must all exist: a missing one is a usage error naming every one."""
    roots = list(paths)
    missing = [str(p) for p in roots if not p.exists()]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    return roots


def find_deck_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Deck files named directly, or found recursively under directories, each once (a file
    reached twice, by overlapping paths or a link, is yielded the first time), sorted within
    each directory."""
    seen: set[Path] = set()
    for path in paths:
        found = sorted(p for p in path.rglob("*") if p.suffix in DECK_SUFFIXES and p.is_file()) \
            if path.is_dir() else [path]
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file
