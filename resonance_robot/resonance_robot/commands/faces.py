# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Read facial expressions, valence and arousal from an image, or score a labelled folder.

PATH is one of:

- an image file: each face's box, expression, class probabilities, valence, arousal;
- a folder with class subfolders (angry, disgust, fear, happy, neutral, sad, surprise - the
  FER2013 layout; ROS4HRI names such as ``scared`` work too): accuracy, per-class recall,
  the confusion matrix and throughput;
- any other folder: every image in it, read one by one.

Small images (at most 128 px a side, such as FER2013's 48×48 crops) are read whole as one
face; larger ones go through the face detector, and when it finds nothing the whole image is
read as one face (``--mode detect`` turns that fallback off, ``--mode crop`` skips detection).

Examples::

    resonance-robot faces photo.jpg
    resonance-robot faces fer2013/test --json > scores.json
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time
from typing import Any

NAME = 'faces'
HELP = 'read facial expressions in an image, or score a folder of labelled faces'

IMAGE_SUFFIXES = ('.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff', '.webp', '.pgm', '.ppm')


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot faces``."""
    from ..core.perception.face.detection import DETECTORS
    from ..core.perception.face.models import EXPRESSION_MODELS

    parser.add_argument('path', type=pathlib.Path, metavar='PATH',
                        help='an image, a folder of class subfolders, or a folder of images')
    parser.add_argument('--json', action='store_true', help='print JSON instead of text')
    parser.add_argument('--detector', choices=DETECTORS, default='blazeface_full',
                        help='face detector (default: %(default)s)')
    parser.add_argument('--model', choices=EXPRESSION_MODELS, default=None,
                        help='expression model (default: the face_affect default)')
    parser.add_argument('--mode', choices=('auto', 'detect', 'crop'), default='auto',
                        help='auto: small images are crops, others detected with a whole-image '
                             'fallback; detect: detected faces only; crop: whole image as one '
                             'face (default: %(default)s)')
    parser.add_argument('--limit', type=int, default=0, metavar='N',
                        help='folder mode: at most N images per class (0: all)')
    parser.add_argument('--no-progress', action='store_true', help='hide the progress bar')


def _images(folder: pathlib.Path) -> list[pathlib.Path]:
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


def _face_json(analysis: Any) -> dict[str, Any]:
    from ..core.perception.face.expression_model import FER_CLASSES

    x, y, w, h = analysis.box.pixels()
    affect = analysis.affect
    return {
        'box': [x, y, w, h], 'detected': analysis.detected,
        'detection_confidence': round(analysis.box.score, 4),
        'expression': affect.expression.value, 'confidence': round(affect.confidence, 4),
        'valence': round(affect.valence, 4), 'arousal': round(affect.arousal, 4),
        'probabilities': {name: round(p, 4) for name, p in
                          zip(FER_CLASSES, analysis.probabilities)},
    }


def read_image_file(pipeline: Any, path: pathlib.Path, mode: str) -> dict[str, Any]:
    """Return the JSON-ready reading of one image file."""
    from ..core.sources.camera import read_image

    image = read_image(path)
    faces = pipeline.analyse(image, mode)
    return {'image': str(path), 'width': int(image.shape[1]), 'height': int(image.shape[0]),
            'faces': [_face_json(face) for face in faces]}


def _print_image(result: dict[str, Any]) -> None:
    print(f"{result['image']}: {result['width']}x{result['height']}, "
          f"{len(result['faces'])} face(s)")
    for i, face in enumerate(result['faces'], start=1):
        x, y, w, h = face['box']
        how = 'detected' if face['detected'] else 'whole image'
        print(f'  face {i} at ({x}, {y}) {w}x{h} [{how}, '
              f"{face['detection_confidence']:.2f}]: {face['expression']} "
              f"(confidence {face['confidence']:.2f}), valence {face['valence']:+.2f}, "
              f"arousal {face['arousal']:+.2f}")
        probs = '  '.join(f'{k} {v:.2f}' for k, v in face['probabilities'].items())
        print(f'    {probs}')


def evaluate_folder(pipeline: Any, folder: pathlib.Path, mode: str, limit: int = 0,
                    progress: bool = True) -> dict[str, Any]:
    """
    Score a folder of class subfolders; return accuracy, recall, confusion and throughput.

    The prediction for an image is the top class of its largest face; an image where no face
    could be read counts as wrong and is listed under ``unread``.
    """
    import numpy as np
    from tqdm import tqdm

    from ..core.errors import InvalidInput
    from ..core.perception.face.affect import CLASS_ALIASES
    from ..core.perception.face.expression_model import FER_CLASSES
    from ..core.sources.camera import read_image

    samples = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        label = CLASS_ALIASES.get(sub.name.lower())
        if label is None:
            continue
        files = _images(sub)
        samples += [(path, label) for path in (files[:limit] if limit > 0 else files)]
    index = {name: i for i, name in enumerate(FER_CLASSES)}
    confusion = np.zeros((len(FER_CLASSES), len(FER_CLASSES)), dtype=np.int64)
    unread, undetected, busy = [], 0, 0.0
    for path, label in tqdm(samples, desc='faces', unit='img', disable=not progress,
                            file=sys.stderr):
        try:
            image = read_image(path)
        except InvalidInput:
            unread.append(str(path))
            continue
        start = time.perf_counter()
        faces = pipeline.analyse(image, mode)
        busy += time.perf_counter() - start
        if not faces:
            unread.append(str(path))
            continue
        face = max(faces, key=lambda f: f.box.area)
        undetected += 0 if face.detected else 1
        confusion[index[label], int(np.argmax(face.probabilities))] += 1
    total = len(samples)
    correct = int(np.trace(confusion))
    per_class = confusion.sum(axis=1)
    recall = {name: (round(float(confusion[i, i] / per_class[i]), 4) if per_class[i] else None)
              for name, i in index.items()}
    return {
        'folder': str(folder), 'images': total, 'classes': list(FER_CLASSES),
        'accuracy': round(correct / total, 4) if total else None,
        'recall': recall,
        'support': {name: int(per_class[i]) for name, i in index.items()},
        'confusion': confusion.tolist(),
        'read_whole_image': undetected, 'unread': unread,
        'images_per_s': round((total - len(unread)) / busy, 2) if busy > 0 else None,
        'ms_per_image': round(busy * 1e3 / max(1, total - len(unread)), 3),
    }


def _print_evaluation(result: dict[str, Any]) -> None:
    classes = result['classes']
    print(f"{result['folder']}: {result['images']} images")
    if result['accuracy'] is None:
        print('  no images in class subfolders')
        return
    print(f"  accuracy {result['accuracy']:.3f}   {result['images_per_s']} images/s "
          f"({result['ms_per_image']} ms each)")
    print('  recall   ' + '  '.join(
        f"{name} {'-' if r is None else f'{r:.2f}'}" for name, r in result['recall'].items()))
    width = max(len(c) for c in classes)
    print('  confusion (rows: true class, columns: predicted)')
    print('  ' + ' ' * width + ''.join(f'{c[:7]:>9s}' for c in classes))
    for name, row in zip(classes, result['confusion']):
        print(f'  {name:>{width}s}' + ''.join(f'{v:9d}' for v in row))
    if result['read_whole_image']:
        print(f"  {result['read_whole_image']} image(s) read whole (crops or no face found)")
    if result['unread']:
        print(f"  {len(result['unread'])} image(s) could not be read, e.g. {result['unread'][0]}")


def run(args: argparse.Namespace) -> int:
    """Read an image or score a folder."""
    from tqdm import tqdm

    from ..core.errors import InvalidInput
    from ..core.perception.face.pipeline import FaceAffectPipeline

    path: pathlib.Path = args.path
    if not path.exists():
        raise InvalidInput(f'no such file or folder: {path}')
    pipeline = FaceAffectPipeline(_config(args))
    progress = not args.no_progress
    if path.is_file():
        result: Any = read_image_file(pipeline, path, args.mode)
        if args.json:
            print(json.dumps(result, indent=2))
        else:
            _print_image(result)
        return 0
    from ..core.perception.face.affect import CLASS_ALIASES

    if any(p.is_dir() and p.name.lower() in CLASS_ALIASES for p in path.iterdir()):
        result = evaluate_folder(pipeline, path, args.mode, args.limit, progress)
        if args.json:
            print(json.dumps(result, indent=2))
        else:
            _print_evaluation(result)
        return 0
    files = _images(path)
    if not files:
        raise InvalidInput(f'{path} holds no images and no class subfolders')
    results = [read_image_file(pipeline, f, args.mode)
               for f in tqdm(files, desc='faces', unit='img', disable=not progress,
                             file=sys.stderr)]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for result in results:
            _print_image(result)
    return 0


def _config(args: argparse.Namespace) -> Any:
    """Return the pipeline settings the options ask for (defaults for the rest)."""
    from ..core.perception.face.pipeline import FacePipelineConfig

    if args.model is None:
        return FacePipelineConfig(detector=args.detector)
    return FacePipelineConfig(detector=args.detector, expression_model=args.model)
