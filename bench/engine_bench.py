"""Engine figures at collection size: 20,000 cards, 500,000 logged reviews, every card due.

(a) a cold `quiz due` process to the first due card: wall time and peak RSS of the child;
(b) answer to next card in-process (grade, commit, next prompt and its button labels ready),
    per answer over 1,000 answers;
(c) the same workload on Anki's engine (the `anki` package, `pip install -e '.[bench]'`):
    a cold process to the first card, and 1,000 answers — both sides and the ratio printed.

usage: python bench/engine_bench.py [--out DIR] [--runs N] [--no-anki]
The generated collections are kept in --out (bench/out/engine by default) and reused.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

GOALS = {"cold_s": 0.26, "cold_mib": 108, "answer_ms": 0.53}   # Anki's engine, as the issue gives
DECK_SIZE = 500


def _deck_text(index: int, size: int) -> str:
    lines = [f"deck: bench-{index:03d}", f"title: 基准测试卡组 {index}", "tags: [bench]", "cards:"]
    for n in range(size):
        if n % 10 == 3:
            lines += [f"  - id: q{n}", "    type: choice", f"    q: 第{n}题的正确选项是？",
                      f"    choices: [选项{n}甲, 选项{n}乙, 选项{n}丙, 选项{n}丁]",
                      f"    a: 选项{n}乙"]
        elif n % 10 == 7:
            lines += [f"  - id: q{n}", "    type: numeric",
                      f"    q: 卡组{index}第{n}题的数值是多少？", f"    a: \"{n}.5\"",
                      "    unit: 亿元"]
        else:
            lines += [f"  - id: q{n}", f"    q: 卡组{index}第{n}题：截至2023年末的余额是多少？",
                      f"    a: {n}万亿元"]
    return "\n".join(lines) + "\n"


def generate(out: Path, cards: int, reviews: int, seed: int = 1) -> None:
    """Deck files and a store in which every card has a real FSRS history and is due now."""
    from quiz.core.card_state import NEW_STATE, Rating
    from quiz.core.clock import day_start, to_ms
    from quiz.core.settings import Settings
    from quiz.storage.store import Store
    from quiz.study.scheduler import Scheduler

    marker = out / "generated.json"
    wanted = {"cards": cards, "reviews": reviews, "seed": seed}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return
    shutil.rmtree(out, ignore_errors=True)
    (out / "decks").mkdir(parents=True)
    decks = (cards + DECK_SIZE - 1) // DECK_SIZE
    keys = []
    for index in range(decks):
        size = min(DECK_SIZE, cards - index * DECK_SIZE)
        (out / "decks" / f"bench-{index:03d}.yaml").write_text(_deck_text(index, size),
                                                                encoding="utf-8")
        keys += [(f"bench-{index:03d}", f"q{n}") for n in range(size)]
    rng = random.Random(seed)
    scheduler = Scheduler(Settings(fuzz=False, maximum_interval=365))
    per_card = reviews // cards
    now = datetime.now(UTC).replace(microsecond=0)
    today = day_start(now, Settings().day_starts_at)
    base = datetime(2000, 1, 1, tzinfo=UTC)
    store = Store.open(out / "home")
    card_rows, review_rows = [], []
    started = time.perf_counter()
    for card_id, (deck, card) in enumerate(keys, start=1):
        state, moment, history = NEW_STATE, base, []
        for _ in range(per_card):
            rating = rng.choices(list(Rating), weights=(10, 10, 70, 10))[0]
            after, _ = scheduler.review(state, rating, moment, card_id)
            history.append((moment, rating, state, after))
            state = after
            moment = after.due + (after.due - moment) * rng.uniform(0, 0.2)
        # FSRS depends only on elapsed time: shift the whole history so that the card is due
        # now and its last review was before today (so today's limits are untouched).
        shift = min(now - timedelta(hours=rng.uniform(1, 96)) - state.due,
                    today - timedelta(hours=rng.uniform(1, 48)) - state.last_review)

        def moved(s, shift=shift):
            return s if s.is_new else replace(s, due=s.due + shift,
                                              last_review=s.last_review + shift)

        for moment, rating, before, after in history:
            before, after = moved(before), moved(after)
            interval = None if before.is_new else \
                (before.due - before.last_review).total_seconds() / 86400
            review_rows.append((card_id, to_ms(moment + shift), "study", int(rating), "self",
                                None, rng.randint(2000, 15000), "", int(before.phase), interval,
                                before.to_json(card_id), after.to_json(card_id)))
        final = moved(state)
        card_rows.append((card_id, deck, card, int(final.phase), final.step, final.stability,
                          final.difficulty, to_ms(final.due), to_ms(final.last_review),
                          final.reps, final.lapses, int(final.leech)))
    conn = sqlite3.connect(out / "home" / "quiz.db")
    with conn:
        conn.executemany("INSERT INTO cards (id, deck, card, content_hash, phase, step, stability, "
                         "difficulty, due, last_review, reps, lapses, leech) "
                         "VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?)", card_rows)
        conn.executemany("INSERT INTO reviews (card, time, kind, rating, how, reply, duration_ms, "
                         "content_hash, phase_before, interval_before, state_before, state_after) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", review_rows)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    store.close()
    marker.write_text(json.dumps(wanted))
    print(f"generated {len(keys):,} cards in {decks} decks and {len(review_rows):,} reviews "
          f"in {time.perf_counter() - started:.0f} s", file=sys.stderr)


# Runs one command and reports its wall time and peak RSS. It runs in a small launcher process
# of its own, because a child forked from this (large) process would count its parent's pages.
LAUNCHER = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
out, err = process.communicate()
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak = usage.ru_maxrss / 1024
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak": peak,
                  "status": process.returncode,
                  "out": out.decode(errors="replace")[-2000:],
                  "err": err.decode(errors="replace")[-2000:]}))
"""


