"""Exams: drawn questions, auto-grading, scores by deck and tag, stored results, mistakes."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from clockkit import Clock
from enginekit import MIXED_DECK, NOON, basic_deck, open_collection, write
from quiz.core.card_state import Phase, Rating
from quiz.core.errors import QuizError, UsageError
from quiz.study.session import How

pytest.importorskip("quiz.answers.grading")

REPLIES = {"basic": "29.4万亿元", "numeric": "10.19", "choice": "4.46%", "cloze": "23.5%"}


def test_exam_scores_by_deck_and_tag_and_stores_every_answer(tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED_DECK)
    write(tmp_path, "d.yaml", basic_deck("d", 2, tags=("other",)))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        exam = collection.exam(collection.select(), count=6, minutes=None, clock=clock, seed=7)
        assert len(exam.questions) == 6 and len(set(exam.questions)) == 6
        assert exam.time_left() is None
        wrong = set()
        while exam.current is not None:
            card = exam.current
            assert exam.input_kind() is (How.CHOICE if card.id == "choice" else How.TYPED)
            assert exam.questions[exam.index] is card
            clock.advance(seconds=10)
            if card.deck == "d" and card.id == "c1":
                exam.skip()
                wrong.add(card.key)
            elif card.deck == "mixed" and card.id == "numeric":
                assert not exam.submit("11").correct
                wrong.add(card.key)
            else:
                reply = REPLIES.get(card.id, "answer 0") if card.deck == "mixed" else "answer 0"
                assert exam.submit(reply).correct
        report = exam.finish()
        assert exam.finish() is report
        assert (report.total, report.answered, report.correct) == (6, 5, 4)
        assert report.score == pytest.approx(400 / 6)
        assert report.by_deck == {"mixed": (3, 4), "d": (1, 2)}
        assert report.by_tag["金融"] == (3, 4) and report.by_tag["利率"] == (1, 1)
        assert report.by_tag["other"] == (1, 2)
        assert {m.card.key for m in report.mistakes} == wrong
        numeric = next(m for m in report.mistakes if m.card.id == "numeric")
        assert numeric.reply == "11" and "10.19" in numeric.expected
        assert report.finished - report.started == timedelta(seconds=60)
        assert not report.timed_out
    conn = sqlite3.connect(tmp_path / "home" / "quiz.db")
    assert conn.execute("SELECT total, answered, correct, timed_out FROM exams").fetchall() == \
        [(6, 5, 4, 0)]
    assert conn.execute("SELECT COUNT(*), SUM(correct) FROM exam_answers").fetchone() == (6, 4)
    conn.close()


def test_time_up_counts_the_rest_as_wrong(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 5))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        exam = collection.exam(collection.select(), count=5, minutes=1, clock=clock, seed=1)
        assert exam.time_left() == timedelta(minutes=1)
        first = exam.current
        exam.submit("answer " + first.id[1:])
        clock.advance(minutes=2)
        assert exam.time_left() == timedelta(0)
        exam.submit("too late")     # stores nothing, ends the exam
        assert exam.current is None
        report = exam.finish()
        assert report.timed_out and (report.answered, report.correct, report.total) == (1, 1, 5)
        assert report.finished - report.started == timedelta(minutes=1)
        with pytest.raises(QuizError):
            exam.submit("x")


def test_mistakes_can_be_sent_to_review(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 4))
    clock = Clock(NOON)
    with open_collection(tmp_path, new_per_day=0) as collection:
        cards = collection.select()
        exam = collection.exam(cards, count=4, minutes=None, clock=clock, seed=3)
        missed = []
        while exam.current is not None:
            card = exam.current
            if card.id in ("c1", "c2"):
                exam.submit("wrong")
                missed.append(card)
            else:
                exam.submit("answer " + card.id[1:])
        assert {c.id for c in collection.select(special="mistakes")} == {"c1", "c2"}
        assert exam.send_mistakes_to_review() == 2
        assert collection.store.state_of("d", "c1").phase is Phase.LEARNING
        assert collection.store.state_of("d", "c1").due == clock()
        session = collection.study(cards, clock=clock)
        queued = []
        while session.current is not None:
            queued.append(session.current)
            session.answer(Rating.GOOD)
        # The new-card limit is 0: only the mistakes come, each through its learning steps.
        assert {c.id for c in queued} == {"c1", "c2"}
        assert collection.store.history("d", "c1")[0]["kind"] == "manual"


def test_bad_exam_requests_are_usage_errors(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 2))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        with pytest.raises(UsageError):
            collection.exam(collection.select(), count=0, minutes=None, clock=clock)
        with pytest.raises(UsageError):
            collection.exam([], count=3, minutes=None, clock=clock)
        with pytest.raises(UsageError):
            collection.exam(collection.select(), count=3, minutes=0, clock=clock)
        exam = collection.exam(collection.select(), count=10, minutes=None, clock=clock, seed=0)
        assert len(exam.questions) == 2


CLOZE_DECK = """\
deck: gaps
title: 填空
cards:
  - id: three
    type: cloze
    text: 余额{{29.4万亿元}}，增长{{23.5%}}，共{{302款}}
  - id: two
    type: cloze
    text: 授信户数{{6166万户}}，增长{{13.1%}}
  - id: basic
    q: 涉农贷款余额？
    a: 12.59万亿元
