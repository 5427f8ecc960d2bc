"""How a card's text is drawn: the question, the revealed cloze and the choices."""

from __future__ import annotations

from textual.content import Content

from ..model import CLOZE_RE, Card, CardType

GAP_STYLE = "bold $text-accent underline"


def question(card: Card) -> Content:
    """What the learner sees before answering (cloze gaps masked)."""
    return Content(card.question)


def revealed_cloze(card: Card) -> Content:
    """The cloze sentence with each gap filled in and highlighted."""
    parts: list[str | tuple[str, str]] = []
    position = 0
    for match in CLOZE_RE.finditer(card.prompt):
        parts.append(card.prompt[position:match.start()])
        parts.append((match.group(1).partition("::")[0].strip(), GAP_STYLE))
        position = match.end()
    parts.append(card.prompt[position:])
    return Content.assemble(*parts)


def answer_shown_in_prompt(card: Card) -> bool:
    """Cloze answers are read in place, inside the sentence; other answers stand apart."""
    return card.type is CardType.CLOZE
