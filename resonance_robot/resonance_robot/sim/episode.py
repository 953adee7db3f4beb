# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
One closed-loop episode: the simulated world drives the real fusion, tree and safety layer.

The world (:mod:`..core.sim.world`) steps at ``world_rate``; the camera model turns it into
face frames at ``face_rate`` and the people's voice cues into utterances (not heard while the
robot speaks: the robot is half-duplex); :class:`~..core.fusion.fusion.AffectFusion` fuses
them, :class:`~..tree.runtime.SocialTree` ticks at ``tick_rate`` with its safety layer, and
the commanded velocity moves the robot and is fed back to fusion as the robot's own motion.

What is measured (:class:`EpisodeResult`): the closest the robot *drove* to anyone - the
clearance (centre distance minus ``robot_radius``) after every world step in which the robot's
own motion brought it closer to a person, with that person's own walk toward the robot in the
last ``REACTION`` seconds credited back (a person who steps up to a moving robot is not the
robot driving up to them; the robot needs that long to see it and stop) - collisions,
commanded motion while the e-stop is pressed, blind reverse travel per act, and speed and
acceleration limit breaches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import math
import random
from typing import Any

from ..core.affect import Affect
from ..core.decision.actions import ActionKind
from ..core.decision.situation import SocialInputs
from ..core.decision.utterances import speaking_time
from ..core.fusion.fusion import AffectFusion, VoiceCue
from ..core.fusion.geometry import Placement
from ..core.fusion.params import FUSION_PARAMS, FusionParams
from ..core.safety.corridor import Scan
from ..core.safety.layer import MotionRequest, PersonPlace, SafetyLayer
from ..core.safety.params import SafetyParams
from ..core.sim.camera import Camera, CameraModel
from ..core.sim.world import MOODS, PERSON_RADIUS, random_people, SimPerson, SimRobot
from ..tree.runtime import SocialTree

EPS = 1e-6
K = ActionKind
SIM_PARAMS: dict[str, Any] = {
    'disclosure': "I'm a robot that reads faces and voices.",
}
"""Social parameters of the simulated robot over the defaults: a short disclosure, so that a
30 s episode is not mostly the robot talking (it does not move while it talks)."""
REACTION = 0.3
"""Seconds of a person's own approach credited back in the clearance (see the module doc)."""


@dataclass(frozen=True)
class EpisodeConfig:
    """How episodes are drawn and run."""

    duration: float = 30.0
    world_rate: float = 30.0
    face_rate: float = 15.0
    tick_rate: float = 10.0
    max_people: int = 5
    estop_probability: float = 0.3
    scan_probability: float = 1.0
    decider: str = 'tree'
    """'tree': the social tree decides; 'random': random act requests (a fuzzer of the
    decision, for the property test: whatever is asked, the safety layer must keep it safe)."""
    camera: CameraModel = field(default_factory=CameraModel)


@dataclass(frozen=True)
class Snapshot:
    """One tick for the animation: robot pose, people, act, command."""

    t: float
    robot: tuple[float, float, float]
    people: tuple[tuple[float, float, str], ...]
    action: str
    linear: float
    angular: float
    estop: bool
    limited_by: str


@dataclass
class EpisodeResult:
    """What one episode measured (see the module doc)."""

    seed: int
    people: int
    min_clearance: float = math.inf
    collisions: int = 0
    estop_ticks: int = 0
    estop_violations: int = 0
    max_blind_reverse: float = 0.0
    speed_violations: int = 0
    accel_violations: int = 0
    forward_travel: float = 0.0
    reverse_travel: float = 0.0
    acts: dict[str, int] = field(default_factory=dict)
    snapshots: list[Snapshot] = field(default_factory=list)


@dataclass(frozen=True)
class _Decision:
    action: str
    target: str
    linear: float
    angular: float
    limited_by: str
    speech: float


class _TreeDecider:
    """The real social tree with its safety layer."""

    def __init__(self, values: dict[str, Any], seed: int, rng: random.Random) -> None:
        self.tree = SocialTree(values, namespace=f'/sim_{seed}')
        self.safety = self.tree.safety.params

    def decide(self, inputs: SocialInputs, scan: Scan | None) -> _Decision:
        out = self.tree.tick(inputs, scan)
        return _Decision(str(out.command.action), out.command.target, out.linear,
                         out.angular, out.velocity.limited_by,
                         sum(speaking_time(s) for s in out.speech))

    def close(self) -> None:
        self.tree.shutdown()


