# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The embedded demo: a scenario fed through the stand-in camera and microphone into the graph.

The whole stack runs in this process from the bring-up description (the same wiring
``ros2 launch`` starts). At each scenario step the demo points ``camera_source`` at what the
person shows and ``audio_source`` at the sentence they say (synthesised with espeak-ng), and
records what the robot perceived and did. ``speed`` > 1 runs the graph on a simulated clock
(``/clock``, ``use_sim_time``) that goes faster than the wall clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
import json
import math
import pathlib
import shutil
import sys
import tempfile
import threading
import time
from typing import Any, TextIO

from rclpy.node import Node
from rclpy.parameter import Parameter
from rclpy.qos import QoSProfile, ReliabilityPolicy
from rosgraph_msgs.msg import Clock

from .speech import prepare_speech
from ..conversions.common import image_msg_to_bgr
from ..core.errors import ConfigError, InvalidInput, ModelUnavailable
from ..core.records.timeline import (
    Decision, format_table, plot_timeline, Sample, StepSummary, summarise, Timeline,
    write_decisions)
from ..core.sources.scenario import Scenario
from ..stack import bringup
from ..stack.bringup import Topic
from ..stack.probe import TopicProbe
from ..stack.runner import is_available, StackRunner

_MSGS = 'resonance_robot_msgs/msg/'
WATCHED = (
    Topic('faces', _MSGS + 'FaceAffectArray'), Topic('voice', _MSGS + 'VoiceAffect'),
    Topic('persons', _MSGS + 'PersonAffectArray'), Topic('social_action', _MSGS + 'SocialAction'),
    Topic('face_expression', _MSGS + 'FaceExpression'), Topic('utterance', _MSGS + 'Utterance'),
    Topic('cmd_vel', 'geometry_msgs/msg/Twist'), Topic('face_image', 'sensor_msgs/msg/Image'),
    Topic('robot_speaking', 'std_msgs/msg/Bool'))
"""The topics the demo watches (and records with ``--record``, with image and audio)."""


class SimClock(Node):
    """Publishes ``/clock`` running ``speed`` times faster than the wall clock."""

    def __init__(self, speed: float, **kwargs: Any) -> None:
        super().__init__('demo_clock', **kwargs)
        self.speed = speed
        self._start_wall = time.monotonic()
        self._start_sim = 1_000.0  # a clearly simulated epoch
        qos = QoSProfile(depth=1, reliability=ReliabilityPolicy.BEST_EFFORT)
        self._pub = self.create_publisher(Clock, '/clock', qos)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name='sim-clock', daemon=True)
        self._thread.start()

    def now(self) -> float:
        """Return the simulated time in seconds."""
        return self._start_sim + (time.monotonic() - self._start_wall) * self.speed

    def _run(self) -> None:
        from ..conversions.common import seconds_to_time

        while not self._stop.wait(0.005):
            self._pub.publish(Clock(clock=seconds_to_time(self.now())))

    def destroy_node(self) -> None:
        """Stop publishing, then destroy."""
        self._stop.set()
        self._thread.join(timeout=1.0)
        super().destroy_node()


@dataclass
class DemoOptions:
    """How to run a scenario."""

    speed: float = 1.0
    out_dir: pathlib.Path | None = None
    record: bool = False
    gif: bool = True
    gif_fps: float = 8.0
    gif_width: int = 240
    progress: TextIO | None = sys.stderr
    params_files: tuple[str, ...] = ()
    log_level: str = 'warn'


@dataclass
class DemoResult:
    """What a run produced: the timeline, the per-step table and the files written."""

    scenario: Scenario
    timeline: Timeline
    rows: list[StepSummary]
    outputs: dict[str, str] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def expectations_met(self) -> bool:
        """Whether every step saw the actions it expected."""
        return all(row.met for row in self.rows)

    def summary(self) -> dict[str, Any]:
        """Return a JSON-serialisable summary of the run."""
        return {
            'scenario': self.scenario.name, 'source': self.scenario.source,
            'expectations_met': self.expectations_met,
            'steps': [{
                'start': r.start, 'end': r.end, 'showed': r.shows, 'said': r.said,
                'perceived': r.perceived,
                'valence': None if math.isnan(r.valence) else round(r.valence, 3),
                'arousal': None if math.isnan(r.arousal) else round(r.arousal, 3),
                'actions': list(r.actions), 'carried_over': r.carried_over,
                'reason': r.reason, 'expected': list(r.expected), 'avoided': list(r.avoided),
                'met': r.met} for r in self.rows],
            'decisions': len(self.timeline.decisions),
            'cmd_vel': {'messages': self.timeline.motion_commands,
                        'max_forward': round(self.timeline.max_forward, 4),
                        'max_reverse': round(self.timeline.max_reverse, 4),
                        'max_sideways': round(self.timeline.max_sideways, 4),
                        'max_turn': round(self.timeline.max_turn, 4)},
            'outputs': self.outputs, 'figures': self.figures}


