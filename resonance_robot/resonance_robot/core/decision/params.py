# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The social parameters: when the robot acts, how long, how close, how fast.

:data:`SOCIAL_PARAMS` lists them (name, default, description, range) for the node, the YAML
and the README; :class:`SocialParams` holds a validated set for the tree and its acts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import ConfigError
from ..ethics import (
    DEFAULT_DISCLOSURE, deployment_guard, DEPLOYMENT_PARAMS, disclosure_problem, GuardDecision)
from ..params import ParamSpec, ParamValue, resolve

SOCIAL_PARAMS: tuple[ParamSpec, ...] = DEPLOYMENT_PARAMS + (
    # -- ethics (the deployment context is the stack's one shared setting, core/ethics/guard.py)
    ParamSpec('disclosure', DEFAULT_DISCLOSURE, 'Said at the first interaction with each '
              'person (EU AI Act Art. 50(3)); empty disables it (not advised).'),
    ParamSpec('max_interventions', 3, 'Emotional interventions (comfort, share joy) allowed '
              'per intervention_window.', minimum=0, maximum=100),
    ParamSpec('intervention_window', 300.0, 'Seconds of the intervention rate limit.',
              minimum=1.0, maximum=86400.0),
    ParamSpec('learning_consent', False, 'Consent was given to learn which responses helped '
              '(aggregates only); without it nothing is stored.'),
    ParamSpec('learning_file', '', 'SQLite file for the learned aggregates (kept across '
              'interactions); empty keeps them for this session only. Used only with '
              'learning_consent.'),
    ParamSpec('outcome_delay', 10.0, 'Seconds after an act ENDS over which its effect on '
              'valence is measured (against the drift seen when the robot does nothing).',
              minimum=1.0, maximum=600.0),
    # -- reading the person
    ParamSpec('min_confidence', 0.3, 'Affect less confident than this is not acted on.',
              minimum=0.0, maximum=1.0),
    ParamSpec('sad_valence', -0.35, 'Valence (relative to baseline) at or below which a '
              'person reads as sad.', minimum=-1.0, maximum=0.0),
    ParamSpec('joy_valence', 0.35, 'Valence at or above which a person reads as happy.',
              minimum=0.0, maximum=1.0),
    ParamSpec('anger_valence', -0.3, 'Valence at or below which, with high arousal, a person '
              'reads as angry.', minimum=-1.0, maximum=0.0),
    ParamSpec('anger_arousal', 0.35, 'Arousal at or above which, with low valence, a person '
              'reads as angry.', minimum=-1.0, maximum=1.0),
    ParamSpec('release_time', 1.5, 'Seconds a state must be gone before it ends '
              '(hysteresis).', minimum=0.0, maximum=60.0),
    ParamSpec('input_timeout', 1.0, 'Persons older than this (seconds) are treated as stale.',
              minimum=0.05, maximum=60.0),
    # -- when to act
    ParamSpec('comfort_after', 4.0, 'Seconds of sadness or fear before comforting.',
              minimum=0.0, maximum=600.0),
    ParamSpec('joy_after', 1.5, 'Seconds of happiness before sharing joy.',
              minimum=0.0, maximum=600.0),
    ParamSpec('give_space_after', 1.0, 'Seconds of anger before giving space.',
              minimum=0.0, maximum=600.0),
    ParamSpec('hand_over_after', 15.0, 'Seconds of anger before handing over to a human.',
              minimum=0.0, maximum=3600.0),
    ParamSpec('greet_window', 30.0, 'A person seen for less than this (seconds) is new.',
              minimum=0.0, maximum=3600.0),
    ParamSpec('greet_after', 0.5, 'Seconds a person must be in view before the robot greets '
              'them (a face glimpsed for a moment is not greeted).', minimum=0.0,
              maximum=60.0),
    ParamSpec('command_window', 5.0, 'Seconds a spoken command or distress phrase stays '
              'actionable.', minimum=0.1, maximum=120.0),
    ParamSpec('interaction_distance', 3.6, 'Greet and disclose only within this distance, '
              'metres (Hall: end of the social zone).', minimum=0.5, maximum=20.0),
    # -- reading between the lines (sarcasm, frustration, pauses)
    ParamSpec('sarcasm_threshold', 0.5, 'Probability of sarcasm at which the robot '
              'acknowledges it (and never shares joy).', minimum=0.0, maximum=1.0),
    ParamSpec('acknowledge_frustration', 0.35, 'Frustration at which the robot acknowledges '
              'it.', minimum=0.0, maximum=1.0),
    ParamSpec('hand_over_frustration', 0.35, 'Frustration at which the robot asks whether '
              'the person wants a human, when it rises again after being acknowledged.',
              minimum=0.0, maximum=1.0),
    ParamSpec('acknowledge_cooldown', 20.0, 'Seconds between acknowledgements of the same '
              "person's frustration.", minimum=0.0, maximum=3600.0),
    ParamSpec('paced_frustration', 0.3, 'Frustration from which the robot speaks slower and '
              'less (calm style, first sentence only).', minimum=0.0, maximum=1.0),
    ParamSpec('slow_pause', 2.0, 'Typical pause between utterances (seconds) from which the '
              'robot speaks slower and less to that person.', minimum=0.1, maximum=60.0),
    ParamSpec('repeat_window', 600.0, 'Seconds during which the robot does not say the same '
              'sentence to the same person again (urgent speech excepted).', minimum=0.0,
              maximum=86400.0),
    # -- how long actions last, cooldowns
    ParamSpec('comfort_duration', 10.0, 'Seconds of comforting presence after speaking.',
              minimum=0.0, maximum=600.0),
    ParamSpec('comfort_cooldown', 60.0, 'Seconds after comforting a person before '
              'comforting them again.', minimum=0.0, maximum=86400.0),
    ParamSpec('share_joy_duration', 3.0, 'Seconds of sharing joy after speaking.',
              minimum=0.0, maximum=600.0),
    ParamSpec('share_joy_cooldown', 60.0, 'Seconds after sharing joy with a person before '
              'doing it again.', minimum=0.0, maximum=86400.0),
    ParamSpec('give_space_timeout', 30.0, 'Longest time spent giving space, seconds.',
              minimum=0.5, maximum=3600.0),
    ParamSpec('give_space_cooldown', 10.0, 'Seconds after giving space before doing it again.',
              minimum=0.0, maximum=86400.0),
    ParamSpec('withdraw_duration', 5.0, 'Seconds spent withdrawing.', minimum=0.5,
              maximum=600.0),
    ParamSpec('leave_alone_time', 300.0, 'Seconds a person who asked to be left alone is not '
              'approached, greeted or addressed.', minimum=0.0, maximum=86400.0),
    ParamSpec('hand_over_duration', 10.0, 'Seconds the hand-over action lasts.', minimum=0.5,
              maximum=3600.0),
    ParamSpec('hand_over_cooldown', 120.0, 'Seconds before handing the same person over '
              'again.', minimum=0.0, maximum=86400.0),
    ParamSpec('stop_hold', 3.0, "Seconds motion stays halted after a spoken 'stop'.",
              minimum=0.0, maximum=600.0),
    ParamSpec('speech_timeout', 20.0, 'Longest wait for the robot to finish speaking, '
              'seconds.', minimum=0.5, maximum=600.0),
    ParamSpec('approach_timeout', 10.0, 'Seconds after which an approach gives up.',
              minimum=0.5, maximum=600.0),
    ParamSpec('reaction_drop', 0.3, 'Valence fall during an approach that counts as a '
              'negative reaction.', minimum=0.05, maximum=2.0),
    ParamSpec('reaction_memory', 10.0, 'Seconds a negative reaction keeps the robot away.',
              minimum=0.0, maximum=600.0),
    # -- motion
    ParamSpec('personal_space', 1.2, 'Personal-space boundary, metres (Hall 1966); the robot '
              'never drives closer.', minimum=0.3, maximum=5.0),
    ParamSpec('give_space_distance', 2.0, 'Distance to back off to when giving space, metres.',
              minimum=0.5, maximum=10.0),
    ParamSpec('withdraw_distance', 3.0, 'Distance to back off to when withdrawing, metres.',
              minimum=0.5, maximum=20.0),
    ParamSpec('max_forward_speed', 0.25, 'Largest forward speed, m/s.', minimum=0.0,
              maximum=2.0),
    ParamSpec('max_reverse_speed', 0.15, 'Largest backward speed, m/s.', minimum=0.0,
              maximum=1.0),
    ParamSpec('max_acceleration', 0.5, 'Largest speed-up per second, m/s².', minimum=0.01,
              maximum=10.0),
    ParamSpec('approach_gain', 0.6, 'Approach speed per metre of remaining gap, 1/s.',
              minimum=0.01, maximum=10.0),
    # -- the robot's own affect
    ParamSpec('affect_time_constant', 1.2, 'Seconds the robot affect takes to follow its '
              'target (critically damped).', minimum=0.05, maximum=60.0),
    ParamSpec('affect_max_rate', 0.8, 'Largest change of robot valence or arousal per second.',
              minimum=0.01, maximum=10.0),
)
"""Parameters of the social behaviour (the tree), with defaults, ranges and descriptions."""


