# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Fusion, person and social messages to core types and back."""

from dataclasses import replace
import math

from geometry_msgs.msg import Pose, PoseArray
import pytest
from resonance_robot.conversions.social import (
    action_command_to_msg, face_command_to_msg, msg_to_action_command, msg_to_face_command,
    msg_to_person_poses, msg_to_persons, msg_to_speech, msg_to_voice_cue, persons_to_msg,
    speech_to_msg, speed_to_twist, voice_cue_to_msg)
from resonance_robot.core.affect import Affect, Expression
from resonance_robot.core.decision.actions import (
    ActionCommand, ActionKind, Priority, Speech, Style)
from resonance_robot.core.decision.robot_affect import FaceCommand
from resonance_robot.core.errors import InvalidInput
from resonance_robot.core.fusion.fusion import PersonEstimate, VoiceCue
from resonance_robot_msgs.msg import PersonAffectArray, SocialAction, Utterance

SAD = Affect(Expression.SAD, -0.6, -0.3, 0.8)


def _constants(cls):
    return {getattr(cls, n) for n in dir(cls) if n.isupper() and not n.startswith('_')
            and not n.startswith('PRIORITY') and isinstance(getattr(cls, n), str)}


def test_action_and_style_vocabularies_equal_the_message_constants():
    assert _constants(SocialAction) == {a.value for a in ActionKind}
    assert _constants(Utterance) == {s.value for s in Style}
    assert {Utterance.PRIORITY_LOW, Utterance.PRIORITY_NORMAL, Utterance.PRIORITY_HIGH} == {
        int(p) for p in Priority}


def test_voice_cues_round_trip():
    cue = VoiceCue('voice0', SAD, 'go away', ('go_away',))
    assert msg_to_voice_cue(voice_cue_to_msg(cue)) == cue


def test_person_poses_become_distance_and_bearing():
    msg = PoseArray()
    pose = Pose()
    pose.position.x, pose.position.y = 1.0, 1.0
    msg.poses = [pose]
    (p,) = msg_to_person_poses(msg)
    assert p.distance == pytest.approx(math.sqrt(2)) and p.bearing == pytest.approx(math.pi / 4)
    pose.position.x = float('nan')
    with pytest.raises(InvalidInput, match='non-finite'):
        msg_to_person_poses(msg)


def test_persons_round_trip_with_bearing_and_the_time_of_the_distance():
    person = PersonEstimate('p1', 'f1', 'voice0', SAD, SAD, Affect(), 1.0, 0.0, 1.5, 0.3,
                            False, True, 12.5, 'hello', ('stop',), distance_time=12.25,
                            distance_measured=True)
    (back,) = msg_to_persons(persons_to_msg((person,)))
    assert back.person_id == 'p1' and back.affect == SAD and back.last_commands == ('stop',)
    assert back.distance == pytest.approx(1.5) and back.last_cue_time == pytest.approx(12.5)
    assert back.bearing == pytest.approx(0.3) and back.distance_time == pytest.approx(12.25)
    assert back.distance_measured
    unknown = PersonEstimate('p2', distance=math.nan)
    (back,) = msg_to_persons(persons_to_msg((unknown,)))
    assert math.isnan(back.distance) and math.isnan(back.bearing)
    assert math.isnan(back.distance_time) and not back.distance_measured
    msg = persons_to_msg((person, person))
    with pytest.raises(InvalidInput, match='duplicate person ids'):
        msg_to_persons(msg)
    msg = PersonAffectArray(persons=[persons_to_msg((person,)).persons[0]])
    msg.persons[0].distance = -1.0
    with pytest.raises(InvalidInput, match='bad distance'):
        msg_to_persons(msg)


def test_social_outputs_round_trip():
    command = ActionCommand(ActionKind.COMFORT, 'comfort p1: sad for 4.0 s', 'p1', 0.8,
                            ('valence=-0.60',))
    assert msg_to_action_command(action_command_to_msg(command)) == command
    with pytest.raises(InvalidInput, match='bad social action'):
        msg_to_action_command(SocialAction(action='dance', reason='why not'))
    face = FaceCommand(Expression.HAPPY, 0.5, 0.2, 0.1, -0.1, 0.1)
    back = msg_to_face_command(face_command_to_msg(face))
    assert back.expression is Expression.HAPPY and back.valence == pytest.approx(0.5)
    speech = Speech('Hello.', Style.WARM, Priority.HIGH, True)
    assert msg_to_speech(speech_to_msg(speech)) == speech
    with pytest.raises(InvalidInput, match='bad utterance'):
        msg_to_speech(Utterance(text='hi', style='sarcastic'))
    twist = speed_to_twist(0.2)
    assert (twist.linear.x, twist.angular.z) == (0.2, 0.0)


def test_reading_between_the_lines_travels_in_the_messages():
    from resonance_robot.core.fusion.between_lines import Flash, Signals
    from resonance_robot.core.perception.voice.incongruence import Incongruence

    sarcasm = Incongruence('sarcasm', 0.83, ('words=+0.85', 'flat=pitch_range_z=-1.97'), 0.85)
    cue = VoiceCue('voice0', SAD, 'oh great just great', (), 0.85, sarcasm, 2.0, 0.25)
    assert msg_to_voice_cue(voice_cue_to_msg(cue)).incongruence == sarcasm
    signals = Signals(sarcasm, 11.5, 0.62, ('correction=no, i said',),
                      Flash(Expression.DISGUSTED, 12.25, 0.2), 2.5, 0.4, 11.75)
    person = PersonEstimate('p1', 'f1', 'voice0', SAD, stale=False, signals=signals)
    (back,) = msg_to_persons(persons_to_msg((person,)))
    s = back.signals
    assert s.sarcasm == sarcasm and s.sarcasm_time == pytest.approx(11.5)
    assert s.frustration == pytest.approx(0.62)
    assert s.frustration_evidence == signals.frustration_evidence
    assert s.frustration_time == pytest.approx(11.75)
    (never,) = msg_to_persons(persons_to_msg((replace(person, signals=Signals()),)))
    assert never.signals.frustration_time == -math.inf  # no cue yet: zero stamp, not t = 0
    assert s.flash.expression is Expression.DISGUSTED and s.flash.time == pytest.approx(12.25)
    assert s.flash.duration == pytest.approx(0.2)
    assert (s.pause_between, s.pause_within) == pytest.approx((2.5, 0.4))
