# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Per-person fusion: weights, decay, voice association, baselines, staleness, distance."""

import math

import pytest
from resonance_robot.core.affect import Affect, Expression
from resonance_robot.core.errors import ConfigError, InvalidInput
from resonance_robot.core.fusion.fusion import AffectFusion, PersonPose, VoiceCue
from resonance_robot.core.fusion.geometry import face_bearing, face_distance
from resonance_robot.core.fusion.merge import expression_scores
from resonance_robot.core.fusion.params import FusionParams
from resonance_robot.core.perception.face.reading import FaceBox, FaceFrame, FaceReading
from resonance_robot.core.sources.affect_script import AffectScript, FaceSegment

P = FusionParams.from_values()


def face(face_id='f1', expression=Expression.SAD, valence=-0.6, arousal=-0.3, confidence=0.8,
         width=100.0, x=270.0, probs=()):
    affect = Affect(expression, valence, arousal, confidence, probs)
    return FaceReading(face_id, FaceBox(x, 190.0, width, width, 1.0), affect, affect)


def frame(*faces):
    return FaceFrame(640, 480, tuple(faces))


def voice(expression=Expression.HAPPY, valence=0.6, arousal=0.3, confidence=0.6,
          transcript='', commands=()):
    return VoiceCue('voice0', Affect(expression, valence, arousal, confidence),
                    transcript, tuple(commands))


def test_a_face_becomes_a_person_with_its_affect():
    fusion = AffectFusion()
    fusion.add_faces(frame(face()), 0.0)
    (p,) = fusion.estimate(0.0)
    assert (p.person_id, p.face_id, p.voice_id) == ('p1', 'f1', '')
    assert p.affect.expression is Expression.SAD
    assert p.affect.valence == pytest.approx(-0.6) and p.affect.confidence == pytest.approx(0.8)
    assert (p.face_weight, p.voice_weight) == (1.0, 0.0)
    assert not p.stale and p.known


def test_face_and_voice_merge_by_confidence_weight():
    fusion = AffectFusion(FusionParams.from_values({'voice_weight': 1.0}))
    fusion.add_faces(frame(face(valence=-0.6, confidence=0.8)), 0.0)
    fusion.add_voice(voice(valence=0.6, confidence=0.4), 0.0)
    (p,) = fusion.estimate(0.0)
    assert p.face_weight == pytest.approx(2 / 3) and p.voice_weight == pytest.approx(1 / 3)
    assert p.affect.valence == pytest.approx((-0.6 * 0.8 + 0.6 * 0.4) / 1.2)
    # 1 - (1 - 0.8)(1 - 0.4) = 0.88, lowered by the disagreement (valence gap 1.2 of 2).
    assert p.affect.confidence == pytest.approx(0.88 * (1 - 0.5 * 0.6))


def test_agreeing_cues_are_more_confident_than_either():
    fusion = AffectFusion()
    fusion.add_faces(frame(face(valence=-0.6, confidence=0.6)), 0.0)
    fusion.add_voice(voice(Expression.SAD, valence=-0.6, arousal=-0.3, confidence=0.5), 0.0)
    (p,) = fusion.estimate(0.0)
    assert p.affect.confidence == pytest.approx(0.8)


def test_old_cues_lose_weight_over_time():
    fusion = AffectFusion()
    fusion.add_faces(frame(face(valence=-0.6)), 0.0)
    fusion.add_voice(voice(valence=0.6), 0.0)
    early = fusion.estimate(0.0)[0]
    fusion.add_voice(voice(valence=0.6), 0.0)  # no newer face: faces decay faster (1 s vs 4 s)
    late = fusion.estimate(1.5)[0]
    assert late.voice_weight > early.voice_weight
    assert late.affect.valence > early.affect.valence
    assert late.affect.confidence < early.affect.confidence


def test_without_fresh_cues_the_person_goes_stale_then_is_forgotten():
    fusion = AffectFusion()
    fusion.add_faces(frame(face()), 0.0)
    assert not fusion.estimate(P.stale_after)[0].stale
    (p,) = fusion.estimate(P.stale_after + 0.01)
    assert p.stale and not p.known and p.affect.expression is Expression.UNKNOWN
    assert p.affect.confidence == 0.0 and not p.engaged
    assert fusion.estimate(P.forget_after + 0.01) == ()


def test_weak_confidence_reads_as_unknown():
    fusion = AffectFusion()
    fusion.add_faces(frame(face(confidence=0.1)), 0.0)
    (p,) = fusion.estimate(0.0)
    assert p.affect.expression is Expression.UNKNOWN and not p.known and not p.stale


