"""YAML deck files → `Deck` objects, with every problem located at file:line:col.

`quiz.decks.yamltree` turns the text into positioned nodes (every scalar the string the author
wrote, no tag constructing anything, limits enforced); this module checks that tree
against deck format v1 and builds the frozen model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from quiz.core import files
from quiz.core.errors import UsageError, did_you_mean
from quiz.core.model import IMPORT_PREFIX, Card, CardType, Deck, Spot, slug_problem
from quiz.decks.grounding import Source, SourceText, check_grounding, load_source
from quiz.decks.nodes import NEAR, Abort, Entries, NodeReader, kind_of
from quiz.decks.problems import Problem, duplicate_slug, line_col
from quiz.decks.schema import (
    ALL_CARD_KEYS,
    ALLOWED_CARD_KEYS,
    CHECKED_ELSEWHERE,
    DECK_KEYS,
    LIST_KEYS,
    MAX_CHOICES,
    MAX_NAME_CELLS,
    ORDERS,
    REQUIRED_KEYS,
    TYPES_BY_NAME,
    check_choices,
    check_numeric,
    cloze_gaps,
)
from quiz.decks.yamltree import Node, Scalar, Sequence, TreeError, compose, gc_paused, position

MAX_BYTES = 5 * 1024 * 1024
# The members as plain names: looking one up on the enum class costs 0.3 µs, a lot per card.
_BASIC, _CLOZE, _CHOICE, _NUMERIC = CardType.BASIC, CardType.CLOZE, CardType.CHOICE, \
    CardType.NUMERIC
# Card values whose place in the file `quiz.decks.lint` may point at.
_SPOT_KEYS = ("q", "text", "a", "quote")
_CHOICE_SPOT_KEYS = tuple(f"choices[{index}]" for index in range(MAX_CHOICES))


@dataclass
class LoadResult:
    """The decks that loaded, how many cards the files hold and every problem found on the way.

    `cards_read` counts every card read in every file, with errors or not, in a deck that
    loaded or not: what `quiz check` reports having checked.
    """

    decks: list[Deck] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cards_read: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def broken_paths(self) -> set[str]:
        """Files with at least one error."""
        return {p.path for p in self.errors}


class DeckReader(NodeReader):
    """Reads one deck file's node tree into a `Deck`, recording problems as it goes."""

    def __init__(self, path: Path, display: str, today: date | None,
                 sources: dict[Path, SourceText | str], ground: bool,
                 build_cards: bool = True) -> None:
        super().__init__(display)
        self.path = path
        self.today = today
        self.sources = sources
        self.ground = ground
        self.build_cards = build_cards
        self.cards_read = 0  # cards (mappings in 'cards'), with errors or not, built or not

    # -- reading the file ----------------------------------------------------

    def read_text(self) -> tuple[str, bytes]:
        """The file's text, and the same as UTF-8 bytes (without a byte order mark)."""
        try:
            data = files.read_regular(self.path, MAX_BYTES)
        except OSError as exc:
            raise self.fatal(1, 1, f"cannot read file: {exc.strerror or exc}") from None
        if data is None:
            raise self.fatal(1, 1, "not a regular file")
        if len(data) > MAX_BYTES:
            raise self.fatal(1, 1, f"file is larger than {MAX_BYTES // 2**20} MiB, the limit "
                                   f"for deck files")
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            return data.decode("utf-8"), data
        except UnicodeDecodeError as exc:
            head = data[:exc.start].decode("utf-8")
            line, column = line_col(head, len(head))
            raise self.fatal(line, column, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}"
                                           f"); save it as UTF-8") from None

    def compose(self, text: str, encoded: bytes) -> Node:
        try:
            root = compose(text, encoded)
        except TreeError as exc:
            raise self.fatal(exc.line, exc.column, exc.message) from None
        if root is None:
            raise self.fatal(1, 1, "file is empty; a deck needs 'deck', 'title' and 'cards'")
        return root

    def expiry(self, node: Node, what: str) -> str | None:
        value = self.date_text(node, what)
        if value and self.today and date.fromisoformat(value) < self.today:
            self.at(node, f"{what}: the fact expired on {value}", "warning")
        return value

    # -- the deck ------------------------------------------------------------

    def read(self) -> Deck | None:
        try:
            root = self.compose(*self.read_text())
        except Abort:
            return None
        top = self.mapping(root, "the deck file")
        if top is None:
            return None
        self.unknown_keys(top, DECK_KEYS, "a deck")
        slug = self.required_text(top, root, "deck", "the deck")
        problem = slug_problem("deck slug", slug) if slug is not None else None
        if problem is not None:
            self.at(top["deck"][1], problem)
            slug = None
        elif slug is not None and slug.startswith(IMPORT_PREFIX):
            self.at(top["deck"][1], f"deck slug '{slug}' is reserved: '{IMPORT_PREFIX}…' decks "
                                    f"hold imported review logs")
            slug = None
        elif slug is not None and slug != self.path.stem:
            self.at(top["deck"][1], f"deck slug '{slug}' differs from the file name "
                                    f"'{self.path.name}'", "warning")
        title = self.required_text(top, root, "title", "the deck")
        name = self.deck_name(top["name"][1]) if "name" in top else None
        source = load_source(self, top["source"][1], "source", self.path, self.sources,
                             self.ground) if "source" in top else None
        as_of = self.date_text(top["as_of"][1], "as_of") if "as_of" in top else None
        tags = self.text_list(top["tags"][1], "tags") if "tags" in top else ()
        valid_until = self.expiry(top["valid_until"][1], "valid_until") \
            if "valid_until" in top else None
        supersedes = self.text(top["supersedes"][1], "supersedes") if "supersedes" in top else None
        cards = self.cards(top, root, slug or "", source, tags or (), valid_until)
        if slug is None or title is None:
            return None
        deck_line, deck_column = position(top["deck"][1])
        return Deck(slug=slug, title=title, path=self.path, cards=tuple(cards),
                    source=source[0] if source else None, as_of=as_of, tags=tags or (),
                    valid_until=valid_until, supersedes=supersedes, line=deck_line,
                    column=deck_column, name=name)

    def deck_name(self, node: Node) -> str | None:
        """The deck's short label: text of at most MAX_NAME_CELLS terminal cells."""
        value = self.text(node, "name")
        if value is None:
            return None
        from rich.cells import cell_len  # only decks with a name pay for the import

        width = cell_len(value)
        if width > MAX_NAME_CELLS or "\n" in value:
            self.at(node, f"name '{value}' is {width} cells wide; a name is one line of at "
                          f"most {MAX_NAME_CELLS} cells (12 Chinese characters), the title "
                          f"holds the rest")
            return None
        return value

    def cards(self, top: Entries, root: Node, slug: str, source: Source | None,
              deck_tags: tuple[str, ...], valid_until: str | None) -> list[Card]:
        if "cards" not in top:
            self.at(root, "the deck has no 'cards'")
            return []
        node = top["cards"][1]
        if not self.tag_ok(node, "'cards'"):
            return []
        if type(node) is not Sequence:
            self.at(node, f"'cards' must be a list of cards, not {kind_of(node)}")
            return []
        if not node.value:
            self.at(node, "'cards' is empty; a deck needs at least one card")
            return []
        cards: list[Card] = []
        id_lines: dict[str, int] = {}
        for card_node in node.value:
            self.card(card_node, slug, source, deck_tags, valid_until, id_lines, cards)
        return cards

    def card_id(self, entries: Entries, texts: dict[str, str], node: Node,
                id_lines: dict[str, int]) -> str | None:
        """The card's id, checked as a slug and against the ids before it."""
        if "id" not in entries:
            self.at(node, "the card has no 'id'")
            return None
        id_node = entries["id"][1]
        card_id = texts.get("id") or self.text(id_node, "'id'")
        if card_id is None:
            return None
        problem = slug_problem("card id", card_id)
        if problem is not None:
            self.at(id_node, problem)
        line = id_node.start_mark.line + 1
        if card_id in id_lines:
            self.at(id_node, f"duplicate card id '{card_id}': lines {id_lines[card_id]} and "
                             f"{line}")
        else:
            id_lines[card_id] = line
        return card_id

    def card(self, node: Node, slug: str, deck_source: Source | None,
             deck_tags: tuple[str, ...], deck_valid_until: str | None,
             id_lines: dict[str, int], cards: list[Card]) -> None:
        """Check one card, count it, and add it to `cards` if it has no error and they are built."""
        texts: dict[str, str] = {}
        entries = self.mapping(node, "a card", texts)
        if entries is None:
            return
        self.cards_read += 1
        errors_before = self.error_count
        card_id = self.card_id(entries, texts, node, id_lines)

        card_type = _BASIC
        if "type" in entries:
            type_text = texts.get("type") or self.text(entries["type"][1], "type")
            if type_text is None:
                return
            if type_text not in TYPES_BY_NAME:
                near = did_you_mean(type_text, sorted(TYPES_BY_NAME), cutoff=NEAR)
                self.at(entries["type"][1], f"unknown card type '{type_text}'; use one of "
                                            f"{', '.join(TYPES_BY_NAME)}{near}")
                return
            card_type = TYPES_BY_NAME[type_text]

        allowed = ALLOWED_CARD_KEYS[card_type]
        if not entries.keys() <= allowed:
            self.unknown_keys(entries, allowed, f"{card_type.value} cards", ALL_CARD_KEYS)
        for key in REQUIRED_KEYS[card_type]:
            if key not in entries:
                self.at(node, f"{self.where(card_id)} ({card_type.value}) has no '{key}'")
        accept = self.list_of(entries, "accept") if "accept" in entries else ()
        choices = self.list_of(entries, "choices") if "choices" in entries else ()
        tags = self.list_of(entries, "tags") if "tags" in entries else ()
        lint_ignore = self.lint_ignore(entries["lint"][1]) if "lint" in entries else ()
        if len(texts) + len(entries.keys() & LIST_KEYS) != len(entries):
            for key in entries.keys() - texts.keys() - CHECKED_ELSEWHERE:  # not plain text
                if key in allowed:
                    self.text(entries[key][1], f"'{key}'")

        question = texts.get("text" if card_type is _CLOZE else "q")
        answer = texts.get("a", "")
        quote = texts.get("quote")
        tolerance = texts.get("tolerance")
        valid_until = self.expiry(entries["valid_until"][1], "valid_until") \
            if "valid_until" in entries else deck_valid_until
        source = load_source(self, entries["source"][1], "source", self.path,
                             self.sources, self.ground) if "source" in entries \
            else deck_source

        gaps: tuple[str, ...] = ()
        if card_type is _CLOZE and question is not None:
            gaps = cloze_gaps(self, entries["text"][1], question)
            answer = " / ".join(gaps)
        elif card_type is _CHOICE and "choices" in entries:
            check_choices(self, entries, choices, answer)
        elif card_type is _NUMERIC:
            check_numeric(self, entries, answer, tolerance)
        order = texts.get("order")
        if order is not None and order not in ORDERS:
            self.at(entries["order"][1], f"order '{order}' is not known; write 'order: any' for "
                                         f"items that may come in any order, or leave it out")

        if source is not None:
            if "quote" not in entries:
                self.at(node, f"{self.where(card_id)} has no 'quote', which cards with a "
                              f"source need")
            elif quote is not None and source[1] is not None:
                check_grounding(self, entries, source[1], quote, card_type, answer, accept, gaps)

        if card_id is None or question is None or self.error_count > errors_before:
            return
        if self.build_cards:
            cards.append(Card(
                deck=slug, id=card_id, type=card_type, prompt=question, answer=answer,
                gaps=gaps, accept=accept, choices=choices, unit=texts.get("unit"),
                tolerance=tolerance, quote=quote, explain=texts.get("explain"),
                tags=tuple(dict.fromkeys(deck_tags + tags)) if tags else deck_tags,
                source=source[0] if source else None, valid_until=valid_until,
                supersedes=texts.get("supersedes"), any_order=order == "any",
                line=node.start_mark.line + 1,
                lint_ignore=lint_ignore, spots=_spots(entries)))

    def lint_ignore(self, node: Node) -> tuple[str, ...]:
        """The lint rules a card silences on purpose: `lint: {ignore: [rule, …]}`."""
        entries = self.mapping(node, "'lint'")
        if entries is None:
            return ()
        self.unknown_keys(entries, ("ignore",), "'lint'")
        if "ignore" not in entries:
            self.at(node, "'lint' has no 'ignore' (a list of rule names)")
            return ()
        names = self.text_list(entries["ignore"][1], "'ignore'")
        if not names:
            return ()
        from quiz.decks.lint import RULES  # only cards that silence a rule need the rule names

        for item, name in zip(entries["ignore"][1].value, names):
            if name not in RULES:
                near = did_you_mean(name, sorted(RULES), cutoff=NEAR)
                self.at(item, f"unknown lint rule '{name}'; the rules are "
                              f"{', '.join(RULES)}{near}")
        return tuple(dict.fromkeys(names))

    @staticmethod
    def where(card_id: str | None) -> str:
        return f"card '{card_id}'" if card_id else "the card"

