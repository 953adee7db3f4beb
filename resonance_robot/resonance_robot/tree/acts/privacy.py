# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Privacy hold: while privacy mode is on, no inference, no motion, no storage.

Privacy mode comes by service or by voice; someone asking for help is still handed over.
The announcements are :data:`PRIVACY_ON` and :data:`PRIVACY_OFF`, spoken by the runtime when
the mode changes.
"""

from __future__ import annotations

import py_trees
from py_trees.common import Status

from .hand_over import HandOver
from .. import keys
from ..act import Act, ActionCommand, guarded, SocialBehaviour
from ...core.decision.actions import ActionKind
from ...core.decision.memory import InteractionMemory
from ...core.decision.params import SocialParams
from ...core.decision.situation import Candidate, Situation

PRIVACY_ON = ("Privacy mode is on. I've stopped reading emotions, I won't come closer, and "
              "I'm not storing anything.")
PRIVACY_OFF = "Privacy mode is off. I'm noticing expressions again."
WORDS = (PRIVACY_ON, PRIVACY_OFF)


def trigger(s: Situation, memory: InteractionMemory, p: SocialParams) -> Candidate | None:
    """Return the privacy candidate while privacy mode is on."""
    if not s.privacy.enabled:
        return None
    return Candidate(ActionKind.PRIVACY, '', f'privacy: privacy mode on ({s.privacy.reason})',
                     ('privacy=on', f'source={s.privacy.source}'), 0.0)


class PrivacyHold(SocialBehaviour):
    """Privacy mode: no inference, no motion, no storage (announced by the runtime)."""

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.PRIVACY, 'Privacy hold', namespace)

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Hold still for as long as privacy mode is on."""
        return Status.RUNNING, self.command(intensity=0.0)


def branch(params: SocialParams, namespace: str) -> py_trees.behaviour.Behaviour:
    """Privacy: privacy mode? then hand over if help was asked, else hold."""
    ns = namespace
    return guarded('Privacy', ActionKind.PRIVACY, 'Privacy mode?', ns,
                   py_trees.composites.Selector('In privacy', memory=False, children=[
                       guarded('Help anyway', ActionKind.HAND_OVER, 'Help asked?', ns,
                               HandOver(params, 'Hand over (privacy)', ns)),
                       PrivacyHold(params, ns)]))


ACT = Act(ActionKind.PRIVACY, branch, trigger, WORDS, safety=True)
