# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Show the face in a window (optionally fullscreen) when the machine has a screen.

:func:`display_unavailable` says why no window can be opened (no ``DISPLAY`` on Linux, or an
OpenCV built without GUI support such as ``opencv-python-headless``); the face node then only
publishes images. :class:`FaceWindow` owns the window on its own thread, because GUI toolkits
want one thread to create, draw and pump a window, while frames arrive from ROS callbacks on
any executor thread.
"""

from __future__ import annotations

from collections.abc import Mapping
import os
import sys
import threading

import cv2
import numpy as np
import numpy.typing as npt


def opencv_has_gui() -> bool:
    """Whether this OpenCV build can open windows (headless wheels cannot)."""
    for line in cv2.getBuildInformation().splitlines():
        key, _, value = line.strip().partition(':')
        if key.strip() == 'GUI':
            return value.strip().upper() not in ('', 'NONE')
    return False


def display_unavailable(environ: Mapping[str, str] | None = None,
                        platform: str | None = None) -> str | None:
    """Return why a window cannot be shown here, or None when it can."""
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    if system.startswith('linux') and not (env.get('DISPLAY') or env.get('WAYLAND_DISPLAY')):
        return 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)'
    if not opencv_has_gui():
        return ('this OpenCV has no GUI support (opencv-python-headless); install '
                'opencv-python to show the face in a window')
    return None


class FaceWindow:
    """A window that shows the newest frame handed to :meth:`show`, drawn on its own thread."""

    def __init__(self, title: str = 'resonance_robot', fullscreen: bool = False) -> None:
        self.title = title
        self.fullscreen = fullscreen
        self.error: str | None = None
        self._frame: npt.NDArray[np.uint8] | None = None
        self._new = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name='face-window', daemon=True)
        self._thread.start()

    def show(self, frame: npt.NDArray[np.uint8]) -> None:
        """Hand over a BGR frame; the window thread draws the newest one."""
        self._frame = frame
        self._new.set()

    def _loop(self) -> None:
        try:
            flags = cv2.WINDOW_NORMAL
            cv2.namedWindow(self.title, flags)
            if self.fullscreen:
                cv2.setWindowProperty(self.title, cv2.WND_PROP_FULLSCREEN, cv2.WINDOW_FULLSCREEN)
            while not self._stop.is_set():
                if self._new.wait(0.05):
                    self._new.clear()
                    frame = self._frame
                    if frame is not None:
                        cv2.imshow(self.title, frame)
                cv2.waitKey(1)
            cv2.destroyWindow(self.title)
        except cv2.error as exc:
            self.error = f'cannot show the face window: {exc}'

    @property
    def alive(self) -> bool:
        """Whether the window thread is running."""
        return self._thread.is_alive()

    def close(self) -> None:
        """Close the window and end its thread."""
        self._stop.set()
        self._thread.join(timeout=2.0)
