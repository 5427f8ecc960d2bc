"""`quiz log export|import` and `quiz optimize` as real processes against a temporary store."""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from quiz.core.settings import load_settings
from quiz.interchange.log_format import read_log, write_log
from quiz.stats.optimize import in_time_order

SAMPLE = Path(__file__).parent / "data" / "review-log-sample.csv"


@pytest.fixture
def small_log(tmp_path: Path) -> Path:
    """The first 300 reviews of the sample, as a CSV file."""
    path = tmp_path / "small.csv"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)[:301]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_import_is_idempotent_and_export_gives_the_reviews_back(run_quiz, small_log, tmp_path):
    first = run_quiz("log", "import", str(small_log))
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"{small_log}: added 300 reviews to deck import-small; 0 already there\n"
    again = run_quiz("log", "import", str(small_log))
    assert again.stdout == f"{small_log}: added 0 reviews to deck import-small; 300 already there\n"
    # An imported log never had a deck file: its cards are not orphans to be pruned.
    assert run_quiz("orphans").stdout == "no orphaned cards\n"

    exported = run_quiz("log", "export")
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(exported.stdout.splitlines()))
    source = list(read_log(small_log))
    assert len(rows) == 300
    assert list(rows[0]) == ["card_id", "review_time", "review_rating", "review_duration",
                             "deck", "card"]
    assert {row["deck"] for row in rows} == {"import-small"}
    assert sorted((row["card"], row["review_time"], row["review_rating"]) for row in rows) == \
        sorted((str(r.card_id), r.review_time.isoformat(), str(r.rating)) for r in source)


