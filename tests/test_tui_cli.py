"""The `quiz`, `quiz study` and `quiz exam` commands: errors, warnings, imports, a real terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import textwrap
from pathlib import Path

from quiz.cli.commands.home import warn_problems
from quiz.render.i18n import Messages
from quiz.study.collection import Collection
from tuikit import TUI_DECKS

REPO = Path(__file__).resolve().parent.parent


def test_unknown_deck_or_tag_is_a_one_line_usage_error(run_quiz):
    for args in (["study", "nosuch"], ["study", "--tag", "nosuch"], ["exam", "nosuch"]):
        result = run_quiz(*args, "--decks", str(TUI_DECKS))
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1
        assert "nosuch" in result.stderr and "Traceback" not in result.stderr


def test_bad_flags_are_usage_errors(run_quiz):
    for args in (["exam", "--count", "0"], ["exam", "--minutes", "-3"], ["study", "--lang", "fr"],
                 ["--theme", "pink"], ["study", "--leeches", "--mistakes"]):
        result = run_quiz(*args, "--decks", str(TUI_DECKS))
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.count("\n") == 1, result.stderr


def test_parsing_the_interface_commands_does_not_import_textual():
    code = textwrap.dedent("""
        import sys
        from quiz.cli.main import parse_args
        import quiz.render.i18n, quiz.render.linebreak
        for argv in ([], ["study", "finance", "--cram"], ["exam", "--count", "5"]):
            parse_args(argv)
        loaded = [name for name in sys.modules if name.split(".")[0] == "textual"]
        assert not loaded, loaded
    """)
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr


def test_deck_problems_are_one_warning_line(write_deck, tmp_path, capsys):
    write_deck("""
        deck: good
        title: 好牌组
        cards:
          - id: a
            q: 问题？
            a: 答案
        """, "good.yaml")
    write_deck("""
        deck: bad
        title: 坏牌组
        cards:
          - id: a
            q: 问题？
          - id: b
            q: 另一个问题？
            a: 答案
        """, "bad.yaml")
    with Collection.open(deck_paths=[tmp_path / "decks"], data_dir=tmp_path / "home",
                         config_path=tmp_path / "config.toml") as collection:
        assert [card.id for card in collection.select(["bad"])] == ["b"]
        warn_problems(collection, "en")
        warn_problems(collection, "zh")
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"quiz: {Messages('en')('home.problems', count=1)}",
                     f"quiz: {Messages('zh')('home.problems', count=1)}"]
    assert lines[0].startswith("quiz: 1 error in the deck files")


def read_until(fd: int, marker: bytes | None, limit: float = 60.0) -> bytes:
    """Read the terminal until `marker` shows, or (None) until it closes; waits on the
    descriptor, never sleeps."""
    seen = b""
    while marker is None or marker not in seen:
        ready, _, _ = select.select([fd], [], [], limit)
        assert ready, f"{marker!r} never appeared: {seen[-300:]!r}"
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            assert marker is None, f"the program ended before {marker!r}: {seen[-300:]!r}"
            break
        seen += chunk
    return seen


def test_quiz_study_runs_in_a_terminal_and_q_y_quits(quiz_env):
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(REPO)
        os.execve(sys.executable, [sys.executable, "-m", "quiz", "study", "policy", "--lang",
                                   "en", "--decks", str(TUI_DECKS)],
                  {**quiz_env, "TERM": "xterm-256color"})
    try:
        read_until(fd, " left \u00b7 ".encode())
        os.write(fd, b"q")                            # cards are left: it asks first
        read_until(fd, b"left in this session")
        os.write(fd, b"y")
        read_until(fd, None)
    except BaseException:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
