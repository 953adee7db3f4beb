# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Affect values in the circumplex model, shared by every cue and by fusion.

Valence (pleasantness) and arousal (activation) both live in [-1, 1], confidence in [0, 1],
and the discrete expression uses the vocabulary of ROS4HRI's ``hri_msgs/Expression``
(REP-155) plus ``unknown``. The same strings are constants of ``resonance_robot_msgs/Affect``;
a test keeps the two in agreement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import enum
import math


class Expression(str, enum.Enum):
    """Discrete expression names (hri_msgs/Expression strings, plus UNKNOWN)."""

    NEUTRAL = 'neutral'
    HAPPY = 'happy'
    SAD = 'sad'
    ANGRY = 'angry'
    SURPRISED = 'surprised'
    DISGUSTED = 'disgusted'
    SCARED = 'scared'
    EXCITED = 'excited'
    TIRED = 'tired'
    CONFUSED = 'confused'
    UNKNOWN = 'unknown'

    @classmethod
    def parse(cls, name: str) -> Expression:
        """Return the expression called ``name``; raise ValueError listing the valid names."""
        try:
            return cls(name.strip().lower())
        except ValueError:
            valid = ', '.join(e.value for e in cls)
            raise ValueError(f'unknown expression {name!r}; valid: {valid}') from None


def clamp(value: float, low: float, high: float) -> float:
    """
    Clamp ``value`` into [low, high]; NaN becomes the midpoint's nearest bound-safe value 0.

    NaN maps to 0 clamped into the range (the neutral value for valence and arousal), so a
    single bad number never propagates through fusion or dynamics.
    """
    if math.isnan(value):
        value = 0.0
    return max(low, min(high, value))


@dataclass(frozen=True)
class Affect:
    """
    One affect reading: expression, valence, arousal, confidence, optional class scores.

    Values are validated, not silently repaired: use :meth:`clamped` to build one from
    untrusted numbers.
    """

    expression: Expression = Expression.UNKNOWN
    valence: float = 0.0
    arousal: float = 0.0
    confidence: float = 0.0
    class_probabilities: tuple[tuple[str, float], ...] = field(default=())

    def __post_init__(self) -> None:
        """Reject values outside the documented ranges."""
        if not isinstance(self.expression, Expression):
            raise ValueError(f'expression must be an Expression, got {self.expression!r}')
        for name, low in (('valence', -1.0), ('arousal', -1.0), ('confidence', 0.0)):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and low <= value <= 1.0):
                raise ValueError(f'{name} must be in [{low:g}, 1], got {value!r}')
        for label, prob in self.class_probabilities:
            if not 0.0 <= prob <= 1.0:
                raise ValueError(f'probability of {label!r} must be in [0, 1], got {prob!r}')

    @classmethod
    def clamped(
        cls,
        expression: Expression,
        valence: float,
        arousal: float,
        confidence: float,
        class_probabilities: tuple[tuple[str, float], ...] = (),
    ) -> Affect:
        """Build an Affect from untrusted numbers, clamping into range and NaN to neutral."""
        return cls(
            expression=expression,
            valence=clamp(float(valence), -1.0, 1.0),
            arousal=clamp(float(arousal), -1.0, 1.0),
            confidence=clamp(float(confidence), 0.0, 1.0),
            class_probabilities=tuple(
                (label, clamp(float(p), 0.0, 1.0)) for label, p in class_probabilities),
        )

    @property
    def is_known(self) -> bool:
        """Whether this reading may drive behaviour (a real expression, confidence > 0)."""
        return self.expression is not Expression.UNKNOWN and self.confidence > 0.0


UNKNOWN_AFFECT = Affect()
"""The reading with no information: consumers must not act on it."""
