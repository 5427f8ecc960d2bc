"""A small study process for the crash and concurrency tests (not a test module).

usage: study_driver.py ROOT ANSWERS [--step]  — answers up to ANSWERS cards with Good, printing
`answered N` after each answer is committed; with --step it waits for a line on stdin first.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from enginekit import open_collection
from quiz.core.card_state import Rating


def main() -> None:
    root, answers = Path(sys.argv[1]), int(sys.argv[2])
    step = "--step" in sys.argv
    moment = [datetime(2026, 3, 2, 4, 0, tzinfo=UTC)]

    def clock() -> datetime:
        moment[0] += timedelta(milliseconds=1)
        return moment[0]

    with open_collection(root, new_per_day=100_000) as collection:
        session = collection.study(collection.select(), clock=clock, cram="--cram" in sys.argv)
        print("ready", flush=True)
        if step or "--go" in sys.argv:
            sys.stdin.readline()
        for done in range(1, answers + 1):
            if session.current is None:
                break
            session.answer(Rating.GOOD)
            print(f"answered {done}", flush=True)
            if step:
                sys.stdin.readline()


if __name__ == "__main__":
    main()
