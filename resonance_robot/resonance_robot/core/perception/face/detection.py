# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Face detectors behind one interface: BGR image in, :class:`FaceBox` list out.

Three implementations, chosen by name with :func:`make_detector`:

``blazeface_full`` (default)
    MediaPipe's BlazeFace full-range model (192×192 input, faces up to ~5 m), shipped in
    ``models/`` with its Apache-2.0 licence and run with ``ai-edge-litert``. About 2 ms per
    640×480 frame on one core.
``blazeface_short``
    BlazeFace short-range (128×128, faces within ~2 m; Bazarevsky et al., "BlazeFace:
    Sub-millisecond Neural Face Detection on Mobile GPUs", arXiv:1907.05047, 2019).
``haar``
    OpenCV's Viola-Jones frontal-face cascade (``cv2.data.haarcascades``; OpenCV < 5 ships it),
    always available, run on a downscaled copy of the frame for speed.

The BlazeFace decoding is ours, reproducing MediaPipe's graph
(``face_detection_{short,full}_range.pbtxt``): SSD anchors from ``SsdAnchorsCalculator``
with fixed anchor size, box and keypoint regression relative to the anchor centre divided by
the input size, sigmoid scores clipped at ±100, weighted non-maximum suppression (IoU 0.3), and
letterbox removal. Keypoints are, in order: right eye, left eye, nose tip, mouth centre, right
ear tragion, left ear tragion (the subject's right and left).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
import math
import pathlib
import threading
from typing import Any, Protocol

import cv2
import numpy as np
import numpy.typing as npt

from .reading import FaceBox
from ...errors import InvalidInput, ModelUnavailable

BGRImage = npt.NDArray[np.uint8]
FloatArray = npt.NDArray[np.float32]

DETECTORS = ('blazeface_full', 'blazeface_short', 'haar')
"""Names accepted by :func:`make_detector`."""


class FaceDetector(Protocol):
    """Finds faces in a BGR image."""

    name: str

    def detect(self, image: BGRImage) -> list[FaceBox]:
        """Return the faces in ``image`` (H×W×3 BGR uint8), best first."""


def _check_image(image: BGRImage) -> None:
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3 or image.size == 0:
        raise InvalidInput(f'expected a non-empty H×W×3 uint8 BGR image, got {image.dtype} '
                           f'{image.shape}')


def haar_cascade_dir() -> pathlib.Path:
    """Folder of the Haar cascades that opencv-python (< 5) ships."""
    return pathlib.Path(cv2.data.haarcascades)  # type: ignore[attr-defined]


class HaarFaceDetector:
    """
    OpenCV's Haar cascade (frontal faces), on a copy of the frame at most ``max_width`` wide.

    Viola-Jones gives no probability; the score is ``n / (n + min_neighbors)`` with ``n`` the
    number of merged raw detections, so a box that just passes the ``min_neighbors`` vote scores
    0.5 and a strongly supported one approaches 1.
    """

    name = 'haar'

    def __init__(self, scale_factor: float = 1.15, min_neighbors: int = 5,
                 min_size: int = 24, max_width: int = 320,
                 cascade: pathlib.Path | None = None) -> None:
        if scale_factor <= 1.0:
            raise ValueError(f'scale_factor must be > 1, got {scale_factor}')
        path = cascade or haar_cascade_dir() / 'haarcascade_frontalface_default.xml'
        if not path.is_file():
            raise ModelUnavailable(
                f'Haar cascade missing: {path} (opencv-python-headless < 5 ships it)')
        self._cascade = cv2.CascadeClassifier(str(path))
        if self._cascade.empty():
            raise ModelUnavailable(f'cannot load Haar cascade {path}')
        self.scale_factor = scale_factor
        self.min_neighbors = min_neighbors
        self.min_size = min_size
        self.max_width = max_width
        self._lock = threading.Lock()  # a CascadeClassifier is not thread-safe

    def detect(self, image: BGRImage) -> list[FaceBox]:
        """Return frontal faces, largest support first."""
        _check_image(image)
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        scale = min(1.0, self.max_width / grey.shape[1]) if self.max_width > 0 else 1.0
        if scale < 1.0:
            grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        min_side = max(8, int(round(self.min_size * scale)))
        with self._lock:
            rects, counts = self._cascade.detectMultiScale2(
                grey, scaleFactor=self.scale_factor, minNeighbors=self.min_neighbors,
                minSize=(min_side, min_side))
        faces = []
        for (x, y, w, h), n in zip(np.asarray(rects).reshape(-1, 4),
                                   np.asarray(counts).reshape(-1)):
            score = float(n) / (float(n) + max(1, self.min_neighbors))
            faces.append(FaceBox(x / scale, y / scale, w / scale, h / scale, score))
        return sorted(faces, key=lambda f: -f.score)


@dataclass(frozen=True)
class BlazeFaceVariant:
    """What differs between the BlazeFace models (MediaPipe's graph options)."""

    model_file: str
    input_size: int
    strides: tuple[int, ...]
    interpolated_scale_aspect_ratio: float
    min_score: float


BLAZEFACE_VARIANTS = {
    'short': BlazeFaceVariant('face_detection_short_range.tflite', 128, (8, 16, 16, 16),
                              1.0, 0.5),
    'full': BlazeFaceVariant('face_detection_full_range_sparse.tflite', 192, (4,), 0.0, 0.6),
}


def ssd_anchor_centers(input_size: int, strides: Sequence[int],
                       interpolated_scale_aspect_ratio: float,
                       aspect_ratios: Sequence[float] = (1.0,)) -> FloatArray:
    """
    Return the ``N×2`` normalised anchor centres of MediaPipe's SsdAnchorsCalculator.

    With ``fixed_anchor_size`` every anchor is 1×1, so only the centres and the number of
    anchors per cell matter: per layer, one per aspect ratio plus one interpolated-scale
    anchor when that ratio is positive; layers of equal stride share a feature map.
    """
    centers: list[tuple[float, float]] = []
    layer = 0
    while layer < len(strides):
        per_cell = 0
        last = layer
        while last < len(strides) and strides[last] == strides[layer]:
            per_cell += len(aspect_ratios) + (1 if interpolated_scale_aspect_ratio > 0 else 0)
            last += 1
        cells = math.ceil(input_size / strides[layer])
        for y in range(cells):
            for x in range(cells):
                centers.extend([((x + 0.5) / cells, (y + 0.5) / cells)] * per_cell)
        layer = last
    return np.asarray(centers, dtype=np.float32)


def weighted_nms(boxes: FloatArray, scores: FloatArray, keypoints: FloatArray,
                 iou_threshold: float) -> list[tuple[FloatArray, float, FloatArray]]:
    """
    Merge overlapping boxes: MediaPipe's weighted non-maximum suppression.

    ``boxes`` are ``N×4`` (x0, y0, x1, y1). Repeatedly take the best remaining box, gather
    every box overlapping it by more than ``iou_threshold``, and output their score-weighted
    mean box and keypoints with the best score. Averaging steadies the box from frame to
    frame, which the tracker and the expression classifier both benefit from.
    """
    order = np.argsort(-scores, kind='stable')
    boxes, scores, keypoints = boxes[order], scores[order], keypoints[order]
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    alive = np.ones(len(boxes), dtype=bool)
    out = []
    for i in range(len(boxes)):
        if not alive[i]:
            continue
        ix = np.clip(np.minimum(boxes[i, 2], boxes[:, 2]) - np.maximum(boxes[i, 0], boxes[:, 0]),
                     0.0, None)
        iy = np.clip(np.minimum(boxes[i, 3], boxes[:, 3]) - np.maximum(boxes[i, 1], boxes[:, 1]),
                     0.0, None)
        inter = ix * iy
        iou = inter / np.maximum(areas[i] + areas - inter, 1e-12)
        group = alive & (iou > iou_threshold)
        group[i] = True
        weights = scores[group][:, None]
        total = float(weights.sum())
        out.append((np.asarray((boxes[group] * weights).sum(axis=0) / total, np.float32),
                    float(scores[i]),
                    np.asarray((keypoints[group] * weights[:, :, None]).sum(axis=0) / total,
                               np.float32)))
        alive &= ~group
    return out


class BlazeFaceDetector:
    """
    MediaPipe BlazeFace (short- or full-range) run with ai-edge-litert; our own decoding.

    ``score_threshold`` defaults to MediaPipe's (0.5 short, 0.6 full range).
    """

    def __init__(self, variant: str = 'full', score_threshold: float | None = None,
                 iou_threshold: float = 0.3, model: pathlib.Path | None = None,
                 threads: int = 1) -> None:
        from .litert import load_interpreter
        from ....paths import models_dir

        if variant not in BLAZEFACE_VARIANTS:
            raise ValueError(f'unknown BlazeFace variant {variant!r}; '
                             f'known: {", ".join(BLAZEFACE_VARIANTS)}')
        self.variant = BLAZEFACE_VARIANTS[variant]
        self.name = f'blazeface_{variant}'
        self.score_threshold = (self.variant.min_score if score_threshold is None
                                else float(score_threshold))
        self.iou_threshold = iou_threshold
        path = model or models_dir() / self.variant.model_file
        self._interpreter: Any = load_interpreter(path, f'BlazeFace {variant}-range model',
                                                  threads)
        self._input = self._interpreter.get_input_details()[0]['index']
        outputs = sorted(self._interpreter.get_output_details(),
                         key=lambda d: int(d['shape'][-1]))
        self._scores_index = outputs[0]['index']  # N×1 classificators
        self._boxes_index = outputs[1]['index']   # N×16 regressors
        self.anchors = ssd_anchor_centers(self.variant.input_size, self.variant.strides,
                                          self.variant.interpolated_scale_aspect_ratio)
        expected = int(outputs[1]['shape'][1])
        if len(self.anchors) != expected:
            raise ModelUnavailable(f'{path}: model has {expected} anchors, decoder '
                                   f'{len(self.anchors)}')
        self._lock = threading.Lock()

    def letterbox(self, image: BGRImage) -> tuple[FloatArray, float, float, float]:
        """
        Return the network input (1×S×S×3 RGB in [-1, 1]) and the letterbox transform.

        The frame is scaled to fit and centred, the border black, as MediaPipe's
        ImageToTensorCalculator with ``keep_aspect_ratio`` does. Returns (tensor, scale,
        pad_x, pad_y) where input = image × scale + pad.
        """
        size = self.variant.input_size
        height, width = image.shape[:2]
        scale = size / max(height, width)
        new_w = max(1, min(size, int(round(width * scale))))
        new_h = max(1, min(size, int(round(height * scale))))
        resized = cv2.resize(image, (new_w, new_h), interpolation=cv2.INTER_AREA
                             if scale < 1.0 else cv2.INTER_LINEAR)
        pad_x, pad_y = (size - new_w) // 2, (size - new_h) // 2
        canvas = np.zeros((size, size, 3), dtype=np.uint8)
        canvas[pad_y:pad_y + new_h, pad_x:pad_x + new_w] = resized
        tensor = cv2.cvtColor(canvas, cv2.COLOR_BGR2RGB).astype(np.float32)
        tensor = tensor * np.float32(1.0 / 127.5) - np.float32(1.0)
        return tensor[None], scale, float(pad_x), float(pad_y)

    def raw_outputs(self, tensor: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Run the network: return (regressors N×16, logits N)."""
        with self._lock:
            self._interpreter.set_tensor(self._input, tensor)
            self._interpreter.invoke()
            boxes = np.array(self._interpreter.get_tensor(self._boxes_index)[0], np.float32)
            logits = np.array(self._interpreter.get_tensor(self._scores_index)[0, :, 0],
                              np.float32)
        return boxes, logits

    def detect(self, image: BGRImage) -> list[FaceBox]:
        """Return the faces in ``image``, best first."""
        _check_image(image)
        tensor, scale, pad_x, pad_y = self.letterbox(image)
        raw, logits = self.raw_outputs(tensor)
        # MediaPipe clips logits at ±100; tanh form of the sigmoid cannot overflow
        scores = 0.5 * (1.0 + np.tanh(0.5 * np.clip(logits, -100.0, 100.0)))
        keep = scores >= self.score_threshold
        if not keep.any():
            return []
        size = float(self.variant.input_size)
        raw, scores, anchors = raw[keep], scores[keep], self.anchors[keep]
        cx = raw[:, 0] / size + anchors[:, 0]
        cy = raw[:, 1] / size + anchors[:, 1]
        w, h = raw[:, 2] / size, raw[:, 3] / size
        boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)
        keypoints = raw[:, 4:16].reshape(-1, 6, 2) / size + anchors[:, None, :]
        height, width = image.shape[:2]
        faces = []
        for box, score, points in weighted_nms(boxes, scores.astype(np.float32), keypoints,
                                               self.iou_threshold):
            # normalised letterboxed input → image pixels
            x0, y0, x1, y1 = ((box * size - [pad_x, pad_y, pad_x, pad_y]) / scale).tolist()
            pts = (points * size - [pad_x, pad_y]) / scale
            if x1 - x0 <= 0.0 or y1 - y0 <= 0.0:
                continue
            face = FaceBox(x0, y0, x1 - x0, y1 - y0, float(min(1.0, score)),
                           tuple((float(px), float(py)) for px, py in pts))
            clipped = face.clipped(width, height)
            if clipped is not None:
                faces.append(clipped)
        return faces


def make_detector(name: str, threads: int = 1, **options: Any) -> FaceDetector:
    """
    Return the detector called ``name`` (one of :data:`DETECTORS`).

    ``options`` go to the implementation: ``score_threshold`` for BlazeFace, ``min_size``,
    ``scale_factor``, ``min_neighbors``, ``max_width`` for Haar. Raises ModelUnavailable when
    a model file is missing.
    """
    if name == 'haar':
        return HaarFaceDetector(**options)
    if name in ('blazeface_full', 'blazeface_short'):
        return BlazeFaceDetector(name.split('_', 1)[1], threads=threads, **options)
    raise ValueError(f'unknown face detector {name!r}; known: {", ".join(DETECTORS)}')
