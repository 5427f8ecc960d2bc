"""Pilot tests of the exam: questions answered by key, the clock, the report, mistakes to review."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Label

from clockkit import Clock
from quiz.core.model import CardType
from quiz.render.i18n import Messages
from quiz.study.session import How
from quiz.tui.app import build_app
from quiz.tui.screens.exam import ExamScreen
from quiz.tui.screens.exam_setup import ExamSetupScreen
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.report import ReportScreen
from tuikit import FROZEN, StoreLock, burst, open_collection, settle, showing

SIZE = (80, 24)


def exam_app(collection, clock, **options):
    options.setdefault("exam_count", 6)
    return build_app(collection, start="exam", cards=collection.select(), clock=clock,
                     lang="zh", cursor_blink=False, exam_seed=3, **options)


async def answer(pilot, screen: ExamScreen, correctly: bool) -> None:
    question = screen.session.current
    index = screen.session.index
    if screen.session.input_kind() is How.CHOICE:
        right = question.choices.index(question.answer)
        await pilot.press("abcdef"[right if correctly else (right + 1) % len(question.choices)])
    else:
        await settle(pilot, lambda: screen.query_one("#reply").has_focus)
        await pilot.press(*(question.answer if correctly else "0"), "enter")
    await settle(pilot, lambda: screen.session.index == index + 1
                 or screen.session.current is None)


async def test_exam_to_report_and_mistakes_to_review(tmp_path: Path):
    clock = Clock(FROZEN)
    collection = open_collection(tmp_path)
    learning_before = sum(c.learning for c in collection.counts(clock()))
    app = exam_app(collection, clock, exam_minutes=20)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        assert len(screen.session.questions) == 6
        kinds = {screen.session.input_kind()}
        await answer(pilot, screen, correctly=True)
        kinds.add(screen.session.input_kind())
        await answer(pilot, screen, correctly=False)
        while screen.session.current is not None and screen.session.index < 5:
            kinds.add(screen.session.input_kind())
            await answer(pilot, screen, correctly=True)
        if screen.session.input_kind() is How.CHOICE:
            await pilot.press("n")                   # skip the last question
        else:
            await settle(pilot, lambda: screen.query_one("#reply").has_focus)
            await pilot.press("enter")               # an empty reply skips
        await settle(pilot, lambda: showing(app, ReportScreen))
        report = app.screen.report
        assert (report.total, report.answered, report.correct) == (6, 5, 4)
        assert len(report.mistakes) == 2
        assert sum(total for _, total in report.by_deck.values()) == 6
        mistakes = app.screen.query(".mistake")
        assert len(mistakes) == 2
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.sent
        await pilot.press("r")                       # only once
        await pilot.press("q")
        await settle(pilot, lambda: not app.is_running)
    assert kinds == {How.CHOICE, How.TYPED}
    learning_after = sum(c.learning for c in collection.counts(clock()))
    assert learning_after == learning_before + 2
    collection.close()


async def test_time_running_out_hands_the_exam_in(tmp_path: Path):
    clock = Clock(FROZEN)
    collection = open_collection(tmp_path)
    app = exam_app(collection, clock, exam_minutes=1)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await answer(pilot, screen, correctly=True)
        clock.advance(minutes=2)
        screen.tick()                                # the once-a-second timer, called now
        await settle(pilot, lambda: showing(app, ReportScreen))
        report = app.screen.report
        assert report.timed_out and report.answered == 1 and report.total == 6
        assert app.screen.query_one("#report-timed-out").display
    collection.close()


async def test_a_reply_typed_when_the_time_runs_out_is_handed_in(tmp_path: Path):
    # As a paper handed in when time is called: what is written is marked.
    clock = Clock(FROZEN)
    collection = open_collection(tmp_path)
    app = exam_app(collection, clock, exam_minutes=1)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        while screen.session.input_kind() is not How.TYPED:
            await answer(pilot, screen, correctly=True)
        answered = screen.session.index
        question = screen.session.current
        await settle(pilot, lambda: screen.query_one("#reply").has_focus)
        await pilot.press(*question.answer)           # typed, not yet submitted
        clock.advance(minutes=2)
        screen.tick()
        await settle(pilot, lambda: showing(app, ReportScreen))
        report = app.screen.report
        assert report.timed_out
        assert (report.answered, report.correct) == (answered + 1, answered + 1)
    collection.close()


async def test_escape_asks_before_handing_in(tmp_path: Path):
    clock = Clock(FROZEN)
    collection = open_collection(tmp_path)
    app = exam_app(collection, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")                       # anything but y goes on
        await settle(pilot, lambda: app.screen is screen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, lambda: showing(app, ReportScreen))
        assert app.screen.report.answered == 0
    collection.close()


async def test_exam_from_the_deck_list_asks_count_and_minutes(tmp_path: Path):
    clock = Clock(FROZEN)
    collection = open_collection(tmp_path)
    app = build_app(collection, clock=clock, lang="en", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "e")       # the policy deck
        await settle(pilot, lambda: showing(app, ExamSetupScreen))
        await pilot.press("backspace", "backspace", "0", "enter")
        assert app.screen.query_one("#exam-setup-error").display   # 0 questions refused
        await pilot.press("backspace", "3", "tab", "5", "enter")
        await settle(pilot, lambda: showing(app, ExamScreen))
        exam = app.screen.session
        assert len(exam.questions) == 3 and exam.minutes == 5
        assert {card.deck for card in exam.questions} == {"policy"}
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, lambda: showing(app, ReportScreen))
        await pilot.press("q")
        await settle(pilot, lambda: showing(app, HomeScreen))
    collection.close()


async def test_an_exam_that_cannot_start_says_why(tmp_path: Path):
    clock = Clock(FROZEN)
    collection = open_collection(tmp_path)
    app = build_app(collection, clock=clock, lang="en", cursor_blink=False)
    notices: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.notify = lambda message, **_: notices.append(message)
        app.exam([], count=5, minutes=None, title="")
        await pilot.pause()
        assert showing(app, HomeScreen)
    collection.close()
    assert len(notices) == 1 and "no cards" in notices[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_an_exam_started_from_the_command_line_that_cannot_start_says_why(tmp_path: Path,
                                                                               lang: str):
    collection = open_collection(tmp_path)
    app = build_app(collection, start="exam", cards=[], clock=Clock(FROZEN), lang=lang,
                    cursor_blink=False)
    notices: list[str] = []
    app.notify = lambda message, **_: notices.append(message)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: bool(notices))
        assert not isinstance(app.screen, ExamScreen)
    collection.close()
    assert notices == [Messages(lang)("exam.no_cards")]   # in the learner's language


async def test_the_first_screen_is_the_only_screen(tmp_path: Path):
    # The first screen is the stack's base (no empty screen under it), and the study screen
    # there can still give way to its summary, and the exam screen to its report.
    collection = open_collection(tmp_path)
    app = exam_app(collection, Clock(FROZEN), exam_count=1)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen_stack == [app.screen] and isinstance(app.screen, ExamScreen)
        await settle(pilot, lambda: showing(app, ExamScreen))
        await pilot.press("escape", "y")
        await settle(pilot, lambda: showing(app, ReportScreen))
        assert len(app.screen_stack) == 1
    collection.close()


async def test_a_whole_exam_typed_in_one_burst_loses_no_key(tmp_path: Path):
    # Every answer typed ahead, as one stream of keys: each reply must land in its own box
    # even though its question appears only as the previous answer is taken.
    collection = open_collection(tmp_path)
    app = exam_app(collection, Clock(FROZEN))
    async with app.run_test(size=SIZE) as pilot:
        questions = app.screen.session.questions
        kinds = {question.type is CardType.CHOICE for question in questions}
        keys = "".join("abcdef"[question.choices.index(question.answer)]
                       if question.type is CardType.CHOICE else question.answer + "\r"
                       for question in questions)
        burst(app, keys)
        await settle(pilot, lambda: showing(app, ReportScreen))
        report = app.screen.report
        assert (report.total, report.answered, report.correct) == (6, 6, 6)
    collection.close()
    assert kinds == {True, False}                     # both kinds of question were asked


async def answer_refused(pilot, screen: ExamScreen) -> None:
    """Answer the question on screen rightly, and wait for the store to refuse it."""
    question = screen.session.current
    if screen.session.input_kind() is How.CHOICE:
        await pilot.press("abcdef"[question.choices.index(question.answer)])
    else:
        await settle(pilot, lambda: screen.query_one("#reply").has_focus)
        await pilot.press(*question.answer, "enter")
    await settle(pilot, lambda: screen.query_one("#failure").display)


async def test_a_refused_answer_keeps_the_question_until_retried_or_left(tmp_path: Path):
    clock = Clock(FROZEN)
    collection = open_collection(tmp_path)
    lock = StoreLock(collection)
    app = exam_app(collection, clock, exam_count=3)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        lock.take()
        question = screen.session.current
        await answer_refused(pilot, screen)
        assert screen.session.current is question and screen.session.index == 0
        assert app.failure.message.key == "store.busy_waited"    # said in the learner's words
        assert str(screen.query_one("#failure", Label).content) == app.t(
            "store.not_saved", reason=app.t("store.busy_waited", **app.failure.message.values))
        assert str(screen.query_one("#hint", Label).content) == "按 r 重试，q 离开（不交卷）"
        lock.release()
        await pilot.press("r")                       # the same answer, stored now
        await settle(pilot, lambda: screen.session.index == 1)
        assert not screen.query_one("#failure").display and app.failure is None
        assert collection.store.query("SELECT position, correct FROM exam_answers") == [(0, 1)]
        lock.take()                                  # refused again: the learner leaves
        await answer_refused(pilot, screen)
        await pilot.press("q")
        await settle(pilot, lambda: not app.is_running)
    assert app.failure is not None
    lock.close()


async def test_a_cloze_question_states_its_separator_and_the_report_gives_partial_credit(
        tmp_path: Path):
    collection = open_collection(tmp_path)
    cloze = next(c for c in collection.select(["finance"]) if c.id == "credit-households")
    app = build_app(collection, start="exam", cards=[cloze], clock=Clock(FROZEN), lang="zh",
                    cursor_blink=False, exam_count=1, exam_seed=1)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await settle(pilot, lambda: screen.query_one("#reply").has_focus)
        hint = str(screen.query_one("#hint").render())
        assert "共 2 空" in hint and "；" in hint
        burst(app, "6166万户；13.2%\r")
        await settle(pilot, lambda: showing(app, ReportScreen))
        report = app.screen.report
        assert (report.correct, report.gaps_right, report.gaps_asked) == (0, 1, 2)
        assert (report.mistakes[0].gaps_right, report.mistakes[0].gaps_asked) == (1, 2)
        assert str(app.screen.query_one("#report-gaps").render()) == "填空题共 2 空，答对 1 空"
        reply = app.screen.query_one(".mistake-reply").render().content.plain
        assert "6166万户；13.2%" in reply and "（1/2 空答对）" in reply
    collection.close()


async def test_other_questions_keep_the_plain_hint_and_the_report_no_gap_line(tmp_path: Path):
    collection = open_collection(tmp_path)
    basic = next(c for c in collection.select(["finance"]) if c.id == "micro-loan-balance")
    app = build_app(collection, start="exam", cards=[basic], clock=Clock(FROZEN), lang="en",
                    cursor_blink=False, exam_count=1, exam_seed=1)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await settle(pilot, lambda: screen.query_one("#reply").has_focus)
        assert str(screen.query_one("#hint").render()).startswith("Type the answer")
        burst(app, "1\r")
        await settle(pilot, lambda: showing(app, ReportScreen))
        assert not app.screen.query("#report-gaps")
    collection.close()


async def test_a_skipped_cloze_shows_its_answer_gap_by_gap_as_an_answered_one_does(
        tmp_path: Path):
    collection = open_collection(tmp_path)
    cloze = next(c for c in collection.select(["finance"]) if c.id == "credit-households")
    shown: dict[str, list[str]] = {}
    for reply in ("6166万户；1\r", "\r"):          # answered (one gap right), then skipped
        app = build_app(collection, start="exam", cards=[cloze], clock=Clock(FROZEN),
                        lang="zh", cursor_blink=False, exam_count=1, exam_seed=1)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, lambda app=app: app.screen.query_one("#reply").has_focus)
            burst(app, reply)
            await settle(pilot, lambda app=app: showing(app, ReportScreen))
            shown[reply] = [str(line.render().content.plain)
                            for line in app.screen.query(".mistake-gap")]
            assert not app.screen.query(".mistake-expected")   # the gaps say it
    collection.close()
    assert shown == {
        "6166万户；1\r": ["第 1 空 ✓ 6166万户 · 正确答案：6166万户",
                          "第 2 空 ✗ 1 · 正确答案：13.1%"],
        "\r": ["第 1 空 ✗ （未作答） · 正确答案：6166万户",
               "第 2 空 ✗ （未作答） · 正确答案：13.1%"],
    }


async def test_a_skipped_one_gap_cloze_states_the_gap_not_the_whole_sentence(tmp_path: Path):
    collection = open_collection(tmp_path)
    cloze = next(c for c in collection.select(["finance"]) if c.id == "micro-loan-growth")
    app = build_app(collection, start="exam", cards=[cloze], clock=Clock(FROZEN), lang="en",
                    cursor_blink=False, exam_count=1, exam_seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.screen.query_one("#reply").has_focus)
        burst(app, "\r")
        await settle(pilot, lambda: showing(app, ReportScreen))
        expected = app.screen.query_one(".mistake-expected").render().content.plain
        assert str(expected) == "Answer: 23.5%"
    collection.close()
