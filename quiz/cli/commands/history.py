"""`quiz history DECK/ID`: every logged answer of one card, and where the card stands now."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.render.i18n import Messages
    from quiz.stats.history import CardHistory, HistoryEntry

# Names in the JSON output (never translated).
RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}
PHASES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}
# Catalogue keys for the printed history, shared with the TUI's history dialog.
PHASE_NAMES = {0: "history.phase.new", 1: "history.phase.learning", 2: "history.phase.review",
               3: "history.phase.relearning"}
KIND_NAMES = {"study": "history.kind.study", "cram": "history.kind.cram",
              "reset": "history.kind.reset", "manual": "history.kind.manual",
              "moved": "history.kind.moved", "exam": "history.kind.exam"}
HOW_NAMES = {"self": "history.how.self", "typed": "history.how.typed",
             "choice": "history.how.choice"}
# The log's columns: (catalogue key of the header, right-aligned)
COLUMNS = (("history.col.time", False), ("history.col.kind", False),
           ("history.col.grade", False), ("history.col.how", False),
           ("history.col.reply", False), ("history.col.seconds", True),
           ("history.col.interval", True))
TIME_FORMAT = "%Y-%m-%d %H:%M"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "history", help="show one card's reviews and current state",
        description="Show one card's current schedule, then every logged answer (study, cram "
                    "and exam answers, resets and manual changes) with its time, rating, how it "
                    "was graded, the reply and the interval it gave.")
    parser.add_argument("spec", metavar="DECK/ID", help="the card, as deck-slug/card-id")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from quiz.cli.commands.language import messages
    from quiz.cli.open import open_collection
    from quiz.core import clock
    from quiz.core.errors import UsageError
    from quiz.stats.history import card_history
    from quiz.stats.scope import StudyCalendar

    deck, slash, card_id = args.spec.partition("/")
    if not slash or not deck or not card_id:
        raise UsageError(f"name one card as DECK/ID, not '{args.spec}'")
    now = clock.now()
    with open_collection(args) as collection:
        card = collection.find([args.spec])[0]   # unknown deck or card: a one-line error
        calendar = StudyCalendar(now, collection.settings.day_starts_at, collection.tz)
        history = card_history(collection.store, deck, card_id, calendar, collection.settings)
        tz = collection.tz
        t = messages(args, collection.settings)
    if args.json:
        json.dump(as_json(history, deck, card_id), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console
    from rich.text import Text

    from quiz.render.linebreak import Wrapped

    console = Console(highlight=False, emoji=False)
    console.print(Wrapped(Text.assemble((card.key, "bold"), "  ", card.question)))
    console.print(Wrapped(t("verdict.expected", expected=card.full_answer)))
    render(history, console, tz, t)
    return 0


def _state(history: CardHistory | None) -> dict[str, Any]:
    if history is None:
        return {"phase": "new", "due": None, "stability": None, "difficulty": None,
                "reps": 0, "lapses": 0, "leech": False, "suspended": False,
                "retrievability": None}
    state = history.state
    return {"phase": PHASES[int(state.phase)],
            "due": state.due.isoformat() if state.due else None,
            "stability": state.stability, "difficulty": state.difficulty, "reps": state.reps,
            "lapses": state.lapses, "leech": state.leech, "suspended": history.suspended,
            "retrievability": history.retrievability}


def as_json(history: CardHistory | None, deck: str, card: str) -> dict[str, Any]:
    entries = history.entries if history else ()
    return {"deck": deck, "card": card, "state": _state(history), "entries": [
        {"time": e.time.isoformat(), "kind": e.kind,
         "rating": RATINGS.get(e.rating) if e.rating else None, "how": e.how, "reply": e.reply,
         "duration_ms": e.duration_ms, "correct": e.correct,
         "due": e.due_after.isoformat() if e.due_after else None,
         "interval_days": e.interval_days} for e in entries]}


def interval_text(days: float | None) -> str:
    from datetime import timedelta

    from quiz.study.scheduler import interval_label

    return "" if days is None else interval_label(timedelta(days=days))


def state_line(history: CardHistory | None, t: Messages, tz) -> str:
    """Phase, due date, reviews and lapses; recall and stability once the card is studied
    (the words of the TUI's history dialog)."""
    if history is None:
        return t(PHASE_NAMES[0])
    state = history.state
    flags = [t("history.suspended")] if history.suspended else []
    flags += [t("history.leech")] if state.leech else []
    due = state.due.astimezone(tz).strftime(TIME_FORMAT) if state.due else "–"
    line = t("history.state", phase=" · ".join([t(PHASE_NAMES[int(state.phase)]), *flags]),
             due=due, reps=state.reps, lapses=state.lapses)
    if state.stability is not None:
        line += " · " + t("history.memory", recall=t.percent(history.retrievability),
                          stability=f"{state.stability:.1f}")
    return line


def render(history: CardHistory | None, console, tz, t: Messages) -> None:
    """The card's state line, then the log: a table, or one entry after another on a console
    too narrow for the table's columns. Text wraps as in the TUI."""
    import sys

    from rich.measure import Measurement
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from quiz.render.linebreak import Wrapped

    console.print(Wrapped(state_line(history, t, tz)))
    if not history or not history.entries:
        console.print(Wrapped(t("history.never")))
        return
    rows = [entry_cells(entry, t, tz) for entry in history.entries]
    table = Table(box=None, padding=(0, 1), pad_edge=False)
    for key, right in COLUMNS:
        table.add_column(t(key), justify="right" if right else "left")
    for time, kind, grade, how, reply, seconds, interval in rows:
        table.add_row(time, kind, grade, how, Wrapped(Text(reply)), seconds, interval)
    unbounded = console.options.update_width(sys.maxsize)   # Rich clamps to the width given
    if Measurement.get(console, unbounded, table).minimum <= console.width:
        console.print(table)
        return
    for time, kind, grade, how, reply, seconds, interval in rows:
        # Each entry on a line of its own, its reply below it.
        facts = [time, kind, grade, how]
        facts += [f"{t('history.col.seconds')} {seconds}"] if seconds else []
        facts += [f"{t('history.col.interval')} {interval}"] if interval else []
        console.print(Wrapped(" · ".join(fact for fact in facts if fact)))
        if reply:
            console.print(Padding(Wrapped(reply), (0, 0, 0, 2)))


def entry_cells(entry: HistoryEntry, t: Messages, tz) -> tuple[str, ...]:
    """One log entry as text: time, kind, grade, how, reply, seconds, interval."""
    if entry.rating:
        grade = t(f"grade.{entry.rating}")
    elif entry.correct is not None:
        grade = t("history.correct" if entry.correct else "history.wrong")
    else:
        grade = ""
    return (entry.time.astimezone(tz).strftime(TIME_FORMAT),
            t(KIND_NAMES.get(entry.kind, "history.kind.manual")), grade,
            t(HOW_NAMES[entry.how]) if entry.how in HOW_NAMES else (entry.how or ""),
            entry.reply or "",
            "" if entry.duration_ms is None else f"{entry.duration_ms / 1000:.1f}",
            interval_text(entry.interval_days))
