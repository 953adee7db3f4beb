# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
What the robot says next: utterance requests, ordered by priority, that may interrupt.

The policy, all in :class:`SpeechQueue` so it is tested without ROS or audio:

- Requests wait in priority order (HIGH before NORMAL before LOW), first come first served
  within a priority.
- A request of higher priority than the one being spoken interrupts it (a safety or privacy
  announcement never waits behind small talk); the interrupted utterance is dropped, not
  resumed, because the moment it was meant for has passed.
- A request with ``interrupt`` set stops the current utterance unless that one has a higher
  priority, and discards the waiting requests of its own priority or lower ("say this
  instead"). Requests of higher priority are never discarded by a lower one.
- The queue is bounded: when full, the oldest request of the lowest priority is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import itertools

from .speech import Priority, SpeechStyle
from ...errors import InvalidInput

PRIORITY_LOW = int(Priority.LOW)
PRIORITY_NORMAL = int(Priority.NORMAL)
PRIORITY_HIGH = int(Priority.HIGH)


@dataclass(frozen=True)
class SpeechRequest:
    """One thing to say: text, style, overrides (0 = style default), priority, interrupt."""

    text: str
    style: SpeechStyle = SpeechStyle.NEUTRAL
    rate: float = 0.0
    pitch: float = 0.0
    volume: float = 0.0
    priority: int = PRIORITY_NORMAL
    interrupt: bool = False

    def __post_init__(self) -> None:
        """Reject what no sender means: a priority outside 0..255, a non-style."""
        if not isinstance(self.style, SpeechStyle):
            raise InvalidInput(f'style must be a SpeechStyle, got {self.style!r}')
        if not (isinstance(self.priority, int) and 0 <= self.priority <= 255):
            raise InvalidInput(f'priority must be an integer in [0, 255], got {self.priority!r}')


@dataclass(frozen=True)
class Offer:
    """What accepting a request means for what is being said now."""

    interrupt_current: bool = False
    """Stop the utterance being spoken now."""
    dropped: tuple[SpeechRequest, ...] = field(default=())
    """Waiting requests discarded (by an interrupt, or because the queue was full)."""


class SpeechQueue:
    """Orders requests by priority and decides interruptions (see the module docstring)."""

    def __init__(self, max_length: int = 8) -> None:
        if max_length < 1:
            raise InvalidInput(f'max_length must be at least 1, got {max_length}')
        self.max_length = max_length
        self.current: SpeechRequest | None = None
        self._waiting: list[tuple[int, int, SpeechRequest]] = []
        self._order = itertools.count()

    def __len__(self) -> int:
        """Return the number of waiting requests (not counting the one being spoken)."""
        return len(self._waiting)

    @property
    def waiting(self) -> tuple[SpeechRequest, ...]:
        """Return the waiting requests in the order they will be spoken."""
        return tuple(request for _, _, request in self._waiting)

    @property
    def busy(self) -> bool:
        """Whether something is being said or waits to be said."""
        return self.current is not None or bool(self._waiting)

    def offer(self, request: SpeechRequest) -> Offer:
        """Accept ``request``; say whether to stop the current utterance and what was dropped."""
        dropped: list[SpeechRequest] = []
        current = self.current
        interrupt = False
        if request.interrupt:
            kept = [item for item in self._waiting if item[2].priority > request.priority]
            dropped += [item[2] for item in self._waiting if item[2].priority <= request.priority]
            self._waiting = kept
            interrupt = current is not None and current.priority <= request.priority
        elif current is not None and request.priority > current.priority:
            interrupt = True
        self._waiting.append((-request.priority, next(self._order), request))
        self._waiting.sort(key=lambda item: (item[0], item[1]))
        if len(self._waiting) > self.max_length:
            lowest = max(item[0] for item in self._waiting)
            oldest = min(item for item in self._waiting if item[0] == lowest)
            self._waiting.remove(oldest)
            dropped.append(oldest[2])
        return Offer(interrupt_current=interrupt, dropped=tuple(dropped))

    def take(self) -> SpeechRequest | None:
        """Take the next request to speak (it becomes :attr:`current`); None when empty."""
        self.current = self._waiting.pop(0)[2] if self._waiting else None
        return self.current

    def finish(self) -> None:
        """Mark the current utterance as done (spoken or interrupted)."""
        self.current = None

    def clear(self) -> tuple[SpeechRequest, ...]:
        """Drop every waiting request and return them."""
        dropped = self.waiting
        self._waiting = []
        return dropped
