# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Speech synthesis with Debian's ``espeak-ng``, in a speaking style that fits the moment.

The robot's voice has five styles (the ``STYLE_*`` constants of ``Utterance``): calm and warm
are slower, lower and softer (comforting), cheerful is brighter and quicker (sharing joy),
firm is steady and clear (safety, hand-over), neutral is the plain voice. Each style is a
:class:`VoiceSettings` (rate in words per minute, espeak-ng pitch 0-99, volume, gap between
words); a request may override any of them.

espeak-ng runs as a program, never through a shell: the text is one argument after ``--``
(so text that starts with ``-`` is spoken, not parsed as an option), control characters are
removed, espeak-ng's ``[[phoneme]]`` escape is defused, and the length is limited. The WAV it
writes to standard output is decoded in memory: no temporary files. Synthesis takes ~10-30 ms
per sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
import enum
import math
import os
import re
import shutil
import subprocess
import time

import numpy as np

from ...audio import FloatArray, read_wav, to_mono
from ...errors import ConfigError, InvalidInput, ModelUnavailable

INSTALL_HINT = 'install it with: sudo apt install espeak-ng'
DEFAULT_MAX_CHARS = 600
"""Longest text spoken in one utterance (about 40 s of speech); longer text is cut."""
MAX_INPUT_CHARS = 1_000_000
"""Longer input is refused outright rather than cleaned (it is not something to say)."""


class SpeechStyle(str, enum.Enum):
    """Speaking styles (``resonance_robot_msgs/Utterance`` STYLE_* strings)."""

    NEUTRAL = 'neutral'
    CALM = 'calm'
    WARM = 'warm'
    CHEERFUL = 'cheerful'
    FIRM = 'firm'

    @classmethod
    def parse(cls, name: str) -> SpeechStyle:
        """Return the style called ``name`` ('' is neutral); InvalidInput lists valid names."""
        key = name.strip().lower()
        if not key:
            return cls.NEUTRAL
        try:
            return cls(key)
        except ValueError:
            valid = ', '.join(s.value for s in cls)
            raise InvalidInput(f'unknown speaking style {name!r}; valid: {valid}') from None


class Priority(enum.IntEnum):
    """Utterance priority (Utterance PRIORITY_* constants); higher may interrupt."""

    LOW = 0
    NORMAL = 1
    HIGH = 2


RATE_RANGE = (80.0, 450.0)
PITCH_RANGE = (0.0, 99.0)
VOLUME_RANGE = (0.05, 1.0)
WORD_GAP_RANGE = (0, 50)


@dataclass(frozen=True)
class VoiceSettings:
    """How to speak: rate (words/min), pitch (espeak-ng 0-99), volume (0-1], word gap (10 ms)."""

    rate: float
    pitch: float
    volume: float
    word_gap: int = 0

    def __post_init__(self) -> None:
        """Reject values espeak-ng cannot use."""
        for name, (low, high) in (('rate', RATE_RANGE), ('pitch', PITCH_RANGE),
                                  ('volume', VOLUME_RANGE), ('word_gap', WORD_GAP_RANGE)):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and low <= value <= high):
                raise ValueError(f'{name} must be in [{low:g}, {high:g}], got {value!r}')

    def arguments(self) -> list[str]:
        """espeak-ng options for these settings."""
        return ['-s', str(round(self.rate)), '-p', str(round(self.pitch)),
                '-a', str(round(self.volume * 100.0)), '-g', str(self.word_gap)]


STYLES: dict[SpeechStyle, VoiceSettings] = {
    SpeechStyle.NEUTRAL: VoiceSettings(rate=165.0, pitch=50.0, volume=0.8),
    SpeechStyle.CALM: VoiceSettings(rate=130.0, pitch=36.0, volume=0.6, word_gap=2),
    SpeechStyle.WARM: VoiceSettings(rate=148.0, pitch=44.0, volume=0.7, word_gap=1),
    SpeechStyle.CHEERFUL: VoiceSettings(rate=195.0, pitch=68.0, volume=0.9),
    SpeechStyle.FIRM: VoiceSettings(rate=155.0, pitch=40.0, volume=1.0, word_gap=1),
}
"""Voice settings of each style (volume 1.0 is espeak-ng amplitude 100, its default)."""


def voice_settings(
    style: SpeechStyle, rate: float = 0.0, pitch: float = 0.0, volume: float = 0.0,
) -> tuple[VoiceSettings, tuple[str, ...]]:
    """
    Return the settings of ``style`` with the non-zero overrides applied, and any repairs.

    An override of 0 keeps the style's value (as in ``Utterance``); NaN keeps it too, and an
    out-of-range one is clamped; each repair is described for the caller to log.
    """
    base = STYLES[style]
    repaired: list[str] = []
    values: dict[str, float] = {}
    for name, value, (low, high) in (('rate', rate, RATE_RANGE), ('pitch', pitch, PITCH_RANGE),
                                     ('volume', volume, VOLUME_RANGE)):
        number = float(value)
        if number == 0.0:
            continue
        if math.isnan(number):
            repaired.append(f'{name} nan -> style default')
            continue
        fixed = min(max(number, low), high)
        if fixed != number:
            repaired.append(f'{name} {number:g} -> {fixed:g}')
        values[name] = fixed
    settings = VoiceSettings(
        rate=values.get('rate', base.rate), pitch=values.get('pitch', base.pitch),
        volume=values.get('volume', base.volume), word_gap=base.word_gap)
    return settings, tuple(repaired)


_CONTROL = re.compile(r'[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+')
_SPACES = re.compile(r'\s+')


