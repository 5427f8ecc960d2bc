"""`quiz serve`: the app in a web browser, one app process per tab, over the same store.

Needs the `serve` extra (textual-serve). The collection is opened once here, so that a bad
deck path, config file or store fails now, with its message, rather than in every tab; each
tab's process is then `quiz` itself, given the same decks, data directory and config file as
absolute paths, and the language and theme resolved here.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from urllib.parse import quote

from quiz.cli.commands.home import interface, warn_problems
from quiz.cli.open import open_collection
from quiz.cli.options import add_tui_options
from quiz.core.errors import UsageError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def port_number(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise ValueError(text)
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "serve", help="serve the app to web browsers, e.g. a phone's (needs quiz[serve])",
        description="Serve the study app to web browsers: each browser tab gets its own app "
                    "over the same review store. Only this machine can connect unless --host "
                    "names another address; then every request must carry a token, which "
                    "the printed URL holds.")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default: {DEFAULT_HOST}, this machine "
                             "only; 0.0.0.0 for every network this machine is on)")
    parser.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                        help=f"port to listen on (default: {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--token", metavar="TOKEN",
                        help="the token every request must carry (default: none on a loopback "
                             "address, else a new random one)")
    add_tui_options(parser)
    return parser


def app_command(args: argparse.Namespace, lang: str, theme: str) -> str:
    """The shell command each tab's app process runs: this Python's `quiz`, with the decks,
    data directory and config file this command resolved. textual-serve runs it through
    /bin/sh; `exec` makes the app the very process the server waits for and signals."""
    from quiz.core.locations import data_dir, deck_paths, named_config

    argv = [sys.executable, "-m", "quiz"]
    for path in deck_paths(getattr(args, "decks", None)):
        argv += ["--decks", str(path.resolve())]
    argv += ["--data-dir", str(data_dir(getattr(args, "data_dir", None)).resolve())]
    config = named_config(getattr(args, "config", None))
    if config is not None:
        argv += ["--config", str(config.resolve())]
    argv += ["--lang", lang, "--theme", theme]
    return "exec " + shlex.join(argv)


def page_url(host: str, port: int, token: str | None) -> str:
    """The URL to open: the address listened on (this machine's name for a wildcard one)."""
    import socket

    if host in ("", "0.0.0.0", "::"):
        host = socket.gethostname()
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    query = f"?token={quote(token, safe='')}" if token is not None else ""
    return f"http://{host}:{port}/{query}"


def run(args: argparse.Namespace) -> int:
    try:
        from quiz.serve.server import QuizServer
    except ImportError:
        raise UsageError("quiz serve needs textual-serve: pip install 'quiz[serve]'") from None
    from quiz.render.i18n import Messages
    from quiz.serve.access import checked_token, listens_on_loopback, new_token

    token = checked_token(args.token) if args.token is not None else None
    if token is None and not listens_on_loopback(args.host):
        token = new_token()
    collection = open_collection(args)
    try:
        lang, theme = interface(args, collection)
        warn_problems(collection, lang)
    finally:
        collection.close()
    t = Messages(lang)
    server = QuizServer(app_command(args, lang, theme), host=args.host, port=args.port,
                        token=token, messages=t)

    def announce(port: int) -> None:
        print(t("serve.open", url=page_url(args.host, port, token)), flush=True)

    server.run(announce)
    return 0