def _spot(key: str, node: Node) -> Spot:
    """Where a value stands; for text on one line as it reads, the column of its first character."""
    start = node.start_mark
    line, column = start.line + 1, start.column + 1
    if type(node) is Scalar:
        end = node.end_mark
        if end.line + 1 == line:
            extra = end.column + 1 - column - len(node.value)   # 0 plain, 2 quoted, more escaped
            if extra == 0:
                return key, line, column, True
            if extra == 2 and node.style in ("'", '"'):
                return key, line, column + 1, True
    return key, line, column, False


def _spots(entries: Entries) -> tuple[Spot, ...]:
    """The positions `quiz.decks.lint` reports at: the card's texts and each of its choices."""
    spots = [_spot(key, entries[key][1]) for key in _SPOT_KEYS if key in entries]
    choices = entries.get("choices")
    if choices is not None and type(choices[1]) is Sequence:
        spots.append(_spot("choices", choices[1]))
        spots += map(_spot, _CHOICE_SPOT_KEYS, choices[1].value)
    return tuple(spots)


def read_deck(path: Path, *, display: str | None = None, today: date | None = None,
              ground: bool = True, sources: dict[Path, SourceText | str] | None = None,
              ) -> tuple[Deck | None, list[Problem]]:
    """Load one deck file; returns the deck (None if unreadable) and its problems."""
    deck, problems, _ = _read(path, display or str(path), today, ground,
                              sources if sources is not None else {}, build_cards=True)
    return deck, problems


