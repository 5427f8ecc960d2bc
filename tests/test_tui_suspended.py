"""The deck list's list of suspended cards: what a row shows (never an answer), restoring one
card or all of them, the counts afterwards, an empty list, and a restore the store refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.widgets import DataTable, Label

from clockkit import Clock
from quiz.tui.app import build_app
from quiz.tui.screens.confirm import ConfirmScreen
from quiz.tui.screens.help import HelpScreen
from quiz.tui.screens.home import ALL, HomeScreen
from quiz.tui.screens.suspended import SuspendedScreen, cut
from tuikit import FROZEN, StoreLock, card, open_collection, settle, showing

SIZE = (80, 24)
# Cards of each kind, with what only their answer side holds: the answer, a choice card's
# options, the note.
SHOWN_AWAY = {
    "policy/growth-target": ("5%左右", "与2023年的目标相同"),          # basic, with a note
    "policy/deficit-ratio": ("2.8%", "3.2%", "3%"),                  # choice
    "policy/special-bonds": ("3.9万亿元", "3.9万亿"),                 # cloze
}


@pytest.fixture
def collection(tmp_path: Path):
    collection = open_collection(tmp_path)
    yield collection
    collection.close()


def home_app(collection, lang: str = "en", **options):
    return build_app(collection, clock=Clock(FROZEN), lang=lang, cursor_blink=False, **options)


def suspend(collection, *keys: str) -> None:
    collection.suspend([card(collection, *key.split("/")) for key in keys])


def suspended_keys(root: Path) -> list[str]:
    """What another process finds suspended in the store now."""
    with open_collection(root) as fresh:
        return [found.key for found in fresh.suspended(FROZEN)]


def screen_text(app) -> str:
    """Everything drawn on the screen now (dialogs and notifications included), without the
    spaces."""
    strips = app.screen._compositor.render_strips()
    return "".join("".join(strip.text for strip in strips).split())


def rows(screen: SuspendedScreen) -> list[list[str]]:
    table = screen.query_one("#suspended-cards", DataTable)
    return [[cell.plain for cell in table.get_row_at(row)] for row in range(table.row_count)]


def enabled(screen) -> set[str]:
    """The actions the screen's keys (and buttons) run now."""
    return {binding.action for _, binding, on, _ in screen.active_bindings.values() if on}


