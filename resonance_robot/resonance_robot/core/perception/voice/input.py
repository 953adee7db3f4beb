# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Turn whatever a microphone topic carries into the voice pipeline's one stream format.

The voice pipeline works on mono float32 at :data:`PIPELINE_RATE` (16 kHz: what webrtcvad and
the pocketsphinx acoustic model expect). :class:`ChunkNormaliser` accepts every AudioChunk
encoding, any channel count and any sample rate, and reports what was wrong with a chunk as
:class:`InputIssue` values so the caller can count and log them; it never raises for
repairable problems (NaN, clipping) and raises :class:`InvalidInput` for the rest.

Resampling chunk by chunk with a plain polyphase filter would put an edge artefact at every
chunk border (the filter sees zeros beyond each end). :class:`StreamResampler` keeps enough
history and holds back enough look-ahead that the stream it produces equals resampling the
whole recording at once.
"""

from __future__ import annotations

from dataclasses import dataclass
import enum
import math

import numpy as np

from ...audio import AudioFormat, decode_pcm, F32LE, FloatArray, to_mono
from ...errors import InvalidInput

PIPELINE_RATE = 16000
"""Sample rate of the voice pipeline, Hz."""

MAX_CHUNK_SECONDS = 30.0
"""Longest chunk accepted; a bigger one is a sender bug or an attack on memory."""

CLIP_LEVEL = 0.999
"""Samples at or above this magnitude count as clipped."""


class InputIssue(str, enum.Enum):
    """Something wrong with one chunk; the value is the diagnostics counter name."""

    NONFINITE = 'bad_nonfinite'    # NaN or infinite float samples (replaced)
    CLIPPED = 'bad_clipping'       # samples at full scale: loudness is under-estimated
    RATE = 'resampled'             # not 16 kHz: resampled (not an error, counted)
    CHANNELS = 'downmixed'         # more than one channel: averaged (not an error, counted)


@dataclass(frozen=True)
class NormalisedChunk:
    """One chunk in pipeline format and what had to be repaired in it."""

    samples: FloatArray
    issues: tuple[InputIssue, ...]
    clipped_fraction: float
    source_frames: int


class StreamResampler:
    """
    Resample an unbounded stream chunk by chunk, equal to resampling it all at once.

    Output lags the input by a few samples (the filter's half length), which :meth:`flush`
    releases at the end of a recording.
    """

    def __init__(self, rate_in: int, rate_out: int) -> None:
        if rate_in <= 0 or rate_out <= 0:
            raise InvalidInput(f'sample rates must be positive, got {rate_in} -> {rate_out}')
        g = math.gcd(rate_in, rate_out)
        self.rate_in, self.rate_out = rate_in, rate_out
        self._up, self._down = rate_out // g, rate_in // g
        # resample_poly's default filter has 10 * max(up, down) taps either side in the
        # up-sampled domain; this many input samples cover it, plus a margin.
        self._context = int(math.ceil(10 * max(self._up, self._down) / self._up)) + 2
        self._buffer = np.zeros(0, np.float64)
        self._base = 0       # absolute input index of _buffer[0]
        self._emitted = 0    # absolute index of the next output sample

    def push(self, samples: FloatArray) -> FloatArray:
        """Add input samples; return the output samples that are now final."""
        if self._up == self._down:
            return samples.astype(np.float32, copy=False)
        self._buffer = np.concatenate([self._buffer, samples.astype(np.float64)])
        end_in = self._base + self._buffer.size
        return self._emit((end_in - self._context) * self._up // self._down)

    def flush(self) -> FloatArray:
        """Return every remaining output sample (the end of the recording)."""
        if self._up == self._down:
            return np.zeros(0, np.float32)
        end_in = self._base + self._buffer.size
        return self._emit(-(-end_in * self._up // self._down))

    def _emit(self, ready: int) -> FloatArray:
        from scipy.signal import resample_poly

        if ready <= self._emitted:
            return np.zeros(0, np.float32)
        first_needed = self._emitted * self._down / self._up - self._context
        # Start the window on a multiple of ``down`` so its outputs fall on the output grid.
        start = max(self._base, int(first_needed // self._down) * self._down)
        window = self._buffer[start - self._base:]
        out = resample_poly(window, self._up, self._down)
        out_base = start * self._up // self._down
        result = out[self._emitted - out_base:ready - out_base]
        self._emitted = ready
        keep_from = int((self._emitted * self._down / self._up - self._context) // self._down)
        keep_from = max(0, keep_from * self._down)
        if keep_from > self._base:
            self._buffer = self._buffer[keep_from - self._base:]
            self._base = keep_from
        return np.asarray(result, dtype=np.float32)


class ChunkNormaliser:
    """
    Decode chunks of any supported format to mono float32 at :data:`PIPELINE_RATE`.

    A change of sample rate between chunks restarts the resampler (the stream is
    discontinuous there anyway); :attr:`format_changes` counts such changes.
    """

    def __init__(self, rate_out: int = PIPELINE_RATE) -> None:
        self.rate_out = rate_out
        self._resampler: StreamResampler | None = None
        self._format: AudioFormat | None = None
        self.format_changes = 0

    def normalise(self, fmt: AudioFormat, data: bytes | bytearray | memoryview
                  ) -> NormalisedChunk:
        """
        Decode one chunk; raise :class:`InvalidInput` when it cannot be used at all.

        Empty chunks, partial frames, unknown encodings and chunks longer than
        :data:`MAX_CHUNK_SECONDS` are invalid; non-finite and clipped samples are repaired
        and reported.
        """
        raw = bytes(data)
        if not raw:
            raise InvalidInput('empty AudioChunk (no samples)')
        frames = len(raw) // fmt.frame_bytes
        if frames > MAX_CHUNK_SECONDS * fmt.sample_rate:
            raise InvalidInput(
                f'AudioChunk of {frames / fmt.sample_rate:.1f} s is longer than the '
                f'{MAX_CHUNK_SECONDS:g} s accepted; send shorter chunks')
        issues: list[InputIssue] = []
        nonfinite = 0
        if fmt.encoding == F32LE and len(raw) % 4 == 0:
            nonfinite = int(np.count_nonzero(~np.isfinite(np.frombuffer(raw, '<f4'))))
            if nonfinite:
                issues.append(InputIssue.NONFINITE)
        samples = decode_pcm(raw, fmt)  # raises InvalidInput for partial frames
        clipped = float(np.count_nonzero(np.abs(samples) >= CLIP_LEVEL)) / max(samples.size, 1)
        if clipped > 0.0 and clipped * samples.size > nonfinite:
            issues.append(InputIssue.CLIPPED)
        if fmt.channels > 1:
            issues.append(InputIssue.CHANNELS)
        mono = to_mono(samples)
        if fmt.sample_rate != self.rate_out:
            issues.append(InputIssue.RATE)
        if self._format is None or fmt.sample_rate != self._format.sample_rate:
            if self._format is not None:
                self.format_changes += 1
            self._resampler = StreamResampler(fmt.sample_rate, self.rate_out)
        self._format = fmt
        assert self._resampler is not None
        out = self._resampler.push(mono)
        return NormalisedChunk(out, tuple(issues), clipped, int(samples.shape[0]))

    def reset(self) -> None:
        """Forget the stream (after a gap): the next chunk starts a new resampler."""
        self._resampler = None
        self._format = None
