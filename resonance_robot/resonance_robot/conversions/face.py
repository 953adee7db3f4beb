# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""FaceAffect / FaceAffectArray messages to and from core face readings, and image triage."""

from __future__ import annotations

import math

from resonance_robot_msgs.msg import FaceAffect, FaceAffectArray
from sensor_msgs.msg import Image, RegionOfInterest
from std_msgs.msg import Header

from .common import affect_to_msg, image_msg_to_bgr, msg_to_affect
from ..core.errors import InvalidInput
from ..core.image import InvalidImage
from ..core.perception.face.reading import FaceBox, FaceFrame, FaceReading


MAX_FACES = 100
"""More faces than this in one image is not a real image: the message is dropped."""


def face_reading_to_msg(reading: FaceReading) -> FaceAffect:
    """Core FaceReading to resonance_robot_msgs/FaceAffect (box rounded to pixels)."""
    x, y, width, height = reading.box.pixels()
    return FaceAffect(
        face_id=reading.face_id,
        roi=RegionOfInterest(x_offset=max(0, x), y_offset=max(0, y), width=width,
                             height=height, do_rectify=False),
        detection_confidence=float(reading.box.score),
        affect=affect_to_msg(reading.affect), raw_affect=affect_to_msg(reading.raw_affect))


def msg_to_face_reading(msg: FaceAffect) -> FaceReading:
    """resonance_robot_msgs/FaceAffect to a core FaceReading (track age unknown: 1)."""
    if not msg.face_id:
        raise InvalidInput('FaceAffect has an empty face_id')
    if msg.roi.width == 0 or msg.roi.height == 0:
        raise InvalidInput(f'face {msg.face_id}: empty roi {msg.roi.width}x{msg.roi.height}')
    score = float(msg.detection_confidence)
    score = 0.0 if math.isnan(score) else min(1.0, max(0.0, score))
    box = FaceBox(float(msg.roi.x_offset), float(msg.roi.y_offset), float(msg.roi.width),
                  float(msg.roi.height), score)
    return FaceReading(msg.face_id, box, msg_to_affect(msg.affect),
                       msg_to_affect(msg.raw_affect))


def faces_to_msg(frame: FaceFrame, header: Header) -> FaceAffectArray:
    """Core FaceFrame to FaceAffectArray; ``header`` is the source image's header."""
    return FaceAffectArray(
        header=header, image_width=int(frame.image_width), image_height=int(frame.image_height),
        faces=[face_reading_to_msg(face) for face in frame.faces])


def msg_to_faces(msg: FaceAffectArray) -> FaceFrame:
    """
    Convert a FaceAffectArray to a core FaceFrame (the header stays with the msg).

    InvalidInput names what is wrong: too many faces, an empty id or box, duplicate ids.
    """
    if len(msg.faces) > MAX_FACES:
        raise InvalidInput(f'{len(msg.faces)} faces in one image (at most {MAX_FACES})')
    return FaceFrame(int(msg.image_width), int(msg.image_height),
                     tuple(msg_to_face_reading(face) for face in msg.faces))


def image_problem_key(msg: Image) -> str:
    """
    Name the diagnostics counter for an Image that fails to decode (``''`` if it decodes).

    ``bad_encoding`` (unsupported encoding), ``bad_size`` (zero or absurd width/height),
    ``bad_step`` (step shorter than a row), ``bad_data`` (empty or truncated data): the
    ``kind`` the decoder itself reports.
    """
    try:
        image_msg_to_bgr(msg)
    except InvalidImage as exc:
        return f'bad_{exc.kind}'
    return ''