class _Recorder:
    """Turns watched messages into timeline entries in scenario time."""

    def __init__(self, timeline: Timeline, clock: Callable[[], float], gif: bool,
                 gif_fps: float, gif_width: int) -> None:
        self.timeline = timeline
        self.clock = clock
        self.frames: list[Any] = []
        self._gif = gif
        self._frame_period = 1.0 / gif_fps
        self._next_frame = 0.0
        self._gif_width = gif_width
        self.latest: dict[str, Any] = {}
        self.counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def __call__(self, topic: str, msg: Any) -> None:
        t = self.clock()
        with self._lock:
            self.counts[topic] = self.counts.get(topic, 0) + 1
            self.latest[topic] = msg
            handler = getattr(self, '_on_' + topic, None)
            if handler is not None and t >= 0.0:
                handler(t, msg)

    @staticmethod
    def _sample(t: float, affect: Any) -> Sample:
        return Sample(t, float(affect.valence), float(affect.arousal),
                      float(affect.confidence), str(affect.expression))

    def _on_faces(self, t: float, msg: Any) -> None:
        if msg.faces:
            face = max(msg.faces, key=lambda f: f.roi.width * f.roi.height)
            self.timeline.add('face', self._sample(t, face.affect))

    def _on_voice(self, t: float, msg: Any) -> None:
        self.timeline.add('voice', self._sample(t, msg.affect))
        if msg.transcript or msg.commands:
            self.timeline.transcripts.append(
                (t, msg.transcript + (f' [{", ".join(msg.commands)}]' if msg.commands else '')))

    def _on_persons(self, t: float, msg: Any) -> None:
        live = [p for p in msg.persons if not p.stale]
        if live:
            person = max(live, key=lambda p: p.affect.confidence)
            self.timeline.add('fused', self._sample(t, person.affect))

    def _on_social_action(self, t: float, msg: Any) -> None:
        self.timeline.decide(Decision(t, msg.action, msg.target_person_id,
                                      float(msg.intensity), msg.reason, tuple(msg.evidence)))

    def _on_utterance(self, t: float, msg: Any) -> None:
        self.timeline.utterances.append((t, msg.text))

    def _on_cmd_vel(self, t: float, msg: Any) -> None:
        self.timeline.command(float(msg.linear.x), float(msg.linear.y), float(msg.angular.z))

    def _on_face_image(self, t: float, msg: Any) -> None:
        if not self._gif or t < self._next_frame:
            return
        self._next_frame = t + self._frame_period
        import cv2

        try:
            frame = image_msg_to_bgr(msg)
        except InvalidInput:
            return
        height = max(1, round(frame.shape[0] * self._gif_width / frame.shape[1]))
        small = cv2.resize(frame, (self._gif_width, height), interpolation=cv2.INTER_AREA)
        self.frames.append(small[:, :, ::-1].copy())


def _progress_line(scenario: Scenario, t: float, recorder: _Recorder) -> str:
    index = scenario.step_at(t)
    step = scenario.steps[index] if index >= 0 else None
    label = (step.note or step.shows.value) if step else 'starting'
    fused = recorder.timeline.samples.get('fused') or []
    person = '-'
    if fused and t - fused[-1].t < 1.5 and fused[-1].confidence > 0:
        last = fused[-1]
        person = f'{last.expression} v{last.valence:+.2f} a{last.arousal:+.2f}'
    action = recorder.timeline.decisions[-1].action if recorder.timeline.decisions else '-'
    return (f'[{t:5.1f}/{scenario.duration:.0f} s] step {index + 1}/{len(scenario.steps)} '
            f'{label:14.14s} | person: {person:24s} | robot: {action}')


def run_scenario(scenario: Scenario, options: DemoOptions) -> DemoResult:
    """Run ``scenario`` through the whole graph and return what happened."""
    if not 0.25 <= options.speed <= 8.0:
        raise ConfigError(f'speed must be in [0.25, 8], got {options.speed:g}')
    specs = bringup.stack(camera=True, audio=True)
    missing = [s.name for s in specs if not is_available(s)]
    if missing:
        raise ModelUnavailable(f'nodes not installed: {", ".join(missing)}')
    out_dir = options.out_dir
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix='resonance-demo-') as tmp:
        speech = prepare_speech(scenario, pathlib.Path(tmp), options.progress)
        return _run(scenario, options, specs, speech, out_dir)


