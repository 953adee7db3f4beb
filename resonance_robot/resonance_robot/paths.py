# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Where the package's installed files are: parameter files, launch files, models.

Installed packages (``colcon build``) are found through the ament index; a source checkout
falls back to the files next to the Python package, so tools work either way.
"""

from __future__ import annotations

import functools
import pathlib
import sys

PACKAGE = 'resonance_robot'
_SOURCE_ROOT = pathlib.Path(__file__).resolve().parent.parent


@functools.cache
def share_dir() -> pathlib.Path:
    """Return the package's share directory (``config/``, ``launch/`` …)."""
    candidates = []
    try:
        from ament_index_python.packages import get_package_share_directory
        candidates.append(pathlib.Path(get_package_share_directory(PACKAGE)))
    except (ImportError, LookupError, OSError, ValueError):
        pass  # no ROS environment: try the interpreter's prefix, then the source checkout
    candidates += [pathlib.Path(sys.prefix) / 'share' / PACKAGE, _SOURCE_ROOT]
    for candidate in candidates:
        if (candidate / 'config').is_dir():
            return candidate
    return _SOURCE_ROOT


def config_dir() -> pathlib.Path:
    """Folder of the shipped parameter files."""
    return share_dir() / 'config'


def config_file(name: str) -> pathlib.Path:
    """Path of the shipped parameter file ``name`` (it must exist)."""
    path = config_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f'no parameter file {name} in {config_dir()}')
    return path


def data_dir() -> pathlib.Path:
    """Folder of the shipped demo data (scenarios, faces), inside the Python package."""
    return pathlib.Path(__file__).resolve().parent / 'data'


def models_dir() -> pathlib.Path:
    """Folder of the shipped model weights (inside the Python package)."""
    return pathlib.Path(__file__).resolve().parent / 'models'