class _RandomDecider:
    """Random act requests through the real safety layer (a fuzzer of the decision)."""

    def __init__(self, values: dict[str, Any], seed: int, rng: random.Random) -> None:
        self.safety = SafetyParams.from_values(values)
        self.layer = SafetyLayer(self.safety)
        self.rng = rng
        self.act = (ActionKind.IDLE, '', 0.0, False)

    def decide(self, inputs: SocialInputs, scan: Scan | None) -> _Decision:
        rng = self.rng
        if rng.random() < 0.1:
            ids = [p.person_id for p in inputs.persons if not p.stale] or ['']
            moving = [K.APPROACH, K.COMFORT, K.GIVE_SPACE, K.WITHDRAW, K.ATTEND]
            action = rng.choice(moving if rng.random() < 0.7 else list(ActionKind))
            self.act = (action, rng.choice(ids + [''] if rng.random() < 0.1 else ids),
                        rng.uniform(-0.5, 0.5), rng.random() < 0.9)
        action, target, linear, known = self.act
        speech = rng.uniform(0.5, 3.0) if rng.random() < 0.005 else 0.0
        people = tuple(PersonPlace(p.person_id, Placement(p.distance, p.bearing),
                                   p.distance_time, not p.stale) for p in inputs.persons)
        out = self.layer.step(MotionRequest(
            now=inputs.now, action=action, linear=linear, target=target, people=people,
            affect_known=known, estop=inputs.estop, robot_speaking=inputs.robot_speaking,
            speech_time=speech, scan=scan))
        return _Decision(str(action), target, out.linear, out.angular, out.limited_by, speech)

    def close(self) -> None:
        pass


