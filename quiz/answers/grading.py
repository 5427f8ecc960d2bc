"""Typed replies checked against a card's answer, as a fair examiner marks them.

Every form of the same fact is right and a different fact is wrong: width, case, script
(traditional or simplified), punctuation and joiners between listed items do not matter;
numbers, dates and qualifiers (超, 近, 约…) are read for what they state. `check_reply` is
what study and exam sessions call; it never raises. The rules are described, with
examples, in the README's "Answer checking" section.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, lru_cache

from quiz.answers.dates import DateValue, parse_date
from quiz.answers.numbers import ABOUT, EXACT, Quantity, multiplier_text, parse_quantity
from quiz.core.model import CHOICE_LETTERS, Card, CardType, cloze_parts

REASONS = ("exact", "accept", "items", "date", "number", "tolerance", "choice", "wrong",
           "empty")
CORRECT_REASONS = frozenset({"exact", "accept", "items", "date", "number", "tolerance",
                             "choice"})
CLOZE_SEPARATOR = "、"
# The separator an exam states for cloze gaps; with it, each gap is read on its own.
GAP_SEPARATOR = "；"
MAX_REPLY_CHARS = 2000   # longer replies are judged wrong unread, so a paste cannot stall the UI

_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2010": "-"})
# 1,234,567 or 1 234 567 (the full-width ， is a comma after NFKC); not 1,2 or 2023 2024.
_THOUSANDS_RE = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?:[, ][0-9]{3})+(?![0-9]|[, ][0-9])")
_SPACED_SIGN_RE = re.compile(r"-\s+(?=[0-9])")   # "- 5" is -5, not 5
_KEPT_MARKS = "%‰"
_DROPPED_SYMBOLS = "+"   # a joiner ("提质+降价", "4+2"), not punctuation to Unicode
_DIGITS = "0123456789"
_DIGIT_BREAK = "_"
# Between the gaps of a cloze reply (after NFKC: ， → , and ； → ;).
_GAP_PIECE_RE = re.compile(r"[^\s,;/|、]+")
_STRONG_SEPARATOR = ";"   # GAP_SEPARATOR after NFKC
_EXTRA_PIECES_PER_GAP = 3
_NO_TOLERANCE = Decimal(0)
_LOOSENESS = {"exact": 0, "accept": 1, "items": 2, "date": 2, "number": 2, "tolerance": 3}
# Listed items: marks between them (a comma or slash between digits is part of a number),
# and joiner words (between items of two characters or more).
_LIST_MARKS_RE = re.compile(r"[+＋、;；&＆]|(?<![0-9０-９])[,，/／]|[,，/／](?![0-9０-９])")
_JOINER_WORDS_RE = re.compile(r"以及|和|及|与")
_JOINERS = ("以及", "和", "及", "与")
_MIN_JOINED_ITEM = 2
# A bracketed abbreviation, as in 中期借贷便利（MLF）: optional, and enough alone at the end.
_ABBREVIATION_RE = re.compile(r"\s*[（(]\s*([A-Za-z][A-Za-z0-9-]{0,11})\s*[）)]\s*")
_SIDES = {"more": "more than", "less": "less than", "about": "about"}


@dataclass(frozen=True, slots=True)
class GapVerdict:
    """One cloze gap marked on its own: the part of the reply read for it, and the rule."""

    expected: str
    reply: str        # "" when the reply gave nothing for this gap
    correct: bool
    reason: str       # one of REASONS
    detail: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a typed reply is right, the answer to show, and which rule decided."""

    correct: bool
    expected: str
    reason: str                          # one of REASONS: the rule's short name
    detail: str = ""                     # the rule as a sentence, for `quiz try`
    gaps: tuple[GapVerdict, ...] = ()    # a cloze card's gaps, each marked on its own

    @property
    def gaps_right(self) -> int:
        """How many of a cloze card's gaps the reply got right."""
        return sum(gap.correct for gap in self.gaps)


