# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The face-affect pipeline: frame → faces → expression, valence, arousal → tracks.

One :class:`FaceAffectPipeline` holds a detector (:mod:`.face_detection`), the expression
classifier (:mod:`.expression_model`), the mapping to affect (:mod:`.expression_affect`) and
a tracker (:mod:`.face_tracking`). :meth:`FaceAffectPipeline.process` is what the
``face_affect`` node runs per frame; :meth:`FaceAffectPipeline.analyse` is the untracked,
single-image reading the ``resonance-robot faces`` command prints. No ROS here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
import time

import cv2
import numpy as np
import numpy.typing as npt

from .affect import probabilities_to_affect
from .detection import DETECTORS, FaceDetector, make_detector
from .expression_model import ExpressionModel, face_crop, FER_CLASSES, to_grey
from .models import EXPRESSION_MODELS, load_expression_model
from .reading import FaceBox, FaceFrame
from .tracking import FaceTracker
from ...affect import Affect, UNKNOWN_AFFECT
from ...errors import ConfigError, InvalidInput

BGRImage = npt.NDArray[np.uint8]

SMALL_IMAGE = 128
"""Images no larger than this (both sides, pixels) are taken to be face crops by default."""


@dataclass(frozen=True)
class FacePipelineConfig:
    """Settings of the pipeline; the node's parameters of the same names."""

    detector: str = 'blazeface_full'
    expression_model: str = 'mini_xception'
    min_detection_confidence: float = 0.5
    min_face_size: int = 24
    max_faces: int = 8
    crop_margin: float = 0.1
    smoothing_time: float = 0.5
    track_iou: float = 0.3
    track_timeout: float = 1.0

    def __post_init__(self) -> None:
        """Reject values the pipeline cannot work with, naming the field."""
        if self.detector not in DETECTORS:
            raise ConfigError(f'detector {self.detector!r} is not one of {", ".join(DETECTORS)}')
        if self.expression_model not in EXPRESSION_MODELS:
            raise ConfigError(f'expression_model {self.expression_model!r} is not one of '
                              f'{", ".join(EXPRESSION_MODELS)}')
        checks = {
            'min_detection_confidence': 0.0 <= self.min_detection_confidence <= 1.0,
            'min_face_size': self.min_face_size >= 1,
            'max_faces': self.max_faces >= 1,
            'crop_margin': 0.0 <= self.crop_margin <= 1.0,
            'smoothing_time': self.smoothing_time >= 0.0,
            'track_iou': 0.0 < self.track_iou <= 1.0,
            'track_timeout': self.track_timeout >= 0.0,
        }
        for name, ok in checks.items():
            if not ok:
                raise ConfigError(f'{name}: invalid value {getattr(self, name)!r}')

    @classmethod
    def from_mapping(cls, values: dict[str, object]) -> FacePipelineConfig:
        """Build a config from the matching keys of ``values`` (others are ignored)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names})  # type: ignore[arg-type]


@dataclass(frozen=True)
class FaceAnalysis:
    """One face of a single image, untracked: box, affect and whether a detector found it."""

    box: FaceBox
    affect: Affect
    probabilities: tuple[float, ...]
    """FER class probabilities in :data:`~.expression_model.FER_CLASSES` order."""
    detected: bool
    """False when the whole image was read as one face (a crop, or nothing detected)."""


_PLACEHOLDER = probabilities_to_affect(np.full(len(FER_CLASSES), 1.0 / len(FER_CLASSES)), 1.0)
"""What the tracker is given when affect is not inferred: the same for every face, never
published (every reading is blanked to unknown after tracking)."""


class FaceAffectPipeline:
    """
    Detector + expression classifier + affect mapping + tracker.

    Pass ``detector`` or ``classifier`` to use your own (tests, other models); by default the
    configured detector and expression model are loaded (ModelUnavailable when a model file
    is missing).
    """

    def __init__(self, config: FacePipelineConfig | None = None,
                 detector: FaceDetector | None = None,
                 classifier: ExpressionModel | None = None, threads: int = 1) -> None:
        self.config = config or FacePipelineConfig()
        self.threads = threads
        self.detector = detector or self._make_detector(self.config)
        self.classifier: ExpressionModel = classifier or load_expression_model(
            self.config.expression_model, threads)
        self.tracker = self._make_tracker(self.config)
        self.last_timings: dict[str, float] = {}

    def warm_up(self) -> None:
        """Run both networks once on a blank input, so the first real frame is not slow."""
        self.detector.detect(np.zeros((64, 64, 3), dtype=np.uint8))
        self.classifier.predict(np.zeros((1, 64, 64), dtype=np.uint8))

    def _make_detector(self, config: FacePipelineConfig) -> FaceDetector:
        if config.detector == 'haar':
            return make_detector('haar', min_size=config.min_face_size)
        return make_detector(config.detector, threads=self.threads,
                             score_threshold=config.min_detection_confidence)

    @staticmethod
    def _make_tracker(config: FacePipelineConfig) -> FaceTracker:
        return FaceTracker(iou_threshold=config.track_iou, timeout=config.track_timeout,
                           smoothing_time=config.smoothing_time)

    def reconfigure(self, config: FacePipelineConfig) -> None:
        """Apply new settings: a new detector only if it changed; tracks survive tuning."""
        old, self.config = self.config, config
        if (config.detector, config.min_detection_confidence, config.min_face_size) != \
                (old.detector, old.min_detection_confidence, old.min_face_size):
            self.detector = self._make_detector(config)
        if config.expression_model != old.expression_model:
            self.classifier = load_expression_model(config.expression_model, self.threads)
        self.tracker.iou_threshold = config.track_iou
        self.tracker.timeout = config.track_timeout
        if config.smoothing_time != old.smoothing_time:
            self.tracker.smoothing_time = config.smoothing_time
            self.tracker.reset()

    def detect(self, image: BGRImage) -> list[FaceBox]:
        """
        Return the faces worth reading, largest first.

        Faces under ``min_detection_confidence`` or ``min_face_size`` are dropped, and at most
        ``max_faces`` are kept - the largest, i.e. usually the nearest people.
        """
        config = self.config
        faces = [f for f in self.detector.detect(image)
                 if f.score >= config.min_detection_confidence
                 and min(f.width, f.height) >= config.min_face_size]
        faces.sort(key=lambda f: -f.area)
        return faces[:config.max_faces]

    def classify(self, grey: npt.NDArray[np.uint8], boxes: list[FaceBox],
                 margin: float | None = None) -> list[tuple[Affect, npt.NDArray[np.float32]]]:
        """Return (affect, probabilities) for each box of the grey image."""
        if not boxes:
            return []
        margin = self.config.crop_margin if margin is None else margin
        crops = [face_crop(grey, box.pixels(), margin) for box in boxes]
        probs = self.classifier.predict(crops)
        return [(probabilities_to_affect(p, box.score), p) for box, p in zip(boxes, probs)]

    def process(self, image: BGRImage, now: float, *,
                infer_affect: bool = True) -> FaceFrame:
        """
        Detect, read and track the faces of one frame taken at time ``now`` (seconds).

        ``infer_affect`` false (the deployment guard, EU AI Act Art. 5(1)(f)) finds and
        tracks faces only: the expression model is not run and every reading's affect is
        unknown, so no expression, class probability, valence or arousal exists to publish.
        """
        _check_bgr(image)
        start = time.perf_counter()
        boxes = self.detect(image)
        detected = time.perf_counter()
        if infer_affect:
            affects = [affect for affect, _ in self.classify(to_grey(image), boxes)]
        else:  # the tracker still needs a reading to follow the face: a constant one
            affects = [_PLACEHOLDER] * len(boxes)
        classified = time.perf_counter()
        tracked = self.tracker.update(list(zip(boxes, affects)), now)
        if not infer_affect:
            tracked = [replace(r, affect=UNKNOWN_AFFECT, raw_affect=UNKNOWN_AFFECT)
                       for r in tracked]
        self.last_timings = {'detect_ms': (detected - start) * 1e3,
                             'classify_ms': (classified - detected) * 1e3,
                             'track_ms': (time.perf_counter() - classified) * 1e3}
        return FaceFrame(int(image.shape[1]), int(image.shape[0]), tuple(tracked))

    def analyse(self, image: BGRImage, mode: str = 'auto') -> list[FaceAnalysis]:
        """
        Read the faces of one image without tracking (the command-line reading).

        ``mode``: ``detect`` reads only detected faces; ``crop`` reads the whole image as one
        face (it is already a face crop, as in FER2013); ``auto`` treats images of at most
        :data:`SMALL_IMAGE` pixels as crops and otherwise detects, falling back to the whole
        image when the detector finds nothing - a crop that is already a face is always read.
        """
        if mode not in ('auto', 'detect', 'crop'):
            raise ValueError(f'mode must be auto, detect or crop, got {mode!r}')
        _check_bgr(image)
        height, width = image.shape[:2]
        grey = to_grey(image)
        small = max(height, width) <= SMALL_IMAGE
        boxes = [] if mode == 'crop' or (mode == 'auto' and small) else self.detect(image)
        if boxes or mode == 'detect':
            return [FaceAnalysis(box, affect, tuple(float(p) for p in probs), True)
                    for box, (affect, probs) in zip(boxes, self.classify(grey, boxes))]
        whole = FaceBox(0.0, 0.0, float(width), float(height), 1.0)
        ((affect, probs),) = self.classify(grey, [whole], margin=0.0)
        return [FaceAnalysis(whole, affect, tuple(float(p) for p in probs), False)]


def _check_bgr(image: BGRImage) -> None:
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.ndim != 3 \
            or image.shape[2] != 3 or image.size == 0:
        raise InvalidInput('expected a non-empty H×W×3 uint8 BGR image')


_COLOURS = {  # BGR per expression family: warm for pleasant, cool for unpleasant
    'happy': (60, 200, 60), 'surprised': (0, 200, 230), 'neutral': (200, 200, 200),
    'sad': (220, 120, 40), 'angry': (40, 40, 230), 'scared': (200, 60, 200),
    'disgusted': (40, 140, 120),
}


def draw_faces(image: BGRImage, frame: FaceFrame) -> BGRImage:
    """Return a copy of ``image`` with each face's box, id, expression and valence/arousal."""
    out = image.copy()
    for face in frame.faces:
        x, y, w, h = face.box.pixels()
        colour = _COLOURS.get(face.affect.expression.value, (255, 255, 255))
        cv2.rectangle(out, (x, y), (x + w, y + h), colour, 2)
        label = (f'{face.face_id} {face.affect.expression.value} '
                 f'{face.affect.confidence:.2f}')
        values = f'v {face.affect.valence:+.2f} a {face.affect.arousal:+.2f}'
        for i, text in enumerate((label, values)):
            org = (x, max(12, y - 6 - 16 * (1 - i)))
            cv2.putText(out, text, org, cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 3,
                        cv2.LINE_AA)
            cv2.putText(out, text, org, cv2.FONT_HERSHEY_SIMPLEX, 0.45, colour, 1,
                        cv2.LINE_AA)
    return out
