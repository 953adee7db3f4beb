# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The deployment guard (EU AI Act, Regulation (EU) 2024/1689, Art. 5(1)(f)) and the disclosure.

Placing on the market or using AI systems that infer the emotions of a natural person in the
areas of workplace and education institutions is prohibited, except where the system is
intended for medical or safety reasons. :func:`deployment_guard` refuses inference for the
``workplace`` and ``education`` contexts unless ``medical_or_safety`` is declared.

One deployment context holds for the whole stack: :data:`DEPLOYMENT_PARAMS` are declared by
every node that infers or acts on affect, and the bring-up gives every node the one shared
parameter file ``config/deployment.yaml`` (see :mod:`resonance_robot.stack.bringup`), so they
read the same values. The guard is enforced where inference happens (``face_affect`` and
``voice_affect`` infer no affect at all), and again in fusion and the behaviour tree.
"""

from __future__ import annotations

from dataclasses import dataclass
import enum

from ..params import ParamSpec


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


DEPLOYMENT_PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec('deployment_context', 'home', 'Where the robot is used; workplace and education '
              'refuse emotion inference unless inference_purpose is medical_or_safety (EU AI '
              'Act Art. 5(1)(f)).', choices=tuple(c.value for c in DeploymentContext)),
    ParamSpec('inference_purpose', 'none', 'Declared reason for inferring emotions.',
              choices=tuple(p.value for p in InferencePurpose)),
)
"""The stack-wide deployment parameters (shared file ``config/deployment.yaml``)."""

DEPLOYMENT_PARAM_NAMES = frozenset(spec.name for spec in DEPLOYMENT_PARAMS)


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


def inference_state(guard: GuardDecision, privacy: bool, enabled: bool = True) -> str:
    """
    Say whether a perception node infers affect now, and why not (for logs and diagnostics).

    ``'on'``, or ``'off (…)'`` naming the first reason: the node is disabled, privacy mode,
    or the deployment guard.
    """
    if not enabled:
        return 'off (enabled: false)'
    if privacy:
        return 'off (privacy)'
    if not guard.allowed:
        return f'off ({guard.explanation})'
    return 'on'


DEFAULT_DISCLOSURE = (
    "Just so you know, I'm a robot. I read faces and voices to respond to how you feel, and I "
    "record nothing. Say 'stop watching me' to turn that off.")
"""Art. 50(3) notice said at the first interaction with each person."""