def test_the_expression_is_the_weighted_vote_of_class_scores():
    fusion = AffectFusion()
    probs = (('sad', 0.5), ('fear', 0.4), ('neutral', 0.1))
    fusion.add_faces(frame(face(probs=probs)), 0.0)
    fusion.add_voice(voice(Expression.SCARED, -0.5, 0.5, confidence=0.8), 0.0)
    (p,) = fusion.estimate(0.0)
    assert p.affect.expression is Expression.SCARED  # 'fear' is read as scared
    names = [name for name, _ in p.affect.class_probabilities]
    assert names[0] == 'scared' and sum(s for _, s in p.affect.class_probabilities) == (
        pytest.approx(1.0))


def test_expression_scores_ignore_classes_without_a_name():
    affect = Affect(Expression.HAPPY, 0.5, 0.5, 0.9, (('happy', 0.6), ('contempt', 0.2),
                                                      ('bored', 0.2)))
    assert expression_scores(affect) == pytest.approx({'happy': 0.75, 'disgusted': 0.25})


def test_one_face_owns_the_voice():
    fusion = AffectFusion()
    fusion.add_faces(frame(face()), 0.0)
    assert fusion.add_voice(voice(transcript='hello'), 0.1) == 'p1'
    (p,) = fusion.estimate(0.1)
    assert p.voice_id == 'voice0' and p.last_transcript == 'hello'


def test_with_several_faces_the_engaged_then_closest_one_speaks():
    fusion = AffectFusion()
    near, far = face('near', width=120.0, x=100.0), face('far', width=40.0, x=300.0)
    fusion.add_faces(frame(far, near), 0.0)
    assert fusion.add_voice(voice(), 0.1) == 'p2'  # 'near' is closer (bigger face)
    fusion = AffectFusion(FusionParams.from_values({'engaged_distance': 0.0}))
    twin_a, twin_b = face('a', width=80.0, x=20.0), face('b', width=80.0, x=280.0)
    fusion.add_faces(frame(twin_a, twin_b), 0.0)
    assert fusion.add_voice(voice(), 0.1) == 'p2'  # same distance: the more central face


def test_a_voice_with_no_face_in_view_is_a_person_of_its_own():
    fusion = AffectFusion()
    pid = fusion.add_voice(voice(commands=('go_away',), transcript='go away'), 0.0)
    (p,) = fusion.estimate(0.0)
    assert p.person_id == pid and p.face_id == '' and math.isnan(p.distance)
    assert p.last_commands == ('go_away',) and p.engaged
    assert fusion.add_voice(voice(), 1.0) == pid  # the same voice, still no face


def test_words_and_commands_are_held_for_a_while_then_cleared():
    fusion = AffectFusion()
    fusion.add_faces(frame(face()), 0.0)
    fusion.add_voice(voice(commands=('stop',), transcript='stop'), 0.0)
    for t in (0.5, 1.0, 1.5):
        fusion.add_faces(frame(face()), t)
    assert fusion.estimate(1.5)[0].last_commands == ('stop',)
    fusion.add_faces(frame(face()), P.utterance_hold + 0.1)
    assert fusion.estimate(P.utterance_hold + 0.1)[0].last_commands == ()


def test_an_always_smiling_person_is_not_read_as_always_happy():
    fusion = AffectFusion()
    smile = face(expression=Expression.HAPPY, valence=0.4, arousal=0.15, confidence=0.9)
    t = 0.0
    while t < 300.0:
        fusion.add_faces(frame(smile), t)
        fusion.update(t)
        p = fusion.estimate(t)[0]
        t += 0.5
    assert p.baseline[0] == pytest.approx(0.3)  # capped at baseline_max_offset
    assert p.affect.expression is Expression.NEUTRAL
    assert abs(p.affect.valence) < P.neutral_zone
    big = face(expression=Expression.HAPPY, valence=0.95, arousal=0.6, confidence=0.9)
    fusion.add_faces(frame(big), t)
    p = fusion.estimate(t)[0]
    assert p.affect.expression is Expression.HAPPY and p.affect.valence == pytest.approx(0.65)


def test_a_minute_of_joy_is_not_absorbed_and_a_neutral_face_after_it_reads_neutral():
    fusion = AffectFusion()
    joy = face(expression=Expression.HAPPY, valence=0.8, arousal=0.35, confidence=0.9)
    straight = face(expression=Expression.NEUTRAL, valence=-0.2, arousal=0.15, confidence=0.6)
    t = 0.0
    while t < 60.0:
        fusion.add_faces(frame(joy), t)
        fusion.update(t)
        t += 0.5
    assert fusion.estimate(t)[0].affect.valence == pytest.approx(0.8, abs=0.01)  # still joy
    for _ in range(10):
        fusion.add_faces(frame(straight), t)
        fusion.update(t)
        t += 0.5
    p = fusion.estimate(t)[0]
    assert abs(p.baseline[0]) < 0.01
    assert p.affect.valence > -0.3  # not read as sad against a baseline raised by the joy


