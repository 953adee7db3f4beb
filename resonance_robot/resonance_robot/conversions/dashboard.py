# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Messages to the dashboard's views (:mod:`resonance_robot.core.monitor.views`)."""

from __future__ import annotations

from diagnostic_msgs.msg import DiagnosticStatus
from rclpy.serialization import deserialize_message
from resonance_robot_msgs.msg import (
    Affect, FaceAffectArray, PersonAffectArray, SocialAction)
from sensor_msgs.msg import Image

from ..core.monitor.views import (
    AffectPoint, DecisionView, DiagnosticView, FaceBox, FacesView, PersonView, RawImage)

_LEVELS = {0: 'ok', 1: 'warn', 2: 'error', 3: 'stale'}


def msg_to_affect_point(msg: Affect) -> AffectPoint:
    """Affect message to an AffectPoint (numbers clamped to their ranges)."""
    def clamp(value: float, low: float) -> float:
        return min(1.0, max(low, float(value))) if value == value else float('nan')
    return AffectPoint(str(msg.expression) or 'unknown', clamp(msg.valence, -1.0),
                       clamp(msg.arousal, -1.0), clamp(msg.confidence, 0.0))


def _known(msg: Affect) -> AffectPoint | None:
    point = msg_to_affect_point(msg)
    return None if point.expression == 'unknown' and not point.confidence else point


def msg_to_faces_view(msg: FaceAffectArray) -> FacesView:
    """Convert a FaceAffectArray to the boxes and labels drawn over the camera view."""
    return FacesView(int(msg.image_width), int(msg.image_height), tuple(
        FaceBox(str(f.face_id), int(f.roi.x_offset), int(f.roi.y_offset), int(f.roi.width),
                int(f.roi.height), msg_to_affect_point(f.affect)) for f in msg.faces))


def msg_to_person_views(msg: PersonAffectArray) -> tuple[PersonView, ...]:
    """Convert a PersonAffectArray to the per-person views (fused, face and voice affect)."""
    return tuple(
        PersonView(str(p.person_id), msg_to_affect_point(p.affect), _known(p.face_affect),
                   _known(p.voice_affect), float(p.face_weight), float(p.voice_weight),
                   bool(p.stale), bool(p.engaged), str(p.last_transcript))
        for p in msg.persons if p.person_id)


def msg_to_decision_view(msg: SocialAction) -> DecisionView:
    """Convert a SocialAction to a decision with its reason and evidence."""
    return DecisionView(str(msg.action), str(msg.target_person_id), float(msg.intensity),
                        str(msg.reason), tuple(str(e) for e in msg.evidence))


def msg_to_diagnostic_view(msg: DiagnosticStatus) -> DiagnosticView:
    """One DiagnosticStatus to a view."""
    level = int.from_bytes(msg.level, 'little') if isinstance(msg.level, bytes) else int(msg.level)
    return DiagnosticView(str(msg.name), _LEVELS.get(level, 'error'), str(msg.message),
                          tuple((str(v.key), str(v.value)) for v in msg.values))


def msg_to_raw_image(msg: Image) -> RawImage:
    """Convert an Image to a RawImage viewing its buffer (no copy, no decoding yet)."""
    return RawImage(str(msg.encoding), int(msg.width), int(msg.height), int(msg.step),
                    memoryview(msg.data), bool(msg.is_bigendian))


def serialized_to_raw_image(data: bytes) -> RawImage:
    """Convert a serialized Image (a raw subscription's bytes) to a RawImage."""
    return msg_to_raw_image(deserialize_message(data, Image))