@dataclass(frozen=True, slots=True)
class _Target:
    """One way to be right: normalised texts, and the number, date or items they state."""

    text: str                        # as the deck writes it
    texts: frozenset[str]
    quantity: Quantity | None
    date: DateValue | None
    items: tuple[str, ...]           # two or more listed items, normalised; () if not a list
    reason: str                      # "exact" for the answer itself, "accept" for an entry


@dataclass(frozen=True, slots=True)
class _Hit:
    """A rule's finding on a reply: right when `reason` is set, else why not (`detail`)."""

    reason: str | None
    detail: str


_NOTHING = _Hit(None, "nothing given for this gap")


@lru_cache(maxsize=16384)
def normalise(text: str) -> str:
    """Fold a reply or an answer to the form they are compared in.

    NFKC (full-width ２９．４ → 29.4, ％ → %), casefold, traditional characters to
    simplified, thousands separators and whitespace dropped, ASCII and CJK punctuation
    and + dropped except a decimal point between digits, % and ‰, and a minus sign before
    a number. Where dropping would join two numbers (2023—2024, 1、2) one `_` is left,
    so they never read as 20232024.
    """
    text = _nfkc(text)
    folded = text.casefold()
    text = _simplified(text if folded == text else _nfkc(folded))
    if text.isalnum():   # letters and digits only (most short replies): nothing to drop
        return text
    if "\u2212" in text or "\u2012" in text or "\u2010" in text:
        text = text.translate(_MINUS_SIGNS)
    if "-" in text:
        text = _SPACED_SIGN_RE.sub("-", text)
    if "," in text or " " in text:
        text = _THOUSANDS_RE.sub(lambda m: m.group().replace(",", "").replace(" ", ""), text)
    # Runs of characters that may be dropped, found in C: what is dropped whatever stands
    # around it, and the decimal points and minus signs that are kept only beside digits.
    kept: list[str] = []
    position = 0
    for run in _RUN_RE.finditer(text.translate(_DROPS)):
        start, end = run.span()
        kept.append(text[position:start])
        position = end
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        marks = text[start:end]
        if marks == "." and before and before in _DIGITS and after and after in _DIGITS:
            kept.append(".")                       # a decimal point: 29.4
        elif marks[-1] == "-" and after and after in _DIGITS \
                and not (before.isascii() and before.isalnum()):
            kept.append("-")                       # a minus sign: -5, 增长-5%; not v-3
        elif before and before in _DIGITS and after and after in _DIGITS:
            kept.append(_DIGIT_BREAK)              # 2023—2024 is not 20232024
    kept.append(text[position:])
    # Dropping a space can leave a combining mark next to a letter: compose them again.
    return _nfkc("".join(kept))


def _nfkc(text: str) -> str:
    """NFKC, sooner for text with compatibility characters (full-width punctuation, most
    Chinese text): each is first replaced by its own decomposition, which NFKC would make of
    it anyway, so that what is left is usually normalised already (Python's quick check)."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text.translate(_DECOMPOSED))


class _Decomposed(dict):
    """For `str.translate`: each character as its NFKD form (filled as characters are met)."""

    def __missing__(self, code: int) -> str:
        decomposed = self[code] = unicodedata.normalize("NFKD", chr(code))
        return decomposed


_DECOMPOSED = _Decomposed()


class _Drops(dict):
    """For `str.translate`: each character as itself, except "\x00" for one `normalise` drops
    wherever it stands (whitespace, +, punctuation other than . - % ‰), and "\x01" for a
    NUL of the text itself. Filled as characters are first met, so the lookups run in C."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isspace() or char in _DROPPED_SYMBOLS or (
                unicodedata.category(char)[0] == "P" and char not in _KEPT_MARKS + ".-"):
            marked = "\x00"
        else:
            marked = "\x01" if char == "\x00" else char
        self[code] = marked
        return marked


_DROPS = _Drops()
_RUN_RE = re.compile(r"[\x00.\-]+")


@cache
def _converter() -> Callable[[str], str]:
    """OpenCC's traditional-to-simplified conversion, loaded on first use (about 15 ms)."""
    import opencc

    return opencc.OpenCC("t2s").convert


