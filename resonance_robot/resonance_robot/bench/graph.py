# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The whole graph: stimulus to the robot's face, hop by hop, in a chosen process layout.

Every node of the stack runs from the bring-up description, grouped into processes by
``--layout`` (:data:`~..stack.bringup.LAYOUTS`: 'one' as ``resonance-robot run``, 'split',
'launch' as ``ros2 launch``). A camera stand-in in this process publishes 640x480 frames at
``--fps``, alternating a happy and a sad person every ``--switch`` seconds. Each stage carries
the camera frame's stamp (``faces`` copies the image header, ``persons`` the newest cue's,
``face_expression`` the evidence's), so latency is followed from the frame to the robot's
face command, stage by stage and hop by hop (:mod:`.graph_meter`):

* ``faces``: image → face_affect → FaceAffectArray
* ``persons``: … → affect_fusion → PersonAffectArray
* ``face_expression``: … → social_behavior → FaceExpression (the stimulus → face latency)

Each stage's latency is that of the first message answering a frame (republished estimates
of the same evidence are not counted again); ``answered`` is the share of sent frames that
got an answer at that stage (frames dropped on the way, or skipped for a newer one, have
none).

``--load`` adds a person talking for the whole run: espeak-ng sentences with pauses played
by ``audio_source`` into ``voice_affect`` (speech detection, prosody, recognition, keyword
spotting), heard even while the robot speaks. The face pipeline alone is timed first on the
same frames (``isolated_faces``) and the in-graph ``faces`` p95 reported as a ratio of it, so
regressions of the waiting show. ``--plot`` draws a latency histogram per hop.

