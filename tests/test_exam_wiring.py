"""Studying toward an exam through the real scheduler, queue and sessions: intervals cut before
the exam, cards moved when an exam is set, new cards paced, reviews load-balanced inside their
fuzz range, easy days and the working calendar, and the log holding the interval given."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import fsrs
import pytest

from clockkit import Clock
from enginekit import NOON, SHANGHAI, basic_deck, write
from quiz.core.calendar import Exam
from quiz.core.card_state import CardState, Phase, Rating
from quiz.core.memory import curve, days_between, retrievability
from quiz.core.settings import Settings
from quiz.study.collection import Collection
from quiz.study.exam_date import exam_start, last_interval_before
from quiz.study.scheduler import Scheduler, fsrs_scheduler
from quiz.study.workload import DayLoad, fuzz_range

SHAPE = curve(None)
EXAM_DAY = date(2026, 4, 1)                     # 30 study days after NOON's 2 March
EXAM_AT = exam_start(EXAM_DAY, 4, SHANGHAI)


def config(tmp_path: Path, text: str) -> None:
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")


def opened(tmp_path: Path, **overrides: object) -> Collection:
    return Collection.open(deck_paths=[tmp_path / "decks"], data_dir=tmp_path / "home",
                           config_path=tmp_path / "config.toml", overrides=overrides,
                           tz=SHANGHAI)


def study_day(collection: Collection, clock: Clock, draw: random.Random,
              again: float = 0.15) -> int:
    """Answer everything today's queue offers (Again with probability `again`, else Good)."""
    session = collection.study(collection.select(), clock=clock)
    answers = 0
    while session.current is not None:
        session.answer(Rating.AGAIN if draw.random() < again else Rating.GOOD)
        clock.advance(seconds=20)
        answers += 1
    return answers


def review_cards(collection: Collection, deck: str) -> dict[str, CardState]:
    return {card: state for (slug, card), state in collection.store.stored_states().items()
            if slug == deck and state.phase is Phase.REVIEW}


@pytest.mark.parametrize("target", [None, 0.95])
def test_no_card_of_the_exams_decks_is_left_due_after_it_with_too_little_recall(
        tmp_path: Path, target: float | None) -> None:
    """Thirty days of study toward the exam, with fuzz and load balancing: whenever a day still
    remained before the exam at a card's last review, the card is due before the exam or keeps
    the target (the exam's retention, else the desired retention) for the exam day. A deck no
    exam covers is scheduled as usual."""
    write(tmp_path, "exam.yaml", basic_deck("exam", 40))
    write(tmp_path, "other.yaml", basic_deck("other", 40))
    own = f"retention = {target}\n" if target else ""
    config(tmp_path, f'new_per_day = 80\n[[exam]]\nname = "x"\ndate = {EXAM_DAY}\n'
                     f'decks = ["exam"]\n{own}')
    wanted = target or 0.9
    random.seed(11)                              # the scheduler's fuzz draws
    clock, draw = Clock(NOON), random.Random(4)
    other_past_exam = 0
    with opened(tmp_path) as collection:
        for _ in range(30):
            study_day(collection, clock, draw)
            for card, state in review_cards(collection, "exam").items():
                if state.due >= EXAM_AT and last_interval_before(state.last_review, EXAM_AT):
                    recall = retrievability(days_between(state.last_review, EXAM_AT),
                                            state.stability, SHAPE)
                    assert recall >= wanted, (card, state)
            other_past_exam = sum(
                1 for state in review_cards(collection, "other").values()
                if state.due >= EXAM_AT and retrievability(days_between(
                    state.last_review, EXAM_AT), state.stability, SHAPE) < wanted)
            clock.advance(days=1)
        assert clock().date() > EXAM_DAY - timedelta(days=2)
        if target:
            # The other deck's cards were left alone: some are due after the exam with less.
            assert other_past_exam > 0
        # The exam day itself carries no review of a card whose interval had a fuzz range.
        on_exam_day = [state for state in review_cards(collection, "exam").values()
                       if collection.today(state.due) == EXAM_DAY]
        assert all((state.due - state.last_review).days < 3 for state in on_exam_day)


