# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""affect_fusion and social_behavior on real topics: cues in, decisions and commands out."""

import math

import pytest
import rclpy
from rclpy.parameter import Parameter
from rclpy.qos import qos_profile_sensor_data
from resonance_robot.conversions.face import faces_to_msg
from resonance_robot.conversions.social import voice_cue_to_msg
from resonance_robot.core.affect import Affect, Expression
from resonance_robot.core.fusion.fusion import VoiceCue
from resonance_robot.core.sources.affect_script import AffectScript, FaceSegment
from resonance_robot.stack import bringup
from resonance_robot.stack.bringup import Role, Topic
from resonance_robot.stack.probe import TopicProbe
from resonance_robot_msgs.msg import FaceAffectArray, PersonAffectArray, VoiceAffect
from resonance_robot_msgs.srv import SetPrivacy
from sensor_msgs.msg import LaserScan
from std_msgs.msg import Bool, Header

pytestmark = pytest.mark.ros

DECISION = bringup.stack([Role.DECISION])
_MSGS = 'resonance_robot_msgs/msg/'
OUTPUTS = [Topic('persons', _MSGS + 'PersonAffectArray'),
           Topic('social_action', _MSGS + 'SocialAction'),
           Topic('face_expression', _MSGS + 'FaceExpression'),
           Topic('utterance', _MSGS + 'Utterance'),
           Topic('cmd_vel', 'geometry_msgs/msg/Twist'),
           Topic('behavior_tree', 'std_msgs/msg/String')]
FAST = {'social_behavior': {'comfort_after': 1.0, 'max_forward_speed': 0.2,
                            'tick_rate': 20.0, 'move_while_speaking': True}}


class Person:
    """
    A test peer that publishes what face_affect and voice_affect would, at 20 Hz.

    With ``scan`` it also publishes what the base's laser would in an open room (nothing in
    range) - without a range sensor the robot never drives forward.
    """

    def __init__(self, runner, expression=Expression.SAD, valence=-0.6, arousal=-0.3,
                 distance=3.0, scan=True):
        self.node = rclpy.create_node('person', context=runner.context)
        runner.add_node(self.node)
        self.faces = self.node.create_publisher(FaceAffectArray, 'faces', 10)
        self.voice = self.node.create_publisher(VoiceAffect, 'voice', 10)
        self.estop = self.node.create_publisher(Bool, 'estop', 10)
        self.laser = self.node.create_publisher(LaserScan, 'scan', qos_profile_sensor_data)
        self.scan = scan
        self.set_face(expression, valence, arousal, distance)
        self.node.create_timer(0.05, self._publish)

    def set_face(self, expression, valence, arousal, distance):
        self.script = AffectScript('peer', 1e9, (FaceSegment(
            0.0, 1e9, expression, valence, arousal, 0.8, distance),))

    def _publish(self):
        frame = self.script.face_frame(1.0)
        header = Header(frame_id='camera', stamp=self.node.get_clock().now().to_msg())
        self.faces.publish(faces_to_msg(frame, header))
        if self.scan:
            self.laser.publish(open_room(header.stamp))

    def say(self, transcript, commands=()):
        cue = VoiceCue('voice0', Affect(Expression.NEUTRAL, 0.0, 0.0, 0.5), transcript,
                       tuple(commands))
        self.voice.publish(voice_cue_to_msg(cue, self.node.get_clock().now().to_msg()))


def open_room(stamp):
    """Return what a 360° laser in the base frame sees in an open room: nothing in range."""
    return LaserScan(header=Header(frame_id='base_link', stamp=stamp), angle_min=-math.pi,
                     angle_max=math.pi, angle_increment=math.pi / 180.0, range_min=0.05,
                     range_max=10.0, ranges=[math.inf] * 361)


def _actions(probe):
    return [m.action for m in probe.messages('social_action')]


