"""`quiz history DECK/ID`: every logged answer of one card, and where the card stands now."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..stats import CardHistory

RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}
PHASES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "history", help="show one card's reviews and current state",
        description="List every logged answer of one card (study, cram and exam answers, "
                    "resets and manual changes) with its time, rating, how it was graded, the "
                    "reply and the interval it gave, then the card's current schedule.")
    parser.add_argument("spec", metavar="DECK/ID", help="the card, as deck-slug/card-id")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def run(args: argparse.Namespace) -> int:
    import json
    import sys
    from datetime import UTC, datetime

    from ..collection import open_from_args
    from ..errors import UsageError
    from ..stats import StudyCalendar, card_history

    deck, slash, card_id = args.spec.partition("/")
    if not slash or not deck or not card_id:
        raise UsageError(f"name one card as DECK/ID, not '{args.spec}'")
    now = datetime.now(UTC)
    with open_from_args(args) as collection:
        card = collection.find([args.spec])[0]   # unknown deck or card: a one-line error
        calendar = StudyCalendar(now, collection.settings.day_starts_at, collection.tz)
        history = card_history(collection.store, deck, card_id, calendar, collection.settings)
        tz = collection.tz
    if args.json:
        json.dump(as_json(history, deck, card_id), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console

    from rich.text import Text

    console = Console(highlight=False, emoji=False)
    console.print(Text.assemble((card.key, "bold"), "  ", card.question))
    console.print(Text(f"answer: {card.full_answer}"))
    render(history, console, tz)
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

    from ..scheduler import interval_label

    return "" if days is None else interval_label(timedelta(days=days))


def render(history: CardHistory | None, console, tz) -> None:
    """The card's state line, then one table row per log entry."""
    from rich.table import Table
    from rich.text import Text

    state = _state(history)
    recall = state["retrievability"]
    due = history.state.due.astimezone(tz).strftime("%Y-%m-%d %H:%M") \
        if history and history.state.due else "–"
    parts = [state["phase"] + (" (suspended)" if state["suspended"] else "")
             + (" · leech" if state["leech"] else ""),
             f"due {due}", f"reps {state['reps']}", f"lapses {state['lapses']}"]
    if state["stability"] is not None:
        parts.append(f"stability {state['stability']:.1f}d")
    if recall is not None:
        parts.append(f"recall {100 * recall:.0f}%")
    console.print(" · ".join(parts), markup=False)
    if not history or not history.entries:
        console.print("never answered", markup=False)
        return
    table = Table(box=None, padding=(0, 1), pad_edge=False)
    for name in ("time", "kind", "rating", "how", "reply", "secs", "interval"):
        table.add_column(name, justify="right" if name in ("secs", "interval") else "left",
                         overflow="fold")
    for entry in history.entries:
        rating = RATINGS.get(entry.rating, "") if entry.rating else \
            ("" if entry.correct is None else ("correct" if entry.correct else "wrong"))
        table.add_row(entry.time.astimezone(tz).strftime("%Y-%m-%d %H:%M"), entry.kind, rating,
                      entry.how or "", Text(entry.reply or ""),
                      "" if entry.duration_ms is None else f"{entry.duration_ms / 1000:.1f}",
                      interval_text(entry.interval_days))
    console.print(table)
