# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""A browser stand-in for benchmarks: a WebSocket client that reads the dashboard's stream."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any


class DashboardClient:
    """Connects to ``/ws`` on its own thread and counts what arrives, per stream."""

    def __init__(self, url: str) -> None:
        self.url = url.replace('http://', 'ws://', 1).rstrip('/') + '/ws'
        self.messages: dict[str, int] = {}
        self.bytes = 0
        self.images = 0
        self.last: dict[str, dict[str, Any]] = {}
        """The newest message of each type."""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._thread = threading.Thread(target=self._run, name='dashboard-client', daemon=True)
        self.error = ''

    def start(self, timeout: float = 10.0) -> bool:
        """Connect; return whether the connection was made within ``timeout``."""
        self._thread.start()
        return self._connected.wait(timeout)

    def stop(self) -> None:
        """Disconnect."""
        self._stop.set()
        self._thread.join(timeout=5.0)

    def reset(self) -> None:
        """Zero the counts (at the start of a measurement)."""
        with self._lock:
            self.messages, self.bytes, self.images = {}, 0, 0

    def figures(self, seconds: float) -> dict[str, Any]:
        """Return messages per second per stream and kB/s received over ``seconds``."""
        with self._lock:
            return {'connected': self._connected.is_set() and not self.error,
                    'messages_per_second': {k: round(v / seconds, 1)
                                            for k, v in sorted(self.messages.items())},
                    'frames_with_image_per_second': round(self.images / seconds, 1),
                    'kilobytes_per_second': round(self.bytes / seconds / 1024.0, 1),
                    **({'error': self.error} if self.error else {})}

    def _run(self) -> None:
        asyncio.run(self._read())

    async def _read(self) -> None:
        from tornado.websocket import websocket_connect

        try:
            connection = await websocket_connect(self.url)
        except OSError as exc:
            self.error = str(exc)
            return
        self._connected.set()
        while not self._stop.is_set():
            try:
                text = await asyncio.wait_for(connection.read_message(), 0.2)
            except asyncio.TimeoutError:
                continue
            if text is None:
                self.error = 'closed by the server'
                break
            message = json.loads(text)
            kind = message.get('type', '?')
            with self._lock:
                self.last[kind] = message
                self.messages[kind] = self.messages.get(kind, 0) + 1
                self.bytes += len(text)
                self.images += kind in ('camera', 'face') and '"jpeg": "data:' in text
        connection.close()
        time.sleep(0.05)
