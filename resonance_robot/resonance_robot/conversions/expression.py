# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""FaceExpression and Utterance messages to and from the face and speech core types."""

from __future__ import annotations

import math

from builtin_interfaces.msg import Time
from resonance_robot_msgs.msg import FaceExpression, Utterance

from ..core.errors import InvalidInput
from ..core.expression.face.pose import DEFAULT_TRANSITION, face_target_from_values, FaceTarget
from ..core.expression.voice.speech import (
    PITCH_RANGE, RATE_RANGE, SpeechStyle, voice_settings, VOLUME_RANGE)
from ..core.expression.voice.utterance_queue import SpeechRequest


def face_target_to_msg(target: FaceTarget, stamp: Time | None = None) -> FaceExpression:
    """Core FaceTarget to resonance_robot_msgs/FaceExpression."""
    msg = FaceExpression(
        expression=target.expression.value, valence=float(target.valence),
        arousal=float(target.arousal), gaze_x=float(target.gaze_x),
        gaze_y=float(target.gaze_y), transition_duration=float(target.transition))
    if stamp is not None:
        msg.header.stamp = stamp
    return msg


def msg_to_face_target(
    msg: FaceExpression, default_transition: float = DEFAULT_TRANSITION,
) -> tuple[FaceTarget, tuple[str, ...]]:
    """
    resonance_robot_msgs/FaceExpression to a FaceTarget, and what had to be repaired.

    An unknown expression name raises InvalidInput listing the valid ones (an empty one shows
    neutral); NaN and out-of-range numbers are clamped and reported; a transition of 0 takes
    ``default_transition``.
    """
    return face_target_from_values(
        msg.expression, msg.valence, msg.arousal, msg.gaze_x, msg.gaze_y,
        msg.transition_duration, default_transition)


def speech_request_to_msg(request: SpeechRequest, stamp: Time | None = None) -> Utterance:
    """Core SpeechRequest to resonance_robot_msgs/Utterance."""
    msg = Utterance(
        text=request.text, style=request.style.value, rate=float(request.rate),
        pitch=float(request.pitch), volume=float(request.volume),
        priority=int(request.priority), interrupt=bool(request.interrupt))
    if stamp is not None:
        msg.header.stamp = stamp
    return msg


def msg_to_speech_request(
    msg: Utterance,
) -> tuple[SpeechRequest, tuple[tuple[str, str], ...]]:
    """
    resonance_robot_msgs/Utterance to a SpeechRequest, and what had to be repaired.

    Each repair is a pair (``bad_style`` or ``bad_range``, description) for the caller to
    count and log.

    The words matter more than the tone, so an unknown style is spoken in the neutral style
    (and reported, with the valid names); NaN overrides keep the style's value and
    out-of-range ones are clamped. Empty text raises InvalidInput.
    """
    if not msg.text.strip():
        raise InvalidInput('nothing to say: the utterance text is empty')
    repairs: list[tuple[str, str]] = []
    try:
        style = SpeechStyle.parse(msg.style)
    except InvalidInput as exc:
        style = SpeechStyle.NEUTRAL
        repairs.append(('bad_style', f'{exc}; speaking neutral'))
    _, fixed = voice_settings(style, msg.rate, msg.pitch, msg.volume)
    repairs += [('bad_range', text) for text in fixed]

    def clean(value: float, low: float, high: float) -> float:
        number = float(value)
        return 0.0 if math.isnan(number) or number == 0.0 else min(max(number, low), high)

    request = SpeechRequest(
        text=msg.text, style=style, rate=clean(msg.rate, *RATE_RANGE),
        pitch=clean(msg.pitch, *PITCH_RANGE), volume=clean(msg.volume, *VOLUME_RANGE),
        priority=int(msg.priority), interrupt=bool(msg.interrupt))
    return request, tuple(repairs)
