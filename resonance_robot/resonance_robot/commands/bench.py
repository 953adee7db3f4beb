# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Measure speed and memory: one benchmark per part of the stack, figures as a table or JSON.

Examples::

    resonance-robot bench faces
    resonance-robot bench voice --json voice.json
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import platform
import sys
from types import ModuleType
from typing import Any

NAME = 'bench'
HELP = 'benchmark a part of the stack (speed, latency, memory)'


def bench_modules() -> list[ModuleType]:
    """Every benchmark module in :mod:`resonance_robot.bench`, sorted by name."""
    from .. import bench

    found = []
    for info in pkgutil.iter_modules(bench.__path__):
        if not info.name.startswith('_'):
            module = importlib.import_module(f'{bench.__name__}.{info.name}')
            if hasattr(module, 'NAME') and hasattr(module, 'run'):
                found.append(module)
    return sorted(found, key=lambda m: str(m.NAME))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot bench``: one sub-command per benchmark."""
    sub = parser.add_subparsers(dest='bench', metavar='NAME', required=True)
    for module in bench_modules():
        child = sub.add_parser(module.NAME, help=module.HELP,
                               description=(module.__doc__ or module.HELP).strip())
        child.add_argument('--json', metavar='FILE', default=None,
                           help="also write the figures as JSON ('-' for standard output)")
        module.add_arguments(child)
        child.set_defaults(bench_module=module)


def machine() -> dict[str, Any]:
    """Describe the machine the figures were measured on."""
    import os

    return {'python': platform.python_version(), 'cpu_count': os.cpu_count(),
            'processor': platform.processor() or platform.machine(),
            'platform': platform.platform(terse=True)}


def _print_table(figures: dict[str, Any], indent: str = '') -> None:
    for key, value in figures.items():
        if isinstance(value, dict):
            print(f'{indent}{key}:')
            _print_table(value, indent + '  ')
        else:
            text = f'{value:.3f}' if isinstance(value, float) else str(value)
            print(f'{indent}{key:32s} {text}')


def run(args: argparse.Namespace) -> int:
    """Run the chosen benchmark and report its figures."""
    figures = args.bench_module.run(args)
    report = {'benchmark': args.bench, 'machine': machine(), 'figures': figures}
    if args.json == '-':
        json.dump(report, sys.stdout, indent=2)
        print()
        return 0
    _print_table(figures)
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as handle:
            json.dump(report, handle, indent=2)
        print(f'wrote {args.json}')
    return 0
