# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
r"""
Score the trained expression network against the shipped mini-Xception, the same way for both.

Usage::

    python tools/eval_face_expression.py \
        --weights resonance_robot/resonance_robot/models/expression_net_fer.npz \
        --holdout-list /tmp/train_out/expression_net_fer.holdout.txt \
        --fer-data /path/to/fer2013_train --web-data /path/to/faces_wild_dev --json out.json

Two sets:

- the held-out FER2013 split that training wrote (``path,label`` lines, paths relative to
  ``--fer-data``): each 48×48 image is read as a face crop, as the face pipeline does with a
  small image (``face_crop`` of the whole image, margin 0, to 64×64);
- web photos (``labels.csv`` with ``path,label`` in ``--web-data``): through the package's
  face pipeline as ``FaceAffectPipeline.analyse`` does: images larger than ``SMALL_IMAGE`` go
  through the configured detector, the largest face is cut with ``face_crop`` and the
  configured ``crop_margin``; when no face is found (or the image is small) the whole image is
  the crop. All models see the same crops.

Variants: ``net`` (the new network), ``net_flip`` (with the mirrored crop, probabilities
averaged), ``mini`` (mini-Xception), ``mini_flip``, ``avg`` (mean of ``net`` and ``mini``
probabilities) and ``avg_flip``. For each: accuracy (argmax over all seven classes), per-class
recall, the confusion matrix (rows: truth, columns: prediction, FER class order), and the
latency of one face (batch 1, ``--threads`` torch threads, p50/p95 over the web crops).
``--frame-latency`` also times the whole face path on a 640×480 frame with one face
(detection + crop + classification).

The package (detector, ``face_crop``, mini-Xception) is imported from ``--package-root``
(default: this repository's ``resonance_robot/`` folder); point it at a frozen copy to score
while the package is being changed.
"""

import argparse
import csv
import importlib
import importlib.util
import json
import pathlib
import sys
import time
import types
from typing import Any

import cv2
import numpy as np

REPO = pathlib.Path(__file__).resolve().parent.parent
PACKAGE_ROOT = REPO / 'resonance_robot'
NET_FILE = PACKAGE_ROOT / 'resonance_robot/core/perception/face/expression_net.py'
DEFAULT_WEIGHTS = PACKAGE_ROOT / 'resonance_robot/models/expression_net_fer.npz'
VARIANTS = ('net', 'net_flip', 'mini', 'mini_flip', 'avg', 'avg_flip')


def import_first(names: list[str]) -> types.ModuleType:
    """Import the first module of ``names`` that imports; re-raise the first error if none."""
    first: Exception | None = None
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError as exc:
            first = first or exc
    assert first is not None
    raise first


def load_package(root: pathlib.Path) -> dict[str, types.ModuleType]:
    """Import the package's face modules from ``root`` (the folder above ``resonance_robot``)."""
    sys.path.insert(0, str(root))
    modules = {
        'model': import_first(['resonance_robot.core.expression_model',
                               'resonance_robot.core.perception.face.expression_model']),
        'pipeline': import_first(['resonance_robot.core.face_pipeline',
                                  'resonance_robot.core.perception.face.face_pipeline',
                                  'resonance_robot.core.perception.face.pipeline']),
    }
    try:
        modules['net'] = importlib.import_module(
            'resonance_robot.core.perception.face.expression_net')
    except ImportError:  # not in that copy of the package: this repository's file
        spec = importlib.util.spec_from_file_location('expression_net', NET_FILE)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules['expression_net'] = module
        spec.loader.exec_module(module)
        modules['net'] = module
    return modules


def read_list(path: pathlib.Path) -> list[tuple[str, str]]:
    """Return the (path, label) rows of a ``path,label`` CSV file."""
    with open(path, newline='') as handle:
        return [(row['path'], row['label'].strip().lower()) for row in csv.DictReader(handle)]


def holdout_crops(pkg: dict[str, types.ModuleType], folder: pathlib.Path,
                  rows: list[tuple[str, str]]) -> np.ndarray:
    """Read each held-out image as a whole-image crop, as the pipeline's crop mode does."""
    crops = []
    for name, _ in rows:
        grey = cv2.imread(str(folder / name), cv2.IMREAD_GRAYSCALE)
        if grey is None:
            raise ValueError(f'cannot read {folder / name}')
        height, width = grey.shape
        crops.append(pkg['model'].face_crop(grey, (0, 0, width, height), 0.0))
    return np.stack(crops)