def measure_process(argv: list[str], runs: int, env: dict[str, str] | None = None,
                    check: str | None = None) -> tuple[float, float, float]:
    """Median wall seconds, peak RSS (MiB) and median CPU seconds (user + system) of a command,
    after one warm-up run."""
    walls, peaks, cpus = [], [], []
    for attempt in range(runs + 1):
        result = subprocess.run([sys.executable, "-c", LAUNCHER, *argv], capture_output=True,
                                text=True, env={**_installed_like(), **(env or {})}, check=True)
        report = json.loads(result.stdout)
        if report["status"] != 0 or (check and check not in report["out"]):
            raise SystemExit(f"{argv[:4]} failed ({report['status']}): "
                             f"{report['err'] or report['out']}")
        if attempt:
            walls.append(report["wall"])
            cpus.append(report["cpu"])
            peaks.append(report["peak"])
    return statistics.median(walls), max(peaks), statistics.median(cpus)


def quiz_cold(out: Path, runs: int) -> tuple[float, float, float]:
    argv = [sys.executable, "-m", "quiz", "due", "--decks", str(out / "decks"),
            "--data-dir", str(out / "home")]
    return measure_process(argv, runs, {"PYTHONPATH": str(REPO), **default_settings(out)},
                           check="next: ")


def default_settings(out: Path) -> dict[str, str]:
    """Environment for default settings: a config directory holding no config.toml (a file
    named with --config or $QUIZ_CONFIG must exist)."""
    return {"XDG_CONFIG_HOME": str(out / "no-config"), "QUIZ_CONFIG": ""}


