"""`quiz optimize`: fit personal FSRS parameters to the review log and save them on confirmation."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UsageError

BACKEND_CHOICES = ("fsrs-rs", "fsrs")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "optimize", help="fit personal FSRS parameters to your review log",
        description="Fit FSRS parameters to your reviews (and imported ones), compare them with "
                    "the defaults on the latest 20%% of reviews held out of the fit, show what "
                    "each desired retention costs, and save them to config.toml on "
                    "confirmation.")
    parser.add_argument("--log", metavar="FILE",
                        help="fit to a review-log file (CSV or JSONL) instead of the store")
    parser.add_argument("--since", metavar="DATE", help="only reviews from DATE on")
    parser.add_argument("--apply", "--yes", "-y", dest="apply", action="store_true",
                        help="save the parameters to config.toml without asking")
    parser.add_argument("--optimizer", choices=BACKEND_CHOICES, default=None,
                        help="fsrs-rs (the default when installed) or fsrs (needs torch)")
    return parser


def run(args: argparse.Namespace) -> int:
    from ..locations import config_path

    config = config_path(getattr(args, "config", None))
    reviews = _reviews(args)
    report = _optimize_with_progress(reviews, args.optimizer)
    print(_report_text(report))
    if not _confirmed(args, config):
        print("Not saved. Run `quiz optimize --apply` to save them.")
        return 0
    _save(config, report.fit.parameters)
    print(f"Saved the personal parameters to {config}.")
    return 0


def _reviews(args: argparse.Namespace) -> list:
    """The review log to fit: the --log file, or the store's graded answers and imports."""
    from ..reviewlog import parse_since, read_log

    since = parse_since(args.since) if args.since else None
    if args.log:
        path = Path(args.log)
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
        return list(read_log(path, since=since))
    from ..locations import data_dir
    from ..logstore import stored_reviews
    from ..store import Store

    store = Store.open(data_dir(getattr(args, "data_dir", None)))
    try:
        return list(stored_reviews(store, since))
    finally:
        store.close()


def _optimize_with_progress(reviews: list, backend: str | None):
    from ..optimize import optimize

    if not sys.stderr.isatty():
        return optimize(reviews, backend=backend)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("optimising", total=4)
        started = []

        def stage(name: str) -> None:
            if started:
                progress.advance(task)
            started.append(name)
            progress.update(task, description=name)

        return optimize(reviews, backend=backend, stage=stage)


def _report_text(report) -> str:
    """The held-out comparison, the retention costs and the parameters, as plain text."""
    better = report.personal.log_loss < report.default.log_loss
    lines = [
        f"Fitted to {report.reviews:,} reviews of {report.cards:,} cards with "
        f"{report.fit.backend} in {report.fit.seconds:.2f} s.",
        "",
        "Held-out check: fitted to the first 80% of reviews in time order, scored on the",
        f"{report.heldout:,} later reviews made a day or more after the card's previous one "
        f"(lower is better):",
        f"  {'':10}{'log loss':>10}{'RMSE(bins)':>12}",
        f"  {'default':10}{report.default.log_loss:>10.4f}{report.default.rmse_bins:>12.4f}",
        f"  {'personal':10}{report.personal.log_loss:>10.4f}{report.personal.rmse_bins:>12.4f}",
        "  Personal parameters predict your recall better than the defaults." if better else
        "  Personal parameters do NOT predict your recall better than the defaults: keeping "
        "the defaults is advised.",
        "",
        f"What each desired retention costs with your parameters (simulated: "
        f"{report.cards:,} cards, 365 days):",
        f"  {'retention':>9}{'reviews/day':>13}{'remembered at the end':>24}",
    ]
    for cost in report.costs:
        lines.append(f"  {cost.retention:>9.2f}{cost.reviews_per_day:>13.1f}"
                     f"{cost.remembered:>24,.0f}")
    lines += ["", "Personal parameters (fitted to the whole log):",
              "  " + ", ".join(f"{w:g}" for w in report.fit.parameters)]
    return "\n".join(lines)


def _confirmed(args: argparse.Namespace, config: Path) -> bool:
    if args.apply:
        return True
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    try:
        reply = input(f"Save them to {config}? [y/N] ")
    except EOFError:
        return False
    return reply.strip().lower() in ("y", "yes")


def _save(config: Path, parameters: tuple[float, ...]) -> None:
    """Write `parameters` into config.toml, keeping every other setting."""
    from dataclasses import replace

    from ..config import load_settings, save_settings

    try:
        save_settings(config, replace(load_settings(config), parameters=parameters))
    except OSError as exc:
        raise UsageError(f"cannot write {config}: {exc.strerror or exc}") from None
