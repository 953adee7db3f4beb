# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Analyse the speech in a WAV file as the voice_affect node would, or score a labelled folder.

PATH is one of:

- a WAV file: for each utterance, start and end (seconds into the file), transcript,
  believed commands, prosody (pitch median and range, loudness, speech rate, pause ratio),
  valence, arousal, expression and confidence. The speaker baseline learns over the file,
  as it would live.
- a folder of class sub-folders of WAV files (``ravdess/angry/*.wav`` …), with an optional
  ``labels.csv`` (``path`` relative to the folder, ``text`` said): arousal and valence AUC,
  per-class means, command false alarms (with examples, and before verification), word
  recall of the dictation, utterances found and throughput (see
  :mod:`~resonance_robot.core.perception.voice.evaluation`). The models load once; each
  clip gets a fresh pipeline.

Examples::

    resonance-robot voice recording.wav
    resonance-robot voice recording.wav --json > utterances.json
    resonance-robot voice recording.wav --engine none      # prosody and keywords only
    resonance-robot voice data/ravdess_dev --json > ravdess.json
    resonance-robot voice data/spoken_digits --every 3     # a third of the clips
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

NAME = 'voice'
HELP = 'analyse the utterances in a WAV file, or score a labelled folder of clips'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot voice``."""
    parser.add_argument('wav', metavar='PATH', help='a PCM WAV file (any rate, channels, '
                        '8/16/24/32-bit integer or 32-bit float), or a folder of class '
                        'sub-folders of WAV files')
    parser.add_argument('--json', action='store_true', help='print JSON instead of text')
    parser.add_argument('--engine', default='pocketsphinx',
                        help='speech engine: pocketsphinx, none, sr:sphinx, sr:whisper[:MODEL] '
                             '… (default: %(default)s)')
    parser.add_argument('--no-keywords', action='store_true',
                        help='do not spot command and affect keywords')
    parser.add_argument('--hangover-ms', type=float, default=240.0,
                        help='silence that ends an utterance (default: %(default)s)')
    parser.add_argument('--limit', type=int, default=0, metavar='N',
                        help='folder: at most N clips per class (0: all)')
    parser.add_argument('--every', type=int, default=1, metavar='K',
                        help='folder: every K-th clip of each class (default: %(default)s)')
    parser.add_argument('--details', action='store_true',
                        help='folder, with --json: add every clip (dictation, keywords, '
                             'commands heard and believed, arousal, valence)')
    parser.add_argument('--no-progress', action='store_true', help='hide the progress bar')


def _row(result: Any) -> dict[str, Any]:
    p, a = result.prosody, result.affect
    return {
        'start_s': round(result.start, 3), 'end_s': round(result.end, 3),
        'transcript': result.transcript, 'dictation': result.dictation,
        'keywords': list(result.keywords), 'commands': [c.value for c in result.commands],
        'verdicts': [{'command': v.command.value, 'accepted': v.accepted, 'reason': v.reason}
                     for v in result.verdicts],
        'prosody': {'pitch_median_hz': round(p.pitch_median_hz, 1),
                    'pitch_range_st': round(p.pitch_range_st, 2),
                    'loudness_dbfs': round(p.loudness_dbfs, 1),
                    'speech_rate_sps': round(p.speech_rate_sps, 2),
                    'pause_ratio': round(p.pause_ratio, 3)},
        'valence': round(a.valence, 3), 'arousal': round(a.arousal, 3),
        'expression': a.expression.value, 'confidence': round(a.confidence, 3),
    }


def run(args: argparse.Namespace) -> int:
    """Analyse a file (one entry per utterance) or score a labelled folder."""
    import pathlib

    from ..core.errors import ConfigError
    from ..core.perception.voice.pipeline import PipelineConfig, VoicePipeline

    if args.hangover_ms < 90.0:
        raise ConfigError(f'--hangover-ms must be at least 90, got {args.hangover_ms:g}')
    if args.limit < 0 or args.every < 1:
        raise ConfigError('--limit must be >= 0 and --every >= 1')
    path = pathlib.Path(args.wav)
    config = PipelineConfig(engine=args.engine, spot_keywords=not args.no_keywords,
                            hangover_ms=args.hangover_ms)
    if path.is_dir():
        from ..core.perception.voice.evaluation import list_clips

        clips = [c for i, c in enumerate(list_clips(path, args.limit)) if i % args.every == 0]
        result = evaluate_folder(VoicePipeline(config), clips, not args.no_progress,
                                 args.details)
        result = {'folder': str(path), 'engine': args.engine, **result}
        if args.json:
            print(json.dumps(result, indent=2))
        else:
            _print_evaluation(result)
        return 0
    return _run_file(args, VoicePipeline(config))


def evaluate_folder(pipeline: Any, clips: Any, progress: bool = True, details: bool = False
                    ) -> dict[str, Any]:
    """Score ``clips`` with fresh pipelines sharing ``pipeline``'s models; the figures."""
    import time

    from tqdm import tqdm

    from ..core.perception.voice.evaluation import score_clip, summarise
    from ..core.perception.voice.pipeline import VoicePipeline

    scores, busy = [], 0.0
    for clip in tqdm(clips, desc='voice', unit='clip', disable=not progress, file=sys.stderr):
        began = time.perf_counter()
        fresh = VoicePipeline(pipeline.config, engine=pipeline.engine, spotter=pipeline.spotter,
                              text=pipeline.text)
        scores.append(score_clip(clip, fresh))
        busy += time.perf_counter() - began
    result = summarise(scores, busy)
    if details:
        result['clip_scores'] = [{
            'path': str(s.clip.path), 'label': s.clip.label, 'utterances': s.utterances,
            'arousal': s.arousal, 'valence': s.valence, 'dictation': s.dictation,
            'keywords': list(s.keywords), 'heard': [c.value for c in s.heard],
            'commands': [c.value for c in s.commands]} for s in scores]
    return result


def _print_evaluation(result: dict[str, Any]) -> None:
    def fmt(value: Any, spec: str = '.3f') -> str:
        return '-' if value is None else format(value, spec)

    print(f"{result['folder']}: {result['clips']} clips, {result['audio_s'] / 60:.1f} min "
          f"({result['speech_s'] / 60:.1f} min in utterances), engine {result['engine']}")
    print(f"  utterances       {result['utterances']} in {result['clips_with_utterances']} "
          'clips')
    for axis in ('arousal', 'valence'):
        a = result[axis]
        print(f"  {axis + ' AUC':16s} {fmt(a['auc'])}  ({a['high_n']} "
              f"{'/'.join(a['high_classes'])} vs {a['low_n']} {'/'.join(a['low_classes'])})")
    print('  per class        ' + '  '.join(
        f"{k} A{fmt(v['arousal'], '+.2f')} V{fmt(v['valence'], '+.2f')}"
        for k, v in result['per_class'].items()))
    fa = result['command_false_alarms']
    print(f"  false commands   {fa['clips']} clips ({fa['rate']:.1%}), "
          f"{fmt(fa['per_hour_of_speech'], '.1f')} per hour of speech {fa['per_command']}; "
          f"before verification {fa['unverified_clips']} ({fa['unverified_rate']:.1%}) "
          f"{fa['unverified_per_command']}")
    for example in fa['examples']:
        print(f"    {example['path']}: {', '.join(example['commands'])} "
              f"(dictation \"{example['dictation']}\", keywords {example['keywords']})")
    words = result['word_recall']
    if words['words']:
        print(f"  word recall      {fmt(words['recall'])} ({words['found']} of "
              f"{words['words']} words)")
    speed = result['throughput']
    print(f"  throughput       {fmt(speed['clips_per_s'], '.2f')} clips/s, real-time factor "
          f"{fmt(speed['real_time_factor'], '.3f')}")


def _run_file(args: argparse.Namespace, pipeline: Any) -> int:
    import numpy as np
    from tqdm import tqdm

    from ..core.audio import read_wav, resample, to_mono
    from ..core.errors import ConfigError
    from ..core.perception.voice.input import PIPELINE_RATE
    from ..core.perception.voice.pipeline import UtteranceResult

    wav = read_wav(args.wav)
    if wav.samples.shape[0] == 0:
        raise ConfigError(f'{args.wav}: the WAV file holds no samples')
    samples = resample(to_mono(wav.samples), wav.sample_rate, PIPELINE_RATE)
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
    _print_rows(args, wav, rows)
    return 0


def _print_rows(args: argparse.Namespace, wav: Any, rows: list[dict[str, Any]]) -> None:
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
