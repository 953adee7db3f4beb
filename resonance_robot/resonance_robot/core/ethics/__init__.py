# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Ethics as features: the deployment guard, disclosure, privacy mode and intervention limits.

* **Deployment guard** (EU AI Act, Regulation (EU) 2024/1689, Art. 5(1)(f)): placing on the
  market or using AI systems that infer the emotions of a natural person in the areas of
  workplace and education institutions is prohibited, except where the system is intended
  for medical or safety reasons. :func:`deployment_guard` refuses inference for the
  ``workplace`` and ``education`` contexts unless ``medical_or_safety`` is declared.
* **Disclosure** (Art. 50(3)): deployers of an emotion recognition system inform the natural
  persons exposed to it. :data:`DEFAULT_DISCLOSURE` is what the robot says at the first
  interaction with each person; it is configurable and checked by :func:`persuasion_in`.
* **No manipulation**: :func:`persuasion_in` rejects texts that sell, pressure or try to keep
  someone engaged; templates and configured texts must pass it.
* **Privacy mode**: :class:`PrivacySwitch` holds the mode set by service or voice; while it is
  on the robot infers nothing, moves towards no one and stores nothing.
* **Rate limit**: :class:`InterventionLimiter` caps emotional interventions per time window so
  the robot does not nag.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
import enum
import math
import re
import threading


class DeploymentContext(str, enum.Enum):
    """Where the robot is used; decides whether emotion inference is lawful."""

    HOME = 'home'
    CARE = 'care'
    PUBLIC = 'public'
    WORKPLACE = 'workplace'
    EDUCATION = 'education'


RESTRICTED_CONTEXTS = frozenset({DeploymentContext.WORKPLACE, DeploymentContext.EDUCATION})
"""Contexts where EU AI Act Art. 5(1)(f) prohibits emotion inference."""


class InferencePurpose(str, enum.Enum):
    """The declared reason for inferring emotions."""

    NONE = 'none'
    MEDICAL_OR_SAFETY = 'medical_or_safety'


@dataclass(frozen=True)
class GuardDecision:
    """Whether emotion inference is allowed here, and why (cited in every reason)."""

    allowed: bool
    context: DeploymentContext
    purpose: InferencePurpose
    explanation: str


def deployment_guard(context: str, purpose: str = 'none') -> GuardDecision:
    """Decide whether emotions may be inferred in ``context`` for the declared ``purpose``."""
    try:
        where = DeploymentContext(context.strip().lower())
    except ValueError:
        valid = ', '.join(c.value for c in DeploymentContext)
        raise ValueError(f'unknown deployment_context {context!r}; valid: {valid}') from None
    try:
        why = InferencePurpose(purpose.strip().lower())
    except ValueError:
        valid = ', '.join(p.value for p in InferencePurpose)
        raise ValueError(f'unknown inference purpose {purpose!r}; valid: {valid}') from None
    if where not in RESTRICTED_CONTEXTS:
        return GuardDecision(True, where, why, f'emotion inference on ({where.value})')
    if why is InferencePurpose.MEDICAL_OR_SAFETY:
        return GuardDecision(True, where, why, f'emotion inference on in {where.value}: '
                             'declared for medical or safety reasons (EU AI Act Art. 5(1)(f))')
    return GuardDecision(False, where, why, f'emotion inference off in {where.value}: EU AI '
                         'Act Art. 5(1)(f) allows it only for medical or safety reasons')


DEFAULT_DISCLOSURE = (
    "Just so you know, I'm a robot. I read faces and voices to respond to how you feel, and I "
    "record nothing. Say 'stop watching me' to turn that off.")
"""Art. 50(3) notice said at the first interaction with each person."""

_PERSUASION = [
    r'\bbuy\w*', r'\bpurchas\w*', r'\bsale\b', r'\bdiscount\w*', r'\bdeal\b', r'\boffer\w*',
    r'\bprice\w*', r'\bsubscri\w*', r'\bupgrade\w*', r'\border now\b', r'\bspecial\b',
    r'\blimited time\b', r'\bsign up\b', r'\bproduct\w*', r'\bbrand\w*', r'\bsponsor\w*',
    r'\byou should\b', r'\byou must\b', r'\byou need to\b', r'\bdon.?t leave\b',
    r'\bstay with me\b', r'\bdon.?t go\b', r'\bonly i\b', r'\bcalm down\b',
]
_PERSUASION_RE = re.compile('|'.join(_PERSUASION), re.IGNORECASE)


def persuasion_in(text: str) -> str | None:
    """Return the phrase that makes ``text`` persuasive, selling or pressuring, or None."""
    match = _PERSUASION_RE.search(text)
    return match.group(0) if match else None


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
