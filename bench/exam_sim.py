"""A simulated learner studying toward an exam 60 days ahead: plain FSRS at 0.90 and 0.95
against exam mode at 0.90, in one run with a fixed seed.

The learner's true memory follows FSRS with the personal parameters fitted (by
`quiz.stats.optimize.fit`) to the sample review log. The cards are the bundled decks' plus 2,000
synthetic ones. Every study day the learner takes the day's new cards and answers every card
due that day; the exam day itself is spent sitting the exam. A review is recalled with the card's
true predicted recall at that moment and answered Good, else Again; learning and relearning
steps are answered Good; a new card's first grade is drawn with the log's own first-grade
shares. Each card draws from its own random stream, and the exam-day draw of each card is the
same in every mode, so the modes differ by their schedules, not by luck.

- (a), (b): plain FSRS with fsrs's own fuzz, new cards at the pace
  `quiz.study.exam_date.new_cards_needed` asks for on the first day, until all are seen.
- (c): exam mode: quiz's own scheduler, `quiz.study.scheduler.Scheduler` (fsrs without fuzz,
  then the planner: intervals cut for the exam, fuzz with load balancing, the exam day kept
  free), and new cards paced by `quiz.study.exam_date.new_cards_today`.
- (d): (c) with easy days (Sunday at 0.5) and the Chinese working calendar.
- (e): (c) with the exam's own `retention = 0.95`: every card that would be below 0.95 on the
  exam day is cut (FSRS still schedules at 0.90).

Readiness is predicted by `quiz.study.plan.exam_plan` on the first day, after 30 days and on
the day before the exam, each mode with its own schedule and the log's first-grade shares. Run
from the checkout root:

    python bench/exam_sim.py [--log CSV] [--seed N] [--prune P]
"""

from __future__ import annotations

import argparse
import heapq
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import fsrs  # noqa: E402

from quiz.core.calendar import Exam, WorkingCalendar, parse_easy_days
from quiz.core.card_state import CardState, Phase, Rating
from quiz.core.memory import curve, days_between, retrievability
from quiz.core.settings import Settings
from quiz.decks.discover import find_deck_files
from quiz.decks.reader import load_decks
from quiz.interchange.log_format import read_log
from quiz.stats.optimize import fit, in_time_order
from quiz.study.exam_date import exam_start, new_cards_needed, new_cards_today
from quiz.study.plan import PRUNE, PlanCard, exam_plan
from quiz.study.scheduler import Scheduler, fsrs_scheduler
from quiz.study.workload import DayLoad

SAMPLE = REPO / "tests" / "data" / "review-log-sample.csv"
SYNTHETIC = 2000
EXAM_DAYS = 60
AFTER_DAYS = 30
PREDICT_ON = (0, 30, EXAM_DAYS - 1)
DAY_STARTS_AT = 4
TZ = ZoneInfo("Asia/Shanghai")
FIRST_DAY = date(2026, 9, 1)


@dataclass(frozen=True)
class Mode:
    key: str
    label: str
    retention: float
    exam: bool
    easy_days: dict[str, float] = field(default_factory=dict)
    calendar: str | None = None
    target: float | None = None          # recall wanted on the exam day, if not `retention`


MODES = (Mode("a", "plain FSRS 0.90", 0.90, False), Mode("b", "plain FSRS 0.95", 0.95, False),
         Mode("c", "exam mode 0.90", 0.90, True),
         Mode("d", "(c) + easy_days sun = 0.5, calendar CN", 0.90, True, {"sun": 0.5}, "CN"),
         Mode("e", "(c) with the exam's retention = 0.95", 0.90, True, target=0.95))


