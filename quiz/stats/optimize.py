"""Personal FSRS parameters from a review log: fit, score against the defaults, price retention.

Days are whole 24-hour periods since the card's previous review, as `fsrs.Scheduler` counts
them; a review less than a day after the previous one is a same-day review. Same-day reviews
update the memory state through FSRS's short-term stability formula but are never scored,
exactly as the `fsrs` package's own optimiser treats them. The fit uses the Rust optimiser
(`fsrs-rs-python`), or the `fsrs` package's torch optimiser when the Rust one is not installed.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from quiz.core.errors import QuizError
from quiz.core.message import Message
from quiz.interchange.log_format import LoggedReview

# The fit needs this many scored reviews (a day or more after the card's previous review) in
# the whole log. The 80% fitting part then holds at least 800 — more than one 512-review
# mini-batch, below which the fsrs package's optimiser returns the defaults unchanged — and the
# held-out 20% at least 200, enough for the default-vs-personal comparison to mean something.
MIN_REVIEWS = 1000
TRAIN_FRACTION = 0.8
RETENTION_TARGETS = (0.80, 0.85, 0.90, 0.95)
SIMULATION_DAYS = 365
SIMULATION_SEED = 2024
PROBABILITY_EPSILON = 1e-15
BACKENDS = ("fsrs-rs", "fsrs")


class NotEnoughReviews(QuizError):
    """The log is too small for a fit that could beat the default parameters."""


@dataclass(frozen=True, slots=True)
class Prediction:
    """One scored review: predicted recall, the outcome, and the benchmark's binning features."""

    recall: float          # predicted probability of recall, before the review
    passed: bool           # Hard, Good or Easy
    elapsed_days: int      # whole days since the card's previous review (≥ 1)
    review_number: int     # 1 + cross-day reviews so far, this one included (the benchmark's i)
    lapses: int            # earlier cross-day Again answers of this card


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How well a parameter set predicts recall on a set of reviews."""

    log_loss: float
    rmse_bins: float
    count: int


@dataclass(frozen=True, slots=True)
class Fit:
    """Fitted parameters and what produced them."""

    parameters: tuple[float, ...]
    backend: str
    seconds: float


@dataclass(frozen=True, slots=True)
class RetentionCost:
    """What one desired retention costs over the simulated horizon."""

    retention: float
    reviews_per_day: float
    remembered: float      # expected number of cards remembered on the last day


@dataclass(frozen=True, slots=True)
class Report:
    """Everything `quiz optimize` shows: held-out scores, the parameters to save, retention
    costs."""

    reviews: int
    cards: int
    heldout: int
    default: Evaluation
    personal: Evaluation
    fit: Fit               # on the whole log: the parameters to save
    heldout_fit: Fit       # on the first 80%: the parameters scored on the last 20%
    costs: tuple[RetentionCost, ...]


def in_time_order(reviews: Iterable[LoggedReview]) -> list[LoggedReview]:
    """Reviews sorted by time (stable, so equal times keep their file order)."""
    return sorted(reviews, key=lambda review: review.review_time)


def scored_review_count(reviews: Sequence[LoggedReview]) -> int:
    """How many reviews come a day or more after their card's previous review."""
    last_seen: dict[int, LoggedReview] = {}
    count = 0
    for review in in_time_order(reviews):
        previous = last_seen.get(review.card_id)
        if previous is not None and (review.review_time - previous.review_time).days > 0:
            count += 1
        last_seen[review.card_id] = review
    return count


def predict(reviews: Sequence[LoggedReview], parameters: Sequence[float], *,
            scored_from: int = 0) -> list[Prediction]:
    """Replay every card with `fsrs.Scheduler`, predicting each cross-day review at index
    ≥ scored_from.

    `reviews` must be in time order; earlier reviews still build each card's memory state.
    """
    scheduler = Scheduler(parameters=tuple(parameters), enable_fuzzing=False)
    by_card: dict[int, list[tuple[int, LoggedReview]]] = defaultdict(list)
    for index, review in enumerate(reviews):
        by_card[review.card_id].append((index, review))
    predictions: list[Prediction] = []
    for card_id, history in by_card.items():
        card = Card(card_id=card_id, due=history[0][1].review_time)
        cross_day = lapses = 0
        for index, review in history:
            if card.last_review is not None:
                elapsed = (review.review_time - card.last_review).days
                if elapsed > 0:
                    cross_day += 1
                    if index >= scored_from:
                        recall = scheduler.get_card_retrievability(card, review.review_time)
                        predictions.append(Prediction(recall, review.rating > 1, elapsed,
                                                      cross_day + 1, lapses))
                    lapses += review.rating == 1
            card, _ = scheduler.review_card(card, Rating(review.rating), review.review_time)
    return predictions


def log_loss(predictions: Sequence[Prediction]) -> float:
    """Mean binary cross-entropy of predicted recall against the outcome (p clipped to 1e-15)."""
    if not predictions:
        raise ValueError("no predictions to score")
    total = 0.0
    for prediction in predictions:
        p = min(max(prediction.recall, PROBABILITY_EPSILON), 1 - PROBABILITY_EPSILON)
        total -= math.log(p) if prediction.passed else math.log(1 - p)
    return total / len(predictions)


