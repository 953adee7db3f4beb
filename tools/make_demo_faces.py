# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Make the demo's neutral, sad and angry faces from a public-domain portrait.

The source is the official US Navy portrait of Rear Admiral Grace Hopper (public domain),
shipped by matplotlib as ``mpl-data/sample_data/grace_hopper.jpg``. The sad and angry
versions move a few facial points with a piecewise-affine warp (FACS-style action units:
AU15 lip-corner depressor, AU1 inner-brow raiser and lowered lids for sad; AU4 brow lowerer
and AU23/24 lip tightener for angry). The points were placed by hand on this portrait, and the
amounts chosen so that the project's own face pipeline reads each version as intended.

Usage: ``python tools/make_demo_faces.py [OUT_DIR]`` (default: the package's data/faces).
"""

import pathlib
import sys

import cv2
import matplotlib
import numpy as np
from skimage.transform import PiecewiseAffineTransform, warp

FACE_ORIGIN = (155, 105)  # top-left of the 222x222 face box in the portrait
ANCHORS = [(40, 60), (180, 60), (30, 130), (190, 130), (60, 210), (160, 210), (110, 215),
           (110, 120), (62, 88), (152, 88), (110, 140)]
MOVES = {
    'sad': [((70, 172), (0, 18)), ((150, 172), (0, 18)), ((80, 172), (0, 11)),
            ((140, 172), (0, 11)), ((110, 168), (0, -3)), ((110, 180), (0, 2)),
            ((95, 66), (0, -14)), ((125, 66), (0, -14)), ((62, 80), (0, 7)),
            ((152, 80), (0, 7))],
    'angry': [((95, 70), (8, 20)), ((125, 70), (-8, 20)), ((70, 172), (12, 4)),
              ((150, 172), (-12, 4)), ((110, 165), (0, 3)), ((110, 178), (0, -3)),
              ((55, 75), (0, -2)), ((165, 75), (0, -2)), ((62, 80), (0, 4)),
              ((152, 80), (0, 4))],
}


def warp_face(image, moves):
    """Return ``image`` with face points moved by ``moves`` [((x, y), (dx, dy)), ...]."""
    height, width = image.shape[:2]
    ox, oy = FACE_ORIGIN
    src = [(x, y) for x in np.linspace(0, width - 1, 6) for y in np.linspace(0, height - 1, 6)]
    src += [(x + ox, y + oy) for x, y in ANCHORS]
    dst = list(src)
    for (x, y), (dx, dy) in moves:
        src.append((x + ox, y + oy))
        dst.append((x + ox + dx, y + oy + dy))
    transform = PiecewiseAffineTransform.from_estimate(np.array(dst), np.array(src))
    return warp(image, transform, output_shape=image.shape, preserve_range=True).round(
    ).astype(np.uint8)


def main() -> int:
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else (
        pathlib.Path(__file__).resolve().parent.parent
        / 'resonance_robot' / 'resonance_robot' / 'data' / 'faces')
    out.mkdir(parents=True, exist_ok=True)
    portrait = cv2.imread(str(pathlib.Path(matplotlib.get_data_path())
                              / 'sample_data' / 'grace_hopper.jpg'))
    if portrait is None:
        print('matplotlib sample_data/grace_hopper.jpg not found', file=sys.stderr)
        return 1
    cv2.imwrite(str(out / 'neutral.jpg'), portrait, [cv2.IMWRITE_JPEG_QUALITY, 92])
    for name, moves in MOVES.items():
        cv2.imwrite(str(out / f'{name}.jpg'), warp_face(portrait, moves),
                    [cv2.IMWRITE_JPEG_QUALITY, 92])
    print(f'wrote neutral, sad, angry faces to {out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
