# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Node ``dashboard``: a live web page of what the robot sees, feels and decides, and why.

The topics feed a :class:`~resonance_robot.core.monitor.state.DashboardState`; a tornado server
on its own thread (:mod:`resonance_robot.dashboard.server`) serves the page and pushes updates
over a WebSocket at a few per second per stream, dropping rather than queueing. The page's
controls go through the same interfaces as everything else: ``set_privacy`` and ``estop``.

Security: binds 127.0.0.1 by default; any other ``host`` needs a ``token`` (or ``token_file``);
controls always need the token (401 without, 403 with a wrong one). Without a configured
token a fresh one is made and printed once on standard output (never to the ROS log files).
Privacy mode blanks every image at the server. Nothing is written to disk. A taken port stops
the node with a message saying so (exit status 2).

Parameters: ``host``, ``port`` (0: any free port), ``token``, ``token_file``, ``state_rate``,
``camera_rate``, ``face_rate`` (Hz per browser), ``jpeg_width``, ``jpeg_quality``,
``history_seconds``; all read-only (fixed when the server starts).
Subscribes: ``image``, ``faces``, ``face_image``, ``persons``, ``social_action``, ``utterance``,
``behavior_tree/json``, ``privacy``, ``estop``, ``robot_speaking``, ``person_speaking``,
``/diagnostics``.
Publishes: ``estop`` (std_msgs/Bool, from the page), ``/diagnostics``.
Services called: ``set_privacy`` (resonance_robot_msgs/SetPrivacy, from the page).
"""

from __future__ import annotations

from collections.abc import Callable
import functools
import sys
import threading
import time
from typing import Any

from diagnostic_msgs.msg import DiagnosticArray
from rclpy.qos import qos_profile_sensor_data
from resonance_robot_msgs.msg import (
    FaceAffectArray, PersonAffectArray, SocialAction, Utterance)
from resonance_robot_msgs.srv import SetPrivacy
from sensor_msgs.msg import Image
from std_msgs.msg import Bool, String

from .base import ResonanceNode, run_node
from .qos import CUE_QOS, RELIABLE_QOS, STATE_QOS, UTTERANCE_QOS
from ..conversions.dashboard import (
    msg_to_decision_view, msg_to_diagnostic_view, msg_to_faces_view, msg_to_person_views,
    serialized_to_raw_image)
from ..core.errors import InvalidInput
from ..core.monitor.access import AccessPolicy
from ..core.monitor.state import DashboardState, StateLimits
from ..core.monitor.tree import parse_tree
from ..core.params import ParamSpec
from ..dashboard.server import DashboardServer, ServerConfig

PARAMS = (
    ParamSpec('host', '127.0.0.1', 'Address to listen on; anything but loopback needs a '
              'token.', read_only=True),
    ParamSpec('port', 8088, 'TCP port of the page (0: any free port).', minimum=0,
              maximum=65535, read_only=True),
    ParamSpec('token', '', 'Token for controls (and for looking when exposed); empty: read '
              'token_file, else make one and print it once.', read_only=True),
    ParamSpec('token_file', '', 'File whose first line is the token.', read_only=True),
    ParamSpec('state_rate', 5.0, 'State updates per second to each browser.', minimum=0.5,
              maximum=30.0, read_only=True),
    ParamSpec('camera_rate', 5.0, 'Camera frames per second to each browser.', minimum=0.5,
              maximum=30.0, read_only=True),
    ParamSpec('face_rate', 4.0, 'Robot-face frames per second to each browser.', minimum=0.5,
              maximum=30.0, read_only=True),
    ParamSpec('jpeg_width', 480, 'Frames are shrunk to at most this width (pixels).',
              minimum=64, maximum=1920, read_only=True),
    ParamSpec('jpeg_quality', 70, 'JPEG quality of the frames.', minimum=10, maximum=100,
              read_only=True),
    ParamSpec('history_seconds', 60.0, 'Seconds of valence/arousal history plotted.',
              minimum=5.0, maximum=600.0, read_only=True),
)


class DashboardNode(ResonanceNode):
    """Feeds the dashboard state from the topics and serves the page."""

    PARAMS = PARAMS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__('dashboard', **kwargs)
        p = self.params
        policy = AccessPolicy.create(str(p['host']), str(p['token']), str(p['token_file']))
        self.state = DashboardState(StateLimits(history_seconds=float(p['history_seconds'])))
        self._estop_pub = self.create_publisher(Bool, 'estop', RELIABLE_QOS)
        self._privacy_client = self.create_client(SetPrivacy, 'set_privacy')
        self._subscribe()
        self.server = DashboardServer(self.state, policy, self, ServerConfig(
            host=policy.host, port=int(p['port']), state_rate=float(p['state_rate']),
            camera_rate=float(p['camera_rate']), face_rate=float(p['face_rate']),
            jpeg_width=int(p['jpeg_width']), jpeg_quality=int(p['jpeg_quality'])))
        self.server.start()  # raises PortInUse (a ConfigError) when the port is taken
        self.diagnostics.add_value('clients', lambda: len(self.server.clients))
        for stream in ('state', 'camera', 'face'):
            self.diagnostics.add_value(f'sent_{stream}', lambda s=stream: self.server.sent[s])
        self.diagnostics.add_value('dropped', lambda: sum(
            g.dropped for c in self.server.clients for g in c.gates.values()))
        # The token goes to the terminal once, never to the ROS log files.
        shown = f'?token={policy.token}' if policy.generated else ''
        print(f'dashboard: {self.server.url}{shown}'
              + ('  (token made for this run; controls need it)' if shown else ''),
              file=sys.stdout, flush=True)

    def _subscribe(self) -> None:
        state = self.state

        def keep(handler: Callable[[Any, float], None], key: str) -> Callable[[Any], None]:
            def callback(msg: Any) -> None:
                try:
                    handler(msg, time.monotonic())
                except (InvalidInput, ValueError) as exc:
                    self.warn_input(f'bad_{key}', f'{key}: {exc}')
                    return
                self.diagnostics.tick()
            return callback

        # Images arrive serialized and are only decoded when a browser is due a frame: the
        # executor thread (shared with the whole stack in one process) just keeps the bytes.
        for kind, topic in (('camera', 'image'), ('face', 'face_image')):
            self.create_subscription(Image, topic, keep(
                lambda m, t, k=kind: state.set_image(
                    k, functools.partial(serialized_to_raw_image, m), t), topic),
                qos_profile_sensor_data, raw=True)
        subscriptions: list[tuple[Any, str, Any, Callable[[Any, float], None]]] = [
            (FaceAffectArray, 'faces', CUE_QOS,
             lambda m, t: state.set_faces(msg_to_faces_view(m), t)),
            (PersonAffectArray, 'persons', CUE_QOS,
             lambda m, t: state.set_persons(msg_to_person_views(m), t)),
            (SocialAction, 'social_action', STATE_QOS,
             lambda m, t: state.add_decision(msg_to_decision_view(m), t)),
            (Utterance, 'utterance', UTTERANCE_QOS,
             lambda m, t: state.set_speech(str(m.text), str(m.style), t)),
            (String, 'behavior_tree/json', STATE_QOS,
             lambda m, t: state.set_tree(parse_tree(m.data), t)),
            (DiagnosticArray, '/diagnostics', CUE_QOS, self._on_diagnostics),
        ]
        for name in ('privacy', 'robot_speaking', 'person_speaking'):
            subscriptions.append((Bool, name, STATE_QOS,
                                  lambda m, t, n=name: state.set_flag(n, bool(m.data))))
        subscriptions.append((Bool, 'estop', CUE_QOS,
                              lambda m, t: state.set_flag('estop', bool(m.data))))
        for msg_type, topic, qos, handler in subscriptions:
            key = topic.strip('/').replace('/', '_')
            self.create_subscription(msg_type, topic, keep(handler, key), qos)

    def _on_diagnostics(self, msg: DiagnosticArray, now: float) -> None:
        for status in msg.status:
            self.state.set_diagnostic(msg_to_diagnostic_view(status), now)

    # -- controls (called on the server's worker threads) --------------------------------

    def set_privacy(self, enabled: bool) -> tuple[bool, str]:
        """Ask social_behavior to turn privacy mode on or off; wait for its answer."""
        if not self._privacy_client.wait_for_service(timeout_sec=2.0):
            return False, 'set_privacy is not available (is social_behavior running?)'
        future = self._privacy_client.call_async(
            SetPrivacy.Request(enabled=enabled, reason='dashboard'))
        answered = threading.Event()
        future.add_done_callback(lambda _: answered.set())
        if not answered.wait(5.0) or future.result() is None:
            return False, 'set_privacy did not answer'
        response = future.result()
        if response.success and response.enabled:
            self.state.set_flag('privacy', True)  # blank now, before the latched topic echoes
        return bool(response.success), str(response.message)

    def set_estop(self, pressed: bool) -> tuple[bool, str]:
        """Publish the e-stop (true halts motion until false)."""
        self._estop_pub.publish(Bool(data=pressed))
        self.state.set_flag('estop', pressed)
        return True, 'e-stop pressed' if pressed else 'e-stop released'

    def destroy_node(self) -> None:
        """Stop the server, then the node."""
        server = getattr(self, 'server', None)
        if server is not None:
            server.stop()
        super().destroy_node()


def main(args: list[str] | None = None) -> int:
    """Run ``dashboard`` until Ctrl-C."""
    return run_node(DashboardNode, args)


if __name__ == '__main__':
    raise SystemExit(main())
