"""Argument parsing and dispatch; each command lives in `quiz.cli.commands.<name>`.

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

from quiz.cli.options import (
    add_common_options,
    add_settings_options,
    add_top_options,
    settings_flags_given,
)
from quiz.core.errors import QuizError

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
    "plan": "show readiness for each exam ahead and what it takes",
    "history": "show one card's reviews and current state",
    "backup": "write a consistent copy of the review store",
    "doctor": "check the review store for damage and say what to do",
    "serve": "serve the app to web browsers, e.g. a phone's (needs quiz[serve])",
}


# The commands whose behaviour the scheduling settings decide: they, and bare `quiz`, take the
# settings flags (`quiz.cli.options.add_settings_options`), before or after the command name.
SETTINGS_COMMANDS = ("study", "exam", "due", "stats", "plan")


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


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
        module = importlib.import_module(f"quiz.cli.commands.{name}")
        sub = module.add_parser(subparsers)
        add_common_options(sub)
        if name in SETTINGS_COMMANDS:
            add_settings_options(sub)
        sub.set_defaults(run=module.run)
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse argv, importing only the module of the command it names (and building only its
    parser: argparse looks up translations for every parser it makes, 0.3 ms each)."""
    command = command_named(sys.argv[1:] if argv is None else argv)
    if command is None:  # bare `quiz`, --help, --version, or an error the parser reports
        parser = build_parser(())
    else:
        parser = build_parser((command,), list_others=False)
    args = parser.parse_args(argv)
    if args.command is not None and args.command not in SETTINGS_COMMANDS:
        given = settings_flags_given(args)   # before the name of a command they do not suit
        if given:
            parser.error(f"{given[0]} does not apply to 'quiz {args.command}'; settings flags "
                         f"go with quiz, {', '.join(f'quiz {name}' for name in SETTINGS_COMMANDS)}")
    return args


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
    from quiz import __version__

    return f"quiz {__version__}"


def said(args: argparse.Namespace, error: QuizError) -> str:
    """The error's one line in the language of the run when the domain named its message
    (`quiz.core.message`); others, and any when config.toml is too bad to tell, in English."""
    from quiz.core.message import Message

    if not isinstance(error.message, Message):
        return str(error)
    from quiz.cli.commands.language import messages

    try:
        return messages(args).error(error)
    except (QuizError, ValueError):
        return str(error)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        from quiz.core.locations import named_config

        named_config(getattr(args, "config", None))  # for every command, even one not reading it
        from quiz.core.clock import now

        now()   # a bad QUIZ_NOW is a usage error whatever the command
        if args.command is None:
            from quiz.cli.commands import home

            return home.run(args)
        return int(args.run(args) or 0)
    except QuizError as exc:
        print(f"quiz: {said(args, exc)}", file=sys.stderr)
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
