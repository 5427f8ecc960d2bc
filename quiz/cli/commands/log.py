"""`quiz log export|import`: the review log in the FSRS tools' format, out of and into the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.cli.commands.language import messages
from quiz.core.errors import UsageError

FORMATS = ("csv", "jsonl")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from quiz.cli.options import add_common_options

    parser = subparsers.add_parser(
        "log", help="export or import the review log (FSRS tools' CSV/JSONL)",
        description="Move the review log in and out of the store in the format the FSRS "
                    "tools read: card_id, review_time, review_rating, review_duration.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    export = actions.add_parser(
        "export", help="write your review log as CSV or JSONL",
        description="Write every graded answer (and imported review), oldest first, with the "
                    "FSRS columns plus deck and card; card_id is a stable number made from "
                    "deck/card.")
    export.add_argument("--format", choices=FORMATS, default=None,
                        help="csv or jsonl (default: from the -o suffix, else csv)")
    export.add_argument("--since", metavar="DATE",
                        help="only reviews from DATE (YYYY-MM-DD, 00:00 UTC) or an ISO-8601 time")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (replaced only when complete) instead of stdout")
    imported = actions.add_parser(
        "import", help="add a review log (CSV or JSONL) to the store, under its own deck",
        description="Add another tool's review log to the store under the deck import-NAME, "
                    "apart from your own cards. Reviews already there are skipped, so "
                    "importing a file twice adds nothing.")
    imported.add_argument("file", metavar="FILE", help="the review log (.csv, .jsonl)")
    imported.add_argument("--name", help="the import's name, giving the deck import-NAME "
                                         "(default: the file name)")
    imported.add_argument("--format", choices=FORMATS, default=None,
                          help="csv or jsonl (default: from the suffix, else csv)")
    imported.add_argument("--since", metavar="DATE", help="only reviews from DATE on")
    for sub in (export, imported):
        add_common_options(sub)
    return parser


def run(args: argparse.Namespace) -> int:
    return export(args) if args.action == "export" else import_file(args)


def export(args: argparse.Namespace) -> int:
    from contextlib import closing

    from quiz.cli.open import open_store
    from quiz.core.files import output_file
    from quiz.interchange.log_format import format_for, parse_since, write_log
    from quiz.interchange.log_transfer import stored_reviews

    since = parse_since(args.since) if args.since else None
    output = Path(args.output) if args.output else None
    fmt = format_for(output, args.format) if output else (args.format or "csv")
    store = open_store(args)
    try:
        # The reviews are closed before the store, even when stdout's reader goes away.
        with closing(stored_reviews(store, since)) as reviews:
            if output is None:
                write_log(reviews, sys.stdout, fmt, names=True)
                return 0
            # Written whole or not at all: an existing FILE is replaced only once complete.
            with output_file(output, force=True, encoding="utf-8") as stream:
                count = write_log(reviews, stream, fmt, names=True)
    finally:
        store.close()
    print(messages(args)("log.wrote", count=count, shown=f"{count:,}", path=output),
          file=sys.stderr)
    return 0


def import_file(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from quiz.cli.open import open_store, settings_from
    from quiz.cli.progress import progress_bar
    from quiz.interchange.log_format import parse_since, read_log
    from quiz.interchange.log_transfer import import_deck, import_name, import_reviews
    from quiz.study.scheduler import Scheduler

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    since = parse_since(args.since) if args.since else None
    deck = import_deck(args.name or import_name(path))
    settings = settings_from(args)
    # Imported states do not depend on chance, so a re-import reproduces them exactly.
    scheduler = Scheduler(replace(settings, fuzz=False))
    reviews = list(read_log(path, fmt=args.format, since=since))
    store = open_store(args)
    try:
        store.verify()   # a damaged store is reported, never written to
        with progress_bar(messages(args, settings)("log.importing", deck=deck),
                          len(reviews)) as bar:
            result = import_reviews(store, scheduler, reviews, deck, advance=bar.advance)
    finally:
        store.close()
    t = messages(args, settings)
    print(t("log.added", path=path, count=result.added, shown=f"{result.added:,}",
            deck=result.deck, present=f"{result.present:,}"))
    if result.older:
        print(t("log.older", count=result.older, shown=f"{result.older:,}"))
    return 0
