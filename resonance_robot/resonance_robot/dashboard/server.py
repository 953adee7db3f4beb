# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The dashboard's HTTP and WebSocket server, on its own thread and event loop.

Routes::

    GET  /                 the page (static/index.html)
    GET  /static/<file>    its script and style
    GET  /ws               live updates: JSON messages {type: state|camera|face, ...}
    GET  /api/state        one snapshot as JSON
    POST /api/privacy      {"enabled": bool}   privacy mode (token required)
    POST /api/estop        {"pressed": bool}   e-stop (token required)

Looking needs the token only when bound beyond loopback (``?token=`` once, then a cookie);
controls always need it as ``Authorization: Bearer <token>``: none gives 401, a wrong one 403,
and nothing changes. Each browser gets each stream at its own rate, newest first: a frame is
skipped, never queued, while the previous one is still being written (:mod:`..core.monitor
.throttle`).
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from dataclasses import dataclass
import errno
import json
import pathlib
import socket
import threading
import time
from typing import Any, Protocol

from tornado.httpserver import HTTPServer
from tornado.ioloop import PeriodicCallback
from tornado.netutil import bind_sockets
import tornado.web
import tornado.websocket

from ..core.errors import ConfigError, InvalidInput
from ..core.monitor.access import AccessPolicy, Verdict
from ..core.monitor.frames import to_jpeg
from ..core.monitor.state import DashboardState
from ..core.monitor.throttle import StreamGate

STATIC_DIR = pathlib.Path(__file__).resolve().parent / 'static'
COOKIE = 'resonance_dashboard'
HEADERS = {
    'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
}


class PortInUse(ConfigError):
    """The dashboard's port is taken by another program."""


class Controls(Protocol):
    """What the page may change; each returns (done, message)."""

    def set_privacy(self, enabled: bool) -> tuple[bool, str]:
        """Turn privacy mode on or off."""

    def set_estop(self, pressed: bool) -> tuple[bool, str]:
        """Press or release the e-stop."""


@dataclass(frozen=True)
class ServerConfig:
    """Where to listen and how often each stream may reach a browser."""

    host: str = '127.0.0.1'
    port: int = 8088
    state_rate: float = 5.0
    camera_rate: float = 5.0
    face_rate: float = 4.0
    jpeg_width: int = 480
    jpeg_quality: int = 70

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ConfigError(f'port {self.port} outside 0..65535')
        if min(self.state_rate, self.camera_rate, self.face_rate) <= 0:
            raise ConfigError('stream rates must be positive')

    def rates(self) -> dict[str, float]:
        """Return the rate of each stream."""
        return {'state': self.state_rate, 'camera': self.camera_rate, 'face': self.face_rate}


