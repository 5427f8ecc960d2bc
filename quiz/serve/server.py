"""The web server of `quiz serve`: textual-serve's, with a guard in front of every request.

textual-serve answers `/` with a page that runs xterm.js, and each websocket that page opens
(one per browser tab) starts its own process of the app command, drawing through Textual's
web driver. This subclass adds what a server reachable from other machines needs:

- the guard: with a token, a request must carry it (`?token=` on the first page load, then the
  cookie that load sets), else 403; without one, the request must name this machine in its Host
  header, so that a web page elsewhere cannot reach it through a DNS name of its own. Either way
  a request whose Origin is another host (a page elsewhere opening the websocket) gets 403;
- its own page (templates/page.html): sized for a phone (textual-serve's has no viewport, so a
  phone draws it 980 px wide, in tiny type), asking nothing of other servers (textual-serve's
  fetches a Google font: a phone need not tell anyone what it studies), titled without the
  command line (textual-serve's shows it, paths and all), saying so when the session ends;
- the page's websocket URL taken from the request, so a page opened as http://laptop:8000
  connects back to laptop:8000 (textual-serve builds it from the address it listens on, which
  for 0.0.0.0 no browser can reach), as wss:// behind a proxy that says it took https;
- a Content-Security-Policy keeping the page to this server;
- the app processes' error output on the server's stderr (textual-serve writes it to stdout);
  a visitor only ever sees the app or "Session ended", also when a process fails to start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int
from yarl import URL

from quiz.core.errors import QuizError
from quiz.render.i18n import Messages
from quiz.serve.access import is_loopback_address, token_matches

TEMPLATES = Path(__file__).resolve().parent / "templates"
COOKIE = "quiz_token"
SHUTDOWN_SECONDS = 5.0   # for the app processes to end once told to quit
DEFAULT_FONT_SIZE = 16

log = logging.getLogger("textual-serve")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class TabService(AppService):
    """One tab's app process. When it ends, so does the tab's websocket, and the page says
    the session ended: textual-serve closes it only when the app says it is exiting, so a
    process that failed before its app started (a damaged store) left the page waiting."""

    async def run(self) -> None:
        await super().run()
        await self.remote_close()

    async def stop(self) -> None:
        """Tell the app to quit, then wait for its process to exit (killed if it has not
        within SHUTDOWN_SECONDS): textual-serve's stop returns once the app closed its
        output, while the process may still be ending, and a stopped server leaves none."""
        await super().stop()
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), SHUTDOWN_SECONDS)
        except TimeoutError:
            log.warning("a browser tab's app did not end; killed it")
            process.kill()
            await process.wait()


class QuizServer(Server):
    """Serves `command` (one process per browser tab) on host:port, guarded as said above."""

    def __init__(self, command: str, *, host: str, port: int, token: str | None,
                 messages: Messages) -> None:
        super().__init__(command, host=host, port=port, title=messages("app.title"),
                         templates_path=TEMPLATES)
        self.token = token
        self.messages = messages
        self.services: set[TabService] = set()

    # -- the guard ----------------------------------------------------------------------------

    def allowed(self, request: web.Request) -> bool:
        """Whether a request may be served (see the module's docstring)."""
        origin = request.headers.get("Origin")
        if origin is not None and URL(origin).host != request.url.host:
            return False
        if self.token is None:
            return is_loopback_address(request.url.host or "")
        return (token_matches(request.query.get("token"), self.token)
                or token_matches(request.cookies.get(COOKIE), self.token))

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()

        @web.middleware
        async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
            if not self.allowed(request):
                raise web.HTTPForbidden()
            return await handler(request)

        app.middlewares.append(guard)
        return app

    # -- the page ------------------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page (templates/page.html): textual-serve's terminal, with its websocket URL
        from the request, sized for a phone, and headers that keep it private."""
        secure = request.secure or request.headers.get("X-Forwarded-Proto") == "https"
        websocket = request.url.with_scheme("wss" if secure else "ws").with_path("/ws") \
            .with_query(None).with_fragment(None)
        context = {
            "lang": self.messages.lang,
            "title": self.title,
            "ended": self.messages("serve.ended"),
            "again": self.messages("serve.again"),
            "font_size": to_int(request.query.get("fontsize", str(DEFAULT_FONT_SIZE)),
                                DEFAULT_FONT_SIZE),
            "websocket_url": str(websocket),
        }
        response = aiohttp_jinja2.render_template("page.html", request, context)
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"connect-src 'self' {websocket.origin()}; frame-ancestors 'none'")
        response.headers["Referrer-Policy"] = "no-referrer"   # the URL may hold the token
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        if self.token is not None and request.query.get("token") is not None:
            response.set_cookie(COOKIE, self.token, path="/", httponly=True,
                                samesite="Strict", secure=secure)
        return response

    # -- app processes -------------------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab's app process, as textual-serve runs it, but as a `TabService`
        and kept track of, so that stopping the server ends them all."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service = TabService(self.command, write_bytes=websocket.send_bytes,
                             write_str=websocket.send_str, close=websocket.close,
                             download_manager=self.download_manager, debug=self.debug)
        self.services.add(service)
        try:
            await websocket.prepare(request)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except Exception:  # noqa: BLE001 - one tab's failure is logged; the others go on
            log.exception("a browser tab's session failed")
        finally:
            await service.stop()
            self.services.discard(service)
        return websocket

    async def on_startup(self, app: web.Application) -> None:
        """Nothing to print: `run` says where the page is once it is served."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Tell every tab's app to quit and wait until each has ended its output; that closes
        its websocket, which ends its handler."""
        await asyncio.gather(*(service.stop() for service in list(self.services)),
                             return_exceptions=True)

    # -- running -------------------------------------------------------------------------------

    def run(self, announce: Callable[[int], None]) -> None:
        """Serve until SIGINT or SIGTERM; `announce` gets the port once the page is served."""
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("quiz serve: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
        asyncio.run(self.serve_until_stopped(announce))

    async def serve_until_stopped(self, announce: Callable[[int], None]) -> None:
        runner = web.AppRunner(await self._make_app(), access_log=None,
                               shutdown_timeout=SHUTDOWN_SECONDS)
        await runner.setup()
        try:
            try:
                await web.TCPSite(runner, self.host, self.port).start()
            except OSError as error:
                raise QuizError(self.messages("serve.cannot_listen", host=self.host,
                                              port=self.port,
                                              detail=error.strerror or error)) from None
            stopped = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signal_number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signal_number, stopped.set)
            # Only then: whoever read the URL may stop the server at once, and it stops cleanly.
            announce(runner.addresses[0][1])
            with contextlib.redirect_stdout(sys.stderr):
                await stopped.wait()
        finally:
            # What the app processes wrote to stderr, textual-serve copies to stdout as they end.
            with contextlib.redirect_stdout(sys.stderr):
                await runner.cleanup()
