# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Loading TFLite models with ``ai-edge-litert`` (the standalone TensorFlow Lite runtime).

One place turns a missing file, a missing runtime or a corrupt model into
:class:`~resonance_robot.core.errors.ModelUnavailable` with the path and the reason.
"""

from __future__ import annotations

import pathlib
from typing import Any

from ...errors import ModelUnavailable


def load_interpreter(path: pathlib.Path, what: str, threads: int = 1) -> Any:
    """Return an allocated ``ai_edge_litert`` Interpreter for the model at ``path``."""
    if not path.is_file():
        raise ModelUnavailable(f'{what} missing: {path}')
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError as exc:
        raise ModelUnavailable(
            f'{what} needs the ai-edge-litert package (pip install ai-edge-litert): {exc}'
        ) from exc
    try:
        interpreter = Interpreter(model_path=str(path), num_threads=threads)
        interpreter.allocate_tensors()
    except (RuntimeError, ValueError) as exc:
        raise ModelUnavailable(f'cannot load {what} {path}: {exc}') from exc
    return interpreter