def _read(path: Path, display: str, today: date | None, ground: bool,
          sources: dict[Path, SourceText | str],
          build_cards: bool) -> tuple[Deck | None, list[Problem], int]:
    """One deck file read: the deck, its problems and how many cards it holds."""
    reader = DeckReader(path, display, today, sources, ground, build_cards)
    with gc_paused():
        deck = reader.read()
    return deck, sorted(reader.problems), reader.cards_read


def load_decks(files: Iterable[Path], *, today: date | None = None, ground: bool = True,
               progress: Callable[[Path], object] | None = None,
               build_cards: bool = True) -> LoadResult:
    """Load many deck files; checks slugs are unique across them all.

    `progress`, if given, is called with each file as it is read (for a progress bar).
    With `build_cards` False every card is checked as usual but no `Card` is made: each deck
    comes with no cards, and `cards_read` says how many the files hold. Making the frozen
    cards is a third of checking them, a cost `quiz check` need not pay to count them.
    """
    result = LoadResult()
    sources: dict[Path, SourceText | str] = {}
    slugs: dict[str, Deck] = {}
    for path in files:
        if progress is not None:
            progress(path)
        deck, problems, cards_read = _read(path, str(path), today, ground, sources, build_cards)
        result.problems.extend(problems)
        result.cards_read += cards_read
        if deck is None:
            continue
        if deck.slug in slugs:
            first = slugs[deck.slug]
            result.problems.append(duplicate_slug(deck.slug, str(path), deck.line, deck.column,
                                                  str(first.path), first.line))
            continue
        slugs[deck.slug] = deck
        result.decks.append(deck)
    return result


def select_cards(decks: Iterable[Deck], spec: str) -> tuple[Deck, tuple[Card, ...]]:
    """The deck named by `DECK` or the one card named by `DECK/ID`; unknown names are usage
    errors."""
    slug, _, card_id = spec.partition("/")
    by_slug = {deck.slug: deck for deck in decks}
    if slug not in by_slug:
        raise UsageError(f"no deck '{slug}'{did_you_mean(slug, by_slug, cutoff=0.5)}")
    deck = by_slug[slug]
    if not card_id:
        return deck, deck.cards
    for card in deck.cards:
        if card.id == card_id:
            return deck, (card,)
    raise UsageError(f"no card '{card_id}' in deck '{slug}'"
                     f"{did_you_mean(card_id, (c.id for c in deck.cards), cutoff=0.5)}")
