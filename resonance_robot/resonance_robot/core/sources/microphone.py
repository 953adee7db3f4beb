# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Where audio comes from when there is no audio driver: a microphone or a WAV file.

Both yield mono float32 chunks of a fixed number of frames at a fixed sample rate, so the
voice pipeline sees the same stream whichever it is. :func:`open_audio_source` takes one
string: ``''`` (nothing), ``mic`` / ``mic:N`` (sounddevice input device N), or a WAV path;
``live:SPEC`` opens SPEC as a live source (see :mod:`..records.storage`).
After a WAV file ends the source keeps yielding silence, as a microphone in a quiet room
would, so that voice activity detection can close the last utterance.
"""

from __future__ import annotations

import pathlib
import queue
from typing import Any, Protocol

import numpy as np

from ..audio import FloatArray, read_wav, resample, to_mono
from ..errors import InvalidInput, ModelUnavailable
from ..records.storage import strip_live


class AudioSource(Protocol):
    """Yields mono float32 chunks of ``chunk_frames`` samples at ``sample_rate``."""

    description: str
    sample_rate: int
    chunk_frames: int

    def read(self) -> FloatArray | None:
        """Next chunk, or None when none is ready (microphone) or the source ended."""

    def close(self) -> None:
        """Release the device."""


class WavSource:
    """A WAV file cut into chunks, resampled to ``sample_rate``, then silence (or a loop)."""

    def __init__(self, path: str | pathlib.Path, sample_rate: int, chunk_frames: int,
                 loop: bool = False, pad_silence: bool = True) -> None:
        wav = read_wav(path)
        if wav.samples.shape[0] == 0:
            raise InvalidInput(f'{path}: the WAV file holds no samples')
        self.samples = resample(to_mono(wav.samples), wav.sample_rate, sample_rate)
        self.sample_rate = sample_rate
        self.chunk_frames = chunk_frames
        self.description = f'{path} ({wav.duration:.2f} s, {wav.sample_rate} Hz)'
        self._loop = loop
        self._pad = pad_silence
        self._pos = 0

    @property
    def finished(self) -> bool:
        """Whether the file has been played to the end (silence follows)."""
        return self._pos >= self.samples.size and not self._loop

    def read(self) -> FloatArray | None:
        """Next chunk: file samples, zero-padded at the end, then silence or None."""
        if self._pos >= self.samples.size:
            if self._loop:
                self._pos = 0
            elif self._pad:
                return np.zeros(self.chunk_frames, dtype=np.float32)
            else:
                return None
        chunk = self.samples[self._pos:self._pos + self.chunk_frames]
        self._pos += self.chunk_frames
        if chunk.size < self.chunk_frames:
            chunk = np.pad(chunk, (0, self.chunk_frames - chunk.size))
        return chunk.astype(np.float32, copy=False)

    def close(self) -> None:
        """Nothing to release."""


class MicrophoneSource:
    """A sounddevice input stream; chunks arrive from PortAudio's thread through a queue."""

    def __init__(self, device: int | None, sample_rate: int, chunk_frames: int) -> None:
        try:
            import sounddevice
        except OSError as exc:  # the PortAudio shared library is missing
            raise ModelUnavailable(
                'the microphone needs PortAudio: install Debian/Ubuntu package libportaudio2 '
                f'({exc})') from exc
        self.sample_rate = sample_rate
        self.chunk_frames = chunk_frames
        self._queue: queue.Queue[FloatArray] = queue.Queue(maxsize=256)
        self.overflows = 0
        try:
            self._stream = sounddevice.InputStream(
                device=device, channels=1, samplerate=sample_rate, blocksize=chunk_frames,
                dtype='float32', callback=self._on_audio)
            self._stream.start()
        except Exception as exc:  # noqa: BLE001 - PortAudio raises many types; say which
            raise InvalidInput(f'cannot open microphone {device}: {exc}') from exc
        self.description = f'microphone {device if device is not None else "(default)"}'

    def _on_audio(self, data: Any, frames: int, time: Any, status: Any) -> None:
        if status:
            self.overflows += 1
        try:
            self._queue.put_nowait(np.array(data[:, 0], dtype=np.float32))
        except queue.Full:
            self.overflows += 1

    def read(self) -> FloatArray | None:
        """Return the oldest captured chunk, or None when none is waiting."""
        try:
            return self._queue.get_nowait()
        except queue.Empty:
            return None

    def close(self) -> None:
        """Stop and close the stream."""
        self._stream.stop()
        self._stream.close()


def open_audio_source(spec: str, sample_rate: int, chunk_frames: int,
                      loop: bool = False) -> AudioSource | None:
    """Open what ``spec`` names (see the module docstring); None for ``''``."""
    spec = strip_live(spec)
    if not spec:
        return None
    if spec == 'mic' or spec.startswith('mic:'):
        index = spec.partition(':')[2]
        if index and not index.isdigit():
            raise InvalidInput(f'microphone index must be a number, got {index!r}')
        return MicrophoneSource(int(index) if index else None, sample_rate, chunk_frames)
    path = pathlib.Path(spec).expanduser()
    if not path.is_file():
        raise InvalidInput(f'no such audio file: {path} (expected a WAV file, mic or mic:N)')
    return WavSource(path, sample_rate, chunk_frames, loop=loop)
