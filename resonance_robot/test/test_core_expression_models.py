# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The expression models by name: the network trained here, the mini-Xception, their average.

The trained network's weights ship in the package; these tests check that they load without
pickle, are the file the model card describes (the checksum stored in the file matches the
weights), read the astronaut as happy, and that the training script reproduces itself
(same seed, same data → the same weights) on a small synthetic folder.
"""

import csv
import pathlib
import subprocess
import sys

import cv2
import numpy as np
import pytest
from resonance_robot.core.errors import ConfigError, ModelUnavailable
from resonance_robot.core.perception.face import expression_model as em
from resonance_robot.core.perception.face import expression_net as en
from resonance_robot.core.perception.face.models import (
    AveragedModel, EXPRESSION_MODELS, load_expression_model)
from resonance_robot.core.perception.face.pipeline import FacePipelineConfig
from resonance_robot.core.perception.face.samples import astronaut
from resonance_robot.paths import models_dir
import torch

torch.set_num_threads(1)

TOOLS = pathlib.Path(__file__).resolve().parents[2] / 'tools'
ASTRONAUT_HEAD = (175, 70, 100, 100)


@pytest.fixture(scope='module')
def astronaut_crop():
    return em.face_crop(em.to_grey(astronaut()), ASTRONAUT_HEAD, 0.1)


@pytest.mark.parametrize('name', EXPRESSION_MODELS)
def test_every_model_reads_crops_into_fer_probabilities(name, astronaut_crop):
    model = load_expression_model(name)
    crops = np.stack([astronaut_crop, np.full((64, 64), 128, np.uint8)])
    probs = model.predict(crops)
    assert probs.shape == (2, 7) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)
    assert em.FER_CLASSES[int(np.argmax(probs[0]))] == 'happy'
    assert model.predict(np.zeros((0, 64, 64), np.uint8)).shape[0] == 0


def test_the_shipped_trained_weights_are_intact_and_pickle_free():
    path = models_dir() / en.WEIGHTS_FILE
    with np.load(path, allow_pickle=False) as arrays:
        state, meta = en.split_state(dict(arrays))
    assert meta.checksum == en.state_checksum(state)
    assert tuple(meta.classes) == em.FER_CLASSES
    assert path.stat().st_size < 5_000_000


def test_the_ensemble_is_the_mean_of_its_members(astronaut_crop):
    net = load_expression_model('expression_net')
    mini = load_expression_model('mini_xception')
    both = AveragedModel((net, mini))
    crops = astronaut_crop[None]
    assert np.allclose(both.predict(crops), (net.predict(crops) + mini.predict(crops)) / 2,
                       atol=1e-6)


def test_an_unknown_model_is_refused_with_the_choices(tmp_path):
    with pytest.raises(ConfigError, match='expression_net, expression_net_flip'):
        FacePipelineConfig(expression_model='resnet9000')
    with pytest.raises(ValueError, match='not one of'):
        load_expression_model('resnet9000')
    broken = tmp_path / 'broken.npz'
    broken.write_bytes(b'not a zip file')
    with pytest.raises((ModelUnavailable, ValueError, OSError)):
        en.ExpressionNetClassifier.load(broken)


def _tiny_dataset(folder: pathlib.Path) -> None:
    """Seven classes of eight 48×48 grey images each, drawn from a seeded generator."""
    rng = np.random.default_rng(7)
    rows = []
    for k, label in enumerate(em.FER_CLASSES):
        (folder / label).mkdir(parents=True)
        for i in range(8):
            image = np.clip(rng.normal(40 + 25 * k, 20, (48, 48)), 0, 255).astype(np.uint8)
            name = f'{label}/{i}.png'
            cv2.imwrite(str(folder / name), image)
            rows.append((name, label))
    with (folder / 'labels.csv').open('w', newline='') as handle:
        writer = csv.writer(handle)
        writer.writerow(('path', 'label'))
        writer.writerows(rows)


@pytest.mark.slow
def test_training_twice_with_one_seed_gives_the_same_weights(tmp_path):
    data = tmp_path / 'data'
    _tiny_dataset(data)
    sums = []
    for run in ('a', 'b'):
        out = tmp_path / f'{run}.npz'
        result = subprocess.run(
            [sys.executable, str(TOOLS / 'train_face_expression.py'), str(data),
             '--out', str(out), '--epochs', '1', '--batch', '16', '--widths', '4,8,8,8',
             '--seed', '3', '--threads', '1'], capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
        with np.load(out, allow_pickle=False) as arrays:
            state, meta = en.split_state(dict(arrays))
        sums.append(en.state_checksum(state))
        assert (tmp_path / f'{run}.holdout.txt').exists()
    assert sums[0] == sums[1]
