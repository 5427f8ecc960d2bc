"""Parsed decks cached per deck file, so that starting a study session never re-parses YAML.

Each deck file's cards are kept under the data directory's `cache/` with `marshal`, keyed by the
file's resolved path and checked against its size, mtime_ns, the loader version and the Python
version; any change re-reads that file only. An entry holds what the queue needs (card ids,
expiry dates, tags) apart from the full cards, which are built only when a card is shown, so a
20,000-card collection starts without building 20,000 objects. Study loads decks without
grounding (sources are not read); `quiz check` keeps grounding on and does not use this cache.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .model import Card, CardType, Deck
from .problems import Problem

# Bump whenever quiz.decks or quiz.model change what a loaded deck holds.
LOADER_VERSION = 1
DECK_SUFFIXES = (".yaml", ".yml")
_CARD_FIELDS = ("deck", "id", "type", "prompt", "answer", "gaps", "accept", "choices", "unit",
                "tolerance", "quote", "explain", "tags", "source", "valid_until", "supersedes",
                "line")
_DECK_FIELDS = ("slug", "title", "path", "source", "as_of", "tags", "valid_until", "supersedes",
                "line")
_TYPES = {card_type.value: card_type for card_type in CardType}


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


class DeckEntry:
    """One deck as the cache holds it: its ids, expiry dates and tags now, its cards on demand."""

    __slots__ = ("slug", "title", "path", "ids", "expiry", "tags", "deck_tags", "_header",
                 "_blob", "_deck", "_by_id", "_id_set")

    def __init__(self, header: tuple, ids: tuple[str, ...], expiry: dict[str, str],
                 tags: dict[str, tuple[str, ...]], blob: bytes) -> None:
        self._header = header
        self.slug: str = header[0]
        self.title: str = header[1]
        self.path = Path(header[2])
        self.deck_tags: tuple[str, ...] = header[5]
        self.ids = ids
        self.expiry = expiry            # card id → valid_until, for cards that have one
        self.tags = tags                # card id → tags, where they differ from the deck's
        self._blob = blob
        self._deck: Deck | None = None
        self._by_id: dict[str, Card] | None = None
        self._id_set: frozenset[str] | None = None

    @classmethod
    def from_deck(cls, deck: Deck) -> DeckEntry:
        header = tuple(str(deck.path) if name == "path" else getattr(deck, name)
                       for name in _DECK_FIELDS)
        rows = [tuple(card.type.value if name == "type" else getattr(card, name)
                      for name in _CARD_FIELDS) for card in deck.cards]
        entry = cls(header, tuple(card.id for card in deck.cards),
                    {card.id: card.valid_until for card in deck.cards if card.valid_until},
                    {card.id: card.tags for card in deck.cards if card.tags != deck.tags},
                    marshal.dumps(rows))
        entry._deck = deck
        return entry

    @property
    def id_set(self) -> frozenset[str]:
        if self._id_set is None:
            self._id_set = frozenset(self.ids)
        return self._id_set

    def card_tags(self, card_id: str) -> tuple[str, ...]:
        return self.tags.get(card_id, self.deck_tags)

    def card(self, card_id: str) -> Card:
        """One card of this deck (KeyError if it has none by that id)."""
        if self._by_id is None:
            self._by_id = {card.id: card for card in self.deck.cards}
        return self._by_id[card_id]

    @property
    def deck(self) -> Deck:
        """The full deck, built from the cache the first time it is asked for."""
        if self._deck is None:
            cards = tuple(Card(row[0], row[1], _TYPES[row[2]], *row[3:])
                          for row in marshal.loads(self._blob))
            header = dict(zip(_DECK_FIELDS, self._header))
            header["path"] = self.path
            self._deck = Deck(cards=cards, **header)
        return self._deck

    def to_bytes(self, signature: tuple, problems: list[Problem]) -> bytes:
        return marshal.dumps((signature, self._header, self.ids, self.expiry, self.tags,
                              [(p.path, p.line, p.column, p.message, p.severity)
                               for p in problems], self._blob))


def _signature(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (LOADER_VERSION, sys.version_info[:2], str(path.resolve()), stat.st_mtime_ns,
            stat.st_size)


def _cache_file(cache_dir: Path, signature: tuple) -> Path:
    return cache_dir / (hashlib.sha1(signature[2].encode()).hexdigest()[:20] + ".deck")


def _read_one(path: Path, cache_dir: Path) -> tuple[DeckEntry | None, list[Problem]]:
    signature = _signature(path)
    if signature:
        cache_file = _cache_file(cache_dir, signature)
        try:
            cached = marshal.loads(cache_file.read_bytes())
            if cached[0] == signature:
                _, header, ids, expiry, tags, problems, blob = cached
                display = str(path)
                return DeckEntry(header, ids, expiry, tags, blob), [
                    Problem(display, *problem[1:]) for problem in problems]
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            pass  # no cache entry yet, or an unreadable one: read the deck file again
    from .decks import read_deck

    deck, problems = read_deck(path, ground=False)
    entry = DeckEntry.from_deck(deck) if deck else None
    if signature and entry and not any(p.message.startswith("cannot read file")
                                       for p in problems):
        _write(_cache_file(cache_dir, signature), entry.to_bytes(signature, problems))
    return entry, problems


def _write(cache_file: Path, data: bytes) -> None:
    """Write a cache entry atomically; a cache that cannot be written only costs speed."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache_file.with_name(f"{cache_file.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(cache_file)
    except OSError:
        pass


def load_decks_cached(files: Iterable[Path],
                      cache_dir: Path) -> tuple[list[DeckEntry], list[Problem]]:
    """Load deck files through the cache; checks slugs are unique across them, as `load_decks`."""
    entries: list[DeckEntry] = []
    problems: list[Problem] = []
    slugs: dict[str, DeckEntry] = {}
    for path in files:
        entry, deck_problems = _read_one(path, cache_dir)
        problems.extend(deck_problems)
        if entry is None:
            continue
        if entry.slug in slugs:
            problems.append(Problem(str(path), entry._header[8], 1, f"deck slug '{entry.slug}' "
                                    f"is already used by {slugs[entry.slug].path}"))
            continue
        slugs[entry.slug] = entry
        entries.append(entry)
    return entries, problems
