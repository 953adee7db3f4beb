# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
r"""
The per-person baseline on real face readings: lasting joy and lasting sadness.

Usage::

    python tools/eval_baseline.py /path/to/faces_wild_dev [--seed 1] [--json out.json]

Every photo of the ``happy``, ``neutral`` and ``sad`` folders (``labels.csv`` with
``path,label``) is read once by the package's face pipeline (``FaceAffectPipeline.analyse``,
the default expression model). The readings are then played into :class:`AffectFusion` as
one person's face at 10 frames/s, each photo held for 1 s, in a seeded random order:

- **joy, then a straight face**: 60 s of happy photos, then 30 s of neutral ones. Reported:
  the baseline after the joy, and over the last 20 s of neutral photos the mean fused
  valence and the share of ticks at or below the tree's ``sad_valence`` (they would count
  as sad);
- **grief**: 180 s of sad photos. Reported: over the last minute, the mean fused valence,
  the share of ticks at or below ``sad_valence`` and the share whose expression is ``sad``.

These are real readings of strangers' photos played as one face, not a person filmed over
minutes: they show what the baseline does to the classifier's real spread of readings. The
package is imported from ``--package-root`` (default: this repository's ``resonance_robot/``)
so that another version can be measured the same way.
"""

import argparse
import csv
import json
import pathlib
import random
import sys

STEP = 0.1
HOLD = 1.0


def main(argv: list[str] | None = None) -> int:
    """Measure and print the figures (see the module doc)."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0].strip())
    parser.add_argument('folder', type=pathlib.Path, help='faces_wild_dev (labels.csv)')
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--package-root', type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parent.parent
                        / 'resonance_robot')
    parser.add_argument('--json', type=pathlib.Path, help='also write the figures here')
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.package_root))

    import cv2
    from tqdm import tqdm

    from resonance_robot.core.decision.params import SocialParams
    from resonance_robot.core.perception.face.pipeline import FaceAffectPipeline

    with (args.folder / 'labels.csv').open(newline='') as handle:
        rows = [(r['path'], r['label']) for r in csv.DictReader(handle)
                if r['label'] in ('happy', 'neutral', 'sad')]
    if not rows:
        print(f'{args.folder}: no happy, neutral or sad photos in labels.csv', file=sys.stderr)
        return 2
    pipeline = FaceAffectPipeline()
    readings: dict[str, list] = {'happy': [], 'neutral': [], 'sad': []}
    for path, label in tqdm(rows, desc='reading photos', unit='photo', file=sys.stderr):
        image = cv2.imread(str(args.folder / path))
        if image is None:
            continue
        faces = pipeline.analyse(image)
        if faces:
            readings[label].append(max(faces, key=lambda f: f.box.width).affect)
    sad_valence = SocialParams.from_values({}).sad_valence
    rng = random.Random(args.seed)
    figures = {
        'photos': {k: len(v) for k, v in readings.items()},
        'joy_then_straight': _joy_then_straight(readings, rng, sad_valence),
        'grief': _grief(readings, rng, sad_valence),
        'sad_valence': sad_valence,
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + '\n')
    return 0


def _play(fusion, affects, t0):
    """Play ``affects`` as one face, each held HOLD s at 10 frames/s; yield (t, estimate)."""
    from resonance_robot.core.perception.face.reading import FaceBox, FaceFrame, FaceReading

    box = FaceBox(240.0, 160.0, 160.0, 160.0, 0.9)
    t = t0
    for affect in affects:
        for _ in range(int(round(HOLD / STEP))):
            fusion.add_faces(FaceFrame(640, 480, (FaceReading('f1', box, affect, affect),)), t)
            fusion.update(t)
            yield t, fusion.estimate(t)[0]
            t = round(t + STEP, 6)


def _sequence(pool, seconds, rng):
    return [rng.choice(pool) for _ in range(int(seconds / HOLD))]


def _joy_then_straight(readings, rng, sad_valence):
    from resonance_robot.core.fusion.fusion import AffectFusion

    fusion = AffectFusion()
    joy = list(_play(fusion, _sequence(readings['happy'], 60.0, rng), 0.0))
    straight = list(_play(fusion, _sequence(readings['neutral'], 30.0, rng), joy[-1][0] + STEP))
    late = [p.affect.valence for t, p in straight if t >= straight[0][0] + 10.0]
    return {
        'joy_mean_valence': round(sum(p.affect.valence for _, p in joy) / len(joy), 3),
        'baseline_after_joy': round(joy[-1][1].baseline[0], 3),
        'straight_mean_valence': round(sum(late) / len(late), 3),
        'straight_share_sad': round(sum(v <= sad_valence for v in late) / len(late), 3),
    }


def _grief(readings, rng, sad_valence):
    from resonance_robot.core.fusion.fusion import AffectFusion

    fusion = AffectFusion()
    played = list(_play(fusion, _sequence(readings['sad'], 180.0, rng), 0.0))
    last = [p for t, p in played if t >= 120.0]
    return {
        'last_minute_mean_valence': round(sum(p.affect.valence for p in last) / len(last), 3),
        'last_minute_share_sad_valence': round(
            sum(p.affect.valence <= sad_valence for p in last) / len(last), 3),
        'last_minute_share_sad_expression': round(
            sum(p.affect.expression.value == 'sad' for p in last) / len(last), 3),
        'baseline_after': round(played[-1][1].baseline[0], 3),
    }


if __name__ == '__main__':
    sys.exit(main())