@lru_cache(maxsize=8192)
def _simplified(text: str) -> str:
    """Traditional characters as their simplified forms (王京濤 → 王京涛); others unchanged."""
    if text.isascii():
        return text
    return _converter()(text)


def check_reply(card: Card, reply: str) -> Verdict:
    """Judge a typed reply to any card; see the README's "Answer checking" for the rules.

    A cloze card's gaps are each marked on their own (`Verdict.gaps`); the card is right
    when every gap is.
    """
    expected = expected_answer(card)
    if len(reply) > MAX_REPLY_CHARS:
        return Verdict(False, expected, "wrong",
                       f"a reply over {MAX_REPLY_CHARS:,} characters is not read")
    folded = normalise(reply)
    if not folded:
        return unanswered(card, "nothing is left once spaces and punctuation are dropped")
    if card.type is CardType.CHOICE:
        hit = _check_choice(card, folded, reply.strip())
    elif card.type is CardType.CLOZE and _gaps(card):
        return _check_cloze(card, reply, folded, expected)
    else:
        hit = _match(_targets(card), folded, reply.strip(), _tolerance(card.tolerance),
                     card.any_order)
    return Verdict(hit.reason is not None, expected, hit.reason or "wrong", hit.detail)


def expected_answer(card: Card) -> str:
    """The answer as a verdict states it: a choice with its letter, a cloze card's gaps in
    order, a number with its unit."""
    if card.type is CardType.CHOICE:
        return choice_label(card, card.answer)
    if card.type is CardType.CLOZE and _gaps(card):
        return CLOZE_SEPARATOR.join(_gaps(card))
    if card.type is CardType.NUMERIC:
        return card.full_answer
    return card.answer


@dataclass(frozen=True, slots=True)
class AnswerPart:
    """One part of a card's answer as the grader reads it (a cloze gap, or the whole answer):
    for `quiz.decks.giveaway`, which asks where another card's text gives it."""

    texts: frozenset[str]   # normalised; a reply equal to one of them is right for the part
    # The figures it states as (value, unit): 29.4万亿元 and 294000亿元 are (29400000000000, 元).
    figures: frozenset[tuple[Decimal, str]]


def answer_parts(card: Card) -> tuple[AnswerPart, ...]:
    """What a reply must give to be right, part by part: each gap of a cloze card, the
    correct option of a choice card, else the answer with its accept entries. Only what a
    part needs is read (not dates or listed items, nor a choice card's other options): the
    give-away relation reads every card of a deck."""
    if card.type is CardType.CLOZE and _gaps(card):
        groups: list[list[_Forms]] = [[_text_forms(gap)] for gap in _gaps(card)]
    elif card.type is CardType.CHOICE:
        groups = [[_text_forms(card.answer)] if card.answer in card.choices else []]
    elif card.type is CardType.NUMERIC:
        groups = [[_numeric_forms(text, card.unit or "")[1:]
                   for text in (card.answer, *card.accept)]]
    else:
        groups = [[_text_forms(text) for text in (card.answer, *card.accept)]]
    return tuple(AnswerPart(frozenset(text for texts, _ in group for text in texts),
                            frozenset((quantity.value, quantity.unit)
                                      for _, quantity in group if quantity is not None))
                 for group in groups)


def part_right(card: Card, part: int, text: str) -> bool:
    """Whether `text`, given as a reply, is right for one part of the card's answer (as
    `answer_parts` numbers them) by the rules `check_reply` applies to it."""
    folded = normalise(text)
    if not folded:
        return False
    if card.type is CardType.CLOZE and _gaps(card):
        targets: Sequence[_Target] = _gap_targets(_gaps(card))[part]
        tolerance = _NO_TOLERANCE
    elif card.type is CardType.CHOICE:
        targets = [target for target, choice in zip(_choice_targets(card.choices), card.choices)
                   if choice == card.answer]
        tolerance = _NO_TOLERANCE
    else:
        targets, tolerance = _targets(card), _tolerance(card.tolerance)
    return _match(targets, folded, text.strip(), tolerance, card.any_order).reason is not None


