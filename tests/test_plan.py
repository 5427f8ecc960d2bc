"""Readiness for an exam, against direct FSRS computations on hand-built states."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import fsrs
import pytest

from quiz.core.calendar import Exam
from quiz.core.card_state import NEW_STATE, CardState, Phase
from quiz.core.memory import curve, days_between, days_to_reach, retrievability
from quiz.study.exam_date import exam_start, interval_window, recheck_window
from quiz.study.plan import PRUNE, PlanCard, exam_plan, verdict

EXAM = Exam("国考", date(2026, 11, 29))
EXAM_AT = exam_start(EXAM.date, 4, UTC)
PERSONAL = (0.1199, 0.6789, 2.2657, 6.3249, 6.5454, 0.696, 2.9704, 0.0122, 1.7455, 0.1508,
            0.6765, 1.5477, 0.0437, 0.3469, 1.7991, 0.6022, 1.8729, 0.6206, 0.2655, 0.1929,
            0.3488)


def review_state(stability: float, difficulty: float, last: datetime, due: datetime) -> CardState:
    return CardState(phase=Phase.REVIEW, stability=stability, difficulty=difficulty,
                     last_review=last, due=due, reps=3)


def as_fsrs(state: CardState) -> fsrs.Card:
    return fsrs.Card(card_id=1, state=fsrs.State.Review, stability=state.stability,
                     difficulty=state.difficulty, last_review=state.last_review, due=state.due)


def expected_recall(card: fsrs.Card, scheduler: fsrs.Scheduler, cut: bool) -> float:
    """Every outcome of every review before the exam, each with its fsrs probability (whole days
    throughout, so fsrs's own retrievability is exact)."""
    if card.due >= EXAM_AT:
        return scheduler.get_card_retrievability(card, EXAM_AT)
    recall = scheduler.get_card_retrievability(card, card.due)
    total = 0.0
    for rating, chance in ((fsrs.Rating.Good, recall), (fsrs.Rating.Again, 1 - recall)):
        after, _ = scheduler.review_card(card, rating, card.due)
        if cut:
            proposed = (after.due - card.due).days
            window = interval_window(proposed, now=card.due, stability=after.stability,
                                     retention=scheduler.desired_retention,
                                     shape=curve(scheduler.parameters), exam_at=EXAM_AT,
                                     fuzz=False)
            after.due = card.due + timedelta(days=window.longest)
        total += chance * expected_recall(after, scheduler, cut)
    return total


def test_the_curve_is_fsrs_forgetting_curve() -> None:
    for parameters in (fsrs.scheduler.DEFAULT_PARAMETERS, PERSONAL):
        scheduler = fsrs.Scheduler(parameters, enable_fuzzing=False)
        card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=7.5, difficulty=5,
                         last_review=EXAM_AT - timedelta(days=30), due=EXAM_AT)
        for days in (0, 1, 7, 30, 365):
            moment = card.last_review + timedelta(days=days)
            assert retrievability(days, 7.5, curve(parameters)) == pytest.approx(
                scheduler.get_card_retrievability(card, moment), abs=1e-12)
        after, _ = scheduler.review_card(card, fsrs.Rating.Good, EXAM_AT)
        assert (after.due - EXAM_AT).days == round(days_to_reach(0.9, after.stability,
                                                                 curve(parameters)))


def test_a_card_not_due_before_the_exam_keeps_its_forgetting_curve() -> None:
    scheduler = fsrs.Scheduler(PERSONAL, enable_fuzzing=False)
    state = review_state(30, 5, EXAM_AT - timedelta(days=20), EXAM_AT + timedelta(days=5))
    plan = exam_plan([PlanCard("d", state)], EXAM, now=EXAM_AT - timedelta(days=10),
                     scheduler=scheduler, new_per_day=20, tz=UTC)
    assert plan.total.readiness == pytest.approx(
        scheduler.get_card_retrievability(as_fsrs(state), EXAM_AT), abs=1e-12)
    assert plan.days_left == 10 and plan.total.reviews_per_day == 0
    assert plan.curve[0] == (date(2026, 11, 19), pytest.approx(
        scheduler.get_card_retrievability(as_fsrs(state), EXAM_AT - timedelta(days=10))))


