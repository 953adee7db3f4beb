# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Numerical helpers shared by the models whose outputs numpy finishes (face, ethics)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def softmax(logits: npt.NDArray[np.floating]) -> npt.NDArray[np.float32]:
    """Return the row-wise softmax of ``N×K`` logits as float32 (shifted by each row's max)."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float32)
