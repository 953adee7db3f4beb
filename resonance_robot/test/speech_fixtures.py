# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Speech for tests, synthesised at test time with Debian's espeak-ng (run as a program).

Renderings of one sentence differ only in delivery: :data:`CALM` is slow, low and quiet,
:data:`EXCITED` fast, high and loud. Synthesis results are cached per test session.
"""

from __future__ import annotations

from dataclasses import dataclass
import functools
import pathlib
import shutil
import subprocess
import tempfile

import numpy as np
import pytest
from resonance_robot.core.audio import read_wav, resample, to_mono, write_wav

RATE = 16000


@dataclass(frozen=True)
class Delivery:
    """espeak-ng words per minute (-s), pitch 0-99 (-p) and amplitude 0-200 (-a)."""

    rate: int
    pitch: int
    amplitude: int


NEUTRAL = Delivery(175, 50, 100)
CALM = Delivery(120, 30, 60)
EXCITED = Delivery(220, 80, 180)

requires_espeak = pytest.mark.skipif(
    shutil.which('espeak-ng') is None,
    reason='espeak-ng is not installed (Debian/Ubuntu: apt install espeak-ng)')


def espeak_wav(text: str, path: pathlib.Path, delivery: Delivery = NEUTRAL,
               voice: str = 'en-us') -> pathlib.Path:
    """Speak ``text`` into the WAV file ``path`` (text passed as an argument, no shell)."""
    subprocess.run(
        ['espeak-ng', '-v', voice, '-s', str(delivery.rate), '-p', str(delivery.pitch),
         '-a', str(delivery.amplitude), '-w', str(path), '--', text],
        check=True, capture_output=True, timeout=30)
    return path


@functools.lru_cache(maxsize=256)
def speech(text: str, delivery: Delivery = NEUTRAL, voice: str = 'en-us') -> np.ndarray:
    """Return ``text`` spoken by espeak-ng as mono float32 samples at 16 kHz."""
    with tempfile.TemporaryDirectory(prefix='speech-') as tmp:
        wav = read_wav(espeak_wav(text, pathlib.Path(tmp) / 'speech.wav', delivery, voice))
    out = resample(to_mono(wav.samples), wav.sample_rate, RATE)
    out.setflags(write=False)
    return out


def silence(seconds: float) -> np.ndarray:
    """Return digital silence of ``seconds``."""
    return np.zeros(int(round(seconds * RATE)), np.float32)


def conversation(*parts: np.ndarray | float) -> np.ndarray:
    """Concatenate speech arrays and pauses (a float is seconds of silence)."""
    pieces = [silence(p) if isinstance(p, (int, float)) else p for p in parts]
    return np.concatenate(pieces).astype(np.float32)


def write_speech_wav(path: pathlib.Path, samples: np.ndarray, rate: int = RATE) -> pathlib.Path:
    """Write 16 kHz samples to ``path`` as a 16-bit WAV at ``rate``."""
    write_wav(path, resample(samples, RATE, rate) if rate != RATE else samples, rate)
    return path
