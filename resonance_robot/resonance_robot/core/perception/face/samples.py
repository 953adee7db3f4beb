# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Synthetic camera frames with known faces, for benchmarks, tests and demos.

The face is the public-domain ``skimage.data.astronaut()`` portrait (Eileen Collins, smiling),
pasted onto a plain textured background at known places; faces drift a little from frame to
frame so that tracking is exercised.
"""

from __future__ import annotations

import functools
import math

import cv2
import numpy as np
import numpy.typing as npt

BGRImage = npt.NDArray[np.uint8]

ASTRONAUT_FACE = (150, 40, 150, 180)
"""(x, y, width, height) of the head, with some hair and chin, in ``astronaut()``."""


@functools.cache
def astronaut() -> BGRImage:
    """Return the astronaut photo of scikit-image as a BGR image."""
    from skimage import data

    rgb = np.asarray(data.astronaut(), dtype=np.uint8)  # type: ignore[no-untyped-call]
    return np.ascontiguousarray(rgb[:, :, ::-1])


def astronaut_face(height: int) -> BGRImage:
    """Return the astronaut's head scaled to ``height`` pixels (aspect kept)."""
    x, y, w, h = ASTRONAUT_FACE
    crop = astronaut()[y:y + h, x:x + w]
    width = max(1, int(round(w * height / h)))
    return np.ascontiguousarray(cv2.resize(crop, (width, height), interpolation=cv2.INTER_AREA))


def background(width: int = 640, height: int = 480, seed: int = 0) -> BGRImage:
    """Return a smooth, mildly textured backdrop: a wall, not a face."""
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    base = 110 + 40 * (xs / width) + 20 * (ys / height)
    noise = cv2.GaussianBlur(rng.normal(0, 12, (height, width)).astype(np.float32), (0, 0), 3)
    grey = np.clip(base + noise, 0, 255)
    tint = np.asarray([1.0, 0.97, 0.92], dtype=np.float32)
    return np.ascontiguousarray(np.clip(grey[:, :, None] * tint, 0, 255).astype(np.uint8))


def face_layout(faces: int, width: int = 640, height: int = 480) -> list[tuple[int, int, int]]:
    """Return (x, y, face height) for ``faces`` non-overlapping faces (1 to 8)."""
    if not 1 <= faces <= 8:
        raise ValueError(f'faces must be 1 to 8, got {faces}')
    if faces == 1:
        size = int(height * 0.4)
        return [(width // 2 - size * 5 // 12, height // 2 - size // 2, size)]
    columns = min(faces, 4)
    rows = math.ceil(faces / columns)
    size = int(min(height / rows * 0.6, width / columns * 0.7))
    layout = []
    for i in range(faces):
        row, col = divmod(i, columns)
        cell_w, cell_h = width / columns, height / rows
        layout.append((int(col * cell_w + (cell_w - size * 5 / 6) / 2),
                       int(row * cell_h + (cell_h - size) / 2), size))
    return layout


def synthetic_frame(faces: int, index: int = 0, width: int = 640, height: int = 480,
                    drift: float = 6.0) -> tuple[BGRImage, list[tuple[int, int, int, int]]]:
    """
    Return frame ``index`` of a scene with ``faces`` astronaut faces, and their boxes.

    Each face moves on a small circle (``drift`` pixels), a different phase per face. The
    boxes are the pasted head regions (x, y, w, h), a little larger than a detector's box.
    """
    frame = background(width, height).copy()
    boxes = []
    for i, (x, y, size) in enumerate(face_layout(faces, width, height)):
        phase = 2 * math.pi * (index / 30.0) + i
        fx = int(round(x + drift * math.cos(phase)))
        fy = int(round(y + drift * math.sin(phase)))
        face = astronaut_face(size)
        fh, fw = face.shape[:2]
        fx, fy = max(0, min(width - fw, fx)), max(0, min(height - fh, fy))
        frame[fy:fy + fh, fx:fx + fw] = face
        boxes.append((fx, fy, fw, fh))
    return frame, boxes
