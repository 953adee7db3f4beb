# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Which captured audio to ignore because the robot itself was speaking."""

from __future__ import annotations

from ...errors import ConfigError


class RobotSpeechGate:
    """
    When the robot was speaking, so that what the microphone heard then is ignored.

    :meth:`robot_speaking` records the flag with the time it changed; :meth:`is_muted` says
    whether audio captured at a time falls inside a speaking interval or the ``tail_s``
    after it (room echo, the flag arriving late). Thread-safe enough for one writer and one
    reader: intervals are replaced, never mutated in place.
    """

    def __init__(self, tail_s: float = 0.5, keep: int = 32) -> None:
        if tail_s < 0.0:
            raise ConfigError(f'tail must be >= 0 s, got {tail_s}')
        self.tail_s = tail_s
        self._keep = keep
        self._intervals: tuple[tuple[float, float | None], ...] = ()

    @property
    def speaking(self) -> bool:
        """Whether the robot is speaking now (an interval is open)."""
        return bool(self._intervals) and self._intervals[-1][1] is None

    def robot_speaking(self, speaking: bool, at: float) -> None:
        """Record that the robot started (True) or stopped (False) speaking at ``at``."""
        intervals = list(self._intervals)
        if speaking and not self.speaking:
            intervals.append((at, None))
        elif not speaking and self.speaking:
            intervals[-1] = (intervals[-1][0], at)
        self._intervals = tuple(intervals[-self._keep:])

    def is_muted(self, at: float) -> bool:
        """Whether audio captured at ``at`` must be ignored."""
        for start, end in reversed(self._intervals):
            if at >= start and (end is None or at <= end + self.tail_s):
                return True
        return False
