# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
:class:`SocialTree`: the tree with its inputs, memory, robot affect and motion limits.

After each tick :class:`SocialTree` shapes the outputs: the robot's own affect follows the
resonance target of the chosen action and person (smoothly), the requested speed passes the
safety limits (:func:`~.core.motion.limit_velocity`), privacy changes are announced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
import math
from typing import Any

import py_trees
from py_trees.common import Access

from . import keys
from .act import Act, motion_limits
from .acts import ACTS
from .acts.privacy import PRIVACY_OFF, PRIVACY_ON
from .build import create_root, social_params
from .gathering import Inbox
from ..core.decision.actions import (
    ActionCommand, ActionKind, IDLE_COMMAND, Priority, Speech, Style)
from ..core.decision.memory import InteractionMemory
from ..core.decision.motion import limit_velocity, LimitedVelocity
from ..core.decision.params import SocialParams
from ..core.decision.robot_affect import (
    AffectDynamics, face_command, FaceCommand, resonance_target, RobotAffect)
from ..core.decision.situation import Situation, SocialInputs
from ..core.ethics import PrivacySwitch

K = ActionKind


@dataclass(frozen=True)
class TickOutput:
    """What one tick decided and what the robot should do now."""

    now: float
    command: ActionCommand
    changed: bool
    speech: tuple[Speech, ...]
    face: FaceCommand
    velocity: LimitedVelocity
    situation: Situation | None

    @property
    def linear(self) -> float:
        """Return the forward speed to command, m/s, after the safety limits."""
        return self.velocity.linear


class SocialTree:
    """
    The tree with its inputs, privacy switch, memory, robot affect and motion limits.

    Call :meth:`tick` with each tick's :class:`SocialInputs`. Not thread-safe apart from
    :attr:`privacy` (the service may switch it from another thread).
    """

    def __init__(self, params: SocialParams | Mapping[str, Any] | None = None, *,
                 namespace: str = keys.NAMESPACE, privacy: PrivacySwitch | None = None,
                 acts: Sequence[Act] = ACTS) -> None:
        self.params = social_params(params)
        self.namespace = namespace
        self.root = create_root(self.params, namespace, acts)
        self.tree = py_trees.trees.BehaviourTree(self.root)
        self.inbox = Inbox()
        self.privacy = privacy or PrivacySwitch()
        self.memory = InteractionMemory(self.params)
        self.tree.setup(inbox=self.inbox, privacy=self.privacy, memory=self.memory)
        self._bb = py_trees.blackboard.Client(name='SocialTree', namespace=namespace)
        self._bb.register_key(key=keys.COMMAND, access=Access.READ)
        self._bb.register_key(key=keys.SITUATION, access=Access.READ)
        self.dynamics = AffectDynamics(self.params.affect_time_constant,
                                       self.params.affect_max_rate)
        self.limits = motion_limits(self.params)
        self._last_now = math.nan
        self._last_speed = 0.0
        self._last_decision: tuple[str, str, str] | None = None
        self._privacy_changes = self.privacy.state.changes
        self.ticks = 0

    @property
    def robot_affect(self) -> RobotAffect:
        """Return the robot's own affect now."""
        return self.dynamics.state

    def tick(self, inputs: SocialInputs) -> TickOutput:
        """Tick once with ``inputs`` and return the shaped outputs."""
        self.inbox.put(inputs)
        self.tree.tick()
        self.ticks += 1
        now = inputs.now
        dt = now - self._last_now if math.isfinite(self._last_now) else 0.0
        self._last_now = now
        command: ActionCommand = (self._bb.get(keys.COMMAND) if self._bb.exists(keys.COMMAND)
                                  else IDLE_COMMAND)
        situation: Situation | None = (self._bb.get(keys.SITUATION)
                                       if self._bb.exists(keys.SITUATION) else None)
        speech = []
        state = self.privacy.state
        if state.changes != self._privacy_changes:
            self._privacy_changes = state.changes
            speech.append(Speech(PRIVACY_ON if state.enabled else PRIVACY_OFF, Style.FIRM,
                                 Priority.HIGH, interrupt=True))
        if command.speech is not None:
            speech.append(command.speech)
        person = situation.person(command.target) if (situation and command.target) else None
        target = resonance_target(command.action, person.affect if person else None)
        robot = self.dynamics.step(target, dt)
        if command.action == K.IDLE:
            gaze = (0.5 * math.sin(0.3 * now), 0.1 * math.sin(0.17 * now))  # look around
        else:
            gaze = (0.0, 0.0)
        face = face_command(robot, gaze, transition=max(dt, 0.0))
        velocity = limit_velocity(
            command.linear, limits=self.limits,
            distance=person.distance if person else math.nan,
            present=bool(person and person.present),
            affect_known=bool(person and person.affect_known),
            estop=inputs.estop, previous=self._last_speed, dt=dt)
        self._last_speed = velocity.linear
        changed = command.decision != self._last_decision
        self._last_decision = command.decision
        return TickOutput(now, command, changed, tuple(speech), face, velocity, situation)

    def snapshot(self) -> str:
        """Return the tree with each behaviour's status and feedback, as text."""
        return py_trees.display.unicode_tree(self.root, show_status=True)

    def shutdown(self) -> None:
        """Shut the behaviours down, release their blackboard clients and clear the keys."""
        self.tree.shutdown()
        for behaviour in self.root.iterate():
            for client in behaviour.blackboards:
                client.unregister(clear=True)
        self._bb.unregister(clear=True)
