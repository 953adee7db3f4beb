# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
What the behaviour tree decides: an action with its target, reason, evidence and speech.

The strings equal the constants of ``resonance_robot_msgs/SocialAction`` and
``resonance_robot_msgs/Utterance``; a test keeps them in agreement.
"""

from __future__ import annotations

from dataclasses import dataclass
import enum
import math

from ..expression.voice.speech import Priority as Priority
from ..expression.voice.speech import SpeechStyle


class ActionKind(enum.StrEnum):
    """
    The built-in social actions (SocialAction constants).

    Members are strings (``ActionKind.COMFORT == 'comfort'``), so an act defined elsewhere
    can use a plain string as its kind alongside them.
    """

    IDLE = 'idle'
    DISCLOSE = 'disclose'
    GREET = 'greet'
    ATTEND = 'attend'
    APPROACH = 'approach'
    COMFORT = 'comfort'
    SHARE_JOY = 'share_joy'
    GIVE_SPACE = 'give_space'
    WITHDRAW = 'withdraw'
    HAND_OVER = 'hand_over'
    HALT = 'halt'
    PRIVACY = 'privacy'
    ACKNOWLEDGE = 'acknowledge'


EMOTIONAL_INTERVENTIONS = frozenset({ActionKind.COMFORT, ActionKind.SHARE_JOY})
"""Actions that address someone's feelings: rate-limited, never without disclosure."""


Style = SpeechStyle
"""How to speak: the voice's styles (Utterance STYLE_* constants), one vocabulary for both."""


@dataclass(frozen=True)
class Speech:
    """Something to say, in a style, at a priority."""

    text: str
    style: Style = Style.NEUTRAL
    priority: Priority = Priority.NORMAL
    interrupt: bool = False

    def __post_init__(self) -> None:
        """Reject empty text."""
        if not self.text.strip():
            raise ValueError('speech needs text')


@dataclass(frozen=True)
class ActionCommand:
    """
    The action chosen on one tick and what it asks of the robot.

    ``reason`` is a sentence citing the evidence (fixed when the action starts, so it changes
    only when the decision does); ``evidence`` the same facts as ``key=value`` strings.
    ``linear`` is the forward speed the action requests (m/s, + forward) before the safety
    limits; ``speech`` is set on the one tick where the action starts speaking.
    """

    action: str
    reason: str
    target: str = ''
    intensity: float = 0.0
    evidence: tuple[str, ...] = ()
    linear: float = 0.0
    speech: Speech | None = None

    def __post_init__(self) -> None:
        """Reject an action without a reason or with values out of range."""
        if not self.reason.strip():
            raise ValueError(f'{self.action}: every action needs a reason')
        if not 0.0 <= self.intensity <= 1.0:
            raise ValueError(f'intensity must be in [0, 1], got {self.intensity!r}')
        if not math.isfinite(self.linear):
            raise ValueError(f'linear speed must be finite, got {self.linear!r}')

    @property
    def decision(self) -> tuple[str, str, str]:
        """Return what identifies the decision: action, target, reason (publish on change)."""
        return (str(self.action), self.target, self.reason)


IDLE_COMMAND = ActionCommand(ActionKind.IDLE, 'idle: no one to attend to')
