"""Study sessions: the queue, limits, grading, undo, bury, suspend, leeches, cram."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clockkit import Clock
from enginekit import MIXED_DECK, NOON, basic_deck, open_collection, write
from quiz.core.card_state import Phase, Rating
from quiz.core.errors import UsageError
from quiz.study.queue import interleave
from quiz.study.session import How


def _drain(session, rating: Rating = Rating.GOOD, limit: int = 1000) -> list[str]:
    seen = []
    while session.current is not None and len(seen) < limit:
        seen.append(session.current.key)
        session.answer(rating)
    return seen


def test_interleave_spreads_new_cards_evenly() -> None:
    assert interleave(list("abcdef"), list("XY")) == ["a", "b", "X", "c", "d", "Y", "e", "f"]
    assert interleave([], list("XY")) == ["X", "Y"]
    assert interleave(list("ab"), []) == ["a", "b"]


def test_queue_learning_first_then_reviews_and_new_interleaved(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 10))
    clock = Clock(NOON)
    with open_collection(tmp_path, new_per_day=100) as collection:
        cards = collection.select()
        # Day 1: c0–c3 become review cards (Easy), c4 stays in learning (Again).
        session = collection.study(cards[:5], clock=clock)
        for _ in range(4):
            session.answer(Rating.EASY)
        session.answer(Rating.AGAIN)
        clock.advance(days=20)
        collection.send_to_review([cards[4]], clock())  # learning card due now
        session = collection.study(cards, clock=clock)
        order = [session.current.id]
        session.answer(Rating.EASY)
        while session.current is not None:
            order.append(session.current.id)
            session.answer(Rating.EASY)
        assert order[0] == "c4"
        rest = order[1:]
        assert sorted(rest) == sorted(f"c{i}" for i in range(10) if i != 4)
        reviews = {"c0", "c1", "c2", "c3"}
        positions = [i for i, card in enumerate(rest) if card in reviews]
        assert positions != [0, 1, 2, 3]   # interleaved, not all reviews first
        assert [c for c in rest if c in reviews] == ["c0", "c1", "c2", "c3"]


def test_daily_new_limit_counts_todays_log_and_resets_at_the_day_boundary(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 10))
    clock = Clock(NOON)
    with open_collection(tmp_path, new_per_day=3) as collection:
        cards = collection.select()
        assert collection.counts(clock())[0].new == 3
        session = collection.study(cards, clock=clock)
        assert session.progress().remaining == 3
        session.answer(Rating.EASY)
        session.answer(Rating.EASY)
        # A new session the same day only gets what is left of the limit.
        session = collection.study(cards, clock=clock)
        assert session.progress().remaining == 1
        assert collection.counts(clock())[0].new == 1
        # 03:59 in Shanghai the next day still belongs to today; 04:00 starts a new day.
        boundary = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)   # 04:00 +08:00
        clock.now = boundary - timedelta(minutes=1)
        assert collection.counts(clock())[0].new == 1
        clock.now = boundary
        assert collection.counts(clock())[0].new == 3


def test_daily_review_limit(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 6))
    clock = Clock(NOON)
    with open_collection(tmp_path, new_per_day=100, reviews_per_day=2) as collection:
        cards = collection.select()
        _drain(collection.study(cards, clock=clock), Rating.EASY)
        clock.advance(days=40)
        assert collection.counts(clock())[0].due == 2
        session = collection.study(cards, clock=clock)
        assert len(_drain(session, Rating.EASY)) == 2
        assert collection.counts(clock())[0].due == 0


def test_learning_steps_come_back_in_the_same_session(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 1))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        session = collection.study(collection.select(), clock=clock)
        assert session.interval_labels() == {Rating.AGAIN: "1m", Rating.HARD: "6m",
                                             Rating.GOOD: "10m", Rating.EASY: "8d"}
        result = session.answer(Rating.AGAIN)
        assert result.due == NOON + timedelta(minutes=1)
        assert session.current is not None and session.current.id == "c0"  # learn ahead
        session.answer(Rating.GOOD)
        session.answer(Rating.GOOD)
        assert session.current is None
        assert collection.store.state_of("d", "c0").phase is Phase.REVIEW


def test_grading_paths_store_how_and_reply(tmp_path: Path) -> None:
    pytest.importorskip("quiz.answers.grading")
    write(tmp_path, "mixed.yaml", MIXED_DECK)
    clock = Clock(NOON)
    with open_collection(tmp_path, type_basic=False) as collection:
        session = collection.study(collection.select(), clock=clock)
        kinds = {}
        while session.current is not None and session.current.id not in kinds:
            card = session.current
            kind = session.input_kind()
            kinds[card.id] = kind
            if kind is How.SELF:
                session.answer(Rating.HARD)
                continue
            reply = {"numeric": "10.19个", "choice": "b"}[card.id]
            verdict = session.check(reply)
            assert verdict.correct
            assert session.current is card   # checking records nothing
            suggested = session.suggested(verdict)
            assert suggested is Rating.GOOD
            # The learner overrides the suggestion: what they choose is what is stored.
            session.answer(Rating.EASY, how=kind, reply=reply)
        assert kinds == {"basic": How.SELF, "numeric": How.TYPED, "choice": How.CHOICE,
                         "cloze": How.SELF}
        numeric = collection.store.history("mixed", "numeric")[0]
        assert (numeric["how"], numeric["reply"], numeric["rating"]) == ("typed", "10.19个", 4)
        choice = collection.store.history("mixed", "choice")[0]
        assert choice["how"] == "choice"
        wrong = collection.study(collection.select(), clock=clock)
        assert wrong.suggested(wrong.check("no")) is Rating.AGAIN
    with open_collection(tmp_path, type_basic=True) as collection:
        session = collection.study([collection.cards["mixed", "basic"]], clock=clock)
        assert session.input_kind() is How.TYPED


def test_undo_returns_the_card_and_restores_its_state(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        session = collection.study(collection.select(), clock=clock)
        assert not session.can_undo() and session.undo() is None
        first = session.current
        session.answer(Rating.GOOD)
        second = session.current
        assert session.can_undo()
        assert session.undo() == first
        assert session.current == first
        assert collection.store.review_count() == 0
        assert collection.store.state_of(first.deck, first.id).is_new
        assert collection.counts(clock())[0].new == 3
        session.answer(Rating.EASY)
        assert session.current == second
        assert session.progress().done == 1


def test_bury_hides_until_the_next_day_boundary(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 2))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        session = collection.study(collection.select(), clock=clock)
        buried = session.current
        session.bury()
        assert session.current is not None and session.current != buried
        assert collection.counts(clock())[0].new == 1
        clock.now = datetime(2026, 3, 2, 19, 59, tzinfo=UTC)  # 03:59 in Shanghai
        assert buried not in _drain(collection.study(collection.select(), clock=clock))
        clock.now = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
        assert collection.study(collection.select(), clock=clock).current == buried


def test_suspend_and_unsuspend(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 2))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        session = collection.study(collection.select(), clock=clock)
        suspended = session.current
        session.suspend()
        assert session.progress().remaining == 1
        counts = collection.counts(clock())[0]
        assert (counts.new, counts.suspended) == (1, 1)
        assert suspended.key not in _drain(collection.study(collection.select(), clock=clock))
        collection.suspend([suspended], False)
        assert collection.study(collection.select(), clock=clock).current == suspended


def test_leech_is_reported_and_selectable(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 2))
    clock = Clock(NOON)
    with open_collection(tmp_path, relearning_steps=[], leech_lapses=3) as collection:
        card = collection.cards["d", "c0"]
        collection.study([card], clock=clock).answer(Rating.EASY)
        leeched = []
        for _ in range(4):
            clock.now = collection.store.state_of("d", "c0").due
            session = collection.study([card], clock=clock)
            leeched.append(session.answer(Rating.AGAIN).became_leech)
        assert leeched == [False, False, True, False]
        assert collection.select(special="leeches") == [card]
        clock.now = collection.store.state_of("d", "c0").due
        session = collection.study([card], clock=clock)
        assert session.summary().new_leeches == ()
        session.suspend()   # a leech stays suspendable
        assert session.current is None
        assert collection.store.card_rows()["d", "c0"].suspended


def test_summary(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        session = collection.study(collection.select(), clock=clock)
        session.answer(Rating.EASY)
        clock.advance(seconds=30)
        session.answer(Rating.AGAIN)
        clock.advance(seconds=30)
        session.answer(Rating.EASY)
        summary = session.summary()
        assert summary.studied == 3 and summary.passed == 2
        assert summary.accuracy == pytest.approx(2 / 3)
        assert summary.elapsed == timedelta(minutes=1)
        assert summary.next_due is not None and summary.next_due > clock()
        assert summary.due_tomorrow == 1   # the card in learning


def test_cram_never_changes_schedules(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        cards = collection.select()
        _drain(collection.study(cards, clock=clock), Rating.EASY)
        states = collection.store.stored_states()
        rows_before = collection.store.card_rows()
        session = collection.study(cards, clock=clock, cram=True)
        assert session.interval_labels() == {}
        first = session.current
        result = session.answer(Rating.AGAIN)
        assert result.due is None
        seen = [first.key] + _drain(session, Rating.GOOD)
        assert seen.count(first.key) == 2   # an Again comes back at the end
        assert collection.store.stored_states() == states
        assert collection.store.card_rows() == rows_before
        kinds = [h["kind"] for h in collection.store.history(first.deck, first.id)]
        assert kinds == ["study", "cram", "cram"]
        assert collection.select(special="mistakes") == []
        session = collection.study(cards, clock=clock, cram=True)
        session.answer(Rating.AGAIN)
        assert session.undo() is not None
        assert len(_drain(session)) == 3


def test_expired_cards_leave_the_queue_but_keep_history(tmp_path: Path) -> None:
    deck = basic_deck("d", 2).replace("    a: answer 1\n",
                                      "    a: answer 1\n    valid_until: 2026-03-01\n")
    write(tmp_path, "d.yaml", deck)
    clock = Clock(datetime(2026, 2, 27, 4, tzinfo=UTC))
    with open_collection(tmp_path) as collection:
        expiring = collection.cards["d", "c1"]
        assert expiring.valid_until == "2026-03-01"
        collection.study([expiring], clock=clock).answer(Rating.GOOD)
        clock.now = NOON   # 2026-03-02
        assert expiring.key not in _drain(collection.study(collection.select(), clock=clock))
        assert len(collection.store.history("d", "c1")) == 1


def test_select_by_deck_tag_and_errors(tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED_DECK)
    write(tmp_path, "d.yaml", basic_deck("d", 2, tags=("other",)))
    with open_collection(tmp_path) as collection:
        assert len(collection.select()) == 6
        assert len(collection.select(decks=["混合"])) == 4
        assert [c.id for c in collection.select(tags=["利率"])] == ["choice"]
        assert len(collection.select(tags=["金融", "other"])) == 6
        with pytest.raises(UsageError, match="no deck 'nope'; decks: d, mixed"):
            collection.select(decks=["nope"])
        with pytest.raises(UsageError, match="no card has the tag 'nope'"):
            collection.select(tags=["nope"])
        with pytest.raises(UsageError, match="unknown selection"):
            collection.select(special="weird")
        with pytest.raises(UsageError, match="has no card 'zz'"):
            collection.find(["d/zz"])


def test_counts_leave_out_orphans_and_expired_cards_that_are_due(tmp_path: Path) -> None:
    path = write(tmp_path, "d.yaml", basic_deck("d", 4))
    clock = Clock(datetime(2026, 2, 20, 4, tzinfo=UTC))
    with open_collection(tmp_path) as collection:
        _drain(collection.study(collection.select(), clock=clock), Rating.EASY)
    text = basic_deck("d", 3).replace("    a: answer 1\n",
                                      "    a: answer 1\n    valid_until: 2026-03-01\n")
    path.write_text(text, encoding="utf-8")   # c3 removed, c1 expires
    clock.now = NOON + timedelta(days=60)
    with open_collection(tmp_path) as collection:
        counts = collection.counts(clock())[0]
        assert (counts.new, counts.learning, counts.due, counts.total) == (0, 0, 2, 3)
        assert sorted(_drain(collection.study(collection.select(), clock=clock))) == \
            ["d/c0", "d/c2"]


def test_titles_and_selection_build_no_cards(tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED_DECK)
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    with open_collection(tmp_path):
        pass   # fills the deck cache
    with open_collection(tmp_path) as collection:
        assert collection.titles == {"d": "Deck d", "mixed": "混合"}
        selection = collection.select(decks=["d"])
        assert len(selection) == 3 and selection.keys[0] == ("d", "c0")
        assert all(not entry._built for entry in collection.entries)
        assert selection[1].id == "c1" and [c.id for c in selection[1:]] == ["c1", "c2"]
        assert selection == collection.find(["d"])
