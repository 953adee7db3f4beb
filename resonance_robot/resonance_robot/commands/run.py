# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Run the stack in one process on live topics, for robots and laptops.

Like ``ros2 launch resonance_robot resonance.launch.py``, without needing launch.

Examples::

    resonance-robot run --camera webcam --audio mic
    resonance-robot run --sim                      # Gazebo bridge topic names
    resonance-robot run --namespace robot1 -r cmd_vel:=/robot1/base/cmd_vel
"""

from __future__ import annotations

import argparse
import time

NAME = 'run'
HELP = 'run the whole stack in one process until Ctrl-C'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot run``."""
    parser.add_argument('--camera', metavar='SOURCE', default=None,
                        help='also start camera_source with this source (webcam, a file …)')
    parser.add_argument('--audio', metavar='SOURCE', default=None,
                        help='also start audio_source with this source (mic, a WAV file)')
    parser.add_argument('--roles', default='perception,decision,expression',
                        help='comma-separated layers to start (default: %(default)s)')
    parser.add_argument('--namespace', default='', help='namespace for every node')
    parser.add_argument('--params-file', action='append', default=[], metavar='YAML',
                        help='extra parameter file(s), applied after the shipped ones')
    parser.add_argument('-r', '--remap', action='append', default=[], metavar='FROM:=TO',
                        help='extra remapping(s) for every node')
    parser.add_argument('--sim', action='store_true',
                        help='use Gazebo bridge topic names and simulation time')
    parser.add_argument('--duration', type=float, default=0.0,
                        help='stop after this many seconds (default: run until Ctrl-C)')


def run(args: argparse.Namespace) -> int:
    """
    Start the selected nodes and spin until Ctrl-C, SIGTERM (or --duration).

    Ctrl-C and SIGTERM stop cleanly (a final zero velocity, nodes destroyed, status 0); a node
    whose callback raised stops the run with status 1 after commanding zero velocity.
    """
    from ..core.errors import ConfigError
    from ..shutdown import graceful_signals
    from ..stack.bringup import Role, SIM_REMAPPINGS, stack
    from ..stack.runner import is_available, StackRunner

    try:
        roles = [Role(r.strip()) for r in args.roles.split(',') if r.strip()]
    except ValueError:
        raise ConfigError(
            f'--roles: unknown role in {args.roles!r}; roles: '
            + ', '.join(r.value for r in Role if r is not Role.SOURCE)) from None
    remaps = list(SIM_REMAPPINGS) if args.sim else []
    for item in args.remap:
        source, sep, target = item.partition(':=')
        if not sep or not source or not target:
            raise ConfigError(f'--remap {item!r}: expected FROM:=TO')
        remaps.append((source, target))
    specs = stack(roles, camera=args.camera is not None, audio=args.audio is not None,
                  remappings=remaps)
    missing = [s.name for s in specs if not is_available(s)]
    specs = tuple(s for s in specs if is_available(s))
    overrides = {}
    if args.camera is not None:
        overrides['camera_source'] = {'source': args.camera}
    if args.audio is not None:
        overrides['audio_source'] = {'source': args.audio}
    runner = StackRunner(specs, namespace=args.namespace, params_files=args.params_file,
                         overrides=overrides, use_sim_time=args.sim)
    graceful_signals()
    runner.start()
    names = ', '.join(runner.nodes)
    print(f'resonance-robot run: {len(runner.nodes)} nodes running ({names}); Ctrl-C stops',
          flush=True)
    if missing:
        print(f'  not installed: {", ".join(missing)}')
    deadline = time.monotonic() + args.duration if args.duration > 0 else None
    try:
        while runner.context.ok() and (deadline is None or time.monotonic() < deadline):
            time.sleep(0.2)
    except KeyboardInterrupt as exc:
        print(f'resonance-robot run: {exc or "SIGINT"}, stopping', flush=True)
    finally:
        runner.stop()
    if runner.failure is not None:
        print(f'resonance-robot run: stopped: a node failed ({runner.failure!r})', flush=True)
        return 1
    print('resonance-robot run: stopped', flush=True)
    return 0
