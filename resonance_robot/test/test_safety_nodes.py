# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Safety at the ROS level: real nodes, real messages, real processes.

An e-stop that cannot be missed, the dead-man, a node that raises, and SIGTERM as a graceful
stop.
"""

import math
import os
import pathlib
import signal
import subprocess
import sys
import textwrap

from diagnostic_msgs.msg import DiagnosticArray
from geometry_msgs.msg import Twist
import pytest
import rclpy
from rclpy.qos import qos_profile_sensor_data
from resonance_robot.conversions.face import faces_to_msg
from resonance_robot.conversions.social import voice_cue_to_msg
from resonance_robot.core.affect import Affect, Expression
from resonance_robot.core.fusion.fusion import VoiceCue
from resonance_robot.core.sources.affect_script import AffectScript, FaceSegment
from resonance_robot.nodes.qos import RELIABLE_QOS, STATE_QOS
from resonance_robot.stack.bringup import Topic
from resonance_robot.stack.probe import TopicProbe
from resonance_robot_msgs.msg import FaceAffectArray, VoiceAffect
from sensor_msgs.msg import LaserScan
from std_msgs.msg import Bool, Header
from test_social_nodes import _actions, DECISION, open_room, OUTPUTS, Person

pytestmark = pytest.mark.ros
DIAGNOSTICS = Topic('/diagnostics', 'diagnostic_msgs/msg/DiagnosticArray')

BIN = pathlib.Path(sys.prefix) / 'bin'
MOVING = {'social_behavior': {'comfort_after': 1.0, 'tick_rate': 20.0, 'disclosure': '',
                              'move_while_speaking': True}}


class BaseDriver(TopicProbe):
    """What a base driver hears: cmd_vel on a reliable subscription (as drivers do)."""

    def __init__(self, context):
        super().__init__([], name='base_driver', context=context)
        self.received['cmd_vel'] = []
        self.received['/diagnostics'] = []
        self.create_subscription(Twist, 'cmd_vel', lambda m: self._on_message('cmd_vel', m),
                                 RELIABLE_QOS)
        self.create_subscription(DiagnosticArray, '/diagnostics',
                                 lambda m: self._on_message('/diagnostics', m), 10)

    def heard_by_social_behavior(self):
        """Whether social_behavior reports this driver among its cmd_vel listeners."""
        for msg in self.messages('/diagnostics'):
            for status in msg.status:
                values = {kv.key: kv.value for kv in status.values}
                if 'base_driver' in values.get('cmd_vel_listeners', '').split(','):
                    return True
        return False


def _listener(runner_factory):
    """Return a base driver on its own context (another process's view of cmd_vel)."""
    runner = runner_factory([])
    return runner, runner.add_node(BaseDriver(runner.context))


def _halted(probe):
    actions = probe.messages('social_action')
    return bool(actions) and actions[-1].action == 'halt' and (
        actions[-1].reason == 'halt: e-stop pressed')


# -- e-stop ----------------------------------------------------------------------------

def test_an_estop_latched_before_start_up_holds(runner_factory):
    outside, _ = _listener(runner_factory)
    button = outside.executor.get_nodes()[0].create_publisher(Bool, 'estop', STATE_QOS)
    button.publish(Bool(data=True))  # pressed, latched, before the stack exists
    runner = runner_factory(DECISION, overrides=MOVING)
    probe = runner.add_node(TopicProbe(OUTPUTS, context=runner.context))
    Person(runner)
    assert probe.wait_for(lambda: _halted(probe) and probe.count('persons') > 40,
                          timeout=20.0), _actions(probe)
    assert all(m.linear.x == 0.0 for m in probe.messages('cmd_vel'))
    assert 'comfort' not in _actions(probe)
    button.publish(Bool(data=False))  # released: the sad person is comforted, and approached
    assert probe.wait_for(lambda: any(m.linear.x > 0.0 for m in probe.messages('cmd_vel')),
                          timeout=20.0), _actions(probe)


def test_a_best_effort_estop_publisher_is_heard(runner_factory):
    runner = runner_factory(DECISION, overrides=MOVING)
    probe = runner.add_node(TopicProbe(OUTPUTS, context=runner.context))
    peer = Person(runner)
    button = peer.node.create_publisher(Bool, 'estop', qos_profile_sensor_data)
    assert probe.wait_for(lambda: any(m.linear.x > 0.0 for m in probe.messages('cmd_vel')),
                          timeout=20.0), _actions(probe)
    peer.node.create_timer(0.1, lambda: button.publish(Bool(data=True)))
    assert probe.wait_for(lambda: _halted(probe), timeout=10.0), _actions(probe)
    assert probe.messages('cmd_vel')[-1].linear.x == 0.0


def test_a_silent_estop_topic_counts_as_pressed_with_estop_timeout(runner_factory):
    overrides = {'social_behavior': dict(MOVING['social_behavior'], estop_timeout=0.5)}
    runner = runner_factory(DECISION, overrides=overrides)
    probe = runner.add_node(TopicProbe(OUTPUTS, context=runner.context))
    Person(runner)
    assert probe.wait_for(lambda: _halted(probe) and probe.count('persons') > 40,
                          timeout=20.0), _actions(probe)
    assert all(m.linear.x == 0.0 for m in probe.messages('cmd_vel'))


# -- dead-man --------------------------------------------------------------------------

def test_the_dead_man_repeats_motion_and_stops_it_between_slow_ticks(runner_factory):
    # One tick a second, no ticks on new persons, a 0.3 s dead-man: every tick's motion is
    # repeated at deadman_rate and dropped to zero before the next tick comes.
    slow = dict(MOVING['social_behavior'], tick_rate=1.0, tick_on_persons=False,
                deadman_timeout=0.3, deadman_rate=20.0)
    runner = runner_factory(DECISION, overrides={'social_behavior': slow})
    probe = runner.add_node(TopicProbe(OUTPUTS, context=runner.context))
    Person(runner)

    def stops():
        speeds = [m.linear.x for m in probe.messages('cmd_vel')]
        return sum(1 for a, b in zip(speeds, speeds[1:]) if a > 0.0 and b == 0.0)
    assert probe.wait_for(lambda: stops() >= 2, timeout=30.0), _actions(probe)
    speeds = [m.linear.x for m in probe.messages('cmd_vel')]
    first = speeds.index(next(s for s in speeds if s > 0.0))
    assert speeds[first + 1] == speeds[first]  # repeated while moving, not only on ticks
    assert _actions(probe)[-1] in ('comfort', 'approach')  # still the same decision


# -- processes: a node that raises, SIGTERM --------------------------------------------

RAISES = textwrap.dedent("""
    from resonance_robot.nodes.base import run_node
    from resonance_robot.nodes.social_behavior import SocialBehaviorNode

    class Faulty(SocialBehaviorNode):
        def _on_person_speaking(self, msg):
            raise RuntimeError('injected fault in a callback')

    raise SystemExit(run_node(Faulty))
""")


def _wait_publisher(probe, process):
    # Both ways matched: social_behavior itself reports this driver as a cmd_vel listener.
    assert probe.wait_for(lambda: probe.heard_by_social_behavior() or (
        process.poll() is not None), timeout=60.0)
    assert process.poll() is None, process.communicate()[0][-3000:]


def test_a_node_that_raises_leaves_zero_velocity_and_a_non_zero_exit_status(runner_factory):
    _, probe = _listener(runner_factory)
    process = subprocess.Popen([sys.executable, '-c', RAISES], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env=dict(os.environ))
    _wait_publisher(probe, process)
    speaking = probe.create_publisher(Bool, 'person_speaking', STATE_QOS)
    speaking.publish(Bool(data=True))  # the faulty callback runs
    output, _ = process.communicate(timeout=60.0)
    assert process.returncode == 1, output[-3000:]
    assert 'injected fault in a callback' in output
    assert probe.wait_for(lambda: probe.count('cmd_vel') > 0, timeout=10.0)
    last = probe.messages('cmd_vel')[-1]
    assert last.linear.x == 0.0 and last.angular.z == 0.0


@pytest.mark.parametrize('command', [
    [str(BIN / 'resonance-robot'), 'run', '--roles', 'decision'],
    [str(pathlib.Path(sys.prefix) / 'lib' / 'resonance_robot' / 'social_behavior')],
], ids=['run', 'social_behavior'])
def test_sigterm_publishes_zero_velocity_and_exits_0(runner_factory, command):
    _, probe = _listener(runner_factory)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    _wait_publisher(probe, process)
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=60.0)
    assert process.returncode == 0, output[-3000:]
    assert probe.wait_for(lambda: probe.count('cmd_vel') > 0, timeout=10.0), output[-3000:]
    last = probe.messages('cmd_vel')[-1]
    assert last.linear.x == 0.0 and last.angular.z == 0.0


