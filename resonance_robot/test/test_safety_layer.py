# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The safety layer and the geometry under it: every rule, one test at least."""

import math

import pytest
from resonance_robot.core.decision.actions import ActionKind
from resonance_robot.core.fusion.fusion import AffectFusion
from resonance_robot.core.fusion.geometry import EgoMotion, integrate, Placement, Pose2D, relocate
from resonance_robot.core.fusion.params import FusionParams
from resonance_robot.core.perception.face.reading import FaceBox, FaceFrame, FaceReading
from resonance_robot.core.safety.corridor import (
    free_travel, Scan, stoppable_speed, stopping_distance)
from resonance_robot.core.safety.layer import MotionRequest, PersonPlace, SafetyLayer
from resonance_robot.core.safety.params import SafetyParams

A = ActionKind
P = SafetyParams()
OPEN = Scan((), 0.0)
"""A fresh scan with nothing in range: an open room (re-stamped each tick by ``run``)."""


def ahead(pid, distance, bearing=0.0, t=0.0, present=True):
    return PersonPlace(pid, Placement(distance, bearing), t, present)


def request(action=A.COMFORT, linear=0.25, people=None, **kwargs):
    people = (ahead('p1', 3.0),) if people is None else people
    values = {'now': 0.0, 'action': action, 'linear': linear, 'target': 'p1',
              'people': people, 'affect_known': True, 'scan': OPEN}
    values.update(kwargs)
    return MotionRequest(**values)


def run(layer, req, ticks=20, dt=0.1, t0=0.0):
    """Step the layer ``ticks`` times with ``req`` (people and scan re-stamped each tick)."""
    outs = []
    for i in range(ticks):
        now = t0 + i * dt
        people = tuple(PersonPlace(p.person_id, p.placement, now, p.present)
                       for p in req.people)
        scan = Scan(req.scan.points, now) if req.scan is not None else None
        outs.append(layer.step(MotionRequest(**{**req.__dict__, 'now': now,
                                                'people': people, 'scan': scan})))
    return outs


# -- geometry ---------------------------------------------------------------------------

def test_a_sighting_is_moved_by_the_robots_own_motion():
    seen = Placement(2.0, 0.0)
    after = integrate(Pose2D(), 0.25, 0.0, 2.0)  # 0.5 m forward
    assert relocate(seen, Pose2D(), after).distance == pytest.approx(1.5)
    turned = integrate(Pose2D(), 0.0, 0.5, 1.0)  # turned 0.5 rad left
    assert relocate(seen, Pose2D(), turned).bearing == pytest.approx(-0.5)


def test_ego_motion_answers_only_inside_its_history():
    motion = EgoMotion(hold=0.5)
    assert motion.pose_at(0.0) is None
    motion.add_velocity(0.2, 0.0, 1.0)
    assert motion.pose_at(0.5) is None  # before the first record
    assert motion.pose_at(1.4).x == pytest.approx(0.08)
    assert motion.pose_at(1.6) is None  # moving, and no news for longer than hold
    motion.add_velocity(0.0, 0.0, 1.5)
    assert motion.pose_at(10.0).x == pytest.approx(0.1)  # stopped: stays put


def _frame(width):
    box = FaceBox(320 - width / 2, 200, width, width, 1.0)
    return FaceFrame(640, 480, (FaceReading('f1', box, _affect(), _affect()),))


def _affect():
    from resonance_robot.core.affect import Affect, Expression
    return Affect.clamped(Expression.SAD, -0.6, -0.2, 0.8)


def test_fusion_never_republishes_a_remembered_distance_as_current():
    params = FusionParams.from_values()
    fusion = AffectFusion(params)
    width = params.focal_scale * 640 * params.face_width / 2.0  # 2 m away
    fusion.add_faces(_frame(width), 0.0)
    (p,) = fusion.estimate(0.1)
    assert p.distance == pytest.approx(2.0) and p.distance_measured
    assert p.distance_time == 0.0 and p.bearing == pytest.approx(0.0)
    (p,) = fusion.estimate(params.dead_reckon_horizon - 0.05)
    assert math.isnan(p.distance)  # no motion history: unknown after geometry_fresh
    fusion.add_velocity(0.25, 0.0, 1.0)
    fusion.add_faces(_frame(width), 1.0)
    (p,) = fusion.estimate(1.4)  # drove 0.1 m since: dead-reckoned, not measured
    assert p.distance == pytest.approx(1.9) and not p.distance_measured
    assert p.distance_time == 1.0
    (p,) = fusion.estimate(1.0 + params.dead_reckon_horizon + 0.01)
    assert math.isnan(p.distance) and math.isnan(p.distance_time)


