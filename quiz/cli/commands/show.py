"""`quiz show DECK[/ID]`: print cards as the learner will see them, without studying."""

from __future__ import annotations

import argparse
import sys


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "show", help="print a deck's cards (or one card) as the learner sees them",
        description="Print each card's question, then its answer, quote and explanation, "
                    "without studying or touching the review store.")
    parser.add_argument("spec", metavar="DECK[/ID]", help="a deck slug, or deck slug/card id")
    return parser


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from quiz.cli.commands.language import messages
    from quiz.core.clock import today
    from quiz.core.errors import UsageError
    from quiz.core.locations import deck_paths
    from quiz.decks.discover import existing_roots, find_deck_files
    from quiz.decks.reader import load_decks, select_cards
    from quiz.render.card import render_card, render_deck_header

    roots = existing_roots(deck_paths(args.decks))
    result = load_decks(find_deck_files(roots), today=today())
    try:
        deck, cards = select_cards(result.decks, args.spec)
    except UsageError as exc:
        broken = len(result.broken_paths())
        if broken:
            raise UsageError(f"{exc} ({broken} deck file{'s' if broken != 1 else ''} could not "
                             f"be read fully; see 'quiz check')") from None
        raise
    t = messages(args)
    errors = [p for p in result.errors if p.path == str(deck.path)]
    if errors:
        print(f"quiz: {t('show.errors', path=deck.path, count=len(errors))}", file=sys.stderr)
    console = Console()
    console.print(render_deck_header(deck, len(cards), t))
    for card in cards:
        console.print(render_card(card, t))
    return 0
