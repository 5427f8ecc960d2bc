"""`quiz export anki DECK… -o FILE.apkg`: decks as an Anki package that re-imports in place."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.core.errors import QuizError, UsageError

if TYPE_CHECKING:
    from quiz.render.i18n import Messages


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from quiz.cli.options import add_common_options

    parser = subparsers.add_parser(
        "export", help="export decks to another app (anki)",
        description="Export decks for another study app.")
    formats = parser.add_subparsers(dest="format", metavar="FORMAT", required=True,
                                    parser_class=type(parser))
    anki = formats.add_parser(
        "anki", help="an Anki package (.apkg)",
        description="Write the decks as an Anki package. Note GUIDs come from the deck slug and "
                    "card id, so importing a newer export updates the same notes in place.")
    anki.add_argument("decks_to_export", nargs="+", metavar="DECK",
                      help="deck slugs (from the deck search order) or deck files")
    anki.add_argument("-o", "--output", required=True, metavar="FILE.apkg",
                      help="the package to write")
    anki.add_argument("--force", action="store_true", help="overwrite FILE.apkg if it exists")
    add_common_options(anki)
    return parser


def selected_decks(names: list[str], search: list[str] | None, t: Messages):
    """The decks named by slug or file path; any deck with errors stops the export."""
    from quiz.core.clock import today
    from quiz.core.locations import deck_paths
    from quiz.decks.discover import existing_roots, find_deck_files
    from quiz.decks.reader import load_decks, select_cards

    files = [Path(name) for name in names if Path(name).is_file()]
    slugs = [name for name in names if not Path(name).is_file()]
    roots = existing_roots(deck_paths(search) if slugs else [])
    result = load_decks(list(dict.fromkeys([*files, *find_deck_files(roots)])),
                        today=today())
    by_path = {deck.path.resolve(): deck for deck in result.decks}
    chosen = []
    for name in names:
        if Path(name).is_file():
            deck = by_path.get(Path(name).resolve())
            if deck is None:
                raise QuizError(t("export.unreadable", name=name))
        else:
            deck, _ = select_cards(result.decks, name)
        if deck not in chosen:
            chosen.append(deck)
    for deck in chosen:
        errors = [p for p in result.errors if p.path == str(deck.path)]
        if errors:
            for problem in errors:
                print(problem, file=sys.stderr)
            raise QuizError(t("export.has_errors", deck=deck.slug))
    return chosen


def run(args: argparse.Namespace) -> int:
    from quiz.cli.commands.language import messages
    from quiz.interchange.anki_export import write_apkg

    output = Path(args.output)
    if output.suffix.lower() != ".apkg":
        raise UsageError(f"the Anki package must end in .apkg, not '{output.name}'")
    if output.is_dir():
        raise UsageError(f"{output} is a directory")
    t = messages(args)
    decks = selected_decks(args.decks_to_export, getattr(args, "decks", None), t)
    notes = write_apkg(decks, output, force=args.force)
    print(t("export.wrote", path=output, notes=t("export.notes", count=notes),
            decks=t("export.decks", count=len(decks))))
    return 0
