"""Parsed decks cached per deck file, so that starting a study session never re-parses YAML.

Each deck file's cards are kept under the data directory's `cache/` with `marshal`, keyed by the
file's resolved path and checked against its size, mtime_ns, the loader version, the model's
fields and the Python version, and against the size and mtime_ns of every source article the
deck quotes; any change re-reads that file only. Decks are read with grounding on, as
`quiz check` reads them, so study leaves out exactly the cards `quiz check` rejects; the
grounding result is cached with the cards. An entry holds what the queue needs (card ids,
expiry dates, tags) apart from the full cards, which are built only when a card is shown, so a
20,000-card collection starts without building 20,000 objects. It also holds which cards give
which away (`quiz.decks.giveaway`), computed when the deck file is read and decoded only when a
session first asks.

A cache entry is only ever a copy: one that cannot be read, is cut short, fails its checksum,
comes from another format or another version, or does not match its deck is ignored and
written again from the deck file.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sys
import zlib
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import __version__
from quiz.core.files import atomic_output
from quiz.core.model import Card, CardType, Deck
from quiz.decks.problems import Problem, duplicate_slug

if TYPE_CHECKING:
    from quiz.decks.grounding import SourceText

# Bump whenever the deck loader or quiz.core.model change what a loaded deck holds. (Editing or
# upgrading the loader's files also invalidates every entry: see `_loader_stamp`.)
LOADER_VERSION = 6
# The modules whose code decides what a deck file loads to (and which cards give which away).
LOADER_FILES = tuple(Path(__file__).resolve().parent.parent.joinpath(name) for name in (
    "decks/reader.py", "decks/nodes.py", "decks/schema.py", "decks/yamltree.py",
    "core/controls.py", "decks/grounding.py", "core/model.py", "decks/problems.py",
    "decks/cache.py", "decks/lint.py", "decks/giveaway.py", "answers/grading.py",
    "answers/numbers.py", "answers/dates.py"))
# A cache file: this tag, the CRC-32 of the rest, then the marshalled entry.
MAGIC = b"quiz-deck-cache\n"
# Positions in the deck file serve `quiz check` only, which does not use this cache.
_CARD_FIELDS = tuple(field.name for field in fields(Card) if field.name != "spots")
_DECK_FIELDS = tuple(field.name for field in fields(Deck) if field.name != "cards")
_PROBLEM_FIELDS = tuple(field.name for field in fields(Problem))
_TYPES = {card_type.value: card_type for card_type in CardType}

class DeckEntry:
    """One deck as the cache holds it: its ids, expiry dates and tags now, each card on demand."""

    __slots__ = ("slug", "title", "label", "path", "ids", "expiry", "tags", "deck_tags",
                 "_header", "_blob", "_rows", "_deck", "_built", "_id_set", "_related_blob",
                 "_related", "_related_to")

    def __init__(self, header: tuple, ids: tuple[str, ...], expiry: dict[str, str],
                 tags: dict[str, tuple[str, ...]], blob: bytes, related: bytes) -> None:
        self._header = header
        named = dict(zip(_DECK_FIELDS, header))
        self.slug: str = named["slug"]
        self.title: str = named["title"]
        self.label: str = named["name"] or self.slug   # what headers and lists show
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
        self._related_blob = related    # marshal of card id → ids it gives away
        self._related: dict[str, tuple[str, ...]] | None = None
        self._related_to: dict[str, set[str]] | None = None

    @classmethod
    def from_deck(cls, deck: Deck) -> DeckEntry:
        from quiz.decks.giveaway import relation

        header = tuple(str(deck.path) if name == "path" else getattr(deck, name)
                       for name in _DECK_FIELDS)
        rows = tuple(marshal.dumps(tuple(card.type.value if name == "type" else
                                         getattr(card, name) for name in _CARD_FIELDS))
                     for card in deck.cards)
        entry = cls(header, tuple(card.id for card in deck.cards),
                    {card.id: card.valid_until for card in deck.cards if card.valid_until},
                    {card.id: card.tags for card in deck.cards if card.tags != deck.tags},
                    marshal.dumps(rows), marshal.dumps(relation(deck.cards)))
        entry._deck = deck
        entry._built = {card.id: card for card in deck.cards}
        return entry

    @property
    def id_set(self) -> frozenset[str]:
        if self._id_set is None:
            self._id_set = frozenset(self.ids)
        return self._id_set

    @property
    def gives_away(self) -> dict[str, tuple[str, ...]]:
        """Card id → the ids of this deck's cards it gives away (only ids that give any)."""
        if self._related is None:
            related = self.stored_relation()
            if related is None:   # not what was written: work it out again
                from quiz.decks.giveaway import relation

                related = relation(self.deck.cards)
            self._related = related
        return self._related

    def stored_relation(self) -> dict[str, tuple[str, ...]] | None:
        """`gives_away` as the entry holds it; None if it does not decode to one."""
        try:
            related = marshal.loads(self._related_blob)
        except (EOFError, ValueError, TypeError):
            return None
        return related if type(related) is dict else None

    def related(self, card_id: str) -> set[str]:
        """The ids of the cards that give this card away or that it gives away."""
        if self._related_to is None:
            either: dict[str, set[str]] = {}
            for giver, given in self.gives_away.items():
                either.setdefault(giver, set()).update(given)
                for other in given:
                    either.setdefault(other, set()).add(giver)
            self._related_to = either
        return self._related_to.get(card_id, set())

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

    def to_bytes(self, signature: tuple, sources: tuple, problems: list[Problem]) -> bytes:
        payload = marshal.dumps((signature, sources, self._header, self.ids, self.expiry,
                                 self.tags, [tuple(getattr(p, name) for name in _PROBLEM_FIELDS)
                                             for p in problems], self._blob, self._related_blob))
        return MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload


