# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Speech recognition behind one small interface, and keyword spotting for must-hear phrases.

A :class:`SpeechEngine` receives an utterance's audio as it is heard (``start``, ``feed``
…, ``finish``) and returns a :class:`Recognition`. Engines, chosen by a spec string
(:func:`open_engine`):

``pocketsphinx`` (default)
    CMU PocketSphinx 5 with its bundled US-English model, driven through its ``Decoder``
    directly: one decoder loaded once and fed while the person speaks, so the transcript is
    ready a few milliseconds after the utterance ends. (SpeechRecognition's
    ``recognize_sphinx`` loads the model again on every call, ~0.3-0.5 s here, and only
    takes whole utterances; its ``grammar=`` path is broken with pocketsphinx 5.)
``sr:sphinx``, ``sr:vosk``, ``sr:whisper[:MODEL]``, ``sr:faster_whisper[:MODEL]``
    The offline recognisers of the ``speech_recognition`` package, through its
    ``Recognizer.recognize_*`` interface (whole utterances, after they end). Cloud
    recognisers are deliberately not offered: the robot's audio must not leave it.
``none``
    No recognition: prosody, and commands from keyword spotting only.

An engine whose package or model is missing raises :class:`ModelUnavailable` saying how
to install it.

Keyword spotting for command phrases lives in :mod:`.spotting`, its verification in
:mod:`.verification`, and the PocketSphinx plumbing both share in :mod:`.sphinx`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
import importlib.util
import time
from typing import Any, Protocol

import numpy as np

from .sphinx import (
    clean_word, model_paths, open_decoder, RATE, SphinxStream, to_pcm16, WordHit)
from ...audio import FloatArray
from ...errors import ConfigError, ModelUnavailable


@dataclass(frozen=True)
class Recognition:
    """What an engine heard in one utterance."""

    text: str
    words: tuple[WordHit, ...] = ()
    engine: str = ''
    finish_s: float = 0.0
    """Time :meth:`SpeechEngine.finish` took (what delays the result), seconds."""


EMPTY = Recognition('')


class SpeechEngine(Protocol):
    """A speech recogniser fed one utterance at a time (16 kHz mono float samples)."""

    name: str

    def start(self) -> None:
        """Begin an utterance."""

    def feed(self, samples: FloatArray) -> None:
        """Add audio to the current utterance."""

    def finish(self) -> Recognition:
        """End the utterance and return what was heard."""

    def cancel(self) -> None:
        """Abandon the current utterance."""


class PocketSphinxEngine:
    """Streaming dictation with PocketSphinx 5's n-gram language model (see module doc)."""

    name = 'pocketsphinx'

    def __init__(self, model_dir: str = '', dither_dbfs: float | None = -50.0,
                 second_pass: bool = False, options: Mapping[str, Any] | None = None
                 ) -> None:
        paths = model_paths(model_dir)
        # The flat-lexicon and best-path passes run at the end of the utterance; they add
        # ~80 ms to the result's delay for little gain on short commands, so they are
        # optional. ``options`` are further PocketSphinx settings (beam, lw, ...), for
        # measuring them (tools/eval_dictation.py).
        settings: dict[str, Any] = {**paths, 'fwdflat': second_pass, 'bestpath': second_pass}
        settings.update(options or {})
        decoder = open_decoder(**settings)
        self._stream = SphinxStream(decoder, dither_dbfs, seed=4)

    def start(self) -> None:
        """Begin an utterance."""
        self._stream.start()

    def feed(self, samples: FloatArray) -> None:
        """Decode more audio of the utterance now."""
        self._stream.feed(samples)

    def finish(self) -> Recognition:
        """End the utterance; the transcript is the decoder's best path."""
        began = time.perf_counter()
        segments = self._stream.finish()
        words = tuple(WordHit(w, s, e) for w, s, e in
                      ((clean_word(w), s, e) for w, s, e in segments) if w)
        text = ' '.join(w.text for w in words)
        return Recognition(text, words, self.name, time.perf_counter() - began)

    def cancel(self) -> None:
        """Abandon the utterance."""
        self._stream.cancel()


SR_OFFLINE = {
    'sphinx': ('pocketsphinx', 'pip install pocketsphinx'),
    'vosk': ('vosk', 'pip install vosk, then put a Vosk model where speech_recognition '
             'expects it (run: sprc download vosk)'),
    'whisper': ('whisper', 'pip install openai-whisper'),
    'faster_whisper': ('faster_whisper', 'pip install faster-whisper'),
}
"""Offline recognisers of the speech_recognition package: module needed, how to get it."""