def test_export_jsonl_to_a_file_since_a_date(run_quiz, small_log, tmp_path):
    assert run_quiz("log", "import", str(small_log), "--name", "Josh's log").returncode == 0
    out = tmp_path / "out.jsonl"
    result = run_quiz("log", "export", "--since", "2024-04-01", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    objects = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    later = [r for r in read_log(small_log) if r.review_time.isoformat() >= "2024-04-01"]
    assert 0 < len(objects) == len(later) < 300
    assert result.stderr == f"wrote {len(objects)} reviews to {out}\n"
    assert {o["deck"] for o in objects} == {"import-josh-s-log"}
    assert all(o["review_time"] >= "2024-04-01" for o in objects)


def test_format_overrides_the_suffix(run_quiz, small_log, tmp_path):
    assert run_quiz("log", "import", str(small_log)).returncode == 0
    printed = run_quiz("log", "export", "--format", "jsonl")
    objects = [json.loads(line) for line in printed.stdout.splitlines()]
    assert len(objects) == 300
    named = tmp_path / "reviews.txt"      # no suffix that says JSONL
    named.write_text(printed.stdout, encoding="utf-8")
    assert run_quiz("log", "import", str(named)).returncode == 1     # read as CSV: no columns
    result = run_quiz("log", "import", str(named), "--format", "jsonl", "--name", "again")
    assert result.returncode == 0, result.stderr
    assert "added 300 reviews to deck import-again" in result.stdout
    out = tmp_path / "out.jsonl"
    assert run_quiz("log", "export", "--format", "csv", "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("card_id,review_time,")


def test_reimporting_an_export_goes_to_its_own_deck(run_quiz, small_log, tmp_path):
    run_quiz("log", "import", str(small_log))
    out = tmp_path / "export.csv"
    run_quiz("log", "export", "-o", str(out))
    result = run_quiz("log", "import", str(out))
    assert result.stdout.startswith(f"{out}: added 300 reviews to deck import-export;")
    decks = {r.deck for r in read_log(out)}
    assert decks == {"import-small"}


def test_a_bad_row_stops_the_import_before_anything_is_stored(run_quiz, small_log, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(small_log.read_text(encoding="utf-8") + "1,7,2024-09-01T00:00:00Z,10\n",
                   encoding="utf-8")
    result = run_quiz("log", "import", str(bad))
    assert result.returncode == 1
    assert result.stderr == f"quiz: {bad}:302: review_rating 7 is out of range 1–4\n"
    assert run_quiz("log", "export").stdout.count("\n") == 1      # the header only


@pytest.mark.parametrize(("time", "message"), [
    ("9999-12-31T23:59:59+00:00", "is in the future"),      # was an internal OverflowError
    ("253402300799999", "is in the future"),                 # the same, in epoch milliseconds
    ("2999-01-01T00:00:00Z", "is in the future"),            # was accepted silently
    ("0001-01-01T00:00:00-05:00", "is out of range (before 1970)"),
])
def test_a_review_time_out_of_range_stops_the_import_at_its_row(run_quiz, small_log, tmp_path,
                                                                 time, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(small_log.read_text(encoding="utf-8") + f"1,3,{time},100\n",
                   encoding="utf-8")
    result = run_quiz("log", "import", str(bad))
    assert result.returncode == 1
    assert result.stderr.startswith(f"quiz: {bad}:302: review_time ")
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert run_quiz("log", "export").stdout.count("\n") == 1      # nothing stored
    assert run_quiz("log", "import", str(small_log)).returncode == 0


@pytest.mark.parametrize(("args", "message"), [
    (("log", "import", "missing.csv"), "quiz: no such file: missing.csv\n"),
    (("log", "export", "--since", "soon"), "quiz: --since 'soon': expected a date"),
    (("optimize", "--log", "missing.csv"), "quiz: no such file: missing.csv\n"),
])
def test_usage_errors_are_one_line(run_quiz, args, message):
    result = run_quiz(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_optimize_a_log_file_shows_the_comparison_and_saves_only_when_asked(run_quiz, quiz_env):
    config = Path(quiz_env["QUIZ_CONFIG"])
    result = run_quiz("optimize", "--log", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Fitted to 12,580 reviews of 1,205 cards with fsrs-rs" in out
    default = next(line for line in out.splitlines() if line.strip().startswith("default"))
    personal = next(line for line in out.splitlines() if line.strip().startswith("personal"))
    assert float(personal.split()[1]) < float(default.split()[1])
    for retention in ("0.80", "0.85", "0.90", "0.95"):
        assert any(line.split()[:1] == [retention] for line in out.splitlines())
    assert "Not saved. Run `quiz optimize --apply` to save them." in out
    assert config.read_text(encoding="utf-8") == ""

    defaults = ", ".join(map(str, DEFAULT_PARAMETERS))
    layout = ("# Mine.\n\nnew_per_day = 5  # slowly\n# fitted:\n"
              "parameters = [{}]  # refit monthly\ndesired_retention = 0.85\n")
    config.write_text(layout.format(defaults), encoding="utf-8")
    saved = run_quiz("optimize", "--log", str(SAMPLE), "--yes", "--optimizer", "fsrs-rs")
    assert saved.returncode == 0, saved.stderr
    assert f"Saved the personal parameters to {config}." in saved.stdout
    assert "with fsrs-rs in" in saved.stdout
    settings = load_settings(config)
    assert settings.desired_retention == 0.85
    assert settings.parameters is not None and len(settings.parameters) == 21
    # Only the parameters changed, in their place: comments, order and layout are the user's.
    assert config.read_text(encoding="utf-8") == \
        layout.format(", ".join(map(repr, settings.parameters)))
    shown = out.split("Personal parameters (fitted to the whole log):\n")[1].splitlines()[0]
    assert [float(w) for w in shown.split(",")] == list(settings.parameters)


def test_optimize_refuses_a_store_with_too_few_reviews(run_quiz, small_log):
    run_quiz("log", "import", str(small_log))
    result = run_quiz("optimize")
    assert result.returncode == 1
    assert result.stderr.startswith("quiz: optimising needs at least 1000 reviews")


def test_optimize_fits_the_stores_log(run_quiz, tmp_path, quiz_env):
    # The first 4,000 reviews of the sample hold 1,078 cross-day reviews, enough for a fit.
    early = tmp_path / "early.jsonl"
    with early.open("w", encoding="utf-8") as stream:
        write_log(in_time_order(read_log(SAMPLE))[:4000], stream, "jsonl")
    assert run_quiz("log", "import", str(early)).returncode == 0
    result = run_quiz("optimize", "--apply")
    assert result.returncode == 0, result.stderr
    assert "Fitted to 4,000 reviews of" in result.stdout
    assert load_settings(Path(quiz_env["QUIZ_CONFIG"])).parameters is not None


def test_import_since_a_date_adds_only_the_reviews_from_then_on(run_quiz, small_log):
    later = [r for r in read_log(small_log) if r.review_time.isoformat() >= "2024-04-01"]
    assert 0 < len(later) < 300
    result = run_quiz("log", "import", str(small_log), "--since", "2024-04-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout == \
        f"{small_log}: added {len(later)} reviews to deck import-small; 0 already there\n"
    # The earlier reviews of cards already holding later ones cannot be replayed in order.
    added, skipped = run_quiz("log", "import", str(small_log)).stdout.splitlines()
    assert added.endswith(f"; {len(later)} already there")
    older = int(skipped.split()[1])
    assert skipped == f"skipped {older} reviews older than their card's stored history (the " \
                      f"log cannot be rewritten in the past)"
    assert int(added.split("added ")[1].split()[0]) + older + len(later) == 300


def test_optimize_since_a_date_fits_only_the_reviews_from_then_on(run_quiz):
    def cross_day_reviews(*args: str) -> int:
        result = run_quiz("optimize", "--log", str(SAMPLE), *args)
        assert result.returncode == 1 and "needs at least 1000 reviews" in result.stderr
        return int(result.stderr.rsplit(" ", 1)[1])

    assert 0 < cross_day_reviews("--since", "2024-10-04") \
        < cross_day_reviews("--since", "2024-10-01")
    assert cross_day_reviews("--since", "2024-10-07") == 0      # after the last review


@pytest.mark.skipif(importlib.util.find_spec("torch") is not None,
                    reason="torch is installed: the fsrs optimiser would run (~30 s)")
def test_optimizer_fsrs_without_torch_says_what_to_install(run_quiz):
    result = run_quiz("optimize", "--log", str(SAMPLE), "--optimizer", "fsrs")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == 'quiz: the fsrs optimiser needs its extra: pip install ' \
                            '"fsrs[optimizer]"\n'


def test_log_and_optimize_modules_do_not_import_textual():
    code = ("import sys, quiz.interchange.log_format, quiz.stats.optimize, "
            "quiz.interchange.log_transfer, quiz.cli.commands.log, "
            "quiz.cli.commands.optimize; print('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).parent.parent, check=True)
    assert result.stdout.strip() == "False"
