# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Node ``camera_source``: a webcam, video file, image or image folder as a camera.

For robots and laptops without a camera driver, and for the demo, which changes ``source``
at run time to show the robot a different person.

Parameters: ``source`` (see :mod:`resonance_robot.core.sources.camera`; '' publishes nothing),
``rate`` (Hz), ``loop``, ``sequence_fps``, ``width``/``height`` (0 = native), ``frame_id``,
``encoding``. Videos play at their own frame rate on the node's clock; a folder of images
at ``sequence_fps``; a source that ends without ``loop`` keeps showing its last frame.
Publishes: ``image`` (sensor_msgs/Image, sensor-data QoS), ``/diagnostics``.
"""

from __future__ import annotations

from collections.abc import Mapping
import threading
from typing import Any

from rclpy.qos import qos_profile_sensor_data
from sensor_msgs.msg import Image

from .base import ResonanceNode, run_node
from ..conversions.common import bgr_to_image_msg
from ..core.errors import ConfigError, InvalidInput
from ..core.params import ParamSpec, ParamValue
from ..core.sources.camera import CaptureSource, fit_size, FrameSource, open_frame_source, Playback

PARAMS = (
    ParamSpec('source', '', 'What the camera shows: webcam[:N], builtin:astronaut, an image '
              'file, a folder of images or a video file; empty for nothing.'),
    ParamSpec('rate', 30.0, 'Frames published per second.', minimum=0.1, maximum=240.0),
    ParamSpec('loop', True, 'Start again at the end of a video or image folder (otherwise '
              'the last frame stays in view).'),
    ParamSpec('sequence_fps', 0.0, 'Images per second of a folder of images; 0 shows the '
              'next image in every published frame.', minimum=0.0, maximum=240.0),
    ParamSpec('width', 0, 'Output width in pixels; 0 keeps the source width (or scales with '
              'height).', minimum=0, maximum=7680),
    ParamSpec('height', 0, 'Output height in pixels; 0 keeps the source height (or scales '
              'with width).', minimum=0, maximum=4320),
    ParamSpec('frame_id', 'camera', 'frame_id of the published images.'),
    ParamSpec('encoding', 'rgb8', 'Encoding of the published images.',
              choices=('rgb8', 'bgr8', 'mono8')),
)


class CameraSourceNode(ResonanceNode):
    """Publishes frames from a :class:`FrameSource` at a fixed rate."""

    PARAMS = PARAMS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__('camera_source', **kwargs)
        self._lock = threading.Lock()
        self._playback: Playback | None = None
        self._checked: tuple[tuple[str, bool], FrameSource | None] | None = None
        self.param_checks['source'] = self._check_source
        try:
            self._open(str(self.params['source']))
        except InvalidInput as exc:
            raise ConfigError(f'camera_source: source: {exc}') from exc
        self._pub = self.create_publisher(Image, 'image', qos_profile_sensor_data)
        self._timer = self.create_timer(1.0 / float(self.params['rate']), self._publish)
        self.diagnostics.add_value('source', lambda: self.params['source'] or '(none)')
        self.on_params_changed(self._reconfigure)
        described = self._playback.source.description if self._playback else 'nothing'
        self.get_logger().info(
            f'camera source: {described} at {float(self.params["rate"]):g} Hz')

    def _check_source(self, value: Any) -> str | None:
        """Open the new source to check it, and keep it for :meth:`_open` to use."""
        key = (str(value), bool(self.params.get('loop', True)))
        try:
            source = open_frame_source(*key)
        except InvalidInput as exc:
            return str(exc)
        self._keep_checked(key, source)
        return None

    def _keep_checked(self, key: tuple[str, bool], source: FrameSource | None) -> None:
        old, self._checked = self._checked, (key, source)
        if old is not None and old[1] is not None:
            old[1].close()

    def _open(self, spec: str) -> None:
        key = (spec, bool(self.params['loop']))
        checked, self._checked = self._checked, None
        if checked is not None and checked[0] == key:
            source = checked[1]  # opened by the parameter check: no second open
        else:
            if checked is not None and checked[1] is not None:
                checked[1].close()
            source = open_frame_source(*key)
        playback = None
        if source is not None:
            fps = source.fps if isinstance(source, CaptureSource) and not spec.startswith(
                'webcam') else float(self.params['sequence_fps'])
            playback = Playback(source, fps)
        with self._lock:
            if self._playback is not None:
                self._playback.source.close()
            self._playback = playback

    def _reconfigure(self, changed: Mapping[str, ParamValue]) -> None:
        if {'source', 'loop', 'sequence_fps'} & set(changed):
            self._open(str(self.params['source']))
            self.get_logger().info(f'camera source now {self.params["source"] or "nothing"}')
        if 'rate' in changed:
            self._timer.cancel()
            self.destroy_timer(self._timer)
            self._timer = self.create_timer(1.0 / float(self.params['rate']), self._publish)

    def _publish(self) -> None:
        now = self.get_clock().now().nanoseconds * 1e-9
        with self._lock:
            if self._playback is None:
                return
            ended = self._playback.ended
            frame = self._playback.frame(now)
            if self._playback.ended and not ended:
                self.get_logger().info(
                    f'{self._playback.source.description}: end; showing its last frame')
            if frame is None:
                return
        frame = fit_size(frame, int(self.params['width']), int(self.params['height']))
        msg = bgr_to_image_msg(
            frame, str(self.params['encoding']), str(self.params['frame_id']),
            self.get_clock().now().to_msg())
        self._pub.publish(msg)
        self.diagnostics.tick()

    def destroy_node(self) -> None:
        """Release the camera or file, then the node."""
        checked = getattr(self, '_checked', None)
        if checked is not None and checked[1] is not None:
            checked[1].close()  # checked by a parameter change that never applied
        lock = getattr(self, '_lock', None)  # absent when __init__ failed part-way
        if lock is not None:
            with lock:
                if self._playback is not None:
                    self._playback.source.close()
                    self._playback = None
        super().destroy_node()


def main(args: list[str] | None = None) -> int:
    """Run ``camera_source`` until Ctrl-C."""
    return run_node(CameraSourceNode, args)


if __name__ == '__main__':
    raise SystemExit(main())
