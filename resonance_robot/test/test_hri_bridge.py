# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
hri_bridge: the package's perception as ROS4HRI (REP-155) topics, and ROS4HRI faces in.

Real nodes and real hri_msgs messages over DDS. hri_msgs is not on PyPI: the tests use it when
it is importable, build it with ``make hri-msgs`` when its sources are next to the checkout,
and are skipped with the reason otherwise.
"""

from __future__ import annotations

import importlib
import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest

from resonance_robot.stack import bringup
from resonance_robot.stack.bringup import Topic

REPO = pathlib.Path(__file__).resolve().parents[2]
SOURCES = [REPO.parent / 'shared' / 'third_party' / 'hri_msgs',
           REPO.parent.parent / 'shared' / 'third_party' / 'hri_msgs']
HRI = 'hri_msgs/msg/'


def _import_hri_msgs() -> bool:
    importlib.invalidate_caches()
    try:
        importlib.import_module('hri_msgs.msg')
    except ImportError:
        return False
    return True


@pytest.fixture(scope='module')
def hri_msgs() -> None:
    """Find hri_msgs, or build it from the shared sources, or skip with the reason."""
    if _import_hri_msgs():
        return
    source = next((s for s in SOURCES if (s / 'package.xml').is_file()), None)
    if source is None:
        pytest.skip('hri_msgs is not installed and its sources are not next to the checkout: '
                    'make hri-msgs HRI_MSGS_SRC=<a checkout of ros4hri/hri_msgs>')
    built = subprocess.run(['make', 'hri-msgs', f'HRI_MSGS_SRC={source}'], cwd=REPO,
                           capture_output=True, text=True, timeout=1200)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    assert _import_hri_msgs(), 'make hri-msgs succeeded but hri_msgs does not import'


def _faces_msg(expression: str, valence: float):
    from resonance_robot_msgs.msg import Affect, FaceAffect, FaceAffectArray
    from sensor_msgs.msg import RegionOfInterest

    affect = Affect(expression=expression, valence=valence, arousal=0.3, confidence=0.8)
    face = FaceAffect(face_id='face7', roi=RegionOfInterest(x_offset=160, y_offset=120,
                                                            width=320, height=240),
                      detection_confidence=0.9, affect=affect, raw_affect=affect)
    msg = FaceAffectArray(image_width=640, image_height=480, faces=[face])
    msg.header.stamp.sec = 42
    return msg


def test_faces_go_out_as_rep155_topics(hri_msgs, runner_factory):
    from resonance_robot.stack.probe import TopicProbe
    from resonance_robot_msgs.msg import FaceAffectArray

    runner = runner_factory(bringup.stack([], hri=True))
    probe = runner.add_node(TopicProbe([
        Topic('/humans/faces/tracked', HRI + 'IdsList'),
        Topic('/humans/faces/face7/roi', HRI + 'NormalizedRegionOfInterest2D'),
        Topic('/humans/faces/face7/expression', HRI + 'Expression')],
        context=runner.context))
    pub = probe.create_publisher(FaceAffectArray, 'faces', 10)
    assert probe.wait_for(lambda: pub.get_subscription_count() > 0, 15.0)

    def arrived() -> bool:
        pub.publish(_faces_msg('happy', 0.7))
        return probe.wait_for_count('/humans/faces/face7/expression', 1, 0.2)

    assert probe.wait_for(arrived, 20.0)
    assert probe.wait_for_count('/humans/faces/tracked', 1, 5.0)
    tracked = probe.messages('/humans/faces/tracked')[-1]
    assert list(tracked.ids) == ['face7'] and tracked.header.stamp.sec == 42
    expression = probe.messages('/humans/faces/face7/expression')[-1]
    assert expression.expression == expression.HAPPY
    assert expression.valence == pytest.approx(0.7) and expression.confidence > 0.5
    assert probe.wait_for_count('/humans/faces/face7/roi', 1, 5.0)
    roi = probe.messages('/humans/faces/face7/roi')[-1]
    assert (roi.xmin, roi.ymin, roi.xmax, roi.ymax) == pytest.approx((0.25, 0.25, 0.75, 0.75))


def test_persons_and_voices_go_out_as_rep155_topics(hri_msgs, runner_factory):
    from resonance_robot.nodes.qos import STATE_QOS
    from resonance_robot.stack.probe import TopicProbe
    from resonance_robot_msgs.msg import PersonAffect, PersonAffectArray, VoiceAffect
    from std_msgs.msg import Bool

    runner = runner_factory(bringup.stack([], hri=True))
    topics = {'/humans/persons/tracked': HRI + 'IdsList',
              '/humans/persons/p1/face_id': 'std_msgs/msg/String',
              '/humans/persons/p1/engagement_status': HRI + 'EngagementLevel',
              '/humans/voices/tracked': HRI + 'IdsList',
              '/humans/voices/voice0/speech': HRI + 'LiveSpeech',
              '/humans/voices/voice0/is_speaking': 'std_msgs/msg/Bool'}
    probe = runner.add_node(TopicProbe([Topic(n, t) for n, t in topics.items()],
                                       context=runner.context))
    persons = probe.create_publisher(PersonAffectArray, 'persons', 10)
    voice = probe.create_publisher(VoiceAffect, 'voice', 10)
    speaking = probe.create_publisher(Bool, 'person_speaking', STATE_QOS)  # latched, as real
    msg = PersonAffectArray(persons=[
        PersonAffect(person_id='p1', face_id='face7', voice_id='voice0', engaged=True),
        PersonAffect(person_id='p2', face_id='face8', stale=True)])

    def arrived() -> bool:
        persons.publish(msg)
        voice.publish(VoiceAffect(voice_id='voice0', transcript='hello robot'))
        speaking.publish(Bool(data=True))
        return all(probe.count(name) for name in topics)

    assert probe.wait_for(arrived, 20.0)
    assert list(probe.messages('/humans/persons/tracked')[-1].ids) == ['p1']  # p2 is stale
    assert probe.messages('/humans/persons/p1/face_id')[-1].data == 'face7'
    engagement = probe.messages('/humans/persons/p1/engagement_status')[-1]
    assert engagement.level == engagement.ENGAGED
    assert list(probe.messages('/humans/voices/tracked')[-1].ids) == ['voice0']
    assert probe.messages('/humans/voices/voice0/speech')[-1].final == 'hello robot'
    assert probe.messages('/humans/voices/voice0/is_speaking')[-1].data is True


def test_ros4hri_faces_come_in_as_faces_in_place_of_face_affect(hri_msgs, runner_factory):
    from hri_msgs.msg import Expression, IdsList, NormalizedRegionOfInterest2D
    from resonance_robot.stack.probe import TopicProbe

    specs = bringup.stack([bringup.Role.PERCEPTION], hri_faces=True)
    assert [s.name for s in specs] == ['voice_affect', 'hri_bridge']
    runner = runner_factory(specs[1:], overrides=bringup.HRI_FACES_OVERRIDES)
    probe = runner.add_node(TopicProbe(
        [Topic('faces', 'resonance_robot_msgs/msg/FaceAffectArray')], context=runner.context))
    tracked = probe.create_publisher(IdsList, '/humans/faces/tracked', 10)
    roi = probe.create_publisher(NormalizedRegionOfInterest2D, '/humans/faces/abcde/roi', 10)
    expression = probe.create_publisher(Expression, '/humans/faces/abcde/expression', 10)

    def complete() -> bool:
        tracked.publish(IdsList(ids=['abcde']))
        roi.publish(NormalizedRegionOfInterest2D(xmin=0.4, ymin=0.3, xmax=0.6, ymax=0.6, c=0.9))
        expression.publish(Expression(expression=Expression.FURIOUS, confidence=0.8))
        return probe.wait_for(lambda: any(m.faces for m in probe.messages('faces')), 0.2)

    assert probe.wait_for(complete, 20.0)
    face = next(m for m in probe.messages('faces') if m.faces).faces[0]
    assert face.face_id == 'abcde'
    assert (face.roi.x_offset, face.roi.width, face.roi.height) == (256, 128, 144)
    assert probe.wait_for(lambda: probe.messages('faces')[-1].faces[0].affect.expression
                          == 'angry', 10.0)
    affect = probe.messages('faces')[-1].faces[0].affect
    assert affect.valence < 0 and affect.arousal > 0  # a category alone gets its placement


def test_without_hri_msgs_the_bridge_says_so_and_bridges_nothing(runner_factory, monkeypatch):
    from diagnostic_msgs.msg import DiagnosticStatus
    from resonance_robot.nodes import hri_bridge

    monkeypatch.setattr(hri_bridge, 'hri_msgs_available', lambda: False)
    runner = runner_factory(bringup.stack([], hri=True))
    node = runner.node('hri_bridge')
    status = node.diagnostics.status()
    assert status.level == DiagnosticStatus.ERROR and 'make hri-msgs' in status.message
    assert {kv.key: kv.value for kv in status.values}['hri_msgs'] == 'missing'
    topics = {name for name, _ in node.get_publisher_names_and_types_by_node('hri_bridge', '/')}
    assert not any(name.startswith('/humans') for name in topics)
    assert 'make hri-msgs' in hri_bridge.status_line()


def test_run_hri_publishes_the_astronaut_as_happy_on_humans_faces(
        hri_msgs, ros_context, tmp_path):
    from rclpy.executors import SingleThreadedExecutor
    from resonance_robot.stack.probe import TopicProbe

    command = [str(pathlib.Path(sys.executable).parent / 'resonance-robot'), 'run',
               '--camera', 'builtin:astronaut', '--hri', '--duration', '240']
    log = tmp_path / 'run.log'
    with log.open('wb') as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT,
                                   env={**os.environ, 'PYTHONUNBUFFERED': '1'})
    tracked_probe = TopicProbe([Topic('/humans/faces/tracked', HRI + 'IdsList')],
                               name='tracked_probe', context=ros_context)
    executor = SingleThreadedExecutor(context=ros_context)
    executor.add_node(tracked_probe)
    try:
        deadline = time.monotonic() + 180.0
        while not any(m.ids for m in tracked_probe.messages('/humans/faces/tracked')):
            assert time.monotonic() < deadline and process.poll() is None, \
                'no tracked face\n' + log.read_text(errors='replace')[-3000:]
            executor.spin_once(timeout_sec=0.1)
        face_id = next(m for m in tracked_probe.messages('/humans/faces/tracked') if m.ids).ids[0]
        topic = f'/humans/faces/{face_id}/expression'
        probe = TopicProbe([Topic(topic, HRI + 'Expression')], name='expression_probe',
                           context=ros_context)
        executor.add_node(probe)
        deadline = time.monotonic() + 60.0
        while probe.count(topic) < 5:
            assert time.monotonic() < deadline and process.poll() is None, \
                f'nothing on {topic}\n' + log.read_text(errors='replace')[-3000:]
            executor.spin_once(timeout_sec=0.1)
        last = probe.messages(topic)[-1]
        assert last.expression == 'happy' and last.valence > 0.0, last
        print(f'\n{topic}: {last.expression}, valence {last.valence:.2f}, arousal '
              f'{last.arousal:.2f}, confidence {last.confidence:.2f}')
        for node in (probe, tracked_probe):
            executor.remove_node(node)
            node.destroy_node()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    output = log.read_text(errors='replace')
    assert 'hri_bridge: REP-155 topics under /humans' in output, output
