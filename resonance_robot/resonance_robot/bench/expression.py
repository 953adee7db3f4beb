# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Face render rate (animation step + drawing, one core) and speech synthesis latency per style.

Targets: the face at >= 30 fps at 480x320 on one core; synthesis well under the ~200 ms
people leave between turns.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

NAME = 'expression'
HELP = 'face render rate and speech synthesis latency per style'

SENTENCE = 'I am here with you. Take your time, there is no hurry at all.'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot bench expression``."""
    parser.add_argument('--frames', type=int, default=300,
                        help='frames rendered per resolution (default: %(default)s)')
    parser.add_argument('--sizes', default='480x320,800x480',
                        help='resolutions, comma-separated WxH (default: %(default)s)')
    parser.add_argument('--repeats', type=int, default=10,
                        help='syntheses per style (default: %(default)s)')


def _render_figures(width: int, height: int, frames: int) -> dict[str, float]:
    import cv2

    from ..core.affect import Expression
    from ..core.expression.face.animation import FaceAnimator
    from ..core.expression.face.pose import FaceTarget
    from ..core.expression.face.render import FaceRenderer
    from ..core.stats import LatencyStats

    cv2.setNumThreads(1)  # the target is for one core
    renderer = FaceRenderer(width, height)
    animator = FaceAnimator(0.0, blink_interval=2.0, idle_gaze=0.15, seed=1)
    out = renderer.render(animator.step(0.0))
    names = [e for e in Expression if e is not Expression.UNKNOWN]
    stats = LatencyStats(size=frames)
    started = time.perf_counter()
    for index in range(frames):
        now = index / 30.0
        if index % 30 == 0:  # a new expression every second, speaking every other one
            animator.set_target(FaceTarget(expression=names[(index // 30) % len(names)]), now)
            animator.set_speaking((index // 30) % 2 == 1, now)
        t0 = time.perf_counter()
        renderer.render(animator.step(now), out)
        stats.add(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    summary = stats.summary()
    return {'fps': frames / elapsed, 'p50_ms': summary.p50 * 1e3, 'p95_ms': summary.p95 * 1e3}


def _speech_figures(repeats: int) -> dict[str, Any]:
    from ..core.expression.voice.speech import EspeakSynthesizer, SpeechStyle
    from ..core.stats import LatencyStats

    synth = EspeakSynthesizer()
    figures: dict[str, Any] = {}
    for style in SpeechStyle:
        stats = LatencyStats(size=repeats)
        duration = 0.0
        for _ in range(repeats):
            speech = synth.synthesize(SENTENCE, style)
            stats.add(speech.synthesis_seconds)
            duration = speech.duration
        summary = stats.summary()
        figures[style.value] = {
            'p50_ms': summary.p50 * 1e3, 'p95_ms': summary.p95 * 1e3,
            'audio_s': duration, 'real_time_factor': summary.p50 / duration}
    return figures


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure and return the figures."""
    from ..core.errors import ConfigError

    figures: dict[str, Any] = {}
    for size in args.sizes.split(','):
        try:
            width, height = (int(v) for v in size.lower().split('x'))
        except ValueError:
            raise ConfigError(f'--sizes: expected WxH, got {size!r}') from None
        figures[f'render_{width}x{height}'] = _render_figures(width, height, args.frames)
    figures['synthesis'] = _speech_figures(args.repeats)
    figures['targets'] = {'render_fps_min': 30.0, 'synthesis_p95_ms_max': 200.0}
    return figures