@dataclass
class Result:
    mode: Mode
    recalled: float = 0.0                  # fraction of cards recalled when asked on the day
    expected: float = 0.0                  # mean true recall probability on the exam day
    predicted: dict[int, float] = field(default_factory=dict)
    predicted_reviews: float = 0.0         # expected reviews before the exam, seen on day 0
    plan_seconds: float = 0.0              # time the three predictions took
    reviews: int = 0                       # answers to cards in review, before the exam
    answers: int = 0                       # every answer before the exam
    per_day: Counter[int] = field(default_factory=Counter)          # answers
    reviews_on: Counter[int] = field(default_factory=Counter)       # answers to cards in review
    new_per_day: Counter[int] = field(default_factory=Counter)
    unseen_at_exam: int = 0
    cut: int = 0


@dataclass
class SimCard:
    deck: str
    stream: random.Random
    exam_draw: float
    card: fsrs.Card | None = None


def first_grade_shares(reviews) -> list[float]:
    """Shares of Again, Hard, Good and Easy among the first answers to each card in the log."""
    seen: set[int] = set()
    counts = [0] * 4
    for review in reviews:
        if review.card_id not in seen:
            seen.add(review.card_id)
            counts[review.rating - 1] += 1
    return [count / sum(counts) for count in counts]


def bundled_cards() -> list[str]:
    """The deck slug of each card of the bundled decks."""
    loaded = load_decks(find_deck_files([REPO / "decks"]), today=FIRST_DAY)
    return [deck.slug for deck in loaded.decks for _ in deck.cards]


def state_of(card: fsrs.Card | None) -> CardState:
    if card is None:
        return CardState()
    return CardState(phase=Phase(int(card.state)), step=card.step, stability=card.stability,
                     difficulty=card.difficulty, due=card.due, last_review=card.last_review)


def to_card(state: CardState, card_id: int) -> fsrs.Card:
    return fsrs.Card(card_id=card_id, state=fsrs.State(int(state.phase)), step=state.step,
                     stability=state.stability, difficulty=state.difficulty, due=state.due,
                     last_review=state.last_review)