"""


def test_cloze_gaps_give_partial_credit_in_the_report(tmp_path: Path) -> None:
    write(tmp_path, "gaps.yaml", CLOZE_DECK)
    with open_collection(tmp_path) as collection:
        exam = collection.exam(collection.select(), count=3, minutes=None, clock=Clock(NOON),
                               seed=1)
        replies = {"three": "29.4万亿元；23.6%；302", "basic": "12.59万亿元"}
        while exam.current is not None:
            card = exam.current
            if card.id in replies:
                verdict = exam.submit(replies[card.id])
                assert verdict.gaps_right == (2 if card.id == "three" else 0)
            else:
                exam.skip()
        report = exam.finish()
    assert (report.correct, report.total) == (1, 3)            # the score counts whole questions
    assert (report.gaps_right, report.gaps_asked) == (2, 5)    # the skipped cloze asked 2 gaps
    by_card = {mistake.card.id: mistake for mistake in report.mistakes}
    assert (by_card["three"].gaps_right, by_card["three"].gaps_asked) == (2, 3)
    assert (by_card["two"].gaps_right, by_card["two"].gaps_asked) == (0, 2)
    assert by_card["three"].reply == "29.4万亿元；23.6%；302"


def test_an_exam_without_cloze_questions_asks_no_gaps(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 2))
    with open_collection(tmp_path) as collection:
        exam = collection.exam(collection.select(), count=2, minutes=None, clock=Clock(NOON),
                               seed=1)
        while exam.current is not None:
            exam.submit("answer " + exam.current.id[1:])
        report = exam.finish()
    assert (report.correct, report.gaps_right, report.gaps_asked) == (2, 0, 0)


def test_skipped_and_unanswered_cloze_mistakes_are_marked_gap_by_gap_like_answered_ones(
        tmp_path: Path) -> None:
    write(tmp_path, "gaps.yaml", CLOZE_DECK)
    with open_collection(tmp_path) as collection:
        exam = collection.exam(collection.select(), count=3, minutes=None, clock=Clock(NOON),
                               seed=1)
        while exam.current is not None:
            if exam.current.id == "three":
                exam.submit("29.4万亿元；1")       # two gaps given, one of them right
            else:
                exam.skip()
        answered = {mistake.card.id: mistake for mistake in exam.finish().mistakes}
        exam = collection.exam(collection.select(), count=3, minutes=None, clock=Clock(NOON),
                               seed=1)
        unanswered = {mistake.card.id: mistake for mistake in exam.finish().mistakes}
    three, skipped = answered["three"], answered["two"]
    assert three.expected == "29.4万亿元、23.5%、302款"
    assert [(gap.reply, gap.correct, gap.expected) for gap in three.gaps] == [
        ("29.4万亿元", True, "29.4万亿元"), ("1", False, "23.5%"), ("", False, "302款")]
    for left in (skipped, unanswered["two"]):
        assert left.expected == "6166万户、13.1%"    # as a reply's verdict states it
        assert [(gap.reply, gap.correct, gap.expected, gap.reason) for gap in left.gaps] == [
            ("", False, "6166万户", "empty"), ("", False, "13.1%", "empty")]
        assert (left.gaps_right, left.gaps_asked) == (0, 2)
    assert unanswered["three"].expected == three.expected
    assert unanswered["basic"].gaps == () and unanswered["basic"].expected == "12.59万亿元"
