# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
PocketSphinx plumbing shared by dictation (:mod:`.asr`) and keyword spotting (:mod:`.spotting`).

Synthetic or very clean audio has stretches of digital silence that the acoustic model,
trained on real recordings, never saw; every decoder here is fed a faint noise floor
(``dither_dbfs``) on top of what it decodes, as a microphone would add.
"""

from __future__ import annotations

from dataclasses import dataclass
import importlib.util
import os
from typing import Any

import numpy as np

from ...audio import FloatArray
from ...errors import ModelUnavailable

RATE = 16000
"""Sample rate every engine receives, Hz."""


@dataclass(frozen=True)
class WordHit:
    """A recognised word or phrase and where it was heard (seconds from utterance start)."""

    text: str
    start: float
    end: float


def to_pcm16(samples: FloatArray, dither_dbfs: float | None, rng: np.random.Generator
             ) -> bytes:
    """Encode float samples as s16le, adding a Gaussian noise floor at ``dither_dbfs``."""
    x = np.asarray(samples, dtype=np.float64)
    if dither_dbfs is not None:
        x = x + rng.normal(0.0, 10.0 ** (dither_dbfs / 20.0), x.size)
    return np.round(np.clip(x, -1.0, 1.0) * 32767.0).astype('<i2').tobytes()


def model_paths(model_dir: str = '') -> dict[str, str]:
    """Return hmm/lm/dict paths of a PocketSphinx model folder (default: the bundled one)."""
    if not importlib.util.find_spec('pocketsphinx'):
        raise ModelUnavailable('the pocketsphinx engine needs pocketsphinx: '
                               'pip install pocketsphinx')
    from pocketsphinx import get_model_path

    base = model_dir or os.path.join(get_model_path(), 'en-us')
    paths = {'hmm': os.path.join(base, 'en-us'), 'lm': os.path.join(base, 'en-us.lm.bin'),
             'dict': os.path.join(base, 'cmudict-en-us.dict')}
    if model_dir and not os.path.isdir(paths['hmm']):
        # a user model folder: acoustic model folder, *.lm.bin and *.dict inside it
        names = sorted(os.listdir(model_dir)) if os.path.isdir(model_dir) else []
        dirs = [n for n in names if os.path.isdir(os.path.join(model_dir, n))]
        lms = [n for n in names if n.endswith('.lm.bin') or n.endswith('.lm')]
        dicts = [n for n in names if n.endswith('.dict')]
        if not (dirs and lms and dicts):
            raise ModelUnavailable(
                f'{model_dir}: not a PocketSphinx model folder (needs an acoustic model '
                'folder, a .lm.bin language model and a .dict dictionary)')
        paths = {'hmm': os.path.join(model_dir, dirs[0]),
                 'lm': os.path.join(model_dir, lms[0]),
                 'dict': os.path.join(model_dir, dicts[0])}
    for key, path in paths.items():
        if not os.path.exists(path):
            raise ModelUnavailable(f'PocketSphinx {key} file missing: {path}')
    return paths


def open_decoder(**options: Any) -> Any:
    """Return a PocketSphinx decoder with ``options``; ModelUnavailable if it cannot load."""
    from pocketsphinx import Decoder

    try:
        return Decoder(logfn=os.devnull, **options)
    except (RuntimeError, ValueError) as exc:
        raise ModelUnavailable(f'PocketSphinx could not load its model: {exc}') from exc


class SphinxStream:
    """Feeds one pocketsphinx decoder while an utterance lasts."""

    def __init__(self, decoder: Any, dither_dbfs: float | None, seed: int) -> None:
        self._decoder = decoder
        self._dither = dither_dbfs
        self._seed = seed
        self._rng = np.random.default_rng(seed)
        self._active = False

    def start(self) -> None:
        """Begin an utterance (ending one left open)."""
        if self._active:
            self._decoder.end_utt()
        self._rng = np.random.default_rng(self._seed)  # same audio, same result
        self._decoder.start_utt()
        self._active = True

    def feed(self, samples: FloatArray) -> None:
        """Decode more audio, starting an utterance if none is open."""
        if not self._active:
            self.start()
        if samples.size:
            self._decoder.process_raw(to_pcm16(samples, self._dither, self._rng), False, False)

    def finish(self) -> list[tuple[str, float, float]]:
        """End the utterance; return its segments as (word, start s, end s)."""
        if not self._active:
            return []
        self._decoder.end_utt()
        self._active = False
        frame_s = 1.0 / float(self._decoder.config['frate'] or 100)
        out = []
        for seg in self._decoder.seg() or ():
            word = str(seg.word).strip()
            out.append((word, seg.start_frame * frame_s, (seg.end_frame + 1) * frame_s))
        return out

    def hypothesis(self) -> str:
        """Return the current best hypothesis text."""
        hyp = self._decoder.hyp()
        return str(hyp.hypstr).strip() if hyp is not None else ''

    def cancel(self) -> None:
        """Abandon the open utterance."""
        if self._active:
            self._decoder.end_utt()
            self._active = False


FILLERS = {'<s>', '</s>', '<sil>', '[NOISE]', '[SPEECH]', '[BREATH]', '[COUGH]', '[UH]',
           '[UM]', '[SMACK]', '[LAUGH]'}


def clean_word(word: str) -> str:
    """Return ``word`` without its pronunciation variant, or '' for fillers and silences."""
    base = word.split('(')[0]  # alternate pronunciations: "the(2)"
    return '' if base in FILLERS or base.startswith('[') or base.startswith('<') else base
