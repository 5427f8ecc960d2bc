"""Shared parsing for `quiz suspend`, `quiz unsuspend` and `quiz reset` (DECK or DECK/ID)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_card_parser(subparsers: argparse._SubParsersAction, name: str, help_text: str,
                    description: str) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=help_text, description=description)
    parser.add_argument("specs", nargs="+", metavar="DECK[/ID]",
                        help="a whole deck, or one card as deck/card-id")
    return parser


def run_on_cards(args: argparse.Namespace, done: str, act: Callable[..., int]) -> int:
    """Find the named cards and apply `act(collection, cards, now)`; prints what changed,
    with the catalogue message `done`."""
    from quiz.cli.commands.language import messages
    from quiz.cli.open import open_collection
    from quiz.core.clock import now

    with open_collection(args) as collection:
        cards = collection.find(args.specs)
        collection.store.verify()   # a damaged store is reported, never written to
        changed = act(collection, cards, now())
        t = messages(args, collection.settings)
    print(t(done, count=changed) + (t("cards.of_named", count=len(cards))
                                    if changed != len(cards) else ""))
    return 0
