"""Held-out accuracy of default vs personal FSRS parameters on the sample review log.

Sorts the sample's reviews by time, fits on the first 80%, scores the last 20% (each card's
earlier reviews still build its memory state), and prints log loss, RMSE(bins) and fit time.
Run from the checkout root: python bench/optimize_sample.py [--optimizer fsrs-rs|fsrs] [LOG]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fsrs.scheduler import DEFAULT_PARAMETERS

from quiz.interchange.log_format import read_log
from quiz.stats.optimize import BACKENDS, TRAIN_FRACTION, evaluate, fit, in_time_order

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "review-log-sample.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--optimizer", choices=BACKENDS, default=None)
    args = parser.parse_args()

    started = time.perf_counter()
    reviews = in_time_order(read_log(args.log))
    read_seconds = time.perf_counter() - started
    cut = int(len(reviews) * TRAIN_FRACTION)
    fitted = fit(reviews[:cut], backend=args.optimizer)
    started = time.perf_counter()
    default = evaluate(reviews, DEFAULT_PARAMETERS, scored_from=cut)
    personal = evaluate(reviews, fitted.parameters, scored_from=cut)
    score_seconds = time.perf_counter() - started

    print(f"log: {args.log.name}: {len(reviews):,} reviews of "
          f"{len({r.card_id for r in reviews}):,} cards (read in {read_seconds:.2f} s)")
    print(f"fit on the first {cut:,} reviews ({reviews[cut - 1].review_time:%Y-%m-%d} and "
          f"before); scored {personal.count:,} cross-day reviews after them")
    print(f"{'':10}{'log loss':>10}{'RMSE(bins)':>12}")
    print(f"{'default':10}{default.log_loss:>10.4f}{default.rmse_bins:>12.4f}")
    print(f"{'personal':10}{personal.log_loss:>10.4f}{personal.rmse_bins:>12.4f}")
    print(f"fit time: {fitted.seconds:.3f} s ({fitted.backend}); scoring both: "
          f"{score_seconds:.2f} s")
    print("personal parameters: " + ", ".join(f"{w:g}" for w in fitted.parameters))
    return 0


if __name__ == "__main__":
    sys.exit(main())
