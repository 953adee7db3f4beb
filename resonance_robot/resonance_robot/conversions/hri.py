# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
ROS4HRI (REP-155) messages to and from the package's messages; needs ``hri_msgs``.

The mapping itself (vocabulary, ids, regions) is pure and lives in
:mod:`resonance_robot.core.fusion.hri`; this module only fills message fields. Import it only
after checking ``nodes.hri_bridge.hri_msgs_available()``: ``hri_msgs`` is an optional
dependency (a ROS distribution's package, or ``make hri-msgs`` for the venv).
"""

from __future__ import annotations

from collections.abc import Sequence
import math

from hri_msgs.msg import EngagementLevel, Expression, IdsList, LiveSpeech
from hri_msgs.msg import NormalizedRegionOfInterest2D
from resonance_robot_msgs.msg import FaceAffect, FaceAffectArray
from sensor_msgs.msg import RegionOfInterest
from std_msgs.msg import Header

from .common import affect_to_msg, msg_to_affect
from ..core.affect import Affect
from ..core.errors import InvalidInput
from ..core.fusion.hri import (
    affect_from_hri, affect_to_hri, hri_id, HriFace, normalize_roi, NormalizedRoi)


def ids_msg(ids: Sequence[str], header: Header) -> IdsList:
    """Return a REP-155 tracked list."""
    return IdsList(header=header, ids=list(ids))


def expression_msg(affect: Affect, header: Header) -> Expression:
    """Our affect as hri_msgs/Expression."""
    fields = affect_to_hri(affect)
    return Expression(header=header, expression=fields.expression, valence=fields.valence,
                      arousal=fields.arousal, confidence=fields.confidence)


def msg_to_affect_from_hri(msg: Expression) -> Affect:
    """hri_msgs/Expression as our affect (see :func:`affect_from_hri`)."""
    return affect_from_hri(msg.expression, float(msg.valence), float(msg.arousal),
                           float(msg.confidence))


def roi_msg(roi: NormalizedRoi, header: Header) -> NormalizedRegionOfInterest2D:
    """Return a normalised region as hri_msgs/NormalizedRegionOfInterest2D."""
    return NormalizedRegionOfInterest2D(
        header=header, xmin=roi.xmin, ymin=roi.ymin, xmax=roi.xmax, ymax=roi.ymax,
        c=roi.confidence)


def msg_to_roi(msg: NormalizedRegionOfInterest2D) -> NormalizedRoi:
    """hri_msgs/NormalizedRegionOfInterest2D as a region; NaN or out-of-range is invalid."""
    confidence = float(msg.c)
    return NormalizedRoi(float(msg.xmin), float(msg.ymin), float(msg.xmax), float(msg.ymax),
                         1.0 if math.isnan(confidence) else min(1.0, max(0.0, confidence)))


def faces_to_hri(msg: FaceAffectArray) -> list[HriFace]:
    """Each face of a FaceAffectArray as REP-155 parts: id, normalised region, affect."""
    width, height = int(msg.image_width), int(msg.image_height)
    faces = []
    for face in msg.faces:
        if not face.face_id:
            raise InvalidInput('FaceAffect has an empty face_id')
        box = (float(face.roi.x_offset), float(face.roi.y_offset), float(face.roi.width),
               float(face.roi.height))
        faces.append(HriFace(hri_id(face.face_id),
                             normalize_roi(box, width, height, float(face.detection_confidence)),
                             msg_to_affect(face.affect)))
    return faces


def hri_faces_to_msg(faces: Sequence[HriFace], header: Header, width: int,
                     height: int) -> FaceAffectArray:
    """ROS4HRI faces as a FaceAffectArray of a ``width`` × ``height`` image."""
    out = []
    for face in faces:
        x, y, w, h = face.roi.to_pixels(width, height)
        out.append(FaceAffect(
            face_id=face.face_id,
            roi=RegionOfInterest(x_offset=x, y_offset=y, width=w, height=h, do_rectify=False),
            detection_confidence=float(face.roi.confidence),
            affect=affect_to_msg(face.affect), raw_affect=affect_to_msg(face.affect)))
    return FaceAffectArray(header=header, image_width=width, image_height=height, faces=out)


def engagement_msg(level: int, header: Header) -> EngagementLevel:
    """hri_msgs/EngagementLevel with ``level``."""
    return EngagementLevel(header=header, level=level)


def speech_msg(transcript: str, header: Header, language: str = 'en-US') -> LiveSpeech:
    """Return a final recognition result as hri_msgs/LiveSpeech (confidence unknown: 0)."""
    return LiveSpeech(header=header, incremental='', final=transcript, confidence=0.0,
                      language=language)
