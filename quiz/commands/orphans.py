"""`quiz orphans`: stored cards that no deck holds any more; pruned only on request."""

from __future__ import annotations

import argparse
import sys

from ..errors import UsageError


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "orphans", help="list (and optionally delete) history of cards no deck holds any more",
        description="List stored cards that are no longer in their deck file (their history is "
                    "kept). --prune deletes the history of cards removed from a loaded deck, "
                    "after confirmation; --all also prunes cards of decks that are not loaded.")
    parser.add_argument("--prune", action="store_true", help="delete their history")
    parser.add_argument("--all", action="store_true",
                        help="with --prune: also cards of decks that are not loaded")
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    return parser


def run(args: argparse.Namespace) -> int:
    from ..collection import open_from_args

    if args.all and not args.prune:
        raise UsageError("--all only makes sense with --prune")
    with open_from_args(args) as collection:
        orphans = collection.orphans()
        for orphan in orphans:
            last = orphan.last_review.date().isoformat() if orphan.last_review else "never"
            why = "removed from its deck" if orphan.deck_loaded else "deck not loaded"
            print(f"{orphan.deck}/{orphan.card}\t{orphan.reviews} log entries, last {last}"
                  f"\t({why})")
        if not orphans:
            print("no orphaned cards")
            return 0
        if not args.prune:
            print(f"{len(orphans)} orphaned card{'s' if len(orphans) != 1 else ''}; their "
                  f"history is kept (quiz orphans --prune deletes it)")
            return 0
        doomed = [o for o in orphans if args.all or o.deck_loaded]
        if not doomed:
            print("nothing to prune: the orphans' decks are not loaded (add --all to prune them)")
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                raise UsageError("--prune deletes history: confirm with --yes when not at a "
                                 "terminal")
            reply = input(f"Delete the history of {len(doomed)} card"
                          f"{'s' if len(doomed) != 1 else ''}? [y/N] ")
            if reply.strip().lower() not in ("y", "yes"):
                print("nothing deleted")
                return 1
        collection.store.verify()   # never delete from a damaged store
        pruned = collection.store.prune((o.deck, o.card) for o in doomed)
        print(f"deleted the history of {pruned} card{'s' if pruned != 1 else ''}")
    return 0
