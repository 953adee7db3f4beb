# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The social behaviour tree: :func:`create_root` builds it, :class:`SocialTree` runs it.

No ROS here: the node feeds :class:`SocialTree` and publishes what a tick returns; tests and
:func:`simulate` do the same with scripted affect. The tree::

    Resonance (parallel)
    ├── Gather (sequence): Read inputs → Spot commands → Privacy mode → Deployment guard
    │                      → Assess                          (the only writers of perception)
    └── Priorities (selector; each branch a condition, then its action)
        ├── Safety: e-stop or spoken 'stop' → Halt;
        │           privacy mode → (help words → Hand over) or Privacy hold
        ├── Hand over      sustained anger (hand_over_after), 'help' or distress words
        ├── Withdraw       'go away', 'leave me alone'
        ├── Give space     anger (give_space_after), negative reaction to an approach
        ├── Comfort        sustained sadness or fear → disclosed? else Introduce → Comfort
        ├── Share joy      sustained happiness       → disclosed? else Introduce → Share joy
        ├── Greet          a new person, once (with the disclosure)
        ├── Attend         an engaged person
        └── Idle

The deployment guard acts in the data-gathering branch: when it refuses, affect is blanked
before anything reads it, so no inference-driven branch can fire, while command- and
presence-driven ones (halt, withdraw, hand-over on 'help', greet, attend, idle) still work.

After each tick :class:`SocialTree` shapes the outputs: the robot's own affect follows the
resonance target of the chosen action and person (smoothly), the requested speed passes the
safety layer (:class:`~..core.safety.layer.SafetyLayer`, over every tracked person and the
optional scan), privacy changes are announced.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
import math
from typing import Any

import py_trees
from py_trees.common import Access, ParallelPolicy

from . import act
from . import keys
from .conditions import Disclosed, Has
from .gathering import Assess, DeploymentGuard, Inbox, PrivacyMode, ReadInputs, SpotCommands
from ..core.decision.actions import (
    ActionCommand, ActionKind, IDLE_COMMAND, Priority, Speech, Style)
from ..core.decision.robot_affect import (
    AffectDynamics, face_command, FaceCommand, resonance_target, RobotAffect)
from ..core.decision.social import InteractionMemory, Situation, SocialInputs, SocialParams
from ..core.decision.utterances import PRIVACY_OFF, PRIVACY_ON, speaking_time
from ..core.ethics import PrivacySwitch
from ..core.fusion.fusion import AffectFusion, FusionParams
from ..core.fusion.geometry import Placement
from ..core.records.timeline import Decision
from ..core.safety.corridor import Scan
from ..core.safety.layer import MotionRequest, PersonPlace, SafetyLayer, SafeVelocity
from ..core.safety.params import SafetyParams
from ..core.sources.affect_script import AffectScript

K = ActionKind


def _params(params: SocialParams | Mapping[str, Any] | None) -> SocialParams:
    if isinstance(params, SocialParams):
        return params
    return SocialParams.from_values(params or {})


def _branch(name: str, *children: py_trees.behaviour.Behaviour) -> py_trees.composites.Sequence:
    return py_trees.composites.Sequence(name, memory=False, children=list(children))


def create_root(
    params: SocialParams | Mapping[str, Any] | None = None, namespace: str = keys.NAMESPACE,
) -> py_trees.behaviour.Behaviour:
    """
    Build the whole social tree (see the module doc); no ROS, no side effects.

    ``params`` are :class:`SocialParams` or a mapping of parameter values (defaults for the
    rest). Blackboard keys live under ``namespace``.
    """
    p = _params(params)
    ns = namespace
    gather = py_trees.composites.Sequence('Gather', memory=True, children=[
        ReadInputs(namespace=ns), SpotCommands(namespace=ns), PrivacyMode(namespace=ns),
        DeploymentGuard(p, namespace=ns), Assess(p, namespace=ns)])

    def introduce(follows: ActionKind) -> py_trees.behaviour.Behaviour:
        label = follows.value.replace('_', ' ')
        return py_trees.composites.Selector(f'Told ({label})', memory=False, children=[
            Disclosed(follows, p.disclosure, f'Disclosed ({label})?', ns),
            act.Introduce(p, follows, ns)])

    safety = py_trees.composites.Selector('Safety', memory=False, children=[
        _branch('Stop', Has(K.HALT, 'E-stop or stop?', ns), act.Halt(p, ns)),
        _branch('Privacy', Has(K.PRIVACY, 'Privacy mode?', ns),
                py_trees.composites.Selector('In privacy', memory=False, children=[
                    _branch('Help anyway', Has(K.HAND_OVER, 'Help asked?', ns),
                            act.HandOver(p, 'Hand over (privacy)', ns)),
                    act.PrivacyHold(p, ns)])),
    ])
    priorities = py_trees.composites.Selector('Priorities', memory=False, children=[
        safety,
        _branch('Hand-over', Has(K.HAND_OVER, 'Anger or distress?', ns),
                act.HandOver(p, namespace=ns)),
        _branch('Withdrawal', Has(K.WITHDRAW, 'Asked to leave?', ns), act.Withdraw(p, ns)),
        _branch('Space', Has(K.GIVE_SPACE, 'Anger or reaction?', ns), act.GiveSpace(p, ns)),
        _branch('Comforting', Has(K.COMFORT, 'Sad or scared?', ns), introduce(K.COMFORT),
                act.Comfort(p, ns)),
        _branch('Joy', Has(K.SHARE_JOY, 'Happy?', ns), introduce(K.SHARE_JOY),
                act.ShareJoy(p, ns)),
        _branch('Greeting', Has(K.GREET, 'New person?', ns), act.Introduce(p, K.GREET, ns)),
        _branch('Attention', Has(K.ATTEND, 'Engaged?', ns), act.Attend(p, ns)),
        act.Idle(p, ns),
    ])
    return py_trees.composites.Parallel(
        'Resonance', policy=ParallelPolicy.SuccessOnAll(synchronise=False),
        children=[gather, priorities])


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
                 safety: SafetyParams | None = None) -> None:
        self.params = _params(params)
        self.namespace = namespace
        self.root = create_root(self.params, namespace)
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
        self.limits = act.motion_limits(self.params)
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
        if command.action is K.IDLE:
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


def ascii_tree(params: SocialParams | Mapping[str, Any] | None = None) -> str:
    """Return the tree's structure as ASCII text."""
    return py_trees.display.ascii_tree(create_root(params))


def dot_text(params: SocialParams | Mapping[str, Any] | None = None) -> str:
    """Return the tree as Graphviz dot source."""
    graph = py_trees.display.dot_tree(create_root(params))
    text: str = graph.to_string()
    return text


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
            inputs = SocialInputs(now=t, persons=fusion.estimate(t), persons_time=t,
                                  estop=estop or script.estop_at(t))
            out = tree.tick(inputs)
            outputs.append(out)
            if move_robot:
                travelled += out.linear * step
                fusion.add_velocity(out.linear, out.angular, t)
            if out.changed:
                c = out.command
                decisions.append(Decision(t, c.action.value, c.target, c.intensity, c.reason,
                                          c.evidence))
    finally:
        tree.shutdown()
    return Simulation(tuple(decisions), tuple(outputs), travelled)


def _times(duration: float, step: float) -> Iterator[float]:
    n = int(math.floor(duration / step + 1e-9))
    for i in range(n + 1):
        yield round(i * step, 9)
