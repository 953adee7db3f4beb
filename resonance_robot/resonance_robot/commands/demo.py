# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Run the embedded demo: the stack fed by the stand-in camera and microphone.

The camera shows ``skimage.data.astronaut()`` and the microphone plays a synthetic voiced
sound; every installed node runs in one process. The demo prints what each topic carried and
exits 0 when every started node's outputs were seen.
"""

from __future__ import annotations

import argparse
import pathlib
import tempfile
import time

NAME = 'demo'
HELP = 'run the embedded demo end to end and summarise it'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot demo``."""
    parser.add_argument('--duration', type=float, default=3.0,
                        help='seconds to run (default: %(default)s)')


def _voiced_sound(path: pathlib.Path, seconds: float = 1.5, rate: int = 16000) -> None:
    import numpy as np

    from ..core.audio import write_wav

    t = np.arange(int(seconds * rate)) / rate
    pitch = 140.0 + 30.0 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(pitch) / rate
    voice = sum(np.sin(k * phase) / k for k in range(1, 8)) * 0.2
    envelope = np.clip(np.sin(np.pi * t / seconds) * 3.0, 0.0, 1.0)
    write_wav(path, (voice * envelope).astype(np.float32), rate)


def run(args: argparse.Namespace) -> int:
    """Start the graph, watch it for ``--duration`` seconds, print a summary."""
    from ..bringup import stack
    from ..probe import TopicProbe
    from ..runner import is_available, StackRunner

    with tempfile.TemporaryDirectory(prefix='resonance-demo-') as tmp:
        wav = pathlib.Path(tmp) / 'voice.wav'
        _voiced_sound(wav)
        specs = tuple(s for s in stack(camera=True, audio=True) if is_available(s))
        overrides = {'camera_source': {'source': 'builtin:astronaut', 'rate': 15.0},
                     'audio_source': {'source': str(wav), 'loop': True}}
        topics = [t for s in specs for t in s.publishes
                  if not t.name.startswith('/') and not t.optional]
        started = time.monotonic()
        with StackRunner(specs, overrides=overrides) as runner:
            probe = runner.add_node(TopicProbe(topics, 'demo_probe', context=runner.context))
            print(f'demo: {len(specs)} nodes running: {", ".join(runner.nodes)}')
            probe.wait_for(lambda: all(probe.count(t.name) for t in topics), timeout=10.0)
            first = {t.name: probe.count(t.name) for t in topics}
            time.sleep(args.duration)
            counts = {t.name: probe.count(t.name) - first[t.name] for t in topics}
            runner.remove_node(probe)
        elapsed = time.monotonic() - started
    print(f'\n{"topic":24s} {"type":40s} {"messages":>8s} {"rate":>8s}')
    for topic in topics:
        rate = counts[topic.name] / args.duration
        print(f'{topic.name:24s} {topic.type:40s} {counts[topic.name]:8d} {rate:7.1f}/s')
    silent = [name for name, count in counts.items() if count == 0]
    print(f'\ndemo: {sum(counts.values())} messages on {len(topics)} topics in {elapsed:.1f} s'
          + (f'; silent: {", ".join(silent)}' if silent else ''))
    return 1 if silent else 0
