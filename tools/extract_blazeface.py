# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Copy MediaPipe's BlazeFace face detectors (Apache-2.0) out of the mediapipe wheel.

Usage::

    pip download mediapipe==0.10.14 --no-deps -d /tmp/mp   # a release that bundles models
    python tools/extract_blazeface.py /tmp/mp/mediapipe-0.10.14-*.whl

Writes ``face_detection_short_range.tflite``, ``face_detection_full_range_sparse.tflite`` and
``LICENSE-mediapipe.txt`` into ``resonance_robot/resonance_robot/models/`` (or ``--out``) and
prints each file's SHA-256. Only the TFLite files are used: anchors and box decoding are ours
(:mod:`resonance_robot.core.perception.face.detection`), so mediapipe itself is not a dependency.
Releases from 0.10.15 on no longer bundle the models.
"""

import argparse
import hashlib
import pathlib
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent / 'resonance_robot'
MODELS = ('face_detection_short_range.tflite', 'face_detection_full_range_sparse.tflite')
MEMBER_DIR = 'mediapipe/modules/face_detection/'
NOTICE = (b'face_detection_short_range.tflite and face_detection_full_range_sparse.tflite are\n'
          b"MediaPipe's BlazeFace models (https://github.com/google-ai-edge/mediapipe; model "
          b'card:\nhttps://storage.googleapis.com/mediapipe-assets/MediaPipe%20BlazeFace%20'
          b'Model%20Card%20(Short%20Range).pdf),\ncopied unchanged from the mediapipe 0.10.14 '
          b'wheel, under this licence:\n\n')


def main() -> int:
    """Extract the models and the licence; print checksums."""
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('wheel', type=pathlib.Path, help='a mediapipe 0.10.x wheel')
    parser.add_argument('--out', type=pathlib.Path, default=ROOT / 'resonance_robot' / 'models',
                        help='output folder (default: %(default)s)')
    args = parser.parse_args()
    if not args.wheel.is_file():
        parser.error(f'no such file: {args.wheel}')
    args.out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(args.wheel) as wheel:
        names = set(wheel.namelist())
        missing = [m for m in MODELS if MEMBER_DIR + m not in names]
        if missing:
            parser.error(f'{args.wheel.name} does not bundle {", ".join(missing)}; '
                         'use mediapipe 0.10.14 or older')
        licence = next(n for n in sorted(names)
                       if n.endswith('.dist-info/LICENSE') or n.endswith('licenses/LICENSE'))
        written = []
        for model in MODELS:
            (args.out / model).write_bytes(wheel.read(MEMBER_DIR + model))
            written.append(args.out / model)
        (args.out / 'LICENSE-mediapipe.txt').write_bytes(NOTICE + wheel.read(licence))
        written.append(args.out / 'LICENSE-mediapipe.txt')
    for path in written:
        print(f'sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