def run(mode: Mode, decks: list[str], parameters: tuple[float, ...], first: list[float],
        seed: int, new_per_day: int, prune: float = PRUNE) -> Result:
    random.seed(f"{seed}:fuzz:{mode.key}")      # fsrs's own fuzz draws from `random`
    exam = Exam("sim", FIRST_DAY + timedelta(days=EXAM_DAYS), retention=mode.target)
    exam_at = exam_start(exam.date, DAY_STARTS_AT, TZ).astimezone(UTC)
    shape = curve(parameters)
    fuzzing = fsrs.Scheduler(parameters, mode.retention, enable_fuzzing=True)
    settings = Settings(desired_retention=mode.retention, parameters=parameters,
                        day_starts_at=DAY_STARTS_AT, exams=(exam,),
                        easy_days=parse_easy_days(mode.easy_days), calendar=mode.calendar)
    exact = fsrs_scheduler(settings)
    draws = random.Random(f"{seed}:planner")
    # quiz's own scheduler: fsrs without fuzz, then the planner (the exam cut, fuzz with load
    # balancing over the reviews already due, easy days, the exam day kept free).
    scheduler = Scheduler(settings, tz=TZ, load=DayLoad(), draw=draws.random)
    planner = scheduler.planner
    cards = [SimCard(deck, random.Random(f"{seed}:card:{index}"),
                     random.Random(f"{seed}:exam:{index}").random())
             for index, deck in enumerate(decks)]
    unseen = list(range(len(cards)))
    unseen.reverse()                            # introduced in deck order: pop from the end
    result = Result(mode)

    def answer(index: int, when: datetime) -> None:
        sim = cards[index]
        card = sim.card
        if card.state == fsrs.State.Review:
            recall = retrievability(days_between(card.last_review, when), card.stability, shape)
            rating = fsrs.Rating.Good if sim.stream.random() < recall else fsrs.Rating.Again
        elif card.last_review is None:
            rating = fsrs.Rating(1 + _pick(first, sim.stream.random()))
        else:
            rating = fsrs.Rating.Good
        if not mode.exam:
            after, _ = fuzzing.review_card(card, rating, when)
        else:
            proposal, _ = exact.review_card(card, rating, when)
            if proposal.state == fsrs.State.Review:      # counted only: Scheduler cuts it again
                result.cut += planner.window((proposal.due - when).days, deck=sim.deck,
                                             now=when, stability=proposal.stability).cut
            state, _ = scheduler.review(state_of(card), Rating(int(rating)), when,
                                        card_id=index, deck=sim.deck)
            after = to_card(state, index)
        sim.card = after

    for day in range(EXAM_DAYS + AFTER_DAYS):
        start = exam_start(FIRST_DAY + timedelta(days=day), DAY_STARTS_AT, TZ).astimezone(
            UTC)
        end = start + timedelta(days=1)
        if day in PREDICT_ON:
            timed = time.perf_counter()
            plan = exam_plan([PlanCard(sim.deck, state_of(sim.card)) for sim in cards], exam,
                             now=start, scheduler=exact, new_per_day=new_per_day,
                             day_starts_at=DAY_STARTS_AT, tz=TZ, exam_mode=mode.exam,
                             target=mode.target, prune=prune, first_grades=first)
            result.plan_seconds += time.perf_counter() - timed
            result.predicted[day] = plan.total.readiness
            if day == 0:
                result.predicted_reviews = sum(value for _, value in plan.reviews)
        if day == EXAM_DAYS:
            recalls = [0.0 if sim.card is None or sim.card.last_review is None else
                       retrievability(days_between(sim.card.last_review, exam_at),
                                      sim.card.stability, shape) for sim in cards]
            result.expected = sum(recalls) / len(cards)
            result.recalled = sum(sim.exam_draw < recall
                                  for sim, recall in zip(cards, recalls)) / len(cards)
            result.unseen_at_exam = len(unseen)
            continue                            # the exam day: no study
        due = [(sim.card.due, index) for index, sim in enumerate(cards)
               if sim.card is not None and sim.card.due < end]
        if mode.exam and day < EXAM_DAYS:
            limit = new_cards_today(len(unseen), FIRST_DAY + timedelta(days=day), exam,
                                    new_per_day)
        else:
            limit = new_per_day
        for _ in range(min(limit, len(unseen))):
            index = unseen.pop()
            cards[index].card = fsrs.Card(card_id=index, due=start)
            due.append((start, index))
            result.new_per_day[day] += 1
        heapq.heapify(due)
        while due:
            moment, index = heapq.heappop(due)
            was_review = cards[index].card.state == fsrs.State.Review
            answer(index, max(moment, start))
            result.per_day[day] += 1
            result.reviews_on[day] += was_review
            if day < EXAM_DAYS:
                result.answers += 1
                result.reviews += was_review
            if cards[index].card.due < end:
                heapq.heappush(due, (cards[index].card.due, index))
    return result


def workload_table(results: list[Result]) -> str:
    """Mean reviews (answers to cards in review) a day by kind of day, from day 14 to the exam's
    eve: usual days, Sundays, public holidays and days off in lieu, 调休 working weekend days."""
    calendar = WorkingCalendar("CN")
    kinds: dict[str, list[int]] = {"usual day": [], "Sunday": [], "holiday": [],
                                   "make-up working day": []}
    for day in range(14, EXAM_DAYS):
        moment = FIRST_DAY + timedelta(days=day)
        if calendar.is_makeup_workday(moment):
            kinds["make-up working day"].append(day)
        elif calendar.is_day_off(moment):
            kinds["holiday"].append(day)
        elif moment.weekday() == 6:
            kinds["Sunday"].append(day)
        elif moment.weekday() < 5:
            kinds["usual day"].append(day)
    lines = ["| mode | " + " | ".join(f"{kind} ({len(days)})" for kind, days in kinds.items())
             + " |", "| --- |" + " --- |" * len(kinds)]
    for result in results:
        means = [sum(result.reviews_on[day] for day in days) / len(days) for days in kinds.values()]
        lines.append(f"| ({result.mode.key}) | " + " | ".join(f"{mean:.0f}" for mean in means)
                     + " |")
    return "\n".join(lines)


