"""Durability: a killed study process loses no committed answer; two processes lose nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from enginekit import basic_deck, open_collection, write

DRIVER = Path(__file__).resolve().parent / "study_driver.py"
REPO = Path(__file__).resolve().parent.parent


def _start(root: Path, answers: int, *flags: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, str(DRIVER), str(root), str(answers), *flags],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout.readline().strip() == "ready"
    return process


def _check_store(root: Path) -> int:
    conn = sqlite3.connect(root / "home" / "quiz.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    count = conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    conn.close()
    with open_collection(root) as collection:
        assert collection.store.rebuild_states() == collection.store.stored_states()
    return count


def test_sigkill_after_k_answers_leaves_exactly_k_reviews(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 50))
    k = 7
    process = _start(tmp_path, 50, "--step")
    process.stdin.write("\n")
    process.stdin.flush()
    for done in range(1, k + 1):
        assert process.stdout.readline().strip() == f"answered {done}"
        if done < k:
            process.stdin.write("\n")
            process.stdin.flush()
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _check_store(tmp_path) == k


def test_sigkill_while_answering_loses_nothing_committed(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 400))
    process = _start(tmp_path, 400)
    printed = 0
    while printed < 60:
        line = process.stdout.readline()
        assert line.startswith("answered")
        printed += 1
    process.send_signal(signal.SIGKILL)
    process.wait()
    # The process was killed at an arbitrary point: every printed answer was committed first,
    # and it may have committed a few more that it had no time to print.
    count = _check_store(tmp_path)
    assert count >= printed


def test_two_processes_answering_at_once_lose_nothing(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 60))
    answers = 40
    first = _start(tmp_path, answers, "--go")
    second = _start(tmp_path, answers, "--go")
    for process in (first, second):
        process.stdin.write("go\n")
        process.stdin.flush()
    outputs = [process.communicate(timeout=120)[0] for process in (first, second)]
    assert [process.returncode for process in (first, second)] == [0, 0]
    for output in outputs:
        assert output.strip().splitlines()[-1] == f"answered {answers}"
    assert _check_store(tmp_path) == 2 * answers
    with open_collection(tmp_path) as collection:
        # Both studied the same queue: every card answered twice has a chained log.
        for card in collection.select():
            entries = collection.store.history(card.deck, card.id)
            for earlier, later in zip(entries, entries[1:]):
                assert later["state_before"] == earlier["state_after"]
            assert collection.store.state_of(card.deck, card.id).reps == len(entries)