class SpeechRecognitionEngine:
    """
    Any offline recogniser of the ``speech_recognition`` package, on whole utterances.

    ``recognizer`` is the part after ``recognize_`` (``sphinx``, ``whisper`` …); ``model``
    is a Whisper model size for the Whisper engines, or a PocketSphinx model folder for
    ``sphinx``.
    """

    def __init__(self, recognizer: str, model: str = '', dither_dbfs: float | None = -50.0
                 ) -> None:
        if recognizer not in SR_OFFLINE:
            raise ConfigError(
                f'speech_recognition engine {recognizer!r} is not offered; offline ones: '
                + ', '.join(f'sr:{k}' for k in SR_OFFLINE))
        module, hint = SR_OFFLINE[recognizer]
        if not importlib.util.find_spec('speech_recognition'):
            raise ModelUnavailable('sr:* engines need SpeechRecognition: '
                                   'pip install SpeechRecognition')
        if not importlib.util.find_spec(module):
            raise ModelUnavailable(
                f'speech engine sr:{recognizer} is not installed (no module {module!r}): {hint}')
        import speech_recognition

        self.name = f'sr:{recognizer}' + (f':{model}' if model else '')
        self._sr = speech_recognition
        self._recognizer = speech_recognition.Recognizer()
        method = getattr(self._recognizer, f'recognize_{recognizer}', None)
        if method is None:
            raise ModelUnavailable(
                f'this speech_recognition has no recognize_{recognizer}; upgrade it')
        self._method: Callable[..., Any] = method
        self._options: dict[str, Any] = {}
        if model and recognizer in ('whisper', 'faster_whisper'):
            self._options['model'] = model      # a model size or name: tiny, base, small …
        elif model and recognizer == 'sphinx':
            paths = model_paths(model)         # a PocketSphinx model folder
            self._options['language'] = (paths['hmm'], paths['lm'], paths['dict'])
        elif model:
            raise ConfigError(f'sr:{recognizer} takes no model argument (got {model!r}); '
                              'it uses the model installed for it')
        self._dither = dither_dbfs
        self._chunks: list[FloatArray] = []

    def start(self) -> None:
        """Begin an utterance."""
        self._chunks = []

    def feed(self, samples: FloatArray) -> None:
        """Keep audio until the utterance ends (these engines take whole utterances)."""
        self._chunks.append(np.asarray(samples, dtype=np.float32))

    def finish(self) -> Recognition:
        """Recognise the whole utterance now."""
        began = time.perf_counter()
        samples = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.float32)
        self._chunks = []
        if samples.size == 0:
            return Recognition('', (), self.name, 0.0)
        pcm = to_pcm16(samples, self._dither, np.random.default_rng(4))
        audio = self._sr.AudioData(pcm, RATE, 2)
        try:
            text = self._method(audio, **self._options)
        except self._sr.UnknownValueError:
            text = ''
        except (self._sr.RequestError, getattr(self._sr, 'SetupError', OSError),
                ImportError, OSError) as exc:
            raise ModelUnavailable(f'speech engine {self.name} failed: {exc}') from exc
        if not isinstance(text, str):
            text = str(text.get('text', '')) if isinstance(text, dict) else ''
        return Recognition(text.strip().lower(), (), self.name, time.perf_counter() - began)

    def cancel(self) -> None:
        """Abandon the utterance."""
        self._chunks = []

    def check(self) -> None:
        """Recognise half a second of near-silence, so set-up errors surface at start-up."""
        self.start()
        self.feed(np.zeros(RATE // 2, np.float32))
        self.finish()


ENGINE_SPECS = ('pocketsphinx', 'none', *(f'sr:{k}' for k in SR_OFFLINE))
"""Engine spec forms accepted by :func:`open_engine` (``sr:whisper:small`` adds a model)."""


def open_engine(spec: str, model_dir: str = '', dither_dbfs: float | None = -50.0,
                second_pass: bool = False) -> SpeechEngine | None:
    """
    Create the engine ``spec`` names (see the module docstring); None for ``none``.

    Raises :class:`ConfigError` for an unknown spec and :class:`ModelUnavailable` when the
    engine's package or model is not installed.
    """
    spec = spec.strip()
    if spec == 'none':
        return None
    if spec == 'pocketsphinx':
        return PocketSphinxEngine(model_dir, dither_dbfs, second_pass)
    if spec.startswith('sr:'):
        _, _, rest = spec.partition(':')
        recognizer, _, model = rest.partition(':')
        if not model and recognizer == 'sphinx':
            model = model_dir
        engine = SpeechRecognitionEngine(recognizer, model, dither_dbfs)
        engine.check()
        return engine
    raise ConfigError(f'unknown speech engine {spec!r}; use one of: '
                      + ', '.join(ENGINE_SPECS) + ' (sr:whisper:small adds a model)')


def recognise_once(engine: SpeechEngine, samples: FloatArray) -> Recognition:
    """Recognise one whole utterance with ``engine``."""
    engine.start()
    engine.feed(samples)
    return engine.finish()


__all__ = [
    'EMPTY', 'ENGINE_SPECS', 'open_engine', 'PocketSphinxEngine', 'RATE', 'Recognition',
    'recognise_once', 'SpeechEngine', 'SpeechRecognitionEngine', 'SR_OFFLINE', 'to_pcm16',
    'WordHit']
