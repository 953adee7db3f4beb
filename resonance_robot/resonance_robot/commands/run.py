# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Run the stack in one process on live topics, for robots and laptops.

Like ``ros2 launch resonance_robot resonance.launch.py``, without needing launch.

It writes no file about a person: perception and decisions live on topics only (no
recording, no decisions file; transcripts are logged at debug level only), and the learning
store is written only with ``learning_consent`` and a ``learning_file``. With a live camera
or microphone it says so at start.

Examples::

    resonance-robot run --camera webcam --audio mic
    resonance-robot run --sim                      # Gazebo bridge topic names
    resonance-robot run --namespace robot1 -r cmd_vel:=/robot1/base/cmd_vel
    resonance-robot run --profile perception-host --camera webcam   # two hosts: camera side
    resonance-robot run --profile decision-host --hri               # robot side, + REP-155
    resonance-robot run --camera builtin:astronaut --dashboard 8088   # http://127.0.0.1:8088/
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from ..stack.bringup import LAYOUTS, PROFILES

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
    parser.add_argument('--profile', choices=sorted(PROFILES), default=None,
                        help='layers of one host (replaces --roles): perception-host, '
                        'decision-host (decision and expression), all')
    parser.add_argument('--hri', action='store_true',
                        help='also start hri_bridge: ROS4HRI (REP-155) /humans/... topics '
                        '(needs hri_msgs: make hri-msgs)')
    parser.add_argument('--hri-faces', action='store_true',
                        help='take faces from a ROS4HRI pipeline (/humans/faces/*) instead of '
                        'face_affect (implies --hri)')
    parser.add_argument('--namespace', default='', help='namespace for every node')
    parser.add_argument('--params-file', action='append', default=[], metavar='YAML',
                        help='extra parameter file(s), applied after the shipped ones')
    parser.add_argument('-r', '--remap', action='append', default=[], metavar='FROM:=TO',
                        help='extra remapping(s) for every node')
    parser.add_argument('--sim', action='store_true',
                        help='use Gazebo bridge topic names and simulation time')
    parser.add_argument('--dashboard', metavar='PORT', type=int, nargs='?', const=8088,
                        default=None, help='also serve the live dashboard on this port '
                        '(default port %(const)s; 127.0.0.1 only unless the dashboard '
                        'parameters say otherwise)')
    parser.add_argument('--layout', choices=tuple(LAYOUTS), default='one',
                        help="processes: 'one' (every node in this process: least memory), "
                        "'split' (the face path in a process of its own: the face keeps "
                        'answering within ~50 ms while speech is recognised, on 2 cores), '
                        "'launch' (one per node, as ros2 launch) (default: %(default)s)")
    parser.add_argument('--duration', type=float, default=0.0,
                        help='stop after this many seconds (default: run until Ctrl-C)')


def run(args: argparse.Namespace) -> int:
    """
    Start the selected nodes and spin until Ctrl-C, SIGTERM (or --duration).

    Ctrl-C and SIGTERM stop cleanly (a final zero velocity, nodes destroyed, status 0); a node
    whose callback raised stops the run with status 1 after commanding zero velocity.
    """
    from ..core.records.storage import storage_policy
    from ..shutdown import graceful_signals
    from ..stack.bringup import HRI_FACES_OVERRIDES
    from ..stack.runner import is_available, StackRunner

    specs = _selected(args)
    missing = [s.name for s in specs if not is_available(s)]
    specs = tuple(s for s in specs if is_available(s))
    overrides: dict[str, dict[str, object]] = dict(
        HRI_FACES_OVERRIDES if args.hri_faces else {})
    if args.camera is not None:
        overrides['camera_source'] = {'source': args.camera}
    if args.audio is not None:
        overrides['audio_source'] = {'source': args.audio}
    if args.dashboard is not None:
        overrides['dashboard'] = {'port': args.dashboard}
    if args.layout != 'one':
        return _run_processes(args, specs, overrides)
    runner = StackRunner(specs, namespace=args.namespace, params_files=args.params_file,
                         overrides=overrides, use_sim_time=args.sim)
    graceful_signals()
    runner.start()
    names = ', '.join(runner.nodes)
    print(f'resonance-robot run: {len(runner.nodes)} nodes running ({names}); Ctrl-C stops',
          flush=True)
    policy = storage_policy([args.camera or ''], [args.audio or ''])
    if policy.live:
        print(f'  live source ({", ".join(s for s in (args.camera, args.audio) if s)}): '
              'nothing about the person is written to disk (no recording, no decisions '
              'file; learning only with learning_consent)', flush=True)
    if missing:
        print(f'  not installed: {", ".join(missing)}')
    if 'hri_bridge' in runner.nodes:
        from ..nodes.hri_bridge import status_line
        print(f'  {status_line()}')
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


def _run_processes(args: argparse.Namespace, specs: Any,
                   overrides: dict[str, dict[str, object]]) -> int:
    """Run ``specs`` as the processes of ``--layout``; stop them all on Ctrl-C or SIGTERM."""
    from ..shutdown import graceful_signals
    from ..stack.processes import ProcessStack

    processes = ProcessStack(specs, layout=args.layout, namespace=args.namespace,
                             params_files=args.params_file, overrides=overrides,
                             use_sim_time=args.sim)
    graceful_signals()
    processes.start()
    print(f'resonance-robot run: {len(processes.processes)} processes running '
          f'({"; ".join(processes.processes)}); logs in {processes.log_dir}; Ctrl-C stops',
          flush=True)
    deadline = time.monotonic() + args.duration if args.duration > 0 else None
    ended: dict[str, int] = {}
    try:
        while not ended and (deadline is None or time.monotonic() < deadline):
            time.sleep(0.2)
            ended = processes.exited()
    except KeyboardInterrupt as exc:
        print(f'resonance-robot run: {exc or "SIGINT"}, stopping', flush=True)
    finally:
        codes = processes.stop()
    failed = {name: code for name, code in {**codes, **ended}.items() if code != 0}
    if ended or failed:
        print(f'resonance-robot run: stopped: a process ended ({ended or failed}); its log: '
              f'{processes.log_dir}', flush=True)
        return 1
    processes.close()
    print('resonance-robot run: stopped', flush=True)
    return 0


def _selected(args: argparse.Namespace) -> Any:
    """Return the node specs the options select (roles or profile, sources, remappings)."""
    from ..core.errors import ConfigError
    from ..stack.bringup import Role, SIM_REMAPPINGS, stack

    try:
        roles = (list(PROFILES[args.profile]) if args.profile else
                 [Role(r.strip()) for r in args.roles.split(',') if r.strip()])
    except ValueError:
        raise ConfigError(
            f'--roles: unknown role in {args.roles!r}; roles: ' + ', '.join(
                r.value for r in Role if r not in (Role.SOURCE, Role.BRIDGE))) from None
    remaps = list(SIM_REMAPPINGS) if args.sim else []
    for item in args.remap:
        source, sep, target = item.partition(':=')
        if not sep or not source or not target:
            raise ConfigError(f'--remap {item!r}: expected FROM:=TO')
        remaps.append((source, target))
    return stack(roles, camera=args.camera is not None, audio=args.audio is not None,
                 hri=args.hri, hri_faces=args.hri_faces,
                 dashboard=args.dashboard is not None, remappings=remaps)
