"""The statistics screen: opened with `t` from the deck list, figures loaded in a worker, a weak
card's history, cramming from there and from a whole list, and a snapshot at 80×24."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, TabbedContent

from clockkit import Clock
from quiz.stats.history import card_history
from quiz.study.collection import Collection
from quiz.tui.app import build_app
from quiz.tui.launch import stats_screen
from quiz.tui.screens.history import CardHistoryScreen
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.stats import StatsScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.screens.summary import SummaryScreen
from statskit import SETTINGS, SHANGHAI, calendar, fill_demo_log
from tuikit import FROZEN, TUI_DECKS, settle

SIZE = (80, 24)


@pytest.fixture
def collection(tmp_path: Path):
    """The TUI test decks with the demo log, in Shanghai time so the days are the same anywhere."""
    collection = Collection.open(deck_paths=[TUI_DECKS], data_dir=tmp_path / "home",
                                 config_path=tmp_path / "config.toml",
                                 overrides={"fuzz": False}, tz=SHANGHAI)
    fill_demo_log(tmp_path / "home", FROZEN)
    yield collection
    collection.close()


def stats_app(collection: Collection, lang: str = "zh"):
    return build_app(collection, clock=Clock(FROZEN), lang=lang, cursor_blink=False,
                     stats_screen=stats_screen)


async def open_stats(pilot) -> StatsScreen:
    await pilot.press("t")
    await settle(pilot, lambda: isinstance(pilot.app.screen, StatsScreen)
                 and pilot.app.screen.figures is not None)
    return pilot.app.screen


def cell_texts(table: DataTable, row: int) -> list[str]:
    return [str(getattr(cell, "plain", cell)).strip() for cell in table.get_row_at(row)]


async def test_t_opens_the_figures_and_escape_goes_back(collection) -> None:
    app = stats_app(collection)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        assert not screen.query_one("#stats-loading").display
        decks = screen.query_one("#stats-decks", DataTable)
        assert decks.row_count == 3                            # two decks and the total
        first = cell_texts(decks, 0)
        # Decks by name (else slug), never by title: a title is a headline and may hold an
        # answer ("我国已有433款大模型…").
        assert [cell_texts(decks, row)[0] for row in range(2)] == ["普惠金融2023", "policy"]
        assert [str(column.label.plain).strip() for column in decks.columns.values()] == [
            "牌组", "新卡", "学习中", "年轻", "成熟", "暂停", "难记", "今天", "明天", "7天"]
        assert all(column.content_width >= cell_len(column.label.plain)
                   for column in decks.columns.values())           # no heading cut
        assert first[1:] == ["3", "2", "2", "1", "0", "1", "3", "1", "4"]
        assert cell_texts(decks, 2)[1:] == ["5", "2", "2", "2", "1", "1", "3", "1", "5"]
        await pilot.press("3")
        assert screen.query_one("#stats-pages", TabbedContent).active == "reviews"
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_a_weak_card_shows_its_history_and_can_be_crammed(collection) -> None:
    app = stats_app(collection)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        answers_before = screen.figures.activity.answers
        first = screen.figures.weakest["lapses"][0]
        assert first.key == "finance/micro-loan-growth"
        await pilot.press("5")
        await settle(pilot, lambda: screen.focused is screen.query_one("#weak-lapses"))
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, CardHistoryScreen))
        history = app.screen
        assert history.card.key == first.key
        expected = card_history(collection.store, "finance", "micro-loan-growth",
                                calendar(FROZEN), SETTINGS)
        entries = history.query_one("#history-entries", DataTable)
        assert entries.row_count == len(expected.entries) > 10
        assert "考试" in cell_texts(entries, [e.kind for e in expected.entries].index("exam"))
        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, StudyScreen))
        session = app.screen.session
        assert session.cram and session.current.key == first.key
        await pilot.press("space", "3")
        await settle(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is screen
                     and screen.figures.activity.answers == answers_before + 1)
    latest = card_history(collection.store, "finance", "micro-loan-growth", calendar(FROZEN),
                          SETTINGS).entries[-1]
    assert (latest.kind, latest.rating) == ("cram", 3)


async def test_c_crams_the_whole_weak_list_in_focus(collection) -> None:
    app = stats_app(collection, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        await pilot.press("5")
        await settle(pilot, lambda: screen.focused is screen.query_one("#weak-lapses"))
        await pilot.press("tab", "tab")     # past the leeches to the lowest recall
        await settle(pilot, lambda: screen.focused is screen.query_one("#weak-retrievability"))
        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, StudyScreen))
        weak = screen.figures.weakest["retrievability"]
        session = app.screen.session
        assert session.cram and session.current.key == weak[0].key
        assert session.progress().left == len(weak) == 6
        assert app.screen.session_title == "Weak cards · Lowest recall"


async def test_cram_is_offered_only_on_a_weak_list(collection) -> None:
    app = stats_app(collection)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is screen
        assert screen.check_action("cram", ()) is False


def test_stats_screen_snapshot(snap_compare, collection):
    async def loaded(pilot) -> None:
        await open_stats(pilot)

    assert snap_compare(stats_app(collection), run_before=loaded, terminal_size=SIZE)


async def test_digits_switch_pages_even_from_a_focused_weak_list(collection) -> None:
    app = stats_app(collection)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        pages = screen.query_one("#stats-pages", TabbedContent)
        for number, page in zip("5615", ("weak", "exams", "overview", "weak")):
            await pilot.press(number)
            await pilot.pause()
            assert pages.active == page
        assert isinstance(app.focused, DataTable)        # the weak list took the keys again
        await pilot.press("2")
        await pilot.pause()
        assert pages.active == "forecast"


async def test_the_exams_page_gives_the_results_by_deck_and_by_tag_that_quiz_stats_gives(
        collection, tmp_path: Path, capsys) -> None:
    import json

    from quiz.cli.main import main

    (tmp_path / "cli.toml").touch()
    assert main(["stats", "--json", "--decks", str(TUI_DECKS), "--data-dir",
                 str(tmp_path / "home"), "--config", str(tmp_path / "cli.toml")]) == 0
    figures = json.loads(capsys.readouterr().out)["exams"]
    assert figures["by_deck"] and figures["by_tag"]
    expected = [["By deck", "", ""],
                *([collection.labels[deck], f"{100 * tally['rate']:.0f}%",
                   f"{tally['passed']}/{tally['total']}"]
                  for deck, tally in figures["by_deck"].items()),
                ["By tag", "", ""],
                *([f"#{tag}", f"{100 * tally['rate']:.0f}%", f"{tally['passed']}/{tally['total']}"]
                  for tag, tally in figures["by_tag"].items())]
    app = stats_app(collection, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_stats(pilot)
        await pilot.press("6")
        table = app.screen.query_one("#exams-table", DataTable)
        assert [cell_texts(table, row) for row in range(table.row_count)] == expected
