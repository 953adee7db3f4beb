# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Withdraw: asked to 'go away' or to 'leave me alone'.

Acknowledges, backs off to ``withdraw_distance``, and leaves the person alone for
``leave_alone_time`` seconds.
"""

from __future__ import annotations

import py_trees
from py_trees.common import Status

from .. import keys
from ..act import Act, ActionCommand, guarded, SocialBehaviour
from ...core.decision.actions import ActionKind, Style
from ...core.decision.memory import InteractionMemory
from ...core.decision.motion import retreat_speed
from ...core.decision.params import SocialParams
from ...core.decision.situation import Candidate, Situation
from ...core.decision.triggers import continuing, pending_event
from ...core.decision.utterances import pick
from ...core.perception.voice.commands import Command

WORDS = ("Okay, I'll leave you alone.", 'Of course. I will go.')
STYLE = Style.CALM


def trigger(s: Situation, memory: InteractionMemory, p: SocialParams) -> Candidate | None:
    """Return the withdraw candidate: a pending 'go away' or 'leave me alone'."""
    sticky = continuing(ActionKind.WITHDRAW, s, memory, need_present=False)
    if sticky is not None:
        return sticky
    event = pending_event(s, memory, (Command.GO_AWAY.value, Command.LEAVE_ME_ALONE.value))
    if event is None:
        return None
    return Candidate(ActionKind.WITHDRAW, event.person_id,
                     f"withdraw from {event.person_id}: asked '{event.phrase}'",
                     (f'person={event.person_id}', f'command={event.command}'), 0.8)


class Withdraw(SocialBehaviour):
    """Asked to go away: acknowledge, back off, and leave the person alone for a while."""

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.WITHDRAW, 'Withdraw', namespace)

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Mark the request handled and remember to leave the person alone."""
        for event in situation.events:
            if event.person_id == self.target and event.command in (
                    Command.GO_AWAY.value, Command.LEAVE_ME_ALONE.value):
                self.memory.handled.add((event.person_id, event.command, event.time))
        self.memory.left_alone_until[self.target] = situation.now + self.params.leave_alone_time
        self.say(pick(WORDS, STYLE))

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Back off to the withdraw distance for the withdraw duration."""
        person = self.person(situation)
        linear = 0.0
        if person is not None and person.present:
            linear = retreat_speed(person.distance, self.params.withdraw_distance, self.limits)
        status = Status.SUCCESS if elapsed >= self.params.withdraw_duration else Status.RUNNING
        return status, self.command(linear=linear)


def branch(params: SocialParams, namespace: str) -> py_trees.behaviour.Behaviour:
    """Withdrawal: asked to leave? then withdraw."""
    return guarded('Withdrawal', ActionKind.WITHDRAW, 'Asked to leave?', namespace,
                   Withdraw(params, namespace))


ACT = Act(ActionKind.WITHDRAW, branch, trigger, WORDS)
