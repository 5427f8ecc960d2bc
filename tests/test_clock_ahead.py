"""A clock that was set ahead: answers dated in the future never block study today."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

from clockkit import Clock
from enginekit import NOON, basic_deck, open_collection, write
from quiz.core.card_state import Rating

TEN_YEARS = timedelta(days=3652)


def _study(collection, clock, count: int, rating: Rating = Rating.GOOD) -> int:
    session = collection.study(collection.select(), clock=clock)
    done = 0
    while session.current is not None and done < count:
        session.answer(rating)
        done += 1
    return done


def test_answers_ten_years_ahead_do_not_use_up_todays_new_cards(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 60))
    clock = Clock(NOON + TEN_YEARS)
    with open_collection(tmp_path, new_per_day=20) as collection:
        assert _study(collection, clock, 20, Rating.EASY) == 20
        clock.now = NOON
        assert collection.counts(clock())[0].new == 20
        assert collection.limits_left(clock()) == (20, collection.settings.reviews_per_day)
        assert collection.future_answers(clock()) == 20
        # Study goes on with the right clock: 20 new cards today, as if nothing happened.
        assert _study(collection, clock, 100) >= 20
        assert collection.counts(clock())[0].new == 0


def test_reset_after_a_clock_ahead_makes_the_cards_new_again(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 20))
    clock = Clock(NOON + TEN_YEARS)
    with open_collection(tmp_path, new_per_day=20) as collection:
        _study(collection, clock, 20, Rating.EASY)
        clock.now = NOON
        assert collection.counts(clock())[0].new == 0    # every card was seen, in 2036
        assert collection.reset(collection.select(), clock()) == 20
        assert collection.counts(clock())[0].new == 20
        session = collection.study(collection.select(), clock=clock)
        assert session.progress().remaining == 20


def test_todays_counters_end_where_today_ends(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 10))
    clock = Clock(NOON)
    with open_collection(tmp_path, new_per_day=3) as collection:
        tomorrow = collection.next_day_start(clock())
        # An answer in the last millisecond of today counts; one at the next day's start not.
        _study(collection, Clock(tomorrow - timedelta(milliseconds=1)), 1)
        _study(collection, Clock(tomorrow), 1)
        assert collection.limits_left(clock())[0] == 2
        assert collection.future_answers(clock()) == 1
        assert collection.future_answers(Clock(tomorrow)()) == 0


def test_reviews_done_in_the_future_do_not_use_up_todays_reviews(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 4))
    clock = Clock(NOON)
    with open_collection(tmp_path, new_per_day=10, reviews_per_day=2) as collection:
        _study(collection, clock, 10, Rating.EASY)            # four review cards
        clock.advance(days=60)                                # all four due
        future = Clock(clock() + TEN_YEARS)
        _study(collection, future, 2, Rating.EASY)            # two of them answered in 2036
        assert collection.limits_left(clock())[1] == 2
        assert collection.counts(clock())[0].due == 2         # the other two, capped by nothing


def _answered_ten_years_ahead(root: Path, count: int) -> None:
    """`count` new cards answered with the clock ten years ahead of the real one, through the
    API (the command line has no clock to set), in the store the `quiz` command uses."""
    from datetime import datetime

    from quiz.study.collection import Collection

    ahead = Clock(datetime.now(UTC) + TEN_YEARS)
    with Collection.open(deck_paths=[root / "decks"], data_dir=root / "home",
                         config_path=root / "config.toml") as collection:
        assert _study(collection, ahead, count, Rating.EASY) == count


def test_due_and_stats_report_answers_dated_after_today(run_quiz, quiz_env, tmp_path: Path
                                                        ) -> None:
    import json

    write(tmp_path, "d.yaml", basic_deck("d", 60))
    _answered_ten_years_ahead(tmp_path, 20)
    due = run_quiz("due")
    assert due.returncode == 0, due.stderr
    assert due.stdout.split()[:3] == ["d", "new", "20"]
    warnings = [line for line in due.stderr.splitlines() if "after today" in line]
    assert len(warnings) == 1 and "20 answers" in warnings[0]
    report = json.loads(run_quiz("due", "--json").stdout)
    assert (report["total"]["new"], report["future_answers"]) == (20, 20)
    stats = run_quiz("stats", "--json")
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    assert figures["future_answers"] == 20
    assert figures["activity"]["answers"] == 0     # none of them on a day of the past year
    assert "20 answers" in stats.stderr
    text = run_quiz("stats")
    assert text.returncode == 0 and "20 answers" in text.stderr
    # After a reset the twenty cards are new again, and today's limit is whole.
    assert run_quiz("reset", "d").returncode == 0
    report = json.loads(run_quiz("due", "--json").stdout)
    assert (report["total"]["new"], report["future_answers"]) == (20, 20)


def test_due_says_nothing_when_no_answer_is_in_the_future(run_quiz, quiz_env, tmp_path: Path
                                                          ) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    due = run_quiz("due")
    assert due.returncode == 0 and "after today" not in due.stderr


async def test_the_deck_list_and_a_study_session_report_answers_dated_after_today(
        tmp_path: Path) -> None:
    from textual.widgets import Label

    from quiz.tui.app import build_app

    write(tmp_path, "d.yaml", basic_deck("d", 10))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        _study(collection, Clock(NOON + TEN_YEARS), 3, Rating.EASY)
        app = build_app(collection, clock=clock, lang="en", cursor_blink=False)
        async with app.run_test(size=(100, 24)) as pilot:
            await pilot.pause()
            label = app.screen.query_one("#home-future", Label)
            assert label.display and "3" in str(label.render())
            await pilot.press("enter")
            await pilot.pause()
            assert [n.message for n in app._notifications if "3" in n.message]
        study = build_app(collection, start="study", cards=collection.select(), clock=clock,
                          lang="zh", cursor_blink=False)
        async with study.run_test(size=(100, 24)) as pilot:
            await pilot.pause()
            notes = [n.message for n in study._notifications]
            assert any("3" in note and "今天" in note for note in notes)


async def test_the_deck_list_says_nothing_without_answers_after_today(tmp_path: Path) -> None:
    from textual.widgets import Label

    from quiz.tui.app import build_app

    write(tmp_path, "d.yaml", basic_deck("d", 2))
    with open_collection(tmp_path) as collection:
        app = build_app(collection, clock=Clock(NOON), lang="en", cursor_blink=False)
        async with app.run_test(size=(100, 24)) as pilot:
            await pilot.pause()
            assert not app.screen.query_one("#home-future", Label).display
            assert not app._notifications


def test_a_card_buried_with_the_clock_ahead_is_not_hidden_for_years(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        new, reviewed = collection.cards["d", "c0"], collection.cards["d", "c1"]
        collection.study([reviewed], clock=clock).answer(Rating.AGAIN)   # learning, due soon
        ahead = NOON + TEN_YEARS
        collection.bury(new, ahead)
        collection.bury(reviewed, ahead)
        clock.advance(hours=1)
        assert collection.counts(clock())[0].new == 2
        assert collection.counts(clock())[0].learning == 1
        seen = {card.id for card in [collection.study(collection.select(), clock=clock).current]}
        assert seen & {"c0", "c1"}
        # A bury made today still hides its card until the next day starts.
        collection.bury(new, clock())
        assert collection.counts(clock())[0].new == 1
        assert collection.counts(collection.next_day_start(clock()))[0].new == 2