# -- corridor ---------------------------------------------------------------------------

def test_free_travel_and_stopping():
    assert free_travel(3.0, 0.0, 1.55) == pytest.approx(1.45)
    assert free_travel(3.0, 1.6, 1.55) == math.inf  # beside the path
    assert free_travel(-1.0, 0.0, 1.55) == math.inf  # behind: driving away
    assert free_travel(1.0, 0.0, 1.55) == 0.0  # already too close
    v = stoppable_speed(0.5, 1.0, 0.1)
    assert stopping_distance(v, 1.0, 0.1) == pytest.approx(0.5)
    assert stoppable_speed(0.0, 1.0, 0.1) == 0.0


# -- the layer --------------------------------------------------------------------------

def test_estop_zeroes_on_the_tick_it_is_seen():
    layer = SafetyLayer()
    moving = run(layer, request(), ticks=10)
    assert moving[-1].linear > 0.0
    out = layer.step(request(now=1.0, estop=True, people=(ahead('p1', 3.0, t=1.0),)))
    assert out.linear == 0.0 and out.angular == 0.0 and out.limited_by == 'e-stop'


def test_forward_needs_a_fresh_target_position_and_known_affect():
    assert run(SafetyLayer(), request(affect_known=False))[-1].limited_by == 'affect unknown'
    layer = SafetyLayer()
    old = request(people=(ahead('p1', 3.0, t=-10.0),))
    assert layer.step(old).limited_by == 'position of p1 not fresh'


def test_a_tracked_person_that_cannot_be_placed_stops_forward_motion():
    lost = PersonPlace('p2', Placement(math.nan, 0.3), math.nan, True)
    outs = run(SafetyLayer(), request(people=(ahead('p1', 3.0), lost)))
    assert all(o.linear == 0.0 for o in outs)
    assert outs[-1].limited_by == 'position of p2 unknown'


def test_a_bystander_in_the_path_stops_forward_motion_one_beside_it_does_not():
    target = ahead('p1', 3.0, bearing=0.3)  # within face_bearing: no turning first
    bystander = ahead('p2', 1.0, bearing=0.0)
    outs = run(SafetyLayer(), request(people=(target, bystander)))
    assert all(o.linear == 0.0 for o in outs)
    assert outs[-1].limited_by == 'personal space of p2'
    beside = ahead('p2', 2.0, bearing=math.pi / 2)
    assert run(SafetyLayer(), request(people=(target, beside)))[-1].linear > 0.0


def test_forward_speed_lets_the_robot_stop_before_the_keep_out():
    layer = SafetyLayer()
    outs = run(layer, request(people=(ahead('p1', 1.7),)), ticks=30)
    room = 1.7 - P.keep_out
    assert 0.0 < outs[-1].linear <= stoppable_speed(room, P.max_deceleration,
                                                    P.control_period) + 1e-9
    assert run(SafetyLayer(), request(people=(ahead('p1', 1.5),)))[-1].linear == 0.0


def test_turns_toward_the_target_first_within_rate_and_acceleration():
    outs = run(SafetyLayer(), request(people=(ahead('p1', 3.0, bearing=0.8),)), ticks=20)
    assert all(o.linear == 0.0 for o in outs)  # turning first
    assert outs[0].angular == 0.0  # from rest: acceleration-limited
    assert outs[1].angular == pytest.approx(P.max_turn_acceleration * 0.1)
    assert max(o.angular for o in outs) == pytest.approx(P.max_turn_rate)
    right = run(SafetyLayer(), request(people=(ahead('p1', 3.0, bearing=-0.8),)))
    assert min(o.angular for o in right) < 0.0


def test_without_a_scan_no_reverse_by_default():
    outs = run(SafetyLayer(), request(action=A.WITHDRAW, linear=-0.15, scan=None))
    assert all(o.linear == 0.0 for o in outs)
    assert outs[-1].limited_by == 'no range sensor (scan): no reverse motion'


BLIND = SafetyParams(blind_reverse_distance=0.5)
"""A camera-only robot whose integrator allows a slow, bounded blind reverse."""