def unanswered(card: Card, detail: str = "no reply") -> Verdict:
    """The verdict on a question given no reply (an empty one, a skip): wrong, stating the
    answer as any other verdict does, and each of a cloze card's gaps marked empty, so a
    report shows it as it shows an answered one."""
    gaps = tuple(GapVerdict(gap, "", False, "empty", _NOTHING.detail)
                 for gap in (_gaps(card) if card.type is CardType.CLOZE else ()))
    return Verdict(False, expected_answer(card), "empty", detail, gaps)


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


# An answer's normalised forms, and the figure it states (None if it states none).
_Forms = tuple[frozenset[str], Quantity | None]


def _text_target(text: str, reason: str) -> _Target:
    """An answer written as text: a number in it counts only with a unit it may drop."""
    texts, quantity = _text_forms(text)
    return _Target(text, texts, quantity, parse_date(normalise(text)), _items(text), reason)


def _text_forms(text: str) -> _Forms:
    """The forms of an answer written as text (with a bracketed abbreviation, without it,
    and the abbreviation alone at the end), and its figure if its unit may be dropped."""
    folded = normalise(text)
    quantity = parse_quantity(folded)
    if quantity is not None and not quantity.unit_known:
        quantity = None
    texts = {folded}
    abbreviation = _ABBREVIATION_RE.search(text)
    if abbreviation is not None:   # 中期借贷便利（MLF）: 中期借贷便利 and, at the end, MLF
        texts.add(normalise(_ABBREVIATION_RE.sub("", text)))
        if abbreviation.end() == len(text):
            texts.add(normalise(abbreviation.group(1)))
    texts.discard("")
    return frozenset(texts), quantity


def _numeric_target(text: str, unit: str, reason: str) -> _Target:
    """A numeric card's answer (or accept entry) with the card's unit, which replies may drop."""
    written, texts, quantity = _numeric_forms(text, unit)
    return _Target(written, texts, quantity, parse_date(normalise(written)), (), reason)


def _numeric_forms(text: str, unit: str) -> tuple[str, frozenset[str], Quantity | None]:
    """A numeric answer as written with its unit (a plain number gets the card's), its forms
    with and without that unit, and its figure.

    An entry written with multipliers but no unit (29.4万亿 on a card in 万亿元) takes the
    card's unit too, so that 29.4万亿美元 is as wrong for it as for the answer.
    """
    folded = normalise(text)
    quantity = parse_quantity(folded)
    if quantity is not None and quantity.bare and unit:
        with_unit = normalise(text + unit)
        return text + unit, frozenset({folded, with_unit}), parse_quantity(with_unit)
    if quantity is not None and not quantity.unit and unit:
        base = _base_unit(unit)
        if base:
            return text, frozenset({folded}), replace(quantity, unit=base, unit_known=True)
    return text, frozenset({folded}), quantity


@lru_cache(maxsize=256)
def _base_unit(unit: str) -> str:
    """A card's unit without its multipliers and qualifiers: 元 for 万亿元, 只 for 多万只."""
    quantity = parse_quantity(normalise("1" + unit))
    return quantity.unit if quantity is not None and quantity.unit_known else ""


def _items(text: str) -> tuple[str, ...]:
    """The items an answer lists (提质+降价, 提质和降价, A、B及C), normalised; () if it lists none.

    A joiner word splits only where the items on both sides have two characters or more,
    so 参与度 or 和平 stay whole.
    """
    if _LIST_MARKS_RE.search(text) is None and _JOINER_WORDS_RE.search(text) is None:
        return ()   # one piece: nothing listed (most answers)
    items: list[str] = []
    for part in _LIST_MARKS_RE.split(text):
        pieces = _JOINER_WORDS_RE.split(part)
        folded = [normalise(piece) for piece in pieces]
        if len(pieces) > 1 and all(len(piece) >= _MIN_JOINED_ITEM for piece in folded):
            items.extend(folded)
        else:
            items.append(normalise(part))
    items = [item for item in items if item]
    return tuple(items) if len(items) > 1 else ()