def test_the_log_records_the_interval_given_inside_the_fuzz_range(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 30))
    config(tmp_path, "new_per_day = 30\n")
    clock = Clock(NOON)
    exact = fsrs_scheduler(Settings())
    with opened(tmp_path) as collection:
        for _ in range(2):
            study_day(collection, clock, random.Random(1), again=0)
            clock.advance(days=1)
        given = Counter()
        for _ in range(12):
            session = collection.study(collection.select(), clock=clock)
            while session.current is not None:
                card = session.current
                before = collection.store.state_of(card.deck, card.id)
                session.answer(Rating.GOOD)
                after = collection.store.state_of(card.deck, card.id)
                if before.phase is Phase.REVIEW:
                    answered = after.last_review
                    proposal, _ = exact.review_card(
                        fsrs.Card(card_id=1, state=fsrs.State.Review, stability=before.stability,
                                  difficulty=before.difficulty, due=before.due,
                                  last_review=before.last_review), fsrs.Rating.Good, answered)
                    proposed = (proposal.due - answered).days
                    days = (after.due - answered).total_seconds() / 86400
                    shortest, longest = fuzz_range(proposed, 36500)
                    assert days == int(days) and shortest <= days <= longest
                    given[days != proposed] += 1
                    logged = collection.store.history(card.deck, card.id)[-1]
                    assert json.loads(logged["state_after"])["due"] == after.due.isoformat()
                clock.advance(seconds=30)
            clock.advance(days=1)
    assert given[True] > 0 and given[False] > 0     # fuzz moved some intervals, not all


def test_load_balancing_picks_the_lightest_day_of_the_fuzz_range() -> None:
    settings = Settings()
    now = NOON
    state = CardState(phase=Phase.REVIEW, stability=20, difficulty=5,
                      last_review=now - timedelta(days=20), due=now, reps=3)
    proposal, _ = fsrs_scheduler(settings).review_card(
        fsrs.Card(card_id=1, state=fsrs.State.Review, stability=20, difficulty=5,
                  last_review=state.last_review, due=now), fsrs.Rating.Good, now)
    shortest, longest = fuzz_range((proposal.due - now).days, 36500)
    today = date(2026, 3, 2)
    for light in range(shortest, longest + 1):
        load = DayLoad(Counter({today + timedelta(days=days): 50
                                for days in range(shortest, longest + 1) if days != light}))
        scheduler = Scheduler(settings, tz=SHANGHAI, load=load, draw=random.Random(light).random)
        after, _ = scheduler.review(state, Rating.GOOD, now, deck="d")
        assert (after.due - now).days == light
        assert load.due_on(today + timedelta(days=light)) == 1


def test_a_makeup_saturday_takes_reviews_when_weekends_take_none() -> None:
    """Weekends at 0 with the Chinese calendar: reviews from a fuzz range over Thursday 26
    February to Monday 2 March 2026 go to the 调休 Saturday (28 February) as to a weekday,
    never to the Sunday."""
    settings = Settings(easy_days=(1, 1, 1, 1, 1, 0, 0), calendar="CN")
    now = datetime(2026, 2, 16, 12, tzinfo=SHANGHAI)
    scheduler = Scheduler(settings, tz=SHANGHAI, load=DayLoad(), draw=random.Random(7).random)
    planner = scheduler.planner
    days = Counter()
    for _ in range(300):
        day = planner.interval(12, deck="d", now=now, stability=12)
        days[date(2026, 2, 16) + timedelta(days=day)] += 1
    assert days[date(2026, 2, 28)] >= 40
    assert days[date(2026, 3, 1)] == 0
    assert set(days) <= {date(2026, 2, 26) + timedelta(days=n) for n in range(5)}


