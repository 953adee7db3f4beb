# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Privacy mode: set by service or by voice; while on, nothing is inferred, stored or approached.

``social_behavior`` owns the switch and publishes the mode on the latched ``privacy`` topic;
``face_affect`` (no image is read), ``voice_affect`` (commands only, so "you can watch me
again" still works) and ``affect_fusion`` (baselines dropped) obey it at the source.
"""

from __future__ import annotations

from dataclasses import dataclass
import math
import threading


@dataclass(frozen=True)
class PrivacyState:
    """Privacy mode now: on/off, why, who asked, when it last changed, change counter."""

    enabled: bool = False
    reason: str = ''
    source: str = ''
    changed_at: float = -math.inf
    changes: int = 0


class PrivacySwitch:
    """
    The privacy mode, set from any thread (service calls, spoken commands).

    Each change increments ``changes`` so a consumer can announce every change exactly once.
    """

    def __init__(self, enabled: bool = False) -> None:
        self._lock = threading.Lock()
        self._state = PrivacyState(enabled=enabled, reason='start-up' if enabled else '')

    @property
    def state(self) -> PrivacyState:
        """Return the current state."""
        with self._lock:
            return self._state

    def request(self, enabled: bool, reason: str, source: str, now: float) -> PrivacyState:
        """Switch the mode (a request for the current mode changes nothing); return it."""
        with self._lock:
            if enabled != self._state.enabled:
                self._state = PrivacyState(
                    enabled=enabled, reason=reason.strip() or source, source=source,
                    changed_at=now, changes=self._state.changes + 1)
            return self._state
