# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
ROS4HRI (REP-155) vocabulary and ids, both ways, without ROS: what ``hri_bridge`` maps.

**Expressions.** Our vocabulary (:class:`~resonance_robot.core.affect.Expression`) is a
subset of ``hri_msgs/Expression``'s 25 constants with the same strings, so ours → REP-155 is
the identity, except ``unknown``, which REP-155 lacks: it goes out as an empty expression with
confidence 0. REP-155 → ours maps each of the other 15 constants to the nearest of ours
(:data:`FROM_HRI`: *furious* and *annoyed* → angry, *bored* and *asleep* → tired …); an empty
or unlisted string is unknown. Valence and arousal are copied; a publisher that gives only a
category (both 0, like the ROS4HRI reference emotion node) gets the category's typical
placement (:data:`PLACEMENTS`), so the decision side can act on it.

**Ids.** REP-155 ids are opaque strings that become topic name tokens
(``/humans/faces/<id>/roi``). Ours already are (``face3``, ``p2``, ``voice0``); any other
character becomes ``_`` and a leading digit gets an ``id`` prefix (:func:`hri_id`). Face,
person and voice ids keep their meaning: our ``face_id`` is the REP-155 face id, our
``person_id`` the person id, our ``voice_id`` the voice id.

**Regions.** REP-155 face regions are normalised to [0, 1] of the image
(``hri_msgs/NormalizedRegionOfInterest2D``); ours are pixels with the image size alongside.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import math
import re

from ..affect import Affect, clamp, Expression
from ..errors import InvalidInput

HRI_EXPRESSIONS: tuple[str, ...] = (
    'neutral', 'angry', 'sad', 'happy', 'surprised', 'disgusted', 'scared', 'pleading',
    'vulnerable', 'despaired', 'guilty', 'disappointed', 'embarrassed', 'horrified',
    'skeptical', 'annoyed', 'furious', 'suspicious', 'rejected', 'bored', 'tired', 'asleep',
    'confused', 'amazed', 'excited')
"""Every expression constant of hri_msgs/Expression (hri_msgs 2.0), in the message's order."""

FROM_HRI: dict[str, Expression] = {
    **{e.value: e for e in Expression if e is not Expression.UNKNOWN},
    'pleading': Expression.SAD, 'vulnerable': Expression.SCARED,
    'despaired': Expression.SAD, 'guilty': Expression.SAD, 'disappointed': Expression.SAD,
    'embarrassed': Expression.SAD, 'horrified': Expression.SCARED,
    'skeptical': Expression.CONFUSED, 'annoyed': Expression.ANGRY,
    'furious': Expression.ANGRY, 'suspicious': Expression.CONFUSED,
    'rejected': Expression.SAD, 'bored': Expression.TIRED, 'asleep': Expression.TIRED,
    'amazed': Expression.SURPRISED,
}
"""Each hri_msgs/Expression constant → the nearest expression of ours."""

PLACEMENTS: dict[Expression, tuple[float, float]] = {
    Expression.NEUTRAL: (0.0, 0.0), Expression.HAPPY: (0.8, 0.35),
    Expression.SAD: (-0.7, -0.4), Expression.ANGRY: (-0.6, 0.7),
    Expression.SURPRISED: (0.2, 0.75), Expression.DISGUSTED: (-0.65, 0.3),
    Expression.SCARED: (-0.65, 0.65), Expression.EXCITED: (0.7, 0.8),
    Expression.TIRED: (-0.2, -0.7), Expression.CONFUSED: (-0.2, 0.2),
}
"""Typical (valence, arousal) of a category, for publishers that give only the category
(the face classes as in core/perception/face/affect.py; excited, tired, confused from
Russell's circumplex)."""

_NOT_TOKEN = re.compile(r'[^A-Za-z0-9_]')


def to_hri_expression(expression: Expression) -> str:
    """Our expression as an hri_msgs/Expression constant; unknown is ``''``."""
    return '' if expression is Expression.UNKNOWN else expression.value


def from_hri_expression(name: str) -> Expression:
    """Return our expression for an hri_msgs/Expression string; empty or unlisted: unknown."""
    return FROM_HRI.get(name.strip().lower(), Expression.UNKNOWN)


def hri_id(local_id: str) -> str:
    """Our id as a REP-155 id (a valid topic name token)."""
    if not local_id:
        raise InvalidInput('an empty id has no REP-155 topic')
    token = _NOT_TOKEN.sub('_', local_id)
    return 'id' + token if token[0].isdigit() else token


@dataclass(frozen=True)
class HriExpression:
    """The fields of one hri_msgs/Expression (header aside)."""

    expression: str
    valence: float
    arousal: float
    confidence: float

    def __post_init__(self) -> None:
        """Reject values outside hri_msgs/Expression's documented ranges."""
        for name, low in (('valence', -1.0), ('arousal', -1.0), ('confidence', 0.0)):
            value = getattr(self, name)
            if not low <= value <= 1.0:
                raise InvalidInput(f'{name} must be in [{low:g}, 1], got {value!r}')


def affect_to_hri(affect: Affect) -> HriExpression:
    """Our affect as hri_msgs/Expression fields (unknown: empty, confidence 0)."""
    if affect.expression is Expression.UNKNOWN:
        return HriExpression('', float(affect.valence), float(affect.arousal), 0.0)
    return HriExpression(to_hri_expression(affect.expression), float(affect.valence),
                         float(affect.arousal), float(affect.confidence))


