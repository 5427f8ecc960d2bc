"""`quiz import csv FILE --deck SLUG`: an Anki text export or CSV file becomes a YAML deck."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.core.errors import QuizError, UsageError


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from quiz.cli.options import add_common_options

    parser = subparsers.add_parser(
        "import", help="make a deck from another app's export (csv)",
        description="Make a deck from another study app's export.")
    formats = parser.add_subparsers(dest="format", metavar="FORMAT", required=True,
                                    parser_class=type(parser))
    csv_parser = formats.add_parser(
        "csv", help="an Anki 'Notes in Plain Text' export or a CSV file",
        description="Read rows of front, back and tags (tab or comma separated; Anki's "
                    "#separator, #html, #tags and #… column headers are honoured) into a deck. "
                    "Every bad row is reported as FILE:ROW:FIELD; nothing is written then.")
    csv_parser.add_argument("file", metavar="FILE", help="the export to read")
    csv_parser.add_argument("--deck", required=True, metavar="SLUG", help="the new deck's slug")
    csv_parser.add_argument("--title", help="the deck's title (default: the file's name)")
    csv_parser.add_argument("-o", "--output", metavar="FILE",
                            help="where to write the deck "
                                 "(default: decks/SLUG.yaml; '-' prints it)")
    csv_parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    add_common_options(csv_parser)
    return parser


def run(args: argparse.Namespace) -> int:
    from quiz.cli.commands.language import messages
    from quiz.core.controls import forbidden_character
    from quiz.core.files import write_file
    from quiz.core.model import slug_problem
    from quiz.decks.reader import MAX_BYTES
    from quiz.interchange.anki_import import read_export, render_within

    problem = slug_problem("deck slug", args.deck)
    if problem is not None:
        raise UsageError(problem)
    source = Path(args.file)
    # The file name goes into the deck (its title by default, and a comment).
    for what, text in (("--title", args.title or ""), ("the file name", source.name)):
        found = forbidden_character(text)
        if found is not None:
            raise UsageError(f"{what}: character {found} is not allowed in a deck")
    title = args.title or source.stem
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such file: {source}") from None
    except IsADirectoryError:
        raise UsageError(f"{source} is a directory, not a file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None
    t = messages(args)
    result = read_export(data, str(source))
    if result.problems:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        raise QuizError(t("import.problems", count=len(result.problems), source=source))
    text = render_within(args.deck, title, source.name, result, MAX_BYTES)
    if text is None:   # the loader would refuse the deck: say so instead of writing it
        raise QuizError(t("import.too_big", source=source, limit=MAX_BYTES // 2**20,
                          cards=f"{len(result.cards):,}"))
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    output = Path(args.output) if args.output else Path("decks") / f"{args.deck}.yaml"
    write_file(output, text, force=args.force)
    print(t("import.wrote", path=output, count=len(result.cards)))
    return 0
