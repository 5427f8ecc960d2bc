"""`quiz due`, `quiz orphans`, `quiz suspend/unsuspend/reset` as real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from enginekit import basic_deck, write


def test_due_counts_and_next_card(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", basic_deck("a", 30))
    write(tmp_path, "b.yaml", basic_deck("b", 2, tags=("t",)))
    result = run_quiz("due", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [(d["deck"], d["new"], d["learning"], d["due"], d["total"]) for d in report["decks"]] \
        == [("a", 20, 0, 0, 30), ("b", 2, 0, 0, 2)]
    assert report["total"]["new"] == 20   # the limit holds for all decks together
    assert report["next"]["deck"] == "a" and report["next"]["id"] == "c0"
    text = run_quiz("due", "b")
    assert text.returncode == 0 and text.stdout.splitlines() == [
        "b      new    2  learning    0  due     0", "next: b/c0: question 0 of b?"]
    tagged = json.loads(run_quiz("due", "--tag", "t", "--json").stdout)
    assert [d["deck"] for d in tagged["decks"]] == ["b"]
    assert (tmp_path / "home" / "quiz.db").exists()


def test_due_with_unknown_deck_or_bad_config_is_one_line(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", basic_deck("a", 1))
    result = run_quiz("due", "zzz")
    assert result.returncode == 2 and result.stderr == "quiz: no deck 'zzz'; decks: a\n"
    (tmp_path / "config.toml").write_text("new_per_day = 'many'\n", encoding="utf-8")
    result = run_quiz("due")
    assert result.returncode == 1
    assert result.stderr.startswith(f"quiz: {tmp_path / 'config.toml'}:1: new_per_day must be")
    assert len(result.stderr.splitlines()) == 1


def test_due_warns_about_broken_cards_and_skips_them(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", basic_deck("a", 2) + "  - id: broken\n    q: no answer\n")
    result = run_quiz("due", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["decks"][0]["total"] == 2
    assert result.stderr.startswith("quiz: 1 error in the deck files")
    assert json.loads(result.stdout)["deck_problems"] == 1


def test_due_imports_neither_textual_nor_fsrs(quiz_env, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", basic_deck("a", 3))
    code = ("import sys; from quiz.cli.main import main; main(['due']); "
            "print(sorted(m for m in ('textual', 'fsrs', 'yaml') if m in sys.modules))")
    for _ in range(2):   # the second run reads the deck cache: no YAML parser either
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env=quiz_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_due_without_an_exam_imports_no_exam_scheduling(quiz_env, tmp_path: Path) -> None:
    """The exam planner, the load balancer and the calendar cost `quiz due` nothing when no
    exam is set; with one, it paces new cards with them."""
    write(tmp_path, "a.yaml", basic_deck("a", 3))
    modules = ("quiz.core.calendar", "quiz.study.exam_date", "quiz.study.workload", "random")
    code = ("import sys; from quiz.cli.main import main; main(['due']); "
            f"print(sorted(m for m in {modules!r} if m in sys.modules))")
    config = Path(quiz_env["QUIZ_CONFIG"])
    for text, loaded in (("", []), ('[[exam]]\nname = "x"\ndate = 2099-01-01\n',
                                    sorted(modules))):
        config.write_text(text, encoding="utf-8")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env=quiz_env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[-1] == str(loaded)


def test_suspend_unsuspend_reset(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", basic_deck("a", 3))
    assert run_quiz("suspend", "a/c0", "a/c1").stdout == "suspended 2 cards\n"
    counts = json.loads(run_quiz("due", "--json").stdout)["decks"][0]
    assert (counts["new"], counts["suspended"]) == (1, 2)
    assert run_quiz("unsuspend", "a").stdout == "unsuspended 2 cards (of 3 named)\n"
    assert run_quiz("reset", "a/c0").stdout == "reset 0 cards (of 1 named)\n"
    bad = run_quiz("suspend", "a/nope")
    assert bad.returncode == 2 and "deck 'a' has no card 'nope'" in bad.stderr


def test_orphans_listed_and_pruned_only_on_request(run_quiz, tmp_path: Path) -> None:
    deck = write(tmp_path, "a.yaml", basic_deck("a", 3))
    write(tmp_path, "b.yaml", basic_deck("b", 1))
    assert run_quiz("suspend", "a/c2", "b/c0").returncode == 0
    deck.write_text(basic_deck("a", 2), encoding="utf-8")
    (tmp_path / "decks" / "b.yaml").unlink()
    listing = run_quiz("orphans")
    assert listing.returncode == 0
    assert "a/c2\t0 log entries, last never\t(removed from its deck)" in listing.stdout
    assert "b/c0" in listing.stdout and "(deck not loaded)" in listing.stdout
    refused = run_quiz("orphans", "--prune")   # stdin is not a terminal
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert "a/c2" in run_quiz("orphans").stdout
    pruned = run_quiz("orphans", "--prune", "--yes")
    assert pruned.stdout.endswith("deleted the history of 1 card\n")
    after = run_quiz("orphans").stdout
    assert "a/c2" not in after and "b/c0" in after
    assert run_quiz("orphans", "--prune", "--all", "--yes").stdout.endswith(
        "deleted the history of 1 card\n")
    assert run_quiz("orphans").stdout == "no orphaned cards\n"


def test_orphans_are_not_pruned_while_a_deck_file_has_errors(run_quiz, tmp_path: Path) -> None:
    deck = write(tmp_path, "a.yaml", basic_deck("a", 2))
    assert run_quiz("suspend", "a/c1").returncode == 0
    # c1 now fails a check (no answer): it is not loaded, but it was not deleted either.
    deck.write_text(basic_deck("a", 2).replace("    a: answer 1\n", ""), encoding="utf-8")
    assert "a/c1" in run_quiz("orphans").stdout
    refused = run_quiz("orphans", "--prune", "--all", "--yes")
    assert refused.returncode == 1 and "1 error" in refused.stderr
    deck.write_text(basic_deck("a", 2), encoding="utf-8")
    assert run_quiz("orphans").stdout == "no orphaned cards\n"   # its history is still there
    assert json.loads(run_quiz("due", "--json").stdout)["decks"][0]["suspended"] == 1
