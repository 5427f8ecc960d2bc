"""Typed replies checked against a card's answer, with the forgiveness Chinese input needs.

`check_reply` is what study and exam sessions call; it never raises. What counts as
the same answer is described, with examples, in the README's "Answer checking" section.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from .model import Card, CardType, cloze_parts
from .quantities import EXACT, Quantity, parse_quantity

REASONS = ("exact", "accept", "number", "tolerance", "choice", "wrong", "empty")
CORRECT_REASONS = frozenset({"exact", "accept", "number", "tolerance", "choice"})
CHOICE_LETTERS = "abcdef"
CLOZE_SEPARATOR = "、"
MAX_REPLY_CHARS = 2000   # longer replies are judged wrong unread, so a paste cannot stall the UI

_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2010": "-"})
# 1,234,567 or 1 234 567 (the full-width ， is a comma after NFKC); not 1,2 or 2023 2024.
_THOUSANDS_RE = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?:[, ][0-9]{3})+(?![0-9]|[, ][0-9])")
_SPACED_SIGN_RE = re.compile(r"-\s+(?=[0-9])")   # "- 5" is -5, not 5
_KEPT_MARKS = "%‰"
_DIGITS = "0123456789"
_DIGIT_BREAK = "_"
# Between the gaps of a cloze reply (after NFKC: ， → , and ； → ;).
_GAP_PIECE_RE = re.compile(r"[^\s,;/|、]+")
_EXTRA_PIECES_PER_GAP = 3
_NO_TOLERANCE = Decimal(0)
_LOOSENESS = {"exact": 0, "accept": 1, "number": 2, "tolerance": 3}


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a typed reply is right, the answer to show, and which rule decided."""

    correct: bool
    expected: str
    reason: str   # one of REASONS


@dataclass(frozen=True, slots=True)
class _Target:
    """One way to be right: normalised texts that match as they are, and a number if any."""

    texts: frozenset[str]
    quantity: Quantity | None
    reason: str   # "exact" for the answer itself, "accept" for an accept entry


def normalise(text: str) -> str:
    """Fold a reply or an answer to the form they are compared in.

    NFKC (full-width ２９．４ → 29.4, ％ → %), casefold, thousands separators and
    whitespace dropped, ASCII and CJK punctuation dropped except a decimal point
    between digits, % and ‰, and a minus sign before a number. Where dropping would
    join two numbers (2023—2024, 1、2) one `_` is left, so they never read as 20232024.
    """
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    text = _SPACED_SIGN_RE.sub("-", text.translate(_MINUS_SIGNS))
    text = _THOUSANDS_RE.sub(lambda m: m.group().replace(",", "").replace(" ", ""), text)
    kept: list[str] = []
    dropped = False
    last = len(text) - 1
    for index, char in enumerate(text):
        if char.isspace() or (unicodedata.category(char)[0] == "P" and not (
                char in _KEPT_MARKS
                or (char == "." and 0 < index < last and text[index - 1] in _DIGITS
                    and text[index + 1] in _DIGITS)
                or (char == "-" and index < last and text[index + 1] in _DIGITS
                    and not (kept and kept[-1].isascii() and kept[-1].isalnum())))):
            dropped = True
            continue
        if dropped and char in _DIGITS and kept and kept[-1] in _DIGITS:
            kept.append(_DIGIT_BREAK)
        dropped = False
        kept.append(char)
    # Dropping a space can leave a combining mark next to a letter: compose them again.
    return unicodedata.normalize("NFKC", "".join(kept))


def check_reply(card: Card, reply: str) -> Verdict:
    """Judge a typed reply to any card; see the README's "Answer checking" for the rules."""
    if card.type is CardType.CHOICE:
        expected = choice_label(card, card.answer)
    elif card.type is CardType.CLOZE and _gaps(card):
        expected = CLOZE_SEPARATOR.join(_gaps(card))
    elif card.type is CardType.NUMERIC:
        expected = card.full_answer
    else:
        expected = card.answer
    if len(reply) > MAX_REPLY_CHARS:
        return Verdict(False, expected, "wrong")
    folded = normalise(reply)
    if not folded:
        return Verdict(False, expected, "empty")
    if card.type is CardType.CHOICE:
        reason = _check_choice(card, folded)
    elif card.type is CardType.CLOZE and _gaps(card):
        reason = _check_cloze(_gaps(card), reply, folded)
    else:
        reason = _match(_targets(card), folded, _tolerance(card.tolerance))
    return Verdict(reason is not None, expected, reason or "wrong")


def choice_label(card: Card, choice: str) -> str:
    """A choice with its letter, as "b. 4.46%"; the text alone if it is not one of the choices."""
    if choice in card.choices[:len(CHOICE_LETTERS)]:
        return f"{CHOICE_LETTERS[card.choices.index(choice)]}. {choice}"
    return choice


@lru_cache(maxsize=4096)
def _targets(card: Card) -> tuple[_Target, ...]:
    """The answer and accept entries of a basic or numeric card, read once per card."""
    if card.type is CardType.NUMERIC:
        unit = card.unit or ""
        return (_numeric_target(card.answer, unit, "exact"),
                *(_numeric_target(entry, unit, "accept") for entry in card.accept))
    return (_text_target(card.answer, "exact"),
            *(_text_target(entry, "accept") for entry in card.accept))


def _text_target(text: str, reason: str) -> _Target:
    """An answer written as text: a number in it counts only with a unit it may drop."""
    folded = normalise(text)
    quantity = parse_quantity(folded)
    if quantity is not None and not quantity.unit_known:
        quantity = None
    return _Target(frozenset({folded}), quantity, reason)


