# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The robot's face as data: what to show (:class:`FaceTarget`), how it looks (:class:`FacePose`).

A :class:`FaceTarget` is what the behaviour asks for: an expression name from the affect
vocabulary, the robot's own valence and arousal, a gaze direction and a transition time.
:func:`target_pose` turns it into a :class:`FacePose`, the dozen-odd continuous numbers that
:mod:`~.render` draws (eye openness, lid slant, brow height, smile
depth, …): each expression has a hand-tuned pose (:data:`EXPRESSION_POSES`, after the facial
action units of Ekman's FACS, simplified for a cartoon face), and valence and arousal shade it
(a deeper smile and rosier cheeks with valence, wider eyes and pupils with arousal).

:class:`FaceAnimator` makes the face alive: every pose number follows its target as a
critically damped spring (no overshoot, no jump, whatever the frame rate), the eyes blink at
random intervals, they make small idle glances, and the mouth moves in a syllable rhythm while
the robot speaks. It is driven by the caller's clock (``step(now)``), so it is deterministic
under test.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
import math
import random

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


def settle_omega(seconds: float) -> float:
    """Angular frequency of a critically damped spring that settles (95 %) in ``seconds``."""
    # (1 + x) exp(-x) = 0.05 at x = 4.744: the step response is within 5 % after that.
    return 4.744 / max(seconds, 1e-3)


def damp_step(
    position: npt.NDArray[np.float64], velocity: npt.NDArray[np.float64],
    target: npt.NDArray[np.float64], omega: float, dt: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """
    Advance a critically damped spring by ``dt`` seconds, exactly (stable for any ``dt``).

    x(t) = target + (c1 + c2 t) exp(-omega t), c1 = x0 - target, c2 = v0 + omega c1.
    """
    c1 = position - target
    c2 = velocity + omega * c1
    decay = math.exp(-omega * dt)
    new_position = target + (c1 + c2 * dt) * decay
    new_velocity = (c2 - omega * (c1 + c2 * dt)) * decay
    return new_position, new_velocity


BLINK_CLOSE = 0.07
BLINK_OPEN = 0.13


def blink_closure(since: float) -> float:
    """Return how closed the eyes are (0..1) ``since`` seconds after a blink began."""
    if since < 0.0 or since >= BLINK_CLOSE + BLINK_OPEN:
        return 0.0
    if since < BLINK_CLOSE:
        return math.sin(0.5 * math.pi * since / BLINK_CLOSE)
    return 0.5 + 0.5 * math.cos(math.pi * (since - BLINK_CLOSE) / BLINK_OPEN)


class FaceAnimator:
    """
    The living face: springs from pose to pose, blinks, glances and talks.

    ``blink_interval`` is the mean time between blinks (0 disables them); ``idle_gaze`` the
    size of the small idle glances (0 disables them); ``seed`` makes the randomness
    reproducible. Call :meth:`set_target` whenever the behaviour asks for a new face,
    :meth:`set_speaking` when the robot starts or stops talking, and :meth:`step` once per
    frame with the current time to get the pose to draw.
    """

    GAZE_TIME = 0.12
    """Seconds a glance takes (eyes move fast: saccades last 20-200 ms)."""
    TALK_TIME = 0.08
    """Seconds the mouth takes to reach each syllable's opening."""

    def __init__(self, now: float, target: FaceTarget | None = None, *,
                 blink_interval: float = 4.0, idle_gaze: float = 0.0,
                 seed: int | None = None) -> None:
        if not 0.0 <= blink_interval <= 60.0:
            raise ValueError(f'blink_interval must be in [0, 60] s, got {blink_interval!r}')
        if not 0.0 <= idle_gaze <= 1.0:
            raise ValueError(f'idle_gaze must be in [0, 1], got {idle_gaze!r}')
        self._rng = random.Random(seed)
        self.blink_interval = blink_interval
        self.idle_gaze = idle_gaze
        self.target = target or FaceTarget()
        self._goal = target_pose(self.target).to_array()
        self._pos = self._goal.copy()
        self._vel = np.zeros_like(self._pos)
        self._omega = settle_omega(self.target.transition)
        self._gaze_index = np.array([POSE_FIELDS.index('gaze_x'), POSE_FIELDS.index('gaze_y')])
        self._now = now
        self._blink_start = -math.inf
        self._next_blink = now + self._blink_gap()
        self._idle_offset = np.zeros(2)
        self._next_glance = now + self._rng.uniform(1.0, 3.0)
        self.speaking = False
        self._talk_level = 0.0
        self._talk_vel = 0.0
        self._syllable_goal = 0.0
        self._next_syllable = now

    def _blink_gap(self) -> float:
        if self.blink_interval <= 0.0:
            return math.inf
        # People blink every 2-10 s; a gamma-like spread looks natural, never too regular.
        return self.blink_interval * self._rng.uniform(0.5, 1.5)

    def set_target(self, target: FaceTarget, now: float) -> None:
        """Start moving towards ``target``; it settles within ``target.transition`` s."""
        self.step(now)
        big_change = target.expression is not self.target.expression
        self.target = target
        self._goal = target_pose(target).to_array()
        if target.transition <= 0.0:
            self._pos, self._vel = self._goal.copy(), np.zeros_like(self._goal)
        else:
            self._omega = settle_omega(target.transition)
        if big_change and self.blink_interval > 0.0 and self._rng.random() < 0.5:
            self.blink(now)  # people often blink as their expression changes

    def set_speaking(self, speaking: bool, now: float) -> None:
        """Tell the face whether the robot is speaking (the mouth moves while it is)."""
        self.step(now)
        if speaking and not self.speaking:
            self._next_syllable = now
        self.speaking = speaking

    def blink(self, now: float) -> None:
        """Blink now (and schedule the next one)."""
        self._blink_start = now
        self._next_blink = now + max(self._blink_gap(), BLINK_CLOSE + BLINK_OPEN)

    def blink_closure(self, now: float) -> float:
        """How closed the eyes are at ``now`` because of blinking (0 open .. 1 shut)."""
        return blink_closure(now - self._blink_start)

    def step(self, now: float) -> FacePose:
        """Advance to ``now`` (seconds, monotonic) and return the pose to draw."""
        dt = min(max(now - self._now, 0.0), 1.0)
        self._now = max(now, self._now)
        if dt > 0.0:
            goal = self._goal.copy()
            goal[self._gaze_index] += self._idle_offset
            gaze_pos, gaze_vel = damp_step(
                self._pos[self._gaze_index], self._vel[self._gaze_index],
                goal[self._gaze_index], settle_omega(self.GAZE_TIME), dt)
            self._pos, self._vel = damp_step(self._pos, self._vel, goal, self._omega, dt)
            self._pos[self._gaze_index], self._vel[self._gaze_index] = gaze_pos, gaze_vel
            self._advance_talk(now, dt)
        if now >= self._next_blink:
            self.blink(now)
        if self.idle_gaze > 0.0 and now >= self._next_glance:
            # Look somewhere near the target, then back; eyes never rest perfectly still.
            if self._rng.random() < 0.4:
                self._idle_offset = np.zeros(2)
            else:
                self._idle_offset = np.array([self._rng.uniform(-1, 1),
                                              self._rng.uniform(-0.6, 0.6)]) * self.idle_gaze
            self._next_glance = now + self._rng.uniform(0.8, 3.5)
        return self._current_pose(now)

    def _advance_talk(self, now: float, dt: float) -> None:
        if self.speaking and now >= self._next_syllable:
            # Syllables come at 4-6 per second, each opening the jaw a different amount.
            self._syllable_goal = (self._rng.uniform(0.4, 1.0)
                                   if self._syllable_goal < 0.2 else self._rng.uniform(0, 0.15))
            self._next_syllable = now + self._rng.uniform(0.07, 0.13)
        goal = self._syllable_goal if self.speaking else 0.0
        level, vel = damp_step(np.array([self._talk_level]), np.array([self._talk_vel]),
                               np.array([goal]), settle_omega(self.TALK_TIME), dt)
        self._talk_level = float(np.clip(level[0], 0.0, 1.0))
        self._talk_vel = float(vel[0])

    def _current_pose(self, now: float) -> FacePose:
        pose = FacePose.from_array(self._pos)
        closure = self.blink_closure(now)
        talk = self._talk_level
        if closure <= 0.0 and talk <= 0.0:
            return pose
        return replace(
            pose,
            eye_open=pose.eye_open * (1.0 - closure),
            mouth_open=min(1.0, pose.mouth_open + 0.7 * talk * (1.0 - pose.mouth_open)),
            mouth_width=max(0.3, pose.mouth_width * (1.0 - 0.12 * talk)),
        )
