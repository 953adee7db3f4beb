# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The simulated world: a unicycle robot and 1-5 people on a plane, all in metres and seconds.

The robot integrates the velocity it is commanded; speeding up follows the command (the safety
layer limits acceleration), braking is bounded by ``deceleration`` (a real base cannot stop
at once). People stand, wander, approach the robot or leave, with a scripted affect and voice
cues (:func:`random_people`). A person never walks closer than ``stop_at`` to the robot's
centre (people do not walk into a robot), so any closer approach is the robot's doing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import enum
import math
import random

from ..affect import Affect, Expression
from ..fusion.geometry import integrate, Placement, Pose2D
from ..perception.voice.commands import Command

PERSON_RADIUS = 0.2
"""Half the width of a person's body, metres (collision and occlusion)."""


class Behaviour(str, enum.Enum):
    """How a simulated person moves."""

    STAND = 'stand'
    WANDER = 'wander'
    APPROACH = 'approach'
    LEAVE = 'leave'


MOODS: dict[str, tuple[Expression, float, float]] = {
    'neutral': (Expression.NEUTRAL, 0.0, 0.0),
    'sad': (Expression.SAD, -0.65, -0.3),
    'happy': (Expression.HAPPY, 0.7, 0.4),
    'angry': (Expression.ANGRY, -0.6, 0.65),
    'scared': (Expression.SCARED, -0.6, 0.5),
}


@dataclass(frozen=True)
class VoiceEvent:
    """Something a person says at ``time``: its mood, words and spotted commands."""

    time: float
    mood: str
    transcript: str = ''
    commands: tuple[str, ...] = ()


@dataclass
class SimPerson:
    """One person: position, how they move, their mood over time and what they say."""

    index: int
    x: float
    y: float
    behaviour: Behaviour
    speed: float
    stop_at: float
    moods: tuple[tuple[float, str], ...]
    voice: tuple[VoiceEvent, ...] = ()
    dropouts: tuple[tuple[float, float], ...] = ()
    heading: float = 0.0
    start: float = 0.0

    def mood(self, t: float) -> str:
        """Return the mood at ``t``."""
        current = 'neutral'
        for since, mood in self.moods:
            if t >= since:
                current = mood
        return current

    def affect(self, t: float, rng: random.Random) -> Affect:
        """Return a noisy reading of the face's affect at ``t``."""
        expression, valence, arousal = MOODS[self.mood(t)]
        return Affect.clamped(expression, valence + rng.gauss(0.0, 0.08),
                              arousal + rng.gauss(0.0, 0.08), 0.75)

    def dropped(self, t: float) -> bool:
        """Whether the detector loses this face at ``t`` (a dropout)."""
        return any(a <= t < b for a, b in self.dropouts)

    def step(self, robot: Pose2D, t: float, dt: float, rng: random.Random) -> None:
        """Move for ``dt`` seconds; never closer than ``stop_at`` to the robot."""
        if t < self.start:
            return
        to_robot = math.atan2(robot.y - self.y, robot.x - self.x)
        gap = math.hypot(robot.x - self.x, robot.y - self.y)
        if self.behaviour is Behaviour.STAND:
            return
        if self.behaviour is Behaviour.APPROACH:
            self.heading = to_robot
        elif self.behaviour is Behaviour.LEAVE:
            self.heading = to_robot + math.pi
        else:
            self.heading += rng.gauss(0.0, 0.6) * math.sqrt(dt)
        nx = self.x + self.speed * dt * math.cos(self.heading)
        ny = self.y + self.speed * dt * math.sin(self.heading)
        if math.hypot(robot.x - nx, robot.y - ny) < max(self.stop_at, gap):
            if self.behaviour is not Behaviour.APPROACH:
                self.heading = to_robot + math.pi + rng.uniform(-1.0, 1.0)
            if math.hypot(robot.x - nx, robot.y - ny) < self.stop_at:
                return
        self.x, self.y = nx, ny

    def placement(self, robot: Pose2D) -> Placement:
        """Return where the person is from the robot: distance and bearing."""
        dx, dy = self.x - robot.x, self.y - robot.y
        return Placement(math.hypot(dx, dy),
                         _wrap(math.atan2(dy, dx) - robot.theta))


@dataclass
class SimRobot:
    """A unicycle: commanded velocities integrated, braking at most ``deceleration``."""

    pose: Pose2D = field(default_factory=Pose2D)
    linear: float = 0.0
    angular: float = 0.0
    deceleration: float = 1.0
    turn_deceleration: float = 3.0

    def step(self, linear: float, angular: float, dt: float) -> Pose2D:
        """Follow the command for ``dt`` s; return the pose before the step."""
        self.linear = _follow(self.linear, linear, self.deceleration * dt)
        self.angular = _follow(self.angular, angular, self.turn_deceleration * dt)
        before = self.pose
        self.pose = integrate(self.pose, self.linear, self.angular, dt)
        return before


def _follow(actual: float, commanded: float, brake: float) -> float:
    """Speeding up: as commanded; slowing down or reversing: by at most ``brake``."""
    if actual * commanded >= 0.0 and abs(commanded) >= abs(actual):
        return commanded
    if abs(commanded - actual) <= brake:
        return commanded
    return actual + math.copysign(brake, commanded - actual)


def _wrap(angle: float) -> float:
    return math.atan2(math.sin(angle), math.cos(angle))


def random_people(rng: random.Random, duration: float, count: int) -> list[SimPerson]:
    """Draw ``count`` people with behaviours, moods, voice cues and detector dropouts."""
    people = []
    for i in range(count):
        behaviour = rng.choice(list(Behaviour))
        # Half are there from the start; the others walk in later from farther away (a
        # person does not appear out of nowhere next to the robot).
        start = 0.0 if rng.random() < 0.5 else rng.uniform(0.5, 4.0)
        distance = rng.uniform(1.6, 5.5) if start == 0.0 else rng.uniform(4.5, 6.5)
        # Most stand in front; one in four anywhere around, behind the robot included (where
        # its camera cannot see them and only a range sensor can).
        bearing = rng.uniform(-0.8, 0.8) if rng.random() < 0.75 else rng.uniform(
            -math.pi, math.pi)
        moods = [(0.0, rng.choice(['neutral', 'neutral', 'sad', 'happy']))]
        t = rng.uniform(2.0, 6.0)
        while t < duration:
            moods.append((t, rng.choice(list(MOODS))))
            t += rng.uniform(3.0, 8.0)
        voice = []
        if rng.random() < 0.7:
            t = rng.uniform(0.5, 3.0)
            while t < duration:
                mood = next((m for s, m in reversed(moods) if s <= t), 'neutral')
                said, commands = _words(rng)
                voice.append(VoiceEvent(t, mood, said, commands))
                t += rng.uniform(1.0, 4.0)
        dropouts = []
        t = rng.uniform(0.0, 6.0)
        while t < duration:
            dropouts.append((t, t + rng.uniform(0.1, 2.0)))
            t += rng.uniform(2.0, 8.0)
        people.append(SimPerson(
            index=i, x=distance * math.cos(bearing), y=distance * math.sin(bearing),
            behaviour=behaviour, speed=rng.uniform(0.3, 0.9),
            stop_at=rng.uniform(0.6, 1.6), moods=tuple(moods), voice=tuple(voice),
            dropouts=tuple(dropouts), heading=rng.uniform(-math.pi, math.pi),
            start=start))
    return people


def _words(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    roll = rng.random()
    if roll < 0.05:
        return 'go away', (Command.GO_AWAY.value,)
    if roll < 0.08:
        return 'stop', (Command.STOP.value,)
    return '', ()
