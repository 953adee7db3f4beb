# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
People in the robot's frame, and the robot's own motion since it last saw them.

A person's position is a distance and a bearing (radians, + left, REP-103) in the robot's base
frame, measured at some time. When the robot moves after that, the old numbers are wrong: a
person 1.5 m ahead is 1.2 m ahead after the robot drove 0.3 m. :class:`EgoMotion` integrates
the robot's own velocity (commanded, or odometry) into a pose history, and :func:`relocate`
moves an old sighting into the robot's frame now. Without a motion history that covers the
interval, nothing is assumed: the caller reports the distance as unknown.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
import math

from .params import FusionParams


@dataclass(frozen=True)
class Pose2D:
    """The robot's pose in its own odometry frame: x, y (m) and heading theta (rad)."""

    x: float = 0.0
    y: float = 0.0
    theta: float = 0.0


@dataclass(frozen=True)
class Placement:
    """Where a person is relative to the robot: distance (m), bearing (rad, + left)."""

    distance: float
    bearing: float

    @property
    def known(self) -> bool:
        """Whether both numbers are finite."""
        return math.isfinite(self.distance) and math.isfinite(self.bearing)

    @property
    def xy(self) -> tuple[float, float]:
        """Return the position in the robot frame (x forward, y left)."""
        return (self.distance * math.cos(self.bearing), self.distance * math.sin(self.bearing))


UNKNOWN_PLACEMENT = Placement(math.nan, math.nan)


def integrate(pose: Pose2D, linear: float, angular: float, dt: float) -> Pose2D:
    """Return ``pose`` after moving at ``linear`` m/s and ``angular`` rad/s for ``dt`` s."""
    if dt <= 0.0:
        return pose
    if abs(angular) < 1e-9:
        return Pose2D(pose.x + linear * dt * math.cos(pose.theta),
                      pose.y + linear * dt * math.sin(pose.theta), pose.theta)
    theta = pose.theta + angular * dt
    radius = linear / angular
    return Pose2D(pose.x + radius * (math.sin(theta) - math.sin(pose.theta)),
                  pose.y - radius * (math.cos(theta) - math.cos(pose.theta)), theta)


def relocate(seen: Placement, then: Pose2D, now: Pose2D) -> Placement:
    """Return where a person ``seen`` from pose ``then`` is from pose ``now`` (if they stood)."""
    if not seen.known:
        return UNKNOWN_PLACEMENT
    sx, sy = seen.xy
    c, s = math.cos(then.theta), math.sin(then.theta)
    wx, wy = then.x + c * sx - s * sy, then.y + s * sx + c * sy
    dx, dy = wx - now.x, wy - now.y
    c, s = math.cos(now.theta), math.sin(now.theta)
    rx, ry = c * dx + s * dy, -s * dx + c * dy
    return Placement(math.hypot(rx, ry), math.atan2(ry, rx))


class EgoMotion:
    """
    The robot's pose over time, from its velocity commands or odometry.

    :meth:`add_velocity` records a (piecewise constant) velocity from a time on;
    :meth:`add_pose` records an odometry pose. :meth:`pose_at` answers only inside the
    recorded history: before the first record, or more than ``hold`` seconds after a moving
    velocity record (the base may have stopped, or not), it returns None.
    """

    def __init__(self, history: float = 5.0, hold: float = 0.5) -> None:
        self.history = history
        self.hold = hold
        self._records: deque[tuple[float, Pose2D, float, float]] = deque()

    def add_velocity(self, linear: float, angular: float, now: float) -> None:
        """Record that the robot moves at ``linear``, ``angular`` from ``now`` on."""
        if not (math.isfinite(linear) and math.isfinite(angular) and math.isfinite(now)):
            return
        pose = self.pose_at(now) if self._records else Pose2D()
        if pose is None:
            pose = self._records[-1][1]
        self._trim(now)
        self._records.append((now, pose, linear, angular))

    def add_pose(self, pose: Pose2D, now: float, linear: float = 0.0,
                 angular: float = 0.0) -> None:
        """Record an odometry pose (and the velocity it reports) at ``now``."""
        self._trim(now)
        self._records.append((now, pose, linear, angular))

    def _trim(self, now: float) -> None:
        if self._records and now < self._records[-1][0]:
            self._records.clear()  # time went backwards (a restarted clock): start again
        while len(self._records) > 1 and now - self._records[1][0] > self.history:
            self._records.popleft()

    def pose_at(self, t: float) -> Pose2D | None:
        """Return the pose at ``t``, or None when the history does not cover ``t``."""
        if not self._records or t < self._records[0][0]:
            return None
        for start, pose, linear, angular in reversed(self._records):
            if t >= start:
                moving = linear != 0.0 or angular != 0.0
                if moving and t - start > self.hold and start == self._records[-1][0]:
                    return None
                return integrate(pose, linear, angular, t - start)
        return None


def face_distance(box_width: float, image_width: int, params: FusionParams) -> float:
    """Distance in metres of a face ``box_width`` pixels wide (pinhole model)."""
    if box_width <= 0.0 or image_width <= 0:
        return math.nan
    return params.focal_scale * image_width * params.face_width / box_width


def face_bearing(center_x: float, image_width: int, params: FusionParams) -> float:
    """Bearing in radians (+ is left of the camera axis, REP-103) of image column center_x."""
    if image_width <= 0:
        return math.nan
    focal = params.focal_scale * image_width
    return -math.atan((center_x - image_width / 2.0) / focal)
