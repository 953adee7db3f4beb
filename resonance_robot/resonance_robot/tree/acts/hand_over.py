# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Hand over to a human: on 'help' or distress words at once, or after sustained anger.

Says so, and holds still for ``hand_over_duration`` seconds. Frustration the robot has
acknowledged that rises again afterwards (a new cue once the acknowledgement has ended, at a
level of at least ``hand_over_frustration``) makes it *ask* whether the person wants a human:
acknowledging did not help, and the person decides.
"""

from __future__ import annotations

import py_trees
from py_trees.common import Status

from .. import keys
from ..act import Act, ActionCommand, guarded, SocialBehaviour
from ...core.decision.actions import ActionKind, Style
from ...core.decision.events import DISTRESS
from ...core.decision.memory import InteractionMemory
from ...core.decision.params import SocialParams
from ...core.decision.situation import Candidate, PersonView, Situation
from ...core.decision.triggers import continuing, pending_event
from ...core.decision.utterances import pick
from ...core.perception.voice.commands import Command

WORDS = ("I'm asking a person to come and help you.",)
ASK_WORDS = ('If you like, say help and I will call a person to help you.',)
STYLE = Style.FIRM


def _acknowledged(person_id: str, memory: InteractionMemory, now: float) -> bool:
    """Whether the person's frustration was acknowledged (in the last 10 min) and that ended."""
    when = memory.frustration_acknowledged.get(person_id)
    return when is not None and now - when < 600.0 and not memory.is_active(
        ActionKind.ACKNOWLEDGE, person_id)


def _rose_after_acknowledging(v: PersonView, memory: InteractionMemory, now: float) -> bool:
    """Whether frustration went up again after its acknowledgement ended."""
    ended = now - memory.since_end(ActionKind.ACKNOWLEDGE, v.person_id, now)
    return _acknowledged(v.person_id, memory, now) and v.frustration_rose > ended


def trigger(s: Situation, memory: InteractionMemory, p: SocialParams) -> Candidate | None:
    """Return the hand-over candidate: distress or 'help' at once, else sustained anger."""
    sticky = continuing(ActionKind.HAND_OVER, s, memory, need_present=False)
    if sticky is not None:
        return sticky
    event = pending_event(s, memory, (DISTRESS, Command.HELP.value))
    if event is not None:
        said = (f"said '{event.phrase}'" if event.command == Command.HELP.value
                else f"distress words '{event.phrase}'")
        return Candidate(
            ActionKind.HAND_OVER, event.person_id,
            f'hand over {event.person_id} to a human: {said}',
            (f'person={event.person_id}', f'command={event.command}',
             f'phrase={event.phrase}'), 1.0)
    ready = [v for v in s.present if not v.left_alone and memory.since_end(
        ActionKind.HAND_OVER, v.person_id, s.now) >= p.hand_over_cooldown]
    frustrated = [v for v in ready if v.frustration >= p.hand_over_frustration
                  and _rose_after_acknowledging(v, memory, s.now)]
    if frustrated:
        v = max(frustrated, key=lambda x: x.frustration)
        cues = ', '.join(dict.fromkeys(e.split('=', 1)[0] for e in v.frustration_evidence))
        return Candidate(
            ActionKind.HAND_OVER, v.person_id,
            f'ask {v.person_id} whether they want a human: still frustrated and rising '
            f'({v.frustration:.2f}: {cues}) after acknowledging it',
            v.evidence() + ('ask=true',) + v.frustration_evidence, 0.6)
    # Frustration the robot has acknowledged shortens the wait on anger: a human is offered
    # earlier (acknowledge first, then offer a human; anger alone waits hand_over_after).
    angry = [v for v in ready if v.angry_for >= p.hand_over_after * (
        1.0 - 0.5 * v.frustration * _acknowledged(v.person_id, memory, s.now))]
    if not angry:
        return None
    v = max(angry, key=lambda x: x.angry_for)
    return Candidate(
        ActionKind.HAND_OVER, v.person_id,
        f'hand over {v.person_id} to a human: angry for {v.angry_for:.1f} s '
        f'({v.describe()})', v.evidence(), 1.0)


class HandOver(SocialBehaviour):
    """Call a human: say so, hold still, for ``hand_over_duration`` seconds."""

    def __init__(self, params: SocialParams, name: str = 'Hand over',
                 namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.HAND_OVER, name, namespace)

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Mark the distress events as handled and tell the person."""
        for event in situation.events:
            if event.person_id == self.target and event.command in (
                    DISTRESS, Command.HELP.value):
                self.memory.handled.add((event.person_id, event.command, event.time))
        if candidate is not None and 'ask=true' in candidate.evidence:
            self.say(pick(ASK_WORDS, Style.CALM))  # a question, calmly: they decide
        else:
            self.say(pick(WORDS, STYLE, urgent=True))

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Run for the hand-over duration."""
        if elapsed >= self.params.hand_over_duration:
            return Status.SUCCESS, self.command(intensity=1.0)
        return Status.RUNNING, self.command(intensity=1.0)


def branch(params: SocialParams, namespace: str) -> py_trees.behaviour.Behaviour:
    """Hand-over: anger or distress? then hand over."""
    return guarded('Hand-over', ActionKind.HAND_OVER, 'Anger or distress?', namespace,
                   HandOver(params, namespace=namespace))


ACT = Act(ActionKind.HAND_OVER, branch, trigger, WORDS + ASK_WORDS)
