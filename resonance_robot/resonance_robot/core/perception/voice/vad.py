# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Voice activity detection on fixed 30 ms frames, and cutting the stream into utterances.

:class:`VoiceActivityDetector` asks webrtcvad (the WebRTC GMM detector: microseconds per
frame) whether a frame is speech, after an energy gate that keeps very quiet frames silent
whatever webrtcvad thinks. :class:`UtteranceSegmenter` is the pure state machine on top:
an utterance starts when enough of the last few frames are speech, and ends after a
*hangover* of non-speech frames, so the short pauses inside a sentence do not split it.
It works on frame indices only, which makes its behaviour exact to test.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
import enum
import math

import numpy as np

from ...audio import FloatArray
from ...errors import ConfigError, ModelUnavailable

FRAME_MS = 30
"""Frame length of the pipeline, ms (webrtcvad accepts 10, 20 or 30)."""


def frame_samples(rate: int) -> int:
    """Return the number of samples in one frame at ``rate``."""
    return rate * FRAME_MS // 1000


def dbfs(samples: FloatArray) -> float:
    """RMS level of ``samples`` in dB relative to full scale (-inf dB reads as -120)."""
    if samples.size == 0:
        return -120.0
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return 20.0 * math.log10(rms) if rms > 1e-6 else -120.0


class VoiceActivityDetector:
    """Is this 30 ms frame speech? webrtcvad behind an energy gate."""

    def __init__(self, rate: int = 16000, aggressiveness: int = 2,
                 energy_floor_dbfs: float = -55.0) -> None:
        if rate not in (8000, 16000, 32000, 48000):
            raise ConfigError(f'webrtcvad needs 8, 16, 32 or 48 kHz, got {rate} Hz')
        if not 0 <= aggressiveness <= 3:
            raise ConfigError(f'vad aggressiveness must be 0..3, got {aggressiveness}')
        try:
            import webrtcvad
        except ImportError as exc:
            raise ModelUnavailable(
                'voice activity detection needs webrtcvad: pip install webrtcvad-wheels') from exc
        self._vad = webrtcvad.Vad(aggressiveness)
        self.rate = rate
        self.energy_floor_dbfs = energy_floor_dbfs

    def is_speech(self, frame: FloatArray) -> bool:
        """Whether ``frame`` (exactly one frame of float samples) holds speech."""
        if frame.size != frame_samples(self.rate):
            raise ValueError(f'a VAD frame has {frame_samples(self.rate)} samples, '
                             f'got {frame.size}')
        if dbfs(frame) < self.energy_floor_dbfs:
            return False
        pcm = np.round(np.clip(frame, -1.0, 1.0) * 32767.0).astype('<i2').tobytes()
        return bool(self._vad.is_speech(pcm, self.rate))


class Boundary(str, enum.Enum):
    """What the segmenter decided at a frame."""

    START = 'start'        # an utterance began (at ``Transition.frame``, pre-roll included)
    END = 'end'            # it ended; ``frame`` is one past its last speech frame
    DISCARD = 'discard'    # it ended but held too little speech (a cough, a click)


@dataclass(frozen=True)
class Transition:
    """
    A boundary decided at frame ``decided_at``, located at frame ``frame``.

    For START, ``frame`` includes the pre-roll and ``onset`` is the first speech frame; for
    END and DISCARD ``onset`` repeats the utterance's onset.
    """

    kind: Boundary
    frame: int
    decided_at: int
    onset: int
    reason: str = ''


