"""The commands' one progress bar: drawn on stderr only when stderr is a terminal, then gone."""

from __future__ import annotations

import io
import sys

import pytest

from quiz.cli.progress import progress_bar


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_nothing_is_drawn_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    with progress_bar("checking", total=3) as bar:
        bar.advance()
        bar.describe("still checking")
        bar.advance(2)
    assert capsys.readouterr() == ("", "")


def test_on_a_terminal_the_bar_is_drawn_on_stderr_and_stdout_is_left_alone(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar("checking", total=2) as bar:
        bar.describe("fitting")
        bar.advance(2)
    assert "fitting" in terminal.getvalue()
    assert capsys.readouterr().out == ""
