# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Check texts against the persuasion and manipulation filter, and audit what the robot says.

Examples::

    resonance-robot ethics check "I'm here with you." "I'd be so sad if you left."
    resonance-robot ethics check --json "Visit our shop for 20 % off"
    resonance-robot ethics audit                 # every template, notice and the disclosure
    resonance-robot ethics audit --params-file my.yaml

``check`` prints, for each text in order, whether the robot may say it, the category of a
refusal and why (``--json``: a list of objects with ``text``, ``allowed``, ``category``,
``reason``, ``categories``, ``evidence`` and ``found_by``: ``rules`` or ``learned`` per
finding). Both exit with 1 when a text is refused.
"""

from __future__ import annotations

import argparse
import json
import pathlib

NAME = 'ethics'
HELP = 'check texts for persuasion and manipulation; audit what the robot can say'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot ethics``."""
    sub = parser.add_subparsers(dest='action', required=True)
    check = sub.add_parser('check', help='check each TEXT; exit 1 if one is refused')
    check.add_argument('texts', nargs='+', metavar='TEXT', help='a sentence the robot might say')
    check.add_argument('--json', action='store_true', help='print a JSON list instead')
    audit = sub.add_parser('audit', help='check every text the robot can say (templates, '
                           'privacy notices, the configured disclosure)')
    audit.add_argument('--params-file', action='append', default=[], metavar='YAML',
                       help='parameter file(s) whose disclosure is checked too')
    audit.add_argument('--json', action='store_true', help='print a JSON list instead')


def robot_texts(params_files: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Return (where, text) for every text the robot can say, configured ones included."""
    import yaml

    from ..core.ethics import DEFAULT_DISCLOSURE
    from ..tree.acts import ACTS

    texts = [(f'act {act.kind}', text) for act in ACTS for text in act.words]
    texts += [('default disclosure', DEFAULT_DISCLOSURE)]
    for path in params_files:
        data = yaml.safe_load(pathlib.Path(path).read_text(encoding='utf-8')) or {}
        for node, section in data.items():
            disclosure = ((section or {}).get('ros__parameters') or {}).get('disclosure')
            if disclosure:
                texts.append((f'{path}: {node} disclosure', str(disclosure)))
    return texts


def run(args: argparse.Namespace) -> int:
    """Check the texts and print the verdicts."""
    from ..core.ethics import check_text

    if args.action == 'check':
        labelled = [('', text) for text in args.texts]
    else:
        labelled = robot_texts(args.params_file)
    verdicts = [check_text(text) for _, text in labelled]
    if args.json:
        records = [v.as_dict() | ({'where': where} if where else {})
                   for (where, _), v in zip(labelled, verdicts)]
        print(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        for (where, _), verdict in zip(labelled, verdicts):
            label = 'allowed' if verdict.allowed else f'REFUSED ({verdict.category})'
            prefix = f'{where}: ' if where else ''
            print(f'{label:24s} {prefix}{verdict.text}')
            print(f'{"":24s} {verdict.reason}')
        refused = sum(not v.allowed for v in verdicts)
        print(f'{len(verdicts) - refused} allowed, {refused} refused')
    return 0 if all(v.allowed for v in verdicts) else 1
