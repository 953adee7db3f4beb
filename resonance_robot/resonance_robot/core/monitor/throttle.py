# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Per-client, per-stream rate limits that drop rather than queue.

Each stream (state, camera, robot face) has a version that grows with every update. A
:class:`StreamGate` lets the newest version through at most once per ``min_interval`` and only
when the previous send has been written out; versions that were never sent are counted as
dropped. A slow browser therefore sees fewer, fresher updates instead of a growing backlog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import math

from ..errors import ConfigError


@dataclass
class StreamGate:
    """The send decision for one stream to one client."""

    min_interval: float
    last_sent_time: float = -math.inf
    last_version: int = 0
    in_flight: bool = False
    sent: int = 0
    dropped: int = field(default=0)

    def __post_init__(self) -> None:
        if not (self.min_interval >= 0.0 and math.isfinite(self.min_interval)):
            raise ConfigError(f'min_interval must be finite and >= 0, not {self.min_interval}')

    @classmethod
    def for_rate(cls, rate_hz: float) -> StreamGate:
        """Return a gate passing at most ``rate_hz`` updates per second."""
        if not rate_hz > 0.0:
            raise ConfigError(f'rate must be positive, not {rate_hz}')
        return cls(1.0 / rate_hz)

    def should_send(self, version: int, now: float) -> bool:
        """Whether ``version`` goes out now (newer than the last, interval over, none pending)."""
        return (version > self.last_version and not self.in_flight
                and now - self.last_sent_time >= self.min_interval)

    def mark_sent(self, version: int, now: float) -> None:
        """Record that ``version`` was handed to the connection; versions skipped are drops."""
        if version > self.last_version + 1 and self.last_version > 0:
            self.dropped += version - self.last_version - 1
        self.last_version = version
        self.last_sent_time = now
        self.in_flight = True
        self.sent += 1

    def mark_written(self) -> None:
        """Record that the last send was written out (the connection can take another)."""
        self.in_flight = False
