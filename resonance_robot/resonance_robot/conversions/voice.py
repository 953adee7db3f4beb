# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""VoiceAffect messages to and from :class:`~..core.perception.voice.affect.VoiceReading`."""

from __future__ import annotations

import math

from resonance_robot_msgs.msg import VoiceAffect

from .common import affect_to_msg, msg_to_affect, seconds_to_time, time_to_seconds
from ..core.errors import InvalidInput
from ..core.perception.voice.affect import VoiceReading
from ..core.perception.voice.commands import Command
from ..core.perception.voice.incongruence import (
    Incongruence, NEGATIVE_WORDS, POSITIVE_WORDS, REVERSE, SARCASM)
from ..core.perception.voice.prosody import Prosody


def voice_reading_to_msg(reading: VoiceReading, frame_id: str = '') -> VoiceAffect:
    """
    Core VoiceReading to resonance_robot_msgs/VoiceAffect.

    The header stamp is the utterance's end: the moment the reading describes.
    """
    prosody = reading.prosody
    msg = VoiceAffect(
        voice_id=reading.voice_id,
        utterance_start=seconds_to_time(reading.start),
        utterance_end=seconds_to_time(reading.end),
        pitch_median=float(prosody.pitch_median_hz), pitch_range=float(prosody.pitch_range_st),
        loudness=float(prosody.loudness_dbfs), speech_rate=float(prosody.speech_rate_sps),
        pause_ratio=float(prosody.pause_ratio), transcript=reading.transcript,
        commands=[c.value for c in reading.commands], affect=affect_to_msg(reading.affect),
        text_valence=float(reading.incongruence.words),
        sarcasm_probability=float(reading.incongruence.probability),
        incongruence_evidence=list(reading.incongruence.evidence))
    msg.header.stamp = seconds_to_time(reading.end)
    msg.header.frame_id = frame_id
    return msg


def msg_to_incongruence(msg: VoiceAffect) -> Incongruence:
    """Return the words-against-tone part of a VoiceAffect (the kind follows the words' sign)."""
    words = float(msg.text_valence) if math.isfinite(msg.text_valence) else 0.0
    words = min(1.0, max(-1.0, words))
    probability = float(msg.sarcasm_probability)
    probability = min(1.0, max(0.0, probability)) if math.isfinite(probability) else 0.0
    kind = SARCASM if words >= POSITIVE_WORDS else REVERSE if words <= NEGATIVE_WORDS else ''
    if not kind:
        return Incongruence(words=words)
    return Incongruence(kind, probability, tuple(str(e) for e in msg.incongruence_evidence),
                        words)


def msg_to_voice_reading(msg: VoiceAffect) -> VoiceReading:
    """
    resonance_robot_msgs/VoiceAffect to core VoiceReading.

    Unknown command strings, NaN prosody or an end before the start are invalid input.
    """
    start, end = time_to_seconds(msg.utterance_start), time_to_seconds(msg.utterance_end)
    if end < start:
        raise InvalidInput(f'utterance ends ({end:.3f} s) before it starts ({start:.3f} s)')
    try:
        commands = tuple(Command.parse(c) for c in msg.commands)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    values = (msg.pitch_median, msg.pitch_range, msg.loudness, msg.speech_rate,
              msg.pause_ratio)
    if not all(math.isfinite(v) for v in values):
        raise InvalidInput('VoiceAffect prosody holds NaN or infinite values')
    duration = end - start
    pause = min(1.0, max(0.0, float(msg.pause_ratio)))
    try:
        prosody = Prosody(
            pitch_median_hz=max(0.0, float(msg.pitch_median)),
            pitch_range_st=max(0.0, float(msg.pitch_range)),
            loudness_dbfs=min(0.0, float(msg.loudness)),
            speech_rate_sps=max(0.0, float(msg.speech_rate)), pause_ratio=pause,
            duration_s=duration, voiced_s=duration * (1.0 - pause))
        return VoiceReading(msg.voice_id, start, end, prosody, msg.transcript, commands,
                            msg_to_affect(msg.affect), msg_to_incongruence(msg))
    except ValueError as exc:
        raise InvalidInput(f'invalid VoiceAffect: {exc}') from exc
