# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The whole graph in one process: stimulus to the robot's face, stage by stage.

Every node of the stack runs from the bring-up description (as ``resonance-robot run``
starts it). A camera stand-in publishes 640x480 frames at ``--fps``, alternating a happy and
a sad person every ``--switch`` seconds. Each stage carries the camera frame's stamp
(``faces`` copies the image header, ``persons`` the newest cue's, ``face_expression`` the
evidence's), so latency is followed from the frame to the robot's face command:

* ``faces``: image → face_affect → FaceAffectArray
* ``persons``: … → affect_fusion → PersonAffectArray
* ``face_expression``: … → social_behavior → FaceExpression (the stimulus → face latency)

Each stage's latency is that of the first message answering a frame (republished estimates
of the same evidence are not counted again).

Also: output rates, the process's memory (RSS) and CPU use (cores' worth, camera stand-in and
probe included) and the time from start to the first decision. Target: p95 stimulus →
FaceExpression ≤ 100 ms.

With ``--dashboard`` the dashboard node runs too, with one WebSocket client reading its
stream for the whole measurement (as a browser with the page open would), and what that
client received is reported.
"""

from __future__ import annotations

import argparse
import threading
import time
from typing import Any

from . import rss_mb

NAME = 'graph'
HELP = 'whole-stack latency from camera frame to face command, rates, memory, start-up'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot bench graph``."""
    parser.add_argument('--seconds', type=float, default=30.0,
                        help='measurement time after warm-up (default: %(default)s)')
    parser.add_argument('--fps', type=float, default=30.0,
                        help='camera frames per second (default: %(default)s)')
    parser.add_argument('--switch', type=float, default=3.0,
                        help='seconds between happy and sad stimuli (default: %(default)s)')
    parser.add_argument('--dashboard', action='store_true',
                        help='also run the dashboard with a client connected')


