# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Closed-loop safety simulation: seeded episodes through the real fusion, tree and safety layer.

Each episode draws 1-5 people who stand, wander, approach or leave, with moods and voice cues,
a camera model with noise, misses, occlusion and dropouts, an optional 360° scan and e-stop
presses; the robot moves as commanded. Prints what was measured: the closest the robot drove
to anyone (``min_clearance_m``), collisions, motion under e-stop, blind reverse per act, and
speed and acceleration breaches.

Examples::

    resonance-robot sim --episodes 500 --seed 7 --json
    resonance-robot sim --episodes 20 --out /tmp/sim      # also a GIF of the busiest episode
    resonance-robot sim --scan-probability 0              # camera only
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

NAME = 'sim'
HELP = 'closed-loop safety simulation of the decision and safety layers'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot sim``."""
    parser.add_argument('--episodes', type=int, default=100, help='episodes (default: 100)')
    parser.add_argument('--seed', type=int, default=0, help='seed of the run (default: 0)')
    parser.add_argument('--duration', type=float, default=30.0,
                        help='seconds per episode (default: %(default)s)')
    parser.add_argument('--scan-probability', type=float, default=1.0,
                        help='share of episodes with a 360° range scan (default: 1)')
    parser.add_argument('--decider', choices=('tree', 'random'), default='tree',
                        help="'tree': the social tree; 'random': random act requests")
    parser.add_argument('--json', action='store_true', help='print one JSON object')
    parser.add_argument('--out', type=pathlib.Path, default=None,
                        help='write sim.gif (the episode that moved most) and summary.json')
    parser.add_argument('--quiet', action='store_true', help='no progress bar')


def run(args: argparse.Namespace) -> int:
    """Run the episodes and print the summary; exit 1 when a safety figure failed."""
    from tqdm import tqdm

    from ..core.errors import ConfigError
    from ..sim.batch import run_batch
    from ..sim.episode import EpisodeConfig

    if args.episodes < 1 or args.duration <= 2.0 or not 0.0 <= args.scan_probability <= 1.0:
        raise ConfigError('--episodes >= 1, --duration > 2 and --scan-probability in [0, 1]')
    config = EpisodeConfig(duration=args.duration, scan_probability=args.scan_probability,
                           decider=args.decider)

    def progress(items):  # type: ignore[no-untyped-def]
        return tqdm(items, desc='episodes', unit='ep', disable=args.quiet, file=sys.stderr)
    summary, results = run_batch(args.episodes, args.seed, config, progress=progress)
    if args.out is not None:
        summary['gif'] = str(_write_outputs(args.out, summary, results, config))
    if args.json:
        print(json.dumps(summary))
    else:
        for key, value in summary.items():
            print(f'{key:24s} {value}')
    return 0 if summary['passed'] else 1


def _write_outputs(out: pathlib.Path, summary, results, config) -> pathlib.Path:  # type: ignore
    from ..core.safety.params import SafetyParams
    from ..sim.episode import run_episode
    from ..sim.render import write_gif

    busiest = max(results, key=lambda r: r.forward_travel + r.reverse_travel)
    replay = run_episode(busiest.seed, config, record=True)
    safety = SafetyParams.from_values()
    path = out / 'sim.gif'
    write_gif(replay.snapshots, path, personal_space=safety.personal_space,
              robot_radius=safety.robot_radius, hfov_deg=config.camera.hfov_deg)
    summary['gif_episode'] = busiest.seed
    (out / 'summary.json').write_text(json.dumps(summary, indent=2) + '\n', encoding='utf-8')
    return path