def test_reverse_without_a_scan_is_slow_and_bounded_per_act():
    layer = SafetyLayer(BLIND)
    outs = run(layer, request(action=A.WITHDRAW, linear=-0.15, scan=None), ticks=100)
    assert min(o.linear for o in outs) >= -BLIND.blind_reverse_speed - 1e-9
    travelled = sum(-o.linear * 0.1 for o in outs)
    assert travelled <= BLIND.blind_reverse_distance + 1e-9
    assert outs[-1].linear == 0.0 and outs[-1].limited_by == 'blind reverse distance used'
    again = run(layer, request(action=A.GIVE_SPACE, linear=-0.15, scan=None), ticks=10,
                t0=10.0)
    assert min(o.linear for o in again) < 0.0  # a new act: a new allowance


def test_without_a_scan_no_forward_motion_unless_blind_forward_is_allowed():
    outs = run(SafetyLayer(), request(scan=None), ticks=20)
    assert all(o.linear == 0.0 for o in outs)
    assert outs[-1].limited_by == 'no range sensor (scan): no forward motion'
    slow = SafetyParams(blind_forward_speed=0.1)
    outs = run(SafetyLayer(slow), request(scan=None), ticks=20)
    assert max(o.linear for o in outs) == pytest.approx(0.1)
    assert outs[-1].limited_by == 'blind forward (no scan)'
    bystander = ahead('p2', 1.0, bearing=0.0)  # the corridor still holds without a scan
    outs = run(SafetyLayer(slow), request(scan=None, people=(ahead('p1', 3.0), bystander)))
    assert all(o.linear == 0.0 for o in outs)
    layer = SafetyLayer()  # a scan older than scan_timeout: no range sensor
    stale = [layer.step(request(now=i * 0.1, scan=Scan((), -5.0),
                                people=(ahead('p1', 3.0, t=i * 0.1),))) for i in range(20)]
    assert all(o.linear == 0.0 for o in stale)


def test_reverse_with_a_free_scan_goes_faster_and_stops_for_an_obstacle_behind():
    free = Scan(((3.0, 0.0),), 0.0)
    outs = run(SafetyLayer(), request(action=A.WITHDRAW, linear=-0.15, scan=free), ticks=40)
    assert min(o.linear for o in outs) == pytest.approx(-P.max_reverse)
    blocked = Scan(((-1.5, 0.0),), 0.0)
    outs = run(SafetyLayer(), request(action=A.WITHDRAW, linear=-0.15, scan=blocked))
    assert all(o.linear == 0.0 for o in outs)


def test_a_scan_point_in_the_path_stops_forward_motion():
    obstacle = Scan(((1.2, 0.1),), 0.0)
    outs = run(SafetyLayer(), request(scan=obstacle), ticks=10)
    assert all(o.linear == 0.0 for o in outs)
    layer = SafetyLayer(BLIND)  # a scan older than scan_timeout does not count: blind reverse
    stale = [layer.step(request(now=i * 0.1, action=A.WITHDRAW, linear=-0.15,
                                scan=Scan(((3.0, 0.0),), -5.0))) for i in range(30)]
    assert min(o.linear for o in stale) == pytest.approx(-BLIND.blind_reverse_speed)


def test_acts_that_do_not_move_do_not_move():
    for action in (A.ATTEND, A.SHARE_JOY, A.HALT, A.IDLE):
        assert run(SafetyLayer(), request(action=action, linear=0.2))[-1].linear == 0.0
    assert run(SafetyLayer(), request(action=A.COMFORT, linear=-0.2))[-1].linear == 0.0
    assert run(SafetyLayer(), request(action=A.WITHDRAW, linear=0.2))[-1].linear == 0.0


def test_no_motion_while_speaking():
    layer = SafetyLayer()
    outs = run(layer, request(robot_speaking=True))
    assert all(o.linear == 0.0 and o.angular == 0.0 for o in outs)
    layer = SafetyLayer()
    first = layer.step(request(speech_time=2.0))  # speech starts: before robot_speaking
    later = run(layer, request(), ticks=15, t0=0.1)
    assert first.linear == 0.0 and all(o.linear == 0.0 for o in later)
    assert run(layer, request(), ticks=10, t0=2.5)[-1].linear > 0.0


def test_speeding_up_is_limited_slowing_down_is_not():
    layer = SafetyLayer()
    outs = run(layer, request(), ticks=20)
    steps = [b.linear - a.linear for a, b in zip(outs, outs[1:])]
    assert max(steps) <= P.max_accel * 0.1 + 1e-9
    stop = layer.step(request(now=2.0, linear=0.0, people=(ahead('p1', 3.0, t=2.0),)))
    assert stop.linear == 0.0
