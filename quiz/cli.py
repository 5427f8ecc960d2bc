"""Argument parsing and dispatch; each command lives in `quiz.commands.<name>`.

Only the module of the command being run is imported: `COMMANDS` holds every command's
one-line help, so `quiz --help` lists them all without loading any. Command modules import
their heavy dependencies inside `run`, so that `quiz check` or `quiz due` never pay for Textual.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from typing import NoReturn

from .errors import QuizError

# Every command, in the order `quiz --help` lists them, with the one-line help its module's
# `add_parser` gives (a test keeps the two equal).
COMMANDS = {
    "check": "check deck files and their quotes against the sources",
    "new": "write a deck skeleton for an article",
    "draft": "propose cards for the figures, dates and names in an article",
    "show": "print a deck's cards (or one card) as the learner sees them",
    "try": "grade a reply to one card and say which rule decided",
    "export": "export decks to another app (anki)",
    "import": "make a deck from another app's export (csv)",
    "due": "show how many cards are new, learning and due today",
    "orphans": "list (and optionally delete) history of cards no deck holds any more",
    "suspend": "suspend cards (they are not studied)",
    "unsuspend": "unsuspend cards",
    "reset": "make cards new again",
    "log": "export or import the review log (FSRS tools' CSV/JSONL)",
    "optimize": "fit personal FSRS parameters to your review log",
    "study": "study the cards that are due (TUI)",
    "exam": "take a practice exam (TUI)",
    "stats": "show progress: cards, due forecast, reviews, retention, weak cards",
    "history": "show one card's reviews and current state",
    "backup": "write a consistent copy of the review store",
    "doctor": "check the review store for damage and say what to do",
    "serve": "serve the app to web browsers, e.g. a phone's (needs quiz[serve])",
}


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def add_common_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """Options every command takes, before or after the command name."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--decks", action="append", metavar="PATH", default=default,
                        help="deck file or directory (repeatable; default: $QUIZ_DECKS, "
                             "./decks, or the bundled decks)")
    parser.add_argument("--data-dir", metavar="DIR", default=default,
                        help="where the review store lives (default: $QUIZ_HOME or the "
                             "platform's user data directory)")
    parser.add_argument("--config", metavar="FILE", default=default,
                        help="settings file (default: $QUIZ_CONFIG or config.toml in the "
                             "platform's user config directory)")


def build_parser(commands: Iterable[str] | None = None, *,
                 list_others: bool = True) -> argparse.ArgumentParser:
    """The parser with the arguments of `commands` (default: all of them).

    Every other command is there by name and one-line help only, enough for `quiz --help`
    and for argparse's "invalid choice" message; `list_others=False` leaves them out, for
    argv known to name one of `commands`.
    """
    full = set(COMMANDS if commands is None else commands)
    parser = _Parser(prog="quiz", description="Study current-affairs decks with spaced "
                                              "repetition, in the terminal.")
    parser.add_argument("--version", action="version", version=_version())
    add_top_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND",
                                       parser_class=_Parser)
    for name, summary in COMMANDS.items():
        if name not in full:
            if list_others:
                subparsers.add_parser(name, help=summary, add_help=False)
            continue
        module = importlib.import_module(f"quiz.commands.{name}")
        sub = module.add_parser(subparsers)
        add_common_options(sub)
        sub.set_defaults(run=module.run)
    return parser


def add_top_options(parser: argparse.ArgumentParser) -> None:
    """The options taken before the command name."""
    from .commands.home import add_tui_options

    add_common_options(parser, top=True)
    add_tui_options(parser, top=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse argv, importing only the module of the command it names (and building only its
    parser: argparse looks up translations for every parser it makes, 0.3 ms each)."""
    command = command_named(sys.argv[1:] if argv is None else argv)
    if command is None:  # bare `quiz`, --help, --version, or an error the parser reports
        return build_parser(()).parse_args(argv)
    return build_parser((command,), list_others=False).parse_args(argv)


class _NotParsed(Exception):
    """Where argparse would report an error: the full parser will, in its own words."""


class _CommandFinder(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotParsed(message)


def command_named(argv: Sequence[str]) -> str | None:
    """The command argv names, found as argparse finds it: the first word that is neither a
    top-level option nor an option's value. None if there is none, or argv is wrong."""
    finder = _CommandFinder(add_help=False)
    add_top_options(finder)
    finder.add_argument("command", nargs="?")
    finder.add_argument("arguments", nargs=argparse.REMAINDER)
    try:
        command = finder.parse_known_args(argv)[0].command
    except _NotParsed:
        return None
    return command if command in COMMANDS else None


def _version() -> str:
    from . import __version__

    return f"quiz {__version__}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        from .locations import named_config

        named_config(getattr(args, "config", None))  # for every command, even one not reading it
        if args.command is None:
            from .commands import home

            return home.run(args)
        return int(args.run(args) or 0)
    except QuizError as exc:
        print(f"quiz: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `quiz check --json | head`); nothing left to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("QUIZ_DEBUG"):
            raise
        print(f"quiz: internal error: {type(exc).__name__}: {exc} "
              f"(set QUIZ_DEBUG=1 to see the traceback)", file=sys.stderr)
        return 70
