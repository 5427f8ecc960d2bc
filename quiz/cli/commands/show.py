"""`quiz show DECK[/ID]`: print cards as the learner will see them, without studying; with
--related, which cards give which away."""

from __future__ import annotations

import argparse
import sys


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "show", help="print a deck's cards (or one card) as the learner sees them",
        description="Print each card's question, then its answer, quote and explanation, "
                    "without studying or touching the review store.")
    parser.add_argument("spec", metavar="DECK[/ID]", help="a deck slug, or deck slug/card id")
    parser.add_argument("--related", action="store_true",
                        help="list the cards that show another card's whole answer (which "
                             "study keeps apart) instead of the cards")
    return parser


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from quiz.cli.commands.language import messages
    from quiz.cli.open import selected_cards
    from quiz.core.clock import today
    from quiz.render.card import render_card, render_deck_header

    result, deck, cards = selected_cards(args, args.spec, today=today())
    t = messages(args)
    errors = [p for p in result.errors if p.path == str(deck.path)]
    if errors:
        print(f"quiz: {t('show.errors', path=deck.path, count=len(errors))}", file=sys.stderr)
    if args.related:
        print_related(deck, {card.id for card in cards}, t)
        return 0
    console = Console()
    console.print(render_deck_header(deck, len(cards), t))
    for card in cards:
        console.print(render_card(card, t))
    return 0


def print_related(deck, ids: set[str], t) -> None:
    """Each pair of the deck's cards (those with one of `ids`) in which the first shows the
    second's whole answer, and the text that does, with where it stands in the first."""
    from quiz.decks.giveaway import SAME_QUOTE, give_aways, pair_count

    pairs = [pair for pair in give_aways(deck.cards) if pair.giver in ids or pair.given in ids]
    related: dict[str, tuple[str, ...]] = {}
    for pair in pairs:
        related[pair.giver] = (*related.get(pair.giver, ()), pair.given)
    count = pair_count(related)[0]
    print(t("show.related", deck=deck.slug, count=count) if count
          else t("show.related_none", deck=deck.slug))
    for pair in pairs:
        where = ", ".join(t("show.same_quote") if text == SAME_QUOTE else f"{text} ({key})"
                          for key, text in pair.found)
        print(t("show.pair", giver=pair.giver, given=pair.given, where=where))