@lru_cache(maxsize=256)
def _tolerance(text: str | None) -> Decimal:
    """A card's absolute tolerance on its answer's own scale; none when absent or unreadable."""
    quantity = parse_quantity(normalise(text or ""))
    return abs(quantity.written) if quantity is not None and quantity.bare else _NO_TOLERANCE


def _match(targets: Sequence[_Target], reply: str, shown: str, tolerance: Decimal,
           any_order: bool) -> _Hit:
    """Which rule makes a normalised reply one of the targets; or, if none, why not.

    `shown` is the reply as typed, to say what was read.
    """
    for target in targets:
        if reply in target.texts:
            return _Hit(target.reason, _same_text(target, shown, reply))
    for target in targets:
        if target.items:
            order = _match_items(target.items, reply, any_order)
            if order is not None:
                listed = "、".join(target.items[index] for index in order)
                another = " in another order (order: any)" \
                    if list(order) != sorted(order) else ""
                return _Hit("items", f"{shown} read as the items {listed}{another}"
                                     f"{_of_entry(target)}")
    miss = ""
    if any(target.date is not None for target in targets):
        date = parse_date(reply, reply=True)
        if date is not None:
            # A year the card states holds for its entries without one: 1月8日 accepted
            # beside 2025年1月8日 does not make 2024年1月8日 right.
            years = {target.date.year for target in targets
                     if target.date is not None and target.date.year is not None}
            for target in targets:
                if target.date is not None and date.matches(target.date) \
                        and (date.year is None or not years or date.year in years):
                    return _Hit("date", f"{shown} read as {date}{_of_entry(target)}")
            answer = next(target for target in targets if target.date is not None)
            miss = f"{shown} read as {date}, not {answer.date}"
    quantity = parse_quantity(reply)
    if quantity is None:
        return _Hit(None, miss or f"{shown} matches no form of the answer")
    read = f"{shown} read as {_plain(quantity)}"
    sided = _sided(targets)
    if sided is not None and _opposite(quantity.bound, sided.quantity.bound):
        return _Hit(None, f"{read}; {sided.text} says {_SIDES[sided.quantity.bound]}, "
                          f"not {_SIDES[quantity.bound]}")
    within: _Hit | None = None
    for target in targets:
        if target.quantity is None:
            continue
        reason, why = _compare(quantity, target.quantity, tolerance)
        if reason == "number":
            return _Hit(reason, f"{read}, the number of {_named(target)}"
                                f"{_qualifiers(quantity, target.quantity)}")
        if reason == "tolerance" and within is None:
            within = _Hit(reason, f"{read}, within {tolerance} of {_named(target)}")
        elif reason is None and not miss:
            miss = f"{read}; {target.text} {why}"
    return within or _Hit(None, miss or f"{shown} matches no form of the answer")


def _sided(targets: Sequence[_Target]) -> _Target | None:
    """The form that says on which side of its number the card's figure lies (超 or 近): the
    answer's qualifier, else the one its accept entries agree on. That side holds for every
    form, so an entry that leaves the qualifier out (1万亿元 beside 超1万亿元) does not
    make 近1万亿元 right."""
    answer = targets[0].quantity
    if answer is not None and answer.bound:
        return targets[0]
    sided = [target for target in targets[1:]
             if target.quantity is not None and target.quantity.bound
             and target.quantity.bound != ABOUT]
    return sided[0] if len({target.quantity.bound for target in sided}) == 1 else None


def _same_text(target: _Target, shown: str, reply: str) -> str:
    """Why a reply's text is the target's, in a few words."""
    entry = f"the accept entry {target.text}" if target.reason == "accept" else "the answer"
    if shown == target.text:
        return f"{entry} as written"
    simplified = _simplified(unicodedata.normalize("NFKC", shown))
    if simplified != unicodedata.normalize("NFKC", shown):
        return f"{shown} read as {simplified} (traditional characters), {entry}"
    if reply != normalise(target.text):
        return f"{entry} with its bracketed abbreviation left out, or the abbreviation alone"
    return f"{entry}, ignoring width, case, spaces and punctuation"


