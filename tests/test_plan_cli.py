"""`quiz plan`: each exam ahead, its readiness per deck and in total, the pace it takes, a
preview or a saved --exam; the JSON shape README documents."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from enginekit import basic_deck, write
from quiz.core.card_state import Rating
from quiz.render.i18n import Messages
from quiz.study.collection import Collection

# 18:00 in Shanghai, 10:00 UTC: far from the 04:00 day boundary in any zone the tests run in.
NOW = "2026-10-01T18:00:00+08:00"
TODAY = "2026-10-01"
ENV = {"QUIZ_NOW": NOW, "TZ": "UTC"}
CONFIG = """\
# settings of mine
new_per_day = 20

[[exam]]   # the big one
name = "国考"
date = 2026-11-29
decks = ["a"]

[[exam]]
name = "all"
date = 2027-01-10

[[exam]]
name = "spring"
date = 2026-03-20
"""
EXAM_KEYS = {"exam", "date", "today", "days_left", "finish_by", "verdict", "on_track", "total",
             "decks", "curve", "reviews", "new_cards"}
ROW_KEYS = {"name", "cards", "unseen", "readiness", "new_per_day", "reviews_per_day"}


@pytest.fixture
def decks(quiz_env, tmp_path: Path) -> Path:
    write(tmp_path, "a.yaml", basic_deck("a", 30))
    write(tmp_path, "b.yaml", basic_deck("b", 12))
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def plan(run_quiz, *args: str, env: dict[str, str] | None = None) -> dict:
    result = run_quiz("plan", *args, "--json", env={**ENV, **(env or {})})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_json_shape(run_quiz, decks: Path) -> None:
    report = plan(run_quiz)
    assert set(report) == {"today", "moved", "exams", "past"}
    assert report["today"] == TODAY and report["moved"] == 0
    assert report["past"] == [{"exam": "spring", "date": "2026-03-20"}]
    national, every = report["exams"]
    for exam in (national, every):
        assert set(exam) == EXAM_KEYS
        assert set(exam["total"]) == ROW_KEYS
        assert all(set(row) == ROW_KEYS for row in exam["decks"])
        assert exam["today"] == TODAY
        assert len(exam["curve"]) == exam["days_left"] + 1
        assert len(exam["reviews"]) == len(exam["new_cards"]) == exam["days_left"]
        assert exam["curve"][0][0] == TODAY and exam["curve"][-1][0] == exam["date"]
        assert sum(count for _, count in exam["new_cards"]) == exam["total"]["unseen"]
        assert exam["verdict"] == "on track" and exam["on_track"] is True
        assert exam["total"]["readiness"] == exam["curve"][-1][1]
    assert (national["exam"], national["date"], national["days_left"]) == ("国考", "2026-11-29",
                                                                          59)
    assert national["finish_by"] == "2026-11-22"
    assert [row["name"] for row in national["decks"]] == ["a"]
    assert national["total"]["cards"] == national["total"]["unseen"] == 30
    assert [row["name"] for row in every["decks"]] == ["a", "b"]
    assert every["total"]["cards"] == 42
    # Every card seen by 22 November: 30 cards over 53 days.
    assert national["total"]["new_per_day"] == 1


def test_the_text_names_each_exam_its_rows_and_verdict(run_quiz, decks: Path) -> None:
    for lang in ("en", "zh"):
        t = Messages(lang)
        result = run_quiz("plan", "--lang", lang, env=ENV)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0] == t("plan.heading", name="国考", date="2026-11-29", count=59)
        assert lines[1].split()[0] == t("plan.col.deck")
        assert lines[2].split()[:3] == ["a", "30", "30"]
        assert lines[3] == t("plan.on_track")
        assert t("plan.heading", name="all", date="2027-01-10", count=101) in lines
        assert any(line.split()[:1] == [t("plan.total")] for line in lines)
        assert lines[-1] == t("plan.past", name="spring", date="2026-03-20")


def test_decks_named_narrow_each_exam(run_quiz, decks: Path) -> None:
    report = plan(run_quiz, "b")
    assert [exam["decks"] for exam in report["exams"]][0] == []
    assert [row["name"] for row in report["exams"][1]["decks"]] == ["b"]
    assert run_quiz("plan", "nosuch", env=ENV).returncode == 2


def test_finish_days_and_the_daily_limit_decide_the_verdict(run_quiz, decks: Path) -> None:
    default = plan(run_quiz)["exams"][1]["total"]["new_per_day"]
    sooner = plan(run_quiz, "--finish-days", "90")["exams"][1]["total"]["new_per_day"]
    assert default == 1 and sooner == 4                   # 42 cards over 94 days, over 12
    behind = plan(run_quiz, "--finish-days", "90", "--new-per-day", "3")["exams"][1]
    assert behind["on_track"] is False
    assert behind["verdict"] == "behind: 4 new cards a day from today catches up"
    text = run_quiz("plan", "--finish-days", "90", "--new-per-day", "3", env=ENV).stdout
    assert Messages("en")("plan.behind", count=4) in text.splitlines()


def test_an_exam_previewed_on_the_command_line(run_quiz, decks: Path) -> None:
    before = (decks / "config.toml").read_text(encoding="utf-8")
    report = plan(run_quiz, "--exam", "2026-10-20", "b")
    (exam,) = report["exams"]
    assert (exam["exam"], exam["date"], exam["days_left"]) == ("exam", "2026-10-20", 19)
    assert [row["name"] for row in exam["decks"]] == ["b"]
    assert (decks / "config.toml").read_text(encoding="utf-8") == before


def test_an_exam_saved_to_config_toml(run_quiz, decks: Path) -> None:
    result = run_quiz("plan", "--exam", "2026-12-05", "--name", "省考", "--save", "a", "b",
                      env=ENV)
    assert result.returncode == 0, result.stderr
    assert Messages("en")("plan.saved", name="省考", date="2026-12-05") in result.stdout
    text = (decks / "config.toml").read_text(encoding="utf-8")
    assert text.startswith(CONFIG.rstrip("\n"))        # comments and tables kept
    assert '[[exam]]\nname = "省考"\ndate = 2026-12-05\ndecks = ["a", "b"]' in text
    names = [exam["exam"] for exam in plan(run_quiz)["exams"]]
    assert names == ["国考", "all", "省考"]
    # Saved again under the same name: replaced, not added.
    assert run_quiz("plan", "--exam", "2026-12-06", "--name", "省考", "--save",
                    env=ENV).returncode == 0
    text = (decks / "config.toml").read_text(encoding="utf-8")
    assert text.count('name = "省考"') == 1 and "date = 2026-12-06" in text
    assert "decks" not in text.split('name = "省考"')[1]


@pytest.mark.parametrize("args, code, words", [
    (["--save"], 2, "--save goes with --exam"),
    (["--name", "x"], 2, "--name goes with --exam"),
    (["--exam", "29/11/2026"], 2, "YYYY-MM-DD"),
    (["--exam", "2026-09-01"], 2, "not ahead"),
    (["--exam", TODAY], 2, "not ahead"),
    (["--exam", "2026-12-01", "--name", " "], 2, "--name"),
])
def test_bad_arguments_are_one_line_errors(run_quiz, decks: Path, args: list[str], code: int,
                                           words: str) -> None:
    result = run_quiz("plan", *args, env=ENV)
    assert result.returncode == code
    assert result.stderr.count("\n") == 1 and words in result.stderr


def test_no_exam_set(run_quiz, decks: Path) -> None:
    (decks / "config.toml").write_text("", encoding="utf-8")
    result = run_quiz("plan", env=ENV)
    assert result.returncode == 1 and "no exam is set" in result.stderr


def test_an_exam_over_decks_not_loaded_is_warned_about(run_quiz, decks: Path) -> None:
    (decks / "config.toml").write_text('[[exam]]\nname = "x"\ndate = 2026-12-01\n'
                                       'decks = ["a", "gone"]\n', encoding="utf-8")
    result = run_quiz("plan", env=ENV)
    assert result.returncode == 0
    assert "exam 'x' names decks no loaded deck has: gone" in result.stderr


def test_plan_moves_cards_scheduled_past_an_exam_set_since(run_quiz, decks: Path) -> None:
    """Cards studied at a low desired retention with no exam in view, so due long after the
    exam; plan moves those that would have too little recall on the exam day before it, once,
    and says so."""
    (decks / "config.toml").write_text("", encoding="utf-8")
    start = datetime.fromisoformat(NOW) - timedelta(days=40)
    with Collection.open(deck_paths=[decks / "decks"], data_dir=decks / "home",
                         config_path=decks / "config.toml",
                         overrides={"fuzz": False, "desired_retention": 0.75}) as collection:
        for day in range(30):
            moment = start + timedelta(days=day)
            session = collection.study(collection.select(["a"]), clock=lambda moment=moment: moment)
            while session.current is not None:
                session.answer(Rating.GOOD)
    (decks / "config.toml").write_text('[[exam]]\nname = "x"\ndate = 2026-10-25\n',
                                       encoding="utf-8")
    first = run_quiz("plan", env=ENV).stdout.splitlines()[0]
    moved = int(first.split()[0])
    assert moved > 0 and first == Messages("en")("plan.moved", count=moved)
    assert plan(run_quiz)["moved"] == 0
    with Collection.open(deck_paths=[decks / "decks"], data_dir=decks / "home",
                         config_path=decks / "config.toml") as collection:
        kinds = [entry["kind"] for (deck, card) in collection.store.stored_states()
                 for entry in collection.store.history(deck, card)]
    assert kinds.count("moved") == moved


def test_plan_never_imports_textual(quiz_env, decks: Path) -> None:
    code = ("import sys; from quiz.cli.main import main; main(['plan']); "
            "print('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**quiz_env, **ENV}, cwd=decks)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"
