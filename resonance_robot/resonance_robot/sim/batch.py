# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Many seeded episodes and one summary of what they measured (``resonance-robot sim``).

Episode ``i`` of a run with seed ``S`` is drawn from seed ``S * 1000003 + i``, so any episode
of a summary can be replayed alone (``episode_seed``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
import math
from typing import Any

from .episode import EpisodeConfig, EpisodeResult, run_episode

CLEARANCE_TOLERANCE = 0.05
"""How far under personal_space the measured clearance may be (perception noise), metres."""


def episode_seed(seed: int, index: int) -> int:
    """Return the seed of episode ``index`` of a run with ``seed``."""
    return seed * 1000003 + index


def run_batch(
    episodes: int, seed: int, config: EpisodeConfig | None = None,
    params: dict[str, Any] | None = None,
    progress: Callable[[Iterable[int]], Iterable[int]] | None = None,
) -> tuple[dict[str, Any], list[EpisodeResult]]:
    """Run ``episodes`` episodes; return the summary and every episode's result."""
    config = config or EpisodeConfig()
    indices: Iterable[int] = range(episodes)
    if progress is not None:
        indices = progress(indices)
    results = [run_episode(episode_seed(seed, i), config, params) for i in indices]
    return summarise(results, seed, config, params), results


def summarise(results: list[EpisodeResult], seed: int, config: EpisodeConfig,
              params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the figures of a batch as one JSON-ready mapping."""
    from ..core.safety.params import SafetyParams

    safety = SafetyParams.from_values(dict(params or {}))
    closest = min(results, key=lambda r: r.min_clearance, default=None)
    clearance = closest.min_clearance if closest is not None else math.inf
    acts: dict[str, int] = {}
    for result in results:
        for act, ticks in result.acts.items():
            acts[act] = acts.get(act, 0) + ticks
    summary: dict[str, Any] = {
        'episodes': len(results),
        'seed': seed,
        'decider': config.decider,
        'episode_s': config.duration,
        'tick_rate_hz': config.tick_rate,
        'scan_probability': config.scan_probability,
        'people': sum(r.people for r in results),
        'personal_space_m': safety.personal_space,
        'robot_radius_m': safety.robot_radius,
        'min_clearance_m': round(clearance, 4) if math.isfinite(clearance) else None,
        'min_clearance_episode': (closest.seed if closest is not None
                                  and math.isfinite(clearance) else None),
        'collisions': sum(r.collisions for r in results),
        'estop_ticks': sum(r.estop_ticks for r in results),
        'estop_violations': sum(r.estop_violations for r in results),
        'max_blind_reverse_m': round(max((r.max_blind_reverse for r in results), default=0.0),
                                     4),
        'blind_reverse_bound_m': safety.blind_reverse_distance,
        'speed_violations': sum(r.speed_violations for r in results),
        'accel_violations': sum(r.accel_violations for r in results),
        'forward_travel_m': round(sum(r.forward_travel for r in results), 2),
        'reverse_travel_m': round(sum(r.reverse_travel for r in results), 2),
        'acts': dict(sorted(acts.items())),
    }
    summary['passed'] = bool(
        (not math.isfinite(clearance)
         or clearance >= safety.personal_space - CLEARANCE_TOLERANCE)
        and summary['collisions'] == 0 and summary['estop_violations'] == 0
        and summary['max_blind_reverse_m'] <= safety.blind_reverse_distance + 1e-6
        and summary['speed_violations'] == 0 and summary['accel_violations'] == 0)
    return summary
