# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The robot's face in motion: springs toward the target pose, blinks, glances, talking.

:class:`FaceAnimator` makes the face alive: every pose number follows its target as a
critically damped spring (no overshoot, no jump, whatever the frame rate), the eyes blink at
random intervals, they make small idle glances, and the mouth moves in a syllable rhythm while
the robot speaks. It is driven by the caller's clock (``step(now)``), so it is deterministic
under test. What it animates toward is a :class:`~.pose.FacePose` (see :mod:`.pose`).
"""

from __future__ import annotations

from dataclasses import replace
import math
import random

import numpy as np
import numpy.typing as npt

from .pose import FacePose, FaceTarget, POSE_FIELDS, target_pose


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
