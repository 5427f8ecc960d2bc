"""Exams ahead in the TUI: a countdown per exam under the deck list (readiness filled in by a
worker) and the statistics screen's page of readiness day by day to the exam."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.app import App
from textual.widgets import Label, TabbedContent

from clockkit import Clock
from quiz.render.i18n import Messages
from quiz.render.readiness import readiness_text
from quiz.study.collection import Collection
from quiz.tui.app import build_app
from quiz.tui.launch import stats_screen
from quiz.tui.screens.stats import StatsScreen
from quiz.tui.widgets.plots import ColumnChart
from statskit import SHANGHAI, fill_demo_log
from tuikit import FROZEN, TUI_DECKS, settle

SIZE = (100, 30)
EXAMS = """\
[[exam]]
name = "国考"
date = 2026-03-20
decks = ["policy"]

[[exam]]
name = "spring"
date = 2026-04-11

[[exam]]
name = "gone"
date = 2026-02-01
"""


def opened(tmp_path: Path, config: str) -> Collection:
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    collection = Collection.open(deck_paths=[TUI_DECKS], data_dir=tmp_path / "home",
                                 config_path=tmp_path / "config.toml",
                                 overrides={"fuzz": False}, tz=SHANGHAI)
    fill_demo_log(tmp_path / "home", FROZEN)
    return collection


def app_over(collection: Collection):
    return build_app(collection, clock=Clock(FROZEN), lang="en", cursor_blink=False,
                     stats_screen=stats_screen)


async def test_the_deck_list_counts_down_to_each_exam_ahead(tmp_path: Path) -> None:
    t = Messages("en")
    with opened(tmp_path, EXAMS) as collection:
        plans = {exam.name: collection.plan(exam, FROZEN) for exam in collection.settings.exams
                 if exam.name != "gone"}
        app = app_over(collection)
        async with app.run_test(size=SIZE) as pilot:
            label = app.screen.query_one("#home-exams", Label)
            assert label.display
            await settle(pilot, lambda: "…" not in str(label.render()))
            lines = str(label.render()).splitlines()
    assert lines == [
        f"{t('home.exam', name=name, date=plan.exam.date.isoformat(), count=plan.days_left)}"
        f" · {t('home.readiness', readiness=readiness_text(plan.total.readiness))}"
        f" · {t('plan.on_track')}" for name, plan in plans.items()]
    assert [plan.days_left for plan in plans.values()] == [18, 40]
    assert 0 < plans["国考"].total.readiness < 1


async def test_without_an_exam_ahead_there_is_no_countdown(tmp_path: Path) -> None:
    with opened(tmp_path, '[[exam]]\nname = "gone"\ndate = 2026-02-01\n') as collection:
        app = app_over(collection)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert not app.screen.query_one("#home-exams", Label).display
            await pilot.press("t")
            await settle(pilot, lambda: isinstance(app.screen, StatsScreen)
                         and app.screen.figures is not None)
            assert not app.screen.query("#plan-body")
            await pilot.press("7")
            assert app.screen.query_one("#stats-pages", TabbedContent).active == "overview"


async def test_the_statistics_screen_draws_readiness_day_by_day(tmp_path: Path) -> None:
    with opened(tmp_path, EXAMS) as collection:
        expected = collection.plan(collection.settings.exams[0], FROZEN)
        app = app_over(collection)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("t")
            await settle(pilot, lambda: isinstance(app.screen, StatsScreen)
                         and app.screen.figures is not None and app.screen.plans is not None)
            screen = app.screen
            await pilot.press("7")
            assert screen.query_one("#stats-pages", TabbedContent).active == "plan"
            curve = screen.query_one("#plan-curve-0", ColumnChart)
            reviews = screen.query_one("#plan-reviews-1", ColumnChart)
            texts = [str(label.render()) for label in screen.query("#plan-body Label")]
    assert curve.values == [round(100 * value, 1) for _, value in expected.curve]
    assert len(curve.values) == 19 and curve.labels[1] == "03-20"
    assert len(reviews.values) == 40
    t = Messages("en")
    assert texts[0] == t("stats.plan_heading", name="国考", date="2026-03-20", count=18)
    assert texts[1].startswith(t("home.readiness",
                                 readiness=readiness_text(expected.total.readiness)))


async def test_a_chart_of_more_days_than_columns_keeps_to_its_rows() -> None:
    # An exam 134 days ahead on an 80-column screen: one column per day does not fit, and
    # the bars wrapped into garbage under the chart. Days share a column instead.
    values = [float(day) for day in range(1, 135)]

    class ChartApp(App):
        def compose(self):
            yield ColumnChart(values, ("今天", "04-18"))

    app = ChartApp()
    async with app.run_test(size=(80, 9)) as pilot:
        await pilot.pause()
        chart = app.query_one(ColumnChart)
        lines, size = chart.render().plain.splitlines(), chart.size
    assert len(lines) == size.height
    assert all(cell_len(line) <= size.width for line in lines)
    assert lines[0].startswith("134 ") and lines[0].rstrip().endswith("█")   # the last day
    assert lines[-1].split() == ["今天", "04-18"]