def test_the_baseline_ramps_in_and_ignores_gaps():
    fusion = AffectFusion()
    fusion.add_faces(frame(face(valence=-0.6)), 0.0)
    fusion.update(0.0)
    fusion.add_faces(frame(face(valence=-0.6)), 1.9)
    fusion.update(1.9)
    p = fusion.estimate(1.9)[0]
    # one second of observation counts (gaps are capped), ramp 1/20: almost no correction
    assert abs(p.baseline[0]) < 0.001
    assert p.affect.valence == pytest.approx(-0.6, abs=0.001)


def test_distance_from_face_size_follows_the_pinhole_model():
    # 640 px wide at 60 degrees: focal = 320 / tan(30°) = 554.3 px; 0.15 m face at 100 px
    assert face_distance(100.0, 640, P) == pytest.approx(554.256 * 0.15 / 100.0, rel=1e-4)
    assert face_distance(200.0, 640, P) == pytest.approx(face_distance(100.0, 640, P) / 2)
    assert math.isnan(face_distance(0.0, 640, P))
    assert face_bearing(320.0, 640, P) == pytest.approx(0.0)
    assert face_bearing(640.0, 640, P) == pytest.approx(-math.radians(30.0))  # right


def test_a_scripted_face_reads_back_at_its_scripted_distance():
    script = AffectScript('s', 5.0, (FaceSegment(0.0, 5.0, distance=2.5, bearing=0.2),))
    fusion = AffectFusion()
    fusion.add_faces(script.face_frame(1.0), 1.0)
    (p,) = fusion.estimate(1.0)
    assert p.distance == pytest.approx(2.5, rel=1e-3) and p.bearing == pytest.approx(0.2)


def test_a_person_pose_gives_the_distance_when_fresh_and_matching():
    fusion = AffectFusion()
    fusion.add_faces(frame(face(width=100.0, x=270.0)), 0.0)
    fusion.set_poses([PersonPose(1.4, 0.02), PersonPose(3.0, 0.8)], 0.0)
    assert fusion.estimate(0.0)[0].distance == pytest.approx(1.4)
    # The poses went stale and the face was seen 0.6 s ago: no remembered distance as current.
    assert math.isnan(fusion.estimate(P.pose_timeout + 0.1)[0].distance)
    fusion.add_faces(frame(face(width=100.0, x=270.0)), P.pose_timeout + 0.1)
    assert fusion.estimate(P.pose_timeout + 0.1)[0].distance == pytest.approx(0.831, abs=1e-3)
    fusion.set_poses([PersonPose(3.0, 0.8)], 1.0)  # no pose in that direction: face size
    fusion.add_faces(frame(face(width=100.0, x=270.0)), 1.0)
    assert fusion.estimate(1.0)[0].distance == pytest.approx(0.831, abs=1e-3)


def test_inference_off_keeps_presence_but_no_affect_and_no_baseline():
    fusion = AffectFusion()
    fusion.add_faces(frame(face()), 0.0)
    fusion.update(0.0)
    fusion.set_inference(False)
    fusion.add_faces(frame(face()), 0.5)
    fusion.add_voice(voice(), 0.5)
    (p,) = fusion.estimate(0.5)
    assert not p.stale and not p.affect.is_known and math.isfinite(p.distance)
    assert p.face_affect == Affect() and p.voice_affect == Affect() and p.baseline == (0, 0)


def test_bad_inputs_and_parameters_are_refused_with_a_reason():
    with pytest.raises(InvalidInput, match='positive size'):
        FaceBox(0, 0, 0, 10, 1.0)
    with pytest.raises(InvalidInput, match='duplicate face ids'):
        frame(face('x'), face('x'))
    with pytest.raises(InvalidInput, match='needs a voice_id'):
        VoiceCue('', Affect())
    with pytest.raises(InvalidInput, match='forget_after'):
        FusionParams.from_values({'stale_after': 5.0, 'forget_after': 2.0})
    with pytest.raises(ConfigError, match='face_width'):
        FusionParams.from_values({'face_width': -1.0})


def test_reading_an_estimate_changes_nothing_only_update_learns_the_baseline():
    fusion = AffectFusion()
    smile = face(expression=Expression.HAPPY, valence=0.4, arousal=0.15, confidence=0.9)
    for i in range(200):
        fusion.add_faces(frame(smile), i * 0.5)
        fusion.estimate(i * 0.5)
    assert fusion.estimate(99.5)[0].baseline == (0.0, 0.0)  # reads never learn
    for i in range(200, 400):
        fusion.add_faces(frame(smile), i * 0.5)
        fusion.update(i * 0.5)
    first, second = fusion.estimate(199.5), fusion.estimate(199.5)
    assert first == second and first[0].baseline[0] > 0.1


def test_a_person_who_left_is_not_reported_and_update_forgets_them():
    fusion = AffectFusion()
    fusion.add_faces(frame(face()), 0.0)
    assert fusion.estimate(P.forget_after + 0.1) == ()
    fusion.update(P.forget_after + 0.1)
    fusion.add_faces(frame(face()), P.forget_after + 0.2)
    assert fusion.estimate(P.forget_after + 0.2)[0].person_id == 'p2'  # a new person
