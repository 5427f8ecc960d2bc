"""Argument parsing and dispatch; each command lives in `quiz.commands.<name>`.

Command modules import their heavy dependencies inside `run`, so that `quiz check`
or `quiz due` never pay for Textual.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import NoReturn

from .errors import QuizError

COMMANDS = ("check", "new", "draft", "show", "export", "import", "due", "orphans", "suspend",
            "unsuspend", "reset", "log", "optimize", "study", "exam", "stats", "history")


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


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only`, a command name, the other commands are left out,
    which spares importing their modules (40 ms for a `quiz check`)."""
    parser = _Parser(prog="quiz", description="Study current-affairs decks with spaced "
                                              "repetition, in the terminal.")
    parser.add_argument("--version", action="version", version=_version())
    add_common_options(parser, top=True)
    from .commands.home import add_tui_options

    add_tui_options(parser, top=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND",
                                       parser_class=_Parser)
    for name in COMMANDS if only is None else (only,):
        module = importlib.import_module(f"quiz.commands.{name}")
        sub = module.add_parser(subparsers)
        add_common_options(sub)
        sub.set_defaults(run=module.run)
    return parser


def _version() -> str:
    from . import __version__

    return f"quiz {__version__}"


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    # A command named first gets all the words after it, so its parser alone reads them alike.
    parser = build_parser(words[0] if words and words[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    try:
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