def _run(scenario: Scenario, options: DemoOptions, specs: tuple[bringup.NodeSpec, ...],
         speech: dict[int, pathlib.Path], out_dir: pathlib.Path | None) -> DemoResult:
    sim = options.speed != 1.0
    overrides = {'camera_source': {'source': '', 'rate': 15.0},
                 'audio_source': {'source': '', 'speed': 1.0}}
    timeline = Timeline()
    started = time.monotonic()
    with StackRunner(specs, overrides=overrides, use_sim_time=sim,
                     params_files=options.params_files,
                     log_level=options.log_level) as runner:
        clock_node = SimClock(options.speed, context=runner.context) if sim else None
        if clock_node is not None:
            runner.add_node(clock_node)
        now = clock_node.now if clock_node is not None else time.monotonic
        recorder = _Recorder(timeline, lambda: now() - t0, options.gif, options.gif_fps,
                             options.gif_width)
        t0 = math.inf
        probe = runner.add_node(TopicProbe(WATCHED, 'demo_probe', keep=50,
                                           context=runner.context))
        probe.listeners.append(recorder)
        bag = None
        if options.record and out_dir is not None:
            from .recording import BagRecorder

            bag_node = runner.add_node(Node('demo_recorder', context=runner.context))
            inputs = (Topic('image', 'sensor_msgs/msg/Image'),
                      Topic('audio', _MSGS + 'AudioChunk'))
            shutil.rmtree(out_dir / 'bag', ignore_errors=True)
            bag = BagRecorder(bag_node, inputs + WATCHED, out_dir / 'bag')
        camera, audio = runner.node('camera_source'), runner.node('audio_source')
        ready = probe.wait_for(lambda: camera.count_subscribers('image') > 0
                               and audio.count_subscribers('audio') > 0
                               and probe.count('face_image') > 0, timeout=30.0)
        if not ready:
            raise ModelUnavailable('the graph did not come up within 30 s')
        startup = time.monotonic() - started
        t0 = now()
        _play(scenario, speech, camera, audio, now, t0, options, recorder)
        if bag is not None:
            bag.close()
        counts = dict(recorder.counts)
    result = DemoResult(scenario, timeline, summarise(scenario, timeline))
    result.figures = {'startup_s': round(startup, 2), 'speed': options.speed,
                      'wall_s': round(time.monotonic() - started, 1),
                      'messages': counts}
    if out_dir is not None:
        result.outputs = _write_outputs(result, recorder, out_dir, options)
        if bag is not None:
            result.outputs['bag'] = str(out_dir / 'bag')
    return result


def _play(scenario: Scenario, speech: dict[int, pathlib.Path], camera: Node, audio: Node,
          now: Callable[[], float], t0: float, options: DemoOptions,
          recorder: _Recorder) -> None:
    next_step = 0
    last_print = 0.0
    stream = options.progress
    live = stream is not None and stream.isatty()
    sentences = sorted((scenario.steps[i].at + scenario.steps[i].say_after, i) for i in speech)
    while True:
        t = now() - t0
        while next_step < len(scenario.steps) and scenario.steps[next_step].at <= t:
            step = scenario.steps[next_step]
            if step.camera is not None:
                _set(camera, loop=step.camera_loop, sequence_fps=step.camera_fps,
                     source=step.camera)
            next_step += 1
            if stream is not None and not live:
                stream.write(_progress_line(scenario, t, recorder) + '\n')
                stream.flush()
        while sentences and sentences[0][0] <= t:
            _set(audio, source=str(speech[sentences.pop(0)[1]]))
        if t >= scenario.duration:
            break
        if live and time.monotonic() - last_print > 0.25:
            last_print = time.monotonic()
            stream.write('\r' + _progress_line(scenario, t, recorder)[:120].ljust(120))
            stream.flush()
        time.sleep(0.02)
    if stream is not None:
        stream.write(('\r' if live else '')
                     + _progress_line(scenario, scenario.duration, recorder)[:120].ljust(120)
                     + '\n')
        stream.flush()


def _set(node: Node, **values: str | float | bool) -> None:
    """Set parameters of ``node`` in one atomic change (the node reconfigures once)."""
    result = node.set_parameters_atomically(
        [Parameter(name, value=value) for name, value in values.items()])
    if not result.successful:
        raise InvalidInput(f'{node.get_name()}: cannot set {values}: {result.reason}')


def _write_outputs(result: DemoResult, recorder: _Recorder, out_dir: pathlib.Path,
                   options: DemoOptions) -> dict[str, str]:
    outputs = {}
    plot_timeline(result.scenario, result.timeline, out_dir / 'timeline.png')
    outputs['timeline'] = str(out_dir / 'timeline.png')
    write_decisions(result.timeline, out_dir / 'decisions.jsonl')
    outputs['decisions'] = str(out_dir / 'decisions.jsonl')
    if options.gif and recorder.frames:
        import imageio.v3 as iio

        iio.imwrite(out_dir / 'face.gif', recorder.frames,
                    duration=1000.0 / options.gif_fps, loop=0)
        outputs['face'] = str(out_dir / 'face.gif')
    (out_dir / 'table.txt').write_text(format_table(result.rows) + '\n', encoding='utf-8')
    outputs['table'] = str(out_dir / 'table.txt')
    outputs['summary'] = str(out_dir / 'summary.json')
    (out_dir / 'summary.json').write_text(
        json.dumps(result.summary(), indent=2) + '\n', encoding='utf-8')
    return outputs