# Small cases: with nothing pruned the outcomes double at every review.
@pytest.mark.parametrize("stability, days_to_exam", [(3.0, 8), (1.2, 6), (9.0, 16), (3.0, 12)])
@pytest.mark.parametrize("exam_mode", [False, True])
def test_readiness_is_the_expectation_over_every_outcome(stability: float, days_to_exam: int,
                                                         exam_mode: bool) -> None:
    # No relearning steps, so that every review falls on a whole number of days.
    scheduler = fsrs.Scheduler(PERSONAL, relearning_steps=(), enable_fuzzing=False)
    now = EXAM_AT - timedelta(days=days_to_exam)
    state = review_state(stability, 6, now - timedelta(days=round(stability)), now)
    plan = exam_plan([PlanCard("d", state)], EXAM, now=now, scheduler=scheduler,
                     new_per_day=20, tz=UTC, exam_mode=exam_mode, fuzz=False, prune=0)
    assert plan.total.readiness == pytest.approx(
        expected_recall(as_fsrs(state), scheduler, cut=exam_mode), abs=1e-9)


def test_exam_mode_moves_a_card_left_past_the_exam_into_the_final_window() -> None:
    """A card scheduled before the exam was set, due after it with recall below 0.9 on the day:
    exam mode reviews it on the exam's eve (without fuzz; and follows both outcomes from
    there)."""
    scheduler = fsrs.Scheduler(PERSONAL, relearning_steps=(), enable_fuzzing=False)
    now = EXAM_AT - timedelta(days=10)
    state = review_state(9.0, 6, now - timedelta(days=5), now + timedelta(days=12))
    assert retrievability(15, 9.0, curve(PERSONAL)) < 0.9
    plain, exam = (exam_plan([PlanCard("d", state)], EXAM, now=now, scheduler=scheduler,
                             new_per_day=20, tz=UTC, exam_mode=mode, fuzz=False, prune=0)
                   for mode in (False, True))
    assert plain.total.readiness == pytest.approx(
        retrievability(15, 9.0, curve(PERSONAL)), abs=1e-12)
    moved = as_fsrs(state)
    moved.due = EXAM_AT - timedelta(days=1)
    assert exam.total.readiness == pytest.approx(expected_recall(moved, scheduler, cut=True),
                                                 abs=1e-9)
    assert exam.total.readiness > plain.total.readiness + 0.05
    assert exam.reviews[-1][1] == pytest.approx(1.0)


def test_a_higher_exam_day_target_moves_more_cards() -> None:
    scheduler = fsrs.Scheduler(PERSONAL, relearning_steps=(), enable_fuzzing=False)
    now = EXAM_AT - timedelta(days=10)
    state = review_state(40.0, 6, now - timedelta(days=20), now + timedelta(days=25))
    assert 0.9 < retrievability(30, 40.0, curve(PERSONAL)) < 0.95
    plain, stricter = (exam_plan([PlanCard("d", state)], EXAM, now=now, scheduler=scheduler,
                                 new_per_day=20, tz=UTC, target=target, fuzz=False, prune=0)
                       for target in (None, 0.95))
    assert plain.total.readiness == pytest.approx(retrievability(30, 40.0, curve(PERSONAL)))
    assert stricter.total.readiness > plain.total.readiness
    assert stricter.reviews[-1][1] == pytest.approx(1.0)


def test_with_fuzz_a_cut_review_lands_mid_window() -> None:
    """With fuzz the load balancer spreads cut reviews over the final window: the plan puts
    them in its middle, earlier than the eve, for less recall on the day."""
    scheduler = fsrs.Scheduler(PERSONAL, relearning_steps=(), enable_fuzzing=False)
    now = EXAM_AT - timedelta(days=20)
    state = review_state(9.0, 6, now - timedelta(days=5), now + timedelta(days=22))
    window = recheck_window(state.due, last_review=state.last_review, stability=9.0, now=now,
                            exam_at=EXAM_AT, retention=0.9, shape=curve(PERSONAL))
    assert window is not None and window.longest == 19 and window.shortest < 19
    eve, spread = (exam_plan([PlanCard("d", state)], EXAM, now=now, scheduler=scheduler,
                             new_per_day=20, tz=UTC, fuzz=fuzz, prune=0)
                   for fuzz in (False, True))
    middle = (window.shortest + window.longest) // 2
    assert eve.reviews[19][1] == pytest.approx(1.0)
    assert spread.reviews[middle][1] == pytest.approx(1.0)
    assert spread.total.readiness < eve.total.readiness


