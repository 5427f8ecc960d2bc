"""`quiz stats [DECK…]`: the progress review in the terminal (Rich tables and charts) or as JSON."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from quiz.decks.cache import DeckEntry
    from quiz.render.i18n import Messages
    from quiz.stats.cards import WeakCard
    from quiz.stats.habit import RecallTally
    from quiz.stats.progress import ProgressReport
    from quiz.study.collection import Collection

HEAT_STYLES = ("grey30", "green4", "green3", "green1", "bold bright_green")
# Catalogue keys, shared with the TUI's statistics screen.
WEAK_TITLES = {"lapses": "stats.weak.lapses", "leeches": "stats.weak.leeches",
               "retrievability": "stats.weak.retrievability", "slowest": "stats.weak.slowest"}
PERIOD_NAMES = {1: "stats.period.today", 7: "stats.period.week", 30: "stats.period.month",
                365: "stats.period.year"}
COUNT_HEADERS = ("home.col.new", "home.col.learning", "stats.col.young", "stats.col.mature",
                 "stats.col.suspended", "stats.col.leeches", "stats.col.today",
                 "stats.col.tomorrow", "stats.col.week")
RECENT_DAYS = 30


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "stats", help="show progress: cards, due forecast, reviews, retention, weak cards",
        description="Print the progress review: card counts per deck, what is due, the due "
                    "forecast, reviews per day (a heatmap of the last year), streaks, true "
                    "retention, predicted recall, the weakest cards and exam scores.")
    parser.add_argument("deck_names", nargs="*", metavar="DECK",
                        help="only these decks (default: all; history then counts the whole "
                             "log)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def chosen_decks(collection: Collection, names: list[str]) -> list[DeckEntry]:
    """The named decks (slug or title; unknown names are a usage error), or all of them."""
    if not names:
        return list(collection.entries)
    slugs = collection.select(decks=names).whole_decks or []
    return [entry for entry in collection.entries if entry.slug in slugs]


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from quiz.cli.commands.language import messages
    from quiz.cli.open import open_collection
    from quiz.core import clock
    from quiz.stats.progress import progress
    from quiz.stats.scope import Scope, StudyCalendar

    now = clock.now()
    with open_collection(args) as collection:
        entries = chosen_decks(collection, args.deck_names)
        scope = Scope.of(entries, whole_log=not args.deck_names)
        calendar = StudyCalendar(now, collection.settings.day_starts_at, collection.tz)
        figures = progress(collection.store, scope, calendar, collection.settings)
        titles = {entry.slug: entry.title for entry in entries}
        t = messages(args, collection.settings)
    if figures.future_answers:
        from quiz.cli.commands.due import warn_future_answers

        warn_future_answers(t, figures.future_answers)
    if args.json:
        sys.stdout.write(json.dumps(as_json(figures, titles), ensure_ascii=False) + "\n")
        return 0
    from rich.console import Console

    render(figures, Console(highlight=False, emoji=False), t)
    return 0


# -- JSON -----------------------------------------------------------------------------------

def _tally(tally: RecallTally) -> dict[str, Any]:
    return {"passed": tally.passed, "total": tally.total, "rate": tally.rate}


def _weak(card: WeakCard) -> dict[str, Any]:
    return {"deck": card.deck, "card": card.card, "lapses": card.lapses, "leech": card.leech,
            "retrievability": card.retrievability, "mean_answer_ms": card.mean_answer_ms,
            "answers": card.answers}


def as_json(figures: ProgressReport, titles: dict[str, str]) -> dict[str, Any]:
    """Every figure as plain JSON types (dates as ISO text, rates as fractions or null)."""
    from dataclasses import asdict

    habit = figures.activity
    return {
        "now": figures.now.isoformat(),
        "today": figures.today.isoformat(),
        "decks": [{"deck": slug, "title": titles.get(slug, slug), **asdict(counts)}
                  for slug, counts in figures.decks.items()],
        "total": asdict(figures.total),
        "forecast": {"start": figures.forecast.start.isoformat(), "due": list(figures.forecast.due),
                     "average": figures.forecast.average},
        "activity": {
            "days": [{"date": day.date.isoformat(), "answers": day.answers, "time_ms": day.time_ms}
                     for day in habit.days],
            "answers": habit.answers, "time_ms": habit.time_ms,
            "days_studied": habit.days_studied, "current_streak": habit.current_streak,
            "longest_streak": habit.longest_streak},
        "retention": {
            "desired": figures.retention.desired,
            "periods": [{"days": days, "young": _tally(young), "mature": _tally(mature),
                         "all": _tally(young + mature)}
                        for days, (young, mature) in figures.retention.periods.items()]},
        "recall": {"cards": figures.recall.cards, "average": figures.recall.average,
                   "below_desired": figures.recall.below_desired,
                   "desired": figures.recall.desired},
        "weakest": {name: [_weak(card) for card in cards]
                    for name, cards in figures.weakest.items()},
        "exams": {
            "exams": [{"started": exam.started.isoformat(),
                       "finished": exam.finished.isoformat() if exam.finished else None,
                       "questions": exam.questions, "answered": exam.answered,
                       "correct": exam.correct, "score": exam.score,
                       "timed_out": exam.timed_out} for exam in figures.exams.exams],
            "by_deck": {deck: _tally(tally) for deck, tally in figures.exams.by_deck.items()},
            "by_tag": {tag: _tally(tally) for tag, tally in figures.exams.by_tag.items()}},
        "future_answers": figures.future_answers,
    }


# -- the terminal ---------------------------------------------------------------------------

def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{100 * rate:.1f}%"


def _rate(tally: RecallTally) -> str:
    return f"{_percent(tally.rate)} ({tally.passed}/{tally.total})" if tally.total else "–"


def render(figures: ProgressReport, console: Console, t: Messages) -> None:
    """Print every figure: tables, sparklines and a compact heatmap, in the learner's language."""
    from rich.cells import cell_len
    from rich.text import Text

    from quiz.render.charts import heatmap, sparkline
    from quiz.render.tables import Column, print_table

    labels = {name: t(key) for name, key in (
        ("forecast", "stats.tab.forecast"), ("reviews", "stats.tab.reviews"),
        ("year", "stats.year"), ("exams", "stats.tab.exams"))}
    margin = max(cell_len(label) for label in labels.values()) + 2

    def line(name: str, *parts) -> None:
        label = labels[name]
        console.print(Text.assemble((label + " " * (margin - cell_len(label)), "bold"), *parts))

    def hours(ms: float) -> str:
        whole_hours, minutes = divmod(round(ms / 60_000), 60)
        return t("stats.hours", hours=whole_hours, minutes=minutes)

    counted = [t(key) for key in COUNT_HEADERS]
    rows = [[slug, *(str(value) for value in (c.new, c.learning, c.young, c.mature,
                                              c.suspended, c.leeches, c.due_today,
                                              c.due_tomorrow, c.due_week))]
            for slug, c in figures.decks.items()]
    if len(rows) > 1:
        total = figures.total
        rows.append([t("stats.col.all"), *(str(value) for value in (
            total.new, total.learning, total.young, total.mature, total.suspended,
            total.leeches, total.due_today, total.due_tomorrow, total.due_week))])
    print_table(console, [Column(t("home.col.deck"), "left", max_width=26, no_wrap=True),
                          *(Column(name, min_width=cell_len(name), no_wrap=True)
                            for name in counted)],
                rows, title=t("stats.heading", date=figures.today.isoformat()),
                bold_rows={len(rows) - 1} if len(rows) > 1 else ())

    forecast = figures.forecast
    habit = figures.activity
    recent = habit.days[-RECENT_DAYS:]
    total = figures.total
    console.print()
    console.print(Text(t("stats.due", today=f"{total.due_today:,}",
                         tomorrow=f"{total.due_tomorrow:,}", week=f"{total.due_week:,}")))
    line("forecast", ("▕" + sparkline(forecast.due) + "▏", "cyan"),
         " " + t("stats.forecast_line", days=len(forecast.due), average=f"{forecast.average:,.1f}",
                 peak=f"{max(forecast.due, default=0):,}"))
    line("reviews", ("▕" + sparkline([day.answers for day in recent]) + "▏", "green"),
         " " + t("stats.recent_line", days=len(recent),
                 peak=f"{max((day.answers for day in recent), default=0):,}"))
    line("year", t("stats.reviews_total", answers=f"{habit.answers:,}",
                   days=f"{habit.days_studied:,}", time=hours(habit.time_ms)))
    console.print(Text(t("stats.streak", current=f"{habit.current_streak:,}",
                         longest=f"{habit.longest_streak:,}")))
    console.print(heatmap(habit.days[0].date, [day.answers for day in habit.days],
                          month_names=t("stats.months").split(),
                          weekday_names=t("stats.weekdays").split(), styles=HEAT_STYLES))

    console.print()
    print_table(console, [Column(t("stats.col.period"), "left"), Column(t("stats.col.young")),
                          Column(t("stats.col.mature")), Column(t("stats.col.all"))],
                [[t(PERIOD_NAMES[days]), _rate(young), _rate(mature), _rate(young + mature)]
                 for days, (young, mature) in figures.retention.periods.items()],
                title=t("stats.retention_title", desired=t.percent(figures.retention.desired)),
                gap=2)
    recall = figures.recall
    console.print(Text(t("stats.recall", average=_percent(recall.average),
                         below=f"{recall.below_desired:,}", cards=f"{recall.cards:,}")))

    for name, cards in figures.weakest.items():
        if not cards:
            continue
        console.print()
        print_table(console, [Column(t("stats.col.card"), "left", max_width=30, no_wrap=True),
                              Column(t("stats.col.lapses")), Column(t("stats.col.recall")),
                              Column(t("stats.col.time"))],
                    [[card.key + (" ⚑" if card.leech else ""), str(card.lapses),
                      _percent(card.retrievability),
                      "–" if card.mean_answer_ms is None
                      else f"{card.mean_answer_ms / 1000:.1f}s"] for card in cards],
                    title=t(WEAK_TITLES[name]))

    exams = figures.exams
    if exams.exams:
        console.print()
        scores = [exam.score for exam in exams.exams]
        line("exams", ("▕" + sparkline(scores[-RECENT_DAYS:]) + "▏", "magenta"),
             " " + t("stats.exams_heading", count=len(scores), last=f"{scores[-1]:.0f}%",
                     best=f"{max(scores):.0f}%"))
        print_table(console, [Column(t("stats.by_deck_tag"), "left", max_width=40,
                                     no_wrap=True), Column(t("stats.correct"))],
                    [*([deck, _rate(tally)] for deck, tally in exams.by_deck.items()),
                     *([f"#{tag}", _rate(tally)] for tag, tally in exams.by_tag.items())])
