"""`quiz unsuspend DECK[/ID]…`: put suspended cards back into the study queues."""

from __future__ import annotations

import argparse

from quiz.cli.commands.cards import add_card_parser, run_on_cards


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    return add_card_parser(subparsers, "unsuspend", "unsuspend cards",
                           "Unsuspend whole decks or single cards: they return to the study "
                           "queue with the schedule they had.")


def run(args: argparse.Namespace) -> int:
    return run_on_cards(args, "cards.unsuspend", lambda c, cards, now: c.suspend(cards, False))