def test_grade_labels_show_the_interval_cut_for_the_exam() -> None:
    """An exam that wants 0.95 on its day, 60 days ahead: Good would give about 110 days,
    past the exam with recall below 0.95 there, so the label shows the exam's eve."""
    now = EXAM_AT - timedelta(days=60, hours=6)
    state = CardState(phase=Phase.REVIEW, stability=40, difficulty=5,
                      last_review=now - timedelta(days=40), due=now, reps=3)
    plain = Scheduler(Settings(fuzz=False), tz=SHANGHAI).preview(state, now, "d")
    settings = Settings(fuzz=False, exams=(Exam("x", EXAM_DAY, frozenset({"d"}), 0.95),))
    exam = Scheduler(settings, tz=SHANGHAI).preview(state, now, "d")
    eve = last_interval_before(now, EXAM_AT)
    assert plain[Rating.GOOD] > timedelta(days=eve + 30)
    assert exam[Rating.GOOD] == timedelta(days=eve)
    assert exam[Rating.AGAIN] == plain[Rating.AGAIN]
    assert Scheduler(settings, tz=SHANGHAI).preview(state, now, "other") == plain


def test_setting_an_exam_moves_cards_scheduled_past_it_once(tmp_path: Path) -> None:
    """Cards studied with no exam in view, then an exam 12 days ahead that wants 0.95 on its
    day: a study session moves those due after it with less into its final window, logged,
    once; `quiz due`'s look at the queue moves nothing."""
    write(tmp_path, "d.yaml", basic_deck("d", 20))
    config(tmp_path, "new_per_day = 20\n")
    random.seed(5)
    clock, draw = Clock(NOON), random.Random(2)
    with opened(tmp_path) as collection:
        for _ in range(20):
            study_day(collection, clock, draw, again=0.05)
            clock.advance(days=1)
    exam_day = collection.today(clock()) + timedelta(days=12)
    exam_at = exam_start(exam_day, 4, SHANGHAI)

    def short(collection: Collection) -> list[str]:
        return [card for card, state in review_cards(collection, "d").items()
                if state.due >= exam_at and retrievability(
                    days_between(state.last_review, exam_at), state.stability, SHAPE) < 0.95]

    config(tmp_path, f'new_per_day = 20\n[[exam]]\nname = "x"\ndate = {exam_day}\n'
                     f'retention = 0.95\n')
    with opened(tmp_path) as collection:
        waiting = short(collection)
        assert waiting
        collection.study(collection.select(), clock=clock, recheck=False)   # as quiz due
        assert short(collection) == waiting
        session = collection.study(collection.select(), clock=clock)
        assert session.moved_for_exams == len(waiting) and short(collection) == []
        for card in waiting:
            state = collection.store.state_of("d", card)
            assert clock() < state.due < exam_at
            kinds = [entry["kind"] for entry in collection.store.history("d", card)]
            assert kinds[-1] == "moved" and kinds.count("moved") == 1
        assert collection.study(collection.select(), clock=clock).moved_for_exams == 0
        assert collection.move_before_exams(clock()) == 0


