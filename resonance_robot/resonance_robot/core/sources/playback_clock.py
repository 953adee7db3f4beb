# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The stamps of a file played at a pace: the file's own timeline laid on the wall clock.

A player's timer that fires late (a busy machine) delays the chunks, not the samples' places
in the file. Stamping each chunk with the time it happened to be sent would squeeze a word
said in a burst of late chunks and stretch one said across a stall; the voice pipeline
measures durations, pauses and rates from these stamps. :class:`PlaybackClock` stamps chunk
*n* at the start time plus the duration of the chunks before it, and starts over from the
wall clock only when the player has fallen more than ``max_lag`` behind (a stall a listener
would hear as a gap) or would run ahead of it.
"""

from __future__ import annotations

__all__ = ['PlaybackClock']


class PlaybackClock:
    """Start times of consecutive chunks of a played file, in wall-clock seconds."""

    def __init__(self, max_lag: float = 0.5) -> None:
        if max_lag <= 0.0:
            raise ValueError(f'max_lag must be positive, got {max_lag}')
        self.max_lag = max_lag
        self._start: float | None = None
        self._played = 0.0

    def reset(self) -> None:
        """Forget the timeline: the next chunk starts a new one (a new file, a new speed)."""
        self._start = None
        self._played = 0.0

    def stamp(self, now: float, duration: float) -> float:
        """
        Return when the chunk sent at ``now`` began, on the file's timeline.

        ``duration`` is how long the chunk lasts at the playback speed (seconds of wall
        clock). The first chunk of a timeline began ``duration`` before it was sent.
        """
        if duration < 0.0:
            raise ValueError(f'a chunk cannot last {duration} s')
        if self._start is not None:
            due = self._start + self._played + duration  # when this chunk's last sample plays
            if now - due > self.max_lag or due - now > self.max_lag:
                self.reset()
        if self._start is None:
            self._start = now - duration
        began = self._start + self._played
        self._played += duration
        return began
