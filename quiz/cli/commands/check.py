"""`quiz check`: validate deck files and their grounding, report every problem."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.cli.commands.language import messages
from quiz.core.clock import today
from quiz.core.errors import UsageError

if TYPE_CHECKING:
    from quiz.core.model import Deck
    from quiz.render.i18n import Messages

PROGRESS_MIN_FILES = 20


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "check", help="check deck files and their quotes against the sources",
        description="Check deck files: YAML, keys, card types, quotes against their source "
                    "and answers against their quote. Exit 0 clean, 1 deck errors, 2 usage.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="deck files or directories (default: the deck search order)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--watch", action="store_true",
                        help="check again whenever a deck or source file changes (Ctrl-C stops)")
    return parser


def deck_roots(args: argparse.Namespace) -> list[Path]:
    """PATH arguments, or the deck search order."""
    from quiz.core.locations import deck_paths

    return [Path(p) for p in args.paths] if args.paths else deck_paths(args.decks)


def deck_files(args: argparse.Namespace) -> list[Path]:
    """The files to check: PATH arguments, or the deck search order; bad paths are usage errors."""
    from quiz.decks.discover import existing_roots, find_deck_files

    return list(find_deck_files(existing_roots(deck_roots(args))))


def run(args: argparse.Namespace) -> int:
    if args.watch:
        return watch_check(args, check_once)
    return check_once(args)


def check_once(args: argparse.Namespace, *, one_line: bool = False) -> int:
    """One report; `one_line` writes the JSON on a single line (`--watch --json`: one line per
    report, so that a reader can take them one by one)."""
    from quiz.cli.open import data_dir_of
    from quiz.decks.lint import lint_decks
    from quiz.decks.reader import load_decks

    files = deck_files(args)
    if not files:  # with --watch this is printed and the watch goes on, for the first deck
        raise UsageError(f"no deck files (*.yaml, *.yml) in "
                         f"{', '.join(map(str, deck_roots(args)))}")
    t = messages(args)
    if len(files) >= PROGRESS_MIN_FILES:
        from quiz.cli.progress import progress_bar

        with progress_bar(t("check.progress"), len(files)) as bar:
            result = load_decks(files, today=today(), progress=lambda _path: bar.advance())
    else:
        result = load_decks(files, today=today())
    result.problems += lint_decks(result.decks)  # warnings only: `broken` stays the same
    broken = result.broken_paths()
    give_away = give_away_count(result.decks, data_dir_of(args) / "cache")
    if args.json:
        import json

        report = {"decks": [d.to_json() for d in result.decks if str(d.path) not in broken],
                  "errors": [p.to_json() for p in sorted(result.problems)],
                  "give_away": {"pairs": give_away[0], "cards": give_away[1]}}
        json.dump(report, sys.stdout, ensure_ascii=False, indent=None if one_line else 1)
        sys.stdout.write("\n")
    else:
        for problem in sorted(result.problems):
            print(problem)
        print(_summary(t, len(files), result.cards_read, len(result.errors),
                       len(result.warnings), give_away[0]))
    return 1 if result.errors else 0


def give_away_count(decks: list[Deck], cache_dir: Path) -> tuple[int, int]:
    """(pairs of cards of which one gives the other away, cards given away), over every deck
    (`quiz.decks.giveaway`; `quiz show DECK --related` lists them). A deck whose entry in the
    deck cache is fresh counts the relation the entry holds: the same cards, read by the
    same loader, give the same pairs."""
    from quiz.decks.cache import cached_relation
    from quiz.decks.giveaway import pair_count, relation

    pairs = cards = 0
    for deck in decks:
        related = cached_relation(deck.path, cache_dir)
        deck_pairs, deck_cards = pair_count(relation(deck.cards) if related is None else related)
        pairs, cards = pairs + deck_pairs, cards + deck_cards
    return pairs, cards


def watch_check(args: argparse.Namespace, run_check: Callable[..., int], *,
                sleep: Callable[[float], None] | None = None, interval: float | None = None,
                rounds: int | None = None) -> int:
    """`quiz check --watch`: a fresh report now and after every change; Ctrl-C exits 0.

    With --json, stdout holds the reports only, one line each; what is said between them
    goes to stderr."""
    import time

    from quiz.decks.watch import POLL_SECONDS, deck_sources, files_to_watch, watch

    deck_files(args)  # a bad path is a usage error before watching starts
    once = argparse.Namespace(**{**vars(args), "watch": False})
    roots = deck_roots(args)
    clear = sys.stdout.isatty() and not args.json
    t = messages(args)

    def files() -> list[Path]:
        return files_to_watch(roots, sorted(deck_sources(roots)))

    def check(watched: list[Path]) -> None:
        if clear:
            sys.stdout.write("\x1b[2J\x1b[H")
        try:
            run_check(once, one_line=args.json)
        except UsageError as exc:
            print(f"quiz: {exc}", file=sys.stderr, flush=True)
        sys.stdout.flush()
        print(t("check.watching", count=len(watched)), flush=True,
              file=sys.stderr if args.json else sys.stdout)

    try:
        watch(files, check, sleep=sleep or time.sleep,
              interval=POLL_SECONDS if interval is None else interval, rounds=rounds)
    except KeyboardInterrupt:
        print(file=sys.stderr if args.json else sys.stdout)   # past the ^C the terminal echoed
    return 0


def _summary(t: Messages, files: int, cards: int, errors: int, warnings: int,
             give_away_pairs: int) -> str:
    checked = t("check.checked", files=t("check.files", count=files),
                cards=t("check.cards", count=cards))
    if not errors and not warnings:
        summary = t("check.clean", checked=checked)
    else:
        summary = t("check.problems", checked=checked, errors=t("check.errors", count=errors),
                    warnings=t("check.warnings", count=warnings))
    if not give_away_pairs:
        return summary
    return t("check.give_away", summary=summary, count=give_away_pairs)