@pytest.mark.parametrize("finish_days", [7, 3])
def test_new_cards_are_paced_to_finish_before_the_exam(tmp_path: Path, finish_days: int) -> None:
    """Forty new cards of the exam's deck, 16 days ahead: an even pace that has them all seen
    `finish_days` before the exam, in sessions and in the counts; another deck keeps the
    learner's own limit."""
    write(tmp_path, "exam.yaml", basic_deck("exam", 40))
    write(tmp_path, "other.yaml", basic_deck("other", 40))
    exam_day = date(2026, 3, 18)
    config(tmp_path, f'new_per_day = 10\nfinish_days = {finish_days}\n[[exam]]\nname = "x"\n'
                     f'date = {exam_day}\ndecks = ["exam"]\n')
    random.seed(3)
    clock, draw = Clock(NOON), random.Random(3)
    finish_by = exam_day - timedelta(days=finish_days)
    pace = -(-40 // ((finish_by - date(2026, 3, 2)).days + 1))
    new_each_day = {}
    with opened(tmp_path) as collection:
        while collection.today(clock()) < exam_day:
            today = collection.today(clock())
            counts = {row.slug: row.new for row in collection.counts(clock())}
            states = collection.store.stored_states()
            unseen, other = (40 - sum(1 for (slug, _), state in states.items()
                                      if slug == deck and not state.is_new)
                             for deck in ("exam", "other"))
            new_each_day[today] = counts["exam"]
            days = (finish_by - today).days + 1 if today <= finish_by else \
                (exam_day - today).days
            assert counts["exam"] == min(10, -(-unseen // days))
            assert counts["other"] == min(10, other)
            study_day(collection, clock, draw, again=0)
            clock.advance(days=1)
    assert sum(new_each_day.values()) == 40
    assert all(count == 0 for day, count in new_each_day.items() if day > finish_by)
    assert max(new_each_day.values()) == pace < 10


def test_undo_puts_the_card_back_on_its_day_in_the_load(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 5))
    config(tmp_path, "")
    clock = Clock(NOON)
    random.seed(0)
    with opened(tmp_path) as collection:
        study_day(collection, clock, random.Random(0), again=0)
        while True:
            clock.advance(days=1)
            session = collection.study(collection.select(), clock=clock)
            card = session.current
            if card is not None:
                break
        before = collection.store.state_of(card.deck, card.id)
        assert before.phase is Phase.REVIEW
        load = session.scheduler.planner.load
        assert load is not None
        snapshot = Counter(load.counts)
        session.answer(Rating.GOOD)
        assert load.counts != snapshot
        session.undo()
        assert +load.counts == +snapshot
        # A card due on a later day (answered early, in cram's place) goes back on that day.
        now = clock()
        due = now + timedelta(days=5)
        day = collection.today(due)
        scheduler = Scheduler(Settings(), tz=SHANGHAI, load=DayLoad(Counter({day: 3})))
        before = CardState(phase=Phase.REVIEW, stability=5, difficulty=5,
                           last_review=now - timedelta(days=1), due=due, reps=2)
        after, _ = scheduler.review(before, Rating.GOOD, now, deck="d")
        assert scheduler.planner.load.due_on(day) == 2 + (collection.today(after.due) == day)
        scheduler.unreview(before, after, now)
        assert +scheduler.planner.load.counts == Counter({day: 3})


def test_a_plan_takes_first_answers_in_the_learners_shares(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Store.first_grades counts first answers to new cards in study; the plan uses their
    shares once there are 20 of them."""
    from quiz.study import plan as plan_module

    write(tmp_path, "d.yaml", basic_deck("d", 30))
    config(tmp_path, "new_per_day = 30\n")
    exam = Exam("x", EXAM_DAY)
    clock = Clock(NOON)
    seen = []
    real = plan_module.exam_plan
    monkeypatch.setattr(plan_module, "exam_plan",
                        lambda *args, **options: seen.append(options["first_grades"])
                        or real(*args, **options))
    with opened(tmp_path) as collection:
        session = collection.study(collection.select(), clock=clock)
        firsts = [Rating.AGAIN] * 12 + [Rating.GOOD] * 6 + [Rating.EASY]
        answered = set()
        while session.current is not None:
            card = session.current
            rating = firsts.pop() if card.id not in answered and firsts else Rating.GOOD
            answered.add(card.id)
            session.answer(rating)
            clock.advance(seconds=30)
            if not firsts:
                break
        assert collection.store.first_grades() == (12, 0, 6, 1)
        collection.plan(exam, clock())
        session = collection.study(collection.select(), clock=clock)
        hard = 0
        while hard < 3:
            card = session.current
            assert card is not None
            first = card.id not in answered
            session.answer(Rating.HARD if first else Rating.GOOD)
            answered.add(card.id)
            hard += first
            clock.advance(seconds=30)
        assert collection.store.first_grades() == (12, 3, 6, 1)
        collection.plan(exam, clock())
    assert seen == [None, (12, 3, 6, 1)]


def test_quiz_due_totals_what_a_session_is_given_when_an_exam_covers_two_decks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """The exam's pace holds for its decks together: each deck's row shows it, and the total
    is the pace once, not once per deck (it said 20 where a session gave 10)."""
    from quiz.cli.main import main

    for slug in ("a", "b", "c"):
        write(tmp_path, f"{slug}.yaml", basic_deck(slug, 40))
    config(tmp_path, 'new_per_day = 20\n[[exam]]\nname = "x"\ndate = 2026-03-18\n'
                     'decks = ["a", "b"]\n')
    monkeypatch.setenv("QUIZ_NOW", NOON.isoformat())
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    assert main(["due", "--json", "--decks", str(tmp_path / "decks"), "--data-dir",
                 str(tmp_path / "home"), "--config", str(tmp_path / "config.toml")]) == 0
    report = json.loads(capsys.readouterr().out)
    with opened(tmp_path) as collection:
        given = collection.availability(collection.select(), NOON).new
        pace = sum(1 for deck, _ in given if deck in ("a", "b"))
        assert 0 < pace < 20
        assert {row["deck"]: row["new"] for row in report["decks"]} == {
            "a": pace, "b": pace, "c": 20}
        assert report["total"]["new"] == len(given) == 20
        only_exam = collection.availability(collection.select(["a", "b"]), NOON).new
    assert main(["due", "a", "b", "--json", "--decks", str(tmp_path / "decks"), "--data-dir",
                 str(tmp_path / "home"), "--config", str(tmp_path / "config.toml")]) == 0
    assert json.loads(capsys.readouterr().out)["total"]["new"] == len(only_exam) == pace


@pytest.mark.parametrize("action", ["bury", "give away"])
def test_a_new_card_left_out_today_is_replaced_within_its_exams_pace(
        tmp_path: Path, action: str) -> None:
    """Three new cards a day for the exam's deck, the rest of six for the other: a new card
    buried (or given away by a card shown) is replaced by the next one the exam's pace
    allows, so the pace is not broken and no new card is left when the session says it is
    complete."""
    deck = basic_deck("a", 30)
    if action == "give away":   # c0 and c5, among today's three, show each other's answer
        deck = deck.replace("    a: answer 0\n", "    a: answer 0\n    explain: answer 5\n")
        deck = deck.replace("    a: answer 5\n", "    a: answer 5\n    explain: answer 0\n")
    write(tmp_path, "a.yaml", deck)
    write(tmp_path, "b.yaml", basic_deck("b", 30))
    config(tmp_path, 'new_per_day = 6\n[[exam]]\nname = "x"\ndate = 2026-03-18\n'
                     'decks = ["a"]\n')
    clock = Clock(NOON)
    with opened(tmp_path) as collection:
        given = collection.availability(collection.select(), clock()).new
        assert Counter(deck for deck, _ in given) == Counter({"a": 3, "b": 3})
        session = collection.study(collection.select(), clock=clock)
        introduced: Counter[str] = Counter()
        buried = False
        while session.current is not None:
            card = session.current
            if action == "bury" and not buried and card.deck == "b":
                buried = True
                session.bury()
                continue
            if collection.store.state_of(card.deck, card.id).is_new:
                introduced[card.deck] += 1
            session.answer(Rating.GOOD)
        assert introduced["a"] <= 3 and introduced.total() == 6
        assert session.summary().complete
        assert collection.study(collection.select(), clock=clock).current is None
