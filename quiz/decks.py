"""YAML deck files → `Deck` objects, with every problem located at file:line:col.

PyYAML's composer gives us the node tree with positions; we read the nodes
ourselves instead of constructing Python objects, so that every scalar stays
the string the author wrote (`NO`, `1e3`, `2025-01-08`), duplicate keys are
caught, and no tag can ever construct an object.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from .grounding import SourceText, answer_in_quote
from .model import CLOZE_RE, SLUG_RE, Card, CardType, Deck, cloze_parts
from .problems import Problem, line_col

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_BYTES = 5 * 1024 * 1024
MAX_ALIASES = 100
MAX_EXPANDED_NODES = 1_000_000
MAX_CHOICES = 6
DECK_SUFFIXES = (".yaml", ".yml")

_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_NUMBER_RE = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\Z")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")

DECK_KEYS = ("deck", "title", "source", "as_of", "tags", "cards", "valid_until", "supersedes")
COMMON_CARD_KEYS = ("id", "type", "quote", "explain", "tags", "source", "valid_until",
                    "supersedes")
TYPE_KEYS: dict[CardType, tuple[str, ...]] = {
    CardType.BASIC: ("q", "a", "accept"),
    CardType.CLOZE: ("text",),
    CardType.CHOICE: ("q", "choices", "a"),
    CardType.NUMERIC: ("q", "a", "accept", "unit", "tolerance"),
}
REQUIRED_KEYS: dict[CardType, tuple[str, ...]] = {
    CardType.BASIC: ("q", "a"),
    CardType.CLOZE: ("text",),
    CardType.CHOICE: ("q", "choices", "a"),
    CardType.NUMERIC: ("q", "a"),
}
_ALL_CARD_KEYS = sorted(set(COMMON_CARD_KEYS).union(*TYPE_KEYS.values()))


class _Abort(Exception):
    """Raised when a file cannot be read any further; its problem is already recorded."""


@dataclass
class LoadResult:
    """The decks that loaded and every problem found on the way."""

    decks: list[Deck] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def broken_paths(self) -> set[str]:
        """Files with at least one error."""
        return {p.path for p in self.errors}


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "text"


class _DeckReader:
    """Reads one deck file's node tree, recording problems as it goes."""

    def __init__(self, path: Path, display: str, today: date | None,
                 sources: dict[Path, SourceText | str], ground: bool) -> None:
        self.path = path
        self.display = display
        self.today = today
        self.sources = sources
        self.ground = ground
        self.problems: list[Problem] = []

    # -- reporting -----------------------------------------------------------

    def at(self, node: yaml.Node | None, message: str, severity: str = "error") -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.problems.append(Problem(self.display, line, column, message, severity))  # type: ignore[arg-type]

    def fatal(self, line: int, column: int, message: str) -> _Abort:
        self.problems.append(Problem(self.display, line, column, message))
        return _Abort()

    # -- reading the file ----------------------------------------------------

    def read_text(self) -> str:
        try:
            size = self.path.stat().st_size
            if size > MAX_BYTES:
                raise self.fatal(1, 1, f"file is {size / 2**20:.1f} MiB; deck files are limited "
                                       f"to {MAX_BYTES // 2**20} MiB")
            data = self.path.read_bytes()
        except OSError as exc:
            raise self.fatal(1, 1, f"cannot read file: {exc.strerror or exc}") from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            line_start = data.rfind(b"\n", 0, exc.start) + 1
            column = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
            raise self.fatal(line, column, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}"
                                           f"); save it as UTF-8") from None

    def compose(self, text: str) -> yaml.Node:
        try:
            root = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise self.fatal(line, column, f"YAML syntax: {message}") from None
        except yaml.reader.ReaderError as exc:
            line, column = line_col(text, exc.position)
            raise self.fatal(line, column, f"character U+{exc.character:04X} is not allowed "
                                           f"in YAML ({exc.reason})") from None
        except yaml.YAMLError as exc:
            raise self.fatal(1, 1, f"YAML: {exc}") from None
        if root is None:
            raise self.fatal(1, 1, "file is empty; a deck needs 'deck', 'title' and 'cards'")
        if "*" in text:
            self.check_aliases(root)
        return root

    def check_aliases(self, root: yaml.Node) -> None:
        """Refuse alias bombs and recursive aliases before anything walks the tree."""
        sizes: dict[int, int] = {}
        aliases = 0

        def size(node: yaml.Node, stack: set[int]) -> int:
            nonlocal aliases
            key = id(node)
            if key in stack:
                raise self.fatal(node.start_mark.line + 1, node.start_mark.column + 1,
                                 "recursive alias: a node may not contain itself")
            if key in sizes:
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise self.fatal(1, 1, f"more than {MAX_ALIASES} aliases; aliases are "
                                           f"limited in deck files")
                return sizes[key]
            total = 1
            if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
                stack.add(key)
                children = (c for pair in node.value for c in pair) \
                    if isinstance(node, yaml.MappingNode) else node.value
                for child in children:
                    total += size(child, stack)
                    if total > MAX_EXPANDED_NODES:
                        raise self.fatal(1, 1, f"aliases expand to more than "
                                               f"{MAX_EXPANDED_NODES:,} nodes; refused")
                stack.discard(key)
            sizes[key] = total
            return total

        size(root, set())

    # -- typed accessors -----------------------------------------------------

    def tag_ok(self, node: yaml.Node, what: str) -> bool:
        tag = node.tag
        if tag in _PLAIN_TAGS or tag in (_CORE + "seq", _CORE + "map"):
            return True
        self.at(node, f"{what}: tag '{tag.replace(_CORE, '!!')}' is not allowed; deck files "
                      f"use plain YAML only")
        return False

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.at(node, f"{what} must be a mapping of keys to values, not {_kind(node)}")
            return None
        if not self.tag_ok(node, what):
            return None
        entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.at(key_node, f"keys in {what} must be plain text, not {_kind(key_node)}")
                continue
            if not self.tag_ok(key_node, "key"):
                continue
            key = key_node.value
            if key in entries:
                first = entries[key][0].start_mark.line + 1
                self.at(key_node, f"duplicate key '{key}' in {what} (first at line {first})")
                continue
            entries[key] = (key_node, value_node)
        return entries

    def text(self, node: yaml.Node, what: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.at(node, f"{what} must be text, not {_kind(node)}")
            return None
        if not self.tag_ok(node, what):
            return None
        value = node.value
        if not value.strip():
            self.at(node, f"{what} is empty")
            return None
        return value

    def text_list(self, node: yaml.Node, what: str) -> tuple[str, ...] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.at(node, f"{what} must be a list, not {_kind(node)}")
            return None
        if not self.tag_ok(node, what):
            return None
        items = [self.text(item, f"each entry of {what}") for item in node.value]
        if any(item is None for item in items):
            return None
        return tuple(item for item in items if item is not None)

    def date_text(self, node: yaml.Node, what: str) -> str | None:
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

    def unknown_keys(self, entries: dict[str, tuple[yaml.Node, yaml.Node]],
                     allowed: Iterable[str], what: str, elsewhere: Iterable[str] = ()) -> None:
        allowed = tuple(allowed)
        for key, (key_node, _) in entries.items():
            if key in allowed:
                continue
            if key in elsewhere:
                self.at(key_node, f"'{key}' is not used by {what}")
            else:
                self.at(key_node, f"unknown key '{key}' in {what}{_did_you_mean(key, allowed)}")

    def source(self, node: yaml.Node, what: str) -> tuple[str, SourceText | None] | None:
        """Resolve a `source` path relative to the deck file and read it once per run."""
        value = self.text(node, what)
        if value is None:
            return None
        resolved = (self.path.parent / value).resolve()
        if resolved not in self.sources:
            try:
                self.sources[resolved] = SourceText.read(resolved) if self.ground else ""
            except FileNotFoundError:
                self.sources[resolved] = f"source file not found: {value}"
            except IsADirectoryError:
                self.sources[resolved] = f"source is a directory, not a file: {value}"
            except UnicodeDecodeError:
                self.sources[resolved] = f"source file is not valid UTF-8: {value}"
            except OSError as exc:
                self.sources[resolved] = f"cannot read source {value}: {exc.strerror or exc}"
        loaded = self.sources[resolved]
        if isinstance(loaded, str) and loaded:
            self.at(node, loaded)
            return None
        return str(resolved), loaded if isinstance(loaded, SourceText) else None

    def expiry(self, node: yaml.Node, what: str) -> str | None:
        value = self.date_text(node, what)
        if value and self.today and date.fromisoformat(value) < self.today:
            self.at(node, f"{what}: the fact expired on {value}", "warning")
        return value

    # -- the deck ------------------------------------------------------------

    def read(self) -> Deck | None:
        try:
            root = self.compose(self.read_text())
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
        elif slug is not None and slug != self.path.stem:
            self.at(top["deck"][1], f"deck slug '{slug}' differs from the file name "
                                    f"'{self.path.name}'", "warning")
        title = self.required_text(top, root, "title", "the deck")
        source = self.source(top["source"][1], "source") if "source" in top else None
        as_of = self.date_text(top["as_of"][1], "as_of") if "as_of" in top else None
        tags = self.text_list(top["tags"][1], "tags") if "tags" in top else ()
        valid_until = self.expiry(top["valid_until"][1], "valid_until") \
            if "valid_until" in top else None
        supersedes = self.text(top["supersedes"][1], "supersedes") if "supersedes" in top else None
        cards = self.cards(top, root, slug or "", source, tags or (), valid_until)
        if slug is None or title is None:
            return None
        return Deck(slug=slug, title=title, path=self.path, cards=tuple(cards),
                    source=source[0] if source else None, as_of=as_of, tags=tags or (),
                    valid_until=valid_until, supersedes=supersedes,
                    line=top["deck"][0].start_mark.line + 1)

    def required_text(self, entries: dict[str, tuple[yaml.Node, yaml.Node]], parent: yaml.Node,
                      key: str, what: str) -> str | None:
        if key not in entries:
            self.at(parent, f"{what} has no '{key}'")
            return None
        return self.text(entries[key][1], f"'{key}'")

    def cards(self, top: dict[str, tuple[yaml.Node, yaml.Node]], root: yaml.Node, slug: str,
              source: tuple[str, SourceText | None] | None, deck_tags: tuple[str, ...],
              valid_until: str | None) -> list[Card]:
        if "cards" not in top:
            self.at(root, "the deck has no 'cards'")
            return []
        node = top["cards"][1]
        if not isinstance(node, yaml.SequenceNode) or not self.tag_ok(node, "cards"):
            if isinstance(node, yaml.SequenceNode):
                return []
            self.at(node, f"'cards' must be a list of cards, not {_kind(node)}")
            return []
        if not node.value:
            self.at(node, "'cards' is empty; a deck needs at least one card")
            return []
        cards: list[Card] = []
        first_line: dict[str, int] = {}
        for card_node in node.value:
            card = self.card(card_node, slug, source, deck_tags, valid_until)
            if card is None:
                continue
            if card.id in first_line:
                self.at(card_node, f"duplicate card id '{card.id}': lines {first_line[card.id]} "
                                   f"and {card.line}")
                continue
            first_line[card.id] = card.line
            cards.append(card)
        return cards

    def card(self, node: yaml.Node, slug: str, deck_source: tuple[str, SourceText | None] | None,
             deck_tags: tuple[str, ...], deck_valid_until: str | None) -> Card | None:
        entries = self.mapping(node, "a card")
        if entries is None:
            return None
        errors_before = len(self.errors())
        card_id = self.required_text(entries, node, "id", "the card")
        if card_id is not None and not SLUG_RE.match(card_id):
            self.at(entries["id"][1], f"card id '{card_id}' must be lowercase letters, digits "
                                      f"and '-', starting with a letter or digit")
        where = f"card '{card_id}'" if card_id else "the card"

        card_type = CardType.BASIC
        if "type" in entries:
            type_text = self.text(entries["type"][1], "type")
            if type_text is None:
                return None
            try:
                card_type = CardType(type_text)
            except ValueError:
                kinds = [t.value for t in CardType]
                self.at(entries["type"][1], f"unknown card type '{type_text}'; use one of "
                                            f"{', '.join(kinds)}{_did_you_mean(type_text, kinds)}")
                return None

        allowed = COMMON_CARD_KEYS + TYPE_KEYS[card_type]
        self.unknown_keys(entries, allowed, f"{card_type.value} cards", _ALL_CARD_KEYS)
        for key in REQUIRED_KEYS[card_type]:
            if key not in entries:
                self.at(node, f"{where} ({card_type.value}) has no '{key}'")

        def text_of(key: str) -> str | None:
            return self.text(entries[key][1], f"'{key}'") if key in entries else None

        def list_of(key: str) -> tuple[str, ...]:
            return (self.text_list(entries[key][1], f"'{key}'") or ()) if key in entries else ()

        question = text_of("text" if card_type is CardType.CLOZE else "q")
        answer = text_of("a") or ""
        accept = list_of("accept")
        choices = list_of("choices")
        tags = list_of("tags")
        quote = text_of("quote")
        explain = text_of("explain")
        unit = text_of("unit")
        tolerance = text_of("tolerance")
        supersedes = text_of("supersedes")
        valid_until = self.expiry(entries["valid_until"][1], "valid_until") \
            if "valid_until" in entries else deck_valid_until
        source = self.source(entries["source"][1], "source") if "source" in entries \
            else deck_source

        gaps: tuple[str, ...] = ()
        if card_type is CardType.CLOZE and question is not None:
            gaps = self.cloze_gaps(entries["text"][1], question)
            answer = " / ".join(gaps)
        elif card_type is CardType.CHOICE and "choices" in entries:
            self.check_choices(entries, choices, answer)
        elif card_type is CardType.NUMERIC:
            self.check_numeric(entries, answer, tolerance)

        if source is not None:
            if quote is None and "quote" not in entries:
                self.at(node, f"{where} has no 'quote', but its deck names a source")
            elif quote is not None and source[1] is not None:
                self.check_grounding(entries, source[1], quote, card_type, answer, accept, gaps)

        if card_id is None or question is None or len(self.errors()) > errors_before:
            return None
        return Card(deck=slug, id=card_id, type=card_type, prompt=question, answer=answer,
                    gaps=gaps, accept=accept, choices=choices, unit=unit, tolerance=tolerance,
                    quote=quote, explain=explain, tags=tuple(dict.fromkeys(deck_tags + tags)),
                    source=source[0] if source else None, valid_until=valid_until,
                    supersedes=supersedes, line=node.start_mark.line + 1)

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def cloze_gaps(self, node: yaml.Node, text: str) -> tuple[str, ...]:
        parts = cloze_parts(text)
        if not parts:
            self.at(node, "cloze text has no gap; mark each gap as {{answer}}")
        elif any(not answer for answer, _ in parts):
            self.at(node, "cloze text has an empty gap {{}}")
        else:
            rest = CLOZE_RE.sub("", text)
            if "{{" in rest or "}}" in rest:
                self.at(node, "cloze text has an unbalanced '{{' or '}}'")
        return tuple(answer for answer, _ in parts)

    def check_choices(self, entries: dict[str, tuple[yaml.Node, yaml.Node]],
                      choices: tuple[str, ...], answer: str) -> None:
        node = entries["choices"][1]
        if not choices and isinstance(node, yaml.SequenceNode):
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
        if answer and answer not in choices and "a" in entries:
            self.at(entries["a"][1], f"answer '{answer}' is not one of the choices"
                                     f"{_did_you_mean(answer, choices)}")

    def check_numeric(self, entries: dict[str, tuple[yaml.Node, yaml.Node]], answer: str,
                      tolerance: str | None) -> None:
        if answer and not _NUMBER_RE.match(answer):
            self.at(entries["a"][1], f"numeric answer '{answer}' is not a number; put the unit "
                                     f"in 'unit' (e.g. a: 29.4, unit: 万亿元)")
        if tolerance is not None and (not _NUMBER_RE.match(tolerance) or tolerance.startswith("-")):
            self.at(entries["tolerance"][1], f"tolerance '{tolerance}' must be a number "
                                             f"of zero or more")

    def check_grounding(self, entries: dict[str, tuple[yaml.Node, yaml.Node]],
                        source: SourceText, quote: str, card_type: CardType, answer: str,
                        accept: tuple[str, ...], gaps: tuple[str, ...]) -> None:
        quote_node = entries["quote"][1]
        if not source.contains(quote):
            self.at(quote_node, "quote does not occur in the source (whitespace ignored)")
            return
        if card_type is CardType.CLOZE:
            for gap in gaps:
                if not answer_in_quote(gap, quote):
                    self.at(entries["text"][1], f"cloze gap '{gap}' does not occur in the quote")
            return
        if not answer:
            return
        if any(answer_in_quote(candidate, quote) for candidate in (answer, *accept)):
            return
        also = " nor does any 'accept' entry" if accept else ""
        self.at(entries["a"][1], f"answer '{answer}' does not occur in the quote{also}")


def read_deck(path: Path, *, display: str | None = None, today: date | None = None,
              ground: bool = True,
              sources: dict[Path, SourceText | str] | None = None) -> tuple[Deck | None, list[Problem]]:
    """Load one deck file; returns the deck (None if unreadable) and its problems."""
    reader = _DeckReader(path, display or str(path), today,
                         sources if sources is not None else {}, ground)
    deck = reader.read()
    return deck, sorted(reader.problems)


def find_deck_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Deck files named directly, or found recursively under directories, in sorted order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.suffix in DECK_SUFFIXES and p.is_file())
        else:
            yield path


def load_decks(files: Iterable[Path], *, today: date | None = None, ground: bool = True,
               progress: object = None) -> LoadResult:
    """Load many deck files; checks slugs are unique across them all.

    `progress`, if given, is called with each file as it is read (for a progress bar).
    """
    result = LoadResult()
    sources: dict[Path, SourceText | str] = {}
    slugs: dict[str, Deck] = {}
    for path in files:
        if callable(progress):
            progress(path)
        deck, problems = read_deck(path, today=today, ground=ground, sources=sources)
        result.problems.extend(problems)
        if deck is None:
            continue
        if deck.slug in slugs:
            first = slugs[deck.slug]
            result.problems.append(Problem(str(path), deck.line, 1, f"deck slug '{deck.slug}' is "
                                           f"already used by {first.path}"))
            continue
        slugs[deck.slug] = deck
        result.decks.append(deck)
    return result
