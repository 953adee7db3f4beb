# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The social tree as JSON: each behaviour's status and feedback, and the decision state.

``social_behavior`` publishes this on ``behavior_tree/json`` for the dashboard (which marks the
running branch, :mod:`resonance_robot.core.monitor.tree`). Only public attributes of
:class:`~.runtime.SocialTree` are read, so this module does not depend on how the tree is built.
"""

from __future__ import annotations

import json
from typing import Any

import py_trees

from .runtime import SocialTree

_COMPOSITES = (
    (py_trees.composites.Selector, 'Selector'), (py_trees.composites.Sequence, 'Sequence'),
    (py_trees.composites.Parallel, 'Parallel'))


def _kind(behaviour: py_trees.behaviour.Behaviour) -> str:
    for cls, name in _COMPOSITES:
        if isinstance(behaviour, cls):
            return name
    return type(behaviour).__name__


def behaviour_json(behaviour: py_trees.behaviour.Behaviour) -> dict[str, Any]:
    """Return ``behaviour`` and its children as nested ``{name, kind, status, ...}``."""
    return {'name': behaviour.name, 'kind': _kind(behaviour),
            'status': behaviour.status.value, 'feedback': behaviour.feedback_message,
            'children': [behaviour_json(child) for child in behaviour.children]}


def tree_json(tree: SocialTree) -> str:
    """Return the tree with statuses and the state the dashboard shows, as JSON text."""
    guard = tree.params.guard
    privacy = tree.privacy.state
    state = {
        'deployment_context': tree.params.deployment_context,
        'inference_purpose': tree.params.inference_purpose,
        'guard_allowed': guard.allowed, 'guard': guard.explanation,
        'privacy': privacy.enabled, 'privacy_reason': privacy.reason,
        'disclosed': sorted(tree.memory.disclosed), 'greeted': sorted(tree.memory.greeted),
        'ticks': tree.ticks,
    }
    return json.dumps({'root': behaviour_json(tree.root), 'state': state})