def rmse_bins(predictions: Sequence[Prediction]) -> float:
    """RMSE(bins) as the FSRS benchmark (srs-benchmark `rmse_matrix`) defines it.

    Reviews are grouped by three log-scale bins — elapsed days (base 3.62), review number
    (base 1.89) and earlier lapses (base 1.73, with 0 lapses a bin of its own); within each bin
    the mean outcome is compared with the mean prediction, and the squared gaps are averaged
    weighted by the number of reviews in each bin.
    """
    if not predictions:
        raise ValueError("no predictions to score")
    bins: dict[tuple[int, int, int | None], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for prediction in predictions:
        key = (_log_bin(max(prediction.elapsed_days, 1e-6), 3.62),
               _log_bin(prediction.review_number, 1.89),
               _log_bin(prediction.lapses, 1.73) if prediction.lapses else None)
        sums = bins[key]
        sums[0] += prediction.passed
        sums[1] += prediction.recall
        sums[2] += 1
    squared = sum((passed / n - recall / n) ** 2 * n for passed, recall, n in bins.values())
    return math.sqrt(squared / len(predictions))


def _log_bin(value: float, base: float) -> int:
    return math.floor(math.log(value) / math.log(base))


def _too_few(needed: int, scored: int) -> NotEnoughReviews:
    return NotEnoughReviews(Message(
        "optimize.too_few", "optimising needs at least {needed} reviews made a day or more after "
        "the card's previous review; this log has {scored}", needed=needed, scored=scored))


def evaluate(reviews: Sequence[LoggedReview], parameters: Sequence[float], *,
             scored_from: int = 0) -> Evaluation:
    """Log loss and RMSE(bins) of `parameters` on the cross-day reviews at index ≥ scored_from."""
    predictions = predict(reviews, parameters, scored_from=scored_from)
    if not predictions:
        raise NotEnoughReviews(Message("optimize.nothing_to_score", "no review a day or more "
                                       "after its card's previous one to score"))
    return Evaluation(log_loss(predictions), rmse_bins(predictions), len(predictions))


def fit(reviews: Sequence[LoggedReview], *, backend: str | None = None,
        min_reviews: int = MIN_REVIEWS) -> Fit:
    """Fit FSRS parameters to a time-ordered log with the Rust optimiser, else the fsrs
    package's."""
    scored = scored_review_count(reviews)
    if scored < min_reviews:
        raise _too_few(min_reviews, scored)
    backend = backend or available_backend()
    started = time.perf_counter()
    if backend == "fsrs-rs":
        raw = _fit_fsrs_rs(reviews)
    elif backend == "fsrs":
        raw = _fit_fsrs_torch(reviews)
    else:
        raise QuizError(f"unknown optimiser {backend!r} (use {' or '.join(BACKENDS)})")
    return Fit(valid_parameters(raw), backend, time.perf_counter() - started)


def available_backend() -> str:
    """The optimiser to use: the Rust one if installed, else the fsrs package's torch one."""
    try:
        import fsrs_rs_python  # noqa: F401
        return "fsrs-rs"
    except ImportError:
        pass
    if _torch_optimizer_installed():
        return "fsrs"
    raise QuizError(Message("optimize.no_optimiser", "no FSRS optimiser is installed: pip "
                            "install fsrs-rs-python"))


def _torch_optimizer_installed() -> bool:
    """Whether the fsrs package's Optimizer is real (its extra, torch and pandas, installed)."""
    from fsrs import optimizer

    return hasattr(optimizer.Optimizer, "compute_optimal_parameters")


def valid_parameters(raw: Sequence[float]) -> tuple[float, ...]:
    """Parameters rounded to 4 decimals and clamped into the bounds `fsrs.Scheduler` accepts."""
    if len(raw) != len(DEFAULT_PARAMETERS):
        raise QuizError(f"the optimiser returned {len(raw)} parameters, expected "
                        f"{len(DEFAULT_PARAMETERS)}")
    return tuple(min(max(round(float(value), 4), low), high) for value, low, high
                 in zip(raw, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS))


def _fit_fsrs_rs(reviews: Sequence[LoggedReview]) -> list[float]:
    """Fit with fsrs-rs: one training item per cross-day review, holding the card's history."""
    from fsrs_rs_python import DEFAULT_PARAMETERS as RS_DEFAULTS
    from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

    by_card: dict[int, list[LoggedReview]] = defaultdict(list)
    for review in reviews:
        by_card[review.card_id].append(review)
    dated_items = []
    for history in by_card.values():
        steps = []
        previous = history[0].review_time
        for review in history:
            elapsed = (review.review_time - previous).days
            steps.append(FSRSReview(review.rating, elapsed))
            if elapsed > 0:
                dated_items.append((review.review_time, FSRSItem(list(steps))))
            previous = review.review_time
    dated_items.sort(key=lambda pair: pair[0])
    return FSRS(RS_DEFAULTS).compute_parameters([item for _, item in dated_items])


def _fit_fsrs_torch(reviews: Sequence[LoggedReview]) -> list[float]:
    """Fit with the fsrs package's Optimizer (needs torch; slow: minutes on ten thousand
    reviews)."""
    from fsrs import Optimizer, ReviewLog

    if not _torch_optimizer_installed():
        raise QuizError(Message("optimize.torch", 'the fsrs optimiser needs its extra: pip '
                                'install "fsrs[optimizer]"'))
    logs = [ReviewLog(card_id=review.card_id, rating=Rating(review.rating),
                      review_datetime=review.review_time, review_duration=review.duration_ms)
            for review in reviews]
    return Optimizer(logs).compute_optimal_parameters()


def retention_costs(parameters: Sequence[float], reviews: Sequence[LoggedReview], *,
                    targets: Sequence[float] = RETENTION_TARGETS, days: int = SIMULATION_DAYS,
                    seed: int = SIMULATION_SEED) -> tuple[RetentionCost, ...]:
    """Simulate the learner's cards for `days` at each desired retention (fsrs-rs simulator).

    The simulated collection has as many cards as the log, introduced at the learner's own pace
    (cards first seen per day of the log's span), first grades and passing grades drawn with the
    learner's own frequencies, and no daily limits; everything else is the simulator's default.
    The same seed gives the same table.
    """
    from fsrs_rs_python import default_simulator_config, simulate

    config = default_simulator_config()
    config.deck_size = max(len({review.card_id for review in reviews}), 1)
    config.learn_span = days
    config.learn_limit = _new_cards_per_day(reviews)
    config.max_cost_perday = math.inf
    first, passing = _grade_frequencies(reviews)
    if first is not None:
        config.first_rating_prob = first
    if passing is not None:
        config.review_rating_prob = passing
    costs = []
    for retention in targets:
        result = simulate(list(parameters), retention, config, seed)
        costs.append(RetentionCost(retention, sum(result.review_cnt_per_day) / days,
                                   result.memorized_cnt_per_day[-1]))
    return tuple(costs)


def _new_cards_per_day(reviews: Sequence[LoggedReview]) -> int:
    """Cards first reviewed per day over the log's span, rounded up (at least 1)."""
    if not reviews:
        return 1
    first_seen = {}
    for review in reviews:
        first_seen.setdefault(review.card_id, review.review_time)
    span = (max(first_seen.values()) - min(first_seen.values())).days + 1
    return max(math.ceil(len(first_seen) / span), 1)


def _grade_frequencies(reviews: Sequence[LoggedReview]) -> tuple[list[float] | None,
                                                                  list[float] | None]:
    """Shares of first grades (Again…Easy) and of cross-day passing grades (Hard, Good, Easy).

    Each is None when the log has fewer than 100 such answers, leaving the simulator's default.
    """
    first_counts = [0] * 4
    passing_counts = [0] * 3
    last_seen: dict[int, LoggedReview] = {}
    for review in in_time_order(reviews):
        previous = last_seen.get(review.card_id)
        if previous is None:
            first_counts[review.rating - 1] += 1
        elif review.rating > 1 and (review.review_time - previous.review_time).days > 0:
            passing_counts[review.rating - 2] += 1
        last_seen[review.card_id] = review

    def shares(counts: list[int]) -> list[float] | None:
        total = sum(counts)
        return [count / total for count in counts] if total >= 100 else None

    return shares(first_counts), shares(passing_counts)


def optimize(reviews: Iterable[LoggedReview], *, backend: str | None = None,
             min_reviews: int = MIN_REVIEWS, seed: int = SIMULATION_SEED,
             stage: Callable[[str], None] | None = None) -> Report:
    """Fit on the first 80% of the log in time order, score default vs personal on the last 20%,
    refit on the whole log, and price the retention targets with the refitted parameters.

    `stage` is told what each step does (a Message) as it starts, for a progress display.
    """
    def step(name: Message) -> None:
        if stage is not None:
            stage(name)

    ordered = in_time_order(reviews)
    cut = int(len(ordered) * TRAIN_FRACTION)
    scored = scored_review_count(ordered)
    if scored < min_reviews:
        raise _too_few(min_reviews, scored)
    step(Message("optimize.stage.fit_heldout", "fitting on the first 80%"))
    heldout_fit = fit(ordered[:cut], backend=backend, min_reviews=0)
    step(Message("optimize.stage.score", "scoring the last 20%"))
    default = evaluate(ordered, DEFAULT_PARAMETERS, scored_from=cut)
    personal = evaluate(ordered, heldout_fit.parameters, scored_from=cut)
    step(Message("optimize.stage.fit_all", "fitting on the whole log"))
    full_fit = fit(ordered, backend=backend, min_reviews=0)
    step(Message("optimize.stage.simulate", "simulating retention targets"))
    costs = retention_costs(full_fit.parameters, ordered, seed=seed)
    return Report(reviews=len(ordered), cards=len({r.card_id for r in ordered}),
                  heldout=personal.count, default=default, personal=personal, fit=full_fit,
                  heldout_fit=heldout_fit, costs=costs)
