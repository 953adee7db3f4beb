# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Running statistics: percentiles, sliding-window rates, latency summaries, counters."""

import math

import pytest
from resonance_robot.core.stats import EventCounts, LatencyStats, percentile, RateMeter


def test_percentile_interpolates_like_numpy():
    import numpy as np

    values = [5.0, 1.0, 3.0, 2.0, 4.0, 10.0]
    for q in (0.0, 25.0, 50.0, 95.0, 100.0):
        assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
    assert math.isnan(percentile([], 50.0))
    with pytest.raises(ValueError):
        percentile([1.0], 120.0)


def test_rate_meter_counts_events_in_its_window():
    meter = RateMeter(window=1.0)
    for i in range(11):
        meter.tick(10.0 + i * 0.1)  # 10 Hz for one second
    assert meter.rate(11.0) == pytest.approx(10.0)
    assert meter.rate(13.0) == 0.0  # window passed: no events left


def test_latency_stats_keep_the_last_samples_and_ignore_bad_ones():
    stats = LatencyStats(size=3)
    stats.extend([9.0, 0.001, 0.002, 0.003, -1.0, math.nan])
    summary = stats.summary()
    assert summary.count == 3
    assert summary.p50 == pytest.approx(0.002)
    assert summary.max == pytest.approx(0.003)
    assert summary.as_ms()['p50_ms'] == pytest.approx(2.0)


def test_event_counts():
    counts = EventCounts()
    counts.add('bad_encoding')
    assert counts.add('bad_encoding', 2) == 3
    counts.add('dropped')
    assert counts.items() == [('bad_encoding', 3), ('dropped', 1)]
    assert counts.total() == 4
    assert counts.get('missing') == 0
