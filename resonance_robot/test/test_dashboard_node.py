# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The dashboard node on real topics, spoken to over real HTTP and WebSocket connections.

Controls without the token are refused and change nothing; with it, privacy mode blanks
the camera at the server; a taken port or an exposed bind without a token stops start-up
with a clear reason.
"""

import json
import socket
import urllib.error
import urllib.request

import numpy as np
import pytest
import rclpy
from rclpy.qos import qos_profile_sensor_data
from resonance_robot.bench.dashboard_client import DashboardClient
from resonance_robot.cli import main as cli_main
from resonance_robot.conversions.common import bgr_to_image_msg
from resonance_robot.core.affect import Expression
from resonance_robot.core.errors import ConfigError
from resonance_robot.dashboard.server import PortInUse
from resonance_robot.stack import bringup
from resonance_robot.stack.bringup import Role, Topic
from resonance_robot.stack.probe import TopicProbe
from sensor_msgs.msg import Image
from test_social_nodes import Person

pytestmark = pytest.mark.ros

DASHBOARD = bringup.node('dashboard')
STACK = bringup.stack([Role.DECISION], dashboard=True)
OVERRIDES = {'dashboard': {'port': 0, 'state_rate': 10.0},
             'social_behavior': {'tick_rate': 20.0, 'snapshot_period': 0.2}}


def _request(url, body=None, token=None, host=None):
    headers = {'Content-Type': 'application/json'}
    if host is not None:
        headers['Host'] = host
    if token is not None:
        headers['Authorization'] = f'Bearer {token}'
    request = urllib.request.Request(
        url, data=None if body is None else json.dumps(body).encode(), headers=headers,
        method='GET' if body is None else 'POST')
    try:
        with urllib.request.urlopen(request, timeout=10.0) as response:
            return response.status, json.loads(response.read() or b'null')
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _socket_status(url, origin):
    import asyncio

    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    async def connect():
        try:
            connection = await websocket_connect(HTTPRequest(url, headers={'Origin': origin}))
        except HTTPClientError as error:
            return error.code
        connection.close()
        return 101
    return asyncio.run(connect())


def _camera(runner):
    node = rclpy.create_node('test_camera', context=runner.context)
    runner.add_node(node)
    pub = node.create_publisher(Image, 'image', qos_profile_sensor_data)
    frame = np.full((240, 320, 3), 120, np.uint8)
    node.create_timer(0.1, lambda: pub.publish(bgr_to_image_msg(frame)))
    return node


def test_controls_need_the_token_and_privacy_blanks_the_camera(runner_factory):
    runner = runner_factory(STACK, overrides=OVERRIDES)
    dashboard = runner.node('dashboard')
    url, token = dashboard.server.url, dashboard.server.policy.token
    Person(runner, expression=Expression.HAPPY, valence=0.7, arousal=0.4)
    _camera(runner)
    probe = runner.add_node(TopicProbe([Topic('privacy', 'std_msgs/msg/Bool')],
                                       context=runner.context))
    state = dashboard.state
    assert probe.wait_for(lambda: state.image('camera')[1] is not None
                          and state.snapshot(0.0)['tree'] is not None, timeout=20.0)
    status, snap = _request(url + 'api/state')
    assert status == 200 and snap['tree']['branch'] and snap['flags']['privacy'] is False
    port = dashboard.server.port
    assert _request(url + 'api/state', host=f'evil.example:{port}')[0] == 403  # rebinding
    assert _request(url, host=f'evil.example:{port}')[0] == 403
    assert _request(url + 'api/privacy', {'enabled': True}, token,
                    host=f'evil.example:{port}')[0] == 403
    client = DashboardClient(url)
    assert client.start()
    assert _socket_status(client.url, url.rstrip('/')) == 101
    assert _socket_status(client.url, 'http://evil.example') == 403  # other sites' pages
    assert probe.wait_for(lambda: client.images > 0, timeout=10.0)  # a frame reached it

    for bad, code in ((None, 401), ('', 401), ('not-the-token-at-all', 403)):
        status, _ = _request(url + 'api/privacy', {'enabled': True}, bad)
        assert status == code
        status, _ = _request(url + 'api/estop', {'pressed': True}, bad)
        assert status == code
    social = runner.node('social_behavior')
    assert not social._privacy.state.enabled and not state.snapshot(0.0)['flags']['estop']
    assert _request(url + 'api/privacy', {'enabled': 'yes'}, token)[0] == 400

    status, answer = _request(url + 'api/privacy', {'enabled': True}, token)
    assert status == 200 and answer['ok'] and 'privacy mode on' in answer['message']
    assert social._privacy.state.enabled
    assert state.image('camera') == (state.versions()['camera'], None)
    assert state.image('face')[1] is None
    # Messages keep their order on the socket: after a state saying privacy is on, no frame.
    assert probe.wait_for(lambda: client.last['state']['flags']['privacy']
                          and client.last['camera']['jpeg'] is None
                          and client.last['face']['jpeg'] is None, timeout=10.0)
    client.reset()
    assert probe.wait_for(lambda: client.messages.get('state', 0) >= 10, timeout=20.0)
    assert client.images == 0  # blanks only: no image bytes while privacy mode is on
    client.stop()

    assert _request(url + 'api/estop', {'pressed': True}, token)[0] == 200
    assert probe.wait_for(lambda: state.snapshot(0.0)['flags']['estop'], timeout=5.0)


def test_a_taken_port_stops_start_up_with_a_clear_message(runner_factory, capsys):
    with socket.socket() as taken:
        taken.bind(('127.0.0.1', 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(PortInUse, match=f'port {port} on 127.0.0.1 is already in use'):
            runner_factory([DASHBOARD], overrides={'dashboard': {'port': port}})
        status = cli_main(['run', '--roles', 'decision', '--dashboard', str(port),
                           '--duration', '0.1'])
    assert status == 2
    assert 'already in use' in capsys.readouterr().err


def test_an_exposed_bind_needs_a_token_to_look(runner_factory):
    with pytest.raises(ConfigError, match='exposes it beyond this machine'):
        runner_factory([DASHBOARD], overrides={'dashboard': {'port': 0, 'host': '0.0.0.0'}})
    token = 'exposed-dashboard-token-1'
    runner = runner_factory([DASHBOARD], overrides={
        'dashboard': {'port': 0, 'host': '0.0.0.0', 'token': token}})
    port = runner.node('dashboard').server.port
    base = f'http://127.0.0.1:{port}/'
    assert _request(base)[0] == 401
    assert _request(base + 'api/state')[0] == 401
    assert _request(base + '?token=wrong-wrong-wrong-wrong')[0] == 403
    status, _ = _request(base + f'api/state?token={token}')
    assert status == 200
