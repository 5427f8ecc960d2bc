"""Which cards give which away: one card shows another card's whole answer.

Card A gives card B away when the texts A shows — its question (a cloze card's text, masked
and filled in), its choices, its answer, its note (`explain`) and its quote — hold every part
of B's answer: each gap of a cloze card, the correct option of a choice card, or else the
answer or one of its `accept` entries. Texts are compared as the grader compares a reply
(`quiz.answers.grading`: width, case, script, spaces and punctuation folded), and a part is
held where

- **its text** occurs, not as a piece of a longer number or word: a part that starts or ends
  with a digit, a Latin letter or a Chinese numeral needs something else beside it there
  (`3` is not in `302`, `3.5` or `-3`, `八` not in `十八`, `ai` not in `said`), and a part that
  is a plain number counts only where the figure it stands in is right for it as a reply
  (`3.3` in `3.3个百分点` is not the `3.3%` of an answer);
- or **a figure** with a unit or a multiplier stands that the grader takes as a right reply
  for it (`七成` for `70%`, `1万亿元` for `超1万亿元`, `10000亿元` for `1万亿元`).

A one-character part that is not a number is never looked for: one character in a text says
nothing. Cards with the same quote give each other away. The relation is within one deck (a
deck is one article); it is computed when a deck file is read (`quiz.decks.cache` keeps it
with the deck) by an index of the answers' forms, so its cost grows with the length of the
deck's texts, not with the square of its cards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from quiz.answers.grading import answer_parts, normalise, part_right
from quiz.answers.numbers import (
    KNOWN_UNITS,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    Quantity,
    parse_quantity,
)
from quiz.core.model import Card, CardType, cloze_revealed

# The keys of a card whose texts the learner is shown, as a deck file names them.
SHOWN_KEYS = ("q", "text", "choices", "a", "explain", "quote")
SAME_QUOTE = "same quote"

_DIGITS = frozenset("0123456789")
_ALNUM = _DIGITS | frozenset("abcdefghijklmnopqrstuvwxyz")   # after folding: no capitals
_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万亿")
_MULTIPLIERS = frozenset("十百千万亿")
_NUMBER_RE = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?"
                        r"|[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿点]*)")


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# A figure as a normalised text writes it: a qualifier, a number (Arabic or Chinese), 多/余,
# multipliers, a unit the grader knows, and a qualifier after it; read by `parse_quantity`.
_FIGURE_RE = re.compile(
    f"(?:{_alternatives(QUALIFIERS_BEFORE)})?(?:百分之)?"
    r"(?:(?<![0-9.a-z])-?(?P<arabic>[0-9]+(?:\.[0-9]+)?)"
    r"|(?<![零〇一二两三四五六七八九十百千万亿点])[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿点]*)"
    r"[多余]?个?[十百千万亿]{0,4}[多余]?"
    f"(?:{_alternatives(KNOWN_UNITS | {'成半'})})?"
    f"(?:{_alternatives(QUALIFIERS_AFTER)})?")


@dataclass(frozen=True, slots=True)
class GiveAway:
    """Card `giver` shows the whole answer of card `given` (both of one deck)."""

    giver: str
    given: str
    # Where each part of the answer stands in the giver: (a key of SHOWN_KEYS, the text as
    # compared, after folding); one entry, (quote, SAME_QUOTE), for cards with one quote.
    found: tuple[tuple[str, str], ...]


def shown_texts(card: Card) -> list[tuple[str, str]]:
    """(key, text) of everything a card shows the learner, before and after the answer."""
    if card.type is CardType.CLOZE:
        shown = [("text", card.question), ("text", cloze_revealed(card.prompt))]
    else:
        shown = [("q", card.prompt)]
    shown += [("choices", choice) for choice in card.choices]
    if card.type is not CardType.CLOZE:
        shown.append(("a", card.full_answer))
    if card.explain:
        shown.append(("explain", card.explain))
    if card.quote:
        shown.append(("quote", card.quote))
    return shown


def give_aways(cards: Sequence[Card]) -> list[GiveAway]:
    """Every ordered pair of these cards (one deck's) in which the first gives the second
    away, in the cards' order (giver first, then given)."""
    return [GiveAway(cards[giver].id, cards[given].id, found[given])
            for giver, found in sorted(_Finder(cards).gives().items())
            for given in sorted(found)]


def relation(cards: Sequence[Card]) -> dict[str, tuple[str, ...]]:
    """Card id → the ids of the cards it gives away, for the cards that give any away."""
    return {cards[giver].id: tuple(cards[given].id for given in sorted(found))
            for giver, found in sorted(_Finder(cards).gives().items())}


def pair_count(related: dict[str, tuple[str, ...]]) -> tuple[int, int]:
    """(pairs of cards of which one gives the other away, cards given away by another), of a
    `relation`."""
    return (len({frozenset((giver, given)) for giver, givens in related.items()
                 for given in givens}),
            len({given for givens in related.values() for given in givens}))


def _bare_number(text: str) -> bool:
    """Whether a normalised text is a number alone (302, 23.5, 八), with no unit."""
    match = _NUMBER_RE.fullmatch(text)
    if match is None:
        return False
    quantity = parse_quantity(text)
    return quantity is not None and quantity.bare


def _worth_finding(text: str) -> bool:
    """A part's form is looked for unless it is one character that is not a numeral."""
    return len(text) > 1 or text in _DIGITS or text in _NUMERALS


def _apart(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands apart: not the piece of a longer number or Latin word."""
    first, last = text[start], text[end - 1]
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before:
        if first in _ALNUM and before in _ALNUM:      # 3 in 302, ai in said, 4 in gpt4
            return False
        if first in _DIGITS and before in ".-":      # 5 in 0.5 or -5
            return False
        if first in _NUMERALS and before in _NUMERALS:   # 八 in 十八
            return False
    if after:
        if last in _ALNUM and after in _ALNUM:        # 5 in 5g
            return False
        if last in _DIGITS and (after in _MULTIPLIERS or after in "%‰"
                                or (after == "." and text[end + 1:end + 2] in _DIGITS)):
            return False                             # 3 in 3万, 3%, 3.5
        if last in _NUMERALS and after in _NUMERALS:
            return False
    return True


def _starts(firsts: set[str]) -> re.Pattern[str] | None:
    """Where a form may start, found in C: one of its first characters, and for a number or a
    Latin word only where one begins (`_apart` asks for no less), so that the digits inside
    2024 or the letters inside deepseek are not each tried."""
    if not firsts:
        return None

    def chars(group: Iterable[str]) -> str:
        return re.escape("".join(sorted(group)))

    digits, latin = firsts & _DIGITS, firsts & (_ALNUM - _DIGITS)
    numerals, other = firsts & _NUMERALS, firsts - _ALNUM - _NUMERALS
    branches = [f"(?<![0-9a-z.\\-])[{chars(digits)}]" if digits else "",
                f"(?<![0-9a-z])[{chars(latin)}]" if latin else "",
                f"(?<![{chars(_NUMERALS)}])[{chars(numerals)}]" if numerals else "",
                f"[{chars(other)}]" if other else ""]
    return re.compile("|".join(branch for branch in branches if branch))


class _Finder:
    """The index of one deck's answers, and the search of its texts for them."""

    def __init__(self, cards: Sequence[Card]) -> None:
        self.cards = cards
        self.parts: list[int] = []                              # card index → its part count
        self.owners: dict[str, list[tuple[int, int]]] = {}      # form → (card, part) having it
        self.lengths: dict[str, list[int]] = {}   # first two characters → the forms' lengths
        self.singles: set[str] = set()                          # one-character forms
        self.figures: dict[Decimal, list[tuple[int, int, str]]] = {}   # value → (card, part, unit)
        self.units: dict[tuple[int, int, Decimal], set[str]] = {}    # a part's units of a value
        self.bare: set[str] = set()                             # forms that are a plain number
        for index, card in enumerate(cards):
            parts = answer_parts(card)
            self.parts.append(len(parts))
            for number, part in enumerate(parts):
                for form in part.texts:
                    if not _worth_finding(form):
                        continue
                    owners = self.owners.setdefault(form, [])
                    if not owners:
                        if len(form) == 1:
                            self.singles.add(form)
                        else:
                            lengths = self.lengths.setdefault(form[:2], [])
                            if len(form) not in lengths:
                                lengths.append(len(form))
                        if _bare_number(form):
                            self.bare.add(form)
                    owners.append((index, number))
                for value, unit in part.figures:
                    self.figures.setdefault(value, []).append((index, number, unit))
                    self.units.setdefault((index, number, value), set()).add(unit)
        for lengths in self.lengths.values():   # the longest first: 238款 rather than 238
            lengths.sort(reverse=True)
        self.starts = _starts(self.singles | {head[0] for head in self.lengths})
        self.quantities: dict[str, Quantity | None] = {}   # figures read so far
        self.by_figure: dict[str, list[tuple[int, int]]] = {}
        # The significant digits of every figure looked for (294 for 29.4万亿元 and for
        # 294000亿元): a figure written in other digits is not read at all.
        self.digits = {"".join(map(str, value.normalize().as_tuple().digits))
                       for value in self.figures}

    def found_in(self, text: str) -> dict[tuple[int, int], str]:
        """(card, part) → the folded text by which `text` (normalised) gives that part."""
        found: dict[tuple[int, int], str] = {}
        lengths, singles, all_owners, bare = self.lengths, self.singles, self.owners, self.bare
        for match in self.starts.finditer(text) if self.starts else ():
            start = match.start()
            ends = [start + length for length in lengths.get(text[start:start + 2], ())
                    if start + length <= len(text)]
            if match.group() in singles:
                ends.append(start + 1)
            for end in ends:
                form = text[start:end]
                owners = all_owners.get(form)
                if owners is None or not _apart(text, start, end):
                    continue
                if form in bare:   # only where the figure it stands in is right for it
                    figure = _FIGURE_RE.match(text, start)
                    span = figure.group() if figure else form
                    owners = [owner for owner in owners
                              if owner not in found and self.figure_fits(owner, span)]
                for owner in owners:
                    if owner not in found:
                        found[owner] = form
        if self.figures:
            for figure in _FIGURE_RE.finditer(text):
                arabic = figure.group("arabic")
                if arabic is not None and \
                        (arabic.replace(".", "").strip("0") or "0") not in self.digits:
                    continue
                if _apart(text, *figure.span()):
                    for owner in self.figure_owners(figure.group()):
                        found.setdefault(owner, figure.group())
        return found

    def figure_owners(self, span: str) -> list[tuple[int, int]]:
        """The parts a figure with a unit or multiplier states, by value and unit, that the
        grader takes it for as a reply (worked out once per figure: figures recur)."""
        owners = self.by_figure.get(span)
        if owners is None:
            quantity = self.quantity(span)
            owners = self.by_figure[span] = [] if quantity is None or quantity.bare else [
                (card, part) for card, part, unit in self.figures.get(quantity.value, ())
                if unit == quantity.unit and part_right(self.cards[card], part, span)]
        return owners

    def quantity(self, span: str) -> Quantity | None:
        """A figure as the grader reads it (the same figures recur across a deck's texts)."""
        if span not in self.quantities:
            self.quantities[span] = parse_quantity(span)
        return self.quantities[span]

    def figure_fits(self, owner: tuple[int, int], span: str) -> bool:
        """Whether a figure of a text states a part's figure: the same value, with the part's
        unit or none (8日 is not the 八 of 八大系列), and right as a reply for the part."""
        quantity = self.quantity(span)
        if quantity is None:
            return False
        units = self.units.get((*owner, quantity.value))
        if not units or (quantity.unit and quantity.unit not in units):
            return False
        return part_right(self.cards[owner[0]], owner[1], span)

    def gives(self) -> dict[int, dict[int, tuple[tuple[str, str], ...]]]:
        """Card → each card it gives away → where each part of that card's answer stands in
        it, (key, text as compared) per part; cards by their index."""
        parts = self.parts
        found_in: dict[str, dict[tuple[int, int], str]] = {}   # each distinct text searched once
        folded: dict[str, str] = {}
        # Per shown text: the cards it gives away whole (one part each), and parts of others.
        held: dict[tuple[str, str], tuple[dict[int, tuple[tuple[str, str], ...]],
                                          list[tuple[int, int, tuple[str, str]]]]] = {}
        quoted: dict[str, list[int]] = {}
        result: dict[int, dict[int, tuple[tuple[str, str], ...]]] = {}
        for giver, card in enumerate(self.cards):
            gives: dict[int, tuple[tuple[str, str], ...]] = {}
            pieces: dict[int, dict[int, tuple[str, str]]] = {}
            # Backwards, so that the first text holding a part is the one that names it.
            for key, text in reversed(shown_texts(card)):
                plain = folded.get(text)
                if plain is None:
                    plain = folded[text] = normalise(text)
                if key == "quote" and plain:
                    quoted.setdefault(plain, []).append(giver)
                entry = held.get((key, plain))
                if entry is None:
                    if plain not in found_in:
                        found_in[plain] = self.found_in(plain)
                    found = found_in[plain]
                    entry = held[key, plain] = (
                        {given: ((key, form),) for (given, part), form in found.items()
                         if parts[given] == 1},
                        [(given, part, (key, form)) for (given, part), form in found.items()
                         if parts[given] > 1])
                gives.update(entry[0])
                for given, part, where in entry[1]:
                    pieces.setdefault(given, {})[part] = where
            for given, found_parts in pieces.items():
                if len(found_parts) == parts[given]:
                    gives[given] = tuple(found_parts[part] for part in range(parts[given]))
            gives.pop(giver, None)
            if gives:
                result[giver] = gives
        for group in quoted.values():
            for giver in group:
                for given in group:
                    if given != giver:
                        result.setdefault(giver, {}).setdefault(given, (("quote", SAME_QUOTE),))
        return result
