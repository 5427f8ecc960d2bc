"""`quiz new SLUG --source PATH`: write a deck skeleton with its metadata read from the article."""

from __future__ import annotations

import argparse
from pathlib import Path

from quiz.core.errors import QuizError, UsageError


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "new", help="write a deck skeleton for an article",
        description="Write decks/SLUG.yaml (or -o FILE) with the deck's metadata read from the "
                    "article, a first card drafted from it and one commented example of each "
                    "card type; it passes `quiz check` as written. Never overwrites.")
    parser.add_argument("slug", metavar="SLUG", help="the deck's slug: lowercase letters, "
                                                     "digits and '-'")
    parser.add_argument("--source", required=True, metavar="PATH", help="the source article")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="where to write the deck (default: decks/SLUG.yaml)")
    return parser


def run(args: argparse.Namespace) -> int:
    from quiz.authoring.article import load_article
    from quiz.authoring.skeleton import skeleton
    from quiz.cli.commands.language import messages
    from quiz.core.files import relative_path, write_file
    from quiz.core.model import slug_problem
    from quiz.decks.grounding import check_source_place

    problem = slug_problem("deck slug", args.slug)
    if problem is not None:
        raise UsageError(problem)
    source = Path(args.source)
    article = load_article(source)
    if not article.sentences and not article.headlines:
        raise QuizError(messages(args)("new.no_text", source=source))
    output = Path(args.output) if args.output else Path("decks") / f"{args.slug}.yaml"
    problem = check_source_place(output, source)
    if problem is not None:
        raise UsageError(problem)
    write_file(output, skeleton(args.slug, relative_path(source, output.parent), article))
    print(messages(args)("files.wrote", path=output))
    return 0
