"""`quiz serve` without a browser: who may connect, the token, the command each tab runs, the
flags and their errors. The browser tests are in test_serve_browser.py."""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

import pytest

from quiz.cli.commands.serve import app_command, page_url
from quiz.cli.main import main, parse_args
from quiz.core.errors import UsageError
from quiz.serve.access import (
    checked_token,
    is_loopback_address,
    listens_on_loopback,
    new_token,
    token_matches,
)
from servekit import request, start_server, websocket_upgrade

pytest.importorskip("textual_serve", reason="quiz serve needs the serve extra")


# -- which addresses are this machine's ---------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "127.255.0.9", "::1", "[::1]",
                                  "localhost"])
def test_loopback_hosts_are_this_machine_only(host: str) -> None:
    assert listens_on_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.0.2.7", "10.1.2.3", "2001:db8::1",
                                  "no-such-host.invalid"])
def test_every_other_host_may_be_reached_from_elsewhere(host: str) -> None:
    assert not listens_on_loopback(host)


@pytest.mark.parametrize(("host", "local"), [
    ("127.0.0.1", True), ("[::1]", True), ("localhost", True), ("LOCALHOST.", True),
    ("tab.localhost", True), ("evil.example", False), ("127.0.0.1.evil.example", False),
    ("192.168.1.20", False), ("", False)])
def test_a_host_header_names_this_machine_only_as_a_loopback_address(host: str,
                                                                       local: bool) -> None:
    assert is_loopback_address(host) is local


# -- the token ------------------------------------------------------------------------------------

def test_new_tokens_are_long_url_safe_and_different() -> None:
    tokens = {new_token() for _ in range(20)}
    assert len(tokens) == 20
    assert all(checked_token(token) == token for token in tokens)


@pytest.mark.parametrize("token", ["short", "x" * 15, "has space in it!!", "a/b/c/d/e/f/g/h/i",
                                   "ünïcödeünïcödeünïcöde", ""])
def test_a_weak_or_unusable_token_is_refused(token: str) -> None:
    with pytest.raises(UsageError, match="--token"):
        checked_token(token)


def test_tokens_match_only_when_equal() -> None:
    token = new_token()
    assert token_matches(token, token)
    assert not token_matches(token[:-1], token)
    assert not token_matches(token + "x", token)
    assert not token_matches(None, token)
    assert not token_matches("", token)


# -- what each tab runs, and the URL ------------------------------------------------------------

def test_each_tab_runs_quiz_with_the_servers_decks_data_and_config(tmp_path: Path,
                                                                     monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my decks").mkdir()
    (tmp_path / "settings.toml").touch()
    args = parse_args(["--decks", "my decks", "--data-dir", "data", "--config", "settings.toml",
                       "serve"])
    argv = shlex.split(app_command(args, "zh", "light"))
    assert argv[:4] == ["exec", sys.executable, "-m", "quiz"]   # the app is the shell's process
    tab = parse_args(argv[4:])
    assert tab.command is None                      # the deck list
    assert tab.decks == [str(tmp_path / "my decks")]
    assert tab.data_dir == str(tmp_path / "data")
    assert tab.config == str(tmp_path / "settings.toml")
    assert (tab.lang, tab.theme) == ("zh", "light")


def test_without_a_named_config_the_tabs_name_none(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("QUIZ_CONFIG", raising=False)
    args = parse_args(["--data-dir", str(tmp_path), "serve"])
    tab = parse_args(shlex.split(app_command(args, "en", "dark"))[4:])
    assert tab.config is None    # the default file, which may be missing, as for `quiz` itself


@pytest.mark.parametrize(("host", "token", "url"), [
    ("127.0.0.1", None, "http://127.0.0.1:8000/"),
    ("::1", None, "http://[::1]:8000/"),
    ("192.0.2.7", "a-b_c.d~e" * 2, "http://192.0.2.7:8000/?token=a-b_c.d~ea-b_c.d~e"),
])
def test_the_printed_url_names_the_address_and_holds_the_token(host, token, url) -> None:
    assert page_url(host, 8000, token) == url


def test_a_wildcard_address_is_printed_as_this_machines_name() -> None:
    assert page_url("0.0.0.0", 8000, "t" * 16) == \
        f"http://{socket.gethostname()}:8000/?token={'t' * 16}"


# -- flags and their errors ---------------------------------------------------------------------

@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_a_bad_port_is_a_one_line_usage_error(port: str, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(tmp_path), "serve", "--port", port])
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_a_short_token_is_refused_before_anything_starts(tmp_path: Path, capsys) -> None:
    code = main(["--data-dir", str(tmp_path / "home"), "serve", "--token", "short"])
    assert code == 2
    assert "--token" in capsys.readouterr().err
    assert not (tmp_path / "home").exists()


def test_without_the_extra_it_says_how_to_install_it(tmp_path: Path, monkeypatch,
                                                     capsys) -> None:
    for name in ("textual_serve", "textual_serve.server", "quiz.serve.server"):
        monkeypatch.setitem(sys.modules, name, None)   # import raises ImportError
    code = main(["--data-dir", str(tmp_path), "serve"])
    assert code == 2
    assert "pip install 'quiz[serve]'" in capsys.readouterr().err


def test_a_damaged_store_is_an_error_before_anything_is_served(tmp_path: Path) -> None:
    import subprocess

    from servekit import quiz_env, write_deck

    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "quiz.db").write_bytes(b"not a database " * 400)
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "--decks", str(write_deck(tmp_path)), "--data-dir",
         str(tmp_path / "home"), "serve", "--port", "0"],
        capture_output=True, text=True, env=quiz_env(), timeout=120)
    assert result.returncode != 0
    assert result.stderr.startswith("quiz: ") and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""                       # no URL: nothing was served


