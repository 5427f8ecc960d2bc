"""What the give-away relation (quiz/decks/giveaway.py) costs at 20,000 cards, cold and cached.

The decks are 40 deck files of 500 cards, each grounded in its own synthetic article of 500
sentences, one card per sentence, of all four types, with quotes and notes (check_bench's
generator): an author's decks, where a card gives away the few others on its figures. Timed
in-process, CPU time, best of --runs, each run with the grader's caches emptied:

  read          reading the 40 deck files with grounding, as a changed deck is read (no relation)
  relation      working out the relation of all 40 decks from their cards
  cold load     `load_decks_cached` with an empty cache: read, relation, cache files written
  cached load   `load_decks_cached` with the cache filled: what every start-up pays
  decode        every deck's relation decoded from the cache: the most a session pays for it

    python bench/giveaway_bench.py [--decks 40] [--cards 500] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import check_bench  # noqa: E402 - the sentences, article and cards of the check bench

from quiz.answers import grading  # noqa: E402
from quiz.answers.numbers import parse_quantity  # noqa: E402
from quiz.decks.cache import load_decks_cached  # noqa: E402
from quiz.decks.discover import find_deck_files  # noqa: E402
from quiz.decks.giveaway import pair_count, relation  # noqa: E402
from quiz.decks.reader import read_deck  # noqa: E402


def generate(out: Path, decks: int, cards: int, seed: int = 1) -> list[Path]:
    """Deck files under out/decks, each on its own article under out/seeds."""
    marker = out / "generated.txt"
    wanted = f"{decks} {cards} {seed}"
    if marker.exists() and marker.read_text() == wanted:
        return sorted((out / "decks").glob("*.yaml"))
    shutil.rmtree(out, ignore_errors=True)
    (out / "decks").mkdir(parents=True)
    (out / "seeds").mkdir()
    kinds = ["basic"] * 4 + ["cloze"] * 2 + ["choice"] * 2 + ["numeric"] * 2
    for index in range(decks):
        rng = random.Random(seed * 1000 + index)
        parts = check_bench.sentences(rng, cards)
        (out / "seeds" / f"article-{index:02d}.txt").write_text(check_bench.article(rng, parts),
                                                               encoding="utf-8")
        lines = [f"deck: giveaway-{index:02d}", f"title: 基准测试 {index}",
                 f"source: ../seeds/article-{index:02d}.txt", "cards:"]
        for number in range(cards):
            lines += check_bench.card(rng, number, parts[number], kinds[number % len(kinds)])
        (out / "decks" / f"giveaway-{index:02d}.yaml").write_text("\n".join(lines) + "\n",
                                                                encoding="utf-8")
    marker.write_text(wanted)
    return sorted((out / "decks").glob("*.yaml"))


def forget() -> None:
    """Empty the grader's caches, as a fresh process has them."""
    for cached in (grading.normalise, grading._simplified, grading._targets,
                   grading._gap_targets, grading._choice_targets, parse_quantity):
        cached.cache_clear()


def best(runs: int, work: Callable[[], object], before: Callable[[], object] = lambda: None
         ) -> float:
    """The least CPU time of `work` over `runs` runs, `before` run untimed before each, with
    the grader's caches emptied."""
    times = []
    for _ in range(runs):
        before()
        forget()
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "giveaway")
    parser.add_argument("--decks", type=int, default=40)
    parser.add_argument("--cards", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    files = generate(args.out, args.decks, args.cards)
    decks = [read_deck(path, ground=True)[0] for path in files]
    total = sum(len(deck.cards) for deck in decks)
    related = [relation(deck.cards) for deck in decks]
    pairs = [pair_count(one) for one in related]
    print(f"{len(files)} decks, {total:,} cards: {sum(p for p, _ in pairs):,} give-away pairs, "
          f"{sum(c for _, c in pairs):,} cards given away by another")
    cache = args.out / "cache"
    paths = list(find_deck_files([args.out / "decks"]))

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def decode() -> None:
        entries, _ = load_decks_cached(paths, cache)
        started = time.process_time()
        for entry in entries:
            entry.gives_away   # noqa: B018 - decoding is what is timed
        decode.seconds = time.process_time() - started   # type: ignore[attr-defined]

    figures = [
        ("read", best(args.runs, lambda: [read_deck(path, ground=True) for path in files])),
        ("relation", best(args.runs, lambda: [relation(deck.cards) for deck in decks])),
        ("cold load", best(args.runs, lambda: load_decks_cached(paths, cache), cold)),
        ("cached load", best(args.runs, lambda: load_decks_cached(paths, cache))),
    ]
    decode_times = []
    for _ in range(args.runs):
        decode()
        decode_times.append(decode.seconds)   # type: ignore[attr-defined]
    figures.append(("decode", min(decode_times)))
    for name, seconds in figures:
        print(f"  {name:<12} {seconds * 1000:8.1f} ms CPU  ({seconds / total * 1e6:.1f} µs a card)")


if __name__ == "__main__":
    main()
