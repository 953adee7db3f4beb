# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Raw image buffers (as carried by sensor_msgs/Image) to and from numpy arrays.

Everything that arrives from the network is checked before it is trusted: encoding, sizes,
step, buffer length, and an upper bound on size. Each failure raises
:class:`~resonance_robot.core.errors.InvalidInput` with a reason a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .errors import InvalidInput


class InvalidImage(InvalidInput):
    """An image buffer that cannot be decoded; ``kind`` names what is wrong for counters."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        """One of ``encoding``, ``size``, ``step``, ``data``."""


MAX_PIXELS = 7680 * 4320
"""Largest image accepted (8K UHD); anything larger is treated as corrupt or hostile."""


@dataclass(frozen=True)
class PixelFormat:
    """How one sensor_msgs/Image encoding lays out a pixel."""

    channels: int
    dtype: str
    order: str  # 'rgb', 'bgr', 'rgba', 'bgra' or 'mono'


ENCODINGS: dict[str, PixelFormat] = {
    'rgb8': PixelFormat(3, 'uint8', 'rgb'),
    'bgr8': PixelFormat(3, 'uint8', 'bgr'),
    'rgba8': PixelFormat(4, 'uint8', 'rgba'),
    'bgra8': PixelFormat(4, 'uint8', 'bgra'),
    'mono8': PixelFormat(1, 'uint8', 'mono'),
    '8UC1': PixelFormat(1, 'uint8', 'mono'),
    '8UC3': PixelFormat(3, 'uint8', 'bgr'),
    'mono16': PixelFormat(1, 'uint16', 'mono'),
    '16UC1': PixelFormat(1, 'uint16', 'mono'),
}
"""Encodings this package reads (sensor_msgs/image_encodings names)."""


def decode_image(
    encoding: str,
    width: int,
    height: int,
    step: int,
    data: bytes | bytearray | memoryview | npt.NDArray[np.uint8],
    is_bigendian: bool = False,
) -> npt.NDArray[np.uint8]:
    """
    Return the image as a contiguous ``H×W×3`` uint8 array in BGR order (OpenCV's).

    Grey images are expanded to three channels, 16-bit ones scaled to 8 bits, alpha dropped.
    """
    fmt = ENCODINGS.get(encoding)
    if fmt is None:
        raise InvalidImage('encoding', f'unsupported encoding {encoding!r}; supported: '
                           f'{", ".join(sorted(ENCODINGS))}')
    if width <= 0 or height <= 0:
        raise InvalidImage('size', f'image size must be positive, got {width}x{height}')
    if width * height > MAX_PIXELS:
        raise InvalidImage('size', f'image {width}x{height} exceeds the {MAX_PIXELS} pixel limit')
    itemsize = np.dtype(fmt.dtype).itemsize
    row_bytes = width * fmt.channels * itemsize
    if step < row_bytes:
        raise InvalidImage(
            'step', f'step {step} is smaller than one row of {width} {encoding} pixels '
            f'({row_bytes})')
    buffer = np.frombuffer(data, dtype=np.uint8) if not isinstance(data, np.ndarray) \
        else data.reshape(-1).view(np.uint8)
    if buffer.size < step * height:
        raise InvalidImage(
            'data', f'data has {buffer.size} bytes, expected step*height = {step * height}')
    rows = buffer[:step * height].reshape(height, step)[:, :row_bytes]
    dtype = np.dtype(fmt.dtype).newbyteorder('>' if is_bigendian else '<')
    pixels = np.ascontiguousarray(rows).view(dtype).reshape(height, width, fmt.channels)
    if pixels.dtype.itemsize == 2:
        pixels = (pixels.astype(np.uint32) >> 8).astype(np.uint8)
    return to_bgr(pixels.astype(np.uint8, copy=False), fmt.order)


def to_bgr(pixels: npt.NDArray[np.uint8], order: str) -> npt.NDArray[np.uint8]:
    """Reorder an ``H×W×C`` array in ``order`` to contiguous BGR."""
    if order == 'bgr':
        out = pixels
    elif order == 'rgb':
        out = pixels[:, :, ::-1]
    elif order == 'rgba':
        out = pixels[:, :, 2::-1]
    elif order == 'bgra':
        out = pixels[:, :, :3]
    elif order == 'mono':
        out = np.repeat(pixels.reshape(pixels.shape[0], pixels.shape[1], 1), 3, axis=2)
    else:
        raise InvalidInput(f'unknown channel order {order!r}')
    return np.ascontiguousarray(out)


def encode_bgr(
    image: npt.NDArray[np.uint8], encoding: str = 'rgb8',
) -> tuple[int, int, int, bytes]:
    """
    Return ``(width, height, step, data)`` of a BGR uint8 image in ``encoding``.

    Supported targets: ``rgb8``, ``bgr8``, ``mono8``.
    """
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise InvalidInput(f'expected an H×W×3 uint8 image, got {image.dtype} {image.shape}')
    height, width = image.shape[:2]
    if encoding == 'bgr8':
        out = np.ascontiguousarray(image)
    elif encoding == 'rgb8':
        out = np.ascontiguousarray(image[:, :, ::-1])
    elif encoding == 'mono8':
        weights = np.array([0.114, 0.587, 0.299], dtype=np.float32)
        out = np.ascontiguousarray((image.astype(np.float32) @ weights).round().astype(np.uint8))
    else:
        raise InvalidInput(f'cannot encode to {encoding!r}; use rgb8, bgr8 or mono8')
    channels = 1 if out.ndim == 2 else out.shape[2]
    return width, height, width * channels, out.tobytes()
