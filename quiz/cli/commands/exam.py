"""`quiz exam [DECK…] [--count N] [--minutes M]`: a timed, scored practice test."""

from __future__ import annotations

import argparse

from quiz.cli.commands.home import launch
from quiz.cli.commands.study import plain_lines, selection_title
from quiz.cli.open import open_collection
from quiz.cli.options import add_plain_options, add_tui_options
from quiz.core.errors import UsageError


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise ValueError(text)
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "exam", help="take a practice exam (TUI)",
        description="A practice exam drawn from the named decks (default: all): choice and "
                    "typed questions, checked automatically, scored by deck and tag.")
    parser.add_argument("decks_to_study", nargs="*", metavar="DECK",
                        help="deck slugs to draw from (default: all decks)")
    parser.add_argument("--tag", action="append", dest="tags", metavar="TAG",
                        help="only cards with this tag (repeatable)")
    parser.add_argument("--count", type=positive_int, default=20, metavar="N",
                        help="number of questions (default: 20)")
    parser.add_argument("--minutes", type=positive_float, metavar="M",
                        help="time limit in minutes (default: untimed)")
    add_tui_options(parser)
    add_plain_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    collection = open_collection(args)
    try:
        decks, tags = args.decks_to_study or [], args.tags or []
        cards = collection.select(decks or None, tags or None)
        if not cards:
            raise UsageError("no cards to ask in the selected decks")
        title = selection_title(collection, decks, tags)
        if args.plain or args.json:
            from quiz.core import clock
            from quiz.plain.exam import run_exam

            t, lines = plain_lines(args, collection)
            session = collection.exam(cards, count=args.count, minutes=args.minutes,
                                      clock=clock.now)
            return run_exam(session, lines, t, collection.labels, title or t("home.all"))
        return launch(args, collection, start="exam", cards=cards, exam_count=args.count,
                      exam_minutes=args.minutes, title=title)
    finally:
        collection.close()
