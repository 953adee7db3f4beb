# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
What the face pipeline reads of people's faces, in one type for every stage.

:class:`FaceBox` (where a face is), :class:`FaceReading` (one tracked face: id, box, smoothed
and per-frame affect) and :class:`FaceFrame` (every face of one image, with the image size).
The face pipeline produces them, ``faces`` (FaceAffectArray) carries them, and fusion reads
them: one type from camera to decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import math

from ...affect import Affect
from ...errors import InvalidInput


@dataclass(frozen=True)
class FaceBox:
    """
    One detected face: an axis-aligned box in image pixels and the detector's confidence.

    ``x``/``y`` are the top-left corner; ``keypoints`` are (x, y) pixel positions (BlazeFace
    gives six, Haar none).
    """

    x: float
    y: float
    width: float
    height: float
    score: float
    keypoints: tuple[tuple[float, float], ...] = field(default=())

    def __post_init__(self) -> None:
        """Reject non-finite numbers, empty boxes and scores outside [0, 1]."""
        values = (self.x, self.y, self.width, self.height, self.score)
        if not all(math.isfinite(v) for v in values):
            raise InvalidInput(f'face box values must be finite, got {values}')
        if self.width <= 0.0 or self.height <= 0.0:
            raise InvalidInput(f'face box must have a positive size, got {self.width}x'
                               f'{self.height}')
        if not 0.0 <= self.score <= 1.0:
            raise InvalidInput(f'face score must be in [0, 1], got {self.score}')

    @property
    def center(self) -> tuple[float, float]:
        """Centre of the box."""
        return self.x + self.width / 2.0, self.y + self.height / 2.0

    @property
    def area(self) -> float:
        """Area in square pixels."""
        return self.width * self.height

    def pixels(self) -> tuple[int, int, int, int]:
        """Return the box as integer ``(x, y, width, height)``, at least 1×1."""
        x0, y0 = int(round(self.x)), int(round(self.y))
        x1, y1 = int(round(self.x + self.width)), int(round(self.y + self.height))
        return x0, y0, max(1, x1 - x0), max(1, y1 - y0)

    def iou(self, other: FaceBox) -> float:
        """Intersection over union with ``other``, in [0, 1]."""
        ix = max(0.0, min(self.x + self.width, other.x + other.width) - max(self.x, other.x))
        iy = max(0.0, min(self.y + self.height, other.y + other.height)
                 - max(self.y, other.y))
        inter = ix * iy
        union = self.area + other.area - inter
        return inter / union if union > 0.0 else 0.0

    def clipped(self, width: int, height: int) -> FaceBox | None:
        """Return the part of the box inside a ``width``×``height`` image, or None."""
        x0, y0 = max(0.0, self.x), max(0.0, self.y)
        x1 = min(float(width), self.x + self.width)
        y1 = min(float(height), self.y + self.height)
        if x1 - x0 < 1.0 or y1 - y0 < 1.0:
            return None
        return FaceBox(x0, y0, x1 - x0, y1 - y0, self.score, self.keypoints)


@dataclass(frozen=True)
class FaceReading:
    """
    One tracked face in one frame: id, box, smoothed and per-frame affect.

    ``affect`` is the track's smoothed reading (what the face shows over the last moments);
    ``raw_affect`` is this frame's own reading, where brief expressions live.
    """

    face_id: str
    box: FaceBox
    affect: Affect
    raw_affect: Affect
    track_age: int = 1
    """Frames this track has been seen in (1 for a new face)."""

    def __post_init__(self) -> None:
        """Require an id and a positive age."""
        if not self.face_id:
            raise InvalidInput('a face reading needs a face_id')
        if self.track_age < 1:
            raise InvalidInput(f'track_age must be at least 1, got {self.track_age}')


@dataclass(frozen=True)
class FaceFrame:
    """Every face read in one image of ``image_width`` × ``image_height`` pixels."""

    image_width: int
    image_height: int
    faces: tuple[FaceReading, ...] = ()

    def __post_init__(self) -> None:
        """Reject a frame without a size when it has faces, or with duplicate ids."""
        if self.faces and (self.image_width <= 0 or self.image_height <= 0):
            raise InvalidInput(
                f'faces in an image of size {self.image_width}x{self.image_height}')
        ids = [f.face_id for f in self.faces]
        if len(set(ids)) != len(ids):
            raise InvalidInput(f'duplicate face ids in one image: {sorted(ids)}')
