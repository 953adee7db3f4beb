# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The robot's face as data: what to show (:class:`FaceTarget`), how it looks (:class:`FacePose`).

A :class:`FaceTarget` is what the behaviour asks for: an expression name from the affect
vocabulary, the robot's own valence and arousal, a gaze direction and a transition time.
:func:`target_pose` turns it into a :class:`FacePose`, the dozen-odd continuous numbers that
:mod:`~.render` draws (eye openness, lid slant, brow height, smile depth, …): each
expression has a hand-tuned pose (:data:`EXPRESSION_POSES`, after the facial action units of
Ekman's FACS, simplified for a cartoon face), and valence and arousal shade it (a deeper
smile and rosier cheeks with valence, wider eyes and pupils with arousal).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
import math

import numpy as np
import numpy.typing as npt

from ...affect import clamp, Expression
from ...errors import InvalidInput

DEFAULT_TRANSITION = 0.4
"""Seconds a new expression takes to settle (95 %) when the request gives none."""

MAX_TRANSITION = 10.0


@dataclass(frozen=True)
class FacePose:
    """
    Every number the renderer needs, in design units (see each field).

    Ranges are enforced by :data:`POSE_RANGES`; :meth:`clamped` repairs an arbitrary pose.
    """

    eye_open: float = 1.0
    """Upper-lid opening: 0 closed, 1 normal, up to 1.3 wide."""
    eye_scale: float = 1.0
    """Size of the eyes (surprise makes them bigger)."""
    lid_tilt: float = 0.0
    """Upper-lid slant: + inner corner down (anger), - outer corner down (sadness)."""
    lower_lid: float = 0.0
    """How far the lower lid rises: 0 none, 1 to the closing line (a squint)."""
    lower_curve: float = 0.0
    """Shape of the lower lid: + arched up in the middle (smiling eyes)."""
    pupil: float = 1.0
    """Pupil size relative to normal."""
    brow_raise: float = 0.0
    """Brow height: + raised, - lowered."""
    brow_tilt: float = 0.0
    """Brow slant: + inner end down (anger), - inner end up (sadness, worry)."""
    brow_curve: float = 0.3
    """Brow arch: + arched, - flat or sagging."""
    brow_asym: float = 0.0
    """One brow up, the other down (+ raises the brow on the image's right)."""
    mouth_curve: float = 0.25
    """Smile: + corners up, - corners down."""
    mouth_open: float = 0.0
    """Jaw opening: 0 closed, 1 wide open."""
    mouth_width: float = 1.0
    """Width of the mouth relative to normal."""
    mouth_skew: float = 0.0
    """Lopsided mouth: + raises the corner on the image's right."""
    cheek: float = 0.0
    """Blush on the cheeks, 0..1."""
    tint: float = 0.0
    """Colour mood: + warm, - cool and grey."""
    heat: float = 0.0
    """Anger colour, 0..1."""
    gaze_x: float = 0.0
    """Where the pupils look: -1 image left .. 1 image right."""
    gaze_y: float = 0.0
    """Where the pupils look: -1 down .. 1 up."""

    def __post_init__(self) -> None:
        """Reject values outside :data:`POSE_RANGES` (NaN included)."""
        for name, (low, high) in POSE_RANGES.items():
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and low <= value <= high):
                raise ValueError(f'{name} must be in [{low:g}, {high:g}], got {value!r}')

    def to_array(self) -> npt.NDArray[np.float64]:
        """Return the pose as a vector in :data:`POSE_FIELDS` order."""
        return np.array([getattr(self, name) for name in POSE_FIELDS], dtype=np.float64)

    @classmethod
    def from_array(cls, values: npt.ArrayLike) -> FacePose:
        """Build a pose from a vector in :data:`POSE_FIELDS` order, clamping into range."""
        array = np.asarray(values, dtype=np.float64).reshape(-1)
        if array.size != len(POSE_FIELDS):
            raise ValueError(f'expected {len(POSE_FIELDS)} values, got {array.size}')
        return cls(**{
            name: clamp(float(value), *POSE_RANGES[name])
            for name, value in zip(POSE_FIELDS, array)})

    def clamped(self) -> FacePose:
        """Return this pose with every field clamped into range (already true if built)."""
        return FacePose.from_array(self.to_array())


