# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The ``resonance-robot`` command: one entry point, a sub-command per job.

Sub-commands live in :mod:`resonance_robot.commands`; run ``resonance-robot --help``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
import importlib
import pkgutil
import sys
from types import ModuleType

from . import __version__, commands
from .core.errors import ResonanceError


def command_modules() -> list[ModuleType]:
    """Every sub-command module, sorted by command name."""
    found = []
    for info in pkgutil.iter_modules(commands.__path__):
        if info.name.startswith('_'):
            continue
        module = importlib.import_module(f'{commands.__name__}.{info.name}')
        if hasattr(module, 'NAME') and hasattr(module, 'run'):
            found.append(module)
    return sorted(found, key=lambda m: str(m.NAME))


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog='resonance-robot',
        description='Emotional resonance for social robots on ROS 2: perceive how a person '
                    'feels, choose a social action, express it.')
    parser.add_argument('--version', action='version', version=f'%(prog)s {__version__}')
    sub = parser.add_subparsers(dest='command', metavar='COMMAND', required=True)
    for module in command_modules():
        doc = (module.__doc__ or '').strip()
        child = sub.add_parser(
            module.NAME, help=module.HELP, description=doc or module.HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(child)
        child.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen sub-command; errors of ours print one line."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except ResonanceError as exc:
        print(f'resonance-robot {args.command}: error: {exc}', file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == '__main__':
    sys.exit(main())
