# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The whole face path without ROS: frames in, tracked faces with affect out."""

import cv2
import numpy as np
import pytest
from resonance_robot.core.affect import Expression
from resonance_robot.core.errors import ConfigError, InvalidInput
from resonance_robot.core.perception.face.pipeline import (
    draw_faces, FaceAffectPipeline, FacePipelineConfig)
from resonance_robot.core.perception.face.samples import (
    astronaut, astronaut_face, background, synthetic_frame)
import torch

torch.set_num_threads(1)


@pytest.fixture(scope='module')
def pipeline():
    return FaceAffectPipeline()


def test_five_drifting_faces_keep_five_ids_and_read_happy(pipeline):
    pipeline.tracker.reset()
    seen = []
    for i in range(12):
        frame, boxes = synthetic_frame(5, i)
        result = pipeline.process(frame, 100.0 + i / 30.0)
        assert (result.image_width, result.image_height) == (640, 480)
        seen.append({face.face_id for face in result.faces})
        for face in result.faces:
            assert face.affect.expression is Expression.HAPPY
            assert face.affect.valence > 0.5 and face.raw_affect.valence > 0.5
            assert 0.0 < face.affect.confidence <= 1.0
    assert all(len(ids) >= 4 for ids in seen)
    assert len(set().union(*seen)) == 5  # no id changes while the faces drift
    assert set(pipeline.last_timings) == {'detect_ms', 'classify_ms', 'track_ms'}


def test_the_largest_faces_are_kept_and_small_ones_ignored():
    pipeline = FaceAffectPipeline(FacePipelineConfig(max_faces=2))
    frame, _ = synthetic_frame(5)
    big = astronaut_face(200)  # one face twice the size of the others
    frame[270:470, 460:460 + big.shape[1]] = big
    faces = pipeline.process(frame, 0.0).faces
    assert len(faces) == 2
    assert faces[0].box.width > 1.5 * faces[1].box.width
    pipeline.reconfigure(FacePipelineConfig(min_face_size=80))
    (only,) = pipeline.process(frame, 0.1).faces
    assert only.box.width >= 80 and only.face_id == faces[0].face_id  # the track survived


def test_no_face_gives_an_empty_frame(pipeline):
    result = pipeline.process(background(), 0.0)
    assert result.faces == () and result.image_width == 640


def test_analyse_reads_a_small_crop_whole_and_a_photo_by_detection(pipeline):
    grey = cv2.cvtColor(astronaut()[60:180, 165:285], cv2.COLOR_BGR2GRAY)
    crop = cv2.cvtColor(cv2.resize(grey, (48, 48), interpolation=cv2.INTER_AREA),
                        cv2.COLOR_GRAY2BGR)
    (face,) = pipeline.analyse(crop)
    assert not face.detected and face.box.pixels() == (0, 0, 48, 48)
    assert face.affect.expression is Expression.HAPPY
    (photo,) = pipeline.analyse(astronaut())
    assert photo.detected and photo.affect.expression is Expression.HAPPY
    assert abs(sum(photo.probabilities) - 1.0) < 1e-4
    # nothing detected in a large image: the whole image is read; detect mode reads nothing
    wall = background()
    (whole,) = pipeline.analyse(wall)
    assert not whole.detected and whole.box.pixels() == (0, 0, 640, 480)
    assert pipeline.analyse(wall, 'detect') == []
    (forced,) = pipeline.analyse(astronaut(), 'crop')
    assert not forced.detected


def test_debug_drawing_marks_each_face(pipeline):
    frame, _ = synthetic_frame(1)
    result = pipeline.process(frame, 500.0)
    drawn = draw_faces(frame, result)
    assert drawn.shape == frame.shape and not np.shares_memory(drawn, frame)
    x, y, w, h = result.faces[0].box.pixels()
    changed = np.any(drawn != frame, axis=2)
    assert changed[y, x:x + w].mean() > 0.9  # the top edge of the box
    assert not changed[y + h // 2, x + w // 2]  # the face itself is left visible


def test_bad_settings_and_images_are_refused(pipeline):
    with pytest.raises(ConfigError, match='detector'):
        FacePipelineConfig(detector='yolo')
    with pytest.raises(ConfigError, match='crop_margin'):
        FacePipelineConfig(crop_margin=-1.0)
    with pytest.raises(InvalidInput):
        pipeline.process(np.zeros((10, 10), np.uint8), 0.0)
    with pytest.raises(ValueError, match='mode'):
        pipeline.analyse(astronaut(), 'guess')
