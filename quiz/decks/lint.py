"""Warnings about cards that load and ground fine but teach badly (README "Writing cards").

Each rule is a pure function of loaded decks that returns located warnings, their message
starting with the rule's name in brackets (`[relative-time] …`). A card silences a rule on
purpose with `lint: {ignore: [rule, …]}`. `quiz check` runs every rule; study never does, so
a warning never keeps a card from being studied.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from quiz.answers.numbers import parse_quantity
from quiz.core.model import CLOZE_RE, Card, CardType, Deck
from quiz.decks.grounding import fold, squash
from quiz.decks.problems import Problem

RULES: dict[str, str] = {
    "relative-time": "a relative time word in a question or cloze text with no year beside it",
    "choice-kind": "choice options that differ in kind or unit from the answer",
    "choice-count": "a choice card with fewer than four options",
    "choice-in-question": "a choice option that occurs in the question",
    "long-answer": "a typed answer longer than 15 characters with no accept entry that short",
    "duplicate-fact": "two cards with the same quote and the same answer",
}
MIN_CHOICES = 4
MAX_TYPED_CHARS = 15

# Words that place a fact in time relative to when the article was written. Longer words come
# first, so 今年以来 is found whole rather than as 今年.
_RELATIVE_WORDS = (
    "今年以来", "截至目前", "近年来", "不久前", "上半年", "下半年", "本季度", "上季度",
    "去年", "今年", "明年", "前年", "上年", "近日", "日前", "目前", "当前", "现在", "如今", "至今",
    "迄今", "近年", "近期", "近来", "此前", "今天", "今日", "昨天", "昨日", "明天", "上月", "本月",
    "下月", "上周", "本周", "下周",
)
# The look-ahead lets the search skip most characters at once (three times faster).
_RELATIVE_RE = re.compile(f"(?=[{''.join(sorted({word[0] for word in _RELATIVE_WORDS}))}])"
                          f"(?:{'|'.join(_RELATIVE_WORDS)})")
# 30年前, 三十余年前, 4年来, 两个月前; not 2000年前后 (a year) nor 多年来 (no count). Only
# searched for in texts holding one of _COUNTED_ENDS, since most questions hold figures.
_COUNTED_RE = re.compile(r"(?<![0-9０-９])(?:[0-9０-９]{1,3}|[一二两三四五六七八九十百几数]+)\s*"
                         r"[多余]?\s*(?:个月|年|天|周)(?:前(?!后)|来)")
_COUNTED_ENDS = ("年前", "年来", "月前", "天前", "周前")
# Where a listed word is part of another word: 体现在 (not 现在), 节日前, 应当前往, 此前提,
# 今日头条.
_NOT_AFTER = {"现在": "体表出实呈展发", "日前": "节生作假期止", "当前": "应理正相恰"}
_NOT_BEFORE = {"此前": "提", "今日": "头"}
# A year written out: 2024年, 2024 年, ２０２４年, 二〇二四年, or a date 2025-01-08, 2025.1.8,
# 2025/1/8.
_YEAR_RE = re.compile(r"(?<![0-9０-９.．])[0-9０-９]{4}\s*年|[〇零一二三四五六七八九]{4}年"
                      r"|(?<![0-9０-９.．])[0-9０-９]{4}[-./－．／][0-9０-９]{1,2}[-./－．／]"
                      r"[0-9０-９]{1,2}(?![0-9０-９])")
# A year counts when it is in the same sentence as the relative word.
_SENTENCE_ENDS = "。！？；!?;\n"

# Words around a figure that do not change its kind: 超80亿元, 八成以上, 2000年前后.
_ROUGHLY_RE = re.compile(r"(?:超过|超|逾|近|约|不足|不到|达)?(.+?)(?:以上|左右|前后|以下)?")
# How a figure can start (parse_quantity reads nothing else).
_FIGURE_STARTS = frozenset("0123456789.-+负百零〇一二两三四五六七八九十")
_TIME_RE = re.compile(r"[0-9]{4}年|[0-9]+年代|世纪|[0-9]+月|[0-9]+日|[〇零一二三四五六七八九]{4}年")


# -- the rules ------------------------------------------------------------------------------


def relative_time(deck: Deck) -> list[Problem]:
    """A relative time word (去年, 目前, 近日, 30年前…) in a question or cloze text with no
    year in the same sentence: months later the learner cannot tell which year is meant.

    A year counts only where the learner sees it: a year inside a cloze gap is hidden.
    """
    problems = []
    for card in _cards(deck, "relative-time"):
        if card.type is CardType.CLOZE:
            key, (seen, shown) = "text", _question_views(card)
        else:
            key, seen = "q", card.prompt
            shown = seen
        floating = floating_times(seen, shown)
        if floating:
            words = "、".join(dict.fromkeys(re.sub(r"\s+", "", m.group()) for m in floating))
            problems.append(_at(deck, card, key, floating[0].start(),
                                f"[relative-time] {words} with no year in the sentence: write "
                                f"the date the article means, or anchor it to the report's date, "
                                f"as in 截至报道时（2025年1月）"))
    return problems


def floating_times(seen: str, shown: str | None = None) -> list[re.Match[str]]:
    """The relative time words of a text with no year in their sentence; `shown` is the text
    as the learner sees it when it differs (a cloze with its gaps blanked)."""
    shown = seen if shown is None else shown
    matches = list(_RELATIVE_RE.finditer(seen))
    if ("前" in seen or "来" in seen) and any(end in seen for end in _COUNTED_ENDS):
        matches = sorted([*matches, *_COUNTED_RE.finditer(seen)], key=lambda m: m.start())
    return [match for match in matches
            if not (_part_of_other_word(seen, match) or _year_beside(seen, shown, match.start()))]


def choice_kind(deck: Deck) -> list[Problem]:
    """Options of another kind or unit than the answer (a percentage among money amounts, a
    currency only the answer has, a name among years) are ruled out without knowing the fact."""
    problems = []
    for card in _cards(deck, "choice-kind"):
        if card.type is not CardType.CHOICE or card.answer not in card.choices \
                or _same_shape(card.choices):
            continue
        kinds = [option_kind(choice) for choice in card.choices]
        wanted = kinds[card.choices.index(card.answer)]
        odd = [(index, choice, kind)
               for index, (choice, kind) in enumerate(zip(card.choices, kinds)) if kind != wanted]
        if odd:
            listed = ", ".join(f"'{choice}' ({kind})" for _, choice, kind in odd)
            problems.append(_at(deck, card, f"choices[{odd[0][0]}]", 0,
                                f"[choice-kind] the answer '{card.answer}' is {wanted}, but "
                                f"{listed} {'is' if len(odd) == 1 else 'are'} not; give options "
                                f"of one kind and unit"))
    return problems


def choice_count(deck: Deck) -> list[Problem]:
    """Fewer than four options make a guess too easy; exams give four."""
    return [_at(deck, card, "choices", 0,
                f"[choice-count] {len(card.choices)} options; give {MIN_CHOICES}")
            for card in _cards(deck, "choice-count")
            if card.type is CardType.CHOICE and len(card.choices) < MIN_CHOICES]


def choice_in_question(deck: Deck) -> list[Problem]:
    """An option the question itself contains is given away (or ruled out) by the question."""
    problems = []
    for card in _cards(deck, "choice-in-question"):
        if card.type is not CardType.CHOICE:
            continue
        question = fold(card.prompt)
        for index, choice in enumerate(card.choices):
            if _occurs(fold(choice), question):
                problems.append(_at(deck, card, f"choices[{index}]", 0,
                                    f"[choice-in-question] option '{choice}' occurs in the "
                                    f"question"))
    return problems


def long_answer(deck: Deck) -> list[Problem]:
    """A typed answer (basic answers, cloze gaps) longer than 15 characters, spaces and
    punctuation not counted, is more than anyone types right; a basic card passes with an
    `accept` entry that short."""
    problems = []
    for card in _cards(deck, "long-answer"):
        if card.type is CardType.BASIC:
            length = typed_length(card.answer)
            if length > MAX_TYPED_CHARS and not any(typed_length(entry) <= MAX_TYPED_CHARS
                                                    for entry in card.accept):
                problems.append(_at(deck, card, "a", 0,
                                    f"[long-answer] the answer is {length} characters to type; "
                                    f"add a short 'accept' entry the quote holds, ask for less, "
                                    f"or make it a choice or cloze card"))
        elif card.type is CardType.CLOZE:
            long_gaps = [gap for gap in card.gaps if typed_length(gap) > MAX_TYPED_CHARS]
            if long_gaps:
                offset = card.prompt.find(long_gaps[0])
                problems.append(_at(deck, card, "text", max(offset, 0),
                                    f"[long-answer] gap '{long_gaps[0]}' is "
                                    f"{typed_length(long_gaps[0])} characters to type; gap "
                                    f"less of the text"))
    return problems


def duplicate_fact(decks: Iterable[Deck]) -> list[Problem]:
    """Two cards with the same quote (whitespace ignored) and the same answer teach one fact
    twice; reported at the later card. Decks that share a source article are compared too."""
    problems = []
    quoted: dict[tuple[str, str], list[tuple[Deck, Card]]] = {}
    for deck in decks:
        for card in deck.cards:
            if card.quote:
                quoted.setdefault((card.source or str(deck.path), squash(card.quote)), []).append(
                    (deck, card))
    for group in quoted.values():
        if len(group) == 1:
            continue
        first: dict[str, tuple[Deck, Card]] = {}
        for deck, card in group:
            answer = _answer_key(card)
            if answer not in first:
                first[answer] = deck, card
                continue
            other_deck, other = first[answer]
            if "duplicate-fact" in card.lint_ignore or "duplicate-fact" in other.lint_ignore:
                continue
            where = f"'{other.id}' (line {other.line})" if other_deck is deck else \
                f"'{other.key}' ({other_deck.path}:{other.line})"
            problems.append(_at(deck, card, "quote", 0,
                                f"[duplicate-fact] same quote and answer as card {where}; keep "
                                f"one card per fact"))
    return problems


DECK_RULES: tuple[Callable[[Deck], list[Problem]], ...] = (
    relative_time, choice_kind, choice_count, choice_in_question, long_answer)


def lint_decks(decks: Iterable[Deck]) -> list[Problem]:
    """Every rule's warnings for these decks, sorted by file and position."""
    decks = list(decks)
    problems = [problem for deck in decks for rule in DECK_RULES for problem in rule(deck)]
    problems += duplicate_fact(decks)
    return sorted(problems)


