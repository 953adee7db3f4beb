# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The person's side of the demo: each scenario sentence spoken by espeak-ng to a WAV file.

The robot's synthesiser is reused with the person's voice settings; a voice with a pitch
range (flat or exaggerated prosody) goes through espeak-ng's SSML, and ``...`` in a sentence
is a pause of the voice's ``pause`` seconds.
"""

from __future__ import annotations

import pathlib
import sys
from typing import Any, TextIO

from ..core.errors import ConfigError, ModelUnavailable
from ..core.sources.scenario import Scenario, Voice

MAX_SPEECH_SECONDS = 12.0


def synthesise_person(text: str, voice: Voice, path: pathlib.Path,
                      executable: str = 'espeak-ng') -> pathlib.Path:
    """
    Speak ``text`` in the person's ``voice`` to a WAV file with espeak-ng.

    The robot's synthesiser is reused with the person's settings; amplitudes above 100
    (espeak-ng's default loudness) are applied as a gain, as espeak-ng itself would.
    """
    import numpy as np

    from ..core.audio import write_wav
    from ..core.expression.voice.speech import EspeakSynthesizer, VoiceSettings

    synthesizer = EspeakSynthesizer(executable, voice=voice.espeak_voice)
    volume = min(1.0, max(0.05, voice.amplitude / 100.0))
    settings = VoiceSettings(rate=float(voice.words_per_minute), pitch=float(voice.pitch),
                             volume=volume)
    parts, rate = [], 0
    for piece in (p.strip() for p in text.split('...')):  # '...': a pause of voice.pause s
        if piece:
            if voice.pitch_range:
                samples, rate = _ssml_speech(piece, voice, settings.arguments(), executable)
            else:
                audio = synthesizer.synthesize(piece, settings=settings)
                samples, rate = audio.samples, audio.sample_rate
            if parts:
                parts.append(np.zeros(int(voice.pause * rate), np.float32))
            parts.append(samples)
    samples = np.concatenate(parts) if parts else np.zeros(1, np.float32)
    gain = max(voice.amplitude / 100.0, 0.05) / volume
    peak = float(np.abs(samples).max()) if samples.size else 0.0
    if peak * gain > 0.95:
        gain = 0.95 / peak  # as loud as it gets without clipping
    write_wav(path, samples * gain, rate or 22050)
    return path


def _ssml_speech(text: str, voice: Voice, arguments: list[str],
                 executable: str) -> tuple[Any, int]:
    """Speak ``text`` with the voice's SSML pitch range (flat or exaggerated prosody)."""
    import subprocess
    from xml.sax.saxutils import escape

    from ..core.audio import read_wav, to_mono
    from ..core.expression.voice.speech import find_espeak, prepare_text

    clean, _ = prepare_text(text)
    ssml = (f'<speak><prosody range="{voice.pitch_range}">{escape(clean)}</prosody>'
            '</speak>')
    command = [find_espeak(executable), '-m', '-v', voice.espeak_voice, '-b', '1',
               *arguments, '-z', '--stdout', '--', ssml]
    result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                            timeout=30.0, check=False)
    if result.returncode != 0:
        raise ModelUnavailable(f'espeak-ng failed on SSML (exit {result.returncode}): '
                               + result.stderr.decode('utf-8', 'replace').strip())
    data = read_wav(result.stdout)
    return to_mono(data.samples), data.sample_rate


def prepare_speech(scenario: Scenario, folder: pathlib.Path,
                   progress: TextIO | None) -> dict[int, pathlib.Path]:
    """Synthesise each step's sentence to a WAV file; ConfigError when one does not fit."""
    from tqdm import tqdm

    from ..core.audio import read_wav

    steps = [(i, s) for i, s in enumerate(scenario.steps) if s.say]
    speech = {}
    for index, step in tqdm(steps, desc='synthesising speech', unit='sentence',
                            file=progress or sys.stderr, disable=progress is None,
                            leave=False):
        path = synthesise_person(step.say, step.voice, folder / f'step{index + 1}.wav')
        duration = read_wav(path).duration
        where = f'{scenario.source}: step {index + 1}: say'
        available = scenario.end_of(index) - step.at - step.say_after
        if duration > MAX_SPEECH_SECONDS:
            raise ConfigError(f'{where}: the sentence takes {duration:.1f} s; keep it under '
                              f'{MAX_SPEECH_SECONDS:g} s (split it over two steps)')
        if duration > available:
            raise ConfigError(
                f'{where}: the sentence takes {duration:.1f} s but only {available:.1f} s are '
                'left in the step; shorten it, speak faster (voice: rate), say it sooner '
                '(say_after) or start the next step later')
        speech[index] = path
    return speech
