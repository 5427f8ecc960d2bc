"""`quiz doctor`: examine the review store (every page) and say what is wrong and what to do."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    return subparsers.add_parser(
        "doctor", help="check the review store for damage and say what to do",
        description="Read the whole review store without changing it: SQLite's quick_check of "
                    "every page, the store version, the tables it needs, and whether answers "
                    "can be saved. Exits 0 when it is sound (or not made yet), 1 when not.")


def run(args: argparse.Namespace) -> int:
    from quiz.cli.open import data_dir_of
    from quiz.storage.doctor import diagnose

    diagnosis = diagnose(data_dir_of(args))
    print(f"{diagnosis.path}: {diagnosis.verdict}"
          + (f" ({diagnosis.facts})" if diagnosis.facts else ""))
    for problem in diagnosis.problems:
        print(f"  {problem}")
    if diagnosis.advice:
        print("what to do:")
        for step in diagnosis.advice:
            print(f"  - {step}")
    return 0 if diagnosis.healthy else 1
