# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Where camera frames come from when there is no camera driver: webcam, video, images.

:func:`open_frame_source` turns one string into a source, so a parameter or a command-line
argument can name any of them:

==========================  ==========================================================
``''``                      nothing (the camera sees nothing; no frames)
``webcam`` / ``webcam:N``   OpenCV capture device N (default 0)
``builtin:astronaut``       ``skimage.data.astronaut()`` (public domain test photo)
``PATH.png`` / ``.jpg`` …   one image, repeated
``PATH/``                   every image in a folder, in name order
``PATH.mp4`` / ``.avi`` …   a video file
``live:SPEC``               SPEC, treated as a live camera (see :mod:`..records.storage`)
==========================  ==========================================================
"""

from __future__ import annotations

from collections.abc import Callable
import pathlib
from typing import Protocol

import cv2
import numpy as np
import numpy.typing as npt

from ..errors import InvalidInput
from ..records.storage import strip_live

BGRImage = npt.NDArray[np.uint8]

IMAGE_SUFFIXES = frozenset({'.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff', '.webp', '.pgm',
                            '.ppm'})
VIDEO_SUFFIXES = frozenset({'.mp4', '.avi', '.mkv', '.mov', '.webm', '.mpg', '.mpeg', '.gif'})


class FrameSource(Protocol):
    """Yields BGR frames until exhausted."""

    description: str

    def read(self) -> BGRImage | None:
        """Next frame, or None when there is none (end of a non-looping source)."""

    def close(self) -> None:
        """Release the device or file."""


def _builtin_astronaut() -> BGRImage:
    from skimage import data

    rgb = np.asarray(data.astronaut(), dtype=np.uint8)  # type: ignore[no-untyped-call]
    return np.ascontiguousarray(rgb[:, :, ::-1])


BUILTIN_IMAGES: dict[str, Callable[[], BGRImage]] = {'astronaut': _builtin_astronaut}


def read_image(path: str | pathlib.Path) -> BGRImage:
    """Read an image file as BGR; InvalidInput if it is missing or not an image."""
    path = pathlib.Path(path)
    if not path.is_file():
        raise InvalidInput(f'no image file at {path}')
    raw = np.fromfile(str(path), dtype=np.uint8)
    image = cv2.imdecode(raw, cv2.IMREAD_COLOR) if raw.size else None
    if image is None:
        raise InvalidInput(f'{path} is not an image OpenCV can read')
    return np.ascontiguousarray(image, dtype=np.uint8)


class StillSource:
    """A list of images shown in turn, looping or not."""

    def __init__(self, loaders: list[Callable[[], BGRImage]], description: str,
                 loop: bool = True) -> None:
        if not loaders:
            raise InvalidInput(f'{description}: no images')
        self._loaders = loaders
        self._cache: dict[int, BGRImage] = {}
        self._index = 0
        self._loop = loop
        self.description = description

    def read(self) -> BGRImage | None:
        """Next image in turn; None after the last one unless looping."""
        if self._index >= len(self._loaders):
            if not self._loop:
                return None
            self._index = 0
        index = self._index
        self._index += 1
        if index not in self._cache:
            self._cache[index] = self._loaders[index]()
        return self._cache[index]

    def close(self) -> None:
        """Forget cached images."""
        self._cache.clear()


class CaptureSource:
    """An OpenCV VideoCapture on a device or a video file."""

    def __init__(self, target: int | str, description: str, loop: bool = False) -> None:
        self._target = target
        self._capture = cv2.VideoCapture(target)
        if not self._capture.isOpened():
            raise InvalidInput(f'cannot open {description}')
        self._loop = loop and isinstance(target, str)
        self.description = description

    @property
    def fps(self) -> float:
        """Frame rate the capture reports (0 when unknown)."""
        value = float(self._capture.get(cv2.CAP_PROP_FPS))
        return value if 0.0 < value < 1000.0 else 0.0

    def read(self) -> BGRImage | None:
        """Next frame; at the end of a file, rewind when looping."""
        ok, frame = self._capture.read()
        if not ok and self._loop:
            self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._capture.read()
        if not ok or frame is None:
            return None
        return np.ascontiguousarray(frame, dtype=np.uint8)

    def close(self) -> None:
        """Release the capture."""
        self._capture.release()


def open_frame_source(spec: str, loop: bool = True) -> FrameSource | None:
    """Open the source that ``spec`` names (see the module docstring); None for ``''``."""
    spec = strip_live(spec)
    if not spec:
        return None
    if spec == 'webcam' or spec.startswith('webcam:'):
        index_text = spec.partition(':')[2] or '0'
        if not index_text.isdigit():
            raise InvalidInput(f'webcam index must be a number, got {index_text!r}')
        return CaptureSource(int(index_text), f'webcam {index_text}')
    if spec.startswith('builtin:'):
        name = spec.partition(':')[2]
        if name not in BUILTIN_IMAGES:
            raise InvalidInput(
                f'no builtin image {name!r}; builtin: {", ".join(sorted(BUILTIN_IMAGES))}')
        return StillSource([BUILTIN_IMAGES[name]], spec, loop)
    path = pathlib.Path(spec).expanduser()
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not files:
            raise InvalidInput(f'no images ({", ".join(sorted(IMAGE_SUFFIXES))}) in {path}')
        return StillSource([_loader(p) for p in files], f'{len(files)} images in {path}', loop)
    if not path.exists():
        raise InvalidInput(f'no such file or folder: {path}')
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        read_image(path)  # fail now, not at the first frame
        return StillSource([_loader(path)], str(path), loop)
    if suffix in VIDEO_SUFFIXES:
        return CaptureSource(str(path), f'video {path}', loop)
    raise InvalidInput(
        f'{path}: unknown file type {suffix!r}; images: {", ".join(sorted(IMAGE_SUFFIXES))}; '
        f'videos: {", ".join(sorted(VIDEO_SUFFIXES))}')


def _loader(path: pathlib.Path) -> Callable[[], BGRImage]:
    return lambda: read_image(path)


def fit_size(image: BGRImage, width: int, height: int) -> BGRImage:
    """Resize to ``width``×``height`` (0 keeps that side's size, or scales by the other)."""
    if width <= 0 and height <= 0:
        return image
    h, w = image.shape[:2]
    if width <= 0:
        width = max(1, round(w * height / h))
    if height <= 0:
        height = max(1, round(h * width / w))
    if (w, h) == (width, height):
        return image
    interp = cv2.INTER_AREA if width < w else cv2.INTER_LINEAR
    return np.ascontiguousarray(cv2.resize(image, (width, height), interpolation=interp))


class Playback:
    """
    Plays a source at its own frame rate, whatever rate the camera publishes at.

    ``fps`` > 0 advances one source frame per ``1/fps`` seconds of the caller's clock (so a
    video keeps its speed, also on a simulated clock); 0 advances one frame per call. When a
    non-looping source ends, the last frame stays in view, as a camera keeps seeing the last
    scene of a recording.
    """

    def __init__(self, source: FrameSource, fps: float = 0.0) -> None:
        if fps < 0.0 or fps != fps:
            raise InvalidInput(f'frame rate must be >= 0, got {fps}')
        self.source = source
        self.fps = fps
        self._start: float | None = None
        self._index = -1
        self._last: BGRImage | None = None
        self.ended = False

    def frame(self, now: float) -> BGRImage | None:
        """Return the frame due at ``now`` (seconds, any clock); None before the first."""
        if self._start is None:
            self._start = now
        due = self._index + 1 if self.fps <= 0.0 else int((now - self._start) * self.fps)
        while self._index < due and not self.ended:
            image = self.source.read()
            if image is None:
                self.ended = True
                break
            self._last = image
            self._index += 1
        return self._last
