# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Social tree and fusion cost: time per tick with N people, time per fused camera frame.

Five people (by default) stand at different distances and move through sad, happy, scared
and neutral phases of 15 s (the first one also gets angry), so the branches a crowd triggers
run: comfort, share joy, give space, greetings, attention. Measured separately:

* ``fusion``: one camera frame with N faces added to :class:`AffectFusion` and every
  person's estimate computed (what ``affect_fusion`` does per FaceAffectArray);
* ``tick``: one :meth:`SocialTree.tick` (gathering, assessment, decision, robot affect and
  motion limits; what ``social_behavior`` does per tick, without publishing);
* ``snapshot``: rendering the tree with statuses (published once a second).

Target (issue 5): a tick ≤ 1 ms with 5 people.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

NAME = 'tree'
HELP = 'social tree tick cost and fusion cost with N people'

TARGET_TICK_MS = 1.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot bench tree``."""
    parser.add_argument('--ticks', type=int, default=3000,
                        help='ticks measured, at 10 Hz simulated time (default: %(default)s)')
    parser.add_argument('--people', type=int, default=5,
                        help='people in view, 1 to 20 (default: %(default)s)')


def _script(people: int) -> Any:
    from ..core.affect import Expression
    from ..core.sources.affect_script import AffectScript, FaceSegment

    calm = [(Expression.SAD, -0.6, -0.3), (Expression.HAPPY, 0.7, 0.4),
            (Expression.NEUTRAL, 0.0, 0.0), (Expression.SCARED, -0.6, 0.6),
            (Expression.NEUTRAL, 0.1, 0.1)]
    segments = []
    for i in range(people):
        # Only the first person ever gets angry (anger outranks everything else).
        moods = calm + [(Expression.ANGRY, -0.7, 0.7)] if i == 0 else calm
        for k in range(40):  # 40 phases of 15 s: 10 minutes
            expression, valence, arousal = moods[(i + k) % len(moods)]
            segments.append(FaceSegment(
                k * 15.0, (k + 1) * 15.0, expression, valence, arousal, 0.8,
                distance=1.5 + 0.6 * i, bearing=-0.4 + 0.8 * i / max(1, people - 1),
                face_id=f'face{i}'))
    return AffectScript('bench', 600.0, tuple(segments))


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure and return the figures."""
    import py_trees

    from ..core.decision.situation import SocialInputs
    from ..core.fusion.fusion import AffectFusion
    from ..core.stats import LatencyStats
    from ..tree.runtime import SocialTree

    people = max(1, min(20, int(args.people)))
    script = _script(people)
    tree = SocialTree(namespace='/bench')
    fusion = AffectFusion()
    fusion_ms, tick_ms = LatencyStats(args.ticks), LatencyStats(args.ticks)
    actions: dict[str, int] = {}
    step = 0.1
    try:
        for i in range(args.ticks):
            t = (i * step) % script.duration
            frame = script.face_frame(t, fusion.params)
            started = time.perf_counter()
            fusion.add_faces(frame, i * step)
            fusion.update(i * step)
            persons = fusion.estimate(i * step)
            fusion_ms.add(time.perf_counter() - started)
            inputs = SocialInputs(now=i * step, persons=persons, persons_time=i * step)
            started = time.perf_counter()
            out = tree.tick(inputs)
            tick_ms.add(time.perf_counter() - started)
            if out.changed:
                actions[str(out.command.action)] = actions.get(str(out.command.action), 0) + 1
        snap = LatencyStats(50)
        for _ in range(50):
            started = time.perf_counter()
            tree.snapshot()
            snap.add(time.perf_counter() - started)
        behaviours = sum(1 for _ in tree.root.iterate())
    finally:
        tree.shutdown()
        py_trees.blackboard.Blackboard.clear()
    tick = tick_ms.summary()
    return {
        'people': people,
        'behaviours': behaviours,
        'tick': tick.as_ms(),
        'fusion': fusion_ms.summary().as_ms(),
        'snapshot': snap.summary().as_ms(),
        'decisions': dict(sorted(actions.items())),
        'target_tick_ms': TARGET_TICK_MS,
        'tick_p95_within_target': bool(tick.p95 * 1e3 <= TARGET_TICK_MS),
    }
