# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
List the package's nodes with their topics, services and parameters.

The table comes from the bring-up description and each node's parameter specs, the same
data the launch files and the in-process runner use.
"""

from __future__ import annotations

import argparse
import importlib
import json

NAME = 'nodes'
HELP = 'list nodes, topics, services and parameters'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot nodes``."""
    parser.add_argument('--params', action='store_true', help='also list each parameter')
    parser.add_argument('--json', action='store_true', help='print JSON instead of text')


def run(args: argparse.Namespace) -> int:
    """Print the node table."""
    from ..stack.bringup import NODES
    from ..stack.runner import is_available

    rows = []
    for spec in NODES:
        available = is_available(spec)
        params = []
        if available and args.params:
            module = importlib.import_module(spec.module)
            params = [{'name': p.name, 'default': p.default, 'description': p.description,
                       'range': p.range_text()} for p in getattr(module, 'PARAMS', ())]
        rows.append({
            'name': spec.name, 'role': spec.role.value, 'available': available,
            'description': spec.description,
            'publishes': [f'{t.name} [{t.type}]' for t in spec.publishes],
            'subscribes': [f'{t.name} [{t.type}]' for t in spec.subscribes],
            'services': [f'{t.name} [{t.type}]' for t in spec.services],
            'params_file': spec.params_file, 'parameters': params})
    if args.json:
        print(json.dumps(rows, indent=2, default=list))
        return 0
    for row in rows:
        mark = '' if row['available'] else '  (not installed)'
        print(f"{row['name']} ({row['role']}){mark}: {row['description']}")
        for label, short in (('subscribes', 'sub'), ('publishes', 'pub'), ('services', 'srv')):
            for item in row[label]:
                print(f'    {short:6s} {item}')
        for param in row['parameters']:
            extra = f" ({param['range']})" if param['range'] else ''
            print(f"    param  {param['name']} = {param['default']!r}{extra}")
    return 0
