# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Run the embedded demo: a scenario played through the whole ROS graph, end to end.

The default scenario shows a person who arrives happy, becomes sad, gets angry and leaves;
the robot should share joy, comfort, give space and go idle. Pass your own scenario file
(format in the README). The demo prints a live progress line and a final table, and writes
to the output folder: the robot's face (face.gif), a timeline plot (timeline.png), the
decisions (decisions.jsonl), the table (table.txt) and a summary (summary.json).

Nothing of a person is kept by default: when the scenario's camera is live (a webcam, a
device, a stream, or a source flagged ``live:``) the demo writes none of these files unless
``--out`` or ``--record`` asks for them, and says so
(:mod:`~resonance_robot.core.records.storage`).

Examples::

    resonance-robot demo
    resonance-robot demo my_scenario.yaml --speed 2 --out /tmp/run1 --record
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

NAME = 'demo'
DEFAULT_OUT = pathlib.Path('resonance_demo')
HELP = 'run the embedded demo scenario end to end and report what the robot did'


def default_scenario() -> pathlib.Path:
    """Return the path of the shipped default scenario."""
    from ..paths import data_dir

    return data_dir() / 'scenarios' / 'default.yaml'


def scenario_path(name: str | None) -> pathlib.Path:
    """Return the scenario file: a path, a built-in name (``between_the_lines``) or the default."""
    from ..paths import data_dir

    if not name:
        return default_scenario()
    path = pathlib.Path(name)
    builtin = data_dir() / 'scenarios' / (path.name if path.suffix else path.name + '.yaml')
    return path if path.exists() or not builtin.is_file() else builtin


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot demo``."""
    parser.add_argument('scenario', nargs='?', default=None,
                        help='scenario YAML file or built-in name, e.g. between_the_lines '
                        '(default: the shipped default)')
    parser.add_argument('--speed', type=float, default=1.0,
                        help='run the graph this many times faster than real time, on a '
                             'simulated clock (default: %(default)s)')
    parser.add_argument('--out', type=pathlib.Path, default=None,
                        help=f'output folder (default: {DEFAULT_OUT}; with a live camera '
                             'nothing is written unless --out or --record is given)')
    parser.add_argument('--record', action='store_true',
                        help='also record the inputs and outputs to OUT/bag (rosbag2, MCAP)')
    parser.add_argument('--no-gif', action='store_true', help="don't write the face GIF")
    parser.add_argument('--params-file', action='append', default=[], metavar='YAML',
                        help='extra parameter file(s) for the nodes')
    parser.add_argument('--json', action='store_true',
                        help='print the summary as JSON instead of the table')
    parser.add_argument('--check', action='store_true',
                        help="exit 1 when a step's expected actions did not happen")
    parser.add_argument('--quiet', action='store_true', help='no progress line')


def run(args: argparse.Namespace) -> int:
    """Load the scenario, run it, print the table (or JSON) and where the files are."""
    from ..core.records.storage import storage_policy
    from ..core.records.timeline import format_table
    from ..core.sources.scenario import load_scenario
    from ..demo.player import DemoOptions, run_scenario
    from ..shutdown import by_sigterm, graceful_signals

    graceful_signals()  # SIGTERM stops like Ctrl-C: nodes destroyed, zero velocity

    scenario = load_scenario(scenario_path(args.scenario))
    policy = storage_policy((s.camera for s in scenario.steps if s.camera),
                            out_given=args.out is not None, record=args.record)
    out = args.out if args.out is not None else (DEFAULT_OUT if policy.write else None)
    if policy.live:
        print(f'demo: {policy.explanation}', file=sys.stderr if args.json else sys.stdout)
    options = DemoOptions(speed=args.speed, out_dir=out, record=args.record,
                          gif=not args.no_gif, params_files=tuple(args.params_file),
                          progress=None if args.quiet or args.json else sys.stderr)
    if not args.json:
        print(f'demo: {scenario.name} ({scenario.duration:g} s of scenario time, '
              f'{len(scenario.steps)} steps, speed {args.speed:g}x)')
    try:
        result = run_scenario(scenario, options)
    except KeyboardInterrupt as exc:
        if by_sigterm(exc):
            print('demo: stopped (SIGTERM)', flush=True)
            return 0
        raise
    if args.json:
        print(json.dumps(result.summary(), indent=2))
    else:
        print()
        print(format_table(result.rows))
        print()
        said = result.timeline.utterances
        if said:
            print('the robot said:')
            for t, text in said:
                print(f'  {t:5.1f} s  {text}')
            print()
        line = result.timeline
        print(f'cmd_vel peaks: {line.max_forward:.2f} m/s forward, {line.max_reverse:.2f} m/s '
              f'back, {line.max_turn:.2f} rad/s; '
              f'first decision ready after {result.figures["startup_s"]:.1f} s of start-up')
        for name, path in result.outputs.items():
            print(f'  {name:10s} {path}')
        if out is None:
            print('  (no files written: nothing about the person is kept)')
        verdict = 'every step did what it expected' if result.expectations_met else \
            'some steps did not do what they expected (see the table)'
        print(f'demo: done; {verdict}')
    return 1 if args.check and not result.expectations_met else 0
