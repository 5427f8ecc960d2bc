"""Snapshots of every screen at 80×24 with the Chinese test decks, a frozen clock, no blinking;
and at a phone's 45×35 with the buttons a browser gets.

Update after a deliberate change with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clockkit import Clock
from quiz.tui.app import build_app
from tuikit import FROZEN, card, open_collection

SIZE = (80, 24)
PHONE = (45, 35)


@pytest.fixture
def collection(tmp_path: Path):
    collection = open_collection(tmp_path)
    yield collection
    collection.close()


def study_app(collection, *ids: str, theme: str = "dark", lang: str = "zh", **options):
    cards = [card(collection, *key.split("/")) for key in ids]
    return build_app(collection, start="study", cards=cards, clock=Clock(FROZEN), lang=lang,
                     theme=theme, cursor_blink=False, **options)


def test_home(snap_compare, collection):
    app = build_app(collection, clock=Clock(FROZEN), lang="zh", cursor_blink=False)
    assert snap_compare(app, terminal_size=SIZE)


def test_home_light_english(snap_compare, collection):
    # A deck's row shows its name (or its slug); the line under the list, its title.
    app = build_app(collection, clock=Clock(FROZEN), lang="en", theme="light", cursor_blink=False)
    assert snap_compare(app, press=["down"], terminal_size=SIZE)


def suspended_app(collection, **options):
    """The deck list over the test decks with a card of each kind suspended."""
    collection.suspend([card(collection, *key.split("/")) for key in (
        "finance/credit-households", "finance/rate-choice", "policy/growth-target",
        "policy/jobs-target")])
    return build_app(collection, clock=Clock(FROZEN), lang="zh", cursor_blink=False, **options)


def test_suspended_cards(snap_compare, collection):
    # The deck, the id and the question cut to fit (a cloze card's gaps masked); no answer.
    assert snap_compare(suspended_app(collection), press=["s"], terminal_size=SIZE)


def test_study_basic_question(snap_compare, collection):
    assert snap_compare(study_app(collection, "finance/micro-loan-balance"), terminal_size=SIZE)


def test_study_basic_revealed(snap_compare, collection):
    app = study_app(collection, "finance/micro-loan-balance")
    assert snap_compare(app, press=["space"], terminal_size=SIZE)


def test_study_long_prompt_revealed_with_source(snap_compare, collection):
    app = study_app(collection, "finance/rural-loans")
    assert snap_compare(app, press=["space", "s"], terminal_size=SIZE)


def test_study_cloze_question(snap_compare, collection):
    assert snap_compare(study_app(collection, "finance/credit-households"), terminal_size=SIZE)


def test_study_cloze_revealed(snap_compare, collection):
    app = study_app(collection, "finance/credit-households")
    assert snap_compare(app, press=["space"], terminal_size=SIZE)


def test_study_choice_question(snap_compare, collection):
    assert snap_compare(study_app(collection, "finance/rate-choice"), terminal_size=SIZE)


def test_study_choice_wrong_pick(snap_compare, collection):
    app = study_app(collection, "finance/rate-choice")
    assert snap_compare(app, press=["a"], terminal_size=SIZE)


def test_study_numeric_typed_verdict(snap_compare, collection):
    app = study_app(collection, "finance/account-count")
    assert snap_compare(app, press=[*"10.19", "enter"], terminal_size=SIZE)


def test_study_numeric_typed_wrong_light(snap_compare, collection):
    app = study_app(collection, "finance/account-count", theme="light", lang="en")
    assert snap_compare(app, press=[*"12", "enter"], terminal_size=SIZE)


def test_study_cram(snap_compare, collection):
    cards = [card(collection, "policy", "growth-target")]
    app = build_app(collection, start="study", cards=cards, cram=True, clock=Clock(FROZEN),
                    lang="zh", cursor_blink=False)
    assert snap_compare(app, press=["space"], terminal_size=SIZE)


def test_summary(snap_compare, collection):
    app = study_app(collection, "policy/growth-target", "finance/micro-loan-balance")
    assert snap_compare(app, press=["space", "3", "space", "1", "q", "y"], terminal_size=SIZE)


def test_help(snap_compare, collection):
    app = study_app(collection, "policy/growth-target")
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZE)


def test_exam_question(snap_compare, collection):
    app = build_app(collection, start="exam", cards=collection.select(["policy"]),
                    exam_count=4, exam_minutes=15, exam_seed=7, clock=Clock(FROZEN), lang="zh",
                    cursor_blink=False)
    assert snap_compare(app, terminal_size=SIZE)


def test_exam_report(snap_compare, collection):
    app = build_app(collection, start="exam", cards=collection.select(),
                    exam_count=6, exam_minutes=15, exam_seed=7, clock=Clock(FROZEN), lang="zh",
                    cursor_blink=False)

    async def answer_half_right(pilot):
        from quiz.study.session import How
        from tuikit import settle

        screen = app.screen
        for number in range(6):
            question = screen.session.current
            if screen.session.input_kind() is How.CHOICE:
                right = question.choices.index(question.answer)
                letter = "abcdef"[right if number % 2 == 0 else (right + 1) % len(question.choices)]
                await pilot.press(letter)
            else:
                reply = question.answer if number % 2 == 0 else "0"
                await settle(pilot, lambda: bool(screen.query("#reply"))
                             and screen.query_one("#reply").has_focus)
                await pilot.press(*reply, "enter")
            await settle(pilot, lambda number=number: screen.session.index == number + 1
                         or screen.session.current is None)

    assert snap_compare(app, run_before=answer_half_right, terminal_size=SIZE)


# -- a phone's browser: 45×35, the actions as buttons ------------------------------------------

def test_phone_study_question(snap_compare, collection):
    app = study_app(collection, "finance/micro-loan-balance", buttons=True)
    assert snap_compare(app, terminal_size=PHONE)


def test_phone_study_revealed(snap_compare, collection):
    app = study_app(collection, "finance/micro-loan-balance", buttons=True)
    assert snap_compare(app, press=["space"], terminal_size=PHONE)


def test_phone_suspended_cards(snap_compare, collection):
    # Two lines a row: deck · id, then the question.
    app = suspended_app(collection, buttons=True)
    assert snap_compare(app, press=["s"], terminal_size=PHONE)


def test_phone_exam_question(snap_compare, collection):
    app = build_app(collection, start="exam", cards=collection.select(["finance"]),
                    exam_count=4, exam_minutes=15, exam_seed=7, clock=Clock(FROZEN), lang="zh",
                    cursor_blink=False, buttons=True)
    assert snap_compare(app, terminal_size=PHONE)
