"""Helpers for the tests of `quiz serve`: a server process on a free port, and plain requests."""

from __future__ import annotations

import http.client
import os
import re
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

START_SECONDS = 60.0   # generous: the machine may be busy; nothing here is a timing goal
STOP_SECONDS = 30.0
URL_RE = re.compile(r"http://\S+")

DECK = """\
deck: browser
title: Browser deck
cards:
  - id: capital
    q: What is the capital of France?
    a: Paris
  - id: river
    q: Which river runs through Paris?
    a: The Seine
"""


def write_deck(root: Path) -> Path:
    """A deck of two self-graded cards (so one card can be studied by clicks alone)."""
    decks = root / "decks"
    decks.mkdir(parents=True, exist_ok=True)
    (decks / "browser.yaml").write_text(DECK, encoding="utf-8")
    return decks


@dataclass
class Served:
    """A running `quiz serve` and what it printed."""

    process: subprocess.Popen
    url: str
    data_dir: Path
    decks: Path
    stderr_path: Path
    lines: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        port = urlsplit(self.url).port
        assert port is not None
        return port

    @property
    def token(self) -> str | None:
        return parse_qs(urlsplit(self.url).query).get("token", [None])[0]

    def local_url(self, path: str = "/", **query: str) -> str:
        """A URL of this server on 127.0.0.1, whatever host it printed."""
        pairs = "&".join(f"{key}={value}" for key, value in query.items())
        return f"http://127.0.0.1:{self.port}{path}" + (f"?{pairs}" if pairs else "")

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, signal_number: int = signal.SIGTERM) -> int:
        """SIGTERM (a service manager) or SIGINT (Ctrl+C); the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal_number)
        try:
            return self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise


def quiz_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("QUIZ_")}
    env["LANG"] = "C.UTF-8"
    return env


def start_server(root: Path, *flags: str, decks: Path | None = None) -> Served:
    """`quiz serve --port 0 FLAGS` over a fresh data directory under root (English
    interface); returns once it printed the URL to open. A failed start raises with its
    stderr."""
    decks = decks or write_deck(root)
    data_dir = root / "home"
    config = root / "config.toml"
    config.touch()
    stderr_path = root / "serve-stderr.txt"
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "quiz", "--decks", str(decks), "--data-dir", str(data_dir),
             "--config", str(config), "--lang", "en", "serve", "--port", "0", *flags],
            stdout=subprocess.PIPE, stderr=stderr, env=quiz_env(), cwd=root)
    assert process.stdout is not None
    deadline = time.monotonic() + START_SECONDS
    seen = b""
    while b"\n" not in seen:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([process.stdout], [], [], max(0.0, left))
        chunk = os.read(process.stdout.fileno(), 4096) if ready else b""
        if not chunk:
            process.kill()
            process.wait()
            raise AssertionError(f"quiz serve printed no URL: {seen!r} "
                                 f"{stderr_path.read_text(errors='replace')}")
        seen += chunk
    line = seen.decode().splitlines()[0]
    found = URL_RE.search(line)
    assert found, line
    return Served(process, found.group(0), data_dir, decks, stderr_path, [line])


def request(url: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    """A GET of url (no redirects followed, no cookies kept); the response, read."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    connection.request("GET", target, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def websocket_upgrade(url: str, headers: dict[str, str] | None = None) -> int:
    """The status of a websocket handshake on url (101 when it would be accepted)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers={
        "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", **(headers or {})})
    status = connection.getresponse().status
    connection.close()
    return status
