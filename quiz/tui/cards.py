"""How a card's text is drawn: the question, the revealed cloze and the choices."""

from __future__ import annotations

from textual.content import Content

from quiz.core.model import CLOZE_RE, Card, CardType

GAP_STYLE = "bold $text-accent underline"
ANSWER_STYLE = "bold $text-success"
QUOTE_STYLE = "italic $text-muted"


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


def section(heading: str, body: str | Content, body_style: str = "",
            footnote: str = "") -> Content:
    """A titled block of text: a muted heading line, the body, and an optional dim footnote."""
    body_part: str | Content | tuple[str, str] = \
        (body, body_style) if body_style and isinstance(body, str) else body
    parts: list[str | Content | tuple[str, str]] = [(f"{heading}\n", "$text-muted"), body_part]
    if footnote:
        parts.append((f"\n{footnote}", "$text-disabled"))
    return Content.assemble(*parts)
