"""`quiz check --watch`: a fresh report after every change to a deck or its source."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

from quiz.decks.watch import files_to_watch, snapshot, watch
from sample_decks import PLAIN_DECK

GOOD = "deck: w\ntitle: W\ncards:\n  - id: one\n    q: 问题？\n    a: 答案\n"


def test_an_edit_made_during_a_check_is_not_missed(tmp_path: Path) -> None:
    deck = tmp_path / "w.yaml"
    deck.write_text(GOOD, encoding="utf-8")
    seen: list[str] = []

    def check(watched: list[Path]) -> None:
        seen.append(deck.read_text(encoding="utf-8"))
        if len(seen) == 1:
            deck.write_text(GOOD + "# edited while checking\n", encoding="utf-8")

    watch(lambda: [deck], check, sleep=lambda _: None, rounds=2)
    assert seen == [GOOD, GOOD + "# edited while checking\n"]


def test_the_check_runs_again_only_after_a_file_changes(tmp_path: Path) -> None:
    deck = tmp_path / "w.yaml"
    deck.write_text(GOOD, encoding="utf-8")
    checks: list[str] = []
    sleeps: list[float] = []

    def check(watched: list[Path]) -> None:
        assert watched == [deck]
        checks.append(deck.read_text(encoding="utf-8"))

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 3:  # two quiet polls, then an edit
            deck.write_text(GOOD + "  - id: two\n", encoding="utf-8")

    watch(lambda: [deck], check, sleep=sleep, interval=0.25, rounds=2)
    assert checks == [GOOD, GOOD + "  - id: two\n"]
    assert sleeps == [0.25, 0.25, 0.25]


def test_new_deleted_and_appearing_files_count_as_changes(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "a.yaml").write_text(GOOD, encoding="utf-8")
    source = tmp_path / "article.txt"
    source.write_text("正文。", encoding="utf-8")
    later = tmp_path / "later.yaml"
    watched = files_to_watch([decks, later], [str(source)])
    assert {decks / "a.yaml", decks, source, later} <= set(watched)
    before = snapshot(watched)
    (decks / "b.yaml").write_text(GOOD + "\n", encoding="utf-8")
    assert snapshot(watched) != before
    again = snapshot(watched)
    later.write_text(GOOD, encoding="utf-8")
    assert snapshot(watched) != again
    settled = snapshot(watched)
    source.write_text("改过的正文。", encoding="utf-8")
    assert snapshot(watched) != settled


def read_until(lines: queue.Queue[str], marker: str, collected: list[str]) -> None:
    while True:
        line = lines.get(timeout=30)
        collected.append(line)
        if marker in line:
            return


def test_watch_cli_reports_again_on_change_and_exits_0_on_ctrl_c(quiz_env, tmp_path: Path,
                                                                 write_deck) -> None:
    deck = write_deck(PLAIN_DECK, "plain.yaml")
    process = subprocess.Popen(
        [sys.executable, "-m", "quiz", "check", "--watch", "decks"], cwd=tmp_path,
        env=quiz_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        encoding="utf-8")
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout],
                     daemon=True).start()
    try:
        first: list[str] = []
        read_until(lines, "-- watching", first)
        assert "1 deck file, 2 cards: no problems\n" in first
        deck.write_text(PLAIN_DECK + "  - id: broken\n", encoding="utf-8")
        second: list[str] = []
        read_until(lines, "-- watching", second)
        assert any(line.startswith("decks/plain.yaml:") and "error" in line for line in second)
        assert "1 deck file, 3 cards: 2 errors, 0 warnings\n" in second
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert "Traceback" not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_watch_cli_bad_path_is_a_usage_error_at_once(run_quiz) -> None:
    result = run_quiz("check", "--watch", "missing")
    assert result.returncode == 2
    assert result.stderr == "quiz: no such file or directory: missing\n"


def test_watch_json_writes_one_json_line_per_report_and_nothing_else_on_stdout(
        tmp_path: Path, write_deck, capsys) -> None:
    import json

    from quiz.cli.commands.check import check_once, watch_check
    from quiz.cli.main import parse_args

    deck = write_deck(PLAIN_DECK, "plain.yaml")
    edits = iter([PLAIN_DECK + "  - id: broken\n"])

    def sleep(_seconds: float) -> None:
        text = next(edits, None)
        if text is not None:
            deck.write_text(text, encoding="utf-8")

    args = parse_args(["check", "--watch", "--json", "--lang", "en", str(tmp_path / "decks")])
    assert watch_check(args, check_once, sleep=sleep, interval=0, rounds=2) == 0
    out, err = capsys.readouterr()
    first, second = (json.loads(line) for line in out.splitlines())
    assert [card["id"] for card in first["decks"][0]["cards"]] == ["html-looking", "cloze-markup"]
    assert first["errors"] == [] and second["decks"] == []
    assert second["errors"] and {e["severity"] for e in second["errors"]} == {"error"}
    assert err.splitlines() == ["-- watching 2 files for changes (Ctrl-C to stop) --"] * 2