POSE_RANGES: dict[str, tuple[float, float]] = {
    'eye_open': (0.0, 1.3), 'eye_scale': (0.6, 1.4), 'lid_tilt': (-1.0, 1.0),
    'lower_lid': (0.0, 1.0), 'lower_curve': (-1.0, 1.0), 'pupil': (0.4, 1.6),
    'brow_raise': (-1.0, 1.0), 'brow_tilt': (-1.0, 1.0), 'brow_curve': (-1.0, 1.0),
    'brow_asym': (-1.0, 1.0), 'mouth_curve': (-1.0, 1.0), 'mouth_open': (0.0, 1.0),
    'mouth_width': (0.3, 1.5), 'mouth_skew': (-1.0, 1.0), 'cheek': (0.0, 1.0),
    'tint': (-1.0, 1.0), 'heat': (0.0, 1.0), 'gaze_x': (-1.0, 1.0), 'gaze_y': (-1.0, 1.0),
}
"""Allowed range of each :class:`FacePose` field."""

POSE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(FacePose))

NEUTRAL_POSE = FacePose()

EXPRESSION_POSES: dict[Expression, FacePose] = {
    Expression.NEUTRAL: NEUTRAL_POSE,
    Expression.UNKNOWN: NEUTRAL_POSE,
    Expression.HAPPY: FacePose(
        eye_open=1.0, lower_lid=0.5, lower_curve=1.0, pupil=1.1, brow_raise=0.25,
        brow_curve=0.6, mouth_curve=0.85, mouth_open=0.3, mouth_width=1.1, cheek=0.8,
        tint=0.6),
    Expression.EXCITED: FacePose(
        eye_open=1.2, eye_scale=1.1, lower_lid=0.25, lower_curve=1.0, pupil=1.35,
        brow_raise=0.7, brow_curve=0.7, mouth_curve=0.95, mouth_open=0.75, mouth_width=1.15,
        cheek=1.0, tint=0.9, gaze_y=0.1),
    Expression.SAD: FacePose(
        eye_open=0.72, lid_tilt=-0.8, pupil=1.15, brow_raise=0.15, brow_tilt=-0.9,
        brow_curve=-0.1, mouth_curve=-0.75, mouth_width=0.85, tint=-0.7, gaze_y=-0.35),
    Expression.ANGRY: FacePose(
        eye_open=0.85, eye_scale=0.95, lid_tilt=0.85, lower_lid=0.2, pupil=0.75,
        brow_raise=-0.55, brow_tilt=0.95, brow_curve=-0.2, mouth_curve=-0.55,
        mouth_open=0.1, mouth_width=0.8, heat=1.0),
    Expression.SURPRISED: FacePose(
        eye_open=1.3, eye_scale=1.15, pupil=0.8, brow_raise=0.95, brow_curve=0.9,
        mouth_curve=0.0, mouth_open=0.7, mouth_width=0.45, tint=0.2, gaze_y=0.05),
    Expression.SCARED: FacePose(
        eye_open=1.25, eye_scale=1.08, lid_tilt=-0.2, lower_lid=0.15, pupil=0.6,
        brow_raise=0.8, brow_tilt=-0.8, brow_curve=-0.1, mouth_curve=-0.5, mouth_open=0.3,
        mouth_width=0.9, tint=-0.6),
    Expression.DISGUSTED: FacePose(
        eye_open=0.7, lid_tilt=0.2, lower_lid=0.45, lower_curve=-0.2, pupil=0.85,
        brow_raise=-0.35, brow_tilt=0.5, brow_asym=-0.3, mouth_curve=-0.5, mouth_open=0.1,
        mouth_width=0.8, mouth_skew=0.7, tint=-0.4, heat=0.3, gaze_x=-0.2),
    Expression.TIRED: FacePose(
        eye_open=0.4, lid_tilt=-0.15, lower_lid=0.1, pupil=0.9, brow_raise=-0.3,
        brow_tilt=-0.35, brow_curve=0.0, mouth_curve=-0.05, mouth_width=0.75, tint=-0.3,
        gaze_y=-0.3),
    Expression.CONFUSED: FacePose(
        eye_open=0.95, lid_tilt=0.1, pupil=1.0, brow_raise=0.25, brow_tilt=-0.2,
        brow_asym=0.9, mouth_curve=-0.15, mouth_width=0.75, mouth_skew=-0.8, tint=0.0,
        gaze_x=0.45, gaze_y=0.4),
}
"""The pose of each expression (at valence and arousal 0)."""


