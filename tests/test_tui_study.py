"""Pilot tests of whole study flows: keys in, grades stored, state found again after reopening."""

from __future__ import annotations

from pathlib import Path

from tuikit import Clock, card, open_collection, settle

from quiz.session import How
from quiz.tui.app import build_app
from quiz.tui.screens.study import StudyScreen
from quiz.tui.screens.summary import SummaryScreen

SIZE = (80, 24)


def counts_of(root: Path, clock: Clock, slug: str):
    """A fresh collection's counts for one deck: what another process would see."""
    with open_collection(root) as collection:
        return next(c for c in collection.counts(clock()) if c.slug == slug)


async def test_self_graded_cards_reveal_grade_and_leave_with_a_summary(tmp_path: Path):
    clock = Clock()
    collection = open_collection(tmp_path)
    cards = [card(collection, "finance", "micro-loan-balance"),
             card(collection, "policy", "growth-target")]
    app = build_app(collection, start="study", cards=cards, clock=clock, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.session.current.id == "micro-loan-balance"
        assert not screen.query_one("#grades").display
        await pilot.press("3")                    # grades do nothing before the answer shows
        assert screen.session.progress().done == 0
        await pilot.press("space")
        assert screen.query_one("#grades").display
        assert screen.query_one("#answer").display
        await pilot.press("3")
        await settle(pilot, lambda: screen.session.progress().done == 1)
        assert screen.session.current.id == "growth-target"
        await pilot.press("enter", "4")           # Enter reveals too
        await settle(pilot, lambda: screen.session.progress().done == 2)
        await pilot.press("q")
        await settle(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("q")
        await settle(pilot, lambda: app.return_code is not None or not app.is_running)
    collection.close()
    assert counts_of(tmp_path, clock, "finance").learning == 1
