# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Voice cues, persons and the social outputs, to and from messages.

VoiceAffect ↔ :class:`~..core.fusion.fusion.VoiceCue`, PoseArray →
:class:`~..core.fusion.fusion.PersonPose`, PersonAffect[Array] ↔
:class:`~..core.fusion.fusion.PersonEstimate`, SocialAction ↔
:class:`~..core.decision.actions.ActionCommand`, FaceExpression ↔
:class:`~..core.decision.robot_affect.FaceCommand`, Utterance ↔
:class:`~..core.decision.actions.Speech`, and a forward speed to Twist. Faces
(FaceAffectArray ↔ :class:`~..core.perception.face.reading.FaceFrame`) are in
:mod:`.face`, one conversion for the face pipeline and fusion alike. A malformed message
raises InvalidInput saying what is wrong.
"""

from __future__ import annotations

import math

from builtin_interfaces.msg import Time
from geometry_msgs.msg import PoseArray, Twist
from resonance_robot_msgs.msg import (
    FaceExpression, PersonAffect, PersonAffectArray, SocialAction, Utterance, VoiceAffect)

from .between_lines import msg_to_signals, signals_to_fields
from .common import affect_to_msg, msg_to_affect, seconds_to_time, time_to_seconds
from .voice import msg_to_incongruence
from ..core.affect import Expression
from ..core.decision.actions import ActionCommand, ActionKind, Priority, Speech, Style
from ..core.decision.robot_affect import FaceCommand
from ..core.errors import InvalidInput
from ..core.fusion.fusion import PersonEstimate, PersonPose, VoiceCue


def msg_to_voice_cue(msg: VoiceAffect) -> VoiceCue:
    """Convert a VoiceAffect to a VoiceCue (affect, words, sarcasm, pauses, commands)."""
    incongruence = msg_to_incongruence(msg)
    duration = max(0.0, time_to_seconds(msg.utterance_end) - time_to_seconds(msg.utterance_start))
    pause = float(msg.pause_ratio) if math.isfinite(msg.pause_ratio) else 0.0
    return VoiceCue(msg.voice_id or 'voice0', msg_to_affect(msg.affect), str(msg.transcript),
                    tuple(str(c) for c in msg.commands), incongruence.words, incongruence,
                    min(60.0, duration), min(1.0, max(0.0, pause)))


def voice_cue_to_msg(cue: VoiceCue, stamp: Time | None = None) -> VoiceAffect:
    """Convert a VoiceCue to a VoiceAffect (prosody fields left 0; utterance_end = stamp)."""
    msg = VoiceAffect(voice_id=cue.voice_id, transcript=cue.transcript,
                      commands=list(cue.commands), affect=affect_to_msg(cue.affect),
                      text_valence=float(cue.words),
                      sarcasm_probability=float(cue.incongruence.probability),
                      incongruence_evidence=list(cue.incongruence.evidence),
                      pause_ratio=float(cue.pause_ratio))
    if stamp is not None:
        msg.header.stamp = stamp
        msg.utterance_end = stamp
        msg.utterance_start = stamp
    return msg


def msg_to_person_poses(msg: PoseArray) -> tuple[PersonPose, ...]:
    """Convert people poses (robot frame: x forward, y left) to distances and bearings."""
    poses = []
    for pose in msg.poses:
        x, y = float(pose.position.x), float(pose.position.y)
        if not (math.isfinite(x) and math.isfinite(y)):
            raise InvalidInput(f'person pose with a non-finite position ({x}, {y})')
        poses.append(PersonPose(math.hypot(x, y), math.atan2(y, x)))
    return tuple(poses)


def person_to_msg(person: PersonEstimate) -> PersonAffect:
    """Convert a PersonEstimate to a PersonAffect (with its bearing and measurement time)."""
    return PersonAffect(
        person_id=person.person_id, face_id=person.face_id, voice_id=person.voice_id,
        affect=affect_to_msg(person.affect), face_affect=affect_to_msg(person.face_affect),
        voice_affect=affect_to_msg(person.voice_affect),
        face_weight=float(person.face_weight), voice_weight=float(person.voice_weight),
        distance=float(person.distance), bearing=float(person.bearing),
        distance_time=seconds_to_time(person.distance_time if math.isfinite(
            person.distance_time) else 0.0),
        distance_measured=bool(person.distance_measured), stale=bool(person.stale),
        engaged=bool(person.engaged),
        last_cue_time=seconds_to_time(max(0.0, person.last_cue_time)),
        last_transcript=person.last_transcript, last_commands=list(person.last_commands),
        **signals_to_fields(person.signals))


def msg_to_person(msg: PersonAffect) -> PersonEstimate:
    """Convert a PersonAffect to a PersonEstimate; a negative distance is invalid."""
    if not msg.person_id:
        raise InvalidInput('a person needs a person_id')
    distance = float(msg.distance)
    if distance < 0.0 or math.isinf(distance):
        raise InvalidInput(f'person {msg.person_id}: bad distance {distance!r}')
    bearing = float(msg.bearing)
    if math.isinf(bearing):
        raise InvalidInput(f'person {msg.person_id}: bad bearing {bearing!r}')
    measured_at = time_to_seconds(msg.distance_time)
    return PersonEstimate(
        person_id=msg.person_id, face_id=msg.face_id, voice_id=msg.voice_id,
        affect=msg_to_affect(msg.affect), face_affect=msg_to_affect(msg.face_affect),
        voice_affect=msg_to_affect(msg.voice_affect), face_weight=_unit(msg.face_weight),
        voice_weight=_unit(msg.voice_weight), distance=distance, bearing=bearing,
        distance_time=measured_at if measured_at > 0.0 and math.isfinite(distance) else math.nan,
        distance_measured=bool(msg.distance_measured), stale=bool(msg.stale),
        engaged=bool(msg.engaged), last_cue_time=time_to_seconds(msg.last_cue_time),
        last_transcript=str(msg.last_transcript),
        last_commands=tuple(str(c) for c in msg.last_commands),
        signals=msg_to_signals(msg))


def persons_to_msg(persons: tuple[PersonEstimate, ...], stamp: Time | None = None,
                   frame_id: str = '') -> PersonAffectArray:
    """Every person's estimate as one PersonAffectArray."""
    msg = PersonAffectArray(persons=[person_to_msg(p) for p in persons])
    msg.header.frame_id = frame_id
    if stamp is not None:
        msg.header.stamp = stamp
    return msg


