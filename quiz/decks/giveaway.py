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
with the deck). Each distinct text is folded and searched once, for every answer form at
a time (an Aho–Corasick automaton, `pyahocorasick`), so the cost grows with the length of
the deck's texts, not with the square of its cards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import ahocorasick

from quiz.answers.grading import AnswerPart, answer_parts, normalise, part_right
from quiz.answers.numbers import (
    KNOWN_UNITS,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
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
_HALF_TENTH = "成半"   # 七成半 is 75%: the one figure whose value has other digits than written
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
    f"(?:{_alternatives(KNOWN_UNITS | {_HALF_TENTH})})?"
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
    away, in the cards' order (giver first, then given), with where each part stands."""
    finder = _Finder(cards)
    return [GiveAway(cards[giver].id, cards[given].id, finder.where(giver, given))
            for giver in range(len(cards)) for given in sorted(finder.given(giver))]


def relation(cards: Sequence[Card]) -> dict[str, tuple[str, ...]]:
    """Card id → the ids of the cards it gives away, for the cards that give any away."""
    finder = _Finder(cards)
    ids = [card.id for card in cards]
    related = {}
    for giver, card_id in enumerate(ids):
        given = finder.given(giver)
        if given:
            related[card_id] = tuple(map(ids.__getitem__, sorted(given)))
    return related


def pair_count(related: dict[str, tuple[str, ...]]) -> tuple[int, int]:
    """(pairs of cards of which one gives the other away, cards given away by another), of a
    `relation`."""
    return (len({(giver, given) if giver < given else (given, giver)
                 for giver, givens in related.items() for given in givens}),
            len(set().union(*related.values())))


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


def _answer_key(card: Card) -> tuple:
    """All the grader reads of a card to judge a reply (`answer_parts`, `part_right`): cards
    alike in it ask for the same answer, which is looked for once."""
    return (card.type, card.answer, card.gaps, card.accept, card.unit, card.tolerance,
            card.any_order, card.answer in card.choices,
            card.prompt if card.type is CardType.CLOZE and not card.gaps else None)


# A part of an answer: (the answer's number, the part's).
_Part = tuple[int, int]


class _Finder:
    """One deck's answers indexed, every text its cards show searched for them once, and
    which card gives which away. Cards asking for the same answer share it: it is looked for
    once, and what gives it away gives them all away."""

    def __init__(self, cards: Sequence[Card]) -> None:
        self.cards = cards
        self.answer_of: list[int] = []          # card index → the number of its answer
        self.holders: list[set[int]] = []      # answer → the cards asking for it
        self.sample: list[Card] = []           # answer → a card asking for it, for the grader
        self.parts: list[int] = []              # answer → its part count
        self.owners: dict[str, list[_Part]] = {}                # form → the parts having it
        self.figures: dict[Decimal, list[tuple[int, int, str]]] = {}   # value → (*part, unit)
        self.units: dict[tuple[int, int, Decimal], set[str]] = {}    # a part's units of a value
        self.bare: set[str] = set()                             # forms that are a plain number
        # Every form at once, found in C: an Aho–Corasick automaton of them all.
        self.automaton = ahocorasick.Automaton()
        numbers: dict[tuple, int] = {}
        for index, card in enumerate(cards):
            key = _answer_key(card)
            answer = numbers.get(key)
            if answer is None:
                answer = numbers[key] = len(self.holders)
                self.holders.append(set())
                self.sample.append(card)
                self.index(answer, answer_parts(card))
            self.holders[answer].add(index)
            self.answer_of.append(answer)
        if self.owners:
            self.automaton.make_automaton()
        # Answer → the one card asking for it (None for several): what a text shown by that
        # card alone states of it is never asked, as a card never gives itself away.
        self.alone = [next(iter(cards)) if len(cards) == 1 else None for cards in self.holders]
        self.by_figure: dict[str, frozenset[_Part]] = {}        # figure → parts of its value
        self.fits: dict[tuple[str, str], list[_Part]] = {}      # see `fitting`
        self.verdicts: dict[tuple[int, int, str], bool] = {}    # the grader's, on figures
        # The significant digits of every figure looked for (294 for 29.4万亿元 and for
        # 294000亿元), and the answers having them: a figure written in other digits is not
        # read at all.
        self.digits: dict[str, set[int]] = {}
        for value, owners in self.figures.items():
            self.digits.setdefault("".join(map(str, value.normalize().as_tuple().digits)),
                                   set()).update(answer for answer, _, _ in owners)
        self.search()

    def index(self, answer: int, parts: tuple[AnswerPart, ...]) -> None:
        """Add an answer's forms and figures to the index."""
        self.parts.append(len(parts))
        for number, part in enumerate(parts):
            for form in part.texts:
                if not _worth_finding(form):
                    continue
                owners = self.owners.setdefault(form, [])
                if not owners:
                    self.automaton.add_word(form, form)
                    if _bare_number(form):
                        self.bare.add(form)
                owners.append((answer, number))
            for value, unit in part.figures:
                self.figures.setdefault(value, []).append((answer, number, unit))
                self.units.setdefault((answer, number, value), set()).add(unit)

    def search(self) -> None:
        """Fold each text the cards show, and search each distinct one once."""
        folded: dict[str, str] = {}
        self.shown: list[list[tuple[str, str]]] = []   # per card: (key, text as compared)
        shown_by: dict[str, int] = {}   # text as compared → the one card showing it, else -1
        quoted: dict[str, list[int]] = {}
        for giver, card in enumerate(self.cards):
            texts = []
            for key, text in shown_texts(card):
                plain = folded.get(text)
                if plain is None:
                    plain = folded[text] = normalise(text)
                texts.append((key, plain))
                if shown_by.setdefault(plain, giver) != giver:
                    shown_by[plain] = -1
                if key == "quote" and plain:
                    quoted.setdefault(plain, []).append(giver)
            self.shown.append(texts)
        parts = self.parts
        # Per text: the parts it holds, by the text they stand in; the cards whose answer
        # (of one part) it gives away whole, and the parts of answers of several.
        self.found: dict[str, dict[_Part, str]] = {}
        self.whole: dict[str, set[int]] = {}
        self.pieces: dict[str, list[_Part]] = {}
        for plain, only in shown_by.items():
            found = self.found[plain] = self.found_in(plain, only)
            self.whole[plain] = set().union(*[self.holders[answer] for answer, _ in found
                                              if parts[answer] == 1])
            self.pieces[plain] = [owner for owner in found if parts[owner[0]] > 1]
        self.quoted = {giver: set(group) - {giver}
                       for group in quoted.values() if len(group) > 1 for giver in group}

    def given(self, giver: int) -> set[int]:
        """The cards (by index) that this card gives away."""
        texts = self.shown[giver]
        given = set().union(*[self.whole[plain] for _, plain in texts])
        pieces: dict[int, set[int]] = {}
        for _, plain in texts:
            for answer, part in self.pieces[plain]:
                pieces.setdefault(answer, set()).add(part)
        for answer, found in pieces.items():
            if len(found) == self.parts[answer]:
                given |= self.holders[answer]
        given |= self.quoted.get(giver, set())
        given.discard(giver)
        return given

    def where(self, giver: int, given: int) -> tuple[tuple[str, str], ...]:
        """Where each part of a card that this one gives away stands in it: the first text
        that holds the part, (key, the part's text there, as compared); or, for cards given
        away only by their quote, (quote, SAME_QUOTE)."""
        answer, found = self.answer_of[given], []
        for part in range(self.parts[answer]):
            for key, plain in self.shown[giver]:
                form = self.found[plain].get((answer, part))
                if form is not None:
                    found.append((key, form))
                    break
            else:
                return (("quote", SAME_QUOTE),)
        return tuple(found)

    def found_in(self, text: str, shown_by: int) -> dict[_Part, str]:
        """(answer, part) → the folded text by which `text` (normalised) gives that part.
        Card `shown_by` (-1 for none) is the only card that shows this text: whether a plain
        number or a figure in it is right for an answer only that card asks for is not
        asked, since a card never gives itself away (its parts may be listed all the same)."""
        found: dict[_Part, str] = {}
        alone = self.alone
        # The forms where they occur; the last place first, so that where a part stands
        # twice the first place (the leftmost, the longest form at one place) is kept.
        places = sorted(((end - len(form) + 1, -len(form), form)
                         for end, form in self.automaton.iter(text)),
                        reverse=True) if self.owners else ()
        for start, minus_length, form in places:
            if not _apart(text, start, start - minus_length):
                continue
            owners = self.owners[form]
            if form in self.bare:   # only where the figure it stands in is right for it
                if all(alone[answer] == shown_by for answer, _ in owners):
                    continue
                figure = _FIGURE_RE.match(text, start)
                owners = self.fitting(form, figure.group() if figure else form)
            found.update(dict.fromkeys(owners, form))
        if not self.figures:
            return found
        stated: dict[_Part, str] = {}   # parts given only by a figure in another form
        for figure in reversed(list(_FIGURE_RE.finditer(text))):
            span, arabic = figure.group(), figure.group("arabic")
            if arabic is not None:
                # Figures in digits no answer's figure has are not read; nor those in digits
                # only the card showing the text has, which state its own figure (unless
                # they are 成半: 7成半 is 75%, not in the digits it is written in).
                answers = self.digits.get(arabic.replace(".", "").strip("0") or "0")
                if answers is None or (len(answers) == 1 and alone[next(iter(answers))]
                                       == shown_by and _HALF_TENTH not in span):
                    continue
            if _apart(text, *figure.span()):
                stated.update(dict.fromkeys(
                    [owner for owner in self.figure_owners(span) - found.keys()
                     if alone[owner[0]] != shown_by and self.right(owner, span)], span))
        stated.update(found)
        return stated

    def fitting(self, form: str, span: str) -> list[_Part]:
        """The parts having a plain number as a form that a figure of a text beginning with
        that number (the number alone, or with a unit) states (once per number and figure)."""
        fitting = self.fits.get((form, span))
        if fitting is None:
            fitting = self.fits[form, span] = [owner for owner in self.owners[form]
                                               if self.figure_fits(owner, span)]
        return fitting

    def figure_owners(self, span: str) -> frozenset[_Part]:
        """The parts whose figure a figure with a unit or multiplier states, by value and unit
        (worked out once per figure: figures recur)."""
        owners = self.by_figure.get(span)
        if owners is None:
            quantity = parse_quantity(span)
            owners = self.by_figure[span] = frozenset() if quantity is None or quantity.bare \
                else frozenset((answer, part) for answer, part, unit
                               in self.figures.get(quantity.value, ()) if unit == quantity.unit)
        return owners

    def figure_fits(self, owner: _Part, span: str) -> bool:
        """Whether a figure of a text states a part's figure: the same value, with the part's
        unit or none (8日 is not the 八 of 八大系列), and right as a reply for the part."""
        quantity = parse_quantity(span)
        if quantity is None:
            return False
        units = self.units.get((*owner, quantity.value))
        if not units or (quantity.unit and quantity.unit not in units):
            return False
        return self.right(owner, span)

    def right(self, owner: _Part, span: str) -> bool:
        """Whether the grader takes a text's figure as a right reply for a part (asked once
        per part and figure, and only where it counts: not for the card showing it)."""
        verdict = self.verdicts.get((*owner, span))
        if verdict is None:
            verdict = self.verdicts[(*owner, span)] = part_right(self.sample[owner[0]],
                                                                 owner[1], span)
        return verdict
