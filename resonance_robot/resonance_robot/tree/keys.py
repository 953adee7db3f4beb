# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Blackboard keys of the social tree, relative to its namespace (default ``/social``).

=================  =====================================  ==========================
key                value                                  written by
=================  =====================================  ==========================
``inputs``         :class:`~..core.social.SocialInputs`    ReadInputs
``events``         tuple of :class:`CommandEvent`          SpotCommands
``privacy``        :class:`~..core.ethics.PrivacyState`    PrivacyMode
``guard``          :class:`~..core.ethics.GuardDecision`   DeploymentGuard
``memory``         :class:`InteractionMemory`              Assess (once, at setup)
``situation``      :class:`~..core.social.Situation`       Assess
``output/command`` :class:`~..core.actions.ActionCommand`  the running action
=================  =====================================  ==========================

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
