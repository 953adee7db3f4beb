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

:class:`KeywordSpotter` runs PocketSphinx's keyword search alongside the engine, for the
command phrases the robot must never miss and strongly affective words, whatever the
dictation engine heard. Synthetic or very clean audio has stretches of digital silence
that the acoustic model, trained on real recordings, never saw; both pocketsphinx users
add a faint noise floor (``dither_dbfs``) to what they decode, as a microphone would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
import importlib.util
import os
import tempfile
import time
from typing import Any, Protocol

import numpy as np

from ...audio import FloatArray
from ...errors import ConfigError, InvalidInput, ModelUnavailable

RATE = 16000
"""Sample rate every engine receives, Hz."""


@dataclass(frozen=True)
class WordHit:
    """A recognised word or phrase and where it was heard (seconds from utterance start)."""

    text: str
    start: float
    end: float


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


def to_pcm16(samples: FloatArray, dither_dbfs: float | None, rng: np.random.Generator
             ) -> bytes:
    """Encode float samples as s16le, adding a Gaussian noise floor at ``dither_dbfs``."""
    x = np.asarray(samples, dtype=np.float64)
    if dither_dbfs is not None:
        x = x + rng.normal(0.0, 10.0 ** (dither_dbfs / 20.0), x.size)
    return np.round(np.clip(x, -1.0, 1.0) * 32767.0).astype('<i2').tobytes()


def _model_paths(model_dir: str = '') -> dict[str, str]:
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


def _decoder(**options: Any) -> Any:
    from pocketsphinx import Decoder

    try:
        return Decoder(logfn=os.devnull, **options)
    except (RuntimeError, ValueError) as exc:
        raise ModelUnavailable(f'PocketSphinx could not load its model: {exc}') from exc


class _SphinxStream:
    """Feeds one pocketsphinx decoder while an utterance lasts."""

    def __init__(self, decoder: Any, dither_dbfs: float | None, seed: int) -> None:
        self._decoder = decoder
        self._dither = dither_dbfs
        self._seed = seed
        self._rng = np.random.default_rng(seed)
        self._active = False

    def start(self) -> None:
        if self._active:
            self._decoder.end_utt()
        self._rng = np.random.default_rng(self._seed)  # same audio, same result
        self._decoder.start_utt()
        self._active = True

    def feed(self, samples: FloatArray) -> None:
        if not self._active:
            self.start()
        if samples.size:
            self._decoder.process_raw(to_pcm16(samples, self._dither, self._rng), False, False)

    def finish(self) -> list[tuple[str, float, float]]:
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
        hyp = self._decoder.hyp()
        return str(hyp.hypstr).strip() if hyp is not None else ''

    def cancel(self) -> None:
        if self._active:
            self._decoder.end_utt()
            self._active = False


_FILLERS = {'<s>', '</s>', '<sil>', '[NOISE]', '[SPEECH]', '[BREATH]', '[COUGH]', '[UH]',
            '[UM]', '[SMACK]', '[LAUGH]'}


def _clean_word(word: str) -> str:
    base = word.split('(')[0]  # alternate pronunciations: "the(2)"
    return '' if base in _FILLERS or base.startswith('[') or base.startswith('<') else base


class PocketSphinxEngine:
    """Streaming dictation with PocketSphinx 5's n-gram language model (see module doc)."""

    name = 'pocketsphinx'

    def __init__(self, model_dir: str = '', dither_dbfs: float | None = -50.0,
                 second_pass: bool = False) -> None:
        paths = _model_paths(model_dir)
        # The flat-lexicon and best-path passes run at the end of the utterance; they add
        # ~80 ms to the result's delay for little gain on short commands, so they are
        # optional.
        decoder = _decoder(**paths, fwdflat=second_pass, bestpath=second_pass)
        self._stream = _SphinxStream(decoder, dither_dbfs, seed=4)

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
                      ((_clean_word(w), s, e) for w, s, e in segments) if w)
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
            paths = _model_paths(model)         # a PocketSphinx model folder
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


@dataclass(frozen=True)
class Keyword:
    """A phrase to spot and its detection threshold (PocketSphinx kws, e.g. 1e-20)."""

    phrase: str
    threshold: float

    def __post_init__(self) -> None:
        """Check the phrase and threshold."""
        if not self.phrase.strip() or self.phrase != self.phrase.strip().lower():
            raise ValueError(f'keyword phrases are lower-case and trimmed, got {self.phrase!r}')
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f'keyword threshold must be in (0, 1), got {self.threshold!r}')


class KeywordSpotter:
    """
    PocketSphinx keyword search over an utterance, fed while it is heard.

    Phrases with a word the dictionary lacks are left out and listed in
    :attr:`unknown_phrases`. ``sensitivity`` multiplies every threshold's exponent: above 1
    makes spotting stricter (fewer false alarms), below 1 more eager.
    """

    def __init__(self, keywords: Iterable[Keyword], sensitivity: float = 1.0,
                 dither_dbfs: float | None = -50.0) -> None:
        if not 0.2 <= sensitivity <= 5.0:
            raise ConfigError(f'keyword sensitivity must be in [0.2, 5], got {sensitivity}')
        paths = _model_paths()
        # keyword search needs no language model: not loading one saves ~60 MB
        decoder = _decoder(hmm=paths['hmm'], dict=paths['dict'], lm=None)
        self.keywords: list[Keyword] = []
        self.unknown_phrases: list[str] = []
        for kw in keywords:
            if all(decoder.lookup_word(w) for w in kw.phrase.split()):
                self.keywords.append(kw)
            else:
                self.unknown_phrases.append(kw.phrase)
        if not self.keywords:
            raise ConfigError('no keyword phrase is in the PocketSphinx dictionary')
        lines = [f'{k.phrase} /{k.threshold ** (1.0 / sensitivity):.3g}/\n'
                 for k in self.keywords]
        with tempfile.NamedTemporaryFile('w', suffix='.kws', delete=False) as handle:
            handle.writelines(lines)
        try:
            decoder.add_kws('spot', handle.name)
            decoder.activate_search('spot')
        except (RuntimeError, ValueError) as exc:
            raise ConfigError(f'PocketSphinx rejected the keyword list: {exc}') from exc
        finally:
            os.unlink(handle.name)
        self._stream = _SphinxStream(decoder, dither_dbfs, seed=5)

    def start(self) -> None:
        """Begin an utterance."""
        self._stream.start()

    def feed(self, samples: FloatArray) -> None:
        """Search more audio of the utterance now."""
        self._stream.feed(samples)

    def finish(self) -> tuple[WordHit, ...]:
        """End the utterance; return the phrases spotted, in time order."""
        hits = [WordHit(w, s, e) for w, s, e in self._stream.finish() if w]
        return tuple(sorted(hits, key=lambda h: h.start))

    def cancel(self) -> None:
        """Abandon the utterance."""
        self._stream.cancel()


def spot_once(spotter: KeywordSpotter, samples: FloatArray) -> tuple[WordHit, ...]:
    """Spot keywords in one whole utterance (a convenience for files and tests)."""
    if samples.ndim != 1:
        raise InvalidInput('spot_once takes mono samples')
    spotter.start()
    spotter.feed(samples)
    return spotter.finish()


def recognise_once(engine: SpeechEngine, samples: FloatArray) -> Recognition:
    """Recognise one whole utterance with ``engine``."""
    engine.start()
    engine.feed(samples)
    return engine.finish()


def phrases_of(keywords: Sequence[Keyword]) -> list[str]:
    """Return the phrases of ``keywords``."""
    return [k.phrase for k in keywords]
