"""The command line: the parser (`quiz.cli.main`), the options and the commands."""

from quiz.cli.main import main

__all__ = ["main"]
