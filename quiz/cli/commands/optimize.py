"""`quiz optimize`: fit personal FSRS parameters to the review log and save them on confirmation."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.core.errors import UsageError

if TYPE_CHECKING:
    from quiz.render.i18n import Messages

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
    from quiz.cli.commands.language import messages
    from quiz.cli.open import config_of

    config = config_of(args)
    t = messages(args)
    reviews = _reviews(args)
    report = _optimize_with_progress(reviews, args.optimizer, t)
    print(_report_text(report, t))
    if not _confirmed(args, config, t):
        print(t("optimize.not_saved"))
        return 0
    _save(config, report.fit.parameters)
    print(t("optimize.saved", path=config))
    return 0


def _reviews(args: argparse.Namespace) -> list:
    """The review log to fit: the --log file, or the store's graded answers and imports."""
    from quiz.interchange.log_format import parse_since, read_log

    since = parse_since(args.since) if args.since else None
    if args.log:
        path = Path(args.log)
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
        return list(read_log(path, since=since))
    from quiz.cli.open import open_store
    from quiz.interchange.log_transfer import stored_reviews

    store = open_store(args)
    try:
        return list(stored_reviews(store, since))
    finally:
        store.close()


def _optimize_with_progress(reviews: list, backend: str | None, t: Messages):
    from quiz.cli.progress import progress_bar
    from quiz.stats.optimize import optimize

    with progress_bar(t("optimize.progress"), total=4) as bar:
        started = []

        def stage(name: str) -> None:
            if started:
                bar.advance()
            started.append(name)
            bar.describe(t.text(name))

        return optimize(reviews, backend=backend, stage=stage)


def _report_text(report, t: Messages) -> str:
    """The held-out comparison, the retention costs and the parameters, as plain text."""
    from rich.cells import cell_len

    def row(cells: list[str], widths: tuple[int, ...]) -> str:
        """Cells right-aligned in columns `widths` cells wide (the first left-aligned)."""
        first, *rest = cells
        return "  " + first + " " * (widths[0] - cell_len(first)) + "".join(
            " " * (width - cell_len(cell)) + cell for cell, width in zip(rest, widths[1:]))

    better = report.personal.log_loss < report.default.log_loss
    scores = [["", t("optimize.log_loss"), "RMSE(bins)"],
              [t("optimize.default"), f"{report.default.log_loss:.4f}",
               f"{report.default.rmse_bins:.4f}"],
              [t("optimize.personal"), f"{report.personal.log_loss:.4f}",
               f"{report.personal.rmse_bins:.4f}"]]
    score_widths = (max(cell_len(r[0]) for r in scores) + 2, 10, 12)
    costs = [[t("optimize.col.retention"), t("optimize.col.reviews"),
              t("optimize.col.remembered")],
             *([f"{cost.retention:.2f}", f"{cost.reviews_per_day:.1f}", f"{cost.remembered:,.0f}"]
               for cost in report.costs)]
    cost_widths = tuple(max(cell_len(r[i]) for r in costs) + (0 if i == 0 else 2)
                        for i in range(3))
    lines = [
        t("optimize.fitted", reviews=f"{report.reviews:,}", cards=f"{report.cards:,}",
          backend=report.fit.backend, seconds=f"{report.fit.seconds:.2f}"),
        "",
        t("optimize.heldout", count=f"{report.heldout:,}"),
        *(row(cells, score_widths) for cells in scores),
        "  " + t("optimize.better" if better else "optimize.worse"),
        "",
        t("optimize.costs", cards=f"{report.cards:,}"),
        *(row([" " * (cost_widths[0] - cell_len(cells[0])) + cells[0], *cells[1:]], cost_widths)
          for cells in costs),
        "", t("optimize.parameters"),
        "  " + ", ".join(f"{w:g}" for w in report.fit.parameters)]
    return "\n".join(lines)


def _confirmed(args: argparse.Namespace, config: Path, t: Messages) -> bool:
    if args.apply:
        return True
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    try:
        reply = input(t("optimize.confirm", path=config) + " [y/N] ")
    except EOFError:
        return False
    return reply.strip().lower() in ("y", "yes")


def _save(config: Path, parameters: tuple[float, ...]) -> None:
    """Write `parameters` into config.toml, keeping every other setting."""
    from dataclasses import replace

    from quiz.core.settings import load_settings, save_settings

    try:
        save_settings(config, replace(load_settings(config), parameters=parameters))
    except OSError as exc:
        raise UsageError(f"cannot write {config}: {exc.strerror or exc}") from None
