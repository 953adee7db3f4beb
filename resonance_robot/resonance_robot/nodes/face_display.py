# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Node ``face_display``: the robot's animated face, published as images and shown on a screen.

The face follows ``face_expression`` requests with critically damped transitions, blinks,
glances and moves its mouth while ``robot_speaking`` is true. Frames are rendered at a steady
rate by :class:`~resonance_robot.core.expression.face.render.FaceRenderer` and published; a window
(optionally fullscreen, for a robot's head screen) opens only when the computer has a display
and an OpenCV with GUI support, otherwise the node says why once and only publishes.

Parameters: ``width``/``height`` (pixels), ``rate`` (Hz), ``encoding`` (rgb8 or bgr8),
``frame_id``, ``window``, ``fullscreen``, ``transition`` (s, used when a request gives 0),
``blink_interval`` (mean s between blinks, 0 = never), ``idle_gaze`` (size of idle glances),
``cheeks``. All may change at run time.
Subscribes: ``face_expression`` (resonance_robot_msgs/FaceExpression), ``robot_speaking``
(std_msgs/Bool, latched).
Publishes: ``face_image`` (sensor_msgs/Image), ``/diagnostics``.
Bad input: an unknown expression name is dropped (counter ``bad_expression``); NaN or
out-of-range numbers are clamped and used (counter ``bad_range``).
"""

from __future__ import annotations

from collections.abc import Mapping
import threading
import time
from typing import Any

from rclpy.qos import QoSProfile, ReliabilityPolicy
from resonance_robot_msgs.msg import FaceExpression
from sensor_msgs.msg import Image
from std_msgs.msg import Bool

from .base import ResonanceNode, run_node
from .qos import STATE_QOS as SPEAKING_QOS
from ..conversions.common import bgr_to_image_msg
from ..conversions.expression import msg_to_face_target
from ..core.errors import InvalidInput
from ..core.expression.face.animation import FaceAnimator
from ..core.expression.face.display import display_unavailable, FaceWindow
from ..core.expression.face.pose import DEFAULT_TRANSITION, FaceTarget
from ..core.expression.face.render import FaceRenderer, FaceStyle
from ..core.params import ParamSpec, ParamValue

PARAMS = (
    ParamSpec('width', 480, 'Width of the face image, pixels.', minimum=16, maximum=7680),
    ParamSpec('height', 320, 'Height of the face image, pixels.', minimum=16, maximum=4320),
    ParamSpec('rate', 30.0, 'Frames rendered and published per second.',
              minimum=1.0, maximum=120.0),
    ParamSpec('encoding', 'rgb8', 'Encoding of the published images.',
              choices=('rgb8', 'bgr8')),
    ParamSpec('frame_id', 'face_display', 'frame_id of the published images.'),
    ParamSpec('window', True, 'Show the face in a window when the computer has a display '
              '(without one the face is only published).'),
    ParamSpec('fullscreen', False, 'Make the window fullscreen (a robot head screen).'),
    ParamSpec('transition', DEFAULT_TRANSITION, 'Seconds an expression change takes when the '
              'request gives 0.', minimum=0.0, maximum=10.0),
    ParamSpec('blink_interval', 4.0, 'Mean seconds between blinks; 0 never blinks.',
              minimum=0.0, maximum=60.0),
    ParamSpec('idle_gaze', 0.15, 'Size of the small idle glances the eyes make; 0 keeps '
              'them still.', minimum=0.0, maximum=1.0),
    ParamSpec('cheeks', True, 'Blush on the cheeks when the robot is happy.'),
)

EXPRESSION_QOS = QoSProfile(depth=10, reliability=ReliabilityPolicy.RELIABLE)
"""Face requests are commands: reliable, a few may queue."""


class FaceDisplayNode(ResonanceNode):
    """Renders the animated face at a fixed rate and publishes (and maybe shows) it."""

    PARAMS = PARAMS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__('face_display', **kwargs)
        self._lock = threading.Lock()
        self._window: FaceWindow | None = None
        self._renderer = self._make_renderer()
        self._animator = FaceAnimator(
            time.monotonic(), FaceTarget(transition=float(self.params['transition'])),
            blink_interval=float(self.params['blink_interval']),
            idle_gaze=float(self.params['idle_gaze']))
        self._pub = self.create_publisher(Image, 'face_image', 10)
        self.create_subscription(
            FaceExpression, 'face_expression', self._on_expression, EXPRESSION_QOS)
        self.create_subscription(Bool, 'robot_speaking', self._on_speaking, SPEAKING_QOS)
        self._timer = self.create_timer(1.0 / float(self.params['rate']), self._publish)
        self._open_window()
        self.on_params_changed(self._reconfigure)
        self.diagnostics.min_rate = 0.8 * float(self.params['rate'])
        self.diagnostics.add_value('expression', lambda: self.target.expression.value)
        self.diagnostics.add_value('speaking', lambda: self.speaking)
        self.diagnostics.add_value('window', lambda: 'open' if self.window_open else 'none')
        self.get_logger().info(
            f'face {self._renderer.width}x{self._renderer.height} at '
            f'{float(self.params["rate"]):g} Hz')

    # -- configuration -----------------------------------------------------------------

    def _make_renderer(self) -> FaceRenderer:
        return FaceRenderer(int(self.params['width']), int(self.params['height']),
                            FaceStyle(cheeks_enabled=bool(self.params['cheeks'])))

    def _open_window(self) -> None:
        self._close_window()
        if not self.params['window']:
            return
        reason = display_unavailable()
        if reason is not None:
            self.get_logger().info(f'not showing a window: {reason}; publishing face_image')
            return
        self._window = FaceWindow('resonance_robot face', bool(self.params['fullscreen']))

    def _close_window(self) -> None:
        if self._window is not None:
            self._window.close()
            self._window = None

    def _reconfigure(self, changed: Mapping[str, ParamValue]) -> None:
        with self._lock:
            if set(changed) & {'width', 'height', 'cheeks'}:
                self._renderer = self._make_renderer()
            if 'blink_interval' in changed:
                self._animator.blink_interval = float(self.params['blink_interval'])
            if 'idle_gaze' in changed:
                self._animator.idle_gaze = float(self.params['idle_gaze'])
        if 'rate' in changed:
            self._timer.cancel()
            self.destroy_timer(self._timer)
            self._timer = self.create_timer(1.0 / float(self.params['rate']), self._publish)
            self.diagnostics.min_rate = 0.8 * float(self.params['rate'])
        if set(changed) & {'window', 'fullscreen'}:
            self._open_window()

    @property
    def target(self) -> FaceTarget:
        """Return the expression the face shows or is moving to."""
        with self._lock:
            return self._animator.target

    @property
    def speaking(self) -> bool:
        """Return whether the robot is speaking as far as the face knows (its mouth moves)."""
        with self._lock:
            return self._animator.speaking

    @property
    def window_open(self) -> bool:
        """Return whether the face is shown in a window."""
        return self._window is not None

    # -- inputs ------------------------------------------------------------------------

    def _on_expression(self, msg: FaceExpression) -> None:
        try:
            target, repairs = msg_to_face_target(msg, float(self.params['transition']))
        except InvalidInput as exc:
            self.warn_input('bad_expression', f'face_expression: {exc}')
            return
        if repairs:
            total = self.counts.add('bad_range')
            self.get_logger().warning(
                f'face_expression: clamped {", ".join(repairs)} ({total} bad_range so far)',
                throttle_duration_sec=5.0)
        with self._lock:
            self._animator.set_target(target, time.monotonic())

    def _on_speaking(self, msg: Bool) -> None:
        with self._lock:
            self._animator.set_speaking(bool(msg.data), time.monotonic())

    # -- output ------------------------------------------------------------------------

    def _publish(self) -> None:
        started = time.perf_counter()
        with self._lock:
            pose = self._animator.step(time.monotonic())
            frame = self._renderer.render(pose)
        msg = bgr_to_image_msg(frame, str(self.params['encoding']),
                               str(self.params['frame_id']), self.get_clock().now().to_msg())
        self._pub.publish(msg)
        window = self._window
        if window is not None:
            if window.error is not None:
                self.get_logger().warning(f'{window.error}; publishing face_image only')
                self._close_window()
            else:
                window.show(frame)
        self.diagnostics.tick()
        self.diagnostics.latency(time.perf_counter() - started)

    def destroy_node(self) -> None:
        """Close the window, then the node."""
        if getattr(self, '_window', None) is not None:  # absent when __init__ failed early
            self._close_window()
        super().destroy_node()


def main(args: list[str] | None = None) -> int:
    """Run ``face_display`` until Ctrl-C."""
    return run_node(FaceDisplayNode, args)


if __name__ == '__main__':
    raise SystemExit(main())
