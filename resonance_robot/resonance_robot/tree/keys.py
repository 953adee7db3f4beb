# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Blackboard keys of the social tree, relative to its namespace (default ``/social``).

=================  ================================  ==========================
key                value (``core.decision``, …)      written by
=================  ================================  ==========================
``inputs``         ``situation.SocialInputs``        ReadInputs
``events``         tuple of ``events.CommandEvent``  SpotCommands
``privacy``        ``core.ethics.PrivacyState``      PrivacyMode
``guard``          ``core.ethics.GuardDecision``     DeploymentGuard
``memory``         ``memory.InteractionMemory``      Assess (once, at setup)
``situation``      ``situation.Situation``           Assess (with the acts' candidates)
``output/command`` ``actions.ActionCommand``         the running act
=================  ================================  ==========================

``memory`` is an object: actions update it through its methods (greeted, cooldowns …).
"""

NAMESPACE = '/social'
INPUTS = 'inputs'
EVENTS = 'events'
PRIVACY = 'privacy'
GUARD = 'guard'
MEMORY = 'memory'
SITUATION = 'situation'
COMMAND = 'output/command'
