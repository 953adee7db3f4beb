# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The dashboard's web server without ROS: rate limits per browser, blanks, static page.

A state updated far faster than a browser should see it reaches a real WebSocket client at
most at the configured rate, newest first; the page and its files are served with a strict
content security policy.
"""

import asyncio
import json
import time
import urllib.request

import numpy as np
import pytest
from resonance_robot.core.monitor.access import AccessPolicy
from resonance_robot.core.monitor.state import DashboardState
from resonance_robot.core.monitor.views import RawImage
from resonance_robot.dashboard.server import DashboardServer, ServerConfig


class Controls:
    """Records what the page asked for."""

    def __init__(self):
        self.calls = []

    def set_privacy(self, enabled):
        self.calls.append(('privacy', enabled))
        return True, 'ok'

    def set_estop(self, pressed):
        self.calls.append(('estop', pressed))
        return True, 'ok'


@pytest.fixture
def served():
    state = DashboardState()
    server = DashboardServer(state, AccessPolicy.create('127.0.0.1'), Controls(),
                             ServerConfig(port=0, state_rate=4.0, camera_rate=2.0))
    server.start()
    yield state, server
    server.stop()


def _read(url, seconds, feed):
    """Read the WebSocket for ``seconds`` while ``feed()`` runs every 5 ms; return messages."""
    from tornado.websocket import websocket_connect

    async def run():
        connection = await websocket_connect(url.replace('http', 'ws') + 'ws')
        messages = []
        start = time.monotonic()
        while time.monotonic() - start < seconds:
            feed()
            try:
                text = await asyncio.wait_for(connection.read_message(), 0.005)
            except asyncio.TimeoutError:
                continue
            messages.append(json.loads(text))
        connection.close()
        return messages, time.monotonic() - start
    return asyncio.run(run())


def test_a_fast_state_reaches_the_browser_at_its_rate_newest_first(served):
    state, server = served
    frame = RawImage('bgr8', 32, 24, 96, np.zeros((24, 32, 3), np.uint8).tobytes())

    def feed():
        state.set_flag('robot_speaking', not state.snapshot(0.0)['flags']['robot_speaking'])
        state.set_image('camera', frame, time.monotonic())

    messages, elapsed = _read(server.url, 2.0, feed)
    states = [m for m in messages if m['type'] == 'state']
    cameras = [m for m in messages if m['type'] == 'camera']
    updates = state.versions()['state']
    assert updates > 100  # the state changed hundreds of times ...
    assert 2 <= len(states) <= 4.0 * elapsed + 1  # ... the browser saw it at 4 Hz at most
    assert 1 <= len(cameras) <= 2.0 * elapsed + 1
    assert cameras[-1]['jpeg'].startswith('data:image/jpeg;base64,')
    versions = [m['version'] for m in states]
    assert versions == sorted(versions) and versions[-1] > versions[0] + 10  # skipped, newest


def test_privacy_sends_blank_frames(served):
    state, server = served
    frame = RawImage('bgr8', 32, 24, 96, np.zeros((24, 32, 3), np.uint8).tobytes())
    state.set_image('camera', frame, 0.0)
    state.set_flag('privacy', True)

    def feed():
        state.set_image('camera', frame, time.monotonic())  # not kept in privacy mode

    messages, _ = _read(server.url, 1.0, feed)
    cameras = [m for m in messages if m['type'] == 'camera']
    assert cameras and all(m['jpeg'] is None for m in cameras)


def test_the_page_is_served_with_a_strict_policy(served):
    _, server = served
    with urllib.request.urlopen(server.url, timeout=10.0) as response:
        page = response.read().decode()
        policy = response.headers['Content-Security-Policy']
    assert '<script src="/static/app.js"' in page and 'http' not in page.split('<body>')[1]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    for name in ('app.js', 'style.css'):
        with urllib.request.urlopen(server.url + 'static/' + name, timeout=10.0) as response:
            assert response.status == 200 and response.headers['Cache-Control'] == 'no-store'
    assert server.controls.calls == []  # looking changes nothing
