# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Command recall on varied synthetic speech: is every command still heard after verification.

Usage: ``python tools/eval_commands.py [--per-command 40] [--seed 7] [--out recall.json]``

Each command phrase is spoken by espeak-ng in a random draw (seeded) from a grid of voices
and variants (en-us, en-gb, en-gb-scotland, en-us+f3, en-gb-x-rp+f2, en-029 ...), speaking
rates, pitches, conditions (clean; pink noise at 15 dB SNR; room echo: the speech convolved
with a synthetic impulse response, exponentially decaying noise with a 0.5 s RT60 and a
direct-to-reverberant ratio near 0 dB; echo and noise together) and carriers (the phrase
alone, "hey robot, ...", "... right now", "I said ..."), then run through the voice pipeline
as the node runs it. For each command it prints recall before verification (heard by either
recogniser), after it (believed: what the robot acts on), and wrong commands believed. Needs
espeak-ng; run it with ``nice``. The docs/voice.md figures come from ``--per-command 12``.
"""

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent / 'resonance_robot'
sys.path.insert(0, str(ROOT))

from resonance_robot.core.audio import read_wav, resample, to_mono  # noqa: E402
from resonance_robot.core.perception.voice.commands import Command  # noqa: E402
from resonance_robot.core.perception.voice.pipeline import (  # noqa: E402
    analyse_samples, UtteranceResult, VoicePipeline)

RATE = 16000
PHRASES = {
    Command.STOP: 'stop',
    Command.GO_AWAY: 'go away',
    Command.LEAVE_ME_ALONE: 'leave me alone',
    Command.STOP_WATCHING: 'stop watching me',
    Command.HELP: 'help me',
    Command.START_WATCHING: 'you can watch me again',
}
VOICES = ('en-us', 'en-gb', 'en-gb-scotland', 'en-us+f3', 'en-us+m3', 'en-gb-x-rp+f2',
          'en-029', 'en-us-nyc')
RATES = (130, 160, 190)
PITCHES = (30, 50, 75)
CONDITIONS = ('clean', 'noise', 'echo', 'echo+noise')
SNR_DB = 15.0
CARRIERS = ('{}', 'hey robot, {}', '{} right now', 'I said {}')


def speak(text, voice, rate, pitch, tmp):
    """Return ``text`` spoken by espeak-ng, at 16 kHz."""
    path = pathlib.Path(tmp) / 'x.wav'
    subprocess.run(['espeak-ng', '-v', voice, '-s', str(rate), '-p', str(pitch), '-w',
                    str(path), '--', text], check=True, capture_output=True, timeout=30)
    wav = read_wav(path)
    return resample(to_mono(wav.samples), wav.sample_rate, RATE)


def pink_noise(n, rng):
    """Pink (1/f) noise of unit RMS."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    spectrum /= np.sqrt(np.maximum(np.arange(spectrum.size), 1.0))
    noise = np.fft.irfft(spectrum, n)
    return noise / (np.sqrt(np.mean(noise ** 2)) + 1e-12)


def room_echo(x, rng, rt60=0.5):
    """Convolve with a synthetic room impulse response (direct path + decaying noise)."""
    t = np.arange(int(0.6 * RATE)) / RATE
    # tail energy about that of the direct path (direct-to-reverberant ratio near 0 dB)
    response = 0.04 * rng.standard_normal(t.size) * np.exp(-6.9 * t / rt60)
    response[:int(0.004 * RATE)] = 0.0
    response[0] = 1.0
    y = np.convolve(x, response)[:x.size + t.size]
    return y * (np.max(np.abs(x)) / (np.max(np.abs(y)) + 1e-12))


def render(x, condition, rng):
    """Apply a listening condition and pad with room-level silence."""
    x = np.concatenate([np.zeros(RATE // 2), x, np.zeros(RATE // 2)])
    if 'echo' in condition:
        x = room_echo(x, rng)
    if 'noise' in condition:
        loud = x[np.abs(x) > 0.02 * np.max(np.abs(x))]
        level = np.sqrt(np.mean(loud ** 2)) if loud.size else 0.05
        x = x + pink_noise(x.size, rng) * level * 10.0 ** (-SNR_DB / 20.0)
    return np.clip(x, -1.0, 1.0).astype(np.float32)


def draws(per_command, rng):
    """Seeded random renditions: (command, sentence, voice, rate, pitch, condition)."""
    out = []
    for command, phrase in PHRASES.items():
        for _ in range(per_command):
            out.append((command, CARRIERS[rng.integers(len(CARRIERS))].format(phrase),
                        VOICES[rng.integers(len(VOICES))], int(rng.choice(RATES)),
                        int(rng.choice(PITCHES)),
                        CONDITIONS[rng.integers(len(CONDITIONS))]))
    return out


def evaluate(per_command, seed):
    """Run every rendition through the pipeline; return the per-command table."""
    rng = np.random.default_rng(seed)
    shared = VoicePipeline()
    table = {c.value: {'renditions': 0, 'heard': 0, 'believed': 0, 'wrong': 0, 'missed': []}
             for c in PHRASES}
    began, audio_s, records = time.perf_counter(), 0.0, []
    with tempfile.TemporaryDirectory() as tmp:
        for command, sentence, voice, rate, pitch, condition in draws(per_command, rng):
            x = render(speak(sentence, voice, rate, pitch, tmp), condition, rng)
            audio_s += x.size / RATE
            pipeline = VoicePipeline(engine=shared.engine, spotter=shared.spotter,
                                     text=shared.text)
            results = [e for e in analyse_samples(pipeline, x) if isinstance(e, UtteranceResult)]
            believed = {c for r in results for c in r.commands}
            heard = {v.command for r in results for v in r.verdicts}
            records.append({'command': command.value, 'sentence': sentence,
                            'dictation': [r.dictation for r in results],
                            'keywords': [list(r.keywords) for r in results],
                            'believed': sorted(c.value for c in believed)})
            row = table[command.value]
            row['renditions'] += 1
            row['heard'] += command in heard
            row['believed'] += command in believed
            row['wrong'] += bool(believed - {command})
            print(f'{command.value}: {sentence!r} heard {sorted(c.value for c in heard)}, '
                  f'believed {sorted(c.value for c in believed)}', file=sys.stderr, flush=True)
            if command not in believed:
                row['missed'].append(f'{sentence} [{voice} s{rate} p{pitch} {condition}]: '
                                     + ' | '.join(r.dictation for r in results))
    for row in table.values():
        n = max(1, row['renditions'])
        row['recall_before_verification'] = round(row['heard'] / n, 3)
        row['recall'] = round(row['believed'] / n, 3)
    return {'seed': seed, 'per_command': per_command, 'audio_s': round(audio_s, 1),
            'wall_s': round(time.perf_counter() - began, 1), 'commands': table,
            'renditions': records}


def main():
    """Evaluate and print (and optionally save) the table."""
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--per-command', type=int, default=40)
    parser.add_argument('--seed', type=int, default=7)
    parser.add_argument('--out', default=None, help='write the table as JSON')
    args = parser.parse_args()
    report = evaluate(args.per_command, args.seed)
    for name, row in report['commands'].items():
        print(f"{name:16s} recall {row['recall']:.3f} (before verification "
              f"{row['recall_before_verification']:.3f}, n={row['renditions']}), "
              f"wrong commands {row['wrong']}")
    if args.out:
        pathlib.Path(args.out).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == '__main__':
    sys.exit(main())