# -- what the rules look at -------------------------------------------------------------------


def option_kind(option: str) -> str:
    """What kind of value a choice is: "time", "text", "a number", or the unit of a figure
    (元, 美元, %, 成, 倍, 家…), its multipliers (万, 亿) and qualifiers (超, 多, 以上) aside."""
    text = fold(option).replace(",", "")
    if _TIME_RE.search(text):
        return "time"
    rough = _ROUGHLY_RE.fullmatch(text)
    text = rough.group(1) if rough else text
    if text[:1] not in _FIGURE_STARTS:
        return "text"
    quantity = parse_quantity(text)
    if quantity is None or not quantity.unit_known:
        return "text"
    return quantity.unit or "a number"


def _same_shape(choices: tuple[str, ...]) -> bool:
    """Figures that differ only in their digits (4.46%, 3.96%; 15亿元, 86.57亿元) are of one
    kind; a quick test before reading each one (dates aside: 98年 is not 2020年)."""
    shapes = {choice.lstrip("0123456789.,") for choice in choices}
    if len(shapes) != 1 or any(choice[:1] not in "0123456789" for choice in choices):
        return False
    shape = shapes.pop()
    return not any(char in shape for char in "年月日世纪")


def typed_length(text: str) -> int:
    """How many characters typing an answer takes: spaces and punctuation are not typed."""
    text = unicodedata.normalize("NFKC", text)
    return sum(1 for char in text
               if not (char.isspace() or unicodedata.category(char)[0] == "P"))


