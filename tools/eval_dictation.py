# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
r"""
Word recall of PocketSphinx dictation on a labelled folder, for comparing decoder settings.

Usage::

    nice -n 5 python tools/eval_dictation.py DATA/ravdess_dev --every 6 \\
        --variant default --variant second_pass:fwdflat=yes,bestpath=yes \\
        --variant wide_beams:beam=1e-80,wbeam=1e-60,pbeam=1e-80

Each ``--variant NAME[:key=value,...]`` is a set of PocketSphinx options (anything its
``Decoder`` takes: beam, wbeam, lw, alpha (pre-emphasis), remove_noise, lm ...). Every clip
of the folder's ``labels.csv`` (columns ``path`` and ``text``) is decoded whole, at 16 kHz,
by each variant's decoder, and the dictation is scored by word recall (reference words
found in it, as multisets) with the time spent. Prints one line per variant; ``--out``
writes them as JSON.
"""

import argparse
import csv
import json
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent / 'resonance_robot'
sys.path.insert(0, str(ROOT))

from resonance_robot.core.audio import read_wav, resample, to_mono  # noqa: E402
from resonance_robot.core.perception.voice.asr import (  # noqa: E402
    PocketSphinxEngine, recognise_once)
from resonance_robot.core.perception.voice.evaluation import word_recall  # noqa: E402


def parse_variant(spec):
    """Return (name, options) of ``NAME[:key=value,...]``."""
    name, _, rest = spec.partition(':')
    options = {}
    for item in filter(None, rest.split(',')):
        key, _, value = item.partition('=')
        options[key.strip()] = value.strip()
    return name, options


def load_clips(folder, every):
    """Return (samples at 16 kHz, text) for every ``every``-th labelled clip with a text."""
    with (folder / 'labels.csv').open(newline='') as handle:
        rows = [r for r in csv.DictReader(handle) if r.get('text')]
    clips = []
    for row in rows[::every]:
        wav = read_wav(folder / row['path'])
        clips.append((resample(to_mono(wav.samples), wav.sample_rate, 16000), row['text']))
    return clips


def main():
    """Score each variant and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('folder', type=pathlib.Path)
    parser.add_argument('--every', type=int, default=1, help='every K-th clip')
    parser.add_argument('--variant', action='append', default=[],
                        help='NAME[:key=value,...] (repeatable; default: the shipped settings)')
    parser.add_argument('--out', default=None, help='write the table as JSON')
    args = parser.parse_args()
    clips = load_clips(args.folder, max(1, args.every))
    audio_s = sum(x.size for x, _ in clips) / 16000.0
    table = []
    for name, options in map(parse_variant, args.variant or ['default']):
        engine = PocketSphinxEngine(options=options)
        found = total = 0
        examples = []
        began = time.perf_counter()
        for samples, text in clips:
            heard = recognise_once(engine, samples).text
            hit, count = word_recall(text, heard)
            found, total = found + hit, total + count
            if len(examples) < 5:
                examples.append(f'{text} -> {heard}')
        busy = time.perf_counter() - began
        row = {'variant': name, 'options': options, 'clips': len(clips),
               'word_recall': round(found / max(1, total), 4),
               'real_time_factor': round(busy / audio_s, 4), 'examples': examples}
        table.append(row)
        print(f"{name:16s} word recall {row['word_recall']:.3f} ({found}/{total}), "
              f"RTF {row['real_time_factor']:.3f}  e.g. {examples[0]}", flush=True)
    if args.out:
        pathlib.Path(args.out).write_text(json.dumps(table, indent=2))
    return 0


if __name__ == '__main__':
    sys.exit(main())