Also: output rates, the stack's memory (RSS: its node processes, or this process when
in-process) and CPU use (cores' worth, camera stand-in and probe included) and the time from
start to the first decision. Target: p95 stimulus → FaceExpression ≤ 50 ms, memory ≤ 700 MB.

With ``--dashboard`` the dashboard node runs too, with one WebSocket client reading its
stream for the whole measurement (as a browser with the page open would), and what that
client received is reported.
"""

from __future__ import annotations

import argparse
import contextlib
from dataclasses import replace
import math
import os
import pathlib
import tempfile
import time
from typing import Any

from . import rss_mb
from .graph_meter import GraphMeter, plot_histograms, STAGES
from ..stack.bringup import LAYOUTS

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
    parser.add_argument('--load', action='store_true',
                        help='a person talking meanwhile: espeak-ng sentences on audio, '
                             'through audio_source and voice_affect')
    parser.add_argument('--layout', choices=tuple(LAYOUTS), default='split',
                        help="which nodes share a process: 'one' (all in this process, as "
                             "resonance-robot run), 'split' (the face path, and the rest), "
                             "'launch' (one per node, as ros2 launch) (default: %(default)s)")
    parser.add_argument('--camera', choices=('node', 'stand-in'), default='node',
                        help="'node': camera_source in the stack plays the frames (in the "
                             "face path's process, as with run --camera); 'stand-in': this "
                             'process publishes them, as a separate camera driver would '
                             '(default: %(default)s)')
    parser.add_argument('--plot', type=pathlib.Path, default=None, metavar='PNG',
                        help='write a latency histogram per hop')


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


WATCHED = (('faces', 'resonance_robot_msgs/msg/FaceAffectArray'),
           ('persons', 'resonance_robot_msgs/msg/PersonAffectArray'),
           ('face_expression', 'resonance_robot_msgs/msg/FaceExpression'),
           ('social_action', 'resonance_robot_msgs/msg/SocialAction'),
           ('voice', 'resonance_robot_msgs/msg/VoiceAffect'),
           ('/diagnostics', 'diagnostic_msgs/msg/DiagnosticArray'))
"""Topics counted (their rates are reported); the stages are timed from the frame's stamp.
The robot's rendered face (``face_image``, 0.5 MB a frame) is not subscribed - that would
load this process; its rate comes from face_display's diagnostics."""


def _feed(args: argparse.Namespace, frames: list[Any], publish: Any, clock: Any,
          meter: GraphMeter, on_measuring: Any, memory: Any) -> tuple[float, float]:
    """
    Publish frames at ``--fps`` through warm-up and measurement; return seconds, peak RSS.

    With ``publish`` None it only paces (camera_source in the stack plays the frames).

    ``on_measuring()`` is called once, when the measurement starts; ``memory()`` returns the
    stack's resident memory, MiB (sampled twice a second).
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
        if publish is not None:  # else camera_source in the stack plays the frames
            frame = frames[int(elapsed / args.switch) % len(frames)]
            stamp = clock.now()
            msg = bgr_to_image_msg(frame, 'rgb8', 'bench_camera', stamp.to_msg())
            meter.sent(stamp.nanoseconds * 1e-9)
            publish(msg)
        if int(elapsed * 2) != int((elapsed - period) * 2):
            rss_peak = max(rss_peak, memory())


def _isolated_faces(frames: list[Any], count: int = 90) -> dict[str, float]:
    """Time the face pipeline alone (decode + detect + classify) on the bench's frames."""
    from ..conversions.common import bgr_to_image_msg, image_msg_to_bgr
    from ..core.perception.face.pipeline import FaceAffectPipeline, FacePipelineConfig
    from ..core.stats import LatencyStats

    pipeline = FaceAffectPipeline(FacePipelineConfig())
    msgs = [bgr_to_image_msg(frame, 'rgb8') for frame in frames]
    stats = LatencyStats(size=count)
    for i in range(count + 10):
        begin = time.perf_counter()
        pipeline.process(image_msg_to_bgr(msgs[(i // 15) % len(msgs)]), i / 30.0)
        if i >= 10:  # warm-up
            stats.add(time.perf_counter() - begin)
    return stats.summary().as_ms()


TALK = (
    ('I am so happy today, this is wonderful', (175, 50, 50)),
    ('thank you so much, I love it', (220, 80, 90)),
    ('the train leaves at nine in the morning', (120, 30, 30)),
    ('we went to the market and bought some apples and bread', (160, 45, 45)),
)
"""What the --load talker says: ordinary sentences, no command (a spoken 'stop watching me'
would put the robot in privacy mode and end face inference for the rest of the run), at
espeak-ng amplitudes that do not clip."""


def _talker(folder: pathlib.Path) -> pathlib.Path:
    """Write the --load talker: espeak-ng sentences, each followed by a second of silence."""
    from .voice import synthesise

    path = folder / 'talker.wav'
    synthesise(path, len(TALK), TALK)
    return path


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return int(sock.getsockname()[1])


def _listening(port: int, timeout: float) -> bool:
    """Wait until something accepts connections on 127.0.0.1:``port``."""
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(('127.0.0.1', port)) == 0:
                return True
        time.sleep(0.2)
    return False


class _Usage:
    """CPU seconds and resident memory of this process and the stack's node processes."""

    def __init__(self, processes: Any) -> None:
        self.processes = processes

    def _children(self) -> list[tuple[float, float]]:
        from ..stack.processes import process_usage

        if self.processes is None:
            return []
        return [process_usage(pid) for pid in self.processes.pids().values()]

    def rss_mb(self) -> float:
        """Return the stack's resident memory: its node processes, or this one in-process."""
        if self.processes is None:
            return rss_mb()['rss_mb']  # the stand-in camera and probe included
        return sum(rss for rss, _ in self._children())

    def cpu_s(self) -> float:
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)  # the camera and probe included
        return usage.ru_utime + usage.ru_stime + sum(cpu for _, cpu in self._children())


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the stack, feed it frames (and speech with ``--load``), and measure every hop."""
    from ..core.errors import ConfigError

    if args.seconds <= 0 or args.fps <= 0 or args.switch <= 0:
        raise ConfigError('--seconds, --fps and --switch must be positive')
    frames = _frames()
    isolated = _isolated_faces(frames)
    with tempfile.TemporaryDirectory(prefix='bench_graph_') as tmp:
        talker = _talker(pathlib.Path(tmp)) if args.load else None
        video = _video(pathlib.Path(tmp), frames, args) if args.camera == 'node' else None
        figures = _measure(args, frames, talker, video)
    figures['isolated_faces'] = isolated
    in_graph = figures['latency_faces'].get('p95_ms', math.nan)
    figures['faces_p95_in_graph_over_isolated'] = round(in_graph / isolated['p95_ms'], 2)
    if args.plot is not None:
        plot_histograms(figures.pop('_samples'), args.plot,
                        f'bench graph --layout {args.layout}{" --load" if args.load else ""}'
                        f' ({args.seconds:g} s, {args.fps:g} fps)')
        figures['histogram'] = str(args.plot)
    figures.pop('_samples', None)
    return figures


def _video(folder: pathlib.Path, frames: list[Any], args: argparse.Namespace) -> pathlib.Path:
    """Write the frames as a video camera_source loops: each shown ``--switch`` seconds."""
    import cv2

    path = folder / 'camera.avi'
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'MJPG'), args.fps,
                             (frames[0].shape[1], frames[0].shape[0]))
    for frame in frames:
        for _ in range(max(1, int(round(args.switch * args.fps)))):
            writer.write(frame)
    writer.release()
    return path


def _specs(args: argparse.Namespace, talker: pathlib.Path | None) -> tuple[Any, ...]:
    from ..stack import bringup

    specs = bringup.stack(dashboard=args.dashboard, audio=talker is not None,
                          camera=args.camera == 'node')
    if talker is None:
        return specs
    # The talker is heard all the time, as with echo cancellation: voice_affect does not
    # pause while the robot speaks, so the load lasts the whole run.
    return tuple(replace(s, remappings=s.remappings + (
        ('robot_speaking', 'bench_robot_speaking_unheard'),))
        if s.name == 'voice_affect' else s for s in specs)


def _overrides(args: argparse.Namespace, port: int, talker: pathlib.Path | None,
               video: pathlib.Path | None) -> dict[str, dict[str, Any]]:
    overrides: dict[str, dict[str, Any]] = {'dashboard': {'port': port}}
    if talker is not None:
        overrides['audio_source'] = {'source': str(talker), 'loop': True}
    if video is not None:
        overrides['camera_source'] = {'source': str(video), 'rate': args.fps, 'loop': True}
    return overrides


def _measure(args: argparse.Namespace, frames: list[Any], talker: pathlib.Path | None,
             video: pathlib.Path | None) -> dict[str, Any]:
    from rclpy.node import Node
    from rclpy.qos import qos_profile_sensor_data

    from ..conversions.common import bgr_to_image_msg
    from ..stack.bringup import Topic
    from ..stack.probe import TopicProbe
    from ..stack.processes import ProcessStack
    from ..stack.runner import StackRunner
    from .dashboard_client import DashboardClient

    watched = [Topic(name, kind) for name, kind in WATCHED]
    specs = _specs(args, talker)
    launched = args.layout != 'one'
    if launched:
        # Frames cross processes: Fast DDS's shared-memory and TCP transport for large data
        # (the default UDP loses fragments of 0.9 MB images at 30 Hz). A user's choice stays.
        os.environ.setdefault('FASTDDS_BUILTIN_TRANSPORTS', 'LARGE_DATA')
    port = _free_port() if launched else 0
    overrides = _overrides(args, port, talker, video)
    started = time.monotonic()
    meter = GraphMeter(started, by_stamp=video is not None)
    client = None
    processes = ProcessStack(specs, layout=args.layout, overrides=overrides,
                             log_level='warn') if launched else None
    with contextlib.ExitStack() as stack:
        if processes is not None:
            stack.enter_context(processes)
        runner = stack.enter_context(StackRunner(
            () if launched else specs, log_level='warn', overrides=overrides))
        usage = _Usage(processes)
        camera = runner.add_node(Node('bench_camera', context=runner.context))
        image_pub = camera.create_publisher(bgr_to_image_msg(frames[0]).__class__, 'image',
                                            qos_profile_sensor_data)
        probe = runner.add_node(TopicProbe(watched, 'bench_probe', keep=5,
                                           context=runner.context))
        probe.listeners.append(meter.on_message)
        if not probe.wait_for(lambda: (video is not None or camera.count_subscribers('image'))
                              and probe.count('/diagnostics') > 0, timeout=60.0):
            raise RuntimeError('the stack did not come up within 60 s')
        ready_s = time.monotonic() - started
        if args.dashboard:
            if launched and not _listening(port, timeout=30.0):
                raise RuntimeError(f'the dashboard did not listen on port {port} within 30 s')
            url = (f'http://127.0.0.1:{port}/' if launched
                   else runner.node('dashboard').server.url)
            client = DashboardClient(url)
            client.start()
        cpu_start: list[float] = []

        def on_measuring() -> None:
            cpu_start.append(usage.cpu_s())
            if client is not None:
                client.reset()

        measured, rss_peak = _feed(args, frames, None if video else image_pub.publish,
                                   camera.get_clock(), meter, on_measuring, usage.rss_mb)
        cpu_used = usage.cpu_s() - cpu_start[0]
        if client is not None:
            client.stop()
        if processes is not None and processes.exited():
            raise RuntimeError(f'nodes ended during the run: {processes.exited()}')
    return _figures(args, meter, measured, ready_s, cpu_used, rss_peak, watched, client)


def _figures(args: argparse.Namespace, meter: GraphMeter, measured: float, ready_s: float,
             cpu_used: float, rss_peak: float, watched: list[Any],
             client: Any) -> dict[str, Any]:
    first = meter.first_decision
    figures: dict[str, Any] = {
        'layout': args.layout,
        'load': 'talker on audio' if args.load else 'none',
        'frames_per_second_sent': round(args.fps, 1),
        'seconds_measured': round(measured, 1),
        'startup_to_first_decision_s': round(first, 2) if first is not None else None,
        'startup_nodes_ready_s': round(ready_s, 2),
    }
    if meter.by_stamp:  # camera_source's own publishing rate (its diagnostics)
        rate = float(meter.node_figures.get('camera_source', {}).get('rate_hz', args.fps))
        meter.frames_sent = int(round(rate * measured))
    figures['camera'] = ('camera_source in the stack, playing the frames as a video'
                         if meter.by_stamp else 'stand-in publisher in the bench process')
    figures['frames_sent'] = meter.frames_sent
    for stage in STAGES:
        figures[f'latency_{stage}'] = meter.latencies[stage].summary().as_ms()
        figures[f'latency_{stage}']['answered'] = round(
            len(meter.latencies[stage]) / max(1, meter.frames_sent), 3)
    figures['hops'] = meter.breakdown()
    face = meter.node_figures.get('face_affect', {})
    figures['face_affect_frames'] = {k: int(face[k]) for k in ('dropped_frames',) if k in face}
    figures['rates_hz'] = {t.name: round(meter.counts.get(t.name, 0) / measured, 1)
                           for t in watched if t.name != '/diagnostics'}
    display = meter.node_figures.get('face_display', {})
    if 'rate_hz' in display:
        figures['rates_hz']['face_image'] = float(display['rate_hz'])
    figures['cpu_cores_used'] = round(cpu_used / measured, 2)
    figures['rss_mb'] = round(rss_peak, 1)  # the stack's processes, peak of the samples
    if args.layout == 'one':
        figures['max_rss_mb'] = rss_mb()['peak_rss_mb']
    else:
        figures['bench_process_rss_mb'] = rss_mb()['rss_mb']  # stand-in camera and probe
    if client is not None:
        figures['dashboard_client'] = client.figures(measured)
    figures['targets'] = {'stimulus_to_face_expression_p95_ms': 50.0, 'rss_mb': 700.0,
                          'startup_to_first_decision_s': 5.0}
    figures['_samples'] = meter.samples_ms()
    return figures
