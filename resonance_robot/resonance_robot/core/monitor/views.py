# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The values the dashboard shows, as frozen dataclasses with their JSON form.

Conversions from messages are in :mod:`resonance_robot.conversions.dashboard`; the page reads
the JSON of :meth:`DashboardState.snapshot <.state.DashboardState.snapshot>`. Numbers are
rounded to three decimals and non-finite ones become ``null`` (JSON has no NaN).
"""

from __future__ import annotations

from dataclasses import dataclass
import math
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import InvalidInput
from ..image import decode_image


def number(value: float) -> float | None:
    """Return ``value`` rounded for JSON, or None when it is not finite."""
    return round(float(value), 3) if math.isfinite(value) else None


@dataclass(frozen=True)
class AffectPoint:
    """An expression label with valence and arousal in [-1, 1] and a confidence in [0, 1]."""

    expression: str
    valence: float
    arousal: float
    confidence: float

    def __post_init__(self) -> None:
        for name in ('valence', 'arousal', 'confidence'):
            value = getattr(self, name)
            if math.isfinite(value) and not -1.0 - 1e-6 <= value <= 1.0 + 1e-6:
                raise InvalidInput(f'{name} {value} outside [-1, 1]')

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {'expression': self.expression, 'valence': number(self.valence),
                'arousal': number(self.arousal), 'confidence': number(self.confidence)}


@dataclass(frozen=True)
class FaceBox:
    """One face in a camera frame: box in pixels, track id and its affect."""

    face_id: str
    x: int
    y: int
    width: int
    height: int
    affect: AffectPoint

    def __post_init__(self) -> None:
        if min(self.x, self.y, self.width, self.height) < 0:
            raise InvalidInput(f'face {self.face_id!r}: negative box')

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {'id': self.face_id, 'box': [self.x, self.y, self.width, self.height],
                **self.affect.to_json()}


@dataclass(frozen=True)
class FacesView:
    """The faces of one camera frame and the frame's size (to place the boxes)."""

    image_width: int
    image_height: int
    faces: tuple[FaceBox, ...]

    def __post_init__(self) -> None:
        if self.image_width < 0 or self.image_height < 0:
            raise InvalidInput('negative image size')


@dataclass(frozen=True)
class PersonView:
    """One person's fused affect and the face and voice estimates it came from."""

    person_id: str
    fused: AffectPoint
    face: AffectPoint | None = None
    voice: AffectPoint | None = None
    face_weight: float = 0.0
    voice_weight: float = 0.0
    stale: bool = False
    engaged: bool = False
    transcript: str = ''

    def __post_init__(self) -> None:
        if not self.person_id:
            raise InvalidInput('a person needs an id')

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {'id': self.person_id, 'fused': self.fused.to_json(),
                'face': self.face.to_json() if self.face else None,
                'voice': self.voice.to_json() if self.voice else None,
                'face_weight': number(self.face_weight),
                'voice_weight': number(self.voice_weight), 'stale': self.stale,
                'engaged': self.engaged, 'transcript': self.transcript}


@dataclass(frozen=True)
class DecisionView:
    """A social decision with its reason and evidence."""

    action: str
    target: str
    intensity: float
    reason: str
    evidence: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {'action': self.action, 'target': self.target,
                'intensity': number(self.intensity), 'reason': self.reason,
                'evidence': list(self.evidence)}


@dataclass(frozen=True)
class DiagnosticView:
    """One node's diagnostic status: level ('ok', 'warn', 'error', 'stale') and values."""

    name: str
    level: str
    message: str
    values: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {'name': self.name, 'level': self.level, 'message': self.message,
                'values': dict(self.values)}


@dataclass(frozen=True)
class RawImage:
    """
    An image buffer as it arrived (decoded only when a browser is due a frame).

    ``data`` may be a view of the message's own buffer: a camera at 30 Hz is then not copied
    thirty times a second for a page that shows five frames.
    """

    encoding: str
    width: int
    height: int
    step: int
    data: bytes | memoryview
    bigendian: bool = False

    def to_bgr(self) -> npt.NDArray[np.uint8]:
        """Decode to H×W×3 BGR; InvalidInput says what is wrong."""
        return decode_image(self.encoding, self.width, self.height, self.step, self.data,
                            self.bigendian)
