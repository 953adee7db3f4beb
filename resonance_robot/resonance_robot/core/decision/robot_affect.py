# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The robot's own affect: a resonance policy sets a target, smooth dynamics follow it.

Resonance, not mirroring (:func:`resonance_target`):

* positive affect is shared: the robot's valence follows the person's, a little less aroused;
* sadness and fear get calm warmth: slightly positive valence, low arousal. The robot never
  goes below :data:`VALENCE_FLOOR`, so it never mirrors despair;
* anger gets de-escalation: neutral valence, low arousal, and (in the tree) space;
* the action colours the target too (greeting is brighter, halting is neutral).

:class:`AffectDynamics` moves the robot's (valence, arousal) toward the target as a critically
damped spring with a speed limit, so the face never jumps: each step changes a value by at
most ``max_rate × dt``. :func:`robot_expression` names the face to draw.
"""

from __future__ import annotations

from dataclasses import dataclass
import math

from .actions import ActionKind
from ..affect import Affect, clamp, Expression

VALENCE_FLOOR = -0.1
"""The robot's valence never goes lower: concern, not despair."""

_JOY = frozenset({Expression.HAPPY, Expression.EXCITED})
_DISTRESS = frozenset({Expression.SAD, Expression.SCARED, Expression.TIRED})
_ANGER = frozenset({Expression.ANGRY, Expression.DISGUSTED})

_ACTION_TARGETS: dict[str, tuple[float, float]] = {
    ActionKind.IDLE: (0.0, -0.2),
    ActionKind.HALT: (0.0, -0.1),
    ActionKind.PRIVACY: (0.0, -0.2),
    ActionKind.DISCLOSE: (0.25, 0.0),
    ActionKind.GREET: (0.5, 0.25),
    ActionKind.APPROACH: (0.25, -0.3),
    ActionKind.COMFORT: (0.3, -0.4),
    ActionKind.GIVE_SPACE: (0.0, -0.5),
    ActionKind.WITHDRAW: (0.0, -0.4),
    ActionKind.HAND_OVER: (0.0, -0.2),
}


@dataclass(frozen=True)
class RobotAffect:
    """The robot's valence and arousal, [-1, 1], and how fast they are changing (per s)."""

    valence: float = 0.0
    arousal: float = -0.2
    valence_rate: float = 0.0
    arousal_rate: float = 0.0


def resonance_target(action: str, person: Affect | None) -> tuple[float, float]:
    """
    Return the (valence, arousal) the robot should move toward for ``action`` and ``person``.

    ``person`` is the target person's fused affect (None or unknown when there is none).
    """
    if action in _ACTION_TARGETS:
        valence, arousal = _ACTION_TARGETS[action]
        if action == ActionKind.GREET and person is not None and person.is_known and (
                person.valence < -0.2):
            valence, arousal = 0.2, -0.2  # a soft hello for someone who looks upset
        return valence, arousal
    if person is None or not person.is_known:
        return (0.1, 0.0) if action == ActionKind.ATTEND else (0.0, -0.2)
    if action == ActionKind.SHARE_JOY or (person.expression in _JOY and person.valence > 0.1):
        return (clamp(max(0.4, 0.9 * person.valence), -1.0, 1.0),
                clamp(0.8 * person.arousal, -0.2, 0.7))
    if person.expression in _ANGER:
        return 0.0, -0.5
    if person.expression in _DISTRESS or person.valence < -0.2:
        return 0.25, -0.35
    return 0.15 + 0.3 * max(0.0, person.valence), 0.5 * clamp(person.arousal, -0.4, 0.4)


class AffectDynamics:
    """
    Critically damped second-order motion of (valence, arousal) toward a target.

    ``time_constant`` is the spring's (about 63 % of a step covered after it, ~95 % after
    three); ``max_rate`` caps the speed in units per second.
    """

    def __init__(self, time_constant: float = 1.2, max_rate: float = 0.8,
                 state: RobotAffect | None = None) -> None:
        if time_constant <= 0.0 or max_rate <= 0.0:
            raise ValueError('time_constant and max_rate must be positive')
        self.time_constant = time_constant
        self.max_rate = max_rate
        self.state = state or RobotAffect()

    def step(self, target: tuple[float, float], dt: float) -> RobotAffect:
        """Advance by ``dt`` seconds toward ``target``; return the new state."""
        if not math.isfinite(dt) or dt <= 0.0:
            return self.state
        omega = 1.0 / self.time_constant
        low = (VALENCE_FLOOR, -1.0)
        s = self.state
        values = []
        # Sub-steps keep the integration stable when a tick is long compared to the spring.
        steps = max(1, math.ceil(dt / (0.25 * self.time_constant)))
        h = dt / steps
        for x, v, goal, floor in ((s.valence, s.valence_rate, target[0], low[0]),
                                  (s.arousal, s.arousal_rate, target[1], low[1])):
            goal = clamp(goal, floor, 1.0)
            for _ in range(steps):
                accel = omega * omega * (goal - x) - 2.0 * omega * v
                v = clamp(v + accel * h, -self.max_rate, self.max_rate)
                x = clamp(x + v * h, floor, 1.0)
            values.append((x, v))
        self.state = RobotAffect(values[0][0], values[1][0], values[0][1], values[1][1])
        return self.state


def robot_expression(state: RobotAffect) -> Expression:
    """Name the expression the face should show for the robot's affect (never a negative one)."""
    if state.valence >= 0.45 and state.arousal >= 0.45:
        return Expression.EXCITED
    if state.valence >= 0.25:
        return Expression.HAPPY
    return Expression.NEUTRAL


@dataclass(frozen=True)
class FaceCommand:
    """
    What the face should show: expression, the robot's valence/arousal, gaze, transition.

    Gaze is in [-1, 1] (x + right, y + up, robot's view); ``transition`` is the seconds the
    face takes to get there (0 = display default).
    """

    expression: Expression
    valence: float
    arousal: float
    gaze_x: float = 0.0
    gaze_y: float = 0.0
    transition: float = 0.0


def face_command(state: RobotAffect, gaze: tuple[float, float] = (0.0, 0.0),
                 transition: float = 0.0) -> FaceCommand:
    """Return the face command for the robot's affect ``state``."""
    return FaceCommand(robot_expression(state), clamp(state.valence, -1.0, 1.0),
                       clamp(state.arousal, -1.0, 1.0), clamp(gaze[0], -1.0, 1.0),
                       clamp(gaze[1], -1.0, 1.0), max(0.0, transition))
