"""Who may open the served app: which addresses are this machine's own, and the token.

No web framework here: the server applies these rules to each request.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import socket

from quiz.core.errors import UsageError

TOKEN_RE = re.compile(r"[A-Za-z0-9._~-]{16,}")
"""A token must be long enough not to be guessed and need no escaping in a URL."""


def is_loopback_address(host: str) -> bool:
    """Whether `host` names this machine only, without asking DNS: a loopback IP address or
    `localhost` (what the Host header of a request from this machine's browser holds)."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def listens_on_loopback(host: str) -> bool:
    """Whether a server bound to `host` can be reached from this machine only: every address
    the name resolves to is a loopback one. A wildcard (0.0.0.0, ::), a name that does not
    resolve, or one address elsewhere, and the answer is no."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass   # a name: what it resolves to decides (/etc/hosts may send `localhost` anywhere)
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    return bool(found) and all(ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback
                               for info in found)


def new_token() -> str:
    """A token for one run of the server: 32 URL-safe characters (192 random bits)."""
    return secrets.token_urlsafe(24)


def checked_token(token: str) -> str:
    """The token given with --token, if it can serve as one (UsageError otherwise)."""
    if not TOKEN_RE.fullmatch(token):
        raise UsageError("--token must be at least 16 characters, each a letter, a digit or "
                         "one of - _ . ~")
    return token


def token_matches(given: str | None, token: str) -> bool:
    """Whether a request's token is the server's, compared in constant time."""
    return given is not None and secrets.compare_digest(given.encode(), token.encode())
