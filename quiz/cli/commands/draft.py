"""`quiz draft PATH`: propose candidate cards for the facts in an article, for review."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from quiz.core.errors import QuizError, UsageError


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "draft", help="propose cards for the figures, dates and names in an article",
        description="Read an article and print a deck of candidate cards (a cloze or numeric "
                    "card per fact, quoting its clause, tagged 'draft') to review and edit.")
    parser.add_argument("path", metavar="PATH", help="the source article")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the deck to FILE (default: print it; 'source' is then "
                             "relative to the current directory)")
    parser.add_argument("--deck", metavar="SLUG",
                        help="the deck's slug (default: the output file's or article's name)")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    return parser


def default_slug(name: str) -> str:
    """A deck slug made from a file name: lowercase, anything else becomes '-'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "draft"


def run(args: argparse.Namespace) -> int:
    from quiz.authoring.article import load_article
    from quiz.authoring.draft import draft_cards, render_draft
    from quiz.cli.commands.language import messages
    from quiz.core.files import relative_path, write_file
    from quiz.core.model import slug_problem
    from quiz.decks.grounding import check_source_place

    source = Path(args.path)
    article = load_article(source)
    output = Path(args.output) if args.output else None
    problem = check_source_place(output, source) if output else None
    if problem is not None:
        raise UsageError(problem)
    slug = args.deck or default_slug((output or source).stem)
    problem = slug_problem("deck slug", slug)
    if problem is not None:
        raise UsageError(problem)
    cards = draft_cards(article)
    if not cards:
        raise QuizError(messages(args)("draft.nothing", source=source))
    where = output.parent if output else Path.cwd()
    text = render_draft(article, cards, slug=slug, title=article.title() or source.stem,
                        source=relative_path(source, where), source_name=source.name,
                        printed=output is None)
    if output is None:
        sys.stdout.write(text)
    else:
        write_file(output, text, force=args.force)
        print(messages(args)("files.wrote", path=output))
    return 0