def web_crops(pkg: dict[str, types.ModuleType], pipeline: Any, folder: pathlib.Path,
              rows: list[tuple[str, str]], margins: list[float]) -> dict[str, Any]:
    """Detect the largest face of each photo and cut it with each margin (analyse's rules)."""
    small = int(getattr(pkg['pipeline'], 'SMALL_IMAGE', 128))
    crops: dict[float, list[np.ndarray]] = {m: [] for m in margins}
    detected = 0
    detect_ms = []
    for name, _ in rows:
        image = cv2.imread(str(folder / name), cv2.IMREAD_COLOR)
        if image is None:
            raise ValueError(f'cannot read {folder / name}')
        grey = pkg['model'].to_grey(image)
        height, width = grey.shape
        boxes = []
        if max(height, width) > small:
            start = time.perf_counter()
            boxes = pipeline.detect(image)
            detect_ms.append((time.perf_counter() - start) * 1e3)
        for margin in margins:
            if boxes:
                crops[margin].append(pkg['model'].face_crop(grey, boxes[0].pixels(), margin))
            else:
                crops[margin].append(pkg['model'].face_crop(grey, (0, 0, width, height), 0.0))
        detected += bool(boxes)
    return {'crops': {m: np.stack(c) for m, c in crops.items()}, 'detected': detected,
            'detect_ms_p50': float(np.percentile(detect_ms, 50)) if detect_ms else None}


def probabilities(classifier: Any, crops: np.ndarray, batch: int = 256) -> np.ndarray:
    """Return the classifier's probabilities for ``crops``, in batches."""
    return np.concatenate([classifier.predict(crops[i:i + batch])
                           for i in range(0, len(crops), batch)])


def variant_probabilities(net: Any, mini: Any, crops: np.ndarray) -> dict[str, np.ndarray]:
    """Return every variant's ``N×7`` probabilities for the same crops."""
    flipped = np.ascontiguousarray(crops[:, :, ::-1])
    p_net, p_mini = probabilities(net, crops), probabilities(mini, crops)
    p_net_flip = 0.5 * (p_net + probabilities(net, flipped))
    p_mini_flip = 0.5 * (p_mini + probabilities(mini, flipped))
    return {'net': p_net, 'net_flip': p_net_flip, 'mini': p_mini, 'mini_flip': p_mini_flip,
            'avg': 0.5 * (p_net + p_mini), 'avg_flip': 0.5 * (p_net_flip + p_mini_flip)}


def score(probs: np.ndarray, truth: np.ndarray, classes: tuple[str, ...]) -> dict[str, Any]:
    """
    Accuracy, per-class recall and confusion matrix.

    ``accuracy`` is the argmax over all classes; ``accuracy_present_classes`` the argmax over
    the classes the set has (the web photos have no fear); recall is given for those only.
    """
    predicted = probs.argmax(axis=1)
    confusion = np.zeros((len(classes), len(classes)), dtype=np.int64)
    np.add.at(confusion, (truth, predicted), 1)
    support = confusion.sum(axis=1)
    recall = {c: round(float(confusion[i, i] / support[i]), 4)
              for i, c in enumerate(classes) if support[i]}
    present = support > 0
    present_idx = np.flatnonzero(present)
    return {'accuracy': round(float((predicted == truth).mean()), 4),
            'balanced_accuracy': round(float(np.mean(list(recall.values()))), 4),
            'recall': recall, 'count': int(len(truth)),
            'accuracy_present_classes': round(float(
                (present_idx[probs[:, present].argmax(axis=1)] == truth).mean()), 4),
            'confusion': confusion.tolist()}


def latency(predict: Any, crops: np.ndarray, runs: int) -> dict[str, float]:
    """p50/p95 milliseconds of ``predict`` on one crop at a time (after a warm-up)."""
    for crop in crops[:10]:
        predict(crop[None])
    times = []
    for index in range(runs):
        crop = crops[index % len(crops)][None]
        start = time.perf_counter()
        predict(crop)
        times.append((time.perf_counter() - start) * 1e3)
    return {'p50_ms': round(float(np.percentile(times, 50)), 3),
            'p95_ms': round(float(np.percentile(times, 95)), 3)}


