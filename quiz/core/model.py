"""The domain model: decks and cards as frozen dataclasses, free of any I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
# Where a card's value stands in its file, for problems found after loading (`quiz.decks.lint`):
# (key, line, column, exact). `key` is a card key ("q", "text", "a", "quote", "choices") or
# "choices[N]" for one choice; `exact` says the value is written on one line as it
# reads (no escapes, no folding), so an offset into the value is an offset in columns.
Spot = tuple[str, int, int, bool]
CLOZE_RE = re.compile(r"\{\{(.+?)\}\}", re.DOTALL)
# A card as the store and the queues name it: (deck slug, card id).
Key = tuple[str, str]
# Deck slugs of imported review logs (`quiz log import`); no deck file may use them.
IMPORT_PREFIX = "import-"
# The letters a choice card's options are shown under and chosen by, in order; a card has
# at most this many options.
CHOICE_LETTERS = "abcdef"


def slug_problem(what: str, value: str) -> str | None:
    """Why `value` cannot be a slug (`what`: "deck slug" or "card id"), or None: one wording
    for the loader and for the commands that name a new deck."""
    if SLUG_RE.match(value):
        return None
    return (f"{what} '{value}' must be lowercase letters, digits and '-', starting with a "
            f"letter or digit")


def claim_id(stem: str, digest: str, taken: set[str], *, shortest: int, step: int) -> str | None:
    """The shortest `stem-<digest prefix>` not yet in `taken` (then added to it), or None.

    Ids derived from content stay the same across runs, and lengthen only on a collision.
    """
    for length in range(shortest, len(digest) + 1, step):
        candidate = f"{stem}-{digest[:length]}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    return None


class CardType(StrEnum):
    BASIC = "basic"
    CLOZE = "cloze"
    CHOICE = "choice"
    NUMERIC = "numeric"


def cloze_parts(text: str) -> list[tuple[str, str | None]]:
    """Split each ``{{answer::hint}}`` gap of a cloze text into (answer, hint)."""
    parts = []
    for raw in CLOZE_RE.findall(text):
        answer, sep, hint = raw.partition("::")
        parts.append((answer.strip(), hint.strip() if sep else None))
    return parts


def cloze_masked(text: str, mask: str = "[…]") -> str:
    """The cloze text with every gap hidden (a hint, if given, shows in the mask)."""

    def hide(match: re.Match[str]) -> str:
        _, sep, hint = match.group(1).partition("::")
        return f"[{hint.strip()}]" if sep and hint.strip() else mask

    return CLOZE_RE.sub(hide, text)


def cloze_revealed(text: str) -> str:
    """The cloze text with every gap filled in by its answer."""
    return CLOZE_RE.sub(lambda m: m.group(1).partition("::")[0].strip(), text)


@dataclass(frozen=True, slots=True)
class Card:
    """One question with its answer, where it came from and how it is checked."""

    deck: str
    id: str
    type: CardType
    prompt: str
    answer: str
    gaps: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    unit: str | None = None
    tolerance: str | None = None
    quote: str | None = None
    explain: str | None = None
    tags: tuple[str, ...] = ()
    source: str | None = None
    valid_until: str | None = None
    supersedes: str | None = None
    any_order: bool = False   # `order: any`: listed items (or cloze gaps) in any order
    line: int = 0
    lint_ignore: tuple[str, ...] = ()
    # Positions are for reporting only: they do not make two cards different.
    spots: tuple[Spot, ...] = field(default=(), compare=False, repr=False)

    @property
    def key(self) -> str:
        """The card's identity in the store: deck slug and card id."""
        return f"{self.deck}/{self.id}"

    @property
    def question(self) -> str:
        """What the learner sees before answering."""
        return cloze_masked(self.prompt) if self.type is CardType.CLOZE else self.prompt

    @property
    def full_answer(self) -> str:
        """What the learner sees after answering."""
        if self.type is CardType.CLOZE:
            return cloze_revealed(self.prompt)
        if self.type is CardType.NUMERIC and self.unit:
            return f"{self.answer}{self.unit}"
        return self.answer

    def choice_letter(self) -> str:
        """The letter the correct choice is shown under (a choice card's)."""
        return CHOICE_LETTERS[self.choices.index(self.answer)]

    @property
    def content_hash(self) -> str:
        """A short hash of what the card asks and accepts, to notice edits."""
        import hashlib  # not needed to load or check decks, so not paid for there
        import json

        content = [self.type.value, self.prompt, self.answer, self.accept, self.choices,
                   self.unit, self.tolerance]
        if self.any_order:   # appended only when set, so other cards keep their hashes
            content.append("order: any")
        blob = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def to_json(self) -> dict[str, object]:
        """The card as `quiz check --json` prints it."""
        data: dict[str, object] = {
            "id": self.id,
            "type": self.type.value,
            "prompt": self.prompt,
            "answer": list(self.gaps) if self.type is CardType.CLOZE else self.answer,
            "line": self.line,
        }
        optional = {
            "accept": list(self.accept), "choices": list(self.choices), "unit": self.unit,
            "tolerance": self.tolerance, "quote": self.quote, "explain": self.explain,
            "tags": list(self.tags), "source": self.source, "valid_until": self.valid_until,
            "supersedes": self.supersedes, "order": "any" if self.any_order else None,
            "lint_ignore": list(self.lint_ignore),
        }
        data.update({k: v for k, v in optional.items() if v})
        return data

    def spot(self, key: str) -> Spot | None:
        """Where one of the card's values stands in its file, if the card was read from one."""
        for spot in self.spots:
            if spot[0] == key:
                return spot
        return None


@dataclass(frozen=True, slots=True)
class Deck:
    """A named collection of cards loaded from one YAML file."""

    slug: str
    title: str
    path: Path
    cards: tuple[Card, ...]
    source: str | None = None
    as_of: str | None = None
    tags: tuple[str, ...] = ()
    valid_until: str | None = None
    supersedes: str | None = None
    line: int = 1
    column: int = 1
    name: str | None = None   # a short label for headers and lists; the slug when absent

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"path": str(self.path), "deck": self.slug, "title": self.title}
        optional = {"name": self.name, "source": self.source, "as_of": self.as_of,
                    "tags": list(self.tags), "valid_until": self.valid_until,
                    "supersedes": self.supersedes}
        data.update({k: v for k, v in optional.items() if v})
        data["cards"] = [card.to_json() for card in self.cards]
        return data