@dataclass(frozen=True)
class SocialParams:
    """Validated social parameters; build with :meth:`from_values` (see SOCIAL_PARAMS)."""

    deployment_context: str
    inference_purpose: str
    disclosure: str
    max_interventions: int
    intervention_window: float
    learning_consent: bool
    learning_file: str
    outcome_delay: float
    min_confidence: float
    sad_valence: float
    joy_valence: float
    anger_valence: float
    anger_arousal: float
    release_time: float
    input_timeout: float
    comfort_after: float
    joy_after: float
    give_space_after: float
    hand_over_after: float
    greet_window: float
    greet_after: float
    command_window: float
    interaction_distance: float
    comfort_duration: float
    comfort_cooldown: float
    share_joy_duration: float
    share_joy_cooldown: float
    give_space_timeout: float
    give_space_cooldown: float
    withdraw_duration: float
    leave_alone_time: float
    hand_over_duration: float
    hand_over_cooldown: float
    stop_hold: float
    speech_timeout: float
    approach_timeout: float
    reaction_drop: float
    reaction_memory: float
    sarcasm_threshold: float
    acknowledge_frustration: float
    hand_over_frustration: float
    acknowledge_cooldown: float
    paced_frustration: float
    slow_pause: float
    repeat_window: float
    personal_space: float
    give_space_distance: float
    withdraw_distance: float
    max_forward_speed: float
    max_reverse_speed: float
    max_acceleration: float
    approach_gain: float
    affect_time_constant: float
    affect_max_rate: float

    def __post_init__(self) -> None:
        """Check what one parameter alone cannot: texts and relations."""
        found = disclosure_problem(self.disclosure)
        if found:
            raise ConfigError(f'disclosure: must inform, not persuade (found {found!r})')
        if self.give_space_distance < self.personal_space:
            raise ConfigError('give_space_distance must not be inside personal_space')

    @classmethod
    def from_values(cls, values: Mapping[str, object] | None = None) -> SocialParams:
        """
        Return parameters from ``values`` over the defaults; ConfigError names a bad one.

        Keys that are not social parameters (a node's own, such as ``tick_rate``) are ignored.
        """
        names = {spec.name for spec in SOCIAL_PARAMS}
        known = {k: v for k, v in dict(values or {}).items() if k in names}
        resolved: dict[str, ParamValue] = resolve(SOCIAL_PARAMS, known)
        return cls(**resolved)  # type: ignore[arg-type]

    @property
    def guard(self) -> GuardDecision:
        """Return the deployment guard's decision for these parameters."""
        return deployment_guard(self.deployment_context, self.inference_purpose)