def frame_latency(pkg: dict[str, types.ModuleType], pipeline: Any, predict: Any,
                  folder: pathlib.Path, rows: list[tuple[str, str]],
                  runs: int) -> dict[str, float]:
    """Time detect + crop + classify on 640×480 frames, each with one web face pasted in."""
    frames = []
    for name, _ in rows[:20]:
        image = cv2.imread(str(folder / name), cv2.IMREAD_COLOR)
        frame = np.full((480, 640, 3), 90, dtype=np.uint8)
        face = cv2.resize(image, (200, 200), interpolation=cv2.INTER_AREA)
        frame[140:340, 220:420] = face
        frames.append(frame)
    margin = pipeline.config.crop_margin
    times = []
    found = 0
    for index in range(runs + 10):
        frame = frames[index % len(frames)]
        start = time.perf_counter()
        boxes = pipeline.detect(frame)
        found += bool(boxes) and index >= 10
        grey = pkg['model'].to_grey(frame)
        crops = [pkg['model'].face_crop(grey, box.pixels(), margin) for box in boxes]
        if crops:
            predict(np.stack(crops))
        if index >= 10:
            times.append((time.perf_counter() - start) * 1e3)
    p95 = float(np.percentile(times, 95))
    return {'p50_ms': round(float(np.percentile(times, 50)), 3), 'p95_ms': round(p95, 3),
            'fps_at_p50': round(1000.0 / float(np.percentile(times, 50)), 1),
            'frames_with_face': f'{found}/{runs}'}


def print_result(title: str, result: dict[str, Any], classes: tuple[str, ...]) -> None:
    """Print one variant's figures and confusion matrix."""
    recall = ' '.join(f'{c} {v:.2f}' for c, v in result['recall'].items())
    print(f'  {title:<10} acc {result["accuracy"]:.4f}  balanced {result["balanced_accuracy"]:.4f}'
          f'  recall: {recall}')


