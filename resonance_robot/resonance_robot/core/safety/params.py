# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The safety layer's parameters (with the social parameters' speed limits and personal space)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import ConfigError
from ..params import ParamSpec, ParamValue, resolve

SAFETY_PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec('robot_radius', 0.25, "Radius of the robot's footprint, metres: clearance to a "
              'person is measured from its edge.', minimum=0.0, maximum=3.0),
    ParamSpec('safety_margin', 0.1, 'Extra metres kept beyond personal_space (perception '
              'noise, a person stepping in during one tick).', minimum=0.0, maximum=2.0),
    ParamSpec('max_geometry_age', 0.5, 'A person whose position is older than this (seconds) '
              'has no known position: no forward motion while they are tracked.',
              minimum=0.05, maximum=5.0),
    ParamSpec('max_deceleration', 1.0, 'Braking the base can be relied on for, m/s² '
              '(stopping distance v²/2a plus one control period).', minimum=0.05,
              maximum=20.0),
    ParamSpec('control_period', 0.1, 'Seconds between commands (one period of travel is '
              'added to the stopping distance).', minimum=0.0, maximum=2.0),
    ParamSpec('max_turn_rate', 0.6, 'Largest turn rate, rad/s.', minimum=0.0, maximum=5.0),
    ParamSpec('max_turn_acceleration', 1.5, 'Largest change of turn rate per second, '
              'rad/s².', minimum=0.01, maximum=50.0),
    ParamSpec('turn_gain', 1.2, 'Turn rate per radian of bearing to the target, 1/s.',
              minimum=0.0, maximum=20.0),
    ParamSpec('face_bearing', 0.35, 'Forward motion only while the target is within this '
              'bearing, radians (turn first).', minimum=0.05, maximum=3.2),
    ParamSpec('blind_forward_speed', 0.0, 'Largest forward speed without a fresh scan, m/s. '
              '0 (default): a robot without a range sensor never drives forward - its camera '
              'cannot see people beside it. Raise it only for a base with its own bumpers '
              'or guards.', minimum=0.0, maximum=1.0),
    ParamSpec('blind_reverse_speed', 0.1, 'Largest backward speed without a fresh scan, m/s.',
              minimum=0.0, maximum=1.0),
    ParamSpec('blind_reverse_distance', 0.0, 'Largest backward travel per act without a fresh '
              'scan, metres. 0 (default): a robot without a range sensor never backs up - '
              'its camera cannot see behind it.', minimum=0.0, maximum=5.0),
    ParamSpec('scan_timeout', 0.5, 'A scan older than this (seconds) is not used.',
              minimum=0.01, maximum=10.0),
    ParamSpec('move_while_speaking', False, 'Allow motion while the robot speaks (it cannot '
              "hear 'stop' then: voice_affect ignores audio while robot_speaking)."),
)
"""Parameters of :class:`SafetyParams`, with defaults, ranges and descriptions."""


@dataclass(frozen=True)
class SafetyParams:
    """Validated safety parameters plus the speed limits and personal space they enforce."""

    robot_radius: float = 0.25
    safety_margin: float = 0.1
    max_geometry_age: float = 0.5
    max_deceleration: float = 1.0
    control_period: float = 0.1
    max_turn_rate: float = 0.6
    max_turn_acceleration: float = 1.5
    turn_gain: float = 1.2
    face_bearing: float = 0.35
    blind_forward_speed: float = 0.0
    blind_reverse_speed: float = 0.1
    blind_reverse_distance: float = 0.0
    scan_timeout: float = 0.5
    move_while_speaking: bool = False
    personal_space: float = 1.2
    max_forward: float = 0.25
    max_reverse: float = 0.15
    max_accel: float = 0.5

    def __post_init__(self) -> None:
        """Reject negative or non-finite numbers."""
        for name, value in vars(self).items():
            if isinstance(value, float) and not (value >= 0.0 and value < float('inf')):
                raise ConfigError(f'{name} must be a non-negative number, got {value!r}')

    @property
    def keep_out(self) -> float:
        """Distance from the robot's centre that no person may be driven inside, metres."""
        return self.robot_radius + self.personal_space + self.safety_margin

    @classmethod
    def from_values(cls, values: Mapping[str, object] | None = None) -> SafetyParams:
        """Return parameters from ``values``: safety ones and the social motion limits."""
        given = dict(values or {})
        names = {spec.name for spec in SAFETY_PARAMS}
        resolved: dict[str, ParamValue] = resolve(
            SAFETY_PARAMS, {k: v for k, v in given.items() if k in names})
        social = {'personal_space': 'personal_space', 'max_forward_speed': 'max_forward',
                  'max_reverse_speed': 'max_reverse', 'max_acceleration': 'max_accel'}
        extra = {ours: float(given[theirs]) for theirs, ours in social.items()  # type: ignore
                 if theirs in given}
        return cls(**resolved, **extra)  # type: ignore[arg-type]
