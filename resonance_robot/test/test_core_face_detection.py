# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Face detectors: BlazeFace decoding (anchors, NMS, letterbox) and Haar, on real faces."""

import numpy as np
import pytest
from resonance_robot.core.errors import InvalidInput, ModelUnavailable
from resonance_robot.core.perception.face import detection as fd
from resonance_robot.core.perception.face.samples import astronaut, background, synthetic_frame

HEAD = fd.FaceBox(175.0, 70.0, 100.0, 100.0, 1.0)
"""The astronaut's face, by eye (skimage.data.astronaut())."""


def test_anchor_grids_match_mediapipe_model_outputs():
    short = fd.ssd_anchor_centers(128, (8, 16, 16, 16), 1.0)
    full = fd.ssd_anchor_centers(192, (4,), 0.0)
    assert len(short) == 896 and len(full) == 2304
    # stride 8: 16×16 cells × 2 anchors first, then stride 16: 8×8 cells × 6 anchors
    np.testing.assert_allclose(short[0], [0.5 / 16, 0.5 / 16])
    np.testing.assert_allclose(short[1], short[0])
    np.testing.assert_allclose(short[2], [1.5 / 16, 0.5 / 16])
    np.testing.assert_allclose(short[512], [0.5 / 8, 0.5 / 8])
    np.testing.assert_allclose(short[512:518], np.repeat(short[512:513], 6, axis=0))
    np.testing.assert_allclose(full[-1], [47.5 / 48, 47.5 / 48])


def test_weighted_nms_averages_overlapping_boxes_and_keeps_separate_ones():
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [50, 50, 60, 60]], np.float32)
    scores = np.array([0.9, 0.6, 0.7], np.float32)
    points = np.zeros((3, 6, 2), np.float32)
    out = fd.weighted_nms(boxes, scores, points, 0.3)
    assert [round(score, 2) for _, score, _ in out] == [0.9, 0.7]
    merged = out[0][0]
    np.testing.assert_allclose(merged, [0.4, 0.4, 10.4, 10.4], atol=1e-5)  # 0.9:0.6 weights
    np.testing.assert_allclose(out[1][0], boxes[2])


@pytest.mark.parametrize('name', fd.DETECTORS)
def test_each_detector_finds_the_astronaut(name):
    detector = fd.make_detector(name)
    faces = detector.detect(astronaut())
    assert len(faces) == 1
    face = faces[0]
    assert face.iou(HEAD) > 0.6, face
    assert 0.5 <= face.score <= 1.0
    if name.startswith('blazeface'):
        (rx, ry), (lx, ly) = face.keypoints[:2]
        assert rx < lx and abs(ry - ly) < 15  # two eyes, level, subject's right on the left
        nose = face.keypoints[2]
        assert face.x < nose[0] < face.x + face.width and ry < nose[1] < face.y + face.height


@pytest.mark.parametrize('name', fd.DETECTORS)
def test_no_faces_on_a_plain_wall(name):
    assert fd.make_detector(name).detect(background()) == []


def test_full_range_blazeface_finds_five_small_faces():
    frame, boxes = synthetic_frame(5)
    faces = fd.make_detector('blazeface_full', score_threshold=0.5).detect(frame)
    assert len(faces) == 5
    for x, y, w, h in boxes:
        assert any(x <= f.center[0] <= x + w and y <= f.center[1] <= y + h for f in faces)


@pytest.mark.parametrize('variant', ['short', 'full'])
def test_letterbox_maps_back_to_image_pixels(variant):
    import cv2

    detector = fd.BlazeFaceDetector(variant)
    wide = np.zeros((240, 400, 3), np.uint8)  # the head region, shrunk, right of centre
    wide[:, 150:390] = cv2.resize(astronaut()[0:300, 80:380], (240, 240),
                                  interpolation=cv2.INTER_AREA)
    tensor, scale, pad_x, pad_y = detector.letterbox(wide)
    size = detector.variant.input_size
    assert tensor.shape == (1, size, size, 3)
    assert scale == pytest.approx(size / 400) and pad_x == 0
    assert pad_y == pytest.approx((size - 240 * scale) / 2, abs=1)
    assert tensor.min() >= -1.0 and np.all(tensor[0, :int(pad_y)] == -1.0)  # black border
    k = 240 / 300
    expected = fd.FaceBox(150 + (HEAD.x - 80) * k, HEAD.y * k, HEAD.width * k,
                          HEAD.height * k, 1.0)
    (face,) = detector.detect(wide)
    assert face.iou(expected) > 0.6, (face, expected)


def test_bad_images_and_missing_models_are_reported(tmp_path):
    detector = fd.make_detector('haar')
    with pytest.raises(InvalidInput):
        detector.detect(np.zeros((10, 10), np.uint8))
    with pytest.raises(ModelUnavailable, match='missing'):
        fd.BlazeFaceDetector('full', model=tmp_path / 'none.tflite')
    with pytest.raises(ModelUnavailable, match='missing'):
        fd.HaarFaceDetector(cascade=tmp_path / 'none.xml')
    with pytest.raises(ValueError, match='known: blazeface_full'):
        fd.make_detector('yolo')


def test_face_box_geometry_and_validation():
    a = fd.FaceBox(0, 0, 10, 10, 0.5)
    b = fd.FaceBox(5, 0, 10, 10, 0.5)
    assert a.iou(b) == pytest.approx(50 / 150)
    assert a.iou(fd.FaceBox(20, 20, 5, 5, 0.5)) == 0.0
    assert fd.FaceBox(-5, -5, 10, 10, 1.0).clipped(100, 100) == fd.FaceBox(0, 0, 5, 5, 1.0)
    assert fd.FaceBox(200, 0, 10, 10, 1.0).clipped(100, 100) is None
    assert fd.FaceBox(1.4, 2.6, 10.2, 9.9, 1.0).pixels() == (1, 3, 11, 9)
    for bad in ((0, 0, 0, 10, 0.5), (0, 0, 10, 10, 1.5), (float('nan'), 0, 10, 10, 0.5)):
        with pytest.raises(ValueError):
            fd.FaceBox(*bad)
