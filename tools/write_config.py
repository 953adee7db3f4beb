# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Write ``config/<node>.yaml`` from a node's parameter specs, with each description.

Usage: ``python tools/write_config.py NODE [NODE ...]`` (or ``--all``; ``deployment`` writes
the shared ``config/deployment.yaml``). The shipped files must equal the code's defaults;
``test_conventions.py`` checks that they still do. The stack-wide deployment parameters live
in the shared file only, so a node's own file cannot contradict it.
"""

import importlib
import pathlib
import sys
import textwrap

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent / 'resonance_robot'
sys.path.insert(0, str(ROOT))

from resonance_robot.core.ethics import (  # noqa: E402, I100
    DEPLOYMENT_PARAM_NAMES, DEPLOYMENT_PARAMS)
from resonance_robot.core.params import ParamSpec  # noqa: E402
from resonance_robot.stack.bringup import node, NODES, SHARED_PARAMS_FILE  # noqa: E402


def render(name: str) -> str:
    """Return the YAML text of ``name``'s parameter file (``deployment``: the shared one)."""
    if name == 'deployment':
        header = ['# The deployment context of the whole stack: every node gets this file first.',
                  '# Override it for all nodes at once with a --params-file holding /**: keys.']
        return _render(header, DEPLOYMENT_PARAMS)
    spec = node(name)
    module = importlib.import_module(spec.module)
    header = [f'# Parameters of {name}: {spec.description}',
              '# Defaults equal the code; override in your own file with --params-file.']
    if DEPLOYMENT_PARAM_NAMES & {p.name for p in module.PARAMS}:
        header.append(f'# deployment_context and inference_purpose: see {SHARED_PARAMS_FILE}.')
    return _render(header, [p for p in module.PARAMS if p.name not in DEPLOYMENT_PARAM_NAMES])


def _render(header: list[str], params: 'list[ParamSpec] | tuple[ParamSpec, ...]') -> str:
    """Return the YAML text of ``params`` under ``header``."""
    lines = header + ['/**:', '  ros__parameters:']
    for param in params:
        text = param.description + (f' ({param.range_text()})' if param.range_text() else '')
        for line in textwrap.wrap(text, 91):
            lines.append(f'    # {line}')
        value = list(param.default) if isinstance(param.default, tuple) else param.default
        dumped = yaml.safe_dump({param.name: value}, default_flow_style=True, width=1000)
        lines.append('    ' + dumped.strip().strip('{}'))
    return '\n'.join(lines) + '\n'


def main() -> int:
    names = ([s.name for s in NODES] + ['deployment'] if sys.argv[1:] == ['--all']
             else sys.argv[1:])
    for name in names:
        file = SHARED_PARAMS_FILE if name == 'deployment' else node(name).params_file
        path = ROOT / 'config' / f'{file}'
        path.write_text(render(name), encoding='utf-8')
        print(f'wrote {path}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
