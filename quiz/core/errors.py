"""Errors the CLI reports as one line and an exit code, never as a traceback."""


class QuizError(Exception):
    """A problem the user can fix; the message says how."""

    exit_code = 1


class UsageError(QuizError):
    """A bad path, flag or argument (exit code 2, as argparse uses)."""

    exit_code = 2