@functools.cache
def _loader_stamp() -> tuple:
    """The loader's files as installed (size, mtime_ns): a change to the rules a deck is
    checked by invalidates the cache even if LOADER_VERSION was not bumped."""
    return tuple(_source_stamp(str(path))[1:] for path in LOADER_FILES)


def _signature(path: Path) -> tuple | None:
    """What a cache entry must have been made from: this loader, and this deck file as it is."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (LOADER_VERSION, __version__, _CARD_FIELDS, _DECK_FIELDS, _PROBLEM_FIELDS,
            sys.version_info[:2], str(path.resolve()), stat.st_mtime_ns, stat.st_size,
            _loader_stamp())


def _source_stamp(path: str) -> tuple[str, int, int] | tuple[str, None, None]:
    """A source article's path, mtime_ns and size (None, None when it cannot be seen)."""
    try:
        stat = os.stat(path)
    except OSError:
        return (path, None, None)
    return (path, stat.st_mtime_ns, stat.st_size)


def _cache_file(cache_dir: Path, signature: tuple) -> Path:
    return cache_dir / (hashlib.sha1(signature[6].encode()).hexdigest()[:20] + ".deck")


def _from_cache(data: bytes, signature: tuple,
                display: str) -> tuple[DeckEntry, list[Problem]] | None:
    """The entry a cache file holds, or None unless it is whole, of this format and still
    describes the deck file and its sources as they are now."""
    if not data.startswith(MAGIC):
        return None
    checksum, payload = data[len(MAGIC):len(MAGIC) + 4], data[len(MAGIC) + 4:]
    if len(checksum) != 4 or zlib.crc32(payload) != int.from_bytes(checksum, "big"):
        return None   # cut short or damaged: marshal is not even shown it
    cached = marshal.loads(payload)
    if type(cached) is not tuple or len(cached) != 9 or cached[0] != signature:
        return None
    _, sources, header, ids, expiry, tags, problems, blob, related = cached
    if type(sources) is not tuple or any(_source_stamp(stamp[0]) != stamp for stamp in sources):
        return None   # a source article changed: grounding must be checked again
    if not (type(header) is tuple and len(header) == len(_DECK_FIELDS) and type(ids) is tuple
            and type(expiry) is dict and type(tags) is dict and type(problems) is list
            and type(blob) is bytes and type(related) is bytes):
        return None
    # One row per card, checked and let go: a deck's rows are kept (decoded again) only once
    # one of its cards is shown, which keeps 20,000 rows out of memory at start-up.
    rows = marshal.loads(blob)
    if type(rows) is not tuple or len(rows) != len(ids):
        return None
    del rows
    # The path as given this time (the entry is keyed by the resolved path).
    header = tuple(display if name == "path" else value
                   for name, value in zip(_DECK_FIELDS, header))
    entry = DeckEntry(header, ids, expiry, tags, blob, related)
    return entry, [Problem(display, *problem[1:]) for problem in problems]


