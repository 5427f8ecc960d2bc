"""Driving the served app in a real Chromium (Debian's, through Playwright).

The page draws the app with xterm.js on a canvas, so there is no text in its DOM to find. What
the page is sent is a terminal's byte stream: `Terminal` feeds the bytes each websocket frame
brings to a VT emulator (pyte), which gives the screen as text, cell by cell. A text found
there is clicked (or tapped) at its cell, computed from the terminal element's box and its
size in cells (the size the page itself reports to the server). Nothing depends on how a
version of xterm.js lays out its DOM, only on its `.xterm-screen` element holding the cells.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_SECONDS = 60.0   # a ceiling for a busy machine, not a timing goal
QUIET_SECONDS = 0.25  # no frame for this long: the screen is drawn (the clock ticks each second)
# A phone's viewport, touch and mobile layout. Its pixel ratio stays 1: with an emulated 3,
# headless Chromium gives xterm.js's canvas a backing store of 1 while it draws at 3, so a
# failure's screenshot would show a third of the page (taps land the same either way).
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 1}


def launch(playwright, profile: Path, refused: list[str] | None = None, **context_options):
    """Chromium with a fresh profile. Any request off this machine is refused (a test never
    sends one) and its URL added to `refused`."""
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), args=FLAGS, headless=True,
        **context_options)

    def route(route) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            if refused is not None:
                refused.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    return context


class Terminal:
    """The screen of the app in one page, as text, and clicks or taps on it."""

    def __init__(self, page) -> None:
        import pyte

        self.page = page
        self.pyte = pyte
        self.screen = None
        self.stream = None
        self.received = bytearray()
        self.closed = False
        self.last_frame = time.monotonic()
        page.on("websocket", self.attach)

    def attach(self, websocket) -> None:
        parts = urlsplit(websocket.url)
        if not parts.path.endswith("/ws"):
            return
        query = parse_qs(parts.query)
        self.screen = self.pyte.Screen(int(query["width"][0]), int(query["height"][0]))
        self.stream = self.pyte.ByteStream(self.screen)
        websocket.on("framereceived", self.received_frame)
        websocket.on("framesent", self.sent_frame)
        websocket.on("close", lambda _: setattr(self, "closed", True))
        self.closed = websocket.is_closed()   # it may have closed before this saw it open

    def received_frame(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):   # terminal output; text frames are the page's pings
            self.received += payload
            self.stream.feed(payload)
            self.last_frame = time.monotonic()

    def sent_frame(self, payload: bytes | str) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            self.screen.resize(size["height"], size["width"])

    # -- reading ---------------------------------------------------------------------------------

    def lines(self) -> list[str]:
        return list(self.screen.display) if self.screen is not None else []

    def text(self) -> str:
        return "\n".join(self.lines())

    def find(self, text: str) -> tuple[int, int, int] | None:
        """(first column, last column, row) of the first place `text` is on screen. A wide
        character takes two cells (pyte leaves the second empty)."""
        if self.screen is None:
            return None
        for row in range(self.screen.lines):
            line = self.screen.buffer[row]
            columns = [column for column in range(self.screen.columns) if line[column].data]
            joined = "".join(line[column].data for column in columns)
            start = joined.find(text)
            if start >= 0:
                return columns[start], columns[start + len(text) - 1], row
        return None

    def wait(self, condition: Callable[[], bool], what: str) -> None:
        """Let the page run until `condition()` holds."""
        deadline = time.monotonic() + WAIT_SECONDS
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {what}; the screen was:\n{self.text()}")
            self.page.wait_for_timeout(20)

    def wait_for(self, text: str) -> tuple[int, int, int]:
        self.wait(lambda: self.find(text) is not None, repr(text))
        found = self.find(text)
        assert found is not None
        return found

    # -- pointing --------------------------------------------------------------------------------

    def settled(self) -> None:
        """Wait until no frame has come for a while, as a person looks before tapping: a
        screen may be drawn in more than one frame."""
        self.wait(lambda: time.monotonic() - self.last_frame > QUIET_SECONDS, "a still screen")

    def point(self, text: str) -> tuple[float, float]:
        """The middle of `text` on screen, in page pixels, once it is there and still."""
        self.wait_for(text)
        self.settled()
        first, last, row = self.wait_for(text)
        box = self.page.locator(".xterm-screen").bounding_box()
        assert box is not None
        width = box["width"] / self.screen.columns
        height = box["height"] / self.screen.lines
        return box["x"] + (first + last + 1) / 2 * width, box["y"] + (row + 0.5) * height

    def click(self, text: str) -> None:
        self.page.mouse.click(*self.point(text))

    def tap(self, text: str) -> None:
        self.page.touchscreen.tap(*self.point(text))


@contextlib.contextmanager
def pictures_on_failure(folder: Path, terminals: dict[str, Terminal]) -> Iterator[None]:
    """On a failure, save each page's screenshot and screen text in `folder` (the test's own
    tmp dir), then let the failure through."""
    try:
        yield
    except BaseException:
        for name, terminal in terminals.items():
            with contextlib.suppress(Exception):
                terminal.page.screenshot(path=str(folder / f"failure-{name}.png"))
            (folder / f"failure-{name}.txt").write_text(terminal.text(), encoding="utf-8")
        raise