def test_pruning_changes_readiness_by_little() -> None:
    scheduler = fsrs.Scheduler(PERSONAL, enable_fuzzing=False)
    now = EXAM_AT - timedelta(days=45)
    cards = [PlanCard("d", review_state(s, d, now - timedelta(days=ago),
                                        now + timedelta(days=ahead)))
             for s, d, ago, ahead in ((2, 8, 3, -1), (5, 5, 4, 1), (20, 3, 10, 8), (1, 9, 1, 0))]
    # Outcomes less likely than a millionth left out, against the default hundredth.
    finer, pruned = (exam_plan(cards, EXAM, now=now, scheduler=scheduler, new_per_day=20,
                               tz=UTC, prune=prune) for prune in (1e-6, PRUNE))
    assert PRUNE == 1e-2
    assert pruned.total.readiness == pytest.approx(finer.total.readiness, abs=0.002)
    assert pruned.total.reviews_per_day == pytest.approx(finer.total.reviews_per_day, rel=0.1)
    assert pruned.total.reviews_per_day <= finer.total.reviews_per_day


def test_new_cards_first_answers_come_in_the_learners_shares() -> None:
    """A learner who forgets most new cards at first sight reviews them more: the plan takes
    first answers in the learner's shares."""
    scheduler = fsrs.Scheduler(PERSONAL, enable_fuzzing=False)
    now = EXAM_AT - timedelta(days=30, hours=-2)
    cards = [PlanCard("a", NEW_STATE)] * 10
    good, hard_deck = (exam_plan(cards, EXAM, now=now, scheduler=scheduler, new_per_day=20,
                                 tz=UTC, first_grades=first)
                       for first in (None, (72, 0, 28, 0)))
    assert hard_deck.total.reviews_per_day > good.total.reviews_per_day
    same = exam_plan(cards, EXAM, now=now, scheduler=scheduler, new_per_day=20, tz=UTC,
                     first_grades=(0, 0, 5, 0))
    assert same.total == good.total


def test_never_studied_cards_are_paced_and_count_once_seen() -> None:
    scheduler = fsrs.Scheduler(PERSONAL, enable_fuzzing=False)
    now = EXAM_AT - timedelta(days=30, hours=-2)
    cards = [PlanCard("a", NEW_STATE) for _ in range(46)] + [PlanCard("b", NEW_STATE)] * 23
    plan = exam_plan(cards, EXAM, now=now, scheduler=scheduler, new_per_day=100, tz=UTC)
    assert plan.finish_by == date(2026, 11, 22)
    assert plan.total.unseen == 69 and plan.total.new_per_day == 3        # 69 over 24 days
    assert [row.new_per_day for row in plan.decks] == [2, 1]
    assert plan.verdict == "on track"
    assert 0.8 < plan.total.readiness < 1
    assert plan.curve[0][1] == 0 and plan.curve[-1][1] == plan.total.readiness
    assert [row.name for row in plan.decks] == ["a", "b"]


def test_a_limit_too_low_leaves_cards_unseen_and_says_how_to_catch_up() -> None:
    scheduler = fsrs.Scheduler(PERSONAL, enable_fuzzing=False)
    now = EXAM_AT - timedelta(days=30, hours=-2)
    cards = [PlanCard("a", NEW_STATE)] * 720                 # 720 over 24 days: 30 a day
    plan = exam_plan(cards, EXAM, now=now, scheduler=scheduler, new_per_day=20, tz=UTC)
    assert plan.total.new_per_day == 30
    assert plan.verdict == "behind: 30 new cards a day from today catches up"
    # 20 a day for the 30 days before the exam: 600 cards seen, 120 never.
    assert sum(count for _, count in plan.new_cards) == 600
    assert plan.total.readiness < 600 / 720
    caught_up = exam_plan(cards, EXAM, now=now, scheduler=scheduler, new_per_day=30, tz=UTC)
    assert caught_up.verdict == "on track"
    assert caught_up.total.readiness > plan.total.readiness