def notices(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def choose(pilot, home: HomeScreen, key: str) -> None:
    """Move the deck list's cursor to a row (ALL or a deck's slug)."""
    table = home.query_one("#decks", DataTable)
    await settle(pilot, lambda: table.row_count > 1)
    target = table.get_row_index(key)
    for _ in range(table.row_count):
        if table.cursor_row == target:
            break
        await pilot.press("down" if table.cursor_row < target else "up")
    assert home.selected_key() == key


async def open_list(pilot, app) -> SuspendedScreen:
    await pilot.press("s")
    await settle(pilot, lambda: showing(app, SuspendedScreen))
    await pilot.pause()
    return app.screen


async def test_a_suspended_card_is_listed_without_its_answer_and_enter_restores_it(
        collection, tmp_path: Path):
    suspend(collection, *SHOWN_AWAY)
    app = home_app(collection)
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        await choose(pilot, home, "policy")
        table = home.query_one("#decks", DataTable)
        assert str(table.get_row("policy")[1]) == "1"        # new: three of four suspended
        screen = await open_list(pilot, app)
        heading = str(screen.query_one("#suspended-heading", Label).content)
        assert heading == "Suspended cards · policy"
        assert rows(screen) == [
            ["policy", "growth-target", "2024年国内生产总值增长的预期目标是多少？"],
            ["policy", "deficit-ratio", "2024年赤字率拟按多少安排？"],
            ["policy", "special-bonds", "2024年拟安排地方政府专项债券[…]，比上年增加1000…"],
        ]
        shown = screen_text(app)
        for given_away in SHOWN_AWAY.values():
            assert not any(text in shown for text in given_away), shown
        await pilot.press("enter")                           # the first row
        await settle(pilot, lambda: len(screen.cards) == 2)
        assert [row[1] for row in rows(screen)] == ["deficit-ratio", "special-bonds"]
        assert "Restored: policy · growth-target" in notices(app)
        assert suspended_keys(tmp_path) == ["policy/deficit-ratio", "policy/special-bonds"]
        await pilot.press("down", "enter")                   # the row under the cursor
        await settle(pilot, lambda: len(screen.cards) == 1)
        assert suspended_keys(tmp_path) == ["policy/deficit-ratio"]
        await pilot.press("escape")
        await settle(pilot, lambda: showing(app, HomeScreen))
        await settle(pilot, lambda: str(table.get_row("policy")[1]) == "3")
        assert home.selected_key() == "policy"
    assert app.failure is None


async def test_the_list_is_the_chosen_decks_and_restore_all_asks_first(collection,
                                                                      tmp_path: Path):
    suspend(collection, "finance/credit-households", "finance/rate-choice",
            "policy/growth-target")
    app = home_app(collection, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        await choose(pilot, home, "finance")
        screen = await open_list(pilot, app)
        assert str(screen.query_one("#suspended-heading", Label).content) == \
            "已暂停的卡片 · 普惠金融2023"
        assert [row[:2] for row in rows(screen)] == [["普惠金融2023", "rate-choice"],
                                                     ["普惠金融2023", "credit-households"]]
        await pilot.press("a")
        await settle(pilot, lambda: showing(app, ConfirmScreen))
        await pilot.pause()
        assert "恢复这里列出的全部2张卡片？" in screen_text(app)
        await pilot.press("n")                               # anything but y keeps them
        await settle(pilot, lambda: app.screen is screen)
        assert len(screen.cards) == 2 and len(suspended_keys(tmp_path)) == 3
        await pilot.press("a")
        await settle(pilot, lambda: showing(app, ConfirmScreen))
        await pilot.press("y")
        await settle(pilot, lambda: not screen.cards)
        assert "已恢复 2 张卡片" in notices(app)
        assert suspended_keys(tmp_path) == ["policy/growth-target"]   # not the other deck's
        assert screen.query_one("#suspended-none").display
        assert not screen.query_one("#suspended-cards").display
        await pilot.press("q")
        await settle(pilot, lambda: showing(app, HomeScreen))
        await choose(pilot, home, ALL)
        screen = await open_list(pilot, app)
        assert [row[:2] for row in rows(screen)] == [["policy", "growth-target"]]
        assert str(screen.query_one("#suspended-heading", Label).content) == \
            "已暂停的卡片 · 全部牌组"


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_key_is_offered_where_cards_are_suspended_and_an_empty_list_says_so(
        collection, lang):
    suspend(collection, "policy/growth-target")
    app = home_app(collection, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        await choose(pilot, home, "finance")                 # nothing suspended there
        await pilot.pause()
        assert "suspended" not in enabled(home)
        await pilot.press("s")
        await pilot.pause()
        assert showing(app, HomeScreen)
        await choose(pilot, home, "policy")
        await settle(pilot, lambda: "suspended" in enabled(home))
        screen = await open_list(pilot, app)
        await pilot.press("enter")
        await settle(pilot, lambda: not screen.cards)
        none = screen.query_one("#suspended-none", Label)
        assert none.display and not screen.query_one("#suspended-cards").display
        said = str(none.content)
        assert said == app.t("suspended.none") and "\n" not in said
        assert cell_len(said) <= none.content_region.width     # one line, whole
        assert not enabled(screen) & {"restore", "restore_all", "retry"}
        await pilot.press("enter", "a")
        await pilot.pause()
        assert showing(app, SuspendedScreen) and not showing(app, ConfirmScreen)
        await pilot.press("escape")
        await settle(pilot, lambda: showing(app, HomeScreen))
        await settle(pilot, lambda: "suspended" not in enabled(home))   # none left anywhere
        await choose(pilot, home, ALL)
        await pilot.pause()
        assert "suspended" not in enabled(home)


async def test_a_refused_restore_keeps_the_row_says_why_in_one_line_and_retries(
        collection, tmp_path: Path):
    suspend(collection, "policy/growth-target", "policy/jobs-target")
    lock = StoreLock(collection).take()
    app = home_app(collection)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app)
        await pilot.press("enter")
        failure = screen.query_one("#failure", Label)
        await settle(pilot, lambda: failure.display)
        said = str(failure.content)
        assert said.startswith("Not saved: ") and "\n" not in said
        assert app.failure is not None and said == app.t("store.not_saved",
                                                         reason=app.t.error(app.failure))
        assert [row[1] for row in rows(screen)] == ["growth-target", "jobs-target"]
        assert str(screen.query_one("#hint", Label).content) == app.t("store.retry_hint")
        await pilot.press("a")                               # nothing else meanwhile
        await pilot.pause()
        assert not showing(app, ConfirmScreen)
        assert enabled(screen) >= {"retry"} and not enabled(screen) & {"restore", "restore_all"}
        await pilot.press("r")                               # still locked: still refused
        await pilot.pause()
        assert len(screen.cards) == 2 and failure.display
        lock.release()
        assert suspended_keys(tmp_path) == ["policy/growth-target", "policy/jobs-target"]
        await pilot.press("enter")                           # the same restore, once more
        await settle(pilot, lambda: len(screen.cards) == 1)
        assert not failure.display and app.failure is None
        assert [row[1] for row in rows(screen)] == ["jobs-target"]     # the refused one went
        assert str(screen.query_one("#hint", Label).content) == app.t("suspended.hint")
        assert suspended_keys(tmp_path) == ["policy/jobs-target"]
    lock.close()


async def test_the_key_is_in_the_deck_lists_help_and_the_list_has_its_own(collection):
    suspend(collection, "finance/rate-choice")
    app = home_app(collection)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await settle(pilot, lambda: showing(app, HelpScreen))
        assert ("s", "help.suspended_list") in app.screen.rows
        await pilot.press("escape")
        await settle(pilot, lambda: showing(app, HomeScreen))
        await open_list(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, lambda: showing(app, HelpScreen))
        assert app.screen.rows == SuspendedScreen.HELP
        await pilot.press("escape")
        await settle(pilot, lambda: showing(app, SuspendedScreen))


LONG_DECK = """\
deck: long-names
title: 一个很长很长的标题
name: 一个名字特别长而且全是中文的牌组简称
cards:
  - id: an-identifier-that-is-far-longer-than-any-column-gives-room-for
    q: |
      第一行[bold]不是标记[/bold]，
      第二行：二〇二四年全国一般公共预算收入为多少亿元？请写出完整的数字和单位
    a: 219702亿元
  - id: short
    type: cloze
    text: 全角字符测试{{答案甲}}和{{答案乙::提示}}以及很长很长很长很长很长的后半句
"""


@pytest.mark.parametrize("width", [41, 45, 60, 80, 120])
async def test_every_row_fits_its_columns_in_terminal_cells(tmp_path: Path, width: int):
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "long.yaml").write_text(LONG_DECK, encoding="utf-8")
    collection = open_collection(tmp_path, decks)
    collection.suspend(collection.select())
    app = home_app(collection)
    async with app.run_test(size=(width, 35)) as pilot:
        screen = await open_list(pilot, app)
        table = screen.query_one("#suspended-cards", DataTable)
        assert table.row_count == 2
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert screen.region.contains_region(table.region)
        widths = [column.width for column in table.ordered_columns]
        for row in range(table.row_count):
            for cell, room in zip(table.get_row_at(row), widths):
                assert all(cell_len(line) <= room for line in cell.plain.split("\n")), cell
        text = "".join(cell.plain for cell in table.get_row_at(1))
        assert "答案甲" not in text and "答案乙" not in text and "[…]" in text
        first = "".join(cell.plain for cell in table.get_row_at(0))
        assert "第一行[bold]不是标记" in first and "219702" not in first
    collection.close()


@given(st.text(alphabet=st.sampled_from("ab 中文字，…\t"), max_size=40),
       st.integers(min_value=1, max_value=30))
def test_cut_keeps_text_within_its_cells_and_marks_where_it_cut(text: str, width: int):
    line = cut(text, width).plain
    assert cell_len(line) <= width
    if cell_len(text) <= width:
        assert line == text
    else:
        assert line.endswith("…") and text.startswith(line[:-1])


async def test_a_list_the_store_cannot_give_says_why_in_one_line(collection, monkeypatch):
    from quiz.storage.faults import damaged

    suspend(collection, "policy/growth-target")
    error = damaged(collection.store.path, "database disk image is malformed")

    def unreadable(now, cards=None):
        raise error

    app = home_app(collection)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: "suspended" in enabled(app.screen))
        monkeypatch.setattr(collection, "suspended", unreadable)   # damaged since it was drawn
        screen = await open_list(pilot, app)
        failure = screen.query_one("#failure", Label)
        assert failure.display and str(failure.content) == app.t.error(error)
        assert "\n" not in str(failure.content) and app.failure is error
        assert not screen.cards and not screen.query_one("#suspended-cards").display
        assert not screen.query_one("#suspended-none").display    # it does not know of none
        await pilot.press("escape")
        await settle(pilot, lambda: showing(app, HomeScreen))