def cached_relation(path: Path, cache_dir: Path) -> dict[str, tuple[str, ...]] | None:
    """Which cards of a deck file give which away, from its cache entry if the entry is fresh
    (the file, the sources it quotes and the loader unchanged since it was written), so that
    `quiz check` need not work it out again; None otherwise. Nothing is written."""
    signature = _signature(path)
    cached = _fresh_entry(path, cache_dir, signature) if signature else None
    return cached[0].stored_relation() if cached is not None else None


def _fresh_entry(path: Path, cache_dir: Path,
                 signature: tuple) -> tuple[DeckEntry, list[Problem]] | None:
    """A deck file's cache entry, if it has one that is fresh (`_from_cache`)."""
    try:
        return _from_cache(_cache_file(cache_dir, signature).read_bytes(), signature, str(path))
    except Exception:  # noqa: BLE001 - any unreadable entry is only a missing one
        return None


class _UsedSources(dict):
    """The sources read during one load, shared by its decks, noting which one deck uses."""

    def __init__(self, shared: dict[Path, SourceText | str]) -> None:
        super().__init__()
        self.shared = shared
        self.used: set[Path] = set()

    def __contains__(self, key: object) -> bool:
        self.used.add(key)  # type: ignore[arg-type]
        return key in self.shared

    def __getitem__(self, key: Path) -> SourceText | str:
        self.used.add(key)
        return self.shared[key]

    def __setitem__(self, key: Path, value: SourceText | str) -> None:
        self.used.add(key)
        self.shared[key] = value


def _read_one(path: Path, cache_dir: Path,
              sources: dict[Path, SourceText | str]) -> tuple[DeckEntry | None, list[Problem]]:
    signature = _signature(path)
    if signature:
        cached = _fresh_entry(path, cache_dir, signature)
        if cached is not None:
            return cached
    from quiz.decks.reader import read_deck

    used = _UsedSources(sources)
    deck, problems = read_deck(path, ground=True, sources=used)
    entry = DeckEntry.from_deck(deck) if deck else None
    if signature and entry and not any(p.message.startswith("cannot read file")
                                       for p in problems):
        stamps = tuple(_source_stamp(str(source)) for source in sorted(used.used))
        _write(_cache_file(cache_dir, signature), entry.to_bytes(signature, stamps, problems))
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
    sources: dict[Path, SourceText | str] = {}
    for path in files:
        entry, deck_problems = _read_one(path, cache_dir, sources)
        problems.extend(deck_problems)
        if entry is None:
            continue
        if entry.slug in slugs:
            named = dict(zip(_DECK_FIELDS, entry._header))
            first = slugs[entry.slug]
            first_line = dict(zip(_DECK_FIELDS, first._header))["line"]
            problems.append(duplicate_slug(entry.slug, str(path), named["line"], named["column"],
                                           str(first.path), first_line))
            continue
        slugs[entry.slug] = entry
        entries.append(entry)
    return entries, problems