def _pick(shares: list[float], u: float) -> int:
    for index, share in enumerate(shares):
        u -= share
        if u < 0:
            return index
    return len(shares) - 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path, default=SAMPLE)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--prune", type=float, default=PRUNE,
                        help="the plan's pruning of unlikely outcomes (quiz.study.plan.PRUNE)")
    args = parser.parse_args()

    started = time.perf_counter()
    reviews = in_time_order(read_log(args.log))
    fitted = fit(reviews)
    first = first_grade_shares(reviews)
    decks = bundled_cards()
    bundled = len(decks)
    decks += ["synthetic"] * SYNTHETIC
    exam_date = FIRST_DAY + timedelta(days=EXAM_DAYS)
    new_per_day = new_cards_needed(len(decks), FIRST_DAY, Exam("sim", exam_date))
    print(f"personal parameters fitted to {args.log.name} ({len(reviews):,} reviews, "
          f"{fitted.backend}); first grades Again/Hard/Good/Easy "
          + "/".join(f"{share:.2f}" for share in first))
    print(f"{len(decks):,} cards ({bundled} bundled + {SYNTHETIC:,} synthetic); exam on day "
          f"{EXAM_DAYS}; new cards a day: {new_per_day}; seed {args.seed}")
    results = [run(mode, decks, fitted.parameters, first, args.seed, new_per_day, args.prune)
               for mode in MODES]
    print()
    print("| mode | exam-day recall (drawn) | expected | predicted day 0 / 30 / 59 "
          "| reviews | answers | busiest day | after the exam: day +1 / busiest |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for result in results:
        before = [result.per_day[day] for day in range(EXAM_DAYS)]
        after = [result.per_day[day] for day in range(EXAM_DAYS + 1, EXAM_DAYS + AFTER_DAYS)]
        busiest = max(range(EXAM_DAYS), key=lambda day: before[day])
        predicted = " / ".join(f"{result.predicted[day]:.3f}" for day in PREDICT_ON)
        print(f"| ({result.mode.key}) {result.mode.label} | {result.recalled:.3f} "
              f"| {result.expected:.3f} | {predicted} | {result.reviews:,} "
              f"| {result.answers:,} | {before[busiest]} (day {busiest}) "
              f"| {after[0]} / {max(after)} |")
    a, b, c = results[:3]
    print()
    print(workload_table(results[2:4]))
    print()
    print("intervals cut for the exam: " + ", ".join(
        f"({r.mode.key}) {r.cut:,}" for r in results if r.mode.exam)
          + "; cards unseen on the exam day: "
          + ", ".join(f"({r.mode.key}) {r.unseen_at_exam}" for r in results)
          + "; answers on the exam's eve: "
          + ", ".join(f"({r.mode.key}) {r.per_day[EXAM_DAYS - 1]}" for r in results))
    print(f"reviews before the exam, expected on day 0 (prune {args.prune:g}) / simulated: "
          + ", ".join(f"({r.mode.key}) {r.predicted_reviews:,.0f} / {r.reviews:,}"
                      for r in results)
          + "; time of the three predictions: "
          + ", ".join(f"({r.mode.key}) {r.plan_seconds:.1f} s" for r in results))
    goals = [
        ("(c) recall >= 0.90", c.recalled >= 0.90),
        ("(c) recall >= (a)", c.recalled >= a.recalled),
        ("(c) reviews < (b)", c.reviews < b.reviews),
        ("(c) predicted the day before within 0.02",
         abs(c.predicted[EXAM_DAYS - 1] - c.recalled) <= 0.02),
    ]
    for name, met in goals:
        print(f"goal {name}: {'met' if met else 'NOT met'}")
    print(f"run time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
