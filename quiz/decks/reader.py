"""YAML deck files → `Deck` objects, with every problem located at file:line:col.

`quiz.decks.yamltree` turns the text into positioned nodes (every scalar the string the author
wrote, no tag constructing anything, limits enforced); this module checks that tree
against deck format v1 and builds the frozen model.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from quiz.core.errors import did_you_mean
from quiz.core.model import (
    CHOICE_LETTERS,
    CLOZE_RE,
    IMPORT_PREFIX,
    SLUG_RE,
    Card,
    CardType,
    Deck,
    Spot,
    cloze_parts,
)
from quiz.decks.grounding import SourceText, answer_in_quote, squash
from quiz.decks.problems import Problem, Severity, duplicate_slug, line_col
from quiz.decks.yamltree import (
    Mapping,
    Node,
    Scalar,
    Sequence,
    TreeError,
    compose,
    gc_paused,
    position,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_SOURCE_BYTES = 50 * 1024 * 1024
MAX_CHOICES = len(CHOICE_LETTERS)
SEEDS_DIR = "seeds"   # sources may also be in this directory beside the deck's (../seeds)
OUTSIDE = (f"the deck file's directory and the {SEEDS_DIR}/ directory beside it (symbolic links "
           f"followed); a source must be in one of them")

_CORE = "tag:yaml.org,2002:"
# Explicit tags that still mean plain text or a plain collection; `!` is YAML's "no tag".
_PLAIN_TAGS = {None, "!"} | {_CORE + t for t in ("str", "int", "float", "bool", "null",
                                                   "timestamp", "seq", "map")}
# How a numeric answer or tolerance is written; `quiz draft` proposes only answers it accepts.
NUMBER_RE = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\Z")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")

DECK_KEYS = ("deck", "title", "name", "source", "as_of", "tags", "cards", "valid_until",
             "supersedes")
# A deck's `name` labels it where a title is too long (headers, lists): at most this many
# terminal cells, so 12 Chinese characters or 24 Latin ones.
MAX_NAME_CELLS = 24
COMMON_CARD_KEYS = ("id", "type", "quote", "explain", "tags", "source", "valid_until",
                    "supersedes", "lint")
TYPE_KEYS: dict[CardType, tuple[str, ...]] = {
    CardType.BASIC: ("q", "a", "accept", "order"),
    CardType.CLOZE: ("text", "order"),
    CardType.CHOICE: ("q", "choices", "a"),
    CardType.NUMERIC: ("q", "a", "accept", "unit", "tolerance"),
}
ORDERS = ("any",)   # `order: any`: listed items, or cloze gaps, may come in any order
REQUIRED_KEYS: dict[CardType, tuple[str, ...]] = {
    CardType.BASIC: ("q", "a"),
    CardType.CLOZE: ("text",),
    CardType.CHOICE: ("q", "choices", "a"),
    CardType.NUMERIC: ("q", "a"),
}
_ALL_CARD_KEYS = frozenset(COMMON_CARD_KEYS).union(*TYPE_KEYS.values())
_ALLOWED_CARD_KEYS = {kind: frozenset(COMMON_CARD_KEYS + keys) for kind, keys in TYPE_KEYS.items()}
_TYPES_BY_NAME = {kind.value: kind for kind in CardType}
# The members as plain names: looking one up on the enum class costs 0.3 µs, a lot per card.
_BASIC, _CLOZE, _CHOICE, _NUMERIC = CardType.BASIC, CardType.CLOZE, CardType.CHOICE, \
    CardType.NUMERIC
_LIST_KEYS = frozenset({"accept", "choices", "tags"})
# Card keys whose values are read (and their problems reported) by their own checks.
_CHECKED_ELSEWHERE = frozenset({"id", "type", "accept", "choices", "tags", "valid_until", "source",
                                "lint"})
# Card values whose place in the file `quiz.decks.lint` may point at.
_SPOT_KEYS = ("q", "text", "a", "quote")
_CHOICE_SPOT_KEYS = tuple(f"choices[{index}]" for index in range(MAX_CHOICES))

Entries = dict[str, tuple[Node, Node]]
Source = tuple[str, SourceText | None]


class _Abort(Exception):
    """Raised when a file cannot be read any further; its problem is already recorded."""


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


# How close a misspelt key, type, rule or choice must be to be suggested (options sorted).
_NEAR = 0.6


def _kind(node: Node) -> str:
    if type(node) is Mapping:
        return "a mapping"
    if type(node) is Sequence:
        return "a list"
    return "text"


class _DeckReader:
    """Reads one deck file's node tree, recording problems as it goes."""

    def __init__(self, path: Path, display: str, today: date | None,
                 sources: dict[Path, SourceText | str], ground: bool,
                 build_cards: bool = True) -> None:
        self.path = path
        self.display = display
        self.today = today
        self.sources = sources
        self.ground = ground
        self.build_cards = build_cards
        self.problems: list[Problem] = []
        self.error_count = 0
        self.cards_read = 0  # cards (mappings in 'cards'), with errors or not, built or not

    # -- reporting -----------------------------------------------------------

    def at(self, node: Node, message: str, severity: Severity = "error") -> None:
        line, column = position(node)
        self.report(line, column, message, severity)

    def report(self, line: int, column: int, message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(self.display, line, column, message, severity))
        if severity == "error":
            self.error_count += 1

    def fatal(self, line: int, column: int, message: str) -> _Abort:
        self.report(line, column, message)
        return _Abort()

    # -- reading the file ----------------------------------------------------

    def read_text(self) -> tuple[str, bytes]:
        """The file's text, and the same as UTF-8 bytes (without a byte order mark)."""
        try:
            data = _read_regular(self.path, MAX_BYTES)
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

    # -- typed accessors -----------------------------------------------------

    def tag_ok(self, node: Node, what: str) -> bool:
        tag = node.tag
        if tag in _PLAIN_TAGS:
            return True
        self.at(node, f"{what}: tag '{tag.replace(_CORE, '!!')}' is not allowed; deck files "
                      f"use plain YAML only")
        return False

    def mapping(self, node: Node, what: str,
                texts: dict[str, str] | None = None) -> Entries | None:
        """The entries by key, reporting bad and duplicate keys; `texts`, if given, also
        receives each value that is plain, non-blank text (nearly every value in a deck)."""
        if node.tag is not None and not self.tag_ok(node, what):
            return None
        if type(node) is not Mapping:
            self.at(node, f"{what} must be a mapping of keys to values, not {_kind(node)}")
            return None
        entries: Entries = {}
        items = iter(node.value)
        for pair in zip(items, items):
            key_node, value_node = pair
            if type(key_node) is Scalar and key_node.tag is None \
                    and key_node.value not in entries:
                entries[key_node.value] = pair
            elif not self.irregular_key(entries, pair, what):
                continue
            if texts is not None and type(value_node) is Scalar and value_node.tag is None:
                value = value_node.value
                if value and not value.isspace():
                    texts[key_node.value] = value
        return entries

    def irregular_key(self, entries: Entries, pair: tuple[Node, Node], what: str) -> bool:
        """A key that is not plain, unique text: add it if it is still usable, else report."""
        key_node = pair[0]
        if type(key_node) is not Scalar:
            self.at(key_node, f"keys in {what} must be plain text, not {_kind(key_node)}")
            return False
        key = key_node.value
        if not self.tag_ok(key_node, f"key '{key}'"):
            return False
        if key in entries:
            first = entries[key][0].start_mark.line + 1
            self.at(key_node, f"duplicate key '{key}' in {what} (first at line {first})")
            return False
        entries[key] = pair
        return True

    def text(self, node: Node, what: str) -> str | None:
        if type(node) is Scalar and node.tag is None:
            value = node.value
            if value and not value.isspace():
                return value
        if node.tag is not None and not self.tag_ok(node, what):
            return None
        if type(node) is not Scalar:
            hint = ""
            if type(node) is Mapping and node.value and type(node.value[0]) is Mapping:
                hint = "; put a value that starts with '{{' in quotes"
            self.at(node, f"{what} must be text, not {_kind(node)}{hint}")
            return None
        value = node.value
        if not value.strip():
            self.at(node, f"{what} is empty")
            return None
        return value

    def text_list(self, node: Node, what: str) -> tuple[str, ...] | None:
        if type(node) is Sequence and node.tag is None:
            values = tuple([item.value for item in node.value if type(item) is Scalar
                            and item.tag is None and item.value and not item.value.isspace()])
            if len(values) == len(node.value):
                return values
        if not self.tag_ok(node, what):
            return None
        if type(node) is not Sequence:
            self.at(node, f"{what} must be a list, not {_kind(node)}")
            return None
        items = [self.text(item, f"each entry of {what}") for item in node.value]
        if None in items:
            return None
        return tuple(items)  # type: ignore[arg-type]

    def date_text(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        try:
            if not _DATE_RE.match(value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            self.at(node, f"{what} must be a date written YYYY-MM-DD, not '{value}'")
            return None
        return value

    def unknown_keys(self, entries: Entries, allowed: frozenset[str] | tuple[str, ...],
                     what: str, elsewhere: frozenset[str] = frozenset()) -> None:
        for key, (key_node, _) in entries.items():
            if key in allowed:
                continue
            if key == "<<":
                self.at(key_node, "merge keys ('<<') are not supported; write the keys out")
            elif key in elsewhere:
                self.at(key_node, f"'{key}' is not used by {what}")
            else:
                near = did_you_mean(key, sorted(allowed), cutoff=_NEAR)
                self.at(key_node, f"unknown key '{key}' in {what}{near}")

    def source(self, node: Node, what: str) -> Source | None:
        """Resolve a `source` path relative to the deck file and read it once per run; a path
        that leads outside the deck's directory and ../seeds is refused unread."""
        value = self.text(node, what)
        if value is None:
            return None
        resolved = resolve_source(self.path, value)
        if resolved is None:
            self.at(node, f"source '{value}' cannot be resolved (a loop of symbolic links)")
            return None
        if not source_allowed(self.path, resolved):
            self.at(node, f"source '{value}' is outside {OUTSIDE}")
            return None
        if resolved not in self.sources:
            self.sources[resolved] = _read_source(resolved, value) if self.ground else ""
        loaded = self.sources[resolved]
        if isinstance(loaded, str) and loaded:
            self.at(node, loaded)
            return None
        return str(resolved), loaded if isinstance(loaded, SourceText) else None

    def expiry(self, node: Node, what: str) -> str | None:
        value = self.date_text(node, what)
        if value and self.today and date.fromisoformat(value) < self.today:
            self.at(node, f"{what}: the fact expired on {value}", "warning")
        return value

    # -- the deck ------------------------------------------------------------

    def read(self) -> Deck | None:
        try:
            root = self.compose(*self.read_text())
        except _Abort:
            return None
        top = self.mapping(root, "the deck file")
        if top is None:
            return None
        self.unknown_keys(top, DECK_KEYS, "a deck")
        slug = self.required_text(top, root, "deck", "the deck")
        if slug is not None and not SLUG_RE.match(slug):
            self.at(top["deck"][1], f"deck slug '{slug}' must be lowercase letters, digits and "
                                    f"'-', starting with a letter or digit")
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
        source = self.source(top["source"][1], "source") if "source" in top else None
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

    def required_text(self, entries: Entries, parent: Node, key: str, what: str) -> str | None:
        if key not in entries:
            self.at(parent, f"{what} has no '{key}'")
            return None
        return self.text(entries[key][1], f"'{key}'")

    def cards(self, top: Entries, root: Node, slug: str, source: Source | None,
              deck_tags: tuple[str, ...], valid_until: str | None) -> list[Card]:
        if "cards" not in top:
            self.at(root, "the deck has no 'cards'")
            return []
        node = top["cards"][1]
        if not self.tag_ok(node, "'cards'"):
            return []
        if type(node) is not Sequence:
            self.at(node, f"'cards' must be a list of cards, not {_kind(node)}")
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
        if not SLUG_RE.match(card_id):
            self.at(id_node, f"card id '{card_id}' must be lowercase letters, digits and '-', "
                             f"starting with a letter or digit")
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
            if type_text not in _TYPES_BY_NAME:
                near = did_you_mean(type_text, sorted(_TYPES_BY_NAME), cutoff=_NEAR)
                self.at(entries["type"][1], f"unknown card type '{type_text}'; use one of "
                                            f"{', '.join(_TYPES_BY_NAME)}{near}")
                return
            card_type = _TYPES_BY_NAME[type_text]

        allowed = _ALLOWED_CARD_KEYS[card_type]
        if not entries.keys() <= allowed:
            self.unknown_keys(entries, allowed, f"{card_type.value} cards", _ALL_CARD_KEYS)
        for key in REQUIRED_KEYS[card_type]:
            if key not in entries:
                self.at(node, f"{self.where(card_id)} ({card_type.value}) has no '{key}'")
        accept = self.list_of(entries, "accept") if "accept" in entries else ()
        choices = self.list_of(entries, "choices") if "choices" in entries else ()
        tags = self.list_of(entries, "tags") if "tags" in entries else ()
        lint_ignore = self.lint_ignore(entries["lint"][1]) if "lint" in entries else ()
        if len(texts) + len(entries.keys() & _LIST_KEYS) != len(entries):
            for key in entries.keys() - texts.keys() - _CHECKED_ELSEWHERE:  # not plain text
                if key in allowed:
                    self.text(entries[key][1], f"'{key}'")

        question = texts.get("text" if card_type is _CLOZE else "q")
        answer = texts.get("a", "")
        quote = texts.get("quote")
        tolerance = texts.get("tolerance")
        valid_until = self.expiry(entries["valid_until"][1], "valid_until") \
            if "valid_until" in entries else deck_valid_until
        source = self.source(entries["source"][1], "source") if "source" in entries \
            else deck_source

        gaps: tuple[str, ...] = ()
        if card_type is _CLOZE and question is not None:
            gaps = self.cloze_gaps(entries["text"][1], question)
            answer = " / ".join(gaps)
        elif card_type is _CHOICE and "choices" in entries:
            self.check_choices(entries, choices, answer)
        elif card_type is _NUMERIC:
            self.check_numeric(entries, answer, tolerance)
        order = texts.get("order")
        if order is not None and order not in ORDERS:
            self.at(entries["order"][1], f"order '{order}' is not known; write 'order: any' for "
                                         f"items that may come in any order, or leave it out")

        if source is not None:
            if "quote" not in entries:
                self.at(node, f"{self.where(card_id)} has no 'quote', which cards with a "
                              f"source need")
            elif quote is not None and source[1] is not None:
                self.check_grounding(entries, source[1], quote, card_type, answer, accept, gaps)

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
                near = did_you_mean(name, sorted(RULES), cutoff=_NEAR)
                self.at(item, f"unknown lint rule '{name}'; the rules are "
                              f"{', '.join(RULES)}{near}")
        return tuple(dict.fromkeys(names))

    def list_of(self, entries: Entries, key: str) -> tuple[str, ...]:
        return self.text_list(entries[key][1], f"'{key}'") or ()

    @staticmethod
    def where(card_id: str | None) -> str:
        return f"card '{card_id}'" if card_id else "the card"

    def cloze_gaps(self, node: Node, text: str) -> tuple[str, ...]:
        gaps = tuple([answer for answer, _ in cloze_parts(text)])
        if not gaps:
            self.at(node, "cloze text has no gap; mark each gap as {{answer}}")
        elif "" in gaps:
            self.at(node, "cloze text has an empty gap {{}}")
        else:
            rest = CLOZE_RE.sub("", text)
            if "{{" in rest or "}}" in rest:
                self.at(node, "cloze text has an unbalanced '{{' or '}}'")
        return gaps

    def check_choices(self, entries: Entries, choices: tuple[str, ...], answer: str) -> None:
        node = entries["choices"][1]
        if type(node) is not Sequence or node.tag not in _PLAIN_TAGS:
            return
        if not node.value:
            self.at(node, "'choices' is empty")
            return
        if not choices:
            return
        if not 2 <= len(choices) <= MAX_CHOICES:
            self.at(node, f"'choices' needs 2 to {MAX_CHOICES} options, not {len(choices)}")
        seen: set[str] = set()
        for item, choice in zip(node.value, choices):
            if choice in seen:
                self.at(item, f"choice '{choice}' is listed twice")
            seen.add(choice)
        if answer and answer not in choices:
            self.at(entries["a"][1], f"answer '{answer}' is not one of the choices"
                                     f"{did_you_mean(answer, sorted(choices), cutoff=_NEAR)}")

    def check_numeric(self, entries: Entries, answer: str, tolerance: str | None) -> None:
        if answer and not NUMBER_RE.match(answer):
            self.at(entries["a"][1], f"numeric answer '{answer}' is not a number; put the unit "
                                     f"in 'unit' (e.g. a: 29.4, unit: 万亿元)")
        if tolerance is not None and (not NUMBER_RE.match(tolerance) or tolerance.startswith("-")):
            self.at(entries["tolerance"][1], f"tolerance '{tolerance}' must be a number "
                                             f"of zero or more")

    def check_grounding(self, entries: Entries, source: SourceText, quote: str,
                        card_type: CardType, answer: str, accept: tuple[str, ...],
                        gaps: tuple[str, ...]) -> None:
        quote = squash(quote)  # once, rather than in every look-up below
        if not source.contains_squashed(quote):
            self.at(entries["quote"][1], "quote does not occur in the source (whitespace ignored)")
            return
        if card_type is _CLOZE:
            for gap in gaps:
                if gap and not answer_in_quote(gap, quote):
                    self.at(entries["text"][1], f"cloze gap '{gap}' does not occur in the quote")
            return
        if not answer:
            return
        if squash(answer) in quote \
                or any(answer_in_quote(candidate, quote) for candidate in (answer, *accept)):
            return
        also = " nor does any 'accept' entry" if accept else ""
        self.at(entries["a"][1], f"answer '{answer}' does not occur in the quote{also}")


def source_roots(deck_path: Path) -> tuple[Path, Path]:
    """Where a deck file's sources may be: its directory (and below) and `seeds/` beside that
    directory, where the bundled decks keep their articles (`source: ../seeds/…`).

    The deck's directory is taken with its symbolic links resolved, `seeds` itself is not: a
    `seeds` link pointing elsewhere would make anywhere a source.
    """
    directory = deck_path.parent.resolve()
    return directory, directory.parent / SEEDS_DIR


def resolve_source(deck_path: Path, written: str | Path) -> Path | None:
    """A `source` as a deck file names it, relative to the file, symbolic links resolved;
    None if it cannot be (a loop of links)."""
    try:
        return (deck_path.parent / written).resolve()
    except (OSError, RuntimeError):   # RuntimeError: a loop of links, before Python 3.13
        return None


def source_allowed(deck_path: Path, resolved: Path) -> bool:
    """Whether a resolved source lies in the deck's `source_roots`. Nothing else is ever read,
    so a hostile deck checked in CI learns nothing about files elsewhere (such as whether a
    guessed quote occurs in /etc/shadow)."""
    return any(resolved.is_relative_to(root) for root in source_roots(deck_path))


def check_source_place(deck_path: Path, source: Path) -> str | None:
    """Why a deck written to `deck_path` could not use `source`, or None if it could; for the
    commands that write a deck's `source` (`quiz new`, `quiz draft -o`)."""
    resolved = resolve_source(deck_path, source.absolute())
    if resolved is not None and source_allowed(deck_path, resolved):
        return None
    return (f"the article {source} is outside {deck_path.parent}/ and the {SEEDS_DIR}/ "
            f"directory beside it, where a deck's source must be; copy it there first")


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


def _read_regular(path: Path, limit: int) -> bytes | None:
    """At most limit + 1 bytes of a regular file, or None for a FIFO or device (which could
    block or never end); opened non-blocking, so a FIFO cannot stall the open itself."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None
        return handle.read(min(status.st_size, limit) + 1)


def _read_source(path: Path, written: str) -> SourceText | str:
    """The source article, or the message saying why it cannot be used."""
    try:
        data = _read_regular(path, MAX_SOURCE_BYTES)
    except FileNotFoundError:
        return f"source file not found: {written}"
    except IsADirectoryError:
        return f"source is a directory, not a file: {written}"
    except OSError as exc:
        return f"cannot read source {written}: {exc.strerror or exc}"
    if data is None:
        return f"source is not a regular file: {written}"
    if len(data) > MAX_SOURCE_BYTES:
        return f"source is larger than {MAX_SOURCE_BYTES // 2**20} MiB: {written}"
    try:
        return SourceText(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return f"source file is not valid UTF-8: {written}"


def read_deck(path: Path, *, display: str | None = None, today: date | None = None,
              ground: bool = True,
              sources: dict[Path, SourceText | str] | None = None) -> tuple[Deck | None, list[Problem]]:
    """Load one deck file; returns the deck (None if unreadable) and its problems."""
    deck, problems, _ = _read(path, display or str(path), today, ground,
                              sources if sources is not None else {}, build_cards=True)
    return deck, problems


def _read(path: Path, display: str, today: date | None, ground: bool,
          sources: dict[Path, SourceText | str],
          build_cards: bool) -> tuple[Deck | None, list[Problem], int]:
    """One deck file read: the deck, its problems and how many cards it holds."""
    reader = _DeckReader(path, display, today, sources, ground, build_cards)
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