@dataclass(frozen=True)
class SegmenterConfig:
    """Timing of the utterance state machine, in frames of :data:`FRAME_MS`."""

    onset_frames: int = 3      # window looked at to start an utterance …
    onset_voiced: int = 2      # … and how many speech frames in it start one
    hangover_frames: int = 8   # non-speech frames that end an utterance (240 ms)
    preroll_frames: int = 10   # audio kept before the onset (300 ms): word starts are soft
    min_speech_frames: int = 6  # fewer speech frames than this: discarded (180 ms)
    max_frames: int = 500      # an utterance is cut after this many frames (15 s)

    def __post_init__(self) -> None:
        """Check that the numbers make a working state machine."""
        if not 1 <= self.onset_voiced <= self.onset_frames:
            raise ConfigError(
                f'onset: need 1 <= voiced ({self.onset_voiced}) <= window '
                f'({self.onset_frames}) frames')
        for name in ('hangover_frames', 'min_speech_frames', 'max_frames'):
            if getattr(self, name) < 1:
                raise ConfigError(f'{name} must be at least 1, got {getattr(self, name)}')
        if self.preroll_frames < 0:
            raise ConfigError(f'preroll_frames must be >= 0, got {self.preroll_frames}')
        if self.max_frames <= self.hangover_frames:
            raise ConfigError('max_frames must exceed hangover_frames')

    @classmethod
    def from_ms(cls, hangover_ms: float, preroll_ms: float, min_speech_ms: float,
                max_utterance_s: float) -> SegmenterConfig:
        """Build a config from durations (rounded to whole frames)."""
        def frames(ms: float) -> int:
            return max(1, int(round(ms / FRAME_MS)))
        return cls(hangover_frames=frames(hangover_ms),
                   preroll_frames=int(round(preroll_ms / FRAME_MS)),
                   min_speech_frames=frames(min_speech_ms),
                   max_frames=frames(max_utterance_s * 1000.0))


class UtteranceSegmenter:
    """
    Decide utterance boundaries from a stream of per-frame speech flags.

    Call :meth:`step` once per frame, in order; it returns the transitions decided at that
    frame. Frame numbers count from 0 at construction (or the last :meth:`reset`).
    """

    def __init__(self, config: SegmenterConfig | None = None) -> None:
        self.config = config or SegmenterConfig()
        self.reset()

    def reset(self) -> None:
        """Forget everything (a gap in the stream); an open utterance is dropped silently."""
        self._frame = 0
        self._recent: deque[tuple[int, bool]] = deque(maxlen=self.config.onset_frames)
        self._start: int | None = None
        self._onset = 0
        self._last_speech = -1
        self._speech_frames = 0

    @property
    def in_utterance(self) -> bool:
        """Whether an utterance is open."""
        return self._start is not None

    @property
    def frame(self) -> int:
        """Return the number of the next frame :meth:`step` expects."""
        return self._frame

    def step(self, speech: bool) -> list[Transition]:
        """Advance one frame; return the boundaries decided now."""
        cfg = self.config
        index = self._frame
        self._frame += 1
        out: list[Transition] = []
        if self._start is None:
            self._recent.append((index, speech))
            voiced = [i for i, s in self._recent if s]
            if len(voiced) >= cfg.onset_voiced:
                first = voiced[0]
                self._start = max(0, first - cfg.preroll_frames)
                self._onset = first
                self._speech_frames = len(voiced)
                self._last_speech = index if speech else voiced[-1]
                self._recent.clear()
                out.append(Transition(Boundary.START, self._start, index, first))
            return out
        if speech:
            self._speech_frames += 1
            self._last_speech = index
        if index + 1 - self._start >= cfg.max_frames:
            out.append(self._close(index, 'max_length'))
        elif index - self._last_speech >= cfg.hangover_frames:
            out.append(self._close(index, 'silence'))
        return out

    def close(self) -> list[Transition]:
        """End an open utterance now (end of a recording, or the robot starts speaking)."""
        if self._start is None:
            return []
        return [self._close(self._frame - 1, 'closed')]

    def _close(self, index: int, reason: str) -> Transition:
        end = self._last_speech + 1
        kind = Boundary.END if self._speech_frames >= self.config.min_speech_frames \
            else Boundary.DISCARD
        self._start = None
        self._speech_frames = 0
        self._recent.clear()
        return Transition(kind, end, index, self._onset, reason)
