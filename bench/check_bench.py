"""Time `quiz check` on a generated 10,000-card deck grounded in a synthetic Chinese article.

The deck mixes all four card types; every card quotes a sentence of the article, and the
article is laid out like the real seeds (lines broken mid-sentence, spaces around figures),
so the whole grounding path runs. Each run is a separate `python -m quiz check` process, as
an author runs it, with the package byte-compiled first (as `pip install` does), so no run
pays for compiling it. The runs are timed twice, with a data directory of their own: first
with no deck cache entry (the give-away relation worked out), then with the entry a study
session leaves (the pairs counted from it). Goal: under 1 s on a 2-core machine.

    python bench/check_bench.py                 # 10,000 cards, 7 runs
    python bench/check_bench.py --sentences 5000 --runs 5
    python bench/check_bench.py --profile       # where the time goes, in-process
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 1.0

SUBJECTS = ["普惠小微贷款", "涉农贷款", "绿色贷款", "制造业中长期贷款", "科技型中小企业贷款",
            "个人住房贷款", "数字人民币交易", "生成式人工智能服务", "大模型备案", "跨境人民币结算",
            "外商直接投资", "社会消费品零售总额", "规模以上工业增加值", "城镇新增就业",
            "快递业务量", "新能源汽车产量", "集成电路出口", "服务贸易进出口", "衣架产业产值"]
PLACES = ["全国", "海南省", "三亚市", "浙江省", "江苏省", "广东省", "长三角地区", "中西部地区"]
TIMES = ["截至2023年末", "2024年前三季度", "截至2024年11月底", "2025年上半年", "2023年全年",
         "截至2024年12月31日", "2024年1至10月"]
MEASURES = [("余额", "万亿元"), ("规模", "亿元"), ("数量", "款"), ("总量", "万件"),
            ("金额", "亿美元"), ("人数", "万人"), ("企业数", "家")]
GROWTH = ["同比增长", "比上年末增加", "较年初增长", "同比下降"]
FILLER = ["据中国人民银行发布的报告显示，", "记者从有关部门获悉，", "业内人士分析认为，",
          "数据显示，", "与此同时，", "值得注意的是，", ""]
TAILS = ["，增速比各项贷款高{g}个百分点。", "，占全部贷款的{g}%。", "，创历史新高。",
         "，为实体经济发展提供了有力支撑。", "。"]


def figure(rng: random.Random) -> str:
    value = rng.choice([rng.uniform(1, 99), rng.uniform(100, 9999), rng.uniform(0.1, 9.9)])
    return f"{value:,.{rng.choice([1, 2])}f}" if value < 1000 else f"{value:,.0f}"


def sentences(rng: random.Random, count: int) -> list[dict[str, str]]:
    """Sentences of an economic news article, each with one figure a card can ask about."""
    result = []
    for _ in range(count):
        subject, place, when = rng.choice(SUBJECTS), rng.choice(PLACES), rng.choice(TIMES)
        measure, unit = rng.choice(MEASURES)
        number, growth = figure(rng), f"{rng.uniform(0.5, 40):.1f}%"
        before = f"{rng.choice(FILLER)}{when}，{place}{subject}{measure}为"
        after = f"{unit}，{rng.choice(GROWTH)}{growth}"
        tail = rng.choice(TAILS).format(g=f"{rng.uniform(0.5, 20):.1f}")
        result.append({"before": before, "number": number, "unit": unit, "after": after,
                       "growth": growth, "tail": tail, "subject": subject, "when": when,
                       "place": place, "measure": measure})
    return result


def article(rng: random.Random, parts: list[dict[str, str]]) -> str:
    """The article as scanned text: spaces around figures, lines broken mid-sentence."""
    body = "".join(f"{p['before']} {p['number']} {p['after']}{p['tail']}" for p in parts)
    lines, start = [], 0
    while start < len(body):
        width = rng.randint(28, 46)
        lines.append(body[start:start + width])
        if rng.random() < 0.08:
            lines.append("")
        start += width
    return "\n".join(lines) + "\n"


def card(rng: random.Random, index: int, part: dict[str, str], kind: str,
         reuse: int = 0) -> list[str]:
    """One card on a sentence; `reuse` (how many cards asked it before) trims the quote at
    either end, so no two cards have the same quote and answer (a `duplicate-fact` warning)."""
    sentence = f"{part['before']}{part['number']}{part['after']}"
    quote = sentence[reuse % 5:len(sentence) - reuse // 5 % 5]
    ask = f"{part['when']}，{part['place']}{part['subject']}{part['measure']}为多少？"
    lines = [f"  - id: card-{index:05d}"]
    if kind == "cloze":
        lines += ["    type: cloze",
                  f"    text: {part['before']}{{{{{part['number']}}}}}{part['after']}"]
    elif kind == "choice":
        options = {part["number"] + part["unit"]}
        while len(options) < 4:
            options.add(figure(rng) + part["unit"])
        choices = sorted(options)
        lines += ["    type: choice", f"    q: {ask}",
                  f"    choices: [{', '.join(f'{c!r}' for c in choices)}]",  # '3,782' has a comma
                  f"    a: {part['number']}{part['unit']}"]
    elif kind == "numeric":
        lines += ["    type: numeric", f"    q: {ask}", f"    a: '{part['number']}'",
                  f"    unit: {part['unit']}", "    tolerance: '0'"]
    else:
        lines += [f"    q: {ask}", f"    a: {part['number']}{part['unit']}",
                  f"    accept: ['{part['number']}']"]
    lines.append(f"    quote: {quote}")
    if rng.random() < 0.5:
        lines.append(f"    explain: {rng.choice(['同比', '较上年'])}增长{part['growth']}")
    if rng.random() < 0.3:
        lines.append(f"    tags: [{part['subject']}, {part['place']}]")
    return lines


def generate(directory: Path, cards: int, sentence_count: int, seed: int) -> Path:
    """Write seeds/article.txt and decks/bench.yaml under directory; returns the deck path."""
    rng = random.Random(seed)
    parts = sentences(rng, sentence_count)
    (directory / "seeds").mkdir(parents=True, exist_ok=True)
    (directory / "decks").mkdir(parents=True, exist_ok=True)
    (directory / "seeds" / "article.txt").write_text(article(rng, parts), encoding="utf-8")
    kinds = ["basic"] * 4 + ["cloze"] * 2 + ["choice"] * 2 + ["numeric"] * 2
    lines = ["deck: bench", "title: 基准测试：普惠金融与产业数据", "source: ../seeds/article.txt",
             "as_of: 2024-12-31", "tags: [基准]", "cards:"]
    for index in range(cards):
        lines += card(rng, index, parts[index % len(parts)], kinds[index % len(kinds)],
                      index // len(parts))
    deck = directory / "decks" / "bench.yaml"
    deck.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return deck


def child_env(home: Path | None = None) -> dict[str, str]:
    """This environment with the checkout on the path, bytecode writing allowed and, given a
    data directory, QUIZ_HOME set to it (its deck cache is what `quiz check` may count from)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(REPO), **({"QUIZ_HOME": str(home)} if home else {})}


