# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Geometry of the path ahead: how far the robot may drive before it comes too close.

The robot drives straight along its x axis (forward, or backward with the sign flipped). A
point at ``(x, y)`` in the robot frame with a keep-out radius ``r`` around it blocks the path
when the centre line passes within ``r`` of it: the free travel is ``x - sqrt(r² - y²)``
(never negative), infinite when the point is beside (``|y| >= r``) or behind the path. People
and scan points use ``r = robot_radius + personal_space + safety_margin``. A speed is then
safe when the robot can stop within the free travel: ``v·T + v²/(2a) <= room`` (one
control period ``T`` of latency, then braking at ``a``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import math


def free_travel(x: float, y: float, keep_out: float) -> float:
    """Metres the robot can drive along +x before the point comes within ``keep_out``."""
    if not (math.isfinite(x) and math.isfinite(y)):
        return 0.0
    if abs(y) >= keep_out or x <= 0.0:
        return math.inf
    return max(0.0, x - math.sqrt(keep_out * keep_out - y * y))


def stoppable_speed(room: float, deceleration: float, period: float) -> float:
    """Largest speed ``v`` with ``v·period + v²/(2·deceleration) <= room`` (0 when no room)."""
    if room <= 0.0:
        return 0.0
    if not math.isfinite(room):
        return math.inf
    a, t = deceleration, period
    return a * (-t + math.sqrt(t * t + 2.0 * room / a))


def stopping_distance(speed: float, deceleration: float, period: float) -> float:
    """Metres travelled at ``speed`` during one period and then braking to a stop."""
    v = abs(speed)
    return v * period + v * v / (2.0 * deceleration)


@dataclass(frozen=True)
class Scan:
    """Obstacle points from a range sensor in the robot frame (x forward, y left), at ``time``."""

    points: tuple[tuple[float, float], ...]
    time: float

    @classmethod
    def from_ranges(cls, ranges: Iterable[float], angle_min: float, angle_increment: float,
                    range_min: float, range_max: float, time: float) -> Scan:
        """Build from LaserScan-style ranges; readings outside [range_min, range_max] drop."""
        points = []
        for i, r in enumerate(ranges):
            if math.isfinite(r) and range_min <= r <= range_max:
                angle = angle_min + i * angle_increment
                points.append((r * math.cos(angle), r * math.sin(angle)))
        return cls(tuple(points), time)

    def free_travel(self, radius: float, forward: bool) -> float:
        """Metres the footprint (``radius``) can travel forward or back before a point."""
        sign = 1.0 if forward else -1.0
        return min((free_travel(sign * x, y, radius) for x, y in self.points),
                   default=math.inf)
