"""`quiz study [DECK…]`: straight to the study screen for those decks (or all of them)."""

from __future__ import annotations

import argparse

from quiz.cli.commands.home import launch
from quiz.cli.open import open_collection
from quiz.cli.options import add_tui_options


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "study", help="study the cards that are due (TUI)",
        description="Study what is due in the named decks (default: all), in the terminal "
                    "interface. Every grade is saved as it is given.")
    parser.add_argument("decks_to_study", nargs="*", metavar="DECK",
                        help="deck slugs to study (default: all decks)")
    parser.add_argument("--tag", action="append", dest="tags", metavar="TAG",
                        help="only cards with this tag (repeatable)")
    parser.add_argument("--cram", action="store_true",
                        help="study the selected cards now, whether due or not, without "
                             "changing their schedules")
    special = parser.add_mutually_exclusive_group()
    special.add_argument("--leeches", action="store_const", const="leeches", dest="special",
                         help="only cards marked as leeches")
    special.add_argument("--mistakes", action="store_const", const="mistakes", dest="special",
                         help="only cards whose last graded answer was wrong")
    add_tui_options(parser)
    return parser


def selection_title(collection, decks: list[str], tags: list[str]) -> str:
    """What the session is over, for the status line: deck labels and #tags."""
    labels = collection.labels
    return " · ".join([*(labels.get(slug, slug) for slug in decks), *(f"#{t}" for t in tags)])


def run(args: argparse.Namespace) -> int:
    collection = open_collection(args)
    try:
        decks, tags = args.decks_to_study or [], args.tags or []
        cards = collection.select(decks or None, tags or None, args.special)
        return launch(args, collection, start="study", cards=cards, cram=args.cram,
                      title=selection_title(collection, decks, tags))
    finally:
        collection.close()
