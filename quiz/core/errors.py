"""Errors the CLI reports as one line and an exit code, never as a traceback."""

from __future__ import annotations

from collections.abc import Iterable


class QuizError(Exception):
    """A problem the user can fix; the message says how. A `quiz.core.message.Message` as
    the message lets a front end say it in the learner's language (`Messages.error`)."""

    exit_code = 1

    @property
    def message(self) -> str:
        """What it says (the Message itself, when it is one)."""
        return self.args[0] if self.args else ""


class UsageError(QuizError):
    """A bad path, flag or argument (exit code 2, as argparse uses)."""

    exit_code = 2


def did_you_mean(word: str, options: Iterable[str], *, cutoff: float) -> str:
    """"; did you mean 'X'?" for the option closest to a mistyped word (ties go to the
    earlier option), or "" if none is close enough: the tail of an error message."""
    import difflib  # only needed when there is a typo to report

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""