def _numeric_target(text: str, unit: str, reason: str) -> _Target:
    """A numeric card's answer (or accept entry) with the card's unit, which replies may drop."""
    folded = normalise(text)
    quantity = parse_quantity(folded)
    if quantity is not None and quantity.bare and unit:
        with_unit = normalise(text + unit)
        return _Target(frozenset({folded, with_unit}), parse_quantity(with_unit), reason)
    return _Target(frozenset({folded}), quantity, reason)


@lru_cache(maxsize=256)
def _tolerance(text: str | None) -> Decimal:
    """A card's absolute tolerance on its answer's own scale; none when absent or unreadable."""
    quantity = parse_quantity(normalise(text or ""))
    return abs(quantity.written) if quantity is not None and quantity.bare else _NO_TOLERANCE


def _match(targets: Sequence[_Target], reply: str, tolerance: Decimal) -> str | None:
    """The reason a normalised reply matches one of the targets, or None."""
    for target in targets:
        if reply in target.texts:
            return target.reason
    quantity = parse_quantity(reply)
    if quantity is None:
        return None
    within = None
    for target in targets:
        if target.quantity is not None:
            reason = _compare(quantity, target.quantity, tolerance)
            if reason == "number":
                return reason
            within = within or reason
    return within


def _compare(reply: Quantity, answer: Quantity, tolerance: Decimal) -> str | None:
    """"number" if the reply is the answer's number, "tolerance" if close enough, else None.

    A plain number is read on the answer's own scale (29.4 for 29.4万亿元); a reply
    with 万/亿 or a unit is compared in full, and its unit, if any, must be the answer's.
    """
    if reply.bare:
        given, wanted, allowed = reply.written, answer.written, tolerance
    else:
        if reply.unit and answer.unit and reply.unit != answer.unit:
            return None
        if reply.unit and not answer.unit and not reply.unit_known:
            return None
        given, wanted = reply.value, answer.value
        allowed = EXACT.scaleb(tolerance, answer.shift)
    if given == wanted:
        return "number"
    return "tolerance" if EXACT.abs(EXACT.subtract(given, wanted)) <= allowed else None


def _check_choice(card: Card, folded: str) -> str | None:
    """A choice reply is a choice's text, or its letter a–f; text wins if both could apply."""
    targets = _choice_targets(card.choices)
    chosen: int | None = None
    for index, target in enumerate(targets):
        if folded in target.texts:
            chosen = index
            break
    else:
        if len(folded) == 1 and folded in CHOICE_LETTERS[:len(targets)]:
            chosen = CHOICE_LETTERS.index(folded)
        else:
            loose = [index for index, target in enumerate(targets)
                     if _match((target,), folded, _NO_TOLERANCE)]
            if len(loose) == 1:
                chosen = loose[0]
    if chosen is not None and normalise(card.answer) in targets[chosen].texts:
        return "choice"
    return None


def _check_cloze(gaps: tuple[str, ...], reply: str, folded: str) -> str | None:
    """Every gap must match, in order; a reply gives them separated by spaces, 、，；/ or |."""
    targets = _gap_targets(gaps)
    if len(gaps) == 1:
        return _match(targets[0], folded, _NO_TOLERANCE)
    reasons = _fit_gaps(targets, _gap_widths(gaps), reply)
    if reasons is None:
        return None
    return max(reasons, key=_LOOSENESS.__getitem__)


def _gaps(card: Card) -> tuple[str, ...]:
    """A cloze card's gap answers, from its text if the card was built without them."""
    return card.gaps or tuple(answer for answer, _ in cloze_parts(card.prompt))


@lru_cache(maxsize=4096)
def _choice_targets(choices: tuple[str, ...]) -> tuple[_Target, ...]:
    """Each choice read once, as a basic answer would be."""
    return tuple(_text_target(choice, "exact") for choice in choices)


@lru_cache(maxsize=4096)
def _gap_targets(gaps: tuple[str, ...]) -> tuple[tuple[_Target], ...]:
    """Each cloze gap read once, as a basic answer would be."""
    return tuple((_text_target(gap, "exact"),) for gap in gaps)


@lru_cache(maxsize=4096)
def _gap_widths(gaps: tuple[str, ...]) -> tuple[int, ...]:
    """How many separated pieces of a reply each gap may take up."""
    return tuple(len(_GAP_PIECE_RE.findall(unicodedata.normalize("NFKC", gap)))
                 + _EXTRA_PIECES_PER_GAP for gap in gaps)


def _fit_gaps(targets: tuple[tuple[_Target], ...], widths: tuple[int, ...],
              reply: str) -> tuple[str, ...] | None:
    """Split the reply's pieces into consecutive runs, one matching each gap; their reasons.

    A run may hold several pieces, so a gap that itself contains a separator
    (1,234 or 中国人民银行、金融监管总局) still matches; widths bound each run.
    """
    text = unicodedata.normalize("NFKC", reply)
    pieces = [match.span() for match in _GAP_PIECE_RE.finditer(text)]
    if not len(targets) <= len(pieces) <= sum(widths):
        return None

    @cache
    def fit(first_piece: int, gap: int) -> tuple[str, ...] | None:
        if gap == len(targets):
            return () if first_piece == len(pieces) else None
        last_start = len(pieces) - (len(targets) - gap - 1)
        for end in range(first_piece + 1, min(last_start, first_piece + widths[gap]) + 1):
            run = normalise(text[pieces[first_piece][0]:pieces[end - 1][1]])
            reason = _match(targets[gap], run, _NO_TOLERANCE)
            if reason is not None:
                rest = fit(end, gap + 1)
                if rest is not None:
                    return (reason, *rest)
        return None

    return fit(0, 0)