def affect_from_hri(expression: str, valence: float, arousal: float,
                    confidence: float) -> Affect:
    """
    hri_msgs/Expression fields as our affect; untrusted numbers are clamped.

    An unknown expression reads with confidence 0 (never acted on). Valence and arousal both
    0 with a non-neutral category take the category's :data:`PLACEMENTS`.
    """
    ours = from_hri_expression(expression)
    if ours is Expression.UNKNOWN:
        return Affect(Expression.UNKNOWN, clamp(valence, -1.0, 1.0),
                      clamp(arousal, -1.0, 1.0), 0.0)
    if valence == 0.0 and arousal == 0.0:
        valence, arousal = PLACEMENTS[ours]
    return Affect(ours, clamp(valence, -1.0, 1.0), clamp(arousal, -1.0, 1.0),
                  clamp(confidence, 0.0, 1.0))


@dataclass(frozen=True)
class NormalizedRoi:
    """A region as fractions of the image (hri_msgs/NormalizedRegionOfInterest2D)."""

    xmin: float
    ymin: float
    xmax: float
    ymax: float
    confidence: float = 1.0

    def __post_init__(self) -> None:
        """Reject coordinates outside [0, 1], inverted corners and a bad confidence."""
        values = (self.xmin, self.ymin, self.xmax, self.ymax, self.confidence)
        if not all(math.isfinite(v) and 0.0 <= v <= 1.0 for v in values):
            raise InvalidInput(f'normalised region outside [0, 1]: {values!r}')
        if self.xmax < self.xmin or self.ymax < self.ymin:
            raise InvalidInput(f'normalised region with inverted corners: {values!r}')

    @property
    def empty(self) -> bool:
        """Whether the region has no area."""
        return self.xmax <= self.xmin or self.ymax <= self.ymin

    def to_pixels(self, width: int, height: int) -> tuple[int, int, int, int]:
        """Return the region in a ``width`` × ``height`` image: (x, y, width, height) pixels."""
        x, y = round(self.xmin * width), round(self.ymin * height)
        return (x, y, max(1, round(self.xmax * width) - x),
                max(1, round(self.ymax * height) - y))


def normalize_roi(box: tuple[float, float, float, float], width: int, height: int,
                  confidence: float = 1.0) -> NormalizedRoi:
    """Normalise a pixel box (x, y, width, height) in a ``width`` × ``height`` image."""
    if width <= 0 or height <= 0:
        raise InvalidInput(f'cannot normalise a region in a {width}x{height} image')
    x, y, w, h = box
    return NormalizedRoi(
        clamp(x / width, 0.0, 1.0), clamp(y / height, 0.0, 1.0),
        clamp((x + w) / width, 0.0, 1.0), clamp((y + h) / height, 0.0, 1.0),
        clamp(confidence, 0.0, 1.0))


@dataclass(frozen=True)
class HriFace:
    """One face as ROS4HRI tools publish it: id, normalised region and affect."""

    face_id: str
    roi: NormalizedRoi
    affect: Affect


class HriFaceBook:
    """
    Collects ROS4HRI face topics (tracked list, per-face region and expression) into faces.

    ROS4HRI publishes these on separate topics; a face is complete once it is tracked and has
    a non-empty region. Its expression is optional (unknown until one arrives).
    """

    def __init__(self) -> None:
        self._tracked: tuple[str, ...] = ()
        self._rois: dict[str, NormalizedRoi] = {}
        self._affects: dict[str, Affect] = {}

    @property
    def tracked(self) -> tuple[str, ...]:
        """Return the ids of the latest tracked list."""
        return self._tracked

    def set_tracked(self, ids: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Take a new tracked list; return the ids (appeared, gone) since the previous one."""
        new = tuple(dict.fromkeys(i for i in ids if i))
        appeared = tuple(i for i in new if i not in self._tracked)
        gone = tuple(i for i in self._tracked if i not in new)
        for face_id in gone:
            self._rois.pop(face_id, None)
            self._affects.pop(face_id, None)
        self._tracked = new
        return appeared, gone

    def set_roi(self, face_id: str, roi: NormalizedRoi) -> None:
        """Record the newest region of ``face_id``."""
        self._rois[face_id] = roi

    def set_affect(self, face_id: str, affect: Affect) -> None:
        """Record the newest affect of ``face_id``."""
        self._affects[face_id] = affect

    def faces(self) -> tuple[HriFace, ...]:
        """Every tracked face with a non-empty region, in tracked order."""
        return tuple(
            HriFace(face_id, self._rois[face_id], self._affects.get(face_id, Affect()))
            for face_id in self._tracked
            if face_id in self._rois and not self._rois[face_id].empty)


ENGAGEMENT_UNKNOWN = 0
ENGAGEMENT_DISENGAGED = 1
ENGAGEMENT_ENGAGED = 3
"""hri_msgs/EngagementLevel values the bridge uses (ENGAGING and DISENGAGING need gaze)."""


def engagement_level(engaged: bool, stale: bool) -> int:
    """Return a person's hri_msgs/EngagementLevel: unknown while stale, else (dis)engaged."""
    if stale:
        return ENGAGEMENT_UNKNOWN
    return ENGAGEMENT_ENGAGED if engaged else ENGAGEMENT_DISENGAGED
