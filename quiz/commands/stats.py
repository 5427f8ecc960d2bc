"""`quiz stats [DECK…]`: the progress review in the terminal (Rich tables and charts) or as JSON."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from ..collection import Collection
    from ..deckcache import DeckEntry
    from ..stats import Progress, RecallTally, WeakCard

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HEAT_STYLES = ("grey30", "green4", "green3", "green1", "bold bright_green")
WEAK_TITLES = {"lapses": "Most lapses", "leeches": "Leeches",
               "retrievability": "Lowest retrievability", "slowest": "Slowest answers"}
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
    from datetime import UTC, datetime

    from ..collection import open_from_args
    from ..stats import Scope, StudyCalendar, progress

    now = datetime.now(UTC)
    with open_from_args(args) as collection:
        entries = chosen_decks(collection, args.deck_names)
        scope = Scope.of(entries, whole_log=not args.deck_names)
        calendar = StudyCalendar(now, collection.settings.day_starts_at, collection.tz)
        figures = progress(collection.store, scope, calendar, collection.settings)
        titles = {entry.slug: entry.title for entry in entries}
    if figures.future_answers:
        from .due import future_answers_note

        print(f"quiz: warning: {future_answers_note(figures.future_answers)}", file=sys.stderr)
    if args.json:
        sys.stdout.write(json.dumps(as_json(figures, titles), ensure_ascii=False) + "\n")
        return 0
    from rich.console import Console

    render(figures, Console(highlight=False, emoji=False))
    return 0


# -- JSON -----------------------------------------------------------------------------------

def _tally(tally: RecallTally) -> dict[str, Any]:
    return {"passed": tally.passed, "total": tally.total, "rate": tally.rate}


def _weak(card: WeakCard) -> dict[str, Any]:
    return {"deck": card.deck, "card": card.card, "lapses": card.lapses, "leech": card.leech,
            "retrievability": card.retrievability, "mean_answer_ms": card.mean_answer_ms,
            "answers": card.answers}


def as_json(figures: Progress, titles: dict[str, str]) -> dict[str, Any]:
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


def _days(count: int) -> str:
    return f"{count:,} day" + ("" if count == 1 else "s")


def _rate(tally: RecallTally) -> str:
    return f"{_percent(tally.rate)} ({tally.passed}/{tally.total})" if tally.total else "–"


def render(figures: Progress, console: Console) -> None:
    """Print every figure: tables, sparklines and a compact heatmap."""
    from rich.text import Text

    from ..charts import heatmap, hours_minutes, sparkline
    from ..tables import Column, print_table

    counted = ("new", "learn", "young", "mature", "susp", "leech", "today", "tmrw", "week")
    rows = [[slug, *(str(value) for value in (c.new, c.learning, c.young, c.mature,
                                              c.suspended, c.leeches, c.due_today,
                                              c.due_tomorrow, c.due_week))]
            for slug, c in figures.decks.items()]
    if len(rows) > 1:
        total = figures.total
        rows.append(["total", *(str(value) for value in (
            total.new, total.learning, total.young, total.mature, total.suspended,
            total.leeches, total.due_today, total.due_tomorrow, total.due_week))])
    print_table(console, [Column("deck", "left", max_width=26, no_wrap=True),
                          *(Column(name, min_width=len(name), no_wrap=True) for name in counted)],
                rows, title=f"Cards · {figures.today.isoformat()}",
                bold_rows={len(rows) - 1} if len(rows) > 1 else ())

    forecast = figures.forecast
    habit = figures.activity
    recent = habit.days[-RECENT_DAYS:]
    total = figures.total
    console.print()
    console.print(Text.assemble(("Due       ", "bold"), f"today {total.due_today:,} · tomorrow "
                                f"{total.due_tomorrow:,} · next 7 days {total.due_week:,}"))
    console.print(Text.assemble(
        ("Forecast  ", "bold"), ("▕" + sparkline(forecast.due) + "▏", "cyan"),
        f" {len(forecast.due)} days, {forecast.average:,.1f}/day, peak "
        f"{max(forecast.due, default=0):,}"))
    console.print(Text.assemble(
        ("Reviews   ", "bold"), ("▕" + sparkline([day.answers for day in recent]) + "▏", "green"),
        f" last {len(recent)} days, peak {max((day.answers for day in recent), default=0):,}"))
    console.print(Text.assemble(
        ("Last year ", "bold"), f"{habit.answers:,} answers on {_days(habit.days_studied)}, "
        f"{hours_minutes(habit.time_ms)} h answering"))
    console.print(Text.assemble(("Streak    ", "bold"), f"{_days(habit.current_streak)} "
                                f"(longest {_days(habit.longest_streak)})"))
    console.print(heatmap(habit.days[0].date, [day.answers for day in habit.days],
                          month_names=MONTHS, weekday_names=WEEKDAYS, styles=HEAT_STYLES))

    console.print()
    print_table(console, [Column("period", "left"), Column("young"), Column("mature"),
                          Column("all")],
                [["today" if days == 1 else f"{days} days", _rate(young), _rate(mature),
                  _rate(young + mature)]
                 for days, (young, mature) in figures.retention.periods.items()],
                title=f"True retention (desired {100 * figures.retention.desired:.0f}%)", gap=2)
    recall = figures.recall
    console.print(Text.assemble(
        ("Recall    ", "bold"), f"average retrievability now {_percent(recall.average)} over "
        f"{recall.cards:,} cards; {recall.below_desired:,} below {100 * recall.desired:.0f}%"))

    for name, cards in figures.weakest.items():
        if not cards:
            continue
        console.print()
        print_table(console, [Column("card", "left", max_width=30, no_wrap=True),
                              Column("lapses"), Column("recall"), Column("time")],
                    [[card.key + (" ⚑" if card.leech else ""), str(card.lapses),
                      _percent(card.retrievability),
                      "–" if card.mean_answer_ms is None
                      else f"{card.mean_answer_ms / 1000:.1f}s"] for card in cards],
                    title=WEAK_TITLES[name])

    exams = figures.exams
    if exams.exams:
        console.print()
        scores = [exam.score for exam in exams.exams]
        console.print(Text.assemble(
            ("Exams     ", "bold"), ("▕" + sparkline(scores[-RECENT_DAYS:]) + "▏", "magenta"),
            f" {len(scores)} taken, last {scores[-1]:.0f}%, best {max(scores):.0f}%"))
        print_table(console, [Column("by deck / tag", "left", max_width=40, no_wrap=True),
                              Column("correct")],
                    [*([deck, _rate(tally)] for deck, tally in exams.by_deck.items()),
                     *([f"#{tag}", _rate(tally)] for tag, tally in exams.by_tag.items())])
