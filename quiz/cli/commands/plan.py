"""`quiz plan`: readiness for each exam ahead and what it takes, without the TUI."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date, datetime

    from quiz.core.calendar import Exam
    from quiz.render.i18n import Messages
    from quiz.study.collection import Collection
    from quiz.study.plan import ExamPlan

# Below this many cards already studied a plan takes well under a second: no progress bar.
PROGRESS_MIN_CARDS = 500
DEFAULT_NAME = "exam"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "plan", help="show readiness for each exam ahead and what it takes",
        description="For each exam in config.toml ([[exam]]) still ahead, or the one --exam "
                    "names: the days left and, per deck and in total, the cards never studied, "
                    "the readiness (mean recall to expect on the exam day if you keep to the "
                    "schedule), the new cards a day needed to have seen every card "
                    "finish_days before the exam, the reviews a day until then, and a verdict. "
                    "Cards scheduled past an exam set since then are first moved before it.")
    parser.add_argument("deck_names", nargs="*", metavar="DECK",
                        help="only these decks of each exam; with --exam, the exam's decks "
                             "(default: all)")
    parser.add_argument("--exam", metavar="DATE",
                        help="an exam on this date (YYYY-MM-DD) over the DECKs: a preview, "
                             "unless --save")
    parser.add_argument("--name", metavar="NAME",
                        help=f"the --exam's name (default: {DEFAULT_NAME!r})")
    parser.add_argument("--save", action="store_true",
                        help="write the --exam to config.toml (replacing an exam of that name)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from quiz.cli.commands.language import messages
    from quiz.cli.open import open_collection
    from quiz.core import clock
    from quiz.core.errors import QuizError, UsageError

    if args.exam is None and (args.name is not None or args.save):
        raise UsageError(f"{'--name' if args.name is not None else '--save'} goes with "
                         f"--exam DATE")
    now = clock.now()
    with open_collection(args) as collection:
        t = messages(args, collection.settings)
        today = collection.today(now)
        decks = _slugs(collection, args.deck_names)
        if args.exam is not None:
            exam = _named_exam(args, today, decks)
            if args.save:
                _save(args, collection, exam)
                print(t("plan.saved", name=exam.name, date=exam.date.isoformat()),
                      file=sys.stderr if args.json else sys.stdout)
            exams: tuple[Exam, ...] = (exam,)
            decks = None
        else:
            exams = collection.settings.exams
            if not exams:
                raise QuizError(t("plan.no_exam"))
        moved = collection.move_before_exams(now)
        _warn_unknown_decks(collection, exams, t)
        past = [exam for exam in exams if exam.date <= today]
        plans = _plans(collection, [exam for exam in exams if exam.date > today], now, decks,
                       t("plan.progress"))
    if args.json:
        report = {"today": today.isoformat(), "moved": moved,
                  "exams": [plan.to_dict() for plan in plans],
                  "past": [{"exam": exam.name, "date": exam.date.isoformat()} for exam in past]}
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console

    console = Console(highlight=False, emoji=False)
    if moved:
        console.print(t("plan.moved", count=moved))
    for number, plan in enumerate(plans):
        if number or moved:
            console.print()
        render(console, plan, t)
    for exam in past:
        console.print(t("plan.past", name=exam.name, date=exam.date.isoformat()))
    return 0


def _slugs(collection: Collection, names: list[str]) -> list[str] | None:
    """The named decks' slugs (a slug or a title; unknown names are a usage error)."""
    if not names:
        return None
    return collection.select(decks=names).whole_decks or []


def _named_exam(args: argparse.Namespace, today: date, decks: list[str] | None) -> Exam:
    """The exam --exam, --name and the DECKs name; its date must be ahead."""
    from datetime import date

    from quiz.core.calendar import Exam
    from quiz.core.errors import UsageError

    try:
        day = date.fromisoformat(args.exam.strip())
    except ValueError:
        raise UsageError(f"--exam: give the exam's date as YYYY-MM-DD, not {args.exam!r}") \
            from None
    if day <= today:
        raise UsageError(f"--exam: {day} is not ahead (today is {today})")
    name = (args.name if args.name is not None else DEFAULT_NAME).strip()
    if not name:
        raise UsageError("--name: give the exam a name")
    return Exam(name, day, frozenset(decks) if decks else None)


def _save(args: argparse.Namespace, collection: Collection, exam: Exam) -> None:
    """Write the exam into config.toml (as the file has it, without this run's flags), in
    place of one of the same name, and into this run's settings."""
    from dataclasses import replace

    from quiz.cli.open import config_of
    from quiz.core.settings import load_settings, save_settings

    def added(exams: tuple[Exam, ...]) -> tuple[Exam, ...]:
        return tuple(other for other in exams if other.name != exam.name) + (exam,)

    config = config_of(args)
    saved = load_settings(config)
    save_settings(config, replace(saved, exams=added(saved.exams)))
    collection.queue.settings = replace(collection.settings,
                                        exams=added(collection.settings.exams))


def _warn_unknown_decks(collection: Collection, exams: tuple[Exam, ...], t: Messages) -> None:
    import sys

    loaded = set(collection.titles)
    for exam in exams:
        unknown = sorted((exam.decks or frozenset()) - loaded)
        if unknown:
            print(f"quiz: {t('plan.unknown_decks', name=exam.name, decks=', '.join(unknown))}",
                  file=sys.stderr)


def _plans(collection: Collection, exams: list[Exam], now: datetime, decks: list[str] | None,
           description: str) -> list[ExamPlan]:
    """Each exam's plan; a progress bar on a terminal when there is much to follow."""
    from quiz.cli.progress import progress_bar
    from quiz.core.card_state import Phase

    chosen = [collection.plan_cards(exam, now, decks) for exam in exams]
    studied = sum(1 for cards, _ in chosen for card in cards if card.state.phase != Phase.NEW)
    if studied < PROGRESS_MIN_CARDS:
        return [collection.plan(exam, now, cards=cards) for exam, cards in zip(exams, chosen)]
    with progress_bar(description, studied) as bar:
        plans = []
        for exam, cards in zip(exams, chosen):
            bar.describe(exam.name)
            plans.append(collection.plan(exam, now, cards=cards, progress=bar.advance))
        return plans


def render(console: Any, plan: ExamPlan, t: Messages) -> None:
    """The exam's heading, a row per deck and the total, and the verdict."""
    from quiz.render.readiness import readiness_text, verdict_line
    from quiz.render.tables import Column, print_table

    exam = plan.exam
    console.print(t("plan.heading", name=exam.name, date=exam.date.isoformat(),
                    count=plan.days_left))
    columns = [Column(t("plan.col.deck"), justify="left", max_width=40),
               Column(t("plan.col.cards")), Column(t("plan.col.unseen")),
               Column(t("plan.col.readiness")), Column(t("plan.col.new")),
               Column(t("plan.col.reviews"))]
    rows = list(plan.decks)
    if len(rows) != 1:
        rows.append(plan.total)
    cells = [[t("plan.total") if row is plan.total else row.name, f"{row.cards:,}",
              f"{row.unseen:,}", readiness_text(row.readiness), f"{row.new_per_day:,}",
              f"{row.reviews_per_day:.1f}"] for row in rows]
    print_table(console, columns, cells,
                bold_rows={len(cells) - 1} if len(plan.decks) != 1 else set())
    console.print(verdict_line(plan, t))
