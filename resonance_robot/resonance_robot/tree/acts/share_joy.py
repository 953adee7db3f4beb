# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Share joy: sustained happiness.

Something warm and bright and a happy face, for a moment; rate-limited together with
comfort (both are emotional interventions).
"""

from __future__ import annotations

from dataclasses import replace

import py_trees
from py_trees.common import Status

from .greet import introduce
from .. import keys
from ..act import Act, ActionCommand, guarded, SocialBehaviour
from ...core.decision.actions import ActionKind, Style
from ...core.decision.memory import InteractionMemory
from ...core.decision.params import SocialParams
from ...core.decision.situation import Candidate, PersonView, Situation
from ...core.decision.triggers import emotional_intervention
from ...core.decision.utterances import pick, speaking_time

WORDS = (
    "You look happy. That's lovely to see!",
    'Your smile is contagious!',
    "What a great mood. I'm glad!",
)
STYLE = Style.CHEERFUL


def _joy(view: PersonView) -> float:
    return view.happy_for


SARCASM_MEMORY = 30.0
"""Seconds after a sarcastic utterance during which joy is not shared with that person."""


def _joy_now(s: Situation, p: SocialParams) -> Situation:
    """Return the situation without people lately sarcastic or frustrated."""
    def doubtful(v: PersonView) -> bool:
        sarcastic = v.sarcasm >= p.sarcasm_threshold and s.now - v.sarcasm_time <= SARCASM_MEMORY
        return sarcastic or v.frustration >= p.acknowledge_frustration
    return replace(s, persons=tuple(v for v in s.persons if not doubtful(v)))


def trigger(s: Situation, memory: InteractionMemory, p: SocialParams) -> Candidate | None:
    """
    Return the share-joy candidate: the longest happiness past ``joy_after``.

    Never for someone whose praise was sarcastic in the last :data:`SARCASM_MEMORY` seconds
    or who is frustrated: sarcastic praise is not joy.
    """
    return emotional_intervention(
        ActionKind.SHARE_JOY, _joy_now(s, p), memory, duration=_joy, after=p.joy_after,
        cooldown=p.share_joy_cooldown, verb='share joy with', feeling=lambda v: 'happy')


class ShareJoy(SocialBehaviour):
    """Sustained happiness: say something warm and bright, look happy, for a moment."""

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.SHARE_JOY, 'Share joy', namespace)

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Count the intervention and choose the words."""
        memory = self.memory
        memory.limiter.record(situation.now)
        variant = memory.learner.choose('share_joy', len(WORDS))
        person = self.person(situation)
        if person is not None and person.affect_known:
            memory.learner.begin('share_joy', variant, person.person_id)
        self.say(pick(WORDS, STYLE, variant))

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Share the moment for the speech plus ``share_joy_duration``."""
        person = self.person(situation)
        if person is None or not person.present:
            return Status.FAILURE, None
        said = speaking_time(self._speech) if self._speech is not None else 0.0
        if elapsed >= said + self.params.share_joy_duration and self.speech_done(
                situation, elapsed):
            return Status.SUCCESS, self.command()
        return Status.RUNNING, self.command()


def branch(params: SocialParams, namespace: str) -> py_trees.behaviour.Behaviour:
    """Joy: happy? then disclose if needed, then share joy."""
    return guarded('Joy', ActionKind.SHARE_JOY, 'Happy?', namespace,
                   introduce(params, ActionKind.SHARE_JOY, namespace),
                   ShareJoy(params, namespace))


ACT = Act(ActionKind.SHARE_JOY, branch, trigger, WORDS)
