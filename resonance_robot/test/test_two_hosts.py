# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Perception and decision on two hosts: two network namespaces joined by a veth pair.

The perception host (``run --profile perception-host --camera builtin:astronaut``) and the
decision host (``run --profile decision-host``) share nothing but a private /30 link: DDS
discovers across it by multicast, faces cross it, and a probe on the decision host sees the
persons and social actions derived from them. Fast DDS's shared-memory transport is switched
off (``FASTDDS_BUILTIN_TRANSPORTS=UDPv4``) so the link is the only path. Cutting the link
makes the decision side's persons stale and its velocity commands zero.

Needs root and ``ip netns``; skipped with the reason otherwise. Only the namespaces' own
addresses (10.231.x.y/30 on the veth inside them) are used, and the namespaces and processes
are removed even when the test fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
import json
import os
import pathlib
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time

import pytest

from resonance_robot.stack import bringup
from resonance_robot.stack.bringup import Topic

REPO = pathlib.Path(__file__).resolve().parents[2]
VENV_BIN = pathlib.Path(sys.executable).parent
PROBE = pathlib.Path(__file__).resolve().parent / 'hosts_probe.py'
DECISION_PARAMS = """social_behavior:
  ros__parameters:
    publish_zero_velocity: true
"""


def _ip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(['ip', *args], capture_output=True, text=True, timeout=30)


def _netns_unavailable() -> str | None:
    """Why two network namespaces cannot be made here, or None when they can."""
    if os.geteuid() != 0:
        return 'needs root to create network namespaces'
    if shutil.which('ip') is None:
        return "needs the 'ip' command (Debian package iproute2)"
    name = f'rrcheck{os.getpid()}'
    made = _ip('netns', 'add', name)
    if made.returncode != 0:
        return f'ip netns add failed: {made.stderr.strip()}'
    _ip('netns', 'del', name)
    return None


@dataclass
class Hosts:
    """Two namespaces, their link and the processes started in them."""

    perception: str
    decision: str
    perception_if: str
    env: dict[str, str]
    logs: pathlib.Path
    host_env: dict[str, dict[str, str]] = field(default_factory=dict)
    """Extra environment per namespace (static peers: each host names the other)."""
    processes: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def start(self, name: str, namespace: str, *command: str) -> subprocess.Popen[bytes]:
        """Start ``command`` in ``namespace``; its output goes to ``logs/<name>.log``."""
        log = (self.logs / f'{name}.log').open('wb')
        env = {**self.env, **self.host_env.get(namespace, {})}
        process = subprocess.Popen(['ip', 'netns', 'exec', namespace, *command], env=env,
                                   stdout=log, stderr=subprocess.STDOUT, cwd=REPO,
                                   start_new_session=True)
        self.processes.append((name, process))
        return process

    def log(self, name: str) -> str:
        """Return what process ``name`` has written so far."""
        path = self.logs / f'{name}.log'
        return path.read_text(errors='replace') if path.is_file() else ''

    def tails(self) -> str:
        """Return the end of every process's log, for a failure message."""
        parts = []
        for name, _ in self.processes:
            text = (self.logs / f'{name}.log').read_text(errors='replace')
            parts.append(f'--- {name} ---\n' + '\n'.join(text.splitlines()[-15:]))
        counts: dict[str, int] = {}
        for line in _lines(self.logs / 'probe.jsonl'):
            counts[str(line['topic'])] = counts.get(str(line['topic']), 0) + 1
        return '\n'.join(parts) + f'\n--- probe received ---\n{counts}'

    def stop(self) -> None:
        """Stop every process started here (SIGINT, then SIGKILL), by its own id."""
        for _, process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)
        for _, process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


