# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Base motion for social actions: the speeds the acts ask for.

Actions ask for a forward speed (:func:`approach_speed`, :func:`retreat_speed`); what the robot
is then commanded is decided by the safety layer (:mod:`..safety.layer`, over every person,
with the scan and the robot's speech), the last step before ``cmd_vel``.
:func:`limit_velocity` is the earlier single-target limit, no longer on the command path; it
enforces, in this order: e-stop (zero, immediately), no motion
for a person whose affect is stale or unknown (approach) or who is not present (any), the
personal-space rule (never forward when the person is at or within ``personal_space``, and
never a speed that would cross it within ``stop_time``), no forward motion when the distance
is unknown, speed limits, and an acceleration limit for speeding up (slowing down is never
limited: stopping must be immediate).
"""

from __future__ import annotations

from dataclasses import dataclass
import math


@dataclass(frozen=True)
class MotionLimits:
    """Speed limits (m/s, m/s²) and the personal-space boundary (m, Hall 1966: 1.2 m)."""

    max_forward: float = 0.25
    max_reverse: float = 0.15
    max_accel: float = 0.5
    personal_space: float = 1.2
    stop_time: float = 1.0
    approach_gain: float = 0.6

    def __post_init__(self) -> None:
        """Reject negative limits."""
        for name in ('max_forward', 'max_reverse', 'max_accel', 'personal_space',
                     'stop_time', 'approach_gain'):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0.0):
                raise ValueError(f'{name} must be a non-negative number, got {value!r}')


@dataclass(frozen=True)
class LimitedVelocity:
    """A forward speed after the limits, and which limit (if any) shaped it."""

    linear: float
    limited_by: str = ''


ARRIVED = 0.05
"""An approach within this many metres of its stop distance has arrived."""


def approach_speed(distance: float, stop_at: float, limits: MotionLimits) -> float:
    """
    Forward speed to approach a person ``distance`` m away and stop ``stop_at`` m from them.

    Proportional to the remaining gap (slowing down smoothly), never aiming inside the
    personal space, 0 once within :data:`ARRIVED` of the stop or when the distance is unknown.
    """
    if not math.isfinite(distance):
        return 0.0
    gap = distance - max(stop_at, limits.personal_space)
    return 0.0 if gap <= ARRIVED else min(limits.max_forward, limits.approach_gain * gap)


def retreat_speed(distance: float, goal: float, limits: MotionLimits) -> float:
    """Backward speed (negative) to back off to ``goal`` m; full reverse speed when unknown."""
    if math.isfinite(distance) and distance >= goal:
        return 0.0
    if not math.isfinite(distance):
        return -limits.max_reverse
    return -min(limits.max_reverse, max(0.05, limits.approach_gain * (goal - distance)))


def limit_velocity(
    requested: float, *, limits: MotionLimits, distance: float, present: bool,
    affect_known: bool, estop: bool, previous: float, dt: float,
) -> LimitedVelocity:
    """
    Apply the safety rules to a requested forward speed (m/s) toward/away from a person.

    ``distance`` is the target person's distance (NaN when unknown or no target); ``present``
    whether that person is fresh; ``affect_known`` whether their affect may drive motion;
    ``previous`` the last commanded speed and ``dt`` the time since.
    """
    if estop:
        return LimitedVelocity(0.0, 'e-stop')
    if not math.isfinite(requested) or requested == 0.0:
        return LimitedVelocity(0.0)
    if not present:
        return LimitedVelocity(0.0, 'target not present (stale)')
    speed = requested
    limited_by = ''
    if speed > 0.0:
        if not affect_known:
            return LimitedVelocity(0.0, 'affect unknown')
        if not math.isfinite(distance):
            return LimitedVelocity(0.0, 'distance unknown')
        room = distance - limits.personal_space
        if room <= 0.0:
            return LimitedVelocity(0.0, 'personal space')
        allowed = room / limits.stop_time if limits.stop_time > 0.0 else math.inf
        if speed > allowed:
            speed, limited_by = allowed, 'personal space'
        if speed > limits.max_forward:
            speed, limited_by = limits.max_forward, 'speed limit'
    elif speed < -limits.max_reverse:
        speed, limited_by = -limits.max_reverse, 'speed limit'
    if dt > 0.0 and abs(speed) > abs(previous) and (speed * previous >= 0.0):
        step = limits.max_accel * dt
        if abs(speed) - abs(previous) > step:
            speed = math.copysign(abs(previous) + step, speed)
            limited_by = limited_by or 'acceleration'
    elif dt > 0.0 and speed * previous < 0.0:
        # Reversing direction: stop first, then speed up at the acceleration limit.
        speed = math.copysign(min(abs(speed), limits.max_accel * dt), speed)
        limited_by = limited_by or 'acceleration'
    return LimitedVelocity(speed, limited_by)
