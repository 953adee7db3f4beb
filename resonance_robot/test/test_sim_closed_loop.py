# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Closed-loop properties over thousands of seeded episodes, and the issue's two scenes.

Episodes run the real fusion and safety layer in the simulated world (``sim/``): with random
act requests (a fuzzer of the decision: whatever an act asks, the layer must keep it safe)
and with the real social tree.
"""

import math

import py_trees
import pytest
from resonance_robot.core.affect import Affect, Expression
from resonance_robot.core.decision.actions import ActionKind
from resonance_robot.core.decision.situation import SocialInputs
from resonance_robot.core.fusion.fusion import AffectFusion, VoiceCue
from resonance_robot.core.fusion.geometry import integrate, Pose2D
from resonance_robot.core.perception.face.reading import FaceBox, FaceFrame, FaceReading
from resonance_robot.core.safety.corridor import Scan
from resonance_robot.sim.batch import CLEARANCE_TOLERANCE, run_batch
from resonance_robot.sim.episode import EpisodeConfig
from resonance_robot.tree.runtime import SocialTree


@pytest.fixture(autouse=True)
def clean_blackboard():
    py_trees.blackboard.Blackboard.clear()
    yield
    py_trees.blackboard.Blackboard.clear()


def _assert_safe(summary, clearance=True):
    if clearance:
        assert summary['min_clearance_m'] is not None
        assert summary['min_clearance_m'] >= summary['personal_space_m'] - CLEARANCE_TOLERANCE
    assert summary['collisions'] == 0
    assert summary['estop_violations'] == 0 and summary['estop_ticks'] > 0
    assert summary['max_blind_reverse_m'] <= summary['blind_reverse_bound_m'] + 1e-6
    assert summary['speed_violations'] == 0 and summary['accel_violations'] == 0


def test_random_act_requests_with_a_scan_stay_safe_over_2000_episodes():
    summary, _ = run_batch(2000, 1, EpisodeConfig(decider='random', duration=6.0))
    _assert_safe(summary)
    assert summary['forward_travel_m'] > 5.0 and summary['reverse_travel_m'] > 5.0


def test_random_act_requests_camera_only_do_not_move_the_robot_over_400_episodes():
    # Without a scan the robot neither drives forward (people beside it are outside the
    # camera's view) nor backs up (nor behind it): it only turns, which brings no one closer.
    summary, _ = run_batch(400, 2, EpisodeConfig(decider='random', duration=6.0,
                                                 scan_probability=0.0))
    _assert_safe(summary, clearance=False)
    assert summary['min_clearance_m'] is None and summary['collisions'] == 0
    assert summary['forward_travel_m'] == 0.0 and summary['reverse_travel_m'] == 0.0


def test_camera_only_blind_reverse_where_allowed_keeps_its_bound_over_800_episodes():
    # An integrator may allow a slow, bounded blind reverse (blind_reverse_distance): the
    # bound, e-stop and limits hold; clearance to someone unseen behind is not promised.
    summary, _ = run_batch(800, 2, EpisodeConfig(decider='random', duration=6.0,
                                                 scan_probability=0.0),
                           params={'blind_reverse_distance': 0.5})
    _assert_safe(summary, clearance=False)
    assert summary['forward_travel_m'] == 0.0
    assert summary['max_blind_reverse_m'] > 0.3  # blind reverse was exercised to its bound


def test_the_social_tree_in_closed_loop_stays_safe():
    summary, _ = run_batch(24, 3, EpisodeConfig(duration=30.0, estop_probability=0.6))
    _assert_safe(summary, clearance=summary['min_clearance_m'] is not None)
    assert summary['forward_travel_m'] + summary['reverse_travel_m'] > 0.5


# -- the scenes of the issue, in pure code -----------------------------------------------

SAD = Affect.clamped(Expression.SAD, -0.7, -0.3, 0.85)


def _box(distance, bearing, fusion):
    p = fusion.params
    focal = p.focal_scale * 640
    width = focal * p.face_width / distance
    centre = 320 - focal * math.tan(bearing)
    return FaceBox(centre - width / 2, 200.0, width, width, 1.0)


def _closed_loop(people, seconds, lost_after=math.inf, voice_every=0.9):
    """
    Drive fusion and the tree at 10 Hz (faces at 15 Hz) with people standing still.

    ``people`` maps a face id to (x, y) in the world; the robot starts at the origin facing
    +x. Faces are lost after ``lost_after`` s; the first person keeps talking sadly.
    """
    tree = SocialTree({'comfort_after': 1.0, 'disclosure': '', 'move_while_speaking': True},
                      namespace='/scene')
    fusion = AffectFusion()
    pose, outs, t = Pose2D(), [], 0.0
    next_voice = 0.5
    try:
        for i in range(int(seconds * 30)):
            t = i / 30.0
            if i % 2 == 0 and t < lost_after:
                faces = []
                for face_id, (x, y) in people.items():
                    dx, dy = x - pose.x, y - pose.y
                    d = math.hypot(dx, dy)
                    b = math.atan2(dy, dx) - pose.theta
                    faces.append(FaceReading(face_id, _box(d, b, fusion), SAD, SAD))
                fusion.add_faces(FaceFrame(640, 480, tuple(faces)), t)
            if t >= next_voice:
                fusion.add_voice(VoiceCue('voice0', SAD, 'i feel so sad'), t)
                next_voice += voice_every
            if i % 3 == 0:
                fusion.update(t)
                # A range sensor that reports nothing: the camera alone must keep the corridor.
                out = tree.tick(SocialInputs(now=t, persons=fusion.estimate(t), persons_time=t),
                                Scan((), t))
                fusion.add_velocity(out.linear, out.angular, t)
                outs.append(out)
            pose = integrate(pose, outs[-1].linear, outs[-1].angular, 1 / 30)
    finally:
        tree.shutdown()
    return outs, pose


def test_a_face_lost_mid_approach_stops_forward_motion_within_half_a_second():
    people = {'f1': (5.0, 0.0)}
    outs, _ = _closed_loop(people, 9.0)
    moving = [o for o in outs if o.linear > 0.0]
    assert moving, 'the robot approaches to comfort'
    lost_at = moving[len(moving) // 2].now  # mid-approach
    outs, pose = _closed_loop(people, lost_at + 3.0, lost_after=lost_at)
    after = [o for o in outs if o.now >= lost_at + 0.5]
    assert after and all(o.linear <= 0.0 for o in after)
    assert any(o.command.action in (ActionKind.COMFORT, ActionKind.APPROACH) for o in after)
    assert 5.0 - pose.x >= 1.55 - 0.05  # never inside the keep-out


def test_a_bystander_in_the_path_stops_forward_motion():
    # The target sad at the left edge of the image, 3 m away; a bystander 1.0 m dead ahead.
    people = {'f1': (3.0 * math.cos(0.45), 3.0 * math.sin(0.45)), 'f2': (1.0, 0.0)}
    outs, pose = _closed_loop(people, 8.0)
    assert any(o.command.action in (ActionKind.COMFORT, ActionKind.APPROACH) for o in outs)
    assert all(o.linear <= 0.0 for o in outs)
    assert math.hypot(1.0 - pose.x, pose.y) >= 1.0 - 1e-6
