"""`quiz doctor`: examine the review store (every page) and say what is wrong and what to do."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    return subparsers.add_parser(
        "doctor", help="check the review store for damage and say what to do",
        description="Read the whole review store without changing it: SQLite's quick_check of "
                    "every page, the store version, the tables it needs, and whether answers "
                    "can be saved. Exits 0 when it is sound (or not made yet), 1 when not.")


# Catalogue keys of the verdicts (`Diagnosis.verdict`).
VERDICTS = {"sound": "doctor.verdict.sound", "missing": "doctor.verdict.missing",
            "damaged": "doctor.verdict.damaged", "unusable": "doctor.verdict.unusable"}


def run(args: argparse.Namespace) -> int:
    from quiz.cli.commands.language import messages
    from quiz.cli.open import data_dir_of
    from quiz.storage.doctor import diagnose

    t = messages(args)
    diagnosis = diagnose(data_dir_of(args))
    verdict = t(VERDICTS[diagnosis.verdict])
    if diagnosis.facts:
        print(t("doctor.line_facts", path=diagnosis.path, verdict=verdict,
                facts=t.text(diagnosis.facts)))
    else:
        print(t("doctor.line", path=diagnosis.path, verdict=verdict))
    for problem in diagnosis.problems:
        print(f"  {t.text(problem)}")
    if diagnosis.advice:
        print(t("doctor.what_to_do"))
        for step in diagnosis.advice:
            print(f"  - {t.text(step)}")
    return 0 if diagnosis.healthy else 1