def _cards(deck: Deck, rule: str) -> Iterator[Card]:
    return (card for card in deck.cards if rule not in card.lint_ignore)


def _at(deck: Deck, card: Card, key: str, offset: int, message: str) -> Problem:
    """A warning at a value of the card, `offset` characters into it where the value is
    written as it reads; at the card's line when the value's place is not known."""
    spot = card.spot(key)
    if spot is None:
        return Problem(str(deck.path), max(card.line, 1), 1, message, "warning")
    _, line, column, exact = spot
    return Problem(str(deck.path), line, column + (offset if exact else 0), message, "warning")


def _question_views(card: Card) -> tuple[str, str]:
    """A cloze text as read after the answer (gaps filled) and as seen before it (gaps blank,
    hints shown), both as long as the written text, so offsets stay columns."""
    text = card.prompt

    def filled(match: re.Match[str]) -> str:
        answer, sep, hint = match.group(1).partition("::")
        return "  " + answer + " " * (len(sep) + len(hint)) + "  "

    def blank(match: re.Match[str]) -> str:
        answer, sep, hint = match.group(1).partition("::")
        return " " * (2 + len(answer) + len(sep)) + hint + "  "

    return CLOZE_RE.sub(filled, text), CLOZE_RE.sub(blank, text)


def _part_of_other_word(text: str, match: re.Match[str]) -> bool:
    word, start, end = match.group(), match.start(), match.end()
    before = text[start - 1:start]
    return bool(before and before in _NOT_AFTER.get(word, "")
                or text[end:end + 1] and text[end:end + 1] in _NOT_BEFORE.get(word, ""))


def _year_beside(seen: str, shown: str, index: int) -> bool:
    """Whether the sentence holding seen[index] shows a year (in `shown`, the visible text)."""
    start = max(seen.rfind(end, 0, index) for end in _SENTENCE_ENDS) + 1
    stops = [stop for end in _SENTENCE_ENDS if (stop := seen.find(end, index)) >= 0]
    stop = min(stops, default=len(seen))
    return _YEAR_RE.search(shown, start, stop) is not None


def _occurs(needle: str, haystack: str) -> bool:
    """Whether a folded option occurs in a folded text, a number never matching part of a
    longer number (8 is not in 2008)."""
    if not needle:
        return False
    index = haystack.find(needle)
    while index >= 0:
        before = haystack[index - 1:index]
        after = haystack[index + len(needle):index + len(needle) + 2]
        if not (needle[0].isdigit() and before and (before.isdigit() or before == ".")
                or needle[-1].isdigit() and after and (after[0].isdigit() or after[:1] == "."
                                                       and after[1:].isdigit())):
            return True
        index = haystack.find(needle, index + 1)
    return False


def _answer_key(card: Card) -> str:
    if card.type is CardType.CLOZE:
        return "\x1f".join(fold(gap) for gap in card.gaps)
    return fold(card.full_answer)