def _of_entry(target: _Target) -> str:
    return f" (the accept entry {target.text})" if target.reason == "accept" else ""


def _match_items(items: tuple[str, ...], reply: str,
                 any_order: bool) -> tuple[int, ...] | None:
    """The order in which a reply gives every listed item, joined by nothing, a joiner
    word or `_` (two numbers need one of them); None if it does not."""
    seen: dict[tuple[int, frozenset[int]], tuple[int, ...] | None] = {}

    def walk(pos: int, left: frozenset[int], before: str) -> tuple[int, ...] | None:
        if not left:
            return () if pos == len(reply) else None
        state = (pos, left)
        if state in seen:
            return seen[state]
        found = None
        starts = [pos]
        if before:   # between two items: a joiner may stand
            starts += [pos + len(joiner) for joiner in (*_JOINERS, _DIGIT_BREAK)
                       if reply.startswith(joiner, pos)]
        candidates = sorted(left) if any_order else [min(left)]
        for start in starts:
            for index in candidates:
                item = items[index]
                if start == pos and before and before[-1] in _DIGITS and item[0] in _DIGITS:
                    continue   # 4 and 2 written 42 are not 4+2
                if reply.startswith(item, start):
                    rest = walk(start + len(item), left - {index}, item)
                    if rest is not None:
                        found = (index, *rest)
                        break
            if found is not None:
                break
        seen[state] = found
        return found

    return walk(0, frozenset(range(len(items))), "")


def _compare(reply: Quantity, answer: Quantity, tolerance: Decimal) -> tuple[str | None, str]:
    """("number", "") if the reply states the answer's number, ("tolerance", "") if close
    enough, else (None, how it differs).

    A plain number is read on the answer's own scale (29.4 for 29.4万亿元); a reply
    with 万/亿 or a unit is compared in full, and its unit, if any, must be the answer's.
    Qualifiers (超, 近, 约, 以上…) do not change the number; a reply whose qualifier says
    the opposite side of the answer's (近 for 超) is wrong.
    """
    if _opposite(reply.bound, answer.bound):
        return None, f"says {_SIDES[answer.bound]}, not {_SIDES[reply.bound]}"
    if reply.bare:
        given, wanted, allowed = reply.written, answer.written, tolerance
    else:
        if reply.unit and answer.unit and reply.unit != answer.unit:
            return None, "has another unit"
        if reply.unit and not answer.unit and not reply.unit_known:
            return None, "has no unit"
        given, wanted = reply.value, answer.value
        allowed = EXACT.scaleb(tolerance, answer.shift)
    if given == wanted:
        return "number", ""
    if EXACT.abs(EXACT.subtract(given, wanted)) <= allowed:
        return "tolerance", ""
    return None, "is another number"


def _opposite(side: str, other: str) -> bool:
    """Whether two qualifiers put a figure on opposite sides of its number (近 and 超)."""
    return bool(side and other) and ABOUT not in (side, other) and side != other


def _named(target: _Target) -> str:
    return f"the accept entry {target.text}" if target.reason == "accept" else target.text


def _plain(quantity: Quantity) -> str:
    """A quantity as read, without its qualifiers: 29.4万亿元, 70%; 一万亿 as 1万亿."""
    written, shift = quantity.written, quantity.shift
    if not quantity.bare and not shift and written == written.to_integral_value():
        for power in (12, 8, 4):   # a Chinese numeral holding 万/亿
            if written and not written % 10**power:
                written, shift = Decimal(int(written) // 10**power), power
                break
    return f"{written:f}{multiplier_text(shift)}{quantity.unit}"


def _qualifiers(reply: Quantity, answer: Quantity) -> str:
    """What a number match left aside: the reply's and the answer's qualifiers."""
    words = dict.fromkeys(reply.qualifiers + answer.qualifiers)
    if not words:
        return ""
    return f" (qualifier {'、'.join(words)} set aside: the number decides)"


def _check_choice(card: Card, folded: str, shown: str) -> _Hit:
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
                     if _match((target,), folded, shown, _NO_TOLERANCE, False).reason]
            if len(loose) == 1:
                chosen = loose[0]
            elif loose:
                return _Hit(None, f"{shown} fits {len(loose)} choices; give a letter")
    if chosen is None:
        return _Hit(None, f"{shown} is neither a choice nor a letter a–"
                          f"{CHOICE_LETTERS[len(targets) - 1]}")
    label = choice_label(card, card.choices[chosen])
    if normalise(card.answer) in targets[chosen].texts:
        return _Hit("choice", f"{shown} picks {label}")
    return _Hit(None, f"{shown} picks {label}")