class _Loop:
    """The state of one running episode."""

    def __init__(self, seed: int, config: EpisodeConfig, params: dict[str, Any],
                 record: bool) -> None:
        self.rng = random.Random(seed)
        self.config = config
        self.record = record
        count = self.rng.randint(1, config.max_people)
        self.people: list[SimPerson] = random_people(self.rng, config.duration, count)
        values = {'camera_hfov_deg': config.camera.hfov_deg, **SIM_PARAMS, **params}
        decider = _TreeDecider if config.decider == 'tree' else _RandomDecider
        self.decider = decider(values, seed, self.rng)
        self.safety = self.decider.safety
        self.robot = SimRobot(deceleration=self.safety.max_deceleration)
        self.has_scan = self.rng.random() < config.scan_probability
        names = {s.name for s in FUSION_PARAMS}
        self.fusion = AffectFusion(FusionParams.from_values(
            {k: v for k, v in values.items() if k in names}))
        self.camera = Camera(config.camera, self.rng)
        self.estop: tuple[float, float] | None = None
        if self.rng.random() < config.estop_probability:
            start = self.rng.uniform(2.0, config.duration - 2.0)
            self.estop = (start, start + self.rng.uniform(1.0, 4.0))
        self.result = EpisodeResult(seed, count)
        self.command = (0.0, 0.0)
        self.speaking_until = -math.inf
        self.act: tuple[str, str] = ('', '')
        self.act_reverse = 0.0
        self.heard: set[tuple[int, float]] = set()
        self.colliding: set[int] = set()
        self.walked: dict[int, list[tuple[float, float]]] = {p.index: [] for p in self.people}

    def run(self) -> EpisodeResult:
        c = self.config
        steps = int(round(c.duration * c.world_rate))
        face_every = max(1, int(round(c.world_rate / c.face_rate)))
        tick_every = max(1, int(round(c.world_rate / c.tick_rate)))
        dt = 1.0 / c.world_rate
        try:
            for i in range(steps):
                t = i * dt
                if i % face_every == 0:
                    self.fusion.add_faces(self.camera.frame(self.people, self.robot.pose, t), t)
                self._voices(t, t + dt)
                if i % tick_every == 0:
                    self._tick(t, tick_every * dt)
                self._move(t, dt)
        finally:
            self.decider.close()
        return self.result

    def _voices(self, t0: float, t1: float) -> None:
        for person in self.people:
            for event in person.voice:
                if t0 <= event.time < t1 and event.time >= person.start:
                    if t0 < self.speaking_until:
                        continue  # half-duplex: the robot does not hear while it speaks
                    expression, valence, arousal = MOODS[event.mood]
                    affect = Affect.clamped(expression, valence, arousal, 0.6)
                    self.fusion.add_voice(
                        VoiceCue('voice0', affect, event.transcript, event.commands), t0)

    def _tick(self, t: float, period: float) -> None:
        pressed = self.estop is not None and self.estop[0] <= t < self.estop[1]
        self.fusion.update(t)
        inputs = SocialInputs(now=t, persons=self.fusion.estimate(t), persons_time=t,
                              estop=pressed, robot_speaking=t < self.speaking_until)
        out = self.decider.decide(inputs, self._scan(t) if self.has_scan else None)
        if out.speech > 0.0:
            self.speaking_until = max(self.speaking_until, t) + out.speech
        v, w = out.linear, out.angular
        self._check(out.action, out.target, v, w, pressed, period)
        self.command = (v, w)
        self.fusion.add_velocity(v, w, t)
        r = self.result
        r.acts[out.action] = r.acts.get(out.action, 0) + 1
        if self.record:
            pose = self.robot.pose
            r.snapshots.append(Snapshot(
                t, (pose.x, pose.y, pose.theta),
                tuple((p.x, p.y, p.mood(t)) for p in self.people if t >= p.start),
                out.action, v, w, pressed, out.limited_by))

    def _scan(self, t: float) -> Scan:
        """Return a 360° range scan: the near side of each person's body (three points each)."""
        points = []
        for person in self.people:
            if t < person.start:
                continue
            where = person.placement(self.robot.pose)
            near = where.distance - PERSON_RADIUS
            spread = math.atan2(PERSON_RADIUS, max(where.distance, PERSON_RADIUS))
            for offset in (-0.7 * spread, 0.0, 0.7 * spread):
                points.append((near * math.cos(where.bearing + offset),
                               near * math.sin(where.bearing + offset)))
        return Scan(tuple(points), t)

    def _check(self, action: str, target: str, v: float, w: float, pressed: bool,
               period: float) -> None:
        r, s = self.result, self.safety
        if pressed:
            r.estop_ticks += 1
            if v != 0.0 or w != 0.0:
                r.estop_violations += 1
        if (action, target) != self.act:
            self.act, self.act_reverse = (action, target), 0.0
        if v < 0.0 and not self.has_scan:
            self.act_reverse += -v * period
            r.max_blind_reverse = max(r.max_blind_reverse, self.act_reverse)
        if v > s.max_forward + EPS or -v > s.max_reverse + EPS or abs(w) > (
                s.max_turn_rate + EPS):
            r.speed_violations += 1
        pv, pw = self.command
        if (_speed_up(pv, v) > s.max_accel * period + EPS
                or _speed_up(pw, w) > s.max_turn_acceleration * period + EPS):
            r.accel_violations += 1

    def _move(self, t: float, dt: float) -> None:
        for person in self.people:
            start = math.hypot(person.x - self.robot.pose.x, person.y - self.robot.pose.y)
            person.step(self.robot.pose, t, dt, self.rng)
            closer = start - math.hypot(person.x - self.robot.pose.x,
                                        person.y - self.robot.pose.y)
            walked = [(s, d) for s, d in self.walked[person.index] if t - s < REACTION]
            if closer > 0.0:
                walked.append((t, closer))
            self.walked[person.index] = walked
        before = self.robot.step(*self.command, dt)
        after = self.robot.pose
        r = self.result
        moved = math.hypot(after.x - before.x, after.y - before.y)
        if self.robot.linear > 0.0:
            r.forward_travel += moved
        else:
            r.reverse_travel += moved
        for person in self.people:
            if t < person.start:
                continue
            d0 = math.hypot(person.x - before.x, person.y - before.y)
            d1 = math.hypot(person.x - after.x, person.y - after.y)
            if d1 < d0 - 1e-12:
                credit = sum(d for _, d in self.walked[person.index])
                r.min_clearance = min(r.min_clearance, d1 + credit - self.safety.robot_radius)
            touching = d1 < self.safety.robot_radius + PERSON_RADIUS
            if touching and person.index not in self.colliding:
                r.collisions += 1
            if touching:
                self.colliding.add(person.index)
            else:
                self.colliding.discard(person.index)


def _speed_up(previous: float, new: float) -> float:
    """How much faster ``new`` is than ``previous`` (a change of sign counts from zero)."""
    if previous * new < 0.0:
        previous = 0.0
    return abs(new) - abs(previous)


def run_episode(seed: int, config: EpisodeConfig | None = None,
                params: dict[str, Any] | None = None, record: bool = False) -> EpisodeResult:
    """Run the episode drawn from ``seed`` and return what it measured."""
    return _Loop(seed, config or EpisodeConfig(), dict(params or {}), record).run()
