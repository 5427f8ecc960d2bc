"""`quiz serve` in Chromium against `quiz` in a terminal: first card, and answer to next card.

Both sides study the same generated deck of self-graded cards (new, in a fresh data directory
each run), with the English interface.

Browser (Debian's headless Chromium through Playwright, the page at 1000×700): a new tab of a
browser that has loaded the page once (its script cached) opens the page of a running
`quiz serve`, which starts that tab's app process. Timed from
just before `goto` to the deck list on screen, then from the click on its "all decks" row to
the first card on screen; their sum is page to first card. Then, card after card, the click on
"Show answer", and the click on "3 Good" to the next card on screen ("answer round trip").
"On screen" is when the frame that draws it reaches the page, read with a VT emulator from the
websocket's frames as tests/browserkit.py does (xterm.js paints it within the next animation
frame, not counted).

Terminal (a pseudo-terminal of 80×24, as tui_bench.py): `quiz study` from fork to the first
card drawn (the deck cache built by a warm-up run, as the server builds it before serving);
then Space, and "3" to the next card drawn, card after card.

    python bench/serve_bench.py [--runs 7] [--answers 30]
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
import sys
import tempfile
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO / "bench")]

from tui_bench import time_to_markers  # noqa: E402

from browserkit import Terminal, launch  # noqa: E402
from servekit import quiz_env, start_server  # noqa: E402

SIZE = (24, 80)
TIMEOUT = 60.0


def write_deck(folder: Path, cards: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["deck: bench", "title: Bench deck", "cards:"]
    for number in range(cards):
        lines += [f"  - id: c{number}", f"    q: What is {number} plus one?",
                  f"    a: \"{number + 1}\""]
    (folder / "bench.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# -- the terminal --------------------------------------------------------------------------------

class Pty:
    """A program on a pseudo-terminal, and waits for bytes it draws."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", *SIZE, 0, 0))
            os.chdir(cwd)
            os.execve(argv[0], argv, env)
        self.seen = b""

    def wait_for(self, marker: bytes) -> float:
        """The time the marker arrived (perf_counter), reading from where the last wait
        stopped."""
        start = len(self.seen)
        deadline = time.monotonic() + TIMEOUT
        while marker not in self.seen[max(0, start - len(marker)):]:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError(f"no {marker!r}: {self.seen[-300:]!r}")
            self.seen += os.read(self.fd, 65536)
        return time.perf_counter()

    def send(self, keys: bytes) -> float:
        started = time.perf_counter()
        os.write(self.fd, keys)
        return started

    def close(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def terminal_answers(scratch: Path, decks: Path, answers: int) -> list[float]:
    home = scratch / "pty-home"
    env = {**quiz_env(), "TERM": "xterm-256color", "PYTHONPATH": str(REPO)}
    program = Pty([sys.executable, "-m", "quiz", "--decks", str(decks), "--data-dir", str(home),
                   "--config", str(scratch / "config.toml"), "--lang", "en", "study"],
                  env, scratch)
    try:
        program.wait_for(b" 0 done")
        times = []
        for done in range(1, answers + 1):
            program.send(b" ")
            program.wait_for(b"Good")
            started = program.send(b"3")
            times.append(program.wait_for(f" {done} done".encode()) - started)
        return times
    finally:
        program.close()


# -- the browser ---------------------------------------------------------------------------------

def browser_first_card(context, url: str) -> tuple[float, float]:
    """A new tab of a browser that has loaded the page before (its script cached)."""
    page = context.new_page()
    try:
        terminal = Terminal(page)
        started = time.perf_counter()
        page.goto(url)
        terminal.wait_for("All decks")
        listed = time.perf_counter()
        point = terminal.point("All decks")      # waits for a still screen: not counted
        clicked = time.perf_counter()
        page.mouse.click(*point)
        terminal.wait_for("0 done")
        return listed - started, time.perf_counter() - clicked
    finally:
        page.close()


def browser_answers(playwright, scratch: Path, url: str, answers: int) -> list[float]:
    context = launch(playwright, scratch / "profile-answers",
                     viewport={"width": 1000, "height": 700})
    try:
        page = context.new_page()
        terminal = Terminal(page)
        page.goto(url)
        terminal.click("All decks")
        terminal.wait_for("0 done")
        times = []
        for done in range(1, answers + 1):
            terminal.click("Show answer")
            point = terminal.point("3 Good")
            started = time.perf_counter()
            page.mouse.click(*point)
            terminal.wait_for(f" {done} done")
            times.append(time.perf_counter() - started)
        return times
    finally:
        context.close()


def summary(name: str, values: list[float]) -> str:
    return (f"{name:<46} {statistics.median(values) * 1000:>8.1f} {min(values) * 1000:>8.1f} "
            f"{max(values) * 1000:>8.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="first-card runs on each side")
    parser.add_argument("--answers", type=int, default=30, help="answers timed on each side")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="quiz-serve-bench-") as folder:
        scratch = Path(folder)
        decks = write_deck(scratch / "decks", max(args.answers + 5, 50))
        (scratch / "config.toml").touch()
        env = {**quiz_env(), "TERM": "xterm-256color", "PYTHONPATH": str(REPO)}
        argv = [sys.executable, "-m", "quiz", "--decks", str(decks), "--data-dir",
                str(scratch / "pty-first"), "--config", str(scratch / "config.toml"),
                "--lang", "en", "study"]
        time_to_markers(argv, (b" 0 done", b"Help"), env, scratch)   # warm-up: the deck cache
        pty_first = [time_to_markers(argv, (b" 0 done", b"Help"), env, scratch)[0]
                     for _ in range(args.runs)]
        pty_answers = terminal_answers(scratch, decks, args.answers)

        (scratch / "served").mkdir()
        served = start_server(scratch / "served", decks=decks)
        try:
            with sync_playwright() as playwright:
                context = launch(playwright, scratch / "profile",
                                 viewport={"width": 1000, "height": 700})
                try:
                    browser_first_card(context, served.url)       # warm-up: the page cached
                    firsts = [browser_first_card(context, served.url)
                              for _ in range(args.runs)]
                finally:
                    context.close()
                web_answers = browser_answers(playwright, scratch, served.url, args.answers)
        finally:
            served.stop()

    print(f"{args.runs} runs of the first card, {args.answers} answers on each side "
          f"(milliseconds)")
    print(f"{'measure':<46} {'median':>8} {'min':>8} {'max':>8}")
    print(summary("terminal: launch to first card (80×24 pty)", pty_first))
    print(summary("browser: page opened to deck list", [a for a, _ in firsts]))
    print(summary("browser: click on deck to first card", [b for _, b in firsts]))
    print(summary("browser: page opened to first card", [a + b for a, b in firsts]))
    print(summary("terminal: grade key to next card", pty_answers))
    print(summary("browser: click on grade to next card", web_answers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
