# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Acknowledge: sarcasm or frustration, answered briefly, honestly and calmly.

Praise said flatly, with an exaggerated or loud voice, or with an annoyed face is not joy: the
robot does not celebrate it, it says - once, in a calm voice - that it may have got something
wrong, and listens (a remark heard as two utterances is answered once: at most every
``acknowledge_cooldown`` seconds). Rising frustration (repeated complaints, corrections, a
rising voice) is answered the same way, once per rise and at most every
``acknowledge_cooldown`` seconds (frustration that only fades is not acknowledged again); when
it goes on rising after that, the hand-over act asks whether the person wants a human.
Frustration waits while the person is sad or scared: comforting comes first.

The words never tell anyone how to feel, never sell or keep the person engaged (they pass
:func:`~...core.ethics.persuasion_in`), and no sentence is said twice to the same person:
the act takes the first variant not yet said to them.
"""

from __future__ import annotations

import math

import py_trees
from py_trees.common import Status

from .. import keys
from ..act import Act, ActionCommand, guarded, SocialBehaviour
from ...core.decision.actions import ActionKind, Style
from ...core.decision.memory import InteractionMemory
from ...core.decision.params import SocialParams
from ...core.decision.situation import Candidate, PersonView, Situation
from ...core.decision.triggers import continuing
from ...core.decision.utterances import pick, speaking_time

SARCASM_WORDS = (
    "That didn't sound like good news. I'm listening.",
    'I may have got that wrong. Tell me what is not right.',
    "It sounds like that isn't great, actually.",
)
FRUSTRATION_WORDS = (
    'I can tell this is frustrating. I will keep it short.',
    "Sorry, I'm not getting this right.",
    "I hear you. I'll stop and listen.",
)
WORDS = SARCASM_WORDS + FRUSTRATION_WORDS
STYLE = Style.CALM

HOLD = 1.0
"""Seconds the act stays after speaking (listening)."""


def _cues(evidence: tuple[str, ...]) -> str:
    names = [e.split('=', 1)[0] for e in evidence if not e.startswith('words=')]
    return ', '.join(dict.fromkeys(names)) or 'the words alone'


def _rested(v: PersonView, memory: InteractionMemory, p: SocialParams, now: float) -> bool:
    """Whether the last acknowledgement of this person ended at least the cooldown ago."""
    return memory.since_end(ActionKind.ACKNOWLEDGE, v.person_id, now) >= p.acknowledge_cooldown


def _sarcastic(v: PersonView, memory: InteractionMemory, p: SocialParams, now: float) -> bool:
    fresh = now - v.sarcasm_time <= p.command_window
    handled = memory.acknowledged.get(v.person_id, -1.0) >= v.sarcasm_time
    # one remark cut into two utterances ("Oh great, just great." "Thank you.") is answered
    # once: no second acknowledgement within the cooldown
    return (v.sarcasm >= p.sarcasm_threshold and fresh and not handled
            and _rested(v, memory, p, now))


def trigger(s: Situation, memory: InteractionMemory, p: SocialParams) -> Candidate | None:
    """Return the candidate: a fresh sarcastic utterance, else frustration past its level."""
    sticky = continuing(ActionKind.ACKNOWLEDGE, s, memory)
    if sticky is not None:
        return sticky
    people = [v for v in s.present if v.affect_known and not v.left_alone]
    sarcastic = [v for v in people if _sarcastic(v, memory, p, s.now)]
    if sarcastic:
        v = max(sarcastic, key=lambda x: x.sarcasm)
        return Candidate(
            ActionKind.ACKNOWLEDGE, v.person_id,
            f'acknowledge {v.person_id}: praise that did not sound meant (sarcasm '
            f'{v.sarcasm:.2f}: {_cues(v.sarcasm_evidence)})',
            v.evidence() + (f'sarcasm={v.sarcasm:.2f}',) + v.sarcasm_evidence, 0.4)
    # sadness or fear now comes first: comforting answers it, acknowledging can wait; and
    # each rise is answered once: frustration that only fades is not acknowledged again
    frustrated = [v for v in people if v.distress_for == 0.0
                  and v.frustration >= p.acknowledge_frustration
                  and v.frustration_rose > memory.frustration_acknowledged.get(
                      v.person_id, -math.inf)
                  and _rested(v, memory, p, s.now)]
    if not frustrated:
        return None
    v = max(frustrated, key=lambda x: x.frustration)
    return Candidate(
        ActionKind.ACKNOWLEDGE, v.person_id,
        f'acknowledge {v.person_id}: frustrated ({v.frustration:.2f}: '
        f'{_cues(v.frustration_evidence)})',
        v.evidence() + v.frustration_evidence, 0.4)


class Acknowledge(SocialBehaviour):
    """Say, once and calmly, that something is not right; listen for a moment."""

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.ACKNOWLEDGE, 'Acknowledge', namespace)

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Mark the sarcasm handled; say the first fitting sentence not said to them yet."""
        person = self.person(situation)
        sarcasm = person is not None and person.sarcasm >= self.params.sarcasm_threshold and (
            situation.now - person.sarcasm_time <= self.params.command_window)
        if person is not None:
            self.memory.acknowledged[person.person_id] = person.sarcasm_time
        if not sarcasm:
            self.memory.frustration_acknowledged[self.target] = situation.now
        words = SARCASM_WORDS if sarcasm else FRUSTRATION_WORDS
        fresh = [w for w in words + WORDS if not self.memory.said_within(
            self.target, w, situation.now, self.params.repeat_window)]
        if fresh:
            self.say(pick(fresh, STYLE))

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Stay for the speech and a moment of listening."""
        said = speaking_time(self._speech) if self._speech is not None else 0.0
        if elapsed >= said + HOLD and self.speech_done(situation, elapsed):
            return Status.SUCCESS, self.command()
        return Status.RUNNING, self.command()


def branch(params: SocialParams, namespace: str) -> py_trees.behaviour.Behaviour:
    """Acknowledging: sarcasm or frustration? then acknowledge."""
    return guarded('Acknowledging', ActionKind.ACKNOWLEDGE, 'Sarcasm or frustration?',
                   namespace, Acknowledge(params, namespace))


ACT = Act(ActionKind.ACKNOWLEDGE, branch, trigger, WORDS)