def print_confusion(confusion: list[list[int]], classes: tuple[str, ...]) -> None:
    """Print a confusion matrix with class names (rows: truth)."""
    print('      truth\\pred ' + ' '.join(f'{c[:7]:>7}' for c in classes))
    for name, row in zip(classes, confusion):
        if sum(row):
            print(f'      {name:>10} ' + ' '.join(f'{v:>7}' for v in row))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--weights', type=pathlib.Path, default=DEFAULT_WEIGHTS,
                        help='expression net weights (default: the package models folder)')
    parser.add_argument('--holdout-list', type=pathlib.Path, default=None,
                        help='held-out list written by train_face_expression.py')
    parser.add_argument('--fer-data', type=pathlib.Path, default=None,
                        help='FER2013 folder the held-out paths are relative to')
    parser.add_argument('--web-data', type=pathlib.Path, default=None,
                        help='folder of web photos with labels.csv (path,label)')
    parser.add_argument('--package-root', type=pathlib.Path, default=PACKAGE_ROOT,
                        help='folder holding the resonance_robot package to import the '
                             'detector, face_crop and mini-Xception from '
                             '(default: %(default)s)')
    parser.add_argument('--margins', default='',
                        help='crop margins to score on the web photos, comma-separated '
                             '(default: the crop_margin of the pipeline configuration)')
    parser.add_argument('--threads', type=int, default=2, help='torch threads (%(default)s)')
    parser.add_argument('--runs', type=int, default=300,
                        help='timed single-face runs per variant (default: %(default)s)')
    parser.add_argument('--frame-latency', action='store_true',
                        help='also time detection + crop + classification on 640×480 frames')
    parser.add_argument('--json', type=pathlib.Path, default=None, help='write results here')
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Score every variant on the sets given and print (and optionally save) the figures."""
    args = parse_args(argv)
    pkg = load_package(args.package_root.resolve())
    import torch

    classes = tuple(pkg['model'].FER_CLASSES)
    if classes != tuple(pkg['net'].FER_CLASSES):
        raise SystemExit(f'class order differs: {classes} vs {pkg["net"].FER_CLASSES}')
    net = pkg['net'].ExpressionNetClassifier.load(args.weights, threads=args.threads)
    net_flip = pkg['net'].ExpressionNetClassifier(net.model, net.meta, flip_tta=True)
    mini = pkg['model'].ExpressionClassifier.load(threads=args.threads)
    torch.set_num_threads(args.threads)
    cv2.setNumThreads(1)
    config = pkg['pipeline'].FacePipelineConfig()
    pipeline = pkg['pipeline'].FaceAffectPipeline(config, classifier=mini,
                                                  threads=args.threads)
    results: dict[str, Any] = {
        'weights': str(args.weights), 'checksum': net.checksum, 'threads': args.threads,
        'package_root': str(args.package_root), 'detector': config.detector,
        'net_input_size': net.meta.input_size, 'net_widths': list(net.meta.widths),
        'classes': list(classes)}
    latency_crops = None

    if args.holdout_list is not None:
        if args.fer_data is None:
            raise SystemExit('--holdout-list needs --fer-data')
        rows = read_list(args.holdout_list)
        truth = np.asarray([classes.index(label) for _, label in rows])
        crops = holdout_crops(pkg, args.fer_data, rows)
        probs = variant_probabilities(net, mini, crops)
        results['holdout'] = {v: score(probs[v], truth, classes) for v in VARIANTS}
        print(f'held-out FER2013 split ({len(rows)} images, {args.holdout_list}):')
        for variant in VARIANTS:
            print_result(variant, results['holdout'][variant], classes)
        for variant in ('net', 'net_flip', 'mini'):
            print(f'    confusion {variant}:')
            print_confusion(results['holdout'][variant]['confusion'], classes)
        latency_crops = crops

    if args.web_data is not None:
        rows = read_list(args.web_data / 'labels.csv')
        truth = np.asarray([classes.index(label) for _, label in rows])
        margins = ([float(m) for m in args.margins.split(',')] if args.margins
                   else [config.crop_margin])
        web = web_crops(pkg, pipeline, args.web_data, rows, margins)
        results['web'] = {'count': len(rows), 'detected': web['detected'],
                          'detect_ms_p50': web['detect_ms_p50'], 'margins': {}}
        print(f'web photos ({len(rows)}, face found in {web["detected"]}, '
              f'detector {config.detector}):')
        for margin in margins:
            probs = variant_probabilities(net, mini, web['crops'][margin])
            scored = {v: score(probs[v], truth, classes) for v in VARIANTS}
            results['web']['margins'][str(margin)] = scored
            print(f'  crop margin {margin}:')
            for variant in VARIANTS:
                print_result(variant, scored[variant], classes)
            for variant in ('net', 'net_flip', 'mini'):
                print(f'    confusion {variant}:')
                print_confusion(scored[variant]['confusion'], classes)
        latency_crops = web['crops'][margins[0]]

    if latency_crops is not None and args.runs > 0:
        predictors = {
            'net': net.predict, 'net_flip': net_flip.predict, 'mini': mini.predict,
            'avg': lambda c: 0.5 * (net.predict(c) + mini.predict(c)),
            'avg_flip': lambda c: 0.5 * (net_flip.predict(c) + 0.5 * (
                mini.predict(c) + mini.predict(np.ascontiguousarray(c[:, :, ::-1])))),
        }
        results['latency_per_face'] = {
            name: latency(fn, latency_crops, args.runs) for name, fn in predictors.items()}
        print(f'latency per face, batch 1, {args.threads} threads:')
        for name, figures in results['latency_per_face'].items():
            print(f'  {name:<10} p50 {figures["p50_ms"]:.2f} ms  p95 {figures["p95_ms"]:.2f} ms')
        if args.frame_latency and args.web_data is not None:
            rows = read_list(args.web_data / 'labels.csv')
            results['frame_latency_640x480'] = {
                name: frame_latency(pkg, pipeline, predictors[name], args.web_data, rows,
                                    args.runs) for name in ('net', 'net_flip', 'mini')}
            print('face path on a 640×480 frame with one face (detect + crop + classify):')
            for name, figures in results['frame_latency_640x480'].items():
                print(f'  {name:<10} p50 {figures["p50_ms"]:.2f} ms  '
                      f'p95 {figures["p95_ms"]:.2f} ms  ({figures["fps_at_p50"]} fps at p50, '
                      f'face found in {figures["frames_with_face"]})')

    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + '\n')
        print(f'wrote {args.json}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
