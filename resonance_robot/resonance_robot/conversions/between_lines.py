# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""PersonAffect's between-the-lines fields to and from :class:`Signals` (sarcasm, frustration)."""

from __future__ import annotations

import math
from typing import Any

from resonance_robot_msgs.msg import PersonAffect

from .common import seconds_to_time, time_to_seconds
from ..core.affect import Expression
from ..core.fusion.between_lines import Flash, Signals
from ..core.perception.voice.incongruence import (
    Incongruence, NEGATIVE_WORDS, POSITIVE_WORDS, REVERSE, SARCASM)


def signals_to_fields(signals: Signals) -> dict[str, Any]:
    """Return the PersonAffect fields of ``signals`` (keyword arguments of the message)."""
    flash = signals.flash
    return {
        'sarcasm_probability': float(signals.sarcasm.probability),
        'incongruence_evidence': list(signals.sarcasm.evidence),
        'sarcasm_time': _stamp(signals.sarcasm_time),
        'frustration': float(signals.frustration),
        'frustration_evidence': list(signals.frustration_evidence),
        'frustration_time': _stamp(signals.frustration_time),
        'flash_expression': flash.expression.value if flash is not None else '',
        'flash_time': _stamp(flash.time if flash is not None else -math.inf),
        'flash_duration': float(flash.duration) if flash is not None else 0.0,
        'pause_between': float(signals.pause_between),
        'pause_within': float(signals.pause_within),
    }


def _stamp(seconds: float) -> Any:
    """Return a time stamp; zero for 'never' (-inf)."""
    return seconds_to_time(max(0.0, seconds) if math.isfinite(seconds) else 0.0)


def _unit(value: float) -> float:
    return min(1.0, max(0.0, float(value))) if math.isfinite(value) else 0.0


def msg_to_signals(msg: PersonAffect) -> Signals:
    """Return the signals carried by a PersonAffect (values clamped to their ranges)."""
    evidence = tuple(str(e) for e in msg.incongruence_evidence)
    words = next((float(e.split('=', 1)[1]) for e in evidence if e.startswith('words=')), 0.0)
    kind = SARCASM if words >= POSITIVE_WORDS else REVERSE if words <= NEGATIVE_WORDS else ''
    probability = _unit(msg.sarcasm_probability) if kind else 0.0
    flash = None
    if msg.flash_expression:
        try:
            flash = Flash(Expression.parse(msg.flash_expression),
                          time_to_seconds(msg.flash_time), max(0.0, float(msg.flash_duration)))
        except ValueError:
            flash = None
    heard = time_to_seconds(msg.sarcasm_time) if kind else -math.inf
    cue = time_to_seconds(msg.frustration_time)
    between = float(msg.pause_between)
    return Signals(
        Incongruence(kind, probability, evidence if kind else (), words), heard,
        _unit(msg.frustration), tuple(str(e) for e in msg.frustration_evidence), flash,
        between if math.isfinite(between) and between > 0.0 else 0.0, _unit(msg.pause_within),
        cue if cue > 0.0 else -math.inf)