@dataclass(frozen=True)
class FaceTarget:
    """
    What the face should show: expression, the robot's valence/arousal, gaze, transition.

    Built from untrusted numbers with :func:`face_target_from_values`, which clamps and says
    what it repaired.
    """

    expression: Expression = Expression.NEUTRAL
    valence: float = 0.0
    arousal: float = 0.0
    gaze_x: float = 0.0
    gaze_y: float = 0.0
    transition: float = DEFAULT_TRANSITION
    """Seconds until the face has (95 %) settled on this target; 0 jumps at once."""

    def __post_init__(self) -> None:
        """Reject values outside their ranges."""
        if not isinstance(self.expression, Expression):
            raise ValueError(f'expression must be an Expression, got {self.expression!r}')
        for name in ('valence', 'arousal', 'gaze_x', 'gaze_y'):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and -1.0 <= value <= 1.0):
                raise ValueError(f'{name} must be in [-1, 1], got {value!r}')
        if not 0.0 <= self.transition <= MAX_TRANSITION:
            raise ValueError(
                f'transition must be in [0, {MAX_TRANSITION:g}] s, got {self.transition!r}')


def parse_expression(name: str) -> Expression:
    """Return the expression called ``name`` ('' is unknown); InvalidInput lists valid names."""
    if not name.strip():
        return Expression.UNKNOWN
    try:
        return Expression.parse(name)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


def face_target_from_values(
    expression: str | Expression,
    valence: float = 0.0,
    arousal: float = 0.0,
    gaze_x: float = 0.0,
    gaze_y: float = 0.0,
    transition: float = 0.0,
    default_transition: float = DEFAULT_TRANSITION,
) -> tuple[FaceTarget, tuple[str, ...]]:
    """
    Build a :class:`FaceTarget` from untrusted values; return it and what was repaired.

    Unknown expression names raise :class:`InvalidInput` listing the valid ones. NaN and
    out-of-range numbers are clamped (NaN to 0) and each repair is described in the returned
    tuple so that the caller can log it. ``transition`` 0 (or NaN) takes
    ``default_transition``.
    """
    expr = expression if isinstance(expression, Expression) else parse_expression(expression)
    repaired: list[str] = []

    def fix(name: str, value: float, low: float, high: float) -> float:
        number = float(value)
        fixed = clamp(number, low, high)
        if fixed != number:
            repaired.append(f'{name} {number!r} -> {fixed:g}')
        return fixed

    trans = float(transition)
    if math.isnan(trans) or trans == 0.0:
        trans = default_transition
    target = FaceTarget(
        expression=expr,
        valence=fix('valence', valence, -1.0, 1.0),
        arousal=fix('arousal', arousal, -1.0, 1.0),
        gaze_x=fix('gaze_x', gaze_x, -1.0, 1.0),
        gaze_y=fix('gaze_y', gaze_y, -1.0, 1.0),
        transition=fix('transition_duration', trans, 0.0, MAX_TRANSITION),
    )
    return target, tuple(repaired)


def target_pose(target: FaceTarget) -> FacePose:
    """
    Return the resting pose that shows ``target``: its expression shaded by valence/arousal.

    Positive valence deepens the smile, the blush and the warmth of the colours, negative
    valence the frown and the coolness; arousal opens the eyes and pupils and raises the
    brows. Valence and arousal 0 show the expression's own pose. The request's gaze adds to
    the expression's own (sad looks down).
    """
    base = EXPRESSION_POSES[target.expression]
    # A neutral face shows valence and arousal at full strength (the behaviour may send mood
    # alone); any other expression leads, and valence and arousal only deepen or soften it.
    weight = 1.0 if target.expression in (Expression.NEUTRAL, Expression.UNKNOWN) else 0.5
    dv, da = weight * target.valence, weight * target.arousal
    values = {
        'mouth_curve': base.mouth_curve + 0.45 * dv,
        'cheek': base.cheek + 0.5 * max(dv, 0.0),
        'tint': base.tint + 0.6 * dv,
        'heat': base.heat + 0.4 * max(-dv, 0.0) * max(da, 0.0),
        'lower_lid': base.lower_lid + 0.25 * max(dv, 0.0),
        'lower_curve': base.lower_curve + 0.6 * max(dv, 0.0),
        'brow_tilt': base.brow_tilt - 0.3 * min(dv, 0.0) * (1 if base.brow_tilt > 0 else -1),
        'eye_open': base.eye_open + 0.15 * da,
        'eye_scale': base.eye_scale + 0.05 * da,
        'pupil': base.pupil + 0.2 * da,
        'brow_raise': base.brow_raise + 0.2 * da,
        'mouth_open': base.mouth_open + 0.15 * max(da, 0.0) * max(dv, 0.0),
        'gaze_x': base.gaze_x + target.gaze_x,
        'gaze_y': base.gaze_y + target.gaze_y,
    }
    return FacePose.from_array(replace(base, **{
        name: clamp(value, *POSE_RANGES[name]) for name, value in values.items()}).to_array())
