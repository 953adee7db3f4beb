# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The safety layer: the last step before ``cmd_vel``, over every person the robot tracks.

:meth:`SafetyLayer.step` turns an act's requested forward speed into a safe forward speed
and turn rate. The rules, in order (the first that applies decides, ``limited_by`` says which):

1. **E-stop**: zero, on the tick it is seen.
2. **Speech**: no motion while the robot speaks, from the tick the act asks to speak (before
   ``robot_speaking`` arrives) until the estimated speaking time has passed and
   ``robot_speaking`` is false - the voice input ignores audio while the robot speaks, so it
   could not hear 'stop' (``move_while_speaking`` lifts this).
3. **Which act may move**: forward only for approach and comfort, backward only for give
   space and withdraw, turning only toward a target (attend, greet, approach, comfort, share
   joy, and give space / withdraw, which keep facing the person they back away from so the
   camera keeps them in view). Every motion needs the target present.
4. **Turning**: ``turn_gain × bearing`` toward the target, only with a fresh bearing, within
   ``max_turn_rate`` and ``max_turn_acceleration``.
5. **Forward**: only with a fresh scan (a camera does not see people beside the robot, whom
   any forward motion brings closer; ``blind_forward_speed`` allows a slow blind approach for
   a base with its own guards), a known affect, a fresh target position within ``face_bearing``
   of straight ahead, and a fresh position for every person tracked (one the robot tracks but
   cannot place stops it; with a fresh scan, only while they are present, i.e. seen or heard
   within the fusion's ``stale_after``); then no faster than lets the robot stop
   (``v·T + v²/2a``) before the path comes within
   ``robot_radius + personal_space + safety_margin`` of anyone or of any point of a fresh
   scan (a range sensor cannot tell a person's legs from a chair, so
   every scan point is kept at a person's distance; it also covers people outside the
   camera's view).
6. **Backward** (the camera cannot see behind): without a fresh scan, none by default, or at
   most ``blind_reverse_speed`` and ``blind_reverse_distance`` per act where allowed; with
   one, the scan's free travel behind and ``max_reverse``.
7. **Limits**: ``max_forward``/``max_reverse``, and speeding up by at most ``max_accel`` per
   second (slowing down is never limited).
"""

from __future__ import annotations

from dataclasses import dataclass
import math

from .corridor import free_travel, Scan, stoppable_speed
from .params import SafetyParams
from ..decision.actions import ActionKind
from ..fusion.geometry import Placement

K = ActionKind
FORWARD_ACTS = frozenset({K.APPROACH, K.COMFORT})
REVERSE_ACTS = frozenset({K.GIVE_SPACE, K.WITHDRAW})
TURN_ACTS = frozenset({K.ATTEND, K.GREET, K.DISCLOSE, K.APPROACH, K.COMFORT, K.SHARE_JOY,
                       K.GIVE_SPACE, K.WITHDRAW})


@dataclass(frozen=True)
class PersonPlace:
    """A tracked person for the safety layer: where (robot frame), measured when, present."""

    person_id: str
    placement: Placement
    time: float = math.nan
    present: bool = True


@dataclass(frozen=True)
class MotionRequest:
    """What the act asks on this tick and what the robot knows."""

    now: float
    action: ActionKind
    linear: float = 0.0
    target: str = ''
    people: tuple[PersonPlace, ...] = ()
    affect_known: bool = False
    estop: bool = False
    robot_speaking: bool = False
    speech_time: float = 0.0
    """Seconds of speech the act starts on this tick (0: none)."""
    scan: Scan | None = None


@dataclass(frozen=True)
class SafeVelocity:
    """A forward speed (m/s) and turn rate (rad/s, + left) after the rules, and the rule."""

    linear: float
    angular: float = 0.0
    limited_by: str = ''


STILL = SafeVelocity(0.0)


class SafetyLayer:
    """Applies the rules of the module doc; remembers the last command and reverse travel."""

    def __init__(self, params: SafetyParams | None = None) -> None:
        self.params = params or SafetyParams()
        self.previous = STILL
        self._last_now = math.nan
        self._act: tuple[ActionKind, str] | None = None
        self.reversed = 0.0
        self._quiet_from = -math.inf

    def step(self, request: MotionRequest) -> SafeVelocity:
        """Return the safe velocity for ``request`` and remember it."""
        now = request.now
        dt = now - self._last_now if math.isfinite(self._last_now) else 0.0
        self._last_now = now
        if dt > 0.0 and self.previous.linear < 0.0:
            self.reversed += -self.previous.linear * dt
        act = (request.action, request.target)
        if act != self._act:
            self._act, self.reversed = act, 0.0
        if request.speech_time > 0.0:
            self._quiet_from = max(self._quiet_from, now + request.speech_time)
        result = self._decide(request, max(dt, 0.0))
        self.previous = result
        return result

    def _decide(self, request: MotionRequest, dt: float) -> SafeVelocity:
        p = self.params
        if request.estop:
            return SafeVelocity(0.0, 0.0, 'e-stop')
        if not p.move_while_speaking and (request.robot_speaking or request.now < (
                self._quiet_from)):
            return SafeVelocity(0.0, 0.0, 'speaking (cannot hear stop)')
        target = self._person(request, request.target)
        if target is None or not target.present:
            why = 'target not present' if request.target else ''
            return SafeVelocity(0.0, 0.0, why if request.linear else '')
        fresh = self._fresh(target, request.now)
        angular, turn_why = self._turn(request, target, fresh, dt)
        linear, why = self._linear(request, target, fresh, dt)
        return SafeVelocity(linear, angular, why or turn_why)

    @staticmethod
    def _person(request: MotionRequest, person_id: str) -> PersonPlace | None:
        if not person_id:
            return None
        return next((p for p in request.people if p.person_id == person_id), None)

    def _fresh(self, person: PersonPlace, now: float) -> bool:
        return person.placement.known and now - person.time <= self.params.max_geometry_age

    def _turn(self, request: MotionRequest, target: PersonPlace, fresh: bool,
              dt: float) -> tuple[float, str]:
        p = self.params
        if request.action not in TURN_ACTS or not fresh:
            return 0.0, ''
        wanted = max(-p.max_turn_rate, min(p.max_turn_rate,
                                           p.turn_gain * target.placement.bearing))
        return _accelerate(wanted, self.previous.angular, p.max_turn_acceleration, dt)

    def _linear(self, request: MotionRequest, target: PersonPlace, fresh: bool,
                dt: float) -> tuple[float, str]:
        speed = request.linear
        if not math.isfinite(speed) or speed == 0.0:
            return 0.0, ''
        if speed > 0.0:
            limit, why = self._forward_limit(request, target, fresh)
            if speed > limit:
                speed = limit
            else:
                why = ''
        else:
            limit, why = self._reverse_limit(request)
            if -speed > limit:
                speed = -limit
            else:
                why = ''
        if speed == 0.0:
            return 0.0, why
        speed, accel_why = _accelerate(speed, self.previous.linear, self.params.max_accel, dt)
        return speed, why or accel_why

    def _forward_limit(self, request: MotionRequest, target: PersonPlace,
                       fresh: bool) -> tuple[float, str]:
        p = self.params
        if request.action not in FORWARD_ACTS:
            return 0.0, f'{request.action} does not drive forward'
        if not request.affect_known:
            return 0.0, 'affect unknown'
        scan = self._scan(request)
        if scan is None and p.blind_forward_speed <= 0.0:
            return 0.0, 'no range sensor (scan): no forward motion'
        if not fresh:
            return 0.0, f'position of {target.person_id} not fresh'
        if abs(target.placement.bearing) > p.face_bearing:
            return 0.0, f'turning toward {target.person_id} first'
        room, who = math.inf, ''
        for person in request.people:
            if not self._fresh(person, request.now):
                if person.present or scan is None:
                    return 0.0, f'position of {person.person_id} unknown'
                continue  # not seen or heard for a while: the scan covers where they may be
            x, y = person.placement.xy
            travel = free_travel(x, y, p.keep_out)
            if travel < room:
                room, who = travel, f'personal space of {person.person_id}'
        if scan is not None:
            travel = scan.free_travel(p.keep_out, forward=True)
            if travel < room:
                room, who = travel, 'obstacle ahead (scan)'
        speed = stoppable_speed(room, p.max_deceleration, p.control_period)
        if scan is None and p.blind_forward_speed < min(speed, p.max_forward):
            return p.blind_forward_speed, 'blind forward (no scan)'
        if speed < p.max_forward:
            return speed, who
        return p.max_forward, 'speed limit'

    def _reverse_limit(self, request: MotionRequest) -> tuple[float, str]:
        p = self.params
        if request.action not in REVERSE_ACTS:
            return 0.0, f'{request.action} does not drive backward'
        scan = self._scan(request)
        if scan is None:
            if p.blind_reverse_distance <= 0.0 or p.blind_reverse_speed <= 0.0:
                return 0.0, 'no range sensor (scan): no reverse motion'
            if self.reversed >= p.blind_reverse_distance:
                return 0.0, 'blind reverse distance used'
            room = p.blind_reverse_distance - self.reversed
            speed = min(p.blind_reverse_speed,
                        stoppable_speed(room, p.max_deceleration, p.control_period))
            return speed, 'blind reverse (no scan)'
        travel = scan.free_travel(p.keep_out, forward=False)
        speed = stoppable_speed(travel, p.max_deceleration, p.control_period)
        if speed < p.max_reverse:
            return speed, 'obstacle behind (scan)'
        return p.max_reverse, 'speed limit'

    def _scan(self, request: MotionRequest) -> Scan | None:
        scan = request.scan
        if scan is None or request.now - scan.time > self.params.scan_timeout:
            return None
        return scan


def _accelerate(wanted: float, previous: float, accel: float, dt: float) -> tuple[float, str]:
    """Limit speeding up (and reversing direction) to ``accel`` per second; slowing is free."""
    if wanted * previous < 0.0:
        previous = 0.0  # reversing direction: from a stop
    if abs(wanted) <= abs(previous):
        return wanted, ''
    step = accel * dt
    if abs(wanted) - abs(previous) > step:
        return math.copysign(abs(previous) + step, wanted), 'acceleration'
    return wanted, ''