def test_sigterm_stops_the_demo_cleanly(runner_factory, tmp_path):
    _, probe = _listener(runner_factory)
    process = subprocess.Popen(
        [str(BIN / 'resonance-robot'), 'demo', '--quiet', '--no-gif', '--out', str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _wait_publisher(probe, process)
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=120.0)
    assert process.returncode == 0, output[-3000:]
    assert 'demo: stopped (SIGTERM)' in output
    assert probe.wait_for(lambda: probe.count('cmd_vel') > 0, timeout=10.0)
    assert probe.messages('cmd_vel')[-1].linear.x == 0.0


# -- the scenes over topics: affect_fusion + social_behavior fed faces and voice ------

class Scene:
    """A test peer publishing faces (from script segments) and a voice saying it is sad."""

    def __init__(self, runner, segments, voice_every=0.5):
        self.node = rclpy.create_node('scene', context=runner.context)
        runner.add_node(self.node)
        self.faces = self.node.create_publisher(FaceAffectArray, 'faces', 10)
        self.voice = self.node.create_publisher(VoiceAffect, 'voice', 10)
        self.laser = self.node.create_publisher(LaserScan, 'scan', qos_profile_sensor_data)
        self.script = AffectScript('scene', 1e9, tuple(segments))
        self.showing = True
        self.node.create_timer(0.05, self._faces)
        self.node.create_timer(voice_every, self._talk)

    def _faces(self):
        self.laser.publish(open_room(self.node.get_clock().now().to_msg()))
        if self.showing:
            stamp = self.node.get_clock().now().to_msg()
            header = Header(frame_id='camera', stamp=stamp)
            self.faces.publish(faces_to_msg(self.script.face_frame(1.0), header))

    def _talk(self):
        cue = VoiceCue('voice0', Affect(Expression.SAD, -0.6, -0.3, 0.6), 'i feel so sad')
        self.voice.publish(voice_cue_to_msg(cue, self.node.get_clock().now().to_msg()))


def _sad(distance, bearing=0.0, face_id='face1', expression=Expression.SAD):
    return FaceSegment(0.0, 1e9, expression, -0.6, -0.3, 0.8, distance, bearing, face_id)


def test_a_face_lost_mid_approach_stops_forward_motion_while_the_person_talks(runner_factory):
    runner = runner_factory(DECISION, overrides=MOVING)
    probe = runner.add_node(TopicProbe(OUTPUTS, context=runner.context))
    scene = Scene(runner, [_sad(4.5)])
    assert probe.wait_for(lambda: any(m.linear.x > 0.0 for m in probe.messages('cmd_vel')),
                          timeout=20.0), _actions(probe)
    scene.showing = False  # occluded: no face any more, the voice goes on
    lost = probe.count('cmd_vel')
    assert probe.wait_for(lambda: probe.count('cmd_vel') > lost and (
        probe.messages('cmd_vel')[-1].linear.x == 0.0), timeout=10.0)
    stopped = probe.count('cmd_vel')
    talking = probe.count('persons')
    assert probe.wait_for(lambda: probe.count('persons') > talking + 20, timeout=20.0)
    assert all(m.linear.x <= 0.0 for m in probe.messages('cmd_vel')[stopped:])
    person = probe.messages('persons')[-1].persons[0]
    assert not person.stale and math.isnan(person.distance)  # heard, not placed
    # What makes the stop come within max_geometry_age (0.5 s): no position older than that
    # is ever published as current.
    for msg in probe.messages('persons'):
        for p in msg.persons:
            if not math.isnan(p.distance):
                age = _seconds(msg.header.stamp) - _seconds(p.distance_time)
                assert age <= 0.5 + 1e-3


@pytest.mark.parametrize('bystander', [True, False], ids=['bystander', 'control'])
def test_a_bystander_in_the_path_stops_forward_motion(runner_factory, bystander):
    runner = runner_factory(DECISION, overrides=MOVING)
    probe = runner.add_node(TopicProbe(OUTPUTS, context=runner.context))
    # The sad target left of the image centre 3 m away; a neutral bystander 1 m dead ahead.
    # (Scripted faces do not move when the robot turns: the target is kept within
    # face_bearing, so without the bystander the robot drives - the control.)
    segments = [_sad(3.0, 0.3, 'face1')]
    if bystander:
        segments.append(_sad(1.0, 0.0, 'face2', Expression.NEUTRAL))
    Scene(runner, segments)
    assert probe.wait_for(lambda: 'comfort' in _actions(probe) and probe.count('persons') > 160,
                          timeout=30.0), _actions(probe)
    forward = any(m.linear.x > 0.0 for m in probe.messages('cmd_vel'))
    assert forward is not bystander


def test_without_a_range_sensor_the_robot_does_not_drive_forward(runner_factory):
    runner = runner_factory(DECISION, overrides=MOVING)
    probe = runner.add_node(TopicProbe(OUTPUTS + [DIAGNOSTICS], context=runner.context))
    Person(runner, scan=False)  # camera and microphone only
    assert probe.wait_for(lambda: 'comfort' in _actions(probe) and probe.count('persons') > 80,
                          timeout=30.0), _actions(probe)
    assert all(m.linear.x <= 0.0 for m in probe.messages('cmd_vel'))
    assert probe.wait_for(lambda: 'no range sensor' in _diagnostic(probe, 'motion_limited_by'),
                          timeout=10.0)


def _diagnostic(probe, key):
    """Return social_behavior's latest diagnostic value ``key`` ('' if none yet)."""
    for msg in reversed(probe.messages('/diagnostics')):
        for status in msg.status:
            values = {kv.key: kv.value for kv in status.values}
            if 'social_behavior' in status.name and key in values:
                return values[key]
    return ''


def _seconds(stamp):
    return stamp.sec + stamp.nanosec * 1e-9


def test_run_exits_1_with_zero_velocity_when_a_node_raises(runner_factory, monkeypatch):
    from resonance_robot.cli import main
    from resonance_robot.nodes.social_behavior import SocialBehaviorNode

    _, driver = _listener(runner_factory)
    tick = SocialBehaviorNode._tick

    def faulty(self):
        tick(self)
        if self.tree.ticks >= 40:
            raise RuntimeError('injected fault in a tick')
    monkeypatch.setattr(SocialBehaviorNode, '_tick', faulty)
    assert main(['run', '--roles', 'decision', '--duration', '120']) == 1  # not hanging
    assert driver.wait_for(lambda: driver.count('cmd_vel') > 0, timeout=10.0)
    last = driver.messages('cmd_vel')[-1]
    assert last.linear.x == 0.0 and last.angular.z == 0.0
