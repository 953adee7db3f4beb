# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Range scans and velocity commands for the safety layer and fusion's ego-motion."""

from __future__ import annotations

import math

from geometry_msgs.msg import Twist
from sensor_msgs.msg import LaserScan

from ..core.errors import InvalidInput
from ..core.safety.corridor import Scan

MAX_RANGES = 100000
"""More readings than this in one scan is not a real scan: the message is dropped."""


def msg_to_scan(msg: LaserScan, received: float) -> Scan:
    """
    Convert a LaserScan (in the robot's base frame) to obstacle points, timed ``received``.

    The scan's frame is taken as the base frame (x forward, y left): mount the sensor at the
    base's centre or publish a scan already transformed. Readings outside
    [range_min, range_max] or not finite are dropped.
    """
    if len(msg.ranges) > MAX_RANGES:
        raise InvalidInput(f'{len(msg.ranges)} ranges in one scan (at most {MAX_RANGES})')
    values = (msg.angle_min, msg.angle_increment, msg.range_min, msg.range_max)
    if not all(math.isfinite(v) for v in values):
        raise InvalidInput(f'scan with non-finite geometry {values}')
    return Scan.from_ranges([float(r) for r in msg.ranges], float(msg.angle_min),
                            float(msg.angle_increment), float(msg.range_min),
                            float(msg.range_max), received)


def msg_to_velocity(msg: Twist) -> tuple[float, float]:
    """Return the forward speed (m/s) and turn rate (rad/s) of a Twist; non-finite: invalid."""
    linear, angular = float(msg.linear.x), float(msg.angular.z)
    if not (math.isfinite(linear) and math.isfinite(angular)):
        raise InvalidInput(f'velocity with a non-finite value ({linear}, {angular})')
    return linear, angular
