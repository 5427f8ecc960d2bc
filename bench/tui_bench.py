"""Launch-to-first-card time of `quiz study`, measured as a whole process in a terminal.

Method: each run forks a fresh Python process on a pseudo-terminal of 80×24 (as a terminal
emulator would) and reads what it draws. The clock starts just before the fork and stops when
the study screen's progress line ("… left · …", English interface) arrives on the terminal:
the study screen writes that line and the card's prompt from one call, so they reach the
screen in the same frame. A second time is taken when the key bar at the bottom shows its keys
("Help"), which Textual's footer draws a frame or more later. The process is then killed; its
peak memory comes from wait4.

The floor is a minimal Textual app (a header, a line of text, a footer) timed the same way
(its footer's one key, "palette", for the second time). Scenarios:
  floor     the minimal app
  bundled   `quiz study` over the bundled decks (the deck cache already built)
  20k       `quiz study` over the engine benchmark's collection: 20,000 cards in 40 decks,
            500,000 logged reviews, every card due (made by bench/engine_bench.py's generator,
            in a child process, and kept in bench/out/engine for both benchmarks)
The runs go round by round, one of each scenario per round, so that a machine whose load
changes during the benchmark slows every scenario alike; "over floor" is the median of each
round's difference from the floor. The first run of each quiz scenario, which builds the deck
cache, is reported apart. The quiz package is byte-compiled first (as `pip install` does), so
no run pays for compiling it. This process imports no quiz code itself: a forked child's peak
RSS would otherwise include it.

    python bench/tui_bench.py [--runs 9] [--out bench/out/engine]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MARKER = b" left \xc2\xb7 "   # " left · " in UTF-8: the study screen's progress line
KEYS_MARKER = b"Help"          # a key's description in the study screen's key bar
FLOOR_MARKER = b"FIRSTPAINT"
FLOOR_KEYS_MARKER = b"palette"
SIZE = (24, 80)
TIMEOUT = 30.0

FLOOR_APP = textwrap.dedent("""\
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Floor(App):
        def compose(self):
            yield Header()
            yield Static("FIRSTPAINT")
            yield Footer()

    Floor().run()
    """)


def time_to_markers(argv: list[str], markers: tuple[bytes, bytes], env: dict[str, str],
                    cwd: Path) -> tuple[float, float, int]:
    """Seconds from fork to each marker on the terminal, and the child's peak RSS in KiB."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size its terminal, then become the program
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", *SIZE, 0, 0))
        os.chdir(cwd)
        os.execve(argv[0], argv, env)
    seen = b""
    found: dict[bytes, float] = {}
    try:
        while len(found) < len(markers):
            ready, _, _ = select.select([fd], [], [], TIMEOUT)
            if not ready:
                raise TimeoutError(f"no first card after {TIMEOUT:.0f} s: {seen[-400:]!r}")
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                raise RuntimeError(f"the program ended before its first card: "
                                   f"{seen[-400:]!r}") from None
            seen += chunk
            elapsed = time.perf_counter() - start
            for marker in markers:
                if marker not in found and marker in seen:
                    found[marker] = elapsed
    finally:
        os.kill(pid, signal.SIGKILL)
        _, _, usage = os.wait4(pid, 0)
        os.close(fd)
    return found[markers[0]], found[markers[1]], usage.ru_maxrss


def generate_collection(out: Path, cards: int, reviews: int) -> None:
    """The engine benchmark's 20,000-card collection (reused when already there)."""
    code = ("import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; import engine_bench; "
            "engine_bench.generate(__import__('pathlib').Path(sys.argv[3]), int(sys.argv[4]), "
            "int(sys.argv[5]))")
    subprocess.run([sys.executable, "-c", code, str(REPO / "bench"), str(REPO), str(out),
                    str(cards), str(reviews)], check=True)


@dataclass
class Scenario:
    """One program to launch, what to wait for, and what its runs measured."""

    name: str
    argv: list[str]
    markers: tuple[bytes, bytes]
    env: dict[str, str]
    cold: float | None = None
    cards: list[float] = field(default_factory=list)
    keys: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    def run(self, cwd: Path) -> None:
        card, keys, peak = time_to_markers(self.argv, self.markers, self.env, cwd)
        self.cards.append(card)
        self.keys.append(keys)
        self.peaks.append(peak)


def run_rounds(scenarios: list[Scenario], cwd: Path, runs: int) -> None:
    """A first (cold) run of each quiz scenario, then `runs` rounds of one run of each."""
    for scenario in scenarios[1:]:
        scenario.cold = time_to_markers(scenario.argv, scenario.markers, scenario.env, cwd)[0]
    for _ in range(runs):
        for scenario in scenarios:
            scenario.run(cwd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="rounds of timed runs")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "engine",
                        help="where the 20,000-card collection is kept (shared with "
                             "engine_bench.py)")
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--reviews", type=int, default=500_000)
    args = parser.parse_args()

    python = sys.executable
    subprocess.run([python, "-m", "compileall", "-q", str(REPO / "quiz")], check=True)
    base_env = {key: value for key, value in os.environ.items()
                if not key.startswith("QUIZ_") and key != "PYTHONDONTWRITEBYTECODE"}
    base_env.update({"TERM": "xterm-256color", "PYTHONPATH": str(REPO), "LANG": "C.UTF-8"})
    with tempfile.TemporaryDirectory(prefix="quiz-tui-bench-") as scratch:
        scratch_dir = Path(scratch)
        floor_app = scratch_dir / "floor.py"
        floor_app.write_text(FLOOR_APP, encoding="utf-8")
        study = [python, "-m", "quiz", "study", "--lang", "en"]
        bundled_home = scratch_dir / "bundled-home"
        bundled_home.mkdir()
        no_settings = scratch_dir / "none.toml"   # a named config file must exist: an empty one
        for config in (bundled_home / "config.toml", no_settings):
            config.write_text("", encoding="utf-8")
        generate_collection(args.out, args.cards, args.reviews)
        # Default settings: no config.toml where the platform looks (a named one must exist).
        scenarios = [
            Scenario("floor: minimal Textual app", [python, str(floor_app)],
                     (FLOOR_MARKER, FLOOR_KEYS_MARKER), base_env),
            Scenario("quiz study, bundled decks", study, (MARKER, KEYS_MARKER),
                     {**base_env, "QUIZ_HOME": str(bundled_home),
                      "XDG_CONFIG_HOME": str(bundled_home / "config"),
                      "QUIZ_DECKS": str(REPO / "decks")}),
            Scenario(f"quiz study, {args.cards:,} cards all due",
                     [*study, "--decks", str(args.out / "decks"), "--data-dir",
                      str(args.out / "home"), "--config", str(no_settings)],
                     (MARKER, KEYS_MARKER), base_env),
        ]
        run_rounds(scenarios, scratch_dir, args.runs)

    floor = scenarios[0]
    print(f"launch to first card on an 80×24 pty, {args.runs} rounds (seconds)")
    print(f"{'scenario':<36} {'median':>7} {'min':>7} {'max':>7} {'over floor':>10} "
          f"{'keys':>6} {'peak MiB':>9}  first run")
    for row in scenarios:
        over = statistics.median(card - base for card, base in zip(row.cards, floor.cards))
        cold = f"{row.cold:.3f}" if row.cold is not None else "–"
        print(f"{row.name:<36} {statistics.median(row.cards):>7.3f} {min(row.cards):>7.3f} "
              f"{max(row.cards):>7.3f} {over:>+10.3f} {statistics.median(row.keys):>6.3f} "
              f"{max(row.peaks) / 1024:>9.1f}  {cold}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
