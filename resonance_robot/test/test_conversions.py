# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Messages to core types and back: nothing is lost, bad messages are InvalidInput."""

import numpy as np
import pytest
from resonance_robot.conversions.audio import audio_chunk_to_samples, samples_to_audio_chunk
from resonance_robot.conversions.common import (
    affect_to_msg, bgr_to_image_msg, image_msg_to_bgr, msg_to_affect, seconds_to_time,
    time_to_seconds)
from resonance_robot.core.affect import Affect, Expression
from resonance_robot.core.errors import InvalidInput
from resonance_robot_msgs.msg import Affect as AffectMsg
from resonance_robot_msgs.msg import AudioChunk


def test_expression_vocabulary_equals_the_message_constants():
    constants = {name: getattr(AffectMsg, name) for name in dir(AffectMsg)
                 if name.isupper() and isinstance(getattr(AffectMsg, name), str)}
    assert constants == {e.name: e.value for e in Expression}


def test_expression_strings_match_ros4hri():
    # hri_msgs/Expression (REP-155) spells these the same way.
    hri = {'neutral', 'happy', 'sad', 'angry', 'surprised', 'disgusted', 'scared', 'excited',
           'tired', 'confused'}
    assert {e.value for e in Expression} - {'unknown'} == hri


def test_affect_round_trip():
    affect = Affect(Expression.SAD, -0.6, -0.2, 0.75, (('sad', 0.75), ('neutral', 0.25)))
    msg = affect_to_msg(affect)
    assert msg.expression == 'sad' and list(msg.class_names) == ['sad', 'neutral']
    back = msg_to_affect(msg)
    assert back.expression is Expression.SAD
    assert (back.valence, back.arousal, back.confidence) == pytest.approx((-0.6, -0.2, 0.75))
    assert back.class_probabilities == (('sad', 0.75), ('neutral', 0.25))


def test_untrusted_affect_messages_are_clamped_or_rejected():
    msg = AffectMsg(expression='', valence=5.0, arousal=float('nan'), confidence=-1.0)
    affect = msg_to_affect(msg)
    assert (affect.expression, affect.valence, affect.arousal, affect.confidence) == (
        Expression.UNKNOWN, 1.0, 0.0, 0.0)
    with pytest.raises(InvalidInput, match="unknown expression 'elated'"):
        msg_to_affect(AffectMsg(expression='elated'))
    with pytest.raises(InvalidInput, match='2 class names but 1 probabilities'):
        msg_to_affect(AffectMsg(expression='sad', class_names=['a', 'b'],
                                class_probabilities=[1.0]))


def test_time_round_trip():
    assert time_to_seconds(seconds_to_time(12.25)) == pytest.approx(12.25)
    assert seconds_to_time(1.9999999999).sec == 2
    with pytest.raises(InvalidInput):
        seconds_to_time(-1.0)


@pytest.mark.parametrize('encoding', ['rgb8', 'bgr8'])
def test_image_round_trip(encoding):
    image = np.random.default_rng(3).integers(0, 256, (48, 64, 3), dtype=np.uint8)
    msg = bgr_to_image_msg(image, encoding, 'cam')
    assert (msg.width, msg.height, msg.step, msg.encoding) == (64, 48, 192, encoding)
    assert msg.header.frame_id == 'cam'
    np.testing.assert_array_equal(image_msg_to_bgr(msg), image)


def test_truncated_image_message_is_invalid_input():
    msg = bgr_to_image_msg(np.zeros((4, 4, 3), np.uint8))
    msg.data = bytes(msg.data)[:-1]
    with pytest.raises(InvalidInput, match='data has 47 bytes'):
        image_msg_to_bgr(msg)


def test_audio_chunk_round_trip():
    samples = np.linspace(-0.5, 0.5, 320, dtype=np.float32)
    msg = samples_to_audio_chunk(samples, 16000, 's16le', 'mic')
    assert (msg.sample_rate, msg.channels, msg.encoding, len(msg.data)) == (
        16000, 1, AudioChunk.ENCODING_S16LE, 640)
    fmt, back = audio_chunk_to_samples(msg)
    assert fmt.sample_rate == 16000 and back.shape == (320, 1)
    assert np.abs(back[:, 0] - samples).max() < 1e-4


def test_bad_audio_chunks_are_invalid_input():
    with pytest.raises(InvalidInput, match="unsupported audio encoding 'alaw'"):
        audio_chunk_to_samples(AudioChunk(sample_rate=8000, channels=1, encoding='alaw'))
    with pytest.raises(InvalidInput, match='not a whole number'):
        audio_chunk_to_samples(AudioChunk(sample_rate=16000, channels=2, encoding='s16le',
                                          data=bytes(6)))
