"""Time `quiz stats` as a whole process on 1,000,000 logged reviews of 20,000 cards (goal ≤ 1 s).

The store is filled by a fast bulk insert straight into SQLite (one transaction of
`executemany`), not through `Store.record`, which would take an hour of fsyncs: each card gets
a plausible life of 50 answers (learning steps, reviews at growing intervals, lapses, a few
cram answers) ending around now, with the same columns and JSON states the real store keeps.
Then `python -m quiz stats` runs as a fresh process (once to fill the deck cache, then timed),
and each figure is timed in-process to show where the time goes.

    python bench/stats_bench.py [--dir DIR] [--runs N]   # DIR defaults to bench/out/stats
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from quiz.core.card_state import CardState, Phase
from quiz.core.clock import to_ms
from quiz.storage.store import DB_NAME, Store

DECKS = 20
CARDS_PER_DECK = 1000
ANSWERS_PER_CARD = 50
EXAMS = 200
EXAM_QUESTIONS = 20
DAY_MS = 86_400_000
MINUTE_MS = 60_000


def write_decks(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for deck in range(DECKS):
        lines = [f"deck: bench-{deck:02d}", f"title: Bench deck {deck}", "tags: [bench]",
                 "cards:"]
        for card in range(CARDS_PER_DECK):
            lines += [f"  - id: c{card}", f"    q: question {card} of deck {deck}?",
                      f"    a: answer {card}"]
        (root / f"bench-{deck:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def card_life(rng: random.Random, card_id: int, now_ms: int) -> tuple[list[tuple], tuple]:
    """One card's 50 answers (oldest first) ending before now, and its final state columns.

    Each answer is (time ms, card id, kind, rating, phase before, interval before, duration ms,
    state before, state after, due after); `log_rows` turns them into store rows.
    """
    events = []                  # (offset ms, kind, rating, phase before, interval before)
    offset, phase, interval, lapses, reps = 0, Phase.NEW, 0.0, 0, 0
    states: list[CardState] = [CardState()]
    for _ in range(ANSWERS_PER_CARD):
        kind = "cram" if phase is Phase.REVIEW and rng.random() < 0.03 else "study"
        if phase is Phase.REVIEW:
            rating = rng.choices((1, 2, 3, 4), (0.1, 0.1, 0.7, 0.1))[0]
        else:
            rating = rng.choices((1, 3), (0.2, 0.8))[0]
        events.append((offset, kind, rating, int(phase), interval if phase else None))
        if kind == "study":
            reps += 1
            if phase is Phase.REVIEW and rating == 1:
                lapses += 1
                phase, step = Phase.RELEARNING, 10 * MINUTE_MS
            elif phase is not Phase.REVIEW and rating == 1:
                step = 10 * MINUTE_MS
            else:
                growth = {2: 1.2, 3: 2.5, 4: 3.5}[rating] if phase is Phase.REVIEW else 1.0
                interval = min(45.0, max(1.0, interval * growth if interval else 1.0))
                phase, step = Phase.REVIEW, int(interval * DAY_MS)
            states.append(CardState(phase=phase, step=0 if phase is not Phase.REVIEW else None,
                                    stability=interval * 1.1 + 0.5, difficulty=5.0,
                                    reps=reps, lapses=lapses, leech=lapses >= 8))
        else:
            step = rng.randint(1, 60) * MINUTE_MS
            states.append(states[-1])
        offset += step + rng.randint(0, 6 * 3600_000)
    # Shift the life so that its last due date falls in the next few weeks.
    shift = now_ms - offset + rng.randint(0, int(interval * DAY_MS))
    answers = []
    for index, (at, kind, rating, phase_before, interval_before) in enumerate(events):
        due = shift + (events[index + 1][0] if index + 1 < len(events) else offset)
        answers.append((shift + at, card_id, kind, rating, phase_before, interval_before,
                        int(rng.lognormvariate(8.8, 0.6)), states[index], states[index + 1],
                        due))
    last = states[-1]
    final = (int(last.phase), None, last.stability, last.difficulty, shift + offset,
             shift + events[-1][0], last.reps, last.lapses, int(last.leech))
    return answers, final


def _json(state: CardState, card_id: int, last_ms: int | None, due_ms: int | None) -> str | None:
    """The state as the store logs it (fsrs card dict with reps, lapses and leech)."""
    data = state.to_dict(card_id)
    if data is None:
        return None
    if last_ms is not None:
        data["last_review"] = datetime.fromtimestamp(last_ms / 1000, UTC).isoformat()
        data["due"] = datetime.fromtimestamp(due_ms / 1000, UTC).isoformat()
    return json.dumps(data, separators=(",", ":"))


def log_rows(answers: list[tuple]):
    """Store rows for the answers, in the order given."""
    last: dict[int, tuple[int, int]] = {}
    for time_ms, card_id, kind, rating, phase_before, interval_before, duration, before, \
            after, due in answers:
        previous = last.get(card_id, (None, None))
        last[card_id] = (time_ms, due)
        yield (card_id, time_ms, kind, rating, "self", None, duration, "bench", phase_before,
               interval_before, _json(before, card_id, *previous),
               _json(after, card_id, time_ms, due))


def build_store(data: Path, now: datetime) -> None:
    Store.open(data).close()
    conn = sqlite3.connect(data / DB_NAME, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    rng = random.Random(2024)
    now_ms = to_ms(now)
    cards, answers = [], []
    card_id = 0
    for deck in range(DECKS):
        for card in range(CARDS_PER_DECK):
            card_id += 1
            lives, final = card_life(rng, card_id, now_ms)
            answers.extend(lives)
            cards.append((card_id, f"bench-{deck:02d}", f"c{card}", "bench", *final,
                          int(rng.random() < 0.01)))
    # A real store appends answers as they happen: insert them in time order.
    answers.sort(key=lambda answer: answer[0])
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO cards (id, deck, card, content_hash, phase, step, stability, "
                     "difficulty, due, last_review, reps, lapses, leech, suspended) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cards)
    conn.executemany("INSERT INTO reviews (card, time, kind, rating, how, reply, duration_ms, "
                     "content_hash, phase_before, interval_before, state_before, state_after) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", log_rows(answers))
    for exam in range(EXAMS):
        started_ms = now_ms - (EXAMS - exam) * 2 * DAY_MS
        exam_id = conn.execute("INSERT INTO exams (started, finished, total, answered, correct, "
                               "score, timed_out) VALUES (?, ?, ?, ?, 0, 0, 0)",
                               (started_ms, started_ms + 600_000, EXAM_QUESTIONS,
                                EXAM_QUESTIONS)).lastrowid
        for position, card in enumerate(rng.sample(range(1, card_id + 1), EXAM_QUESTIONS)):
            conn.execute("INSERT INTO exam_answers (exam, position, card, time, reply, correct, "
                         "duration_ms, content_hash) VALUES (?, ?, ?, ?, 'x', ?, 9000, 'bench')",
                         (exam_id, position, card, started_ms + position * 20_000,
                          int(rng.random() < 0.7)))
    conn.execute("COMMIT")
    total = conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    stored = conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    conn.close()
    size = (data / DB_NAME).stat().st_size / 2**20
    print(f"store: {total:,} reviews of {stored:,} cards, {size:.0f} MiB", file=sys.stderr)


def installed_like() -> dict[str, str]:
    """The environment of an installed program: bytecode is cached, as pip's install does."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_process(args: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of each run of a fresh `python -m quiz` process."""
    walls, cpus = [], []
    for _ in range(runs):
        cpu = _children_cpu()
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "quiz", *args], check=True, cwd=REPO,
                       stdout=subprocess.DEVNULL, env=installed_like())
        walls.append(time.perf_counter() - started)
        cpus.append(_children_cpu() - cpu)
    return walls, cpus


