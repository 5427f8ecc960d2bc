"""`quiz due`: today's new / learning / due counts and the next card, without the TUI."""

from __future__ import annotations

import argparse
import json
import sys


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "due", help="show how many cards are new, learning and due today",
        description="Count today's new (within the daily limit), learning and due cards per "
                    "deck and show the next card a study session would ask. Never starts the "
                    "TUI; quick enough for a shell prompt.")
    parser.add_argument("deck_names", nargs="*", metavar="DECK", help="only these decks")
    parser.add_argument("--tag", action="append", metavar="TAG", help="only cards with this tag")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def run(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from ..collection import open_from_args

    now = datetime.now(timezone.utc)
    with open_from_args(args) as collection:
        cards = collection.select(decks=args.deck_names or None, tags=args.tag)
        chosen = {deck for deck, _ in cards.keys}
        state = collection.queue_state(now)
        counts = [c for c in collection.counts(now, state) if c.slug in chosen]
        upcoming = collection.study(cards, clock=lambda: now, state=state).current
        problems = len(collection.problems)
        new_left, reviews_left = collection.limits_left(now)
        future = collection.future_answers(now)
    totals = {name: sum(getattr(c, name) for c in counts)
              for name in ("new", "learning", "due", "total", "suspended")}
    # The daily limits are for all decks together: each deck's count is capped, and so is the sum.
    totals["new"] = min(totals["new"], new_left)
    totals["due"] = min(totals["due"], reviews_left)
    if args.json:
        report = {
            "decks": [{"deck": c.slug, "title": c.title, "new": c.new, "learning": c.learning,
                       "due": c.due, "total": c.total, "suspended": c.suspended} for c in counts],
            "total": totals,
            "next": None if upcoming is None else {
                "deck": upcoming.deck, "id": upcoming.id, "type": upcoming.type.value,
                "question": upcoming.question},
            "deck_problems": problems,
            "future_answers": future,
        }
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        width = max([len(c.slug) for c in counts] + [5])
        for c in counts:
            print(f"{c.slug:<{width}}  new {c.new:>4}  learning {c.learning:>4}  due {c.due:>5}")
        if len(counts) > 1:
            print(f"{'total':<{width}}  new {totals['new']:>4}  learning {totals['learning']:>4}"
                  f"  due {totals['due']:>5}")
        if upcoming is None:
            print("nothing to study now")
        else:
            print(f"next: {upcoming.key}: {upcoming.question}")
    if problems:
        print(f"quiz: warning: {problems} problem{'s' if problems != 1 else ''} in the deck "
              f"files (cards with errors are left out); run 'quiz check'", file=sys.stderr)
    if future:
        print(f"quiz: warning: {future_answers_note(future)}", file=sys.stderr)
    return 0


def future_answers_note(count: int) -> str:
    """The one-line warning about answers dated after today (`quiz due` and `quiz stats`)."""
    answers = "1 answer is" if count == 1 else f"{count:,} answers are"
    return (f"{answers} dated after today (the clock was set ahead when they were given); "
            f"they do not count against today's limits")
