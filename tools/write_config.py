# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Write ``config/<node>.yaml`` from a node's parameter specs, with each description.

Usage: ``python tools/write_config.py NODE [NODE ...]`` (or ``--all``). The shipped files
must equal the code's defaults; ``test_conventions.py`` checks that they still do.
"""

import importlib
import pathlib
import sys
import textwrap

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent / 'resonance_robot'
sys.path.insert(0, str(ROOT))

from resonance_robot.stack.bringup import node, NODES  # noqa: E402, I100


def render(name: str) -> str:
    """Return the YAML text of ``name``'s parameter file."""
    spec = node(name)
    module = importlib.import_module(spec.module)
    lines = [f'# Parameters of {name}: {spec.description}',
             '# Defaults equal the code; override in your own file with --params-file.',
             '/**:', '  ros__parameters:']
    for param in module.PARAMS:
        text = param.description + (f' ({param.range_text()})' if param.range_text() else '')
        for line in textwrap.wrap(text, 91):
            lines.append(f'    # {line}')
        value = list(param.default) if isinstance(param.default, tuple) else param.default
        dumped = yaml.safe_dump({param.name: value}, default_flow_style=True, width=1000)
        lines.append('    ' + dumped.strip().strip('{}'))
    return '\n'.join(lines) + '\n'


def main() -> int:
    names = [s.name for s in NODES] if sys.argv[1:] == ['--all'] else sys.argv[1:]
    for name in names:
        path = ROOT / 'config' / f'{node(name).params_file}'
        path.write_text(render(name), encoding='utf-8')
        print(f'wrote {path}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
