# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Prosody of one utterance with numpy alone, and a running per-speaker baseline.

*Pitch* is tracked every 10 ms with the normalised autocorrelation method of Boersma (1993,
"Accurate short-term analysis of the fundamental frequency …"): a 40 ms Hann-windowed frame,
its autocorrelation divided by the window's, the first peak within 10 % of the highest one
between 60 and 500 Hz (which avoids octave-down errors), voiced when that peak exceeds
0.45, then a 5-frame median filter. *Loudness* is the RMS level of the frames that carry
speech (within 35 dB of the loudest), so pauses do not dilute it. *Speech rate* counts
syllable nuclei as de Jong & Wempe (2009) do: peaks of the smoothed 300-3000 Hz intensity
that are voiced, rise above a floor, and are separated from the previous peak by a dip of
at least 2 dB; divided by the utterance's duration. *Pause ratio* is the unvoiced share of
the utterance.

People differ (a loud low voice is calm for one person and agitated for another), so
:class:`SpeakerBaseline` keeps a running mean and spread of each feature, starting from
population priors, and expresses each new utterance as z-scores against it.
"""

from __future__ import annotations

from dataclasses import dataclass
import math

import numpy as np
import numpy.typing as npt

from ...audio import FloatArray
from ...errors import InvalidInput

HOP_S = 0.010
WINDOW_S = 0.040
PITCH_MIN_HZ = 60.0
PITCH_MAX_HZ = 500.0
VOICING_THRESHOLD = 0.45
ACTIVE_RANGE_DB = 35.0
SILENCE_DBFS = -60.0

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Prosody:
    """Prosodic features of one utterance (units in the names; 0 when not measurable)."""

    pitch_median_hz: float
    pitch_range_st: float
    loudness_dbfs: float
    speech_rate_sps: float
    pause_ratio: float
    duration_s: float
    voiced_s: float

    def __post_init__(self) -> None:
        """Reject values no analysis can produce."""
        for name in ('pitch_median_hz', 'pitch_range_st', 'speech_rate_sps', 'duration_s',
                     'voiced_s'):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0.0):
                raise ValueError(f'{name} must be finite and >= 0, got {value!r}')
        if not 0.0 <= self.pause_ratio <= 1.0:
            raise ValueError(f'pause_ratio must be in [0, 1], got {self.pause_ratio!r}')
        if not (math.isfinite(self.loudness_dbfs) and self.loudness_dbfs <= 0.0):
            raise ValueError(f'loudness_dbfs must be finite and <= 0, got {self.loudness_dbfs}')

    @property
    def voiced(self) -> bool:
        """Whether any pitch was found (otherwise pitch features are 0)."""
        return self.pitch_median_hz > 0.0


def _frames(samples: Array, rate: int) -> Array:
    hop = int(round(HOP_S * rate))
    win = int(round(WINDOW_S * rate))
    if samples.size < win:
        samples = np.pad(samples, (0, win - samples.size))
    count = 1 + (samples.size - win) // hop
    shape = (count, win)
    strides = (samples.strides[0] * hop, samples.strides[0])
    return np.lib.stride_tricks.as_strided(samples, shape=shape, strides=strides).copy()


def pitch_track(samples: FloatArray, rate: int) -> tuple[Array, Array]:
    """
    Return per-10 ms pitch (Hz, 0 where unvoiced) and frame level (dBFS) of ``samples``.

    ``samples`` is mono float audio; any rate from 8 kHz works.
    """
    if rate < 8000:
        raise InvalidInput(f'pitch tracking needs at least 8 kHz, got {rate} Hz')
    x = np.asarray(samples, dtype=np.float64)
    frames = _frames(x, rate)
    frames -= frames.mean(axis=1, keepdims=True)
    level = 10.0 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)
    win = np.hanning(frames.shape[1])
    n_fft = 1 << int(math.ceil(math.log2(2 * frames.shape[1])))
    spec = np.fft.rfft(frames * win, n=n_fft, axis=1)
    ac = np.fft.irfft(np.abs(spec) ** 2, n=n_fft, axis=1)[:, :frames.shape[1]]
    wac = np.fft.irfft(np.abs(np.fft.rfft(win, n=n_fft)) ** 2, n=n_fft)[:frames.shape[1]]
    with np.errstate(divide='ignore', invalid='ignore'):
        r = (ac / np.maximum(ac[:, :1], 1e-20)) / np.maximum(wac / wac[0], 1e-3)
    lo = max(2, int(rate / PITCH_MAX_HZ))
    hi = min(frames.shape[1] // 2, int(rate / PITCH_MIN_HZ))
    band = r[:, lo:hi + 1]
    # local maxima in the lag band
    inner = band[:, 1:-1]
    is_peak = (inner > band[:, :-2]) & (inner >= band[:, 2:])
    peaks = np.where(is_peak, inner, -np.inf)
    best = peaks.max(axis=1)
    pitch = np.zeros(frames.shape[0])
    loud = level.max() if level.size else -120.0
    active = (level > max(SILENCE_DBFS, loud - ACTIVE_RANGE_DB))
    for i in np.nonzero(active & (best > VOICING_THRESHOLD))[0]:
        # the first peak within 10 % of the best one: the period, not a multiple of it
        j = int(np.argmax(peaks[i] >= 0.9 * best[i]))
        k = j + 1 + lo  # lag in samples of that peak
        a, b, c = r[i, k - 1], r[i, k], r[i, k + 1] if k + 1 < r.shape[1] else r[i, k]
        denom = a - 2.0 * b + c
        shift = 0.5 * (a - c) / denom if denom < 0.0 else 0.0
        pitch[i] = rate / (k + float(np.clip(shift, -0.5, 0.5)))
    pitch = _median_filter_voiced(pitch)
    return pitch, level


def _median_filter_voiced(pitch: Array, width: int = 5) -> Array:
    """Median-filter the voiced values, leaving unvoiced frames at 0."""
    out = pitch.copy()
    half = width // 2
    for i in np.nonzero(pitch > 0.0)[0]:
        window = pitch[max(0, i - half):i + half + 1]
        voiced = window[window > 0.0]
        if voiced.size >= 3:
            out[i] = float(np.median(voiced))
    return out


def _band_intensity(samples: Array, rate: int) -> Array:
    """Per-10 ms intensity (dB) of the 300-3000 Hz band, where vowels carry their energy."""
    frames = _frames(samples, rate)
    spec = np.abs(np.fft.rfft(frames * np.hanning(frames.shape[1]), axis=1)) ** 2
    freqs = np.fft.rfftfreq(frames.shape[1], 1.0 / rate)
    band = (freqs >= 300.0) & (freqs <= 3000.0)
    energy = spec[:, band].sum(axis=1) / frames.shape[1]
    db: Array = 10.0 * np.log10(energy + 1e-12)
    return db


def count_syllable_nuclei(samples: FloatArray, rate: int, pitch: Array | None = None) -> int:
    """Count syllable nuclei (de Jong & Wempe 2009) in mono ``samples``."""
    x = np.asarray(samples, dtype=np.float64)
    if pitch is None:
        pitch, _ = pitch_track(samples, rate)
    db = _band_intensity(x, rate)
    n = min(db.size, pitch.size)
    db, pitch = db[:n], pitch[:n]
    if n < 3:
        return 0
    kernel = np.hanning(7)
    smooth = np.convolve(db, kernel / kernel.sum(), mode='same')
    floor = max(float(np.median(smooth)), float(smooth.max()) - 25.0)
    count = 0
    last_peak = -math.inf
    dip = math.inf
    for i in range(1, n - 1):
        if smooth[i] < dip:
            dip = float(smooth[i])
        if not (smooth[i] > smooth[i - 1] and smooth[i] >= smooth[i + 1]):
            continue
        voiced = pitch[max(0, i - 2):i + 3].max() > 0.0
        if not voiced or smooth[i] < floor:
            continue
        if count and float(smooth[i]) - dip < 2.0 and last_peak - dip < 2.0:
            continue  # no real dip since the previous nucleus: the same syllable
        count += 1
        last_peak = float(smooth[i])
        dip = math.inf
    return count


def analyse_prosody(samples: FloatArray, rate: int) -> Prosody:
    """Measure the prosody of one utterance (mono float samples at ``rate``)."""
    x = np.asarray(samples, dtype=np.float64).reshape(-1)
    if x.size == 0:
        raise InvalidInput('cannot measure the prosody of an empty utterance')
    x = np.nan_to_num(x)
    duration = x.size / rate
    pitch, level = pitch_track(x.astype(np.float32), rate)
    voiced = pitch[pitch > 0.0]
    if voiced.size:
        median = float(np.median(voiced))
        semitones = 12.0 * np.log2(voiced / median)
        span = float(np.percentile(semitones, 90) - np.percentile(semitones, 10))
    else:
        median, span = 0.0, 0.0
    loud = float(level.max()) if level.size else -120.0
    active = level > max(SILENCE_DBFS, loud - ACTIVE_RANGE_DB)
    if active.any():
        power = float(np.mean(10.0 ** (level[active] / 10.0)))
        loudness = 10.0 * math.log10(max(power, 1e-12))
    else:
        loudness = -120.0
    nuclei = count_syllable_nuclei(x.astype(np.float32), rate, pitch)
    frames = max(1, pitch.size)
    return Prosody(
        pitch_median_hz=median, pitch_range_st=max(0.0, span),
        loudness_dbfs=min(0.0, max(-120.0, loudness)),
        speech_rate_sps=nuclei / duration,
        pause_ratio=float(np.clip(1.0 - voiced.size / frames, 0.0, 1.0)),
        duration_s=duration, voiced_s=voiced.size * HOP_S)


def semitones(hz: float, reference: float = 100.0) -> float:
    """Return ``hz`` in semitones above ``reference`` Hz."""
    return 12.0 * math.log2(hz / reference)


@dataclass(frozen=True)
class FeaturePrior:
    """Population mean and spread of one baseline feature."""

    mean: float
    sd: float


FEATURES = ('pitch_st', 'pitch_range_st', 'loudness_dbfs', 'speech_rate_sps', 'pause_ratio')
"""Features the baseline normalises (pitch in semitones re 100 Hz, so ratios are linear)."""

PRIORS = {
    'pitch_st': FeaturePrior(semitones(150.0), 4.0),   # adults: ~120 Hz men, ~210 Hz women
    'pitch_range_st': FeaturePrior(6.0, 3.0),
    'loudness_dbfs': FeaturePrior(-26.0, 6.0),         # depends on microphone gain
    'speech_rate_sps': FeaturePrior(4.0, 1.2),         # de Jong & Wempe: 3-5 syllables/s
    'pause_ratio': FeaturePrior(0.45, 0.15),
}
"""Population priors the baseline starts from (and is pulled towards while young)."""


def feature_values(prosody: Prosody) -> dict[str, float]:
    """Return the baseline features of ``prosody``; pitch features absent when unvoiced."""
    values = {'loudness_dbfs': prosody.loudness_dbfs,
              'speech_rate_sps': prosody.speech_rate_sps,
              'pause_ratio': prosody.pause_ratio}
    if prosody.voiced:
        values['pitch_st'] = semitones(prosody.pitch_median_hz)
        values['pitch_range_st'] = prosody.pitch_range_st
    return values


class SpeakerBaseline:
    """
    Running mean and spread of a speaker's prosody, for z-scores of each new utterance.

    Starts at :data:`PRIORS` weighted as ``prior_weight`` utterances, then follows the speaker
    with an exponential average whose weight never falls below ``min_rate`` (so it keeps
    adapting to a new microphone or a changed mood, slowly). The spread is floored at half
    the prior's, so a very regular speaker does not make every small change look extreme.
    """

    def __init__(self, prior_weight: float = 3.0, min_rate: float = 0.05) -> None:
        if prior_weight <= 0.0 or not 0.0 < min_rate <= 1.0:
            raise ValueError('prior_weight must be > 0 and min_rate in (0, 1]')
        self.prior_weight = prior_weight
        self.min_rate = min_rate
        self.reset()

    def reset(self) -> None:
        """Return to the population priors."""
        self._mean = {k: p.mean for k, p in PRIORS.items()}
        self._var = {k: p.sd ** 2 for k, p in PRIORS.items()}
        self._count = dict.fromkeys(PRIORS, 0)

    @property
    def utterances(self) -> int:
        """Utterances learnt so far (voiced ones, for the pitch features)."""
        return self._count['loudness_dbfs']

    def mean(self, feature: str) -> float:
        """Return the current mean of ``feature``."""
        return self._mean[feature]

    def sd(self, feature: str) -> float:
        """Return the current spread (standard deviation, floored) of ``feature``."""
        return max(math.sqrt(self._var[feature]), 0.5 * PRIORS[feature].sd)

    def z_scores(self, prosody: Prosody) -> dict[str, float]:
        """Express ``prosody`` against the baseline (features that were measured only)."""
        return {k: (v - self._mean[k]) / self.sd(k) for k, v in feature_values(prosody).items()}

    def update(self, prosody: Prosody) -> None:
        """Learn from one utterance."""
        for key, value in feature_values(prosody).items():
            self._count[key] += 1
            rate = max(self.min_rate, 1.0 / (self.prior_weight + self._count[key]))
            delta = value - self._mean[key]
            self._mean[key] += rate * delta
            self._var[key] = (1.0 - rate) * (self._var[key] + rate * delta * delta)
