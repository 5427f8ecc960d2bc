"""The README's shell examples (`$ quiz …` and the output under it) are what quiz prints today.

Each example is read from README.md and run as written, on the bundled decks, a fresh store
and a fixed clock, after the setting up its text describes. `quiz try`'s examples are run in
test_try_cli.py. Figures that depend on fuzz (random by design) are checked for their form.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from storekit import damaged_store

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
SHANGHAI_MORNING = {"TZ": "Asia/Shanghai", "QUIZ_NOW": "2026-03-02T09:00:00+08:00"}


def example(command: str) -> list[str]:
    """The lines the README shows under `$ COMMAND` (a comment after it left out), up to the
    next `$ ` line or the end of the block."""
    blocks = re.findall(r"^```\w*\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)
    for block in blocks:
        lines = block.splitlines()
        for index, line in enumerate(lines):
            if re.sub(r"\s+#.*$", "", line) == f"$ {command}":
                rest = lines[index + 1:]
                end = next((i for i, later in enumerate(rest) if later.startswith("$ ")),
                           len(rest))
                return rest[:end]
    raise AssertionError(f"README has no example '$ {command}'")


def args_of(command: str) -> list[str]:
    words = command.split()
    assert words[0] == "quiz"
    return words[1:]


@pytest.fixture
def bundled(quiz_env, tmp_path: Path) -> Path:
    """A working directory with no decks of its own, so quiz uses the bundled ones (quiz_env
    has taken QUIZ_DECKS away)."""
    work = tmp_path / "work"
    work.mkdir()
    return work


def test_quiz_due_for_a_new_learner(run_quiz, bundled: Path) -> None:
    command = "quiz due"
    result = run_quiz(*args_of(command), cwd=bundled, env=SHANGHAI_MORNING)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == example(command)


def test_quiz_show_related(run_quiz, bundled: Path) -> None:
    command = "quiz show lipu-hangers/series-and-varieties --related --lang en"
    result = run_quiz(*args_of(command), cwd=bundled)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == example(command)


def test_quiz_study_plain(run_quiz, bundled: Path) -> None:
    """The transcript shows what is typed after each prompt; quiz itself prints the prompt
    and goes on on the same line."""
    command = "quiz study --plain --lang en lipu-hangers"
    typed = ["荔浦", ""]
    result = run_quiz(*args_of(command), cwd=bundled, env=SHANGHAI_MORNING,
                      input="".join(f"{line}\n" for line in typed))
    assert result.returncode == 0, result.stderr
    expected, replies = "", iter(typed)
    reply = next(replies)
    for line in example(command):
        if reply is not None and line.endswith(f":{' ' if reply else ''}{reply}"):
            expected += line[:len(line) - len(reply)].rstrip() + " "
            reply = next(replies, None)
        else:
            expected += line + "\n"
    assert reply is None, "every typed line is in the transcript"
    assert result.stdout.startswith(expected)


def test_quiz_check(run_quiz, tmp_path: Path) -> None:
    """The example's deck: the bundled inclusive-finance-2023 with its slug changed to x, the
    first quote's 发布 mistyped 公布 and a question's 2023年末 written 去年末."""
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    deck = (REPO / "decks" / "inclusive-finance-2023.yaml").read_text(encoding="utf-8")
    lines = deck.split("\n")
    assert lines[0] == "deck: inclusive-finance-2023"
    lines[0] = "deck: x"
    first_quote = next(i for i, line in enumerate(lines) if line.startswith("    quote: "))
    lines[first_quote] = lines[first_quote].replace("发布", "公布", 1)
    question = next(i for i, line in enumerate(lines)
                    if line.startswith("    q: 截至2023年末，全国普惠小微贷款余额"))
    lines[question] = lines[question].replace("2023年末", "去年末", 1)
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "inclusive-finance-2023.yaml").write_text("\n".join(lines),
                                                                   encoding="utf-8")
    command = "quiz check --lang en"
    result = run_quiz(*args_of(command))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == example(command)


def test_quiz_new(run_quiz, tmp_path: Path) -> None:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    section = README[README.index("### `quiz new"):]
    block = section[section.index("```sh\n") + 6:section.index("\n```", section.index("```sh"))]
    command, printed = block.splitlines()
    result = run_quiz(*args_of(command))
    assert result.returncode == 0, result.stderr
    assert f"# {result.stdout.strip()}" == printed
    assert run_quiz("check", "decks").returncode == 0


def test_quiz_doctor_on_a_damaged_store(quiz_env, tmp_path: Path) -> None:
    """The example's store: damaged, in the user data directory of /home/me, with three
    backups beside it of which quiz-backup-20260301-093000.db was written last."""
    home = tmp_path / "me"
    data = home / ".local" / "share" / "quiz"
    damaged_store(data)
    for index, stamp in enumerate(("20260101-000000", "20260301-093000", "20260201-000000")):
        backup = data / f"quiz-backup-{stamp}.db"
        backup.write_bytes(b"")
        os.utime(backup, (1_700_000_000 + index, 1_700_000_000 + (9 if index == 1 else index)))
    env = {key: value for key, value in quiz_env.items()
           if key != "QUIZ_HOME" and not key.startswith("XDG_")}
    result = subprocess.run([sys.executable, "-m", "quiz", "doctor"], capture_output=True,
                            text=True, cwd=tmp_path, env={**env, "HOME": str(home)}, timeout=60)
    assert result.returncode == 1
    shown = result.stdout.replace(str(home), "/home/me").splitlines()
    expected = example("quiz doctor")
    # The second line is SQLite's own words for the damage, which its versions may change.
    assert shown[:1] + shown[2:] == expected[:1] + expected[2:]
    assert shown[1].startswith("  ") and expected[1].startswith("  ")


def test_quiz_plan(run_quiz, bundled: Path, tmp_path: Path) -> None:
    """Ten days of 6 new cards a day of the exam's decks, each answered Good; then the exam
    of the README's config.toml is set, and the plan asked for on 2026-10-01."""
    text = README[README.index("## Studying toward an exam date"):]
    config = text[text.index("```toml\n") + 8:text.index("\n```", text.index("```toml"))]
    exam = config[config.index("[[exam]]"):config.index("[[exam]]", config.index("[[exam]]") + 1)]
    decks = re.search(r'decks = \[(.*)\]', exam).group(1).replace('"', "").split(", ")
    for day in range(21, 31):
        result = run_quiz("study", "--plain", "--json", "--new-per-day", "6", *decks,
                          cwd=bundled, input="\n3\n" * 100,
                          env={"TZ": "Asia/Shanghai",
                               "QUIZ_NOW": f"2026-09-{day}T09:00:00+08:00"})
        assert result.returncode == 0, result.stderr
    (tmp_path / "config.toml").write_text(exam, encoding="utf-8")
    command = "quiz plan"
    result = run_quiz(*args_of(command), cwd=bundled,
                      env={"TZ": "Asia/Shanghai", "QUIZ_NOW": "2026-10-01T09:00:00+08:00"})
    assert result.returncode == 0, result.stderr
    # Readiness and reviews a day depend on the fuzz of each interval: their form is checked.
    figures = re.compile(r"\d+\.\d%(\s+\d+\s+)\d+\.\d$")
    shown, expected = result.stdout.splitlines(), example(command)
    assert len(shown) == len(expected)
    for got, want in zip(shown, expected):
        assert figures.sub(r"R\1V", got) == figures.sub(r"R\1V", want)
