"""Without a keyboard: every action of the study and exam screens and of the list of suspended
cards by clicks alone, at a phone's size (45×35) and a terminal's (80×24), with the buttons a
browser gets (`buttons=True`); the screens lay out without clipping there. The terminal keeps
its key bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Static

from clockkit import Clock
from quiz.core.card_state import Rating
from quiz.tui.app import build_app
from quiz.tui.screens.confirm import ConfirmScreen
from quiz.tui.screens.exam import ExamScreen
from quiz.tui.screens.exam_setup import ExamSetupScreen
from quiz.tui.screens.help import HelpScreen
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.report import ReportScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.screens.summary import SummaryScreen
from quiz.tui.screens.suspended import SuspendedScreen
from quiz.tui.widgets.actions import ActionBar, ActionButton
from quiz.tui.widgets.choices import ChoiceRow
from quiz.tui.widgets.grades import GradeButton
from quiz.tui.widgets.keys import KeyFooter
from tuikit import FROZEN, card, open_collection, settle, showing

PHONE, TERMINAL = (45, 35), (80, 24)
SIZES = pytest.mark.parametrize("size", [PHONE, TERMINAL], ids=["45x35", "80x24"])
TAP_ROWS = 3   # a button a finger can hit: three rows, about 55 px in a phone's browser


@pytest.fixture
def collection(tmp_path: Path):
    collection = open_collection(tmp_path)
    yield collection
    collection.close()


def study_app(collection, *ids: str, lang: str = "en", **options):
    cards = [card(collection, *key.split("/")) for key in ids]
    return build_app(collection, start="study", cards=cards, clock=Clock(FROZEN), lang=lang,
                     cursor_blink=False, buttons=True, **options)


def exam_app(collection, **options):
    options.setdefault("exam_count", 6)
    return build_app(collection, start="exam", cards=collection.select(), clock=Clock(FROZEN),
                     lang="en", cursor_blink=False, exam_seed=3, buttons=True, **options)


def shown(app) -> dict[str, ActionButton]:
    """The action buttons on the top screen, by action."""
    return {button.bound_action: button for button in app.screen.query(ActionButton)
            if button.display and button.is_attached}


def on_screen(app, widget: Widget) -> bool:
    """Whether all of the widget is inside the screen (and so inside any container: a clipped
    widget's region is cut to its container's)."""
    region = widget.region
    return (bool(region) and Region(0, 0, *app.size).contains_region(region)
            and region.size == widget.outer_size)


async def click(pilot, widget: Widget) -> None:
    """Click the middle of the widget, as a finger would; it must be whole, large enough to
    tap when it is a button, and what is under the pointer."""
    app = pilot.app
    await settle(pilot, lambda: widget.is_attached and on_screen(app, widget))
    if isinstance(widget, Button):
        assert widget.region.height >= TAP_ROWS
    region = widget.region
    under, _ = app.get_widget_at(region.x + region.width // 2, region.y + region.height // 2)
    assert under is widget or widget in under.ancestors, under
    await pilot.click(widget, offset=(region.width // 2, region.height // 2))
    await pilot.pause()


def bars_settled(app) -> bool:
    """Whether every action bar on the top screen shows the actions its screen has now."""
    return all(not bar.pending and [button.bound_action for button in bar.query(ActionButton)]
               == [action for _, action, _, _ in bar.actions()]
               for bar in app.screen.query(ActionBar))


async def tap(pilot, action: str) -> None:
    """Click the button of an action, once the bar shows it (and is not about to change)."""
    await settle(pilot, lambda: bars_settled(pilot.app) and action in shown(pilot.app))
    await click(pilot, shown(pilot.app)[action])


def ratings(collection, deck: str, card_id: str) -> list[int]:
    return [row["rating"] for row in collection.store.history(deck, card_id)
            if row["rating"] is not None]


def misplaced(app) -> list[object]:
    """Buttons, options and reply boxes not whole on screen, button labels cut, buttons too
    small to tap."""
    screen, found = app.screen, []
    for widget in (*screen.query(ActionButton), *screen.query(GradeButton),
                   *screen.query(ChoiceRow), *screen.query(Input)):
        if widget.display and widget.is_attached and widget.parent.display \
                and not on_screen(app, widget):
            found.append(widget)
    for button in (*screen.query(ActionButton), *screen.query(GradeButton)):
        if button.display and button.is_attached and (
                cell_len(str(button.label)) > button.content_region.width
                or button.region.height != TAP_ROWS):      # too small, or its label wrapped
            found.append(button.label)
    return found


async def assert_laid_out(pilot) -> None:
    """Once the screen is laid out, nothing is misplaced."""
    await settle(pilot, lambda: not misplaced(pilot.app))


# -- study --------------------------------------------------------------------------------------

@SIZES
async def test_a_self_graded_card_by_clicks_reveal_source_grade_undo_bury_suspend(
        collection, size):
    app = study_app(collection, "finance/micro-loan-balance", "policy/growth-target")
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert "source" not in shown(app)                # nothing to show before the answer
        await tap(pilot, "reveal")
        await settle(pilot, lambda: screen.phase == "answer" and "accept" in shown(app))
        assert screen.query_one("#answer").display and "reveal" not in shown(app)
        await assert_laid_out(pilot)
        await tap(pilot, "source")
        await settle(pilot, lambda: screen.query_one("#source").display)
        await click(pilot, screen.query_one("#grade-3"))
        await settle(pilot, lambda: screen.session.progress().done == 1)
        assert ratings(collection, "finance", "micro-loan-balance") == [int(Rating.GOOD)]
        await tap(pilot, "undo")
        await settle(pilot, lambda: screen.session.progress().done == 0)
        assert ratings(collection, "finance", "micro-loan-balance") == []
        assert screen.session.current.id == "micro-loan-balance"
        await tap(pilot, "bury")
        await settle(pilot, lambda: screen.session.current.id == "growth-target")
        await tap(pilot, "suspend")
        await settle(pilot, lambda: showing(app, SummaryScreen))
    states = collection.store.card_rows()
    assert states[("policy", "growth-target")].suspended


@SIZES
async def test_a_choice_card_by_clicking_an_option_then_accept(collection, size):
    app = study_app(collection, "finance/rate-choice")
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        options = screen.query(ChoiceRow)
        await assert_laid_out(pilot)
        assert all(row.region.height >= TAP_ROWS for row in options)
        await click(pilot, screen.query_one("#choice-b"))     # the right one
        await settle(pilot, lambda: screen.phase == "verdict")
        assert screen.verdict.correct
        await tap(pilot, "accept")
        await settle(pilot, lambda: screen.session.progress().done == 1)
    assert ratings(collection, "finance", "rate-choice") == [int(Rating.GOOD)]


@SIZES
async def test_a_typed_card_by_tapping_the_box_typing_and_check(collection, size):
    app = study_app(collection, "finance/account-count")
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        reply = screen.query_one("#reply", Input)
        await tap(pilot, "blur_reply")                       # what Esc does
        await settle(pilot, lambda: not reply.has_focus and "bury" in shown(app))
        assert "submit_reply" not in shown(app)
        await click(pilot, reply)                            # a tap in the box types again
        await settle(pilot, lambda: reply.has_focus)
        await pilot.press(*"10.19")
        await tap(pilot, "submit_reply")
        await settle(pilot, lambda: screen.phase == "verdict")
        assert screen.verdict.correct
        await assert_laid_out(pilot)
        await click(pilot, screen.query_one("#grade-4"))
        await settle(pilot, lambda: screen.session.progress().done == 1)
    assert ratings(collection, "finance", "account-count") == [int(Rating.EASY)]


@SIZES
async def test_the_answer_button_returns_to_the_box(collection, size):
    app = study_app(collection, "finance/account-count")
    async with app.run_test(size=size) as pilot:
        reply = app.screen.query_one("#reply", Input)
        await tap(pilot, "blur_reply")
        await settle(pilot, lambda: not reply.has_focus)
        await tap(pilot, "type")
        await settle(pilot, lambda: reply.has_focus)


@SIZES
async def test_from_the_deck_list_a_row_studies_and_leave_comes_back(collection, size):
    app = build_app(collection, clock=Clock(FROZEN), lang="en", cursor_blink=False, buttons=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, lambda: showing(app, HomeScreen))
        await assert_laid_out(pilot)
        table = app.screen.query_one("#decks", DataTable)
        await pilot.click(table, offset=(4, 2))       # a tap on the chosen row (all decks)
        await settle(pilot, lambda: showing(app, StudyScreen))
        await tap(pilot, "leave")
        await settle(pilot, lambda: showing(app, ConfirmScreen))   # cards are left: Yes leaves
        await tap(pilot, "answer(True)")
        await settle(pilot, lambda: showing(app, HomeScreen))


@SIZES
async def test_help_opens_and_closes_by_buttons(collection, size):
    app = study_app(collection, "finance/micro-loan-balance")
    async with app.run_test(size=size) as pilot:
        await tap(pilot, "help")
        await settle(pilot, lambda: showing(app, HelpScreen))
        await assert_laid_out(pilot)
        await tap(pilot, "close")
        await settle(pilot, lambda: showing(app, StudyScreen))


@SIZES
async def test_the_summary_undoes_and_goes_back_by_buttons(collection, size):
    app = build_app(collection, clock=Clock(FROZEN), lang="en", cursor_blink=False, buttons=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, lambda: showing(app, HomeScreen))
        table = app.screen.query_one("#decks", DataTable)
        await pilot.click(table, offset=(4, 3))       # a first tap on a deck chooses it
        await settle(pilot, lambda: table.cursor_row == 1)
        assert showing(app, HomeScreen)
        await tap(pilot, "study")
        await settle(pilot, lambda: showing(app, StudyScreen))
        assert app.screen.session_title == app.deck_labels["finance"]
        study = app.screen
        before = study.session.progress().left
        await tap(pilot, "bury")
        await settle(pilot, lambda: study.session.progress().left < before)
        await tap(pilot, "leave")
        await settle(pilot, lambda: showing(app, ConfirmScreen))
        await tap(pilot, "answer(True)")
        await settle(pilot, lambda: showing(app, SummaryScreen) or showing(app, HomeScreen))
        if showing(app, SummaryScreen):
            await assert_laid_out(pilot)
            await tap(pilot, "leave")
        await settle(pilot, lambda: showing(app, HomeScreen))


@SIZES
async def test_suspended_cards_are_restored_by_buttons(collection, size):
    collection.suspend([card(collection, "finance", "credit-households"),
                        card(collection, "policy", "growth-target"),
                        card(collection, "policy", "deficit-ratio")])
    app = build_app(collection, clock=Clock(FROZEN), lang="zh", cursor_blink=False, buttons=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, lambda: showing(app, HomeScreen))
        await tap(pilot, "suspended")
        await settle(pilot, lambda: showing(app, SuspendedScreen))
        screen = app.screen
        table = screen.query_one("#suspended-cards", DataTable)
        await settle(pilot, lambda: table.row_count == 3)
        await assert_laid_out(pilot)
        assert on_screen(app, table) and on_screen(app, screen.query_one("#hint"))
        assert table.virtual_size.width <= table.scrollable_content_region.width
        second = screen.cards[1]
        row_height = 2 if screen.has_class("-narrow") else 1
        for _ in range(2):           # a tap chooses a row; a second tap restores nothing
            await pilot.click(table, offset=(4, 2 + row_height))   # border, heading, a row
            await settle(pilot, lambda: table.cursor_row == 1)
        await pilot.pause()
        assert len(screen.cards) == 3
        await tap(pilot, "restore")                       # the chosen row
        await settle(pilot, lambda: len(screen.cards) == 2)
        assert second not in screen.cards and second not in collection.suspended(FROZEN)
        await tap(pilot, "restore_all")
        await settle(pilot, lambda: showing(app, ConfirmScreen))
        await assert_laid_out(pilot)
        await tap(pilot, "answer(True)")
        await settle(pilot, lambda: app.screen is screen and not screen.cards)
        await settle(pilot, lambda: "restore" not in shown(app))
        assert on_screen(app, screen.query_one("#suspended-none"))
        await tap(pilot, "leave")
        await settle(pilot, lambda: showing(app, HomeScreen))
    assert not collection.suspended(FROZEN)


# -- exam -----------------------------------------------------------------------------------------

@SIZES
async def test_an_exam_by_clicks_options_reply_skip_finish_and_report(collection, size):
    app = exam_app(collection)
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        asked = 0
        while screen.session.current is not None and screen.session.index < 4:
            question, index = screen.session.current, screen.session.index
            await assert_laid_out(pilot)
            if question.choices:
                right = "abcdef"[question.choices.index(question.answer)]
                await click(pilot, screen.query_one(f"#choice-{right}"))
            else:
                reply = screen.query_one("#reply", Input)
                await settle(pilot, lambda reply=reply: reply.has_focus)
                await pilot.press(*question.answer)
                await tap(pilot, "submit_reply")
            await settle(pilot, lambda index=index: screen.session.index == index + 1)
            asked += 1
        if screen.session.current.choices:
            await tap(pilot, "skip")
            await settle(pilot, lambda: screen.session.index == 5)
        await tap(pilot, "finish")
        await settle(pilot, lambda: showing(app, ConfirmScreen))
        await assert_laid_out(pilot)
        await tap(pilot, "answer(False)")                   # No: the exam goes on
        await settle(pilot, lambda: app.screen is screen)
        await tap(pilot, "finish")
        await settle(pilot, lambda: showing(app, ConfirmScreen))
        await tap(pilot, "answer(True)")
        await settle(pilot, lambda: showing(app, ReportScreen))
        report = app.screen.report
        assert report.correct == asked == 4 and len(report.mistakes) == 2
        await assert_laid_out(pilot)
        await tap(pilot, "review")
        await settle(pilot, lambda: app.screen.sent and "review" not in shown(app))
        await tap(pilot, "leave")
        await settle(pilot, lambda: not app.is_running)


@SIZES
async def test_an_exam_from_the_deck_list_starts_and_cancels_by_buttons(collection, size):
    app = build_app(collection, clock=Clock(FROZEN), lang="en", cursor_blink=False, buttons=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, lambda: showing(app, HomeScreen))
        await tap(pilot, "exam")
        await settle(pilot, lambda: showing(app, ExamSetupScreen))
        await assert_laid_out(pilot)
        await tap(pilot, "cancel")
        await settle(pilot, lambda: showing(app, HomeScreen))
        await tap(pilot, "exam")
        await settle(pilot, lambda: showing(app, ExamSetupScreen))
        count = app.screen.query_one("#exam-count", Input)
        await click(pilot, count)
        await settle(pilot, lambda: count.has_focus)
        await pilot.press("end", "backspace", "backspace", "3")
        await tap(pilot, "start")
        await settle(pilot, lambda: showing(app, ExamScreen))
        assert len(app.screen.session.questions) == 3


# -- layout ----------------------------------------------------------------------------------------

async def test_at_a_phone_size_the_deck_table_needs_no_sideways_scrolling(collection):
    app = build_app(collection, clock=Clock(FROZEN), lang="zh", cursor_blink=False, buttons=True)
    async with app.run_test(size=PHONE) as pilot:
        await settle(pilot, lambda: showing(app, HomeScreen))
        table = app.screen.query_one("#decks", DataTable)
        await settle(pilot, lambda: table.row_count > 1)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert not table.show_horizontal_scrollbar


async def test_at_a_phone_size_the_report_tables_fit(collection):
    app = exam_app(collection, exam_count=3)
    async with app.run_test(size=PHONE) as pilot:
        await tap(pilot, "finish")
        await tap(pilot, "answer(True)")
        await settle(pilot, lambda: showing(app, ReportScreen))
        breakdown = app.screen.query_one("#report-breakdown", Static)
        assert breakdown.virtual_size.width <= breakdown.content_region.width
        assert on_screen(app, breakdown)


async def test_the_grade_buttons_are_one_row_wide_and_two_rows_narrow(collection):
    for size, rows in ((TERMINAL, 1), (PHONE, 2)):
        app = study_app(collection, "finance/micro-loan-balance")
        async with app.run_test(size=size) as pilot:
            await tap(pilot, "reveal")
            grades = list(app.screen.query(GradeButton))
            await settle(pilot, lambda app=app, grades=grades: all(on_screen(app, button)
                                                                  for button in grades))
            assert len({button.region.y for button in grades}) == rows


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_in_a_phones_browser_every_study_button_is_whole(collection, lang):
    # 390 px wide at the page's 16 px type: 41 columns.
    app = study_app(collection, "finance/account-count", lang=lang)
    async with app.run_test(size=(41, 44)) as pilot:
        await assert_laid_out(pilot)
        await tap(pilot, "submit_reply")
        await settle(pilot, lambda: app.screen.phase == "verdict")
        await assert_laid_out(pilot)


# -- the terminal ----------------------------------------------------------------------------------

async def test_in_a_terminal_the_key_bar_stays_and_no_buttons_are_added(collection):
    app = build_app(collection, start="study", cards=[card(collection, "finance",
                                                           "micro-loan-balance")],
                    clock=Clock(FROZEN), lang="en", cursor_blink=False)
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.pause()
        assert not app.buttons
        assert app.screen.query(KeyFooter) and not app.screen.query(ActionBar)
        assert not app.screen.has_class("-buttons")
        await pilot.press("space", "3")
        await settle(pilot, lambda: app.screen.session.progress().done == 1)