@pytest.fixture(params=['multicast', 'static-peers'])
def hosts(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Hosts]:
    """
    Two network namespaces joined by a veth pair; removed afterwards, whatever happens.

    ``multicast``: the default discovery, with a multicast route on each veth.
    ``static-peers``: automatic discovery limited to each host
    (``ROS_AUTOMATIC_DISCOVERY_RANGE=LOCALHOST``, which alone does not reach the other
    namespace) and the other host's address in ``ROS_STATIC_PEERS``: the hosts find each
    other by unicast. (``OFF`` would switch static peers off too in rmw_fastrtps 9.3.)
    """
    reason = _netns_unavailable()
    if reason:
        pytest.skip(reason)
    tag = f'{os.getpid() % 100000}{random.randrange(100)}'
    perception, decision = f'rrperc{tag}', f'rrdeci{tag}'
    veth_p, veth_d = f'rrp{tag}', f'rrd{tag}'
    block = random.randrange(64) * 4
    subnet = f'10.231.{os.getpid() % 256}'
    env = dict(os.environ)
    env.update({
        'ROS_DOMAIN_ID': str(random.randrange(101, 200)),
        'ROS_AUTOMATIC_DISCOVERY_RANGE': 'SUBNET', 'ROS_LOCALHOST_ONLY': '0',
        'FASTDDS_BUILTIN_TRANSPORTS': 'UDPv4', 'PYTHONUNBUFFERED': '1',
        'ROS_LOG_DIR': str(tmp_path / 'ros_logs')})
    env.pop('ROS_STATIC_PEERS', None)
    env.pop('FASTRTPS_DEFAULT_PROFILES_FILE', None)
    addresses = {perception: f'{subnet}.{block + 1}', decision: f'{subnet}.{block + 2}'}
    multicast = request.param == 'multicast'
    made = Hosts(perception, decision, veth_p, env, tmp_path)
    if not multicast:
        made.host_env = {
            ns: {'ROS_AUTOMATIC_DISCOVERY_RANGE': 'LOCALHOST',
                 'ROS_STATIC_PEERS': addresses[decision if ns == perception else perception]}
            for ns in addresses}
    steps = [
        ('netns', 'add', perception), ('netns', 'add', decision),
        ('-n', perception, 'link', 'add', veth_p, 'type', 'veth', 'peer', 'name', veth_d,
         'netns', decision),
        ('-n', perception, 'addr', 'add', f'{addresses[perception]}/30', 'dev', veth_p),
        ('-n', decision, 'addr', 'add', f'{addresses[decision]}/30', 'dev', veth_d)]
    for ns, dev in ((perception, veth_p), (decision, veth_d)):
        steps += [('-n', ns, 'link', 'set', 'lo', 'up'), ('-n', ns, 'link', 'set', dev, 'up')]
        if multicast:
            steps.append(('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', dev))
    try:
        for step in steps:
            done = _ip(*step)
            assert done.returncode == 0, f'ip {" ".join(step)}: {done.stderr.strip()}'
        yield made
    finally:
        made.stop()
        for ns in (perception, decision):
            _ip('netns', 'del', ns)  # deleting a namespace removes its end of the veth


def _lines(path: pathlib.Path) -> list[dict[str, object]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.endswith('}')]


