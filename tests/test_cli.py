"""Argument parsing: only the named command's module is imported, and nothing else changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quiz.cli.main import COMMANDS, build_parser, command_named, main, parse_args

REPO = Path(__file__).resolve().parent.parent

ARGVS = [
    [],
    ["--lang", "en"],
    ["study"],
    ["--lang", "en", "--theme", "light", "study", "finance", "--tag", "t", "--cram"],
    ["--decks", "check", "study", "due"],          # a deck directory named like a command
    ["--data", "d", "--lang=zh", "exam", "x"],     # an abbreviated option, an inline value
    ["--decks=exam", "exam", "--count", "5", "--minutes", "2.5"],
    ["due", "--json", "--data-dir", "d"],
    ["check", "--watch", "decks"],
    ["suspend", "finance/a", "--config", "c.toml"],
    ["export", "anki", "finance", "-o", "finance.apkg"],
    ["stats", "--json"],
    ["--retention", "0.8", "study", "--no-fuzz", "--learning-steps", "1m,5m"],
    ["due", "--new-per-day", "3", "--type-basic"],
    ["--new-per-day=4"],
]


def test_quiz_help_lists_every_command_with_its_modules_own_help() -> None:
    # The static table in cli.py must say what each command module says of itself.
    assert build_parser(()).format_help() == build_parser().format_help()


@pytest.mark.parametrize("argv", ARGVS, ids=" ".join)
def test_lazy_parsing_gives_what_the_full_parser_gives(argv: list[str]) -> None:
    assert vars(parse_args(argv)) == vars(build_parser().parse_args(argv))


def test_the_command_is_found_as_argparse_finds_it() -> None:
    assert command_named(["--decks", "study", "due", "study"]) == "due"
    assert command_named(["--theme", "light", "study", "--decks", "exam"]) == "study"
    assert command_named(["--help"]) is None
    assert command_named(["--theme", "pink", "study"]) is None   # the full parser says why
    assert command_named(["nosuch", "study"]) is None


def test_parsing_imports_only_the_named_commands_module() -> None:
    code = textwrap.dedent("""
        import json, sys
        from quiz.cli.main import parse_args
        parse_args(sys.argv[1:])
        print(json.dumps([name for name in sys.modules if name.startswith("quiz.cli.commands.")]))
    """)
    for argv, expected in ((["--lang", "en", "study", "finance"], {"home", "study"}),
                           (["due", "--json"], {"due"}),
                           ([], set())):
        result = subprocess.run([sys.executable, "-c", code, *argv], cwd=REPO,
                                capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": str(REPO)})
        assert result.returncode == 0, result.stderr
        loaded = {name.removeprefix("quiz.cli.commands.") for name in json.loads(result.stdout)}
        assert loaded == expected, argv


@pytest.mark.parametrize("argv", [["nosuch"], ["--theme", "pink"], ["--decks"],
                                  ["due", "--bogus"], ["study", "--lang", "fr"]],
                         ids=" ".join)
def test_usage_errors_are_one_line_and_exit_2(argv: list[str], run_quiz) -> None:
    result = run_quiz(*argv)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("quiz")
    assert ": error: " in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_help_and_version_print_and_exit_0(run_quiz) -> None:
    result = run_quiz("--help")
    assert result.returncode == 0
    for name, summary in COMMANDS.items():
        assert name in result.stdout
        assert summary.split()[0] in result.stdout
    assert run_quiz("--version").stdout.startswith("quiz ")
    study_help = run_quiz("study", "--help")
    assert study_help.returncode == 0 and "--cram" in study_help.stdout


def test_an_internal_error_is_one_line_unless_quiz_debug_asks_for_the_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(args) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr("quiz.cli.commands.doctor.run", broken)
    monkeypatch.delenv("QUIZ_DEBUG", raising=False)
    monkeypatch.delenv("QUIZ_CONFIG", raising=False)
    monkeypatch.delenv("QUIZ_NOW", raising=False)
    assert main(["doctor"]) == 70
    assert capsys.readouterr().err == ("quiz: internal error: RuntimeError: a bug "
                                       "(set QUIZ_DEBUG=1 to see the traceback)\n")
    monkeypatch.setenv("QUIZ_DEBUG", "1")
    with pytest.raises(RuntimeError, match="a bug"):
        main(["doctor"])
