# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The social behaviour tree, assembled from the act registry (:data:`.acts.ACTS`).

No ROS here: :func:`create_root` builds the tree from the acts' branches in their order;
:class:`~.runtime.SocialTree` runs it. The tree with the built-in acts::

    Resonance (parallel)
    ├── Gather (sequence): Read inputs → Spot commands → Privacy mode → Deployment guard
    │                      → Assess                          (the only writers of perception)
    └── Priorities (selector; each branch a condition, then its action)
        ├── Safety: e-stop or spoken 'stop' → Halt;
        │           privacy mode → (help words → Hand over) or Privacy hold
        ├── Hand over      sustained anger (hand_over_after), 'help' or distress words,
        │                  frustration still rising after an acknowledgement (asks first)
        ├── Withdraw       'go away', 'leave me alone'
        ├── Acknowledge    sarcastic praise, frustration (calm, brief, never repeated)
        ├── Give space     anger (give_space_after), negative reaction to an approach
        ├── Comfort        sustained sadness or fear → disclosed? else Introduce → Comfort
        ├── Share joy      sustained happiness       → disclosed? else Introduce → Share joy
        ├── Greet          a new person, once (with the disclosure)
        ├── Attend         an engaged person
        └── Idle

The deployment guard acts in the data-gathering branch: when it refuses, affect is blanked
before anything reads it, so no inference-driven branch can fire, while command- and
presence-driven ones (halt, withdraw, hand-over on 'help', greet, attend, idle) still work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import py_trees
from py_trees.common import ParallelPolicy

from . import keys
from .act import Act
from .acts import ACTS
from .gathering import Assess, DeploymentGuard, PrivacyMode, ReadInputs, SpotCommands
from ..core.decision.params import SocialParams


def social_params(params: SocialParams | Mapping[str, Any] | None) -> SocialParams:
    """Return ``params`` as :class:`SocialParams` (a mapping fills in the defaults)."""
    if isinstance(params, SocialParams):
        return params
    return SocialParams.from_values(params or {})


def create_root(
    params: SocialParams | Mapping[str, Any] | None = None, namespace: str = keys.NAMESPACE,
    acts: Sequence[Act] = ACTS,
) -> py_trees.behaviour.Behaviour:
    """
    Build the whole social tree (see the module doc); no ROS, no side effects.

    ``params`` are :class:`SocialParams` or a mapping of parameter values (defaults for the
    rest). Blackboard keys live under ``namespace``. ``acts`` are the acts in priority order
    (the built-in registry by default; a caller may add its own).
    """
    p = social_params(params)
    ns = namespace
    gather = py_trees.composites.Sequence('Gather', memory=True, children=[
        ReadInputs(namespace=ns), SpotCommands(namespace=ns), PrivacyMode(namespace=ns),
        DeploymentGuard(p, namespace=ns), Assess(p, acts, namespace=ns)])
    safety = py_trees.composites.Selector('Safety', memory=False, children=[
        act.branch(p, ns) for act in acts if act.safety])
    priorities = py_trees.composites.Selector('Priorities', memory=False, children=[
        safety, *(act.branch(p, ns) for act in acts if not act.safety)])
    return py_trees.composites.Parallel(
        'Resonance', policy=ParallelPolicy.SuccessOnAll(synchronise=False),
        children=[gather, priorities])


def ascii_tree(params: SocialParams | Mapping[str, Any] | None = None,
               acts: Sequence[Act] = ACTS) -> str:
    """Return the tree's structure as ASCII text."""
    return py_trees.display.ascii_tree(create_root(params, acts=acts))


def dot_text(params: SocialParams | Mapping[str, Any] | None = None,
             acts: Sequence[Act] = ACTS) -> str:
    """Return the tree as Graphviz dot source."""
    graph = py_trees.display.dot_tree(create_root(params, acts=acts))
    text: str = graph.to_string()
    return text
