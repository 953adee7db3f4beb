# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Comfort: sustained sadness or fear.

Calm words, a soft face, and a slow glide up to the personal-space boundary; a person who
is far away is approached first.
"""

from __future__ import annotations

import math

import py_trees
from py_trees.common import Status

from .greet import introduce
from .. import keys
from ..act import Act, ActionCommand, guarded, SocialBehaviour
from ...core.decision.actions import ActionKind, Style
from ...core.decision.memory import InteractionMemory
from ...core.decision.motion import approach_speed
from ...core.decision.params import SocialParams
from ...core.decision.situation import Candidate, PersonView, Situation
from ...core.decision.triggers import emotional_intervention
from ...core.decision.utterances import pick, speaking_time

WORDS = (
    "I'm here with you. Take all the time you need.",
    "That looks hard. I'm here if you want to talk.",
    "I'm sorry you're having a tough time. I'm right here.",
)
STYLE = Style.CALM


def _distress(view: PersonView) -> float:
    return view.distress_for


def trigger(s: Situation, memory: InteractionMemory, p: SocialParams) -> Candidate | None:
    """Return the comfort candidate: the longest sadness or fear past ``comfort_after``."""
    return emotional_intervention(
        ActionKind.COMFORT, s, memory, duration=_distress, after=p.comfort_after,
        cooldown=p.comfort_cooldown, verb='comfort',
        feeling=lambda v: 'scared' if v.scared_for >= v.sad_for else 'sad')


class Comfort(SocialBehaviour):
    """
    Sustained sadness or fear: calm words, a soft face, and a slow glide closer.

    When the person is beyond talking distance (``interaction_distance``) the robot first
    approaches (action ``approach``, timing out after ``approach_timeout``). Then it speaks
    and, while comforting, glides up to the personal-space boundary (never closer). A
    negative reaction while moving closer FAILS the action (the tree then gives space).
    Comforting SUCCEEDS when the person no longer looks sad or scared, or after
    ``comfort_duration``; it FAILS when the person leaves.
    """

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.COMFORT, 'Comfort', namespace)
        self.phase = 'comfort'
        self.phase_start = 0.0
        self.variant = 0

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Count the intervention, choose the words, approach first if far."""
        person = self.person(situation)
        memory = self.memory
        memory.limiter.record(situation.now)
        self.variant = memory.learner.choose('comfort', len(WORDS))
        self.phase, self.phase_start = 'comfort', situation.now
        if person is None:
            return
        if person.affect_known:
            memory.learner.begin('comfort', self.variant, person.person_id)
            memory.approach = (person.person_id, person.affect.valence, situation.now)
        self.evidence += (f'personal_space={self.params.personal_space:.2f}',)
        if math.isfinite(person.distance) and person.distance > (
                self.params.interaction_distance):
            self.phase = 'approach'
        else:
            self._begin_comfort(situation)

    def _begin_comfort(self, situation: Situation) -> None:
        self.phase, self.phase_start = 'comfort', situation.now
        self.say(pick(WORDS, STYLE, self.variant))

    def terminate(self, new_status: Status) -> None:
        """Stop watching for reactions to the approach, then note the end."""
        memory = self.memory
        if memory.approach is not None and memory.approach[0] == self.target:
            memory.approach = None
        super().terminate(new_status)

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Approach if far, then comfort while gliding to the personal-space boundary."""
        person = self.person(situation)
        if person is None or not person.present:
            self.feedback_message = f'{self.target} left'
            return Status.FAILURE, None
        reaction = self.memory.reactions.get(self.target)
        if reaction is not None and reaction[0] >= self.started:
            self.feedback_message = f'negative reaction: {reaction[1]}'
            return Status.FAILURE, None
        speed = approach_speed(person.distance, self.params.personal_space, self.limits)
        if self.phase == 'approach':
            far = person.distance > self.params.interaction_distance
            timed_out = situation.now - self.phase_start >= self.params.approach_timeout
            if far and not timed_out:
                why = self.reason.split(': ', 1)[-1]
                return Status.RUNNING, self.command(
                    ActionKind.APPROACH, linear=speed,
                    reason=f'approach {self.target} to comfort: {why}')
            self._begin_comfort(situation)
        in_phase = situation.now - self.phase_start
        if speed == 0.0 and self.memory.approach is not None and (
                self.memory.approach[0] == self.target):
            self.memory.approach = None  # arrived: no longer an approach to react to
        if self.speech_done(situation, in_phase):
            if person.distress_for == 0.0:
                self.feedback_message = f'{self.target} feels better'
                return Status.SUCCESS, self.command()
            said = speaking_time(self._speech) if self._speech is not None else 0.0
            if in_phase >= self.params.comfort_duration + said:
                return Status.SUCCESS, self.command()
        return Status.RUNNING, self.command(linear=speed)


def branch(params: SocialParams, namespace: str) -> py_trees.behaviour.Behaviour:
    """Comforting: sad or scared? then disclose if needed, then comfort."""
    return guarded('Comforting', ActionKind.COMFORT, 'Sad or scared?', namespace,
                   introduce(params, ActionKind.COMFORT, namespace),
                   Comfort(params, namespace))


ACT = Act(ActionKind.COMFORT, branch, trigger, WORDS)