def test_cues_become_persons_then_comfort_a_warm_face_and_a_clamped_twist(runner_factory):
    runner = runner_factory(DECISION, overrides=FAST)
    probe = runner.add_node(TopicProbe(OUTPUTS, context=runner.context))
    peer = Person(runner)
    assert probe.wait_for(lambda: 'comfort' in _actions(probe), timeout=20.0), _actions(probe)
    persons = [m for m in probe.messages('persons') if m.persons]
    p = persons[-1].persons[0]
    assert (p.person_id, p.face_id, p.affect.expression) == ('p1', 'face1', 'sad')
    assert p.distance == pytest.approx(3.0, rel=0.02) and not p.stale  # whole-pixel box
    comfort = next(m for m in probe.messages('social_action') if m.action == 'comfort')
    assert comfort.target_person_id == 'p1' and comfort.reason.startswith('comfort p1: sad for')
    assert 'expression=sad' in comfort.evidence
    assert probe.wait_for(lambda: any(m.linear.x > 0.0 for m in probe.messages('cmd_vel')),
                          timeout=10.0)
    speeds = [m.linear.x for m in probe.messages('cmd_vel')]
    assert max(speeds) <= 0.2 + 1e-6  # clamped by max_forward_speed
    assert all(abs(m.angular.z) <= 0.6 + 1e-6 for m in probe.messages('cmd_vel'))
    faces = probe.messages('face_expression')
    assert faces and all(f.expression in ('neutral', 'happy', 'excited') for f in faces)
    assert min(f.valence for f in faces) >= -0.1 - 1e-6
    spoken = [u for u in probe.messages('utterance') if u.style == 'calm']
    assert spoken, [u.text for u in probe.messages('utterance')]
    assert probe.wait_for(lambda: probe.count('behavior_tree') > 0, timeout=5.0)
    assert 'Comfort' in probe.messages('behavior_tree')[-1].data

    peer.say('go away', ['go_away'])
    assert probe.wait_for(lambda: 'withdraw' in _actions(probe), timeout=10.0)
    assert probe.wait_for(lambda: probe.messages('cmd_vel')[-1].linear.x < 0.0, timeout=10.0)
    assert min(m.linear.x for m in probe.messages('cmd_vel')) >= -0.15 - 1e-6

    peer.estop.publish(Bool(data=True))
    assert probe.wait_for(lambda: _actions(probe)[-1] == 'halt', timeout=10.0)
    assert probe.messages('cmd_vel')[-1].linear.x == 0.0


def test_set_privacy_through_a_real_client_stops_motion_and_is_announced(runner_factory):
    runner = runner_factory(DECISION, overrides=FAST)
    probe = runner.add_node(TopicProbe(OUTPUTS, context=runner.context))
    peer = Person(runner, distance=2.5)
    assert probe.wait_for(lambda: 'comfort' in _actions(probe), timeout=20.0), _actions(probe)
    client = peer.node.create_client(SetPrivacy, 'set_privacy')
    assert client.wait_for_service(timeout_sec=10.0)
    future = client.call_async(SetPrivacy.Request(enabled=True, reason='asked in a test'))
    assert probe.wait_for(future.done, timeout=10.0)
    response = future.result()
    assert response.success and response.enabled and 'asked in a test' in response.message
    assert probe.wait_for(lambda: _actions(probe)[-1] == 'privacy', timeout=10.0)
    action = probe.messages('social_action')[-1]
    assert action.reason == 'privacy: privacy mode on (asked in a test)'
    assert probe.wait_for(lambda: any(u.text.startswith('Privacy mode is on')
                                      for u in probe.messages('utterance')), timeout=10.0)
    announcement = next(u for u in probe.messages('utterance')
                        if u.text.startswith('Privacy mode is on'))
    assert announcement.priority == 2 and announcement.interrupt
    assert probe.messages('cmd_vel')[-1].linear.x == 0.0
    future = client.call_async(SetPrivacy.Request(enabled=False, reason=''))
    assert probe.wait_for(future.done, timeout=10.0) and not future.result().enabled
    assert probe.wait_for(lambda: _actions(probe)[-1] != 'privacy', timeout=10.0)


def test_nodes_publish_what_bringup_declares_and_drop_bad_input(runner_factory):
    runner = runner_factory(DECISION, overrides={'affect_fusion': {
        'deployment_context': 'workplace'}})
    for spec in DECISION:
        node = runner.node(spec.name)
        published = {name for name, _ in node.get_publisher_names_and_types_by_node(
            spec.name, '/')} - {'/rosout', '/parameter_events'}
        declared = {t.name if t.name.startswith('/') else '/' + t.name for t in spec.publishes}
        assert published == declared, spec.name
    probe = runner.add_node(TopicProbe(OUTPUTS, context=runner.context))
    peer = Person(runner)
    bad = peer.node.create_publisher(PersonAffectArray, 'persons', 10)
    twice = PersonAffectArray()
    assert probe.wait_for(lambda: any(m.persons for m in probe.messages('persons')), 10.0)
    twice.persons = [probe.messages('persons')[-1].persons[0]] * 2
    behaviour = runner.node('social_behavior')
    assert probe.wait_for(lambda: behaviour.count_subscribers('social_action') > 0, 10.0)
    bad.publish(twice)
    assert probe.wait_for(lambda: behaviour.counts.get('bad_persons') > 0, timeout=10.0)
    person = next(m for m in probe.messages('persons') if m.persons).persons[0]
    assert person.affect.expression == 'unknown' and person.affect.confidence == 0.0
    assert person.face_affect.expression == 'unknown'  # guarded: nothing inferred at work

    (result,) = behaviour.set_parameters([Parameter('disclosure', value='Buy a robot!')])
    assert not result.successful and 'must inform, not persuade' in result.reason
    (result,) = behaviour.set_parameters([Parameter('deployment_context', value='education')])
    assert result.successful, result.reason
    assert not behaviour.tree.params.guard.allowed  # the tree was rebuilt with the guard on
