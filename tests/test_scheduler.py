"""The FSRS adapter: states, leeches, labels."""

from __future__ import annotations

from datetime import timedelta

import fsrs
import pytest

from enginekit import NOON
from quiz.core.card_state import NEW_STATE, CardState, Phase, Rating
from quiz.core.settings import Settings
from quiz.study.scheduler import Scheduler, interval_label


@pytest.mark.parametrize("delta, label", [
    (timedelta(seconds=30), "30s"), (timedelta(minutes=1), "1m"), (timedelta(minutes=10), "10m"),
    (timedelta(hours=3), "3h"), (timedelta(hours=1, minutes=30), "1.5h"), (timedelta(days=3), "3d"),
    (timedelta(days=29), "29d"), (timedelta(days=63), "2.1mo"), (timedelta(days=365), "1y"),
    (timedelta(days=548), "1.5y"),
])
def test_interval_label(delta: timedelta, label: str) -> None:
    assert interval_label(delta) == label


def test_new_card_good_enters_learning_steps() -> None:
    scheduler = Scheduler(Settings(fuzz=False))
    state, leech = scheduler.review(NEW_STATE, Rating.GOOD, NOON)
    assert state.phase is Phase.LEARNING and state.step == 1
    assert state.due == NOON + timedelta(minutes=10)
    assert state.reps == 1 and state.lapses == 0 and not leech
    labels = {r: interval_label(d) for r, d in scheduler.preview(NEW_STATE, NOON).items()}
    assert labels[Rating.AGAIN] == "1m" and labels[Rating.GOOD] == "10m"


def test_state_json_is_fsrs_card_dict() -> None:
    scheduler = Scheduler(Settings(fuzz=False))
    state, _ = scheduler.review(NEW_STATE, Rating.EASY, NOON, card_id=42)
    text = state.to_json(42)
    card = fsrs.Card.from_json(text)
    assert card.card_id == 42 and card.due == state.due and card.stability == state.stability
    assert CardState.from_json(text) == state
    assert CardState.from_json(None) == NEW_STATE


def test_leech_after_eight_lapses_is_reported_once() -> None:
    scheduler = Scheduler(Settings(fuzz=False, relearning_steps=()))
    now = NOON
    state, _ = scheduler.review(NEW_STATE, Rating.EASY, now)
    leeched_at = []
    for lapse in range(1, 11):
        now = state.due
        assert state.phase is Phase.REVIEW
        state, became = scheduler.review(state, Rating.AGAIN, now)
        if became:
            leeched_at.append(lapse)
        assert state.lapses == lapse
    assert leeched_at == [8]
    assert state.leech


def test_fuzz_off_is_deterministic_and_fuzz_stays_in_range() -> None:
    exact = Scheduler(Settings(fuzz=False))
    fuzzy = Scheduler(Settings(fuzz=True))
    state, _ = exact.review(NEW_STATE, Rating.EASY, NOON)
    later = state.due + timedelta(days=20)
    plain = exact.review(state, Rating.GOOD, later)[0].due - later
    assert plain == exact.review(state, Rating.GOOD, later)[0].due - later
    for _ in range(20):
        fuzzed = fuzzy.review(state, Rating.GOOD, later)[0].due - later
        assert abs(fuzzed - plain) <= plain * 0.25
