# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
r"""
Print what the voice pipeline reads between the lines of a scenario's sentences.

Each ``say`` is synthesised as the demo does (with its voice, prosody and pauses) and run
through the voice pipeline, one speaker baseline for the whole scenario: per utterance the
transcript, the words' valence, the affect, the pitch range and the sarcasm probability with
its cues. The figures in the README ("Reading between the lines") come from::

    .venv/bin/python tools/between_lines_voice.py \\
        resonance_robot/resonance_robot/data/scenarios/between_the_lines.yaml
"""

import pathlib
import sys
import tempfile

import numpy as np
from resonance_robot.core.audio import read_wav, to_mono
from resonance_robot.core.perception.voice.pipeline import (
    analyse_samples, UtteranceResult, VoicePipeline)
from resonance_robot.core.sources.scenario import load_scenario
from resonance_robot.demo.speech import synthesise_person
from scipy.signal import resample_poly


def main() -> int:
    """Analyse every sentence of the scenario named on the command line."""
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    scenario = load_scenario(sys.argv[1])
    pipeline = VoicePipeline()
    with tempfile.TemporaryDirectory() as tmp:
        for index, step in enumerate(scenario.steps):
            if not step.say:
                continue
            path = synthesise_person(step.say, step.voice, pathlib.Path(tmp) / f'{index}.wav')
            data = read_wav(path)
            samples = resample_poly(to_mono(data.samples), 16000, data.sample_rate)
            silence = np.zeros(16000, np.float32)
            audio = np.concatenate([silence, samples.astype(np.float32), silence, silence])
            for event in analyse_samples(pipeline, audio):
                if isinstance(event, UtteranceResult):
                    _print(index + 1, event)
    return 0


def _print(step: int, result: UtteranceResult) -> None:
    cue = result.reading().incongruence
    affect = result.affect
    print(f'step {step:2d}: {result.transcript!r:45s} words {result.text.valence:+.2f} '
          f'{affect.expression.value:9s} v {affect.valence:+.2f} a {affect.arousal:+.2f} '
          f'range {result.prosody.pitch_range_st:4.1f} st  sarcasm {cue.probability:.2f} '
          f'{" ".join(cue.evidence[1:])}')


if __name__ == '__main__':
    sys.exit(main())