def prepare_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[str, bool]:
    """
    Return ``text`` made safe to speak literally, and whether it had to be shortened.

    Control and invisible formatting characters become spaces, runs of white space one
    space, and espeak-ng's phoneme escape ``[[`` is split so that brackets are read as
    text. Text longer than ``max_chars`` is cut at the last sentence end (or word) before the
    limit. Empty text raises :class:`InvalidInput`.
    """
    if not isinstance(text, str):
        raise InvalidInput(f'text must be a string, got {type(text).__name__}')
    if max_chars < 1:
        raise ConfigError(f'max_chars must be at least 1, got {max_chars}')
    if len(text) > MAX_INPUT_CHARS:
        raise InvalidInput(
            f'text of {len(text)} characters is too long to speak (limit {MAX_INPUT_CHARS})')
    clean = _SPACES.sub(' ', _CONTROL.sub(' ', text)).strip()
    while '[[' in clean:
        clean = clean.replace('[[', '[ [')
    if not clean:
        raise InvalidInput('nothing to say: the text is empty')
    if len(clean) <= max_chars:
        return clean, False
    cut = clean[:max_chars]
    sentence_end = max(cut.rfind(mark) for mark in ('. ', '! ', '? ', '; '))
    if sentence_end >= max_chars // 2:
        cut = cut[:sentence_end + 1]
    elif ' ' in cut[max_chars // 2:]:
        cut = cut[:cut.rfind(' ')]
    return cut.strip(), True


@dataclass(frozen=True)
class SpeechAudio:
    """Synthesised speech: mono float32 samples, what was said, and how."""

    samples: FloatArray
    sample_rate: int
    text: str
    style: SpeechStyle
    settings: VoiceSettings
    truncated: bool = False
    synthesis_seconds: float = 0.0

    @property
    def duration(self) -> float:
        """Length of the speech in seconds."""
        return float(self.samples.shape[0]) / float(self.sample_rate)


def find_espeak(executable: str = 'espeak-ng') -> str:
    """
    Return the full path of the espeak-ng program; ModelUnavailable says how to install it.

    ``executable`` is a program name looked up on ``PATH`` or a path to the program.
    """
    if not executable.strip():
        raise ConfigError('the espeak-ng executable name is empty')
    if os.sep in executable:
        if os.path.isfile(executable) and os.access(executable, os.X_OK):
            return executable
        raise ModelUnavailable(
            f'speech synthesis needs espeak-ng, but {executable} is not an executable file; '
            + INSTALL_HINT)
    found = shutil.which(executable)
    if found is None:
        raise ModelUnavailable(
            f'speech synthesis needs espeak-ng, but {executable!r} is not on PATH; '
            + INSTALL_HINT)
    return found


class EspeakSynthesizer:
    """
    Speaks text into samples with espeak-ng (a separate process per utterance).

    ``voice`` is an espeak-ng voice name (``espeak-ng --voices`` lists them; ``en-us+f3`` adds
    a variant). Construction checks that the program runs and the voice exists, so a node
    fails at start-up with the reason rather than at the first sentence.
    """

    def __init__(self, executable: str = 'espeak-ng', voice: str = 'en-us',
                 max_chars: int = DEFAULT_MAX_CHARS, timeout: float = 30.0) -> None:
        if not re.fullmatch(r'[A-Za-z0-9][A-Za-z0-9_+\-./]*', voice or ''):
            raise ConfigError(f'invalid espeak-ng voice name {voice!r}')
        if max_chars < 1:
            raise ConfigError(f'max_chars must be at least 1, got {max_chars}')
        self.executable = find_espeak(executable)
        self.voice = voice
        self.max_chars = max_chars
        self.timeout = timeout
        self._run(['-q', '--', 'ok'])  # the voice exists and the program works

    def _run(self, arguments: list[str]) -> bytes:
        command = [self.executable, '-v', self.voice, '-b', '1', *arguments]
        try:
            result = subprocess.run(
                command, stdin=subprocess.DEVNULL, capture_output=True,
                timeout=self.timeout, check=False)
        except FileNotFoundError as exc:
            raise ModelUnavailable(
                f'speech synthesis needs espeak-ng ({exc.strerror}); ' + INSTALL_HINT) from exc
        except subprocess.TimeoutExpired as exc:
            raise ModelUnavailable(
                f'espeak-ng did not finish within {self.timeout:g} s') from exc
        except OSError as exc:
            raise ModelUnavailable(f'cannot run {self.executable}: {exc}') from exc
        if result.returncode != 0:
            reason = result.stderr.decode('utf-8', 'replace').strip() or 'no message'
            raise ModelUnavailable(
                f'espeak-ng failed (exit {result.returncode}) with voice {self.voice!r}: '
                f'{reason}')
        return result.stdout

    def synthesize(self, text: str, style: SpeechStyle = SpeechStyle.NEUTRAL,
                   settings: VoiceSettings | None = None) -> SpeechAudio:
        """
        Speak ``text`` in ``style`` (or explicit ``settings``) and return the audio.

        Raises InvalidInput for empty text, ModelUnavailable when espeak-ng fails.
        """
        clean, truncated = prepare_text(text, self.max_chars)
        chosen = settings or STYLES[style]
        started = time.perf_counter()
        # -z: no pause after the last sentence, so the audio ends when the words do.
        wav = self._run([*chosen.arguments(), '-z', '--stdout', '--', clean])
        try:
            data = read_wav(wav)
        except InvalidInput as exc:
            raise ModelUnavailable(f'espeak-ng wrote unreadable audio: {exc}') from exc
        samples = to_mono(data.samples)
        return SpeechAudio(
            samples=np.ascontiguousarray(samples, dtype=np.float32),
            sample_rate=data.sample_rate, text=clean, style=style, settings=chosen,
            truncated=truncated, synthesis_seconds=time.perf_counter() - started)
