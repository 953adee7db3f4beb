# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Point the ROS 2 wheels' exported CMake files at this interpreter's headers.

The ``ros-*`` wheels on PyPI were built in a manylinux container, and the CMake
export files of every message package name that container's Python and NumPy
include directories (``/opt/python/cp3XX-cp3XX/...``). Building our interface
package against them fails unless those paths are rewritten to the running
interpreter's own. The rewrite is idempotent: a second run changes nothing.

Usage: ``python tools/fix_ros_wheel_cmake.py [PREFIX]`` (default: ``sys.prefix``).
"""

import pathlib
import re
import sys
import sysconfig


def _targets() -> dict[str, str]:
    import numpy

    tag = f'cp{sys.version_info.major}{sys.version_info.minor}'
    pyver = f'python{sys.version_info.major}.{sys.version_info.minor}'
    builder = f'/opt/python/{tag}-{tag}'
    return {
        f'{builder}/lib/{pyver}/site-packages/numpy/_core/include': numpy.get_include(),
        f'{builder}/lib/{pyver}/site-packages/numpy/core/include': numpy.get_include(),
        f'{builder}/include/{pyver}': sysconfig.get_paths()['include'],
    }


def fix(prefix: pathlib.Path) -> int:
    """Rewrite the builder's include paths under ``prefix/share``; return files changed."""
    targets = _targets()
    pattern = re.compile('|'.join(re.escape(k) for k in sorted(targets, key=len, reverse=True)))
    changed = 0
    for path in sorted((prefix / 'share').glob('*/cmake/*.cmake')):
        text = path.read_text(encoding='utf-8')
        new = pattern.sub(lambda m: targets[m.group(0)], text)
        if new != text:
            path.write_text(new, encoding='utf-8')
            changed += 1
    return changed


def main() -> int:
    prefix = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else sys.prefix)
    if not (prefix / 'share').is_dir():
        print(f'fix_ros_wheel_cmake: no share/ under {prefix}', file=sys.stderr)
        return 1
    changed = fix(prefix)
    print(f'fix_ros_wheel_cmake: {changed} CMake file(s) pointed at {sys.executable}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
