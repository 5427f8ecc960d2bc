"""Personal FSRS parameters: metrics on hand-computed cases, replay, the fit on the sample,
costs."""

from __future__ import annotations

import math
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from quiz.interchange.log_format import LoggedReview, read_log
from quiz.stats.optimize import (
    NotEnoughReviews,
    Prediction,
    evaluate,
    fit,
    in_time_order,
    log_loss,
    optimize,
    predict,
    retention_costs,
    rmse_bins,
    scored_review_count,
    valid_parameters,
)

SAMPLE = Path(__file__).parent / "data" / "review-log-sample.csv"
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def sample() -> list[LoggedReview]:
    return in_time_order(read_log(SAMPLE))


@pytest.fixture(scope="module")
def sample_report(sample):
    return optimize(sample)


def review(card: int, after: timedelta, rating: int) -> LoggedReview:
    return LoggedReview(card, T0 + after, rating)


def test_log_loss_on_a_hand_computed_case() -> None:
    predictions = [Prediction(0.9, True, 1, 2, 0), Prediction(0.9, False, 1, 2, 0),
                   Prediction(0.5, True, 10, 3, 0)]
    expected = -(math.log(0.9) + math.log(0.1) + math.log(0.5)) / 3
    assert log_loss(predictions) == pytest.approx(expected)
    assert log_loss(predictions) == pytest.approx(1.033697, abs=1e-6)


def test_log_loss_clips_certain_predictions() -> None:
    assert log_loss([Prediction(0.0, True, 1, 2, 0)]) == pytest.approx(-math.log(1e-15))
    assert log_loss([Prediction(1.0, True, 1, 2, 0)]) == pytest.approx(0, abs=1e-12)


def test_rmse_bins_on_a_hand_computed_case() -> None:
    # Bin A: 1 day, review 2, no lapse: outcomes 1 and 0 (mean 0.5) against 0.9 → gap 0.4, n 2.
    # Bin B: 10 days (3.62¹ ≤ 10 < 3.62²), review 3: outcome 1 against 0.5 → gap 0.5, n 1.
    predictions = [Prediction(0.9, True, 1, 2, 0), Prediction(0.9, False, 1, 2, 0),
                   Prediction(0.5, True, 10, 3, 0)]
    assert rmse_bins(predictions) == pytest.approx(math.sqrt((2 * 0.4**2 + 0.5**2) / 3))
    assert rmse_bins(predictions) == pytest.approx(0.435890, abs=1e-6)


def test_rmse_bins_follows_the_benchmark_bin_edges() -> None:
    def one_bin(*predictions: Prediction) -> bool:
        # Within one bin the errors average out: outcomes 1 and 0 against 0.5 give 0.
        return rmse_bins(list(predictions)) == pytest.approx(0)

    assert one_bin(Prediction(0.5, True, 4, 2, 0), Prediction(0.5, False, 13, 2, 0))
    assert not one_bin(Prediction(0.5, True, 3, 2, 0), Prediction(0.5, False, 4, 2, 0))
    assert one_bin(Prediction(0.5, True, 1, 2, 0), Prediction(0.5, False, 1, 3, 0))
    assert not one_bin(Prediction(0.5, True, 1, 3, 0), Prediction(0.5, False, 1, 4, 0))
    assert not one_bin(Prediction(0.5, True, 1, 2, 0), Prediction(0.5, False, 1, 2, 1))
    assert one_bin(Prediction(0.5, True, 1, 2, 3), Prediction(0.5, False, 1, 2, 5))
    assert not one_bin(Prediction(0.5, True, 1, 2, 1), Prediction(0.5, False, 1, 2, 2))


def test_metrics_refuse_an_empty_set() -> None:
    with pytest.raises(ValueError):
        log_loss([])
    with pytest.raises(ValueError):
        rmse_bins([])


def test_replay_scores_only_cross_day_reviews_and_counts_lapses() -> None:
    log = [review(1, timedelta(0), 1),                      # first: no prediction
           review(1, timedelta(minutes=10), 3),             # same day: state only
           review(1, timedelta(days=2), 1),                 # scored, then a lapse
           review(1, timedelta(days=2, minutes=10), 3),     # same day again
           review(1, timedelta(days=3, hours=12), 3)]       # scored: 1 day after (24 h floor)
    first, second = predict(log, DEFAULT_PARAMETERS)
    assert (first.elapsed_days, first.review_number, first.lapses, first.passed) == (1, 2, 0, False)
    assert (second.elapsed_days, second.review_number, second.lapses, second.passed) == \
        (1, 3, 1, True)


def test_replay_prediction_matches_the_fsrs_formula() -> None:
    w = DEFAULT_PARAMETERS
    [prediction] = predict([review(1, timedelta(0), 3), review(1, timedelta(days=3), 3)], w)
    decay = -w[20]
    factor = 0.9 ** (1 / decay) - 1
    assert prediction.recall == pytest.approx((1 + factor * 3 / w[2]) ** decay)


