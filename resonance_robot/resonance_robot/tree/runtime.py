# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
:class:`SocialTree`: the tree with its inputs, memory, robot affect and motion limits.

After each tick :class:`SocialTree` shapes the outputs: the robot's own affect follows the
resonance target of the chosen action and person (smoothly), the requested speed passes the
safety layer (:class:`~..core.safety.layer.SafetyLayer`, over every tracked person and the
optional scan), privacy changes are announced.
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
from ..core.decision.params import SocialParams
from ..core.decision.robot_affect import (
    AffectDynamics, face_command, FaceCommand, resonance_target, RobotAffect)
from ..core.decision.situation import Situation, SocialInputs
from ..core.decision.utterances import speaking_time
from ..core.ethics import PrivacySwitch
from ..core.fusion.geometry import Placement
from ..core.safety.corridor import Scan
from ..core.safety.layer import MotionRequest, PersonPlace, SafetyLayer, SafeVelocity
from ..core.safety.params import SafetyParams

K = ActionKind


@dataclass(frozen=True)
class TickOutput:
    """What one tick decided and what the robot should do now."""

    now: float
    command: ActionCommand
    changed: bool
    speech: tuple[Speech, ...]
    face: FaceCommand
    velocity: SafeVelocity
    situation: Situation | None

    @property
    def linear(self) -> float:
        """Return the forward speed to command, m/s, after the safety layer."""
        return self.velocity.linear

    @property
    def angular(self) -> float:
        """Return the turn rate to command, rad/s (+ left), after the safety layer."""
        return self.velocity.angular


class SocialTree:
    """
    The tree with its inputs, privacy switch, memory, robot affect and motion limits.

    Call :meth:`tick` with each tick's :class:`SocialInputs`. Not thread-safe apart from
    :attr:`privacy` (the service may switch it from another thread).
    """

    def __init__(self, params: SocialParams | Mapping[str, Any] | None = None, *,
                 namespace: str = keys.NAMESPACE, privacy: PrivacySwitch | None = None,
                 acts: Sequence[Act] = ACTS, safety: SafetyParams | None = None) -> None:
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
        if safety is None:  # the safety parameters given with the social ones, if any
            values = dict(params) if isinstance(params, Mapping) else {}
            values.update({'personal_space': self.params.personal_space,
                           'max_forward_speed': self.params.max_forward_speed,
                           'max_reverse_speed': self.params.max_reverse_speed,
                           'max_acceleration': self.params.max_acceleration})
            safety = SafetyParams.from_values(values)
        self.safety = SafetyLayer(safety)
        self._last_now = math.nan
        self._last_decision: tuple[str, str, str] | None = None
        self._privacy_changes = self.privacy.state.changes
        self.ticks = 0

    @property
    def robot_affect(self) -> RobotAffect:
        """Return the robot's own affect now."""
        return self.dynamics.state

    def tick(self, inputs: SocialInputs, scan: Scan | None = None) -> TickOutput:
        """Tick once with ``inputs`` (and a range scan, if any); return the shaped outputs."""
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
        # -- safety layer: the last step before cmd_vel, over every tracked person --------
        here = {v.person_id for v in situation.present} if situation else set()
        velocity = self.safety.step(MotionRequest(
            now=now, action=command.action, linear=command.linear, target=command.target,
            people=tuple(PersonPlace(p.person_id, Placement(p.distance, p.bearing),
                                     p.distance_time, p.person_id in here)
                         for p in inputs.persons),
            affect_known=bool(person and person.affect_known), estop=inputs.estop,
            robot_speaking=inputs.robot_speaking,
            speech_time=sum(speaking_time(s) for s in speech), scan=scan))
        # -- end of the safety layer ------------------------------------------------------
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
