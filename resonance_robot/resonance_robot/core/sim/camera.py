# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
A camera model: the people in view as face boxes, with the faults a real detector has.

A pinhole camera at the robot's centre looking forward (``hfov`` horizontal field of view,
``width`` × ``height`` pixels) sees a face ``face_width`` metres wide as a box
``focal × face_width / distance`` pixels wide, centred at ``width/2 - focal × tan(bearing)``.
Faults: Gaussian noise on the box width (relative) and centre (pixels), missed detections
(independent per frame), occlusion (a face behind a closer person's body), scripted dropouts
of up to 2 s (the person's ``dropouts``), and a new track id when a face comes back after
more than ``reid_gap`` seconds (a tracker that lost it).
"""

from __future__ import annotations

from dataclasses import dataclass
import math
import random

from .world import PERSON_RADIUS, SimPerson
from ..fusion.geometry import Placement, Pose2D
from ..perception.face.reading import FaceBox, FaceFrame, FaceReading


@dataclass(frozen=True)
class CameraModel:
    """The camera's optics and the detector's fault rates."""

    hfov_deg: float = 60.0
    width: int = 640
    height: int = 480
    face_width: float = 0.15
    max_range: float = 7.0
    width_noise: float = 0.04
    center_noise_px: float = 3.0
    miss_rate: float = 0.05
    reid_gap: float = 2.5

    @property
    def focal_px(self) -> float:
        """Return the focal length in pixels."""
        return (self.width / 2.0) / math.tan(math.radians(self.hfov_deg) / 2.0)

    def in_view(self, where: Placement) -> bool:
        """Whether a person at ``where`` is inside the field of view and range."""
        half = math.radians(self.hfov_deg) / 2.0
        return 0.3 < where.distance <= self.max_range and abs(where.bearing) < half


class Camera:
    """Turns the world into :class:`FaceFrame` values, one per frame (see the module doc)."""

    def __init__(self, model: CameraModel, rng: random.Random) -> None:
        self.model = model
        self.rng = rng
        self._tracks: dict[int, tuple[str, float]] = {}
        self._next_track = 1

    def visible(self, people: list[SimPerson], robot: Pose2D,
                t: float) -> list[tuple[SimPerson, Placement]]:
        """Return the people a perfect detector would see now (in view, not occluded)."""
        placed = [(p, p.placement(robot)) for p in people if t >= p.start]
        seen = []
        for person, where in placed:
            if not self.model.in_view(where):
                continue
            occluded = any(
                other.distance < where.distance and abs(_wrap(other.bearing - where.bearing))
                < math.atan2(PERSON_RADIUS, other.distance)
                for q, other in placed if q is not person)
            if not occluded:
                seen.append((person, where))
        return seen

    def frame(self, people: list[SimPerson], robot: Pose2D, t: float) -> FaceFrame:
        """Return the faces detected in the image taken at ``t``."""
        m, rng = self.model, self.rng
        faces = []
        for person, where in self.visible(people, robot, t):
            if person.dropped(t) or rng.random() < m.miss_rate:
                continue
            box_w = m.focal_px * m.face_width / where.distance
            box_w *= max(0.5, 1.0 + rng.gauss(0.0, m.width_noise))
            center = (m.width / 2.0 - m.focal_px * math.tan(where.bearing)
                      + rng.gauss(0.0, m.center_noise_px))
            box = FaceBox(center - box_w / 2.0, m.height / 2.0 - box_w / 2.0, box_w, box_w, 1.0)
            affect = person.affect(t, rng)
            faces.append(FaceReading(self._track(person.index, t), box, affect, affect))
        return FaceFrame(m.width, m.height, tuple(faces))

    def _track(self, index: int, t: float) -> str:
        track = self._tracks.get(index)
        if track is None or t - track[1] > self.model.reid_gap:
            track = (f'face{self._next_track}', t)
            self._next_track += 1
        self._tracks[index] = (track[0], t)
        return track[0]


def _wrap(angle: float) -> float:
    return math.atan2(math.sin(angle), math.cos(angle))