def _frames() -> list[Any]:
    import cv2
    import numpy as np

    from ..core.sources.camera import BUILTIN_IMAGES, read_image
    from ..paths import data_dir

    faces = data_dir() / 'faces'
    frames = []
    for image in (BUILTIN_IMAGES['astronaut'](), read_image(faces / 'sad.jpg')):
        canvas = np.full((480, 640, 3), 90, np.uint8)
        scale = 460.0 / max(image.shape[:2])
        small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        h, w = small.shape[:2]
        canvas[10:10 + h, (640 - w) // 2:(640 - w) // 2 + w] = small
        frames.append(canvas)
    return frames


STAGES = ('faces', 'persons', 'face_expression')
"""The stages followed from the camera frame, in graph order."""

WATCHED = (('faces', 'resonance_robot_msgs/msg/FaceAffectArray'),
           ('persons', 'resonance_robot_msgs/msg/PersonAffectArray'),
           ('face_expression', 'resonance_robot_msgs/msg/FaceExpression'),
           ('social_action', 'resonance_robot_msgs/msg/SocialAction'),
           ('face_image', 'sensor_msgs/msg/Image'))
"""Topics counted (their rates are reported); the stages are timed from the frame's stamp."""


class _Meter:
    """Matches each stage's messages to the frame they answer, by the frame's stamp."""

    def __init__(self, started: float) -> None:
        from ..core.stats import LatencyStats

        self.started = started
        self.latencies = {stage: LatencyStats(size=100_000) for stage in STAGES}
        self.counts: dict[str, int] = {}
        self.published: dict[float, float] = {}  # frame stamp -> wall time published
        self.first_decision: float | None = None
        self.answered: set[tuple[str, float]] = set()
        self.measuring = threading.Event()
        self.lock = threading.Lock()

    def sent(self, stamp_s: float) -> None:
        """Note that the frame stamped ``stamp_s`` is published now."""
        with self.lock:
            self.published[round(stamp_s, 6)] = time.monotonic()
            if len(self.published) > 2000:
                for key in sorted(self.published)[:1000]:
                    del self.published[key]

    def on_message(self, topic: str, msg: Any) -> None:
        """Count a message; the first answering a frame gives that stage's latency."""
        from ..conversions.common import time_to_seconds

        received = time.monotonic()
        with self.lock:
            if topic == 'social_action' and self.first_decision is None:
                self.first_decision = received - self.started
            if not self.measuring.is_set():
                return
            self.counts[topic] = self.counts.get(topic, 0) + 1
            if topic in self.latencies:
                key = round(time_to_seconds(msg.header.stamp), 6)
                sent = self.published.get(key)
                # The first message answering a frame; later ones (timer republishes of the
                # same evidence) are not new latency.
                if sent is not None and (topic, key) not in self.answered:
                    self.answered.add((topic, key))
                    self.latencies[topic].add(received - sent)


def _feed(args: argparse.Namespace, frames: list[Any], publish: Any, clock: Any,
          meter: _Meter, on_measuring: Any) -> tuple[float, float]:
    """
    Publish frames at ``--fps`` through warm-up and measurement; return seconds, peak RSS.

    ``on_measuring()`` is called once, when the measurement starts.
    """
    from ..conversions.common import bgr_to_image_msg

    period = 1.0 / args.fps
    warmup = 3.0
    t0 = next_frame = measure_start = time.monotonic()
    rss_peak = 0.0
    while True:
        now = time.monotonic()
        elapsed = now - t0
        if elapsed >= warmup and not meter.measuring.is_set():
            meter.measuring.set()
            on_measuring()
            measure_start = now
        if elapsed >= warmup + args.seconds:
            return time.monotonic() - measure_start, rss_peak
        if now < next_frame:
            time.sleep(min(next_frame - now, 0.005))
            continue
        next_frame += period
        frame = frames[int(elapsed / args.switch) % len(frames)]
        stamp = clock.now()
        msg = bgr_to_image_msg(frame, 'rgb8', 'bench_camera', stamp.to_msg())
        meter.sent(stamp.nanoseconds * 1e-9)
        publish(msg)
        if int(elapsed * 2) != int((elapsed - period) * 2):
            rss_peak = max(rss_peak, rss_mb()['rss_mb'])


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the stack, feed it frames, and measure every stage."""
    from rclpy.node import Node
    from rclpy.qos import qos_profile_sensor_data

    from ..conversions.common import bgr_to_image_msg
    from ..core.errors import ConfigError
    from ..stack import bringup
    from ..stack.bringup import Topic
    from ..stack.probe import TopicProbe
    from ..stack.runner import StackRunner
    from .dashboard_client import DashboardClient

    if args.seconds <= 0 or args.fps <= 0 or args.switch <= 0:
        raise ConfigError('--seconds, --fps and --switch must be positive')
    frames = _frames()
    watched = [Topic(name, kind) for name, kind in WATCHED]
    started = time.monotonic()
    meter = _Meter(started)
    client = None
    with StackRunner(bringup.stack(dashboard=args.dashboard), log_level='warn',
                     overrides={'dashboard': {'port': 0}}) as runner:
        ready_s = time.monotonic() - started
        if args.dashboard:
            client = DashboardClient(runner.node('dashboard').server.url)
            client.start()
        camera = runner.add_node(Node('bench_camera', context=runner.context))
        image_pub = camera.create_publisher(bgr_to_image_msg(frames[0]).__class__, 'image',
                                            qos_profile_sensor_data)
        probe = runner.add_node(TopicProbe(watched, 'bench_probe', keep=5,
                                           context=runner.context))
        probe.listeners.append(meter.on_message)
        probe.wait_for(lambda: camera.count_subscribers('image') > 0, timeout=20.0)
        cpu_start: list[float] = []

        def on_measuring() -> None:
            cpu_start.append(_cpu_seconds())
            if client is not None:
                client.reset()

        measured, rss_peak = _feed(args, frames, image_pub.publish, camera.get_clock(), meter,
                                   on_measuring)
        cpu_used = _cpu_seconds() - cpu_start[0]
        if client is not None:
            client.stop()
    first = meter.first_decision
    figures: dict[str, Any] = {
        'frames_per_second_sent': round(args.fps, 1),
        'seconds_measured': round(measured, 1),
        'startup_to_first_decision_s': round(first, 2) if first is not None else None,
        'startup_nodes_ready_s': round(ready_s, 2),
    }
    for stage in STAGES:
        figures[f'latency_{stage}'] = meter.latencies[stage].summary().as_ms()
    figures['rates_hz'] = {t.name: round(meter.counts.get(t.name, 0) / measured, 1)
                           for t in watched}
    figures['cpu_cores_used'] = round(cpu_used / measured, 2)
    figures['rss_mb'] = round(rss_peak, 1)
    figures['max_rss_mb'] = rss_mb()['peak_rss_mb']
    if client is not None:
        figures['dashboard_client'] = client.figures(measured)
    figures['targets'] = {'stimulus_to_face_expression_p95_ms': 100.0, 'rss_mb': 700.0,
                          'startup_to_first_decision_s': 5.0}
    return figures