def test_scored_from_limits_scoring_but_keeps_the_history() -> None:
    log = [review(1, timedelta(0), 3), review(1, timedelta(days=1), 3),
           review(1, timedelta(days=4), 3)]
    everything = predict(log, DEFAULT_PARAMETERS)
    later = predict(log, DEFAULT_PARAMETERS, scored_from=2)
    assert later == everything[1:]


def test_scored_review_count_ignores_first_and_same_day_reviews(sample) -> None:
    log = [review(1, timedelta(0), 3), review(1, timedelta(hours=23), 3),
           review(2, timedelta(days=1), 3), review(1, timedelta(days=1, hours=1), 3),
           review(1, timedelta(days=2, hours=1), 3)]
    assert scored_review_count(log) == 1
    assert scored_review_count(sample) == len(predict(sample, DEFAULT_PARAMETERS))


def test_fit_needs_enough_reviews() -> None:
    log = [review(card, timedelta(days=day), 3) for card in range(20) for day in (0, 1, 3)]
    with pytest.raises(NotEnoughReviews, match="at least 1000 .* this log has 40"):
        fit(log)


def test_valid_parameters_rounds_and_clamps() -> None:
    raw = [x + 1e-7 for x in DEFAULT_PARAMETERS]
    raw[0] = -5.0
    raw[20] = 3.0
    fitted = valid_parameters(raw)
    assert fitted[0] == LOWER_BOUNDS_PARAMETERS[0]
    assert fitted[20] == UPPER_BOUNDS_PARAMETERS[20]
    assert fitted[1:20] == tuple(round(x, 4) for x in DEFAULT_PARAMETERS[1:20])
    with pytest.raises(Exception, match="expected 21"):
        valid_parameters([1.0] * 19)


def test_fit_on_the_sample_gives_valid_parameters(sample_report) -> None:
    for fitted in (sample_report.fit, sample_report.heldout_fit):
        assert fitted.backend == "fsrs-rs"
        assert len(fitted.parameters) == 21
        assert all(low <= value <= high for value, low, high in zip(
            fitted.parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS))
        assert fitted.parameters != tuple(round(x, 4) for x in DEFAULT_PARAMETERS)


def test_personal_parameters_beat_the_defaults_on_held_out_reviews(sample_report, sample) -> None:
    assert sample_report.reviews == 12_580
    assert sample_report.cards == 1_205
    cut = int(12_580 * 0.8)
    assert sample_report.heldout == scored_review_count(sample) - scored_review_count(sample[:cut])
    assert sample_report.personal.log_loss < sample_report.default.log_loss
    assert sample_report.personal.rmse_bins < sample_report.default.rmse_bins


def test_evaluate_matches_the_report(sample_report, sample) -> None:
    cut = int(len(sample) * 0.8)
    again = evaluate(sample, sample_report.heldout_fit.parameters, scored_from=cut)
    assert again == sample_report.personal


def test_retention_costs_are_deterministic_and_monotone(sample_report, sample) -> None:
    costs = sample_report.costs
    assert [c.retention for c in costs] == [0.80, 0.85, 0.90, 0.95]
    per_day = [c.reviews_per_day for c in costs]
    assert per_day == sorted(per_day) and len(set(per_day)) == 4
    assert retention_costs(sample_report.fit.parameters, sample) == costs
    other_seed = retention_costs(sample_report.fit.parameters, sample, seed=7)
    assert other_seed != costs
    assert all(0 < c.remembered <= sample_report.cards for c in costs)


def test_optimize_refuses_a_small_log() -> None:
    log = [review(card, timedelta(days=day), 3) for card in range(5) for day in (0, 2)]
    with pytest.raises(NotEnoughReviews, match="this log has 5"):
        optimize(log)


@pytest.mark.skipif(not os.environ.get("QUIZ_TEST_TORCH"),
                    reason="the torch fallback takes ~30 s: set QUIZ_TEST_TORCH=1 (needs "
                           "fsrs[optimizer]) to run it")
def test_torch_fallback_fits_valid_parameters(sample) -> None:
    cards = sorted({r.card_id for r in sample})[:100]
    subset = [r for r in sample if r.card_id in set(cards)]
    assert scored_review_count(subset) > 512      # below one mini-batch it returns the defaults
    fitted = fit(subset, backend="fsrs", min_reviews=0)
    assert fitted.backend == "fsrs"
    assert len(fitted.parameters) == 21
    assert fitted.parameters != tuple(round(x, 4) for x in DEFAULT_PARAMETERS)
    assert all(low <= value <= high for value, low, high in zip(
        fitted.parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS))
