"""`quiz due`: today's new / learning / due counts and the next card, without the TUI."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.render.i18n import Messages


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
    from rich.cells import cell_len

    from quiz.cli.commands.home import warn_problems
    from quiz.cli.commands.language import messages
    from quiz.cli.open import open_collection
    from quiz.core import clock

    now = clock.now()
    with open_collection(args) as collection:
        t = messages(args, collection.settings)
        warn_problems(collection, t.lang)   # before the counts, which leave those cards out
        cards = collection.select(decks=args.deck_names or None, tags=args.tag)
        chosen = {deck for deck, _ in cards.keys}
        state = collection.queue_state(now)
        counts = [c for c in collection.counts(now, state) if c.slug in chosen]
        upcoming = collection.study(cards, clock=lambda: now, state=state, recheck=False).current
        # What a session over these cards is given: an exam's pace holds for its decks
        # together, so their rows (each showing the pace) do not add up to it.
        new_given = len(collection.availability(cards, now, state).new)
        errors = collection.error_count
        _, reviews_left = collection.limits_left(now)
        future = collection.future_answers(now)
    if future:
        warn_future_answers(t, future)
    totals = {name: sum(getattr(c, name) for c in counts)
              for name in ("new", "learning", "due", "total", "suspended")}
    # The daily limits are for all decks together: each deck's count is capped, and so is the sum.
    totals["new"] = new_given
    totals["due"] = min(totals["due"], reviews_left)
    if args.json:
        report = {
            "decks": [{"deck": c.slug, "title": c.title, "new": c.new, "learning": c.learning,
                       "due": c.due, "total": c.total, "suspended": c.suspended} for c in counts],
            "total": totals,
            "next": None if upcoming is None else {
                "deck": upcoming.deck, "id": upcoming.id, "type": upcoming.type.value,
                "question": upcoming.question},
            "deck_problems": errors,
            "future_answers": future,
        }
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    rows = [(c.slug, c.new, c.learning, c.due) for c in counts]
    if len(counts) > 1:
        rows.append((t("due.total"), totals["new"], totals["learning"], totals["due"]))
    width = max([cell_len(row[0]) for row in rows] + [5])
    for name, new, learning, due in rows:
        print(f"{name}{' ' * (width - cell_len(name))}  {t('due.new')} {new:>4}  "
              f"{t('due.learning')} {learning:>4}  {t('due.due')} {due:>5}")
    if upcoming is None:
        print(t("due.nothing"))
    else:
        print(t("due.next", card=upcoming.key, question=upcoming.question))
    return 0


def warn_future_answers(t: Messages, count: int) -> None:
    """The one-line warning on stderr about answers dated after today (`quiz due`,
    `quiz stats`, `quiz study --plain`)."""
    print(f"quiz: {t('due.future', count=count, shown=f'{count:,}')}", file=sys.stderr)