def test_new_cards_already_introduced_today_count_against_the_pace() -> None:
    scheduler = fsrs.Scheduler(PERSONAL, enable_fuzzing=False)
    now = EXAM_AT - timedelta(days=30, hours=-2)
    cards = [PlanCard("a", NEW_STATE)] * 47                  # with today's: 48 over 24 days
    fresh = exam_plan(cards, EXAM, now=now, scheduler=scheduler, new_per_day=5, tz=UTC)
    done = exam_plan(cards, EXAM, now=now, scheduler=scheduler, new_per_day=5, new_today=1,
                     tz=UTC)
    assert fresh.new_cards[0][1] == 2 and done.new_cards[0][1] == 1
    assert sum(count for _, count in done.new_cards) == 47
    assert all(count == 0 for day, count in done.new_cards if day > done.finish_by)


def test_verdict_lines() -> None:
    assert verdict(14, 20, late=False) == "on track"
    assert verdict(0, 20, late=True) == "on track"
    assert verdict(14, 10, late=False) == "behind: 14 new cards a day from today catches up"
    assert verdict(1, 0, late=False) == "behind: 1 new card a day from today catches up"
    assert verdict(40, 10, late=True) == \
        "behind: 40 new cards a day from today sees every card before the exam"
    assert verdict(2, 10, late=True) == \
        "behind: 2 new cards a day from today sees every card before the exam"


def test_plan_as_json() -> None:
    scheduler = fsrs.Scheduler(enable_fuzzing=True)
    now = EXAM_AT - timedelta(days=5)
    cards = [PlanCard("a", review_state(4, 5, now - timedelta(days=4), now)),
             PlanCard("a", NEW_STATE)]
    data = json.loads(json.dumps(exam_plan(cards, EXAM, now=now, scheduler=scheduler,
                                           new_per_day=20, tz=UTC).to_dict()))
    assert data["exam"] == "国考" and data["date"] == "2026-11-29" and data["days_left"] == 5
    assert set(data["total"]) == {"name", "cards", "unseen", "readiness", "new_per_day",
                                  "reviews_per_day"}
    assert data["decks"][0]["name"] == "a" and data["total"]["cards"] == 2
    assert len(data["curve"]) == 6 and len(data["reviews"]) == 5
    # The day to have seen every card has passed and one is unseen.
    assert data["verdict"] == "behind: 1 new card a day from today sees every card before the exam"
    assert data["new_cards"] == [["2026-11-24", 1], ["2026-11-25", 0], ["2026-11-26", 0],
                                 ["2026-11-27", 0], ["2026-11-28", 0]]


def test_an_exam_not_ahead_has_no_plan() -> None:
    with pytest.raises(ValueError, match="not ahead"):
        exam_plan([], EXAM, now=EXAM_AT + timedelta(hours=1), scheduler=fsrs.Scheduler(),
                  new_per_day=20, tz=UTC)


def test_overdue_and_learning_cards_are_answered_now() -> None:
    scheduler = fsrs.Scheduler(PERSONAL, enable_fuzzing=False)
    now = EXAM_AT - timedelta(days=3)
    overdue = review_state(2, 5, now - timedelta(days=20), now - timedelta(days=18))
    learning = CardState(phase=Phase.LEARNING, step=1, stability=2.3, difficulty=5,
                         last_review=now - timedelta(days=2), due=now - timedelta(days=2))
    plan = exam_plan([PlanCard("a", overdue), PlanCard("a", learning)], EXAM, now=now,
                     scheduler=scheduler, new_per_day=20, tz=UTC)
    stale = retrievability(days_between(overdue.last_review, EXAM_AT), 2, curve(PERSONAL))
    assert plan.total.readiness > stale
    assert plan.reviews[0][1] == pytest.approx(1.0)       # the overdue review, today
