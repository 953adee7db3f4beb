# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Attend: look at and listen to the nearest engaged person."""

from __future__ import annotations

import py_trees
from py_trees.common import Status

from .. import keys
from ..act import Act, ActionCommand, guarded, SocialBehaviour
from ...core.decision.actions import ActionKind
from ...core.decision.memory import InteractionMemory
from ...core.decision.params import SocialParams
from ...core.decision.situation import Candidate, Situation
from ...core.decision.triggers import guard_note, nearest, where


def trigger(s: Situation, memory: InteractionMemory, p: SocialParams) -> Candidate | None:
    """Return the attend candidate: the nearest engaged person not left alone."""
    engaged = [v for v in s.present if v.engaged and not v.left_alone]
    if not engaged:
        return None
    v = nearest(engaged)
    feeling = f', {v.affect.expression.value}' if v.affect_known else ''
    return Candidate(ActionKind.ATTEND, v.person_id,
                     f'attend {v.person_id}: engaged{where(v)}{feeling}{guard_note(s)}',
                     v.evidence(), 0.3)


class Attend(SocialBehaviour):
    """Look at and listen to the engaged person; switches when another becomes the one."""

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.ATTEND, 'Attend', namespace)

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Keep attending; restart on the new person when the candidate changes."""
        candidate = situation.candidate(ActionKind.ATTEND)
        if candidate is not None and candidate.person_id != self.target:
            self.terminate(Status.INVALID)
            self.initialise()
        return Status.RUNNING, self.command()


def branch(params: SocialParams, namespace: str) -> py_trees.behaviour.Behaviour:
    """Attention: engaged? then attend."""
    return guarded('Attention', ActionKind.ATTEND, 'Engaged?', namespace,
                   Attend(params, namespace))


ACT = Act(ActionKind.ATTEND, branch, trigger)
