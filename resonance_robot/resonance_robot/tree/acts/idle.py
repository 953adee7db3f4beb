# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Idle: nobody to attend to; rest and look around, the reason says why. Always last."""

from __future__ import annotations

import py_trees
from py_trees.common import Status

from .. import keys
from ..act import Act, ActionCommand, SocialBehaviour
from ...core.decision.actions import ActionKind
from ...core.decision.params import SocialParams
from ...core.decision.situation import Situation


class Idle(SocialBehaviour):
    """Nobody to attend to: rest and look around; the reason says why."""

    needs_candidate = False

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.IDLE, 'Idle', namespace)

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Explain the idleness from the situation."""
        present = situation.present
        target = ''
        if not present:
            reason = 'idle: no one present'
        elif all(p.left_alone for p in present):
            who = ', '.join(p.person_id for p in present)
            reason = f'idle: leaving {who} alone, as asked'
            target = present[0].person_id
        else:
            reason = f'idle: no one engaged ({len(present)} present)'
        if situation.guard is not None and not situation.guard.allowed:
            reason += f' ({situation.guard.explanation})'
        evidence = (f'present={len(present)}',
                    f"inference={'on' if situation.inference_on else 'off'}")
        self.target, self.evidence = target, evidence
        return Status.RUNNING, self.command(reason=reason, intensity=0.0)


def branch(params: SocialParams, namespace: str) -> py_trees.behaviour.Behaviour:
    """Idle needs no condition: the last resort of the priorities."""
    return Idle(params, namespace)


ACT = Act(ActionKind.IDLE, branch)
