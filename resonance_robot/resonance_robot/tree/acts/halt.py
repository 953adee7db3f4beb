# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Halt: hold still on the e-stop, or a while after a spoken 'stop'.

After 'stop' the robot holds for ``stop_hold`` seconds and says so in a firm voice; the
e-stop is silent. A safety act: it comes first.
"""

from __future__ import annotations

import py_trees
from py_trees.common import Status

from .. import keys
from ..act import Act, ActionCommand, guarded, SocialBehaviour
from ...core.decision.actions import ActionKind, Style
from ...core.decision.memory import InteractionMemory
from ...core.decision.params import SocialParams
from ...core.decision.situation import Candidate, Situation
from ...core.decision.utterances import pick
from ...core.perception.voice.commands import Command

WORDS = ('Okay, stopping.',)
STYLE = Style.FIRM


def trigger(s: Situation, memory: InteractionMemory, p: SocialParams) -> Candidate | None:
    """Return the halt candidate: the e-stop, or a spoken 'stop' within ``stop_hold`` s."""
    if s.estop:
        return Candidate(ActionKind.HALT, '', 'halt: e-stop pressed', ('estop=true',), 1.0)
    stop = next((e for e in reversed(s.events) if e.command == Command.STOP.value
                 and s.now - e.time <= p.stop_hold), None)
    if stop is None:
        return None
    return Candidate(ActionKind.HALT, stop.person_id,
                     f"halt: {stop.person_id} said '{stop.phrase}'",
                     (f'person={stop.person_id}', 'command=stop'), 1.0)


class Halt(SocialBehaviour):
    """Hold still while the e-stop is pressed or after a spoken 'stop'."""

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.HALT, 'Halt', namespace)

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Acknowledge a spoken stop (the e-stop is silent)."""
        if candidate is not None and candidate.person_id:
            self.say(pick(WORDS, STYLE, urgent=True))

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Zero motion for as long as the condition holds."""
        return Status.RUNNING, self.command(intensity=1.0)


def branch(params: SocialParams, namespace: str) -> py_trees.behaviour.Behaviour:
    """Stop: e-stop or stop? then halt."""
    return guarded('Stop', ActionKind.HALT, 'E-stop or stop?', namespace,
                   Halt(params, namespace))


ACT = Act(ActionKind.HALT, branch, trigger, WORDS, safety=True)
