# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Base motion for social actions: the speeds the acts ask for.

Actions ask for a forward speed (:func:`approach_speed`, :func:`retreat_speed`); what the robot
is then commanded is decided by the safety layer (:mod:`..safety.layer`, over every person,
with the scan and the robot's speech), the last step before ``cmd_vel``.
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
    approach_gain: float = 0.6

    def __post_init__(self) -> None:
        """Reject negative limits."""
        for name in ('max_forward', 'max_reverse', 'max_accel', 'personal_space',
                     'approach_gain'):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0.0):
                raise ValueError(f'{name} must be a non-negative number, got {value!r}')


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
