# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Give space: anger, or a negative reaction to an approach.

Says so, backs off to ``give_space_distance`` and holds while the anger lasts.
"""

from __future__ import annotations

import math

import py_trees
from py_trees.common import Status

from .. import keys
from ..act import Act, ActionCommand, guarded, SocialBehaviour
from ...core.decision.actions import ActionKind, Style
from ...core.decision.memory import InteractionMemory
from ...core.decision.motion import retreat_speed
from ...core.decision.params import SocialParams
from ...core.decision.situation import Candidate, Situation
from ...core.decision.triggers import continuing
from ...core.decision.utterances import pick

WORDS = ("I'll give you some space.", "I'll step back a little.")
STYLE = Style.CALM


def trigger(s: Situation, memory: InteractionMemory, p: SocialParams) -> Candidate | None:
    """Return the give-space candidate: a fresh negative reaction, else the longest anger."""
    sticky = continuing(ActionKind.GIVE_SPACE, s, memory)
    if sticky is not None:
        return sticky
    best: Candidate | None = None
    longest = 0.0
    for v in s.present:
        if v.left_alone or memory.since_end(ActionKind.GIVE_SPACE, v.person_id, s.now) < (
                p.give_space_cooldown):
            continue  # already kept away from, or just given space
        reaction = memory.reactions.get(v.person_id)
        if reaction is not None and s.now - reaction[0] <= p.reaction_memory and (
                memory.reaction_handled.get(v.person_id, -math.inf) < reaction[0]):
            return Candidate(
                ActionKind.GIVE_SPACE, v.person_id,
                f'give space to {v.person_id}: negative reaction to the approach '
                f'({reaction[1]})', v.evidence() + ('reaction=negative',), 0.8)
        if v.angry_for >= p.give_space_after and v.angry_for > longest:
            longest = v.angry_for
            best = Candidate(
                ActionKind.GIVE_SPACE, v.person_id,
                f'give space to {v.person_id}: angry for {v.angry_for:.1f} s '
                f'({v.describe()})', v.evidence(), 0.7)
    return best


class GiveSpace(SocialBehaviour):
    """
    Anger or a negative reaction: say so, back off, hold at a distance while it lasts.

    SUCCESS once the person is no longer angry (after backing off), when they leave, or after
    ``give_space_timeout``.
    """

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.GIVE_SPACE, 'Give space', namespace)

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Mark the reaction handled and tell the person."""
        self.memory.reaction_handled[self.target] = situation.now
        self.say(pick(WORDS, STYLE))

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Back off, then hold until the anger is gone."""
        person = self.person(situation)
        if person is None or not person.present:
            self.feedback_message = f'{self.target} left'
            return Status.SUCCESS, self.command()
        linear = retreat_speed(person.distance, self.params.give_space_distance, self.limits)
        if elapsed >= self.params.give_space_timeout:
            return Status.SUCCESS, self.command()
        if (linear == 0.0 and person.angry_for == 0.0 and self.speech_done(situation, elapsed)
                and elapsed >= 2.0):
            return Status.SUCCESS, self.command()
        return Status.RUNNING, self.command(linear=linear)


def branch(params: SocialParams, namespace: str) -> py_trees.behaviour.Behaviour:
    """Space: anger or reaction? then give space."""
    return guarded('Space', ActionKind.GIVE_SPACE, 'Anger or reaction?', namespace,
                   GiveSpace(params, namespace))


ACT = Act(ActionKind.GIVE_SPACE, branch, trigger, WORDS)
