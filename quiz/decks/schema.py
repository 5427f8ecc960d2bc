"""Deck format v1: the keys a deck and each card type take and need, and the checks of a
card's own values (cloze gaps, choices, numbers) that need no source article."""

from __future__ import annotations

import re

from quiz.core.errors import did_you_mean
from quiz.core.model import CHOICE_LETTERS, CLOZE_RE, CardType, cloze_parts
from quiz.decks.nodes import NEAR, PLAIN_TAGS, Entries, NodeReader
from quiz.decks.yamltree import Node, Sequence

MAX_CHOICES = len(CHOICE_LETTERS)
# How a numeric answer or tolerance is written; `quiz draft` proposes only answers it accepts.
NUMBER_RE = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\Z")

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
ALL_CARD_KEYS = frozenset(COMMON_CARD_KEYS).union(*TYPE_KEYS.values())
ALLOWED_CARD_KEYS = {kind: frozenset(COMMON_CARD_KEYS + keys) for kind, keys in TYPE_KEYS.items()}
TYPES_BY_NAME = {kind.value: kind for kind in CardType}
LIST_KEYS = frozenset({"accept", "choices", "tags"})
# Card keys whose values are read (and their problems reported) by their own checks.
CHECKED_ELSEWHERE = frozenset({"id", "type", "accept", "choices", "tags", "valid_until",
                               "source", "lint"})


def cloze_gaps(reader: NodeReader, node: Node, text: str) -> tuple[str, ...]:
    """The answers of a cloze text's gaps; no gap, an empty one or an unbalanced mark
    is reported."""
    gaps = tuple([answer for answer, _ in cloze_parts(text)])
    if not gaps:
        reader.at(node, "cloze text has no gap; mark each gap as {{answer}}")
    elif "" in gaps:
        reader.at(node, "cloze text has an empty gap {{}}")
    else:
        rest = CLOZE_RE.sub("", text)
        if "{{" in rest or "}}" in rest:
            reader.at(node, "cloze text has an unbalanced '{{' or '}}'")
    return gaps


def check_choices(reader: NodeReader, entries: Entries, choices: tuple[str, ...],
                  answer: str) -> None:
    """A choice card's options: 2 to MAX_CHOICES, none twice, the answer among them."""
    node = entries["choices"][1]
    if type(node) is not Sequence or node.tag not in PLAIN_TAGS:
        return
    if not node.value:
        reader.at(node, "'choices' is empty")
        return
    if not choices:
        return
    if not 2 <= len(choices) <= MAX_CHOICES:
        reader.at(node, f"'choices' needs 2 to {MAX_CHOICES} options, not {len(choices)}")
    seen: set[str] = set()
    for item, choice in zip(node.value, choices):
        if choice in seen:
            reader.at(item, f"choice '{choice}' is listed twice")
        seen.add(choice)
    if answer and answer not in choices:
        reader.at(entries["a"][1], f"answer '{answer}' is not one of the choices"
                                 f"{did_you_mean(answer, sorted(choices), cutoff=NEAR)}")


def check_numeric(reader: NodeReader, entries: Entries, answer: str,
                  tolerance: str | None) -> None:
    """A numeric card's answer is a number, its tolerance a number of zero or more."""
    if answer and not NUMBER_RE.match(answer):
        reader.at(entries["a"][1], f"numeric answer '{answer}' is not a number; put the unit "
                                 f"in 'unit' (e.g. a: 29.4, unit: 万亿元)")
    if tolerance is not None and (not NUMBER_RE.match(tolerance) or tolerance.startswith("-")):
        reader.at(entries["tolerance"][1], f"tolerance '{tolerance}' must be a number "
                                         f"of zero or more")