def _wait(predicate, timeout: float, hosts: Hosts, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f'timed out waiting for {what}\n{hosts.tails()}'
        for name, process in hosts.processes:
            assert process.poll() is None, f'{name} exited\n{hosts.tails()}'
        time.sleep(0.2)


def _happy_person(line: dict) -> bool:
    return line['topic'] == 'persons' and any(
        not p['stale'] and p['expression'] == 'happy' and p['valence'] > 0
        for p in line['persons'])


def _latencies(lines: list[dict], topic: str) -> list[float]:
    """
    Arrival minus camera frame stamp, for messages that answer a frame with a face.

    Only the first message per frame counts (a timer tick may repeat the newest evidence).
    """
    frames = {round(line['stamp'], 6) for line in lines
              if line['topic'] == 'faces' and line['faces']}
    first: dict[float, float] = {}
    for line in lines:
        stamp = round(line.get('stamp', 0.0), 6)
        if line['topic'] == topic and stamp in frames and stamp not in first:
            first[stamp] = line['arrived'] - line['stamp']
    return list(first.values())


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def test_the_two_host_profiles_split_the_stack_without_overlap():
    perception = bringup.stack(bringup.PROFILES['perception-host'])
    decision = bringup.stack(bringup.PROFILES['decision-host'])
    assert [s.name for s in perception] == ['face_affect', 'voice_affect']
    assert [s.name for s in decision] == [
        'affect_fusion', 'social_behavior', 'face_display', 'voice_output']
    assert {s.name for s in perception + decision} == {
        s.name for s in bringup.stack(bringup.PROFILES['all'])}


def test_only_small_messages_cross_between_the_hosts():
    def topics(profile: str, kind: str) -> set[str]:
        sources = profile == 'perception-host'  # the camera and microphone are there
        return {t.name for s in bringup.stack(bringup.PROFILES[profile], camera=sources,
                                              audio=sources)
                for t in getattr(s, kind) if not t.name.startswith('/')}

    to_decision = topics('perception-host', 'publishes') & topics('decision-host', 'subscribes')
    to_perception = (topics('decision-host', 'publishes')
                     & topics('perception-host', 'subscribes'))
    # 'deployment': each guarded node's latched setting, so a host configured differently is
    # flagged on the other (a few bytes, once).
    assert to_decision == {'faces', 'voice', 'person_speaking', 'deployment'}
    assert to_perception == {'privacy', 'robot_speaking', 'deployment'}
    assert not {'image', 'audio'} & (to_decision | to_perception)


@pytest.mark.slow
def test_faces_cross_hosts_and_a_cut_link_stops_motion(hosts: Hosts, record_property):
    params = hosts.logs / 'decision.yaml'
    params.write_text(DECISION_PARAMS)
    out = hosts.logs / 'probe.jsonl'
    command = str(VENV_BIN / 'resonance-robot')
    hosts.start('decision', hosts.decision, command, 'run', '--profile', 'decision-host',
                '--params-file', str(params))
    # One process after another, as on a robot: each DDS participant settles its ports first.
    _wait(lambda: 'nodes running' in hosts.log('decision'), 120.0, hosts, 'the decision host')
    hosts.start('probe', hosts.decision, sys.executable, str(PROBE), str(out))
    _wait(lambda: 'listening' in hosts.log('probe'), 60.0, hosts, 'the probe')
    hosts.start('perception', hosts.perception, command, 'run', '--profile',
                'perception-host', '--camera', 'builtin:astronaut')

    _wait(lambda: any(_happy_person(line) for line in _lines(out)), 180.0, hosts,
          'a happy person on the decision host')
    _wait(lambda: any(line['topic'] == 'social_action' and line['target']
                      for line in _lines(out)), 60.0, hosts,
          'a social action for that person on the decision host')
    _wait(lambda: len(_latencies(_lines(out), 'face_expression')) >= 30, 120.0, hosts,
          'face commands answering 30 camera frames on the decision host')
    lines = _lines(out)
    actions = sorted({line['action'] for line in lines if line['topic'] == 'social_action'})
    figures = {}
    for topic in ('faces', 'persons', 'face_expression'):
        values = _latencies(lines, topic)
        figures[topic] = (statistics.median(values) * 1e3, _percentile(values, 0.95) * 1e3,
                          len(values))
        record_property(f'latency_{topic}_ms', figures[topic])
    print('\ncamera frame (perception host) -> arrival on the decision host: '
          + '; '.join(f'{t} p50 {p50:.1f} ms, p95 {p95:.1f} ms (n={n})'
                      for t, (p50, p95, n) in figures.items())
          + f'; actions {actions}')

    cut = time.time()
    done = _ip('-n', hosts.perception, 'link', 'set', hosts.perception_if, 'down')
    assert done.returncode == 0, done.stderr

    def stale_since() -> float | None:
        for line in _lines(out):
            if (line['topic'] == 'persons' and line['arrived'] > cut
                    and all(p['stale'] for p in line['persons'])):
                return float(line['arrived'])
        return None

    _wait(lambda: stale_since() is not None, 30.0, hosts, 'persons to go stale after the cut')
    stale = stale_since()
    assert stale is not None

    def commands_after() -> list[dict]:
        return [line for line in _lines(out)
                if line['topic'] == 'cmd_vel' and line['arrived'] > stale + 0.5]

    _wait(lambda: len(commands_after()) >= 20, 30.0, hosts, 'velocity commands after the cut')
    assert all(c['linear_x'] == 0.0 and c['angular_z'] == 0.0 for c in commands_after())
    late_faces = [line for line in _lines(out)
                  if line['topic'] == 'faces' and line['arrived'] > cut + 1.0]
    assert not late_faces, 'faces still arrive: the link is not the only path'
    print(f'link cut: persons stale after {stale - cut:.2f} s, then '
          f'{len(commands_after())} zero velocity commands')


def test_the_preview_is_a_small_jpeg_at_a_limited_rate():
    import cv2
    import numpy as np

    from resonance_robot.core.errors import InvalidInput
    from resonance_robot.core.perception.face.preview import preview_jpeg, RateGate
    from resonance_robot.core.sources.camera import open_frame_source

    frame = open_frame_source('builtin:astronaut', True).read()
    data = preview_jpeg(frame, 320)
    decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert decoded.shape == (320, 320, 3) and len(data) < frame.nbytes / 20
    assert preview_jpeg(frame[:100, :100].copy(), 320)[:2] == b'\xff\xd8'  # never scaled up
    with pytest.raises(InvalidInput):
        preview_jpeg(frame, 4)
    gate = RateGate(2.0)
    assert [gate.due(t) for t in (0.0, 0.2, 0.5, 0.9, 1.0)] == [True, False, True, False, True]
    assert not RateGate(0.0).due(0.0)


def test_face_affect_publishes_a_compressed_preview_when_asked(runner_factory):
    from resonance_robot.stack.probe import TopicProbe

    runner = runner_factory(bringup.stack([bringup.Role.PERCEPTION], camera=True)[:2],
                            overrides={'camera_source': {'source': 'builtin:astronaut'},
                                       'face_affect': {'preview_rate': 5.0}})
    topic = '/faces/preview/compressed'
    probe = runner.add_node(TopicProbe([Topic(topic, 'sensor_msgs/msg/CompressedImage')],
                                       context=runner.context))
    assert probe.wait_for_count(topic, 3, timeout=90.0)
    received = probe.received[topic]
    msg = received[-1].msg
    assert msg.format == 'jpeg' and msg.header.stamp.sec > 0
    assert 1000 < len(msg.data) < 60000
    stamps = [r.msg.header.stamp.sec + r.msg.header.stamp.nanosec * 1e-9 for r in received]
    assert min(b - a for a, b in zip(stamps, stamps[1:])) > 0.1  # 5/s at most, not 30/s
    print(f'\npreview: {len(msg.data)} bytes per JPEG (astronaut, 320 px)')


def test_a_face_costs_a_few_hundred_bytes_on_the_wire():
    from rclpy.serialization import serialize_message
    from resonance_robot_msgs.msg import Affect, FaceAffect, FaceAffectArray

    from resonance_robot.core.perception.face.expression_model import FER_CLASSES

    affect = Affect(expression='happy', valence=0.8, arousal=0.3, confidence=0.9,
                    class_names=list(FER_CLASSES),
                    class_probabilities=[1.0 / len(FER_CLASSES)] * len(FER_CLASSES))
    face = FaceAffect(face_id='face12', affect=affect, raw_affect=affect)
    sizes = [len(serialize_message(FaceAffectArray(faces=[face] * n))) for n in (0, 1, 5)]
    assert sizes[0] < 64 and sizes[1] - sizes[0] < 400 and sizes[2] < 2000
