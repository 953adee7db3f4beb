# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
:func:`simulate`: a script played through the real fusion and tree in simulated time.

Faces arrive at the face rate, utterances when they end, the tree ticks at its rate; the
robot's commanded motion changes the scripted distances (a closed loop, as on a robot).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
import math
from typing import Any

from .runtime import SocialTree, TickOutput
from ..core.decision.params import SocialParams
from ..core.decision.situation import SocialInputs
from ..core.fusion.fusion import AffectFusion
from ..core.fusion.params import FusionParams
from ..core.records.timeline import Decision
from ..core.sources.affect_script import AffectScript


@dataclass(frozen=True)
class Simulation:
    """A simulated run: the decisions, every tick's output, and how far the robot drove."""

    decisions: tuple[Decision, ...]
    outputs: tuple[TickOutput, ...]
    travelled: float

    def actions(self) -> list[str]:
        """Return the actions in order, consecutive repeats collapsed."""
        sequence: list[str] = []
        for decision in self.decisions:
            if not sequence or sequence[-1] != decision.action:
                sequence.append(decision.action)
        return sequence


def simulate(
    script: AffectScript, params: SocialParams | Mapping[str, Any] | None = None, *,
    fusion_params: FusionParams | None = None, tick_rate: float = 10.0,
    face_rate: float = 15.0, move_robot: bool = True, estop: bool = False,
) -> Simulation:
    """
    Run ``script`` through fusion and the tree, tick by tick, in simulated time.

    Faces arrive at ``face_rate``, utterances when they end; the tree ticks at ``tick_rate``.
    With ``move_robot`` the robot's commanded motion changes the scripted distances (a closed
    loop, as on a robot). The blackboard namespace is private to the run.
    """
    tree = SocialTree(params, namespace=f'/simulate_{id(script):x}')
    fusion = AffectFusion(fusion_params)
    guard = tree.params.guard
    fusion.set_inference(guard.allowed)
    decisions = []
    outputs = []
    travelled = 0.0
    step = 1.0 / tick_rate
    face_step = 1.0 / face_rate
    next_face = 0.0
    t = 0.0
    try:
        for t in _times(script.duration, step):
            while next_face <= t:
                fusion.add_faces(script.face_frame(next_face, fusion.params,
                                                   approach=travelled), next_face)
                next_face += face_step
            for utterance in script.utterances_between(t - step, t):
                fusion.add_voice(utterance.cue, t)
            fusion.set_inference(guard.allowed and not tree.privacy.state.enabled)
            fusion.update(t)
            inputs = SocialInputs(now=t, persons=fusion.estimate(t), persons_time=t,
                                  estop=estop or script.estop_at(t))
            out = tree.tick(inputs)
            outputs.append(out)
            if move_robot:
                travelled += out.linear * step
                fusion.add_velocity(out.linear, out.angular, t)
            if out.changed:
                c = out.command
                decisions.append(Decision(t, str(c.action), c.target, c.intensity, c.reason,
                                          c.evidence))
    finally:
        tree.shutdown()
    return Simulation(tuple(decisions), tuple(outputs), travelled)


def _times(duration: float, step: float) -> Iterator[float]:
    n = int(math.floor(duration / step + 1e-9))
    for i in range(n + 1):
        yield round(i * step, 9)
