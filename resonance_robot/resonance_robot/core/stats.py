# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Running statistics for diagnostics and benchmarks: rates, latency percentiles, counters.

Times are plain floats in seconds from any monotonic clock the caller chooses, so the same
code serves ROS time in nodes and ``time.perf_counter`` in benchmarks.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
import math


def percentile(values: Sequence[float], q: float) -> float:
    """Return the value below which ``q`` % (0..100) of ``values`` lie; NaN if none."""
    if not values:
        return math.nan
    if not 0.0 <= q <= 100.0:
        raise ValueError(f'percentile must be in [0, 100], got {q}')
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


class RateMeter:
    """Events per second over a sliding time window."""

    def __init__(self, window: float = 5.0) -> None:
        if window <= 0.0:
            raise ValueError(f'window must be positive, got {window}')
        self._window = window
        self._times: deque[float] = deque()

    def tick(self, now: float) -> None:
        """Record one event at time ``now``."""
        self._times.append(now)
        self._trim(now)

    def rate(self, now: float) -> float:
        """Events per second in the window ending at ``now`` (0 with fewer than two)."""
        self._trim(now)
        if len(self._times) < 2:
            return 0.0
        span = max(now, self._times[-1]) - self._times[0]
        return (len(self._times) - 1) / span if span > 0.0 else 0.0

    def _trim(self, now: float) -> None:
        while self._times and self._times[0] < now - self._window:
            self._times.popleft()


class LatencyStats:
    """The last ``size`` latency samples (seconds) and their percentiles."""

    def __init__(self, size: int = 500) -> None:
        if size < 1:
            raise ValueError(f'size must be at least 1, got {size}')
        self._samples: deque[float] = deque(maxlen=size)

    def add(self, seconds: float) -> None:
        """Record one latency; NaN and negative values are ignored."""
        if seconds >= 0.0:
            self._samples.append(seconds)

    def extend(self, values: Iterable[float]) -> None:
        """Record several latencies."""
        for value in values:
            self.add(value)

    def __len__(self) -> int:
        return len(self._samples)

    def values(self) -> list[float]:
        """Return the recorded latencies, oldest first, seconds."""
        return list(self._samples)

    def summary(self) -> LatencySummary:
        """Percentiles of the recorded samples, in seconds."""
        values = list(self._samples)
        return LatencySummary(
            count=len(values),
            p50=percentile(values, 50.0),
            p95=percentile(values, 95.0),
            max=max(values) if values else math.nan,
        )


@dataclass(frozen=True)
class LatencySummary:
    """Count and percentiles of a set of latencies, seconds."""

    count: int
    p50: float
    p95: float
    max: float  # noqa: A003 - the field name reads best in reports

    def as_ms(self) -> dict[str, float]:
        """Return the summary in milliseconds, rounded for reports."""
        return {'count': self.count, 'p50_ms': round(self.p50 * 1e3, 3),
                'p95_ms': round(self.p95 * 1e3, 3), 'max_ms': round(self.max * 1e3, 3)}


class EventCounts:
    """Named counters (dropped frames, bad inputs by reason …) for diagnostics."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def add(self, name: str, amount: int = 1) -> int:
        """Increase counter ``name`` and return its new value."""
        self._counts[name] += amount
        return self._counts[name]

    def get(self, name: str) -> int:
        """Return the value of counter ``name`` (0 if never counted)."""
        return self._counts[name]

    def items(self) -> list[tuple[str, int]]:
        """All counters, sorted by name."""
        return sorted(self._counts.items())

    def total(self) -> int:
        """Sum of all counters."""
        return sum(self._counts.values())
