"""`quiz try DECK/ID "REPLY" [--json]`: the verdict, the rule that decided, the expected answer."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

DECK = """\
deck: sample
title: 样例
cards:
  - id: announced
    q: 哪天公布？
    a: 2025年1月8日
  - id: funds
    type: numeric
    q: 释放长期资金超过多少？
    a: "1"
    unit: 万亿元
  - id: rate
    type: choice
    q: 加权平均利率为？
    choices: [3.96%, 4.46%, 4.96%]
    a: 4.46%
  - id: loans
    type: cloze
    text: 余额{{29.4万亿元}}，增长{{23.5%}}，共{{302款}}
  - id: direction
    q: 方向是？
    a: 提质+降价
    order: any
"""


@pytest.fixture
def try_quiz(run_quiz, write_deck):
    write_deck(DECK)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_quiz("try", *args, "--decks", "decks")

    return run


def test_a_right_reply_prints_the_rule_and_exits_0(try_quiz) -> None:
    result = try_quiz("sample/announced", "2025/1/8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["right · date: 2025/1/8 read as 2025年1月8日",
                                          "expected: 2025年1月8日"]


def test_a_wrong_reply_says_why_and_exits_1(try_quiz) -> None:
    result = try_quiz("sample/funds", "近2万亿")
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["wrong · wrong: 近2万亿 read as 2万亿; 1万亿元 is "
                                          "another number", "expected: 1万亿元"]


@pytest.mark.parametrize(("reply", "correct"), [("b", True), ("B", True), ("4.46", True),
                                                ("4.46%", True), ("a", False), ("3.96%", False)])
def test_a_choice_takes_a_letter_or_an_option(try_quiz, reply: str, correct: bool) -> None:
    result = try_quiz("sample/rate", reply)
    assert result.returncode == (0 if correct else 1)
    assert result.stdout.splitlines()[-1] == "expected: b. 4.46%"


def test_cloze_gaps_are_separated_by_the_stated_separator_and_marked_one_by_one(try_quiz) -> None:
    result = try_quiz("sample/loans", "29.4万亿元；23.6%；302")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "wrong · wrong: 2 of 3 gaps right",
        "  gap 1: right · exact: the answer as written (expected 29.4万亿元)",
        "  gap 2: wrong · wrong: 23.6% read as 23.6%; 23.5% is another number "
        "(expected 23.5%)",
        "  gap 3: right · number: 302 read as 302, the number of 302款 (expected 302款)",
        "expected: 29.4万亿元、23.5%、302款",
    ]
    assert try_quiz("sample/loans", "29.4万亿；23.5%；302款").returncode == 0


def test_json_prints_one_object_with_the_documented_keys(try_quiz) -> None:
    result = try_quiz("sample/direction", "降价、提质", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {
        "deck": "sample", "id": "direction", "correct": True, "rule": "items",
        "reason": "降价、提质 read as the items 降价、提质 in another order (order: any)",
        "expected": "提质+降价"}
    wrong = try_quiz("sample/announced", "2025年1月9日", "--json")
    assert wrong.returncode == 1
    assert json.loads(wrong.stdout)["correct"] is False
    assert json.loads(wrong.stdout)["rule"] == "wrong"


def test_json_for_a_cloze_card_adds_its_gaps(try_quiz) -> None:
    data = json.loads(try_quiz("sample/loans", "29.4万亿元 302款", "--json").stdout)
    assert (data["correct"], data["rule"], data["reason"]) == (False, "wrong",
                                                               "2 of 3 gaps right")
    assert [(gap["expected"], gap["reply"], gap["correct"], gap["rule"])
            for gap in data["gaps"]] == [("29.4万亿元", "29.4万亿元", True, "exact"),
                                         ("23.5%", "", False, "empty"),
                                         ("302款", "302款", True, "exact")]
    assert all(gap["reason"] for gap in data["gaps"])


@pytest.mark.parametrize(("args", "message"), [
    (("sample", "x"), "names no card; give one as DECK/ID"),
    (("sample/nosuch", "x"), "no card 'nosuch' in deck 'sample'"),
    (("nosuch/x", "x"), "no deck 'nosuch'"),
    (("sample/funds",), "error: the following arguments are required: REPLY"),
])
def test_usage_errors_are_one_line_and_exit_2(try_quiz, args: tuple[str, ...],
                                              message: str) -> None:
    result = try_quiz(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert result.stdout == ""


def test_the_readme_examples_are_what_quiz_try_prints(run_quiz) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### `quiz try"):]
    example = section[section.index("```sh\n") + 6:section.index("\n```", section.index("```sh"))]
    runs = re.split(r"^\$ ", example, flags=re.MULTILINE)[1:]
    assert len(runs) == 2
    for run in runs:
        command, *printed = run.strip().splitlines()
        name, *args = command.split()
        assert name == "quiz"
        result = run_quiz(*args, "--decks", str(REPO / "decks"))
        assert result.stdout.splitlines() == printed, command
        assert result.returncode == (0 if printed[0].startswith("right") else 1)


def test_quiz_try_does_not_import_textual(tmp_path: Path, write_deck) -> None:
    write_deck(DECK)
    code = ("import sys\nfrom quiz.cli.main import main\n"
            "status = main(['try', 'sample/funds', '1万亿', '--decks', 'decks'])\n"
            "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules), status)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin",
                                               "QUIZ_HOME": str(tmp_path / "home")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False 0"


@pytest.mark.parametrize("command", [("try", "broken/x", "x"), ("show", "broken")])
def test_a_name_not_found_says_when_a_deck_file_could_not_be_read(run_quiz, write_deck,
                                                                  command) -> None:
    """quiz try and quiz show name the unreadable deck files that may hold what was asked."""
    write_deck(DECK)
    write_deck("deck: broken\ntitle: [unclosed\n", name="broken.yaml")
    result = run_quiz(*command, "--decks", "decks")
    assert result.returncode == 2
    assert "no deck 'broken'" in result.stderr
    assert "(1 deck file could not be read fully; see 'quiz check')" in result.stderr
    assert result.stderr.count("\n") == 1
