# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Analyse the speech in a WAV file as the voice_affect node would, utterance by utterance.

For each utterance: start and end (seconds into the file), transcript, matched commands,
prosody (pitch median and range, loudness, speech rate, pause ratio), valence, arousal,
expression and confidence. The speaker baseline learns over the file, as it would live.

Examples::

    resonance-robot voice recording.wav
    resonance-robot voice recording.wav --json > utterances.json
    resonance-robot voice recording.wav --engine none      # prosody and keywords only
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

NAME = 'voice'
HELP = 'analyse the utterances in a WAV file: words, commands, prosody, affect'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot voice``."""
    parser.add_argument('wav', metavar='FILE.wav', help='a PCM WAV file (any rate, channels, '
                        '8/16/24/32-bit integer or 32-bit float)')
    parser.add_argument('--json', action='store_true', help='print JSON instead of text')
    parser.add_argument('--engine', default='pocketsphinx',
                        help='speech engine: pocketsphinx, none, sr:sphinx, sr:whisper[:MODEL] '
                             '… (default: %(default)s)')
    parser.add_argument('--no-keywords', action='store_true',
                        help='do not spot command and affect keywords')
    parser.add_argument('--hangover-ms', type=float, default=240.0,
                        help='silence that ends an utterance (default: %(default)s)')


def _row(result: Any) -> dict[str, Any]:
    p, a = result.prosody, result.affect
    return {
        'start_s': round(result.start, 3), 'end_s': round(result.end, 3),
        'transcript': result.transcript, 'dictation': result.dictation,
        'keywords': list(result.keywords), 'commands': [c.value for c in result.commands],
        'prosody': {'pitch_median_hz': round(p.pitch_median_hz, 1),
                    'pitch_range_st': round(p.pitch_range_st, 2),
                    'loudness_dbfs': round(p.loudness_dbfs, 1),
                    'speech_rate_sps': round(p.speech_rate_sps, 2),
                    'pause_ratio': round(p.pause_ratio, 3)},
        'valence': round(a.valence, 3), 'arousal': round(a.arousal, 3),
        'expression': a.expression.value, 'confidence': round(a.confidence, 3),
    }


def run(args: argparse.Namespace) -> int:
    """Analyse the file and print one entry per utterance."""
    import numpy as np
    from tqdm import tqdm

    from ..core.audio import read_wav, resample, to_mono
    from ..core.errors import ConfigError
    from ..core.perception.voice.input import PIPELINE_RATE
    from ..core.perception.voice.pipeline import PipelineConfig, UtteranceResult, VoicePipeline

    if args.hangover_ms < 90.0:
        raise ConfigError(f'--hangover-ms must be at least 90, got {args.hangover_ms:g}')
    wav = read_wav(args.wav)
    if wav.samples.shape[0] == 0:
        raise ConfigError(f'{args.wav}: the WAV file holds no samples')
    samples = resample(to_mono(wav.samples), wav.sample_rate, PIPELINE_RATE)
    pipeline = VoicePipeline(PipelineConfig(
        engine=args.engine, spot_keywords=not args.no_keywords, hangover_ms=args.hangover_ms))
    step = PIPELINE_RATE // 10
    events = []
    long_file = samples.size > 30 * PIPELINE_RATE and not args.json and sys.stderr.isatty()
    with tqdm(total=samples.size / PIPELINE_RATE, unit='s', disable=not long_file,
              desc='analysing', file=sys.stderr) as bar:
        for i in range(0, samples.size, step):
            events += pipeline.push(np.ascontiguousarray(samples[i:i + step]))
            bar.update(min(step, samples.size - i) / PIPELINE_RATE)
    events += pipeline.flush()
    rows = [_row(e) for e in events if isinstance(e, UtteranceResult)]
    if args.json:
        json.dump({'file': str(args.wav), 'duration_s': round(wav.duration, 3),
                   'sample_rate': wav.sample_rate, 'engine': args.engine,
                   'utterances': rows}, sys.stdout, indent=2)
        print()
        return 0
    print(f'{args.wav}: {wav.duration:.2f} s at {wav.sample_rate} Hz, '
          f'{len(rows)} utterance(s), engine {args.engine}')
    for n, row in enumerate(rows, 1):
        p = row['prosody']
        print(f"\n[{n}] {row['start_s']:.2f}-{row['end_s']:.2f} s  "
              f"\"{row['transcript'] or '(no words recognised)'}\"")
        if row['commands']:
            print(f"    commands   {', '.join(row['commands'])}")
        print(f"    prosody    pitch {p['pitch_median_hz']:.0f} Hz, range "
              f"{p['pitch_range_st']:.1f} st, loudness {p['loudness_dbfs']:.1f} dBFS, "
              f"rate {p['speech_rate_sps']:.1f} syll/s, pauses {p['pause_ratio']:.0%}")
        print(f"    affect     {row['expression']}: valence {row['valence']:+.2f}, arousal "
              f"{row['arousal']:+.2f}, confidence {row['confidence']:.2f}")
    return 0
