# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Camera and robot-face frames as small JPEGs for the browser."""

from __future__ import annotations

import cv2

from .views import RawImage
from ..errors import ConfigError, InvalidInput


def to_jpeg(image: RawImage, max_width: int = 480, quality: int = 70) -> bytes:
    """Decode ``image``, shrink it to at most ``max_width`` pixels wide and encode as JPEG."""
    if max_width < 16 or not 10 <= quality <= 100:
        raise ConfigError('max_width must be >= 16 and quality in [10, 100]')
    bgr = image.to_bgr()
    height, width = bgr.shape[:2]
    if width > max_width:
        scale = max_width / width
        small = cv2.resize(bgr, (max_width, max(1, round(height * scale))),
                           interpolation=cv2.INTER_AREA)
    else:
        small = bgr
    ok, buffer = cv2.imencode('.jpg', small, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise InvalidInput('JPEG encoding failed')
    return bytes(buffer.tobytes())
