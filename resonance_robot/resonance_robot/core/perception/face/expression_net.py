# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Facial-expression classifier trained in this project: a compact residual CNN in PyTorch.

Why: the shipped mini-Xception (``fer``'s Keras weights, ported in ``expression_model.py``)
was trained by others on FER2013 only and reads web and camera faces poorly. This network is
trained here by ``tools/train_face_expression.py`` on FER2013 with augmentation aimed at camera
crops in the wild (scale, shift, rotation, blur, low resolution, lighting, occlusion, flip), so
its weights are reproducible from the data and a fixed seed.

What: :class:`ExpressionNet` reads ``N×1×48×48`` grey faces scaled to [-1, 1] (FER2013's own
resolution) and returns logits of the seven FER2013 classes :data:`FER_CLASSES`, in the same
order as the mini-Xception. :class:`ExpressionNetClassifier` follows the package's
``ExpressionModel`` protocol: :meth:`~ExpressionNetClassifier.predict` takes the face pipeline's
64×64 uint8 grey crops (any square size works), area-resizes them to 48×48 and returns ``N×7``
probabilities, optionally averaged with the horizontally flipped crops (test-time flip).

Weights are stored without pickle as an ``.npz`` of float32 arrays keyed by state-dict names,
plus ``meta.*`` arrays (class order, input size, widths, normalisation, seed, checksum);
:func:`save_weights` writes them with fixed timestamps so the bytes depend only on the arrays.
The checksum and the reproducible ``.npz`` writer are the mini-Xception's
(:func:`~.expression_model.state_checksum`, :func:`~.expression_model.save_state`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
import pathlib
import threading
import zipfile

import numpy as np
import numpy.typing as npt
import torch
from torch import nn
import torch.nn.functional as F

from .expression_model import FER_CLASSES, save_state, state_checksum

NET_INPUT_SIZE = 48
"""Side of the square grey image the network reads (FER2013's resolution)."""

PIPELINE_CROP_SIZE = 64
"""Side of the crops the package's face pipeline cuts (``expression_model.face_crop``)."""

DEFAULT_WIDTHS = (16, 32, 64, 128)
"""Channels of the four stages (at 48, 24, 12 and 6 pixels) of the shipped network."""

NORM_SCALE = 1.0 / 127.5
NORM_OFFSET = -1.0
"""Input normalisation: ``x * NORM_SCALE + NORM_OFFSET`` maps uint8 grey to [-1, 1]."""

WEIGHTS_FILE = 'expression_net_fer.npz'
"""File name of the shipped weights in the package's ``models/`` folder."""

META_PREFIX = 'meta.'
"""Key prefix of the metadata arrays in the weights file (all other keys are weights)."""

GreyImage = npt.NDArray[np.uint8]
FloatArray = npt.NDArray[np.float32]


class ResidualStage(nn.Module):
    """Two 3×3 conv-BN layers with a (1×1 conv-BN when the width changes) shortcut, ReLU."""

    def __init__(self, channels_in: int, channels_out: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(channels_in, channels_out, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels_out)
        self.conv2 = nn.Conv2d(channels_out, channels_out, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels_out)
        self.shortcut: nn.Module
        if channels_in == channels_out:
            self.shortcut = nn.Identity()
        else:
            self.shortcut = nn.Sequential(
                nn.Conv2d(channels_in, channels_out, 1, bias=False),
                nn.BatchNorm2d(channels_out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return relu(bn(conv(relu(bn(conv(x))))) + shortcut(x))."""
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        out: torch.Tensor = F.relu(y + self.shortcut(x))
        return out


class ExpressionNet(nn.Module):
    """
    Compact residual CNN for 48×48 grey faces: stem, four stages with 2×2 max-pools, head.

    Layout: 3×3 conv stem (1 → ``widths[0]``) at 48×48, then one :class:`ResidualStage` per
    width at 48, 24, 12 and 6 pixels, each but the first preceded by a 2×2 max-pool; global
    average pooling, dropout and a linear layer to the classes. ``forward`` returns logits.
    """

    def __init__(self, widths: Sequence[int] = DEFAULT_WIDTHS,
                 num_classes: int = len(FER_CLASSES), dropout: float = 0.3) -> None:
        super().__init__()
        if len(widths) < 1 or any(int(w) < 1 for w in widths):
            raise ValueError(f'widths must be positive channel counts, got {tuple(widths)}')
        self.widths = tuple(int(w) for w in widths)
        self.stem = nn.Sequential(
            nn.Conv2d(1, self.widths[0], 3, padding=1, bias=False),
            nn.BatchNorm2d(self.widths[0]), nn.ReLU(inplace=True))
        stages: list[nn.Module] = []
        previous = self.widths[0]
        for width in self.widths:
            stages.append(ResidualStage(previous, width))
            previous = width
        self.stages = nn.ModuleList(stages)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(previous, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map an ``N×1×48×48`` batch in [-1, 1] to ``N×classes`` logits."""
        x = self.stem(x)
        for index, stage in enumerate(self.stages):
            if index > 0:
                x = F.max_pool2d(x, 2)
            x = stage(x)
        pooled = self.dropout(x.mean(dim=(2, 3)))
        logits: torch.Tensor = self.classifier(pooled)
        return logits


@dataclass(frozen=True)
class ExpressionNetMeta:
    """What a weights file says about its network besides the weights."""

    classes: tuple[str, ...] = FER_CLASSES
    input_size: int = NET_INPUT_SIZE
    widths: tuple[int, ...] = DEFAULT_WIDTHS
    norm_scale: float = NORM_SCALE
    norm_offset: float = NORM_OFFSET
    seed: int = 0
    checksum: str = ''

    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """Return the metadata as plain (pickle-free) numpy arrays keyed ``meta.*``."""
        return {
            f'{META_PREFIX}classes': np.asarray(self.classes, dtype=np.str_),
            f'{META_PREFIX}input_size': np.asarray([self.input_size], dtype=np.int64),
            f'{META_PREFIX}widths': np.asarray(self.widths, dtype=np.int64),
            f'{META_PREFIX}norm_scale': np.asarray([self.norm_scale], dtype=np.float64),
            f'{META_PREFIX}norm_offset': np.asarray([self.norm_offset], dtype=np.float64),
            f'{META_PREFIX}seed': np.asarray([self.seed], dtype=np.int64),
            f'{META_PREFIX}checksum': np.asarray([self.checksum], dtype=np.str_),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> ExpressionNetMeta:
        """Read the ``meta.*`` arrays back; ValueError when one is missing or malformed."""
        try:
            def get(name: str) -> npt.NDArray[np.generic]:
                return np.asarray(arrays[META_PREFIX + name])

            return cls(
                classes=tuple(str(c) for c in get('classes').tolist()),
                input_size=int(get('input_size').reshape(-1)[0]),
                widths=tuple(int(w) for w in get('widths').reshape(-1).tolist()),
                norm_scale=float(get('norm_scale').reshape(-1)[0]),
                norm_offset=float(get('norm_offset').reshape(-1)[0]),
                seed=int(get('seed').reshape(-1)[0]),
                checksum=str(get('checksum').reshape(-1)[0]))
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise ValueError(f'expression net metadata missing or malformed: {exc!r}') from exc


def model_state(model: nn.Module) -> dict[str, FloatArray]:
    """Return the model's state dict as float32 numpy arrays (without ``num_batches_tracked``)."""
    return {name: np.ascontiguousarray(value.detach().cpu().numpy(), dtype=np.float32)
            for name, value in model.state_dict().items()
            if not name.endswith('num_batches_tracked')}


def load_state(path: pathlib.Path) -> dict[str, npt.NDArray[np.generic]]:
    """Read every array of an ``.npz`` without pickle; FileNotFoundError or ValueError."""
    if not path.is_file():
        raise FileNotFoundError(
            f'expression net weights missing: {path} (train them with '
            'tools/train_face_expression.py)')
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {name: np.asarray(archive[name]) for name in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise ValueError(f'cannot read expression net weights {path}: {exc}') from exc


def save_weights(path: pathlib.Path, model: ExpressionNet, seed: int = 0) -> str:
    """Write ``model``'s weights and metadata to ``path``; return the weights checksum."""
    state = model_state(model)
    checksum = state_checksum(state)
    meta = ExpressionNetMeta(widths=model.widths, seed=int(seed), checksum=checksum)
    arrays: dict[str, npt.NDArray[np.generic]] = dict(state)
    arrays.update(meta.to_arrays())
    save_state(path, arrays)
    return checksum


def split_state(
    arrays: Mapping[str, npt.NDArray[np.generic]],
) -> tuple[dict[str, FloatArray], ExpressionNetMeta]:
    """Split a weights file's arrays into float32 weights and checked metadata."""
    meta = ExpressionNetMeta.from_arrays(arrays)
    state = {name: np.asarray(value, dtype=np.float32) for name, value in arrays.items()
             if not name.startswith(META_PREFIX)}
    if meta.classes != FER_CLASSES:
        raise ValueError(f'expression net classes {meta.classes} are not {FER_CLASSES}')
    actual = state_checksum(state)
    if meta.checksum and actual != meta.checksum:
        raise ValueError(f'expression net weights checksum {actual[:12]}… does not match '
                         f'the stored {meta.checksum[:12]}…')
    return state, meta


def build_model(state: Mapping[str, FloatArray], meta: ExpressionNetMeta) -> ExpressionNet:
    """Return an eval-mode :class:`ExpressionNet` with ``state`` loaded (keys must match)."""
    model = ExpressionNet(meta.widths, num_classes=len(meta.classes))
    expected = {k for k in model.state_dict() if not k.endswith('num_batches_tracked')}
    missing, extra = sorted(expected - set(state)), sorted(set(state) - expected)
    if missing or extra:
        raise ValueError(f'weights do not fit the expression net: missing {missing[:3]}, '
                         f'unexpected {extra[:3]}')
    tensors = {name: torch.from_numpy(np.array(value, dtype=np.float32))
               for name, value in state.items()}
    try:
        model.load_state_dict(tensors, strict=False)
    except RuntimeError as exc:  # shape mismatch
        raise ValueError(f'weights do not fit the expression net: {exc}') from exc
    return model.eval()


def crops_to_tensor(crops: Sequence[GreyImage] | GreyImage, input_size: int = NET_INPUT_SIZE,
                    norm_scale: float = NORM_SCALE,
                    norm_offset: float = NORM_OFFSET) -> torch.Tensor:
    """
    Stack square uint8 grey crops into an ``N×1×S×S`` float tensor in [-1, 1].

    Crops of another side than ``input_size`` (the pipeline's 64×64) are area-resized, as
    OpenCV's ``INTER_AREA`` does when shrinking.
    """
    batch = np.asarray(crops)
    if batch.size == 0:
        return torch.zeros((0, 1, input_size, input_size), dtype=torch.float32)
    if batch.ndim == 2:
        batch = batch[None]
    if batch.ndim != 3 or batch.shape[1] != batch.shape[2]:
        raise ValueError(f'expected square grey crops (N×S×S), got shape {batch.shape}')
    tensor = torch.from_numpy(np.ascontiguousarray(batch, dtype=np.float32))[:, None]
    if tensor.shape[-1] != input_size:
        tensor = F.interpolate(tensor, size=(input_size, input_size), mode='area')
    return tensor * norm_scale + norm_offset


class ExpressionNetClassifier:
    """
    The trained :class:`ExpressionNet`: 64×64 uint8 grey crops in, FER probabilities out.

    Follows ``expression_model.ExpressionModel``. ``flip_tta`` also reads each crop mirrored
    and averages the probabilities (twice the compute, usually a little more accurate).
    ``threads`` caps PyTorch's intra-op threads, process-wide, as torch has one pool.
    """

    classes: tuple[str, ...] = FER_CLASSES

    def __init__(self, model: ExpressionNet, meta: ExpressionNetMeta | None = None,
                 flip_tta: bool = False) -> None:
        self.model = model.eval()
        self.meta = meta or ExpressionNetMeta(widths=model.widths)
        self.checksum = self.meta.checksum
        self.flip_tta = flip_tta
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: pathlib.Path, threads: int | None = 1,
             flip_tta: bool = False) -> ExpressionNetClassifier:
        """Load a weights file; FileNotFoundError if missing, ValueError if unusable."""
        state, meta = split_state(load_state(pathlib.Path(path)))
        if threads is not None:
            torch.set_num_threads(max(1, int(threads)))
        return cls(build_model(state, meta), meta, flip_tta=flip_tta)

    def logits(self, crops: Sequence[GreyImage] | GreyImage) -> FloatArray:
        """Return ``N×7`` logits for ``N`` square uint8 crops (flip-averaged if enabled)."""
        meta = self.meta
        tensor = crops_to_tensor(crops, meta.input_size, meta.norm_scale, meta.norm_offset)
        count = int(tensor.shape[0])
        if count == 0:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        with self._lock, torch.inference_mode():
            if self.flip_tta:
                out = self.model(torch.cat([tensor, tensor.flip(-1)]))
                out = 0.5 * (out[:count] + out[count:])
            else:
                out = self.model(tensor)
        return np.asarray(out.numpy(), dtype=np.float32)

    def predict(self, crops: Sequence[GreyImage] | GreyImage) -> FloatArray:
        """Return ``N×7`` class probabilities for ``N`` 64×64 uint8 crops."""
        meta = self.meta
        tensor = crops_to_tensor(crops, meta.input_size, meta.norm_scale, meta.norm_offset)
        count = int(tensor.shape[0])
        if count == 0:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        with self._lock, torch.inference_mode():
            if self.flip_tta:
                probs = torch.softmax(self.model(torch.cat([tensor, tensor.flip(-1)])), dim=1)
                probs = 0.5 * (probs[:count] + probs[count:])
            else:
                probs = torch.softmax(self.model(tensor), dim=1)
        return np.asarray(probs.numpy(), dtype=np.float32)
