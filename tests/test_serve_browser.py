"""`quiz serve` in a real headless Chromium: the deck list, one card studied by clicks (and by
taps at a phone's size), the token, two tabs at once, and what a visitor never sees.

Deselect with `-m "not browser"`; .ci/run installs Debian's chromium, which these tests drive
(a browser download cannot work on the machines this runs on).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browserkit import CHROMIUM, PHONE, Terminal, launch, pictures_on_failure
from quiz.storage.store import Store
from servekit import start_server

pytestmark = pytest.mark.browser

pytest.importorskip("textual_serve", reason="quiz serve needs the serve extra")
pytest.importorskip("pyte", reason="the browser tests read the screen with pyte (test extra)")
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="the browser tests need playwright (test extra)")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium (.ci/run does)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def playwright():
    with sync_api.sync_playwright() as driver:
        yield driver


def ratings(data_dir: Path, card: str) -> list[int]:
    """The grades the store holds for one card of the test deck, read as another process."""
    store = Store.open(data_dir)
    try:
        return [row["rating"] for row in store.history("browser", card)]
    finally:
        store.close()


def app_processes(data_dir: Path) -> list[int]:
    """Running processes whose command line names this data directory (the tabs' apps)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and entry.name != str(os.getpid()):
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if str(data_dir).encode() in command and b"serve" not in command:
                found.append(int(entry.name))
    return found


def assert_private(terminal: Terminal, *paths: Path) -> None:
    """Nothing the page was sent or shows names a path of this machine or a traceback."""
    sent = terminal.received.decode("utf-8", "replace")
    page = terminal.page.content()
    for text in (*map(str, paths), "Traceback"):
        assert text not in sent and text not in page, text


def study_one_card(terminal: Terminal, press) -> None:
    """From the deck list to one graded card, by pointer alone: the all-decks row (chosen
    already) studies, then the answer and Good."""
    terminal.wait_for("All decks")
    press("All decks")
    terminal.wait_for("Show answer")
    terminal.wait_for("0 done")
    press("Show answer")
    terminal.wait_for("3 Good")
    press("3 Good")
    terminal.wait_for("1 done")


def test_one_card_studied_by_clicks_is_in_the_store(playwright, tmp_path: Path) -> None:
    served = start_server(tmp_path)
    elsewhere: list[str] = []
    context = launch(playwright, tmp_path / "profile", elsewhere,
                     viewport={"width": 1000, "height": 700})
    page = context.new_page()
    terminal = Terminal(page)
    try:
        with pictures_on_failure(tmp_path, {"desktop": terminal}):
            page.goto(served.url)
            study_one_card(terminal, terminal.click)
            # The grade was stored before the next card was drawn.
            assert ratings(served.data_dir, "capital") == [3]
            terminal.click("Leave")                  # cards are left: it asks first
            terminal.wait_for("left in this session")
            terminal.click("Yes")
            terminal.wait_for("Session paused")
            assert_private(terminal, served.data_dir, served.decks, tmp_path)
            assert elsewhere == []                   # the page asked nothing of other servers
    finally:
        context.close()
        assert served.stop() == 0
    assert not app_processes(served.data_dir)       # stopping ended the tab's app


def test_on_a_phone_one_card_studied_by_taps_is_in_the_store(playwright,
                                                              tmp_path: Path) -> None:
    served = start_server(tmp_path)
    context = launch(playwright, tmp_path / "profile", **PHONE)
    page = context.new_page()
    terminal = Terminal(page)
    try:
        with pictures_on_failure(tmp_path, {"phone": terminal}):
            page.goto(served.url)
            terminal.wait_for("All decks")
            assert terminal.screen.columns < 50      # a phone's width, in cells
            study_one_card(terminal, terminal.tap)
            assert ratings(served.data_dir, "capital") == [3]
            assert_private(terminal, served.data_dir, served.decks, tmp_path)
    finally:
        context.close()
        assert served.stop() == 0


def test_two_tabs_at_once_each_with_its_app_both_answers_stored(playwright,
                                                                 tmp_path: Path) -> None:
    served = start_server(tmp_path)
    context = launch(playwright, tmp_path / "profile", viewport={"width": 1000, "height": 700})
    first, second = Terminal(context.new_page()), Terminal(context.new_page())
    try:
        with pictures_on_failure(tmp_path, {"first": first, "second": second}):
            first.page.goto(served.url)
            second.page.goto(served.url)
            for terminal in (first, second):
                terminal.wait_for("All decks")
            assert len(app_processes(served.data_dir)) == 2   # one app process per tab
            # Step by step, alternately, so both sessions are open at the same time.
            for label, then in (("All decks", "Show answer"), ("Show answer", "3 Good")):
                for terminal in (first, second):
                    terminal.click(label)
                for terminal in (first, second):
                    terminal.wait_for(then)
            first.click("3 Good")
            first.wait_for("1 done")
            second.click("3 Good")
            second.wait_for("1 done")
            assert ratings(served.data_dir, "capital") == [3, 3]
    finally:
        context.close()
        assert served.stop() == 0


def test_a_non_loopback_host_refuses_the_page_without_its_token(playwright,
                                                                 tmp_path: Path) -> None:
    served = start_server(tmp_path, "--host", "0.0.0.0")
    context = launch(playwright, tmp_path / "profile", viewport={"width": 1000, "height": 700})
    page = context.new_page()
    terminal = Terminal(page)
    try:
        with pictures_on_failure(tmp_path, {"tokened": terminal}):
            assert served.token is not None
            assert page.goto(served.local_url()).status == 403
            assert page.goto(served.local_url("/", token="0" * 32)).status == 403
            assert terminal.screen is None                    # no app was started
            # With the token (the printed URL, on this machine's loopback address), the page,
            # its scripts and its websocket all work: the cookie carries the token on.
            assert page.goto(served.local_url("/", token=served.token)).status == 200
            study_one_card(terminal, terminal.click)
            assert ratings(served.data_dir, "capital") == [3]
    finally:
        context.close()
        assert served.stop() == 0


def test_a_tab_whose_app_cannot_start_ends_without_showing_why(playwright,
                                                                tmp_path: Path) -> None:
    served = start_server(tmp_path)
    store = served.data_dir / "quiz.db"
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    store.write_bytes(b"not a database " * 400)        # damaged after the server checked it
    context = launch(playwright, tmp_path / "profile", viewport={"width": 1000, "height": 700})
    page = context.new_page()
    terminal = Terminal(page)
    try:
        with pictures_on_failure(tmp_path, {"damaged": terminal}):
            page.goto(served.url)
            terminal.wait(lambda: terminal.closed, "the session end")
            page.get_by_text("This session has ended.").wait_for()
            assert_private(terminal, served.data_dir, served.decks, tmp_path)
    finally:
        context.close()
        assert served.stop() == 0
    assert str(store) in served.stderr()                # the reason is on the server's side
