"""`quiz reset DECK[/ID]…`: make cards new again; the reset is logged, history is kept."""

from __future__ import annotations

import argparse

from quiz.cli.commands.cards import add_card_parser, run_on_cards


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    return add_card_parser(subparsers, "reset", "make cards new again",
                           "Reset whole decks or single cards to new: they are scheduled from "
                           "scratch. The review log keeps their history and the reset itself.")


def run(args: argparse.Namespace) -> int:
    return run_on_cards(args, "cards.reset", lambda c, cards, now: c.reset(cards, now))
