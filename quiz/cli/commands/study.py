"""`quiz study [DECK…]`: straight to the study screen for those decks (or all of them), or
the same session line by line with --plain."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from quiz.cli.commands.home import launch
from quiz.cli.open import open_collection
from quiz.cli.options import add_plain_options, add_tui_options

if TYPE_CHECKING:
    from quiz.core.model import Card
    from quiz.plain.lines import Lines
    from quiz.render.i18n import Messages
    from quiz.study.collection import Collection


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
    add_plain_options(parser)
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
        if args.plain or args.json:
            return study_plain(args, collection, cards)
        return launch(args, collection, start="study", cards=cards, cram=args.cram,
                      title=selection_title(collection, decks, tags))
    finally:
        collection.close()


def plain_lines(args: argparse.Namespace, collection: Collection) -> tuple[Messages, Lines]:
    """The language, and the lines on stdin and stdout, of a --plain run (deck errors are
    said on stderr first, as the TUI says them)."""
    from quiz.cli.commands.home import warn_problems
    from quiz.cli.commands.language import messages
    from quiz.plain.lines import Lines

    t = messages(args, collection.settings)
    warn_problems(collection, t.lang)
    return t, Lines(sys.stdin, sys.stdout, as_json=args.json)


def study_plain(args: argparse.Namespace, collection: Collection, cards: Sequence[Card]) -> int:
    """`quiz study --plain`: the session on stdin and stdout (quiz.plain.study)."""
    from quiz.cli.commands.due import warn_future_answers
    from quiz.core import clock
    from quiz.plain.study import run_study

    t, lines = plain_lines(args, collection)
    session = collection.study(cards, clock=clock.now, cram=args.cram)
    if session.future_answers:
        warn_future_answers(t, session.future_answers)
    return run_study(session, lines, t, collection.labels)