def test_a_port_in_use_is_a_one_line_error(tmp_path: Path) -> None:
    import subprocess

    from servekit import quiz_env, write_deck

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "quiz", "--decks", str(write_deck(tmp_path)), "--data-dir",
             str(tmp_path / "home"), "serve", "--port", str(port)],
            capture_output=True, text=True, env=quiz_env(), timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("quiz: cannot listen on 127.0.0.1 port")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


# -- the running server ---------------------------------------------------------------------------

def test_on_loopback_the_page_is_served_to_this_machine_only(tmp_path: Path) -> None:
    served = start_server(tmp_path)
    try:
        assert served.token is None
        assert served.url == f"http://127.0.0.1:{served.port}/"
        page = request(served.local_url())
        assert page.status == 200
        policy = page.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert request(served.local_url("/static/js/textual.js")).status == 200
        # A web page elsewhere, through a DNS name of its own pointing here, or opening the
        # websocket from its own origin:
        assert request(served.local_url(), {"Host": "evil.example"}).status == 403
        assert websocket_upgrade(served.local_url("/ws"), {"Host": "evil.example"}) == 403
        assert websocket_upgrade(served.local_url("/ws"),
                                 {"Origin": "http://evil.example"}) == 403
    finally:
        assert served.stop() == 0


def test_the_page_shows_no_path_of_this_machine(tmp_path: Path) -> None:
    import urllib.request

    served = start_server(tmp_path)
    try:
        html = urllib.request.urlopen(served.local_url(), timeout=30).read().decode()
        assert 'class="textual-terminal"' in html
        for path in (served.data_dir, served.decks, tmp_path, sys.executable):
            assert str(path) not in html
    finally:
        assert served.stop() == 0


def test_a_non_loopback_host_needs_the_generated_token_everywhere(tmp_path: Path) -> None:
    served = start_server(tmp_path, "--host", "0.0.0.0")
    try:
        token = served.token
        assert token is not None and len(token) >= 32
        assert served.url.startswith(f"http://{socket.gethostname()}:{served.port}/?token=")
        for path in ("/", "/static/js/textual.js", "/static/css/xterm.css", "/download/x"):
            assert request(served.local_url(path)).status == 403, path
            assert request(served.local_url(path, token="x" * 32)).status == 403, path
            assert request(served.local_url(path), {"Cookie": f"quiz_token={token}x"}).status \
                == 403, path
        assert websocket_upgrade(served.local_url("/ws")) == 403
        assert websocket_upgrade(served.local_url("/ws", token=token[:-1])) == 403

        page = request(served.local_url("/", token=token))
        assert page.status == 200
        cookie = page.headers["Set-Cookie"]
        assert cookie.startswith(f"quiz_token={token};")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert page.headers["Referrer-Policy"] == "no-referrer"
        # After that first page load the browser sends the cookie instead.
        assert request(served.local_url("/static/js/textual.js"),
                       {"Cookie": f"quiz_token={token}"}).status == 200
    finally:
        assert served.stop() == 0


def test_a_given_token_is_required_even_on_loopback(tmp_path: Path) -> None:
    token = "behind-the-proxy-0123456789"
    served = start_server(tmp_path, "--token", token)
    try:
        assert served.token == token
        assert request(served.local_url()).status == 403
        assert request(served.local_url("/", token=token)).status == 200
    finally:
        assert served.stop() == 0


def test_behind_a_tls_proxy_the_page_connects_with_wss(tmp_path: Path) -> None:
    import urllib.request

    token = "behind-the-proxy-0123456789"
    served = start_server(tmp_path, "--token", token)
    try:
        page = urllib.request.urlopen(urllib.request.Request(
            served.local_url("/", token=token),
            headers={"Host": "quiz.example.org", "X-Forwarded-Proto": "https"}), timeout=30)
        html = page.read().decode()
        assert 'data-session-websocket-url="wss://quiz.example.org/ws"' in html
        assert "Secure" in page.headers["Set-Cookie"]
    finally:
        assert served.stop() == 0


def test_the_font_size_of_the_page_can_be_asked_for(tmp_path: Path) -> None:
    import urllib.request

    served = start_server(tmp_path)
    try:
        page = urllib.request.urlopen(served.local_url(), timeout=30).read().decode()
        larger = urllib.request.urlopen(served.local_url("/", fontsize="12"),
                                        timeout=30).read().decode()
        assert 'data-font-size="16"' in page and 'data-font-size="12"' in larger
    finally:
        assert served.stop() == 0


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_ctrl_c_or_sigterm_stops_it_cleanly(tmp_path: Path, signal_name: str) -> None:
    import signal

    served = start_server(tmp_path)
    assert request(served.local_url()).status == 200
    assert served.stop(getattr(signal, signal_name)) == 0
    assert "Traceback" not in served.stderr()