def _check_cloze(card: Card, reply: str, folded: str, expected: str) -> Verdict:
    """Each gap marked on its own; the card is right when every gap is."""
    gaps = _gaps(card)
    targets = _gap_targets(gaps)
    if len(gaps) == 1:
        hit = _match(targets[0], folded, reply.strip(), _NO_TOLERANCE, card.any_order)
        marked = ((hit, reply.strip()),)
        order: tuple[int, ...] = (0,)
    else:
        text = unicodedata.normalize("NFKC", reply)
        parts = text.split(_STRONG_SEPARATOR)
        together = _gaps_together(gaps, text, folded, card.any_order)
        if together is not None:
            marked, order = together
        elif len(parts) == len(gaps) and not card.any_order:
            marked = tuple((_match(target, normalise(part), part.strip(), _NO_TOLERANCE, False)
                            if normalise(part) else _NOTHING, part.strip())
                           for target, part in zip(targets, parts))
            order = tuple(range(len(gaps)))
        else:
            marked, order = _fit_gaps(targets, _gap_widths(gaps), text, card.any_order)
    verdicts = tuple(GapVerdict(gap, part, hit.reason is not None,
                                hit.reason or ("empty" if hit is _NOTHING else "wrong"),
                                hit.detail)
                     for gap, (hit, part) in zip(gaps, marked))
    right = sum(gap.correct for gap in verdicts)
    if len(gaps) == 1:
        return Verdict(right == 1, expected, verdicts[0].reason, verdicts[0].detail, verdicts)
    if right < len(gaps):
        return Verdict(False, expected, "wrong", f"{right} of {len(gaps)} gaps right", verdicts)
    if list(order) != sorted(order):
        return Verdict(True, expected, "items",
                       "every gap right, in another order (order: any)", verdicts)
    reason = max((gap.reason for gap in verdicts), key=_LOOSENESS.__getitem__)
    return Verdict(True, expected, reason, "every gap right", verdicts)


def _gaps_together(gaps: tuple[str, ...], text: str, folded: str,
                   any_order: bool) -> tuple[_Marked, tuple[int, ...]] | None:
    """Every gap written with nothing between them (感知理解推理 for 感知、理解、推理), as a
    list of items is read; None if the reply is not one piece that does so."""
    if len(_GAP_PIECE_RE.findall(text)) != 1:
        return None
    order = _match_items(tuple(normalise(gap) for gap in gaps), folded, any_order)
    if order is None:
        return None
    return tuple((_Hit("items", f"{gap}, read from the gaps written together"), gap)
                 for gap in gaps), order


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


_Marked = tuple[tuple[_Hit, str], ...]


