"""`quiz try DECK/ID "REPLY" [--json]`: grade one reply as a session would, and say why.

The author's way to test a card's accept list: nothing is studied or stored, and the exit
code is the verdict (0 right, 1 wrong).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.answers.grading import Verdict


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "try", help="grade a reply to one card and say which rule decided",
        description="Check a reply against one card as study and exams check it, without "
                    "studying: prints the verdict, the rule that decided and the expected "
                    "answer. Exit code 0 when the reply is right, 1 when it is wrong.")
    parser.add_argument("spec", metavar="DECK/ID", help="deck slug/card id")
    parser.add_argument("reply", metavar="REPLY",
                        help="the reply: for choice cards a letter or an option's text, for "
                             "cloze cards the gaps in order separated by a full-width semicolon")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object: deck, id, correct, rule, reason, "
                             "expected (and gaps, for cloze cards)")
    return parser


def run(args: argparse.Namespace) -> int:
    from quiz.answers.grading import check_reply
    from quiz.cli.open import selected_cards
    from quiz.core.errors import UsageError

    if "/" not in args.spec.strip("/"):
        raise UsageError(f"'{args.spec}' names no card; give one as DECK/ID")
    _, _, (card,) = selected_cards(args, args.spec, ground=False)
    verdict: Verdict = check_reply(card, args.reply)
    if args.json:
        import json

        json.dump(as_json(card.deck, card.id, verdict), sys.stdout, ensure_ascii=False)
        print()
    else:
        from quiz.cli.commands.language import messages

        t = messages(args)
        said = {True: t("try.right"), False: t("try.wrong")}
        print(t("try.verdict", verdict=said[verdict.correct], rule=verdict.reason,
                reason=verdict.detail))
        for number, gap in enumerate(verdict.gaps if len(verdict.gaps) > 1 else (), 1):
            print(t("try.gap", number=number, verdict=said[gap.correct], rule=gap.reason,
                    reason=gap.detail, expected=gap.expected))
        print(t("try.expected", expected=verdict.expected))
    return 0 if verdict.correct else 1


def as_json(deck: str, card_id: str, verdict: Verdict) -> dict[str, Any]:
    """The verdict as `quiz try --json` prints it (the README documents every key)."""
    data: dict[str, Any] = {"deck": deck, "id": card_id, "correct": verdict.correct,
                            "rule": verdict.reason, "reason": verdict.detail,
                            "expected": verdict.expected}
    if verdict.gaps:
        data["gaps"] = [{"expected": gap.expected, "reply": gap.reply, "correct": gap.correct,
                         "rule": gap.reason, "reason": gap.detail} for gap in verdict.gaps]
    return data
