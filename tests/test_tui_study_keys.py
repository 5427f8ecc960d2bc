"""The keys of a study session say what they do, and do it: Esc never ends a session, q asks
first and says how much is left, Ctrl+C's hint can be followed on a typed card, capital
letters pick options, Space names the grade it records; the summary says whether anything is
left. The exam's capital letters and Ctrl+C hint too."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from clockkit import Clock
from quiz.core.card_state import Rating
from quiz.study.session import How
from quiz.tui.app import build_app
from quiz.tui.screens.confirm import ConfirmScreen
from quiz.tui.screens.exam import ExamScreen
from quiz.tui.screens.report import ReportScreen
from quiz.tui.screens.summary import SummaryScreen
from tuikit import FROZEN, card, open_collection, settle, showing

SIZE = (80, 24)


@pytest.fixture
def collection(tmp_path: Path):
    collection = open_collection(tmp_path)
    yield collection
    collection.close()


def study_app(collection, *ids: str, lang: str = "en", **options):
    cards = [card(collection, *key.split("/")) for key in ids]
    return build_app(collection, start="study", cards=cards, clock=Clock(FROZEN), lang=lang,
                     cursor_blink=False, **options)


def ratings(collection, key: str) -> list[int]:
    deck, card_id = key.split("/")
    return [entry["rating"] for entry in collection.store.history(deck, card_id)]


def footer(app) -> dict[str, str]:
    """What the key bar shows now: key → description."""
    return {key.key: key.description for key in app.screen.query("FooterKey")}


def notices(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


# -- leaving -----------------------------------------------------------------------------------

async def test_escape_never_ends_a_session(collection):
    app = study_app(collection, "finance/micro-loan-balance", "finance/account-count")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("escape", "escape")        # a self-graded card: Esc does nothing
        await pilot.pause()
        assert app.screen is screen and app.is_running
        await pilot.press("space", "3")
        await settle(pilot, lambda: screen.session.current.id == "account-count")
        reply = screen.query_one("#reply", Input)
        await settle(pilot, lambda: reply.has_focus)
        await pilot.press("escape")                  # leaves the reply box ...
        await settle(pilot, lambda: not reply.has_focus)
        await pilot.press("escape")                  # ... and a second Esc leaves nothing
        await pilot.pause()
        assert app.screen is screen and app.is_running
        assert screen.session.current.id == "account-count"
        assert "escape" not in {key for key, description in footer(app).items()
                                if description == app.t("key.leave")}


async def test_q_asks_first_saying_how_many_are_left_and_the_summary_says_it_too(collection):
    app = study_app(collection, "finance/micro-loan-balance", "policy/growth-target",
                    "finance/rural-loans")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("space", "4")              # Easy: a review in days, not today
        await settle(pilot, lambda: screen.session.progress().done == 1)
        left = screen.session.progress().left      # asks left: two new cards' steps
        assert left == 4
        shown = screen.session.current
        await pilot.press("q")
        await settle(pilot, lambda: showing(app, ConfirmScreen))
        assert app.screen.question == (f"Leave now? {left} left in this session. "
                                       "y leaves, any other key goes on.")
        await pilot.press("n")                       # not leaving: the same card, unanswered
        await settle(pilot, lambda: app.screen is screen)
        assert screen.session.current is shown and screen.phase == "question"
        await pilot.press("q", "y")
        await settle(pilot, lambda: showing(app, SummaryScreen))
        heading = str(app.screen.query_one("#summary-heading").render())
        assert heading == f"Session paused: {left} left"


async def test_session_complete_only_when_nothing_is_left(collection):
    app = study_app(collection, "finance/micro-loan-balance", lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "4")              # the only card, out of today's queue
        await settle(pilot, lambda: showing(app, SummaryScreen))
        assert app.screen.session.progress().complete
        assert str(app.screen.query_one("#summary-heading").render()) == "本轮学习结束"


async def test_leaving_by_the_button_asks_too(collection):
    app = study_app(collection, "finance/micro-loan-balance", "policy/growth-target",
                    buttons=True)
    async with app.run_test(size=(45, 35)) as pilot:
        leave = next(button for button in app.screen.query("ActionButton")
                     if button.bound_action == "leave")
        left = app.screen.session.progress().left
        await pilot.click(leave)
        await settle(pilot, lambda: showing(app, ConfirmScreen))
        assert f" {left} left" in app.screen.question
        yes = next(button for button in app.screen.query("ActionButton")
                   if button.bound_action == "answer(True)")
        await pilot.click(yes)
        await settle(pilot, lambda: not app.is_running)


# -- Ctrl+C ------------------------------------------------------------------------------------

async def test_ctrl_c_on_a_typed_card_says_how_to_leave_and_that_works(collection):
    app = study_app(collection, "finance/account-count", "policy/growth-target")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        reply = screen.query_one("#reply", Input)
        await settle(pilot, lambda: reply.has_focus)
        await pilot.press("ctrl+c")
        await settle(pilot, lambda: bool(notices(app)))
        assert notices(app) == ["Esc leaves the reply box, then q leaves"]
        assert reply.value == ""                     # nothing typed by it
        await pilot.press("escape", "q")             # as the hint says
        await settle(pilot, lambda: showing(app, ConfirmScreen))
        await pilot.press("y")
        await settle(pilot, lambda: not app.is_running)


async def test_ctrl_c_outside_a_reply_box_says_q(collection):
    app = study_app(collection, "finance/micro-loan-balance", lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+c")
        await settle(pilot, lambda: bool(notices(app)))
        assert notices(app) == ["按 q 退出"]


async def test_ctrl_c_in_an_exam_says_how_to_end_it_and_that_works(collection):
    app = build_app(collection, start="exam", cards=[card(collection, "policy", "jobs-target")],
                    exam_count=1, clock=Clock(FROZEN), lang="en", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await settle(pilot, lambda: screen.reply_box.typing)
        await pilot.press("ctrl+c")
        await settle(pilot, lambda: bool(notices(app)))
        assert notices(app) == ["Esc hands the exam in, then q leaves"]
        await pilot.press("escape", "y")
        await settle(pilot, lambda: showing(app, ReportScreen))
        await pilot.press("q")
        await settle(pilot, lambda: not app.is_running)


# -- capital letters ---------------------------------------------------------------------------

async def test_capital_letters_pick_options_in_study(collection):
    app = study_app(collection, "finance/rate-choice", "finance/micro-loan-balance")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        rate = screen.session.current
        assert screen.session.input_kind() is How.CHOICE
        await pilot.press("E")                       # four options: E picks nothing
        await pilot.pause()
        assert screen.phase == "question"
        await pilot.press("B")                       # Shift+b: option b, not a bury
        await settle(pilot, lambda: screen.phase == "verdict")
        assert screen.chosen == 1 and screen.reply == rate.choices[1]
        assert screen.session.current is rate and screen.verdict.correct


async def test_capital_letters_answer_in_an_exam(collection):
    rate = card(collection, "finance", "rate-choice")
    app = build_app(collection, start="exam", cards=[rate], exam_count=1, clock=Clock(FROZEN),
                    lang="en", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ExamScreen)
        await pilot.press("B")
        await settle(pilot, lambda: showing(app, ReportScreen))
        report = app.screen.report
        assert (report.answered, report.correct) == (1, 1)


# -- Space names the grade it records ----------------------------------------------------------

@pytest.mark.parametrize(("lang", "good", "again"), [("en", "Accept (Good)", "Accept (Again)"),
                                                     ("zh", "确认（良好）", "确认（再来）")])
async def test_space_names_the_grade_it_records(collection, lang, good, again):
    app = study_app(collection, "finance/micro-loan-balance", "finance/rate-choice", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("space")                   # a self-graded card's answer
        await settle(pilot, lambda: footer(app).get("space") == good)
        await pilot.press("space")
        await settle(pilot, lambda: screen.session.current.id == "rate-choice")
        assert ratings(collection, "finance/micro-loan-balance") == [int(Rating.GOOD)]
        await pilot.press("a")                       # a wrong option: Again is suggested
        await settle(pilot, lambda: footer(app).get("space") == again)
        await pilot.press("space")
        await settle(pilot, lambda: screen.session.progress().done == 2)
        assert ratings(collection, "finance/rate-choice") == [int(Rating.AGAIN)]


async def test_the_accept_button_names_the_grade_too(collection):
    app = study_app(collection, "finance/rate-choice", buttons=True)
    async with app.run_test(size=(45, 35)) as pilot:
        screen = app.screen
        await pilot.press("b")                       # right: Good is suggested
        await settle(pilot, lambda: screen.phase == "verdict")
        await settle(pilot, lambda: "Accept (Good)" in
                     [str(button.label) for button in screen.query("ActionButton")])
