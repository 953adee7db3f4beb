# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
r"""
Train the facial-expression network (``core/perception/face/expression_net.py``) on FER2013.

Usage::

    nice -n 15 python tools/train_face_expression.py /path/to/fer2013_train \
        --out resonance_robot/resonance_robot/models/expression_net_fer.npz \
        --holdout-list /tmp/train_out/expression_net_fer.holdout.txt

The data folder holds ``labels.csv`` (``path,label``, paths relative to the folder) and grey
face crops (48×48 in FER2013). A stratified ``--holdout`` fraction, drawn deterministically
from ``--seed``, is never trained on; its file names are written one per line (``path,label``)
to ``--holdout-list`` (default: next to the weights, ``<weights stem>.holdout.txt``) so anyone
can re-score the weights with ``tools/eval_face_expression.py``. The last epoch's weights are
written (no selection on the held-out split), with the seed and a checksum inside.

Reproducibility: python, numpy and torch are seeded from ``--seed``, torch runs with
deterministic algorithms, augmentation draws from its own seeded generator, and the batch
order from a seeded numpy generator. Rerunning with the same data, seed, ``--threads``,
``--epochs`` and torch version gives the same weights on the same CPU type.

Augmentation (on the whole batch, in torch; aimed at camera crops in the wild):

- grey-from-colour: images are read as grey with OpenCV's BT.601 conversion, the same as the
  package's ``to_grey``; for FER2013 (already grey) this path changes nothing, it only matters
  if colour training images are added;
- low resolution (far faces: down to ~17 px then back up), random scale/crop (0.85-1.2×
  zoom, ±5 % aspect), shift (±10 %), rotation (±15°) and horizontal flip in one affine warp;
- Gaussian blur (σ 0.4-1.2), gamma (×e^±0.5), contrast (0.6-1.4×), brightness (±0.15),
  sensor noise (σ ≤ 0.04), and random erasing (occlusion: 2-15 % of the face, random grey).

Loss: cross-entropy with label smoothing 0.1 and mild class weights ((median/n)^0.3, so the
rare ``disgust`` counts about twice); SGD with Nesterov momentum, weight decay 5e-4 and a
one-cycle learning-rate schedule.
"""

import argparse
import csv
import json
import math
import os
import pathlib
import platform
import random
import sys
import time
import types

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

REPO = pathlib.Path(__file__).resolve().parent.parent
PACKAGE_ROOT = REPO / 'resonance_robot'
DEFAULT_OUT = PACKAGE_ROOT / 'resonance_robot/models/expression_net_fer.npz'
DEFAULT_SEED = 20260512


def load_expression_net() -> types.ModuleType:
    """Import the network module from this checkout's package (torch and numpy only)."""
    sys.path.insert(0, str(PACKAGE_ROOT))
    from resonance_robot.core.perception.face import expression_net
    return expression_net


en = load_expression_net()


def read_labels(folder: pathlib.Path) -> tuple[list[str], np.ndarray]:
    """Return the relative paths and class indices (FER_CLASSES order) of ``labels.csv``."""
    paths: list[str] = []
    labels: list[int] = []
    with open(folder / 'labels.csv', newline='') as handle:
        for row in csv.DictReader(handle):
            label = row['label'].strip().lower()
            if label not in en.FER_CLASSES:
                raise ValueError(f'unknown label {label!r} for {row["path"]}')
            paths.append(row['path'])
            labels.append(en.FER_CLASSES.index(label))
    return paths, np.asarray(labels, dtype=np.int64)


def read_images(folder: pathlib.Path, paths: list[str], size: int) -> np.ndarray:
    """Read the images as grey (BT.601 from colour), area-resized to ``size`` if needed."""
    images = np.zeros((len(paths), size, size), dtype=np.uint8)
    for index, name in enumerate(tqdm(paths, desc='reading', mininterval=5.0)):
        image = cv2.imread(str(folder / name), cv2.IMREAD_GRAYSCALE)
        if image is None:
            raise ValueError(f'cannot read image {folder / name}')
        if image.shape != (size, size):
            image = cv2.resize(image, (size, size), interpolation=cv2.INTER_AREA)
        images[index] = image
    return images