def msg_to_persons(msg: PersonAffectArray) -> tuple[PersonEstimate, ...]:
    """Convert a PersonAffectArray to estimates; duplicate ids are invalid."""
    persons = tuple(msg_to_person(p) for p in msg.persons)
    ids = [p.person_id for p in persons]
    if len(set(ids)) != len(ids):
        raise InvalidInput(f'duplicate person ids: {sorted(ids)}')
    return persons


def action_command_to_msg(command: ActionCommand, stamp: Time | None = None) -> SocialAction:
    """Convert an ActionCommand to a SocialAction (speech and speed travel on their own topics)."""
    msg = SocialAction(action=str(command.action), target_person_id=command.target,
                       intensity=float(command.intensity), reason=command.reason,
                       evidence=list(command.evidence))
    if stamp is not None:
        msg.header.stamp = stamp
    return msg


def msg_to_action_command(msg: SocialAction) -> ActionCommand:
    """Convert a SocialAction to an ActionCommand; unknown action or no reason: invalid."""
    try:
        action = ActionKind(msg.action)
        return ActionCommand(action, msg.reason, msg.target_person_id, _unit(msg.intensity),
                             tuple(str(e) for e in msg.evidence))
    except ValueError as exc:
        raise InvalidInput(f'bad social action: {exc}') from exc


def face_command_to_msg(face: FaceCommand, stamp: Time | None = None) -> FaceExpression:
    """Convert a FaceCommand to a FaceExpression."""
    msg = FaceExpression(expression=face.expression.value, valence=float(face.valence),
                         arousal=float(face.arousal), gaze_x=float(face.gaze_x),
                         gaze_y=float(face.gaze_y), transition_duration=float(face.transition))
    if stamp is not None:
        msg.header.stamp = stamp
    return msg


def msg_to_face_command(msg: FaceExpression) -> FaceCommand:
    """Convert a FaceExpression to a FaceCommand (values clamped to their ranges)."""
    try:
        expression = Expression.parse(msg.expression) if msg.expression else Expression.UNKNOWN
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    return FaceCommand(expression, _signed(msg.valence), _signed(msg.arousal),
                       _signed(msg.gaze_x), _signed(msg.gaze_y),
                       max(0.0, float(msg.transition_duration))
                       if math.isfinite(msg.transition_duration) else 0.0)


def speech_to_msg(speech: Speech, stamp: Time | None = None) -> Utterance:
    """Convert Speech to an Utterance (rate, pitch and volume are left to the style)."""
    msg = Utterance(text=speech.text, style=speech.style.value,
                    priority=int(speech.priority), interrupt=bool(speech.interrupt))
    if stamp is not None:
        msg.header.stamp = stamp
    return msg


def msg_to_speech(msg: Utterance) -> Speech:
    """Convert an Utterance to Speech; an unknown style or priority, or empty text, is invalid."""
    try:
        return Speech(msg.text, Style(msg.style or 'neutral'), Priority(int(msg.priority)),
                      bool(msg.interrupt))
    except ValueError as exc:
        raise InvalidInput(f'bad utterance: {exc}') from exc


def speed_to_twist(linear: float, angular: float = 0.0) -> Twist:
    """Return a forward speed (m/s) and turn rate (rad/s) as a Twist (base frame)."""
    msg = Twist()
    msg.linear.x = float(linear)
    msg.angular.z = float(angular)
    return msg


def _unit(value: float) -> float:
    value = float(value)
    return min(1.0, max(0.0, value)) if math.isfinite(value) else 0.0


def _signed(value: float) -> float:
    value = float(value)
    return min(1.0, max(-1.0, value)) if math.isfinite(value) else 0.0
