"""`quiz suspend DECK[/ID]…`: take cards out of every study queue, keeping their history."""

from __future__ import annotations

import argparse

from quiz.cli.commands.cards import add_card_parser, run_on_cards


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    return add_card_parser(subparsers, "suspend", "suspend cards (they are not studied)",
                           "Suspend whole decks or single cards: they leave every study queue "
                           "until unsuspended; their history and schedule are kept.")


def run(args: argparse.Namespace) -> int:
    return run_on_cards(args, "cards.suspend", lambda c, cards, now: c.suspend(cards, True))