def time_imports() -> None:
    """CPU time of a bare interpreter, and of one that imports what `quiz stats` imports."""
    imports = ("import quiz.cli.main, quiz.study.collection, quiz.stats.progress, "
               "quiz.cli.commands.stats, quiz.render.tables, rich.console")
    for label, code in (("interpreter alone", "pass"), ("interpreter and imports", imports)):
        cpus = []
        for _ in range(5):
            cpu = _children_cpu()
            subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO,
                           env=installed_like())
            cpus.append(_children_cpu() - cpu)
        print(f"  {label}: CPU {1000 * min(cpus):.0f} ms (best of 5)")


def time_figures(decks: Path, data: Path) -> None:
    """Each figure timed once in this process, after the deck cache is warm, then the drawing
    of them all."""
    import io

    from rich.console import Console

    from quiz.cli.commands.stats import render
    from quiz.render.i18n import Messages, resolve_lang
    from quiz.stats.cards import cards_now, weakest
    from quiz.stats.exams import exam_history
    from quiz.stats.habit import activity, streaks
    from quiz.stats.progress import progress
    from quiz.stats.scope import Scope, StudyCalendar
    from quiz.study.collection import Collection

    started = time.perf_counter()
    collection = Collection.open(deck_paths=[decks], data_dir=data,
                                 config_path=data / "config.toml")
    print(f"  open collection (20,000 cards from the deck cache): "
          f"{1000 * (time.perf_counter() - started):.0f} ms")
    scope = Scope.of(collection.entries)
    calendar = StudyCalendar(datetime.now(UTC), collection.settings.day_starts_at)
    settings = collection.settings
    figures = progress(collection.store, scope, calendar, settings)
    console = Console(file=io.StringIO(), width=100, highlight=False, emoji=False)
    t = Messages(resolve_lang(collection.settings.lang))   # as `quiz stats` picks it
    for name, figure in (
            ("cards now (counts, forecast, recall)",
             lambda: cards_now(collection.store, scope, calendar, settings)),
            ("activity (heatmap, time, retention, streaks)",
             lambda: activity(collection.store, scope, calendar)),
            ("  of which streaks", lambda: streaks(collection.store, scope, calendar)),
            ("weakest cards", lambda: weakest(collection.store, scope, calendar, settings)),
            ("exam history", lambda: exam_history(collection.store, scope)),
            ("drawing every figure (100 columns)", lambda: render(figures, console, t))):
        started, cpu = time.perf_counter(), time.process_time()
        figure()
        print(f"  {name}: {1000 * (time.perf_counter() - started):.0f} ms "
              f"(CPU {1000 * (time.process_time() - cpu):.0f} ms)")
    collection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=REPO / "bench" / "out" / "stats",
                        help="build (or reuse) the decks and store here (default: bench/out/stats)")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    root = options.dir
    decks, data = root / "decks", root / "data"
    if not (data / DB_NAME).exists():
        print(f"building {root} …", file=sys.stderr)
        write_decks(decks)
        build_store(data, datetime.now(UTC) - timedelta(hours=1))
    # Default settings: no config.toml where the platform looks (a named one must exist).
    os.environ.update({"XDG_CONFIG_HOME": str(root / "no-config"), "QUIZ_CONFIG": ""})
    common = ["--decks", str(decks), "--data-dir", str(data), "stats"]
    time_process(common, 1)   # fills the deck cache
    for label, extra in (("quiz stats", []), ("quiz stats --json", ["--json"]),
                         ("quiz stats bench-03", ["bench-03"])):
        walls, cpus = time_process(common + extra, options.runs)
        print(f"{label}: wall best {min(walls):.3f} s, median {statistics.median(walls):.3f} s; "
              f"CPU best {min(cpus):.3f} s, median {statistics.median(cpus):.3f} s "
              f"({options.runs} runs)")
    time_imports()
    time_figures(decks, data)


if __name__ == "__main__":
    main()