def bind(host: str, port: int) -> list[socket.socket]:
    """Bind the listening sockets; a taken port raises :class:`PortInUse` saying so."""
    try:
        return bind_sockets(port, host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(
                f'dashboard: port {port} on {host} is already in use (another dashboard or '
                'program?); choose another with --dashboard PORT or the port parameter') from exc
        raise ConfigError(f'dashboard: cannot listen on {host}:{port}: {exc.strerror}') from exc


class _Client:
    """One connected browser and its stream gates."""

    def __init__(self, socket_handler: tornado.websocket.WebSocketHandler,
                 rates: dict[str, float]) -> None:
        self.handler = socket_handler
        self.gates = {stream: StreamGate.for_rate(rate) for stream, rate in rates.items()}


class DashboardServer:
    """Serves the page and pushes the state to every connected browser."""

    def __init__(self, state: DashboardState, policy: AccessPolicy, controls: Controls,
                 config: ServerConfig | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.state = state
        self.policy = policy
        self.controls = controls
        self.config = config or ServerConfig(host=policy.host)
        self.clock = clock
        self.port = 0
        self.clients: list[_Client] = []
        self.sent = dict.fromkeys(self.config.rates(), 0)
        self._jpeg: dict[str, tuple[int, str | None]] = {}
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()

    @property
    def url(self) -> str:
        """Address of the page."""
        host = self.policy.host
        return f'http://{f"[{host}]" if ":" in host else host}:{self.port}/'

    def start(self) -> int:
        """Bind (raising :class:`PortInUse` now if taken), serve on a thread; return the port."""
        sockets = bind(self.policy.host, self.config.port)
        self.port = int(sockets[0].getsockname()[1])
        self._thread = threading.Thread(target=self._run, args=(sockets,), name='dashboard',
                                        daemon=True)
        self._thread.start()
        if not self._ready.wait(10.0):
            raise ConfigError('dashboard: the server thread did not start')
        return self.port

    def stop(self) -> None:
        """Close every connection and stop the thread (idempotent)."""
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(timeout=5.0)
            self._thread = None

    def _run(self, sockets: list[socket.socket]) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        try:
            loop.run_until_complete(self._serve(sockets))
        finally:
            loop.close()

    async def _serve(self, sockets: list[socket.socket]) -> None:
        self._stop = asyncio.Event()
        server = HTTPServer(self.application())
        server.add_sockets(sockets)
        pump = PeriodicCallback(self.pump, 50)
        pump.start()
        self._ready.set()
        await self._stop.wait()
        pump.stop()
        server.stop()
        for client in list(self.clients):
            client.handler.close()
        await server.close_all_connections()

    def application(self) -> tornado.web.Application:
        """Return the tornado application with every route."""
        args = {'server': self}
        return tornado.web.Application([
            (r'/', _PageHandler, args),
            (r'/static/(.*)', _StaticHandler, {'path': str(STATIC_DIR), **args}),
            (r'/ws', _SocketHandler, args),
            (r'/api/state', _StateHandler, args),
            (r'/api/(privacy|estop)', _ControlHandler, args),
        ], websocket_max_message_size=4096)

    # -- pushing updates ---------------------------------------------------------------

    def pump(self) -> None:
        """Send each browser the streams that changed and are due (on the loop thread)."""
        if not self.clients:
            return
        now = self.clock()
        versions = self.state.versions()
        state_text: str | None = None
        for client in list(self.clients):
            for stream, gate in client.gates.items():
                version = versions[stream]
                if not gate.should_send(version, now):
                    continue
                if stream == 'state':
                    if state_text is None:
                        state_text = json.dumps(
                            {'type': 'state', **self.state.snapshot(now)}, allow_nan=False)
                    text = state_text
                else:
                    version, jpeg = self.jpeg(stream)
                    text = json.dumps({'type': stream, 'jpeg': jpeg})
                self._send(client, gate, version, text, now)
                self.sent[stream] += 1

    def _send(self, client: _Client, gate: StreamGate, version: int, text: str,
              now: float) -> None:
        try:
            future = client.handler.write_message(text)
        except tornado.websocket.WebSocketClosedError:
            self.forget(client.handler)
            return
        gate.mark_sent(version, now)
        future.add_done_callback(lambda _: gate.mark_written())

    def jpeg(self, stream: str) -> tuple[int, str | None]:
        """Return the stream's version and newest frame as a data URL (None when blank)."""
        version = self.state.versions()[stream]
        cached = self._jpeg.get(stream)
        if cached is not None and cached[0] == version:
            return cached
        url = None
        try:
            version, image = self.state.image(stream)
            if image is not None:
                data = to_jpeg(image, self.config.jpeg_width, self.config.jpeg_quality)
                url = 'data:image/jpeg;base64,' + base64.b64encode(data).decode('ascii')
        except (InvalidInput, ValueError, TypeError):
            url = None  # a corrupt frame shows as none
        self._jpeg[stream] = (version, url)
        return version, url

    def forget(self, handler: tornado.websocket.WebSocketHandler) -> None:
        """Drop a closed connection."""
        self.clients = [c for c in self.clients if c.handler is not handler]


class _Base(tornado.web.RequestHandler):
    server: DashboardServer

    def initialize(self, server: DashboardServer, **_: Any) -> None:
        self.server = server

    def set_default_headers(self) -> None:
        for name, value in HEADERS.items():
            self.set_header(name, value)

    def prepare(self) -> None:
        _check_host(self.server, self.request.host)

    def view_token(self) -> str | None:
        return self.get_query_argument('token', None) or self.get_cookie(COOKIE)

    def require_view(self) -> bool:
        verdict = self.server.policy.check_view(self.view_token())
        if verdict is Verdict.ALLOWED:
            return True
        self.set_status(verdict.value)
        self.finish('This dashboard needs its token: open it as /?token=TOKEN (printed when '
                    'it started).\n')
        return False


def _check_host(server: DashboardServer, host: str) -> None:
    if not server.policy.check_host(host):
        raise tornado.web.HTTPError(403, 'unexpected Host header')


class _PageHandler(_Base):
    def get(self) -> None:
        if not self.require_view():
            return
        token = self.get_query_argument('token', None)
        if token and self.server.policy.check(token) is Verdict.ALLOWED:
            self.set_cookie(COOKIE, token, httponly=True, samesite='Strict')
        self.set_header('Content-Type', 'text/html; charset=utf-8')
        self.finish((STATIC_DIR / 'index.html').read_bytes())


class _StaticHandler(tornado.web.StaticFileHandler):
    def initialize(self, path: str, server: DashboardServer,  # type: ignore[override]
                   **_: Any) -> None:
        super().initialize(path)
        self.server = server

    def set_default_headers(self) -> None:
        for name, value in HEADERS.items():
            self.set_header(name, value)

    def prepare(self) -> None:
        _check_host(self.server, self.request.host)
        token = self.get_query_argument('token', None) or self.get_cookie(COOKIE)
        verdict = self.server.policy.check_view(token)
        if verdict is not Verdict.ALLOWED:
            raise tornado.web.HTTPError(verdict.value)


class _StateHandler(_Base):
    def get(self) -> None:
        if self.require_view():
            self.set_header('Content-Type', 'application/json')
            self.finish(json.dumps(self.server.state.snapshot(self.server.clock())))


class _ControlHandler(_Base):
    async def post(self, what: str) -> None:
        header = self.request.headers.get('Authorization', '')
        token = header[len('Bearer '):].strip() if header.startswith('Bearer ') else None
        verdict = self.server.policy.check(token)
        if verdict is not Verdict.ALLOWED:
            self.set_status(verdict.value)
            self.finish({'ok': False, 'message': 'no token' if verdict is Verdict.UNAUTHORISED
                         else 'wrong token'})
            return
        try:
            body = json.loads(self.request.body or b'{}')
            value = body['enabled' if what == 'privacy' else 'pressed']
        except (ValueError, KeyError, TypeError):
            value = None
        if not isinstance(value, bool):
            self.set_status(400)
            self.finish({'ok': False, 'message': 'expected {"enabled": true|false} or '
                         '{"pressed": true|false}'})
            return
        action = (self.server.controls.set_privacy if what == 'privacy'
                  else self.server.controls.set_estop)
        done, message = await asyncio.get_running_loop().run_in_executor(None, action, value)
        self.set_status(200 if done else 503)
        self.finish({'ok': done, 'message': message})


class _SocketHandler(tornado.websocket.WebSocketHandler):
    server: DashboardServer

    def initialize(self, server: DashboardServer) -> None:
        self.server = server

    def prepare(self) -> None:
        _check_host(self.server, self.request.host)
        token = self.get_query_argument('token', None) or self.get_cookie(COOKIE)
        verdict = self.server.policy.check_view(token)
        if verdict is not Verdict.ALLOWED:
            raise tornado.web.HTTPError(verdict.value)

    def open(self, *args: str, **kwargs: str) -> None:  # noqa: A003 - tornado's name
        self.server.clients.append(_Client(self, self.server.config.rates()))

    def on_message(self, message: str | bytes) -> None:
        pass  # the page only listens

    def on_close(self) -> None:
        self.server.forget(self)