def _installed_like() -> dict[str, str]:
    """The environment of an installed program: bytecode is cached, as pip's install does."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def quiz_answers(out: Path, answers: int) -> tuple[float, float]:
    """Wall and CPU milliseconds per answer: grade, commit, and the next card with its labels
    ready."""
    from quiz.core.card_state import Rating
    from quiz.study.collection import Collection

    scratch = out / "scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    source = sqlite3.connect(out / "home" / "quiz.db")
    target = sqlite3.connect(scratch / "quiz.db")
    source.backup(target)
    source.close()
    target.close()
    shutil.copytree(out / "home" / "cache", scratch / "cache")
    collection = Collection.open(deck_paths=[out / "decks"], data_dir=scratch,
                                 config_path=out / "none.toml",
                                 overrides={"reviews_per_day": 9999})
    clock = lambda: datetime.now(UTC)  # noqa: E731
    session = collection.study(collection.select(), clock=clock)
    session.interval_labels()
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(answers):
        session.answer(Rating.GOOD)
        card = session.current
        assert card is not None
        _ = card.question
        session.input_kind()
        session.interval_labels()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    collection.close()
    return elapsed / answers * 1000, cpu / answers * 1000


ANKI_FIRST_CARD = """
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
queued = col.sched.get_queued_cards()
card = col.get_card(queued.cards[0].card.id)
print("first:", card.question()[:40])
col.close(downgrade=False)
"""


def anki_generate(out: Path, cards: int, reviews: int, seed: int = 1) -> Path:
    """The same size in Anki: one note per card, FSRS on, every card a review due today."""
    from anki.collection import AddNoteRequest, Collection

    path = out / "anki" / "collection.anki2"
    marker = out / "anki" / "generated.json"
    wanted = {"cards": cards, "reviews": reviews, "seed": seed}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return path
    shutil.rmtree(out / "anki", ignore_errors=True)
    path.parent.mkdir(parents=True)
    started = time.perf_counter()
    col = Collection(str(path))
    col.set_config("fsrs", True)
    notetype = col.models.by_name("Basic")
    deck_id = col.decks.id("bench")
    col.decks.select(deck_id)
    requests = []
    for n in range(cards):
        note = col.new_note(notetype)
        note["Front"] = f"卡组{n // DECK_SIZE}第{n % DECK_SIZE}题：截至2023年末的余额是多少？"
        note["Back"] = f"{n % DECK_SIZE}万亿元"
        requests.append(AddNoteRequest(note=note, deck_id=deck_id))
    col.add_notes(requests)
    card_ids = col.find_cards("deck:bench")
    col.sched.set_due_date(card_ids, "0")
    rng = random.Random(seed)
    per_card = reviews // cards
    now_ms = int(time.time() * 1000)
    rows = []
    next_id = now_ms - reviews * 1000 - 3 * 86_400_000   # all before today
    for card_id in card_ids:
        for _ in range(per_card):
            next_id += 1000
            ease = rng.choices((1, 2, 3, 4), weights=(10, 10, 70, 10))[0]
            rows.append((next_id, card_id, -1, ease, rng.randint(1, 300),
                         rng.randint(1, 300), 2500, rng.randint(2000, 15000), 1))
    col.close(downgrade=False)
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, "
                         "type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.close()
    marker.write_text(json.dumps(wanted))
    print(f"generated the Anki collection in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return path


def anki_cold(path: Path, runs: int) -> tuple[float, float]:
    wall, peak, _ = measure_process([sys.executable, "-c", ANKI_FIRST_CARD, str(path)], runs,
                                    check="first:")
    return wall, peak


def anki_answers(path: Path, answers: int) -> float:
    """Milliseconds per answer in Anki: answer, then the next card rendered with its labels."""
    from anki.cards import Card
    from anki.collection import Collection
    from anki.scheduler_pb2 import CardAnswer

    scratch = path.with_name("scratch.anki2")
    shutil.copyfile(path, scratch)
    col = Collection(str(scratch))
    # As on our side: no daily review limit gets in the way of 1,000 answers.
    config = col.decks.config_dict_for_deck_id(col.decks.id("bench"))
    config["rev"]["perDay"] = 9999
    col.decks.update_config(config)
    queued = col.sched.get_queued_cards()
    started = time.perf_counter()
    for _ in range(answers):
        top = queued.cards[0]
        card = Card(col)
        card._load_from_backend_card(top.card)
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=top.states,
                                                     rating=CardAnswer.GOOD))
        queued = col.sched.get_queued_cards()
        following = Card(col)
        following._load_from_backend_card(queued.cards[0].card)
        following.question()
        col.sched.describe_next_states(queued.cards[0].states)
    elapsed = time.perf_counter() - started
    col.close(downgrade=False)
    return elapsed / answers * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "engine")
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--reviews", type=int, default=500_000)
    parser.add_argument("--answers", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-anki", action="store_true", help="skip Anki's side")
    args = parser.parse_args()
    generate(args.out, args.cards, args.reviews)
    cold_s, cold_mib, cold_cpu_s = quiz_cold(args.out, args.runs)
    answer_ms, answer_cpu_ms = quiz_answers(args.out, args.answers)
    rows = [("cold `quiz due` to the first card", f"{cold_s:.3f} s", cold_s),
            ("peak RSS of that process", f"{cold_mib:.0f} MiB", cold_mib),
            (f"answer to next card ({args.answers:,} answers)", f"{answer_ms:.3f} ms", answer_ms)]
    anki_figures: list[float | None] = [None, None, None]
    if not args.no_anki:
        if importlib.util.find_spec("anki") is None:
            print("anki is not installed (pip install -e '.[bench]'); Anki's side skipped",
                  file=sys.stderr)
        else:
            path = anki_generate(args.out, args.cards, args.reviews)
            anki_figures[0], anki_figures[1] = anki_cold(path, args.runs)
            anki_figures[2] = anki_answers(path, args.answers)
    print(f"{args.cards:,} cards, {args.reviews:,} logged reviews, all due; median of "
          f"{args.runs} cold runs")
    print(f"{'measure':<40} {'quiz':>10} {'anki':>10} {'quiz/anki':>10} {'goal':>8}")
    goals = [f"{GOALS['cold_s']} s", f"{GOALS['cold_mib']} MiB", f"{GOALS['answer_ms']} ms"]
    units = [" s", " MiB", " ms"]
    for (label, text, value), theirs, goal, unit in zip(rows, anki_figures, goals, units):
        other = f"{theirs:.3f}{unit}" if theirs is not None and unit != " MiB" else \
            (f"{theirs:.0f}{unit}" if theirs is not None else "—")
        ratio = f"{value / theirs:.2f}" if theirs else "—"
        print(f"{label:<40} {text:>10} {other:>10} {ratio:>10} {goal:>8}")
    print(f"quiz CPU time (user + system): cold `quiz due` {cold_cpu_s:.3f} s, "
          f"answer to next card {answer_cpu_ms:.3f} ms")


if __name__ == "__main__":
    main()
