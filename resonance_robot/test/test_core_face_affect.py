# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Class probabilities to affect, and tracks: stable ids, smoothing that resists one bad frame."""

import math

import numpy as np
import pytest
from resonance_robot.core.affect import Expression
from resonance_robot.core.errors import InvalidInput
from resonance_robot.core.perception.face.affect import (
    affect_probabilities, CLASS_COORDINATES, fer_class, probabilities_to_affect)
from resonance_robot.core.perception.face.expression_model import FER_CLASSES
from resonance_robot.core.perception.face.reading import FaceBox
from resonance_robot.core.perception.face.tracking import AffectSmoother, FaceTracker


def one_hot(name, p=1.0):
    probs = np.full(7, (1.0 - p) / 6.0)
    probs[FER_CLASSES.index(name)] = p
    return probs


def test_each_class_maps_to_its_ros4hri_expression_and_point():
    names = {}
    for name in FER_CLASSES:
        affect = probabilities_to_affect(one_hot(name))
        names[name] = affect.expression.value
        assert (affect.valence, affect.arousal) == pytest.approx(CLASS_COORDINATES[name])
        assert affect.confidence == pytest.approx(1.0)
        assert dict(affect.class_probabilities)[affect.expression.value] == pytest.approx(1.0)
    assert names == {'angry': 'angry', 'disgust': 'disgusted', 'fear': 'scared',
                     'happy': 'happy', 'sad': 'sad', 'surprise': 'surprised',
                     'neutral': 'neutral'}


def test_circumplex_orderings_hold():
    v = {k: c[0] for k, c in CLASS_COORDINATES.items()}
    a = {k: c[1] for k, c in CLASS_COORDINATES.items()}
    assert max(v, key=v.get) == 'happy'
    assert all(v[k] < 0 for k in ('angry', 'disgust', 'fear', 'sad'))
    assert v['surprise'] > 0 > v['angry']
    assert min(a, key=a.get) == 'sad' and a['sad'] < 0
    assert max(a, key=a.get) in ('surprise', 'angry')
    assert a['angry'] > a['disgust'] and a['fear'] > a['disgust'] and a['happy'] > 0
    assert CLASS_COORDINATES['neutral'] == (0.0, 0.0)
    assert all(math.hypot(*c) < 1.0 for c in CLASS_COORDINATES.values())


def test_valence_and_arousal_are_the_probability_weighted_mean():
    probs = np.zeros(7)
    probs[FER_CLASSES.index('happy')] = 0.5
    probs[FER_CLASSES.index('sad')] = 0.5
    affect = probabilities_to_affect(probs * 4.0, detection_score=0.8)  # renormalised
    assert affect.valence == pytest.approx(0.05)
    assert affect.arousal == pytest.approx(-0.025)
    assert affect.confidence == pytest.approx(0.4)  # top probability × detector score
    np.testing.assert_allclose(affect_probabilities(affect), probs)


@pytest.mark.parametrize('bad', [np.zeros(7), np.ones(6), [np.nan] + [0.1] * 6,
                                 [-0.1] + [0.2] * 6])
def test_invalid_probabilities_are_rejected(bad):
    with pytest.raises(InvalidInput):
        probabilities_to_affect(bad)


def test_class_names_in_any_vocabulary():
    assert fer_class('Scared') == 'fear' and fer_class('surprised') == 'surprise'
    assert fer_class('happy') == 'happy' and fer_class('disgusted') == 'disgust'
    with pytest.raises(InvalidInput, match='unknown expression class'):
        fer_class('bored')


def box(x, y, size=80.0, score=0.9):
    return FaceBox(float(x), float(y), size, size, score)


def reading(name, p=0.95, score=0.9):
    return probabilities_to_affect(one_hot(name, p), score)


