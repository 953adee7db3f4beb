# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Face tracks with stable ids, and temporal smoothing of each track's affect.

**Association.** Each frame's faces are matched to the live tracks greedily, best overlap
first (intersection over union at least ``iou_threshold``); faces left over are matched by
centre distance (under ``max_center_shift`` face widths, similar size), which keeps the id of a
small or fast-moving face whose boxes no longer overlap. A face with no match starts a new track
with a new id; a track unseen for ``timeout`` seconds is forgotten. Ids are ``face<N>``,
never reused within one tracker.

**Smoothing.** :class:`AffectSmoother` keeps a confidence-weighted exponential moving average
of the class probabilities: with decay ``d = exp(-dt / time_constant)``,
``S ← d·S + w·p`` and ``W ← d·W + w``, estimate ``S / W``, where ``w`` is the frame's
confidence. Time, not frame count, sets the memory, so the behaviour is the same at 10 or
60 fps; a frame the classifier is unsure of (or a poor detection) moves the estimate little;
and because the expression, valence and arousal are all derived from the smoothed
probabilities they always agree with each other. At 30 fps with a 0.5 s time constant one
frame carries about 6 % of the weight, so a single odd frame cannot flip the reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
import math

import numpy as np
import numpy.typing as npt

from .affect import affect_probabilities, probabilities_to_affect
from .reading import FaceBox, FaceReading
from ...affect import Affect

FloatArray = npt.NDArray[np.float64]


class AffectSmoother:
    """Confidence-weighted exponential moving average of probability vectors over time."""

    def __init__(self, time_constant: float) -> None:
        if not (math.isfinite(time_constant) and time_constant >= 0.0):
            raise ValueError(f'time_constant must be >= 0, got {time_constant}')
        self.time_constant = time_constant
        self._sum: FloatArray | None = None
        self._weight = 0.0
        self._score = 0.0
        self._last: float | None = None

    def update(self, probabilities: Sequence[float] | FloatArray, weight: float,
               detection_score: float, now: float) -> tuple[FloatArray, float]:
        """Add one observation at time ``now``; return (smoothed probabilities, score)."""
        probs = np.asarray(probabilities, dtype=np.float64)
        weight = min(1.0, max(0.0, float(weight)))
        if self._sum is None or self._last is None or self.time_constant == 0.0:
            decay = 0.0
        else:
            decay = math.exp(-max(0.0, now - self._last) / self.time_constant)
        self._last = now
        self._sum = probs * weight if self._sum is None else decay * self._sum + weight * probs
        self._weight = decay * self._weight + weight
        # the detector score is averaged without weighting: it is the weight's own evidence
        self._score = detection_score if decay == 0.0 else \
            decay * self._score + (1.0 - decay) * detection_score
        if self._weight <= 1e-9:
            return probs, detection_score  # nothing trusted yet: pass the frame through
        return self._sum / self._weight, self._score


@dataclass
class _Track:
    face_id: str
    box: FaceBox
    last_seen: float
    smoother: AffectSmoother
    hits: int = 0


class FaceTracker:
    """Gives faces stable ids across frames and smooths each track's affect."""

    def __init__(self, iou_threshold: float = 0.3, max_center_shift: float = 0.6,
                 timeout: float = 1.0, smoothing_time: float = 0.5) -> None:
        if not 0.0 < iou_threshold <= 1.0:
            raise ValueError(f'iou_threshold must be in (0, 1], got {iou_threshold}')
        if max_center_shift < 0.0 or timeout < 0.0 or smoothing_time < 0.0:
            raise ValueError('max_center_shift, timeout and smoothing_time must be >= 0')
        self.iou_threshold = iou_threshold
        self.max_center_shift = max_center_shift
        self.timeout = timeout
        self.smoothing_time = smoothing_time
        self._tracks: list[_Track] = []
        self._next_id = 1
        self._last_time: float | None = None

    @property
    def track_count(self) -> int:
        """Tracks alive (seen within the timeout)."""
        return len(self._tracks)

    def reset(self) -> None:
        """Forget every track (ids keep counting up)."""
        self._tracks = []
        self._last_time = None

    def _match(self, boxes: Sequence[FaceBox]) -> dict[int, int]:
        """Return detection index → track index."""
        matches: dict[int, int] = {}
        used: set[int] = set()
        pairs = sorted(((box.iou(track.box), d, t) for d, box in enumerate(boxes)
                        for t, track in enumerate(self._tracks)), reverse=True)
        for iou, d, t in pairs:
            if iou < self.iou_threshold:
                break
            if d not in matches and t not in used:
                matches[d] = t
                used.add(t)
        near = []
        for d, box in enumerate(boxes):
            if d in matches:
                continue
            for t, track in enumerate(self._tracks):
                if t in used:
                    continue
                size = max(box.width, track.box.width)
                ratio = box.width / track.box.width
                (bx, by), (tx, ty) = box.center, track.box.center
                shift = math.hypot(bx - tx, by - ty) / size
                if shift <= self.max_center_shift and 0.5 <= ratio <= 2.0:
                    near.append((shift, d, t))
        for _, d, t in sorted(near):
            if d not in matches and t not in used:
                matches[d] = t
                used.add(t)
        return matches

    def update(self, observations: Sequence[tuple[FaceBox, Affect]],
               now: float) -> list[FaceReading]:
        """
        Associate this frame's faces (box and per-frame affect) with tracks at time ``now``.

        Returns one reading per observation, in the same order. Time running backwards (a
        looped recording, a simulation reset) starts afresh.
        """
        if self._last_time is not None and now < self._last_time:
            self.reset()
        self._last_time = now
        self._tracks = [t for t in self._tracks if now - t.last_seen <= self.timeout]
        matches = self._match([box for box, _ in observations])
        readings = []
        for d, (box, raw) in enumerate(observations):
            if d in matches:
                track = self._tracks[matches[d]]
                track.box, track.last_seen = box, now
            else:
                track = _Track(f'face{self._next_id}', box, now,
                               AffectSmoother(self.smoothing_time))
                self._next_id += 1
                self._tracks.append(track)
            track.hits += 1
            probs = affect_probabilities(raw)
            smoothed, score = track.smoother.update(probs, raw.confidence, box.score, now)
            affect = probabilities_to_affect(smoothed, min(1.0, max(0.0, score)))
            readings.append(FaceReading(track.face_id, box, affect, raw, track.hits))
        return readings