def run_check(deck: Path, home: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """One `python -m quiz check` process: wall seconds, CPU seconds and the result."""
    env = child_env(home)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "quiz", "check", str(deck)],
                            capture_output=True, text=True, env=env, cwd=deck.parent)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result


def floor(deck: Path) -> tuple[float, float]:
    """What any PyYAML-based check pays: starting Python with its imports, and PyYAML's C
    parser handing over every event of the deck (best of three, CPU seconds)."""
    env = child_env()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(3):
        subprocess.run([sys.executable, "-c", "import quiz.cli.main, quiz.decks.reader"],
                       env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    start_up = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / 3
    import yaml

    text = deck.read_text(encoding="utf-8")
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for _event in iter(yaml.CSafeLoader(text).get_event, None):
            pass
        best = min(best, time.process_time() - started)
    return start_up, best


def profile(deck: Path, home: Path) -> None:
    """Where an in-process `quiz check` spends its time (the process start-up is not
    included): reading, the card rules and the give-away count, with no deck cache entry."""
    sys.path.insert(0, str(REPO))
    from quiz.cli.main import main as quiz

    profiler = cProfile.Profile()
    profiler.enable()
    quiz(["--data-dir", str(home), "check", str(deck)])
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--sentences", type=int, default=400,
                        help="sentences in the source article (400 ≈ 20,000 characters)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the deck here and keep it")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one check")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        directory = args.keep or Path(scratch)
        deck = generate(directory, args.cards, args.sentences, args.seed)
        source = directory / "seeds" / "article.txt"
        print(f"deck: {deck.stat().st_size / 2**20:.1f} MiB, {args.cards:,} cards; source: "
              f"{len(source.read_text(encoding='utf-8')):,} characters")
        home = Path(scratch) / "home"   # a data directory of its own, its deck cache empty
        if args.profile:
            profile(deck, home)
            return 0
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "quiz")], check=True)
        _, _, first = run_check(deck, home)
        # No errors or warnings; the summary then counts the give-away pairs (25 cards ask
        # about each sentence, so there are many).
        expected = f"1 deck file, {args.cards:,} cards: no problems".replace(",", "")
        summary = first.stdout.strip().replace(",", "")
        if first.returncode != 0 or summary.partition(";")[0] != expected:
            print(f"quiz check did not pass the generated deck:\n{first.stdout[-2000:]}"
                  f"{first.stderr[-2000:]}", file=sys.stderr)
            return 1
        walls = timed_runs(deck, home, args.runs, "no deck cache entry: the give-away "
                                                  "relation worked out")
        # As a study session leaves the deck cache: `quiz check` counts the give-away pairs
        # from the fresh entry instead.
        sys.path.insert(0, str(REPO))
        from quiz.decks.cache import load_decks_cached

        load_decks_cached([deck], home / "cache")
        timed_runs(deck, home, args.runs, "the deck's cache entry fresh")
        start_up, events = floor(deck)
        print(f"floor: start-up and imports {start_up:.3f} s CPU; PyYAML's events for the deck "
              f"{events:.3f} s CPU")
        verdict = "meets" if min(walls) < GOAL_SECONDS else "MISSES"
        print(f"without a cache entry, {verdict} the {GOAL_SECONDS:.0f} s goal")
    return 0


def timed_runs(deck: Path, home: Path, runs: int, what: str) -> list[float]:
    """Time `runs` checks of the deck and print their figures; the wall times."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu, _ = run_check(deck, home)
        walls.append(wall)
        cpus.append(cpu)
    print(f"quiz check, {runs} runs, {what}: wall min {min(walls):.3f} s, median "
          f"{statistics.median(walls):.3f} s; CPU min {min(cpus):.3f} s, median "
          f"{statistics.median(cpus):.3f} s (load average {os.getloadavg()[0]:.1f}, "
          f"{os.cpu_count()} CPUs)")
    return walls


if __name__ == "__main__":
    raise SystemExit(main())
