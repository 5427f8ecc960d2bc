"""Cards rendered with Rich as a learner meets them: the question, then the answer and its quote.

Everything is built from `rich.text.Text`, never markup strings, so a cloze mask
such as "[…]" or a bracket in an article is printed as written; text wraps by the TUI's
line-breaking rules (`quiz.render.linebreak`), and labels are in the learner's language.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from quiz.core.model import CHOICE_LETTERS, CLOZE_RE, Card, CardType, Deck
from quiz.render.i18n import Messages
from quiz.render.linebreak import Wrapped

ENGLISH = Messages("en")


def _cloze(text: str, *, reveal: bool) -> Text:
    """Cloze text with gaps masked (a hint shows in the mask) or filled in and highlighted."""
    out = Text()
    position = 0
    for match in CLOZE_RE.finditer(text):
        out.append(text[position:match.start()])
        answer, sep, hint = match.group(1).partition("::")
        if reveal:
            out.append(answer.strip(), style="bold green")
        else:
            out.append(f"[{hint.strip()}]" if sep and hint.strip() else "[…]", style="bold cyan")
        position = match.end()
    out.append(text[position:])
    return out


def question(card: Card) -> RenderableType:
    """What the learner sees before answering."""
    if card.type is CardType.CLOZE:
        return Wrapped(_cloze(card.prompt, reveal=False))
    if card.type is CardType.CHOICE:
        return Group(Wrapped(card.prompt),
                     *(Wrapped(Text.assemble((f"{letter}. ", "bold"), choice))
                       for letter, choice in zip(CHOICE_LETTERS.upper(), card.choices)))
    if card.type is CardType.NUMERIC and card.unit:
        return Wrapped(Text.assemble(card.prompt, (f"  ({card.unit})", "dim")))
    return Wrapped(card.prompt)


def answer(card: Card, t: Messages = ENGLISH) -> RenderableType:
    """What the learner sees after answering: the answer, then where it comes from."""
    if card.type is CardType.CLOZE:
        shown = _cloze(card.prompt, reveal=True)
    elif card.type is CardType.CHOICE:
        shown = Text.assemble((f"{card.choice_letter().upper()}. ", "bold"),
                              (card.answer, "bold green"))
    else:
        shown = Text(card.full_answer, style="bold green")
        if card.tolerance and float(card.tolerance.replace(",", "")) > 0:
            shown.append(f"  ± {card.tolerance}", style="dim")
    parts: list[RenderableType] = [Wrapped(shown)]
    if card.accept:
        parts.append(Wrapped(Text(t("show.accepted", answers=" / ".join(card.accept)),
                                  style="dim")))
    if card.quote:
        parts.append(Padding(Wrapped(Text(f"“{card.quote}”", style="italic")), (1, 0, 0, 0)))
    if card.explain:
        parts.append(Padding(Wrapped(card.explain), (1, 0, 0, 0)))
    return Group(*parts)


def render_card(card: Card, t: Messages = ENGLISH) -> Panel:
    """One card as a panel: its key and type in the title, question above answer."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row(t("show.q"), question(card))
    grid.add_row("", "")
    grid.add_row(t("show.a"), answer(card, t))
    notes = [t("show.tags", tags=", ".join(card.tags))] if card.tags else []
    if card.valid_until:
        notes.append(t("show.valid_until", date=card.valid_until))
    if card.supersedes:
        notes.append(t("show.supersedes", card=card.supersedes))
    return Panel(grid, title=Text(f"{card.key} · {card.type.value}"), title_align="left",
                 subtitle=Text(" · ".join(notes)) if notes else None, subtitle_align="left")


def render_deck_header(deck: Deck, shown: int, t: Messages = ENGLISH) -> Wrapped:
    """The deck's title line: title, slug, date and how many cards follow."""
    header = Text.assemble((deck.title, "bold"), f"  ({deck.slug})")
    total = len(deck.cards)
    details = [t("show.some_cards", count=total, shown=shown) if shown != total
               else t("show.cards", count=total)]
    if deck.as_of:
        details.append(t("show.as_of", date=deck.as_of))
    if deck.valid_until:
        details.append(t("show.valid_until", date=deck.valid_until))
    header.append("\n" + " · ".join(details), style="dim")
    return Wrapped(header)
