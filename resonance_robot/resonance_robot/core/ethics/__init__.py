# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Ethics as features: the deployment guard, disclosure, the persuasion check, privacy, limits.

* :mod:`.guard`: the EU AI Act Art. 5(1)(f) deployment guard, the stack-wide deployment
  parameters and the Art. 50(3) disclosure.
* :mod:`.persuasion`: recognises what a sentence does (guilt, dependency, selling, urgency,
  scarcity, secrecy, flattery for an action, social proof, pressure, threats) by rules, and
  :mod:`.learned` by a trained head for what the rules miss; every text the robot can say
  passes it.
* :mod:`.privacy`: the privacy mode switch.
* :mod:`.limits`: the intervention rate limit.

The names below are re-exported so ``from ..ethics import X`` keeps working.
"""

from .guard import (
    DEFAULT_DISCLOSURE, deployment_guard, DEPLOYMENT_PARAM_NAMES, DEPLOYMENT_PARAMS,
    DeploymentContext, GuardDecision, inference_state, InferencePurpose, RESTRICTED_CONTEXTS)
from .limits import InterventionLimiter
from .persuasion import check_text, disclosure_problem, persuasion_in
from .privacy import PrivacyState, PrivacySwitch
from .verdict import Category, Finding, Verdict

__all__ = [
    'Category', 'check_text', 'DEFAULT_DISCLOSURE', 'DEPLOYMENT_PARAM_NAMES', 'DEPLOYMENT_PARAMS',
    'deployment_guard', 'DeploymentContext', 'disclosure_problem', 'Finding', 'GuardDecision',
    'inference_state', 'InferencePurpose', 'InterventionLimiter', 'persuasion_in',
    'PrivacyState', 'PrivacySwitch', 'RESTRICTED_CONTEXTS', 'Verdict',
]