def test_ids_stay_with_moving_faces_and_new_faces_get_new_ids():
    tracker = FaceTracker()
    ids = []
    for i in range(20):
        t = i / 30.0
        obs = [(box(100 + 4 * i, 100), reading('happy')), (box(400 - 5 * i, 120), reading('sad'))]
        if i >= 10:
            obs.append((box(250, 350), reading('neutral')))
        ids.append([r.face_id for r in tracker.update(obs, t)])
    assert ids[0] == ['face1', 'face2']
    assert all(frame[:2] == ['face1', 'face2'] for frame in ids)
    assert all(frame[2] == 'face3' for frame in ids[10:])
    assert tracker.track_count == 3


def test_fast_small_faces_keep_their_id_by_centre_distance():
    tracker = FaceTracker(iou_threshold=0.3)
    first = tracker.update([(box(100, 100, 30), reading('happy'))], 0.0)
    moved = tracker.update([(box(112, 104, 30), reading('happy'))], 0.033)  # IoU ≈ 0.4
    jumped = tracker.update([(box(128, 104, 30), reading('happy'))], 0.066)  # IoU ≈ 0.2
    assert first[0].face_id == moved[0].face_id == jumped[0].face_id
    assert jumped[0].track_age == 3


def test_a_face_that_stays_away_longer_than_the_timeout_gets_a_new_id():
    tracker = FaceTracker(timeout=0.5)
    a = tracker.update([(box(100, 100), reading('happy'))], 0.0)[0].face_id
    assert tracker.update([], 0.3) == []
    b = tracker.update([(box(100, 100), reading('happy'))], 0.45)[0].face_id
    c = tracker.update([(box(100, 100), reading('happy'))], 1.0)[0].face_id  # gone 0.55 s
    assert a == b != c


def test_one_noisy_frame_does_not_flip_the_smoothed_reading():
    tracker = FaceTracker(smoothing_time=0.5)
    for i in range(30):
        tracker.update([(box(100, 100), reading('happy'))], i / 30.0)
    (noisy,) = tracker.update([(box(100, 100), reading('angry', 0.99))], 1.0)
    assert noisy.raw_affect.expression is Expression.ANGRY
    assert noisy.affect.expression is Expression.HAPPY
    assert noisy.affect.valence > 0.6
    # a real change of expression does come through within a second
    for i in range(1, 31):
        (later,) = tracker.update([(box(100, 100), reading('angry', 0.99))], 1.0 + i / 30.0)
    assert later.affect.expression is Expression.ANGRY and later.affect.valence < -0.4


def test_unsure_frames_weigh_less_than_sure_ones():
    sure, unsure = AffectSmoother(0.5), AffectSmoother(0.5)
    for smoother in (sure, unsure):
        smoother.update(one_hot('happy'), 1.0, 0.9, 0.0)
    sad_sure, _ = sure.update(one_hot('sad'), 0.9, 0.9, 0.1)
    sad_unsure, _ = unsure.update(one_hot('sad'), 0.1, 0.9, 0.1)
    sad = FER_CLASSES.index('sad')
    assert sad_unsure[sad] < sad_sure[sad] / 3


def test_smoothing_depends_on_time_not_frame_rate():
    results = []
    for fps in (10, 60):
        smoother = AffectSmoother(0.5)
        smoother.update(one_hot('happy'), 1.0, 1.0, 0.0)
        for i in range(1, fps + 1):  # one second of sad at this rate
            probs, _ = smoother.update(one_hot('sad'), 1.0, 1.0, i / fps)
        results.append(probs[FER_CLASSES.index('happy')])
    assert results[0] == pytest.approx(results[1], abs=0.05)
    assert AffectSmoother(0.0).update(one_hot('sad'), 1.0, 1.0, 0.0)[0].argmax() == \
        FER_CLASSES.index('sad')


def test_time_running_backwards_starts_afresh():
    tracker = FaceTracker()
    tracker.update([(box(100, 100), reading('happy'))], 10.0)
    (again,) = tracker.update([(box(100, 100), reading('sad'))], 1.0)
    assert again.face_id == 'face2' and again.track_age == 1
    assert again.affect.expression is Expression.SAD
