"""`quiz stats` and `quiz history` as real processes: the JSON shape, the printed report, exit
codes, and that neither needs Textual or fsrs."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from enginekit import basic_deck, write
from quiz.core.card_state import Rating
from quiz.render.i18n import Messages
from quiz.study.collection import Collection

PERIODS = [1, 7, 30, 365]


@pytest.fixture
def studied(quiz_env, tmp_path: Path) -> Path:
    """Decks a (3 cards) and b (2 cards); a/c0 and a/c1 studied minutes ago, one exam taken."""
    write(tmp_path, "a.yaml", basic_deck("a", 3, tags=("金融",)))
    write(tmp_path, "b.yaml", basic_deck("b", 2))
    # Minutes ago on the real clock, since the command reads the real clock.
    moment = datetime.now(UTC) - timedelta(minutes=10)
    with Collection.open(deck_paths=[tmp_path / "decks"], data_dir=tmp_path / "home",
                         config_path=tmp_path / "config.toml",
                         overrides={"fuzz": False}) as collection:
        session = collection.study(collection.find(["a/c0", "a/c1"]), clock=lambda: moment)
        session.answer(Rating.GOOD, reply="answer 0")
        session.answer(Rating.AGAIN)
        exam = collection.exam(collection.find(["a", "b"]), count=2, minutes=None,
                               clock=lambda: moment, seed=1)
        exam.submit("wrong")
        exam.submit("wrong")
        exam.finish()
    return tmp_path


def test_stats_json_has_every_figure(run_quiz, studied: Path) -> None:
    result = run_quiz("stats", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"now", "today", "decks", "total", "forecast", "activity",
                           "retention", "recall", "weakest", "exams", "future_answers"}
    assert [deck["deck"] for deck in report["decks"]] == ["a", "b"]
    assert report["decks"][0]["title"] == "Deck a"
    assert report["total"] == {"total": 5, "new": 3, "learning": 2, "young": 0, "mature": 0,
                               "suspended": 0, "leeches": 0, "due_today": 2, "due_tomorrow": 0,
                               "due_week": 2}
    assert len(report["forecast"]["due"]) == 30 and report["forecast"]["due"][0] == 2
    activity = report["activity"]
    assert len(activity["days"]) == 365 and activity["days"][-1]["date"] == report["today"]
    assert activity["answers"] == 2 and activity["days_studied"] == 1
    assert activity["current_streak"] == activity["longest_streak"] == 1
    assert set(activity["days"][0]) == {"date", "answers", "time_ms"}
    assert [period["days"] for period in report["retention"]["periods"]] == PERIODS
    assert report["retention"]["periods"][0]["all"] == {"passed": 0, "total": 0, "rate": None}
    assert report["recall"]["cards"] == 2 and 0 < report["recall"]["average"] <= 1
    assert set(report["weakest"]) == {"lapses", "leeches", "retrievability", "slowest"}
    assert {card["card"] for card in report["weakest"]["slowest"]} == {"c0", "c1"}
    exams = report["exams"]
    assert [(e["questions"], e["correct"], e["score"]) for e in exams["exams"]] == [(2, 0, 0.0)]
    assert sum(tally["total"] for tally in exams["by_deck"].values()) == 2


def test_stats_for_named_decks_only(run_quiz, studied: Path) -> None:
    report = json.loads(run_quiz("stats", "b", "--json").stdout)
    assert [deck["deck"] for deck in report["decks"]] == ["b"]
    assert report["total"]["new"] == 2 and report["activity"]["answers"] == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stats_prints_tables_charts_and_a_heatmap(run_quiz, studied: Path, lang: str) -> None:
    result = run_quiz("stats", "--lang", lang)
    assert result.returncode == 0, result.stderr
    t = Messages(lang)
    today = json.loads(run_quiz("stats", "--json").stdout)["today"]
    for heading in (t("stats.heading", date=today), t("stats.col.young"),
                    t("stats.due", today=2, tomorrow=0, week=2), t("stats.tab.forecast"),
                    t("stats.tab.reviews"), t("stats.year"), t("stats.streak", current=1,
                                                                longest=1),
                    t("stats.col.period"), t("stats.weak.slowest"),
                    t("stats.tab.exams"), t("stats.by_deck_tag")):
        assert heading in result.stdout, heading
    assert t("stats.weekdays").split()[0] + " " in result.stdout and "a/c1" in result.stdout
    other = Messages("zh" if lang == "en" else "en")
    assert other("stats.tab.forecast") not in result.stdout


def test_the_heatmap_puts_wide_month_names_over_their_weeks() -> None:
    from datetime import date

    from rich.cells import cell_len

    from quiz.render.charts import heatmap
    from quiz.render.i18n import Messages

    first = date(2025, 3, 3)   # a Monday
    header = heatmap(first, [1] * 365, month_names=Messages("zh")("stats.months").split(),
                     weekday_names=Messages("zh")("stats.weekdays").split()).plain.splitlines()[0]
    margin = cell_len("一") + 1
    for month, name in ((4, "4月"), (6, "6月"), (12, "12月")):
        week = -(-(date(2025, month, 1) - first).days // 7)   # its first week from a Monday
        assert cell_len(header[:header.index(name)]) == margin + week, name


def test_stats_on_an_empty_store(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", basic_deck("a", 2))
    result = run_quiz("stats")
    assert result.returncode == 0, result.stderr
    assert json.loads(run_quiz("stats", "--json").stdout)["total"]["new"] == 2


@pytest.mark.parametrize(("args", "message"), [
    (["stats", "nope"], "quiz: no deck 'nope'; decks: a, b"),
    (["history", "a/zz"], "quiz: deck 'a' has no card 'zz'"),
    (["history", "zz/c0"], "quiz: no deck 'zz'; decks: a, b"),
    (["history", "a"], "quiz: name one card as DECK/ID, not 'a'"),
])
def test_unknown_decks_and_cards_are_one_line_usage_errors(run_quiz, studied: Path, args,
                                                           message) -> None:
    result = run_quiz(*args)
    assert result.returncode == 2
    assert result.stderr == message + "\n" and result.stdout == ""


def test_history_of_one_card(run_quiz, studied: Path) -> None:
    report = json.loads(run_quiz("history", "a/c0", "--json").stdout)
    assert (report["deck"], report["card"]) == ("a", "c0")
    kinds = sorted(entry["kind"] for entry in report["entries"])
    assert "study" in kinds
    study = next(entry for entry in report["entries"] if entry["kind"] == "study")
    assert (study["rating"], study["how"], study["reply"]) == ("good", "self", "answer 0")
    assert study["interval_days"] == pytest.approx(10 / 1440)     # the second learning step
    assert report["state"]["phase"] == "learning" and report["state"]["reps"] == 1
    t = Messages("en")
    text = run_quiz("history", "a/c0").stdout
    assert "question 0 of a?" in text and t("history.phase.learning") in text
    assert t("grade.3") in text and t("history.how.self") in text
    never = json.loads(run_quiz("history", "b/c1", "--json").stdout)
    assert never["entries"] == [] and never["state"]["phase"] == "new"
    assert t("history.never") in run_quiz("history", "b/c1").stdout


def test_stats_and_history_import_neither_textual_nor_fsrs(quiz_env, studied: Path) -> None:
    for command in ("['stats']", "['history', 'a/c0']"):
        code = (f"import sys; from quiz.cli.main import main; main({command}); "
                f"print(sorted(m for m in ('textual', 'fsrs', 'yaml') if m in sys.modules))")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env=quiz_env, cwd=studied)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[-1] == "[]"
