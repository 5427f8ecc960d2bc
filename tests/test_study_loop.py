"""A study loop that teaches: nothing is asked once something shown gave its answer away, new
cards come spread out, the counts say what is left, and undo takes back any action."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clockkit import Clock
from enginekit import NOON, basic_deck, open_collection, write
from quiz.core.card_state import Phase, Rating
from quiz.stats.cards import cards_now
from quiz.stats.scope import Scope, StudyCalendar
from quiz.study.queue import keep_apart, spread

# `city` shows `share`'s answer (七成) in its question; `note` shows `city`'s in its note.
GIVING = """\
deck: giving
title: 荔浦衣架
cards:
  - id: city
    q: 国内衣架有七成产自哪个市？
    a: 荔浦市
  - id: share
    q: 荔浦衣架占全国市场的多少？
    a: 七成
  - id: note
    q: 衣架产业始于哪个镇？
    a: 青山镇
    explain: 青山镇属荔浦市。
  - id: other-1
    q: 问题甲？
    a: 答案甲
  - id: other-2
    q: 问题乙？
    a: 答案乙
"""


def keys(session) -> list[str]:
    """Answer Good until the session ends; the ids in the order they were asked."""
    asked = []
    while session.current is not None:
        asked.append(session.current.id)
        session.answer(Rating.GOOD)
    return asked


def test_a_card_given_away_is_asked_first_or_not_again_today(tmp_path: Path) -> None:
    write(tmp_path, "giving.yaml", GIVING)
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        asked = keys(collection.study(collection.select(), clock=clock))
        # share before city (city gives it away), city before note; then city's showing
        # buried share, and note's showing buried city: their learning steps wait for tomorrow.
        assert asked.index("share") < asked.index("city") < asked.index("note")
        assert asked.count("share") == 1 and asked.count("city") == 1
        assert asked.count("note") == 2 and asked.count("other-1") == 2
        assert keys(collection.study(collection.select(), clock=clock)) == []
        clock.advance(days=1)
        again = keys(collection.study(collection.select(), clock=clock))
        assert {"share", "city"} <= set(again)


def test_what_a_card_gives_away_is_buried_once_it_is_answered_and_not_before(
        tmp_path: Path) -> None:
    write(tmp_path, "giving.yaml", GIVING)
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        city = collection.cards["giving", "city"]
        session = collection.study([city, collection.cards["giving", "share"]], clock=clock)
        assert session.current.id == "share"
        session.answer(Rating.GOOD)
        assert session.current.id == "city"
        rows = collection.store.card_rows()
        assert rows["giving", "share"].buried_until is None    # seen, not yet acted on
        session.answer(Rating.GOOD)
        share = collection.store.card_rows()["giving", "share"]
        assert share.buried_until == int(collection.next_day_start(clock()).timestamp() * 1000)


def test_leaving_buries_what_the_card_on_screen_gives_away(tmp_path: Path) -> None:
    write(tmp_path, "giving.yaml", GIVING)
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        session = collection.study([collection.cards["giving", "city"]], clock=clock)
        assert session.current.id == "city"
        assert collection.store.card_rows() == {}   # making a session writes nothing
        session.leave()
        assert collection.counts(clock())[0].new == 5 - 1   # share is buried
        assert keys(collection.study(collection.select(), clock=clock)).count("share") == 0


def test_cram_keeps_them_apart_within_the_session_only(tmp_path: Path) -> None:
    write(tmp_path, "giving.yaml", GIVING)
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        cards = [collection.cards["giving", "city"], collection.cards["giving", "share"]]
        session = collection.study(cards, clock=clock, cram=True)
        assert session.current.id == "city"          # cram goes in the order given
        session.answer(Rating.AGAIN)
        assert session.current.id == "city"          # share is left out, city comes back
        session.answer(Rating.GOOD)
        assert session.current is None
        assert not any(row.buried_until for row in collection.store.card_rows().values())


def test_a_new_card_given_away_is_replaced_by_the_next_within_the_limit(
        tmp_path: Path) -> None:
    write(tmp_path, "giving.yaml", GIVING)
    clock = Clock(NOON)
    with open_collection(tmp_path, new_per_day=3) as collection:
        session = collection.study(collection.select(), clock=clock)
        assert session.progress().left == 3 * 2
        asked = keys(session)
        assert len(set(asked)) == 3
        assert collection.limits_left(clock())[0] == 0


@pytest.mark.parametrize("action", ["bury", "suspend"])
def test_a_new_card_taken_out_before_its_first_answer_is_replaced_within_the_limit(
        tmp_path: Path, action: str) -> None:
    # It uses none of today's limit, so a session over the same cards started after it
    # would give another: "Session complete" must not be said while that one is left.
    write(tmp_path, "d.yaml", basic_deck("d", 6))
    clock = Clock(NOON)
    with open_collection(tmp_path, new_per_day=3) as collection:
        session = collection.study(collection.select(), clock=clock)
        taken_out = session.current
        getattr(session, action)()
        assert session.progress().left == 3 * 2
        asked = keys(session)
        assert taken_out.id not in asked and len(set(asked)) == 3
        assert session.summary().complete
        assert collection.study(collection.select(), clock=clock).current is None


def test_undoing_a_bury_of_a_new_card_takes_its_replacement_back(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 6))
    clock = Clock(NOON)
    with open_collection(tmp_path, new_per_day=3) as collection:
        session = collection.study(collection.select(), clock=clock)
        buried = session.current
        session.bury()
        assert session.undo() == buried
        assert session.progress().left == 3 * 2
        asked = keys(session)
        assert buried.id in asked and len(set(asked)) == 3
        assert collection.limits_left(clock())[0] == 0


def test_new_cards_come_one_deck_after_another_and_spread_over_each(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", basic_deck("a", 20))
    write(tmp_path, "b.yaml", basic_deck("b", 20))
    clock = Clock(NOON)
    with open_collection(tmp_path, new_per_day=40) as collection:
        new = collection.availability(collection.select(), clock()).new
        assert [deck for deck, _ in new[:6]] == ["a", "b", "a", "b", "a", "b"]
        position = {(deck, f"c{n}"): n for deck in "ab" for n in range(20)}
        for first, second in zip(new, new[1:]):
            assert abs(position[first] - position[second]) != 1 or first[0] != second[0]
        only_a = collection.availability(collection.select(["a"]), clock()).new
        steps = [abs(position[x] - position[y]) for x, y in zip(only_a, only_a[1:])]
        assert 1 not in steps and sorted(only_a) == sorted(new[::2])


@given(st.integers(min_value=5, max_value=400))
def test_spread_is_an_order_with_no_two_neighbours_in_a_row(count: int) -> None:
    ids = [f"c{n}" for n in range(count)]
    order = spread(ids)
    assert sorted(order) == sorted(ids)
    assert all(abs(ids.index(x) - ids.index(y)) != 1 for x, y in zip(order, order[1:]))


def test_keep_apart_asks_what_a_card_gives_away_before_it() -> None:
    gives = {("d", "c"): [("d", "b")], ("d", "b"): [("d", "a")]}
    order = keep_apart([("d", "c"), ("d", "b"), ("d", "a"), ("d", "z")],
                       lambda key: gives.get(key, []), lambda x, y: False)
    assert order == [("d", "a"), ("d", "b"), ("d", "c"), ("d", "z")]
    mutual = {("d", "x"): [("d", "y")], ("d", "y"): [("d", "x")]}
    assert keep_apart([("d", "y"), ("d", "x")], lambda key: mutual.get(key, []),
                      lambda x, y: False) == [("d", "y"), ("d", "x")]


def test_left_counts_every_ask_so_a_good_answer_always_takes_one_off(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        session = collection.study(collection.select(), clock=clock)
        progress = session.progress()
        assert (progress.done, progress.left, progress.complete) == (0, 6, False)
        session.answer(Rating.GOOD)               # new → first learning step (10 minutes)
        assert session.progress().left == 5
        session.answer(Rating.AGAIN)              # back to the first step: one more ask
        assert session.progress().left == 5
        while session.current is not None:
            session.answer(Rating.GOOD)
            clock.advance(minutes=11)
        assert session.progress().left == 0 and session.progress().complete
        assert session.summary().complete


def test_leaving_early_says_how_much_is_left(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    clock = Clock(NOON)
    with open_collection(tmp_path, learning_steps=["1m", "1h"]) as collection:
        session = collection.study(collection.select(), clock=clock)
        session.answer(Rating.EASY)
        summary = session.summary()
        assert (summary.done, summary.left, summary.complete) == (1, 4, False)
        while session.current is not None:
            session.answer(Rating.GOOD)
        # Two cards wait for their one-hour step: not shown yet, but left for today.
        assert session.progress().done == 3
        assert session.progress().left == 2 and not session.progress().complete


def test_undo_takes_back_a_bury_and_a_suspension_as_well_as_an_answer(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 4))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        session = collection.study(collection.select(), clock=clock)
        first = session.current
        session.answer(Rating.GOOD)
        buried = session.current
        session.bury()
        suspended = session.current
        session.suspend()
        left = session.progress().left
        assert session.undo() == suspended and session.current == suspended
        assert not collection.store.flags("d", suspended.id)[0]
        assert session.progress().left == left + 2
        assert session.undo() == buried
        assert collection.store.flags("d", buried.id) == (False, None)
        assert session.undo() == first and collection.store.review_count() == 0
        assert session.undo() is None and not session.can_undo()
        assert keys(session).count(buried.id) == 2   # back in the queue


def test_suspended_cards_are_listed_and_restored_into_the_session(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        collection.suspend([collection.cards["d", "c2"]])
        session = collection.study(collection.select(), clock=clock)
        session.suspend()
        assert {card.id for card in session.suspended()} == {"c0", "c2"}
        assert [card.id for card in collection.suspended(clock())] == ["c0", "c2"]
        assert [card.id for card in collection.suspended(clock(), [collection.cards["d", "c2"]])] \
            == ["c2"]
        assert session.restore(session.suspended()) == 2
        assert session.suspended() == [] and collection.suspended(clock()) == []
        assert sorted(set(keys(session))) == ["c0", "c1", "c2"]


def test_due_tomorrow_is_counted_as_quiz_stats_counts_it(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 6))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        session = collection.study(collection.select(), clock=clock)
        for rating in (Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY):
            session.answer(rating)
        clock.advance(days=1, hours=-2)
        session = collection.study(collection.select(), clock=clock)
        while session.current is not None and session.progress().done < 3:
            session.answer(Rating.GOOD)
        scope = Scope.of(collection.entries)
        calendar = StudyCalendar(clock(), collection.settings.day_starts_at, collection.tz)
        figures = cards_now(collection.store, scope, calendar, collection.settings)
        summary = session.summary()
        assert summary.due_tomorrow == figures.total.due_tomorrow
        due_today = [row for row in collection.store.card_rows().values()
                     if row.phase != Phase.NEW and row.due is not None
                     and row.due < collection.next_day_start(clock()).timestamp() * 1000]
        assert due_today   # cards due later today are not counted as due tomorrow


def test_an_exam_never_holds_two_cards_of_which_one_gives_the_other_away(
        tmp_path: Path) -> None:
    write(tmp_path, "giving.yaml", GIVING)
    with open_collection(tmp_path) as collection:
        for seed in range(20):
            exam = collection.exam(collection.select(), count=5, minutes=None, clock=Clock(NOON),
                                   seed=seed)
            ids = {card.id for card in exam.questions}
            assert not {"city", "share"} <= ids and not {"city", "note"} <= ids
            assert len(ids) in (3, 4)   # with city, neither share nor note can come


@pytest.mark.parametrize("count", [1, 2])
def test_an_exam_of_unrelated_cards_draws_as_before(tmp_path: Path, count: int) -> None:
    import random

    write(tmp_path, "d.yaml", basic_deck("d", 10))
    with open_collection(tmp_path) as collection:
        cards = collection.select()
        exam = collection.exam(cards, count=count, minutes=None, clock=Clock(NOON), seed=3)
        assert list(exam.questions) == random.Random(3).sample(list(cards), count)


def test_a_session_that_runs_dry_waits_for_the_learning_cards(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 1))
    clock = Clock(NOON)
    with open_collection(tmp_path, learning_steps=["30m"]) as collection:
        session = collection.study(collection.select(), clock=clock)
        session.answer(Rating.AGAIN)
        assert session.current is None and session.progress().left == 1
        clock.advance(minutes=31)
        session = collection.study(collection.select(), clock=clock)
        assert session.current is not None
        session.answer(Rating.GOOD)
        assert session.progress().complete
        assert session.summary().next_due > clock() + timedelta(hours=1)


def test_headers_and_lists_show_a_decks_name_or_else_its_slug(tmp_path: Path) -> None:
    write(tmp_path, "giving.yaml", GIVING.replace("title: 荔浦衣架\n",
                                                  "title: 有七成衣架产自荔浦\nname: 荔浦衣架\n"))
    write(tmp_path, "d.yaml", basic_deck("d", 1))
    with open_collection(tmp_path) as collection:
        assert collection.labels == {"d": "d", "giving": "荔浦衣架"}
        assert collection.titles["giving"] == "有七成衣架产自荔浦"


def test_a_new_session_counts_the_steps_its_learning_cards_have_left(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    clock = Clock(NOON)
    with open_collection(tmp_path, learning_steps=["1m", "10m", "1h"]) as collection:
        session = collection.study(collection.select(), clock=clock)
        session.answer(Rating.GOOD)              # step 1 of 3: two asks left
        session.answer(Rating.AGAIN)             # step 0 of 3: three asks left
        clock.advance(hours=2)
        again = collection.study(collection.select(), clock=clock)
        assert again.progress().left == 2 + 3 + 3   # and the third card, still new
        while again.current is not None:
            left = again.progress().left
            again.answer(Rating.GOOD)
            assert again.progress().left == left - 1     # each Good takes one off
            clock.advance(minutes=61)
        # The last step waits an hour: seven asks done, one left for later today.
        assert (again.progress().done, again.progress().left) == (7, 1)