def _fit_gaps(targets: tuple[tuple[_Target], ...], widths: tuple[int, ...], text: str,
              any_order: bool) -> tuple[_Marked, tuple[int, ...]]:
    """Split the reply's pieces into runs, one per gap, getting as many gaps right as can be.

    A run may hold several pieces, so a gap that itself contains a separator
    (1,234 or 中国人民银行、金融监管总局) still matches; widths bound each run. In order,
    run n answers gap n, and a gap may get no run (the reply left it out). With
    `any_order` the runs that match some gap are found first, then paired with the gaps
    (a maximum matching), so a gap is never counted twice. Returns each gap's finding and
    the part read for it, and which gap each right run answered, in the reply's order.
    """
    pieces = [match.span() for match in _GAP_PIECE_RE.finditer(text)]
    count = len(targets)
    if len(pieces) > sum(widths):
        return tuple((_Hit(None, "more pieces than the gaps can take"), "")
                     for _ in targets), ()
    widest = max(widths)

    def part(start: int, end: int) -> str:
        return text[pieces[start][0]:pieces[end - 1][1]]

    folded: dict[tuple[int, int], str] = {}
    hits: dict[tuple[int, int, int], _Hit] = {}

    def hit(start: int, end: int, gap: int) -> _Hit:
        found = hits.get((start, end, gap))
        if found is None:
            if (start, end) not in folded:
                folded[start, end] = normalise(part(start, end))
            found = hits[start, end, gap] = _match(targets[gap], folded[start, end],
                                                   part(start, end), _NO_TOLERANCE, any_order)
        return found

    def matches(start: int, end: int, run: int) -> bool:
        if any_order:
            return any(hit(start, end, gap).reason is not None for gap in range(count))
        return hit(start, end, run).reason is not None

    # A plan: how many of its runs match, and its runs as (start, end) (start == end for a
    # gap the reply left out); no plan can match more than the gaps left.
    @cache
    def fit(first: int, runs: int) -> tuple[int, tuple[tuple[int, int], ...]] | None:
        if first == len(pieces):
            return 0, ()
        if runs == count:
            return None
        best: tuple[int, tuple[tuple[int, int], ...]] | None = None
        ends = range(first + 1, min(len(pieces), first + (widest if any_order else
                                                            widths[runs])) + 1)

        def tries() -> Iterator[tuple[int, int, bool]]:
            """Runs that match first (a right reply's plan is then the first one tried)."""
            yield from ((first, end, True) for end in ends if matches(first, end, runs))
            yield from ((first, end, False) for end in ends)
            if not any_order:
                yield first, first, False

        for start, end, matched in tries():
            rest = fit(end, runs + 1)
            if rest is not None and (best is None or rest[0] + matched > best[0]):
                best = (rest[0] + matched, ((start, end), *rest[1]))
                if best[0] == count - runs:
                    break
        return best

    plan = fit(0, 0)
    marked: list[tuple[_Hit, str]] = [(_NOTHING, "")] * count
    if plan is None:
        return tuple(marked), ()
    runs = [run for run in plan[1] if run[1] > run[0]] if any_order else list(plan[1])
    if not any_order:
        for gap, (start, end) in enumerate(runs):
            if end > start:
                marked[gap] = (hit(start, end, gap), part(start, end))
        return tuple(marked), tuple(gap for gap, (start, end) in enumerate(runs)
                                    if end > start and hit(start, end, gap).reason)
    answered = _pair(runs, count, lambda run, gap: hit(*runs[run], gap).reason is not None)
    order = [answered[run] for run in range(len(runs)) if run in answered]
    left = [gap for gap in range(count) if gap not in order]
    for run, (start, end) in enumerate(runs):
        if run in answered:
            marked[answered[run]] = (hit(start, end, answered[run]), part(start, end))
        elif left:   # a run that is none of the gaps goes to the first gap left
            marked[left.pop(0)] = (_Hit(None, f"{part(start, end)} is none of the gaps left"),
                                   part(start, end))
    return tuple(marked), tuple(order)


def _pair(runs: Sequence[object], count: int,
          fits: Callable[[int, int], bool]) -> dict[int, int]:
    """A maximum matching of runs to gaps 0…count-1 (Kuhn's augmenting paths): run → gap."""
    gap_of_run: dict[int, int] = {}
    run_of_gap: dict[int, int] = {}

    def augment(run: int, seen: set[int]) -> bool:
        for gap in range(count):
            if gap not in seen and fits(run, gap):
                seen.add(gap)
                if gap not in run_of_gap or augment(run_of_gap[gap], seen):
                    gap_of_run[run], run_of_gap[gap] = gap, run
                    return True
        return False

    for run in range(len(runs)):
        augment(run, set())
    return gap_of_run
