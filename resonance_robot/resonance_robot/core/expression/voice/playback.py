# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The robot's loudspeaker through ``sounddevice`` (PortAudio), when the machine has one.

:func:`open_speaker` returns a :class:`Speaker`, or None with the reason when there is no
output device (a headless computer, a container, a CI runner): the voice node then still
publishes its audio and times ``robot_speaking`` by the audio's duration.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from ...audio import FloatArray


class Speaker:
    """Plays one clip at a time on an output device; :meth:`stop` cuts it short."""

    def __init__(self, sounddevice: Any, device: int | str | None, description: str) -> None:
        self._sd = sounddevice
        self._device = device
        self._lock = threading.Lock()
        self.description = description

    def play(self, samples: FloatArray, sample_rate: int) -> None:
        """Start playing ``samples`` (mono float32) and return at once."""
        with self._lock:
            self._sd.play(np.asarray(samples, np.float32), int(sample_rate),
                          device=self._device, blocking=False)

    def stop(self) -> None:
        """Stop what is playing (nothing happens when nothing is)."""
        with self._lock:
            self._sd.stop()


def open_speaker(device: str = '') -> tuple[Speaker | None, str]:
    """
    Open the output ``device`` ('' = the default; a number is an index); return it and a note.

    Returns ``(None, reason)`` when PortAudio or an output device is missing: playing is
    optional, so this is not an error.
    """
    try:
        import sounddevice
    except OSError as exc:  # the PortAudio shared library is missing
        return None, f'no PortAudio ({exc}); install libportaudio2 to hear the robot'
    spec = device.strip()
    chosen: int | str | None = int(spec) if spec.isdigit() else (spec or None)
    try:
        info = sounddevice.query_devices(chosen, kind='output')
    except (ValueError, sounddevice.PortAudioError) as exc:
        return None, f'no audio output device {spec or "(default)"}: {exc}'
    name = str(info.get('name', 'output')) if isinstance(info, dict) else 'output'
    return Speaker(sounddevice, chosen, name), f'playing on {name}'
