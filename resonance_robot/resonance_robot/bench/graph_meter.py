# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
What ``bench graph`` measures: each stage's and each hop's latency, matched by frame stamp.

Every stage's message carries the stamp of the camera frame it answers, so the probe knows,
for each frame, when it was published and when each stage's first answer arrived:

* a **stage** latency is frame published → that stage's first answer (cumulative);
* a **hop** latency is the previous stage's answer → this stage's answer (what one node and
  the wait before it added), only for frames both answered.

Also the nodes' own figures from ``/diagnostics`` (``latency_p50_ms``/``latency_p95_ms``:
callback to publish inside the node), so a hop's time splits into the node's work and the
waiting around it.
"""

from __future__ import annotations

import pathlib
import threading
import time
from typing import Any

STAGES = ('faces', 'persons', 'face_expression')
"""The stages followed from the camera frame, in graph order."""

HOPS = (('camera', 'faces', 'face_affect'), ('faces', 'persons', 'affect_fusion'),
        ('persons', 'face_expression', 'social_behavior'))
"""(from, to, node) for each hop; 'camera' is the frame's publication."""


def hop_name(source: str, target: str) -> str:
    """Return the key of a hop, e.g. ``camera->faces``."""
    return f'{source}->{target}'


class GraphMeter:
    """Matches each stage's messages to the frame they answer, by the frame's stamp."""

    def __init__(self, started: float, by_stamp: bool = False) -> None:
        from ..core.stats import LatencyStats

        self.started = started
        self.latencies = {stage: LatencyStats(size=100_000) for stage in STAGES}
        self.hops = {hop_name(a, b): LatencyStats(size=100_000) for a, b, _ in HOPS}
        self.counts: dict[str, int] = {}
        self.published: dict[float, float] = {}  # frame stamp -> monotonic time published
        self.arrived: dict[tuple[str, float], float] = {}  # (stage, stamp) -> first arrival
        self.node_figures: dict[str, dict[str, str]] = {}
        self.first_decision: float | None = None
        self.frames_sent = 0
        self.by_stamp = by_stamp
        """True: frames come from camera_source in the stack, and a frame's stamp (taken as
        it is published) is its publication time, on the system clock."""
        self.measuring = threading.Event()
        self.lock = threading.Lock()

    def sent(self, stamp_s: float) -> None:
        """Note that the frame stamped ``stamp_s`` is published now."""
        with self.lock:
            if self.measuring.is_set():
                self.frames_sent += 1
            self.published[round(stamp_s, 6)] = time.monotonic()
            if len(self.published) > 2000:
                old = sorted(self.published)[:1000]
                for key in old:
                    del self.published[key]
                for stage in STAGES:
                    for key in old:
                        self.arrived.pop((stage, key), None)

    def on_message(self, topic: str, msg: Any) -> None:
        """Count a message; the first answering a frame gives that stage's latency."""
        from ..conversions.common import time_to_seconds

        received = time.time() if self.by_stamp else time.monotonic()
        with self.lock:
            if topic == 'social_action' and self.first_decision is None:
                self.first_decision = time.monotonic() - self.started
            if topic == '/diagnostics':
                self._diagnostics(msg)
                return
            if not self.measuring.is_set():
                return
            self.counts[topic] = self.counts.get(topic, 0) + 1
            if topic not in self.latencies:
                return
            key = round(time_to_seconds(msg.header.stamp), 6)
            sent = key if self.by_stamp else self.published.get(key)
            # The first message answering a frame; later ones (timer republishes of the same
            # evidence) are not new latency.
            if sent is None or (topic, key) in self.arrived:
                return
            self.arrived[(topic, key)] = received
            self.latencies[topic].add(received - sent)
            for source, target, _ in HOPS:
                if target == topic:
                    before = sent if source == 'camera' else self.arrived.get((source, key))
                    if before is not None:
                        self.hops[hop_name(source, target)].add(received - before)

    def _diagnostics(self, msg: Any) -> None:
        for status in msg.status:
            node = status.hardware_id
            if node in ('face_display', 'camera_source') or any(n == node for _, _, n in HOPS):
                self.node_figures[node] = {kv.key: kv.value for kv in status.values}

    def breakdown(self) -> dict[str, Any]:
        """Return per-hop latency summaries with the node's own work beside each."""
        out: dict[str, Any] = {}
        for source, target, node in HOPS:
            figures = self.hops[hop_name(source, target)].summary().as_ms()
            own = self.node_figures.get(node, {})
            for key in ('latency_p50_ms', 'latency_p95_ms'):
                if key in own:
                    figures[f'node_{key}'] = float(own[key])
            out[f'{hop_name(source, target)} ({node})'] = figures
        return out

    def samples_ms(self) -> dict[str, list[float]]:
        """Return every hop's and the whole path's latencies, ms (for the histogram)."""
        samples = {hop_name(a, b): [v * 1e3 for v in self.hops[hop_name(a, b)].values()]
                   for a, b, _ in HOPS}
        samples['camera->face_expression'] = [
            v * 1e3 for v in self.latencies['face_expression'].values()]
        return samples


def plot_histograms(samples: dict[str, list[float]], path: pathlib.Path, title: str) -> None:
    """Write one latency histogram per hop (and the whole path) to ``path`` (PNG)."""
    import matplotlib

    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    import numpy as np

    fig, axes = plt.subplots(len(samples), 1, figsize=(7.0, 2.0 * len(samples)), sharex=True)
    top = max((max(v) for v in samples.values() if v), default=1.0)
    bins = np.linspace(0.0, min(top, 200.0), 81)
    for ax, (name, values) in zip(np.atleast_1d(axes), samples.items()):
        data = np.clip(np.asarray(values, float), 0.0, bins[-1])
        ax.hist(data, bins=bins, color='#4878a8')
        if len(data):
            p50, p95 = np.percentile(data, [50, 95])
            for value, style in ((p50, '-'), (p95, '--')):
                ax.axvline(value, color='#c44e52', linestyle=style, linewidth=1)
            ax.set_title(f'{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms (n={len(data)})',
                         fontsize=9)
        ax.set_ylabel('frames')
    np.atleast_1d(axes)[-1].set_xlabel('latency, ms (last bin: that or more)')
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
