# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Intervention rate limit: the robot does not nag (Gray et al. 2018: "nagging")."""

from __future__ import annotations

from collections import deque


class InterventionLimiter:
    """At most ``max_count`` emotional interventions in any ``window`` seconds."""

    def __init__(self, max_count: int, window: float) -> None:
        if max_count < 0 or window <= 0.0:
            raise ValueError(f'need max_count >= 0 and window > 0, got {max_count}, {window}')
        self.max_count = max_count
        self.window = window
        self._times: deque[float] = deque()

    def _trim(self, now: float) -> None:
        while self._times and self._times[0] <= now - self.window:
            self._times.popleft()

    def count(self, now: float) -> int:
        """Interventions in the window ending at ``now``."""
        self._trim(now)
        return len(self._times)

    def allows(self, now: float) -> bool:
        """Whether one more intervention may start at ``now``."""
        return self.count(now) < self.max_count

    def free_in(self, now: float) -> float:
        """Seconds until the next intervention is allowed (0 when allowed now)."""
        if self.allows(now):
            return 0.0
        return self._times[len(self._times) - self.max_count] + self.window - now

    def record(self, now: float) -> None:
        """Count one intervention started at ``now``."""
        self._times.append(now)
