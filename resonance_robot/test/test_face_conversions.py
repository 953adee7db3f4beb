# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""FaceAffectArray to core readings and back; naming why an Image cannot be decoded."""

import numpy as np
import pytest
from resonance_robot.conversions.common import bgr_to_image_msg, image_msg_to_bgr
from resonance_robot.conversions.face import (
    face_reading_to_msg, faces_to_msg, image_problem_key, msg_to_face_reading, msg_to_faces)
from resonance_robot.core.errors import InvalidInput
from resonance_robot.core.perception.face.affect import probabilities_to_affect
from resonance_robot.core.perception.face.reading import FaceBox, FaceFrame, FaceReading
from std_msgs.msg import Header


def _reading(face_id, x, probs):
    box = FaceBox(float(x), 20.0, 64.0, 70.0, 0.875)
    raw = probabilities_to_affect(probs, 0.875)
    return FaceReading(face_id, box, probabilities_to_affect(np.roll(probs, 1), 0.875), raw)


def test_face_array_round_trip_keeps_everything_but_the_track_age():
    probs = np.array([0.05, 0.0, 0.05, 0.7, 0.1, 0.05, 0.05])
    frame = FaceFrame(640, 480, (_reading('face1', 10, probs),
                                 _reading('face7', 300, probs[::-1].copy())))
    header = Header(frame_id='head_camera')
    header.stamp.sec, header.stamp.nanosec = 1712345678, 123456789
    msg = faces_to_msg(frame, header)
    assert msg.header.stamp.nanosec == 123456789 and msg.header.frame_id == 'head_camera'
    assert (msg.image_width, msg.image_height) == (640, 480)
    first = msg.faces[0]
    assert first.face_id == 'face1' and first.affect.expression == 'sad'
    assert first.raw_affect.expression == 'happy'
    assert (first.roi.x_offset, first.roi.y_offset, first.roi.width, first.roi.height) == \
        (10, 20, 64, 70)
    back = msg_to_faces(msg)
    assert back.image_width == 640 and len(back.faces) == 2
    for ours, theirs in zip(frame.faces, back.faces):
        assert theirs.face_id == ours.face_id and theirs.box.pixels() == ours.box.pixels()
        assert theirs.box.score == pytest.approx(0.875)
        for a, b in ((ours.affect, theirs.affect), (ours.raw_affect, theirs.raw_affect)):
            assert b.expression is a.expression
            assert b.valence == pytest.approx(a.valence, abs=1e-6)
            assert [n for n, _ in b.class_probabilities] == [n for n, _ in a.class_probabilities]


def test_malformed_face_messages_are_invalid_input():
    msg = face_reading_to_msg(_reading('face1', 0, np.full(7, 1 / 7)))
    msg.face_id = ''
    with pytest.raises(InvalidInput, match='face_id'):
        msg_to_face_reading(msg)
    msg.face_id, msg.roi.width = 'face1', 0
    with pytest.raises(InvalidInput, match='empty roi'):
        msg_to_face_reading(msg)


def _image():
    return bgr_to_image_msg(np.zeros((4, 6, 3), np.uint8), 'rgb8')


@pytest.mark.parametrize('change, key', [
    (lambda m: setattr(m, 'encoding', 'yuv422'), 'bad_encoding'),
    (lambda m: setattr(m, 'width', 0), 'bad_size'),
    (lambda m: (setattr(m, 'width', 100000), setattr(m, 'height', 100000)), 'bad_size'),
    (lambda m: setattr(m, 'step', 5), 'bad_step'),
    (lambda m: setattr(m, 'data', b''), 'bad_data'),
    (lambda m: setattr(m, 'data', bytes(m.data)[:-7]), 'bad_data'),
])
def test_each_undecodable_image_gets_its_counter_name(change, key):
    msg = _image()
    change(msg)
    with pytest.raises(InvalidInput):
        image_msg_to_bgr(msg)
    assert image_problem_key(msg) == key


def test_one_conversion_serves_fusion_too_and_refuses_impossible_frames():
    probs = np.full(7, 1 / 7)
    msg = faces_to_msg(FaceFrame(640, 480, (_reading('f', 1, probs),)), Header())
    msg.image_width = msg.image_height = 0
    with pytest.raises(InvalidInput, match='faces in an image of size 0x0'):
        msg_to_faces(msg)
    msg = faces_to_msg(FaceFrame(640, 480, (_reading('f', 1, probs),)), Header())
    msg.faces = [msg.faces[0]] * 2
    with pytest.raises(InvalidInput, match='duplicate face ids'):
        msg_to_faces(msg)
    msg.faces = [msg.faces[0]] * 101
    with pytest.raises(InvalidInput, match='101 faces in one image'):
        msg_to_faces(msg)
