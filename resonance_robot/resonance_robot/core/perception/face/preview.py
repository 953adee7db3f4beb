# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
A small JPEG preview of what the face reader sees, for a remote view across hosts.

Raw camera images do not cross between a perception host and a decision host; when someone
wants to watch, ``face_affect`` can publish this instead: the annotated frame scaled down to
``width`` pixels and JPEG-compressed (a 320-pixel preview is about 15-25 kB, a raw 640×480
frame 900 kB), at most ``rate`` times per second.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from ...errors import InvalidInput


def preview_jpeg(image: npt.NDArray[np.uint8], width: int, quality: int = 70) -> bytes:
    """``image`` (H×W×3 BGR) scaled down to ``width`` pixels (never up), as JPEG bytes."""
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise InvalidInput(f'expected an H×W×3 uint8 image, got {image.dtype} {image.shape}')
    if width < 8 or not 1 <= quality <= 100:
        raise InvalidInput(f'preview width {width} < 8 or quality {quality} not in [1, 100]')
    height, source_width = image.shape[:2]
    if source_width > width:
        size = (width, max(1, round(height * width / source_width)))
        image = np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), np.uint8)
    ok, data = cv2.imencode('.jpg', image, [int(cv2.IMWRITE_JPEG_QUALITY), quality])
    if not ok:
        raise InvalidInput('JPEG encoding failed')
    return bytes(data.tobytes())


class RateGate:
    """Lets one event through per ``1 / rate`` seconds; rate 0 lets none through."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._next = float('-inf')

    def due(self, now: float) -> bool:
        """Whether an event at ``now`` (seconds) may pass; if so, the next one waits."""
        if self.rate <= 0.0 or now < self._next:
            return False
        self._next = now + 1.0 / self.rate
        return True
