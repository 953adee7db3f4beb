# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Show or clear what learning kept across interactions (only ever written with consent).

Examples::

    resonance-robot learning show  --file ~/.local/share/resonance_robot/learning.sqlite
    resonance-robot learning reset --file ~/.local/share/resonance_robot/learning.sqlite

The file is the ``learning_file`` parameter of social_behavior: aggregates only (which
response variant helped how often, the natural drift), nothing about who. ``reset`` deletes
every row, as a spoken "forget me" does.
"""

from __future__ import annotations

import argparse

NAME = 'learning'
HELP = 'show or reset what learning kept (aggregates, with consent only)'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot learning``."""
    parser.add_argument('what', choices=('show', 'reset'),
                        help='show the learned aggregates, or delete them all')
    parser.add_argument('--file', '-f', required=True, metavar='FILE.sqlite',
                        help="the social_behavior node's learning_file")


def run(args: argparse.Namespace) -> int:
    """Print or clear the learning file."""
    import pathlib

    from ..core.decision.learning_store import LearningStore

    store = LearningStore(pathlib.Path(args.file).expanduser())
    if args.what == 'reset':
        store.reset()
        print(f'{store.path}: every learned aggregate deleted')
        return 0
    if not store.path.exists():
        print(f'{store.path}: nothing learned (no file)')
        return 0
    print(store.describe())
    return 0
