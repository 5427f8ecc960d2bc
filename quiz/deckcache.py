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
import sys
from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path

from .files import atomic_output
from .model import Card, CardType, Deck
from .problems import Problem

# Bump whenever quiz.decks or quiz.model change what a loaded deck holds.
LOADER_VERSION = 4
DECK_SUFFIXES = (".yaml", ".yml")
# Positions in the deck file serve `quiz check` only, which does not use this cache.
_CARD_FIELDS = tuple(field.name for field in fields(Card) if field.name != "spots")
_DECK_FIELDS = tuple(field.name for field in fields(Deck) if field.name != "cards")
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
    """One deck as the cache holds it: its ids, expiry dates and tags now, each card on demand."""

    __slots__ = ("slug", "title", "path", "ids", "expiry", "tags", "deck_tags", "_header",
                 "_blob", "_rows", "_deck", "_built", "_id_set")

    def __init__(self, header: tuple, ids: tuple[str, ...], expiry: dict[str, str],
                 tags: dict[str, tuple[str, ...]], blob: bytes) -> None:
        self._header = header
        named = dict(zip(_DECK_FIELDS, header))
        self.slug: str = named["slug"]
        self.title: str = named["title"]
        self.path = Path(named["path"])
        self.deck_tags: tuple[str, ...] = named["tags"]
        self.ids = ids
        self.expiry = expiry            # card id → valid_until, for cards that have one
        self.tags = tags                # card id → tags, where they differ from the deck's
        self._blob = blob               # marshal of one marshalled row per card, in deck order
        self._rows: tuple[bytes, ...] | None = None
        self._deck: Deck | None = None
        self._built: dict[str, Card] = {}
        self._id_set: frozenset[str] | None = None

    @classmethod
    def from_deck(cls, deck: Deck) -> DeckEntry:
        header = tuple(str(deck.path) if name == "path" else getattr(deck, name)
                       for name in _DECK_FIELDS)
        rows = tuple(marshal.dumps(tuple(card.type.value if name == "type" else
                                         getattr(card, name) for name in _CARD_FIELDS))
                     for card in deck.cards)
        entry = cls(header, tuple(card.id for card in deck.cards),
                    {card.id: card.valid_until for card in deck.cards if card.valid_until},
                    {card.id: card.tags for card in deck.cards if card.tags != deck.tags},
                    marshal.dumps(rows))
        entry._deck = deck
        entry._built = {card.id: card for card in deck.cards}
        return entry

    @property
    def id_set(self) -> frozenset[str]:
        if self._id_set is None:
            self._id_set = frozenset(self.ids)
        return self._id_set

    def card_tags(self, card_id: str) -> tuple[str, ...]:
        return self.tags.get(card_id, self.deck_tags)

    def card(self, card_id: str) -> Card:
        """One card of this deck, built from the cache on first use (KeyError if none)."""
        card = self._built.get(card_id)
        if card is None:
            if card_id not in self.id_set:
                raise KeyError(card_id)
            card = self._build(self.ids.index(card_id))
        return card

    def _build(self, position: int) -> Card:
        if self._rows is None:
            self._rows = marshal.loads(self._blob)
        row = marshal.loads(self._rows[position])
        card = Card(row[0], row[1], _TYPES[row[2]], *row[3:])
        self._built[card.id] = card
        return card

    @property
    def deck(self) -> Deck:
        """The full deck, built from the cache the first time it is asked for."""
        if self._deck is None:
            cards = tuple(self._built.get(card_id) or self._build(position)
                          for position, card_id in enumerate(self.ids))
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
    return (LOADER_VERSION, _CARD_FIELDS, sys.version_info[:2], str(path.resolve()),
            stat.st_mtime_ns, stat.st_size)


def _cache_file(cache_dir: Path, signature: tuple) -> Path:
    return cache_dir / (hashlib.sha1(signature[3].encode()).hexdigest()[:20] + ".deck")


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
        with atomic_output(cache_file, replace=True) as stream:
            stream.write(data)
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
            line = dict(zip(_DECK_FIELDS, entry._header))["line"]
            problems.append(Problem(str(path), line, 1, f"deck slug '{entry.slug}' is already "
                                    f"used by {slugs[entry.slug].path}"))
            continue
        slugs[entry.slug] = entry
        entries.append(entry)
    return entries, problems
