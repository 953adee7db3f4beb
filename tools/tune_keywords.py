# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Tune the keyword-spotting thresholds of ``core/perception/voice/phrases.py`` on synthetic speech.

Usage: ``python tools/tune_keywords.py [--out table.json]``

Synthesises carrier sentences holding each keyword, plus neutral sentences, in three
deliveries (neutral, calm, excited; espeak-ng, en-us), and spots the whole keyword list at
once (as the node does: detections interact) with every threshold scaled by each
sensitivity in turn. For each keyword it prints recall / false alarms per sensitivity and
suggests the threshold exponent of the most eager sensitivity without a false alarm (or the
strictest that still finds it). Re-run after editing the thresholds: they interact. Needs
espeak-ng; takes a few minutes.
"""

import argparse
import json
import math
import pathlib
import subprocess
import sys
import tempfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent / 'resonance_robot'
sys.path.insert(0, str(ROOT))

from resonance_robot.core.audio import read_wav, resample, to_mono  # noqa: E402
from resonance_robot.core.perception.voice.phrases import SPOTTED_KEYWORDS  # noqa: E402
from resonance_robot.core.perception.voice.spotting import KeywordSpotter, spot_once  # noqa: E402

DELIVERIES = {'neutral': (175, 50, 100), 'calm': (120, 30, 60), 'excited': (220, 80, 180)}
CARRIERS = ('{}', 'I think that is {} now')
NEUTRAL = (
    'the train leaves at nine in the morning', 'can you tell me what time it is',
    'my name is anna and I live in the city', 'we went to the market to buy some bread',
    'the table is made of wood', 'there are three chairs in the kitchen',
    'please open the window', 'what is the weather like tomorrow',
    'I would like a cup of tea', 'the children are playing in the garden',
    'turn left at the next corner', 'my brother works at the post office',
    'how many people live here', 'the meeting starts after lunch',
    'I read a book about old ships', 'do you know where the station is',
    'it is raining a little today', 'we should water the plants',
    'the blue car is parked outside', 'let us walk along the river',
)
SENSITIVITIES = (0.67, 0.8, 1.0, 1.25, 1.5)


def speak(text, delivery, tmp):
    rate, pitch, amp = DELIVERIES[delivery]
    path = pathlib.Path(tmp) / 'x.wav'
    subprocess.run(['espeak-ng', '-v', 'en-us', '-s', str(rate), '-p', str(pitch), '-a',
                    str(amp), '-w', str(path), '--', text], check=True, capture_output=True)
    wav = read_wav(path)
    x = resample(to_mono(wav.samples), wav.sample_rate, 16000)
    pad = np.zeros(4800, np.float32)
    return np.concatenate([pad, x, pad])


def contains(sentence, phrase):
    words, wanted = sentence.split(), phrase.split()
    return any(words[i:i + len(wanted)] == wanted for i in range(len(words)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--out', default=None, help='write the full table as JSON')
    args = parser.parse_args()
    phrases = [k.phrase for k in SPOTTED_KEYWORDS]
    clips = []
    with tempfile.TemporaryDirectory() as tmp:
        for delivery in DELIVERIES:
            for phrase in phrases:
                for carrier in CARRIERS:
                    clips.append((carrier.format(phrase), speak(carrier.format(phrase),
                                                                delivery, tmp)))
            for sentence in NEUTRAL:
                clips.append((sentence, speak(sentence, delivery, tmp)))
    grid: dict = {}
    for sensitivity in SENSITIVITIES:
        spotter = KeywordSpotter(SPOTTED_KEYWORDS, sensitivity)
        found = {p: [0, 0] for p in phrases}
        alarms = dict.fromkeys(phrases, 0)
        for sentence, samples in clips:
            heard = {h.text for h in spot_once(spotter, samples)}
            for phrase in phrases:
                if contains(sentence.lower(), phrase):
                    found[phrase][0] += phrase in heard
                    found[phrase][1] += 1
                elif phrase in heard:
                    alarms[phrase] += 1
        for phrase in phrases:
            hit, total = found[phrase]
            grid.setdefault(phrase, {})[sensitivity] = {
                'recall': hit / max(1, total), 'false_alarms': alarms[phrase]}
        print(f'sensitivity {sensitivity} done', flush=True)
    table = {}
    for keyword in SPOTTED_KEYWORDS:
        row = grid[keyword.phrase]
        clean = [s for s in SENSITIVITIES if row[s]['false_alarms'] == 0 and row[s]['recall']]
        finding = [s for s in SENSITIVITIES if row[s]['recall']]
        best = (max(clean, key=lambda s: (row[s]['recall'], s)) if clean
                else (finding[-1] if finding else None))
        exponent = -math.log10(keyword.threshold)
        suggestion = round(exponent / best) if best else None
        table[keyword.phrase] = {'exponent': exponent, 'suggested_exponent': suggestion,
                                 'grid': row}
        cells = ' '.join(f"{s}:{row[s]['recall']:.2f}/{row[s]['false_alarms']}"
                         for s in SENSITIVITIES)
        print(f'{keyword.phrase:20s} 1e-{exponent:<3.0f} -> 1e-{suggestion}  {cells}')
    if args.out:
        pathlib.Path(args.out).write_text(json.dumps(table, indent=2))
    return 0


if __name__ == '__main__':
    sys.exit(main())
