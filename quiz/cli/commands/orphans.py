"""`quiz orphans`: stored cards that no deck holds any more; pruned only on request."""

from __future__ import annotations

import argparse
import sys

from quiz.core.errors import QuizError, UsageError


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
    from quiz.cli.commands.language import messages
    from quiz.cli.open import open_collection

    if args.all and not args.prune:
        raise UsageError("--all only makes sense with --prune")
    with open_collection(args) as collection:
        t = messages(args, collection.settings)
        orphans = collection.orphans()
        for orphan in orphans:
            last = orphan.last_review.date().isoformat() if orphan.last_review \
                else t("orphans.never")
            why = t("orphans.removed" if orphan.deck_loaded else "orphans.not_loaded")
            print(f"{orphan.deck}/{orphan.card}\t{t('orphans.entries', count=orphan.reviews)}"
                  f"{t('orphans.last', last=last)}\t({why})")
        if not orphans:
            print(t("orphans.none"))
            return 0
        if not args.prune:
            print(t("orphans.kept", count=len(orphans)))
            return 0
        if collection.error_count:
            raise QuizError(t("orphans.errors", count=collection.error_count))
        doomed = [o for o in orphans if args.all or o.deck_loaded]
        if not doomed:
            print(t("orphans.nothing_to_prune"))
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                raise UsageError("--prune deletes history: confirm with --yes when not at a "
                                 "terminal")
            reply = input(t("orphans.confirm", count=len(doomed)) + " [y/N] ")
            if reply.strip().lower() not in ("y", "yes"):
                print(t("orphans.nothing_deleted"))
                return 1
        collection.store.verify()   # never delete from a damaged store
        pruned = collection.store.prune((o.deck, o.card) for o in doomed)
        print(t("orphans.deleted", count=pruned))
    return 0