def stratified_split(labels: np.ndarray, paths: list[str], fraction: float,
                     seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (train, held-out) indices: per class, sorted by path, shuffled from ``seed``."""
    rng = np.random.default_rng(seed)
    train: list[int] = []
    held: list[int] = []
    for label in range(len(en.FER_CLASSES)):
        members = sorted(np.flatnonzero(labels == label).tolist(), key=lambda i: paths[i])
        order = rng.permutation(len(members))
        count = int(round(fraction * len(members)))
        held.extend(members[i] for i in order[:count])
        train.extend(members[i] for i in order[count:])
    return np.asarray(sorted(train), dtype=np.int64), np.asarray(sorted(held), dtype=np.int64)


class Augmenter:
    """Batched, seeded augmentation of ``N×1×S×S`` grey batches in [0, 1] (see module doc)."""

    def __init__(self, generator: torch.Generator) -> None:
        self.g = generator

    def uniform(self, count: int, low: float, high: float) -> torch.Tensor:
        """Return ``count`` uniform draws in [low, high)."""
        return low + (high - low) * torch.rand(count, generator=self.g)

    def chance(self, count: int, p: float) -> torch.Tensor:
        """Return a boolean mask, each True with probability ``p``."""
        return torch.rand(count, generator=self.g) < p

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        """Return an augmented copy of ``x``."""
        n, _, size, _ = x.shape
        x = x.clone()
        # low resolution: a far-away face (the pipeline accepts faces from 24 px)
        low = self.chance(n, 0.2)
        if bool(low.any()):
            side = int(round(size * float(self.uniform(1, 0.35, 0.8))))
            small = F.interpolate(x[low], size=(side, side), mode='area')
            x[low] = F.interpolate(small, size=(size, size), mode='bilinear',
                                   align_corners=False)
        # one affine warp: zoom, aspect, rotation, shift, flip
        zoom = torch.exp(self.uniform(n, math.log(0.85), math.log(1.2)))
        aspect = torch.exp(self.uniform(n, -0.05, 0.05))
        angle = self.uniform(n, -15.0, 15.0) * math.pi / 180.0
        flip = torch.where(self.chance(n, 0.5), -1.0, 1.0)
        shift = self.uniform(2 * n, -0.2, 0.2).view(n, 2)
        sx, sy = flip * aspect / zoom, 1.0 / (aspect * zoom)
        cos, sin = torch.cos(angle), torch.sin(angle)
        theta = torch.stack([
            torch.stack([cos * sx, -sin * sy, shift[:, 0]], dim=1),
            torch.stack([sin * sx, cos * sy, shift[:, 1]], dim=1)], dim=1)
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        x = F.grid_sample(x, grid, mode='bilinear', padding_mode='reflection',
                          align_corners=False)
        # Gaussian blur, a different sigma per image (grouped convolution)
        blur = self.chance(n, 0.25)
        if bool(blur.any()):
            sigma = self.uniform(int(blur.sum()), 0.4, 1.2)
            taps = torch.arange(-2, 3, dtype=torch.float32)
            kernel = torch.exp(-taps[None] ** 2 / (2 * sigma[:, None] ** 2))
            kernel = kernel / kernel.sum(dim=1, keepdim=True)
            kernel2d = (kernel[:, :, None] * kernel[:, None, :])[:, None]
            picked = F.pad(x[blur].transpose(0, 1), (2, 2, 2, 2), mode='reflect')
            x[blur] = F.conv2d(picked, kernel2d, groups=int(blur.sum())).transpose(0, 1)
        # lighting: gamma, contrast about the image mean, brightness
        gamma = torch.exp(self.uniform(n, -0.5, 0.5)).view(n, 1, 1, 1)
        x = x.clamp(1e-4, 1.0) ** gamma
        contrast = self.uniform(n, 0.6, 1.4).view(n, 1, 1, 1)
        brightness = self.uniform(n, -0.15, 0.15).view(n, 1, 1, 1)
        mean = x.mean(dim=(1, 2, 3), keepdim=True)
        x = (x - mean) * contrast + mean + brightness
        # sensor noise
        noisy = self.chance(n, 0.3).view(n, 1, 1, 1).float()
        sigma_noise = self.uniform(n, 0.0, 0.04).view(n, 1, 1, 1) * noisy
        x = x + sigma_noise * torch.randn(x.shape, generator=self.g)
        # random erasing (occlusion by a hand, hair, glasses, a cup)
        erase = self.chance(n, 0.3)
        area = self.uniform(n, 0.02, 0.15) * size * size
        ratio = torch.exp(self.uniform(n, math.log(0.3), math.log(3.3)))
        height = torch.sqrt(area * ratio).clamp(1, size)
        width = torch.sqrt(area / ratio).clamp(1, size)
        top = self.uniform(n, 0.0, 1.0) * (size - height)
        left = self.uniform(n, 0.0, 1.0) * (size - width)
        rows = torch.arange(size, dtype=torch.float32).view(1, size, 1)
        cols = torch.arange(size, dtype=torch.float32).view(1, 1, size)
        mask = ((rows >= top.view(n, 1, 1)) & (rows < (top + height).view(n, 1, 1))
                & (cols >= left.view(n, 1, 1)) & (cols < (left + width).view(n, 1, 1))
                & erase.view(n, 1, 1))
        value = self.uniform(n, 0.0, 1.0).view(n, 1, 1)
        x = torch.where(mask[:, None], value[:, None], x)
        return x.clamp(0.0, 1.0)


def to_input(images: np.ndarray) -> torch.Tensor:
    """uint8 ``N×S×S`` → float ``N×1×S×S`` in [0, 1]."""
    return torch.from_numpy(images.astype(np.float32) / 255.0)[:, None]


def normalise(x: torch.Tensor) -> torch.Tensor:
    """[0, 1] → the network's [-1, 1] (the same map as ``crops_to_tensor``)."""
    return (x * 255.0 * en.NORM_SCALE + en.NORM_OFFSET).contiguous(
        memory_format=torch.channels_last)


def evaluate(model: torch.nn.Module, images: np.ndarray, labels: np.ndarray,
             batch: int = 256) -> tuple[float, np.ndarray]:
    """Return accuracy and the confusion matrix (rows: truth) on un-augmented images."""
    model.eval()
    predictions = []
    with torch.inference_mode():
        for start in range(0, len(images), batch):
            logits = model(normalise(to_input(images[start:start + batch])))
            predictions.append(logits.argmax(dim=1).numpy())
    predicted = np.concatenate(predictions) if predictions else np.zeros(0, dtype=np.int64)
    classes = len(en.FER_CLASSES)
    confusion = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(confusion, (labels, predicted), 1)
    model.train()
    return float((predicted == labels).mean()), confusion


def seed_everything(seed: int) -> None:
    """Seed python, numpy and torch; ask torch for deterministic algorithms."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('data', type=pathlib.Path, help='folder with labels.csv and images')
    parser.add_argument('--out', type=pathlib.Path, default=DEFAULT_OUT,
                        help='weights file to write (default: the package models folder)')
    parser.add_argument('--holdout-list', type=pathlib.Path, default=None,
                        help='where to write the held-out file list '
                             '(default: <out without .npz>.holdout.txt)')
    parser.add_argument('--seed', type=int, default=DEFAULT_SEED,
                        help='seed of split, initialisation, order and augmentation '
                             '(default: %(default)s)')
    parser.add_argument('--epochs', type=int, default=12, help='default: %(default)s')
    parser.add_argument('--threads', type=int, default=1,
                        help='torch threads; results depend on it (default: %(default)s)')
    parser.add_argument('--holdout', type=float, default=0.1,
                        help='held-out fraction per class (default: %(default)s)')
    parser.add_argument('--batch', type=int, default=128, help='default: %(default)s')
    parser.add_argument('--lr', type=float, default=0.08,
                        help='peak learning rate of the one-cycle schedule (%(default)s)')
    parser.add_argument('--widths', default=','.join(str(w) for w in en.DEFAULT_WIDTHS),
                        help='channels per stage, comma-separated (default: %(default)s)')
    parser.add_argument('--limit', type=int, default=0,
                        help='train on at most this many images (quick trials; 0: all)')
    parser.add_argument('--eval-every', type=int, default=1,
                        help='score the held-out split every N epochs for the log; it never '
                             'selects anything (0: only at the end)')
    args = parser.parse_args(argv)
    if not 0.0 < args.holdout < 1.0:
        parser.error('--holdout must be between 0 and 1')
    return args


def main(argv: list[str] | None = None) -> int:
    """Train, write the weights and the held-out list, print a summary."""
    args = parse_args(argv)
    torch.set_num_threads(max(1, args.threads))
    cv2.setNumThreads(1)
    seed_everything(args.seed)
    started = time.time()

    paths, labels = read_labels(args.data)
    images = read_images(args.data, paths, en.NET_INPUT_SIZE)
    train_idx, held_idx = stratified_split(labels, paths, args.holdout, args.seed)
    holdout_list = args.holdout_list or args.out.with_suffix('.holdout.txt')
    holdout_list.parent.mkdir(parents=True, exist_ok=True)
    with open(holdout_list, 'w') as handle:
        handle.write('path,label\n')
        for i in held_idx:
            handle.write(f'{paths[i]},{en.FER_CLASSES[labels[i]]}\n')
    order_rng = np.random.default_rng(args.seed + 1)
    if args.limit:
        train_idx = np.sort(order_rng.permutation(train_idx)[:args.limit])
    counts = np.bincount(labels[train_idx], minlength=len(en.FER_CLASSES))
    print(f'train {len(train_idx)} / held out {len(held_idx)} (seed {args.seed}); '
          f'train per class: {dict(zip(en.FER_CLASSES, counts.tolist()))}', flush=True)

    widths = tuple(int(w) for w in args.widths.split(','))
    model = en.ExpressionNet(widths).to(memory_format=torch.channels_last)
    parameters = sum(p.numel() for p in model.parameters())
    print(f'ExpressionNet widths {widths}: {parameters} parameters', flush=True)
    class_weights = (np.median(counts) / np.maximum(counts, 1)) ** 0.3
    criterion = torch.nn.CrossEntropyLoss(
        weight=torch.tensor(class_weights, dtype=torch.float32), label_smoothing=0.1)
    optimiser = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True,
                                weight_decay=5e-4)
    steps_per_epoch = len(train_idx) // args.batch
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=steps_per_epoch,
        pct_start=0.25, div_factor=20.0, final_div_factor=200.0)
    generator = torch.Generator().manual_seed(args.seed + 2)
    augment = Augmenter(generator)
    train_images, train_labels = images[train_idx], labels[train_idx]
    held_images, held_labels = images[held_idx], labels[held_idx]
    history = []
    args.out.parent.mkdir(parents=True, exist_ok=True)
    interactive = sys.stderr.isatty()
    for epoch in range(1, args.epochs + 1):
        epoch_start = time.time()
        order = order_rng.permutation(len(train_idx))
        total_loss, correct, seen = 0.0, 0, 0
        model.train()
        bar = tqdm(range(steps_per_epoch), desc=f'epoch {epoch}/{args.epochs}',
                   mininterval=1.0 if interactive else 60.0)
        for step in bar:
            picked = order[step * args.batch:(step + 1) * args.batch]
            x = normalise(augment(to_input(train_images[picked])))
            y = torch.from_numpy(train_labels[picked])
            logits = model(x)
            loss = criterion(logits, y)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            schedule.step()
            total_loss += float(loss.detach()) * len(picked)
            correct += int((logits.argmax(dim=1) == y).sum())
            seen += len(picked)
            bar.set_postfix(loss=f'{total_loss / seen:.3f}', acc=f'{correct / seen:.3f}',
                            refresh=False)
        bar.close()
        record = {'epoch': epoch, 'train_loss': total_loss / seen,
                  'train_acc': correct / seen, 'seconds': time.time() - epoch_start}
        if (args.eval_every and epoch % args.eval_every == 0) or epoch == args.epochs:
            record['holdout_acc'], _ = evaluate(model, held_images, held_labels)
        history.append(record)
        print(json.dumps(record), flush=True)
        en.save_weights(args.out, model.to(memory_format=torch.contiguous_format), args.seed)
        model.to(memory_format=torch.channels_last)

    accuracy, confusion = evaluate(model, held_images, held_labels)
    checksum = en.save_weights(args.out, model.to(memory_format=torch.contiguous_format),
                               args.seed)
    recall = confusion.diagonal() / np.maximum(confusion.sum(axis=1), 1)
    summary = {
        'weights': str(args.out), 'checksum': checksum, 'holdout_list': str(holdout_list),
        'seed': args.seed, 'epochs': args.epochs, 'threads': args.threads,
        'batch': args.batch, 'lr': args.lr, 'widths': list(widths), 'parameters': parameters,
        'train_count': int(len(train_idx)), 'holdout_count': int(len(held_idx)),
        'holdout_fraction': args.holdout, 'holdout_acc_48px': accuracy,
        'holdout_recall_48px': dict(zip(en.FER_CLASSES, recall.round(4).tolist())),
        'holdout_confusion_48px': confusion.tolist(),
        'train_seconds': time.time() - started, 'history': history,
        'torch': torch.__version__, 'numpy': np.__version__, 'python': platform.python_version(),
        'cpu': platform.processor() or platform.machine(), 'pid': os.getpid(),
    }
    stem = holdout_list.name.removesuffix('.txt').removesuffix('.holdout')
    summary_path = holdout_list.with_name(stem + '.train.json')
    summary_path.write_text(json.dumps(summary, indent=2) + '\n')
    print(f'held-out accuracy (48 px, no TTA) {accuracy:.4f}; weights {args.out} '
          f'checksum {checksum[:16]}; {summary["train_seconds"] / 60:.1f} min; '
          f'summary {summary_path}', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
